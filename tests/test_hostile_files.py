"""Hostile file systems: undecodable file names, deep and exploding folder trees, symlinks out, kills.

Issue 14 (findings 4 and 7, and the minor ones on symlinks, orphaned workers and blank JSON text).
"""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import psutil
import pytest
from conftest import REPO, make_corpus, run_cli
from hypothesis import given
from hypothesis import strategies as st

from store.db import Store
from store.ingest import run_ingest
from store.paths import path_from_key, path_key
from store.readers import ReadError, discover, read_paths
from store.records import Article

WriteFile = Callable[..., Path]


def article_text(i: int) -> str:
    return f"Headline {i}\n\nAcme Corp said sales rose {i}% to $3.2bn, said Jane Doe in London on day {i}.\n"


def no_surrogate(text: str) -> bool:
    return not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


# ----- finding 4: a file name that is not UTF-8 --------------------------------------------------


def bad_name_folder(tmp_path: Path) -> tuple[Path, bytes]:
    """A folder with ``bad\\xff.txt`` (not UTF-8) and two good files; returns it and the bad path."""
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(2):
        (folder / f"good{i}.txt").write_text(article_text(i), encoding="utf-8")
    bad = os.fsencode(folder) + b"/bad\xff.txt"
    with open(bad, "wb") as handle:
        handle.write(b"Strange name\n\nZebulon Quartz said the vote was close in Lisbon.\n")
    return folder, bad


def test_a_file_name_that_is_not_utf8_is_stored_shown_escaped_and_unchanged_next_time(
    tmp_path: Path,
) -> None:
    folder, bad = bad_name_folder(tmp_path)
    db = tmp_path / "db.json"
    first = run_cli("ingest", folder, "--db", db)
    assert first.returncode == 0, first.stderr
    assert "Stored 3 articles" in first.stdout and "0 skipped" in first.stdout

    # The store holds the path losslessly: it names the very file on disk.
    store = Store(db)
    paths = {s.path for s in store.summaries()}
    assert all(no_surrogate(p) for p in paths)
    shown = [p for p in paths if p.endswith("bad\\xff.txt")]
    assert len(shown) == 1 and os.fsencode(path_from_key(shown[0])) == bad

    # Search and stats work; every export names the file escaped (never a raw surrogate or crash).
    search = run_cli("search", "Zebulon", "--db", db)
    assert search.returncode == 0 and "Strange name" in search.stdout, search.stderr
    stats = run_cli("stats", "--db", db)
    assert stats.returncode == 0 and "3 source files" in stats.stdout, stats.stderr
    for fmt, shown_as in [
        ("json", "bad\\\\xff.txt"),  # JSON escapes the escape's backslash
        ("jsonl", "bad\\\\xff.txt"),
        ("csv", "Strange name"),  # CSV rows name the article, not its file
        ("md", "bad\\xff.txt"),
    ]:
        exported = run_cli("export", "--format", fmt, "--db", db)
        assert exported.returncode == 0, (fmt, exported.stderr)
        assert shown_as in exported.stdout, fmt
    rows = orjson.loads(run_cli("export", "--format", "json", "--db", db).stdout)
    assert sorted(Path(r["path"]).name for r in rows) == ["bad\\xff.txt", "good0.txt", "good1.txt"]

    # Incremental: the same folder again reads nothing; the file gone is dropped.
    second = run_cli("ingest", folder, "--db", db)
    assert second.returncode == 0, second.stderr
    assert "0 files read, 3 unchanged" in second.stdout
    os.unlink(bad)
    third = run_cli("ingest", folder, "--db", db)
    assert third.returncode == 0, third.stderr
    assert "1 removed" in third.stdout
    assert len(Store(db)) == 2


def test_extract_json_names_a_non_utf8_file_escaped(tmp_path: Path) -> None:
    folder, _bad = bad_name_folder(tmp_path)
    result = run_cli("extract", folder, "--json")
    assert result.returncode == 0, result.stderr
    rows = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert sorted(Path(r["path"]).name for r in rows) == ["bad\\xff.txt", "good0.txt", "good1.txt"]


def test_an_unreadable_non_utf8_file_is_named_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/empty\xfe.txt", "wb"):
        pass
    errors = [e for e in read_paths([folder]) if isinstance(e, ReadError)]
    assert len(errors) == 1 and "empty\\xfe.txt" in str(errors[0])


@given(st.lists(st.binary(min_size=1, max_size=12), min_size=1, max_size=4))
def test_path_keys_round_trip_and_are_valid_utf8(parts: list[bytes]) -> None:
    names = [p.replace(b"/", b"_").replace(b"\0", b"_") for p in parts]
    names = [b"_" if n in (b".", b"..") else n for n in names]  # Path() would fold these
    raw = os.fsdecode(b"/" + b"/".join(names))
    key = path_key(raw)
    key.encode("utf-8")  # no surrogate left: orjson, the terminal and the clipboard take it
    assert no_surrogate(key)
    assert str(path_from_key(key)) == raw
    assert path_key(Path(raw)) == key


def test_ordinary_path_keys_are_the_paths() -> None:
    for path in ("/tmp/news/a b.txt", "/tmp/ünïcødé 東京/x.json", "/tmp/new\nline.txt"):
        assert path_key(path) == path and str(path_from_key(path)) == path


# ----- finding 7: deep trees and symlink bombs --------------------------------------------------


def test_1200_nested_folders_are_read(tmp_path: Path) -> None:
    root = tmp_path / "deep"
    folders = [root]
    for _ in range(1200):  # one by one: os.makedirs and shutil.rmtree recurse themselves
        folders.append(folders[-1] / "d")
    for folder in folders:
        folder.mkdir()
    bottom = folders[-1] / "bottom.txt"
    bottom.write_text(article_text(1), encoding="utf-8")
    db = tmp_path / "db.json"
    try:
        result = run_cli("ingest", root, "--db", db)
        assert result.returncode == 0, result.stderr
        assert "Stored 1 article (" in result.stdout
        assert [Path(s.path).name for s in Store(db).summaries()] == ["bottom.txt"]
    finally:
        bottom.unlink()
        for folder in reversed(folders):
            folder.rmdir()


def symlink_bomb(root: Path, levels: int = 30) -> None:
    """``levels`` folders, each holding an article and two links to the next: 2**levels paths."""
    root.mkdir(parents=True)
    for i in range(levels):
        folder = root / f"d{i:02d}"
        folder.mkdir()
        (folder / f"f{i:02d}.txt").write_text(article_text(i), encoding="utf-8")
    for i in range(levels - 1):
        for link in ("a", "b"):
            (root / f"d{i:02d}" / link).symlink_to(f"../d{i + 1:02d}", target_is_directory=True)


def test_a_symlink_bomb_finishes_and_each_file_is_stored_once(tmp_path: Path) -> None:
    symlink_bomb(tmp_path / "bomb")
    db = tmp_path / "db.json"
    # A hang is the bug: the guard is generous, the walk takes well under a second.
    result = run_cli("ingest", tmp_path / "bomb", "--db", db, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Stored 30 articles" in result.stdout and "30 files read" in result.stdout
    files = Store(db).file_rows()
    assert sorted(Path(p).name for p in files) == [f"f{i:02d}.txt" for i in range(30)]
    # The real paths, not a path through the links.
    assert all(Path(p).parent.parent == tmp_path / "bomb" for p in files)


def test_a_symlink_bomb_outside_the_folder_is_walked_once_with_follow_links(
    tmp_path: Path,
) -> None:
    symlink_bomb(tmp_path / "elsewhere", levels=24)
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "in").symlink_to(tmp_path / "elsewhere" / "d00")
    found = list(discover([tmp_path / "root"], follow_links=True))
    assert all(not isinstance(f, ReadError) for f in found), found
    assert sorted(Path(f.path).name for f in found) == [f"f{i:02d}.txt" for i in range(24)]


def test_the_number_of_paths_is_bounded_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    discover_module = importlib.import_module("store.readers.discover")  # the name is shadowed
    for i in range(20):
        (tmp_path / "many").mkdir(exist_ok=True)
        (tmp_path / "many" / f"{i:02d}.txt").write_text(article_text(i), encoding="utf-8")
    monkeypatch.setattr(discover_module, "MAX_PATHS", 10)
    found = list(discover([tmp_path / "many"]))
    errors = [f for f in found if isinstance(f, ReadError)]
    assert len(found) - len(errors) <= 10
    assert len(errors) == 1 and "limit" in str(errors[0]) and "10" in str(errors[0])


# ----- minor: symlinks that leave the folder ----------------------------------------------------


def test_symlinks_leaving_the_folder_are_not_followed(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "creds.txt").write_text("Password file\n\nThe root password is hunter2.\n")
    (secrets / "more").mkdir()
    (secrets / "more" / "keys.txt").write_text("Keys\n\nThe private key is here today.\n")
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(article_text(1), encoding="utf-8")
    (news / "creds.txt").symlink_to(secrets / "creds.txt")
    (news / "keys").symlink_to(secrets / "more", target_is_directory=True)
    (news / "alias.txt").symlink_to("a.txt")  # inside the folder: followed
    db = tmp_path / "db.json"

    result = run_cli("ingest", news, "--db", db)
    assert result.returncode == 1, result.stderr  # something was skipped
    assert "Stored 1 article" in result.stdout and "2 skipped" in result.stdout
    lines = result.stderr.splitlines()
    for name in ("creds.txt", "keys"):
        [line] = [line for line in lines if str(news / name) + ":" in line]
        assert "outside" in line and "--follow-links" in line
    texts = {a.text for a, _ in Store(db).iter_all()}
    assert not any("hunter2" in t or "private key" in t for t in texts)

    # Asked for, the links are followed.
    report = run_ingest(Store(db), [news], follow_links=True)
    assert report.skipped == 0 and report.new == 2
    # A link named on the command line is the user's choice: it is read.
    named = run_cli("extract", news / "creds.txt", "--json")
    assert named.returncode == 0 and "hunter2" in named.stdout


# ----- minor: workers die with their parent -----------------------------------------------------


def test_sigkill_of_ingest_leaves_no_worker_processes(tmp_path: Path) -> None:
    make_corpus(tmp_path / "corpus", 1500)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", "ingest", str(tmp_path / "corpus"), "--workers", "2"],
        env={**os.environ, "NEWSEXPLORE_DB": str(tmp_path / "db.json")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        cwd=REPO,
    )
    parent = psutil.Process(proc.pid)
    children: list[psutil.Process] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        children = parent.children(recursive=True)
        if len(children) >= 3:  # the workers, under a forkserver (and a resource tracker)
            break
        time.sleep(0.05)
    if proc.poll() is not None or len(children) < 3:
        proc.kill()
        pytest.skip("the ingest finished before its workers could be seen")
    time.sleep(0.5)
    children = parent.children(recursive=True)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    def alive(p: psutil.Process) -> bool:
        try:
            return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(p) for p in children):
        time.sleep(0.1)
    left = [(p.pid, p.name()) for p in children if alive(p)]
    for p in children:  # never leave them behind, whatever the result
        if alive(p):
            p.kill()
    assert left == []


# ----- minor: a blank JSON text field falls back to the next name -------------------------------


def test_a_blank_maintext_falls_back_to_text(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [
        {"maintext": "   ", "text": "Acme Corp said on Monday that sales rose 5%."},
        {"maintext": "", "text": " \n", "body": "Globex said profits fell."},
        {"maintext": "  "},
    ]
    path.write_bytes(b"\n".join(orjson.dumps(line) for line in lines) + b"\n")
    found = list(read_paths([path]))
    articles = [a for a in found if isinstance(a, Article)]
    errors = [e for e in found if isinstance(e, ReadError)]
    assert [a.text for a in articles] == [
        "Acme Corp said on Monday that sales rose 5%.",
        "Globex said profits fell.",
    ]
    assert len(errors) == 1 and "line 3" in str(errors[0]) and "no article text" in str(errors[0])
