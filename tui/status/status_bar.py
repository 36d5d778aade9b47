"""StatusBar: the scope on the left, a progress bar while ingesting, a note on the right."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from store.sanitize import one_line


class StatusBar(Horizontal):
    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $panel;
        & > #status-scope { width: auto; padding: 0 1; color: $text-accent; text-style: bold; }
        & > #status-progress { width: auto; padding: 0 1; display: none; }
        & > #status-progress.-busy { display: block; }
        & > #status-note { width: 1fr; padding: 0 1; color: $text-muted; text-align: right; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="status-scope", markup=False)
        yield ProgressBar(id="status-progress", show_eta=False)
        yield Static(id="status-note", markup=False)

    def show_scope(self, all_articles: bool) -> None:
        label = "Scope: all articles" if all_articles else "Scope: this article"
        self.query_one("#status-scope", Static).update(Text(label + "  (a)"))

    def show_note(self, note: str) -> None:
        self.query_one("#status-note", Static).update(Text(one_line(note)))

    def show_progress(self, done: int, total: int) -> None:
        bar = self.query_one("#status-progress", ProgressBar)
        bar.add_class("-busy")
        bar.update(total=total or None, progress=done)

    def hide_progress(self) -> None:
        self.query_one("#status-progress", ProgressBar).remove_class("-busy")
