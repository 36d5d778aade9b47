"""Write the read model: rows derived from stored articles, one transaction per batch.

An article becomes one ``articles`` row, one ``mentions`` row per (entity, sentence), its
quotes and figures (each with the number of the sentence it starts in), and its folded
title and text in ``text_fts``. :func:`apply_batch` removes and adds articles and keeps
the entity and speaker aggregates exact, touching only what the batch touches;
:func:`rebuild` derives the whole index from a Store.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.codec import decode_kind
from store.readmodel.fold import fold
from store.readmodel.schema import DDL, INDEX_SCHEMA, get_meta, open_index
from store.records import Article, Extraction, Figure, Quote

if TYPE_CHECKING:
    from store.db import Store

__all__ = [
    "REBUILD_BATCH",
    "ArticleRows",
    "apply_batch",
    "counts",
    "index_path_for",
    "is_stale",
    "rebuild",
    "reset",
    "rows_for",
    "rows_for_encoded",
    "store_generation",
    "with_shard",
]

REBUILD_BATCH = 1000  # articles per transaction in a full rebuild
_CHUNK = 500  # ids per "IN (...)" list: well under SQLite's variable limit


def index_path_for(store_path: Path) -> Path:
    """Where the index of the store at ``store_path`` lives: ``<db>.index.sqlite`` beside it."""
    store_path = Path(store_path)
    return store_path.with_name(store_path.name + ".index.sqlite")


@dataclass(slots=True)
class ArticleRows:
    """Everything the index holds for one article, ready for ``executemany``."""

    id: str
    date: str | None
    # (id, title, date, source, path, url, lang, n_entities, n_quotes, n_figures, shard)
    article: tuple[Any, ...]
    # (canonical, type) -> {sentence number: mentions in it}
    mentions: dict[tuple[str, str], dict[int, int]] = field(default_factory=dict)
    # (start, end, speaker, speaker_fold, role, sent, folded quote text)
    quotes: list[tuple[Any, ...]] = field(default_factory=list)
    # (start, end, kind, value, unit, noun, sent)
    figures: list[tuple[Any, ...]] = field(default_factory=list)
    fts_title: str = ""
    fts_body: str = ""


def _sentence_of(starts: Sequence[int]) -> Callable[[Any], int]:
    def sent(offset: Any) -> int:
        # An offset between sentences (a line break) belongs to the one before it.
        if not isinstance(offset, int):
            return 0
        return max(bisect_right(starts, offset) - 1, 0)

    return sent


def _str_or_none(v: Any) -> str | None:
    return v if isinstance(v, str) else None


def _num_or_none(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    return float(v)


def _int_or_none(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _rows(
    article: Article,
    entity_rows: Iterable[tuple[Any, str, str]],
    quotes: Sequence[Quote],
    figures: Sequence[Figure],
    shard: int,
) -> ArticleRows:
    # Imported here: store.extract loads the extractors (0.2 s), which readers never need.
    from store.extract.text import sentences

    text = article.text
    sent = _sentence_of([s for s, _ in sentences(text)])
    mentions: dict[tuple[str, str], dict[int, int]] = {}
    n_entities = 0  # mentions indexed: what the mention rows add up to
    for start, type_, canonical in entity_rows:
        if not isinstance(canonical, str) or not isinstance(type_, str):
            continue
        n_entities += 1
        per_sent = mentions.setdefault((canonical, type_), {})
        s = sent(start)
        per_sent[s] = per_sent.get(s, 0) + 1
    quote_rows = []
    for q in quotes:
        start, end = _int_or_none(q.start), _int_or_none(q.end)
        speaker = _str_or_none(q.speaker) or None
        body = text[start:end] if start is not None and end is not None else ""
        quote_rows.append(
            (
                start,
                end,
                speaker,
                fold(speaker) if speaker else None,
                _str_or_none(q.speaker_role),
                sent(start),
                fold(body),
            )
        )
    figure_rows = [
        (
            _int_or_none(f.start),
            _int_or_none(f.end),
            f.kind if isinstance(f.kind, str) else "other",
            _num_or_none(f.value),
            _str_or_none(f.unit),
            _str_or_none(f.noun),
            sent(f.start),
        )
        for f in figures
    ]
    date = _str_or_none(article.date)
    title = article.title if isinstance(article.title, str) else ""
    row = (
        article.id,
        title,
        date,
        article.source,
        article.path,
        article.url,
        _str_or_none(getattr(article, "language", None)),
        n_entities,
        len(quote_rows),
        len(figure_rows),
        shard,
    )
    return ArticleRows(
        article.id, date, row, mentions, quote_rows, figure_rows, fold(title), fold(text)
    )


def with_shard(rows: ArticleRows, shard: int) -> ArticleRows:
    """``rows`` filed under store shard ``shard`` (rows derived before the shard was chosen)."""
    rows.article = (*rows.article[:-1], shard)
    return rows


def rows_for(article: Article, extraction: Extraction, shard: int) -> ArticleRows:
    """The index rows of one article and its items (``shard``: the store shard holding it)."""
    entity_rows = ((e.start, e.type, e.canonical) for e in extraction.entities)
    return _rows(article, entity_rows, extraction.quotes, extraction.figures, shard)


def rows_for_encoded(
    article: Article,
    items: dict[str, list[list[Any]]],
    order: dict[str, list[str]],
    shard: int,
) -> ArticleRows:
    """:func:`rows_for` from a shard's encoded items (no Entity objects are built)."""
    names = order.get("entities", [])
    raw = items.get("entities") or []
    entity_rows: Iterable[tuple[Any, str, str]] = ()
    if raw and all(n in names for n in ("start", "type", "canonical")):
        i_start, i_type, i_canon = (names.index(n) for n in ("start", "type", "canonical"))
        width = max(i_start, i_type, i_canon)
        entity_rows = (
            (r[i_start], r[i_type], r[i_canon])
            for r in raw
            if isinstance(r, list) and len(r) > width
        )
    text = article.text
    quotes = decode_kind(text, "quotes", items.get("quotes") or [], order.get("quotes", []))
    figures = decode_kind(text, "figures", items.get("figures") or [], order.get("figures", []))
    return _rows(article, entity_rows, quotes, figures, shard)


# ----- writing ---------------------------------------------------------------------------


def _chunks(seq: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def _marks(n: int) -> str:
    return ",".join("?" * n)


# What SQLite's lower() does: ASCII letters only (figures.words must equal what it gave).
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _figure_words(kind: str, unit: str | None, noun: str | None) -> str:
    """A figure's words as text queries match them: "noun unit kind", ASCII lowered."""
    return f"{noun or ''} {unit or ''} {kind}".translate(_ASCII_LOWER)


def _facets(r: ArticleRows) -> set[str]:
    """The article's facets: the entity types, figure kinds and units it holds."""
    out = {f"type:{type_}" for _, type_ in r.mentions}
    for _start, _end, kind, _value, unit, _noun, _sent in r.figures:
        out.add(f"kind:{kind}")
        if unit is not None:
            out.add(f"unit:{unit}")
    return out


class _Deltas:
    """Changes to the entity and speaker aggregates made by one batch."""

    def __init__(self) -> None:
        self.entity: dict[int, list[int]] = {}  # e -> [mentions, articles]
        self.speaker: dict[str, list[int]] = {}  # speaker -> [quotes, articles]
        self.speaker_dates: dict[str, list[str]] = {}  # dates of articles added per speaker
        self.speaker_lost_dates: dict[str, set[str]] = {}  # dates of articles removed

    def add_entity(self, e: int, mentions: int, articles: int) -> None:
        d = self.entity.setdefault(e, [0, 0])
        d[0] += mentions
        d[1] += articles

    def add_speaker(self, speaker: str, quotes: int, articles: int) -> None:
        d = self.speaker.setdefault(speaker, [0, 0])
        d[0] += quotes
        d[1] += articles


def _delete(conn: sqlite3.Connection, ns: list[int], deltas: _Deltas) -> None:
    """Remove articles by row number, with everything derived from them."""
    for chunk in _chunks(ns):
        m = _marks(len(chunk))
        for e, mentions, articles in conn.execute(
            f"SELECT e, SUM(count), COUNT(DISTINCT article) FROM mentions "
            f"WHERE article IN ({m}) GROUP BY e",
            chunk,
        ):
            deltas.add_entity(e, -mentions, -articles)
        for speaker, quotes, articles in conn.execute(
            f"SELECT speaker, COUNT(*), COUNT(DISTINCT article) FROM quotes "
            f"WHERE article IN ({m}) AND speaker IS NOT NULL GROUP BY speaker",
            chunk,
        ):
            deltas.add_speaker(speaker, -quotes, -articles)
        for speaker, date in conn.execute(
            f"SELECT DISTINCT q.speaker, a.date FROM quotes q JOIN articles a ON a.n = q.article "
            f"WHERE q.article IN ({m}) AND q.speaker IS NOT NULL AND a.date IS NOT NULL",
            chunk,
        ):
            deltas.speaker_lost_dates.setdefault(speaker, set()).add(date)
        conn.execute(
            "INSERT INTO quote_tri(quote_tri, rowid, body) "
            "SELECT 'delete', f.rowid, f.body || ' ' || coalesce(q.speaker_fold, '') "
            f"FROM quote_fts f JOIN quotes q ON q.q = f.rowid WHERE q.article IN ({m})",
            chunk,
        )
        conn.execute(
            f"DELETE FROM quote_fts WHERE rowid IN (SELECT q FROM quotes WHERE article IN ({m}))",
            chunk,
        )
        conn.execute(f"DELETE FROM article_facets WHERE article IN ({m})", chunk)
        # The trigram table keeps no text: its rows are deleted by giving it their values.
        conn.execute(
            "INSERT INTO text_tri(text_tri, rowid, title, body) "
            f"SELECT 'delete', rowid, title, body FROM text_fts WHERE rowid IN ({m})",
            chunk,
        )
        conn.execute(f"DELETE FROM mentions WHERE article IN ({m})", chunk)
        conn.execute(f"DELETE FROM quotes WHERE article IN ({m})", chunk)
        conn.execute(f"DELETE FROM figures WHERE article IN ({m})", chunk)
        conn.execute(f"DELETE FROM text_fts WHERE rowid IN ({m})", chunk)
        conn.execute(f"DELETE FROM articles WHERE n IN ({m})", chunk)


def _entity_ids(conn: sqlite3.Connection, keys: Iterable[tuple[str, str]]) -> dict[Any, int]:
    """Row numbers of entities (canonical, type), created (with zero counts) when new."""
    keys = list(keys)
    conn.executemany(
        "INSERT INTO entities(canonical, type, fold, mentions, articles) VALUES (?, ?, ?, 0, 0) "
        "ON CONFLICT(canonical, type) DO NOTHING",
        ((c, t, fold(c)) for c, t in keys),
    )
    lookup = conn.cursor()
    out: dict[Any, int] = {}
    for key in keys:
        out[key] = lookup.execute(
            "SELECT e FROM entities WHERE canonical = ? AND type = ?", key
        ).fetchone()[0]
    return out


def _insert(
    conn: sqlite3.Connection,
    rows: list[ArticleRows],
    deltas: _Deltas,
    next_n: int,
    next_q: int,
    *,
    fts: bool = True,
) -> None:
    ns = list(range(next_n, next_n + len(rows)))
    conn.executemany(
        "INSERT INTO articles(n, id, title, date, source, path, url, lang, n_entities, n_quotes, "
        "n_figures, shard, title_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        ((n, *r.article, str(r.article[1]).casefold()) for n, r in zip(ns, rows, strict=True)),
    )
    conn.executemany(
        "INSERT INTO article_facets(facet, article) VALUES (?, ?)",
        ((facet, n) for n, r in zip(ns, rows, strict=True) for facet in sorted(_facets(r))),
    )
    keys = {key for r in rows for key in r.mentions}
    e_of = _entity_ids(conn, keys)
    mention_rows: list[tuple[int, int, int, int]] = []
    quote_rows: list[tuple[Any, ...]] = []
    quote_fts: list[tuple[int, str]] = []
    quote_tri: list[tuple[int, str]] = []
    figure_rows: list[tuple[Any, ...]] = []
    q = next_q
    for n, r in zip(ns, rows, strict=True):
        for key, per_sent in r.mentions.items():
            e = e_of[key]
            total = 0
            for s, c in per_sent.items():
                mention_rows.append((n, e, s, c))
                total += c
            deltas.add_entity(e, total, 1)
        speakers: dict[str, int] = {}
        for start, end, speaker, speaker_fold, role, s, body in r.quotes:
            quote_rows.append((q, n, start, end, speaker, speaker_fold, role, s))
            quote_fts.append((q, body))
            quote_tri.append((q, f"{body} {speaker_fold or ''}"))
            q += 1
            if speaker:
                speakers[speaker] = speakers.get(speaker, 0) + 1
        for speaker, c in speakers.items():
            deltas.add_speaker(speaker, c, 1)
            if r.date:
                deltas.speaker_dates.setdefault(speaker, []).append(r.date)
        figure_rows.extend((n, *f, _figure_words(f[2], f[4], f[5])) for f in r.figures)
    conn.executemany("INSERT INTO mentions(article, e, sent, count) VALUES (?,?,?,?)", mention_rows)
    conn.executemany(
        'INSERT INTO quotes(q, article, start, "end", speaker, speaker_fold, role, sent) '
        "VALUES (?,?,?,?,?,?,?,?)",
        quote_rows,
    )
    conn.executemany(
        'INSERT INTO figures(article, start, "end", kind, value, unit, noun, sent, words) '
        "VALUES (?,?,?,?,?,?,?,?,?)",
        figure_rows,
    )
    if fts:
        conn.executemany("INSERT INTO quote_fts(rowid, body) VALUES (?, ?)", quote_fts)
        conn.executemany("INSERT INTO quote_tri(rowid, body) VALUES (?, ?)", quote_tri)
        for table in ("text_fts", "text_tri"):
            conn.executemany(
                f"INSERT INTO {table}(rowid, title, body) VALUES (?, ?, ?)",
                ((n, r.fts_title, r.fts_body) for n, r in zip(ns, rows, strict=True)),
            )


def _apply_deltas(conn: sqlite3.Connection, deltas: _Deltas) -> None:
    touched = list(deltas.entity)
    conn.executemany(
        "UPDATE entities SET mentions = mentions + ?, articles = articles + ? WHERE e = ?",
        ((m, a, e) for e, (m, a) in deltas.entity.items()),
    )
    for chunk in _chunks(touched):
        conn.execute(
            f"DELETE FROM entities WHERE e IN ({_marks(len(chunk))}) AND mentions <= 0", chunk
        )
    for speaker, (quotes, articles) in deltas.speaker.items():
        added = [d for d in deltas.speaker_dates.get(speaker, ()) if d]
        lo = min(added, default=None)
        hi = max(added, default=None)
        row = conn.execute(
            "SELECT quotes, articles, first_date, last_date FROM speakers WHERE speaker = ?",
            (speaker,),
        ).fetchone()
        if row is None:
            if quotes > 0:
                conn.execute(
                    "INSERT INTO speakers(speaker, fold, quotes, articles, first_date, last_date) "
                    "VALUES (?,?,?,?,?,?)",
                    (speaker, fold(speaker), quotes, articles, lo, hi),
                )
            continue
        total = row[0] + quotes
        if total <= 0:
            conn.execute("DELETE FROM speakers WHERE speaker = ?", (speaker,))
            continue
        first, last = row[2], row[3]
        lost = deltas.speaker_lost_dates.get(speaker, set())
        if first in lost or last in lost:
            # An article holding the first or last date left: find the range again (rare,
            # and bounded by this speaker's quotes, not by the index).
            first, last = conn.execute(
                "SELECT min(a.date), max(a.date) FROM quotes q JOIN articles a ON a.n = q.article "
                "WHERE q.speaker_fold = ? AND q.speaker = ?",
                (fold(speaker), speaker),
            ).fetchone()
        else:
            first = min((d for d in (first, lo) if d), default=None)
            last = max((d for d in (last, hi) if d), default=None)
        conn.execute(
            "UPDATE speakers SET quotes = ?, articles = articles + ?, first_date = ?, "
            "last_date = ? WHERE speaker = ?",
            (total, articles, first, last, speaker),
        )


def _set_meta(conn: sqlite3.Connection, key: str, value: str | None) -> None:
    if value is None:
        conn.execute("DELETE FROM meta WHERE key = ?", (key,))
    else:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))


def _extractor_version() -> str:
    from store.db import extractor_version

    return str(extractor_version())


def _apply(
    conn: sqlite3.Connection,
    added: list[ArticleRows],
    removed_ids: Iterable[str],
    *,
    fts: bool = True,
) -> None:
    # The last copy of an id wins (two in one batch would break articles.id's uniqueness).
    added = list({r.id: r for r in added}.values())
    gone = list(dict.fromkeys([*removed_ids, *(r.id for r in added)]))
    # Row numbers are taken before the deletions, so none is reused within a batch.
    next_n = (conn.execute("SELECT max(n) FROM articles").fetchone()[0] or 0) + 1
    next_q = (conn.execute("SELECT max(q) FROM quotes").fetchone()[0] or 0) + 1
    ns: list[int] = []
    for chunk in _chunks(gone):
        ns.extend(
            n
            for (n,) in conn.execute(
                f"SELECT n FROM articles WHERE id IN ({_marks(len(chunk))})", chunk
            )
        )
    deltas = _Deltas()
    if ns:
        _delete(conn, ns, deltas)
    if added:
        _insert(conn, added, deltas, next_n, next_q, fts=fts)
    _apply_deltas(conn, deltas)


def apply_batch(
    conn: sqlite3.Connection,
    added: Iterable[ArticleRows],
    removed_ids: Iterable[str],
    generation: str | None,
    *,
    expect: str | None = None,
    repath: Mapping[str, str] | None = None,
) -> bool:
    """In ONE transaction: remove ``removed_ids`` and the old copies of ``added``, add ``added``.

    Entity and speaker aggregates change only for the entities and speakers the batch
    touches (an entity with no mention left, a speaker with no quote left, is deleted).
    ``repath`` gives kept articles a new path (their file went, another holds them).
    ``generation`` becomes the index's generation (None: leave it unset, the index is
    then stale, as during a rebuild).

    With ``expect``, the batch is applied only if the index is at that generation (checked
    inside the transaction, so no other writer slips in between): a stale index is left
    untouched, and False returned. True when the batch was applied.
    """
    rows = list(added)
    conn.execute("BEGIN IMMEDIATE")
    try:
        if expect is not None and get_meta(conn, "generation") != expect:
            conn.execute("ROLLBACK")
            return False
        _apply(conn, rows, removed_ids)
        if repath:
            conn.executemany(
                "UPDATE articles SET path = ? WHERE id = ?",
                ((path, aid) for aid, path in repath.items()),
            )
        _set_meta(conn, "generation", generation)
        _set_meta(conn, "extractor_version", _extractor_version())
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):  # a failed COMMIT may have rolled back already
            conn.execute("ROLLBACK")
        raise
    return True


def reset(conn: sqlite3.Connection, generation: str) -> None:
    """Empty the index and mark it as reflecting an empty store at ``generation``."""
    _reset(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        _set_meta(conn, "generation", generation)
        _set_meta(conn, "extractor_version", _extractor_version())
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def is_stale(conn: sqlite3.Connection, generation: str) -> bool:
    """True when the index does not reflect the store at ``generation`` (or was never built)."""
    return get_meta(conn, "generation") != generation


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Row counts per table (articles, entities, mentions, quotes, speakers, figures)."""
    return {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("articles", "entities", "mentions", "quotes", "speakers", "figures")
    }


# ----- full rebuild ---------------------------------------------------------------------------


def store_generation(store: Store) -> str:
    """The store's generation: its own ``generation()`` when it has one, else its main file's
    identity (inode, size, mtime), which every commit changes."""
    own = getattr(store, "generation", None)
    if callable(own):
        return str(own())
    try:
        st = os.stat(store.path)
    except FileNotFoundError:
        return "empty"
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def _shards(store: Store) -> dict[str, int]:
    """Article id -> shard number, from the store (0 when it does not say)."""
    own = getattr(store, "shard_numbers", None)
    if callable(own):
        return dict(own())
    out: dict[str, int] = {}
    with contextlib.suppress(Exception):
        for row in store.db.table("articles").all():
            aid, shard = row.get("id"), row.get("shard")
            if isinstance(aid, str) and isinstance(shard, int):
                out[aid] = shard
    return out


def _reset(conn: sqlite3.Connection) -> None:
    """Empty every table (a full rebuild starts from nothing, with a fresh schema)."""
    tables = ["meta", "articles", "entities", "mentions", "quotes", "speakers", "figures"]
    # Dropping an FTS5 table drops its shadow tables.
    tables += ["article_facets", "text_fts", "quote_fts", "text_tri", "quote_tri"]
    conn.execute("BEGIN IMMEDIATE")
    try:
        for name in tables:
            conn.execute(f'DROP TABLE IF EXISTS "{name}"')
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.executescript("BEGIN;" + DDL + f"PRAGMA user_version={INDEX_SCHEMA};COMMIT;")


def rebuild(
    store: Store,
    conn_or_path: sqlite3.Connection | Path,
    on_progress: Callable[[int, int], None] | None = None,
    *,
    generation: str | None = None,
    batch_size: int = REBUILD_BATCH,
) -> sqlite3.Connection:
    """Derive the whole index from ``store`` (its read API only), ~``batch_size`` articles per
    transaction; ``on_progress(done, total)`` after each. Returns the connection.

    The generation is set only at the end, so an interrupted rebuild leaves a stale index
    that is rebuilt next time. ``generation`` defaults to :func:`store_generation`.
    """
    gen = generation if generation is not None else store_generation(store)
    conn = (
        conn_or_path
        if isinstance(conn_or_path, sqlite3.Connection)
        else open_index(Path(conn_or_path))
    )
    # Until the generation is set the index counts as unbuilt, so its writes need not reach
    # the disk one by one (measured: the BBC rebuild 17 s -> 7 s under a busy disk); one
    # checkpoint below makes them durable before the index is marked built.
    sync = conn.execute("PRAGMA synchronous").fetchone()[0]
    conn.execute("PRAGMA synchronous=OFF")
    try:
        _rebuild(store, conn, on_progress, batch_size)
    finally:
        conn.execute(f"PRAGMA synchronous={int(sync)}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("BEGIN IMMEDIATE")
    try:
        _set_meta(conn, "generation", gen)
        _set_meta(conn, "extractor_version", _extractor_version())
        _set_meta(conn, "rebuild_reason", None)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return conn


def _rebuild(
    store: Store,
    conn: sqlite3.Connection,
    on_progress: Callable[[int, int], None] | None,
    batch_size: int,
) -> None:
    _reset(conn)
    total = len(store.summaries())
    shard_of = _shards(store)
    done = 0
    if on_progress is not None:
        on_progress(0, total)
    pending: list[ArticleRows] = []

    def flush() -> None:
        nonlocal done
        conn.execute("BEGIN IMMEDIATE")
        try:
            _apply_fresh(conn, pending)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        done += len(pending)
        pending.clear()
        if on_progress is not None:
            on_progress(min(done, total), total)

    for article, items, order in store.iter_encoded():
        pending.append(rows_for_encoded(article, items, order, shard_of.get(article.id, 0)))
        if len(pending) >= batch_size:
            flush()
    if pending:
        flush()


def _apply_fresh(conn: sqlite3.Connection, rows: list[ArticleRows]) -> None:
    # The same path as apply_batch: a store yields each id once, so nothing is replaced.
    _apply(conn, rows, ())
