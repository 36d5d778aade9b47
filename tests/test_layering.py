"""The headless core never imports Textual, and the non-app commands do not either."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

CHECK_STORE = """
import importlib, pkgutil, sys
import store
for module in pkgutil.walk_packages(store.__path__, "store."):
    importlib.import_module(module.name)
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
assert not loaded, loaded
print("ok", len([m for m in sys.modules if m.startswith("store")]))
"""

CHECK_CLI = """
import sys
from tui.cli import main
code = main(["extract", "--json", "seeds"])
assert code == 0, code
assert "textual" not in sys.modules, "the extract command imported textual"
"""


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120
    )


def test_importing_every_store_module_never_imports_textual() -> None:
    result = run_python(CHECK_STORE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_headless_commands_never_import_textual() -> None:
    result = run_python(CHECK_CLI)
    assert result.returncode == 0, result.stderr
