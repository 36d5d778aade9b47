"""Search never falls over: any query, regex or not, gives results or a QueryError for the user."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from store.library import Library
from store.records import Article, Entity, Extraction, Figure, Quote
from store.sanitize import has_unsafe
from store.search import FIELDS, TOO_SLOW, QueryError

# Text that makes backtracking patterns work hard: long runs of one letter, no match at the end.
ADVERSARIAL = (
    "Aaaa slow\n\n"
    + "a" * 3000
    + "!\n\n"
    + " ".join(["a" * 40 + "b"] * 50)
    + "\n\n"
    + "x" * 3000
    + "\n\n"
    + '"We will win," said Tony Blair. Labour spent £10bn.'
)
BLAIR = 'Blair wins\n\n"We will win," said Tony Blair in London. Labour spent £10bn on 85 schools.'


def _pair(aid: str, text: str, title: str) -> tuple[Article, Extraction]:
    q_start = text.index("We will win,")
    q_end = q_start + len("We will win,")
    tony = text.index("Tony Blair")
    money = text.index("£10bn")
    extraction = Extraction(
        entities=[Entity(tony, tony + 10, "Tony Blair", "PERSON", "Tony Blair")],
        quotes=[Quote(q_start, q_end, text[q_start:q_end], "Tony Blair", None, tony, tony + 10)],
        figures=[
            Figure(money, money + 5, "£10bn", "money", 1e10, "GBP", None, "Labour spent £10bn")
        ],
    )
    return Article(aid, f"{aid}.txt", title, "2005-02-01", "bbc", text), extraction


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.from_pairs(
        [_pair("blair", BLAIR, "Blair wins"), _pair("slow", ADVERSARIAL, "Aaaa slow")]
    )


query_parts = st.one_of(
    st.text(max_size=30),
    st.sampled_from([f"{f}:" for f in FIELDS]),
    st.sampled_from(
        [
            "(",
            ")",
            "[",
            "]",
            "\\",
            "*",
            "+",
            "?",
            "{",
            "}",
            "{99999}",
            "(?",
            "(?P<",
            "(?<=",
            "\\p{",
            "\\N{",
            "\\g<0>",
            "(?V1)",
            "(?(1)a|b)",
            "[[:alpha:]]",
            "\\1",
            "|",
            "^",
            "$",
            ".*",
            "blair",
            "said",
            "£10bn",
            "\x00",
            "\x1b]52;c;",
            "\u202e",
            "\ud800",
            " ",
        ]
    ),
)
queries = st.lists(query_parts, max_size=8).map("".join)


def run(library: Library, query: str, regex: bool) -> None:
    try:
        results = library.search(query, regex=regex)
    except QueryError as error:
        message = str(error)
        assert message and "\n" not in message
        return
    # A result set the app can show: spans within the text, in order.
    for aid in results.article_ids:
        text = library.article(aid).text
        spans = results.spans(aid)
        assert spans == sorted(spans)
        for start, end in spans:
            assert 0 <= start < end <= len(text)
    assert not has_unsafe(results.format_text())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries)
@example("speaker:")
@example("type:person kind:money date:2005 source:bbc entity:tony")
@example("::::")
@example("speaker:\x1b]0;x\x07")
def test_any_query_gives_results_or_a_query_error(library: Library, query: str) -> None:
    run(library, query, regex=False)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries)
@example("(")
@example("[a-")
@example("a{2,1}")
@example("(?P<x>a)(?P<x>b)")
@example("\\p{NotAProperty}")
@example("\\N{NOT A NAME}")
@example("(?<=a+)b")
@example("x{99999999999}")
@example("\\")
@example("(?i")
@example("\ud800")
def test_any_regex_gives_results_or_a_query_error(library: Library, query: str) -> None:
    run(library, query, regex=True)


@pytest.mark.parametrize("pattern", ["(", "[a-", "a{2,1}", "\\", "*a", "(?<", "\\p{Nope}"])
def test_an_invalid_pattern_says_so(library: Library, pattern: str) -> None:
    with pytest.raises(QueryError, match="invalid pattern"):
        library.search(pattern, regex=True)


@pytest.mark.parametrize("pattern", ["(a|aa)+$", "(x+x+)+y", "(.*a){25}", "(a+)+b", "(a*)*$"])
def test_catastrophic_patterns_are_stopped_in_time(library: Library, pattern: str) -> None:
    started = time.monotonic()
    try:
        results = library.search(pattern, regex=True)
    except QueryError as error:
        assert str(error) == TOO_SLOW
    else:
        # Matching may finish quickly (the regex engine may be smart about it); then
        # highlighting the slow article must be cut short too.
        for aid in results.article_ids:
            results.spans(aid)
    assert time.monotonic() - started < 1.5, f"{pattern} took {time.monotonic() - started:.1f} s"


@pytest.mark.parametrize("pattern", ["(a|aa)+$", "(x+x+)+y", "(a+)+b"])
def test_exponential_patterns_report_too_slow(library: Library, pattern: str) -> None:
    """Reported to the user, not silently cut short (the ``regex`` engine does solve
    ``(.*a){25}`` quickly, so that one may give results)."""
    with pytest.raises(QueryError, match="pattern too slow"):
        library.search(pattern, regex=True)


@pytest.mark.parametrize("regex", [False, True])
@pytest.mark.parametrize(
    "query",
    [
        "a" * 100_000,
        "blair " * 16_000,
        "speaker:" + "x" * 100_000,
        "(" * 50_000 + ")" * 50_000,
        "\x1b]52;c;" * 12_000,
        "a|" * 50_000,
    ],
    ids=["letters", "words", "field", "parens", "escapes", "alternation"],
)
def test_a_100k_character_query_completes(library: Library, query: str, regex: bool) -> None:
    started = time.monotonic()
    try:
        results = library.search(query, regex=regex)
        for aid in results.article_ids:
            results.spans(aid)
    except QueryError as error:
        assert str(error)
    assert time.monotonic() - started < 5.0
