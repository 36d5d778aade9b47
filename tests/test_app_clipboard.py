"""Copying from the explorer: c (attributed quote), C (words), y (entity or figure), and the routes."""

from __future__ import annotations

import pytest
from test_app_support import SIZE, blair_pair, make_app, settle, shi_pair

from tui import clipboard


@pytest.fixture(autouse=True)
def no_system_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the real clipboard: no display, no tmux, no copy tool."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "TMUX", "SSH_CONNECTION", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(clipboard, "system_copy_command", lambda env, which=None: None)


def notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in app._notifications]


async def test_c_copies_the_quote_with_attribution_and_says_how() -> None:
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
        assert "Copied quote via OSC 52" in notes(app)


async def test_search_shi_then_c_copies_her_quote() -> None:
    app = make_app(blair_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", "s", "h", "i")
        await settle(pilot, app)
        await pilot.press("down", "3", "c")  # leave the box, to her quotes, copy
        await settle(pilot, app)
        assert app.clipboard.startswith(
            "“At Huawei Cloud, AI is a key strategy,” said Jacqueline Shi"
        )


async def test_shift_c_copies_only_the_words() -> None:
    app = make_app(blair_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "blair")
        await pilot.press("3", "C")
        await settle(pilot, app)
        # Only the words: no quote marks (the user asked for them gone).
        assert app.clipboard == "If you are willing to lie, you lie about anything."
        assert "“" not in app.clipboard and "”" not in app.clipboard


async def test_y_copies_an_entity_or_a_figure_with_context() -> None:
    app = make_app(blair_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "blair")
        await pilot.press("2")
        assert app.entities.select_key(("Tony Blair", "PERSON"))
        await pilot.press("enter", "y")  # second mention: "Mr Blair told Labour members..."
        await settle(pilot, app)
        assert app.clipboard.startswith(
            "Tony Blair (PERSON): “Tory co-chairman Liam Fox spoke after Mr Blair"
        )
        assert app.clipboard.endswith(
            "(Fox attacks Blair's Tory 'lies', BBC, 2005-02-15, politics/007.txt)"
        )
        await pilot.press("4", "y")
        await settle(pilot, app)
        assert app.clipboard.startswith(
            "45.3 billion yuan (money): “Labour raised 45.3 billion yuan"
        )


async def test_copy_with_nothing_selected_says_so() -> None:
    article, extraction = blair_pair()
    extraction.quotes.clear()
    app = make_app((article, extraction))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "blair")
        await pilot.press("3", "c")
        await pilot.pause()
        assert app.clipboard == ""
        assert any(n.startswith("Nothing to copy: no quote selected") for n in notes(app))


async def test_inside_tmux_the_sequence_is_also_wrapped_for_passthrough(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TMUX", "/tmp/tmux-test/default,1,0")
    monkeypatch.setattr(
        clipboard,
        "_tmux_option",
        lambda name: {"set-clipboard": "external", "allow-passthrough": "off"}[name],
    )
    app = make_app(shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "shi")
        written: list[str] = []
        monkeypatch.setattr(app._driver, "write", written.append)
        await pilot.press("3", "C")
        await settle(pilot, app)
        plain = clipboard.osc52(app.clipboard)
        assert plain in written
        assert clipboard.tmux_passthrough(plain) in written
        # tmux would drop both (set-clipboard external, no passthrough) and there is no tool:
        assert any(
            n.startswith("Could not copy the quote words") and "set-clipboard on" in n
            for n in notes(app)
        )
