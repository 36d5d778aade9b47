"""newsexplore's headless core: read articles, extract, store and search. Never imports Textual."""

from store.records import Article, ArticleSummary, Entity, Extraction, Figure, Quote

__all__ = ["Article", "ArticleSummary", "Entity", "Extraction", "Figure", "Quote"]
