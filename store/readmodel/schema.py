"""The read model's SQLite file: its schema (DDL, version) and opening it safely.

The index is derived data, rebuildable from the store's shards: a file this version cannot
read (unknown ``user_version``, not a database, corrupt) is removed and recreated empty, and
its ``meta`` then has no ``generation``, so :func:`needs_rebuild` says it must be rebuilt.
A symlink in place of the index is refused (a hostile store could point it anywhere).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path

from store.sanitize import one_line

__all__ = [
    "DDL",
    "INDEX_SCHEMA",
    "IndexPathError",
    "get_meta",
    "needs_rebuild",
    "open_index",
    "rebuild_reason",
]

# 2: article_facets, text_tri, quote_tri, articles.title_key and articles_newest,
# figures.words and figures_value_article (search speed, issue 12): schema 1 is rebuilt.
INDEX_SCHEMA = 2

# FTS5 tables are fed folded text (store.readmodel.fold.fold); the tokenizer's own
# remove_diacritics 2 then lets "zurich" find "Zürich" too.
_TOKENIZE = "unicode61 remove_diacritics 2"

# Derived columns and tables that spare a query a walk over every item (schema 2):
# - article_facets: one row per article and entity type ("type:PERSON"), figure kind
#   ("kind:money") and figure unit ("unit:GBP") it holds, so type:/kind:/unit: select their
#   articles from one index range instead of ~400k mention and figure rows;
# - articles.title_key: the title casefolded, the list's sort key (no Python call per row),
#   and articles_newest the list's default order (newest first), walked for many articles;
# - figures.words: "noun unit kind" with ASCII letters lowered (what SQLite's lower() gave
#   per row, per query), the text words are matched against;
# - figures_value_article: value>=… finds its articles in the index alone (a range of it);
# - text_tri: trigrams of the folded title and text (contentless, no positions: ~0.5x the
#   text), so a regex runs only over the articles holding the literals it requires;
#   quote_tri the same for each quote's folded text, a space and its folded speaker.

DDL = f"""
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles(
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    date TEXT,
    source TEXT,
    path TEXT NOT NULL,
    url TEXT,
    lang TEXT,
    n_entities INTEGER NOT NULL,
    n_quotes INTEGER NOT NULL,
    n_figures INTEGER NOT NULL,
    shard INTEGER NOT NULL,
    title_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS articles_date ON articles(date);
CREATE INDEX IF NOT EXISTS articles_path ON articles(path);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE INDEX IF NOT EXISTS articles_newest ON articles(date IS NULL, date DESC, title_key, id);
CREATE TABLE IF NOT EXISTS entities(
    e INTEGER PRIMARY KEY,
    canonical TEXT NOT NULL,
    type TEXT NOT NULL,
    fold TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    UNIQUE(canonical, type)
);
CREATE INDEX IF NOT EXISTS entities_fold ON entities(fold);
CREATE INDEX IF NOT EXISTS entities_type_mentions ON entities(type, mentions);
CREATE INDEX IF NOT EXISTS entities_mentions ON entities(mentions);
CREATE TABLE IF NOT EXISTS mentions(
    article INTEGER NOT NULL,
    e INTEGER NOT NULL,
    sent INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY(e, article, sent)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article);
CREATE TABLE IF NOT EXISTS quotes(
    q INTEGER PRIMARY KEY,
    article INTEGER NOT NULL,
    start INTEGER,
    "end" INTEGER,
    speaker TEXT,
    speaker_fold TEXT,
    role TEXT,
    sent INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS quotes_speaker_fold ON quotes(speaker_fold);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article);
CREATE TABLE IF NOT EXISTS speakers(
    speaker TEXT PRIMARY KEY,
    fold TEXT NOT NULL,
    quotes INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    first_date TEXT,
    last_date TEXT
);
CREATE INDEX IF NOT EXISTS speakers_quotes ON speakers(quotes);
CREATE INDEX IF NOT EXISTS speakers_fold ON speakers(fold);
CREATE TABLE IF NOT EXISTS figures(
    f INTEGER PRIMARY KEY,
    article INTEGER NOT NULL,
    start INTEGER,
    "end" INTEGER,
    kind TEXT NOT NULL,
    value REAL,
    unit TEXT,
    noun TEXT,
    sent INTEGER NOT NULL,
    words TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS figures_kind_value ON figures(kind, value);
CREATE INDEX IF NOT EXISTS figures_unit_value ON figures(unit, value);
CREATE INDEX IF NOT EXISTS figures_article ON figures(article);
CREATE INDEX IF NOT EXISTS figures_value_article ON figures(value, article);
CREATE TABLE IF NOT EXISTS article_facets(
    facet TEXT NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY(facet, article)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_facets_article ON article_facets(article);
CREATE VIRTUAL TABLE IF NOT EXISTS text_fts USING fts5(title, body, tokenize="{_TOKENIZE}");
CREATE VIRTUAL TABLE IF NOT EXISTS quote_fts USING fts5(body, tokenize="{_TOKENIZE}");
CREATE VIRTUAL TABLE IF NOT EXISTS text_tri USING fts5(
    title, body, tokenize="trigram", content="", detail=none
);
CREATE VIRTUAL TABLE IF NOT EXISTS quote_tri USING fts5(
    body, tokenize="trigram", content="", detail=none
);
"""


class IndexPathError(Exception):
    """The index path cannot be used (a symlink, or not a regular file); one-line message."""


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: the builder opens its own BEGIN/COMMIT, one per batch.
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    # Derived data: losing the last transaction on power loss only means a rebuild.
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA cache_size=-65536")  # 64 MB page cache
    conn.execute("PRAGMA temp_store=MEMORY")
    return conn


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _check_path(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            st = os.lstat(p)
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(st.st_mode):
            raise IndexPathError(
                f"refusing to open the index {one_line(str(p))}: it is a symlink; "
                "remove it and the index will be rebuilt"
            )
        if not stat.S_ISREG(st.st_mode):
            raise IndexPathError(
                f"refusing to open the index {one_line(str(p))}: not a regular file; "
                "remove it and the index will be rebuilt"
            )


def _create(path: Path, reason: str) -> sqlite3.Connection:
    conn = _connect(path)
    conn.executescript("BEGIN;" + DDL + f"PRAGMA user_version={INDEX_SCHEMA};COMMIT;")
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('rebuild_reason', ?)", (reason,))
    return conn


def open_index(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open the index at ``path``; a missing or unreadable one is (re)created empty.

    Raises :class:`IndexPathError` for a symlink (or any non-regular file) at ``path``, and
    ``FileNotFoundError`` when the file is missing or unusable and ``create`` is false.
    A (re)created index has no generation: :func:`needs_rebuild` is true until it is built.
    """
    path = Path(path)
    _check_path(path)
    if not path.exists():
        if not create:
            raise FileNotFoundError(f"no index at {one_line(str(path))}")
        return _create(path, "missing")
    reason = ""
    conn: sqlite3.Connection | None = None
    try:
        conn = _connect(path)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version != INDEX_SCHEMA:
            reason = f"index schema {version}, this version uses {INDEX_SCHEMA}"
        else:
            # Cheap sanity check: every table is there and readable.
            conn.execute("SELECT value FROM meta WHERE key='generation'").fetchall()
            tables = ("articles", "entities", "mentions", "quotes", "speakers", "figures")
            for table in (*tables, "article_facets"):
                conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchall()
            conn.execute("SELECT rowid FROM text_fts LIMIT 1").fetchall()
            conn.execute("SELECT rowid FROM quote_fts LIMIT 1").fetchall()
            conn.execute("SELECT rowid FROM text_tri LIMIT 1").fetchall()
            conn.execute("SELECT rowid FROM quote_tri LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        reason = f"unreadable index ({one_line(str(exc))})"
    if not reason:
        assert conn is not None
        return conn
    if conn is not None:
        with contextlib.suppress(sqlite3.Error):
            conn.close()
    if not create:
        raise FileNotFoundError(f"unusable index at {one_line(str(path))}: {reason}")
    _remove(path)
    return _create(path, reason)


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    """The ``meta`` value for ``key``, or None."""
    row = conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return None if row is None else str(row[0])


def needs_rebuild(conn: sqlite3.Connection) -> bool:
    """True when the index was never fully built (new, recreated, or a rebuild interrupted)."""
    return get_meta(conn, "generation") is None


def rebuild_reason(conn: sqlite3.Connection) -> str | None:
    """Why the index was (re)created empty ("missing", "unreadable index (…)", …), if it was."""
    return get_meta(conn, "rebuild_reason")
