"""Compile a query's syntax tree into parameterised SQL over the read model, and run it.

Every pane follows one rule (today's, generalised to OR and exclusion): an item is
shown when it matches the whole query, where each term that applies to its kind is
tested on the item itself and every other term on the item's article, and its
article matches the query too. Words apply to articles (title and text), entities
(their name), quotes (their text or speaker) and figures (noun, unit, kind);
``entity:`` applies to entities and, for figures, means "in the same sentence as a
mention"; ``speaker:``/``role:`` apply to quotes and, for figures, mean "in a
sentence of one of their quotes"; ``type:`` to entities; ``kind:``/``unit:``/``value``
to figures; ``title: source: path: lang: date:`` to articles only.

No user text is ever formatted into SQL: values are bound parameters, and full-text
MATCH strings quote every word as an FTS5 string.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from store.readmodel.query import (
    And,
    DateRange,
    EntityName,
    EntityType,
    Everything,
    Kind,
    Lang,
    Node,
    Not,
    Or,
    PathPart,
    Phrase,
    QueryError,
    Role,
    SourcePart,
    Speaker,
    Title,
    Unit,
    ValueRange,
    Word,
    leaves,
    parse,
)

__all__ = [
    "COUNT_CAP",
    "FEW_ARTICLES",
    "SET_NAME",
    "ArticleRow",
    "Compiled",
    "Count",
    "EntityRow",
    "FigureRow",
    "QuoteRow",
    "Search",
    "compile_query",
    "fill_set",
    "fts_phrase",
    "fts_word",
    "gather_entities",
    "new_set_name",
    "set_clause",
]

COUNT_CAP = 10_000  # counts past this are shown as "10,000+"
# Up to this many matching articles, lists are sorted from the set; past it, pages walk the
# articles in path order (an index) and stop once a page is full.
FEW_ARTICLES = 2_000
# A query's matching articles are worked out once, into a temporary table of this name
# pattern on the connection asking, and every pane's statement reads that table.
SET_NAME = re.compile(r"\btemp\.(rm_set_[0-9]+)\b")
_SET_IDS = itertools.count(1)
_SETS_KEPT = 16  # temporary sets kept per connection (older ones are dropped)
# Relative tolerance for value comparisons: "£1.1bn" is stored as 1.1 * 1e9 in floating point.
_VALUE_EPS = 1e-9

Frag = tuple[str, list[Any]]
_TRUE: Frag = ("1", [])
# "The sentence of a figure holds a mention": one integer per (article, sentence), as
# article * 2**32 + sentence (a sentence number is below 2**32: no text is 4 GB long).
# SQLite answers NOT ((a, b) IN (SELECT ...)) by running the subquery again per row
# (measured: 9.9 s for 13k figures); NOT (key IN (SELECT ...)) reads a list made once (33 ms).
_SENT_KEY = "{0}.article * 4294967296 + {0}.sent"

# A character that is not part of a word, for GLOB patterns over folded names: ASCII
# letters and digits, Latin letters with accents (U+00C0..U+024F, IPA) and Greek and
# Cyrillic are word characters; anything else separates words.
_SEP = "[^0-9a-z\u00c0-\u02af\u0370-\u052f]"


# ----------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class Count:
    """A count, exact or capped (``capped``: at least ``n``)."""

    n: int
    capped: bool = False

    def __str__(self) -> str:
        return f"{self.n:,}+" if self.capped else f"{self.n:,}"


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: str
    title: str
    date: str | None
    source: str | None
    path: str
    n_entities: int
    n_quotes: int
    n_figures: int


@dataclass(frozen=True, slots=True)
class EntityRow:
    canonical: str
    type: str
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """A matching quote: its text is ``article text[start:end]`` (sliced by the caller)."""

    q: int
    article_id: str
    start: int | None
    end: int | None
    speaker: str | None
    role: str | None


@dataclass(frozen=True, slots=True)
class FigureRow:
    """A matching figure: its text is ``article text[start:end]`` (sliced by the caller)."""

    f: int
    article_id: str
    start: int | None
    end: int | None
    kind: str
    value: float | None
    unit: str | None
    noun: str | None


# ----------------------------------------------------------------------------- FTS5 and GLOB


def fts_word(word: str, prefix: bool) -> str:
    """One word as an FTS5 string (internal quotes doubled), ``*`` after it for a prefix."""
    return '"' + word.replace('"', '""') + '"' + ("*" if prefix else "")


def fts_phrase(words: Sequence[str]) -> str:
    """Words as one FTS5 phrase string: they must occur in this order, side by side."""
    return '"' + " ".join(words).replace('"', '""') + '"'


def _glob_words(words: Sequence[str], phrase: bool) -> list[str]:
    """GLOB patterns over ``' ' || folded name || ' '`` that ``words`` must all match.

    Words hold only letters and digits (query.word_tokens), never GLOB's ``* ? [ ]``.
    A word matches a word of the name starting with it (from three letters on, like
    words in the text); a phrase matches its words side by side, whole.
    """
    if phrase:
        return ["*" + _SEP + _SEP.join(words) + _SEP + "*"]
    return ["*" + _SEP + w + ("*" if len(w) >= 3 else _SEP + "*") for w in words]


def _glob(column: str, words: Sequence[str], phrase: bool) -> Frag:
    patterns = _glob_words(words, phrase)
    target = f"(' ' || coalesce({column}, '') || ' ')"
    # instr() on the bare column first: a substring test is ~40x cheaper than GLOB's
    # leading "*[^…]" and ~10x cheaper than on the padded copy (no string is built), and
    # it rules out almost every row before GLOB checks the word boundary.
    needles = [max(words, key=len)] if phrase else list(words)
    sql = " AND ".join(
        f"instr(coalesce({column}, ''), ?) > 0 AND {target} GLOB ?" for _ in patterns
    )
    return "(" + sql + ")", [x for pair in zip(needles, patterns, strict=True) for x in pair]


# ----------------------------------------------------------------------------- leaves


def _text_match(node: Word | Phrase | Title) -> str:
    if isinstance(node, Word):
        return fts_word(node.text, node.prefix)
    if isinstance(node, Phrase):
        return fts_phrase(node.words)
    if node.phrase:
        inner = fts_phrase(node.words)
    else:
        inner = " AND ".join(fts_word(w, len(w) >= 3) for w in node.words)
    return f"title : ({inner})"


def _entity_cond(node: EntityName | EntityType, alias: str = "e") -> Frag:
    if isinstance(node, EntityType):
        return f"{alias}.type = ?", [node.type]
    return _glob(f"{alias}.fold", node.words, node.phrase)


def _speaker_cond(node: Speaker | Role, alias: str = "q") -> Frag:
    if isinstance(node, Speaker):
        # The names are matched in the speakers table (one row per speaker, ~20x fewer
        # than quotes), then the quotes found by the speaker_fold index. IS NOT NULL keeps
        # an unattributed quote false, not NULL, so NOT speaker:… still keeps it.
        sql, params = _glob("s.fold", node.words, node.phrase)
        return (
            f"({alias}.speaker_fold IS NOT NULL AND {alias}.speaker_fold IN "
            f"(SELECT s.fold FROM speakers s WHERE {sql}))",
            params,
        )
    # Roles are stored as written; lower() folds their ASCII letters, the common case.
    return _glob(f"lower({alias}.role)", node.words, node.phrase)


def _figure_cond(node: Kind | Unit | ValueRange, alias: str = "f") -> Frag:
    if isinstance(node, Kind):
        return f"{alias}.kind = ?", [node.kind]
    if isinstance(node, Unit):
        return f"({alias}.unit IS NOT NULL AND {alias}.unit = ?)", [node.unit]
    parts = [f"{alias}.value IS NOT NULL"]
    params: list[Any] = []
    if node.lo is not None:
        eps = abs(node.lo) * _VALUE_EPS
        parts.append(f"{alias}.value >= ?" if node.lo_inclusive else f"{alias}.value > ?")
        params.append(node.lo - eps if node.lo_inclusive else node.lo + eps)
    if node.hi is not None:
        eps = abs(node.hi) * _VALUE_EPS
        parts.append(f"{alias}.value <= ?" if node.hi_inclusive else f"{alias}.value < ?")
        params.append(node.hi + eps if node.hi_inclusive else node.hi - eps)
    if node.unit is not None:
        parts.append(f"{alias}.unit = ?")
        params.append(node.unit)
    return "(" + " AND ".join(parts) + ")", params


def _facet(node: EntityType | Kind | Unit) -> Frag:
    """Articles holding an entity of the type, a figure of the kind or in the unit."""
    if isinstance(node, EntityType):
        facet = f"type:{node.type}"
    elif isinstance(node, Kind):
        facet = f"kind:{node.kind}"
    else:
        facet = f"unit:{node.unit}"
    return "a.n IN (SELECT fc.article FROM article_facets fc WHERE fc.facet = ?)", [facet]


def _article_leaf(node: Node) -> Frag:
    """The leaf as a condition on the article row ``a``."""
    if isinstance(node, Word | Phrase | Title):
        return "a.n IN (SELECT rowid FROM text_fts WHERE text_fts MATCH ?)", [_text_match(node)]
    if isinstance(node, Speaker | Role):
        sql, params = _speaker_cond(node, "qa")
        return f"a.n IN (SELECT qa.article FROM quotes qa WHERE {sql})", params
    if isinstance(node, EntityType | Kind | Unit):
        # One range of the facets table, not every mention or figure of that type/kind/unit.
        return _facet(node)
    if isinstance(node, EntityName):
        sql, params = _entity_cond(node, "ea")
        return (
            "a.n IN (SELECT ma.article FROM mentions ma "
            f"WHERE ma.e IN (SELECT ea.e FROM entities ea WHERE {sql}))",
            params,
        )
    if isinstance(node, ValueRange):
        sql, params = _figure_cond(node, "fa")
        return f"a.n IN (SELECT fa.article FROM figures fa WHERE {sql})", params
    if isinstance(node, SourcePart):
        return "instr(lower(coalesce(a.source, '')), ?) > 0", [node.text]
    if isinstance(node, PathPart):
        return "instr(lower(a.path), ?) > 0", [node.text]
    if isinstance(node, Lang):
        return (
            "(a.lang IS NOT NULL AND (lower(a.lang) = ? OR substr(lower(a.lang), 1, ?) = ?))",
            [node.code, len(node.code) + 1, node.code + "-"],
        )
    if isinstance(node, DateRange):
        parts = ["a.date IS NOT NULL"]
        bounds: list[Any] = []
        if node.lo is not None:
            parts.append("a.date >= ?")
            bounds.append(node.lo)
        if node.hi is not None:
            parts.append("a.date < ?")
            bounds.append(node.hi)
        return "(" + " AND ".join(parts) + ")", bounds
    raise AssertionError(f"not a leaf: {node!r}")


_APPLIES: dict[str, tuple[type, ...]] = {
    "entity": (Word, Phrase, EntityName, EntityType),
    "quote": (Word, Phrase, Speaker, Role),
    "figure": (Word, Phrase, Kind, Unit, ValueRange, EntityName, Speaker, Role),
}


def _figure_words(node: Word | Phrase, figure_fts: bool) -> Frag:
    """Words on a figure: its noun, unit or kind, or a name mentioned in its sentence; and,
    with a ``figure_fts`` table (fed the figure's folded text, noun and sentence), that."""
    words = [node.text] if isinstance(node, Word) else list(node.words)
    phrase = isinstance(node, Phrase)
    # f.words: "noun unit kind" with ASCII letters lowered, written when the figure was.
    own, own_params = _glob("f.words", words, phrase)
    named, named_params = _glob("ew.fold", words, phrase)
    parts = [
        own,
        f"{_SENT_KEY.format('f')} IN (SELECT {_SENT_KEY.format('mw')} FROM mentions mw "
        f"WHERE mw.e IN (SELECT ew.e FROM entities ew WHERE {named}))",
    ]
    params = [*own_params, *named_params]
    if figure_fts:
        parts.append("f.f IN (SELECT rowid FROM figure_fts WHERE figure_fts MATCH ?)")
        params.append(_text_match(node))
    return "(" + " OR ".join(f"({p})" for p in parts) + ")", params


def _item_leaf(node: Node, kind: str, figure_fts: bool = False) -> Frag:
    """The leaf as a condition on one item (``e``, ``q`` or ``f``), or on its article ``a``."""
    if not isinstance(node, _APPLIES[kind]):
        return _article_leaf(node)
    if kind == "entity":
        if isinstance(node, Word):
            return _glob("e.fold", [node.text], False)
        if isinstance(node, Phrase):
            return _glob("e.fold", node.words, True)
        assert isinstance(node, EntityName | EntityType)
        return _entity_cond(node)
    if kind == "quote":
        if isinstance(node, Word | Phrase):
            words = [node.text] if isinstance(node, Word) else tuple(node.words)
            who, who_params = _speaker_cond(Speaker(tuple(words), isinstance(node, Phrase)))
            return (
                f"(q.q IN (SELECT rowid FROM quote_fts WHERE quote_fts MATCH ?) OR {who})",
                [_text_match(node), *who_params],
            )
        assert isinstance(node, Speaker | Role)
        return _speaker_cond(node)
    # figures
    if isinstance(node, Word | Phrase):
        return _figure_words(node, figure_fts)
    if isinstance(node, EntityName):
        sql, params = _entity_cond(node, "ef")
        # "Figures with an entity": in the same sentence as one of its mentions.
        return (
            f"{_SENT_KEY.format('f')} IN (SELECT {_SENT_KEY.format('mf')} FROM mentions mf "
            f"WHERE mf.e IN (SELECT ef.e FROM entities ef WHERE {sql}))",
            params,
        )
    if isinstance(node, Speaker | Role):
        sql, params = _speaker_cond(node, "qf")
        # A speaker's figures: in a sentence where one of their quotes starts, or inside it.
        return (
            "EXISTS (SELECT 1 FROM quotes qf WHERE qf.article = f.article AND "
            '(qf.sent = f.sent OR (f.start >= qf.start AND f."end" <= qf."end")) '
            f"AND {sql})",
            params,
        )
    assert isinstance(node, Kind | Unit | ValueRange)
    return _figure_cond(node)


# ----------------------------------------------------------------------------- trees


def _combine(node: Node, leaf: Any, merge_text: bool = False) -> Frag:
    """``node`` as SQL, each leaf by ``leaf``; with ``merge_text`` (the article condition)
    the text terms AND-ed side by side become one full-text query, which FTS5 intersects
    itself ("we will" at 222k articles: 76 ms, vs 170 ms for two lists intersected)."""
    if isinstance(node, Everything):
        return _TRUE
    if isinstance(node, And | Or):
        children = node.children
        frags: list[Frag] = []
        if merge_text and isinstance(node, And):
            texts = [c for c in children if isinstance(c, Word | Phrase | Title)]
            if len(texts) > 1:
                match = " AND ".join(f"({_text_match(c)})" for c in texts)
                frags.append(
                    ("a.n IN (SELECT rowid FROM text_fts WHERE text_fts MATCH ?)", [match])
                )
                children = tuple(c for c in children if not isinstance(c, Word | Phrase | Title))
        frags += [_combine(c, leaf, merge_text) for c in children]
        joiner = " AND " if isinstance(node, And) else " OR "
        return "(" + joiner.join(s for s, _ in frags) + ")", [p for _, ps in frags for p in ps]
    if isinstance(node, Not):
        sql, params = _combine(node.child, leaf, merge_text)
        return f"NOT ({sql})", params
    sql, params = leaf(node)
    return sql, list(params)


def _and_all(frags: list[Frag]) -> Frag:
    frags = [f for f in frags if f != _TRUE]
    if not frags:
        return _TRUE
    return " AND ".join(f"({s})" for s, _ in frags), [p for _, ps in frags for p in ps]


def _applies(node: Node, kind: str) -> bool:
    return any(isinstance(leaf, _APPLIES[kind]) for leaf in leaves(node))


def _only_own_terms(node: Node, kind: str) -> bool:
    """True when the item condition of ``node`` tests only the item (no article terms)."""
    children = node.children if isinstance(node, And) else (node,)
    kept = [c for c in children if _applies(c, kind)]
    return all(isinstance(leaf, _APPLIES[kind]) for c in kept for leaf in leaves(c))


def _item_where(node: Node, kind: str, figure_fts: bool = False) -> Frag:
    """The item condition; top-level terms that do not apply to the kind are dropped
    (the article condition, always added, holds them already)."""
    children = node.children if isinstance(node, And) else (node,)
    kept = [c for c in children if _applies(c, kind)]
    return _and_all([_combine(c, lambda leaf: _item_leaf(leaf, kind, figure_fts)) for c in kept])


@dataclass(frozen=True, slots=True)
class Compiled:
    """WHERE clauses per pane: articles over ``a``; quotes over ``q`` joined to its article
    ``a``; figures over ``f`` joined to ``a``; entities over ``e``.

    The ``*_item`` clauses hold only the item's own part (no article condition), and
    ``entity_mode`` says how the entity pane ties its entities to the matching articles
    ("implied": it need not; "own": the entity's own terms, then named in a matching
    article; "mention": terms on the article inside the entity's condition, per mention).
    :meth:`panes` rebuilds every pane's clause over another article condition (the
    matching articles as a list of row numbers, say).
    """

    node: Node
    articles: Frag
    entities: Frag
    quotes: Frag
    figures: Frag
    entity_item: Frag = _TRUE
    quote_item: Frag = _TRUE
    figure_item: Frag = _TRUE
    entity_mode: str = "own"

    def panes(self, articles: Frag, *, few: bool = False) -> dict[str, Frag]:
        """Each pane's clause when the matching articles are ``articles`` (over ``a``).

        ``few``: the articles are few (a short list), so the entities named in them are
        gathered from their mentions; else each candidate entity looks for one mention
        in them (stopping at the first), which suits many articles or a named entity.
        """
        return {
            "articles": articles,
            "entities": _entities_clause(self, articles, few),
            "quotes": _and_all([articles, self.quote_item]),
            "figures": _and_all([articles, self.figure_item]),
        }


def _entities_clause(compiled: Compiled, articles: Frag, few: bool) -> Frag:
    item = compiled.entity_item
    if compiled.entity_mode == "implied":
        return item
    if compiled.entity_mode == "own":
        in_articles = f"SELECT a.n FROM articles a WHERE {articles[0]}"
        if few and item == _TRUE:
            # Every entity of a few articles: their mentions, once, as one set.
            named = (f"e.e IN (SELECT m.e FROM mentions m WHERE m.article IN ({in_articles}))",)
        else:
            # Per entity, its own mentions (primary key e, article) until one is in a
            # matching article; the unary + keeps SQLite from walking every matching
            # article's mentions for each entity instead.
            named = (
                "EXISTS (SELECT 1 FROM mentions m WHERE m.e = e.e AND "
                f"+m.article IN ({in_articles}))",
            )
        return _and_all([item, (named[0], articles[1])])
    inner = _and_all([articles, item])
    return (
        "e.e IN (SELECT e.e FROM mentions m JOIN articles a ON a.n = m.article "
        f"JOIN entities e ON e.e = m.e WHERE {inner[0]})",
        inner[1],
    )


def compile_query(node: Node, *, figure_fts: bool = False) -> Compiled:
    """SQL conditions for every pane of ``node`` (no database needed); ``figure_fts``: the
    index has a full-text table of figures (their text, noun and sentence) to match words."""
    articles = _combine(node, _article_leaf, merge_text=True)
    quote_item = _item_where(node, "quote")
    figure_item = _item_where(node, "figure", figure_fts)
    entity_item = _item_where(node, "entity")
    children = node.children if isinstance(node, And) else (node,)
    if all(isinstance(c, EntityName | EntityType | Everything) for c in children):
        # An entity of that name/type is named in an article that names one: implied.
        mode = "implied"
    elif _only_own_terms(node, "entity"):
        mode = "own"
    else:  # terms on the article inside the entity's condition: test them per mention
        mode = "mention"
    draft = Compiled(
        node, articles, _TRUE, _TRUE, _TRUE, entity_item, quote_item, figure_item, mode
    )
    panes = draft.panes(articles)
    return Compiled(
        node,
        articles,
        panes["entities"],
        panes["quotes"],
        panes["figures"],
        entity_item,
        quote_item,
        figure_item,
        mode,
    )


# ----------------------------------------------------------------------------- article sets


def new_set_name() -> str:
    """A fresh name for a temporary set of matching articles (unique in this process)."""
    return f"rm_set_{next(_SET_IDS)}"


def set_clause(name: str) -> Frag:
    """The condition over ``a`` "is in the set ``name``"."""
    return f"a.n IN temp.{name}", []


def fill_set(conn: sqlite3.Connection, name: str, articles: Frag) -> int:
    """Create the temporary table ``name`` of the articles ``articles`` selects; how many.

    Temporary tables live in the connection's own temporary database: the index file is
    never written (a connection in ``query_only`` mode is let write them for this one
    statement). The older sets on this connection past the last few are dropped.
    """
    sql, params = articles
    query_only = conn.execute("PRAGMA query_only").fetchone()[0]
    was_open = conn.in_transaction
    if query_only:
        conn.execute("PRAGMA query_only=OFF")
    try:
        _drop_old_sets(conn)
        conn.execute(f"CREATE TEMP TABLE {name}(n INTEGER PRIMARY KEY)")
        try:
            cur = conn.execute(
                f"INSERT INTO temp.{name}(n) SELECT a.n FROM articles a WHERE {sql}", params
            )
            count = cur.rowcount
        except BaseException:  # stopped or refused: no half-filled set left behind
            with contextlib.suppress(sqlite3.Error):
                conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
            raise
        finally:
            if conn.in_transaction and not was_open:
                conn.commit()  # the implicit transaction would pin a snapshot of the index
    finally:
        if query_only:
            conn.execute("PRAGMA query_only=ON")
    return int(count)


def gather_entities(conn: sqlite3.Connection, n: int) -> bool:
    """Whether the entity pane should gather the entities named in ``n`` matching articles
    from their mentions, rather than look, entity by entity, for one in them.

    Gathering reads the matching articles' mentions; looking reads, for each entity not
    in them, all its mentions. Measured at 22k articles: gathering wins up to about a
    third of the articles (2,920 articles: 75 ms vs 227 ms; 7,880: even; 10,138: 280 vs 78).
    """
    top = conn.execute("SELECT max(n) FROM articles").fetchone()[0] or 0
    return n <= max(FEW_ARTICLES, int(top) // 4)


def _drop_old_sets(conn: sqlite3.Connection) -> None:
    rows = conn.execute(
        "SELECT name FROM temp.sqlite_master WHERE type = 'table' AND name LIKE 'rm\\_set\\_%' "
        "ESCAPE '\\'"
    ).fetchall()
    names = sorted((str(r[0]) for r in rows), key=lambda n: int(n.rsplit("_", 1)[1]))
    for old in names[: max(len(names) - _SETS_KEPT + 1, 0)]:
        conn.execute(f"DROP TABLE IF EXISTS temp.{old}")


# ----------------------------------------------------------------------------- running


def _check_facets(conn: sqlite3.Connection, node: Node) -> None:
    """Refuse fields the store has no data for, rather than answer a silent 0."""
    kinds = {type(leaf) for leaf in leaves(node)}
    for kind, column, field, hint in (
        (DateRange, "date", "date:", ""),
        (Lang, "lang", "lang:", ""),
        (SourcePart, "source", "source:", "; path: matches the file path (its folder)"),
    ):
        if kind in kinds:
            row = conn.execute(
                f"SELECT 1 FROM articles WHERE {column} IS NOT NULL LIMIT 1"
            ).fetchone()
            if row is None:
                raise QueryError(
                    f"no article in the store has a {column}, so {field} matches nothing{hint}"
                )


class Search:
    """One query over an open index: each pane's rows (paged) and counts (capped).

    Articles come in path then id order; quotes and figures in their articles' order,
    then by position; entities most mentioned first.
    """

    def __init__(self, conn: sqlite3.Connection, query: str | Node) -> None:
        self.conn = conn
        self.node = parse(query) if isinstance(query, str) else query
        _check_facets(conn, self.node)
        has_figure_fts = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'figure_fts'"
        ).fetchone()
        self.compiled = compile_query(self.node, figure_fts=has_figure_fts is not None)
        self._panes: dict[str, Frag] | None = None
        self._n: int | None = None  # matching articles, once counted into a set

    def where(self, pane: str) -> Frag:
        """The pane's condition; the first call works out the matching articles once."""
        if self._panes is None:
            self._panes = self._prepare()
        return self._panes[pane]

    def _prepare(self) -> dict[str, Frag]:
        compiled = self.compiled
        if compiled.articles == _TRUE:
            return compiled.panes(_TRUE)
        name = new_set_name()
        try:
            self._n = fill_set(self.conn, name, compiled.articles)
        except sqlite3.OperationalError:
            # A connection that cannot hold a temporary table (or a query SQLite refuses,
            # which the pane's own statement then reports): the condition as it is.
            return compiled.panes(compiled.articles)
        return compiled.panes(set_clause(name), few=gather_entities(self.conn, self._n))

    def _many(self) -> bool:
        """Whether pages should walk the articles in path order rather than sort them."""
        self.where("articles")
        return self._n is None or self._n > FEW_ARTICLES

    def execute(self, sql: str, params: list[Any]) -> list[Any]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            # What SQLite refuses (an FTS5 query too complex, say) is the query's fault.
            raise QueryError(f"the query cannot run: {exc}") from None

    def _count(self, from_where: str, params: list[Any], cap: int | None) -> Count:
        if cap is None:
            (n,) = self.execute(f"SELECT count(*) {from_where}", params)[0]
            return Count(n)
        (n,) = self.execute(
            f"SELECT count(*) FROM (SELECT 1 {from_where} LIMIT ?)", [*params, cap + 1]
        )[0]
        return Count(cap, True) if n > cap else Count(n)

    # -- articles

    def _articles_from(self, ordered: bool = False) -> Frag:
        sql, params = self.where("articles")
        # INDEXED BY: walk the articles in path order and stop when the page is full.
        walk = " INDEXED BY articles_path" if ordered and self._many() else ""
        return f"FROM articles a{walk} WHERE {sql}", params

    def articles(self, limit: int = 100, offset: int = 0) -> list[ArticleRow]:
        from_where, params = self._articles_from(ordered=True)
        rows = self.execute(
            "SELECT a.id, a.title, a.date, a.source, a.path, a.n_entities, a.n_quotes, "
            f"a.n_figures {from_where} ORDER BY a.path, a.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [ArticleRow(*r) for r in rows]

    def article_ids(self, limit: int = -1, offset: int = 0) -> list[str]:
        """Matching article ids (``limit`` -1: all of them)."""
        from_where, params = self._articles_from(ordered=limit >= 0)
        rows = self.execute(
            f"SELECT a.id {from_where} ORDER BY a.path, a.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [r[0] for r in rows]

    def count_articles(self, cap: int | None = COUNT_CAP) -> Count:
        from_where, params = self._articles_from()
        if self._n is not None:  # counted when the set was made
            return Count(cap, True) if cap is not None and self._n > cap else Count(self._n)
        return self._count(from_where, params, cap)

    # -- entities

    def _entities_from(self) -> Frag:
        sql, params = self.where("entities")
        return f"FROM entities e WHERE {sql}", params

    def entities(self, limit: int = 100, offset: int = 0) -> list[EntityRow]:
        from_where, params = self._entities_from()
        rows = self.execute(
            f"SELECT e.canonical, e.type, e.mentions, e.articles {from_where} "
            "ORDER BY e.mentions DESC, e.canonical, e.type LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [EntityRow(*r) for r in rows]

    def count_entities(self, cap: int | None = COUNT_CAP) -> Count:
        from_where, params = self._entities_from()
        return self._count(from_where, params, cap)

    # -- quotes and figures

    def _items_from(self, kind: str, article_id: str | None, ordered: bool = False) -> Frag:
        table, alias = ("quotes", "q") if kind == "quote" else ("figures", "f")
        sql, params = self.where("quotes" if kind == "quote" else "figures")
        params = list(params)
        if article_id is not None:
            sql = f"({sql}) AND a.id = ?"
            params.append(article_id)
        elif ordered and self._many():
            # Articles in path order, each one's items: a page is full after a few articles.
            # The items by their article's index: left to itself SQLite may pick, say, the
            # (unit, value) index and read every £1bn+ figure once per article (0.4 s).
            return (
                f"FROM articles a INDEXED BY articles_path CROSS JOIN {table} {alias} "
                f"INDEXED BY {table}_article ON {alias}.article = a.n WHERE {sql}",
                params,
            )
        return f"FROM {table} {alias} JOIN articles a ON a.n = {alias}.article WHERE {sql}", params

    def quotes(
        self, limit: int = 100, offset: int = 0, article_id: str | None = None
    ) -> list[QuoteRow]:
        from_where, params = self._items_from("quote", article_id, ordered=True)
        rows = self.execute(
            f'SELECT q.q, a.id, q.start, q."end", q.speaker, q.role {from_where} '
            "ORDER BY a.path, a.id, q.start, q.q LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [QuoteRow(*r) for r in rows]

    def count_quotes(self, cap: int | None = COUNT_CAP, article_id: str | None = None) -> Count:
        from_where, params = self._items_from("quote", article_id)
        return self._count(from_where, params, cap)

    def figures(
        self, limit: int = 100, offset: int = 0, article_id: str | None = None
    ) -> list[FigureRow]:
        from_where, params = self._items_from("figure", article_id, ordered=True)
        rows = self.execute(
            f'SELECT f.f, a.id, f.start, f."end", f.kind, f.value, f.unit, f.noun {from_where} '
            "ORDER BY a.path, a.id, f.start, f.f LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [FigureRow(*r) for r in rows]

    def count_figures(self, cap: int | None = COUNT_CAP, article_id: str | None = None) -> Count:
        from_where, params = self._items_from("figure", article_id)
        return self._count(from_where, params, cap)
