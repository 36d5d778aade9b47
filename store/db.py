"""The Store: a TinyDB main file of summaries plus shard files of texts and items, behind one interface.

Layout for a store at ``<db>`` (default ``<user data dir>/newsexplore.json``):

- ``<db>``: TinyDB file with tables ``meta`` (schema and extractor versions),
  ``files`` (one row per source file: path, size, mtime_ns, article ids) and
  ``articles`` (summaries: id, title, date, source, path, counts, shard).
- ``<db>.parts/NNNN.json``: TinyDB shard files, ~SHARD_SIZE articles each, holding the
  text, url, authors and the items (as compact lists) of their articles.
- ``<db>.lock`` (held while writing), ``<db>.sources`` (source paths given to ingest,
  used by ``repair``), ``<db>.state.json`` (small app state such as the last article).
- ``<db>.index.sqlite``: the read model (``store.readmodel``), derived from the above and
  rebuildable from it; ``<db>.web/``: the raw web pages fetched for ingest (``store.web``).

A commit writes the touched shards first and then the main file; the main file's
atomic replace is the commit point. Shard content no committed main file refers to is
harmless and dropped the next time its shard is rewritten, so a crash never leaves the
main file pointing at missing content.

Every commit moves the store's generation on (``meta.generation``, a counter, with a
``store_id`` drawn when the store is first written: ``Store.generation()``). After the
commit point the batch goes to the index in ONE SQLite transaction that also records the
new generation, applied only if the index was at the generation just before (checked in
that transaction). So the index is either exactly the store at its recorded generation or
marked stale by a generation that is not the store's: a crash between the two writes, an
index from before this version, one removed or that cannot be written. A stale index is
never patched by a commit; whoever opens it next rebuilds it (the app, the CLI,
``repair``). The index rows of an ingested article are derived in the ingest's worker
processes with its extraction (``index_rows``); the commit only writes them.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import stat
import sys
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from tinydb import TinyDB
from tinydb.table import Document

from store import codec, validate
from store.records import Article, ArticleSummary, Extraction
from store.sanitize import one_line
from store.storage import (
    AtomicJSONStorage,
    StoreBusy,
    StoreCorrupt,
    StoreError,
    StoreTooNew,
    StoreWriteError,
    atomic_write_bytes,
    check_own,
    is_temp_of,
    read_json_file,
)
from store.validate import Invalid

if TYPE_CHECKING:
    from store.ingest import IngestProgress, IngestReport
    from store.readmodel.build import ArticleRows
    from store.web import FetchOptions

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
    """An article ready to commit: its record, its items (encoded) and its extractor version.

    ``rows``: its index rows (``index_rows``), derived beside the extraction in a worker so
    the commit only writes them; None: the commit derives them itself when the index wants them.
    """

    article: Article
    items: dict[str, list[list[Any]]]
    extractor_version: int = field(default_factory=extractor_version)
    rows: ArticleRows | None = None


def index_rows(article: Article, items: dict[str, list[list[Any]]]) -> ArticleRows:
    """The index rows of an article about to be stored, as a rebuild would derive them from the
    store (every string as the store's read API returns it: checked and neutralised).

    The costly part of indexing (sentences, folding): ingest runs it in its worker processes.
    """
    from store.readmodel.build import rows_for_encoded

    order = codec.item_fields()
    doc = validate.shard_doc(
        {
            "text": article.text,
            "url": article.url,
            "authors": article.authors,
            "language": article.language,
            "items": items,
        },
        order,
    )
    safe = Article(
        id=article.id,
        path=validate.line(article.path),
        title=validate.line(article.title),
        date=None if article.date is None else validate.line(article.date),
        source=None if article.source is None else validate.line(article.source),
        text=doc["text"],
        url=doc["url"],
        authors=doc["authors"],
        language=doc.get("language"),
    )
    return rows_for_encoded(safe, doc["items"], order, 0)


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
    """newsexplore's article store (see the module docstring for the layout and guarantees).

    Everything its read API returns (``summaries``, ``summary``, ``load``, ``iter_all``,
    ``iter_encoded``, ``tally``, ``texts``, ``sources``, ``get_state``, ``meta``) has been
    checked against the store's schema and its strings neutralised (``store.validate``); a
    record that fails is refused with a one-line ``StoreCorrupt`` naming the file and the
    record. ``file_rows`` returns source paths as stored: they are keys, never shown.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else default_db_path()
        self.path = Path(os.path.abspath(self.path))
        self.parts_dir = self.path.with_name(self.path.name + ".parts")
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.sources_path = self.path.with_name(self.path.name + ".sources")
        self.state_path = self.path.with_name(self.path.name + ".state.json")
        self.index_path = self.path.with_name(self.path.name + ".index.sqlite")
        self.lock_timeout = LOCK_TIMEOUT_S
        self.on_wait: Callable[[str], None] = _say_on_stderr
        self._db: TinyDB | None = None
        self._signature: tuple[int, int, int] | None = None
        self._shards: OrderedDict[int, tuple[dict[str, Any], dict[str, list[str]]]] = OrderedDict()
        self._valid_rows: dict[str, dict[str, Any]] | None = None
        self._valid_files: dict[str, tuple[int, int, list[str]]] | None = None
        # Kept by commits (see _holders): id -> files holding it, live articles per shard.
        self._held: dict[str, set[str]] | None = None
        self._counts: dict[int, int] | None = None
        self._recheck: set[str] = set()
        self._swept = False

    # ----- opening and reading -------------------------------------------------------------

    def _disk_signature(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def _forget(self) -> None:
        """Drop everything read from disk (read again, and checked again, on next use)."""
        self._db = None
        self._shards.clear()
        self._valid_rows = None
        self._valid_files = None
        self._held = None
        self._counts = None

    def _corrupt(self, file: Path, record: str, reason: object) -> StoreCorrupt:
        """The one-line refusal: ``<file>: <record>: <what is wrong>; run `newsexplore repair```."""
        where = f"{one_line(str(file))}: {record}: " if record else f"{one_line(str(file))}: "
        return StoreCorrupt(f"{where}{reason}; run `newsexplore repair`")

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
            try:
                schema = validate.meta_row(meta)["schema"]
            except Invalid as exc:
                raise self._corrupt(self.path, "", exc) from None
            if schema > SCHEMA_VERSION:
                raise StoreTooNew(
                    f"{one_line(str(self.path))} was written by a newer newsexplore (store schema "
                    f"{schema}; this version reads schema {SCHEMA_VERSION}); upgrade newsexplore "
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
            self._forget()

    def _owner(self) -> int | None:
        """The uid a store's own files must belong to: the main file's owner, else ours."""
        try:
            return os.stat(self.path).st_uid
        except OSError:
            geteuid = getattr(os, "geteuid", None)
            return geteuid() if geteuid is not None else None

    def _own(self, path: Path, *, folder: bool = False) -> bool:
        """Whether one of the store's own files exists (StoreError if it is a link or foreign)."""
        owner = self._owner() if hasattr(os, "geteuid") else None
        return check_own(path, folder=folder, owner=owner)

    def _check_side_files(self) -> None:
        """Refuse a shard folder, sources, state or lock file that is a link or someone else's."""
        self._own(self.parts_dir, folder=True)
        for side in (self.sources_path, self.state_path, self.lock_path):
            self._own(side)

    def check(self) -> None:
        """Open the main file and check it, its records and its side files; StoreError if unusable.

        Reads nothing but the main file (each shard is only looked up, not read).
        """
        _ = self.db
        rows = self._rows()
        self.file_rows()
        self._check_side_files()
        for shard_no in sorted({r["shard"] for r in rows.values()}):
            if not self._own(self._shard_file(shard_no)):
                raise self._missing_shard(shard_no)

    def generation(self) -> str:
        """Which committed state of the store this is: changes with every commit, never repeats.

        ``<store id>.<commit count>``: the id is drawn when the store is first written, so a
        store deleted and made again never reuses a generation. A store no commit of this
        version wrote yet: its main file's identity; no store at all: ``"empty"``. The index
        records the generation it reflects (``store.readmodel.build.is_stale``). Re-reads the
        main file first if another process committed since it was read.
        """
        self.refresh()
        return self._generation_of(self.db.storage.read())

    def _generation_of(self, data: dict[str, Any] | None) -> str:
        if not data:
            return "empty"
        meta = data.get("meta", {}).get(str(_META_ID))
        if isinstance(meta, dict):
            count, store_id = meta.get("generation"), meta.get("store_id")
            if type(count) is int and type(store_id) is str and validate.ID.match(store_id):
                return f"{store_id}.{count}"
        sig = self._signature or (0, 0, 0)
        return f"file:{sig[0]}:{sig[1]}:{sig[2]}"

    def index_wanted(self) -> bool:
        """Whether a commit now would write the index: it reflects the store, or the store is
        empty (ingest then derives index rows in its workers; otherwise it spares the work)."""
        if not len(self):
            return True
        if not os.path.lexists(self.index_path):
            return False
        from store.readmodel.build import is_stale
        from store.readmodel.schema import IndexPathError, open_index

        try:
            conn = open_index(self.index_path, create=False)
        except (IndexPathError, OSError, sqlite3.Error):
            return False
        try:
            return not is_stale(conn, self.generation())
        except sqlite3.Error:
            return False
        finally:
            conn.close()

    def shard_numbers(self) -> dict[str, int]:
        """Article id -> the shard holding it (for the index)."""
        return {r["id"]: r["shard"] for r in self._rows().values()}

    def meta(self) -> dict[str, Any]:
        """The main file's versions: ``schema`` (and ``extractor_version``, ``shard_size``)."""
        data = self.db.storage.read() or {}
        meta = data.get("meta", {}).get(str(_META_ID))
        return dict(validate.meta_row(meta)) if meta is not None else {}

    def _rows(self) -> dict[str, dict[str, Any]]:
        """The main file's article rows, each checked (and its strings made safe) once per read."""
        if self._valid_rows is None:
            data = self.db.storage.read() or {}
            rows: dict[str, dict[str, Any]] = {}
            for key, row in data.get("articles", {}).items():
                try:
                    rows[key] = validate.article_row(key, row)
                except Invalid as exc:
                    raise self._corrupt(self.path, _record(key, row), exc) from None
            self._valid_rows = rows
        return self._valid_rows

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

    def _missing_shard(self, shard: int) -> StoreCorrupt:
        return self._corrupt(
            self._shard_file(shard), "", "missing, though the store lists articles in it"
        )

    def _load_shard(self, shard: int) -> tuple[dict[str, Any], dict[str, list[str]]]:
        """A shard's documents (checked one by one as they are used) and its field order."""
        path = self._shard_file(shard)
        self._own(self.parts_dir, folder=True)
        if not self._own(path):
            raise self._missing_shard(shard)
        data = read_json_file(path)
        if data is None:
            raise self._missing_shard(shard)
        try:
            if not isinstance(data, dict):
                raise Invalid("is not a shard file")
            docs = validate.shard_keys(data.get("articles", {}))
            order = validate.field_order(data.get("meta")) if docs else {}
        except Invalid as exc:
            raise self._corrupt(path, "", exc) from None
        return docs, order

    def _read_shard(
        self, shard: int, *, cache: bool = True
    ) -> tuple[dict[str, Any], dict[str, list[str]]]:
        if shard in self._shards:
            self._shards.move_to_end(shard)
            return self._shards[shard]
        loaded = self._load_shard(shard)
        if cache:
            self._shards[shard] = loaded
            while len(self._shards) > _SHARD_CACHE:
                self._shards.popitem(last=False)
        return loaded

    def _doc(
        self,
        shard: int,
        docs: dict[str, Any],
        order: dict[str, list[str]],
        key: str,
        row: dict[str, Any],
    ) -> dict[str, Any] | None:
        """An article's document from its shard, checked and made safe; None if it is absent."""
        doc = docs.get(key)
        if doc is None:
            return None
        try:
            return validate.shard_doc(doc, order)
        except Invalid as exc:
            raise self._corrupt(self._shard_file(shard), f"article {row['id']}", exc) from None

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
            language=doc.get("language"),
        )

    def load(self, article_id: str) -> tuple[Article, Extraction]:
        """One article's text and items (reads its shard once; shards are cached)."""
        key = str(doc_id_for(article_id))
        for attempt in range(2):
            row = self._rows().get(key)
            if row is None:
                raise KeyError(article_id)
            docs, order = self._read_shard(row["shard"])
            doc = self._doc(row["shard"], docs, order, key, row)
            if doc is not None:
                article = self._article(row, doc)
                return article, codec.decode(article.text, doc["items"], order)
            if attempt == 0:  # another process may have moved on: read both files again
                self._forget()
        assert row is not None
        raise self._corrupt(
            self._shard_file(row["shard"]), f"article {article_id}", "missing from its shard"
        )

    def _docs(self) -> Iterator[tuple[dict[str, Any], dict[str, Any], dict[str, list[str]]]]:
        """(row, checked document, field order) of every article, shard by shard (not cached)."""
        by_shard: dict[int, list[tuple[str, dict[str, Any]]]] = {}
        for key, row in self._rows().items():
            by_shard.setdefault(row["shard"], []).append((key, row))
        signature = self._signature
        for shard_no in sorted(by_shard):
            docs, order = self._read_shard(shard_no, cache=False)
            for key, row in sorted(by_shard[shard_no], key=lambda kr: (kr[1]["path"], kr[1]["id"])):
                doc = self._doc(shard_no, docs, order, key, row)
                if doc is not None:
                    yield row, doc, order
                elif self._disk_signature() == signature:
                    # Not a writer moving on meanwhile (that replaces the main file): damage.
                    raise self._corrupt(
                        self._shard_file(shard_no), f"article {row['id']}", "missing from its shard"
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
        objects: ``codec.decode_kind`` builds those. Checked like every other read.
        """
        for row, doc, order in self._docs():
            yield self._article(row, doc), doc["items"], order

    def tally(self) -> dict[str, Counter[str]]:
        """Counts for ``stats`` straight from the shards, without building every item."""
        counts: dict[str, Counter[str]] = {
            "entities": Counter(),
            "quotes": Counter(),
            "figures": Counter(),
        }
        for _row, doc, order in self._docs():
            items = doc["items"]
            if items.get("entities"):
                type_at = order["entities"].index("type")
                counts["entities"].update(e[type_at] for e in items["entities"])
            if items.get("figures"):
                kind_at = order["figures"].index("kind")
                counts["figures"].update(f[kind_at] for f in items["figures"])
            if items.get("quotes"):
                names = order["quotes"]
                speaker_at = names.index("speaker") if "speaker" in names else None
                counts["quotes"].update(
                    "attributed" if speaker_at is not None and q[speaker_at] else "unattributed"
                    for q in items["quotes"]
                )
        return counts

    def file_rows(self) -> dict[str, tuple[int, int, list[str]]]:
        """Source files already ingested: path -> (size, mtime_ns, article ids).

        The paths are as stored (ingest matches them against the file system); they are
        never text to show: whoever prints one neutralises it.
        """
        if self._valid_files is None:
            data = self.db.storage.read() or {}
            rows: dict[str, tuple[int, int, list[str]]] = {}
            for key, row in data.get("files", {}).items():
                try:
                    path, size, mtime, ids = validate.file_row(key, row, doc_id_for)
                except Invalid as exc:
                    raise self._corrupt(self.path, f"file row {validate.name(key)}", exc) from None
                rows[path] = (size, mtime, ids)
            self._valid_files = rows
        return self._valid_files

    def stale_ids(self) -> list[str]:
        """Articles extracted by an older (or other) extractor version than the running one."""
        current = extractor_version()
        return [r["id"] for r in self._rows().values() if r.get("xv") != current]

    def texts(self, article_ids: list[str]) -> Iterator[tuple[str, str]]:
        """(id, text) for the given articles, shard by shard."""
        wanted = {str(doc_id_for(i)) for i in article_ids}
        rows = [(k, r) for k, r in self._rows().items() if k in wanted]
        for shard_no in sorted({r["shard"] for _, r in rows}):
            docs, order = self._read_shard(shard_no, cache=False)
            for key, r in rows:
                if r["shard"] == shard_no:
                    doc = self._doc(shard_no, docs, order, key, r)
                    if doc is not None:
                        yield r["id"], doc["text"]

    # ----- writing ------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's write lock; say so on stderr while waiting, StoreBusy after the timeout."""
        from filelock import FileLock, Timeout

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._cannot_lock(exc) from exc
        self._own(self.lock_path)  # a planted link would make the lock open elsewhere
        lock = FileLock(str(self.lock_path))
        try:
            try:
                lock.acquire(timeout=0)
            except Timeout:
                self.on_wait(f"store is busy, waiting… ({one_line(str(self.path))})")
                try:
                    lock.acquire(timeout=self.lock_timeout)
                except Timeout:
                    raise StoreBusy(
                        f"the store {one_line(str(self.path))} is busy: another newsexplore has "
                        f"been writing to it for over {self.lock_timeout:.0f} s; try again later"
                    ) from None
        except OSError as exc:  # a read-only folder, a full disk, a link planted meanwhile
            raise self._cannot_lock(exc) from exc
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
                self._forget()  # memory may hold half a commit: read the disk again next time
                raise

    def _cannot_lock(self, exc: OSError) -> StoreWriteError:
        reason = exc.strerror or type(exc).__name__
        return StoreWriteError(f"cannot lock {one_line(str(self.lock_path))}: {reason}")

    def sweep_if_idle(self) -> None:
        """Remove a killed writer's temporary files now, unless another process is writing."""
        from filelock import FileLock, Timeout

        if not self.path.parent.is_dir():
            return
        self._own(self.lock_path)
        lock = FileLock(str(self.lock_path))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            return
        except OSError as exc:
            raise self._cannot_lock(exc) from exc
        try:
            self._sweep_temp_files()
        finally:
            lock.release()

    def _sweep_temp_files(self) -> None:
        """Remove temporary files a killed writer left (only the lock holder writes them).

        Only names ``atomic_write_bytes`` gives this store's own files, only regular files
        of the store's owner, and never in a shard folder that is a link or someone else's.
        """
        folders: list[tuple[Path, set[str] | None]] = [
            (self.path.parent, {self.path.name, self.sources_path.name, self.state_path.name})
        ]
        if self._own(self.parts_dir, folder=True):
            folders.append((self.parts_dir, None))  # None: shard names
        owner = self._owner() if hasattr(os, "geteuid") else None
        for folder, targets in folders:
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if not is_temp_of(entry.name, targets):
                    continue
                with contextlib.suppress(OSError):
                    st = entry.stat(follow_symlinks=False)
                    if stat.S_ISREG(st.st_mode) and (owner is None or st.st_uid == owner):
                        os.unlink(entry.path)
        self._swept = True

    def _holders(self) -> tuple[dict[str, set[str]], dict[int, int], set[str]]:
        """What a commit needs to know about the whole store, kept in step commit by commit:
        article id -> the files holding it, live articles per shard, and the ids to look at
        in the next commit whatever it changes (unheld or shown under a path no file has).

        Built once per read of the main file (O(store)); each commit then updates it for
        what it changed (O(batch)), so a commit's own work does not grow with the store.
        """
        if self._held is None or self._counts is None:
            held: dict[str, set[str]] = {}
            for path, (_size, _mtime, ids) in self.file_rows().items():
                for article_id in ids:
                    held.setdefault(article_id, set()).add(path)
            counts: dict[int, int] = {}
            recheck: set[str] = set()
            for row in self._rows().values():
                counts[row["shard"]] = counts.get(row["shard"], 0) + 1
                holders = held.get(row["id"])
                if not holders or row["path"] not in holders:
                    recheck.add(row["id"])
            self._held, self._counts, self._recheck = held, counts, recheck
        return self._held, self._counts, self._recheck

    def _commit_locked(self, batch: Batch) -> CommitResult:
        result = CommitResult()
        db = self.db
        self._rows()  # never build on a damaged main file: these refuse it, naming the record
        files = self.file_rows()
        held, counts, recheck = self._holders()
        data = db.storage.read() or {}
        before = self._generation_of(data)
        old_meta = data.get("meta", {}).get(str(_META_ID)) or {}
        committed_rows: dict[str, Any] = dict(data.get("articles", {}))
        from store.extract import extract

        for article_id, article in batch.pending.items():
            if (
                str(doc_id_for(article_id)) not in committed_rows
                and article_id not in batch.articles
            ):
                batch.articles[article_id] = StoredArticle(article, codec.encode(extract(article)))
        # The tables are edited in place (TinyDB's own table calls convert the whole table
        # each time: ~0.2 s per commit at 22k articles); the flush below writes them.
        files_table: dict[str, Any] = data.setdefault("files", {})
        articles_table: dict[str, Any] = data.setdefault("articles", {})

        touched = set(recheck)  # articles whose holders this commit changes
        for path in batch.removed_files | set(batch.files):
            if path in files:
                files_table.pop(str(doc_id_for(path)), None)
                for article_id in files[path][2]:
                    held.get(article_id, set()).discard(path)
                    touched.add(article_id)
        for path, (size, mtime, ids) in batch.files.items():
            files_table[str(doc_id_for(path))] = {
                "path": path,
                "size": size,
                "mtime_ns": mtime,
                "ids": ids,
            }
            for article_id in ids:
                held.setdefault(article_id, set()).add(path)
                touched.add(article_id)

        # Articles no file refers to any more leave the summaries (their shard copy is garbage).
        orphans = [i for i in touched if not held.get(i) and str(doc_id_for(i)) in committed_rows]
        for article_id in touched:
            if not held.get(article_id):
                held.pop(article_id, None)

        # What must be (re)written: new ids, or ids whose stored extraction is older.
        to_write: list[StoredArticle] = []
        for stored in batch.articles.values():
            if not held.get(stored.article.id):
                continue
            row = committed_rows.get(str(doc_id_for(stored.article.id)))
            if row is not None and row.get("xv") == stored.extractor_version:
                continue
            to_write.append(stored)
        orphan_keys = {str(doc_id_for(i)) for i in orphans}
        for key in orphan_keys:
            shard = committed_rows[key]["shard"]
            counts[shard] -= 1
            if counts[shard] <= 0:
                del counts[shard]
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

        for key in orphan_keys:
            del articles_table[key]
        result.removed = len(orphans)
        written = {str(doc_id_for(s.article.id)) for s in to_write}
        # An article whose file went away but which another file also holds now shows that file.
        moved: dict[str, str] = {}
        for article_id in touched:
            key = str(doc_id_for(article_id))
            row = articles_table.get(key)
            if row is not None and key not in written and row["path"] not in held[article_id]:
                moved[article_id] = min(held[article_id])
                articles_table[key] = {**row, "path": moved[article_id]}
        for s in to_write:
            articles_table[str(doc_id_for(s.article.id))] = _summary_row(s, shard_of[s.article.id])
        count, store_id = old_meta.get("generation"), old_meta.get("store_id")
        if type(store_id) is not str or not validate.ID.match(store_id):
            store_id = secrets.token_hex(8)
        meta_row = {
            **old_meta,
            "schema": SCHEMA_VERSION,
            "extractor_version": extractor_version(),
            "shard_size": SHARD_SIZE,
            "generation": count + 1 if type(count) is int and count >= 0 else 1,
            "store_id": store_id,
        }
        data.setdefault("meta", {})[str(_META_ID)] = meta_row
        db.storage.write(data)
        db.storage.flush()  # type: ignore[attr-defined]
        self._signature = self._disk_signature()
        recheck.clear()
        changed = written | {str(doc_id_for(i)) for i in moved}
        self._keep_checked(changed, orphan_keys, batch)
        # The commit point is passed: the index follows in one transaction of its own.
        after = f"{store_id}.{meta_row['generation']}"
        new_paths = {i: validate.line(p) for i, p in moved.items()}
        self._write_index(
            to_write, shard_of, orphans, new_paths, before, after, empty_before=not committed_rows
        )
        return result

    def _keep_checked(self, changed: set[str], removed: set[str], batch: Batch) -> None:
        """Bring the checked rows in step with a commit by checking only the rows it wrote
        (checking them all again cost ~0.4 s per commit at 22k articles)."""
        data = self.db.storage.read() or {}
        try:
            if self._valid_rows is not None:
                rows = dict(self._valid_rows)
                articles = data.get("articles", {})
                for key in removed:
                    rows.pop(key, None)
                for key in changed:
                    rows[key] = validate.article_row(key, articles[key])
                self._valid_rows = rows
            if self._valid_files is not None:
                files = dict(self._valid_files)
                table = data.get("files", {})
                for path in batch.removed_files | set(batch.files):
                    files.pop(path, None)
                for path in batch.files:
                    key = str(doc_id_for(path))
                    _, size, mtime, ids = validate.file_row(key, table[key], doc_id_for)
                    files[path] = (size, mtime, ids)
                self._valid_files = files
        except (Invalid, KeyError):  # checked in full (and refused by name) when next read
            self._valid_rows = None
            self._valid_files = None
            self._held = None
            self._counts = None

    def _write_index(
        self,
        written: list[StoredArticle],
        shard_of: dict[str, int],
        removed: list[str],
        repath: dict[str, str],
        before: str,
        after: str,
        *,
        empty_before: bool,
    ) -> None:
        """Apply one commit to the index in ONE transaction, if the index reflected the store
        just before it; else leave it as it is: stale, rebuilt by whoever opens it next.

        Never fails the commit (it is already done): an index that cannot be opened or
        written is left stale the same way (its transaction rolled back whole).
        """
        from store.readmodel import build
        from store.readmodel.schema import IndexPathError, open_index

        # An empty store's index is trivially built; any other missing index waits for a rebuild.
        if not empty_before and not os.path.lexists(self.index_path):
            return
        try:
            conn = open_index(self.index_path)
        except (IndexPathError, OSError, sqlite3.Error):
            return
        try:
            if build.is_stale(conn, before):
                if not empty_before:
                    return
                build.reset(conn, before)
            rows = []
            for stored in written:
                r = stored.rows
                if r is None:
                    r = index_rows(stored.article, stored.items)
                rows.append(build.with_shard(r, shard_of[stored.article.id]))
            build.apply_batch(conn, rows, removed, after, expect=before, repath=repath)
        except (sqlite3.Error, OSError, Invalid):
            pass  # rolled back: the index stays at its old generation, so it reads as stale
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.close()

    def _write_shards(
        self,
        to_write: list[StoredArticle],
        shard_of: dict[str, int],
        committed_rows: dict[str, Any],
    ) -> None:
        if not to_write:
            return
        self._own(self.parts_dir, folder=True)  # before mkdir: it would accept a linked folder
        try:
            self.parts_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            shown = one_line(str(self.parts_dir))
            raise StoreWriteError(f"could not create {shown}: {reason}") from exc
        self._own(self.parts_dir, folder=True)
        by_shard: dict[int, list[StoredArticle]] = {}
        for stored in to_write:
            by_shard.setdefault(shard_of[stored.article.id], []).append(stored)
        for shard_no, items in sorted(by_shard.items()):
            shard_path = self._shard_file(shard_no)
            self._own(shard_path)
            db = TinyDB(shard_path, storage=AtomicJSONStorage)
            raw = self._checked_shard_for_write(shard_no, db, committed_rows)
            table = db.table("articles")
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
                        "language": s.article.language,
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

    def _checked_shard_for_write(
        self, shard_no: int, db: TinyDB, committed_rows: dict[str, Any]
    ) -> dict[str, Any]:
        """The documents of a shard about to be rewritten; StoreCorrupt when what it keeps is
        damaged (a commit never builds on damage: it would hide it under new content)."""
        path = self._shard_file(shard_no)
        data = db.storage.read() or {}
        try:
            docs = validate.shard_keys(data.get("articles", {}))
        except Invalid as exc:
            raise self._corrupt(path, "", exc) from None
        kept = [k for k in docs if committed_rows.get(k, {}).get("shard") == shard_no]
        try:
            order = validate.field_order(data.get("meta"))
        except Invalid as exc:
            if kept:
                raise self._corrupt(path, "", exc) from None
            db.drop_table("meta")  # only garbage is left in it: start the shard afresh
            order = {}
        for key in kept:
            try:
                validate.shard_doc(docs[key], order)
            except Invalid as exc:
                raise self._corrupt(path, f"article {committed_rows[key]['id']}", exc) from None
        return docs

    # ----- ingest, sources, state ------------------------------------------------------------

    def ingest(
        self,
        paths: list[Path],
        *,
        workers: int | None = None,
        on_progress: Callable[[IngestProgress], None] | None = None,
        batch_size: int | None = None,
        on_commit: Callable[[str], None] | None = None,
        urls: Sequence[str] = (),
        fetch_options: FetchOptions | None = None,
    ) -> IngestReport:
        """Read, extract and store the articles under ``paths`` and at ``urls`` (web pages,
        feeds, sitemaps) (incremental, parallel, batched); see ``store.ingest.run_ingest``."""
        from store.ingest import run_ingest

        return run_ingest(
            self,
            paths,
            workers=workers,
            on_progress=on_progress,
            batch_size=batch_size,
            on_commit=on_commit,
            urls=urls,
            fetch_options=fetch_options,
        )

    def store_files(self) -> list[Path]:
        """The files that make up this store (excluded when a folder holding them is ingested)."""
        index = self.index_path
        return [
            self.path,
            self.parts_dir,
            self.lock_path,
            self.sources_path,
            self.state_path,
            index,
            index.with_name(index.name + "-wal"),
            index.with_name(index.name + "-shm"),
            index.with_name(index.name + "-journal"),
            self.path.with_name(self.path.name + ".web"),
            self.path.with_name(self.path.name + ".cluster"),
        ]

    def sources(self) -> list[str]:
        """Source paths given to ingest so far, each on one safe line (to show, never to read:
        ``repair`` does not re-ingest them, since a store from elsewhere may list any folder)."""
        return [validate.line(p) for p in self._raw_sources()]

    def _raw_sources(self) -> list[str]:
        if not self._own(self.sources_path):
            return []
        try:
            data = orjson.loads(self.sources_path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return []
        return [p for p in data if isinstance(p, str)] if isinstance(data, list) else []

    def add_sources(self, paths: list[Path]) -> None:
        """Remember the source paths given to ingest (under the lock: concurrent ingests add theirs)."""
        new = [os.path.abspath(p) for p in paths]
        if all(p in self._raw_sources() for p in new):
            return
        with self.locked():
            known = self._raw_sources()
            merged = known + [p for p in dict.fromkeys(new) if p not in known]
            atomic_write_bytes(self.sources_path, orjson.dumps(merged))

    def get_state(self, key: str, default: Any = None) -> Any:
        """A small piece of app state (e.g. the last article and pane); never touches the store.

        A state file that cannot be read, or that is a link or someone else's, counts as
        empty; its strings come back on one safe line.
        """
        try:
            if not self._own(self.state_path):
                return default
            data = orjson.loads(self.state_path.read_bytes())
        except (StoreError, OSError, orjson.JSONDecodeError):
            return default
        if not isinstance(data, dict) or key not in data:
            return default
        return validate.safe_json(data[key])

    def set_state(self, key: str, value: Any) -> bool:
        """Save a piece of app state; False (never an error) when it cannot be saved.

        UI state is a convenience: a read-only folder, a full disk or a state file that is
        a link must not stop anyone reading the store. ``writable`` says so up front.
        """
        try:
            if self._own(self.state_path):
                try:
                    data = orjson.loads(self.state_path.read_bytes())
                except orjson.JSONDecodeError:
                    data = {}
                if not isinstance(data, dict):
                    data = {}
            else:
                data = {}
            data[key] = value
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.state_path, orjson.dumps(data))
        except (StoreError, OSError, TypeError):
            return False
        return True

    def writable(self) -> bool:
        """Whether this store can be written now (ingest, repair, saved state).

        False on a read-only file system or folder, a full disk, or store files you may
        not write; reading works all the same. Writes nothing to find out.
        """
        folder = self.path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent  # the store would be created here
        statvfs = getattr(os, "statvfs", None)
        if statvfs is not None:
            try:
                st = statvfs(folder)
            except OSError:
                return False
            if st.f_flag & getattr(os, "ST_RDONLY", 1) or st.f_bavail == 0:
                return False
        if not os.access(folder, os.W_OK | os.X_OK):
            return False
        return all(
            os.access(p, os.W_OK)
            for p in (self.path, self.parts_dir, self.lock_path)
            if os.path.lexists(p)
        )

    def disk_size(self) -> int:
        """Bytes on disk: the main file plus its shards."""
        total = self.path.stat().st_size if self.path.exists() else 0
        if self._own(self.parts_dir, folder=True):
            total += sum(p.lstat().st_size for p in self.parts_dir.glob("*.json"))
        return total

    # ----- verify and repair ---------------------------------------------------------------------

    def verify(self) -> list[str]:
        """Every problem a read would refuse, one line each (the same lines); empty when healthy.

        Checks the side files (links, owners), the main file's meta, every article and file
        row, and for every shard the articles listed in it: present, and every field and item
        as the reads check them.
        """
        self._forget()
        problems: list[str] = []
        for path, folder in (
            (self.parts_dir, True),
            (self.sources_path, False),
            (self.state_path, False),
            (self.lock_path, False),
        ):
            try:
                self._own(path, folder=folder)
            except StoreError as exc:
                problems.append(str(exc))
        try:
            self.db.storage.read()
        except StoreTooNew as exc:
            return [str(exc)]
        except StoreError as exc:
            return [*problems, str(exc)]
        data = self.db.storage.read() or {}
        rows: dict[str, dict[str, Any]] = {}
        for key, row in data.get("articles", {}).items():
            try:
                rows[key] = validate.article_row(key, row)
            except Invalid as exc:
                problems.append(str(self._corrupt(self.path, _record(key, row), exc)))
        for key, row in data.get("files", {}).items():
            try:
                validate.file_row(key, row, doc_id_for)
            except Invalid as exc:
                record = f"file row {validate.name(key)}"
                problems.append(str(self._corrupt(self.path, record, exc)))
        by_shard: dict[int, list[tuple[str, dict[str, Any]]]] = {}
        for key, row in rows.items():
            by_shard.setdefault(row["shard"], []).append((key, row))
        for shard_no, listed in sorted(by_shard.items()):
            try:
                docs, order = self._load_shard(shard_no)
            except StoreError as exc:
                problems.append(str(exc))
                continue
            for key, row in sorted(listed, key=lambda kr: kr[1]["id"]):
                try:
                    if self._doc(shard_no, docs, order, key, row) is None:
                        file = self._shard_file(shard_no)
                        problems.append(
                            str(
                                self._corrupt(
                                    file, f"article {row['id']}", "missing from its shard"
                                )
                            )
                        )
                except StoreError as exc:
                    problems.append(str(exc))
        self._forget()
        return problems

    def repair(self, on_progress: Callable[[int, int], None] | None = None) -> RepairReport:
        """Rebuild a damaged store from its own content; a healthy one is left alone.

        What ``verify`` finds is fixed or dropped, and said: the damaged files are moved
        aside (never deleted); every article whose text is intact is kept, its summary
        rebuilt and its items re-extracted from its own text if they were damaged; an
        article whose text is lost is dropped. Nothing outside the store is read (not
        even the folders its ``.sources`` file lists): re-read folders with ``ingest``.

        Then the index: rebuilt from the store when it is missing or stale (or the store
        was repaired), ``on_progress(done, total)`` as it goes; never on a store that
        cannot be written (``writable``).
        """
        report = RepairReport(problems=self.verify())
        if report.problems:
            with self.locked():
                batch = self._salvage(report)
                report.moved = self._move_aside_locked()
            self._forget()
            if batch.articles:
                self.commit(batch)
        self._repair_index(report, on_progress)
        return report

    def _repair_index(
        self, report: RepairReport, on_progress: Callable[[int, int], None] | None
    ) -> None:
        """Rebuild the index under the lock if it does not reflect the store (or was damaged)."""
        from store.readmodel import build
        from store.readmodel.schema import IndexPathError, open_index

        if not self.writable() or not (
            os.path.lexists(self.path) or os.path.lexists(self.index_path)
        ):
            return
        with self.locked():
            self._forget()
            generation = self.generation()
            try:
                conn = open_index(self.index_path)
            except (IndexPathError, OSError, sqlite3.Error) as exc:
                report.notes.append(f"index not rebuilt: {one_line(str(exc))}")
                return
            try:
                if report.problems or build.is_stale(conn, generation):
                    build.rebuild(self, conn, on_progress, generation=generation)
                    report.index_rebuilt = len(self)
            except (sqlite3.Error, OSError) as exc:
                report.notes.append(f"index not rebuilt: {one_line(str(exc))}")
            finally:
                conn.close()

    def _salvage(self, report: RepairReport) -> Batch:
        """Everything usable in the damaged store, as one batch for a fresh one."""
        from store.extract import extract

        batch = Batch()
        try:
            data = read_json_file(self.path)
        except StoreError:
            data = None
        if not isinstance(data, dict):
            if data is not None or self.path.exists():
                report.notes.append(
                    f"{one_line(str(self.path))} cannot be read: the articles it listed are lost"
                )
            data = {}
        tables = {k: (v if isinstance(v, dict) else {}) for k, v in data.items()}
        meta = tables.get("meta", {}).get(str(_META_ID))
        if (
            isinstance(meta, dict)
            and type(meta.get("schema")) is int
            and meta["schema"] > SCHEMA_VERSION
        ):
            raise StoreTooNew(
                f"{one_line(str(self.path))} was written by a newer newsexplore (store schema "
                f"{meta['schema']}); this version does not repair it"
            )
        docs = self._salvage_docs()
        rows: dict[str, Article] = {}
        for key, row in tables.get("articles", {}).items():
            try:
                article_id = validate.article_key(row, key)
            except Invalid as exc:
                doc = docs.get(key, (None, None))[0]
                named = doc.get("id") if isinstance(doc, dict) else None
                who = (
                    f"article {named}"
                    if isinstance(named, str) and validate.ID.match(named)
                    else _record(key, row)
                )
                report.dropped.append(f"{who}: its summary row {exc}; dropped")
                continue
            title, path = row.get("title"), row.get("path")
            if type(path) is not str:
                report.dropped.append(f"article {article_id}: its 'path' is not a string; dropped")
                continue
            date, source = row.get("date"), row.get("source")
            for name, value in (("date", date), ("source", source)):
                if value is not None and type(value) is not str:
                    report.fixed.append(f"article {article_id}: its '{name}' was not text; cleared")
            found = docs.get(key)
            if found is None:
                report.dropped.append(f"article {article_id}: its text is missing; dropped")
                continue
            doc, order = found
            text = doc.get("text") if isinstance(doc, dict) else None
            if type(text) is not str:
                report.dropped.append(f"article {article_id}: its text is damaged; dropped")
                continue
            if type(title) is not str:
                title = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")[:200]
                report.fixed.append(
                    f"article {article_id}: its title was not text; took its first line"
                )
            language = doc.get("language")
            if language is not None and not (type(language) is str and 0 < len(language) <= 16):
                language = None
                report.fixed.append(f"article {article_id}: its language was damaged; cleared")
            url, authors = doc.get("url"), doc.get("authors")
            if url is not None and type(url) is not str:
                url = None
                report.fixed.append(f"article {article_id}: its url was not text; cleared")
            if authors is not None and not (
                type(authors) is list and all(type(a) is str for a in authors)
            ):
                authors = None
                report.fixed.append(f"article {article_id}: its authors were not text; cleared")
            article = Article(
                id=article_id,
                path=path,
                title=title,
                date=date if type(date) is str else None,
                source=source if type(source) is str else None,
                text=text,
                url=url,
                authors=list(authors or []),
                language=language,
            )
            xv = row.get("xv")
            try:
                if order is None:
                    raise Invalid("no field order")
                checked = validate.shard_doc(
                    {**doc, "url": url, "authors": authors, "language": language}, order
                )
                items = codec.encode(codec.decode(text, checked["items"], order))
                stored = StoredArticle(article, items, xv if type(xv) is int else -1)
            except Invalid:
                stored = StoredArticle(article, codec.encode(extract(article)))
                report.reextracted.append(
                    f"article {article_id}: its items were damaged; extracted again from its text"
                )
            batch.articles[article_id] = stored
            rows[article_id] = article
        for key, row in tables.get("files", {}).items():
            try:
                path, size, mtime, ids = validate.file_row(key, row, doc_id_for)
            except Invalid:
                continue  # the articles it listed are filed under their own path below
            kept = [i for i in ids if i in rows]
            if kept:
                batch.files[path] = (size, mtime, kept)
        listed = {i for _, _, ids in batch.files.values() for i in ids}
        for article_id, article in rows.items():
            if article_id not in listed:
                # Size 0 and time 0: the next ingest of its folder reads that file again.
                size, mtime, ids = batch.files.get(article.path, (0, 0, []))
                batch.files[article.path] = (size, mtime, [*ids, article_id])
        report.kept = len(batch.articles)
        return batch

    def _salvage_docs(self) -> dict[str, tuple[Any, dict[str, list[str]] | None]]:
        """Every article document readable in the shard folder: key -> (document, field order)."""
        docs: dict[str, tuple[Any, dict[str, list[str]] | None]] = {}
        try:
            if not self._own(self.parts_dir, folder=True):
                return docs
            names = sorted(os.listdir(self.parts_dir))
        except (StoreError, OSError):
            return docs  # a linked or foreign shard folder is not read at all
        for name in names:
            path = self.parts_dir / name
            if not name.endswith(".json") or not name[:-5].isdigit():
                continue
            try:
                if not self._own(path):
                    continue
                data = read_json_file(path)
                articles = validate.shard_keys(data.get("articles", {}))
            except (StoreError, Invalid, AttributeError):
                continue
            try:
                order: dict[str, list[str]] | None = validate.field_order(data.get("meta"))
            except Invalid:
                order = None
            for key, doc in articles.items():
                known = docs.get(key)
                if known is None or (
                    type(known[0].get("text") if isinstance(known[0], dict) else None) is not str
                ):
                    docs[key] = (doc, order)
        return docs

    def move_aside(self) -> list[Path]:
        """Rename the main file and shard folder to ``<name>.corrupt-<timestamp>``; returns new paths."""
        with self.locked():
            moved = self._move_aside_locked()
        return moved

    def _move_aside_locked(self) -> list[Path]:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        moved = []
        for p in (self.path, self.parts_dir):
            if os.path.lexists(p):  # a link is renamed itself; what it points to is not touched
                target = p.with_name(f"{p.name}.corrupt-{stamp}")
                n = 1
                while os.path.lexists(target):
                    n += 1
                    target = p.with_name(f"{p.name}.corrupt-{stamp}-{n}")
                os.replace(p, target)
                moved.append(target)
        for side in (self.sources_path, self.state_path):
            try:
                self._own(side)
            except StoreError:  # a link or someone else's: set aside too, never followed
                target = side.with_name(f"{side.name}.corrupt-{stamp}")
                os.replace(side, target)
                moved.append(target)
        self._forget()
        return moved


@dataclass(slots=True)
class RepairReport:
    """What ``Store.repair`` found and did (every line safe to print)."""

    problems: list[str] = field(default_factory=list)
    moved: list[Path] = field(default_factory=list)
    kept: int = 0
    fixed: list[str] = field(default_factory=list)
    reextracted: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    index_rebuilt: int | None = None  # articles in the index rebuilt, None: not rebuilt

    def lines(self) -> list[str]:
        """What was done, one line each: moved aside, fixed, re-extracted, dropped, the total,
        the index rebuilt; empty when nothing was done."""
        out = []
        if self.problems:
            out += [f"Moved the damaged file aside: {one_line(str(p))}" for p in self.moved]
            out += self.notes + self.fixed + self.reextracted + self.dropped
            out.append(
                f"Rebuilt the store from its own texts: {self.kept} articles kept "
                f"({len(self.reextracted)} with items extracted again), {len(self.dropped)} dropped."
            )
        elif self.notes:
            out += self.notes
        if self.index_rebuilt is not None:
            out.append(f"index rebuilt: {self.index_rebuilt} articles")
        return out


def _record(key: str, row: Any) -> str:
    """How a main-file article row is named in a message: by its id when it has a valid one."""
    article_id = row.get("id") if isinstance(row, dict) else None
    if isinstance(article_id, str) and validate.ID.match(article_id):
        return f"article {article_id}"
    return f"article row {validate.name(key)}"


def _say_on_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


__all__ = [
    "SCHEMA_VERSION",
    "SHARD_SIZE",
    "ArticleSummary",
    "Batch",
    "RepairReport",
    "Store",
    "StoreBusy",
    "StoreCorrupt",
    "StoreError",
    "StoreTooNew",
    "StoredArticle",
    "default_db_path",
]
