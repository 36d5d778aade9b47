"""Language detection: the ISO 639-1 code of an article's text, through py3langid (loaded on first use).

The detector (a byte n-gram Naive Bayes model of 97 languages, ~4.5 MB, with numpy) is imported
and its model loaded only when the first text long enough to judge arrives, so commands that
read no articles never pay for it. Only a bounded prefix of the text is classified: language
does not change half-way through a news article, and this keeps the cost per article constant.
"""

from __future__ import annotations

from typing import Any

# How much of the text is classified: enough for a confident answer, bounded for speed.
PREFIX_CHARS = 2000
# Below this many letters the answer is a guess (a headline, a caption): no language is given.
MIN_LETTERS = 40
# A language other than English is only claimed when the detector is this sure of it: a wrong
# "not English" would silently skip extraction of an English article, so doubt means unknown.
MIN_CONFIDENCE = 0.5

# The model knows a few languages by ISO 639-3 codes; these have an ISO 639-1 code to use.
_TO_639_1 = {"ary": "ar", "arz": "ar", "yue": "zh", "wuu": "zh", "uzs": "uz", "gug": "gn"}
# "No linguistic content" is no language.
_NOT_LANGUAGES = frozenset({"zxx"})

_identifier: Any = None


def _get_identifier() -> Any:
    global _identifier
    if _identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier  # lazily: numpy and a model

        # Normalised probabilities give a confidence to compare with MIN_CONFIDENCE.
        _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def detect_language(text: str) -> str | None:
    """The language of ``text`` as an ISO 639-1 code ("en", "de"), or None when unsure or too short.

    Languages without an ISO 639-1 code are given by their ISO 639-3 code.
    """
    sample = text[:PREFIX_CHARS]
    if sum(1 for ch in sample if ch.isalpha()) < MIN_LETTERS:
        return None
    code, confidence = _get_identifier().classify(sample)
    code = _TO_639_1.get(code, code)
    if code in _NOT_LANGUAGES:
        return None
    if code != "en" and confidence < MIN_CONFIDENCE:
        return None
    return str(code)


def is_english(language: str | None) -> bool:
    """Whether an article of this language is extracted: English, or a language not known."""
    return language is None or language == "en"


__all__ = ["MIN_LETTERS", "PREFIX_CHARS", "detect_language", "is_english"]
