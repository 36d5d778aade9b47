"""The article list: every stored article, sortable, filterable by a search."""
