"""Real-world inputs (issue 10, items 6 and 7): languages, charsets, and boilerplate in web pages.

Every text and page here is written for these tests (no copyrighted text): German, French and
Polish news-style articles, and pages built around them with the furniture real pages carry
(navigation, "Read more:" lines, bylines, a home page of links).
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BBC

from store.extract import extract
from store.readers import ReadError, read_paths
from store.readers import html as html_reader
from store.readers.common import ReadFailure
from store.records import Article
from store.web.collect import FetchedPage
from store.web.pages import read_page

WriteFile = Callable[..., Path]
needs_bbc = pytest.mark.skipif(not BBC.is_dir(), reason="../shared/corpus/bbc is not here")

GERMAN = """Klinik in Neustadt verlängert Wartezeiten

Die Patienten in der Notaufnahme des Städtischen Klinikums Neustadt mussten am Dienstag bis zu sechs Stunden warten. Die Klinikleitung sprach von einem außergewöhnlich hohen Andrang nach dem ersten Frost des Winters.

"Wir haben jeden verfügbaren Arzt aus dem Urlaub geholt", sagte Klinikdirektorin Petra Lindner am Abend. Die Patienten seien trotz der langen Wartezeit ruhig geblieben, fügte sie hinzu.

Nach Angaben der Stadtverwaltung fehlen in Neustadt derzeit rund 40 Pflegekräfte. Die Stadt will in diesem Jahr 2,5 Millionen Euro zusätzlich in die Ausbildung investieren, das sind 12 Prozent mehr als im Vorjahr.

Die Gewerkschaft forderte dagegen höhere Löhne. "Ohne bessere Bezahlung bleiben die Stellen leer", erklärte ein Sprecher. Die Patienten, die am Mittwoch kamen, wurden teilweise in benachbarte Kliniken verlegt.
"""

FRENCH = """La mairie de Villeneuve ferme sa piscine pour l'hiver

La piscine municipale de Villeneuve restera fermée jusqu'au mois de mars, a annoncé lundi la mairie. Les travaux de rénovation du toit coûteront environ 3 millions d'euros, soit 20 % de plus que prévu.

"Nous n'avions pas d'autre choix, la structure n'était plus sûre", a déclaré l'adjoint aux sports, Julien Marchand, lors d'une réunion publique. Les clubs de natation devront s'entraîner dans la commune voisine pendant quatre mois.

Les parents d'élèves s'inquiètent du coût des transports. "Le bus scolaire ne suffira pas", a estimé une mère de famille. La mairie promet une navette gratuite deux fois par semaine.

Selon le maire, la réouverture est prévue pour le début du printemps, si la météo le permet et si les entreprises tiennent les délais.
"""

POLISH_SENTENCES = [
    "Rada miasta zdecydowała w czwartek, że nowy most na Wiśle zostanie zbudowany do końca przyszłego roku.",
    "Według urzędników koszt inwestycji wyniesie około dwustu milionów złotych, a prace rozpoczną się wiosną.",
    "Mieszkańcy pobliskich dzielnic obawiają się hałasu i korków, ale większość z nich popiera budowę.",
    "Żółty dźwig stanął już na brzegu rzeki, a pierwsze łodzie przywiozły stalowe belki.",
    "Śląskie firmy budowlane zgłosiły się do przetargu, który ma się zakończyć w grudniu.",
]

ENGLISH_PARAGRAPHS = [
    "The council of Eastbridge approved a new budget on Tuesday, raising spending on roads and "
    "schools for the third year running after a long debate in the town hall.",
    '"We have listened to residents and this budget answers them," said council leader Maria '
    "Holt, who has led the authority since the last local elections.",
    "The plan adds $4.2m for road repairs and hires 35 teachers, according to figures released by "
    "the finance committee ahead of the vote.",
    "Opposition members said the rise in council tax, 3% for most households, would hurt "
    "pensioners on fixed incomes during a hard winter.",
    "A final vote on the detailed spending lines is expected next month, when the committee "
    "reports back on the cost of the school building programme.",
]


def page(
    paragraphs: list[str],
    *,
    title: str = "Eastbridge approves budget",
    head: str = '<meta charset="utf-8">',
    extra_body: str = "",
    after: str = "",
) -> str:
    """A news page: navigation, an article with a headline and paragraphs, a footer."""
    nav = "".join(
        f'<li><a href="/{s.lower()}">{s}</a></li>' for s in ("News", "World", "Business", "Sport")
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head>{head}<title>{title}</title></head><body>"
        f"<header><nav><ul>{nav}</ul></nav></header>"
        f"<main><article><h1>{title}</h1>{extra_body}{body}</article>{after}</main>"
        "<footer><p>Copyright Example Gazette. All rights reserved.</p></footer>"
        "</body></html>"
    )


def read_one(path: Path) -> tuple[list[Article], list[ReadError]]:
    articles: list[Article] = []
    errors: list[ReadError] = []
    for item in read_paths([path]):
        (errors if isinstance(item, ReadError) else articles).append(item)  # type: ignore[arg-type]
    return articles, errors


# ----- 6. language --------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "code"), [(GERMAN, "de"), (FRENCH, "fr")], ids=["de", "fr"])
def test_german_and_french_articles_get_their_language_and_no_items(
    write_file: WriteFile, text: str, code: str
) -> None:
    articles, errors = read_one(write_file(f"article-{code}.txt", text))
    assert not errors
    [article] = articles
    assert article.language == code
    items = extract(article)
    assert items.entities == [] and items.quotes == [] and items.figures == []


def test_german_text_no_longer_gives_patienten_person_or_die_org(write_file: WriteFile) -> None:
    [article], _ = read_one(write_file("klinik.txt", GERMAN))
    found = {(e.text, e.type) for e in extract(article).entities}
    assert not {t for t, _ in found} & {"Patienten", "Die Patienten", "Die", "Wir"}


@needs_bbc
def test_a_bbc_article_is_english_and_extracted() -> None:
    [article], errors = read_one(BBC / "business" / "001.txt")
    assert not errors
    assert article.language == "en"
    items = extract(article)
    assert items.entities and items.figures


def test_other_readers_set_the_language_too(write_file: WriteFile) -> None:
    import json

    record = {"title": "Klinik", "maintext": GERMAN, "date_publish": "2024-01-05"}
    [from_json], _ = read_one(write_file("dump.jsonl", json.dumps(record) + "\n"))
    assert from_json.language == "de"
    paragraphs = [p for p in FRENCH.split("\n\n")[1:] if p.strip()]
    [from_html], _ = read_one(write_file("piscine.html", page(paragraphs, title="Piscine")))
    assert from_html.language == "fr"


def test_a_short_text_has_no_language_and_is_still_extracted(write_file: WriteFile) -> None:
    from store.lang import detect_language

    assert detect_language("Ok.") is None
    assert detect_language("Maria Holt won.") is None
    [article], _ = read_one(write_file("short.txt", "Tony Blair met Gordon Brown in London."))
    assert article.language is None
    assert {e.text for e in extract(article).entities} >= {"Tony Blair", "Gordon Brown"}


def test_language_survives_to_dict_and_from_dict() -> None:
    article = Article("id1", "p", "t", None, None, GERMAN, language="de")
    assert Article.from_dict(article.to_dict()).language == "de"
    old = article.to_dict()
    del old["language"]  # a record written before languages were detected
    assert Article.from_dict(old).language is None


# ----- 6. charsets ---------------------------------------------------------------------------


def polish_page(head: str) -> str:
    return page(POLISH_SENTENCES, title="Nowy most na Wiśle", head=head)


def test_a_polish_iso_8859_2_page_is_decoded_right(write_file: WriteFile) -> None:
    path = write_file("most.html", polish_page('<meta charset="iso-8859-2">').encode("iso-8859-2"))
    [article], errors = read_one(path)
    assert not errors
    assert "most na Wiśle" in article.text and "Żółty dźwig" in article.text
    assert article.language == "pl"


def test_a_page_declaring_the_wrong_charset_is_decoded_by_the_detector(
    write_file: WriteFile,
) -> None:
    data = polish_page('<meta charset="utf-8">').encode("iso-8859-2")
    [article], _ = read_one(write_file("wrong.html", data))
    assert "most na Wiśle" in article.text and "Żółty dźwig" in article.text


def test_a_page_declaring_nothing_is_decoded_by_the_detector() -> None:
    data = polish_page("").encode("iso-8859-2")
    assert "Żółty dźwig" in html_reader.decode_html(data)


def test_the_http_charset_wins_over_the_page_and_a_bom_over_both() -> None:
    data = polish_page('<meta charset="iso-8859-1">').encode("iso-8859-2")
    assert "Żółty dźwig" in html_reader.decode_html(data, "ISO-8859-2")
    bom = codecs.BOM_UTF8 + polish_page('<meta charset="iso-8859-1">').encode("utf-8")
    assert "Żółty dźwig" in html_reader.decode_html(bom, "iso-8859-1")


def test_a_utf8_page_declared_as_latin1_is_read_as_utf8() -> None:
    data = polish_page('<meta charset="iso-8859-1">').encode("utf-8")
    assert "Żółty dźwig" in html_reader.decode_html(data)


def test_a_fetched_page_is_decoded_with_its_http_charset() -> None:
    body = polish_page("").encode("iso-8859-2")
    fetched = FetchedPage(
        url="http://example.test/most",
        requested_url="http://example.test/most",
        source="http://example.test/most",
        fetched="2024-03-01T10:00:00+00:00",
        status=200,
        content_type="text/html",
        charset="iso-8859-2",
        body=body,
    )
    [article] = read_page(fetched)
    assert isinstance(article, Article)
    assert "most na Wiśle" in article.text and "Żółty dźwig" in article.text


# ----- 7. precision over boilerplate -----------------------------------------------------------


def test_read_more_and_related_lines_are_dropped(write_file: WriteFile) -> None:
    paragraphs = [
        *ENGLISH_PARAGRAPHS[:3],
        "Read more: Retail giant poised to launch record-breaking $13.4bn share sale",
        "Related: Why council tax bills keep rising",
        *ENGLISH_PARAGRAPHS[3:],
        "See also: Eastbridge school places",
        "More on this story",
        "READ MORE: HOW THE BUDGET WAS WRITTEN",
    ]
    [article], _ = read_one(write_file("budget.html", page(paragraphs)))
    for gone in ("Read more", "Related:", "See also", "More on this story", "READ MORE", "13.4bn"):
        assert gone not in article.text
    assert ENGLISH_PARAGRAPHS[4] in article.text
    figures = {f.text for f in extract(article).figures}
    assert "$13.4bn" not in figures and "$4.2m" in figures


def test_a_repeated_block_is_kept_once(write_file: WriteFile) -> None:
    # Some pages carry the article body twice (a print version, a hidden copy for apps).
    copy = "".join(f"<p>{p}</p>" for p in ENGLISH_PARAGRAPHS)
    html = page(ENGLISH_PARAGRAPHS, extra_body=f'<div class="print-version">{copy}</div>')
    [article], _ = read_one(write_file("twice.html", html))
    assert article.text.count("We have listened to residents") == 1
    assert len(extract(article).quotes) == 1


def home_page() -> str:
    topics = ["budget", "river", "school", "harbour", "railway", "museum", "bridge", "library"]
    items = "".join(
        f'<li><h3><a href="/news/{i}">The {topics[i % 8]} plan: what changes in week {i}</a></h3>'
        f"<p>Residents of ward {i} react as the {topics[(i + 3) % 8]} scheme moves ahead.</p></li>"
        for i in range(30)
    )
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>Example Gazette</title></head>'
        '<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a>'
        f"</nav><main><h1>Top stories</h1><ul>{items}</ul></main>"
        "<footer><p>Copyright Example Gazette.</p></footer></body></html>"
    )


def test_a_home_page_is_refused_with_one_line(write_file: WriteFile) -> None:
    articles, errors = read_one(write_file("home.html", home_page()))
    assert articles == []
    [error] = errors
    assert "not an article" in str(error)
    assert str(error).count("\n") == 0


def test_an_article_with_heavy_navigation_is_still_read(write_file: WriteFile) -> None:
    menu = "".join(f'<li><a href="/s/{i}">Section number {i}</a></li>' for i in range(120))
    html = page(ENGLISH_PARAGRAPHS, after=f"<aside><ul>{menu}</ul></aside>")
    articles, errors = read_one(write_file("menu.html", html))
    assert not errors and len(articles) == 1


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Jane Doe and John Roe | Reuters", ["Jane Doe", "John Roe"]),
        ("CNN Business", []),
        ("Staff writer", []),
        ("Jane Doe, CNN", ["Jane Doe"]),
        ("By Jane Doe, Senior Correspondent", ["Jane Doe"]),
        ("Jane Doe and Associated Press", ["Jane Doe"]),
        ("Example Gazette", []),
        ("Emily Post", ["Emily Post"]),
    ],
)
def test_outlets_and_byline_words_are_not_authors(
    write_file: WriteFile, byline: str, authors: list[str]
) -> None:
    head = (
        f'<meta charset="utf-8"><meta name="author" content="{byline}">'
        '<meta property="og:site_name" content="Example Gazette">'
    )
    [article], _ = read_one(write_file("byline.html", page(ENGLISH_PARAGRAPHS, head=head)))
    assert article.authors == authors


def test_main_text_is_extracted_for_precision_unless_recall_is_asked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import trafilatura

    seen: list[dict[str, object]] = []
    real = trafilatura.bare_extraction

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(kwargs)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(trafilatura, "bare_extraction", spy)
    data = page(ENGLISH_PARAGRAPHS).encode("utf-8")
    html_reader.article_from_html(tmp_path / "a.html", data)
    html_reader.article_from_html(tmp_path / "a.html", data, recall=True)
    path = tmp_path / "b.html"
    path.write_bytes(data)
    html_reader.read_html(path, len(data), recall=True)
    assert [(k.get("favor_precision"), k.get("favor_recall")) for k in seen] == [
        (True, False),
        (False, True),
        (False, True),
    ]


def test_a_page_that_is_not_html_text_is_still_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(ReadFailure, match="no article text"):
        html_reader.article_from_html(tmp_path / "x.html", b"<html><body><p>Hi.</p></body></html>")


def test_ingest_stores_the_language_and_says_how_many_were_not_english(
    write_file: WriteFile, tmp_path: Path
) -> None:
    """The language survives the store, the summary counts the others, extract --json has it."""
    import json

    from conftest import run_cli

    from store.db import Store

    folder = tmp_path / "mixed"
    write_file("mixed/klinik.txt", GERMAN)
    write_file("mixed/report.txt", "\n\n".join(ENGLISH_PARAGRAPHS))
    db = tmp_path / "db" / "store.json"
    result = run_cli("ingest", folder, "--db", db)
    assert result.returncode == 0, result.stderr
    assert "1 article not in English stored without extraction: de 1" in result.stdout
    store = Store(db)
    languages = {s.path.rsplit("/", 1)[-1]: store.load(s.id)[0].language for s in store.summaries()}
    assert languages == {"klinik.txt": "de", "report.txt": "en"}
    german = next(s for s in store.summaries() if s.path.endswith("klinik.txt"))
    assert store.load(german.id)[1].entities == []
    extracted = run_cli("extract", "--json", folder / "klinik.txt")
    assert json.loads(extracted.stdout.splitlines()[0])["language"] == "de"
