"""Open a store's search index, building it first when it is missing or behind the store.

:func:`ensure_index` is what the command line and the app call before a query: it opens
``<db>.index.sqlite`` beside the store, and when that index is missing, unreadable or
reflects another generation of the store, rebuilds it (``store.readmodel.build.rebuild``).
It never fails because the index cannot be written: a read-only store, an index path that
is a symlink or a file SQLite cannot write gets a fresh index in a temporary file instead
(``FreshIndex.temporary``; :meth:`FreshIndex.close` removes it).

Checking freshness reads the store's generation from its main file, which takes ~0.4 s on
22,000 articles; so the index also records the main file's identity (inode, size,
modification time) it was last found fresh against, and while that identity is unchanged
no commit happened (every commit replaces the main file) and the check is one ``stat``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from store.readmodel.build import index_path_for, is_stale, rebuild, store_generation
from store.readmodel.schema import IndexPathError, get_meta, open_index, rebuild_reason

if TYPE_CHECKING:
    from store.db import Store

__all__ = ["SIGNATURE_KEY", "FreshIndex", "IndexBuild", "ensure_index"]

# meta key: the main file's identity when the index was last found to reflect the store.
SIGNATURE_KEY = "store_signature"


@dataclass(frozen=True, slots=True)
class IndexBuild:
    """Told before a build starts: how many articles, where, and why."""

    total: int
    temporary: bool
    reason: str  # "missing", "behind the store", "the store is read-only", …


@dataclass(slots=True)
class FreshIndex:
    """An open index that reflects the store; ``built``: it was (re)built just now."""

    conn: sqlite3.Connection
    path: Path
    built: bool = False
    temporary: bool = False
    reason: str = ""
    _cleanup: list[Path] = field(default_factory=list)

    def close(self) -> None:
        """Close the connection; a temporary index is deleted."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        for path in self._cleanup:
            for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                with contextlib.suppress(OSError):
                    p.unlink()
            with contextlib.suppress(OSError):
                path.parent.rmdir()  # the temporary folder made for it
        self._cleanup.clear()

    def __enter__(self) -> FreshIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _signature(store_path: Path) -> str | None:
    try:
        st = os.stat(store_path)
    except OSError:
        return None
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def _fresh(conn: sqlite3.Connection, store: Store, signature: str | None) -> bool:
    """True when ``conn`` reflects the store (one stat when the main file is unchanged)."""
    if get_meta(conn, "generation") is None:
        return False
    if signature is not None and get_meta(conn, SIGNATURE_KEY) == signature:
        return True
    return not is_stale(conn, store_generation(store))


def _remember(conn: sqlite3.Connection, signature: str | None) -> None:
    """Record the main file's identity the index was found fresh against (best effort:
    an index that cannot be written is simply checked the slow way next time)."""
    if signature is None:
        return
    with contextlib.suppress(sqlite3.Error):
        conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (SIGNATURE_KEY, signature)
        )


def _open_read_only(path: Path) -> sqlite3.Connection | None:
    """The index at ``path`` opened read-only, or None (absent, a link, unreadable)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    import stat

    if not stat.S_ISREG(st.st_mode):
        return None
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
        conn.execute("SELECT value FROM meta WHERE key='generation'").fetchall()
        conn.execute("SELECT rowid FROM text_fts LIMIT 1").fetchall()
    except (sqlite3.Error, ValueError, OSError):
        return None
    return conn


def _build(
    store: Store,
    conn: sqlite3.Connection,
    signature: str | None,
    on_build: Callable[[IndexBuild], None] | None,
    on_progress: Callable[[int, int], None] | None,
    temporary: bool,
    reason: str,
) -> None:
    generation = store_generation(store)  # read before the build: a commit meanwhile shows
    if on_build is not None:
        on_build(IndexBuild(len(store.summaries()), temporary, reason))
    rebuild(store, conn, on_progress, generation=generation)
    _remember(conn, signature)


def ensure_index(
    store: Store,
    *,
    on_build: Callable[[IndexBuild], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> FreshIndex:
    """The store's index, open and up to date; built first (``on_build`` told, then
    ``on_progress(done, total)`` as it goes) when missing or stale.

    The index beside the store is used when it can be; otherwise (a read-only store, an
    index path that is a link or cannot be written) a temporary one is built and
    ``FreshIndex.temporary`` is true. Raises only the store's own errors (StoreError).
    """
    path = index_path_for(store.path)
    signature = _signature(store.path)
    problem = ""
    if store.writable():
        try:
            conn = open_index(path)
        except IndexPathError as exc:
            problem = str(exc)
        except (sqlite3.Error, OSError) as exc:
            problem = f"the index {path.name} cannot be opened ({exc})"
        else:
            try:
                if _fresh(conn, store, signature):
                    _remember(conn, signature)
                    return FreshIndex(conn, path)
                why = rebuild_reason(conn) or "behind the store"
                _build(store, conn, signature, on_build, on_progress, False, why)
                return FreshIndex(conn, path, built=True, reason=why)
            except sqlite3.OperationalError as exc:  # "readonly database", a full disk
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
                problem = f"the index {path.name} cannot be written ({exc})"
    else:
        conn_ro = _open_read_only(path)
        if conn_ro is not None:
            try:
                if _fresh(conn_ro, store, signature):
                    return FreshIndex(conn_ro, path)
            except sqlite3.Error:
                pass
            with contextlib.suppress(sqlite3.Error):
                conn_ro.close()
        problem = "the store is read-only"
    return _temporary(store, signature, on_build, on_progress, problem)


def _temporary(
    store: Store,
    signature: str | None,
    on_build: Callable[[IndexBuild], None] | None,
    on_progress: Callable[[int, int], None] | None,
    reason: str,
) -> FreshIndex:
    folder = Path(tempfile.mkdtemp(prefix="newsexplore-index-"))
    path = folder / "index.sqlite"
    conn = open_index(path)
    fresh = FreshIndex(conn, path, built=True, temporary=True, reason=reason)
    fresh._cleanup.append(path)
    try:
        _build(store, conn, signature, on_build, on_progress, True, reason)
    except BaseException:
        fresh.close()
        raise
    return fresh
