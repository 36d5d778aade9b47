"""The explorer against hostile input, round 2: markup-like names in the palette and panes, a
store with escapes where fixed words belong, a store it cannot write to, a paste that fakes its
own end, a megabyte to copy, and quitting in the middle of an ingest."""

from __future__ import annotations

import asyncio
import dataclasses
import errno
import json
import os
import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from test_app_support import SIZE, blair_pair, entity, make_app, settle, span
from test_attack_article import foreign_controls, painted

from store.db import Store
from store.records import Article, Extraction, Figure, Quote
from store.sanitize import has_unsafe
from tui import clipboard
from tui.app import NewsExploreApp
from tui.items.rows import FigureRow

OSC52 = "\x1b]52;c;ZXZpbA==\x07"  # "evil" onto the clipboard
TITLE_SET = "\x1b]0;pwned\x07"  # retitles the terminal
_SGR_OR_MOVE = re.compile(r"\x1b\[[0-9;:]*[mH]")


@pytest.fixture(autouse=True)
def no_system_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the real clipboard: no display, no tmux, no copy tool."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "TMUX", "SSH_CONNECTION", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(clipboard, "system_copy_command", lambda env, which=None: None)


def screen_text(app: Any) -> str:
    """The painted screen without the renderer's styling: what the user reads."""
    return _SGR_OR_MOVE.sub("", painted(app))


def notes(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def wait_for(pilot: Any, condition: Any, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met in time")


# -- finding 5: markup-like text is text, everywhere ------------------------------------------

# Each of these broke or restyled the explorer somewhere: an unmatched closing tag raises
# MarkupError, "$accent" is a variable, "[b]" styles, "[@click=…]" is an action.
MARKUP_LIKE = ["dump[/red.txt", "q[$accent] gone", "[b]x bold", "[@click=app.quit]quit", "[/red]"]


def quote_at(
    span_: tuple[int, int], text: str, speaker: str, role: str, at: tuple[int, int]
) -> Quote:
    return Quote(*span_, text[span_[0] : span_[1]], speaker, role, *at)


def markup_pair(index: int, needle: str) -> tuple[Article, Extraction]:
    """An article whose title, path, source, speaker, entity and figure all carry ``needle``."""
    text = (
        f"Zork report {index}\n\n"
        f'Mallory {needle} said: "We sold 12 units." Mallory {needle} left.\n'
    )
    name = f"Mallory {needle}"
    quote = span(text, "We sold 12 units.")
    speaker = span(text, name)
    article = Article(
        f"m{index}",
        f"dump/{needle}/{index}.txt",
        f"Zork {index} {needle}",
        "2024-01-0" + str(index + 1),
        f"src {needle}",
        text,
    )
    extraction = Extraction(
        entities=[entity(text, name, "PERSON", name), entity(text, name, "PERSON", name, 1)],
        quotes=[quote_at(quote, text, "M", f"role {needle}", speaker)],  # short: fits the pane
        figures=[
            Figure(*span(text, "12"), "12", "count", 12.0, None, f"unit {needle}", "sold 12 units")
        ],
    )
    return article, extraction


@pytest.mark.parametrize("index,needle", list(enumerate(MARKUP_LIKE)))
async def test_markup_like_names_are_shown_literally_in_the_palette_and_panes(
    index: int, needle: str
) -> None:
    pair = markup_pair(index, needle)
    app = make_app(pair, blair_pair())
    async with app.run_test(size=SIZE, notifications=True, tooltips=True) as pilot:
        await settle(pilot, app)
        # The palette lists the article by title, with its date and path under it.
        await pilot.press("ctrl+p")
        await pilot.press(*f"zork {index}")
        await pilot.pause(0.6)
        shown = screen_text(app)
        assert f"Open: Zork {index} {needle}" in shown
        assert f"dump/{needle}/{index}.txt" in shown  # the path: it used to raise MarkupError
        assert app.is_running
        await pilot.press("enter")
        await settle(pilot, app, f"m{index}")
        assert app.is_running
        shown = screen_text(app)
        assert f"src {needle}" in shown and f"dump/{needle}/{index}.txt" in shown  # header
        for pane in ("2", "3", "4"):
            await pilot.press(pane)
            await pilot.pause(0.1)
            shown = screen_text(app)
            assert {"2": f"Mallory {needle}", "3": f"role {needle}", "4": f"unit {needle}"}[
                pane
            ] in shown
        await pilot.press("y")  # a notification follows; the clipboard has the name literally
        await settle(pilot, app)
        assert needle in app.clipboard
        assert app.is_running
    assert app.return_code in (None, 0)


async def test_a_store_path_with_markup_is_named_literally_when_it_cannot_be_opened(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "dump[" / "x[$accent]"  # the store's path: .../dump[/x[$accent]/...
    folder.mkdir(parents=True)
    db = folder / "store.json"
    db.write_text("{not json")
    app = NewsExploreApp(db, [])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: bool(notes(app)))
        await pilot.pause(0.2)
        from textual.widgets._toast import Toast

        toasts = [getattr(t.render(), "plain", str(t.render())) for t in app.screen.query(Toast)]
        assert any("dump[/x[$accent]/store.json" in t for t in toasts), toasts
        assert app.is_running
    assert app.return_code in (None, 0)


# -- finding 1 (the app's side): strings from a store are neutralised where they are shown ----


def hostile_store(tmp_path: Path) -> Path:
    """A real store of one article, its shard edited by hand: escapes in a figure's unit and
    kind and in an entity's type (fields that should come from fixed word lists)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    article, _ = blair_pair()
    (folder / "blair.txt").write_text(article.text, encoding="utf-8")
    db = tmp_path / "store.json"
    store = Store(db)
    report = store.ingest([folder], workers=1)
    assert report.stored == 1
    shard_path = Path(str(db) + ".parts") / "0000.json"
    shard = json.loads(shard_path.read_text())
    fields = shard["meta"]["1"]["fields"]
    [doc] = shard["articles"].values()
    figures, entities = doc["items"]["figures"], doc["items"]["entities"]
    assert figures and entities
    for row in figures:
        row[fields["figures"].index("unit")] = "CNY" + OSC52
        row[fields["figures"].index("kind")] = "money" + TITLE_SET
    for row in entities:
        row[fields["entities"].index("type")] = "PERSON" + TITLE_SET + OSC52
    shard_path.write_text(json.dumps(shard))
    return db


async def test_a_store_with_escapes_in_fixed_fields_cannot_drive_the_terminal(
    tmp_path: Path,
) -> None:
    db = hostile_store(tmp_path)
    app = NewsExploreApp(db, [])
    frames: list[str] = []
    clips: list[str] = []
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # The store may refuse the damaged article (naming its shard) or show it: either way
        # clearly, and nothing on screen or on the clipboard drives the terminal.
        await wait_for(pilot, lambda: app.article is not None or bool(notes(app)))
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        frames.append(painted(app))
        for keys in (("4",), ("y",), ("down", "y"), ("a",), ("2",), ("y",), ("3",), ("a", "2")):
            await pilot.press(*keys)
            await pilot.pause(0.1)
            await app.workers.wait_for_complete()
            frames.append(painted(app))
            clips.append(app.clipboard)
        assert app.is_running
        assert app.article is not None or any("0000.json" in n for n in notes(app)), notes(app)
        assert not [n for n in notes(app) if has_unsafe(n)]
    assert app.return_code in (None, 0)
    for n, frame in enumerate(frames):
        assert foreign_controls(frame) == [], f"frame {n}"
    for clip in clips:
        assert not has_unsafe(clip) and "\x1b" not in clip, repr(clip)


def escaped_pair() -> tuple[Article, Extraction]:
    """The same attack without a store: whatever the store lets through, the app shows safely."""
    article, extraction = blair_pair()
    figures = [
        dataclasses.replace(f, unit="CNY" + OSC52, kind=f.kind + TITLE_SET)
        for f in extraction.figures
    ]
    entities = [
        dataclasses.replace(e, type=e.type + TITLE_SET + OSC52) for e in extraction.entities
    ]
    return article, Extraction(entities=entities, quotes=extraction.quotes, figures=figures)


async def test_figures_and_entity_types_with_escapes_are_shown_visibly_and_copied_clean() -> None:
    app = make_app(escaped_pair())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app, "blair")
        await pilot.press("4")
        await settle(pilot, app)
        frame = painted(app)
        assert foreign_controls(frame) == []
        assert "CNY␛]52;c;ZXZpbA==␇" in screen_text(app)  # shown, as placeholders
        assert isinstance(app.figures.current_row, FigureRow)
        await pilot.press("y")
        await settle(pilot, app)
        assert app.clipboard and not has_unsafe(app.clipboard)
        for keys in (("a",), ("2",)):
            await pilot.press(*keys)
            await settle(pilot, app)
            assert foreign_controls(painted(app)) == []
        assert "␛]0;pwned␇" in screen_text(app)  # the type heading, visible and inert
        await pilot.press("y")
        await settle(pilot, app)
        assert app.clipboard and not has_unsafe(app.clipboard)


# -- finding 8 (the app's side): a store the app cannot write to -------------------------------


def refuse_writes_under(monkeypatch: pytest.MonkeyPatch, folder: Path, code: int) -> None:
    """Make every write under ``folder`` fail as a full disk (ENOSPC) or a read-only mount
    (EROFS) does: at the system calls the store uses, so the store's own error path runs.
    (Tests run as root, for whom chmod stops nothing.)"""
    root = str(folder) + os.sep
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def inside(path: Any) -> bool:
        return os.path.abspath(os.fsdecode(path)).startswith(root)

    def refuse(path: Any) -> OSError:
        return OSError(code, os.strerror(code), os.fsdecode(path))

    real_open, real_replace, real_rename = os.open, os.replace, os.rename
    real_unlink, real_mkdir, real_access = os.unlink, os.mkdir, os.access

    def fake_open(path: Any, flags: int, mode: int = 0o777, *, dir_fd: Any = None) -> int:
        if flags & writing and inside(path):
            raise refuse(path)
        return real_open(path, flags, mode, dir_fd=dir_fd)

    def fake_two(real: Any) -> Any:
        def call(src: Any, dst: Any, **kwargs: Any) -> Any:
            if inside(src) or inside(dst):
                raise refuse(dst)
            return real(src, dst, **kwargs)

        return call

    def fake_one(real: Any) -> Any:
        def call(path: Any, *args: Any, **kwargs: Any) -> Any:
            if inside(path):
                raise refuse(path)
            return real(path, *args, **kwargs)

        return call

    def fake_access(path: Any, mode: int, **kwargs: Any) -> bool:
        if code == errno.EROFS and mode & os.W_OK and (inside(path) or str(path) == str(folder)):
            return False  # a read-only mount says so; a full disk does not
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "replace", fake_two(real_replace))
    monkeypatch.setattr(os, "rename", fake_two(real_rename))
    monkeypatch.setattr(os, "unlink", fake_one(real_unlink))
    monkeypatch.setattr(os, "mkdir", fake_one(real_mkdir))
    monkeypatch.setattr(os, "access", fake_access)


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC], ids=["read-only", "full-disk"])
async def test_a_store_that_cannot_be_written_opens_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    articles = tmp_path / "articles"
    articles.mkdir()
    article, _ = blair_pair()
    (articles / "blair.txt").write_text(article.text, encoding="utf-8")
    db = folder / "store.json"
    Store(db).ingest([articles], workers=1)
    before = {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    refuse_writes_under(monkeypatch, folder, code)

    app = NewsExploreApp(db, [])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: app.article is not None)
        await settle(pilot, app)
        for key in ("2", "3", "4", "1", "down", "up"):  # each would save the place
            await pilot.press(key)
            await settle(pilot, app)
        assert app.article is not None and "Blair" in app.article.text
        assert app.articles.rows
        said = [n for n in notes(app) if "read-only" in n]
        assert len(said) == 1, notes(app)  # said once, as information, not as an error
        assert not [n for n in app._notifications if n.severity == "error"], notes(app)
        assert "read-only" in str(app.query_one("#status-note").render())
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    assert {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


async def test_an_empty_read_only_store_opens_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from seeds import SEEDS_DIR

    folder = tmp_path / "store"
    folder.mkdir()
    refuse_writes_under(monkeypatch, folder, errno.EROFS)
    app = NewsExploreApp(folder / "store.json", [SEEDS_DIR])  # as the command line opens it
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: app.library is not None and bool(notes(app)))
        await pilot.pause(0.3)
        assert [n for n in notes(app) if "read-only" in n], notes(app)
        assert not [n for n in app._notifications if n.severity == "error"], notes(app)
        assert "No articles yet" in screen_text(app)
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    assert list(folder.iterdir()) == []


# -- minor: a paste that carries the paste-end marker ------------------------------------------

PASTE = "\x1b[200~abc\x1b[201~\x11\x1b[201~"  # the terminal's wrapping around "abc ESC[201~ ^Q"


def parsed(parser: Any, data: str, wait: float = 0.15) -> list[Any]:
    """The events ``parser`` makes of ``data`` arriving in one read, then ``wait`` s of quiet."""
    events = list(parser.feed(data))
    time.sleep(wait)  # past the escape delay: a lone ESC at the end would be the escape key
    events += list(parser.tick())
    return events


def test_textual_parser_alone_turns_the_pasted_ctrl_q_into_a_key() -> None:
    """Guard on the next test: the stock parser ends the paste early, and ^Q becomes a key."""
    from textual import events
    from textual._xterm_parser import XTermParser

    found = parsed(XTermParser(), PASTE)
    assert [e.text for e in found if isinstance(e, events.Paste)] == ["abc"]
    assert [e.key for e in found if isinstance(e, events.Key)] == ["ctrl+q"]


def test_the_explorers_parser_keeps_a_fake_paste_end_inside_the_paste() -> None:
    from textual import events

    from tui.paste import QUIET_S, PasteGuardParser

    found = parsed(PasteGuardParser(), PASTE)
    pastes = [e.text for e in found if isinstance(e, events.Paste)]
    assert len(pastes) == 1 and pastes[0].startswith("abc") and "\x11" in pastes[0]
    assert [e for e in found if isinstance(e, events.Key)] == []
    # Ordinary input is untouched: keys, a normal paste, keys after it.
    parser = PasteGuardParser()
    found = parsed(parser, "ab") + parsed(parser, "\x1b[200~x y\x1b[201~") + parsed(parser, "q")
    assert [e.text for e in found if isinstance(e, events.Paste)] == ["x y"]
    assert [e.key for e in found if isinstance(e, events.Key)] == ["a", "b", "q"]
    # Bytes after a paste's end in the same read cannot be told from more paste: they are
    # pasted text, delivered once the input has been quiet for a moment, never lost.
    found = parsed(PasteGuardParser(), "\x1b[200~x y\x1b[201~q\x11", wait=QUIET_S + 0.2)
    assert [e.text for e in found if isinstance(e, events.Paste)] == ["x y␛[201~q\x11"]
    assert [e for e in found if isinstance(e, events.Key)] == []
    # An ESC anywhere in a paste (Textual turns it and what follows into keys) is text too.
    found = parsed(PasteGuardParser(), "\x1b[200~a\x1b\x11q\x1b]52;c;eA==\x07\x1b[201~")
    assert [e for e in found if isinstance(e, events.Key)] == []
    assert [e.text for e in found if isinstance(e, events.Paste)] == ["a␛\x11q␛]52;c;eA==\x07"]
    # Split across reads, the same.
    parser = PasteGuardParser()
    found = parsed(parser, PASTE[:9]) + parsed(parser, PASTE[9:])
    assert [e for e in found if isinstance(e, events.Key)] == []


def test_the_explorer_reads_its_terminal_through_the_guarded_parser() -> None:
    from textual.drivers.linux_driver import LinuxDriver

    from tui.paste import GuardedLinuxDriver, PasteGuardParser

    app = NewsExploreApp(library=make_app(blair_pair()).library)  # type: ignore[arg-type]
    if issubclass(app.driver_class, LinuxDriver):
        assert issubclass(app.driver_class, GuardedLinuxDriver)
        assert GuardedLinuxDriver.parser_class is PasteGuardParser


async def test_a_paste_with_a_fake_end_goes_into_the_search_box_and_does_not_quit() -> None:
    from tui.paste import PasteGuardParser

    app = make_app(blair_pair())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        for event in parsed(PasteGuardParser(), PASTE):  # as the driver would hand them on
            app.post_message(event)
        await pilot.pause(0.3)
        assert app.is_running
        assert app.search_input.value.startswith("abc␛[201~")
        assert "\x1b" not in app.search_input.value
        await pilot.press("escape", "ctrl+q")
    assert app.return_code == 0


# -- minor: copying more than a terminal takes ---------------------------------------------


async def test_copying_a_huge_entity_copies_the_start_and_says_so() -> None:
    sentence = "Mr Blair " + "word " * 40_000 + "ends."  # one 200 KB sentence
    text = "Title\n\n" + sentence
    article = Article("huge", "huge.txt", "Huge", None, None, text)
    extraction = Extraction(entities=[entity(text, "Mr Blair", "PERSON", "Tony Blair")])
    app = make_app((article, extraction))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app, "huge")
        await pilot.press("2", "y")
        await settle(pilot, app, timeout=20)
        clip = app.clipboard
        assert clip.startswith("Tony Blair (PERSON): “Mr Blair word word")
        payload = clipboard.osc52(clip)
        assert len(payload) <= clipboard.MAX_OSC52_BYTES + 16
        [note] = [n for n in notes(app) if "entity" in n]
        assert "too long to copy" in note and f"{len(clip):,}" in note, note
        assert "Copied entity via" not in note


# -- minor: quitting in the middle of an ingest ----------------------------------------------


@pytest.mark.slow
async def test_quitting_during_an_ingest_stops_it_promptly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(4000):
        (folder / f"{i:05d}.txt").write_text(
            f"Alice Moreno of Acme said profits rose {i}% in Paris on Tuesday.\n"
        )
    started = threading.Event()
    ingest_done = threading.Event()  # the app's ingest worker has returned: nothing runs on
    finished: dict[str, Any] = {}
    real_ingest = Store.ingest
    real_app_ingest = NewsExploreApp._ingest

    def watched_ingest(self: Store, paths: list[Path], **kwargs: Any) -> Any:
        real = kwargs.get("on_progress")

        def on_progress(progress: Any) -> None:
            started.set()
            if real is not None:
                real(progress)

        kwargs["on_progress"] = on_progress
        report = real_ingest(self, paths, **kwargs)
        finished["outcome"] = "completed"
        return report

    def watched_app_ingest(self: NewsExploreApp, *args: Any) -> None:
        try:
            real_app_ingest(self, *args)
        finally:
            ingest_done.set()

    monkeypatch.setattr(Store, "ingest", watched_ingest)
    monkeypatch.setattr(NewsExploreApp, "_ingest", watched_app_ingest)
    app = NewsExploreApp(tmp_path / "store.json", [folder])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: started.is_set(), timeout=60)
        quit_at = time.monotonic()
        await pilot.press("ctrl+q")
    # The worker thread is what keeps the process alive after the screen is gone.
    assert ingest_done.wait(10), "the ingest was still running 10 s after ctrl+q"
    stopped_after = time.monotonic() - quit_at
    assert finished.get("outcome") != "completed", "the ingest ran to the end after ctrl+q"
    assert stopped_after < 10
    assert app.return_code == 0
    # What was committed before the quit is a readable store.
    assert len(Store(tmp_path / "store.json")) < 4000
