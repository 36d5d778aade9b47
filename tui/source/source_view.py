"""SourceView: the article text, one widget per paragraph, with highlighted spans."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Static

from store.records import Article
from store.sanitize import neutralise, one_line
from tui.source.marks import Mark  # (start, end, component class), character offsets
from tui.source.paragraphs import Block, block_index, split_blocks

# Later layers are drawn over earlier ones where spans overlap.
LAYERS = (
    "source--quote",
    "source--entity",
    "source--figure",
    "source--noun",
    "source--speaker",
    "source--match",
    "source--entity-selected",
    "source--match-current",
)
_LAYER_ORDER = {name: order for order, name in enumerate(LAYERS)}

# What each highlight means, for the legend (short: it must fit the text's width at 120
# columns); pairs that go together (an item and its stronger or related mark) touch.
LEGEND = (
    ("source--entity", "entity"),
    ("source--entity-selected", "chosen"),
    ("source--quote", "quote"),
    ("source--speaker", "who"),
    ("source--figure", "figure"),
    ("source--noun", "noun"),
    ("source--match", "match"),
    ("source--match-current", "current"),
)


class Paragraph(Widget):
    """One block of the article; ``text`` is what is shown, with its highlight spans."""

    DEFAULT_CSS = """
    Paragraph { padding: 0 1; margin-bottom: 1; width: 1fr; height: auto; }
    """

    def __init__(self, block: Block, plain: str) -> None:
        super().__init__()
        self.block = block
        self.plain = plain  # already neutralised: same length as the source slice
        self.marks: tuple[Mark, ...] = ()
        self.text = Text(plain)

    def reuse(self, block: Block, plain: str) -> None:
        """Show another block (widgets are reused across articles: mounting costs more)."""
        self.block = block
        self.plain = plain
        self.marks = ()
        self.text = Text(plain)
        self.display = True
        self.refresh(layout=True)

    def render(self) -> Text:
        return self.text

    def show(self, marks: tuple[Mark, ...], styles: dict[str, Style]) -> None:
        """Draw the block with ``marks`` (absolute offsets) styled; the height never changes."""
        self.marks = marks
        text = Text(self.plain)
        base = self.block.start
        for start, end, kind in sorted(marks, key=lambda mark: _LAYER_ORDER.get(mark[2], 0)):
            text.stylize(styles[kind], max(0, start - base), min(len(self.plain), end - base))
        self.text = text
        self.refresh()


def title_opens_text(article: Article) -> bool:
    """Whether the article's first line is its title (then the header need not repeat it)."""
    title = " ".join(article.title.split()) if article.title else ""
    first_line = " ".join(article.text.lstrip().split("\n", 1)[0].split())
    return bool(title) and first_line.casefold() == title.casefold()


class SourceView(VerticalScroll, can_focus=True):
    """The current article: title and date on top, then its paragraphs, highlights on demand."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *LAYERS,
        "source--title",
        "source--meta",
    }

    DEFAULT_CSS = """
    SourceView {
        background: $surface;
        scrollbar-size-vertical: 1;
        & > .source--title { text-style: bold; color: $text; }
        & > .source--meta { color: $text-muted; }
        & > .source--entity { background: $primary 25%; }
        & > .source--entity-selected { background: $primary 70%; color: $text; text-style: bold; }
        & > .source--quote { background: $success 15%; text-style: italic; }
        & > .source--speaker { background: $success 45%; text-style: bold underline; }
        & > .source--figure { background: $warning 50%; text-style: bold; }
        & > .source--noun { background: $warning 20%; text-style: underline; }
        /* Matches in magenta: the theme's accent is often its warning colour (figures). */
        & > .source--match { background: #c060c0 60%; }
        & > .source--match-current { background: #c060c0; color: $text; text-style: bold reverse; }
        & #source-header { padding: 0 1; margin-bottom: 1; }
        & #source-empty { padding: 1 2; color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.blocks: list[Block] = []
        self.paragraphs: list[Paragraph] = []
        self._pool: list[Paragraph] = []  # every Paragraph mounted; the first len(blocks) shown
        self.marks: list[Mark] = []
        self._focus_span: tuple[int, int] | None = None
        self._styles: dict[str, Style] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="source-header", markup=False)
        yield Static("Loading…", id="source-empty", markup=False)

    # ---- styles -------------------------------------------------------------

    def styles_by_class(self) -> dict[str, Style]:
        """The Rich style of each highlight class, from the current theme."""
        if self._styles is None:
            self._styles = {name: self.get_component_rich_style(name) for name in LAYERS}
        return self._styles

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._styles is not None:
            self._styles = None
            if self.paragraphs:
                self._redraw(range(len(self.paragraphs)), force=True)

    # ---- content ------------------------------------------------------------

    def show_message(self, message: str) -> None:
        """Show a message instead of an article (empty store, loading, errors)."""
        self.article = None
        self._clear_paragraphs()
        self.query_one("#source-header", Static).update("")
        empty = self.query_one("#source-empty", Static)
        empty.update(Text(one_line(message)))
        empty.display = True

    def show_article(self, article: Article) -> None:
        """Replace the shown article (no highlights yet); scrolls to the top."""
        self.article = article
        self._clear_paragraphs()
        self.query_one("#source-empty", Static).display = False
        self.query_one("#source-header", Static).update(self._header(article))
        plain = neutralise(article.text)
        self.blocks = split_blocks(plain)
        self.paragraphs = [
            Paragraph(block, plain[block.start : block.end]) for block in self.blocks
        ]
        self.marks = []
        self._focus_span = None
        if self.paragraphs:
            self.mount_all(self.paragraphs)
        self.scroll_home(animate=False, immediate=True)

    def _clear_paragraphs(self) -> None:
        if self.paragraphs:
            self.remove_children(self.paragraphs)
        self.paragraphs = []
        self.blocks = []
        self.marks = []

    def _header(self, article: Article) -> Text:
        """Title, then date · source · path; the title is left out when the text begins
        with it (the BBC form: headline, blank line, body), so it is not shown twice."""
        meta = " · ".join(
            one_line(part) for part in (article.date, article.source, article.path) if part
        )
        if title_opens_text(article):
            return Text(meta, style=self._style("source--meta"))
        header = Text(one_line(article.title or "(untitled)"), style=self._style("source--title"))
        if meta:
            header.append("\n")
            header.append(meta, style=self._style("source--meta"))
        return header

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name)

    # ---- highlights ---------------------------------------------------------

    def set_marks(
        self, marks: Iterable[Mark], focus: tuple[int, int] | None = None, *, scroll: bool = True
    ) -> None:
        """Highlight ``marks``; scroll ``focus`` (a span) into view, centred."""
        new_marks = sorted(set(marks))
        per_block_old = self._marks_per_block(self.marks)
        per_block_new = self._marks_per_block(new_marks)
        self.marks = new_marks
        changed = [
            index
            for index in set(per_block_old) | set(per_block_new)
            if per_block_old.get(index, ()) != per_block_new.get(index, ())
        ]
        self._per_block = per_block_new
        self._redraw(changed)
        self._focus_span = focus
        if focus is not None and scroll:
            self.call_after_refresh(self.scroll_to_span, *focus)

    def _marks_per_block(self, marks: Iterable[Mark]) -> dict[int, tuple[Mark, ...]]:
        per_block: dict[int, list[Mark]] = {}
        if not self.blocks:
            return {}
        for mark in marks:
            start, end, _ = mark
            first = block_index(self.blocks, start)
            for index in range(first, len(self.blocks)):
                block = self.blocks[index]
                if block.start >= end:
                    break
                if block.end > start:
                    per_block.setdefault(index, []).append(mark)
        return {index: tuple(found) for index, found in per_block.items()}

    def _redraw(self, indexes: Iterable[int], force: bool = False) -> None:
        styles = self.styles_by_class()
        per_block = getattr(self, "_per_block", {})
        for index in indexes:
            if 0 <= index < len(self.paragraphs):
                self.paragraphs[index].show(per_block.get(index, ()), styles)

    def marked(self, kind: str) -> list[tuple[int, int]]:
        """The spans currently highlighted with ``kind`` (for tests and status)."""
        return [(start, end) for start, end, name in self.marks if name == kind]

    def scroll_to_span(self, start: int, end: int) -> None:
        """Scroll so the wrapped lines holding ``text[start:end]`` sit in the middle."""
        if not self.paragraphs:
            return
        index = block_index(self.blocks, start)
        paragraph = self.paragraphs[index]
        width = paragraph.content_region.width
        if width <= 0:
            self.scroll_to_center(paragraph, animate=False, immediate=True)
            return
        lines = paragraph.text.wrap(self.app.console, width)
        local_start = start - paragraph.block.start
        local_end = end - paragraph.block.start
        first_line = last_line = 0
        consumed = 0
        for line_number, line in enumerate(lines):
            if consumed <= local_start:
                first_line = line_number
            if consumed < local_end:
                last_line = line_number
            consumed += len(line)
        top = paragraph.virtual_region.y + paragraph.styles.padding.top + first_line
        height = last_line - first_line + 1
        self.scroll_to_region(
            Region(0, top, max(1, paragraph.size.width), height),
            center=True,
            animate=False,
            immediate=True,
        )
