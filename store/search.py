"""Search across articles, entities, quotes and figures: the query language and its index.

A query is words and ``field:value`` terms, all of which must match
(case-insensitive). A word matches a token that starts with it (from three
letters on; shorter words match whole tokens). Fields:

    speaker:shi     quotes whose speaker matches
    entity:huawei   entities whose canonical name matches (and articles naming them)
    type:org        entities of that type
    kind:money      figures of that kind
    date:2024       articles whose date starts with the value
    source:bbc      articles whose source or path matches

Each pane shows the items that match every term that applies to its kind,
within articles that match every term. In regex mode the whole query is one
pattern (no fields), matched against tokens for the index and against the
text for highlighting, under a time budget: user patterns run on the ``regex``
package, whose matching takes a timeout (``re`` cannot be interrupted).
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from store.records import Article, ArticleSummary, Extraction

if TYPE_CHECKING:
    from store.library import EntityGroup, FigureRef, QuoteRef

FIELDS = ("speaker", "entity", "type", "kind", "date", "source")
_TOKEN = re.compile(r"\w+")
_FIELD_TERM = re.compile(r"(?i)^(" + "|".join(FIELDS) + r"):(.*)$")
# Time budget for evaluating a user's regex over everything; past it, "pattern too slow".
REGEX_BUDGET_S = 0.5
MIN_PREFIX = 3


class QueryError(ValueError):
    """A query that cannot run; the message is meant for the user."""


@dataclass(frozen=True, slots=True)
class Term:
    field: str | None  # None: a plain word
    value: str


@dataclass(slots=True)
class Query:
    text: str
    terms: list[Term]
    regex: Any = None  # a compiled ``regex`` pattern

    @property
    def empty(self) -> bool:
        return not self.terms and self.regex is None


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def parse_query(text: str, regex: bool = False) -> Query:
    """Split a query into terms; in regex mode compile it, or raise ``QueryError``."""
    text = text.strip()
    if regex:
        if not text:
            return Query(text, [])
        import regex as user_regex  # only regex mode pays for it

        try:
            return Query(text, [], user_regex.compile(text, user_regex.IGNORECASE))
        except (user_regex.error, ValueError, OverflowError, RecursionError) as exc:
            raise QueryError(f"invalid pattern: {exc}") from None
    terms: list[Term] = []
    for part in text.split():
        m = _FIELD_TERM.match(part)
        if m:
            value = m.group(2).strip().lower()
            if value:
                terms.append(Term(m.group(1).lower(), value))
            continue
        terms.extend(Term(None, t) for t in tokens(part))
    return Query(text, terms)


class _Vocabulary:
    """Token -> ids, with prefix lookup over the sorted tokens."""

    def __init__(self) -> None:
        self.postings: dict[str, list[int]] = {}
        self._sorted: list[str] = []

    def add(self, doc: int, words: Iterable[str]) -> None:
        for w in words:
            ids = self.postings.get(w)
            if ids is None:
                self.postings[w] = [doc]
            elif ids[-1] != doc:
                ids.append(doc)

    def freeze(self) -> None:
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

    def lookup_regex(self, pattern: Any, deadline: float) -> set[int]:
        found: set[int] = set()
        budget = _remaining(deadline)
        for n, token in enumerate(self._sorted):
            if n % 512 == 0:
                budget = _remaining(deadline)
            try:
                if pattern.search(token, timeout=budget):
                    found.update(self.postings[token])
            except TimeoutError:
                raise QueryError(TOO_SLOW) from None
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

    @property
    def entity_keys(self) -> set[tuple[str, str]]:
        return {g.key for g in self.entities}

    def spans(self, article_id: str) -> list[tuple[int, int]]:
        """Matched spans in the article's text, in order, for highlighting and stepping."""
        if self._spans is None:
            return []
        cached = self._span_cache.get(article_id)
        if cached is None:
            cached = self._span_cache[article_id] = self._spans(article_id)
        return cached

    def format_text(self) -> str:
        return format_results(self, self.titles)

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
    """Inverted indexes over article words, entity names, quotes (words and speakers), figures."""

    def __init__(
        self,
        summaries: list[ArticleSummary],
        content: dict[str, tuple[Article, Extraction]],
        groups: dict[tuple[str, str], EntityGroup],
        quotes: list[QuoteRef],
        figures: list[FigureRef],
    ) -> None:
        from store.library import EntityGroup, FigureRef, QuoteRef, group_entities

        self._content = content
        self._summaries = [s for s in summaries if s.id in content]
        self._article_pos = {s.id: i for i, s in enumerate(self._summaries)}
        self._titles = {s.id: s.title for s in self._summaries}
        if not groups and content:  # built over a partial load: derive what is missing
            for aid, (_, x) in content.items():
                for key, count in group_entities(x.entities).items():
                    g = groups.setdefault(key, EntityGroup(key[0], key[1], 0))
                    g.mentions += count
                    g.article_ids.append(aid)
                quotes.extend(QuoteRef(aid, q) for q in x.quotes)
                figures.extend(FigureRef(aid, f) for f in x.figures)
        self._groups = list(groups.values())
        self._quotes = quotes
        self._figures = figures

        self.article_words = _Vocabulary()
        self.entity_words = _Vocabulary()
        self.quote_words = _Vocabulary()
        self.speaker_words = _Vocabulary()
        self.figure_words = _Vocabulary()
        # Per-article facets for field terms that restrict articles.
        self._article_types: dict[str, list[int]] = {}
        self._article_kinds: dict[str, list[int]] = {}
        for pos, summary in enumerate(self._summaries):
            article, extraction = content[summary.id]
            self.article_words.add(pos, set(tokens(article.title)) | set(tokens(article.text)))
            for t in {e.type.lower() for e in extraction.entities}:
                self._article_types.setdefault(t, []).append(pos)
            for k in {f.kind for f in extraction.figures}:
                self._article_kinds.setdefault(k, []).append(pos)
        for gi, group in enumerate(self._groups):
            self.entity_words.add(gi, set(tokens(group.canonical)))
        for qi, ref in enumerate(self._quotes):
            self.quote_words.add(qi, set(tokens(ref.quote.text)))
            if ref.quote.speaker:
                self.speaker_words.add(qi, set(tokens(ref.quote.speaker)))
        for fi, figure_ref in enumerate(self._figures):
            f = figure_ref.figure
            words = set(tokens(f.text))
            if f.noun:
                words.update(tokens(f.noun))
            if f.context:
                words.update(tokens(f.context))
            self.figure_words.add(fi, words)
        for vocab in (
            self.article_words,
            self.entity_words,
            self.quote_words,
            self.speaker_words,
            self.figure_words,
        ):
            vocab.freeze()

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

    def _phrase_of(self, words: list[str], vocab: _Vocabulary, universe: int) -> set[int] | None:
        """Ids matching every word (None: no constraint)."""
        result: set[int] | None = None
        for w in words:
            ids = vocab.lookup(w)
            result = ids if result is None else result & ids
            if not result:
                return set()
        return result

    def _match_value(self, value: str, vocab: _Vocabulary) -> set[int]:
        """Ids whose tokens match every word of a field value ("jacqueline shi")."""
        words = tokens(value)
        ids = self._phrase_of(words, vocab, 0)
        return ids if ids is not None else set()

    def _search_terms(self, query: Query) -> SearchResults:
        words = [t.value for t in query.terms if t.field is None]
        by_field: dict[str, list[str]] = {}
        for t in query.terms:
            if t.field:
                by_field.setdefault(t.field, []).append(t.value)
        n_articles = len(self._summaries)

        # Articles: every term must be satisfied by something in the article.
        articles: set[int] | None = set(range(n_articles)) if not words else None
        for w in words:
            ids = self.article_words.lookup(w)
            articles = ids if articles is None else articles & ids
        assert articles is not None
        for value in by_field.get("date", []):
            articles &= {
                i for i, s in enumerate(self._summaries) if (s.date or "").startswith(value)
            }
        for value in by_field.get("source", []):
            articles &= {
                i
                for i, s in enumerate(self._summaries)
                if value in (s.source or "").lower() or value in s.path.lower()
            }
        for value in by_field.get("type", []):
            articles &= set(self._article_types.get(value, ()))
        for value in by_field.get("kind", []):
            articles &= set(self._article_kinds.get(value, ()))

        # Entities: words, entity: and type: apply.
        entity_ids: set[int] | None = None
        for w in words:
            ids = self.entity_words.lookup(w)
            entity_ids = ids if entity_ids is None else entity_ids & ids
        for value in by_field.get("entity", []):
            ids = self._match_value(value, self.entity_words)
            entity_ids = ids if entity_ids is None else entity_ids & ids
        type_filter = set(by_field.get("type", []))
        if entity_ids is not None or type_filter:
            candidates = entity_ids if entity_ids is not None else range(len(self._groups))
            entity_ids = {
                gi
                for gi in candidates
                if not type_filter or self._groups[gi].type.lower() in type_filter
            }
        # Articles must name the entities asked for by entity:.
        for value in by_field.get("entity", []):
            named: set[int] = set()
            for gi in self._match_value(value, self.entity_words):
                named.update(
                    self._article_pos[a]
                    for a in self._groups[gi].article_ids
                    if a in self._article_pos
                )
            articles &= named

        # Quotes: words (in text or speaker), speaker:.
        quote_ids: set[int] | None = None
        for w in words:
            ids = self.quote_words.lookup(w) | self.speaker_words.lookup(w)
            quote_ids = ids if quote_ids is None else quote_ids & ids
        for value in by_field.get("speaker", []):
            ids = self._match_value(value, self.speaker_words)
            quote_ids = ids if quote_ids is None else quote_ids & ids
            speakers_articles = {self._article_pos[self._quotes[q].article_id] for q in ids}
            articles &= speakers_articles

        # Figures: words, kind:.
        figure_ids: set[int] | None = None
        for w in words:
            ids = self.figure_words.lookup(w)
            figure_ids = ids if figure_ids is None else figure_ids & ids
        kinds = set(by_field.get("kind", []))
        if kinds:
            candidates_f = figure_ids if figure_ids is not None else range(len(self._figures))
            figure_ids = {fi for fi in candidates_f if self._figures[fi].figure.kind in kinds}

        article_ids = [self._summaries[i].id for i in sorted(articles)]
        allowed = set(article_ids)

        def within(ids: set[int] | None, refs: list[Any]) -> list[Any]:
            if ids is None:  # no term applies to this kind: everything in the matching articles
                return [r for r in refs if r.article_id in allowed]
            return [refs[i] for i in sorted(ids) if refs[i].article_id in allowed]

        groups: list[EntityGroup]
        if entity_ids is None:
            groups = [g for g in self._groups if any(a in allowed for a in g.article_ids)]
        else:
            groups = [
                self._groups[gi]
                for gi in sorted(entity_ids)
                if any(a in allowed for a in self._groups[gi].article_ids)
            ]
        groups.sort(key=lambda g: (-g.mentions, g.canonical))
        results = SearchResults(
            query,
            article_ids=article_ids,
            entities=groups,
            quotes=within(quote_ids, self._quotes),
            figures=within(figure_ids, self._figures),
        )
        results._spans = lambda aid: self._term_spans(query, aid)
        return results

    def _term_spans(self, query: Query, article_id: str) -> list[tuple[int, int]]:
        pair = self._content.get(article_id)
        if pair is None:
            return []
        article, extraction = pair
        spans: list[tuple[int, int]] = []
        words = [t.value for t in query.terms if t.field is None]
        if words:
            alternatives = "|".join(
                re.escape(w) + (r"\w*" if len(w) >= MIN_PREFIX else r"\b") for w in words
            )
            pattern = re.compile(r"\b(?:" + alternatives + ")", re.IGNORECASE)
            spans.extend(m.span() for m in pattern.finditer(article.text))
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
        articles = self.article_words.lookup_regex(pattern, deadline)
        entity_ids = self.entity_words.lookup_regex(pattern, deadline)
        quote_ids = self.quote_words.lookup_regex(
            pattern, deadline
        ) | self.speaker_words.lookup_regex(pattern, deadline)
        figure_ids = self.figure_words.lookup_regex(pattern, deadline)
        # Whole-string matches catch patterns that span words ("tony b.*").
        try:
            for gi, group in enumerate(self._groups):
                if pattern.search(group.canonical, timeout=_remaining(deadline)):
                    entity_ids.add(gi)
        except TimeoutError:
            raise QueryError(TOO_SLOW) from None
        results = SearchResults(
            query,
            article_ids=[self._summaries[i].id for i in sorted(articles)],
            entities=sorted(
                (self._groups[gi] for gi in entity_ids), key=lambda g: (-g.mentions, g.canonical)
            ),
            quotes=[self._quotes[i] for i in sorted(quote_ids)],
            figures=[self._figures[i] for i in sorted(figure_ids)],
        )

        def spans(aid: str) -> list[tuple[int, int]]:
            pair = self._content.get(aid)
            if pair is None:
                return []
            found: list[tuple[int, int]] = []
            try:
                for m in pattern.finditer(pair[0].text, timeout=REGEX_BUDGET_S):
                    if m.end() > m.start():
                        found.append(m.span())
            except TimeoutError:
                pass  # highlight what was found within the budget
            return _merge(found)

        results._spans = spans
        return results


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


def format_results(results: SearchResults, titles: dict[str, str]) -> str:
    """Plain-text rendering of results for the command line (no markup)."""
    from store.sanitize import one_line

    lines = [
        f"{len(results.article_ids)} articles, {len(results.entities)} entities, "
        f"{len(results.quotes)} quotes, {len(results.figures)} figures"
    ]
    if results.entities:
        lines.append("\nEntities")
        lines.extend(
            f"  {one_line(g.canonical)} ({g.type}): {g.mentions} mentions in {g.articles} articles"
            for g in results.entities[:50]
        )
    if results.quotes:
        lines.append("\nQuotes")
        for r in results.quotes[:50]:
            who = one_line(r.quote.speaker) if r.quote.speaker else "unattributed"
            lines.append(
                f"  \u201c{one_line(r.quote.text)}\u201d \u2014 {who} [{one_line(titles.get(r.article_id, r.article_id))}]"
            )
    if results.figures:
        lines.append("\nFigures")
        for f in results.figures[:50]:
            fig = f.figure
            unit = f" {fig.unit}" if fig.unit else ""
            lines.append(
                f"  {one_line(fig.text)} ({fig.kind}{unit}) [{one_line(titles.get(f.article_id, f.article_id))}]"
            )
    if results.article_ids:
        lines.append("\nArticles")
        lines.extend(f"  {one_line(titles.get(a, a))}" for a in results.article_ids[:50])
    return "\n".join(lines)


def search_store(store: Any, query: str, regex: bool = False) -> SearchResults:
    """Open the whole store and run one query (the ``newsexplore search`` command)."""
    from store.library import Library

    library = Library(store)
    library.load_all()
    return library.search(query, regex=regex)
