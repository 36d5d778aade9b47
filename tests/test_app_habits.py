"""Everyday habits (issue 15): citations, the copy keys, j/k and friends, o, the search box's
footer, toasts at the edge, themes and NO_COLOR — each as the user would notice it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from rich.color import ColorSystem
from rich.style import Style
from test_app_support import SIZE, blair_pair, make_app, settle, shi_pair

from store.records import Article, Extraction, Quote
from tui import clipboard, habits
from tui.citation import CitedArticle, cite
from tui.settings import CITATION_ENV, SETTINGS_ENV, load_settings

BBC_URL = "https://www.bbc.co.uk/news/uk-politics-4266373"
BLAIR_SAID = "“If you are willing to lie, you lie about anything,” said Liam Fox, Tory co-chairman."
# Colour-setting SGR parameters: 30-38, 40-48, 90-97, 100-107 (39 and 49 only reset).
_SGR = re.compile(r"\x1b\[([0-9;:]*)m")
_SGR_OR_MOVE = re.compile(r"\x1b\[[0-9;:?]*[A-Za-z]")


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test has its own settings file (absent unless written) and no real clipboard."""
    path = tmp_path / "config" / "settings.toml"
    monkeypatch.setenv(SETTINGS_ENV, str(path))
    # Set, then removed: monkeypatch then also undoes what --citation puts in the environment.
    monkeypatch.setenv(CITATION_ENV, "")
    monkeypatch.delenv(CITATION_ENV)
    monkeypatch.delenv("NO_COLOR", raising=False)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "TMUX", "SSH_CONNECTION", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(clipboard, "system_copy_command", lambda env, which=None: None)
    return path


def notes(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


def painted(app: Any) -> str:
    """What the driver would write to the terminal for the whole screen, right now."""
    update = app.screen._compositor.render_update(full=True)
    return str(update.render_segments(app.console))


def screen_lines(app: Any) -> list[str]:
    """The painted screen as the user reads it, one string per row."""
    lines: list[str] = []
    for strip in app.screen._compositor.render_update(full=True).strips:
        lines.append("".join(segment.text for segment in strip))
    return lines


def blair_with_url() -> tuple[Article, Extraction]:
    article, extraction = blair_pair()
    article.url = BBC_URL
    article.authors = ["Nick Assinder"]
    return article, extraction


def long_article() -> tuple[Article, Extraction]:
    text = "Long story\n\n" + "\n\n".join(f"Paragraph {i} of a long story." for i in range(80))
    return Article("long", "long.txt", "A long story", "2024-01-01", "Wire", text), Extraction()


# ---- 1. citations ---------------------------------------------------------------------


def test_citations_read_well_in_each_format() -> None:
    article = CitedArticle(
        "Fox attacks Blair's Tory 'lies'",
        "BBC",
        "2005-02-15",
        BBC_URL,
        "politics/007.txt",
        ["Nick Assinder"],
    )
    assert cite(article, "plain") == f"Fox attacks Blair's Tory 'lies', BBC, 2005-02-15, {BBC_URL}"
    assert (
        cite(article, "markdown")
        == f"[Fox attacks Blair's Tory 'lies']({BBC_URL}), BBC, 2005-02-15"
    )
    assert cite(article, "apa") == (
        f"Assinder, N. (2005, February 15). Fox attacks Blair's Tory 'lies'. BBC. {BBC_URL}"
    )
    # No URL: the file path stands in; no author: APA puts the title first; no date: n.d.
    local = CitedArticle("Huawei Cloud expands overseas push", None, None, None, "/news/seed.txt")
    assert cite(local, "plain") == "Huawei Cloud expands overseas push, /news/seed.txt"
    assert cite(local, "markdown") == "[Huawei Cloud expands overseas push](</news/seed.txt>)"
    assert cite(local, "apa") == "Huawei Cloud expands overseas push. (n.d.). /news/seed.txt"


def test_citations_neutralise_everything() -> None:
    hostile = CitedArticle(
        "Evil \x1b]0;pwned\x07 [x](javascript:alert(1)) \u202eexe",
        "[b]src\x1b[31m",
        "2024\x9b-01",
        "javascript:alert(1)",
        "evil/\x1b[2Jname.txt",
        ["Mal\x1b]52;c;eA==\x07lory"],
    )
    for fmt in ("plain", "markdown", "apa"):
        text = cite(hostile, fmt)
        assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c == "\u202e" for c in text), fmt
    # A title cannot close the Markdown link early; a javascript: URL is never a link
    # target (the file path is, as there is no web address).
    markdown = cite(hostile, "markdown")
    assert re.findall(r"(?<!\\)\]\((.)", markdown) == ["<"]


async def test_c_copies_the_full_citation_plain_by_default() -> None:
    app = make_app(shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "shi")
        await pilot.press("3", "c")
        await settle(pilot, app)
        assert app.clipboard == (
            "“At Huawei Cloud, AI is a key strategy,” said Jacqueline Shi, President of Huawei "
            "Cloud Global Marketing and Sales Service. "
            "(Huawei Cloud expands overseas push, 2024-02-26, seed.txt)"
        )


async def test_the_settings_file_chooses_the_citation_format(isolated_settings: Path) -> None:
    isolated_settings.parent.mkdir(parents=True)
    isolated_settings.write_text('citation = "markdown"\n', encoding="utf-8")
    app = make_app(blair_with_url())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "blair")
        await pilot.press("3", "c")
        await settle(pilot, app)
        assert app.clipboard == (
            f"{BLAIR_SAID} ([Fox attacks Blair's Tory 'lies']({BBC_URL}), BBC, 2005-02-15)"
        )


async def test_a_malformed_settings_file_warns_once_and_uses_the_defaults(
    isolated_settings: Path,
) -> None:
    isolated_settings.parent.mkdir(parents=True)
    isolated_settings.write_text('citation = "markdown\ntheme = [', encoding="utf-8")
    app = make_app(blair_with_url())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app, "blair")
        await pilot.press("3", "c")
        await settle(pilot, app)
        warnings = [n for n in notes(app) if "settings.toml" in n]
        assert len(warnings) == 1 and "not valid TOML" in warnings[0]
        assert app.clipboard.endswith(
            f"(Fox attacks Blair's Tory 'lies', BBC, 2005-02-15, {BBC_URL})"
        )


def test_citation_environment_overrides_the_file(
    isolated_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolated_settings.parent.mkdir(parents=True)
    isolated_settings.write_text('citation = "markdown"\n', encoding="utf-8")
    assert load_settings().citation == "markdown"
    monkeypatch.setenv(CITATION_ENV, "apa")
    assert load_settings().citation == "apa"


def test_the_command_line_takes_citation(monkeypatch: pytest.MonkeyPatch) -> None:
    """``newsexplore --citation apa`` runs the app citing in APA (tui/cli.py wires it)."""
    import tui.app
    from tui import cli

    seen: list[str | None] = []

    def fake_run_app(db_path: Any, paths: Any, **options: Any) -> int:
        seen.append(load_settings().citation)
        return 0

    monkeypatch.setattr(tui.app, "run_app", fake_run_app)
    assert cli.main(["--citation", "apa", str(Path(__file__).parent / "data")]) == 0
    assert seen == ["apa"]


# ---- 2. c copies what is shown and selected -----------------------------------------------


async def test_c_in_figures_copies_the_figure_not_the_quote_selected_before() -> None:
    app = make_app(blair_with_url())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app, "blair")
        await pilot.press("3")  # a quote is selected in Quotes...
        await pilot.press("4", "c")  # ...but the Figures pane is on screen
        await settle(pilot, app)
        assert app.clipboard.startswith("45.3 billion yuan (money): “Labour raised")
        assert app.clipboard.endswith(
            f"(Fox attacks Blair's Tory 'lies', BBC, 2005-02-15, {BBC_URL})"
        )
        assert "Copied figure via OSC 52" in notes(app)
        await pilot.press("1", "c")  # the Articles pane: the selected article's citation
        await settle(pilot, app)
        assert app.clipboard == f"Fox attacks Blair's Tory 'lies', BBC, 2005-02-15, {BBC_URL}"


async def test_c_where_nothing_is_selected_says_so() -> None:
    article, extraction = blair_pair()
    extraction.figures.clear()
    app = make_app((article, extraction))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app, "blair")
        await pilot.press("3", "4", "c")
        await settle(pilot, app)
        assert app.clipboard == ""
        assert any(n.startswith("Nothing to copy") for n in notes(app))
        assert not any(n.startswith("Copied") for n in notes(app))


# ---- 3. C leaves out the sentence's comma ------------------------------------------------


async def test_shift_c_drops_the_comma_that_belongs_to_the_sentence() -> None:
    app = make_app(shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "shi")
        await pilot.press("3", "C")
        await settle(pilot, app)
        assert app.clipboard == "At Huawei Cloud, AI is a key strategy"


def test_words_keep_their_own_full_stop_question_mark() -> None:
    assert clipboard.quote_words(Quote(0, 5, "We will win;")) == "We will win"
    assert clipboard.quote_words(Quote(0, 5, "Why now?")) == "Why now?"
    assert clipboard.quote_words(Quote(0, 5, "It is over.")) == "It is over."


# ---- 4. the paragraph around a quote, the selected text ------------------------------------


async def test_p_copies_the_paragraph_around_the_quote_with_its_citation() -> None:
    app = make_app(blair_with_url())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app, "blair")
        await pilot.press("3", "p")
        await settle(pilot, app)
        assert app.clipboard == (
            "Tory co-chairman Liam Fox spoke after Mr Blair told Labour members the Tories "
            'offered a "hard right agenda". Dr Fox said: "If you are willing to lie, you lie '
            f"about anything.\" (Fox attacks Blair's Tory 'lies', BBC, 2005-02-15, {BBC_URL})"
        )
        assert "Copied paragraph via OSC 52" in notes(app)


async def test_ctrl_c_copies_the_selected_text_and_says_what_it_copied() -> None:
    from textual.selection import Selection

    app = make_app(blair_pair())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app, "blair")
        paragraph = app.source.paragraphs[1]
        app.screen.selections = {paragraph: Selection(None, None)}  # as a mouse drag would
        await pilot.pause()
        await pilot.press("ctrl+c")
        await settle(pilot, app)
        assert app.clipboard.startswith("Tory co-chairman Liam Fox spoke after Mr Blair")
        assert app.clipboard.endswith('you lie about anything."')
        length = len(app.clipboard)
        assert f"Copied selected text ({length:,} characters) via OSC 52" in notes(app)


# ---- 5. j/k, g/G, ctrl+d/ctrl+u; o ---------------------------------------------------------


async def test_vim_and_less_keys_move_in_the_lists_and_the_text() -> None:
    app = make_app(blair_pair(), shi_pair(), long_article())
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot, app)
        articles = app.articles
        await pilot.press("1", "g")
        assert articles.cursor == 0
        await pilot.press("j")
        assert articles.cursor == 1
        await pilot.press("k")
        assert articles.cursor == 0
        await pilot.press("G")
        assert articles.cursor == len(articles.rows) - 1
        await pilot.press("g", "ctrl+d")
        assert articles.cursor == len(articles.rows) - 1  # a page holds them all
        await pilot.press("ctrl+u")
        assert articles.cursor == 0
        await open_long(pilot, app)
        app.source.focus()
        await pilot.pause()
        await pilot.press("j", "j")
        await pilot.pause()
        assert app.source.scroll_y > 0
        await pilot.press("G")
        await pilot.pause()
        assert app.source.scroll_y == app.source.max_scroll_y
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert 0 < app.source.scroll_y < app.source.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert app.source.scroll_y == 0
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert app.source.scroll_y > 2
        # In the search box they are letters.
        await pilot.press("slash", "j", "k", "g", "G")
        assert app.search_input.value == "jkgG"


async def open_long(pilot: Any, app: Any) -> None:
    await pilot.press("1")
    app.articles.move_to(app.articles.index_of("long"))
    await settle(pilot, app, "long")


@contextmanager
def no_suspend() -> Iterator[None]:
    yield


async def test_o_opens_the_url_in_the_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []

    def open_url(url: str) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(habits.webbrowser, "open", open_url)
    monkeypatch.setattr(habits.subprocess, "run", lambda *a, **k: pytest.fail("no editor"))
    app = make_app(blair_with_url())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app, "blair")
        await pilot.press("o")
        await pilot.pause()
        assert opened == [BBC_URL]
        assert f"Opened {BBC_URL} in the browser" in notes(app)


async def test_o_opens_the_file_in_the_editor_with_the_app_suspended(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    file = tmp_path / "-c evil.txt"  # a name that looks like an option stays a file
    file.write_text("x", encoding="utf-8")
    article, extraction = blair_pair()
    article.path = str(file)
    ran: list[list[str]] = []
    suspended: list[bool] = []

    @contextmanager
    def suspend() -> Iterator[None]:
        suspended.append(True)
        yield

    def run(command: list[str], check: bool = False) -> Any:
        assert suspended, "the editor must run with the app suspended"
        ran.append(command)
        return type("Done", (), {"returncode": 0})()

    monkeypatch.setenv("EDITOR", "myeditor --wait")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr(habits.subprocess, "run", run)
    monkeypatch.setattr(habits.webbrowser, "open", lambda url: pytest.fail("no browser"))
    app = make_app((article, extraction))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "blair")
        monkeypatch.setattr(app, "suspend", suspend)
        await pilot.press("o")
        await pilot.pause()
        assert ran == [["myeditor", "--wait", str(file.resolve())]]


async def test_o_without_url_or_file_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(habits.webbrowser, "open", lambda url: pytest.fail("no browser"))
    app = make_app(blair_pair())  # path politics/007.txt does not exist here
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app, "blair")
        await pilot.press("o")
        await pilot.pause()
        assert any(n.startswith("Nothing to open") for n in notes(app))


# ---- 6. the footer in the search box --------------------------------------------------------


def footer_keys(app: Any) -> dict[str, str]:
    return {
        key: active.binding.description
        for key, active in app.screen.active_bindings.items()
        if active.binding.show and active.enabled
    }


async def test_the_search_box_footer_shows_enter_shift_enter_down_and_esc() -> None:
    app = make_app(blair_pair())
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot, app, "blair")
        await pilot.press("slash")
        await pilot.pause(0.1)
        keys = footer_keys(app)
        for key in ("enter", "shift+enter", "down", "escape"):
            assert key in keys, f"{key} missing from the footer: {keys}"
        footer = screen_lines(app)[-1]
        for label in ("Next match", "Previous", "To the list", "Clear"):
            assert label in footer, footer
        await pilot.press("down")  # back in the list: Down moves in it, not shown as a key
        await pilot.pause(0.1)
        assert "down" not in footer_keys(app) and "escape" not in footer_keys(app)


# ---- 7. toasts and the status line at the edge ----------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_toasts_reach_the_right_edge_and_long_errors_are_shortened(
    size: tuple[int, int],
) -> None:
    from textual.widgets._toast import Toast

    app = make_app(blair_pair())
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot, app, "blair")
        app.notify("Copied quote via OSC 52 (tmux)")
        await pilot.pause(0.3)
        toast = app.query_one(Toast)
        assert toast.region.right == size[0], "a column of the screen behind shows beside a toast"
        app.clear_notifications()
        # No key of the footer is cut at its right end ("^r" without "Regex").
        footer = app.query_one("QuietFooter")
        keys = [key for key in footer.query("FooterKey, FooterLabel") if key.display]
        palette = footer.query_one("FooterKey.-command-palette")
        assert keys and all(
            key.region.right <= palette.region.x
            for key in keys
            if key is not palette and key.region.width
        ), [(str(key.render()), key.region) for key in keys]
        await pilot.press("slash", *"kind:gbp")
        await settle(pilot, app)
        top = screen_lines(app)[0].rstrip()
        # The message is longer than the room beside the box: shortened, visibly.
        assert "unknown figure kind" in top
        assert top.endswith("…"), f"cut without a sign: {top!r}"


# ---- 8. themes and colours ------------------------------------------------------------------


async def test_a_theme_picked_is_remembered(isolated_settings: Path) -> None:
    app = make_app(blair_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "blair")
        app.theme = "nord"  # what the palette's "Theme" command does
        await pilot.pause()
    assert 'theme = "nord"' in isolated_settings.read_text(encoding="utf-8")
    again = make_app(blair_pair())
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot, again, "blair")
        assert again.theme == "nord"


def _signature(style: Style, system: ColorSystem | None) -> tuple[object, ...]:
    """How a style looks in ``system`` (None: no colour at all): colours and attributes."""

    def colour(value: Any) -> object:
        if value is None or system is None:
            return None
        return value.downgrade(system).get_truecolor()

    return (
        colour(style.color),
        colour(style.bgcolor),
        bool(style.bold),
        bool(style.italic),
        bool(style.underline),
        bool(style.reverse),
        bool(style.strike),
    )


async def test_highlights_stay_distinct_in_every_theme_and_in_16_colours() -> None:
    from tui.source.source_view import LAYERS

    app = make_app(blair_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "blair")
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            source = app.source
            source._styles = None
            base = source.rich_style
            for system in (ColorSystem.TRUECOLOR, ColorSystem.STANDARD):
                looks = {
                    name: _signature(base + source.styles_by_class()[name], system)
                    for name in LAYERS
                }
                looks["plain text"] = _signature(base, system)
                same = {(a, b) for a in looks for b in looks if a < b and looks[a] == looks[b]}
                assert not same, f"{theme} in {system.name}: {sorted(same)} look the same"


async def test_no_color_paints_no_colour_and_highlights_stay_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui.source.source_view import LAYERS

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(blair_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "blair")
        await pilot.press("3")
        await pilot.pause()
        output = painted(app)
        for params in _SGR.findall(output):
            codes = [int(p) for p in re.split("[;:]", params) if p.isdigit()]
            colours = [
                c
                for c in codes
                if 30 <= c <= 38 or 40 <= c <= 48 or 90 <= c <= 97 or 100 <= c <= 107
            ]
            assert not colours, f"colour SGR {params!r} painted with NO_COLOR set"
        source = app.source
        looks = {name: _signature(source.styles_by_class()[name], None) for name in LAYERS}
        looks["plain text"] = _signature(Style(), None)
        assert len(set(looks.values())) == len(looks), looks
