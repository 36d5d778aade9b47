"""Helpers that lay out row text in fixed-width columns, measured in terminal cells."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from store.sanitize import one_line


def cell(
    value: str | Text,
    width: int,
    style: Style | str = "",
    *,
    right: bool = False,
    pad: bool = True,
) -> Text:
    """``value`` cut (and padded unless not ``pad``) to ``width`` cells; strings are neutralised."""
    text = value.copy() if isinstance(value, Text) else Text(one_line(value), style=style)
    if width <= 0:
        return Text("")
    text.truncate(width, overflow="ellipsis")
    gap = width - text.cell_len
    if gap > 0 and pad:
        if right:
            text = Text(" " * gap) + text
        else:
            text.append(" " * gap)
    return text


def join(*parts: Text, separator: str = " ") -> Text:
    """Concatenate cells with a separator."""
    return Text(separator).join(parts)


def human_number(value: float) -> str:
    """A compact, readable number: 45.3bn, 1.2m, 12,500, 0.35."""
    magnitude = abs(value)
    for threshold, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if magnitude >= threshold:
            return f"{value / threshold:,.4g}{suffix}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4g}"
