"""Benchmark of the on-disk read model: build time, size, typical SQL, and per-batch apply cost.

    python bench/readmodel.py [SOURCE] [--json] [--sizes 1000,all] [--repeats 30] [--workdir DIR]

SOURCE is a store (its ``db.json``) or a folder of articles, ingested first into a
temporary store (default: the BBC corpus). For the store it reports:

- a full ``rebuild`` (the index built from the store's read API): seconds, articles/s;
- sizes: the index file vs the store's files vs the raw article text (UTF-8);
- p50/p95 of typical SQL over the index (top speakers, entity by folded prefix, FTS
  word, prefix and phrase, figures by unit and value range, figures in the same sentence
  as an entity, articles by date range), ``--repeats`` runs each;
- for each of ``--sizes`` (articles already in the index; ``all`` = the whole store):
  the cost of one ``apply_batch`` of 1,000 new articles, of replacing them, and of
  removing them — flat when the cost depends on the batch, not on the index.

Prints a table, or one JSON object with ``--json``; the load average is printed beside.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from store.db import Store  # noqa: E402
from store.readmodel import (  # noqa: E402
    ArticleRows,
    apply_batch,
    counts,
    fold,
    open_index,
    rebuild,
    rows_for_encoded,
)

BBC = ROOT.parent / "shared" / "corpus" / "bbc"
BATCH = 1000

# (name, SQL, parameters): what the explorer's panes and tables ask.
QUERIES: list[tuple[str, str, tuple[Any, ...]]] = [
    (
        "top_speakers",
        "SELECT speaker, quotes, articles FROM speakers ORDER BY quotes DESC LIMIT 50",
        (),
    ),
    (
        "top_entities",
        "SELECT canonical, type, mentions FROM entities ORDER BY mentions DESC LIMIT 50",
        (),
    ),
    (
        "top_people",
        "SELECT canonical, mentions FROM entities WHERE type = 'PERSON' "
        "ORDER BY mentions DESC LIMIT 50",
        (),
    ),
    (
        "entity_fold_prefix",
        "SELECT canonical, type, mentions FROM entities WHERE fold >= ? AND fold < ? "
        "ORDER BY mentions DESC LIMIT 50",
        (fold("Gordon"), fold("Gordon") + "\uffff"),
    ),
    (
        "fts_word_count",
        "SELECT count(*) FROM text_fts WHERE text_fts MATCH ?",
        ("blair",),
    ),
    (
        "fts_word_page",
        "SELECT a.id, a.title, a.date FROM text_fts JOIN articles a ON a.n = text_fts.rowid "
        "WHERE text_fts MATCH ? ORDER BY a.path, a.id LIMIT 100",
        ("election",),
    ),
    (
        "fts_prefix",
        "SELECT count(*) FROM text_fts WHERE text_fts MATCH ?",
        ("econom*",),
    ),
    (
        "fts_phrase",
        "SELECT count(*) FROM text_fts WHERE text_fts MATCH ?",
        ('"prime minister"',),
    ),
    (
        "fts_two_words",
        "SELECT count(*) FROM text_fts WHERE text_fts MATCH ?",
        ("blair election",),
    ),
    (
        "quotes_by_speaker",
        'SELECT a.id, q.start, q."end" FROM quotes q JOIN articles a ON a.n = q.article '
        "WHERE q.speaker_fold = ? LIMIT 500",
        (fold("Tony Blair"),),
    ),
    (
        "quote_words",
        "SELECT count(*) FROM quote_fts WHERE quote_fts MATCH ?",
        ("economy",),
    ),
    (
        "figures_gbp_1bn_5bn",
        "SELECT count(*) FROM figures WHERE unit = ? AND value BETWEEN ? AND ?",
        ("GBP", 1e9, 5e9),
    ),
    (
        "figures_gbp_page",
        'SELECT a.id, f.start, f."end", f.value FROM figures f JOIN articles a ON a.n = f.article '
        "WHERE f.unit = ? AND f.value >= ? ORDER BY f.value DESC LIMIT 100",
        ("GBP", 1e9),
    ),
    (
        "figures_with_entity",
        "SELECT count(*) FROM mentions m JOIN figures f ON f.article = m.article "
        "AND f.sent = m.sent WHERE m.e IN (SELECT e FROM entities WHERE fold = ?)",
        (fold("Microsoft"),),
    ),
    (
        "articles_date_range",
        "SELECT count(*) FROM articles WHERE date >= ? AND date < ?",
        ("2004-01-01", "2004-07-01"),
    ),
    (
        "articles_date_page",
        "SELECT id, title, date FROM articles WHERE date >= ? AND date < ? ORDER BY date LIMIT 100",
        ("2004-01-01", "2004-07-01"),
    ),
]


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def file_bytes(path: Path) -> int:
    total = 0
    for p in (path, path.with_name(path.name + "-wal")):
        if p.exists():
            total += p.stat().st_size
    return total


def open_store(source: Path, workdir: Path) -> tuple[Store, float | None]:
    """A Store for ``source``: the store itself, or a fresh one holding the folder's articles."""
    if source.is_file():
        return Store(source), None
    store = Store(workdir / "store" / "db.json")
    say(f"ingesting {source} into {store.path} …")
    t = time.perf_counter()
    store.ingest([source])
    return store, time.perf_counter() - t


def all_rows(store: Store) -> tuple[list[ArticleRows], int, float]:
    """Every article's index rows, the raw text size, and the seconds deriving them took."""
    rows: list[ArticleRows] = []
    text_bytes = 0
    t = time.process_time()
    for article, items, order in store.iter_encoded():
        text_bytes += len(article.text.encode("utf-8", "surrogatepass"))
        rows.append(rows_for_encoded(article, items, order, 0))
    return rows, text_bytes, time.process_time() - t


def time_queries(path: Path, repeats: int) -> dict[str, dict[str, float]]:
    """p50/p95 of each query on a freshly opened connection (first run included)."""
    conn = open_index(path, create=False)
    out: dict[str, dict[str, float]] = {}
    for name, sql, params in QUERIES:
        times: list[float] = []
        result: list[Any] = []
        for _ in range(repeats):
            t = time.perf_counter()
            result = conn.execute(sql, params).fetchall()
            times.append((time.perf_counter() - t) * 1000)
        n = result[0][0] if len(result) == 1 and len(result[0]) == 1 else len(result)
        out[name] = {
            "p50_ms": round(statistics.median(times), 3),
            "p95_ms": round(percentile(times, 0.95), 3),
            "first_ms": round(times[0], 3),
            "rows": n,
        }
    conn.close()
    return out


def fresh_copies(rows: list[ArticleRows], tag: str) -> list[ArticleRows]:
    """The same articles under new ids: a batch of articles the index has not seen."""
    out = []
    for r in rows:
        new_id = (tag + r.id)[:16]
        out.append(replace(r, id=new_id, article=(new_id, *r.article[1:])))
    return out


def batch_costs(path: Path, rows: list[ArticleRows], size: int) -> dict[str, Any]:
    """Build an index of the first ``size`` articles, then time 1,000-article batches on it."""
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    conn = open_index(path)
    t = time.perf_counter()
    for i in range(0, size, BATCH):
        apply_batch(conn, rows[i : min(i + BATCH, size)], (), None)
    build_s = time.perf_counter() - t
    batch = fresh_copies(rows[:BATCH], "b")
    ids = [r.id for r in batch]
    out: dict[str, Any] = {"articles": size, "build_s": round(build_s, 3)}
    for name, added, removed in (
        ("add_1000", batch, []),
        ("replace_1000", batch, []),
        ("remove_1000", [], ids),
    ):
        t, c = time.perf_counter(), time.process_time()
        apply_batch(conn, added, removed, "bench")
        out[name + "_s"] = round(time.perf_counter() - t, 3)
        # CPU seconds (SQLite runs in this process): what the batch costs on an idle machine.
        out[name + "_cpu_s"] = round(time.process_time() - c, 3)
    assert counts(conn)["articles"] == size
    conn.close()
    return out


def run(source: Path, workdir: Path, sizes: list[str], repeats: int) -> dict[str, Any]:
    store, ingest_s = open_store(source, workdir)
    n = len(store.summaries())
    out: dict[str, Any] = {"source": str(source), "articles": n}
    if ingest_s is not None:
        out["ingest_s"] = round(ingest_s, 2)
    index = workdir / "index.sqlite"
    say(f"rebuilding the index of {n} articles …")
    t, c = time.perf_counter(), time.process_time()
    conn = rebuild(store, index)
    build_s = time.perf_counter() - t
    out["build_cpu_s"] = round(time.process_time() - c, 2)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    out["rows"] = counts(conn)
    conn.close()
    out["build_s"] = round(build_s, 2)
    out["build_articles_per_s"] = round(n / build_s, 1) if build_s else None
    rows, text_bytes, rows_s = all_rows(store)
    out["derive_rows_s"] = round(rows_s, 2)  # CPU share of the build (sentences, folding)
    out["index_mb"] = round(file_bytes(index) / 1e6, 2)
    out["store_mb"] = round(store.disk_size() / 1e6, 2)
    out["text_mb"] = round(text_bytes / 1e6, 2)
    out["index_per_text"] = round(file_bytes(index) / text_bytes, 2) if text_bytes else None
    say("timing queries …")
    out["queries"] = time_queries(index, repeats)
    p95s = [q["p95_ms"] for q in out["queries"].values()]
    out["query_p95_ms_max"] = max(p95s)
    out["batches"] = []
    for size in sizes:
        k = n if size == "all" else min(int(size), n)
        say(f"batch costs on an index of {k} articles …")
        out["batches"].append(batch_costs(workdir / "batch.sqlite", rows, k))
    out["load_average"] = [round(x, 2) for x in os.getloadavg()]
    return out


def print_table(out: dict[str, Any]) -> None:
    print(f"source: {out['source']}  ({out['articles']} articles)")
    if "ingest_s" in out:
        print(f"ingest (into a temporary store): {out['ingest_s']} s")
    print(
        f"rebuild: {out['build_s']} s wall, {out['build_cpu_s']} s CPU "
        f"({out['build_articles_per_s']} articles/s; deriving rows alone {out['derive_rows_s']} s CPU)"
    )
    print(
        f"size: index {out['index_mb']} MB, store {out['store_mb']} MB, raw text "
        f"{out['text_mb']} MB (index = {out['index_per_text']}x text)"
    )
    print(f"rows: {out['rows']}")
    print(f"{'query':<22} {'p50 ms':>9} {'p95 ms':>9} {'first ms':>9} {'rows':>8}")
    for name, q in out["queries"].items():
        print(f"{name:<22} {q['p50_ms']:>9} {q['p95_ms']:>9} {q['first_ms']:>9} {q['rows']:>8}")
    print("1,000-article batches, seconds wall / CPU:")
    print(f"{'index size':>12} {'build':>9} {'add':>15} {'replace':>15} {'remove':>15}")
    for b in out["batches"]:
        cells = [
            f"{b[k + '_s']} / {b[k + '_cpu_s']}"
            for k in ("add_1000", "replace_1000", "remove_1000")
        ]
        print(f"{b['articles']:>12} {b['build_s']:>9} " + " ".join(f"{c:>15}" for c in cells))
    print(f"load average: {out['load_average']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=BBC, help="a db.json or a folder")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--sizes", default="1000,all", help="index sizes for the batch costs")
    parser.add_argument("--repeats", type=int, default=30, help="runs of each query")
    parser.add_argument("--workdir", type=Path, help="keep the work files here")
    args = parser.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    if not args.source.exists():
        parser.error(f"{args.source} does not exist")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newsexplore-readmodel-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        out = run(args.source.resolve(), workdir, sizes, args.repeats)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print_table(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
