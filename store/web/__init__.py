"""Fetch articles from the web: pages, RSS/Atom feeds and sitemaps, politely, with a raw-page cache.

``collect_pages`` (store.web.collect) is the entry point; ``read_url_list`` reads a
``--urls FILE``; ``read_page`` (store.web.pages) turns a fetched page into articles.
"""

from store.web.collect import (
    FetchedPage,
    FetchProblem,
    collect_pages,
    default_cache_dir,
)
from store.web.fetch import FetchOptions
from store.web.urls import UrlListError, is_web_url, read_url_list

__all__ = [
    "FetchOptions",
    "FetchProblem",
    "FetchedPage",
    "UrlListError",
    "collect_pages",
    "default_cache_dir",
    "is_web_url",
    "read_url_list",
]
