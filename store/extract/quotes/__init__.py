"""Direct quotations and their speakers: marks paired per paragraph, attributions resolved.

The pipeline: ``marks`` finds candidate spans; ``attribution`` names each one's speaker
from its own sentence (through ``mentions``, ``roles``, ``names`` and ``coreference``
over the article's ``index``); ``propagation`` carries speakers to quotations without
one; ``filters`` drops titles, names and scare quotes. Word lists are in ``lexicon``.
"""

from __future__ import annotations

from store.extract.quotes.attribution import Attribution
from store.extract.quotes.context import QuoteContext
from store.extract.quotes.filters import Filters
from store.extract.quotes.index import Speaker
from store.extract.quotes.marks import Candidate, find_candidates
from store.extract.quotes.propagation import Propagation
from store.extract.text import paragraphs
from store.records import Entity, Quote


def find_quotes(text: str, entities: list[Entity]) -> list[Quote]:
    """Every direct quotation in ``text``, in order, with its speaker where the article names one."""
    paragraph_spans = paragraphs(text)
    cands = find_candidates(text, paragraph_spans)
    if not cands:
        return []
    ctx = QuoteContext(text, paragraph_spans, entities, [(c.open_at, c.close_end) for c in cands])
    attribution = Attribution(ctx)
    filters = Filters(ctx, attribution)
    _attribute_all(cands, attribution, filters)
    propagation = Propagation(ctx)
    propagation.propagate(cands)
    propagation.headline(cands)
    propagation.subheadings(cands)
    filters.repeated_labels(cands)
    quotes: list[Quote] = []
    for i, c in enumerate(cands):
        if not filters.keep(c, cands[i - 1] if i > 0 else None):
            continue
        spk = c.speaker or Speaker(None, None, None, None)
        quotes.append(
            Quote(c.start, c.end, text[c.start : c.end], spk.name, spk.role, spk.start, spk.end)
        )
    return quotes


def _attribute_all(cands: list[Candidate], attribution: Attribution, filters: Filters) -> None:
    """Each candidate's own attribution, in text order, with the one before in its paragraph.

    An unclosed name or title is dropped whoever said it (not attributed); a title before a
    quotation does not end its lead-in: 'The singer, who released "Blue Skies", said: "..."'.
    """
    labels = [filters.looks_like_label(c) for c in cands]
    prev: Candidate | None = None
    for i, c in enumerate(cands):
        if prev is not None and prev.para != c.para:
            prev = None
        nxt = cands[i + 1] if i + 1 < len(cands) and cands[i + 1].para == c.para else None
        if labels[i] and not c.closed and filters.bare_title(c, c.para > 0 or i >= 5):
            c.dead = True
            continue
        attribution.attribute(c, prev, nxt)
        if not labels[i]:
            prev = c


__all__ = ["find_quotes"]
