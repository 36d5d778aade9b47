"""What counts as a quotation: titles, names, labels and scare quotes are dropped.

'the film "Ray"', 'a band called "The Bravery"', 'the so-called "cash for honours"
affair', 'a "touchy-feely" speech' are not quotations; one or two quoted words are
scare quotes unless someone is said to use them.
"""

from __future__ import annotations

import re

from store.extract.quotes.attribution import (
    DETERMINER_BEFORE,
    FINAL_REACH,
    JOINED,
    Attribution,
)
from store.extract.quotes.context import QuoteContext, QuoteRules
from store.extract.quotes.lexicon import (
    ACCUSATION_VERBS,
    AS_CUES,
    FUNCTION_WORDS,
    LABEL_ONLY_CUES,
    NAMING_CUES,
    NAMING_WORDS,
    NOUN_PHRASE_CUES,
    SENTENCE_HINTS,
    TITLE_CUES,
    WORK_NOUNS,
    WORK_TITLE_MODIFIERS,
    WORK_VERBS,
)
from store.extract.quotes.marks import Candidate, is_title_like, starts_upper
from store.extract.text import WORD

# 'appeared on "X"', '"X" show': a title-cased quoted name there is a work.
_WORK_VERBS = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(v).replace(r"\ ", r"\s+") for v in sorted(WORK_VERBS, key=len, reverse=True)
    )
    + rf")(?:\s+(?:{WORK_TITLE_MODIFIERS}))*\s*$",
    re.I,
)
# A headline's source after its quotation: "Job cuts 'false economy' - TUC".
_HEADLINE_SOURCE = re.compile(r"\s*[-\u2013\u2014]\s*[A-Z]")


class Filters(QuoteRules):
    """Rules that drop quoted spans that are not quotations."""

    def __init__(self, ctx: QuoteContext, attribution: Attribution) -> None:
        super().__init__(ctx)
        self.attribution = attribution

    def keep(self, c: Candidate, prev: Candidate | None) -> bool:
        """Convention: a quoted span is a quotation unless it is a work's title, a name, a
        label after a naming cue, an accusation's modifier or a scare quote. Example: 'the
        film "Ray"' and 'a "touchy-feely" speech' go; '"We will win," he said' stays."""
        if c.dead:
            return False
        text = self.text
        words = WORD.findall(text, c.start, c.end)
        if not words:
            return False
        inner_last = text[c.end - 1]
        title_like = is_title_like(words) and inner_last not in ".!?," and not c.repeated
        directly_attributed = (
            c.own and c.closed and (inner_last in ",!?" or text.startswith(",", c.close_end))
        )
        if (
            title_like
            and c.para == 0
            and len(words) >= 3
            and (
                c.own
                or text.startswith(":", c.close_end)
                or text[max(0, c.open_at - 4) : c.open_at].rstrip().endswith(":")
            )
            and any(w.lower().replace("\u2019", "'") in SENTENCE_HINTS for w in words)
        ):
            # Title case in a headline hides a sentence: "Fed 'Will Not Hesitate' To Act,
            # Powell Says", "Police Chief: 'We Are Overwhelmed'".
            title_like = False
            directly_attributed = True
        cue = self._cue(c)
        if self._work_title(c, words, prev):
            return False  # 'appeared on "Dancing with the Stars."', '"X" show'
        if self._accusation_modifier(c, words, cue):
            return False  # 'accuse Mr X of making a "touchy-feely" speech'
        is_work_cue = cue in TITLE_CUES and cue not in NAMING_CUES and cue not in LABEL_ONLY_CUES
        if is_work_cue and len(words) <= 12 and not directly_attributed:
            return False  # 'the film "Ray"', 'the album "Hopes and Fears"'
        if cue in LABEL_ONLY_CUES and (len(words) <= 4 or title_like):
            return False  # 'the so-called "cash for honours" affair'
        if (cue in NAMING_CUES or cue == "as") and title_like:
            return False  # 'a band called "The Bravery"'
        if title_like and len(words) <= 6 and not directly_attributed:
            return False
        if self._is_name(c):
            return False
        if c.para == 0 and len(self.paragraph_spans) > 1:
            # Headlines quote claims ("Councils 'must find Gypsy sites'"); a word or two
            # in quotes there is a label unless someone is named as saying it.
            return not (title_like or (len(words) <= 2 and not c.local))
        # One or two words in quotes are scare quotes unless someone is said to use them.
        return len(words) > 2 or c.local

    def _work_title(self, c: Candidate, words: list[str], prev: Candidate | None) -> bool:
        """A title-cased quoted name after a verb of appearing or watching, or before a work
        noun ("show", "film"), whatever punctuation it ends with; or joined to one."""
        if len(words) > 12 or not is_title_like(words):
            return False
        text = self.text
        p_start = self.paragraph_spans[c.para][0]
        if _WORK_VERBS.search(text, max(p_start, c.open_at - 60), c.open_at):
            return True
        if c.closed:
            nxt = WORD.match(text, c.close_end + 1) if text.startswith(" ", c.close_end) else None
            if nxt is not None and nxt.group() in WORK_NOUNS:
                return True
        if (
            prev is not None
            and prev.para == c.para
            and JOINED.fullmatch(text, prev.close_end, c.open_at)
            and text[prev.close_end : c.open_at].strip()
        ):
            prev_words = WORD.findall(text, prev.start, prev.end)
            return self._work_title(prev, prev_words, None)
        return False

    def _accusation_modifier(self, c: Candidate, words: list[str], cue: str) -> bool:
        """One or two quoted words modifying a noun inside a reported accusation: 'accuse
        Mr X of making a "touchy-feely" speech', 'attacked the "cash-for-access" culture'."""
        if len(words) != 1 or not c.closed or starts_upper(words):
            return False
        text = self.text
        if cue not in ("a", "an"):
            return False
        nxt = WORD.match(text, c.close_end + 1) if text.startswith(" ", c.close_end) else None
        if nxt is None or not nxt.group().islower() or nxt.group() in FUNCTION_WORDS:
            return False  # a noun must follow: the quoted word only describes it
        sent = self.index.sentences.containing(c.open_at)
        start = sent[0] if sent is not None else self.paragraph_spans[c.para][0]
        lead = WORD.findall(self.lowered, max(start, c.open_at - 160), c.open_at)
        # "accuse X of", "attack X for": the accusation's object holds the modifier.
        for k in range(len(lead) - 1, -1, -1):
            if lead[k] in ACCUSATION_VERBS:
                return any(w in ("of", "for") for w in lead[k + 1 :])
        return False

    def looks_like_label(self, c: Candidate) -> bool:
        """A title, name or term by its form and the word before it (before attribution)."""
        words = WORD.findall(self.text, c.start, c.end)
        if not words or self.text[c.end - 1] in ",!?.":
            return False
        cue = self._cue(c)
        if cue in TITLE_CUES and len(words) <= 12:
            return True
        return is_title_like(words) and len(words) <= 6

    def bare_title(self, c: Candidate, body: bool) -> bool:
        """Six title-cased words or fewer (two in a headline), not ending a sentence: a
        name or title that ``keep`` drops whoever is said to have said it."""
        words = WORD.findall(self.text, c.start, c.end)
        return (
            len(words) <= (6 if body else 2)
            and is_title_like(words)
            and self.text[c.end - 1] not in ".!?,"
        )

    def repeated_labels(self, cands: list[Candidate]) -> None:
        """A short phrase quoted again and again as a noun phrase is a label ("a "terror
        central"", headline and body): dropped wherever no speech verb governs it."""
        groups: dict[str, list[Candidate]] = {}
        for c in cands:
            words = WORD.findall(self.text, c.start, c.end)
            if c.dead or not words or len(words) > 3:
                continue
            groups.setdefault(" ".join(words).lower(), []).append(c)
        for group in groups.values():
            if len(group) < 2:
                continue
            governed = [self._governed(c) for c in group]
            if not any(
                self._cue(c) in NOUN_PHRASE_CUES and not g
                for c, g in zip(group, governed, strict=True)
            ):
                continue  # every noun-phrase use is someone's attributed words
            for c, g in zip(group, governed, strict=True):
                if not g:
                    c.dead = True

    def _governed(self, c: Candidate) -> bool:
        """A speech verb of the same clause introduces the quotation ('said it had been a
        "great year"'), or the quotation is attributed right after it ('"X", she said');
        not a naming word right before it ('branded as "X"', 'dubbed "X"')."""
        if self._cue(c) in NAMING_WORDS:
            return False
        text = self.text
        if (c.closed and text[c.end - 1] == ",") or text.startswith(",", c.close_end):
            return c.own
        p_start, p_end = self.paragraph_spans[c.para]
        if c.para == 0:
            # A headline names its speaker around the quotation: "Campbell: row 'silly
            # fuss'", "Job cuts 'false economy' - TUC".
            return ":" in text[p_start : c.open_at] or bool(
                _HEADLINE_SOURCE.match(text, c.close_end, p_end)
            )
        sent = self.index.sentences.containing(c.open_at) or (p_start, p_end)
        if c.own and c.closed:
            # '... a "false economy" that could hamper reforms, according to a TUC report.'
            tail = text[c.close_end : min(sent[1], c.close_end + FINAL_REACH)]
            if (
                "according to " in tail
                or self.attribution.sentence_final(c, sent[1], p_end) is not None
            ):
                return True
        verbs = [
            v
            for v in self.index.speech_verbs_in(sent[0], c.open_at)
            if not DETERMINER_BEFORE.search(text, max(0, v.start() - 20), v.start())
        ]
        if not verbs:
            return False
        between = text[verbs[-1].end() : c.open_at]
        if any(ch in between for ch in ",;:()"):
            return False
        # 'has told the trial that the documentary ... was an "absolute disaster"'
        return len(WORD.findall(between)) <= (30 if " that " in between else 16)

    def _cue(self, c: Candidate) -> str:
        """The word right before ``c``'s opening mark, looked up once."""
        if c.cue is None:
            c.cue = self._cue_before(c.open_at)
        return c.cue

    def _cue_before(self, open_at: int) -> str:
        """The word right before an opening mark, in its paragraph ("film", "called")."""
        text = self.text
        window = text[max(0, open_at - 30) : open_at]
        window = window[window.rfind("\n") + 1 :].rstrip(" ").lower()
        for phrase in AS_CUES:
            if window.endswith(phrase):
                return "as"
        ws = WORD.findall(window)
        return ws[-1] if ws and window.endswith(ws[-1]) else ""

    def _is_name(self, c: Candidate) -> bool:
        """The quoted span is exactly a named entity (a nickname, title, product)."""
        for e in self.index.entities_overlapping(c.start, c.end):
            if e.start <= c.start + 1 and e.end >= c.end - 1:
                return True
        return False
