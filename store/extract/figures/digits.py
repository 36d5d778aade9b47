"""Figures read outwards from digits: "$40-50 billion", "5.2%", "18 months", "No 1"."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from store.extract.figures.context import FigureContext
from store.extract.figures.guards import EntityGuard, Guards
from store.extract.figures.lexicon import (
    AGE_POSSESSIVES,
    ATHLETICS_WORDS,
    CURRENCY_MARKS,
    CURRENCY_WORDS,
    HYPHEN_PREFIX_OK,
    NOUN_STOPS,
    ORDINAL_NAME_NOUNS,
    RACE_DISTANCES,
    SCALES,
    SCORE_WORDS,
    SPORT_METRE_WORDS,
    UNITS,
    WORD_SCALES,
)
from store.extract.figures.numbers import finite, parse_digits
from store.extract.figures.patterns import (
    AGE,
    CLOCK,
    COLON_TIME,
    DAY_RANGE,
    GLUED,
    MONTH_WORD,
    PERCENT,
    RANGE_FIRST,
    RANGE_TAIL,
    SCALE_FIRST,
    SCALE_SPACED,
    YEAR_RANGE,
    peek,
)
from store.records import Figure


class _Next:
    """The sentinel a reading step returns to let the next step go on."""


NEXT = _Next()
# A step's answer: a figure (done), None (no figure here) or NEXT (go on).
Decision = Figure | None | _Next


@dataclass(slots=True)
class _Reading:
    """What the steps have read of one number so far; each step may extend it."""

    start: int
    end: int
    core_start: int  # where the digits start (after a currency mark or sign)
    digits: str
    mark: str | None  # the currency mark before the digits, as written
    currency: str | None
    value: float
    is_int: bool  # no decimal point
    plain: str  # the digits without thousands commas
    scale: float = 1.0
    kind: str | None = None
    unit: str | None = None
    range_end: int | None = None
    range_sep: str | None = None


class DigitReader:
    """Reads a figure outwards from its digits: currency, scale, range, unit, noun, kind."""

    def __init__(self, ctx: FigureContext, guards: Guards, guard: EntityGuard) -> None:
        self.text = ctx.text
        self.ctx = ctx
        self.guards = guards
        self.guard = guard
        self._age_decades_until = -1
        # The reading steps in order (``read_digits`` is the engine that runs them).
        self._steps: tuple[Callable[[_Reading], Decision], ...] = (
            self._short_year,
            self._day_range,
            self._apostrophe_decade,
            self._glued_suffix,
            self._spaced_scale,
            self._clock_time,
            self._year_range,
            self._name_shape,
            self._range_tail,
            self._unit_after,
            self._range_figure,
        )

    def read_digits(self, m: re.Match[str], floor: int) -> Figure | None:
        """The figure read outwards from a number's digits (``m`` from ``NUMBER_AT``).

        The steps of ``_STEPS`` run in order on one ``_Reading``; each returns a figure
        (done), None (not a figure) or ``NEXT`` (go on with what it learned).
        """
        r = self._begin(m, floor)
        if r is None:
            return None
        for step in self._steps:
            decision = step(r)
            if decision is not NEXT:
                assert not isinstance(decision, _Next)
                return decision
        return self._plain_number(r)

    def _begin(self, m: re.Match[str], floor: int) -> _Reading | None:
        """Convention: digits glued to more digits, inside a name, after a letter and a hyphen
        ("F-16", "Covid-19"), or in a name's shape ("Media Player 10") are no figure; a sign
        in front belongs to the number. Example: "-2.5%", "minus 4" are negative."""
        text = self.text
        digits = m.group("digits")
        core_start = m.start("digits")
        end = m.end("digits")
        start = m.start()
        mark = m.group("cur")
        currency = CURRENCY_MARKS.get(mark) if mark else None
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
                if not word_m or word_m.group() not in HYPHEN_PREFIX_OK:
                    return None  # F-16, Covid-19, Catch-22
            if self.guards.name_before(core_start, end) or self.guards.title_around(
                core_start, end
            ):
                return None
            if self.guards.address_after(end):
                return None
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
        return _Reading(
            start=start,
            end=end,
            core_start=core_start,
            digits=digits,
            mark=mark,
            currency=currency,
            value=value * sign,
            is_int="." not in digits,
            plain=digits.replace(",", ""),
        )

    def _short_year(self, r: _Reading) -> Decision:
        """Convention: two digits after an apostrophe are a year. Example: "in '94" -> 1994,
        "'05" -> 2005."""
        text, core_start, end = self.text, r.core_start, r.end
        if (
            len(r.digits) == 2
            and core_start > 0
            and text[core_start - 1] in "'’"
            and (core_start < 2 or not text[core_start - 2].isalnum())
            and not text[end : end + 1].isalnum()
        ):
            full_year = (1900.0 if r.value >= 30 else 2000.0) + r.value
            return Figure(core_start - 1, end, text[core_start - 1 : end], "date", full_year)
        return NEXT

    def _day_range(self, r: _Reading) -> Decision:
        """Convention: a day number before a range of dates is a date. Example: "12-14 March
        2005" -> 2005."""
        text, end = self.text, r.end
        if r.is_int and r.currency is None and r.value <= 31:
            dr = (
                DAY_RANGE.match(text, end, min(len(text), end + 40))
                if peek(text, end) in RANGE_FIRST
                else None
            )
            if dr:
                year = re.search(r"[0-9]{4}", dr.group())
                fvalue = float(year.group()) if year else None
                return Figure(r.start, dr.end(), text[r.start : dr.end()], "date", fvalue)
        return NEXT

    def _apostrophe_decade(self, r: _Reading) -> Decision:
        """Convention: a round number with "'s" is a decade. Example: "the 70's"."""
        plain = r.plain
        if (
            r.is_int
            and self.text[r.end : r.end + 2] in ("'s", "’s")
            and len(plain) in (2, 4)
            and plain.endswith("0")
            and r.currency is None
        ):
            return self.decade(r.start, r.end + 2, plain, r.value)
        return NEXT

    def _glued_suffix(self, r: _Reading) -> Decision:
        """Convention: letters glued to the digits are an ordinal, a decade, a clock time, a
        percent, a scale, a unit or a currency; any other letters make a name. Example:
        "19th" rank, "1980s", "5pm", "4.5bn", "10km", "50p"; "4G", "4x4" are no figures."""
        text, start, end = self.text, r.start, r.end
        glued_m = GLUED.match(text, end, min(len(text), end + 12))
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
        if not glued:
            return NEXT
        glued_lower = glued.lower()
        value = r.value
        if glued_lower in ("st", "nd", "rd", "th") and r.is_int:
            nxt = self.ctx.next_word(after_glued)
            if nxt[:1].isupper() and not MONTH_WORD.fullmatch(nxt):
                after_next = self.ctx.next_word(after_glued + 1 + len(nxt))
                if nxt in ORDINAL_NAME_NOUNS or after_next[:1].isupper():
                    return None  # "20th Century Fox", "the 19th Amendment"
            return Figure(start, after_glued, text[start:after_glued], "rank", value)
        if glued_lower == "s" and r.is_int:
            return self.decade(start, after_glued, r.plain, value)
        if glued_lower in ("am", "pm"):
            return Figure(start, after_glued, text[start:after_glued], "other", value)
        if glued == "%" or glued in ("pc", "pct"):
            r.kind, r.unit, r.end = "percent", "%", after_glued
        elif (glued_lower in SCALES and glued_lower not in WORD_SCALES) or glued_lower in (
            "thousand",
            "million",
            "billion",
            "trillion",
        ):
            if glued_lower == "m" and r.currency is None and self.metres(start, after_glued):
                r.kind, r.unit, r.end = "quantity", "m", after_glued
            elif r.currency is None and (glued_lower == "b" or glued in ("M", "K", "B")):
                return None  # "3M", "5K": names
            else:
                r.scale = SCALES[glued_lower]
                r.end = after_glued
        elif glued_lower in UNITS and not (len(glued) == 1 and glued.isupper()):
            r.unit, r.kind = UNITS[glued_lower]
            r.end = after_glued
        elif (glued_lower in CURRENCY_WORDS and glued_lower in ("p", "c")) or (
            glued_lower in CURRENCY_WORDS and r.currency is None
        ):
            code, factor = CURRENCY_WORDS[glued_lower]
            return Figure(
                start, after_glued, text[start:after_glued], "money", finite(value * factor), code
            )
        else:
            return None
        return NEXT

    def _spaced_scale(self, r: _Reading) -> Decision:
        """Convention: a scale word after the number multiplies it, Indian scales compound;
        after a currency mark, "m", "k", "bn" do too. Example: "3 million", "1 lakh crore"
        (10^12), "$5 m"."""
        text, end = self.text, r.end
        if r.scale == 1.0 and r.kind is None and peek(text, end) in SCALE_FIRST:
            sm = SCALE_SPACED.match(text, end, min(len(text), end + 14))
            if sm:
                r.scale = SCALES[sm.group(1).lower()]
                r.end = end = sm.end()
                more = SCALE_SPACED.match(text, end, min(len(text), end + 14))
                if more and more.group(1).lower() in ("crore", "lakh"):
                    r.scale *= SCALES[more.group(1).lower()]
                    r.end = more.end()
            elif r.currency is not None:
                sm = re.match(r"[ \u00a0](m|k|bn)(?![\w])", text[end : end + 4])
                if sm:
                    r.scale = SCALES[sm.group(1)]
                    r.end += sm.end()
        r.value = r.value * r.scale
        return NEXT

    def _clock_time(self, r: _Reading) -> Decision:
        """Convention: a time of day is kind other, its value in hours. Example: "10:30" ->
        10.5, "5 pm" -> 5, "1330 GMT" -> 1330."""
        if not (r.kind is None and r.is_int and r.currency is None):
            return NEXT
        text, start, end, value = self.text, r.start, r.end, r.value
        cm = (
            COLON_TIME.match(text, end, min(len(text), end + 4))
            if text[end : end + 1] == ":"
            else None
        )
        if cm and value < 25:
            end = cm.end()
            ck = CLOCK.match(text, end, min(len(text), end + 6))
            if ck:
                end = ck.end()
            return Figure(start, end, text[start:end], "other", value + int(cm.group(1)) / 60)
        ck = CLOCK.match(text, end, min(len(text), end + 6)) if peek(text, end) in "apGB" else None
        if ck and r.scale == 1.0 and (value <= 24 or (len(r.digits) == 4 and value < 2400)):
            return Figure(start, ck.end(), text[start : ck.end()], "other", value)
        return NEXT

    def _year_range(self, r: _Reading) -> Decision:
        """Convention: a year range is a date valued by its first year. Example: "2004-05",
        "2003/2004" -> 2004, 2003."""
        text, end = self.text, r.end
        if (
            r.kind is None
            and r.currency is None
            and r.is_int
            and len(r.plain) == 4
            and r.scale == 1.0
            and 1000 <= r.value <= 2099
        ):
            ym = (
                YEAR_RANGE.match(text, end, min(len(text), end + 6))
                if text[end : end + 1] in "-–/"
                else None
            )
            if ym:
                tail = ym.group(1)
                if len(tail) <= 2 or 1000 <= int(tail) <= 2099:
                    return Figure(r.start, ym.end(), text[r.start : ym.end()], "date", r.value)
        return NEXT

    def _name_shape(self, r: _Reading) -> Decision:
        """Convention: a number before a hyphen and a capital, or a slash and a digit, is part
        of a name. Example: "7-Eleven", "Form 10-K", "9/11", "24/7"."""
        text, end = self.text, r.end
        if text[end : end + 1] == "-" and text[end + 1 : end + 2].isupper():
            return None
        if text[end : end + 1] == "/" and text[end + 1 : end + 2].isdigit() and r.kind is None:
            return None
        return NEXT

    def _range_tail(self, r: _Reading) -> Decision:
        """Convention: a second number after "-", "to" or "and" makes a range (value None),
        unless the words around say otherwise ("from 5 to 10" is a change, "between" is
        needed for "and"). Example: "$40-50 billion", "3.5 to 4.0%", "between 5 and 10"."""
        if r.kind is not None:
            return NEXT
        text, start, end = self.text, r.start, r.end
        rm = (
            RANGE_TAIL.match(text, end, min(len(text), end + 40))
            if peek(text, end) in RANGE_FIRST
            else None
        )
        if rm and not (end < len(text) and text[end].isdigit()):
            sep = rm.group("sep")
            prev = self.ctx.prev_token(start).lower()
            if (
                (sep == "and" and prev != "between")
                or (sep == "to" and prev in ("from", "to", "by"))
                or (sep == "to" and PERCENT.match(text, end, end + 10))
                or (len(r.digits) == 4 and 1000 <= r.value <= 2099 and sep not in "-–")
                or (r.scale != 1.0 and (rm.group("cur") or rm.group("scale")))
                or (sep == "to" and r.mark is not None and rm.group("cur") is not None)
            ):
                rm = None
            if rm:
                r.range_end = rm.end()
                r.range_sep = sep
                if rm.group("cur") and r.currency is None:
                    r.currency = CURRENCY_MARKS.get(rm.group("cur"))
        return NEXT

    def _unit_after(self, r: _Reading) -> Decision:
        """Convention: a unit or currency word after the number (or the range) gives the kind;
        a currency mark makes it money. Example: "5 per cent", "10 km", "3 million won";
        "50 Cent" is a name."""
        probe = r.range_end if r.range_end is not None else r.end
        found = None
        if r.kind is None:
            found = self.ctx.unit_after(probe)
            if found is not None and found[0] == "name":
                if r.currency is None:
                    return None
                found = None
        if found is None and r.kind is None and r.currency is None and r.scale > 1:
            nxt = self.ctx.next_word(probe)
            if nxt.lower() == "won":
                found = ("money", "KRW", 1.0, probe + 1 + len(nxt))
        if found is not None:
            f_kind, f_unit, factor, f_end = found
            if r.currency is not None and f_kind == "money":
                f_kind, f_unit, factor, f_end = "money", f_unit, 1.0, f_end
            if r.currency is None or f_kind == "money":
                r.kind, r.unit, r.end = f_kind, f_unit, f_end
                r.value = r.value * factor
                if r.range_end is not None:
                    r.range_end = f_end
        if r.currency is not None:
            r.kind, r.unit = "money", r.currency if r.kind in (None, "money") else r.unit
            if r.kind != "money":
                r.kind, r.unit = "money", r.currency
        return NEXT

    def _range_figure(self, r: _Reading) -> Decision:
        """Convention: a range of ages is other in years; a pair of small integers with a
        hyphen and no counted noun is a score (value its first number); else a range has
        value None. Example: "15 to 24-year-olds", "won 2-1", "5-10 people" (count)."""
        range_end = r.range_end
        if range_end is None:
            return NEXT
        text, start, end = self.text, r.start, r.end
        if r.kind is None:
            age = AGE.match(text, range_end, min(len(text), range_end + 16))
            if age:  # "15 to 24-year-olds"
                return Figure(start, age.end(), text[start : age.end()], "other", None, "year")
        # Score or range? Scores are bare small integer pairs.
        if (
            r.range_sep in ("-", "–")
            and r.kind is None
            and r.is_int
            and r.scale == 1.0
            and "." not in text[end:range_end]
        ):
            nxt = self.ctx.next_word(range_end).lower()
            prev = self.ctx.prev_token(start).lower()
            if prev == "aged" or prev == "ages":
                return Figure(start, range_end, text[start:range_end], "other", None, "year")
            if (
                not nxt
                or nxt in SCORE_WORDS
                or not nxt.isalpha()
                or (range_end < len(text) and text[range_end] in ",.;)(")
            ):
                return Figure(start, range_end, text[start:range_end], "other", r.value)
            noun = self.ctx.noun_after(range_end)
            nxt_raw = self.ctx.next_word(range_end)
            if noun is None or nxt_raw[:1].isupper():
                # "2-1 down", "a 5-1 Champions League win": a score
                return Figure(start, range_end, text[start:range_end], "other", r.value)
            return Figure(start, range_end, text[start:range_end], "count", None, None, noun)
        end = max(end, range_end)
        return Figure(start, end, text[start:end], r.kind or "count", None, r.unit)

    def _plain_number(self, r: _Reading) -> Figure | None:
        """Convention: a number with no unit is, in order, a compound ("five-year"), an age,
        a clock time ("at 1330"), a year, index points, an index level, a rank ("No 1"), a
        multiplier ("3 times"), a version, else a count of the noun after it. Example:
        "in 2005" date, "rose 12 points" quantity, "200 developers" count "developers"."""
        text, start, end, value, digits = self.text, r.start, r.end, r.value, r.digits
        if r.kind is not None:
            return Figure(start, end, text[start:end], r.kind, finite(value), r.unit)
        hyphen = self.ctx.hyphen_after(start, end, value)
        if hyphen is not None:
            return hyphen
        if self.guards.is_age(start, end, value, r.is_int):
            return Figure(start, end, text[start:end], "other", value, "year")
        if (
            r.is_int
            and len(digits) == 4
            and self.ctx.prev_token(start) == "at"
            and value < 2400
            and int(digits[2:]) < 60
            and not 1900 <= value <= 2030
        ):
            return Figure(start, end, text[start:end], "other", value)  # "at 1330"
        if (
            r.is_int
            and len(digits) == 4
            and r.scale == 1.0
            and self.guards.is_year(start, end, value)
        ):
            return Figure(start, end, text[start:end], "date", value)
        if self.ctx.next_word(end).lower() in ("points", "pts"):
            pts_end = end + 1 + len(self.ctx.next_word(end))
            if self.ctx.index_sentence(start):  # an index move
                return Figure(start, pts_end, text[start:pts_end], "quantity", value, "points")
            return Figure(start, end, text[start:end], "count", value, None, "points")
        if self.guards.is_index_level(start, value, digits):
            return Figure(start, end, text[start:end], "other", value)
        rank = self.ctx.rank_before(start, value)
        if rank is not None:
            return Figure(rank, end, text[rank:end], "rank", value)
        times = self.ctx.times_after(start, end, value)
        if times is not None:
            return times
        noun = self.ctx.noun_after(end)
        if noun in ("version", "release", "edition") or self.ctx.prev_token(start) in (
            "version",
            "Version",
        ):
            return Figure(start, end, text[start:end], "other", value)
        return Figure(start, end, text[start:end], "count", finite(value), None, noun)

    def metres(self, start: int, end: int) -> bool:
        """ "100m" in an athletics sense (metres), not a million."""
        nxt = self.ctx.next_word(end).lower()
        if nxt in SPORT_METRE_WORDS:
            return True
        if self.text[start:end].lower() in RACE_DISTANCES and (not nxt or nxt in NOUN_STOPS):
            return True  # "the 800m and 1000m": not "800m people"
        if self.ctx.prev_token(start).lower() in ("the", "over", "a"):
            return not nxt or nxt in NOUN_STOPS
        return not self.ctx.words_of_sentence(start).isdisjoint(ATHLETICS_WORDS)

    def decade(self, start: int, end: int, plain: str, value: float) -> Figure | None:
        """Convention: a four-digit decade is a date, a two-digit one an age after a
        possessive ("in their 30s", and the decades listed after it), else a date in the
        last century or this one. Example: "the 1980s" 1980, "the '90s" 1990, "in her
        40s" other; "747s" is no figure."""
        text = self.text
        if len(plain) == 4 and plain.endswith("0"):
            if start > 0 and text[start - 1] in "'’":
                return None
            return Figure(start, end, text[start:end], "date", value)
        if len(plain) == 2 and plain.endswith("0"):
            prev = self.ctx.prev_token(start).lower().strip("'’")
            if (
                prev in AGE_POSSESSIVES
                or (
                    prev in ("early", "late", "mid")
                    and (self.ctx.prev_token(start - len(prev) - 1).lower() in AGE_POSSESSIVES)
                )
                or start <= self._age_decades_until
            ):
                self._age_decades_until = end + 6  # "in their 30s, 40s and 50s"
                return Figure(start, end, text[start:end], "other", value, "year")
            lo = start - 1 if start > 0 and text[start - 1] in "'’" else start
            century = 1900.0 if value >= 30 else 2000.0
            return Figure(lo, end, text[lo:end], "date", century + value)
        return None  # "747s": plural of a name
