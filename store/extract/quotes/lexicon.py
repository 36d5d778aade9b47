"""The quote extractor's word lists, loaded once from data/quotes_*.* as typed constants.

Every list the quote rules consult lives in a data file; this module only names them.
Lists that feed a regular expression keep their file order (``load_words``), so the
pattern is exactly the one written by hand before.
"""

from __future__ import annotations

from store.extract.lexicons import load_lexicon, load_table, load_words


def _lower(name: str) -> frozenset[str]:
    """The entries of ``name``, lower-cased: the rules compare lower-cased words."""
    return frozenset(w.lower() for w in load_lexicon(name))


def alternation(name: str) -> str:
    """The entries of ``name`` joined as a regex alternation, in file order: "of|at|from"."""
    return "|".join(load_words(name))


# ---- speech and its verbs ---------------------------------------------------------------
SPEECH_VERBS: frozenset[str] = _lower("quotes_speech_verbs")
# Verbs with which only a document or an organisation gives words ("the report found").
DOCUMENT_VERBS: frozenset[str] = _lower("quotes_document_verbs")
# Verbs whose object is the listener: '"...," she told Reuters' never names the speaker after.
TELL_VERBS: frozenset[str] = frozenset(("told", "tell", "tells", "telling"))
LISTENER_VERBS: frozenset[str] = frozenset(load_lexicon("quotes_listener_verbs"))
MANNER_VERBS: frozenset[str] = frozenset(load_lexicon("quotes_manner_verbs"))
OBJECT_AFTER_VERB: frozenset[str] = frozenset(load_lexicon("quotes_object_after_verb"))
# Adverbs between a quotation and an inverted attribution: '"...," also said Smith'.
BEFORE_VERB_ADVERBS: frozenset[str] = frozenset(load_lexicon("quotes_before_verb_adverbs"))
SKIP_WORDS: frozenset[str] = _lower("quotes_skip_words")
CROWD_VERBS: frozenset[str] = _lower("quotes_crowd_verbs")
ACCUSATION_VERBS: frozenset[str] = _lower("quotes_accusation_verbs")
DISPLAY_VERBS: frozenset[str] = frozenset(load_lexicon("quotes_display_verbs"))

# ---- who may speak -----------------------------------------------------------------------
PRONOUNS: dict[str, str] = {k.lower(): v for k, v in load_table("quotes_pronouns").items()}
PERSON_TITLES: dict[str, str] = load_table("quotes_person_titles")
ORG_SPEAKER_NOUNS: frozenset[str] = _lower("quotes_org_speakers")
ORG_REF_NOUNS: frozenset[str] = _lower("quotes_org_refs")
ANONYMOUS_NOUNS: frozenset[str] = _lower("quotes_anonymous")
PERSON_ROLE_NOUNS: frozenset[str] = _lower("quotes_person_roles")
ROLE_MODIFIERS: frozenset[str] = _lower("quotes_role_modifiers")
WORDS_NOUNS: frozenset[str] = _lower("quotes_words_nouns")
FEMALE_NAMES: frozenset[str] = load_lexicon("quotes_female_names")
MALE_NAMES: frozenset[str] = load_lexicon("quotes_male_names")
# Platforms where people post: where someone wrote is never who spoke.
PLATFORMS: frozenset[str] = load_lexicon("quotes_platforms")
POST_NOUNS: frozenset[str] = frozenset(load_lexicon("quotes_post_nouns"))
# Documents that speak only for an organisation that issued them: "the report said".
ISSUED_DOCUMENTS: frozenset[str] = _lower("quotes_documents")
WRITING_NOUNS: frozenset[str] = frozenset(load_lexicon("quotes_writing_nouns"))
CROWD_NOUNS: frozenset[str] = frozenset(("crowd", "audience", "mob", "police"))
# Organisation nouns that refer only to an organisation named with them ("Met Office").
STRICT_ORG_HEADS: frozenset[str] = frozenset(("office", "station", "channel"))
OWNER_PRONOUNS: dict[str, str] = {"his": "he", "her": "she", "their": "they"}
SPEAKER_TYPES: frozenset[str] = frozenset(("PERSON", "ORG", "NORP", "GPE"))
ORG_TYPES: frozenset[str] = frozenset(("ORG", "NORP", "GPE"))
# Entity types of places: a place after a preposition is where, not who.
PLACE_TYPES: frozenset[str] = frozenset(("GPE", "LOC", "FAC"))

# ---- names and roles ---------------------------------------------------------------------
NAME_SUFFIXES: frozenset[str] = frozenset(load_lexicon("quotes_name_suffixes"))
NAME_TAIL_COMPOUNDS: str = alternation("quotes_name_tail_compounds")
SURNAME_PARTICLES: str = alternation("quotes_surname_particles")
NAME_PARTICLES: frozenset[str] = _lower("entities_name_particles")
ARABIC_ARTICLES: tuple[str, ...] = load_words("quotes_arabic_articles")
DETERMINERS: frozenset[str] = frozenset(load_lexicon("quotes_determiners"))
ROLE_DETERMINERS: frozenset[str] = frozenset(load_lexicon("quotes_role_determiners"))
ROLE_STOPS: frozenset[str] = frozenset(load_lexicon("quotes_role_stops"))
JOB_SUFFIXES: tuple[str, ...] = load_words("quotes_job_suffixes")
JOB_WORD_ENDINGS: tuple[str, ...] = load_words("quotes_job_word_endings")
PREPOSITIONS: frozenset[str] = frozenset(load_lexicon("quotes_prepositions"))
FUNCTION_AFTER_NAME: frozenset[str] = frozenset(load_lexicon("quotes_function_after_name"))
CLAUSE_OPENERS: frozenset[str] = frozenset(load_lexicon("quotes_clause_openers"))
TIME_NOUNS: frozenset[str] = frozenset(load_lexicon("quotes_time_nouns"))
TIME_LEADS: frozenset[str] = frozenset(load_lexicon("quotes_time_leads"))
OWNER_LINKS: frozenset[str] = frozenset(load_lexicon("quotes_owner_links"))
CALENDAR_WORDS: frozenset[str] = load_lexicon("entities_calendar_words")
# The entity extractor's lists, shared: a capitalised common word on its own is a
# sentence start, not a name; a given name is no job word.
COMMON_WORDS: frozenset[str] = load_lexicon("entities_common_words")
FIRST_NAMES: frozenset[str] = load_lexicon("entities_first_names")

# ---- what counts as a quotation ----------------------------------------------------------
TITLE_CUES: frozenset[str] = _lower("quotes_title_cues")
DISPLAY_NOUNS: frozenset[str] = _lower("quotes_display_nouns")
WORK_VERBS: frozenset[str] = load_lexicon("quotes_work_verbs")
WORK_NOUNS: frozenset[str] = _lower("quotes_work_nouns")
QUESTION_LABELS: frozenset[str] = frozenset(load_lexicon("quotes_question_labels"))
LABEL_ONLY_CUES: frozenset[str] = frozenset(load_lexicon("quotes_label_only_cues"))
# Cues after which only a capitalised (title-like) span is a name: "a film called "Ray"".
NAMING_CUES: frozenset[str] = frozenset(["called", "dubbed", "named"])
NAMING_WORDS: frozenset[str] = frozenset(load_lexicon("quotes_naming_words"))
NOUN_PHRASE_CUES: frozenset[str] = frozenset(["a", "an", "the"]) | NAMING_WORDS
AS_CUES: tuple[str, ...] = (
    "known as",
    "billed as",
    "marketed as",
    "referred to as",
    "described as a",
)
FUNCTION_WORDS: frozenset[str] = frozenset(load_lexicon("quotes_function_words"))
SENTENCE_HINTS: frozenset[str] = frozenset(load_lexicon("quotes_sentence_hints"))
# Words that may open the subject of a speech verb inside an unclosed quotation.
SUBJECT_WORDS: frozenset[str] = (
    frozenset(load_words("quotes_owner_determiners"))
    | frozenset(PRONOUNS)
    | ORG_REF_NOUNS
    | ORG_SPEAKER_NOUNS
    | PERSON_ROLE_NOUNS
    | ANONYMOUS_NOUNS
)

# ---- alternations for patterns -----------------------------------------------------------
COMPLEMENT_PREPOSITIONS: str = alternation("quotes_complement_prepositions")
VENUE_PREPOSITIONS: str = alternation("quotes_venue_prepositions")
VENUE_DETERMINERS: str = alternation("quotes_venue_determiners")
WORK_TITLE_MODIFIERS: str = alternation("quotes_work_title_modifiers")
CLAUSE_CONJUNCTIONS: str = alternation("quotes_clause_conjunctions")
PASSIVE_AUXILIARIES: str = alternation("quotes_passive_auxiliaries")
COPULAS: str = alternation("quotes_copulas")
ROLE_DETERMINER_WORDS: str = alternation("quotes_role_determiners")
OWNER_DETERMINER_WORDS: str = alternation("quotes_owner_determiners")
