"""File paths as the store records them: a reversible, JSON-safe key for any path the system gives.

A POSIX file name is bytes. Python hands an undecodable byte (``bad\\xff.txt``) back as a lone
surrogate (``\\udcff``) that JSON, the terminal and the clipboard all refuse, so a path is
stored as its *key*: each such byte becomes the four visible characters ``\\xff`` and, so the
key reads back unambiguously, a backslash becomes ``\\\\``. Every other character is kept; an
ordinary path (no backslash, every byte UTF-8) is its own key, so stores written before keys
existed read the same. ``path_from_key`` gives the exact path back, to stat, open or compare
with what is on disk. A key is shown like any other string: through ``store.sanitize.one_line``.
"""

from __future__ import annotations

import os
import re

# Only these need escaping: the escape character itself and the lone surrogates that
# os.fsdecode ("surrogateescape") makes of undecodable bytes (U+DC80-U+DCFF), or that a
# UTF-16 file name can hold on Windows (any lone surrogate).
_NEEDS_KEY = re.compile("[\\\\\ud800-\udfff]")
_ESCAPED = re.compile(r"\\(\\|x[89a-f][0-9a-f]|u[dD][89a-fA-F][0-9a-fA-F]{2})")


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code == 0x5C:
        return "\\\\"
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def _unescape(match: re.Match[str]) -> str:
    body = match[1]
    if body == "\\":
        return "\\"
    if body[0] == "x":
        return chr(0xDC00 + int(body[1:], 16))
    return chr(int(body[1:], 16))


def path_key(path: str | os.PathLike[str]) -> str:
    """The stored, JSON-safe form of a file system path (give it a real path, never a key)."""
    text = os.fspath(path)
    if _NEEDS_KEY.search(text) is None:
        return text
    return _NEEDS_KEY.sub(_escape, text)


def path_from_key(key: str) -> str:
    """The file system path a key names (``path_from_key(path_key(p)) == p``)."""
    if "\\" not in key:
        return key
    # A backslash not followed by an escape is kept as it is: an older store's raw path.
    return _ESCAPED.sub(_unescape, key)


__all__ = ["path_from_key", "path_key"]
