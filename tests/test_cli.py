"""The command line as a user runs it: exit status, summaries, one line per bad file, JSON contracts."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

import orjson
import pytest
from conftest import BBC, SEEDS, run_cli

from store.db import Store
from store.records import FIGURE_KINDS, Entity, Figure, Quote

WriteFile = Callable[..., Path]


def article_text(i: int) -> str:
    return f"Headline {i}\n\nAcme Corp said sales rose {i}% to $3.2bn, said Jane Doe in London on day {i}.\n"


def test_version_and_help() -> None:
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("newsexplore ")
    help_text = run_cli("--help").stdout
    for command in ("ingest", "extract", "search", "export", "stats", "repair"):
        assert command in help_text
    assert "--workers" in run_cli("ingest", "--help").stdout


def test_ingest_prints_a_summary_and_exits_zero(tmp_path: Path, write_file: WriteFile) -> None:
    for i in range(3):
        write_file(f"news/{i}.txt", article_text(i))
    db = tmp_path / "db.json"
    result = run_cli("ingest", tmp_path / "news", SEEDS, "--db", db)
    assert result.returncode == 0, result.stderr
    assert "Stored 4 articles" in result.stdout and "0 skipped" in result.stdout
    assert result.stderr == ""
    again = run_cli("ingest", tmp_path / "news", "--db", db)
    assert (
        again.returncode == 0
        and "Stored 0 articles" in again.stdout
        and "3 unchanged" in again.stdout
    )


def test_ingest_env_var_chooses_the_store(
    isolated_store: Path, tmp_path: Path, write_file: WriteFile
) -> None:
    write_file("news/a.txt", article_text(1))
    result = run_cli(
        "ingest", tmp_path / "news", env={"NEWSEXPLORE_DB": str(tmp_path / "env.json")}
    )
    assert result.returncode == 0
    assert (tmp_path / "env.json").exists() and not isolated_store.exists()


def test_bad_files_are_one_line_each_and_the_rest_is_stored(
    tmp_path: Path, write_file: WriteFile
) -> None:
    write_file("news/good.txt", article_text(1))
    write_file("news/binary.txt", b"\x00\x01\x02\x03")
    write_file("news/empty.md", b"")
    write_file("news/feed.jsonl", '{"text": "Fine line."}\n{broken\n')
    write_file("news/shape.json", "[1, 2]")
    write_file("news/evil\x1b[31m\nname.txt", b"")
    with open(tmp_path / "news" / "huge.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    db = tmp_path / "db.json"
    result = run_cli("ingest", tmp_path / "news", "--db", db)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 6, lines  # binary, empty, jsonl line 2, shape (once), evil name, huge
    assert all("Traceback" not in line and "\x1b" not in line for line in lines)
    joined = "\n".join(lines)
    for phrase in ("binary", "empty", "line 2", "found int", "too large"):
        assert phrase in joined
    assert "6 skipped" in result.stdout  # the wrong-shape file is one skip, not one per item
    assert sorted(s.title for s in Store(db).summaries()) == ["Fine line.", "Headline 1"]


def test_unknown_extension_named_explicitly_is_an_error(
    tmp_path: Path, write_file: WriteFile
) -> None:
    pdf = write_file("paper.pdf", b"%PDF")
    result = run_cli("ingest", pdf, "--db", tmp_path / "db.json")
    assert result.returncode == 1 and "unsupported file type .pdf" in result.stderr


def item_field_names(cls: type) -> set[str]:
    return {f.name for f in fields(cls)}


def check_extract_json(stdout: str) -> list[dict]:
    records = [orjson.loads(line) for line in stdout.splitlines()]
    for record in records:
        assert {
            "id",
            "path",
            "title",
            "date",
            "source",
            "text",
            "entities",
            "quotes",
            "figures",
        } <= set(record)
        text = record["text"]
        for kind, cls in (("entities", Entity), ("quotes", Quote), ("figures", Figure)):
            for item in record[kind]:
                assert set(item) == item_field_names(cls)
                assert text[item["start"] : item["end"]] == item["text"]
    return records


def test_extract_json_contract_on_the_seed() -> None:
    result = run_cli("extract", "--json", SEEDS)
    assert result.returncode == 0, result.stderr
    (record,) = check_extract_json(result.stdout)
    assert record["date"] == "2024-02-26"
    assert record["entities"] and record["quotes"] and record["figures"]


def test_extract_without_json_is_readable() -> None:
    result = run_cli("extract", SEEDS)
    assert result.returncode == 0
    assert "entities" in result.stdout and "quotes" in result.stdout and "{" not in result.stdout


@pytest.mark.slow
@pytest.mark.skipif(not BBC.is_dir(), reason="the shared BBC corpus is absent")
def test_extract_json_offsets_hold_on_the_whole_bbc_corpus() -> None:
    result = run_cli("extract", "--json", BBC, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]
    records = check_extract_json(result.stdout)
    assert len(records) == 2225 and len({r["id"] for r in records}) == 2127


@pytest.fixture
def db(tmp_path: Path, write_file: WriteFile) -> Path:
    for i in range(3):
        write_file(f"news/{i}.txt", article_text(i))
    path = tmp_path / "db.json"
    assert run_cli("ingest", tmp_path / "news", SEEDS, "--db", path).returncode == 0
    return path


def test_export_formats(db: Path, tmp_path: Path) -> None:
    as_json = orjson.loads(run_cli("export", "--db", db, "--format", "json").stdout)
    assert len(as_json) == 4 and all(r["text"] for r in as_json)
    lines = run_cli("export", "--db", db, "--format", "jsonl").stdout.splitlines()
    assert check_extract_json("\n".join(lines)) and len(lines) == 4
    out = tmp_path / "items.csv"
    result = run_cli("export", "--db", db, "--format", "csv", "-o", out)
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {r["item"] for r in rows} == {"entity", "quote", "figure"}
    assert {r["kind"] for r in rows if r["item"] == "figure"} <= set(FIGURE_KINDS)
    total_items = sum(len(r["entities"]) + len(r["quotes"]) + len(r["figures"]) for r in as_json)
    assert len(rows) == total_items
    markdown = run_cli("export", "--db", db, "--format", "md").stdout
    assert markdown.count("\n## ") + markdown.startswith("## ") == 4


def test_stats(db: Path) -> None:
    result = run_cli("stats", "--db", db)
    assert result.returncode == 0
    assert "4 distinct texts" in result.stdout and str(db) in result.stdout
    assert "Quotes:" in result.stdout and "Figures:" in result.stdout


def test_search_headless(db: Path) -> None:
    pytest.importorskip("store.search")
    text = run_cli("search", "Huawei", "--db", db)
    assert text.returncode == 0, text.stderr
    assert "Huawei" in text.stdout
    as_json = run_cli("search", "Huawei", "--db", db, "--json")
    assert as_json.returncode == 0 and isinstance(orjson.loads(as_json.stdout), dict)


def test_search_limit_cuts_each_section_and_says_so(db: Path) -> None:
    pytest.importorskip("store.search")
    full = run_cli("search", "type:org", "--db", db)
    assert full.returncode == 0, full.stderr
    assert full.stdout.index("Entities") < full.stdout.index("Articles")
    one = run_cli("search", "type:org", "--db", db, "--limit", "1")
    assert one.returncode == 0 and "\u2026 and " in one.stdout and " more" in one.stdout
    bad = run_cli("search", "foo:bar", "--db", db)
    assert bad.returncode == 2 and "unknown field 'foo:'" in bad.stderr


def test_missing_path_is_reported(tmp_path: Path) -> None:
    result = run_cli("ingest", tmp_path / "nope", "--db", tmp_path / "db.json")
    assert result.returncode == 1 and "no such file or folder" in result.stderr


HOSTILE_DIR = Path(__file__).resolve().parent / "data" / "hostile"
HOSTILE = [HOSTILE_DIR / name for name in ("escapes.txt", "markup.json", "scripts-only.html")]


def test_hostile_titles_and_sources_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    for args in (
        ("extract", *HOSTILE),
        ("extract", "--json", *HOSTILE),
        ("ingest", *HOSTILE, "--db", tmp_path / "db.json"),
    ):
        result = run_cli(*args)
        assert (
            "\x1b" not in result.stdout + result.stderr
            and "\x07" not in result.stdout + result.stderr
        )
        assert "\u202e" not in result.stdout + result.stderr
        assert "Traceback" not in result.stderr
    titles = sorted(s.title for s in Store(tmp_path / "db.json").summaries())
    assert (
        len(titles) == 2 and "[bold red]markup[/]" in titles[0]
    )  # kept literally, not interpreted
    assert "scripts-only.html" in result.stderr and "no article text" in result.stderr
    assert result.returncode == 1


class _FakeApp:
    def __init__(self) -> None:
        self.calls: list[tuple[Path | None, list[Path], bool]] = []

    def run_app(self, db_path: Path | None, paths: list[Path], *, sample: bool = True) -> int:
        self.calls.append((db_path, paths, sample))
        return 0


def test_bare_command_opens_the_seeds_on_an_empty_store(
    tmp_path: Path, write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys
    import types

    from tui.cli import main

    fake = _FakeApp()
    module = types.ModuleType("tui.app")
    module.run_app = fake.run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.app", module)
    db = tmp_path / "db.json"
    assert main(["--db", str(db)]) == 0
    # The sample is shown from memory (the app's sample=True), never ingested into the store.
    assert fake.calls == [(db, [], True)]
    write_file("news/a.txt", article_text(1))
    assert main(["--db", str(db), str(tmp_path / "news")]) == 0
    assert fake.calls[-1] == (db, [tmp_path / "news"], False)


def test_bare_command_refuses_a_damaged_store_before_starting_the_app(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    db.write_text('{"meta": ', encoding="utf-8")
    result = run_cli("--db", db)
    assert result.returncode == 2
    assert (
        str(db) in result.stderr and "repair" in result.stderr and "Traceback" not in result.stderr
    )


def test_help_says_usage_once() -> None:
    help_text = run_cli("--help").stdout
    assert help_text.count("usage:") == 1


def test_one_article_is_singular(tmp_path: Path, write_file: WriteFile) -> None:
    write_file("news/a.txt", article_text(1))
    db = tmp_path / "db.json"
    result = run_cli("ingest", tmp_path / "news", "--db", db)
    assert result.returncode == 0, result.stderr
    assert "Stored 1 article (" in result.stdout and "1 articles" not in result.stdout
    assert "holds 1 article:" in result.stdout and "1 file read" in result.stdout
    stats = run_cli("stats", "--db", db).stdout
    assert "1 distinct text\n" in stats and "1 articles" not in stats
    extract = run_cli("extract", tmp_path / "news" / "a.txt").stdout
    assert "1 quote," in extract or "1 quote" not in extract.replace("quotes", "")
    assert "1 quotes" not in extract and "1 figures" not in extract


def test_stats_on_a_missing_store_says_so(tmp_path: Path) -> None:
    db = tmp_path / "nope.json"
    result = run_cli("stats", "--db", db)
    assert result.returncode == 1
    assert "no store" in result.stderr and str(db) in result.stderr
    assert result.stdout == "" and not db.exists()


def test_damaged_store_advice_names_the_store(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    db.write_text('{"meta": ', encoding="utf-8")
    for args in (("stats", "--db", db), ("--db", db)):
        result = run_cli(*args)
        assert result.returncode == 2
        assert f"newsexplore repair --db {db}" in result.stderr, result.stderr


def test_wrong_shape_json_is_one_line(tmp_path: Path, write_file: WriteFile) -> None:
    write_file("news/shape.json", "[1, 2, 3, 4]")
    result = run_cli("ingest", tmp_path / "news", "--db", tmp_path / "db.json")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "found int in all 4 items" in lines[0], lines
