"""Messages the explorer's workers and widgets send to the app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from store.library import EntityGroup, Library
    from store.records import Article, Extraction
    from store.search import SearchResults


@dataclass(frozen=True, slots=True)
class Target:
    """Where to go once an article is open: an item (by kind and start offset) or a span."""

    kind: str  # "entity" | "quote" | "figure" | "match" | "span"
    start: int = 0
    end: int = 0
    canonical: str = ""
    entity_type: str = ""


class LibraryOpened(Message):
    """The store is open: summaries are known, the article to show first is loaded."""

    def __init__(
        self,
        library: Library,
        first_article: str | None,
        pane: str | None,
        *,
        preloaded: bool = False,
    ) -> None:
        super().__init__()
        self.library = library
        self.first_article = first_article
        self.pane = pane
        self.preloaded = preloaded  # an ArticleLoaded for first_article follows


class LibraryFailed(Message):
    """The store could not be opened or read; ``reason`` is for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class StoreReadOnly(Message):
    """The store cannot be written (read-only folder, full disk): browse only; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class LibraryLoaded(Message):
    """Every article's items are in memory: "all" scope and full search work now."""


class IngestProgressed(Message):
    """Ingest made progress: ``done`` of ``total`` files (total 0: not known yet)."""

    def __init__(self, done: int, total: int, label: str) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.label = label


class IngestFinished(Message):
    """Ingest ended; ``summary`` says what happened, for a notification."""

    def __init__(self, summary: str, library: Library | None, error: bool = False) -> None:
        super().__init__()
        self.summary = summary
        self.library = library
        self.error = error


class ArticleLoaded(Message):
    """An article's text and items, ready to show."""

    def __init__(
        self,
        article: Article,
        extraction: Extraction,
        groups: list[EntityGroup],
        target: Target | None,
    ) -> None:
        super().__init__()
        self.article = article
        self.extraction = extraction
        self.groups = groups
        self.target = target


class SearchFinished(Message):
    """A search finished; stale ones (an older ``generation``) are dropped by the app."""

    def __init__(self, generation: int, results: SearchResults | None, error: str | None) -> None:
        super().__init__()
        self.generation = generation
        self.results = results
        self.error = error


class CopyFinished(Message):
    """The system clipboard route finished; ``routes`` names what worked.

    ``length`` is the length of what was to be copied and ``copied`` of what was (less
    when it was too long for a terminal to take).
    """

    def __init__(
        self,
        what: str,
        routes: list[str],
        problem: str | None,
        *,
        length: int = 0,
        copied: int = 0,
    ) -> None:
        super().__init__()
        self.what = what
        self.routes = routes
        self.problem = problem
        self.length = length
        self.copied = copied
