"""Incremental, parallel, batched ingest: stat files, read and extract changed ones in worker processes, commit in batches."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store import codec
from store.extract import extract
from store.paths import path_from_key, path_key
from store.readers import ReadError, SourceFile, discover, read_file, unsupported_summary
from store.records import Article, Extraction
from store.sanitize import one_line

if TYPE_CHECKING:
    from store.db import Batch, Store
    from store.readmodel.build import ArticleRows
    from store.web import FetchedPage, FetchOptions, FetchProblem

DEFAULT_BATCH_SIZE = 1000
COMMIT_EVERY_S = 5.0
_INLINE_BELOW = 64  # fewer tasks than this are not worth starting worker processes for


@dataclass(slots=True)
class IngestProgress:
    """Where an ingest is: files read so far out of those that need reading, articles seen."""

    files_done: int
    files_total: int
    articles: int
    skipped: int
    phase: str = "reading"


@dataclass(slots=True)
class IngestReport:
    """What an ingest did. Article counts unless named ``files_*``."""

    stored: int = 0  # articles written by this run (new + updated)
    new: int = 0
    updated: int = 0  # re-extracted or replaced
    unchanged: int = 0  # articles of files that had not changed (not read again)
    duplicates: int = 0  # read, but the same text was already stored
    removed: int = 0  # dropped because their file changed or disappeared
    skipped: int = 0  # files or records that could not be read
    files_read: int = 0
    files_unchanged: int = 0
    entities: int = 0  # items extracted by this run
    quotes: int = 0
    figures: int = 0
    total_articles: int = 0  # in the store afterwards
    commits: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Files inside the given folders that are of no type the readers know, by suffix; the CLI
    # prints ``unsupported_line`` with the summary.
    unsupported: dict[str, int] = field(default_factory=dict)
    # Newly stored articles known to be in another language (stored without extraction).
    not_english: dict[str, int] = field(default_factory=dict)

    @property
    def not_english_line(self) -> str | None:
        """ "712 articles not in English stored without extraction: de 700, fr 12", or None."""
        if not self.not_english:
            return None
        n = sum(self.not_english.values())
        langs = ", ".join(
            f"{lang} {count}"
            for lang, count in sorted(self.not_english.items(), key=lambda kv: -kv[1])
        )
        return (
            f"{n} article{'s' if n != 1 else ''} not in English stored without extraction: {langs}"
        )

    @property
    def unsupported_line(self) -> str | None:
        """ "3 files of unsupported types skipped: .docx ×2, .pdf", or None."""
        return unsupported_summary(Counter(self.unsupported))


# ----- worker side --------------------------------------------------------------------------

_KNOWN_IDS: frozenset[str] = frozenset()
_INDEX_ROWS = False  # derive each article's index rows beside its extraction
# An article read: its items (None: already stored, not extracted again) and index rows.
Extracted = tuple[Article, dict[str, Any] | None, "ArticleRows | None"]
FileOutcome = tuple[SourceFile, list[Extracted], list[ReadError]]


def _init_worker(known_ids: frozenset[str], index_rows: bool = False) -> None:
    global _KNOWN_IDS, _INDEX_ROWS
    _KNOWN_IDS = known_ids
    _INDEX_ROWS = index_rows


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _init_pool_worker(known_ids: frozenset[str], index_rows: bool, parent_pid: int) -> None:
    """A worker process's start: it exits when the ingest that started it dies, even by SIGKILL."""
    _exit_with(parent_pid)
    _init_worker(known_ids, index_rows)


def _exit_with(parent_pid: int) -> None:
    # A killed ingest never shuts its pool down: without this its workers (and through them the
    # forkserver and the resource tracker) would wait on their queues for a minute or more.
    # Linux kills us when our parent dies (the forkserver, which itself exits when the ingest
    # does); the watchdog thread covers the ingest itself and other systems.
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    threading.Thread(
        target=_watch_parent, args=(parent_pid, os.getppid()), name="parent-watchdog", daemon=True
    ).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but is not ours to signal
        return True
    return True


def _watch_parent(parent_pid: int, ppid: int) -> None:
    """Exit this process as soon as ``parent_pid`` is gone (runs in a daemon thread)."""
    pidfd: int | None = None
    with contextlib.suppress(AttributeError, OSError):
        pidfd = os.pidfd_open(parent_pid)  # Linux 5.3+: readable when the process exits, no polling
    if pidfd is not None:
        select.select([pidfd], [], [])
    else:
        # Polling: a pid may be reused, so a changed parent (reparented to init) counts as well.
        while _alive(parent_pid) and os.getppid() == ppid:
            time.sleep(0.5)
    os._exit(1)


def _extract_encoded(article: Article) -> tuple[dict[str, Any], ArticleRows | None]:
    if article.language is None:
        # Stored before languages were detected (re-extraction): detect it now, or an old
        # German article would be extracted again as if it were English.
        from dataclasses import replace

        from store.lang import detect_language

        article = replace(article, language=detect_language(article.text))
    items = codec.encode(extract(article))
    if not _INDEX_ROWS:
        return items, None
    from store.db import index_rows

    try:
        return items, index_rows(article, items)
    except Exception:  # the commit derives them itself (and refuses what the store would)
        return items, None


def _extract_all(
    source_path: str, articles: Iterable[Article | ReadError]
) -> tuple[list[Extracted], list[ReadError]]:
    """Extract every article not stored already; read errors and failures as ReadErrors."""
    out: list[Extracted] = []
    errors: list[ReadError] = []
    for item in articles:
        if isinstance(item, ReadError):
            errors.append(item)
            continue
        if item.id in _KNOWN_IDS:
            out.append((item, None, None))
            continue
        try:
            out.append((item, *_extract_encoded(item)))
        except Exception as exc:  # a hostile text must not stop the ingest
            errors.append(ReadError(source_path, f"extraction failed ({type(exc).__name__})"))
    return out, errors


def process_files(
    chunk: list[SourceFile], columns: Mapping[str, str] | None = None, recall: bool = False
) -> list[FileOutcome]:
    """Read and extract a chunk of files (runs in a worker process)."""
    out: list[FileOutcome] = []
    for source in chunk:
        articles, errors = _extract_all(source.path, read_file(source, columns, recall=recall))
        out.append((source, articles, errors))
    return out


def process_pages(chunk: list[FetchedPage], recall: bool = False) -> list[FileOutcome]:
    """Read and extract a chunk of fetched web pages (runs in a worker process)."""
    from store.web.pages import page_source, read_page

    out: list[FileOutcome] = []
    for page in chunk:
        source = page_source(page)
        articles, errors = _extract_all(source.path, read_page(page, recall=recall))
        out.append((source, articles, errors))
    return out


def reextract(chunk: list[Article]) -> list[Extracted]:
    """Extract stored articles again with the running extractor (runs in a worker process)."""
    out: list[Extracted] = []
    for article in chunk:
        try:
            out.append((article, *_extract_encoded(article)))
        except Exception:
            out.append((article, None, None))
    return out


# ----- main process ---------------------------------------------------------------------------


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _run_tasks(
    fn: Callable[[list[Any]], list[Any]],
    chunks: list[list[Any]],
    workers: int,
    known_ids: frozenset[str],
    index_rows: bool = False,
) -> Iterator[list[Any]]:
    """Results of ``fn`` over ``chunks`` in order; in worker processes when worth it."""
    if workers <= 1 or sum(len(c) for c in chunks) < _INLINE_BELOW:
        _init_worker(known_ids, index_rows)
        try:
            for chunk in chunks:
                yield fn(chunk)
        finally:
            _init_worker(frozenset())
        return
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        ctx.set_forkserver_preload(["store.ingest"])
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=ctx,
        initializer=_init_pool_worker,
        initargs=(known_ids, index_rows, os.getpid()),
    ) as pool:
        pending: list[Future[list[Any]]] = []
        queue = iter(chunks)
        for chunk in queue:  # keep a bounded window of chunks in flight
            pending.append(pool.submit(fn, chunk))
            if len(pending) >= workers * 3:
                break
        while pending:
            result = pending.pop(0).result()
            nxt = next(queue, None)
            if nxt is not None:
                pending.append(pool.submit(fn, nxt))
            yield result


class _Committer:
    """Collects results into batches and commits every ``batch_size`` articles or few seconds."""

    def __init__(
        self,
        store: Store,
        report: IngestReport,
        batch_size: int,
        on_commit: Callable[[str], None] | None,
    ) -> None:
        from store.db import Batch

        self._batch_cls = Batch
        self.store = store
        self.report = report
        self.batch_size = batch_size
        self.on_commit = on_commit
        self.batch: Batch = Batch()
        self.last_commit = time.monotonic()

    def _count(self, items: dict[str, Any]) -> None:
        self.report.entities += len(items.get("entities", ()))
        self.report.quotes += len(items.get("quotes", ()))
        self.report.figures += len(items.get("figures", ()))

    def add_file(self, outcome: FileOutcome) -> None:
        from store.db import StoredArticle

        source, articles, errors = outcome
        for error in errors:
            if error.fatal:
                self.report.skipped += 1
                self.report.errors.append(str(error))
            else:
                self.report.warnings.append(str(error))
        self.report.files_read += 1
        if not articles:
            return  # a file that could not be read keeps its old record, and is tried again next time
        ids = list(dict.fromkeys(a.id for a, _, _ in articles))
        self.batch.files[source.key] = (source.size, source.mtime_ns, ids)
        for article, items, rows in articles:
            if items is None:
                self.batch.pending[article.id] = article
                self.report.duplicates += 1
            else:
                self.batch.articles[article.id] = StoredArticle(article, items, rows=rows)
                self._count(items)
                if article.language not in (None, "en"):
                    lang = str(article.language)
                    self.report.not_english[lang] = self.report.not_english.get(lang, 0) + 1
        self.maybe_commit()

    def add_reextracted(
        self, article: Article, items: dict[str, Any] | None, rows: ArticleRows | None = None
    ) -> None:
        from store.db import StoredArticle

        if items is None:
            self.report.errors.append(
                f"{one_line(article.path)}: re-extraction failed; kept the old items"
            )
            return
        self.batch.articles[article.id] = StoredArticle(article, items, rows=rows)
        self._count(items)
        self.maybe_commit()

    def maybe_commit(self) -> None:
        due = time.monotonic() - self.last_commit >= COMMIT_EVERY_S
        if len(self.batch.articles) >= self.batch_size or (due and len(self.batch)):
            self.commit()

    def commit(self) -> None:
        if not len(self.batch) and not self.batch.pending:
            return
        result = self.store.commit(self.batch)
        self.report.new += result.new
        self.report.updated += result.updated
        self.report.removed += result.removed
        self.report.commits += 1
        if self.on_commit is not None:
            self.on_commit(
                f"committed {result.new + result.updated} articles from {len(self.batch.files)} "
                f"files; the store has {len(self.store)} articles"
            )
        self.batch = self._batch_cls()
        self.last_commit = time.monotonic()


def _fetch(
    urls: Sequence[str],
    cache_dir: Path,
    fetch_options: FetchOptions | None,
    on_fetch: Callable[[int, int, str], None] | None,
) -> Iterator[FetchedPage | FetchProblem]:
    """Pages of ``urls`` (articles, feeds, sitemaps) through the page cache; each address that
    gave no page a FetchProblem (``fatal=False``: a note, the rest of it was used)."""
    from store.web import collect_pages

    yield from collect_pages(urls, cache_dir=cache_dir, on_progress=on_fetch, options=fetch_options)


def extract_paths(
    paths: Iterable[Path | str],
    *,
    workers: int | None = None,
    follow_links: bool = False,
    columns: Mapping[str, str] | None = None,
    urls: Sequence[str] = (),
    fetch_options: FetchOptions | None = None,
    on_fetch: Callable[[int, int, str], None] | None = None,
    cache_dir: Path | None = None,
    recall: bool = False,
) -> Iterator[tuple[Article, Extraction] | ReadError]:
    """Read and extract without storing, on every core, in the files' sorted order, then the
    pages of ``urls`` (fetched through ``cache_dir``, by default the default store's cache).

    Files of unknown types inside folders end the stream with one warning counting them.
    """
    sources: list[SourceFile] = []
    unsupported: Counter[str] = Counter()
    for found in discover(paths, follow_links=follow_links, unsupported=unsupported):
        if isinstance(found, ReadError):
            yield found
        else:
            sources.append(found)
    workers = workers or default_workers()
    size = max(1, min(50, len(sources) // (workers * 8) or 1))
    order = codec.item_fields()
    task = partial(process_files, columns=dict(columns) if columns else None, recall=recall)
    outcomes_of: list[Iterator[list[FileOutcome]]] = [
        _run_tasks(task, list(_chunks(sources, size)), workers, frozenset())
    ]
    if urls:
        from store.db import default_db_path
        from store.web import FetchProblem, default_cache_dir

        pages: list[FetchedPage] = []
        cache = cache_dir if cache_dir is not None else default_cache_dir(default_db_path())
        for item in _fetch(urls, cache, fetch_options, on_fetch):
            if isinstance(item, FetchProblem):
                yield ReadError(item.url, item.reason, fatal=item.fatal)
            else:
                pages.append(item)
        page_size = max(1, min(50, len(pages) // (workers * 8) or 1))
        outcomes_of.append(
            _run_tasks(
                partial(process_pages, recall=recall),
                list(_chunks(pages, page_size)),
                workers,
                frozenset(),
            )
        )
    for results in outcomes_of:
        for outcomes in results:
            for _source, articles, errors in outcomes:
                yield from errors
                for article, items, _rows in articles:
                    yield article, codec.decode(article.text, items or {}, order)
    if summary := unsupported_summary(unsupported):
        yield ReadError("", summary, fatal=False)


def _under(path: str, folders: Iterable[str]) -> bool:
    return any(path.startswith(f.rstrip(os.sep) + os.sep) for f in folders)


def run_ingest(
    store: Store,
    paths: list[Path],
    *,
    workers: int | None = None,
    on_progress: Callable[[IngestProgress], None] | None = None,
    batch_size: int | None = None,
    on_commit: Callable[[str], None] | None = None,
    follow_links: bool = False,
    columns: Mapping[str, str] | None = None,
    urls: Sequence[str] = (),
    fetch_options: FetchOptions | None = None,
    on_fetch: Callable[[int, int, str], None] | None = None,
    recall: bool = False,
) -> IngestReport:
    """Ingest ``paths`` and the web pages of ``urls`` into ``store``; see ``Store.ingest``.

    ``urls``: article pages, RSS/Atom feeds and sitemaps, fetched politely (``fetch_options``)
    through the store's page cache (``<db>.web``); ``on_fetch(done, total, url)`` after each
    page address. A page is recorded under its address, with its body's size and download
    time: one taken from the cache again is unchanged and not read again.

    ``columns`` maps article fields to the table columns or JSON keys that hold them
    (``store.readers.parse_columns``). Files of unknown types inside the folders are counted in
    ``report.unsupported`` (``report.unsupported_line`` sums them up in one line).

    Files are recorded under their path key (``store.paths``), so a name that is not UTF-8 is
    stored, compared and found gone like any other. A symlink leading out of a given folder is
    skipped with a line saying so unless ``follow_links``.
    """
    started = time.perf_counter()
    report = IngestReport()
    workers = workers or default_workers()
    store.check()
    store.sweep_if_idle()
    store.add_sources([p for p in paths if os.path.exists(p)])

    known_files = store.file_rows()
    sources: dict[str, SourceFile] = {}
    unsupported: Counter[str] = Counter()
    for found in discover(
        paths, exclude=store.store_files(), follow_links=follow_links, unsupported=unsupported
    ):
        if isinstance(found, ReadError):
            report.skipped += 1
            report.errors.append(str(found))
        else:
            sources.setdefault(found.key, found)
    to_read: list[SourceFile] = []
    for key, source in sources.items():
        known = known_files.get(key)
        if known is not None and known[:2] == (source.size, source.mtime_ns):
            report.files_unchanged += 1
            report.unchanged += len(known[2])
        else:
            to_read.append(source)
    folders = [path_key(os.path.abspath(p)) for p in paths if os.path.isdir(p)]
    vanished = {
        p
        for p in known_files
        if p not in sources and _under(p, folders) and not os.path.exists(path_from_key(p))
    }
    pages: list[FetchedPage] = []
    if urls:
        from store.web import FetchProblem, default_cache_dir
        from store.web.pages import page_source

        for item in _fetch(urls, default_cache_dir(store.path), fetch_options, on_fetch):
            if isinstance(item, FetchProblem):
                if item.fatal:
                    report.skipped += 1
                    report.errors.append(str(item))
                else:
                    report.warnings.append(str(item))
                continue
            src = page_source(item)
            known = known_files.get(src.key)
            if known is not None and known[:2] == (src.size, src.mtime_ns):
                report.files_unchanged += 1
                report.unchanged += len(known[2])
            else:
                pages.append(item)
    stale = set(store.stale_ids())
    known_ids = frozenset(s.id for s in store.summaries() if s.id not in stale)
    index_rows = store.index_wanted()

    committer = _Committer(store, report, batch_size or DEFAULT_BATCH_SIZE, on_commit)
    committer.batch.removed_files.update(vanished)
    total = len(to_read) + len(pages)
    done = 0
    articles_seen = 0
    size = max(1, min(50, total // (workers * 8) or 1))
    task = partial(process_files, columns=dict(columns) if columns else None, recall=recall)
    runs: list[tuple[Callable[[list[Any]], list[FileOutcome]], list[list[Any]]]] = [
        (task, list(_chunks(to_read, size))),
        (
            partial(process_pages, recall=recall),
            list(_chunks(pages, size)),
        ),  # URL keys are under no folder: never vanish
    ]
    for fn, chunks in runs:
        if not chunks:
            continue
        for outcomes in _run_tasks(fn, chunks, workers, known_ids, index_rows):
            for outcome in outcomes:
                committer.add_file(outcome)
                done += 1
                articles_seen += len(outcome[1])
            if on_progress is not None:
                on_progress(IngestProgress(done, total, articles_seen, report.skipped))

    committer.commit()
    stale = set(store.stale_ids())  # what the reading above did not already bring up to date
    if stale:
        stale_articles = [a for a, _ in store.iter_all() if a.id in stale]
        redone = 0
        chunks = list(_chunks(stale_articles, 50))
        for results in _run_tasks(reextract, chunks, workers, frozenset(), index_rows):
            for article, items, rows in results:
                committer.add_reextracted(article, items, rows)
            redone += len(results)
            if on_progress is not None:
                on_progress(
                    IngestProgress(
                        redone, len(stale_articles), redone, report.skipped, phase="re-extracting"
                    )
                )
    committer.commit()
    report.unsupported = dict(unsupported.most_common())
    report.stored = report.new + report.updated
    report.total_articles = len(store)
    report.seconds = time.perf_counter() - started
    return report


__all__ = ["IngestProgress", "IngestReport", "extract_paths", "run_ingest"]
