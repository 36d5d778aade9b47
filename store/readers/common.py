"""Shared pieces of the readers: errors, decoding bytes, dates, titles and building an Article."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from store.paths import path_key
from store.records import Article
from store.sanitize import neutralise, one_line

MAX_FILE_BYTES = 5 * 1024 * 1024
TITLE_MAX_CHARS = 80


@dataclass(frozen=True, slots=True)
class ReadError:
    """A file (or one record in it) that could not be read; ``fatal=False`` is a warning only."""

    path: str  # as the file system gave it; shown through its key, so a bad byte reads \xff
    reason: str
    fatal: bool = True

    def __str__(self) -> str:
        prefix = "" if self.fatal else "warning: "
        return f"{one_line(path_key(self.path))}: {prefix}{one_line(self.reason)}"


class ReadFailure(Exception):
    """Raised inside a reader; turned into a ReadError for the file."""


def article_id(text: str) -> str:
    """A stable id for an article: the same text from two paths is one article."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def normalise_text(text: str) -> str:
    """The exact text offsets index: \\r\\n and lone \\r become \\n, control characters neutralised."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return neutralise(text)


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode a text file's bytes; returns (text, warning or None), raises ReadFailure."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), None
        except UnicodeDecodeError as exc:
            raise ReadFailure(
                f"not valid UTF-8 despite its byte-order mark (byte {exc.start})"
            ) from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            raise ReadFailure(
                f"not valid UTF-16 despite its byte-order mark (byte {exc.start})"
            ) from exc
    if b"\x00" in data:
        raise ReadFailure("binary file (contains NUL bytes), not an article")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # A few stray bytes from an old Latin-1/Windows-1252 file: read it, but say so.
    text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if ch not in "\n\r\t" and unicodedata.category(ch) == "Cc")
    if text.count("\ufffd") + controls > max(2, len(text) // 100):
        raise ReadFailure(f"not UTF-8 text (undecodable byte at offset {first_bad})")
    return text, f"not UTF-8 (first bad byte at offset {first_bad}); read as Windows-1252"


def read_limited(path: Path, size: int) -> bytes:
    """Read a file whose size was already checked against MAX_FILE_BYTES."""
    if size > MAX_FILE_BYTES:
        raise ReadFailure(too_large_reason(size))
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # grew since it was measured
        raise ReadFailure(too_large_reason(len(data)))
    return data


def too_large_reason(size: int) -> str:
    return (
        f"too large ({size / 1024 / 1024:.1f} MB; the limit is {MAX_FILE_BYTES // 1024 // 1024} MB)"
    )


_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_SLASHED_ISO = re.compile(r"^\s*(\d{4})/(\d{1,2})/(\d{1,2})\b")
_DAY_MONTH_YEAR = re.compile(
    r"^\s*(?:[A-Za-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})\b"
)
_MONTH_DAY_YEAR = re.compile(
    r"^\s*(?:[A-Za-z]+,?\s+)?([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"
)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(value: object) -> str | None:
    """An ISO yyyy-mm-dd date from common written forms, or None."""
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    for pattern in (_ISO, _SLASHED_ISO):
        if m := pattern.match(value):
            return _iso(int(m[1]), int(m[2]), int(m[3]))
    if m := _DAY_MONTH_YEAR.match(value):
        month = _MONTHS.get(m[2].lower())
        return _iso(int(m[3]), month, int(m[1])) if month else None
    if m := _MONTH_DAY_YEAR.match(value):
        month = _MONTHS.get(m[1].lower())
        if month:
            return _iso(int(m[3]), month, int(m[2]))
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s|$)")


def title_from_text(text: str) -> str:
    """The first sentence, cut on a word boundary to a readable length."""
    body = text.strip()
    first_line = body.split("\n", 1)[0].strip()
    m = _SENTENCE_END.search(first_line)
    sentence = first_line[: m.end()] if m else first_line
    return shorten(sentence)


def shorten(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """``text`` on one line, cut at a word boundary with an ellipsis when longer than ``limit``."""
    text = " ".join(one_line(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + "…"


def clean_field(value: object) -> str | None:
    """A metadata string on one line, or None when missing or empty."""
    if value is None:
        return None
    text = " ".join(one_line(str(value)).split())
    return text or None


def make_article(
    path: Path,
    text: str,
    *,
    title: str | None = None,
    date_value: object = None,
    source: object = None,
    url: object = None,
    authors: list[str] | None = None,
) -> Article:
    """Build an Article from already-normalised ``text`` and raw metadata."""
    clean_title = clean_field(title)
    return Article(
        id=article_id(text),
        path=path_key(path),  # JSON-safe and reversible, whatever bytes the file name holds
        title=shorten(clean_title, 200)
        if clean_title
        else title_from_text(text) or one_line(path_key(path.name)),
        date=parse_date(date_value),
        source=clean_field(source),
        text=text,
        url=clean_field(url),
        authors=[a for a in (clean_field(x) for x in authors or []) if a],
    )
