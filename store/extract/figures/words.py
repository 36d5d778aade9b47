"""Figures read from words: "two hundred", "a third of", "twice", "top", "first", dates."""

from __future__ import annotations

import re

from store.extract.figures.context import FigureContext
from store.extract.figures.guards import EntityGuard
from store.extract.figures.lexicon import (
    AGE_POSSESSIVES,
    CHAMPION_WORDS,
    FRACTION_BEFORE,
    FRACTIONS,
    HALF_BEFORE,
    HALF_NEXT,
    MULTIPLIER_BASE,
    MULTIPLIER_BASE_NEXT,
    MULTIPLIERS,
    NOT_SUPERLATIVE,
    NOUN_STOPS,
    NUMBER_WORDS,
    ONE_PRONOUN_BEFORE,
    ORDINALS,
    SCALES,
    TIMES_MULTIPLIER_NEXT,
    TOP_OF_NOUNS,
    TOP_VERBS,
    UNITS,
    WORD_SCALES,
    alternation,
)
from store.extract.figures.numbers import finite, read_number_words
from store.extract.figures.patterns import (
    AND_A_HALF,
    FRACTION_TAIL,
    HALF_POINT,
    HYPHEN_WORD,
    MONTHS,
    QUARTER_POINT,
    SCALE_SPACED,
    SUPERLATIVE,
    TOP_OF,
    TOP_VERB_USE,
)
from store.records import Figure

# "number one" .. "number ten": a rank.
_NUMBER_RANK = re.compile(rf"[Nn]umber[ \u00a0]({alternation('figures_rank_numbers')})(?!\w)")


class WordReader:
    """Reads a figure from number words, ordinals, fractions, multipliers, "top" and dates."""

    def __init__(self, ctx: FigureContext, guard: EntityGuard) -> None:
        self.text = ctx.text
        self.ctx = ctx
        self.guard = guard

    def read_word(self, start: int, end: int, floor: int) -> Figure | None:
        """The figure a candidate word starts, by the kind of word: "number one", "top", a
        multiplier, "twice", a fraction, an ordinal, a scale word, else a cardinal. A
        capitalised word mid-sentence is a name ("BBC Two")."""
        word = self.text[start:end]
        lower = word.lower()
        if self.guard.inside(start):
            return None
        if self.ctx.in_fixed_phrase(start, lower):
            return None
        if word[0].isupper() and not self.ctx.at_sentence_start(start):
            return None  # "BBC Two", "Second World War", "First Minister"
        if lower == "number":
            return self.read_number_rank(start)
        if lower in ("top-ranked", "top-seeded"):
            return Figure(start, end, word, "rank", 1.0)
        if lower in ("top", "topped"):
            return self.read_top(start, end, lower)
        if lower in MULTIPLIERS:
            return self.read_multiplier(start, end, lower)
        if lower == "twice":
            nxt = self.ctx.next_word(end).lower()
            kind = "multiplier" if nxt in TIMES_MULTIPLIER_NEXT else "count"
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
        tail = TOP_OF.match(text, end, min(len(text), end + 40))
        place = tail is not None and tail.group(1).lower() in TOP_OF_NOUNS
        if lower == "topped":
            return Figure(start, end, text[start:end], "rank", 1.0) if place else None
        following = TOP_VERB_USE.findall(text, end, min(len(text), end + 40))[:3]
        prev = self.ctx.prev_token(start)
        if (
            any(w in TOP_OF_NOUNS for w in following)
            and prev
            and prev.lower() not in ONE_PRONOUN_BEFORE
            and prev.lower() not in AGE_POSSESSIVES
            and not prev.endswith(("'s", "’s", "s'"))
        ):
            return Figure(start, end, text[start:end], "rank", 1.0)  # "rockers top talent poll"
        if place or self.ctx.prev_token(start).lower() in TOP_VERBS:
            nxt = self.ctx.next_word(end)
            if nxt and not place and nxt.lower() not in NOUN_STOPS:
                return None  # "was top scorer", "top officials": an adjective
            return Figure(start, end, text[start:end], "rank", 1.0)
        return None

    def read_number_rank(self, start: int) -> Figure | None:
        """Convention: "number" and a word up to ten is a rank. Example: "number one" -> 1."""
        hit = _NUMBER_RANK.match(self.text, start, min(len(self.text), start + 20))
        if hit is None:
            return None
        return Figure(start, hit.end(), hit.group(), "rank", NUMBER_WORDS[hit.group(1)])

    def read_multiplier(self, start: int, end: int, lower: str) -> Figure | None:
        """Convention: "double", "triple" are multipliers only where the next word shows the
        use; before a title word they count. Example: "doubled in size" multiplier,
        "treble champions" count 3."""
        text = self.text
        if lower in MULTIPLIER_BASE:
            nxt = self.ctx.next_word(end).lower()
            punct = end < len(text) and text[end] in ".,;"
            if nxt in CHAMPION_WORDS:
                return Figure(start, end, text[start:end], "count", MULTIPLIERS[lower])
            if nxt not in MULTIPLIER_BASE_NEXT and not punct:
                return None
        return Figure(start, end, text[start:end], "multiplier", MULTIPLIERS[lower])

    def read_fraction(self, start: int, end: int, lower: str, floor: int) -> Figure | None:
        """Convention: a fraction word is kind other, its value the fraction, with "a"
        before it and a point or scale after it. Example: "a third of", "half a million",
        "a half-point cut"."""
        text = self.text
        a_before = text[max(0, start - 2) : start].lower() == "a " and start - 2 >= floor
        a_start = start - 2 if a_before else start
        if a_before and start >= 3 and text[start - 3].isalnum():
            a_before, a_start = False, start
        nxt = self.ctx.next_word(end).lower()
        value = FRACTIONS[lower]
        if lower == "half":
            hp = HALF_POINT.match(text, end, min(len(text), end + 26))
            if hp:  # "a half-point cut", "half a percentage point"
                return Figure(
                    a_start, hp.end(), text[a_start : hp.end()], "quantity", 0.5, "percentage point"
                )
        if lower in ("half", "halves"):
            if self.ctx.prev_token(a_start).lower() in ORDINALS:
                return None  # "the first half of 2005": a period, not a fraction
            if not (nxt in HALF_NEXT or a_before):
                prev = self.ctx.prev_token(start).lower()
                if prev not in HALF_BEFORE:
                    return None
            # "half an hour", "half a million", "half a dozen"
            hm = re.match(r"[ \u00a0]an?[ \u00a0]([A-Za-z]{3,12})(?!\w)", text[end : end + 20])
            if hm:
                follow = hm.group(1).lower()
                if follow in UNITS and UNITS[follow][1] == "duration":
                    e2 = end + hm.end()
                    return Figure(a_start, e2, text[a_start:e2], "duration", 0.5, UNITS[follow][0])
                if follow in WORD_SCALES or follow == "dozen":
                    e2 = end + hm.end()
                    mult = 12.0 if follow == "dozen" else SCALES[follow]
                    noun = self.ctx.noun_after(e2)
                    return Figure(a_start, e2, text[a_start:e2], "count", 0.5 * mult, None, noun)
            return Figure(a_start, end, text[a_start:end], "other", value)
        if lower == "quarter" and a_before:
            qp = QUARTER_POINT.match(text, end, min(len(text), end + 30))
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
        """Convention: an ordinal is a rank, with a superlative or a hyphenated word after
        it; "a third of" is a fraction, "First," a discourse marker, "every second" time.
        Example: "third-generation", "second biggest"."""
        text = self.text
        rank = ORDINALS[lower]
        if lower in FRACTIONS:
            a_before = text[max(0, start - 2) : start].lower() == "a " and start - 2 >= floor
            nxt = self.ctx.next_word(end).lower()
            if a_before and (
                nxt == "of"
                or (not nxt and self.ctx.prev_token(start - 2).lower() in FRACTION_BEFORE)
            ):  # "a third of", "fell by a third."
                return Figure(start - 2, end, text[start - 2 : end], "other", FRACTIONS[lower])
        if lower == "first" and self.ctx.at_sentence_start(start) and text[end : end + 1] == ",":
            return None  # "First, ..." as a discourse marker
        if lower == "second":
            prev = self.ctx.prev_token(start).lower()
            if prev in NUMBER_WORDS or prev.replace(".", "").isdigit():
                return None  # a unit of time, read with its number
            if prev in ("every", "per", "each", "a") and not self.ctx.next_word(end).isalpha():
                return None  # "every second."
        sm = SUPERLATIVE.match(text, end, min(len(text), end + 24))
        if sm and sm.group(1).lower() not in NOT_SUPERLATIVE:
            end = sm.end()
        elif text[end : end + 1] == "-":
            hw = HYPHEN_WORD.match(text, end, min(len(text), end + 22))
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
            found = self.ctx.unit_after(end)
            if found is not None and found[0] in ("money", "quantity", "duration", "percent"):
                return Figure(v_start, found[3], text[v_start : found[3]], found[0], None, found[1])
            return Figure(
                v_start, end, text[v_start:end], "count", None, None, self.ctx.noun_after(end)
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
        found = self.ctx.unit_after(noun_from)
        if found is not None and found[0] in ("duration", "money", "quantity"):
            kind, unit, factor, f_end = found
            return Figure(a_start, f_end, text[a_start:f_end], kind, value * factor, unit)
        hyphen = self.ctx.hyphen_after(a_start, end, value)
        if hyphen is not None:  # "a hundred-year-old tree"
            return hyphen
        noun = self.ctx.noun_after(noun_from)
        return Figure(a_start, end, text[a_start:end], "count", value, None, noun)

    def _word_range(self, start: int, end: int, value: float) -> Figure | None:
        """Convention: two number words joined by "to" or "or", the second larger, are a
        range (value None) of the unit or noun after them. Example: "two to three years",
        "four or five defenders"."""
        text = self.text
        rm = re.match(r"[ \u00a0](?:to|or)[ \u00a0]", text[end : end + 5])
        if rm and value < 100:
            second = read_number_words(text, end + rm.end())
            if second is not None and second[0] > value:
                found = self.ctx.unit_after(second[1])
                if found is not None and found[0] != "name":
                    kind, unit, _factor, f_end = found
                    return Figure(start, f_end, text[start:f_end], kind, None, unit)
                s_end = second[1]
                noun = self.ctx.noun_after(s_end)
                if noun is not None:
                    return Figure(start, s_end, text[start:s_end], "count", None, None, noun)
        return None

    def _pronoun_one(self, start: int, end: int, nxt: str, noun: str | None) -> bool:
        """Convention: "one" used as a pronoun is no figure. Example: "one said", "the one
        who", "another one", "the fastest one", "another one making"."""
        prev = self.ctx.prev_token(start).lower()
        capitalised_next = self.ctx.next_word(end)[:1].isupper()
        if noun is None and nxt not in ("", "in", "or", "and") and not capitalised_next:
            return True
        if prev in ONE_PRONOUN_BEFORE or prev.endswith("est"):
            return True
        return noun is not None and noun.endswith("ing")

    def read_cardinal(self, start: int, floor: int) -> Figure | None:
        """A spelled-out cardinal at ``start``: compound ordinals, fractions ("two-thirds"),
        "and a half", ranges, units, compounds, multipliers, else a count of the noun after."""
        text = self.text
        parsed = read_number_words(text, start)
        if parsed is None:
            return None
        value, end = parsed
        om = HYPHEN_WORD.match(text, end, min(len(text), end + 16))
        if om and value >= 20 and value % 10 == 0 and ORDINALS.get(om.group(1).lower(), 10) < 10:
            rank_end = om.end()  # "twenty-first"
            return Figure(
                start, rank_end, text[start:rank_end], "rank", value + ORDINALS[om.group(1).lower()]
            )
        # fractions: "two-thirds", "three quarters", "one and a half"
        fm = FRACTION_TAIL.match(text, end, min(len(text), end + 12))
        if fm and value < 20:
            part = FRACTIONS[fm.group(1).lower()]
            end = fm.end()
            nxt_of = self.ctx.next_word(end).lower() == "of"
            if (
                fm.group(1).lower() in ("quarter", "quarters")
                and not nxt_of
                and "-" not in fm.group()
            ):
                return None
            return Figure(start, end, text[start:end], "other", value * part)
        hm = AND_A_HALF.match(text, end, min(len(text), end + 16))
        if hm:
            value += 0.5
            end = hm.end()
            sm = SCALE_SPACED.match(text, end, min(len(text), end + 14))
            if sm:
                value *= SCALES[sm.group(1).lower()]
                end = sm.end()
        sign_start = start
        if text[max(0, start - 6) : start].lower() == "minus " and start - 6 >= floor:
            sign_start = start - 6
            value = -value
        start = sign_start
        if self.ctx.rank_before(start, value) is not None:
            rs = self.ctx.rank_before(start, value)
            assert rs is not None
            return Figure(rs, end, text[rs:end], "rank", value)
        found = self.ctx.unit_after(end)
        if found is not None:
            kind, unit, factor, f_end = found
            if kind == "name":
                return None
            return Figure(start, f_end, text[start:f_end], kind, finite(value * factor), unit)
        word_range = self._word_range(start, end, value)
        if word_range is not None:
            return word_range
        hyphen = self.ctx.hyphen_after(start, end, value)
        if hyphen is not None:
            return hyphen
        times = self.ctx.times_after(start, end, value)
        if times is not None:
            return times
        if end < len(text) and text[end] == "-":
            return None  # "one-off" style compounds not covered above
        nxt = self.ctx.next_word(end).lower()
        if nxt == "of":
            return Figure(start, end, text[start:end], "count", value)
        noun = self.ctx.noun_after(end)
        if value == 1 and end - start == 3 and self._pronoun_one(start, end, nxt, noun):
            return None
        return Figure(start, end, text[start:end], "count", value, None, noun)

    def read_date(self, start: int, end: int) -> Figure | None:
        """Convention: a date's value is its year or None; "May", "June", "April", "August"
        inside a name are people. Example: "5 May 2005" -> 2005; "Theresa May 5" is no
        date."""
        span = self.text[start:end]
        month = re.search(MONTHS, span)
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
            and not self.ctx.at_sentence_start(start)
            and self.ctx.prev_token(start)[:1].isupper()
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
