"""Sentence and paragraph spans shared by the extractors."""

from __future__ import annotations

import time

from store.extract.text import SpanIndex, paragraphs, sentences


def test_sentences_split_on_stops_but_not_after_abbreviations() -> None:
    text = "Mr. Smith went to Washington. He said it was fine! Was it? Yes.\nNew paragraph"
    got = [text[s:e] for s, e in sentences(text)]
    assert got == [
        "Mr. Smith went to Washington.",
        "He said it was fine!",
        "Was it?",
        "Yes.",
        "New paragraph",
    ]


def test_sentences_keep_closing_quotes_with_their_sentence() -> None:
    text = '"We will win." Mr Blair said so.'
    assert [text[s:e] for s, e in sentences(text)] == ['"We will win."', "Mr Blair said so."]


def test_paragraphs_are_the_non_empty_lines() -> None:
    text = "Title\n\nBody one.\nBody two."
    assert [text[s:e] for s, e in paragraphs(text)] == ["Title", "Body one.", "Body two."]


def test_span_index_finds_the_containing_span() -> None:
    index = SpanIndex([(0, 5), (7, 10)])
    assert index.containing(3) == (0, 5)
    assert index.containing(6) is None
    assert index.containing(9) == (7, 10)


def test_sentences_are_linear_on_one_letter_abbreviation_runs() -> None:
    # "a." looks like an initial; looking back for its word must not rescan the paragraph.
    def seconds(n: int) -> float:
        text = "a.\t" * n
        t0 = time.perf_counter()
        sentences(text)
        return time.perf_counter() - t0

    small, big = seconds(10_000), seconds(80_000)
    assert big < 8 * small * 4 + 0.5  # 8x the input: roughly 8x the time, never 64x
