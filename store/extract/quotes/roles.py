"""Roles of speakers: the job words around a name ("study co-author Boris Worm").

A role is read before the name ("Tory leader Michael Howard"), in an apposition after it
("Jane Doe, chief executive of X,"), or right after a speech verb ("said oceanographer
Tom Reed"); the person introduced with a role is who "the <role>" later means.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from store.extract.quotes.index import ArticleIndex, Mention
from store.extract.quotes.lexicon import (
    CALENDAR_WORDS,
    CLAUSE_OPENERS,
    JOB_SUFFIXES,
    LISTENER_VERBS,
    ORG_TYPES,
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
    PREPOSITIONS,
    PRONOUNS,
    ROLE_DETERMINER_WORDS,
    ROLE_DETERMINERS,
    ROLE_MODIFIERS,
    ROLE_STOPS,
    SPEAKER_TYPES,
    SPEECH_VERBS,
)
from store.extract.quotes.names import Names
from store.extract.text import WORD
from store.records import Entity

_MAX_ENTITIES_BACK = 200
# A determiner opening a role phrase, dropped from the role shown: "the chief executive".
_ROLE_LEAD = re.compile(rf"^(?:{ROLE_DETERMINER_WORDS})\s+", re.I)


def role_word(w: re.Match[str], prev: str, nxt: str) -> bool:
    """Convention: a word that may stand in a role before a name: not a verb of speech, a
    pronoun, a date, a function word or an adverb. Example: "co-author" in "study co-author",
    "and" in "Health and HIV/AIDS Minister", "2012" in "2012 champion"."""
    word = w.group()
    wl = word.lower()
    if wl in SPEECH_VERBS or wl in PRONOUNS or wl in CALENDAR_WORDS or word in CALENDAR_WORDS:
        return False
    if wl == "and":
        # "Health and HIV/AIDS Minister": only between capitalised role words.
        return prev[:1].isupper() and nxt[:1].isupper()
    if wl.isdigit() and (nxt[:1].isdigit() or nxt.lower() in PERSON_ROLE_NOUNS):
        return True  # "9/11 widow", "2012 champion"
    if (
        wl in ROLE_STOPS
        or wl in PREPOSITIONS
        or wl.endswith("ly")
        or any(ch.isdigit() for ch in wl[:1])
    ):
        return wl.endswith("year-old")
    return True


class Roles:
    """Job titles of the people of one article, read around their mentions."""

    def __init__(self, index: ArticleIndex, names: Names) -> None:
        self.index = index
        self.names = names
        self.text = index.text
        self._roles: dict[str, list[Entity]] | None = None

    def role_then_person(self, pos: int, words: list[re.Match[str]]) -> Mention | None:
        """Role words right after a verb at ``pos``, then a person: "said oceanographer Tom Reed",
        "said the company's chief executive, Jane Doe"; the person speaks, the words are the role.
        """
        text = self.text
        before = text[max(0, pos - 12) : pos].split()
        if before and before[-1].lower() in LISTENER_VERBS:
            return None  # "told reporters Smith was ..." names a listener
        prev_end = pos
        role: list[re.Match[str]] = []
        i = 0
        while i < len(words) and i < 9:
            w = words[i]
            gap = text[prev_end : w.start()]
            if role and gap not in (" ", ", ", "/", "-"):
                return None
            if not role and gap.strip():
                return None
            e = self.index.entity_starting_at(w.start())
            while role and role[-1].group() in PERSON_TITLES and gap == " ":
                role.pop()  # "said chief executive Sir Anthony": the title is the name's
            if e is not None and e.type == "PERSON" and role and gap in (" ", ", "):
                last = role[-1].group()
                lasts = last.lower()
                content = [
                    r
                    for r in role
                    if r.group().lower() not in ROLE_DETERMINERS
                    and not self.index.entity_starting_at(r.start())
                ]
                head_ok = (
                    (last.islower() and not (lasts.endswith("s") and not lasts.endswith("ss")))
                    or lasts in PERSON_ROLE_NOUNS
                    or lasts.rsplit("-", 1)[-1] in PERSON_ROLE_NOUNS
                    or last in PERSON_TITLES
                )
                # "said Jon Wolf and Dana Farr": two names, not a role and a name.
                head_ok = head_ok and lasts != "and"
                if not text.startswith(("'s ", "\u2019s "), e.end) and head_ok and content:
                    phrase = text[role[0].start() : role[-1].end()]
                    phrase = re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.I)
                    return Mention(e.start, e.end, "entity", e, role=phrase)
            if gap == ", ":
                return None
            prv = role[-1].group() if role else ""
            nxt = words[i + 1].group() if i + 1 < len(words) else ""
            if e is not None and e.type in SPEAKER_TYPES and e.end <= words[-1].end():
                # An entity inside the role: "Wells Fargo senior economist", "Blair's aide".
                while i < len(words) and words[i].start() < e.end:
                    role.append(words[i])
                    i += 1
                prev_end = role[-1].end()
                if text.startswith(("'s", "\u2019s"), prev_end):
                    prev_end += 2
                continue
            if not role_word(w, prv, nxt):
                return None
            role.append(w)
            prev_end = w.end()
            i += 1
        return None

    def role_before(self, start: int, end: int) -> str | None:
        """Role words opening a sentence right before a person named at [start, end):
        "Study co-author Boris Worm said", "The company's chief executive, Jane Doe, said"."""
        text = self.text
        sent = self.index.sentences.containing(start)
        floor = max(sent[0] if sent is not None else 0, start - 80)
        words = self.index.words(floor, start)[-6:]
        if not words:
            return None
        gap = text[words[-1].end() : start]
        if gap == ", ":
            if not text.startswith(",", end):
                return None
        elif gap != " ":
            return None
        anchor = start
        while (
            words and words[-1].group() in PERSON_TITLES and text[words[-1].end() : anchor] == " "
        ):
            anchor = words[-1].start()  # "BP chief executive Lord Browne": the name's title
            words.pop()
        if anchor != start and (not words or text[words[-1].end() : anchor] != " "):
            return None
        role = [words[-1]]
        k = len(words) - 2
        while k >= 0:
            w = words[k]
            if text[w.end() : role[0].start()] not in (" ", "/", "-"):
                break
            nxt = role[0].group()
            prev = words[k - 1].group() if k > 0 else ""
            if not role_word(w, prev, nxt):
                return None
            role.insert(0, w)
            k -= 1
        # The role opens the sentence (after any quotation mark or dash).
        if text[floor : role[0].start()].strip(" \n\"'\u201c\u2018-\u2013\u2014"):
            return None
        if not role_word(role[-1], "", "") or not role_word(role[0], "", "Xx"):
            return None
        last = role[-1].group()
        lasts = last.lower()
        head_ok = (
            lasts in PERSON_ROLE_NOUNS
            or lasts.rsplit("-", 1)[-1] in PERSON_ROLE_NOUNS
            or lasts.endswith(JOB_SUFFIXES)
        )
        if not head_ok or any(
            self.index.entities_overlapping(w.start(), w.end()) for w in role[-1:]
        ):
            return None
        if gap == ", " and role[0].group().lower() not in ROLE_DETERMINERS:
            return None
        phrase = text[role[0].start() : role[-1].end()]
        phrase = _ROLE_LEAD.sub("", phrase)
        return phrase if phrase and phrase.lower() not in ROLE_DETERMINERS else None

    def person_with_role(self, head: str, pos: int) -> Entity | None:
        """The latest person introduced with a role ending in ``head`` ("Tory co-chairman Liam Fox")."""
        i = bisect_left(self.index.entity_starts, pos) - 1
        stop = max(-1, i - _MAX_ENTITIES_BACK)
        while i > stop:
            e = self.index.entities[i]
            if e.type == "PERSON":
                role = self.role_of(e.start, e.end)
                if role and head in {*role.lower().replace("-", " ").split(), role.lower()}:
                    return e
                if role and role.lower().endswith(head):
                    return e
            i -= 1
        return None

    def known_role(self, canonical: str, pos: int) -> str | None:
        """The role given to the person named ``canonical`` at a mention before ``pos``."""
        if self._roles is None:
            self._roles = {}
            for e in self.index.entities:
                if e.type == "PERSON":
                    self._roles.setdefault(e.canonical, []).append(e)
        for e in self._roles.get(canonical, ())[:20]:
            if e.start >= pos:
                break
            role = self.role_of(e.start, e.end)
            if role:
                return role
        return None

    def role_of(self, start: int, end: int) -> str | None:
        """A job title before the name ("Tory leader") or in an apposition after it."""
        return self._premodifier_role(start) or self._apposition_role(end)

    def _premodifier_role(self, start: int) -> str | None:
        """Convention: role words right before a name, ending in a role noun and within the
        paragraph, are the role. Example: "Tory leader Michael Howard" -> "Tory leader"."""
        text = self.text
        words = self.index.words(max(0, start - 80), start)
        while words and words[-1].group() in PERSON_TITLES:
            words.pop()
        # The role must touch the name; a title's own dot ("Mr.") may stand between.
        if not words or text[words[-1].end() : start].strip() not in ("", "."):
            return None
        last = words[-1].group().lower() if words else ""
        if last not in PERSON_ROLE_NOUNS:
            return None
        first = len(words) - 1
        para = self.index.paragraphs.containing(start)
        para_start = para[0] if para else 0
        while first > 0:
            prev = words[first - 1]
            gap = text[prev.end() : words[first].start()]
            if gap not in (" ",) or prev.start() < para_start:
                break
            pl = prev.group().lower()
            in_org = (
                any(
                    e.type in ORG_TYPES
                    for e in self.index.entities_between(prev.start(), prev.end() + 1)
                )
                or self.index.entity_at(prev.start(), prev.end()) is not None
            )
            if pl in ROLE_MODIFIERS or pl in PERSON_ROLE_NOUNS or in_org:
                first -= 1
                continue
            break
        role = text[words[first].start() : words[-1].end()]
        return role or None

    def _apposition_role(self, end: int) -> str | None:
        """Convention: a short phrase with a role noun between commas after a name is the
        role. Example: "Jane Doe, chief executive of X, said" -> "chief executive of X"."""
        text = self.text
        if not text.startswith(", ", end):
            return None
        stop = end + 2
        limit = min(len(text), end + 140)
        while stop < limit and text[stop] not in ',.;:\n"\u201c\u201d(':
            stop += 1
        if stop < limit and text[stop] == "." and text[stop - 2 : stop] in ("Mr", "Dr", "St"):
            return None
        phrase = text[end + 2 : stop].strip()
        ws = [w.group().lower() for w in WORD.finditer(phrase)]
        if not ws or len(ws) > 14 or any(w in SPEECH_VERBS for w in ws):
            return None
        if not any(w in PERSON_ROLE_NOUNS or w.rsplit("-", 1)[-1] in PERSON_ROLE_NOUNS for w in ws):
            return None
        if ws[0] in CLAUSE_OPENERS:
            return None
        phrase = re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.I)
        return phrase or None
