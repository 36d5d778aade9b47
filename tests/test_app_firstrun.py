"""First run and start-up (issue 15): the sample shown but never stored, keys typed while the
app starts kept and replayed, and the article list sorted by its column headings (remembered)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from test_app_support import SIZE, blair_pair, cjk_pair, make_app, settle, shi_pair
from textual import events
from textual.keys import _character_to_key

from seeds import SEEDS_DIR
from store.db import Store
from tui.app import NewsExploreApp


def screen_text(app: Any) -> str:
    """Every row of the painted screen, as the user reads it."""
    rows = []
    for strip in app.screen._compositor.render_update(full=True).strips:
        rows.append("".join(segment.text for segment in strip))
    return "\n".join(rows)


def two_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(
        "Title: Gordon Brown sets out plans\nDate: 2024-01-01\n\n"
        "Gordon Brown said the budget would help families.\n"
    )
    (folder / "b.txt").write_text(
        "Title: Another story\nDate: 2024-01-02\n\nNothing about the chancellor here.\n"
    )
    return folder


# ---- 1. the sample: shown, labelled, never stored -----------------------------------------


@pytest.mark.parametrize(
    "paths", [[], [SEEDS_DIR]], ids=["no-paths", "cli-passes-the-sample-folder"]
)
async def test_an_empty_store_shows_the_sample_without_storing_it(
    tmp_path: Path, paths: list[Path]
) -> None:
    db = tmp_path / "store.json"
    app = NewsExploreApp(db, paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app, timeout=30)
        assert app.article is not None and "Huawei" in app.article.text
        shown = screen_text(app)
        assert "Sample article — your store is empty" in shown
        # How to add one's own articles: the key, and the command line.
        assert "ctrl+o" in shown and "newsexplore ingest FOLDER" in shown
        await pilot.press("q")
    assert len(Store(db)) == 0  # nothing of the sample went into the user's store
    assert not Path(f"{db}.state.json").exists()  # nor the place in it


async def test_the_sample_flag_off_says_how_to_add_articles(tmp_path: Path) -> None:
    db = tmp_path / "store.json"
    app = NewsExploreApp(db, [], sample=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=30)
        assert app.article is None
        shown = str(app.source.query_one("#source-empty").render())
        assert "No articles yet" in shown
        assert "ctrl+o" in shown and "newsexplore ingest FOLDER" in shown
    assert len(Store(db)) == 0


# ---- 2. keys typed while the app starts -------------------------------------------------


def slow_open(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Make opening the store's index take ``seconds`` (a big store, a slow disk)."""
    import store.readmodel.view as view

    original = view.open_read_model

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(seconds)
        return original(*args, **kwargs)

    monkeypatch.setattr(view, "open_read_model", slow)


def type_ahead(app: NewsExploreApp, *keys: str) -> None:
    """Keys the terminal delivers before the app has even drawn its first screen: each
    argument is a key name (``ctrl+o``, ``enter``) or text typed character by character."""
    for typed in keys:
        if typed in ("ctrl+o", "enter"):
            app.post_message(events.Key(typed, "\x0f" if typed == "ctrl+o" else "\r"))
            continue
        for character in typed:
            app.post_message(events.Key(_character_to_key(character), character))


@pytest.mark.parametrize("pane", [None, "quotes"], ids=["articles", "remembered-quotes-pane"])
async def test_keys_typed_while_the_app_starts_reach_the_search_box(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pane: str | None
) -> None:
    db = tmp_path / "store.json"
    store = Store(db)
    store.ingest([two_articles(tmp_path / "articles")])
    if pane is not None:
        store.set_state("last_pane", pane)
    slow_open(monkeypatch, 0.6)
    app = NewsExploreApp(db, [])
    type_ahead(app, "/brown")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=30)
        await pilot.pause(0.2)
        await settle(pilot, app, timeout=30)
        assert app.search_input.value == "brown"  # not "/brown", not "br" and the rest lost
        assert app.focused is app.search_input  # the keys typed next go on into the box
        assert app.results is not None  # the search ran
        titles = [s.title for s in app.articles.rows]
        assert titles == ["Gordon Brown sets out plans"]
        await pilot.press("space", "s")  # typing on lands in the box too
        assert app.search_input.value == "brown s"


async def test_ctrl_o_and_a_path_typed_while_starting_add_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "store.json"
    Store(db).ingest([two_articles(tmp_path / "articles")])
    more = tmp_path / "more"
    more.mkdir()
    (more / "c.txt").write_text("Title: Third story\nDate: 2024-01-03\n\nA third story.\n")
    slow_open(monkeypatch, 0.6)
    app = NewsExploreApp(db, [])
    type_ahead(app, "ctrl+o", str(more), "enter")  # the add screen opens, then takes the path
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            await pilot.pause(0.05)
            if "Third story" in [s.title for s in app.articles.rows]:
                break
        await settle(pilot, app, timeout=30)
        assert sorted(s.title for s in app.articles.rows) == [
            "Another story",
            "Gordon Brown sets out plans",
            "Third story",
        ]
        assert app.search_input.value == ""  # nothing of the path leaked into the search


async def test_keys_pressed_once_the_app_is_ready_act_at_once() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", "t", "o", "r")
        assert app.search_input.value == "tor"


# ---- 5. sorting by the column headings, remembered ----------------------------------------


async def click_heading(pilot: Any, app: NewsExploreApp, heading: str) -> None:
    header = app.query_one("#articles-header")
    x = str(header.render()).index(heading)
    await pilot.click("#articles-header", offset=(x + 1, 0))
    await pilot.pause()


async def test_clicking_a_column_heading_sorts_by_it_and_again_reverses() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=(160, 36)) as pilot:
        await settle(pilot, app)
        await pilot.press("1", "t")  # by title first
        titles = [s.title.casefold() for s in app.articles.rows]
        assert titles == sorted(titles)
        dates = [s.date for s in app.articles.rows]
        await click_heading(pilot, app, "Date")
        assert [s.date for s in app.articles.rows] == sorted(dates, reverse=True)
        assert "Date ↓" in str(app.query_one("#articles-header").render())
        await click_heading(pilot, app, "Date")
        assert [s.date for s in app.articles.rows] == sorted(dates)
        assert "Date ↑" in str(app.query_one("#articles-header").render())
        await click_heading(pilot, app, "Title")
        assert [s.title.casefold() for s in app.articles.rows] == sorted(titles)


async def test_the_sort_is_remembered_for_the_store(tmp_path: Path) -> None:
    db = tmp_path / "store.json"
    Store(db).ingest([two_articles(tmp_path / "articles")])
    app = NewsExploreApp(db, [])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=30)
        assert app.articles.rows[0].title == "Another story"  # newest first
        await pilot.press("1", "t", "t")  # title, Z to A
        await settle(pilot, app)
        await pilot.pause(0.2)
    again = NewsExploreApp(db, [])
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot, again, timeout=30)
        assert (again.articles.sort_key, again.articles.descending) == ("title", True)
        assert [s.title for s in again.articles.rows] == [
            "Gordon Brown sets out plans",
            "Another story",
        ]
