"""Score the extractor against a gold folder (articles/ + gold/) with the shared scorer.

    python bench/quality.py [GOLD_ROOT] [--json] [--diff entities|quotes|figures] [--article ID]

GOLD_ROOT defaults to tests/data/dev. The scorer is ../shared/eval/score.py.
--diff lists, per article, the gold items missed and the predicted items that
match nothing, to steer the extractor.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from store.extract import extract_text  # noqa: E402

SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def load_scorer() -> ModuleType:
    if not SCORER.exists():
        sys.exit(f"scorer not found at {SCORER}")
    spec = importlib.util.spec_from_file_location("score", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(gold_root: Path, pred_dir: Path) -> None:
    for article in sorted((gold_root / "articles").glob("*.txt")):
        text = article.read_text(encoding="utf-8")
        extraction = extract_text(text)
        doc = {"id": article.stem, **extraction.to_dict()}
        (pred_dir / f"{article.stem}.json").write_text(json.dumps(doc), encoding="utf-8")


def score(gold_root: Path) -> dict[str, Any]:
    scorer = load_scorer()
    with tempfile.TemporaryDirectory() as tmp:
        predict(gold_root, Path(tmp))
        return scorer.score(str(gold_root / "gold"), tmp)  # type: ignore[no-any-return]


def _key(kind: str, item: dict[str, Any]) -> str:
    extra = {
        "entities": lambda x: x.get("type"),
        "quotes": lambda x: f"speaker={x.get('speaker')!r}",
        "figures": lambda x: (
            f"{x.get('kind')} value={x.get('value')} unit={x.get('unit')} noun={x.get('noun')!r}"
        ),
    }[kind](item)
    return f"{item['start']:>5}-{item['end']:<5} {item['text']!r:50} {extra}"


def diff(gold_root: Path, kind: str, only: str | None) -> None:
    """Print misses (gold not predicted exactly) and false hits (predicted, not in gold)."""
    for article in sorted((gold_root / "articles").glob("*.txt")):
        if only and article.stem != only:
            continue
        gold = json.loads((gold_root / "gold" / f"{article.stem}.json").read_text())[kind]
        pred = extract_text(article.read_text(encoding="utf-8")).to_dict()[kind]

        def same(g: dict[str, Any], p: dict[str, Any]) -> bool:
            if kind == "entities":
                return (g["start"], g["end"], g["type"]) == (p["start"], p["end"], p["type"])
            if kind == "quotes":
                overlap = min(g["end"], p["end"]) - max(g["start"], p["start"])
                gl = (g.get("speaker") or "").split()[-1:]
                pl = (p.get("speaker") or "").split()[-1:]
                return 2 * overlap >= g["end"] - g["start"] and gl == pl
            return (g["start"], g["end"], g["kind"], g.get("value")) == (
                p["start"],
                p["end"],
                p["kind"],
                p.get("value"),
            )

        missed = [g for g in gold if not any(same(g, p) for p in pred)]
        extra = [p for p in pred if not any(same(g, p) for g in gold)]
        if not missed and not extra:
            continue
        print(f"== {article.stem}")
        for g in missed:
            print("  gold only:", _key(kind, g))
        for p in extra:
            print("  pred only:", _key(kind, p))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold_root", nargs="?", default=str(ROOT / "tests" / "data" / "dev"))
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--diff", choices=["entities", "quotes", "figures"])
    parser.add_argument("--article", help="limit --diff to one article id")
    args = parser.parse_args()
    gold_root = Path(args.gold_root)
    if args.diff:
        diff(gold_root, args.diff, args.article)
        return 0
    result = score(gold_root)
    if args.json:
        print(json.dumps(result, sort_keys=True))
    else:
        print(load_scorer().table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
