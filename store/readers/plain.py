"""Plain-text and Markdown articles, with an optional metadata header taken off the text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.entities import html5
from pathlib import Path

from store.readers.common import ReadFailure, decode, make_article, normalise_text, read_limited
from store.records import Article

_SEED_HEADER = re.compile(r"^ ?date (\d{4}-\d{2}-\d{2})[ \t]+(?=\S)")
_FIELD_LINE = re.compile(
    r"^(date|title|source|url|author|authors|published|byline)[ \t]*:[ \t]*(.*)$", re.IGNORECASE
)
_FRONT_MATTER_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$")
_HEADLINE_MAX = 200
# Well-formed HTML character references only: decimal, hexadecimal, or a name that HTML5
# defines, each ended by ";". "&foo", "AT&T" and "&amp" without ";" are prose and stay.
_REFERENCE = re.compile(r"&(?:#[0-9]{1,8};|#[xX][0-9a-fA-F]{1,8};|[A-Za-z][A-Za-z0-9]{1,31};)")


def _decode_reference(match: re.Match[str]) -> str:
    reference = match[0]
    if reference[1] != "#" and reference[1:] not in html5:
        return reference  # an unknown name: not a reference, and html.unescape would cut it
    # html.unescape applies HTML5's rules to numbers too: &#0; and surrogates become U+FFFD,
    # &#150; the Windows-1252 dash the writer meant.
    return html.unescape(reference)


def decode_references(text: str) -> str:
    """``text`` with its well-formed HTML character references decoded (``&#163;`` -> £).

    Text files copied from web pages carry them (30 files of the BBC corpus): decoded when
    the file is read, so the stored text, the title and every item's span agree.
    """
    if "&" not in text:
        return text
    return _REFERENCE.sub(_decode_reference, text)


@dataclass(slots=True)
class Header:
    """Metadata found before the body."""

    fields: dict[str, str] = field(default_factory=dict)
    body_start: int = 0
    title_from_first_line: str | None = None


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _front_matter(text: str) -> Header | None:
    if not text.startswith("---\n"):
        return None
    end = re.search(r"^(?:---|\.\.\.)[ \t]*$\n?", text[4:], re.MULTILINE)
    if end is None:
        return None
    header = Header(body_start=4 + end.end())
    last_key: str | None = None
    for line in text[4 : 4 + end.start()].splitlines():
        if m := _FRONT_MATTER_KEY.match(line):
            last_key = m[1].lower()
            header.fields[last_key] = _unquote(m[2])
        elif last_key and line.lstrip().startswith("- "):  # a YAML list, e.g. authors
            previous = header.fields.get(last_key, "")
            item = _unquote(line.lstrip()[2:])
            header.fields[last_key] = f"{previous}; {item}" if previous else item
        elif line.strip() and not line.lstrip().startswith("#"):
            return None  # prose between two rules, not front matter
    return header if header.fields else None


def _field_lines(text: str) -> Header | None:
    header = Header()
    pos = 0
    while pos < len(text):
        newline = text.find("\n", pos)
        line_end = len(text) if newline < 0 else newline
        m = _FIELD_LINE.match(text[pos:line_end])
        if not m:
            break
        header.fields[m[1].lower()] = _unquote(m[2])
        pos = line_end + 1
    if not header.fields:
        return None
    header.body_start = min(pos, len(text))
    return header


def parse_header(text: str) -> Header:
    """Find a leading metadata header in normalised text; ``body_start`` is where the body begins."""
    for finder in (_front_matter, _field_lines):
        if (header := finder(text)) is not None:
            while text.startswith("\n", header.body_start):
                header.body_start += 1
            return header
    if m := _SEED_HEADER.match(text):
        return Header(fields={"date": m[1]}, body_start=m.end())
    # The BBC corpus form: a headline, a blank line, the body; the headline stays in the text.
    first, sep, rest = text.partition("\n\n")
    if sep and first.strip() and "\n" not in first and len(first) <= _HEADLINE_MAX and rest.strip():
        return Header(title_from_first_line=first.strip())
    if text.startswith("# "):  # a Markdown heading
        return Header(title_from_first_line=text.split("\n", 1)[0][2:].strip())
    return Header()


def read_plain(path: Path, size: int) -> tuple[list[Article], list[str]]:
    """Read a .txt/.md article; returns the article and any warnings."""
    raw, warning = decode(read_limited(path, size))
    # References first: one may stand for a control character (&#27;), which normalising
    # then neutralises like any other.
    text = normalise_text(decode_references(raw))
    if not text.strip():
        raise ReadFailure("empty file")
    header = parse_header(text)
    body = text[header.body_start :]
    if not body.strip():
        raise ReadFailure("no article text after the header")
    fields = header.fields
    authors_field = fields.get("authors") or fields.get("author") or fields.get("byline")
    article = make_article(
        path,
        body,
        title=fields.get("title") or header.title_from_first_line,
        date_value=fields.get("date") or fields.get("published"),
        source=fields.get("source"),
        url=fields.get("url"),
        authors=[a.strip() for a in re.split(r";|,| and ", authors_field)] if authors_field else [],
    )
    return [article], [warning] if warning else []
