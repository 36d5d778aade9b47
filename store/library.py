"""The explorer's read model over a store: summaries at once, content and aggregates on demand.

Opening the app needs only the article summaries and one article; ``load_all``
(run in a worker) brings in every article's items, builds the cross-article
aggregates (which articles an entity appears in, every quote a speaker gave)
and the search index.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from store.records import Article, ArticleSummary, Entity, Extraction, Figure, Quote

if TYPE_CHECKING:
    from store.search import SearchIndex, SearchResults


class ContentSource(Protocol):
    """What a Library needs from a store (``store.db.Store`` provides it)."""

    def summaries(self) -> list[ArticleSummary]: ...

    def load(self, article_id: str) -> tuple[Article, Extraction]: ...

    def iter_all(self) -> Iterator[tuple[Article, Extraction]]: ...


@dataclass(slots=True)
class EntityGroup:
    """One entity: its canonical name and type, how often and in which articles it is named."""

    canonical: str
    type: str
    mentions: int
    article_ids: list[str] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return len(self.article_ids)

    @property
    def key(self) -> tuple[str, str]:
        return (self.canonical, self.type)


@dataclass(slots=True, frozen=True)
class QuoteRef:
    article_id: str
    quote: Quote


@dataclass(slots=True, frozen=True)
class FigureRef:
    article_id: str
    figure: Figure


def summarise(article: Article, extraction: Extraction) -> ArticleSummary:
    """The summary row of an article."""
    return ArticleSummary(
        id=article.id,
        title=article.title,
        date=article.date,
        source=article.source,
        path=article.path,
        n_entities=len(extraction.entities),
        n_quotes=len(extraction.quotes),
        n_figures=len(extraction.figures),
    )


def group_entities(entities: Iterable[Entity]) -> dict[tuple[str, str], int]:
    """Mention counts per (canonical, type), in order of first mention."""
    return dict(Counter((e.canonical, e.type) for e in entities))


class _PairsSource:
    """A ContentSource over articles already in memory (tests, ``extract``)."""

    def __init__(self, pairs: list[tuple[Article, Extraction]]) -> None:
        self._pairs = {a.id: (a, x) for a, x in pairs}

    def summaries(self) -> list[ArticleSummary]:
        return [summarise(a, x) for a, x in self._pairs.values()]

    def load(self, article_id: str) -> tuple[Article, Extraction]:
        return self._pairs[article_id]

    def iter_all(self) -> Iterator[tuple[Article, Extraction]]:
        return iter(self._pairs.values())


class Library:
    """Everything the explorer shows, read from a store once per process."""

    def __init__(self, source: ContentSource) -> None:
        self._source = source
        self.summaries: list[ArticleSummary] = source.summaries()
        self._summary_by_id = {s.id: s for s in self.summaries}
        self._content: dict[str, tuple[Article, Extraction]] = {}
        self._lock = threading.Lock()
        self.loaded = False
        self._groups: dict[tuple[str, str], EntityGroup] = {}
        self._quotes: list[QuoteRef] = []
        self._figures: list[FigureRef] = []
        self._index: SearchIndex | None = None

    @classmethod
    def from_pairs(cls, pairs: list[tuple[Article, Extraction]]) -> Library:
        """A fully loaded library over articles already extracted in memory."""
        library = cls(_PairsSource(pairs))
        library.load_all()
        return library

    # -- one article ------------------------------------------------------------

    def summary(self, article_id: str) -> ArticleSummary | None:
        return self._summary_by_id.get(article_id)

    def _pair(self, article_id: str) -> tuple[Article, Extraction]:
        pair = self._content.get(article_id)
        if pair is None:
            pair = self._source.load(article_id)
            with self._lock:
                self._content[article_id] = pair
        return pair

    def article(self, article_id: str) -> Article:
        return self._pair(article_id)[0]

    def extraction(self, article_id: str) -> Extraction:
        return self._pair(article_id)[1]

    def mentions(self, article_id: str, canonical: str) -> list[Entity]:
        """Every mention of the entity named ``canonical`` in the article, aliases included."""
        return [e for e in self.extraction(article_id).entities if e.canonical == canonical]

    # -- everything -------------------------------------------------------------

    def load_all(self) -> None:
        """Read every article's items and build the aggregates and the search index (slow)."""
        from store.search import SearchIndex

        content: dict[str, tuple[Article, Extraction]] = {}
        groups: dict[tuple[str, str], EntityGroup] = {}
        quotes: list[QuoteRef] = []
        figures: list[FigureRef] = []
        for article, extraction in self._source.iter_all():
            content[article.id] = (article, extraction)
            for key, count in group_entities(extraction.entities).items():
                group = groups.get(key)
                if group is None:
                    group = groups[key] = EntityGroup(key[0], key[1], 0)
                group.mentions += count
                group.article_ids.append(article.id)
            quotes.extend(QuoteRef(article.id, q) for q in extraction.quotes)
            figures.extend(FigureRef(article.id, f) for f in extraction.figures)
        order = {s.id: i for i, s in enumerate(self.summaries)}
        missing = [aid for aid in content if aid not in order]
        for aid in missing:  # stored after our summaries were read: show them too
            self.summaries.append(summarise(*content[aid]))
            self._summary_by_id[aid] = self.summaries[-1]
        index = SearchIndex(self.summaries, content, groups, quotes, figures)
        with self._lock:
            self._content = content
            self._groups = groups
            self._quotes = quotes
            self._figures = figures
            self._index = index
            self.loaded = True

    def entity_groups(self, article_id: str | None = None) -> list[EntityGroup]:
        """Entities of one article (mentions counted there) or of all, most mentioned first."""
        if article_id is None:
            groups = list(self._groups.values())
        else:
            groups = []
            for key, count in group_entities(self.extraction(article_id).entities).items():
                overall = self._groups.get(key)
                ids = overall.article_ids if overall else [article_id]
                groups.append(EntityGroup(key[0], key[1], count, ids))
        groups.sort(key=lambda g: (-g.mentions, g.canonical))
        return groups

    def entity_group(self, canonical: str, type_: str) -> EntityGroup | None:
        return self._groups.get((canonical, type_))

    def quotes(self, article_id: str | None = None) -> list[QuoteRef]:
        if article_id is None:
            return self._quotes
        return [QuoteRef(article_id, q) for q in self.extraction(article_id).quotes]

    def figures(self, article_id: str | None = None) -> list[FigureRef]:
        if article_id is None:
            return self._figures
        return [FigureRef(article_id, f) for f in self.extraction(article_id).figures]

    def search(self, query: str, regex: bool = False) -> SearchResults:
        """Search everything; raises ``QueryError`` with a message for a bad query."""
        from store.search import SearchIndex

        if self._index is None:
            # Searching before load_all finished: index what is loaded so far.
            pairs = {aid: self._pair(aid) for aid in list(self._content)}
            return SearchIndex(self.summaries, pairs, {}, [], []).search(query, regex=regex)
        return self._index.search(query, regex=regex)
