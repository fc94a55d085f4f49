import csv
import io

import pandas as pd
import pytest

from pipeline.writers.common import ACTION_COLUMNS, PLAN_COLUMNS, SECTION_COLUMNS
from pipeline.writers.safe_text import restore_formula_text
from pipeline.writers.tables import summary_tables, write_summary, write_tables

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
STRING_COLUMNS = [c for c in ACTION_COLUMNS if c not in (
    "section_no", "page", "priority_area_confidence", "milestone_confidence", "measurable", "time_bound",
    "amount_gbp", "needs_review")]


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def test_actions_csv_round_trip(tmp_path, actions, plans, sections):
    write_tables(actions, plans, sections, tmp_path)
    raw = (tmp_path / "actions.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark: the header must read action_id"
    assert b"\r\n" in raw, "RFC 4180 line ends"
    header, rows = read_rows(tmp_path / "actions.csv")
    assert header[:len(ACTION_COLUMNS)] == ACTION_COLUMNS
    assert header[len(ACTION_COLUMNS):] == ["review_reasons"]
    assert len(rows) == len(actions)
    for row, original in zip(rows, actions.to_dict("records")):
        for column in STRING_COLUMNS:
            expected = original[column] if isinstance(original[column], str) else ""
            assert restore_formula_text(row[column]) == expected, column
    first, second, _, docx, _ = rows
    assert first["risks"] == 'Recruitment market, "very" competitive'
    assert second["objective"] == "'+Reduce the diabetes backlog, line one\nline two"
    assert (first["measurable"], first["time_bound"], first["needs_review"]) == ("true", "true", "false")
    assert first["section_no"] == "5" and first["page"] == "4"
    assert first["amount_gbp"] == "46500" and float(first["priority_area_confidence"]) == pytest.approx(0.93)
    assert second["amount_gbp"] == "" and second["due_date"] == ""
    assert docx["page"] == "" and docx["health_board"] == ""
    # pandas reads it back with the same shape and values
    frame = pd.read_csv(tmp_path / "actions.csv", keep_default_na=False, dtype=str)
    assert list(frame.columns[:len(ACTION_COLUMNS)]) == ACTION_COLUMNS
    assert frame.loc[3, "themes"] == "older_people_care_homes;community_services_rehab"


def test_every_text_cell_starting_with_a_trigger_is_neutralised(tmp_path, formula_actions, plans, sections):
    write_tables(formula_actions, plans, sections, tmp_path)
    _, rows = read_rows(tmp_path / "actions.csv")
    for row in rows:
        for column, value in row.items():
            if value:
                assert not value.startswith(TRIGGERS), (column, value)
    originals = formula_actions.to_dict("records")
    for row, original in zip(rows, originals):
        assert row["action"] == "'" + original["action"]
        assert row["objective"] == "'" + original["objective"]
    # plans.csv and sections.csv text gets the same treatment
    _, section_rows = read_rows(tmp_path / "sections.csv")
    assert section_rows[1]["heading"] == "'=5. Key actions"


def test_parquet_keeps_raw_text_and_types(tmp_path, formula_actions, plans, sections):
    write_tables(formula_actions, plans, sections, tmp_path)
    frame = pd.read_parquet(tmp_path / "actions.parquet")
    assert list(frame.columns[:len(ACTION_COLUMNS)]) == ACTION_COLUMNS
    assert frame["action"].tolist() == formula_actions["action"].tolist()
    assert str(frame["page"].dtype) == "Int64" and pd.isna(frame.loc[3, "page"])
    assert str(frame["measurable"].dtype) == "boolean"
    assert frame["amount_gbp"].dtype == "float64"
    assert pd.isna(frame.loc[1, "due_date"]), "an empty due date is null, not ''"


def test_plans_and_sections_csv(tmp_path, actions, plans, sections):
    write_tables(actions, plans, sections, tmp_path)
    header, rows = read_rows(tmp_path / "plans.csv")
    assert header[:len(PLAN_COLUMNS)] == PLAN_COLUMNS
    assert [r["status"] for r in rows] == ["ok", "partial", "failed"]
    assert rows[2]["n_actions"] == "" and rows[0]["n_pages"] == "12"
    header, rows = read_rows(tmp_path / "sections.csv")
    assert header == SECTION_COLUMNS and rows[2]["page_start"] == ""


def test_no_actions_still_writes_headers(tmp_path, plans, sections, labels):
    empty = pd.DataFrame(columns=ACTION_COLUMNS)
    write_tables(empty, plans, sections, tmp_path)
    header, rows = read_rows(tmp_path / "actions.csv")
    assert header == ACTION_COLUMNS and rows == []
    tables = summary_tables(empty, plans.iloc[2:], labels)  # only the failed plan
    assert len(tables["milestone_coverage"]) == 0
    assert set(labels["milestone"]) <= set(tables["milestone_coverage"].columns)


def test_missing_contract_columns_is_an_error(tmp_path, actions, plans, sections):
    with pytest.raises(ValueError, match="due_date"):
        write_tables(actions.drop(columns=["due_date"]), plans, sections, tmp_path)


def test_summary_table_shapes(actions, plans, labels):
    tables = summary_tables(actions, plans, labels)
    assert {"themes_by_health_board", "priority_areas_by_cluster", "milestone_coverage",
            "smart_completeness_by_cluster", "needs_review_by_plan", "finance_by_priority_area"} <= set(tables)

    coverage = tables["milestone_coverage"]
    assert list(coverage.columns) == ["health_board", "cluster", "n_actions"] + labels["milestone"]
    assert len(coverage) == 2, "one row per cluster; the failed plan names no cluster"
    amman = coverage.set_index("cluster").loc["Amman Gwendraeth"]
    assert amman["essential_services"] == 2 and amman["urgent_primary_care"] == 1
    assert amman["outbreak_response"] == 0, "a milestone with no action is a zero column, not a missing one"
    assert (coverage[labels["milestone"]].sum(axis=1) == coverage["n_actions"]).all()

    priority = tables["priority_areas_by_cluster"]
    assert list(priority.columns) == ["health_board", "cluster", "n_actions"] + labels["priority_area"]
    assert priority[labels["priority_area"]].to_numpy().sum() == len(actions)

    themes = tables["themes_by_health_board"]
    assert list(themes.columns) == ["health_board", "n_actions", "n_without_theme"] + labels["themes"]
    hywel = themes.set_index("health_board").loc["Hywel Dda"]
    assert (hywel["n_actions"], hywel["n_without_theme"], hywel["workforce"]) == (3, 1, 1)
    assert "(not stated)" in set(themes["health_board"])

    smart = tables["smart_completeness_by_cluster"].set_index("cluster")
    assert smart.loc["Amman Gwendraeth", "share_measurable"] == pytest.approx(2 / 3, abs=1e-3)
    assert smart.loc["North Ceredigion", "share_amount_gbp"] == 1.0
    assert smart.loc["North Ceredigion", "share_all_four"] == 0.5

    review = tables["needs_review_by_plan"].set_index("source_file")
    assert review.loc["amman.pdf", "n_needs_review"] == 2
    assert review.loc["broken.pdf", "n_actions"] == 0 and review.loc["broken.pdf", "status"] == "failed"

    finance = tables["finance_by_priority_area"].set_index("priority_area")
    assert list(finance.index) == labels["priority_area"]
    assert finance.loc["covid_essential_services", "total_gbp"] == 46500
    assert finance.loc["covid_rehabilitation", "n_actions"] == 0


def test_a_cluster_whose_plan_was_read_but_yielded_nothing_shows_zeros(actions, plans, labels):
    extra = plans.iloc[[0]].assign(plan_id="pempty", source_file="empty.pdf", cluster="Taf Ely", n_actions=0)
    tables = summary_tables(actions, pd.concat([plans, extra], ignore_index=True), labels)
    row = tables["milestone_coverage"].set_index("cluster").loc["Taf Ely"]
    assert row["n_actions"] == 0 and row[labels["milestone"]].sum() == 0


def test_label_sets_come_from_the_argument(actions, plans, labels):
    labels = dict(labels, milestone=labels["milestone"] + ["new_cycle_milestone"])
    tables = summary_tables(actions, plans, labels)
    assert "new_cycle_milestone" in tables["milestone_coverage"].columns
    odd = actions.assign(milestone=["essential_services", "not_a_label", "none", "none", "none"])
    coverage = summary_tables(odd, plans, labels)["milestone_coverage"]
    assert "not_a_label" in coverage.columns, "an unknown label is counted, not dropped"


def test_write_summary(tmp_path, actions, plans, labels):
    written = write_summary(summary_tables(actions, plans, labels), tmp_path / "summary")
    assert len(list((tmp_path / "summary").glob("*.csv"))) == len(written) >= 4
    header, rows = read_rows(tmp_path / "summary" / "milestone_coverage.csv")
    assert header[3:] == labels["milestone"] and len(rows) == 2
    assert io.StringIO((tmp_path / "summary" / "smart_completeness_by_cluster.csv").read_text()).read()


def test_a_run_whose_actions_carry_no_theme_still_summarises(actions, plans, labels):
    """One plan, its only actions without any theme: the theme table has the board's row, all zeros."""
    untagged = actions.iloc[[0]].assign(themes="")
    tables = summary_tables(untagged, plans.iloc[[0]], labels)
    row = tables["themes_by_health_board"].iloc[0]
    assert row["n_actions"] == 1 and row["n_without_theme"] == 1 and row[labels["themes"]].sum() == 0
