"""Benchmark of searches over the on-disk read model: every pane the app asks, and the CLI's answer.

    python bench/readmodel_search.py DB [--json] [--repeats 5] [--only SUBSTR] [--explain]
    python bench/readmodel_search.py DB --grow 10 OUT   # a 10x copy of DB's store and index

DB is a store's main file (``db.json``) whose index (``db.json.index.sqlite``) is built;
the index is opened as it is (no staleness check, no rebuild), so a copied store works.
For each query (bench/run.py's twenty, issue 9's six questions, a few more), it times:

- ``search``: ``ReadModel.search(counts=())`` — what the app's search worker does before
  the results reach the screen (the matching articles, in list order);
- ``counts``: ``Results.count_panes`` — the item panes' capped counts for the tabs, which
  the app's second worker works out once the articles are on screen;
- ``panes``: what the screen then reads: the first page of the article list, and of each
  item pane in "all articles" scope (entities per type, quotes per speaker, figures);
- ``app``: the three together (one keystroke's answer on screen, all panes built);
- ``cli``: ``answers.search_answer`` with the CLI's default of 20 rows per section (or
  ``regex_answer`` for a regex): the headless ``newsexplore search`` minus process start.

Medians over ``--repeats`` runs per query, then p50/p95/max over queries, over the word
queries (``*_no_regex``) and over the regex ones (``*_regex``) apart; the load average is
printed beside, and the process's CPU time per query (``cpu``: search, panes and cli
together; on a shared machine the wall-clock times grow with the load, CPU time far
less). ``--explain`` prints SQLite's query plan of each pane's statements.

Bigger stores without ingesting them: ``--grow F OUT`` copies DB's store folder to OUT
and makes its index F times as big by copying every row of DB's index F-1 times in SQL,
the row numbers (articles ``n``, quotes ``q``, figures ``f``) shifted by a multiple of
their maximum, the article ids and paths suffixed ``.k`` (so they stay unique), and the
entity and speaker aggregates multiplied by F. A copy's ids are not in its store, so
the panes show what the index knows of their items (no text); searches and counts are
those of a store F times as big. 222k articles: ``--grow 10`` from the 22k store.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import QUERIES as RUN_QUERIES  # noqa: E402
from bench.run import percentile  # noqa: E402

# Issue 9's questions, and the slow ones seen when the index first came in.
EXTRA: list[tuple[str, bool]] = [
    ("speaker:blair election", False),
    ("entity:microsoft", False),
    ("kind:money unit:GBP value>=1e9", False),
    ("date:2004-01..2004-03", False),
    ('"tony blair"', False),
    ("date:2004-01..2004-06", False),
    ("blair OR brown -labour", False),
]
QUERIES: list[tuple[str, bool]] = [*RUN_QUERIES, *EXTRA]


def _timed(fn: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return (time.perf_counter() - t) * 1000, out


def grow(db: Path, factor: int, out: Path) -> Path:
    """A copy of the store at ``db`` in folder ``out`` whose index holds ``factor`` times
    its rows (see the module's docstring); returns the copy's main file."""
    import shutil
    import sqlite3

    from store.readmodel.build import index_path_for

    if out.exists():
        raise SystemExit(f"{out} exists; give a new folder")
    shutil.copytree(db.parent, out, ignore=shutil.ignore_patterns("*.index.sqlite*"))
    src, dst = index_path_for(db), index_path_for(out / db.name)
    shutil.copyfile(src, dst)
    conn = sqlite3.connect(dst, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("ATTACH ? AS s", (f"{src.resolve().as_uri()}?mode=ro",))
    top_n, top_q, top_f = conn.execute(
        "SELECT (SELECT max(n) FROM s.articles), (SELECT max(q) FROM s.quotes), "
        "(SELECT max(f) FROM s.figures)"
    ).fetchone()
    for k in range(1, factor):
        n, q, f = k * top_n, k * top_q, k * top_f
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO articles(n, id, title, date, source, path, url, lang, n_entities, "
            "n_quotes, n_figures, shard, title_key) SELECT n + ?1, id || '.' || ?2, title, date, "
            "source, path || '.' || ?2, url, lang, n_entities, n_quotes, n_figures, shard, "
            "title_key FROM s.articles",
            (n, k),
        )
        conn.execute(
            "INSERT INTO mentions SELECT article + ?, e, sent, count FROM s.mentions", (n,)
        )
        conn.execute(
            'INSERT INTO quotes(q, article, start, "end", speaker, speaker_fold, role, sent) '
            'SELECT q + ?, article + ?, start, "end", speaker, speaker_fold, role, sent '
            "FROM s.quotes",
            (q, n),
        )
        conn.execute(
            'INSERT INTO figures(f, article, start, "end", kind, value, unit, noun, sent, words) '
            'SELECT f + ?, article + ?, start, "end", kind, value, unit, noun, sent, words '
            "FROM s.figures",
            (f, n),
        )
        conn.execute(
            "INSERT INTO article_facets SELECT facet, article + ? FROM s.article_facets", (n,)
        )
        for table in ("text_fts", "text_tri"):
            conn.execute(
                f"INSERT INTO {table}(rowid, title, body) SELECT rowid + ?, title, body "
                "FROM s.text_fts",
                (n,),
            )
        conn.execute(
            "INSERT INTO quote_fts(rowid, body) SELECT rowid + ?, body FROM s.quote_fts", (q,)
        )
        conn.execute(
            "INSERT INTO quote_tri(rowid, body) SELECT t.rowid + ?, "
            "t.body || ' ' || coalesce(x.speaker_fold, '') FROM s.quote_fts t "
            "JOIN s.quotes x ON x.q = t.rowid",
            (q,),
        )
        conn.execute("COMMIT")
        print(f"grow: copy {k} of {factor - 1} done", file=sys.stderr)
    conn.execute(
        "UPDATE entities SET mentions = mentions * ?1, articles = articles * ?1", (factor,)
    )
    conn.execute("UPDATE speakers SET quotes = quotes * ?1, articles = articles * ?1", (factor,))
    conn.execute("DETACH s")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return out / db.name


def panes(model: Any, results: Any) -> int:
    """Read what the screen shows first: a page of articles and of each item pane."""
    from store.readmodel.view import PAGE

    order = results.order
    shown = order[: min(PAGE, len(order))]
    where = results.where
    for _type, paged in model.all_entities(where["entities"])[:1]:
        paged[: min(PAGE, len(paged))]
    for _speaker, paged in model.all_quotes(where["quotes"])[:1]:
        paged[: min(PAGE, len(paged))]
    figures = model.all_figures(where["figures"])
    figures[: min(PAGE, len(figures))]
    return len(shown)


def run(db: Path, repeats: int, only: str | None, explain: bool) -> dict[str, Any]:
    import sqlite3

    from store.db import Store
    from store.readmodel.answers import regex_answer, search_answer
    from store.readmodel.build import index_path_for
    from store.readmodel.view import ReadModel

    store = Store(db)
    index = index_path_for(db)
    model = ReadModel(index, store)
    conn = sqlite3.connect(f"{index.resolve().as_uri()}?mode=ro", uri=True)
    per: dict[str, dict[str, float]] = {}
    matched: dict[str, int] = {}
    for text, regex in QUERIES:
        if only and only not in text:
            continue
        times: dict[str, list[float]] = {
            "search": [],
            "counts": [],
            "panes": [],
            "app": [],
            "cli": [],
        }
        cpu: list[float] = []
        for _ in range(repeats):
            cpu_start = time.process_time()
            try:
                t_search, results = _timed(
                    lambda: model.search(text, regex=regex, counts=())  # noqa: B023
                )
                t_counts, _ = _timed(results.count_panes)
                t_panes, _ = _timed(lambda: panes(model, results))  # noqa: B023
            except ValueError:
                t_search, t_counts, t_panes, results = 0.0, 0.0, 0.0, None
            if regex:
                t_cli, _ = _timed(lambda: regex_answer(conn, store, text, 20))  # noqa: B023
            else:
                try:
                    t_cli, _ = _timed(lambda: search_answer(conn, store, text, 20))  # noqa: B023
                except ValueError:
                    t_cli = 0.0
            times["search"].append(t_search)
            times["counts"].append(t_counts)
            times["panes"].append(t_panes)
            times["app"].append(t_search + t_counts + t_panes)
            times["cli"].append(t_cli)
            cpu.append((time.process_time() - cpu_start) * 1000)
        per[text] = {k: statistics.median(v) for k, v in times.items()}
        per[text]["cpu"] = statistics.median(cpu)
        matched[text] = -1 if results is None else len(results.order)
        if explain and results is not None:
            for pane, (sql, params) in results.where.items():
                print(f"-- {text!r} {pane}: {sql[:300]}", file=sys.stderr)
                for row in model.conn().execute(f"EXPLAIN QUERY PLAN SELECT 1 WHERE {sql}", params):
                    print("   ", row[1:], file=sys.stderr)
    summary: dict[str, Any] = {"load": os.getloadavg()[0], "articles": model.n_articles}
    is_regex = dict(QUERIES)
    for what in ("search", "counts", "panes", "app", "cli", "cpu"):
        values = [p[what] for p in per.values()]
        words = [p[what] for q, p in per.items() if not is_regex[q]]
        regexes = [p[what] for q, p in per.items() if is_regex[q]]
        summary[f"{what}_p50_ms"] = percentile(values, 50)
        summary[f"{what}_p95_ms"] = percentile(values, 95)
        summary[f"{what}_max_ms"] = max(values) if values else float("nan")
        summary[f"{what}_p95_ms_no_regex"] = percentile(words, 95)
        summary[f"{what}_p95_ms_regex"] = percentile(regexes, 95)
    summary["per_query_ms"] = per
    summary["matches"] = matched
    model.close()
    conn.close()
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--only", default=None, help="only queries containing this text")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument(
        "--grow", nargs=2, metavar=("FACTOR", "OUT"), help="make a FACTOR times bigger copy"
    )
    args = parser.parse_args()
    if args.grow:
        print(grow(args.db, int(args.grow[0]), Path(args.grow[1])))
        return 0
    out = run(args.db, args.repeats, args.only, args.explain)
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    print(f"{out['articles']:,} articles, load {out['load']:.2f}")
    columns = ("search", "counts", "panes", "app", "cli", "cpu")
    print(f"{'query':36} " + " ".join(f"{c:>8}" for c in columns) + f" {'articles':>8}")
    for q, t in out["per_query_ms"].items():
        print(
            f"{q[:36]:36} " + " ".join(f"{t[c]:8.1f}" for c in columns) + f" {out['matches'][q]:8}"
        )
    for what in ("search", "counts", "panes", "app", "cli", "cpu"):
        print(
            f"{what:7} p50 {out[what + '_p50_ms']:8.1f}  p95 {out[what + '_p95_ms']:8.1f}  "
            f"max {out[what + '_max_ms']:8.1f}  p95 words {out[what + '_p95_ms_no_regex']:8.1f}  "
            f"p95 regex {out[what + '_p95_ms_regex']:8.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
