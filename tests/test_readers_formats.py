"""Real-world inputs (issue 10, items 1-4): big and compressed dumps, WARC, CSV/TSV and Parquet.

Fixtures are built at test time by tests/data/formats/make_formats.py: from the BBC corpus in
../shared (skipped when it is absent) or, for the bad cases, from hand-written text.
"""

from __future__ import annotations

import bz2
import gzip
import importlib.util
import json
import lzma
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import orjson
import pytest
from conftest import BBC, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.db import Store
from store.ingest import run_ingest
from store.readers import MAX_FILE_BYTES, ReadError, parse_columns, read_paths
from store.records import Article

WriteFile = Callable[..., Path]


def _load_maker() -> ModuleType:
    path = Path(__file__).parent / "data" / "formats" / "make_formats.py"
    spec = importlib.util.spec_from_file_location("make_formats", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mk = _load_maker()
needs_bbc = pytest.mark.skipif(not BBC.is_dir(), reason="../shared/corpus/bbc is not here")


def read_all(*paths: Path, **kwargs: object) -> tuple[list[Article], list[ReadError]]:
    articles: list[Article] = []
    errors: list[ReadError] = []
    for item in read_paths(paths, **kwargs):  # type: ignore[arg-type]
        (errors if isinstance(item, ReadError) else articles).append(item)  # type: ignore[arg-type]
    return articles, errors


def squash(title: str) -> str:
    """A title as stored: on one line, runs of spaces made one."""
    return " ".join(title.split())


def fatal(errors: list[ReadError]) -> list[str]:
    return [str(e) for e in errors if e.fatal]


def notes(errors: list[ReadError]) -> list[str]:
    return [str(e) for e in errors if not e.fatal]


def jsonl(records: list[dict[str, object]]) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in records)


# ----- 1. dumps of any size -------------------------------------------------------------------


@needs_bbc
def test_gzipped_jsonl_dump_over_5mb_is_read_record_by_record(tmp_path: Path) -> None:
    path = tmp_path / "cc_news.jsonl.gz"
    records = mk.write_jsonl_gz_dump(path, MAX_FILE_BYTES + 256 * 1024)
    assert len(gzip.decompress(path.read_bytes())) > MAX_FILE_BYTES
    articles, errors = read_all(path)
    assert errors == []
    assert len(articles) == len(records) > 1000
    assert [a.title for a in articles] == [squash(r["title"]) for r in records]
    assert [a.date for a in articles] == [r["date"] for r in records]
    assert {a.source for a in articles} == {"news.example"}
    assert articles[0].url == records[0]["url"]


def test_6mb_jsonl_of_small_records_is_read(write_file: WriteFile) -> None:
    records = [mk.hand_article(i) for i in range(30_000)]
    path = write_file("big.jsonl", jsonl(records))
    assert path.stat().st_size > 6 * 1024 * 1024
    articles, errors = read_all(path)
    assert errors == [] and len(articles) == 30_000
    assert articles[-1].title == "Harbour council vote 29999"


def test_one_6mb_record_is_refused_with_one_line_and_the_rest_read(write_file: WriteFile) -> None:
    huge = {"title": "Huge", "text": "word " * (6 * 1024 * 1024 // 5)}
    records = [mk.hand_article(0), huge, mk.hand_article(1), mk.hand_article(2)]
    path = write_file("mixed.jsonl", jsonl(records))
    articles, errors = read_all(path)
    assert [a.title for a in articles] == [f"Harbour council vote {i}" for i in range(3)]
    [line] = fatal(errors)
    assert "line 2" in line and "too large" in line and "mixed.jsonl" in line


def test_json_list_over_5mb_is_streamed_and_one_huge_item_refused(write_file: WriteFile) -> None:
    records: list[dict[str, object]] = [mk.hand_article(i) for i in range(25_000)]
    records.insert(3, {"title": "Huge", "text": "word " * (6 * 1024 * 1024 // 5)})
    path = write_file("list.json", orjson.dumps(records))
    articles, errors = read_all(path)
    assert len(articles) == 25_000
    [line] = fatal(errors)
    assert "item 4" in line and "too large" in line


@needs_bbc
def test_json_with_nan_is_read_as_null_with_one_note(tmp_path: Path) -> None:
    sample = mk.bbc_articles(4)
    path = tmp_path / "news_please.json"
    mk.write_json_with_nan(path, sample)
    assert b"NaN" in path.read_bytes() and b"Infinity" in path.read_bytes()
    articles, errors = read_all(path)
    assert fatal(errors) == []
    assert [a.title for a in articles] == [squash(s["title"]) for s in sample]
    assert [a.date for a in articles] == [s["date"] for s in sample]
    assert all(a.authors == ["Staff Reporter"] for a in articles)
    [note] = notes(errors)
    assert "8 values NaN/Infinity read as null" in note


def test_jsonl_with_nan_one_note_per_file(write_file: WriteFile) -> None:
    lines = [json.dumps({**mk.hand_article(i), "price": float("nan")}) for i in range(5)]
    articles, errors = read_all(write_file("prices.jsonl", "\n".join(lines)))
    assert len(articles) == 5 and fatal(errors) == []
    assert notes(errors) == [f"{errors[0].path}: warning: 5 values NaN/Infinity read as null"]


def test_nan_inside_a_string_is_text_not_a_value(write_file: WriteFile) -> None:
    record = {"title": "NaN bread", "text": "Naan or NaN? Infinity pools were sold."}
    articles, errors = read_all(write_file("x.jsonl", jsonl([record])))
    assert errors == [] and articles[0].text == record["text"]


def test_news_please_and_cc_news_shapes(write_file: WriteFile) -> None:
    news_please = {
        "authors": ["Ann Smith"],
        "date_download": "2021-01-02 10:00:00",
        "date_modify": None,
        "date_publish": "2020-12-31 18:05:00",
        "description": "Summary",
        "filename": "x.json",
        "image_url": None,
        "language": "en",
        "localpath": None,
        "maintext": "The port reopened on Thursday after a week of storms.",
        "source_domain": "port.example",
        "title": None,
        "title_page": "Port reopens | Port News",
        "title_rss": "Port reopens",
        "url": "https://port.example/reopens",
    }
    cc_news = {
        "title": "Ferry returns",
        "text": "The ferry returned to service on Monday.",
        "domain": "ferry.example",
        "date": "2017-12-24 20:06:01",
        "description": "d",
        "url": "https://ferry.example/1",
        "image_url": "https://ferry.example/1.jpg",
    }
    articles, errors = read_all(
        write_file("np.json", orjson.dumps(news_please)),
        write_file("cc.jsonl", jsonl([cc_news])),
    )
    assert errors == []
    np_article, cc_article = articles
    assert (np_article.title, np_article.date, np_article.source) == (
        "Port reopens",
        "2020-12-31",
        "port.example",
    )
    assert np_article.authors == ["Ann Smith"]
    assert (cc_article.title, cc_article.date, cc_article.source, cc_article.url) == (
        "Ferry returns",
        "2017-12-24",
        "ferry.example",
        "https://ferry.example/1",
    )


def test_json_feed_items_are_articles(write_file: WriteFile) -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Harbour Gazette",
        "home_page_url": "https://harbour.example/",
        "items": [
            {
                "id": "1",
                "url": "https://harbour.example/1",
                "title": "Council votes",
                "content_text": "The council voted on the ferry timetable on Tuesday.",
                "date_published": "2024-02-26T10:00:00+01:00",
                "authors": [{"name": "Ann Smith"}],
            },
            {
                "id": "2",
                "url": "https://harbour.example/2",
                "title": "Ferry delayed",
                "content_html": "<p>The ferry was delayed <b>again</b>.</p><p>Storms are forecast.</p>",
                "date_published": "2024-02-27T08:00:00Z",
                "author": {"name": "Bo Lee"},
            },
            {"id": "3", "title": "No body"},
        ],
    }
    articles, errors = read_all(write_file("feed.json", orjson.dumps(feed)))
    assert [a.title for a in articles] == ["Council votes", "Ferry delayed"]
    assert [a.date for a in articles] == ["2024-02-26", "2024-02-27"]
    assert articles[0].authors == ["Ann Smith"] and articles[1].authors == ["Bo Lee"]
    assert articles[1].text == "The ferry was delayed again.\n\nStorms are forecast."
    assert articles[0].source == "Harbour Gazette"
    [line] = fatal(errors)
    assert "item 3" in line and "no article text" in line


# ----- 2. compression ---------------------------------------------------------------------------


def test_compressed_files_of_each_format_are_read_in_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "dumps"
    folder.mkdir()
    a = [mk.hand_article(i) for i in range(6)]
    (folder / "a.jsonl.gz").write_bytes(gzip.compress(jsonl(a[:2])))
    (folder / "b.json.xz").write_bytes(lzma.compress(orjson.dumps(a[2])))
    (folder / "c.txt.bz2").write_bytes(bz2.compress(a[3]["text"].encode()))
    page = f"<html><body><article><h1>{a[4]['title']}</h1><p>{a[4]['text']}</p></article></body></html>"
    (folder / "d.html.gz").write_bytes(gzip.compress(page.encode()))
    articles, errors = read_all(folder)
    assert errors == []
    assert sorted(x.title for x in articles) == sorted(x["title"] for x in a[:5])


def test_zst_is_read_with_the_extra_and_named_without_it(
    write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    zstandard = pytest.importorskip("zstandard")
    path = write_file(
        "a.jsonl.zst", zstandard.ZstdCompressor().compress(jsonl([mk.hand_article(1)]))
    )
    articles, errors = read_all(path)
    assert errors == [] and articles[0].title == "Harbour council vote 1"
    monkeypatch.setitem(sys.modules, "zstandard", None)  # as if not installed
    articles, errors = read_all(path)
    [line] = fatal(errors)
    assert articles == [] and "pip install 'newsexplore[zstd]'" in line


def test_unsupported_files_in_a_folder_are_counted_in_the_summary(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "story.txt").write_text(mk.hand_article(1)["text"])
    for name in ("a.docx", "b.docx", "c.pdf"):
        (folder / name).write_bytes(b"PK\x03\x04 not an article")
    report = run_ingest(Store(tmp_path / "db.json"), [folder], workers=1)
    assert report.new == 1 and report.skipped == 0
    assert report.unsupported == {".docx": 2, ".pdf": 1}
    assert report.unsupported_line == "3 files of unsupported types skipped: .docx ×2, .pdf"
    result = run_cli("ingest", folder, "--db", tmp_path / "db2.json")
    assert result.returncode == 0, result.stderr
    # In the summary the CLI prints (needs tui/cli.py's _print_report to print unsupported_line).
    assert "3 files of unsupported types skipped: .docx ×2, .pdf" in result.stdout
    extracted = run_cli("extract", folder, "--json")
    assert "3 files of unsupported types skipped: .docx ×2, .pdf" in extracted.stderr


def test_truncated_gzip_keeps_the_records_before_the_cut(write_file: WriteFile) -> None:
    path = write_file("cut.jsonl.gz", b"")
    mk.write_truncated_jsonl_gz(path, 400)
    articles, errors = read_all(path)
    assert 50 < len(articles) < 400
    assert [a.title for a in articles] == [
        f"Harbour council vote {i}" for i in range(len(articles))
    ]
    [line] = fatal(errors)
    assert "truncated" in line or "damaged" in line
    assert "cut.jsonl.gz" in line


def test_truncated_gzip_of_a_whole_file_format_is_one_line(write_file: WriteFile) -> None:
    data = gzip.compress(mk.hand_article(1)["text"].encode() * 50)
    articles, errors = read_all(write_file("cut.txt.gz", data[: len(data) // 2]))
    assert articles == []
    [line] = fatal(errors)
    assert "truncated" in line or "damaged" in line


@pytest.mark.parametrize("name", ["bomb.txt.gz", "bomb.jsonl.gz", "bomb.csv.gz", "bomb.html.gz"])
def test_gzip_bomb_stops_at_the_limit_in_bounded_memory(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    mk.write_gzip_bomb(path, 120 * 1024 * 1024)  # 120 MB inflated, ~120 KB on disk
    assert path.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        articles, errors = read_all(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert articles == []
    [line] = fatal(errors)
    assert "too large" in line
    assert peak < 40 * 1024 * 1024  # a few times the 5 MB limit, never the 120 MB


# ----- 3. WARC --------------------------------------------------------------------------------


@needs_bbc
def test_warc_gz_html_responses_are_articles_and_other_records_counted(tmp_path: Path) -> None:
    sample = mk.bbc_articles(3)
    path = tmp_path / "crawl.warc.gz"
    facts = mk.write_warc_gz(path, sample)
    articles, errors = read_all(path)
    assert fatal(errors) == []
    assert [a.title for a in articles] == [squash(s["title"]) for s in sample]
    assert [a.url for a in articles] == [s["url"] for s in sample]
    # The first page states its date; the others take the fetch date from WARC-Date.
    assert [a.date for a in articles] == [sample[0]["date"], facts["fetched"], facts["fetched"]]
    assert "Quarterly profits" in articles[0].text or articles[0].text.strip()
    [note] = notes(errors)
    assert f"skipped 6 WARC records: {facts['skipped']}" in note


@pytest.mark.parametrize("how", ["header", "garbage"])
def test_warc_with_a_broken_record_reads_the_rest(write_file: WriteFile, how: str) -> None:
    path = write_file("broken.warc", b"")
    mk.write_broken_warc(path, how)
    articles, errors = read_all(path)
    assert [a.title for a in articles] == [f"Harbour council vote {i}" for i in range(4)]
    [line] = fatal(errors)
    assert "record 3" in line and "broken.warc" in line


def test_truncated_warc_gz_keeps_the_records_before(write_file: WriteFile) -> None:
    path = write_file("cut.warc.gz", b"")
    mk.write_html_warc(path, 10, gz=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 3 // 4])  # a download that stopped
    articles, errors = read_all(path)
    assert 5 <= len(articles) < 10
    assert [a.title for a in articles] == [
        f"Harbour council vote {i}" for i in range(len(articles))
    ]
    [line] = fatal(errors)
    assert f"record {len(articles) + 1}" in line


def test_warc_gzipped_whole_is_read(write_file: WriteFile) -> None:
    plain = write_file("crawl.warc", b"")
    mk.write_html_warc(plain, 4, gz=False)
    whole = write_file("whole.warc.gz", gzip.compress(plain.read_bytes()))  # `gzip crawl.warc`
    articles, errors = read_all(whole)
    assert errors == [] and len(articles) == 4


# ----- 4. CSV / TSV / Parquet -------------------------------------------------------------------


@needs_bbc
@pytest.mark.parametrize(("name", "delimiter"), [("sheet.csv", ","), ("sheet.tsv", "\t")])
def test_csv_and_tsv_columns_mapped_by_name(tmp_path: Path, name: str, delimiter: str) -> None:
    sample = mk.bbc_articles(5)
    path = tmp_path / name
    mk.write_csv(path, sample, delimiter)
    articles, errors = read_all(path)
    assert errors == []
    assert [a.title for a in articles] == [squash(s["title"]) for s in sample]
    assert [a.date for a in articles] == [s["date"] for s in sample]
    assert [a.url for a in articles] == [s["url"] for s in sample]
    assert articles[0].authors == ["Jane Doe", "John Roe"]
    assert articles[0].text == sample[0]["text"]


def test_csv_columns_override(write_file: WriteFile) -> None:
    path = write_file(
        "odd.csv",
        "headline,story,published_at,body\n"
        'Ferry back,"The ferry is back, officials said.",2024-05-01,ignored\n',
    )
    articles, errors = read_all(
        path, columns=parse_columns("title=headline,text=story,date=published_at")
    )
    assert errors == []
    [a] = articles
    assert (a.title, a.text, a.date) == (
        "Ferry back",
        "The ferry is back, officials said.",
        "2024-05-01",
    )


def test_parse_columns_rejects_unknown_fields() -> None:
    assert parse_columns("Text=Body, date = published_at") == {
        "text": "Body",
        "date": "published_at",
    }
    with pytest.raises(ValueError, match="colour"):
        parse_columns("colour=red")
    with pytest.raises(ValueError, match="FIELD=COLUMN"):
        parse_columns("text")


def test_csv_without_a_text_column_is_one_line_naming_the_columns(write_file: WriteFile) -> None:
    path = write_file("notext.csv", "")
    mk.write_csv_without_text(path)
    articles, errors = read_all(path)
    assert articles == []
    [line] = fatal(errors)
    assert "no text column" in line and "id, headline, summary" in line and "text=" in line


def test_csv_large_cells_and_a_bad_row(write_file: WriteFile) -> None:
    big = "A long report. " * 40_000  # 600 KB, over csv's default 128 KB field limit
    path = write_file("big.csv", f'title,text\nBig one,"{big}"\nSmall,"Short text here."\n')
    articles, errors = read_all(path)
    assert errors == [] and [a.title for a in articles] == ["Big one", "Small"]
    assert articles[0].text == big  # the cell exactly, over 128 KB


def test_csv_blank_text_row_is_one_line_and_the_rest_read(write_file: WriteFile) -> None:
    path = write_file("rows.csv", "title,text\nA,Text a.\nB,\nC,Text c.\n")
    articles, errors = read_all(path)
    assert [a.title for a in articles] == ["A", "C"]
    [line] = fatal(errors)
    assert "row 3" in line and "no article text" in line


@needs_bbc
def test_parquet_with_timestamp_dates(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    sample = mk.bbc_articles(6)
    path = tmp_path / "data.parquet"
    mk.write_parquet(path, sample)
    articles, errors = read_all(path)
    assert errors == []
    assert [a.title for a in articles] == [squash(s["title"]) for s in sample]
    assert [a.date for a in articles] == [s["date"] for s in sample]
    assert {a.source for a in articles} == {"news.example"}


def test_parquet_without_pyarrow_names_the_extra(
    write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_file("x.parquet", b"PAR1 whatever PAR1")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    articles, errors = read_all(path)
    [line] = fatal(errors)
    assert articles == [] and "pip install 'newsexplore[parquet]'" in line


def test_damaged_parquet_is_one_line(write_file: WriteFile) -> None:
    pytest.importorskip("pyarrow")
    articles, errors = read_all(write_file("bad.parquet", b"PAR1 not really parquet"))
    assert articles == [] and len(fatal(errors)) == 1


# ----- together: a folder of every kind, ingested twice ------------------------------------------


@needs_bbc
def test_folder_of_formats_ingested_with_duplicates_merged_and_incremental(tmp_path: Path) -> None:
    sample = mk.bbc_articles(4)
    folder = tmp_path / "inputs"
    folder.mkdir()
    mk.write_csv(folder / "sheet.csv", sample[:3])
    mk.write_warc_gz(folder / "crawl.warc.gz", sample[3:4])
    db = tmp_path / "db.json"
    report = run_ingest(Store(db), [folder], workers=1)
    assert report.new == 4 and report.skipped == 0 and report.files_read == 2
    # The same three texts again, in a compressed JSONL: merged, counted as duplicates.
    records = [{"title": s["title"], "text": s["text"], "date": s["date"]} for s in sample[:3]]
    (folder / "again.jsonl.gz").write_bytes(gzip.compress(jsonl(records)))
    again = run_ingest(Store(db), [folder], workers=1)
    assert again.files_unchanged == 2 and again.files_read == 1
    assert again.new == 0 and again.duplicates == 3 and again.total_articles == 4


# ----- any bytes, any new format: articles or one-line errors, never an exception -----------------


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=400)
    | st.sampled_from([b"[", b'[{"text": "a b c d e"', b"[1,2,", b'{"items": [', b"WARC/1.0\r\n"]),
    suffix=st.sampled_from([".csv", ".tsv", ".warc", ".json", ".jsonl", ".json.gz", ".warc.gz"]),
)
def test_any_bytes_in_the_new_formats_give_articles_or_errors(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") and data[:1] != b"[" else data)
    for item in read_paths([path]):
        if isinstance(item, ReadError):
            assert "\n" not in str(item) and str(item).strip()
        else:
            assert item.text.strip() and "\n" not in item.title
