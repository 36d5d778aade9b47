"""Span helpers for the source pane: a figure's counted noun, the sentence around an offset."""

from __future__ import annotations

import re

from store.records import Figure

NOUN_WINDOW = 80  # characters either side of a figure searched for its noun
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+")


def noun_span(text: str, figure: Figure) -> tuple[int, int] | None:
    """Where ``figure.noun`` is written next to the figure (after it first, then before)."""
    noun = (figure.noun or "").strip()
    if not noun:
        return None
    words = noun.split()
    # Tolerate plural/possessive endings: "job" finds "jobs", "company" finds "companies".
    stem = re.escape(words[-1][:-1] if len(words[-1]) > 3 else words[-1])
    pattern = r"\s+".join([*map(re.escape, words[:-1]), stem + r"\w*"])
    finder = re.compile(rf"(?i)(?<!\w){pattern}")
    after = finder.search(text, figure.end, min(len(text), figure.end + NOUN_WINDOW))
    if after:
        return after.start(), after.end()
    before = list(finder.finditer(text, max(0, figure.start - NOUN_WINDOW), figure.start))
    if before:
        return before[-1].start(), before[-1].end()
    return None


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (within its paragraph) holding ``text[start:end]``."""
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", end)
    if paragraph_end < 0:
        paragraph_end = len(text)
    sentence_start = paragraph_start
    for match in _SENTENCE_END.finditer(text, paragraph_start, start):
        sentence_start = match.end()
    after = _SENTENCE_END.search(text, end, paragraph_end)
    sentence_end = after.end() if after else paragraph_end
    return text[sentence_start:sentence_end].strip()
