"""Polite, bounded HTTP GET: robots.txt, a per-site delay, timeouts, retries with backoff, size and redirect limits.

Built on urllib3 (already installed with trafilatura, well kept): it gives separate connect and
read timeouts, kept-alive connections per site and bounded streaming decompression. Redirects
and retries are done here rather than by urllib3, so every hop is checked (http/https only,
robots.txt, loops) and every failure becomes one reason a user can read.
"""

from __future__ import annotations

import codecs
import http
import re
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import urllib3
from urllib3 import exceptions as u3

from store.sanitize import one_line
from store.web.robots import (
    MAX_ROBOTS_BYTES,
    ROBOTS_AGENT,
    RobotsRules,
    rules_for_status,
    rules_from_body,
    unreachable,
)
from store.web.urls import UrlError, normalise_url, origin

MAX_BYTES = 10 * 1024 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsexplore")
    except PackageNotFoundError:
        return "dev"


def default_user_agent() -> str:
    return f"{ROBOTS_AGENT}/{_version()} (terminal news explorer; fetches pages a user named)"


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How politely and how patiently to fetch. Times in seconds, sizes in bytes."""

    user_agent: str = field(default_factory=default_user_agent)
    delay: float = 1.0  # between two requests to one site (a larger robots.txt Crawl-delay wins)
    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # the longest wait for the next bytes
    total_timeout: float = 120.0  # the longest one response may take, so a trickle is stopped
    retries: int = 3  # further tries after a 429, a 5xx or a connection failure
    backoff: float = 1.0  # the first wait before a retry; doubled each time
    max_retry_after: float = 60.0  # a longer Retry-After gives up rather than wait
    max_bytes: int = MAX_BYTES
    max_redirects: int = 10


@dataclass(frozen=True, slots=True)
class Response:
    """A successful (2xx, or 304 to a conditional GET) response, its body read whole."""

    url: str  # final, after redirects
    requested: str
    status: int
    content_type: str  # lower-case media type without parameters ("" when not given)
    charset: str | None  # as declared in Content-Type
    etag: str | None
    last_modified: str | None
    body: bytes
    fetched: str  # ISO 8601, UTC


class FetchError(Exception):
    """A URL that could not be fetched; the message is the one-line reason.

    ``status`` is the HTTP status that ended it, None for a network failure or a refusal.
    """

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.status = status


class _Retryable(Exception):
    def __init__(
        self, reason: str, retry_after: float | None = None, status: int | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.status = status


@dataclass(frozen=True, slots=True)
class _Redirect:
    location: str


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """(media type, declared charset or None) from a Content-Type header."""
    if not value:
        return "", None
    media = one_line(value.split(";", 1)[0]).strip().lower()[:100]
    m = _CHARSET.search(value)
    return media, (m[1].lower() if m else None)


def known_charset(charset: str | None) -> bool:
    """Whether Python can decode ``charset`` (a declared one may be anything)."""
    if not charset:
        return False
    try:
        codecs.lookup(charset)
    except LookupError:
        return False
    return True


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (a number or an HTTP date), None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _status_reason(status: int) -> str:
    try:
        return f"HTTP {status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def _limit_text(n: int) -> str:
    mb = n / 1024 / 1024
    return f"{mb:g} MB" if mb >= 1 else f"{n} bytes"


class Fetcher:
    """Fetches one URL at a time, politely; not thread-safe. ``close()`` when done."""

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.options = options or FetchOptions()
        self._sleep = sleep
        self._clock = clock
        self._last: dict[str, float] = {}  # site -> when its last request ended
        self._robots: dict[str, RobotsRules] = {}
        self.requests = 0  # HTTP requests sent, robots.txt included
        kwargs: dict[str, Any] = {}
        try:
            import certifi

            kwargs["ca_certs"] = certifi.where()
        except ImportError:  # the system's certificates, as urllib3 finds them
            pass
        self._pool = urllib3.PoolManager(
            num_pools=32,
            maxsize=1,
            retries=False,
            headers={
                "User-Agent": self.options.user_agent,
                "Accept-Encoding": "gzip, deflate",
            },
            **kwargs,
        )

    def close(self) -> None:
        self._pool.clear()

    # ----- politeness --------------------------------------------------------------------

    def _delay_for(self, site: str) -> float:
        delay = self.options.delay
        rules = self._robots.get(site)
        crawl = rules.crawl_delay() if rules is not None else None
        return max(delay, crawl) if crawl is not None else delay

    def _wait_turn(self, site: str) -> None:
        last = self._last.get(site)
        if last is None:
            return
        wait = last + self._delay_for(site) - self._clock()
        if wait > 0:
            self._sleep(wait)

    def rules(self, site: str) -> RobotsRules:
        """The robots.txt rules of ``site`` (``scheme://host[:port]``), fetched once per run."""
        rules = self._robots.get(site)
        if rules is not None:
            return rules
        try:
            response = self._get(
                f"{site}/robots.txt",
                headers={"Accept": "text/plain, */*;q=0.5"},
                accept=None,
                max_bytes=MAX_ROBOTS_BYTES,
                check_robots=False,
                truncate=True,
                max_redirects=5,
            )
        except FetchError as exc:
            # No answer at all is the site being down, said as such; a 5xx answer (after the
            # retries) means "do not crawl now" (RFC 9309).
            rules = (
                unreachable(str(exc))
                if exc.status is None
                else rules_for_status(exc.status, str(exc))
            )
        else:
            rules = rules_from_body(response.body)
        self._robots[site] = rules
        return rules

    def check_allowed(self, url: str) -> None:
        """Raise FetchError when robots.txt disallows ``url``."""
        rules = self.rules(origin(url))
        if rules.unreachable:
            raise FetchError(rules.why)
        if not rules.allowed(url):
            reason = "disallowed by robots.txt"
            raise FetchError(f"{reason}: {rules.why}" if rules.why else reason)

    # ----- fetching ----------------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        accept: Callable[[str, bytes], str | None] | None = None,
    ) -> Response:
        """GET a normalised http(s) URL, following redirects; FetchError with the reason.

        ``accept(media_type, first_bytes)`` returns None to read the body, or the reason the
        content is not wanted: then the body is not downloaded.
        """
        return self._get(url, headers=headers or {}, accept=accept, check_robots=True)

    def _get(
        self,
        url: str,
        *,
        headers: dict[str, str],
        accept: Callable[[str, bytes], str | None] | None,
        check_robots: bool,
        max_bytes: int | None = None,
        truncate: bool = False,
        max_redirects: int | None = None,
    ) -> Response:
        limit = self.options.max_redirects if max_redirects is None else max_redirects
        seen = {url}
        current = url
        for _hop in range(limit + 1):
            if check_robots:
                self.check_allowed(current)
            result = self._with_retries(current, headers, accept, max_bytes, truncate)
            if isinstance(result, Response):
                return Response(
                    url=result.url,
                    requested=url,
                    status=result.status,
                    content_type=result.content_type,
                    charset=result.charset,
                    etag=result.etag,
                    last_modified=result.last_modified,
                    body=result.body,
                    fetched=result.fetched,
                )
            try:
                target = normalise_url(urllib.parse.urljoin(current, result.location))
            except UrlError as exc:
                raise FetchError(f"redirected to an address that is not fetched: {exc}") from exc
            if target in seen:
                raise FetchError("redirect loop")
            seen.add(target)
            current = target
        raise FetchError(f"too many redirects (more than {limit})")

    def _with_retries(
        self,
        url: str,
        headers: dict[str, str],
        accept: Callable[[str, bytes], str | None] | None,
        max_bytes: int | None,
        truncate: bool,
    ) -> Response | _Redirect:
        site = origin(url)
        tries = 0
        while True:
            self._wait_turn(site)
            try:
                return self._once(url, headers, accept, max_bytes, truncate)
            except _Retryable as exc:
                tries += 1
                if tries > self.options.retries:
                    suffix = f" (tried {tries} times)" if tries > 1 else ""
                    raise FetchError(exc.reason + suffix, exc.status) from None
                wait = self.options.backoff * 2 ** (tries - 1)
                if exc.retry_after is not None:
                    if exc.retry_after > self.options.max_retry_after:
                        raise FetchError(
                            f"{exc.reason} (the server asks to wait {exc.retry_after:.0f} s; "
                            f"gave up)",
                            exc.status,
                        ) from None
                    wait = max(wait, exc.retry_after)
                self._sleep(wait)
            finally:
                self._last[site] = self._clock()

    def _once(
        self,
        url: str,
        headers: dict[str, str],
        accept: Callable[[str, bytes], str | None] | None,
        max_bytes: int | None,
        truncate: bool,
    ) -> Response | _Redirect:
        opts = self.options
        limit = opts.max_bytes if max_bytes is None else max_bytes
        started = self._clock()
        self.requests += 1
        try:
            resp = self._pool.request(
                "GET",
                url,
                headers={**self._pool.headers, **headers},
                redirect=False,
                retries=False,
                preload_content=False,
                decode_content=True,
                timeout=urllib3.Timeout(connect=opts.connect_timeout, read=opts.read_timeout),
            )
        except u3.NewConnectionError as exc:  # a subclass of ConnectTimeoutError in urllib3
            raise _Retryable(f"could not connect ({_short(exc)})") from None
        except u3.ConnectTimeoutError:
            raise _Retryable(
                f"timed out connecting (no answer within {opts.connect_timeout:g} s)"
            ) from None
        except u3.ReadTimeoutError:
            raise _Retryable(f"timed out (no response within {opts.read_timeout:g} s)") from None
        except u3.SSLError as exc:
            raise FetchError(f"secure connection failed ({_short(exc)})") from None
        except u3.LocationValueError as exc:
            raise FetchError(f"malformed address ({_short(exc)})") from None
        except (u3.HTTPError, OSError) as exc:
            raise _Retryable(f"could not connect ({_short(exc)})") from None
        complete = False
        try:
            status = resp.status
            if status in _REDIRECTS:
                location = resp.headers.get("Location")
                if not location:
                    raise FetchError(f"{_status_reason(status)} without a Location")
                return _Redirect(location)
            if status == 429 or 500 <= status <= 599:
                raise _Retryable(
                    _status_reason(status), _retry_after(resp.headers.get("Retry-After")), status
                )
            if status == 304 and ("If-None-Match" in headers or "If-Modified-Since" in headers):
                complete = True
                return self._response(url, resp, b"")
            if not 200 <= status <= 299:
                raise FetchError(_status_reason(status), status)
            media, _charset = parse_content_type(resp.headers.get("Content-Type"))
            declared = resp.headers.get("Content-Length", "")
            if declared.strip().isdigit() and int(declared) > limit and not truncate:
                raise FetchError(
                    f"too large ({_megabytes(int(declared))}; the limit is {_limit_text(limit)})"
                )
            body = bytearray()
            reason_not_wanted: str | None = None
            checked = accept is None
            for chunk in resp.stream(64 * 1024):
                body += chunk
                if not checked and (len(body) >= 512 or not chunk):
                    checked = True
                    reason_not_wanted = accept(media, bytes(body[:512])) if accept else None
                    if reason_not_wanted is not None:
                        raise FetchError(reason_not_wanted)
                if len(body) > limit:
                    if truncate:
                        del body[limit:]
                        break
                    raise FetchError(f"too large (over {_limit_text(limit)}; stopped reading)")
                if self._clock() - started > opts.total_timeout:
                    raise FetchError(
                        f"timed out (the response took over {opts.total_timeout:g} s; "
                        "stopped reading)"
                    )
            if not checked and accept is not None:
                reason_not_wanted = accept(media, bytes(body[:512]))
                if reason_not_wanted is not None:
                    raise FetchError(reason_not_wanted)
            complete = True
            return self._response(url, resp, bytes(body))
        except u3.ReadTimeoutError:
            raise _Retryable(f"timed out (no data for {opts.read_timeout:g} s)") from None
        except u3.DecodeError:
            raise FetchError("could not decompress the response") from None
        except (u3.ProtocolError, u3.HTTPError, OSError) as exc:
            raise _Retryable(f"connection broken ({_short(exc)})") from None
        finally:
            if complete:
                resp.release_conn()
            else:  # unread data on the connection: drop it rather than download it
                resp.close()
                resp.release_conn()

    def _response(self, url: str, resp: Any, body: bytes) -> Response:
        media, charset = parse_content_type(resp.headers.get("Content-Type"))
        return Response(
            url=url,
            requested=url,
            status=resp.status,
            content_type=media,
            charset=charset,
            etag=_header(resp, "ETag"),
            last_modified=_header(resp, "Last-Modified"),
            body=body,
            fetched=datetime.now(UTC).isoformat(timespec="seconds"),
        )


def _header(resp: Any, name: str) -> str | None:
    value = resp.headers.get(name)
    if not value:
        return None
    value = one_line(value).strip()
    return value[:500] or None


def _short(exc: BaseException) -> str:
    """An exception's reason, short and on one line (urllib3 messages repeat the pool)."""
    reason = getattr(exc, "reason", None)
    inner = reason if isinstance(reason, BaseException) else exc
    text = str(inner)
    # "<urllib3.connection.HTTPConnection object at 0x..>: Failed to establish ..." -> the cause
    text = re.sub(r"<[^>]*object at 0x[0-9a-f]+>:?\s*", "", text)
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "unknown host"
    return one_line(text)[:160] or type(inner).__name__
