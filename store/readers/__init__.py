"""Read article files (.txt, .md, .json, .jsonl, .html) into Articles, one clear error per bad file."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from store.readers.common import MAX_FILE_BYTES, ReadError, ReadFailure, article_id, parse_date
from store.readers.discover import SUPPORTED_SUFFIXES, SourceFile, discover, os_reason
from store.records import Article

_Reader = Callable[[Path, int], tuple[list, list[str]]]


def _reader_for(suffix: str) -> _Reader:
    if suffix in (".txt", ".md"):
        from store.readers.plain import read_plain

        return read_plain
    if suffix == ".json":
        from store.readers.jsonfmt import read_json

        return read_json
    if suffix == ".jsonl":
        from store.readers.jsonfmt import read_jsonl

        return read_jsonl
    from store.readers.html import read_html

    return read_html


def read_file(source: SourceFile) -> list[Article | ReadError]:
    """Read one discovered file; never raises for a bad file, returns ReadErrors instead."""
    path = Path(source.path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return [ReadError(source.path, f"unsupported file type {suffix or '(no extension)'}")]
    try:
        results, warnings = _reader_for(suffix)(path, source.size)
    except ReadFailure as exc:
        return [ReadError(source.path, str(exc))]
    except OSError as exc:
        return [ReadError(source.path, os_reason(exc))]
    except (RecursionError, MemoryError, ValueError) as exc:
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
) -> Iterator[Article | ReadError]:
    """Articles from files and folders (recursively, sorted), with a ReadError for each bad one."""
    for found in discover(paths, exclude, follow_links=follow_links):
        if isinstance(found, ReadError):
            yield found
        else:
            yield from read_file(found)


def source_of(path: Path | str) -> SourceFile:
    """A SourceFile for one path, with its current stat facts."""
    st = os.stat(path)
    return SourceFile(os.path.abspath(path), st.st_size, st.st_mtime_ns)


__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "ReadError",
    "SourceFile",
    "article_id",
    "discover",
    "parse_date",
    "read_file",
    "read_paths",
    "source_of",
]
