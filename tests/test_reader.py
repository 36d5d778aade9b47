"""Reading articles: every format and header form, and a clear one-line error for each bad file."""

from __future__ import annotations

import codecs
import os
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from conftest import SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.readers import MAX_FILE_BYTES, ReadError, article_id, parse_date, read_paths
from store.records import Article

WriteFile = Callable[..., Path]

BODY = "Acme Corp said on Monday that sales rose 5% to $3.2bn. The rise was the largest in years.\n"


def read_all(*paths: Path) -> tuple[list[Article], list[ReadError]]:
    articles: list[Article] = []
    errors: list[ReadError] = []
    for item in read_paths(paths):
        (errors if isinstance(item, ReadError) else articles).append(item)  # type: ignore[arg-type]
    return articles, errors


def only_article(path: Path) -> Article:
    articles, errors = read_all(path)
    assert errors == []
    assert len(articles) == 1
    return articles[0]


# ----- plain text and header forms -------------------------------------------------------------


def test_bbc_form_takes_title_from_headline_and_keeps_it_in_text(write_file: WriteFile) -> None:
    content = "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped.\n"
    article = only_article(write_file("bbc/001.txt", content))
    assert article.title == "Ad sales boost Time Warner profit"
    assert article.text == content  # gold offsets index the whole file
    assert article.date is None and article.source is None


def test_seed_date_header_is_taken_off_the_text() -> None:
    article = only_article(next(SEEDS.glob("*.txt")))
    assert article.date == "2024-02-26"
    assert article.text.startswith("The cloud unit of Chinese telecommunications")
    assert "date 2024" not in article.text[:40]
    assert article.title.endswith("…") and len(article.title) <= 81


def test_field_lines_header(write_file: WriteFile) -> None:
    content = (
        "Title: Sales rise at Acme\nDate: 5 March 2024\nSource: Example News\n"
        "URL: https://example.com/a\n\n" + BODY
    )
    article = only_article(write_file("a.txt", content))
    assert (article.title, article.date, article.source) == (
        "Sales rise at Acme",
        "2024-03-05",
        "Example News",
    )
    assert article.url == "https://example.com/a"
    assert article.text == BODY


def test_yaml_front_matter(write_file: WriteFile) -> None:
    content = (
        '---\ntitle: "Front matter title"\ndate: 2023-11-02T08:00:00Z\nsource: Wire\n'
        "authors:\n  - Jo Smith\n  - Al Brown\n---\n\n" + BODY
    )
    article = only_article(write_file("a.md", content))
    assert article.title == "Front matter title"
    assert article.date == "2023-11-02"
    assert article.source == "Wire"
    assert article.authors == ["Jo Smith", "Al Brown"]
    assert article.text == BODY


def test_title_falls_back_to_first_sentence_cut_on_a_word(write_file: WriteFile) -> None:
    long_sentence = "The " + " ".join(f"word{i}" for i in range(40)) + " ended. Second sentence."
    article = only_article(write_file("a.txt", long_sentence))
    assert article.title.endswith("…")
    assert len(article.title) <= 81
    assert long_sentence.startswith(article.title[:-1])
    assert article.title[:-1].split()[-1] in long_sentence.split()  # cut on a word boundary
    short = only_article(write_file("b.txt", "Short first. Then more text follows here."))
    assert short.title == "Short first."


def test_markdown_heading_is_the_title(write_file: WriteFile) -> None:
    article = only_article(write_file("a.md", "# Budget day\nThe chancellor spoke.\n"))
    assert article.title == "Budget day"


def test_crlf_normalised_and_control_characters_neutralised(write_file: WriteFile) -> None:
    raw = b"Headline here\r\n\r\nText with \x1b]52;c;ZXZpbA==\x07 escape.\r\n"
    article = only_article(write_file("a.txt", raw))
    assert "\r" not in article.text and "\x1b" not in article.text and "\x07" not in article.text
    assert len(article.text) == len(raw.decode().replace("\r\n", "\n"))  # one-for-one


def test_same_text_from_two_paths_is_one_id(write_file: WriteFile) -> None:
    a = only_article(write_file("x/a.txt", BODY))
    b = only_article(write_file("y/b.txt", BODY))
    assert a.id == b.id and len(a.id) == 16
    assert a.path != b.path


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-02-26", "2024-02-26"),
        ("2024-02-26T10:00:00+01:00", "2024-02-26"),
        ("26 February 2024", "2024-02-26"),
        ("Monday, 26 Feb 2024", "2024-02-26"),
        ("February 26, 2024", "2024-02-26"),
        ("Mon, 26 Feb 2024 10:00:00 GMT", "2024-02-26"),
        ("2024/02/26", "2024-02-26"),
        ("yesterday", None),
        ("2024-02-31", None),
    ],
)
def test_date_forms(raw: str, expected: str | None) -> None:
    assert parse_date(raw) == expected


# ----- JSON and JSON Lines ---------------------------------------------------------------------------


def test_json_news_please_object(write_file: WriteFile) -> None:
    obj = {
        "title": "Acme sales",
        "maintext": BODY,
        "date_publish": "2021-06-01 12:00:00",
        "source_domain": "example.com",
        "url": "https://example.com/x",
        "authors": ["Jo Smith"],
    }
    article = only_article(write_file("a.json", orjson.dumps(obj)))
    assert (article.title, article.date, article.source, article.text) == (
        "Acme sales",
        "2021-06-01",
        "example.com",
        BODY,
    )
    assert article.authors == ["Jo Smith"] and article.url == "https://example.com/x"


def test_json_list_and_cc_news_fields(write_file: WriteFile) -> None:
    objs = [
        {"title": "One", "text": "First article text.", "date": "2020-01-02", "domain": "a.org"},
        {"title": "Two", "text": "Second article text.", "date": "2020-01-03", "domain": "b.org"},
    ]
    articles, errors = read_all(write_file("list.json", orjson.dumps(objs)))
    assert errors == []
    assert [(a.title, a.date, a.source) for a in articles] == [
        ("One", "2020-01-02", "a.org"),
        ("Two", "2020-01-03", "b.org"),
    ]


def test_jsonl_broken_line_reported_with_its_number_and_good_lines_read(
    write_file: WriteFile,
) -> None:
    lines = [
        orjson.dumps({"title": "A", "text": "Text A."}).decode(),
        '{"title": "B", "text": ',
        orjson.dumps({"title": "C", "text": "Text C."}).decode(),
    ]
    path = write_file("feed.jsonl", "\n".join(lines) + "\n")
    articles, errors = read_all(path)
    assert [a.title for a in articles] == ["A", "C"]
    assert len(errors) == 1
    assert "line 2" in str(errors[0]) and "feed.jsonl" in str(errors[0])


def test_malformed_json_names_the_line(write_file: WriteFile) -> None:
    path = write_file("bad.json", '{\n  "title": "x",\n  "text": oops\n}')
    articles, errors = read_all(path)
    assert articles == []
    assert len(errors) == 1 and "line 3" in str(errors[0]) and "malformed JSON" in str(errors[0])


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        ("42", "found int"),
        ('[{"title": "no text here"}]', "no article text"),
        ('{"title": "t", "text": ""}', "no article text"),
        ("[]", "no articles"),
    ],
)
def test_wrong_shape_json(write_file: WriteFile, content: str, phrase: str) -> None:
    articles, errors = read_all(write_file("shape.json", content))
    assert articles == []
    assert len(errors) == 1 and phrase in str(errors[0])


# ----- HTML -------------------------------------------------------------------------------------


ARTICLE_HTML = """<!doctype html><html><head><title>Acme sales soar | Example</title>
<meta property="og:title" content="Acme sales soar">
<meta property="article:published_time" content="2022-09-14T09:00:00Z">
<meta property="og:site_name" content="Example News">
<script>document.write("tracking")</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Acme sales soar</h1>
<p>Acme Corp said on Monday that sales rose 5% to $3.2bn, the largest rise in its history.</p>
<p>"We are delighted," said Jane Doe, the chief executive, at a press conference in London.</p>
<p>The company plans to hire 2,000 people across Europe over the next two years.</p>
</article><footer>Copyright Example</footer></body></html>"""


def test_html_main_text_title_and_date(write_file: WriteFile) -> None:
    article = only_article(write_file("page.html", ARTICLE_HTML))
    assert article.title == "Acme sales soar"
    assert article.date == "2022-09-14"
    assert "sales rose 5% to $3.2bn" in article.text
    assert "tracking" not in article.text and "Copyright" not in article.text


def test_html_without_an_article_is_an_error(write_file: WriteFile) -> None:
    page = "<html><head><script>var a = 1;</script></head><body><script>alert(1)</script></body></html>"
    articles, errors = read_all(write_file("empty.htm", page))
    assert articles == []
    assert len(errors) == 1 and "no article text" in str(errors[0])


# ----- bad input ----------------------------------------------------------------------------------


def assert_one_clear_error(path: Path, phrase: str) -> None:
    articles, errors = read_all(path)
    assert articles == []
    assert len(errors) == 1
    line = str(errors[0])
    assert "\n" not in line and phrase in line and path.name in line


def test_binary_file_refused(write_file: WriteFile) -> None:
    assert_one_clear_error(write_file("img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary")


def test_invalid_utf8_garbage_refused(write_file: WriteFile) -> None:
    garbage = bytes(range(0x80, 0x100)) * 20
    assert_one_clear_error(write_file("garbage.txt", garbage), "not UTF-8")


def test_a_few_latin1_bytes_read_with_a_warning(write_file: WriteFile) -> None:
    path = write_file(
        "latin.txt", "Caf\xe9 owners said prices rose \xa35 this year.".encode("latin-1")
    )
    articles, errors = read_all(path)
    assert [a.text for a in articles] == ["Café owners said prices rose £5 this year."]
    assert len(errors) == 1 and not errors[0].fatal and "Windows-1252" in str(errors[0])


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_byte_order_marks_decoded(write_file: WriteFile, encoding: str) -> None:
    text = "Zürich talks\n\nOfficials met in Zürich on Friday.\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    article = only_article(write_file("bom.txt", data))
    assert article.text == text and article.title == "Zürich talks"


def test_empty_and_blank_files_refused(write_file: WriteFile) -> None:
    assert_one_clear_error(write_file("empty.txt", b""), "empty")
    assert_one_clear_error(write_file("blank.txt", "  \n\n \n"), "empty")


def test_huge_file_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    assert path.stat().st_size > MAX_FILE_BYTES
    opened: list[str] = []
    real_open = open

    def spy_open(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", spy_open)
    started = time.perf_counter()
    assert_one_clear_error(path, "too large")
    assert time.perf_counter() - started < 1.0
    assert str(path) not in opened


def test_symlink_loops_reported_not_followed_forever(tmp_path: Path, write_file: WriteFile) -> None:
    root = tmp_path / "root"
    write_file("root/sub/a.txt", BODY)
    (root / "sub" / "back").symlink_to(root, target_is_directory=True)
    (root / "self.txt").symlink_to(root / "self.txt")
    articles, errors = read_all(root)
    assert [Path(a.path).name for a in articles] == ["a.txt"]
    reasons = sorted(str(e) for e in errors)
    assert len(reasons) == 2 and all("symlink loop" in r for r in reasons)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_reported(write_file: WriteFile) -> None:
    path = write_file("secret.txt", BODY)
    path.chmod(0)
    try:
        assert_one_clear_error(path, "permission denied")
    finally:
        path.chmod(0o644)


def test_unreadable_file_reported_simulated(
    write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_file("secret.txt", BODY)
    real_open = open

    def deny(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", deny)
    assert_one_clear_error(path, "permission denied")


def test_awkward_file_names(write_file: WriteFile, tmp_path: Path) -> None:
    write_file("names/with space.txt", BODY)
    write_file("names/ünïcødé 東京.txt", BODY.replace("Acme", "Zeta"))
    write_file("names/new\nline.txt", BODY.replace("Acme", "Beta"))
    write_file("names/bad\nname.txt", b"")
    articles, errors = read_all(tmp_path / "names")
    assert {Path(a.path).name for a in articles} == {
        "with space.txt",
        "ünïcødé 東京.txt",
        "new\nline.txt",
    }
    assert len(errors) == 1
    assert "\n" not in str(errors[0]) and "bad" in str(errors[0])


def test_unknown_extensions_counted_in_folders_and_errors_when_named(
    write_file: WriteFile, tmp_path: Path
) -> None:
    write_file("mixed/a.txt", BODY)
    pdf = write_file("mixed/paper.pdf", b"%PDF-1.4")
    write_file("mixed/.hidden.txt", BODY)
    articles, errors = read_all(tmp_path / "mixed")
    assert [Path(a.path).name for a in articles] == ["a.txt"]
    # Not read, never silent: one warning counts them (issue 10); hidden files stay unseen.
    assert [str(e) for e in errors] == ["1 file of unsupported types skipped: .pdf"]
    assert not errors[0].fatal
    assert_one_clear_error(pdf, "unsupported file type .pdf")


def test_missing_path_reported(tmp_path: Path) -> None:
    articles, errors = read_all(tmp_path / "nope")
    assert articles == [] and len(errors) == 1 and "no such file" in str(errors[0])


def test_folders_are_read_recursively_in_sorted_order(
    write_file: WriteFile, tmp_path: Path
) -> None:
    for name in ["b/2.txt", "a/9.txt", "a/10.txt", "c.json"]:
        content = (
            orjson.dumps({"text": f"Text of {name}."})
            if name.endswith(".json")
            else f"Text of {name}."
        )
        write_file(f"tree/{name}", content)
    articles, _ = read_all(tmp_path / "tree")
    assert [Path(a.path).relative_to(tmp_path / "tree").as_posix() for a in articles] == [
        "a/10.txt",
        "a/9.txt",
        "b/2.txt",
        "c.json",
    ]


def test_prose_between_two_rules_is_not_front_matter(write_file: WriteFile) -> None:
    content = "---\nThe minister spoke at length today.\n---\nMore text follows here.\n"
    article = only_article(write_file("rules.txt", content))
    assert article.text == content


_ANY_BYTES = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.builds(
        lambda head, body: f"{head}\n\n{body}".encode(),
        st.text(max_size=60),
        st.text(max_size=200),
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=_ANY_BYTES, suffix=st.sampled_from([".txt", ".md", ".json", ".jsonl"]))
def test_any_bytes_give_articles_or_errors_never_an_exception(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    for item in read_paths([path]):
        if isinstance(item, ReadError):
            assert "\n" not in str(item) and str(item).strip()
        else:
            assert item.text.strip() and "\r" not in item.text
            assert "\n" not in item.title and "\x1b" not in item.title
            assert item.id == article_id(item.text)
