"""HTML character references in plain-text articles (issue 15): decoded when the file is read,
so the stored text, its title and every item's span agree ("&#163;1.8m" is stored as "£1.8m")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from store.extract import extract
from store.readers.plain import read_plain


def read(path: Path):  # type: ignore[no-untyped-def]
    articles, _warnings = read_plain(path, path.stat().st_size)
    assert len(articles) == 1
    return articles[0]


def test_references_are_decoded_in_the_title_and_the_text(
    write_file: Callable[..., Path],
) -> None:
    path = write_file(
        "viacom.txt",
        "&#163;1.8m indecency fine for Viacom\n\n"
        "Media giant Viacom has paid a &#163;1.8m fine to settle complaints about "
        "indecency on its radio &amp; TV stations.&nbsp;Shares rose &#x25;3 at Simon &amp; "
        "Schuster&#8217;s parent.\n",
    )
    article = read(path)
    assert article.title == "£1.8m indecency fine for Viacom"
    assert "&#" not in article.text and "&amp;" not in article.text and "&nbsp;" not in article.text
    assert "a £1.8m fine" in article.text
    assert "radio & TV stations.\u00a0Shares" in article.text
    assert "Simon & Schuster’s parent" in article.text
    figures = [f for f in extract(article).figures if f.kind == "money"]
    assert [f.text for f in figures][:2] == ["£1.8m", "£1.8m"]
    for figure in figures:  # every item is a span of the stored text
        assert article.text[figure.start : figure.end] == figure.text
    assert figures[1].value == 1.8e6 and figures[1].unit == "GBP"


def test_only_well_formed_references_are_decoded() -> None:
    from store.readers.plain import decode_references

    text = (
        "AT&T and Procter & Gamble; &foo without a semicolon, &amp without one, "
        "&nosuchname; &#; &#x; &#12a; R&D; &ampfoo; &#0; stays &#38;amp;"
    )
    assert decode_references(text) == (
        "AT&T and Procter & Gamble; &foo without a semicolon, &amp without one, "
        "&nosuchname; &#; &#x; &#12a; R&D; &ampfoo; \ufffd stays &amp;"
    )


def test_a_reference_to_a_control_character_is_neutralised(
    write_file: Callable[..., Path],
) -> None:
    path = write_file("evil.txt", "Evil &#27;]52;c;SGVsbG8=&#7; title\n\nBody &#x1b;[31m text.\n")
    article = read(path)
    assert "\x1b" not in article.text and "\x07" not in article.text
    assert "\x1b" not in article.title


def test_a_literal_ampersand_in_prose_stays(write_file: Callable[..., Path]) -> None:
    path = write_file("plain.txt", "Marks & Spencer gains\n\nMarks & Spencer rose 3% & more.\n")
    article = read(path)
    assert article.title == "Marks & Spencer gains"
    assert "Marks & Spencer rose 3% & more." in article.text
