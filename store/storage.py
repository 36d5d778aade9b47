"""Crash-safe JSON files: a TinyDB Storage (orjson, write to a temp file, fsync, os.replace) and the store's errors."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from collections.abc import Collection
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from store.sanitize import one_line


class StoreError(Exception):
    """A problem with the store the user must hear about in one clear line."""


class StoreCorrupt(StoreError):
    """A store file is not valid JSON (or not a newsexplore store); it is never overwritten."""


class StoreWriteError(StoreError):
    """Writing failed (disk full, permissions); the previous version of the file is intact."""


class StoreBusy(StoreError):
    """Another process held the store's lock for longer than the timeout."""


class StoreTooNew(StoreError):
    """The store was written by a newer newsexplore with a schema this version cannot read."""


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some platforms/filesystems cannot open a directory; the replace is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# A store's temporary files: ".newsexplore-tmp-<target name>.<pid>.<16 hex>.tmp". The sweep
# removes only names of exactly this form for the store's own file names, never by pattern.
TEMP_PREFIX = ".newsexplore-tmp-"
_TEMP_TAIL = re.compile(r"\.[0-9]+\.[0-9a-f]{16}\.tmp\Z")
# Created only if absent, never through a symlink (a planted link or file is not written to).
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
_TEMP_FLAGS |= getattr(os, "O_CLOEXEC", 0)


def temp_target(filename: str) -> str | None:
    """The file name a store temporary file ``filename`` was written for, else None."""
    if not filename.startswith(TEMP_PREFIX):
        return None
    tail = _TEMP_TAIL.search(filename)
    if tail is None:
        return None
    return filename[len(TEMP_PREFIX) : tail.start()] or None


def is_temp_of(filename: str, targets: Collection[str] | None) -> bool:
    """Whether ``filename`` is a temporary file this store wrote for one of ``targets``
    (None: any shard name ``NNNN.json``)."""
    target = temp_target(filename)
    if target is None:
        return False
    if targets is None:
        return re.fullmatch(r"[0-9]{4,}\.json", target) is not None
    return target in targets


def check_own(path: Path, *, folder: bool, owner: int | None) -> bool:
    """Whether a store's own file or folder ``path`` exists; StoreError when it is a symlink,
    not a regular file (or folder), or belongs to someone other than ``owner`` (a uid).

    A store handed over by someone else may hold a link to elsewhere in place of its shard
    folder or side files: following it would read or write outside the store.
    """
    shown = one_line(str(path))
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StoreError(f"cannot use {shown}: {exc.strerror or type(exc).__name__}") from exc
    if stat.S_ISLNK(st.st_mode):
        raise StoreError(
            f"{shown} is a symbolic link; newsexplore does not follow links among a store's own "
            "files (remove it, or use another --db)"
        )
    if folder and not stat.S_ISDIR(st.st_mode):
        raise StoreError(f"{shown} is not a folder; remove it, or use another --db")
    if not folder and not stat.S_ISREG(st.st_mode):
        raise StoreError(f"{shown} is not a regular file; remove it, or use another --db")
    if owner is not None and st.st_uid != owner:
        raise StoreError(
            f"{shown} belongs to another user (uid {st.st_uid}, the store's is {owner}); "
            "newsexplore does not use a store's files that someone else planted"
        )
    return True


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so a crash at any moment leaves the old or the new file."""
    tmp = path.parent / f"{TEMP_PREFIX}{path.name}.{os.getpid()}.{secrets.token_hex(8)}.tmp"
    try:
        fd = os.open(tmp, _TEMP_FLAGS, 0o644)
    except OSError as exc:  # nothing was created: a file already there is not ours to remove
        reason = exc.strerror or type(exc).__name__
        raise StoreWriteError(
            f"could not write {one_line(str(path))}: {reason}; the previous version is intact"
        ) from exc
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        reason = exc.strerror or type(exc).__name__
        raise StoreWriteError(
            f"could not write {one_line(str(path))}: {reason}; the previous version is intact"
        ) from exc
    _fsync_dir(path.parent)


def read_json_file(path: Path) -> Any:
    """Parse a JSON file with orjson; a missing file is None; a bad one raises StoreCorrupt."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read {one_line(str(path))}: {exc.strerror}") from exc
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise StoreCorrupt(
            f"{one_line(str(path))} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg}); it was left untouched — run `newsexplore repair` to rebuild the store"
        ) from exc


class AtomicJSONStorage(Storage):
    """TinyDB storage: reads the file once, keeps it in memory, writes only on ``flush()``.

    TinyDB calls ``write`` after every change; here that only updates memory, so a
    batch of changes becomes one atomic rewrite of the file when ``flush`` is called.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._data: dict[str, Any] | None = None
        self._loaded = False
        self._dirty = False

    def read(self) -> dict[str, Any] | None:
        if not self._loaded:
            data = read_json_file(self.path)
            if data is not None and not (
                isinstance(data, dict) and all(isinstance(t, dict) for t in data.values())
            ):
                raise StoreCorrupt(
                    f"{one_line(str(self.path))} is not a newsexplore store file; it was left untouched"
                )
            self._data = data
            self._loaded = True
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        self._loaded = True
        self._dirty = True

    @property
    def dirty(self) -> bool:
        return self._dirty

    def flush(self) -> None:
        """Write pending changes atomically (the commit point for this file)."""
        if self._dirty and self._data is not None:
            atomic_write_bytes(self.path, orjson.dumps(self._data))
            self._dirty = False

    def close(self) -> None:
        """Nothing is written implicitly: unflushed changes are dropped on purpose."""
