"""FigureList: each figure as written, its kind, value and unit, counted noun and context."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text

from store.library import FigureRef
from store.records import Figure
from store.sanitize import one_line
from tui.items.rows import FigureRow, GroupedRows, Heading
from tui.widgets.columns import cell, human_number
from tui.widgets.rowlist import RowList

FigureListRow = Heading | FigureRow


def describe_value(figure: Figure) -> str:
    """The normalised value and unit: "= 45.3bn CNY", or "" when unknown."""
    if not isinstance(figure.value, int | float) or isinstance(figure.value, bool):
        return ""  # unknown, or not a number at all in a hand-edited store
    # A unit comes from a fixed list, but a store from someone else may hold anything.
    unit = f" {one_line(figure.unit)}" if figure.unit else ""
    if figure.kind == "date" and float(figure.value).is_integer():
        return f"= {int(figure.value)}{unit}"  # a year: 2019, not 2,019
    return f"= {human_number(figure.value)}{unit}"


class FigureList(RowList[FigureListRow]):
    """Figures in text order, article after article; in "all" scope each names its article."""

    ROW_HEIGHT = 2
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "figures--text",
        "figures--kind",
        "figures--noun",
        "figures--context",
    }

    DEFAULT_CSS = """
    FigureList {
        & > .figures--text { color: $text-warning; text-style: bold; }
        & > .figures--kind { color: $text-muted; }
        & > .figures--noun { color: $text-secondary; }
        & > .figures--context { color: $text-muted; }
    }
    """

    def __init__(self, title_of: Callable[[str], str], *, id: str | None = None) -> None:
        super().__init__(empty_message="No figures.", id=id)
        self.title_of = title_of
        self.all_scope = False
        self.item_count = 0

    def show_figures(
        self, refs: Sequence[FigureRef], *, all_scope: bool, keep: bool = True
    ) -> None:
        """Show these figures in their order (by article); in "all" scope each names its article."""
        self.all_scope = all_scope
        rows: GroupedRows[FigureRef, FigureRow] = GroupedRows([(None, refs)], FigureRow)
        self.item_count = rows.item_count
        self.set_rows(rows, keep=keep)

    def row_key(self, row: FigureListRow) -> object:
        return (row.ref.article_id, row.ref.figure.start) if isinstance(row, FigureRow) else None

    def locate(self, rows: Sequence[FigureListRow], key: object) -> int | None:
        if isinstance(rows, GroupedRows):
            return rows.index_of_key(key, lambda ref: (ref.article_id, ref.figure.start) == key)
        return super().locate(rows, key)

    def is_selectable(self, row: FigureListRow) -> bool:
        return isinstance(row, FigureRow)

    def select_ref(self, article_id: str, start: int) -> bool:
        """Put the cursor on the figure at ``start`` in ``article_id``; True if shown."""
        return self.select_key((article_id, start))

    def render_row(self, row: FigureListRow, width: int) -> list[Text]:
        if isinstance(row, Heading):
            title = self.title_of(row.article_id) if row.article_id else row.label
            label = f"{title} — {row.count}"
            return [Text(" ") + cell(label, width - 1), Text("")]
        figure = row.ref.figure
        first = Text(" ")
        first.append(
            one_line(figure.text),
            style=self.get_component_rich_style("figures--text", partial=True),
        )
        first.append(
            f"  {one_line(figure.kind)}",
            style=self.get_component_rich_style("figures--kind", partial=True),
        )
        value = describe_value(figure)
        if value:
            first.append(f"  {value}")
        if figure.noun:
            first.append(
                f"  · {one_line(figure.noun)}",
                style=self.get_component_rich_style("figures--noun", partial=True),
            )
        context = one_line(figure.context or "")
        if self.all_scope:
            title = self.title_of(row.ref.article_id)
            context = f"{title} · {context}" if context else title
        second = Text("   ") + cell(
            context,
            max(1, width - 3),
            self.get_component_rich_style("figures--context", partial=True),
        )
        return [first, second]
