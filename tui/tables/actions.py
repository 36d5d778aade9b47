"""What the explorer's keys 5-7, `i` and `e` do: open a table or a profile, export the view.

``NewsExploreApp`` calls these with itself; they read its panes and read model and push
the screens of ``tui.tables.screens``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any

from store.sanitize import one_line
from tui.items.rows import EntityArticleRow, EntityRow, FigureRow, QuoteRow
from tui.messages import Target
from tui.tables.data import article_meta
from tui.tables.export import ARTICLE_COLUMNS, ExportFormatScreen, ExportView, write_view

if TYPE_CHECKING:
    from tui.app import NewsExploreApp

QUOTE_COLUMNS = ("text", "speaker", "role", *ARTICLE_COLUMNS, "start", "end")
FIGURE_COLUMNS = (
    "text",
    "value",
    "unit",
    "kind",
    "noun",
    *ARTICLE_COLUMNS,
    "start",
    "end",
)


def open_table(app: NewsExploreApp, table: str) -> None:
    """Show a corpus table (speakers, entities, figures) filtered by the current query."""
    from tui.tables.screens import TableScreen

    if app.library is None:
        app.notify("The store is still opening.", timeout=3)
        return
    screen = app.screen
    if isinstance(screen, TableScreen):
        screen.switch_table(table)
        return
    back_to_main(app)
    app.push_screen(TableScreen(table, app.query_text))


def back_to_main(app: NewsExploreApp) -> None:
    """Close every screen above the explorer's own (tables, profiles, lists)."""
    while len(app.screen_stack) > 1:
        app.pop_screen()


def go_to_item(app: NewsExploreApp, pane: str, article_id: str, start: int) -> None:
    """Open ``article_id`` in the explorer with its quote or figure at ``start`` selected
    and highlighted (as choosing it in the Quotes or Figures pane does)."""
    back_to_main(app)
    app.action_pane(pane)
    app.open_article(article_id, Target("quote" if pane == "quotes" else "figure", start))


def open_profile(app: NewsExploreApp) -> None:
    """`i` in the explorer: the profile of the selected entity, or of the selected quote's
    speaker."""
    from tui.tables.screens import ProfileScreen

    if app.library is None:
        return
    pane = app.active_pane
    if pane == "entities":
        entity_row = app.entities.current_row
        if isinstance(entity_row, EntityRow | EntityArticleRow):
            group = entity_row.group
            app.push_screen(ProfileScreen(entity=(group.canonical, group.type)))
            return
    elif pane == "quotes":
        row = app.quotes.current_row
        if isinstance(row, QuoteRow) and row.ref.quote.speaker:
            app.push_screen(ProfileScreen(speaker=row.ref.quote.speaker))
            return
    app.notify("Select an entity (2) or a quote (3) to see a profile; or press 5.", timeout=4)


# ----------------------------------------------------------------------------- export


def with_article_columns(
    app: NewsExploreApp, rows: Iterable[dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """Each row with its article's title, source, date, path and URL (read 500 at a time)."""
    library = app.library
    it = iter(rows)
    while chunk := list(islice(it, 500)):
        meta: dict[str, dict[str, Any]] = {}
        if library is not None:
            ids = [r["article_id"] for r in chunk if r.get("article_id")]
            meta = article_meta(library.conn(), ids)
        for row in chunk:
            yield {**meta.get(row.get("article_id") or "", {}), **row}


def quote_record(ref: Any) -> dict[str, Any]:
    quote = ref.quote
    return {
        "text": quote.text,
        "speaker": quote.speaker,
        "role": quote.speaker_role,
        "article_id": ref.article_id,
        "start": quote.start,
        "end": quote.end,
    }


def figure_record(ref: Any) -> dict[str, Any]:
    figure = ref.figure
    return {
        "text": figure.text,
        "value": figure.value,
        "unit": figure.unit,
        "kind": figure.kind,
        "noun": figure.noun,
        "article_id": ref.article_id,
        "start": figure.start,
        "end": figure.end,
    }


def quote_view(app: NewsExploreApp, name: str, rows: Sequence[Any]) -> ExportView:
    refs = (r.ref for r in rows if isinstance(r, QuoteRow))
    return ExportView(
        name, QUOTE_COLUMNS, lambda: with_article_columns(app, (quote_record(r) for r in refs))
    )


def figure_view(app: NewsExploreApp, name: str, rows: Sequence[Any]) -> ExportView:
    refs = (r.ref for r in rows if isinstance(r, FigureRow))
    return ExportView(
        name, FIGURE_COLUMNS, lambda: with_article_columns(app, (figure_record(r) for r in refs))
    )


def main_view(app: NewsExploreApp) -> ExportView:
    """The rows of the pane on screen, in its order (all of them, as far as it scrolls)."""
    pane = app.active_pane
    app._ensure_built(pane)
    rows = app.pane_list(pane).rows
    if pane == "articles":
        articles = (
            {
                "article_id": s.id,
                "entities": s.n_entities,
                "quotes": s.n_quotes,
                "figures": s.n_figures,
            }
            for s in rows
        )
        article_columns = (*ARTICLE_COLUMNS, "entities", "quotes", "figures")
        return ExportView("articles", article_columns, lambda: with_article_columns(app, articles))
    if pane == "entities":
        # In "this article" scope each entity is the open article's; in all articles it
        # stands for many, so no article columns are filled.
        aid = app.article.id if app.article is not None and not app.all_scope else None
        entities = (
            {
                "name": r.group.canonical,
                "type": r.group.type,
                "mentions": r.group.mentions,
                "articles": r.group.n_articles
                if r.group.n_articles is not None
                else len(r.group.article_ids),
                "article_id": aid,
            }
            for r in rows
            if isinstance(r, EntityRow)
        )
        columns = ("name", "type", "mentions", "articles", *ARTICLE_COLUMNS)
        return ExportView("entities", columns, lambda: with_article_columns(app, entities))
    if pane == "quotes":
        return quote_view(app, "quotes", rows)
    return figure_view(app, "figures", rows)


def export_current(app: NewsExploreApp) -> None:
    """`e`: ask the format, then write what the view on screen shows."""
    screen = app.screen
    view: ExportView | None
    if screen is app.screen_stack[0]:
        view = main_view(app) if app.library is not None else None
    else:
        make = getattr(screen, "export_view", None)
        view = make() if callable(make) else None
    if view is None:
        app.notify("Nothing to export here.", timeout=3)
        return

    def chosen(fmt: str | None) -> None:
        if fmt:
            _write(app, view, fmt)

    app.push_screen(ExportFormatScreen(view.name), chosen)


def _write(app: NewsExploreApp, view: ExportView, fmt: str) -> None:
    def run() -> None:
        try:
            path, count = write_view(view, fmt)
        except OSError as error:
            app.call_from_thread(
                app.notify, f"Could not export: {error}", severity="error", timeout=8
            )
            return
        note = f"Exported {count:,} row{'s' if count != 1 else ''} to {path.name}"
        app.call_from_thread(app.notify, one_line(note), timeout=6)

    app.run_worker(run, thread=True, group="export", name="export")
