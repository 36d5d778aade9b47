"""RSS and Atom feeds: the links of their items, through feedparser (imported only when a feed is read).

The feed is handed to feedparser as a stream, never as bytes or a string: given those,
feedparser tries them as a file name or an address to open, so a feed whose body is
``/etc/passwd`` would read that file. A feed declaring XML entities is refused before parsing
(no real feed needs them; they are how billion-laughs and XXE attacks are written).
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field

from store.sanitize import one_line

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
MAX_ITEMS = 50_000


class FeedError(ValueError):
    """A feed that cannot be read; the message is the one-line reason."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    link: str
    title: str | None = None
    date: str | None = None  # yyyy-mm-dd


@dataclass(slots=True)
class Feed:
    items: list[FeedItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def refuse_entities(body: bytes, what: str) -> None:
    """FeedError when an XML document declares entities."""
    if _ENTITY_DECLARATION.search(body):
        raise FeedError(
            f"unsafe {what}: it declares XML entities (refused: that is how XXE and "
            "billion-laughs attacks are written)"
        )


def _date(entry: dict) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"
    return None


def _link(entry: dict) -> str | None:
    link = entry.get("link")
    if isinstance(link, str) and link.strip():
        return link.strip()
    for candidate in entry.get("links") or ():
        href = candidate.get("href") if isinstance(candidate, dict) else None
        if (
            isinstance(href, str)
            and href.strip()
            and candidate.get("rel", "alternate")
            in (
                "alternate",
                None,
            )
        ):
            return href.strip()
    guid = entry.get("id")
    if isinstance(guid, str) and guid.strip().lower().startswith(("http://", "https://")):
        return guid.strip()
    return None


def parse_feed(body: bytes, url: str, content_type: str = "") -> Feed:
    """The items of an RSS/Atom feed; FeedError when it is unsafe or not a feed at all."""
    refuse_entities(body, "feed")
    import feedparser  # lazily: only feeds need it

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    try:
        parsed = feedparser.parse(
            io.BytesIO(body),
            response_headers=headers,
            resolve_relative_uris=True,
            sanitize_html=False,  # only links are used; nothing of the feed's HTML is shown
        )
    except Exception as exc:  # feedparser's loose parser raises many types on hostile input
        raise FeedError(f"malformed feed ({type(exc).__name__})") from exc
    entries = parsed.get("entries") or []
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    # feedparser re-encodes the document first, so expat's "<unknown>:line:col:" can be wrong
    reason = re.sub(r"^<unknown>:\d+:\d+:\s*", "", one_line(str(problem)))[:120] if problem else ""
    detail = f" ({reason})" if reason else ""
    if not parsed.get("version") and not entries:
        raise FeedError(f"malformed feed{detail}")
    feed = Feed()
    missing = 0
    for entry in entries[:MAX_ITEMS]:
        link = _link(entry)
        if link is None:
            missing += 1
            continue
        title = entry.get("title")
        feed.items.append(
            FeedItem(
                link=link,
                title=one_line(title)[:300] if isinstance(title, str) and title else None,
                date=_date(entry),
            )
        )
    if problem is not None:
        if not feed.items:  # nothing usable came out of the broken XML
            raise FeedError(f"malformed feed{detail}")
        feed.warnings.append(
            f"the feed is not well-formed XML{detail}; its items were read leniently"
        )
    if missing:
        feed.warnings.append(f"{missing} feed item{'s' if missing != 1 else ''} without a link")
    if len(entries) > MAX_ITEMS:
        feed.warnings.append(f"only the first {MAX_ITEMS} of {len(entries)} items were read")
    if not entries:
        feed.warnings.append("the feed lists no items")
    return feed
