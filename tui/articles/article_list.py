"""ArticleList: title, date, source and item counts of every article, sorted by date or title."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar, Literal

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message

from store.records import ArticleSummary
from tui.widgets.columns import cell
from tui.widgets.rowlist import RowList

SortKey = Literal["date", "title"]
# (sort key, descending) -> the articles in that order (a paged sequence from the index).
ArticleProvider = Callable[[SortKey, bool], Sequence[ArticleSummary]]


def first_by_date(summaries: Iterable[ArticleSummary]) -> ArticleSummary | None:
    """The article at the top of the list sorted by date: newest, then first by title."""
    return min(summaries, key=lambda s: (_negated(s.date or ""), _title_key(s)), default=None)


def _negated(text: str) -> tuple[int, ...]:
    """A key that sorts strings in reverse (a shorter prefix, like "", comes last)."""
    return (*(-ord(c) for c in text), 1)


def _title_key(summary: ArticleSummary) -> tuple[str, str]:
    return (summary.title.casefold(), summary.date or "")


def sort_summaries(
    summaries: Iterable[ArticleSummary], sort_key: SortKey, descending: bool
) -> list[ArticleSummary]:
    """Articles in the list's order, in memory (the index sorts the same way in SQL):
    by date newest first (equal dates by title A to Z, undated last either way), or by
    title (casefolded)."""
    if sort_key == "date":
        rows = sorted(summaries, key=_title_key)
        undated = [s for s in rows if not s.date]
        rows = [s for s in rows if s.date]
        rows.sort(key=lambda s: s.date or "", reverse=descending)
        return rows + undated
    return sorted(summaries, key=_title_key, reverse=descending)


class ArticleList(RowList[ArticleSummary]):
    """The articles in view (all, or those a search matched), one line each."""

    class SortChanged(Message):
        """The user sorted the list (a key or a click on a heading): to redraw and remember."""

        def __init__(self, sort_key: SortKey, descending: bool) -> None:
            super().__init__()
            self.sort_key = sort_key
            self.descending = descending

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "sort('date')", "Sort date", tooltip="Sort by date (again: reverse)"),
        Binding("t", "sort('title')", "Sort title", tooltip="Sort by title (again: reverse)"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"articles--meta", "articles--counts"}
    STABLE_ROWS = True  # a row draws from its summary and the width only

    DEFAULT_CSS = """
    ArticleList {
        & > .articles--meta { color: $text-muted; }
        & > .articles--counts { color: $text-secondary; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(empty_message="No articles yet.", id=id)
        self.sort_key: SortKey = "date"
        self.descending = True
        # The articles in view, in a given order: the whole store's, or a search's. Rows are
        # read from the index a page at a time as they are drawn (a million cost 8 MB).
        self._provider: ArticleProvider | None = None
        self._filtered = False
        # Which optional columns the store's articles fill (an empty column only takes width).
        self.has_dates = False
        self.has_sources = False
        self.on_columns: Callable[[], None] | None = None  # the headings to redraw

    # ---- data -------------------------------------------------------------

    def set_articles(self, summaries: Iterable[ArticleSummary], keep: str | None = None) -> None:
        """Show these articles (sorted in memory: a handful, before the index is ready)."""
        rows = list(summaries)

        def provider(sort_key: SortKey, descending: bool) -> Sequence[ArticleSummary]:
            return sort_summaries(rows, sort_key, descending)

        self.set_provider(
            provider,
            dates=any(s.date for s in rows),
            sources=any(s.source for s in rows),
            keep=keep,
        )

    def set_provider(
        self,
        provider: ArticleProvider,
        *,
        dates: bool,
        sources: bool,
        keep: str | None = None,
        filtered: bool = False,
    ) -> None:
        """Show the articles ``provider(sort_key, descending)`` gives, in that order."""
        self._provider = provider
        self._filtered = filtered
        if (dates, sources) != (self.has_dates, self.has_sources):
            self.has_dates, self.has_sources = dates, sources
            self._line_cache.clear()  # cached rows were laid out for the old columns
            if self.on_columns is not None:
                self.on_columns()
        self._rebuild(keep)

    def filter_to(self, provider: ArticleProvider | None, keep: str | None = None) -> None:
        """Show the articles of a search (``provider``), or every article again (None)."""
        if provider is None:
            self._provider = self._all_provider
            self._filtered = False
        else:
            if not self._filtered:
                self._all_provider = self._provider
            self._provider = provider
            self._filtered = True
        self._rebuild(keep)

    _all_provider: ArticleProvider | None = None

    @property
    def current_id(self) -> str | None:
        row = self.current_row
        return row.id if row else None

    def index_of(self, article_id: str) -> int:
        rows = self.rows
        index_of = getattr(rows, "index_of", None)
        if index_of is not None:
            return int(index_of(article_id))
        for index, summary in enumerate(rows):
            if summary.id == article_id:
                return index
        return -1

    def select_id(self, article_id: str, *, announce: bool = False) -> None:
        """Put the cursor on an article; silently unless ``announce``."""
        index = self.index_of(article_id)
        if index < 0:
            return
        if announce:
            self.cursor = index
        else:
            self.set_reactive(RowList.cursor, index)
            self._scroll_cursor_visible()
            self.refresh()

    def neighbour_id(self, article_id: str, step: int) -> str | None:
        """The article ``step`` rows from ``article_id`` in the shown order (wrapping)."""
        rows = self.rows
        if not rows:
            return None
        index = self.index_of(article_id)
        if index < 0:
            return rows[0 if step > 0 else -1].id
        return rows[(index + step) % len(rows)].id

    def _rebuild(self, keep: str | None) -> None:
        provider = self._provider
        rows = provider(self.sort_key, self.descending) if provider is not None else []
        keep = keep or self.current_id
        self.set_rows(rows)
        if keep:
            self.select_id(keep)
        if self._filtered and not rows:
            self.set_empty_message("No article matches.")
        else:
            self.set_empty_message("No articles yet.")
        self.border_subtitle = self.describe_sort()

    def describe_sort(self) -> str:
        arrow = "↓" if self.descending else "↑"
        return f"{self.sort_key} {arrow}"

    def action_sort(self, key: SortKey) -> None:
        if key == self.sort_key:
            self.descending = not self.descending
        else:
            self.sort_key = key
            self.descending = key == "date"
        self._rebuild(self.current_id)
        self.notify(f"Articles sorted by {self.describe_sort()}", timeout=2)
        self.post_message(self.SortChanged(self.sort_key, self.descending))

    # ---- drawing ----------------------------------------------------------

    def render_row(self, row: ArticleSummary, width: int) -> Text:
        meta = self.get_component_rich_style("articles--meta", partial=True)
        title_width, date_width, source_width = _layout(width, self.has_dates, self.has_sources)
        parts = [cell(row.title or "(untitled)", title_width)]
        if date_width:
            parts.append(cell(row.date or "", date_width, meta))
        if source_width:
            parts.append(cell(row.source or "", source_width, meta))
        counts = f"{row.n_entities:>4} {row.n_quotes:>3} {row.n_figures:>3}"
        parts.append(
            Text(counts, style=self.get_component_rich_style("articles--counts", partial=True))
        )
        return Text(" ") + Text(" ").join(parts)


_COUNTS_WIDTH = 12  # "MMMM QQQ FFF"
COUNT_HEADINGS = "Ment   Q   F"
COUNTS_TOOLTIP = (
    "Ment: entity mentions (every time a person, organisation or place is named; "
    "the Entities tab counts distinct entities) · Q: quotes · F: figures"
)


def _layout(width: int, dates: bool = True, sources: bool = True) -> tuple[int, int, int]:
    """Cells for title, date and source (0: hidden) in a row ``width`` cells wide.

    A column no article fills is not shown: its width goes to the title. The source
    column is shown only while the title keeps at least ``_MIN_TITLE`` cells.
    """
    date_width = 10 if dates and width >= 40 else 0
    source_width = 12 if width >= 90 else 10
    if not sources or _title_width(width, date_width, source_width) < _MIN_TITLE:
        source_width = 0
    return max(8, _title_width(width, date_width, source_width)), date_width, source_width


_MIN_TITLE = 24


def _title_width(width: int, *columns: int) -> int:
    return width - (1 + _COUNTS_WIDTH + sum(w + 1 for w in columns if w)) - 2


def header_line(
    width: int,
    dates: bool = True,
    sources: bool = True,
    sort: tuple[str, bool] | None = None,
) -> Text:
    """The column headings matching ``ArticleList.render_row``; the sorted one with its arrow
    (``sort``: the key and whether descending)."""
    title_width, date_width, source_width = _layout(width, dates, sources)

    def heading(name: str, key: str) -> str:
        if sort is None or sort[0] != key:
            return name
        return f"{name} {'↓' if sort[1] else '↑'}"

    parts = [cell(heading("Title", "title"), title_width)]
    if date_width:
        parts.append(cell(heading("Date", "date"), date_width))
    if source_width:
        parts.append(cell("Source", source_width))
    parts.append(Text(COUNT_HEADINGS))
    return Text(" ") + Text(" ").join(parts)


def heading_at(x: int, width: int, dates: bool = True, sources: bool = True) -> str | None:
    """Which column the heading cell ``x`` (from the left of ``header_line``) belongs to:
    "title", "date", "source", "counts", or None (the margin)."""
    title_width, date_width, source_width = _layout(width, dates, sources)
    start = 1  # the leading space
    for name, cells in (("title", title_width), ("date", date_width), ("source", source_width)):
        if not cells:
            continue
        if start <= x < start + cells + 1:  # the cell and the space after it
            return name
        start += cells + 1
    return "counts" if start <= x < start + _COUNTS_WIDTH else None
