"""Sitemaps and sitemap indexes (sitemaps.org, plain or gzipped): their <loc> addresses, parsed safely.

Parsed with defusedxml: a DTD, an entity declaration or an external reference is refused, so
neither XXE (reading local files or addresses through entities) nor billion laughs (entity
expansion) can happen. A gzipped sitemap is inflated up to a bound (the protocol's 50 MB).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from store.sanitize import one_line
from store.web.feeds import FeedError, refuse_entities
from store.web.sniff import is_gzip

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit, uncompressed
MAX_LOCS = 50_000  # the sitemaps.org limit per file


class SitemapError(FeedError):
    """A sitemap that cannot be read; the message is the one-line reason."""


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    loc: str
    date: str | None = None  # yyyy-mm-dd, from lastmod or news:publication_date
    title: str | None = None  # news:title


@dataclass(slots=True)
class Sitemap:
    is_index: bool
    entries: list[SitemapEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _gunzip(body: bytes) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, MAX_SITEMAP_BYTES + 1)
    except zlib.error as exc:
        raise SitemapError(f"damaged gzip sitemap ({one_line(str(exc))})") from exc
    if len(data) > MAX_SITEMAP_BYTES or inflater.unconsumed_tail:
        raise SitemapError("sitemap too large once decompressed (the limit is 50 MB)")
    return data


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _date(text: str | None) -> str | None:
    from store.readers.common import parse_date

    return parse_date(text) if text else None


def parse_sitemap(body: bytes) -> Sitemap:
    """The entries of a sitemap (pages) or a sitemap index (sitemaps); SitemapError if unsafe or bad."""
    if is_gzip(body):
        body = _gunzip(body)
    try:
        refuse_entities(body, "sitemap")
    except FeedError as exc:
        raise SitemapError(str(exc)) from None
    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    try:
        root = safe_et.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise SitemapError(
            f"unsafe sitemap refused ({type(exc).__name__}: no DTDs, entities or external references)"
        ) from exc
    except Exception as exc:  # xml.etree.ElementTree.ParseError and whatever expat raises
        raise SitemapError(f"malformed sitemap ({one_line(str(exc))[:120]})") from exc
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise SitemapError(f"not a sitemap (its root element is <{one_line(kind)[:40]}>)")
    sitemap = Sitemap(is_index=kind == "sitemapindex")
    child_tag = "sitemap" if sitemap.is_index else "url"
    seen = 0
    for child in root:
        if _local(child.tag) != child_tag:
            continue
        seen += 1
        if len(sitemap.entries) >= MAX_LOCS:
            continue
        loc = date = title = None
        for part in child.iter():
            name = _local(part.tag)
            text = (part.text or "").strip()
            if name == "loc" and loc is None and text:
                loc = text
            elif name in ("lastmod", "publication_date") and text:
                date = _date(text) or date
            elif name == "title" and text:
                title = one_line(text)[:300]
        if loc is None:
            continue
        sitemap.entries.append(SitemapEntry(loc=loc, date=date, title=title))
    if seen > MAX_LOCS:
        sitemap.warnings.append(f"only the first {MAX_LOCS} of {seen} entries were read")
    if not sitemap.entries:
        sitemap.warnings.append("the sitemap lists no addresses")
    return sitemap
