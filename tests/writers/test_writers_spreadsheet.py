import re

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string

from pipeline.writers.common import TEXT_COLUMNS, fingerprint
from pipeline.writers.spreadsheet import SHEET_COLUMNS, write_review_spreadsheet


@pytest.fixture
def book(tmp_path, formula_actions, labels, run_info):
    path = write_review_spreadsheet(formula_actions, tmp_path / "actions.xlsx", labels, run_info)
    return openpyxl.load_workbook(path)


def header(sheet):
    return [c.value for c in next(sheet.iter_rows(max_row=1))]


def validated_columns(sheet):
    names = header(sheet)
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in str(validation.sqref).split():
            index = column_index_from_string(re.match(r"[A-Z]+", cell_range).group(0)) - 1
            found[names[index]] = validation
    return found


def test_no_cell_is_a_formula_and_text_is_kept_as_written(book, formula_actions):
    formulas = [f"{ws.title}!{c.coordinate}" for ws in book.worksheets for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
    assert formulas == []
    sheet = book["actions"]
    names = header(sheet)
    for row, original in zip(sheet.iter_rows(min_row=2, values_only=True), formula_actions.to_dict("records")):
        values = dict(zip(names, row))
        for column in ("source_file", *TEXT_COLUMNS):
            assert values[column] == original[column], "string cells hold the raw text, no apostrophe"
        assert values["action"][0] in "=+-@"


def test_sheets_and_layout(book):
    assert book.sheetnames == ["actions", "guide", "labels", "_run"]
    assert book["labels"].sheet_state == "hidden" and book["_run"].sheet_state == "veryHidden"
    sheet = book["actions"]
    assert header(sheet) == SHEET_COLUMNS
    assert header(sheet)[:6] == ["action_id", "plan_id", "source_file", "page", "section_key", "source_kind"]
    assert header(sheet)[-1] == "reviewer_note"
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["I"].width > 40  # the action column is wide
    assert "plans review import" in " ".join(str(c.value) for row in book["guide"].iter_rows() for c in row)


def test_drop_downs_on_label_columns(book, labels):
    found = validated_columns(book["actions"])
    assert {"priority_area", "milestone", "measurable", "time_bound", "themes"} <= set(found)
    for kind in ("priority_area", "milestone"):
        validation = found[kind]
        assert validation.type == "list"
        sheet_name, cells = validation.formula1.split("!")
        assert sheet_name == "labels"
        first, last = (int(x) for x in re.findall(r"\d+", cells))
        column = re.match(r"\$?([A-Z]+)", cells).group(1)
        values = [book["labels"][f"{column}{r}"].value for r in range(first, last + 1)]
        assert values == labels[kind]
    assert found["themes"].prompt and "access_urgent_care" in found["themes"].prompt
    assert len(found["themes"].prompt) <= 255


def test_needs_review_rows_are_highlighted(book):
    sheet = book["actions"]
    from openpyxl.utils import get_column_letter

    column = get_column_letter(header(sheet).index("needs_review") + 1)
    rules = [rule for cf in sheet.conditional_formatting for rule in cf.rules]
    assert any(rule.formula and f"${column}2" in rule.formula[0] and '"true"' in rule.formula[0] for rule in rules)


def test_run_sheet_has_run_and_fingerprints(book, formula_actions, run_info):
    rows = list(book["_run"].iter_rows(values_only=True))
    meta = {r[0]: r[1] for r in rows if r[0]}
    assert meta["run_id"] == run_info["run_id"] and meta["taxonomy_version"] == run_info["taxonomy_version"]
    table = {r[3]: r for r in rows[1:] if r[3]}
    for original in formula_actions.to_dict("records"):
        assert table[original["action_id"]][4] == fingerprint(original)


def test_empty_actions_still_make_a_valid_workbook(tmp_path, actions, labels, run_info):
    path = write_review_spreadsheet(actions.iloc[:0], tmp_path / "empty.xlsx", labels, run_info)
    book = openpyxl.load_workbook(path)
    assert header(book["actions"]) == SHEET_COLUMNS
    assert {"priority_area", "milestone"} <= set(validated_columns(book["actions"]))


def test_reviewers_see_why_a_row_is_flagged(book, formula_actions):
    sheet = book["actions"]
    names = header(sheet)
    shown = [dict(zip(names, row))["review_reasons"] or "" for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert shown == [str(r or "") for r in formula_actions["review_reasons"]]
