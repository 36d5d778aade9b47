"""The record: plain dataclasses for an article and the items extracted from it.

Every item is a span of its article's ``text``: ``article.text[item.start:item.end]
== item.text``, so anything can be highlighted back in the source.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ENTITY_TYPES = (
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "NORP",
    "PRODUCT",
    "EVENT",
    "FAC",
    "WORK_OF_ART",
    "LAW",
)
FIGURE_KINDS = (
    "money",
    "percent",
    "count",
    "quantity",
    "multiplier",
    "rank",
    "duration",
    "date",
    "other",
)


@dataclass(slots=True)
class Article:
    id: str
    path: str
    title: str
    date: str | None
    source: str | None
    text: str
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    # ISO 639-1 code of the text ("en", "de"), None when too short to tell or not detected.
    language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            id=d["id"],
            path=d["path"],
            title=d["title"],
            date=d.get("date"),
            source=d.get("source"),
            text=d["text"],
            url=d.get("url"),
            authors=list(d.get("authors") or []),
            language=d.get("language"),
        )


@dataclass(slots=True)
class ArticleSummary:
    """What the article list needs, without the text or the items: cheap to load."""

    id: str
    title: str
    date: str | None
    source: str | None
    path: str
    n_entities: int
    n_quotes: int
    n_figures: int


@dataclass(slots=True)
class Entity:
    """One mention of a named entity; ``canonical`` names the entity it refers to."""

    start: int
    end: int
    text: str
    type: str
    canonical: str


@dataclass(slots=True)
class Quote:
    """A direct quotation: the words inside the marks, and who said them."""

    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_role: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass(slots=True)
class Figure:
    """A numeric expression, its normalised value and what it measures."""

    start: int
    end: int
    text: str
    kind: str
    value: float | None = None
    unit: str | None = None
    noun: str | None = None
    context: str | None = None


@dataclass(slots=True)
class Extraction:
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entities": [asdict(e) for e in self.entities],
            "quotes": [asdict(q) for q in self.quotes],
            "figures": [asdict(f) for f in self.figures],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Extraction:
        return cls(
            entities=[Entity(**e) for e in d.get("entities", ())],
            quotes=[Quote(**q) for q in d.get("quotes", ())],
            figures=[Figure(**f) for f in d.get("figures", ())],
        )
