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
    if not Path(path).exists():
        return []
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


NOTES = {(row, "reviewer_note"): "checked" for row in range(2, 7)}  # a note says the reviewer looked at the row


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
    # the fifth row is left as the model labelled it: a model's guess is not stored as a label
    assert (result.rows_read, result.accepted, result.changed_labels, result.added, result.untouched) == (5, 5, 3, 4, 1)
    records = {r["action_id"]: r for r in read_store(store)}
    assert len(records) == 4
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
    assert (again.accepted, again.added, again.replaced, again.unchanged, again.changed) == (5, 0, 0, 1, 0)
    assert again.problems == []


def test_a_newer_review_replaces_an_older_one_but_not_the_reverse(tmp_path, sheet_path):
    store = tmp_path / "reviewed.jsonl"
    old = edit(sheet_path, {(2, "milestone"): "outbreak_response"}, save_as=tmp_path / "monday.xlsx",
               modified="2024-02-05T09:00:00Z")
    new = edit(sheet_path, {(2, "milestone"): "care_homes"}, save_as=tmp_path / "tuesday.xlsx",
               modified="2024-02-06T09:00:00Z")
    import_reviews([old], store, LABELS)
    result = import_reviews([new], store, LABELS)
    assert (result.replaced, result.unchanged, result.untouched) == (1, 0, 4)
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
    edit(sheet_path, {**NOTES, (3, column): value})
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
    import csv

    out = write_outputs(F.make_actions(), F.make_plans(), F.make_sections(), tmp_path / "out", F.RUN_INFO, LABELS)
    with open(out / "actions.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:  # the reviewer corrects every row's milestone
        row["milestone"] = "care_homes" if row["milestone"] != "care_homes" else "outbreak_response"
    with open(out / "actions.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = import_reviews([out / "actions.csv"], tmp_path / "s.jsonl", LABELS)
    assert result.problems == [] and result.accepted == 5 and result.changed_labels == 5
    stored = {r["action_id"]: r for r in read_store(tmp_path / "s.jsonl")}
    assert stored["p1a2b3c4d5e6f-0000000002"]["finance"] == "=1+1", "the apostrophe guard is removed"
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    (lonely / "actions.csv").write_bytes((out / "actions.csv").read_bytes())
    result = import_reviews([lonely / "actions.csv"], tmp_path / "t.jsonl", LABELS)
    assert result.accepted == 0 and "review_manifest.json" in result.problems[0].message


def test_a_boolean_saved_as_a_logical_formula_is_read_as_a_boolean(tmp_path, sheet_path):
    edit(sheet_path, {**NOTES, (4, "measurable"): "=TRUE()", (5, "time_bound"): "=FALSE"})
    result = import_reviews([sheet_path], tmp_path / "s.jsonl", LABELS)
    assert result.problems == [] and result.accepted == 5
    stored = {r["action_id"]: r for r in read_store(tmp_path / "s.jsonl")}
    assert stored["p1a2b3c4d5e6f-0000000003"]["measurable"] is True
    assert stored["p9f8e7d6c5b4a-0000000001"]["time_bound"] is False


def test_only_rows_a_reviewer_touched_are_stored_and_a_row_can_be_marked_no_action(tmp_path, sheet_path):
    from pipeline.labels.data import review_records, split_actions

    edit(sheet_path, {(3, "needs_review"): False,  # a flagged row checked: its labels confirmed
                      (4, "is_action"): "false"})  # no action of the plan
    store = tmp_path / "s.jsonl"
    result = import_reviews([sheet_path], store, LABELS)
    assert result.problems == []
    assert (result.accepted, result.added, result.untouched, result.not_actions) == (5, 2, 3, 1)
    stored = {r["action_id"]: r for r in read_store(store)}
    checked, dropped = stored["p1a2b3c4d5e6f-0000000002"], stored["p1a2b3c4d5e6f-0000000003"]
    assert checked["checked"] and checked["is_action"] and checked["corrected"] == []
    assert dropped["is_action"] is False and dropped["corrected"] == ["is_action"]
    actions, non_actions = split_actions(review_records(read_store(store)))
    assert [a["action_id"] for a in actions] == [checked["action_id"]]
    assert [n["text"] for n in non_actions] == [dropped["action"]]


def test_a_later_runs_untouched_spreadsheet_does_not_undo_a_correction(tmp_path, sheet_path):
    store = tmp_path / "s.jsonl"
    edit(sheet_path, {(2, "milestone"): "care_homes"}, modified="2024-02-05T09:00:00Z")
    import_reviews([sheet_path], store, LABELS)
    later = write_review_spreadsheet(F.make_actions(), tmp_path / "later.xlsx", LABELS,
                                     dict(F.RUN_INFO, run_id="run-20240301T000000-11111111"))
    set_modified(later, "2024-03-01T09:00:00Z")
    result = import_reviews([later], store, LABELS)
    assert (result.added, result.replaced, result.untouched) == (0, 0, 5)
    assert [r["milestone"] for r in read_store(store)] == ["care_homes"]
    # a correction made in the later run replaces the earlier one: one record per action
    edit(later, {(2, "milestone"): "outbreak_response"}, modified="2024-03-02T09:00:00Z")
    result = import_reviews([later], store, LABELS)
    assert result.replaced == 1 and [r["milestone"] for r in read_store(store)] == ["outbreak_response"]


def test_a_row_deleted_from_the_file_is_counted_missing(tmp_path, sheet_path):
    book = openpyxl.load_workbook(sheet_path)
    book["actions"].delete_rows(4)
    book.save(sheet_path)
    result = import_reviews([sheet_path], tmp_path / "s.jsonl", LABELS)
    assert (result.rows_read, result.missing) == (4, 1)
