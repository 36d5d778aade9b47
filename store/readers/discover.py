"""Find article files under the given paths: folders recursively, sorted, symlink loops reported."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from store.readers.common import ReadError

SUPPORTED_SUFFIXES = (".txt", ".md", ".json", ".jsonl", ".html", ".htm")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """An article file and the stat facts incremental ingest compares."""

    path: str
    size: int
    mtime_ns: int


def os_reason(exc: OSError) -> str:
    """A short human reason for an OSError."""
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or type(exc).__name__


def _stat(path: str) -> os.stat_result | ReadError:
    try:
        return os.stat(path)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and os.path.islink(path):
            return ReadError(path, "broken symlink")
        return ReadError(path, os_reason(exc))


def _excluded(path: str, exclude: tuple[str, ...]) -> bool:
    return any(path == e or path.startswith(e + os.sep) for e in exclude)


def _walk(
    folder: str, ancestors: tuple[tuple[int, int], ...], exclude: tuple[str, ...]
) -> Iterator[SourceFile | ReadError]:
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        yield ReadError(folder, f"cannot list folder: {os_reason(exc)}")
        return
    for name in names:
        if name.startswith("."):
            continue
        path = os.path.join(folder, name)
        if _excluded(path, exclude):
            continue
        st = _stat(path)
        if isinstance(st, ReadError):
            yield st
        elif stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                yield ReadError(path, "symlink loop (leads back to a folder above it)")
            else:
                yield from _walk(path, (*ancestors, key), exclude)
        elif stat.S_ISREG(st.st_mode) and os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES:
            yield SourceFile(path, st.st_size, st.st_mtime_ns)


def discover(
    paths: Iterable[Path | str], exclude: Iterable[Path | str] = ()
) -> Iterator[SourceFile | ReadError]:
    """Every supported file under ``paths``; unknown extensions are errors only when named explicitly."""
    excluded = tuple(os.path.abspath(p) for p in exclude)
    for given in paths:
        path = os.path.abspath(given)
        st = _stat(path)
        if isinstance(st, ReadError):
            yield st
        elif stat.S_ISDIR(st.st_mode):
            yield from _walk(path, ((st.st_dev, st.st_ino),), excluded)
        elif not stat.S_ISREG(st.st_mode):
            yield ReadError(path, "not a regular file")
        elif os.path.splitext(path)[1].lower() not in SUPPORTED_SUFFIXES:
            suffix = os.path.splitext(path)[1] or "(no extension)"
            yield ReadError(
                path, f"unsupported file type {suffix} (expected {', '.join(SUPPORTED_SUFFIXES)})"
            )
        else:
            yield SourceFile(path, st.st_size, st.st_mtime_ns)
