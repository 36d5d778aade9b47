"""The command line: open the explorer, or ingest, extract, search, export, stats and repair headless.

Only the bare command imports Textual, so the other commands start fast.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from store.db import Store
    from store.ingest import IngestReport
    from store.records import Article, Extraction

COMMANDS = ("ingest", "extract", "search", "export", "stats", "repair")
EXIT_OK, EXIT_SKIPPED, EXIT_ERROR = 0, 1, 2

_DESCRIPTION = """\
A terminal explorer for news articles: who said what, about whom, with which numbers.

commands:
  newsexplore [PATH ...] [--db FILE]         open the explorer (ingest PATHs first)
  newsexplore ingest PATH ... [--workers N]  read, extract and store articles
  newsexplore extract PATH ... [--json]      read and extract without storing
  newsexplore search QUERY [--json] [--limit N]  search the store
  newsexplore export --format json|jsonl|csv|md [-o FILE]
  newsexplore stats                          what the store holds
  newsexplore repair                         rebuild a damaged store

The store is $NEWSEXPLORE_DB or newsexplore.json in your data folder; --db FILE picks another.
Run `newsexplore COMMAND --help` for a command's options."""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsexplore")
    except PackageNotFoundError:
        return "unknown"


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 article", "2 articles", "1 entity", "3 entities" (``many``: the irregular plural)."""
    if count == 1:
        return f"{count} {word}"
    if many is None:
        many = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{count} {many}"


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


# ----- JSON that a terminal can show -------------------------------------------------------------

# orjson escapes C0 controls (JSON must) but writes DEL, the C1 controls (U+0080-U+009F,
# U+009B is a one-byte CSI) and the bidi controls raw, and refuses lone surrogates (a file
# name that is not UTF-8). In UTF-8 output each of those has exactly these byte forms, and
# outside strings JSON is ASCII, so escaping the bytes is exact: the parsed JSON is unchanged.
_JSON_UNSAFE = re.compile(
    rb"\x7f"  # DEL
    rb"|\xc2[\x80-\x9f]"  # C1
    rb"|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"  # U+202A-U+202E, U+2066-U+2069
    rb"|\xed[\xa0-\xbf][\x80-\xbf]"  # lone surrogates, from the fallback below
)


def _json_escape(match: re.Match[bytes]) -> bytes:
    return b"\\u%04x" % ord(match.group().decode("utf-8", "surrogatepass"))


def json_bytes(value: Any) -> bytes:
    """``value`` as compact JSON (UTF-8) with no byte that could drive a terminal.

    Exact: parsing it gives ``value`` back. A lone surrogate (a non-UTF-8 byte of a file
    name, as Python decodes it) is written as its ``\\udcXX`` escape, which Python's ``json``
    reads back losslessly (strict parsers such as orjson refuse it).
    """
    import orjson

    try:
        data = orjson.dumps(value)
    except TypeError:  # "surrogates not allowed": the standard library writes them
        data = json.dumps(
            _finite(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False
        ).encode("utf-8", "surrogatepass")
    return _JSON_UNSAFE.sub(_json_escape, data) if _JSON_UNSAFE.search(data) else data


def _finite(value: Any) -> Any:
    """``value`` with non-finite floats as null, as orjson writes them (for the fallback)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        metavar="FILE",
        help="the store file (default: $NEWSEXPLORE_DB or newsexplore.json in your data folder)",
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
    app.add_argument("--version", action="version", version=f"newsexplore {_version()}")
    parsers["app"] = app

    ingest = _Parser(
        prog="newsexplore ingest", description="Read, extract and store articles (incremental)."
    )
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    _db_option(ingest)
    ingest.add_argument(
        "--workers", type=int, default=None, help="worker processes (default: cores)"
    )
    ingest.add_argument("--verbose", "-v", action="store_true", help="a line per committed batch")
    ingest.add_argument("--batch-size", type=int, default=None, help=argparse.SUPPRESS)
    parsers["ingest"] = ingest

    extract = _Parser(
        prog="newsexplore extract", description="Read and extract articles without storing them."
    )
    extract.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    extract.add_argument("--json", action="store_true", help="JSON Lines, one object per article")
    extract.add_argument(
        "--workers", type=int, default=None, help="worker processes (default: cores)"
    )
    parsers["extract"] = extract

    search = _Parser(prog="newsexplore search", description="Search the store.")
    search.add_argument("query", metavar="QUERY")
    _db_option(search)
    search.add_argument("--json", action="store_true", help="results as one JSON object")
    search.add_argument("--regex", action="store_true", help="QUERY is a regular expression")
    search.add_argument(
        "--limit",
        type=int,
        default=20,
        metavar="N",
        help="at most N lines per section (default: 20; 0: no limit); not with --json",
    )
    parsers["search"] = search

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
    export.add_argument("--format", required=True, choices=("json", "jsonl", "csv", "md"))
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
    print(
        f"The store holds {plural(report.total_articles, 'article')}: {_safe(str(store.path))}",
        file=out,
    )


def _run_ingest(
    store: Store, paths: list[Path], workers: int | None, verbose: bool, batch_size: int | None
) -> int:
    from store.storage import StoreError

    on_commit: Callable[[str], None] | None = _err if verbose else None
    try:
        if sys.stderr.isatty():
            report = _ingest_with_bar(store, paths, workers, on_commit, batch_size)
        else:
            report = store.ingest(
                paths, workers=workers, on_commit=on_commit, batch_size=batch_size
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
    return EXIT_SKIPPED if report.skipped else EXIT_OK


def _ingest_with_bar(
    store: Store,
    paths: list[Path],
    workers: int | None,
    on_commit: Callable[[str], None] | None,
    batch_size: int | None,
) -> IngestReport:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    from store.ingest import IngestProgress

    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]} articles/s"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("reading", total=None, rate="–")
        import time

        started = time.monotonic()

        def progress(p: IngestProgress) -> None:
            elapsed = max(time.monotonic() - started, 1e-6)
            bar.update(
                task,
                completed=p.files_done,
                total=p.files_total,
                description=p.phase,
                rate=f"{p.articles / elapsed:.0f}",
            )

        def commit_line(line: str) -> None:
            if on_commit is not None:
                bar.console.print(_safe(line), markup=False, highlight=False)

        return store.ingest(
            paths,
            workers=workers,
            on_progress=progress,
            on_commit=commit_line,
            batch_size=batch_size,
        )


# ----- extract and export --------------------------------------------------------------------------


def article_json(article: Article, extraction: Extraction) -> dict[str, Any]:
    """The JSON contract of ``extract --json`` and ``export``: the article and every item field."""
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "date": article.date,
        "source": article.source,
        "url": article.url,
        "authors": article.authors,
        "text": article.text,
        **extraction.to_dict(),
    }


def _cmd_extract(args: argparse.Namespace) -> int:
    from store.ingest import extract_paths
    from store.readers import ReadError

    skipped = 0
    for result in extract_paths(args.paths, workers=args.workers):
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


_ITEM_KIND = {"entities": "entity", "quotes": "quote", "figures": "figure"}
CSV_COLUMNS = (
    "article_id",
    "article_title",
    "item",
    "start",
    "end",
    "text",
    "type",
    "kind",
    "canonical",
    "speaker",
    "speaker_role",
    "speaker_start",
    "speaker_end",
    "value",
    "unit",
    "noun",
    "context",
)


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as data, never runs, and a terminal cannot obey.

    Numbers we write ourselves (ints and finite floats: offsets and figure values) stay
    numbers, a negative one included: ``-2.5`` is read as a number, not a formula. Anything
    else is text: its controls are neutralised (newlines kept, in a quoted cell) and, when
    it starts with ``= + - @``, a tab or a carriage return, it gets a leading ``'`` (so
    ``=HYPERLINK(...)`` is exported as ``'=HYPERLINK(...)``).
    """
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return value
    text = _block(value if isinstance(value, str) else str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _export_lines(store: Store, fmt: str) -> Iterator[str]:
    import csv
    import io
    from dataclasses import asdict

    if fmt == "json":
        yield "["
        first = True
        for article, extraction in store.iter_all():
            prefix = "" if first else ","
            first = False
            yield prefix + json_bytes(article_json(article, extraction)).decode("utf-8")
        yield "]"
    elif fmt == "jsonl":
        for article, extraction in store.iter_all():
            yield json_bytes(article_json(article, extraction)).decode("utf-8")
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        for article, extraction in store.iter_all():
            for kind in ("entities", "quotes", "figures"):
                for item in getattr(extraction, kind):
                    row = {"article_id": article.id, "article_title": article.title}
                    row = {**row, "item": _ITEM_KIND[kind], **asdict(item)}
                    writer.writerow({k: csv_cell(v) for k, v in row.items()})
            yield buffer.getvalue().rstrip("\n")
            buffer.seek(0)
            buffer.truncate()
    else:
        for article, extraction in store.iter_all():
            yield from _markdown(article, extraction)


def _markdown(article: Article, extraction: Extraction) -> Iterator[str]:
    yield f"## {_safe(article.title)}"
    yield ""
    meta = [f"`{_safe(article.id)}`", _safe(article.path)] + [
        _safe(m) for m in (article.date, article.source) if m
    ]
    yield " · ".join(meta)
    yield ""
    if extraction.entities:
        yield "**Entities**: " + "; ".join(
            f"{_safe(e.canonical)} ({_safe(e.type)})"
            for e in {(e.canonical, e.type): e for e in extraction.entities}.values()
        )
        yield ""
    for quote in extraction.quotes:
        yield f"> {_safe(quote.text)}"
        yield f"> — {_safe(quote.speaker or 'unattributed')}"
        yield ""
    if extraction.figures:
        yield "**Figures**: " + "; ".join(
            f"{_safe(f.text)} ({_safe(f.kind)})" for f in extraction.figures
        )
        yield ""


def _cmd_export(args: argparse.Namespace) -> int:
    store = _open_store(args.db)
    store.check()
    if args.output is None:
        for line in _export_lines(store, args.format):
            sys.stdout.write(line + "\n")
        sys.stdout.flush()
        return EXIT_OK
    from store.atomic_file import atomic_text_writer

    try:
        with atomic_text_writer(args.output) as out:
            for line in _export_lines(store, args.format):
                out.write(line + "\n")
    except OSError as exc:  # named after the file asked for, not the temporary file
        reason = exc.strerror or type(exc).__name__
        kept = "; the file there was left as it was" if os.path.lexists(args.output) else ""
        _err(f"newsexplore: could not write {_safe(str(args.output))}: {reason}{kept}")
        return EXIT_ERROR
    _err(f"exported {plural(len(store), 'article')} to {_safe(str(args.output))}")
    return EXIT_OK


# ----- search, stats, repair -----------------------------------------------------------------------


def _cmd_search(args: argparse.Namespace) -> int:
    try:
        from store.search import search_store
    except ImportError:
        _err("newsexplore: search is not available (store/search.py is missing from this install)")
        return EXIT_ERROR
    store = _open_store(args.db)
    store.check()
    try:
        results = (
            search_store(store, args.query, regex=args.regex)
            if args.regex
            else search_store(store, args.query)
        )
    except ValueError as exc:  # a query the parser refuses (QueryError is a ValueError)
        _err(f"newsexplore: {exc}")
        return EXIT_ERROR
    if args.json:
        sys.stdout.buffer.write(json_bytes(results.to_dict()) + b"\n")
    else:
        limit = args.limit if args.limit > 0 else sys.maxsize
        print(_block(results.format_text(limit)))
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
        return _run_ingest(store, args.paths, None, False, None)
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
    if not paths and empty:
        from seeds import SEEDS_DIR

        paths = [SEEDS_DIR]
    try:
        from tui.app import run_app
    except ImportError as exc:
        _err(f"newsexplore: the explorer could not be loaded ({exc})")
        return EXIT_ERROR
    return run_app(store.path, paths)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``newsexplore`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parsers = _build_parsers()
    command = argv[0] if argv and argv[0] in COMMANDS else "app"
    args = parsers[command].parse_args(argv[1:] if command != "app" else argv)
    from store.storage import StoreError

    try:
        if command == "ingest":
            store = _open_store(args.db)
            return _run_ingest(store, args.paths, args.workers, args.verbose, args.batch_size)
        handler: dict[str, Callable[[argparse.Namespace], int]] = {
            "extract": _cmd_extract,
            "search": _cmd_search,
            "export": _cmd_export,
            "stats": _cmd_stats,
            "repair": _cmd_repair,
            "app": _cmd_app,
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
