"""The explorer's view of a store through its on-disk index: paged lists, searches, highlights.

``open_read_model(store)`` opens the store's index (``<db>.index.sqlite``), rebuilding it
first when it is missing or stale (with progress); ``ReadModel.from_pairs`` indexes
articles held in memory (tests, ``extract``). A :class:`ReadModel` answers what the app
shows without reading every article: the article list sorted and filtered (a sequence of
row numbers, each page of rows read when drawn), the item panes across all articles as
paged sequences, counts capped where an exact one costs a scan, and for the article on
screen its items and the spans a query highlights.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import tempfile
import threading
import time
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from store.folding import fold_map
from store.library import ContentSource, EntityGroup, FigureRef, QuoteRef, group_entities
from store.readmodel.build import (
    apply_batch,
    index_path_for,
    is_stale,
    rebuild,
    rows_for,
    store_generation,
)
from store.readmodel.literals import may_match, required, sql_filter, trigram_query
from store.readmodel.query import (
    And,
    EntityName,
    EntityType,
    Kind,
    Node,
    Not,
    Or,
    Phrase,
    Role,
    Speaker,
    Unit,
    ValueRange,
    Word,
    parse,
)
from store.readmodel.schema import IndexPathError, open_index
from store.readmodel.sql import (
    COUNT_CAP,
    FEW_ARTICLES,
    SET_NAME,
    Count,
    Search,
    fill_set,
    gather_entities,
    new_set_name,
    set_clause,
)
from store.records import Article, ArticleSummary, Extraction, Figure, Quote
from store.sanitize import one_line
from store.search import MIN_PREFIX, REGEX_BUDGET_S, QueryError
from store.userregex import PatternError, compile_user_regex

__all__ = [
    "COUNT_CAP",
    "PAGE",
    "REGEX_WALL_S",
    "ArticleOrder",
    "Count",
    "Paged",
    "ReadModel",
    "Results",
    "open_read_model",
]

T = TypeVar("T")
Frag = tuple[str, list[Any]]
PAGE = 64  # rows read from the index at a time, as a list draws them
RECENT_ARTICLES = 64  # whole articles (text and items) kept in memory
# A regex runs over every article's folded text: REGEX_BUDGET_S of matching time, and
# this much wall-clock in all (reading the texts included); past either the articles
# searched so far are shown and the status says how many were searched.
REGEX_WALL_S = 3.0
_ALL: Frag = ("1", [])
_ITEM_PANES = ("entities", "quotes", "figures")
# A column of the article row ``a`` named in a condition ("qa.article" is another alias).
_ARTICLE_COLUMN = re.compile(r"\ba\.(\w+)")
_ARTICLE_N = re.compile(r"\ba\.n\b")


def _summary(row: Sequence[Any]) -> ArticleSummary:
    return ArticleSummary(
        row[0], row[1] or "", row[2], row[3], row[4] or "", row[5], row[6], row[7]
    )


_SUMMARY_COLUMNS = "a.id, a.title, a.date, a.source, a.path, a.n_entities, a.n_quotes, a.n_figures"


class _Connection(sqlite3.Connection):
    """A reading connection that makes a search's set of matching articles on first use.

    A search works out its matching articles once, into a temporary table (see
    ``sql.fill_set``), and every pane's statement reads it. Temporary tables belong to one
    connection, and each thread has its own: a statement naming a set this connection
    has not made yet makes it first, from the condition the model registered for it.
    """

    sets: OrderedDict[str, Frag]
    made: set[str]

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        if "temp.rm_set_" in sql and sql.lstrip().startswith("SELECT"):
            for name in SET_NAME.findall(sql):
                self.ensure(name)
        return super().execute(sql, parameters)

    def ensure(self, name: str) -> int | None:
        """Make the set ``name`` here unless made; how many articles it holds if made now."""
        if name in self.made:
            return None
        where = self.sets.get(name)
        if where is None:
            return None  # forgotten (many searches ago): the statement says so
        count = fill_set(self, name, where)
        rows = (
            super().execute("SELECT name FROM temp.sqlite_master WHERE type = 'table'").fetchall()
        )
        self.made = {str(r[0]) for r in rows}  # older sets were dropped to make room
        return count


def _connect(path: Path, *, immutable: bool = False) -> _Connection:
    # Autocommit: reads never hold a transaction open (it would pin an old index snapshot).
    if immutable:  # a read-only store's index: no lock, journal or shared-memory file made
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        conn = sqlite3.connect(
            uri, uri=True, check_same_thread=False, factory=_Connection, isolation_level=None
        )
    else:
        conn = sqlite3.connect(
            str(path), check_same_thread=False, factory=_Connection, isolation_level=None
        )
    assert isinstance(conn, _Connection)
    conn.made = set()
    conn.create_function("casefold", 1, _casefold, deterministic=True)
    conn.execute("PRAGMA query_only=ON")  # the view never writes; rebuilds use their own
    return conn


def _casefold(text: Any) -> str:
    return text.casefold() if isinstance(text, str) else ""


# ----------------------------------------------------------------------------- sequences


class Paged(Sequence[T], Generic[T]):
    """``length`` items read ``PAGE`` at a time by ``fetch(limit, offset)`` and kept (LRU).

    ``position(key)`` (optional) finds an item's index without reading the pages before it.
    """

    def __init__(
        self,
        length: int,
        fetch: Callable[[int, int], list[T]],
        position: Callable[[object], int | None] | None = None,
    ) -> None:
        self._length = length
        self._fetch = fetch
        self._position = position
        self._pages: OrderedDict[int, list[T]] = OrderedDict()

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        page_no, offset = divmod(index, PAGE)
        page = self._pages.get(page_no)
        if page is None:
            page = self._fetch(PAGE, page_no * PAGE)
            self._pages[page_no] = page
            while len(self._pages) > 64:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        if offset >= len(page):  # the index changed under us: a blank rather than a crash
            raise IndexError(index)
        return page[offset]

    def __iter__(self) -> Iterator[T]:
        for i in range(self._length):
            try:
                yield self[i]
            except IndexError:
                return

    def position(self, key: object) -> int | None:
        return self._position(key) if self._position is not None else None


class ArticleOrder(Sequence[ArticleSummary]):
    """Articles in one order (row numbers held, 8 bytes each), summaries read by the page."""

    def __init__(self, model: ReadModel, ns: array[int]) -> None:
        self._model = model
        self._ns = ns
        self._pages: OrderedDict[int, list[ArticleSummary]] = OrderedDict()
        self._set: set[int] | None = None

    def __len__(self) -> int:
        return len(self._ns)

    @overload
    def __getitem__(self, index: int) -> ArticleSummary: ...

    @overload
    def __getitem__(self, index: slice) -> list[ArticleSummary]: ...

    def __getitem__(self, index: int | slice) -> ArticleSummary | list[ArticleSummary]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._ns)))]
        if index < 0:
            index += len(self._ns)
        if not 0 <= index < len(self._ns):
            raise IndexError(index)
        page_no, offset = divmod(index, PAGE)
        page = self._pages.get(page_no)
        if page is None:
            ns = list(self._ns[page_no * PAGE : (page_no + 1) * PAGE])
            page = self._model._summaries_of(ns)
            self._pages[page_no] = page
            while len(self._pages) > 64:
                self._pages.popitem(last=False)
        return page[offset]

    def __iter__(self) -> Iterator[ArticleSummary]:
        for i in range(len(self._ns)):
            yield self[i]

    def index_of(self, article_id: str) -> int:
        n = self._model._n_of(article_id)
        if n is None:
            return -1
        try:
            return self._ns.index(n)
        except ValueError:
            return -1

    def __contains__(self, article_id: object) -> bool:
        if not isinstance(article_id, str):
            return False
        n = self._model._n_of(article_id)
        if n is None:
            return False
        if self._set is None:
            self._set = set(self._ns)
        return n in self._set

    @property
    def ids(self) -> _Ids:
        return _Ids(self)


class _Ids(Sequence[str]):
    """The article ids of an ArticleOrder (``results.article_ids``)."""

    def __init__(self, order: ArticleOrder) -> None:
        self._order = order

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [s.id for s in self._order[index]]
        return self._order[index].id

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._order

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    def __hash__(self) -> int:  # pragma: no cover - not hashable in practice
        raise TypeError("unhashable")


# ----------------------------------------------------------------------------- opening


class ReadModel:
    """One store's index opened for reading, and the store behind it for texts and items."""

    def __init__(
        self,
        path: Path,
        source: ContentSource,
        *,
        note: str | None = None,
        keep: Any = None,
        read_only_file: bool = False,
    ) -> None:
        self.path = Path(path)
        self._read_only_file = read_only_file  # opened immutable: nothing written beside it
        self.source = source
        self.note = note  # said to the user once (a private index, say)
        self._keep = keep  # a temporary folder that must live as long as this model
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._recent: OrderedDict[str, tuple[Article, Extraction]] = OrderedDict()
        self._n_cache: dict[str, int | None] = {}
        self._facts: dict[object, Any] = {}
        # Searches' sets of matching articles: name -> the condition that makes them.
        self._sets: OrderedDict[str, Frag] = OrderedDict()
        self.loaded = True  # every question is answered from the index: nothing to wait for

    @classmethod
    def from_pairs(cls, pairs: list[tuple[Article, Extraction]]) -> ReadModel:
        """An index of articles held in memory, in a temporary folder that lives with it."""
        folder = tempfile.TemporaryDirectory(prefix="newsexplore-index-")
        path = Path(folder.name) / "memory.index.sqlite"
        conn = open_index(path)
        try:
            rows = [rows_for(a, x, 0) for a, x in pairs]
            apply_batch(conn, rows, [], "memory")
        finally:
            conn.close()
        return cls(path, _Pairs(pairs), keep=folder)

    def conn(self) -> sqlite3.Connection:
        """This thread's connection (WAL readers never wait for one another)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = _connect(self.path, immutable=self._read_only_file)
            conn.sets = self._sets
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._connections.clear()
        self._local = threading.local()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.conn().execute(sql, params).fetchone()
        return None if row is None else row[0]

    # -- articles ---------------------------------------------------------------

    @property
    def n_articles(self) -> int:
        if "n" not in self._facts:
            self._facts["n"] = int(self._one("SELECT count(*) FROM articles") or 0)
        return int(self._facts["n"])

    def _has_index(self, name: str) -> bool:
        return self._has_table(name)

    def _has_table(self, name: str) -> bool:
        key = ("table", name)
        if key not in self._facts:
            self._facts[key] = (
                self._one("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)) is not None
            )
        return bool(self._facts[key])

    def _has(self, column: str) -> bool:
        if column not in self._facts:
            self._facts[column] = (
                self._one(f"SELECT 1 FROM articles WHERE {column} IS NOT NULL LIMIT 1") is not None
            )
        return bool(self._facts[column])

    @property
    def has_dates(self) -> bool:
        return self._has("date")

    @property
    def has_sources(self) -> bool:
        return self._has("source")

    @property
    def summaries(self) -> ArticleOrder:
        """Every article, by path then id (paged: nothing is read until used)."""
        return self.all_order("path", False)

    def all_order(self, sort_key: str, descending: bool) -> ArticleOrder:
        """Every article in a list order (the last few orders kept)."""
        key = ("order", sort_key, descending)
        order = self._facts.get(key)
        if order is None:
            order = self._facts[key] = self.article_order(_ALL, sort_key, descending)
        return order

    def totals(self) -> dict[str, Count]:
        """Entities, quotes and figures in the store (exact: a count of a table is cheap)."""
        if "totals" not in self._facts:
            self._facts["totals"] = {
                pane: Count(int(self._one(f"SELECT count(*) FROM {pane}")))
                for pane in ("entities", "quotes", "figures")
            }
        return dict(self._facts["totals"])

    def _n_of(self, article_id: str) -> int | None:
        if article_id not in self._n_cache:
            if len(self._n_cache) > 100_000:
                self._n_cache.clear()
            self._n_cache[article_id] = self._one(
                "SELECT n FROM articles WHERE id = ?", (article_id,)
            )
        return self._n_cache[article_id]

    def _summaries_of(self, ns: list[int]) -> list[ArticleSummary]:
        marks = ",".join("?" * len(ns))
        found = {
            r[0]: _summary(r[1:])
            for r in self.conn().execute(
                f"SELECT a.n, {_SUMMARY_COLUMNS} FROM articles a WHERE a.n IN ({marks})", ns
            )
        }
        return [found.get(n) or ArticleSummary("", "(gone)", None, None, "", 0, 0, 0) for n in ns]

    def summary(self, article_id: str) -> ArticleSummary | None:
        row = (
            self.conn()
            .execute(f"SELECT {_SUMMARY_COLUMNS} FROM articles a WHERE a.id = ?", (article_id,))
            .fetchone()
        )
        return None if row is None else _summary(row)

    def title(self, article_id: str) -> str | None:
        value = self._one("SELECT title FROM articles WHERE id = ?", (article_id,))
        return value if isinstance(value, str) else None

    def first_article(self) -> str | None:
        """The top of the list sorted by date: newest, then first by title."""
        value = self._one(
            "SELECT id FROM articles ORDER BY date IS NULL, date DESC, title_key, id LIMIT 1"
        )
        return value if isinstance(value, str) else None

    def article_order(
        self, where: Frag, sort_key: str, descending: bool, conn: sqlite3.Connection | None = None
    ) -> ArticleOrder:
        """The articles ``where`` selects (over ``a``), sorted as the list shows them.

        By date: newest first (or oldest), equal dates by title A to Z, undated last
        either way; by title: casefolded A to Z (or Z to A); by path: the store's order.
        """
        # title_key: the title casefolded when indexed (no Python call per row here).
        if sort_key == "date":
            order = f"a.date IS NULL, a.date {'DESC' if descending else 'ASC'}, a.title_key"
        elif sort_key == "title":
            way = "DESC" if descending else "ASC"
            order = f"a.title_key {way}, a.date {way}"
        else:
            order = "a.path, a.id"
        sql, params = where
        walk = ""
        if sort_key == "date" and descending and self._has_index("articles_newest"):
            # Newest first, for many articles: the order's own index walked, each article
            # checked against the set (type:person at 22k: 15 ms, vs 83 ms to sort them).
            many = where == _ALL or self._set_size(sql, conn) * 3 > self.n_articles
            walk = " INDEXED BY articles_newest" if many else ""
        rows = (conn or self.conn()).execute(
            f"SELECT a.n FROM articles a{walk} WHERE {sql} ORDER BY {order}, a.id", params
        )
        return ArticleOrder(self, array("q", (r[0] for r in rows)))

    def titles_containing(self, needle: str, limit: int) -> list[ArticleSummary]:
        """Articles whose title holds ``needle`` (casefolded), for the command palette."""
        rows = self.conn().execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM articles a WHERE instr(casefold(a.title), ?) > 0 "
            "ORDER BY a.path, a.id LIMIT ?",
            (needle.casefold(), limit),
        )
        return [_summary(r) for r in rows]

    # -- one article ------------------------------------------------------------

    def pair(self, article_id: str) -> tuple[Article, Extraction]:
        """An article's text and items, from the store (the last few kept)."""
        with self._lock:
            pair = self._recent.get(article_id)
            if pair is not None:
                self._recent.move_to_end(article_id)
                return pair
        pair = self.source.load(article_id)
        with self._lock:
            self._recent[article_id] = pair
            while len(self._recent) > RECENT_ARTICLES:
                self._recent.popitem(last=False)
        return pair

    def article(self, article_id: str) -> Article:
        return self.pair(article_id)[0]

    def extraction(self, article_id: str) -> Extraction:
        return self.pair(article_id)[1]

    def entity_groups(self, article_id: str) -> list[EntityGroup]:
        """The article's entities (mentions counted in it), each with its articles across
        the store from the index, most mentioned first."""
        counts = group_entities(self.extraction(article_id).entities)
        across: dict[tuple[str, str], int] = {}
        n = self._n_of(article_id)
        if n is not None:
            across = {
                (c, t): a
                for c, t, a in self.conn().execute(
                    "SELECT e.canonical, e.type, e.articles FROM entities e "
                    "WHERE e.e IN (SELECT m.e FROM mentions m WHERE m.article = ?)",
                    (n,),
                )
            }
        groups = [
            EntityGroup(key[0], key[1], count, n_articles=across.get(key, 1))
            for key, count in counts.items()
        ]
        groups.sort(key=lambda g: (-g.mentions, g.canonical))
        return groups

    def entity_articles(self, canonical: str, type_: str) -> list[str]:
        """Ids of the articles naming an entity, in the store's order."""
        rows = self.conn().execute(
            "SELECT a.id FROM articles a WHERE a.n IN (SELECT m.article FROM mentions m "
            "JOIN entities e ON e.e = m.e WHERE e.canonical = ? AND e.type = ?) "
            "ORDER BY a.path, a.id",
            (canonical, type_),
        )
        return [r[0] for r in rows]

    # -- searching --------------------------------------------------------------

    def search(
        self,
        text: str,
        regex: bool = False,
        *,
        sort: tuple[str, bool] = ("date", True),
        cancelled: Callable[[], bool] | None = None,
        counts: bool | Sequence[str] = True,
    ) -> Results:
        """Answer ``text`` over every article; raises ``QueryError`` with a message.

        ``sort`` is the article list's order (the articles come sorted so); ``cancelled``
        is polled while SQLite works, and a true answer stops the query. ``counts``: the
        item panes whose capped counts come with the answer (True: all three); the others
        are counted later by :meth:`Results.count_panes` (the app does it in a second
        worker, once the articles are on screen).
        """
        conn = self.conn()
        if cancelled is not None:
            conn.set_progress_handler(lambda: 1 if cancelled() else 0, 20_000)
        try:
            results = self._search_regex(text) if regex else self._search_query(text, conn)
            results.order = self.article_order(results.where["articles"], *sort, conn=conn)
            results.sort = sort
            wanted = _ITEM_PANES if counts is True else () if counts is False else counts
            results.counts = {
                pane: self._count(pane, results.where[pane])
                for pane in _ITEM_PANES
                if pane in wanted
            }
            return results
        except sqlite3.OperationalError as exc:
            if cancelled is not None and cancelled():
                raise SearchCancelled() from None
            raise QueryError(f"the query cannot run: {exc}") from None
        finally:
            if cancelled is not None:
                conn.set_progress_handler(None, 0)

    def _search_query(self, text: str, conn: sqlite3.Connection) -> Results:
        node = parse(text)
        compiled = Search(conn, node).compiled
        where = compiled.panes(compiled.articles)
        if isinstance(conn, _Connection) and compiled.articles[0] != "1":
            # The matching articles, worked out once here; every pane and page reads them.
            name = new_set_name()
            with self._lock:
                self._sets[name] = compiled.articles
                while len(self._sets) > 32:
                    self._sets.popitem(last=False)
            count = conn.ensure(name)
            few = count is not None and gather_entities(conn, count)
            where = compiled.panes(set_clause(name), few=few)
        return Results(self, text, node, None, where)

    def _search_regex(self, text: str) -> Results:
        import regex as user_regex

        from store.search import _user_regex_flags

        try:  # refused at once when too big to compile (``a{10000000}`` took 17 s, 4 GB)
            pattern = compile_user_regex(text, _user_regex_flags() | user_regex.MULTILINE)
        except PatternError as exc:
            raise QueryError(str(exc)) from None
        conn = self.conn()
        started = time.monotonic()
        spent = 0.0  # time inside the pattern: the budget the user's regex gets
        articles: list[int] = []
        searched = 0
        stopped = False
        # Only the articles holding the literal text every match needs (from the trigram
        # table) are read; without such text, all of them.
        groups = required(text)
        tri = trigram_query(groups)
        sql, params = "SELECT rowid, title, body FROM text_fts", []
        if tri is not None and self._has_table("text_tri"):
            sql += " WHERE rowid IN (SELECT rowid FROM text_tri WHERE text_tri MATCH ?)"
            params = [tri]
        for n, title, body in conn.execute(sql, params):
            left = REGEX_BUDGET_S - spent
            if left <= 0 or time.monotonic() - started > REGEX_WALL_S:
                stopped = True
                break
            if not (may_match(groups, body, folded=True) or may_match(groups, title, folded=True)):
                searched += 1
                continue
            t0 = time.monotonic()
            try:
                hit = pattern.search(body, timeout=left) or pattern.search(title, timeout=left)
            except TimeoutError:
                stopped = True
                break
            finally:
                spent += time.monotonic() - t0
            searched += 1
            if hit:
                articles.append(n)
        note = None
        if stopped:
            total = self.n_articles
            if params:  # the others lack the pattern's literal text: none of them matches
                searched += total - int(
                    self._one("SELECT count(*) FROM text_tri WHERE text_tri MATCH ?", params)
                )
            note = (
                f"pattern stopped after {REGEX_BUDGET_S:g} s: searched {searched:,} of "
                f"{total:,} articles; simplify it to search them all"
            )

        def matching(sql: str, params: Sequence[Any] = (), folded: bool = True) -> list[int]:
            found = []
            for key, value in conn.execute(sql, params):
                if isinstance(value, str) and may_match(groups, value, folded=folded):
                    with contextlib.suppress(TimeoutError):
                        if pattern.search(value, timeout=REGEX_BUDGET_S):
                            found.append(key)
            return found

        in_articles = json.dumps(articles)
        # Names and quotes are folded: only those holding the literal text are read out.
        names, names_params = sql_filter(groups, "fold")
        entities = matching(f"SELECT e, fold FROM entities WHERE {names}", names_params)
        said = "q.body || ' ' || coalesce(s.speaker_fold, '')"
        said_where, said_params = sql_filter(groups, said)
        if tri is not None and self._has_table("quote_tri"):
            said_where += " AND q.rowid IN (SELECT rowid FROM quote_tri WHERE quote_tri MATCH ?)"
            said_params.append(tri)
        quotes = matching(
            f"SELECT q.rowid, {said} FROM quote_fts q JOIN quotes s ON s.q = q.rowid "
            f"WHERE {said_where}",
            said_params,
        )
        figures = matching(
            "SELECT f, words FROM figures WHERE article IN (SELECT value FROM json_each(?))",
            [in_articles],
            folded=False,
        )
        where: dict[str, Frag] = {
            "articles": ("a.n IN (SELECT value FROM json_each(?))", [in_articles]),
            "entities": ("e.e IN (SELECT value FROM json_each(?))", [json.dumps(entities)]),
            "quotes": (
                "q.q IN (SELECT value FROM json_each(?)) AND a.n IN (SELECT value FROM json_each(?))",
                [json.dumps(quotes), in_articles],
            ),
            "figures": ("f.f IN (SELECT value FROM json_each(?))", [json.dumps(figures)]),
        }
        results = Results(self, text, None, pattern, where)
        results.note = note
        return results

    def _count(self, pane: str, where: Frag, cap: int | None = COUNT_CAP) -> Count:
        sql, params = where
        from_where = {
            "entities": f"FROM entities e WHERE {sql}",
            "quotes": f"FROM quotes q JOIN articles a ON a.n = q.article WHERE {sql}",
            "figures": f"FROM figures f JOIN articles a ON a.n = f.article WHERE {sql}",
            "articles": f"FROM articles a WHERE {sql}",
        }[pane]
        if cap is None:
            return Count(int(self._one(f"SELECT count(*) {from_where}", params)))
        n = int(
            self._one(f"SELECT count(*) FROM (SELECT 1 {from_where} LIMIT ?)", [*params, cap + 1])
        )
        return Count(cap, True) if n > cap else Count(n)

    # -- the item panes across all articles -------------------------------------

    def all_entities(self, where: Frag = _ALL) -> list[tuple[str, Paged[EntityGroup]]]:
        """Entities ``where`` selects, per type (each a paged list, most mentioned first)."""
        sql, params = where
        per_type = (
            self.conn()
            .execute(f"SELECT e.type, count(*) FROM entities e WHERE {sql} GROUP BY e.type", params)
            .fetchall()
        )
        out: list[tuple[str, Paged[EntityGroup]]] = []
        for type_, count in per_type:
            out.append((type_, self._entities_of_type(where, type_, count)))
        return out

    def _entities_of_type(self, where: Frag, type_: str, count: int) -> Paged[EntityGroup]:
        sql, params = where

        def fetch(limit: int, offset: int) -> list[EntityGroup]:
            rows = self.conn().execute(
                f"SELECT e.canonical, e.type, e.mentions, e.articles FROM entities e "
                f"WHERE ({sql}) AND e.type = ? ORDER BY e.mentions DESC, e.canonical "
                "LIMIT ? OFFSET ?",
                [*params, type_, limit, offset],
            )
            return [EntityGroup(c, t, m, n_articles=a) for c, t, m, a in rows]

        def position(key: object) -> int | None:
            if not (isinstance(key, tuple) and len(key) == 2 and key[1] == type_):
                return None
            row = (
                self.conn()
                .execute(
                    f"SELECT e.mentions FROM entities e WHERE ({sql}) AND e.canonical = ? "
                    "AND e.type = ?",
                    [*params, key[0], type_],
                )
                .fetchone()
            )
            if row is None:
                return None
            return int(
                self._one(
                    f"SELECT count(*) FROM entities e WHERE ({sql}) AND e.type = ? AND "
                    "(e.mentions > ? OR (e.mentions = ? AND e.canonical < ?))",
                    [*params, type_, row[0], row[0], key[0]],
                )
            )

        return Paged(count, fetch, position)

    def all_quotes(self, where: Frag = _ALL) -> list[tuple[str | None, Paged[QuoteRef]]]:
        """Quotes ``where`` selects, per speaker (most quoted first, unattributed last)."""
        sql, params = where
        if where == _ALL:
            # Every quote: the speakers table holds each one's count (kept exact per batch),
            # not a pass over every quote.
            per_speaker = self.conn().execute("SELECT speaker, quotes FROM speakers").fetchall()
            unattributed = int(self._one("SELECT count(*) FROM quotes WHERE speaker IS NULL"))
            if unattributed:
                per_speaker.append((None, unattributed))
        else:
            per_speaker = (
                self.conn()
                .execute(
                    f"SELECT q.speaker, count(*) FROM quotes q JOIN articles a ON a.n = q.article "
                    f"WHERE {sql} GROUP BY q.speaker",
                    params,
                )
                .fetchall()
            )
        per_speaker.sort(key=lambda sc: (not sc[0], -sc[1], _casefold(sc[0])))
        speakers: dict[object, tuple[str | None] | None] = {}

        def speaker_of(key: object) -> tuple[str | None] | None:
            """The speaker of the quote ``key`` names (asked once, not once per speaker)."""
            if key not in speakers:
                row = None
                if isinstance(key, tuple) and len(key) == 2:
                    row = (
                        self.conn()
                        .execute(
                            "SELECT q.speaker FROM quotes q JOIN articles a ON a.n = q.article "
                            "WHERE a.id = ? AND q.start = ?",
                            key,
                        )
                        .fetchone()
                    )
                speakers[key] = None if row is None else (row[0],)
            return speakers[key]

        return [(s, self._quotes_of(where, s, c, speaker_of)) for s, c in per_speaker]

    def _quotes_of(
        self,
        where: Frag,
        speaker: str | None,
        count: int,
        speaker_of: Callable[[object], tuple[str | None] | None],
    ) -> Paged[QuoteRef]:
        sql, params = where
        from_where = (
            f"FROM quotes q JOIN articles a ON a.n = q.article WHERE ({sql}) AND q.speaker IS ?"
        )

        def fetch(limit: int, offset: int) -> list[QuoteRef]:
            rows = self.conn().execute(
                f'SELECT a.id, q.start, q."end", q.speaker, q.role {from_where} '
                "ORDER BY a.path, a.id, q.start, q.q LIMIT ? OFFSET ?",
                [*params, speaker, limit, offset],
            )
            return [self._quote_ref(*r) for r in rows]

        def position(key: object) -> int | None:
            if speaker_of(key) != (speaker,):
                return None  # another speaker's quote: not in this group
            return self._position(from_where, [*params, speaker], key, "q")

        return Paged(count, fetch, position)

    def all_figures(self, where: Frag = _ALL) -> Paged[FigureRef]:
        """Figures ``where`` selects, article after article (paged; counted exactly)."""
        sql, params = where
        from_where = f"FROM figures f JOIN articles a ON a.n = f.article WHERE ({sql})"
        if where == _ALL:  # every figure has its article: counted without the join
            count_sql = "SELECT count(*) FROM figures"
        elif {m.group(1) for m in _ARTICLE_COLUMN.finditer(sql)} <= {"n"}:
            # Only the article's row number is tested: it is f.article, no join needed.
            count_sql = "SELECT count(*) FROM figures f WHERE " + _ARTICLE_N.sub("f.article", sql)
        else:
            count_sql = f"SELECT count(*) {from_where}"
        count = int(self._one(count_sql, params))
        # Many matching articles: a page walks them in path order, each one's figures, and
        # stops when full (sorting every matching figure took 1.8 s at 222k articles).
        page_from = from_where
        if self._set_size(sql) > FEW_ARTICLES:
            page_from = (
                "FROM articles a INDEXED BY articles_path CROSS JOIN figures f "
                f"INDEXED BY figures_article ON f.article = a.n WHERE ({sql})"
            )

        def fetch(limit: int, offset: int) -> list[FigureRef]:
            rows = self.conn().execute(
                f'SELECT a.id, f.start, f."end", f.kind, f.value, f.unit, f.noun {page_from} '
                "ORDER BY a.path, a.id, f.start, f.f LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
            return [self._figure_ref(*r) for r in rows]

        def position(key: object) -> int | None:
            return self._position(from_where, list(params), key, "f")

        return Paged(count, fetch, position)

    def _set_size(self, sql: str, conn: sqlite3.Connection | None = None) -> int:
        """How many articles the search's set in ``sql`` holds (0 when it names none)."""
        names = SET_NAME.findall(sql)
        if len(names) != 1:
            return 0
        row = (conn or self.conn()).execute(f"SELECT count(*) FROM temp.{names[0]}").fetchone()
        return int(row[0] or 0)

    def _position(self, from_where: str, params: list[Any], key: object, alias: str) -> int | None:
        """Index of the item (article id, start) in a list ordered by path, id, start."""
        if not (isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], str)):
            return None
        aid, start = key
        row = (
            self.conn()
            .execute(
                f"SELECT a.path, {alias}.{alias} {from_where} AND a.id = ? AND {alias}.start = ?",
                [*params, aid, start],
            )
            .fetchone()
        )
        if row is None:
            return None
        path, item = row
        return int(
            self._one(
                f"SELECT count(*) {from_where} AND (a.path, a.id, {alias}.start, {alias}.{alias}) "
                "< (?, ?, ?, ?)",
                [*params, path, aid, start, item],
            )
        )

    def _quote_ref(self, aid: str, start: Any, end: Any, speaker: Any, role: Any) -> QuoteRef:
        """The stored quote (its text, speaker's span) at ``start`` in article ``aid``."""
        with contextlib.suppress(Exception):
            for quote in self.extraction(aid).quotes:
                if quote.start == start:
                    return QuoteRef(aid, quote)
        # The store changed since the index was built: what the index knows.
        return QuoteRef(aid, Quote(start or 0, end or 0, "", speaker, role))

    def _figure_ref(
        self, aid: str, start: Any, end: Any, kind: Any, value: Any, unit: Any, noun: Any
    ) -> FigureRef:
        with contextlib.suppress(Exception):
            for figure in self.extraction(aid).figures:
                if figure.start == start:
                    return FigureRef(aid, figure)
        return FigureRef(aid, Figure(start or 0, end or 0, "", kind, value, unit, noun))


class SearchCancelled(Exception):
    """A newer search (or quitting) stopped this one."""


class _Pairs:
    """A ContentSource over articles held in memory."""

    def __init__(self, pairs: list[tuple[Article, Extraction]]) -> None:
        self._pairs = {a.id: (a, x) for a, x in pairs}

    def summaries(self) -> list[ArticleSummary]:
        from store.library import summarise

        return [summarise(a, x) for a, x in self._pairs.values()]

    def load(self, article_id: str) -> tuple[Article, Extraction]:
        return self._pairs[article_id]

    def iter_all(self) -> Iterator[tuple[Article, Extraction]]:
        return iter(self._pairs.values())


# ----------------------------------------------------------------------------- results


@dataclass(slots=True)
class QueryInfo:
    """What was searched: the text as typed, and the compiled pattern in regex mode."""

    text: str
    regex: Any = None
    node: Node | None = None


class Results:
    """One search's answer: per pane a condition over the index, the articles in list
    order, capped counts, and (per article, on demand) the spans to highlight."""

    def __init__(
        self,
        model: ReadModel,
        text: str,
        node: Node | None,
        pattern: Any,
        where: dict[str, Frag],
    ) -> None:
        self.model = model
        self.query = QueryInfo(text, pattern, node)
        self.where = where
        self.order: ArticleOrder = ArticleOrder(model, array("q"))
        self.sort: tuple[str, bool] = ("date", True)
        self.counts: dict[str, Count] = {}
        self.note: str | None = None  # said beside the counter (a regex stopped early)
        self._spans: dict[str, list[tuple[int, int]]] = {}
        self._in: dict[tuple[str, str], Any] = {}
        self._entities: list[EntityGroup] | None = None

    @property
    def article_ids(self) -> Sequence[str]:
        return self.order.ids

    def count_panes(self, cancelled: Callable[[], bool] | None = None) -> dict[str, Count]:
        """The capped counts of the item panes (those not counted with the answer yet).

        ``cancelled`` is polled while SQLite counts; a true answer raises SearchCancelled
        and leaves the panes not counted yet uncounted.
        """
        conn = self.model.conn()
        if cancelled is not None:
            conn.set_progress_handler(lambda: 1 if cancelled() else 0, 20_000)
        try:
            for pane in _ITEM_PANES:
                if pane not in self.counts:
                    self.counts[pane] = self.model._count(pane, self.where[pane])
        except sqlite3.OperationalError as exc:
            if cancelled is not None and cancelled():
                raise SearchCancelled() from None
            raise QueryError(f"the query cannot run: {exc}") from None
        finally:
            if cancelled is not None:
                conn.set_progress_handler(None, 0)
        return dict(self.counts)

    def article_order(self, sort_key: str, descending: bool) -> ArticleOrder:
        if (sort_key, descending) != self.sort:
            self.order = self.model.article_order(self.where["articles"], sort_key, descending)
            self.sort = (sort_key, descending)
        return self.order

    def first_item_article(self, pane: str) -> str | None:
        """The first article (in the store's order) holding an item of ``pane`` that matches."""
        sql, params = self.where[pane]
        if pane == "entities":
            articles, article_params = self.where["articles"]
            query = (
                "SELECT a.id FROM mentions m JOIN articles a ON a.n = m.article WHERE "
                f"m.e IN (SELECT e.e FROM entities e WHERE {sql}) AND ({articles}) "
                "ORDER BY a.path, a.id LIMIT 1"
            )
            params = [*params, *article_params]
        else:
            alias = "q" if pane == "quotes" else "f"
            query = (
                f"SELECT a.id FROM {pane} {alias} JOIN articles a ON a.n = {alias}.article "
                f"WHERE {sql} ORDER BY a.path, a.id, {alias}.start LIMIT 1"
            )
        row = self.model.conn().execute(query, params).fetchone()
        return None if row is None else str(row[0])

    @property
    def entities(self) -> list[EntityGroup]:
        """Every matching entity (across all articles), most mentioned first."""
        if self._entities is None:
            groups = [
                g for _, paged in self.model.all_entities(self.where["entities"]) for g in paged
            ]
            groups.sort(key=lambda g: (-g.mentions, g.canonical))
            self._entities = groups
        return self._entities

    # -- one article

    def _starts(self, pane: str, article_id: str) -> set[Any]:
        key = (pane, article_id)
        if key not in self._in:
            sql, params = self.where[pane]
            alias = "q" if pane == "quotes" else "f"
            rows = self.model.conn().execute(
                f"SELECT {alias}.start FROM {pane} {alias} JOIN articles a ON a.n = {alias}.article "
                f"WHERE ({sql}) AND a.id = ?",
                [*params, article_id],
            )
            self._in[key] = {r[0] for r in rows}
        return set(self._in[key])

    def quotes_in(self, article_id: str) -> list[QuoteRef]:
        """The matching quotes of one article, in text order."""
        starts = self._starts("quotes", article_id)
        if not starts:
            return []
        return [
            QuoteRef(article_id, q)
            for q in self.model.extraction(article_id).quotes
            if q.start in starts
        ]

    def figures_in(self, article_id: str) -> list[FigureRef]:
        starts = self._starts("figures", article_id)
        if not starts:
            return []
        return [
            FigureRef(article_id, f)
            for f in self.model.extraction(article_id).figures
            if f.start in starts
        ]

    def entity_keys_in(self, article_id: str) -> set[tuple[str, str]]:
        """(canonical, type) of the matching entities named in one article."""
        key = ("entities", article_id)
        if key not in self._in:
            n = self.model._n_of(article_id)
            sql, params = self.where["entities"]
            rows = self.model.conn().execute(
                f"SELECT e.canonical, e.type FROM entities e WHERE ({sql}) AND "
                "e.e IN (SELECT m.e FROM mentions m WHERE m.article = ?)",
                [*params, n],
            )
            self._in[key] = {(c, t) for c, t in rows}
        return set(self._in[key])

    def spans(self, article_id: str) -> list[tuple[int, int]]:
        """Matched spans in the article's text, in order, for highlighting and stepping
        (none for an article the query did not match: the counter agrees with the list)."""
        cached = self._spans.get(article_id)
        if cached is None:
            cached = []
            if article_id in self.order:
                with contextlib.suppress(KeyError, OSError):
                    cached = self._find_spans(article_id)
            self._spans[article_id] = cached
        return cached

    def _find_spans(self, article_id: str) -> list[tuple[int, int]]:
        article, extraction = self.model.pair(article_id)
        folded = fold_map(article.text)
        found: list[tuple[int, int]] = []
        if self.query.regex is not None:
            with contextlib.suppress(TimeoutError):  # what was found within the budget
                for m in self.query.regex.finditer(folded.text, timeout=REGEX_BUDGET_S):
                    if m.end() > m.start():
                        found.append(folded.span(*m.span()))
            return _merge(found)
        node = self.query.node
        if node is None:
            return []
        positive = list(_positive_leaves(node))
        patterns = []
        for leaf in positive:
            if isinstance(leaf, Word):
                tail = r"\w*" if leaf.prefix and len(leaf.text) >= MIN_PREFIX else r"\b"
                patterns.append(re.escape(leaf.text) + tail)
            elif isinstance(leaf, Phrase):
                # Its words side by side, whatever separates them: the phrase, not each word.
                patterns.append(r"[\W_]+".join(re.escape(w) for w in leaf.words) + r"\b")
        if patterns:
            pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(patterns) + ")")
            found.extend(folded.span(*m.span()) for m in pattern.finditer(folded.text))
        kinds = {type(leaf) for leaf in positive}
        if kinds & {Speaker, Role}:
            found.extend((r.quote.start, r.quote.end) for r in self.quotes_in(article_id))
        if kinds & {Kind, Unit, ValueRange}:
            found.extend((r.figure.start, r.figure.end) for r in self.figures_in(article_id))
        if kinds & {EntityName, EntityType}:
            keys = self.entity_keys_in(article_id)
            found.extend(
                (e.start, e.end) for e in extraction.entities if (e.canonical, e.type) in keys
            )
        return _merge(found)


def _positive_leaves(node: Node) -> Iterator[Node]:
    """The terms that must be present (not under a NOT): what the highlights show."""
    if isinstance(node, And | Or):
        for child in node.children:
            yield from _positive_leaves(child)
    elif not isinstance(node, Not):
        yield node


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


# ----------------------------------------------------------------------------- opening


def open_read_model(
    store: Any,
    on_progress: Callable[[int, int], None] | None = None,
    *,
    writable: bool = True,
) -> ReadModel:
    """The store's index opened for reading, (re)built first when missing or stale.

    ``on_progress(done, total)`` is called while a rebuild runs (not at all when the
    index is current). An index that cannot live beside the store (a read-only folder,
    a symlink in its place) is built in a private temporary folder instead, and
    ``ReadModel.note`` says why. With ``writable`` false nothing beside the store is
    created or changed: a current index there is read as it is, else one is built privately.
    """
    path = index_path_for(Path(store.path))
    generation = store_generation(store)
    if not writable:
        if _current_untouched(path, generation):
            return ReadModel(path, store, read_only_file=True)
        return _private(store, on_progress, generation, "the store is read-only")
    try:
        _probe_write(path)
        conn = open_index(path)
    except (IndexPathError, OSError, sqlite3.Error) as exc:
        return _private(store, on_progress, generation, one_line(str(exc)))
    try:
        if is_stale(conn, generation):
            rebuild(store, conn, on_progress, generation=generation)
    except sqlite3.OperationalError as exc:
        # The folder took the file but not its writes (a read-only mount): privately.
        return _private(store, on_progress, generation, one_line(str(exc)))
    finally:
        conn.close()
    return ReadModel(path, store)


def _probe_write(path: Path) -> None:
    """Raise OSError when the index file cannot be opened for writing (made if missing).

    Asked of the operating system before SQLite writes there: a folder that refuses
    writes is then left untouched, and the index is built privately.
    """
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o644)
    os.close(fd)


def _current_untouched(path: Path, generation: str) -> bool:
    """Whether the index at ``path`` is current, read without writing anything beside it."""
    wal = path.with_name(path.name + "-wal")
    try:
        if path.is_symlink() or not path.is_file() or (wal.exists() and wal.stat().st_size):
            return False  # a write-ahead log to replay needs a writable folder
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except (OSError, sqlite3.Error, ValueError):
        return False
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return row is not None and row[0] == generation
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def _private(
    store: Any,
    on_progress: Callable[[int, int], None] | None,
    generation: str,
    why: str,
) -> ReadModel:
    """An index built in a temporary folder that lives as long as the model."""
    keep = tempfile.TemporaryDirectory(prefix="newsexplore-index-")
    path = Path(keep.name) / "private.index.sqlite"
    conn = open_index(path)
    try:
        rebuild(store, conn, on_progress, generation=generation)
    finally:
        conn.close()
    return ReadModel(path, store, note=f"index kept in a temporary folder ({why})", keep=keep)
