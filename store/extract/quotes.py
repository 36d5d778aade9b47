"""Direct quotations and their speakers: marks paired per paragraph, attributions resolved."""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.extract.attribution import (
    ANONYMOUS_NOUNS,
    DOCUMENT_VERBS,
    ISSUED_DOCUMENTS,
    ORG_REF_NOUNS,
    ORG_SPEAKER_NOUNS,
    PERSON_ROLE_NOUNS,
    PRONOUNS,
    SKIP_WORDS,
    SPEECH_VERBS,
    WORDS_NOUNS,
    Attributor,
    Speaker,
    _Mention,
)
from store.extract.lexicons import load_lexicon
from store.extract.text import paragraphs
from store.records import Entity, Quote

TITLE_CUES = frozenset(w.lower() for w in load_lexicon("quote_title_cues"))
# Signs, placards, chants: their words are no one's in particular.
_DISPLAY_NOUNS = frozenset(w.lower() for w in load_lexicon("quote_display_nouns"))
_CROWD_VERBS = frozenset(w.lower() for w in load_lexicon("quote_crowd_verbs"))
_ACCUSATION_VERBS = frozenset(w.lower() for w in load_lexicon("quote_accusation_verbs"))
# 'appeared on "X"', '"X" show': a title-cased quoted name there is a work.
_WORK_VERBS = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(v).replace(r"\ ", r"\s+")
        for v in sorted(load_lexicon("quote_work_verbs"), key=len, reverse=True)
    )
    + r")(?:\s+(?:the|a|an|hit|new|popular|reality|TV|television))*\s*$",
    re.I,
)
_WORK_NOUNS = frozenset(w.lower() for w in load_lexicon("quote_work_nouns"))
# 'one sign read "..."', 'placards reading "..."', 'banners saying', 'signs that read'.
_DISPLAY_VERBS = frozenset(("read", "reads", "reading", "saying", "said", "says", "bearing"))
# A transcript's speaker label opening a paragraph: "PENCE:", "SEN. HART:".
_TRANSCRIPT_LABEL = re.compile(r"([A-Z][A-Z'\u2019.\-]+(?: [A-Z][A-Z'\u2019.\-]+){0,2}):\s")
# Labels of the questioner's side of a transcript: no one named.
_QUESTION_LABELS = frozenset(
    (
        "Q",
        "QUESTION",
        "A",
        "ANSWER",
        "REPORTER",
        "INTERVIEWER",
        "MODERATOR",
        "HOST",
        "AUDIENCE",
        "UNIDENTIFIED",
        "CROWD",
        "VOICE",
        "PARTICIPANT",
        "CALLER",
        "ANCHOR",
    )
)
_MODIFIER_DETERMINERS = frozenset(("a", "an", "the", "his", "her", "its", "their", "our", "this"))
# Cue words after which a quoted span is a label even when it is lower case.
_LABEL_ONLY_CUES = frozenset(
    [
        "so-called",
        "nicknamed",
        "titled",
        "entitled",
        "codenamed",
        "term",
        "terms",
        "word",
        "words",
        "phrase",
        "slogan",
        "nickname",
        "title",
        "motto",
        "headline",
        "banner",
        "brand",
        "label",
    ]
)
# Cues after which only a capitalised (title-like) span is a name: "a film called "Ray"".
_NAMING_CUES = frozenset(["called", "dubbed", "named"])
# Words before a short quoted phrase that make it a noun phrase: 'a "smuggling hub"'.
_NAMING_WORDS = frozenset(["as", "called", "dubbed", "branded", "labelled", "labeled", "so-called"])
_NOUN_PHRASE_CUES = frozenset(["a", "an", "the"]) | _NAMING_WORDS
_AS_CUES = ("known as", "billed as", "marketed as", "referred to as", "described as a")

# Double quotation marks, AP's ``...'' and doubled single curly marks included.
_DOUBLE_MARK = re.compile("``|''|\u2018\u2018|\u2019\u2019|[\"\u201c\u201d\u201e\u00ab\u00bb]")
_SINGLE_MARK = re.compile("['\u2018\u2019]")
_OPENERS = frozenset(("``", "\u2018\u2018", "\u201c", "\u201e", "\u00ab"))
_CLOSERS = frozenset(("''", "\u2019\u2019", "\u201d", "\u00bb"))
_OPEN_BEFORE = frozenset(" \t\n([{-\u2013\u2014/:;")
_CLOSE_AFTER = frozenset(" \t\n,.;:!?)]}-\u2013\u2014/")
# Elisions that start with an apostrophe: '90s, rock 'n' roll, 'em, 'til.
_ELISION = re.compile(r"(?:\d\d|n['\u2019]|em\b|til\b|tis\b|twas\b|cause\b|bout\b|s\b)", re.I)
_SENTENCE_END = frozenset(".!?")
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "be",
        "de",
        "la",
        "le",
        "von",
        "van",
        "der",
        "del",
        "da",
        "di",
        "vs",
        "v",
        "my",
        "your",
        "our",
        "his",
        "her",
        "its",
        "their",
    ]
)
_WORD = re.compile(r"[^\W_]+(?:['\u2019.\-][^\W_]+)*")
# A word whose full stop does not end the sentence: a title, an initial, "D-N.Y.", "Jr.".
_ABBREVIATION = re.compile(
    r"Mr|Dr|Ms|Mrs|St|Jr|Sr|Gov|Sen|Rep|Gen|Col|Lt|Capt|Prof|Rev|Inc|Corp|Co|Ltd|No"
    r"|[A-Z](?:[.\-][A-Z])*"
)
# Words that make a title-cased headline quotation a sentence someone said, not a title.
_SENTENCE_HINTS = frozenset(
    [
        "i",
        "i'm",
        "i've",
        "i'll",
        "we",
        "we're",
        "we've",
        "we'll",
        "you",
        "you're",
        "you'll",
        "my",
        "our",
        "us",
        "me",
        "will",
        "won't",
        "not",
        "can",
        "can't",
        "cannot",
        "must",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "don't",
        "didn't",
        "never",
        "should",
    ]
)
# Between two quotations of one clause: '"devastated" and "heartbroken"', '"A", "B" or "C"'.
_JOINED = re.compile(r",? *(?:and|or|but|nor|, *)? *(?:then |also |even )?")
_AS_SAYING = re.compile(r"\bas\s+(saying|telling|writing|adding|warning)\b")
# A comma and a new clause after a quotation: '"let the Tories in", while the Tories say'.
_CLAUSE_AFTER = re.compile(
    r",\s+(?:while|whereas|and|but|as|when|although|though|because|since|after|before|if)\b"
)
# A verb coordinated with an earlier one: 'pledged "X" were open and described ...'.
_AND_BEFORE = re.compile(r"\b(?:and|but)\s+(?:\w+\s+)?$")
# A headline's source after its quotation: "Job cuts 'false economy' - TUC".
_HEADLINE_SOURCE = re.compile(r"\s*[-\u2013\u2014]\s*[A-Z]")
# A noun of words right after a quotation: '"...," was Mr Marr's assessment', '..., in
# Smith's words', '"...," was the verdict of Jane Doe', '..., in the words of one MP'.
_OWNER_AFTER = re.compile(
    r"[ ,]*(?:(?:was|is|were|are|came|comes|in)\s+)?(?:"
    r"(?:the|his|her|their|its)\s+(?:[a-z]+\s+)?(?P<noun>[a-z]+)\s+(?P<of>of)\s+"
    r"|(?P<owner>his|her|(?:[A-Z][\w\u2019'-]*\s+){0,3}?[A-Z][\w-]*)['\u2019]s?"
    r"\s+(?:[a-z]+\s+)?(?P<noun2>[a-z]+)\s*[.,;]"
    r")"
)
# Verbs of the manner of speaking: 'had spoken with "such sincerity"' describes, it does
# not quote, the one who spoke.
_MANNER_VERBS = frozenset(
    ("spoke", "spoken", "speak", "speaks", "talked", "talk", "talks", "chatted", "conversed")
)
# Punctuation that ends a reported clause: the verb after it is not inside it.
_CLAUSE_BREAKS = frozenset(',;:()"\u201c\u201d')
# How far after a quotation a sentence-final attribution may be.
_FINAL_REACH = 400
# A speech verb right after an article is a noun: "a call", "the report".
_DETERMINER_BEFORE = re.compile(r"\b(?:a|an|the|his|her|its|their|our) $")
# Verbs whose object is the listener: '"...," she told Reuters' never names the speaker after.
TELL_VERBS = frozenset(("told", "tell", "tells", "telling"))
_MAX_AFTER_WORDS = 16
# How far back (characters) an unattributed quotation looks for who spoke last.
_EVENT_REACH = 1500
_SUBJECT_WORDS = (
    frozenset(("the", "a", "an", "its", "his", "her", "their"))
    | frozenset(PRONOUNS)
    | ORG_REF_NOUNS
    | ORG_SPEAKER_NOUNS
    | PERSON_ROLE_NOUNS
    | ANONYMOUS_NOUNS
)


@dataclass(slots=True)
class _Candidate:
    """One quoted span before filtering: inner span, marks, paragraph."""

    start: int
    end: int
    open_at: int  # index of the opening mark
    close_end: int  # index just after the closing mark (== end when unclosed)
    closed: bool
    para: int
    single: bool
    continues_previous: bool = False  # opened right after an unclosed quote
    speaker: Speaker | None = None
    own: bool = False  # attribution found in its own sentence
    local: bool = False  # attributed in its own sentence or the one before
    cue: str | None = None  # the word right before the opening mark, once looked up
    repeated: bool = False  # a headline quotation the body attributes
    dead: bool = False  # dropped before attribution (an unclosed title)
    crowd: bool = False  # a chant or the words on a sign: no one's in particular


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _mark_role(text: str, start: int, end: int, mark: str) -> str:
    """'open', 'close' or 'either' for a mark at [start, end), from its neighbours."""
    prev = text[start - 1] if start > 0 else " "
    nxt = text[end] if end < len(text) else " "
    can_open = (prev in _OPEN_BEFORE or prev in "\"\u201c'\u2018") and not nxt.isspace()
    can_close = not prev.isspace() and (nxt in _CLOSE_AFTER or nxt in "\"\u201d'\u2019")
    if mark in _OPENERS:
        return "close" if can_close and not can_open and prev.isalnum() else "open"
    if mark in _CLOSERS:
        return "open" if can_open and not can_close and prev.isspace() else "close"
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    return "either"


def _double_quotes(text: str, p_start: int, p_end: int, para: int) -> list[_Candidate]:
    out: list[_Candidate] = []
    open_mark: tuple[int, int] | None = None
    previous_unclosed = False

    def emit(o: tuple[int, int], end: int, close_end: int, closed: bool) -> None:
        nonlocal previous_unclosed
        if not closed:
            cut = _attribution_cut(text, o[1], end)
            if cut is not None:
                end = close_end = cut
                closed = True
        s, e = _trim(text, o[1], end)
        if e > s and any(ch.isalnum() for ch in text[s:e]):
            out.append(_Candidate(s, e, o[0], close_end, closed, para, False, previous_unclosed))
        previous_unclosed = not closed

    for m in _DOUBLE_MARK.finditer(text, p_start, p_end):
        role = _mark_role(text, m.start(), m.end(), m.group())
        if role == "open" or (role == "either" and open_mark is None):
            if open_mark is not None:
                # A new opening mark before a closing one: the previous quotation was a
                # paragraph of its own whose closing mark the article leaves out.
                emit(open_mark, m.start(), m.start(), False)
            else:
                previous_unclosed = False
            open_mark = (m.start(), m.end())
        elif open_mark is not None:
            emit(open_mark, m.start(), m.end(), True)
            open_mark = None
    if open_mark is not None:
        emit(open_mark, p_end, p_end, False)
    return out


def _attribution_cut(text: str, start: int, end: int) -> int | None:
    """Where an unclosed quotation really ends: before ", the organisation said" inside it."""
    i = text.find(", ", start, end)
    while i >= 0:
        words = _WORD.findall(text, i + 2, min(end, i + 80))[:6]
        for k, w in enumerate(words):
            if w.lower() in SPEECH_VERBS:
                lead = words[:k]
                if (
                    lead
                    and all(
                        x[:1].isupper() or x.lower() in _SUBJECT_WORDS or x.lower() in SKIP_WORDS
                        for x in lead
                    )
                    and _attribution_tail(text, i + 2, end, w)
                ):
                    return i + 1
                break
        i = text.find(", ", i + 2, end)
    return None


# Words right after a speech verb that make it the quotation's own clause, not an
# attribution: '"My friend Rahul, the people said no to you.'
_OBJECT_AFTER_VERB = frozenset(
    ("no", "yes", "that", "so", "this", "it", "me", "us", "you", "him", "her", "them", "to")
)


def _attribution_tail(text: str, start: int, end: int, verb: str) -> bool:
    """The clause from ``start`` (holding ``verb``) is a short attribution: nothing after
    the verb but a few words up to the sentence's end ("..., the union said on Monday.")."""
    at = text.find(verb, start, end)
    if at < 0:
        return False
    rest = text[at + len(verb) : min(end, at + len(verb) + 120)]
    stop = re.search(r"[.!?;]", rest)
    tail = _WORD.findall(rest[: stop.start()] if stop else rest)
    if tail and tail[0].lower() in _OBJECT_AFTER_VERB:
        return False
    return len(tail) <= 8


def _single_quotes(
    text: str, p_start: int, p_end: int, para: int, taken: list[_Candidate]
) -> list[_Candidate]:
    """Single-quoted spans outside double-quoted ones; apostrophes are not marks."""
    out: list[_Candidate] = []
    gaps: list[tuple[int, int]] = []
    cursor = p_start
    for c in taken:
        gaps.append((cursor, c.open_at))
        cursor = c.close_end
    gaps.append((cursor, p_end))
    for g_start, g_end in gaps:
        open_at = -1
        # A closing mark after "s" and before a lower-case word may be a plural possessive
        # ("the players' union"): held back while a later closing mark may still come.
        held = -1

        def close(at: int) -> None:
            nonlocal open_at, held
            s, e = _trim(text, open_at + 1, at)
            if e - s > 1:
                out.append(_Candidate(s, e, open_at, at + 1, True, para, True))
            open_at = held = -1

        for m in _SINGLE_MARK.finditer(text, g_start, g_end):
            i = m.start()
            prev = text[i - 1] if i > 0 else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            if open_at < 0:
                if (
                    m.group() != "\u2019"
                    and (prev in _OPEN_BEFORE or i == p_start)
                    and nxt.isalnum()
                    and not _ELISION.match(text, i + 1, min(g_end, i + 6))
                ):
                    open_at = i
                continue
            if m.group() == "\u2018":
                if held >= 0 and prev in _OPEN_BEFORE:
                    close(held)
                    open_at = i
                continue
            closes = (prev.isalnum() or prev in ".,!?") and (
                nxt in _CLOSE_AFTER or i + 1 >= g_end or nxt in '"\u201d'
            )
            if not closes:
                continue  # an apostrophe inside a word
            if prev in "sS" and nxt == " " and text[i + 2 : i + 3].islower() and held < 0:
                held = i
                continue
            close(i)
        if held >= 0:
            close(held)
    return out


def _rstrip_at(text: str, pos: int) -> int:
    """``pos`` moved left over spaces."""
    while pos > 0 and text[pos - 1] == " ":
        pos -= 1
    return pos


def _words_lower(text: str) -> set[str]:
    """The words of lower-cased ``text``, apostrophes made straight."""
    return set(_WORD.findall(text.replace("\u2019", "'")))


def _is_title_like(words: list[str]) -> bool:
    """Every significant word capitalised: a name or a title, not a sentence of speech."""
    if not words or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _FUNCTION_WORDS for w in words)


class _Extractor:
    def __init__(self, text: str, entities: list[Entity]) -> None:
        self.text = text
        self.entities = entities
        self.paragraph_spans = paragraphs(text)

    def candidates(self) -> list[_Candidate]:
        text = self.text
        doubles: list[list[_Candidate]] = []
        for i, (p_start, p_end) in enumerate(self.paragraph_spans):
            doubles.append(_double_quotes(text, p_start, p_end, i))
        has_double = any(doubles)
        out: list[_Candidate] = []
        for i, (p_start, p_end) in enumerate(self.paragraph_spans):
            found = doubles[i]
            singles = _single_quotes(text, p_start, p_end, i, found)
            if has_double and i > 0:
                singles = [s for s in singles if len(_WORD.findall(text, s.start, s.end)) >= 3]
            out.extend(sorted(found + singles, key=lambda c: c.start))
        return out

    def run(self) -> list[Quote]:
        text = self.text
        cands = self.candidates()
        if not cands:
            return []
        attributor = Attributor(text, self.entities, [(c.open_at, c.close_end) for c in cands])
        self.attributor = attributor
        labels = [self._looks_like_label(c) for c in cands]
        prev: _Candidate | None = None
        for i, c in enumerate(cands):
            if prev is not None and prev.para != c.para:
                prev = None
            nxt = cands[i + 1] if i + 1 < len(cands) and cands[i + 1].para == c.para else None
            if labels[i] and not c.closed and self._bare_title(c, c.para > 0 or i >= 5):
                # An unclosed name or title is dropped whoever said it: not attributed.
                c.dead = True
                continue
            self.attribute(c, prev, nxt)
            if not labels[i]:
                # A title before a quotation does not end its lead-in:
                # 'The singer, who released "Blue Skies", said: "..."'
                prev = c
        self.propagate(cands)
        self.headline(cands)
        self.subheadings(cands)
        self.repeated_labels(cands)
        quotes: list[Quote] = []
        for i, c in enumerate(cands):
            if not self.keep(c, cands[i - 1] if i > 0 else None):
                continue
            spk = c.speaker or Speaker(None, None, None, None)
            quotes.append(
                Quote(
                    c.start,
                    c.end,
                    text[c.start : c.end],
                    spk.name,
                    spk.role,
                    spk.start,
                    spk.end,
                )
            )
        return quotes

    # ---- attribution ----------------------------------------------------------------

    def attribute(self, c: _Candidate, prev: _Candidate | None, nxt: _Candidate | None) -> None:
        a = self.attributor
        text = self.text
        p_start, p_end = self.paragraph_spans[c.para]
        sent = a.sentences.containing(c.open_at) or (p_start, p_end)
        if sent[0] > p_start and text[sent[0] : sent[0] + 1].islower():
            # A "sentence" opening in lower case follows a false stop: 'Rep. Jo Doe
            # (D-Wis.) said ...'. The clause runs on from the sentence before.
            before_stop = a.sentences.containing(sent[0] - 1) or a.sentences.containing(sent[0] - 2)
            if before_stop is not None and before_stop[0] >= p_start:
                sent = (before_stop[0], sent[1])
        floor = max(sent[0], prev.close_end if prev else p_start)
        if self._no_ones_words(c, prev, sent[0], floor):
            # A chant, a sign, a placard: the crowd's words, given to no one named.
            c.speaker, c.own, c.local = Speaker(None, None, None, None), True, True
            return
        label = self._transcript_label(c, p_start)
        if label is not None:
            c.speaker, c.own, c.local = label, True, True
            return
        ceiling_next = nxt.open_at if nxt else p_end
        inner_last = text[c.end - 1] if c.end > c.start else ""
        after = self._after(c, ceiling_next)
        before: _Mention | None = None
        verbs = a.speech_verbs_in(floor, c.open_at)
        if c.para == 0:
            # In a headline an -ing word is a noun: "Security warning over 'FBI virus'".
            verbs = [v for v in verbs if not v.group().endswith("ing")]
        for verb in verbs[-1:-4:-1]:
            # The nearest verb with a subject: in 'Huang told analysts on a conference call
            # that demand was "surging"', "call" has none.
            if _DETERMINER_BEFORE.search(text, max(0, verb.start() - 20), verb.start()):
                continue
            if verb.group().lower() in DOCUMENT_VERBS and any(
                v.start() < verb.start()
                and v.group().lower() not in DOCUMENT_VERBS
                and not any(ch in text[v.end() : verb.start()] for ch in _CLAUSE_BREAKS)
                for v in verbs
            ):
                continue  # 'Ms Blears said the study found CSOs are "..."': the one reporting
            before = a.attribute_verb(verb, floor, c.open_at)
            if before is not None:
                before = self._reporter(verbs, verb, before, floor)
            if before is not None or text.endswith("to ", max(0, verb.start() - 3), verb.start()):
                # 'led viewers to complain he was "lewd"': the viewers, unnamed.
                break
        if (
            before is None
            and verbs
            and prev is not None
            and floor > sent[0]
            and verbs[-1].group().lower().endswith("ing")
            and not text[floor : verbs[-1].start()].strip(" ,;\u2013\u2014-")
            and prev.own
            and prev.speaker is not None
            and prev.speaker.name
        ):
            # 'He said Mr Lang had spoken with "real warmth", adding: "..."': the participle
            # shares the subject of the clause the earlier quotation closed.
            c.speaker, c.own, c.local = prev.speaker, True, True
            return
        if (
            before is None
            and verbs
            and floor > sent[0]
            and _AND_BEFORE.search(text, max(floor, verbs[-1].start() - 40), verbs[-1].start())
        ):
            # 'He pledged "all options" were open and described the moves as "one-sided"':
            # the verb after "and" shares the clause's subject, before the earlier quote.
            if prev is not None and prev.own and prev.speaker is not None and prev.speaker.name:
                c.speaker, c.own, c.local = prev.speaker, True, True
                return
            before = a.attribute_verb(verbs[-1], sent[0], c.open_at)
        if before is None:
            before = a.according_to(floor, c.open_at)
        owner = a.owner_before(floor, c.open_at)
        if owner is not None and (not verbs or verbs[-1].start() < owner.start):
            before = owner
        if after is None and (verbs or before is not None) and before is None:
            pass
        # A quotation ending in a comma is attributed after it; otherwise the lead-in wins.
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
            # '"..."?" he asked', and the comma outside the marks of British and Asian
            # style: 'are "confidential", officials have said'.
            order = (after, before)
        mention = order[0] or order[1]
        if mention is not None:
            c.speaker = a.resolve(mention, floor)
            c.own = c.local = True
            return
        if (
            prev is not None
            and prev.own
            and prev.speaker is not None
            and _JOINED.fullmatch(text, prev.close_end, c.open_at)
        ):
            # 'said the team was "devastated" and "heartbroken"': one speaker's words.
            c.speaker, c.own, c.local = prev.speaker, True, True
            return
        named = a.entity_ending_at(_rstrip_at(text, c.open_at))
        if (
            named is not None
            and named.type in ("PERSON", "ORG")
            and named.start >= floor
            and c.para > 0  # a headline's "EastEnders 'is set for US remake'" is a claim
        ):
            # 'Richard Thomas "totally condemned" the deletion'
            c.speaker = a.resolve(_Mention(named.start, named.end, "entity", named), floor)
            c.own = c.local = True
            return
        if any(v.group().lower() not in DOCUMENT_VERBS for v in verbs):
            # A speech verb in the lead-in whose subject we could not name ("analysts said").
            c.own = c.local = True
            c.speaker = Speaker(None, None, None, None)
            return
        final = self._sentence_final(c, sent[1], ceiling_next)
        if final is not None:
            # 'The stance is "more cautious" and the scope has narrowed, Governor Amando
            # Tetangco told Bloomberg Television today.'
            c.speaker = a.resolve(final, floor)
            c.own = c.local = True

    def _no_ones_words(
        self, c: _Candidate, prev: _Candidate | None, sent_start: int, floor: int
    ) -> bool:
        """Words of a sign, placard, banner or a crowd's chant: 'placards reading "X"',
        '"X," read one sign', 'demonstrators chanted "X" and "Y"'."""
        text = self.text
        if (
            prev is not None
            and prev.crowd
            and floor > sent_start
            and _JOINED.fullmatch(text, floor, c.open_at)
        ):
            c.crowd = True  # 'chanted "X" and "Y"': one chant goes on
            return True
        tail = _WORD.findall(text.lower(), max(floor, c.open_at - 80), c.open_at)[-4:]
        if (
            tail
            and (
                tail[-1] in _CROWD_VERBS
                # 'one sign read', 'placards reading', 'signs that read', 'a banner saying'
                or (tail[-1] in _DISPLAY_VERBS and any(w in _DISPLAY_NOUNS for w in tail[:-1]))
            )
        ):
            c.crowd = True
            return True
        if c.closed:
            after = _WORD.findall(text.lower(), c.close_end, min(len(text), c.close_end + 40))
            if (
                len(after) >= 2
                and after[0] in _DISPLAY_VERBS
                and any(w in _DISPLAY_NOUNS for w in after[1:4])
                and text[c.close_end : c.close_end + 2].lstrip()[:1] in (",", "")
            ):
                c.crowd = True
                return True  # '"Equal rights," read one sign.'
        return False

    def _transcript_label(self, c: _Candidate, p_start: int) -> Speaker | None:
        """A transcript's speaker label opening the quotation's paragraph ("PENCE: ..."):
        the person of that surname named in the article; a questioner's label is no one."""
        text = self.text
        m = _TRANSCRIPT_LABEL.match(text, p_start, c.open_at + 1)
        if m is None or m.end() > c.open_at + 1:
            return None
        label = m.group(1).rstrip(".")
        if label in _QUESTION_LABELS:
            return Speaker(None, None, None, None)
        surname = label.split()[-1].title().replace("\u2019", "'")
        a = self.attributor
        name = a.fullest_name(surname)
        if name == surname:
            return None  # no one of that name in the article: not a label we can read
        return Speaker(name, None, m.start(1), m.end(1))

    def _reporter(
        self,
        verbs: list[re.Match[str]],
        verb: re.Match[str],
        mention: _Mention,
        floor: int,
    ) -> _Mention:
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
                or any(ch in between for ch in _CLAUSE_BREAKS)
                or _DETERMINER_BEFORE.search(text, max(0, outer.start() - 20), outer.start())
            ):
                break
            lead = _WORD.findall(text, mention.end, inner.start())
            lead_low = [w.lower() for w in lead]
            if any(w in ("who", "which", "that") for w in lead_low):
                break  # 'a report which branded it "a mess"': the relative clause's subject
            negated = any(w in ("not", "never") or w.endswith("n't") for w in lead_low)
            if inner.group().lower() not in _MANNER_VERBS and not negated:
                break
            reporter = self.attributor.mention_before(outer.start(), floor)
            if reporter is None:
                break
            mention, k = reporter, k - 1
        return mention

    def _sentence_final(self, c: _Candidate, sent_end: int, ceiling: int) -> _Mention | None:
        """An attribution closing the quotation's sentence: '..., Smith said (on Monday).'"""
        if not c.closed:
            return None
        text = self.text
        a = self.attributor
        end = min(sent_end, ceiling, c.close_end + _FINAL_REACH)
        comma = text.rfind(", ", c.close_end, end)
        if comma < 0:
            return None
        if text.startswith(("according to ", "According to "), comma + 2):
            # '... a "false economy" that could hamper reforms, according to a TUC report.'
            return a.mention_after(comma + 15, end)
        words = a.words(comma + 2, end)
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
                return a.mention_after(w.end(), end)
            return a.mention_before(w.start(), comma + 1)
        return None

    def _clause_person(self, start: int, end: int) -> _Mention | None:
        """The person named first right after a closing mark at ``start`` (before ``end``)."""
        a = self.attributor
        words = a.words(start, min(end, start + 80))[:4]
        for w in words:
            e = a.entity_starting_at(w.start())
            if e is not None and e.type == "PERSON" and e.end <= end:
                return _Mention(e.start, e.end, "entity", e)
            if w.group().lower() in PRONOUNS and w.group().lower() not in ("it", "we", "i"):
                return _Mention(w.start(), w.end(), "pronoun", head=w.group().lower())
            if not (w.group()[:1].isupper() or w.group().lower() in PERSON_ROLE_NOUNS):
                return None
        return None

    def _after(self, c: _Candidate, ceiling: int) -> _Mention | None:
        """Attribution right after the closing mark: '"...," he said' or '"...," said Smith'."""
        if not c.closed:
            return None
        a = self.attributor
        text = self.text
        end = min(ceiling, c.close_end + 200)
        words = a.words(c.close_end, end)
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
                and _ABBREVIATION.fullmatch(words[k - 1].group())
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
                return a.mention_after(text.find("to ", c.close_end) + 3, end)
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
                return a.quoted_as(saying.start(1), c.close_end)
        if verb.group().endswith("ing"):
            quoted = a.quoted_as(verb.start(), c.close_end)
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
            return found or _Mention(verb.start(), verb.start(), "anonymous")
        return self._after_mention(words, verb_index, c, end)

    def _owner_after(self, c: _Candidate, end: int) -> _Mention | None:
        """Whose words the quotation is, from a noun of words right after it: '"...," was
        Mr Marr's assessment', '..., in Smith's words', '"...," was the verdict of Jane Doe'."""
        text = self.text
        a = self.attributor
        m = _OWNER_AFTER.match(text, c.close_end, end)
        if m is None:
            return None
        if m.group("of") is not None:
            if m.group("noun").lower() not in WORDS_NOUNS:
                return None
            found = a.mention_after(m.end(), end)
            if found is None or found.kind == "pronoun":
                # '"...," is the view of many economists': attributed, to no one named.
                return _Mention(m.end(), m.end(), "anonymous")
            return found
        owner, noun = m.group("owner"), m.group("noun2").lower()
        if noun not in WORDS_NOUNS:
            return None
        if owner.lower() in ("his", "her"):
            head = "he" if owner.lower() == "his" else "she"
            return _Mention(m.start("owner"), m.end("owner"), "pronoun", head=head)
        found = a.mention_ending(m.end("owner"), c.close_end)
        if (
            found is not None
            and found.kind in ("entity", "name")
            and (found.entity is None or found.entity.type in ("PERSON", "ORG"))
        ):
            return found
        return None

    def _after_mention(
        self, words: list[re.Match[str]], verb_index: int, c: _Candidate, end: int
    ) -> _Mention | None:
        a = self.attributor
        verb = words[verb_index]
        if verb_index == 0 or all(w.group().lower() in a_skip for w in words[:verb_index]):
            if verb.group().lower() in TELL_VERBS:
                return None  # '"...," told the Herald': the outlet is the listener
            return a.mention_after(verb.end(), end)
        found = a.mention_before(verb.start(), c.close_end)
        if found is None and verb_index > 2:
            # '"...," a source familiar with the matter told Reuters': the clause's subject.
            found = a.first_mention(c.close_end, verb.start())
            if found is not None and found.entity is not None and found.entity.type == "NORP":
                found = None  # "the Israeli military said"
        if found is None and verb.group().lower() not in TELL_VERBS:
            # Inverted: '"...," Smith, 45, a teacher, said' failing, '"...," added Smith'.
            found = a.mention_after(verb.end(), end)
        return found

    def propagate(self, cands: list[_Candidate]) -> None:
        """Quotations with no attribution of their own: continuation of the same speaker."""
        a = self.attributor
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
                for verb in reversed(a.speech_verbs_in(gap_start, c.open_at)):
                    s_start = (a.sentences.containing(verb.start()) or (gap_start, 0))[0]
                    mention = a.attribute_verb(verb, max(s_start, gap_start), c.open_at)
                    if mention is not None:
                        spk = a.resolve(mention, s_start)
                        if spk.name is not None:
                            events.append((verb.start(), spk))
                            break
                sent = a.sentences.containing(c.open_at)
                subject = None
                if sent is not None:
                    subject = a.sentence_person(max(sent[0], gap_start), c.open_at, anywhere=True)
                    if subject is None and sent[0] > gap_start:
                        prev_sent = a.sentences.containing(sent[0] - 1) or a.sentences.containing(
                            sent[0] - 2
                        )
                        if prev_sent is not None and prev_sent[0] >= gap_start:
                            subject = a.sentence_person(prev_sent[0], prev_sent[1], anywhere=False)
                if subject is not None:
                    events.append((subject.start or 0, subject))
                p_start = self.paragraph_spans[max(0, c.para - 1)][0]
                events = [ev for ev in events if ev[0] >= p_start]
                if events:
                    pos, spk = max(events, key=lambda ev: ev[0])
                    c.speaker = Speaker(spk.name, spk.role, spk.start, spk.end)
                    own_p_start = self.paragraph_spans[c.para][0]
                    if pos >= own_p_start:
                        prev_sent = a.sentences.containing(
                            max(0, (sent[0] if sent else c.open_at) - 2)
                        )
                        c.local = prev_sent is not None and pos >= prev_sent[0]
            if c.speaker is not None and c.speaker.name is not None:
                last = (c.close_end, c.speaker)
            elif events:
                last = max(events, key=lambda ev: ev[0])
            prev_end = max(prev_end, c.close_end)
        del text

    def headline(self, cands: list[_Candidate]) -> None:
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
                named = self.attributor.entity_ending_at(
                    c.open_at - len(lead.group()) + lead.end(1)
                )
                if named is not None and named.type in ("PERSON", "ORG"):
                    c.speaker = self.attributor.resolve(
                        _Mention(named.start, named.end, "entity", named), 0
                    )
                    c.local = c.repeated = True
                    continue
            needle = text[c.start : c.end].lower()
            wanted = _words_lower(needle)
            content = {w for w in wanted if w not in _FUNCTION_WORDS and w not in _SENTENCE_HINTS}
            for other in cands[:300]:
                if other.para == 0 or other.speaker is None:
                    continue
                body = text[other.start : other.end].lower()
                said = _words_lower(body) if len(wanted) >= 3 else set()
                if needle in body or (
                    said and content <= said and len(wanted & said) >= 0.75 * len(wanted)
                ):
                    c.speaker, c.local, c.repeated = other.speaker, True, True
                    break

    def subheadings(self, cands: list[_Candidate]) -> None:
        """A short quotation standing alone as a paragraph is a subheading: quoted words
        when the next paragraph's quotation says them (its speaker's), else a label."""
        text = self.text
        for i, c in enumerate(cands):
            if c.para == 0 or not c.closed or c.dead or c.continues_previous:
                continue
            p_start, p_end = self.paragraph_spans[c.para]
            if text[p_start:p_end].strip() != text[c.open_at : c.close_end]:
                continue
            words = _WORD.findall(text, c.start, c.end)
            if len(words) > 8 or text[c.end - 1] in ".!?,":
                continue
            nxt = cands[i + 1] if i + 1 < len(cands) else None
            c.speaker, c.local, c.own = None, False, False
            if nxt is None or nxt.para != c.para + 1 or nxt.speaker is None:
                c.dead = True
                continue
            needle = text[c.start : c.end].lower()
            wanted = _words_lower(needle)
            content = {w for w in wanted if w not in _FUNCTION_WORDS} or wanted
            body = text[nxt.start : nxt.end].lower()
            if needle in body or content <= _words_lower(body):
                c.speaker, c.local, c.repeated = nxt.speaker, True, True
            else:
                c.dead = True

    def repeated_labels(self, cands: list[_Candidate]) -> None:
        """A short phrase quoted again and again as a noun phrase is a label ("a "terror
        central"", headline and body): dropped wherever no speech verb governs it."""
        groups: dict[str, list[_Candidate]] = {}
        for c in cands:
            words = _WORD.findall(self.text, c.start, c.end)
            if c.dead or not words or len(words) > 3:
                continue
            groups.setdefault(" ".join(words).lower(), []).append(c)
        for group in groups.values():
            if len(group) < 2:
                continue
            governed = [self._governed(c) for c in group]
            if not any(
                self._cue(c) in _NOUN_PHRASE_CUES and not g
                for c, g in zip(group, governed, strict=True)
            ):
                continue  # every noun-phrase use is someone's attributed words
            for c, g in zip(group, governed, strict=True):
                if not g:
                    c.dead = True

    def _governed(self, c: _Candidate) -> bool:
        """A speech verb of the same clause introduces the quotation ('said it had been a
        "great year"'), or the quotation is attributed right after it ('"X", she said');
        not a naming word right before it ('branded as "X"', 'dubbed "X"')."""
        if self._cue(c) in _NAMING_WORDS:
            return False
        text = self.text
        if (c.closed and text[c.end - 1] == ",") or text.startswith(",", c.close_end):
            return c.own
        a = self.attributor
        p_start, p_end = self.paragraph_spans[c.para]
        if c.para == 0:
            # A headline names its speaker around the quotation: "Campbell: row 'silly
            # fuss'", "Job cuts 'false economy' - TUC".
            return ":" in text[p_start : c.open_at] or bool(
                _HEADLINE_SOURCE.match(text, c.close_end, p_end)
            )
        sent = a.sentences.containing(c.open_at) or (p_start, p_end)
        if c.own and c.closed:
            # '... a "false economy" that could hamper reforms, according to a TUC report.'
            tail = text[c.close_end : min(sent[1], c.close_end + _FINAL_REACH)]
            if "according to " in tail or self._sentence_final(c, sent[1], p_end) is not None:
                return True
        verbs = [
            v
            for v in a.speech_verbs_in(sent[0], c.open_at)
            if not _DETERMINER_BEFORE.search(text, max(0, v.start() - 20), v.start())
        ]
        if not verbs:
            return False
        between = text[verbs[-1].end() : c.open_at]
        if any(ch in between for ch in ",;:()"):
            return False
        # 'has told the trial that the documentary ... was an "absolute disaster"'
        return len(_WORD.findall(between)) <= (30 if " that " in between else 16)

    # ---- what counts as a quotation ---------------------------------------------------

    def keep(self, c: _Candidate, prev: _Candidate | None) -> bool:
        if c.dead:
            return False
        text = self.text
        words = _WORD.findall(text, c.start, c.end)
        if not words:
            return False
        inner_last = text[c.end - 1]
        title_like = _is_title_like(words) and inner_last not in ".!?," and not c.repeated
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
            and any(w.lower().replace("\u2019", "'") in _SENTENCE_HINTS for w in words)
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
        is_work_cue = cue in TITLE_CUES and cue not in _NAMING_CUES and cue not in _LABEL_ONLY_CUES
        if is_work_cue and len(words) <= 12 and not directly_attributed:
            return False  # 'the film "Ray"', 'the album "Hopes and Fears"'
        if cue in _LABEL_ONLY_CUES and (len(words) <= 4 or title_like):
            return False  # 'the so-called "cash for honours" affair'
        if (cue in _NAMING_CUES or cue == "as") and title_like:
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

    def _work_title(self, c: _Candidate, words: list[str], prev: _Candidate | None) -> bool:
        """A title-cased quoted name after a verb of appearing or watching, or before a work
        noun ("show", "film"), whatever punctuation it ends with; or joined to one."""
        if len(words) > 12 or not _is_title_like(words):
            return False
        text = self.text
        p_start = self.paragraph_spans[c.para][0]
        if _WORK_VERBS.search(text, max(p_start, c.open_at - 60), c.open_at):
            return True
        if c.closed:
            nxt = _WORD.match(text, c.close_end + 1) if text.startswith(" ", c.close_end) else None
            if nxt is not None and nxt.group() in _WORK_NOUNS:
                return True
        if (
            prev is not None
            and prev.para == c.para
            and _JOINED.fullmatch(text, prev.close_end, c.open_at)
            and text[prev.close_end : c.open_at].strip()
        ):
            prev_words = _WORD.findall(text, prev.start, prev.end)
            return self._work_title(prev, prev_words, None)
        return False

    def _accusation_modifier(self, c: _Candidate, words: list[str], cue: str) -> bool:
        """One or two quoted words modifying a noun inside a reported accusation: 'accuse
        Mr X of making a "touchy-feely" speech', 'attacked the "cash-for-access" culture'."""
        if len(words) != 1 or not c.closed or text_starts_upper(words):
            return False
        text = self.text
        if cue not in ("a", "an"):
            return False
        nxt = _WORD.match(text, c.close_end + 1) if text.startswith(" ", c.close_end) else None
        if nxt is None or not nxt.group().islower() or nxt.group() in _FUNCTION_WORDS:
            return False  # a noun must follow: the quoted word only describes it
        sent = self.attributor.sentences.containing(c.open_at)
        start = sent[0] if sent is not None else self.paragraph_spans[c.para][0]
        lead = _WORD.findall(text.lower(), max(start, c.open_at - 160), c.open_at)
        # "accuse X of", "attack X for": the accusation's object holds the modifier.
        for k in range(len(lead) - 1, -1, -1):
            if lead[k] in _ACCUSATION_VERBS:
                return any(w in ("of", "for") for w in lead[k + 1 :])
        return False

    def _looks_like_label(self, c: _Candidate) -> bool:
        """A title, name or term by its form and the word before it (before attribution)."""
        words = _WORD.findall(self.text, c.start, c.end)
        if not words or self.text[c.end - 1] in ",!?.":
            return False
        cue = self._cue(c)
        if cue in TITLE_CUES and len(words) <= 12:
            return True
        return _is_title_like(words) and len(words) <= 6

    def _bare_title(self, c: _Candidate, body: bool) -> bool:
        """Six title-cased words or fewer (two in a headline), not ending a sentence: a
        name or title that ``keep`` drops whoever is said to have said it."""
        words = _WORD.findall(self.text, c.start, c.end)
        return (
            len(words) <= (6 if body else 2)
            and _is_title_like(words)
            and self.text[c.end - 1] not in ".!?,"
        )

    def _cue(self, c: _Candidate) -> str:
        if c.cue is None:
            c.cue = self._cue_before(c.open_at)
        return c.cue

    def _cue_before(self, open_at: int) -> str:
        """The word right before an opening mark, in its paragraph ("film", "called")."""
        text = self.text
        window = text[max(0, open_at - 30) : open_at]
        window = window[window.rfind("\n") + 1 :].rstrip(" ").lower()
        for phrase in _AS_CUES:
            if window.endswith(phrase):
                return "as"
        ws = _WORD.findall(window)
        return ws[-1] if ws and window.endswith(ws[-1]) else ""

    def _is_name(self, c: _Candidate) -> bool:
        """The quoted span is exactly a named entity (a nickname, title, product)."""
        for e in self.attributor.entities_overlapping(c.start, c.end):
            if e.start <= c.start + 1 and e.end >= c.end - 1:
                return True
        return False


def text_starts_upper(words: list[str]) -> bool:
    """The first word is capitalised: a name or a title, not a modifier."""
    return bool(words) and words[0][:1].isupper()


a_skip = frozenset(("also", "later", "then", "once", "again", "further"))


def find_quotes(text: str, entities: list[Entity]) -> list[Quote]:
    """Every direct quotation in ``text``, in order, with its speaker where the article names one."""
    return _Extractor(text, entities).run()
