"""Write a file atomically while streaming into it: a fresh temporary file with a random name, renamed over the target.

The temporary file is created with ``O_CREAT | O_EXCL | O_NOFOLLOW`` under an unguessable
name in the target's folder, so a file or symlink planted there in advance is never opened,
let alone written through. The rename replaces the target's directory entry: when the
target is a symlink, the link is replaced by the new file and what it pointed to is left
alone. A failure or interruption removes the temporary file and leaves the old target intact.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

# Not ".tmp": the store sweeps its own leftover "*.tmp" files, and an export may sit beside it.
SUFFIX = ".partial"
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
_FLAGS |= getattr(os, "O_CLOEXEC", 0)


def temporary_name(path: Path) -> Path:
    """A hidden, unguessable sibling of ``path`` (``.NAME.<random>.partial``)."""
    return path.with_name(f".{path.name}.{secrets.token_hex(8)}{SUFFIX}")


def _create_exclusively(path: Path) -> tuple[Path, int]:
    for _ in range(16):  # a clash of 64 random bits is only a planted file: try another name
        tmp = temporary_name(path)
        try:
            return tmp, os.open(tmp, _FLAGS, 0o666)  # the umask applies, as for open()
        except FileExistsError:
            continue
    raise FileExistsError(f"could not create a temporary file beside {path}")


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some filesystems cannot open a folder; the rename is atomic all the same
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_text_writer(
    path: Path, *, encoding: str = "utf-8", newline: str = ""
) -> Iterator[TextIO]:
    """``with atomic_text_writer(path) as out: out.write(...)``: ``path`` appears whole or not at all.

    Raises OSError (the target's folder is missing or not writable, the disk is full, the
    target is a folder); the temporary file is removed first.
    """
    tmp, fd = _create_exclusively(path)
    try:
        out = os.fdopen(fd, "w", encoding=encoding, newline=newline)
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise
    try:
        with out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # unlink removes a name, never what a link points to
        raise
    _fsync_dir(path.parent)
