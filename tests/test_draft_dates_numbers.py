"""Dates and numbers in the language of news, one case per pattern: what `kgborder add` proposes.

Every text here was written for these tests (none is real news). The article date used is
Wednesday, Jan. 22, 2025, unless a case says otherwise.
"""
from __future__ import annotations

import datetime as dt

import pytest

from kgborder.draft import find_dates, make_draft

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
