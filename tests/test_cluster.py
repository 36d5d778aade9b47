"""Ingest on Dask (``store.cluster``): the same store as a plain ingest, resumable, clear errors."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import make_corpus

from store.db import Store
from store.ingest import IngestProgress, run_ingest

distributed = pytest.importorskip("distributed")

from store.cluster import ClusterError, run_cluster_ingest, work_dir  # noqa: E402

BAD_NAME = os.fsdecode(b"bad\xffname.txt")  # a file name that is not UTF-8


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A LocalCluster of two worker processes on 127.0.0.1, as a user's own cluster would be."""
    local = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # no fixed port: never clashes with another cluster
        silence_logs=logging.CRITICAL,
    )
    try:
        yield local
    finally:
        local.close()


@pytest.fixture(scope="module")
def client(cluster: Any) -> Iterator[Any]:
    with distributed.Client(cluster) as c:
        yield c


def corpus(root: Path) -> Path:
    """~60 article files: BBC ones (or generated), a duplicate text, a non-UTF-8 file name."""
    paths = make_corpus(root, 60)
    (root / "copies").mkdir()
    shutil.copyfile(paths[3], root / "copies" / "same-text.txt")  # the same article twice
    (root / "copies" / BAD_NAME).write_bytes(paths[7].read_bytes() + b"\nA last line.\n")
    return root


def snapshot(store: Store) -> dict[str, Any]:
    """Everything a user reads from a store, timing aside: articles, items, files, summaries."""
    articles = {a.id: (a.to_dict(), x.to_dict()) for a, x in store.iter_all()}
    summaries = {s.id: s for s in store.summaries()}
    return {"articles": articles, "summaries": summaries, "files": store.file_rows()}


def assert_same_store(cluster_store: Store, plain_store: Store) -> None:
    got, want = snapshot(cluster_store), snapshot(plain_store)
    assert got["files"] == want["files"]  # every file, with its size, mtime and article ids
    assert set(got["articles"]) == set(want["articles"])
    holders: dict[str, set[str]] = {}
    for path, (_size, _mtime, ids) in want["files"].items():
        for article_id in ids:
            holders.setdefault(article_id, set()).add(path)
    for article_id, (article, items) in want["articles"].items():
        got_article, got_items = got["articles"][article_id]
        assert got_items == items, article_id  # every entity, quote and figure
        # An article held by two files is shown under one of them: which one depends, in a
        # plain ingest too, on where its commits fell; any holder is right.
        assert got_article.pop("path") in holders[article_id]
        article.pop("path")
        assert got_article == article  # title, date, source, text, url, authors
        got_summary, summary = got["summaries"][article_id], want["summaries"][article_id]
        assert got_summary.path in holders[article_id]
        assert (got_summary.title, got_summary.date, got_summary.n_entities) == (
            summary.title,
            summary.date,
            summary.n_entities,
        )
        assert (got_summary.n_quotes, got_summary.n_figures) == (
            summary.n_quotes,
            summary.n_figures,
        )


def read_chunks_runs(stream: Any) -> int:
    return sum(1 for t in stream.data if str(t["key"]).startswith("read_chunks-"))


def wait_idle(client: Any) -> None:
    """Until the scheduler holds no task (an interrupted run's tasks were released)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)):
            return
        time.sleep(0.2)
    raise AssertionError("the interrupted run's tasks were never released")


def test_cluster_ingest_stores_exactly_what_a_plain_ingest_stores(
    tmp_path: Path, cluster: Any
) -> None:
    root = corpus(tmp_path / "corpus")
    plain = Store(tmp_path / "plain" / "db.json")
    plain_report = run_ingest(plain, [root], workers=2)
    on_cluster = Store(tmp_path / "cluster" / "db.json")

    report = run_cluster_ingest(
        on_cluster, [root], scheduler=cluster.scheduler_address, task_size=15
    )

    assert report.errors == [] and report.skipped == 0
    assert report.tasks == 5 and report.tasks_run == 5 and report.tasks_reused == 0
    assert (report.new, report.files_read, report.duplicates) == (
        plain_report.new,
        plain_report.files_read,
        plain_report.duplicates,
    )
    assert (report.entities, report.quotes, report.figures) == (
        plain_report.entities,
        plain_report.quotes,
        plain_report.figures,
    )
    assert len(on_cluster) == len(plain) == report.total_articles == 61  # 62 files, 1 copy
    assert_same_store(on_cluster, plain)
    assert not work_dir(on_cluster).exists()  # the task files are gone once stored

    again = run_cluster_ingest(on_cluster, [root], scheduler=cluster.scheduler_address)
    assert (again.files_read, again.stored, again.tasks) == (0, 0, 0)  # incremental, as plain
    assert again.files_unchanged == plain_report.files_read


def test_rerun_after_an_interrupted_run_skips_the_finished_tasks(
    tmp_path: Path, cluster: Any, client: Any
) -> None:
    root = corpus(tmp_path / "corpus")
    on_cluster = Store(tmp_path / "cluster" / "db.json")
    finished: list[int] = []

    def interrupt(progress: IngestProgress) -> None:
        finished.append(progress.files_done)
        if len(finished) == 3:
            raise KeyboardInterrupt  # the user's Ctrl-C after three tasks came back

    with pytest.raises(KeyboardInterrupt):
        run_cluster_ingest(
            on_cluster,
            [root],
            scheduler=cluster.scheduler_address,
            task_size=10,
            on_progress=interrupt,
        )
    task_files = sorted(work_dir(on_cluster).glob("task-*.json"))
    assert len(task_files) >= 3
    # The store is lost as well: only the task files remain, so the plan is the same again.
    for part in [on_cluster.path, on_cluster.parts_dir, on_cluster.index_path]:
        if part.is_dir():
            shutil.rmtree(part)
        elif part.exists():
            part.unlink()
    wait_idle(client)

    seen: list[IngestProgress] = []
    with distributed.get_task_stream(client) as stream:
        report = run_cluster_ingest(
            Store(on_cluster.path),
            [root],
            scheduler=cluster.scheduler_address,
            task_size=10,
            on_progress=seen.append,
        )

    assert report.tasks == 7
    assert report.tasks_reused == len(task_files)
    assert read_chunks_runs(stream) == report.tasks_run == 7 - len(task_files)
    assert (seen[-1].files_done, seen[-1].files_total) == (62, 62)  # the bar gets to its end
    plain = Store(tmp_path / "plain" / "db.json")
    run_ingest(plain, [root], workers=2)
    assert_same_store(Store(on_cluster.path), plain)
    assert not work_dir(on_cluster).exists()


def test_without_dask_one_clear_error_and_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    root = corpus(tmp_path / "corpus")
    store = Store(tmp_path / "store" / "db.json")

    with pytest.raises(ClusterError) as caught:
        run_cluster_ingest(store, [root])

    message = str(caught.value)
    assert "pip install 'newsexplore[dask]'" in message and "\n" not in message
    assert not store.path.parent.exists()


def test_a_bad_file_is_one_line_and_the_rest_is_stored(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    make_corpus(root, 12)
    (root / "broken.json").write_text('{"title": "cut off', encoding="utf-8")
    store = Store(tmp_path / "store" / "db.json")

    # No scheduler: the ingest starts its own LocalCluster (one worker) and closes it.
    report = run_cluster_ingest(store, [root], workers=1)

    assert report.skipped == 1
    assert len(report.errors) == 1 and "broken.json" in report.errors[0]
    assert "\n" not in report.errors[0]
    assert report.new == len(store) == 12
    assert report.workers == 1


def test_the_command_line_runs_an_ingest_on_dask_and_refuses_what_it_cannot(
    tmp_path: Path,
) -> None:
    """`ingest --cluster dask` stores what a plain ingest does; --scheduler alone and URLs say no."""
    from conftest import run_cli

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Bank cuts rates\n\nThe Bank of England cut rates to 4%, said Andrew Bailey.\n"
    )
    db = tmp_path / "db" / "store.json"
    result = run_cli("ingest", folder, "--db", db, "--cluster", "dask", "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert "The store holds 1 article" in result.stdout
    alone = run_cli("ingest", folder, "--db", db, "--scheduler", "tcp://127.0.0.1:1")
    assert alone.returncode == 2 and "--scheduler needs --cluster dask" in alone.stderr
    web = run_cli("ingest", "https://example.com/feed.xml", "--db", db, "--cluster", "dask")
    assert web.returncode == 2 and "fetch web addresses with a plain ingest" in web.stderr
