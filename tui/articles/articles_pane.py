"""ArticlesPane: the article list under a line of column headings."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from tui.articles.article_list import COUNTS_TOOLTIP, ArticleList, header_line, heading_at


class ArticlesPane(Vertical):
    """Column headings plus the list; the headings follow the list's width and its sort, and a
    click on Title or Date sorts by it (again: the other way)."""

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

    def on_article_list_sort_changed(self, _message: ArticleList.SortChanged) -> None:
        self._draw_header()  # the arrow moves; the message goes on to the app (remembered)

    def on_click(self, event: events.Click) -> None:
        header = self.query_one("#articles-header", Static)
        if event.widget is not header:
            return
        articles = self.query_one("#articles", ArticleList)
        column = heading_at(
            event.screen_x - header.region.x,
            self.size.width - 1,
            articles.has_dates,
            articles.has_sources,
        )
        if column == "title":
            articles.action_sort("title")
        elif column == "date":
            articles.action_sort("date")
        elif column is not None:
            self.notify("Sort by Title or Date (click them, or press t or d)", timeout=3)

    def _draw_header(self) -> None:
        articles = self.query_one("#articles", ArticleList)
        self.query_one("#articles-header", Static).update(
            header_line(
                self.size.width - 1,
                articles.has_dates,
                articles.has_sources,
                (articles.sort_key, articles.descending),
            )
        )
