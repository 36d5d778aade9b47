"""Neutralise characters that could control a terminal, one for one so offsets stay right.

Every Unicode ``Cc`` character except newline and tab (C0, DEL, C1) and the
bidirectional controls U+202A-U+202E and U+2066-U+2069 become a visible
placeholder of the same length (one code point). Lone surrogates (which only a
lenient decoder can produce) become U+FFFD too: they cannot be encoded to the
terminal or the clipboard, so writing one would crash the app.
"""

from __future__ import annotations

import re

REPLACEMENT = 0xFFFD
# C0 controls get their visible "control picture" (U+2400 + code), e.g. ESC -> ␛.
_C0_PICTURES = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)}
_RANGES = (
    (0x80, 0x9F),  # C1 controls (\x9b is a one-byte CSI to many terminals)
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2066, 0x2069),  # bidi isolates
    (0xD800, 0xDFFF),  # lone surrogates
)
_TABLE: dict[int, int] = {
    **_C0_PICTURES,
    0x7F: 0x2421,  # DEL -> SYMBOL FOR DELETE
    **{c: REPLACEMENT for lo, hi in _RANGES for c in range(lo, hi + 1)},
}
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in _RANGES) + "]"
)


def has_unsafe(text: str) -> bool:
    """True when ``text`` holds a character that ``neutralise`` would replace."""
    return _UNSAFE.search(text) is not None


def neutralise(text: str) -> str:
    """Replace terminal-control characters with visible placeholders, keeping length."""
    if _UNSAFE.search(text) is None:
        return text
    return text.translate(_TABLE)


def one_line(text: str) -> str:
    """Neutralise ``text`` and fold newlines and tabs to spaces, for labels and messages."""
    return neutralise(text).replace("\n", " ").replace("\t", " ")
