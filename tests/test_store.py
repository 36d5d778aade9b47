"""The Store: summaries without texts, loading one article, incremental ingest, versions and state."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from conftest import BBC, SEEDS

import store.extract
import store.ingest
from store.db import SCHEMA_VERSION, Store
from store.readers import read_file
from store.storage import StoreCorrupt, StoreTooNew

WriteFile = Callable[..., Path]


def article_text(i: int) -> str:
    return f"Headline {i}\n\nAcme Corp said sales rose {i}% to $3.2bn, said Jane Doe in London on day {i}.\n"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "db.json"


def assert_offsets_hold(s: Store) -> int:
    count = 0
    for article, extraction in s.iter_all():
        for item in [*extraction.entities, *extraction.quotes, *extraction.figures]:
            assert article.text[item.start : item.end] == item.text
            count += 1
    return count


def test_ingest_then_summaries_and_load(db: Path, write_file: WriteFile, tmp_path: Path) -> None:
    for i in range(5):
        write_file(f"news/{i}.txt", article_text(i))
    report = Store(db).ingest([tmp_path / "news", SEEDS], workers=1)
    assert (report.new, report.skipped, report.total_articles) == (6, 0, 6)
    assert report.entities > 0 and report.figures > 0

    reopened = Store(db)
    summaries = reopened.summaries()
    assert len(reopened) == 6 and len(summaries) == 6
    first = next(s for s in summaries if s.path.endswith("0.txt"))
    assert first.title == "Headline 0" and first.n_figures > 0
    article, extraction = reopened.load(first.id)
    assert article.text == article_text(0)
    assert len(extraction.figures) == first.n_figures
    assert assert_offsets_hold(reopened) > 0


def test_summaries_do_not_read_shards(db: Path, write_file: WriteFile, tmp_path: Path) -> None:
    write_file("news/a.txt", article_text(1))
    Store(db).ingest([tmp_path / "news"], workers=1)
    for shard in (db.parent / "db.json.parts").glob("*.json"):
        shard.write_bytes(b"not json")  # summaries must not need them
    assert [s.title for s in Store(db).summaries()] == ["Headline 1"]


def test_unchanged_files_are_not_read_again(
    db: Path, write_file: WriteFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(4):
        write_file(f"news/{i}.txt", article_text(i))
    Store(db).ingest([tmp_path / "news"], workers=1)
    reads: list[str] = []

    def counting_read(source):  # type: ignore[no-untyped-def]
        reads.append(source.path)
        return read_file(source)

    monkeypatch.setattr(store.ingest, "read_file", counting_read)
    before = db.read_bytes()
    report = Store(db).ingest([tmp_path / "news"], workers=1)
    assert reads == []
    assert (report.files_unchanged, report.unchanged, report.stored) == (4, 4, 0)
    assert db.read_bytes() == before  # nothing to commit, nothing rewritten


def test_changed_file_replaces_its_article(db: Path, write_file: WriteFile, tmp_path: Path) -> None:
    path = write_file("news/a.txt", article_text(1))
    write_file("news/b.txt", article_text(2))
    s = Store(db)
    s.ingest([tmp_path / "news"], workers=1)
    old_id = next(x.id for x in s.summaries() if x.path == str(path))
    path.write_text(article_text(99) + "More text.\n", encoding="utf-8")
    report = Store(db).ingest([tmp_path / "news"], workers=1)
    assert (report.files_read, report.new, report.removed) == (1, 1, 1)
    reopened = Store(db)
    assert old_id not in reopened
    assert sorted(x.title for x in reopened.summaries()) == ["Headline 2", "Headline 99"]


def test_deleted_file_is_dropped_on_reingest(
    db: Path, write_file: WriteFile, tmp_path: Path
) -> None:
    write_file("news/a.txt", article_text(1))
    gone = write_file("news/b.txt", article_text(2))
    Store(db).ingest([tmp_path / "news"], workers=1)
    gone.unlink()
    report = Store(db).ingest([tmp_path / "news"], workers=1)
    assert report.removed == 1
    assert [x.title for x in Store(db).summaries()] == ["Headline 1"]


def test_same_text_in_two_files_is_one_article(
    db: Path, write_file: WriteFile, tmp_path: Path
) -> None:
    write_file("a/x.txt", article_text(1))
    write_file("b/y.txt", article_text(1))
    report = Store(db).ingest([tmp_path / "a", tmp_path / "b"], workers=1)
    assert report.total_articles == 1 and report.files_read == 2
    # Removing one copy keeps the article: the other file still refers to it.
    (tmp_path / "a" / "x.txt").unlink()
    Store(db).ingest([tmp_path / "a"], workers=1)
    assert [s.path for s in Store(db).summaries()] == [str(tmp_path / "b" / "y.txt")]


def test_newer_extractor_version_re_extracts(
    db: Path, write_file: WriteFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(3):
        write_file(f"news/{i}.txt", article_text(i))
    Store(db).ingest([tmp_path / "news"], workers=1)
    extracted: list[str] = []
    real = store.ingest.extract

    def counting_extract(article):  # type: ignore[no-untyped-def]
        extracted.append(article.id)
        return real(article)

    monkeypatch.setattr(store.ingest, "extract", counting_extract)
    assert Store(db).ingest([tmp_path / "news"], workers=1).stored == 0
    assert extracted == []

    monkeypatch.setattr(store.extract, "EXTRACTOR_VERSION", store.extract.EXTRACTOR_VERSION + 1)
    s = Store(db)
    assert len(s.stale_ids()) == 3
    (tmp_path / "news" / "0.txt").write_text(article_text(50), encoding="utf-8")
    progress: list[tuple[str, int, int]] = []
    report = s.ingest(
        [tmp_path / "news"],
        workers=1,
        on_progress=lambda p: progress.append((p.phase, p.files_done, p.files_total)),
    )
    # The changed file is read and extracted once; the two unchanged ones are re-extracted
    # from their stored text; nothing is extracted twice.
    assert len(extracted) == 3
    assert (report.new, report.updated, report.removed) == (1, 2, 1)
    assert progress[-1] == ("re-extracting", 2, 2)
    assert Store(db).stale_ids() == []
    assert (
        orjson.loads(db.read_bytes())["meta"]["1"]["extractor_version"]
        == store.extract.EXTRACTOR_VERSION
    )


def test_newer_schema_is_refused_and_left_alone(
    db: Path, write_file: WriteFile, tmp_path: Path
) -> None:
    write_file("news/a.txt", article_text(1))
    Store(db).ingest([tmp_path / "news"], workers=1)
    data = orjson.loads(db.read_bytes())
    data["meta"]["1"]["schema"] = SCHEMA_VERSION + 1
    db.write_bytes(orjson.dumps(data))
    before = db.read_bytes()
    with pytest.raises(StoreTooNew, match="newer newsexplore"):
        Store(db).summaries()
    with pytest.raises(StoreTooNew):
        Store(db).ingest([tmp_path / "news"], workers=1)
    assert db.read_bytes() == before


def test_a_json_file_that_is_not_a_store_is_refused(
    db: Path, write_file: WriteFile, tmp_path: Path
) -> None:
    db.parent.mkdir(parents=True)
    db.write_text('{"title": "an article, not a store", "text": "x"}', encoding="utf-8")
    write_file("news/a.txt", article_text(1))
    with pytest.raises(StoreCorrupt, match="not a newsexplore store"):
        Store(db).ingest([tmp_path / "news"], workers=1)
    assert orjson.loads(db.read_bytes())["title"] == "an article, not a store"


def test_store_files_inside_an_ingested_folder_are_not_read_as_articles(
    write_file: WriteFile, tmp_path: Path
) -> None:
    write_file("news/a.txt", article_text(1))
    s = Store(tmp_path / "news" / "store.json")
    s.ingest([tmp_path / "news"], workers=1)
    report = s.ingest([tmp_path / "news"], workers=1)
    assert report.errors == [] and len(s) == 1


def test_state_lives_beside_the_store_and_never_rewrites_it(
    db: Path, write_file: WriteFile, tmp_path: Path
) -> None:
    write_file("news/a.txt", article_text(1))
    Store(db).ingest([tmp_path / "news"], workers=1)
    before = db.read_bytes()
    s = Store(db)
    assert s.get_state("last_article") is None
    s.set_state("last_article", {"id": "abc", "pane": "quotes"})
    assert Store(db).get_state("last_article") == {"id": "abc", "pane": "quotes"}
    assert db.read_bytes() == before


def test_default_location_follows_env(
    isolated_store: Path, write_file: WriteFile, tmp_path: Path
) -> None:
    write_file("news/a.txt", article_text(1))
    Store().ingest([tmp_path / "news"], workers=1)
    assert isolated_store.exists() and Store(isolated_store).summaries()[0].title == "Headline 1"


def test_parallel_ingest_matches_serial(
    tmp_path: Path, corpus_factory: Callable[..., Path]
) -> None:
    corpus = corpus_factory(150)
    serial = Store(tmp_path / "serial.json")
    serial.ingest([corpus], workers=1)
    parallel = Store(tmp_path / "parallel.json")
    report = parallel.ingest([corpus], workers=2, batch_size=40)
    assert report.commits >= 4  # committed in batches, not per article nor all at the end
    assert serial.summaries() == parallel.summaries()  # same ids, titles, counts
    expected = {article.id: extraction for article, extraction in serial.iter_all()}
    for article, extraction in parallel.iter_all():
        assert expected[article.id] == extraction


def test_shards_stay_small_and_garbage_is_collected(
    tmp_path: Path, write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("store.db.SHARD_SIZE", 3)
    paths = [write_file(f"news/{i}.txt", article_text(i)) for i in range(8)]
    s = Store(tmp_path / "db.json")
    s.ingest([tmp_path / "news"], workers=1)
    shards = sorted((tmp_path / "db.json.parts").glob("*.json"))
    assert len(shards) == 3
    paths[0].write_text(article_text(100), encoding="utf-8")
    paths[1].write_text(article_text(101), encoding="utf-8")
    s.ingest([tmp_path / "news"], workers=1)
    s2 = Store(tmp_path / "db.json")
    assert len(s2) == 8 and assert_offsets_hold(s2) > 0
    stored_docs = sum(
        len(orjson.loads(p.read_bytes())["articles"])
        for p in (tmp_path / "db.json.parts").glob("*.json")
    )
    assert (
        stored_docs <= 8 + 2
    )  # at most the two replaced articles linger until their shard is rewritten


@pytest.mark.slow
@pytest.mark.skipif(not BBC.is_dir(), reason="the shared BBC corpus is absent")
def test_bbc_corpus_is_2127_distinct_articles(tmp_path: Path) -> None:
    s = Store(tmp_path / "bbc.json")
    report = s.ingest([BBC])
    assert report.files_read == 2225 and report.skipped == 0
    assert report.total_articles == 2127 and len(Store(tmp_path / "bbc.json")) == 2127
    size = s.disk_size()
    raw = sum(p.stat().st_size for p in BBC.rglob("*.txt"))
    assert size < 4 * raw


def test_a_store_that_committed_reads_what_a_fresh_one_reads(
    db: Path, write_file: WriteFile, tmp_path: Path
) -> None:
    # The committing Store keeps its checked rows in step with each commit instead of checking
    # every row again: what it returns must be what a fresh read returns, strings made safe.
    s = Store(db)
    for i in range(3):
        write_file(f"news/{i}.txt", article_text(i))
    s.ingest([tmp_path / "news"], workers=1, batch_size=2)
    write_file("news/1.txt", "Bad \x1b]52;c;eA==\x07 title\n\nAcme Corp said sales rose.\n")
    (tmp_path / "news" / "2.txt").unlink()
    write_file("news/3.txt", article_text(3))
    s.ingest([tmp_path / "news"], workers=1)
    fresh = Store(db)
    assert s.summaries() == fresh.summaries() and len(s) == len(fresh) == 3
    assert s.file_rows() == fresh.file_rows()
    assert all("\x1b" not in x.title for x in s.summaries())


def test_an_article_no_file_holds_is_dropped_by_the_next_commit(
    db: Path, write_file: WriteFile, tmp_path: Path
) -> None:
    # Commits track which files hold which articles as they go; an article the main file
    # lists but no file row holds (an older or edited store) must still be dropped.
    for i in range(2):
        write_file(f"news/{i}.txt", article_text(i))
    Store(db).ingest([tmp_path / "news"], workers=1)
    data = orjson.loads(db.read_bytes())
    gone = next(k for k, r in data["files"].items() if r["path"].endswith("0.txt"))
    del data["files"][gone]
    db.write_bytes(orjson.dumps(data))
    (tmp_path / "news" / "0.txt").unlink()
    write_file("news/2.txt", article_text(2))
    report = Store(db).ingest([tmp_path / "news"], workers=1)
    assert (report.new, report.removed) == (1, 1)
    assert sorted(s.title for s in Store(db).summaries()) == ["Headline 1", "Headline 2"]
