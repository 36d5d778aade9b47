"""The extraction pipeline behind one call: ``extract(article) -> Extraction``.

Entities come first because quotes resolve speakers through them and figures
skip numbers that belong to names.
"""

from __future__ import annotations

from store.extract.entities import find_entities
from store.extract.figures import find_figures
from store.extract.quotes import find_quotes
from store.records import Article, Extraction

# Bump when any extractor's output changes: stored articles are re-extracted.
EXTRACTOR_VERSION = 2


def extract_text(text: str) -> Extraction:
    """Extract entities, quotes and figures from an article's text."""
    entities = find_entities(text)
    quotes = find_quotes(text, entities)
    figures = find_figures(text, entities)
    return Extraction(entities=entities, quotes=quotes, figures=figures)


def extract(article: Article) -> Extraction:
    """Extract entities, quotes and figures from ``article.text``."""
    return extract_text(article.text)


__all__ = ["EXTRACTOR_VERSION", "extract", "extract_text"]
