"""The words around a number: sentence, neighbouring tokens, units after, counted noun.

Shared by the digit and word readers; each lookup is bounded and cached per offset.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from store.extract.figures.lexicon import (
    ADJECTIVES,
    CURRENCY_WORDS,
    INDEX_WORDS,
    NOUN_STOPS,
    NUMBER_WORDS,
    ORDINALS,
    PHRASES_BY_WORD,
    RANK_BEFORE,
    SCALES,
    TIMES_MULTIPLIER_NEXT,
    UNIT_FIRST_WORDS,
    UNITS,
    WORD_SCALES,
)
from store.extract.figures.numbers import finite
from store.extract.figures.patterns import (
    AGE,
    CLAUSE_BREAK,
    CONTEXT_MAX,
    CONTEXT_MIN,
    FIRST_TOKEN,
    FOLD,
    HYPHEN_WORD,
    LOOK,
    NEXT_WORD,
    NOUN_TOKEN,
    PERCENT,
    PERCENT_POINT,
    PREV_TOKEN,
    SENTENCE_START_CHARS,
    TIMES,
    TOKEN,
    WORDS,
)
from store.extract.text import SpanIndex, sentences
from store.records import Figure

# At most this many words are read as one unit ("square kilometres").
_UNIT_WORDS_MAX = 3


class FigureContext:
    """The words around a number in one article: sentences, neighbouring words, units."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._sentences: SpanIndex | None = None
        self._prev: dict[int, str] = {}
        # per sentence start: its words, and the clause breaks in it (computed once each)
        self._sentence_words: dict[int, frozenset[str]] = {}
        self._breaks: dict[int, tuple[list[int], list[int]]] = {}

    def sentence(self, offset: int) -> tuple[int, int]:
        """The sentence holding ``offset`` (sentences are split per paragraph, on demand)."""
        if self._sentences is None:
            self._sentences = SpanIndex(sentences(self.text))
        span = self._sentences.containing(offset)
        if span is None:  # between sentences: a short window, never a scan of the text
            return max(0, offset - CONTEXT_MAX // 2), min(len(self.text), offset + CONTEXT_MAX // 2)
        return span

    def prev_token(self, start: int) -> str:
        """The whitespace-delimited token that ends one or two spaces before ``start``."""
        cached = self._prev.get(start)
        if cached is not None:
            return cached
        if start < 2 or self.text[start - 1] not in " \u00a0":
            token = ""
        else:
            m = PREV_TOKEN.search(self.text, max(0, start - 33), start)
            token = m.group(1) if m else ""
        self._prev[start] = token
        return token

    def next_word(self, end: int) -> str:
        """The word one or two spaces after ``end`` ("" when none): "people" in "5 people"."""
        m = NEXT_WORD.match(self.text, end, min(len(self.text), end + 30))
        return m.group(1) if m else ""

    def at_sentence_start(self, start: int) -> bool:
        """Whether ``start`` opens a sentence, a line, a quotation or a parenthesis."""
        i = start - 1
        while i >= 0 and self.text[i] in " \u00a0\t":
            i -= 1
        return i < 0 or self.text[i] in SENTENCE_START_CHARS

    def in_fixed_phrase(self, start: int, word: str) -> bool:
        """Convention: a number word inside a listed fixed phrase is no figure. Example:
        "one of the", "at first", "second-hand"."""
        parts = PHRASES_BY_WORD.get(word)
        if not parts:
            return False
        end = start + len(word)
        before = self.text[max(0, start - 30) : start].lower()
        after = self.text[end : end + 30].lower()
        for left, right in parts:
            if not (before.endswith(left) and after.startswith(right)):
                continue
            lo_char = before[-len(left) - 1] if len(before) > len(left) else ""
            hi_char = after[len(right)] if len(after) > len(right) else ""
            if lo_char.isalnum() or hi_char.isalnum() or hi_char == "-":
                continue
            return True
        return False

    @staticmethod
    def plural_noun(word: str) -> bool:
        """A lower- or title-case plural noun ("Players"), not a listed non-noun ending in
        s."""
        return len(word) > 3 and word.endswith("s") and word.lower() not in NOUN_STOPS

    def unit_after(self, pos: int) -> tuple[str, str, float, int] | None:
        """A currency, percent or unit right after ``pos``: (kind, unit, factor, end)."""
        text = self.text
        limit = min(len(text), pos + LOOK)
        first = FIRST_TOKEN.match(text, pos, limit)
        if first is None or first.group(1).lower() not in UNIT_FIRST_WORDS:
            return None  # the common case, decided without reading further
        m = PERCENT_POINT.match(text, pos, limit)
        if m:
            return "quantity", "percentage point", 1.0, m.end()
        m = PERCENT.match(text, pos, limit)
        if m:
            return "percent", "%", 1.0, m.end()
        tokens: list[tuple[str, int]] = []
        cursor = pos
        for _ in range(_UNIT_WORDS_MAX):
            t = TOKEN.match(text, cursor, limit)
            if t is None or (t.start(1) == cursor and tokens):
                break
            word = t.group(1).rstrip(".")
            if word.endswith(".") or t.group(1).endswith("."):
                tokens.append((word, t.start(1) + len(word)))
                break
            if "-" in word:
                head = word.split("-", 1)[0]  # "euros-worth", "km-long"
                tokens.append((head, t.start(1) + len(head)))
                break
            tokens.append((word, t.end(1)))
            cursor = t.end(1)
        if not tokens:
            return None
        glued = (
            tokens
            and TOKEN.match(text, pos, limit) is not None
            and (pos < len(text) and text[pos] not in " \u00a0")
        )
        for n in range(len(tokens), 0, -1):
            phrase = " ".join(w for w, _ in tokens[:n]).lower()
            end = tokens[n - 1][1]
            if phrase in CURRENCY_WORDS:
                last = tokens[n - 1][0]
                if last[:1].isupper() and not last.isupper():
                    if phrase in ("euro", "euros") and re.match(
                        r"[ \u00a0]?(?:zone|area)", text[end : end + 6]
                    ):
                        continue  # "12 Euro zone countries"
                    return "name", "", 1.0, end  # "50 Cent"
                if phrase == "p" and not glued:
                    continue
                if phrase == "won":
                    continue  # Korean won only after a scale word; handled by caller
                code, factor = CURRENCY_WORDS[phrase]
                return "money", code, factor, end
            if phrase in UNITS:
                if len(phrase) == 1 and not glued:
                    continue
                unit, kind = UNITS[phrase]
                return kind, unit, 1.0, end
        return None

    def words_of_sentence(self, offset: int) -> frozenset[str]:
        """The words of the sentence holding ``offset`` (read once per sentence)."""
        s, e = self.sentence(offset)
        words = self._sentence_words.get(s)
        if words is None:
            words = frozenset(WORDS.findall(self.text, s, e))
            self._sentence_words[s] = words
        return words

    def index_sentence(self, offset: int) -> bool:
        """Whether the sentence around ``offset`` speaks of a stock index ("shares",
        "FTSE")."""
        return not self.words_of_sentence(offset).isdisjoint(INDEX_WORDS)

    def noun_after(self, end: int) -> str | None:
        """The counted noun after a count: the head of the noun phrase, adjectives dropped."""
        text = self.text
        limit = min(len(text), end + 80)
        words: list[str] = []
        cursor = end
        for _ in range(4):
            m = NOUN_TOKEN.match(text, cursor, limit)
            if m is None:
                break
            word = m.group(1).rstrip("'’")
            if word.endswith("-"):
                break  # "9,000 under-18s": a compound with digits, not a plain noun
            lower = word.lower()
            if (
                lower in NOUN_STOPS
                or lower in NUMBER_WORDS
                or lower in ORDINALS
                or lower.endswith(("n't", "n’t"))
            ):
                break
            words.append(word)
            cursor = m.end()
            if cursor < len(text) and text[cursor] not in " \u00a0":
                break
        while len(words) > 1 and words[-1].endswith("ed"):
            words.pop()  # "300 people attended": the verb after the noun
        if not words:
            return None
        # keep the trailing run of lower-case non-adjectives (at most two words)
        kept: list[str] = []
        for word in reversed(words):
            lower = word.lower()
            if lower in ADJECTIVES or word[0].isupper() or (lower.endswith("ed") and kept):
                if kept:
                    break
                continue
            kept.insert(0, word)
            if len(kept) == 2:
                break
        if not kept:
            last = words[-1]
            if last[0].isupper() and last.endswith("s") and not last.isupper() and len(last) > 3:
                return last  # "41 Britons", "two Democrats"
            return None
        if len(kept) == 2 and (kept[0].endswith("s") and not kept[0].endswith("ss")):
            kept = kept[:1]  # "5 people died": the second word is a verb
        return " ".join(kept)

    def hyphen_after(self, start: int, end: int, value: float) -> Figure | None:
        """Convention: a hyphenated word after a number decides it: an age ("5-year-old"), a
        multiplier ("3-fold"), a unit ("10-km"), points, "-odd", a scale ("17-million
        population"), else the counted noun ("five-year" counts "year")."""
        text = self.text
        if end >= len(text) or text[end] != "-":
            return None
        limit = min(len(text), end + 30)
        m = AGE.match(text, end, limit)
        if m:
            unit = m.group(1).lower()
            return Figure(start, m.end(), text[start : m.end()], "other", value, unit)
        m = FOLD.match(text, end, limit)
        if m:
            return Figure(start, m.end(), text[start : m.end()], "multiplier", value)
        m = HYPHEN_WORD.match(text, end, limit)
        if m:
            word = m.group(1).lower()
            if word in UNITS:
                unit, kind = UNITS[word]
                return Figure(start, m.end(), text[start : m.end()], kind, value, unit)
            if word in ("point", "points"):
                return Figure(start, m.end(), text[start : m.end()], "quantity", value, "points")
            if word == "odd":  # "3,000-odd staff"
                return Figure(
                    start, end, text[start:end], "count", value, None, self.noun_after(m.end())
                )
            if word in WORD_SCALES:  # "the 17-million population"
                scaled = finite(value * SCALES[word])
                noun = self.noun_after(m.end())
                return Figure(start, m.end(), text[start : m.end()], "count", scaled, None, noun)
            if word.isalpha() and word not in NUMBER_WORDS:
                return Figure(start, end, text[start:end], "count", value, None, word)
        return None

    def times_after(self, start: int, end: int, value: float) -> Figure | None:
        """Convention: "N times" before a comparison is a multiplier, else a count of times.
        Example: "three times higher" multiplier, "met three times" count."""
        text = self.text
        m = TIMES.match(text, end, min(len(text), end + 8))
        if m is None:
            return None
        nxt = self.next_word(m.end()).lower()
        if nxt in TIMES_MULTIPLIER_NEXT:
            return Figure(start, m.end(), text[start : m.end()], "multiplier", value)
        return Figure(start, end, text[start:end], "count", value, None, "times")

    def rank_before(self, start: int, value: float) -> int | None:
        """ "No 1", "No. 2", "number 3": the start of the rank span, or None."""
        prev = self.prev_token(start)
        if prev not in RANK_BEFORE:
            return None
        if prev == "no" and not self.text[start - 4 : start - 3].isspace():
            return None
        if value == 10 and prev == "No":
            return None  # No 10 (Downing Street)
        return start - len(prev) - 1

    def context(self, start: int, end: int) -> str:
        """The clause around [start, end) within its sentence, 30 to 120 characters: what
        the list shows beside a figure."""
        s, e = self.sentence(start)
        e = max(e, min(end, len(self.text)))
        text = self.text
        cached = self._breaks.get(s)
        if cached is None:
            found = list(CLAUSE_BREAK.finditer(text, s, e))
            cached = ([b.start() for b in found], [b.end() for b in found])
            self._breaks[s] = cached
        break_starts, break_ends = cached
        # clause = the stretch between the clause breaks around the figure
        i = bisect_right(break_ends, start)  # breaks [0, i) end at or before the figure
        j = bisect_left(break_starts, end, i)  # breaks [j, ...) start at or after its end
        lo = break_ends[i - 1] if i > 0 else s
        hi = break_starts[j] if j < len(break_starts) else e
        # too short to say what it measures: widen to the neighbouring clauses
        while hi - lo < CONTEXT_MIN and (lo > s or hi < e):
            if lo > s:
                i -= 1
                lo = break_ends[i - 1] if i > 0 else s
            if hi - lo < CONTEXT_MIN and hi < e:
                j += 1
                hi = break_starts[j] if j < len(break_starts) else e
        if hi - lo > CONTEXT_MAX:
            half = (CONTEXT_MAX - (end - start)) // 2
            lo2 = max(lo, start - max(half, 0))
            hi2 = min(hi, end + max(half, 0))
            if lo2 > lo:
                sp = text.find(" ", lo2, start)
                lo2 = sp + 1 if sp >= 0 else lo2
            if hi2 < hi:
                sp = text.rfind(" ", end, hi2)
                hi2 = sp if sp >= 0 else hi2
            lo, hi = lo2, hi2
        return text[lo:hi].strip(" \"'“”‘’").strip()
