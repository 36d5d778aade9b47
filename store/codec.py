"""Compact on-disk form of extracted items: lists of field values, item text rebuilt from the article."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from functools import cache
from itertools import repeat
from typing import Any

from store.records import Entity, Extraction, Figure, Quote

KINDS: dict[str, type] = {"entities": Entity, "quotes": Quote, "figures": Figure}


def item_fields() -> dict[str, list[str]]:
    """The stored field order per item kind (every dataclass field except the span's text)."""
    return _item_fields()


@cache
def _item_fields() -> dict[str, list[str]]:
    return {kind: [f.name for f in fields(cls) if f.name != "text"] for kind, cls in KINDS.items()}


def encode(extraction: Extraction) -> dict[str, list[list[Any]]]:
    """Items as lists of values in ``item_fields()`` order."""
    order = _item_fields()
    return {
        kind: [[getattr(item, name) for name in order[kind]] for item in getattr(extraction, kind)]
        for kind in KINDS
    }


def decode(
    text: str, encoded: dict[str, list[list[Any]]], order: dict[str, list[str]]
) -> Extraction:
    """Rebuild an Extraction from ``encode`` output written with field order ``order``."""
    out = Extraction()
    for kind in KINDS:
        rows = encoded.get(kind)
        if rows:
            setattr(out, kind, decode_kind(text, kind, rows, order.get(kind, [])))
    return out


def decode_kind(text: str, kind: str, rows: list[list[Any]], names: list[str]) -> list[Any]:
    """Items of one kind (``"entities"``...) from their stored value lists in field order ``names``."""
    return list(map(_builder(kind, tuple(names)), repeat(text), rows))


@cache
def _builder(kind: str, names: tuple[str, ...]) -> Callable[[str, list[Any]], Any]:
    """A function (text, values) -> item for values stored in field order ``names``."""
    cls = KINDS[kind]
    current = [f.name for f in fields(cls)]
    n = len(names)
    if current[:3] == ["start", "end", "text"] and list(names) == current[:2] + current[3:]:
        # Written by this version: positional, the span's text sliced from the article.
        def build_current(text: str, values: list[Any]) -> Any:
            start, end = values[0], values[1]
            return cls(start, end, text[start:end], *values[2:n])

        return build_current
    known = set(current)

    def build_other(text: str, values: list[Any]) -> Any:
        kwargs = {name: v for name, v in zip(names, values, strict=False) if name in known}
        kwargs["text"] = text[kwargs["start"] : kwargs["end"]]
        return cls(**kwargs)

    return build_other
