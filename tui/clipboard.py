"""Clipboard text and delivery: attributed quotes, OSC 52 (tmux-aware) and the system copy tool.

No Textual here: the app writes the OSC 52 sequences through its driver and
runs ``deliver`` in a worker thread, since the system tools can be slow.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from store.records import Entity, Figure, Quote
from store.sanitize import one_line

TITLE_CELLS = 24  # a title in an attribution is cut to about this many characters
COMMAND_TIMEOUT_S = 2.0
# Many terminals and tmux drop an OSC 52 sequence longer than about 100 KB without a word
# (tmux's default input buffer, xterm's and VTE's limits), so no more than this is copied.
MAX_OSC52_BYTES = 100_000
MAX_COPY_BYTES = MAX_OSC52_BYTES * 3 // 4  # UTF-8 bytes whose base64 fits in that


# ---- what is copied ---------------------------------------------------------------


def clean(text: str) -> str:
    """One line, no control or bidi characters, no surrounding blanks."""
    return " ".join(one_line(text).split())


def fit(text: str, limit: int = MAX_COPY_BYTES) -> str:
    """``text``, or as much of its start as fits in ``limit`` bytes of UTF-8 (whole characters)."""
    if len(text) * 4 <= limit:
        return text  # short enough whatever the characters
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def short_title(title: str, limit: int = TITLE_CELLS) -> str:
    """``title`` cut at a word boundary to at most ``limit`` characters, marked with "..."."""
    title = clean(title)
    if len(title) <= limit:
        return title
    cut = title[:limit].rstrip()
    space = cut.rfind(" ")
    if title[limit] != " " and space >= limit // 2:
        cut = cut[:space]  # do not end on half a word
    return cut.rstrip(" ,;:-–—") + "..."


def source_note(title: str | None, date: str | None) -> str:
    """ "(Short title..., 2024-02-26)"; without the date when unknown; "" when neither."""
    parts = [p for p in (short_title(title) if title else "", clean(date or "")) if p]
    return f"({', '.join(parts)})" if parts else ""


# A quotation cut from a sentence often ends with the sentence's own comma or semicolon
# ("At Huawei Cloud, AI is a key strategy," said…): it is not part of what was said.
_SENTENCE_PUNCTUATION = ",;:，；：、"


def quote_words(quote: Quote) -> str:
    """Just the quoted words: no quote marks, no attribution, no trailing comma (``C``)."""
    return clean(quote.text).rstrip(_SENTENCE_PUNCTUATION + " ")


def said(quote: Quote) -> str:
    """“Words,” said Speaker, Role. — or just “Words” when nobody is known to have said them."""
    words = clean(quote.text)
    speaker = clean(quote.speaker or "")
    if not speaker:
        return f"“{words.rstrip(_SENTENCE_PUNCTUATION + ' ')}”"
    words = words.rstrip(_SENTENCE_PUNCTUATION + " ")  # the comma before "said" is added here
    if words.endswith("."):
        words = words[:-1] + ","
    elif words and words[-1] not in "!?…":
        words += ","
    attribution = f"said {speaker}"
    role = clean(quote.speaker_role or "")
    if role:
        attribution += f", {role}"
    attribution = attribution.rstrip(".") + "."
    return f"“{words}” {attribution}"


def attributed_quote(quote: Quote, title: str | None, date: str | None) -> str:
    """“Words,” said Speaker, Role. (Title..., date) — parts left out when unknown."""
    return " ".join(p for p in (said(quote), source_note(title, date)) if p)


def entity_body(entity: Entity, sentence: str) -> str:
    """Tony Blair (PERSON): “…the sentence naming him…”."""
    head = f"{clean(entity.canonical)} ({clean(entity.type)})"
    context = clean(sentence)
    return f"{head}: “{context}”" if context else head


def entity_clip(entity: Entity, sentence: str, title: str | None, date: str | None) -> str:
    """Tony Blair (PERSON): “…the sentence naming him…” (Title..., date)."""
    return f"{entity_body(entity, sentence)} {source_note(title, date)}".strip()


def figure_body(figure: Figure) -> str:
    """45.3 billion yuan (money, revenue): “…context…”."""
    details = ", ".join(clean(p) for p in (figure.kind, figure.noun or "") if p)
    head = f"{clean(figure.text)} ({details})" if details else clean(figure.text)
    context = clean(figure.context or "")
    return f"{head}: “{context}”" if context else head


def figure_clip(figure: Figure, title: str | None, date: str | None) -> str:
    """45.3 billion yuan (money, revenue): “…context…” (Title..., date)."""
    return f"{figure_body(figure)} {source_note(title, date)}".strip()


# ---- how it is copied ---------------------------------------------------------------


def osc52(text: str) -> str:
    """The OSC 52 "set clipboard" sequence for ``text``."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"\x1b]52;c;{payload}\a"


def tmux_passthrough(sequence: str) -> str:
    """``sequence`` wrapped so tmux (with allow-passthrough on) hands it to the outer terminal."""
    return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"


def over_ssh(env: Mapping[str, str]) -> bool:
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY"))


def system_copy_command(
    env: Mapping[str, str], which: Callable[[str], str | None] = shutil.which
) -> list[str] | None:
    """The local clipboard tool to use, or None (over SSH it would copy on the wrong machine)."""
    if over_ssh(env):
        return None
    candidates: list[list[str]] = []
    if env.get("WAYLAND_DISPLAY"):
        candidates.append(["wl-copy"])
    if env.get("DISPLAY"):
        candidates += [["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]]
    candidates += [["pbcopy"], ["clip.exe"]]
    for command in candidates:
        found = which(command[0])
        if found:
            return [found, *command[1:]]
    return None


def run_copy_command(
    command: list[str], text: str, timeout: float = COMMAND_TIMEOUT_S
) -> str | None:
    """Feed ``text`` to ``command``; None when it worked, else why not."""
    try:
        # Output to DEVNULL: xclip and wl-copy leave a child holding the selection,
        # which would keep a pipe open and make us wait for the timeout.
        completed = subprocess.run(
            command,
            input=text.encode("utf-8"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"{os.path.basename(command[0])} timed out"
    except OSError as error:
        return f"{os.path.basename(command[0])} failed: {error.strerror or error}"
    if completed.returncode != 0:
        return f"{os.path.basename(command[0])} exited with {completed.returncode}"
    return None


def _tmux_option(name: str) -> str | None:
    try:
        completed = subprocess.run(
            ["tmux", "show-options", "-gv", name],
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return completed.stdout.strip() if completed.returncode == 0 else None


@dataclass(slots=True)
class Delivery:
    """Which routes can have put the text on a clipboard, and what went wrong."""

    routes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def osc52_route(
    env: Mapping[str, str], tmux_option: Callable[[str], str | None] | None = None
) -> tuple[str | None, str | None]:
    """How OSC 52 can reach a clipboard here: (route name, None) or (None, why not)."""
    tmux_option = tmux_option or _tmux_option
    if not env.get("TMUX"):
        return "OSC 52", None
    set_clipboard = tmux_option("set-clipboard")
    passthrough = tmux_option("allow-passthrough")
    if set_clipboard == "on":
        return "OSC 52 (tmux)", None
    if passthrough in ("on", "all"):
        return "OSC 52 (tmux passthrough)", None
    if set_clipboard is None:
        return "OSC 52 (tmux)", None  # could not ask tmux: it may well work
    return None, "tmux ignores OSC 52 (run: tmux set -g set-clipboard on)"


def deliver(
    text: str,
    env: Mapping[str, str] | None = None,
    *,
    which: Callable[[str], str | None] | None = None,
    run: Callable[[list[str], str], str | None] | None = None,
    tmux_option: Callable[[str], str | None] | None = None,
) -> Delivery:
    """Copy ``text`` with the system tool (if any) and report every route that can have worked.

    The OSC 52 sequences themselves are written by the app; this only judges
    whether they can reach a clipboard, and runs the system tool.
    """
    env = os.environ if env is None else env
    run = run or run_copy_command
    delivery = Delivery()
    route, problem = osc52_route(env, tmux_option)
    if route:
        delivery.routes.append(route)
    if problem:
        delivery.problems.append(problem)
    command = system_copy_command(env, which or shutil.which)
    if command is not None:
        failure = run(command, text)
        if failure is None:
            delivery.routes.append(os.path.basename(command[0]))
        else:
            delivery.problems.append(failure)
    return delivery
