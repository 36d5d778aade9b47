"""Who said a quotation: speech verbs, their subjects, pronouns and role nouns resolved to names."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from store.extract.lexicons import load_lexicon, load_table
from store.extract.text import SpanIndex, paragraphs, sentences
from store.records import Entity

SPEECH_VERBS = frozenset(w.lower() for w in load_lexicon("speech_verbs"))
PRONOUNS = {k.lower(): v for k, v in load_table("quote_pronouns").items()}
PERSON_TITLES = load_table("quote_person_titles")
ORG_SPEAKER_NOUNS = frozenset(w.lower() for w in load_lexicon("quote_org_speakers"))
ORG_REF_NOUNS = frozenset(w.lower() for w in load_lexicon("quote_org_refs"))
ANONYMOUS_NOUNS = frozenset(w.lower() for w in load_lexicon("quote_anonymous"))
PERSON_ROLE_NOUNS = frozenset(w.lower() for w in load_lexicon("quote_person_roles"))
ROLE_MODIFIERS = frozenset(w.lower() for w in load_lexicon("quote_role_modifiers"))
WORDS_NOUNS = frozenset(w.lower() for w in load_lexicon("quote_words_nouns"))
NAME_PARTICLES = frozenset(w.lower() for w in load_lexicon("name_particles"))
FEMALE_NAMES = load_lexicon("quote_female_names")
MALE_NAMES = load_lexicon("quote_male_names")
CALENDAR_WORDS = load_lexicon("calendar_words")
SKIP_WORDS = frozenset(w.lower() for w in load_lexicon("quote_skip_words"))
# Platforms where people post: where someone wrote is never who spoke.
PLATFORMS = load_lexicon("quote_platforms")
# Verbs with which only a document or an organisation gives words ("the report found").
DOCUMENT_VERBS = frozenset(w.lower() for w in load_lexicon("quote_document_verbs"))
# Words news writes mostly in lower case (shared with the entity extractor): a capitalised
# one on its own is a sentence start, not a name.
try:
    COMMON_WORDS = load_lexicon("common_words")
except FileNotFoundError:  # the entity extractor's list; optional here
    COMMON_WORDS = frozenset()

_DETERMINERS = frozenset(["the", "a", "an", "his", "her", "its", "their", "our", "this", "that"])
_SPEAKER_TYPES = frozenset(("PERSON", "ORG", "NORP", "GPE"))
_ORG_TYPES = frozenset(("ORG", "NORP", "GPE"))
# Words, with inner apostrophes, dots and hyphens: "Blair's", "U.S", "co-chairman".
_WORD = re.compile(r"[^\W_]+(?:['\u2019.\-][^\W_]+)*")
_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:[-'\u2019][A-Z]?[a-z]+)*")
# How far (characters) an attribution may reach from the verb.
_CLAUSE_REACH = 160
# No sentence worth searching is longer: bounds every scan, so time stays linear.
_MAX_SPAN = 1500
_MAX_ENTITIES_BACK = 200
_SENTENCE_LOOKBACK = 6
# How far before a quotation its lead-in may start ("According to X, ... : "...").
_LEAD_IN_REACH = 400
# Speech verbs looked at before a quotation: the nearest few are enough.
_MAX_VERBS = 8
_VERB_BLOCK = 1024
# Generational suffixes that end a name ("Jr.", "III"), and what may follow an entity span
# as part of the name: the suffix, or the lower-case half of a hyphenated name ("-po").
_NAME_SUFFIXES = frozenset(("Jr", "Sr", "II", "III", "IV", "V", "Jnr", "Snr"))
_NAME_TAIL = re.compile(
    r"-(?!(?:led|era|style|backed|linked|owned|based|born|like|type|run|funded|allied|"
    r"aligned|made|esque|ish)\b)[a-z]{1,8}\b(?!-)|"
    r",? (?:Jr|Sr)\.?(?=[\s,;:)])|,? (?:II|III|IV)\b"
    # a hyphenated Cantonese or Korean given name after the entity: "John Lee" Ka-chiu
    r"| [A-Z][a-z]{1,5}-[a-z]{1,6}\b(?!-)"
    # a surname with a particle the entity left out: "Erik" ten Hag, "Ursula" von der Leyen
    r"|(?: (?:van|von|de|der|den|ten|ter|da|di|du|del|della|dos|das|le|la|bin|ibn|al|el))+"
    r" [A-Z][\w'\u2019-]+"
)
# "was quoted as saying", "quoted Xi as saying", "cited officials as saying".
_QUOTED_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being)\s+(?:quoted|cited)\s+as\s+$")
_QUOTED_ACTIVE = re.compile(r"\b(?:quoted|cited)\s+([^.;:\n\"\u201c]{1,60}?)\s+as\s+$")
# A preposition right before a name: "at", "of the", "in" ("Police in Paris said").
_PREP_BEFORE = re.compile(r"\s(?:of|at|from|in|for|with|near|outside|inside|through)(?: the)?\s$")
_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w'\u2019-]* $")
# Between "X's vision" and the quotation of its words: "of", "for", "to", "that".
_OWNER_LINKS = frozenset(("of", "for", "to", "on", "about", "that"))
# Lower-case words after a name that join rather than describe: "X and Y", "X with Y".
_FUNCTION_AFTER_NAME = frozenset(
    ("and", "or", "with", "to", "in", "on", "at", "for", "of", "from", "by", "as", "who", "that")
)
# Writings that speak for their author: "the letter from Qwest said".
_DOCUMENT_NOUNS = frozenset(
    ("letter", "statement", "report", "memo", "document", "email", "filing", "note", "post")
)
# Organisation nouns that refer only to an organisation named with them ("Met Office").
_STRICT_ORG_HEADS = frozenset(("office", "station", "channel"))
# An organisation told something is the listener: "told the Reuters news agency".
_LISTENER_BEFORE = re.compile(r"\b(?:told|tells|telling|tell)(?: the)? $")
_PLACE_TYPES = frozenset(("GPE", "LOC", "FAC"))
# Time adverbials between a subject and its verb: "Modi on Sunday said".
_TIME_NOUNS = frozenset(
    ("week", "month", "year", "night", "morning", "afternoon", "evening", "weekend", "day")
)
_TIME_LEADS = frozenset(
    ("on", "last", "this", "next", "early", "late", "earlier", "later", "that", "in", "the")
)
# Words before a name that make it a place or a complement rather than the subject.
_PREPOSITIONS = frozenset(
    [
        "at",
        "of",
        "from",
        "outside",
        "inside",
        "in",
        "near",
        "into",
        "for",
        "with",
        "on",
        "onto",
        "across",
        "against",
        "about",
        "over",
        "under",
        "after",
        "before",
        "behind",
        "between",
        "toward",
        "towards",
        "via",
        "through",
        "around",
        "beyond",
        "within",
    ]
)
_CROWD_NOUNS = frozenset(("crowd", "audience", "mob", "police"))
# Lower-case words that end a role before a name: function words, verbs, adverbs, times.
_ROLE_STOP_TEXT = (
    "that on in to was were is are be been would will could should can may might has have "
    "had do does did who whom whose which and or but after before when while as at by for "
    "from of with about into than then so if not no yes also now still just only even "
    "there here it he she they we i you him them us me yesterday today tonight tomorrow "
    "last next this these those week month year night morning afternoon evening weekend "
    "day earlier later ago again sorry thanks please meanwhile however instead recently "
    "told asked what how why where all some many most more both each other such very"
)
_ROLE_STOPS = frozenset(_ROLE_STOP_TEXT.split())
_JOB_SUFFIXES = ("er", "ist", "or", "ian", "ant", "ent")
# Endings of job words a tagger may take into a name: "Oceanographer Tom Reed".
_JOB_WORD_ENDINGS = (
    "grapher",
    "ologist",
    "ist",
    "ician",
    "scorer",
    "maker",
    "writer",
    "player",
    "manager",
    "keeper",
    "worker",
    "officer",
    "teacher",
    "director",
    "producer",
    "designer",
    "engineer",
    "researcher",
    "leader",
    "spokesman",
    "spokeswoman",
    "analyst",
    "expert",
)
try:
    _FIRST_NAMES = load_lexicon("first_names")
except FileNotFoundError:  # the entity extractor's list; optional here
    _FIRST_NAMES = frozenset()
_ROLE_DETERMINERS = frozenset(("the", "a", "an", "his", "her", "its", "their", "our"))
_OWNER_PRONOUNS = {"his": "he", "her": "she", "their": "they"}
_LISTENER_VERBS = frozenset(("told", "tells", "telling", "tell", "asked", "asks", "asking"))
# Documents that speak only for an organisation that issued them: "the report said".
_ISSUED_DOCUMENTS = frozenset(w.lower() for w in load_lexicon("quote_documents"))
ISSUED_DOCUMENTS = _ISSUED_DOCUMENTS
# What a platform carries: "a Twitter post", "her Instagram story" is where one posted.
_POST_NOUNS = frozenset(
    (
        "post",
        "posts",
        "account",
        "accounts",
        "page",
        "story",
        "stories",
        "video",
        "videos",
        "live",
        "feed",
        "caption",
        "message",
        "messages",
        "thread",
        "channel",
        "profile",
        "tweet",
    )
)
# Before a platform named as a venue: "on Instagram", "via X", "to Twitter".
_VENUE_BEFORE = re.compile(
    r"\b(?:on|onto|to|via|across|through|from|in)(?: (?:his|her|their|its|my|our|the|a|an))?"
    r"(?: (?:official|verified|own|personal|private))? $",
    re.I,
)
# A possessive left on a name: "Trump's", "TRUMP’S".
_POSSESSIVE_END = re.compile("['\u2019][sS]$")


@dataclass(slots=True)
class Speaker:
    """A resolved attribution: the name, its role, and the mention in the text that names it."""

    name: str | None
    role: str | None
    start: int | None
    end: int | None


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    kind: str  # "entity", "pronoun", "nominal", "name", "anonymous" (no one named)
    entity: Entity | None = None
    head: str = ""
    role: str = ""  # role words that named the person: "said oceanographer Tom Reed"


def _abbreviation_before(text: str, dot: int) -> bool:
    """The word ending at ``dot`` (a full stop) is a title or an initial: "Sen.", "John F."."""
    start = dot
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    word = text[start:dot]
    return (
        (word + ".") in PERSON_TITLES
        or word in PERSON_TITLES
        or (len(word) == 1 and word.isupper())
    )


def _is_speech_verb(word: str) -> bool:
    low = word.lower()
    return low in SPEECH_VERBS or low in DOCUMENT_VERBS


def _platform_venue(text: str, e: Entity) -> bool:
    """A platform named as where someone posted ("wrote on Instagram", "a Twitter post",
    "his TikTok account"), not as a company that speaks ("Instagram said")."""
    if e.canonical not in PLATFORMS and e.text not in PLATFORMS:
        return False
    if _VENUE_BEFORE.search(text, max(0, e.start - 30), e.start):
        return True
    nxt = _WORD.match(text, e.end + 1) if text.startswith(" ", e.end) else None
    return nxt is not None and nxt.group().lower() in _POST_NOUNS


class Attributor:
    """Speaker resolution over one article; quotes' spans are masked out of the search."""

    def __init__(self, text: str, entities: list[Entity], quote_spans: list[tuple[int, int]]):
        self.text = text
        self.entities = sorted(
            (
                e
                for e in entities
                if 0 <= e.start < e.end <= len(text) and not _platform_venue(text, e)
            ),
            key=lambda e: e.start,
        )
        self._entity_starts = [e.start for e in self.entities]
        self._entity_ends = sorted((e.end, i) for i, e in enumerate(self.entities))
        self._end_keys = [end for end, _ in self._entity_ends]
        self.quote_spans = sorted(quote_spans)
        self._quote_starts = [s for s, _ in self.quote_spans]
        self.sentence_spans = sentences(text)
        self.sentences = SpanIndex(self.sentence_spans)
        self.paragraph_spans = paragraphs(text)
        self.paragraphs = SpanIndex(self.paragraph_spans)
        self._genders = self._person_genders()
        self._surname_index: dict[str, str] | None = None
        self._roles: dict[str, list[Entity]] | None = None
        self._subject_cache: dict[tuple[int, str], tuple[Entity | None, bool]] = {}
        self._verb_blocks: dict[int, list[re.Match[str]]] = {}
        self._orgs: frozenset[str] | None = None

    # ---- lookups -------------------------------------------------------------------

    def inside_quote(self, pos: int) -> bool:
        i = bisect_right(self._quote_starts, pos) - 1
        return i >= 0 and self.quote_spans[i][0] <= pos < self.quote_spans[i][1]

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The speaker-typed entity covering [start, end), if any."""
        i = bisect_right(self._entity_starts, start) - 1
        while i >= 0 and i >= len(self.entities) - len(self.entities) and i > -1:
            e = self.entities[i]
            if e.end >= end and e.type in _SPEAKER_TYPES:
                return e
            if e.end < start - 80:
                break
            i -= 1
        return None

    def entity_ending_at(self, end: int) -> Entity | None:
        """The speaker-typed entity whose span ends at ``end`` (spaces ignored)."""
        i = bisect_left(self._end_keys, end)
        if i < len(self._end_keys) and self._end_keys[i] == end:
            e = self.entities[self._entity_ends[i][1]]
            if e.type in _SPEAKER_TYPES:
                return e
        return None

    def entity_starting_at(self, start: int) -> Entity | None:
        i = bisect_left(self._entity_starts, start)
        while i < len(self.entities) and self.entities[i].start == start:
            if self.entities[i].type in _SPEAKER_TYPES:
                return self.entities[i]
            i += 1
        return None

    def entities_between(self, start: int, end: int) -> list[Entity]:
        start = max(start, end - _MAX_SPAN)
        i = bisect_left(self._entity_starts, start)
        out = []
        while i < len(self.entities) and self.entities[i].start < end:
            e = self.entities[i]
            if e.end <= end and e.type in _SPEAKER_TYPES and not self.inside_quote(e.start):
                out.append(e)
            i += 1
        return out

    def words(self, start: int, end: int) -> list[re.Match[str]]:
        return list(_WORD.finditer(self.text, max(start, end - _MAX_SPAN), end))

    def entities_overlapping(self, start: int, end: int) -> list[Entity]:
        """Entities of any type overlapping [start, end)."""
        i = max(0, bisect_left(self._entity_starts, start - 200))
        out = []
        while i < len(self.entities) and self.entities[i].start < end:
            e = self.entities[i]
            if e.end > start:
                out.append(e)
            i += 1
        return out

    # ---- genders and names --------------------------------------------------------

    def _person_genders(self) -> dict[str, str]:
        genders: dict[str, str] = {}
        for e in self.entities:
            if e.type != "PERSON":
                continue
            before = self.text[max(0, e.start - 12) : e.start].split()
            if before and before[-1] in PERSON_TITLES:
                gender = PERSON_TITLES[before[-1]]
                if gender in ("male", "female"):
                    genders.setdefault(e.canonical, gender)
        for e in self.entities:
            # No title: the given name, when it is one that is only ever a man's or a woman's.
            words = e.canonical.split() if e.type == "PERSON" else []
            if len(words) >= 2 and e.canonical not in genders:
                if words[0] in FEMALE_NAMES:
                    genders[e.canonical] = "female"
                elif words[0] in MALE_NAMES:
                    genders[e.canonical] = "male"
        return genders

    def full_form(self, e: Entity) -> str:
        """A person's name as written at mention ``e``, completed from the text around it.

        The entity span may stop short of a generational suffix ("Eli Remolona Jr.") or of
        the lower-case half of a hyphenated given name ("Paul Chan Mo-po").
        """
        name = e.canonical or e.text
        if e.type != "PERSON" or name != e.text:
            return name
        m = _NAME_TAIL.match(self.text, e.end, min(len(self.text), e.end + 40))
        if m is not None and (m.group()[0] != "-" or len(e.text.split()) >= 2):
            name = e.text + m.group()
        elif e.text.split()[-1] in _NAME_SUFFIXES and self.text.startswith(".", e.end):
            name = e.text + "."
        if self._job_word_first(e):
            name = name.split(" ", 1)[1]  # "Oceanographer Tom Reed" opening a sentence
        return name

    def _job_word_first(self, e: Entity) -> bool:
        """A person entity that took a capitalised job word opening the sentence into the
        name: "Oceanographer Tom Reed said"."""
        words = e.text.split()
        if len(words) < 3 or e.type != "PERSON":
            return False
        first = words[0]
        low = first.lower()
        if (
            not first.isalpha()
            or not first[:1].isupper()
            or first in _FIRST_NAMES
            or first in MALE_NAMES
            or first in FEMALE_NAMES
            or first in PERSON_TITLES
        ):
            return False
        if not (low in PERSON_ROLE_NOUNS or low.endswith(_JOB_WORD_ENDINGS)):
            return False
        sent = self.sentences.containing(e.start)
        lead = self.text[sent[0] if sent is not None else 0 : e.start]
        return not lead.strip(" \n\"'\u201c\u2018")

    def _name_index(self) -> dict[str, str]:
        """Keys (surname, middle name after a given name, whole name) -> the fullest name."""
        if self._surname_index is None:
            index: dict[str, str] = {}

            def put(key: str, full: str) -> None:
                if len(full) > len(index.get(key, "")):
                    index[key] = full

            seen: set[tuple[str, str]] = set()
            for e in self.entities:
                if e.type != "PERSON":
                    continue  # a person's surname never finds an organisation's name
                full = self.full_form(e)
                if (full, e.type) in seen:
                    continue
                seen.add((full, e.type))
                words = full.split()
                if not words:
                    continue
                core = [w for w in words if w.rstrip(".,") not in _NAME_SUFFIXES] or words
                put(words[-1].lower(), full)
                put(core[-1].lower(), full)
                put("\x00" + " ".join(core).lower(), full)
                for k in range(1, len(core)):
                    # "Paul Chan" and "Eli Remolona" for "Paul Chan Mo-po", "Eli Remolona Jr.",
                    # not "Johnny Carson" for "Johnny Carson Theater".
                    if len(words) > k and all(
                        "-" in w or w.rstrip(".,") in _NAME_SUFFIXES for w in words[k:]
                    ):
                        put("\x00" + " ".join(core[:k]).lower(), full)
                if len(core) == 3 and core[1][:1].isupper():
                    # "Ken Hu Houkun", "Paul Chan Mo-po": a family name between an English
                    # given name and a Chinese one; also "Martin Luther King"'s middle.
                    put("\x01" + core[1].lower(), full)
                if len(core) >= 2:
                    # A given name (or a Chinese family name: "Xi" of "Xi Jinping") that
                    # starts one person's name only.
                    key = "\x02" + core[0].lower()
                    known = index.get(key)
                    if known is None or full.startswith(known):
                        index[key] = full
                    elif not known.startswith(full):
                        index[key] = "\x03"  # two people share it
            self._surname_index = index
        return self._surname_index

    def name_of(self, e: Entity) -> str:
        """The name a speaker entity goes by: a person's fullest form in the article."""
        if e.type != "PERSON":
            return e.canonical or e.text
        return self.fullest_name(self.full_form(e))

    def fullest_name(self, name: str) -> str:
        """The fullest name in the article for ``name`` ("Remolona" -> "Eli Remolona Jr.").

        A surname finds the longest name ending with it; a given name and surname find a
        longer name starting with them; a family name in the middle of a three-part name
        ("Hu" in "Ken Hu Houkun") counts when no name ends with it; then a first word that
        starts one person's name only: "Prince Faisal" for "Faisal bin Farhan", a Chinese
        family name ("Xi" for "Xi Jinping").
        """
        index = self._name_index()
        words = [w for w in name.split() if w.rstrip(".,") not in _NAME_SUFFIXES] or name.split()
        if not words:
            return name
        if len(words) > 1:
            best = index.get("\x00" + " ".join(words).lower())
            if best is not None and len(best) > len(name):
                return best
        best = index.get(words[-1].lower(), name)
        if len(best) <= len(name) and len(words) == 1:
            best = index.get("\x01" + words[0].lower(), name)
            if len(best) <= len(name):
                best = index.get("\x02" + words[0].lower(), name)
                if best == "\x03":
                    best = name
        return best if len(best) >= len(name) else name

    # ---- mentions -----------------------------------------------------------------

    def mention_before(self, pos: int, floor: int) -> _Mention | None:
        """The speaker mention that ends right before ``pos`` (subject of a verb at ``pos``).

        Skips auxiliaries and adverbs ("has also said"), a parenthesis ("(UNECE) said"),
        a relative pronoun ("Paul Connolly, who said") and an apposition between commas
        or dashes ("Cary Leahy, senior economist at Deutsche Bank, said").
        """
        text = self.text
        lo = max(floor, pos - _CLAUSE_REACH)
        words = self.words(lo, pos)
        k = len(words)
        while k > 0 and words[k - 1].group().lower() in SKIP_WORDS:
            k -= 1
        if (
            k > 0
            and not text[words[k - 1].end() : words[k].start() if k < len(words) else pos].strip()
        ):
            k = self._skip_time(words, k)
        if k > 0 and words[k - 1].group().lower() in ("who", "which", "that"):
            k -= 1
            rel = words[k]
            # "Mr Van de Vijver which said", "Paul Connolly, who said"
            m = self._mention_ending(rel.start(), floor)
            if m is not None:
                return m
            cut = text[max(lo, rel.start() - 3) : rel.start()]
            if "," in cut:
                return self._mention_ending(text.rfind(",", lo, rel.start()), floor)
            return None
        if k == 0:
            return None
        end = words[k - 1].end()
        between = text[end:pos] if k == len(words) else text[end : words[k].start()]
        between_s = between.strip()
        if between_s == "." and (
            words[k - 1].group() in _NAME_SUFFIXES or _abbreviation_before(text, end)
        ):
            # "Joseph R. Biden Jr. said": the name's own full stop.
            dotted = self.entity_ending_at(end + 1)
            if dotted is not None and dotted.start >= floor:
                return _Mention(dotted.start, dotted.end, "entity", dotted)
        if between_s.endswith(")"):
            # A parenthesis after the name: "the United Nations ... (UNECE) said".
            opening = text.rfind("(", lo, end)
            if opening < 0:
                return None
            return self._mention_ending(opening, floor)
        if between_s[-1:] in (",", "-", "\u2013", "\u2014"):
            return self._apposition_subject(end + between.index(between_s[-1]), floor)
        if between_s:
            return None
        last = words[k - 1].group().lower()
        if last in ("and", "but") and k >= 2:
            # "Mr Brown ... and warned": the subject of the first verb.
            return self.first_mention(floor, words[k - 1].start())
        found = self._mention_ending(end, floor, words[:k])
        if found is None:
            # "Brent Bozell, PTC president and conservative activist said": an apposition
            # whose closing comma is missing; the name opens the clause.
            first = self.first_mention(floor, pos)
            if (
                first is not None
                and first.entity is not None
                and first.entity.type == "PERSON"
                and text.startswith(",", first.end)
            ):
                return first
        return found

    def mention_ending(self, end: int, floor: int) -> _Mention | None:
        """The speaker mention (name, pronoun, "the <role>") ending at ``end``."""
        return self._mention_ending(end, floor)

    def _skip_time(self, words: list[re.Match[str]], k: int) -> int:
        """``k`` moved back over a time adverbial before a verb: "Modi on Sunday said",
        "Smith last week told", "the ministry earlier this month said"."""
        while k > 0:
            w = words[k - 1].group()
            low = w.lower()
            if (
                w in CALENDAR_WORDS
                and w != "I"
                and self.entity_ending_at(words[k - 1].end()) is None
            ) or (low in _TIME_NOUNS and k > 1 and words[k - 2].group().lower() in _TIME_LEADS):
                k -= 1
            else:
                return k
            while k > 0 and (
                words[k - 1].group().lower() in _TIME_LEADS
                or words[k - 1].group().lower() in SKIP_WORDS
            ):
                k -= 1
        return k

    def _apposition_subject(self, close_at: int, floor: int) -> _Mention | None:
        """Subject before an apposition closing at ``close_at`` (a comma or a dash)."""
        text = self.text
        mark = text[close_at]
        lo = max(floor, close_at - 140)
        if mark == ",":
            open_at = text.rfind(",", lo, close_at)
        else:
            open_at = max(text.rfind(" - ", lo, close_at), text.rfind(" \u2013 ", lo, close_at))
            open_at = max(open_at, text.rfind(" \u2014 ", lo, close_at))
            open_at = open_at + 1 if open_at >= 0 else -1
        if open_at < 0:
            return None
        before = self._mention_ending(open_at, floor)
        if before is not None and before.entity is not None and before.entity.type == "PERSON":
            return before  # "And Moya, nicknamed Charly, admitted"
        persons = [e for e in self.entities_between(open_at, close_at) if e.type == "PERSON"]
        if persons:
            # "Authenti-corp's CEO, Cynthia Musselman, told"
            return _Mention(persons[0].start, persons[0].end, "entity", persons[0])
        return before

    def _mention_ending(
        self, end: int, floor: int, words: list[re.Match[str]] | None = None, depth: int = 0
    ) -> _Mention | None:
        text = self.text
        while end > floor and text[end - 1] in " \t":
            end -= 1
        if end <= floor:
            return None
        entity = self.entity_ending_at(end)
        if entity is not None and entity.start >= floor:
            if (
                entity.type == "NORP"
                and not entity.text.endswith("s")  # "the Conservatives" stay the party
                and text[max(floor, entity.start - 4) : entity.start] in ("the ", "The ")
            ):
                # "the Argentine said": a person named by nationality.
                return _Mention(entity.start - 4, entity.end, "nominal", head="national")
            if entity.text.lower() in ANONYMOUS_NOUNS and not _CAPITALISED_BEFORE.search(
                text, max(0, entity.start - 30), entity.start
            ):
                # "Demonstrators shouted" typed as a name: still unnamed people.
                return _Mention(entity.start, entity.end, "nominal", head=entity.text.lower())
            lead_at = entity.start
            place = self.entity_ending_at(entity.start - 1) if entity.type == "ORG" else None
            if (
                place is not None
                and place.type in ("GPE", "NORP")
                and text[place.end : entity.start] == " "
            ):
                lead_at = place.start  # "of the US Treasury": the place names the body
            lead = _PREP_BEFORE.search(text, max(floor, lead_at - 14), lead_at)
            if lead is not None:
                # A name after a preposition is a complement: "analysts at Nomura said",
                # "Police in Paris said", "Lord Nicholls of Birkenhead said",
                # "a spokesman for Boeing said". The phrase before it is the subject.
                subject = None
                if lead.start() > floor and depth < 4:
                    subject = self._mention_ending(lead.start(), floor, depth=depth + 1)
                if subject is not None and subject.kind == "nominal":
                    # "Paul Goosens, head of Preventon told": the name the role is about.
                    named = self.entity_ending_at(subject.start - 2)
                    if not text.startswith(", ", subject.start - 2):
                        named = None
                    for inner in self.entities_between(subject.start, subject.end):
                        if inner.type == "PERSON" and text.startswith(",", inner.end):
                            named = inner  # "Mr Kim, chief executive of SK Telecom"
                    if named is not None and named.type == "PERSON" and named.start >= floor:
                        return _Mention(named.start, named.end, "entity", named)
                    if subject.head in _DOCUMENT_NOUNS and entity.type in ("ORG", "PERSON"):
                        # "the letter from Qwest said": the writer.
                        return _Mention(entity.start, entity.end, "entity", entity)
                if (
                    subject is not None
                    and subject.kind != "name"
                    and (subject.kind != "nominal" or subject.head not in ORG_SPEAKER_NOUNS)
                ):
                    return subject
                if entity.type in _PLACE_TYPES:
                    return _Mention(lead.start(), lead.start(), "anonymous")
            return _Mention(entity.start, entity.end, "entity", entity)
        if words is None:
            words = self.words(max(floor, end - 80), end)
        if not words or words[-1].end() != end:
            return None
        last = words[-1]
        low = last.group().lower()
        if low in PRONOUNS:
            return _Mention(last.start(), last.end(), "pronoun", head=low)
        head = low.rsplit("-", 1)[-1] if low not in PERSON_ROLE_NOUNS else low
        if low.endswith("year-old"):
            head = "year-old"
        if (
            head in ORG_SPEAKER_NOUNS
            or head in ORG_REF_NOUNS
            or head in ANONYMOUS_NOUNS
            or head in PERSON_ROLE_NOUNS
            or head in _ISSUED_DOCUMENTS
        ):
            # Walk back to the determiner (or the ORG entity) that opens the noun phrase.
            start = last.start()
            for w in reversed(words[-6:-1]):
                wl = w.group().lower()
                start = w.start()
                if wl in _DETERMINERS:
                    break
            return _Mention(start, last.end(), "nominal", head=head)
        if (
            _CAPITALISED.fullmatch(last.group())
            and low not in SPEECH_VERBS
            and low not in COMMON_WORDS
            and last.group() not in PLATFORMS
        ):
            start = last.start()
            if (
                len(words) >= 2
                and _CAPITALISED.fullmatch(words[-2].group())
                and words[-2].group() not in PERSON_TITLES
                and text[words[-2].end() : start] == " "
            ):
                start = words[-2].start()
            return _Mention(start, last.end(), "name")
        return None

    def mention_after(self, pos: int, ceiling: int) -> _Mention | None:
        """The speaker mention right after a verb at ``pos`` ("said Mr Aiyar", "said the firm")."""
        text = self.text
        words = self.words(pos, min(ceiling, pos + _CLAUSE_REACH))
        if not words:
            return None
        first = words[0]
        low = first.group().lower()
        if low in PRONOUNS and low not in ("it", "we", "i"):
            return _Mention(first.start(), first.end(), "pronoun", head=low)
        if low in _OWNER_PRONOUNS and len(words) > 1:
            nxt = words[1].group()
            if nxt in PLATFORMS or nxt.lower() in _POST_NOUNS:
                # "according to his Twitter account": the account holder.
                head = _OWNER_PRONOUNS[low]
                return _Mention(first.start(), first.end(), "pronoun", head=head)
        roled = self._role_then_person(pos, words)
        if roled is not None:
            return roled
        # The noun phrase: capitalised words, role words and determiners, up to punctuation.
        np_words: list[re.Match[str]] = []
        prev_end = pos
        for w in words[:10]:
            gap = text[prev_end : w.start()]
            if any(ch in gap for ch in ',.;:"\u201c\u201d()') and not (
                gap.strip() == "." and _abbreviation_before(text, prev_end)
            ):
                break
            wl = w.group().lower()
            allowed = (
                w.group()[:1].isupper()
                or wl in _DETERMINERS
                or wl in ROLE_MODIFIERS
                or wl in PERSON_ROLE_NOUNS
                or wl in ORG_SPEAKER_NOUNS
                or wl in ORG_REF_NOUNS
                or wl in ANONYMOUS_NOUNS
                or wl in ("for", "at", "of", "from")
                or wl in NAME_PARTICLES
                or wl.startswith(("al-", "el-", "ad-", "as-", "ash-", "ar-", "at-", "az-"))
                or wl.endswith("year-old")
            )
            if not allowed:
                break
            np_words.append(w)
            prev_end = w.end()
        while np_words and np_words[-1].group().lower() in ("for", "at", "of", "from", "the"):
            np_words.pop()
        if not np_words:
            return None
        np_start, np_end = np_words[0].start(), np_words[-1].end()
        rest = [w for w in words[len(np_words) : len(np_words) + 2]]
        if (
            len(rest) == 2
            and rest[0].group().islower()
            and rest[0].group() not in _FUNCTION_AFTER_NAME
            and any(e.type == "ORG" for e in self.entities_between(np_start, np_end))
            and text[np_end : rest[1].start()].count(" ") == 2
            and text[np_end : rest[1].start()].strip() == rest[0].group()
        ):
            # "said Met Office meteorologist Alex Deakin": a job word the lists lack.
            named = self.entity_starting_at(rest[1].start())
            if named is not None and named.type == "PERSON":
                return _Mention(named.start, named.end, "entity", named)
        ents = self.entities_between(np_start, np_end)
        persons = [
            e
            for e in ents
            if e.type == "PERSON"
            # "said Jane Doe's lawyer, Mark Stein": the owner is not the speaker.
            and not (text.startswith(("'s ", "\u2019s "), e.end) and e.end + 3 < np_end)
        ]
        if persons:
            return _Mention(persons[0].start, persons[0].end, "entity", persons[0])
        if text.startswith(", ", np_end):
            # "said the health secretary, Wes Streeting": the name in the apposition.
            named = self.entity_starting_at(np_end + 2)
            if named is not None and named.type == "PERSON":
                return _Mention(named.start, named.end, "entity", named)
        for w in np_words:
            wl = w.group().lower()
            if wl in ORG_SPEAKER_NOUNS:
                return _Mention(np_start, w.end(), "nominal", head=wl)
        if ents:
            e = ents[0]
            if e.type == "NORP" and text[max(0, e.start - 4) : e.start].lower() == "the ":
                # "said the American": a person named by nationality.
                return _Mention(e.start - 4, e.end, "nominal", head="national")
            return _Mention(e.start, e.end, "entity", e)
        # The head noun is the last lower-case word; capitalised words after it are a name
        # ("said central bank governor Park Seung").
        last_lower = max((i for i, w in enumerate(np_words) if w.group()[:1].islower()), default=-1)
        trailing_name = last_lower + 1 < len(np_words)
        if last_lower >= 0 and not trailing_name:
            wl = np_words[last_lower].group().lower()
            head = "year-old" if wl.endswith("year-old") else wl
            known = head in ORG_REF_NOUNS or head in ANONYMOUS_NOUNS or head in PERSON_ROLE_NOUNS
            if known:
                return _Mention(np_start, np_words[last_lower].end(), "nominal", head=head)
            if np_words[0].group().lower() == "the" and last_lower > 0:
                # "added the two-time Academy Award winner": a person described.
                return _Mention(np_start, np_words[last_lower].end(), "nominal", head="person")
        names = [w for w in np_words[last_lower + 1 :] if _CAPITALISED.fullmatch(w.group())]
        names = [w for w in names if w.group() not in PERSON_TITLES]
        if names and names[0].group().lower() in COMMON_WORDS:
            names = []
        if names:
            start, end = names[0].start(), names[0].end()
            for w in names[1:]:
                if text[end : w.start()] == " ":
                    end = w.end()
                else:
                    break
            return _Mention(start, end, "name")
        return None

    def _role_word(self, w: re.Match[str], prev: str, nxt: str) -> bool:
        """A word that may stand in a role before a name ("study co-author", "Health Minister")."""
        word = w.group()
        wl = word.lower()
        if wl in SPEECH_VERBS or wl in PRONOUNS or wl in CALENDAR_WORDS or word in CALENDAR_WORDS:
            return False
        if wl == "and":
            # "Health and HIV/AIDS Minister": only between capitalised role words.
            return prev[:1].isupper() and nxt[:1].isupper()
        if wl.isdigit() and (nxt[:1].isdigit() or nxt.lower() in PERSON_ROLE_NOUNS):
            return True  # "9/11 widow", "2012 champion"
        if (
            wl in _ROLE_STOPS
            or wl in _PREPOSITIONS
            or wl.endswith("ly")
            or any(ch.isdigit() for ch in wl[:1])
        ):
            return wl.endswith("year-old")
        return True

    def _role_then_person(self, pos: int, words: list[re.Match[str]]) -> _Mention | None:
        """Role words right after a verb at ``pos``, then a person: "said oceanographer Tom Reed",
        "said the company's chief executive, Jane Doe"; the person speaks, the words are the role.
        """
        text = self.text
        before = text[max(0, pos - 12) : pos].split()
        if before and before[-1].lower() in _LISTENER_VERBS:
            return None  # "told reporters Smith was ..." names a listener
        prev_end = pos
        role: list[re.Match[str]] = []
        i = 0
        while i < len(words) and i < 9:
            w = words[i]
            gap = text[prev_end : w.start()]
            if role and gap not in (" ", ", ", "/", "-"):
                return None
            if not role and gap.strip():
                return None
            e = self.entity_starting_at(w.start())
            while role and role[-1].group() in PERSON_TITLES and gap == " ":
                role.pop()  # "said chief executive Sir Anthony": the title is the name's
            if e is not None and e.type == "PERSON" and role and gap in (" ", ", "):
                last = role[-1].group()
                lasts = last.lower()
                content = [
                    r
                    for r in role
                    if r.group().lower() not in _ROLE_DETERMINERS
                    and not self.entity_starting_at(r.start())
                ]
                head_ok = (
                    (last.islower() and not (lasts.endswith("s") and not lasts.endswith("ss")))
                    or lasts in PERSON_ROLE_NOUNS
                    or lasts.rsplit("-", 1)[-1] in PERSON_ROLE_NOUNS
                    or last in PERSON_TITLES
                )
                # "said Jon Wolf and Dana Farr": two names, not a role and a name.
                head_ok = head_ok and lasts != "and"
                if not text.startswith(("'s ", "\u2019s "), e.end) and head_ok and content:
                    phrase = text[role[0].start() : role[-1].end()]
                    phrase = re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.I)
                    return _Mention(e.start, e.end, "entity", e, role=phrase)
            if gap == ", ":
                return None
            prv = role[-1].group() if role else ""
            nxt = words[i + 1].group() if i + 1 < len(words) else ""
            if e is not None and e.type in _SPEAKER_TYPES and e.end <= words[-1].end():
                # An entity inside the role: "Wells Fargo senior economist", "Blair's aide".
                while i < len(words) and words[i].start() < e.end:
                    role.append(words[i])
                    i += 1
                prev_end = role[-1].end()
                if text.startswith(("'s", "\u2019s"), prev_end):
                    prev_end += 2
                continue
            if not self._role_word(w, prv, nxt):
                return None
            role.append(w)
            prev_end = w.end()
            i += 1
        return None

    def _role_before(self, start: int, end: int) -> str | None:
        """Role words opening a sentence right before a person named at [start, end):
        "Study co-author Boris Worm said", "The company's chief executive, Jane Doe, said"."""
        text = self.text
        sent = self.sentences.containing(start)
        floor = max(sent[0] if sent is not None else 0, start - 80)
        words = self.words(floor, start)[-6:]
        if not words:
            return None
        gap = text[words[-1].end() : start]
        if gap == ", ":
            if not text.startswith(",", end):
                return None
        elif gap != " ":
            return None
        anchor = start
        while (
            words and words[-1].group() in PERSON_TITLES and text[words[-1].end() : anchor] == " "
        ):
            anchor = words[-1].start()  # "BP chief executive Lord Browne": the name's title
            words.pop()
        if anchor != start and (not words or text[words[-1].end() : anchor] != " "):
            return None
        role = [words[-1]]
        k = len(words) - 2
        while k >= 0:
            w = words[k]
            if text[w.end() : role[0].start()] not in (" ", "/", "-"):
                break
            nxt = role[0].group()
            prev = words[k - 1].group() if k > 0 else ""
            if not self._role_word(w, prev, nxt):
                return None
            role.insert(0, w)
            k -= 1
        # The role opens the sentence (after any quotation mark or dash).
        if text[floor : role[0].start()].strip(" \n\"'\u201c\u2018-\u2013\u2014"):
            return None
        if not self._role_word(role[-1], "", "") or not self._role_word(role[0], "", "Xx"):
            return None
        last = role[-1].group()
        lasts = last.lower()
        head_ok = (
            lasts in PERSON_ROLE_NOUNS
            or lasts.rsplit("-", 1)[-1] in PERSON_ROLE_NOUNS
            or lasts.endswith(_JOB_SUFFIXES)
        )
        if not head_ok or any(self.entities_overlapping(w.start(), w.end()) for w in role[-1:]):
            return None
        if gap == ", " and role[0].group().lower() not in _ROLE_DETERMINERS:
            return None
        phrase = text[role[0].start() : role[-1].end()]
        phrase = re.sub(r"^(?:the|a|an|his|her|its|their|our)\s+", "", phrase, flags=re.I)
        return phrase if phrase and phrase.lower() not in _ROLE_DETERMINERS else None

    # ---- resolution ---------------------------------------------------------------

    def resolve(self, mention: _Mention, ctx_start: int) -> Speaker:
        """Turn a mention into a speaker (name, role, span of the attributing mention)."""
        spk = self._resolve(mention, ctx_start)
        if (
            spk.name is not None
            and _POSSESSIVE_END.search(spk.name)
            and spk.name not in self._org_names()
            and (
                (mention.entity is not None and mention.entity.type == "PERSON")
                or self._person_named(spk.name[:-2])
            )
        ):
            # "Trump's" is Trump: a possessive never stays in a speaker's name.
            spk.name = spk.name[:-2].rstrip() or None
        return spk

    def _person_named(self, name: str) -> bool:
        """A person of that name (or surname) is named in the article."""
        if name.isupper():
            name = name.title()
        return self.fullest_name(name) != name or any(
            e.type == "PERSON" and e.text == name for e in self.entities[:_MAX_ENTITIES_BACK]
        )

    def _org_names(self) -> frozenset[str]:
        """Organisations' names as the article gives them: "McDonald's" keeps its "'s"."""
        if self._orgs is None:
            self._orgs = frozenset(
                n for e in self.entities if e.type != "PERSON" for n in (e.text, e.canonical)
            )
        return self._orgs

    def _resolve(self, mention: _Mention, ctx_start: int) -> Speaker:
        if mention.kind == "entity" and mention.entity is not None:
            e = mention.entity
            name = self.name_of(e)
            role = self.role_of(e.start, e.end) if e.type == "PERSON" else None
            if mention.role and (role is None or mention.role.endswith(role)):
                role = mention.role
            if role is None and e.type == "PERSON":
                role = self._role_before(e.start, e.end)
            if role is None and self._job_word_first(e):
                role = e.text.split()[0].lower()
            if role is None and e.type == "PERSON":
                role = self.known_role(e.canonical, e.start)
            return Speaker(name, role, mention.start, mention.end)
        if mention.kind == "name":
            surface = self.text[mention.start : mention.end]
            name = self.fullest_name(surface)
            return Speaker(
                name, self.role_of(mention.start, mention.end), mention.start, mention.end
            )
        if mention.kind == "pronoun":
            kind = PRONOUNS.get(mention.head, "")
            if kind in ("male", "female", "person"):
                entity = self.last_person(mention.start, kind)
            elif kind == "group":
                entity = self.last_org(mention.start, "subject")
            else:
                entity = None
            if entity is None:
                return Speaker(None, None, None, None)
            return Speaker(
                self.name_of(entity),
                self.known_role(entity.canonical, mention.start),
                mention.start,
                mention.end,
            )
        head = mention.head
        if head in _ISSUED_DOCUMENTS:
            owner = self.text[mention.start : mention.end].split(" ", 1)[0].lower()
            if owner in _OWNER_PRONOUNS:
                # "Her lawsuit said": the one whose document it is.
                pronoun = _Mention(mention.start, mention.start + len(owner), "pronoun")
                pronoun.head = _OWNER_PRONOUNS[owner]
                return self._resolve(pronoun, ctx_start)
            # "the report said": the organisation that issued it, else no one.
            org = self._document_issuer(mention)
            if org is None:
                return Speaker(None, None, None, None)
            return Speaker(org.canonical or org.text, None, mention.start, mention.end)
        if head in ANONYMOUS_NOUNS and head not in ORG_SPEAKER_NOUNS:
            return Speaker(None, None, None, None)
        if head in ORG_SPEAKER_NOUNS:
            org = self._org_near(mention)
            if org is None:
                org = self.last_org(mention.start, "near")
            if org is None:
                return Speaker(None, None, None, None)
            if org.type == "PERSON":
                # "Mr Hughes's spokesman" speaks for Mr Hughes, named in full.
                return Speaker(self.name_of(org), None, mention.start, mention.end)
            return Speaker(org.canonical or org.text, None, mention.start, mention.end)
        if head in ORG_REF_NOUNS:
            # "the UN's human rights office": the organisation inside the phrase.
            org = self._org_near(mention) or self.last_org(mention.start, "any", head)
            if org is None:
                return Speaker(None, None, None, None)
            return Speaker(org.canonical or org.text, None, mention.start, mention.end)
        if head in PERSON_ROLE_NOUNS or head in ("national", "person"):
            phrase = self.text[mention.start : mention.end]
            if head == "national":
                # "the American said" points back past the names in its own sentence.
                sent = self.sentences.containing(mention.start)
                back = sent[0] - 1 if sent is not None and sent[0] > 0 else mention.start
                person = self.last_person(back, "person")
            else:
                person = self.person_with_role(head, mention.start) or self.last_person(
                    mention.start, "person"
                )
            if person is None:
                return Speaker(None, None, None, None)
            role = re.sub(r"^(?:the|a|an|his|her|its|their)\s+", "", phrase, flags=re.I)
            return Speaker(self.name_of(person), role, mention.start, mention.end)
        return Speaker(None, None, None, None)

    def _org_near(self, mention: _Mention) -> Entity | None:
        """The organisation inside or just after "a Huawei spokesperson" / "a spokesman for X".

        An owner ("sent to F-Secure by Google's security team") comes first; a nationality
        is an adjective before "car maker" but speaks in "a Chinese spokesman".
        """
        inside = self.entities_between(mention.start, mention.end)
        for e in inside:
            if e.type in ("ORG", "GPE") and self.text.startswith(("'s", "\u2019s"), e.end):
                return e
        for e in inside:
            if e.type == "NORP" and mention.head not in ORG_SPEAKER_NOUNS:
                continue
            if e.type in _ORG_TYPES:
                return e
            if e.type == "PERSON" and self.text.startswith("'s", e.end):
                return e  # "Mr Blair's official spokesman" speaks for Mr Blair
        lead = re.match(
            r"\s+(?:for|at|of|from)\s+(?:the\s+)?", self.text[mention.end : mention.end + 20]
        )
        if lead:
            org = self.entity_starting_at(mention.end + lead.end())
            if org is not None and org.type in _ORG_TYPES:
                return org
        return None

    def _document_issuer(self, mention: _Mention) -> Entity | None:
        """The organisation that issued "the report" / "the study" at ``mention``.

        One named with it ("the WFP report", "a study by X"), or an organisation that is
        the subject of a recent sentence naming the same kind of document ("The World Food
        Programme published a report"). An author never named leaves it unattributed.
        """
        org = self._org_near(mention)
        if org is not None and org.type == "ORG":
            return org
        head = re.compile(r"\b" + re.escape(mention.head) + r"s?\b", re.I)
        i = self._sentence_index(mention.start)
        for k in range(i, max(-1, i - 3), -1):
            s_start, s_end = self.sentence_spans[k]
            end = min(s_end, mention.start)
            found = head.search(self.text, s_start, end)
            if found is None:
                continue
            first = self.first_mention(s_start, found.start())
            if first is not None and first.entity is not None and first.entity.type == "ORG":
                return first.entity
            nearby = _Mention(found.start(), found.end(), "nominal", head=mention.head)
            org = self._org_near(nearby)
            if org is not None and org.type == "ORG":
                return org
        return None

    def _sentence_index(self, pos: int) -> int:
        i = bisect_right(self.sentences._starts, pos) - 1
        return max(i, 0)

    def _subject_candidates(self, pos: int) -> list[Entity]:
        """First speaker-typed entity (outside quotes) of each sentence, newest first."""
        out: list[Entity] = []
        i = self._sentence_index(pos)
        for k in range(i, max(-1, i - _SENTENCE_LOOKBACK), -1):
            s_start, s_end = self.sentence_spans[k]
            ents = self.entities_between(s_start, min(s_end, pos))
            out.extend(ents)
        return out

    def last_person(self, pos: int, gender: str, depth: int = 0) -> Entity | None:
        """The person a pronoun at ``pos`` refers to: the subject of the nearest sentence.

        A sentence's subject is its first mention; when that is itself a pronoun or
        "the <role>", it is resolved in turn (a few levels at most). Whole sentences'
        answers are cached, so a long run of "he said" stays linear.
        """
        i = self._sentence_index(pos)
        found, settled = self._subject_in(i, pos, gender, depth)
        if settled:
            return found
        for k in range(i - 1, max(-1, i - _SENTENCE_LOOKBACK), -1):
            key = (k, gender)
            if key not in self._subject_cache:
                self._subject_cache[key] = self._subject_in(
                    k, self.sentence_spans[k][1], gender, depth
                )
            found, settled = self._subject_cache[key]
            if settled:
                return found
        # No subject nearby: the latest person named outside quotations.
        j = bisect_left(self._entity_starts, pos) - 1
        stop = max(-1, j - _MAX_ENTITIES_BACK)
        while j > stop:
            e = self.entities[j]
            known = self._genders.get(e.canonical)
            if (
                e.type == "PERSON"
                and not self.inside_quote(e.start)
                and (gender not in ("male", "female") or known in (None, gender))
            ):
                return e
            j -= 1
        return None

    def _subject_in(self, k: int, pos: int, gender: str, depth: int) -> tuple[Entity | None, bool]:
        """Sentence ``k``'s person (up to ``pos``), and whether the search stops here."""
        s_start, s_end = self.sentence_spans[k]
        end = min(s_end, pos)
        inverted = self._inverted_subject(s_start, end)
        if inverted is not None:
            # "It was no good Mr Lang claiming ..., argued Mr Hughes.": the one who argued.
            known = self._genders.get(inverted.canonical)
            if gender not in ("male", "female") or known in (None, gender):
                return inverted, True
        first = self.first_mention(s_start, end)
        if first is not None and depth < 4:
            if first.kind == "pronoun" and first.head in ("he", "she") and first.start < pos:
                g = PRONOUNS.get(first.head, "")
                if gender not in ("male", "female") or g == gender:
                    return self.last_person(first.start, g, depth + 1), True
            if first.kind == "nominal" and first.head in PERSON_ROLE_NOUNS:
                found = self.person_with_role(first.head, first.start)
                if found is None:
                    found = self.last_person(first.start, gender, depth + 1)
                if found is not None:
                    return found, True
        for e in self.entities_between(s_start, end):
            if e.type != "PERSON":
                continue
            known = self._genders.get(e.canonical)
            if gender in ("male", "female") and known is not None and known != gender:
                continue
            return e, True
        return None, False

    def _inverted_subject(self, start: int, end: int) -> Entity | None:
        """The person named right after an inverted speech verb in [start, end): '"...,"
        argued Mr Hughes', '..., said Ms Carter.' (the verb after a comma or a closing mark)."""
        text = self.text
        for verb in reversed(self.speech_verbs_in(start, end)):
            word = verb.group().lower()
            if word.endswith("ing") or word in ("told", "tell", "tells"):
                continue
            lead = text[max(start, verb.start() - 40) : verb.start()].rstrip()
            lead_words = _WORD.findall(lead)
            while lead_words and lead_words[-1].lower() in SKIP_WORDS:
                lead = lead[: lead.rfind(lead_words.pop())].rstrip()
            if not lead or lead[-1] not in ',"\u201d\u2019':
                continue
            if lead[-1] == "," and self.mention_before(verb.start(), start) is not None:
                continue  # "Evan Mann, a senior analyst, said Mr Lynch's job ...": not inverted
            found = self.mention_after(verb.end(), end)
            if (
                found is not None
                and found.entity is not None
                and found.entity.type == "PERSON"
                and found.start - verb.end() <= 40
                and not text.startswith(("'s", "\u2019s"), found.end)
            ):
                return found.entity
        return None

    def last_org(self, pos: int, mode: str, head: str = "") -> Entity | None:
        """The organisation a reference at ``pos`` means.

        mode "subject" ("it", "they"): the organisation a recent sentence is about, if its
        first mention is one; "near" ("a spokesman"): one named in this or the two
        sentences before; "any" ("the committee"): the latest whose name has the noun,
        else the latest named.
        """
        i = self._sentence_index(pos)
        if mode == "subject":
            for k in range(i, max(-1, i - 3), -1):
                s_start, s_end = self.sentence_spans[k]
                first = self.first_mention(s_start, min(s_end, pos))
                if first is None:
                    continue
                if first.entity is not None:
                    return first.entity if first.entity.type in _ORG_TYPES else None
                if first.kind == "nominal" and first.head in ORG_REF_NOUNS and first.start < pos:
                    return self.last_org(first.start, "any", first.head)
                return None
            return None
        if mode == "any" and head:
            j = bisect_left(self._entity_starts, pos) - 1
            stop = max(-1, j - _MAX_ENTITIES_BACK)
            while j > stop:
                e = self.entities[j]
                if (
                    e.type == "ORG"
                    and not e.text[:1].isdigit()
                    and head in e.canonical.lower()
                    and not self.inside_quote(e.start)
                ):
                    return e
                j -= 1
            if head in _STRICT_ORG_HEADS:
                return None  # "the information commissioner's office": not the last party named
        reach = 3 if mode == "near" else _SENTENCE_LOOKBACK
        for k in range(i, max(-1, i - reach), -1):
            s_start, s_end = self.sentence_spans[k]
            orgs = [
                e
                for e in self.entities_between(s_start, min(s_end, pos))
                if e.type == "ORG"
                and not e.text[:1].isdigit()  # "30C" is no organisation
                and not _LISTENER_BEFORE.search(self.text, max(0, e.start - 30), e.start)
            ]
            if orgs:
                return orgs[-1]
        if mode == "near":
            return None
        j = bisect_left(self._entity_starts, pos) - 1
        stop = max(-1, j - _MAX_ENTITIES_BACK)
        while j > stop:
            e = self.entities[j]
            if e.type == "ORG" and not e.text[:1].isdigit() and not self.inside_quote(e.start):
                return e
            j -= 1
        return None

    def person_with_role(self, head: str, pos: int) -> Entity | None:
        """The latest person introduced with a role ending in ``head`` ("Tory co-chairman Liam Fox")."""
        i = bisect_left(self._entity_starts, pos) - 1
        stop = max(-1, i - _MAX_ENTITIES_BACK)
        while i > stop:
            e = self.entities[i]
            if e.type == "PERSON":
                role = self.role_of(e.start, e.end)
                if role and head in {*role.lower().replace("-", " ").split(), role.lower()}:
                    return e
                if role and role.lower().endswith(head):
                    return e
            i -= 1
        return None

    def known_role(self, canonical: str, pos: int) -> str | None:
        """The role given to the person named ``canonical`` at a mention before ``pos``."""
        if self._roles is None:
            self._roles = {}
            for e in self.entities:
                if e.type == "PERSON":
                    self._roles.setdefault(e.canonical, []).append(e)
        for e in self._roles.get(canonical, ())[:20]:
            if e.start >= pos:
                break
            role = self.role_of(e.start, e.end)
            if role:
                return role
        return None

    def role_of(self, start: int, end: int) -> str | None:
        """A job title before the name ("Tory leader") or in an apposition after it."""
        return self._premodifier_role(start) or self._apposition_role(end)

    def _premodifier_role(self, start: int) -> str | None:
        text = self.text
        words = self.words(max(0, start - 80), start)
        while words and words[-1].group() in PERSON_TITLES:
            words.pop()
        # The role must touch the name; a title's own dot ("Mr.") may stand between.
        if not words or text[words[-1].end() : start].strip() not in ("", "."):
            return None
        last = words[-1].group().lower() if words else ""
        if last not in PERSON_ROLE_NOUNS:
            return None
        first = len(words) - 1
        para = self.paragraphs.containing(start)
        para_start = para[0] if para else 0
        while first > 0:
            prev = words[first - 1]
            gap = text[prev.end() : words[first].start()]
            if gap not in (" ",) or prev.start() < para_start:
                break
            pl = prev.group().lower()
            in_org = (
                any(
                    e.type in _ORG_TYPES
                    for e in self.entities_between(prev.start(), prev.end() + 1)
                )
                or self.entity_at(prev.start(), prev.end()) is not None
            )
            if pl in ROLE_MODIFIERS or pl in PERSON_ROLE_NOUNS or in_org:
                first -= 1
                continue
            break
        role = text[words[first].start() : words[-1].end()]
        return role or None

    def _apposition_role(self, end: int) -> str | None:
        text = self.text
        if not text.startswith(", ", end):
            return None
        stop = end + 2
        limit = min(len(text), end + 140)
        while stop < limit and text[stop] not in ',.;:\n"\u201c\u201d(':
            stop += 1
        if stop < limit and text[stop] == "." and text[stop - 2 : stop] in ("Mr", "Dr", "St"):
            return None
        phrase = text[end + 2 : stop].strip()
        ws = [w.group().lower() for w in _WORD.finditer(phrase)]
        if not ws or len(ws) > 14 or any(w in SPEECH_VERBS for w in ws):
            return None
        if not any(w in PERSON_ROLE_NOUNS or w.rsplit("-", 1)[-1] in PERSON_ROLE_NOUNS for w in ws):
            return None
        if ws[0] in ("who", "which", "whose", "where", "when", "and", "but"):
            return None
        phrase = re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.I)
        return phrase or None

    # ---- attributions ---------------------------------------------------------------

    def speech_verbs_in(self, start: int, end: int) -> list[re.Match[str]]:
        """The last few speech verbs (outside quotations) in [start, end), in text order.

        A short lead-in is read directly; a long stretch is read a block at a time and
        each block only once, so many quotations in one long sentence stay linear.
        """
        start = max(start, end - _MAX_SPAN)
        if end - start <= _VERB_BLOCK // 4:
            found = [
                w
                for w in _WORD.finditer(self.text, start, end)
                if _is_speech_verb(w.group()) and not self.inside_quote(w.start())
            ]
            return found[-_MAX_VERBS:]
        found = []
        for block in range(start // _VERB_BLOCK, (end - 1) // _VERB_BLOCK + 1):
            verbs = self._verb_blocks.get(block)
            if verbs is None:
                verbs = self._verb_blocks[block] = self._scan_verbs(block)
            found.extend(w for w in verbs if start <= w.start() and w.end() <= end)
        return found[-_MAX_VERBS:]

    def _scan_verbs(self, block: int) -> list[re.Match[str]]:
        """Speech verbs outside quotations that start in block ``block`` of the text."""
        text = self.text
        lo, hi = block * _VERB_BLOCK, min(len(text), (block + 1) * _VERB_BLOCK)
        out = []
        for w in _WORD.finditer(text, lo, min(len(text), hi + 40)):
            if w.start() >= hi:
                break
            if w.start() > 0 and text[w.start() - 1].isalnum():
                continue  # the tail of a word cut by the block's start
            if _is_speech_verb(w.group()) and not self.inside_quote(w.start()):
                out.append(w)
        return out

    def quoted_as(self, pos: int, floor: int) -> _Mention | None:
        """The one quoted in "X quoted Y as saying" / "Y was quoted as saying" (the verb
        "saying" at ``pos``); None when the verb is not in such a phrase."""
        lo = max(floor, pos - 80)
        passive = _QUOTED_PASSIVE.search(self.text, lo, pos)
        if passive is not None:
            # "Starmer was quoted as saying": the subject of the passive.
            found = self.mention_before(passive.start(), floor)
            if found is not None:
                return found
        active = _QUOTED_ACTIVE.search(self.text, lo, pos)
        if active is not None:
            # "Xinhua quoted Xi as saying": the one quoted, not the quoting outlet.
            persons = [
                e
                for e in self.entities_between(active.start(1), active.end(1))
                if e.type == "PERSON"
            ]
            if persons:
                return _Mention(persons[0].start, persons[0].end, "entity", persons[0])
            found = self.mention_after(active.start(1), active.end(1))
            # "Reuters quoted a central bank official as saying": unnamed, not Reuters.
            return found or _Mention(active.start(1), active.start(1), "anonymous")
        return None

    def attribute_verb(self, verb: re.Match[str], floor: int, ceiling: int) -> _Mention | None:
        """The speaker of a speech verb: its subject before it, else the name after it."""
        word = verb.group().lower()
        if word in DOCUMENT_VERBS and word not in SPEECH_VERBS:
            # "the report found": a document or an organisation gives these words, no one else.
            found = self.mention_before(verb.start(), floor)
            if found is not None and (
                (found.kind == "nominal" and found.head in _ISSUED_DOCUMENTS)
                or (found.entity is not None and found.entity.type == "ORG")
            ):
                return found
            return None
        quoted = self.quoted_as(verb.start(), floor)
        if quoted is not None:
            return quoted
        before = self.mention_before(verb.start(), floor)
        if word.endswith("ing"):
            # "He warned ..., saying:" - the subject of the main clause.
            first = self.first_mention(floor, verb.start())
            if first is not None:
                return first
        if before is not None:
            return before
        # Inverted order only right after a quotation, a comma or at the clause start:
        # '"...," said Mr Aiyar', 'Said the firm: ...'.
        lead = self.text[max(floor, verb.start() - 40) : verb.start()].rstrip()
        lead_words = _WORD.findall(lead)
        while lead_words and lead_words[-1].lower() in SKIP_WORDS:
            lead = lead[: lead.rfind(lead_words.pop())].rstrip()
        if word in ("told", "tell", "tells", "telling"):
            return None  # "..., told AFP": the outlet after it is the listener
        if verb.start() - floor <= 2 or not lead or lead[-1] in ",:;\"\u201d'\u2019":
            return self.mention_after(verb.end(), ceiling)
        return None

    def first_mention(self, start: int, end: int) -> _Mention | None:
        """The first speaker mention (name, pronoun, "the <role>") in [start, end), outside quotes."""
        words = self.words(start, min(end, start + _CLAUSE_REACH))
        for i, w in enumerate(words):
            if self.inside_quote(w.start()):
                continue
            low = w.group().lower()
            prev = words[i - 1].group().lower() if i > 0 else ""
            e = self.entity_starting_at(w.start())
            if e is not None and e.end <= end:
                if prev in _PREPOSITIONS and self.text[words[i - 1].end() : e.start] == " ":
                    # "Protesters outside Sanaa University": a place, not the subject.
                    continue
                if e.type != "PERSON":
                    person = self._person_after_role(e.end, end)
                    if person is not None:
                        # "Labour leader Keir Starmer": the person, not the party.
                        return _Mention(person.start, person.end, "entity", person)
                return _Mention(e.start, e.end, "entity", e)
            if low in ("he", "she", "they", "it"):
                return _Mention(w.start(), w.end(), "pronoun", head=low)
            if (
                low in ANONYMOUS_NOUNS
                and (low.endswith("s") or low in _CROWD_NOUNS)
                and prev not in _PREPOSITIONS
                and (i == 0 or w.group().islower())
            ):
                # "Protesters chanted", "loyalists shouted", "researchers found": a group
                # of unnamed people is the subject.
                return _Mention(w.start(), w.end(), "nominal", head=low)
            if low in ("the", "a", "an") and i < 2:
                for nxt in words[i + 1 : i + 5]:
                    nl = nxt.group().lower()
                    head = "year-old" if nl.endswith("year-old") else nl
                    if (
                        head in PERSON_ROLE_NOUNS
                        or head in ORG_REF_NOUNS
                        or head in ORG_SPEAKER_NOUNS
                    ):
                        return _Mention(w.start(), nxt.end(), "nominal", head=head)
                    if head in ANONYMOUS_NOUNS:
                        return _Mention(w.start(), nxt.end(), "nominal", head=head)
        return None

    def _person_after_role(self, pos: int, end: int) -> Entity | None:
        """A person named right after role words at ``pos``: "(Labour) leader Keir Starmer"."""
        ws = self.words(pos, min(end, pos + 60))[:5]
        for k, w in enumerate(ws):
            low = w.group().lower()
            if low in PERSON_ROLE_NOUNS or low in ROLE_MODIFIERS or w.group() in PERSON_TITLES:
                continue
            if k == 0:
                return None
            e = self.entity_starting_at(w.start())
            return e if e is not None and e.type == "PERSON" and e.end <= end else None
        return None

    def sentence_person(self, start: int, end: int, anywhere: bool) -> Speaker | None:
        """The person a stretch of narrative is about: a PERSON near its start (or anywhere)."""
        words = [w for w in self.words(start, end) if not self.inside_quote(w.start())]
        reach = words if anywhere else words[:8]
        for w in reach:
            low = w.group().lower()
            e = self.entity_starting_at(w.start())
            if e is not None and e.type == "PERSON" and e.end <= end:
                return self.resolve(_Mention(e.start, e.end, "entity", e), start)
            if low in ("he", "she") and not anywhere:
                spk = self.resolve(_Mention(w.start(), w.end(), "pronoun", head=low), start)
                return spk if spk.name else None
        return None

    def owner_before(self, start: int, pos: int) -> _Mention | None:
        """The person or organisation whose words a quotation opening at ``pos`` are.

        'Satya Nadella's vision of "democratizing" AI': a possessive name right before the
        marks, with a few words and no verb, comma or role noun between.
        """
        lo = max(start, pos - 60)
        window = self.text[lo:pos]
        if "'s " not in window and "\u2019s " not in window:
            return None
        words = self.words(lo, pos)[-6:]
        for k in range(len(words) - 1, -1, -1):
            w = words[k]
            if not w.group().endswith(("'s", "\u2019s")):
                continue
            between = [b.group().lower() for b in words[k + 1 :]]
            if not between or len(between) > 3 or between[0] not in WORDS_NOUNS:
                return None
            if len(between) == 1 or between[-1] not in _OWNER_LINKS:
                return None  # 'GM's argument "has no legs"' is someone's verdict on it
            if "as" in between or any(ch in self.text[w.end() : pos] for ch in ",;:."):
                return None  # 'Labour's pledges as "vacuous"' is someone else's verdict
            e = self.entity_ending_at(w.end() - 2)
            if e is not None and e.type in ("PERSON", "ORG") and not self.inside_quote(e.start):
                return _Mention(e.start, e.end, "entity", e)
            return None
        return None

    def according_to(self, start: int, end: int) -> _Mention | None:
        """The source after "according to" in a lead-in (the nearest few hundred characters)."""
        start = max(start, end - _LEAD_IN_REACH)
        idx = self.text.find("according to ", start, end)
        if idx < 0:
            idx = self.text.find("According to ", start, end)
        if idx < 0:
            return None
        return self.mention_after(idx + len("according to "), end)
