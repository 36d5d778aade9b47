"""Build the real-world input fixtures (dumps, compressed files, WARC, CSV, Parquet) at test time.

The article texts come from the BBC corpus in ../shared/corpus/bbc, read when the tests run, so no
article text is committed here; the bad cases (truncated gzip, a broken WARC record, a CSV without
a text column, a gzip bomb) are built from hand-written text and need no corpus.
Run directly (`python tests/data/formats/make_formats.py OUT_DIR`) to look at the files.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import html
import io
import json
import sys
from pathlib import Path
from typing import Any

BBC = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "bbc"
FIRST_DATE = dt.date(2005, 1, 3)


def bbc_articles(limit: int | None = None) -> list[dict[str, Any]]:
    """BBC articles as dicts: title (the headline line), text (whole file), date (made up, one a day)."""
    out: list[dict[str, Any]] = []
    for i, path in enumerate(sorted(BBC.glob("*/*.txt"))):
        if limit is not None and i >= limit:
            break
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        title = text.split("\n", 1)[0].strip()
        out.append(
            {
                "title": title,
                "text": text,
                "date": (FIRST_DATE + dt.timedelta(days=i)).isoformat(),
                "category": path.parent.name,
                "url": f"https://news.example/{path.parent.name}/{path.stem}",
            }
        )
    return out


def cc_news_record(a: dict[str, Any]) -> dict[str, Any]:
    """The shape of a Hugging Face ``cc_news`` row."""
    return {
        "title": a["title"],
        "text": a["text"],
        "domain": "news.example",
        "date": a["date"] + " 10:30:00",
        "description": a["text"][:120],
        "url": a["url"],
        "image_url": a["url"] + ".jpg",
    }


def write_jsonl_gz_dump(path: Path, min_bytes: int) -> list[dict[str, Any]]:
    """A gzipped cc_news-shaped JSONL dump whose decompressed size is over ``min_bytes``."""
    records: list[dict[str, Any]] = []
    size = 0
    for a in bbc_articles():
        line = json.dumps(cc_news_record(a)) + "\n"
        records.append(a)
        size += len(line.encode("utf-8"))
        if size > min_bytes:
            break
    if size <= min_bytes:
        raise RuntimeError("the BBC corpus is too small for this dump")
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for a in records:
            handle.write(json.dumps(cc_news_record(a)) + "\n")
    return records


def write_json_with_nan(path: Path, articles: list[dict[str, Any]]) -> None:
    """A news-please-shaped JSON list whose price fields hold NaN and Infinity (json.dump's default)."""
    rows = [
        {
            "title": a["title"],
            "maintext": a["text"],
            "date_publish": a["date"] + " 11:00:00",
            "source_domain": "news.example",
            "url": a["url"],
            "authors": ["Staff Reporter"],
            "price": float("nan") if i % 2 == 0 else float("inf"),
            "change": float("-inf"),
        }
        for i, a in enumerate(articles)
    ]
    path.write_text(json.dumps(rows), encoding="utf-8")  # allow_nan=True: writes NaN/Infinity


def page_html(a: dict[str, Any], *, with_date: bool = False) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in a["text"].split("\n\n")[1:] if p)
    meta = (
        f'<meta property="article:published_time" content="{a["date"]}T08:00:00Z">'
        if with_date
        else ""
    )
    return (
        f"<!doctype html><html><head><title>{html.escape(a['title'])}</title>{meta}</head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{html.escape(a['title'])}</h1>"
        f"{paragraphs}</article><footer>Copyright</footer></body></html>"
    )


def write_warc_gz(path: Path, articles: list[dict[str, Any]]) -> dict[str, Any]:
    """A WARC.gz: per article a request and a 200 text/html response; plus a 404, two PNGs and a metadata record.

    The first article's page carries its own date; the others get the WARC-Date.
    """
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    fetched = "2024-03-05T12:00:00Z"
    with open(path, "wb") as raw:
        writer = WARCWriter(raw, gzip=True)

        def response(url: str, status: str, ctype: str, body: bytes) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": fetched},
            )
            writer.write_record(rec)

        def request(url: str) -> None:
            headers = StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True
            )
            rec = writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""), http_headers=headers
            )
            writer.write_record(rec)

        for i, a in enumerate(articles):
            if i < 2:
                request(a["url"])
            page = page_html(a, with_date=i == 0).encode("utf-8")
            response(a["url"], "200 OK", "text/html; charset=utf-8", page)
        response("https://news.example/missing", "404 Not Found", "text/html", b"<p>Not found</p>")
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        response("https://news.example/a.png", "200 OK", "image/png", png)
        response("https://news.example/b.png", "200 OK", "image/png", png)
        meta = writer.create_warc_record(
            "https://news.example/",
            "metadata",
            payload=io.BytesIO(b"via: test"),
            warc_content_type="application/warc-fields",
        )
        writer.write_record(meta)
    return {"fetched": fetched[:10], "skipped": "request ×2, 404 ×1, image/png ×2, metadata ×1"}


def write_csv(path: Path, articles: list[dict[str, Any]], delimiter: str = ",") -> None:
    """A CSV (or TSV) with headers named like a spreadsheet would: Headline-less but Title/Body/Published."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=delimiter)
        out.writerow(["Title", "Body", "Published", "URL", "Author"])
        for a in articles:
            out.writerow([a["title"], a["text"], a["date"], a["url"], "Jane Doe; John Roe"])


def write_parquet(path: Path, articles: list[dict[str, Any]]) -> None:
    """A Parquet file like a Hugging Face dataset: dates as timestamps."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "title": [a["title"] for a in articles],
            "text": [a["text"] for a in articles],
            "date": [dt.datetime.fromisoformat(a["date"] + "T09:15:00") for a in articles],
            "url": [a["url"] for a in articles],
            "domain": ["news.example"] * len(articles),
        }
    )
    pq.write_table(table, path)


# ----- bad cases, from hand-written text -------------------------------------------------------


def hand_article(i: int) -> dict[str, Any]:
    return {
        "title": f"Harbour council vote {i}",
        "text": f"Harbour council vote {i}\n\nThe harbour council voted {i} times on the ferry "
        f"timetable, a spokesperson said on Tuesday. Residents asked for item {i} to be heard.",
        "date": (FIRST_DATE + dt.timedelta(days=i)).isoformat(),
        "url": f"https://harbour.example/{i}",
    }


def write_truncated_jsonl_gz(path: Path, count: int) -> None:
    """A .jsonl.gz of ``count`` records cut short in its last third (a download that stopped)."""
    body = "".join(json.dumps(hand_article(i)) + "\n" for i in range(count)).encode()
    data = gzip.compress(body)
    path.write_bytes(data[: len(data) * 2 // 3])


def write_broken_warc(path: Path, how: str = "header") -> None:
    """An uncompressed WARC: two good pages, a broken record, two more good pages.

    ``how``: "header" (a response whose Content-Length is garbage, so no HTTP part) or "garbage"
    (bytes that are no WARC record at all between two records).
    """
    good = io.BytesIO()
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    writer = WARCWriter(good, gzip=False)
    records: list[bytes] = []
    for i in range(4):
        start = good.tell()
        a = hand_article(i)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        page = (
            f"<html><head><title>{a['title']}</title></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in a["text"].split("\n\n"))
            + "</article></body></html>"
        ).encode()
        rec = writer.create_warc_record(
            a["url"], "response", payload=io.BytesIO(page), http_headers=headers
        )
        writer.write_record(rec)
        records.append(good.getvalue()[start:])
    broken = (
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: not-a-number\r\n\r\ngarbage\r\n\r\n"
    )
    if how == "garbage":
        broken = b"<html>this is not a WARC record</html>\r\n\r\n"
    path.write_bytes(records[0] + records[1] + broken + records[2] + records[3])


def write_html_warc(path: Path, count: int, *, gz: bool) -> None:
    """``count`` hand-written pages as WARC response records, gzipped record by record when ``gz``."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as raw:
        writer = WARCWriter(raw, gzip=gz)
        for i in range(count):
            a = hand_article(i)
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            )
            page = (
                f"<html><head><title>{a['title']}</title></head><body><article>"
                + "".join(f"<p>{p}</p>" for p in a["text"].split("\n\n"))
                + "</article></body></html>"
            ).encode()
            writer.write_record(
                writer.create_warc_record(
                    a["url"], "response", payload=io.BytesIO(page), http_headers=headers
                )
            )


def write_csv_without_text(path: Path) -> None:
    path.write_text("id,headline,summary\n1,Harbour vote,Short\n2,Ferry plan,Shorter\n")


def write_gzip_bomb(path: Path, inflated_bytes: int) -> None:
    """``inflated_bytes`` of one repeated letter, compressed about a thousand times."""
    block = b"a" * (1024 * 1024)
    with gzip.open(path, "wb", compresslevel=9) as handle:
        for _ in range(inflated_bytes // len(block)):
            handle.write(block)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "formats-out")
    out.mkdir(parents=True, exist_ok=True)
    sample = bbc_articles(12)
    write_jsonl_gz_dump(out / "dump.jsonl.gz", 5 * 1024 * 1024 + 1)
    write_json_with_nan(out / "nan.json", sample[:4])
    write_warc_gz(out / "crawl.warc.gz", sample[:3])
    write_csv(out / "sheet.csv", sample[:5])
    write_csv(out / "sheet.tsv", sample[:5], delimiter="\t")
    write_parquet(out / "data.parquet", sample[:6])
    print(f"written to {out}")
