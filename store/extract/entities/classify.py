"""Typing a mention from its words, the lexicons and its context: one named rule a step.

``type_span`` runs the rules in order; the first that answers sets the type (and whether
the evidence is strong enough to stand against the rest of the article).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from store.extract.entities.lexicon import (
    COMBINING,
    COMMON_WORDS,
    COUNTRIES,
    COUNTRY_ALIASES,
    INSIDE_PREPOSITIONS,
    KNOWN,
    LOWERCASE_WORDS,
    MAKER_PRODUCTS,
    NAME_FIRSTS,
    NAME_HEADS,
    NAME_PREFIXES,
    NON_ENTITIES,
    NUMBERED,
    ORG_CUES,
    PARTICLES,
    PERSON_ROLES,
    PLACE_AFTER_WORDS,
    PLACE_ARTICLES,
    PLACE_OF_WORDS,
    PLACE_PREPOSITIONS,
    POSSESSIVE,
    PRODUCT_CUES,
    PRODUCT_DETERMINERS,
    PRONOUNS,
    SKY_NAMES,
    SMALL_WORDS,
    SPACE_BODIES,
    SPACE_CUES,
    SURNAME_HEADS,
    TV_NOUNS,
    WORK_AFTER_CUES,
    WORK_CUES,
)
from store.extract.entities.spans import Span, person_context, speaker_name, word_after, word_before
from store.extract.entities.split import known_prefix
from store.extract.entities.words import first_name, is_acronym, is_place_demonym, name_word

_MODEL = re.compile(r"[A-Z][\w'’]*-\d{1,4}[A-Za-z]{0,2}$")


# Words after an unknown name that make it a place: "Sadah province", "Leyte island".
_PLACE_AFTER = re.compile(rf" (?:{PLACE_AFTER_WORDS})\b")


# "the port of Bejaia", "the city of Goma": a place noun and "of" before an unknown name.
_PLACE_OF = re.compile(rf"\b(?:{PLACE_OF_WORDS}) of $")


# "an asteroid called Didymos": a celestial body.
_CALLED_AFTER_SPACE = re.compile(rf"\b(?:{SPACE_BODIES}) (?:called|named) $")


# "the chatbot Tay", "its new rocket Vega", "a drone called Bayraktar".
_PRODUCT_BEFORE = re.compile(
    rf"\b(?:{PRODUCT_DETERMINERS})(?: new| latest| first)? (?:"
    + "|".join(sorted(PRODUCT_CUES, key=len, reverse=True))
    + r")(?:,? (?:called|named|dubbed))? $"
)


_QUOTED = re.compile(r"[\"“‘]([A-Z0-9][^\"“”‘’\n]{0,79}?)[,.!?]?[\"”’]")


def type_span(text: str, span: Span) -> None:
    """Type a mention from its words, the lexicons and its context.

    A mention after a title is a person; a listed name takes its listed type; otherwise
    the evidence is weaker (``confident`` False) and the rules of ``MULTIWORD_RULES`` or
    ``SINGLE_WORD_RULES`` run in order, the first that answers settling the type.
    """
    if span.after_title:
        span.type = "PERSON"
        return
    if span.text in NON_ENTITIES:
        return
    if _listed(text, span):
        return
    span.confident = False
    if _channel_of_broadcaster(text, span):
        return
    rules = MULTIWORD_RULES if len(span.tokens) > 1 else SINGLE_WORD_RULES
    for rule in rules:
        if rule(text, span):
            return


def _settle(span: Span, kind: str, confident: bool = False) -> bool:
    """Give ``span`` its type (and, with strong evidence, ``confident``); the rule answered."""
    span.type = kind
    if confident:
        span.confident = True
    return True


def _listed(text: str, span: Span) -> bool:
    """Convention: a name in the gazetteers takes its listed type; an all-caps dateline name
    is looked up in title case; a place that is a given name said to speak is a person.
    Example: "WASHINGTON" -> GPE; "Jordan said" -> PERSON."""
    key = span.text
    known = KNOWN.get(key)
    if known is None and len(key) > 3 and key.isupper():
        known = KNOWN.get(key.title())  # "WASHINGTON", "NEW YORK" in datelines
    if not known:
        return False
    first = span.tokens[0][2]
    if (
        known == "GPE"
        and len(span.tokens) == 1
        and first_name(first)
        and person_context(text, span)
    ):
        span.type = "PERSON"
    else:
        span.type = known
    return True


def _channel_of_broadcaster(text: str, span: Span) -> bool:
    """Convention: "X TV" before a broadcast noun names X; TV describes the noun. Example:
    "the CBS TV network" -> "CBS" (typed again on its own)."""
    toks = span.tokens
    if not (len(toks) == 2 and toks[-1][2] == "TV" and word_after(text, span).lower() in TV_NOUNS):
        return False
    span.tokens = toks[:1]
    span.links = span.links[:1]
    span.end = toks[0][1]
    span.text = toks[0][2]
    span.next = None
    type_span(text, span)
    return True


# ---- several words ---------------------------------------------------------------------


def _plural_common(last: str) -> bool:
    """The last word is the plural of an everyday word ("Chiefs", "Rangers")."""
    low = last.lower()
    return low.endswith("s") and low[:-1] in LOWERCASE_WORDS


def _work_shaped(text: str, span: Span) -> bool:
    """Convention: a capitalised phrase holding a pronoun, or built on "of the" without a
    name head, is a work's title. Example: "Do They Know It", "Shaun of the Dead"."""
    toks = span.tokens
    if any(t[2] in PRONOUNS for t in toks) or (
        "of the" in span.links
        and not any(t[2] in NAME_HEADS or t[2] in NAME_PREFIXES for t in toks)
    ):
        return _settle(span, "WORK_OF_ART")
    return False


def _head_before_of(text: str, span: Span) -> bool:
    """Convention: in "X of Y" the type comes from X's first word or head. Example:
    "University of Kent" -> ORG, "Gulf of Mexico" -> LOC."""
    toks = span.tokens
    for i in range(1, len(toks)):
        if span.links[i] in ("of", "of the", "for", "for the", "on"):
            head = NAME_PREFIXES.get(toks[0][2]) if i == 1 else None
            head = head or NAME_HEADS.get(toks[i - 1][2])
            if head:
                return _settle(span, head, confident=True)
            break
    return False


def _maker_product(text: str, span: Span) -> bool:
    """Convention: a known company then a product word is a product. Example: "Microsoft
    Office", "Yahoo Messenger", "Google Maps"."""
    toks = span.tokens
    if (
        len(toks) == 2
        and toks[-1][2] in MAKER_PRODUCTS
        and KNOWN.get(toks[0][2]) == "ORG"
        and not span.links[1]
    ):
        return _settle(span, "PRODUCT", confident=True)
    return False


def _name_head(text: str, span: Span) -> bool:
    """Convention: the last word's head type decides ("Bank" ORG, "Airport" FAC), unless a
    given name opens it and the head is a place or a surname too. Example: "Barclays Bank"
    -> ORG; "Thomas Church" is not a FAC."""
    toks = span.tokens
    last = toks[-1][2]
    head = NAME_HEADS.get(last)
    fn = first_name(toks[0][2])
    if head and not (fn and (head in ("FAC", "LOC", "GPE") or last in SURNAME_HEADS)):
        return _settle(span, head, confident=True)
    return False


def _name_first(text: str, span: Span) -> bool:
    """Convention: a first word that opens only one kind of name decides. Example:
    "Hurricane Katrina" EVENT, "Banco de España" ORG, "Statue of Liberty" FAC."""
    first = span.tokens[0][2]
    lead = NAME_FIRSTS.get(first)
    if lead and not first_name(first):
        return _settle(span, lead, confident=True)
    return False


def _given_name_first(text: str, span: Span) -> bool:
    """Convention: a given name or an initial before capitalised words is a person.
    Example: "Tony Blair", "J. Smith" (not "A Levels": a plural everyday word)."""
    toks = span.tokens
    first = toks[0][2]
    initial = len(first) == 1 or (len(first) == 2 and first[1] == ".")
    plural = _plural_common(toks[-1][2])
    if (first_name(first) or (initial and not plural)) and all(t[2][:1].isupper() for t in toks):
        return _settle(span, "PERSON", confident=True)
    return False


def _inside_place(text: str, span: Span) -> bool:
    """Convention: a short unknown name after "in", "near" is a place. Example: "in Khan
    Younis", "near Rae Bareli"."""
    toks = span.tokens
    if (
        len(toks) <= 3
        and not first_name(toks[0][2])
        and span.links[1:] == [""] * (len(toks) - 1)
        and word_before(text, span) in INSIDE_PREPOSITIONS
        and not text.startswith(POSSESSIVE, span.end)
        and not _plural_common(toks[-1][2])
    ):
        return _settle(span, "GPE")
    return False


def _said_name(text: str, span: Span) -> bool:
    """Convention: two or three name-shaped words said to speak are a person. Example:
    "said Art Hogan", "Zhou Min said"."""
    if speaker_name(text, span, _plural_common(span.tokens[-1][2])):
        return _settle(span, "PERSON")
    return False


def _led_by_known_name(text: str, span: Span) -> bool:
    """Convention: a known organisation, product or event leads a longer name of its kind;
    a nationality, or a country before a single word, leads an organisation. Example:
    "Los Angeles Lakers" -> ORG, "Swiss Re", "Lycos Europe", "Borussia Dortmund" -> ORG."""
    toks = span.tokens
    first, last = toks[0][2], toks[-1][2]
    first_known = KNOWN.get(first)
    if first_known is None and len(toks) > 2:
        # A known organisation or place leads a longer name: "United Nations
        # Framework ...", "Los Angeles Lakers".
        k = known_prefix(text, toks, 0)
        if k > 1 and KNOWN.get(text[span.start : toks[k - 1][1]]) in ("ORG", "GPE"):
            first_known = KNOWN[text[span.start : toks[k - 1][1]]]
    if first_known in ("ORG", "PRODUCT", "EVENT"):
        assert first_known is not None
        return _settle(span, first_known)
    if (
        first_known == "NORP"
        or (len(toks) == 2 and KNOWN.get(last) in ("GPE", "LOC"))
        or (
            first_known == "GPE"
            and (first in COUNTRIES or first in COUNTRY_ALIASES)
            and not first_name(first)
            and not span.links[1]
        )
    ):
        return _settle(span, "ORG")
    return False


def _capitals_or_the(text: str, span: Span) -> bool:
    """Convention: an all-capitals name, or one after a dropped "The", is an organisation.
    Example: "BBC WORLD", "The Strokes"."""
    if all(t[2].isupper() for t in span.tokens) or span.the:
        return _settle(span, "ORG")
    return False


def _person_or_org(text: str, span: Span) -> bool:
    """Convention (the last rule for several words): name-shaped words, the first not an
    everyday word, the last not an everyday plural, are a person; else an organisation.
    Example: "Zach Braff" PERSON; "Shark Tale", "Iron Maiden", "Kaiser Chiefs" ORG."""
    toks = span.tokens
    first = toks[0][2]
    name_like = (
        len(toks) <= 4
        and all(
            len(t[2]) <= 2 or (name_word(t[2]) and t[2].lower() not in COMMON_WORDS) for t in toks
        )
        and (len(first) <= 2 or first.lower() not in LOWERCASE_WORDS)
        and not _plural_common(toks[-1][2])
    ) or (any(lk in PARTICLES for lk in span.links) and first not in PLACE_ARTICLES)
    return _settle(span, "PERSON" if name_like else "ORG")


# ---- one word ----------------------------------------------------------------------------


def _org_cue_before(text: str, span: Span) -> bool:
    """Convention: after an outlet or company noun, a name is an organisation. Example:
    "the journal Nature", "consultancy Deloitte", "carmaker Renault"."""
    if word_before(text, span) in ORG_CUES and span.tokens[0][2][0].isupper():
        return _settle(span, "ORG", confident=True)
    return False


def _sky_body(text: str, span: Span) -> bool:
    """Convention: "Sun", "Moon" after a lower-case "the" are celestial. Example: "orbit the
    Sun"."""
    if span.tokens[0][2] in SKY_NAMES and text[span.start - 4 : span.start] == "the ":
        return _settle(span, "LOC", confident=True)
    return False


def _not_a_name(text: str, span: Span) -> bool:
    """Convention: a capitalised everyday word (unless said to speak) or a lone letter is no
    name; the mention stays untyped. Example: "the Section", "Internet", "Plan A"."""
    first = span.tokens[0][2]
    if first.lower() in LOWERCASE_WORDS and not person_context(text, span):
        return True
    return len(first) == 1


def _hyphenated_nationality(text: str, span: Span) -> bool:
    """Convention: nationalities or places joined by hyphens are a nationality. Example:
    "Anglo-Dutch", "German-US"."""
    first = span.tokens[0][2]
    if "-" in first and all(
        KNOWN.get(p) in ("NORP", "GPE") or p in COMBINING for p in first.split("-")
    ):
        return _settle(span, "NORP", confident=True)
    return False


def _by_single_word_evidence(text: str, span: Span) -> bool:
    """Convention (the last rule for one word), in order: a model number is a product, an
    acronym an organisation, a name after a product noun a product, a given name or one said
    to speak a person, a place plus a demonym ending a nationality, a name after a space noun
    a celestial body, a name after a place word a place; else an organisation. Example:
    "GPT-4" PRODUCT, "the chatbot Tay" PRODUCT, "in Lievin" GPE, "Siberian" NORP."""
    first = span.tokens[0][2]
    if _MODEL.match(first) and (
        first[: first.rfind("-")] in NUMBERED or first[: first.rfind("-")].isupper()
    ):
        return _settle(span, "PRODUCT", confident=True)  # "Chandrayaan-3", "F-35", "MiG-29"
    if is_acronym(first):
        return _settle(span, "ORG")
    if _PRODUCT_BEFORE.search(text, max(0, span.start - 40), span.start):
        return _settle(span, "PRODUCT", confident=True)  # "the lander Vikram"
    if first_name(first) or person_context(text, span) or word_before(text, span) in PERSON_ROLES:
        return _settle(span, "PERSON")
    if is_place_demonym(first):
        return _settle(span, "NORP")
    if word_before(text, span) in SPACE_CUES or _CALLED_AFTER_SPACE.search(
        text, max(0, span.start - 30), span.start
    ):
        return _settle(span, "LOC", confident=True)  # "an asteroid called Didymos"
    if (
        word_before(text, span) in PLACE_PREPOSITIONS
        or _PLACE_AFTER.match(text, span.end)
        or _PLACE_OF.search(text, max(0, span.start - 16), span.start)
    ):
        span.type = "GPE"  # "in Lievin", "Sadah province", "the port of Bejaia"
        span.confident = word_before(text, span) not in PLACE_PREPOSITIONS
        return True
    return _settle(span, "ORG")


TypeRule = Callable[[str, Span], bool]
# The rules in the order they are tried: patterns of evidence, the engine (``type_span``)
# apart. A rule returns True once it has settled the mention (typed or left untyped).
MULTIWORD_RULES: tuple[TypeRule, ...] = (
    _work_shaped,
    _head_before_of,
    _maker_product,
    _name_head,
    _name_first,
    _given_name_first,
    _inside_place,
    _said_name,
    _led_by_known_name,
    _capitals_or_the,
    _person_or_org,
)
SINGLE_WORD_RULES: tuple[TypeRule, ...] = (
    _org_cue_before,
    _sky_body,
    _not_a_name,
    _hyphenated_nationality,
    _by_single_word_evidence,
)


def work_titles(text: str) -> list[tuple[int, int]]:
    """Quoted Title Case phrases right after a work noun: 'the film "Ray"', 'hit "Yeah!"'."""
    found = []
    for m in _QUOTED.finditer(text):
        content = m.group(1)
        words = content.split()
        if not words or len(words) > 10:
            continue
        if not all(w[0].isupper() or w[0].isdigit() or w in SMALL_WORDS for w in words):
            continue
        before = text[max(0, m.start() - 25) : m.start()].split()
        if not before or before[-1].lower().strip(",") not in WORK_CUES:
            continue
        found.append((m.start(1), m.start(1) + len(content.rstrip(",.!? "))))
    return found


def work_by_context(text: str, span: Span) -> bool:
    """An unquoted title named as a work: "the film Sideways", "Scrubs star Zach Braff"."""
    if span.confident and span.type != "PERSON":
        return False
    if span.type == "PERSON" and (span.confident or span.after_title):
        return False
    prev = word_before(text, span)
    if WORK_CUES.get(prev) == "any":
        return True
    return word_after(text, span).lower() in WORK_AFTER_CUES and not span.ambiguous
