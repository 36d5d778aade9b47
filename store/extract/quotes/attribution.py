"""Attribution: who said a quotation, read from its own sentence.

``attribute`` tries named rules in a fixed order, the first that answers wins: the
words of a crowd or a sign (no one), a transcript label, the lead-in's speech verb and
its subject, a shared subject with the quotation before, an attribution after the
closing mark, a name right before the marks, a sentence-final attribution.
"""

from __future__ import annotations

import re

from store.extract.quotes.context import QuoteRules
from store.extract.quotes.index import Mention, Speaker
from store.extract.quotes.lexicon import (
    BEFORE_VERB_ADVERBS,
    CLAUSE_CONJUNCTIONS,
    COPULAS,
    CROWD_VERBS,
    DISPLAY_NOUNS,
    DISPLAY_VERBS,
    DOCUMENT_VERBS,
    ISSUED_DOCUMENTS,
    MANNER_VERBS,
    PERSON_ROLE_NOUNS,
    PRONOUNS,
    QUESTION_LABELS,
    ROLE_DETERMINER_WORDS,
    SPEECH_VERBS,
    TELL_VERBS,
    WORDS_NOUNS,
)
from store.extract.quotes.marks import Candidate
from store.extract.text import WORD, is_title_abbreviation

# A transcript's speaker label opening a paragraph: "PENCE:", "SEN. HART:".
_TRANSCRIPT_LABEL = re.compile(r"([A-Z][A-Z'\u2019.\-]+(?: [A-Z][A-Z'\u2019.\-]+){0,2}):\s")
_SENTENCE_END = frozenset(".!?")
# Between two quotations of one clause: '"devastated" and "heartbroken"', '"A", "B" or "C"'.
JOINED = re.compile(r",? *(?:and|or|but|nor|, *)? *(?:then |also |even )?")
_AS_SAYING = re.compile(r"\bas\s+(saying|telling|writing|adding|warning)\b")
# A comma and a new clause after a quotation: '"let the Tories in", while the Tories say'.
_CLAUSE_AFTER = re.compile(rf",\s+(?:{CLAUSE_CONJUNCTIONS})\b")
# A verb coordinated with an earlier one: 'pledged "X" were open and described ...'.
_AND_BEFORE = re.compile(r"\b(?:and|but)\s+(?:\w+\s+)?$")
# A noun of words right after a quotation: '"...," was Mr Marr's assessment', '..., in
# Smith's words', '"...," was the verdict of Jane Doe', '..., in the words of one MP'.
_OWNER_AFTER = re.compile(
    rf"[ ,]*(?:(?:{COPULAS})\s+)?(?:"
    r"(?:the|his|her|their|its)\s+(?:[a-z]+\s+)?(?P<noun>[a-z]+)\s+(?P<of>of)\s+"
    r"|(?P<owner>his|her|(?:[A-Z][\w\u2019'-]*\s+){0,3}?[A-Z][\w-]*)['\u2019]s?"
    r"\s+(?:[a-z]+\s+)?(?P<noun2>[a-z]+)\s*[.,;]"
    r")"
)
# Punctuation that ends a reported clause: the verb after it is not inside it.
CLAUSE_BREAKS = frozenset(',;:()"\u201c\u201d')
# How far after a quotation a sentence-final attribution may be.
FINAL_REACH = 400
# A speech verb right after an article is a noun: "a call", "the report".
DETERMINER_BEFORE = re.compile(rf"\b(?:{ROLE_DETERMINER_WORDS}) $")
_MAX_AFTER_WORDS = 16


def _rstrip_at(text: str, pos: int) -> int:
    """``pos`` moved left over spaces."""
    while pos > 0 and text[pos - 1] == " ":
        pos -= 1
    return pos


class Attribution(QuoteRules):
    """The attribution rules for the quotations of one article."""

    def attribute(self, c: Candidate, prev: Candidate | None, nxt: Candidate | None) -> None:
        """Set ``c``'s speaker from its own sentence, when a rule there names one (or no one)."""
        speaker = self._own_speaker(c, prev, nxt)
        if speaker is not None:
            c.speaker, c.own, c.local = speaker, True, True

    def clause_sentence(self, c: Candidate) -> tuple[int, int]:
        """Convention: the quotation's sentence, run on past a false stop. Example: in 'Rep.
        Jo Doe (D-Wis.) said "..."' the "sentence" opening in lower case after "(D-Wis." is
        joined to the one before."""
        text = self.text
        p_start, p_end = self.paragraph_spans[c.para]
        sent = self.index.sentences.containing(c.open_at) or (p_start, p_end)
        if sent[0] > p_start and text[sent[0] : sent[0] + 1].islower():
            sentences = self.index.sentences
            before_stop = sentences.containing(sent[0] - 1) or sentences.containing(sent[0] - 2)
            if before_stop is not None and before_stop[0] >= p_start:
                sent = (before_stop[0], sent[1])
        return sent

    def _own_speaker(
        self, c: Candidate, prev: Candidate | None, nxt: Candidate | None
    ) -> Speaker | None:
        """The rules in order; the first that answers names the speaker (or no one)."""
        text = self.text
        p_start, p_end = self.paragraph_spans[c.para]
        sent = self.clause_sentence(c)
        floor = max(sent[0], prev.close_end if prev else p_start)
        if self._no_ones_words(c, prev, sent[0], floor):
            # A chant, a sign, a placard: the crowd's words, given to no one named.
            return Speaker(None, None, None, None)
        label = self._transcript_label(c, p_start)
        if label is not None:
            return label
        ceiling_next = nxt.open_at if nxt else p_end
        after = self._after(c, ceiling_next)
        verbs = self.index.speech_verbs_in(floor, c.open_at)
        if c.para == 0:
            # In a headline an -ing word is a noun: "Security warning over 'FBI virus'".
            verbs = [v for v in verbs if not v.group().endswith("ing")]
        before = self._lead_in_subject(c, verbs, floor)
        if before is None and self._participle_goes_on(prev, verbs, sent[0], floor):
            assert prev is not None
            return prev.speaker
        if (
            before is None
            and verbs
            and floor > sent[0]
            and _AND_BEFORE.search(text, max(floor, verbs[-1].start() - 40), verbs[-1].start())
        ):
            # 'He pledged "all options" were open and described the moves as "one-sided"':
            # the verb after "and" shares the clause's subject, before the earlier quote.
            if prev is not None and prev.own and prev.speaker is not None and prev.speaker.name:
                return prev.speaker
            before = self.mentions.attribute_verb(verbs[-1], sent[0], c.open_at)
        if before is None:
            before = self.mentions.according_to(floor, c.open_at)
        owner = self.mentions.owner_before(floor, c.open_at)
        if owner is not None and (not verbs or verbs[-1].start() < owner.start):
            before = owner
        mention = self._before_or_after(c, before, after)
        if mention is not None:
            return self.coref.resolve(mention, floor)
        return self._fallback_speaker(c, prev, verbs, sent, floor, ceiling_next)

    def _lead_in_subject(
        self, c: Candidate, verbs: list[re.Match[str]], floor: int
    ) -> Mention | None:
        """Convention: the nearest of the last three speech verbs before the marks that has a
        subject speaks. Example: in 'Huang told analysts on a conference call that demand
        was "surging"', "call" has none, "told" has Huang. A document's verb after a
        person's ('Ms Blears said the study found CSOs are "..."') is the one reporting."""
        text = self.text
        before: Mention | None = None
        for verb in verbs[-1:-4:-1]:
            if DETERMINER_BEFORE.search(text, max(0, verb.start() - 20), verb.start()):
                continue
            if verb.group().lower() in DOCUMENT_VERBS and any(
                v.start() < verb.start()
                and v.group().lower() not in DOCUMENT_VERBS
                and not any(ch in text[v.end() : verb.start()] for ch in CLAUSE_BREAKS)
                for v in verbs
            ):
                continue
            before = self.mentions.attribute_verb(verb, floor, c.open_at)
            if before is not None:
                before = self._reporter(verbs, verb, before, floor)
            if before is not None or text.endswith("to ", max(0, verb.start() - 3), verb.start()):
                # 'led viewers to complain he was "lewd"': the viewers, unnamed.
                break
        return before

    def _participle_goes_on(
        self, prev: Candidate | None, verbs: list[re.Match[str]], sent_start: int, floor: int
    ) -> bool:
        """Convention: a participle right after the quotation before shares the subject of
        the clause that quotation closed. Example: 'He said Mr Lang had spoken with "real
        warmth", adding: "..."' is his."""
        return bool(
            verbs
            and prev is not None
            and floor > sent_start
            and verbs[-1].group().lower().endswith("ing")
            and not self.text[floor : verbs[-1].start()].strip(" ,;\u2013\u2014-")
            and prev.own
            and prev.speaker is not None
            and prev.speaker.name
        )

    def _before_or_after(
        self, c: Candidate, before: Mention | None, after: Mention | None
    ) -> Mention | None:
        """Convention: a quotation ending in a comma (or unclosed) is attributed after it,
        otherwise the lead-in wins; after a question or exclamation, a comma outside the
        marks, or in a headline, what follows wins. Example: '"Why?" he asked', 'are
        "confidential", officials have said' (British and Asian style)."""
        text = self.text
        inner_last = text[c.end - 1] if c.end > c.start else ""
        order = (
            (after, before) if inner_last in ",-\u2013\u2014" or not c.closed else (before, after)
        )
        if after is not None and (
            inner_last in "?!"
            or (
                text.startswith(",", c.close_end)
                and (after.kind != "anonymous" or not before)
                and not _CLAUSE_AFTER.match(text, c.close_end)
            )
            or c.para == 0
        ):
            order = (after, before)
        return order[0] or order[1]

    def _fallback_speaker(
        self,
        c: Candidate,
        prev: Candidate | None,
        verbs: list[re.Match[str]],
        sent: tuple[int, int],
        floor: int,
        ceiling_next: int,
    ) -> Speaker | None:
        """With no speech verb's subject: the quotation joined to the one before, a name
        right before the marks, an unnamed speaker of a lead-in verb, a sentence-final
        attribution."""
        text = self.text
        if (
            prev is not None
            and prev.own
            and prev.speaker is not None
            and JOINED.fullmatch(text, prev.close_end, c.open_at)
        ):
            # 'said the team was "devastated" and "heartbroken"': one speaker's words.
            return prev.speaker
        named = self.index.entity_ending_at(_rstrip_at(text, c.open_at))
        if (
            named is not None
            and named.type in ("PERSON", "ORG")
            and named.start >= floor
            and c.para > 0  # a headline's "EastEnders 'is set for US remake'" is a claim
        ):
            # 'Richard Thomas "totally condemned" the deletion'
            return self.coref.resolve(Mention(named.start, named.end, "entity", named), floor)
        if any(v.group().lower() not in DOCUMENT_VERBS for v in verbs):
            # A speech verb in the lead-in whose subject we could not name ("analysts said").
            return Speaker(None, None, None, None)
        final = self.sentence_final(c, sent[1], ceiling_next)
        if final is not None:
            # 'The stance is "more cautious" and the scope has narrowed, Governor Amando
            # Tetangco told Bloomberg Television today.'
            return self.coref.resolve(final, floor)
        return None

    def _no_ones_words(
        self, c: Candidate, prev: Candidate | None, sent_start: int, floor: int
    ) -> bool:
        """Words of a sign, placard, banner or a crowd's chant: 'placards reading "X"',
        '"X," read one sign', 'demonstrators chanted "X" and "Y"'."""
        text = self.text
        if (
            prev is not None
            and prev.crowd
            and floor > sent_start
            and JOINED.fullmatch(text, floor, c.open_at)
        ):
            c.crowd = True  # 'chanted "X" and "Y"': one chant goes on
            return True
        tail = WORD.findall(self.lowered, max(floor, c.open_at - 80), c.open_at)[-4:]
        if (
            tail
            and (
                tail[-1] in CROWD_VERBS
                # 'one sign read', 'placards reading', 'signs that read', 'a banner saying'
                or (tail[-1] in DISPLAY_VERBS and any(w in DISPLAY_NOUNS for w in tail[:-1]))
            )
        ):
            c.crowd = True
            return True
        if c.closed:
            after = WORD.findall(self.lowered, c.close_end, min(len(text), c.close_end + 40))
            if (
                len(after) >= 2
                and after[0] in DISPLAY_VERBS
                and any(w in DISPLAY_NOUNS for w in after[1:4])
                and text[c.close_end : c.close_end + 2].lstrip()[:1] in (",", "")
            ):
                c.crowd = True
                return True  # '"Equal rights," read one sign.'
        return False

    def _transcript_label(self, c: Candidate, p_start: int) -> Speaker | None:
        """A transcript's speaker label opening the quotation's paragraph ("PENCE: ..."):
        the person of that surname named in the article; a questioner's label is no one."""
        text = self.text
        m = _TRANSCRIPT_LABEL.match(text, p_start, c.open_at + 1)
        if m is None or m.end() > c.open_at + 1:
            return None
        label = m.group(1).rstrip(".")
        if label in QUESTION_LABELS:
            return Speaker(None, None, None, None)
        surname = label.split()[-1].title().replace("\u2019", "'")
        name = self.names.fullest_name(surname)
        if name == surname:
            return None  # no one of that name in the article: not a label we can read
        return Speaker(name, None, m.start(1), m.end(1))

    def _reporter(
        self,
        verbs: list[re.Match[str]],
        verb: re.Match[str],
        mention: Mention,
        floor: int,
    ) -> Mention:
        """The reporter, when ``verb`` and its subject sit inside the clause a reporting verb
        introduces and cannot have said the words: 'He said Mr Lang had spoken with "real
        warmth"' (a manner of speaking), 'She said Mr Lang had not mentioned "any risk"'.
        'X said Y had complained of a "giant mess"' stays Y's."""
        text = self.text
        k = next((i for i, v in enumerate(verbs) if v.start() == verb.start()), -1)
        while k > 0 and mention.kind != "anonymous":
            inner, outer = verbs[k], verbs[k - 1]
            word = outer.group().lower()
            between = text[outer.end() : inner.start()]
            if (
                mention.start <= outer.end()
                or word.endswith("ing")
                or word in TELL_VERBS
                or any(ch in between for ch in CLAUSE_BREAKS)
                or DETERMINER_BEFORE.search(text, max(0, outer.start() - 20), outer.start())
            ):
                break
            lead = WORD.findall(text, mention.end, inner.start())
            lead_low = [w.lower() for w in lead]
            if any(w in ("who", "which", "that") for w in lead_low):
                break  # 'a report which branded it "a mess"': the relative clause's subject
            negated = any(w in ("not", "never") or w.endswith("n't") for w in lead_low)
            if inner.group().lower() not in MANNER_VERBS and not negated:
                break
            reporter = self.mentions.mention_before(outer.start(), floor)
            if reporter is None:
                break
            mention, k = reporter, k - 1
        return mention

    def sentence_final(self, c: Candidate, sent_end: int, ceiling: int) -> Mention | None:
        """An attribution closing the quotation's sentence: '..., Smith said (on Monday).'"""
        if not c.closed:
            return None
        text = self.text
        end = min(sent_end, ceiling, c.close_end + FINAL_REACH)
        comma = text.rfind(", ", c.close_end, end)
        if comma < 0:
            return None
        if text.startswith(("according to ", "According to "), comma + 2):
            # '... a "false economy" that could hamper reforms, according to a TUC report.'
            return self.mentions.mention_after(comma + 15, end)
        words = self.index.words(comma + 2, end)
        if not words or len(words) > 10:
            return None
        for k, w in enumerate(words[:5]):
            if w.group().lower() not in SPEECH_VERBS or w.group().endswith("ing"):
                continue
            if k == 0 and w.group().lower() in TELL_VERBS:
                # '"...," Jane Doe, professor at X, Y and lead author, told AFP': the one
                # told is the listener; the subject is the person opening the clause.
                return self._clause_person(c.close_end, comma)
            if k == 0:
                return self.mentions.mention_after(w.end(), end)
            return self.mentions.mention_before(w.start(), comma + 1)
        return None

    def _clause_person(self, start: int, end: int) -> Mention | None:
        """The person named first right after a closing mark at ``start`` (before ``end``)."""
        words = self.index.words(start, min(end, start + 80))[:4]
        for w in words:
            e = self.index.entity_starting_at(w.start())
            if e is not None and e.type == "PERSON" and e.end <= end:
                return Mention(e.start, e.end, "entity", e)
            if w.group().lower() in PRONOUNS and w.group().lower() not in ("it", "we", "i"):
                return Mention(w.start(), w.end(), "pronoun", head=w.group().lower())
            if not (w.group()[:1].isupper() or w.group().lower() in PERSON_ROLE_NOUNS):
                return None
        return None

    def _after(self, c: Candidate, ceiling: int) -> Mention | None:
        """Attribution right after the closing mark: '"...," he said' or '"...," said Smith'."""
        if not c.closed:
            return None
        text = self.text
        end = min(ceiling, c.close_end + 200)
        words = self.index.words(c.close_end, end)
        if not words:
            return None
        inner_last = text[c.end - 1]
        first_upper = words[0].group()[:1].isupper()
        sentence_ended = inner_last in _SENTENCE_END
        verb_index = -1
        for k, w in enumerate(words[:_MAX_AFTER_WORDS]):
            gap = text[c.close_end if k == 0 else words[k - 1].end() : w.start()]
            if any(ch in ".!?;:" for ch in gap) and not (
                k > 0
                and gap.lstrip().startswith(".")
                and is_title_abbreviation(words[k - 1].group())
            ):
                break
            low = w.group().lower()
            if low in SPEECH_VERBS or (
                low in DOCUMENT_VERBS and k > 0 and words[k - 1].group().lower() in ISSUED_DOCUMENTS
            ):
                # '"...," the report found': a document's verb only after a document.
                verb_index = k
                break
        if verb_index < 0:
            lead = text[c.close_end : c.close_end + 20].lstrip(" ,")
            if lead.lower().startswith("according to "):
                # '"That gets rounds of applause," according to Mr Graczyk.'
                return self.mentions.mention_after(text.find("to ", c.close_end) + 3, end)
            return self._owner_after(c, end)
        if verb_index > 0 and not sentence_ended:
            owner = self._owner_after(c, end)
            if owner is not None:
                return owner
        verb = words[verb_index]
        if verb.group().lower() in ("quoted", "cited"):
            # '"...," Reuters quoted one trader as saying.'
            saying = _AS_SAYING.search(text, verb.end(), min(end, verb.end() + 80))
            if saying is not None:
                return self.mentions.quoted_as(saying.start(1), c.close_end)
        if verb.group().endswith("ing"):
            quoted = self.mentions.quoted_as(verb.start(), c.close_end)
            if quoted is not None:
                return quoted  # '"...," AP quoted prosecutor Russell McGuire as saying.'
        if verb.group().endswith("ing") and verb_index == 0:
            # '"...", saying two were held': the main clause's subject speaks, before it.
            return None
        if sentence_ended and first_upper:
            # '"... at all." He would not discuss ...' is a new sentence, not an attribution,
            # unless it is a short one: '"... ." Mr Smith said.'
            rest = text[verb.end() : min(end, verb.end() + 60)]
            if not re.match(r"[^.!?]{0,40}[.!?]", rest) or verb_index > 4:
                return None
        if verb_index <= 2:
            found = self._after_mention(words, verb_index, c, end)
            # '"...," said one London-based broker': attributed, but to no one named.
            return found or Mention(verb.start(), verb.start(), "anonymous")
        return self._after_mention(words, verb_index, c, end)

    def _owner_after(self, c: Candidate, end: int) -> Mention | None:
        """Whose words the quotation is, from a noun of words right after it: '"...," was
        Mr Marr's assessment', '..., in Smith's words', '"...," was the verdict of Jane Doe'."""
        text = self.text
        m = _OWNER_AFTER.match(text, c.close_end, end)
        if m is None:
            return None
        if m.group("of") is not None:
            if m.group("noun").lower() not in WORDS_NOUNS:
                return None
            found = self.mentions.mention_after(m.end(), end)
            if found is None or found.kind == "pronoun":
                # '"...," is the view of many economists': attributed, to no one named.
                return Mention(m.end(), m.end(), "anonymous")
            return found
        owner, noun = m.group("owner"), m.group("noun2").lower()
        if noun not in WORDS_NOUNS:
            return None
        if owner.lower() in ("his", "her"):
            head = "he" if owner.lower() == "his" else "she"
            return Mention(m.start("owner"), m.end("owner"), "pronoun", head=head)
        found = self.mentions.mention_ending(m.end("owner"), c.close_end)
        if (
            found is not None
            and found.kind in ("entity", "name")
            and (found.entity is None or found.entity.type in ("PERSON", "ORG"))
        ):
            return found
        return None

    def _after_mention(
        self, words: list[re.Match[str]], verb_index: int, c: Candidate, end: int
    ) -> Mention | None:
        """The speaker named around a speech verb after the closing mark: its subject before
        it, or the name after an inverted verb. Example: '"...," Smith said', '"...,"
        said Smith'."""
        verb = words[verb_index]
        if verb_index == 0 or all(
            w.group().lower() in BEFORE_VERB_ADVERBS for w in words[:verb_index]
        ):
            if verb.group().lower() in TELL_VERBS:
                return None  # '"...," told the Herald': the outlet is the listener
            return self.mentions.mention_after(verb.end(), end)
        found = self.mentions.mention_before(verb.start(), c.close_end)
        if found is None and verb_index > 2:
            # '"...," a source familiar with the matter told Reuters': the clause's subject.
            found = self.mentions.first_mention(c.close_end, verb.start())
            if found is not None and found.entity is not None and found.entity.type == "NORP":
                found = None  # "the Israeli military said"
        if found is None and verb.group().lower() not in TELL_VERBS:
            # Inverted: '"...," Smith, 45, a teacher, said' failing, '"...," added Smith'.
            found = self.mentions.mention_after(verb.end(), end)
        return found
