"""Property tests: neutralised text can never drive the terminal, and offsets never move."""

from __future__ import annotations

import io
import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from store.sanitize import has_unsafe, neutralise, one_line

BIDI_CONTROLS = frozenset(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])

# Sequences an article could carry to take over a terminal.
ATTACKS = [
    "\x1b]52;c;ZXZpbA==\x07",  # OSC 52: write the clipboard
    "\x1b]52;c;ZXZpbA==\x1b\\",
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b]0;pwned\x07",  # window title
    "\x1b]2;pwned\x1b\\",
    "\x1bc",  # full reset
    "\x1b[2J",
    "\x1b[H",
    "\x1b[10A",
    "\x1b[6n",  # device status report: makes the terminal type into stdin
    "\x1b[?1049l",
    "\x1bP+q544e\x1b\\",  # DCS
    "\x1b_apc\x1b\\",  # APC
    "\x1b^pm\x1b\\",  # PM
    "\x9b31m",  # C1 CSI
    "\x9d0;pwned\x9c",  # C1 OSC ... ST
    "\x90dcs\x9c",  # C1 DCS
    "\x7f",
    "\x00",
    "\r",
    "\x08",
    "\u202e",
    "\u2066",
    "\u2069",
    "\ud800",  # a lone surrogate
    "[link=https://evil.example]click[/link]",
    "[/b]",
    "[bold red]",
]
CONTROLS = [chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]] + sorted(BIDI_CONTROLS)

hostile_text = st.lists(
    st.one_of(
        st.text(max_size=20),
        st.sampled_from(ATTACKS),
        st.sampled_from(CONTROLS),
        st.characters(codec="utf-8"),
    ),
    max_size=30,
).map("".join)

STYLES = ["bold", "italic red", "on #102030", "underline", "reverse", "#ff00ff on blue", "dim"]

# Rich's own styling: SGR only. Anything else left after removing it is foreign.
_SGR = re.compile(r"\x1b\[[0-9;:]*m")


def foreign_controls(output: str) -> list[str]:
    """Characters in terminal output that could act on the terminal, once SGR is removed."""
    rest = _SGR.sub("", output)
    return [
        ch
        for ch in rest
        if (unicodedata.category(ch) == "Cc" and ch not in "\n\t")
        or ch in BIDI_CONTROLS
        or 0xD800 <= ord(ch) <= 0xDFFF
    ]


def render(text: str, spans: list[tuple[int, int, str]]) -> str:
    console = Console(
        force_terminal=True,
        color_system="truecolor",
        file=io.StringIO(),
        width=60,
        legacy_windows=False,
    )
    rich_text = Text(text)
    for start, end, style in spans:
        rich_text.stylize(style, start, end)
    console.print(rich_text)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(out, str)
    return out


@st.composite
def styled(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    text = draw(hostile_text)
    n = len(text)
    spans = draw(
        st.lists(
            st.tuples(
                st.integers(0, max(n, 1)), st.integers(0, max(n, 1)), st.sampled_from(STYLES)
            ),
            max_size=6,
        )
    )
    return text, [(min(a, b), max(a, b), s) for a, b, s in spans]


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_neutralise_keeps_length_and_leaves_nothing_unsafe(text: str) -> None:
    out = neutralise(text)
    assert len(out) == len(text)  # offsets into the original stay right
    assert not has_unsafe(out)
    assert not [ch for ch in out if unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t"]
    assert not BIDI_CONTROLS & set(out)
    # Safe characters are untouched, position by position.
    for before, after in zip(text, out, strict=True):
        if not has_unsafe(before):
            assert before == after
        else:
            assert after != before and after.isprintable()
    assert neutralise(out) == out


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_neutralise_is_the_identity_on_safe_text(text: str) -> None:
    safe = "".join(ch for ch in text if not has_unsafe(ch))
    assert neutralise(safe) == safe
    assert not has_unsafe(safe)


@settings(max_examples=200, deadline=None)
@given(hostile_text)
def test_has_unsafe_agrees_with_the_definition(text: str) -> None:
    expected = any(
        (unicodedata.category(ch) == "Cc" and ch not in "\n\t")
        or ch in BIDI_CONTROLS
        or unicodedata.category(ch) == "Cs"
        for ch in text
    )
    assert has_unsafe(text) == expected


@settings(max_examples=200, deadline=None)
@given(hostile_text)
def test_one_line_is_safe_and_on_one_line(text: str) -> None:
    out = one_line(text)
    assert len(out) == len(text)
    assert "\n" not in out and "\t" not in out
    assert not has_unsafe(out)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(styled())
def test_rendering_neutralised_text_emits_only_sgr_styling(case: tuple[str, list]) -> None:
    text, spans = case
    out = render(neutralise(text), spans)
    assert foreign_controls(out) == []
    assert "\x1b]" not in out and "\x1bc" not in out


def test_the_render_check_catches_raw_attacks() -> None:
    """Guard on the check itself: without neutralise, Rich passes these through."""
    for attack in ("\x1b]52;c;ZXZpbA==\x07", "\x9b31m", "\x1b[2J", "\u202e", "\x1bc"):
        assert foreign_controls(render(f"a{attack}b", [(0, 1, "bold")])), attack
        assert foreign_controls(render(neutralise(f"a{attack}b"), [(0, 1, "bold")])) == []


def test_placeholders_are_visible() -> None:
    assert neutralise("\x1b[2J") == "\u241b[2J"  # ␛[2J: the user sees what was there
    assert neutralise("a\x00b\x7f") == "a\u2400b\u2421"
    assert neutralise("\u202eabc") == "\ufffdabc"
    assert neutralise("keep\nlines\tand tabs") == "keep\nlines\tand tabs"


def test_every_code_point_is_judged_alike_by_has_unsafe_and_neutralise() -> None:
    everything = "".join(chr(c) for c in range(0x110000))
    out = neutralise(everything)
    assert len(out) == len(everything)
    changed = {i for i, (a, b) in enumerate(zip(everything, out, strict=True)) if a != b}
    unsafe = {i for i, ch in enumerate(everything) if has_unsafe(ch)}
    expected = {
        i
        for i, ch in enumerate(everything)
        if (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t") or ch in BIDI_CONTROLS
    }
    assert changed == unsafe == expected
