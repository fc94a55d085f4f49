"""Reviewed spreadsheets back into labelled data: pipeline/review.py."""
from __future__ import annotations

import importlib.util
import json
import re
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pipeline.review import import_reviews
from pipeline.writers import write_outputs
from pipeline.writers.spreadsheet import write_review_spreadsheet


def _factories():
    name = "plans_writer_test_factories"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).parent / "writers" / "factories.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


F = _factories()
LABELS = F.LABELS


@pytest.fixture
def sheet_path(tmp_path):
    return write_review_spreadsheet(F.make_actions(), tmp_path / "actions.xlsx", LABELS, F.RUN_INFO)


def edit(path, changes, save_as=None, modified=None):
    """changes: {(excel_row, column_name): value}; rows are spreadsheet row numbers (header = 1)."""
    book = openpyxl.load_workbook(path)
    sheet = book["actions"]
    columns = {c.value: c.column for c in sheet[1]}
    for (row, name), value in changes.items():
        sheet.cell(row=row, column=columns[name], value=value)
    target = save_as or path
    book.save(target)
    if modified:
        set_modified(target, modified)
    return target


def set_modified(path, iso):
    """Pretend the reviewer saved the file at `iso` (docProps/core.xml dcterms:modified)."""
    path = Path(path)
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + iso.encode() + rb"\g<2>", data)
            target.writestr(info, data)


def read_store(path):
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def problems_at(result, row):
    return [p for p in result.problems if p.row == row]


def test_round_trip_stores_corrected_labels(tmp_path, sheet_path):
    edit(sheet_path, {(2, "priority_area"): "covid_cluster_hub",     # reviewer corrects the model
                      (3, "themes"): "long_term_conditions; workforce",
                      (4, "measurable"): True,                        # Excel turns a typed true into a boolean
                      (5, "reviewer_note"): "fine as it is"})
    store = tmp_path / "reviews" / "reviewed.jsonl"
    result = import_reviews([sheet_path], store, LABELS, now="2024-02-01T10:00:00Z")
    assert result.problems == []
    assert (result.rows_read, result.accepted, result.changed_labels, result.added) == (5, 5, 3, 5)
    records = {r["action_id"]: r for r in read_store(store)}
    assert len(records) == 5
    first = records["p1a2b3c4d5e6f-0000000001"]
    assert first["priority_area"] == "covid_cluster_hub" and first["corrected"] == ["priority_area"]
    assert first["run_id"] == F.RUN_INFO["run_id"] and first["source_file"] == str(sheet_path)
    assert first["imported_at"] == "2024-02-01T10:00:00Z"
    for field in ("objective", "action", "expected_outcome", "risks", "workforce", "finance", "monitoring",
                  "strategic_alignment_text", "milestone", "themes", "measurable", "time_bound"):
        assert field in first
    second = records["p1a2b3c4d5e6f-0000000002"]
    assert second["themes"] == ["long_term_conditions", "workforce"] and second["corrected"] == ["themes"]
    assert second["action"].startswith("-Practices"), "the plan's raw words, not the CSV-safe ones"
    assert records["p1a2b3c4d5e6f-0000000003"]["measurable"] is True
    assert records["p1a2b3c4d5e6f-0000000003"]["corrected"] == ["measurable"]
    assert records["p9f8e7d6c5b4a-0000000001"]["corrected"] == []
    assert records["p9f8e7d6c5b4a-0000000001"]["reviewer_note"] == "fine as it is"


def test_importing_the_same_file_twice_changes_nothing(tmp_path, sheet_path):
    edit(sheet_path, {(2, "milestone"): "outbreak_response"})
    store = tmp_path / "reviewed.jsonl"
    import_reviews([sheet_path], store, LABELS, now="2024-02-01T10:00:00Z")
    before = store.read_bytes()
    again = import_reviews([sheet_path], store, LABELS, now="2024-03-01T10:00:00Z")
    assert store.read_bytes() == before
    assert (again.accepted, again.added, again.replaced, again.unchanged, again.changed) == (5, 0, 0, 5, 0)
    assert again.problems == []


def test_a_newer_review_replaces_an_older_one_but_not_the_reverse(tmp_path, sheet_path):
    store = tmp_path / "reviewed.jsonl"
    old = edit(sheet_path, {(2, "milestone"): "outbreak_response"}, save_as=tmp_path / "monday.xlsx",
               modified="2024-02-05T09:00:00Z")
    new = edit(sheet_path, {(2, "milestone"): "care_homes"}, save_as=tmp_path / "tuesday.xlsx",
               modified="2024-02-06T09:00:00Z")
    import_reviews([old], store, LABELS)
    result = import_reviews([new], store, LABELS)
    assert (result.replaced, result.unchanged) == (1, 4)
    late = import_reviews([old], store, LABELS)  # Monday's copy imported after Tuesday's
    assert late.replaced == 0 and len(late.problems) == 1 and "newer review" in late.problems[0].message
    stored = {r["action_id"]: r for r in read_store(store)}
    assert stored["p1a2b3c4d5e6f-0000000001"]["milestone"] == "care_homes"
    # both files at once: the newest wins whatever the order
    store2 = tmp_path / "other.jsonl"
    import_reviews([new, old], store2, LABELS)
    assert {r["action_id"]: r for r in read_store(store2)}["p1a2b3c4d5e6f-0000000001"]["milestone"] == "care_homes"


def test_bad_rows_are_reported_with_sheet_and_row_and_not_stored(tmp_path, sheet_path):
    other_run = write_review_spreadsheet(
        F.make_actions().assign(action_id=lambda f: f["action_id"] + "-b"), tmp_path / "other_run.xlsx", LABELS,
        dict(F.RUN_INFO, run_id="run-20240202T000000-99999999"))
    pasted = openpyxl.load_workbook(other_run)["actions"]["A2"].value
    edit(sheet_path, {(2, "priority_area"): "covid_hubz",                  # not a label
                      (3, "action"): "A different action text",           # text changed
                      (4, "action_id"): "p9f8e7d6c5b4a-0000000001",       # duplicate of row 5
                      (6, "action_id"): pasted})                          # row from another run
    store = tmp_path / "reviewed.jsonl"
    result = import_reviews([sheet_path, other_run], store, LABELS)
    assert all(p.file == str(sheet_path) and p.sheet == "actions" for p in result.problems)
    assert "covid_hubz" in problems_at(result, 2)[0].message and problems_at(result, 2)[0].column == "priority_area"
    assert "text changed" in problems_at(result, 3)[0].message and "action" in problems_at(result, 3)[0].message
    assert "more than once" in problems_at(result, 4)[0].message and "5" in problems_at(result, 4)[0].message
    assert "more than once" in problems_at(result, 5)[0].message
    assert "not from this file's run" in problems_at(result, 6)[0].message
    assert "run-20240202T000000-99999999" in problems_at(result, 6)[0].message
    assert str(problems_at(result, 2)[0]).startswith(f"{sheet_path}, sheet 'actions', row 2, column priority_area: ")
    mine = [r for r in read_store(store) if r["run_id"] == F.RUN_INFO["run_id"]]
    assert mine == [], "every row of the edited file had a problem; none is stored"
    assert result.rows_read == 10 and result.accepted == 5  # the untouched other-run file is fine


@pytest.mark.parametrize("column, value, expected", [
    ("measurable", "maybe", "not true or false"),
    ("milestone", "", "empty"),
    ("themes", "workforce;robots", "robots"),
    ("finance", "=1+1", "formula"),
])
def test_more_row_problems(tmp_path, sheet_path, column, value, expected):
    edit(sheet_path, {(3, column): value})
    result = import_reviews([sheet_path], tmp_path / "s.jsonl", LABELS)
    assert [p.row for p in result.problems] and {p.row for p in result.problems} == {3}
    assert any(expected in p.message for p in result.problems)
    assert result.accepted == 4 and len(read_store(tmp_path / "s.jsonl")) == 4


def test_missing_columns_or_run_sheet_reject_the_file(tmp_path, sheet_path):
    book = openpyxl.load_workbook(sheet_path)
    header = [c.value for c in book["actions"][1]]
    book["actions"].delete_cols(header.index("themes") + 1)
    book.save(tmp_path / "no_themes.xlsx")
    result = import_reviews([tmp_path / "no_themes.xlsx"], tmp_path / "s.jsonl", LABELS)
    assert result.accepted == 0 and result.rows_read == 5
    assert "missing columns: themes" in result.problems[0].message and not (tmp_path / "s.jsonl").exists()

    book = openpyxl.load_workbook(sheet_path)
    del book["_run"]
    book.save(tmp_path / "no_run.xlsx")
    result = import_reviews([tmp_path / "no_run.xlsx"], tmp_path / "s.jsonl", LABELS)
    assert result.accepted == 0 and "'_run'" in result.problems[0].message

    result = import_reviews([tmp_path / "nowhere.xlsx"], tmp_path / "s.jsonl", LABELS)
    assert "no such file" in result.problems[0].message


def test_reviewed_csv_with_its_manifest(tmp_path):
    out = write_outputs(F.make_actions(), F.make_plans(), F.make_sections(), tmp_path / "out", F.RUN_INFO, LABELS)
    result = import_reviews([out / "actions.csv"], tmp_path / "s.jsonl", LABELS)
    assert result.problems == [] and result.accepted == 5 and result.changed_labels == 0
    stored = {r["action_id"]: r for r in read_store(tmp_path / "s.jsonl")}
    assert stored["p1a2b3c4d5e6f-0000000002"]["finance"] == "=1+1", "the apostrophe guard is removed"
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    (lonely / "actions.csv").write_bytes((out / "actions.csv").read_bytes())
    result = import_reviews([lonely / "actions.csv"], tmp_path / "t.jsonl", LABELS)
    assert result.accepted == 0 and "review_manifest.json" in result.problems[0].message


def test_a_boolean_saved_as_a_logical_formula_is_read_as_a_boolean(tmp_path, sheet_path):
    edit(sheet_path, {(4, "measurable"): "=TRUE()", (5, "time_bound"): "=FALSE"})
    result = import_reviews([sheet_path], tmp_path / "s.jsonl", LABELS)
    assert result.problems == [] and result.accepted == 5
    stored = {r["action_id"]: r for r in read_store(tmp_path / "s.jsonl")}
    assert stored["p1a2b3c4d5e6f-0000000003"]["measurable"] is True
    assert stored["p9f8e7d6c5b4a-0000000001"]["time_bound"] is False
