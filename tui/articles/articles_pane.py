"""ArticlesPane: the article list under a line of column headings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tui.articles.article_list import ArticleList, header_line


class ArticlesPane(Vertical):
    """Column headings plus the list; the headings follow the list's width."""

    DEFAULT_CSS = """
    ArticlesPane {
        height: 1fr;
        & > #articles-header { height: 1; color: $text-muted; text-style: bold; background: $surface; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="articles-header", markup=False)
        yield ArticleList(id="articles")

    def on_resize(self) -> None:
        self.query_one("#articles-header", Static).update(header_line(self.size.width - 1))
