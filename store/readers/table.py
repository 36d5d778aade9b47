"""CSV/TSV and Parquet tables: one article per row, columns mapped by name (or by the user).

Columns named like the JSON fields (title, text/maintext/content/body, date/published/
date_publish, url, source/domain/source_domain, authors/author) are found case-insensitively; a
``columns`` mapping (``text=body,date=published_at``) overrides. Rows are streamed: a table of any
size is read, the size limit holds for each row. Parquet needs pyarrow, an optional extra.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from store.readers.common import (
    MAX_RECORD_BYTES,
    LongLine,
    ReadFailure,
    decode,
    iter_lines,
    long_line_reason,
    open_stream,
    split_suffix,
)
from store.readers.jsonfmt import (
    FIELD_NAMES,
    Columns,
    Results,
    _broken_stream,
    article_from_object,
)
from store.sanitize import one_line

PARQUET_EXTRA = "pip install 'newsexplore[parquet]'"
_PARQUET_BATCH_ROWS = 64

# A cell may hold a whole article: csv's default 128 KB per field is far too small for one.
csv.field_size_limit(min(sys.maxsize, MAX_RECORD_BYTES))


def resolve_columns(names: list[str], columns: Columns | None) -> dict[str, str]:
    """Each article field -> the table column that holds it; ReadFailure when no text column."""
    by_lower: dict[str, str] = {}
    for name in names:
        by_lower.setdefault(name.strip().lower(), name)
    resolved: dict[str, str] = {}
    for field, candidates in FIELD_NAMES.items():
        if columns and field in columns:
            found = by_lower.get(columns[field].strip().lower())
            if found is None:
                raise ReadFailure(
                    f"no column {columns[field]!r} for {field} (columns found: {_listing(names)})"
                )
            resolved[field] = found
            continue
        for candidate in candidates:
            if candidate in by_lower:
                resolved[field] = by_lower[candidate]
                break
    if "text" not in resolved:
        raise ReadFailure(
            f"no text column (expected one named {', '.join(FIELD_NAMES['text'][:4])}, "
            f"or say which with --columns text=NAME); columns found: {_listing(names)}"
        )
    return resolved


def _listing(names: list[str]) -> str:
    shown = ", ".join(one_line(n) for n in names[:30])
    return shown + (f" … ({len(names)} in all)" if len(names) > 30 else "") if names else "none"


# ----- CSV / TSV ------------------------------------------------------------------------------


class _Lines:
    """Text lines for csv.reader from a binary stream: bounded, decoded, problems noted."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.failures: list[ReadFailure] = []
        self.warning: str | None = None
        self.line = 0

    def __iter__(self) -> Iterator[str]:
        for raw in iter_lines(self.stream):
            self.line += 1
            if isinstance(raw, LongLine):
                self.failures.append(ReadFailure(f"line {self.line}: {long_line_reason(raw)}"))
                if not raw.ended:
                    return
                yield "\n"  # an empty line: csv skips it
                continue
            if self.line == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                text, warning = decode(raw)  # a Windows-1252 spreadsheet export
                if warning and self.warning is None:
                    self.warning = "not UTF-8; read as Windows-1252"
                yield text


def _delimiter(path: Path, header: str) -> str:
    if split_suffix(path.name)[0] == ".tsv":
        return "\t"
    # Spreadsheets set to a European locale write ";" between columns.
    return ";" if header.count(";") > header.count(",") and "\t" not in header else ","


def read_csv(path: Path, size: int, columns: Columns | None = None) -> tuple[Results, list[str]]:
    """A .csv/.tsv file (maybe compressed): one article per row after the header row."""
    results: Results = []
    with open_stream(path) as stream:
        lines = _Lines(stream)
        line_iter = iter(lines)
        try:
            first = next(line_iter, None)
            while first is not None and not first.strip():
                first = next(line_iter, None)
            if first is None:
                raise ReadFailure(lines.failures[0].args[0] if lines.failures else "empty file")
            delimiter = _delimiter(path, first)
            header = next(csv.reader([first], delimiter=delimiter), [])
            resolved = resolve_columns(header, columns)
            reader = csv.reader(line_iter, delimiter=delimiter)
            row_number = 1
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    row_number += 1
                    results.append(ReadFailure(f"row {row_number}: {exc}"))
                    continue
                row_number += 1
                results.extend(lines.failures)
                lines.failures.clear()
                if not any(cell.strip() for cell in row):
                    continue
                record = dict(zip(header, row, strict=False))
                try:
                    results.append(article_from_object(path, record, f"row {row_number}", resolved))
                except ReadFailure as exc:
                    results.append(exc)
        except ReadFailure:
            raise
        except Exception as exc:
            _broken_stream(path, exc, results)
    results.extend(lines.failures)
    return results, [lines.warning] if lines.warning else []


# ----- Parquet --------------------------------------------------------------------------------


def read_parquet(
    path: Path, size: int, columns: Columns | None = None
) -> tuple[Results, list[str]]:
    """A .parquet file (as Hugging Face stores datasets), read in batches of rows through pyarrow."""
    if split_suffix(path.name)[1]:
        raise ReadFailure(
            "a compressed Parquet file: Parquet is compressed inside; decompress it first"
        )
    try:
        import pyarrow.parquet as pq  # lazily, and optional: a large library
    except ImportError as exc:
        raise ReadFailure(f"reading Parquet needs pyarrow: {PARQUET_EXTRA}") from exc
    try:
        table = pq.ParquetFile(path)
        names = list(table.schema_arrow.names)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError… on a damaged file
        raise ReadFailure(f"not a readable Parquet file ({one_line(str(exc))[:160]})") from exc
    resolved = resolve_columns(names, columns)
    results: Results = []
    row_number = 0
    try:
        for batch in table.iter_batches(
            batch_size=_PARQUET_BATCH_ROWS, columns=list(dict.fromkeys(resolved.values()))
        ):
            for record in batch.to_pylist():
                row_number += 1
                try:
                    results.append(article_from_object(path, record, f"row {row_number}", resolved))
                except ReadFailure as exc:
                    results.append(exc)
    except Exception as exc:
        results.append(
            ReadFailure(
                f"after row {row_number}: damaged Parquet data ({one_line(str(exc))[:160]}); "
                "the rest was not read"
            )
        )
    if not results:
        raise ReadFailure("a Parquet file with no rows")
    return results, []
