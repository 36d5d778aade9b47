"""The Store: a TinyDB main file of summaries plus shard files of texts and items, behind one interface.

Layout for a store at ``<db>`` (default ``<user data dir>/newsexplore.json``):

- ``<db>``: TinyDB file with tables ``meta`` (schema and extractor versions),
  ``files`` (one row per source file: path, size, mtime_ns, article ids) and
  ``articles`` (summaries: id, title, date, source, path, counts, shard).
- ``<db>.parts/NNNN.json``: TinyDB shard files, ~SHARD_SIZE articles each, holding the
  text, url, authors and the items (as compact lists) of their articles.
- ``<db>.lock`` (held while writing), ``<db>.sources`` (source paths given to ingest,
  used by ``repair``), ``<db>.state.json`` (small app state such as the last article).

A commit writes the touched shards first and then the main file; the main file's
atomic replace is the commit point. Shard content no committed main file refers to is
harmless and dropped the next time its shard is rewritten, so a crash never leaves the
main file pointing at missing content.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from glob import escape as glob_escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from tinydb import TinyDB
from tinydb.table import Document

from store import codec
from store.records import Article, ArticleSummary, Extraction
from store.sanitize import one_line
from store.storage import (
    AtomicJSONStorage,
    StoreBusy,
    StoreCorrupt,
    StoreError,
    StoreTooNew,
    atomic_write_bytes,
    read_json_file,
)

if TYPE_CHECKING:
    from store.ingest import IngestProgress, IngestReport

SCHEMA_VERSION = 1
SHARD_SIZE = 250  # small enough that showing one article reads ~1 MB, not ~5
LOCK_TIMEOUT_S = float(os.environ.get("NEWSEXPLORE_LOCK_TIMEOUT", "60"))
_SHARD_CACHE = 8
_META_ID = 1


def extractor_version() -> int:
    """The running extractor's version (read at call time, so a newer one is seen at once)."""
    import store.extract  # lazily: reading a store never needs the extractors

    return store.extract.EXTRACTOR_VERSION


def default_db_path() -> Path:
    """``$NEWSEXPLORE_DB``, else ``newsexplore.json`` in the user's data directory."""
    env = os.environ.get("NEWSEXPLORE_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("newsexplore")) / "newsexplore.json"


def doc_id_for(key: str) -> int:
    """A TinyDB document id for an article id (16 hex chars) or any other string key."""
    try:
        return int(key, 16) if len(key) == 16 else _hash_id(key)
    except ValueError:
        return _hash_id(key)


def _hash_id(key: str) -> int:
    import hashlib

    return int.from_bytes(
        hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    )


@dataclass(slots=True)
class StoredArticle:
    """An article ready to commit: its record, its items (encoded) and its extractor version."""

    article: Article
    items: dict[str, list[list[Any]]]
    extractor_version: int = field(default_factory=extractor_version)


@dataclass(slots=True)
class Batch:
    """One commit's worth of changes."""

    files: dict[str, tuple[int, int, list[str]]] = field(
        default_factory=dict
    )  # path -> size, mtime, ids
    articles: dict[str, StoredArticle] = field(default_factory=dict)
    removed_files: set[str] = field(default_factory=set)
    # Articles already stored when read (so not extracted); extracted here only if gone meanwhile.
    pending: dict[str, Article] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.articles) + len(self.files) + len(self.removed_files)


@dataclass(slots=True)
class CommitResult:
    new: int = 0
    updated: int = 0
    removed: int = 0


def _summary_row(stored: StoredArticle, shard: int) -> dict[str, Any]:
    a = stored.article
    return {
        "id": a.id,
        "title": a.title,
        "date": a.date,
        "source": a.source,
        "path": a.path,
        "n_e": len(stored.items.get("entities", ())),
        "n_q": len(stored.items.get("quotes", ())),
        "n_f": len(stored.items.get("figures", ())),
        "shard": shard,
        "xv": stored.extractor_version,
    }


class Store:
    """newsexplore's article store (see the module docstring for the layout and guarantees)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else default_db_path()
        self.path = Path(os.path.abspath(self.path))
        self.parts_dir = self.path.with_name(self.path.name + ".parts")
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.sources_path = self.path.with_name(self.path.name + ".sources")
        self.state_path = self.path.with_name(self.path.name + ".state.json")
        self.lock_timeout = LOCK_TIMEOUT_S
        self.on_wait: Callable[[str], None] = _say_on_stderr
        self._db: TinyDB | None = None
        self._signature: tuple[int, int, int] | None = None
        self._shards: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self._swept = False

    # ----- opening and reading -------------------------------------------------------------

    def _disk_signature(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def _open(self) -> TinyDB:
        db = TinyDB(self.path, storage=AtomicJSONStorage)
        data = db.storage.read()
        if data is not None:
            meta = data.get("meta", {}).get(str(_META_ID))
            if not isinstance(meta, dict) or "schema" not in meta:
                raise StoreCorrupt(
                    f"{one_line(str(self.path))} is not a newsexplore store (no meta table); "
                    "it was left untouched"
                )
            if int(meta["schema"]) > SCHEMA_VERSION:
                raise StoreTooNew(
                    f"{one_line(str(self.path))} was written by a newer newsexplore (store schema "
                    f"{meta['schema']}; this version reads schema {SCHEMA_VERSION}); upgrade newsexplore "
                    "or use another --db"
                )
        return db

    @property
    def db(self) -> TinyDB:
        """The main TinyDB file, read once per process (re-read when another process changed it)."""
        if self._db is None:
            self._signature = self._disk_signature()
            self._db = self._open()
        return self._db

    def refresh(self) -> None:
        """Re-read the main file if another process replaced it since it was read."""
        if self._db is not None and self._disk_signature() != self._signature:
            self._db = None
            self._shards.clear()

    def check(self) -> None:
        """Open the main file now, raising StoreError if it cannot be used."""
        _ = self.db

    def meta(self) -> dict[str, Any]:
        return dict(self.db.table("meta").get(doc_id=_META_ID) or {})

    def _rows(self) -> dict[str, Any]:
        data = self.db.storage.read() or {}
        return data.get("articles", {})

    def __len__(self) -> int:
        return len(self._rows())

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and str(doc_id_for(article_id)) in self._rows()

    def summaries(self) -> list[ArticleSummary]:
        """Every article's summary, sorted by path then id; reads only the main file."""
        out = [
            ArticleSummary(
                r["id"], r["title"], r["date"], r["source"], r["path"], r["n_e"], r["n_q"], r["n_f"]
            )
            for r in self._rows().values()
        ]
        out.sort(key=lambda s: (s.path, s.id))
        return out

    def summary(self, article_id: str) -> ArticleSummary | None:
        r = self._rows().get(str(doc_id_for(article_id)))
        if r is None:
            return None
        return ArticleSummary(
            r["id"], r["title"], r["date"], r["source"], r["path"], r["n_e"], r["n_q"], r["n_f"]
        )

    def _shard_file(self, shard: int) -> Path:
        return self.parts_dir / f"{shard:04d}.json"

    def _read_shard(self, shard: int, *, cache: bool = True) -> dict[str, Any]:
        if shard in self._shards:
            self._shards.move_to_end(shard)
            return self._shards[shard]
        data = read_json_file(self._shard_file(shard)) or {}
        if not isinstance(data, dict) or not isinstance(data.get("articles", {}), dict):
            raise StoreCorrupt(f"{one_line(str(self._shard_file(shard)))} is not a shard file")
        if cache:
            self._shards[shard] = data
            while len(self._shards) > _SHARD_CACHE:
                self._shards.popitem(last=False)
        return data

    def _article(self, row: dict[str, Any], doc: dict[str, Any]) -> Article:
        return Article(
            id=row["id"],
            path=row["path"],
            title=row["title"],
            date=row["date"],
            source=row["source"],
            text=doc["text"],
            url=doc.get("url"),
            authors=list(doc.get("authors") or []),
        )

    def _build(
        self, row: dict[str, Any], doc: dict[str, Any], order: dict[str, list[str]]
    ) -> tuple[Article, Extraction]:
        article = self._article(row, doc)
        return article, codec.decode(article.text, doc["items"], order)

    def load(self, article_id: str) -> tuple[Article, Extraction]:
        """One article's text and items (reads its shard once; shards are cached)."""
        key = str(doc_id_for(article_id))
        for attempt in range(2):
            row = self._rows().get(key)
            if row is None:
                raise KeyError(article_id)
            shard = self._read_shard(row["shard"])
            doc = shard.get("articles", {}).get(key)
            if doc is not None:
                return self._build(row, doc, shard.get("meta", {}).get("1", {}).get("fields", {}))
            if attempt == 0:  # another process may have moved on: read both files again
                self._db = None
                self._shards.clear()
        raise StoreCorrupt(
            f"article {article_id} is listed in {one_line(str(self.path))} but missing from its "
            "shard; run `newsexplore repair`"
        )

    def iter_all(self) -> Iterator[tuple[Article, Extraction]]:
        """Every article with its items, shard by shard (each shard read once, not cached)."""
        for article, items, order in self.iter_encoded():
            yield article, codec.decode(article.text, items, order)

    def iter_encoded(
        self,
    ) -> Iterator[tuple[Article, dict[str, list[list[Any]]], dict[str, list[str]]]]:
        """Every article with its items still encoded (value lists) and their field order.

        For readers of everything (``Library.load_all``) that need only some items as
        objects: ``codec.decode_kind`` builds those.
        """
        by_shard: dict[int, list[dict[str, Any]]] = {}
        for row in self._rows().values():
            by_shard.setdefault(row["shard"], []).append(row)
        for shard_no in sorted(by_shard):
            shard = self._read_shard(shard_no, cache=False)
            docs = shard.get("articles", {})
            order = shard.get("meta", {}).get("1", {}).get("fields", {})
            for row in sorted(by_shard[shard_no], key=lambda r: (r["path"], r["id"])):
                doc = docs.get(str(doc_id_for(row["id"])))
                if doc is not None:
                    yield self._article(row, doc), doc["items"], order

    def tally(self) -> dict[str, Counter[str]]:
        """Counts for ``stats`` straight from the shards, without building every item."""
        counts: dict[str, Counter[str]] = {
            "entities": Counter(),
            "quotes": Counter(),
            "figures": Counter(),
        }
        rows = self._rows()
        for shard_no in sorted({r["shard"] for r in rows.values()}):
            shard = self._read_shard(shard_no, cache=False)
            order = shard.get("meta", {}).get("1", {}).get("fields", {})
            type_at = order.get("entities", []).index("type")
            kind_at = order.get("figures", []).index("kind")
            speaker_at = order.get("quotes", []).index("speaker")
            docs = shard.get("articles", {})
            for key, row in rows.items():
                if row["shard"] != shard_no or key not in docs:
                    continue
                items = docs[key]["items"]
                counts["entities"].update(e[type_at] for e in items.get("entities", ()))
                counts["figures"].update(f[kind_at] for f in items.get("figures", ()))
                counts["quotes"].update(
                    "attributed" if q[speaker_at] else "unattributed"
                    for q in items.get("quotes", ())
                )
        return counts

    def file_rows(self) -> dict[str, tuple[int, int, list[str]]]:
        """Source files already ingested: path -> (size, mtime_ns, article ids)."""
        data = self.db.storage.read() or {}
        return {
            r["path"]: (r["size"], r["mtime_ns"], r["ids"]) for r in data.get("files", {}).values()
        }

    def stale_ids(self) -> list[str]:
        """Articles extracted by an older (or other) extractor version than the running one."""
        current = extractor_version()
        return [r["id"] for r in self._rows().values() if r.get("xv") != current]

    def texts(self, article_ids: list[str]) -> Iterator[tuple[str, str]]:
        """(id, text) for the given articles, shard by shard."""
        wanted = {str(doc_id_for(i)) for i in article_ids}
        rows = [r for k, r in self._rows().items() if k in wanted]
        for shard_no in sorted({r["shard"] for r in rows}):
            docs = self._read_shard(shard_no, cache=False).get("articles", {})
            for r in rows:
                if r["shard"] == shard_no:
                    doc = docs.get(str(doc_id_for(r["id"])))
                    if doc is not None:
                        yield r["id"], doc["text"]

    # ----- writing ------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's write lock; say so on stderr while waiting, StoreBusy after the timeout."""
        from filelock import FileLock, Timeout

        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.lock_path))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            self.on_wait(f"store is busy, waiting… ({one_line(str(self.path))})")
            try:
                lock.acquire(timeout=self.lock_timeout)
            except Timeout:
                raise StoreBusy(
                    f"the store {one_line(str(self.path))} is busy: another newsexplore has been "
                    f"writing to it for over {self.lock_timeout:.0f} s; try again later"
                ) from None
        try:
            yield
        finally:
            lock.release()

    def commit(self, batch: Batch) -> CommitResult:
        """Merge ``batch`` into the on-disk state under the lock and write it (shards, then main)."""
        with self.locked():
            if not self._swept:
                self._sweep_temp_files()
            self.refresh()
            try:
                return self._commit_locked(batch)
            except BaseException:
                self._db = None  # memory may hold half a commit: read the disk again next time
                self._shards.clear()
                raise

    def sweep_if_idle(self) -> None:
        """Remove a killed writer's temporary files now, unless another process is writing."""
        from filelock import FileLock, Timeout

        if not self.path.parent.is_dir():
            return
        lock = FileLock(str(self.lock_path))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            return
        try:
            self._sweep_temp_files()
        finally:
            lock.release()

    def _sweep_temp_files(self) -> None:
        """Remove temporary files a killed writer left (only the lock holder writes them)."""
        leftovers = [
            *self.path.parent.glob(f".{glob_escape(self.path.name)}.[0-9]*.tmp"),
            *self.path.parent.glob(f".{glob_escape(self.sources_path.name)}.[0-9]*.tmp"),
        ]
        if self.parts_dir.is_dir():
            leftovers += self.parts_dir.glob(".*.tmp")
        for leftover in leftovers:
            with contextlib.suppress(OSError):
                leftover.unlink()
        self._swept = True

    def _commit_locked(self, batch: Batch) -> CommitResult:
        result = CommitResult()
        db = self.db
        data = db.storage.read() or {}
        committed_rows: dict[str, Any] = dict(data.get("articles", {}))
        from store.extract import extract

        for article_id, article in batch.pending.items():
            if (
                str(doc_id_for(article_id)) not in committed_rows
                and article_id not in batch.articles
            ):
                batch.articles[article_id] = StoredArticle(article, codec.encode(extract(article)))
        files_table = db.table("files")
        articles_table = db.table("articles")

        old_files = {r["path"]: r for r in data.get("files", {}).values()}
        remove_file_ids = [
            doc_id_for(p) for p in batch.removed_files | set(batch.files) if p in old_files
        ]
        if remove_file_ids:
            files_table.remove(doc_ids=remove_file_ids)
        files_table.insert_multiple(
            Document({"path": p, "size": s, "mtime_ns": m, "ids": ids}, doc_id=doc_id_for(p))
            for p, (s, m, ids) in batch.files.items()
        )

        # Articles no file refers to any more leave the summaries (their shard copy is garbage).
        referenced: dict[str, list[str]] = {}  # article id -> the files holding it
        for row in (db.storage.read() or {}).get("files", {}).values():
            for article_id in row["ids"]:
                referenced.setdefault(article_id, []).append(row["path"])
        orphans = [r["id"] for r in committed_rows.values() if r["id"] not in referenced]

        # What must be (re)written: new ids, or ids whose stored extraction is older.
        to_write: list[StoredArticle] = []
        for stored in batch.articles.values():
            if stored.article.id not in referenced:
                continue
            row = committed_rows.get(str(doc_id_for(stored.article.id)))
            if row is not None and row.get("xv") == stored.extractor_version:
                continue
            to_write.append(stored)
        orphan_keys = {str(doc_id_for(i)) for i in orphans}
        counts: dict[int, int] = {}
        for k, row in committed_rows.items():
            if k not in orphan_keys:
                counts[row["shard"]] = counts.get(row["shard"], 0) + 1
        shard_of: dict[str, int] = {}
        current = max(counts, default=0)
        for stored in to_write:
            row = committed_rows.get(str(doc_id_for(stored.article.id)))
            if row is not None:
                shard_of[stored.article.id] = row["shard"]
                result.updated += 1
                continue
            while counts.get(current, 0) >= SHARD_SIZE:
                current += 1
            shard_of[stored.article.id] = current
            counts[current] = counts.get(current, 0) + 1
            result.new += 1

        self._write_shards(to_write, shard_of, committed_rows)

        if orphans:
            articles_table.remove(doc_ids=[doc_id_for(i) for i in orphans])
            result.removed = len(orphans)
        rewrite = [
            doc_id_for(s.article.id)
            for s in to_write
            if str(doc_id_for(s.article.id)) in committed_rows
        ]
        rewrite = [d for d in rewrite if str(d) not in orphan_keys]
        if rewrite:
            articles_table.remove(doc_ids=rewrite)
        # An article whose file went away but which another file also holds now shows that file.
        moved = {
            r["id"]: min(referenced[r["id"]])
            for r in committed_rows.values()
            if r["id"] in referenced and r["path"] not in referenced[r["id"]]
        }
        if moved:

            def repath(doc: MutableMapping[str, Any]) -> None:
                doc["path"] = moved[doc["id"]]

            articles_table.update(repath, doc_ids=[doc_id_for(i) for i in moved])
        articles_table.insert_multiple(
            Document(_summary_row(s, shard_of[s.article.id]), doc_id=doc_id_for(s.article.id))
            for s in to_write
        )
        meta = db.table("meta")
        meta_row = {
            "schema": SCHEMA_VERSION,
            "extractor_version": extractor_version(),
            "shard_size": SHARD_SIZE,
        }
        if meta.contains(doc_id=_META_ID):
            meta.update(meta_row, doc_ids=[_META_ID])
        else:
            meta.insert(Document(meta_row, doc_id=_META_ID))
        db.storage.flush()  # type: ignore[attr-defined]
        self._signature = self._disk_signature()
        return result

    def _write_shards(
        self,
        to_write: list[StoredArticle],
        shard_of: dict[str, int],
        committed_rows: dict[str, Any],
    ) -> None:
        if not to_write:
            return
        self.parts_dir.mkdir(parents=True, exist_ok=True)
        by_shard: dict[int, list[StoredArticle]] = {}
        for stored in to_write:
            by_shard.setdefault(shard_of[stored.article.id], []).append(stored)
        for shard_no, items in sorted(by_shard.items()):
            shard_path = self._shard_file(shard_no)
            db = TinyDB(shard_path, storage=AtomicJSONStorage)
            table = db.table("articles")
            raw = (db.storage.read() or {}).get("articles", {})
            # Drop content the committed main file does not point at here (left by a crash or a
            # removal), and the old copies of what this batch rewrites.
            rewritten = {str(doc_id_for(s.article.id)) for s in items}
            keep_out = [
                int(k)
                for k in raw
                if committed_rows.get(k, {}).get("shard") != shard_no or k in rewritten
            ]
            if keep_out:
                table.remove(doc_ids=keep_out)
            table.insert_multiple(
                Document(
                    {
                        "id": s.article.id,
                        "text": s.article.text,
                        "url": s.article.url,
                        "authors": s.article.authors,
                        "xv": s.extractor_version,
                        "items": s.items,
                    },
                    doc_id=doc_id_for(s.article.id),
                )
                for s in items
            )
            meta = db.table("meta")
            if not meta.contains(doc_id=1):
                meta.insert(Document({"fields": codec.item_fields()}, doc_id=1))
            db.storage.flush()  # type: ignore[attr-defined]
            self._shards.pop(shard_no, None)

    # ----- ingest, sources, state ------------------------------------------------------------

    def ingest(
        self,
        paths: list[Path],
        *,
        workers: int | None = None,
        on_progress: Callable[[IngestProgress], None] | None = None,
        batch_size: int | None = None,
        on_commit: Callable[[str], None] | None = None,
    ) -> IngestReport:
        """Read, extract and store the articles under ``paths`` (incremental, parallel, batched)."""
        from store.ingest import run_ingest

        return run_ingest(
            self,
            paths,
            workers=workers,
            on_progress=on_progress,
            batch_size=batch_size,
            on_commit=on_commit,
        )

    def store_files(self) -> list[Path]:
        """The files that make up this store (excluded when a folder holding them is ingested)."""
        return [self.path, self.parts_dir, self.lock_path, self.sources_path, self.state_path]

    def sources(self) -> list[str]:
        """Source paths given to ingest so far (the sidecar ``repair`` re-ingests from)."""
        try:
            data = orjson.loads(self.sources_path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return []
        return [p for p in data if isinstance(p, str)] if isinstance(data, list) else []

    def add_sources(self, paths: list[Path]) -> None:
        """Remember source paths for ``repair`` (under the lock: concurrent ingests add theirs too)."""
        new = [os.path.abspath(p) for p in paths]
        if all(p in self.sources() for p in new):
            return
        with self.locked():
            known = self.sources()
            merged = known + [p for p in dict.fromkeys(new) if p not in known]
            atomic_write_bytes(self.sources_path, orjson.dumps(merged))

    def get_state(self, key: str, default: Any = None) -> Any:
        """A small piece of app state (e.g. the last article and pane); never touches the store."""
        try:
            data = orjson.loads(self.state_path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return default
        return data.get(key, default) if isinstance(data, dict) else default

    def set_state(self, key: str, value: Any) -> None:
        try:
            data = orjson.loads(self.state_path.read_bytes())
            if not isinstance(data, dict):
                data = {}
        except (OSError, orjson.JSONDecodeError):
            data = {}
        data[key] = value
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self.state_path, orjson.dumps(data))

    def disk_size(self) -> int:
        """Bytes on disk: the main file plus its shards."""
        total = self.path.stat().st_size if self.path.exists() else 0
        if self.parts_dir.is_dir():
            total += sum(p.stat().st_size for p in self.parts_dir.glob("*.json"))
        return total

    # ----- repair -----------------------------------------------------------------------------

    def verify(self) -> list[str]:
        """Problems that make the store unusable (one line each); empty when healthy."""
        problems: list[str] = []
        try:
            self._db = None
            rows = self._rows()
        except StoreError as exc:
            return [str(exc)]
        for shard_no in sorted({r["shard"] for r in rows.values()}):
            try:
                docs = self._read_shard(shard_no, cache=False).get("articles", {})
            except StoreError as exc:
                problems.append(str(exc))
                continue
            missing = sum(1 for k, r in rows.items() if r["shard"] == shard_no and k not in docs)
            if missing:
                problems.append(f"{self._shard_file(shard_no)}: {missing} articles missing")
        return problems

    def move_aside(self) -> list[Path]:
        """Rename the main file and shard folder to ``<name>.corrupt-<timestamp>``; returns new paths."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        moved = []
        with self.locked():
            for p in (self.path, self.parts_dir):
                if p.exists():
                    target = p.with_name(f"{p.name}.corrupt-{stamp}")
                    os.replace(p, target)
                    moved.append(target)
        self._db = None
        self._shards.clear()
        return moved


def _say_on_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


__all__ = [
    "SCHEMA_VERSION",
    "SHARD_SIZE",
    "ArticleSummary",
    "Batch",
    "Store",
    "StoreBusy",
    "StoreCorrupt",
    "StoreError",
    "StoreTooNew",
    "StoredArticle",
    "default_db_path",
]
