"""What makes searches fast never changes what they find: type:/kind:/unit: read a facets
table, words on figures a stored column, and a regex only the articles holding the literal
text it needs (trigrams); each stays exact when articles are replaced and removed, and the
regex pre-filter never drops an article or item the pattern matches."""

from __future__ import annotations

import sqlite3

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.readmodel import apply_batch, open_index, rows_for
from store.readmodel.literals import may_match, required, trigram_query
from store.readmodel.sql import Search
from store.readmodel.view import ReadModel
from store.records import Article, Entity, Extraction, Figure, Quote

FLAGS = regex.IGNORECASE | regex.FULLCASE | regex.MULTILINE


def _article(aid: str, text: str) -> Article:
    return Article(aid * 16, f"/news/{aid}.txt", f"Story {aid}", "2004-01-01", None, text)


def _pair(
    aid: str, text: str, people: list[str], figures: list[tuple[str, str | None, str | None]]
) -> tuple[Article, Extraction]:
    entities = [
        Entity(text.index(name), text.index(name) + len(name), name, "PERSON", name)
        for name in people
    ]
    items = [Figure(0, 3, text[0:3], kind, 1e9, unit, noun) for kind, unit, noun in figures]
    return _article(aid, text), Extraction(entities=entities, figures=items)


def _facets_from_items(conn: sqlite3.Connection) -> set[tuple[str, int]]:
    """What the facets table must hold, worked out from the items themselves."""
    rows = conn.execute(
        "SELECT DISTINCT 'type:' || e.type, m.article FROM mentions m JOIN entities e ON e.e = m.e "
        "UNION SELECT DISTINCT 'kind:' || kind, article FROM figures "
        "UNION SELECT DISTINCT 'unit:' || unit, article FROM figures WHERE unit IS NOT NULL"
    )
    return {(f, a) for f, a in rows}


def _ids(conn: sqlite3.Connection, query: str) -> set[str]:
    return set(Search(conn, query).article_ids())


def test_type_kind_and_unit_stay_exact_when_articles_are_replaced_and_removed() -> None:
    a = _pair("a", "Tony Blair spent £1bn.", ["Tony Blair"], [("money", "GBP", "spending")])
    b = _pair("b", "Sales of Straße rose 5%.", [], [("percent", None, "Straße")])
    c = _pair("c", "Gordon Brown paid $2bn.", ["Gordon Brown"], [("money", "USD", None)])
    model = ReadModel.from_pairs([a, b, c])
    conn = open_index(model.path)
    try:
        assert {r[0] for r in conn.execute("SELECT facet FROM article_facets")} == {
            "type:PERSON",
            "kind:money",
            "kind:percent",
            "unit:GBP",
            "unit:USD",
        }
        assert _ids(conn, "type:person") == {"a" * 16, "c" * 16}
        assert _ids(conn, "unit:GBP") == {"a" * 16}
        # Replace a: no person now, and its money is in dollars; remove c.
        a2 = _pair("a", "Someone spent $1bn on spending.", [], [("money", "USD", "spending")])
        apply_batch(conn, [rows_for(*a2, 0)], ["c" * 16], "g2")
        assert conn.execute("SELECT count(*) FROM article_facets").fetchone()[0] == len(
            _facets_from_items(conn)
        )
        assert set(conn.execute("SELECT facet, article FROM article_facets")) == (
            _facets_from_items(conn)
        )
        assert _ids(conn, "type:person") == set()
        assert _ids(conn, "unit:GBP") == set()
        assert _ids(conn, "unit:USD") == {"a" * 16}
        assert _ids(conn, "kind:money -kind:percent") == {"a" * 16}
        # Words on figures: the stored words are what lower() of noun, unit and kind gives.
        for words, expected in conn.execute(
            "SELECT words, lower(coalesce(noun, '') || ' ' || coalesce(unit, '') || ' ' || kind) "
            "FROM figures"
        ):
            assert words == expected
        assert {r.kind for r in Search(conn, "spending").figures()} == {"money"}
    finally:
        conn.close()
        model.close()


def test_a_regex_finds_replaced_text_and_not_removed_text() -> None:
    a = _pair("a", "The Chelsea fans sang.", [], [])
    text = '"Arsenal fans are here," said Tony Blair.'
    b = _article("b", text), Extraction(quotes=[Quote(1, 23, text[1:23], "Tony Blair")])
    model = ReadModel.from_pairs([a, b])
    found = model.search("(chelsea|arsenal) fans?", regex=True)
    assert set(found.article_ids) == {"a" * 16, "b" * 16}
    assert found.counts["quotes"].n == 1
    assert model.search("tony blair", regex=True).counts["quotes"].n == 1  # by its speaker
    conn = open_index(model.path)
    try:
        a2 = _pair("a", "The Spurs supporters sang for Bleir.", [], [])
        apply_batch(conn, [rows_for(*a2, 0)], ["b" * 16], "g2")
        # The trigram table forgot the old texts (a stale row would corrupt it or match).
        conn.execute("INSERT INTO text_tri(text_tri) VALUES('integrity-check')")
        conn.execute("INSERT INTO quote_tri(quote_tri) VALUES('integrity-check')")
        assert (
            conn.execute("SELECT count(*) FROM quote_tri WHERE quote_tri MATCH 'fan'").fetchone()[0]
            == 0
        )
    finally:
        conn.close()
    found = model.search("(chelsea|arsenal) fans?", regex=True)
    assert list(found.article_ids) == [] and found.counts["quotes"].n == 0
    assert list(model.search("bl(a|e)ir", regex=True).article_ids) == ["a" * 16]
    assert list(model.search("spurs\\s+supp", regex=True).article_ids) == ["a" * 16]
    model.close()


# ----------------------------------------------------------------------------- literals


def test_required_literals_of_common_patterns() -> None:
    assert required("bl(a|e)ir") == [frozenset({"blair", "bleir"})]
    assert frozenset({"chelsea fan", "arsenal fan"}) in required("(chelsea|arsenal) fans?")
    assert set(required(r"tony\s+blair")) == {frozenset({"tony"}), frozenset({"blair"})}
    assert required("BLAIR") == [frozenset({"blair"})]
    # Nothing can be said: every article is searched.
    for pattern in ("a.b", "x|blair", "ab", r"\d+", "(?:blair){e<=1}", "[[:alpha:]]blair", "(("):
        assert required(pattern) == [], pattern
        assert trigram_query(required(pattern)) is None


# Patterns over a tiny alphabet, so that random texts often match them.
_atoms = st.sampled_from(
    ["a", "b", "c", " ", "ab", "abc", "[ab]", "[^a]", ".", r"\s", r"\w", r"\b", "^", "$", "A"]
)


def _patterns() -> st.SearchStrategy[str]:
    return st.recursive(
        _atoms,
        lambda inner: st.one_of(
            st.tuples(inner, inner).map("".join),
            st.tuples(inner, inner).map(lambda t: f"(?:{t[0]}|{t[1]})"),
            st.tuples(inner, st.sampled_from(["?", "*", "+", "{2}", "{1,3}", "+?"])).map(
                lambda t: f"(?:{t[0]}){t[1]}"
            ),
            inner.map(lambda s: f"({s})"),
        ),
        max_leaves=8,
    )


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_patterns(), st.lists(st.text(alphabet="abc \nßé", max_size=30), min_size=1, max_size=4))
def test_the_prefilter_never_drops_a_match(pattern: str, texts: list[str]) -> None:
    compiled = regex.compile(pattern, FLAGS)
    groups = required(pattern)
    query = trigram_query(groups)
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='trigram', content='', detail=none)"
    )
    conn.executemany("INSERT INTO t(rowid, body) VALUES (?, ?)", enumerate(texts))
    kept = (
        set(range(len(texts)))
        if query is None
        else {r[0] for r in conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (query,))}
    )
    for i, text in enumerate(texts):
        if compiled.search(text):
            assert may_match(groups, text, folded=True), (pattern, text, groups)
            assert i in kept, (pattern, text, query)


def test_every_quote_per_speaker_reads_the_speakers_table_and_agrees_with_a_count() -> None:
    def said(aid: str, who: list[str | None]) -> tuple[Article, Extraction]:
        text = " ".join(f'"Words {i}."' for i in range(len(who)))
        quotes = [Quote(12 * i + 1, 12 * i + 10, "", s) for i, s in enumerate(who)]
        return _article(aid, text), Extraction(quotes=quotes)

    model = ReadModel.from_pairs(
        [said("a", ["Tony Blair", "Tony Blair", None]), said("b", ["Gordon Brown", "Tony Blair"])]
    )

    def groups(where: tuple[str, list[object]] | None) -> list[tuple[str | None, int]]:
        found = model.all_quotes() if where is None else model.all_quotes(where)
        return [(speaker, len(paged)) for speaker, paged in found]

    everything = [("Tony Blair", 3), ("Gordon Brown", 1), (None, 1)]
    assert groups(None) == groups(("1 = 1", [])) == everything
    assert len(model.all_figures()) == 0
    conn = open_index(model.path)
    try:
        apply_batch(conn, [], ["a" * 16], "g2")
    finally:
        conn.close()
    assert groups(None) == groups(("1 = 1", [])) == [("Gordon Brown", 1), ("Tony Blair", 1)]
    model.close()
