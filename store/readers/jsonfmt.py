"""JSON, JSON Lines and JSON Feed articles, streamed record by record, in the field names dumps use.

Record shapes recognised: news-please (``maintext``, ``date_publish``, ``source_domain``,
``title_rss``…), CC-News / Hugging Face ``cc_news`` (``text``, ``date``, ``domain``…), JSON Feed
(``items`` with ``content_text``/``content_html``, ``date_published``, ``authors``) and the same
names as CSV/Parquet columns. JSON Lines and JSON lists are read one record at a time, so a dump
of any size is read and the size limit holds for each record; ``NaN``/``Infinity`` (which
Python's ``json.dump`` writes by default) are read as null, with one note per file.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import orjson

from store.readers.common import (
    MAX_RECORD_BYTES,
    MAX_SKIP_BYTES,
    LongLine,
    ReadFailure,
    damaged_reason,
    decode,
    decompress_error,
    iter_lines,
    long_line_reason,
    make_article,
    normalise_text,
    open_stream,
    read_limited,
    split_suffix,
    too_large_reason,
)
from store.records import Article

# The article fields, and the names a record may give each one (first with a value wins).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "title_rss", "title_page"),
    "text": ("maintext", "text", "body", "content", "content_text", "article"),
    "date": (
        "date_publish",
        "date",
        "published",
        "date_published",
        "published_at",
        "publish_date",
        "pubdate",
        "date_modify",
    ),
    "url": ("url", "link", "external_url"),
    "source": ("source_domain", "domain", "source", "sitename"),
    "authors": ("authors", "author", "byline"),
}
FIELDS = tuple(FIELD_NAMES)
# A top-level JSON object (one article, or a JSON Feed with its items) is parsed whole: up to this.
MAX_JSON_OBJECT_BYTES = 64 * 1024 * 1024

Columns = Mapping[str, str]  # article field -> the column/key that holds it (user override)
Results = list[Article | ReadFailure]


def parse_columns(spec: str) -> dict[str, str]:
    """``"text=body,date=published_at"`` -> {"text": "body", "date": "published_at"}; ValueError if bad."""
    out: dict[str, str] = {}
    for part in spec.split(","):
        if not part.strip():
            continue
        field, sep, column = part.partition("=")
        field, column = field.strip().lower(), column.strip()
        if not sep or not field or not column:
            raise ValueError(f"{part.strip()!r}: expected FIELD=COLUMN, e.g. text=body")
        if field not in FIELD_NAMES:
            raise ValueError(f"unknown field {field!r} (the fields are {', '.join(FIELDS)})")
        out[field] = column
    return out


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Keys:
    """An object's keys found case-insensitively (a spreadsheet says "Title", a dump "title")."""

    __slots__ = ("lower", "obj")

    def __init__(self, obj: Mapping[str, Any]) -> None:
        self.obj = obj
        self.lower = {k.lower(): k for k in obj if isinstance(k, str)}

    def get(self, name: str) -> Any:
        if name in self.obj:
            return self.obj[name]
        key = self.lower.get(name.lower())
        return None if key is None else self.obj[key]

    def first(self, field: str, columns: Columns | None) -> Any:
        """The field's value: from the override column when one is given, else the first named one."""
        if columns and field in columns:
            value = self.get(columns[field])
            return None if _blank(value) else value
        for name in FIELD_NAMES[field]:
            value = self.get(name)
            if not _blank(value):
                return value
        return None


def _authors(value: object) -> list[str]:
    """Authors from a list of names or of {"name": …} (JSON Feed), one name, or "A; B" / "['A', 'B']"."""
    if isinstance(value, dict):
        value = [value]
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("[") and text.endswith("]"):  # a list written out in a CSV cell
            quoted = re.findall(r"\"([^\"]*)\"|'([^']*)'", text)
            return [a or b for a, b in quoted if (a or b).strip()]
        return [a.strip() for a in re.split(r"[;|]", text) if a.strip()]
    if not isinstance(value, list):
        return []
    out: list[str] = []
    for item in value:
        if isinstance(item, dict):
            item = item.get("name")
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            out.append(str(item))
    return out


_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre"}


def html_fragment_text(markup: str) -> str:
    """The text of an HTML fragment (a feed item's body): paragraphs become blank-line breaks."""
    import lxml.html  # lazily: only feed items with HTML bodies need it

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except Exception:  # lxml raises many types on hostile markup; fall back to bare text
        return re.sub(r"<[^>]*>", " ", markup)
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n\n" + (el.tail or "")
    text = root.text_content()
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def article_from_object(
    path: Path,
    obj: object,
    where: str,
    columns: Columns | None = None,
    defaults: Mapping[str, Any] | None = None,
) -> Article:
    """One article from a decoded record; ``where`` names it in errors ("item 3", "line 7", "row 2").

    ``defaults`` fill fields the record lacks (a JSON Feed's title as each item's source).
    """
    if not isinstance(obj, dict):
        raise ReadFailure(
            f"{where}: expected a JSON object with an article, found {type(obj).__name__}"
        )
    keys = _Keys(obj)
    raw_text = keys.first("text", columns)
    if raw_text is None and not (columns and "text" in columns):
        markup = keys.get("content_html")
        if isinstance(markup, str) and markup.strip():
            raw_text = html_fragment_text(markup)
    if not isinstance(raw_text, str) or not raw_text.strip():
        wanted = (
            f"a {columns['text']!r}" if columns and "text" in columns else "a 'maintext' or 'text'"
        )
        raise ReadFailure(f"{where}: no article text (expected {wanted} field)")
    if len(raw_text) > MAX_RECORD_BYTES:
        raise ReadFailure(f"{where}: {too_large_reason(len(raw_text.encode('utf-8', 'replace')))}")
    defaults = defaults or {}

    def field(name: str) -> Any:
        value = keys.first(name, columns)
        return defaults.get(name) if value is None else value

    title = field("title")
    return make_article(
        path,
        normalise_text(raw_text),
        title=title if isinstance(title, str) else None,
        date_value=field("date"),
        source=field("source"),
        url=field("url"),
        authors=_authors(field("authors")),
    )


# ----- decoding one record ----------------------------------------------------------------------

_NAN_TOKEN = re.compile(rb"NaN|Infinity")


class _Decoder:
    """Decodes records of one file, counting NaN/Infinity read as null and noting non-UTF-8 text."""

    def __init__(self) -> None:
        self.nan_values = 0
        self.warnings: list[str] = []

    def loads(self, raw: bytes) -> Any:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            if "UTF-8" in str(exc):  # a stray Latin-1/Windows-1252 byte, as a text file may hold
                text, warning = decode(raw)
                if warning and not self.warnings:
                    self.warnings.append(warning)
                raw = text.encode("utf-8", "surrogatepass")
                try:
                    return orjson.loads(raw)
                except orjson.JSONDecodeError as again:
                    exc = again
            if not _NAN_TOKEN.search(raw):
                raise exc from None
            return self._loads_with_nan(raw, exc)

    def _loads_with_nan(self, raw: bytes, error: orjson.JSONDecodeError) -> Any:
        # Python's json reads NaN/Infinity/-Infinity; each becomes None. Only that is relaxed:
        # a record that orjson refuses for another reason (lone surrogates…) is still refused.
        count = 0

        def constant(_name: str) -> None:
            nonlocal count
            count += 1

        try:
            obj = json.loads(raw, parse_constant=constant)
            orjson.dumps(obj)
        except (ValueError, TypeError, RecursionError, orjson.JSONEncodeError):
            raise error from None
        self.nan_values += count
        return obj

    def notes(self) -> list[str]:
        notes = list(self.warnings)
        if self.nan_values:
            noun = "value" if self.nan_values == 1 else "values"
            notes.append(f"{self.nan_values} {noun} NaN/Infinity read as null")
        return notes


def _too_large(where: str, long: LongLine) -> ReadFailure:
    return ReadFailure(f"{where}: {long_line_reason(long)}")


def _broken_stream(path: Path, exc: Exception, results: Results) -> None:
    """A compressed stream broke mid-file: keep what was read, say so in one line, else re-raise."""
    if not (split_suffix(path.name)[1] and decompress_error(exc)):
        raise exc
    read = sum(1 for r in results if isinstance(r, Article))
    results.append(
        ReadFailure(f"{damaged_reason(path, exc)}; the {read} articles before it were read")
    )


def _utf16(head: bytes) -> bool:
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _whole_utf8(path: Path, size: int) -> bytes:
    """A UTF-16 file (rare for dumps) read whole, as before, and re-encoded as UTF-8."""
    text, _ = decode(read_limited(path, size))
    return text.encode("utf-8", "surrogatepass")


# ----- JSON Lines -------------------------------------------------------------------------------


def read_jsonl(path: Path, size: int, columns: Columns | None = None) -> tuple[Results, list[str]]:
    """A .jsonl file: one article object per line; a broken line is reported, the rest still read."""
    results: Results = []
    decoder = _Decoder()
    seen_any = False
    with open_stream(path) as stream:
        try:
            for number, line in enumerate(iter_lines(stream), start=1):
                if isinstance(line, LongLine):
                    results.append(_too_large(f"line {number}", line))
                    seen_any = True
                    continue
                if number == 1:
                    if _utf16(line):
                        return _jsonl_lines(path, _whole_utf8(path, size), columns, decoder)
                    line = line.removeprefix(codecs.BOM_UTF8)
                if not line.strip():
                    continue
                seen_any = True
                results.append(_record(path, line, f"line {number}", columns, decoder, column=True))
        except Exception as exc:
            _broken_stream(path, exc, results)
    if not seen_any and not results:
        raise ReadFailure("empty file")
    return results, decoder.notes()


def _jsonl_lines(
    path: Path, data: bytes, columns: Columns | None, decoder: _Decoder
) -> tuple[Results, list[str]]:
    results: Results = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.strip():
            results.append(_record(path, line, f"line {number}", columns, decoder, column=True))
    if not results:
        raise ReadFailure("empty file")
    return results, decoder.notes()


def _record(
    path: Path,
    raw: bytes,
    where: str,
    columns: Columns | None,
    decoder: _Decoder,
    *,
    column: bool,
) -> Article | ReadFailure:
    try:
        obj = decoder.loads(raw)
    except orjson.JSONDecodeError as exc:
        at = f" at column {exc.colno}" if column else ""
        return ReadFailure(f"{where}: malformed JSON{at}: {exc.msg}")
    except RecursionError:
        return ReadFailure(f"{where}: malformed JSON: nested too deeply")
    try:
        return article_from_object(path, obj, where, columns)
    except ReadFailure as exc:
        return exc


# ----- JSON: a list streamed item by item, or one object -------------------------------------------

_OUTSIDE = re.compile(rb'[\[\]{}",]')
_INSIDE = re.compile(rb'["\\]')
_CHUNK = 1024 * 1024


class _Unclosed:
    """The file ended inside the list."""


def _list_items(
    stream: IO[bytes], buf: bytes, limit: int = MAX_RECORD_BYTES
) -> Iterator[bytes | LongLine | _Unclosed]:
    """The raw bytes of each item of the JSON list whose ``[`` is ``buf[0]``, read in chunks.

    Only strings and brackets are tracked (each item is then parsed by orjson), so a list of any
    length costs one item's memory; an item over ``limit`` is skipped and given as a LongLine.
    """
    pos = start = 1
    depth = 0
    in_str = False
    dropped = 0  # bytes of an oversized item let go so far (0: the item is being kept)
    while True:
        if in_str:
            m = _INSIDE.search(buf, pos)
            if m is not None:
                if m.group() == b'"':
                    in_str = False
                    pos = m.end()
                    continue
                if m.end() < len(buf):  # a backslash and the byte it escapes
                    pos = m.end() + 1
                    continue
                pos = m.start()  # the escaped byte is in the next chunk
            else:
                pos = len(buf)
        else:
            m = _OUTSIDE.search(buf, pos)
            if m is not None:
                c = m.group()
                pos = m.end()
                if c == b'"':
                    in_str = True
                elif c in (b"[", b"{"):
                    depth += 1
                elif c in (b"]", b"}") and depth:
                    depth -= 1
                elif depth == 0:  # an item ends: at a comma or the closing bracket
                    item = buf[start : m.start()]
                    if dropped or len(item) > limit:
                        yield LongLine(dropped + len(item), True)
                    elif item.strip() or c == b",":
                        yield item
                    dropped = 0
                    start = pos
                    if c != b",":
                        return
                continue
        # Need more bytes. An item past the limit is let go of as it streams by.
        if dropped or len(buf) - start > limit:
            dropped += pos - start
            if dropped > MAX_SKIP_BYTES:
                yield LongLine(dropped, False)
                return
            buf, start = buf[pos:], 0
            pos = 0
        chunk = stream.read(_CHUNK)
        if not chunk:
            if dropped:
                yield LongLine(dropped + len(buf), True)
            yield _Unclosed()
            return
        buf = buf[start:] + chunk
        pos -= start
        start = 0


def read_json(path: Path, size: int, columns: Columns | None = None) -> tuple[Results, list[str]]:
    """A .json file: a list of article objects (streamed), one article object, or a JSON Feed."""
    decoder = _Decoder()
    with open_stream(path) as stream:
        head = stream.read(_CHUNK)
        if _utf16(head):
            return _parse_whole(path, _whole_utf8(path, size), columns, decoder)
        head = head.removeprefix(codecs.BOM_UTF8)
        stripped = head.lstrip()
        while not stripped:  # leading blank space longer than a chunk
            more = stream.read(_CHUNK)
            if not more:
                raise ReadFailure("empty file")
            if len(head) > MAX_RECORD_BYTES:
                raise ReadFailure("no JSON in the first 5 MB, only blank space")
            head += more
            stripped = head.lstrip()
        if stripped.startswith(b"["):
            return _read_list(path, stream, stripped, columns, decoder)
        try:
            rest = stream.read(MAX_JSON_OBJECT_BYTES + 1 - len(stripped))
        except Exception as exc:
            if split_suffix(path.name)[1] and decompress_error(exc):
                raise ReadFailure(damaged_reason(path, exc)) from exc
            raise
    data = stripped + rest
    if len(data) > MAX_JSON_OBJECT_BYTES:
        raise ReadFailure(
            f"a single JSON object over {MAX_JSON_OBJECT_BYTES // 1024 // 1024} MB "
            "(a list of articles or JSON Lines is read at any size)"
        )
    return _parse_whole(path, data, columns, decoder)


def _read_list(
    path: Path,
    stream: IO[bytes],
    buf: bytes,
    columns: Columns | None,
    decoder: _Decoder,
) -> tuple[Results, list[str]]:
    results: Results = []
    count = 0
    kinds: set[str] = set()
    dicts = 0
    try:
        for item in _list_items(stream, buf):
            if isinstance(item, _Unclosed):
                results.append(ReadFailure("malformed JSON: the file ends inside the list"))
                break
            count += 1
            where = f"item {count}"
            if isinstance(item, LongLine):
                results.append(_too_large(where, item))
                dicts += 1
                continue
            result = _record(path, item, where, columns, decoder, column=False)
            if isinstance(result, ReadFailure) and "found " in str(result):
                kinds.add(str(result).rsplit("found ", 1)[1])
            else:
                dicts += 1
            results.append(result)
    except Exception as exc:
        _broken_stream(path, exc, results)
    if count == 0 and not results:
        raise ReadFailure("an empty JSON list: no articles")
    if count and not dicts:  # the wrong shape: one line, not one per item
        raise ReadFailure(
            "expected a JSON object or a list of objects, "
            f"found {' and '.join(sorted(kinds))} in all {count} items of the list"
        )
    return results, decoder.notes()


def _parse_whole(
    path: Path, data: bytes, columns: Columns | None, decoder: _Decoder
) -> tuple[Results, list[str]]:
    if not data.strip():
        raise ReadFailure("empty file")
    try:
        obj = decoder.loads(data)
    except orjson.JSONDecodeError as exc:
        raise ReadFailure(
            f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    if isinstance(obj, list):  # a UTF-16 list, read whole
        results: Results = []
        for index, item in enumerate(obj, start=1):
            try:
                results.append(article_from_object(path, item, f"item {index}", columns))
            except ReadFailure as exc:
                results.append(exc)
        if not results:
            raise ReadFailure("an empty JSON list: no articles")
        return results, decoder.notes()
    if not isinstance(obj, dict):
        raise ReadFailure(
            f"expected a JSON object or a list of objects, found {type(obj).__name__}"
        )
    if _is_json_feed(obj):
        return _feed_items(path, obj, columns), decoder.notes()
    return [article_from_object(path, obj, "the object", columns)], decoder.notes()


def _is_json_feed(obj: dict[str, Any]) -> bool:
    version = obj.get("version")
    return isinstance(obj.get("items"), list) and (
        (isinstance(version, str) and "jsonfeed" in version) or "home_page_url" in obj
    )


def _feed_items(path: Path, feed: dict[str, Any], columns: Columns | None) -> Results:
    defaults: dict[str, Any] = {
        "source": feed.get("title") if isinstance(feed.get("title"), str) else None,
        "authors": feed.get("authors") or feed.get("author"),
    }
    results: Results = []
    for index, item in enumerate(feed["items"], start=1):
        try:
            results.append(article_from_object(path, item, f"item {index}", columns, defaults))
        except ReadFailure as exc:
            results.append(exc)
    if not results:
        raise ReadFailure("a JSON Feed with no items")
    return results
