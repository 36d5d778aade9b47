"""Shared text helpers for the extractors: paragraphs and sentence boundaries as spans."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache

from store.extract.lexicons import load_lexicon

_PARAGRAPH = re.compile(r"[^\n]+")
# A sentence ends at . ! or ? (optionally followed by closing quotes/brackets) and whitespace.
_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s)")
_ABBREVIATIONS = load_lexicon("abbreviations")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-empty lines of ``text`` (each line is a paragraph)."""
    return [m.span() for m in _PARAGRAPH.finditer(text)]


# Quotes and figures both need an article's sentences: split each text once.
@lru_cache(maxsize=8)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of sentences: never across a newline, not after common abbreviations."""
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs(text):
        start = p_start
        for m in _SENTENCE_END.finditer(text, p_start, p_end):
            if m.group().startswith(".") and len(m.group()) == 1:
                # Abbreviations are short: look back a bounded window, or a paragraph of
                # "a.\t" repeated would make this quadratic.
                window = max(start, m.start() - 12)
                word_start = max(text.rfind(" ", window, m.start()) + 1, window)
                word = text[word_start : m.start()].lower()
                if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                    continue
                nxt = m.end() + 1
                if nxt < p_end and text[nxt].islower():
                    continue
            spans.append((start, m.end()))
            start = m.end()
            while start < p_end and text[start] == " ":
                start += 1
        if start < p_end:
            spans.append((start, p_end))
    return tuple(spans)


class SpanIndex:
    """Find which span (sentence or paragraph) holds an offset, in O(log n)."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = spans
        self._starts = [s for s, _ in spans]

    def containing(self, offset: int) -> tuple[int, int] | None:
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self.spans[i][0] <= offset < self.spans[i][1]:
            return self.spans[i]
        return None
