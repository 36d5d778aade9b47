"""What a response is: a feed, a sitemap, a web page or something else, from its type and first bytes."""

from __future__ import annotations

import re

HTML_TYPES = ("text/html", "application/xhtml+xml")
# Types servers use for pages when misconfigured: the first bytes decide.
_VAGUE_TYPES = ("", "text/plain", "application/octet-stream", "binary/octet-stream")
XML_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-gzip",
    "application/gzip",
)
FEED_ROOTS = ("rss", "feed", "rdf")  # RSS 2.0/0.9x, Atom, RSS 1.0 (rdf:RDF)
SITEMAP_ROOTS = ("urlset", "sitemapindex")
SNIFF_BYTES = 64 * 1024  # a long DTD or comment may come before the root element

# Skip a BOM, blanks, the XML declaration, processing instructions, comments and a DOCTYPE.
_PROLOGUE = re.compile(
    rb"(?:\xef\xbb\xbf|\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*",
    re.DOTALL | re.IGNORECASE,
)
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_HTML_START = re.compile(rb"\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<title)", re.I)


def root_tag(prefix: bytes) -> str | None:
    """The local name of an XML document's root element (lower case), or None."""
    head = prefix[:SNIFF_BYTES]
    m = _PROLOGUE.match(head)
    start = m.end() if m else 0
    root = _ROOT.match(head, start)
    if root is None:
        return None
    return root[1].decode("ascii", "replace").rsplit(":", 1)[-1].lower()


def is_gzip(prefix: bytes) -> bool:
    return prefix[:2] == b"\x1f\x8b"


def kind_of(media: str, prefix: bytes) -> str | None:
    """ "feed", "sitemap", "page" or None (not something newsexplore reads)."""
    if is_gzip(prefix):
        return "sitemap"  # sitemap.xml.gz; a gzipped page is decoded by HTTP, not served so
    root = root_tag(prefix)
    if root in FEED_ROOTS:
        return "feed"
    if root in SITEMAP_ROOTS:
        return "sitemap"
    if media in HTML_TYPES:
        return "page"
    if media in _VAGUE_TYPES and _HTML_START.match(prefix.lstrip(b"\xef\xbb\xbf")):
        return "page"
    return None


def not_a_page(media: str) -> str:
    return f"not a web page (content type {media or 'not given'})"


def accept_page(media: str, prefix: bytes) -> str | None:
    """For an article link: None to download it, or why not (the body is then never read)."""
    if media in HTML_TYPES:
        return None
    if media in _VAGUE_TYPES and (not prefix or _HTML_START.match(prefix.lstrip(b"\xef\xbb\xbf"))):
        return None
    return not_a_page(media)


def accept_source(media: str, prefix: bytes) -> str | None:
    """For an address the user gave: a page, a feed or a sitemap."""
    if media in HTML_TYPES or media in XML_TYPES or media.endswith(("+xml", "/xml")):
        return None  # the whole body decides whether it is a feed, a sitemap or a page
    if media in _VAGUE_TYPES:
        return None if not prefix or kind_of(media, prefix) else not_a_page(media)
    return not_a_page(media)
