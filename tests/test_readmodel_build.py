"""The on-disk read model: built from a store, its aggregates equal the Library's, batches keep
them exact, folded full-text search, and a hostile or broken index file is refused or rebuilt."""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BBC, make_corpus

from store.db import Store
from store.library import Library
from store.readmodel import (
    IndexPathError,
    apply_batch,
    counts,
    fold,
    index_path_for,
    is_stale,
    needs_rebuild,
    open_index,
    rebuild,
    rebuild_reason,
    rows_for,
    store_generation,
)
from store.records import Article, Extraction, Figure, Quote

WriteFile = Callable[..., Path]

ARTICLES = {
    "blair.txt": (
        "Date: 2004-03-01\n"
        "Title: Blair defends schools plan\n\n"
        "Tony Blair spoke in London on Monday. "
        '"We will build 200 new schools," Mr Blair said. '
        "Labour will spend £10bn on the plan, up 5% on last year.\n\n"
        "Gordon Brown backed the plan in Manchester. "
        '"It is the right thing to do," said Gordon Brown.\n'
    ),
    "acme.txt": (
        "Date: 2004-06-15\n"
        "Title: Acme Corp profits rise\n\n"
        "Acme Corp said profits rose 12% to $3.2bn in the third quarter. "
        '"We are pleased," said Jane Doe, the chief executive of Acme Corp. '
        "On Friday Tony Blair visited the Acme Corp factory in London.\n"
    ),
    "istanbul.txt": (
        "Date: 2005-01-10\n"
        "Title: İstanbul trade fair opens\n\n"
        "Traders from İstanbul and from the Straße des 17. Juni in Berlin met on Tuesday. "
        '"Business is good," said Ayşe Yılmaz, who sold 300 carpets.\n'
    ),
    "brown.txt": (
        "Date: 2003-11-20\n"
        "Title: Brown sets out budget\n\n"
        "Gordon Brown told MPs the economy would grow by 3%. "
        '"Our economy is strong," Mr Brown said in the Commons.\n'
    ),
}


@pytest.fixture
def built(tmp_path: Path, write_file: WriteFile) -> tuple[Store, sqlite3.Connection]:
    for name, text in ARTICLES.items():
        write_file(f"news/{name}", text)
    store = Store(tmp_path / "store" / "db.json")
    store.ingest([tmp_path / "news"], workers=1)
    conn = rebuild(store, index_path_for(store.path))
    return store, conn


def library_of(store: Store) -> Library:
    library = Library(store)
    library.load_all()
    return library


def entity_aggregates(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[int, int]]:
    return {
        (c, t): (m, a)
        for c, t, m, a in conn.execute("SELECT canonical, type, mentions, articles FROM entities")
    }


def library_entities(library: Library) -> dict[tuple[str, str], tuple[int, int]]:
    return {g.key: (g.mentions, g.articles) for g in library.entity_groups()}


def speaker_aggregates(
    conn: sqlite3.Connection,
) -> dict[str, tuple[int, int, str | None, str | None]]:
    return {
        s: (q, a, lo, hi)
        for s, q, a, lo, hi in conn.execute(
            "SELECT speaker, quotes, articles, first_date, last_date FROM speakers"
        )
    }


def library_speakers(library: Library) -> dict[str, tuple[int, int, str | None, str | None]]:
    quotes: Counter[str] = Counter()
    articles: dict[str, set[str]] = {}
    dates: dict[str, list[str]] = {}
    for ref in library.quotes():
        speaker = ref.quote.speaker
        if not speaker:
            continue
        quotes[speaker] += 1
        articles.setdefault(speaker, set()).add(ref.article_id)
        summary = library.summary(ref.article_id)
        if summary is not None and summary.date:
            dates.setdefault(speaker, []).append(summary.date)
    return {
        s: (
            quotes[s],
            len(articles[s]),
            min(dates.get(s, []), default=None),
            max(dates.get(s, []), default=None),
        )
        for s in quotes
    }


def index_figures(conn: sqlite3.Connection) -> Counter[tuple[object, ...]]:
    return Counter(
        conn.execute(
            'SELECT a.id, f.start, f."end", f.kind, f.value, f.unit, f.noun '
            "FROM figures f JOIN articles a ON a.n = f.article"
        ).fetchall()
    )


def _figure_fields(f: Figure) -> tuple[object, ...]:
    return (f.start, f.end, f.kind, f.value, f.unit, f.noun)


def library_figures(library: Library) -> Counter[tuple[object, ...]]:
    return Counter((r.article_id, *_figure_fields(r.figure)) for r in library.figures())


def assert_matches_library(conn: sqlite3.Connection, library: Library) -> None:
    assert entity_aggregates(conn) == library_entities(library)
    assert speaker_aggregates(conn) == library_speakers(library)
    assert index_figures(conn) == library_figures(library)
    ids = {a for (a,) in conn.execute("SELECT id FROM articles")}
    assert ids == {s.id for s in library.summaries}
    # Mention rows add up to each article's entity count.
    for aid, n_entities, total in conn.execute(
        "SELECT a.id, a.n_entities, (SELECT coalesce(sum(count), 0) FROM mentions m "
        "WHERE m.article = a.n) FROM articles a"
    ):
        assert n_entities == total == len(library.extraction(aid).entities)


def fts_ids(conn: sqlite3.Connection, query: str) -> set[str]:
    return {
        a
        for (a,) in conn.execute(
            "SELECT a.id FROM text_fts JOIN articles a ON a.n = text_fts.rowid "
            "WHERE text_fts MATCH ?",
            (query,),
        )
    }


def test_index_aggregates_equal_what_the_library_computes(
    built: tuple[Store, sqlite3.Connection],
) -> None:
    store, conn = built
    library = library_of(store)
    assert_matches_library(conn, library)
    aggregates = entity_aggregates(conn)
    assert aggregates[("Tony Blair", "PERSON")][1] == 2  # named in two articles
    assert speaker_aggregates(conn)["Gordon Brown"] == (2, 2, "2003-11-20", "2004-03-01")
    money = conn.execute("SELECT value, unit FROM figures WHERE kind = 'money'").fetchall()
    assert (1e10, "GBP") in money and (3.2e9, "USD") in money


def test_items_carry_the_sentence_they_start_in(built: tuple[Store, sqlite3.Connection]) -> None:
    from store.extract.text import sentences

    store, conn = built
    library = library_of(store)
    aid = next(s.id for s in library.summaries if s.path.endswith("blair.txt"))
    text = library.article(aid).text
    spans = sentences(text)

    def sentence_with(needle: str) -> int:
        at = text.index(needle)
        return next(i for i, (s, e) in enumerate(spans) if s <= at < e)

    sents = {
        c: {
            s
            for (s,) in conn.execute(
                "SELECT m.sent FROM mentions m JOIN entities e ON e.e = m.e "
                "JOIN articles a ON a.n = m.article WHERE a.id = ? AND e.canonical = ?",
                (aid, c),
            )
        }
        for c in ("Manchester", "London")
    }
    assert sents == {
        "Manchester": {sentence_with("Manchester")},
        "London": {sentence_with("London")},
    }
    figure_sent = conn.execute(
        "SELECT f.sent FROM figures f JOIN articles a ON a.n = f.article "
        "WHERE a.id = ? AND f.unit = 'GBP'",
        (aid,),
    ).fetchone()[0]
    assert figure_sent == sentence_with("£10bn")
    quote_sents = {
        s
        for (s,) in conn.execute(
            "SELECT q.sent FROM quotes q JOIN articles a ON a.n = q.article WHERE a.id = ?", (aid,)
        )
    }
    assert quote_sents == {sentence_with("We will build"), sentence_with("It is the right")}


def test_folded_full_text_finds_istanbul_and_strasse(
    built: tuple[Store, sqlite3.Connection],
) -> None:
    store, conn = built
    istanbul = {s.id for s in store.summaries() if s.path.endswith("istanbul.txt")}
    assert fts_ids(conn, fold("istanbul")) == istanbul
    assert fts_ids(conn, fold("ISTANBUL")) == istanbul
    assert fts_ids(conn, fold("strasse")) == istanbul
    assert fts_ids(conn, fold("Straße")) == istanbul
    assert fts_ids(conn, 'title:"' + fold("İstanbul trade") + '"') == istanbul
    # Quotes are searchable by their own words, and speakers by their folded name.
    assert (
        conn.execute("SELECT count(*) FROM quote_fts WHERE quote_fts MATCH 'pleased'").fetchone()[0]
        == 1
    )
    assert conn.execute(
        "SELECT speaker FROM speakers WHERE fold = ?", (fold("AYŞE Yılmaz"),)
    ).fetchall() == [("Ayşe Yılmaz",)]


def test_fold_handles_compatibility_forms_and_case() -> None:
    assert fold("İstanbul") == "istanbul"
    assert fold("Straße") == "strasse"
    assert fold("ﬁnance") == "finance"
    assert fold("ＡＢＣ") == "abc"
    assert fold("Zürich") == "zürich"  # precomposed letters stay; FTS removes diacritics itself
    assert fold("हिन्दी") == "हिन्दी"  # marks of other scripts are part of the word


def _pairs(library: Library) -> dict[str, tuple[Article, Extraction]]:
    return {s.id: (library.article(s.id), library.extraction(s.id)) for s in library.summaries}


def test_a_batch_that_removes_and_replaces_articles_keeps_aggregates_exact(
    built: tuple[Store, sqlite3.Connection],
) -> None:
    store, conn = built
    pairs = _pairs(library_of(store))
    by_path = {a.path.rsplit("/", 1)[-1]: aid for aid, (a, _) in pairs.items()}
    # Remove the Blair article (Blair's quotes, Brown's latest), replace the
    # Acme one with a copy whose quote lost its speaker and whose entities lost London,
    # and add a new article.
    removed = by_path["blair.txt"]
    acme, acme_x = pairs[by_path["acme.txt"]]
    replaced_x = Extraction(
        entities=[e for e in acme_x.entities if e.canonical != "London"],
        quotes=[Quote(q.start, q.end, q.text) for q in acme_x.quotes],
        figures=acme_x.figures[:1],
    )
    new_text = 'Brown in Leeds\n\nGordon Brown visited Leeds. "Growth is back," Mr Brown said.\n'
    new_article = Article(
        "f" * 16, "/news/leeds.txt", "Brown in Leeds", "2001-01-01", None, new_text
    )
    from store.extract import extract

    new_x = extract(new_article)
    apply_batch(
        conn,
        [rows_for(acme, replaced_x, 0), rows_for(new_article, new_x, 1)],
        [removed],
        "g2",
    )
    expected = dict(pairs)
    del expected[removed]
    expected[acme.id] = (acme, replaced_x)
    expected[new_article.id] = (new_article, new_x)
    library = Library.from_pairs(list(expected.values()))
    assert_matches_library(conn, library)
    speakers = speaker_aggregates(conn)
    assert "Tony Blair" not in speakers and "Jane Doe" not in speakers  # no quote left: gone
    # His latest quote left with the Blair article: the date range shrank, and grew back.
    assert speakers["Gordon Brown"] == (2, 2, "2001-01-01", "2003-11-20")
    assert fts_ids(conn, "schools") == set()  # the removed article left the text index
    assert (
        conn.execute("SELECT count(*) FROM quote_fts WHERE quote_fts MATCH 'build'").fetchone()[0]
        == 0
    )
    assert not is_stale(conn, "g2") and is_stale(conn, "g1")
    # Removing everything leaves nothing behind, aggregates included.
    apply_batch(conn, [], list(expected), "g3")
    assert counts(conn) == dict.fromkeys(
        ("articles", "entities", "mentions", "quotes", "speakers", "figures"), 0
    )
    assert conn.execute("SELECT count(*) FROM text_fts").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM quote_fts").fetchone()[0] == 0


def test_a_failed_batch_changes_nothing(built: tuple[Store, sqlite3.Connection]) -> None:
    store, conn = built
    before = (counts(conn), entity_aggregates(conn), speaker_aggregates(conn))
    pairs = _pairs(library_of(store))
    article, extraction = next(iter(pairs.values()))
    broken = rows_for(article, extraction, 0)
    broken.article = (*broken.article[:-1], None)  # shard NOT NULL: the insert fails midway
    with pytest.raises(sqlite3.IntegrityError):
        apply_batch(conn, [broken], list(pairs)[1:], "bad")
    assert (counts(conn), entity_aggregates(conn), speaker_aggregates(conn)) == before
    assert not is_stale(conn, store_generation(store))


def test_index_is_stale_after_the_store_changes(
    built: tuple[Store, sqlite3.Connection], tmp_path: Path, write_file: WriteFile
) -> None:
    store, conn = built
    # A copy away from the store: the store's own index is kept current by its commits.
    copy = rebuild(store, tmp_path / "copy.index.sqlite")
    assert not is_stale(copy, store_generation(store)) and not needs_rebuild(copy)
    write_file("news/extra.txt", "Extra news\n\nSomething happened in Paris on Friday.\n")
    store.ingest([tmp_path / "news"], workers=1)
    assert is_stale(copy, store_generation(store))
    assert not is_stale(conn, store_generation(store))
    copy.close()


def test_an_interrupted_rebuild_leaves_an_index_that_needs_rebuilding(
    built: tuple[Store, sqlite3.Connection],
) -> None:
    store, conn = built

    def stop(done: int, total: int) -> None:
        if done >= 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rebuild(store, conn, stop, batch_size=2)
    assert needs_rebuild(conn) and is_stale(conn, store_generation(store))
    seen: list[tuple[int, int]] = []
    rebuild(store, conn, lambda d, t: seen.append((d, t)), batch_size=2)
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    assert not needs_rebuild(conn)
    assert_matches_library(conn, library_of(store))


def test_a_symlinked_index_path_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.sqlite"
    target.write_bytes(b"precious")
    link = tmp_path / "db.json.index.sqlite"
    os.symlink(target, link)
    with pytest.raises(IndexPathError, match="it is a symlink"):
        open_index(link)
    assert target.read_bytes() == b"precious"
    # A symlinked WAL file would be written through too: refused as well.
    link.unlink()
    os.symlink(target, tmp_path / "db.json.index.sqlite-wal")
    with pytest.raises(IndexPathError, match="it is a symlink"):
        open_index(link)
    assert target.read_bytes() == b"precious"


def test_a_corrupt_index_file_is_recreated_and_rebuilt(
    built: tuple[Store, sqlite3.Connection],
) -> None:
    store, conn = built
    path = index_path_for(store.path)
    conn.close()
    path.write_bytes(b"this is not a database" * 100)
    conn = open_index(path)
    assert needs_rebuild(conn)
    assert "unreadable" in (rebuild_reason(conn) or "")
    assert counts(conn)["articles"] == 0
    rebuild(store, conn)
    assert not needs_rebuild(conn) and counts(conn)["articles"] == len(ARTICLES)
    conn.close()
    # An index written by another schema version is treated the same way.
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version = 99")
    raw.close()
    conn = open_index(path)
    assert needs_rebuild(conn) and "schema 99" in (rebuild_reason(conn) or "")
    with pytest.raises(FileNotFoundError):
        open_index(path.with_name("missing.sqlite"), create=False)


@pytest.mark.skipif(not BBC.is_dir(), reason="BBC corpus not available")
def test_bbc_articles_index_matches_the_library(tmp_path: Path) -> None:
    make_corpus(tmp_path / "bbc", 300)
    store = Store(tmp_path / "store" / "db.json")
    store.ingest([tmp_path / "bbc"])
    conn = rebuild(store, index_path_for(store.path), batch_size=128)
    library = library_of(store)
    assert len(library.summaries) == 300
    assert_matches_library(conn, library)
    # Replace a third of the articles by themselves and remove another third: still exact.
    pairs = _pairs(library)
    ids = sorted(pairs)
    apply_batch(conn, [rows_for(*pairs[i], 0) for i in ids[:100]], ids[100:200], "g")
    kept = [pairs[i] for i in ids[:100] + ids[200:]]
    assert_matches_library(conn, Library.from_pairs(kept))
