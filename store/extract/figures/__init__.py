"""Figures: money, percentages, counts, quantities, multipliers, ranks, durations, dates.

Rule-based and linear-time. Two cheap scans find the candidates (digits, and number
words / ordinals / fractions / multiplier words in the lower-cased text); each is then
read outwards with small anchored, bounded patterns (currency mark, scale, range, unit,
counted noun). Word lists and tables live in data/figures_*.{txt,tsv} (``lexicon``). Decisions follow
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

from store.extract.figures.context import FigureContext
from store.extract.figures.digits import DigitReader
from store.extract.figures.guards import EntityGuard, Guards
from store.extract.figures.patterns import (
    CURRENCY_BEFORE,
    DATE_AT,
    DIGIT_SCAN,
    MONTH_BEFORE,
    NUMBER_AT,
    WORD_SCAN,
    WORD_SCAN_ANYCASE,
)
from store.extract.figures.words import WordReader
from store.records import Entity, Figure


def _match_start(m: re.Match[str]) -> int:
    """Sort key: where a candidate match starts."""
    return m.start()


def _read_number(
    digits: DigitReader, words: WordReader, text: str, pos: int, floor: int
) -> Figure | None:
    """The figure whose digits start at ``pos``: a date, or a number with its currency mark."""
    window = max(floor, pos - 12)
    month = MONTH_BEFORE.search(text, window, pos)
    if month is not None:
        date = DATE_AT.match(text, month.start())
        if date is not None:
            return words.read_date(date.start(), date.end())
    date = DATE_AT.match(text, pos)
    if date is not None:
        return words.read_date(date.start(), date.end())
    mark = CURRENCY_BEFORE.search(text, max(floor, pos - 9), pos)
    if pos > 0 and text[pos - 1].isalpha() and mark is None:
        return None  # letters glued in front: a name or code ("ABC123"), not "EUR40m"
    number = NUMBER_AT.match(text, mark.start() if mark else pos)
    if number is None or number.start("digits") != pos:
        number = NUMBER_AT.match(text, pos)
    if number is None:
        return None
    return digits.read_digits(number, floor)


def find_figures(text: str, entities: list[Entity]) -> list[Figure]:
    """Every numeric expression in ``text``, in order and non-overlapping."""
    if not text:
        return []
    ctx = FigureContext(text)
    guard = EntityGuard(entities)
    digits = DigitReader(ctx, Guards(ctx), guard)
    words_reader = WordReader(ctx, guard)
    out: list[Figure] = []
    floor = 0
    lowered = text.lower()
    if len(lowered) == len(text):
        words = WORD_SCAN.finditer(lowered)
    else:  # lower-casing changed the length (e.g. "İ"): offsets would shift
        words = WORD_SCAN_ANYCASE.finditer(text)
    hits = [*DIGIT_SCAN.finditer(text), *words]
    hits.sort(key=_match_start)
    for m in hits:
        pos = m.start()
        if pos < floor:
            continue
        if m.end() - pos == 1 and text[pos].isdigit():
            fig = _read_number(digits, words_reader, text, pos, floor)
        else:
            fig = words_reader.read_word(pos, m.end(), floor)
        if fig is None or fig.start < floor or fig.end <= fig.start:
            continue
        if fig.kind == "duration":
            words_reader.refine_duration(fig)
        if fig.value is not None:
            # 265.9 * 1e9 is 265899999999.99997 in binary: keep 15 significant digits
            fig.value = float(f"{fig.value:.15g}")
        out.append(fig)
        floor = fig.end
    for fig in out:
        fig.context = ctx.context(fig.start, fig.end)
    return out


__all__ = ["find_figures"]
