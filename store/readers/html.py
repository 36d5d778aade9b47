"""HTML pages: main text, title and date through trafilatura, imported only when needed."""

from __future__ import annotations

from pathlib import Path

from store.readers.common import ReadFailure, make_article, normalise_text, read_limited
from store.records import Article

MIN_ARTICLE_WORDS = 5


def article_from_html(
    path: Path, data: bytes, *, url: str | None = None, fallback_date: str | None = None
) -> Article:
    """The article in one page's bytes (a file, or a WARC response); raises ReadFailure.

    ``url`` is where the page came from (it wins over the page's own claim only when the page has
    none); ``fallback_date`` (a fetch date) is used when the page states no date.
    """
    if not data.strip():
        raise ReadFailure("empty file")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadFailure("binary file (contains NUL bytes), not a web page")
    import trafilatura  # lazily: only HTML needs it

    try:
        doc = trafilatura.bare_extraction(data, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura/lxml raise many types on hostile markup
        raise ReadFailure(f"could not parse the page ({type(exc).__name__})") from exc
    raw_text = getattr(doc, "text", None) if doc is not None else None
    # A few words ("enable JavaScript", a cookie notice) are not an article.
    if not raw_text or len(raw_text.split()) < MIN_ARTICLE_WORDS:
        raise ReadFailure("no article text found in the page")
    authors = getattr(doc, "author", None)
    return make_article(
        path,
        normalise_text(raw_text),
        title=getattr(doc, "title", None),
        date_value=getattr(doc, "date", None) or fallback_date,
        source=getattr(doc, "sitename", None) or getattr(doc, "hostname", None),
        url=url or getattr(doc, "url", None),
        authors=[a.strip() for a in authors.split(";")] if isinstance(authors, str) else [],
    )


def read_html(path: Path, size: int) -> tuple[list[Article], list[str]]:
    """The article in an HTML page (maybe compressed); offsets refer to the extracted main text."""
    return [article_from_html(path, read_limited(path, size))], []
