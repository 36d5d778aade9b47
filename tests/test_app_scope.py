"""Scope: this article or all articles; from an entity or a speaker to every article and quote."""

from __future__ import annotations

from test_app_support import (
    SIZE,
    blair_pair,
    cjk_pair,
    make_app,
    open_article,
    settle,
    shi_pair,
    styled_spans,
)

from store.records import Article, Entity, Extraction, Quote
from tui.items.rows import EntityArticleRow, EntityRow, FigureRow, Heading, QuoteRow


def second_blair_article() -> tuple[Article, Extraction]:
    text = 'Mr Blair met Liam Fox.\n\nLater Tony Blair said: "No comment."'
    article = Article("blair2", "politics/008.txt", "Blair meets Fox", "2005-02-16", "BBC", text)
    mr = text.index("Mr Blair")
    tony = text.index("Tony Blair")
    fox = text.index("Liam Fox")
    words = text.index("No comment.")
    extraction = Extraction(
        entities=[
            Entity(mr, mr + 8, "Mr Blair", "PERSON", "Tony Blair"),
            Entity(fox, fox + 8, "Liam Fox", "PERSON", "Liam Fox"),
            Entity(tony, tony + 10, "Tony Blair", "PERSON", "Tony Blair"),
        ],
        quotes=[Quote(words, words + 11, "No comment.", "Tony Blair", None, tony, tony + 10)],
    )
    return article, extraction


async def test_a_switches_between_this_article_and_all_articles() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("3")
        here = {r.ref.article_id for r in app.quotes.rows if isinstance(r, QuoteRow)}
        assert here <= {app.article.id}
        scope = app.query_one("#status-scope")
        assert "this article" in str(scope.render())
        await pilot.press("a", "3")
        assert "all articles" in str(scope.render())
        everywhere = {r.ref.article_id for r in app.quotes.rows if isinstance(r, QuoteRow)}
        assert everywhere == {"blair", "cjk", "shi"}
        assert "Quotes 3" in str(app.query_one("#panes").get_tab("tab-quotes").label)
        await pilot.press("4")
        figures = {r.ref.article_id for r in app.figures.rows if isinstance(r, FigureRow)}
        assert figures == {"blair", "cjk", "shi"}
        await pilot.press("a")
        assert "this article" in str(scope.render())


async def test_in_all_scope_an_entity_lists_its_articles_and_opens_one_at_a_mention() -> None:
    app = make_app(blair_pair(), second_blair_article(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("a", "2")
        assert app.entities.select_key(("Tony Blair", "PERSON"))
        row = app.entities.current_row
        assert isinstance(row, EntityRow) and row.group.articles == 2 and row.group.mentions == 5
        await pilot.press("enter")  # expand: one row per article
        children = [r for r in app.entities.rows if isinstance(r, EntityArticleRow)]
        assert {c.article_id for c in children} == {"blair", "blair2"}
        # Walk down to the other article's row: it opens there, mentions highlighted.
        target = "blair2" if app.article.id != "blair2" else "blair"
        index = next(
            i
            for i, r in enumerate(app.entities.rows)
            if isinstance(r, EntityArticleRow) and r.article_id == target
        )
        app.entities.move_to(index)
        await settle(pilot, app, target)
        expected = (
            ["Mr Blair", "Tony Blair"]
            if target == "blair2"
            else ["Tony Blair", "Mr Blair", "Mr Blair"]
        )
        assert styled_spans(app, "source--entity") == expected
        assert styled_spans(app, "source--entity-selected") == expected[:1]
        await pilot.press("left")  # collapse, from a child row
        assert not any(isinstance(r, EntityArticleRow) for r in app.entities.rows)


async def test_in_all_scope_quotes_are_grouped_by_speaker_and_open_their_article() -> None:
    app = make_app(blair_pair(), second_blair_article(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "shi")
        await pilot.press("a", "3")
        headings = [r.label for r in app.quotes.rows if isinstance(r, Heading)]
        assert set(headings) == {"Liam Fox", "Tony Blair", "Jacqueline Shi"}
        index = next(
            i
            for i, r in enumerate(app.quotes.rows)
            if isinstance(r, QuoteRow) and r.ref.quote.speaker == "Tony Blair"
        )
        assert isinstance(app.quotes.rows[index - 1], Heading)
        app.quotes.move_to(index)
        await settle(pilot, app, "blair2")
        assert styled_spans(app, "source--quote") == ["No comment."]
        assert styled_spans(app, "source--speaker") == ["Tony Blair"]


async def test_entity_counts_articles_across_the_store() -> None:
    app = make_app(blair_pair(), second_blair_article())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "blair2")
        await pilot.press("2")
        groups = {r.group.canonical: r.group for r in app.entities.rows if isinstance(r, EntityRow)}
        assert groups["Tony Blair"].mentions == 2  # in this article
        assert groups["Tony Blair"].articles == 2  # across the store


async def test_in_all_scope_switching_pane_keeps_the_article_read() -> None:
    app = make_app(blair_pair(), second_blair_article(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_article(pilot, app, "shi")
        await pilot.press("a")
        for pane in ("3", "4", "2", "3", "1", "4"):
            await pilot.press(pane)
            await settle(pilot, app, "shi")
            assert app.article.id == "shi", pane
        # Only moving to a row opens its article.
        await pilot.press("3")
        index = next(
            i
            for i, r in enumerate(app.quotes.rows)
            if isinstance(r, QuoteRow) and r.ref.article_id == "blair"
        )
        app.quotes.move_to(index)
        await settle(pilot, app, "blair")
        await open_article(pilot, app, "shi")
        await pilot.press("3")  # the quote row is still on Blair's article: not reopened
        await settle(pilot, app, "shi")
        assert app.article.id == "shi"
