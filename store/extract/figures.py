"""Figures: money, percentages, counts, quantities, multipliers, ranks, durations, dates."""

from __future__ import annotations

import re

from store.records import Entity, Figure

_NUMBER = re.compile(r"\b\d[\d,]*(?:\.\d+)?\b")


def find_figures(text: str, entities: list[Entity]) -> list[Figure]:
    """Every numeric expression in ``text`` with its kind and normalised value."""
    out = []
    for m in _NUMBER.finditer(text):
        value = float(m.group().replace(",", ""))
        out.append(Figure(m.start(), m.end(), m.group(), "count", value))
    return out
