"""The extraction pipeline behind one call: ``extract(article) -> Extraction``.

Entities come first because quotes resolve speakers through them and figures
skip numbers that belong to names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.records import Article, Extraction

# Bump when any extractor's output changes: stored articles are re-extracted.
EXTRACTOR_VERSION = 3


def extract_text(text: str) -> Extraction:
    """Extract entities, quotes and figures from an article's text."""
    # Imported here, not above: the package also holds the lexicons and number tables that
    # reading a store and parsing a query need, and loading every extractor takes ~0.25 s.
    from store.extract.entities import find_entities
    from store.extract.figures import find_figures
    from store.extract.quotes import find_quotes
    from store.records import Extraction

    entities = find_entities(text)
    quotes = find_quotes(text, entities)
    figures = find_figures(text, entities)
    return Extraction(entities=entities, quotes=quotes, figures=figures)


def extract(article: Article) -> Extraction:
    """Extract entities, quotes and figures from ``article.text``; nothing from a non-English one.

    The rules and word lists are English: on German text every capitalised noun became an
    "entity" ("Patienten" PERSON, "Die" ORG). An article whose language is known and is not
    English is stored with its language and no items; one whose language is unknown (too short
    to tell) is extracted as before.
    """
    from store.lang import is_english
    from store.records import Extraction

    if not is_english(article.language):
        return Extraction()
    return extract_text(article.text)


__all__ = ["EXTRACTOR_VERSION", "extract", "extract_text"]
