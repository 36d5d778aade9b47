"""Split an article's text into display blocks that keep their character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
# Past this many blocks, neighbouring paragraphs share a widget so huge texts mount fast.
MAX_BLOCKS = 400


@dataclass(frozen=True, slots=True)
class Block:
    """A run of the article text, ``text[start:end]``, shown by one widget."""

    start: int
    end: int


def split_blocks(text: str, max_blocks: int = MAX_BLOCKS) -> list[Block]:
    """Paragraphs (separated by blank lines) as blocks; merged when there are too many."""
    blocks: list[Block] = []
    position = 0
    for separator in _BLANK_LINES.finditer(text):
        if separator.start() > position:
            blocks.append(Block(position, separator.start()))
        position = separator.end()
    if position < len(text):
        tail = text[position:].rstrip()
        if tail:
            blocks.append(Block(position, position + len(tail)))
    if len(blocks) > max_blocks:
        per_block = -(-len(blocks) // max_blocks)
        blocks = [
            Block(group[0].start, group[-1].end)
            for group in (blocks[i : i + per_block] for i in range(0, len(blocks), per_block))
        ]
    return blocks


def block_index(blocks: list[Block], offset: int) -> int:
    """Index of the block holding ``offset`` (or the nearest block after it)."""
    low, high = 0, len(blocks)
    while low < high:
        middle = (low + high) // 2
        if blocks[middle].end <= offset:
            low = middle + 1
        else:
            high = middle
    return min(low, len(blocks) - 1)
