"""Search across articles, entities, quotes and figures: the query language and its index.

A query is words and ``field:value`` terms, all of which must match, compared
folded (case and compatibility forms removed: ``store.folding``). A word matches a
token that starts with it (from three letters on; shorter words match whole
tokens). Fields:

    speaker:shi     quotes whose speaker matches
    entity:huawei   entities whose canonical name matches (and articles naming them)
    type:org        entities of that type (also as the app names it: people, places...)
    kind:money      figures of that kind (also percentage, amounts...)
    date:2024       articles whose date starts with the value
    source:bbc      articles whose source or path matches

Each pane shows the items that match every term that applies to its kind,
within articles that match every term. In regex mode the whole query is one
pattern (no fields), matched against tokens for the index and against the
folded text for highlighting, under a time budget: user patterns run on the
``regex`` package, whose matching takes a timeout (``re`` cannot be interrupted),
and are refused before compiling when too big to compile (``store.userregex``).
Highlights are spans of the original text, mapped back from the folded one.
"""

from __future__ import annotations

import re
import time
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain, compress, filterfalse
from typing import TYPE_CHECKING, Any

from store.folding import fold, fold_map
from store.records import ENTITY_TYPES, FIGURE_KINDS, Article, ArticleSummary, Extraction
from store.sanitize import one_line
from store.userregex import PatternError, compile_user_regex

if TYPE_CHECKING:
    from store.library import EntityGroup, FigureRef, QuoteRef

FIELDS = ("speaker", "entity", "type", "kind", "date", "source")
_TOKEN = re.compile(r"\w+")
_FIELD_TERM = re.compile(r"(?i)^(" + "|".join(FIELDS) + r"):(.*)$")
_ANY_FIELD = re.compile(r"(?i)^([a-z_]+):([^/].*)$")  # "foo:bar" (not "http://...")

# What a user may type for an entity type (the labels the app shows, their singulars,
# spaCy's names) and for a figure kind; every value maps to the stored name.
TYPE_ALIASES: dict[str, str] = {t.lower(): t.lower() for t in ENTITY_TYPES}
for _name, _aliases in {
    "person": "people persons who",
    "org": "organisations organisation organizations organization orgs company companies",
    "gpe": "places place countries country cities city",
    "loc": "locations location",
    "norp": "nationalities nationality groups group",
    "product": "products",
    "event": "events",
    "fac": "facilities facility",
    "work_of_art": "works work art",
    "law": "laws",
}.items():
    TYPE_ALIASES.update(dict.fromkeys(_aliases.split(), _name))
KIND_ALIASES: dict[str, str] = {k: k for k in FIGURE_KINDS}
for _name, _aliases in {
    "money": "amount amounts price prices currency",
    "percent": "percentage percentages pct %",
    "count": "counts number numbers",
    "quantity": "quantities measure measures",
    "multiplier": "multipliers times",
    "rank": "ranks ranking rankings",
    "duration": "durations",
    "date": "dates year years",
    "other": "others",
}.items():
    KIND_ALIASES.update(dict.fromkeys(_aliases.split(), _name))
# Time budget for evaluating a user's regex over everything; past it, "pattern too slow".
REGEX_BUDGET_S = 0.5
MIN_PREFIX = 3


class QueryError(ValueError):
    """A query that cannot run; the message is meant for the user.

    Messages quote what the user typed, which may hold pasted control characters:
    the message is neutralised and put on one line here, once for every caller.
    """

    def __init__(self, message: str = "") -> None:
        super().__init__(one_line(str(message)))


class UnknownField(QueryError):
    """A ``field:value`` term whose field, or whose type/kind value, the language lacks."""


def _resolve(field_name: str, value: str, aliases: dict[str, str], what: str) -> str:
    """The stored name for a type/kind ``value``: exact, or the one name its prefix fits."""
    if value in aliases:
        return aliases[value]
    fits = {name for alias, name in aliases.items() if alias.startswith(value)}
    if len(fits) == 1:
        return fits.pop()
    names: dict[str, str] = {}
    for alias, name in aliases.items():  # each name with the first other word for it
        if alias != name and name not in names:
            names[name] = f"{name} ({alias})"
    valid = ", ".join(names.get(n, n) for n in dict.fromkeys(aliases.values()))
    raise UnknownField(f"unknown {what} '{value}' in {field_name}:{value}; use one of: {valid}")


@dataclass(frozen=True, slots=True)
class Term:
    field: str | None  # None: a plain word
    value: str


@dataclass(slots=True)
class Query:
    text: str
    terms: list[Term]
    regex: Any = None  # a compiled ``regex`` pattern, matched against folded text

    @property
    def empty(self) -> bool:
        return not self.terms and self.regex is None


def tokens(text: str) -> list[str]:
    """The words of ``text``, folded: what the index holds and a query word is looked up as."""
    return _TOKEN.findall(fold(text))


def _user_regex_flags() -> int:
    """Case-insensitive with full case folding ("ß" matches "ss"): the pattern is not
    folded (that would turn ``\\S`` into ``\\s``); the text it is matched against is."""
    import regex as user_regex

    return int(user_regex.IGNORECASE | user_regex.FULLCASE)


def parse_query(text: str, regex: bool = False) -> Query:
    """Split a query into terms; in regex mode compile it, or raise ``QueryError``."""
    text = text.strip()
    if regex:
        if not text:
            return Query(text, [])
        try:  # refused at once when too big to compile (``a{10000000}`` took 17 s, 4 GB)
            return Query(text, [], compile_user_regex(text, _user_regex_flags()))
        except PatternError as exc:
            raise QueryError(str(exc)) from None
    terms: list[Term] = []
    for part in text.split():
        m = _FIELD_TERM.match(part)
        if m:
            name, value = m.group(1).lower(), fold(m.group(2).strip())
            if value and name == "type":
                value = _resolve(name, value, TYPE_ALIASES, "entity type")
            elif value and name == "kind":
                value = _resolve(name, value, KIND_ALIASES, "figure kind")
            if value:
                terms.append(Term(name, value))
            continue
        unknown = _ANY_FIELD.match(part)
        if unknown:
            raise UnknownField(
                f"unknown field '{unknown.group(1)}:'; the fields are "
                + ", ".join(f"{f}:" for f in FIELDS)
            )
        terms.extend(Term(None, t) for t in tokens(part))
    return Query(text, terms)


class _Vocabulary:
    """Token -> ascending ids (compact arrays), with prefix lookup over the sorted tokens."""

    def __init__(self) -> None:
        self._building: defaultdict[str, list[int]] | None = defaultdict(list)
        self.postings: dict[str, array[int]] = {}
        self._sorted: list[str] = []

    def add(self, doc: int, words: Iterable[str]) -> None:
        """Index ``doc`` under each of ``words`` (distinct); docs are added in ascending order."""
        assert self._building is not None, "add after freeze"
        building = self._building
        for w in words:
            building[w].append(doc)

    def freeze(self) -> None:
        assert self._building is not None
        self.postings = {w: array("i", ids) for w, ids in self._building.items()}
        self._building = None
        self._sorted = sorted(self.postings)

    def expand(self, word: str) -> list[str]:
        """Tokens the word matches: itself, or every token it begins (from MIN_PREFIX)."""
        if len(word) < MIN_PREFIX:
            return [word] if word in self.postings else []
        i = bisect_left(self._sorted, word)
        out = []
        while i < len(self._sorted) and self._sorted[i].startswith(word):
            out.append(self._sorted[i])
            i += 1
        return out

    def lookup(self, word: str) -> set[int]:
        found: set[int] = set()
        for token in self.expand(word):
            found.update(self.postings[token])
        return found

    def lookup_tokens(self, matched: Iterable[str]) -> set[int]:
        """Ids under any of the (already matched) tokens this vocabulary holds."""
        found: set[int] = set()
        postings = self.postings
        for token in matched:
            ids = postings.get(token)
            if ids is not None:
                found.update(ids)
        return found


# Patterns whose meaning may change when tokens are scanned joined by newlines (anchors
# on the whole string, look-arounds, inline flags): these are matched token by token.
_CONTEXT_SENSITIVE = re.compile(r"\\[AZzG]|\(\?")


class _Lines:
    """Strings (tokens, names) joined by newlines, so one regex scan finds those that match."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        # A newline inside a line (a name across a line break) is scanned as a space; every
        # candidate is checked on its own afterwards, so this only widens the candidates.
        self.joined = "\n".join(line.replace("\n", " ") for line in lines)
        self.starts: list[int] = []
        pos = 0
        for line in lines:
            self.starts.append(pos)
            pos += len(line) + 1

    def matching(self, pattern: Any, deadline: float) -> list[int]:
        """Indices of the lines ``pattern.search`` matches, within the time budget."""
        try:
            if _CONTEXT_SENSITIVE.search(pattern.pattern) or pattern.search(""):
                return self._one_by_one(pattern, deadline, range(len(self.lines)))
            import regex as user_regex

            try:  # the same pattern, already measured: compiles within the same bounds
                multiline = compile_user_regex(
                    pattern.pattern, pattern.flags | user_regex.MULTILINE
                )
            except PatternError as exc:
                raise QueryError(str(exc)) from None
            candidates: set[int] = set()
            starts, lines = self.starts, self.lines
            for m in multiline.finditer(self.joined, timeout=_remaining(deadline)):
                first = bisect_right(starts, m.start()) - 1
                if m.end() <= starts[first] + len(lines[first]):
                    candidates.add(first)
                else:  # the match ran across lines: check each line it touched on its own
                    last = bisect_right(starts, m.end() - 1) - 1
                    candidates.update(range(first, last + 1))
            return self._one_by_one(pattern, deadline, sorted(candidates))
        except TimeoutError:
            raise QueryError(TOO_SLOW) from None

    def _one_by_one(self, pattern: Any, deadline: float, indices: Iterable[int]) -> list[int]:
        found = []
        budget = _remaining(deadline)
        for n, i in enumerate(indices):
            if n % 256 == 0:
                budget = _remaining(deadline)
            if pattern.search(self.lines[i], timeout=budget):
                found.append(i)
        return found


TOO_SLOW = "pattern too slow: simplify the regular expression"


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise QueryError(TOO_SLOW)
    return left


@dataclass(slots=True)
class SearchResults:
    """What a query found, and the matched spans of each article for highlighting."""

    query: Query
    article_ids: list[str] = field(default_factory=list)
    entities: list[EntityGroup] = field(default_factory=list)
    quotes: list[QuoteRef] = field(default_factory=list)
    figures: list[FigureRef] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # article id -> title, shared
    _spans: Callable[[str], list[tuple[int, int]]] | None = None
    _span_cache: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # The index's shortcuts to one article's matching items (else: a scan of the lists).
    _quotes_in: Callable[[str], list[QuoteRef]] | None = None
    _figures_in: Callable[[str], list[FigureRef]] | None = None
    _entity_keys: set[tuple[str, str]] | None = None
    _matched: set[str] | None = None  # article_ids as a set, made on first use

    @property
    def entity_keys(self) -> set[tuple[str, str]]:
        if self._entity_keys is None:
            self._entity_keys = {g.key for g in self.entities}
        return self._entity_keys

    def quotes_in(self, article_id: str) -> list[QuoteRef]:
        """The matching quotes of one article (as fast for 100,000 matches as for 10)."""
        if self._quotes_in is not None:
            return self._quotes_in(article_id)
        return [r for r in self.quotes if r.article_id == article_id]

    def figures_in(self, article_id: str) -> list[FigureRef]:
        """The matching figures of one article."""
        if self._figures_in is not None:
            return self._figures_in(article_id)
        return [r for r in self.figures if r.article_id == article_id]

    def spans(self, article_id: str) -> list[tuple[int, int]]:
        """Matched spans in the article's text, in order, for highlighting and stepping.

        None for an article the query did not match (its words may still occur in
        it, as "politics" in a path-like query): the counter agrees with the list.
        """
        if self._spans is None:
            return []
        if self._matched is None:
            self._matched = set(self.article_ids)
        if article_id not in self._matched:
            return []
        cached = self._span_cache.get(article_id)
        if cached is None:
            cached = self._span_cache[article_id] = self._spans(article_id)
        return cached

    def format_text(self, limit: int = 20) -> str:
        return format_results(self, self.titles, limit)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query.text,
            "articles": self.article_ids,
            "entities": [
                {
                    "canonical": g.canonical,
                    "type": g.type,
                    "mentions": g.mentions,
                    "articles": g.articles,
                }
                for g in self.entities
            ],
            "quotes": [
                {
                    "article_id": r.article_id,
                    "text": r.quote.text,
                    "speaker": r.quote.speaker,
                    "speaker_role": r.quote.speaker_role,
                    "start": r.quote.start,
                    "end": r.quote.end,
                }
                for r in self.quotes
            ],
            "figures": [
                {
                    "article_id": r.article_id,
                    "text": r.figure.text,
                    "kind": r.figure.kind,
                    "value": r.figure.value,
                    "unit": r.figure.unit,
                    "noun": r.figure.noun,
                    "context": r.figure.context,
                    "start": r.figure.start,
                    "end": r.figure.end,
                }
                for r in self.figures
            ],
        }


class SearchIndex:
    """Inverted indexes over article words, entity names, quotes (words and speakers), figures.

    Entities are held in display order (most mentioned first), so sorting ids sorts
    results. Per-article lists of entity, quote and figure ids let a query narrowed
    to some articles collect their items without scanning every item.
    """

    def __init__(
        self,
        summaries: list[ArticleSummary],
        content: dict[str, tuple[Article, Extraction]],
        groups: dict[tuple[str, str], EntityGroup],
        quotes: list[QuoteRef],
        figures: list[FigureRef],
        *,
        article_types: dict[str, set[str]] | None = None,
        pair_of: Callable[[str], tuple[Article, Extraction] | None] | None = None,
    ) -> None:
        """Index ``content``; ``article_types`` (entity types per article, lower case) and
        ``pair_of`` (an article with all its items, for highlighting) stand in for
        entities that ``content`` does not hold."""
        from store.library import EntityGroup, FigureRef, QuoteRef, group_entities

        self._pair_of = pair_of if pair_of is not None else content.get
        self._summaries = [s for s in summaries if s.id in content]
        self._article_pos = article_pos = {s.id: i for i, s in enumerate(self._summaries)}
        self._all_article_ids = [s.id for s in self._summaries]
        self._titles = {s.id: s.title for s in self._summaries}
        # Built over a partial load (no aggregates given): derive them. Not when only the
        # entities are missing (a store without any): its quotes would be listed twice.
        if not groups and not quotes and not figures and content:
            for aid, (_, x) in content.items():
                for key, count in group_entities(x.entities).items():
                    g = groups.setdefault(key, EntityGroup(key[0], key[1], 0))
                    g.mentions += count
                    g.article_ids.append(aid)
                quotes.extend(QuoteRef(aid, q) for q in x.quotes)
                figures.extend(FigureRef(aid, f) for f in x.figures)
        self._groups = sorted(groups.values(), key=lambda g: (-g.mentions, g.canonical))
        self._quotes = quotes
        self._figures = figures
        n_articles = len(self._summaries)

        self.article_words = _Vocabulary()
        self.entity_words = _Vocabulary()
        self.quote_words = _Vocabulary()
        self.speaker_words = _Vocabulary()
        self.figure_words = _Vocabulary()
        # Per-article facets for field terms that restrict articles.
        types_of = article_types
        article_types_index: defaultdict[str, list[int]] = defaultdict(list)
        article_kinds: defaultdict[str, list[int]] = defaultdict(list)
        for pos, summary in enumerate(self._summaries):
            article, extraction = content[summary.id]
            words = set(_TOKEN.findall(fold(article.text)))
            words.update(_TOKEN.findall(fold(article.title)))
            self.article_words.add(pos, words)
            if types_of is not None:
                types = types_of.get(summary.id, set())
            else:
                types = {e.type.lower() for e in extraction.entities}
            for t in types:
                article_types_index[t].append(pos)
            for k in {f.kind for f in extraction.figures}:
                article_kinds[k].append(pos)
        self._article_types = {t: array("i", ids) for t, ids in article_types_index.items()}
        self._article_kinds = {k: array("i", ids) for k, ids in article_kinds.items()}
        dated = sorted((s.date, pos) for pos, s in enumerate(self._summaries) if s.date)
        self._dates = [d for d, _ in dated]
        self._dated_pos = array("i", [pos for _, pos in dated])
        self._sources = [(fold(s.source or ""), fold(s.path)) for s in self._summaries]

        # Entities: words, type, the articles naming each, the entities of each article.
        groups_by_type: defaultdict[str, list[int]] = defaultdict(list)
        article_groups: list[list[int]] = [[] for _ in range(n_articles)]
        self._group_articles: list[array[int]] = []
        for gi, group in enumerate(self._groups):
            self.entity_words.add(gi, set(tokens(group.canonical)))
            groups_by_type[group.type.lower()].append(gi)
            positions = array(
                "i", sorted(article_pos[a] for a in group.article_ids if a in article_pos)
            )
            self._group_articles.append(positions)
            for pos in positions:
                article_groups[pos].append(gi)
        self._groups_by_type = {t: array("i", ids) for t, ids in groups_by_type.items()}
        # Tuples, not arrays: unions over thousands of articles then run without boxing ints.
        self._article_groups = [tuple(ids) for ids in article_groups]

        # Quotes and figures: words, the article of each, the items of each article.
        self._quote_article = array("i", [article_pos.get(r.article_id, -1) for r in quotes])
        self._figure_article = array("i", [article_pos.get(r.article_id, -1) for r in figures])
        self._quote_runs = _Runs(quotes, self._quote_article, n_articles)
        self._figure_runs = _Runs(figures, self._figure_article, n_articles)
        add_quote, add_speaker = self.quote_words.add, self.speaker_words.add
        for qi, ref in enumerate(self._quotes):
            add_quote(qi, set(_TOKEN.findall(fold(ref.quote.text))))
            if ref.quote.speaker:
                add_speaker(qi, set(_TOKEN.findall(fold(ref.quote.speaker))))
        figures_by_kind: defaultdict[str, list[int]] = defaultdict(list)
        find_words = _TOKEN.findall
        add_figure = self.figure_words.add
        for fi, figure_ref in enumerate(self._figures):
            f = figure_ref.figure
            figures_by_kind[f.kind].append(fi)
            # One scan: words never run across the spaces joining the three.
            add_figure(fi, set(find_words(fold(f"{f.text} {f.noun or ''} {f.context or ''}"))))
        self._figures_by_kind = {k: array("i", ids) for k, ids in figures_by_kind.items()}
        for vocab in self._vocabularies():
            vocab.freeze()
        self._regex_tokens: _Lines | None = None
        self._regex_names: _Lines | None = None

    def _vocabularies(self) -> tuple[_Vocabulary, ...]:
        return (
            self.article_words,
            self.entity_words,
            self.quote_words,
            self.speaker_words,
            self.figure_words,
        )

    # -- the search ---------------------------------------------------------------

    def search(self, text: str, regex: bool = False) -> SearchResults:
        query = parse_query(text, regex=regex)
        if query.empty:
            return SearchResults(query, titles=self._titles)
        results = (
            self._search_regex(query) if query.regex is not None else self._search_terms(query)
        )
        results.titles = self._titles
        return results

    def _match_value(self, value: str, vocab: _Vocabulary) -> set[int]:
        """Ids whose tokens match every word of a field value ("jacqueline shi")."""
        result: set[int] | None = None
        for w in tokens(value):
            ids = vocab.lookup(w)
            result = ids if result is None else result & ids
            if not result:
                return set()
        return result if result is not None else set()

    def _group_ids(
        self, ids: set[int] | array[int] | None, articles: set[int] | None
    ) -> Iterable[int]:
        """Entity ids among ``ids`` (None: all; an array: already sorted) named in ``articles``
        (None: all), in display order; walks the smaller side: those articles or the rest."""
        ordered: Iterable[int]
        if ids is None:
            ordered = range(len(self._groups))
        else:
            ordered = ids if isinstance(ids, array) else sorted(ids)
        if articles is None:
            return ordered
        if ids is not None and len(ids) < 2000:
            group_articles = self._group_articles
            return [gi for gi in ordered if not articles.isdisjoint(group_articles[gi])]
        n_articles = len(self._summaries)
        groups_of = self._article_groups.__getitem__
        if len(articles) <= n_articles // 2:
            present = set().union(*map(groups_of, articles))
            if ids is None:
                return sorted(present)
            return list(filter(present.__contains__, ordered))
        # Most articles: every entity except those named only outside them.
        outside = set().union(*map(groups_of, set(range(n_articles)) - articles))
        only_outside = {gi for gi in outside if articles.isdisjoint(self._group_articles[gi])}
        if not only_outside:
            return ordered
        return list(filterfalse(only_outside.__contains__, ordered))

    def _items_within(
        self,
        ids: set[int] | array[int] | None,
        refs: list[Any],
        runs: _Runs,
        articles: set[int] | None,
    ) -> list[Any]:
        """Items by id (None: every item; an array: already sorted) within ``articles`` (None: all).

        In id order. Whole articles' items are copied as slices of ``refs``; ids are
        filtered with C-level maps, since results can hold hundreds of thousands of items.
        """
        if ids is None:
            if articles is None:
                return list(refs)
            return runs.select(refs, articles)
        ordered = ids if isinstance(ids, array) else sorted(ids)
        chosen = map(refs.__getitem__, ordered)
        if articles is None:
            return list(chosen)
        inside = bytearray(len(self._summaries) + 1)  # the last byte: no article (-1)
        for pos in articles:
            inside[pos] = 1
        return list(
            compress(chosen, map(inside.__getitem__, map(runs.article.__getitem__, ordered)))
        )

    def _search_terms(self, query: Query) -> SearchResults:
        words = [t.value for t in query.terms if t.field is None]
        by_field: dict[str, list[str]] = {}
        for t in query.terms:
            if t.field:
                by_field.setdefault(t.field, []).append(t.value)

        # Articles (positions; None: all of them): every term must be satisfied in the article.
        articles: set[int] | None = None

        def narrow(ids: Iterable[int]) -> None:
            nonlocal articles
            articles = set(ids) if articles is None else articles.intersection(ids)

        for w in words:
            narrow(self.article_words.lookup(w))
        if by_field.get("date") and not self._dates:
            raise QueryError("no article in the store has a date, so date: matches nothing")
        for value in by_field.get("date", []):
            lo = bisect_left(self._dates, value)
            hi = bisect_left(self._dates, value + "\uffff")
            narrow(self._dated_pos[lo:hi])
        for value in by_field.get("source", []):
            narrow(
                pos
                for pos, (source, path) in enumerate(self._sources)
                if value in source or value in path
            )
        for value in by_field.get("type", []):
            narrow(self._article_types.get(value, ()))
        for value in by_field.get("kind", []):
            narrow(self._article_kinds.get(value, ()))

        # Entities: words, entity: and type: apply.
        entity_ids: set[int] | None = None
        for w in words:
            ids = self.entity_words.lookup(w)
            entity_ids = ids if entity_ids is None else entity_ids & ids
        for value in by_field.get("entity", []):
            ids = self._match_value(value, self.entity_words)
            entity_ids = ids if entity_ids is None else entity_ids & ids
        type_filter = set(by_field.get("type", []))
        groups_sorted: array[int] | None = None  # entity ids already in order (one type)
        if len(type_filter) == 1 and entity_ids is None:
            groups_sorted = self._groups_by_type.get(next(iter(type_filter)), array("i"))
        elif type_filter:
            of_types: set[int] = set()
            for type_name in type_filter:
                of_types.update(self._groups_by_type.get(type_name, ()))
            entity_ids = of_types if entity_ids is None else entity_ids & of_types
        # Articles must name the entities asked for by entity:.
        for value in by_field.get("entity", []):
            named: set[int] = set()
            for gi in self._match_value(value, self.entity_words):
                named.update(self._group_articles[gi])
            narrow(named)

        # Quotes: words (in text or speaker), speaker:.
        quote_ids: set[int] | None = None
        for w in words:
            ids = self.quote_words.lookup(w) | self.speaker_words.lookup(w)
            quote_ids = ids if quote_ids is None else quote_ids & ids
        for value in by_field.get("speaker", []):
            ids = self._match_value(value, self.speaker_words)
            quote_ids = ids if quote_ids is None else quote_ids & ids
            narrow({self._quote_article[q] for q in ids})

        # Figures: words, kind:.
        figure_ids: set[int] | None = None
        for w in words:
            ids = self.figure_words.lookup(w)
            figure_ids = ids if figure_ids is None else figure_ids & ids
        kinds = set(by_field.get("kind", []))
        figures_sorted: array[int] | None = None
        if len(kinds) == 1 and figure_ids is None:  # sorted already: no set to build and sort
            figures_sorted = self._figures_by_kind.get(kinds.pop(), array("i"))
        elif kinds:
            of_kinds: set[int] = set()
            for k in kinds:
                of_kinds.update(self._figures_by_kind.get(k, ()))
            figure_ids = of_kinds if figure_ids is None else figure_ids & of_kinds

        if articles is None:
            article_ids = list(self._all_article_ids)
        else:
            article_ids = list(map(self._all_article_ids.__getitem__, sorted(articles)))

        group_ids = self._group_ids(
            groups_sorted if groups_sorted is not None else entity_ids, articles
        )
        results = SearchResults(
            query,
            article_ids=article_ids,
            entities=list(map(self._groups.__getitem__, group_ids)),
            quotes=self._items_within(quote_ids, self._quotes, self._quote_runs, articles),
            figures=self._items_within(
                figures_sorted if figures_sorted is not None else figure_ids,
                self._figures,
                self._figure_runs,
                articles,
            ),
        )
        results._spans = lambda aid: self._term_spans(query, aid)
        results._quotes_in = self._items_in(quote_ids, self._quotes, self._quote_runs, articles)
        results._figures_in = self._items_in(
            figures_sorted if figures_sorted is not None else figure_ids,
            self._figures,
            self._figure_runs,
            articles,
        )
        return results

    def _items_in(
        self,
        ids: set[int] | array[int] | None,
        refs: list[Any],
        runs: _Runs,
        articles: set[int] | None,
    ) -> Callable[[str], list[Any]]:
        """A function: article id -> its items among ``ids`` (None: all) if the article matched."""
        id_set: list[set[int]] = []  # made on first use from a sorted array

        def matching(i: int) -> bool:
            if ids is None:
                return True
            if isinstance(ids, set):
                return i in ids
            if not id_set:
                id_set.append(set(ids))
            return i in id_set[0]

        def items_in(article_id: str) -> list[Any]:
            pos = self._article_pos.get(article_id)
            if pos is None or (articles is not None and pos not in articles):
                return []
            if runs.by_article is None:
                return [r for i, r in enumerate(refs) if runs.article[i] == pos and matching(i)]
            first = runs.first[pos]
            return [r for i, r in enumerate(runs.by_article[pos], first) if matching(i)]

        return items_in

    def _term_spans(self, query: Query, article_id: str) -> list[tuple[int, int]]:
        pair = self._pair_of(article_id)
        if pair is None:
            return []
        article, extraction = pair
        spans: list[tuple[int, int]] = []
        words = [t.value for t in query.terms if t.field is None]
        if words:
            alternatives = "|".join(
                re.escape(w) + (r"\w*" if len(w) >= MIN_PREFIX else r"\b") for w in words
            )
            # Words are folded: match them in the folded text, highlight the original.
            pattern = re.compile(r"\b(?:" + alternatives + ")")
            folded = fold_map(article.text)
            spans.extend(folded.span(*m.span()) for m in pattern.finditer(folded.text))
        for t in query.terms:
            if t.field == "speaker":
                spans.extend(
                    (q.start, q.end)
                    for q in extraction.quotes
                    if q.speaker
                    and all(
                        any(tok.startswith(v) for tok in tokens(q.speaker)) for v in tokens(t.value)
                    )
                )
            elif t.field == "entity":
                spans.extend(
                    (e.start, e.end)
                    for e in extraction.entities
                    if all(
                        any(tok.startswith(v) for tok in tokens(e.canonical))
                        for v in tokens(t.value)
                    )
                )
            elif t.field == "type":
                spans.extend(
                    (e.start, e.end) for e in extraction.entities if e.type.lower() == t.value
                )
            elif t.field == "kind":
                spans.extend((f.start, f.end) for f in extraction.figures if f.kind == t.value)
        return _merge(spans)

    def _search_regex(self, query: Query) -> SearchResults:
        assert query.regex is not None
        pattern = query.regex
        deadline = time.monotonic() + REGEX_BUDGET_S
        if self._regex_tokens is None:  # built on the first regex query
            every: set[str] = set()
            for vocab in self._vocabularies():
                every.update(vocab.postings)
            self._regex_tokens = _Lines(sorted(every))
            self._regex_names = _Lines([fold(g.canonical) for g in self._groups])
        assert self._regex_names is not None
        lines = self._regex_tokens.lines
        matched = [lines[i] for i in self._regex_tokens.matching(pattern, deadline)]
        articles = self.article_words.lookup_tokens(matched)
        entity_ids = self.entity_words.lookup_tokens(matched)
        quote_ids = self.quote_words.lookup_tokens(matched)
        quote_ids |= self.speaker_words.lookup_tokens(matched)
        figure_ids = self.figure_words.lookup_tokens(matched)
        # Whole-name matches catch patterns that span words ("tony b.*").
        entity_ids.update(self._regex_names.matching(pattern, deadline))
        results = SearchResults(
            query,
            article_ids=[self._all_article_ids[i] for i in sorted(articles)],
            entities=[self._groups[gi] for gi in sorted(entity_ids)],
            quotes=[self._quotes[i] for i in sorted(quote_ids)],
            figures=[self._figures[i] for i in sorted(figure_ids)],
        )

        def spans(aid: str) -> list[tuple[int, int]]:
            pair = self._pair_of(aid)
            if pair is None:
                return []
            found: list[tuple[int, int]] = []
            folded = fold_map(pair[0].text)  # matched as the index was; shown on the original
            try:
                for m in pattern.finditer(folded.text, timeout=REGEX_BUDGET_S):
                    if m.end() > m.start():
                        found.append(folded.span(*m.span()))
            except TimeoutError:
                pass  # highlight what was found within the budget
            return _merge(found)

        results._spans = spans
        return results


class _Runs:
    """Each item's article, and (when items come article by article) each article's items.

    Items are appended article by article in article order, so the items of a set of
    articles, in item order, are their per-article tuples chained in article order.
    """

    def __init__(self, refs: list[Any], item_article: array[int], n_articles: int) -> None:
        self.article = item_article
        self.n_articles = n_articles
        per_article: list[list[Any]] = [[] for _ in range(n_articles)]
        in_order = True
        previous = -1
        for ref, pos in zip(refs, item_article, strict=True):
            if pos < previous or pos < 0:  # out of article order, or in no article
                in_order = False
                break
            per_article[pos].append(ref)
            previous = pos
        self.by_article: list[tuple[Any, ...]] | None = None
        self.first = array("i", [0]) * n_articles  # the id of each article's first item
        if in_order:
            self.by_article = [tuple(items) for items in per_article]
            next_id = 0
            for pos, items in enumerate(per_article):
                self.first[pos] = next_id
                next_id += len(items)

    def select(self, refs: list[Any], articles: set[int]) -> list[Any]:
        """The items of ``articles``, in item order."""
        if self.by_article is not None:
            chosen = map(self.by_article.__getitem__, sorted(articles))
            return list(chain.from_iterable(chosen))
        inside = bytearray(self.n_articles + 1)  # the last byte: no article (-1)
        for pos in articles:
            inside[pos] = 1
        return list(compress(refs, map(inside.__getitem__, self.article)))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlaps merged."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


SECTIONS_FIRST = {"speaker": "quotes", "kind": "figures", "type": "entities", "entity": "entities"}


def format_results(results: SearchResults, titles: dict[str, str], limit: int = 20) -> str:
    """Plain-text rendering of results for the command line (no markup).

    The sections the query asked for come first (``speaker:`` quotes, ``kind:``
    figures, ``type:``/``entity:`` entities); each shows at most ``limit`` lines
    and says how many more there are.
    """
    from store.sanitize import one_line

    def title(article_id: str) -> str:
        return one_line(titles.get(article_id, article_id))

    def plural(n: int, word: str, many: str) -> str:
        return f"{n} {word if n == 1 else many}"

    sections: dict[str, tuple[str, list[str]]] = {}
    if results.entities:
        sections["entities"] = (
            "Entities",
            [
                f"  {one_line(g.canonical)} ({g.type}): {plural(g.mentions, 'mention', 'mentions')}"
                f" in {plural(g.articles, 'article', 'articles')}"
                for g in results.entities[:limit]
            ],
        )
    if results.quotes:
        rows = []
        for r in results.quotes[:limit]:
            who = one_line(r.quote.speaker) if r.quote.speaker else "unattributed"
            rows.append(
                f"  \u201c{one_line(r.quote.text)}\u201d \u2014 {who} [{title(r.article_id)}]"
            )
        sections["quotes"] = ("Quotes", rows)
    if results.figures:
        rows = []
        for f in results.figures[:limit]:
            fig = f.figure
            unit = f" {fig.unit}" if fig.unit else ""
            rows.append(f"  {one_line(fig.text)} ({fig.kind}{unit}) [{title(f.article_id)}]")
        sections["figures"] = ("Figures", rows)
    if results.article_ids:
        sections["articles"] = (
            "Articles",
            [f"  {title(a)}" for a in results.article_ids[:limit]],
        )
    totals = {
        "entities": len(results.entities),
        "quotes": len(results.quotes),
        "figures": len(results.figures),
        "articles": len(results.article_ids),
    }
    order = ["entities", "quotes", "figures", "articles"]
    asked = [SECTIONS_FIRST[t.field] for t in results.query.terms if t.field in SECTIONS_FIRST]
    order = list(dict.fromkeys([*asked, *order]))
    lines = [
        ", ".join(
            plural(totals[name], word, name)
            for name, word in (
                (
                    name,
                    {"entities": "entity", "quotes": "quote", "figures": "figure"}.get(
                        name, "article"
                    ),
                )
                for name in order
            )
        )
    ]
    for name in order:
        if name not in sections:
            continue
        heading, rows = sections[name]
        lines.append("\n" + heading)
        lines.extend(rows)
        more = totals[name] - len(rows)
        if more > 0:
            lines.append(f"  \u2026 and {more} more (--limit N shows more)")
    return "\n".join(lines)


def search_store(store: Any, query: str, regex: bool = False) -> SearchResults:
    """Open the whole store and run one query (the ``newsexplore search`` command)."""
    from store.library import Library

    library = Library(store)
    library.load_all()
    return library.search(query, regex=regex)
