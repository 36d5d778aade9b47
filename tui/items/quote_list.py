"""QuoteList: each quote with its speaker, role and article; grouped by speaker in "all"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text

from store.library import QuoteRef
from store.sanitize import one_line
from tui.items.rows import GroupedRows, Heading, QuoteRow
from tui.widgets.columns import cell
from tui.widgets.rowlist import RowList

QuoteListRow = Heading | QuoteRow

NO_SPEAKER = "(speaker unknown)"


def attribution(ref: QuoteRef) -> str:
    """ "Speaker, role" or the unknown-speaker label."""
    quote = ref.quote
    if not quote.speaker:
        return NO_SPEAKER
    if quote.speaker_role:
        return f"{quote.speaker}, {quote.speaker_role}"
    return quote.speaker


class QuoteList(RowList[QuoteListRow]):
    """Quotes in text order (one article) or by speaker (all articles); two lines a quote."""

    ROW_HEIGHT = 2
    COMPONENT_CLASSES: ClassVar[set[str]] = {"quotes--speaker", "quotes--article"}

    DEFAULT_CSS = """
    QuoteList {
        & > .quotes--speaker { color: $text-success; text-style: bold; }
        & > .quotes--article { color: $text-muted; }
    }
    """

    def __init__(self, title_of: Callable[[str], str], *, id: str | None = None) -> None:
        super().__init__(empty_message="No quotes.", id=id)
        self.title_of = title_of
        self.all_scope = False
        self.item_count = 0

    def show_quotes(self, refs: Sequence[QuoteRef], *, all_scope: bool, keep: bool = True) -> None:
        """Show these quotes; in "all" scope under one heading per speaker."""
        self.all_scope = all_scope
        groups: list[tuple[Heading | None, Sequence[QuoteRef]]] = []
        if not all_scope:
            groups = [(None, refs)]
        else:
            by_speaker: dict[str, list[QuoteRef]] = {}
            for ref in refs:
                by_speaker.setdefault(ref.quote.speaker or "", []).append(ref)
            order = sorted(by_speaker, key=lambda s: (s == "", -len(by_speaker[s]), s.casefold()))
            groups = [
                (Heading(speaker or NO_SPEAKER, len(by_speaker[speaker])), by_speaker[speaker])
                for speaker in order
            ]
        rows: GroupedRows[QuoteRef, QuoteRow] = GroupedRows(groups, QuoteRow)
        self.item_count = rows.item_count
        self.set_rows(rows, keep=keep)

    def show_speakers(
        self, by_speaker: Sequence[tuple[str | None, Sequence[QuoteRef]]], *, keep: bool = True
    ) -> None:
        """Show every article's quotes under one heading per speaker, in the order given
        (most quoted first); each speaker's quotes may be a paged list from the index."""
        self.all_scope = True
        groups: list[tuple[Heading | None, Sequence[QuoteRef]]] = [
            (Heading(speaker or NO_SPEAKER, len(refs)), refs) for speaker, refs in by_speaker
        ]
        rows: GroupedRows[QuoteRef, QuoteRow] = GroupedRows(groups, QuoteRow)
        self.item_count = rows.item_count
        self.set_rows(rows, keep=keep)

    def row_key(self, row: QuoteListRow) -> object:
        return (row.ref.article_id, row.ref.quote.start) if isinstance(row, QuoteRow) else None

    def locate(self, rows: Sequence[QuoteListRow], key: object) -> int | None:
        if isinstance(rows, GroupedRows):
            return rows.index_of_key(key, lambda ref: (ref.article_id, ref.quote.start) == key)
        return super().locate(rows, key)

    def is_selectable(self, row: QuoteListRow) -> bool:
        return isinstance(row, QuoteRow)

    def select_ref(self, article_id: str, start: int) -> bool:
        """Put the cursor on the quote at ``start`` in ``article_id``; True if shown."""
        return self.select_key((article_id, start))

    def render_row(self, row: QuoteListRow, width: int) -> list[Text]:
        if isinstance(row, Heading):
            label = f"{row.label} — {row.count} quote{'s' if row.count != 1 else ''}"
            return [Text(" ") + cell(label, width - 1), Text("")]
        ref = row.ref
        first = (
            Text(" “") + cell(one_line(ref.quote.text), max(1, width - 4), pad=False) + Text("”")
        )
        speaker_style = self.get_component_rich_style("quotes--speaker", partial=True)
        second = Text("   — ")
        second.append(one_line(attribution(ref)), style=speaker_style)
        if self.all_scope:
            second.append(
                " · " + one_line(self.title_of(ref.article_id)),
                style=self.get_component_rich_style("quotes--article", partial=True),
            )
        return [first, second]
