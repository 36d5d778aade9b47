"""RowList: a virtual list that draws only the visible rows, so 100k rows open instantly."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

RowT = TypeVar("RowT")


class RowList(ScrollView, Generic[RowT], can_focus=True):
    """A keyboard- and mouse-driven list over any sequence; subclasses say how a row looks.

    Rows are rendered on demand (``render_row``) and cached per width, so the
    cost of showing a list does not grow with its length. Each row is
    ``ROW_HEIGHT`` lines tall; rows for which ``is_selectable`` is false
    (group headings) are skipped by the cursor.
    """

    ROW_HEIGHT: ClassVar[int] = 1
    # True when a row object always draws the same (given width and cursor): lines are
    # then cached per row and survive set_rows.
    STABLE_ROWS: ClassVar[bool] = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "choose", "Open", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "rowlist--cursor",
        "rowlist--heading",
        "rowlist--empty",
    }

    DEFAULT_CSS = """
    RowList {
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        & > .rowlist--cursor { background: $block-cursor-blurred-background; }
        &:focus > .rowlist--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .rowlist--heading { color: $text-accent; text-style: bold; }
        & > .rowlist--empty { color: $text-muted; text-style: italic; }
    }
    """

    cursor: reactive[int] = reactive(-1, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor moved onto a row."""

        def __init__(self, row_list: RowList, index: int) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index

        @property
        def control(self) -> RowList:
            return self.row_list

    class Chosen(Message):
        """A row was chosen: Enter or a double click."""

        def __init__(self, row_list: RowList, index: int) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index

        @property
        def control(self) -> RowList:
            return self.row_list

    def __init__(self, *, empty_message: str = "Nothing here.", id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: Sequence[RowT] = ()
        self._line_cache: LRUCache[tuple[int, int, int, bool], tuple[object, Strip]] = LRUCache(
            1024
        )
        self.empty_message = empty_message

    # ---- data -------------------------------------------------------------

    @property
    def rows(self) -> Sequence[RowT]:
        return self._rows

    @property
    def current_row(self) -> RowT | None:
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor]
        return None

    def set_rows(
        self, rows: Sequence[RowT], cursor: int | None = None, *, keep: bool = False
    ) -> None:
        """Replace the rows, silently: the cursor goes to ``cursor``, or (``keep``) stays on
        the row with the same ``row_key``, or else to the first row."""
        kept: int | None = None
        if keep and cursor is None and self.current_row is not None:
            key = self.row_key(self.current_row)
            if key is not None:
                kept = self.locate(rows, key)
        self._rows = rows
        if not self.STABLE_ROWS:
            self._line_cache.clear()
        self.virtual_size = Size(self.size.width, len(rows) * self.ROW_HEIGHT)
        target = cursor if cursor is not None else kept if kept is not None else 0
        self.set_reactive(RowList.cursor, self._nearest_selectable(target, 1))
        if cursor is None and kept is None:
            self.scroll_to(y=0, animate=False, immediate=True)
        else:
            self._scroll_cursor_visible()
        self.refresh()

    def row_key(self, row: RowT) -> object:
        """What identifies ``row`` across rebuilds (None: nothing), to keep the selection."""
        return None

    def locate(self, rows: Sequence[RowT], key: object) -> int | None:
        """Index of the row of ``rows`` whose ``row_key`` is ``key`` (subclasses may be faster)."""
        return next((i for i, row in enumerate(rows) if self.row_key(row) == key), None)

    def select_key(self, key: object) -> bool:
        """Put the cursor on the row whose ``row_key`` is ``key``; True if it is shown."""
        index = self.locate(self.rows, key)
        if index is None:
            return False
        self.move_to(index)
        return True

    def set_empty_message(self, message: str) -> None:
        self.empty_message = message
        if not self._rows:
            self.refresh()

    def is_selectable(self, row: RowT) -> bool:
        """Whether the cursor may rest on ``row`` (group headings say no)."""
        return True

    def render_row(self, row: RowT, width: int) -> Text | list[Text]:
        """The line (or ``ROW_HEIGHT`` lines) that show ``row``; override."""
        return Text(str(row))

    def move_to(self, index: int) -> None:
        """Put the cursor on row ``index`` (if selectable) and announce it."""
        if 0 <= index < len(self._rows) and self.is_selectable(self._rows[index]):
            self.cursor = index

    # ---- cursor -----------------------------------------------------------

    def _nearest_selectable(self, start: int, step: int) -> int:
        rows = self._rows
        if not rows:
            return -1
        start = max(0, min(start, len(rows) - 1))
        index = start
        while 0 <= index < len(rows):
            if self.is_selectable(rows[index]):
                return index
            index += step
        index = start - step
        while 0 <= index < len(rows):
            if self.is_selectable(rows[index]):
                return index
            index -= step
        return -1

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_cursor_visible()
        if new >= 0:
            self.post_message(self.Highlighted(self, new))

    def _refresh_row(self, index: int) -> None:
        if index >= 0:
            self.refresh_lines(index * self.ROW_HEIGHT - round(self.scroll_y), self.ROW_HEIGHT)

    def _scroll_cursor_visible(self) -> None:
        if self.cursor < 0:
            return
        region = Region(0, self.cursor * self.ROW_HEIGHT, 1, self.ROW_HEIGHT)
        self.scroll_to_region(region, animate=False, force=True, immediate=True)

    def _step(self, delta: int) -> None:
        if not self._rows:
            return
        if self.cursor < 0:
            self.cursor = self._nearest_selectable(0, 1)
            return
        step = 1 if delta > 0 else -1
        target = max(0, min(len(self._rows) - 1, self.cursor + delta))
        index = target
        while 0 <= index < len(self._rows) and not self.is_selectable(self._rows[index]):
            index += step
        if not 0 <= index < len(self._rows):
            index = self._nearest_selectable(target, -step)
        if index >= 0 and index != self.cursor:
            self.cursor = index

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_cursor_down(self) -> None:
        self._step(1)

    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height // self.ROW_HEIGHT - 1)

    def action_page_up(self) -> None:
        self._step(-self._page_rows())

    def action_page_down(self) -> None:
        self._step(self._page_rows())

    def select_first_quietly(self) -> None:
        """Put the cursor on the first selectable row without announcing it (no Highlighted)."""
        if self._rows:
            self.set_reactive(RowList.cursor, self._nearest_selectable(0, 1))
            self._scroll_cursor_visible()
            self.refresh()

    def action_first(self) -> None:
        if self._rows:
            self.cursor = self._nearest_selectable(0, 1)

    def action_last(self) -> None:
        if self._rows:
            self.cursor = self._nearest_selectable(len(self._rows) - 1, -1)

    def action_choose(self) -> None:
        if self.cursor >= 0:
            self.post_message(self.Chosen(self, self.cursor))

    async def _on_click(self, event: events.Click) -> None:
        index = (event.y + round(self.scroll_y)) // self.ROW_HEIGHT
        if 0 <= index < len(self._rows) and self.is_selectable(self._rows[index]):
            if index != self.cursor:
                self.cursor = index
            if event.chain >= 2:
                self.post_message(self.Chosen(self, index))

    # ---- drawing ----------------------------------------------------------

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._rows) * self.ROW_HEIGHT)
        self._line_cache.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_cache.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line_y = round(self.scroll_y) + y
        if not self._rows:
            base = self.rich_style
            if y == 0:
                style = self.get_component_rich_style("rowlist--empty")
                text = Text(" " + self.empty_message, style=style, end="")
                return self._strip(text, width, base)
            return Strip.blank(width, base)
        index, sub_line = divmod(line_y, self.ROW_HEIGHT)
        if index >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        is_cursor = index == self.cursor
        row = self._rows[index]
        # Stable rows are cached by the row itself: after a new search most rows on screen
        # are rows drawn before, only elsewhere in the list.
        key = (id(row) if self.STABLE_ROWS else index, sub_line, width, is_cursor)
        cached = self._line_cache.get(key)
        if cached is not None and cached[0] is row:
            return cached[1]
        base = self.rich_style  # not free: it walks the ancestors' backgrounds
        rendered = self.render_row(row, width)
        lines = rendered if isinstance(rendered, list) else [rendered]
        text = lines[sub_line] if sub_line < len(lines) else Text("")
        if not self.is_selectable(row):
            base = base + self.get_component_rich_style("rowlist--heading")
        elif is_cursor:
            base = base + self.get_component_rich_style("rowlist--cursor")
        strip = self._strip(text, width, base)
        self._line_cache[key] = (row, strip)
        return strip

    def _strip(self, text: Text, width: int, base: Style) -> Strip:
        text = text.copy()
        text.no_wrap = True
        text.truncate(width, overflow="ellipsis")
        segments = [
            Segment(seg.text, base + seg.style if seg.style else base)
            for seg in text.render(self.app.console, end="")
        ]
        return Strip(segments).adjust_cell_length(width, base)
