"""The figure extractor's word lists and tables, loaded once from data/figures_*.* as typed constants.

Every list the figure rules consult lives in a data file; this module only names them.
Lists that feed a regular expression keep their file order (``load_words``).
"""

from __future__ import annotations

import re

from store.extract import numbers
from store.extract.lexicons import load_lexicon, load_table, load_words


def alternation(name: str) -> str:
    """The entries of ``name`` joined as a regex alternation, in file order."""
    return "|".join(load_words(name))


# ---- numbers (owned by store.extract.numbers, which the read model's query shares) ---------
NUMBER_WORDS = numbers.NUMBER_WORDS
SCALES = numbers.SCALES
ORDINALS = numbers.ORDINALS
FRACTIONS = numbers.FRACTIONS
WORD_SCALES = numbers.WORD_SCALES

# ---- units, currencies, multipliers -------------------------------------------------------
CURRENCY_MARKS: dict[str, str] = load_table("figures_currency_symbols.tsv")
CURRENCY_WORDS: dict[str, tuple[str, float]] = {
    name.lower(): (rest.split("\t")[0].strip(), float(rest.split("\t")[-1]))
    for name, rest in load_table("figures_currency_words.tsv").items()
}
UNITS: dict[str, tuple[str, str]] = {
    name.lower(): (rest.split("\t")[0].strip(), rest.split("\t")[-1].strip())
    for name, rest in load_table("figures_units.tsv").items()
}
MULTIPLIERS: dict[str, float] = {
    k.lower(): float(v) for k, v in load_table("figures_multipliers.tsv").items()
}
NAME_WORDS: frozenset[str] = load_lexicon("figures_name_words.txt")
_CUE_WORDS: dict[str, str] = load_table("figures_cue_words.tsv")


def _cues(role: str) -> frozenset[str]:
    """One list of context words from data/figures_cue_words.tsv."""
    return frozenset(_CUE_WORDS[role].split())


FIXED_PHRASES: frozenset[str] = frozenset(
    p.lower() for p in load_lexicon("figures_fixed_phrases.txt")
)
ADJECTIVES: frozenset[str] = frozenset(w.lower() for w in load_lexicon("figures_adjectives.txt"))
NOUN_STOPS: frozenset[str] = frozenset(w.lower() for w in load_lexicon("figures_noun_stops.txt"))
SCORE_WORDS: frozenset[str] = frozenset(w.lower() for w in load_lexicon("figures_score_words.txt"))
INDEX_WORDS: frozenset[str] = load_lexicon("figures_index_words.txt")
INDEX_NAMES: frozenset[str] = INDEX_WORDS - {"shares", "stocks", "stock", "index", "indices"}


def _phrases_by_word() -> dict[str, list[tuple[str, str]]]:
    """Fixed phrases keyed by each number word in them: (text before it, text after it)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for phrase in sorted(FIXED_PHRASES):
        for m in re.finditer(r"[a-z]+", phrase):
            word = m.group()
            if word in NUMBER_WORDS or word in ORDINALS or word in FRACTIONS:
                out.setdefault(word, []).append((phrase[: m.start()], phrase[m.end() :]))
    return out


PHRASES_BY_WORD: dict[str, list[tuple[str, str]]] = _phrases_by_word()

# ---- context words (data/figures_cue_words.tsv) -------------------------------------------
MULTIPLIER_BASE = _cues("multiplier_base")
MULTIPLIER_BASE_NEXT = _cues("multiplier_base_next")
TIMES_MULTIPLIER_NEXT = _cues("times_multiplier_next")
HALF_NEXT = _cues("half_next")
HALF_BEFORE = _cues("half_before")
YEAR_PREPOSITIONS = _cues("year_prepositions")
AGE_POSSESSIVES = _cues("age_possessives")
HYPHEN_PREFIX_OK = _cues("hyphen_prefix_ok")
CAPS_NOT_NAMES = _cues("caps_not_names")
SPORT_METRE_WORDS = _cues("sport_metre_words")
NOT_SUPERLATIVE = _cues("not_superlative")
ATHLETICS_WORDS = _cues("athletics_words")
RACE_DISTANCES = _cues("race_distances")
ORDINAL_NAME_NOUNS = _cues("ordinal_name_nouns")
FRACTION_BEFORE = _cues("fraction_before")
ONE_PRONOUN_BEFORE = _cues("one_pronoun_before")
CHAMPION_WORDS = _cues("champion_words")
NOT_NAME_STARTS = _cues("not_name_starts")
TOP_VERBS = _cues("top_verbs")
TOP_OF_NOUNS = _cues("top_of_nouns")
RANK_BEFORE = _cues("rank_before")
CANDIDATE_WORDS = _cues("candidate_words")

# First words of a unit or currency after a number: cheap test before reading a unit.
UNIT_FIRST_WORDS: frozenset[str] = frozenset(
    [p.split(" ", 1)[0] for p in (*CURRENCY_WORDS, *UNITS)]
    + ["%", "per", "percent", "percentage", "pct"]
)

# ---- alternations for patterns ------------------------------------------------------------
MONTH_NAMES: str = alternation("figures_months")
MONTH_ABBREVIATIONS: str = alternation("figures_month_abbreviations")
STREET_WORDS: str = alternation("figures_street_words")
SPACED_SCALES: str = alternation("figures_spaced_scales")
RANGE_SCALES: str = alternation("figures_range_scales")
FRACTION_WORDS: str = alternation("figures_fraction_words")
CLOCK_MARKS: str = alternation("figures_clock_marks")
