"""Find article files under the given paths: folders walked iteratively, each real folder once, sorted.

Hostile trees are bounded: the walk keeps no recursion (a tree 10,000 folders deep is fine), enters
each real folder (device and inode) once, so a "symlink bomb" of folders linking twice to the next
costs one visit per folder, stops after ``MAX_PATHS`` files and folders with one line saying so, and
does not follow a symlink out of the folder it was given unless ``follow_links`` is set.
Files of unknown types inside a folder are not articles; they are counted (by suffix) for the
caller's summary rather than skipped silently.
"""

from __future__ import annotations

import errno
import os
import stat
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from store.paths import path_key
from store.readers.common import (
    COMPRESSION_SUFFIXES,
    FORMAT_SUFFIXES,
    ReadError,
    is_supported,
    suffix_label,
)
from store.sanitize import one_line

SUPPORTED_SUFFIXES = FORMAT_SUFFIXES  # each may be compressed: COMPRESSION_SUFFIXES
# Files plus folders one discover() call may visit: far beyond any real corpus, and a bound on
# what a pathological tree can cost (each path is a stat and a few hundred bytes).
MAX_PATHS = 1_000_000
FOLLOW_HINT = "not followed (--follow-links follows it)"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """An article file and the stat facts incremental ingest compares."""

    path: str  # as the file system gave it (may hold surrogate-escaped bytes)
    size: int
    mtime_ns: int

    @property
    def key(self) -> str:
        """The path as the store records it (``store.paths.path_key``)."""
        return path_key(self.path)


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


def _supported(name: str) -> bool:
    return is_supported(name)


def unsupported_summary(counts: Counter[str]) -> str | None:
    """ "3 files of unsupported types skipped: .docx ×2, .pdf", or None when there were none."""
    total = sum(counts.values())
    if not total:
        return None
    kinds = ", ".join(
        f"{one_line(k)} ×{n}" if n > 1 else one_line(k) for k, n in counts.most_common()
    )
    noun = "file" if total == 1 else "files"
    return f"{total} {noun} of unsupported types skipped: {kinds}"


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


# The folders above one being walked, as a linked list (key, parent): a frame costs O(1) however
# deep the tree, and only a symlinked folder needs the (linear) ancestry check.
_Chain = tuple[tuple[int, int], "_Chain"] | None


def _in_chain(key: tuple[int, int], chain: _Chain) -> bool:
    while chain is not None:
        if chain[0] == key:
            return True
        chain = chain[1]
    return False


class _Limit(Exception):
    """MAX_PATHS reached."""


class _Walker:
    """One discover() call: the real folders seen so far and the paths counted against the bound."""

    def __init__(
        self,
        exclude: tuple[str, ...],
        follow_links: bool,
        folders: list[str],
        unsupported: Counter[str] | None = None,
    ) -> None:
        self.exclude = exclude
        self.unsupported = unsupported
        self.follow_links = follow_links
        self.folders = folders  # the given folders' real paths: a link may lead within any
        self.seen: set[tuple[int, int]] = set()
        self.count = 0

    def tick(self) -> None:
        self.count += 1
        if self.count > MAX_PATHS:
            raise _Limit

    def walk(self, root: str, st: os.stat_result) -> Iterator[SourceFile | ReadError]:
        """Files under ``root`` in sorted order, real folders before folders reached by a link."""
        key = (st.st_dev, st.st_ino)
        if key in self.seen:
            return
        self.seen.add(key)
        self.tick()
        # Folders reached through a symlink wait until every real folder was walked, so a file
        # is recorded under its real path and a second link to a folder walked already is free.
        linked: deque[tuple[str, tuple[int, int], _Chain]] = deque()
        yield from self._walk_from(root, (key, None), linked)
        while linked:
            path, link_key, link_chain = linked.popleft()
            if link_key not in self.seen:
                self.seen.add(link_key)
                self.tick()
                yield from self._walk_from(path, (link_key, link_chain), linked)

    def _walk_from(
        self,
        top: str,
        top_chain: _Chain,
        linked: deque[tuple[str, tuple[int, int], _Chain]],
    ) -> Iterator[SourceFile | ReadError]:
        # An explicit stack of (folder, its sorted entries, its chain): depth costs no recursion.
        stack: list[tuple[str, Iterator[os.DirEntry[str]], _Chain]] = []
        listing = self._list(top)
        if isinstance(listing, ReadError):
            yield listing
            return
        stack.append((top, listing, top_chain))
        while stack:
            folder, entries, chain = stack[-1]
            entry = next(entries, None)
            if entry is None:
                stack.pop()
                continue
            name = entry.name
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            if _excluded(path, self.exclude):
                continue
            st = _stat(path)
            if isinstance(st, ReadError):
                yield st
                continue
            is_dir = stat.S_ISDIR(st.st_mode)
            if not is_dir and not (stat.S_ISREG(st.st_mode) and _supported(name)):
                # Sockets and devices are not files anyone meant; an unknown type is counted.
                if self.unsupported is not None and stat.S_ISREG(st.st_mode):
                    self.unsupported[path_key(suffix_label(name))] += 1
                continue
            try:
                is_link = entry.is_symlink()
            except OSError:
                is_link = os.path.islink(path)
            if is_link and not self.follow_links:
                target = os.path.realpath(path)
                if not any(_inside(target, folder) for folder in self.folders):
                    what = "a folder" if is_dir else "a file"
                    yield ReadError(
                        path,
                        f"symlink to {what} outside the folder ({path_key(target)}); {FOLLOW_HINT}",
                    )
                    continue
            if not is_dir:
                self.tick()
                yield SourceFile(path, st.st_size, st.st_mtime_ns)
                continue
            key = (st.st_dev, st.st_ino)
            if _in_chain(key, chain):
                yield ReadError(path, "symlink loop (leads back to a folder above it)")
            elif is_link:
                linked.append((path, key, chain))
            elif key not in self.seen:  # a real folder seen twice: a bind mount
                self.seen.add(key)
                self.tick()
                listing = self._list(path)
                if isinstance(listing, ReadError):
                    yield listing
                else:
                    stack.append((path, listing, (key, chain)))

    @staticmethod
    def _list(folder: str) -> Iterator[os.DirEntry[str]] | ReadError:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            return ReadError(folder, f"cannot list folder: {os_reason(exc)}")
        return iter(entries)


def discover(
    paths: Iterable[Path | str],
    exclude: Iterable[Path | str] = (),
    *,
    follow_links: bool = False,
    unsupported: Counter[str] | None = None,
) -> Iterator[SourceFile | ReadError]:
    """Every supported file under ``paths``; unknown extensions are errors only when named explicitly.

    Files of unknown types found inside folders are counted by suffix in ``unsupported`` when given.
    A symlink inside a given folder that leads out of every given folder is reported, not
    followed, unless ``follow_links``; a path named in ``paths`` is the caller's choice and always followed.
    """
    excluded = tuple(os.path.abspath(p) for p in exclude)
    given_paths = [os.path.abspath(p) for p in paths]
    folders = [os.path.realpath(p) for p in given_paths if os.path.isdir(p)]
    walker = _Walker(excluded, follow_links, folders, unsupported)
    for path in given_paths:
        st = _stat(path)
        try:
            if isinstance(st, ReadError):
                yield st
            elif stat.S_ISDIR(st.st_mode):
                yield from walker.walk(path, st)
            elif not stat.S_ISREG(st.st_mode):
                yield ReadError(path, "not a regular file")
            elif not _supported(path):
                yield ReadError(
                    path,
                    f"unsupported file type {suffix_label(path)} (expected "
                    f"{', '.join(SUPPORTED_SUFFIXES)}, each maybe {'/'.join(COMPRESSION_SUFFIXES)})",
                )
            else:
                walker.tick()
                yield SourceFile(path, st.st_size, st.st_mtime_ns)
        except _Limit:
            yield ReadError(
                path,
                f"stopped after {MAX_PATHS:,} files and folders, the limit for one run; "
                "the rest was not read (ingest its folders one by one)",
            )
            return
