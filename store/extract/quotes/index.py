"""The article as the quote rules search it: entities, sentences and speech verbs by offset.

Every lookup is a bisection over sorted offsets, and the speech-verb scan reads each
block of text once, so attributing many quotations in a long article stays linear.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from store.extract.quotes.lexicon import (
    DOCUMENT_VERBS,
    PLATFORMS,
    POST_NOUNS,
    SPEAKER_TYPES,
    SPEECH_VERBS,
    VENUE_DETERMINERS,
    VENUE_PREPOSITIONS,
)
from store.extract.text import WORD, SpanIndex, paragraphs, sentences
from store.records import Entity

# No sentence worth searching is longer: bounds every scan, so time stays linear.
_MAX_SPAN = 1500
# Speech verbs looked at before a quotation: the nearest few are enough.
_MAX_VERBS = 8
_VERB_BLOCK = 1024
# Before a platform named as a venue: "on Instagram", "via X", "to Twitter".
_VENUE_BEFORE = re.compile(
    rf"\b(?:{VENUE_PREPOSITIONS})(?: (?:{VENUE_DETERMINERS}))?"
    r"(?: (?:official|verified|own|personal|private))? $",
    re.I,
)


@dataclass(slots=True)
class Speaker:
    """A resolved attribution: the name, its role, and the mention in the text that names it."""

    name: str | None
    role: str | None
    start: int | None
    end: int | None


@dataclass(slots=True)
class Mention:
    """Words in the text that point at a speaker, before they are resolved to a name."""

    start: int
    end: int
    kind: str  # "entity", "pronoun", "nominal", "name", "anonymous" (no one named)
    entity: Entity | None = None
    head: str = ""
    role: str = ""  # role words that named the person: "said oceanographer Tom Reed"


def is_speech_verb(word: str) -> bool:
    """Convention: a verb of saying, or one a document uses ("said", "found"). Example: "told"."""
    low = word.lower()
    return low in SPEECH_VERBS or low in DOCUMENT_VERBS


def platform_venue(text: str, e: Entity) -> bool:
    """Convention: a platform named as where someone posted is no speaker. Example: "wrote on
    Instagram", "a Twitter post", "his TikTok account" (but "Instagram said" speaks)."""
    if e.canonical not in PLATFORMS and e.text not in PLATFORMS:
        return False
    if _VENUE_BEFORE.search(text, max(0, e.start - 30), e.start):
        return True
    nxt = WORD.match(text, e.end + 1) if text.startswith(" ", e.end) else None
    return nxt is not None and nxt.group().lower() in POST_NOUNS


class ArticleIndex:
    """One article's entities, quotation spans, sentences and paragraphs, searchable by offset.

    Quotations' spans are masked out: words inside them never attribute anything.
    """

    def __init__(self, text: str, entities: list[Entity], quote_spans: list[tuple[int, int]]):
        self.text = text
        self.entities = sorted(
            (
                e
                for e in entities
                if 0 <= e.start < e.end <= len(text) and not platform_venue(text, e)
            ),
            key=lambda e: e.start,
        )
        self.entity_starts = [e.start for e in self.entities]
        self._entity_ends = sorted((e.end, i) for i, e in enumerate(self.entities))
        self._end_keys = [end for end, _ in self._entity_ends]
        self.quote_spans = sorted(quote_spans)
        self._quote_starts = [s for s, _ in self.quote_spans]
        self.sentence_spans = sentences(text)
        self.sentences = SpanIndex(self.sentence_spans)
        self.paragraph_spans = paragraphs(text)
        self.paragraphs = SpanIndex(self.paragraph_spans)
        self._verb_blocks: dict[int, list[re.Match[str]]] = {}

    def inside_quote(self, pos: int) -> bool:
        """Whether ``pos`` is inside a quotation's marks."""
        i = bisect_right(self._quote_starts, pos) - 1
        return i >= 0 and self.quote_spans[i][0] <= pos < self.quote_spans[i][1]

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The speaker-typed entity covering [start, end), if any."""
        i = bisect_right(self.entity_starts, start) - 1
        while i >= 0 and i >= len(self.entities) - len(self.entities) and i > -1:
            e = self.entities[i]
            if e.end >= end and e.type in SPEAKER_TYPES:
                return e
            if e.end < start - 80:
                break
            i -= 1
        return None

    def entity_ending_at(self, end: int) -> Entity | None:
        """The speaker-typed entity whose span ends at ``end`` (spaces ignored)."""
        i = bisect_left(self._end_keys, end)
        if i < len(self._end_keys) and self._end_keys[i] == end:
            e = self.entities[self._entity_ends[i][1]]
            if e.type in SPEAKER_TYPES:
                return e
        return None

    def entity_starting_at(self, start: int) -> Entity | None:
        """The speaker-typed entity starting at ``start``, if any."""
        i = bisect_left(self.entity_starts, start)
        while i < len(self.entities) and self.entities[i].start == start:
            if self.entities[i].type in SPEAKER_TYPES:
                return self.entities[i]
            i += 1
        return None

    def entities_between(self, start: int, end: int) -> list[Entity]:
        """Speaker-typed entities inside [start, end) and outside quotations (a bounded
        window)."""
        start = max(start, end - _MAX_SPAN)
        i = bisect_left(self.entity_starts, start)
        out = []
        while i < len(self.entities) and self.entities[i].start < end:
            e = self.entities[i]
            if e.end <= end and e.type in SPEAKER_TYPES and not self.inside_quote(e.start):
                out.append(e)
            i += 1
        return out

    def words(self, start: int, end: int) -> list[re.Match[str]]:
        """The words of [start, end) (at most the last 1,500 characters)."""
        return list(WORD.finditer(self.text, max(start, end - _MAX_SPAN), end))

    def entities_overlapping(self, start: int, end: int) -> list[Entity]:
        """Entities of any type overlapping [start, end)."""
        i = max(0, bisect_left(self.entity_starts, start - 200))
        out = []
        while i < len(self.entities) and self.entities[i].start < end:
            e = self.entities[i]
            if e.end > start:
                out.append(e)
            i += 1
        return out

    def speech_verbs_in(self, start: int, end: int) -> list[re.Match[str]]:
        """The last few speech verbs (outside quotations) in [start, end), in text order.

        A short lead-in is read directly; a long stretch is read a block at a time and
        each block only once, so many quotations in one long sentence stay linear.
        """
        start = max(start, end - _MAX_SPAN)
        if end - start <= _VERB_BLOCK // 4:
            found = [
                w
                for w in WORD.finditer(self.text, start, end)
                if is_speech_verb(w.group()) and not self.inside_quote(w.start())
            ]
            return found[-_MAX_VERBS:]
        found = []
        for block in range(start // _VERB_BLOCK, (end - 1) // _VERB_BLOCK + 1):
            verbs = self._verb_blocks.get(block)
            if verbs is None:
                verbs = self._verb_blocks[block] = self._scan_verbs(block)
            found.extend(w for w in verbs if start <= w.start() and w.end() <= end)
        return found[-_MAX_VERBS:]

    def _scan_verbs(self, block: int) -> list[re.Match[str]]:
        """Speech verbs outside quotations that start in block ``block`` of the text."""
        text = self.text
        lo, hi = block * _VERB_BLOCK, min(len(text), (block + 1) * _VERB_BLOCK)
        out = []
        for w in WORD.finditer(text, lo, min(len(text), hi + 40)):
            if w.start() >= hi:
                break
            if w.start() > 0 and text[w.start() - 1].isalnum():
                continue  # the tail of a word cut by the block's start
            if is_speech_verb(w.group()) and not self.inside_quote(w.start()):
                out.append(w)
        return out

    def sentence_index(self, pos: int) -> int:
        """The index of the sentence holding ``pos``."""
        return self.sentences.index_at(pos)
