"""NewsExploreApp: the explorer's screen, its keys, and the workers that feed it."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.actions import SkipAction
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.driver import Driver
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, TabbedContent, TabPane
from textual.worker import get_current_worker

from store.library import EntityGroup, FigureRef, QuoteRef
from store.sanitize import one_line
from tui import clipboard, copying
from tui.add.adding import ADD_BINDINGS, AddSourcesMixin, ingest_summary
from tui.articles.article_list import ArticleList
from tui.articles.articles_pane import ArticlesPane
from tui.commands import ExplorerCommands
from tui.habits import HABIT_BINDINGS, HabitsMixin
from tui.help.help_screen import HelpScreen
from tui.items.entity_list import EntityList
from tui.items.figure_list import FigureList
from tui.items.quote_list import QuoteList
from tui.items.rows import EntityArticleRow, EntityRow, FigureRow, QuoteRow
from tui.messages import (
    ArticleLoaded,
    CopyFinished,
    IngestFinished,
    IngestProgressed,
    LibraryFailed,
    LibraryOpened,
    SearchFinished,
    StoreReadOnly,
    Target,
)
from tui.search.search_bar import SearchBar, SearchInput
from tui.source.legend import Legend
from tui.source.marks import Mark, Span, entity_marks, figure_marks, match_marks, quote_marks
from tui.source.source_view import SourceView
from tui.startup import NO_ARTICLES, StartupMixin, without_sample
from tui.status.status_bar import StatusBar
from tui.tables import actions as tables
from tui.widgets.quiet_footer import QuietFooter
from tui.widgets.rowlist import RowList

if TYPE_CHECKING:
    from store.library import Library
    from store.readmodel.sql import Count
    from store.readmodel.view import ReadModel, Results
    from store.records import Article, Entity, Extraction

PANES = ("articles", "entities", "quotes", "figures")
ITEM_PANES = ("entities", "quotes", "figures")
SINGULAR = {"entities": "entity", "quotes": "quote", "figures": "figure"}
SEARCH_DEBOUNCE_S = 0.02  # coalesces key repeats; a search over 22k articles takes ~1-20 ms
PANE_KEYS = Binding.Group("Panes", compact=True)
MATCH_KEYS = Binding.Group("Match", compact=True)
COPY_KEYS = Binding.Group("Copy", compact=True)
NARROW_WIDTH = 100  # below this many columns the lists sit above the text


def _start_process_helpers() -> None:
    """Start multiprocessing's resource tracker now, while sys.stderr is the real one.

    Ingest reads in worker processes; started from inside the app, the tracker would
    be spawned while Textual captures stderr (its fileno() is -1) and fail with
    "bad value(s) in fds_to_keep".
    """
    from multiprocessing import resource_tracker

    with contextlib.suppress(OSError, ValueError):
        resource_tracker.ensure_running()


class IngestStopped(Exception):
    """Raised from the ingest's progress callback to stop an in-app ingest (on quit)."""


def compact_count(count: int) -> str:
    """2,127 or 16.2k: short enough for four tab labels side by side."""
    if count < 10_000:
        return f"{count:,}"
    return f"{count / 1000:.1f}k" if count < 100_000 else f"{count // 1000}k"


def count_label(count: int | Count) -> str:
    """A tab's count: exact (``compact_count``), or capped ("10k+": at least that many)."""
    if isinstance(count, int):
        return compact_count(count)
    if count.capped:
        return f"{count.n // 1000:,}k+" if count.n >= 1000 else f"{count.n:,}+"
    return compact_count(count.n)


def count_value(count: int | Count) -> int:
    return count if isinstance(count, int) else count.n


class IndexProgressed(Message):
    """The on-disk index is being (re)built: ``done`` of ``total`` articles."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class IndexBuilt(Message):
    """The index was (re)built before the store could be shown; ``articles`` in it."""

    def __init__(self, articles: int, seconds: float) -> None:
        super().__init__()
        self.articles = articles
        self.seconds = seconds


class NewsExploreApp(AddSourcesMixin, StartupMixin, HabitsMixin, App[int]):
    """Explore who said what, about whom, with which numbers, across a folder of articles."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    # Below NARROW_WIDTH columns the screen gets class "-narrow": lists above the text.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_WIDTH, "-wide")]  # noqa: RUF012 (App declares it an instance variable)
    TITLE = "newsexplore"
    COMMANDS: ClassVar = App.COMMANDS | {ExplorerCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        # Help first: a narrow footer cuts its keys from the end, and "?" must stay visible.
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("slash", "focus_search", "Search", key_display="/", priority=True),
        Binding("n", "next_match", "Next match", group=MATCH_KEYS),
        Binding("N", "previous_match", "Previous match", key_display="N", group=MATCH_KEYS),
        Binding("ctrl+r", "toggle_regex", "Regex", priority=True),
        Binding("a", "toggle_scope", "This/all"),
        Binding("c", "copy_quote", "Copy quote", group=COPY_KEYS),
        Binding("C", "copy_words", "Copy words", key_display="C", group=COPY_KEYS),
        Binding("y", "copy_item", "Copy item", group=COPY_KEYS),
        Binding("1", "pane('articles')", "Articles", group=PANE_KEYS),
        Binding("2", "pane('entities')", "Entities", group=PANE_KEYS),
        Binding("3", "pane('quotes')", "Quotes", group=PANE_KEYS),
        Binding("4", "pane('figures')", "Figures", group=PANE_KEYS),
        # Corpus tables (tui/tables): whole screens, since their columns need the width.
        Binding("5", "table('speakers')", "Speakers", group=PANE_KEYS),
        Binding("6", "table('entities')", "Entities table", group=PANE_KEYS),
        Binding("7", "table('figures')", "Figures table", group=PANE_KEYS),
        Binding("i", "profile", "Profile", show=False),
        Binding("e", "export_view", "Export"),
        Binding("f1", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("q", "quit", "Quit", show=False),
        # Priority, like "/": the focus must move before the next keys of a burst arrive.
        # Shown only where they act (HabitsMixin.check_action): in the search box, Esc and Down.
        Binding("escape", "clear_search", "Clear", priority=True),
        Binding("down", "leave_search", "To the list", key_display="↓", priority=True),
        *HABIT_BINDINGS,
        *ADD_BINDINGS,
    ]

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, except on Linux terminals: there one whose pastes stay text."""
        driver_class = super().get_driver_class()
        try:
            from textual.drivers.linux_driver import LinuxDriver

            from tui.paste import GuardedLinuxDriver
        except ImportError:  # not a POSIX terminal (Windows): Textual's own
            return driver_class
        return GuardedLinuxDriver if driver_class is LinuxDriver else driver_class

    def __init__(
        self,
        store_path: Path | None = None,
        paths: list[Path] | None = None,
        *,
        library: Library | None = None,
        sample: bool = True,
    ) -> None:
        """Open the store at ``store_path`` (ingesting ``paths``), or show ``library`` (tests).

        An empty store shows the bundled sample, from memory and never stored (``sample``;
        the sample folder given as the only path counts the same), else says how to add.
        """
        super().__init__()
        self.store_path = store_path
        self.paths = list(paths or [])
        self.sample = sample
        self.store: Any = None
        # The read model: the store's on-disk index (store.readmodel.view), which answers
        # every list and search without reading every article.
        self.library: ReadModel | None = None
        self._given_library = library
        if self.paths:
            _start_process_helpers()
        self.loaded = threading.Event()
        self._quitting = threading.Event()  # read by worker threads: stop what can be stopped
        self.all_scope = False
        self.active_pane = "articles"
        self._visited_panes: set[str] = set()
        self.article: Article | None = None
        self.extraction: Extraction | None = None
        self.groups: list[EntityGroup] = []
        self.results: Results | None = None
        self.query_text = ""
        self.regex = False
        self._search_generation = 0
        self._search_timer: Timer | None = None
        self.search_pending = False  # a search is scheduled or running
        self.step_spans: list[tuple[int, int]] = []
        self.step_index = -1
        self.mention_index = 0
        self._pending_target: Target | None = None
        self._return_focus: Widget | None = None
        self._title_cache: dict[str, str] = {}
        self._pending: dict[str, Any] = {}  # pane -> items not yet built into rows
        # pane -> items it shows (for the tab labels): exact, or capped where counting costs
        self._counts: dict[str, int | Count] = {}
        self._tab_labels: dict[str, str] = {}  # the labels on screen: unchanged ones are not set
        self._keep_selection = True
        self._built_scope = False
        # Set when the store cannot be written: the app browses it and saves nothing.
        self.read_only = False
        self._said_read_only = False

    # ---- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search")
        with Horizontal(id="main"):
            with TabbedContent(id="panes", initial="tab-articles"):
                with TabPane("Articles", id="tab-articles"):
                    yield ArticlesPane()
                with TabPane("Entities", id="tab-entities"):
                    yield EntityList(self.title_of, id="entities")
                with TabPane("Quotes", id="tab-quotes"):
                    yield QuoteList(self.title_of, id="quotes")
                with TabPane("Figures", id="tab-figures"):
                    yield FigureList(self.title_of, id="figures")
            with Vertical(id="reader"):
                yield SourceView(id="source")
                yield Legend(id="legend")
        yield StatusBar(id="status")
        yield QuietFooter()

    @property
    def source(self) -> SourceView:
        return self.query_one("#source", SourceView)

    @property
    def articles(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def entities(self) -> EntityList:
        return self.query_one("#entities", EntityList)

    @property
    def quotes(self) -> QuoteList:
        return self.query_one("#quotes", QuoteList)

    @property
    def figures(self) -> FigureList:
        return self.query_one("#figures", FigureList)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one("#search", SearchBar)

    @property
    def search_input(self) -> SearchInput:
        return self.query_one("#search-input", SearchInput)

    @property
    def status(self) -> StatusBar:
        return self.query_one("#status", StatusBar)

    def pane_list(self, pane: str) -> RowList[Any]:
        return self.query_one(f"#{pane}", RowList)

    def on_mount(self) -> None:
        self.status.show_scope(self.all_scope)
        self.search_bar.show_status("", self.regex)
        self.query_one("#legend", Legend).draw_for(self.source)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.source.show_message("Opening the store…")
        self.articles.focus()
        if self._given_library is not None:
            self._open_given(self._given_library)
        else:
            self._open_store()

    def _theme_changed(self, _theme: object) -> None:
        # Keep the legend in the new theme's colours (after the styles are recomputed).
        self.call_after_refresh(self.query_one("#legend", Legend).draw_for, self.source)

    # ---- opening, ingesting, loading ------------------------------------------------

    @work(thread=True, exclusive=True, group="open")
    def _open_given(self, library: Library) -> None:
        """Index articles handed over in memory (tests, ``extract``), as a store is."""
        from store.readmodel.view import ReadModel

        model = ReadModel.from_pairs(list(library.source.iter_all()))
        self._announce(model, model.first_article(), None)

    @work(thread=True, exclusive=True, group="open")
    def _open_store(self) -> None:
        from store.db import Store
        from store.storage import StoreError

        try:
            store = Store(self.store_path)
            self.store = store
            reason = unwritable(store)
            if reason is not None:
                self._go_read_only(reason)
            paths = self.paths
            if len(store) == 0:
                paths = without_sample(paths)  # the sample is shown, never stored (issue 15)
                if not paths:
                    self.store = None  # nothing to remember in a store that holds nothing
                    self.show_sample_or_nothing()
                    return
            self.restore_sort(store)
            if len(store) or not paths:
                model = self._open_model(store)
                self._announce(model, *self._remembered(store, model))
                if not paths:
                    return
            self._ingest(store, paths)
        except IngestStopped:
            return  # quit while the index was being built: it is rebuilt next time
        except StoreError as error:
            self.post_message(LibraryFailed(str(error)))
        except (OSError, sqlite3.Error) as error:
            self.post_message(LibraryFailed(f"Cannot open the store: {error}"))

    def _open_model(self, store: Any) -> ReadModel:
        """The store's index, rebuilt first (with progress) when missing or stale; while it
        builds, the article last read is shown from the store itself (any thread)."""
        import time

        from store.readmodel.view import open_read_model

        started = time.monotonic()
        building = False

        def on_progress(done: int, total: int) -> None:
            nonlocal building
            if self._quitting.is_set():
                raise IngestStopped()
            if not building:
                building = True
                self._preview(store)
            self.post_message(IndexProgressed(done, total))

        model = open_read_model(store, on_progress, writable=not self.read_only)
        # The first screen's order, read here off the UI thread (the list asks for it).
        model.all_order(*self.first_sort)
        if building:
            self.post_message(IndexBuilt(model.n_articles, time.monotonic() - started))
        return model

    def _preview(self, store: Any) -> None:
        """Show the article last read straight from the store (no index needed)."""
        from store.library import group_entities

        last = store.get_state("last_article")
        if not isinstance(last, str) or last not in store:
            return
        with contextlib.suppress(Exception):  # a preview only: the index brings the rest
            article, extraction = store.load(last)
            groups = [
                EntityGroup(c, t, n) for (c, t), n in group_entities(extraction.entities).items()
            ]
            groups.sort(key=lambda g: (-g.mentions, g.canonical))
            self.post_message(ArticleLoaded(article, extraction, groups, None))

    def _remembered(self, store: Any, library: ReadModel) -> tuple[str | None, str | None]:
        """The article and pane to reopen: the last ones, else the top of the list."""
        last = store.get_state("last_article")
        pane = store.get_state("last_pane")
        if not isinstance(last, str) or library.summary(last) is None:
            last = library.first_article()
        return last, pane if pane in PANES else None

    def _announce(self, library: ReadModel, first: str | None, pane: str | None) -> None:
        """Hand the UI the read model and, read here off the UI thread, the first article."""
        self.post_message(LibraryOpened(library, first, pane, preloaded=first is not None))  # type: ignore[arg-type]
        if first is not None:
            self.post_message(
                ArticleLoaded(
                    library.article(first),
                    library.extraction(first),
                    library.entity_groups(first),
                    None,
                )
            )

    def _ingest(self, store: Any, paths: list[Path], urls: Sequence[str] = ()) -> None:
        """Ingest ``paths`` and the pages of ``urls`` with progress, say what was added, and
        show the store again (PATH arguments, and the add command: tui.add)."""
        import time

        from store.storage import StoreError

        worker = get_current_worker()
        started = time.monotonic()

        def stop_if_quitting() -> None:
            # Called after every chunk of files: the moment to stop an ingest the user
            # quit (the thread would otherwise keep the process alive until the end).
            if worker.is_cancelled or self._quitting.is_set():
                raise IngestStopped()

        def on_progress(progress: Any) -> None:
            stop_if_quitting()
            done = getattr(progress, "files_done", 0)
            total = getattr(progress, "files_total", 0)
            phase = getattr(progress, "phase", "reading")
            rate = done / max(time.monotonic() - started, 1e-3)
            # Count first: beside the progress bar at 80 columns the note keeps ~20 cells.
            label = f"{done:,}/{total:,} files · {rate:,.0f}/s {phase}"
            self.post_message(IngestProgressed(done, total, label))

        def on_fetch(done: int, total: int, _url: str) -> None:
            stop_if_quitting()
            self.post_message(IngestProgressed(done, total, f"{done:,}/{total:,} pages fetched"))

        self.post_message(IngestProgressed(0, 0, "fetching pages…" if urls else "reading files…"))
        try:
            if urls:
                from store.ingest import run_ingest

                report = run_ingest(
                    store, paths, on_progress=on_progress, urls=urls, on_fetch=on_fetch
                )
            else:
                report = store.ingest(paths, on_progress=on_progress)
        except IngestStopped:
            return  # what was committed stays; the app is going away
        except (StoreError, OSError) as error:
            self.post_message(IngestFinished(f"Ingest failed: {error}", None, error=True))
            return
        errors = list(getattr(report, "errors", []))
        self.post_message(IngestFinished(ingest_summary(report), None, error=bool(errors)))
        model = self._open_model(store)
        self._announce(model, *self._remembered(store, model))

    @on(IndexProgressed)
    def _index_progressed(self, message: IndexProgressed) -> None:
        self.status.show_progress(message.done, message.total)
        self.status.show_note(f"Building the index: {message.done:,}/{message.total:,} articles")
        if self.article is None:
            self.source.show_message("Building the search index (once, after the store changed)…")

    @on(IndexBuilt)
    def _index_built(self, message: IndexBuilt) -> None:
        self.status.hide_progress()
        self.notify(
            f"Index built: {message.articles:,} articles in {message.seconds:.1f} s "
            "(the store had changed, or had none)",
            timeout=4,
        )

    @on(LibraryFailed)
    def _library_failed(self, message: LibraryFailed) -> None:
        self.status.hide_progress()
        self.source.show_message(message.reason)
        self.notify(one_line(message.reason), severity="error", timeout=10)

    @on(IngestProgressed)
    def _ingest_progressed(self, message: IngestProgressed) -> None:
        self.status.show_progress(message.done, message.total)
        self.status.show_note(message.label)  # "120/386 files · 52/s reading": count first

    @on(IngestFinished)
    def _ingest_finished(self, message: IngestFinished) -> None:
        self.status.hide_progress()
        self.notify(
            one_line(message.summary),
            severity="error" if message.error else "information",
            timeout=6,
        )

    @on(LibraryOpened)
    def _library_opened(self, message: LibraryOpened) -> None:
        library: ReadModel = message.library  # type: ignore[assignment]
        self.library = library
        self._title_cache.clear()
        self.loaded.set()  # the index answers everything: nothing left to load
        self.status.hide_progress()
        first = message.first_article
        self.entities.articles_of = lambda g: (
            g.article_ids or library.entity_articles(g.canonical, g.type)
        )
        self.articles.set_provider(
            library.all_order, dates=library.has_dates, sources=library.has_sources, keep=first
        )
        if first is None and self.articles.rows:
            first = self.articles.rows[0].id  # nothing remembered: the top of the list
        self._update_tab_labels()
        self._describe_library()
        if library.note and not self.read_only:  # a read-only store is said once, already
            self.notify(library.note[0].upper() + library.note[1:], timeout=6)
        if first is None:
            self.source.show_message(NO_ARTICLES)
        else:
            self.articles.select_id(first)
            if not message.preloaded:
                self.open_article(first)
        if message.pane and message.pane != self.active_pane:
            # After a refresh: the tabs apply their initial tab when they finish mounting.
            self.call_after_refresh(self.action_pane, message.pane)
        if self.query_text:
            self._schedule_search()

    def _describe_library(self) -> None:
        library = self.library
        if library is None:
            return
        count = library.n_articles
        note = f"{count:,} article{'s' if count != 1 else ''}"
        if self.read_only:
            note += " · read-only"
        self.status.show_note(note)

    def title_of(self, article_id: str) -> str:
        """An article's title for list rows (cached, neutralised)."""
        title = self._title_cache.get(article_id)
        if title is None:
            found = self.library.title(article_id) if self.library else None
            title = one_line(found) if found is not None else article_id
            if len(self._title_cache) > 10_000:
                self._title_cache.clear()
            self._title_cache[article_id] = title
        return title

    # ---- the current article --------------------------------------------------------

    def open_article(self, article_id: str, target: Target | None = None) -> None:
        """Show ``article_id`` (loaded in a worker), then go to ``target`` if given."""
        if self.article is not None and self.article.id == article_id:
            if target is not None:
                self._go_to_target(target)
            return
        self._pending_target = target
        self._load_article(article_id, target)

    @work(thread=True, exclusive=True, group="article")
    def _load_article(self, article_id: str, target: Target | None) -> None:
        library = self.library
        if library is None:
            return
        try:
            article = library.article(article_id)
            extraction = library.extraction(article_id)
            groups = library.entity_groups(article_id)
        except (KeyError, OSError) as error:
            self.post_message(LibraryFailed(f"Cannot read article {article_id}: {error}"))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(ArticleLoaded(article, extraction, groups, target))

    @on(ArticleLoaded)
    def _article_loaded(self, message: ArticleLoaded) -> None:
        self.article = message.article
        self.extraction = message.extraction
        self.groups = message.groups
        self.mention_index = 0
        self.source.show_article(message.article)
        self.articles.select_id(message.article.id)
        if not self.all_scope:
            self._refill_item_panes()
        self._remember()
        if message.target is not None:
            self._go_to_target(message.target)
        else:
            self._refresh_marks(scroll=False)
            if self.results is not None:
                self._step_to(0)

    def _go_to_target(self, target: Target) -> None:
        """Select the item ``target`` names in its pane and show it in the text."""
        aid = self.article.id if self.article else ""
        for pane in ("entities", "quotes", "figures"):
            self._ensure_built(pane)
        if target.kind == "quote":
            self.quotes.select_ref(aid, target.start)
        elif target.kind == "figure":
            self.figures.select_ref(aid, target.start)
        elif target.kind == "entity" and not self.all_scope:
            self.entities.select_key((target.canonical, target.entity_type))
        self.mention_index = 0
        self._refresh_marks(scroll=True)
        if target.kind == "match":
            self._step_to(0 if target.start >= 0 else len(self.step_spans) - 1)

    @work(thread=True, exclusive=True, group="state")
    def _remember(self) -> None:
        from store.storage import StoreError

        store = self.store
        if store is None or self.article is None or self.read_only:
            return
        # Remembering the place is a convenience: a store that cannot be written (full disk,
        # read-only folder) is browsed read-only, said once, never an error. set_state says
        # False when it saved nothing (older stores raised instead).
        try:
            saved = store.set_state("last_article", self.article.id) is not False
            saved = saved and store.set_state("last_pane", self.active_pane) is not False
        except (StoreError, OSError) as error:
            self._go_read_only(str(error))
            return
        if not saved:
            self._go_read_only("cannot save to the store")

    def _go_read_only(self, reason: str) -> None:
        """From here on save nothing, and tell the user once (any thread)."""
        if not self.read_only:
            self.read_only = True
            self.post_message(StoreReadOnly(reason))

    @on(StoreReadOnly)
    def _store_read_only(self, message: StoreReadOnly) -> None:
        if self._said_read_only:
            return
        self._said_read_only = True
        self.notify(
            f"Opened read-only ({message.reason}): you can browse and search; "
            "your place is not remembered.",
            timeout=8,
        )
        self._describe_library()

    # ---- the item panes -------------------------------------------------------------

    def _refill_item_panes(self) -> None:
        """Gather entities, quotes and figures for the scope and search shown.

        Only the pane on screen builds its rows now; the others when first shown. In
        "all articles" scope a pane pages its rows from the index as they are drawn, and
        its tab shows a count capped at 10k+ until it is built (then exact).
        """
        library = self.library
        if library is None:
            return
        results = self.results
        if self.all_scope:
            where = results.where if results is not None else None
            self._pending = {pane: ("all", where) for pane in ITEM_PANES}
            self._counts.update(results.counts if results is not None else library.totals())
        else:
            if self.article is None or self.extraction is None:
                return
            aid = self.article.id
            groups = self.groups
            quotes: Sequence[QuoteRef] = [QuoteRef(aid, q) for q in self.extraction.quotes]
            figures: Sequence[FigureRef] = [FigureRef(aid, f) for f in self.extraction.figures]
            if results is not None:
                keys = results.entity_keys_in(aid)
                groups = [g for g in groups if g.key in keys]
                quotes = results.quotes_in(aid)
                figures = results.figures_in(aid)
            self._pending = {"entities": groups, "quotes": quotes, "figures": figures}
            self._counts.update({pane: len(items) for pane, items in self._pending.items()})
        # Keep the selected row only within one scope (finding it is a scan).
        self._keep_selection = self._built_scope == self.all_scope
        self._built_scope = self.all_scope
        if self.active_pane in self._pending:
            self._ensure_built(self.active_pane)
        self._update_tab_labels()

    def _ensure_built(self, pane: str) -> None:
        """Build the rows of ``pane`` if its data changed since it was last shown."""
        items = self._pending.pop(pane, None)
        library = self.library
        if items is None or library is None:
            return
        keep = self._keep_selection
        if isinstance(items, tuple):  # ("all", where): every article's, paged from the index
            where = items[1][pane] if items[1] is not None else ("1", [])
            if pane == "entities":
                self.entities.show_typed(
                    library.all_entities(where), all_scope=True, article_counts=True, keep=keep
                )
            elif pane == "quotes":
                self.quotes.show_speakers(library.all_quotes(where), keep=keep)
            else:
                self.figures.show_figures(library.all_figures(where), all_scope=True, keep=keep)
            self._counts[pane] = int(getattr(self.pane_list(pane), "item_count", 0))
            self._update_tab_labels()
        elif pane == "entities":
            self.entities.show_groups(items, all_scope=False, article_counts=True, keep=keep)
        elif pane == "quotes":
            self.quotes.show_quotes(items, all_scope=False, keep=keep)
        elif pane == "figures":
            self.figures.show_figures(items, all_scope=False, keep=keep)
        self.pane_list(pane).set_empty_message(self._empty_message(pane))

    def _empty_message(self, pane: str) -> str:
        scope = "in all articles" if self.all_scope else "in this article"
        results = self.results
        if results is None:
            return f"No {pane} {scope}."
        elsewhere = results.counts.get(pane)
        if not self.all_scope and elsewhere is not None and elsewhere.n > 0:
            # Never a bare "No match." beside a counter of matching articles (issue 9).
            return f"No match in this article; {elsewhere} in all articles: press a to see them."
        return "No match."

    def _update_tab_labels(self) -> None:
        tabs = self.query_one("#panes", TabbedContent)
        self._counts["articles"] = len(self.articles.rows)
        for pane in PANES:
            label = f"{pane.title()} {count_label(self._counts.get(pane, 0))}"
            if self._tab_labels.get(pane) != label:  # a new label costs a layout pass
                self._tab_labels[pane] = label
                tabs.get_tab(f"tab-{pane}").label = Content(label)  # text, never markup

    @on(TabbedContent.TabActivated, "#panes")
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = (event.pane.id or "tab-articles").removeprefix("tab-")
        if pane in PANES:
            with contextlib.suppress(NoMatches):  # may arrive while the app shuts down
                self._activate_pane(pane, focus=True)

    def _activate_pane(self, pane: str, *, focus: bool) -> None:
        self.active_pane = pane
        self._ensure_built(pane)
        row_list = self.pane_list(pane)
        if focus:
            row_list.focus()
        if pane not in self._visited_panes:
            self._visited_panes.add(pane)
            if row_list.cursor < 0:
                row_list.select_first_quietly()  # announcing it would open its article
        self.mention_index = 0
        # Switching pane never changes the article read; only moving to a row does.
        self._follow_row(pane, open_other=False)
        self._remember()

    @on(RowList.Highlighted)
    def _row_highlighted(self, event: RowList.Highlighted) -> None:
        pane = event.row_list.id or ""
        if pane == "articles":
            article_id = self.articles.current_id
            if article_id and (self.article is None or article_id != self.article.id):
                self.open_article(article_id, Target("match") if self.results else None)
            return
        if pane != self.active_pane:
            return
        self.mention_index = 0
        self._follow_row(pane)

    def _follow_row(self, pane: str, *, open_other: bool = True) -> None:
        """Show the selected row of ``pane`` in the text, opening its article if needed
        (unless not ``open_other``: then only this article's highlights follow)."""
        row = self.pane_list(pane).current_row
        target: Target | None = None
        article_id: str | None = None
        if isinstance(row, QuoteRow):
            article_id, target = row.ref.article_id, Target("quote", row.ref.quote.start)
        elif isinstance(row, FigureRow):
            article_id, target = row.ref.article_id, Target("figure", row.ref.figure.start)
        elif isinstance(row, EntityArticleRow):
            group = row.group
            article_id = row.article_id
            target = Target("entity", canonical=group.canonical, entity_type=group.type)
        other = article_id is not None and (self.article is None or self.article.id != article_id)
        if other and open_other and article_id is not None:
            self.open_article(article_id, target)
            return
        self._refresh_marks(scroll=True)

    @on(RowList.Chosen)
    def _row_chosen(self, event: RowList.Chosen) -> None:
        pane = event.row_list.id
        if pane == "articles":
            self.source.focus()
        elif pane == "entities":
            if self.all_scope and isinstance(self.entities.current_row, EntityRow):
                self.entities.toggle_expanded()
                return
            self._step_mention(1)
        else:
            self._follow_row(pane or "")

    # ---- highlights -----------------------------------------------------------------

    def _selected_entity(self) -> EntityGroup | None:
        row = self.entities.current_row
        if isinstance(row, EntityRow | EntityArticleRow):
            return row.group
        return None

    def _entity_mentions(self) -> list[Entity]:
        group = self._selected_entity()
        if group is None or self.extraction is None:
            return []
        return [e for e in self.extraction.entities if e.canonical == group.canonical]

    def _refresh_marks(self, *, scroll: bool, prefer_match: bool = False) -> None:
        """Recompute every highlight of the shown article from the selection and the search.

        The selection's span is scrolled into view, unless ``prefer_match`` (stepping
        through matches) or there is no selection: then the current match is.
        """
        article, extraction = self.article, self.extraction
        if article is None or extraction is None:
            return
        marks: list[Mark] = []
        focus: Span | None = None
        pane = self.active_pane
        if pane == "entities":
            marks, focus = entity_marks(self._entity_mentions(), self.mention_index)
        elif pane == "quotes":
            row = self.quotes.current_row
            if isinstance(row, QuoteRow) and row.ref.article_id == article.id:
                marks, focus = quote_marks(row.ref.quote)
        elif pane == "figures":
            figure_row = self.figures.current_row
            if isinstance(figure_row, FigureRow) and figure_row.ref.article_id == article.id:
                marks, focus = figure_marks(article.text, figure_row.ref.figure)
        if self.results is not None:
            self.step_spans = self.results.spans(article.id)
            found, current = match_marks(self.step_spans, self.step_index)
            marks += found
            if current is not None and (focus is None or prefer_match):
                focus = current
        else:  # without a search, n/N step through the selected entity's mentions
            mentions = self._entity_mentions() if pane == "entities" else []
            self.step_spans = [(e.start, e.end) for e in mentions]
            self.step_index = self.mention_index if self.step_spans else -1
        self.source.set_marks(marks, focus, scroll=scroll)
        self._show_counter()

    def _show_counter(self) -> None:
        total = len(self.step_spans)
        if self.results is not None:
            counter = (
                f"{self.step_index + 1}/{total}" if total and self.step_index >= 0 else f"0/{total}"
            )
            articles = len(self.results.article_ids)
            self.search_bar.show_status(
                counter,
                self.regex,
                self.results.note or "",
                total=f"{articles:,} article{'s' if articles != 1 else ''}",
            )
        else:
            self.search_bar.show_status("", self.regex)

    def _step_to(self, index: int) -> None:
        if self.results is None:
            return
        spans = self.results.spans(self.article.id) if self.article else []
        self.step_spans = spans
        self.step_index = index if 0 <= index < len(spans) else (0 if spans else -1)
        self._refresh_marks(scroll=True, prefer_match=True)

    def _step_mention(self, delta: int) -> None:
        mentions = self._entity_mentions()
        if not mentions:
            return
        self.mention_index = (self.mention_index + delta) % len(mentions)
        self._refresh_marks(scroll=True)

    def action_next_match(self) -> None:
        self._step(1)

    def action_previous_match(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if self.results is None:
            if self.active_pane == "entities" and self._entity_mentions():
                self._step_mention(delta)
            else:
                self.notify("Nothing to step through: search with /", timeout=2)
            return
        if self.article is None:
            return
        spans = self.results.spans(self.article.id)
        index = self.step_index + delta
        if spans and 0 <= index < len(spans):
            self._step_to(index)
            return
        # Past either end: on to the neighbouring matching article.
        neighbour = self.articles.neighbour_id(self.article.id, delta)
        if neighbour is None:
            if not spans:
                self.notify("No match.", timeout=2)
            return
        if neighbour == self.article.id:
            self._step_to(0 if delta > 0 else len(spans) - 1)
            return
        self.articles.select_id(neighbour)
        self.open_article(neighbour, Target("match", start=0 if delta > 0 else -1))

    # ---- search ---------------------------------------------------------------------

    def action_focus_search(self) -> None:
        # "/" is a priority binding so that the focus moves before the keys typed right
        # after it (one burst from the terminal) are handed out; in any text box, or on
        # another screen (help, palette), it is just a key.
        focused = self.focused
        if isinstance(focused, Input) or self.screen is not self.screen_stack[0]:
            raise SkipAction()
        if focused is not None:
            self._return_focus = focused
        self.screen.set_focus(self.search_input)

    def _on_main_screen(self) -> bool:
        return self.screen is self.screen_stack[0]

    def action_leave_search(self) -> None:
        """Down in the search box: back to the list (other widgets keep their down key)."""
        if not (self._on_main_screen() and self.focused is self.search_input):
            raise SkipAction()
        self._leave_search_box()

    def _leave_search_box(self) -> None:
        target = self._return_focus
        if target is None or not target.is_attached:
            target = self.pane_list(self.active_pane)
        self.screen.set_focus(target)

    def action_clear_search(self) -> None:
        """Esc: clear the search and leave the box; elsewhere Esc keeps its own meaning."""
        in_box = self.focused is self.search_input
        if not self._on_main_screen() or not (in_box or self.query_text or self.results):
            raise SkipAction()
        if self.search_input.value:
            self.search_input.value = ""  # the Changed handler clears the results
        elif self.results is not None:
            self._set_results(None)
        if in_box:
            self._leave_search_box()

    def action_toggle_regex(self) -> None:
        self.regex = not self.regex
        self.notify(f"Regular expressions {'on' if self.regex else 'off'}", timeout=2)
        self._show_counter()
        if self.query_text:
            self._schedule_search()

    @on(Input.Changed, "#search-input")
    def _query_changed(self, event: Input.Changed) -> None:
        # A space typed between words changes no word query: the results on screen answer it
        # (in regex mode a space is part of the pattern).
        same_query = not self.regex and event.value.strip() == self.query_text.strip()
        self.query_text = event.value
        if same_query and self.query_text.strip():
            return
        self._schedule_search()

    @on(Input.Submitted, "#search-input")
    def _query_submitted(self) -> None:
        self.action_next_match()

    def _schedule_search(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_generation += 1
        if not self.query_text.strip():
            self._search_timer = None
            self.search_pending = False
            self._set_results(None)
            return
        self.search_pending = True
        self._search_timer = self.set_timer(SEARCH_DEBOUNCE_S, self._start_search)

    def _start_search(self) -> None:
        if self.library is None:
            return
        # Most searches take milliseconds: say "searching…" only for one that does not
        # (each change of the read-out costs a layout pass).
        generation = self._search_generation
        self.set_timer(0.25, lambda: self._still_searching(generation))
        self._run_search(self.library, self.query_text, self.regex, generation)

    def _still_searching(self, generation: int) -> None:
        if self.search_pending and generation == self._search_generation:
            self.search_bar.show_status("", self.regex, "searching…")

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, library: ReadModel, query: str, regex: bool, generation: int) -> None:
        from store.readmodel.view import SearchCancelled
        from store.search import QueryError

        def cancelled() -> bool:  # typed on since, or quitting: SQLite stops the query
            return generation != self._search_generation or self._quitting.is_set()

        if cancelled():
            return
        sort = (self.articles.sort_key, self.articles.descending)
        # Only the count "this article" scope may need at once (the jump to items
        # elsewhere); the tabs' counts follow from a second worker once articles show.
        pane = self.active_pane
        now = () if self.all_scope or pane not in ITEM_PANES else (pane,)
        try:
            results = library.search(query, regex=regex, sort=sort, cancelled=cancelled, counts=now)
        except SearchCancelled:
            return
        except QueryError as error:
            self.post_message(SearchFinished(generation, None, str(error)))
            return
        self.post_message(SearchFinished(generation, results, None))  # type: ignore[arg-type]

    @on(SearchFinished)
    def _search_finished(self, message: SearchFinished) -> None:
        if message.generation != self._search_generation:
            return  # typed on since: a newer search is coming
        self.search_pending = False
        if message.error is not None:
            self.search_bar.show_status("", self.regex, message.error, error=True)
            return
        self._set_results(message.results)  # type: ignore[arg-type]
        if message.results is not None:
            self._count_panes(message.results, message.generation)

    @work(thread=True, exclusive=True, group="counts")
    def _count_panes(self, results: Results, generation: int) -> None:
        """Count the item panes' matches for their tabs, after the articles are shown."""
        from store.readmodel.view import SearchCancelled

        def cancelled() -> bool:  # a newer search, or quitting: this count is stale
            return generation != self._search_generation or self._quitting.is_set()

        try:
            results.count_panes(cancelled)
        except (SearchCancelled, ValueError, sqlite3.Error):  # ValueError: a QueryError
            return
        if not cancelled():
            with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                self.call_from_thread(self._counts_ready, results, generation)

    def _counts_ready(self, results: Results, generation: int) -> None:
        if generation != self._search_generation or self.results is not results:
            return
        if self.all_scope:  # a pane already built shows its exact count
            self._counts.update({p: c for p, c in results.counts.items() if p in self._pending})
        for pane in ITEM_PANES:
            self.pane_list(pane).set_empty_message(self._empty_message(pane))
        self._update_tab_labels()

    def _set_results(self, results: Results | None) -> None:
        self.results = results
        self.step_index = -1
        keep = self.article.id if self.article else None
        self.articles.filter_to(results.article_order if results else None, keep=keep)
        self._refill_item_panes()
        if results is None:
            self._refresh_marks(scroll=False)
            return
        if self._jump_to_items(results):
            return
        if self.article is not None and results.spans(self.article.id):
            self._step_to(0)
        elif results.article_ids and self.articles.rows:
            first = self.articles.rows[0].id
            self.articles.select_id(first)
            self.open_article(first, Target("match"))
        else:
            self._refresh_marks(scroll=False)

    def _jump_to_items(self, results: Results) -> bool:
        """In "this article" scope, with an item pane on screen that the query leaves empty
        here but not elsewhere: open the first article that has such items, and say so
        (issue 9: never "No match." beside a counter of matching articles)."""
        pane = self.active_pane
        if self.all_scope or pane not in ITEM_PANES or self.article is None:
            return False
        if count_value(self._counts.get(pane, 0)) > 0:
            return False
        elsewhere = results.counts.get(pane)
        if elsewhere is None or elsewhere.n == 0:
            return False
        target = results.first_item_article(pane)
        if target is None or target == self.article.id:
            return False
        title = self.title_of(target)
        self.notify(
            f"No {SINGULAR[pane]} in the article you were reading matches; opened “{title}”, "
            f"which has some ({elsewhere} in all articles: press a to list them all).",
            timeout=8,
        )
        self.articles.select_id(target)
        self.open_article(target, Target("match"))
        return True

    # ---- scope and panes ------------------------------------------------------------

    def action_toggle_scope(self) -> None:
        self.all_scope = not self.all_scope
        self.status.show_scope(self.all_scope)
        self._refill_item_panes()
        self._restore_selection()
        self._refresh_marks(scroll=False)

    def _restore_selection(self) -> None:
        """After a rebuild, keep the item of the current article selected where possible."""
        if self.article is None:
            return
        aid = self.article.id
        if self.all_scope and self.library is not None and self.extraction is not None:
            # In the pane on screen, land on this article's first quote or figure, so the
            # list of every article starts where the reader is.
            if self.active_pane == "quotes":
                for quote in self.extraction.quotes[:1]:
                    self.quotes.select_ref(aid, quote.start)
            elif self.active_pane == "figures":
                for figure in self.extraction.figures[:1]:
                    self.figures.select_ref(aid, figure.start)

    def action_pane(self, pane: str) -> None:
        if pane not in PANES:
            return
        tabs = self.query_one("#panes", TabbedContent)
        if tabs.active != f"tab-{pane}":
            tabs.active = f"tab-{pane}"  # TabActivated does the rest
            self.call_after_refresh(self._activate_pane, pane, focus=True)
        else:
            self._activate_pane(pane, focus=True)

    def action_sort_articles(self, key: str) -> None:
        self.articles.action_sort(key)  # type: ignore[arg-type]

    def open_article_from_palette(self, article_id: str) -> None:
        self.action_pane("articles")
        self.articles.select_id(article_id, announce=True)

    def action_table(self, table: str) -> None:
        tables.open_table(self, table)  # 5 6 7: speakers, entities, figures across the store

    def action_profile(self) -> None:
        tables.open_profile(self)  # i: the selected entity's or quote speaker's profile

    def action_export_view(self) -> None:
        tables.export_current(self)  # e: the rows of the view on screen, to a file

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # ---- clipboard ------------------------------------------------------------------

    def copy_to_clipboard(self, text: str) -> None:
        """OSC 52, and inside tmux the same wrapped for passthrough (see tui.clipboard)."""
        super().copy_to_clipboard(text)
        driver = self._driver
        if driver is not None and os.environ.get("TMUX"):
            driver.write(clipboard.tmux_passthrough(clipboard.osc52(text)))

    def _selected_quote(self) -> QuoteRef | None:
        self._ensure_built("quotes")
        row = self.quotes.current_row
        return row.ref if isinstance(row, QuoteRow) else None

    def _title_and_date(self, article_id: str) -> tuple[str | None, str | None]:
        summary = self.library.summary(article_id) if self.library else None
        return (summary.title, summary.date) if summary else (None, None)

    def action_copy_quote(self) -> None:
        copying.copy_cited(self)  # c: what the pane on screen has selected, with its citation

    def action_copy_words(self) -> None:
        copying.copy_words(self)  # C: only the words

    def action_copy_item(self) -> None:
        copying.copy_item(self)  # y: the entity or figure with its context

    def _copy(self, text: str, what: str) -> None:
        text = clipboard.clean(text)
        length = len(text)
        # A terminal silently drops an OSC 52 sequence that is too long: copy the start
        # (the same on every route) and say so, rather than report a copy that did not happen.
        text = clipboard.fit(text)
        self.copy_to_clipboard(text)
        self._deliver(text, what, length)

    @work(thread=True, group="clipboard")
    def _deliver(self, text: str, what: str, length: int) -> None:
        delivery = clipboard.deliver(text)
        problem = "; ".join(delivery.problems) or None
        self.post_message(
            CopyFinished(what, delivery.routes, problem, length=length, copied=len(text))
        )

    @on(CopyFinished)
    def _copy_finished(self, message: CopyFinished) -> None:
        if message.routes:
            via = " + ".join(message.routes)
            if message.copied < message.length:
                note = (
                    f"The {message.what} is too long to copy: {message.length:,} characters; "
                    f"copied the first {message.copied:,} via {via}"
                )
            else:
                note = f"Copied {message.what} via {via}"
            if message.problem:
                note += f" ({message.problem})"
            self.notify(one_line(note), severity="information", timeout=4)
        else:
            self.notify(
                one_line(f"Could not copy the {message.what}: {message.problem or 'no route'}"),
                severity="error",
                timeout=8,
            )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications carry file names, queries and errors: never markup, no controls."""
        super().notify(
            one_line(message),
            title=one_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    # ---- leaving --------------------------------------------------------------------

    async def action_quit(self) -> None:
        self._quitting.set()
        self.exit(0)


def unwritable(store: Any) -> str | None:
    """Why the store cannot be written, when that can be told without writing; else None.

    The store's ``writable`` (and ``os.access``) tell a read-only folder or mount; a disk
    that fills up later is found by the first save that fails.
    """
    writable = getattr(store, "writable", None)
    if callable(writable) and not writable():
        return "the store's folder is read-only or full"
    path = Path(store.path)
    folder = path.parent
    if folder.is_dir() and not os.access(folder, os.W_OK):
        return f"cannot write to {one_line(str(folder))}"
    state = Path(getattr(store, "state_path", path))
    if state.exists() and not os.access(state, os.W_OK):
        return f"cannot write to {one_line(str(state))}"
    return None


def run_app(db_path: Path | None, paths: list[Path], *, sample: bool = True) -> int:
    """Run the explorer on the store at ``db_path`` (default location if None), ingesting
    ``paths``; an empty store shows the bundled sample (from memory) unless not ``sample``."""
    app = NewsExploreApp(db_path, paths, sample=sample)
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)
