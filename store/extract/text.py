"""Shared text helpers for the extractors: words, abbreviations, paragraphs and sentences as spans.

One place answers "what is a word?" and "does this full stop end the sentence?" for every
extractor. The three abbreviation questions differ on purpose (see each function): merging
them changes which sentences split and which attributions are read.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from functools import lru_cache

from store.extract.lexicons import load_lexicon, load_words

# Words, with inner apostrophes, dots and hyphens: "Blair's", "U.S", "co-chairman".
WORD = re.compile(r"[^\W_]+(?:['\u2019.\-][^\W_]+)*")

_PARAGRAPH = re.compile(r"[^\n]+")
# A sentence ends at . ! or ? (optionally followed by closing quotes/brackets) and whitespace.
_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s)")
_ABBREVIATIONS = load_lexicon("text_abbreviations")
# A word whose full stop does not end the sentence: a title, an initial, "D-N.Y.", "Jr.".
_TITLE_ABBREVIATION = re.compile(
    "|".join(load_words("text_title_abbreviations")) + r"|[A-Z](?:[.\-][A-Z])*"
)


def is_sentence_abbreviation(word: str) -> bool:
    """Convention: a full stop after a listed abbreviation or a single letter does not end a
    sentence. ``word`` is lower case. Example: "approx" in "approx. 40 people", "j" in "J. Doe".

    Used to split sentences: the list (text_abbreviations.txt) is long and lower-cased, since
    any word may open a sentence.
    """
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def is_title_abbreviation(word: str) -> bool:
    """Convention: a title or company word ("Mr", "Corp"), or capital initials ("D-N.Y"),
    keeps its full stop inside an attribution. Example: '"...," Mr. Smith said' reads on past
    "Mr.". Case matters here: "No." is a title, "no." ends a sentence.
    """
    return _TITLE_ABBREVIATION.fullmatch(word) is not None


def title_or_initial_before(text: str, dot: int, titles: Mapping[str, str]) -> bool:
    """Convention: the word ending at ``dot`` (a full stop) is one of ``titles`` or a capital
    initial, so the name goes on. Example: "Sen." in "Sen. Hart said", "F." in "John F. Kennedy".
    """
    start = dot
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    word = text[start:dot]
    return (word + ".") in titles or word in titles or (len(word) == 1 and word.isupper())


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
                if is_sentence_abbreviation(word):
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
        self.starts = [s for s, _ in spans]

    def containing(self, offset: int) -> tuple[int, int] | None:
        """The span holding ``offset``, or None between spans."""
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and self.spans[i][0] <= offset < self.spans[i][1]:
            return self.spans[i]
        return None

    def index_at(self, offset: int) -> int:
        """The index of the last span starting at or before ``offset`` (0 before the first)."""
        return max(bisect_right(self.starts, offset) - 1, 0)
