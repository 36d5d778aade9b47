"""Results out, headless: the JSON contract, store exports, search results and tables as text.

Used by the command line and the app alike. Every line it yields is safe to print or save:
JSON has every control escaped (``json_bytes``: exact, it parses back to the same value),
CSV cells are neutralised against spreadsheet formulas (``csv_cell``), and text and
Markdown have their controls neutralised (``store.sanitize``). Nothing here imports Textual.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from store.sanitize import neutralise, one_line

if TYPE_CHECKING:
    from store.db import Store
    from store.readmodel.answers import SearchAnswer
    from store.records import Article, Extraction

__all__ = [
    "CSV_COLUMNS",
    "EXPORT_FORMATS",
    "FORMULA_STARTS",
    "SEARCH_FORMATS",
    "TABLE_COLUMNS",
    "TABLE_FORMATS",
    "article_json",
    "csv_cell",
    "export_lines",
    "json_bytes",
    "plural",
    "search_lines",
    "table_lines",
]

EXPORT_FORMATS = ("json", "jsonl", "csv", "md")
SEARCH_FORMATS = ("table", "json", "jsonl", "csv", "md")
TABLE_FORMATS = ("table", "json", "jsonl", "csv", "md")


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 article", "2 articles", "1 entity", "3 entities" (``many``: the irregular plural)."""
    if count == 1:
        return f"{count} {word}"
    if many is None:
        many = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{count} {many}"


def _safe(value: object) -> str:
    return one_line(value if isinstance(value, str) else str(value))


# ----- JSON that a terminal can show -------------------------------------------------------------

# orjson escapes C0 controls (JSON must) but writes DEL, the C1 controls (U+0080-U+009F,
# U+009B is a one-byte CSI) and the bidi controls raw, and refuses lone surrogates (a file
# name that is not UTF-8). In UTF-8 output each of those has exactly these byte forms, and
# outside strings JSON is ASCII, so escaping the bytes is exact: the parsed JSON is unchanged.
_JSON_UNSAFE = re.compile(
    rb"\x7f"  # DEL
    rb"|\xc2[\x80-\x9f]"  # C1
    rb"|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"  # U+202A-U+202E, U+2066-U+2069
    rb"|\xed[\xa0-\xbf][\x80-\xbf]"  # lone surrogates, from the fallback below
)


def _json_escape(match: re.Match[bytes]) -> bytes:
    return b"\\u%04x" % ord(match.group().decode("utf-8", "surrogatepass"))


def json_bytes(value: Any) -> bytes:
    """``value`` as compact JSON (UTF-8) with no byte that could drive a terminal.

    Exact: parsing it gives ``value`` back. A lone surrogate (a non-UTF-8 byte of a file
    name, as Python decodes it) is written as its ``\\udcXX`` escape, which Python's ``json``
    reads back losslessly (strict parsers such as orjson refuse it).
    """
    import orjson

    try:
        data = orjson.dumps(value)
    except TypeError:  # "surrogates not allowed": the standard library writes them
        data = json.dumps(
            _finite(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False
        ).encode("utf-8", "surrogatepass")
    return _JSON_UNSAFE.sub(_json_escape, data) if _JSON_UNSAFE.search(data) else data


def _json_line(value: Any) -> str:
    # Every byte json_bytes leaves is valid UTF-8 (surrogates are escaped): decoding is exact.
    return json_bytes(value).decode("utf-8")


def _finite(value: Any) -> Any:
    """``value`` with non-finite floats as null, as orjson writes them (for the fallback)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


# ----- CSV a spreadsheet shows as data -----------------------------------------------------------

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as data, never runs, and a terminal cannot obey.

    Numbers we write ourselves (ints and finite floats: offsets and figure values) stay
    numbers, a negative one included: ``-2.5`` is read as a number, not a formula. Anything
    else is text: its controls are neutralised (newlines kept, in a quoted cell) and, when
    it starts with ``= + - @``, a tab or a carriage return, it gets a leading ``'`` (so
    ``=HYPERLINK(...)`` is exported as ``'=HYPERLINK(...)``). A list is one cell, its
    items joined by "; ".
    """
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return value
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = neutralise(value if isinstance(value, str) else str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_lines(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
        yield buffer.getvalue().rstrip("\n")
        buffer.seek(0)
        buffer.truncate()
    if buffer.getvalue():  # the header of an empty table
        yield buffer.getvalue().rstrip("\n")


# ----- the store, article by article -------------------------------------------------------------


def article_json(article: Article, extraction: Extraction) -> dict[str, Any]:
    """The JSON contract of ``extract --json`` and ``export``: the article and every item field."""
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "date": article.date,
        "source": article.source,
        "url": article.url,
        "authors": article.authors,
        "language": article.language,
        "text": article.text,
        **extraction.to_dict(),
    }


_ITEM_KIND = {"entities": "entity", "quotes": "quote", "figures": "figure"}
CSV_COLUMNS = (
    "article_id",
    "article_title",
    "item",
    "start",
    "end",
    "text",
    "type",
    "kind",
    "canonical",
    "speaker",
    "speaker_role",
    "speaker_start",
    "speaker_end",
    "value",
    "unit",
    "noun",
    "context",
)


def export_lines(store: Store, fmt: str) -> Iterator[str]:
    """The whole store as ``fmt`` (json, jsonl, csv, md), line by line (no newlines)."""
    if fmt == "json":
        yield "["
        first = True
        for article, extraction in store.iter_all():
            yield ("" if first else ",") + _json_line(article_json(article, extraction))
            first = False
        yield "]"
    elif fmt == "jsonl":
        for article, extraction in store.iter_all():
            yield _json_line(article_json(article, extraction))
    elif fmt == "csv":

        def rows() -> Iterator[dict[str, Any]]:
            for article, extraction in store.iter_all():
                for kind in ("entities", "quotes", "figures"):
                    for item in getattr(extraction, kind):
                        head = {"article_id": article.id, "article_title": article.title}
                        yield {**head, "item": _ITEM_KIND[kind], **asdict(item)}

        yield from _csv_lines(CSV_COLUMNS, rows())
    elif fmt == "md":
        for article, extraction in store.iter_all():
            yield from _markdown(article, extraction)
    else:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")


def _markdown(article: Article, extraction: Extraction) -> Iterator[str]:
    yield f"## {_safe(article.title)}"
    yield ""
    meta = [f"`{_safe(article.id)}`", _safe(article.path)] + [
        _safe(m) for m in (article.date, article.source) if m
    ]
    yield " · ".join(meta)
    yield ""
    if extraction.entities:
        yield "**Entities**: " + "; ".join(
            f"{_safe(e.canonical)} ({_safe(e.type)})"
            for e in {(e.canonical, e.type): e for e in extraction.entities}.values()
        )
        yield ""
    for quote in extraction.quotes:
        yield f"> {_safe(quote.text)}"
        yield f"> — {_safe(quote.speaker or 'unattributed')}"
        yield ""
    if extraction.figures:
        yield "**Figures**: " + "; ".join(
            f"{_safe(f.text)} ({_safe(f.kind)})" for f in extraction.figures
        )
        yield ""


# ----- search results ------------------------------------------------------------------------------

_WORD = {"entities": "entity", "quotes": "quote", "figures": "figure", "articles": "article"}
_HEADING = {
    "entities": "Entities",
    "quotes": "Quotes",
    "figures": "Figures",
    "articles": "Articles",
}
SEARCH_CSV_COLUMNS = (
    "item",
    "article_id",
    "article_title",
    "text",
    "speaker",
    "speaker_role",
    "canonical",
    "type",
    "kind",
    "value",
    "unit",
    "noun",
    "mentions",
    "articles",
    "date",
    "source",
    "path",
    "start",
    "end",
)


def _total(answer: SearchAnswer, name: str) -> tuple[int, bool]:
    count = answer.totals.get(name)
    if count is None:
        return len(answer.section(name)), False
    return count.n, count.capped


def _search_line(answer: SearchAnswer, name: str, row: dict[str, Any]) -> str:
    """One result as a line of text (neutralised)."""
    if name == "entities":
        return (
            f"{_safe(row['canonical'])} ({_safe(row['type'])}): "
            f"{plural(row['mentions'], 'mention')} in {plural(row['articles'], 'article')}"
        )
    title = _safe(answer.titles.get(row.get("article_id", ""), row.get("article_id", "")))
    if name == "quotes":
        who = _safe(row["speaker"]) if row.get("speaker") else "unattributed"
        return f"\u201c{_safe(row.get('text') or '')}\u201d \u2014 {who} [{title}]"
    if name == "figures":
        unit = f" {_safe(row['unit'])}" if row.get("unit") else ""
        return f"{_safe(row.get('text') or '')} ({_safe(row['kind'])}{unit}) [{title}]"
    meta = ", ".join(_safe(m) for m in (row.get("date"), row.get("source")) if m)
    return _safe(row["title"]) + (f"  ({meta})" if meta else "")


def _more(answer: SearchAnswer, name: str) -> str | None:
    total, capped = _total(answer, name)
    more = total - len(answer.section(name))
    if more <= 0:
        return None
    return f"\u2026 and {more:,}{'+' if capped else ''} more (--limit N shows more; 0: all)"


def _search_text(answer: SearchAnswer) -> Iterator[str]:
    totals = []
    for name in answer.order:
        total, capped = _total(answer, name)
        word = _WORD[name]
        many = "entities" if name == "entities" else word + "s"
        totals.append(f"{total:,}{'+' if capped else ''} {word if total == 1 else many}")
    yield ", ".join(totals)
    for name in answer.order:
        rows = answer.section(name)
        if not rows:
            continue
        yield ""
        yield _HEADING[name]
        for row in rows:
            yield "  " + _search_line(answer, name, row)
        if (more := _more(answer, name)) is not None:
            yield "  " + more


def _search_items(answer: SearchAnswer) -> Iterator[dict[str, Any]]:
    """Every result as one flat record, with ``item`` saying what it is."""
    for name in answer.order:
        for row in answer.section(name):
            if name == "articles":
                record = {"item": "article", "article_id": row["id"], "article_title": row["title"]}
                record.update({k: row[k] for k in ("date", "source", "path")})
            else:
                record = {"item": _WORD[name], **row}
                if "article_id" in row:
                    record["article_title"] = answer.titles.get(row["article_id"])
            yield record


def _md_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    # A pipe would end the cell; a backslash before it keeps it text.
    return _safe(value).replace("\\", "\\\\").replace("|", "\\|")


def _search_markdown(answer: SearchAnswer) -> Iterator[str]:
    yield f"# Search: {_md_cell(answer.query)}"
    yield ""
    for line in _search_text(answer):
        if not line:
            continue
        if line in _HEADING.values():
            yield ""
            yield f"## {line}"
            yield ""
        elif line.startswith("  "):
            yield "- " + line.strip().replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")
        else:
            yield line


def search_lines(answer: SearchAnswer, fmt: str = "table") -> Iterator[str]:
    """``answer`` as ``fmt``: table (text), json (one object, the ``--json`` contract),
    jsonl (one record per result), csv (one row per result) or md."""
    if fmt == "table":
        yield from _search_text(answer)
    elif fmt == "json":
        yield _json_line(answer.to_dict())
    elif fmt == "jsonl":
        for record in _search_items(answer):
            yield _json_line(record)
    elif fmt == "csv":
        yield from _csv_lines(SEARCH_CSV_COLUMNS, _search_items(answer))
    elif fmt == "md":
        yield from _search_markdown(answer)
    else:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(SEARCH_FORMATS)}")


# ----- corpus tables -------------------------------------------------------------------------------

TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "speakers": ("name", "quotes", "articles", "roles", "sources", "first_date", "last_date"),
    "entities": ("name", "type", "mentions", "articles"),
    "figures": (
        "text",
        "value",
        "unit",
        "kind",
        "noun",
        "date",
        "title",
        "path",
        "article_id",
        "start",
        "end",
    ),
}
# What the text table shows (the rest is in json/csv): narrow enough for a terminal.
_TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "speakers": ("name", "quotes", "articles", "roles", "sources", "first_date", "last_date"),
    "entities": ("name", "type", "mentions", "articles"),
    "figures": ("text", "value", "unit", "kind", "noun", "date", "title"),
}
_WIDEST = 40  # a text cell longer than this is cut with "…"


def _text_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() and abs(value) >= 1000 else f"{value:g}"
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    text = _safe(value)
    return text if len(text) <= _WIDEST else text[: _WIDEST - 1] + "\u2026"


def _text_table(columns: Sequence[str], rows: list[dict[str, Any]]) -> Iterator[str]:
    cells = [[_text_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    numeric = [
        all(isinstance(row.get(c), int | float) or row.get(c) is None for row in rows) and rows
        for c in columns
    ]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    yield line(list(columns))
    yield line(["-" * w for w in widths])
    for r in cells:
        yield line(r)


def table_lines(
    table: str, rows: list[dict[str, Any]], fmt: str = "table", *, more: str | None = None
) -> Iterator[str]:
    """Rows of a corpus table (``store.readmodel.answers.table_rows``) as ``fmt``: table
    (aligned text, ``more`` said under it), json (a list of rows), jsonl, csv or md."""
    columns = TABLE_COLUMNS[table]
    if fmt == "table":
        if not rows:
            yield f"No {table}."
            return
        yield from _text_table(_TEXT_COLUMNS[table], rows)
        if more:
            yield more
    elif fmt == "json":
        yield _json_line(rows)
    elif fmt == "jsonl":
        for row in rows:
            yield _json_line(row)
    elif fmt == "csv":
        yield from _csv_lines(columns, rows)
    elif fmt == "md":
        yield "| " + " | ".join(columns) + " |"
        yield "|" + "|".join("---" for _ in columns) + "|"
        for row in rows:
            yield "| " + " | ".join(_md_cell(row.get(c)) for c in columns) + " |"
    else:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(TABLE_FORMATS)}")
