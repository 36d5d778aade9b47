"""Adding articles from inside the app (issue 10): files, folders and URLs on a key and in the
palette, ingested with progress, the panes refreshed and a summary; bad input one clear line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_app_support import SIZE, settle
from test_web import Site, article_page, site  # noqa: F401 (the fixture)

from store.db import Store
from tui.app import NewsExploreApp


def notes(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


def two_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "one.txt").write_text(
        "Title: Mayor opens the new bridge\nDate: 2024-03-01\n\n"
        'The bridge cost £12m. "It is a great day," said Mayor Ann Lee.\n'
    )
    (folder / "two.txt").write_text(
        "Title: Council votes on the budget\nDate: 2024-03-02\n\n"
        "The council approved a 3% rise in spending on Tuesday.\n"
    )
    return folder


async def wait_added(pilot: Any, app: NewsExploreApp, title: str, timeout: float = 60) -> None:
    """Until the list shows an article titled ``title`` and nothing runs."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        await pilot.pause(0.05)
        titles = [s.title for s in app.articles.rows]
        if title in titles and not any(w.is_running for w in app.workers):
            await settle(pilot, app, timeout=timeout)
            return
    raise AssertionError(f"{title!r} not listed: {[s.title for s in app.articles.rows]}")


async def type_into_add(pilot: Any, app: NewsExploreApp, text: str) -> None:
    from tui.add.add_screen import AddScreen

    assert isinstance(app.screen, AddScreen), app.screen
    app.screen.query_one("#add-input").value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_adding_a_folder_from_the_app_lists_its_articles(tmp_path: Path) -> None:
    db = tmp_path / "store.json"
    folder = two_articles(tmp_path / "news")
    app = NewsExploreApp(db, [])  # an empty store: the sample is on screen
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=30)
        await pilot.press("ctrl+o")
        await type_into_add(pilot, app, str(folder))
        await wait_added(pilot, app, "Mayor opens the new bridge")
        titles = sorted(s.title for s in app.articles.rows)
        assert titles == ["Council votes on the budget", "Mayor opens the new bridge"]
        assert app.article is not None and "Huawei" not in app.article.text  # not the sample
        assert any("2 articles added" in n for n in notes(app)), notes(app)
        assert "Sample article" not in str(app.screen.query("#sample-banner").nodes)
    assert len(Store(db)) == 2  # the two added, and not the sample


async def test_the_palette_has_the_add_command(tmp_path: Path) -> None:
    from tui.add.add_screen import AddScreen

    app = NewsExploreApp(tmp_path / "store.json", [])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=30)
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key in "add files":
            await pilot.press("space" if key == " " else key)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, AddScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AddScreen)


async def test_a_bad_path_is_one_clear_line_and_nothing_runs(tmp_path: Path) -> None:
    from tui.add.add_screen import AddScreen

    app = NewsExploreApp(tmp_path / "store.json", [])
    missing = tmp_path / "no such folder"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=30)
        await pilot.press("ctrl+o")
        await type_into_add(pilot, app, f'"{missing}"')
        assert isinstance(app.screen, AddScreen)  # still open, to correct the path
        problem = str(app.screen.query_one("#add-problem").render())
        assert problem == f"No such file or folder: {missing}"
        await type_into_add(pilot, app, "")
        assert str(app.screen.query_one("#add-problem").render()).startswith("Type a path")
    assert len(Store(tmp_path / "store.json")) == 0


async def test_the_path_is_completed_from_the_disk(tmp_path: Path) -> None:
    folder = two_articles(tmp_path / "newsroom-archive")
    app = NewsExploreApp(tmp_path / "store.json", [])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=30)
        await pilot.press("ctrl+o")
        box = app.screen.query_one("#add-input")
        box.value = str(tmp_path / "newsroom-a")
        box.cursor_position = len(box.value)
        await pilot.pause(0.3)
        await pilot.press("tab")
        await pilot.pause()
        assert box.value == str(folder) + "/"


async def test_adding_a_url_fetches_the_page(tmp_path: Path, site: Site) -> None:  # noqa: F811
    text = (
        "Harbour reopens after storm\n\nThe harbour reopened on Monday after a storm closed it "
        "for a week. Repairs cost £4m, the port authority said in a statement.\n"
        "Fishing boats returned to the quay by noon, and traders said business was brisk.\n"
    )
    url = site.add("/news/harbour.html", article_page(text))
    app = NewsExploreApp(tmp_path / "store.json", [])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=30)
        await pilot.press("ctrl+o")
        await type_into_add(pilot, app, url)
        await wait_added(pilot, app, "Harbour reopens after storm")
        assert [s.title for s in app.articles.rows] == ["Harbour reopens after storm"]
        assert any("1 article added" in n for n in notes(app)), notes(app)
