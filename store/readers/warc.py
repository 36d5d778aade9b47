"""WARC and WARC.gz archives (the Common Crawl / CC-NEWS format), read through warcio.

Every HTML response record (status 200, text/html) is an article, with its URL from
WARC-Target-URI and, when the page states no date, the fetch date from WARC-Date. Other records
(request, metadata, warcinfo, non-HTML, 404…) are skipped and counted in one note per file. A
broken record is one line: in a plain or gzipped WARC on disk the reader finds the next record and
goes on; in a .bz2/.xz/.zst stream the records before it are kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from store.readers.common import (
    MAX_RECORD_BYTES,
    ReadFailure,
    damaged_reason,
    decompress_error,
    open_stream,
    read_up_to,
    split_suffix,
    too_large_reason,
)
from store.records import Article

HTML_TYPES = ("text/html", "application/xhtml+xml")
# Resynchronising after a broken record tries at most this many candidate record starts.
MAX_RESYNC_TRIES = 1000
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."


def _iterator_class() -> Any:
    from warcio.archiveiterator import ArchiveIterator  # lazily: only WARC files need warcio

    class QuietIterator(ArchiveIterator):
        # warcio writes a line to stderr for a record with a wrong Content-Length; we report it.
        INC_RECORD = ""

    return QuietIterator


def _skip_reason(record: Any) -> str | None:
    """None for an HTML page worth reading, else what the record is (for the skipped count).

    Raises ValueError for a response whose HTTP part could not be parsed: a broken record.
    """
    if record.rec_type != "response":
        return str(record.rec_type or "unknown")
    http = record.http_headers
    if http is None:
        raise ValueError("a response record without HTTP headers")
    status = (http.get_statuscode() or "").strip()
    if status != "200":
        return status or "no status"
    ctype = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if ctype not in HTML_TYPES:
        return ctype or "no content type"
    return None


def _find_next(handle: IO[bytes], start: int, magic: bytes) -> int | None:
    """The offset of the next ``magic`` at or after ``start`` in a seekable file."""
    handle.seek(start)
    carry = b""
    offset = start
    while True:
        chunk = handle.read(1024 * 1024)
        if not chunk:
            return None
        data = carry + chunk
        at = data.find(magic)
        if at >= 0:
            return offset - len(carry) + at
        carry = data[-(len(magic) - 1) :]
        offset += len(chunk)


def read_warc(
    path: Path, size: int, *, recall: bool = False
) -> tuple[list[Article | ReadFailure], list[str]]:
    """The HTML pages in a WARC file as articles; a note counts the records skipped.

    ``recall`` favours more of each page's text over only the article (see the HTML reader).
    """
    reader = _Reader(path, _iterator_class(), recall)
    if split_suffix(path.name)[1] in ("", ".gz"):
        _read_on_disk(reader, path)
        if reader.whole_gzip:
            # `gzip crawl.warc` makes one gzip member, which warcio refuses: read it as a stream.
            reader = _Reader(path, reader.iterator_class, recall)
            with open_stream(path) as stream:
                reader.read(stream)
    else:
        with open_stream(path) as stream:
            reader.read(stream)
    notes = []
    if reader.skipped:
        total = sum(reader.skipped.values())
        kinds = ", ".join(f"{k} ×{n}" for k, n in reader.skipped.items())
        noun = "record" if total == 1 else "records"
        notes.append(f"skipped {total} WARC {noun}: {kinds}")
    if not reader.results and not reader.skipped:
        raise ReadFailure("no WARC records in the file")
    return reader.results, notes


def _read_on_disk(reader: _Reader, path: Path) -> None:
    """A plain WARC, or one gzipped record by record (as crawlers write it), from the file itself:
    seekable, so after a broken record the reader looks for the next record start and goes on."""
    with open(path, "rb") as handle:
        magic = _GZIP_MAGIC if handle.read(3) == _GZIP_MAGIC else _WARC_MAGIC
        handle.seek(0)
        tries = 0
        while (failed_at := reader.read(handle)) is not None and tries < MAX_RESYNC_TRIES:
            tries += 1
            nxt = _find_next(handle, failed_at + 1, magic)
            if nxt is None:
                return
            handle.seek(nxt)


class _Reader:
    """The records of one WARC file, read in one or more runs (one per stretch between breaks)."""

    def __init__(self, path: Path, iterator_class: Any, recall: bool = False) -> None:
        self.path = path
        self.recall = recall
        self.iterator_class = iterator_class
        self.results: list[Article | ReadFailure] = []
        self.skipped: Counter[str] = Counter()
        self.number = 0
        self.in_break = False  # a break was reported and no good record followed it yet
        self.whole_gzip = False  # the file is one gzip member, not one per record

    def read(self, stream: IO[bytes]) -> int | None:
        """Read records until the end (None) or a broken record (its offset in the file)."""
        it = self.iterator_class(stream)
        records: Iterator[Any] = iter(it)
        while True:
            try:
                record = next(records)
            except StopIteration:
                self._check_end(it, stream)
                return None
            except Exception as exc:  # warcio and the decompressors raise many types on bad input
                if "non-chunked gzip" in str(exc):
                    self.whole_gzip = True
                    return None
                if not self.in_break:  # one line per break, not one per false start after it
                    self.number += 1
                    self.results.append(ReadFailure(_broken(self.path, self.number, exc)))
                    self.in_break = True
                try:
                    return int(it.offset)
                except (TypeError, ValueError, AttributeError):
                    return None
            self.in_break = False
            self.number += 1
            try:
                outcome = _read_record(self.path, self.number, record, self.recall)
            except Exception as exc:
                outcome = ReadFailure(_broken(self.path, self.number, exc))
            if isinstance(outcome, str):
                self.skipped[outcome] += 1
            elif outcome is not None:
                self.results.append(outcome)

    def _check_end(self, it: Any, stream: IO[bytes]) -> None:
        """A file that stops inside a record ends the iteration quietly in warcio: say so."""
        try:
            if not stream.seekable():
                return
            end = stream.seek(0, 2)
            left = end - int(it.offset)
        except (OSError, ValueError, TypeError, AttributeError):
            return
        if left > 4:  # a few blank line bytes after the last record are not a record
            self.number += 1
            self.results.append(
                ReadFailure(
                    f"record {self.number}: truncated (the file ends inside it; "
                    f"its last {left} bytes were not read)"
                )
            )


def _broken(path: Path, number: int, exc: BaseException) -> str:
    if split_suffix(path.name)[1] and decompress_error(exc) and not _is_warcio_error(exc):
        return f"record {number}: {damaged_reason(path, exc)}"
    detail = " ".join(str(exc).split())[:160] or type(exc).__name__
    return f"record {number}: broken WARC record ({detail})"


def _is_warcio_error(exc: BaseException) -> bool:
    return type(exc).__module__.startswith("warcio")


def _read_record(
    path: Path, number: int, record: Any, recall: bool = False
) -> Article | ReadFailure | str | None:
    reason = _skip_reason(record)
    if reason is not None:
        return reason
    url = record.rec_headers.get_header("WARC-Target-URI")
    fetched = record.rec_headers.get_header("WARC-Date")
    where = f"record {number} ({url})" if url else f"record {number}"
    data = read_up_to(record.content_stream(), MAX_RECORD_BYTES + 1)
    if len(data) > MAX_RECORD_BYTES:
        return ReadFailure(f"{where}: {too_large_reason(len(data))}")
    from store.readers.html import article_from_html

    try:
        return article_from_html(
            path, data, url=url, fallback_date=fetched, charset=_charset(record), recall=recall
        )
    except ReadFailure as exc:
        return ReadFailure(f"{where}: {exc}")


def _charset(record: Any) -> str | None:
    """The charset the response's Content-Type header declared, if any."""
    headers = getattr(record, "http_headers", None)
    value = headers.get_header("Content-Type") if headers is not None else None
    if not value:
        return None
    for param in str(value).split(";")[1:]:
        key, _, charset = param.partition("=")
        if key.strip().lower() == "charset":
            return charset.strip().strip("\"'") or None
    return None
