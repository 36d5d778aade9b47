"""SearchBar: the query box, the regex switch and the "3/17" match counter."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Static

from store.sanitize import neutralise, one_line

PLACEHOLDER = "search: words, speaker:shi type:org kind:money entity:huawei date:2024"
MAX_QUERY = 500  # characters; longer pastes are cut (a query that long is a paste accident)


class SearchInput(Input):
    """The query box; Enter and shift+Enter step through matches, Esc leaves it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Shown in the footer while typing (issue 15): the keys of the box.
        Binding("enter", "submit", "Next match"),
        Binding("shift+enter", "app.previous_match", "Previous"),
        # Shown in the footer while typing; the app's priority bindings do the work.
        Binding("escape", "app.clear_search", "Clear search"),
        Binding("down", "app.leave_search", "To the list"),
    ]

    def validate_value(self, value: str) -> str:
        # Pasted or typed, the query is painted as is: it must not carry terminal controls.
        return neutralise(value)

    def _on_paste(self, event: events.Paste) -> None:
        # Input drops a paste longer than max_length altogether; keep its start instead.
        event.prevent_default()
        event.stop()
        lines = event.text.splitlines()
        text = lines[0] if lines else ""
        room = MAX_QUERY - len(self.value)
        if len(text) > room:
            text = text[:room]
            self.app.notify(f"Pasted text cut to {MAX_QUERY} characters", timeout=3)
        if text:
            self.insert_text_at_cursor(text)


class SearchBar(Horizontal):
    """One line: a prompt, the query box, and the regex/counter/status read-out."""

    DEFAULT_CSS = """
    SearchBar {
        dock: top;
        height: 1;
        background: $panel;
        & > #search-prompt { width: 2; padding-left: 1; color: $text-accent; text-style: bold; }
        & > SearchInput {
            width: 1fr; height: 1; border: none; padding: 0 1; background: $panel;
            &:focus { border: none; background: $boost; }
        }
        & > #search-status { width: auto; max-width: 50%; padding: 0 1; color: $text-muted; }
        & > #search-status.-error { color: $text-error; max-width: 80%; }
    }
    """

    _last_status = ""

    def compose(self) -> ComposeResult:
        yield Static("/", id="search-prompt", markup=False)
        yield SearchInput(
            placeholder=PLACEHOLDER, max_length=MAX_QUERY, id="search-input", select_on_focus=False
        )
        yield Static(id="search-status", markup=False)

    def show_status(
        self,
        counter: str,
        regex: bool,
        message: str = "",
        error: bool = False,
        *,
        total: str = "",
    ) -> None:
        """Update the read-out: a message (errors in red), the counter in this article
        ("3/17") and the total across the matching articles ("174 articles"), regex flag."""
        status = self.query_one("#search-status", Static)
        text = Text()
        if message:
            text.append(one_line(message))
        if counter:
            text.append(("  " if text else "") + counter, style="bold")
        if total:
            text.append((" · " if counter else "  " if text else "") + total)
        text.append(
            ("  " if text else "") + ("regex" if regex else "words"),
            style="reverse" if regex else "",
        )
        if text.plain == self._last_status and error == status.has_class("-error"):
            return  # unchanged: spare the layout pass an update would cost
        self._last_status = text.plain
        status.tooltip = Text(one_line(message)) if error and message else None
        status.set_class(error, "-error")
        status.update(text)
