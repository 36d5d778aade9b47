"""The lexicons behind entity typing, loaded once: gazetteers, name lists, title and head words."""

from __future__ import annotations

from store.extract.lexicons import load_lexicon, load_table


def _plural(word: str) -> str | None:
    """The plural of a demonym that is also a noun ("Yemenis", "Texans"), else None."""
    if " " in word and not word.endswith(("an", "er")):
        return None
    if word.endswith(("ese", "ish", "ch", "sh", "s", "x", "ic", "ese")) and word != "Czech":
        return None
    if word.endswith("y"):
        return word[:-1] + "ies"
    return word + "s"


def _demonyms() -> list[str]:
    """Demonyms with the plurals of those that are nouns too."""
    out = []
    for word in load_lexicon("demonyms"):
        out.append(word)
        plural = _plural(word)
        if plural:
            out.append(plural)
    return out


def _known_names() -> dict[str, str]:
    """Every listed name -> its type. Later lists win, so the most specific go last."""
    known: dict[str, str] = {}
    for file, kind in (
        ("cities", "GPE"),
        ("regions", "GPE"),
        ("us_states", "GPE"),
        ("countries", "GPE"),
        ("demonyms", "NORP"),
        ("locations", "LOC"),
        ("nationalities", "NORP"),
        ("events", "EVENT"),
        ("products", "PRODUCT"),
        ("orgs", "ORG"),
        ("facilities", "FAC"),
        ("works", "WORK_OF_ART"),
        ("laws", "LAW"),
    ):
        names = _demonyms() if file == "demonyms" else load_lexicon(file)
        for name in names:
            known[name] = kind
            # Both apostrophes, so that text can be looked up as it is.
            known[name.replace("\u2019", "'")] = kind
            known[name.replace("'", "\u2019")] = kind
    for name, kind in DOTTED.items():
        if kind:
            known[name] = kind  # "Ky.", "Calif."
    return known


# Abbreviated words whose full stop is part of the name -> the type alone ("Ky." GPE).
DOTTED: dict[str, str] = load_table("dotted_names")
KNOWN: dict[str, str] = _known_names()
# Lower-cased first words of multi-word known names: a sentence-initial common word
# that starts one ("New" in "New York") is kept.
KNOWN_STARTS: frozenset[str] = frozenset(k.split()[0] for k in KNOWN if " " in k)
# Known names that go on in lower case ("Euro zone", "Brent crude"): first word -> names.
LOWER_TAILS: dict[str, tuple[str, ...]] = {}
for _name in KNOWN:
    _words = _name.split()
    if (
        len(_words) > 1
        and _words[1][:1].islower()
        and _words[1] not in ("of", "and", "the", "on", "de")
    ):
        LOWER_TAILS[_words[0]] = (*LOWER_TAILS.get(_words[0], ()), _name)
GAZETTEER: frozenset[str] = frozenset(k for k, v in KNOWN.items() if v == "GPE")
COUNTRY_ALIASES: dict[str, str] = {
    v: name
    for k, name in load_table("country_aliases").items()
    for v in (k, k.replace("'", "\u2019"))
}
# Forms of one political group's name ("Tory", "Tories") and the name shown for them.
GROUP_ALIASES: dict[str, str] = load_table("group_aliases")

FIRST_NAMES: frozenset[str] = load_lexicon("first_names")
COMMON_WORDS: frozenset[str] = load_lexicon("common_words") | load_lexicon("extra_common_words")
# Also words often in lower case: a lone sentence-initial one is not a name.
LOWERCASE_WORDS: frozenset[str] = COMMON_WORDS | load_lexicon("lowercase_words")
PERSON_ROLES: frozenset[str] = load_lexicon("person_roles")
SENTENCE_OPENERS: frozenset[str] = load_lexicon("sentence_openers")
NON_ENTITIES: frozenset[str] = frozenset(
    v for w in load_lexicon("non_entities") for v in (w, w.replace("'", "\u2019"))
)
CALENDAR: frozenset[str] = load_lexicon("calendar_words")
TITLES: frozenset[str] = load_lexicon("titles")
TITLE_MODIFIERS: frozenset[str] = load_lexicon("title_modifiers")
NAME_HEADS: dict[str, str] = load_table("name_heads")
NAME_PREFIXES: dict[str, str] = load_table("name_prefixes")
# First word of a multi-word name -> type ("Hurricane Katrina", "Banco Santander").
NAME_FIRSTS: dict[str, str] = load_table("name_firsts")
# Lower-case words after which an unknown name is a celestial body ("asteroid Didymos").
SPACE_CUES: frozenset[str] = load_lexicon("space_cues")
# Celestial bodies only after a lower-case "the" ("orbit the Sun").
SKY_NAMES: frozenset[str] = load_lexicon("sky_names")
# Names that take a model number or edition after them: "Boeing 737", "Euro 2004".
NUMBERED: dict[str, str] = load_table("numbered_names")
SPEECH_CUES: frozenset[str] = load_lexicon("person_cues")
WORK_CUES: dict[str, str] = load_table("work_cues")
WORK_AFTER_CUES: frozenset[str] = load_lexicon("work_after_cues")
