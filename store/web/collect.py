"""Collect web pages from addresses: article pages, RSS/Atom feeds and sitemaps, cached so a re-run downloads only what is new.

``collect_pages`` yields, in order, a ``FetchedPage`` for every article page it has (downloaded
now or found in the cache) and a ``FetchProblem`` for every address it could not use, one line
each; it never raises for a bad address, page, feed or site. Article pages already in the cache
are not downloaded again; feeds and sitemaps are fetched every time (conditionally, with the
ETag / Last-Modified of the cached copy) since they are what changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from store.sanitize import one_line
from store.storage import StoreError
from store.web.cache import CacheEntry, PageCache
from store.web.feeds import FeedError, parse_feed
from store.web.fetch import Fetcher, FetchError, FetchOptions, Response
from store.web.sitemaps import parse_sitemap
from store.web.sniff import SNIFF_BYTES, accept_page, accept_source, kind_of, not_a_page
from store.web.urls import UrlError, normalise_url

MAX_SITEMAP_DEPTH = 3  # an index of indexes of sitemaps; deeper is a loop or a trap

ProgressCallback = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """An HTML page to read as an article."""

    url: str  # final, after redirects
    requested_url: str  # as listed (normalised): the cache key
    source: str  # the address the user gave: this page, or the feed or sitemap listing it
    fetched: str  # when it was downloaded, ISO 8601 UTC (from the cache: when it was then)
    status: int
    content_type: str
    charset: str | None  # as declared by the server (the page may declare another inside)
    body: bytes
    from_cache: bool = False  # not downloaded by this run
    cache_path: str | None = None  # the body's file in the cache (None if it could not be cached)
    title_hint: str | None = None  # from the feed item or news sitemap, if any
    date_hint: str | None = None  # yyyy-mm-dd from the feed item or sitemap, if any


@dataclass(frozen=True, slots=True)
class FetchProblem:
    """An address that gave no page; ``fatal=False`` is a note (the rest of it was used)."""

    url: str
    reason: str
    source: str | None = None  # the feed or sitemap that listed it
    fatal: bool = True

    def __str__(self) -> str:
        prefix = "" if self.fatal else "warning: "
        return f"{one_line(self.url)}: {prefix}{one_line(self.reason)}"


def default_cache_dir(db_path: Path | str) -> Path:
    """Where a store keeps its raw pages: ``<db>.web/`` beside it."""
    db = Path(db_path)
    return db.with_name(db.name + ".web")


class _Collector:
    def __init__(
        self,
        fetcher: Fetcher,
        cache: PageCache,
        on_progress: ProgressCallback | None,
        refresh: bool,
    ) -> None:
        self.fetcher = fetcher
        self.cache = cache
        self.on_progress = on_progress
        self.refresh = refresh
        self.seen: set[str] = set()  # page and listing addresses handled this run
        self.done = 0
        self.total = 0

    def _progress(self, url: str) -> None:
        self.done += 1
        if self.on_progress is not None:
            self.on_progress(self.done, max(self.total, self.done), url)

    def _store(self, url: str, kind: str, response: Response) -> str | None:
        try:
            path = self.cache.put(
                url,
                final_url=response.url,
                kind=kind,
                fetched=response.fetched,
                status=response.status,
                content_type=response.content_type,
                charset=response.charset,
                etag=response.etag,
                last_modified=response.last_modified,
                body=response.body,
            )
        except StoreError:
            return None  # the page is still used; it is downloaded again next time
        return str(path)

    # ----- sources ---------------------------------------------------------------------

    def source(self, raw: str) -> Iterator[FetchedPage | FetchProblem]:
        try:
            url = normalise_url(raw)
        except UrlError as exc:
            self._progress(raw)
            yield FetchProblem(raw, str(exc))
            return
        if url in self.seen:
            self._progress(url)
            return
        self.seen.add(url)
        cached = self.cache.get(url)
        if cached is not None and cached.kind == "page" and not self.refresh:
            self._progress(url)
            yield _from_cache(cached, source=url)
            return
        headers = _conditional(cached)
        try:
            response = self.fetcher.get(url, headers=headers, accept=accept_source)
        except FetchError as exc:
            self._progress(url)
            yield FetchProblem(url, str(exc))
            return
        content_type = response.content_type
        if response.status == 304 and cached is not None:
            kind, body, content_type = cached.kind, cached.body, cached.content_type
        else:
            body = response.body
            found = kind_of(response.content_type, body[:SNIFF_BYTES])
            if found is None:
                self._progress(url)
                yield FetchProblem(url, not_a_page(response.content_type))
                return
            kind = found
            path = self._store(url, kind, response)
            if kind == "page":
                self._progress(url)
                yield _page(response, url, source=url, cache_path=path)
                return
        self.total = max(self.total - 1, 0)  # the listing itself is not a page
        if kind == "feed":
            yield from self._feed(url, body, content_type)
        else:
            yield from self._sitemap(url, body, depth=0, top=url)

    def _feed(
        self, url: str, body: bytes, content_type: str
    ) -> Iterator[FetchedPage | FetchProblem]:
        try:
            feed = parse_feed(body, url, content_type)
        except FeedError as exc:
            yield FetchProblem(url, str(exc))
            return
        for warning in feed.warnings:
            yield FetchProblem(url, warning, fatal=False)
        self.total += len(feed.items)
        for item in feed.items:
            yield from self.page(item.link, source=url, title=item.title, date=item.date)

    def _sitemap(
        self, url: str, body: bytes, *, depth: int, top: str
    ) -> Iterator[FetchedPage | FetchProblem]:
        try:
            sitemap = parse_sitemap(body)
        except FeedError as exc:
            yield FetchProblem(url, str(exc), source=None if url == top else top)
            return
        for warning in sitemap.warnings:
            yield FetchProblem(url, warning, fatal=False)
        if not sitemap.is_index:
            self.total += len(sitemap.entries)
            for entry in sitemap.entries:
                yield from self.page(entry.loc, source=top, title=entry.title, date=entry.date)
            return
        if depth >= MAX_SITEMAP_DEPTH:
            yield FetchProblem(url, f"sitemap indexes nested deeper than {MAX_SITEMAP_DEPTH}")
            return
        for entry in sitemap.entries:
            yield from self._child_sitemap(entry.loc, depth=depth + 1, top=top)

    def _child_sitemap(
        self, raw: str, *, depth: int, top: str
    ) -> Iterator[FetchedPage | FetchProblem]:
        try:
            url = normalise_url(raw)
        except UrlError as exc:
            yield FetchProblem(raw, str(exc), source=top)
            return
        if url in self.seen:
            return
        self.seen.add(url)
        cached = self.cache.get(url)
        try:
            response = self.fetcher.get(url, headers=_conditional(cached), accept=accept_source)
        except FetchError as exc:
            yield FetchProblem(url, str(exc), source=top)
            return
        if response.status == 304 and cached is not None:
            body = cached.body
        else:
            body = response.body
            if kind_of(response.content_type, body[:SNIFF_BYTES]) != "sitemap":
                yield FetchProblem(url, "not a sitemap", source=top)
                return
            self._store(url, "sitemap", response)
        yield from self._sitemap(url, body, depth=depth, top=top)

    # ----- pages -----------------------------------------------------------------------

    def page(
        self, raw: str, *, source: str, title: str | None, date: str | None
    ) -> Iterator[FetchedPage | FetchProblem]:
        try:
            url = normalise_url(raw)
        except UrlError as exc:
            self._progress(raw)
            yield FetchProblem(raw, str(exc), source=source)
            return
        if url in self.seen:  # listed twice (in a feed and a sitemap, say): read once
            self._progress(url)
            return
        self.seen.add(url)
        cached = self.cache.get(url)
        if cached is not None and cached.kind == "page" and not self.refresh:
            self._progress(url)
            yield _from_cache(cached, source=source, title=title, date=date)
            return
        try:
            response = self.fetcher.get(url, accept=accept_page)
        except FetchError as exc:
            self._progress(url)
            yield FetchProblem(url, str(exc), source=source)
            return
        kind = kind_of(response.content_type, response.body[:SNIFF_BYTES])
        if kind != "page":
            self._progress(url)
            what = f"a {kind}" if kind else f"content type {response.content_type or 'not given'}"
            yield FetchProblem(url, f"not a web page ({what})", source=source)
            return
        path = self._store(url, "page", response)
        self._progress(url)
        yield _page(response, url, source=source, cache_path=path, title=title, date=date)


def _conditional(cached: CacheEntry | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if cached is not None and cached.kind in ("feed", "sitemap"):
        if cached.etag:
            headers["If-None-Match"] = cached.etag
        if cached.last_modified:
            headers["If-Modified-Since"] = cached.last_modified
    return headers


def _page(
    response: Response,
    url: str,
    *,
    source: str,
    cache_path: str | None,
    title: str | None = None,
    date: str | None = None,
) -> FetchedPage:
    return FetchedPage(
        url=response.url,
        requested_url=url,
        source=source,
        fetched=response.fetched,
        status=response.status,
        content_type=response.content_type,
        charset=response.charset,
        body=response.body,
        from_cache=False,
        cache_path=cache_path,
        title_hint=title,
        date_hint=date,
    )


def _from_cache(
    entry: CacheEntry, *, source: str, title: str | None = None, date: str | None = None
) -> FetchedPage:
    return FetchedPage(
        url=entry.final_url,
        requested_url=entry.url,
        source=source,
        fetched=entry.fetched,
        status=entry.status,
        content_type=entry.content_type,
        charset=entry.charset,
        body=entry.body,
        from_cache=True,
        cache_path=str(entry.body_path),
        title_hint=title,
        date_hint=date,
    )


def collect_pages(
    sources: Iterable[str],
    *,
    cache_dir: Path | str,
    on_progress: ProgressCallback | None = None,
    options: FetchOptions | None = None,
    refresh: bool = False,
    fetcher: Fetcher | None = None,
) -> Iterator[FetchedPage | FetchProblem]:
    """Pages from article, feed and sitemap addresses, each bad one a FetchProblem; see the module.

    ``on_progress(done, total, url)`` is called after each page address is settled (fetched,
    taken from the cache, or refused); ``total`` grows as feeds and sitemaps are read.
    ``refresh`` downloads cached article pages again. ``options`` sets politeness and limits
    (``FetchOptions``); ``fetcher`` shares one Fetcher (robots.txt rules, delays) across calls.
    """
    listed = list(sources)
    own = fetcher is None
    active = fetcher or Fetcher(options)
    collector = _Collector(active, PageCache(cache_dir), on_progress, refresh)
    collector.total = len(listed)
    try:
        for raw in listed:
            yield from collector.source(raw)
    finally:
        if own:
            active.close()


__all__ = [
    "FetchOptions",
    "FetchProblem",
    "FetchedPage",
    "collect_pages",
    "default_cache_dir",
]
