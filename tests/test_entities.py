"""Named-entity extractor: spans, types and canonical names as the annotation guidelines ask."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.extract.entities import find_entities
from store.extract.lexicons import load_lexicon, load_table

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "eval"


def ents(text: str) -> list[tuple[str, str]]:
    return [(e.text, e.type) for e in find_entities(text)]


def canon(text: str) -> list[tuple[str, str]]:
    return [(e.text, e.canonical) for e in find_entities(text)]


# --- spans -------------------------------------------------------------------------


def test_titles_stay_out_of_person_spans() -> None:
    found = ents("Prime Minister Tony Blair met Mr Brown, Dr. Fox and Sen. John McCain.")
    assert found == [
        ("Tony Blair", "PERSON"),
        ("Brown", "PERSON"),
        ("Fox", "PERSON"),
        ("John McCain", "PERSON"),
    ]


def test_country_before_a_title_is_its_own_entity() -> None:
    assert ents("US President George W Bush spoke.") == [
        ("US", "GPE"),
        ("George W Bush", "PERSON"),
    ]


def test_multiword_titles_are_removed() -> None:
    found = ents(
        "The Secretary of State Condoleezza Rice met Chancellor of the Exchequer Gordon "
        "Brown and Trade and Industry Secretary Patricia Hewitt."
    )
    assert found == [
        ("Condoleezza Rice", "PERSON"),
        ("Gordon Brown", "PERSON"),
        ("Patricia Hewitt", "PERSON"),
    ]


def test_leading_the_is_dropped() -> None:
    assert ents("He read it in the New York Times.") == [("New York Times", "ORG")]
    assert ents("The Times said so.") == [("Times", "ORG")]


@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
def test_possessive_is_dropped(apostrophe: str) -> None:
    found = ents(f"Huawei{apostrophe}s cloud unit grew, said Blair{apostrophe}s office.")
    assert found == [("Huawei", "ORG"), ("Blair", "PERSON")]


def test_name_is_one_span_with_its_unit() -> None:
    assert ents("Huawei Cloud expanded.") == [("Huawei Cloud", "ORG")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shares in J.P. Morgan rose.", [("J.P. Morgan", "ORG")]),
        ("Rates were set by the Bank of England.", [("Bank of England", "ORG")]),
        ("Sales at Marks & Spencer fell.", [("Marks & Spencer", "ORG")]),
        ("He admired Charles de Gaulle.", [("Charles de Gaulle", "PERSON")]),
        ("He played with Robin van Persie.", [("Robin van Persie", "PERSON")]),
        ("Shares in Rolls-Royce rose.", [("Rolls-Royce", "ORG")]),
    ],
)
def test_names_join_over_connectors(text: str, expected: list[tuple[str, str]]) -> None:
    assert ents(text) == expected


def test_people_named_together_stay_apart() -> None:
    found = ents("The deal pleased David Smith of Deutsche Bank and Manchester and Liverpool.")
    assert found == [
        ("David Smith", "PERSON"),
        ("Deutsche Bank", "ORG"),
        ("Manchester", "GPE"),
        ("Liverpool", "GPE"),
    ]


def test_sentence_initial_common_words_are_not_names() -> None:
    found = ents(
        "Shares in Vodafone fell. Analysts were gloomy. Speaking later, however, Sony agreed."
    )
    assert found == [("Vodafone", "ORG"), ("Sony", "ORG")]


def test_days_and_months_are_not_names() -> None:
    assert ents("On Monday Microsoft said March sales rose.") == [("Microsoft", "ORG")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Orders for the Boeing 737 rose.", ("Boeing 737", "PRODUCT")),
        ("The S&P 500 fell.", ("S&P 500", "PRODUCT")),
        ("The FTSE 100 fell.", ("FTSE 100", "PRODUCT")),
        ("Leaders of the G20 met.", ("G20", "ORG")),
        ("Sony sold the PlayStation 2 cheaply.", ("PlayStation 2", "PRODUCT")),
        ("He still uses Windows XP daily.", ("Windows XP", "PRODUCT")),
        ("He left 10 Downing Street.", ("10 Downing Street", "FAC")),
        ("Tickets for Euro 2004 sold out.", ("Euro 2004", "EVENT")),
    ],
)
def test_names_with_numbers_keep_their_digits(text: str, expected: tuple[str, str]) -> None:
    assert expected in ents(text)


# --- types -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chinese firms grew.", ("Chinese", "NORP")),
        ("The Tories lost.", ("Tories", "NORP")),
        ("He flew to Egypt.", ("Egypt", "GPE")),
        ("Trade with the Middle East grew.", ("Middle East", "LOC")),
        ("She studied at the University of Leeds.", ("University of Leeds", "ORG")),
        ("They landed at Gatwick Airport.", ("Gatwick Airport", "FAC")),
        ("MPs debated the Terrorism Act.", ("Terrorism Act", "LAW")),
        ("England won the World Cup.", ("World Cup", "EVENT")),
        ("Apple sold more iPods.", ("iPods", "PRODUCT")),
        ("Shares in Acme Holdings rose.", ("Acme Holdings", "ORG")),
        ("He joined Labour in 1990.", ("Labour", "ORG")),
        ("Brent crude rose.", ("Brent crude", "PRODUCT")),
    ],
)
def test_types_from_lexicons_and_head_words(text: str, expected: tuple[str, str]) -> None:
    assert expected in ents(text)


def test_context_beats_lists() -> None:
    found = ents("Jordan said he would stay. He was born in Jordan.")
    assert found == [("Jordan", "PERSON"), ("Jordan", "GPE")]


def test_person_context_types_an_unknown_name() -> None:
    assert ents("The rule was criticised, said Pemberton.") == [("Pemberton", "PERSON")]
    assert ents("Kowalczyk, 45, was arrested.") == [("Kowalczyk", "PERSON")]


def test_nationality_splits_off_a_known_name() -> None:
    assert ents("The German Bundesbank warned.") == [("German", "NORP"), ("Bundesbank", "ORG")]
    assert ents("British Airways flew.") == [("British Airways", "ORG")]


def test_quoted_work_title_after_a_work_noun() -> None:
    found = ents('The band released the single "Somebody Told Me" last week.')
    assert found == [("Somebody Told Me", "WORK_OF_ART")]


# --- canonical names ---------------------------------------------------------------


def test_surnames_resolve_to_the_full_name() -> None:
    text = "Fox attacks Blair\n\nTony Blair spoke. Liam Fox replied. Mr Blair and Dr Fox met."
    assert canon(text) == [
        ("Fox", "Liam Fox"),
        ("Blair", "Tony Blair"),
        ("Tony Blair", "Tony Blair"),
        ("Liam Fox", "Liam Fox"),
        ("Blair", "Tony Blair"),
        ("Fox", "Liam Fox"),
    ]
    assert [e.type for e in find_entities(text)] == ["PERSON"] * 6


def test_acronym_in_brackets_maps_to_long_form() -> None:
    text = "The International Monetary Fund (IMF) warned. Later the IMF said more."
    assert canon(text) == [
        ("International Monetary Fund", "International Monetary Fund"),
        ("IMF", "International Monetary Fund"),
        ("IMF", "International Monetary Fund"),
    ]


def test_short_company_name_maps_to_the_first_full_name() -> None:
    text = "Huawei Technologies is big. Huawei\u2019s cloud unit grew."
    assert canon(text) == [
        ("Huawei Technologies", "Huawei Technologies"),
        ("Huawei", "Huawei Technologies"),
    ]


def test_country_aliases_share_a_canonical_name() -> None:
    found = canon("The US and the United States and America and the UK and Britain.")
    assert [c for _, c in found] == ["United States"] * 3 + ["United Kingdom"] * 2


def test_canonical_names_are_clean_display_names() -> None:
    text = "Tony Blair said. Mr Blair's aides and President Bush\u2019s team met."
    for entity in find_entities(text):
        assert not entity.canonical.startswith(("Mr", "President", "the "))
        assert not entity.canonical.endswith(("'s", "\u2019s"))


# --- robustness ---------------------------------------------------------------------


def _check_spans(text: str) -> None:
    previous_end = 0
    for e in find_entities(text):
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] == e.text
        assert e.start >= previous_end
        previous_end = e.end
        assert e.type in {
            "PERSON", "ORG", "GPE", "LOC", "NORP", "PRODUCT", "EVENT", "FAC", "WORK_OF_ART", "LAW",
        }  # fmt: skip


_PIECES = [
    "Mr", "Dr.", "The", "the", "of", "of the", "and", "&", "de", "van", "U.S.", "J.", "A",
    "Bank", "Blair", "Blair's", "\u2019s", "'", '"', "\u201c", "\u201d", "(", ")", "(IMF)",
    "(Fed)", "(ab)", "-", "Boeing", "737", "10", "Street", "\n", "\n\n", ".", ",", ":",
    "\u00e9", "\ud800", "\u00a0", "Euro", "zone", "Christmas", "Day", "New", "Year's", "Eve",
    "D-Mass.", "St", "Prime", "Minister", "Secretary", "Inc.", "al-Qaeda", "iPod", "3GSM",
    "Sen.", "WASHINGTON", "Ten-year-old", "Tony Blair", "said", "in", "Jordan", "S&P", "500",
]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=8), max_size=40), st.data())
@settings(max_examples=400, deadline=None)
def test_any_text_gives_valid_ordered_spans(pieces: list[str], data: st.DataObject) -> None:
    separators = data.draw(st.lists(st.sampled_from(["", " ", ", "]), min_size=len(pieces)))
    _check_spans("".join(p + sep for p, sep in zip(pieces, separators, strict=False)))


def test_degenerate_texts() -> None:
    for text in ("", "\n", " ", "A", "The", "Mr", "(IMF)", "'s", "Blair's", "\n\nA B"):
        _check_spans(text)


def _cpu_seconds(text: str) -> float:
    t0 = time.process_time()
    find_entities(text)
    return time.process_time() - t0


@pytest.mark.slow
@pytest.mark.parametrize("unit", ["A ", "A of ", "Mr A ", "1", '"', "A-A'", "The ", "\n"])
def test_adversarial_megabyte_stays_linear(unit: str) -> None:
    article = (
        "Tony Blair told the BBC on Monday that the Bank of England and Microsoft "
        "would meet in Washington with Huawei's chairman. "
    ) * 30
    per_char = min(_cpu_seconds(article) for _ in range(3)) / len(article)
    huge = unit * (1_000_000 // len(unit))
    quarter = _cpu_seconds(huge[: len(huge) // 4])
    full = _cpu_seconds(huge)
    # Bounded relative to a normal article (a name on every word costs more than prose,
    # hence the slack), and linear: four times the text, not sixteen times the time.
    assert full < 60 * per_char * len(huge) + 0.5
    assert full < 8 * quarter + 0.5
    _check_spans(huge[:5000])


# --- lexicons ----------------------------------------------------------------------


def test_lexicon_loader_reads_sets_and_tables() -> None:
    countries = load_lexicon("entities_countries")
    assert "France" in countries and "United States" in countries
    assert not any(line.startswith("#") for line in countries)
    assert load_table("entities_country_aliases")["UK"] == "United Kingdom"


# --- the worked example -------------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="shared evaluation data not present")
def test_worked_example_scores_well() -> None:
    text = (SEED / "articles" / "seed-huawei.txt").read_text(encoding="utf-8")
    gold = json.loads((SEED / "gold" / "seed-huawei.json").read_text(encoding="utf-8"))
    gold_items = {(g["start"], g["end"], g["type"]) for g in gold["entities"]}
    pred_items = {(e.start, e.end, e.type) for e in find_entities(text)}
    tp = len(gold_items & pred_items)
    f1 = 2 * tp / (len(gold_items) + len(pred_items))
    assert f1 >= 0.85


# --- other outlets' conventions ---------------------------------------------------------


def test_title_case_headline_keeps_only_confirmed_names() -> None:
    text = "Apple Unveils New iPhone At Event In California\n\nApple showed the phone in Cupertino."
    assert ents(text)[:3] == [("Apple", "ORG"), ("iPhone", "PRODUCT"), ("California", "GPE")]


def test_sentence_case_headline_surname_resolves_through_the_body() -> None:
    text = "Fox attacks Blair over war\n\nLiam Fox said Tony Blair had misled MPs."
    assert canon(text)[:2] == [("Fox", "Liam Fox"), ("Blair", "Tony Blair")]


def test_dateline_in_capitals_is_a_place() -> None:
    found = ents("WASHINGTON (Reuters) - The Fed held rates.")
    assert found == [("WASHINGTON", "GPE"), ("Reuters", "ORG"), ("Fed", "ORG")]


def test_us_party_tag_and_compound_titles() -> None:
    found = ents(
        "Sen. Elizabeth Warren, D-Mass., spoke. JPMorgan Chief Executive Jamie Dimon agreed."
    )
    assert found == [
        ("Elizabeth Warren", "PERSON"),
        ("Mass.", "GPE"),  # the state in a party tag is a place (gold on non-BBC news)
        ("JPMorgan", "ORG"),
        ("Jamie Dimon", "PERSON"),
    ]


def test_title_words_that_are_surnames() -> None:
    found = ents("Martin Luther King and John Major met Bill Gates Chairman of Microsoft.")
    assert found == [
        ("Martin Luther King", "PERSON"),
        ("John Major", "PERSON"),
        ("Bill Gates", "PERSON"),
        ("Microsoft", "ORG"),
    ]


def test_unknown_name_before_a_product_noun_is_a_product() -> None:
    assert ents("It will launch a hybrid version of its Highlander SUV.") == [
        ("Highlander", "PRODUCT")
    ]


def test_hyphenated_nationalities() -> None:
    assert ents("The Anglo-Dutch firm and Sino-Japanese ties.") == [
        ("Anglo-Dutch", "NORP"),
        ("Sino-Japanese", "NORP"),
    ]


# --- news from every outlet -----------------------------------------------------------


def test_sentence_initial_common_words_and_contractions_are_not_names() -> None:
    text = (
        "Marches spread across the region. Thousands joined the marches on Sunday.\n\n"
        "“We’re tired,” one protester said. Volunteers handed out water, as volunteers do."
    )
    assert ents(text) == []


def test_inflected_common_word_at_sentence_start_is_not_a_name() -> None:
    assert ents("Lawmakers met in Paris. Pensions were on the table.") == [("Paris", "GPE")]


def test_event_heads() -> None:
    found = ents("She won the ATP Finals and then hosted the Annual Reception in Rome.")
    assert ("ATP Finals", "EVENT") in found
    assert ("Annual Reception", "EVENT") in found


def test_celestial_bodies_and_rockets() -> None:
    found = ents(
        "A Falcon 9 rocket carried the probe towards the asteroid Bennu, which orbits "
        "the Sun at roughly the distance of Earth."
    )
    assert found == [
        ("Falcon 9", "PRODUCT"),
        ("Bennu", "LOC"),
        ("Sun", "LOC"),
        ("Earth", "LOC"),
    ]


def test_sun_newspaper_is_not_a_star() -> None:
    assert ents("He told The Sun newspaper he would stay.") != [("Sun", "LOC")]


def test_facility_heads() -> None:
    assert ents("It launched from Edwards Air Force Base in California.")[0] == (
        "Edwards Air Force Base",
        "FAC",
    )


def test_abbreviation_stops_belong_to_the_name() -> None:
    found = ents("Shares of Metro Pacific Corp. rose, said Jose Cruz Jr. in Manila.")
    assert ("Metro Pacific Corp.", "ORG") in found
    assert ("Jose Cruz Jr.", "PERSON") in found


def test_state_in_a_party_tag_is_a_place() -> None:
    assert ents("Senator Rand Paul, R-Ky., objected.") == [
        ("Rand Paul", "PERSON"),
        ("Ky.", "GPE"),
    ]


def test_hyphenated_east_asian_given_names() -> None:
    found = ents("Financial Secretary John Tsang Chun-wah met Kim Jong-un.")
    assert found == [("John Tsang Chun-wah", "PERSON"), ("Kim Jong-un", "PERSON")]
    assert ("Obama-era", "PERSON") not in ents("The Obama-era rule.")
    assert ents("The Hong Kong-based firm.") == [("Hong Kong", "GPE")]


def test_foreign_organisation_names_keep_their_particles() -> None:
    assert ents("The Banco de la Nación Argentina raised rates.") == [
        ("Banco de la Nación Argentina", "ORG")
    ]
    assert ents("Officials at Bangko Sentral ng Pilipinas spoke.") == [
        ("Bangko Sentral ng Pilipinas", "ORG")
    ]


def test_unknown_places_from_context() -> None:
    assert ents("Fighting spread to Marib province and the port of Mukalla.") == [
        ("Marib", "GPE"),
        ("Mukalla", "GPE"),
    ]


def test_demonyms_and_groups_are_norp() -> None:
    found = ents("Yemeni officials said Houthis and Omanis met Philippine envoys.")
    assert found == [
        ("Yemeni", "NORP"),
        ("Houthis", "NORP"),
        ("Omanis", "NORP"),
        ("Philippine", "NORP"),
    ]


def test_title_case_headline_with_a_demonym() -> None:
    found = ents("Kenyan Shilling Weakens as Traders Await Data\n\nThe shilling fell.")
    assert found == [("Kenyan", "NORP")]


def test_stock_indices_are_products_and_diseases_units_zones_are_not_entities() -> None:
    found = ents(
        "The S&P fell and the Hang Seng Index rose as COVID-19 and Zika cases grew; it "
        "was 30 degrees Celsius at 9 a.m. Pacific Time."
    )
    assert found == [("S&P", "PRODUCT"), ("Hang Seng Index", "PRODUCT")]


def test_currency_prefix_is_not_a_place() -> None:
    assert ents("It costs HK$8 billion, or US$1 billion.") == []


def test_person_named_by_a_speech_verb() -> None:
    assert ents("“Prices will fall,” said Art Hogan, a strategist.") == [("Art Hogan", "PERSON")]


def test_family_name_first_resolves_a_titled_surname() -> None:
    assert canon("Lim Boon Heng spoke on Monday. Mr Lim said costs would rise.") == [
        ("Lim Boon Heng", "Lim Boon Heng"),
        ("Lim", "Lim Boon Heng"),
    ]
    assert canon("Financial Secretary John Tsang Chun-wah spoke. Tsang said no.")[-1] == (
        "Tsang",
        "John Tsang Chun-wah",
    )


def test_product_named_after_its_kind() -> None:
    found = ents("The firm launched the chatbot Rinna in Japan. Rinna is popular.")
    assert found == [("Rinna", "PRODUCT"), ("Japan", "GPE"), ("Rinna", "PRODUCT")]


def test_statue_of_and_name_after_a_title_of_an_organisation() -> None:
    assert ents("It is as tall as two Statues of Liberty.") == [("Statues of Liberty", "FAC")]
    found = ents("Anne Smith, Executive Secretary of the Pacific Fisheries Commission, spoke.")
    assert found == [("Anne Smith", "PERSON"), ("Pacific Fisheries Commission", "ORG")]


def test_celestial_name_typed_once_holds_for_the_article() -> None:
    found = ents("The probe will hit the moonlet Kalyke. Scientists say Kalyke is small.")
    assert found == [("Kalyke", "LOC"), ("Kalyke", "LOC")]


def test_portfolio_after_a_title_stays_out_of_the_name() -> None:
    assert ents("The Minister for Housing Darragh O'Brien spoke.") == [
        ("Darragh O'Brien", "PERSON")
    ]
    assert ents("Secretary of State for Health Matt Hancock said so.") == [
        ("Matt Hancock", "PERSON")
    ]


def test_titles_of_other_countries() -> None:
    assert ents("Taoiseach Micheál Martin met Emir Tamim bin Hamad.") == [
        ("Micheál Martin", "PERSON"),
        ("Tamim bin Hamad", "PERSON"),
    ]


def test_american_spellings_of_common_words_are_not_names() -> None:
    assert ents("Organizers said the march was peaceful.") == []
    assert ents("Neighbors gathered outside.") == []


def test_maker_products_and_model_numbers() -> None:
    found = ents("Users of Microsoft Office and Google Maps tried GPT-4 on a Chandrayaan-3 feed.")
    assert found == [
        ("Microsoft Office", "PRODUCT"),
        ("Google Maps", "PRODUCT"),
        ("GPT-4", "PRODUCT"),
        ("Chandrayaan-3", "PRODUCT"),
    ]


def test_country_leading_an_unknown_name_makes_an_organisation() -> None:
    assert ents("The Kenya Wildlife Service said.")[0] == ("Kenya Wildlife Service", "ORG")


def test_month_as_a_given_name() -> None:
    assert ents("Growth will slow, said Jan Hatzius.") == [("Jan Hatzius", "PERSON")]
    assert ents("In May Labour won.") == [("Labour", "ORG")]


def test_currency_abbreviations_are_not_entities() -> None:
    assert ents("It invested Rs 75,000 crore and Ksh 2 billion.") == []


def test_places_written_without_diacritics() -> None:
    assert ents("Floods hit Maharashtra and Bejaia.") == [
        ("Maharashtra", "GPE"),
        ("Bejaia", "GPE"),
    ]


def test_work_named_once_by_its_kind_is_a_work_everywhere() -> None:
    text = (
        "Driftwood wins top prize\n\nThe drama Driftwood won the jury prize on Sunday. "
        "Driftwood is tipped for more awards, and the comedy Paper Boats came second."
    )
    found = ents(text)
    assert found == [
        ("Driftwood", "WORK_OF_ART"),
        ("Driftwood", "WORK_OF_ART"),
        ("Driftwood", "WORK_OF_ART"),
        ("Paper Boats", "WORK_OF_ART"),
    ]


def test_web_addresses_and_assistants() -> None:
    assert ents("Shares of Rentals.com Inc. rose; Alexa and Siri answered.") == [
        ("Rentals.com Inc.", "ORG"),
        ("Alexa", "PRODUCT"),
        ("Siri", "PRODUCT"),
    ]


def test_majority_leader_and_greater_city() -> None:
    assert ents("Senate Majority Leader Chuck Schumer met the Mayor of Greater Lagos.") == [
        ("Senate", "ORG"),
        ("Chuck Schumer", "PERSON"),
        ("Greater Lagos", "GPE"),
    ]


def test_outlets_channels_and_measures() -> None:
    assert ents("It aired on NASA TV, the journal Science reported; his IQ is high.") == [
        ("NASA TV", "ORG"),
        ("Science", "ORG"),
    ]


def test_city_team_names_and_places_after_in() -> None:
    found = ents(
        "The Los Angeles Sparks won. Reporters in Deir Hanna said the Gaza Strip was quiet."
    )
    assert found == [
        ("Los Angeles Sparks", "ORG"),
        ("Deir Hanna", "GPE"),
        ("Gaza Strip", "LOC"),
    ]


def test_sentence_start_runs_of_everyday_words_are_not_names() -> None:
    assert ents("Subscribe now. Sign Up Now. Click Here. A US study followed.") == [("US", "GPE")]


def test_american_and_recent_news_words_at_sentence_start() -> None:
    assert ents("Firefighters arrived. Lawmakers voted. Typhoon Koinu hit Taiwan.") == [
        ("Typhoon Koinu", "EVENT"),
        ("Taiwan", "GPE"),
    ]


def test_professional_plural_heads_make_firms() -> None:
    assert ents("Analysts at Davy Stockbrokers and Lindsay Advisers agreed.") == [
        ("Davy Stockbrokers", "ORG"),
        ("Lindsay Advisers", "ORG"),
    ]


def test_company_names_starting_with_an_everyday_word_stay_whole() -> None:
    text = "Air Lanka plans to raise money. The air fares rose. Fosters said so, backed by Fosters."
    assert ents(text) == [("Air Lanka", "ORG"), ("Fosters", "ORG"), ("Fosters", "ORG")]


def test_broadcaster_before_a_tv_noun() -> None:
    assert ents("It landed the CBS TV network a fine.") == [("CBS", "ORG")]


def test_quoted_name_before_a_product_noun() -> None:
    assert ents("Its ill-fated “Rinna” chatbot went offline.") == [("Rinna", "PRODUCT")]


def test_an_organisation_kind_before_a_lone_name_makes_it_an_org() -> None:
    # Speech verbs would pull a lone name towards PERSON; "consultancy" says what it is.
    text = (
        "Growth to slow\n\n"
        "Growth will slow in 2005, City consultancy Deloitte has warned. "
        "Deloitte is forecasting growth of 2%. In its review, Deloitte said the economy "
        "had done well. Rising taxes will hurt, Deloitte believes. However, Deloitte "
        "stressed that a slowdown was unlikely."
    )
    assert {e.type for e in find_entities(text) if e.text == "Deloitte"} == {"ORG"}


def test_one_entity_keeps_one_type_across_its_mentions() -> None:
    from store.extract.entities.resolve import one_type_per_entity as _one_type_per_entity
    from store.records import Entity

    mentions = [
        Entity(0, 8, "Deloitte", "ORG", "Deloitte"),
        Entity(20, 28, "Deloitte", "PERSON", "Deloitte"),
        Entity(40, 48, "Deloitte", "ORG", "Deloitte"),
        Entity(60, 65, "Smith", "PERSON", "Jo Smith"),
        Entity(70, 75, "Smith", "ORG", "Jo Smith"),
    ]
    _one_type_per_entity(mentions)
    # The majority wins; a tie goes to the first mention's type.
    assert [m.type for m in mentions] == ["ORG", "ORG", "ORG", "PERSON", "PERSON"]


def test_forms_of_one_party_name_are_one_entity() -> None:
    text = (
        "Tories attack plan\n\n"
        "The Tories say the plan will fail. A Tory spokesman and the Conservatives agreed, "
        "while the Lib Dems and the Liberal Democrats leader disagreed."
    )
    canon = {e.text: e.canonical for e in find_entities(text) if e.type == "NORP"}
    assert canon["Tories"] == canon["Tory"] == canon["Conservatives"] == "Conservatives"
    assert canon["Lib Dems"] == canon["Liberal Democrats"] == "Liberal Democrats"
