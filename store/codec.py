"""Compact on-disk form of extracted items: lists of field values, item text rebuilt from the article."""

from __future__ import annotations

from dataclasses import fields
from functools import cache
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
    for kind, cls in KINDS.items():
        names = order.get(kind, [])
        known = {f.name for f in fields(cls)}
        items = getattr(out, kind)
        for values in encoded.get(kind, ()):
            kwargs = {n: v for n, v in zip(names, values, strict=False) if n in known}
            kwargs["text"] = text[kwargs["start"] : kwargs["end"]]
            items.append(cls(**kwargs))
    return out
