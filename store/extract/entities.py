"""Named entities: capitalised names, typed from evidence, with a canonical name per entity.

Rules and lexicons only (``re`` and dicts, linear time). Capitalised tokens are
joined into runs over spaces and name connectors ("of", "and", "&", "de", "van");
runs are split at titles ("Mr", "Prime Minister"), possessives, days and months,
and sentence-initial common words; each mention is typed from lexicons, head
words ("Bank", "Airport", "Act"), titles and context ("said Smith", "in Jordan");
finally names are resolved across the article: surnames to the full name ("Mr
Blair" -> "Tony Blair"), acronyms to the name they abbreviate, short company
names to the fuller form.
"""

from __future__ import annotations

import re
from collections import Counter

from store.extract.lexicons import load_lexicon
from store.extract.names import (
    CALENDAR,
    COMMON_WORDS,
    COUNTRY_ALIASES,
    DOTTED,
    FIRST_NAMES,
    GROUP_ALIASES,
    KNOWN,
    KNOWN_STARTS,
    LOWER_TAILS,
    LOWERCASE_WORDS,
    NAME_FIRSTS,
    NAME_HEADS,
    NAME_PREFIXES,
    NON_ENTITIES,
    NUMBERED,
    PERSON_ROLES,
    SENTENCE_OPENERS,
    SKY_NAMES,
    SPACE_CUES,
    SPEECH_CUES,
    TITLE_MODIFIERS,
    TITLES,
    WORK_AFTER_CUES,
    WORK_CUES,
)
from store.records import Entity

_UPPER = "A-ZÀ-ÖØ-ÞŁŚŠŽŻŹČĆŘŐŰ"
# A name-like token: initials ("U.S.", "J.P."), a middle initial ("W."), Arabic
# article forms ("al-Qaeda"), a capitalised word with inner hyphens, apostrophes
# or ampersands ("Rolls-Royce", "O'Neill", "S&P", "Blair's"), a camel-case brand
# ("iPod", "eBay") or a digit-led code ("3GSM"). Every alternative is a simple
# sequence with no nested ambiguity, so matching stays linear.
_TOKEN = re.compile(
    rf"(?<![\w'’.,])(?=[A-Za-z0-9{_UPPER[3:]}])(?:"
    r"(?:[A-Z]\.){2,4}(?![A-Za-z])"
    r"|[A-Z]\.(?= [A-Z])"
    r"|(?:al|el|bin|ibn|abu)-[A-Z][^\W_]*(?:[-'’][^\W_]+)*"
    rf"|[{_UPPER}][^\W_]*(?:[-'’&][^\W_]+)*"
    r"|[a-z]{1,4}[A-Z][^\W_]*"
    r"|\d{1,2}[A-Z][A-Za-z0-9]*"
    r")"
)
# Lower-case words that join two capitalised parts of one name ("de la", "van der").
_PARTICLES = load_lexicon("name_particles")
# Connectors kept only when the name's structure calls for them.
_CONNECTORS = frozenset(["of", "of the", "and", "&", "for", "for the", "on", "upon", "in"])
_POSSESSIVE = ("'s", "’s")
_HOLIDAY_TAILS = (" Day", " Eve", " Night")
_SENTENCE_END = frozenset(".!?:;\n")
_CLOSERS = frozenset("\"'’”)]")
_OPENERS = frozenset("\"'“‘([«—–•*")
_SMALL_WORDS = load_lexicon("small_words")
_CORPORATE = load_lexicon("corporate_suffixes")
_PLACE_PREPOSITIONS = load_lexicon("place_prepositions")
_STREETS = frozenset(["Street", "Road", "Avenue", "Lane", "Square", "St"])
# Heads that double as surnames: after a first name they give a person ("Thomas Church").
_SURNAME_HEADS = frozenset(["Church", "Hall", "Park", "Lane", "Bridge", "Ford", "House", "Castle"])
_NUMBER_AFTER = re.compile(r"[ \u00a0](\d{1,4}[A-Za-z]?)(?![\d%]|[.,]\d|bn\b|m\b|st\b|th\b)")
_NUMBER_BEFORE = re.compile(r"(\d{1,4}(?:st|nd|rd|th)?)[ \u00a0]$")
_BRACKETED = re.compile(r" \(([A-Za-z][\w&.-]{1,14})\)")
_QUOTED = re.compile(r"[\"“‘]([A-Z0-9][^\"“”‘’\n]{0,79}?)[,.!?]?[\"”’]")
_WORD = re.compile(r"[A-Za-z0-9][\w'’&-]*")
_NEXT_WORD = re.compile(r"\s*([^\W\d_][\w-]*)")
_PARTY_TAG = re.compile(r"[DRI]-[A-Z][a-z]{0,11}$")
_AGE = re.compile(r", (?:\d{1,3}|aged \d{1,3}),")
_CONTRACTIONS = frozenset(["re", "ll", "ve", "d", "m", "t"])
# Second parts of hyphenated compounds that are not given names ("Obama-era", "UK-based").
_COMPOUND_TAILS = load_lexicon("compound_tails")
_LIST_GAPS = frozenset([", ", " and ", ", and ", " or ", " in ", " & "])
# Punctuation that may follow a word in a whitespace token.
_TRAILING = (",", ".", ";", ":", "?", "!", ")", '"', "”", "’", "'")
# Words after an unknown name that make it a place: "Sadah province", "Leyte island".
_PLACE_AFTER = re.compile(
    r" (?:province|governorate|prefecture|district|county|region|state|city|town|village"
    r"|municipality|island|oblast)\b"
)
# "the port of Bejaia", "the city of Goma": a place noun and "of" before an unknown name.
_PLACE_OF = re.compile(
    r"\b(?:port|city|town|village|province|region|district|state|county|capital|island"
    r"|governorate|prefecture|municipality|outskirts|suburb|suburbs) of $"
)
_CALLED_AFTER_SPACE = re.compile(r"\b(?:asteroid|comet|moon|planet|star|galaxy) (?:called|named) $")
_SAID = frozenset(["said", "says", "told", "added", "wrote", "explained", "noted", "argued"])
# American -> British spellings tried when a word is not in the (British) lists.
_SPELLINGS = (
    ("center", "centre"),
    ("theater", "theatre"),
    ("fense", "fence"),
    ("eled", "elled"),
    ("eling", "elling"),
    ("eler", "eller"),
    ("program", "programme"),
    ("gray", "grey"),
    ("color", "colour"),
    ("labor", "labour"),
    ("favor", "favour"),
    ("honor", "honour"),
    ("neighbor", "neighbour"),
    ("behavior", "behaviour"),
    ("harbor", "harbour"),
    ("rumor", "rumour"),
    ("vigor", "vigour"),
    ("humor", "humour"),
)
_MODEL = re.compile(r"[A-Z][\w'’]*-\d{1,4}[A-Za-z]{0,2}$")
# Months that are also given names.
_MONTH_NAMES = frozenset(["Jan", "April", "May", "June", "August", "Augustus"])
_DOMAIN = re.compile(r"\.(?:com|org|net|io|ai|ie|in|co\.uk|co|ph|sg)(?![\w.]|\.\w)")
# Nouns before the name of a news outlet or journal: "the journal Nature".
_ORG_CUES = load_lexicon("org_cues")
# Prepositions before an unknown multi-word name that make it a place.
_INSIDE_PREPOSITIONS = frozenset(["in", "near", "outside", "across"])
_TV_NOUNS = frozenset(
    ["network", "channel", "station", "show", "series", "programme", "program", "interview",
     "documentary", "footage", "broadcast", "ad", "advert", "licence", "rights", "deal",
     "coverage", "audience", "viewers", "presenter", "host", "drama", "special", "news"]
)  # fmt: skip
_MAX_RUN = 12  # a capitalised run longer than this is not one name

Token = tuple[int, int, str]  # start, end (possessive excluded), text


def _is_acronym(word: str) -> bool:
    if not word[:2].isupper():
        return False
    letters = word.replace("&", "").replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalnum()


def _is_common(word: str) -> bool:
    """A word English writes in lower case, so that its capital says nothing."""
    if word.isupper() and len(word) > 1:
        low = word.lower()
        return (
            low in _SMALL_WORDS or word in NON_ENTITIES or (len(word) > 3 and low in COMMON_WORDS)
        )
    low = word.lower()
    return low in COMMON_WORDS or low in _SMALL_WORDS or word in NON_ENTITIES


def _looks_like_word(word: str) -> bool:
    """A sentence-initial word shaped like an adverb or verb form ("Firstly", "Speaking")."""
    return len(word) > 5 and word.endswith(("ly", "ing", "ed")) and word.lower() == word.lower()


def _name_word(word: str) -> bool:
    """Shaped like a personal name: not an acronym, no digits ("Smith", "McDonald")."""
    return (not word.isupper() and word.isalpha()) or ("-" in word or "'" in word)


def _given_name_tail(word: str, hyphen: int, joined: bool) -> bool:
    """A romanised East Asian given name: short syllables joined by a hyphen, the second
    in lower case ("Mo-po", "Jong-un", "Ki-moon"), right after another name word."""
    tail = word[hyphen + 1 :]
    return (
        joined and hyphen <= 5 and len(tail) <= 5 and tail.isalpha() and tail not in _COMPOUND_TAILS
    )


def _first_name(word: str) -> bool:
    return word in FIRST_NAMES or ("-" in word and word.split("-", 1)[0] in FIRST_NAMES)


def _sentence_initial(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` starts a text, line, sentence or quotation."""
    i = pos - 1
    while i >= 0 and pos - i < 6:
        ch = text[i]
        if ch in " \u00a0\t":
            i -= 1
            continue
        if ch == "(" and i > 1 and text[i - 1] == " " and text[i - 2].isupper():
            return False  # "DART (Double Asteroid ...)": a name spelt out after its acronym
        if ch in _OPENERS and (ch not in "'\"" or i == 0 or text[i - 1] in " \n(\u00a0"):
            return True  # an opening mark
        if ch in _CLOSERS:
            i -= 1  # a closing mark: what comes before it decides ("... end." He said)
            continue
        return ch in _SENTENCE_END
    return i < 0


def _headline(text: str) -> tuple[int, bool]:
    """End of the headline (line 1 when a blank line follows) and whether it is Title Case."""
    nl = text.find("\n", 0, 300)
    if nl <= 0 or not text.startswith("\n", nl + 1):
        return 0, False
    words = _WORD.findall(text, 0, nl)
    if len(words) < 3:
        return nl, False
    lower_content = sum(1 for w in words if w.islower() and w not in _SMALL_WORDS)
    return nl, lower_content == 0


class _Run:
    """Consecutive name tokens and the connectors between them."""

    __slots__ = ("ambiguous", "links", "stop", "the", "tokens")

    def __init__(self, token: Token, ambiguous: bool, the: bool) -> None:
        self.tokens: list[Token] = [token]
        self.links: list[str] = [""]
        self.ambiguous: list[bool] = [ambiguous]
        self.the = the  # a capitalised "The" was dropped before the run
        self.stop = False  # nothing may join after the last token


def _runs(text: str, headline_end: int, title_case: bool) -> list[_Run]:
    """Group name tokens into runs joined by single spaces or connector words."""
    runs: list[_Run] = []
    run: _Run | None = None
    prev_end = -1
    prev_start = 0
    prev_word = ""
    prev_stop = False
    length = 0
    the_end = -2
    skip_holiday = -1
    known = KNOWN
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        if start < skip_holiday:
            continue
        word = m.group()
        if word == "The" or word == "THE":
            the_end = end
            if run is not None:
                runs.append(run)
                run = None
            continue
        if len(word) > 2 and word[1] == "-" and _PARTY_TAG.match(word):
            # "D-Mass.", "R-Texas": party and state after a US politician; the state
            # is a place of its own.
            state = word[2:]
            if text.startswith(".", end) and state + "." in DOTTED:
                state += "."
            if state in KNOWN:
                if run is not None:
                    runs.append(run)
                run = _Run((start + 2, start + 2 + len(state), state), False, False)
                run.stop = prev_stop = True
                prev_end = start + 2 + len(state)
                prev_word = state
                length = 1
            continue
        if text.startswith("$", end):
            continue  # "HK$", "US$": part of an amount
        if "'" in word or "’" in word:
            apos = max(word.rfind("'"), word.rfind("’"))
            if word[apos + 1 :] in _CONTRACTIONS and word not in NON_ENTITIES:
                continue  # "We're", "They'll", "Don't": never a name
        if text.startswith(".", end):
            dom = _DOMAIN.match(text, end)
            if dom:
                word += dom.group()  # "Amazon.com", "Daft.ie": the address is the name
                end = dom.end()
        if text.startswith(".", end) and word + "." in DOTTED:
            word += "."  # "Corp.", "Jr.", "Calif.": the stop belongs to the name
            end += 1
        stop = False
        if word[-2:] in _POSSESSIVE and len(word) > 2 and word not in known:
            word = word[:-2]
            end -= 2
            stop = True
            if text.startswith(_HOLIDAY_TAILS, m.end()):
                skip_holiday = m.end() + 5  # "New Year's Eve", "Valentine's Day": dates
                if run is not None and prev_end != start - 1:
                    runs.append(run)
                run = None
                continue
        hyphen = word.find("-")
        if 0 < hyphen < len(word) - 1 and word[hyphen + 1].islower() and word[0].isupper():
            head = word[:hyphen]
            tail = word[hyphen + 1 :]
            if _given_name_tail(word, hyphen, prev_end == start - 1):
                pass  # "Paul Chan Mo-po", "Kim Jong-un": a hyphenated given name
            elif (
                head in known
                or _first_name(head)
                or (prev_end == start - 1 and text[prev_start : start + hyphen] in known)
            ):
                # "Oscar-nominated", "Spanish-language": the name is the first part.
                word = head
                end = start + hyphen
                stop = True
            elif tail.replace("-", "").isalpha() and tail.capitalize() not in _CORPORATE:
                continue  # "Ten-year-old", "Badly-taught": not a name
        link = None
        if run is not None and not prev_stop and length < _MAX_RUN:
            if start == prev_end + 1 and (text[prev_end] == " " or text[prev_end] == "\u00a0"):
                link = ""
            else:
                gap = text[prev_end:start]
                if gap == ". " and (prev_word + ".") in TITLES:
                    link = ""
                elif 2 < len(gap) < 14 and gap[0] == " " and gap[-1] == " ":
                    inner = gap[1:-1]
                    parts = inner.split()
                    if inner in _CONNECTORS or (
                        len(parts) <= 2 and all(p in _PARTICLES for p in parts)
                    ):
                        link = inner
            if link is not None and prev_word[-1:] == "." and _is_common(word):
                link = None  # "... in the U.S. The ...": a new sentence
        token = (start, end, word)
        in_headline = title_case and start < headline_end
        if link is None:
            if run is not None:
                runs.append(run)
            ambiguous = in_headline or _sentence_initial(text, start)
            run = _Run(token, ambiguous, the_end == start - 1)
            length = 1
        else:
            assert run is not None
            run.tokens.append(token)
            run.links.append(link)
            run.ambiguous.append(in_headline and link == "")
            length += 1
        run.stop = stop
        prev_stop = stop
        prev_word = word
        prev_end = end
        prev_start = start
    if run is not None:
        runs.append(run)
    return runs


def _segment(tokens: list[Token], links: list[str], i: int) -> tuple[int, int]:
    """Token range of the connector-free segment holding token i."""
    a = i
    while a > 0 and links[a] == "":
        a -= 1
    b = i + 1
    while b < len(tokens) and links[b] == "":
        b += 1
    return a, b


def _keep_connector(text: str, tokens: list[Token], links: list[str], i: int) -> bool:
    """Whether connector ``links[i]`` (before token i) is inside the name."""
    link = links[i]
    if link == "&" or link not in _CONNECTORS:
        return True  # "&" and particles ("de", "van der") always join
    la, _ = _segment(tokens, links, i - 1)
    _, rb = _segment(tokens, links, i)
    left, right = tokens[la:i], tokens[i:rb]
    if (text[tokens[0][0] : right[-1][1]]) in KNOWN:
        return True
    if (text[left[0][0] : right[-1][1]]) in KNOWN:
        return True
    first, last, right_last = left[0][2], left[-1][2], right[-1][2]
    left_person = any(_first_name(t[2]) for t in left[:-1])
    right_head = NAME_HEADS.get(right_last)
    if link in ("of", "of the"):
        if left_person or (len(left) == 1 and first == "Act"):
            return False
        return (
            first in NAME_PREFIXES
            or (len(left) == 1 and NAME_FIRSTS.get(first) in ("FAC", "LOC"))
            or last in NAME_PREFIXES
            or NAME_HEADS.get(last) not in (None, "GPE")
            or last in TITLES
            or last in TITLE_MODIFIERS
            or right_head in ("LAW", "EVENT")
            or (
                link == "of the"
                and (text[left[0][0] : left[-1][1]]) not in KNOWN
                and (text[right[0][0] : right[-1][1]]) not in KNOWN
            )
        )
    if link in ("for", "for the"):
        return NAME_HEADS.get(last) in ("ORG", "FAC", "EVENT") or (
            last in TITLES or (last in TITLE_MODIFIERS and any(t[2] in TITLES for t in tokens[:i]))
        )
    if link == "on":
        return NAME_HEADS.get(last) in ("LAW", "EVENT")
    if link == "and":
        if left_person or text[left[0][0] : left[-1][1]] in KNOWN:
            return False
        if len(left) > 1 and NAME_HEADS.get(last) == "ORG":
            return False  # "China Construction Bank and Bank of China"
        if all(t[2] in TITLE_MODIFIERS for t in left):  # "Trade and Industry Secretary"
            for t in right:
                if t[2] not in TITLE_MODIFIERS:
                    if t[2] in TITLES:
                        return True
                    break
        if right[0][2] in KNOWN or _first_name(right[0][2]):
            return False  # "Froogle and Google News"
        if right_head in ("ORG", "FAC", "EVENT", "LAW"):
            return True
        # "Department of Trade and Industry": inside a name built on "of"/"for".
        return any(lk in ("of", "for", "of the") for lk in links[1:i]) and (
            (text[right[0][0] : right[-1][1]]) not in KNOWN
        )
    return False


class _Span:
    """A candidate mention with the evidence gathered for its type."""

    __slots__ = (
        "after_title",
        "ambiguous",
        "canonical",
        "confident",
        "end",
        "links",
        "next",
        "prev",
        "start",
        "text",
        "the",
        "tokens",
        "type",
    )

    def __init__(
        self,
        text: str,
        tokens: list[Token],
        links: list[str],
        ambiguous: bool = False,
        after_title: bool = False,
        the: bool = False,
    ) -> None:
        self.tokens = tokens
        self.links = links
        self.start = tokens[0][0]
        self.end = tokens[-1][1]
        self.text = text[self.start : self.end]
        self.ambiguous = ambiguous
        self.after_title = after_title
        self.the = the
        self.type = ""
        self.canonical = ""
        self.confident = True
        self.prev: str | None = None
        self.next: str | None = None


def _splits(toks: list[Token], lks: list[str], i: int) -> bool:
    """Whether token i is never part of a name: a day, month or holiday (not after a first
    name: "Theresa May"), "Day" after a holiday, or an acronym of a thing ("DVD", "SUV")."""
    word = toks[i][2]
    if word in CALENDAR:
        if i + 1 < len(toks) and not lks[i + 1] and word in _MONTH_NAMES:
            nxt = toks[i + 1][2]
            if (
                _name_word(nxt)
                and nxt not in KNOWN
                and nxt not in CALENDAR
                and nxt.lower() not in LOWERCASE_WORDS
            ):
                return False  # "Jan Hatzius", "April Ryan": a given name
        return not (i > 0 and not lks[i] and _first_name(toks[i - 1][2]))
    if i > 0 and not lks[i] and toks[i - 1][2] in CALENDAR and word in ("Day", "Eve", "Night"):
        return True
    if word == "TV" and i > 0 and not lks[i] and KNOWN.get(toks[i - 1][2]) == "ORG":
        return False  # "NASA TV", "CNN TV": a broadcaster's channel ("the CBS TV network"
        # is settled in _extend)
    return word in NON_ENTITIES and (
        word.isupper() or (len(word) > 2 and word[-1] == "s" and word[:-1].isupper())
    )


def _title_end(tokens: list[Token], links: list[str], i: int) -> int:
    """Index just past a title starting at token i ("Prime Minister", "Secretary of
    State"), or i when no title starts there."""
    j = i
    end = i
    has_core = False
    while j < len(tokens):
        if j > i and links[j] not in ("", "of", "of the", "and"):
            break
        word = tokens[j][2]
        if word in TITLES or word + "." in TITLES:
            has_core = True
            end = j + 1
        elif word not in TITLE_MODIFIERS:
            break
        elif has_core:
            end = j + 1  # "Chief Executive", "Secretary of State", "Chancellor of the Exchequer"
        j += 1
    if not has_core:
        return i
    n = len(tokens)
    if end < n and links[end] in ("of", "of the", "for", "for the"):
        # "Minister for Housing Darragh O'Brien": a portfolio, then a full name.
        for k in range(end, min(n, end + 5)):
            if k > end and links[k] not in ("", "and", "of", "of the"):
                break
            word = tokens[k][2]
            if word.lower() in LOWERCASE_WORDS or word in TITLE_MODIFIERS:
                continue  # a portfolio word: "Housing", "Foreign Affairs"
            if (
                k > end
                and not links[k]
                and _name_word(word)
                and KNOWN.get(word) is None
                and (_first_name(word) or (k + 1 < n and not links[k + 1]))
            ):
                return k  # a full name follows the portfolio
            break
    return end


def _title_is_name(text: str, toks: list[Token], lks: list[str], i: int, t_end: int) -> bool:
    """Whether a title word starting at i belongs to the name ("General Motors", "Prince
    of Wales", "Queen Mary University") rather than introducing a person."""
    n = len(toks)
    if t_end >= n:
        return False
    word = toks[i][2]
    if word in ("Mr", "Mrs", "Ms", "Dr", "Miss", "Mr.", "Mrs.", "Ms.", "Dr."):
        return False
    if word in NAME_PREFIXES and lks[i + 1] in ("of", "of the"):
        return True
    rest = text[toks[t_end][0] : toks[-1][1]]
    if rest in KNOWN or _first_name(toks[t_end][2]) or lks[t_end] in ("of", "of the"):
        return False  # "Executive Secretary of the Pacific Fisheries Commission"
    return NAME_HEADS.get(toks[-1][2]) in ("ORG", "FAC", "EVENT", "LAW", "LOC")


def _known_prefix(text: str, toks: list[Token], i: int) -> int:
    """Length in tokens of the longest known name starting at token i (0 when none)."""
    word = toks[i][2]
    if word in KNOWN_STARTS:
        for j in range(min(len(toks), i + 6), i + 1, -1):
            if (text[toks[i][0] : toks[j - 1][1]]) in KNOWN:
                return j - i
    return 1 if word in KNOWN else 0


class _Lowered:
    """The words an article writes in lower case, collected on first use (one pass)."""

    __slots__ = ("text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: frozenset[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self.words is None:
            self.words = frozenset(self.text.split())  # whitespace tokens: fast
        if not word.isalpha():
            return False  # "Amazon.com", "Chandrayaan-3": written so on purpose
        low = word.lower()
        words = self.words
        return low in words or any(low + p in words for p in _TRAILING)


def _british(low: str) -> str:
    """The British spelling of an American one ("organizers" -> "organisers", "labor"
    -> "labour", "center" -> "centre"): the common-word lists come from British news."""
    if "iz" in low:
        low = low.replace("iz", "is")
    if "yz" in low:
        low = low.replace("yz", "ys")
    for us, gb in _SPELLINGS:
        if us in low:
            return low.replace(us, gb)
    return low


def _inflected_common(word: str) -> bool:
    """A plural, third-person or American form of a common word ("Rallies", "Senators",
    "Organizers", "Labor")."""
    low = word.lower()
    if len(low) < 4:
        return False
    gb = _british(low)
    if gb != low and gb in LOWERCASE_WORDS:
        return True
    if len(low) < 5 or not low.endswith("s") or low.endswith("ss"):
        return False
    if low.endswith("ies") and low[:-3] + "y" in LOWERCASE_WORDS:
        return True
    return any(
        w in LOWERCASE_WORDS
        for w in (low[:-1], gb[:-1], low[:-2] if low.endswith("es") else "")
        if w
    )


def _split_run(text: str, run: _Run, lowered: _Lowered) -> list[_Span]:
    """Split a run into mentions: at connectors that are not part of a name, titles,
    days and months, sentence-initial common words, and nationality prefixes."""
    tokens, links = run.tokens, run.links
    pieces: list[tuple[int, int]] = []
    a = 0
    for i in range(1, len(tokens)):
        if links[i] and not _keep_connector(text, tokens, links, i):
            pieces.append((a, i))
            a = i
    pieces.append((a, len(tokens)))
    spans: list[_Span] = []
    for a, b in pieces:
        lks = ["", *links[a + 1 : b]]
        spans.extend(
            _split_piece(text, tokens[a:b], lks, run.ambiguous[a:b], run.the and a == 0, lowered)
        )
    return spans


def _split_piece(
    text: str, toks: list[Token], lks: list[str], ambs: list[bool], the: bool, lowered: _Lowered
) -> list[_Span]:
    n = len(toks)
    whole = text[toks[0][0] : toks[-1][1]]
    if whole in KNOWN and not (n == 1 and ambs[0] and _is_common(toks[0][2])):
        return [_Span(text, toks, lks, ambs[0], the=the)]
    out: list[_Span] = []
    i = 0
    after_title = False
    while i < n:
        word = toks[i][2]
        if _splits(toks, lks, i) and not after_title:
            i += 1
            after_title = False
            continue
        if word in TITLES or word in TITLE_MODIFIERS or word + "." in TITLES:
            t_end = _title_end(toks, lks, i)
            if t_end > i and not _title_is_name(text, toks, lks, i, t_end):
                i = t_end
                after_title = i < n
                if after_title and lks[i] in _CONNECTORS:
                    # "President of Huawei Cloud": what follows is an organisation or place.
                    lks = [*lks[:i], "", *lks[i + 1 :]]
                    after_title = False
                    ambs = [*ambs[:i], False, *ambs[i + 1 :]]
                continue
        if ambs[i] and not after_title:
            known = _known_prefix(text, toks, i)
            if known > 1:
                out.append(_Span(text, toks[i : i + known], lks[i : i + known], True, the=the))
                i += known
                continue
            named = (
                i + 1 < n
                and word.lower() not in SENTENCE_OPENERS
                and (
                    NAME_HEADS.get(toks[-1][2]) in ("ORG", "EVENT", "LAW", "FAC")
                    or word in NAME_FIRSTS
                    or any(lk in ("of", "for", "of the") for lk in lks[i + 1 :])
                )
            )
            if (
                known == 0
                and not named
                and i + 1 < n
                and not any(lks[i + 1 :])
                and all(
                    (t[2].lower() in COMMON_WORDS or t[2].lower() in _SMALL_WORDS)
                    and not t[2][1:].isupper()
                    for t in toks[i:]
                )
                and not any(_first_name(t[2]) for t in toks[i:])
            ):
                break  # "Sign Up Now", "Breaking News": everyday words at a sentence start
            alone = i + 1 == n
            if (
                known == 0
                and not named
                and (
                    _is_common(word)
                    or (alone and word.lower() in LOWERCASE_WORDS)
                    or (_looks_like_word(word) and not _first_name(word))
                    or (
                        not _first_name(word)
                        and (alone or word.lower() not in LOWERCASE_WORDS)
                        and (_inflected_common(word) or word in lowered)
                    )
                )
            ):
                followed = i + 1 < n and not lks[i + 1] and not _is_common(toks[i + 1][2])
                if not (_first_name(word) and followed):
                    # Kept as a candidate, decided once the whole article is read.
                    span = _Span(text, [toks[i]], [""], True)
                    span.type = "?"
                    out.append(span)
                    i += 1
                    continue
        # This mention runs to the next title (with a name after it), the next
        # ambiguous common word (Title Case headlines) or the next day or month.
        j = i + 1
        while j < n:
            w = toks[j][2]
            if _splits(toks, lks, j):
                break
            # After a first name a title word is a surname: "Martin Luther King", "John Major".
            if (
                (w in TITLES or w in TITLE_MODIFIERS or w + "." in TITLES)
                and not lks[j]
                and not (_first_name(toks[i][2]) and w in _SURNAME_TITLES)
            ):
                t_end = _title_end(toks, lks, j)
                if t_end > j and (
                    (t_end < n and not _title_is_name(text, toks, lks, j, t_end))
                    or (t_end == n and _first_name(toks[i][2]))
                ):
                    break  # "US President George Bush", "Bill Gates Chairman"
            if ambs[j] and not lks[j] and _is_common(w) and _known_prefix(text, toks, i) <= j - i:
                break
            j += 1
        out.extend(_split_prefix(text, toks[i:j], lks[i:j], ambs[i], after_title, the and i == 0))
        i = j
        after_title = False
    return out


def _split_prefix(
    text: str, toks: list[Token], lks: list[str], amb: bool, after_title: bool, the: bool
) -> list[_Span]:
    """Split a nationality or country off a following name ("German Bundesbank", "US
    Federal Reserve", "Italian Silvio Berlusconi", "London Ken Livingstone"); keep
    compounds ("British Airways", "Chinese Communist Party", "Evangelical Christian")."""
    n = len(toks)
    if n > 1 and not after_title and (text[toks[0][0] : toks[-1][1]]) not in KNOWN:
        first_type = KNOWN.get(toks[0][2])
        rest = text[toks[1][0] : toks[-1][1]]
        rest_type = KNOWN.get(rest)
        if first_type in ("NORP", "GPE") and not lks[1] and rest_type not in ("NORP", "EVENT"):
            heads = any(t[2] in NAME_HEADS for t in toks[1:])
            country = first_type == "GPE" and (
                toks[0][2] in COUNTRY_ALIASES or toks[0][2] in _COUNTRIES
            )
            if (
                rest_type is not None
                or (_first_name(toks[1][2]) and n > 2)
                or (country and heads and n > 2 and any(t[2] in _GOVERNMENT for t in toks[1:]))
            ):
                return [
                    _Span(text, toks[:1], lks[:1], amb, the=the),
                    _Span(text, toks[1:], ["", *lks[2:]], False),
                ]
        for m in range(1, n - 1):
            if (
                _first_name(toks[m][2])
                and not lks[m]
                and text[toks[0][0] : toks[m - 1][1]] in KNOWN
            ):
                return [
                    _Span(text, toks[:m], lks[:m], amb, the=the),
                    _Span(text, toks[m:], ["", *lks[m + 1 :]], False),
                ]
    return [_Span(text, toks, lks, amb, after_title, the)]


_COUNTRIES = load_lexicon("countries")
_GOVERNMENT = load_lexicon("government_words")
_PRONOUNS = load_lexicon("pronouns")
_SURNAME_TITLES = load_lexicon("surname_titles")
_PRODUCT_NOUNS = load_lexicon("product_nouns")
_COMBINING = load_lexicon("combining_forms")
_MAKER_PRODUCTS = load_lexicon("maker_products")
# "the chatbot Tay", "its new rocket Vega", "a drone called Bayraktar".
_PRODUCT_BEFORE = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Oo]ur)(?: new| latest| first)? (?:"
    + "|".join(sorted(load_lexicon("product_cues"), key=len, reverse=True))
    + r")(?:,? (?:called|named|dubbed))? $"
)


def _extend(text: str, span: _Span) -> None:
    """Grow a mention over what belongs to its name: a model number or edition ("Boeing
    737", "Euro 2004"), a house number ("10 Downing Street"), a lower-case tail ("Euro
    zone", "Brent crude")."""
    last = span.tokens[-1][2]
    key = span.text
    end = span.end
    after = _NUMBER_AFTER.match(text, end) if text[end + 1 : end + 2].isdigit() else None
    if after:
        grown = text[span.start : after.end()]
        if key in NUMBERED or last in NUMBERED or grown in KNOWN:
            span.end = after.end()
            span.text = text[span.start : span.end]
            span.type = KNOWN.get(grown) or NUMBERED.get(key) or NUMBERED.get(last, "PRODUCT")
            return
    if key in LOWER_TAILS:
        for name in LOWER_TAILS[key]:
            tail = name[len(key) :]
            if text[span.end : span.end + len(tail)].replace("\u2019", "'") == tail:
                end = span.end + len(tail)
                if end == len(text) or not text[end].isalnum():
                    span.end = end
                    span.text = text[span.start : end]
                    span.type = KNOWN[name]
                    return
    if span.start > 1 and text[span.start - 2].isalnum() and text[span.start - 2] not in "aeiou":
        before = _NUMBER_BEFORE.search(text, max(0, span.start - 8), span.start)
        if before:
            grown = text[before.start() : span.end]
            if last in _STREETS or grown in KNOWN:
                span.start = before.start()
                span.text = text[span.start : span.end]
                span.type = KNOWN.get(grown, "FAC")


def _before(text: str, span: _Span) -> str:
    """The word before a mention, lower-cased (computed once)."""
    if span.prev is None:
        span.prev = _prev_word(text, span.start)
    return span.prev


def _after(text: str, span: _Span) -> str:
    """The word after a mention (computed once)."""
    if span.next is None:
        span.next = _next_word(text, span.end)
    return span.next


def _prev_word(text: str, pos: int) -> str:
    chunk = text[max(0, pos - 24) : pos].rstrip()
    cut = max(chunk.rfind(" "), chunk.rfind("\n"), chunk.rfind("("), chunk.rfind('"'))
    return chunk[cut + 1 :].lstrip("“‘'").lower()


def _next_word(text: str, pos: int) -> str:
    if text.startswith(",", pos):
        return ","
    if text.startswith(("”", "’"), pos):
        pos += 1  # 'the “Tay” chatbot': past a closing mark
    m = _NEXT_WORD.match(text, pos, pos + 24)
    return m.group(1) if m else ""


def _person_context(text: str, span: _Span) -> bool:
    """ "Jordan said", "said Smith", "Smith, 45,": the words around a bare name."""
    return (
        _after(text, span) in SPEECH_CUES
        or _before(text, span) in SPEECH_CUES
        or bool(_AGE.match(text, span.end))
    )


def _speaker_name(text: str, span: _Span, plural: bool) -> bool:
    """Two or three name-shaped words said to speak ("said Art Hogan", "Lin Wei told"):
    a person even when the first word is an everyday word or unknown given name."""
    toks = span.tokens
    if len(toks) > 3 or plural or span.links[1:] != [""] * (len(toks) - 1):
        return False
    last = toks[-1][2]
    if last in NAME_HEADS or last.lower() in LOWERCASE_WORDS or not _name_word(last):
        return False
    if not all(t[2][:1].isupper() and t[2].isalpha() and not t[2].isupper() for t in toks):
        return False
    return _before(text, span) in _SAID or _after(text, span) in _SAID


def _demonym(word: str) -> bool:
    """ "Siberian", "Mallorcan", "Iraqi": a place name plus a demonym ending."""
    if len(word) < 5 or not word.endswith(("n", "i")):
        return False
    stem = word[:-1]
    return KNOWN.get(stem) in ("GPE", "LOC") or (
        word.endswith("ian") and KNOWN.get(word[:-3] + "ia") in ("GPE", "LOC")
    )


def _type_span(text: str, span: _Span) -> None:
    """Type a mention from its words, the lexicons and its context."""
    key = span.text
    toks = span.tokens
    first, last = toks[0][2], toks[-1][2]
    if span.after_title:
        span.type = "PERSON"
        return
    if key in NON_ENTITIES:
        return
    known = KNOWN.get(key)
    if known is None and len(key) > 3 and key.isupper():
        known = KNOWN.get(key.title())  # "WASHINGTON", "NEW YORK" in datelines
    if known:
        if known == "GPE" and len(toks) == 1 and _first_name(first) and _person_context(text, span):
            span.type = "PERSON"
        else:
            span.type = known
        return
    span.confident = False
    if len(toks) == 2 and last == "TV" and _after(text, span).lower() in _TV_NOUNS:
        # "the CBS TV network": TV describes the noun after it; the name is "CBS".
        span.tokens = toks[:1]
        span.links = span.links[:1]
        span.end = toks[0][1]
        span.text = first
        span.next = None
        _type_span(text, span)
        return
    if len(toks) > 1:
        if any(t[2] in _PRONOUNS for t in toks) or (
            "of the" in span.links
            and not any(t[2] in NAME_HEADS or t[2] in NAME_PREFIXES for t in toks)
        ):
            span.type = "WORK_OF_ART"  # "Do They Know It", "Shaun of the Dead"
            return
        for i in range(1, len(toks)):
            if span.links[i] in ("of", "of the", "for", "for the", "on"):
                head = NAME_PREFIXES.get(first) if i == 1 else None
                head = head or NAME_HEADS.get(toks[i - 1][2])
                if head:
                    span.type = head
                    span.confident = True
                    return
                break
        if (
            len(toks) == 2
            and last in _MAKER_PRODUCTS
            and KNOWN.get(first) == "ORG"
            and not span.links[1]
        ):
            span.type = "PRODUCT"  # "Microsoft Office", "Yahoo Messenger", "Google Maps"
            span.confident = True
            return
        head = NAME_HEADS.get(last)
        fn = _first_name(first)
        if head and not (fn and (head in ("FAC", "LOC", "GPE") or last in _SURNAME_HEADS)):
            span.type = head
            span.confident = True
            return
        lead = NAME_FIRSTS.get(first)
        if lead and not fn:
            span.type = lead  # "Hurricane Katrina", "Banco de España", "Statue of Liberty"
            span.confident = True
            return
        initial = len(first) == 1 or (len(first) == 2 and first[1] == ".")
        last_low = last.lower()
        plural = last_low.endswith("s") and last_low[:-1] in LOWERCASE_WORDS
        if (fn or (initial and not plural)) and all(t[2][:1].isupper() for t in toks):
            span.type = "PERSON"
            span.confident = True
            return
        if (
            len(toks) <= 3
            and not fn
            and span.links[1:] == [""] * (len(toks) - 1)
            and _before(text, span) in _INSIDE_PREPOSITIONS
            and not text.startswith(_POSSESSIVE, span.end)
            and not plural
        ):
            span.type = "GPE"  # "in Khan Younis", "near Rae Bareli"
            return
        if _speaker_name(text, span, plural):
            span.type = "PERSON"  # "said Art Hogan", "Zhou Min said"
            return
        first_known = KNOWN.get(first)
        if first_known is None and len(toks) > 2:
            # A known organisation or place leads a longer name: "United Nations
            # Framework ...", "Los Angeles Lakers".
            k = _known_prefix(text, toks, 0)
            if k > 1 and KNOWN.get(text[span.start : toks[k - 1][1]]) in ("ORG", "GPE"):
                first_known = KNOWN[text[span.start : toks[k - 1][1]]]
        if first_known in ("ORG", "PRODUCT", "EVENT"):
            span.type = first_known
            return
        if (
            first_known == "NORP"
            or (len(toks) == 2 and KNOWN.get(last) in ("GPE", "LOC"))
            or (
                first_known == "GPE"
                and (first in _COUNTRIES or first in COUNTRY_ALIASES)
                and not fn
                and not span.links[1]
            )
        ):
            span.type = "ORG"  # "Swiss Re", "Lycos Europe", "Borussia Dortmund"
            return
        if all(t[2].isupper() for t in toks) or span.the:
            span.type = "ORG"
            return
        # A person's name: name-shaped words, the first not an everyday word ("Shark
        # Tale", "Iron Maiden"), the last not an everyday plural ("Kaiser Chiefs").
        name_like = (
            len(toks) <= 4
            and all(
                len(t[2]) <= 2 or (_name_word(t[2]) and t[2].lower() not in COMMON_WORDS)
                for t in toks
            )
            and (len(first) <= 2 or first.lower() not in LOWERCASE_WORDS)
            and not plural
        ) or (
            any(lk in _PARTICLES for lk in span.links)
            and first not in ("Los", "Las", "La", "El", "Le", "Les", "Il")
        )
        span.type = "PERSON" if name_like else "ORG"
        return
    if _before(text, span) in _ORG_CUES and first[0].isupper():
        span.type = "ORG"  # "the journal Nature", "consultancy Deloitte", "carmaker Renault"
        span.confident = True
        return
    if first in SKY_NAMES and text[span.start - 4 : span.start] == "the ":
        span.type = "LOC"  # "orbit the Sun"
        span.confident = True
        return
    if first.lower() in LOWERCASE_WORDS and not _person_context(text, span):
        return  # a capitalised common noun ("the Section", "Internet"): not a name
    if len(first) == 1:
        return  # a lone letter ("Plan A", "Group B")
    if "-" in first and all(
        KNOWN.get(p) in ("NORP", "GPE") or p in _COMBINING for p in first.split("-")
    ):
        span.type = "NORP"  # "Anglo-Dutch", "German-US"
        span.confident = True
        return
    if _MODEL.match(first) and (
        first[: first.rfind("-")] in NUMBERED or first[: first.rfind("-")].isupper()
    ):
        span.type = "PRODUCT"  # "Chandrayaan-3", "GPT-4", "F-35", "MiG-29"
        span.confident = True
    elif _is_acronym(first):
        span.type = "ORG"
    elif _PRODUCT_BEFORE.search(text, max(0, span.start - 40), span.start):
        span.type = "PRODUCT"  # "the chatbot Tay", "the lander Vikram"
        span.confident = True
    elif _first_name(first) or _person_context(text, span) or _before(text, span) in PERSON_ROLES:
        span.type = "PERSON"
    elif _demonym(first):
        span.type = "NORP"
    elif _before(text, span) in SPACE_CUES or _CALLED_AFTER_SPACE.search(
        text, max(0, span.start - 30), span.start
    ):
        span.type = "LOC"  # "the asteroid Didymos", "an asteroid called Didymos"
        span.confident = True
    elif (
        _before(text, span) in _PLACE_PREPOSITIONS
        or _PLACE_AFTER.match(text, span.end)
        or _PLACE_OF.search(text, max(0, span.start - 16), span.start)
    ):
        span.type = "GPE"  # "in Lievin", "Sadah province", "the port of Bejaia"
        span.confident = _before(text, span) not in _PLACE_PREPOSITIONS
    else:
        span.type = "ORG"


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


def _work_by_context(text: str, span: _Span) -> bool:
    """An unquoted title named as a work: "the film Sideways", "Scrubs star Zach Braff"."""
    if span.confident and span.type != "PERSON":
        return False
    if span.type == "PERSON" and (span.confident or span.after_title):
        return False
    prev = _before(text, span)
    if WORK_CUES.get(prev) == "any":
        return True
    return _after(text, span).lower() in WORK_AFTER_CUES and not span.ambiguous


def _abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` can stand for ``name``: its initials ("IMF", "TGWU") or a
    shortening of its first word ("Yugansk" for "Yuganskneftegas")."""
    letters = [c for c in short if c.isupper()]
    if len(letters) >= 2:
        wanted = [w[0] for w in name.replace("-", " ").split() if w[:1].isupper()]
        it = iter(wanted)
        return bool(wanted) and letters[0] == wanted[0] and all(c in it for c in letters)
    return len(short) >= 3 and name.startswith(short)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _resolve(text: str, spans: list[_Span]) -> None:
    """Settle types with the whole article in view, then give each mention a canonical
    name: surnames to the full name, acronyms and short company names to the long form."""
    surnames: dict[str, _Span] = {}
    firsts: dict[str, str] = {}
    orgs_by_first: dict[str, str] = {}
    singles: dict[str, str] = {}
    aliases: dict[str, _Span] = {}
    by_initials: dict[str, _Span] = {}
    titled: dict[str, _Span] = {}
    dropped: list[_Span] = []  # sentence-initial words the article did not confirm
    mid: dict[str, str] = {}  # single names capitalised mid-sentence -> type
    family_first: dict[str, _Span] = {}  # "Heng Swee Keat": family name first
    for span in spans:
        if span.type in ("", "?"):
            continue
        n = len(span.tokens)
        if span.type == "PERSON" and n > 1 and _name_word(span.tokens[-1][2]):
            known = surnames.get(span.tokens[-1][2])
            if known is None or (span.confident and not known.confident):
                surnames[span.tokens[-1][2]] = span
            toks = span.tokens
            if (
                n == 3
                and not _first_name(toks[0][2])
                and _name_word(toks[0][2])
                and all(len(t[2]) <= 5 and not _first_name(t[2]) for t in toks[1:])
            ):
                family_first.setdefault(toks[0][2], span)
            last = toks[-1][2]
            if "-" in last and last[last.find("-") + 1 :].islower():
                surnames.setdefault(toks[-2][2], span)  # "Paul Chan Mo-po": "Mr Chan"
            # A first name alone resolves only when one person in the article has it.
            other = firsts.get(span.tokens[0][2])
            firsts[span.tokens[0][2]] = span.text if other in (None, span.text) else ""
        elif span.type == "ORG" and n > 1:
            orgs_by_first.setdefault(span.tokens[0][2], span.text)
            if n > 2:
                by_initials.setdefault(_initials(span.text), span)
        elif n == 1 and span.confident and not span.ambiguous:
            singles.setdefault(span.text, span.type)
        if n == 1 and not span.ambiguous and span.type == "ORG":
            mid.setdefault(span.text, span.type)
        if n == 1 and span.after_title and _name_word(span.text):
            titled.setdefault(span.text, span)  # "Mr Davis": "Davis" is a person here
        m = _BRACKETED.match(text, span.end) if text.startswith(" (", span.end) else None
        if m and _abbreviates(m.group(1), span.text):
            aliases.setdefault(m.group(1), span)  # "International Monetary Fund (IMF)"

    for word, span in titled.items():
        surnames.setdefault(word, family_first.get(word, span))
    for span in spans:
        if len(span.tokens) != 1:
            continue
        word = span.tokens[0][2]
        source = surnames.get(word)
        if span.type == "?":
            # A sentence-initial common word is a name only if the article names it so.
            if source is not None:
                span.type = "PERSON"
            elif word in orgs_by_first:
                span.type = "ORG"
            elif word in singles:
                span.type = singles[word]
            elif word in aliases:
                span.type = aliases[word].type
            elif word in mid:
                span.type = mid[word]  # capitalised mid-sentence too: "... by Fosters."
            else:
                span.type = ""
                dropped.append(span)
            continue
        if source is not None and source is not span:
            place = KNOWN.get(word) in ("GPE", "LOC")
            if (source.confident or not span.confident) and not (
                place and _before(text, span) in _PLACE_PREPOSITIONS
            ):
                span.type = "PERSON"
                span.confident = True
        elif word in aliases:
            span.type = aliases[word].type
            span.confident = True
        elif _is_acronym(word) and word in by_initials and KNOWN.get(word) is None:
            span.type = "ORG"
        elif not span.confident and word in orgs_by_first:
            span.type = "ORG"
            span.confident = True
        elif not span.confident and singles.get(word, span.type) != span.type:
            span.type = singles[word]  # typed from context elsewhere: "asteroid Didymos"

    # Unknown single names in a list with places are places: "in Madrid and Lievin".
    # (Not so for people: bands and mononyms mix in lists of names.)
    for i, span in enumerate(spans):
        if span.confident or span.type in ("", "?") or len(span.tokens) != 1:
            continue
        for j in (i - 1, i + 1):
            if not (0 <= j < len(spans) and spans[j].confident):
                continue
            near = spans[j]
            a, b = (near, span) if j < i else (span, near)
            if near.type in ("GPE", "LOC") and text[a.end : b.start] in _LIST_GAPS:
                span.type = "GPE"
                break

    works: set[str] = set()
    for span in spans:
        if span.type in ("", "?"):
            continue
        if _work_by_context(text, span):
            span.type = "WORK_OF_ART"
            works.add(span.text)
        elif (
            not span.confident and not span.text.isupper() and _after(text, span) in _PRODUCT_NOUNS
        ):
            span.type = "PRODUCT"  # "its Highlander SUV", "the Cell processor"
        toks = span.tokens
        canonical = span.text
        if canonical.isupper() and canonical not in KNOWN and canonical.title() in KNOWN:
            canonical = canonical.title()  # "WASHINGTON" -> "Washington"
        word = toks[0][2]
        if span.type == "PERSON":
            source = surnames.get(toks[-1][2])
            if source is not None and (len(toks) == 1 or source.text.endswith(span.text)):
                canonical = source.text
            elif len(toks) == 1 and firsts.get(word) and word not in surnames:
                canonical = firsts[word]
        elif len(toks) == 1 and word in aliases:
            canonical = aliases[word].canonical or aliases[word].text
        elif span.type == "ORG" and len(toks) == 1:
            if word in by_initials:
                canonical = by_initials[word].text
            elif word in orgs_by_first:
                full = orgs_by_first[word]
                if all(w in _CORPORATE for w in full.split()[1:]):
                    canonical = full
        elif span.type == "GPE":
            canonical = COUNTRY_ALIASES.get(canonical, canonical)
        elif span.type == "NORP":
            canonical = GROUP_ALIASES.get(canonical, canonical)
        span.canonical = canonical
    if works:
        # A title named as a work once is that work everywhere in the article
        # ("The comedy Sideways ..." then "Sideways is tipped ...").
        for span in spans:
            if span.text in works and (not span.confident or span in dropped):
                span.type = "WORK_OF_ART"
                span.canonical = span.text


def _headline_spans(text: str, runs: list[_Run], body_spans: list[_Span]) -> list[_Span]:
    """Mentions in a Title Case headline, where every word is capitalised: the longest
    stretches a lexicon knows or the body names; single words the body uses in a name
    ("Fox" for "Liam Fox") are left for the article-wide resolution."""
    body = {s.text for s in body_spans if s.type and s.type != "?"}
    body_words = {t[2] for s in body_spans if s.type and s.type != "?" for t in s.tokens}
    out: list[_Span] = []
    for run in runs:
        toks, n, i = run.tokens, len(run.tokens), 0
        while i < n:
            j = min(n, i + 6)
            while j > i:
                stretch = text[toks[i][0] : toks[j - 1][1]]
                if (
                    stretch in KNOWN
                    or stretch in body
                    or (stretch.isupper() and len(stretch) > 3 and stretch.title() in KNOWN)
                ):
                    break
                j -= 1
            if j > i:
                span = _Span(text, toks[i:j], ["", *run.links[i + 1 : j]])
                _extend(text, span)
                if not span.type:
                    _type_span(text, span)
                out.append(span)
                i = j
                continue
            if toks[i][2] in body_words and not _is_common(toks[i][2]):
                span = _Span(text, toks[i : i + 1], [""], True)
                span.type = "?"
                out.append(span)
            i += 1
    return out


def find_entities(text: str) -> list[Entity]:
    """Every mention of a named entity in ``text``, in order, without overlaps."""
    spans: list[_Span] = []
    headline_end, title_case = _headline(text)
    headline_runs: list[_Run] = []
    lowered = _Lowered(text)
    for run in _runs(text, headline_end, title_case):
        if title_case and run.tokens[0][0] < headline_end:
            headline_runs.append(run)
            continue
        if len(run.tokens) == 1 and not run.ambiguous[0]:
            word = run.tokens[0][2]
            if not (word in TITLES or word in TITLE_MODIFIERS or word in CALENDAR):
                # A lone mid-sentence word: no splitting to do.
                pieces = [_Span(text, run.tokens, run.links, the=run.the)]
            else:
                pieces = _split_run(text, run, lowered)
        else:
            pieces = _split_run(text, run, lowered)
        for span in pieces:
            if span.type != "?":
                _extend(text, span)
                if not span.type:
                    _type_span(text, span)
                if not span.type:
                    continue
            spans.append(span)
    if headline_runs:
        spans = _headline_spans(text, headline_runs, spans) + spans
    _resolve(text, spans)

    works = _work_titles(text)
    entities: list[Entity] = []
    w = 0
    n_works = len(works)
    for span in spans:
        if span.type == "" or span.type == "?":
            continue
        while w < n_works and works[w][1] <= span.start:
            ws, we = works[w]
            entities.append(Entity(ws, we, text[ws:we], "WORK_OF_ART", text[ws:we]))
            w += 1
        if w < n_works and works[w][0] < span.end:
            continue  # inside a quoted title
        if entities and entities[-1].end > span.start:
            continue
        entities.append(
            Entity(span.start, span.end, span.text, span.type, span.canonical or span.text)
        )
    for ws, we in works[w:]:
        if not entities or entities[-1].end <= ws:
            entities.append(Entity(ws, we, text[ws:we], "WORK_OF_ART", text[ws:we]))
    entities = _without_codes_and_headlines(text, entities)
    _surname_tails(entities)
    _one_type_per_entity(entities)
    return entities


# Market instrument codes: Reuters instrument codes ("CLc1", "LCOc1", "GCv1") and bond
# yield codes ("US10YT", "DE10YT"): letters and digits mixed, never a name.
_INSTRUMENT = re.compile(r"[A-Z]{1,5}[a-z]{1,2}\d{1,2}|[A-Z]{2,3}\d{1,2}Y(?:T|R)?(?:=RR)?")


def _without_codes_and_headlines(text: str, entities: list[Entity]) -> list[Entity]:
    """Entities less instrument codes (a name ending in one keeps the words before it:
    "Brent LCOc1" -> "Brent") and all-caps lines of common words (a related story's
    headline: "FED RAISES RATES AGAIN AS INFLATION BITES")."""
    out: list[Entity] = []
    for e in entities:
        words = e.text.split()
        if words and _INSTRUMENT.fullmatch(words[-1]):
            if len(words) == 1:
                continue
            cut = e.text.rfind(" ")
            kept = e.text[:cut]
            canonical = kept if e.canonical == e.text else e.canonical
            e = Entity(e.start, e.start + cut, kept, e.type, canonical)
            if e.type == "PERSON":
                e.type = "PRODUCT"  # "Brent" crude: a commodity, as the guidelines type it
        if len(words) >= 4 and e.text.isupper():
            common = sum(1 for w in words if w.lower() in COMMON_WORDS or w.lower() in _SMALL_WORDS)
            if common >= 2:
                continue
        out.append(e)
    return out


def _surname_tails(entities: list[Entity]) -> None:
    """A mention that repeats the last words of a person named in the article, particles
    and all, is that person ("Van Der Beek" after "James Van Der Beek")."""
    tails: dict[str, str] = {}
    for e in entities:
        words = e.text.split()
        if e.type == "PERSON" and len(words) >= 3 and words[-3].lower() in _PARTICLES:
            tails[" ".join(words[-3:])] = e.canonical
        if e.type == "PERSON" and len(words) >= 3 and words[-2].lower() in _PARTICLES:
            tails[" ".join(words[-2:])] = e.canonical
    if not tails:
        return
    for e in entities:
        if e.type != "PERSON" and e.text in tails:
            e.type = "PERSON"
            e.canonical = tails[e.text]


def _one_type_per_entity(entities: list[Entity]) -> None:
    """Give the mentions of one canonical name one type, the most frequent (ties: the first
    mention's), so a reader sees one entity, not a person and an organisation. Places keep
    their type: "Jordan said" and "in Jordan" are two entities."""
    types: dict[str, list[str]] = {}
    for e in entities:
        if e.type not in _PLACE_TYPES:
            types.setdefault(e.canonical, []).append(e.type)
    settled: dict[str, str] = {}
    for canonical, seen in types.items():
        if len(set(seen)) > 1:
            counts = Counter(seen)
            best = max(counts.values())
            settled[canonical] = next(t for t in seen if counts[t] == best)
    if settled:
        for e in entities:
            if e.type not in _PLACE_TYPES:
                e.type = settled.get(e.canonical, e.type)


_PLACE_TYPES = frozenset(["GPE", "LOC"])
