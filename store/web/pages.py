"""A fetched page as articles: the adapter from ``FetchedPage`` to the HTML reader.

The page's bytes and the charset its server declared go to the HTML reader's bytes entry point
(``article_from_html``), which decodes them. The article's ``path`` becomes the
page's final URL (what the user sees as where it came from), its ``url`` that URL, and a page
stating no date takes the date of its feed item or sitemap entry.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

from store.readers.common import ReadError, ReadFailure
from store.readers.discover import SourceFile
from store.records import Article
from store.web.collect import FetchedPage


def _articles(page: FetchedPage, recall: bool) -> list[Article]:
    from store.readers.html import article_from_html  # lazily: trafilatura comes with it

    # The path given is a placeholder: make_article would fold the URL's "//" as a path does.
    # The server's charset goes along: the page may declare none, or a wrong one.
    return [
        article_from_html(
            Path("page.html"),
            page.body,
            url=page.url,
            fallback_date=page.date_hint,
            charset=page.charset,
            recall=recall,
        )
    ]


def read_page(page: FetchedPage, *, recall: bool = False) -> list[Article | ReadError]:
    """The article in a fetched HTML page, or one ReadError naming the URL; never raises.

    ``recall`` favours taking more of the page's text over taking only the article.
    """
    try:
        articles = _articles(page, recall)
    except ReadFailure as exc:
        return [ReadError(page.url, str(exc))]
    except (OSError, RecursionError, MemoryError, ValueError) as exc:
        return [ReadError(page.url, f"could not read the page ({type(exc).__name__})")]
    out: list[Article | ReadError] = []
    for article in articles:
        out.append(
            dataclasses.replace(
                article,
                path=page.url,
                url=page.url,
                date=article.date or page.date_hint,
            )
        )
    return out


def page_source(page: FetchedPage) -> SourceFile:
    """The page as the ingest's files table records it: keyed by the address as listed, with
    the body's size and the download time, so a page taken from the cache again is unchanged."""
    try:
        fetched_ns = int(datetime.fromisoformat(page.fetched).timestamp() * 1_000_000_000)
    except ValueError:
        fetched_ns = 0
    return SourceFile(page.requested_url, len(page.body), fetched_ns)
