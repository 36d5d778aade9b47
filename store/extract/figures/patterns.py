"""The figure extractor's patterns: candidate scans, dates, currencies, scales, units.

Every pattern is anchored and bounded, so reading a candidate outwards stays linear.
"""

from __future__ import annotations

import re

from store.extract.figures.lexicon import (
    CANDIDATE_WORDS,
    CLOCK_MARKS,
    CURRENCY_MARKS,
    FRACTION_WORDS,
    FRACTIONS,
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    MULTIPLIERS,
    NUMBER_WORDS,
    ORDINALS,
    RANGE_SCALES,
    SPACED_SCALES,
    STREET_WORDS,
    WORD_SCALES,
)


def _alternation(words: list[str], flags_insensitive: bool = False) -> str:
    """A regex alternation of ``words``, longest first (optionally case-insensitive)."""
    body = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return f"(?i:{body})" if flags_insensitive else f"(?:{body})"


MONTHS = f"{MONTH_NAMES}|(?:{MONTH_ABBREVIATIONS})(?![a-z])\\.?"
DIGITS = r"(?:[0-9]{1,3}(?:,[0-9]{3}){1,6}(?![0-9])|[0-9]{1,24})(?:\.[0-9]{1,10})?"
CUR_MARK = _alternation(list(CURRENCY_MARKS))
ORDINAL_SUFFIX = r"(?:st|nd|rd|th)"
DATE = (
    rf"(?<![\w.,])[0-9]{{1,2}}{ORDINAL_SUFFIX}?[ \u00a0](?:of[ \u00a0])?(?:{MONTHS})"
    rf"(?:,?[ \u00a0][0-9]{{4}}(?![0-9]))?(?!\w)"
    rf"|\b(?:{MONTHS})[ \u00a0][0-9]{{4}}(?![0-9])"
    rf"|\b(?:{MONTHS})[ \u00a0][0-9]{{1,2}}{ORDINAL_SUFFIX}?(?![0-9])"
    rf"(?:,?[ \u00a0][0-9]{{4}}(?![0-9]))?(?!\w)"
)
WORD_CANDIDATES = (
    list(NUMBER_WORDS)
    + list(ORDINALS)
    + list(FRACTIONS)
    + list(MULTIPLIERS)
    + [w for w in WORD_SCALES if w != "crore" and w != "lakh"]
    + list(CANDIDATE_WORDS)
)


def trie_pattern(words: list[str]) -> str:
    """A regex alternation of ``words`` folded into a prefix tree: far fewer branches to try."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        """The pattern of one node of the prefix tree."""
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
DIGIT_SCAN = re.compile(r"[0-9](?<![\w.,/][0-9])|(?<=\b[A-Z]{3})[0-9]")
WORD_SCAN = re.compile(
    rf"(?<![a-z0-9_-])(?:{trie_pattern(sorted({w.lower() for w in WORD_CANDIDATES}))})"
    r"(?![a-z0-9_])"
)
WORD_SCAN_ANYCASE = re.compile(WORD_SCAN.pattern, re.IGNORECASE)
DATE_AT = re.compile(DATE)
MONTH_BEFORE = re.compile(rf"\b(?:{MONTHS})[ \u00a0]$")
CURRENCY_BEFORE = re.compile(rf"(?<![\w.,$£€¥])(?:{CUR_MARK})[ \u00a0]?$")
NUMBER_AT = re.compile(rf"(?:(?P<cur>{CUR_MARK})[ \u00a0]?)?(?P<digits>{DIGITS})")
DAY_RANGE = re.compile(rf"[ \u00a0]?(?:-|–|to|and)[ \u00a0]?(?:{DATE})")
ADDRESS = re.compile(rf"[ \u00a0][A-Z][a-z]{{1,20}}[ \u00a0](?:{STREET_WORDS})\b")
MONTH_WORD = re.compile(rf"(?:{MONTHS})")
# First characters (after a space) of what can follow a number: cheap tests before a regex.
RANGE_FIRST = frozenset("-–—ta")
SCALE_FIRST = frozenset("-htmbclHTMBCL")


def peek(text: str, pos: int) -> str:
    """The first character at ``pos`` after at most two spaces ("" at the end)."""
    for i in range(pos, min(pos + 3, len(text))):
        if text[i] not in " \u00a0":
            return text[i]
    return ""


GLUED = re.compile(r"[A-Za-z%°]{1,12}")
TOKEN = re.compile(r"[ \u00a0]{0,2}([A-Za-z°][A-Za-z]{0,20}(?:[-/.][A-Za-z]{1,20}){0,2})")
SCALE_SPACED = re.compile(
    rf"(?:[ \u00a0]{{1,2}}|-)({SPACED_SCALES})"
    r"(?:(?<=crore)s|(?<=lakh)s)?(?!\w)",
    re.IGNORECASE,
)
RANGE_TAIL = re.compile(
    rf"[ \u00a0]?(?P<sep>-|–|—|to|and)[ \u00a0]?(?P<cur>{CUR_MARK})?(?P<digits>{DIGITS})"
    r"(?P<scale>(?:bn|mn|tn|m|k)(?![A-Za-z])"
    rf"|[ \u00a0](?:{RANGE_SCALES})(?![A-Za-z]))?"
    r"(?![0-9])"
)
PERCENT = re.compile(r"[ \u00a0]?(?:%|(?i:per[ \u00a0]?cent|percent|pct)(?!\w))")
PERCENT_POINT = re.compile(
    r"[ \u00a0](?i:percentage|per[ \u00a0]cent(?:age)?)[ \u00a0](?i:points?)(?!\w)"
)
AGE = re.compile(r"-(year|month|week|day)s?-olds?(?![\w-])", re.IGNORECASE)
HYPHEN_WORD = re.compile(r"-([A-Za-z]{1,20})(?![\w-])")
CLOCK = re.compile(rf"[ \u00a0]?(?:{CLOCK_MARKS})")
COLON_TIME = re.compile(r":([0-5][0-9])(?![0-9])")
YEAR_RANGE = re.compile(r"[-–/]([0-9]{1,2}|[0-9]{4})(?![0-9\w])")
PREV_TOKEN = re.compile(r"(\S{1,30})[ \u00a0]{1,2}$")
FRACTION_TAIL = re.compile(
    rf"[- \u00a0]({FRACTION_WORDS})(?![\w-])",
    re.IGNORECASE,
)
AND_A_HALF = re.compile(r"[ \u00a0]and[ \u00a0]a[ \u00a0]half(?![\w-])", re.IGNORECASE)
SUPERLATIVE = re.compile(
    r"[- \u00a0](?:most[ \u00a0])?([a-z]{2,15}est|ranked|placed|seeded|best|worst)(?![\w-])"
)
QUARTER_POINT = re.compile(
    r"(?:[- \u00a0]point|[ \u00a0]of[ \u00a0]a[ \u00a0](?:percentage[ \u00a0])?point)(?![\w-])"
)
HALF_POINT = re.compile(r"(?:-point|[ \u00a0]a[ \u00a0](?:percentage[ \u00a0])?point)(?![\w-])")
FOLD = re.compile(r"[- \u00a0]?fold(?![\w-])", re.IGNORECASE)
TIMES = re.compile(r"[ \u00a0]times(?![\w-])")
NEXT_WORD = re.compile(r"[ \u00a0]{1,2}([A-Za-z][A-Za-z'-]{0,25})")
NOUN_TOKEN = re.compile(r"[ \u00a0]{1,2}([A-Za-z][A-Za-z'’-]{0,30})")
CLAUSE_BREAK = re.compile(r", |; |: | - | – | — |\(|\)")
SENTENCE_START_CHARS = frozenset(".!?\"'“‘(\n:")

WORDS = re.compile(r"[A-Za-z&]{1,40}")

# What may follow a bare number in a name ("Maroon 5."). Inline because "" and the spaces
# are entries, and data files are read with edge spaces stripped.
BARE_AFTER = frozenset(["", " ", "\u00a0", ".", ",", ";", ":", ")", "\n", "-"])

FIRST_TOKEN = re.compile(r"[ \u00a0]{0,2}(%|[A-Za-z°][A-Za-z]{0,20})")

CONTEXT_MAX = 120
CONTEXT_MIN = 30
LOOK = 60  # characters read around a candidate for its neighbours


# "rockers top talent poll": top as a verb before a ranking
TOP_VERB_USE = re.compile(r"[ \u00a0]([A-Za-z'’-]{1,20})")
# "top of the table", "topped the US charts", "topped the Sound of 2005 poll"
TOP_OF = re.compile(
    r"(?:[ \u00a0]of)?[ \u00a0]the[ \u00a0](?:[A-Z][\w.&'’-]{0,20}[ \u00a0]){0,4}([A-Za-z]{2,15})"
)
