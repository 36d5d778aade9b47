"""The command line: open the explorer, or ingest, extract, search, tables, export, stats, repair.

A thin layer over the headless store: what it prints comes from ``store.export`` (the JSON
contract, exports, search results and tables) and ``store.readmodel`` (the index, its
query language and tables). Only the bare command imports Textual, and ``search`` and
``table`` load no extractor, so those commands start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

# The JSON contract and the export helpers live in store.export (headless, shared with the
# app); these names stay importable from here.
from store.export import (
    CSV_COLUMNS,
    EXPORT_FORMATS,
    FORMULA_STARTS,
    SEARCH_FORMATS,
    TABLE_FORMATS,
    article_json,
    csv_cell,
    json_bytes,
    plural,
)

# Plain constants, kept here so that building the parser imports no query machinery.
TABLES = ("speakers", "entities", "figures")
REGEX_BUDGET_S = 10.0

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from store.db import Store
    from store.ingest import IngestReport
    from store.readmodel.fresh import FreshIndex
    from store.records import Article, Extraction

__all__ = ["CSV_COLUMNS", "FORMULA_STARTS", "article_json", "csv_cell", "json_bytes", "main"]

COMMANDS = ("ingest", "extract", "search", "table", "export", "stats", "repair", "serve")
EXIT_OK, EXIT_SKIPPED, EXIT_ERROR = 0, 1, 2

_DESCRIPTION = """\
A terminal explorer for news articles: who said what, about whom, with which numbers.

commands:
  newsexplore [PATH ...] [--db FILE]         open the explorer (ingest PATHs first)
  newsexplore ingest PATH|URL ... [--workers N]  read, extract and store articles
  newsexplore extract PATH|URL ... [--json]  read and extract without storing
  newsexplore search QUERY [--format F] [--limit N] [--regex]  search the store
  newsexplore table speakers|entities|figures [QUERY] [--sort COL]  one row each
  newsexplore export --format json|jsonl|csv|md [-o FILE]
  newsexplore stats                          what the store holds
  newsexplore repair [FOLDER ...]            rebuild a damaged store
  newsexplore serve [--host H] [--port N]    the explorer in a web browser

The store is $NEWSEXPLORE_DB or newsexplore.json in your data folder; --db FILE picks another.
Run `newsexplore COMMAND --help` for a command's options."""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsexplore")
    except PackageNotFoundError:
        return "unknown"


def _err(message: str) -> None:
    """One line on stderr, neutralised (it may quote a store, a file name or a query), never markup."""
    print(_safe(message), file=sys.stderr, flush=True)


def _safe(text: object) -> str:
    """``text`` on one line with every terminal control neutralised (anything a store holds)."""
    from store.sanitize import one_line

    return one_line(text if isinstance(text, str) else str(text))


def _block(text: str) -> str:
    """Several lines for the terminal: newlines kept, every other control neutralised."""
    from store.sanitize import neutralise

    return neutralise(text)


class _Parser(argparse.ArgumentParser):
    """argparse that neutralises what it prints: its errors quote the arguments you typed."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        super()._print_message(_block(message) if message else message, file)


class _VersionAction(argparse.Action):
    """``--version``, looked up only when asked (importlib.metadata costs ~30 ms a start)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show the version and exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(f"newsexplore {_version()}")  # on stdout, as argparse's own action prints it
        parser.exit()


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        metavar="FILE",
        help="the store file (default: $NEWSEXPLORE_DB or newsexplore.json in your data folder)",
    )


_QUERY_HELP = """\
query language (upper-case OR, AND, NOT are keywords):
  blair election            both words (a word matches words starting with it)
  "prime minister"          a phrase;  blair OR brown;  blair -brown;  (a OR b) c
  speaker:blair role:minister entity:microsoft type:org kind:money unit:GBP
  source:bbc title:election path:politics lang:en
  value>=1e9  value:1bn..5bn  £1bn  date:2004  date:2004-01..2004-06  date:>=2023-01-01"""


def _source_options(parser: argparse.ArgumentParser) -> None:
    """Where ``ingest`` and ``extract`` read from: paths, web addresses, URL lists."""
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH|URL",
        help="files or folders, or http(s) addresses of pages, feeds or sitemaps",
    )
    parser.add_argument(
        "--urls",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="read web addresses from FILE, one per line (# comments)",
    )
    parser.add_argument(
        "--follow-links",
        action="store_true",
        help="follow symlinks that lead out of the folders given",
    )
    parser.add_argument(
        "--recall",
        action="store_true",
        help="HTML pages: keep more of the page's text (recall over precision; more boilerplate)",
    )
    parser.add_argument(
        "--columns",
        metavar="FIELD=COLUMN,...",
        help="which table columns or JSON keys hold the article fields, e.g. text=body,date=published",
    )
    parser.add_argument(
        "--delay",
        type=float,
        default=None,
        metavar="SECONDS",
        help="wait between two requests to one web site (default: 1; robots.txt may ask more)",
    )


def _build_parsers() -> dict[str, argparse.ArgumentParser]:
    parsers: dict[str, argparse.ArgumentParser] = {}

    app = _Parser(
        prog="newsexplore",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    app.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="files or folders to add first"
    )
    _db_option(app)
    app.add_argument("--version", action=_VersionAction)
    from tui.settings import add_citation_argument

    add_citation_argument(app)
    parsers["app"] = app

    ingest = _Parser(
        prog="newsexplore ingest",
        description="Read, extract and store articles (incremental): files, folders, and web "
        "pages, RSS/Atom feeds or sitemaps given by their http(s) address.",
    )
    _source_options(ingest)
    _db_option(ingest)
    ingest.add_argument(
        "--workers", type=int, default=None, help="worker processes (default: cores)"
    )
    ingest.add_argument("--verbose", "-v", action="store_true", help="a line per committed batch")
    ingest.add_argument("--batch-size", type=int, default=None, help=argparse.SUPPRESS)
    ingest.add_argument(
        "--cluster",
        choices=("dask",),
        default=None,
        help="read and extract on Dask (pip install 'newsexplore[dask]'): a local cluster "
        "of --workers processes, or the one at --scheduler",
    )
    ingest.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        default=None,
        help="with --cluster dask: a running Dask scheduler (its workers must read the input "
        "paths at the same place)",
    )
    parsers["ingest"] = ingest

    extract = _Parser(
        prog="newsexplore extract", description="Read and extract articles without storing them."
    )
    _source_options(extract)
    extract.add_argument("--json", action="store_true", help="JSON Lines, one object per article")
    extract.add_argument(
        "--workers", type=int, default=None, help="worker processes (default: cores)"
    )
    parsers["extract"] = extract

    search = _Parser(
        prog="newsexplore search",
        description="Search the store: articles, entities, quotes and figures that match QUERY.",
        epilog=_QUERY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    search.add_argument("query", metavar="QUERY")
    _db_option(search)
    search.add_argument(
        "--format",
        choices=SEARCH_FORMATS,
        default=None,
        help="table: text (default); json: one object (query, articles as ids, entities, "
        "quotes, figures); jsonl/csv: one record per result; md: Markdown",
    )
    search.add_argument("--json", action="store_true", help="the same as --format json")
    search.add_argument(
        "--regex",
        action="store_true",
        help="QUERY is a regular expression over the article texts (case and accents "
        f"folded, ^ and $ at each line; stops after {REGEX_BUDGET_S:g} s, saying so)",
    )
    search.add_argument(
        "--limit",
        type=int,
        default=None,
        metavar="N",
        help="at most N results per section (0: no limit; default: 20 for table and md, "
        "no limit for json, jsonl and csv)",
    )
    parsers["search"] = search

    table = _Parser(
        prog="newsexplore table",
        description="A table across the store, one row per speaker, entity or figure, most "
        "first; QUERY (the search language) filters it.",
        epilog="columns: speakers: name quotes articles roles sources first_date last_date; "
        "entities: name type mentions articles; figures: text value unit kind noun date "
        "title path article_id start end (sort by value unit kind noun date title path). "
        "Example: newsexplore table figures 'kind:money unit:GBP value>=1bn'",
    )
    table.add_argument("table", choices=TABLES, metavar="speakers|entities|figures")
    table.add_argument("query", nargs="?", default="", metavar="QUERY")
    _db_option(table)
    table.add_argument("--format", choices=TABLE_FORMATS, default="table")
    table.add_argument("--json", action="store_true", help="the same as --format json")
    table.add_argument(
        "--limit",
        type=int,
        default=None,
        metavar="N",
        help="at most N rows (0: all; default: 20 for table and md, all for json, jsonl, csv)",
    )
    table.add_argument(
        "--sort",
        metavar="COLUMN",
        default=None,
        help="sort by this column (default: quotes, mentions or value), largest first",
    )
    table.add_argument("--asc", action="store_true", help="smallest first")
    parsers["table"] = table

    export = _Parser(
        prog="newsexplore export",
        description="Export the store: every article with its entities, quotes and figures.",
        epilog="json and jsonl are exact: every string as stored (terminal controls such as "
        "U+009B or U+202E written as \\u escapes, which parse back to the same text). csv is "
        "made safe to open in a spreadsheet: a text cell that starts with = + - @, a tab or a "
        "carriage return, which a spreadsheet would run as a formula, is written with a "
        "leading ' (=SUM(A1) becomes '=SUM(A1)), and control characters are replaced by "
        "visible symbols; numbers (offsets, figure values, negative ones too) stay numbers. "
        "md is for reading: one line per field, controls neutralised. With -o the file is "
        "written whole or not at all (a new temporary file beside it, then renamed); if FILE "
        "is a symbolic link, the link is replaced by the file, its target is left alone.",
    )
    _db_option(export)
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    export.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="default: standard output"
    )
    parsers["export"] = export

    stats = _Parser(prog="newsexplore stats", description="What the store holds.")
    _db_option(stats)
    parsers["stats"] = stats

    repair = _Parser(
        prog="newsexplore repair",
        description="Check the store; if it is damaged, move it aside and rebuild it from its "
        "own texts (damaged items are extracted again, lost texts dropped, all of it said); "
        "then read the FOLDERs given again. The folders recorded in the store are never read "
        "by themselves: a store from elsewhere may list any folder.",
    )
    repair.add_argument("paths", nargs="*", type=Path, metavar="FOLDER")
    _db_option(repair)
    parsers["repair"] = repair
    from tui.serve import add_serve_arguments

    serve = _Parser(
        prog="newsexplore serve",
        description="Run the explorer in a web browser (needs: pip install 'newsexplore[serve]'). "
        "Listens on 127.0.0.1 unless --host says otherwise; each browser tab runs its own "
        "explorer on the store.",
    )
    _db_option(serve)
    add_serve_arguments(serve)
    parsers["serve"] = serve
    return parsers


def _open_store(db: Path | None) -> Store:
    from store.db import Store

    return Store(db)


# ----- ingest ------------------------------------------------------------------------------------


def _print_report(report: IngestReport, store: Store, out: TextIO) -> None:
    print(
        f"Stored {plural(report.stored, 'article')} ({report.new} new, {report.updated} updated)"
        f" in {report.seconds:.1f} s: {plural(report.entities, 'entity')}, "
        f"{plural(report.quotes, 'quote')}, {plural(report.figures, 'figure')}.",
        file=out,
    )
    details = [f"{plural(report.files_read, 'file')} read", f"{report.files_unchanged} unchanged"]
    if report.duplicates:
        details.append(f"{report.duplicates} already stored from other files")
    if report.removed:
        details.append(f"{report.removed} removed")
    details.append(f"{report.skipped} skipped")
    print(", ".join(details) + ".", file=out)
    unsupported = getattr(report, "unsupported_line", None)
    if unsupported:
        print(_safe(unsupported) + ".", file=out)
    not_english = getattr(report, "not_english_line", None)
    if not_english:
        print(_safe(not_english) + ".", file=out)
    print(
        f"The store holds {plural(report.total_articles, 'article')}: {_safe(str(store.path))}",
        file=out,
    )


class _Sources:
    """What ``ingest``/``extract`` read: paths, web addresses, and how (from the options)."""

    def __init__(self) -> None:
        self.paths: list[Path] = []
        self.urls: list[str] = []
        self.skipped = 0  # URL lists that could not be read
        self.options: dict[str, Any] = {}  # follow_links, columns
        self.delay: float | None = None


def _sources(args: argparse.Namespace, parser: argparse.ArgumentParser) -> _Sources | None:
    """The sources the arguments name; None (after saying why) when they cannot be used."""
    sources = _Sources()
    if not args.paths and not args.urls:
        parser.error("give at least one PATH or URL, or --urls FILE")
    if any(_is_url(a) for a in args.paths) or args.urls:
        from store.web import UrlListError, read_url_list

        for listing in args.urls:
            try:
                sources.urls += read_url_list(listing)
            except UrlListError as exc:
                _err(f"newsexplore: {exc}")
                sources.skipped += 1
    for arg in args.paths:
        if _is_url(arg):
            sources.urls.append(arg)
        else:
            sources.paths.append(Path(arg))
    if args.follow_links:
        sources.options["follow_links"] = True
    if args.recall:
        sources.options["recall"] = True
    if args.columns:
        from store.readers import parse_columns

        try:
            sources.options["columns"] = parse_columns(args.columns)
        except ValueError as exc:
            _err(f"newsexplore: --columns: {exc}")
            return None
    if args.delay is not None:
        if not args.delay >= 0:
            _err("newsexplore: --delay must be 0 or more seconds")
            return None
        sources.delay = args.delay
    return sources


def _is_url(arg: str) -> bool:
    """A web address, or something with a scheme that is not a file here (``ftp://x``, so the
    web reader refuses it with its own line rather than "no such file")."""
    if not arg.lower().lstrip().startswith(("http://", "https://")) and (
        ":" not in arg or os.path.exists(arg)
    ):
        return False
    from store.web.urls import is_web_url, looks_like_url

    return is_web_url(arg) or (looks_like_url(arg) and not os.path.exists(arg))


def _web_kwargs(
    sources: _Sources, func: Callable[..., Any], on_fetch: Callable[[int, int, str], None] | None
) -> dict[str, Any] | None:
    """The keyword arguments that hand ``sources.urls`` to ``func`` (run_ingest or
    extract_paths); None (after saying so) when this build's ``func`` cannot fetch."""
    if not sources.urls:
        return {}
    import inspect

    accepted = inspect.signature(func).parameters
    if "urls" not in accepted:
        _err("newsexplore: reading web addresses is not available in this build (no fetching)")
        return None
    kwargs: dict[str, Any] = {"urls": sources.urls}
    if sources.delay is not None and "fetch_options" in accepted:
        from store.web import FetchOptions

        kwargs["fetch_options"] = FetchOptions(delay=sources.delay)
    if on_fetch is not None and "on_fetch" in accepted:
        kwargs["on_fetch"] = on_fetch
    return kwargs


def _ingest_function(cluster: str | None, scheduler: str | None) -> Callable[..., IngestReport]:
    """The plain process-pool ingest, or the Dask one (``--cluster dask``)."""
    if cluster == "dask":
        from functools import partial

        from store.cluster import run_cluster_ingest

        return partial(run_cluster_ingest, scheduler=scheduler)
    from store.ingest import run_ingest

    return run_ingest


def _run_ingest(
    store: Store,
    sources: _Sources,
    workers: int | None,
    verbose: bool,
    batch_size: int | None,
    cluster: str | None = None,
    scheduler: str | None = None,
) -> int:
    from store.storage import StoreError

    run_ingest = _ingest_function(cluster, scheduler)
    on_commit: Callable[[str], None] | None = _err if verbose else None
    if _web_kwargs(sources, run_ingest, None) is None:
        return EXIT_ERROR
    try:
        if sys.stderr.isatty():
            report = _ingest_with_bar(store, sources, workers, on_commit, batch_size, run_ingest)
        else:
            report = run_ingest(
                store,
                sources.paths,
                workers=workers,
                on_commit=on_commit,
                batch_size=batch_size,
                **sources.options,
                **(_web_kwargs(sources, run_ingest, None) or {}),
            )
    except StoreError as exc:
        _err(f"newsexplore: {_with_db(str(exc), store.path)}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("newsexplore: interrupted; the batches committed so far are kept")
        return 130
    for line in report.warnings:
        _err(line)
    for line in report.errors:
        _err(line)
    _print_report(report, store, sys.stdout)
    return EXIT_SKIPPED if report.skipped or sources.skipped else EXIT_OK


def _progress_bar() -> Any:
    """A transient progress bar on stderr: phase, bar, done/total, %, rate, time left."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def _ingest_with_bar(
    store: Store,
    sources: _Sources,
    workers: int | None,
    on_commit: Callable[[str], None] | None,
    batch_size: int | None,
    run_ingest: Callable[..., IngestReport],
) -> IngestReport:
    import time

    from store.ingest import IngestProgress

    with _progress_bar() as bar:
        task = bar.add_task("reading", total=None, rate="")
        started = time.monotonic()

        def progress(p: IngestProgress) -> None:
            elapsed = max(time.monotonic() - started, 1e-6)
            bar.update(
                task,
                completed=p.files_done,
                total=p.files_total,
                description=p.phase,
                rate=f"{p.articles / elapsed:.0f} articles/s",
            )

        def fetching(done: int, total: int, url: str) -> None:
            elapsed = max(time.monotonic() - started, 1e-6)
            bar.update(
                task,
                completed=done,
                total=total or None,
                description="fetching",
                rate=f"{done / elapsed:.1f} pages/s {_safe(url)[:40]}",
            )

        def commit_line(line: str) -> None:
            if on_commit is not None:
                bar.console.print(_safe(line), markup=False, highlight=False)

        return run_ingest(
            store,
            sources.paths,
            workers=workers,
            on_progress=progress,
            on_commit=commit_line,
            batch_size=batch_size,
            **sources.options,
            **(_web_kwargs(sources, run_ingest, fetching) or {}),
        )


# ----- extract and export --------------------------------------------------------------------------


def _cmd_extract(args: argparse.Namespace, sources: _Sources) -> int:
    from store.ingest import extract_paths
    from store.readers import ReadError

    web = _web_kwargs(sources, extract_paths, None)
    if web is None:
        return EXIT_ERROR
    skipped = sources.skipped
    found = extract_paths(sources.paths, workers=args.workers, **sources.options, **web)
    for result in found:
        if isinstance(result, ReadError):
            _err(str(result))
            skipped += result.fatal
            continue
        item, extraction = result
        if args.json:
            sys.stdout.buffer.write(json_bytes(article_json(item, extraction)) + b"\n")
        else:
            _print_extract_summary(item, extraction)
    sys.stdout.flush()
    return EXIT_SKIPPED if skipped else EXIT_OK


def _print_extract_summary(article: Article, extraction: Extraction) -> None:
    from collections import Counter

    print(_safe(article.title))
    meta = [m for m in (article.date, article.source) if m]
    print(f"  {_safe(article.path)}" + (f"  ({_safe(', '.join(meta))})" if meta else ""))
    top = Counter(e.canonical for e in extraction.entities).most_common(5)
    names = ", ".join(f"{_safe(name)} ×{n}" for name, n in top)
    print(f"  {plural(len(extraction.entities), 'entity')}" + (f" ({names})" if names else ""))
    print(
        f"  {plural(len(extraction.quotes), 'quote')}, {plural(len(extraction.figures), 'figure')}"
    )
    for quote in extraction.quotes[:3]:
        words = _safe(quote.text)
        words = words if len(words) <= 70 else words[:69] + "…"
        print(f"    “{words}” — {_safe(quote.speaker or 'unattributed')}")
    print()


def _cmd_export(args: argparse.Namespace) -> int:
    from store.export import export_lines

    store = _open_store(args.db)
    store.check()
    if args.output is None:
        for line in export_lines(store, args.format):
            sys.stdout.write(line + "\n")
        sys.stdout.flush()
        return EXIT_OK
    from store.atomic_file import atomic_text_writer

    try:
        with atomic_text_writer(args.output) as out:
            for line in export_lines(store, args.format):
                out.write(line + "\n")
    except OSError as exc:  # named after the file asked for, not the temporary file
        reason = exc.strerror or type(exc).__name__
        kept = "; the file there was left as it was" if os.path.lexists(args.output) else ""
        _err(f"newsexplore: could not write {_safe(str(args.output))}: {reason}{kept}")
        return EXIT_ERROR
    _err(f"exported {plural(len(store), 'article')} to {_safe(str(args.output))}")
    return EXIT_OK


# ----- search, stats, repair -----------------------------------------------------------------------


def _fresh_index(store: Store) -> FreshIndex:
    """The store's search index, built first when missing or behind the store: a progress
    bar on a terminal, one line on stderr otherwise; in a temporary file (said so) when
    the store is read-only."""
    from store.readmodel.fresh import IndexBuild, ensure_index

    bar: Any = None
    task: Any = None
    # Without a terminal the line waits for the first indexed batch: a damaged store then
    # says one thing (its refusal), not "building…" followed by the refusal.
    pending: list[str] = []

    def on_build(build: IndexBuild) -> None:
        nonlocal bar, task
        where = (
            f" in a temporary file ({_safe(build.reason)}; it is deleted afterwards)"
            if build.temporary
            else ""
        )
        if sys.stderr.isatty():
            bar = _progress_bar()
            bar.start()
            task = bar.add_task(f"building the search index{where}", total=build.total, rate="")
        elif build.temporary:
            _err(f"building the search index{where}: {plural(build.total, 'article')}\u2026")
        else:
            pending.append(f"building the search index: {plural(build.total, 'article')}\u2026")

    def on_progress(done: int, total: int) -> None:
        if bar is not None:
            bar.update(task, completed=done, total=total)
        elif pending and done > 0:
            _err(pending.pop())

    try:
        return ensure_index(store, on_build=on_build, on_progress=on_progress)
    finally:
        if bar is not None:
            bar.stop()


def _limit(args: argparse.Namespace, fmt: str) -> int | None:
    """Rows per section: --limit N (0: all); by default 20 on screen, all for machines."""
    if args.limit is not None:
        return None if args.limit <= 0 else args.limit
    return 20 if fmt in ("table", "md") else None


def _print_lines(lines: Iterable[str]) -> None:
    write = sys.stdout.write
    for line in lines:
        write(line + "\n")
    sys.stdout.flush()


def _cmd_search(args: argparse.Namespace) -> int:
    fmt = "json" if args.json else (args.format or "table")
    store = _open_store(args.db)
    if _no_store(store):
        return EXIT_SKIPPED
    from store.export import search_lines
    from store.readmodel.answers import regex_answer, search_answer

    limit = _limit(args, fmt)
    with _fresh_index(store) as index:
        try:
            if args.regex:
                answer = regex_answer(index.conn, store, args.query, limit, budget_s=REGEX_BUDGET_S)
            else:
                answer = search_answer(index.conn, store, args.query, limit)
        except ValueError as exc:  # QueryError, PatternError: one line naming what is wrong
            _err(f"newsexplore: {exc}")
            return EXIT_ERROR
        for note in answer.notes:
            _err(f"newsexplore: {note}")
        _print_lines(search_lines(answer, fmt))
    return EXIT_OK


def _cmd_table(args: argparse.Namespace) -> int:
    fmt = "json" if args.json else args.format
    store = _open_store(args.db)
    if _no_store(store):
        return EXIT_SKIPPED
    from store.export import table_lines
    from store.readmodel.answers import table_rows

    limit = _limit(args, fmt)
    with _fresh_index(store) as index:
        try:
            # One more row than asked says whether the table was cut.
            rows = table_rows(
                index.conn,
                store,
                args.table,
                args.query,
                sort=args.sort,
                descending=not args.asc,
                limit=None if limit is None else limit + 1,
            )
        except ValueError as exc:
            _err(f"newsexplore: {exc}")
            return EXIT_ERROR
        more = None
        if limit is not None and len(rows) > limit:
            rows = rows[:limit]
            more = "\u2026 and more (--limit N shows more; 0: all)"
        _print_lines(table_lines(args.table, rows, fmt, more=more))
    return EXIT_OK


def _human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


def _no_store(store: Store) -> bool:
    """True (after saying so) when there is no store at all at the store's path."""
    if store.path.exists() or store.parts_dir.exists():
        return False
    hint = f" --db {_safe(str(store.path))}"
    _err(
        f"newsexplore: there is no store at {_safe(str(store.path))} "
        f"(create one with `newsexplore ingest FOLDER{hint}`)"
    )
    return True


def _cmd_stats(args: argparse.Namespace) -> int:
    store = _open_store(args.db)
    if _no_store(store):
        return EXIT_SKIPPED
    store.check()
    files = store.file_rows()
    tally = store.tally()
    entity_types, figure_kinds = tally["entities"], tally["figures"]
    attributed = tally["quotes"]["attributed"]
    quotes = attributed + tally["quotes"]["unattributed"]
    references = sum(len(ids) for _, _, ids in files.values())
    print(f"Store:      {_safe(str(store.path))}")
    print(f"Size:       {_human_size(store.disk_size())} on disk")
    print(f"Files:      {plural(len(files), 'source file')}, {plural(references, 'article')} read")
    print(f"Articles:   {plural(len(store), 'distinct text')}")
    print(f"Entities:   {sum(entity_types.values())}")
    for kind, n in entity_types.most_common():
        print(f"  {_safe(kind):<12}{n:>8}")
    print(f"Quotes:     {quotes} ({attributed} with a speaker)")
    print(f"Figures:    {sum(figure_kinds.values())}")
    for kind, n in figure_kinds.most_common():
        print(f"  {_safe(kind):<12}{n:>8}")
    return EXIT_OK


def _cmd_repair(args: argparse.Namespace) -> int:
    from store.storage import StoreError

    store = _open_store(args.db)
    exists = os.path.lexists(store.path) or os.path.lexists(store.parts_dir)
    # The store neutralises its lines already; they are neutralised again as printed.
    report = store.repair() if exists else None
    if report is not None and not report.problems:
        print(f"The store is healthy ({plural(len(store), 'article')}): {_safe(str(store.path))}")
    elif report is not None:
        for problem in report.problems:
            _err(problem)
        for line in report.lines():
            print(_safe(line))
    if args.paths:
        print(f"Reading {plural(len(args.paths), 'folder')} again…")
        again = _Sources()
        again.paths = list(args.paths)
        return _run_ingest(store, again, None, False, None)
    if report is not None and report.problems:
        try:
            recorded = store.sources()
        except StoreError:
            recorded = []
        if recorded:
            print(
                "To read its source folders again, give them: `newsexplore repair FOLDER ...`; "
                f"it was built from: {_safe(', '.join(map(str, recorded)))}"
            )
    return EXIT_OK


# ----- the explorer ------------------------------------------------------------------------------


def _with_db(message: str, db: Path | None) -> str:
    """``message`` with its `newsexplore repair` advice naming ``db`` when it is not the default."""
    from store.db import default_db_path

    if db is None or os.path.abspath(db) == os.path.abspath(default_db_path()):
        return message
    return message.replace("`newsexplore repair`", f"`newsexplore repair --db {_safe(str(db))}`")


def _cmd_app(args: argparse.Namespace) -> int:
    store = _open_store(args.db)
    paths: list[Path] = list(args.paths)
    try:
        store.check()
        empty = len(store) == 0
    except Exception as exc:  # StoreError: a clear line instead of an app that cannot load
        _err(f"newsexplore: {_with_db(str(exc), args.db)}")
        return EXIT_ERROR
    from tui.settings import use_citation

    use_citation(args.citation)
    try:
        from tui.app import run_app
    except ImportError as exc:
        _err(f"newsexplore: the explorer could not be loaded ({exc})")
        return EXIT_ERROR
    # An empty store opens on the bundled sample, shown from memory and never stored.
    return run_app(store.path, paths, sample=not paths and empty)


def _cmd_serve(args: argparse.Namespace) -> int:
    from tui.serve import run_serve

    return run_serve(args)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``newsexplore`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parsers = _build_parsers()
    command = argv[0] if argv and argv[0] in COMMANDS else "app"
    args = parsers[command].parse_args(argv[1:] if command != "app" else argv)
    from store.storage import StoreError

    try:
        if command in ("ingest", "extract"):
            sources = _sources(args, parsers[command])
            if sources is None:
                return EXIT_ERROR
            if command == "extract":
                return _cmd_extract(args, sources)
            if args.scheduler and args.cluster != "dask":
                parsers["ingest"].error("--scheduler needs --cluster dask")
            if args.cluster == "dask" and sources.urls:
                parsers["ingest"].error(
                    "--cluster dask reads files and folders; fetch web addresses with a plain ingest"
                )
            if args.cluster == "dask" and sources.options.get("recall"):
                parsers["ingest"].error("--recall is not available with --cluster dask yet")
            store = _open_store(args.db)
            return _run_ingest(
                store,
                sources,
                args.workers,
                args.verbose,
                args.batch_size,
                args.cluster,
                args.scheduler,
            )
        handler: dict[str, Callable[[argparse.Namespace], int]] = {
            "search": _cmd_search,
            "table": _cmd_table,
            "export": _cmd_export,
            "stats": _cmd_stats,
            "repair": _cmd_repair,
            "app": _cmd_app,
            "serve": _cmd_serve,
        }
        return handler[command](args)
    except StoreError as exc:
        _err(f"newsexplore: {_with_db(str(exc), getattr(args, 'db', None))}")
        return EXIT_ERROR
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        _err(f"newsexplore: {_safe(str(exc))}")
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
