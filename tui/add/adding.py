"""AddSourcesMixin: ctrl+o (and the palette's "Add files, folder or URL") ingests from inside the app.

Mixed into ``NewsExploreApp``; ``ADD_BINDINGS`` go into its bindings. The screen
(``AddScreen``) checks what was typed; the ingest then runs in a worker through the app's own
in-app ingest (``NewsExploreApp._ingest``: the progress bar with files done/total and the rate,
a summary toast, the panes refreshed from the store's index when it ends). Web addresses go
through ``store.ingest.run_ingest(urls=…)``: pages, feeds and sitemaps, fetched politely.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.binding import Binding, BindingType

from tui.add.add_screen import AddScreen
from tui.add.sources import Sources, ingest_takes_urls
from tui.messages import IngestFinished

if TYPE_CHECKING:
    from tui.app import NewsExploreApp

ADD_BINDINGS: list[BindingType] = [
    Binding("ctrl+o", "add_sources", "Add", tooltip="Add files, a folder or URLs"),
]
BUSY_GROUPS = ("open", "add")


def ingest_summary(report: Any) -> str:
    """One line for the toast: articles added and skipped first, then the rest."""

    def articles(count: int) -> str:
        return f"{count:,} article{'s' if count != 1 else ''}"

    files = int(getattr(report, "files_read", 0))
    summary = (
        f"Ingested: {articles(report.new)} added, {report.updated:,} updated, "
        f"{report.unchanged:,} unchanged; {report.skipped:,} skipped "
        f"({files:,} file{'s' if files != 1 else ''} read)"
    )
    duplicates = int(getattr(report, "duplicates", 0))
    if duplicates:
        summary += f"; {articles(duplicates)} already stored"
    unsupported = getattr(report, "unsupported_line", None)
    if isinstance(unsupported, str) and unsupported:
        summary += f"; {unsupported}"
    errors = list(getattr(report, "errors", []))
    if errors:
        summary += f" — {len(errors)} error(s), first: {errors[0]}"
    return summary


def start_process_helpers() -> None:
    """Start multiprocessing's resource tracker with the real stderr (on the UI thread).

    A big folder is read in worker processes; the tracker they need cannot be started while
    Textual captures stderr (its fileno() is -1), so it is started here, once, with the
    process's own stderr put back for the moment it takes.
    """
    import contextlib
    import sys

    from tui.app import _start_process_helpers

    real = sys.__stderr__
    if real is None:
        return
    with contextlib.redirect_stderr(real):
        _start_process_helpers()


class AddSourcesMixin:
    """The add command (see the module's docstring); needs ``NewsExploreApp``'s attributes."""

    @property
    def _explorer_app(self) -> NewsExploreApp:
        return self  # type: ignore[return-value]

    def adding(self) -> bool:
        """Whether the store is being opened or filled right now."""
        return any(w.is_running and w.group in BUSY_GROUPS for w in self._explorer_app.workers)

    def action_add_sources(self) -> None:
        app = self._explorer_app
        if isinstance(app.screen, AddScreen):
            return
        if app.read_only:
            app.notify(
                "The store is read-only: nothing can be added to it (open another with --db).",
                severity="error",
                timeout=8,
            )
            return
        if self.adding():
            app.notify(
                "The store is still being opened or filled: add more when it is done.",
                severity="warning",
                timeout=5,
            )
            return
        app.push_screen(AddScreen(urls_allowed=ingest_takes_urls()), self._sources_chosen)

    def _sources_chosen(self, sources: Sources | None) -> None:
        if sources is None or not (sources.paths or sources.urls):
            return
        if sources.paths:
            start_process_helpers()
        self._add_sources(sources)

    @work(thread=True, exclusive=True, group="add")
    def _add_sources(self, sources: Sources) -> None:
        import sqlite3

        from store.db import Store
        from store.storage import StoreError
        from tui.app import IngestStopped

        app = self._explorer_app
        try:
            store: Any = app.store
            if store is None:  # the sample was shown: the user's store is opened now
                store = Store(app.store_path)
                app.store = store
            app._ingest(store, list(sources.paths), urls=list(sources.urls))
        except IngestStopped:
            return  # quit while the index was rebuilt: what was committed stays
        except (StoreError, OSError, sqlite3.Error) as error:
            app.post_message(IngestFinished(f"Nothing added: {error}", None, error=True))
