"""Check every record read from a store file and make its strings safe to show.

A store may come from someone else, so nothing in it is trusted: each record is
checked against the schema the writer uses (types, the fixed word lists of
``store.records``, spans inside their text) before anything reads it, and every
string leaves neutralised (``store.sanitize``): one-line fields with
``one_line``, texts with ``neutralise`` (one for one, so offsets stay right).

The checks cost a few type tests per record; strings are only copied when
``has_unsafe`` finds something, which a store this program wrote never holds.

Values outside a fixed list (an entity type, a figure kind) are refused, not
mapped to "unknown": items are derived data, so ``repair`` re-extracts them
from the article's own text and nothing is lost, while an invented value would
spread into every pane, filter and export and hide the damage.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from store.records import ENTITY_TYPES, FIGURE_KINDS
from store.sanitize import has_unsafe, neutralise, one_line

ID = re.compile(r"[0-9a-f]{16}\Z")
_DOC_KEY = re.compile(r"[0-9]{1,20}\Z")
_ENTITY_TYPES = frozenset(ENTITY_TYPES)
_FIGURE_KINDS = frozenset(FIGURE_KINDS)
MAX_SHARD = 999_999  # shard numbers name files; a bigger one is not from this program


class Invalid(ValueError):
    """A record fails a check; the message says what in one line (the caller names the file)."""


# ----- strings ---------------------------------------------------------------------------------


def line(value: str) -> str:
    """``value`` safe as a one-line label (unchanged, so not copied, when it already is)."""
    if value.isprintable():  # a fast C scan; false alarms (e.g. a no-break space) look closer
        return value
    if has_unsafe(value) or "\n" in value or "\t" in value:
        return one_line(value)
    return value


def text(value: str) -> str:
    """``value`` safe to show as a text: control characters replaced one for one."""
    if all(map(str.isprintable, value.split("\n"))):  # the cheap look finds nothing mostly
        return value
    return neutralise(value)


def name(value: object, limit: int = 40) -> str:
    """A record key or bad value as it may appear in a message: one line, short."""
    shown = one_line(value if isinstance(value, str) else repr(value))
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def safe_json(value: Any) -> Any:
    """Any JSON value with every string (keys too) on one safe line (for small app state)."""
    if isinstance(value, str):
        return line(value)
    if isinstance(value, list):
        return [safe_json(v) for v in value]
    if isinstance(value, dict):
        return {line(str(k)): safe_json(v) for k, v in value.items()}
    return value


def _str(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    if type(value) is not str:
        raise Invalid(f"{key!r} is not a string")
    return value


def _opt_str(row: dict[str, Any], key: str) -> str | None:
    value = row.get(key)
    if value is not None and type(value) is not str:
        raise Invalid(f"{key!r} is neither a string nor null")
    return value


# ----- the main file -----------------------------------------------------------------------------


def meta_row(meta: Any) -> dict[str, int]:
    """The main file's meta row: ``schema`` (and the writer's versions) as whole numbers."""
    if not isinstance(meta, dict) or "schema" not in meta:
        raise Invalid("no meta table (not a newsexplore store)")
    out: dict[str, int] = {}
    for key in ("schema", "extractor_version", "shard_size"):
        if key in meta or key == "schema":
            value = meta.get(key)
            if type(value) is not int or value < 1:
                raise Invalid(f"meta {key!r} is not a whole number from 1")
            out[key] = value
    return out


def article_key(row: Any, key: str) -> str:
    """The article id of a main-file row (its key must be the one lookups compute from it)."""
    if not isinstance(row, dict):
        raise Invalid("is not an object")
    article_id = row.get("id")
    if type(article_id) is not str or not ID.match(article_id):
        raise Invalid("'id' is not 16 hex digits")
    if key != str(int(article_id, 16)):
        raise Invalid(f"is filed under the wrong key {name(key)}")
    return article_id


def article_row(key: str, row: Any) -> dict[str, Any]:
    """A main-file article row checked; its strings safe (a copy only when one was not)."""
    article_key(row, key)
    get = row.get
    title, path, date, source = get("title"), get("path"), get("date"), get("source")
    if type(title) is not str:
        raise Invalid("'title' is not a string")
    if type(path) is not str:
        raise Invalid("'path' is not a string")
    if date is not None and type(date) is not str:
        raise Invalid("'date' is neither a string nor null")
    if source is not None and type(source) is not str:
        raise Invalid("'source' is neither a string nor null")
    for field in ("n_e", "n_q", "n_f", "shard"):
        value = get(field)  # type(), not isinstance(): True is an int, but not a count
        if type(value) is not int or value < 0:
            raise Invalid(f"{field!r} is not a whole number from 0")
    if get("shard") > MAX_SHARD:
        raise Invalid(f"'shard' is not a whole number from 0 to {MAX_SHARD}")
    if type(get("xv")) is not int:
        raise Invalid("'xv' (extractor version) is not a whole number")
    if (
        title.isprintable()
        and path.isprintable()
        and (date is None or date.isprintable())
        and (source is None or source.isprintable())
        and "date" in row
        and "source" in row
    ):
        return row  # nothing to neutralise: no copy
    row = dict(row)
    row["title"], row["path"] = line(title), line(path)
    row["date"] = date if date is None else line(date)
    row["source"] = source if source is None else line(source)
    return row


def file_row(key: str, row: Any, key_of: Callable[[str], int]) -> tuple[str, int, int, list[str]]:
    """A main-file ``files`` row: (path, size, mtime_ns, article ids).

    The path is returned as stored: it is the key ingest matches against the file
    system, never text to show (whoever prints it neutralises it).
    """
    if not isinstance(row, dict):
        raise Invalid("is not an object")
    path = _str(row, "path")
    if key != str(key_of(path)):
        raise Invalid(f"is filed under the wrong key {name(key)}")
    size, mtime = row.get("size"), row.get("mtime_ns")
    if type(size) is not int or type(mtime) is not int:
        raise Invalid("'size' or 'mtime_ns' is not a whole number")
    ids = row.get("ids")
    if type(ids) is not list or not all(type(i) is str and ID.match(i) for i in ids):
        raise Invalid("'ids' is not a list of article ids")
    return path, size, mtime, ids


# ----- shard files -------------------------------------------------------------------------------

# Fields every item must have (the rest default to None when an older field order lacks them).
_REQUIRED = {
    "entities": ("start", "end", "type", "canonical"),
    "quotes": ("start", "end"),
    "figures": ("start", "end", "kind"),
}
_KNOWN: dict[str, tuple[str, ...]] = {
    "entities": ("start", "end", "type", "canonical"),
    "quotes": ("start", "end", "speaker", "speaker_role", "speaker_start", "speaker_end"),
    "figures": ("start", "end", "kind", "value", "unit", "noun", "context"),
}


def shard_keys(articles: Any) -> dict[str, Any]:
    """A shard's ``articles`` table (its keys must be document numbers)."""
    if not isinstance(articles, dict):
        raise Invalid("'articles' is not an object")
    for key in articles:
        if not _DOC_KEY.match(key):
            raise Invalid(f"an article is filed under {name(key)}, not a number")
    return articles


def field_order(meta: Any) -> dict[str, list[str]]:
    """A shard's stored field order per item kind, checked against the fields this version knows."""
    row = meta.get("1") if isinstance(meta, dict) else None
    fields = row.get("fields") if isinstance(row, dict) else None
    if not isinstance(fields, dict):
        raise Invalid("has no field order (its 'meta' table is missing or damaged)")
    out: dict[str, list[str]] = {}
    for kind, names in fields.items():
        if kind not in _KNOWN:
            raise Invalid(f"has items of an unknown kind {name(kind)}")
        if type(names) is not list or not all(type(n) is str for n in names):
            raise Invalid(f"the {kind} field order is not a list of names")
        unknown = [n for n in names if n not in _KNOWN[kind]]
        if unknown or len(set(names)) != len(names):
            raise Invalid(f"the {kind} field order names {name(unknown or names)}")
        missing = [n for n in _REQUIRED[kind] if n not in names]
        if missing:
            raise Invalid(f"the {kind} field order lacks {name(missing)}")
        out[kind] = names
    return out


def _printable(value: str | None) -> bool:
    """Cheap first look: True means nothing to neutralise (``str.isprintable`` runs in C)."""
    return value is None or value.isprintable()


def _shape(kind: str, width: int) -> Invalid:
    return Invalid(f"a row of its {kind} is not a list of {width} values")


def _outside(kind: str) -> Invalid:
    return Invalid(f"a span of its {kind} is not inside the text")


@cache
def _checker(kind: str, names: tuple[str, ...]) -> Callable[[list[Any], int], bool]:
    """The check for rows of ``kind`` stored in field order ``names`` (see ``_general``);
    for this version's own order, a faster one that unpacks each row."""
    general = _general(kind, names)
    if names != _KNOWN[kind] or kind == "quotes":  # quotes are few: the general loop will do
        return general
    if kind == "entities":
        types = _ENTITY_TYPES

        def current_entities(rows: list[Any], n: int) -> bool:
            for row in rows:
                if type(row) is not list or len(row) != 4:
                    raise _shape(kind, 4)
                a, b, ty, canonical = row
                if (
                    type(a) is not int
                    or type(b) is not int
                    or not 0 <= a <= b <= n
                    or type(ty) is not str
                    or ty not in types
                    or type(canonical) is not str
                ):
                    general([row], n)  # raises, saying what is wrong
            return not "".join([row[3] for row in rows]).isprintable()

        return current_entities
    kinds = _FIGURE_KINDS

    def current_figures(rows: list[Any], n: int) -> bool:
        clean = True
        for row in rows:
            if type(row) is not list or len(row) != 7:
                raise _shape(kind, 7)
            a, b, kind_, value, unit, noun, context = row
            if (
                type(a) is not int
                or type(b) is not int
                or not 0 <= a <= b <= n
                or type(kind_) is not str
                or kind_ not in kinds
                or (value is not None and type(value) is not float and type(value) is not int)
                or (unit is not None and type(unit) is not str)
                or (noun is not None and type(noun) is not str)
                or (context is not None and type(context) is not str)
            ):
                general([row], n)  # raises, saying what is wrong
            if clean and not (
                (unit is None or unit.isprintable())
                and (noun is None or noun.isprintable())
                and (context is None or context.isprintable())
            ):
                clean = False
        return not clean

    return current_figures


@cache
def _general(kind: str, names: tuple[str, ...]) -> Callable[[list[Any], int], bool]:
    """A function (rows, text length) -> whether a row may hold a string to neutralise;
    raises Invalid for the first row that does not fit the field order ``names``.

    Written as flat loops without calls per row: this runs for every item of every
    article each time the whole store is read.
    """
    at = {n: i for i, n in enumerate(names)}
    width = len(names)
    s, e = at["start"], at["end"]

    if kind == "entities":
        t, c = at["type"], at["canonical"]
        types = _ENTITY_TYPES

        def check_entities(rows: list[Any], n: int) -> bool:
            clean = True
            for row in rows:
                if type(row) is not list or len(row) != width:
                    raise _shape(kind, width)
                a, b, ty, canonical = row[s], row[e], row[t], row[c]
                if type(a) is not int or type(b) is not int or not 0 <= a <= b <= n:
                    raise _outside(kind)
                if type(ty) is not str or ty not in types:
                    raise Invalid(f"unknown entity type {name(ty)}")
                if type(canonical) is not str:
                    raise Invalid("an entity's 'canonical' is not a string")
                if clean and not canonical.isprintable():
                    clean = False
            return not clean

        return check_entities
    if kind == "quotes":
        sp, role = at.get("speaker"), at.get("speaker_role")
        ss, se = at.get("speaker_start"), at.get("speaker_end")

        def check_quotes(rows: list[Any], n: int) -> bool:
            clean = True
            for row in rows:
                if type(row) is not list or len(row) != width:
                    raise _shape(kind, width)
                a, b = row[s], row[e]
                if type(a) is not int or type(b) is not int or not 0 <= a <= b <= n:
                    raise _outside(kind)
                who = row[sp] if sp is not None else None
                what = row[role] if role is not None else None
                if (who is not None and type(who) is not str) or (
                    what is not None and type(what) is not str
                ):
                    raise Invalid("a quote's speaker or role is not a string")
                a = row[ss] if ss is not None else None
                b = row[se] if se is not None else None
                if (a is not None or b is not None) and (
                    type(a) is not int or type(b) is not int or not 0 <= a <= b <= n
                ):
                    raise Invalid("a quote's speaker span is not inside the text")
                if clean and not (_printable(who) and _printable(what)):
                    clean = False
            return not clean

        return check_quotes
    k, v = at["kind"], at.get("value")
    unit, noun, context = at.get("unit"), at.get("noun"), at.get("context")
    kinds = _FIGURE_KINDS

    def check_figures(rows: list[Any], n: int) -> bool:
        clean = True
        for row in rows:
            if type(row) is not list or len(row) != width:
                raise _shape(kind, width)
            a, b, kind_ = row[s], row[e], row[k]
            if type(a) is not int or type(b) is not int or not 0 <= a <= b <= n:
                raise _outside(kind)
            if type(kind_) is not str or kind_ not in kinds:
                raise Invalid(f"unknown figure kind {name(kind_)}")
            if v is not None and row[v] is not None and type(row[v]) not in (int, float):
                raise Invalid("a figure's value is not a number")
            for i in (unit, noun, context):
                if i is not None and row[i] is not None:
                    if type(row[i]) is not str:
                        raise Invalid("a figure's unit, noun or context is not a string")
                    if clean and not row[i].isprintable():
                        clean = False
        return not clean

    return check_figures


def _neutralised_rows(rows: list[Any], at: list[int]) -> list[Any]:
    out = []
    for row in rows:
        row = list(row)
        for i in at:
            if row[i] is not None:
                row[i] = line(row[i])
        out.append(row)
    return out


def _string_positions(kind: str, names: list[str]) -> list[int]:
    wanted = {
        "entities": ("canonical",),
        "quotes": ("speaker", "speaker_role"),
        "figures": ("unit", "noun", "context"),
    }[kind]
    return [i for i, n in enumerate(names) if n in wanted]


def shard_doc(doc: Any, order: dict[str, list[str]]) -> dict[str, Any]:
    """A shard's article document checked (text, url, authors, every item); strings made safe.

    Returns ``doc`` itself when nothing needed neutralising, else a safe copy.
    """
    if not isinstance(doc, dict):
        raise Invalid("is not an object")
    body = doc.get("text")
    if type(body) is not str:
        raise Invalid("'text' is not a string")
    url = _opt_str(doc, "url")
    language = doc.get("language")
    if language is not None and not (type(language) is str and 0 < len(language) <= 16):
        raise Invalid("'language' is not a short string")
    authors = doc.get("authors")
    if authors is None:
        authors = []
    elif type(authors) is not list or not all(type(a) is str for a in authors):
        raise Invalid("'authors' is not a list of strings")
    items = doc.get("items")
    if not isinstance(items, dict):
        raise Invalid("'items' is not an object")
    n = len(body)
    dirty_kinds: list[str] = []
    for kind, rows in items.items():
        if kind not in _KNOWN:
            raise Invalid(f"has items of an unknown kind {name(kind)}")
        if type(rows) is not list:
            raise Invalid(f"its {kind} are not a list")
        if not rows:
            continue
        names = order.get(kind)
        if names is None:
            raise Invalid(f"its shard has no field order for {kind}")
        if _checker(kind, tuple(names))(rows, n):
            dirty_kinds.append(kind)
    safe_body = text(body)
    safe_url = url if url is None else line(url)
    safe_authors = [line(a) for a in authors] if authors else authors
    safe_language = language if language is None else line(language)
    if (
        not dirty_kinds
        and safe_body is body
        and safe_url is url
        and safe_language is language
        and all(a is b for a, b in zip(safe_authors, authors, strict=True))
    ):
        return doc
    out = dict(doc)
    out["text"], out["url"], out["authors"] = safe_body, safe_url, safe_authors
    if language is not None:
        out["language"] = safe_language
    if dirty_kinds:
        out["items"] = {
            kind: (
                _neutralised_rows(rows, _string_positions(kind, order[kind]))
                if kind in dirty_kinds
                else rows
            )
            for kind, rows in items.items()
        }
    return out
