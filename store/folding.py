"""Fold text for matching (case and compatibility forms), with a map back to the original.

``fold`` is NFKC, full case folding, NFKC again, then combining marks left on an
ASCII letter removed (they have no precomposed form: the dot of ``İ`` folded to
``i̇``). So ``istanbul`` finds ``İstanbul`` and ``ISTANBUL``, ``strasse`` finds
``Straße``, ``finance`` finds ``ﬁnance`` (a ligature) and ``abc`` finds ``ＡＢＣ``
(full width).
Folding changes lengths (``ß`` is ``ss``, ``ﬁ`` is ``fi``, ``ｶﾞ`` one character from
two), so ``fold_map`` also says which original characters each folded one came from:
a match found in the folded text maps back to a span of the original for highlighting.

    fold(text) -> str
    fold_map(text) -> Folded: .text (== fold(text)), .original, .span(start, end)
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass

# Where folding a text piece by piece gives what folding it whole does: before every
# ASCII character. NFKC never composes an ASCII character with what precedes it (no
# composition has one as its second part; an ASCII character is a starter, so nothing
# reorders across it), and case folding looks at one character at a time.
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Combining marks still on an ASCII letter after NFKC have no precomposed form (the dot
# of a folded İ): they go. Marks of other scripts are part of their words and stay.
_STRANDED = re.compile(
    r"(?<=[a-z])[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)


def fold(text: str) -> str:
    """``text`` folded for matching: compatibility forms and case removed."""
    if text.isascii():
        return text.lower()  # the same as the whole fold for ASCII, and much faster
    # casefold can decompose (İ → i + U+0307); the second NFKC recomposes what it can.
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return _STRANDED.sub("", folded)


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded text, and for each of its characters the original characters it came from."""

    text: str
    original: str
    # starts[k], ends[k]: the original span folded character k came from; None: the
    # same position (a text whose folding kept every character in place).
    starts: array[int] | None = None
    ends: array[int] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that folded ``text[start:end]`` (non-empty) came from."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def fold_map(text: str) -> Folded:
    """``fold(text)`` with the map back: each folded character to its original span.

    The text is folded in pieces that fold alike alone and together (an ASCII character
    and the non-ASCII ones after it); each piece maps back character by character when
    its characters fold one by one to the same thing, else as a whole (a letter and its
    combining accent become one character: both are its origin).
    """
    folded = fold(text)
    if text.isascii():
        return Folded(folded, text)
    starts = array("i")
    ends = array("i")
    pieces: list[str] = []
    done = 0  # original text up to here is folded
    for m in _NON_ASCII.finditer(text):
        start = m.start() - 1 if m.start() > 0 else 0  # with the ASCII character before it
        if start > done:  # plain ASCII: one for one
            pieces.append(text[done:start].lower())
            starts.extend(range(done, start))
            ends.extend(range(done + 1, start + 1))
        _map_piece(text, start, m.end(), pieces, starts, ends)
        done = m.end()
    if done < len(text):
        pieces.append(text[done:].lower())
        starts.extend(range(done, len(text)))
        ends.extend(range(done + 1, len(text) + 1))
    joined = "".join(pieces)
    # Folding piece by piece is the whole fold (see _NON_ASCII); if a Unicode update ever
    # broke that, highlight what matched in the whole words rather than a wrong span.
    if joined != folded:  # pragma: no cover - a safety net, not a path
        return _coarse(text, folded)
    return Folded(folded, text, starts, ends)


def _map_piece(
    text: str, start: int, end: int, pieces: list[str], starts: array[int], ends: array[int]
) -> None:
    """Fold ``text[start:end]`` onto ``pieces`` and its origins onto ``starts``/``ends``."""
    piece = text[start:end]
    whole = fold(piece)
    pieces.append(whole)
    if whole == piece:  # nothing changed: in place
        starts.extend(range(start, end))
        ends.extend(range(start + 1, end + 1))
        return
    one_by_one = [fold(c) for c in piece]
    if "".join(one_by_one) == whole:
        for k, part in enumerate(one_by_one):
            starts.extend([start + k] * len(part))
            ends.extend([start + k + 1] * len(part))
        return
    # Characters that combine (an accent after its letter, Hangul jamo): map by clusters,
    # a character with its combining marks, else the piece as a whole.
    clusters: list[tuple[int, int]] = []
    for k, c in enumerate(piece):
        if clusters and unicodedata.combining(c):
            clusters[-1] = (clusters[-1][0], k + 1)
        else:
            clusters.append((k, k + 1))
    parts = [fold(piece[a:b]) for a, b in clusters]
    if "".join(parts) == whole:
        for (a, b), part in zip(clusters, parts, strict=True):
            starts.extend([start + a] * len(part))
            ends.extend([start + b] * len(part))
        return
    starts.extend([start] * len(whole))
    ends.extend([end] * len(whole))


def _coarse(text: str, folded: str) -> Folded:
    """Every folded character mapped to the whole text: spans cover it all (a last resort)."""
    return Folded(
        folded, text, array("i", [0] * len(folded)), array("i", [len(text)] * len(folded))
    )
