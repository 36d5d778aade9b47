"""SVG snapshots of the explorer: the main screen, a search, the help screen, the narrow layout."""

from __future__ import annotations

from test_app_support import SIZE, blair_pair, cjk_pair, make_app, settle, shi_pair


def explorer():  # type: ignore[no-untyped-def]
    return make_app(blair_pair(), cjk_pair(), shi_pair())


def test_main_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def ready(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, pilot.app)
        await pilot.press("1", "down", "down")
        await settle(pilot, pilot.app, "blair")
        await pilot.press("2")
        pilot.app.entities.select_key(("Tony Blair", "PERSON"))
        await pilot.pause()

    assert snap_compare(explorer(), run_before=ready, terminal_size=SIZE)


def test_search_with_the_quote_selected(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def ready(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, pilot.app)
        await pilot.press("slash", "s", "h", "i")
        await settle(pilot, pilot.app, "shi")
        await pilot.press("down", "3")
        await pilot.pause()

    assert snap_compare(explorer(), run_before=ready, terminal_size=SIZE)


def test_help_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def ready(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, pilot.app)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(explorer(), run_before=ready, terminal_size=SIZE)


def test_narrow_80x24_with_a_figure(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def ready(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, pilot.app)
        await pilot.press("4", "down")
        await pilot.pause()

    assert snap_compare(explorer(), run_before=ready, terminal_size=(80, 24))
