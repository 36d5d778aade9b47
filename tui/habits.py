"""HabitsMixin: the keys users bring from less and vim, opening an article, the remembered theme.

Mixed into ``NewsExploreApp`` (``class NewsExploreApp(HabitsMixin, App[int])``) with
``HABIT_BINDINGS`` added to its bindings:

- j/k, g/G, ctrl+d/ctrl+u move in whatever list or text has the focus (the list's cursor
  actions, the text's scroll actions); in the search box they are letters, as before;
- ``o`` opens the shown article's web address in the browser, or its file in ``$VISUAL`` /
  ``$EDITOR`` with the app suspended;
- ``p`` copies the paragraph around the selected quote, figure or mention; ctrl+c copies
  the text selected with the mouse and says what it copied (``tui.copying``);
- the settings file (``tui.settings``) gives the citation format and the theme; a theme
  picked in the palette is saved there;
- with ``NO_COLOR`` set nothing is painted in colour (Textual would paint grey levels), and
  the highlights keep apart by their text styles (``app.tcss``);
- in the search box the footer shows its keys (Enter, shift+Enter, Down, Esc).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import webbrowser
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.actions import SkipAction
from textual.app import SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.filter import LineFilter, Monochrome, NoColor
from textual.widgets import Input

from store.paths import path_from_key
from store.sanitize import one_line
from tui import clipboard, copying
from tui.citation import web_url
from tui.settings import Settings, load_settings, save_theme
from tui.widgets.rowlist import RowList

if TYPE_CHECKING:
    from tui.app import NewsExploreApp

HABIT_BINDINGS: list[BindingType] = [
    Binding("j", "nav('down')", "Down", show=False),
    Binding("k", "nav('up')", "Up", show=False),
    Binding("g", "nav('first')", "First", show=False),
    Binding("G", "nav('last')", "Last", key_display="G", show=False),
    Binding("ctrl+d", "nav('page_down')", "Page down", show=False),
    Binding("ctrl+u", "nav('page_up')", "Page up", show=False),
    Binding("o", "open_article", "Open", show=False),
    Binding("p", "copy_paragraph", "Copy paragraph", show=False),
    # Priority: the screen's own ctrl+c would copy the selection silently and uncleaned.
    Binding("ctrl+c", "copy_selection", "Copy selection", show=False, priority=True),
]

# What each motion calls on a list (RowList) and on scrolled text (the article, the help).
LIST_MOTIONS = {
    "down": "action_cursor_down",
    "up": "action_cursor_up",
    "first": "action_first",
    "last": "action_last",
    "page_down": "action_page_down",
    "page_up": "action_page_up",
}
SCROLL_MOTIONS = {
    "down": "action_scroll_down",
    "up": "action_scroll_up",
    "first": "action_scroll_home",
    "last": "action_scroll_end",
    "page_down": "action_page_down",
    "page_up": "action_page_up",
}


class HabitsMixin:
    """The app's habits (see the module's docstring); needs ``NewsExploreApp``'s attributes."""

    settings: Settings
    citation_format: str
    _saved_theme: str | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.settings = load_settings()
        self.citation_format = self.settings.citation
        self._saved_theme = self.settings.theme
        self._said_theme_problem = False

    @property
    def _explorer(self) -> NewsExploreApp:
        return self  # type: ignore[return-value]

    # ---- start: theme and settings ---------------------------------------------------

    def _on_mount(self) -> None:
        # Called by Textual besides NewsExploreApp.on_mount (handlers run for every class).
        app = self._explorer
        theme = self.settings.theme
        if theme and theme in app.available_themes and theme != app.theme:
            app.theme = theme
        elif theme and theme not in app.available_themes:
            app.notify(
                f"Unknown theme {theme!r} in the settings: using the default.",
                severity="warning",
                timeout=6,
            )
        if self.settings.warning:
            app.notify(self.settings.warning, severity="warning", timeout=8)
        app.theme_changed_signal.subscribe(app, self._remember_theme)

    def _remember_theme(self, theme: Any) -> None:
        name = getattr(theme, "name", None)
        if not isinstance(name, str) or name == self._saved_theme:
            return
        self._saved_theme = name
        problem = save_theme(name)
        if problem and not self._said_theme_problem:
            self._said_theme_problem = True
            self._explorer.notify(f"Theme not remembered: {problem}", severity="warning", timeout=6)

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual paints NO_COLOR as grey levels (still colours): paint it with none."""
        filters: Sequence[LineFilter] = super().get_line_filters()  # type: ignore[misc]
        if getattr(self, "no_color", False):
            filters = [NoColor() if isinstance(f, Monochrome) else f for f in filters]
        return filters

    # ---- the footer in the search box -------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc and Down show in the footer (and act) only where they do something."""
        app = self._explorer
        if action in ("leave_search", "clear_search"):
            main = app.screen is app.screen_stack[0]
            in_box = main and app.focused is app.search_input
            if action == "leave_search":
                return in_box
            return main and (in_box or bool(app.query_text) or app.results is not None)
        return super().check_action(action, parameters)  # type: ignore[misc]

    # ---- moving -----------------------------------------------------------------------

    def action_nav(self, motion: str) -> None:
        """j/k, g/G, ctrl+d/ctrl+u: the focused list's cursor, or the focused text's scroll."""
        focused = self._explorer.focused
        if isinstance(focused, RowList):
            method = LIST_MOTIONS.get(motion)
        elif isinstance(focused, ScrollableContainer):
            method = SCROLL_MOTIONS.get(motion)
        else:
            raise SkipAction()  # a text box: the key is a letter
        if method is None:
            raise SkipAction()
        getattr(focused, method)()

    # ---- opening ----------------------------------------------------------------------

    def action_open_article(self) -> None:
        """``o``: the shown article's URL in the browser, else its file in the editor."""
        app = self._explorer
        article = app.article
        if article is None:
            app.notify("Nothing to open: no article shown.", severity="warning", timeout=3)
            return
        url = web_url(article.url)
        if url is not None:
            if getattr(app._driver, "is_web", False):  # newsexplore serve: the user's browser
                app.open_url(url)
                app.notify(f"Opened {url}", timeout=4)
            elif webbrowser.open(url):
                app.notify(f"Opened {url} in the browser", timeout=4)
            else:
                app.notify(f"No browser to open {url}", severity="warning", timeout=6)
            return
        path = Path(path_from_key(article.path)) if article.path else None
        shown = one_line(article.path or "")
        if path is None or not path.is_file():
            app.notify(
                f"Nothing to open: no web address, and no file at {shown}",
                severity="warning",
                timeout=6,
            )
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            app.notify(f"Set $EDITOR to open the file: {shown}", severity="warning", timeout=6)
            return
        # An absolute path: a file named "-c…" cannot pass for an option of the editor.
        command = [*shlex.split(editor), str(path.resolve())]
        try:
            with app.suspend():
                result = subprocess.run(command, check=False)
        except SuspendNotSupported:
            app.notify(
                f"Cannot open an editor here; the file: {shown}", severity="warning", timeout=6
            )
            return
        except OSError as error:
            app.notify(
                f"Cannot run {command[0]}: {error.strerror or error}", severity="error", timeout=6
            )
            return
        if result.returncode != 0:
            app.notify(
                f"{os.path.basename(command[0])} exited with {result.returncode}",
                severity="warning",
                timeout=4,
            )

    # ---- copying ----------------------------------------------------------------------

    def action_copy_paragraph(self) -> None:
        copying.copy_paragraph(self._explorer)

    def action_copy_selection(self) -> None:
        """ctrl+c: the text selected with the mouse, lines kept, neutralised, and say so."""
        app = self._explorer
        if isinstance(app.focused, Input):
            raise SkipAction()  # the box's own selection and copy
        raw = app.screen.get_selected_text()
        text = copying.selected_text(raw or "")
        if not text:
            raise SkipAction()  # nothing selected: ctrl+c says how to quit, as before
        length = len(text)
        text = clipboard.fit(text)
        app.copy_to_clipboard(text)
        app._deliver(text, f"selected text ({length:,} characters)", length)
