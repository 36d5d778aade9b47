"""The search language over a small library with hand-made extractions."""

from __future__ import annotations

import pytest
from test_app_support import entity as ent
from test_app_support import span

from store.library import Library
from store.records import Article, Extraction, Figure, Quote
from store.search import QueryError, parse_query

HUAWEI = (
    "Huawei Cloud expands\n\n"
    '"At Huawei Cloud, AI is a key strategy," said Jacqueline Shi. '
    "Huawei's cloud sales reached 45.3 billion yuan in 2022."
)
BLAIR = (
    "Blair attacks Tory lies\n\n"
    'Tony Blair spoke in London. "We will win," Mr Blair said. '
    "Labour spent £10bn on 85 new schools."
)


@pytest.fixture()
def library() -> Library:
    q = span(HUAWEI, "At Huawei Cloud, AI is a key strategy,")
    spk = span(HUAWEI, "Jacqueline Shi")
    fig = span(HUAWEI, "45.3 billion yuan")
    huawei = Extraction(
        entities=[
            ent(HUAWEI, "Huawei Cloud", "ORG", "Huawei Cloud"),
            ent(HUAWEI, "Huawei Cloud", "ORG", "Huawei Cloud", 1),
            ent(HUAWEI, "Jacqueline Shi", "PERSON", "Jacqueline Shi"),
            ent(HUAWEI, "Huawei", "ORG", "Huawei", 2),
        ],
        quotes=[Quote(*q, HUAWEI[q[0] : q[1]], "Jacqueline Shi", None, *spk)],
        figures=[Figure(*fig, "45.3 billion yuan", "money", 45.3e9, "CNY", None, "cloud sales")],
    )
    bq = span(BLAIR, "We will win,")
    bfig = span(BLAIR, "£10bn")
    blair = Extraction(
        entities=[
            ent(BLAIR, "Blair", "PERSON", "Tony Blair"),
            ent(BLAIR, "Tony Blair", "PERSON", "Tony Blair"),
            ent(BLAIR, "London", "GPE", "London"),
            ent(BLAIR, "Blair", "PERSON", "Tony Blair", 2),
            ent(BLAIR, "Labour", "ORG", "Labour"),
        ],
        quotes=[Quote(*bq, "We will win,", "Tony Blair", None, *span(BLAIR, "Blair", 2))],
        figures=[
            Figure(*bfig, "£10bn", "money", 1e10, "GBP", None, "Labour spent £10bn"),
            Figure(*span(BLAIR, "85"), "85", "count", 85, None, "schools", "85 new schools"),
        ],
    )
    return Library.from_pairs(
        [
            (Article("h", "h.txt", "Huawei Cloud expands", "2024-02-26", "scmp", HUAWEI), huawei),
            (Article("b", "b.txt", "Blair attacks Tory lies", "2005-02-01", None, BLAIR), blair),
        ]
    )


def test_a_word_finds_articles_entities_quotes_and_figures(library: Library) -> None:
    r = library.search("huawei")
    assert r.article_ids == ["h"]
    assert {g.canonical for g in r.entities} == {"Huawei Cloud", "Huawei"}
    assert [q.quote.speaker for q in r.quotes] == ["Jacqueline Shi"]
    assert r.figures == []  # the figure's text, noun and context do not mention Huawei


def test_search_is_case_insensitive_and_matches_word_prefixes(library: Library) -> None:
    assert library.search("BLAI").article_ids == ["b"]
    assert library.search("Jacq").quotes[0].quote.speaker == "Jacqueline Shi"
    # Under three letters a word must match a whole token.
    assert library.search("bl").article_ids == []


def test_speaker_field_finds_quotes_by_surname(library: Library) -> None:
    r = library.search("speaker:shi")
    assert [q.quote.text for q in r.quotes] == ["At Huawei Cloud, AI is a key strategy,"]
    assert r.article_ids == ["h"]


def test_type_field_narrows_entities(library: Library) -> None:
    r = library.search("type:person")
    assert {g.canonical for g in r.entities} == {"Jacqueline Shi", "Tony Blair"}
    r = library.search("type:gpe")
    assert [g.canonical for g in r.entities] == ["London"]
    assert r.article_ids == ["b"]


def test_kind_field_narrows_figures(library: Library) -> None:
    r = library.search("kind:money")
    assert sorted(f.figure.text for f in r.figures) == ["45.3 billion yuan", "£10bn"]
    assert library.search("kind:count").figures[0].figure.noun == "schools"


def test_entity_field_finds_articles_naming_it(library: Library) -> None:
    r = library.search("entity:blair")
    assert r.article_ids == ["b"]
    assert [g.canonical for g in r.entities] == ["Tony Blair"]
    # Every mention of the entity is highlighted, aliases included.
    assert r.spans("b") == [
        span(BLAIR, "Blair"),
        span(BLAIR, "Tony Blair"),
        span(BLAIR, "Blair", 2),
    ]


def test_date_field_and_combined_terms(library: Library) -> None:
    assert library.search("date:2024").article_ids == ["h"]
    assert library.search("date:2024 blair").article_ids == []
    r = library.search("kind:money date:2005")
    assert [f.figure.text for f in r.figures] == ["£10bn"]


def test_spans_highlight_every_matching_word(library: Library) -> None:
    r = library.search("blair")
    assert r.spans("b") == [span(BLAIR, "Blair", n) for n in range(3)]
    assert r.spans("h") == []


def test_regex_mode_matches_and_highlights(library: Library) -> None:
    r = library.search(r"bl.ir|shi\b", regex=True)
    assert r.article_ids == ["h", "b"]
    assert span(HUAWEI, "Shi") in r.spans("h")


def test_invalid_regex_gives_a_clear_message(library: Library) -> None:
    with pytest.raises(QueryError, match="invalid pattern"):
        library.search("(unclosed", regex=True)


def test_catastrophic_regex_is_stopped(library: Library) -> None:
    big = "a" * 40 + "b"
    slow = Library.from_pairs([(Article("x", "x.txt", "x", None, None, big), Extraction())])
    with pytest.raises(QueryError, match="too slow"):
        slow.search("(a|aa)+$", regex=True)


def test_field_prefixes_parse_case_insensitively() -> None:
    q = parse_query("Speaker:Shi KIND:money huawei")
    assert [(t.field, t.value) for t in q.terms] == [
        ("speaker", "shi"),
        ("kind", "money"),
        (None, "huawei"),
    ]


def test_empty_query_finds_nothing(library: Library) -> None:
    r = library.search("   ")
    assert r.article_ids == [] and r.quotes == []


def test_scope_aggregates_count_articles(library: Library) -> None:
    groups = {g.canonical: g for g in library.entity_groups()}
    assert groups["Tony Blair"].mentions == 3
    assert groups["Tony Blair"].article_ids == ["b"]
    in_h = library.entity_groups("h")
    assert in_h[0].canonical == "Huawei Cloud" and in_h[0].mentions == 2
    assert [m.text for m in library.mentions("b", "Tony Blair")] == ["Blair", "Tony Blair", "Blair"]


def test_type_and_kind_accept_the_labels_the_app_shows(library: Library) -> None:
    people = {g.canonical for g in library.search("type:person").entities}
    for value in ("people", "persons", "PERSON", "People"):
        assert {g.canonical for g in library.search(f"type:{value}").entities} == people
    orgs = {g.canonical for g in library.search("type:org").entities}
    for value in ("organisation", "organisations", "organizations", "orgs"):
        assert {g.canonical for g in library.search(f"type:{value}").entities} == orgs
    assert [g.canonical for g in library.search("type:places").entities] == ["London"]
    assert parse_query("type:nationalities").terms[0].value == "norp"
    assert parse_query("kind:percentage").terms[0].value == "percent"
    assert parse_query("kind:amounts").terms[0].value == "money"
    assert sorted(f.figure.text for f in library.search("kind:money").figures) == [
        "45.3 billion yuan",
        "£10bn",
    ]


def test_unknown_field_or_value_says_what_is_valid(library: Library) -> None:
    with pytest.raises(QueryError, match=r"unknown field 'foo:'.*speaker:.*source:"):
        library.search("foo:bar")
    with pytest.raises(QueryError, match=r"unknown entity type 'zz'.*person \(people\)"):
        library.search("type:zz")
    with pytest.raises(QueryError, match=r"unknown figure kind 'cash'.*percent"):
        library.search("kind:cash")
    # Not fields: a URL, a time, a word ending in a colon.
    assert [t.value for t in parse_query("http://bbc.co.uk 10:30 note:").terms][:2] == [
        "http",
        "bbc",
    ]


def test_date_on_a_store_without_dates_says_so() -> None:
    undated = Library.from_pairs(
        [(Article("u", "u.txt", "Undated", None, None, "Blair spoke."), Extraction())]
    )
    with pytest.raises(QueryError, match="no article in the store has a date"):
        undated.search("date:2005")


def test_headless_text_leads_with_what_was_asked_and_says_what_was_cut(library: Library) -> None:
    by_speaker = library.search("speaker:shi").format_text()
    assert by_speaker.splitlines()[0].startswith("1 quote,")
    assert by_speaker.index("\nQuotes") < by_speaker.index("\nArticles")
    assert "\nEntities" not in by_speaker or by_speaker.index("\nQuotes") < by_speaker.index(
        "\nEntities"
    )
    by_kind = library.search("kind:money").format_text()
    assert by_kind.splitlines()[0].startswith("2 figures,")
    assert by_kind.index("\nFigures") < by_kind.index("\nArticles")
    by_type = library.search("type:person").format_text()
    assert by_type.index("\nEntities") < by_type.index("\nArticles")
    cut = library.search("type:org").format_text(limit=1)
    assert "\u2026 and 2 more" in cut  # Huawei Cloud shown; Huawei and Labour cut
    assert "and 1 more" in cut  # articles: 2, one shown
    whole = library.search("type:org").format_text(limit=20)
    assert "more" not in whole and "1 mention in 1 article" in whole
