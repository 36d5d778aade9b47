"""EntityList: entities grouped by type, with mention and article counts; expandable in "all"."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from store.library import EntityGroup
from store.records import ENTITY_TYPES
from store.sanitize import one_line
from tui.items.rows import EntityArticleRow, EntityRow, GroupedRows, Heading, Spliced
from tui.widgets.columns import cell
from tui.widgets.rowlist import RowList

EntityListRow = Heading | EntityRow | EntityArticleRow

TYPE_NAMES = {
    "PERSON": "People",
    "ORG": "Organisations",
    "GPE": "Places (countries, cities)",
    "LOC": "Locations",
    "NORP": "Nationalities, groups",
    "PRODUCT": "Products",
    "EVENT": "Events",
    "FAC": "Facilities",
    "WORK_OF_ART": "Works",
    "LAW": "Laws",
}


def type_heading(type_: str) -> str:
    """The heading for an entity type: its name, or the unknown type shown inert and marked.

    Types come from a fixed list, but a store from someone else may hold anything there
    (escape sequences included), so an unknown one is neutralised and said to be unknown.
    """
    known = TYPE_NAMES.get(type_)
    return known if known is not None else f"Unknown type: {one_line(type_)}"


class EntityList(RowList[EntityListRow]):
    """Entities of the scope shown, grouped by type, most mentioned first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "expand", "Articles", show=False),
        Binding("left", "collapse", "Close", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"entities--count", "entities--article"}

    DEFAULT_CSS = """
    EntityList {
        & > .entities--count { color: $text-muted; }
        & > .entities--article { color: $text-secondary; }
    }
    """

    def __init__(self, title_of: Callable[[str], str], *, id: str | None = None) -> None:
        super().__init__(empty_message="No entities.", id=id)
        self.title_of = title_of
        self.all_scope = False
        self.show_article_counts = False
        self.item_count = 0
        # The articles naming an entity, when its group does not list them (the index).
        self.articles_of: Callable[[EntityGroup], Sequence[str]] = lambda g: g.article_ids
        self._expanded: tuple[str, str] | None = None  # the entity whose articles are shown

    def show_groups(
        self,
        groups: Iterable[EntityGroup],
        *,
        all_scope: bool,
        article_counts: bool,
        keep: bool = True,
    ) -> None:
        """Show these entities under type headings (``article_counts``: counts are known)."""
        by_type: dict[str, list[EntityGroup]] = {}
        for group in groups:
            by_type.setdefault(group.type, []).append(group)
        self.show_typed(
            list(by_type.items()), all_scope=all_scope, article_counts=article_counts, keep=keep
        )

    def show_typed(
        self,
        by_type: Sequence[tuple[str, Sequence[EntityGroup]]],
        *,
        all_scope: bool,
        article_counts: bool,
        keep: bool = True,
    ) -> None:
        """Show entities given per type (each most mentioned first; paged lists welcome)."""
        self.all_scope = all_scope
        self.show_article_counts = article_counts
        self._expanded = None
        members = dict(by_type)
        order = [t for t in ENTITY_TYPES if t in members] + sorted(
            t for t in members if t not in ENTITY_TYPES
        )
        groups: list[tuple[Heading | None, Sequence[EntityGroup]]] = [
            (Heading(type_heading(t), len(members[t])), members[t]) for t in order
        ]
        rows: GroupedRows[EntityGroup, EntityRow] = GroupedRows(groups, EntityRow)
        self.item_count = rows.item_count
        self.set_rows(rows, keep=keep)

    def row_key(self, row: EntityListRow) -> object:
        return row.group.key if isinstance(row, EntityRow) else None

    def locate(self, rows: Sequence[EntityListRow], key: object) -> int | None:
        if isinstance(rows, Spliced):
            return rows.from_base(self.locate(rows.base, key))
        if isinstance(rows, GroupedRows):
            return rows.index_of_key(key, lambda group: group.key == key)
        return super().locate(rows, key)

    def is_selectable(self, row: EntityListRow) -> bool:
        return not isinstance(row, Heading)

    def is_expanded(self, row: EntityRow) -> bool:
        return self._expanded is not None and row.group.key == self._expanded

    def action_expand(self) -> None:
        row = self.current_row
        if self.all_scope and isinstance(row, EntityRow) and not self.is_expanded(row):
            self.toggle_expanded()

    def action_collapse(self) -> None:
        row = self.current_row
        if isinstance(row, EntityArticleRow) or (
            isinstance(row, EntityRow) and self.is_expanded(row)
        ):
            self.toggle_expanded()

    def toggle_expanded(self) -> None:
        """Open or close the list of articles under the entity at the cursor ("all" scope).

        One entity is open at a time; its article rows are spliced into the list, which
        itself is never copied (it may page a hundred thousand entities from the index).
        """
        row = self.current_row
        rows = self.rows
        base = rows.base if isinstance(rows, Spliced) else rows
        if isinstance(row, EntityArticleRow) and isinstance(rows, Spliced):
            row = rows.base[rows.at]
        if not isinstance(row, EntityRow):
            return
        if self._expanded is not None:
            index = rows.at if isinstance(rows, Spliced) else self.cursor
            was = self._expanded
            self._expanded = None
            self._line_cache.clear()
            if was == row.group.key:
                self.set_rows(base, cursor=index)
                return
            found = self.locate(base, row.group.key)
            if found is None:
                self.set_rows(base, cursor=index)
                return
            index = found
        else:
            index = self.cursor
        children = [EntityArticleRow(row.group, aid) for aid in self.articles_of(row.group)]
        self._expanded = row.group.key
        self._line_cache.clear()
        self.set_rows(Spliced(base, index, children), cursor=index)

    def render_row(self, row: EntityListRow, width: int) -> Text:
        muted = self.get_component_rich_style("entities--count", partial=True)
        if isinstance(row, Heading):
            return Text(f"{one_line(row.label)} ({row.count})")
        if isinstance(row, EntityArticleRow):
            title = cell(self.title_of(row.article_id), max(1, width - 7))
            title.stylize(self.get_component_rich_style("entities--article", partial=True))
            return Text("    ↳ ") + title
        group = row.group
        counts = f"{group.mentions:>4}×"
        if self.show_article_counts:
            counts += f" {group.articles:>5} art."
        toggle = ("▾ " if self.is_expanded(row) else "▸ ") if self.all_scope else "  "
        name = cell(group.canonical, max(4, width - len(counts) - 5))
        return Text(" " + toggle) + name + Text(" " + counts, style=muted)
