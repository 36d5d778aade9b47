"""Neutralise characters that could control a terminal, one for one so offsets stay right.

Every Unicode ``Cc`` character except newline and tab (C0, DEL, C1) and the
bidirectional controls U+202A-U+202E and U+2066-U+2069 become a visible
placeholder of the same length (one code point).
"""

from __future__ import annotations

import re

_C0_PICTURES = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)}
_TABLE: dict[int, int] = {
    **_C0_PICTURES,
    0x7F: 0x2421,  # DEL -> SYMBOL FOR DELETE
    **{c: 0xFFFD for c in range(0x80, 0xA0)},  # C1 controls
    **{c: 0xFFFD for c in range(0x202A, 0x202F)},  # bidi embeddings and overrides
    **{c: 0xFFFD for c in range(0x2066, 0x206A)},  # bidi isolates
}
_UNSAFE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")


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
