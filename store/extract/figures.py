"""Figures: money, percentages, counts, quantities, multipliers, ranks, durations, dates.

Rule-based and linear-time. Two cheap scans find the candidates (digits, and number
words / ordinals / fractions / multiplier words in the lower-cased text); each is then
read outwards with small anchored, bounded patterns (currency mark, scale, range, unit,
counted noun). Word lists and tables live in data/figures_*.{txt,tsv}. Decisions follow
shared/eval/GUIDELINES.md; where it leaves room:

* span = number + scale + currency + unit; a counted noun stays out (``noun``, counts
  only, adjectives dropped: "200,000 new developers" -> "developers");
* durations keep the number as written and the singular unit word ("two decades" ->
  2 "decade", "18 months" -> 18 "month"); a measured time with decimals ("6.61
  seconds") is a quantity; "three months old" and "aged 18 years" are ages (other);
* pence and cents are converted to the main unit so the ISO code holds ("50p" ->
  0.5 GBP, "25 cents" -> 0.25 USD);
* fractions ("half", "two-thirds", "a quarter of") are kind other, value the fraction;
* ranges ("$40-50 billion", "between 5 and 10", "four or five") have value None; dates
  the year or None; year ranges ("2004-05") the first year;
* scores, tallies, clock times, index levels and ages are other (a score's value is
  its first number); "top 10" is a count; ordinals, "number one", "No 1" and first
  place said with top ("came top", "topped the charts") are ranks;
* numbers inside named-entity spans are skipped, and so are the common name shapes the
  entity extractor may miss ("FTSE 100", "Boeing 737", "G20", "4G", "F-16", "9/11",
  "Media Player 10", "50 Cent", "10 Downing Street").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from store.extract.lexicons import load_lexicon, load_table
from store.extract.numbers import (
    FRACTIONS,
    NUMBER_WORDS,
    ORDINALS,
    SCALES,
    WORD_SCALES,
    finite,
    parse_digits,
    read_number_words,
)
from store.extract.text import SpanIndex, sentences
from store.records import Entity, Figure

# ---------------------------------------------------------------- lexicons

_CURRENCY_MARKS: dict[str, str] = load_table("figures_currency_symbols.tsv")
_CURRENCY_WORDS: dict[str, tuple[str, float]] = {
    name.lower(): (rest.split("\t")[0].strip(), float(rest.split("\t")[-1]))
    for name, rest in load_table("figures_currency_words.tsv").items()
}
_UNITS: dict[str, tuple[str, str]] = {
    name.lower(): (rest.split("\t")[0].strip(), rest.split("\t")[-1].strip())
    for name, rest in load_table("figures_units.tsv").items()
}
_MULTIPLIERS: dict[str, float] = {
    k.lower(): float(v) for k, v in load_table("figures_multipliers.tsv").items()
}
_NAME_WORDS = load_lexicon("figures_name_words.txt")
_CUE_WORDS = load_table("figures_cue_words.tsv")


def _cues(role: str) -> frozenset[str]:
    """One list of context words from data/figures_cue_words.tsv."""
    return frozenset(_CUE_WORDS[role].split())


_FIXED_PHRASES = frozenset(p.lower() for p in load_lexicon("figures_fixed_phrases.txt"))
_ADJECTIVES = frozenset(w.lower() for w in load_lexicon("figures_adjectives.txt"))
_NOUN_STOPS = frozenset(w.lower() for w in load_lexicon("figures_noun_stops.txt"))
_SCORE_WORDS = frozenset(w.lower() for w in load_lexicon("figures_score_words.txt"))
_INDEX_WORDS = load_lexicon("figures_index_words.txt")
_INDEX_NAMES = _INDEX_WORDS - {"shares", "stocks", "stock", "index", "indices"}


def _phrases_by_word() -> dict[str, list[tuple[str, str]]]:
    """Fixed phrases keyed by each number word in them: (text before it, text after it)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for phrase in sorted(_FIXED_PHRASES):
        for m in re.finditer(r"[a-z]+", phrase):
            word = m.group()
            if word in NUMBER_WORDS or word in ORDINALS or word in FRACTIONS:
                out.setdefault(word, []).append((phrase[: m.start()], phrase[m.end() :]))
    return out


_PHRASES_BY_WORD = _phrases_by_word()

_UNIT_WORDS_MAX = 3

_MULTIPLIER_BASE = _cues("multiplier_base")
_MULTIPLIER_BASE_NEXT = _cues("multiplier_base_next")
_TIMES_MULTIPLIER_NEXT = _cues("times_multiplier_next")
_HALF_NEXT = _cues("half_next")
_YEAR_PREPOSITIONS = _cues("year_prepositions")
_AGE_POSSESSIVES = _cues("age_possessives")
_HYPHEN_PREFIX_OK = _cues("hyphen_prefix_ok")
_CAPS_NOT_NAMES = _cues("caps_not_names")
_SPORT_METRE_WORDS = _cues("sport_metre_words")

# ---------------------------------------------------------------- patterns


def _alternation(words: list[str], flags_insensitive: bool = False) -> str:
    body = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return f"(?i:{body})" if flags_insensitive else f"(?:{body})"


_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![a-z])\\.?"
)
_DIGITS = r"(?:[0-9]{1,3}(?:,[0-9]{3}){1,6}(?![0-9])|[0-9]{1,24})(?:\.[0-9]{1,10})?"
_CUR_MARK = _alternation(list(_CURRENCY_MARKS))
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th)"
_DATE = (
    rf"(?<![\w.,])[0-9]{{1,2}}{_ORDINAL_SUFFIX}?[ \u00a0](?:of[ \u00a0])?(?:{_MONTHS})"
    rf"(?:,?[ \u00a0][0-9]{{4}}(?![0-9]))?(?!\w)"
    rf"|\b(?:{_MONTHS})[ \u00a0][0-9]{{4}}(?![0-9])"
    rf"|\b(?:{_MONTHS})[ \u00a0][0-9]{{1,2}}{_ORDINAL_SUFFIX}?(?![0-9])"
    rf"(?:,?[ \u00a0][0-9]{{4}}(?![0-9]))?(?!\w)"
)
_WORD_CANDIDATES = (
    list(NUMBER_WORDS)
    + list(ORDINALS)
    + list(FRACTIONS)
    + list(_MULTIPLIERS)
    + [w for w in WORD_SCALES if w != "crore" and w != "lakh"]
    + ["couple", "twice", "top", "topped", "top-ranked", "top-seeded", "number"]
)


def _trie_pattern(words: list[str]) -> str:
    """A regex alternation of ``words`` folded into a prefix tree: far fewer branches to try."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(trie)


# Candidates are found by two cheap scans merged in text order: digits, and number words
# in the lower-cased text (a prefix-tree alternation is ~10x faster than a flat one).
# A digit that starts a number; or one glued to a currency code ("EUR40m"), checked later.
_DIGIT_SCAN = re.compile(r"[0-9](?<![\w.,/][0-9])|(?<=\b[A-Z]{3})[0-9]")
_WORD_SCAN = re.compile(
    rf"(?<![a-z0-9_-])(?:{_trie_pattern(sorted({w.lower() for w in _WORD_CANDIDATES}))})"
    r"(?![a-z0-9_])"
)
_WORD_SCAN_ANYCASE = re.compile(_WORD_SCAN.pattern, re.IGNORECASE)
_DATE_AT = re.compile(_DATE)
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})[ \u00a0]$")
_CURRENCY_BEFORE = re.compile(rf"(?<![\w.,$£€¥])(?:{_CUR_MARK})[ \u00a0]?$")
_NUMBER_AT = re.compile(rf"(?:(?P<cur>{_CUR_MARK})[ \u00a0]?)?(?P<digits>{_DIGITS})")
_DAY_RANGE = re.compile(rf"[ \u00a0]?(?:-|–|to|and)[ \u00a0]?(?:{_DATE})")
_ADDRESS = re.compile(
    r"[ \u00a0][A-Z][a-z]{1,20}[ \u00a0](?:Street|Road|Avenue|Lane|Square|Place|Drive)\b"
)
_MONTH_WORD = re.compile(rf"(?:{_MONTHS})")
# First characters (after a space) of what can follow a number: cheap tests before a regex.
_RANGE_FIRST = frozenset("-–—ta")
_SCALE_FIRST = frozenset("-htmbclHTMBCL")


def _peek(text: str, pos: int) -> str:
    """The first character at ``pos`` after at most two spaces ("" at the end)."""
    for i in range(pos, min(pos + 3, len(text))):
        if text[i] not in " \u00a0":
            return text[i]
    return ""


_GLUED = re.compile(r"[A-Za-z%°]{1,12}")
_TOKEN = re.compile(r"[ \u00a0]{0,2}([A-Za-z°][A-Za-z]{0,20}(?:[-/.][A-Za-z]{1,20}){0,2})")
_SCALE_SPACED = re.compile(
    r"(?:[ \u00a0]{1,2}|-)(hundred|thousand|million|billion|trillion|crore|lakh|bn|mn|tn)"
    r"(?:(?<=crore)s|(?<=lakh)s)?(?!\w)",
    re.IGNORECASE,
)
_RANGE_TAIL = re.compile(
    rf"[ \u00a0]?(?P<sep>-|–|—|to|and)[ \u00a0]?(?P<cur>{_CUR_MARK})?(?P<digits>{_DIGITS})"
    r"(?P<scale>(?:bn|mn|tn|m|k)(?![A-Za-z])"
    r"|[ \u00a0](?:hundred|thousand|million|billion|trillion|bn|mn|tn)(?![A-Za-z]))?"
    r"(?![0-9])"
)
_PERCENT = re.compile(r"[ \u00a0]?(?:%|(?i:per[ \u00a0]?cent|percent|pct)(?!\w))")
_PERCENT_POINT = re.compile(
    r"[ \u00a0](?i:percentage|per[ \u00a0]cent(?:age)?)[ \u00a0](?i:points?)(?!\w)"
)
_AGE = re.compile(r"-(year|month|week|day)s?-olds?(?![\w-])", re.IGNORECASE)
_HYPHEN_WORD = re.compile(r"-([A-Za-z]{1,20})(?![\w-])")
_CLOCK = re.compile(r"[ \u00a0]?(?:a\.m\.|p\.m\.|am(?![\w])|pm(?![\w])|GMT|BST)")
_COLON_TIME = re.compile(r":([0-5][0-9])(?![0-9])")
_YEAR_RANGE = re.compile(r"[-–/]([0-9]{1,2}|[0-9]{4})(?![0-9\w])")
_PREV_TOKEN = re.compile(r"(\S{1,30})[ \u00a0]{1,2}$")
_FRACTION_TAIL = re.compile(
    r"[- \u00a0](thirds|third|quarters|quarter|fifths|fifth|tenths|tenth|halves)(?![\w-])",
    re.IGNORECASE,
)
_AND_A_HALF = re.compile(r"[ \u00a0]and[ \u00a0]a[ \u00a0]half(?![\w-])", re.IGNORECASE)
_SUPERLATIVE = re.compile(
    r"[- \u00a0](?:most[ \u00a0])?([a-z]{2,15}est|ranked|placed|seeded|best|worst)(?![\w-])"
)
_NOT_SUPERLATIVE = _cues("not_superlative")
_QUARTER_POINT = re.compile(
    r"(?:[- \u00a0]point|[ \u00a0]of[ \u00a0]a[ \u00a0](?:percentage[ \u00a0])?point)(?![\w-])"
)
_HALF_POINT = re.compile(r"(?:-point|[ \u00a0]a[ \u00a0](?:percentage[ \u00a0])?point)(?![\w-])")
_FOLD = re.compile(r"[- \u00a0]?fold(?![\w-])", re.IGNORECASE)
_TIMES = re.compile(r"[ \u00a0]times(?![\w-])")
_NEXT_WORD = re.compile(r"[ \u00a0]{1,2}([A-Za-z][A-Za-z'-]{0,25})")
_NOUN_TOKEN = re.compile(r"[ \u00a0]{1,2}([A-Za-z][A-Za-z'’-]{0,30})")
_CLAUSE_BREAK = re.compile(r", |; |: | - | – | — |\(|\)")
_SENTENCE_START_CHARS = frozenset(".!?\"'“‘(\n:")

_ATHLETICS_WORDS = _cues("athletics_words")
_WORDS = re.compile(r"[A-Za-z&]{1,40}")
_RACE_DISTANCES = _cues("race_distances")

_ORDINAL_NAME_NOUNS = _cues("ordinal_name_nouns")
_BARE_AFTER = frozenset(["", " ", "\u00a0", ".", ",", ";", ":", ")", "\n", "-"])
_FRACTION_BEFORE = _cues("fraction_before")
_ONE_PRONOUN_BEFORE = _cues("one_pronoun_before")
_CHAMPION_WORDS = _cues("champion_words")

_FIRST_TOKEN = re.compile(r"[ \u00a0]{0,2}(%|[A-Za-z°][A-Za-z]{0,20})")
_UNIT_FIRST_WORDS = frozenset(
    [p.split(" ", 1)[0] for p in (*_CURRENCY_WORDS, *_UNITS)]
    + ["%", "per", "percent", "percentage", "pct"]
)

_CONTEXT_MAX = 120
_CONTEXT_MIN = 30
_LOOK = 60  # characters read around a candidate for its neighbours


_NOT_NAME_STARTS = _cues("not_name_starts")
_TOP_VERBS = _cues("top_verbs")
_TOP_OF_NOUNS = _cues("top_of_nouns")
# "rockers top talent poll": top as a verb before a ranking
_TOP_VERB_USE = re.compile(r"[ \u00a0]([A-Za-z'’-]{1,20})")
# "top of the table", "topped the US charts", "topped the Sound of 2005 poll"
_TOP_OF = re.compile(
    r"(?:[ \u00a0]of)?[ \u00a0]the[ \u00a0](?:[A-Z][\w.&'’-]{0,20}[ \u00a0]){0,4}([A-Za-z]{2,15})"
)


# "Ten-year-old Dakota Fanning" tagged as one PERSON: the age is still a figure.
_AGE_PREFIX = re.compile(r"\S{1,20}-(?:year|month|week|day)s?-old\b", re.IGNORECASE)


class _Guard:
    """Answers 'is this offset inside a named-entity span?' in O(log n)."""

    def __init__(self, entities: list[Entity]) -> None:
        spans = sorted(
            (e.start, e.end)
            for e in entities
            if e.end > e.start
            and e.text.split(" ", 1)[0] not in _NOT_NAME_STARTS
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
        i = bisect_right(self._starts, offset) - 1
        return i >= 0 and self._reach[i] > offset


class _Reader:
    """Reads one figure outwards from a candidate match."""

    def __init__(self, text: str, guard: _Guard) -> None:
        self.text = text
        self.guard = guard
        self._sentences: SpanIndex | None = None
        self._prev: dict[int, str] = {}
        self._age_decades_until = -1
        # per sentence start: its words, and the clause breaks in it (computed once each)
        self._sentence_words: dict[int, frozenset[str]] = {}
        self._breaks: dict[int, tuple[list[int], list[int]]] = {}

    # ------------------------------------------------------------ helpers

    def sentence(self, offset: int) -> tuple[int, int]:
        """The sentence holding ``offset`` (sentences are split per paragraph, on demand)."""
        if self._sentences is None:
            self._sentences = SpanIndex(sentences(self.text))
        span = self._sentences.containing(offset)
        if span is None:  # between sentences: a short window, never a scan of the text
            return max(0, offset - _CONTEXT_MAX // 2), min(
                len(self.text), offset + _CONTEXT_MAX // 2
            )
        return span

    def prev_token(self, start: int) -> str:
        """The whitespace-delimited token that ends one or two spaces before ``start``."""
        cached = self._prev.get(start)
        if cached is not None:
            return cached
        if start < 2 or self.text[start - 1] not in " \u00a0":
            token = ""
        else:
            m = _PREV_TOKEN.search(self.text, max(0, start - 33), start)
            token = m.group(1) if m else ""
        self._prev[start] = token
        return token

    def next_word(self, end: int) -> str:
        m = _NEXT_WORD.match(self.text, end, min(len(self.text), end + 30))
        return m.group(1) if m else ""

    def at_sentence_start(self, start: int) -> bool:
        i = start - 1
        while i >= 0 and self.text[i] in " \u00a0\t":
            i -= 1
        return i < 0 or self.text[i] in _SENTENCE_START_CHARS

    def in_fixed_phrase(self, start: int, word: str) -> bool:
        parts = _PHRASES_BY_WORD.get(word)
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

    def name_before(self, start: int, end: int) -> bool:
        """Whether the word before ``start`` makes the number part of a name."""
        prev = self.prev_token(start)
        if not prev:
            return False
        if prev in _NAME_WORDS:
            return True
        if prev == "of" and self.capitalised_word_before(start - 3):
            return True  # "Sound of 2005", "Class of 1966"
        if self.text[end : end + 2] in ("'s", "’s") and self.capitalised_word_before(start):
            return True  # "Maroon 5's album"
        if self.text[end : end + 1] not in _BARE_AFTER or self.unit_after(end) is not None:
            return False  # "Jupiter Research 40%", "the FA Cup 45 years ago"
        if (
            self.capitalised_word_before(start)
            and self.capitalised_word_before(start - len(prev) - 1)
            and not self._plural_noun(self.next_word(end))
            and self.text[end : end + 1] != "-"
        ):
            return True  # "Media Player 10", "Grand Theft Auto 3"
        core = prev.rstrip("'’")
        return (
            2 <= len(core) <= 6
            and core.isalpha()
            and core.isupper()
            and core not in _CAPS_NOT_NAMES
            and core not in _CURRENCY_MARKS
        )

    @staticmethod
    def _plural_noun(word: str) -> bool:
        return len(word) > 3 and word.endswith("s") and word.lower() not in _NOUN_STOPS

    def capitalised_word_before(self, start: int) -> bool:
        """A capitalised word, not a month nor sentence-initial, ends right before ``start``."""
        prev = self.prev_token(start)
        if not prev or not prev[0].isupper() or not prev.isalpha():
            return False
        if _MONTH_WORD.fullmatch(prev) or prev in _CURRENCY_MARKS or prev in ("No", "Top"):
            return False
        return not self.at_sentence_start(start - len(prev) - 1)

    def title_around(self, start: int, end: int) -> bool:
        """A number between two capitalised words is part of a title ("One Against 20 Emcees")."""
        if not self.text[end + 1 : end + 2].isupper():
            return False
        nxt = self.next_word(end)
        if not nxt or not nxt[0].isupper() or nxt.isupper() or _MONTH_WORD.fullmatch(nxt):
            return False
        return self.capitalised_word_before(start)

    # ------------------------------------------------------------ suffixes

    def unit_after(self, pos: int) -> tuple[str, str, float, int] | None:
        """A currency, percent or unit right after ``pos``: (kind, unit, factor, end)."""
        text = self.text
        limit = min(len(text), pos + _LOOK)
        first = _FIRST_TOKEN.match(text, pos, limit)
        if first is None or first.group(1).lower() not in _UNIT_FIRST_WORDS:
            return None  # the common case, decided without reading further
        m = _PERCENT_POINT.match(text, pos, limit)
        if m:
            return "quantity", "percentage point", 1.0, m.end()
        m = _PERCENT.match(text, pos, limit)
        if m:
            return "percent", "%", 1.0, m.end()
        tokens: list[tuple[str, int]] = []
        cursor = pos
        for _ in range(_UNIT_WORDS_MAX):
            t = _TOKEN.match(text, cursor, limit)
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
            and _TOKEN.match(text, pos, limit) is not None
            and (pos < len(text) and text[pos] not in " \u00a0")
        )
        for n in range(len(tokens), 0, -1):
            phrase = " ".join(w for w, _ in tokens[:n]).lower()
            end = tokens[n - 1][1]
            if phrase in _CURRENCY_WORDS:
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
                code, factor = _CURRENCY_WORDS[phrase]
                return "money", code, factor, end
            if phrase in _UNITS:
                if len(phrase) == 1 and not glued:
                    continue
                unit, kind = _UNITS[phrase]
                return kind, unit, 1.0, end
        return None

    # ------------------------------------------------------------ readers

    def read_digits(self, m: re.Match[str], floor: int) -> Figure | None:
        text = self.text
        digits = m.group("digits")
        core_start = m.start("digits")
        end = m.end("digits")
        start = m.start()
        mark = m.group("cur")
        currency = _CURRENCY_MARKS.get(mark) if mark else None
        if mark and currency is None:
            return None
        if end < len(text) and text[end].isdigit():
            return None  # longer than any figure: a code or a run of digits
        if self.guard.inside(core_start):
            return None
        value = parse_digits(digits)
        if value is None:
            return None
        if mark is None:
            before = text[core_start - 1] if core_start > 0 else ""
            if before == "-" and core_start >= 2 and text[core_start - 2].isdigit():
                return None  # the second half of a pair that was not read as one
            if before == "-" and core_start >= 2 and text[core_start - 2].isalpha():
                word_m = re.search(
                    r"[A-Za-z]{1,12}$", text[max(0, core_start - 14) : core_start - 1]
                )
                if not word_m or word_m.group() not in _HYPHEN_PREFIX_OK:
                    return None  # F-16, Covid-19, Catch-22
            if self.name_before(core_start, end) or self.title_around(core_start, end):
                return None
            if self.address_after(end):
                return None
        # a sign in front: "-2.5%", "minus 4"
        sign = 1.0
        if (
            start > floor
            and start >= 1
            and text[start - 1] in "-−"
            and (start < 2 or text[start - 2] in " (\n\t")
        ):
            start -= 1
            sign = -1.0
        elif text[max(0, start - 6) : start].lower() == "minus " and start - 6 >= floor:
            start -= 6
            sign = -1.0
        value *= sign
        is_int = "." not in digits
        if (
            len(digits) == 2
            and core_start > 0
            and text[core_start - 1] in "'’"
            and (core_start < 2 or not text[core_start - 2].isalnum())
            and not text[end : end + 1].isalnum()
        ):
            full_year = (1900.0 if value >= 30 else 2000.0) + value  # "in '94"
            return Figure(core_start - 1, end, text[core_start - 1 : end], "date", full_year)
        if is_int and currency is None and value <= 31:
            dr = (
                _DAY_RANGE.match(text, end, min(len(text), end + 40))
                if _peek(text, end) in _RANGE_FIRST
                else None
            )
            if dr:
                year = re.search(r"[0-9]{4}", dr.group())
                fvalue = float(year.group()) if year else None
                return Figure(start, dr.end(), text[start : dr.end()], "date", fvalue)
        plain = digits.replace(",", "")

        if (
            is_int
            and text[end : end + 2] in ("'s", "’s")
            and len(plain) in (2, 4)
            and plain.endswith("0")
            and currency is None
        ):
            return self.decade(start, end + 2, plain, value)  # "the 70's"
        # glued letters: ordinals, decades, scales, units, clock times; else a name ("4G")
        glued_m = _GLUED.match(text, end, min(len(text), end + 12))
        glued = glued_m.group() if glued_m else ""
        after_glued = glued_m.end() if glued_m else end
        if (
            glued
            and after_glued < len(text)
            and (text[after_glued].isalnum() and not text[after_glued].isdigit())
        ):
            return None
        if glued and after_glued < len(text) and text[after_glued].isdigit():
            return None  # "4x4", "3G2"
        scale = 1.0
        kind: str | None = None
        unit: str | None = None
        glued_lower = glued.lower()
        if glued:
            if glued_lower in ("st", "nd", "rd", "th") and is_int:
                nxt = self.next_word(after_glued)
                if nxt[:1].isupper() and not _MONTH_WORD.fullmatch(nxt):
                    after_next = self.next_word(after_glued + 1 + len(nxt))
                    if nxt in _ORDINAL_NAME_NOUNS or after_next[:1].isupper():
                        return None  # "20th Century Fox", "the 19th Amendment"
                return Figure(start, after_glued, text[start:after_glued], "rank", value)
            if glued_lower == "s" and is_int:
                return self.decade(start, after_glued, plain, value)
            if glued_lower in ("am", "pm"):
                return Figure(start, after_glued, text[start:after_glued], "other", value)
            if glued == "%" or glued in ("pc", "pct"):
                kind, unit, end = "percent", "%", after_glued
            elif (glued_lower in SCALES and glued_lower not in WORD_SCALES) or glued_lower in (
                "thousand",
                "million",
                "billion",
                "trillion",
            ):
                if glued_lower == "m" and currency is None and self.metres(start, after_glued):
                    kind, unit, end = "quantity", "m", after_glued
                elif currency is None and (glued_lower == "b" or glued in ("M", "K", "B")):
                    return None  # "3M", "5K": names
                else:
                    scale = SCALES[glued_lower]
                    end = after_glued
            elif glued_lower in _UNITS and not (len(glued) == 1 and glued.isupper()):
                unit, kind = _UNITS[glued_lower]
                end = after_glued
            elif (glued_lower in _CURRENCY_WORDS and glued_lower in ("p", "c")) or (
                glued_lower in _CURRENCY_WORDS and currency is None
            ):
                code, factor = _CURRENCY_WORDS[glued_lower]
                return Figure(
                    start,
                    after_glued,
                    text[start:after_glued],
                    "money",
                    finite(value * factor),
                    code,
                )
            else:
                return None
        if scale == 1.0 and kind is None and _peek(text, end) in _SCALE_FIRST:
            sm = _SCALE_SPACED.match(text, end, min(len(text), end + 14))
            if sm:
                scale = SCALES[sm.group(1).lower()]
                end = sm.end()
                # Compound Indian scales: "1 lakh crore" is 10^5 x 10^7.
                more = _SCALE_SPACED.match(text, end, min(len(text), end + 14))
                if more and more.group(1).lower() in ("crore", "lakh"):
                    scale *= SCALES[more.group(1).lower()]
                    end = more.end()
            elif currency is not None:
                sm = re.match(r"[ \u00a0](m|k|bn)(?![\w])", text[end : end + 4])
                if sm:
                    scale = SCALES[sm.group(1)]
                    end += sm.end()
        value = value * scale

        # clock time "10:30"
        if kind is None and is_int and currency is None:
            cm = (
                _COLON_TIME.match(text, end, min(len(text), end + 4))
                if text[end : end + 1] == ":"
                else None
            )
            if cm and value < 25:
                end = cm.end()
                ck = _CLOCK.match(text, end, min(len(text), end + 6))
                if ck:
                    end = ck.end()
                return Figure(start, end, text[start:end], "other", value + int(cm.group(1)) / 60)
            ck = (
                _CLOCK.match(text, end, min(len(text), end + 6))
                if _peek(text, end) in "apGB"
                else None
            )
            if ck and scale == 1.0 and (value <= 24 or (len(digits) == 4 and value < 2400)):
                return Figure(start, ck.end(), text[start : ck.end()], "other", value)

        # year ranges "2004-05", "2003/2004"
        if (
            kind is None
            and currency is None
            and is_int
            and len(plain) == 4
            and scale == 1.0
            and 1000 <= value <= 2099
        ):
            ym = (
                _YEAR_RANGE.match(text, end, min(len(text), end + 6))
                if text[end : end + 1] in "-–/"
                else None
            )
            if ym:
                tail = ym.group(1)
                if len(tail) <= 2 or 1000 <= int(tail) <= 2099:
                    return Figure(start, ym.end(), text[start : ym.end()], "date", value)

        if text[end : end + 1] == "-" and text[end + 1 : end + 2].isupper():
            return None  # "7-Eleven", "Form 10-K"
        if text[end : end + 1] == "/" and text[end + 1 : end + 2].isdigit() and kind is None:
            return None  # "9/11", "24/7", "1/2": a name or a fraction written with a slash

        # ranges "$40-50 billion", "3.5 to 4.0%", "between 5 and 10"
        range_end = None
        range_sep = None
        if kind is None:
            rm = (
                _RANGE_TAIL.match(text, end, min(len(text), end + 40))
                if _peek(text, end) in _RANGE_FIRST
                else None
            )
            if rm and not (end < len(text) and text[end].isdigit()):
                sep = rm.group("sep")
                prev = self.prev_token(start).lower()
                if (
                    (sep == "and" and prev != "between")
                    or (sep == "to" and prev in ("from", "to", "by"))
                    or (sep == "to" and _PERCENT.match(text, end, end + 10))
                    or (len(digits) == 4 and 1000 <= value <= 2099 and sep not in "-–")
                    or (scale != 1.0 and (rm.group("cur") or rm.group("scale")))
                    or (sep == "to" and mark is not None and rm.group("cur") is not None)
                ):
                    rm = None
                if rm:
                    range_end = rm.end()
                    range_sep = sep
                    second_scale = rm.group("scale")
                    if second_scale and scale == 1.0:
                        scale = 1.0  # "$40-50 billion": the value is None anyway
                    if rm.group("cur") and currency is None:
                        currency = _CURRENCY_MARKS.get(rm.group("cur"))

        probe = range_end if range_end is not None else end
        found = None
        if kind is None:
            found = self.unit_after(probe)
            if found is not None and found[0] == "name":
                if currency is None:
                    return None
                found = None
        if found is None and kind is None and currency is None and scale > 1:
            nxt = self.next_word(probe)
            if nxt.lower() == "won":
                found = ("money", "KRW", 1.0, probe + 1 + len(nxt))
        if found is not None:
            f_kind, f_unit, factor, f_end = found
            if currency is not None and f_kind == "money":
                f_kind, f_unit, factor, f_end = "money", f_unit, 1.0, f_end
            if currency is None or f_kind == "money":
                kind, unit, end = f_kind, f_unit, f_end
                value = value * factor
                if range_end is not None:
                    range_end = f_end
        if currency is not None:
            kind, unit = "money", currency if kind in (None, "money") else unit
            if kind != "money":
                kind, unit = "money", currency
        if range_end is not None and kind is None:
            age = _AGE.match(text, range_end, min(len(text), range_end + 16))
            if age:  # "15 to 24-year-olds"
                return Figure(start, age.end(), text[start : age.end()], "other", None, "year")
        if range_end is not None:
            # Score or range? Scores are bare small integer pairs.
            if (
                range_sep in ("-", "–")
                and kind is None
                and is_int
                and scale == 1.0
                and "." not in text[end:range_end]
            ):
                nxt = self.next_word(range_end).lower()
                prev = self.prev_token(start).lower()
                if prev == "aged" or prev == "ages":
                    return Figure(start, range_end, text[start:range_end], "other", None, "year")
                if (
                    not nxt
                    or nxt in _SCORE_WORDS
                    or not nxt.isalpha()
                    or (range_end < len(text) and text[range_end] in ",.;)(")
                ):
                    return Figure(start, range_end, text[start:range_end], "other", value)
                noun = self.noun_after(range_end)
                nxt_raw = self.next_word(range_end)
                if noun is None or nxt_raw[:1].isupper():
                    # "2-1 down", "a 5-1 Champions League win": a score
                    return Figure(start, range_end, text[start:range_end], "other", value)
                return Figure(start, range_end, text[start:range_end], "count", None, None, noun)
            end = max(end, range_end)
            return Figure(start, end, text[start:end], kind or "count", None, unit)

        if kind is None:
            # "-year-old", "five-year", "three-party"
            hyphen = self.hyphen_after(start, end, value)
            if hyphen is not None:
                return hyphen
            if self.is_age(start, end, value, is_int):
                return Figure(start, end, text[start:end], "other", value, "year")
            if (
                is_int
                and len(digits) == 4
                and self.prev_token(start) == "at"
                and value < 2400
                and int(digits[2:]) < 60
                and not 1900 <= value <= 2030
            ):
                return Figure(start, end, text[start:end], "other", value)  # "at 1330"
            if is_int and len(digits) == 4 and scale == 1.0 and self.is_year(start, end, value):
                return Figure(start, end, text[start:end], "date", value)
            if self.next_word(end).lower() in ("points", "pts"):
                pts_end = end + 1 + len(self.next_word(end))
                if self.index_sentence(start):  # an index move
                    return Figure(start, pts_end, text[start:pts_end], "quantity", value, "points")
                return Figure(start, end, text[start:end], "count", value, None, "points")
            if self.is_index_level(start, value, digits):
                return Figure(start, end, text[start:end], "other", value)
            rank = self.rank_before(start, value)
            if rank is not None:
                return Figure(rank, end, text[rank:end], "rank", value)
            times = self.times_after(start, end, value)
            if times is not None:
                return times
            noun = self.noun_after(end)
            if noun in ("version", "release", "edition") or self.prev_token(start) in (
                "version",
                "Version",
            ):
                return Figure(start, end, text[start:end], "other", value)
            return Figure(start, end, text[start:end], "count", finite(value), None, noun)
        return Figure(start, end, text[start:end], kind, finite(value), unit)

    def metres(self, start: int, end: int) -> bool:
        """ "100m" in an athletics sense (metres), not a million."""
        nxt = self.next_word(end).lower()
        if nxt in _SPORT_METRE_WORDS:
            return True
        if self.text[start:end].lower() in _RACE_DISTANCES and (not nxt or nxt in _NOUN_STOPS):
            return True  # "the 800m and 1000m": not "800m people"
        if self.prev_token(start).lower() in ("the", "over", "a"):
            return not nxt or nxt in _NOUN_STOPS
        return not self.words_of_sentence(start).isdisjoint(_ATHLETICS_WORDS)

    def address_after(self, end: int) -> bool:
        """A house number: "10 Downing Street"."""
        if not self.text[end + 1 : end + 2].isupper():
            return False
        return _ADDRESS.match(self.text, end, min(len(self.text), end + 40)) is not None

    def decade(self, start: int, end: int, plain: str, value: float) -> Figure | None:
        text = self.text
        if len(plain) == 4 and plain.endswith("0"):
            if start > 0 and text[start - 1] in "'’":
                return None
            return Figure(start, end, text[start:end], "date", value)
        if len(plain) == 2 and plain.endswith("0"):
            prev = self.prev_token(start).lower().strip("'’")
            if (
                prev in _AGE_POSSESSIVES
                or (
                    prev in ("early", "late", "mid")
                    and (self.prev_token(start - len(prev) - 1).lower() in _AGE_POSSESSIVES)
                )
                or start <= self._age_decades_until
            ):
                self._age_decades_until = end + 6  # "in their 30s, 40s and 50s"
                return Figure(start, end, text[start:end], "other", value, "year")
            lo = start - 1 if start > 0 and text[start - 1] in "'’" else start
            century = 1900.0 if value >= 30 else 2000.0
            return Figure(lo, end, text[lo:end], "date", century + value)
        return None  # "747s": plural of a name

    def hyphen_after(self, start: int, end: int, value: float) -> Figure | None:
        text = self.text
        if end >= len(text) or text[end] != "-":
            return None
        limit = min(len(text), end + 30)
        m = _AGE.match(text, end, limit)
        if m:
            unit = m.group(1).lower()
            return Figure(start, m.end(), text[start : m.end()], "other", value, unit)
        m = _FOLD.match(text, end, limit)
        if m:
            return Figure(start, m.end(), text[start : m.end()], "multiplier", value)
        m = _HYPHEN_WORD.match(text, end, limit)
        if m:
            word = m.group(1).lower()
            if word in _UNITS:
                unit, kind = _UNITS[word]
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

    def is_age(self, start: int, end: int, value: float, is_int: bool) -> bool:
        if not is_int or not 1 <= value <= 120:
            return False
        text = self.text
        prev = self.prev_token(start).lower()
        if prev in ("aged", "age"):
            return True
        if text[max(0, start - 7) : start].lower() == "age of ":
            return True
        # "John Smith, 45, said" - a number between commas right after a name
        if start >= 2 and text[start - 2 : start] == ", " and end < len(text) and text[end] in ",)":
            before = self.prev_token(start).rstrip(",")
            return bool(before) and before[0].isupper() and before.isalpha()
        return False

    def is_year(self, start: int, end: int, value: float) -> bool:
        if not 1000 <= value <= 2099:
            return False
        prev = self.prev_token(start).lower()
        if prev in _YEAR_PREPOSITIONS or 1900 <= value <= 2030:
            return True
        if value < 1800:
            return False
        nxt = self.next_word(end)
        # "2000 people" is a count
        return not (nxt.islower() and nxt.endswith("s") and nxt not in _NOUN_STOPS and len(nxt) > 3)

    def words_of_sentence(self, offset: int) -> frozenset[str]:
        s, e = self.sentence(offset)
        words = self._sentence_words.get(s)
        if words is None:
            words = frozenset(_WORDS.findall(self.text, s, e))
            self._sentence_words[s] = words
        return words

    def index_sentence(self, offset: int) -> bool:
        return not self.words_of_sentence(offset).isdisjoint(_INDEX_WORDS)

    def is_index_level(self, start: int, value: float, digits: str) -> bool:
        if value < 100:
            return False
        prev = self.prev_token(start).lower()
        if prev not in ("at", "to", "from", "of") and "." not in digits:
            return False
        return not self.words_of_sentence(start).isdisjoint(_INDEX_NAMES)

    def rank_before(self, start: int, value: float) -> int | None:
        """ "No 1", "No. 2", "number 3": the start of the rank span, or None."""
        prev = self.prev_token(start)
        if prev not in ("No", "No.", "no", "no.", "number", "Number"):
            return None
        if prev == "no" and not self.text[start - 4 : start - 3].isspace():
            return None
        if value == 10 and prev == "No":
            return None  # No 10 (Downing Street)
        return start - len(prev) - 1

    def times_after(self, start: int, end: int, value: float) -> Figure | None:
        text = self.text
        m = _TIMES.match(text, end, min(len(text), end + 8))
        if m is None:
            return None
        nxt = self.next_word(m.end()).lower()
        if nxt in _TIMES_MULTIPLIER_NEXT:
            return Figure(start, m.end(), text[start : m.end()], "multiplier", value)
        return Figure(start, end, text[start:end], "count", value, None, "times")

    def noun_after(self, end: int) -> str | None:
        """The counted noun after a count: the head of the noun phrase, adjectives dropped."""
        text = self.text
        limit = min(len(text), end + 80)
        words: list[str] = []
        cursor = end
        for _ in range(4):
            m = _NOUN_TOKEN.match(text, cursor, limit)
            if m is None:
                break
            word = m.group(1).rstrip("'’")
            if word.endswith("-"):
                break  # "9,000 under-18s": a compound with digits, not a plain noun
            lower = word.lower()
            if (
                lower in _NOUN_STOPS
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
            if lower in _ADJECTIVES or word[0].isupper() or (lower.endswith("ed") and kept):
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

    # ------------------------------------------------------------ words

    def read_word(self, start: int, end: int, floor: int) -> Figure | None:
        word = self.text[start:end]
        lower = word.lower()
        if self.guard.inside(start):
            return None
        if self.in_fixed_phrase(start, lower):
            return None
        if word[0].isupper() and not self.at_sentence_start(start):
            return None  # "BBC Two", "Second World War", "First Minister"
        if lower == "number":
            return self.read_number_rank(start)
        if lower in ("top-ranked", "top-seeded"):
            return Figure(start, end, word, "rank", 1.0)
        if lower in ("top", "topped"):
            return self.read_top(start, end, lower)
        if lower in _MULTIPLIERS:
            return self.read_multiplier(start, end, lower)
        if lower == "twice":
            nxt = self.next_word(end).lower()
            kind = "multiplier" if nxt in _TIMES_MULTIPLIER_NEXT else "count"
            return Figure(start, end, word, kind, 2.0)
        if lower in FRACTIONS and lower not in ORDINALS:
            return self.read_fraction(start, end, lower, floor)
        if lower in ORDINALS and lower not in NUMBER_WORDS:
            return self.read_ordinal(start, end, lower, floor)
        if lower in WORD_SCALES or lower in ("dozen", "couple"):
            return self.read_a_number(start, end, lower, floor)
        return self.read_cardinal(start, floor)

    def read_top(self, start: int, end: int, lower: str) -> Figure | None:
        """First place said with "top": "came top", "topped the charts", "top of the table"."""
        text = self.text
        tail = _TOP_OF.match(text, end, min(len(text), end + 40))
        place = tail is not None and tail.group(1).lower() in _TOP_OF_NOUNS
        if lower == "topped":
            return Figure(start, end, text[start:end], "rank", 1.0) if place else None
        following = _TOP_VERB_USE.findall(text, end, min(len(text), end + 40))[:3]
        prev = self.prev_token(start)
        if (
            any(w in _TOP_OF_NOUNS for w in following)
            and prev
            and prev.lower() not in _ONE_PRONOUN_BEFORE
            and prev.lower() not in _AGE_POSSESSIVES
            and not prev.endswith(("'s", "’s", "s'"))
        ):
            return Figure(start, end, text[start:end], "rank", 1.0)  # "rockers top talent poll"
        if place or self.prev_token(start).lower() in _TOP_VERBS:
            nxt = self.next_word(end)
            if nxt and not place and nxt.lower() not in _NOUN_STOPS:
                return None  # "was top scorer", "top officials": an adjective
            return Figure(start, end, text[start:end], "rank", 1.0)
        return None

    def read_number_rank(self, start: int) -> Figure | None:
        m = re.compile(
            r"[Nn]umber[ \u00a0](one|two|three|four|five|six|seven|eight|nine|ten)(?!\w)"
        )
        hit = m.match(self.text, start, min(len(self.text), start + 20))
        if hit is None:
            return None
        return Figure(start, hit.end(), hit.group(), "rank", NUMBER_WORDS[hit.group(1)])

    def read_multiplier(self, start: int, end: int, lower: str) -> Figure | None:
        text = self.text
        if lower in _MULTIPLIER_BASE:
            nxt = self.next_word(end).lower()
            punct = end < len(text) and text[end] in ".,;"
            if nxt in _CHAMPION_WORDS:
                return Figure(start, end, text[start:end], "count", _MULTIPLIERS[lower])
            if nxt not in _MULTIPLIER_BASE_NEXT and not punct:
                return None
        return Figure(start, end, text[start:end], "multiplier", _MULTIPLIERS[lower])

    def read_fraction(self, start: int, end: int, lower: str, floor: int) -> Figure | None:
        text = self.text
        a_before = text[max(0, start - 2) : start].lower() == "a " and start - 2 >= floor
        a_start = start - 2 if a_before else start
        if a_before and start >= 3 and text[start - 3].isalnum():
            a_before, a_start = False, start
        nxt = self.next_word(end).lower()
        value = FRACTIONS[lower]
        if lower == "half":
            hp = _HALF_POINT.match(text, end, min(len(text), end + 26))
            if hp:  # "a half-point cut", "half a percentage point"
                return Figure(
                    a_start, hp.end(), text[a_start : hp.end()], "quantity", 0.5, "percentage point"
                )
        if lower in ("half", "halves"):
            if self.prev_token(a_start).lower() in ORDINALS:
                return None  # "the first half of 2005": a period, not a fraction
            if not (nxt in _HALF_NEXT or a_before):
                prev = self.prev_token(start).lower()
                if prev not in ("by", "than", "almost", "nearly", "about", "around", "over"):
                    return None
            # "half an hour", "half a million", "half a dozen"
            hm = re.match(r"[ \u00a0]an?[ \u00a0]([A-Za-z]{3,12})(?!\w)", text[end : end + 20])
            if hm:
                follow = hm.group(1).lower()
                if follow in _UNITS and _UNITS[follow][1] == "duration":
                    e2 = end + hm.end()
                    return Figure(a_start, e2, text[a_start:e2], "duration", 0.5, _UNITS[follow][0])
                if follow in WORD_SCALES or follow == "dozen":
                    e2 = end + hm.end()
                    mult = 12.0 if follow == "dozen" else SCALES[follow]
                    noun = self.noun_after(e2)
                    return Figure(a_start, e2, text[a_start:e2], "count", 0.5 * mult, None, noun)
            return Figure(a_start, end, text[a_start:end], "other", value)
        if lower == "quarter" and a_before:
            qp = _QUARTER_POINT.match(text, end, min(len(text), end + 30))
            if qp:
                return Figure(
                    a_start,
                    qp.end(),
                    text[a_start : qp.end()],
                    "quantity",
                    0.25,
                    "percentage point",
                )
        if a_before and nxt == "of":
            return Figure(a_start, end, text[a_start:end], "other", value)
        return None

    def read_ordinal(self, start: int, end: int, lower: str, floor: int) -> Figure | None:
        text = self.text
        rank = ORDINALS[lower]
        if lower in FRACTIONS:
            a_before = text[max(0, start - 2) : start].lower() == "a " and start - 2 >= floor
            nxt = self.next_word(end).lower()
            if a_before and (
                nxt == "of" or (not nxt and self.prev_token(start - 2).lower() in _FRACTION_BEFORE)
            ):  # "a third of", "fell by a third."
                return Figure(start - 2, end, text[start - 2 : end], "other", FRACTIONS[lower])
        if lower == "first" and self.at_sentence_start(start) and text[end : end + 1] == ",":
            return None  # "First, ..." as a discourse marker
        if lower == "second":
            prev = self.prev_token(start).lower()
            if prev in NUMBER_WORDS or prev.replace(".", "").isdigit():
                return None  # a unit of time, read with its number
            if prev in ("every", "per", "each", "a") and not self.next_word(end).isalpha():
                return None  # "every second."
        sm = _SUPERLATIVE.match(text, end, min(len(text), end + 24))
        if sm and sm.group(1).lower() not in _NOT_SUPERLATIVE:
            end = sm.end()
        elif text[end : end + 1] == "-":
            hw = _HYPHEN_WORD.match(text, end, min(len(text), end + 22))
            if hw:
                end = hw.end()  # "third-generation", "first-round"
        return Figure(start, end, text[start:end], "rank", rank)

    def read_a_number(self, start: int, end: int, lower: str, floor: int) -> Figure | None:
        """ "a dozen", "a couple", "a million", "a hundred" (only with the article)."""
        text = self.text
        vague = re.search(r"(?:\ba few|\bseveral|\bfew)[ \u00a0]$", text[max(0, start - 9) : start])
        if vague and lower in WORD_SCALES and start - len(vague.group()) >= floor:
            # "a few hundred dollars": a figure without a definite value
            v_start = start - len(vague.group())
            found = self.unit_after(end)
            if found is not None and found[0] in ("money", "quantity", "duration", "percent"):
                return Figure(v_start, found[3], text[v_start : found[3]], found[0], None, found[1])
            return Figure(
                v_start, end, text[v_start:end], "count", None, None, self.noun_after(end)
            )
        if not (text[max(0, start - 2) : start].lower() == "a " and start - 2 >= floor):
            return None
        if start >= 3 and text[start - 3].isalnum():
            return None
        a_start = start - 2
        if lower == "couple":
            value = 2.0
            om = re.match(r"[ \u00a0]of(?!\w)", text[end : end + 4])
            noun_from = end + (om.end() if om else 0)
        elif lower == "dozen":
            value = 12.0
            noun_from = end
        else:
            value = SCALES[lower]
            noun_from = end
        found = self.unit_after(noun_from)
        if found is not None and found[0] in ("duration", "money", "quantity"):
            kind, unit, factor, f_end = found
            return Figure(a_start, f_end, text[a_start:f_end], kind, value * factor, unit)
        hyphen = self.hyphen_after(a_start, end, value)
        if hyphen is not None:  # "a hundred-year-old tree"
            return hyphen
        noun = self.noun_after(noun_from)
        return Figure(a_start, end, text[a_start:end], "count", value, None, noun)

    def read_cardinal(self, start: int, floor: int) -> Figure | None:
        text = self.text
        parsed = read_number_words(text, start)
        if parsed is None:
            return None
        value, end = parsed
        om = _HYPHEN_WORD.match(text, end, min(len(text), end + 16))
        if om and value >= 20 and value % 10 == 0 and ORDINALS.get(om.group(1).lower(), 10) < 10:
            rank_end = om.end()  # "twenty-first"
            return Figure(
                start, rank_end, text[start:rank_end], "rank", value + ORDINALS[om.group(1).lower()]
            )
        # fractions: "two-thirds", "three quarters", "one and a half"
        fm = _FRACTION_TAIL.match(text, end, min(len(text), end + 12))
        if fm and value < 20:
            part = FRACTIONS[fm.group(1).lower()]
            end = fm.end()
            nxt_of = self.next_word(end).lower() == "of"
            if (
                fm.group(1).lower() in ("quarter", "quarters")
                and not nxt_of
                and "-" not in fm.group()
            ):
                return None
            return Figure(start, end, text[start:end], "other", value * part)
        hm = _AND_A_HALF.match(text, end, min(len(text), end + 16))
        if hm:
            value += 0.5
            end = hm.end()
            sm = _SCALE_SPACED.match(text, end, min(len(text), end + 14))
            if sm:
                value *= SCALES[sm.group(1).lower()]
                end = sm.end()
        sign_start = start
        if text[max(0, start - 6) : start].lower() == "minus " and start - 6 >= floor:
            sign_start = start - 6
            value = -value
        start = sign_start
        if self.rank_before(start, value) is not None:
            rs = self.rank_before(start, value)
            assert rs is not None
            return Figure(rs, end, text[rs:end], "rank", value)
        found = self.unit_after(end)
        if found is not None:
            kind, unit, factor, f_end = found
            if kind == "name":
                return None
            return Figure(start, f_end, text[start:f_end], kind, finite(value * factor), unit)
        # "two to three years", "four or five defenders": a range of words
        rm = re.match(r"[ \u00a0](?:to|or)[ \u00a0]", text[end : end + 5])
        if rm and value < 100:
            second = read_number_words(text, end + rm.end())
            if second is not None and second[0] > value:
                found = self.unit_after(second[1])
                if found is not None and found[0] != "name":
                    kind, unit, _factor, f_end = found
                    return Figure(start, f_end, text[start:f_end], kind, None, unit)
                s_end = second[1]
                noun = self.noun_after(s_end)
                if noun is not None:
                    return Figure(start, s_end, text[start:s_end], "count", None, None, noun)
        hyphen = self.hyphen_after(start, end, value)
        if hyphen is not None:
            return hyphen
        times = self.times_after(start, end, value)
        if times is not None:
            return times
        if end < len(text) and text[end] == "-":
            return None  # "one-off" style compounds not covered above
        nxt = self.next_word(end).lower()
        if nxt == "of":
            return Figure(start, end, text[start:end], "count", value)
        noun = self.noun_after(end)
        if value == 1 and end - start == 3:
            prev = self.prev_token(start).lower()
            capitalised_next = self.next_word(end)[:1].isupper()
            if noun is None and nxt not in ("", "in", "or", "and") and not capitalised_next:
                return None  # pronoun "one": "one said"
            if prev in _ONE_PRONOUN_BEFORE or prev.endswith("est"):
                return None  # "the one who", "another one", "the fastest one"
            if noun is not None and noun.endswith("ing"):
                return None  # "another one making"
        return Figure(start, end, text[start:end], "count", value, None, noun)

    # ------------------------------------------------------------ dates

    def read_date(self, start: int, end: int) -> Figure | None:
        span = self.text[start:end]
        month = re.search(_MONTHS, span)
        if (
            month
            and month.group() in ("May", "June", "April", "August")
            and self.guard.inside(start + month.start())
        ):
            return None  # Theresa May, April Jones
        if (
            month
            and month.group() == "May"
            and not re.search(r"[0-9]{4}|[0-9] May", span)
            and not self.at_sentence_start(start)
            and self.prev_token(start)[:1].isupper()
        ):
            return None  # "Theresa May 5 ...": a person called May, not a date
        year = re.search(r"[0-9]{4}", span)
        value = float(year.group()) if year else None
        return Figure(start, end, self.text[start:end], "date", value)

    def refine_duration(self, fig: Figure) -> None:
        """Ages and measured times that read like durations."""
        text = self.text
        if re.match(r"[ \u00a0]old(?!\w)", text[fig.end : fig.end + 5]):
            fig.kind = "other"  # "three months old", "18 years old"
            return
        before = text[max(0, fig.start - 40) : fig.start].lower()
        if re.search(r"\b(?:aged|age of)[ \u00a0]$", before) or re.search(
            r"\baged[ \u00a0][0-9a-z]{1,12}[ \u00a0][a-z]{3,7},?[ \u00a0]and[ \u00a0]$", before
        ):
            fig.kind = "other"  # "aged 18 years and 185 days"
            return
        if fig.unit == "second" and fig.value is not None and fig.value != int(fig.value):
            fig.kind = "quantity"  # a race time: "6.61 seconds"

    # ------------------------------------------------------------ context

    def context(self, start: int, end: int) -> str:
        s, e = self.sentence(start)
        e = max(e, min(end, len(self.text)))
        text = self.text
        cached = self._breaks.get(s)
        if cached is None:
            found = list(_CLAUSE_BREAK.finditer(text, s, e))
            cached = ([b.start() for b in found], [b.end() for b in found])
            self._breaks[s] = cached
        break_starts, break_ends = cached
        # clause = the stretch between the clause breaks around the figure
        i = bisect_right(break_ends, start)  # breaks [0, i) end at or before the figure
        j = bisect_left(break_starts, end, i)  # breaks [j, ...) start at or after its end
        lo = break_ends[i - 1] if i > 0 else s
        hi = break_starts[j] if j < len(break_starts) else e
        # too short to say what it measures: widen to the neighbouring clauses
        while hi - lo < _CONTEXT_MIN and (lo > s or hi < e):
            if lo > s:
                i -= 1
                lo = break_ends[i - 1] if i > 0 else s
            if hi - lo < _CONTEXT_MIN and hi < e:
                j += 1
                hi = break_starts[j] if j < len(break_starts) else e
        if hi - lo > _CONTEXT_MAX:
            half = (_CONTEXT_MAX - (end - start)) // 2
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


def _match_start(m: re.Match[str]) -> int:
    return m.start()


def _read_number(reader: _Reader, text: str, pos: int, floor: int) -> Figure | None:
    """The figure whose digits start at ``pos``: a date, or a number with its currency mark."""
    window = max(floor, pos - 12)
    month = _MONTH_BEFORE.search(text, window, pos)
    if month is not None:
        date = _DATE_AT.match(text, month.start())
        if date is not None:
            return reader.read_date(date.start(), date.end())
    date = _DATE_AT.match(text, pos)
    if date is not None:
        return reader.read_date(date.start(), date.end())
    mark = _CURRENCY_BEFORE.search(text, max(floor, pos - 9), pos)
    if pos > 0 and text[pos - 1].isalpha() and mark is None:
        return None  # letters glued in front: a name or code ("ABC123"), not "EUR40m"
    number = _NUMBER_AT.match(text, mark.start() if mark else pos)
    if number is None or number.start("digits") != pos:
        number = _NUMBER_AT.match(text, pos)
    if number is None:
        return None
    return reader.read_digits(number, floor)


def find_figures(text: str, entities: list[Entity]) -> list[Figure]:
    """Every numeric expression in ``text``, in order and non-overlapping."""
    if not text:
        return []
    reader = _Reader(text, _Guard(entities))
    out: list[Figure] = []
    floor = 0
    lowered = text.lower()
    if len(lowered) == len(text):
        words = _WORD_SCAN.finditer(lowered)
    else:  # lower-casing changed the length (e.g. "İ"): offsets would shift
        words = _WORD_SCAN_ANYCASE.finditer(text)
    hits = [*_DIGIT_SCAN.finditer(text), *words]
    hits.sort(key=_match_start)
    for m in hits:
        pos = m.start()
        if pos < floor:
            continue
        if m.end() - pos == 1 and text[pos].isdigit():
            fig = _read_number(reader, text, pos, floor)
        else:
            fig = reader.read_word(pos, m.end(), floor)
        if fig is None or fig.start < floor or fig.end <= fig.start:
            continue
        if fig.kind == "duration":
            reader.refine_duration(fig)
        if fig.value is not None:
            # 265.9 * 1e9 is 265899999999.99997 in binary: keep 15 significant digits
            fig.value = float(f"{fig.value:.15g}")
        out.append(fig)
        floor = fig.end
    for fig in out:
        fig.context = reader.context(fig.start, fig.end)
    return out
