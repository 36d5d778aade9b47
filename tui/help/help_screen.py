"""HelpScreen: every key, grouped, over the app; any of esc, q, ?, F1 closes it."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.help.keys import HIGHLIGHTS, KEYS

TWO_COLUMNS_FROM = 110  # screen columns from which the sections sit in two columns


def keys_table(width: int = 0) -> Table:
    """The sections of KEYS; side by side in two columns when ``width`` allows."""
    if width < TWO_COLUMNS_FROM:
        return _sections_table(KEYS)
    # Panes and App on the left, Search and Copy on the right: about as tall as each other.
    left = [section for section in KEYS if section[0] in ("Panes", "App")]
    right = [section for section in KEYS if section[0] not in ("Panes", "App")]
    both = Table.grid(padding=(0, 3), expand=True)
    both.add_column(ratio=1)
    both.add_column(ratio=1)
    both.add_row(_sections_table(left), _sections_table(right))
    return both


def _sections_table(sections: list[tuple[str, list[tuple[str, str]]]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for number, (section, rows) in enumerate(sections):
        if number:
            table.add_row("", "")
        table.add_row(Text(section, style="bold underline"), "")
        for keys, meaning in rows:
            table.add_row(Text(keys), Text(meaning))
    return table


class HelpScreen(ModalScreen[None]):
    """The list of keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help"),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 96%; max-width: 150; height: auto; max-height: 100%;
            border: round $primary; background: $surface; padding: 0 1;
            border-title-align: center;
        }
        & #help-highlights { color: $text-muted; margin-top: 1; }
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "newsexplore — keys"
            scroll.border_subtitle = "esc to close"
            yield Static(keys_table(self.app.size.width), id="help-keys")
            yield Static(Text(HIGHLIGHTS), id="help-highlights")

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
