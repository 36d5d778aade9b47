"""The highlight rules, without the app: which spans light up for an entity, quote, figure, search."""

from __future__ import annotations

from test_app_support import BLAIR_TEXT, blair_pair, span

from tui.source.marks import entity_marks, figure_marks, match_marks, quote_marks


def test_entity_marks_every_mention_and_the_selected_one_wrapping() -> None:
    _, extraction = blair_pair()
    mentions = [e for e in extraction.entities if e.canonical == "Tony Blair"]
    marks, focus = entity_marks(mentions, 4)  # 4 % 3 mentions: the second
    texts = [BLAIR_TEXT[s:e] for s, e, kind in marks if kind == "source--entity"]
    assert texts == ["Tony Blair", "Mr Blair", "Mr Blair"]
    assert focus == (mentions[1].start, mentions[1].end)
    assert (*focus, "source--entity-selected") in marks
    assert entity_marks([], 0) == ([], None)


def test_quote_marks_the_words_and_the_speaker() -> None:
    _, extraction = blair_pair()
    marks, focus = quote_marks(extraction.quotes[0])
    assert {kind: BLAIR_TEXT[s:e] for s, e, kind in marks} == {
        "source--quote": "If you are willing to lie, you lie about anything.",
        "source--speaker": "Dr Fox",
    }
    assert focus == span(BLAIR_TEXT, "If you are willing to lie, you lie about anything.")


def test_figure_marks_the_figure_and_its_noun() -> None:
    _, extraction = blair_pair()
    marks, _ = figure_marks(BLAIR_TEXT, extraction.figures[1])
    assert {kind: BLAIR_TEXT[s:e] for s, e, kind in marks} == {
        "source--figure": "12",
        "source--noun": "schools",
    }
    no_noun, _ = figure_marks(BLAIR_TEXT, extraction.figures[0])
    assert [kind for _, _, kind in no_noun] == ["source--figure"]


def test_match_marks_with_and_without_a_current_match() -> None:
    spans = [(0, 4), (10, 14)]
    marks, focus = match_marks(spans, 1)
    assert marks == [
        (0, 4, "source--match"),
        (10, 14, "source--match"),
        (10, 14, "source--match-current"),
    ]
    assert focus == (10, 14)
    assert match_marks(spans, -1) == ([(0, 4, "source--match"), (10, 14, "source--match")], None)
