"""StartupMixin: the first screen — the sample shown (never stored), type-ahead kept, the sort remembered.

Mixed into ``NewsExploreApp`` (``class NewsExploreApp(..., StartupMixin, HabitsMixin, App[int])``):

- **The sample.** An empty store opens on the bundled sample (``seeds/``), read and extracted
  in memory into a throw-away index (``ReadModel.from_pairs``): nothing is written into the
  user's store, not even the place read. A banner says "Sample article — your store is empty"
  and how to add articles (ctrl+o, or ``newsexplore ingest FOLDER``); it goes when the store
  holds articles.
- **Type-ahead.** Keys typed while the app starts (before the store's index is open and the
  first screen has settled) are kept and replayed in order once it has. Without that, the
  keys went wherever the focus happened to be while the screen was being built: ``/brown``
  typed at once put "/brown" in the search box (the box had the focus first), or "br" there
  and "own" into the list once the focus moved to it (``o`` opening the article).
- **The sort.** The article list's sort (``d``/``t`` or a click on a heading) is remembered
  in the store's app state and the first screen comes up in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, work
from textual.message import Message
from textual.widgets import Static

if TYPE_CHECKING:
    from store.readmodel.view import ReadModel
    from tui.app import NewsExploreApp

SAMPLE_TITLE = "Sample article — your store is empty"
# Fits 80 columns: the banner is the first thing a new user reads.
HOW_TO_ADD = "Add yours: ctrl+o (files, folders, URLs) or newsexplore ingest FOLDER"
NO_ARTICLES = (
    "No articles yet. Add some: ctrl+o (files, a folder or web addresses), "
    "or run: newsexplore ingest FOLDER"
)
SORT_KEYS = ("date", "title")
SETTLE_ROUNDS = 50  # checks, SETTLE_STEP_S apart, for the first screen's focus to land
SETTLE_STEP_S = 0.02
STABLE_ROUNDS = 3


def is_sample(path: Path) -> bool:
    """Whether ``path`` is the bundled sample folder (as the CLI hands it over)."""
    from seeds import SEEDS_DIR

    try:
        return Path(path).resolve() == SEEDS_DIR
    except OSError:
        return False


def without_sample(paths: Sequence[Path]) -> list[Path]:
    """``paths`` less the bundled sample folder."""
    return [p for p in paths if not is_sample(p)]


def sample_model() -> ReadModel:
    """The bundled sample, read and extracted in memory: an index in a temporary folder."""
    from seeds import SEEDS_DIR
    from store.ingest import extract_paths
    from store.readers.common import ReadError
    from store.readmodel.view import ReadModel

    pairs = [p for p in extract_paths([SEEDS_DIR], workers=1) if not isinstance(p, ReadError)]
    return ReadModel.from_pairs(pairs)


class SampleBanner(Static):
    """Above the panes while the sample is shown: what it is and how to add one's own."""

    DEFAULT_CSS = """
    SampleBanner {
        height: auto;
        padding: 0 1;
        background: $warning 20%;
        color: $text;
    }
    """


class SortRestored(Message):
    """The store remembers this sort for the article list (posted before the list is filled)."""

    def __init__(self, sort_key: str, descending: bool) -> None:
        super().__init__()
        self.sort_key = sort_key
        self.descending = descending


class StartupMixin:
    """The first screen's habits (see the module's docstring); needs ``NewsExploreApp``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "buffering" until the first screen is ready ("settling" while its focus lands),
        # "replaying" while the keys kept are handed out again, then "ready": keys go
        # straight through.
        self._keys_state = "buffering"
        self._typed: list[events.Key | events.Paste] = []
        self._replay_ids: set[int] = set()
        self._wanted_pane: str | None = None
        self._settle_rounds = 0
        self._stable_rounds = 0
        self.sample_model: ReadModel | None = None
        self.first_sort: tuple[str, bool] = ("date", True)

    @property
    def _app(self) -> NewsExploreApp:
        return self  # type: ignore[return-value]

    # ---- type-ahead ---------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            if id(event) in self._replay_ids:
                self._replay_ids.discard(id(event))
            elif self._keys_state != "ready" and self._keep(event):
                self._typed.append(event)
                return
        await super().on_event(event)  # type: ignore[misc]

    def _keep(self, event: events.Key | events.Paste) -> bool:
        """Whether to hold ``event`` back; quitting never waits (``q`` only as a first key)."""
        if isinstance(event, events.Key):
            if event.key == "ctrl+q":
                return False
            if event.key == "q" and self._keys_state == "buffering" and not self._typed:
                return False
        return True

    def _first_screen_ready(self, pane: str | None = None) -> None:
        """The store is open (or failed to open): replay once the focus has landed."""
        if self._keys_state != "buffering":
            return
        if not self._typed:
            self._keys_state = "ready"  # nothing typed ahead: nothing to wait for
            return
        self._keys_state = "settling"
        self._wanted_pane = pane
        self._settle_rounds = 0
        self._stable_rounds = 0
        self._app.call_after_refresh(self._replay_when_settled)

    def _settled(self) -> bool:
        """The pane the app reopens on is shown and its list has the focus (focus moves are
        deferred: a key replayed before would land in the widget that is about to lose it)."""
        app = self._app
        pane = app.active_pane
        if self._wanted_pane is not None and pane != self._wanted_pane:
            return False
        try:
            tabs = app.query_one("#panes")
            return getattr(tabs, "active", None) == f"tab-{pane}" and (
                app.focused is app.pane_list(pane) or app.screen is not app.screen_stack[0]
            )
        except Exception:  # the app is going away
            return True

    def _replay_when_settled(self) -> None:
        # Settled for STABLE_ROUNDS checks in a row: a tab switch arrives as a message and
        # an after-refresh callback, each moving the focus once more.
        self._settle_rounds += 1
        self._stable_rounds = self._stable_rounds + 1 if self._settled() else 0
        if self._stable_rounds < STABLE_ROUNDS and self._settle_rounds < SETTLE_ROUNDS:
            self._app.set_timer(SETTLE_STEP_S, self._replay_when_settled)
            return
        self._replay()

    def _replay(self) -> None:
        """Hand the kept keys out one at a time, each after the screen has caught up with the
        one before (ctrl+o opens a screen whose box must have the focus before the path typed
        next arrives); keys that come in meanwhile join the end of the line."""
        self._keys_state = "replaying"
        self._replay_next()

    def _replay_next(self) -> None:
        app = self._app
        if not self._typed:
            self._keys_state = "ready"
            return
        event = self._typed.pop(0)
        again: events.Key | events.Paste
        if isinstance(event, events.Key):
            again = events.Key(event.key, event.character)
        else:
            again = events.Paste(event.text)
        self._replay_ids.add(id(again))
        screen = app.screen
        app.post_message(again)
        app.call_later(self._follow_key, screen)

    def _follow_key(self, screen: Any) -> None:
        """Right behind the replayed key in the app's queue: it has just been handed to the
        focused widget. Follow it up the way it bubbles, queue by queue, back to the app."""
        app = self._app
        node: Any = app.focused or app.screen
        chain = [n for n in node.ancestors_with_self if n is not app]
        self._follow_chain(chain, screen)

    def _follow_chain(self, chain: list[Any], screen: Any) -> None:
        if chain:
            # Each widget's queue runs in order: this call comes after the key there.
            if not chain[0].call_later(self._follow_chain, chain[1:], screen):
                self._follow_chain(chain[1:], screen)  # that widget is gone
            return
        # Back at the app, after the bubbled key and any binding it ran (ctrl+o: a screen).
        self._app.call_later(self._after_replayed, screen, 0)

    def _after_replayed(self, screen: Any, rounds: int) -> None:
        app = self._app
        # A key that opened or closed a screen: wait for the new one to focus its widget.
        moved = app.screen is not screen
        if moved and app.screen.focused is None and rounds < SETTLE_ROUNDS:
            app.set_timer(SETTLE_STEP_S, lambda: self._after_replayed(screen, rounds + 1))
            return
        self._replay_next()

    # ---- the first screen: the sample, the banner, readiness ------------------------------

    def show_sample_or_nothing(self) -> None:
        """An empty store: the sample in memory (or, with ``sample`` off or a read-only store,
        an empty list that says how to add articles). Runs in the opening worker."""
        from store.readmodel.view import ReadModel

        app = self._app
        # A read-only store shows none: its banner would offer an add that cannot happen.
        if app.sample and not app.read_only:
            model = sample_model()
            self.sample_model = model
            app._announce(model, model.first_article(), None)
        else:
            app._announce(ReadModel.from_pairs([]), None, None)

    def on_library_opened(self, message: Any) -> None:
        # Runs after NewsExploreApp's own handler (the mixin comes later in the MRO).
        app = self._app
        showing_sample = message.library is self.sample_model and self.sample_model is not None
        banners = list(app.query(SampleBanner))
        if showing_sample and not banners:
            banner = SampleBanner(Text(f"{SAMPLE_TITLE}\n{HOW_TO_ADD}"), id="sample-banner")
            app.mount(banner, before="#main")
            app.status.show_note("sample · your store is empty")
        elif not showing_sample:
            for banner in banners:
                banner.remove()
        self._first_screen_ready(message.pane)

    def on_library_failed(self, _message: Any) -> None:
        self._first_screen_ready()

    def on_ingest_progressed(self, _message: Any) -> None:
        # An empty store being filled from the command line: the (empty) screen is usable now.
        if self._app.library is None:
            self._first_screen_ready()

    # ---- the remembered sort -------------------------------------------------------------

    def restore_sort(self, store: Any) -> None:
        """Read the remembered sort (opening worker); the list takes it before it is filled."""
        saved = store.get_state("sort")
        if (
            isinstance(saved, list)
            and len(saved) == 2
            and saved[0] in SORT_KEYS
            and isinstance(saved[1], bool)
        ):
            self.first_sort = (saved[0], saved[1])
            self._app.post_message(SortRestored(saved[0], saved[1]))

    def on_sort_restored(self, message: SortRestored) -> None:
        articles = self._app.articles
        articles.sort_key = message.sort_key  # type: ignore[assignment]
        articles.descending = message.descending
        if articles.on_columns is not None:
            articles.on_columns()  # the headings' arrow

    def on_article_list_sort_changed(self, message: Any) -> None:
        self._save_sort(message.sort_key, message.descending)

    @work(thread=True, exclusive=True, group="sort-state")
    def _save_sort(self, sort_key: str, descending: bool) -> None:
        app = self._app
        store = app.store
        if store is None or app.read_only:
            return  # the sample, or a store that cannot be written: nothing to remember in
        store.set_state("sort", [sort_key, descending])
