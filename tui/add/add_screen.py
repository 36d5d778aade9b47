"""AddScreen: a box for paths and web addresses, checked before anything is ingested."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from store.sanitize import one_line
from tui.add.sources import PathSuggester, Sources, parse_sources

TITLE = "Add files, a folder or URLs"


class AddInput(Input):
    """The box; Tab takes the suggested completion of the path being typed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete", "Complete path"),
    ]

    def action_complete(self) -> None:
        suggestion = self._suggestion
        if not suggestion or len(suggestion) <= len(self.value):
            raise SkipAction()  # nothing to complete: Tab moves the focus as usual
        self.value = suggestion
        self.cursor_position = len(self.value)


class AddScreen(ModalScreen[Sources | None]):
    """Ask for paths and URLs; dismissed with the checked ``Sources``, or None (Esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]

    DEFAULT_CSS = """
    AddScreen {
        align: center middle;
        & > Vertical {
            width: 90%; max-width: 110; height: auto;
            border: round $primary; background: $surface; padding: 0 1;
            border-title-align: center;
        }
        & #add-problem { color: $text-error; height: auto; }
        & #add-hint { color: $text-muted; height: auto; }
    }
    """

    def __init__(self, *, urls_allowed: bool = True) -> None:
        super().__init__()
        self.urls_allowed = urls_allowed

    def compose(self) -> ComposeResult:
        box = Vertical()
        box.border_title = TITLE
        with box:
            yield AddInput(
                placeholder="~/news  articles/a.txt  https://example.com/feed.xml",
                suggester=PathSuggester(),
                id="add-input",
                select_on_focus=False,
            )
            yield Static(id="add-problem", markup=False)
            what = "files, folders" + (
                " and web pages, feeds or sitemaps" if self.urls_allowed else ""
            )
            yield Static(
                Text(f"Reads {what} · enter: add · tab: complete the path · esc: cancel"),
                id="add-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#add-input", AddInput).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        parsed = parse_sources(event.value, urls_allowed=self.urls_allowed)
        if parsed.problem is not None:
            self.query_one("#add-problem", Static).update(Text(one_line(parsed.problem)))
            return
        self.dismiss(parsed.sources)

    def action_cancel(self) -> None:
        self.dismiss(None)
