"""Benchmark of searches over the on-disk read model: every pane the app asks, and the CLI's answer.

    python bench/readmodel_search.py DB [--json] [--repeats 5] [--only SUBSTR] [--explain]

DB is a store's main file (``db.json``) whose index (``db.json.index.sqlite``) is built;
the index is opened as it is (no staleness check, no rebuild), so a copied store works.
For each query (bench/run.py's twenty, issue 9's six questions, a few more), it times:

- ``search``: ``ReadModel.search`` — what the app's search worker does before the results
  reach the screen (the matching articles in list order, the capped pane counts);
- ``panes``: what the screen then reads: the first page of the article list, and of each
  item pane in "all articles" scope (entities per type, quotes per speaker, figures);
- ``app``: the two together (one keystroke's answer on screen, all panes built);
- ``cli``: ``answers.search_answer`` with the CLI's default of 20 rows per section (or
  ``regex_answer`` for a regex): the headless ``newsexplore search`` minus process start.

Medians over ``--repeats`` runs per query, then p50/p95/max over queries; the load average
is printed beside. ``--explain`` prints SQLite's query plan of each pane's statements.
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
        times: dict[str, list[float]] = {"search": [], "panes": [], "app": [], "cli": []}
        for _ in range(repeats):
            try:
                t_search, results = _timed(lambda: model.search(text, regex=regex))  # noqa: B023
                t_panes, _ = _timed(lambda: panes(model, results))  # noqa: B023
            except ValueError:
                t_search, t_panes, results = 0.0, 0.0, None
            if regex:
                t_cli, _ = _timed(lambda: regex_answer(conn, store, text, 20))  # noqa: B023
            else:
                try:
                    t_cli, _ = _timed(lambda: search_answer(conn, store, text, 20))  # noqa: B023
                except ValueError:
                    t_cli = 0.0
            times["search"].append(t_search)
            times["panes"].append(t_panes)
            times["app"].append(t_search + t_panes)
            times["cli"].append(t_cli)
        per[text] = {k: statistics.median(v) for k, v in times.items()}
        matched[text] = -1 if results is None else len(results.order)
        if explain and results is not None:
            for pane, (sql, params) in results.where.items():
                print(f"-- {text!r} {pane}: {sql[:300]}", file=sys.stderr)
                for row in model.conn().execute(f"EXPLAIN QUERY PLAN SELECT 1 WHERE {sql}", params):
                    print("   ", row[1:], file=sys.stderr)
    summary: dict[str, Any] = {"load": os.getloadavg()[0], "articles": model.n_articles}
    for what in ("search", "panes", "app", "cli"):
        values = [p[what] for p in per.values()]
        words = [p[what] for (q, r), p in zip(QUERIES, per.values(), strict=False) if not r]
        summary[f"{what}_p50_ms"] = percentile(values, 50)
        summary[f"{what}_p95_ms"] = percentile(values, 95)
        summary[f"{what}_max_ms"] = max(values) if values else float("nan")
        summary[f"{what}_p95_ms_no_regex"] = percentile(words, 95)
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
    args = parser.parse_args()
    out = run(args.db, args.repeats, args.only, args.explain)
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    print(f"{out['articles']:,} articles, load {out['load']:.2f}")
    print(f"{'query':40} {'search':>9} {'panes':>9} {'app':>9} {'cli':>9} {'articles':>9}")
    for q, t in out["per_query_ms"].items():
        print(
            f"{q[:40]:40} {t['search']:9.1f} {t['panes']:9.1f} {t['app']:9.1f} "
            f"{t['cli']:9.1f} {out['matches'][q]:9}"
        )
    for what in ("search", "panes", "app", "cli"):
        print(
            f"{what:7} p50 {out[what + '_p50_ms']:8.1f}  p95 {out[what + '_p95_ms']:8.1f}  "
            f"max {out[what + '_max_ms']:8.1f}  p95 w/o regex {out[what + '_p95_ms_no_regex']:8.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
