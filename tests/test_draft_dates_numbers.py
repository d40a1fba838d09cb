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
])
def test_percentage_changes_carry_their_sign(text, written, value, trend):
    q = one(text)
    assert (q["text"], q["value"], q["unit"], q["field"], q["trend"]) == (written, value, "percent", "change", trend)


def test_doubled_is_a_change_of_a_hundred_percent():
    q = one("Crossings at the small port doubled.")
    assert (q["text"], q["value"], q["unit"], q["field"], q["trend"]) == ("doubled", 100, "percent", "change",
                                                                          "increase")


def test_more_than_half_is_a_share():
    q = one("More than half of the pills were pressed nearby.")
    assert (q["text"], q["value"], q["approx"], q["field"]) == ("More than half", 50, "more than", "share")


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
