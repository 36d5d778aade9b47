"""Raw web pages cached beside the store: one body file and one metadata file per URL, named by its hash.

``<cache>/<hh>/<hash>.body`` holds the bytes as served and ``<hash>.meta`` (JSON) what is known about
them (final URL, fetch time, status, content type, charset, ETag, Last-Modified, what kind of
resource it was, the body's size and digest). Both are written atomically (a fresh exclusive
temporary file, fsync, rename; ``store.storage.atomic_write_bytes``), the body first: the
metadata file is the commit point, and an entry whose body does not match its recorded size
and digest (a crash or two writers between the two renames) is treated as absent.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from store.storage import StoreError, atomic_write_bytes

CACHE_VERSION = 1
MAX_META_BYTES = 64 * 1024


def url_hash(url: str) -> str:
    """The file name stem of a URL's entry (SHA-256 of the normalised URL)."""
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """A cached response: what ``PageCache.get`` returns."""

    url: str  # the address as requested (the key)
    final_url: str  # after redirects
    kind: str  # "page", "feed" or "sitemap"
    fetched: str  # ISO 8601, UTC
    status: int
    content_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None
    body: bytes
    body_path: Path


class PageCache:
    """A folder of raw responses keyed by URL; a damaged or foreign entry reads as a miss."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    def paths(self, url: str) -> tuple[Path, Path]:
        """(body file, metadata file) of ``url``'s entry."""
        stem = url_hash(url)
        sub = self.folder / stem[:2]
        return sub / f"{stem}.body", sub / f"{stem}.meta"

    def get(self, url: str) -> CacheEntry | None:
        """The cached entry for ``url``, or None (absent, unreadable, torn or not ours)."""
        body_path, meta_path = self.paths(url)
        try:
            meta = _read_regular(meta_path, MAX_META_BYTES)
            if meta is None:
                return None
            info = orjson.loads(meta)
            if not isinstance(info, dict) or info.get("version") != CACHE_VERSION:
                return None
            if info.get("url") != url:  # a hash collision or a planted file: not this URL's
                return None
            body = _read_regular(body_path, int(info["size"]))
            if body is None or len(body) != info["size"] or _digest(body) != info["digest"]:
                return None
            return CacheEntry(
                url=url,
                final_url=str(info["final_url"]),
                kind=str(info["kind"]),
                fetched=str(info["fetched"]),
                status=int(info["status"]),
                content_type=str(info["content_type"]),
                charset=_opt(info.get("charset")),
                etag=_opt(info.get("etag")),
                last_modified=_opt(info.get("last_modified")),
                body=body,
                body_path=body_path,
            )
        except (OSError, ValueError, KeyError, TypeError, orjson.JSONDecodeError):
            return None

    def put(
        self,
        url: str,
        *,
        final_url: str,
        kind: str,
        fetched: str,
        status: int,
        content_type: str,
        charset: str | None,
        etag: str | None,
        last_modified: str | None,
        body: bytes,
    ) -> Path:
        """Store a response; returns the body file. Raises StoreError when it cannot be written."""
        body_path, meta_path = self.paths(url)
        try:
            body_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the page cache folder {body_path.parent}: "
                f"{exc.strerror or type(exc).__name__}"
            ) from exc
        info: dict[str, Any] = {
            "version": CACHE_VERSION,
            "url": url,
            "final_url": final_url,
            "kind": kind,
            "fetched": fetched,
            "status": status,
            "content_type": content_type,
            "charset": charset,
            "etag": etag,
            "last_modified": last_modified,
            "size": len(body),
            "digest": _digest(body),
        }
        atomic_write_bytes(body_path, body)
        atomic_write_bytes(meta_path, orjson.dumps(info))
        return body_path


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _read_regular(path: Path, limit: int) -> bytes | None:
    """Up to ``limit`` + 1 bytes of a regular file, never through a symlink; None when absent."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NONBLOCK", 0)  # a planted FIFO must not hang the ingest
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return handle.read(limit + 1)
