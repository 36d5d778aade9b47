"""Named entities: capitalised names, typed from evidence, with a canonical name per entity.

Rules and lexicons only (``re`` and dicts, linear time). Capitalised tokens are
joined into runs over spaces and name connectors ("of", "and", "&", "de", "van")
(``runs``); runs are split at titles ("Mr", "Prime Minister"), possessives, days and
months, and sentence-initial common words (``split``); each mention is typed from
lexicons, head words ("Bank", "Airport", "Act"), titles and context ("said Smith",
"in Jordan") (``classify``); finally names are resolved across the article
(``resolve``): surnames to the full name ("Mr Blair" -> "Tony Blair"), acronyms to the
name they abbreviate, short company names to the fuller form. Word lists: ``lexicon``.
"""

from __future__ import annotations

from store.extract.entities.classify import type_span, work_titles
from store.extract.entities.lexicon import CALENDAR, TITLE_MODIFIERS, TITLES
from store.extract.entities.resolve import (
    headline_spans,
    one_type_per_entity,
    resolve_mentions,
    surname_tails,
    without_codes_and_headlines,
)
from store.extract.entities.runs import Run, find_runs, headline_extent
from store.extract.entities.spans import Span, extend_span
from store.extract.entities.split import split_run
from store.extract.entities.words import Lowered
from store.records import Entity


def find_entities(text: str) -> list[Entity]:
    """Every mention of a named entity in ``text``, in order, without overlaps."""
    spans: list[Span] = []
    headline_end, title_case = headline_extent(text)
    headline_runs: list[Run] = []
    lowered = Lowered(text)
    for run in find_runs(text, headline_end, title_case):
        if title_case and run.tokens[0][0] < headline_end:
            headline_runs.append(run)
            continue
        if len(run.tokens) == 1 and not run.ambiguous[0]:
            word = run.tokens[0][2]
            if not (word in TITLES or word in TITLE_MODIFIERS or word in CALENDAR):
                # A lone mid-sentence word: no splitting to do.
                pieces = [Span(text, run.tokens, run.links, the=run.the)]
            else:
                pieces = split_run(text, run, lowered)
        else:
            pieces = split_run(text, run, lowered)
        for span in pieces:
            if span.type != "?":
                extend_span(text, span)
                if not span.type:
                    type_span(text, span)
                if not span.type:
                    continue
            spans.append(span)
    if headline_runs:
        spans = headline_spans(text, headline_runs, spans) + spans
    resolve_mentions(text, spans)

    works = work_titles(text)
    entities: list[Entity] = []
    w = 0
    n_works = len(works)
    for span in spans:
        if span.type == "" or span.type == "?":
            continue
        while w < n_works and works[w][1] <= span.start:
            ws, we = works[w]
            entities.append(Entity(ws, we, text[ws:we], "WORK_OF_ART", text[ws:we]))
            w += 1
        if w < n_works and works[w][0] < span.end:
            continue  # inside a quoted title
        if entities and entities[-1].end > span.start:
            continue
        entities.append(
            Entity(span.start, span.end, span.text, span.type, span.canonical or span.text)
        )
    for ws, we in works[w:]:
        if not entities or entities[-1].end <= ws:
            entities.append(Entity(ws, we, text[ws:we], "WORK_OF_ART", text[ws:we]))
    entities = without_codes_and_headlines(text, entities)
    surname_tails(entities)
    one_type_per_entity(entities)
    return entities
