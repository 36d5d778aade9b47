"""FigureList: each figure as written, its kind, value and unit, counted noun and context."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from rich.text import Text

from store.library import FigureRef
from store.records import Figure
from store.sanitize import one_line
from tui.items.rows import FigureRow, Heading
from tui.widgets.columns import cell, human_number
from tui.widgets.rowlist import RowList

FigureListRow = Heading | FigureRow


def describe_value(figure: Figure) -> str:
    """The normalised value and unit: "= 45.3bn CNY", or "" when unknown."""
    if figure.value is None:
        return ""
    unit = f" {figure.unit}" if figure.unit else ""
    return f"= {human_number(figure.value)}{unit}"


class FigureList(RowList[FigureListRow]):
    """Figures in text order; in "all" scope under one heading per article."""

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

    def show_figures(self, refs: Iterable[FigureRef], *, all_scope: bool) -> None:
        """Show these figures; in "all" scope under a heading per article."""
        self.all_scope = all_scope
        rows: list[FigureListRow] = []
        if not all_scope:
            rows = [FigureRow(ref) for ref in refs]
        else:
            by_article: dict[str, list[FigureRef]] = {}
            for ref in refs:
                by_article.setdefault(ref.article_id, []).append(ref)
            for article_id, figures in by_article.items():
                rows.append(Heading(self.title_of(article_id), len(figures)))
                rows.extend(FigureRow(ref) for ref in figures)
        self.set_rows(rows, keep=True)

    def row_key(self, row: FigureListRow) -> object:
        return (row.ref.article_id, row.ref.figure.start) if isinstance(row, FigureRow) else None

    def is_selectable(self, row: FigureListRow) -> bool:
        return isinstance(row, FigureRow)

    def select_ref(self, article_id: str, start: int) -> bool:
        for index, row in enumerate(self.rows):
            if (
                isinstance(row, FigureRow)
                and row.ref.article_id == article_id
                and row.ref.figure.start == start
            ):
                self.move_to(index)
                return True
        return False

    def render_row(self, row: FigureListRow, width: int) -> list[Text]:
        if isinstance(row, Heading):
            label = f"{row.label} — {row.count}"
            return [Text(" ") + cell(label, width - 1), Text("")]
        figure = row.ref.figure
        first = Text(" ")
        first.append(
            one_line(figure.text),
            style=self.get_component_rich_style("figures--text", partial=True),
        )
        first.append(
            f"  {figure.kind}", style=self.get_component_rich_style("figures--kind", partial=True)
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
        second = Text("   ") + cell(
            context,
            max(1, width - 3),
            self.get_component_rich_style("figures--context", partial=True),
        )
        return [first, second]
