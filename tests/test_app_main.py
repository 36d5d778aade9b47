"""The explorer's main screen: article list, source text, panes, highlights, sorting, state."""

from __future__ import annotations

from pathlib import Path

from test_app_support import (
    SIZE,
    blair_pair,
    cjk_pair,
    hostile_pair,
    make_app,
    open_article,
    settle,
    shi_pair,
    styled_spans,
)

from tui.app import NewsExploreApp
from tui.items.rows import EntityRow, FigureRow, QuoteRow


async def test_opens_on_the_seed_article_with_an_empty_store(tmp_path: Path) -> None:
    app = NewsExploreApp(tmp_path / "store.json", [])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=30)
        assert app.article is not None
        assert "Huawei" in app.article.text
        shown = "".join(p.text.plain for p in app.source.paragraphs)
        assert "Jacqueline Shi" in shown
        assert len(app.articles.rows) == 1
        tab_label = str(app.query_one("#panes").get_tab("tab-articles").label)
        assert tab_label == "Articles 1"


async def test_source_shows_title_date_and_every_paragraph() -> None:
    app = make_app(blair_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "blair")
        header = app.source.query_one("#source-header").render()
        assert "Fox attacks Blair's Tory 'lies'" in str(header)
        assert "2005-02-15" in str(header)
        assert [p.text.plain for p in app.source.paragraphs] == app.article.text.split("\n\n")


async def test_a_title_the_text_begins_with_is_not_shown_twice() -> None:
    from dataclasses import replace

    article, extraction = blair_pair()
    headline = replace(article, title="Tony Blair lied about the war, say the Tories.")
    app = make_app((headline, extraction), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_article(pilot, app, "blair")
        header = str(app.source.query_one("#source-header").render())
        assert "Tony Blair lied" not in header  # the body's first line shows it
        assert "2005-02-15" in header and "BBC" in header and "politics/007.txt" in header
        assert app.source.paragraphs[0].text.plain.startswith("Tony Blair lied")
        await open_article(pilot, app, "shi")  # a title the text does not begin with stays
        assert "Huawei Cloud expands overseas push" in str(
            app.source.query_one("#source-header").render()
        )


async def test_selecting_an_entity_highlights_every_mention_including_aliases() -> None:
    app = make_app(blair_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "blair")
        await pilot.press("2")
        assert app.entities.select_key(("Tony Blair", "PERSON"))
        await pilot.pause()
        assert styled_spans(app, "source--entity") == ["Tony Blair", "Mr Blair", "Mr Blair"]
        assert styled_spans(app, "source--entity-selected") == ["Tony Blair"]
        # Enter (or n) moves the stronger highlight to the next mention.
        await pilot.press("enter")
        assert styled_spans(app, "source--entity-selected") == ["Mr Blair"]
        assert app.source.marked("source--entity-selected")[0][0] == app.article.text.index(
            "Mr Blair"
        )


async def test_a_pane_focused_first_time_selects_its_first_row() -> None:
    app = make_app(blair_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "blair")
        await pilot.press("3")
        assert app.focused is app.quotes
        assert isinstance(app.quotes.current_row, QuoteRow)
        assert styled_spans(app, "source--quote") == [
            "If you are willing to lie, you lie about anything."
        ]
        assert styled_spans(app, "source--speaker") == ["Dr Fox"]
        await pilot.press("2")
        assert app.focused is app.entities
        first = app.entities.current_row
        assert isinstance(first, EntityRow)
        assert styled_spans(app, "source--entity-selected")


async def test_selecting_a_figure_highlights_it_and_its_counted_noun() -> None:
    app = make_app(blair_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "blair")
        await pilot.press("4")
        row = app.figures.current_row
        assert isinstance(row, FigureRow) and row.ref.figure.text == "45.3 billion yuan"
        assert styled_spans(app, "source--figure") == ["45.3 billion yuan"]
        await pilot.press("down")
        assert styled_spans(app, "source--figure") == ["12"]
        assert styled_spans(app, "source--noun") == ["schools"]


async def test_highlights_use_character_offsets_with_accents_cjk_and_emoji() -> None:
    app = make_app(cjk_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "cjk")
        await pilot.press("2")
        assert app.entities.select_key(("Café Zoë", "ORG"))
        await pilot.pause()
        assert styled_spans(app, "source--entity") == ["Café Zoë", "Café Zoë"]
        assert app.entities.select_key(("Sony", "ORG"))
        await pilot.pause()
        assert styled_spans(app, "source--entity") == ["Sony"]
        await pilot.press("3")
        assert styled_spans(app, "source--quote") == ["这是一个测试"]
        assert styled_spans(app, "source--speaker") == ["Sony"]
        await pilot.press("4", "down")
        assert styled_spans(app, "source--figure") == ["€3.5m"]


async def test_selection_scrolls_the_span_into_view_centred() -> None:
    text_pairs = [blair_pair()]
    article, extraction = text_pairs[0]
    filler = "\n\n".join(
        f"Filler paragraph number {i} about nothing in particular." for i in range(60)
    )
    article.text = filler + "\n\n" + article.text + "\n\n" + filler
    shift = len(filler) + 2
    for item in (*extraction.entities, *extraction.quotes, *extraction.figures):
        item.start += shift
        item.end += shift
    for quote in extraction.quotes:
        quote.speaker_start = (quote.speaker_start or 0) + shift
        quote.speaker_end = (quote.speaker_end or 0) + shift
    app = make_app((article, extraction))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "blair")
        assert app.source.scroll_y == 0
        await pilot.press("3")
        await pilot.pause(0.1)
        source = app.source
        paragraph = next(p for p in source.paragraphs if "willing to lie" in p.plain)
        top = paragraph.virtual_region.y - source.scroll_y
        middle = source.scrollable_content_region.height // 2
        assert source.scroll_y > 0
        assert abs(top - middle) <= paragraph.outer_size.height + 1


async def test_articles_sort_by_date_and_title() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        dates = [s.date for s in app.articles.rows]
        assert dates == sorted(dates, reverse=True)
        await pilot.press("1", "t")
        titles = [s.title.casefold() for s in app.articles.rows]
        assert titles == sorted(titles)
        await pilot.press("t")
        assert [s.title.casefold() for s in app.articles.rows] == sorted(titles, reverse=True)
        await pilot.press("d")
        assert [s.date for s in app.articles.rows] == sorted(dates, reverse=True)


async def test_date_sort_puts_undated_articles_last_both_ways() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair(), hostile_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert [s.id for s in app.articles.rows][-1] == "hostile"  # newest first, undated last
        await pilot.press("1", "d")  # oldest first: still undated last
        assert [s.id for s in app.articles.rows] == ["blair", "shi", "cjk", "hostile"]


async def test_article_columns_give_unused_width_to_the_title() -> None:
    from dataclasses import replace

    from tui.articles.article_list import COUNTS_TOOLTIP

    def undated(pair):  # type: ignore[no-untyped-def]
        article, extraction = pair
        return replace(article, date=None, source=None), extraction

    app = make_app(undated(blair_pair()), undated(shi_pair()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        header = app.query_one("#articles-header")
        heading = str(header.render())
        assert "Date" not in heading and "Source" not in heading and "Ment" in heading
        assert header.tooltip == COUNTS_TOOLTIP and "mentions" in COUNTS_TOOLTIP
        width = app.articles.size.width
        row = app.articles.render_row(app.articles.rows[0], width).plain
        assert "Fox attacks Blair's Tory 'lies'" in row  # the whole title, not cut at ~26

    def no_date(pair):  # type: ignore[no-untyped-def]
        article, extraction = pair
        return replace(article, date=None), extraction

    app = make_app(no_date(blair_pair()), no_date(shi_pair()))
    async with app.run_test(size=SIZE) as pilot:  # sources but no dates: Source shown
        await settle(pilot, app)
        heading = str(app.query_one("#articles-header").render())
        assert "Date" not in heading and "Source" in heading
        rows = [
            app.articles.render_row(r, app.articles.size.width).plain for r in app.articles.rows
        ]
        assert any("BBC" in r for r in rows)

    app = make_app(blair_pair(), shi_pair())
    async with app.run_test(size=(160, 36)) as pilot:  # both, when the title keeps its room
        await settle(pilot, app)
        heading = str(app.query_one("#articles-header").render())
        assert "Date" in heading and "Source" in heading
        rows = [
            app.articles.render_row(r, app.articles.size.width).plain for r in app.articles.rows
        ]
        assert any("BBC" in r and "2005-02-15" in r for r in rows)


async def test_moving_in_the_article_list_opens_the_article() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        first = app.article.id
        await pilot.press("1", "down")
        await settle(pilot, app, app.articles.current_id)
        assert app.article.id != first
        assert app.article.id == app.articles.current_id


async def test_reopens_on_the_last_article_and_pane(tmp_path: Path) -> None:
    from store.db import Store

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Title: Alpha story\nDate: 2024-01-01\n\nAlpha text here.\n")
    (folder / "b.txt").write_text("Title: Beta story\nDate: 2024-02-01\n\nBeta text here.\n")
    db = tmp_path / "store.json"
    Store(db).ingest([folder])
    app = NewsExploreApp(db, [])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=30)
        assert app.article.title == "Beta story"  # newest first
        await open_article(
            pilot, app, next(s.id for s in app.articles.rows if s.title == "Alpha story")
        )
        await pilot.press("3")
        await settle(pilot, app)
    again = NewsExploreApp(db, [])
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot, again, timeout=30)
        await pilot.pause(0.2)
        assert again.article.title == "Alpha story"
        assert again.active_pane == "quotes"


async def test_ingests_paths_given_on_the_command_line_with_progress(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.txt").write_text(f"Title: Story {i}\nDate: 2024-01-0{i + 1}\n\nText {i}.\n")
    app = NewsExploreApp(tmp_path / "store.json", [folder])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=30)
        assert len(app.articles.rows) == 5
        assert app.article.title == "Story 4"
        assert any("Ingested" in str(n.message) for n in app._notifications)


async def test_the_mouse_selects_tabs_and_rows() -> None:
    app = make_app(blair_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "blair")
        await pilot.click("#panes Tab#--content-tab-tab-figures")
        await pilot.pause()
        assert app.active_pane == "figures"
        await pilot.click("#figures", offset=(3, 2))  # second figure: rows are two lines tall
        await pilot.pause()
        assert styled_spans(app, "source--figure") == ["12"]
        await pilot.click("#panes Tab#--content-tab-tab-quotes")
        await pilot.pause()
        assert styled_spans(app, "source--quote") == [
            "If you are willing to lie, you lie about anything."
        ]


async def test_ingesting_a_folder_big_enough_for_worker_processes(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(80):  # past the store's threshold for reading in worker processes
        (folder / f"{i:03}.txt").write_text(
            f"Title: Story {i:03}\nDate: 2024-02-{1 + i % 28:02}\n\n"
            f'Mr Blair said: "Number {i} matters." Labour gained {i}% in Leeds.\n'
        )
    app = NewsExploreApp(tmp_path / "store.json", [folder])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, timeout=120)
        assert len(app.articles.rows) == 80
        assert not [n for n in app._notifications if n.severity == "error"]


async def test_figure_noun_and_match_colours_differ_in_truecolor_and_256_colours() -> None:
    from rich.color import ColorSystem

    app = make_app(blair_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause(0.1)
            styles = app.source.styles_by_class()
            colours = [
                styles[name].bgcolor for name in ("source--figure", "source--noun", "source--match")
            ]
            assert all(c is not None for c in colours)
            truecolor = {c.get_truecolor() for c in colours if c is not None}
            eight_bit = {c.downgrade(ColorSystem.EIGHT_BIT).number for c in colours if c}
            assert len(truecolor) == 3, (theme, truecolor)
            assert len(eight_bit) == 3, (theme, eight_bit)


async def test_the_legend_fits_at_120_columns_and_help_stays_in_a_narrow_footer() -> None:
    from textual.widgets._footer import FooterKey

    from tui.source.legend import Legend

    app = make_app(blair_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        legend = app.query_one("#legend", Legend)
        shown = legend.render()
        assert "current" in str(shown) and "match" in str(shown)
        assert len(str(shown)) <= legend.content_region.width

    app = make_app(blair_pair())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        keys = [k for k in app.screen.query(FooterKey) if k.key == "question_mark"]
        assert keys and keys[0].region.width > 0 and keys[0].region.right <= 80
