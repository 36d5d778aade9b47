"""Candidate mentions (``Span``) and the words around them: context for typing."""

from __future__ import annotations

import re

from store.extract.entities.lexicon import (
    KNOWN,
    LOWER_TAILS,
    LOWERCASE_WORDS,
    NAME_HEADS,
    NUMBERED,
    SAID_VERBS,
    SPEECH_CUES,
    STREETS,
)
from store.extract.entities.runs import Token
from store.extract.entities.words import name_word

_NUMBER_AFTER = re.compile(r"[ \u00a0](\d{1,4}[A-Za-z]?)(?![\d%]|[.,]\d|bn\b|m\b|st\b|th\b)")


_NUMBER_BEFORE = re.compile(r"(\d{1,4}(?:st|nd|rd|th)?)[ \u00a0]$")


_NEXT_WORD = re.compile(r"\s*([^\W\d_][\w-]*)")


_AGE = re.compile(r", (?:\d{1,3}|aged \d{1,3}),")


class Span:
    """A candidate mention with the evidence gathered for its type."""

    __slots__ = (
        "after_title",
        "ambiguous",
        "canonical",
        "confident",
        "end",
        "links",
        "next",
        "prev",
        "start",
        "text",
        "the",
        "tokens",
        "type",
    )

    def __init__(
        self,
        text: str,
        tokens: list[Token],
        links: list[str],
        ambiguous: bool = False,
        after_title: bool = False,
        the: bool = False,
    ) -> None:
        self.tokens = tokens
        self.links = links
        self.start = tokens[0][0]
        self.end = tokens[-1][1]
        self.text = text[self.start : self.end]
        self.ambiguous = ambiguous
        self.after_title = after_title
        self.the = the
        self.type = ""
        self.canonical = ""
        self.confident = True
        self.prev: str | None = None
        self.next: str | None = None


def extend_span(text: str, span: Span) -> None:
    """Grow a mention over what belongs to its name: a model number or edition ("Boeing
    737", "Euro 2004"), a house number ("10 Downing Street"), a lower-case tail ("Euro
    zone", "Brent crude")."""
    last = span.tokens[-1][2]
    key = span.text
    end = span.end
    after = _NUMBER_AFTER.match(text, end) if text[end + 1 : end + 2].isdigit() else None
    if after:
        grown = text[span.start : after.end()]
        if key in NUMBERED or last in NUMBERED or grown in KNOWN:
            span.end = after.end()
            span.text = text[span.start : span.end]
            span.type = KNOWN.get(grown) or NUMBERED.get(key) or NUMBERED.get(last, "PRODUCT")
            return
    if key in LOWER_TAILS:
        for name in LOWER_TAILS[key]:
            tail = name[len(key) :]
            if text[span.end : span.end + len(tail)].replace("\u2019", "'") == tail:
                end = span.end + len(tail)
                if end == len(text) or not text[end].isalnum():
                    span.end = end
                    span.text = text[span.start : end]
                    span.type = KNOWN[name]
                    return
    if span.start > 1 and text[span.start - 2].isalnum() and text[span.start - 2] not in "aeiou":
        before = _NUMBER_BEFORE.search(text, max(0, span.start - 8), span.start)
        if before:
            grown = text[before.start() : span.end]
            if last in STREETS or grown in KNOWN:
                span.start = before.start()
                span.text = text[span.start : span.end]
                span.type = KNOWN.get(grown, "FAC")


def word_before(text: str, span: Span) -> str:
    """The word before a mention, lower-cased (computed once)."""
    if span.prev is None:
        span.prev = previous_word_at(text, span.start)
    return span.prev


def word_after(text: str, span: Span) -> str:
    """The word after a mention (computed once)."""
    if span.next is None:
        span.next = next_word_at(text, span.end)
    return span.next


def previous_word_at(text: str, pos: int) -> str:
    """The word before ``pos``, lower-cased, without an opening mark: "said" in 'said
    "Smith'."""
    chunk = text[max(0, pos - 24) : pos].rstrip()
    cut = max(chunk.rfind(" "), chunk.rfind("\n"), chunk.rfind("("), chunk.rfind('"'))
    return chunk[cut + 1 :].lstrip("“‘'").lower()


def next_word_at(text: str, pos: int) -> str:
    """The word after ``pos`` ("," for a comma), past a closing mark: 'the “Tay” chatbot' ->
    "chatbot"."""
    if text.startswith(",", pos):
        return ","
    if text.startswith(("”", "’"), pos):
        pos += 1  # 'the “Tay” chatbot': past a closing mark
    m = _NEXT_WORD.match(text, pos, pos + 24)
    return m.group(1) if m else ""


def person_context(text: str, span: Span) -> bool:
    """ "Jordan said", "said Smith", "Smith, 45,": the words around a bare name."""
    return (
        word_after(text, span) in SPEECH_CUES
        or word_before(text, span) in SPEECH_CUES
        or bool(_AGE.match(text, span.end))
    )


def speaker_name(text: str, span: Span, plural: bool) -> bool:
    """Two or three name-shaped words said to speak ("said Art Hogan", "Lin Wei told"):
    a person even when the first word is an everyday word or unknown given name."""
    toks = span.tokens
    if len(toks) > 3 or plural or span.links[1:] != [""] * (len(toks) - 1):
        return False
    last = toks[-1][2]
    if last in NAME_HEADS or last.lower() in LOWERCASE_WORDS or not name_word(last):
        return False
    if not all(t[2][:1].isupper() and t[2].isalpha() and not t[2].isupper() for t in toks):
        return False
    return word_before(text, span) in SAID_VERBS or word_after(text, span) in SAID_VERBS
