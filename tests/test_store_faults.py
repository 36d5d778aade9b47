"""The store under faults: SIGKILL mid-ingest (the index too), two processes, a corrupt file, a full disk."""

from __future__ import annotations

import errno
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from test_store_index import index_snapshot

import store.storage
from store.db import Store
from store.readers import ReadError, read_paths
from store.readmodel.build import counts, index_path_for, is_stale, rebuild
from store.readmodel.schema import open_index
from store.storage import StoreCorrupt, StoreWriteError

WriteFile = Callable[..., Path]
_COMMITTED = re.compile(r"the store has (\d+) articles")


def article_text(i: int) -> str:
    return f"Headline {i}\n\nAcme Corp said sales rose {i}% to $3.2bn, said Jane Doe in London on day {i}.\n"


class IngestProcess:
    """``newsexplore ingest --verbose`` in its own session, its stderr collected line by line."""

    def __init__(
        self, corpus: Path, db: Path, batch_size: int = 25, env: dict[str, str] | None = None
    ) -> None:
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "tui", "ingest", str(corpus), "--db", str(db)),
                *("--verbose", "--batch-size", str(batch_size), "--workers", "2"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            cwd=REPO,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def committed(self) -> int:
        """The store size the last committed batch reported."""
        counts = [int(m[1]) for line in list(self.lines) if (m := _COMMITTED.search(line))]
        return max(counts, default=0)

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)  # the ingest, its fork server and its workers
        self.proc.wait()
        self._reader.join(timeout=5)

    def wait(self, timeout: float = 300) -> int:
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code

    def wait_for(self, text: str, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in list(self.lines)):
                return True
            time.sleep(0.05)
        return False


def expected_text(path: Path) -> str:
    """What the plain-text reader stores for ``path``."""
    [article] = [a for a in read_paths([path]) if not isinstance(a, ReadError)]
    return article.text


def assert_store_intact(db: Path, at_least: int) -> int:
    s = Store(db)
    summaries = s.summaries()
    assert len(summaries) >= at_least
    for article, extraction in s.iter_all():
        # The stored text is the file's text as the reader gives it (HTML character references
        # such as "&#233;" decoded), never a torn or foreign one.
        assert article.text == expected_text(Path(article.path))
        for item in [*extraction.entities, *extraction.quotes, *extraction.figures]:
            assert article.text[item.start : item.end] == item.text
    assert sum(1 for _ in s.iter_all()) == len(summaries)  # nothing listed is missing
    return len(summaries)


def kill_and_resume(corpus: Path, db: Path, kills: int, expected: int, batch_size: int) -> None:
    rng = random.Random(20240226 + kills)
    for _ in range(kills):
        proc = IngestProcess(corpus, db, batch_size=batch_size)
        time.sleep(rng.uniform(0.3, 2.5))
        if proc.proc.poll() is not None:
            break  # finished before the kill: nothing left to interrupt
        proc.kill()
        assert_store_intact(db, proc.committed())
    final = IngestProcess(corpus, db, batch_size=batch_size)
    assert final.wait() == 0, final.lines
    assert assert_store_intact(db, expected) == expected
    leftovers = [*db.parent.glob(".*.tmp"), *db.parent.glob("*.parts/.*.tmp")]
    assert leftovers == []  # temporary files of killed writers are swept


def test_sigkill_mid_ingest_never_loses_committed_work(
    tmp_path: Path, corpus_factory: Callable[..., Path]
) -> None:
    corpus = corpus_factory(300)
    kill_and_resume(corpus, tmp_path / "db.json", kills=3, expected=300, batch_size=25)


@pytest.mark.slow
def test_thirty_sigkills_over_a_2000_article_ingest(
    tmp_path: Path, corpus_factory: Callable[..., Path]
) -> None:
    corpus = corpus_factory(2000)
    kill_and_resume(corpus, tmp_path / "db.json", kills=30, expected=2000, batch_size=50)


def test_crash_between_shard_and_main_write_leaves_old_store(
    tmp_path: Path, write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "db.json"
    write_file("news/a.txt", article_text(1))
    Store(db).ingest([tmp_path / "news"], workers=1)
    write_file("news/b.txt", article_text(2))
    real_write = store.storage.atomic_write_bytes

    def die_on_main(path: Path, data: bytes) -> None:
        if path == db:
            raise KeyboardInterrupt  # stands in for a kill right before the commit point
        real_write(path, data)

    monkeypatch.setattr(store.storage, "atomic_write_bytes", die_on_main)
    with pytest.raises(KeyboardInterrupt):
        Store(db).ingest([tmp_path / "news"], workers=1)
    monkeypatch.setattr(store.storage, "atomic_write_bytes", real_write)
    assert [s.title for s in Store(db).summaries()] == ["Headline 1"]
    assert assert_store_intact(db, 1) == 1
    Store(db).ingest([tmp_path / "news"], workers=1)
    assert assert_store_intact(db, 2) == 2


# ----- two processes ---------------------------------------------------------------------------


def test_second_writer_waits_for_the_lock_then_succeeds(
    tmp_path: Path, write_file: WriteFile
) -> None:
    db = tmp_path / "db.json"
    for i in range(3):
        write_file(f"news/{i}.txt", article_text(i))
    holder = Store(db)
    with holder.locked():
        proc = IngestProcess(tmp_path / "news", db)
        assert proc.wait_for("store is busy, waiting"), proc.lines
        time.sleep(0.3)
        assert proc.proc.poll() is None  # still waiting while the lock is held
    assert proc.wait() == 0, proc.lines
    assert len(Store(db)) == 3


def test_busy_store_times_out_with_a_clear_message(tmp_path: Path, write_file: WriteFile) -> None:
    db = tmp_path / "db.json"
    write_file("news/a.txt", article_text(1))
    with Store(db).locked():
        proc = IngestProcess(tmp_path / "news", db, env={"NEWSEXPLORE_LOCK_TIMEOUT": "1"})
        code = proc.wait(timeout=60)
    assert code == 2
    assert any("is busy" in line and "try again" in line for line in proc.lines), proc.lines
    assert not db.exists()


def test_two_concurrent_ingests_end_with_the_union(
    tmp_path: Path, corpus_factory: Callable[..., Path]
) -> None:
    both = corpus_factory(240, name="all")
    first, second = tmp_path / "first", tmp_path / "second"
    folders = sorted(p for p in both.iterdir() if p.is_dir())
    first.mkdir()
    second.mkdir()
    for i, path in enumerate(sorted(both.rglob("*.txt"))):
        target = (first if i % 2 else second) / f"{path.parent.name}-{path.name}"
        path.rename(target)
    assert folders
    db = tmp_path / "db.json"
    a = IngestProcess(first, db, batch_size=15)
    b = IngestProcess(second, db, batch_size=15)
    assert a.wait() == 0, a.lines
    assert b.wait() == 0, b.lines
    assert assert_store_intact(db, 240) == 240


# ----- a damaged store -----------------------------------------------------------------------------


@pytest.fixture
def stored(tmp_path: Path, write_file: WriteFile) -> Path:
    for i in range(4):
        write_file(f"news/{i}.txt", article_text(i))
    db = tmp_path / "db.json"
    Store(db).ingest([tmp_path / "news"], workers=1)
    return db


@pytest.mark.parametrize("damage", ["truncate", "garble", "empty"])
def test_corrupt_store_is_refused_and_never_overwritten(
    stored: Path, tmp_path: Path, damage: str
) -> None:
    data = stored.read_bytes()
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "garble":
        data = data[:100] + b"\x00\xffgarbage" + data[110:]
    else:
        data = b""
    stored.write_bytes(data)
    with pytest.raises(StoreCorrupt):
        Store(stored).summaries()
    for command in (["ingest", str(tmp_path / "news")], ["stats"], ["export", "--format", "jsonl"]):
        result = run_cli(*command, "--db", stored)
        assert result.returncode == 2, result
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and str(stored) in lines[0] and "repair" in lines[0]
        assert "Traceback" not in result.stderr
    assert stored.read_bytes() == data


def test_repair_moves_the_bad_file_aside_and_rebuilds(stored: Path, tmp_path: Path) -> None:
    stored.write_bytes(b'{"meta": {"1": {"sch')
    # Only folders named on the command line are read again (never those a store lists).
    result = run_cli("repair", "--db", stored, tmp_path / "news")
    assert result.returncode == 0, result.stderr
    aside = list(tmp_path.glob("db.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == b'{"meta": {"1": {"sch'
    assert assert_store_intact(stored, 4) == 4


def test_repair_rebuilds_after_a_damaged_shard(stored: Path, tmp_path: Path) -> None:
    shard = next((tmp_path / "db.json.parts").glob("*.json"))
    shard.write_bytes(b"[1, 2")
    with pytest.raises(StoreCorrupt):
        list(Store(stored).iter_all())
    result = run_cli("repair", "--db", stored, tmp_path / "news")
    assert result.returncode == 0, result.stderr
    assert assert_store_intact(stored, 4) == 4


def test_repair_of_a_healthy_store_changes_nothing(stored: Path) -> None:
    before = stored.read_bytes()
    result = run_cli("repair", "--db", stored)
    assert result.returncode == 0 and "healthy" in result.stdout
    assert stored.read_bytes() == before


# ----- a full disk ----------------------------------------------------------------------------------


@pytest.mark.parametrize("failing", ["fsync", "write"])
def test_full_disk_keeps_the_old_store(
    stored: Path,
    tmp_path: Path,
    write_file: WriteFile,
    monkeypatch: pytest.MonkeyPatch,
    failing: str,
) -> None:
    before = stored.read_bytes()
    write_file("news/new.txt", article_text(50))

    def no_space(*args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, failing, no_space)
    with pytest.raises(
        StoreWriteError, match=r"No space left on device.*previous version is intact"
    ):
        Store(stored).ingest([tmp_path / "news"], workers=1)
    monkeypatch.undo()
    assert stored.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp")) and not list(
        (tmp_path / "db.json.parts").glob(".*.tmp")
    )
    assert assert_store_intact(stored, 4) == 4
    Store(stored).ingest([tmp_path / "news"], workers=1)  # with space again, it goes through
    assert len(Store(stored)) == 5


# ----- the index behind a kill ---------------------------------------------------------------------


def check_index_after_a_kill(db: Path, tmp_path: Path) -> bool:
    """Open the store as the app does: a current index must equal a rebuild from scratch; a
    stale one is detected, rebuilt, and then equals it. True when it was stale."""
    s = Store(db)
    generation = s.generation()
    conn = open_index(index_path_for(db))
    try:
        stale = is_stale(conn, generation)
        if stale:
            rebuild(s, conn, generation=generation)
        assert not is_stale(conn, Store(db).generation())
        fresh = rebuild(Store(db), tmp_path / f"fresh-{time.monotonic_ns()}.sqlite")
        try:
            assert counts(conn) == counts(fresh)
            assert index_snapshot(conn) == index_snapshot(fresh)
        finally:
            fresh.close()
    finally:
        conn.close()
    return stale


def test_sigkills_at_random_points_leave_an_index_that_is_current_or_detected_stale(
    tmp_path: Path, corpus_factory: Callable[..., Path]
) -> None:
    corpus = corpus_factory(300)
    db = tmp_path / "db.json"
    rng = random.Random(1212)
    for _ in range(4):
        proc = IngestProcess(corpus, db, batch_size=20)
        time.sleep(rng.uniform(0.5, 3.0))
        if proc.proc.poll() is None:
            proc.kill()
        if db.exists():
            check_index_after_a_kill(db, tmp_path)
    final = IngestProcess(corpus, db, batch_size=20)
    assert final.wait() == 0, final.lines
    assert not check_index_after_a_kill(db, tmp_path)  # a finished ingest leaves it current
    assert assert_store_intact(db, 300) == 300


# Runs an ingest that SIGKILLs itself at one exact moment of its third commit.
_KILL_AT = """
import os, signal, sys
from pathlib import Path
import store.readmodel.build as build
from store.db import Store
from store.readers import ReadError, read_paths

where, corpus, db = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
calls = []
real_apply, real_insert = build.apply_batch, build._insert

def apply_batch(*args, **kwargs):
    calls.append(1)
    if where == "before-index" and len(calls) == 3:
        os.kill(os.getpid(), signal.SIGKILL)  # the main file is replaced, the index not yet
    return real_apply(*args, **kwargs)

def insert(*args, **kwargs):
    real_insert(*args, **kwargs)
    if where == "inside-index" and len(calls) == 3:
        os.kill(os.getpid(), signal.SIGKILL)  # halfway through the index's transaction

build.apply_batch, build._insert = apply_batch, insert
Store(db).ingest([corpus], workers=1, batch_size=5)
"""


@pytest.mark.parametrize("where", ["before-index", "inside-index"])
def test_a_kill_between_the_commit_point_and_the_index_is_detected_and_rebuilt(
    tmp_path: Path, write_file: WriteFile, where: str
) -> None:
    for i in range(20):
        write_file(f"news/{i:02d}.txt", article_text(i))
    db = tmp_path / "db.json"
    killed = subprocess.run(
        [sys.executable, "-c", _KILL_AT, where, str(tmp_path / "news"), str(db)],
        cwd=REPO,
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert len(Store(db)) == 15  # three commits of five went through
    assert check_index_after_a_kill(db, tmp_path)  # stale: detected, rebuilt, equal
    Store(db).ingest([tmp_path / "news"], workers=1)  # and the next ingest keeps it current
    assert not check_index_after_a_kill(db, tmp_path)
    assert assert_store_intact(db, 20) == 20
