"""The web as a source: pages, RSS/Atom feeds, sitemaps and URL lists, fetched politely from a local server.

Every test serves its pages from an http.server on 127.0.0.1 started here (never the internet),
built from the BBC corpus when it is there and from synthetic articles otherwise.
"""

from __future__ import annotations

import gzip
import html
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import BBC, synthetic_article

from store.web import (
    FetchedPage,
    FetchOptions,
    FetchProblem,
    collect_pages,
    default_cache_dir,
    read_url_list,
)
from store.web.fetch import Fetcher
from store.web.pages import page_source, read_page

FAST = FetchOptions(
    delay=0.0,
    connect_timeout=2.0,
    read_timeout=2.0,
    total_timeout=20.0,
    retries=1,
    backoff=0.01,
    max_retry_after=5.0,
)


# ----- the local web site ---------------------------------------------------------------------


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a slow server)
    length: bool = True  # send Content-Length (else the body ends when the connection closes)
    etag: str | None = None  # answer 304 to a matching If-None-Match
    script: list[int] | None = None  # statuses for the first requests (then ``status``)


class Site:
    """A tiny web site on 127.0.0.1 that counts what it is asked for."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.downloads: Counter[str] = Counter()  # 200 responses with a body
        self.agents: list[str] = []
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with site.lock:
                    site.hits[self.path] += 1
                    site.agents.append(self.headers.get("User-Agent", ""))
                    route = site.routes.get(self.path)
                    nth = site.hits[self.path]
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", "9")
                    self.end_headers()
                    self.wfile.write(b"not found")
                    return
                if route.delay:
                    time.sleep(route.delay)
                status = route.status
                if route.script and nth <= len(route.script):
                    status = route.script[nth - 1]
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.end_headers()
                    return
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", route.content_type)
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    if route.etag:
                        self.send_header("ETag", route.etag)
                    if route.length:
                        self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    if 200 <= status < 300:
                        with site.lock:
                            site.downloads[self.path] += 1
                    for start in range(0, len(route.body), 65536):
                        self.wfile.write(route.body[start : start + 65536])
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading: that is what a size cap does

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes | str, **kwargs: object) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    s.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    yield s
    s.close()


def _texts(count: int) -> list[str]:
    texts: list[str] = []
    if BBC.is_dir():
        for path in sorted((BBC / "business").glob("*.txt"))[:count]:
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    i = 0
    while len(texts) < count:
        texts.append(synthetic_article(i))
        i += 1
    return texts


def article_page(text: str) -> str:
    """An HTML article page from a corpus text (headline, blank line, paragraphs)."""
    title, _, body = text.strip().partition("\n")
    paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>" for p in body.split("\n") if p.strip())
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title></head><body><article>"
        f"<h1>{html.escape(title)}</h1>{paragraphs}</article></body></html>"
    )


def title_of(text: str) -> str:
    return text.strip().split("\n", 1)[0].strip()


def add_articles(site: Site, folder: str, count: int, offset: int = 0) -> list[tuple[str, str]]:
    """``count`` article pages under ``/folder/``: [(url, title)]."""
    out = []
    for i, text in enumerate(_texts(offset + count)[offset:], start=offset):
        url = site.add(f"/{folder}/{i:03d}.html", article_page(text))
        out.append((url, title_of(text)))
    return out


def rss(items: list[tuple[str, str]], dates: bool = True) -> str:
    entries = "".join(
        f"<item><title>{html.escape(title)}</title><link>{html.escape(url)}</link>"
        + (f"<pubDate>Mon, 0{i + 1} Mar 2021 10:00:00 GMT</pubDate>" if dates else "")
        + "</item>"
        for i, (url, title) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Test news</title><link>http://x/</link>{entries}</channel></rss>"
    )


def atom(items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f'<entry><title>{html.escape(title)}</title><link rel="alternate" href="{html.escape(url)}"/>'
        f"<id>{html.escape(url)}</id><updated>2022-05-1{i}T08:00:00Z</updated></entry>"
        for i, (url, title) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Test</title><id>urn:x</id><updated>2022-05-10T08:00:00Z</updated>{entries}</feed>"
    )


def sitemap(urls: list[str]) -> str:
    entries = "".join(
        f"<url><loc>{html.escape(u)}</loc><lastmod>2023-01-0{i % 9 + 1}</lastmod></url>"
        for i, u in enumerate(urls)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    )


def sitemap_index(urls: list[str]) -> str:
    entries = "".join(f"<sitemap><loc>{html.escape(u)}</loc></sitemap>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
    )


def collect(
    sources: list[str], cache: Path, options: FetchOptions = FAST, **kwargs: object
) -> tuple[list[FetchedPage], list[FetchProblem]]:
    pages: list[FetchedPage] = []
    problems: list[FetchProblem] = []
    for item in collect_pages(sources, cache_dir=cache, options=options, **kwargs):  # type: ignore[arg-type]
        if isinstance(item, FetchedPage):
            pages.append(item)
        else:
            problems.append(item)
    return pages, problems


def lines(problems: list[FetchProblem]) -> list[str]:
    return [str(p) for p in problems]


# ----- feeds, sitemaps, lists ---------------------------------------------------------------


def test_an_rss_feed_fetches_its_items_as_articles(site: Site, tmp_path: Path) -> None:
    items = add_articles(site, "news", 3)
    feed = site.add("/feed.xml", rss(items), content_type="application/rss+xml")
    pages, problems = collect([feed], tmp_path / "cache")
    assert problems == []
    assert [p.url for p in pages] == [u for u, _ in items]
    first = pages[0]
    assert first.status == 200 and first.content_type == "text/html"
    assert first.charset == "utf-8" and first.source == feed and not first.from_cache
    assert first.fetched[:4].isdigit() and first.fetched.endswith("+00:00")
    assert first.date_hint == "2021-03-01"
    articles = [a for p in pages for a in read_page(p)]
    assert [a.title for a in articles] == [t for _, t in items]
    assert [a.path for a in articles] == [u for u, _ in items]
    assert all(a.url for a in articles) and all(a.date for a in articles)


def test_an_atom_feed_fetches_its_items(site: Site, tmp_path: Path) -> None:
    items = add_articles(site, "atom", 2)
    feed = site.add("/atom.xml", atom(items), content_type="application/atom+xml")
    pages, problems = collect([feed], tmp_path / "cache")
    assert problems == []
    assert [p.url for p in pages] == [u for u, _ in items]
    assert [p.date_hint for p in pages] == ["2022-05-10", "2022-05-11"]


def test_a_sitemap_obeys_robots_txt(site: Site, tmp_path: Path) -> None:
    public = add_articles(site, "news", 2)
    private = add_articles(site, "private", 2, offset=2)
    urls = [u for u, _ in public + private]
    smap = site.add("/sitemap.xml", sitemap(urls), content_type="application/xml")
    pages, problems = collect([smap], tmp_path / "cache")
    assert [p.url for p in pages] == [u for u, _ in public]
    assert lines(problems) == [f"{u}: disallowed by robots.txt" for u, _ in private]
    assert not any(path.startswith("/private/") for path in site.hits)  # never asked for
    assert site.hits["/robots.txt"] == 1  # once per site and run


def test_a_sitemap_index_and_a_gzipped_sitemap(site: Site, tmp_path: Path) -> None:
    first = add_articles(site, "a", 2)
    second = add_articles(site, "b", 2, offset=2)
    site.add("/s1.xml", sitemap([u for u, _ in first]), content_type="text/xml")
    site.add(
        "/s2.xml.gz",
        gzip.compress(sitemap([u for u, _ in second]).encode()),
        content_type="application/x-gzip",
    )
    index = site.add(
        "/index.xml",
        sitemap_index([site.url("/s1.xml"), site.url("/s2.xml.gz")]),
        content_type="text/xml",
    )
    pages, problems = collect([index], tmp_path / "cache")
    assert problems == []
    assert [p.url for p in pages] == [u for u, _ in first + second]
    assert {p.source for p in pages} == {index}


def test_a_url_list_file(site: Site, tmp_path: Path) -> None:
    items = add_articles(site, "list", 2)
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "# articles to read\n\n"
        f"{items[0][0]}\n"
        f"   {items[1][0]}   # the second one\n"
        "ftp://example.com/a.html\n"
        "file:///etc/passwd\n"
        "\n",
        encoding="utf-8",
    )
    urls = read_url_list(listing)
    assert urls == [items[0][0], items[1][0], "ftp://example.com/a.html", "file:///etc/passwd"]
    pages, problems = collect(urls, tmp_path / "cache")
    assert [p.url for p in pages] == [u for u, _ in items]
    assert lines(problems) == [
        "ftp://example.com/a.html: not a web address (scheme 'ftp'; only http and https are fetched)",
        "file:///etc/passwd: not a web address (scheme 'file'; only http and https are fetched)",
    ]


def test_a_page_given_directly_and_a_followed_redirect(site: Site, tmp_path: Path) -> None:
    [(url, title)] = add_articles(site, "direct", 1)
    moved = site.add("/old", b"", status=301, headers={"Location": url})
    pages, problems = collect([moved], tmp_path / "cache")
    assert problems == []
    assert pages[0].url == url and pages[0].requested_url == moved
    [article] = read_page(pages[0])
    assert article.title == title and article.path == url


def test_a_second_collect_downloads_no_page_it_already_has(site: Site, tmp_path: Path) -> None:
    items = add_articles(site, "news", 3)
    site.add("/feed.xml", rss(items), content_type="application/rss+xml", etag='"v1"')
    feed = site.url("/feed.xml")
    cache = tmp_path / "cache"
    first, _ = collect([feed], cache)
    assert [p.from_cache for p in first] == [False] * 3
    second, problems = collect([feed], cache)
    assert problems == []
    assert [p.url for p in second] == [u for u, _ in items]
    assert [p.from_cache for p in second] == [True] * 3
    assert [p.body for p in second] == [p.body for p in first]
    # the ingest sees the same (key, size, time) for them: unchanged, not read again
    assert [page_source(p) for p in second] == [page_source(p) for p in first]
    for url, _ in items:
        assert site.downloads[url[len(site.base) :]] == 1, url
    assert site.hits["/feed.xml"] == 2 and site.downloads["/feed.xml"] == 1  # 304 the second time
    # A new item: only it is downloaded.
    more = add_articles(site, "news", 1, offset=3)
    site.add("/feed.xml", rss(items + more), content_type="application/rss+xml", etag='"v2"')
    third, _ = collect([feed], cache)
    assert [p.from_cache for p in third] == [True, True, True, False]
    assert sum(site.downloads[u[len(site.base) :]] for u, _ in items + more) == 4


def test_a_damaged_cache_entry_is_fetched_again(site: Site, tmp_path: Path) -> None:
    [(url, _)] = add_articles(site, "news", 1)
    cache = tmp_path / "cache"
    collect([url], cache)
    [body] = cache.rglob("*.body")
    body.write_bytes(b"<html>tampered</html>")
    pages, _ = collect([url], cache)
    assert not pages[0].from_cache and b"tampered" not in pages[0].body
    assert site.downloads["/news/000.html"] == 2
    assert not [p for p in cache.rglob("*") if p.name.startswith(".")]  # no temporary files left


def test_the_cache_lives_beside_the_store() -> None:
    assert default_cache_dir(Path("/data/newsexplore.json")) == Path("/data/newsexplore.json.web")


# ----- politeness -------------------------------------------------------------------------


def test_the_user_agent_names_newsexplore(site: Site, tmp_path: Path) -> None:
    [(url, _)] = add_articles(site, "news", 1)
    collect([url], tmp_path / "cache", options=FetchOptions(delay=0, retries=0))
    assert site.agents and all(a.startswith("newsexplore/") for a in site.agents)


def test_requests_to_one_site_are_spaced_by_the_delay(site: Site, tmp_path: Path) -> None:
    items = add_articles(site, "news", 3)
    sleeps: list[float] = []
    fetcher = Fetcher(FetchOptions(delay=1.5, retries=0), sleep=sleeps.append, clock=lambda: 100.0)
    pages, _ = collect([u for u, _ in items], tmp_path / "cache", fetcher=fetcher)
    fetcher.close()
    assert len(pages) == 3
    # robots.txt, then three pages: every request after the first waits the delay
    assert sleeps == [1.5, 1.5, 1.5]


def test_a_crawl_delay_in_robots_txt_is_honoured(site: Site, tmp_path: Path) -> None:
    site.add("/robots.txt", "User-agent: newsexplore\nCrawl-delay: 4\n", content_type="text/plain")
    items = add_articles(site, "news", 2)
    sleeps: list[float] = []
    fetcher = Fetcher(FetchOptions(delay=0.5, retries=0), sleep=sleeps.append, clock=lambda: 0.0)
    collect([u for u, _ in items], tmp_path / "cache", fetcher=fetcher)
    assert sleeps == [4.0, 4.0]


def test_a_site_whose_robots_txt_fails_is_not_crawled(site: Site, tmp_path: Path) -> None:
    site.add("/robots.txt", "oops", status=500, content_type="text/plain")
    [(url, _)] = add_articles(site, "news", 1)
    pages, problems = collect([url], tmp_path / "cache")
    assert pages == []
    assert lines(problems) == [
        f"{url}: disallowed by robots.txt: robots.txt could not be fetched "
        "(HTTP 500 Internal Server Error (tried 2 times))"
    ]
    assert site.hits["/news/000.html"] == 0


def test_retries_with_backoff_on_503_and_429(site: Site, tmp_path: Path) -> None:
    [(url, _)] = add_articles(site, "news", 1)
    site.routes["/news/000.html"].script = [503, 429]
    site.routes["/news/000.html"].headers = {"Retry-After": "0"}
    sleeps: list[float] = []
    fetcher = Fetcher(FetchOptions(delay=0, retries=3, backoff=0.25), sleep=sleeps.append)
    pages, problems = collect([url], tmp_path / "cache", fetcher=fetcher)
    assert problems == [] and len(pages) == 1
    assert site.hits["/news/000.html"] == 3
    assert [s for s in sleeps if s > 0] == [0.25, 0.5]  # exponential


def test_a_long_retry_after_gives_up_with_one_line(site: Site, tmp_path: Path) -> None:
    [(url, _)] = add_articles(site, "news", 1)
    site.routes["/news/000.html"].status = 429
    site.routes["/news/000.html"].headers = {"Retry-After": "3600"}
    pages, problems = collect([url], tmp_path / "cache")
    assert pages == []
    assert lines(problems) == [
        f"{url}: HTTP 429 Too Many Requests (the server asks to wait 3600 s; gave up)"
    ]
    assert site.hits["/news/000.html"] == 1


# ----- every bad case: one line each, the rest goes on --------------------------------------


def test_a_404_feed_is_one_line_and_the_rest_is_read(site: Site, tmp_path: Path) -> None:
    items = add_articles(site, "news", 2)
    feed = site.add("/feed.xml", rss(items), content_type="application/rss+xml")
    pages, problems = collect([site.url("/gone.xml"), feed], tmp_path / "cache")
    assert lines(problems) == [f"{site.url('/gone.xml')}: HTTP 404 Not Found"]
    assert len(pages) == 2


def test_a_redirect_loop_is_stopped(site: Site, tmp_path: Path) -> None:
    site.add("/loop1", b"", status=302, headers={"Location": "/loop2"})
    site.add("/loop2", b"", status=302, headers={"Location": "/loop1"})
    items = add_articles(site, "news", 1)
    pages, problems = collect([site.url("/loop1"), items[0][0]], tmp_path / "cache")
    assert lines(problems) == [f"{site.url('/loop1')}: redirect loop"]
    assert len(pages) == 1
    assert site.hits["/loop1"] == 1 and site.hits["/loop2"] == 1


def test_too_many_redirects_and_a_redirect_to_a_local_file(site: Site, tmp_path: Path) -> None:
    for i in range(15):
        site.add(f"/hop{i}", b"", status=302, headers={"Location": f"/hop{i + 1}"})
    site.add("/sneaky", b"", status=302, headers={"Location": "file:///etc/passwd"})
    pages, problems = collect([site.url("/hop0"), site.url("/sneaky")], tmp_path / "cache")
    assert pages == []
    assert lines(problems) == [
        f"{site.url('/hop0')}: too many redirects (more than 10)",
        f"{site.url('/sneaky')}: redirected to an address that is not fetched: "
        "not a web address (scheme 'file'; only http and https are fetched)",
    ]


def test_a_slow_server_times_out_and_the_rest_continue(site: Site, tmp_path: Path) -> None:
    items = add_articles(site, "news", 2)
    site.routes["/news/000.html"].delay = 3.0
    options = FetchOptions(delay=0, read_timeout=0.3, retries=1, backoff=0.01)
    started = time.monotonic()
    pages, problems = collect([u for u, _ in items], tmp_path / "cache", options=options)
    assert time.monotonic() - started < 30  # a guard against hanging, not a speed test
    assert lines(problems) == [
        f"{items[0][0]}: timed out (no response within 0.3 s) (tried 2 times)"
    ]
    assert [p.url for p in pages] == [items[1][0]]


def test_a_huge_response_is_cut_off(site: Site, tmp_path: Path) -> None:
    big = article_page("Big page\n\n" + "word " * 400_000).encode()
    site.add("/declared.html", big)
    site.add("/undeclared.html", big, length=False)
    items = add_articles(site, "news", 1)
    options = FetchOptions(delay=0, retries=0, max_bytes=256 * 1024)
    sources = [site.url("/declared.html"), site.url("/undeclared.html"), items[0][0]]
    pages, problems = collect(sources, tmp_path / "cache", options=options)
    assert lines(problems) == [
        f"{sources[0]}: too large ({len(big) / 1024 / 1024:.1f} MB; the limit is 262144 bytes)",
        f"{sources[1]}: too large (over 262144 bytes; stopped reading)",
    ]
    assert [p.url for p in pages] == [items[0][0]]


def test_non_html_is_skipped_with_one_line(site: Site, tmp_path: Path) -> None:
    items = add_articles(site, "news", 1)
    pdf = site.add("/report.pdf", b"%PDF-1.4 " + b"x" * 1000, content_type="application/pdf")
    image = site.add("/pic.png", b"\x89PNG" + b"\0" * 100, content_type="image/png")
    feed = site.add(
        "/feed.xml", rss([(pdf, "A report"), *items]), content_type="application/rss+xml"
    )
    pages, problems = collect([feed, image], tmp_path / "cache")
    assert lines(problems) == [
        f"{pdf}: not a web page (content type application/pdf)",
        f"{image}: not a web page (content type image/png)",
    ]
    assert [p.url for p in pages] == [items[0][0]]


def test_a_malformed_feed_is_one_line(site: Site, tmp_path: Path) -> None:
    bad = site.add(
        "/bad.xml", b"<rss><channel><item><title>oops", content_type="application/rss+xml"
    )
    junk = site.add("/junk.xml", b"\x00\x01\x02 not xml at all", content_type="application/rss+xml")
    items = add_articles(site, "news", 1)
    pages, problems = collect([bad, junk, items[0][0]], tmp_path / "cache")
    assert [p.url for p in pages] == [items[0][0]]
    assert len(problems) == 2
    assert str(problems[0]) == f"{bad}: malformed feed (no element found)"
    assert str(problems[1]) == f"{junk}: not a web page (content type application/rss+xml)"


XXE = (
    '<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    "<url><loc>http://127.0.0.1:1/&xxe;</loc></url></urlset>"
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    + "]>"
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol9;</loc></url></urlset>'
).replace("&lol0;", "&lol;")


def test_xxe_and_billion_laughs_are_refused(site: Site, tmp_path: Path) -> None:
    xxe = site.add("/xxe.xml", XXE, content_type="application/xml")
    laughs = site.add("/laughs.xml", LAUGHS, content_type="application/xml")
    feed = site.add(
        "/evil-feed.xml",
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<rss version='2.0'><channel><item><link>http://127.0.0.1:1/&x;</link></item></channel></rss>",
        content_type="application/rss+xml",
    )
    started = time.monotonic()
    pages, problems = collect([xxe, laughs, feed], tmp_path / "cache")
    assert time.monotonic() - started < 30
    assert pages == []
    assert [p.url for p in problems] == [xxe, laughs, feed]
    assert all("unsafe" in p.reason and "entities" in p.reason for p in problems)


def test_a_feed_body_naming_a_local_file_is_not_opened(site: Site, tmp_path: Path) -> None:
    secret = add_articles(site, "secret", 1)
    local = tmp_path / "local-feed.xml"
    local.write_text(rss(secret), encoding="utf-8")
    feed = site.add("/feed.xml", str(local), content_type="application/rss+xml")
    pages, problems = collect([feed], tmp_path / "cache")
    assert pages == []
    assert site.hits["/secret/000.html"] == 0  # feedparser did not open the named file
    assert len(problems) == 1 and problems[0].url == feed
    # and feedparser itself, handed such a body, is not allowed to open the file it names
    from store.web.feeds import FeedError, parse_feed

    with pytest.raises(FeedError, match="malformed feed"):
        parse_feed(str(local).encode(), feed, "application/rss+xml")


def test_addresses_are_normalised_and_fetched_once(site: Site, tmp_path: Path) -> None:
    [(url, _)] = add_articles(site, "news", 1)
    shouty = url.replace("http://127.0.0.1", "HTTP://127.0.0.1") + "#comments"
    pages, problems = collect([url, shouty, "http://user:pw@127.0.0.1/x"], tmp_path / "cache")
    assert len(pages) == 1 and site.hits["/news/000.html"] == 1
    assert lines(problems) == [
        "http://user:pw@127.0.0.1/x: addresses with a user name or password are not fetched"
    ]


def test_a_connection_refused_is_one_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/a.html"
    pages, problems = collect([url], tmp_path / "cache", options=FAST)
    assert pages == []
    assert lines(problems) == [f"{url}: could not connect (connection refused) (tried 2 times)"]


def test_progress_reports_every_page(site: Site, tmp_path: Path) -> None:
    items = add_articles(site, "news", 3)
    feed = site.add("/feed.xml", rss(items), content_type="application/rss+xml")
    calls: list[tuple[int, int, str]] = []
    collect(
        [feed, "ftp://x/y"],
        tmp_path / "cache",
        on_progress=lambda done, total, url: calls.append((done, total, url)),
    )
    assert [c[0] for c in calls] == [1, 2, 3, 4]
    assert calls[-1][:2] == (4, 4)
    assert [c[2] for c in calls[:3]] == [u for u, _ in items]


def test_read_url_list_refuses_binary_and_missing_files(tmp_path: Path) -> None:
    from store.web import UrlListError

    binary = tmp_path / "b.txt"
    binary.write_bytes(b"http://a/\x00")
    with pytest.raises(UrlListError, match="binary file"):
        read_url_list(binary)
    with pytest.raises(UrlListError, match="cannot read"):
        read_url_list(tmp_path / "missing.txt")


def test_a_page_without_an_article_is_one_read_error(site: Site, tmp_path: Path) -> None:
    url = site.add("/empty.html", "<html><body><nav>Home</nav></body></html>")
    pages, _ = collect([url], tmp_path / "cache")
    [error] = read_page(pages[0])
    assert str(error) == f"{url}: no article text found in the page"
