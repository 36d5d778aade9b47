"""Answers to a query, gathered from the index: search results and corpus tables as plain rows.

What ``newsexplore search`` and ``newsexplore table`` print (and what the app can export)
comes from here, headless: rows are dicts of JSON-ready values, item texts are sliced from
the articles as stored. The index says which shard holds an article, so showing twenty
quotes reads a few shards and never the store's whole main file.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from store.readmodel.query import (
    EntityName,
    EntityType,
    Kind,
    Role,
    Speaker,
    Unit,
    ValueRange,
    leaves,
)
from store.readmodel.sql import COUNT_CAP, Count, QuoteRow, Search
from store.readmodel.tables import entities_table, figures_table, speakers_table

if TYPE_CHECKING:
    from store.db import Store
    from store.records import Extraction

__all__ = [
    "REGEX_BUDGET_S",
    "SECTIONS",
    "TABLES",
    "SearchAnswer",
    "regex_answer",
    "search_answer",
    "table_rows",
]

SECTIONS = ("entities", "quotes", "figures", "articles")
TABLES = ("speakers", "entities", "figures")
# How long a regular expression may run over every article before the search stops there.
REGEX_BUDGET_S = 10.0
_REGEX_HELP = "; narrow the pattern (anchor it, or start with a plain word)"


@dataclass(slots=True)
class SearchAnswer:
    """One query's results, each section cut at the limit asked for, with its full count."""

    query: str
    regex: bool = False
    order: tuple[str, ...] = SECTIONS
    articles: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, Count] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # article id -> title
    notes: list[str] = field(default_factory=list)  # said on stderr (a regex out of time)

    def section(self, name: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = getattr(self, name)
        return rows

    def to_dict(self) -> dict[str, Any]:
        """The ``search --json`` contract: ``query``, ``articles`` as ids, then ``entities``,
        ``quotes`` and ``figures`` (each quote and figure with its ``article_id``)."""
        return {
            "query": self.query,
            "articles": [a["id"] for a in self.articles],
            "entities": self.entities,
            "quotes": self.quotes,
            "figures": self.figures,
        }


def _first_sections(search: Search) -> tuple[str, ...]:
    """The sections the query asked for first: speaker:/role: quotes, kind:/unit:/value
    figures, type:/entity: entities; then the rest in the usual order."""
    asked: list[str] = []
    for leaf in leaves(search.node):
        if isinstance(leaf, Speaker | Role):
            asked.append("quotes")
        elif isinstance(leaf, Kind | Unit | ValueRange):
            asked.append("figures")
        elif isinstance(leaf, EntityName | EntityType):
            asked.append("entities")
    return tuple(dict.fromkeys([*asked, *SECTIONS]))


# ----- item texts, read from the shards the index names ------------------------------------


def _shards(conn: sqlite3.Connection, ids: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        out.update(conn.execute(f"SELECT id, shard FROM articles WHERE id IN ({marks})", chunk))
    return out


def load_items(
    conn: sqlite3.Connection, store: Store, ids: Iterable[str]
) -> dict[str, tuple[str, Extraction]]:
    """(text, items) of each article, read from the shard the index names for it.

    Reading one shard by its number skips the store's main file (0.3 s on 22,000
    articles); each document is checked as every store read is. An article that is not
    where the index says (the store moved on) is looked up the ordinary way.
    """
    from store import codec
    from store.db import doc_id_for
    from store.storage import StoreError

    wanted = list(dict.fromkeys(ids))
    out: dict[str, tuple[str, Extraction]] = {}
    for aid, shard in _shards(conn, wanted).items():
        try:
            docs, order = store._read_shard(shard)
        except (StoreError, OSError):  # a shard that is gone: the slow path below says why
            continue
        doc = store._doc(shard, docs, order, str(doc_id_for(aid)), {"id": aid})
        if doc is not None and isinstance(doc.get("text"), str):
            out[aid] = (doc["text"], codec.decode(doc["text"], doc["items"], order))
    for aid in wanted:
        if aid not in out:
            try:
                article, extraction = store.load(aid)
            except KeyError:
                continue
            out[aid] = (article.text, extraction)
    return out


def _span(text: str, start: Any, end: Any) -> str | None:
    if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text):
        return text[start:end]
    return None


def _stored(
    row: Any, items: dict[str, tuple[str, Extraction]], kind: str
) -> tuple[str, Any | None]:
    """The article text of an index row, and its item of ``kind`` as stored (None if gone)."""
    text, extraction = items.get(row.article_id, ("", None))
    if extraction is None:
        return text, None
    same = (x for x in getattr(extraction, kind) if x.start == row.start and x.end == row.end)
    return text, next(same, None)


def _quote_rows(rows: list[Any], items: dict[str, tuple[str, Extraction]]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        text, stored = _stored(r, items, "quotes")
        out.append(
            {
                "article_id": r.article_id,
                "text": stored.text if stored is not None else _span(text, r.start, r.end),
                "speaker": stored.speaker if stored is not None else r.speaker,
                "speaker_role": stored.speaker_role if stored is not None else r.role,
                "start": r.start,
                "end": r.end,
            }
        )
    return out


def _figure_rows(rows: list[Any], items: dict[str, tuple[str, Extraction]]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        text, stored = _stored(r, items, "figures")
        out.append(
            {
                "article_id": r.article_id,
                "text": stored.text if stored is not None else _span(text, r.start, r.end),
                "kind": r.kind,
                "value": stored.value if stored is not None else r.value,
                "unit": r.unit,
                "noun": r.noun,
                "context": stored.context if stored is not None else None,
                "start": r.start,
                "end": r.end,
            }
        )
    return out


def _titles(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, str]:
    wanted = list(dict.fromkeys(ids))
    out: dict[str, str] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        marks = ",".join("?" * len(chunk))
        out.update(conn.execute(f"SELECT id, title FROM articles WHERE id IN ({marks})", chunk))
    return out


def _article(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "date": row.date,
        "source": row.source,
        "path": row.path,
    }


def _count(shown: int, limit: int | None, count: Any) -> Count:
    """The full count of a section: what was shown when nothing was cut, else counted."""
    if limit is None or shown < limit:
        return Count(shown)
    result: Count = count(COUNT_CAP)
    return result


def search_answer(
    conn: sqlite3.Connection, store: Store, query: str, limit: int | None = 20
) -> SearchAnswer:
    """Every section of ``query`` (``limit`` rows each; None: all of them).

    Raises ``QueryError`` (a ``ValueError``, one line) for a query the language refuses.
    """
    search = Search(conn, query)
    lim = -1 if limit is None else limit
    articles = search.articles(limit=lim)
    entities = search.entities(limit=lim)
    quotes = search.quotes(limit=lim)
    figures = search.figures(limit=lim)
    items = load_items(
        conn, store, [*(r.article_id for r in quotes), *(r.article_id for r in figures)]
    )
    answer = SearchAnswer(
        query=query,
        order=_first_sections(search),
        articles=[_article(r) for r in articles],
        entities=[
            {
                "canonical": e.canonical,
                "type": e.type,
                "mentions": e.mentions,
                "articles": e.articles,
            }
            for e in entities
        ],
        quotes=_quote_rows(quotes, items),
        figures=_figure_rows(figures, items),
    )
    answer.totals = {
        "articles": _count(len(articles), limit, search.count_articles),
        "entities": _count(len(entities), limit, search.count_entities),
        "quotes": _count(len(quotes), limit, search.count_quotes),
        "figures": _count(len(figures), limit, search.count_figures),
    }
    answer.titles = _titles(
        conn, [*(r.article_id for r in quotes), *(r.article_id for r in figures)]
    )
    return answer


# ----- regular expressions over the article texts ------------------------------------------


def regex_answer(
    conn: sqlite3.Connection,
    store: Store,
    pattern_text: str,
    limit: int | None = 20,
    budget_s: float = REGEX_BUDGET_S,
) -> SearchAnswer:
    """Articles whose text matches a user's regular expression, with the quotes and entity
    names it matches; ``PatternError`` (a ``ValueError``) for a pattern refused at once.

    The pattern runs over each article's text as the index holds it: folded as words are
    (case, accents and compatibility forms: ``tony\\s+blair`` finds "Tony\\nBlair"), with
    ``^``/``$`` at each line. All of it runs within ``budget_s`` seconds; past that the
    search stops, keeps what it found and says how much of the store it covered.
    """
    import regex

    from store.readmodel.literals import may_match, required, sql_filter, trigram_query
    from store.userregex import compile_user_regex

    flags = regex.IGNORECASE | regex.FULLCASE | regex.MULTILINE
    pattern = compile_user_regex(pattern_text, flags)
    deadline = time.monotonic() + budget_s
    answer = SearchAnswer(query=pattern_text, regex=True)
    stopped: str | None = None

    # Every match holds some literal text (groups of strings, one of each): only the
    # articles whose trigrams hold it are read, and only strings holding it are matched.
    groups = required(pattern_text)
    tri = trigram_query(groups)
    (n_tri,) = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE name IN ('text_tri', 'quote_tri')"
    ).fetchone()
    has_tri = n_tri == 2

    def scan(sql: str, what: str, params: Sequence[Any] = (), skipped: int = 0) -> list[Any]:
        nonlocal stopped
        hits: list[Any] = []
        if stopped is not None:
            return hits
        (total,) = conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()
        for done, (key, body) in enumerate(conn.execute(sql, params)):
            left = deadline - time.monotonic()
            try:
                if left <= 0:
                    raise TimeoutError
                if (
                    isinstance(body, str)
                    and may_match(groups, body, folded=True)
                    and pattern.search(body, timeout=left)
                ):
                    hits.append(key)
            except TimeoutError:
                stopped = (
                    f"the pattern ran past its {budget_s:g} s budget after {done + skipped:,} "
                    f"of {total + skipped:,} {what}: the results cover those only{_REGEX_HELP}"
                )
                break
        return hits

    if tri is not None and has_tri:
        (everything,) = conn.execute("SELECT count(*) FROM text_fts").fetchone()
        (holding,) = conn.execute(
            "SELECT count(*) FROM text_tri WHERE text_tri MATCH ?", (tri,)
        ).fetchone()
        matched = scan(
            "SELECT rowid, body FROM text_fts WHERE rowid IN "
            "(SELECT rowid FROM text_tri WHERE text_tri MATCH ?)",
            "articles",
            (tri,),
            everything - holding,
        )
    else:
        matched = scan("SELECT rowid, body FROM text_fts", "articles")
    # Quotes and names are folded: only those holding the literal text are read out.
    said, said_params = sql_filter(groups, "body")
    if tri is not None and has_tri:
        said += " AND rowid IN (SELECT rowid FROM quote_tri WHERE quote_tri MATCH ?)"
        said_params.append(tri)
    quote_ids = scan(f"SELECT rowid, body FROM quote_fts WHERE {said}", "quotes", said_params)
    names, names_params = sql_filter(groups, "fold")
    entity_ids = scan(f"SELECT e, fold FROM entities WHERE {names}", "entity names", names_params)
    if stopped is not None:
        answer.notes.append(stopped)
    lim = -1 if limit is None else limit
    article_rows = _rows_in(
        conn,
        "SELECT id, title, date, source, path FROM articles WHERE n IN ({}) ORDER BY path, id",
        matched,
    )
    entity_rows = _rows_in(
        conn,
        "SELECT canonical, type, mentions, articles FROM entities WHERE e IN ({}) "
        "ORDER BY mentions DESC, fold, type",
        entity_ids,
    )
    quote_rows = _rows_in(
        conn,
        'SELECT q.q, a.id, q.start, q."end", q.speaker, q.role FROM quotes q '
        "JOIN articles a ON a.n = q.article WHERE q.q IN ({}) ORDER BY a.path, a.id, q.start",
        quote_ids,
    )
    cut = slice(None) if lim < 0 else slice(lim)
    quotes = [QuoteRow(*r) for r in quote_rows[cut]]
    items = load_items(conn, store, [q.article_id for q in quotes])
    answer.articles = [
        {"id": i, "title": t, "date": d, "source": s, "path": p}
        for i, t, d, s, p in article_rows[cut]
    ]
    answer.entities = [
        {"canonical": c, "type": t, "mentions": m, "articles": a} for c, t, m, a in entity_rows[cut]
    ]
    answer.quotes = _quote_rows(quotes, items)
    answer.totals = {
        "articles": Count(len(article_rows)),
        "entities": Count(len(entity_rows)),
        "quotes": Count(len(quote_rows)),
        "figures": Count(0),
    }
    answer.titles = _titles(conn, [q.article_id for q in quotes])
    return answer


def _rows_in(conn: sqlite3.Connection, sql: str, keys: list[Any]) -> list[tuple[Any, ...]]:
    """``sql`` (with ``{}`` for the key list) over ``keys``, chunked; sorted again as a whole."""
    if not keys:
        return []
    # One temporary table keeps the ORDER BY over every key, not per chunk.
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _keys(k PRIMARY KEY) WITHOUT ROWID")
    conn.execute("DELETE FROM _keys")
    conn.executemany("INSERT OR IGNORE INTO _keys(k) VALUES (?)", ((k,) for k in keys))
    rows = conn.execute(sql.format("SELECT k FROM _keys")).fetchall()
    conn.execute("DELETE FROM _keys")
    return rows


# ----- corpus tables -----------------------------------------------------------------------

DEFAULT_SORT = {"speakers": "quotes", "entities": "mentions", "figures": "value"}


def table_rows(
    conn: sqlite3.Connection,
    store: Store,
    table: str,
    query: str = "",
    *,
    sort: str | None = None,
    descending: bool = True,
    limit: int | None = 20,
) -> list[dict[str, Any]]:
    """One row per speaker, entity or figure the query matches, most first (by ``sort``).

    speakers: name, quotes, articles, roles, sources, first_date, last_date;
    entities: name, type, mentions, articles;
    figures: text, value, unit, kind, noun, article_id, title, date, path, start, end.
    Raises ``QueryError`` for a query, or a sort column, it does not know.
    """
    sort = sort or DEFAULT_SORT[table]
    if table == "speakers":
        return [
            {
                "name": r.name,
                "quotes": r.quotes,
                "articles": r.articles,
                "roles": list(r.roles),
                "sources": list(r.sources),
                "first_date": r.first_date,
                "last_date": r.last_date,
            }
            for r in speakers_table(conn, query, sort=sort, descending=descending, limit=limit)
        ]
    if table == "entities":
        return [
            {"name": r.name, "type": r.type, "mentions": r.mentions, "articles": r.articles}
            for r in entities_table(conn, query, sort=sort, descending=descending, limit=limit)
        ]
    rows = figures_table(conn, query, sort=sort, descending=descending, limit=limit)
    items = load_items(conn, store, [r.article_id for r in rows])
    out = []
    for r in rows:
        text = items.get(r.article_id, ("", None))[0]
        out.append(
            {
                "text": _span(text, r.start, r.end),
                "value": r.value,
                "unit": r.unit,
                "kind": r.kind,
                "noun": r.noun,
                "article_id": r.article_id,
                "title": r.title,
                "date": r.date,
                "path": r.path,
                "start": r.start,
                "end": r.end,
            }
        )
    return out
