"""What the copy keys copy: c (with citation), C (bare words), y (item), p (paragraph), a selection.

Each copies what the pane on screen shows selected, or says there is nothing to copy: never
an item selected earlier in another pane. The citation (title, outlet, date, URL or file path)
is in the format the user chose (``tui.settings``). Everything is neutralised on the way out
(``tui.clipboard.clean``), whatever the article held.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from textual.css.query import NoMatches
from textual.widgets import TabbedContent

from store.sanitize import neutralise
from tui import clipboard
from tui.citation import CitedArticle, with_citation
from tui.items.rows import EntityArticleRow, EntityRow, FigureRow, QuoteRow
from tui.source.paragraphs import block_index, split_blocks
from tui.source.spans import sentence_around

if TYPE_CHECKING:
    from store.records import Article
    from tui.app import NewsExploreApp

NOTHING = {
    "articles": "Nothing to copy: no article selected.",
    "entities": "Nothing to copy: select an entity (2).",
    "quotes": "Nothing to copy: no quote selected; pick one in Quotes (3).",
    "figures": "Nothing to copy: select a figure (4).",
}


def shown_pane(app: NewsExploreApp) -> str:
    """The pane on screen: the active tab (set at once by 1-4, even before the app has
    finished switching, so "3 c" typed in one burst copies from Quotes)."""
    with contextlib.suppress(NoMatches):
        active = app.query_one("#panes", TabbedContent).active.removeprefix("tab-")
        if active in NOTHING:
            return active
    return app.active_pane


def _say_nothing(app: NewsExploreApp, message: str | None = None) -> None:
    app.notify(
        message or NOTHING.get(shown_pane(app), "Nothing to copy."), severity="warning", timeout=3
    )


def article_of(app: NewsExploreApp, article_id: str) -> Article | None:
    """The article ``article_id`` (the one shown, else read from the library), or None."""
    if app.article is not None and app.article.id == article_id:
        return app.article
    library = app.library
    if library is None:
        return None
    with contextlib.suppress(KeyError, OSError, ValueError):
        return library.article(article_id)
    return None


def cited(app: NewsExploreApp, article_id: str) -> CitedArticle:
    """What the citation says about ``article_id``: from the article, else its summary."""
    article = article_of(app, article_id)
    if article is not None:
        return CitedArticle(
            article.title,
            article.source,
            article.date,
            article.url,
            article.path,
            list(article.authors),
        )
    summary = app.library.summary(article_id) if app.library else None
    if summary is None:
        return CitedArticle()
    return CitedArticle(summary.title, summary.source, summary.date, None, summary.path)


def _cite(app: NewsExploreApp, body: str, article_id: str) -> str:
    return with_citation(body, cited(app, article_id), app.citation_format)


def _current_entity_mention(app: NewsExploreApp) -> tuple[str, int, int] | None:
    """(article id, start, end) of the entity mention shown selected in the text."""
    if app.article is None:
        return None
    mentions = app._entity_mentions()
    if not mentions:
        return None
    mention = mentions[app.mention_index % len(mentions)]
    return app.article.id, mention.start, mention.end


def copy_cited(app: NewsExploreApp) -> None:
    """``c``: the selection of the pane on screen with its citation."""
    pane = shown_pane(app)
    if pane == "articles":
        article_id = app.articles.current_id
        if article_id is None:
            _say_nothing(app)
            return
        app._copy(_cite(app, "", article_id), "citation")
        return
    if pane == "quotes":
        app._ensure_built("quotes")
        row = app.quotes.current_row
        if not isinstance(row, QuoteRow):
            _say_nothing(app)
            return
        body = clipboard.said(row.ref.quote)
        app._copy(_cite(app, body, row.ref.article_id), "quote")
        return
    copy_item(app)


def copy_item(app: NewsExploreApp) -> None:
    """``y`` (and ``c`` outside Quotes and Articles): the entity or figure with its context."""
    pane = shown_pane(app)
    if pane == "figures":
        app._ensure_built("figures")
        row = app.figures.current_row
        if isinstance(row, FigureRow):
            body = clipboard.figure_body(row.ref.figure)
            app._copy(_cite(app, body, row.ref.article_id), "figure")
            return
    elif pane == "entities":
        app._ensure_built("entities")
        where = _current_entity_mention(app)
        if where is not None and app.article is not None:
            article_id, start, end = where
            mention = app._entity_mentions()[app.mention_index % len(app._entity_mentions())]
            sentence = sentence_around(app.article.text, start, end)
            body = clipboard.entity_body(mention, sentence)
            app._copy(_cite(app, body, article_id), "entity")
            return
        group = app._selected_entity()
        if group is not None:
            app._copy(
                f"{clipboard.clean(group.canonical)} ({clipboard.clean(group.type)})", "entity"
            )
            return
    elif pane in ("quotes", "articles"):
        copy_cited(app)
        return
    _say_nothing(app)


def copy_words(app: NewsExploreApp) -> None:
    """``C``: only the words of the selection: a quote's words (without the comma or semicolon
    that belongs to the sentence), an entity's name, a figure, an article's title."""
    pane = shown_pane(app)
    if pane in ("entities", "quotes", "figures"):
        app._ensure_built(pane)
    text: str | None = None
    what = "words"
    if pane == "quotes":
        row = app.quotes.current_row
        if isinstance(row, QuoteRow):
            text, what = clipboard.quote_words(row.ref.quote), "quote words"
    elif pane == "figures":
        figure_row = app.figures.current_row
        if isinstance(figure_row, FigureRow):
            text, what = clipboard.clean(figure_row.ref.figure.text), "figure"
    elif pane == "entities":
        entity_row = app.entities.current_row
        if isinstance(entity_row, EntityRow | EntityArticleRow):
            text, what = clipboard.clean(entity_row.group.canonical), "entity name"
    elif pane == "articles":
        article_id = app.articles.current_id
        summary = app.library.summary(article_id) if app.library and article_id else None
        if summary is not None:
            text, what = clipboard.clean(summary.title), "title"
    if not text:
        _say_nothing(app)
        return
    app._copy(text, what)


def _selected_span(app: NewsExploreApp) -> tuple[str, int, int] | None:
    """(article id, start, end) of what the pane on screen has selected in the text."""
    pane = shown_pane(app)
    if pane in ("entities", "quotes", "figures"):
        app._ensure_built(pane)
    if pane == "quotes":
        row = app.quotes.current_row
        if isinstance(row, QuoteRow):
            return row.ref.article_id, row.ref.quote.start, row.ref.quote.end
    elif pane == "figures":
        figure_row = app.figures.current_row
        if isinstance(figure_row, FigureRow):
            return figure_row.ref.article_id, figure_row.ref.figure.start, figure_row.ref.figure.end
    elif pane == "entities":
        return _current_entity_mention(app)
    return None


def paragraph_around(text: str, start: int) -> str:
    """The paragraph (blank-line separated) of ``text`` holding offset ``start``, one line."""
    blocks = split_blocks(text, max_blocks=len(text) + 1)  # never merged: one real paragraph
    if not blocks:
        return ""
    block = blocks[block_index(blocks, start)]
    return clipboard.clean(text[block.start : block.end])


def copy_paragraph(app: NewsExploreApp) -> None:
    """``p``: the paragraph around the selected quote, figure or entity mention, cited."""
    where = _selected_span(app)
    if where is None:
        _say_nothing(
            app, "Nothing to copy: select a quote (3), a figure (4) or an entity (2) first."
        )
        return
    article_id, start, _end = where
    article = article_of(app, article_id)
    if article is None:
        _say_nothing(app, "Nothing to copy: the article cannot be read.")
        return
    paragraph = paragraph_around(article.text, start)
    app._copy(_cite(app, paragraph, article_id), "paragraph")


def selected_text(raw: str) -> str:
    """A mouse selection as copied: its lines kept, each neutralised, blank runs trimmed."""
    lines = [" ".join(neutralise(line).split()) for line in raw.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)
