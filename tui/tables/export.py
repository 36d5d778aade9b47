"""`e`: export what the current view shows (its rows) to CSV, JSON or Markdown in the current folder.

The rows are gathered in a worker (a list may page 100k rows from the index), each with
its article's title, source, date, path and URL where it has one, and written through the
CLI's safe writers: CSV cells neutralised against spreadsheet formulas (``csv_cell``),
JSON with every control escaped (``json_bytes``), Markdown cells one line each. The file
gets a new name (``newsexplore-speakers-2026-12-03-1830.csv``, then ``-2``, ``-3`` …): an
existing file is never overwritten, and the name is reserved before anything is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from store.atomic_file import atomic_text_writer
from store.export import csv_cell, json_bytes
from store.sanitize import one_line

FORMATS = {"csv": "CSV", "json": "JSON", "md": "Markdown"}
ARTICLE_COLUMNS = ("title", "source", "date", "path", "url", "article_id")
_NAME_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


@dataclass(slots=True)
class ExportView:
    """What a view exports: its name (in the file name), columns, and a way to read its
    rows (called in a worker thread; each row a dict over ``columns``)."""

    name: str
    columns: tuple[str, ...]
    rows: Callable[[], Iterable[dict[str, Any]]]


# ----------------------------------------------------------------------------- writing


def file_stem(view: str, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now()
    return f"newsexplore-{view}-{now:%Y-%m-%d-%H%M}"


def reserve_path(folder: Path, stem: str, ext: str) -> Path:
    """A new file ``stem.ext`` (else ``stem-2.ext``, ``-3`` …) created empty in ``folder``,
    exclusively and never through a link: the name is ours before a byte is written."""
    for n in range(1, 10_000):
        path = folder / (f"{stem}.{ext}" if n == 1 else f"{stem}-{n}.{ext}")
        try:
            os.close(os.open(path, _NAME_FLAGS, 0o666))
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free name for {stem}.{ext} in {folder}")


def _md_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    # A pipe would end the cell; a backslash before it keeps it text.
    return one_line(str(value)).replace("\\", "\\\\").replace("|", "\\|")


def lines(fmt: str, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """``rows`` as ``fmt`` (csv, json, md), line by line, every cell made safe."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_cell(row.get(c)) for c in columns])
            yield buffer.getvalue().rstrip("\n")
            buffer.seek(0)
            buffer.truncate()
        if buffer.getvalue():  # the header of an empty view
            yield buffer.getvalue().rstrip("\n")
    elif fmt == "json":
        yield "["
        first = True
        for row in rows:
            data = json_bytes({c: row.get(c) for c in columns}).decode("utf-8")
            yield ("" if first else ",") + data
            first = False
        yield "]"
    elif fmt == "md":
        yield "| " + " | ".join(columns) + " |"
        yield "|" + "|".join("---" for _ in columns) + "|"
        for row in rows:
            yield "| " + " | ".join(_md_cell(row.get(c)) for c in columns) + " |"
    else:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_view(view: ExportView, fmt: str, folder: Path | None = None) -> tuple[Path, int]:
    """Write ``view`` as ``fmt`` to a new file in ``folder`` (the current one); returns the
    path and the number of rows. Raises OSError (the reserved name is then removed)."""
    folder = folder or Path.cwd()
    path = reserve_path(folder, file_stem(view.name), fmt)
    count = 0

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal count
        for row in view.rows():
            count += 1
            yield row

    try:
        with atomic_text_writer(path) as out:  # replaces our empty reservation whole
            for line in lines(fmt, view.columns, counted()):
                out.write(line + "\n")
    except BaseException:
        try:
            if path.is_file() and path.stat().st_size == 0:
                path.unlink()
        except OSError:
            pass
        raise
    return path, count


# ----------------------------------------------------------------------------- asking


class ExportFormatScreen(ModalScreen[str | None]):
    """Asks CSV, JSON or Markdown (keys c, j, m; Esc cancels)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "pick('csv')", "CSV"),
        Binding("j", "pick('json')", "JSON"),
        Binding("m", "pick('md')", "Markdown"),
        Binding("escape", "pick('')", "Cancel"),
    ]

    DEFAULT_CSS = """
    ExportFormatScreen {
        align: center middle;
        & > Vertical {
            width: 60; height: auto; padding: 1 2;
            border: round $accent; background: $surface;
        }
        & Horizontal { height: auto; margin-top: 1; }
        & Button { margin-right: 1; }
    }
    """

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(one_line(f"Export {self.what} to the current folder as:"), markup=False)
            with Horizontal():
                yield Button("CSV (c)", id="csv", variant="primary")
                yield Button("JSON (j)", id="json")
                yield Button("Markdown (m)", id="md")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)

    def action_pick(self, fmt: str) -> None:
        self.dismiss(fmt or None)
