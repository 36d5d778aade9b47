"""Ingest on a Dask cluster: the per-file map (read, extract, encode) on Dask, resumable task files, one local writer.

Design (what ``newsexplore ingest --cluster dask`` does):

* Discovery and the incremental check are a plain ingest's: only new or changed files are read.
* The files are cut into *chunks* of ``task_size`` by their position among all the files found
  (sorted), so a chunk's contents do not depend on what an earlier run already stored. A
  chunk's key hashes its files to read (path, size, mtime), the extractor version, the
  ``columns`` mapping and newsexplore's version.
* Each Dask task reads and extracts one or more chunks with the very function the process pool
  runs (``store.ingest.process_files``) and *returns* each chunk's result, encoded (orjson), to
  this process, which writes it atomically to ``<db>.cluster/task-<key>.json``. Results go back
  to the client rather than being written by the workers, so the store's folder never has to
  be shared with the cluster: only the input files must be readable by every worker.
* One writer (this process) loads the chunk files in order and commits them through the same
  path as a plain ingest (``store.ingest``'s committer, ``Store.commit``), while the cluster
  works on later chunks. A rerun after a kill finds the chunk files already written and does
  not send those chunks to the cluster again; chunks already committed need no reading at all.
* The work folder is removed when the run completes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from store.ingest import (
    DEFAULT_BATCH_SIZE,
    Extracted,
    FileOutcome,
    IngestProgress,
    IngestReport,
    _Committer,
    _init_worker,
    _under,
    process_files,
    reextract,
)
from store.paths import path_from_key, path_key
from store.readers import ReadError, SourceFile, discover
from store.records import Article
from store.sanitize import one_line
from store.storage import StoreError, StoreWriteError, atomic_write_bytes, temp_target

if TYPE_CHECKING:
    from store.db import Store

DEFAULT_TASK_SIZE = 500
INSTALL_HINT = "pip install 'newsexplore[dask]'"
_FORMAT = 1  # of a task file; part of the chunk key, so a new layout is never misread
_TASK_NAME = re.compile(r"task-[0-9a-f]{16}\.json\Z")
_REEXTRACT_CHUNK = 250


class ClusterError(StoreError):
    """Dask is missing, the scheduler cannot be reached, or a task failed on the cluster."""


@dataclass(slots=True)
class ClusterReport(IngestReport):
    """An ingest report plus what the cluster did, counted in chunks of files."""

    tasks: int = 0  # chunks with files to read
    tasks_run: int = 0  # sent to the cluster by this run
    tasks_reused: int = 0  # loaded from the work folder, written by an interrupted earlier run
    workers: int = 0


@dataclass(frozen=True, slots=True)
class _Chunk:
    number: int
    key: str
    files: tuple[SourceFile, ...]


def work_dir(store: Store) -> Path:
    """The cluster ingest's work folder beside the store: ``<db>.cluster``."""
    return store.path.with_name(store.path.name + ".cluster")


def _import_dask() -> tuple[Any, Any]:
    """``distributed.Client`` and ``distributed.LocalCluster``, or one clear ClusterError."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterError(
            f"--cluster dask needs Dask, which is not installed ({one_line(str(exc))}); "
            f"install it with: {INSTALL_HINT}"
        ) from None
    return Client, LocalCluster


# ----- worker side --------------------------------------------------------------------------

# process_files reads the known ids from a module global; a Dask worker may run tasks in
# several threads, so they take turns (the work is pure Python: threads would not run it
# faster anyway).
_WORKER_LOCK = threading.Lock()


def read_chunks(
    chunks: list[tuple[str, list[tuple[str, int, int]]]],
    columns: dict[str, str] | None,
    known_ids: frozenset[str],
) -> list[tuple[bytes, int]]:
    """A Dask task: read and extract each chunk's files; per chunk, its task file's bytes and
    how many articles they hold (for the progress line)."""
    out: list[tuple[bytes, int]] = []
    with _WORKER_LOCK:
        _init_worker(known_ids)
        try:
            for key, files in chunks:
                sources = [SourceFile(path, size, mtime) for path, size, mtime in files]
                outcomes = process_files(sources, columns)
                out.append((encode_outcomes(key, outcomes), sum(len(o[1]) for o in outcomes)))
        finally:
            _init_worker(frozenset())
    return out


def encode_outcomes(key: str, outcomes: list[FileOutcome]) -> bytes:
    """A chunk's outcomes as JSON (paths and reasons as path keys: any file name is JSON-safe)."""
    files = [
        [
            path_key(source.path),
            source.size,
            source.mtime_ns,
            [[article.to_dict(), items] for article, items, *_rows in articles],
            [[path_key(e.path), path_key(e.reason), e.fatal] for e in errors],
        ]
        for source, articles, errors in outcomes
    ]
    return orjson.dumps({"format": _FORMAT, "key": key, "files": files})


def decode_outcomes(key: str, data: bytes) -> list[FileOutcome]:
    """The outcomes ``encode_outcomes`` wrote; ValueError when the bytes are not that chunk's."""
    try:
        doc = orjson.loads(data)
        if doc["format"] != _FORMAT or doc["key"] != key:
            raise ValueError("written for another chunk")
        out: list[FileOutcome] = []
        for path, size, mtime, articles, errors in doc["files"]:
            source = SourceFile(path_from_key(path), int(size), int(mtime))
            # No index rows: the commit derives them, as for any article that comes without.
            extracted: list[Extracted] = [
                (Article.from_dict(a), items, None) for a, items in articles
            ]
            errs = [ReadError(path_from_key(p), path_from_key(r), bool(f)) for p, r, f in errors]
            out.append((source, extracted, errs))
        return out
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"not a task file of this run ({exc})") from None


# ----- main process ---------------------------------------------------------------------------


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsexplore")
    except PackageNotFoundError:
        return "unknown"


def chunk_key(files: list[SourceFile], columns: Mapping[str, str] | None) -> str:
    """What a chunk's result depends on: its files' stat facts, the extractor and the reader options."""
    from store.db import extractor_version

    facts = [
        _FORMAT,
        extractor_version(),
        _version(),
        sorted((columns or {}).items()),
        [[f.key, f.size, f.mtime_ns] for f in files],
    ]
    return hashlib.blake2b(orjson.dumps(facts), digest_size=8).hexdigest()


def _task_path(folder: Path, chunk: _Chunk) -> Path:
    return folder / f"task-{chunk.key}.json"


def _plan(
    store: Store, paths: list[Path], report: IngestReport, follow_links: bool
) -> tuple[list[SourceFile], set[str], set[str], Counter[str]]:
    """A plain ingest's discovery and incremental check (``store.ingest.run_ingest``, step by
    step): every file found in order, the keys of those to read, vanished files, unsupported."""
    known_files = store.file_rows()
    sources: dict[str, SourceFile] = {}
    unsupported: Counter[str] = Counter()
    exclude = [*store.store_files(), work_dir(store)]
    for found in discover(
        paths, exclude=exclude, follow_links=follow_links, unsupported=unsupported
    ):
        if isinstance(found, ReadError):
            report.skipped += 1
            report.errors.append(str(found))
        else:
            sources.setdefault(found.key, found)
    to_read: set[str] = set()
    for key, source in sources.items():
        known = known_files.get(key)
        if known is not None and known[:2] == (source.size, source.mtime_ns):
            report.files_unchanged += 1
            report.unchanged += len(known[2])
        else:
            to_read.add(key)
    folders = [path_key(os.path.abspath(p)) for p in paths if os.path.isdir(p)]
    vanished = {
        p
        for p in known_files
        if p not in sources and _under(p, folders) and not os.path.exists(path_from_key(p))
    }
    return list(sources.values()), to_read, vanished, unsupported


def _chunks(
    found: list[SourceFile], to_read: set[str], task_size: int, columns: Mapping[str, str] | None
) -> list[_Chunk]:
    """Chunks cut by position among all files found, keeping only the files to read."""
    chunks: list[_Chunk] = []
    for start in range(0, len(found), task_size):
        files = tuple(f for f in found[start : start + task_size] if f.key in to_read)
        if files:
            chunks.append(_Chunk(len(chunks), chunk_key(list(files), columns), files))
    return chunks


def _tasks(chunks: list[_Chunk], task_size: int) -> list[list[_Chunk]]:
    """Consecutive chunks grouped into Dask tasks of at most ``task_size`` files (a chunk whole)."""
    tasks: list[list[_Chunk]] = []
    size = 0
    for chunk in chunks:
        if tasks and size + len(chunk.files) <= task_size:
            tasks[-1].append(chunk)
            size += len(chunk.files)
        else:
            tasks.append([chunk])
            size = len(chunk.files)
    return tasks


def _task_args(group: list[_Chunk]) -> list[tuple[str, list[tuple[str, int, int]]]]:
    return [(c.key, [(f.path, f.size, f.mtime_ns) for f in c.files]) for c in group]


@contextlib.contextmanager
def _client(scheduler: str | None, n_workers: int | None) -> Iterator[tuple[Any, int]]:
    """A Dask client (and its worker count): to ``scheduler``, else to a LocalCluster of ours."""
    Client, LocalCluster = _import_dask()
    import logging

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {one_line(scheduler)}: "
                f"{one_line(str(exc)) or type(exc).__name__}"
            ) from None
        try:
            yield client, max(1, len(client.nthreads()))
        finally:
            client.close()
        return
    from store.ingest import default_workers

    workers = n_workers or default_workers()
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # no fixed port: never clashes with another cluster
        silence_logs=logging.CRITICAL,
    )
    try:
        client = Client(cluster)
        try:
            # No watchdog needed here: distributed's worker processes exit with their parent.
            yield client, workers
        finally:
            client.close()
    finally:
        cluster.close()


def _task_failed(exc: BaseException) -> ClusterError:
    return ClusterError(
        f"a Dask task failed: {type(exc).__name__}: {one_line(str(exc))} (every worker needs "
        "newsexplore installed, the same version, and read access to the input files)"
    )


def _prepare_folder(store: Store, folder: Path) -> None:
    store._own(folder, folder=True)  # a planted link would make the task files land elsewhere
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise StoreWriteError(f"could not create {one_line(str(folder))}: {reason}") from exc
    store._own(folder, folder=True)


def _load_task_file(store: Store, folder: Path, chunk: _Chunk) -> list[FileOutcome] | None:
    """A chunk's outcomes from its task file, or None when absent, foreign or damaged."""
    path = _task_path(folder, chunk)
    try:
        if not store._own(path):
            return None
        return decode_outcomes(chunk.key, path.read_bytes())
    except (StoreError, OSError, ValueError):
        return None


def _remove_work_folder(folder: Path) -> None:
    """Remove the task files and temporary files this module writes, then the folder if empty."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if _TASK_NAME.match(entry.name) or _is_task_temp(entry.name):
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
    with contextlib.suppress(OSError):
        folder.rmdir()


def _is_task_temp(name: str) -> bool:
    target = temp_target(name)
    return target is not None and _TASK_NAME.match(target) is not None


def run_cluster_ingest(
    store: Store,
    paths: list[Path],
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    task_size: int = DEFAULT_TASK_SIZE,
    on_progress: Callable[[IngestProgress], None] | None = None,
    batch_size: int | None = None,
    on_commit: Callable[[str], None] | None = None,
    follow_links: bool = False,
    columns: Mapping[str, str] | None = None,
) -> ClusterReport:
    """Ingest ``paths`` into ``store`` as ``run_ingest`` does, reading and extracting on Dask.

    ``scheduler`` is a Dask scheduler address (``tcp://HOST:PORT``; its workers must read the
    input paths); None starts a ``LocalCluster`` of ``workers`` processes (default: cores) on
    127.0.0.1 for this run. ``task_size`` files make a chunk (a resumable unit). The store
    holds exactly what a plain ingest of the same files would store.
    """
    if not 1 <= task_size <= 100_000:
        raise ValueError("task_size must be between 1 and 100,000 files")
    started = time.perf_counter()
    report = ClusterReport()
    _import_dask()  # before touching the store: a missing Dask is one clear line, nothing done
    store.check()
    store.sweep_if_idle()
    store.add_sources([p for p in paths if os.path.exists(p)])
    found, to_read, vanished, unsupported = _plan(store, paths, report, follow_links)
    stale = set(store.stale_ids())
    known_ids = frozenset(s.id for s in store.summaries() if s.id not in stale)
    cols = dict(columns) if columns else None
    chunks = _chunks(found, to_read, task_size, cols)
    report.tasks = len(chunks)
    folder = work_dir(store)

    committer = _Committer(store, report, batch_size or DEFAULT_BATCH_SIZE, on_commit)
    committer.batch.removed_files.update(vanished)
    total = sum(len(c.files) for c in chunks)
    done = 0
    articles_seen = 0

    def progress() -> None:
        if on_progress is not None:
            on_progress(IngestProgress(done, total, articles_seen, report.skipped))

    def count_done(files: int, articles: int) -> None:
        nonlocal done, articles_seen
        done += files
        articles_seen += articles
        progress()

    if chunks:
        _prepare_folder(store, folder)
        # chunk number -> whether its task file was left by an earlier run (else written now)
        ready: dict[int, bool] = {}
        to_run: list[_Chunk] = []
        for chunk in chunks:
            if _task_path(folder, chunk).exists():
                ready[chunk.number] = True
            else:
                to_run.append(chunk)
        with _client(scheduler, workers) as (client, n_workers):
            report.workers = n_workers
            from distributed import as_completed

            # Sent to every worker once, not with every task.
            known = client.scatter([known_ids], broadcast=True)[0] if known_ids else frozenset()

            def submit(group: list[_Chunk]) -> Any:
                report.tasks_run += len(group)
                return client.submit(read_chunks, _task_args(group), cols, known, pure=False)

            futures = {submit(group): group for group in _tasks(to_run, task_size)}
            next_chunk = 0

            def commit_ready() -> None:
                """Commit the chunks whose predecessors are all committed (a plain ingest's order)."""
                nonlocal next_chunk
                while next_chunk < len(chunks) and next_chunk in ready:
                    chunk = chunks[next_chunk]
                    earlier = ready.pop(next_chunk)
                    outcomes = _load_task_file(store, folder, chunk)
                    if outcomes is None:  # gone or damaged since: read it again, now
                        outcomes = _run_now(client, chunk, cols, known, store, folder)
                        report.tasks_run += 1
                    elif earlier:
                        report.tasks_reused += 1
                    for outcome in outcomes:
                        committer.add_file(outcome)
                    next_chunk += 1
                    if earlier:  # counted as read now: the bar reaches its end
                        count_done(len(chunk.files), sum(len(o[1]) for o in outcomes))

            commit_ready()  # what an earlier run left is stored while the cluster works
            for future in as_completed(futures):
                group = futures.pop(future)
                try:
                    results = future.result()
                except Exception as exc:
                    raise _task_failed(exc) from None
                for chunk, (data, n_articles) in zip(group, results, strict=True):
                    _prepare_folder(store, folder)  # a concurrent run may have removed it
                    atomic_write_bytes(_task_path(folder, chunk), data)
                    ready[chunk.number] = False
                    done += len(chunk.files)
                    articles_seen += n_articles
                del future, results
                progress()
                commit_ready()
            commit_ready()
            committer.commit()
            _reextract_stale(store, committer, client, report, on_progress)
    else:
        committer.commit()
        if store.stale_ids():
            with _client(scheduler, workers) as (client, n_workers):
                report.workers = n_workers
                _reextract_stale(store, committer, client, report, on_progress)
    committer.commit()
    _remove_work_folder(folder)
    report.unsupported = dict(unsupported.most_common())
    report.stored = report.new + report.updated
    report.total_articles = len(store)
    report.seconds = time.perf_counter() - started
    return report


def _run_now(
    client: Any,
    chunk: _Chunk,
    columns: dict[str, str] | None,
    known: Any,
    store: Store,
    folder: Path,
) -> list[FileOutcome]:
    """Read one chunk on the cluster and wait for it (its task file went missing meanwhile)."""
    try:
        (data,) = client.submit(
            read_chunks, _task_args([chunk]), columns, known, pure=False
        ).result()
    except Exception as exc:
        raise _task_failed(exc) from None
    _prepare_folder(store, folder)
    atomic_write_bytes(_task_path(folder, chunk), data)
    return decode_outcomes(chunk.key, data)


def _reextract_stale(
    store: Store,
    committer: _Committer,
    client: Any,
    report: IngestReport,
    on_progress: Callable[[IngestProgress], None] | None,
) -> None:
    """Articles stored by an older extractor, extracted again on the cluster (as run_ingest does)."""
    stale = set(store.stale_ids())
    if not stale:
        return
    articles = [a for a, _ in store.iter_all() if a.id in stale]
    chunks = [articles[i : i + _REEXTRACT_CHUNK] for i in range(0, len(articles), _REEXTRACT_CHUNK)]
    redone = 0
    window = max(4, 3 * max(1, len(client.nthreads())))
    pending = [client.submit(reextract, c, pure=False) for c in chunks[:window]]
    queue = iter(chunks[window:])
    while pending:  # in order, a bounded window in flight: texts are sent from here
        try:
            results = pending.pop(0).result()
        except Exception as exc:
            raise _task_failed(exc) from None
        nxt = next(queue, None)
        if nxt is not None:
            pending.append(client.submit(reextract, nxt, pure=False))
        for article, items, *_rows in results:
            committer.add_reextracted(article, items)
        redone += len(results)
        if on_progress is not None:
            on_progress(
                IngestProgress(redone, len(articles), redone, report.skipped, phase="re-extracting")
            )


__all__ = [
    "ClusterError",
    "ClusterReport",
    "run_cluster_ingest",
    "work_dir",
]
