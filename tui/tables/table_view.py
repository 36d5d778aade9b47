"""TableList and TableHeader: a sortable, virtual table of speakers, entities or figures.

The list draws only the rows on screen (``RowList``) from a paged sequence; the header
names the columns, marks the sort column with an arrow, and sorts by the column clicked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from store.sanitize import one_line
from tui.tables.data import Column, TableSpec, row_values
from tui.widgets.columns import cell, human_number
from tui.widgets.rowlist import RowList

GAP = 1  # cells between columns


def layout(columns: Sequence[Column], width: int) -> list[tuple[Column, int, int]]:
    """(column, x, width) of each column in ``width`` cells: fixed widths as given, the
    one with width 0 takes the rest (at least 8 cells; narrow screens cut the last ones)."""
    fixed = sum(c.width for c in columns if c.width) + GAP * (len(columns) - 1)
    rest = max(8, width - 1 - fixed)
    out: list[tuple[Column, int, int]] = []
    x = 1  # a cell of margin on the left, as the other lists have
    for column in columns:
        w = column.width or rest
        out.append((column, x, w))
        x += w + GAP
    return out


def format_value(column: Column, value: Any, row: dict[str, Any]) -> str:
    """What a cell shows: numbers readable (figures: 1.2bn), lists joined, None blank."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(one_line(str(v)) for v in value)
    if isinstance(value, float) and column.key == "value":
        if row.get("kind") == "date" and value.is_integer():
            return str(int(value))
        return human_number(value)
    if isinstance(value, int):
        return f"{value:,}"
    return one_line(str(value))


class TableHeader(Widget):
    """The column names; the sort column carries ▼ (descending) or ▲; a click sorts."""

    DEFAULT_CSS = """
    TableHeader {
        height: 1;
        background: $panel;
        color: $text-accent;
        text-style: bold;
    }
    """

    class SortClicked(Message):
        """A column header was clicked."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, spec: TableSpec, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.spec = spec
        self.sort = spec.default_sort
        self.descending = True

    def show(self, spec: TableSpec, sort: str, descending: bool) -> None:
        self.spec, self.sort, self.descending = spec, sort, descending
        self.refresh()

    def render(self) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        x = 0
        for column, cx, w in layout(self.spec.columns, self.size.width):
            line.append(" " * max(0, cx - x))
            label = column.header
            if column.key == self.sort:
                label += " ▼" if self.descending else " ▲"
            line.append_text(cell(label, w, right=column.numeric))
            x = cx + w
        return line

    def column_at(self, x: int) -> str | None:
        for column, cx, w in layout(self.spec.columns, self.size.width):
            if cx <= x < cx + w + GAP:
                return column.key
        return None

    def on_click(self, event: events.Click) -> None:
        key = self.column_at(event.x)
        if key is not None:
            self.post_message(self.SortClicked(key))


class TableList(RowList[Any]):
    """One table row per line, in the columns of a ``TableSpec``."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"table--number", "table--muted"}
    DEFAULT_CSS = """
    TableList {
        & > .table--number { color: $text-warning; }
        & > .table--muted { color: $text-muted; }
    }
    """

    def __init__(self, spec: TableSpec, *, id: str | None = None) -> None:
        super().__init__(empty_message="Nothing here.", id=id)
        self.spec = spec

    def values(self, row: Any) -> dict[str, Any]:
        return row_values(self.spec.name, row)

    def render_row(self, row: Any, width: int) -> Text:
        values = self.values(row)
        number = self.get_component_rich_style("table--number", partial=True)
        line = Text(no_wrap=True)
        x = 0
        for column, cx, w in layout(self.spec.columns, width):
            line.append(" " * max(0, cx - x))
            text = format_value(column, values.get(column.key), values)
            line.append_text(cell(text, w, number if column.numeric else "", right=column.numeric))
            x = cx + w
        return line
