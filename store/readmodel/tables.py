"""Corpus tables from the read model: speakers, entities and figures, filtered by a query.

Each table takes a query (text or syntax tree; empty: everything) and keeps the rows its
pane would show — speakers of the matching quotes (counted over those quotes), matching
entities, matching figures — sorted by any column, up or down, cut at ``limit``. Sort
columns that hold lists (a speaker's roles, sources) sort by how many there are; missing
values (no date) always come last.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from store.readmodel.query import Everything, Node, QueryError, parse
from store.readmodel.sql import Search

if TYPE_CHECKING:
    from store.db import Store

__all__ = [
    "ENTITY_COLUMNS",
    "FIGURE_COLUMNS",
    "SPEAKER_COLUMNS",
    "EntityTableRow",
    "FigureTableRow",
    "SpeakerRow",
    "entities_table",
    "figure_texts",
    "figures_table",
    "speakers_table",
]


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    name: str
    quotes: int
    articles: int
    roles: tuple[str, ...]
    sources: tuple[str, ...]
    first_date: str | None
    last_date: str | None


@dataclass(frozen=True, slots=True)
class EntityTableRow:
    name: str
    type: str
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class FigureTableRow:
    """A figure; its text is ``article text[start:end]`` (see :func:`figure_texts`)."""

    article_id: str
    start: int | None
    end: int | None
    value: float | None
    unit: str | None
    kind: str
    noun: str | None
    date: str | None
    title: str
    path: str


# Column name -> SQL expression it sorts by (over the table's aggregate query).
SPEAKER_COLUMNS: dict[str, str] = {
    "name": "fold",
    "quotes": "quotes",
    "articles": "articles",
    "roles": "json_array_length(roles)",
    "sources": "json_array_length(sources)",
    "first_date": "first_date",
    "last_date": "last_date",
}
ENTITY_COLUMNS: dict[str, str] = {
    "name": "e.fold",
    "type": "e.type",
    "mentions": "e.mentions",
    "articles": "e.articles",
}
FIGURE_COLUMNS: dict[str, str] = {
    "value": "f.value",
    "unit": "f.unit",
    "kind": "f.kind",
    "noun": "lower(f.noun)",
    "date": "a.date",
    "title": "lower(a.title)",
    "path": "a.path",
}


def _node(query: str | Node | None) -> Node:
    if query is None:
        return Everything()
    return parse(query) if isinstance(query, str) else query


def _order(columns: dict[str, str], sort: str, descending: bool, table: str) -> str:
    """``ORDER BY`` for a column the user named (validated: names never reach SQL)."""
    expr = columns.get(sort)
    if expr is None:
        raise QueryError(f"cannot sort {table} by '{sort}'; use one of: {', '.join(columns)}")
    return f"({expr}) IS NULL, {expr} {'DESC' if descending else 'ASC'}"


def _limit(limit: int | None) -> int:
    return -1 if limit is None or limit <= 0 else limit


def _list(text: str | None) -> tuple[str, ...]:
    values = json.loads(text) if text else []
    return tuple(sorted((v for v in values if isinstance(v, str)), key=str.casefold))


def speakers_table(
    conn: sqlite3.Connection,
    query: str | Node | None = None,
    *,
    sort: str = "quotes",
    descending: bool = True,
    limit: int | None = 100,
) -> list[SpeakerRow]:
    """Speakers of the quotes the query matches: quotes, articles, roles, sources, dates."""
    node = _node(query)
    order = _order(SPEAKER_COLUMNS, sort, descending, "speakers")
    tie = "quotes DESC, fold, name"
    if isinstance(node, Everything) and sort not in ("roles", "sources"):
        # Every quote: the kept aggregates give the order; roles and sources for the rows shown.
        rows = conn.execute(
            "SELECT speaker AS name, fold, quotes, articles, first_date, last_date "
            f"FROM speakers ORDER BY {order}, {tie} LIMIT ?",
            [_limit(limit)],
        ).fetchall()
        out = []
        for name, fold, quotes, articles, first, last in rows:
            roles, sources = conn.execute(
                "SELECT json_group_array(DISTINCT q.role) FILTER (WHERE q.role IS NOT NULL), "
                "json_group_array(DISTINCT a.source) FILTER (WHERE a.source IS NOT NULL) "
                "FROM quotes q JOIN articles a ON a.n = q.article "
                "WHERE q.speaker_fold = ? AND q.speaker = ?",
                (fold, name),
            ).fetchone()
            out.append(
                SpeakerRow(name, quotes, articles, _list(roles), _list(sources), first, last)
            )
        return out
    search = Search(conn, node)
    where, params = search.compiled.quotes
    rows = search.execute(
        "SELECT * FROM (SELECT q.speaker AS name, min(q.speaker_fold) AS fold, "
        "count(*) AS quotes, count(DISTINCT q.article) AS articles, "
        "json_group_array(DISTINCT q.role) FILTER (WHERE q.role IS NOT NULL) AS roles, "
        "json_group_array(DISTINCT a.source) FILTER (WHERE a.source IS NOT NULL) AS sources, "
        "min(a.date) AS first_date, max(a.date) AS last_date "
        "FROM quotes q JOIN articles a ON a.n = q.article "
        f"WHERE q.speaker IS NOT NULL AND ({where}) GROUP BY q.speaker) "
        f"ORDER BY {order}, {tie} LIMIT ?",
        [*params, _limit(limit)],
    )
    return [
        SpeakerRow(name, quotes, articles, _list(roles), _list(sources), first, last)
        for name, _fold, quotes, articles, roles, sources, first, last in rows
    ]


def entities_table(
    conn: sqlite3.Connection,
    query: str | Node | None = None,
    *,
    sort: str = "mentions",
    descending: bool = True,
    limit: int | None = 100,
) -> list[EntityTableRow]:
    """Entities the query matches, with their mentions and articles over the whole store."""
    search = Search(conn, _node(query))
    order = _order(ENTITY_COLUMNS, sort, descending, "entities")
    where, params = search.compiled.entities
    rows = search.execute(
        f"SELECT e.canonical, e.type, e.mentions, e.articles FROM entities e WHERE {where} "
        f"ORDER BY {order}, e.mentions DESC, e.fold, e.type LIMIT ?",
        [*params, _limit(limit)],
    )
    return [EntityTableRow(*r) for r in rows]


def figures_table(
    conn: sqlite3.Connection,
    query: str | Node | None = None,
    *,
    sort: str = "value",
    descending: bool = True,
    limit: int | None = 100,
) -> list[FigureTableRow]:
    """Figures the query matches, with their article's date, title and path."""
    search = Search(conn, _node(query))
    order = _order(FIGURE_COLUMNS, sort, descending, "figures")
    where, params = search.compiled.figures
    rows = search.execute(
        'SELECT a.id, f.start, f."end", f.value, f.unit, f.kind, f.noun, a.date, a.title, '
        f"a.path FROM figures f JOIN articles a ON a.n = f.article WHERE {where} "
        f"ORDER BY {order}, a.path, a.id, f.start LIMIT ?",
        [*params, _limit(limit)],
    )
    return [FigureTableRow(*r) for r in rows]


def figure_texts(store: Store, rows: Iterable[FigureTableRow | Any]) -> list[str | None]:
    """The text of each row's figure (``text[start:end]`` of its article, read from the
    store once per article); None where the article or its span is gone."""
    rows = list(rows)
    texts = dict(store.texts(list(dict.fromkeys(r.article_id for r in rows))))
    out: list[str | None] = []
    for r in rows:
        text = texts.get(r.article_id)
        ok = text is not None and isinstance(r.start, int) and isinstance(r.end, int)
        out.append(text[r.start : r.end] if ok and text is not None else None)
    return out
