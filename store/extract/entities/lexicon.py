"""The entity extractor's word lists, loaded once from data/entities_*.* as typed constants.

Gazetteers, name lists, title and head words, and the small lists the rules consult.
Lists that feed a regular expression keep their file order (``load_words``), so each
pattern is exactly the one written by hand before.
"""

from __future__ import annotations

from store.extract.lexicons import load_lexicon, load_table, load_words


def _plural(word: str) -> str | None:
    """The plural of a demonym that is also a noun ("Yemenis", "Texans"), else None."""
    if " " in word and not word.endswith(("an", "er")):
        return None
    if word.endswith(load_words("entities_demonym_endings_no_plural")) and word != "Czech":
        return None
    if word.endswith("y"):
        return word[:-1] + "ies"
    return word + "s"


def _demonyms() -> list[str]:
    """Demonyms with the plurals of those that are nouns too."""
    out = []
    for word in load_lexicon("entities_demonyms"):
        out.append(word)
        plural = _plural(word)
        if plural:
            out.append(plural)
    return out


def _known_names() -> dict[str, str]:
    """Every listed name -> its type. Later lists win, so the most specific go last."""
    known: dict[str, str] = {}
    for file, kind in (
        ("entities_cities", "GPE"),
        ("entities_regions", "GPE"),
        ("entities_us_states", "GPE"),
        ("entities_countries", "GPE"),
        ("entities_demonyms", "NORP"),
        ("entities_locations", "LOC"),
        ("entities_nationalities", "NORP"),
        ("entities_events", "EVENT"),
        ("entities_products", "PRODUCT"),
        ("entities_orgs", "ORG"),
        ("entities_facilities", "FAC"),
        ("entities_works", "WORK_OF_ART"),
        ("entities_laws", "LAW"),
    ):
        names = _demonyms() if file == "entities_demonyms" else load_lexicon(file)
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
DOTTED: dict[str, str] = load_table("entities_dotted_names")
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
COUNTRY_ALIASES: dict[str, str] = {
    v: name
    for k, name in load_table("entities_country_aliases").items()
    for v in (k, k.replace("'", "\u2019"))
}
# Forms of one political group's name ("Tory", "Tories") and the name shown for them.
GROUP_ALIASES: dict[str, str] = load_table("entities_group_aliases")

FIRST_NAMES: frozenset[str] = load_lexicon("entities_first_names")
COMMON_WORDS: frozenset[str] = load_lexicon("entities_common_words") | load_lexicon(
    "entities_extra_common_words"
)
# Also words often in lower case: a lone sentence-initial one is not a name.
LOWERCASE_WORDS: frozenset[str] = COMMON_WORDS | load_lexicon("entities_lowercase_words")
PERSON_ROLES: frozenset[str] = load_lexicon("entities_person_roles")
SENTENCE_OPENERS: frozenset[str] = load_lexicon("entities_sentence_openers")
NON_ENTITIES: frozenset[str] = frozenset(
    v for w in load_lexicon("entities_non_entities") for v in (w, w.replace("'", "\u2019"))
)
CALENDAR: frozenset[str] = load_lexicon("entities_calendar_words")
TITLES: frozenset[str] = load_lexicon("entities_titles")
TITLE_MODIFIERS: frozenset[str] = load_lexicon("entities_title_modifiers")
NAME_HEADS: dict[str, str] = load_table("entities_name_heads")
NAME_PREFIXES: dict[str, str] = load_table("entities_name_prefixes")
# First word of a multi-word name -> type ("Hurricane Katrina", "Banco Santander").
NAME_FIRSTS: dict[str, str] = load_table("entities_name_firsts")
# Lower-case words after which an unknown name is a celestial body ("asteroid Didymos").
SPACE_CUES: frozenset[str] = load_lexicon("entities_space_cues")
# Celestial bodies only after a lower-case "the" ("orbit the Sun").
SKY_NAMES: frozenset[str] = load_lexicon("entities_sky_names")
# Names that take a model number or edition after them: "Boeing 737", "Euro 2004".
NUMBERED: dict[str, str] = load_table("entities_numbered_names")
SPEECH_CUES: frozenset[str] = load_lexicon("entities_person_cues")
WORK_CUES: dict[str, str] = load_table("entities_work_cues")
WORK_AFTER_CUES: frozenset[str] = load_lexicon("entities_work_after_cues")


def alternation(name: str) -> str:
    """The entries of ``name`` joined as a regex alternation, in file order."""
    return "|".join(load_words(name))


# ---- words inside and around names ----------------------------------------------------
# Lower-case words that join two capitalised parts of one name ("de la", "van der").
PARTICLES: frozenset[str] = load_lexicon("entities_name_particles")
# Connectors kept only when the name's structure calls for them.
CONNECTORS: frozenset[str] = frozenset(load_words("entities_connectors"))
POSSESSIVE: tuple[str, ...] = ("'s", "’s")
HOLIDAY_TAILS: tuple[str, ...] = (" Day", " Eve", " Night")
SMALL_WORDS: frozenset[str] = load_lexicon("entities_small_words")
CORPORATE: frozenset[str] = load_lexicon("entities_corporate_suffixes")
PLACE_PREPOSITIONS: frozenset[str] = load_lexicon("entities_place_prepositions")
STREETS: frozenset[str] = frozenset(load_words("entities_street_words"))
# Heads that double as surnames: after a first name they give a person ("Thomas Church").
SURNAME_HEADS: frozenset[str] = frozenset(load_words("entities_surname_heads"))
CONTRACTIONS: frozenset[str] = frozenset(load_words("entities_contractions"))
# Second parts of hyphenated compounds that are not given names ("Obama-era", "UK-based").
COMPOUND_TAILS: frozenset[str] = load_lexicon("entities_compound_tails")
# What stands between the names of a list ("Madrid and Lievin"). Inline because the
# spaces are part of each entry, and data files are read with edge spaces stripped.
LIST_GAPS: frozenset[str] = frozenset([", ", " and ", ", and ", " or ", " in ", " & "])
# Punctuation that may follow a word in a whitespace token.
TRAILING: tuple[str, ...] = load_words("entities_trailing_punctuation")
SAID_VERBS: frozenset[str] = frozenset(load_words("entities_said_verbs"))
# American -> British spellings tried in order: the common-word lists are British.
SPELLINGS: tuple[tuple[str, str], ...] = tuple(load_table("entities_spellings").items())
# Months that are also given names.
MONTH_NAMES: frozenset[str] = frozenset(load_words("entities_month_names"))
# Nouns before the name of a news outlet or journal: "the journal Nature".
ORG_CUES: frozenset[str] = load_lexicon("entities_org_cues")
# Prepositions before an unknown multi-word name that make it a place.
INSIDE_PREPOSITIONS: frozenset[str] = frozenset(["in", "near", "outside", "across"])
TV_NOUNS: frozenset[str] = frozenset(load_words("entities_tv_nouns"))
COUNTRIES: frozenset[str] = load_lexicon("entities_countries")
GOVERNMENT: frozenset[str] = load_lexicon("entities_government_words")
PRONOUNS: frozenset[str] = load_lexicon("entities_pronouns")
SURNAME_TITLES: frozenset[str] = load_lexicon("entities_surname_titles")
PRODUCT_NOUNS: frozenset[str] = load_lexicon("entities_product_nouns")
COMBINING: frozenset[str] = load_lexicon("entities_combining_forms")
MAKER_PRODUCTS: frozenset[str] = load_lexicon("entities_maker_products")
PRODUCT_CUES: frozenset[str] = load_lexicon("entities_product_cues")
COURTESY_TITLES: frozenset[str] = frozenset(load_words("entities_courtesy_titles"))
PLACE_ARTICLES: frozenset[str] = frozenset(load_words("entities_place_articles"))
# Geographic types, which keep each mention's own type: "Jordan said" and "in Jordan"
# are two entities. Narrower than the quote rules' places (which add FAC) on purpose.
GEO_TYPES: frozenset[str] = frozenset(["GPE", "LOC"])

# ---- alternations for patterns ------------------------------------------------------
PLACE_AFTER_WORDS: str = alternation("entities_place_after")
PLACE_OF_WORDS: str = alternation("entities_place_of")
SPACE_BODIES: str = alternation("entities_space_bodies")
DOMAIN_SUFFIXES: str = alternation("entities_domain_suffixes")
PRODUCT_DETERMINERS: str = alternation("entities_product_determiners")
