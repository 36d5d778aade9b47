"""Number parsing for the figure extractor: digit strings and English number words."""

from __future__ import annotations

import math
import re

from store.extract.figures.lexicon import NUMBER_WORDS, SCALES, WORD_SCALES

# ASCII letters only: number words are English (narrower than text.WORD on purpose).
_LETTERS = re.compile(r"[A-Za-z]+")
_SPACE = re.compile(r"[ \t\u00a0]{1,5}")
# Largest magnitude a figure may have; past it the value is left out (None).
_MAX_VALUE = 1e30


def parse_digits(digits: str) -> float | None:
    """The value of an ASCII digit string with optional thousands commas and a decimal point."""
    cleaned = digits.replace(",", "")
    if not cleaned or len(cleaned) > 40 or not cleaned.replace(".", "", 1).isascii():
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    if not math.isfinite(value) or abs(value) > _MAX_VALUE:
        return None
    return value


def finite(value: float | None) -> float | None:
    """``value`` if it is a finite, reasonably sized float, else None."""
    if value is None or not math.isfinite(value) or abs(value) > _MAX_VALUE:
        return None
    return value


def _split_hyphen(word: str) -> list[str]:
    """The non-empty parts of ``word`` between hyphens."""
    return [part for part in word.split("-") if part]


def _word_value(word: str) -> float | None:
    """Value of one cardinal word or hyphenated compound ("twenty-five")."""
    lower = word.lower()
    if lower in NUMBER_WORDS:
        return NUMBER_WORDS[lower]
    parts = _split_hyphen(lower)
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        tens, units = NUMBER_WORDS[parts[0]], NUMBER_WORDS[parts[1]]
        if tens % 10 == 0 and 20 <= tens <= 90 and 1 <= units <= 9:  # "twenty" .. "ninety"
            return tens + units
    return None


def _can_follow(current: float, value: float) -> bool:
    """Whether a cardinal word of ``value`` can extend a number that has ``current`` so far."""
    last = current % 100
    if last == 0:
        return True
    return last % 10 == 0 and last >= 20 and value < 10


def read_number_words(text: str, pos: int, limit: int = 80) -> tuple[float, int] | None:
    """Read spelled-out cardinal words at ``pos`` ("two hundred and fifty thousand").

    Returns (value, end) or None when no number word starts at ``pos``. Reads at most
    ``limit`` characters so the cost stays bounded whatever follows.
    """
    stop = min(len(text), pos + limit)
    total = 0.0
    current = 0.0
    seen = False
    end = pos
    cursor = pos
    pending_and = False
    while cursor < stop:
        m = _LETTERS.match(text, cursor, stop)
        if m is None:
            break
        word = m.group()
        # Hyphenated compounds ("twenty-five") come as two words around a hyphen.
        word_end = m.end()
        if word_end < stop and text[word_end] == "-":
            m2 = _LETTERS.match(text, word_end + 1, stop)
            if m2 is not None and _word_value(word + "-" + m2.group()) is not None:
                word = word + "-" + m2.group()
                word_end = m2.end()
        lower = word.lower()
        if lower == "and" and seen and current and current % 100 == 0 and not pending_and:
            pending_and = True
            nxt = _SPACE.match(text, word_end, stop)
            cursor = nxt.end() if nxt else word_end
            continue
        value = _word_value(word)
        if value is not None and lower != "dozen":
            if not _can_follow(current, value):
                break
            current += value
        elif lower == "dozen" and not pending_and:
            current = (current or 1) * 12
        elif lower == "hundred" and not pending_and:
            current = (current or 1) * 100
        elif lower in WORD_SCALES and lower != "hundred" and not pending_and:
            if seen and current == 0 and total == 0:
                break
            total += (current or 1) * SCALES[lower]
            current = 0
        else:
            break
        seen = True
        pending_and = False
        end = word_end
        nxt = _SPACE.match(text, word_end, stop)
        cursor = nxt.end() if nxt else word_end
    if not seen:
        return None
    return total + current, end
