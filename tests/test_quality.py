"""The extractor's scores on the hand-annotated dev set never fall below what was reached."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
DEV = ROOT / "tests" / "data" / "dev"

# Reached on 2026-11-29 (bench/quality.py), minus a small margin for harmless churn.
FLOORS = {
    ("entities", "exact", "f1"): 0.88,
    ("entities", "untyped", "f1"): 0.94,
    ("quotes", "detection", "f1"): 0.97,
    ("quotes", "speaker_accuracy", "acc"): 0.96,
    ("figures", "detection_no_dates", "f1"): 0.96,
    ("figures", "value_accuracy", "acc"): 0.98,
    ("figures", "kind_accuracy", "acc"): 0.96,
}


def _quality() -> ModuleType:
    spec = importlib.util.spec_from_file_location("quality", ROOT / "bench" / "quality.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores() -> dict[str, Any]:
    if not SCORER.exists():
        pytest.skip("the shared scorer (../shared/eval/score.py) is not beside the clone")
    return _quality().score(DEV)  # type: ignore[no-any-return]


def test_dev_set_has_every_category_and_enough_articles() -> None:
    articles = sorted(p.stem for p in (DEV / "articles").glob("*.txt"))
    assert len(articles) >= 25
    for category in ("business", "entertainment", "politics", "sport", "tech"):
        assert any(f"-{category}-" in a for a in articles), category
    assert {p.stem for p in (DEV / "gold").glob("*.json")} == set(articles)


@pytest.mark.parametrize(("path", "floor"), list(FLOORS.items()), ids=lambda v: str(v))
def test_dev_scores_hold(scores: dict[str, Any], path: tuple[str, str, str], floor: float) -> None:
    group, metric, field = path
    value = scores[group][metric][field]
    assert value >= floor, f"{group} {metric} {field} fell to {value:.3f} (floor {floor})"
