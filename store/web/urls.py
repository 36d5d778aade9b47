"""Web addresses: which are fetched (http and https only), their normal form, and URL list files."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

from store.sanitize import one_line

WEB_SCHEMES = ("http", "https")
MAX_URL_CHARS = 8192  # far beyond real article addresses; a bound on what one line may cost
MAX_LIST_BYTES = 5 * 1024 * 1024  # a list of ~50,000 addresses
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters a URL may carry literally; anything else (spaces, non-ASCII) is percent-encoded.
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


class UrlError(ValueError):
    """An address that is not fetched; its message is the one-line reason."""


class UrlListError(ValueError):
    """A URL list file that cannot be read at all; its message is one line naming the file."""


def is_web_url(text: str) -> bool:
    """Whether a command-line argument is meant as a web address (``http://`` or ``https://``)."""
    return text.strip().lower().startswith(("http://", "https://"))


def looks_like_url(text: str) -> bool:
    """Whether ``text`` starts with a URL scheme (``ftp:``, ``file:``, ``http:`` ...)."""
    m = _SCHEME.match(text.strip())
    # "C:\\folder" is a Windows path, not a scheme
    return m is not None and len(m[1]) > 1


def normalise_url(url: str) -> str:
    """The form an address is fetched and cached under; UrlError with the reason when refused.

    The scheme and host are lower-cased, a default port and the fragment dropped, an empty path
    becomes ``/`` and characters a URL cannot carry are percent-encoded, so one page listed two
    ways is fetched once.
    """
    text = url.strip()
    if not text:
        raise UrlError("empty address")
    if len(text) > MAX_URL_CHARS:
        raise UrlError(f"address too long ({len(text)} characters; the limit is {MAX_URL_CHARS})")
    if _CONTROL.search(text):
        raise UrlError("malformed address (it holds spaces or control characters)")
    try:
        parts = urllib.parse.urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise UrlError(f"malformed address ({one_line(str(exc))})") from exc
    scheme = parts.scheme.lower()
    if scheme not in WEB_SCHEMES:
        shown = f"scheme {scheme!r}" if scheme else "no scheme"
        raise UrlError(f"not a web address ({shown}; only http and https are fetched)")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UrlError("malformed address (no host)")
    if parts.username is not None or parts.password is not None:
        # A password in a list or a feed would end up in the cache and in messages.
        raise UrlError("addresses with a user name or password are not fetched")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host.lower()
    except UnicodeError as exc:
        raise UrlError("malformed address (invalid host name)") from exc
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    path = urllib.parse.quote(parts.path or "/", safe=_SAFE_PATH)
    query = urllib.parse.quote(parts.query, safe=_SAFE_QUERY)
    return urllib.parse.urlunsplit((scheme, netloc, path, query, ""))


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a normalised address: the unit of robots.txt and politeness."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def read_url_list(path: Path | str) -> list[str]:
    """The addresses in a URL list file, one per line, as written (stripped).

    Blank lines and ``#`` comments (whole lines, or after a blank on a line) are ignored. The
    addresses are not checked here: ``collect_pages`` refuses each bad one with its own line.
    Raises UrlListError when the file cannot be read, is binary, too large or not UTF-8.
    """
    shown = one_line(str(path))
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_LIST_BYTES + 1)
    except OSError as exc:
        raise UrlListError(f"{shown}: cannot read ({exc.strerror or type(exc).__name__})") from exc
    if len(data) > MAX_LIST_BYTES:
        limit = MAX_LIST_BYTES // 1024 // 1024
        raise UrlListError(f"{shown}: too large for a URL list (the limit is {limit} MB)")
    if b"\x00" in data:
        raise UrlListError(f"{shown}: binary file (contains NUL bytes), not a URL list")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UrlListError(f"{shown}: not UTF-8 text (byte {exc.start})") from exc
    urls: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        # "https://a/b  # note": a comment after a blank; a "#" inside an address is a fragment
        line = re.split(r"\s+#", line, maxsplit=1)[0].strip()
        if line:
            urls.append(line)
    return urls
