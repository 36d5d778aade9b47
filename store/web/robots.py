"""robots.txt: what a site lets newsexplore fetch, read with urllib.robotparser and kept per site.

The rules follow RFC 9309: a robots.txt that is missing or refused with a 4xx status allows
everything; one that cannot be fetched (a server error, a network failure) disallows
everything until the next run, since the site may not want to be crawled while it is down.
"""

from __future__ import annotations

import urllib.robotparser
from dataclasses import dataclass

ROBOTS_AGENT = "newsexplore"  # the product token robots.txt rules are matched against
MAX_ROBOTS_BYTES = 512 * 1024  # what RFC 9309 asks crawlers to read at least; the rest is ignored
MAX_CRAWL_DELAY = 30.0  # seconds; a larger Crawl-delay is honoured up to this


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """One site's rules: a parsed robots.txt, or everything allowed, or everything disallowed."""

    parser: urllib.robotparser.RobotFileParser | None = None
    allow_all: bool = True
    why: str = ""  # when everything is disallowed: why (robots.txt could not be fetched)
    unreachable: bool = False  # the site did not answer at all: ``why`` says how

    def allowed(self, url: str) -> bool:
        if self.parser is not None:
            return self.parser.can_fetch(ROBOTS_AGENT, url)
        return self.allow_all

    def crawl_delay(self) -> float | None:
        """The site's Crawl-delay for newsexplore (or ``*``), capped; None when it gives none."""
        if self.parser is None:
            return None
        try:
            delay = self.parser.crawl_delay(ROBOTS_AGENT)
        except (ValueError, TypeError):
            return None
        if delay is None:
            return None
        try:
            value = float(delay)
        except (TypeError, ValueError):
            return None
        if value != value or value < 0:  # NaN or negative: ignore
            return None
        return min(value, MAX_CRAWL_DELAY)


def rules_from_body(body: bytes) -> RobotsRules:
    """Parse a robots.txt body (UTF-8; undecodable bytes replaced, as RFC 9309 allows)."""
    text = body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace").lstrip("\ufeff")
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(text.splitlines())
    return RobotsRules(parser=parser)


def rules_for_status(status: int, reason: str) -> RobotsRules:
    """The rules when robots.txt was answered with a status other than 2xx (``reason`` says it)."""
    if 400 <= status < 500 and status != 429:
        return RobotsRules(allow_all=True)  # no robots.txt: no restrictions
    return RobotsRules(allow_all=False, why=f"robots.txt could not be fetched ({reason})")


def unreachable(reason: str) -> RobotsRules:
    """The rules when the site did not answer at all (its pages then fail with ``reason``)."""
    return RobotsRules(allow_all=False, why=reason, unreachable=True)
