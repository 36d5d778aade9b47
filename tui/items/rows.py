"""The row types the item panes show, and a lazy row sequence for very long lists."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar, overload

from store.library import EntityGroup, FigureRef, QuoteRef

ItemT = TypeVar("ItemT")
RowT = TypeVar("RowT")


@dataclass(slots=True)
class Heading:
    """A group heading (an entity type, a speaker, an article); the cursor skips it.

    ``article_id`` set: the label is that article's title, looked up when drawn.
    """

    label: str
    count: int
    article_id: str | None = None


@dataclass(slots=True)
class EntityRow:
    """An entity: canonical name, type, mentions and number of articles."""

    group: EntityGroup
    expanded: bool = False


@dataclass(slots=True)
class EntityArticleRow:
    """One article an entity appears in (shown under an expanded entity)."""

    group: EntityGroup
    article_id: str


@dataclass(slots=True)
class QuoteRow:
    ref: QuoteRef


@dataclass(slots=True)
class FigureRow:
    ref: FigureRef


ItemRow = Heading | EntityRow | EntityArticleRow | QuoteRow | FigureRow


class GroupedRows(Sequence[Heading | RowT], Generic[ItemT, RowT]):
    """Headings and items as one sequence, without building a row per item.

    ``groups`` is a list of (heading or None, items); a row object is made only
    when a row is read (the list draws only what is on screen), so a quarter of a
    million figures cost a few lists of references, not a quarter of a million rows.
    """

    def __init__(
        self, groups: list[tuple[Heading | None, Sequence[ItemT]]], wrap: Callable[[ItemT], RowT]
    ) -> None:
        self._groups = groups
        self._wrap = wrap
        self._starts: list[int] = []
        position = 0
        for heading, items in groups:
            self._starts.append(position)
            position += len(items) + (1 if heading is not None else 0)
        self._length = position
        self.item_count = sum(len(items) for _, items in groups)

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> Heading | RowT: ...

    @overload
    def __getitem__(self, index: slice) -> list[Heading | RowT]: ...

    def __getitem__(self, index: int | slice) -> Heading | RowT | list[Heading | RowT]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        group = bisect_right(self._starts, index) - 1
        heading, items = self._groups[group]
        offset = index - self._starts[group]
        if heading is not None:
            if offset == 0:
                return heading
            offset -= 1
        return self._wrap(items[offset])

    def index_where(self, predicate: Callable[[ItemT], bool]) -> int | None:
        """Row index of the first item for which ``predicate`` holds (no rows are built)."""
        for (heading, items), start in zip(self._groups, self._starts, strict=True):
            first = start + (1 if heading is not None else 0)
            for offset, item in enumerate(items):
                if predicate(item):
                    return first + offset
        return None

    def index_of_key(self, key: object, predicate: Callable[[ItemT], bool]) -> int | None:
        """Row index of the item ``key`` names: asked of each paged group (an index lookup,
        no page read), else found by ``predicate`` in the groups held in memory."""
        for (heading, items), start in zip(self._groups, self._starts, strict=True):
            first = start + (1 if heading is not None else 0)
            position = getattr(items, "position", None)
            if position is not None:
                offset = position(key)
                if offset is not None and 0 <= offset < len(items):
                    return first + int(offset)
                continue
            for offset, item in enumerate(items):
                if predicate(item):
                    return first + offset
        return None


class Spliced(Sequence[RowT]):
    """``base`` with ``extra`` rows inserted after row ``at`` (an expanded entity's articles),
    without copying ``base`` (which may be a paged list of a hundred thousand entities)."""

    def __init__(self, base: Sequence[RowT], at: int, extra: Sequence[RowT]) -> None:
        self.base = base
        self.at = at
        self.extra = extra

    def __len__(self) -> int:
        return len(self.base) + len(self.extra)

    @overload
    def __getitem__(self, index: int) -> RowT: ...

    @overload
    def __getitem__(self, index: slice) -> list[RowT]: ...

    def __getitem__(self, index: int | slice) -> RowT | list[RowT]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index <= self.at:
            return self.base[index]
        if index <= self.at + len(self.extra):
            return self.extra[index - self.at - 1]
        return self.base[index - len(self.extra)]

    def from_base(self, index: int | None) -> int | None:
        """The row index here of row ``index`` of ``base``."""
        if index is None or index <= self.at:
            return index
        return index + len(self.extra)
