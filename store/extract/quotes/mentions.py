"""Mentions of a speaker around a speech verb: its subject before it, the name after it.

Each search returns a ``Mention`` (an entity, a pronoun, "the <role>", a bare name, or
no one named); ``coreference`` turns it into a name.
"""

from __future__ import annotations

import re

from store.extract.quotes.index import ArticleIndex, Mention
from store.extract.quotes.lexicon import (
    ANONYMOUS_NOUNS,
    ARABIC_ARTICLES,
    CALENDAR_WORDS,
    COMMON_WORDS,
    COMPLEMENT_PREPOSITIONS,
    CROWD_NOUNS,
    DETERMINERS,
    DOCUMENT_VERBS,
    FUNCTION_AFTER_NAME,
    ISSUED_DOCUMENTS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    ORG_REF_NOUNS,
    ORG_SPEAKER_NOUNS,
    OWNER_LINKS,
    OWNER_PRONOUNS,
    PASSIVE_AUXILIARIES,
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
    PLACE_TYPES,
    PLATFORMS,
    POST_NOUNS,
    PREPOSITIONS,
    PRONOUNS,
    ROLE_MODIFIERS,
    SKIP_WORDS,
    SPEECH_VERBS,
    TIME_LEADS,
    TIME_NOUNS,
    WORDS_NOUNS,
    WRITING_NOUNS,
)
from store.extract.quotes.roles import Roles
from store.extract.text import WORD, title_or_initial_before
from store.records import Entity

_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:[-'\u2019][A-Z]?[a-z]+)*")
# How far (characters) an attribution may reach from the verb.
_CLAUSE_REACH = 160
# How far before a quotation its lead-in may start ("According to X, ... : "...").
_LEAD_IN_REACH = 400
# "was quoted as saying", "quoted Xi as saying", "cited officials as saying".
_QUOTED_PASSIVE = re.compile(rf"\b(?:{PASSIVE_AUXILIARIES})\s+(?:quoted|cited)\s+as\s+$")
_QUOTED_ACTIVE = re.compile(r"\b(?:quoted|cited)\s+([^.;:\n\"\u201c]{1,60}?)\s+as\s+$")
# A preposition right before a name: "at", "of the", "in" ("Police in Paris said").
_PREP_BEFORE = re.compile(rf"\s(?:{COMPLEMENT_PREPOSITIONS})(?: the)?\s$")
_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w'\u2019-]* $")


class Mentions:
    """Speaker mentions of one article, found from a speech verb or a quotation's edge."""

    def __init__(self, index: ArticleIndex, roles: Roles) -> None:
        self.index = index
        self.roles = roles
        self.text = index.text

    def mention_before(self, pos: int, floor: int) -> Mention | None:
        """The speaker mention that ends right before ``pos`` (subject of a verb at ``pos``).

        Skips auxiliaries and adverbs ("has also said"), a parenthesis ("(UNECE) said"),
        a relative pronoun ("Paul Connolly, who said") and an apposition between commas
        or dashes ("Cary Leahy, senior economist at Deutsche Bank, said").
        """
        text = self.text
        lo = max(floor, pos - _CLAUSE_REACH)
        words = self.index.words(lo, pos)
        k = len(words)
        while k > 0 and words[k - 1].group().lower() in SKIP_WORDS:
            k -= 1
        if (
            k > 0
            and not text[words[k - 1].end() : words[k].start() if k < len(words) else pos].strip()
        ):
            k = self._skip_time(words, k)
        if k > 0 and words[k - 1].group().lower() in ("who", "which", "that"):
            k -= 1
            rel = words[k]
            # "Mr Van de Vijver which said", "Paul Connolly, who said"
            m = self._mention_ending(rel.start(), floor)
            if m is not None:
                return m
            cut = text[max(lo, rel.start() - 3) : rel.start()]
            if "," in cut:
                return self._mention_ending(text.rfind(",", lo, rel.start()), floor)
            return None
        if k == 0:
            return None
        end = words[k - 1].end()
        between = text[end:pos] if k == len(words) else text[end : words[k].start()]
        between_s = between.strip()
        if between_s == "." and (
            words[k - 1].group() in NAME_SUFFIXES
            or title_or_initial_before(text, end, PERSON_TITLES)
        ):
            # "Joseph R. Biden Jr. said": the name's own full stop.
            dotted = self.index.entity_ending_at(end + 1)
            if dotted is not None and dotted.start >= floor:
                return Mention(dotted.start, dotted.end, "entity", dotted)
        if between_s.endswith(")"):
            # A parenthesis after the name: "the United Nations ... (UNECE) said".
            opening = text.rfind("(", lo, end)
            if opening < 0:
                return None
            return self._mention_ending(opening, floor)
        if between_s[-1:] in (",", "-", "\u2013", "\u2014"):
            return self._apposition_subject(end + between.index(between_s[-1]), floor)
        if between_s:
            return None
        last = words[k - 1].group().lower()
        if last in ("and", "but") and k >= 2:
            # "Mr Brown ... and warned": the subject of the first verb.
            return self.first_mention(floor, words[k - 1].start())
        found = self._mention_ending(end, floor, words[:k])
        if found is None:
            # "Brent Bozell, PTC president and conservative activist said": an apposition
            # whose closing comma is missing; the name opens the clause.
            first = self.first_mention(floor, pos)
            if (
                first is not None
                and first.entity is not None
                and first.entity.type == "PERSON"
                and text.startswith(",", first.end)
            ):
                return first
        return found

    def mention_ending(self, end: int, floor: int) -> Mention | None:
        """The speaker mention (name, pronoun, "the <role>") ending at ``end``."""
        return self._mention_ending(end, floor)

    def _skip_time(self, words: list[re.Match[str]], k: int) -> int:
        """``k`` moved back over a time adverbial before a verb: "Modi on Sunday said",
        "Smith last week told", "the ministry earlier this month said"."""
        while k > 0:
            w = words[k - 1].group()
            low = w.lower()
            if (
                w in CALENDAR_WORDS
                and w != "I"
                and self.index.entity_ending_at(words[k - 1].end()) is None
            ) or (low in TIME_NOUNS and k > 1 and words[k - 2].group().lower() in TIME_LEADS):
                k -= 1
            else:
                return k
            while k > 0 and (
                words[k - 1].group().lower() in TIME_LEADS
                or words[k - 1].group().lower() in SKIP_WORDS
            ):
                k -= 1
        return k

    def _apposition_subject(self, close_at: int, floor: int) -> Mention | None:
        """Subject before an apposition closing at ``close_at`` (a comma or a dash)."""
        text = self.text
        mark = text[close_at]
        lo = max(floor, close_at - 140)
        if mark == ",":
            open_at = text.rfind(",", lo, close_at)
        else:
            open_at = max(text.rfind(" - ", lo, close_at), text.rfind(" \u2013 ", lo, close_at))
            open_at = max(open_at, text.rfind(" \u2014 ", lo, close_at))
            open_at = open_at + 1 if open_at >= 0 else -1
        if open_at < 0:
            return None
        before = self._mention_ending(open_at, floor)
        if before is not None and before.entity is not None and before.entity.type == "PERSON":
            return before  # "And Moya, nicknamed Charly, admitted"
        persons = [e for e in self.index.entities_between(open_at, close_at) if e.type == "PERSON"]
        if persons:
            # "Authenti-corp's CEO, Cynthia Musselman, told"
            return Mention(persons[0].start, persons[0].end, "entity", persons[0])
        return before

    def _mention_ending(
        self, end: int, floor: int, words: list[re.Match[str]] | None = None, depth: int = 0
    ) -> Mention | None:
        """The speaker mention ending at ``end`` (spaces ignored), not before ``floor``."""
        text = self.text
        while end > floor and text[end - 1] in " \t":
            end -= 1
        if end <= floor:
            return None
        entity = self.index.entity_ending_at(end)
        if entity is not None and entity.start >= floor:
            return self._entity_mention(entity, floor, depth)
        if words is None:
            words = self.index.words(max(floor, end - 80), end)
        return self._word_mention(words, end)

    def _entity_mention(self, entity: Entity, floor: int, depth: int) -> Mention | None:
        """Convention: an entity ending before a verb is its subject, unless a preposition
        makes it a complement (the phrase before it speaks), a nationality after "the" is a
        person, or a crowd noun typed as a name is unnamed people. Example: "analysts at
        Nomura said" -> the analysts; "the Argentine said" -> a national."""
        text = self.text
        if (
            entity.type == "NORP"
            and not entity.text.endswith("s")  # "the Conservatives" stay the party
            and text[max(floor, entity.start - 4) : entity.start] in ("the ", "The ")
        ):
            # "the Argentine said": a person named by nationality.
            return Mention(entity.start - 4, entity.end, "nominal", head="national")
        if entity.text.lower() in ANONYMOUS_NOUNS and not _CAPITALISED_BEFORE.search(
            text, max(0, entity.start - 30), entity.start
        ):
            # "Demonstrators shouted" typed as a name: still unnamed people.
            return Mention(entity.start, entity.end, "nominal", head=entity.text.lower())
        lead_at = entity.start
        place = self.index.entity_ending_at(entity.start - 1) if entity.type == "ORG" else None
        if (
            place is not None
            and place.type in ("GPE", "NORP")
            and text[place.end : entity.start] == " "
        ):
            lead_at = place.start  # "of the US Treasury": the place names the body
        lead = _PREP_BEFORE.search(text, max(floor, lead_at - 14), lead_at)
        if lead is not None:
            # A name after a preposition is a complement: "analysts at Nomura said",
            # "Police in Paris said", "Lord Nicholls of Birkenhead said",
            # "a spokesman for Boeing said". The phrase before it is the subject.
            subject = None
            if lead.start() > floor and depth < 4:
                subject = self._mention_ending(lead.start(), floor, depth=depth + 1)
            if subject is not None and subject.kind == "nominal":
                # "Paul Goosens, head of Preventon told": the name the role is about.
                named = self.index.entity_ending_at(subject.start - 2)
                if not text.startswith(", ", subject.start - 2):
                    named = None
                for inner in self.index.entities_between(subject.start, subject.end):
                    if inner.type == "PERSON" and text.startswith(",", inner.end):
                        named = inner  # "Mr Kim, chief executive of SK Telecom"
                if named is not None and named.type == "PERSON" and named.start >= floor:
                    return Mention(named.start, named.end, "entity", named)
                if subject.head in WRITING_NOUNS and entity.type in ("ORG", "PERSON"):
                    # "the letter from Qwest said": the writer.
                    return Mention(entity.start, entity.end, "entity", entity)
            if (
                subject is not None
                and subject.kind != "name"
                and (subject.kind != "nominal" or subject.head not in ORG_SPEAKER_NOUNS)
            ):
                return subject
            if entity.type in PLACE_TYPES:
                return Mention(lead.start(), lead.start(), "anonymous")
        return Mention(entity.start, entity.end, "entity", entity)

    def _word_mention(self, words: list[re.Match[str]], end: int) -> Mention | None:
        """Convention: a pronoun, "the <role or organisation noun>", or one or two capitalised
        words ending at ``end`` name the subject. Example: "the company said" -> nominal
        "company"; "Smith said" -> the name Smith."""
        text = self.text
        if not words or words[-1].end() != end:
            return None
        last = words[-1]
        low = last.group().lower()
        if low in PRONOUNS:
            return Mention(last.start(), last.end(), "pronoun", head=low)
        head = low.rsplit("-", 1)[-1] if low not in PERSON_ROLE_NOUNS else low
        if low.endswith("year-old"):
            head = "year-old"
        if (
            head in ORG_SPEAKER_NOUNS
            or head in ORG_REF_NOUNS
            or head in ANONYMOUS_NOUNS
            or head in PERSON_ROLE_NOUNS
            or head in ISSUED_DOCUMENTS
        ):
            # Walk back to the determiner (or the ORG entity) that opens the noun phrase.
            start = last.start()
            for w in reversed(words[-6:-1]):
                wl = w.group().lower()
                start = w.start()
                if wl in DETERMINERS:
                    break
            return Mention(start, last.end(), "nominal", head=head)
        if (
            _CAPITALISED.fullmatch(last.group())
            and low not in SPEECH_VERBS
            and low not in COMMON_WORDS
            and last.group() not in PLATFORMS
        ):
            start = last.start()
            if (
                len(words) >= 2
                and _CAPITALISED.fullmatch(words[-2].group())
                and words[-2].group() not in PERSON_TITLES
                and text[words[-2].end() : start] == " "
            ):
                start = words[-2].start()
            return Mention(start, last.end(), "name")
        return None

    def mention_after(self, pos: int, ceiling: int) -> Mention | None:
        """The speaker mention right after a verb at ``pos`` ("said Mr Aiyar", "said the firm")."""
        words = self.index.words(pos, min(ceiling, pos + _CLAUSE_REACH))
        if not words:
            return None
        first = words[0]
        low = first.group().lower()
        if low in PRONOUNS and low not in ("it", "we", "i"):
            return Mention(first.start(), first.end(), "pronoun", head=low)
        if low in OWNER_PRONOUNS and len(words) > 1:
            nxt = words[1].group()
            if nxt in PLATFORMS or nxt.lower() in POST_NOUNS:
                # "according to his Twitter account": the account holder.
                head = OWNER_PRONOUNS[low]
                return Mention(first.start(), first.end(), "pronoun", head=head)
        roled = self.roles.role_then_person(pos, words)
        if roled is not None:
            return roled
        np_words = self._noun_phrase(pos, words)
        if not np_words:
            return None
        return self._noun_phrase_mention(np_words, words)

    def _noun_phrase(self, pos: int, words: list[re.Match[str]]) -> list[re.Match[str]]:
        """Convention: the noun phrase after a verb is capitalised words, role words and
        determiners, up to punctuation (a title's own full stop excepted), without a trailing
        preposition. Example: "said Sen. John Hart of" -> "Sen. John Hart"."""
        text = self.text
        np_words: list[re.Match[str]] = []
        prev_end = pos
        for w in words[:10]:
            gap = text[prev_end : w.start()]
            if any(ch in gap for ch in ',.;:"\u201c\u201d()') and not (
                gap.strip() == "." and title_or_initial_before(text, prev_end, PERSON_TITLES)
            ):
                break
            wl = w.group().lower()
            allowed = (
                w.group()[:1].isupper()
                or wl in DETERMINERS
                or wl in ROLE_MODIFIERS
                or wl in PERSON_ROLE_NOUNS
                or wl in ORG_SPEAKER_NOUNS
                or wl in ORG_REF_NOUNS
                or wl in ANONYMOUS_NOUNS
                or wl in ("for", "at", "of", "from")
                or wl in NAME_PARTICLES
                or wl.startswith(ARABIC_ARTICLES)
                or wl.endswith("year-old")
            )
            if not allowed:
                break
            np_words.append(w)
            prev_end = w.end()
        while np_words and np_words[-1].group().lower() in ("for", "at", "of", "from", "the"):
            np_words.pop()
        return np_words

    def _noun_phrase_mention(
        self, np_words: list[re.Match[str]], words: list[re.Match[str]]
    ) -> Mention | None:
        """Convention: in the noun phrase after a verb, a person speaks before an
        organisation's noun, an organisation before a bare name. Example: "said the health
        secretary, Wes Streeting" -> Wes Streeting; "said the firm" -> the firm."""
        text = self.text
        np_start, np_end = np_words[0].start(), np_words[-1].end()
        rest = [w for w in words[len(np_words) : len(np_words) + 2]]
        if (
            len(rest) == 2
            and rest[0].group().islower()
            and rest[0].group() not in FUNCTION_AFTER_NAME
            and any(e.type == "ORG" for e in self.index.entities_between(np_start, np_end))
            and text[np_end : rest[1].start()].count(" ") == 2
            and text[np_end : rest[1].start()].strip() == rest[0].group()
        ):
            # "said Met Office meteorologist Alex Deakin": a job word the lists lack.
            named = self.index.entity_starting_at(rest[1].start())
            if named is not None and named.type == "PERSON":
                return Mention(named.start, named.end, "entity", named)
        ents = self.index.entities_between(np_start, np_end)
        persons = [
            e
            for e in ents
            if e.type == "PERSON"
            # "said Jane Doe's lawyer, Mark Stein": the owner is not the speaker.
            and not (text.startswith(("'s ", "\u2019s "), e.end) and e.end + 3 < np_end)
        ]
        if persons:
            return Mention(persons[0].start, persons[0].end, "entity", persons[0])
        if text.startswith(", ", np_end):
            # "said the health secretary, Wes Streeting": the name in the apposition.
            named = self.index.entity_starting_at(np_end + 2)
            if named is not None and named.type == "PERSON":
                return Mention(named.start, named.end, "entity", named)
        for w in np_words:
            wl = w.group().lower()
            if wl in ORG_SPEAKER_NOUNS:
                return Mention(np_start, w.end(), "nominal", head=wl)
        if ents:
            e = ents[0]
            if e.type == "NORP" and text[max(0, e.start - 4) : e.start].lower() == "the ":
                # "said the American": a person named by nationality.
                return Mention(e.start - 4, e.end, "nominal", head="national")
            return Mention(e.start, e.end, "entity", e)
        # The head noun is the last lower-case word; capitalised words after it are a name
        # ("said central bank governor Park Seung").
        last_lower = max((i for i, w in enumerate(np_words) if w.group()[:1].islower()), default=-1)
        trailing_name = last_lower + 1 < len(np_words)
        if last_lower >= 0 and not trailing_name:
            wl = np_words[last_lower].group().lower()
            head = "year-old" if wl.endswith("year-old") else wl
            known = head in ORG_REF_NOUNS or head in ANONYMOUS_NOUNS or head in PERSON_ROLE_NOUNS
            if known:
                return Mention(np_start, np_words[last_lower].end(), "nominal", head=head)
            if np_words[0].group().lower() == "the" and last_lower > 0:
                # "added the two-time Academy Award winner": a person described.
                return Mention(np_start, np_words[last_lower].end(), "nominal", head="person")
        names = [w for w in np_words[last_lower + 1 :] if _CAPITALISED.fullmatch(w.group())]
        names = [w for w in names if w.group() not in PERSON_TITLES]
        if names and names[0].group().lower() in COMMON_WORDS:
            names = []
        if names:
            start, end = names[0].start(), names[0].end()
            for w in names[1:]:
                if text[end : w.start()] == " ":
                    end = w.end()
                else:
                    break
            return Mention(start, end, "name")
        return None

    def quoted_as(self, pos: int, floor: int) -> Mention | None:
        """The one quoted in "X quoted Y as saying" / "Y was quoted as saying" (the verb
        "saying" at ``pos``); None when the verb is not in such a phrase."""
        lo = max(floor, pos - 80)
        passive = _QUOTED_PASSIVE.search(self.text, lo, pos)
        if passive is not None:
            # "Starmer was quoted as saying": the subject of the passive.
            found = self.mention_before(passive.start(), floor)
            if found is not None:
                return found
        active = _QUOTED_ACTIVE.search(self.text, lo, pos)
        if active is not None:
            # "Xinhua quoted Xi as saying": the one quoted, not the quoting outlet.
            persons = [
                e
                for e in self.index.entities_between(active.start(1), active.end(1))
                if e.type == "PERSON"
            ]
            if persons:
                return Mention(persons[0].start, persons[0].end, "entity", persons[0])
            found = self.mention_after(active.start(1), active.end(1))
            # "Reuters quoted a central bank official as saying": unnamed, not Reuters.
            return found or Mention(active.start(1), active.start(1), "anonymous")
        return None

    def attribute_verb(self, verb: re.Match[str], floor: int, ceiling: int) -> Mention | None:
        """The speaker of a speech verb: its subject before it, else the name after it."""
        word = verb.group().lower()
        if word in DOCUMENT_VERBS and word not in SPEECH_VERBS:
            # "the report found": a document or an organisation gives these words, no one else.
            found = self.mention_before(verb.start(), floor)
            if found is not None and (
                (found.kind == "nominal" and found.head in ISSUED_DOCUMENTS)
                or (found.entity is not None and found.entity.type == "ORG")
            ):
                return found
            return None
        quoted = self.quoted_as(verb.start(), floor)
        if quoted is not None:
            return quoted
        before = self.mention_before(verb.start(), floor)
        if word.endswith("ing"):
            # "He warned ..., saying:" - the subject of the main clause.
            first = self.first_mention(floor, verb.start())
            if first is not None:
                return first
        if before is not None:
            return before
        # Inverted order only right after a quotation, a comma or at the clause start:
        # '"...," said Mr Aiyar', 'Said the firm: ...'.
        lead = self.text[max(floor, verb.start() - 40) : verb.start()].rstrip()
        lead_words = WORD.findall(lead)
        while lead_words and lead_words[-1].lower() in SKIP_WORDS:
            lead = lead[: lead.rfind(lead_words.pop())].rstrip()
        if word in ("told", "tell", "tells", "telling"):
            return None  # "..., told AFP": the outlet after it is the listener
        if verb.start() - floor <= 2 or not lead or lead[-1] in ",:;\"\u201d'\u2019":
            return self.mention_after(verb.end(), ceiling)
        return None

    def first_mention(self, start: int, end: int) -> Mention | None:
        """The first speaker mention (name, pronoun, "the <role>") in [start, end), outside quotes."""
        words = self.index.words(start, min(end, start + _CLAUSE_REACH))
        for i, w in enumerate(words):
            if self.index.inside_quote(w.start()):
                continue
            low = w.group().lower()
            prev = words[i - 1].group().lower() if i > 0 else ""
            e = self.index.entity_starting_at(w.start())
            if e is not None and e.end <= end:
                if prev in PREPOSITIONS and self.text[words[i - 1].end() : e.start] == " ":
                    # "Protesters outside Sanaa University": a place, not the subject.
                    continue
                if e.type != "PERSON":
                    person = self._person_after_role(e.end, end)
                    if person is not None:
                        # "Labour leader Keir Starmer": the person, not the party.
                        return Mention(person.start, person.end, "entity", person)
                return Mention(e.start, e.end, "entity", e)
            if low in ("he", "she", "they", "it"):
                return Mention(w.start(), w.end(), "pronoun", head=low)
            if (
                low in ANONYMOUS_NOUNS
                and (low.endswith("s") or low in CROWD_NOUNS)
                and prev not in PREPOSITIONS
                and (i == 0 or w.group().islower())
            ):
                # "Protesters chanted", "loyalists shouted", "researchers found": a group
                # of unnamed people is the subject.
                return Mention(w.start(), w.end(), "nominal", head=low)
            if low in ("the", "a", "an") and i < 2:
                for nxt in words[i + 1 : i + 5]:
                    nl = nxt.group().lower()
                    head = "year-old" if nl.endswith("year-old") else nl
                    if (
                        head in PERSON_ROLE_NOUNS
                        or head in ORG_REF_NOUNS
                        or head in ORG_SPEAKER_NOUNS
                    ):
                        return Mention(w.start(), nxt.end(), "nominal", head=head)
                    if head in ANONYMOUS_NOUNS:
                        return Mention(w.start(), nxt.end(), "nominal", head=head)
        return None

    def _person_after_role(self, pos: int, end: int) -> Entity | None:
        """A person named right after role words at ``pos``: "(Labour) leader Keir Starmer"."""
        ws = self.index.words(pos, min(end, pos + 60))[:5]
        for k, w in enumerate(ws):
            low = w.group().lower()
            if low in PERSON_ROLE_NOUNS or low in ROLE_MODIFIERS or w.group() in PERSON_TITLES:
                continue
            if k == 0:
                return None
            e = self.index.entity_starting_at(w.start())
            return e if e is not None and e.type == "PERSON" and e.end <= end else None
        return None

    def owner_before(self, start: int, pos: int) -> Mention | None:
        """The person or organisation whose words a quotation opening at ``pos`` are.

        'Satya Nadella's vision of "democratizing" AI': a possessive name right before the
        marks, with a few words and no verb, comma or role noun between.
        """
        lo = max(start, pos - 60)
        window = self.text[lo:pos]
        if "'s " not in window and "\u2019s " not in window:
            return None
        words = self.index.words(lo, pos)[-6:]
        for k in range(len(words) - 1, -1, -1):
            w = words[k]
            if not w.group().endswith(("'s", "\u2019s")):
                continue
            between = [b.group().lower() for b in words[k + 1 :]]
            if not between or len(between) > 3 or between[0] not in WORDS_NOUNS:
                return None
            if len(between) == 1 or between[-1] not in OWNER_LINKS:
                return None  # 'GM's argument "has no legs"' is someone's verdict on it
            if "as" in between or any(ch in self.text[w.end() : pos] for ch in ",;:."):
                return None  # 'Labour's pledges as "vacuous"' is someone else's verdict
            e = self.index.entity_ending_at(w.end() - 2)
            if (
                e is not None
                and e.type in ("PERSON", "ORG")
                and not self.index.inside_quote(e.start)
            ):
                return Mention(e.start, e.end, "entity", e)
            return None
        return None

    def according_to(self, start: int, end: int) -> Mention | None:
        """The source after "according to" in a lead-in (the nearest few hundred characters)."""
        start = max(start, end - _LEAD_IN_REACH)
        idx = self.text.find("according to ", start, end)
        if idx < 0:
            idx = self.text.find("According to ", start, end)
        if idx < 0:
            return None
        return self.mention_after(idx + len("according to "), end)
