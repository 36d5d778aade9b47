"""JSON and JSON Lines articles, with the field names news-please and CC-News dumps use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from store.readers.common import ReadFailure, decode, make_article, normalise_text, read_limited
from store.records import Article

TEXT_FIELDS = ("maintext", "text", "body", "content")
DATE_FIELDS = ("date_publish", "date", "published", "date_modify")
SOURCE_FIELDS = ("source_domain", "domain", "source")


def _first(obj: dict[str, Any], names: tuple[str, ...]) -> Any:
    """The first field of ``names`` with a value; a blank string counts as none (dumps hold "   ")."""
    for name in names:
        value = obj.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        return value
    return None


def article_from_object(path: Path, obj: object, where: str) -> Article:
    """One article from a decoded JSON object; ``where`` names it in errors ("item 3", "line 7")."""
    if not isinstance(obj, dict):
        raise ReadFailure(
            f"{where}: expected a JSON object with an article, found {type(obj).__name__}"
        )
    raw_text = _first(obj, TEXT_FIELDS)
    if not isinstance(raw_text, str) or not raw_text.strip():
        raise ReadFailure(f"{where}: no article text (expected a 'maintext' or 'text' field)")
    authors = obj.get("authors") or obj.get("author") or []
    if isinstance(authors, str):
        authors = [authors]
    title = obj.get("title")
    return make_article(
        path,
        normalise_text(raw_text),
        title=title if isinstance(title, str) else None,
        date_value=_first(obj, DATE_FIELDS),
        source=_first(obj, SOURCE_FIELDS),
        url=obj.get("url"),
        authors=[str(a) for a in authors] if isinstance(authors, list) else [],
    )


def _decoded(path: Path, size: int) -> tuple[str, list[str]]:
    text, warning = decode(read_limited(path, size))
    if not text.strip():
        raise ReadFailure("empty file")
    return text, [warning] if warning else []


def read_json(path: Path, size: int) -> tuple[list[Article | ReadFailure], list[str]]:
    """A .json file: one article object or a list of them."""
    text, warnings = _decoded(path, size)
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise ReadFailure(
            f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    if isinstance(data, dict):
        return [article_from_object(path, data, "the object")], warnings
    if not isinstance(data, list):
        raise ReadFailure(
            f"expected a JSON object or a list of objects, found {type(data).__name__}"
        )
    if not data:
        raise ReadFailure("an empty JSON list: no articles")
    if not any(
        isinstance(obj, dict) for obj in data
    ):  # the wrong shape: one line, not one per item
        kinds = sorted({type(obj).__name__ for obj in data})
        raise ReadFailure(
            "expected a JSON object or a list of objects, "
            f"found {' and '.join(kinds)} in all {len(data)} items of the list"
        )
    results: list[Article | ReadFailure] = []
    for index, obj in enumerate(data, start=1):
        try:
            results.append(article_from_object(path, obj, f"item {index}"))
        except ReadFailure as exc:
            results.append(exc)
    return results, warnings


def read_jsonl(path: Path, size: int) -> tuple[list[Article | ReadFailure], list[str]]:
    """A .jsonl file: one article object per line; a broken line is reported, the rest still read."""
    text, warnings = _decoded(path, size)
    results: list[Article | ReadFailure] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            results.append(
                ReadFailure(f"line {number}: malformed JSON at column {exc.colno}: {exc.msg}")
            )
            continue
        try:
            results.append(article_from_object(path, obj, f"line {number}"))
        except ReadFailure as exc:
            results.append(exc)
    return results, warnings
