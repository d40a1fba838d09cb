"""Dates and numbers in the language of news, one case per pattern: what `kgborder add` proposes.

Every text here was written for these tests (none is real news). The article date used is
Wednesday, Jan. 22, 2025, unless a case says otherwise.
"""
from __future__ import annotations

import datetime as dt

import pytest

from kgborder.draft import find_dates, find_quantities, make_draft

WEDNESDAY = dt.date(2025, 1, 22)


def dates(text: str, published: dt.date | None = WEDNESDAY) -> dict[str, dict]:
    found = find_dates(text, published.year if published else None, published)
    for d in found:
        assert text[d["start"]:d["end"]] == d["text"]  # offsets exact
    return {d["text"]: d for d in found}


# --- dates ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, written, value", [
    ("The order was signed on Jan. 20 in the capital.", "Jan. 20", "2025-01-20"),
    ("A hearing is scheduled for Feb. 3 in Tucson.", "Feb. 3", "2025-02-03"),
    ("The budget year closed Sept. 30 with a surplus.", "Sept. 30", "2024-09-30"),
])
def test_ap_abbreviated_months_take_a_day(text, written, value):
    d = dates(text)[written]
    assert (d["value"], d["precision"], d["year_inferred"]) == (value, "day", True)


@pytest.mark.parametrize("text, written, value", [
    ("The order was signed on 20 January 2025 in the capital.", "20 January 2025", "2025-01-20"),
    ("Talks will resume on 3 Feb, the ministry said.", "3 Feb", "2025-02-03"),
    ("The fence was finished on 14 January.", "14 January", "2025-01-14"),
])
def test_the_day_before_the_month(text, written, value):
    assert dates(text)[written]["value"] == value


def test_a_weekday_with_its_day_and_month_after_it_is_proposed_once():
    assert list(dates("Crews met on Monday 20 January.")) == ["20 January"]


def test_an_abbreviated_month_with_its_year_is_not_inferred():
    d = dates("The memo, dated Jan. 22, 2025, was shared widely.")["Jan. 22, 2025"]
    assert d["value"] == "2025-01-22" and d["normalized"] == "--01-22" and "year_inferred" not in d


def test_a_past_weekday_is_the_one_on_or_before_the_article_date():
    d = dates("The governor said on Monday that the crossing would stay open.")["Monday"]
    assert d == {**d, "value": "2025-01-20", "precision": "day", "resolved_from": "weekday", "year_inferred": True}


def test_the_article_s_own_weekday_is_that_day():
    assert dates("Agents said Wednesday that the lanes were closed.")["Wednesday"]["value"] == "2025-01-22"


def test_last_weekday_is_strictly_before_the_article_date():
    assert dates("Inspectors found the tunnel last Wednesday.")["last Wednesday"]["value"] == "2025-01-15"


def test_a_weekday_in_the_future_tense_is_the_coming_one():
    d = dates("Officials said Tuesday that the troops will arrive on Friday.")
    assert d["Tuesday"]["value"] == "2025-01-21"  # said: the past one
    assert d["Friday"]["value"] == "2025-01-24"  # will arrive: the coming one


def test_a_weekday_with_its_written_date_is_proposed_once():
    d = dates("Monday, Jan. 20, was the first day of the new policy.")
    assert set(d) == {"Jan. 20"}


def test_a_weekday_without_the_article_s_full_date_has_no_value():
    d = find_dates("The mayor spoke on Monday.", 2025, None)
    assert [(x["text"], x.get("value"), x["resolved_from"]) for x in d] == [("Monday", None, "weekday")]


def test_last_fiscal_year_is_the_federal_one_before_the_article_date():
    # 2025-01-22 falls in fiscal 2025 (Oct. 1, 2024 - Sept. 30, 2025): the last one is fiscal 2024
    d = dates("Seizures at the port rose 12% last fiscal year.")["last fiscal year"]
    assert d == {**d, "value": "2024", "precision": "year", "qualifier": "fiscal year",
                 "normalized": "2023-10-01/2024-09-30", "year_inferred": True}


def test_the_fiscal_year_turns_on_october_first():
    d = dates("Arrests fell this fiscal year.", dt.date(2024, 10, 1))["this fiscal year"]
    assert d["value"] == "2025"


@pytest.mark.parametrize("text, written", [
    ("Agents made 9,100 arrests in fiscal year 2023.", "fiscal year 2023"),
    ("The agency's FY2023 report is late.", "FY2023"),
    ("The 2023 fiscal year ended quietly.", "2023 fiscal year"),
])
def test_a_written_fiscal_year(text, written):
    d = dates(text)[written]
    assert (d["value"], d["normalized"], d["qualifier"]) == ("2023", "2022-10-01/2023-09-30", "fiscal year")
    assert "year_inferred" not in d


def test_in_a_year():
    d = dates("Traffic through the port grew in 2024, the agency said.")["2024"]
    assert (d["value"], d["precision"]) == ("2024", "year")


@pytest.mark.parametrize("text, written, value", [
    ("Overdoses declined last year across the county.", "last year", "2024"),
    ("Officials expect more crossings this year.", "this year", "2025"),
    ("Last year was the busiest on record.", "Last year", "2024"),
])
def test_relative_years(text, written, value):
    d = dates(text)[written]
    assert (d["value"], d["precision"], d["resolved_from"], d["year_inferred"]) == \
        (value, "year", "relative year", True)


def test_a_relative_year_keeps_its_qualifier():
    assert dates("Late last year, the mayor resigned.")["Late last year"]["qualifier"] == "late"


def test_a_month_in_a_past_sentence_is_before_the_article_date():
    d = dates("Crossings have dropped sharply since July, agents said.")["July"]
    assert (d["value"], d["precision"], d["year_inferred"]) == ("2024-07", "month", True)


def test_a_month_in_a_future_sentence_is_after_the_article_date():
    d = dates("The new scanners will be installed in March.", dt.date(2024, 12, 10))["March"]
    assert d["value"] == "2025-03"


@pytest.mark.parametrize("text, written, value", [
    ("The mayor on Monday suspended the fees until Feb. 14.", "Feb. 14", "2025-02-14"),
    ("The council extended the curfew through March.", "March", "2025-03"),
    ("The shelter stayed open from Nov. 3 until Jan. 6.", "Jan. 6", "2025-01-06"),
])
def test_a_date_that_ends_a_span_is_the_nearest_whatever_the_tense(text, written, value):
    assert dates(text)[written]["value"] == value


@pytest.mark.parametrize("text, written, value, qualifier", [
    ("Arrests rose last month, the sheriff said.", "last month", "2024-12", None),
    ("The fence will be finished late next month.", "late next month", "2025-02", "late"),
    ("Prices have climbed this month.", "this month", "2025-01", None),
])
def test_relative_months(text, written, value, qualifier):
    d = dates(text)[written]
    assert (d["value"], d["precision"], d.get("qualifier"), d["year_inferred"]) == (value, "month", qualifier, True)


@pytest.mark.parametrize("text, written, value, precision", [
    ("The shelter opened two years ago.", "two years ago", "2023", "year"),
    ("A year ago the lanes were empty.", "A year ago", "2024", "year"),
    ("The scanners arrived three months ago.", "three months ago", "2024-10", "month"),
])
def test_a_time_ago(text, written, value, precision):
    d = dates(text)[written]
    assert (d["value"], d["precision"], d["year_inferred"]) == (value, precision, True)


@pytest.mark.parametrize("text, written, value, qualifier", [
    ("The tunnel was dug in mid-2023.", "mid-2023", "2023", "mid"),
    ("Patrols doubled in late 2022, officials said.", "late 2022", "2022", "late"),
])
def test_a_year_with_a_qualifier(text, written, value, qualifier):
    d = dates(text)[written]
    assert (d["value"], d["precision"], d["qualifier"]) == (value, "year", qualifier)


def test_a_date_that_was_yet_to_come_is_after_the_article_date():
    d = dates("The rule, signed in December, was to take effect on Feb. 1.")
    assert (d["December"]["value"], d["Feb. 1"]["value"]) == ("2024-12", "2025-02-01")


def test_a_line_giving_the_article_s_own_date_gives_no_date():
    found = dates("Release Date: January 21, 2025\n\nOfficers stopped the van on Jan. 19.")
    assert list(found) == ["Jan. 19"]


def test_make_draft_takes_the_full_date_and_add_article_gives_it():
    draft = make_draft("Written for the tests. The mayor spoke on Monday.", [], published=WEDNESDAY)
    assert [d["value"] for d in draft["dates"]] == ["2025-01-20"]
    assert make_draft("Written for the tests. The mayor spoke in March.", [], 2024)["dates"][0]["value"] == "2024-03"


# --- numbers --------------------------------------------------------------------------------

def quantities(text: str) -> dict[str, dict]:
    found = find_quantities(text)
    for q in found:
        assert text[q["start"]:q["end"]] == q["text"]  # offsets exact
    return {q["text"]: q for q in found}


def one(text: str) -> dict:
    found = quantities(text)
    assert len(found) == 1, found
    return next(iter(found.values()))


def test_a_counted_noun_is_the_unit():
    q = one("Agents counted 214,000 pedestrians at the gate.")
    assert (q["text"], q["value"], q["unit"], q["measure"]) == ("214,000 pedestrians", 214000, "pedestrians",
                                                                "pedestrians")


def test_a_counted_noun_keeps_its_modifiers_as_the_measure():
    q = one("The van held 4.5 million fentanyl pills.")
    assert (q["value"], q["unit"], q["measure"]) == (4500000, "pills", "fentanyl pills")


def test_what_a_count_is_of_is_its_measure():
    q = one("Officers found nearly 30 packages of methamphetamine in the tires.")
    assert (q["text"], q["value"], q["unit"], q["approx"], q["measure"]) == \
        ("nearly 30 packages", 30, "packages", "about", "packages of methamphetamine")


def test_a_number_word_counts():
    q = one("Police raided three drug labs near the river.")
    assert (q["value"], q["unit"], q["measure"]) == (3, "labs", "drug labs")


@pytest.mark.parametrize("text, written, approx", [
    ("The Army sent as many as 1,500 additional active-duty troops.", "as many as 1,500 additional active-duty troops",
     "at most"),
    ("The port recorded more than 2,300 apprehensions.", "more than 2,300 apprehensions", "more than"),
    ("The shelter can hold up to 400 migrants.", "up to 400 migrants", "at most"),
    ("About 80 agents joined the search.", "About 80 agents", "about"),
    ("Fewer than 20 trucks crossed.", "Fewer than 20 trucks", "less than"),
])
def test_approximations(text, written, approx):
    q = one(text)
    assert (q["text"], q["approx"]) == (written, approx)


def test_money():
    q = one("Congress approved $9.7 billion for the wall.")
    assert (q["text"], q["value"], q["unit"]) == ("$9.7 billion", 9700000000, "usd")


@pytest.mark.parametrize("text, written, value, unit, measure", [
    ("Agents seized 120 lbs. of cocaine from the trailer.", "120 lbs.", 120, "pounds", "cocaine"),
    ("The truck carried 11,000 pounds of marijuana.", "11,000 pounds", 11000, "pounds", "marijuana"),
    ("The smugglers drove 170 miles north.", "170 miles", 170, "miles", None),
    ("Crews removed 2 tons of debris.", "2 tons", 2, "tons", "debris"),  # US short tons, not tonnes
    ("The lab held 8 kg of powder.", "8 kg", 8, "kilograms", "powder"),
])
def test_weights_and_lengths_with_what_they_weigh(text, written, value, unit, measure):
    q = one(text)
    assert (q["text"], q["value"], q["unit"], q.get("measure")) == (written, value, unit, measure)


@pytest.mark.parametrize("text, written", [
    ("Turnout reached 64% in the county.", "64%"),
    ("Turnout reached 64 percent in the county.", "64 percent"),
    ("Turnout reached 64 per cent in the county.", "64 per cent"),
])
def test_percentages(text, written):
    q = one(text)
    assert (q["text"], q["value"], q["unit"]) == (written, 64, "percent") and "field" not in q


def test_a_percentage_of_something_is_a_share():
    q = one("About 60% of the seized powder was found in cars.")
    assert (q["value"], q["approx"], q["field"]) == (60, "about", "share")


@pytest.mark.parametrize("text, written, value, trend", [
    ("Arrests fell 21% from the year before.", "21%", -21, "decrease"),
    ("Traffic was up 15 percent on the bridge.", "15 percent", 15, "increase"),
    ("Deaths declined by about 30% in the state.", "about 30%", -30, "decrease"),
    ("Officials reported a 12% increase in wait times.", "12%", 12, "increase"),
    ("Seizures rose again, an increase of 14% over 2023.", "14%", 14, "increase"),
    ("Seizures were 38% less than the year before.", "38%", -38, "decrease"),
])
def test_percentage_changes_carry_their_sign(text, written, value, trend):
    q = one(text)
    assert (q["text"], q["value"], q["unit"], q["field"], q["trend"]) == (written, value, "percent", "change", trend)


def test_doubled_is_a_change_of_a_hundred_percent():
    q = one("Crossings at the small port doubled.")
    assert (q["text"], q["value"], q["unit"], q["field"], q["trend"]) == ("doubled", 100, "percent", "change",
                                                                          "increase")


@pytest.mark.parametrize("text, written, value", [
    ("Sales at the market dropped by half.", "half", -50),
    ("Wait times were cut by a third.", "a third", -33.3),
])
def test_a_fraction_after_a_verb_of_change_is_a_change(text, written, value):
    q = quantities(text)[written]
    assert (q["value"], q["unit"], q["field"]) == (value, "percent", "change")


@pytest.mark.parametrize("text, written, value", [
    ("About 1 in 4 residents of the county were born abroad.", "1 in 4", 25),
    ("Three out of five drivers said they waited longer.", "Three out of five", 60),
])
def test_a_ratio_is_a_share_not_a_count(text, written, value):
    found = quantities(text)
    assert list(found) == [written]
    assert (found[written]["value"], found[written]["unit"], found[written]["field"]) == (value, "percent", "share")


def test_more_than_half_is_a_share():
    q = one("More than half of the pills were pressed nearby.")
    assert (q["text"], q["value"], q["approx"], q["field"]) == ("More than half", 50, "more than", "share")


def test_another_number_counts_what_the_count_before_it_counts():
    found = quantities("The state sent 240 deputies to Yuma and another 150 to Douglas.")
    assert (found["150"]["value"], found["150"]["unit"]) == (150, "deputies")


def test_another_number_in_the_next_sentence_counts_nothing_said():
    assert "150" not in quantities("The state sent 240 deputies to Yuma. Another 150 went home.")


@pytest.mark.parametrize("text, written, unit", [
    ("Shelters took in 2,300 families, up from 1,900 a year earlier.", "1,900", "families"),
    ("The clinic saw more patients than 140 in a week.", "140", None),
    ("Agents stopped 610 trucks in May compared with 480 in April.", "480", "trucks"),
])
def test_a_number_compared_with_a_count_counts_the_same(text, written, unit):
    assert quantities(text).get(written, {}).get("unit") == unit


def test_a_range_counts_the_noun_after_its_second_number():
    found = quantities("Between 300 and 400 volunteers answered the call.")
    assert (found["300"]["unit"], found["400 volunteers"]["unit"]) == ("volunteers", "volunteers")


def test_an_hour_is_no_count():
    assert list(quantities("The bridge opens from 6 a.m. to 10 p.m. for 40 buses.")) == ["40 buses"]


def test_the_number_of_a_noun_counts_the_number_after_it():
    q = quantities("The order raised the number of county deputies on night patrol to about 310.")["about 310"]
    assert (q["value"], q["unit"], q["measure"], q["approx"]) == (310, "deputies", "county deputies", "about")


@pytest.mark.parametrize("text, written, value", [
    ("Waiting times were twice the usual length.", "twice", 100),
    ("The shelter now feeds three times as many families.", "three times", 200),
    ("The new scanner can double the number of trucks checked.", "double", 100),
])
def test_a_multiple_is_a_change(text, written, value):
    q = quantities(text)[written]
    assert (q["value"], q["unit"], q["field"], q["trend"]) == (value, "percent", "change", "increase")


@pytest.mark.parametrize("text", [
    "The van was stopped twice last week.",
    "Patrols pass twice a day.",
    "He knocked twice as the guard slept.",
])
def test_twice_as_a_frequency_is_no_change(text):
    assert quantities(text) == {}


@pytest.mark.parametrize("text, written, value, unit, measure", [
    ("The governor announced a 90-day review of the checkpoints.", "90-day", 90, "days", "review"),
    ("He faces a two-year sentence.", "two-year", 2, "years", "sentence"),
    ("Crews repaired a 12-mile stretch of fence.", "12-mile", 12, "miles", "stretch"),
])
def test_a_length_written_as_a_compound(text, written, value, unit, measure):
    q = quantities(text)[written]
    assert (q["value"], q["unit"], q["measure"]) == (value, unit, measure)


@pytest.mark.parametrize("text", [
    "In 2024 seizures fell sharply.",  # a year
    "On Jan. 20 agents met the mayor.",  # a date
    "Maria Ortiz, 45, and a 45-year-old driver were held.",  # ages
    "She was the first of the agents to arrive.",  # an ordinal
    "Call the tip line at (520) 555-0100 or 520-555-0101.",  # phone numbers
    "Article 5 of the treaty and Title 42 apply.",  # numbers that name things
    "The two countries agreed; it took 48 hours.",  # a reference and a duration
    "Sales rose in the second half of 2024.",  # not a share
    "Traffic rose on the 20th.",  # an ordinal date
])
def test_no_junk(text):
    assert quantities(text) == {}


# --- in a draft, and through `kgborder add` and build ------------------------------------------

def test_add_passes_the_article_date_and_a_confirmed_change_builds(project, run, monkeypatch, tmp_path):
    import yaml

    monkeypatch.delenv("KGBORDER_STORE", raising=False)
    article = tmp_path / "port.txt"
    article.write_text("Written for the tests. Officials said on Monday that arrests at the port fell 21% "
                       "last fiscal year, to 2,300 apprehensions.\n", encoding="utf-8")
    result = run("--project", project, "add", article, "--title", "Port Arrests Fall", "--date", "2025-01-22")
    assert result.exit_code == 0, result.output
    path = project / "graph" / "articles" / "port-arrests-fall.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    draft = data["draft"]
    assert {d["text"]: d["value"] for d in draft["dates"]} == {"Monday": "2025-01-20", "last fiscal year": "2024"}
    counts = {q["text"]: q for q in draft["quantities"]}
    assert counts["2,300 apprehensions"]["unit"] == "apprehensions"
    change = counts["21%"]
    change.update(confirmed=True, subject="cbp", measure="arrests at the port", time="2024")
    counts["2,300 apprehensions"].update(confirmed=True, subject="cbp", time="2024")
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = run("--project", project, "build")
    assert result.exit_code == 0, result.output
    ttl = (project / "graph" / "kgborder.ttl").read_text(encoding="utf-8")
    assert "apprehensions" in ttl and "-21" in ttl


# --- measurements ---------------------------------------------------------------------------

def _measurements(text: str) -> list[dict]:
    from kgborder.curation import read_entities
    from kgborder.ontology import load_vocabulary
    from conftest import ROOT

    registry = read_entities(ROOT / "graph" / "entities.yaml", "graph/entities.yaml")
    draft = make_draft(text, registry, 2025, load_vocabulary(ROOT / "ontology"))
    return [s for s in draft["statements"] if s.get("kind") == "Measurement"]


def test_a_count_said_of_an_entity_is_a_measurement_with_its_time():
    text = "Written for the tests. The Nogales crossing saw about 9.8 million crossings into the United States in 2023."
    [m] = _measurements(text)
    assert (m["subject"], m["measure"], m["quantity"], m["time"]) == (
        "nogales-crossing", "crossings into the United States", {"value": 9800000, "unit": "crossings", "approx": "about"},
        "2023")
    assert m["evidence"] == "Nogales crossing saw about 9.8 million crossings into the United States in 2023"
    assert text[m["start"]:m["end"]] == m["evidence"] and m["why"] == "measurement: 'saw'"


@pytest.mark.parametrize("text, subject, measure", [
    ("Written for the tests. Mexico recorded 1,200 seizures of precursor chemicals last year.",
     "mexico", "seizures of precursor chemicals"),
    ("Written for the tests. The Nogales port of entry, the busiest in Arizona, also logged 214,000 pedestrians.",
     "nogales-crossing", "pedestrians"),
])
def test_a_verb_of_counting_after_an_apposition_or_adverb(text, subject, measure):
    [m] = _measurements(text)
    assert (m["subject"], m["measure"]) == (subject, measure)


def test_a_verb_of_counting_after_an_apposition_with_a_place_and_its_state():
    # the comma inside "Nogales, Arizona" does not end the apposition
    text = "Written for the tests. The Nogales crossing, north of Nogales, Sonora, handles 2,000 trucks a day."
    [m] = _measurements(text)
    assert (m["subject"], m["measure"], m["quantity"]) == ("nogales-crossing", "trucks a day",
                                                           {"value": 2000, "unit": "trucks"})


def test_a_verb_of_counting_after_which():
    text = "Written for the tests. Mexico opened the Nogales crossing, which recorded 1,400 pedestrians in 2023."
    [m] = _measurements(text)
    assert (m["subject"], m["measure"], m["time"]) == ("nogales-crossing", "pedestrians", "2023")


def test_the_number_of_a_registered_force_is_its_measurement():
    text = "Written for the tests. The order raises the number of National Guard members in Sonora to about 3,000."
    [m] = _measurements(text)
    assert (m["subject"], m["measure"], m["quantity"]) == (
        "national-guard-mexico", "National Guard members in Sonora", {"value": 3000, "unit": "members",
                                                                      "approx": "about"})
    assert m["evidence"] == "the number of National Guard members in Sonora to about 3,000"


def test_the_number_of_a_noun_named_before_is_that_entitys():
    # "troops" counts the active-duty troops the sentence sent
    text = ("Written for the tests. The Pentagon sent 500 more active-duty troops, bringing the number of troops "
            "in Texas to 4,000.")
    [m] = _measurements(text)
    assert (m["subject"], m["quantity"]) == ("us-active-duty-troops", {"value": 4000, "unit": "troops"})


@pytest.mark.parametrize("text, subject, measure, change, time", [
    ("Written for the tests. Fentanyl seizures in Sonora rose by about a third in 2023.",
     "sonora", "Fentanyl seizures", {"value": 33.3, "approx": "about"}, "2023"),
    ("Written for the tests. Last spring, the number of overdose deaths in Mexico fell 12% in 2023.",
     "mexico", "overdose deaths", {"value": -12}, "2023"),
])
def test_a_change_of_something_in_a_place_is_the_places_measurement(text, subject, measure, change, time):
    [m] = _measurements(text)
    assert (m["subject"], m["measure"], m["change"], m["time"]) == (subject, measure, change, time)
    assert m["trend"] == ("decrease" if change["value"] < 0 else "increase") and "quantity" not in m


@pytest.mark.parametrize("text, subject, measure, quantity, evidence", [
    ("Written for the tests. On Monday, about 300 trucks were waiting to cross at Nogales, twice the usual number.",
     "nogales-crossing", "trucks waiting to cross", {"value": 300, "unit": "trucks", "approx": "about"},
     "about 300 trucks were waiting to cross at Nogales"),
    ("Written for the tests. Officials said 12 people were killed in Sonora on Friday.",
     "sonora", "people killed", {"value": 12, "unit": "people"}, "12 people were killed in Sonora"),
])
def test_a_count_of_things_doing_something_at_a_place_is_the_places_measurement(text, subject, measure, quantity,
                                                                                 evidence):
    [m] = _measurements(text)
    assert (m["subject"], m["measure"], m["quantity"]) == (subject, measure, quantity)
    assert m["evidence"].startswith(evidence)


@pytest.mark.parametrize("text, measure, evidence", [
    ("Written for the tests. Mexico extradited 29 cartel figures to the United States.",
     "cartel figures extradited to the United States", "Mexico extradited 29 cartel figures to the United States"),
    ("Written for the tests. Mexico had sent troops to the border and handed 29 cartel figures over to the United "
     "States.", "cartel figures handed over to the United States",
     "handed 29 cartel figures over to the United States"),
])
def test_a_count_of_an_agents_act_no_relation_says_is_the_agents_measurement(text, measure, evidence):
    [m] = _measurements(text)
    assert (m["subject"], m["measure"], m["quantity"]) == ("mexico", measure, {"value": 29, "unit": "figures"})
    assert m["evidence"].endswith(evidence) and text[m["start"]:m["end"]] == m["evidence"]


@pytest.mark.parametrize("text", [
    "Written for the tests. CBP said smugglers moved 40 pounds of fentanyl.",   # CBP said, not counted
    "Written for the tests. Seizures in the desert rose by 12% in 2023.",       # no named place
    "Written for the tests. The number of seizures rose to 40.",                # nothing named to count
    "Written for the tests. Mexico sent 10,000 troops.",                        # a deployment, no count
    "Written for the tests. Nogales saw a 21% drop in seizures.",               # a change, not a count
    "Written for the tests. About 40 pounds of fentanyl were found in Sonora.",  # pounds of something: no doer
    "Written for the tests. About 40 trucks were stopped by agents in Sonora.",  # an agent between: theirs
    "Written for the tests. CBP seized 40 pounds of fentanyl.",                 # a statement of the model says it
    "Written for the tests. Officers in Sonora, on patrol, recovered 40 packages.",  # no name right before the verb
])
def test_no_measurement_without_a_verb_of_counting_next_to_its_entity(text):
    assert _measurements(text) == []


def test_a_confirmed_drafted_measurement_builds(project, run):
    article = project / "count.txt"
    article.write_text("Written for the tests; not a real news report.\n\n"
                       "The Nogales crossing saw about 9.8 million crossings into the United States in 2023.\n",
                       encoding="utf-8")
    assert run("--project", project, "add", article, "--title", "Crossings", "--date", "2024-02-10").exit_code == 0
    draft_file = project / "graph" / "articles" / "crossings.yaml"
    text = draft_file.read_text(encoding="utf-8")
    at = text.index("confirmed: false", text.index("kind: Measurement"))
    draft_file.write_text(text[:at] + "confirmed: true" + text[at + len("confirmed: false"):], encoding="utf-8")
    built = run("--project", project, "build")
    assert built.exit_code == 0, built.output
    answer = run("--project", project, "query", "-f", "csv",
                 "PREFIX kgb: <https://w3id.org/kgborder/ontology#> SELECT ?m WHERE { ?st a kgb:Measurement ; "
                 "kgb:subject <https://w3id.org/kgborder/id/nogales-crossing> ; kgb:measure ?m }")
    assert answer.exit_code == 0 and "crossings into the United States" in answer.stdout, answer.output
