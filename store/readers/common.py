"""Shared pieces of the readers: errors, decompressing, decoding bytes, dates, titles and building an Article."""

from __future__ import annotations

import bz2
import codecs
import gzip
import hashlib
import io
import lzma
import os
import re
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO

from store.lang import detect_language  # light: the detector's model loads on first use
from store.paths import path_key
from store.records import Article
from store.sanitize import neutralise, one_line

MAX_FILE_BYTES = 5 * 1024 * 1024
# Dumps (JSON Lines, JSON lists, CSV, Parquet, WARC) are read record by record: the limit holds
# for each record, so a dump of any size is read while one absurd record is refused.
MAX_RECORD_BYTES = MAX_FILE_BYTES
TITLE_MAX_CHARS = 80

# The formats the readers know, and the compressions that may wrap any of them (x.jsonl.gz).
FORMAT_SUFFIXES = (
    ".txt",
    ".md",
    ".json",
    ".jsonl",
    ".ndjson",
    ".html",
    ".htm",
    ".warc",
    ".csv",
    ".tsv",
    ".parquet",
)
COMPRESSION_SUFFIXES = (".gz", ".bz2", ".xz", ".zst")
ZSTD_EXTRA = "pip install 'newsexplore[zstd]'"


@dataclass(frozen=True, slots=True)
class ReadError:
    """A file (or one record in it) that could not be read; ``fatal=False`` is a warning only."""

    path: str  # as the file system gave it; shown through its key, so a bad byte reads \xff
    reason: str
    fatal: bool = True

    def __str__(self) -> str:
        prefix = "" if self.fatal else "warning: "
        if not self.path:  # about a whole run, not one file (the unsupported-types summary)
            return one_line(self.reason)
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


def split_suffix(name: str) -> tuple[str, str]:
    """(format suffix, compression suffix or ""), lower-cased: "x.JSONL.gz" -> (".jsonl", ".gz")."""
    stem, last = os.path.splitext(name)
    last = last.lower()
    if last in COMPRESSION_SUFFIXES:
        return os.path.splitext(stem)[1].lower(), last
    return last, ""


def is_supported(name: str) -> bool:
    """Whether a file name is one the readers know (a known format, maybe compressed)."""
    return split_suffix(name)[0] in FORMAT_SUFFIXES


def suffix_label(name: str) -> str:
    """The suffix shown for a file: ".docx", ".tar.gz", "(no extension)"."""
    fmt, comp = split_suffix(name)
    return (fmt + comp) or "(no extension)"


# What a damaged compressed stream raises while it is read (zstandard's error is a ZstdError,
# caught by name in ``decompress_error``).
_STREAM_ERRORS: tuple[type[BaseException], ...] = (EOFError, OSError, zlib.error, lzma.LZMAError)


def decompress_error(exc: BaseException) -> bool:
    """Whether ``exc`` is a damaged or truncated compressed stream."""
    return isinstance(exc, _STREAM_ERRORS) or type(exc).__name__ == "ZstdError"


def damaged_reason(path: Path, exc: BaseException) -> str:
    """One line for a compressed stream that broke while read."""
    comp = split_suffix(path.name)[1] or "compressed"
    if isinstance(exc, EOFError):
        return f"truncated {comp} file (it ends before its compressed stream does)"
    detail = str(exc).strip() or type(exc).__name__
    return f"damaged {comp} file ({detail[:120]})"


def open_stream(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed when its name ends in .gz, .bz2, .xz or .zst.

    Decompression is streamed: callers read bounded amounts, so a "bomb" never inflates into memory.
    """
    comp = split_suffix(path.name)[1]
    if comp == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]  # a GzipFile is binary IO
    if comp == ".bz2":
        return bz2.open(path, "rb")
    if comp == ".xz":
        return lzma.open(path, "rb")
    if comp == ".zst":
        try:
            import zstandard  # lazily, and optional: only .zst files need it
        except ImportError as exc:
            raise ReadFailure(f"reading .zst files needs zstandard: {ZSTD_EXTRA}") from exc
        raw = open(path, "rb")  # noqa: SIM115 - closed with the reader below
        reader = zstandard.ZstdDecompressor().stream_reader(raw, closefd=True)
        return io.BufferedReader(reader, 1024 * 1024)  # readline, as the other streams have
    return open(path, "rb")


def read_limited(path: Path, size: int) -> bytes:
    """Read a whole-file article (size already measured), decompressed, up to MAX_FILE_BYTES."""
    compressed = bool(split_suffix(path.name)[1])
    if size > MAX_FILE_BYTES and not compressed:
        raise ReadFailure(too_large_reason(size))
    try:
        with open_stream(path) as handle:
            data = read_up_to(handle, MAX_FILE_BYTES + 1)
    except ReadFailure:
        raise
    except Exception as exc:
        if compressed and decompress_error(exc):
            raise ReadFailure(damaged_reason(path, exc)) from exc
        raise
    if len(data) > MAX_FILE_BYTES:
        if compressed:  # a bomb stops here: never more than the limit is inflated
            raise ReadFailure(
                f"too large when decompressed (over {MAX_FILE_BYTES // 1024 // 1024} MB, the limit)"
            )
        raise ReadFailure(too_large_reason(len(data)))  # grew since it was measured
    return data


def read_up_to(stream: IO[bytes], limit: int) -> bytes:
    """Up to ``limit`` bytes from a stream, however short its single reads are."""
    parts: list[bytes] = []
    got = 0
    while got < limit:
        chunk = stream.read(min(1024 * 1024, limit - got))
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


class LongLine:
    """A line over the limit, skipped without being held: its length so far, and whether it ended."""

    __slots__ = ("ended", "length")

    def __init__(self, length: int, ended: bool) -> None:
        self.length = length
        self.ended = ended


def long_line_reason(long: LongLine) -> str:
    """The reason given for a record (line) over the limit."""
    if long.ended:
        return too_large_reason(long.length)
    return (
        f"too large (a record runs on past {MAX_SKIP_BYTES // 1024 // 1024} MB without ending); "
        "the rest of the file was not read"
    )


# How far a reader skips looking for the end of one oversized record before it gives the file up:
# a dump may hold one absurd record, but a gigabyte without a newline is a bomb, not a dump.
MAX_SKIP_BYTES = 16 * MAX_RECORD_BYTES


def iter_lines(stream: IO[bytes], limit: int = MAX_RECORD_BYTES) -> Iterator[bytes | LongLine]:
    """Lines of a binary stream (with their newline), each at most ``limit`` bytes.

    A longer line is skipped in bounded pieces and given as a ``LongLine``; one that runs on past
    MAX_SKIP_BYTES ends the iteration (its LongLine has ``ended`` False).
    """
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        length = len(line)
        while True:
            piece = stream.readline(1024 * 1024)
            length += len(piece)
            if not piece or piece.endswith(b"\n"):
                yield LongLine(length, True)
                break
            if length > MAX_SKIP_BYTES:
                yield LongLine(length, False)
                return


def too_large_reason(size: int) -> str:
    """The reason given for a file or record over the limit."""
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
    """Build an Article from already-normalised ``text`` and raw metadata; its language is detected.

    Every reader builds its articles here, so every format gets a ``language``.
    """
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
        language=detect_language(text),
    )
