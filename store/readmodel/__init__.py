"""The on-disk read model: a SQLite index (FTS5) derived from the store's shards.

The shards stay the record; this index holds article summaries, entity mentions, quotes,
figures and the full-text index, kept exact per batch and rebuildable at any time.
"""

from __future__ import annotations

from store.readmodel.build import (
    ArticleRows,
    apply_batch,
    counts,
    index_path_for,
    is_stale,
    rebuild,
    rows_for,
    rows_for_encoded,
    store_generation,
)
from store.readmodel.fold import fold
from store.readmodel.schema import (
    INDEX_SCHEMA,
    IndexPathError,
    get_meta,
    needs_rebuild,
    open_index,
    rebuild_reason,
)

__all__ = [
    "INDEX_SCHEMA",
    "ArticleRows",
    "IndexPathError",
    "apply_batch",
    "counts",
    "fold",
    "get_meta",
    "index_path_for",
    "is_stale",
    "needs_rebuild",
    "open_index",
    "rebuild",
    "rebuild_reason",
    "rows_for",
    "rows_for_encoded",
    "store_generation",
]

# The query language over the index, its SQL and the corpus tables (helper B's modules).
from store.readmodel.query import QueryError, parse
from store.readmodel.sql import Count, Search, compile_query
from store.readmodel.tables import (
    entities_table,
    figure_texts,
    figures_table,
    speakers_table,
)

__all__ += [
    "Count",
    "QueryError",
    "Search",
    "compile_query",
    "entities_table",
    "figure_texts",
    "figures_table",
    "parse",
    "speakers_table",
]
