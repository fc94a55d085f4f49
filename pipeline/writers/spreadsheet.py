"""actions.xlsx: the reviewer's spreadsheet.

Sheets, in order:
  actions  one row per action: provenance, the plan's words, the labels to check
           (drop-down lists of valid ids), confidences, and a reviewer_note column
  guide    how to review, and every valid label id with its meaning
  labels   (hidden) the valid ids the drop-down lists read
  _run     (hidden, protected) run id, taxonomy version and, per action, the
           fingerprint of its text and the labels the model gave, which
           `plans review import` checks the reviewed file against

Every text goes into a string cell (write_string; the workbook is opened with
strings_to_formulas and strings_to_urls off), so no plan text can become a
formula or a link, whatever it starts with.
"""
from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from .common import (ACTION_COLUMNS, EXTRA_TEXT_COLUMNS, REVIEWED_LABELS, TEXT_COLUMNS, as_bool, cell_text,
                     check_columns, field_hashes, fingerprint, label_descriptions, resolve_labels, split_themes,
                     text_of)
from .safe_text import is_missing

ACTIONS_SHEET = "actions"
GUIDE_SHEET = "guide"
LABELS_SHEET = "labels"
RUN_SHEET = "_run"
MAX_CELL_CHARS = 32767  # Excel's limit for one cell

PROVENANCE_COLUMNS = ["action_id", "plan_id", "source_file", "page", "section_key", "source_kind"]
# is_action is the reviewer's alone (every row the run wrote is an action): false marks a row as no action
LABEL_SHEET_COLUMNS = ["is_action", "priority_area", "priority_area_confidence", "milestone", "milestone_confidence",
                       "themes", "measurable", "time_bound", "due_date", "amount_gbp", "needs_review", "review_reasons"]
NOTE_COLUMN = "reviewer_note"
SHEET_TEXT_COLUMNS = TEXT_COLUMNS + EXTRA_TEXT_COLUMNS
SHEET_COLUMNS = PROVENANCE_COLUMNS + SHEET_TEXT_COLUMNS + LABEL_SHEET_COLUMNS + [NOTE_COLUMN]
EDITABLE_COLUMNS = ["is_action", "priority_area", "milestone", "themes", "measurable", "time_bound", "needs_review",
                    NOTE_COLUMN]

# _run sheet layout: key/value pairs in columns A:B, the per-action table from column D
RUN_TABLE_COLUMNS = ["action_id", "fingerprint", "field_hashes"] + REVIEWED_LABELS + ["needs_review"]
RUN_TABLE_FIRST_COL = 3

WIDTHS = {
    "action_id": 26, "plan_id": 15, "source_file": 22, "page": 6, "section_key": 16, "source_kind": 9,
    "strategic_alignment_text": 28, "objective": 36, "action": 60, "expected_outcome": 36, "risks": 28,
    "workforce": 22, "finance": 22, "monitoring": 24, "lead": 18, "timescale": 16, "status": 18, "priority_area": 26, "priority_area_confidence": 11,
    "milestone": 22, "milestone_confidence": 11, "themes": 36, "measurable": 12, "time_bound": 12,
    "due_date": 12, "amount_gbp": 12, "needs_review": 12, "is_action": 10, "review_reasons": 30, NOTE_COLUMN: 36,
}
LINE_HEIGHT = 15.0
MAX_ROW_LINES = 8


def review_manifest(actions: pd.DataFrame, run_info: dict) -> dict:
    """What the review import checks a returned file against: run, taxonomy, and per
    action the fingerprint of its text and the labels the model gave it."""
    actions = check_columns(actions, ACTION_COLUMNS, "actions")
    entries = {}
    for row in actions.to_dict("records"):
        row = {c: _clip(cell_text(row[c])) if c in TEXT_COLUMNS else row[c] for c in row}
        entries[text_of(row["action_id"])] = {
            "fingerprint": fingerprint(row),
            "field_hashes": field_hashes(row),
            "priority_area": text_of(row["priority_area"]),
            "milestone": text_of(row["milestone"]),
            "themes": ";".join(split_themes(row["themes"])),
            "measurable": text_of(as_bool(row["measurable"])),
            "time_bound": text_of(as_bool(row["time_bound"])),
            "needs_review": text_of(as_bool(row["needs_review"])),
        }
    return {
        "run_id": text_of(run_info.get("run_id")),
        "taxonomy_version": text_of(run_info.get("taxonomy_version")),
        "pipeline_version": text_of(run_info.get("pipeline_version")),
        "model_version": text_of(run_info.get("model_version")),
        "actions": entries,
    }


def _clip(text: str) -> str:
    return text if len(text) <= MAX_CELL_CHARS else text[:MAX_CELL_CHARS]


def write_review_spreadsheet(actions: pd.DataFrame, path, labels: dict | None, run_info: dict,
                             manifest: dict | None = None) -> Path:
    """Write the reviewer's workbook to path and return the path (manifest: review_manifest's, if made already)."""
    labels = resolve_labels(labels)
    actions = check_columns(actions, ACTION_COLUMNS, "actions").reset_index(drop=True)
    path = Path(path)
    workbook = xlsxwriter.Workbook(str(path), {
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
        "nan_inf_to_errors": False,
    })
    try:
        workbook.set_properties({
            "title": "Cluster plan actions for review",
            "subject": f"run {text_of(run_info.get('run_id'))}",
            "comments": "Written by `plans run`; import with `plans review import`.",
        })
        formats = _formats(workbook)
        sheet = workbook.add_worksheet(ACTIONS_SHEET)
        guide = workbook.add_worksheet(GUIDE_SHEET)
        label_sheet = workbook.add_worksheet(LABELS_SHEET)
        run_sheet = workbook.add_worksheet(RUN_SHEET)
        ranges = _write_labels_sheet(label_sheet, labels, formats)
        _write_actions_sheet(sheet, actions, labels, ranges, formats)
        _write_guide(guide, labels, run_info, len(actions), formats)
        _write_run_sheet(run_sheet, manifest or review_manifest(actions, run_info), formats)
        sheet.activate()
    finally:
        workbook.close()
    return path


def _formats(workbook) -> dict:
    base = {"valign": "top", "font_size": 10}
    return {
        "header": workbook.add_format({**base, "bold": True, "bg_color": "#1F4E79", "font_color": "#FFFFFF",
                                       "text_wrap": True, "border": 1}),
        "header_edit": workbook.add_format({**base, "bold": True, "bg_color": "#C55A11", "font_color": "#FFFFFF",
                                            "text_wrap": True, "border": 1}),
        "text": workbook.add_format({**base, "text_wrap": True}),
        "id": workbook.add_format({**base, "font_color": "#595959"}),
        "label": workbook.add_format({**base, "bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF"}),
        "label_wrap": workbook.add_format({**base, "bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF",
                                           "text_wrap": True}),
        "confidence": workbook.add_format({**base, "num_format": "0%", "font_color": "#595959"}),
        "int": workbook.add_format({**base, "num_format": "0"}),
        "money": workbook.add_format({**base, "num_format": "£#,##0.##"}),
        "flag": workbook.add_format({"bg_color": "#FCE4D6"}),
        "low": workbook.add_format({"font_color": "#C00000", "bold": True}),
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "bold": workbook.add_format({"bold": True, "valign": "top"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "plain": workbook.add_format({}),
    }


def _write_labels_sheet(sheet, labels: dict, formats) -> dict[str, str]:
    """One column per label kind, plus true/false; returns kind -> absolute range."""
    ranges = {}
    kinds = list(labels) + ["boolean"]
    values = {**labels, "boolean": ["true", "false"]}
    for col, kind in enumerate(kinds):
        sheet.write_string(0, col, kind, formats["bold"])
        for row, value in enumerate(values[kind], start=1):
            sheet.write_string(row, col, value)
        letter = xl_col_to_name(col)
        ranges[kind] = f"={LABELS_SHEET}!${letter}$2:${letter}${len(values[kind]) + 1}"
        sheet.set_column(col, col, 30)
    sheet.hide()
    return ranges


def _write_actions_sheet(sheet, actions: pd.DataFrame, labels: dict, ranges: dict, formats) -> None:
    columns = SHEET_COLUMNS
    index = {name: i for i, name in enumerate(columns)}
    for col, name in enumerate(columns):
        style = formats["header_edit"] if name in EDITABLE_COLUMNS else formats["header"]
        sheet.write_string(0, col, name, style)
        width = WIDTHS.get(name, 14)
        if name in SHEET_TEXT_COLUMNS or name == NOTE_COLUMN:
            sheet.set_column(col, col, width, formats["text"])
        else:
            sheet.set_column(col, col, width)
    sheet.set_row(0, 30)

    records = actions.to_dict("records")
    for r, row in enumerate(records, start=1):
        lines = 1
        for name in columns:
            col = index[name]
            value = row.get(name)
            if name in ("page",):
                _write_number(sheet, r, col, value, formats["int"])
            elif name in ("priority_area_confidence", "milestone_confidence"):
                _write_number(sheet, r, col, value, formats["confidence"])
            elif name == "amount_gbp":
                _write_number(sheet, r, col, value, formats["money"])
            elif name == "is_action":
                sheet.write_string(r, col, "true", formats["label"])
            elif name in ("measurable", "time_bound"):
                sheet.write_string(r, col, text_of(as_bool(value)), formats["label"])
            elif name == "needs_review":
                sheet.write_string(r, col, text_of(as_bool(value)), formats["label"])
            elif name in ("priority_area", "milestone"):
                sheet.write_string(r, col, text_of(value), formats["label"])
            elif name == "themes":
                sheet.write_string(r, col, ";".join(split_themes(value)), formats["label_wrap"])
            elif name == NOTE_COLUMN:
                sheet.write_blank(r, col, None, formats["text"])
            elif name in SHEET_TEXT_COLUMNS:
                text = _clip(cell_text(value))
                sheet.write_string(r, col, text, formats["text"])
                chars_per_line = max(WIDTHS.get(name, 20) * 1.1, 10)
                lines = max(lines, sum(math.ceil(max(len(part), 1) / chars_per_line)
                                       for part in text.split("\n")))
            elif name in ("action_id", "plan_id"):
                sheet.write_string(r, col, text_of(value), formats["id"])
            else:
                sheet.write_string(r, col, cell_text(value))
        sheet.set_row(r, LINE_HEIGHT * min(lines, MAX_ROW_LINES))

    last_row = max(len(records), 1)
    # drop-down lists; a blank cell is not accepted, an unknown id is refused
    for name, source, title in (("priority_area", ranges["priority_area"], "Priority area (one)"),
                                ("milestone", ranges["milestone"], "Milestone (one)"),
                                ("is_action", ranges["boolean"], "An action of the plan?"),
                                ("measurable", ranges["boolean"], "Measurable?"),
                                ("needs_review", ranges["boolean"], "Still to check?"),
                                ("time_bound", ranges["boolean"], "Time-bound?")):
        col = index[name]
        options = {"validate": "list", "source": source, "ignore_blank": False,
                   "input_title": title, "error_title": "Not a valid label",
                   "error_message": f"Choose one of the listed values for {name} (see the '{GUIDE_SHEET}' sheet).",
                   "error_type": "stop"}
        if name in labels:
            options["input_message"] = _fit_message("Choose from the list: ", labels[name])
        sheet.data_validation(1, col, last_row, col, options)
    themes_col = index["themes"]
    sheet.data_validation(1, themes_col, last_row, themes_col, {
        "validate": "any", "input_title": "Themes (zero or more)",
        "input_message": _fit_message("Theme ids separated by ';'. Valid: ", labels["themes"]),
    })

    # highlight rows flagged for review, and low-confidence labels
    flag_col = xl_col_to_name(index["needs_review"])
    sheet.conditional_format(1, 0, last_row, len(columns) - 1, {
        "type": "formula", "criteria": f'=${flag_col}2="true"', "format": formats["flag"]})
    for name in ("priority_area_confidence", "milestone_confidence"):
        col = index[name]
        sheet.conditional_format(1, col, last_row, col, {"type": "cell", "criteria": "<", "value": 0.6,
                                                         "format": formats["low"]})
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, last_row, len(columns) - 1)
    sheet.set_landscape()
    sheet.repeat_rows(0)


def _write_number(sheet, row, col, value, fmt) -> None:
    if is_missing(value) or value == "":
        sheet.write_blank(row, col, None, fmt)
        return
    try:
        number = float(value)
    except (TypeError, ValueError):
        sheet.write_string(row, col, text_of(value), fmt)
        return
    if math.isfinite(number):
        sheet.write_number(row, col, number, fmt)
    else:
        sheet.write_blank(row, col, None, fmt)


def _fit_message(prefix: str, ids: list[str], limit: int = 255) -> str:
    """Excel allows 255 characters in an input message: list what fits, then say where the rest is."""
    message = prefix
    for i, label in enumerate(ids):
        piece = label if i == 0 else "; " + label
        rest = len(ids) - i
        tail = f" … +{rest} more: see '{GUIDE_SHEET}' sheet"
        if len(message) + len(piece) + (len(tail) if rest > 1 else 0) > limit:
            return message + tail
        message += piece
    return message


def _write_guide(sheet, labels: dict, run_info: dict, n_actions: int, formats) -> None:
    descriptions = label_descriptions()
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 100)
    lines = [
        ("How to review these actions", None, "title"),
        ("", None, None),
        ("1.", "Work through the 'actions' sheet. Rows shaded orange were flagged for review "
               "(needs_review = true): start with those. Use the filter arrows to pick a plan or a label.", None),
        ("2.", "Read the plan's own words (objective, action, expected_outcome and the other text columns). "
               "Do not edit them: the import checks them against the run and refuses rows whose text changed.", None),
        ("3.", "Correct the label columns (orange headers) where the model is wrong: priority_area and milestone "
               "from their drop-down lists, themes as zero or more ids separated by ';', measurable and "
               "time_bound as true or false. Leave correct labels as they are.", None),
        ("4.", "priority_area follows the group row or alignment column the action sits under in the plan; "
               "milestone and themes judge the action's own content (action, objective, expected outcome).", None),
        ("5.", "Set needs_review to false on each flagged row you have checked, and is_action to false on a row "
               "that is no action of the plan (context, last year's work). Only rows you touched are imported: "
               "a corrected label, a cleared flag, a reviewer_note or is_action false; rows left as the model labelled them are "
               "the model's guess and are not stored as training data.", None),
        ("6.", "Use reviewer_note for anything the labels cannot say (e.g. 'split in two'). "
               "Do not add, delete, re-order, copy rows between files or change action_id: one row per action.", None),
        ("7.", "Save the file as .xlsx (keep its name or not) and import it with: "
               "plans review import actions.xlsx", None),
        ("", None, None),
        ("Confidence", "priority_area_confidence and milestone_confidence are the model's probabilities; "
                       "those under 60% are shown in red.", None),
        ("due_date, amount_gbp", "Shown for information; they are read by rules from the plan's text and are "
                                 "not imported.", None),
        ("", None, None),
        ("Run", text_of(run_info.get("run_id")), None),
        ("Taxonomy version", text_of(run_info.get("taxonomy_version")), None),
        ("Model version", text_of(run_info.get("model_version")), None),
        ("Pipeline version", text_of(run_info.get("pipeline_version")), None),
        ("Finished at", text_of(run_info.get("finished_at")), None),
        ("Actions", str(n_actions), None),
    ]
    row = 0
    for left, right, style in lines:
        sheet.write_string(row, 0, left, formats["title"] if style == "title" else formats["bold"])
        if right is not None:
            sheet.write_string(row, 1, right, formats["wrap"])
        row += 1
    for kind, title in (("priority_area", "priority_area: exactly one"), ("milestone", "milestone: exactly one"),
                        ("themes", "themes: zero or more, separated by ';'")):
        row += 1
        sheet.write_string(row, 0, title, formats["title"])
        row += 1
        for label in labels[kind]:
            sheet.write_string(row, 0, label, formats["bold"])
            sheet.write_string(row, 1, descriptions.get(kind, {}).get(label, ""), formats["wrap"])
            row += 1


def _write_run_sheet(sheet, manifest: dict, formats) -> None:
    meta = [("run_id", manifest["run_id"]), ("taxonomy_version", manifest["taxonomy_version"]),
            ("pipeline_version", manifest["pipeline_version"]), ("model_version", manifest["model_version"]),
            ("written_at", dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")),
            ("fingerprint", "sha256 of the normalised text columns: " + ", ".join(TEXT_COLUMNS))]
    for row, (key, value) in enumerate(meta):
        sheet.write_string(row, 0, key, formats["bold"])
        sheet.write_string(row, 1, value)
    first = RUN_TABLE_FIRST_COL
    for col, name in enumerate(RUN_TABLE_COLUMNS):
        sheet.write_string(0, first + col, name, formats["bold"])
    for row, (action_id, entry) in enumerate(manifest["actions"].items(), start=1):
        sheet.write_string(row, first, action_id)
        for col, name in enumerate(RUN_TABLE_COLUMNS[1:], start=1):
            sheet.write_string(row, first + col, text_of(entry[name]))
    sheet.set_column(0, 1, 24)
    sheet.set_column(first, first + len(RUN_TABLE_COLUMNS) - 1, 20)
    sheet.protect()
    sheet.very_hidden()


__all__ = ["write_review_spreadsheet", "review_manifest", "SHEET_COLUMNS", "ACTIONS_SHEET", "RUN_SHEET",
           "LABELS_SHEET", "GUIDE_SHEET", "RUN_TABLE_COLUMNS", "RUN_TABLE_FIRST_COL"]
