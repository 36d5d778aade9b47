"""ArticlesPane: the article list under a line of column headings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from tui.articles.article_list import COUNTS_TOOLTIP, ArticleList, header_line


class ArticlesPane(Vertical):
    """Column headings plus the list; the headings follow the list's width."""

    DEFAULT_CSS = """
    ArticlesPane {
        height: 1fr;
        & > #articles-header { height: 1; color: $text-muted; text-style: bold; background: $surface; }
    }
    """

    def compose(self) -> ComposeResult:
        header = Static(id="articles-header", markup=False)
        header.tooltip = Content(COUNTS_TOOLTIP)  # a tooltip string would be parsed as markup
        yield header
        articles = ArticleList(id="articles")
        articles.on_columns = self._draw_header
        yield articles

    def on_resize(self) -> None:
        self._draw_header()

    def _draw_header(self) -> None:
        articles = self.query_one("#articles", ArticleList)
        self.query_one("#articles-header", Static).update(
            header_line(self.size.width - 1, articles.has_dates, articles.has_sources)
        )
