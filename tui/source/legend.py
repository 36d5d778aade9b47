"""Legend: one line naming each highlight colour, drawn in the source pane's own styles."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.source.source_view import LEGEND, SourceView


class Legend(Static):
    """Shows what each highlight colour means; follows the theme of the source pane."""

    DEFAULT_CSS = """
    Legend { height: 1; padding: 0 1; background: $surface; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)

    def draw_for(self, source: SourceView) -> None:
        styles = source.styles_by_class()
        legend = Text()
        for index, (name, label) in enumerate(LEGEND):
            if index % 2 == 0 and legend:
                legend.append(" ")  # between pairs only
            legend.append(f" {label} ", style=styles[name])
        self.update(legend)
