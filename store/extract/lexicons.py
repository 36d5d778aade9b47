"""Load the word lists and tables under store/extract/data/ once, as frozensets and dicts.

This is the engine only: each extractor's ``lexicon`` module (``quotes/lexicon.py``,
``entities/lexicon.py``, ``figures/lexicon.py``) names what it loads as typed constants.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _lines(name: str) -> list[str]:
    """Non-empty lines of data file ``name`` with ``#`` comments and edge spaces removed.

    ``name`` may omit the extension: ``.txt`` is tried, then ``.tsv``. A ``#`` starts a
    comment only at the start of a line or after whitespace, so entries like "C#" survive.
    """
    path = DATA_DIR / name
    if not path.suffix:
        path = path.with_suffix(".txt")
        if not path.exists():
            path = path.with_suffix(".tsv")
    out = []
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if line.lstrip().startswith("#"):
                continue
            cut = line.find(" #")
            tab_cut = line.find("\t#")
            for c in (cut, tab_cut):
                if c >= 0:
                    line = line[:c]
            line = line.strip(" \r")
            if line.strip():
                out.append(line)
    return out


@cache
def load_lexicon(name: str) -> frozenset[str]:
    """The entries of ``data/<name>`` (one per line, ``#`` comments allowed) as a frozenset."""
    return frozenset(line.strip() for line in _lines(name))


@cache
def load_words(name: str) -> tuple[str, ...]:
    """The entries of ``data/<name>`` in file order, for lists whose order matters (regex
    alternations kept exactly as written, endings tried in turn)."""
    return tuple(line.strip() for line in _lines(name))


@cache
def load_table(name: str) -> dict[str, str]:
    """Two-column tab-separated ``data/<name>`` as a dict (first column -> second column).

    A line without a tab maps the entry to the empty string. Later lines win.
    """
    table: dict[str, str] = {}
    for line in _lines(name):
        key, _, value = line.partition("\t")
        table[key.strip()] = value.strip()
    return table


__all__ = ["DATA_DIR", "load_lexicon", "load_table", "load_words"]
