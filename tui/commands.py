"""ExplorerCommands: the command palette's entries for the explorer's actions and articles."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from store.sanitize import one_line

if TYPE_CHECKING:
    from tui.app import NewsExploreApp

# (palette text, help line, action name run on the app)
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Search", "Focus the search box (/)", "focus_search"),
    ("Toggle scope: this article / all articles", "Switch the panes' scope (a)", "toggle_scope"),
    ("Toggle regular expressions", "Search with a regex (ctrl+r)", "toggle_regex"),
    ("Next match", "Step to the next match (n)", "next_match"),
    ("Previous match", "Step to the previous match (N)", "previous_match"),
    ("Show articles", "Focus the article list (1)", "pane('articles')"),
    ("Show entities", "Focus the entities pane (2)", "pane('entities')"),
    ("Show quotes", "Focus the quotes pane (3)", "pane('quotes')"),
    ("Show figures", "Focus the figures pane (4)", "pane('figures')"),
    ("Speakers", "Every speaker: quotes, articles, roles, sources, dates (5)", "table('speakers')"),
    ("Entities table", "Every entity: type, mentions, articles; sortable (6)", "table('entities')"),
    ("Figures table", "Every figure: value, unit, kind, noun, date (7)", "table('figures')"),
    ("Profile", "The selected entity or quote speaker: quotes, figures, timeline (i)", "profile"),
    ("Export view", "Save the rows on screen as CSV, JSON or Markdown (e)", "export_view"),
    ("Copy with citation", "Copy the selection with its citation (c)", "copy_quote"),
    ("Copy quote words only", "Copy just the quote's words (C)", "copy_words"),
    ("Copy entity or figure", "Copy the selection with its context (y)", "copy_item"),
    ("Copy paragraph", "Copy the paragraph around the selection, cited (p)", "copy_paragraph"),
    ("Open article", "Its web address in the browser, or its file in $EDITOR (o)", "open_article"),
    ("Sort articles by date", "Newest first; again to reverse (d)", "sort_articles('date')"),
    ("Sort articles by title", "A to Z; again to reverse (t)", "sort_articles('title')"),
    (
        "Add files, folder or URL",
        "Read files, folders or web pages (feeds, sitemaps) into the store (ctrl+o)",
        "add_sources",
    ),
    ("Clear search", "Clear the search (esc)", "clear_search"),
    ("Help: keys", "Every key (? or F1)", "help"),
)
MAX_ARTICLE_HITS = 20


class ExplorerCommands(Provider):
    """The explorer's actions, and "Open: <title>" for articles whose title matches."""

    @property
    def explorer(self) -> NewsExploreApp:
        return self.app  # type: ignore[return-value]

    def _run(self, action: str) -> None:
        self.app.call_later(self.app.run_action, action)

    async def discover(self) -> Hits:
        for text, help_text, action in ACTIONS:
            yield DiscoveryHit(text, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, action in ACTIONS:
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(text), partial(self._run, action), help=help_text
                )
        if len(query) < 3:
            return
        library = self.explorer.library
        if library is None:
            return
        needle = query.casefold()
        found = 0
        for summary in library.summaries:
            title = one_line(summary.title)
            if needle in title.casefold():
                # Titles and paths are untrusted and the palette parses a plain string as
                # markup (escape() misses "dump[/red.txt" and "[$accent]"): both lines are
                # Content, which it takes as is.
                yield Hit(
                    0.5,
                    Content(f"Open: {title}"),
                    partial(self._open, summary.id),
                    text=f"Open: {title}",
                    help=help_line(f"{summary.date or ''} {summary.path}"),
                )
                found += 1
                if found >= MAX_ARTICLE_HITS:
                    return

    def _open(self, article_id: str) -> None:
        explorer: Any = self.explorer
        explorer.open_article_from_palette(article_id)


def help_line(text: str) -> str:
    """A palette help line that is shown literally, never parsed as markup.

    ``Hit.help`` is typed ``str`` but the palette passes it through
    ``Content.from_markup``, which returns a ``Content`` unchanged; a string would be
    parsed (and an unmatched closing tag raises ``MarkupError``).
    """
    return cast(str, Content(one_line(text)))
