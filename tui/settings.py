"""User settings: the citation format and the theme, from a small TOML file in the config folder.

The file is ``settings.toml`` in ``platformdirs.user_config_dir("newsexplore")`` (or the
path in ``$NEWSEXPLORE_SETTINGS``, for tests and for several setups side by side)::

    citation = "markdown"   # plain, markdown or apa
    theme = "nord"          # any of Textual's themes; set from the palette (ctrl+p, Theme)

A missing file means the defaults; a malformed one gives one warning and the defaults, never
a crash. ``newsexplore --citation FORMAT`` overrides the file for one run (through
``$NEWSEXPLORE_CITATION``, so the processes ``newsexplore serve`` starts inherit it).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from store.sanitize import one_line

CITATION_FORMATS = ("plain", "markdown", "apa")
DEFAULT_CITATION = "plain"
SETTINGS_ENV = "NEWSEXPLORE_SETTINGS"
CITATION_ENV = "NEWSEXPLORE_CITATION"
MAX_SETTINGS_BYTES = 64_000  # a settings file is a few lines; anything bigger is not one
_THEME_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_THEME_LINE = re.compile(r"(?m)^[ \t]*theme[ \t]*=.*$")


@dataclass(slots=True)
class Settings:
    """What the user chose; ``warning`` says why the file was not (all) used."""

    citation: str = DEFAULT_CITATION
    theme: str | None = None
    warning: str | None = None


def settings_path() -> Path:
    """Where the settings file is (it need not exist)."""
    override = os.environ.get(SETTINGS_ENV)
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("newsexplore")) / "settings.toml"


def load_settings(path: Path | None = None) -> Settings:
    """The settings from ``path`` (default: ``settings_path()``); defaults where unset or bad."""
    path = path or settings_path()
    settings = Settings()
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SETTINGS_BYTES + 1)
    except FileNotFoundError:
        data = None
    except OSError as error:
        settings.warning = one_line(
            f"Cannot read {path}: {error.strerror or error}; using defaults"
        )
        data = None
    if data is not None:
        _apply_file(settings, path, data)
    _apply_environment(settings)
    return settings


def _apply_file(settings: Settings, path: Path, data: bytes) -> None:
    if len(data) > MAX_SETTINGS_BYTES:
        settings.warning = one_line(f"{path} is too large for a settings file; using defaults")
        return
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        settings.warning = one_line(f"{path} is not valid TOML ({error}); using defaults")
        return
    problems: list[str] = []
    citation = table.get("citation")
    if citation is not None:
        if isinstance(citation, str) and citation.strip().lower() in CITATION_FORMATS:
            settings.citation = citation.strip().lower()
        else:
            problems.append(f"citation must be one of {', '.join(CITATION_FORMATS)}")
    theme = table.get("theme")
    if theme is not None:
        if isinstance(theme, str) and _THEME_NAME.fullmatch(theme):
            settings.theme = theme
        else:
            problems.append("theme must be a theme's name")
    if problems:
        settings.warning = one_line(f"{path}: {'; '.join(problems)}; using the default there")


def _apply_environment(settings: Settings) -> None:
    citation = os.environ.get(CITATION_ENV, "").strip().lower()
    if citation in CITATION_FORMATS:
        settings.citation = citation


def use_citation(fmt: str | None) -> None:
    """``--citation FORMAT``: this run (and the app processes it starts) cite in ``fmt``."""
    if fmt:
        if fmt not in CITATION_FORMATS:
            raise ValueError(f"unknown citation format {fmt!r}")
        os.environ[CITATION_ENV] = fmt


def add_citation_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--citation`` option, for the app's and ``serve``'s command lines."""
    parser.add_argument(
        "--citation",
        choices=CITATION_FORMATS,
        default=None,
        help="how c, y and p cite the article: plain, markdown or apa "
        "(default: citation in settings.toml, else plain)",
    )


def save_theme(name: str, path: Path | None = None) -> str | None:
    """Remember ``name`` as the theme; None when saved, else why not (never raises).

    Only the ``theme`` line is replaced (or added): the user's other lines and comments stay.
    The file is written whole or not at all (a temporary file beside it, then renamed).
    """
    if not _THEME_NAME.fullmatch(name):
        return f"not a theme name: {one_line(name)}"
    path = path or settings_path()
    try:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = ""
        line = f'theme = "{name}"'
        if _THEME_LINE.search(text):
            text = _THEME_LINE.sub(line, text, count=1)
        else:
            text = (text if not text or text.endswith("\n") else text + "\n") + line + "\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".settings-", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except (OSError, UnicodeDecodeError) as error:
        return one_line(f"cannot save the theme to {path}: {getattr(error, 'strerror', error)}")
    return None
