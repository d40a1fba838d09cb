"""Entities in a draft: registered ones matched in any case and number, one item each; new ones
typed, whole and without junk; known places and near spellings flagged, never proposed.

Every text here was written for these tests; none is taken from news.
"""
from __future__ import annotations

import pytest

from kgborder.curation import Entity
from kgborder.draft import make_draft

REGISTRY = [
    Entity("fentanyl", "Substance", "Fentanyl"),
    Entity("drugs", "Substance", "Drugs"),
    Entity("migrants", "Group", "Migrants"),
    Entity("cbp", "GovernmentAgency", "U.S. Customs and Border Protection", aliases=("CBP",)),
    Entity("united-states", "Country", "United States", aliases=("US",)),
    Entity("arizona", "State", "Arizona"),
    Entity("claudia-sheinbaum", "Person", "Claudia Sheinbaum"),
]


def draft(text: str, registry: list[Entity] = REGISTRY) -> dict:
    return make_draft(text, registry, 2025)


def new(text: str) -> dict[str, str | None]:
    return {c["name"]: c.get("type") for c in draft(text)["new_entities"]}


def mentioned(text: str) -> set[str]:
    return {m["entity"] for m in draft(text)["mentions"]}


# --- registered entities ------------------------------------------------------------------------

def test_common_nouns_match_in_lower_case():
    # written for the tests
    assert {"fentanyl", "drugs"} <= mentioned("Officers found fentanyl and other drugs in a van.")


def test_plural_and_singular_forms_match():
    # written for the tests
    assert "migrants" in mentioned("One migrant was stopped near the fence on the ridge.")
    assert "drugs" in mentioned("The drug was hidden in a spare tire of the van.")


def test_capitalised_common_noun_matches():
    # written for the tests
    assert "migrants" in mentioned("Migrants waited for hours at the gate.")


def test_acronym_matches_only_in_capitals():
    # written for the tests
    assert "united-states" not in mentioned("Officers told us that the gate was shut.")
    assert "united-states" in mentioned("Officers said the US gate was shut.")


def test_one_item_per_entity_with_all_its_mentions():
    # written for the tests
    text = "Fentanyl came north. Agents seized fentanyl twice. The fentanyl was pressed into pills."
    items = [m for m in draft(text)["mentions"] if m["entity"] == "fentanyl"]
    assert len(items) == 1
    assert len(items[0]["also"]) == 2
    assert all(text[s:e].lower() == "fentanyl" for s, e in items[0]["also"])


# --- new entities, typed ---------------------------------------------------------------------

def test_countries_states_and_cities_are_typed():
    # written for the tests
    found = new("Trucks from Guatemala crossed into Texas and drove on to Tucson, while others went "
                "through Chihuahua and stopped in Hermosillo.")
    assert found == {"Guatemala": "Country", "Texas": "State", "Tucson": "City", "Chihuahua": "State",
                     "Hermosillo": "City"}


def test_person_from_title_before_the_name():
    # written for the tests
    assert new("The plan was praised by Texas Governor Greg Abbott last week.") == {"Greg Abbott": "Person"}


def test_person_from_lower_case_role():
    # written for the tests
    assert new("Cargo slowed, said port director Michael Humphries on a call.") == {"Michael Humphries": "Person"}


def test_person_from_abbreviated_title():
    # written for the tests
    assert new("The bill was backed by Sen. Mark Kelly in a vote.") == {"Mark Kelly": "Person"}


def test_organisations_from_cue_words():
    # written for the tests
    found = new("Officers of the Border Patrol and agents of the Drug Enforcement Agency met the "
                "Sinaloa Cartel's couriers, the Homeland Security Department said.")
    assert found["Border Patrol"] == "SecurityForce"
    assert found["Drug Enforcement Agency"] == "GovernmentAgency"
    assert found["Sinaloa Cartel"] == "CriminalOrganization"


# --- whole and split right ------------------------------------------------------------------

def test_two_people_joined_by_and_are_two():
    # written for the tests
    found = new("The deal was signed by Donald Trump and Texas Governor Greg Abbott in the morning.")
    assert set(found) == {"Donald Trump", "Greg Abbott"}


def test_organisation_with_and_stays_whole():
    # written for the tests
    assert "Immigration and Customs Enforcement" in new("Agents of Immigration and Customs Enforcement came.")


def test_a_place_before_a_weekday_is_the_place():
    # written for the tests
    assert new("The convoy reached Tijuana on Tuesday before noon.") == {"Tijuana": "City"}


# --- no junk --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The checkpoint was busy on Wednesday and quiet in August.",  # weekdays and months
    "The seizure took place on Jan. 20 at the gate.",  # an abbreviated month
    "Agents stopped a silver Chevy Malibu at the gate.",  # a vehicle
    "Here's what officers found at the gate.",  # a contraction opening a sentence
    "The gate was shut. The officers left.",  # sentence-initial words
    "Officers said the Fence along the ridge was repaired.",  # a lone capitalised common word
])
def test_no_junk(text):
    # written for the tests
    assert new(text) == {}


def test_headline_words_are_no_names():
    # written for the tests
    assert new("Officers Seize Record Haul At Busy Crossing\n\nThe haul was large.") == {}


def test_abbreviated_state_of_a_registered_place_is_flagged():
    # written for the tests
    d = draft("NOGALES, Ariz. - The gate was shut.")
    assert d["new_entities"] == []
    assert [(n["name"], n["possible_duplicate_of"]) for n in d["near_duplicates"]] == [("Arizona", "arizona")]


# --- known names flagged ------------------------------------------------------------------

def test_near_spelling_of_a_known_name_is_flagged():
    # written for the tests
    d = draft("The plan came from Claudia Sheinbam, officials said.")
    assert d["new_entities"] == []
    assert d["near_duplicates"][0]["possible_duplicate_of"] == "claudia-sheinbaum"


def test_known_place_under_another_name_is_flagged():
    # written for the tests
    d = draft("Trucks left the United States of America at dawn.",
              [Entity("usa", "Country", "United States", aliases=())])
    assert d["new_entities"] == []
    assert d["near_duplicates"][0]["possible_duplicate_of"] == "usa"
