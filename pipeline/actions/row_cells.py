"""The cells of one row of an action table: read under the header's mapping, "As above" cells
resolved, a detail cell spread, cells merged down from the row above, a row a page break cut.
"""
from __future__ import annotations

import re

from ..columns import DETAILS, is_back_reference, vocabulary
from ..documents.model import Row
from .header_rows import joined_value, spanned_value
from .labelled import apply_labelled, split_labelled
from .record import EXTRA_FIELDS, ActionRecord

FIELDS = ("strategic_alignment_text", "objective", "action", "expected_outcome", "risks",
          "workforce", "finance", "monitoring")
# a cell cut off mid-phrase: "... with the", "... and", "... 0.5 WTE,"
_OPEN_END = re.compile(r"(?:\b(?:and|or|the|of|to|for|with|in|a|an|by|on|at|from|per|including)|[,:;–—-])\s*$", re.I)
_DASH_ONLY = re.compile(r"^\s*[-–—]+\s*$")
_OWN_COLUMN = ("action", "strategic_alignment_text")  # their cells are theirs alone, however wide


def row_values(row: Row, mapping: dict[str, int], sub_columns: dict | None = None,
               spans: dict[str, tuple[int, int]] | None = None) -> dict[str, str]:
    values = {}
    owner = {col: name for name, col in mapping.items()}
    for name, col in mapping.items():
        if sub_columns and name in sub_columns:
            values[name] = joined_value(row, name, sub_columns[name])
            continue
        if spans and name in spans:
            values[name] = spanned_value(row, spans[name])[1]
            continue
        cell = row.cell_at(col)
        if cell is None:
            values[name] = ""
        elif cell.col == col:
            values[name] = cell.text
        else:
            # a cell merged across columns ("No additional workforce or cost" over Workforce and
            # Finance) says its text of each of them; an action or alignment cell stays its own
            start = owner.get(cell.col)
            values[name] = cell.text if start is not None and start not in _OWN_COLUMN and name not in _OWN_COLUMN else ""
    # a dash alone says "nothing here"
    return {name: "" if _DASH_ONLY.match(text) else text for name, text in values.items()}


def resolve_back_references(values: dict[str, str], above: ActionRecord | None) -> list[str]:
    """Cells that say "As above" take the text of the row above; the reviewer is told which."""
    vocab = vocabulary()
    copied = []
    for name, text in values.items():
        if name == "strategic_alignment_text" or not is_back_reference(text):
            continue
        if above is not None and name not in vocab.back_references_not_copied and getattr(above, name, ""):
            values[name] = getattr(above, name)
            copied.append(name)
        elif name == "action":
            return [f"action '{text.strip()}' with no row above to take it from"]
    return ["'as above' cells taken from the row above: " + ", ".join(copied)] if copied else []


def spread_details(values: dict[str, str]) -> dict[str, str]:
    """A detail cell's labelled lines ("Objective: ... Outcome: ... Cost: ...") into their cells; its
    unlabelled words are more of the action."""
    details = values.pop(DETAILS, "")
    if not details.strip():
        return values
    lead, parts = split_labelled(details)
    values.update(apply_labelled({k: values.get(k, "") for k in FIELDS + EXTRA_FIELDS if k != "action"}, parts))
    if lead:
        values["action"] = f"{values.get('action', '')} {lead}".strip()
    return values


def looks_continued(previous: ActionRecord, values: dict[str, str]) -> bool:
    """Does this row finish a row that a page break cut?"""
    carry = fresh = 0
    for name, text in values.items():
        if name == "strategic_alignment_text" or not text:
            continue
        before = getattr(previous, name, "")
        if text[:1].islower() or text[:1] in ",;)" or (before and _OPEN_END.search(before)):
            carry += 1
        else:  # a cell of its own: capitalised after a finished one, or where the row above had none
            fresh += 2 if name == "action" else 1
    return carry > 0 and carry >= fresh


def merged_from_above(row: Row, mapping: dict[str, int]) -> list[str]:
    """The row's columns that a cell of the row above runs down into: a Word continuation cell, or
    a grid position no PDF cell starts in. The alignment column has its own carrying-down rule."""
    names = []
    for name, col in mapping.items():
        if name in ("strategic_alignment_text", "action"):
            continue
        cell = row.cell_at(col)
        if (cell is None and any(c.col < col for c in row.cells)) or (cell is not None and cell.continued):
            names.append(name)
    return names


def alignment_continues(row: Row, mapping: dict[str, int]) -> bool:
    col = mapping.get("strategic_alignment_text")
    if col is None:
        return False
    cell = row.cell_at(col)
    # a vertically merged alignment cell: continued in Word, absent under pdfplumber
    return cell is None or cell.continued or cell.col != col or not cell.text


def join_row(record: ActionRecord, values: dict[str, str]) -> None:
    for name, text in values.items():
        if not text or name == "strategic_alignment_text":
            continue
        before = getattr(record, name, "")
        setattr(record, name, f"{before} {text}".strip() if before else text)
