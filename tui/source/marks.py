"""What to highlight for a selection: pure functions from items to (start, end, class) marks."""

from __future__ import annotations

from collections.abc import Sequence

from store.records import Entity, Figure, Quote
from tui.source.spans import noun_span

Span = tuple[int, int]
Mark = tuple[int, int, str]


def entity_marks(mentions: Sequence[Entity], selected: int) -> tuple[list[Mark], Span | None]:
    """Every mention of an entity, and the ``selected``-th (wrapping) more strongly."""
    if not mentions:
        return [], None
    marks: list[Mark] = [(e.start, e.end, "source--entity") for e in mentions]
    chosen = mentions[selected % len(mentions)]
    marks.append((chosen.start, chosen.end, "source--entity-selected"))
    return marks, (chosen.start, chosen.end)


def quote_marks(quote: Quote) -> tuple[list[Mark], Span]:
    """The quote, and its speaker's name where the text names them."""
    marks: list[Mark] = [(quote.start, quote.end, "source--quote")]
    if quote.speaker_start is not None and quote.speaker_end is not None:
        marks.append((quote.speaker_start, quote.speaker_end, "source--speaker"))
    return marks, (quote.start, quote.end)


def figure_marks(text: str, figure: Figure) -> tuple[list[Mark], Span]:
    """The figure, and the noun it counts where it is written next to it."""
    marks: list[Mark] = [(figure.start, figure.end, "source--figure")]
    noun = noun_span(text, figure)
    if noun is not None:
        marks.append((*noun, "source--noun"))
    return marks, (figure.start, figure.end)


def match_marks(spans: Sequence[Span], current: int) -> tuple[list[Mark], Span | None]:
    """Every search match, and the ``current`` one (if any) more strongly."""
    marks: list[Mark] = [(start, end, "source--match") for start, end in spans]
    if 0 <= current < len(spans):
        marks.append((*spans[current], "source--match-current"))
        return marks, spans[current]
    return marks, None
