"""Names settled across the whole article: surnames, acronyms, short forms, one type each.

"Mr Blair" is "Tony Blair", "IMF" the "International Monetary Fund (IMF)" named before,
a sentence-initial common word a name only if the article writes it as one elsewhere.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from store.extract.entities.classify import type_span, work_by_context
from store.extract.entities.lexicon import (
    COMMON_WORDS,
    CORPORATE,
    COUNTRY_ALIASES,
    GEO_TYPES,
    GROUP_ALIASES,
    KNOWN,
    LIST_GAPS,
    PARTICLES,
    PLACE_PREPOSITIONS,
    PRODUCT_NOUNS,
    SMALL_WORDS,
)
from store.extract.entities.runs import Run
from store.extract.entities.spans import Span, extend_span, word_after, word_before
from store.extract.entities.words import (
    abbreviates,
    first_name,
    initials_of,
    is_acronym,
    is_common,
    name_word,
)
from store.records import Entity

_BRACKETED = re.compile(r" \(([A-Za-z][\w&.-]{1,14})\)")


@dataclass(slots=True)
class _NameIndex:
    """What the whole article says about its names, gathered in one pass."""

    surnames: dict[str, Span] = field(default_factory=dict)
    firsts: dict[str, str] = field(default_factory=dict)
    orgs_by_first: dict[str, str] = field(default_factory=dict)
    singles: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, Span] = field(default_factory=dict)
    by_initials: dict[str, Span] = field(default_factory=dict)
    titled: dict[str, Span] = field(default_factory=dict)
    # sentence-initial words the article did not confirm
    dropped: list[Span] = field(default_factory=list)
    # single names capitalised mid-sentence -> type
    mid: dict[str, str] = field(default_factory=dict)
    # "Heng Swee Keat": family name first
    family_first: dict[str, Span] = field(default_factory=dict)


def resolve_mentions(text: str, spans: list[Span]) -> None:
    """Settle types with the whole article in view, then give each mention a canonical
    name: surnames to the full name, acronyms and short company names to the long form."""
    idx = _index_names(text, spans)
    _settle_single_words(text, spans, idx)
    _places_in_lists(text, spans)
    _canonical_names(text, spans, idx)


def _index_names(text: str, spans: list[Span]) -> _NameIndex:
    """Convention: a person's last word is a surname that names them alone later, a first
    name names them when no one else has it, an organisation's first word may stand for it,
    a bracketed acronym for the name before it. Example: "Tony Blair" then "Mr Blair";
    "International Monetary Fund (IMF)" then "IMF"."""
    idx = _NameIndex()
    for span in spans:
        if span.type in ("", "?"):
            continue
        n = len(span.tokens)
        if span.type == "PERSON" and n > 1 and name_word(span.tokens[-1][2]):
            known = idx.surnames.get(span.tokens[-1][2])
            if known is None or (span.confident and not known.confident):
                idx.surnames[span.tokens[-1][2]] = span
            toks = span.tokens
            if (
                n == 3
                and not first_name(toks[0][2])
                and name_word(toks[0][2])
                and all(len(t[2]) <= 5 and not first_name(t[2]) for t in toks[1:])
            ):
                idx.family_first.setdefault(toks[0][2], span)
            last = toks[-1][2]
            if "-" in last and last[last.find("-") + 1 :].islower():
                idx.surnames.setdefault(toks[-2][2], span)  # "Paul Chan Mo-po": "Mr Chan"
            # A first name alone resolves only when one person in the article has it.
            other = idx.firsts.get(span.tokens[0][2])
            idx.firsts[span.tokens[0][2]] = span.text if other in (None, span.text) else ""
        elif span.type == "ORG" and n > 1:
            idx.orgs_by_first.setdefault(span.tokens[0][2], span.text)
            if n > 2:
                idx.by_initials.setdefault(initials_of(span.text), span)
        elif n == 1 and span.confident and not span.ambiguous:
            idx.singles.setdefault(span.text, span.type)
        if n == 1 and not span.ambiguous and span.type == "ORG":
            idx.mid.setdefault(span.text, span.type)
        if n == 1 and span.after_title and name_word(span.text):
            idx.titled.setdefault(span.text, span)  # "Mr Davis": "Davis" is a person here
        m = _BRACKETED.match(text, span.end) if text.startswith(" (", span.end) else None
        if m and abbreviates(m.group(1), span.text):
            idx.aliases.setdefault(m.group(1), span)  # "International Monetary Fund (IMF)"

    return idx


def _settle_single_words(text: str, spans: list[Span], idx: _NameIndex) -> None:
    """Convention: a sentence-initial common word is a name only if the article names it so
    elsewhere; a single word that is someone's surname is that person (unless a place after
    a place preposition). Example: "Brown said" after "Gordon Brown" -> PERSON; "Sign" at a
    sentence start, never a name elsewhere, is dropped."""
    for word, span in idx.titled.items():
        idx.surnames.setdefault(word, idx.family_first.get(word, span))
    for span in spans:
        if len(span.tokens) != 1:
            continue
        word = span.tokens[0][2]
        source = idx.surnames.get(word)
        if span.type == "?":
            # A sentence-initial common word is a name only if the article names it so.
            if source is not None:
                span.type = "PERSON"
            elif word in idx.orgs_by_first:
                span.type = "ORG"
            elif word in idx.singles:
                span.type = idx.singles[word]
            elif word in idx.aliases:
                span.type = idx.aliases[word].type
            elif word in idx.mid:
                span.type = idx.mid[word]  # capitalised mid-sentence too: "... by Fosters."
            else:
                span.type = ""
                idx.dropped.append(span)
            continue
        if source is not None and source is not span:
            place = KNOWN.get(word) in ("GPE", "LOC")
            if (source.confident or not span.confident) and not (
                place and word_before(text, span) in PLACE_PREPOSITIONS
            ):
                span.type = "PERSON"
                span.confident = True
        elif word in idx.aliases:
            span.type = idx.aliases[word].type
            span.confident = True
        elif is_acronym(word) and word in idx.by_initials and KNOWN.get(word) is None:
            span.type = "ORG"
        elif not span.confident and word in idx.orgs_by_first:
            span.type = "ORG"
            span.confident = True
        elif not span.confident and idx.singles.get(word, span.type) != span.type:
            span.type = idx.singles[word]  # typed from context elsewhere: "asteroid Didymos"


def _places_in_lists(text: str, spans: list[Span]) -> None:
    """Convention: an unknown single name listed with places is a place (not so for people:
    bands and mononyms mix in lists of names). Example: "in Madrid and Lievin"."""
    for i, span in enumerate(spans):
        if span.confident or span.type in ("", "?") or len(span.tokens) != 1:
            continue
        for j in (i - 1, i + 1):
            if not (0 <= j < len(spans) and spans[j].confident):
                continue
            near = spans[j]
            a, b = (near, span) if j < i else (span, near)
            if near.type in ("GPE", "LOC") and text[a.end : b.start] in LIST_GAPS:
                span.type = "GPE"
                break


def _canonical_names(text: str, spans: list[Span], idx: _NameIndex) -> None:
    """Convention: works named by context, products by the noun after them; then each
    mention's canonical name: a person's fullest name, an acronym's or short company name's
    long form, a country's and a group's canonical name. Example: "Blair" -> "Tony Blair",
    "UK" -> "United Kingdom", "Tories" -> "Conservatives"."""
    works: set[str] = set()
    for span in spans:
        if span.type in ("", "?"):
            continue
        if work_by_context(text, span):
            span.type = "WORK_OF_ART"
            works.add(span.text)
        elif (
            not span.confident
            and not span.text.isupper()
            and word_after(text, span) in PRODUCT_NOUNS
        ):
            span.type = "PRODUCT"  # "its Highlander SUV", "the Cell processor"
        toks = span.tokens
        canonical = span.text
        if canonical.isupper() and canonical not in KNOWN and canonical.title() in KNOWN:
            canonical = canonical.title()  # "WASHINGTON" -> "Washington"
        word = toks[0][2]
        if span.type == "PERSON":
            source = idx.surnames.get(toks[-1][2])
            if source is not None and (len(toks) == 1 or source.text.endswith(span.text)):
                canonical = source.text
            elif len(toks) == 1 and idx.firsts.get(word) and word not in idx.surnames:
                canonical = idx.firsts[word]
        elif len(toks) == 1 and word in idx.aliases:
            canonical = idx.aliases[word].canonical or idx.aliases[word].text
        elif span.type == "ORG" and len(toks) == 1:
            if word in idx.by_initials:
                canonical = idx.by_initials[word].text
            elif word in idx.orgs_by_first:
                full = idx.orgs_by_first[word]
                if all(w in CORPORATE for w in full.split()[1:]):
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
            if span.text in works and (not span.confident or span in idx.dropped):
                span.type = "WORK_OF_ART"
                span.canonical = span.text


def headline_spans(text: str, runs: list[Run], body_spans: list[Span]) -> list[Span]:
    """Mentions in a Title Case headline, where every word is capitalised: the longest
    stretches a lexicon knows or the body names; single words the body uses in a name
    ("Fox" for "Liam Fox") are left for the article-wide resolution."""
    body = {s.text for s in body_spans if s.type and s.type != "?"}
    body_words = {t[2] for s in body_spans if s.type and s.type != "?" for t in s.tokens}
    out: list[Span] = []
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
                span = Span(text, toks[i:j], ["", *run.links[i + 1 : j]])
                extend_span(text, span)
                if not span.type:
                    type_span(text, span)
                out.append(span)
                i = j
                continue
            if toks[i][2] in body_words and not is_common(toks[i][2]):
                span = Span(text, toks[i : i + 1], [""], True)
                span.type = "?"
                out.append(span)
            i += 1
    return out


# Market instrument codes: Reuters instrument codes ("CLc1", "LCOc1", "GCv1") and bond
# yield codes ("US10YT", "DE10YT"): letters and digits mixed, never a name.
_INSTRUMENT = re.compile(r"[A-Z]{1,5}[a-z]{1,2}\d{1,2}|[A-Z]{2,3}\d{1,2}Y(?:T|R)?(?:=RR)?")


def without_codes_and_headlines(text: str, entities: list[Entity]) -> list[Entity]:
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
            common = sum(1 for w in words if w.lower() in COMMON_WORDS or w.lower() in SMALL_WORDS)
            if common >= 2:
                continue
        out.append(e)
    return out


def surname_tails(entities: list[Entity]) -> None:
    """A mention that repeats the last words of a person named in the article, particles
    and all, is that person ("Van Der Beek" after "James Van Der Beek")."""
    tails: dict[str, str] = {}
    for e in entities:
        words = e.text.split()
        if e.type == "PERSON" and len(words) >= 3 and words[-3].lower() in PARTICLES:
            tails[" ".join(words[-3:])] = e.canonical
        if e.type == "PERSON" and len(words) >= 3 and words[-2].lower() in PARTICLES:
            tails[" ".join(words[-2:])] = e.canonical
    if not tails:
        return
    for e in entities:
        if e.type != "PERSON" and e.text in tails:
            e.type = "PERSON"
            e.canonical = tails[e.text]


def one_type_per_entity(entities: list[Entity]) -> None:
    """Give the mentions of one canonical name one type, the most frequent (ties: the first
    mention's), so a reader sees one entity, not a person and an organisation. Places keep
    their type: "Jordan said" and "in Jordan" are two entities."""
    types: dict[str, list[str]] = {}
    for e in entities:
        if e.type not in GEO_TYPES:
            types.setdefault(e.canonical, []).append(e.type)
    settled: dict[str, str] = {}
    for canonical, seen in types.items():
        if len(set(seen)) > 1:
            counts = Counter(seen)
            best = max(counts.values())
            settled[canonical] = next(t for t in seen if counts[t] == best)
    if settled:
        for e in entities:
            if e.type not in GEO_TYPES:
                e.type = settled.get(e.canonical, e.type)
