"""The explorer's read model over a store: summaries at once, content and aggregates on demand.

Opening the app needs only the article summaries and one article; ``load_all``
(run in a worker) brings in every article's items, builds the cross-article
aggregates (which articles an entity appears in, every quote a speaker gave)
and the search index.
"""

from __future__ import annotations

import gc
import threading
import weakref
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import orjson

from store.records import Article, ArticleSummary, Entity, Extraction, Figure, Quote

if TYPE_CHECKING:
    from store.search import SearchIndex, SearchResults

T = TypeVar("T")

# Fully decoded articles kept after load_all (the rest hold their entities packed).
RECENT_ARTICLES = 64


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
    # The number of articles when known without their ids (from the on-disk index).
    n_articles: int | None = None

    @property
    def articles(self) -> int:
        return self.n_articles if self.n_articles is not None else len(self.article_ids)

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


_ENTITY_ROW = ["start", "end", "type", "canonical"]  # packed entities: about 30 bytes each


def unpack_entities(packed: bytes, text: str) -> list[Entity]:
    return [Entity(s, e, text[s:e], t, c) for s, e, t, c in orjson.loads(packed)]


def _weak_call(method: Callable[[str], T]) -> Callable[[str], T | None]:
    """``method`` without a strong reference to its object (no library <-> index cycle)."""
    ref = weakref.WeakMethod(method)

    def call(arg: str) -> T | None:
        bound = ref()
        return bound(arg) if bound is not None else None

    return call


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
        # After load_all: each article's entities packed (its Extraction in _content has none).
        self._packed: dict[str, bytes] = {}
        self._recent: OrderedDict[str, tuple[Article, Extraction]] = OrderedDict()
        self._lock = threading.Lock()
        self.loaded = False
        self._groups: dict[tuple[str, str], EntityGroup] = {}
        self._quotes: list[QuoteRef] = []
        self._figures: list[FigureRef] = []
        self._index: SearchIndex | None = None

    @property
    def source(self) -> ContentSource:
        """Where the articles come from (the explorer indexes it on disk)."""
        return self._source

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
        with self._lock:
            pair = self._recent.get(article_id)
            if pair is not None:
                self._recent.move_to_end(article_id)
                return pair
            pair = self._content.get(article_id)
            packed = self._packed.get(article_id)
        if pair is None:
            pair = self._source.load(article_id)
            with self._lock:
                if not self.loaded:
                    self._content[article_id] = pair
        elif packed is not None:
            article, extraction = pair
            entities = unpack_entities(packed, article.text)
            pair = (article, Extraction(entities, extraction.quotes, extraction.figures))
        with self._lock:
            self._recent[article_id] = pair
            while len(self._recent) > RECENT_ARTICLES:
                self._recent.popitem(last=False)
        return pair

    def _pair_if_known(self, article_id: str) -> tuple[Article, Extraction] | None:
        """The article if this library holds it (the search's highlighting never reads the store)."""
        with self._lock:
            known = article_id in self._content or article_id in self._recent
        return self._pair(article_id) if known else None

    def article(self, article_id: str) -> Article:
        return self._pair(article_id)[0]

    def extraction(self, article_id: str) -> Extraction:
        return self._pair(article_id)[1]

    def mentions(self, article_id: str, canonical: str) -> list[Entity]:
        """Every mention of the entity named ``canonical`` in the article, aliases included."""
        return [e for e in self.extraction(article_id).entities if e.canonical == canonical]

    # -- everything -------------------------------------------------------------

    def load_all(self) -> None:
        """Read every article's items and build the aggregates and the search index (slow).

        Entities are aggregated as they stream past and then kept packed, not as
        objects: they are most of the items, and an article's are unpacked on demand.
        """
        from store.search import SearchIndex

        content: dict[str, tuple[Article, Extraction]] = {}
        packed: dict[str, bytes] = {}
        article_types: dict[str, set[str]] = {}
        groups: dict[tuple[str, str], EntityGroup] = {}
        # Millions of objects that live as long as the library: collecting the young
        # generation over and over while they are made only costs time.
        gc.unfreeze()  # a library loaded before may be garbage now
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            for article, entity_rows, quotes_of, figures_of in self._stream():
                aid = article.id
                counts = Counter((row[3], row[2]) for row in entity_rows)
                for key, count in counts.items():
                    group = groups.get(key)
                    if group is None:
                        group = groups[key] = EntityGroup(key[0], key[1], 0)
                    group.mentions += count
                    group.article_ids.append(aid)
                article_types[aid] = {row[2].lower() for row in entity_rows}
                # orjson's bytes keep their whole growth buffer (about 8 KB each): copy exactly.
                packed[aid] = bytes(memoryview(orjson.dumps(entity_rows)))
                content[aid] = (article, Extraction([], quotes_of, figures_of))
            order = {s.id: i for i, s in enumerate(self.summaries)}
            missing = [aid for aid in content if aid not in order]
            for aid in missing:  # stored after our summaries were read: show them too
                summary = summarise(content[aid][0], content[aid][1])
                summary.n_entities = len(orjson.loads(packed[aid]))
                self.summaries.append(summary)
                self._summary_by_id[aid] = summary
            # Items in article-list order: the panes list them so, and the index relies on it.
            quotes: list[QuoteRef] = []
            figures: list[FigureRef] = []
            for s in self.summaries:
                pair = content.get(s.id)
                if pair is not None:
                    quotes.extend(QuoteRef(s.id, q) for q in pair[1].quotes)
                    figures.extend(FigureRef(s.id, f) for f in pair[1].figures)
            index = SearchIndex(
                self.summaries,
                content,
                groups,
                quotes,
                figures,
                article_types=article_types,
                pair_of=_weak_call(self._pair_if_known),
            )
        finally:
            if gc_was_enabled:
                gc.enable()
        with self._lock:
            self._content = content
            self._packed = packed
            self._recent.clear()
            self._groups = groups
            self._quotes = quotes
            self._figures = figures
            self._index = index
            self.loaded = True
        gc.freeze()  # keep them out of every later collection's walk

    def _stream(self) -> Iterator[tuple[Article, list[list[Any]], list[Quote], list[Figure]]]:
        """Every article with its entities as [start, end, type, canonical] rows, its quotes
        and figures; from the store's encoded items when it offers them (no Entity objects)."""
        iter_encoded = getattr(self._source, "iter_encoded", None)
        if iter_encoded is None:
            for article, x in self._source.iter_all():
                rows = [[e.start, e.end, e.type, e.canonical] for e in x.entities]
                yield article, rows, x.quotes, x.figures
            return
        from store.codec import decode_kind

        for article, items, order in iter_encoded():
            names = order.get("entities", [])
            rows = items.get("entities") or []
            if names != _ENTITY_ROW and rows:
                at = [names.index(n) for n in _ENTITY_ROW]
                rows = [[row[i] for i in at] for row in rows]
            text = article.text
            quotes = decode_kind(text, "quotes", items.get("quotes") or [], order.get("quotes", []))
            figures = decode_kind(
                text, "figures", items.get("figures") or [], order.get("figures", [])
            )
            yield article, rows, quotes, figures

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
