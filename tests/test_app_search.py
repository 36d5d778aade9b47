"""Searching: live filtering of every pane, highlighted matches, n/N stepping, regex, Esc."""

from __future__ import annotations

import time

from test_app_support import SIZE, blair_pair, cjk_pair, make_app, settle, shi_pair, styled_spans
from textual import events

from tui.items.rows import EntityRow, QuoteRow
from tui.search.search_bar import MAX_QUERY


async def type_query(pilot, app, query: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("slash")
    await pilot.press(*query)
    await settle(pilot, app)


async def test_search_shi_finds_her_quote_and_highlights_matches() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await type_query(pilot, app, "shi")
        assert app.focused is app.search_input
        assert [s.id for s in app.articles.rows] == ["shi"]
        assert app.article.id == "shi"
        quotes = [r for r in app.quotes.rows if isinstance(r, QuoteRow)]
        assert [q.ref.quote.speaker for q in quotes] == ["Jacqueline Shi"]
        assert styled_spans(app, "source--match-current") == ["Shi"]
        status = str(app.search_bar.query_one("#search-status").render())
        assert "1/1" in status
        # Selecting the quote highlights it and its speaker.
        await pilot.press("escape")
        await pilot.press("3")
        assert styled_spans(app, "source--quote") == ["At Huawei Cloud, AI is a key strategy,"]
        assert styled_spans(app, "source--speaker") == ["Jacqueline Shi"]


async def test_every_pane_filters_to_the_matches() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "cjk")
        await type_query(pilot, app, "blair")
        assert [s.id for s in app.articles.rows] == ["blair"]
        assert app.article.id == "blair"
        names = [r.group.canonical for r in app.entities.rows if isinstance(r, EntityRow)]
        assert names == ["Tony Blair"]
        assert "Entities 1" in str(app.query_one("#panes").get_tab("tab-entities").label)
        assert styled_spans(app, "source--match") == ["Blair", "Blair", "Blair"]


async def test_n_and_shift_n_step_through_matches_with_a_counter() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await type_query(pilot, app, "blair")
        status = app.search_bar.query_one("#search-status")
        spans = app.results.spans("blair")
        assert len(spans) == 3
        assert "1/3" in str(status.render())
        await pilot.press("enter")  # in the box: next
        assert "2/3" in str(status.render())
        assert app.source.marked("source--match-current") == [spans[1]]
        await pilot.press("escape")  # leaves the box (and clears)
        assert app.focused is not app.search_input
        assert app.results is None
        await type_query(pilot, app, "blair")
        await pilot.press("tab")
        await pilot.press("n", "n")
        assert "3/3" in str(status.render())
        await pilot.press("N")
        assert "2/3" in str(status.render())
        assert app.source.marked("source--match-current") == [spans[1]]


async def test_n_past_the_last_match_goes_to_the_next_matching_article() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await type_query(pilot, app, "said")
        order = [s.id for s in app.articles.rows]
        assert sorted(order) == ["blair", "cjk", "shi"]
        assert app.article.id == order[0]
        assert styled_spans(app, "source--match-current") == ["said"]
        await pilot.press("down")  # out of the box, to the list
        assert app.focused is not app.search_input
        await pilot.press("n")
        await settle(pilot, app, order[1])
        assert styled_spans(app, "source--match-current") == ["said"]
        assert app.articles.current_id == order[1]
        await pilot.press("N")
        await settle(pilot, app, order[0])
        await pilot.press("N")  # before the first: wraps to the last article
        await settle(pilot, app, order[2])


async def test_escape_clears_the_search_and_restores_the_panes() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        before = [s.id for s in app.articles.rows]
        await type_query(pilot, app, "blair")
        assert len(app.articles.rows) == 1
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.search_input.value == ""
        assert [s.id for s in app.articles.rows] == before
        assert app.source.marked("source--match") == []
        assert app.focused is not app.search_input


async def test_regex_toggle_and_a_clear_message_for_a_bad_pattern() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", "ctrl+r")
        assert app.regex
        await pilot.press(*"bl(a")
        await settle(pilot, app)
        status = app.search_bar.query_one("#search-status")
        assert status.has_class("-error")
        assert "regex" in str(status.render())
        assert str(status.render()).strip() != "regex"  # there is a message
        await pilot.press(*["backspace"] * 4, *"blai|schools")
        await settle(pilot, app)
        assert not status.has_class("-error")
        assert styled_spans(app, "source--match") == ["Blai", "Blai", "schools", "Blai"]


async def test_field_prefix_speaker() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await type_query(pilot, app, "speaker:fox")
        quotes = [r.ref.quote.speaker for r in app.quotes.rows if isinstance(r, QuoteRow)]
        assert quotes == ["Liam Fox"]
        assert app.article.id == "blair"


async def test_stale_results_are_discarded_while_typing() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"blair")
        await pilot.press(*["backspace"] * 5, *"sony")
        await settle(pilot, app)
        assert [s.id for s in app.articles.rows] == ["cjk"]
        assert app.results is not None and app.results.query.text == "sony"


async def test_a_100k_character_paste_does_not_hang() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        started = time.perf_counter()
        app.search_input.post_message(events.Paste("blair " * 20_000))
        await settle(pilot, app, timeout=10)
        await pilot.press("x")
        await settle(pilot, app, timeout=10)
        assert time.perf_counter() - started < 10
        assert len(app.search_input.value) == MAX_QUERY
        assert app.results is not None  # the cut query was searched
        assert any("cut to" in str(n.message) for n in app._notifications)


async def test_typing_n_and_q_in_the_box_types_them() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", "q", "n", "a", "1")
        assert app.search_input.value == "qna1"
        assert app.is_running


async def test_keys_typed_in_one_burst_after_slash_land_in_the_box() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        # A fast typist (or tmux send-keys): all keys queued before any is handled.
        for character, key in [("/", "slash"), ("b", "b"), ("l", "l"), ("a", "a"), ("/", "slash")]:
            app.post_message(events.Key(key, character))
        await settle(pilot, app)
        assert app.search_input.value == "bla/"
        assert not app.all_scope  # "a" was typed, not taken as the scope key


async def test_down_or_escape_then_keys_in_one_burst_act_outside_the_box() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await type_query(pilot, app, "shi")
        for character, key in [(None, "down"), ("3", "3"), ("c", "c")]:
            app.post_message(events.Key(key, character))
        await settle(pilot, app)
        assert app.search_input.value == "shi"
        assert app.active_pane == "quotes"
        assert app.clipboard.startswith("“At Huawei Cloud")
        await pilot.press("slash")
        for character, key in [(None, "escape"), ("a", "a")]:
            app.post_message(events.Key(key, character))
        await settle(pilot, app)
        assert app.search_input.value == ""
        assert app.all_scope


async def test_unknown_field_or_type_is_explained_in_the_status() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await type_query(pilot, app, "foo:bar")
        status = app.search_bar.query_one("#search-status")
        assert status.has_class("-error")
        assert "unknown field 'foo:'" in str(status.render())
        await pilot.press(*["backspace"] * 7, *"type:zz")
        await settle(pilot, app)
        assert status.has_class("-error")
        assert "unknown entity type 'zz'" in str(status.render())
        await pilot.press("backspace", "backspace", *"people")
        await settle(pilot, app)
        assert not status.has_class("-error")
        assert app.results is not None
        assert {g.canonical for g in app.results.entities} == {
            "Tony Blair",
            "Liam Fox",
            "Jacqueline Shi",
            "Zoë",
        }


async def test_counter_shows_this_article_and_the_matching_articles_and_they_agree() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await type_query(pilot, app, "blair")
        status = app.search_bar.query_one("#search-status")
        assert "1/3 · 1 article" in str(status.render())
        # No article has both words, though Blair's text has "Tony": nothing lights up,
        # and the counter says so, like the empty article list.
        await pilot.press(*["backspace"] * 5, *"tony zürich")
        await settle(pilot, app)
        assert app.results is not None and app.results.article_ids == []
        assert app.source.marked("source--match") == []
        assert "0/0 · 0 articles" in str(status.render())


async def test_a_space_between_words_keeps_the_results_but_not_in_regex_mode() -> None:
    app = make_app(blair_pair(), cjk_pair(), shi_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await type_query(pilot, app, "blair")
        before = app.results
        await pilot.press("space")
        await settle(pilot, app)
        assert app.results is before  # nothing to search again: the same words
        await pilot.press("ctrl+r")
        await settle(pilot, app)
        in_regex = app.results
        assert in_regex is not None and in_regex.query.regex is not None
        await pilot.press("space")
        await settle(pilot, app)
        assert app.results is not in_regex  # in a pattern a space counts: searched again
