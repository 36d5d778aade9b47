"""What the user typed in the add screen: paths and web addresses, each checked, and path completion."""

from __future__ import annotations

import inspect
import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from textual.suggester import Suggester

from store.sanitize import one_line

_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
EMPTY = (
    "Type a path to a file or folder, or a web address "
    "(several: separate them with spaces; quote a path with spaces)"
)
MAX_COMPLETIONS = 2000  # directory entries looked at for one completion


@dataclass(frozen=True, slots=True)
class Sources:
    """Files and folders to ingest, and web addresses (pages, feeds, sitemaps) to fetch."""

    paths: tuple[Path, ...] = ()
    urls: tuple[str, ...] = ()


@dataclass(slots=True)
class Parsed:
    """The sources read from the box, or the one line that says what is wrong."""

    sources: Sources = field(default_factory=Sources)
    problem: str | None = None


def ingest_takes_urls() -> bool:
    """Whether this store's ingest can fetch web pages (``run_ingest(urls=…)``)."""
    from store.ingest import run_ingest

    return "urls" in inspect.signature(run_ingest).parameters


def parse_sources(text: str, *, urls_allowed: bool = True) -> Parsed:
    """Split ``text`` like a shell does (quotes keep spaces) into existing paths and URLs."""
    try:
        words = shlex.split(text)
    except ValueError:
        return Parsed(problem="A quote is not closed: end the quoted path with the same quote")
    if not words:
        return Parsed(problem=EMPTY)
    paths: list[Path] = []
    urls: list[str] = []
    problems: list[str] = []
    for word in words:
        shown = one_line(word)
        if _URL.match(word):
            if urls_allowed:
                urls.append(word)
            else:
                problems.append(f"Web addresses cannot be added in this version: {shown}")
        elif _SCHEME.match(word):
            problems.append(f"Only http:// and https:// addresses can be fetched: {shown}")
        else:
            path = Path(os.path.expanduser(word))
            if path.exists():
                paths.append(path)
            else:
                problems.append(f"No such file or folder: {shown}")
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return Parsed(problem=problems[0] + more)
    return Parsed(Sources(tuple(paths), tuple(urls)))


def _last_word(value: str) -> tuple[str, str]:
    """(the part before the word being typed, that word): a quoted word may hold spaces."""
    quote = None
    start = 0
    for index, character in enumerate(value):
        if quote is not None:
            if character == quote:
                quote = None
        elif character in "\"'":
            quote = character
            start = index + 1
        elif character.isspace():
            start = index + 1
    return value[:start], value[start:]


def complete_path(value: str) -> str | None:
    """``value`` with its last word completed as a path (to the longest common part of the
    names it can begin; a single folder gets its "/"), or None when there is nothing to add."""
    _before, word = _last_word(value)
    if not word or _URL.match(word) or _SCHEME.match(word):
        return None
    expanded = os.path.expanduser(word)
    folder, prefix = os.path.split(expanded)
    try:
        with os.scandir(folder or ".") as entries:
            names: list[tuple[str, bool]] = []
            for count, entry in enumerate(entries):
                if count >= MAX_COMPLETIONS:
                    break
                if entry.name.startswith(prefix) and (
                    prefix.startswith(".") or not entry.name.startswith(".")
                ):
                    names.append((entry.name, entry.is_dir()))
    except OSError:
        return None
    if not names:
        return None
    common = os.path.commonprefix([name for name, _ in names])  # noqa: RUF071 (names, not paths)
    extra = common[len(prefix) :]
    if len(names) == 1 and names[0][1]:
        extra += os.sep
    return value + extra if extra else None


class PathSuggester(Suggester):
    """Suggests the rest of the path being typed (shown greyed; Tab or → takes it)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)  # the disk changes

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value)
