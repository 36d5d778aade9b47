"""The corpus tables' screens: a sortable table (speakers, entities, figures), a speaker's
quotes, and the profile of an entity or speaker with its timeline. Esc goes back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Sparkline, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from store.readmodel.fold import fold
from store.readmodel.query import QueryError
from store.sanitize import one_line
from tui.items.figure_list import FigureList
from tui.items.quote_list import QuoteList
from tui.items.rows import FigureRow, QuoteRow
from tui.tables.actions import (
    back_to_main,
    figure_view,
    go_to_item,
    quote_view,
    with_article_columns,
)
from tui.tables.data import TABLES, Profile, period_counts, profile_of, row_values, table_rows
from tui.tables.export import ARTICLE_COLUMNS, ExportView
from tui.tables.table_view import TableHeader, TableList
from tui.widgets.quiet_footer import QuietFooter
from tui.widgets.rowlist import RowList

if TYPE_CHECKING:
    from store.readmodel.view import ReadModel
    from tui.app import NewsExploreApp

CSS = Path(__file__).with_name("tables.tcss")
TABLE_KEYS = {"speakers": "5", "entities": "6", "figures": "7"}
FIGURE_TABLE_COLUMNS = (
    "text",
    "value",
    "unit",
    "kind",
    "noun",
    *ARTICLE_COLUMNS,
    "start",
    "end",
)


def _text(value: str, style: str = "") -> Text:
    """Data shown as it is: never markup, no controls."""
    return Text(one_line(value), style=style)


class _Back(Screen[None]):
    """Keys every table screen shares: Esc back, 1-4 to the explorer's panes, 5-7 tables."""

    CSS_PATH = CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("e", "app.export_view", "Export"),
        Binding("1", "pane('articles')", "Articles", show=False),
        Binding("2", "pane('entities')", "Entities", show=False),
        Binding("3", "pane('quotes')", "Quotes", show=False),
        Binding("4", "pane('figures')", "Figures", show=False),
        Binding("5", "app.table('speakers')", "Speakers", show=False),
        Binding("6", "app.table('entities')", "Entities table", show=False),
        Binding("7", "app.table('figures')", "Figures table", show=False),
    ]

    @property
    def explorer(self) -> NewsExploreApp:
        return self.app  # type: ignore[return-value]

    @property
    def model(self) -> ReadModel:
        library = self.explorer.library
        assert library is not None  # the screens open only once the store is open
        return library

    @on(RowList.Highlighted)
    def _highlighted(self, event: RowList.Highlighted) -> None:
        event.stop()  # a row of a table or profile list: not one of the explorer's panes

    def action_back(self) -> None:
        self.dismiss()

    def action_pane(self, pane: str) -> None:
        back_to_main(self.explorer)
        self.explorer.action_pane(pane)

    def export_view(self) -> ExportView | None:
        return None


class TableScreen(_Back):
    """Speakers, entities or figures across the store, filtered by the query, sortable."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "next_sort", "Sort column"),
        Binding("S", "reverse_sort", "Reverse", key_display="S"),
        Binding("i", "profile", "Profile"),
        Binding("slash", "focus_query", "Filter", key_display="/"),
        Binding("down", "to_table", "To the table", show=False),
    ]

    def __init__(self, table: str, query: str) -> None:
        super().__init__()
        self.spec = TABLES[table]
        self.query_text = query
        self.sort = self.spec.default_sort
        self.descending = True
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="table-bar"):
            yield Static(_text(self.spec.title), id="table-title")
            yield Input(
                self.query_text,
                placeholder="filter: speaker:blair  kind:money unit:GBP value>=1e9  date:2005",
                id="table-query",
            )
        yield Static("", id="table-status")
        yield TableHeader(self.spec, id="table-header")
        yield TableList(self.spec, id="table")
        yield QuietFooter()

    @property
    def table(self) -> TableList:
        return self.query_one("#table", TableList)

    def on_mount(self) -> None:
        self.table.focus()
        self.reload()

    # -- loading

    def reload(self) -> None:
        self.query_one(TableHeader).show(self.spec, self.sort, self.descending)
        self._load(self.spec.name, self.query_text, self.sort, self.descending)

    @work(thread=True, exclusive=True, group="table")
    def _load(self, table: str, query: str, sort: str, descending: bool) -> None:
        model = self.model
        try:
            rows = table_rows(model.conn, table, query, sort, descending)
            rows[0:1]  # the first page read here, off the UI thread
        except QueryError as error:
            self.app.call_from_thread(self._show_error, str(error))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, table, query, rows)

    def _show(self, table: str, query: str, rows: Any) -> None:
        if table != self.spec.name or query != self.query_text:
            return  # a newer table or query is on its way
        self.table.spec = self.spec
        self.table.set_empty_message(f"No {table} match.")
        self.table.set_rows(rows)
        count = len(rows)
        what = f"{count:,} {table if count != 1 else table[:-1]}"
        column = self.spec.column(self.sort).header.lower()
        way = "most first" if self.descending else "least first"
        if not self.spec.column(self.sort).numeric:
            way = "Z to A" if self.descending else "A to Z"
        status = f"{what} · sorted by {column}, {way}"
        status += f" · query: {self.query_text}" if self.query_text.strip() else " · every one"
        self.query_one("#table-status", Static).update(_text(status))

    def _show_error(self, error: str) -> None:
        self.query_one("#table-status", Static).update(_text(error, "bold red"))

    def switch_table(self, table: str) -> None:
        """Show another table (5, 6, 7) with the same query."""
        if table == self.spec.name:
            return
        self.spec = TABLES[table]
        self.sort = self.spec.default_sort
        self.descending = True
        self.query_one("#table-title", Static).update(_text(self.spec.title))
        self.table.spec = self.spec
        self.table.set_rows([])
        self.reload()

    # -- the query

    @on(Input.Changed, "#table-query")
    def _query_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.15, self.reload)

    @on(Input.Submitted, "#table-query")
    def _query_submitted(self) -> None:
        self.table.focus()

    def action_focus_query(self) -> None:
        self.query_one("#table-query", Input).focus()

    def action_to_table(self) -> None:
        self.table.focus()

    def action_back(self) -> None:
        # The explorer's panes answer the same query as the table left them with.
        explorer = self.explorer
        if self.query_text != explorer.query_text:
            explorer.search_input.value = self.query_text
        self.dismiss()

    # -- sorting

    def _sort_by(self, key: str, descending: bool | None = None) -> None:
        column = self.spec.column(key)
        if descending is None:
            # Again on the sort column: reverse; a new one starts where it reads best.
            descending = not self.descending if key == self.sort else column.numeric
        self.sort, self.descending = key, descending
        self.reload()

    def action_next_sort(self) -> None:
        keys = [c.key for c in self.spec.columns]
        self._sort_by(keys[(keys.index(self.sort) + 1) % len(keys)], None)

    def action_reverse_sort(self) -> None:
        self._sort_by(self.sort, not self.descending)

    @on(TableHeader.SortClicked)
    def _header_clicked(self, event: TableHeader.SortClicked) -> None:
        self._sort_by(event.key)

    # -- choosing

    @on(RowList.Chosen, "#table")
    def _chosen(self, event: RowList.Chosen) -> None:
        event.stop()  # the explorer's own handler is for its panes
        row = self.table.current_row
        if row is None:
            return
        values = row_values(self.spec.name, row)
        if self.spec.name == "speakers":
            self.app.push_screen(SpeakerQuotesScreen(values["name"], self.query_text))
        elif self.spec.name == "entities":
            self.app.push_screen(ProfileScreen(entity=(values["name"], values["type"])))
        elif isinstance(values.get("start"), int):
            go_to_item(self.explorer, "figures", values["article_id"], values["start"])

    def action_profile(self) -> None:
        row = self.table.current_row
        if row is None:
            return
        values = row_values(self.spec.name, row)
        if self.spec.name == "speakers":
            self.app.push_screen(ProfileScreen(speaker=values["name"]))
        elif self.spec.name == "entities":
            self.app.push_screen(ProfileScreen(entity=(values["name"], values["type"])))

    # -- export

    def export_view(self) -> ExportView | None:
        rows = self.table.rows
        name = self.spec.name
        if name != "figures":
            columns = tuple(c.key for c in self.spec.columns)
            return ExportView(name, columns, lambda: (row_values(name, r) for r in rows))
        model = self.model
        explorer = self.explorer

        def figure_rows() -> Iterator[dict[str, Any]]:
            for row in rows:
                values = row_values(name, row)
                start, end = values["start"], values["end"]
                text = None
                try:
                    if isinstance(start, int) and isinstance(end, int):
                        text = model.article(values["article_id"]).text[start:end]
                except (KeyError, OSError):
                    pass  # the article is gone from the store: the row without its text
                yield {**values, "text": text}

        def with_articles() -> Iterator[dict[str, Any]]:
            return with_article_columns(explorer, figure_rows())

        return ExportView(name, FIGURE_TABLE_COLUMNS, with_articles)


class SpeakerQuotesScreen(_Back):
    """One speaker's quotes (those the query matches); Enter opens a quote in its article."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("i", "profile", "Profile")]

    def __init__(self, speaker: str, query: str) -> None:
        super().__init__()
        self.speaker = speaker
        self.query_text = query

    def compose(self) -> ComposeResult:
        yield Static(_text(f"Quotes by {self.speaker}"), id="table-title")
        yield Static("", id="table-status")
        yield QuoteList(self.explorer.title_of, id="speaker-quotes")
        yield QuietFooter()

    @property
    def quotes(self) -> QuoteList:
        return self.query_one("#speaker-quotes", QuoteList)

    def on_mount(self) -> None:
        from store.readmodel.sql import Search

        model = self.model
        try:
            sql, params = Search(model.conn(), self.query_text or "").compiled.quotes
        except QueryError:
            sql, params = "1", []
        by = [fold(self.speaker), self.speaker]  # through the folded name's index
        where = (f"q.speaker_fold = ? AND q.speaker = ? AND ({sql})", [*by, *params])
        groups = model.all_quotes(where)
        self.quotes.show_speakers(groups, keep=False)
        count = self.quotes.item_count
        status = f"{count:,} quote{'s' if count != 1 else ''}"
        if self.query_text.strip():
            status += f" matching {self.query_text}"
        self.query_one("#table-status", Static).update(
            _text(status + " · enter: open in its article · i: profile")
        )
        self.quotes.select_first_quietly()
        self.quotes.focus()

    @on(RowList.Chosen, "#speaker-quotes")
    def _chosen(self, event: RowList.Chosen) -> None:
        event.stop()  # the explorer's own handler is for its panes
        row = self.quotes.current_row
        if isinstance(row, QuoteRow):
            go_to_item(self.explorer, "quotes", row.ref.article_id, row.ref.quote.start)

    def action_profile(self) -> None:
        self.app.push_screen(ProfileScreen(speaker=self.speaker))

    def export_view(self) -> ExportView | None:
        return quote_view(self.explorer, "quotes-by-speaker", self.quotes.rows)


class ProfileScreen(_Back):
    """An entity or speaker: their quotes, quotes about them and who says them, the
    entities named with them, the figures said with them, and a timeline."""

    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(
        self, *, entity: tuple[str, str] | None = None, speaker: str | None = None
    ) -> None:
        super().__init__()
        self.entity = entity
        self.speaker = speaker
        self.profile: Profile | None = None
        self.timeline: tuple[str, list[str], list[int], list[int]] | None = None

    def compose(self) -> ComposeResult:
        name = self.speaker or (self.entity[0] if self.entity else "")
        yield Static(_text(f"Profile: {name}"), id="table-title")
        yield Static("Reading the index…", id="profile-summary")
        with Vertical(id="profile-timeline"):
            yield Static("", id="timeline-label")
            yield Sparkline([], id="timeline-mentions")
            yield Sparkline([], id="timeline-quotes")
        with TabbedContent(id="profile-tabs"):
            with TabPane("Their quotes", id="tab-own"):
                yield QuoteList(self.explorer.title_of, id="profile-own")
            with TabPane("Quotes about them", id="tab-about"):
                yield QuoteList(self.explorer.title_of, id="profile-about")
            with TabPane("Figures with them", id="tab-figures"):
                yield FigureList(self.explorer.title_of, id="profile-figures")
            with TabPane("Timeline", id="tab-timeline"), VerticalScroll():
                yield Static("", id="timeline-table")
        yield QuietFooter()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="profile")
    def _load(self) -> None:
        conn = self.model.conn()
        profile = profile_of(conn, entity=self.entity, speaker=self.speaker)
        timeline = period_counts(conn, profile)
        self.app.call_from_thread(self._show, profile, timeline)

    def _show(
        self, profile: Profile, timeline: tuple[str, list[str], list[int], list[int]]
    ) -> None:
        self.profile, self.timeline = profile, timeline
        model = self.model
        own = self.query_one("#profile-own", QuoteList)
        about = self.query_one("#profile-about", QuoteList)
        figures = self.query_one("#profile-figures", FigureList)
        if profile.own_quotes_where is not None:
            own.show_speakers(model.all_quotes(profile.own_quotes_where), keep=False)
        own.set_empty_message("Never quoted.")
        if profile.about_where is not None:
            about.show_speakers(model.all_quotes(profile.about_where), keep=False)
        about.set_empty_message("No quote names them.")
        figures.show_figures(model.all_figures(profile.figures_where), all_scope=True, keep=False)
        figures.set_empty_message("No figure is said with them.")
        self.query_one("#profile-summary", Static).update(self._summary(profile))
        self._show_timeline(profile, timeline)
        tabs = self.query_one("#profile-tabs", TabbedContent)
        if profile.speaker is None:
            tabs.active = "tab-about"
            about.focus()
        else:
            own.focus()

    def _summary(self, profile: Profile) -> Text:
        lines = Text()
        head = profile.name + (f" ({profile.type})" if profile.type else "")
        lines.append(one_line(head), style="bold")
        facts = []
        if profile.entity is not None:
            facts.append(f"{profile.mentions:,} mentions in {profile.mention_articles:,} articles")
        if profile.speaker is not None:
            facts.append(f"{profile.quotes:,} quotes")
        if profile.entity is not None:
            facts.append(f"{profile.quotes_about:,} quotes about them")
        lines.append("\n" + one_line(" · ".join(facts)))
        if profile.speakers_about:
            who = ", ".join(f"{s} ({n})" for s, n in profile.speakers_about)
            lines.append("\nQuoted about them: ", style="bold")
            lines.append(one_line(who))
        if profile.named_with:
            named = ", ".join(f"{c} ({n})" for c, _t, n in profile.named_with)
            lines.append("\nNamed with: ", style="bold")
            lines.append(one_line(named))
        return lines

    def _show_timeline(
        self, profile: Profile, timeline: tuple[str, list[str], list[int], list[int]]
    ) -> None:
        unit, periods, mentions, quotes = timeline
        label = self.query_one("#timeline-label", Static)
        table = self.query_one("#timeline-table", Static)
        spark_mentions = self.query_one("#timeline-mentions", Sparkline)
        spark_quotes = self.query_one("#timeline-quotes", Sparkline)
        if not periods:
            label.update("Timeline: no dated article.")
            spark_mentions.display = spark_quotes.display = False
            table.update("No dated article mentions or quotes them.")
            return
        quote_word = "quotes" if profile.speaker is not None else "quotes about them"
        label.update(
            _text(
                f"Per {unit}, {periods[0]} to {periods[-1]}: mentions {sum(mentions):,} "
                f"(upper), {quote_word} {sum(quotes):,} (lower)"
            )
        )
        spark_mentions.data = [float(n) for n in mentions]
        spark_quotes.data = [float(n) for n in quotes]
        peak = max(max(mentions, default=0), max(quotes, default=0), 1)
        rows = Text()
        rows.append(f"{unit:<10}  {'mentions':>8}  {quote_word:>8}\n", style="bold")
        for period, m, q in zip(periods, mentions, quotes, strict=True):
            bar = "█" * round(20 * m / peak)
            rows.append(f"{period:<10}  {m:>8,}  {q:>8,}  {bar}\n")
        table.update(rows)

    @on(RowList.Chosen)
    def _chosen(self, event: RowList.Chosen) -> None:
        event.stop()  # the explorer's own handler is for its panes
        row = event.row_list.current_row
        if isinstance(row, QuoteRow):
            go_to_item(self.explorer, "quotes", row.ref.article_id, row.ref.quote.start)
        elif isinstance(row, FigureRow):
            go_to_item(self.explorer, "figures", row.ref.article_id, row.ref.figure.start)

    def export_view(self) -> ExportView | None:
        """The list on screen: their quotes, the quotes about them, or the figures."""
        tabs = self.query_one("#profile-tabs", TabbedContent)
        name = one_line(self.speaker or (self.entity[0] if self.entity else "profile"))
        slug = "".join(c if c.isalnum() else "-" for c in name.casefold()).strip("-")[:40]
        if tabs.active == "tab-own":
            return quote_view(
                self.explorer, f"quotes-by-{slug}", self.query_one("#profile-own", QuoteList).rows
            )
        if tabs.active == "tab-about":
            return quote_view(
                self.explorer,
                f"quotes-about-{slug}",
                self.query_one("#profile-about", QuoteList).rows,
            )
        if tabs.active == "tab-figures":
            return figure_view(
                self.explorer,
                f"figures-with-{slug}",
                self.query_one("#profile-figures", FigureList).rows,
            )
        if self.timeline is not None:
            unit, periods, mentions, quotes = self.timeline
            data = list(zip(periods, mentions, quotes, strict=True))
            return ExportView(
                f"timeline-{slug}",
                (unit, "mentions", "quotes"),
                lambda: ({unit: p, "mentions": m, "quotes": q} for p, m, q in data),
            )
        return None


__all__ = ["ProfileScreen", "SpeakerQuotesScreen", "TableScreen"]
