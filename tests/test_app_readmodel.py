"""The explorer reads through the on-disk index (issue 12 §2) with issue 9's query language."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from test_app_scope import second_blair_article
from test_app_support import (
    SIZE,
    blair_pair,
    cjk_pair,
    make_app,
    open_article,
    settle,
    shi_pair,
    span,
    styled_spans,
)

from store.library import Library
from store.records import Article, Extraction, Figure, Quote
from tui.app import NewsExploreApp
from tui.items.rows import FigureRow, QuoteRow


def status_text(app: NewsExploreApp) -> str:
    return str(app.search_bar.query_one("#search-status").render())


def tab_label(app: NewsExploreApp, pane: str) -> str:
    return str(app.query_one("#panes").get_tab(f"tab-{pane}").label)  # type: ignore[attr-defined]


async def type_query(pilot: Any, app: NewsExploreApp, query: str) -> None:
    await pilot.press("slash")
    await pilot.press(*query)
    await settle(pilot, app)


def write_articles(folder: Path, names: list[str]) -> None:
    folder.mkdir(exist_ok=True)
    for i, name in enumerate(names):
        (folder / f"{name}.txt").write_text(
            f"Title: {name.title()} story\nDate: 2024-01-{i + 1:02}\n\n"
            f'Mr {name.title()} said: "The {name} plan will work." Labour gained {i + 3}% in Leeds.\n'
        )


@pytest.fixture
def rebuilds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every index rebuild the app starts (the articles it covered), counted."""
    import store.readmodel.view as view

    calls: list[int] = []
    original = view.rebuild

    def counting(store: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(len(store))
        return original(store, *args, **kwargs)

    monkeypatch.setattr(view, "rebuild", counting)
    return calls


async def test_opening_a_store_builds_the_index_once(tmp_path: Path, rebuilds: list[int]) -> None:
    from store.db import Store
    from store.readmodel import index_path_for

    write_articles(tmp_path / "articles", ["alpha", "beta", "gamma"])
    db = tmp_path / "store.json"
    Store(db).ingest([tmp_path / "articles"])
    # Ingest keeps the index current; a store without one (written before there was an index,
    # or whose index was deleted) gets it built by the first open.
    for leftover in db.parent.glob(db.name + ".index.sqlite*"):
        leftover.unlink()
    app = NewsExploreApp(db, [])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=30)
        assert len(app.articles.rows) == 3
    assert rebuilds == [3]
    assert index_path_for(db).is_file()
    again = NewsExploreApp(db, [])
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot, again, timeout=30)
        assert len(again.articles.rows) == 3
        assert not any("Index built" in str(n.message) for n in again._notifications)
    assert rebuilds == [3]  # the second open read the index as it was


async def test_a_stale_index_is_rebuilt_with_progress_and_says_so(
    tmp_path: Path, rebuilds: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from store.db import Store
    from tui.status.status_bar import StatusBar

    write_articles(tmp_path / "articles", ["alpha", "beta"])
    db = tmp_path / "store.json"
    Store(db).ingest([tmp_path / "articles"])
    app = NewsExploreApp(db, [])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=30)
    write_articles(tmp_path / "more", ["delta"])
    Store(db).ingest([tmp_path / "more"])
    # The index is left behind the store, as by a kill between the store's commit point and
    # the index's transaction.
    import sqlite3

    from store.readmodel import index_path_for

    with contextlib.closing(sqlite3.connect(index_path_for(db))) as conn, conn:
        conn.execute("UPDATE meta SET value = 'behind' WHERE key = 'generation'")
    progress: list[tuple[int, int]] = []
    original = StatusBar.show_progress

    def seen(bar: StatusBar, done: int, total: int) -> None:
        progress.append((done, total))
        original(bar, done, total)

    monkeypatch.setattr(StatusBar, "show_progress", seen)
    app = NewsExploreApp(db, [])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app, timeout=30)
        assert len(app.articles.rows) == 3
        assert any("Index built: 3 articles" in str(n.message) for n in app._notifications)
        assert "3 articles" in str(app.query_one("#status-note").render())
    assert rebuilds == [3]  # only the index left behind was rebuilt
    assert progress and progress[-1] == (3, 3)


async def test_first_keystrokes_in_all_scope_answer_over_all_articles_without_load_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store.db import Store

    def refuse(self: Library) -> None:
        raise AssertionError("Library.load_all must not run in the app")

    monkeypatch.setattr(Library, "load_all", refuse)
    write_articles(tmp_path / "articles", ["alpha", "beta", "gamma", "delta"])
    db = tmp_path / "store.json"
    Store(db).ingest([tmp_path / "articles"])
    app = NewsExploreApp(db, [])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=30)
        await pilot.press("a", "3")
        await type_query(pilot, app, "plan")
        assert app.all_scope
        assert len(app.results.article_ids) == 4  # type: ignore[union-attr]
        quotes = [r.ref for r in app.quotes.rows if isinstance(r, QuoteRow)]
        assert {r.article_id for r in quotes} == {s.id for s in app.articles.rows}
        assert len(quotes) == 4 and all("plan" in r.quote.text for r in quotes)
        assert "4 articles" in status_text(app)
        assert tab_label(app, "quotes") == "Quotes 4"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"tony blair"', {"blair", "blair2"}),
        ('"blair lied"', {"blair"}),
        ("blair OR sony", {"blair", "blair2", "cjk"}),
        ("said -sony", {"blair", "blair2", "shi"}),
        ("said -speaker:shi", {"blair", "blair2", "cjk"}),
        ("(huawei OR sony) -zürich", {"shi"}),
        ("value>=1e9", {"blair"}),
        ("kind:money unit:EUR", {"cjk"}),
        ("£1bn..", None),  # an amount with no field reads as value and unit: none in pounds
        ("kind:money value:1m..5m", {"cjk"}),
        ("date:2005", {"blair", "blair2"}),
        ("date:2005-02-16", {"blair2"}),
        ("date:2024-01..2024-02", {"shi"}),
        ("date:>=2024-03", {"cjk"}),
        ("date:<2024", {"blair", "blair2"}),
    ],
)
async def test_the_query_language_answers_articles_and_counts(
    query: str, expected: set[str] | None
) -> None:
    app = make_app(blair_pair(), second_blair_article(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await type_query(pilot, app, query)
        assert not app.search_bar.query_one("#search-status").has_class("-error"), status_text(app)
        shown = {s.id for s in app.articles.rows}
        assert shown == (expected or set())
        n = len(shown)
        assert f"{n:,} article{'s' if n != 1 else ''}" in status_text(app)
        assert tab_label(app, "articles") == f"Articles {n}"


async def test_value_and_unit_queries_list_exactly_those_figures_in_all_scope() -> None:
    app = make_app(blair_pair(), second_blair_article(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("a", "4")
        await type_query(pilot, app, "value>=1e9")
        figures = [r.ref.figure.text for r in app.figures.rows if isinstance(r, FigureRow)]
        assert figures == ["45.3 billion yuan"]
        assert tab_label(app, "figures") == "Figures 1"
        await pilot.press(*["backspace"] * 10, *"kind:percent")
        await settle(pilot, app)
        figures = [r.ref.figure.text for r in app.figures.rows if isinstance(r, FigureRow)]
        assert figures == ["12%"]


async def test_an_unknown_field_or_bad_date_says_so_in_one_line() -> None:
    app = make_app(blair_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await type_query(pilot, app, "currency:zzz")
        status = app.search_bar.query_one("#search-status")
        assert status.has_class("-error") and "unknown unit 'zzz'" in status_text(app)
        await pilot.press(*["backspace"] * 12, *"date:2024-13")
        await settle(pilot, app)
        assert status.has_class("-error") and "no such date '2024-13'" in status_text(app)


def many_figures_pair(i: int, per_article: int) -> tuple[Article, Extraction]:
    words = [f"{n + 1}" for n in range(per_article)]
    text = "Counts: " + " ".join(words) + "."
    figures = []
    position = len("Counts: ")
    for word in words:
        figures.append(
            Figure(position, position + len(word), word, "count", float(word), None, "thing", text)
        )
        position += len(word) + 1
    article = Article(f"n{i:04}", f"many/{i:04}.txt", f"Counts {i}", "2020-01-01", "Wire", text)
    return article, Extraction(figures=figures)


async def test_counts_past_ten_thousand_show_capped_until_the_pane_is_built() -> None:
    pairs = [many_figures_pair(i, 120) for i in range(90)]  # 10,800 figures
    app = make_app(*pairs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=30)
        await pilot.press("a")
        await settle(pilot, app)
        await type_query(pilot, app, "kind:count")
        assert tab_label(app, "figures") == "Figures 10k+"  # counting stopped at the cap
        await pilot.press("down", "4")
        await settle(pilot, app)
        assert tab_label(app, "figures") == "Figures 10.8k"  # built: counted exactly
        rows = app.figures.rows
        assert len(rows) == 10_800
        # The list is paged from the index: its last row reads without the others.
        last = rows[len(rows) - 1]
        assert isinstance(last, FigureRow) and last.ref.figure.text == "120"
        assert last.ref.article_id == "n0089"


async def test_a_phrase_highlights_its_words_only() -> None:
    app = make_app(blair_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await type_query(pilot, app, '"the war"')
        assert app.article is not None and app.article.id == "blair"
        # "the" is written four times in the article; only the phrase lights up.
        assert app.article.text.lower().count("the ") >= 3
        assert styled_spans(app, "source--match-current") == ["the war"]
        assert app.source.marked("source--match") == [span(app.article.text, "the war")]
        assert "1/1 · 1 article" in status_text(app)


async def test_a_regex_spans_words_and_is_highlighted() -> None:
    app = make_app(blair_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", "ctrl+r", *r"tony\s+blair")
        await settle(pilot, app)
        assert [s.id for s in app.articles.rows] == ["blair"]
        assert styled_spans(app, "source--match-current") == ["Tony Blair"]


def election_pairs() -> list[tuple[Article, Extraction]]:
    """Both articles quote Blair and name the election; only the second's quote names it."""
    text_a = (
        'Tony Blair faces the election.\n\nTony Blair said: "It will be close."\n\n'
        "Polls open in May."
    )
    quote_a = span(text_a, "It will be close.")
    who = span(text_a, "Tony Blair", 1)
    a = Article("fox", "politics/fox.txt", "Fox on the vote", "2005-03-01", "BBC", text_a)
    xa = Extraction(quotes=[Quote(*quote_a, "It will be close.", "Tony Blair", None, *who)])
    text_b = 'Mr Blair spoke.\n\n"We will win the election," Tony Blair said.'
    quote_b = span(text_b, "We will win the election,")
    blair = span(text_b, "Tony Blair")
    b = Article("blairq", "politics/blairq.txt", "Blair on the vote", "2005-03-02", "BBC", text_b)
    xb = Extraction(
        quotes=[Quote(*quote_b, "We will win the election,", "Tony Blair", "PM", *blair)]
    )
    return [(a, xa), (b, xb)]


async def test_a_query_with_no_match_in_this_article_jumps_and_says_so() -> None:
    app = make_app(*election_pairs())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await open_article(pilot, app, "fox")
        await pilot.press("3")
        assert not app.all_scope
        await type_query(pilot, app, "speaker:blair election")
        await settle(pilot, app, "blairq")
        # Not "No match." beside a counter of articles: the quote's article is open.
        quotes = [r.ref.quote.text for r in app.quotes.rows if isinstance(r, QuoteRow)]
        assert quotes == ["We will win the election,"]
        notes = [str(n.message) for n in app._notifications]
        assert any("No quote in the article you were reading matches" in m for m in notes), notes
        assert any("Blair on the vote" in m and "press a" in m for m in notes), notes


async def test_an_empty_item_pane_points_to_the_matches_elsewhere() -> None:
    app = make_app(*election_pairs())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_article(pilot, app, "fox")
        await type_query(pilot, app, "speaker:blair election")
        assert {s.id for s in app.articles.rows} == {"fox", "blairq"}
        await pilot.press("down")  # out of the search box
        await open_article(pilot, app, "fox")  # it matches: it names the election
        await pilot.press("3")
        assert [r for r in app.quotes.rows if isinstance(r, QuoteRow)] == []
        message = app.quotes.empty_message
        assert "No match in this article; 1 in all articles: press a" in message
        await pilot.press("a")
        quotes = [r.ref.quote.text for r in app.quotes.rows if isinstance(r, QuoteRow)]
        assert quotes == ["We will win the election,"]


async def test_articles_show_before_the_tabs_are_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    """A search's articles reach the screen without waiting for the item panes' counts,
    which follow from a second worker (a slow count never holds the list back)."""
    import threading

    import store.readmodel.view as view

    release = threading.Event()
    original = view.ReadModel._count

    def slow_count(self: Any, pane: str, *args: Any, **kwargs: Any) -> Any:
        if pane == "quotes":
            release.wait(20)
        return original(self, pane, *args, **kwargs)

    monkeypatch.setattr(view.ReadModel, "_count", slow_count)
    app = make_app(blair_pair(), second_blair_article(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("a")  # all articles; the articles tab stays on screen
        await pilot.press("slash", *"blair")
        for _ in range(100):
            await pilot.pause(0.05)
            if len(app.articles.rows) == 2:
                break
        assert len(app.articles.rows) == 2  # shown while the quotes are still being counted
        assert "2 articles" in status_text(app)
        release.set()
        await settle(pilot, app)
        assert tab_label(app, "quotes") != "Quotes 0"
