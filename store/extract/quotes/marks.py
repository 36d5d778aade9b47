"""Quotation marks paired into candidate quotations, per paragraph.

Double marks first (straight, curly, AP's ``...'', guillemets); single marks only outside
them, where an apostrophe ("players' union", "rock 'n' roll") is told from a mark by its
neighbours. An unclosed quotation runs to its paragraph's end, or to the attribution
inside it (", the union said").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.extract.quotes.index import Speaker
from store.extract.quotes.lexicon import (
    FUNCTION_WORDS,
    OBJECT_AFTER_VERB,
    SKIP_WORDS,
    SPEECH_VERBS,
    SUBJECT_WORDS,
)
from store.extract.text import WORD

# Double quotation marks, AP's ``...'' and doubled single curly marks included.
_DOUBLE_MARK = re.compile("``|''|\u2018\u2018|\u2019\u2019|[\"\u201c\u201d\u201e\u00ab\u00bb]")
_SINGLE_MARK = re.compile("['\u2018\u2019]")
_OPENERS = frozenset(("``", "\u2018\u2018", "\u201c", "\u201e", "\u00ab"))
_CLOSERS = frozenset(("''", "\u2019\u2019", "\u201d", "\u00bb"))
_OPEN_BEFORE = frozenset(" \t\n([{-\u2013\u2014/:;")
_CLOSE_AFTER = frozenset(" \t\n,.;:!?)]}-\u2013\u2014/")
# Elisions that start with an apostrophe: '90s, rock 'n' roll, 'em, 'til.
_ELISION = re.compile(r"(?:\d\d|n['\u2019]|em\b|til\b|tis\b|twas\b|cause\b|bout\b|s\b)", re.I)


@dataclass(slots=True)
class Candidate:
    """One quoted span before filtering: inner span, marks, paragraph."""

    start: int
    end: int
    open_at: int  # index of the opening mark
    close_end: int  # index just after the closing mark (== end when unclosed)
    closed: bool
    para: int
    single: bool
    continues_previous: bool = False  # opened right after an unclosed quote
    speaker: Speaker | None = None
    own: bool = False  # attribution found in its own sentence
    local: bool = False  # attributed in its own sentence or the one before
    cue: str | None = None  # the word right before the opening mark, once looked up
    repeated: bool = False  # a headline quotation the body attributes
    dead: bool = False  # dropped before attribution (an unclosed title)
    crowd: bool = False  # a chant or the words on a sign: no one's in particular


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without its edge whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _mark_role(text: str, start: int, end: int, mark: str) -> str:
    """'open', 'close' or 'either' for a mark at [start, end), from its neighbours."""
    prev = text[start - 1] if start > 0 else " "
    nxt = text[end] if end < len(text) else " "
    can_open = (prev in _OPEN_BEFORE or prev in "\"\u201c'\u2018") and not nxt.isspace()
    can_close = not prev.isspace() and (nxt in _CLOSE_AFTER or nxt in "\"\u201d'\u2019")
    if mark in _OPENERS:
        return "close" if can_close and not can_open and prev.isalnum() else "open"
    if mark in _CLOSERS:
        return "open" if can_open and not can_close and prev.isspace() else "close"
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    return "either"


def _double_quotes(text: str, p_start: int, p_end: int, para: int) -> list[Candidate]:
    """Convention: double marks pair within a paragraph; a new opening mark before a closing
    one ends the previous quotation there (its closing mark left out). Example: a paragraph
    '"We won," he said.' gives the candidate "We won,"."""
    out: list[Candidate] = []
    open_mark: tuple[int, int] | None = None
    previous_unclosed = False

    def emit(o: tuple[int, int], end: int, close_end: int, closed: bool) -> None:
        """Keep a quotation from the opening mark ``o`` to ``end`` (cut at an inner
        attribution when unclosed)."""
        nonlocal previous_unclosed
        if not closed:
            cut = _attribution_cut(text, o[1], end)
            if cut is not None:
                end = close_end = cut
                closed = True
        s, e = _trim(text, o[1], end)
        if e > s and any(ch.isalnum() for ch in text[s:e]):
            out.append(Candidate(s, e, o[0], close_end, closed, para, False, previous_unclosed))
        previous_unclosed = not closed

    for m in _DOUBLE_MARK.finditer(text, p_start, p_end):
        role = _mark_role(text, m.start(), m.end(), m.group())
        if role == "open" or (role == "either" and open_mark is None):
            if open_mark is not None:
                # A new opening mark before a closing one: the previous quotation was a
                # paragraph of its own whose closing mark the article leaves out.
                emit(open_mark, m.start(), m.start(), False)
            else:
                previous_unclosed = False
            open_mark = (m.start(), m.end())
        elif open_mark is not None:
            emit(open_mark, m.start(), m.end(), True)
            open_mark = None
    if open_mark is not None:
        emit(open_mark, p_end, p_end, False)
    return out


def _attribution_cut(text: str, start: int, end: int) -> int | None:
    """Where an unclosed quotation really ends: before ", the organisation said" inside it."""
    i = text.find(", ", start, end)
    while i >= 0:
        words = WORD.findall(text, i + 2, min(end, i + 80))[:6]
        for k, w in enumerate(words):
            if w.lower() in SPEECH_VERBS:
                lead = words[:k]
                if (
                    lead
                    and all(
                        x[:1].isupper() or x.lower() in SUBJECT_WORDS or x.lower() in SKIP_WORDS
                        for x in lead
                    )
                    and _attribution_tail(text, i + 2, end, w)
                ):
                    return i + 1
                break
        i = text.find(", ", i + 2, end)
    return None


# Words right after a speech verb that make it the quotation's own clause, not an
# attribution: '"My friend Rahul, the people said no to you.'
def _attribution_tail(text: str, start: int, end: int, verb: str) -> bool:
    """The clause from ``start`` (holding ``verb``) is a short attribution: nothing after
    the verb but a few words up to the sentence's end ("..., the union said on Monday.")."""
    at = text.find(verb, start, end)
    if at < 0:
        return False
    rest = text[at + len(verb) : min(end, at + len(verb) + 120)]
    stop = re.search(r"[.!?;]", rest)
    tail = WORD.findall(rest[: stop.start()] if stop else rest)
    if tail and tail[0].lower() in OBJECT_AFTER_VERB:
        return False
    return len(tail) <= 8


def _single_quotes(
    text: str, p_start: int, p_end: int, para: int, taken: list[Candidate]
) -> list[Candidate]:
    """Single-quoted spans outside double-quoted ones; apostrophes are not marks."""
    out: list[Candidate] = []
    gaps: list[tuple[int, int]] = []
    cursor = p_start
    for c in taken:
        gaps.append((cursor, c.open_at))
        cursor = c.close_end
    gaps.append((cursor, p_end))
    for g_start, g_end in gaps:
        open_at = -1
        # A closing mark after "s" and before a lower-case word may be a plural possessive
        # ("the players' union"): held back while a later closing mark may still come.
        held = -1

        def close(at: int) -> None:
            """Keep the single-quoted span closing at ``at``."""
            nonlocal open_at, held
            s, e = _trim(text, open_at + 1, at)
            if e - s > 1:
                out.append(Candidate(s, e, open_at, at + 1, True, para, True))
            open_at = held = -1

        for m in _SINGLE_MARK.finditer(text, g_start, g_end):
            i = m.start()
            prev = text[i - 1] if i > 0 else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            if open_at < 0:
                if (
                    m.group() != "\u2019"
                    and (prev in _OPEN_BEFORE or i == p_start)
                    and nxt.isalnum()
                    and not _ELISION.match(text, i + 1, min(g_end, i + 6))
                ):
                    open_at = i
                continue
            if m.group() == "\u2018":
                if held >= 0 and prev in _OPEN_BEFORE:
                    close(held)
                    open_at = i
                continue
            closes = (prev.isalnum() or prev in ".,!?") and (
                nxt in _CLOSE_AFTER or i + 1 >= g_end or nxt in '"\u201d'
            )
            if not closes:
                continue  # an apostrophe inside a word
            if prev in "sS" and nxt == " " and text[i + 2 : i + 3].islower() and held < 0:
                held = i
                continue
            close(i)
        if held >= 0:
            close(held)
    return out


def find_candidates(text: str, paragraph_spans: list[tuple[int, int]]) -> list[Candidate]:
    """Every quoted span of ``text`` in order. Convention: in an article that uses double
    marks, a single-quoted span of the body needs three words to count (else it is a scare
    quote or a name). Example: 'the 'Iron Lady'' in the body is dropped, kept in a headline."""
    doubles: list[list[Candidate]] = []
    for i, (p_start, p_end) in enumerate(paragraph_spans):
        doubles.append(_double_quotes(text, p_start, p_end, i))
    has_double = any(doubles)
    out: list[Candidate] = []
    for i, (p_start, p_end) in enumerate(paragraph_spans):
        found = doubles[i]
        singles = _single_quotes(text, p_start, p_end, i, found)
        if has_double and i > 0:
            singles = [s for s in singles if len(WORD.findall(text, s.start, s.end)) >= 3]
        out.extend(sorted(found + singles, key=lambda c: c.start))
    return out


def words_lower(text: str) -> set[str]:
    """The words of lower-cased ``text``, apostrophes made straight."""
    return set(WORD.findall(text.replace("\u2019", "'")))


def is_title_like(words: list[str]) -> bool:
    """Every significant word capitalised: a name or a title, not a sentence of speech."""
    if not words or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in FUNCTION_WORDS for w in words)


def starts_upper(words: list[str]) -> bool:
    """The first word is capitalised: a name or a title, not a modifier."""
    return bool(words) and words[0][:1].isupper()
