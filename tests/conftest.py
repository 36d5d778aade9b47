"""Shared fixtures: an isolated store location, file writers, the CLI in a subprocess, corpora."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
BBC = SHARED / "corpus" / "bbc"
SEEDS = REPO / "seeds"


@pytest.fixture(autouse=True)
def isolated_store(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own default store, never the user's real one."""
    home = tmp_path_factory.mktemp("data-home")
    db = home / "newsexplore.json"
    monkeypatch.setenv("NEWSEXPLORE_DB", str(db))
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    # Never read or write the user's real settings (theme, citation format).
    monkeypatch.setenv("NEWSEXPLORE_SETTINGS", str(home / "settings.toml"))
    return db


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """write_file("a/b.txt", "text" | b"bytes") -> the path, folders created."""

    def write(name: str, content: str | bytes, root: Path | None = None) -> Path:
        path = (root or tmp_path) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


def run_cli(
    *args: str | Path, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``newsexplore ARGS`` in a fresh interpreter (no terminal, so no progress bar)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "tui", *map(str, args)],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        cwd=REPO,
    )


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_cli


SYNTHETIC_NAMES = [
    "Alice Moreno",
    "Brian Okafor",
    "Chen Wei",
    "Dana Petrov",
    "Elif Kaya",
    "Farid Haddad",
]
SYNTHETIC_ORGS = ["Acme Holdings", "Northwind Bank", "Globex", "Initech", "Umbrella Foods"]


def synthetic_article(i: int) -> str:
    """A distinct article with names, a quote and figures (used when the BBC corpus is absent)."""
    person = SYNTHETIC_NAMES[i % len(SYNTHETIC_NAMES)]
    org = SYNTHETIC_ORGS[i % len(SYNTHETIC_ORGS)]
    return (
        f"{org} reports profit number {i}\n\n"
        f"{org} said on Tuesday that profits rose {i % 90 + 3}% to ${i + 10}m in the third quarter. "
        f'"We are pleased with result {i}," said {person}, the chief executive of {org}. '
        f"The company employs {1000 + i} people in {12 + i % 7} countries.\n\n"
        f"Analysts at {SYNTHETIC_ORGS[(i + 1) % len(SYNTHETIC_ORGS)]} expect growth of {i % 5 + 1}.5% next year.\n"
    )


def make_corpus(root: Path, count: int) -> list[Path]:
    """``count`` distinct article files under ``root``: BBC articles first, then synthetic ones."""
    root.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    seen: set[bytes] = set()
    if BBC.is_dir():
        for source in sorted(BBC.rglob("*.txt")):
            if len(paths) >= count:
                break
            data = source.read_bytes()
            if data in seen:
                continue
            seen.add(data)
            target = root / source.parent.name / source.name
            target.parent.mkdir(exist_ok=True)
            shutil.copyfile(source, target)
            paths.append(target)
    i = 0
    while len(paths) < count:
        target = root / "synthetic" / f"{i:05d}.txt"
        target.parent.mkdir(exist_ok=True)
        target.write_text(synthetic_article(i), encoding="utf-8")
        paths.append(target)
        i += 1
    return paths


@pytest.fixture
def corpus_factory(tmp_path: Path) -> Callable[[int], Path]:
    def factory(count: int, name: str = "corpus") -> Path:
        make_corpus(tmp_path / name, count)
        return tmp_path / name

    return factory
