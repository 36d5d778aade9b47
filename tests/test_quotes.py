"""Quote extraction: spans inside the marks, what counts as a quotation, and who said it."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest

from store.extract.quotes import find_quotes
from store.records import Entity, Quote

SHARED = Path(__file__).resolve().parents[2] / "shared"


def names(text: str, *spec: tuple[str, str] | tuple[str, str, str]) -> list[Entity]:
    """Entities for every occurrence of each (surface, type[, canonical]) in ``text``."""
    out: list[Entity] = []
    for item in spec:
        surface, kind = item[0], item[1]
        canonical = item[2] if len(item) == 3 else surface
        for m in re.finditer(r"\b" + re.escape(surface) + r"\b", text):
            overlaps = any(e.start < m.end() and m.start() < e.end for e in out)
            if not overlaps:
                out.append(Entity(m.start(), m.end(), surface, kind, canonical))
    return sorted(out, key=lambda e: e.start)


def quotes(text: str, *spec: tuple[str, str] | tuple[str, str, str]) -> list[Quote]:
    found = find_quotes(text, names(text, *spec))
    for q in found:
        assert text[q.start : q.end] == q.text
    return found


def texts(found: list[Quote]) -> list[str]:
    return [q.text for q in found]


# ---- spans and marks ------------------------------------------------------------------


def test_span_is_inside_the_marks_with_inner_punctuation() -> None:
    text = 'Title\n\n"We will win this election," said Tony Blair.'
    [q] = quotes(text, ("Tony Blair", "PERSON"))
    assert q.text == "We will win this election,"
    assert text[q.start - 1] == '"' and text[q.end] == '"'


def test_curly_quotes() -> None:
    text = "Title\n\n\u201cThe results are very strong,\u201d said Anna Smith. It rained."
    [q] = quotes(text, ("Anna Smith", "PERSON"))
    assert q.text == "The results are very strong,"
    assert q.speaker == "Anna Smith"


def test_ap_backtick_and_doubled_single_curly_marks() -> None:
    text = (
        "Title\n\n``We are ready for the storm,'' Governor Jane Doe said.\n\n"
        "\u2018\u2018Nobody should travel tonight,\u2019\u2019 said John Roe."
    )
    found = quotes(text, ("Jane Doe", "PERSON"), ("John Roe", "PERSON"))
    assert texts(found) == ["We are ready for the storm,", "Nobody should travel tonight,"]
    assert [q.speaker for q in found] == ["Jane Doe", "John Roe"]


def test_interrupted_quotation_is_two_entries_with_the_same_speaker() -> None:
    text = (
        "Title\n\nMaria Lopez runs the clinic. "
        '"We are full every day," she said, "and we have no more beds."'
    )
    found = quotes(text, ("Maria Lopez", "PERSON"))
    assert texts(found) == ["We are full every day,", "and we have no more beds."]
    assert [q.speaker for q in found] == ["Maria Lopez", "Maria Lopez"]
    assert text[found[0].speaker_start : found[0].speaker_end] == "she"


def test_quotation_over_several_paragraphs_is_one_entry_per_paragraph() -> None:
    text = (
        'Title\n\nThe minister, Peter Hain, said: "This is the first paragraph of my answer.\n\n'
        '"This is the second paragraph.\n\n"And this is the end of it."\n\nThe talks go on.'
    )
    found = quotes(text, ("Peter Hain", "PERSON"))
    assert texts(found) == [
        "This is the first paragraph of my answer.",
        "This is the second paragraph.",
        "And this is the end of it.",
    ]
    assert {q.speaker for q in found} == {"Peter Hain"}


def test_missing_closing_mark_between_sentences_of_one_line() -> None:
    text = (
        'Title\n\nHe said: "This is three-party politics. '
        '"In southern seats the contest is different." The tour starts on Monday.'
    )
    found = quotes(text)
    assert texts(found) == [
        "This is three-party politics.",
        "In southern seats the contest is different.",
    ]


def test_a_quotation_never_crosses_a_paragraph_break() -> None:
    text = 'Title\n\nShe said: "We will not stop here\n\nThe vote is on Monday, officials said.'
    found = quotes(text)
    assert all("\n" not in q.text for q in found)
    assert texts(found) == ["We will not stop here"]


def test_stray_marks_do_not_throw_away_the_rest_of_the_article() -> None:
    text = (
        'Title\n\nThe 12" vinyl sold out in the 90\'s and Blair\'s "very" odd.\n\n'
        '"Prices will rise next year," said Ken Hu.'
    )
    found = quotes(text, ("Ken Hu", "PERSON"))
    assert "Prices will rise next year," in texts(found)
    assert found[-1].speaker == "Ken Hu"


def test_apostrophes_are_not_quote_marks() -> None:
    text = (
        "Fox attacks Blair's Tory plans\n\nIt was rock 'n' roll in the '90s, the "
        "players' union's view, and Blair's 'rock and roll years' are over, he said."
    )
    assert all("'" not in q.text[:1] for q in quotes(text))
    assert not any(q.text in ("n", "90s") for q in quotes(text))


# ---- single quotes --------------------------------------------------------------------


def test_headline_single_quotes_mark_speech() -> None:
    text = (
        "Fox attacks Blair's Tory 'lies'\n\nTory co-chairman Liam Fox said the prime "
        'minister lied. Dr Fox told BBC Radio: "He will lie about anything at all."'
    )
    found = quotes(text, ("Liam Fox", "PERSON"), ("Fox", "PERSON", "Liam Fox"))
    assert texts(found)[0] == "lies"
    assert found[0].speaker == "Liam Fox"


def test_headline_label_in_single_quotes_is_not_a_quote() -> None:
    text = "T-Mobile bets on 'pocket office'\n\nThe firm has launched a new phone for workers."
    assert quotes(text, ("T-Mobile", "ORG")) == []


def test_headline_noun_in_ing_does_not_attribute_a_label() -> None:
    text = "Security warning over 'FBI virus'\n\nThe FBI says a virus is spreading by e-mail."
    assert quotes(text, ("FBI", "ORG")) == []


def test_guardian_style_single_quotes_in_the_body() -> None:
    text = (
        "Title\n\n'We have never seen anything like it,' said Sarah Jones, who runs the "
        "shelter. 'The winter is coming and we are full.'"
    )
    found = quotes(text, ("Sarah Jones", "PERSON"))
    assert texts(found) == [
        "We have never seen anything like it,",
        "The winter is coming and we are full.",
    ]
    assert {q.speaker for q in found} == {"Sarah Jones"}


# ---- what is not a quotation -------------------------------------------------------------


def test_titles_of_works_are_not_quotes() -> None:
    text = 'Title\n\nJamie Foxx won for the film "Ray" and the album "Hopes and Fears" sold well.'
    assert quotes(text, ("Jamie Foxx", "PERSON")) == []


def test_nicknames_and_labels_are_not_quotes() -> None:
    text = (
        'Title\n\nJose Mourinho, known as "The Special One", denied the so-called '
        '"cash for honours" claims at a band called "The Bravery" gig.'
    )
    assert quotes(text, ("Jose Mourinho", "PERSON")) == []


def test_unattributed_scare_quotes_are_not_quotes() -> None:
    text = 'Title\n\nThe "grey vote" matters. Shares in the "chip" maker rose 3%.'
    assert quotes(text) == []


def test_short_partial_quote_with_attribution_counts() -> None:
    text = (
        "Title\n\nTory co-chairman Liam Fox was speaking after Mr Blair told Labour members "
        'the Tories offered a "hard right agenda".'
    )
    found = quotes(
        text, ("Liam Fox", "PERSON"), ("Blair", "PERSON", "Tony Blair"), ("Tory", "NORP")
    )
    assert texts(found) == ["hard right agenda"]
    assert found[0].speaker == "Tony Blair"


# ---- speakers ---------------------------------------------------------------------------


def test_inverted_attribution_with_apposition_role() -> None:
    text = (
        'Title\n\n"At Huawei Cloud, AI is a key strategy," said Jacqueline Shi, President of '
        "Huawei Cloud Global Marketing and Sales Service."
    )
    [q] = quotes(text, ("Jacqueline Shi", "PERSON"), ("Huawei Cloud", "ORG"))
    assert q.speaker == "Jacqueline Shi"
    assert q.speaker_role == "President of Huawei Cloud Global Marketing and Sales Service"
    assert text[q.speaker_start : q.speaker_end] == "Jacqueline Shi"


def test_colon_lead_in_and_title_role() -> None:
    text = 'Title\n\nChancellor Gordon Brown said: "The economy is strong."'
    [q] = quotes(text, ("Gordon Brown", "PERSON"))
    assert (q.speaker, q.speaker_role) == ("Gordon Brown", "Chancellor")


def test_role_before_name() -> None:
    text = 'Title\n\n"We will cut taxes," Tory leader Michael Howard told the BBC.'
    [q] = quotes(text, ("Michael Howard", "PERSON"), ("Tory", "NORP"), ("BBC", "ORG"))
    assert (q.speaker, q.speaker_role) == ("Michael Howard", "Tory leader")


def test_surname_resolves_to_the_fullest_name() -> None:
    text = (
        'Title\n\nJohn Westwood is an analyst. "Indian production will decline," Mr Westwood said.'
    )
    [q] = quotes(text, ("John Westwood", "PERSON"), ("Westwood", "PERSON", "John Westwood"))
    assert q.speaker == "John Westwood"
    assert text[q.speaker_start : q.speaker_end] == "Westwood"


def test_surname_without_an_entity_still_resolves() -> None:
    text = 'Title\n\nSven-Goran Eriksson named his side. "He deserves his chance," said Eriksson.'
    [q] = quotes(text, ("Sven-Goran Eriksson", "PERSON"))
    assert q.speaker == "Sven-Goran Eriksson"


def test_according_to() -> None:
    text = 'Title\n\nAccording to Kate Bush, "the tour is over for good".'
    [q] = quotes(text, ("Kate Bush", "PERSON"))
    assert q.speaker == "Kate Bush"


def test_pronoun_resolves_to_the_subject_not_the_last_name_mentioned() -> None:
    text = (
        "Title\n\nDr Liam Fox accused Mr Blair of telling lies about their policies. "
        '"It is going to be fear and smear," he told BBC News.'
    )
    [q] = quotes(
        text, ("Liam Fox", "PERSON"), ("Blair", "PERSON", "Tony Blair"), ("BBC News", "ORG")
    )
    assert q.speaker == "Liam Fox"


def test_company_spokesperson_speaks_for_the_company() -> None:
    text = 'Title\n\n"We do not comment on rumours," a Huawei spokesperson said.'
    [q] = quotes(text, ("Huawei", "ORG"))
    assert q.speaker == "Huawei"


def test_club_statement_speaks_for_the_club() -> None:
    text = (
        "Title\n\nArsenal have sold their striker. "
        '"He leaves with our best wishes," the club said in a statement.'
    )
    [q] = quotes(text, ("Arsenal", "ORG"))
    assert q.speaker == "Arsenal"


def test_unnamed_sources_give_no_speaker() -> None:
    text = 'Title\n\n"The market will fall further before it recovers," analysts said.'
    [q] = quotes(text)
    assert q.speaker is None and q.speaker_start is None


def test_next_quotation_continues_the_previous_speaker() -> None:
    text = (
        'Title\n\n"It would make great sense for us," said Mani Shankar Aiyar. '
        '"By 2020, production may only be at half of today\'s levels."\n\n'
        '"We are in touch with everyone."'
    )
    found = quotes(text, ("Mani Shankar Aiyar", "PERSON"))
    assert [q.speaker for q in found] == ["Mani Shankar Aiyar"] * 3


def test_new_speaker_after_a_change_of_subject() -> None:
    text = (
        'Title\n\n"What a great way to finish the year," said Rafael Nadal. '
        "US coach Patrick McEnroe wants his team to play more on clay. "
        '"It will help these guys learn how to construct points."'
    )
    found = quotes(text, ("Rafael Nadal", "PERSON"), ("Patrick McEnroe", "PERSON"), ("US", "GPE"))
    assert [q.speaker for q in found] == ["Rafael Nadal", "Patrick McEnroe"]


# ---- robustness and speed ---------------------------------------------------------------


def test_seed_article_when_available() -> None:
    article = SHARED / "eval" / "articles" / "seed-huawei.txt"
    if not article.exists():
        pytest.skip("shared eval folder absent")
    text = article.read_text(encoding="utf-8")
    found = quotes(text, ("Jacqueline Shi", "PERSON"), ("Huawei", "ORG"))
    assert [q.speaker for q in found] == ["Jacqueline Shi", "Jacqueline Shi"]
    assert found[1].text.startswith("We're building a solid cloud foundation")


def test_random_inputs_never_raise_and_spans_are_valid() -> None:
    rng = random.Random(7)
    alphabet = [*"ab AB.,:;!?-\n'\"`\u201c\u201d\u2018\u2019()", "said", "he", " Mr Smith"]
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 120)))
        ents = names(text, ("Smith", "PERSON", "John Smith"))
        for q in find_quotes(text, ents):
            assert 0 <= q.start <= q.end <= len(text)
            assert text[q.start : q.end] == q.text
            if q.speaker_start is not None:
                assert q.speaker_end is not None
                assert 0 <= q.speaker_start < q.speaker_end <= len(text)


def test_bad_entities_do_not_break_extraction() -> None:
    text = 'Title\n\n"Fine words," said Ann Lee.'
    bogus = [
        Entity(-5, 3, "x", "PERSON", "X"),
        Entity(5, 500, "y", "ORG", ""),
        Entity(30, 33, "Ann", "PERSON", "Ann Lee"),
    ]
    found = find_quotes(text, bogus)
    assert texts(found) == ["Fine words,"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "unit",
    ['"', "'", '"a" ', '"a\n', "word ", '"x," he said. ', "Blair's 'n' '90s ", "\u201c\u2018`'"],
)
def test_one_megabyte_adversarial_input_is_linear(unit: str) -> None:
    sample = (
        "Title\n\n"
        + '"We are building a solid cloud foundation for everyone," said Jacqueline Shi. ' * 5
        + 'Mr Blair told Labour members the Tories offered a "hard right agenda". ' * 5
    )
    ents = names(sample, ("Jacqueline Shi", "PERSON"), ("Blair", "PERSON", "Tony Blair"))
    t0 = time.perf_counter()
    for _ in range(5):
        find_quotes(sample, ents)
    per_char = (time.perf_counter() - t0) / 5 / len(sample)
    text = unit * (1_000_000 // len(unit))
    t0 = time.perf_counter()
    found = find_quotes(text, [])
    elapsed = time.perf_counter() - t0
    # Linear time: within a generous constant of a normal article's cost per character
    # (quadratic behaviour on 1 MB would take hours).
    assert elapsed < max(2.0, 25 * per_char * len(text)), elapsed
    assert all(text[q.start : q.end] == q.text for q in found[:1000])


# ---- speakers across outlets: who is not a speaker ----------------------------------------


def speakers(found: list[Quote]) -> list[str | None]:
    return [q.speaker for q in found]


def test_crowd_chants_have_no_speaker_even_near_a_named_place() -> None:
    text = (
        "Rallies\n\nMarchers outside Riverside University chanted slogans, shouting: "
        '"Down with the council, down with the rates!"\n\n'
        'A mile away, loyalists gathered. "We stand with the mayor," they chanted.'
    )
    found = quotes(text, ("Riverside University", "ORG"))
    assert speakers(found) == [None, None]


def test_unnamed_researchers_speaking_as_they_are_not_their_university() -> None:
    text = (
        "Study\n\nResearchers at Northgate University followed 900 children for a decade. "
        '"The effect on sleep was far larger than we expected," they said.'
    )
    [q] = quotes(text, ("Northgate University", "ORG"))
    assert q.speaker is None


def test_analysts_at_a_bank_are_unnamed_sources() -> None:
    text = (
        'Markets\n\nShares fell.\n\n"Downside risks are growing," economists at Harlow Bank said.'
    )
    [q] = quotes(text, ("Harlow Bank", "ORG"))
    assert q.speaker is None


def test_a_source_telling_a_news_agency_is_unnamed() -> None:
    text = (
        'Deal\n\n"Talks are at an advanced stage," a person familiar with the matter told Reuters.'
    )
    [q] = quotes(text, ("Reuters", "ORG"))
    assert q.speaker is None


def test_nationality_noun_refers_back_to_the_person() -> None:
    text = (
        "Final\n\nDiego Ramos scored twice in the final. "
        '"It was the best night of my career," the Uruguayan said afterwards.'
    )
    [q] = quotes(text, ("Diego Ramos", "PERSON"), ("Uruguayan", "NORP"))
    assert q.speaker == "Diego Ramos"


# ---- fullest names --------------------------------------------------------------------------


def test_generational_suffix_stays_in_the_name() -> None:
    text = (
        "Rates\n\nCentral bank governor Luis Reyes Jr. said on Thursday rates would hold. "
        '"We avoid sharp moves in the currency," Reyes told reporters.'
    )
    [q] = quotes(text, ("Luis Reyes Jr", "PERSON"), ("Reyes", "PERSON"))
    assert q.speaker == "Luis Reyes Jr."


def test_roman_numeral_suffix_from_the_text_after_a_short_entity() -> None:
    text = (
        "Rally\n\nHenry Ford III addressed shareholders on Monday. "
        '"The company has a long road ahead," Ford said.'
    )
    [q] = quotes(text, ("Henry Ford", "PERSON"), ("Ford", "PERSON"))
    assert q.speaker == "Henry Ford III"


def test_hyphenated_chinese_given_name_cut_by_the_entity_span() -> None:
    text = (
        "Budget\n\nFinancial Secretary Daniel Wong Kai-ming defended the plan. "
        '"The spending has a degree of confidentiality," Wong said.'
    )
    [q] = quotes(text, ("Daniel Wong Kai", "PERSON"), ("Wong", "PERSON"))
    assert q.speaker == "Daniel Wong Kai-ming"


def test_family_name_in_the_middle_of_a_three_part_name() -> None:
    text = (
        "Cloud\n\nRotating chairman Eric Xu Zhijun spoke in Shenzhen. "
        '"Computing power is the foundation," Xu said.'
    )
    [q] = quotes(text, ("Eric Xu Zhijun", "PERSON"), ("Xu", "PERSON"))
    assert q.speaker == "Eric Xu Zhijun"


def test_royal_title_with_given_name_finds_the_full_name() -> None:
    text = (
        "Talks\n\nPrince Khalid bin Salman met the delegation in Riyadh. "
        '"We welcome the agreement," Prince Khalid said.'
    )
    [q] = quotes(text, ("Khalid bin Salman", "PERSON"), ("Khalid", "PERSON"))
    assert q.speaker == "Khalid bin Salman"


def test_arabic_particle_after_said_stays_in_the_name() -> None:
    text = 'Gulf\n\n"We share a vision," said Adel al-Qahtani, the minister of state.'
    [q] = quotes(text, ("Adel al-Qahtani", "PERSON"))
    assert q.speaker == "Adel al-Qahtani"


# ---- headlines ------------------------------------------------------------------------------


def test_title_cased_headline_quote_takes_the_body_speaker_of_the_same_words() -> None:
    text = (
        "\u201cComet, We\u2019re Coming For You\u201d: Agency Launches Probe\n\n"
        "The launch went ahead on Tuesday.\n\n"
        "\u201cComet Tempel: we\u2019re coming for you!\u201d the Orbital Agency "
        "tweeted after the launch."
    )
    found = quotes(text, ("Orbital Agency", "ORG"))
    assert texts(found)[0] == "Comet, We\u2019re Coming For You"
    assert speakers(found) == ["Orbital Agency", "Orbital Agency"]


def test_headline_name_colon_quote() -> None:
    text = "Hale: 'I will serve a full term'\n\nTom Hale said he would stay in office."
    [q] = quotes(text, ("Tom Hale", "PERSON"), ("Hale", "PERSON"))
    assert q.speaker == "Tom Hale"


def test_headline_present_tense_verb_after_the_quote() -> None:
    text = "'We will fight on,' vows Baxter\n\nAnna Baxter spoke outside parliament."
    [q] = quotes(text, ("Anna Baxter", "PERSON"), ("Baxter", "PERSON"))
    assert q.speaker == "Anna Baxter"


def test_title_cased_headline_sentence_attributed_after_it() -> None:
    text = (
        "Bank 'Will Not Hesitate' To Act, Moreau Says\n\n"
        "Governor Claire Moreau said on Friday the bank was ready."
    )
    [q] = quotes(text, ("Claire Moreau", "PERSON"), ("Moreau", "PERSON"))
    assert q.text == "Will Not Hesitate"
    assert q.speaker == "Claire Moreau"


# ---- partial quotes inside reported speech ------------------------------------------------


def test_possessive_owner_of_the_words_is_the_speaker() -> None:
    text = (
        "Lab\n\nChief executive Maya Patel set the goal last year. Omar Reid, who runs the lab, "
        'said it would follow Patel\'s vision of "democratizing" robotics for small firms.'
    )
    [q] = quotes(text, ("Maya Patel", "PERSON"), ("Omar Reid", "PERSON"), ("Patel", "PERSON"))
    assert q.speaker == "Maya Patel"


def test_possessive_before_a_thing_described_is_not_the_speaker() -> None:
    text = (
        "Row\n\nOpposition leader Liam Grant spoke on Monday. "
        'Grant attacked Labour\'s six new pledges as "vacuous" and "cynical".'
    )
    found = quotes(text, ("Liam Grant", "PERSON"), ("Labour", "ORG"), ("Grant", "PERSON"))
    assert speakers(found) == ["Liam Grant", "Liam Grant"]


def test_comma_outside_the_marks_takes_the_attribution_after() -> None:
    text = (
        "Budget\n\nThe money has nothing to do with the office in Kowloon charged with "
        'security, but details are "confidential", officials have said.'
    )
    [q] = quotes(text, ("Kowloon", "GPE"))
    assert q.speaker is None


def test_time_adverbial_between_subject_and_verb() -> None:
    text = 'Talks\n\nPrime Minister Ravi Sharma on Sunday said talks were "not possible" now.'
    [q] = quotes(text, ("Ravi Sharma", "PERSON"), ("Sunday", "DATE"))
    assert q.speaker == "Ravi Sharma"


# ---- AP and Reuters attribution patterns ----------------------------------------------------


def test_she_added_skips_a_man_quoted_in_between() -> None:
    text = (
        'Talks\n\n"We need more time," said Laura Berg, the lead negotiator. '
        '"They are stalling," said Peter Hale, her counterpart. '
        '"I disagree entirely," she added.'
    )
    found = quotes(text, ("Laura Berg", "PERSON"), ("Peter Hale", "PERSON"))
    assert speakers(found) == ["Laura Berg", "Peter Hale", "Laura Berg"]


def test_age_and_occupation_apposition_after_said() -> None:
    text = 'Storm\n\n"I heard the roof go," said John Miller, 45, a teacher who lives nearby.'
    [q] = quotes(text, ("John Miller", "PERSON"))
    assert q.speaker == "John Miller"


def test_state_abbreviation_apposition_before_said() -> None:
    text = 'Vote\n\n"This is a dark day," Ortiz-Vega, D-N.Y., said in a post.'
    [q] = quotes(text, ("Ortiz-Vega", "PERSON"))
    assert q.speaker == "Ortiz-Vega"


def test_told_the_news_agency_is_the_listener_not_the_speaker() -> None:
    text = (
        "Vote\n\nSpeaker Mike Dunn met members. "
        '"We are close to a deal," Dunn told The Associated Press in an interview.'
    )
    [q] = quotes(text, ("Mike Dunn", "PERSON"), ("Dunn", "PERSON"), ("Associated Press", "ORG"))
    assert q.speaker == "Mike Dunn"


def test_asked_whether_lead_in_with_colon() -> None:
    text = (
        "Vote\n\nAsked whether she would run again, Governor Kate Holm said: "
        '"That is a question for another day."'
    )
    [q] = quotes(text, ("Kate Holm", "PERSON"))
    assert q.speaker == "Kate Holm"


def test_the_statement_said_is_the_organisation_that_issued_it() -> None:
    text = (
        "Outage\n\nBrightwave said its network had failed overnight. "
        '"We are working to restore service," the statement said.'
    )
    [q] = quotes(text, ("Brightwave", "ORG"))
    assert q.speaker == "Brightwave"


def test_according_to_a_statement_from_the_organisation() -> None:
    text = 'Outage\n\nShares fell.\n\n"We are restoring service," according to a statement from Brightwave.'
    [q] = quotes(text, ("Brightwave", "ORG"))
    assert q.speaker == "Brightwave"


def test_unattributed_paragraph_after_the_speakers_paragraph() -> None:
    text = (
        "Fire\n\nFire chief Dan Moore said the blaze started at 2 a.m.\n\n"
        '"It spread very fast. We had no chance to save the building," Moore said.\n\n'
        '"Everyone got out safely, which is what matters."'
    )
    found = quotes(text, ("Dan Moore", "PERSON"), ("Moore", "PERSON"))
    assert speakers(found) == ["Dan Moore", "Dan Moore"]


def test_dash_inside_a_quotation_and_inverted_said() -> None:
    text = 'Storm\n\n"We lost everything \u2014 the house, the car," said Rosa Diaz.'
    [q] = quotes(text, ("Rosa Diaz", "PERSON"))
    assert q.speaker == "Rosa Diaz"


def test_a_noun_that_looks_like_a_speech_verb_does_not_hide_the_real_one() -> None:
    text = (
        "Results\n\nChief executive Lena Ford spoke after the results. Ford told analysts on a "
        'conference call that demand was "surging" everywhere.'
    )
    [q] = quotes(text, ("Lena Ford", "PERSON"), ("Ford", "PERSON"))
    assert q.speaker == "Lena Ford"


def test_the_office_said_is_the_office_named_before() -> None:
    text = (
        "Volcano\n\nThe Northern Weather Office said the fissure was 3 km long. "
        '"The eruption is larger than the last one," the office said in an update.'
    )
    [q] = quotes(text, ("Northern Weather Office", "ORG"))
    assert q.speaker == "Northern Weather Office"


def test_quoted_as_saying_names_the_one_quoted_not_the_outlet() -> None:
    text = (
        "Summit\n\nPresident Lin Wei met the delegation. The state news agency Xinhua quoted "
        'Lin as saying: "We will never seek hegemony."'
    )
    [q] = quotes(text, ("Lin Wei", "PERSON"), ("Xinhua", "ORG"), ("Lin", "PERSON"))
    assert q.speaker == "Lin Wei"


def test_was_quoted_as_saying_names_the_subject() -> None:
    text = 'Plan\n\nLabour leader Sam Reed was quoted as saying the plan was "dead in the water".'
    [q] = quotes(text, ("Labour", "ORG"), ("Sam Reed", "PERSON"))
    assert q.speaker == "Sam Reed"


def test_party_before_a_role_and_a_name_is_not_the_subject() -> None:
    text = (
        'Plan\n\nLabour leader Sam Reed hit back on Monday, saying the plan was "a shambles" '
        "from start to finish."
    )
    [q] = quotes(text, ("Labour", "ORG"), ("Sam Reed", "PERSON"))
    assert q.speaker == "Sam Reed"


def test_organisation_inside_the_office_that_speaks() -> None:
    text = 'Rights\n\n"We are very concerned," the UN\'s human rights office said.'
    [q] = quotes(text, ("UN", "ORG"))
    assert q.speaker == "UN"


def test_partial_quotes_joined_by_and_share_the_speaker() -> None:
    text = 'Final\n\nCoach Ella Stone said the team was "devastated" and "heartbroken" by the loss.'
    found = quotes(text, ("Ella Stone", "PERSON"))
    assert speakers(found) == ["Ella Stone", "Ella Stone"]


def test_a_place_after_a_preposition_never_speaks() -> None:
    text = 'Attack\n\nPolice in Lyon said the suspect had been "neutralised" by officers.'
    [q] = quotes(text, ("Lyon", "GPE"))
    assert q.speaker is None


def test_marchers_through_a_city_chanting_have_no_speaker() -> None:
    text = 'March\n\nThousands of people marched through Lyon chanting "no more cuts" all day.'
    [q] = quotes(text, ("Lyon", "GPE"))
    assert q.speaker is None


def test_a_temperature_typed_as_an_organisation_does_not_speak() -> None:
    text = (
        "Heat\n\nThe Weather Bureau said temperatures would reach 41C on Friday. "
        '"It will be dangerously hot," a spokesperson said.'
    )
    [q] = quotes(text, ("Weather Bureau", "ORG"), ("41C", "ORG"))
    assert q.speaker == "Weather Bureau"


def test_unlisted_job_word_between_organisation_and_name() -> None:
    text = 'Heat\n\n"It will be hot," said Weather Bureau meteorologist Tom Reyes.'
    [q] = quotes(text, ("Weather Bureau", "ORG"), ("Tom Reyes", "PERSON"))
    assert q.speaker == "Tom Reyes"


def test_particle_surname_after_a_short_person_span() -> None:
    text = 'Match\n\n"The game is over," said manager Erik van Dijkstra.'
    [q] = quotes(text, ("Erik", "PERSON"), ("Dijkstra", "ORG"))
    assert q.speaker == "Erik van Dijkstra"


def test_group_noun_typed_as_a_name_is_still_unnamed() -> None:
    text = 'Summit\n\nDemonstrators shouted "shame on you" at the delegates.'
    [q] = quotes(text, ("Demonstrators", "ORG"))
    assert q.speaker is None


def test_news_agency_quoted_a_named_person_as_saying_after_the_quote() -> None:
    text = (
        'Trial\n\n"He has been ripping people off for years," AP quoted prosecutor '
        "Ray Gold as saying."
    )
    [q] = quotes(text, ("AP", "ORG"), ("Ray Gold", "PERSON"))
    assert q.speaker == "Ray Gold"


def test_role_between_a_name_and_its_organisation_without_closing_comma() -> None:
    text = (
        'Phones\n\n"We are a nation of lazy people," Paul Moss, head of Dialtone told the '
        "BBC News website."
    )
    [q] = quotes(text, ("Paul Moss", "PERSON"), ("Dialtone", "ORG"), ("BBC News", "ORG"))
    assert q.speaker == "Paul Moss"


def test_letter_from_an_organisation_speaks_for_it() -> None:
    text = (
        "Bid\n\nQuestar said MCI had rejected the offer. "
        '"We intend to submit a modified offer," the letter from Questar said.'
    )
    [q] = quotes(text, ("Questar", "ORG"), ("MCI", "ORG"))
    assert q.speaker == "Questar"


def test_participle_after_the_quote_defers_to_the_lead_in() -> None:
    text = (
        "Court\n\nSolicitor Gail Pierce claimed the detention had driven them to "
        '"madness", saying two were in hospital.'
    )
    [q] = quotes(text, ("Gail Pierce", "PERSON"))
    assert q.speaker == "Gail Pierce"


def test_two_people_named_after_said_take_the_first() -> None:
    text = (
        'Study\n\n"People can learn to move a cursor with their thoughts," said Jon Wolf '
        "and Dana Farr."
    )
    [q] = quotes(text, ("Jon Wolf", "PERSON"), ("Dana Farr", "PERSON"))
    assert q.speaker == "Jon Wolf"


def test_a_surname_never_resolves_to_an_organisation_ending_with_it() -> None:
    text = (
        "Race\n\nThe Vale Olympic club hosted the race. Sprinter Ana Olympic won it.\n\n"
        '"It was a great night," Olympic said.'
    )
    [q] = quotes(text, ("Vale Olympic", "ORG"), ("Ana Olympic", "PERSON"), ("Olympic", "PERSON"))
    assert q.speaker == "Ana Olympic"


def test_comma_then_a_new_clause_is_not_the_attribution() -> None:
    text = (
        'Vote\n\nLabour say a Green vote could "let the Tories in", while the Tories say '
        "the Greens would mean higher taxes."
    )
    [q] = quotes(text, ("Labour", "ORG"), ("Green", "NORP"), ("Tories", "NORP"))
    assert q.speaker == "Labour"


def test_time_words_before_an_apposition_comma_are_not_skipped() -> None:
    text = (
        "Rugby\n\nBut Dallow, who called time on England earlier this year, said: "
        '"I would not let anyone down."'
    )
    [q] = quotes(text, ("Dallow", "PERSON"), ("England", "GPE"))
    assert q.speaker == "Dallow"


def test_the_agency_was_quoted_as_saying_is_not_the_agency_it_told() -> None:
    text = (
        "Aid\n\nThe Global Relief Federation told the Reuters news agency it needed $6m.\n\n"
        '"Waterborne diseases are the biggest risk," the aid agency was quoted as saying.'
    )
    [q] = quotes(text, ("Global Relief Federation", "ORG"), ("Reuters", "ORG"))
    assert q.speaker == "Global Relief Federation"


def test_attribution_closing_the_sentence_of_a_partial_quote() -> None:
    text = (
        'Rates\n\nThe central bank\'s policy stance is "more cautious" and the scope to keep '
        "interest rates on hold has narrowed from last year, Governor Ana Reyes told "
        "Bloomberg Television today."
    )
    [q] = quotes(text, ("Ana Reyes", "PERSON"), ("Bloomberg Television", "ORG"))
    assert q.speaker == "Ana Reyes"


# ---- remaining classes: long appositions, names inside quotes, reported speech ----------


def test_long_apposition_with_inner_commas_before_told_an_outlet() -> None:
    text = (
        'Reefs\n\n"Our survey shows the corals can recover within a decade," Maria Vance, '
        "associate professor in the Marine Biology Department at the University of Oregon, "
        "Eugene and lead author of the paper, told AFP on March 3."
    )
    [q] = quotes(
        text,
        ("Maria Vance", "PERSON"),
        ("Marine Biology Department", "ORG"),
        ("University of Oregon", "ORG"),
        ("Eugene", "GPE"),
        ("AFP", "ORG"),
    )
    assert q.speaker == "Maria Vance"


def test_an_outlet_after_tells_is_never_the_speaker() -> None:
    text = (
        "Storm\n\nThe coast was hit overnight.\n\n"
        '"Nobody expected the water to rise so fast," tells the Coastal Herald.'
    )
    [q] = quotes(text, ("Coastal Herald", "ORG"))
    assert q.speaker is None


def test_a_vocative_inside_the_quote_is_not_its_speaker() -> None:
    text = (
        "Letter\n\nPrime Minister Arjun Mehta wrote to the opposition leader on Friday.\n\n"
        '"Dear Karan ji, thank you for your kind words on my birthday," Mehta wrote.\n\n'
        '"Thank you, Mr Speaker, for the chance to answer," said Karan Desai later.'
    )
    found = quotes(
        text,
        ("Arjun Mehta", "PERSON"),
        ("Karan Desai", "PERSON"),
        ("Karan", "PERSON"),
        ("Mehta", "PERSON"),
        ("Speaker", "PERSON"),
    )
    assert [q.speaker for q in found] == ["Arjun Mehta", "Karan Desai"]


def test_a_quote_over_two_paragraphs_takes_the_closing_attribution() -> None:
    text = (
        "Budget\n\nThe minister spoke to farmers in Pune on Monday.\n\n"
        '"Dear Sunil, I know these have been hard years for every family here.\n\n'
        '"But the new scheme will pay for the seed and the water," Rao said.'
    )
    found = quotes(text, ("Pune", "GPE"), ("Sunil", "PERSON"), ("Rao", "PERSON"))
    assert [q.speaker for q in found] == ["Rao", "Rao"]


def test_partial_quote_after_signalled_takes_the_surname_subject() -> None:
    text = (
        "Yen\n\nThe yen fell to a new low against the dollar, alarming Japanese officials. "
        "Finance official Kenji Nakao said the fall was too fast.\n\n"
        "Nakao, who is Japan's top currency diplomat, signalled that Tokyo may act "
        '"decisively" to combat it.'
    )
    found = quotes(
        text, ("Kenji Nakao", "PERSON"), ("Nakao", "PERSON"), ("Japan", "GPE"), ("Tokyo", "GPE")
    )
    assert [q.speaker for q in found] == ["Kenji Nakao"]


def test_partial_quote_after_he_signalled() -> None:
    text = (
        "Yen\n\nFinance official Kenji Nakao spoke to reporters on Monday. "
        'He signalled that Tokyo may act "decisively" to combat it.'
    )
    found = quotes(text, ("Kenji Nakao", "PERSON"), ("Tokyo", "GPE"))
    assert [q.speaker for q in found] == ["Kenji Nakao"]


def test_partial_quote_after_described_as_and_vowed() -> None:
    text = (
        "Port\n\nHarbour chief Lina Ortiz described the new crane as "
        '"a turning point for the docks". She vowed to "finish the job this year".'
    )
    found = quotes(text, ("Lina Ortiz", "PERSON"))
    assert [q.speaker for q in found] == ["Lina Ortiz", "Lina Ortiz"]


def test_a_quoted_subheading_takes_the_speaker_of_the_next_quote_repeating_it() -> None:
    text = (
        "Heat\n\nThe sea is warming faster than models predicted, scientists say.\n\n"
        "'Steadily rising heat'\n\n"
        '"We see steadily rising heat in every basin," said Tom Reed, an oceanographer.'
    )
    found = quotes(text, ("Tom Reed", "PERSON"))
    assert [(q.text, q.speaker) for q in found] == [
        ("Steadily rising heat", "Tom Reed"),
        ("We see steadily rising heat in every basin,", "Tom Reed"),
    ]


def test_a_quoted_subheading_not_repeated_is_a_label() -> None:
    text = (
        "Heat\n\nThe sea is warming faster than models predicted, scientists say.\n\n"
        "'A warning from the deep'\n\n"
        '"We see rising heat in every basin," said Tom Reed, an oceanographer.'
    )
    found = quotes(text, ("Tom Reed", "PERSON"))
    assert [q.speaker for q in found] == ["Tom Reed"]


def test_a_short_label_quoted_twice_as_a_noun_phrase_is_not_a_quote() -> None:
    text = (
        "Town becomes 'smuggling hub'\n\n"
        'The port town has become a "smuggling hub" for the region. '
        'Residents are tired of living in the "smuggling hub" with no help.'
    )
    assert quotes(text) == []


def test_a_short_partial_quote_governed_by_a_speech_verb_still_counts() -> None:
    text = (
        'Talks\n\nMinister Ana Cruz said the talks were "very productive" on Monday. '
        'Later she again called the meeting "very productive" in a post.'
    )
    found = quotes(text, ("Ana Cruz", "PERSON"))
    assert [q.speaker for q in found] == ["Ana Cruz", "Ana Cruz"]


def test_the_study_said_without_an_author_is_unattributed() -> None:
    text = (
        "Sleep\n\nAdults who sleep less than six hours face higher risks, new research shows.\n\n"
        '"Short sleep is linked with poorer memory in later life," the study said.'
    )
    [q] = quotes(text)
    assert q.speaker is None


def test_the_report_said_takes_the_organisation_that_issued_it() -> None:
    text = (
        "Aid\n\nThe World Food Programme published a report on Tuesday.\n\n"
        '"Hunger is rising in every region," the report said.'
    )
    [q] = quotes(text, ("World Food Programme", "ORG"))
    assert q.speaker == "World Food Programme"


def test_a_name_and_speech_verb_inside_an_open_paragraph_do_not_cut_it() -> None:
    text = (
        "Rally\n\nThe chief minister spoke to supporters in Nagpur.\n\n"
        '"My friend Vikram, the voters said no to your party. We heard them.\n\n'
        '"This state will move forward," Rao said.'
    )
    found = quotes(text, ("Vikram", "PERSON"), ("Nagpur", "GPE"), ("Rao", "PERSON"))
    assert texts(found)[0].endswith("We heard them.")
    assert [q.speaker for q in found] == ["Rao", "Rao"]


def test_the_verb_after_and_shares_the_subject_before_an_earlier_quote() -> None:
    text = (
        'Yen\n\nVice minister Kenji Nakao met reporters. He pledged "all options" were '
        'open and described the moves as "one-sided".'
    )
    found = quotes(text, ("Kenji Nakao", "PERSON"))
    assert [q.speaker for q in found] == ["Kenji Nakao", "Kenji Nakao"]


def test_a_repeated_short_phrase_a_speech_verb_governs_stays_a_quote() -> None:
    text = (
        "Carmaker 'record year'\n\n"
        'Chief executive Lena Holt said 2024 had been a "record year" for the group. '
        'Shares rose after the "record year" results.'
    )
    found = quotes(text, ("Lena Holt", "PERSON"))
    assert ("record year", "Lena Holt") in [(q.text, q.speaker) for q in found]


def test_a_repeated_short_phrase_attributed_in_its_sentence_and_headline_stays() -> None:
    text = (
        "Ticket office closures 'false saving' - RMT\n\n"
        'Closing ticket offices will prove a "false saving" for the railway, according to '
        "an RMT report."
    )
    found = quotes(text, ("RMT", "ORG"))
    assert [(q.text, q.speaker) for q in found] == [
        ("false saving", "RMT"),
        ("false saving", "RMT"),
    ]


# ---- the real speaker, not the most prominent person ---------------------------------------


def test_a_pronoun_after_an_inverted_attribution_is_its_speaker() -> None:
    text = (
        "Rail row\n\nShadow transport secretary Daniel Hughes opened the debate. "
        "Prime Minister Peter Lang defended the timetable. "
        '"Fares will rise again in spring," argued Mr Hughes. Turning to the franchise, '
        'he added: "Passengers are paying more for less."'
    )
    found = quotes(
        text, ("Daniel Hughes", "PERSON"), ("Peter Lang", "PERSON"), ("Hughes", "PERSON")
    )
    assert speakers(found) == ["Daniel Hughes", "Daniel Hughes"]


def test_an_inverted_attribution_closing_a_sentence_is_its_subject_for_a_pronoun() -> None:
    text = (
        "Rail row\n\nShadow transport secretary Daniel Hughes opened the debate. "
        "Prime Minister Peter Lang defended the timetable. It made no sense for Mr Lang "
        "to blame the unions when he had cut the budget himself, argued Mr Hughes. "
        'Pointing to the timetable, he added: "Trains are later than ever."'
    )
    [q] = quotes(
        text,
        ("Daniel Hughes", "PERSON"),
        ("Peter Lang", "PERSON"),
        ("Hughes", "PERSON"),
        ("Lang", "PERSON"),
    )
    assert q.speaker == "Daniel Hughes"


def test_a_possessive_assessment_after_the_quote_is_the_possessor() -> None:
    text = (
        "Budget\n\nChancellor Peter Lang wrote an article. Political editor James Reed said "
        'that Mr Lang\'s article was "a shot across the bows" to Mr Hale not to try and cut '
        "him out of the budget writing process. "
        '"It was careful, measured... but entirely calculated," was Mr Reed\'s assessment.'
    )
    found = quotes(
        text,
        ("Peter Lang", "PERSON"),
        ("James Reed", "PERSON"),
        ("Reed", "PERSON"),
        ("Lang", "PERSON"),
        ("Hale", "PERSON"),
    )
    assert speakers(found) == ["James Reed", "James Reed"]


def test_in_someones_words_names_the_speaker() -> None:
    text = (
        "Budget\n\nChancellor Peter Lang set out his plans. Economist Sara Osei said they "
        "would help Mr Lang more than anyone. "
        "The plan was \"a gamble with other people's money\", in Osei's words."
    )
    [q] = quotes(text, ("Peter Lang", "PERSON"), ("Sara Osei", "PERSON"), ("Osei", "PERSON"))
    assert q.speaker == "Sara Osei"


def test_the_verdict_of_a_person_after_the_quote() -> None:
    text = (
        "Budget\n\nChancellor Peter Lang set out his plans. "
        '"A budget for nobody in particular," was the verdict of Jane Doe, a tax adviser.'
    )
    [q] = quotes(text, ("Peter Lang", "PERSON"), ("Jane Doe", "PERSON"))
    assert q.speaker == "Jane Doe"


def test_according_to_a_persons_spokesman_is_that_person() -> None:
    text = (
        "Visit\n\nPrime Minister Peter Lang met the families. Opposition leader Daniel Hughes "
        'stayed away. The meeting was "long and emotional", according to Hughes\'s spokesman.'
    )
    [q] = quotes(text, ("Peter Lang", "PERSON"), ("Daniel Hughes", "PERSON"), ("Hughes", "PERSON"))
    assert q.speaker == "Daniel Hughes"


def test_according_to_an_organisations_spokesman_is_the_organisation() -> None:
    text = (
        "Strike\n\nPrime Minister Peter Lang met the drivers. The talks were "
        '"constructive but unfinished", according to Aslef\'s spokesman.'
    )
    [q] = quotes(text, ("Peter Lang", "PERSON"), ("Aslef", "ORG"))
    assert q.speaker == "Aslef"


def test_a_partial_quote_in_a_reported_clause_is_the_reporters() -> None:
    text = (
        "Apology\n\nPrime Minister Peter Lang apologised to the families on Monday. "
        "Campaigner Ruth Okafor, whose brother was jailed, said the families were relieved. "
        'She said Mr Lang had spoken with "real warmth" about the case.'
    )
    [q] = quotes(text, ("Peter Lang", "PERSON"), ("Ruth Okafor", "PERSON"), ("Lang", "PERSON"))
    assert q.speaker == "Ruth Okafor"


def test_a_partial_quote_in_a_reported_clause_with_the_same_gender() -> None:
    text = (
        "Apology\n\nPrime Minister Peter Lang apologised to the families on Monday. "
        "Campaigner Sam Okafor, whose brother was jailed, said the families were relieved. "
        'He said Mr Lang had spoken with "real warmth" about the case.'
    )
    [q] = quotes(text, ("Peter Lang", "PERSON"), ("Sam Okafor", "PERSON"), ("Lang", "PERSON"))
    assert q.speaker == "Sam Okafor"


def test_a_possessive_name_in_the_reported_clause_is_not_the_speaker() -> None:
    text = (
        "Apology\n\nPrime Minister Peter Lang apologised to the families on Monday. "
        'Mr Okafor said Mr Lang\'s apology was "very moving" and long overdue.'
    )
    [q] = quotes(text, ("Peter Lang", "PERSON"), ("Okafor", "PERSON"), ("Lang", "PERSON"))
    assert q.speaker == "Okafor"


def test_his_verdict_after_the_quote_is_the_last_man_talked_about() -> None:
    text = (
        "Budget\n\nChancellor Peter Lang set out his plans. Political editor James Reed "
        'watched. "Careful, and entirely calculated," was his verdict.'
    )
    [q] = quotes(text, ("Peter Lang", "PERSON"), ("James Reed", "PERSON"))
    assert q.speaker == "James Reed"


def test_in_the_words_of_a_person_after_the_quote() -> None:
    text = (
        "Budget\n\nChancellor Peter Lang set out his plans. The plans were "
        '"a gamble with other people\'s money", in the words of economist Sara Osei.'
    )
    [q] = quotes(text, ("Peter Lang", "PERSON"), ("Sara Osei", "PERSON"))
    assert q.speaker == "Sara Osei"


def test_a_negated_verb_in_the_reported_clause_leaves_the_words_to_the_reporter() -> None:
    text = (
        "Trial\n\nFormer finance chief Tom Reyes gave evidence on Monday. "
        'Auditor Ana Cruz said Mr Reyes had never mentioned "anything unusual" to her.'
    )
    [q] = quotes(text, ("Tom Reyes", "PERSON"), ("Ana Cruz", "PERSON"), ("Reyes", "PERSON"))
    assert q.speaker == "Ana Cruz"


def test_a_speech_verb_in_the_reported_clause_keeps_its_own_subject() -> None:
    text = (
        "Row\n\nOpposition leader Daniel Hughes spoke first. Mr Hughes said Mr Lang had "
        'complained he had inherited a "total shambles" from his predecessor.'
    )
    [q] = quotes(text, ("Daniel Hughes", "PERSON"), ("Lang", "PERSON"), ("Hughes", "PERSON"))
    assert q.speaker == "Lang"


def test_a_subject_before_an_apposition_is_not_an_inverted_attribution() -> None:
    text = (
        "Shops\n\nNew chief executive Peter Lang starts on Monday. Yet Evan Mann, an analyst "
        "at Gimme Credit, said Mr Lang's job would not be easy. "
        '"The big issue is the next two quarters," he said.'
    )
    [q] = quotes(text, ("Peter Lang", "PERSON"), ("Evan Mann", "PERSON"), ("Lang", "PERSON"))
    assert q.speaker == "Evan Mann"


def test_he_after_an_inverted_says_with_an_apposition() -> None:
    text = (
        "Oscars\n\nThe studio entered Michael Moore's film for best picture, says Tim Dams, "
        "the news editor of a trade magazine. But he also doubts its chances. "
        '"Voters tend to go for epic pictures," he said.'
    )
    [q] = quotes(text, ("Michael Moore", "PERSON"), ("Tim Dams", "PERSON"))
    assert q.speaker == "Tim Dams"


def test_a_participle_after_a_partial_quote_shares_the_sentence_subject() -> None:
    text = (
        "Apology\n\nPrime Minister Peter Lang apologised to the families on Monday. "
        "Campaigner Sam Okafor said the families were relieved. "
        'He said Mr Lang had spoken with "real warmth", adding: "He listened to all of us. '
        '"It is a day we never expected."'
    )
    found = quotes(text, ("Peter Lang", "PERSON"), ("Sam Okafor", "PERSON"), ("Lang", "PERSON"))
    assert speakers(found) == ["Sam Okafor", "Sam Okafor", "Sam Okafor"]


# ---- speakers named after a role ("said study co-author Boris Worm") -------------------


def test_role_with_unlisted_job_words_before_the_name_after_said() -> None:
    text = (
        'Fish\n\n"Are the stocks gone?" said study co-author Kim Lund of Bergen University.'
        '\n\n"The answer is no."'
    )
    first, second = quotes(text, ("Kim Lund", "PERSON"), ("Bergen University", "ORG"))
    assert (first.speaker, first.speaker_role) == ("Kim Lund", "study co-author")
    assert second.speaker == "Kim Lund"


def test_single_unlisted_job_word_before_the_name() -> None:
    text = 'Coast\n\n"The tide is turning," said glaciologist Ann Vik.'
    [q] = quotes(text, ("Ann Vik", "PERSON"))
    assert (q.speaker, q.speaker_role) == ("Ann Vik", "glaciologist")


def test_possessive_role_then_comma_then_name() -> None:
    text = 'Firm\n\n"Sales are up," said the bank\'s finance director, Ola Berg.'
    [q] = quotes(text, ("Ola Berg", "PERSON"))
    assert q.speaker == "Ola Berg"
    assert q.speaker_role is not None and q.speaker_role.endswith("finance director")


def test_title_case_role_with_and_before_a_comma_and_the_name() -> None:
    # The entity tagger may take "Trade" for a name: the role still reaches the person.
    text = 'Port\n\n"We have answered," said Trade and Fisheries Minister, Pita Kuma.'
    [q] = quotes(text, ("Trade", "PERSON"), ("Pita Kuma", "PERSON"))
    assert (q.speaker, q.speaker_role) == ("Pita Kuma", "Trade and Fisheries Minister")


def test_organisation_then_job_words_then_the_name() -> None:
    text = (
        'Rates\n\n"Costs will climb," said Baxter Bank senior strategist Lee Moss.'
        '\n\n"Rents will fall," said Orion Corp economist Mo Patel.'
    )
    first, second = quotes(
        text,
        ("Baxter Bank", "PERSON"),
        ("Lee Moss", "PERSON"),
        ("Orion Corp", "ORG"),
        ("Mo Patel", "PERSON"),
    )
    assert first.speaker == "Lee Moss"
    assert second.speaker == "Mo Patel"


def test_role_words_before_the_subject_of_said() -> None:
    text = 'Sea\n\nStudy co-author Kim Lund said: "We are near the end."'
    [q] = quotes(text, ("Kim Lund", "PERSON"))
    assert q.speaker == "Kim Lund"
    text = 'Firm\n\nThe bank\'s finance director, Ola Berg, said: "Sales are up."'
    [q] = quotes(text, ("Ola Berg", "PERSON"))
    assert q.speaker == "Ola Berg"


def test_role_pattern_leaves_listeners_times_and_pairs_alone() -> None:
    text = 'Talks\n\n"It is over," he told reporters Sam Hill had left.'
    assert quotes(text, ("Sam Hill", "PERSON"))[0].speaker != "Sam Hill"
    text = 'Talks\n\n"It is over," said Tom Ray and Ed Fox.'
    [q] = quotes(text, ("Tom Ray", "PERSON"), ("Ed Fox", "PERSON"))
    assert q.speaker == "Tom Ray"
    text = 'Talks\n\n"It is over," said analyst firm Gartner.'
    [q] = quotes(text, ("Gartner", "ORG"))
    assert q.speaker == "Gartner"
    text = 'Talks\n\n"It is over," said the head of the IMF, Christine Lagarde.'
    [q] = quotes(text, ("IMF", "ORG"), ("Christine Lagarde", "PERSON"))
    assert q.speaker == "Christine Lagarde"


def test_role_words_opening_the_sentence_give_the_subject_its_role() -> None:
    text = 'Sea\n\nStudy co-author Kim Lund said: "We are near the end."'
    [q] = quotes(text, ("Kim Lund", "PERSON"))
    assert q.speaker_role == "Study co-author"
    text = 'Firm\n\nThe bank\'s finance director, Ola Berg, said: "Sales are up."'
    [q] = quotes(text, ("Ola Berg", "PERSON"))
    assert q.speaker_role == "bank's finance director"
    text = 'Tax\n\nUnder Gordon Brown, he said: "Debt is low."'
    assert all(q.speaker_role != "Under" for q in quotes(text, ("Gordon Brown", "PERSON")))


def test_job_word_the_tagger_took_into_the_name_is_the_role() -> None:
    # A tagger may read a capitalised job word opening the sentence as part of the name.
    text = 'Coast\n\nGlaciologist Ann Vik said: "The tide is turning." Vik added: "Soon."'
    first, second = quotes(text, ("Glaciologist Ann Vik", "PERSON"), ("Vik", "PERSON"))
    assert (first.speaker, first.speaker_role) == ("Ann Vik", "glaciologist")
    assert second.speaker == "Ann Vik"


def test_role_naming_two_people_before_the_speaker() -> None:
    text = 'Books\n\n"We were spoiled," said Tom and Kay executive producer Ann Roe.'
    [q] = quotes(text, ("Tom", "PERSON"), ("Kay", "PERSON"), ("Ann Roe", "PERSON"))
    assert q.speaker == "Ann Roe"
