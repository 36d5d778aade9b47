"""What every quote rule reads: the text, its paragraphs, and the article's resolvers."""

from __future__ import annotations

from store.extract.quotes.coreference import Coreference
from store.extract.quotes.index import ArticleIndex
from store.extract.quotes.mentions import Mentions
from store.extract.quotes.names import Names
from store.extract.quotes.roles import Roles
from store.records import Entity


class QuoteContext:
    """One article's text with its index, names, roles, mentions and coreference, built once.

    The quote rules (``attribution``, ``propagation``, ``filters``) read it through
    ``QuoteRules``; each resolver only knows the ones below it (index <- names <- roles
    <- mentions <- coreference), so no part calls back into a caller.
    """

    def __init__(
        self,
        text: str,
        paragraph_spans: list[tuple[int, int]],
        entities: list[Entity],
        quote_spans: list[tuple[int, int]],
    ) -> None:
        self.text = text
        # Lower-cased once: rules that read words case-blind slice it (offsets as in
        # ``text.lower()``); lower-casing per quotation made a long article quadratic.
        self.lowered = text.lower()
        self.paragraph_spans = paragraph_spans
        self.index = ArticleIndex(text, entities, quote_spans)
        self.names = Names(self.index)
        self.roles = Roles(self.index, self.names)
        self.mentions = Mentions(self.index, self.roles)
        self.coref = Coreference(self.index, self.names, self.roles, self.mentions)


class QuoteRules:
    """Base of a rule set: the context's parts as attributes, so rules read ``self.index``."""

    def __init__(self, ctx: QuoteContext) -> None:
        self.text = ctx.text
        self.lowered = ctx.lowered
        self.paragraph_spans = ctx.paragraph_spans
        self.index = ctx.index
        self.names = ctx.names
        self.roles = ctx.roles
        self.mentions = ctx.mentions
        self.coref = ctx.coref
