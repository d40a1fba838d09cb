"""Quotations in the language of news, one case per pattern: what `kgborder add` proposes as the
words, their speaker and the speaker's role.

Every text here was written for these tests (none is real news).
"""
from __future__ import annotations

import time

import pytest

from kgborder.curation import Entity
from kgborder.draft import _Sentences, find_quotations, find_roles, make_draft

REGISTRY = [
    Entity("ana-beltran", "Person", "Ana Beltrán"),
    Entity("tomas-ibarra", "Person", "Tomás Ibarra"),
    Entity("lucia-ferrer", "Person", "Lucía Ferrer"),
    Entity("border-office", "GovernmentAgency", "Border Office"),
]


def quotes(text: str, registry: list[Entity] | None = None) -> list[dict]:
    found = make_draft(text, REGISTRY if registry is None else registry, 2025)["quotations"]
    for q in found:
        assert text[q["start"]:q["end"]] == q["words"]  # offsets exact
    return found


def speakers(text: str, registry: list[Entity] | None = None) -> list[tuple]:
    return [(q["words"], q.get("speaker"), q.get("role")) for q in quotes(text, registry)]


# --- a speaker named beside the quote ---------------------------------------------------------

def test_a_speaker_after_the_verb_with_a_lower_case_role():
    assert speakers('"The lanes reopen at noon," said port director Ana Beltrán.') == [
        ("The lanes reopen at noon", "ana-beltran", "port director")]


@pytest.mark.parametrize("title, role", [
    ("Gov.", "governor"), ("Sen.", "senator"), ("Rep.", "representative"), ("Lt.", "lieutenant"),
    ("Sgt.", "sergeant"), ("Lt. Gov.", "lieutenant governor"), ("Gen.", "general"), ("Capt.", "captain"),
])
def test_an_abbreviated_title_is_the_role_written_out(title, role):
    (q,) = quotes(f'"We have asked for more inspectors," said {title} Tomás Ibarra.')
    assert (q["speaker"], q["role"]) == ("tomas-ibarra", role)


def test_a_title_before_a_name_of_several_words_keeps_them_all():
    (q,) = quotes('"The river is higher than last spring," said Sgt. María de la Luz Ortega.', [])
    assert (q["speaker_name"], q["role"]) == ("María de la Luz Ortega", "sergeant")


def test_a_courtesy_title_gives_no_role():
    (q,) = quotes('"Nobody called us," said Mrs. Lucía Ferrer.')
    assert q["speaker"] == "lucia-ferrer" and "role" not in q


def test_a_speaker_with_a_title_before_the_verb():
    (q,) = quotes('"We are ready for the inspections," Gov. Ana Beltrán said on Friday.')
    assert (q["speaker"], q["role"]) == ("ana-beltran", "governor")


def test_a_surname_that_tells_reporters():
    found = speakers('Tomás Ibarra spoke after the meeting. "There is no deal yet," Ibarra told reporters.')
    assert found == [("There is no deal yet", "tomas-ibarra", None)]


def test_a_title_of_several_capitalised_words_is_one_role():
    (q,) = quotes('Deputy Area Director Lucía Ferrer was at the bridge. "It was a long night," Ferrer said.')
    assert q["speaker"] == "lucia-ferrer" and q["role"] == "deputy area director"


def test_a_speech_verb_with_no_name_after_it_names_no_one():
    # "the company" before "said" is no name: no speaker rather than a wrong one
    (q,) = quotes('"We will appeal," the company said in a statement.', [])
    assert q.get("speaker_name") is None


def test_lower_case_words_after_the_verb_are_no_name():
    (q,) = quotes('"The wall is finished," said in passing a guide who asked not to be named.', [])
    assert q.get("speaker_name") is None


def test_according_to_names_the_speaker():
    (q,) = quotes('The crossing is "a bottleneck on a good day," according to Lucía Ferrer.')
    assert q["speaker"] == "lucia-ferrer"


@pytest.mark.parametrize("between", [", 61,", ", a retired customs broker,"])
def test_an_age_or_an_apposition_between_the_name_and_the_verb(between):
    (q,) = quotes(f'"We used to cross every Sunday," Tomás Ibarra{between} said.')
    assert q["speaker"] == "tomas-ibarra"


def test_a_quote_that_ends_its_sentence_is_said_by_no_one_after_it():
    text = ('Lucía Ferrer wrote that the plan "leaves the valley without water." The mayor, Tomás Ibarra, '
            'said he agreed.')
    (q,) = quotes(text)
    assert q["speaker"] == "lucia-ferrer"


def test_a_role_then_the_name_in_apposition_before_the_verb():
    (q,) = quotes('"We will appeal," the agency\'s deputy director, Ana Beltrán, said on Monday.')
    assert (q["speaker"], q["role"]) == ("ana-beltran", "deputy director")


def test_a_role_after_the_verb_then_the_name_in_apposition():
    (q,) = quotes('"The lanes stay open," said the port\'s deputy director, Tomás Ibarra.')
    assert (q["speaker"], q["role"]) == ("tomas-ibarra", "deputy director")


def test_a_speaker_who_posts_is_a_speaker():
    (q,) = quotes('"The bridge is closed until further notice," Ana Beltrán tweeted.')
    assert q["speaker"] == "ana-beltran"


def test_an_organisation_with_its_article_before_the_verb_is_the_speaker():
    (q,) = quotes('"The permits were issued lawfully," the Border Office said in a statement.')
    assert q["speaker_name"] == "Border Office"


def test_the_role_capitalised_before_the_verb_is_no_organisation():
    text = 'Sheriff Tomás Ibarra toured the fence. "It holds," the Sheriff said.'
    assert quotes(text)[0]["speaker"] == "tomas-ibarra"


@pytest.mark.parametrize("text", [
    'Lucía Ferrer opposes the so-called "safe third country" rule.',
    'Smugglers used a tunnel dubbed "the snake" by agents, Ana Beltrán said.',
    'Tomás Ibarra led Operation "Clear Sky" last spring.',
])
def test_a_name_or_term_in_quotation_marks_is_no_quotation(text):
    assert quotes(text) == []


# --- a speaker named by a role alone ---------------------------------------------------------

def test_a_role_with_an_indefinite_article_before_the_verb_is_an_unnamed_speaker():
    (q,) = quotes('"The checkpoint will stay," a senior border official said.', [])
    assert (q["speaker_name"], q["role"]) == ("senior border official", "senior border official")


def test_the_role_before_the_verb_is_the_person_named_before():
    text = 'Sheriff Tomás Ibarra toured the fence on Monday. "It is not finished," the sheriff said.'
    (q,) = quotes(text)
    assert (q["speaker"], q["resolved_from"]) == ("tomas-ibarra", "the sheriff")

def test_a_role_with_an_acronym_is_named_by_the_acronym():
    text = ('A Bureau of Land Management (BLM) official, who was not authorised to speak, said the fence '
            'is "mostly for show."')
    (q,) = quotes(text, [])
    assert q["speaker_name"] == "BLM official"


def test_a_role_after_the_verb_is_the_speaker():
    (q,) = quotes('"Nothing has changed on the ground," said a senior official.', [])
    assert q["speaker_name"] == "senior official"


# --- pronouns --------------------------------------------------------------------------------

def test_he_is_the_last_person_named():
    text = ('Lucía Ferrer and Tomás Ibarra met in the morning. Ibarra later left for the port. '
            '"It went well," he said.')
    assert speakers(text)[0][1] == "tomas-ibarra"


def test_she_is_the_last_woman_named():
    text = ('Lucía Ferrer said her clinic was full. Tomás Ibarra said he had seen the lines. '
            '"We ran out of beds in March," she said.')
    assert speakers(text)[0][1] == "lucia-ferrer"


def test_a_courtesy_title_or_a_role_word_tells_he_from_she():
    text = ('Ms. Ana Beltrán spoke first. Tomás Ibarra, a spokesman for the port, followed. '
            '"The queue was shorter," she said. "Much shorter," he said.')
    assert [f[1] for f in speakers(text)] == ["ana-beltran", "tomas-ibarra"]


def test_he_with_no_sign_of_anyone_s_sex_is_the_last_person_named():
    text = 'Lucía Ferrer and Tomás Ibarra met in the morning. "It went well," she said.'
    assert speakers(text)[0][1] == "tomas-ibarra"


def test_they_is_a_group_not_the_last_person_named():
    (q,) = quotes('Port officials met Tomás Ibarra on Friday. "We are working on it," they said.')
    assert (q["speaker_name"], q.get("speaker")) == ("they", None)


def test_a_name_of_no_known_type_that_speaks_is_a_person_for_a_pronoun():
    text = ('Tomás Ibarra spoke first. Rosendo Quiroga Lenz, who drives a bus across the bridge, said he waits '
            'for hours. "Every day is the same," he said.')
    people = [(0, "Tomás Ibarra", "tomas-ibarra")]
    unknown = [(text.index("Rosendo"), "Rosendo Quiroga Lenz", None)]
    (q,) = find_quotations(text, people, _Sentences(text), unknown)
    assert (q["speaker_name"], q["resolved_from"]) == ("Rosendo Quiroga Lenz", "he")


def test_a_name_of_no_known_type_with_a_comma_before_its_verb_speaks():
    text = ('The mayor, Rosendo Quiroga, said he would sign "as soon as the money arrives."')
    unknown = [(text.index("Rosendo"), "Rosendo Quiroga", None)]
    (q,) = find_quotations(text, [], _Sentences(text), unknown)
    assert q["speaker_name"] == "Rosendo Quiroga"


def test_a_name_of_no_known_type_that_does_not_speak_is_no_person():
    text = 'Tomás Ibarra spoke. He drove past Quiroga Motors. "Every day is the same," he said.'
    people = [(0, "Tomás Ibarra", "tomas-ibarra")]
    unknown = [(text.index("Quiroga"), "Quiroga Motors", None)]
    (q,) = find_quotations(text, people, _Sentences(text), unknown)
    assert q["speaker"] == "tomas-ibarra"


# --- a quotation over several paragraphs -----------------------------------------------------

def test_a_quote_left_open_at_the_end_of_a_paragraph_is_reported_with_the_next_one_s_speaker():
    text = ('Lucía Ferrer runs the kitchen at the shelter.\n\n'
            '"In the summer we cooked for forty. Now it is for a hundred.\n\n'
            '"Some of them sleep on the floor," Ferrer said.')
    found = speakers(text)
    assert found == [("In the summer we cooked for forty. Now it is for a hundred.", "lucia-ferrer", None),
                     ("Some of them sleep on the floor", "lucia-ferrer", None)]


def test_a_quote_that_continues_one_left_open_keeps_its_speaker():
    text = ('Tomás Ibarra said: "The trucks wait for hours.\n\n'
            '"Some drivers sleep in their cabs."\n\n'
            'The port did not answer.')
    found = speakers(text)
    assert [f[1] for f in found] == ["tomas-ibarra", "tomas-ibarra"]


def test_a_chain_of_open_paragraphs_takes_the_speaker_at_its_end():
    text = '"One.\n\n"Two.\n\n"Three," said Ana Beltrán.'
    assert [f[1] for f in speakers(text)] == ["ana-beltran"] * 3


def test_a_mark_left_open_with_no_quote_after_it_is_not_a_quotation():
    # an unpaired mark with no paragraph opening a quote after it: a typo, not a quotation
    assert quotes('Ana Beltrán said the wall was "finished.\n\nThe port did not answer.') == []


def test_an_inch_mark_opens_no_quotation():
    assert quotes('The pipe was 4" wide.\n\n"It was narrow," said Ana Beltrán.')[0]["words"] == "It was narrow"


# --- roles -----------------------------------------------------------------------------------

def test_a_clause_after_the_name_is_no_role():
    text = ('Lucía Ferrer, whose family has farmed here for a century, spoke. '
            'Tomás Ibarra, told of the plan, shrugged.')
    assert find_roles(text, {"Lucía Ferrer", "Tomás Ibarra"}) == {}


def test_a_lawmaker_s_party_and_state_is_no_role():
    text = "Rep. Lucía Ferrer, D-N.M., voted against the bill."
    assert find_roles(text, {"Lucía Ferrer"}) == {"Lucía Ferrer": "representative"}


def test_a_role_then_the_name_between_commas():
    text = "The labor minister, Tomás Ibarra, spoke. The city's mayor, Lucía Ferrer, left."
    assert find_roles(text, {"Tomás Ibarra", "Lucía Ferrer"}) == {"Tomás Ibarra": "labor minister",
                                                                   "Lucía Ferrer": "mayor"}


def test_a_role_with_an_indefinite_article_then_the_name_between_commas():
    text = "A county spokeswoman, Lucía Ferrer, said the road was closed."
    assert find_roles(text, {"Lucía Ferrer"}) == {"Lucía Ferrer": "county spokeswoman"}


def test_a_judge_s_title_before_the_name_is_the_role():
    assert find_roles("U.S. District Judge Lucía Ferrer ruled.", {"Lucía Ferrer"}) == {"Lucía Ferrer": "district judge"}


def test_a_word_after_a_name_s_comma_is_a_role_only_if_it_reads_as_one():
    text = "Lucía Ferrer, smiling, left. Tomás Ibarra, chief inspector at the port, stayed."
    assert find_roles(text, {"Lucía Ferrer", "Tomás Ibarra"}) == {"Tomás Ibarra": "chief inspector at the port"}


def test_an_abbreviated_title_before_the_name_is_its_role():
    assert find_roles("Sen. Lucía Ferrer arrived.", {"Lucía Ferrer"}) == {"Lucía Ferrer": "senator"}


# --- bounded work ----------------------------------------------------------------------------

def test_hostile_quote_marks_take_bounded_time():
    text = ('\u201c' + "word " * 3000 + '\n') * 20 + ('"a' * 5000 + "\n") + '"x," said ' + "Aaa " * 5000
    started = time.perf_counter()
    find_quotations(text, [], _Sentences(text), [])
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("marks", ['" \u201d', "\u201c\u2026\u201d ", "\u201c\u2014\u201d "], ids=["a mark", "an ellipsis", "a dash"])
def test_quotation_marks_around_no_word_quote_nothing(marks):
    # written for the tests: a run of quotation marks around no word made a quotation of each pair, each
    # carrying its long sentence (200,000 characters drafted to 36 MB in 4 s)
    run = (marks * (20_000 // len(marks)))[:20_000]
    found = quotes("Written for the tests.\n\nLines grew" + run + ' and then "we waited," Maria Lopez said.\n')
    assert [q["words"] for q in found] == ["we waited"]


def test_a_nickname_in_quotation_marks_inside_a_name_is_no_quotation():
    # written for the tests
    text = 'He is a son of Joaquín "El Chapo" Guzmán. "We will stay," said Ana Beltrán.'
    assert [q["words"] for q in quotes(text)] == ["We will stay"]


def test_a_speaker_named_by_the_first_of_two_surnames_is_the_person_named_in_full():
    # written for the tests: the text's own use of "Trevilla" alone makes it the first surname
    text = 'Gen. Ricardo Trevilla Trejo spoke on Monday. "We will not leave," Trevilla said.'
    found = make_draft(text, REGISTRY, 2025)
    assert [(q["speaker"], q["speaker_name"]) for q in found["quotations"]] == [
        ("ricardo-trevilla-trejo", "Trevilla")]
    assert [c["name"] for c in found["new_entities"]] == ["Ricardo Trevilla Trejo"]
