"""newsexplore's headless core: read articles, extract, store and search. Never imports Textual."""

from store.records import Article, ArticleSummary, Entity, Extraction, Figure, Quote

__all__ = ["Article", "ArticleSummary", "Entity", "Extraction", "Figure", "Quote"]

_LAZY = {
    "Store": "store.db",
    "StoreError": "store.storage",
    "IngestReport": "store.ingest",
    "IngestProgress": "store.ingest",
    "ReadError": "store.readers",
    "read_paths": "store.readers",
}


def __getattr__(name: str) -> object:
    """``from store import Store`` etc. without loading TinyDB for every ``import store``."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'store' has no attribute {name!r}")
