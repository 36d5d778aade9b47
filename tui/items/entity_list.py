"""EntityList: entities grouped by type, with mention and article counts; expandable in "all"."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from store.library import EntityGroup
from store.records import ENTITY_TYPES
from store.sanitize import one_line
from tui.items.rows import EntityArticleRow, EntityRow, Heading
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

    def show_groups(
        self,
        groups: Iterable[EntityGroup],
        *,
        all_scope: bool,
        article_counts: bool,
        keep: bool = True,
    ) -> None:
        """Show these entities under type headings (``article_counts``: counts are known)."""
        self.all_scope = all_scope
        self.show_article_counts = article_counts
        self.item_count = 0
        by_type: dict[str, list[EntityGroup]] = {}
        for group in groups:
            by_type.setdefault(group.type, []).append(group)
        order = [t for t in ENTITY_TYPES if t in by_type] + sorted(
            t for t in by_type if t not in ENTITY_TYPES
        )
        rows: list[EntityListRow] = []
        for type_ in order:
            members = by_type[type_]
            rows.append(Heading(type_heading(type_), len(members)))
            self.item_count += len(members)
            rows.extend(EntityRow(group) for group in members)
        self.set_rows(rows, keep=keep)

    def row_key(self, row: EntityListRow) -> object:
        return row.group.key if isinstance(row, EntityRow) else None

    def is_selectable(self, row: EntityListRow) -> bool:
        return not isinstance(row, Heading)

    def action_expand(self) -> None:
        row = self.current_row
        if self.all_scope and isinstance(row, EntityRow) and not row.expanded:
            self.toggle_expanded()

    def action_collapse(self) -> None:
        row = self.current_row
        if isinstance(row, EntityArticleRow) or (isinstance(row, EntityRow) and row.expanded):
            self.toggle_expanded()

    def toggle_expanded(self) -> None:
        """Open or close the list of articles under the entity at the cursor ("all" scope)."""
        row = self.current_row
        index = self.cursor
        if isinstance(row, EntityArticleRow):
            index = next(i for i in range(index, -1, -1) if isinstance(self.rows[i], EntityRow))
            row = self.rows[index]
        if not isinstance(row, EntityRow):
            return
        rows = list(self.rows)
        if row.expanded:
            end = index + 1
            while end < len(rows) and isinstance(rows[end], EntityArticleRow):
                end += 1
            del rows[index + 1 : end]
        else:
            children = [EntityArticleRow(row.group, aid) for aid in row.group.article_ids]
            rows[index + 1 : index + 1] = children
        row.expanded = not row.expanded
        self.set_rows(rows, cursor=index)

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
        toggle = ("▾ " if row.expanded else "▸ ") if self.all_scope else "  "
        name = cell(group.canonical, max(4, width - len(counts) - 5))
        return Text(" " + toggle) + name + Text(" " + counts, style=muted)
