"""The store keeps its index: every commit moves the generation on and applies its batch to the
index in one transaction (rows derived in the workers); a stale or missing index is left stale
and rebuilt by repair; a read-only store never writes one; web sources ingest incrementally."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from test_web import FAST, Site, add_articles, rss

import store.db
from store.db import Store
from store.ingest import extract_paths, run_ingest
from store.readmodel import build
from store.readmodel.schema import get_meta, open_index

WriteFile = Callable[..., Path]


def article_text(i: int, extra: str = "") -> str:
    return (
        f"Headline {i}{extra}\n\nAcme Corp said sales rose {i}% to $3.2bn, said Jane Doe in "
        f'London on day {i}. "We are pleased," said Tony Blair.\n'
    )


def index_snapshot(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the index holds, without its internal row numbers (sorted, comparable)."""
    queries = {
        "articles": "SELECT id, title, date, source, path, url, lang, n_entities, n_quotes, "
        "n_figures, shard FROM articles",
        "entities": "SELECT canonical, type, fold, mentions, articles FROM entities",
        "mentions": "SELECT a.id, e.canonical, e.type, m.sent, m.count FROM mentions m "
        "JOIN articles a ON a.n = m.article JOIN entities e ON e.e = m.e",
        "quotes": 'SELECT a.id, q.start, q."end", q.speaker, q.speaker_fold, q.role, q.sent, '
        "f.body FROM quotes q JOIN articles a ON a.n = q.article "
        "JOIN quote_fts f ON f.rowid = q.q",
        "speakers": "SELECT speaker, fold, quotes, articles, first_date, last_date FROM speakers",
        "figures": 'SELECT a.id, f.start, f."end", f.kind, f.value, f.unit, f.noun, f.sent '
        "FROM figures f JOIN articles a ON a.n = f.article",
        "text": "SELECT a.id, t.title, t.body FROM text_fts t JOIN articles a ON a.n = t.rowid",
    }
    return {name: sorted(conn.execute(sql).fetchall(), key=repr) for name, sql in queries.items()}


def fresh_snapshot(db: Path, tmp_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The index a rebuild from scratch derives from the store at ``db``."""
    target = tmp_path / f"fresh-{len(list(tmp_path.glob('fresh-*')))}.sqlite"
    conn = build.rebuild(Store(db), target)
    try:
        return index_snapshot(conn)
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "db.json"


@contextmanager
def index_of(db: Path) -> Iterator[sqlite3.Connection]:
    conn = open_index(build.index_path_for(db), create=False)
    try:
        yield conn
    finally:
        conn.close()


def assert_index_current(db: Path, tmp_path: Path) -> None:
    """The index beside ``db`` reflects the store now, and equals a rebuild from scratch."""
    with index_of(db) as conn:
        assert not build.is_stale(conn, build.store_generation(Store(db)))
        assert index_snapshot(conn) == fresh_snapshot(db, tmp_path)


# ----- the generation --------------------------------------------------------------------------


def test_every_commit_moves_the_generation_on_and_none_repeats(
    db: Path, write_file: WriteFile, tmp_path: Path
) -> None:
    assert Store(db).generation() == "empty"
    seen = [Store(db).generation()]
    for i in range(3):
        write_file(f"news/{i}.txt", article_text(i))
        Store(db).ingest([tmp_path / "news"], workers=1)
        seen.append(Store(db).generation())
    assert len(set(seen)) == len(seen)
    # A store removed and made again starts a new line of generations.
    db.unlink()
    Store(db).ingest([tmp_path / "news"], workers=1)
    assert Store(db).generation() not in seen
    assert build.store_generation(Store(db)) == Store(db).generation()


def test_the_generation_seen_by_an_open_store_follows_other_writers(
    db: Path, write_file: WriteFile, tmp_path: Path
) -> None:
    write_file("news/0.txt", article_text(0))
    Store(db).ingest([tmp_path / "news"], workers=1)
    reader = Store(db)
    before = reader.generation()
    write_file("news/1.txt", article_text(1))
    Store(db).ingest([tmp_path / "news"], workers=1)
    assert reader.generation() != before
    assert len(reader) == 2  # and what it reads is that generation's


# ----- the commit keeps the index -------------------------------------------------------------


def test_ingest_builds_the_index_batch_by_batch_equal_to_a_rebuild(
    db: Path, write_file: WriteFile, tmp_path: Path
) -> None:
    for i in range(12):
        write_file(f"news/{i}.txt", article_text(i))
    report = Store(db).ingest([tmp_path / "news"], workers=1, batch_size=4)
    assert report.commits >= 3
    assert_index_current(db, tmp_path)
    with index_of(db) as conn:
        assert build.counts(conn)["articles"] == 12


def test_changed_removed_and_moved_files_keep_the_index_exact(
    db: Path, write_file: WriteFile, tmp_path: Path
) -> None:
    for i in range(6):
        write_file(f"news/{i}.txt", article_text(i))
    write_file("news/copy.txt", article_text(5))  # the same article in two files
    Store(db).ingest([tmp_path / "news"], workers=1, batch_size=3)
    write_file("news/0.txt", article_text(0, " (updated)"))
    (tmp_path / "news" / "1.txt").unlink()
    (tmp_path / "news" / "5.txt").unlink()  # its article stays, held by copy.txt
    report = Store(db).ingest([tmp_path / "news"], workers=1)
    assert report.removed == 2
    assert_index_current(db, tmp_path)
    with index_of(db) as conn:
        titles = {t for (t,) in conn.execute("SELECT title FROM articles")}
        paths = {p for (p,) in conn.execute("SELECT path FROM articles")}
    assert "Headline 0 (updated)" in titles and "Headline 1" not in titles
    assert str(tmp_path / "news" / "copy.txt") in paths
    assert str(tmp_path / "news" / "5.txt") not in paths


def test_index_rows_come_from_the_workers_not_the_committer(
    db: Path, corpus_factory: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = corpus_factory(80)  # enough to start worker processes
    calls: list[str] = []
    real = store.db.index_rows

    def counted(article: Any, items: Any) -> Any:
        calls.append(article.id)
        return real(article, items)

    monkeypatch.setattr(store.db, "index_rows", counted)  # the main process only
    Store(db).ingest([corpus], workers=2, batch_size=30)
    assert calls == []
    assert_index_current(db, tmp_path)


def test_a_stale_index_is_left_stale_untouched_and_repair_rebuilds_it(
    db: Path, write_file: WriteFile, tmp_path: Path
) -> None:
    for i in range(3):
        write_file(f"news/{i}.txt", article_text(i))
    Store(db).ingest([tmp_path / "news"], workers=1)
    with index_of(db) as conn:  # as an index left behind by a crash or an older version
        conn.execute("UPDATE meta SET value = 'elsewhere.7' WHERE key = 'generation'")
        before = index_snapshot(conn)
    write_file("news/3.txt", article_text(3))
    report = Store(db).ingest([tmp_path / "news"], workers=1)
    assert report.new == 1  # the commit went through all the same
    with index_of(db) as conn:
        assert get_meta(conn, "generation") == "elsewhere.7"
        assert index_snapshot(conn) == before  # not half-updated
        assert build.is_stale(conn, Store(db).generation())
    progress: list[tuple[int, int]] = []
    repaired = Store(db).repair(on_progress=lambda done, total: progress.append((done, total)))
    assert "index rebuilt: 4 articles" in repaired.lines()
    assert progress and progress[-1] == (4, 4)
    assert_index_current(db, tmp_path)
    assert Store(db).repair().lines() == []  # now nothing to do


def test_a_missing_index_is_not_half_built_by_a_commit(
    db: Path, write_file: WriteFile, tmp_path: Path
) -> None:
    write_file("news/0.txt", article_text(0))
    Store(db).ingest([tmp_path / "news"], workers=1)
    index = build.index_path_for(db)
    index.unlink()
    write_file("news/1.txt", article_text(1))
    Store(db).ingest([tmp_path / "news"], workers=1)
    assert not index.exists()  # left for whoever opens it next to build whole
    assert "index rebuilt: 2 articles" in Store(db).repair().lines()
    assert_index_current(db, tmp_path)


def test_a_read_only_store_never_writes_an_index(
    db: Path, write_file: WriteFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_file("news/0.txt", article_text(0))
    Store(db).ingest([tmp_path / "news"], workers=1)
    index = build.index_path_for(db)
    index.unlink()
    monkeypatch.setattr(Store, "writable", lambda self: False)
    report = Store(db).repair()
    assert not index.exists()
    assert not any("index rebuilt" in line for line in report.lines())


def test_a_symlink_in_place_of_the_index_is_never_written_through(
    db: Path, write_file: WriteFile, tmp_path: Path
) -> None:
    write_file("news/0.txt", article_text(0))
    Store(db).ingest([tmp_path / "news"], workers=1)
    index = build.index_path_for(db)
    index.unlink()
    target = tmp_path / "elsewhere.sqlite"
    target.write_bytes(b"not yours")
    index.symlink_to(target)
    write_file("news/1.txt", article_text(1))
    assert Store(db).ingest([tmp_path / "news"], workers=1).new == 1
    assert target.read_bytes() == b"not yours"


def test_the_index_and_web_cache_are_store_files_never_ingested(
    tmp_path: Path, write_file: WriteFile
) -> None:
    folder = tmp_path / "mixed"
    db = folder / "db.json"
    write_file("mixed/a.txt", article_text(1))
    Store(db).ingest([folder], workers=1)
    files = Store(db).store_files()
    assert build.index_path_for(db) in files
    assert db.with_name("db.json.web") in files
    write_file("mixed/db.json.web/page.html", "<html><body><p>cached</p></body></html>")
    report = Store(db).ingest([folder], workers=1)
    assert report.files_read == 0 and report.unsupported == {} and report.skipped == 0
    assert len(Store(db)) == 1


# ----- web sources --------------------------------------------------------------------------------


@pytest.fixture
def site() -> Iterator[Site]:
    """A local web site on 127.0.0.1 (tests/test_web.py's), counting what it serves."""
    s = Site()
    s.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    yield s
    s.close()


def test_a_feed_is_ingested_then_read_again_without_downloading_anything_new(
    site: Site, db: Path, tmp_path: Path
) -> None:
    items = add_articles(site, "news", 4)
    feed = site.add("/feed.xml", rss(items), content_type="application/rss+xml")
    fetched: list[str] = []
    report = run_ingest(
        Store(db),
        [],
        workers=1,
        urls=[feed],
        fetch_options=FAST,
        on_fetch=lambda done, total, url: fetched.append(url),
    )
    assert (report.new, report.skipped, report.total_articles) == (4, 0, 4), report.errors
    assert len(fetched) >= 4
    titles = {s.title for s in Store(db).summaries()}
    assert titles == {title for _, title in items}
    urls = {a.url for a, _ in Store(db).iter_all()}
    assert urls == {url for url, _ in items}
    assert all(key in Store(db).file_rows() for key, _ in items)
    assert_index_current(db, tmp_path)
    downloads = sum(site.downloads[f"/news/{i:03d}.html"] for i in range(4))
    assert downloads == 4

    again = run_ingest(Store(db), [], workers=1, urls=[feed], fetch_options=FAST)
    assert sum(site.downloads[f"/news/{i:03d}.html"] for i in range(4)) == downloads
    assert (again.new, again.updated, again.removed, again.files_read) == (0, 0, 0, 0)
    assert again.unchanged == 4 and again.total_articles == 4
    assert (db.parent / "db.json.web").is_dir()  # the page cache lives beside the store


def test_extract_paths_reads_urls_too(site: Site, tmp_path: Path) -> None:
    items = add_articles(site, "news", 2)
    out = list(
        extract_paths(
            [],
            workers=1,
            urls=[items[0][0], items[1][0], site.url("/missing.html")],
            fetch_options=FAST,
            cache_dir=tmp_path / "cache",
        )
    )
    titles = [a.title for a, _ in (x for x in out if isinstance(x, tuple))]
    assert titles == [items[0][1], items[1][1]]
    assert next(e for e in out if not isinstance(e, tuple)).path == site.url("/missing.html")
