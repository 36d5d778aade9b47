"""An article full of terminal attacks and markup goes through reading, extraction, the store,
search, the command line and the explorer without reaching the terminal or the clipboard."""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import unicodedata
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import run_cli

from store.db import Store
from store.extract import extract
from store.library import Library
from store.reader import ReadError, read_file
from store.readers import source_of
from store.records import Article, Extraction
from store.sanitize import has_unsafe, neutralise

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
ATTACK = HOSTILE / "attack.txt"
LINK_MARKUP = "[link=https://evil.example]click[/link]"
BIDI = frozenset(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# What a renderer may write: SGR styling and cursor positioning (CSI row;col H).
_RENDERER_OWN = re.compile(r"\x1b\[[0-9;:]*m|\x1b\[\d*(?:;\d*)?H")


def _make_attack() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_attack", HOSTILE / "make_attack.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_attack = _make_attack()


def foreign_controls(output: str) -> list[str]:
    """Control characters in terminal output once the renderer's own sequences are removed."""
    rest = _RENDERER_OWN.sub("", output)
    return [
        repr(ch)
        for ch in rest
        if (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t") or ch in BIDI
    ]


def strings_of(article: Article, extraction: Extraction) -> dict[str, str]:
    """Every string a user can see or copy, named by where it comes from."""
    out: dict[str, str] = {}
    for name in ("title", "text", "date", "source", "url", "path"):
        value = getattr(article, name)
        if value is not None:
            out[f"article.{name}"] = value
    for i, author in enumerate(article.authors):
        out[f"article.authors[{i}]"] = author
    for kind in ("entities", "quotes", "figures"):
        for i, item in enumerate(getattr(extraction, kind)):
            for field in dataclasses.fields(item):
                value = getattr(item, field.name)
                if isinstance(value, str):
                    out[f"{kind}[{i}].{field.name}"] = value
    return out


def read_attack(path: Path = ATTACK) -> Article:
    results = read_file(source_of(path))
    errors = [r for r in results if isinstance(r, ReadError) and r.fatal]
    assert not errors, [str(e) for e in errors]
    articles = [r for r in results if isinstance(r, Article)]
    assert len(articles) == 1
    return articles[0]


def assert_safe(article: Article, extraction: Extraction) -> None:
    unsafe = {k: v for k, v in strings_of(article, extraction).items() if has_unsafe(v)}
    assert not unsafe, unsafe


def assert_spans(article: Article, extraction: Extraction) -> None:
    for kind in ("entities", "quotes", "figures"):
        for item in getattr(extraction, kind):
            assert article.text[item.start : item.end] == item.text, (kind, item)


# -- the fixture file -------------------------------------------------------------------


def test_the_attack_file_is_what_its_generator_writes() -> None:
    assert ATTACK.read_bytes() == make_attack.attack_text().encode("utf-8")
    raw = ATTACK.read_text(encoding="utf-8")
    for attack in ("\x1b]52;c;", "\x1b]8;;", "\x1b]0;", "\x1b]2;", "\x1bc", "\x9b31m", "\u202e"):
        assert attack in raw  # the attacks are really in there, as control characters


# -- reading and extraction ----------------------------------------------------------------


def test_reading_neutralises_every_control_and_keeps_offsets() -> None:
    article = read_attack()
    raw = ATTACK.read_text(encoding="utf-8")
    # The headline stays in the text (BBC form): the text is the file, neutralised one for one.
    assert article.text == neutralise(raw)
    assert len(article.text) == len(raw)
    assert "\u241b]52;c;ZXZpbA==\u2407" in article.text  # visible, not executed
    assert not has_unsafe(article.title)
    assert "Brown [bold red]warns[/b] of" in article.title  # markup-looking text stays literal
    assert LINK_MARKUP in article.text


def test_extraction_finds_items_and_every_string_is_safe() -> None:
    article = read_attack()
    extraction = extract(article)
    assert_spans(article, extraction)
    assert_safe(article, extraction)
    # It is still an article: names, an attributed quote and figures come out of it.
    assert any(e.type == "PERSON" and "Brown" in e.text for e in extraction.entities)
    assert any(q.speaker and "Brown" in q.speaker for q in extraction.quotes)
    assert any("£10bn" in f.text for f in extraction.figures)
    # The markup inside the quote is part of the quote's words, literally.
    assert any(LINK_MARKUP in q.text for q in extraction.quotes)


def test_extraction_on_the_raw_text_never_raises_and_keeps_spans() -> None:
    """Straight from the generator, unneutralised, NUL included: no exception, spans right."""
    from store.extract import extract_text

    for text in (make_attack.attack_text(), make_attack.attack_text(with_nul=True)):
        extraction = extract_text(text)
        article = Article("raw", "raw.txt", "raw", None, None, text)
        assert_spans(article, extraction)


def _attack_in_every_format(tmp_path: Path) -> dict[str, Path]:
    """The attack body with attacked metadata, as JSON, JSON Lines, front matter and HTML."""
    import json

    raw = make_attack.attack_text()
    headline, _, body = raw.partition("\n\n")
    evil = make_attack.TITLE_BEL + "[/b][link=https://evil.example]x[/link]" + make_attack.RLO
    record = {
        "title": headline,
        "maintext": body,
        "date_publish": "2005-02-01" + make_attack.CLEAR,
        "source_domain": "bbc" + evil,
        "url": "https://bbc.example/" + evil,
        "authors": ["Nick " + evil, make_attack.CLIPBOARD],
    }
    files = {
        "json": tmp_path / "a.json",
        "jsonl": tmp_path / "a.jsonl",
        "md": tmp_path / "a.md",
        "html": tmp_path / "a.html",
    }
    files["json"].write_text(json.dumps(record), encoding="utf-8")
    files["jsonl"].write_text(
        json.dumps(record) + "\n" + json.dumps(record) + "\n", encoding="utf-8"
    )
    files["md"].write_text(
        f"---\ntitle: {headline}\nauthors:\n  - {evil}\nsource: {evil}\n---\n\n{body}",
        encoding="utf-8",
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    files["html"].write_text(
        f"<html><head><title>{headline}</title></head><body><article><h1>{headline}</h1>"
        f"{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    return files


@pytest.mark.parametrize("fmt", ["json", "jsonl", "md", "html"])
def test_the_attack_in_every_format_is_neutralised(tmp_path: Path, fmt: str) -> None:
    path = _attack_in_every_format(tmp_path)[fmt]
    results = read_file(source_of(path))
    assert not [str(r) for r in results if isinstance(r, ReadError) and r.fatal]
    articles = [r for r in results if isinstance(r, Article)]
    assert articles
    for article in articles:
        extraction = extract(article)
        assert_safe(article, extraction)
        assert_spans(article, extraction)
        assert "Brown" in article.text


def test_a_nul_byte_in_utf8_is_refused_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(make_attack.attack_text(with_nul=True).encode("utf-8"))
    results = read_file(source_of(path))
    assert len(results) == 1 and isinstance(results[0], ReadError)
    message = str(results[0])
    assert "\n" not in message and not has_unsafe(message)
    assert "binary" in message


def test_a_nul_in_utf16_is_read_and_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "nul16.txt"
    path.write_bytes(make_attack.attack_text(with_nul=True).encode("utf-16"))
    article = read_attack(path)
    assert "The\u2400 plan" in article.text
    extraction = extract(article)
    assert_safe(article, extraction)
    assert_spans(article, extraction)


def test_a_hostile_file_name_is_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b]0;pwned\x07\u202e.txt"
    path.write_bytes(ATTACK.read_bytes())
    article = read_attack(path)
    # The path is stored as found (it names the file), but everything shown is made safe.
    missing = tmp_path / "gone\x1b[2J\x9b31m.txt"
    errors = read_file(dataclasses.replace(source_of(path), path=str(missing)))
    assert errors and all(not has_unsafe(str(e)) for e in errors if isinstance(e, ReadError))
    assert not has_unsafe(article.title)


# -- the store and search ------------------------------------------------------------------


@pytest.fixture()
def attack_store(tmp_path: Path) -> Store:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "attack.txt").write_bytes(ATTACK.read_bytes())
    store = Store(tmp_path / "store.json")
    report = store.ingest([folder], workers=1)
    assert report.stored == 1 and report.skipped == 0
    return store


def test_the_stored_article_is_safe_and_intact(attack_store: Store) -> None:
    [summary] = attack_store.summaries()
    article, extraction = attack_store.load(summary.id)
    assert article.text == neutralise(ATTACK.read_text(encoding="utf-8"))
    assert_safe(article, extraction)
    assert_spans(article, extraction)
    assert extraction.quotes and extraction.figures and extraction.entities
    assert not has_unsafe(summary.title)


@pytest.mark.parametrize(
    "query,regex",
    [("Brown", False), ("speaker:brown", False), ("evil", False), (r"\x1b|pwn.d|\]52;", True)],
)
def test_search_results_are_safe(attack_store: Store, query: str, regex: bool) -> None:
    library = Library(attack_store)
    library.load_all()
    results = library.search(query, regex=regex)
    assert results.article_ids
    text = results.format_text()
    assert foreign_controls(text) == []
    dumped = results.to_dict()
    strings = [v for q in dumped["quotes"] for v in q.values() if isinstance(v, str)]
    strings += [g["canonical"] for g in dumped["entities"]]
    strings += [v for f in dumped["figures"] for v in f.values() if isinstance(v, str)]
    assert not [s for s in strings if has_unsafe(s)]
    for article_id in results.article_ids:
        article = library.article(article_id)
        for start, end in results.spans(article_id):
            assert 0 <= start < end <= len(article.text)


# -- the command line ------------------------------------------------------------------------


@pytest.mark.slow
def test_the_command_line_prints_nothing_that_drives_the_terminal(
    attack_store: Store, tmp_path: Path
) -> None:
    db = str(attack_store.path)
    runs = [
        run_cli("extract", ATTACK),
        run_cli("extract", ATTACK, "--json"),
        run_cli("search", "brown", "--db", db),
        run_cli("search", "--json", "brown", "--db", db),
        run_cli("export", "--format", "md", "--db", db),
        run_cli("export", "--format", "csv", "--db", db),
        run_cli("stats", "--db", db),
        run_cli("ingest", tmp_path / "nothing\x1b]0;pwned\x07here", "--db", db),
    ]
    for run in runs:
        for stream in (run.stdout, run.stderr):
            assert foreign_controls(stream) == [], (run.args, stream[:500])
    assert "Brown" in runs[0].stdout
    assert "pwned" in runs[-1].stderr or "nothing" in runs[-1].stderr


# -- the explorer ----------------------------------------------------------------------------

try:
    from tui.app import NewsExploreApp
    from tui.items.rows import QuoteRow
except ImportError:  # the app is not there yet
    NewsExploreApp = None  # type: ignore[assignment,misc]

needs_app = pytest.mark.skipif(NewsExploreApp is None, reason="tui.app cannot be imported")


def painted(app: Any) -> str:
    """What the real driver would write to the terminal for the whole screen, right now."""
    update = app.screen._compositor.render_update(full=True)
    return str(update.render_segments(app.console))


async def wait_idle(pilot: Any, app: Any, timeout: float = 20.0) -> None:
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        if (
            not getattr(app, "search_pending", False)
            and app.library is not None
            and getattr(app, "article", None) is not None
        ):
            return
    raise AssertionError("the app did not settle")


@needs_app
async def test_painting_detects_raw_escapes() -> None:
    """Guard on the check: a widget given raw ESC does reach the terminal output."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Raw(App[None]):
        def compose(self) -> ComposeResult:
            from rich.text import Text

            yield Static(Text("x\x1b]52;c;ZXZpbA==\x07y \x9b31m"))

    app = Raw()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        assert foreign_controls(painted(app))


@needs_app
@pytest.mark.slow
async def test_the_explorer_shows_searches_and_copies_the_attack_safely(
    attack_store: Store,
) -> None:
    app = NewsExploreApp(attack_store.path, [])
    screens: list[str] = []
    async with app.run_test(size=(120, 36), notifications=True, tooltips=True) as pilot:
        await wait_idle(pilot, app)
        assert app.article is not None and "Brown" in app.article.text
        screens.append(painted(app))
        screen_text = "".join(p.text.plain for p in app.source.paragraphs)
        assert LINK_MARKUP in screen_text  # shown literally, not as a link

        # Search, as a user types it.
        await pilot.press("slash")
        await pilot.press(*"brown")
        await wait_idle(pilot, app)
        assert app.results is not None and app.results.article_ids
        screens.append(painted(app))
        await pilot.press("escape")
        await wait_idle(pilot, app)

        # Every pane, every item: select it (highlights) and paint.
        for pane in ("2", "3", "4"):
            await pilot.press(pane)
            await pilot.pause()
            for _ in range(12):
                await pilot.press("down")
                await pilot.pause()
                screens.append(painted(app))

        # Copy the attributed quote and just its words.
        await pilot.press("3")
        await pilot.pause()
        for key in ("c", "C"):
            await pilot.press(key)
            await pilot.pause()
            clip = app.clipboard
            assert clip, f"{key} copied nothing"
            assert "\x1b" not in clip and not has_unsafe(clip), repr(clip)
            assert all(unicodedata.category(ch) != "Cc" for ch in clip), repr(clip)
            row = app.quotes.current_row
            assert isinstance(row, QuoteRow)
            assert (
                " ".join(row.ref.quote.text.split()) in clip
            )  # the quote was copied, placeholders and all
            screens.append(painted(app))

        # Regex mode with a pattern that matches the neutralised escape, and a bad one.
        await pilot.press("slash", "ctrl+r")
        await pilot.press(*"pwn.d|(")
        await wait_idle(pilot, app)
        screens.append(painted(app))
        await pilot.press("backspace", "backspace")
        await wait_idle(pilot, app)
        screens.append(painted(app))

        await pilot.press("escape", "question_mark")
        await pilot.pause()
        screens.append(painted(app))
        exported = app.export_screenshot()
        await pilot.press("escape")
        await pilot.pause()

        # The command palette lists articles by title: the attack's title is markup-laden.
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"brown")
        await pilot.pause(0.5)
        palette = painted(app)
        screens.append(palette)
        assert "[bold red]warns[/b]" in re.sub(r"\x1b\[[0-9;:]*[mH]", "", palette)
        await pilot.press("escape")

    for n, screen in enumerate(screens):
        assert foreign_controls(screen) == [], f"screen {n}"
        assert "\x1b]" not in screen and "\x1bc" not in screen, f"screen {n}"
    # The SVG screenshot has the attack's text, literally, and no link to it.
    assert not [h for h in re.findall(r'href="([^"]*)"', exported) if "evil" in h]


@needs_app
async def test_hostile_file_names_reach_notifications_literally(tmp_path: Path) -> None:
    """A folder of someone else's dump: file names with markup and controls, some unreadable.

    The ingest summary names the first bad file; it must show as text, not as markup
    (a closing tag that matches nothing raises MarkupError and takes the app down).
    """
    folder = tmp_path / "dump"
    (folder / "x[").mkdir(parents=True)
    (folder / "attack.txt").write_bytes(ATTACK.read_bytes())
    (folder / "x[" / "b] [@click=app.quit]empty[").write_text("")  # path: .../x[/b] [@click=...
    (folder / "x[" / "b] [@click=app.quit]empty[.txt").write_text("")
    (folder / "x[" / "evil\x1b]0;pwned\x07.txt").write_text("")
    app = NewsExploreApp(tmp_path / "store.json", [folder])
    async with app.run_test(size=(120, 36), notifications=True, tooltips=True) as pilot:
        await wait_idle(pilot, app, timeout=60)
        for _ in range(40):  # the summary toast arrives after the article opens
            await pilot.pause(0.05)
            if list(app._notifications):
                break
        await pilot.pause(0.2)
        messages = [n.message for n in app._notifications]
        assert any("skipped" in m for m in messages), messages
        screen = painted(app)
        assert foreign_controls(screen) == []
        from textual.widgets._toast import Toast

        shown = [getattr(t.render(), "plain", str(t.render())) for t in app.screen.query(Toast)]
        assert any("x[/b]" in text for text in shown), shown  # shown literally
    assert app.return_code in (None, 0)


@needs_app
async def test_a_pasted_query_cannot_drive_the_terminal(attack_store: Store) -> None:
    """Text pasted into the search box (copied from some web page) is shown, never obeyed."""
    from textual import events

    app = NewsExploreApp(attack_store.path, [])
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("slash")
        box = app.query_one("#search-input")
        box.post_message(events.Paste("brown\x1b]52;c;ZXZpbA==\x07\x9b31m\u202e"))
        await pilot.pause(0.3)
        await wait_idle(pilot, app)
        assert foreign_controls(painted(app)) == []
        await pilot.press("ctrl+r")  # regex mode: the same query, now a pattern
        await wait_idle(pilot, app)
        assert foreign_controls(painted(app)) == []
