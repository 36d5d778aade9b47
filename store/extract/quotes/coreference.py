"""Coreference: a mention resolved to the speaker it means.

"he" is the subject of the nearest sentence (of his gender), "the spokesman" speaks for
the organisation named near it, "the report" for its issuer, "the minister" for the
person introduced with that role; a person goes by the fullest name the article gives.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from store.extract.quotes.index import ArticleIndex, Mention, Speaker
from store.extract.quotes.lexicon import (
    ANONYMOUS_NOUNS,
    ISSUED_DOCUMENTS,
    ORG_REF_NOUNS,
    ORG_SPEAKER_NOUNS,
    ORG_TYPES,
    OWNER_DETERMINER_WORDS,
    OWNER_PRONOUNS,
    PERSON_ROLE_NOUNS,
    PRONOUNS,
    SKIP_WORDS,
    STRICT_ORG_HEADS,
)
from store.extract.quotes.mentions import Mentions
from store.extract.quotes.names import Names
from store.extract.quotes.roles import Roles
from store.extract.text import WORD
from store.records import Entity

_MAX_ENTITIES_BACK = 200
_SENTENCE_LOOKBACK = 6
# An organisation told something is the listener: "told the Reuters news agency".
_LISTENER_BEFORE = re.compile(r"\b(?:told|tells|telling|tell)(?: the)? $")
# A possessive left on a name: "Trump's", "TRUMP’S".
_POSSESSIVE_END = re.compile("['\u2019][sS]$")
# A determiner opening a described person, dropped from the role: "the American".
_OWNER_LEAD = re.compile(rf"^(?:{OWNER_DETERMINER_WORDS})\s+", re.I)


class Coreference:
    """Resolves one article's mentions to speakers: names, pronouns, roles, organisations."""

    def __init__(self, index: ArticleIndex, names: Names, roles: Roles, mentions: Mentions):
        self.index = index
        self.names = names
        self.roles = roles
        self.mentions = mentions
        self.text = index.text
        self._subject_cache: dict[tuple[int, str], tuple[Entity | None, bool]] = {}
        self._orgs: frozenset[str] | None = None

    def resolve(self, mention: Mention, ctx_start: int) -> Speaker:
        """Turn a mention into a speaker (name, role, span of the attributing mention)."""
        spk = self._resolve(mention, ctx_start)
        if (
            spk.name is not None
            and _POSSESSIVE_END.search(spk.name)
            and spk.name not in self._org_names()
            and (
                (mention.entity is not None and mention.entity.type == "PERSON")
                or self._person_named(spk.name[:-2])
            )
        ):
            # "Trump's" is Trump: a possessive never stays in a speaker's name.
            spk.name = spk.name[:-2].rstrip() or None
        return spk

    def _person_named(self, name: str) -> bool:
        """A person of that name (or surname) is named in the article."""
        if name.isupper():
            name = name.title()
        return self.names.fullest_name(name) != name or any(
            e.type == "PERSON" and e.text == name for e in self.index.entities[:_MAX_ENTITIES_BACK]
        )

    def _org_names(self) -> frozenset[str]:
        """Organisations' names as the article gives them: "McDonald's" keeps its "'s"."""
        if self._orgs is None:
            self._orgs = frozenset(
                n for e in self.index.entities if e.type != "PERSON" for n in (e.text, e.canonical)
            )
        return self._orgs

    def _resolve(self, mention: Mention, ctx_start: int) -> Speaker:
        """One resolution rule per kind of mention."""
        if mention.kind == "entity" and mention.entity is not None:
            return self._resolve_entity(mention, mention.entity)
        if mention.kind == "name":
            surface = self.text[mention.start : mention.end]
            name = self.names.fullest_name(surface)
            return Speaker(
                name, self.roles.role_of(mention.start, mention.end), mention.start, mention.end
            )
        if mention.kind == "pronoun":
            return self._resolve_pronoun(mention)
        return self._resolve_nominal(mention, ctx_start)

    def _resolve_entity(self, mention: Mention, e: Entity) -> Speaker:
        """Convention: a named speaker goes by the article's fullest name, with the role given
        where named, else before the name, else at an earlier mention. Example: "Remolona
        said" -> "Eli Remolona Jr.", role "Philippine central bank governor"."""
        name = self.names.name_of(e)
        role = self.roles.role_of(e.start, e.end) if e.type == "PERSON" else None
        if mention.role and (role is None or mention.role.endswith(role)):
            role = mention.role
        if role is None and e.type == "PERSON":
            role = self.roles.role_before(e.start, e.end)
        if role is None and self.names.job_word_first(e):
            role = e.text.split()[0].lower()
        if role is None and e.type == "PERSON":
            role = self.roles.known_role(e.canonical, e.start)
        return Speaker(name, role, mention.start, mention.end)

    def _resolve_pronoun(self, mention: Mention) -> Speaker:
        """Convention: "he"/"she" is the latest person of that gender a sentence is about,
        "they"/"it" the organisation a recent sentence is about. Example: 'Mr Brown spoke.
        "...," he said' -> Mr Brown."""
        kind = PRONOUNS.get(mention.head, "")
        if kind in ("male", "female", "person"):
            entity = self.last_person(mention.start, kind)
        elif kind == "group":
            entity = self.last_org(mention.start, "subject")
        else:
            entity = None
        if entity is None:
            return Speaker(None, None, None, None)
        return Speaker(
            self.names.name_of(entity),
            self.roles.known_role(entity.canonical, mention.start),
            mention.start,
            mention.end,
        )

    def _resolve_nominal(self, mention: Mention, ctx_start: int) -> Speaker:
        """Convention: "the report" speaks for its issuer, "a spokesman" for the organisation
        near it, "the committee" for the latest one named so, "the minister" for the person
        introduced with that role; crowds and sources are no one named. Example: "a Huawei
        spokesperson said" -> Huawei."""
        head = mention.head
        if head in ISSUED_DOCUMENTS:
            owner = self.text[mention.start : mention.end].split(" ", 1)[0].lower()
            if owner in OWNER_PRONOUNS:
                # "Her lawsuit said": the one whose document it is.
                pronoun = Mention(mention.start, mention.start + len(owner), "pronoun")
                pronoun.head = OWNER_PRONOUNS[owner]
                return self._resolve(pronoun, ctx_start)
            # "the report said": the organisation that issued it, else no one.
            org = self._document_issuer(mention)
            if org is None:
                return Speaker(None, None, None, None)
            return Speaker(org.canonical or org.text, None, mention.start, mention.end)
        if head in ANONYMOUS_NOUNS and head not in ORG_SPEAKER_NOUNS:
            return Speaker(None, None, None, None)
        if head in ORG_SPEAKER_NOUNS:
            org = self._org_near(mention)
            if org is None:
                org = self.last_org(mention.start, "near")
            if org is None:
                return Speaker(None, None, None, None)
            if org.type == "PERSON":
                # "Mr Hughes's spokesman" speaks for Mr Hughes, named in full.
                return Speaker(self.names.name_of(org), None, mention.start, mention.end)
            return Speaker(org.canonical or org.text, None, mention.start, mention.end)
        if head in ORG_REF_NOUNS:
            # "the UN's human rights office": the organisation inside the phrase.
            org = self._org_near(mention) or self.last_org(mention.start, "any", head)
            if org is None:
                return Speaker(None, None, None, None)
            return Speaker(org.canonical or org.text, None, mention.start, mention.end)
        if head in PERSON_ROLE_NOUNS or head in ("national", "person"):
            phrase = self.text[mention.start : mention.end]
            if head == "national":
                # "the American said" points back past the names in its own sentence.
                sent = self.index.sentences.containing(mention.start)
                back = sent[0] - 1 if sent is not None and sent[0] > 0 else mention.start
                person = self.last_person(back, "person")
            else:
                person = self.roles.person_with_role(head, mention.start) or self.last_person(
                    mention.start, "person"
                )
            if person is None:
                return Speaker(None, None, None, None)
            role = _OWNER_LEAD.sub("", phrase)
            return Speaker(self.names.name_of(person), role, mention.start, mention.end)
        return Speaker(None, None, None, None)

    def _org_near(self, mention: Mention) -> Entity | None:
        """The organisation inside or just after "a Huawei spokesperson" / "a spokesman for X".

        An owner ("sent to F-Secure by Google's security team") comes first; a nationality
        is an adjective before "car maker" but speaks in "a Chinese spokesman".
        """
        inside = self.index.entities_between(mention.start, mention.end)
        for e in inside:
            if e.type in ("ORG", "GPE") and self.text.startswith(("'s", "\u2019s"), e.end):
                return e
        for e in inside:
            if e.type == "NORP" and mention.head not in ORG_SPEAKER_NOUNS:
                continue
            if e.type in ORG_TYPES:
                return e
            if e.type == "PERSON" and self.text.startswith("'s", e.end):
                return e  # "Mr Blair's official spokesman" speaks for Mr Blair
        lead = re.match(
            r"\s+(?:for|at|of|from)\s+(?:the\s+)?", self.text[mention.end : mention.end + 20]
        )
        if lead:
            org = self.index.entity_starting_at(mention.end + lead.end())
            if org is not None and org.type in ORG_TYPES:
                return org
        return None

    def _document_issuer(self, mention: Mention) -> Entity | None:
        """The organisation that issued "the report" / "the study" at ``mention``.

        One named with it ("the WFP report", "a study by X"), or an organisation that is
        the subject of a recent sentence naming the same kind of document ("The World Food
        Programme published a report"). An author never named leaves it unattributed.
        """
        org = self._org_near(mention)
        if org is not None and org.type == "ORG":
            return org
        head = re.compile(r"\b" + re.escape(mention.head) + r"s?\b", re.I)
        i = self.index.sentence_index(mention.start)
        for k in range(i, max(-1, i - 3), -1):
            s_start, s_end = self.index.sentence_spans[k]
            end = min(s_end, mention.start)
            found = head.search(self.text, s_start, end)
            if found is None:
                continue
            first = self.mentions.first_mention(s_start, found.start())
            if first is not None and first.entity is not None and first.entity.type == "ORG":
                return first.entity
            nearby = Mention(found.start(), found.end(), "nominal", head=mention.head)
            org = self._org_near(nearby)
            if org is not None and org.type == "ORG":
                return org
        return None

    def last_person(self, pos: int, gender: str, depth: int = 0) -> Entity | None:
        """The person a pronoun at ``pos`` refers to: the subject of the nearest sentence.

        A sentence's subject is its first mention; when that is itself a pronoun or
        "the <role>", it is resolved in turn (a few levels at most). Whole sentences'
        answers are cached, so a long run of "he said" stays linear.
        """
        i = self.index.sentence_index(pos)
        found, settled = self._subject_in(i, pos, gender, depth)
        if settled:
            return found
        for k in range(i - 1, max(-1, i - _SENTENCE_LOOKBACK), -1):
            key = (k, gender)
            if key not in self._subject_cache:
                self._subject_cache[key] = self._subject_in(
                    k, self.index.sentence_spans[k][1], gender, depth
                )
            found, settled = self._subject_cache[key]
            if settled:
                return found
        # No subject nearby: the latest person named outside quotations.
        j = bisect_left(self.index.entity_starts, pos) - 1
        stop = max(-1, j - _MAX_ENTITIES_BACK)
        while j > stop:
            e = self.index.entities[j]
            known = self.names.genders.get(e.canonical)
            if (
                e.type == "PERSON"
                and not self.index.inside_quote(e.start)
                and (gender not in ("male", "female") or known in (None, gender))
            ):
                return e
            j -= 1
        return None

    def _subject_in(self, k: int, pos: int, gender: str, depth: int) -> tuple[Entity | None, bool]:
        """Sentence ``k``'s person (up to ``pos``), and whether the search stops here."""
        s_start, s_end = self.index.sentence_spans[k]
        end = min(s_end, pos)
        inverted = self._inverted_subject(s_start, end)
        if inverted is not None:
            # "It was no good Mr Lang claiming ..., argued Mr Hughes.": the one who argued.
            known = self.names.genders.get(inverted.canonical)
            if gender not in ("male", "female") or known in (None, gender):
                return inverted, True
        first = self.mentions.first_mention(s_start, end)
        if first is not None and depth < 4:
            if first.kind == "pronoun" and first.head in ("he", "she") and first.start < pos:
                g = PRONOUNS.get(first.head, "")
                if gender not in ("male", "female") or g == gender:
                    return self.last_person(first.start, g, depth + 1), True
            if first.kind == "nominal" and first.head in PERSON_ROLE_NOUNS:
                found = self.roles.person_with_role(first.head, first.start)
                if found is None:
                    found = self.last_person(first.start, gender, depth + 1)
                if found is not None:
                    return found, True
        for e in self.index.entities_between(s_start, end):
            if e.type != "PERSON":
                continue
            known = self.names.genders.get(e.canonical)
            if gender in ("male", "female") and known is not None and known != gender:
                continue
            return e, True
        return None, False

    def _inverted_subject(self, start: int, end: int) -> Entity | None:
        """The person named right after an inverted speech verb in [start, end): '"...,"
        argued Mr Hughes', '..., said Ms Carter.' (the verb after a comma or a closing mark)."""
        text = self.text
        for verb in reversed(self.index.speech_verbs_in(start, end)):
            word = verb.group().lower()
            if word.endswith("ing") or word in ("told", "tell", "tells"):
                continue
            lead = text[max(start, verb.start() - 40) : verb.start()].rstrip()
            lead_words = WORD.findall(lead)
            while lead_words and lead_words[-1].lower() in SKIP_WORDS:
                lead = lead[: lead.rfind(lead_words.pop())].rstrip()
            if not lead or lead[-1] not in ',"\u201d\u2019':
                continue
            if lead[-1] == "," and self.mentions.mention_before(verb.start(), start) is not None:
                continue  # "Evan Mann, a senior analyst, said Mr Lynch's job ...": not inverted
            found = self.mentions.mention_after(verb.end(), end)
            if (
                found is not None
                and found.entity is not None
                and found.entity.type == "PERSON"
                and found.start - verb.end() <= 40
                and not text.startswith(("'s", "\u2019s"), found.end)
            ):
                return found.entity
        return None

    def last_org(self, pos: int, mode: str, head: str = "") -> Entity | None:
        """The organisation a reference at ``pos`` means.

        mode "subject" ("it", "they"): the organisation a recent sentence is about, if its
        first mention is one; "near" ("a spokesman"): one named in this or the two
        sentences before; "any" ("the committee"): the latest whose name has the noun,
        else the latest named.
        """
        i = self.index.sentence_index(pos)
        if mode == "subject":
            for k in range(i, max(-1, i - 3), -1):
                s_start, s_end = self.index.sentence_spans[k]
                first = self.mentions.first_mention(s_start, min(s_end, pos))
                if first is None:
                    continue
                if first.entity is not None:
                    return first.entity if first.entity.type in ORG_TYPES else None
                if first.kind == "nominal" and first.head in ORG_REF_NOUNS and first.start < pos:
                    return self.last_org(first.start, "any", first.head)
                return None
            return None
        if mode == "any" and head:
            j = bisect_left(self.index.entity_starts, pos) - 1
            stop = max(-1, j - _MAX_ENTITIES_BACK)
            while j > stop:
                e = self.index.entities[j]
                if (
                    e.type == "ORG"
                    and not e.text[:1].isdigit()
                    and head in e.canonical.lower()
                    and not self.index.inside_quote(e.start)
                ):
                    return e
                j -= 1
            if head in STRICT_ORG_HEADS:
                return None  # "the information commissioner's office": not the last party named
        reach = 3 if mode == "near" else _SENTENCE_LOOKBACK
        for k in range(i, max(-1, i - reach), -1):
            s_start, s_end = self.index.sentence_spans[k]
            orgs = [
                e
                for e in self.index.entities_between(s_start, min(s_end, pos))
                if e.type == "ORG"
                and not e.text[:1].isdigit()  # "30C" is no organisation
                and not _LISTENER_BEFORE.search(self.text, max(0, e.start - 30), e.start)
            ]
            if orgs:
                return orgs[-1]
        if mode == "near":
            return None
        j = bisect_left(self.index.entity_starts, pos) - 1
        stop = max(-1, j - _MAX_ENTITIES_BACK)
        while j > stop:
            e = self.index.entities[j]
            if (
                e.type == "ORG"
                and not e.text[:1].isdigit()
                and not self.index.inside_quote(e.start)
            ):
                return e
            j -= 1
        return None

    def sentence_person(self, start: int, end: int, anywhere: bool) -> Speaker | None:
        """The person a stretch of narrative is about: a PERSON near its start (or anywhere)."""
        words = [w for w in self.index.words(start, end) if not self.index.inside_quote(w.start())]
        reach = words if anywhere else words[:8]
        for w in reach:
            low = w.group().lower()
            e = self.index.entity_starting_at(w.start())
            if e is not None and e.type == "PERSON" and e.end <= end:
                return self.resolve(Mention(e.start, e.end, "entity", e), start)
            if low in ("he", "she") and not anywhere:
                spk = self.resolve(Mention(w.start(), w.end(), "pronoun", head=low), start)
                return spk if spk.name else None
        return None
