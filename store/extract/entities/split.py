"""Runs split into mentions: at connectors outside names, titles, dates, common words.

"US President George Bush" gives "US" and "George Bush"; "Bank of England" stays whole;
a sentence-initial common word is kept as a candidate ("?") that the whole article decides.
"""

from __future__ import annotations

from store.extract.entities.lexicon import (
    CALENDAR,
    COMMON_WORDS,
    CONNECTORS,
    COUNTRIES,
    COUNTRY_ALIASES,
    COURTESY_TITLES,
    GOVERNMENT,
    KNOWN,
    KNOWN_STARTS,
    LOWERCASE_WORDS,
    MONTH_NAMES,
    NAME_FIRSTS,
    NAME_HEADS,
    NAME_PREFIXES,
    NON_ENTITIES,
    SENTENCE_OPENERS,
    SMALL_WORDS,
    SURNAME_TITLES,
    TITLE_MODIFIERS,
    TITLES,
)
from store.extract.entities.runs import Run, Token
from store.extract.entities.spans import Span
from store.extract.entities.words import (
    Lowered,
    first_name,
    inflected_common,
    is_common,
    looks_like_word,
    name_word,
)


def segment_at(tokens: list[Token], links: list[str], i: int) -> tuple[int, int]:
    """Token range of the connector-free segment holding token i."""
    a = i
    while a > 0 and links[a] == "":
        a -= 1
    b = i + 1
    while b < len(tokens) and links[b] == "":
        b += 1
    return a, b


def keep_connector(text: str, tokens: list[Token], links: list[str], i: int) -> bool:
    """Whether connector ``links[i]`` (before token i) is inside the name."""
    link = links[i]
    if link == "&" or link not in CONNECTORS:
        return True  # "&" and particles ("de", "van der") always join
    la, _ = segment_at(tokens, links, i - 1)
    _, rb = segment_at(tokens, links, i)
    left, right = tokens[la:i], tokens[i:rb]
    if (text[tokens[0][0] : right[-1][1]]) in KNOWN:
        return True
    if (text[left[0][0] : right[-1][1]]) in KNOWN:
        return True
    first, last, right_last = left[0][2], left[-1][2], right[-1][2]
    left_person = any(first_name(t[2]) for t in left[:-1])
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
        if right[0][2] in KNOWN or first_name(right[0][2]):
            return False  # "Froogle and Google News"
        if right_head in ("ORG", "FAC", "EVENT", "LAW"):
            return True
        # "Department of Trade and Industry": inside a name built on "of"/"for".
        return any(lk in ("of", "for", "of the") for lk in links[1:i]) and (
            (text[right[0][0] : right[-1][1]]) not in KNOWN
        )
    return False


def splits_name(toks: list[Token], lks: list[str], i: int) -> bool:
    """Whether token i is never part of a name: a day, month or holiday (not after a first
    name: "Theresa May"), "Day" after a holiday, or an acronym of a thing ("DVD", "SUV")."""
    word = toks[i][2]
    if word in CALENDAR:
        if i + 1 < len(toks) and not lks[i + 1] and word in MONTH_NAMES:
            nxt = toks[i + 1][2]
            if (
                name_word(nxt)
                and nxt not in KNOWN
                and nxt not in CALENDAR
                and nxt.lower() not in LOWERCASE_WORDS
            ):
                return False  # "Jan Hatzius", "April Ryan": a given name
        return not (i > 0 and not lks[i] and first_name(toks[i - 1][2]))
    if i > 0 and not lks[i] and toks[i - 1][2] in CALENDAR and word in ("Day", "Eve", "Night"):
        return True
    if word == "TV" and i > 0 and not lks[i] and KNOWN.get(toks[i - 1][2]) == "ORG":
        return False  # "NASA TV", "CNN TV": a broadcaster's channel ("the CBS TV network"
        # is settled in extend_span)
    return word in NON_ENTITIES and (
        word.isupper() or (len(word) > 2 and word[-1] == "s" and word[:-1].isupper())
    )


def title_end(tokens: list[Token], links: list[str], i: int) -> int:
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
                and name_word(word)
                and KNOWN.get(word) is None
                and (first_name(word) or (k + 1 < n and not links[k + 1]))
            ):
                return k  # a full name follows the portfolio
            break
    return end


def title_is_name(text: str, toks: list[Token], lks: list[str], i: int, t_end: int) -> bool:
    """Whether a title word starting at i belongs to the name ("General Motors", "Prince
    of Wales", "Queen Mary University") rather than introducing a person."""
    n = len(toks)
    if t_end >= n:
        return False
    word = toks[i][2]
    if word in COURTESY_TITLES:
        return False
    if word in NAME_PREFIXES and lks[i + 1] in ("of", "of the"):
        return True
    rest = text[toks[t_end][0] : toks[-1][1]]
    if rest in KNOWN or first_name(toks[t_end][2]) or lks[t_end] in ("of", "of the"):
        return False  # "Executive Secretary of the Pacific Fisheries Commission"
    return NAME_HEADS.get(toks[-1][2]) in ("ORG", "FAC", "EVENT", "LAW", "LOC")


def known_prefix(text: str, toks: list[Token], i: int) -> int:
    """Length in tokens of the longest known name starting at token i (0 when none)."""
    word = toks[i][2]
    if word in KNOWN_STARTS:
        for j in range(min(len(toks), i + 6), i + 1, -1):
            if (text[toks[i][0] : toks[j - 1][1]]) in KNOWN:
                return j - i
    return 1 if word in KNOWN else 0


def split_run(text: str, run: Run, lowered: Lowered) -> list[Span]:
    """Split a run into mentions: at connectors that are not part of a name, titles,
    days and months, sentence-initial common words, and nationality prefixes."""
    tokens, links = run.tokens, run.links
    pieces: list[tuple[int, int]] = []
    a = 0
    for i in range(1, len(tokens)):
        if links[i] and not keep_connector(text, tokens, links, i):
            pieces.append((a, i))
            a = i
    pieces.append((a, len(tokens)))
    spans: list[Span] = []
    for a, b in pieces:
        lks = ["", *links[a + 1 : b]]
        spans.extend(
            split_piece(text, tokens[a:b], lks, run.ambiguous[a:b], run.the and a == 0, lowered)
        )
    return spans


def _everyday_phrase(toks: list[Token], lks: list[str], i: int) -> bool:
    """Convention: everyday words (no given name) from a sentence start to the run's end
    are no name. Example: "Sign Up Now", "Breaking News"."""
    return (
        i + 1 < len(toks)
        and not any(lks[i + 1 :])
        and all(
            (t[2].lower() in COMMON_WORDS or t[2].lower() in SMALL_WORDS) and not t[2][1:].isupper()
            for t in toks[i:]
        )
        and not any(first_name(t[2]) for t in toks[i:])
    )


def _everyday_word(word: str, alone: bool, lowered: Lowered) -> bool:
    """Convention: a sentence-initial word English writes in lower case (or that this
    article does) may be no name: it waits for the whole article. Example: "Officials" in
    "Officials said", "Rallies" (a plural), "Organizers" (an American spelling)."""
    return (
        is_common(word)
        or (alone and word.lower() in LOWERCASE_WORDS)
        or (looks_like_word(word) and not first_name(word))
        or (
            not first_name(word)
            and (alone or word.lower() not in LOWERCASE_WORDS)
            and (inflected_common(word) or word in lowered)
        )
    )


def _mention_end(text: str, toks: list[Token], lks: list[str], ambs: list[bool], i: int) -> int:
    """Convention: a mention runs to the next title with a name after it, the next ambiguous
    common word (Title Case headlines) or the next day or month; after a first name a title
    word is a surname. Example: "US President George Bush" ends "US" before "President";
    "Martin Luther King", "John Major" go on."""
    n = len(toks)
    j = i + 1
    while j < n:
        w = toks[j][2]
        if splits_name(toks, lks, j):
            break
        if (
            (w in TITLES or w in TITLE_MODIFIERS or w + "." in TITLES)
            and not lks[j]
            and not (first_name(toks[i][2]) and w in SURNAME_TITLES)
        ):
            t_end = title_end(toks, lks, j)
            if t_end > j and (
                (t_end < n and not title_is_name(text, toks, lks, j, t_end))
                or (t_end == n and first_name(toks[i][2]))
            ):
                break  # "US President George Bush", "Bill Gates Chairman"
        if ambs[j] and not lks[j] and is_common(w) and known_prefix(text, toks, i) <= j - i:
            break
        j += 1
    return j


def split_piece(
    text: str, toks: list[Token], lks: list[str], ambs: list[bool], the: bool, lowered: Lowered
) -> list[Span]:
    """Split a connector-free piece into mentions: a known name whole; titles skipped (what
    follows is a person); a sentence-initial everyday word kept as a candidate ("?");
    otherwise a mention runs to ``_mention_end`` and loses a nationality prefix."""
    n = len(toks)
    whole = text[toks[0][0] : toks[-1][1]]
    if whole in KNOWN and not (n == 1 and ambs[0] and is_common(toks[0][2])):
        return [Span(text, toks, lks, ambs[0], the=the)]
    out: list[Span] = []
    i = 0
    after_title = False
    while i < n:
        word = toks[i][2]
        if splits_name(toks, lks, i) and not after_title:
            i += 1
            after_title = False
            continue
        if word in TITLES or word in TITLE_MODIFIERS or word + "." in TITLES:
            t_end = title_end(toks, lks, i)
            if t_end > i and not title_is_name(text, toks, lks, i, t_end):
                i = t_end
                after_title = i < n
                if after_title and lks[i] in CONNECTORS:
                    # "President of Huawei Cloud": what follows is an organisation or place.
                    lks = [*lks[:i], "", *lks[i + 1 :]]
                    after_title = False
                    ambs = [*ambs[:i], False, *ambs[i + 1 :]]
                continue
        if ambs[i] and not after_title:
            known = known_prefix(text, toks, i)
            if known > 1:
                out.append(Span(text, toks[i : i + known], lks[i : i + known], True, the=the))
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
            if known == 0 and not named and _everyday_phrase(toks, lks, i):
                break  # "Sign Up Now", "Breaking News": everyday words at a sentence start
            if known == 0 and not named and _everyday_word(word, i + 1 == n, lowered):
                followed = i + 1 < n and not lks[i + 1] and not is_common(toks[i + 1][2])
                if not (first_name(word) and followed):
                    # Kept as a candidate, decided once the whole article is read.
                    span = Span(text, [toks[i]], [""], True)
                    span.type = "?"
                    out.append(span)
                    i += 1
                    continue
        j = _mention_end(text, toks, lks, ambs, i)
        out.extend(split_prefix(text, toks[i:j], lks[i:j], ambs[i], after_title, the and i == 0))
        i = j
        after_title = False
    return out


def split_prefix(
    text: str, toks: list[Token], lks: list[str], amb: bool, after_title: bool, the: bool
) -> list[Span]:
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
                toks[0][2] in COUNTRY_ALIASES or toks[0][2] in COUNTRIES
            )
            if (
                rest_type is not None
                or (first_name(toks[1][2]) and n > 2)
                or (country and heads and n > 2 and any(t[2] in GOVERNMENT for t in toks[1:]))
            ):
                return [
                    Span(text, toks[:1], lks[:1], amb, the=the),
                    Span(text, toks[1:], ["", *lks[2:]], False),
                ]
        for m in range(1, n - 1):
            if first_name(toks[m][2]) and not lks[m] and text[toks[0][0] : toks[m - 1][1]] in KNOWN:
                return [
                    Span(text, toks[:m], lks[:m], amb, the=the),
                    Span(text, toks[m:], ["", *lks[m + 1 :]], False),
                ]
    return [Span(text, toks, lks, amb, after_title, the)]
