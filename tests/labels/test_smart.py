"""SMART-field rules: amount_gbp, deadlines / due_date / time_bound, measurable."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.labels.smart import (
    amount_gbp,
    bare_amount,
    deadlines,
    due_date,
    is_measurable,
    is_time_bound,
    smart_fields,
)


# --------------------------------------------------------------------------
# amount_gbp
# --------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # contract examples
    ("£12.5k", 12500),
    ("£60,000 + £5,000", 65000),
    # brief examples
    ("£45,000 recurrent", 45000),
    ("£10k + £5k", 15000),
    ("£1.2m", 1_200_000),
    ("£1.2 million", 1_200_000),
    ("£3,500.50", 3500.5),
    ("GBP 2,000", 2000),
    ("£ 20k", 20000),
    ("2,000 GBP", 2000),
    ("£2K from the cluster budget", 2000),
    # ranges count once, at the upper bound
    ("£10-15k", 15000),
    ("£10k-£15k", 15000),
    ("£10k – £15k", 15000),
    ("£10,000 - £15,000", 15000),
    ("£10k to £15k", 15000),
    ("between £10k and £15k", 15000),
    # every amount written, summed
    ("£5k and £3k", 8000),
    ("£62,000 ANP; £11,500 admin", 73500),
    ("Transformation Fund £110k + cluster £32k", 142000),
    ("£6,000 (Tai Tarian contribution £2,000)", 8000),
    ("£4,800 for sessional cover plus £1,200 equipment", 6000),
    ("£80 per session", 80),
    ("£96,000 per annum", 96000),
    # a dash followed by a smaller plain number is not a range
    ("£9,000 – 500 BP monitors", 9000),
    ("£2k to 3 practices", 2000),
])
def test_amount_values(text, expected):
    assert amount_gbp([text]) == pytest.approx(expected)


@pytest.mark.parametrize("text", [
    "within existing resources", "Within existing GMS resources", "nil", "Nil cost to cluster",
    "TBC", "", "10k steps a day", "Band 8a 1.0 WTE", "funded nationally",
])
def test_amount_none(text):
    assert amount_gbp([text]) is None


def test_amount_sums_across_cells_and_repeats():
    assert amount_gbp(["£5,000 set-up", "", "Recurrent £5,000", "Nil"]) == 10000
    assert amount_gbp(["£3k", "£3k"]) == 6000  # every occurrence counts
    assert amount_gbp([]) is None


def test_amount_zero_is_a_stated_amount():
    assert amount_gbp(["£0 – no cost"]) == 0


# --------------------------------------------------------------------------
# deadlines / due_date
# --------------------------------------------------------------------------

D = date


@pytest.mark.parametrize("text, expected", [
    # contract examples
    ("end of March 2022", D(2022, 3, 31)),
    ("September 2021", D(2021, 9, 30)),
    ("by 1 September 2021", D(2021, 9, 1)),
    ("Q3 2021/22", D(2021, 12, 31)),
    # brief examples
    ("by end of Q3 2021/22", D(2021, 12, 31)),
    ("Q1 2021/22", D(2021, 6, 30)),
    ("March 2022", D(2022, 3, 31)),
    ("30/09/2021", D(2021, 9, 30)),
    ("1st Sept 21", D(2021, 9, 1)),
    ("Sept 21", D(2021, 9, 30)),
    ("March '22", D(2022, 3, 31)),
    ("Q1 2021-22", D(2021, 6, 30)),
    ("quarter 4 of 2021/22", D(2022, 3, 31)),
    ("Cleared by Q2", D(2021, 9, 30)),
    ("by 2022/23", D(2023, 3, 31)),
    ("end of 2021/22", D(2022, 3, 31)),
    ("by end of 2021", D(2021, 12, 31)),
    ("during 2022", D(2022, 12, 31)),
    ("by December", D(2021, 12, 31)),
    ("by the end of March", D(2022, 3, 31)),
    ("by year end", D(2022, 3, 31)),
    ("by the end of the financial year", D(2022, 3, 31)),
    ("winter 2021/22", D(2022, 2, 28)),
    # more forms
    ("by 31/3/22", D(2022, 3, 31)),
    ("all 9 practices by 31/03/22", D(2022, 3, 31)),
    ("Mar-22", D(2022, 3, 31)),
    ("before 30th June 2021", D(2021, 6, 30)),
    ("31st of March 2022", D(2022, 3, 31)),
    ("September 1, 2021", D(2021, 9, 1)),
    ("by 30 June", D(2021, 6, 30)),
    ("by 30 January", D(2022, 1, 30)),
    ("Go-live: September 2021.", D(2021, 9, 30)),
    ("by end Q3", D(2021, 12, 31)),
    ("by the end of Q4", D(2022, 3, 31)),
    ("in the third quarter", D(2021, 12, 31)),
    ("by Q4 2021/22", D(2022, 3, 31)),
    ("Q2 2022/23", D(2022, 9, 30)),
    ("Agency nurse for 12 weeks, Sep–Nov", D(2021, 11, 30)),
    ("Sept/Oct 2021", D(2021, 10, 31)),
    ("by Dec 21.", D(2021, 12, 31)),
    ("autumn 2021", D(2021, 11, 30)),
    ("end of the calendar year", D(2021, 12, 31)),
    ("2021-09-30", D(2021, 9, 30)),
    ("evaluated by the end of February 2022", D(2022, 2, 28)),
    ("In May", D(2021, 5, 31)),
    ("by 09/2021", D(2021, 9, 30)),
    ("by quarter four", D(2022, 3, 31)),
    ("by the 2022/23 year end", D(2023, 3, 31)),
    ("FY22", D(2022, 3, 31)),
    ("FY 2021/22", D(2022, 3, 31)),
    ("by Spring 2022", D(2022, 5, 31)),
    ("Forum established by July 2021", D(2021, 7, 31)),
    ("Target date: 31.12.21", D(2021, 12, 31)),
    ("w/c 6th September 2021", D(2021, 9, 6)),
    ("Deadline – end Sept 2021", D(2021, 9, 30)),
    ("by the end of the plan period (March 2023)", D(2023, 3, 31)),
    ("by March, 15 patients seen", D(2022, 3, 31)),
    # an abbreviated month counts straight after a deadline word
    ("Clinics running by Dec", D(2021, 12, 31)),
    ("Audit complete by end Dec", D(2021, 12, 31)),
    ("Two Saturday clinics in Oct", D(2021, 10, 31)),
    ("Report to the PCPG by end of Oct", D(2021, 10, 31)),
    ("by 31 Jan", D(2022, 1, 31)),
])
def test_single_deadline(text, expected):
    assert deadlines(text) == [expected]


@pytest.mark.parametrize("text", [
    # frequencies
    "weekly virtual ward round", "monthly activity report", "quarterly", "reviewed annually",
    "a fortnightly huddle", "Daily MDT",
    # response standards and durations
    "within 48 hours", "within 2 working days", "seen within 28 days of referral",
    "over 12 months", "a 6 week programme", "12-week course", "fixed term 12 months",
    # ages and numbers
    "over 75s", "men aged 50+", "patients over 65", "1,000 pulse checks", "0.8 WTE",
    # codes, references, counts that look like dates
    "NEWS2 and 111", "24/7 service", "grade 3/4 pressure ulcers", "Covid-19 booster",
    "caseload of 15-20", "16-17 year olds",
    # history, citations and nouns
    "In March 2020 the cluster set up a red hub", "since before March 2020",
    "not reviewed since the start of the pandemic in 2020",
    "evaluate the winter 2020/21 step-up bed pilot",
    "up 20% on the 2020/21 baseline", "to inform the 2022/23 plan",
    "following the December 2021 JCVI advice", "reduced by 10% against the Q1 baseline",
    "Over the winter months", "Clinics booked from mid-September",
    "From April 2022 the service will be recurrent", "Mar 2022 onwards",
    "The hub was opened in April 2021", "It has been running since May 2021",
    "Flu season 2021/22", "the 2020-23 IMTP", "by next year", "In year",
    # verbs and names that look like months
    "Practices may wish to", "Patients may attend", "a march for health", "Jan from the HB team",
    # nothing
    "", "Reduce waiting times",
])
def test_not_a_deadline(text):
    assert deadlines(text) == []


def test_range_gives_its_end():
    assert due_date(["Timescale: April 2021 - March 2022"]) == D(2022, 3, 31)
    assert deadlines("from April 2021 to March 2022") == [D(2022, 3, 31)]
    assert deadlines("1 April 2021 - 31 March 2022") == [D(2021, 4, 1), D(2022, 3, 31)]


def test_two_deadlines_in_order():
    text = ("Agree referral protocol by June 2021\n"
            "• Go-live of direct booking by October 2021")
    assert deadlines(text) == [D(2021, 6, 30), D(2021, 10, 31)]
    assert deadlines("in Q1 and again in Q3") == [D(2021, 6, 30), D(2021, 12, 31)]


def test_past_date_dropped_future_kept():
    text = "who have not been reviewed since before March 2020, all seen by 31 March 2022"
    assert deadlines(text) == [D(2022, 3, 31)]
    assert deadlines("by March 2021") == []  # before the 2021/22 plan year


def test_plan_year_start_moves_inferred_years():
    assert deadlines("by December", plan_year_start=2022) == [D(2022, 12, 31)]
    assert deadlines("by Q2", plan_year_start=2022) == [D(2022, 9, 30)]
    assert deadlines("year end", plan_year_start=2022) == [D(2023, 3, 31)]
    assert deadlines("by March 2022", plan_year_start=2022) == []


def test_due_date_is_latest_across_texts():
    texts = ["Reduce falls", "Pathway signed off by December 2021", "Evaluation by Q4 2021/22"]
    assert due_date(texts) == D(2022, 3, 31)
    assert is_time_bound(texts)
    assert due_date(["weekly", "within 48 hours"]) is None
    assert not is_time_bound(["weekly", "within 48 hours", ""])


# --------------------------------------------------------------------------
# measurable
# --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "increase uptake to 75%",
    "Recruit 0.8 WTE Advanced Paramedic Practitioner",
    "SMRs for at least 400 patients",
    "all practices", "All 8 practices to meet the standards",
    "every care home", "Each practice to update its plan", "100% of staff trained",
    "all eligible patients", "ACP for every child", "Train all reception and front-of-house staff",
    "seen within 48 hours", "a CRT assessment within 24 hours", "responded to by the end of the next working day",
    "appointments offered within the same week",
    "two Saturday morning sessions a month", "at least one Welsh-medium group",
    "a 6-week self-management course", "men aged 50+", "children above the 98th centile",
    "No practice has to suspend face-to-face services",
    "Direct booking live in at least two practices",
    "Saturday clinics (9am–12pm)", "caseload of 15-20",
    "Fund a £12k post",
    "1. Recruit 2 pharmacists",
    "by March, 15 patients seen", "Offer all of them vaccination at their practice",
    "a money advice worker one day a week", "triaged the same day",
    "aiming for no unrecorded pharmacy vaccinations", "walk-in for under-25s",
])
def test_measurable(text):
    assert is_measurable([text])


@pytest.mark.parametrize("text", [
    "Reduce waiting times", "Improve access to services",
    "Q3", "by end of Q3", "2021/22", "Planned action 2021/22", "COVID-19", "Covid-19 booster programme",
    "Section 5", "see Section 5 of the plan", "NEWS2", "NHS 111", "111", "24/7", "24/7 access",
    "by 31 March 2022", "by September 2021", "March 2022", "in line with the 2020/21 baseline",
    "Band 7 physiotherapist", "Level 2 of the All Wales Weight Management Pathway", "type 2 diabetes",
    "Phase 1 and Phase 2 of the Access Standards", "grade 3/4 pressure ulcers", "HbA1c checks",
    "GAD-7 and PHQ-9 scores", "All Wales Future Care Plan", "weekly MDT huddle",
    "Cluster Lead to attend monthly", "Refresh the 3-year plan with partners",
    "Agree the cluster's 3-year workforce plan by 30th June",
    "Hub rota shared with OOH every Friday so clinicians can refer",
    "Review metrics at each cluster meeting", "each other", "",
    "WHC/2021/005", "the 2021-2024 strategy", "by quarter four", "Call NHS 111.",
    "1. Promote the service\n2. Engage the public",
])
def test_not_measurable(text):
    assert not is_measurable([text])


def test_measurable_any_text():
    assert is_measurable(["Reduce waits", "", "Maximum wait of 4 weeks"])
    assert not is_measurable(["Reduce waits", "", "by Q4 2021/22"])


# --------------------------------------------------------------------------
# smart_fields (row level)
# --------------------------------------------------------------------------

def test_smart_fields_row():
    out = smart_fields(
        "Reduce polypharmacy",
        "Cluster pharmacists to complete structured medication reviews",
        "SMRs completed for at least 400 patients by end of March 2022",
        ["Reduce polypharmacy", "Cluster pharmacists ...", "SMRs ...", "Pharmacist time",
         "2 x Band 8a", "Funded through existing posts (£96,000 recurrent)", "Quarterly report"],
    )
    assert out == {"measurable": True, "time_bound": True, "due_date": "2022-03-31",
                   "amount_gbp": 96000}


def test_smart_fields_monitoring_and_finance_do_not_make_smart():
    # numbers and dates outside objective/action/expected outcome don't count
    out = smart_fields(
        "", "Continue to fund the Community Connector service", "",
        ["Continue to fund the Community Connector service", "Third sector funding ends March 2022",
         "1 WTE connector", "£28,000 cluster funding", "Referral numbers monthly, 50 a quarter"],
    )
    assert out == {"measurable": False, "time_bound": False, "due_date": None, "amount_gbp": 28000}


def test_smart_fields_empty_row():
    out = smart_fields("", "Promote the Covid Recovery App", "", ["", "Within existing resources"])
    assert out == {"measurable": False, "time_bound": False, "due_date": None, "amount_gbp": None}


def test_smart_fields_plan_year():
    out = smart_fields("", "Go live by Q2", "", [], plan_year_start=2022)
    assert out["due_date"] == "2022-09-30"


@pytest.mark.parametrize("text", ["Letter to Jan Davies", "Contact Jan by phone"])
def test_abbreviated_month_alone_is_not_a_deadline(text):
    assert deadlines(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Weekend clinics from September to March", date(2022, 3, 31)),
    ("Sessions from Sep to Nov 2021", date(2021, 11, 30)),
])
def test_a_range_from_a_start_ends_at_a_deadline(text, expected):
    assert deadlines(text) == [expected]


def test_a_past_range_from_a_start_is_history():
    assert deadlines("The service ran from April 2020 to March 2021") == []


@pytest.mark.parametrize("cell, unit, expected", [
    ("21,600", 1, 21600),
    ("12.5", 1000, 12500),  # under "Budget £k"
    ("12.5k recurrent", 1, 12500),
    ("3,000 + 1,500", 1, 4500),
    ("2021/22: 4,000", 1, 4000),  # the year is no money
    ("1.0 WTE; 20 sessions", 1, None),  # staff and counts are not money
    ("Nil", 1, None),
    ("£5,000", 1, None),  # written in pounds already: amount_gbp reads it
    ("21,600", 0, None),  # a header naming no unit: a bare number is never money
])
def test_bare_numbers_under_a_header_naming_the_unit_are_pounds(cell, unit, expected):
    assert bare_amount(cell, unit) == expected
