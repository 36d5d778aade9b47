"""Name tokens joined into runs: capitalised words over spaces and name connectors.

A token is a capitalised word, initials, a camel-case brand or a digit-led code; tokens
join over single spaces, connectors ("of", "and", "&") and particles ("de la"), and a run
breaks at a sentence end. Possessives, domains and dotted abbreviations are settled here.
"""

from __future__ import annotations

import re

from store.extract.entities.lexicon import (
    CONNECTORS,
    CONTRACTIONS,
    CORPORATE,
    DOMAIN_SUFFIXES,
    DOTTED,
    HOLIDAY_TAILS,
    KNOWN,
    NON_ENTITIES,
    PARTICLES,
    POSSESSIVE,
    SMALL_WORDS,
    TITLES,
)
from store.extract.entities.words import first_name, given_name_tail, is_common

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


_SENTENCE_END = frozenset(".!?:;\n")


_CLOSERS = frozenset("\"'’”)]")


_OPENERS = frozenset("\"'“‘([«—–•*")


_HEADLINE_WORD = re.compile(r"[A-Za-z0-9][\w'’&-]*")


_PARTY_TAG = re.compile(r"[DRI]-[A-Z][a-z]{0,11}$")


_DOMAIN = re.compile(rf"\.(?:{DOMAIN_SUFFIXES})(?![\w.]|\.\w)")


MAX_RUN = 12  # a capitalised run longer than this is not one name


Token = tuple[int, int, str]  # start, end (possessive excluded), text


def sentence_initial(text: str, pos: int) -> bool:
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


def headline_extent(text: str) -> tuple[int, bool]:
    """End of the headline (line 1 when a blank line follows) and whether it is Title Case."""
    nl = text.find("\n", 0, 300)
    if nl <= 0 or not text.startswith("\n", nl + 1):
        return 0, False
    words = _HEADLINE_WORD.findall(text, 0, nl)
    if len(words) < 3:
        return nl, False
    lower_content = sum(1 for w in words if w.islower() and w not in SMALL_WORDS)
    return nl, lower_content == 0


class Run:
    """Consecutive name tokens and the connectors between them."""

    __slots__ = ("ambiguous", "links", "stop", "the", "tokens")

    def __init__(self, token: Token, ambiguous: bool, the: bool) -> None:
        self.tokens: list[Token] = [token]
        self.links: list[str] = [""]
        self.ambiguous: list[bool] = [ambiguous]
        self.the = the  # a capitalised "The" was dropped before the run
        self.stop = False  # nothing may join after the last token


def _party_state(text: str, word: str, end: int) -> str | None:
    """Convention: "D-Mass.", "R-Texas" after a US politician give party and state; the state
    is a place of its own. Returns the state's name when it is a known place."""
    state = word[2:]
    if text.startswith(".", end) and state + "." in DOTTED:
        state += "."
    return state if state in KNOWN else None


def _contraction(word: str) -> bool:
    """Convention: a capitalised contraction is never a name. Example: "We're", "They'll",
    "Don't"."""
    if "'" not in word and "’" not in word:
        return False
    apos = max(word.rfind("'"), word.rfind("’"))
    return word[apos + 1 :] in CONTRACTIONS and word not in NON_ENTITIES


def _with_address(text: str, word: str, end: int) -> tuple[str, int]:
    """Convention: a web address's ending and a listed abbreviation's full stop belong to
    the name. Example: "Amazon.com", "Daft.ie", "Corp.", "Calif."."""
    if text.startswith(".", end):
        dom = _DOMAIN.match(text, end)
        if dom:
            word += dom.group()
            end = dom.end()
    if text.startswith(".", end) and word + "." in DOTTED:
        word += "."
        end += 1
    return word, end


def _hyphen_cut(text: str, word: str, start: int, joined: bool, prev_start: int) -> int | None:
    """Where a capitalised word with a lower-case part after a hyphen ends as a name: the
    whole word (a hyphenated given name: "Kim Jong-un"), the first part ("Oscar-nominated",
    "Spanish-language"), or -1 when it is no name ("Ten-year-old"). None: no such hyphen."""
    hyphen = word.find("-")
    if not (0 < hyphen < len(word) - 1 and word[hyphen + 1].islower() and word[0].isupper()):
        return None
    head = word[:hyphen]
    tail = word[hyphen + 1 :]
    if given_name_tail(word, hyphen, joined):
        return len(word)
    if head in KNOWN or first_name(head) or (joined and text[prev_start : start + hyphen] in KNOWN):
        return hyphen
    if tail.replace("-", "").isalpha() and tail.capitalize() not in CORPORATE:
        return -1
    return len(word)


def _link(text: str, prev_end: int, start: int, prev_word: str, word: str) -> str | None:
    """What joins a token to the run before it: "" (a space, or a title's full stop), a
    connector or particles ("of", "de la"), or None when the run ends. Example: "Bank of
    England" joins over "of"; "... in the U.S. The ..." does not join over the full stop."""
    link = None
    if start == prev_end + 1 and (text[prev_end] == " " or text[prev_end] == "\u00a0"):
        link = ""
    else:
        gap = text[prev_end:start]
        if gap == ". " and (prev_word + ".") in TITLES:
            link = ""
        elif 2 < len(gap) < 14 and gap[0] == " " and gap[-1] == " ":
            inner = gap[1:-1]
            parts = inner.split()
            if inner in CONNECTORS or (len(parts) <= 2 and all(p in PARTICLES for p in parts)):
                link = inner
    if link is not None and prev_word[-1:] == "." and is_common(word):
        link = None  # a new sentence
    return link


def find_runs(text: str, headline_end: int, title_case: bool) -> list[Run]:
    """Group name tokens into runs joined by single spaces or connector words.

    Longer than most (about 85 lines) on purpose: one pass whose state (the open run, the
    previous token, a "The" or a holiday just seen) every step reads and writes; each
    decision about a single token is a named function above.

    One pass over the tokens; each token is first made a name word (``_party_state``,
    ``_contraction``, ``_with_address``, possessives, ``_hyphen_cut``), then joined to the
    run before it or starting a new one (``_link``).
    """
    runs: list[Run] = []
    run: Run | None = None
    prev_end = -1
    prev_start = 0
    prev_word = ""
    prev_stop = False
    length = 0
    the_end = -2
    skip_holiday = -1
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
            state = _party_state(text, word, end)
            if state is not None:
                if run is not None:
                    runs.append(run)
                run = Run((start + 2, start + 2 + len(state), state), False, False)
                run.stop = prev_stop = True
                prev_end = start + 2 + len(state)
                prev_word = state
                length = 1
            continue
        if text.startswith("$", end):
            continue  # "HK$", "US$": part of an amount
        if _contraction(word):
            continue
        word, end = _with_address(text, word, end)
        stop = False
        if word[-2:] in POSSESSIVE and len(word) > 2 and word not in KNOWN:
            word = word[:-2]
            end -= 2
            stop = True
            if text.startswith(HOLIDAY_TAILS, m.end()):
                skip_holiday = m.end() + 5  # "New Year's Eve", "Valentine's Day": dates
                if run is not None and prev_end != start - 1:
                    runs.append(run)
                run = None
                continue
        cut = _hyphen_cut(text, word, start, prev_end == start - 1, prev_start)
        if cut == -1:
            continue
        if cut is not None and cut < len(word):
            word = word[:cut]
            end = start + cut
            stop = True
        link = None
        if run is not None and not prev_stop and length < MAX_RUN:
            link = _link(text, prev_end, start, prev_word, word)
        token = (start, end, word)
        in_headline = title_case and start < headline_end
        if link is None:
            if run is not None:
                runs.append(run)
            ambiguous = in_headline or sentence_initial(text, start)
            run = Run(token, ambiguous, the_end == start - 1)
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
