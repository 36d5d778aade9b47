"""Extraction speed, one process, over the BBC corpus: articles/s and words/s per extractor.

python bench/speed.py [CORPUS_DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from store.extract import extract_text  # noqa: E402
from store.extract.entities import find_entities  # noqa: E402
from store.extract.figures import find_figures  # noqa: E402
from store.extract.quotes import find_quotes  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "bbc"


def timed(texts: list[str], fn: Callable[[str], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds over ``runs`` passes of ``fn`` over every text.

    CPU time is what this process used: on a shared machine it is the steadier figure.
    """
    walls, cpus = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        for text in texts:
            fn(text)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(args.corpus).rglob("*.txt"))]
    if not texts:
        sys.exit(f"no .txt articles under {args.corpus}")
    words = sum(len(t.split()) for t in texts)
    ents = {t: find_entities(t) for t in texts}
    stages: list[tuple[str, Callable[[str], object]]] = [
        ("entities", find_entities),
        ("quotes", lambda t: find_quotes(t, ents[t])),
        ("figures", lambda t: find_figures(t, ents[t])),
        ("all (extract_text)", extract_text),
    ]
    print(f"{len(texts)} articles, {words} words, median of {args.runs} runs")
    print(f"{'stage':<20}{'wall s':>9}{'cpu s':>9}{'articles/s':>12}{'(cpu)':>8}{'words/s':>11}")
    for name, fn in stages:
        wall, cpu = timed(texts, fn, args.runs)
        print(
            f"{name:<20}{wall:>9.2f}{cpu:>9.2f}{len(texts) / wall:>12.0f}"
            f"{len(texts) / cpu:>8.0f}{words / wall:>11.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
