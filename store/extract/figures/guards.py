"""Guards: numbers that belong to a name, an address, an age, a year or a stock index.

"FTSE 100", "Boeing 737", "Media Player 10", "10 Downing Street" are names; numbers
inside a named entity's span are skipped (``EntityGuard``).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from store.extract.figures.context import FigureContext
from store.extract.figures.lexicon import (
    CAPS_NOT_NAMES,
    CURRENCY_MARKS,
    INDEX_NAMES,
    NAME_WORDS,
    NOT_NAME_STARTS,
    NOUN_STOPS,
    YEAR_PREPOSITIONS,
)
from store.extract.figures.patterns import ADDRESS, BARE_AFTER, MONTH_WORD
from store.records import Entity

# "Ten-year-old Dakota Fanning" tagged as one PERSON: the age is still a figure.
_AGE_PREFIX = re.compile(r"\S{1,20}-(?:year|month|week|day)s?-old\b", re.IGNORECASE)


class EntityGuard:
    """Answers 'is this offset inside a named-entity span?' in O(log n)."""

    def __init__(self, entities: list[Entity]) -> None:
        spans = sorted(
            (e.start, e.end)
            for e in entities
            if e.end > e.start
            and e.text.split(" ", 1)[0] not in NOT_NAME_STARTS
            and not _AGE_PREFIX.match(e.text)
        )
        self._starts = [s for s, _ in spans]
        self._ends = [e for _, e in spans]
        # Running maximum of ends so nested or overlapping spans are handled.
        best = -1
        self._reach = []
        for end in self._ends:
            best = max(best, end)
            self._reach.append(best)

    def inside(self, offset: int) -> bool:
        """Whether ``offset`` falls inside a named entity's span."""
        i = bisect_right(self._starts, offset) - 1
        return i >= 0 and self._reach[i] > offset


class Guards:
    """Rules that make a number part of a name, an address, an age, a year or an index level."""

    def __init__(self, ctx: FigureContext) -> None:
        self.text = ctx.text
        self.ctx = ctx

    def name_before(self, start: int, end: int) -> bool:
        """Whether the word before ``start`` makes the number part of a name."""
        prev = self.ctx.prev_token(start)
        if not prev:
            return False
        if prev in NAME_WORDS:
            return True
        if prev == "of" and self.capitalised_word_before(start - 3):
            return True  # "Sound of 2005", "Class of 1966"
        if self.text[end : end + 2] in ("'s", "’s") and self.capitalised_word_before(start):
            return True  # "Maroon 5's album"
        if self.text[end : end + 1] not in BARE_AFTER or self.ctx.unit_after(end) is not None:
            return False  # "Jupiter Research 40%", "the FA Cup 45 years ago"
        if (
            self.capitalised_word_before(start)
            and self.capitalised_word_before(start - len(prev) - 1)
            and not self.ctx.plural_noun(self.ctx.next_word(end))
            and self.text[end : end + 1] != "-"
        ):
            return True  # "Media Player 10", "Grand Theft Auto 3"
        core = prev.rstrip("'’")
        return (
            2 <= len(core) <= 6
            and core.isalpha()
            and core.isupper()
            and core not in CAPS_NOT_NAMES
            and core not in CURRENCY_MARKS
        )

    def capitalised_word_before(self, start: int) -> bool:
        """A capitalised word, not a month nor sentence-initial, ends right before ``start``."""
        prev = self.ctx.prev_token(start)
        if not prev or not prev[0].isupper() or not prev.isalpha():
            return False
        if MONTH_WORD.fullmatch(prev) or prev in CURRENCY_MARKS or prev in ("No", "Top"):
            return False
        return not self.ctx.at_sentence_start(start - len(prev) - 1)

    def title_around(self, start: int, end: int) -> bool:
        """A number between two capitalised words is part of a title ("One Against 20 Emcees")."""
        if not self.text[end + 1 : end + 2].isupper():
            return False
        nxt = self.ctx.next_word(end)
        if not nxt or not nxt[0].isupper() or nxt.isupper() or MONTH_WORD.fullmatch(nxt):
            return False
        return self.capitalised_word_before(start)

    def address_after(self, end: int) -> bool:
        """A house number: "10 Downing Street"."""
        if not self.text[end + 1 : end + 2].isupper():
            return False
        return ADDRESS.match(self.text, end, min(len(self.text), end + 40)) is not None

    def is_age(self, start: int, end: int, value: float, is_int: bool) -> bool:
        """Convention: a small integer after "aged", "age of", or between commas after a
        name is an age. Example: "John Smith, 45, said"."""
        if not is_int or not 1 <= value <= 120:
            return False
        text = self.text
        prev = self.ctx.prev_token(start).lower()
        if prev in ("aged", "age"):
            return True
        if text[max(0, start - 7) : start].lower() == "age of ":
            return True
        # "John Smith, 45, said" - a number between commas right after a name
        if start >= 2 and text[start - 2 : start] == ", " and end < len(text) and text[end] in ",)":
            before = self.ctx.prev_token(start).rstrip(",")
            return bool(before) and before[0].isupper() and before.isalpha()
        return False

    def is_year(self, start: int, end: int, value: float) -> bool:
        """Convention: a four-digit number after a year preposition, or from 1900 to 2030,
        is a year; from 1800 unless a plural noun follows. Example: "in 1066", "2005";
        "2000 people" is a count."""
        if not 1000 <= value <= 2099:
            return False
        prev = self.ctx.prev_token(start).lower()
        if prev in YEAR_PREPOSITIONS or 1900 <= value <= 2030:
            return True
        if value < 1800:
            return False
        nxt = self.ctx.next_word(end)
        # "2000 people" is a count
        return not (nxt.islower() and nxt.endswith("s") and nxt not in NOUN_STOPS and len(nxt) > 3)

    def is_index_level(self, start: int, value: float, digits: str) -> bool:
        """Convention: a number of 100 or more after "at", "to", "from" (or with decimals)
        in a sentence naming a stock index is its level. Example: "the FTSE 100 closed at
        4,850.3"."""
        if value < 100:
            return False
        prev = self.ctx.prev_token(start).lower()
        if prev not in ("at", "to", "from", "of") and "." not in digits:
            return False
        return not self.ctx.words_of_sentence(start).isdisjoint(INDEX_NAMES)
