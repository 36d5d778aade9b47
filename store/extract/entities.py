"""Named entities: capitalised names, typed from evidence, with a canonical name per entity.

Rules and lexicons only (``re`` and dicts, linear time): capitalised tokens are
joined into runs over spaces and name connectors ("of", "and", "&", "de", "van"),
runs are split at titles, possessives and sentence-initial common words, typed
from lexicons, head words ("Bank", "Airport", "Act"), titles and context ("said
Smith", "in Jordan"), then aliases within the article are resolved to the fullest
name ("Mr Blair" -> "Tony Blair", "IMF" -> "International Monetary Fund").
"""

from __future__ import annotations

import re

from store.extract.names import (
    COMMON_WORDS,
    COUNTRY_ALIASES,
    FIRST_NAMES,
    KNOWN,
    KNOWN_STARTS,
    NAME_HEADS,
    NAME_PREFIXES,
    NON_ENTITIES,
    NUMBERED,
    SPEECH_CUES,
    TITLE_MODIFIERS,
    TITLES,
    WORK_CUES,
)
from store.records import Entity

# A name-like token: initials ("U.S.", "J.P."), a middle initial ("W."), Arabic
# article forms ("al-Qaeda"), a capitalised word with inner hyphens, apostrophes
# or ampersands ("Rolls-Royce", "O'Neill", "S&P", "Blair's"), or a camel-case
# brand ("iPod", "eBay"). Each alternative is linear: no nested quantifiers.
_TOKEN = re.compile(
    r"(?<![\w.])(?:[A-Z]\.){2,4}(?![A-Za-z])"
    r"|(?<![\w.])[A-Z]\.(?= [A-Z])"
    r"|(?<![\w'’])(?:al|el|bin|ibn|abu)-[A-Z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*"
    r"|(?<![\w'’])[A-Z][A-Za-z0-9]*(?:[-'’&][A-Za-z0-9]+)*"
    r"|(?<![\w'’])[a-z]{1,4}[A-Z][A-Za-z0-9]*"
)
# Lower-case words that join two capitalised parts of one name.
_PARTICLES = frozenset(
    [
        "de",
        "del",
        "della",
        "der",
        "den",
        "di",
        "da",
        "du",
        "dos",
        "das",
        "do",
        "van",
        "von",
        "le",
        "la",
        "bin",
        "ibn",
        "ben",
        "y",
        "zu",
        "ter",
    ]
)
# Connectors kept only when the name's structure calls for them.
_CONNECTORS = frozenset(["of", "of the", "and", "&", "for", "on", "upon", "in", "for the"])
_GAP = re.compile(r"[ \u00a0]([a-z&]+(?: [a-z]+)?) [ \u00a0]?|[ \u00a0]")
_POSSESSIVE = ("'s", "’s")
_SENTENCE_END = frozenset(".!?:;\n")
_OPENERS = frozenset("\"'“‘([«-—–•*")
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "but",
        "by",
        "with",
        "as",
        "from",
        "vs",
        "v",
        "up",
        "off",
        "over",
        "into",
        "is",
        "are",
    ]
)
_CORPORATE = frozenset(
    [
        "Inc",
        "Inc.",
        "Corp",
        "Corp.",
        "Corporation",
        "Co",
        "Co.",
        "Company",
        "Ltd",
        "Ltd.",
        "Limited",
        "plc",
        "Plc",
        "PLC",
        "LLC",
        "AG",
        "SA",
        "NV",
        "GmbH",
        "Group",
        "Holdings",
        "Technologies",
        "International",
        "Industries",
        "Enterprises",
    ]
)
_PLACE_PREPOSITIONS = frozenset(
    [
        "in",
        "at",
        "from",
        "to",
        "near",
        "outside",
        "across",
        "throughout",
        "around",
        "into",
        "via",
        "towards",
        "toward",
    ]
)
_STREETS = frozenset(["Street", "Road", "Avenue", "Lane", "Square", "St"])
_NUMBER_AFTER = re.compile(r"[ \u00a0-](\d{1,4}[A-Za-z]?)(?![\d%.,]\d|[\d%]|bn\b|m\b|st\b)")
_NUMBER_BEFORE = re.compile(r"(\d{1,4}(?:st|nd|rd|th)?)[ \u00a0]$")
_QUOTED = re.compile(r"[\"“‘]([A-Z0-9][^\"“”‘’\n]{0,79}?)[,.!?]?[\"”’]")
_WORD = re.compile(r"[A-Za-z0-9][\w'’&-]*")
_AGE = re.compile(r", \d{1,3},")
_MAX_RUN = 12  # a name longer than this many tokens is not a name

Token = tuple[int, int, str]  # start, end (possessive excluded), text


def _fold(name: str) -> str:
    return name.replace("\u2019", "'")


def _is_acronym(word: str) -> bool:
    letters = word.replace("&", "").replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalnum()


def _is_common(word: str) -> bool:
    """A word English writes in lower case (so its capital says nothing)."""
    low = word.lower()
    return low in COMMON_WORDS or low in _SMALL_WORDS or _fold(word) in NON_ENTITIES


def _sentence_initial(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` starts a sentence, a quotation or a line."""
    i = pos - 1
    steps = 0
    while i >= 0 and steps < 6:
        ch = text[i]
        if ch == " " or ch == "\u00a0" or ch == "\t":
            i -= 1
            steps += 1
            continue
        if ch in _OPENERS:
            return True
        return ch in _SENTENCE_END
    return i < 0


def _headline_end(text: str) -> tuple[int, bool]:
    """End of the headline (line 1 followed by a blank line) and whether it is Title Case."""
    nl = text.find("\n")
    if nl <= 0 or nl > 200 or not text.startswith("\n", nl + 1):
        return 0, False
    words = _WORD.findall(text, 0, nl)
    if len(words) < 3:
        return nl, False
    lower_content = sum(1 for w in words if w[0].islower() and w not in _SMALL_WORDS)
    return nl, lower_content == 0


class _Run:
    """Consecutive name tokens and the connector words between them."""

    __slots__ = ("ambiguous", "links", "possessive", "tokens")

    def __init__(self, token: Token, ambiguous: bool) -> None:
        self.tokens: list[Token] = [token]
        self.links: list[str] = [""]
        self.ambiguous: list[bool] = [ambiguous]
        self.possessive = False


def _runs(text: str, headline_end: int, title_case: bool) -> list[_Run]:
    """Group name tokens into runs joined by single spaces or connector words."""
    runs: list[_Run] = []
    run: _Run | None = None
    prev_end = -1
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        word = m.group()
        possessive = False
        if word.endswith(_POSSESSIVE) and len(word) > 2 and _fold(word) not in KNOWN:
            word = word[:-2]
            end -= 2
            possessive = True
        ambiguous = (start < headline_end and title_case) or _sentence_initial(text, start)
        link = None
        if run is not None and not run.possessive and len(run.tokens) < _MAX_RUN:
            gap = text[prev_end:start]
            if (
                gap == " "
                or gap == "\u00a0"
                or (gap == ". " and (run.tokens[-1][2] + ".") in TITLES | {"St."})
            ):
                link = ""
            elif 2 < len(gap) < 12 and gap[0] == " " and gap[-1] == " ":
                inner = gap[1:-1]
                if inner in _PARTICLES or inner in _CONNECTORS or inner in ("van der", "van den"):
                    link = inner
            if link is not None and run.tokens[-1][2].endswith(".") and _is_common(word):
                link = None  # "in the U.S. The ..." : a new sentence
        token = (start, end, word)
        if link is None:
            if run is not None:
                runs.append(run)
            run = _Run(token, ambiguous)
        else:
            assert run is not None
            run.tokens.append(token)
            run.links.append(link)
            run.ambiguous.append(ambiguous and link == "")
        run.possessive = possessive
        prev_end = m.end()
    if run is not None:
        runs.append(run)
    return runs


def _words(text: str, run_tokens: list[Token], links: list[str]) -> str:
    return text[run_tokens[0][0] : run_tokens[-1][1]]


def _head_type(word: str) -> str | None:
    return NAME_HEADS.get(word)


def _keep_connector(tokens: list[Token], links: list[str], i: int, text: str) -> bool:
    """Whether connector ``links[i]`` (before token i) belongs inside the name."""
    link = links[i]
    if link in _PARTICLES or link in ("van der", "van den", "&"):
        return True
    # Find the segment before and after the connector.
    j = i - 1
    while j > 0 and links[j] == "":
        j -= 1
    left = tokens[j:i]
    k = i + 1
    while k < len(tokens) and links[k] == "":
        k += 1
    right = tokens[i:k]
    whole = _fold(text[tokens[0][0] : right[-1][1]])
    if whole in KNOWN or _fold(text[left[0][0] : right[-1][1]]) in KNOWN:
        return True
    first, last = left[0][2], left[-1][2]
    if link in ("of", "of the"):
        return (
            first in NAME_PREFIXES
            or last in NAME_PREFIXES
            or (last in NAME_HEADS and NAME_HEADS[last] != "GPE")
            or last in TITLES
            or last in TITLE_MODIFIERS
        )
    if link in ("for", "for the"):
        return NAME_HEADS.get(last) in ("ORG", "FAC", "EVENT")
    if link == "and":
        right_last = right[-1][2]
        if right_last in TITLES or NAME_HEADS.get(right_last) in ("ORG", "FAC", "EVENT", "LAW"):
            return not (_fold(" ".join(t[2] for t in left)) in KNOWN and len(right) == 1)
        # "Department of Trade and Industry": inside an org built on "of"/"for".
        return (
            any(lk in ("of", "for", "of the") for lk in links[1:i])
            and _fold(" ".join(t[2] for t in right)) not in KNOWN
        )
    return False


class _Span:
    """A candidate mention with the evidence gathered for its type."""

    __slots__ = ("after_title", "ambiguous", "canonical", "end", "start", "text", "tokens", "type")

    def __init__(self, text: str, tokens: list[Token], ambiguous: bool, after_title: bool) -> None:
        self.tokens = tokens
        self.start = tokens[0][0]
        self.end = tokens[-1][1]
        self.text = text[self.start : self.end]
        self.ambiguous = ambiguous
        self.after_title = after_title
        self.type = ""
        self.canonical = ""


def _title_end(tokens: list[Token], links: list[str], i: int) -> int:
    """If a title starts at token i ("Prime Minister", "Secretary of State"), the index
    just past it; else i."""
    j = i
    has_core = False
    last_good = i
    while j < len(tokens):
        word = tokens[j][2]
        if j > i and links[j] not in ("", "of", "of the", "and"):
            break
        if word in TITLES or word + "." in TITLES:
            has_core = True
            last_good = j + 1
        elif word in TITLE_MODIFIERS:
            pass
        else:
            break
        j += 1
    return last_good if has_core else i


def _split_run(text: str, run: _Run) -> list[_Span]:
    """Split a run into mentions: at connectors not part of a name, at titles, at
    ambiguous common words, at nationality adjectives that prefix another name."""
    tokens, links, amb = run.tokens, run.links, run.ambiguous
    # 1. Connectors.
    pieces: list[tuple[list[Token], list[str], list[bool]]] = []
    cur_t, cur_l, cur_a = [tokens[0]], [""], [amb[0]]
    for i in range(1, len(tokens)):
        if links[i] and not _keep_connector(tokens, links, i, text):
            pieces.append((cur_t, cur_l, cur_a))
            cur_t, cur_l, cur_a = [tokens[i]], [""], [amb[i]]
        else:
            cur_t.append(tokens[i])
            cur_l.append(links[i])
            cur_a.append(amb[i])
    pieces.append((cur_t, cur_l, cur_a))

    spans: list[_Span] = []
    for toks, lks, ambs in pieces:
        spans.extend(_split_piece(text, toks, lks, ambs))
    return spans


def _known_prefix(text: str, toks: list[Token], i: int) -> int:
    """Length of the longest known name starting at token i (0 when none)."""
    best = 0
    word = _fold(toks[i][2])
    if word not in KNOWN_STARTS:
        return 1 if word in KNOWN else 0
    for j in range(min(len(toks), i + 6), i, -1):
        if _fold(text[toks[i][0] : toks[j - 1][1]]) in KNOWN:
            best = j - i
            break
    return best


def _split_piece(text: str, toks: list[Token], lks: list[str], ambs: list[bool]) -> list[_Span]:
    out: list[_Span] = []
    whole = _fold(text[toks[0][0] : toks[-1][1]])
    if whole in KNOWN and not (len(toks) == 1 and ambs[0] and _is_common(toks[0][2])):
        return [_Span(text, toks, ambs[0], False)]
    i = 0
    n = len(toks)
    after_title = False
    while i < n:
        word = toks[i][2]
        # Titles: "Prime Minister Tony Blair", "US President George Bush".
        if word in TITLES or word in TITLE_MODIFIERS or word + "." in TITLES:
            t_end = _title_end(toks, lks, i)
            if t_end > i:
                rest_last = toks[-1][2]
                rest_known = _fold(text[toks[t_end][0] : toks[-1][1]]) if t_end < n else ""
                # "General Motors", "Queen Mary University": the title word is the name's.
                if t_end < n and (
                    NAME_HEADS.get(rest_last) in ("ORG", "FAC", "EVENT", "LAW", "LOC")
                    and rest_known not in KNOWN
                    and not (
                        _fold(text[toks[i][0] : toks[-1][1]]) in KNOWN
                        or toks[i][2] in ("Mr", "Mrs", "Ms", "Dr", "Miss")
                    )
                ):
                    pass
                elif (
                    t_end < n
                    and word in NAME_PREFIXES
                    and lks[i + 1 : i + 2] in (["of"], ["of the"])
                ):
                    pass  # "Prince of Wales", "Duke of Edinburgh": the whole is the name
                else:
                    i = t_end
                    after_title = t_end < n
                    while i < n and lks[i] in ("of", "of the", "and", "for"):
                        # "President of Huawei Cloud": drop the dangling connector.
                        lks = [*lks[:i], "", *lks[i + 1 :]]
                        break
                    continue
            elif i == 0 and n == 1:
                pass
        # Ambiguous capitalisation: sentence start or Title Case headline.
        if ambiguous_word := (ambs[i] and (lks[i] == "" or i == 0)):
            known = _known_prefix(text, toks, i)
            if known > 1:
                out.append(_Span(text, toks[i : i + known], True, after_title))
                i += known
                after_title = False
                continue
            if _is_common(word) and not (
                word in FIRST_NAMES and i + 1 < n and not _is_common(toks[i + 1][2])
            ):
                # Kept only as a candidate alias, decided once the article is read.
                span = _Span(text, [toks[i]], True, after_title)
                span.type = "?"
                out.append(span)
                i += 1
                after_title = False
                continue
        if _fold(word) in NON_ENTITIES and not ambiguous_word:
            i += 1
            continue
        # Extend to the end of this mention: stop before a title word that starts a
        # new title run, before an ambiguous common word in a Title Case headline,
        # or before a non-entity word.
        j = i + 1
        while j < n:
            w = toks[j][2]
            if (w in TITLES or w in TITLE_MODIFIERS) and _title_end(toks, lks, j) > j:
                t_end = _title_end(toks, lks, j)
                rest_last = toks[-1][2]
                if t_end < n and not (
                    NAME_HEADS.get(rest_last) in ("ORG", "FAC", "EVENT", "LAW") and lks[t_end] == ""
                ):
                    break
            if (
                ambs[j]
                and lks[j] == ""
                and _is_common(w)
                and _known_prefix(text, toks, i) < j - i + 1
            ):
                break
            if _fold(w) in NON_ENTITIES:
                break
            j += 1
        # Drop connectors dangling at the edges.
        k = j
        while k > i + 1 and lks[k - 1] and toks[k - 1][2].islower():
            k -= 1
        out.extend(_split_prefix(text, toks[i:j], lks[i:j], ambs[i], after_title))
        i = j
        after_title = False
    return out


def _split_prefix(
    text: str, toks: list[Token], lks: list[str], ambiguous: bool, after_title: bool
) -> list[_Span]:
    """Split a nationality adjective or place off a following name ("German Bundesbank",
    "Italian Silvio Berlusconi"); keep compounds ("British Airways", "Chinese Communist
    Party")."""
    if len(toks) > 1:
        whole = _fold(text[toks[0][0] : toks[-1][1]])
        if whole not in KNOWN:
            first = _fold(toks[0][2])
            rest = _fold(text[toks[1][0] : toks[-1][1]])
            heads = any(t[2] in NAME_HEADS for t in toks[1:])
            if (
                KNOWN.get(first) in ("NORP", "GPE")
                and lks[1] == ""
                and not heads
                and (rest in KNOWN or (toks[1][2] in FIRST_NAMES and len(toks) > 2))
            ):
                return [
                    _Span(text, toks[:1], ambiguous, False),
                    _Span(text, toks[1:], False, after_title),
                ]
            # "London Ken Livingstone", "Chelsea Jose Mourinho": a known name, then a person.
            for m in range(1, len(toks) - 1):
                if toks[m][2] in FIRST_NAMES and lks[m] == "":
                    left = _fold(text[toks[0][0] : toks[m - 1][1]])
                    if left in KNOWN:
                        return [
                            _Span(text, toks[:m], ambiguous, False),
                            _Span(text, toks[m:], False, True),
                        ]
    return [_Span(text, toks, ambiguous, after_title)]


def _extend_numbers(text: str, span: _Span) -> None:
    """Take a model number or edition into the name: "Boeing 737", "Euro 2004", "10 Downing
    Street"."""
    last = span.tokens[-1][2]
    key = _fold(span.text)
    if key in NUMBERED or last in NUMBERED:
        m = _NUMBER_AFTER.match(text, span.end)
        if m:
            span.end = m.end()
            span.text = text[span.start : span.end]
            span.type = NUMBERED.get(key) or NUMBERED.get(last, "PRODUCT")
            if _fold(span.text) in KNOWN:
                span.type = KNOWN[_fold(span.text)]
            return
    m = _NUMBER_AFTER.match(text, span.end)
    if m and _fold(text[span.start : m.end()]) in KNOWN:
        span.end = m.end()
        span.text = text[span.start : span.end]
        span.type = KNOWN[_fold(span.text)]
        return
    if span.start > 0:
        before = _NUMBER_BEFORE.search(text, max(0, span.start - 8), span.start)
        if before:
            candidate = text[before.start() : span.end]
            if last in _STREETS or _fold(candidate) in KNOWN:
                span.start = before.start()
                span.text = candidate
                span.type = KNOWN.get(_fold(candidate), "FAC")


def _prev_word(text: str, pos: int) -> str:
    start = max(0, pos - 20)
    chunk = text[start:pos].rstrip()
    cut = max(chunk.rfind(" "), chunk.rfind("\n"), chunk.rfind("("), chunk.rfind('"'))
    return chunk[cut + 1 :]


def _next_word(text: str, pos: int) -> str:
    chunk = text[pos : pos + 20]
    if chunk.startswith(","):
        return ","
    chunk = chunk.lstrip()
    cut = 0
    while cut < len(chunk) and (chunk[cut].isalpha()):
        cut += 1
    return chunk[:cut]


def _type_span(text: str, span: _Span) -> str:
    """The type of a mention from its words, lexicons and context (aliases come later)."""
    key = _fold(span.text)
    toks = span.tokens
    first, last = toks[0][2], toks[-1][2]
    prev = _prev_word(text, span.start).lower()
    nxt = _next_word(text, span.end)
    person_context = nxt in SPEECH_CUES or prev in SPEECH_CUES or bool(_AGE.match(text, span.end))
    if span.after_title:
        return "PERSON"
    known = KNOWN.get(key)
    if known:
        if known == "GPE" and len(toks) == 1 and first in FIRST_NAMES and person_context:
            return "PERSON"
        return known
    if len(toks) > 1:
        second_link = text[toks[0][1] : toks[1][0]].strip()
        if second_link in ("of", "of the") and first in NAME_PREFIXES:
            return NAME_PREFIXES[first]
        head = NAME_HEADS.get(last)
        if head and not (head in ("GPE", "LOC") and first in FIRST_NAMES):
            return head
        if first in FIRST_NAMES and all(t[2][:1].isupper() for t in toks):
            return "PERSON"
        first_known = KNOWN.get(_fold(first))
        if first_known in ("ORG", "PRODUCT"):
            return first_known
        if all(t[2].isupper() for t in toks):
            return "ORG"
        if len(toks) <= 4 and all(
            (t[2][:1].isupper() and t[2][1:].islower()) or len(t[2]) <= 2 for t in toks
        ):
            return "PERSON"
        return "ORG"
    if _is_acronym(first):
        return "ORG"
    if first in FIRST_NAMES or person_context:
        return "PERSON"
    if prev in _PLACE_PREPOSITIONS:
        return "GPE"
    return "ORG"


def _work_titles(text: str) -> list[tuple[int, int]]:
    """Quoted Title Case phrases right after a work noun: 'the film "Ray"', 'hit "Yeah!"'."""
    found = []
    for m in _QUOTED.finditer(text):
        content = m.group(1)
        words = content.split()
        if not words or len(words) > 10:
            continue
        if not all(w[0].isupper() or w[0].isdigit() or w in _SMALL_WORDS for w in words):
            continue
        before = text[max(0, m.start() - 25) : m.start()].split()
        if not before or before[-1].lower().strip(",") not in WORK_CUES:
            continue
        found.append((m.start(1), m.start(1) + len(content.rstrip(",.!? "))))
    return found


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w not in ("The",))


def _resolve(text: str, spans: list[_Span]) -> None:
    """Types from the whole article, then canonical names: surnames to full names,
    short org names to their fuller form, acronyms to the long name they abbreviate."""
    surnames: dict[str, str] = {}
    firsts: dict[str, str] = {}
    orgs_by_first: dict[str, str] = {}
    acronyms: dict[str, _Span] = {}
    for span in spans:
        if span.type == "PERSON" and len(span.tokens) > 1:
            surnames.setdefault(span.tokens[-1][2], span.text)
            firsts.setdefault(span.tokens[0][2], span.text)
        elif span.type == "ORG" and len(span.tokens) > 1:
            orgs_by_first.setdefault(span.tokens[0][2], span.text)
        if span.type not in ("", "?") and len(span.tokens) > 1:
            # "the International Monetary Fund (IMF)"
            m = re.match(r" \(([A-Za-z&.]{2,10})\)", text[span.end : span.end + 14])
            if m:
                acronyms.setdefault(m.group(1), span)
    by_initials: dict[str, _Span] = {}
    for span in spans:
        if span.type == "ORG" and len(span.tokens) > 2:
            by_initials.setdefault(_initials(span.text), span)

    for span in spans:
        word = span.tokens[0][2] if len(span.tokens) == 1 else ""
        if span.type == "?":
            # Sentence-initial common word: a name only if the article names it elsewhere.
            if word in surnames:
                span.type = "PERSON"
            elif word in orgs_by_first:
                span.type = "ORG"
            else:
                span.type = ""
            continue
        if word and word in surnames and span.text != surnames[word]:
            prev = _prev_word(text, span.start).lower()
            if not (KNOWN.get(_fold(word)) == "GPE" and prev in _PLACE_PREPOSITIONS):
                span.type = "PERSON"
        elif word and word in acronyms:
            span.type = acronyms[word].type
        elif (word and _is_acronym(word) and word in by_initials and KNOWN.get(word) is None) or (
            word and span.type == "PERSON" and not span.after_title and word in orgs_by_first
        ):
            span.type = "ORG"

    for span in spans:
        if not span.type:
            continue
        toks = span.tokens
        canonical = span.text
        if span.type == "PERSON":
            last = toks[-1][2]
            full = surnames.get(last)
            if full and (len(toks) == 1 or full.endswith(span.text)):
                canonical = full
            elif len(toks) == 1 and last in firsts:
                canonical = firsts[last]
        elif span.type == "ORG":
            word = toks[0][2]
            if len(toks) == 1 and word in acronyms:
                canonical = acronyms[word].canonical or acronyms[word].text
            elif len(toks) == 1 and word in by_initials:
                canonical = by_initials[word].text
            elif len(toks) == 1 and word in orgs_by_first:
                full = orgs_by_first[word]
                if all(w in _CORPORATE for w in full.split()[1:]):
                    canonical = full
        elif span.type == "GPE":
            canonical = COUNTRY_ALIASES.get(_fold(span.text), span.text)
        span.canonical = canonical


def find_entities(text: str) -> list[Entity]:
    """Every mention of a named entity in ``text``, in order, without overlaps."""
    headline_end, title_case = _headline_end(text)
    spans: list[_Span] = []
    for run in _runs(text, headline_end, title_case):
        for span in _split_run(text, run):
            if span.type != "?":
                _extend_numbers(text, span)
                if not span.type:
                    span.type = _type_span(text, span)
            spans.append(span)
    _resolve(text, spans)

    works = _work_titles(text)
    entities: list[Entity] = []
    w = 0
    for span in spans:
        if not span.type or span.end <= span.start:
            continue
        while w < len(works) and works[w][1] <= span.start:
            entities.append(
                Entity(
                    works[w][0],
                    works[w][1],
                    text[works[w][0] : works[w][1]],
                    "WORK_OF_ART",
                    text[works[w][0] : works[w][1]],
                )
            )
            w += 1
        if w < len(works) and works[w][0] < span.end:
            continue  # inside a work's title
        if entities and entities[-1].end > span.start:
            continue
        entities.append(
            Entity(span.start, span.end, span.text, span.type, span.canonical or span.text)
        )
    for ws, we in works[w:]:
        entities.append(Entity(ws, we, text[ws:we], "WORK_OF_ART", text[ws:we]))
    return entities
