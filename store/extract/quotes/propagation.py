"""Speakers carried between quotations: continuations, headlines and subheadings.

A quotation with no attribution of its own takes the speaker of the quotation it
continues, else of the latest speech event before it; a headline's quotation takes the
speaker of the body quotation that repeats it.
"""

from __future__ import annotations

import re

from store.extract.quotes.context import QuoteRules
from store.extract.quotes.index import Mention, Speaker
from store.extract.quotes.lexicon import FUNCTION_WORDS, SENTENCE_HINTS
from store.extract.quotes.marks import Candidate, words_lower
from store.extract.text import WORD

# How far back (characters) an unattributed quotation looks for who spoke last.
_EVENT_REACH = 1500


class Propagation(QuoteRules):
    """Rules that pass a speaker from one quotation (or speech event) to another."""

    def propagate(self, cands: list[Candidate]) -> None:
        """Quotations with no attribution of their own: continuation of the same speaker."""
        text = self.text
        # Chains of one quotation split over paragraphs (or over missing closing marks).
        for i in range(1, len(cands)):
            c, p = cands[i], cands[i - 1]
            chained = not p.closed and (
                c.continues_previous
                or (c.para == p.para + 1 and c.open_at == self.paragraph_spans[c.para][0])
            )
            if chained and not c.own and p.speaker is not None:
                c.speaker, c.local = p.speaker, True
        for i in range(len(cands) - 2, -1, -1):
            c, n = cands[i], cands[i + 1]
            chained = not c.closed and (
                n.continues_previous
                or (n.para == c.para + 1 and n.open_at == self.paragraph_spans[n.para][0])
            )
            if chained and c.speaker is None and n.speaker is not None:
                c.speaker, c.local = n.speaker, True
        # Otherwise: the latest speech event before it, in its paragraph or the one before:
        # a quotation's speaker, a speech verb's subject, or the person a sentence is about.
        # One pass in text order; each stretch of text between quotations is read once.
        last: tuple[int, Speaker] | None = None
        prev_end = 0
        for c in cands:
            gap_start = max(prev_end, c.open_at - _EVENT_REACH)
            events: list[tuple[int, Speaker]] = [last] if last is not None else []
            if c.dead:
                continue
            if c.speaker is None:
                for verb in reversed(self.index.speech_verbs_in(gap_start, c.open_at)):
                    s_start = (self.index.sentences.containing(verb.start()) or (gap_start, 0))[0]
                    mention = self.mentions.attribute_verb(verb, max(s_start, gap_start), c.open_at)
                    if mention is not None:
                        spk = self.coref.resolve(mention, s_start)
                        if spk.name is not None:
                            events.append((verb.start(), spk))
                            break
                sent = self.index.sentences.containing(c.open_at)
                subject = None
                if sent is not None:
                    subject = self.coref.sentence_person(
                        max(sent[0], gap_start), c.open_at, anywhere=True
                    )
                    if subject is None and sent[0] > gap_start:
                        prev_sent = self.index.sentences.containing(
                            sent[0] - 1
                        ) or self.index.sentences.containing(sent[0] - 2)
                        if prev_sent is not None and prev_sent[0] >= gap_start:
                            subject = self.coref.sentence_person(
                                prev_sent[0], prev_sent[1], anywhere=False
                            )
                if subject is not None:
                    events.append((subject.start or 0, subject))
                p_start = self.paragraph_spans[max(0, c.para - 1)][0]
                events = [ev for ev in events if ev[0] >= p_start]
                if events:
                    pos, spk = max(events, key=lambda ev: ev[0])
                    c.speaker = Speaker(spk.name, spk.role, spk.start, spk.end)
                    own_p_start = self.paragraph_spans[c.para][0]
                    if pos >= own_p_start:
                        prev_sent = self.index.sentences.containing(
                            max(0, (sent[0] if sent else c.open_at) - 2)
                        )
                        c.local = prev_sent is not None and pos >= prev_sent[0]
            if c.speaker is not None and c.speaker.name is not None:
                last = (c.close_end, c.speaker)
            elif events:
                last = max(events, key=lambda ev: ev[0])
            prev_end = max(prev_end, c.close_end)
        del text

    def headline(self, cands: list[Candidate]) -> None:
        """A headline quotation takes its speaker from the body quotation repeating it.

        Headlines shorten and re-case what was said ("Asteroid, We're Coming For You" for
        "Asteroid Dimorphos: we're coming for you!"), so most of the headline's words in
        one body quotation make it the same words. A headline "Blair: 'I will serve'"
        names its speaker before the colon.
        """
        if len(self.paragraph_spans) < 2:
            return
        text = self.text
        title_end = self.paragraph_spans[0][1]
        if text[title_end : title_end + 2] != "\n\n":
            return
        for c in cands[:5]:
            if c.para != 0:
                break
            if c.speaker is not None and c.speaker.name is not None:
                continue
            lead = re.search(r"(\S[^:\n]{0,60}?):\s*$", text[max(0, c.open_at - 62) : c.open_at])
            if lead is not None:
                named = self.index.entity_ending_at(c.open_at - len(lead.group()) + lead.end(1))
                if named is not None and named.type in ("PERSON", "ORG"):
                    c.speaker = self.coref.resolve(
                        Mention(named.start, named.end, "entity", named), 0
                    )
                    c.local = c.repeated = True
                    continue
            needle = text[c.start : c.end].lower()
            wanted = words_lower(needle)
            content = {w for w in wanted if w not in FUNCTION_WORDS and w not in SENTENCE_HINTS}
            for other in cands[:300]:
                if other.para == 0 or other.speaker is None:
                    continue
                body = text[other.start : other.end].lower()
                said = words_lower(body) if len(wanted) >= 3 else set()
                if needle in body or (
                    said and content <= said and len(wanted & said) >= 0.75 * len(wanted)
                ):
                    c.speaker, c.local, c.repeated = other.speaker, True, True
                    break

    def subheadings(self, cands: list[Candidate]) -> None:
        """A short quotation standing alone as a paragraph is a subheading: quoted words
        when the next paragraph's quotation says them (its speaker's), else a label."""
        text = self.text
        for i, c in enumerate(cands):
            if c.para == 0 or not c.closed or c.dead or c.continues_previous:
                continue
            p_start, p_end = self.paragraph_spans[c.para]
            if text[p_start:p_end].strip() != text[c.open_at : c.close_end]:
                continue
            words = WORD.findall(text, c.start, c.end)
            if len(words) > 8 or text[c.end - 1] in ".!?,":
                continue
            nxt = cands[i + 1] if i + 1 < len(cands) else None
            c.speaker, c.local, c.own = None, False, False
            if nxt is None or nxt.para != c.para + 1 or nxt.speaker is None:
                c.dead = True
                continue
            needle = text[c.start : c.end].lower()
            wanted = words_lower(needle)
            content = {w for w in wanted if w not in FUNCTION_WORDS} or wanted
            body = text[nxt.start : nxt.end].lower()
            if needle in body or content <= words_lower(body):
                c.speaker, c.local, c.repeated = nxt.speaker, True, True
            else:
                c.dead = True
