"""Word shapes for entity rules: acronyms, common words, given names, spellings."""

from __future__ import annotations

from store.extract.entities.lexicon import (
    COMMON_WORDS,
    COMPOUND_TAILS,
    FIRST_NAMES,
    KNOWN,
    LOWERCASE_WORDS,
    NON_ENTITIES,
    SMALL_WORDS,
    SPELLINGS,
    TRAILING,
)


def is_acronym(word: str) -> bool:
    """Convention: two to six capitals ("&" and dots aside) are an acronym. Example: "IMF",
    "S&P", "U.S."."""
    if not word[:2].isupper():
        return False
    letters = word.replace("&", "").replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalnum()


def is_common(word: str) -> bool:
    """A word English writes in lower case, so that its capital says nothing."""
    if word.isupper() and len(word) > 1:
        low = word.lower()
        return low in SMALL_WORDS or word in NON_ENTITIES or (len(word) > 3 and low in COMMON_WORDS)
    low = word.lower()
    return low in COMMON_WORDS or low in SMALL_WORDS or word in NON_ENTITIES


def looks_like_word(word: str) -> bool:
    """A sentence-initial word shaped like an adverb or verb form ("Firstly", "Speaking")."""
    return len(word) > 5 and word.endswith(("ly", "ing", "ed")) and word.lower() == word.lower()


def name_word(word: str) -> bool:
    """Shaped like a personal name: not an acronym, no digits ("Smith", "McDonald")."""
    return (not word.isupper() and word.isalpha()) or ("-" in word or "'" in word)


def given_name_tail(word: str, hyphen: int, joined: bool) -> bool:
    """A romanised East Asian given name: short syllables joined by a hyphen, the second
    in lower case ("Mo-po", "Jong-un", "Ki-moon"), right after another name word."""
    tail = word[hyphen + 1 :]
    return (
        joined and hyphen <= 5 and len(tail) <= 5 and tail.isalpha() and tail not in COMPOUND_TAILS
    )


def first_name(word: str) -> bool:
    """A listed given name, or a hyphenated one starting with one: "Tony", "Jean-Pierre"."""
    return word in FIRST_NAMES or ("-" in word and word.split("-", 1)[0] in FIRST_NAMES)


class Lowered:
    """The words an article writes in lower case, collected on first use (one pass)."""

    __slots__ = ("text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: frozenset[str] | None = None

    def __contains__(self, word: str) -> bool:
        """Whether the article writes ``word`` in lower case somewhere ("labour," counts for
        "Labour")."""
        if self.words is None:
            self.words = frozenset(self.text.split())  # whitespace tokens: fast
        if not word.isalpha():
            return False  # "Amazon.com", "Chandrayaan-3": written so on purpose
        low = word.lower()
        words = self.words
        return low in words or any(low + p in words for p in TRAILING)


def british(low: str) -> str:
    """The British spelling of an American one ("organizers" -> "organisers", "labor"
    -> "labour", "center" -> "centre"): the common-word lists come from British news."""
    if "iz" in low:
        low = low.replace("iz", "is")
    if "yz" in low:
        low = low.replace("yz", "ys")
    for us, gb in SPELLINGS:
        if us in low:
            return low.replace(us, gb)
    return low


def inflected_common(word: str) -> bool:
    """A plural, third-person or American form of a common word ("Rallies", "Senators",
    "Organizers", "Labor")."""
    low = word.lower()
    if len(low) < 4:
        return False
    gb = british(low)
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


def is_place_demonym(word: str) -> bool:
    """ "Siberian", "Mallorcan", "Iraqi": a place name plus a demonym ending."""
    if len(word) < 5 or not word.endswith(("n", "i")):
        return False
    stem = word[:-1]
    return KNOWN.get(stem) in ("GPE", "LOC") or (
        word.endswith("ian") and KNOWN.get(word[:-3] + "ia") in ("GPE", "LOC")
    )


def abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` can stand for ``name``: its initials ("IMF", "TGWU") or a
    shortening of its first word ("Yugansk" for "Yuganskneftegas")."""
    letters = [c for c in short if c.isupper()]
    if len(letters) >= 2:
        wanted = [w[0] for w in name.replace("-", " ").split() if w[:1].isupper()]
        it = iter(wanted)
        return bool(wanted) and letters[0] == wanted[0] and all(c in it for c in letters)
    return len(short) >= 3 and name.startswith(short)


def initials_of(name: str) -> str:
    """The capitals starting the words of ``name``: "International Monetary Fund" -> "IMF"."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())
