"""Names of people in one article: genders, full forms and the fullest name for a mention.

"Remolona" in a quotation's attribution is "Eli Remolona Jr." named earlier; "he" is
matched against the genders the article gives its people.
"""

from __future__ import annotations

import re

from store.extract.quotes.index import ArticleIndex
from store.extract.quotes.lexicon import (
    FEMALE_NAMES,
    FIRST_NAMES,
    JOB_WORD_ENDINGS,
    MALE_NAMES,
    NAME_SUFFIXES,
    NAME_TAIL_COMPOUNDS,
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
    SURNAME_PARTICLES,
)
from store.records import Entity

# What may follow an entity span as part of the name: a generational suffix, or the
# lower-case half of a hyphenated name ("-po").
_NAME_TAIL = re.compile(
    rf"-(?!(?:{NAME_TAIL_COMPOUNDS})\b)[a-z]{{1,8}}\b(?!-)|"
    r",? (?:Jr|Sr)\.?(?=[\s,;:)])|,? (?:II|III|IV)\b"
    # a hyphenated Cantonese or Korean given name after the entity: "John Lee" Ka-chiu
    r"| [A-Z][a-z]{1,5}-[a-z]{1,6}\b(?!-)"
    # a surname with a particle the entity left out: "Erik" ten Hag, "Ursula" von der Leyen
    rf"|(?: (?:{SURNAME_PARTICLES}))+"
    r" [A-Z][\w'\u2019-]+"
)


class Names:
    """The people of one article by name: who is who when a surname or pronoun comes back."""

    def __init__(self, index: ArticleIndex) -> None:
        self.index = index
        self.text = index.text
        self._surname_index: dict[str, str] | None = None
        self.genders = self._person_genders()

    def _person_genders(self) -> dict[str, str]:
        """Convention: a person's gender comes from a gendered title before a mention
        ("Mrs"), else from a given name only ever a man's or a woman's. Example: "Mr
        Lang" male, "Sarah Jones" female."""
        genders: dict[str, str] = {}
        for e in self.index.entities:
            if e.type != "PERSON":
                continue
            before = self.text[max(0, e.start - 12) : e.start].split()
            if before and before[-1] in PERSON_TITLES:
                gender = PERSON_TITLES[before[-1]]
                if gender in ("male", "female"):
                    genders.setdefault(e.canonical, gender)
        for e in self.index.entities:
            # No title: the given name, when it is one that is only ever a man's or a woman's.
            words = e.canonical.split() if e.type == "PERSON" else []
            if len(words) >= 2 and e.canonical not in genders:
                if words[0] in FEMALE_NAMES:
                    genders[e.canonical] = "female"
                elif words[0] in MALE_NAMES:
                    genders[e.canonical] = "male"
        return genders

    def full_form(self, e: Entity) -> str:
        """A person's name as written at mention ``e``, completed from the text around it.

        The entity span may stop short of a generational suffix ("Eli Remolona Jr.") or of
        the lower-case half of a hyphenated given name ("Paul Chan Mo-po").
        """
        name = e.canonical or e.text
        if e.type != "PERSON" or name != e.text:
            return name
        m = _NAME_TAIL.match(self.text, e.end, min(len(self.text), e.end + 40))
        if m is not None and (m.group()[0] != "-" or len(e.text.split()) >= 2):
            name = e.text + m.group()
        elif e.text.split()[-1] in NAME_SUFFIXES and self.text.startswith(".", e.end):
            name = e.text + "."
        if self.job_word_first(e):
            name = name.split(" ", 1)[1]  # "Oceanographer Tom Reed" opening a sentence
        return name

    def job_word_first(self, e: Entity) -> bool:
        """A person entity that took a capitalised job word opening the sentence into the
        name: "Oceanographer Tom Reed said"."""
        words = e.text.split()
        if len(words) < 3 or e.type != "PERSON":
            return False
        first = words[0]
        low = first.lower()
        if (
            not first.isalpha()
            or not first[:1].isupper()
            or first in FIRST_NAMES
            or first in MALE_NAMES
            or first in FEMALE_NAMES
            or first in PERSON_TITLES
        ):
            return False
        if not (low in PERSON_ROLE_NOUNS or low.endswith(JOB_WORD_ENDINGS)):
            return False
        sent = self.index.sentences.containing(e.start)
        lead = self.text[sent[0] if sent is not None else 0 : e.start]
        return not lead.strip(" \n\"'\u201c\u2018")

    def _name_index(self) -> dict[str, str]:
        """Keys (surname, middle name after a given name, whole name) -> the fullest name."""
        if self._surname_index is None:
            index: dict[str, str] = {}

            def put(key: str, full: str) -> None:
                """Keep the longest full name for ``key``."""
                if len(full) > len(index.get(key, "")):
                    index[key] = full

            seen: set[tuple[str, str]] = set()
            for e in self.index.entities:
                if e.type != "PERSON":
                    continue  # a person's surname never finds an organisation's name
                full = self.full_form(e)
                if (full, e.type) in seen:
                    continue
                seen.add((full, e.type))
                words = full.split()
                if not words:
                    continue
                core = [w for w in words if w.rstrip(".,") not in NAME_SUFFIXES] or words
                put(words[-1].lower(), full)
                put(core[-1].lower(), full)
                put("\x00" + " ".join(core).lower(), full)
                for k in range(1, len(core)):
                    # "Paul Chan" and "Eli Remolona" for "Paul Chan Mo-po", "Eli Remolona Jr.",
                    # not "Johnny Carson" for "Johnny Carson Theater".
                    if len(words) > k and all(
                        "-" in w or w.rstrip(".,") in NAME_SUFFIXES for w in words[k:]
                    ):
                        put("\x00" + " ".join(core[:k]).lower(), full)
                if len(core) == 3 and core[1][:1].isupper():
                    # "Ken Hu Houkun", "Paul Chan Mo-po": a family name between an English
                    # given name and a Chinese one; also "Martin Luther King"'s middle.
                    put("\x01" + core[1].lower(), full)
                if len(core) >= 2:
                    # A given name (or a Chinese family name: "Xi" of "Xi Jinping") that
                    # starts one person's name only.
                    key = "\x02" + core[0].lower()
                    known = index.get(key)
                    if known is None or full.startswith(known):
                        index[key] = full
                    elif not known.startswith(full):
                        index[key] = "\x03"  # two people share it
            self._surname_index = index
        return self._surname_index

    def name_of(self, e: Entity) -> str:
        """The name a speaker entity goes by: a person's fullest form in the article."""
        if e.type != "PERSON":
            return e.canonical or e.text
        return self.fullest_name(self.full_form(e))

    def fullest_name(self, name: str) -> str:
        """The fullest name in the article for ``name`` ("Remolona" -> "Eli Remolona Jr.").

        A surname finds the longest name ending with it; a given name and surname find a
        longer name starting with them; a family name in the middle of a three-part name
        ("Hu" in "Ken Hu Houkun") counts when no name ends with it; then a first word that
        starts one person's name only: "Prince Faisal" for "Faisal bin Farhan", a Chinese
        family name ("Xi" for "Xi Jinping").
        """
        index = self._name_index()
        words = [w for w in name.split() if w.rstrip(".,") not in NAME_SUFFIXES] or name.split()
        if not words:
            return name
        if len(words) > 1:
            best = index.get("\x00" + " ".join(words).lower())
            if best is not None and len(best) > len(name):
                return best
        best = index.get(words[-1].lower(), name)
        if len(best) <= len(name) and len(words) == 1:
            best = index.get("\x01" + words[0].lower(), name)
            if len(best) <= len(name):
                best = index.get("\x02" + words[0].lower(), name)
                if best == "\x03":
                    best = name
        return best if len(best) >= len(name) else name
