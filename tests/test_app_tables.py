"""Issue 9 §2-3 in the app: corpus tables (5 6 7), profiles (i), and `e` exporting the view.

Each test answers one of the issue's questions in a few keystrokes on a small hand-made
store: who is quoted most, every figure over £1bn, a speaker's quotes in their articles,
what is said about an entity and when, and the view written to a file as it is shown.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from test_app_support import BBC, SIZE, entity, settle, span, styled_spans

from store.library import Library
from store.records import Article, Extraction, Figure, Quote
from tui.app import NewsExploreApp
from tui.tables.data import row_values
from tui.tables.export import reserve_path
from tui.tables.screens import ProfileScreen, SpeakerQuotesScreen, TableScreen
from tui.tables.table_view import layout

EVIL_TITLE = '=HYPERLINK("http://evil.example","click")'


def _quote(text: str, words: str, speaker: str, who: str) -> Quote:
    start, end = span(text, words)
    s_start, s_end = span(text, who)
    return Quote(start, end, words, speaker, None, s_start, s_end)


def _figure(text: str, words: str, kind: str, value: float, unit: str | None) -> Figure:
    start, end = span(text, words)
    return Figure(start, end, words, kind, value, unit, None, words)


def corpus() -> list[tuple[Article, Extraction]]:
    """Four dated articles: Brown quoted 3 times in one, Blair twice in two, Howard once
    (about Blair); money in pounds and dollars around £1bn; a title that is a formula."""
    pairs = []
    t1 = (
        'Gordon Brown said: "We will spend £2bn on schools." He added: "Taxes will not rise." '
        'Mr Brown also said: "The economy is strong."'
    )
    pairs.append(
        (
            Article("a1", "politics/001.txt", "Brown sets out plan", "2005-01-10", "BBC", t1),
            Extraction(
                entities=[
                    entity(t1, "Gordon Brown", "PERSON", "Gordon Brown"),
                    entity(t1, "Mr Brown", "PERSON", "Gordon Brown"),
                ],
                quotes=[
                    _quote(t1, "We will spend £2bn on schools.", "Gordon Brown", "Gordon Brown"),
                    _quote(t1, "Taxes will not rise.", "Gordon Brown", "Gordon Brown"),
                    _quote(t1, "The economy is strong.", "Gordon Brown", "Mr Brown"),
                ],
                figures=[_figure(t1, "£2bn", "money", 2e9, "GBP")],
            ),
        )
    )
    t2 = 'Tony Blair said: "Our record is good." Critics said the $3bn deal failed.'
    pairs.append(
        (
            Article("a2", "politics/002.txt", "Blair defends record", "2005-02-14", "BBC", t2),
            Extraction(
                entities=[entity(t2, "Tony Blair", "PERSON", "Tony Blair")],
                quotes=[_quote(t2, "Our record is good.", "Tony Blair", "Tony Blair")],
                figures=[_figure(t2, "$3bn", "money", 3e9, "USD")],
            ),
        )
    )
    t3 = 'Michael Howard said: "Mr Blair cannot be trusted." The Tories promised £500m for police.'
    pairs.append(
        (
            Article("a3", "politics/003.txt", "Howard attacks Blair", "2005-03-20", "BBC", t3),
            Extraction(
                entities=[
                    entity(t3, "Michael Howard", "PERSON", "Michael Howard"),
                    entity(t3, "Mr Blair", "PERSON", "Tony Blair"),
                ],
                quotes=[
                    _quote(t3, "Mr Blair cannot be trusted.", "Michael Howard", "Michael Howard")
                ],
                figures=[_figure(t3, "£500m", "money", 5e8, "GBP")],
            ),
        )
    )
    t4 = 'Tony Blair said: "We will invest £1.5bn in rail." Growth was 12% last year.'
    pairs.append(
        (
            Article("a4", "business/004.txt", EVIL_TITLE, "2005-04-02", "Wire", t4),
            Extraction(
                entities=[entity(t4, "Tony Blair", "PERSON", "Tony Blair")],
                quotes=[_quote(t4, "We will invest £1.5bn in rail.", "Tony Blair", "Tony Blair")],
                figures=[
                    _figure(t4, "£1.5bn", "money", 1.5e9, "GBP"),
                    _figure(t4, "12%", "percent", 12.0, "%"),
                ],
            ),
        )
    )
    for _, extraction in pairs:
        extraction.entities.sort(key=lambda e: e.start)
    return pairs


def make() -> NewsExploreApp:
    return NewsExploreApp(library=Library.from_pairs(corpus()))


async def wait_table(pilot: Any, app: NewsExploreApp) -> TableScreen:
    """The table screen on top, its rows loaded."""
    for _ in range(200):
        await pilot.pause(0.02)
        screen = app.screen
        if isinstance(screen, TableScreen) and not any(w.is_running for w in screen.workers):
            status = str(screen.query_one("#table-status").render())
            if status:
                return screen
    raise AssertionError(f"no table on screen: {app.screen!r}")


def shown(screen: TableScreen) -> list[dict[str, Any]]:
    return [row_values(screen.spec.name, r) for r in screen.table.rows]


async def test_5_lists_speakers_most_quoted_first_sortable_by_key_and_header() -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("5")
        screen = await wait_table(pilot, app)
        rows = shown(screen)
        assert [(r["name"], r["quotes"], r["articles"]) for r in rows] == [
            ("Gordon Brown", 3, 1),
            ("Tony Blair", 2, 2),
            ("Michael Howard", 1, 1),
        ]
        assert rows[1]["sources"] == ["BBC", "Wire"]
        assert (rows[1]["first_date"], rows[1]["last_date"]) == ("2005-02-14", "2005-04-02")
        await pilot.press("s")  # the next column: articles, most first
        screen = await wait_table(pilot, app)
        assert screen.sort == "articles"
        assert shown(screen)[0]["name"] == "Tony Blair"
        await pilot.press("S")  # reversed: fewest articles first
        screen = await wait_table(pilot, app)
        assert shown(screen)[-1]["name"] == "Tony Blair"
        header = screen.query_one("#table-header")
        x = next(
            cx for c, cx, _w in layout(screen.spec.columns, header.size.width) if c.key == "quotes"
        )
        await pilot.click("#table-header", offset=(x + 1, 0))
        screen = await wait_table(pilot, app)
        assert (screen.sort, screen.descending) == ("quotes", True)
        assert [r["name"] for r in shown(screen)] == [
            "Gordon Brown",
            "Tony Blair",
            "Michael Howard",
        ]
        assert "Quotes ▼" in str(header.render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]


async def test_the_speakers_table_is_filtered_by_the_query() -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"trusted", "down")
        await settle(pilot, app)
        await pilot.press("5")
        screen = await wait_table(pilot, app)
        assert [(r["name"], r["quotes"]) for r in shown(screen)] == [("Michael Howard", 1)]


async def test_every_figure_over_a_billion_pounds_sorted_by_value() -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"kind:money unit:GBP value>=1e9", "down")
        await settle(pilot, app)
        await pilot.press("7")
        screen = await wait_table(pilot, app)
        rows = shown(screen)
        assert [(r["value"], r["unit"], r["article_id"]) for r in rows] == [
            (2e9, "GBP", "a1"),
            (1.5e9, "GBP", "a4"),
        ]
        assert "2 figures" in str(screen.query_one("#table-status").render())
        await pilot.press("S")  # smallest first
        screen = await wait_table(pilot, app)
        assert [r["value"] for r in shown(screen)] == [1.5e9, 2e9]


async def test_a_speakers_quotes_open_their_article_with_the_quote_highlighted() -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("5")
        await wait_table(pilot, app)
        await pilot.press("enter")  # Gordon Brown, the top row
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SpeakerQuotesScreen)
        assert screen.quotes.item_count == 3
        await pilot.press("down", "enter")  # his second quote
        await settle(pilot, app, "a1")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        assert app.active_pane == "quotes"
        assert styled_spans(app, "source--quote") == ["Taxes will not rise."]


async def test_a_profile_shows_the_quotes_about_an_entity_and_a_timeline() -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("6")
        screen = await wait_table(pilot, app)
        names = [r["name"] for r in shown(screen)]
        screen.table.move_to(names.index("Tony Blair"))
        await pilot.press("i")
        profile = app.screen
        assert isinstance(profile, ProfileScreen)
        for _ in range(100):
            await pilot.pause(0.02)
            if profile.profile is not None:
                break
        about = profile.query_one("#profile-about")
        quotes = [r.ref.quote.text for r in about.rows if hasattr(r, "ref")]
        assert quotes == ["Mr Blair cannot be trusted."]  # Howard about Blair, not Blair's own
        own = profile.query_one("#profile-own")
        assert sorted(r.ref.quote.text for r in own.rows if hasattr(r, "ref")) == [
            "Our record is good.",
            "We will invest £1.5bn in rail.",
        ]
        figures = profile.query_one("#profile-figures")
        # Only the figure said in a sentence naming him, not the $3bn of another sentence.
        assert [r.ref.figure.text for r in figures.rows if hasattr(r, "ref")] == ["£1.5bn"]
        summary = str(profile.query_one("#profile-summary").render())
        assert "Michael Howard (1)" in summary
        unit, periods, mentions, quotes_per = profile.timeline  # type: ignore[misc]
        assert unit == "week"  # February to April: weeks
        assert sum(mentions) == 3 and sum(quotes_per) == 2
        assert periods[0] == "2005-02-14" and periods[-1] == "2005-03-28"
        spark = profile.query_one("#timeline-mentions")
        assert len(spark.data) == len(periods) and max(spark.data) == 1  # type: ignore[attr-defined]
        assert "Per week, 2005-02-14 to 2005-03-28" in str(
            profile.query_one("#timeline-label").render()
        )
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)


async def test_e_writes_a_csv_whose_rows_are_the_table_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("5")
        screen = await wait_table(pilot, app)
        expected = shown(screen)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("c")
        await settle(pilot, app)
        files = list(tmp_path.glob("newsexplore-speakers-*.csv"))
        assert len(files) == 1
        with files[0].open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert [(r["name"], int(r["quotes"]), int(r["articles"])) for r in rows] == [
            (r["name"], r["quotes"], r["articles"]) for r in expected
        ]
        assert rows[1]["sources"] == "BBC; Wire"
        assert any(files[0].name in str(n.message) for n in app._notifications)


async def test_e_on_the_articles_pane_neutralises_a_formula_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("1", "e", "c")
        await settle(pilot, app)
        (path,) = tmp_path.glob("newsexplore-articles-*.csv")
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert [r["article_id"] for r in rows] == [s.id for s in app.articles.rows]
        evil = next(r for r in rows if r["article_id"] == "a4")
        assert evil["title"] == "'" + EVIL_TITLE
        assert (evil["source"], evil["date"], evil["path"]) == (
            "Wire",
            "2005-04-02",
            "business/004.txt",
        )


async def test_e_on_the_quotes_pane_writes_json_with_each_quotes_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("3", "a")  # every article's quotes
        await settle(pilot, app)
        await pilot.press("e", "j")
        await settle(pilot, app)
        (path,) = tmp_path.glob("newsexplore-quotes-*.json")
        rows = json.loads(path.read_text(encoding="utf-8"))
        assert len(rows) == 6
        assert rows[0]["speaker"] == "Gordon Brown" and rows[0]["title"] == "Brown sets out plan"
        assert {r["text"] for r in rows} >= {"Mr Blair cannot be trusted."}


def test_an_export_never_overwrites_a_file(tmp_path: Path) -> None:
    (tmp_path / "newsexplore-speakers-x.csv").write_text("mine")
    first = reserve_path(tmp_path, "newsexplore-speakers-x", "csv")
    second = reserve_path(tmp_path, "newsexplore-speakers-x", "csv")
    assert (first.name, second.name) == (
        "newsexplore-speakers-x-2.csv",
        "newsexplore-speakers-x-3.csv",
    )
    assert (tmp_path / "newsexplore-speakers-x.csv").read_text() == "mine"


@pytest.mark.skipif(not BBC.is_dir(), reason="BBC corpus not available")
async def test_speakers_table_counts_equal_a_count_over_the_store(tmp_path: Path) -> None:
    from collections import Counter

    from store.db import Store

    folder = tmp_path / "bbc"
    for part in ("politics", "business"):
        (folder / part).mkdir(parents=True)
        for path in sorted((BBC / part).glob("*.txt"))[:100]:
            shutil.copy(path, folder / part / path.name)
    db = tmp_path / "store.json"
    store = Store(db)
    store.ingest([folder])
    quotes: Counter[str] = Counter()
    articles: dict[str, set[str]] = {}
    for article, extraction in store.iter_all():
        for quote in extraction.quotes:
            if quote.speaker:
                quotes[quote.speaker] += 1
                articles.setdefault(quote.speaker, set()).add(article.id)
    assert len(quotes) > 20
    app = NewsExploreApp(db, [])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=120)
        await pilot.press("5")
        screen = await wait_table(pilot, app)
        rows = shown(screen)
        assert {r["name"]: r["quotes"] for r in rows} == dict(quotes)
        assert {r["name"]: r["articles"] for r in rows} == {
            s: len(ids) for s, ids in articles.items()
        }
        counts = [r["quotes"] for r in rows]
        assert counts == sorted(counts, reverse=True)
