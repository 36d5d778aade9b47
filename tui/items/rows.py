"""The row types the item panes show."""

from __future__ import annotations

from dataclasses import dataclass

from store.library import EntityGroup, FigureRef, QuoteRef


@dataclass(frozen=True, slots=True)
class Heading:
    """A group heading (an entity type, a speaker, an article); the cursor skips it."""

    label: str
    count: int


@dataclass(slots=True)
class EntityRow:
    """An entity: canonical name, type, mentions and number of articles."""

    group: EntityGroup
    expanded: bool = False


@dataclass(frozen=True, slots=True)
class EntityArticleRow:
    """One article an entity appears in (shown under an expanded entity)."""

    group: EntityGroup
    article_id: str


@dataclass(frozen=True, slots=True)
class QuoteRow:
    ref: QuoteRef


@dataclass(frozen=True, slots=True)
class FigureRow:
    ref: FigureRef


ItemRow = Heading | EntityRow | EntityArticleRow | QuoteRow | FigureRow
