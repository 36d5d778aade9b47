"""Read article files (text, Markdown, JSON, JSON Lines, HTML, WARC, CSV/TSV, Parquet; maybe compressed) into Articles, one clear error per bad file or record."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from store.readers.common import (
    MAX_FILE_BYTES,
    MAX_RECORD_BYTES,
    ReadError,
    ReadFailure,
    article_id,
    parse_date,
    split_suffix,
    suffix_label,
)
from store.readers.discover import (
    SUPPORTED_SUFFIXES,
    SourceFile,
    discover,
    os_reason,
    unsupported_summary,
)
from store.readers.jsonfmt import FIELDS, parse_columns
from store.records import Article

_Reader = Callable[[Path, int, Mapping[str, str] | None], tuple[list, list[str]]]


def _reader_for(fmt: str, recall: bool = False) -> _Reader:
    """The reader of one format; each imports what it needs only when such a file is read.

    ``recall`` (HTML pages, WARC responses) favours more of a page's text over only the article.
    """
    if fmt in (".txt", ".md"):
        from store.readers.plain import read_plain

        return lambda path, size, _columns: read_plain(path, size)
    if fmt == ".json":
        from store.readers.jsonfmt import read_json

        return read_json
    if fmt in (".jsonl", ".ndjson"):
        from store.readers.jsonfmt import read_jsonl

        return read_jsonl
    if fmt in (".csv", ".tsv"):
        from store.readers.table import read_csv

        return read_csv
    if fmt == ".parquet":
        from store.readers.table import read_parquet

        return read_parquet
    if fmt == ".warc":
        from store.readers.warc import read_warc

        return lambda path, size, _columns: read_warc(path, size, recall=recall)
    from store.readers.html import read_html

    return lambda path, size, _columns: read_html(path, size, recall=recall)


def read_file(
    source: SourceFile, columns: Mapping[str, str] | None = None, *, recall: bool = False
) -> list[Article | ReadError]:
    """Read one discovered file; never raises for a bad file, returns ReadErrors instead.

    ``columns`` maps article fields to the column/key holding them (``parse_columns``), for
    tables and JSON records whose names are not the usual ones. ``recall`` makes HTML main-text
    extraction favour recall over precision (the default drops more boilerplate).
    """
    path = Path(source.path)
    fmt = split_suffix(path.name)[0]
    if fmt not in SUPPORTED_SUFFIXES:
        return [ReadError(source.path, f"unsupported file type {suffix_label(path.name)}")]
    try:
        results, warnings = _reader_for(fmt, recall)(path, source.size, columns)
    except ReadFailure as exc:
        return [ReadError(source.path, str(exc))]
    except OSError as exc:
        return [ReadError(source.path, os_reason(exc))]
    except (RecursionError, MemoryError, ValueError, EOFError) as exc:
        return [ReadError(source.path, f"could not read ({type(exc).__name__})")]
    out: list[Article | ReadError] = [ReadError(source.path, w, fatal=False) for w in warnings]
    for item in results:
        out.append(ReadError(source.path, str(item)) if isinstance(item, ReadFailure) else item)
    return out


def read_paths(
    paths: Iterable[Path | str],
    exclude: Iterable[Path | str] = (),
    *,
    follow_links: bool = False,
    columns: Mapping[str, str] | None = None,
    recall: bool = False,
) -> Iterator[Article | ReadError]:
    """Articles from files and folders (recursively, sorted), with a ReadError for each bad one.

    Files of unknown types inside folders end the stream with one warning counting them.
    """
    unsupported: Counter[str] = Counter()
    for found in discover(paths, exclude, follow_links=follow_links, unsupported=unsupported):
        if isinstance(found, ReadError):
            yield found
        else:
            yield from read_file(found, columns, recall=recall)
    if summary := unsupported_summary(unsupported):
        yield ReadError("", summary, fatal=False)


def source_of(path: Path | str) -> SourceFile:
    """A SourceFile for one path, with its current stat facts."""
    st = os.stat(path)
    return SourceFile(os.path.abspath(path), st.st_size, st.st_mtime_ns)


__all__ = [
    "FIELDS",
    "MAX_FILE_BYTES",
    "MAX_RECORD_BYTES",
    "SUPPORTED_SUFFIXES",
    "ReadError",
    "SourceFile",
    "article_id",
    "discover",
    "parse_columns",
    "parse_date",
    "read_file",
    "read_paths",
    "source_of",
    "unsupported_summary",
]
