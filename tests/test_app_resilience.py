"""Hostile text, an empty store, every key, tiny terminals, the help screen and the palette."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from test_app_support import SIZE, blair_pair, hostile_pair, make_app, settle, shi_pair
from textual.binding import Binding

from store.library import Library
from tui.app import NewsExploreApp
from tui.help.help_screen import HelpScreen
from tui.help.keys import KEYS
from tui.items.rows import QuoteRow

ALL_KEYS = [
    "1",
    "2",
    "3",
    "4",
    "slash",
    "escape",
    "n",
    "N",
    "a",
    "c",
    "C",
    "y",
    "question_mark",
    "escape",
    "f1",
    "escape",
    "d",
    "t",
    "enter",
    "up",
    "down",
    "pagedown",
    "pageup",
    "home",
    "end",
    "left",
    "right",
    "tab",
    "shift+tab",
    "ctrl+r",
    "ctrl+r",
]


def terminal_bytes(app: NewsExploreApp) -> str:
    """Exactly what the app would write to the terminal to draw the current screen."""
    console = Console(
        file=io.StringIO(), force_terminal=True, color_system="truecolor", width=SIZE[0]
    )
    console.print(app.screen._compositor.render_full_update())
    return console.file.getvalue()  # type: ignore[attr-defined]


def assert_inert(output: str) -> None:
    assert "\x1b]" not in output  # no OSC: clipboard (52), hyperlinks (8), window title (0)
    assert "\x1b[2J" not in output and "\x1bP" not in output
    assert "\x07" not in output and "\x9b" not in output
    assert "\u202e" not in output  # no bidi override


async def test_hostile_text_is_shown_inert() -> None:
    app = make_app(hostile_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "hostile")
        assert_inert(terminal_bytes(app))
        shown = "".join(p.text.plain for p in app.source.paragraphs)
        assert "[link=http://evil]click[/link]" in shown and "[/b]" in shown
        assert all(s.style != "link" for p in app.source.paragraphs for s in p.text.spans)
        header = str(app.source.query_one("#source-header").render())
        assert "[link=http://x]title[/link]" in header
        for pane in ("2", "3", "4", "1"):
            await pilot.press(pane)
            assert_inert(terminal_bytes(app))
        await pilot.press("a", "2", "3")
        assert_inert(terminal_bytes(app))
        await pilot.press("slash", *"[/b]")
        await settle(pilot, app)
        assert_inert(terminal_bytes(app))
        assert app.search_input.value == "[/b]"


async def test_hostile_quote_copies_clean() -> None:
    app = make_app(hostile_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "hostile")
        await pilot.press("3", "c")
        await settle(pilot, app)
        assert app.clipboard
        assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in app.clipboard)
        notes = " ".join(str(n.message) for n in app._notifications)
        assert "\x1b" not in notes


async def test_every_key_on_an_empty_store_is_harmless(tmp_path: Path) -> None:
    app = NewsExploreApp(library=Library.from_pairs([]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        for key in ALL_KEYS:
            await pilot.press(key)
        await pilot.press("escape", "escape")
        await pilot.press("slash", *"anything", "enter", "escape")
        await settle(pilot, app)
        assert app.is_running
        assert "No articles yet" in str(app.source.query_one("#source-empty").render())


async def test_every_key_with_articles_is_harmless() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        for key in ALL_KEYS:
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("a", *ALL_KEYS)
        await settle(pilot, app)
        assert app.is_running


async def test_resizing_to_80x24_stacks_the_panes_and_survives_20x8() -> None:
    app = make_app(blair_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        panes, reader = app.query_one("#panes"), app.query_one("#reader")
        assert panes.region.x < reader.region.x  # side by side
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.1)
        assert app.screen.has_class("-narrow")
        assert panes.region.y < reader.region.y and panes.region.width == 80  # stacked
        await pilot.press("3")
        assert isinstance(app.quotes.current_row, QuoteRow)
        await pilot.resize_terminal(20, 8)
        await pilot.pause(0.1)
        await pilot.press("2", "down", "slash", "b", "escape")
        await pilot.resize_terminal(*SIZE)
        await pilot.pause(0.1)
        assert not app.screen.has_class("-narrow")
        assert panes.region.x < reader.region.x
        assert app.is_running


async def test_help_screen_lists_every_key() -> None:
    app = make_app(blair_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.export_screenshot().replace("&#160;", " ")
        for _section, rows in KEYS:
            for keys, _meaning in rows:
                assert keys.split()[0].replace("&", "&amp;").replace("<", "&lt;") in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert not isinstance(app.screen, HelpScreen)


def test_every_app_binding_is_in_the_help() -> None:
    documented = " ".join(keys for _section, rows in KEYS for keys, _ in rows).lower()
    aliases = {"slash": "/", "question_mark": "?", "escape": "esc"}
    for binding in NewsExploreApp.BINDINGS:
        assert isinstance(binding, Binding)
        for one in binding.key.split(","):
            assert aliases.get(one, one).lower() in documented, one


async def test_command_palette_runs_actions_and_opens_articles() -> None:
    app = make_app(blair_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.press(*"toggle scope")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.all_scope
        await pilot.press("ctrl+p")
        await pilot.press(*"Fox attacks")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot, app, "blair")
        assert app.articles.current_id == "blair"


async def test_quit_with_q_outside_the_search_box() -> None:
    app = make_app(blair_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", "q")
        assert app.is_running and app.search_input.value == "q"
        await pilot.press("escape", "q")
        await pilot.pause()
        assert not app.is_running


async def test_notifications_are_never_markup_and_carry_no_controls() -> None:
    # Toasts are not drawn headless, so check what the toast would be built from.
    app = make_app(blair_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.notify("Cannot read [b]evil[/b] [/i] \x1b]52;c;eA==\x07.txt", markup=True)
        await pilot.press("slash", "ctrl+r", *"[/b")  # an invalid pattern: its error is shown too
        await settle(pilot, app)
        notes = list(app._notifications)
        assert notes and all(n.markup is False for n in notes)
        assert "[b]evil[/b] [/i]" in notes[0].message
        assert "\x1b" not in notes[0].message and "\x07" not in notes[0].message
        assert_inert(terminal_bytes(app))
