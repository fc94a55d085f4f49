"""Action records -> contract rows: SMART fields read against the plan's own years."""
from __future__ import annotations

from pipeline.actions.record import ActionRecord
from pipeline.config import PROJECT_DIR
from pipeline.labels.apply import label_actions
from pipeline.labels.classifiers import Classifier
from pipeline.years import plan_year_start_of


def test_plan_year_start_comes_from_the_plans_own_year():
    assert plan_year_start_of("2020/23", 2021) == 2020
    assert plan_year_start_of("2022/23", 2021) == 2022
    assert plan_year_start_of("", 2021) == 2021
    assert plan_year_start_of("not a year", 2021) == 2021


def _row(plan_year: str, outcome: str) -> dict:
    record = ActionRecord(source_kind="table", action="Recruit a cluster advanced paramedic practitioner",
                          expected_outcome=outcome)
    plan = {"plan_id": "p", "source_file": "p.docx", "plan_year": plan_year}
    return label_actions([record], Classifier(PROJECT_DIR / "models" / "default"), plan)[0]


def test_a_2020_23_plan_keeps_its_2020_deadlines():
    row = _row("2020/23", "Home visits reduced by 30% by September 2020")
    assert row["due_date"] == "2020-09-30" and row["time_bound"] is True


def test_a_2021_22_plan_reads_a_2020_date_as_history():
    row = _row("2021/22", "Home visits reduced by 30% since September 2020")
    assert row["due_date"] == "" and row["time_bound"] is False


def test_bare_numbers_under_a_cost_column_in_pounds_count_as_money():
    record = ActionRecord(source_kind="table", action="Recruit a cluster advanced paramedic practitioner",
                          finance="21,600", finance_unit=1.0, risks="Funding of £500 for training")
    plan = {"plan_id": "p", "source_file": "p.docx", "plan_year": "2021/22"}
    row = label_actions([record], Classifier(PROJECT_DIR / "models" / "default"), plan)[0]
    assert row["amount_gbp"] == 22100 and row["finance"] == "21,600"


def test_a_finance_cell_merged_down_over_actions_counts_its_money_once():
    first = ActionRecord(source_kind="table", action="Offer weekly MDT ward rounds in care homes",
                         finance="£60,000 across actions 6-8")
    second = ActionRecord(source_kind="table", action="Introduce the Red Bag scheme in every care home",
                          finance="£60,000 across actions 6-8", shared_cells=["finance"])
    plan = {"plan_id": "p", "source_file": "p.docx", "plan_year": "2021/22"}
    rows = label_actions([first, second], Classifier(PROJECT_DIR / "models" / "default"), plan)
    assert [r["amount_gbp"] for r in rows] == [60000, None]
    assert rows[1]["finance"] == "£60,000 across actions 6-8"
    assert "finance cell shared" in rows[1]["review_reasons"] and rows[1]["needs_review"] is True
