"""The corpus tables' data, read a page at a time from the index: columns, counts, rows, profiles.

No Textual here: the table screens (``tui.tables.screens``) draw what this module reads.
Rows come from ``store.readmodel.tables`` (the same tables ``newsexplore table`` prints),
one page of ``PAGE`` rows per query, so a store with 100k speakers shows its table at once.
"""

from __future__ import annotations

import datetime as dt
import inspect
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from store.readmodel.fold import fold
from store.readmodel.query import Everything, Node, parse
from store.readmodel.sql import Search
from store.readmodel.tables import (
    EntityTableRow,
    FigureTableRow,
    SpeakerRow,
    entities_table,
    figures_table,
    speakers_table,
)
from store.readmodel.view import Paged

__all__ = [
    "TABLES",
    "Column",
    "Profile",
    "TableSpec",
    "article_meta",
    "period_counts",
    "profile_of",
    "table_rows",
]


@dataclass(frozen=True, slots=True)
class Column:
    """One column: the row attribute it shows (and sorts by), its header and width."""

    key: str
    header: str
    width: int  # cells; 0: takes what is left
    numeric: bool = False


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str  # speakers | entities | figures
    title: str
    columns: tuple[Column, ...]
    default_sort: str

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


TABLES: dict[str, TableSpec] = {
    "speakers": TableSpec(
        "speakers",
        "Speakers",
        (
            Column("name", "Speaker", 0),
            Column("quotes", "Quotes", 9, True),
            Column("articles", "Articles", 10, True),
            Column("roles", "Roles", 24),
            Column("sources", "Sources", 14),
            Column("first_date", "First", 12),
            Column("last_date", "Last", 12),
        ),
        "quotes",
    ),
    "entities": TableSpec(
        "entities",
        "Entities",
        (
            Column("name", "Entity", 0),
            Column("type", "Type", 10),
            Column("mentions", "Mentions", 10, True),
            Column("articles", "Articles", 10, True),
        ),
        "mentions",
    ),
    "figures": TableSpec(
        "figures",
        "Figures",
        (
            Column("value", "Value", 12, True),
            Column("unit", "Unit", 6),
            Column("kind", "Kind", 10),
            Column("noun", "Noun", 16),
            Column("date", "Date", 12),
            Column("title", "Article", 0),
        ),
        "value",
    ),
}

TableRow = SpeakerRow | EntityTableRow | FigureTableRow
_FETCH: dict[str, Callable[..., list[Any]]] = {
    "speakers": speakers_table,
    "entities": entities_table,
    "figures": figures_table,
}


def _takes_offset(fn: Callable[..., Any]) -> bool:
    return "offset" in inspect.signature(fn).parameters


def _page(
    conn: sqlite3.Connection,
    table: str,
    node: Node,
    sort: str,
    descending: bool,
    limit: int,
    offset: int,
) -> list[Any]:
    """Rows ``offset`` to ``offset + limit`` of a table, in its order."""
    fetch = _FETCH[table]
    if _takes_offset(fetch):
        return fetch(conn, node, sort=sort, descending=descending, limit=limit, offset=offset)
    # The tables take no offset yet: read up to the page and keep its end (the first
    # pages, which are what a table mostly shows, cost the same).
    rows = fetch(conn, node, sort=sort, descending=descending, limit=offset + limit)
    return rows[offset:]


def count_rows(conn: sqlite3.Connection, table: str, node: Node) -> int:
    """How many rows the table has for ``node`` (exact: the list's length)."""
    if table == "speakers":
        if isinstance(node, Everything):
            return int(conn.execute("SELECT count(*) FROM speakers").fetchone()[0])
        search = Search(conn, node)
        where, params = search.compiled.quotes
        rows = search.execute(
            "SELECT count(DISTINCT q.speaker) FROM quotes q JOIN articles a ON a.n = q.article "
            f"WHERE q.speaker IS NOT NULL AND ({where})",
            list(params),
        )
        return int(rows[0][0])
    search = Search(conn, node)
    count = search.count_entities(None) if table == "entities" else search.count_figures(None)
    return count.n


def table_rows(
    conn: Callable[[], sqlite3.Connection],
    table: str,
    query: str | Node | None,
    sort: str,
    descending: bool,
) -> Paged[Any]:
    """The table for ``query`` as a paged sequence (``PAGE`` rows read when first drawn).

    ``conn`` gives the calling thread's connection (the UI draws, a worker exports).
    Raises ``QueryError`` for a query or sort column the language refuses.
    """
    node = query if isinstance(query, Node) else parse(query or "")
    total = count_rows(conn(), table, node)
    _page(conn(), table, node, sort, descending, 1, 0)  # a bad sort column says so now

    def fetch(limit: int, offset: int) -> list[Any]:
        return _page(conn(), table, node, sort, descending, limit, offset)

    return Paged(total, fetch)


def row_values(table: str, row: Any) -> dict[str, Any]:
    """A table row as the values its columns show (lists kept as lists)."""
    if table == "speakers":
        return {
            "name": row.name,
            "quotes": row.quotes,
            "articles": row.articles,
            "roles": list(row.roles),
            "sources": list(row.sources),
            "first_date": row.first_date,
            "last_date": row.last_date,
        }
    if table == "entities":
        return {
            "name": row.name,
            "type": row.type,
            "mentions": row.mentions,
            "articles": row.articles,
        }
    return {
        "value": row.value,
        "unit": row.unit,
        "kind": row.kind,
        "noun": row.noun,
        "date": row.date,
        "title": row.title,
        "path": row.path,
        "article_id": row.article_id,
        "start": row.start,
        "end": row.end,
    }


def article_meta(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Title, source, date, path and URL of each article (by id), read in chunks."""
    wanted = list(dict.fromkeys(ids))
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for aid, title, source, date, path, url in conn.execute(
            f"SELECT id, title, source, date, path, url FROM articles WHERE id IN ({marks})", chunk
        ):
            out[aid] = {"title": title, "source": source, "date": date, "path": path, "url": url}
    return out


# ----------------------------------------------------------------------------- profiles


@dataclass(slots=True)
class Profile:
    """Who or what a profile is about, and the conditions that gather its parts.

    ``entity`` is the entity's row number in the index (None: the speaker is never named
    as an entity); ``speaker`` the speaker's name as quotes give it (None: never quoted).
    The ``*_where`` fields are conditions for ``ReadModel.all_quotes``/``all_figures``.
    """

    name: str
    type: str | None
    entity: int | None
    speaker: str | None
    mentions: int = 0
    mention_articles: int = 0
    quotes: int = 0
    quotes_about: int = 0
    own_quotes_where: tuple[str, list[Any]] | None = None
    about_where: tuple[str, list[Any]] | None = None
    figures_where: tuple[str, list[Any]] = ("0", [])
    speakers_about: list[tuple[str, int]] = field(default_factory=list)
    named_with: list[tuple[str, str, int]] = field(default_factory=list)


# A quote is "about" an entity when the entity is named in the sentence the quote starts
# in (the index keeps each mention's sentence), and the quote is not the entity's own.
# Driven from the entity's mentions (its primary key), then each article's quotes.
_ABOUT = (
    "q.q IN (SELECT q2.q FROM mentions m JOIN quotes q2 ON q2.article = m.article "
    "AND q2.sent = m.sent WHERE m.e = ?) "
    "AND (q.speaker IS NULL OR q.speaker != coalesce(?, ''))"
)
# A speaker's quotes, found through the folded name's index.
_BY = "q.speaker_fold = ? AND q.speaker = ?"


def profile_of(
    conn: sqlite3.Connection,
    *,
    entity: tuple[str, str] | None = None,
    speaker: str | None = None,
    top: int = 12,
) -> Profile:
    """The profile of an entity ``(canonical, type)`` or a speaker (their name as quoted).

    An entity that is also a speaker (a person quoted under the same name) gets both
    halves, and so does a speaker named as an entity.
    """
    e: int | None = None
    name = speaker or (entity[0] if entity else "")
    type_: str | None = None
    if entity is not None:
        row = conn.execute(
            "SELECT e, type FROM entities WHERE canonical = ? AND type = ?", entity
        ).fetchone()
        if row is not None:
            e, type_ = row
    elif speaker is not None:
        row = conn.execute(
            "SELECT e, type FROM entities WHERE canonical = ? "
            "ORDER BY type = 'PERSON' DESC, mentions DESC LIMIT 1",
            (speaker,),
        ).fetchone()
        if row is not None:
            e, type_ = row
    if speaker is None and entity is not None:
        found = conn.execute("SELECT speaker FROM speakers WHERE speaker = ?", (entity[0],))
        speaker = next((r[0] for r in found), None)
    profile = Profile(name, type_, e, speaker)
    if e is not None:
        profile.mentions, profile.mention_articles = conn.execute(
            "SELECT mentions, articles FROM entities WHERE e = ?", (e,)
        ).fetchone()
        profile.about_where = (_ABOUT, [e, speaker])
        profile.quotes_about = int(
            conn.execute(f"SELECT count(*) FROM quotes q WHERE {_ABOUT}", (e, speaker)).fetchone()[
                0
            ]
        )
        profile.speakers_about = [
            (s, n)
            for s, n in conn.execute(
                f"SELECT q.speaker, count(*) AS n FROM quotes q WHERE {_ABOUT} "
                "AND q.speaker IS NOT NULL GROUP BY q.speaker ORDER BY n DESC, q.speaker LIMIT ?",
                (e, speaker, top),
            )
        ]
        profile.named_with = [
            (c, t, n)
            for c, t, n in conn.execute(
                "SELECT e2.canonical, e2.type, count(*) AS n FROM mentions m "
                "JOIN mentions m2 ON m2.article = m.article AND m2.sent = m.sent AND m2.e != m.e "
                "JOIN entities e2 ON e2.e = m2.e WHERE m.e = ? "
                "GROUP BY m2.e ORDER BY n DESC, e2.fold LIMIT ?",
                (e, top),
            )
        ]
        # Figures in a sentence that names them (issue 9: not every figure of the article).
        profile.figures_where = (
            "f.f IN (SELECT f2.f FROM mentions m JOIN figures f2 ON f2.article = m.article "
            "AND f2.sent = m.sent WHERE m.e = ?)",
            [e],
        )
    if speaker is not None:
        by = [fold(speaker), speaker]
        profile.own_quotes_where = (_BY, by)
        profile.quotes = int(
            conn.execute(f"SELECT count(*) FROM quotes q WHERE {_BY}", by).fetchone()[0]
        )
        if e is None:
            # Never named as an entity: what they said is what they are known by.
            profile.named_with = [
                (c, t, n)
                for c, t, n in conn.execute(
                    "SELECT e2.canonical, e2.type, count(*) AS n FROM quotes q "
                    "JOIN mentions m2 ON m2.article = q.article AND m2.sent = q.sent "
                    f"JOIN entities e2 ON e2.e = m2.e WHERE {_BY} "
                    "GROUP BY m2.e ORDER BY n DESC, e2.fold LIMIT ?",
                    (*by, top),
                )
            ]
            profile.figures_where = (
                "f.f IN (SELECT f2.f FROM quotes q JOIN figures f2 ON f2.article = q.article "
                f"AND f2.sent = q.sent WHERE {_BY})",
                by,
            )
    return profile


def period_counts(
    conn: sqlite3.Connection, profile: Profile
) -> tuple[str, list[str], list[int], list[int]]:
    """A timeline: ("week" or "month", the periods from first to last, mentions per
    period, quotes per period: by them, or about them when they are never quoted).

    Undated articles are left out; no dated article gives no periods.
    """
    by_date_mentions: dict[str, int] = {}
    by_date_quotes: dict[str, int] = {}
    if profile.entity is not None:
        for date, n in conn.execute(
            "SELECT a.date, sum(m.count) FROM mentions m JOIN articles a ON a.n = m.article "
            "WHERE m.e = ? AND a.date IS NOT NULL GROUP BY a.date",
            (profile.entity,),
        ):
            by_date_mentions[date] = int(n)
    if profile.own_quotes_where is not None:
        rows = conn.execute(
            "SELECT a.date, count(*) FROM quotes q JOIN articles a ON a.n = q.article "
            f"WHERE {profile.own_quotes_where[0]} AND a.date IS NOT NULL GROUP BY a.date",
            profile.own_quotes_where[1],
        )
    elif profile.about_where is not None:
        rows = conn.execute(
            "SELECT a.date, count(*) FROM quotes q JOIN articles a ON a.n = q.article "
            f"WHERE {profile.about_where[0]} AND a.date IS NOT NULL GROUP BY a.date",
            profile.about_where[1],
        )
    else:
        rows = conn.execute("SELECT 1, 1 WHERE 0")
    for date, n in rows:
        by_date_quotes[date] = int(n)
    days = sorted(
        d for d in (_day(s) for s in {*by_date_mentions, *by_date_quotes}) if d is not None
    )
    if not days:
        return "month", [], [], []
    weekly = (days[-1] - days[0]).days <= 26 * 7
    unit = "week" if weekly else "month"

    def bucket(day: dt.date) -> str:
        if weekly:
            monday = day - dt.timedelta(days=day.weekday())
            return monday.isoformat()
        return f"{day.year:04}-{day.month:02}"

    periods = _periods(days[0], days[-1], weekly)
    index = {p: i for i, p in enumerate(periods)}
    mentions = [0] * len(periods)
    quotes = [0] * len(periods)
    for source, target in ((by_date_mentions, mentions), (by_date_quotes, quotes)):
        for text, n in source.items():
            day = _day(text)
            if day is not None:
                target[index[bucket(day)]] += n
    return unit, periods, mentions, quotes


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except (TypeError, ValueError):
        return None


def _periods(first: dt.date, last: dt.date, weekly: bool) -> list[str]:
    """Every week (by its Monday) or month from ``first`` to ``last``, empty ones included."""
    out: list[str] = []
    if weekly:
        day = first - dt.timedelta(days=first.weekday())
        while day <= last:
            out.append(day.isoformat())
            day += dt.timedelta(days=7)
        return out
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(f"{year:04}-{month:02}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
