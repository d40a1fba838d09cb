"""Statements of someone's words: what a quotation comments on and what a claim ("X said that
...", "X said the cartels were ...") is about, in the language of news.

Every text here was written for these tests; none is real news.
"""
from __future__ import annotations

import pytest

from kgborder.draft import make_draft


def speech(text: str, registry, vocabulary) -> set[tuple]:
    found = make_draft(text, registry, 2025, vocabulary)["statements"]
    return {(s["speaker"], s["relation"], s["object"] if isinstance(s["object"], str) else tuple(s["object"]),
             s["words"]) for s in found if "speaker" in s}


# --- claims --------------------------------------------------------------------------------------

def test_a_claim_without_that_opens_with_a_name_and_its_verb(registry, vocabulary):
    # written for the tests
    assert speech("Written for the tests. David Hathaway said the National Guard was ready for the holidays.",
                  registry, vocabulary) == {("david-hathaway", "claimsAbout", "national-guard-mexico",
                                             "the National Guard was ready for the holidays")}


def test_a_claim_before_its_speech_verb_is_about_what_it_names_else_the_group_before(registry, vocabulary):
    # written for the tests: the verb and its subject after the clause, the words going on after "but"
    text = ("Written for the tests.\n\nDavid Hathaway drives past the shelter where migrants wait every night. "
            "Fewer families come in winter, he said, but those who come stay longer.")
    assert speech(text, registry, vocabulary) == {
        ("david-hathaway", "claimsAbout", "migrants", "Fewer families come in winter, but those who come stay longer")}
    text = "Written for the tests.\n\nThe National Guard will stay through March, Hathaway said on Tuesday."
    assert speech(text, registry, vocabulary) == {
        ("david-hathaway", "claimsAbout", "national-guard-mexico", "The National Guard will stay through March")}


def test_a_claim_naming_nothing_is_about_the_body_whose_office_its_sentence_gives_the_speaker(registry,
                                                                                             vocabulary):
    # written for the tests: "the work" names nothing; the sentence says what the speaker commands
    text = "Written for the tests.\n\nAna Ruiz, who commands the National Guard in the north, said the work was slow."
    assert ("ana-ruiz", "claimsAbout", "national-guard-mexico", "the work was slow") in speech(
        text, registry, vocabulary)
    # no office in the sentence: nothing; an office and words naming another thing: the office still
    assert {s for s in speech("Written for the tests.\n\nAna Ruiz said the work was slow.", registry, vocabulary)
            if s[1] == "claimsAbout"} == set()
    text = ("Written for the tests.\n\nAna Ruiz, who commands the National Guard in the north, said the move was "
            "Mexico's own idea.")
    assert {s[2] for s in speech(text, registry, vocabulary) if s[1] == "claimsAbout"} == {"national-guard-mexico"}


def test_a_fact_reported_before_its_speech_verb_is_no_claim(registry, vocabulary):
    # written for the tests: "seized" is a fact's cue verb; the fact is a statement of its own relation
    text = "Written for the tests.\n\nThe National Guard seized fentanyl at the bridge on Monday, Hathaway said."
    assert {s for s in speech(text, registry, vocabulary) if s[1] == "claimsAbout"} == set()


@pytest.mark.parametrize("text", [
    "Written for the tests. David Hathaway said the plan was working in Arizona.",  # no name opens the clause
    "Written for the tests. David Hathaway said the National Guard arrived.",  # no auxiliary: too loose to tell
])
def test_a_clause_without_that_and_no_name_and_verb_opening_it_is_no_claim(text, registry, vocabulary):
    assert not any(rel == "claimsAbout" for _, rel, _, _ in speech(text, registry, vocabulary))


def test_he_opening_a_sentence_is_the_one_person_of_the_sentence_before(registry, vocabulary):
    # written for the tests: two people within a few lines, one in the sentence before "He said"
    text = ("Written for the tests. Claudia Sheinbaum spoke first at the forum. Carlos Matienzo, a consultant, "
            "followed on the panel. He said the cartels would adapt within weeks.")
    assert speech(text, registry, vocabulary) == {
        ("carlos-matienzo", "claimsAbout", "drug-cartels", "the cartels would adapt within weeks")}


def test_he_in_a_paragraph_that_brings_in_one_man_is_him_not_the_man_he_stood_for_before(registry, vocabulary):
    # written for the tests: "he" stood for Humphries in the paragraph before; this paragraph names
    # Hathaway, and its "he" goes on about him
    text = ('Written for the tests.\n\nMichael Humphries said the crossing was busy. "We search every truck," he '
            'said.\n\nIn Nogales, David Hathaway drives past the shelter at night. The cartels adapt, he said, but '
            'the crossing stays open.')
    assert {s[0] for s in speech(text, registry, vocabulary) if s[3].startswith("The cartels adapt")} == {
        "david-hathaway"}


def test_he_after_two_people_in_the_sentence_before_is_no_one(registry, vocabulary):
    # written for the tests: the sentence before names two men
    text = ("Written for the tests. Carlos Matienzo met David Hathaway at the forum. "
            "He said the cartels would adapt within weeks.")
    assert speech(text, registry, vocabulary) == set()


@pytest.mark.parametrize("text, expected", [
    # the participle hangs on the clause before the comma: its subject says it
    ("Written for the tests. Claudia Sheinbaum spoke on Monday, saying the National Guard would stay.",
     {("claudia-sheinbaum", "claimsAbout", "national-guard-mexico", "the National Guard would stay")}),
    # a name after a preposition is no subject: nobody here is named as the one saying it
    ("Written for the tests. Officials in Mexico spoke on Monday, saying the National Guard would stay.", set()),
])
def test_a_speech_participle_after_a_comma_is_said_by_the_subject_of_its_clause(text, expected, registry,
                                                                               vocabulary):
    assert speech(text, registry, vocabulary) == expected


def test_a_claim_opening_with_its_is_about_the_owner_named_before(registry, vocabulary):
    # written for the tests: "its government" is Mexico's; the drugs the clause names are not its subject
    text = ("Written for the tests. The raid came after Donald Trump threatened tariffs on Mexico, saying its "
            "government was doing too little against drugs.")
    assert ("donald-trump", "claimsAbout", "mexico", "its government was doing too little against drugs") in speech(
        text, registry, vocabulary)


# --- quotations ----------------------------------------------------------------------------------

def test_our_officers_in_a_quotation_are_the_organisation_written_with_officers(registry, vocabulary):
    # written for the tests
    text = ('Written for the tests. CBP officers stopped a van at the crossing. "Our officers did careful work '
            'today," said Michael Humphries.')
    assert speech(text, registry, vocabulary) == {
        ("michael-humphries", "commentsOn", "cbp", "Our officers did careful work today")}


@pytest.mark.parametrize("text, expected", [
    # no organisation written with "officers": nothing to say what "our" is
    ('Written for the tests. "Our officers did careful work today," said Michael Humphries.', set()),
    # what the words name comes first
    ('Written for the tests. CBP officers stopped a van. "Our officers found the fentanyl," said Michael Humphries.',
     {("michael-humphries", "commentsOn", "fentanyl", "Our officers found the fentanyl")}),
])
def test_our_officers_give_way(text, expected, registry, vocabulary):
    assert speech(text, registry, vocabulary) == expected


@pytest.mark.parametrize("text, expected", [
    # the words name the Guard, but the quotation is said of what "describes ... as" names
    ('Written for the tests. David Hathaway describes Sonora as "a hard place for the National Guard."',
     {("david-hathaway", "commentsOn", "sonora", "a hard place for the National Guard.")}),
    # "her state": the state last named before it
    ('Written for the tests. Ana Ruiz, the mayor of Nogales, Sonora, describes her state as a "corridor for '
     'fentanyl."', {("ana-ruiz", "commentsOn", "sonora", "corridor for fentanyl.")}),
])
def test_a_quotation_is_said_of_what_describes_as_names(text, expected, registry, vocabulary):
    assert {s for s in speech(text, registry, vocabulary) if s[1] == "commentsOn"} == expected


def test_a_long_hostile_frame_before_a_quotation_is_read_in_bounded_time(registry, vocabulary):
    import time
    text = "Written for the tests. David Hathaway describes" + " " * 20000 + "x as" * 2000 + ' "the end."'
    started = time.perf_counter()
    speech(text, registry, vocabulary)
    assert time.perf_counter() - started < 5


def test_we_in_a_quotation_naming_nothing_is_the_organisation_of_the_speakers_paragraph(registry, vocabulary):
    # written for the tests: the second quotation names nothing; "we" is the Guard its speaker commands
    text = ('Written for the tests.\n\n"The roads are quiet at night," said Ana Ruiz, who commands the National Guard '
            'in the north. "We will be here all winter."')
    assert ("ana-ruiz", "commentsOn", "national-guard-mexico", "We will be here all winter.") in speech(
        text, registry, vocabulary)


def test_us_in_a_quotation_is_we(registry, vocabulary):
    # written for the tests: "us" speaks for the Guard its speaker commands, as "we" does
    text = ('Written for the tests.\n\n"The roads are quiet at night," said Ana Ruiz, who commands the National Guard '
            'in the north. "Nobody told us about the change."')
    assert ("ana-ruiz", "commentsOn", "national-guard-mexico", "Nobody told us about the change.") in speech(
        text, registry, vocabulary)


def test_we_paragraphs_after_the_office_its_speaker_holds_is_that_organisation(registry, vocabulary):
    # written for the tests: the paragraph of "we" names no organisation; the speaker's office does
    text = ('Written for the tests.\n\n"The roads are quiet at night," said Ana Ruiz, who commands the National '
            'Guard in the north.\n\nTrucks still cross at dawn, and nobody knows for how long.\n\n'
            '"We will be here all winter," Ruiz said.')
    assert ("ana-ruiz", "commentsOn", "national-guard-mexico", "We will be here all winter") in speech(
        text, registry, vocabulary)


def test_this_before_a_noun_does_not_continue_the_quotation_before(registry, vocabulary):
    # written for the tests: "This week" is a new time, not the cartels again: the Guard it names
    text = ('Written for the tests. "The cartels adapt fast," Michael Humphries said. "This week the National Guard '
            'moved."')
    assert {s[2] for s in speech(text, registry, vocabulary) if s[3].startswith("This")} == {"national-guard-mexico"}
    text = text.replace("This week the National Guard moved.", "This is how the National Guard works.")
    assert ("michael-humphries", "commentsOn", "drug-cartels", "This is how the National Guard works.") in speech(
        text, registry, vocabulary)


def test_a_quotation_opening_with_a_pronoun_after_none_is_not_about_the_names_it_holds(registry, vocabulary):
    # written for the tests: "it" is what the quotation is about, not the cartels it names
    text = 'Written for the tests. Not everyone is convinced. "It is a gift to the cartels," said Carlos Matienzo.'
    assert {s for s in speech(text, registry, vocabulary) if s[1] == "commentsOn"} == set()
    text = text.replace("It is a gift", "This plan is a gift")
    assert ("carlos-matienzo", "commentsOn", "drug-cartels", "This plan is a gift to the cartels") in speech(
        text, registry, vocabulary)


def test_a_quotation_naming_nothing_goes_on_with_its_speakers_last_topic(registry, vocabulary):
    # written for the tests: the second and the third quotation name nothing and open with no
    # pronoun; they go on with what the speaker's first quotation was about, a paragraph later too
    text = ('Written for the tests.\n\n"The cartels adapt fast," said Carlos Matienzo. "Nobody can keep up."\n\n'
            'Trucks still cross at dawn.\n\n"Ask me again in June," Matienzo said.')
    assert speech(text, registry, vocabulary) == {
        ("carlos-matienzo", "commentsOn", "drug-cartels", "The cartels adapt fast"),
        ("carlos-matienzo", "commentsOn", "drug-cartels", "Nobody can keep up."),
        ("carlos-matienzo", "commentsOn", "drug-cartels", "Ask me again in June")}


def test_they_opening_a_speakers_first_quotation_is_the_group_named_last_before(registry, vocabulary):
    # written for the tests: "They" are the troops of the paragraph before, not the person between
    text = ('Written for the tests.\n\nThe active-duty troops came in May. David Hathaway watched them.\n\n'
            '"They wave and they leave," said Hathaway.')
    assert speech(text, registry, vocabulary) == {
        ("david-hathaway", "commentsOn", "us-active-duty-troops", "They wave and they leave")}
    # a person is no "they", nor a group two paragraphs back
    text = text.replace("The active-duty troops came in May.", "Claudia Sheinbaum came in May.")
    assert speech(text, registry, vocabulary) == set()
    text = ('Written for the tests.\n\nThe active-duty troops came in May.\n\nDavid Hathaway watched.\n\n'
            '"They wave and they leave," said Hathaway.')
    assert speech(text, registry, vocabulary) == set()


# --- agreement -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # "concurs" with no partner: the speaker quoted last before it
    ('Written for the tests. "The cartels adapt fast," says Carlos Matienzo. David Hathaway, the sheriff, '
     'concurs, noting that the roads are quiet.', {("david-hathaway", "carlos-matienzo")}),
    # a new paragraph: the quotation before is not what the verb answers
    ('Written for the tests. "The cartels adapt fast," says Carlos Matienzo.\n\nDavid Hathaway concurs.', set()),
    # no person before the verb: "sides" is a noun here
    ('Written for the tests. "The cartels adapt fast," says Carlos Matienzo. The National Guard patrols both '
     'sides.', set()),
])
def test_an_agreement_verb_without_a_partner_agrees_with_the_speaker_quoted_before(text, expected, registry,
                                                                                  vocabulary):
    found = make_draft(text, registry, 2025, vocabulary)["statements"]
    assert {(s["subject"], s["object"]) for s in found if s["relation"] == "agreesWith"} == expected
