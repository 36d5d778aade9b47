"""Citations: the full title, the outlet, the date and the URL (or the file path), in three forms.

``plain``     Fox attacks Blair's Tory 'lies', BBC, 2005-02-15, https://bbc.co.uk/…
``markdown``  [Fox attacks Blair's Tory 'lies'](https://bbc.co.uk/…), BBC, 2005-02-15
``apa``       Fox, L. (2005, February 15). Fox attacks Blair's Tory 'lies'. BBC. https://…

Every part comes from an article, so every part is neutralised and put on one line
(``tui.clipboard.clean``); in Markdown the characters that would end a link early are
escaped. No Textual here: the CLI and the tests use it as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.paths import path_from_key
from tui.clipboard import clean

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?")
# Schemes a reader can follow: anything else (javascript:, file:, data:) is shown as a path.
WEB_SCHEMES = ("http://", "https://")


@dataclass(slots=True)
class CitedArticle:
    """What a citation says about an article (any field may be unknown)."""

    title: str | None = None
    source: str | None = None
    date: str | None = None
    url: str | None = None
    path: str | None = None
    authors: list[str] = field(default_factory=list)


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address a reader can follow, else None."""
    url = clean(url or "")
    return url if url.lower().startswith(WEB_SCHEMES) and " " not in url else None


def _location(article: CitedArticle) -> str:
    """The URL, or failing that the file path (shown as a path, not a key)."""
    return web_url(article.url) or clean(path_from_key(article.path) if article.path else "")


def _title(article: CitedArticle) -> str:
    return clean(article.title or "") or "(untitled)"


def apa_date(date: str | None) -> str:
    """(2005, February 15) / (2005, February) / (2005) / (n.d.), or the date as given."""
    text = clean(date or "")
    if not text:
        return "(n.d.)"
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        return f"({text})"
    year, month, day = match.groups()
    if month is None or not 1 <= int(month) <= 12:
        return f"({year})"
    parts = f"{year}, {MONTHS[int(month) - 1]}"
    if day is not None and 1 <= int(day) <= 31:
        parts += f" {int(day)}"
    return f"({parts})"


def _apa_author(name: str) -> str:
    """Jacqueline Shi -> Shi, J.; a one-word name (an organisation) stays as it is."""
    words = clean(name).split()
    if len(words) < 2:
        return " ".join(words)
    initials = " ".join(f"{word[0]}." for word in words[:-1] if word[0].isalpha())
    return f"{words[-1]}, {initials}".rstrip(", ")


def _markdown_text(text: str) -> str:
    """Link text that cannot close the link or start other Markdown."""
    return re.sub(r"([\\\[\]`*_<>])", r"\\\1", text)


def _markdown_target(location: str) -> str:
    """A link destination: URLs as they are (spaces refused earlier), paths in <…>."""
    if web_url(location):
        return location.replace("(", "%28").replace(")", "%29")
    return "<" + location.replace("<", "%3C").replace(">", "%3E") + ">"


def cite(article: CitedArticle, fmt: str = "plain") -> str:
    """The citation of ``article`` in ``fmt`` (plain, markdown or apa), on one line."""
    title = _title(article)
    source = clean(article.source or "")
    date = clean(article.date or "")
    location = _location(article)
    if fmt == "markdown":
        head = f"[{_markdown_text(title)}]({_markdown_target(location)})" if location else title
        return ", ".join(p for p in (head, _markdown_text(source), date) if p)
    if fmt == "apa":
        authors = [_apa_author(a) for a in article.authors if clean(a)]
        if authors:
            who = (
                authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + ", & " + authors[-1]
            )
            parts = [f"{who.rstrip('.')}.", f"{apa_date(article.date)}.", _sentence(title)]
        else:  # APA: without an author the title takes the author's place
            parts = [_sentence(title), f"{apa_date(article.date)}."]
        if source:
            parts.append(_sentence(source))
        if location:
            parts.append(location)
        return " ".join(parts)
    return ", ".join(p for p in (title, source, date, location) if p)


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def with_citation(body: str, article: CitedArticle, fmt: str = "plain") -> str:
    """``body`` followed by the article's citation: ``body (citation)``; APA after a dash."""
    citation = cite(article, fmt)
    body = clean(body)
    if not body:
        return citation
    if fmt == "apa":
        return f"{body} — {citation}"
    return f"{body} ({citation})"
