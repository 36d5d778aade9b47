"""The query language over the read model: every construct parses to its tree, every mistake
is a one-line QueryError, and on a built index each pane returns exactly what a Python scan of
the stored articles says it should (phrases, OR, exclusion, values, dates, folding, tables)."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BBC
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.db import Store
from store.library import Library
from store.readmodel import fold, index_path_for, open_index, rebuild
from store.readmodel.query import (
    And,
    DateRange,
    EntityName,
    EntityType,
    Everything,
    Kind,
    Lang,
    Not,
    Or,
    PathPart,
    Phrase,
    QueryError,
    Role,
    SourcePart,
    Speaker,
    Title,
    Unit,
    ValueRange,
    Word,
    parse,
)
from store.readmodel.sql import Count, Search, compile_query, fts_phrase, fts_word
from store.readmodel.tables import (
    entities_table,
    figure_texts,
    figures_table,
    speakers_table,
)
from store.search import QueryError as AppQueryError

WriteFile = Callable[..., Path]

# ----------------------------------------------------------------------------- parser

G = 1e9


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("", Everything()),
        ("   ", Everything()),
        ("blair", Word("blair", True)),
        ("Bl", Word("bl", False)),  # under three letters: whole words only
        ("blair election", And((Word("blair", True), Word("election", True)))),
        ("blair AND brown", And((Word("blair", True), Word("brown", True)))),
        ('"prime minister"', Phrase(("prime", "minister"))),
        ("\u201cprime minister\u201d", Phrase(("prime", "minister"))),
        ('"blair"', Phrase(("blair",))),
        ("e-mail", Phrase(("e", "mail"))),
        ("blair OR brown", Or((Word("blair", True), Word("brown", True)))),
        ("a OR b OR c", Or((Word("a", False), Word("b", False), Word("c", False)))),
        ("blair or brown", And((Word("blair", True), Word("or", False), Word("brown", True)))),
        ("-blair", Not(Word("blair", True))),
        ("NOT blair", Not(Word("blair", True))),
        ('-"prime minister"', Not(Phrase(("prime", "minister")))),
        ("-speaker:blair", Not(Speaker(("blair",)))),
        (
            "(blair OR brown) -election",
            And(
                (
                    Or((Word("blair", True), Word("brown", True))),
                    Not(Word("election", True)),
                )
            ),
        ),
        ("-(a OR b)", Not(Or((Word("a", False), Word("b", False))))),
        ("speaker:Blair", Speaker(("blair",))),
        ('speaker:"Tony Blair"', Speaker(("tony", "blair"), True)),
        ("role:minister", Role(("minister",))),
        ("entity:microsoft", EntityName(("microsoft",))),
        ("entity:al-Qaeda", EntityName(("al", "qaeda"), True)),
        ("type:people", EntityType("PERSON")),
        ("type:org", EntityType("ORG")),
        ("kind:money", Kind("money")),
        ("kind:pct", Kind("percent")),
        ("unit:GBP", Unit("GBP")),
        ("unit:gbp", Unit("GBP")),
        ("currency:£", Unit("GBP")),
        ("currency:$", Unit("USD")),
        ("currency:euros", Unit("EUR")),
        ("unit:%", Unit("%")),
        ("unit:km", Unit("km")),
        ("source:BBC", SourcePart("bbc")),
        ("path:Politics/", PathPart("politics/")),
        ("title:election", Title(("election",))),
        ('title:"general election"', Title(("general", "election"), True)),
        ("lang:EN", Lang("en")),
        ("value>=1e9", ValueRange(G, True, None, False)),
        ("value>1bn", ValueRange(G, False, None, False)),
        ("value<=50%", ValueRange(None, False, 50.0, True, "%")),
        ("value<2.5k", ValueRange(None, False, 2500.0, False)),
        ("value:1bn..5bn", ValueRange(G, True, 5 * G, True)),
        ("value:1,000..", ValueRange(1000.0, True, None, True)),
        ("value:>=£1tn", ValueRange(1e12, True, None, False, "GBP")),
        ("value:3m", ValueRange(3e6, True, 3e6, True)),
        ("value>=£1bn", ValueRange(G, True, None, False, "GBP")),
        ("£1bn", ValueRange(G, True, G, True, "GBP")),
        ("$2m", ValueRange(2e6, True, 2e6, True, "USD")),
        ("€3bn..€5bn", ValueRange(3 * G, True, 5 * G, True, "EUR")),
        ("date:2004", DateRange("2004-01-01", "2005-01-01")),
        ("date:2004-03", DateRange("2004-03-01", "2004-04-01")),
        ("date:2004-12", DateRange("2004-12-01", "2005-01-01")),
        ("date:2004-02-29", DateRange("2004-02-29", "2004-03-01")),
        ("date:2004-01..2004-06", DateRange("2004-01-01", "2004-07-01")),
        ("date:2004..", DateRange("2004-01-01", None)),
        ("date:..2004-06", DateRange(None, "2004-07-01")),
        ("date:>=2023-01-01", DateRange("2023-01-01", None)),
        ("date:>2023", DateRange("2024-01-01", None)),
        ("date:<2024", DateRange(None, "2024-01-01")),
        ("date:<=2024-02", DateRange(None, "2024-03-01")),
        ("date>=2023", DateRange("2023-01-01", None)),
        ("İstanbul", Word("istanbul", True)),
        ("STRASSE", Word("strasse", True)),
        ("Straße", Word("strasse", True)),
        ("\ufb01nance", Word("finance", True)),
        ("\uff21\uff22\uff23", Word("abc", True)),
        ("http://example.com", Phrase(("http", "example", "com"))),
        ("blair &", Word("blair", True)),  # punctuation alone matches nothing in text either
    ],
)
def test_parse(text: str, tree: object) -> None:
    assert parse(text) == tree


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("foo:bar", "unknown field 'foo:'"),
        ("speaker:", "speaker: needs a value"),
        ("entity:&&", "no letters or digits"),
        ("type:zzz", "unknown entity type 'zzz'"),
        ("kind:zzz", "unknown figure kind 'zzz'"),
        ("unit:zz", "unknown unit 'zz'"),
        ("lang:english", "bad language 'english'"),
        ("(blair", "unclosed '('"),
        ("blair)", "unmatched ')'"),
        ("()", "empty parentheses"),
        ("OR blair", "OR needs a term before it"),
        ("blair OR", "OR needs a term after it"),
        ("blair OR OR brown", "OR needs a term after it"),
        ("blair OR &", "OR needs a term after it"),
        ("AND blair", "AND needs a term on each side"),
        ("blair AND", "AND needs a term on each side"),
        ("NOT", "NOT needs a term after it"),
        ("-(", "unclosed '('"),
        ('"prime minister', "unclosed quote"),
        ('""', "empty phrase"),
        ('"&&"', "empty phrase"),
        ("value:", "value: needs an amount"),
        ("value>", "value> needs an amount"),
        ("value>=abc", "'abc' in value>=abc is not an amount"),
        ("value:1..", None),  # valid: open range (checked below as not an error)
        ("value:..", "empty range"),
        ("value:5bn..1bn", "runs backwards"),
        ("value:£1..$2", "two units"),
        ("value>=£5%", "both a currency and %"),
        ("value>1e999", "too large"),
        ("$abc", "'$abc' in $abc is not an amount"),
        ("date:", "date: needs a date"),
        ("date:04", "bad date '04'"),
        ("date:2004-13", "no such date '2004-13'"),
        ("date:2004-02-30", "no such date '2004-02-30'"),
        ("date:0000", "no such date '0000'"),
        ("date:2005..2004", "runs backwards"),
        ("date:..", "empty range"),
        ("date:>2004..2005", "bad date"),
        ("date>9999-12-31", "no date comes after"),
        ("speaker>=blair", "only value and date: take >="),
        ("(" * 50 + "a" + ")" * 50, "nested too deeply"),
        ("a " * 201, "too many terms"),
        ("-" * 50 + "(a)", None),  # "--…" is punctuation, then (a): fine
    ],
)
def test_parse_errors(text: str, says: str | None) -> None:
    if says is None:
        parse(text)
        return
    with pytest.raises(QueryError) as info:
        parse(text)
    message = str(info.value)
    assert says in message
    assert "\n" not in message
    assert isinstance(info.value, AppQueryError)  # the app's error type: shown as today


def test_error_messages_say_what_is_valid() -> None:
    with pytest.raises(QueryError, match=r"the fields are speaker:, role:, entity:"):
        parse("who:blair")
    with pytest.raises(QueryError, match=r"use one of: person, org"):
        parse("type:zzz")
    with pytest.raises(QueryError, match=r"yyyy, yyyy-mm or yyyy-mm-dd"):
        parse("date:yesterday")
    with pytest.raises(QueryError, match=r"£1bn"):
        parse("value>lots")


def test_error_message_of_a_phrase_with_a_line_break_stays_one_line() -> None:
    with pytest.raises(QueryError) as info:
        parse('"prime\nminister\x1b[31m')
    assert "\n" not in str(info.value) and "\x1b" not in str(info.value)


def test_fts_strings_quote_every_word() -> None:
    assert fts_word('a"b', True) == '"a""b"*'
    assert fts_word("or", False) == '"or"'
    assert fts_phrase(["near", 'x"y']) == '"near x""y"'


QUERY_ALPHABET = st.sampled_from(
    [
        *"ab1 -()\"'*:<>=.%£$€,^\\\n\u201c\u201d\u0130\u00df",
        "OR",
        "AND",
        "NOT",
        "speaker:",
        "entity:",
        "type:",
        "kind:",
        "unit:",
        "date:",
        "value",
        "value:",
        "title:",
        "path:",
        "lang:",
        "source:",
        "..",
        "2004",
        "-03",
        "bn",
        "NEAR",
        "{",
        "}",
        "+",
        "\x00",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_any_text_parses_or_says_why(text: str) -> None:
    try:
        parse(text)
    except QueryError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(QUERY_ALPHABET, max_size=14).map("".join))
def test_query_shaped_text_parses_compiles_and_runs_or_says_why(text: str) -> None:
    conn = _tiny_index()
    try:
        search = Search(conn, text)
        search.article_ids()
        search.entities()
        search.quotes()
        search.figures()
        search.count_articles(cap=5)
    except QueryError as exc:
        assert "\n" not in str(exc)


_TINY: list[sqlite3.Connection] = []


def _tiny_index() -> sqlite3.Connection:
    """A small in-memory index shared by the property test (built by hand, as the schema says)."""
    if _TINY:
        return _TINY[0]
    from store.readmodel.schema import DDL

    conn = sqlite3.connect(":memory:")
    conn.executescript(DDL)
    conn.execute(
        "INSERT INTO articles VALUES (1, 'a1', 'Blair wins', '2004-03-02', 'BBC', 'p/1.txt', "
        "NULL, 'en', 1, 1, 1, 0, 'blair wins')"
    )
    conn.execute("INSERT INTO entities VALUES (1, 'Tony Blair', 'PERSON', 'tony blair', 1, 1)")
    conn.execute("INSERT INTO mentions VALUES (1, 1, 0, 1)")
    conn.execute("INSERT INTO quotes VALUES (1, 1, 10, 20, 'Tony Blair', 'tony blair', 'pm', 0)")
    conn.execute("INSERT INTO speakers VALUES ('Tony Blair', 'tony blair', 1, 1, NULL, NULL)")
    conn.execute(
        "INSERT INTO figures VALUES (1, 1, 30, 36, 'money', 1e9, 'GBP', NULL, 0, ' gbp money')"
    )
    conn.execute("INSERT INTO text_fts(rowid, title, body) VALUES (1, 'blair wins', 'tony blair')")
    conn.execute("INSERT INTO quote_fts(rowid, body) VALUES (1, 'we will win')")
    _TINY.append(conn)
    return conn


def test_user_text_never_reaches_the_sql() -> None:
    hostile = "'; DROP TABLE articles; -- \"a'b\" OR 1=1 speaker:\"x'; --\" entity:x'--"
    compiled = compile_query(parse(hostile))
    for sql, params in (compiled.articles, compiled.quotes, compiled.figures, compiled.entities):
        assert "DROP" not in sql and "drop" not in sql and "x'" not in sql
        assert params  # the words travel as parameters
    conn = _tiny_index()
    Search(conn, hostile).article_ids()
    assert conn.execute("SELECT count(*) FROM articles").fetchone() == (1,)


# ----------------------------------------------------------------------------- a built index

ARTICLES = {
    "politics/blair.txt": (
        "Title: Blair wins the vote\nDate: 2004-01-15\n\n"
        'Tony Blair said: "We will win the election." Microsoft paid £1.5bn for the firm. '
        "Profits rose 50% in İstanbul last year.\n"
    ),
    "politics/brown.txt": (
        "Title: Brown speaks\nDate: 2004-03-31\n\n"
        'Gordon Brown said: "The economy grew by 3% and we spent £2bn on schools." '
        "Google raised $2m. The prime minister was in the Straße des 17. Juni.\n"
    ),
    "business/undated.txt": (
        "Sales at the firm\n\n"
        "The prime\nminister met Microsoft bosses in London. Sales were £3bn and the firm has "
        "4,000 workers. Its rival made $5bn.\n"
    ),
    "business/june.txt": (
        "Title: Summer results\nDate: 2004-06-30\n\n"
        "Sales reached £2.5bn at Microsoft in June. A prime-minister's aide was not impressed. "
        "Costs fell 7%.\n"
    ),
    "tech/july.txt": (
        "Title: July launch\nDate: 2004-07-01\n\n"
        'Google launched a phone. "It will cost £1bn to build," said Larry Page. '
        "The minister said nothing.\n"
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, sqlite3.Connection, Library]:
    root = tmp_path_factory.mktemp("rmq")
    for name, text in ARTICLES.items():
        path = root / "news" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    store = Store(root / "store" / "db.json")
    store.ingest([root / "news"], workers=1)
    conn = rebuild(store, index_path_for(store.path))
    library = Library(store)
    library.load_all()
    return store, conn, library


Built = tuple[Store, sqlite3.Connection, Library]


def texts_of(library: Library) -> dict[str, str]:
    """Article id -> folded title and text, as the full-text index holds them."""
    out = {}
    for s in library.summaries:
        article = library.article(s.id)
        out[s.id] = fold(article.title) + "\n" + fold(article.text)
    return out


def by_phrase(texts: dict[str, str], *words: str) -> set[str]:
    """Articles whose words include ``words`` side by side (separators: anything not a word)."""
    pattern = re.compile(r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, words)) + r"(?![^\W_])")
    return {aid for aid, text in texts.items() if pattern.search(text)}


def by_word(texts: dict[str, str], word: str) -> set[str]:
    pattern = re.compile(r"(?<![^\W_])" + re.escape(word))
    return {aid for aid, text in texts.items() if pattern.search(text)}


def ids(conn: sqlite3.Connection, query: str) -> set[str]:
    found = Search(conn, query).article_ids()
    assert len(found) == len(set(found))
    return set(found)


def test_the_index_holds_every_article(built: Built) -> None:
    _, conn, library = built
    assert len(library.summaries) == len(ARTICLES)
    assert ids(conn, "") == {s.id for s in library.summaries}


def test_phrase_returns_exactly_the_articles_with_the_phrase(built: Built) -> None:
    _, conn, library = built
    texts = texts_of(library)
    expected = by_phrase(texts, "prime", "minister")
    # Across a line break and across a hyphen too; not "the minister" alone.
    assert len(expected) == 3
    assert ids(conn, '"prime minister"') == expected
    assert ids(conn, '"Prime  Minister"') == expected
    assert ids(conn, '"minister prime"') == by_phrase(texts, "minister", "prime") == set()


def test_or_is_the_union_and_minus_the_difference(built: Built) -> None:
    _, conn, _ = built
    microsoft, google, minister = ids(conn, "microsoft"), ids(conn, "google"), ids(conn, "minister")
    assert microsoft and google and minister
    assert ids(conn, "microsoft OR google") == microsoft | google
    assert ids(conn, "minister -microsoft") == minister - microsoft
    assert ids(conn, "minister -google") == minister - google
    assert ids(conn, "(microsoft OR google) -minister") == (microsoft | google) - minister
    assert ids(conn, "minister NOT microsoft") == minister - microsoft
    assert ids(conn, "microsoft minister") == microsoft & minister


def test_words_match_by_prefix_from_three_letters(built: Built) -> None:
    _, conn, library = built
    texts = texts_of(library)
    assert ids(conn, "micro") == by_word(texts, "micro") != set()
    assert ids(conn, "gover") == set()
    assert ids(conn, "in") == {aid for aid, t in texts.items() if re.search(r"\bin\b", t)}


def test_folding_finds_istanbul_and_strasse(built: Built) -> None:
    _, conn, library = built
    texts = texts_of(library)
    istanbul = {aid for aid, t in texts.items() if "istanbul" in t}
    assert len(istanbul) == 1
    assert ids(conn, "istanbul") == ids(conn, "İSTANBUL") == istanbul
    strasse = {aid for aid, t in texts.items() if "strasse" in t}
    assert len(strasse) == 1
    assert ids(conn, "strasse") == ids(conn, "STRASSE") == ids(conn, "Straße") == strasse


def test_value_unit_kind_return_exactly_the_matching_figures(built: Built) -> None:
    _, conn, library = built
    expected = sorted(
        (r.article_id, r.figure.start)
        for r in library.figures()
        if r.figure.kind == "money"
        and r.figure.unit == "GBP"
        and r.figure.value is not None
        and r.figure.value >= 1e9
    )
    assert len(expected) >= 4
    search = Search(conn, "value>=1e9 unit:GBP kind:money")
    got = sorted((f.article_id, f.start) for f in search.figures(limit=1000))
    assert got == expected
    assert search.count_figures() == Count(len(expected))
    assert all(f.unit == "GBP" and f.kind == "money" for f in search.figures())
    # The same through the other spellings.
    for query in ("kind:money currency:£ value>=1bn", "value>=£1bn", "value:£1bn..£1tn"):
        assert sorted((f.article_id, f.start) for f in Search(conn, query).figures()) == expected


def test_value_ranges_include_their_ends(built: Built) -> None:
    _, conn, library = built

    def expect(lo: float, hi: float) -> list[tuple[str, int]]:
        return sorted(
            (r.article_id, r.figure.start)
            for r in library.figures()
            if r.figure.value is not None and lo <= r.figure.value <= hi
        )

    got = sorted((f.article_id, f.start) for f in Search(conn, "value:1.5bn..2.5bn").figures())
    assert got == expect(1.5e9, 2.5e9) and len(got) >= 3
    exact = Search(conn, "£2.5bn").figures()
    assert [(f.value, f.unit) for f in exact] == [(2.5e9, "GBP")]
    percent = Search(conn, "value<=10%").figures()
    assert {f.value for f in percent} == {3.0, 7.0}


def test_date_range_returns_exactly_the_dated_articles_in_it(built: Built) -> None:
    _, conn, library = built

    def dated(lo: str, hi: str) -> set[str]:
        return {s.id for s in library.summaries if s.date and lo <= s.date < hi}

    # "2004-01..2004-06" covers all of June (the 30th) and not July the 1st.
    expected = dated("2004-01-01", "2004-07-01")
    assert len(expected) == 3
    assert ids(conn, "date:2004-01..2004-06") == expected
    assert ids(conn, "date:2004-03") == dated("2004-03-01", "2004-04-01")
    assert ids(conn, "date:2004") == dated("2004-01-01", "2005-01-01")
    assert ids(conn, "date:>=2004-06-30") == dated("2004-06-30", "9999")
    assert ids(conn, "date:<2004-03-31") == dated("0000", "2004-03-31")
    # Undated articles are never inside a range, and are outside of one.
    undated = {s.id for s in library.summaries if not s.date}
    assert undated and not undated & ids(conn, "date:..2100")
    assert undated <= ids(conn, "-date:2004")


def test_a_date_range_with_nothing_in_it_is_empty_not_an_error(built: Built) -> None:
    _, conn, _ = built
    assert ids(conn, "date:>2023") == set()
    assert Search(conn, "date:>2023").count_articles() == Count(0)


def test_date_on_a_store_without_dates_says_so(tmp_path: Path, write_file: WriteFile) -> None:
    write_file("news/a.txt", "A plain story\n\nNothing here has a date at all.\n")
    store = Store(tmp_path / "db.json")
    store.ingest([tmp_path / "news"], workers=1)
    conn = rebuild(store, index_path_for(store.path))
    assert ids(conn, "plain") != set()
    with pytest.raises(QueryError, match="no article in the store has a date"):
        Search(conn, "date:2004")
    with pytest.raises(QueryError, match=r"no article in the store has a source.*path:"):
        Search(conn, "source:bbc")
    with pytest.raises(QueryError, match="no article in the store has a lang"):
        Search(conn, "lang:en")


def test_title_and_path_fields(built: Built) -> None:
    _, conn, library = built
    titles = {s.id for s in library.summaries if "results" in s.title.lower()}
    assert ids(conn, "title:result") == titles and len(titles) == 1
    politics = {s.id for s in library.summaries if "politics/" in s.path}
    assert ids(conn, "path:politics/") == politics and len(politics) == 2
    assert ids(conn, "-path:politics/") == {s.id for s in library.summaries} - politics


def test_entity_figures_are_those_in_the_same_sentence(built: Built) -> None:
    _, conn, library = built
    from store.extract.text import SpanIndex, sentences

    expected = []
    for s in library.summaries:
        article, extraction = library.article(s.id), library.extraction(s.id)
        index = SpanIndex(sentences(article.text))
        with_microsoft = {
            index.containing(e.start) for e in extraction.entities if e.canonical == "Microsoft"
        }
        expected += [
            (s.id, f.start)
            for f in extraction.figures
            if index.containing(f.start) in with_microsoft
        ]
    got = sorted((f.article_id, f.start) for f in Search(conn, "entity:microsoft").figures())
    # £1.5bn and £2.5bn; not £3bn, 4,000 or $5bn (the sentences after "Microsoft bosses").
    assert got == sorted(expected) and len(got) == 2
    # Every figure of those articles is more than that: the pane is narrower.
    assert Search(conn, "entity:microsoft").count_figures().n < sum(
        len(library.extraction(a).figures) for a in ids(conn, "entity:microsoft")
    )


def test_speaker_figures_are_those_in_their_quotes(built: Built) -> None:
    _, conn, _ = built
    figures = Search(conn, "speaker:brown").figures()
    assert sorted((f.value, f.unit) for f in figures) == [(3.0, "%"), (2e9, "GBP")]
    quotes = Search(conn, 'speaker:"gordon brown"').quotes()
    assert [q.speaker for q in quotes] == ["Gordon Brown"]


def test_panes_keep_items_that_match_the_terms_of_their_kind(built: Built) -> None:
    _, conn, _ = built
    # Today's rule: within the matching articles, items matching the terms of their kind.
    search = Search(conn, "microsoft kind:money")
    assert {f.kind for f in search.figures()} == {"money"}
    assert [e.canonical for e in search.entities()] == ["Microsoft"]
    # An OR across kinds: quotes by Page, or any quote of an article with a percentage.
    quotes = Search(conn, "speaker:page OR kind:percent").quotes()
    assert {q.speaker for q in quotes} == {"Larry Page", "Gordon Brown", "Tony Blair"}
    excluded = Search(conn, "-speaker:blair").quotes()
    assert "Tony Blair" not in {q.speaker for q in excluded} and excluded


def test_counts_are_capped_and_pages_are_stable(built: Built) -> None:
    _, conn, _ = built
    search = Search(conn, "")
    every = search.article_ids()
    assert search.count_articles(cap=2) == Count(2, capped=True)
    assert str(search.count_articles(cap=2)) == "2+"
    assert str(Count(12345)) == "12,345"
    assert search.count_articles(cap=None) == Count(len(every))
    paged = [a.id for a in search.articles(limit=2)]
    paged += [a.id for a in search.articles(limit=2, offset=2)]
    paged += [a.id for a in search.articles(limit=2, offset=4)]
    assert paged == every
    rows = search.articles()
    assert [(r.path, r.id) for r in rows] == sorted((r.path, r.id) for r in rows)


def test_items_of_one_article(built: Built) -> None:
    _, conn, library = built
    blair = next(s.id for s in library.summaries if s.path.endswith("blair.txt"))
    search = Search(conn, "")
    assert [f.start for f in search.figures(article_id=blair)] == [
        f.start for f in library.extraction(blair).figures
    ]
    assert search.count_quotes(article_id=blair) == Count(len(library.extraction(blair).quotes))


# ----------------------------------------------------------------------------- tables


def test_speakers_table(built: Built) -> None:
    _, conn, library = built
    quotes = Counter(r.quote.speaker for r in library.quotes() if r.quote.speaker)
    rows = speakers_table(conn, limit=None)
    assert {r.name: r.quotes for r in rows} == dict(quotes)
    page = next(r for r in rows if r.name == "Larry Page")
    assert (page.articles, page.first_date, page.last_date) == (1, "2004-07-01", "2004-07-01")
    # Filtered: the speakers of the quotes that match.
    assert [r.name for r in speakers_table(conn, "election")] == ["Tony Blair"]
    by_name = speakers_table(conn, sort="name", descending=False)
    assert [r.name for r in by_name] == sorted(quotes, key=str.casefold)
    last = speakers_table(conn, "speaker:brown OR speaker:page", sort="last_date", limit=1)
    assert [r.name for r in last] == ["Larry Page"]
    with pytest.raises(QueryError, match="cannot sort speakers by 'age'; use one of: name"):
        speakers_table(conn, sort="age")


def test_entities_table(built: Built) -> None:
    _, conn, library = built
    rows = entities_table(conn, "type:org", limit=None)
    expected = {(g.canonical, g.mentions, g.articles) for g in library.entity_groups()}
    assert rows and {(r.name, r.mentions, r.articles) for r in rows} <= expected
    assert {r.type for r in rows} == {"ORG"}
    assert [r.mentions for r in rows] == sorted((r.mentions for r in rows), reverse=True)
    names = [r.name for r in entities_table(conn, "", sort="name", descending=False)]
    assert names == sorted(names, key=fold)


def test_figures_table_sorted_by_value_with_text(built: Built) -> None:
    store, conn, _ = built
    rows = figures_table(conn, "kind:money unit:GBP value>=1e9", sort="value")
    assert [r.value for r in rows] == sorted((r.value for r in rows), reverse=True)
    assert figure_texts(store, rows) == ["£3bn", "£2.5bn", "£2bn", "£1.5bn", "£1bn"]
    dated = figures_table(conn, "", sort="date", descending=False)
    dates = [r.date for r in dated]
    assert dates[-1] is None  # undated last
    assert [d for d in dates if d] == sorted(d for d in dates if d)


# ----------------------------------------------------------------------------- the BBC corpus


@pytest.fixture(scope="module")
def bbc(tmp_path_factory: pytest.TempPathFactory) -> Built:
    if not BBC.is_dir():
        pytest.skip("the BBC corpus (../shared/corpus/bbc) is not here")
    root = tmp_path_factory.mktemp("bbc")
    # Sixty articles from each of five folders: ~300, every section represented.
    files = [p for d in sorted(BBC.iterdir()) if d.is_dir() for p in sorted(d.glob("*.txt"))[:60]]
    store = Store(root / "db.json")
    store.ingest(files, workers=2)
    conn = rebuild(store, index_path_for(store.path))
    library = Library(store)
    library.load_all()
    return store, conn, library


def test_bbc_speakers_table_agrees_with_the_library(bbc: Built) -> None:
    _, conn, library = bbc
    quotes: Counter[str] = Counter()
    articles: dict[str, set[str]] = {}
    for r in library.quotes():
        if r.quote.speaker:
            quotes[r.quote.speaker] += 1
            articles.setdefault(r.quote.speaker, set()).add(r.article_id)
    rows = speakers_table(conn, limit=None)
    assert len(rows) == len(quotes) > 50
    assert {r.name: (r.quotes, r.articles) for r in rows} == {
        name: (n, len(articles[name])) for name, n in quotes.items()
    }
    assert [r.quotes for r in rows] == sorted(quotes.values(), reverse=True)


@pytest.mark.parametrize(
    "words", [("prime", "minister"), ("chief", "executive"), ("the", "election"), ("mr", "blair")]
)
def test_bbc_phrase_equals_a_scan_of_the_texts(bbc: Built, words: tuple[str, ...]) -> None:
    _, conn, library = bbc
    expected = by_phrase(texts_of(library), *words)
    assert expected
    assert ids(conn, '"' + " ".join(words) + '"') == expected


def test_bbc_or_and_minus_equal_set_operations(bbc: Built) -> None:
    _, conn, _ = bbc
    blair, brown = ids(conn, "blair"), ids(conn, "brown")
    assert blair and brown and blair != brown
    assert ids(conn, "blair OR brown") == blair | brown
    assert ids(conn, "blair -brown") == blair - brown


def test_open_index_reads_what_rebuild_wrote(built: Built, tmp_path: Path) -> None:
    store, conn, _ = built
    again = open_index(index_path_for(store.path))
    assert Search(again, "microsoft").article_ids() == Search(conn, "microsoft").article_ids()


def test_names_match_word_by_word_whatever_joins_the_words() -> None:
    from store.readmodel.schema import DDL

    conn = sqlite3.connect(":memory:")
    conn.executescript(DDL)
    conn.execute(
        "INSERT INTO articles VALUES (1, 'a1', 't', NULL, NULL, 'p', NULL, NULL, 2, 0, 0, 0, 't')"
    )
    for e, name in ((1, "Al-Qaeda"), (2, "Qaedan Alliance")):
        conn.execute("INSERT INTO entities VALUES (?, ?, 'ORG', ?, 1, 1)", (e, name, fold(name)))
        conn.execute("INSERT INTO mentions VALUES (1, ?, 0, 1)", (e,))
    conn.execute("INSERT INTO text_fts(rowid, title, body) VALUES (1, 't', 'x')")

    def names(query: str) -> list[str]:
        return sorted(r.canonical for r in Search(conn, query).entities())

    assert names("entity:al-qaeda") == names('entity:"al qaeda"') == ["Al-Qaeda"]
    assert names("entity:qaeda") == ["Al-Qaeda", "Qaedan Alliance"]  # a prefix of any word
    assert names("entity:aeda") == []  # not inside a word
    assert names("entity:al") == ["Al-Qaeda"]  # two letters: the whole word only


def test_an_unknown_field_before_a_phrase_says_so() -> None:
    """`aspeaker:"x"` once raised KeyError (hypothesis found it); it is an unknown field."""
    with pytest.raises(QueryError, match="unknown field 'aspeaker:'"):
        parse('aspeaker:"tony blair"')
