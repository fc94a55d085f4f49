"""The body rows of an action table, read under the header in force.

A row is a group row (one cell holds text), an "Objective: ..." row for the rows under it, an
action's second row (a two-row header), the rest of a row a page break cut, or an action. What a
row leaves for the next (the open group, the objective, the last alignment wording) is carried in
RowState, which goes on over a page break and starts afresh with a new table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..columns import finance_unit, is_placeholder, is_topic_column, is_total_row, says_no_action
from ..documents.model import Row, Table
from ..labels.taxonomy import bare_group_row, names_priority
from .header_rows import SecondHeader, keep_plan_year, read_second_header, spanned_value, unnamed_spans
from .keyed import key_column
from .numbered_rows import cell_items, split_numbered_row
from .record import EXTRA_FIELDS, ActionRecord
from .row_cells import (FIELDS, alignment_continues, join_row, looks_continued, merged_from_above,
                        resolve_back_references, row_values, spread_details)

MIN_MONTH_COLUMNS = 6
_MONTH = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?(?:\s*[-/'’]?\s*\d{2,4})?$",
                    re.I)
_NOTE_ROW = re.compile(r"^\s*(?:[*†‡§¹²³]+\s*\S|(?:notes?|nb|n\.b\.|please note|footnote)\b\s*[:.–-]?)", re.I)
_SENTENCE_ROW = re.compile(r"^\s*\S+(?:\s+\S+){5,}.*[.]\s*$")  # six words or more, ending in a full stop
_OBJECTIVE_ROW = re.compile(r"^\s*(?:our\s+)?(?:objectives?|aims?)\s*(?:\d{1,2}(?:\.\d{1,2})?)?\s*[:\-–]\s*", re.I)
_GROUP_LETTER = re.compile(r"^\s*(?:[A-Z]{1,2}|[IVX]{1,4}|\d{1,2})[.)]?\s*$")


class Groups:
    """Group rows seen so far: the nearest one and the umbrella heading above it."""

    def __init__(self):
        self.current = ""
        self.parents: list[str] = []
        self.current_has_actions = False

    def open(self, text: str) -> None:
        if self.current and not self.current_has_actions:
            # the previous group row only headed the group rows below it
            self.parents = [self.current] + self.parents[:1]
        elif names_priority(text) and not bare_group_row(text):
            self.parents = []  # a new top-level group; a sibling or a bare sub-row keeps its block
        self.current = text
        self.current_has_actions = False


@dataclass
class TableHeader:
    """The header in force over a table's rows (and over the pages it goes on to)."""
    mapping: dict[str, int]  # field -> grid column
    n_cols: int
    signature: tuple = ()  # what the header said before its unnamed columns were read, to know it repeated
    first_body_row: int = 0
    months: dict[int, str] = field(default_factory=dict)  # a timeline's month columns (Apr ... Mar)
    second: SecondHeader = field(default_factory=SecondHeader)  # what a header's second row adds
    spans: dict = field(default_factory=dict)  # header cells spanning unnamed columns
    key_col: int | None = None  # the No. / Ref column
    unit: float = 0.0  # pounds per bare number in the finance column ("Cost (£)")
    topic_col: bool = False  # the alignment column is a Theme column: context under the group
    header_texts: tuple | None = None  # the header row's words, to skip it where it repeats
    second_texts: tuple | None = None


def read_header(table: Table, header_row: int, mapping: dict[str, int], signature: tuple,
                year_start: int) -> TableHeader:
    """The header of a table whose header row is header_row (-1: none, every row holds actions)."""
    header = TableHeader(mapping, table.n_cols, signature, header_row + 1)
    if header_row < 0:
        return header
    head = table.rows[header_row]
    header.months = month_columns(head) if "timescale" not in mapping else {}
    header.key_col = key_column(head)
    if "strategic_alignment_text" in mapping:
        alignment_head = head.cell_at(mapping["strategic_alignment_text"])
        header.topic_col = alignment_head is not None and is_topic_column(alignment_head.text)
    if "finance" in mapping:
        finance_cell = head.cell_at(mapping["finance"])
        header.unit = finance_unit(finance_cell.text) if finance_cell is not None else 0.0
    below = table.rows[header_row + 1] if header_row + 1 < len(table.rows) else None
    header.second = keep_plan_year(read_second_header(head, below, mapping), year_start)
    header.first_body_row += bool(header.second)
    header.spans = unnamed_spans(head, mapping, header.second)
    header.header_texts = header_signature(head)
    header.second_texts = header_signature(below) if header.second and below is not None else None
    return header


def header_signature(row: Row) -> tuple[str, ...]:
    return tuple(re.sub(r"\W+", "", c.text.lower()) for c in row.cells)


def month_columns(header: Row) -> dict[int, str]:
    """The month columns of a timeline (Gantt) table's header, if it has enough of them."""
    months = {c.col: c.text.strip() for c in header.cells if _MONTH.match(c.text.strip())}
    return months if len(months) >= MIN_MONTH_COLUMNS else {}


@dataclass
class RowState:
    """What the rows read so far leave for the next row."""
    row_objective: str = ""  # an "Objective: ..." row's text, for a table with no objective column
    group_just_opened: bool = False  # the row above was a group row
    awaiting_second_row: bool = False  # the row above was an action's first row of two
    last_alignment: str = ""  # for an alignment cell merged down over the rows under it
    run_start: int = 0  # the first record of this table: "As above" points only within one table

    def new_table(self, continuing: bool, n_records: int) -> None:
        """A page break carries the rows' state on (an action's two rows, a group row and its
        objective); a new table starts afresh."""
        if continuing:
            return
        self.row_objective, self.group_just_opened, self.awaiting_second_row = "", False, False
        self.last_alignment, self.run_start = "", n_records


def read_rows(table: Table, index: int, start: int, header: TableHeader, continuing: bool, groups: Groups,
              state: RowState, records: list[ActionRecord]) -> None:
    """Append the actions of table's rows from start on to records; continuing: the table goes on
    from the last one over a page break, so its first row may finish the last one's."""
    mapping, second, spans = header.mapping, header.second, header.spans
    for position, row in enumerate(table.rows[start:]):
        if header.header_texts and header_signature(row) in (header.header_texts, header.second_texts):
            continue  # repeated header row
        if is_total_row(row.texts()):
            continue
        values = spread_details(row_values(row, mapping, second.sub_columns, spans))
        if continuing and position == 0 and records and looks_continued(records[-1], values):
            join_row(records[-1], values)  # the rest of a cell a page break cut, even alone
            continue
        group = _group_text(row, header.n_cols, mapping)
        if group is not None and _NOTE_ROW.match(group):
            continue  # "* £11,500 is funded from slippage", "Note: ...": a footnote to a row, no group
        if group is not None and "objective" not in mapping and _OBJECTIVE_ROW.match(group):
            # "Objective: ..." across the table: the objective of the rows under it, in the group
            state.row_objective = _OBJECTIVE_ROW.sub("", group, count=1).strip()
            state.awaiting_second_row = False
            continue
        if (group is not None and state.group_just_opened and "objective" not in mapping
                and _SENTENCE_ROW.match(group)):
            # a sentence across the table straight under its group row ("To recover the chronic
            # disease work paused ..."): the group's objective, as an "Objective: ..." row is
            state.row_objective, state.group_just_opened = group.strip(), False
            continue
        state.group_just_opened = False
        if group is not None:
            if not is_placeholder(group):
                groups.open(group)
                state.last_alignment, state.row_objective, state.group_just_opened = "", "", True
            state.awaiting_second_row = False
            continue
        if state.awaiting_second_row:
            # an action's second row: the columns the header's second row names
            for name, text in row_values(row, second.second_row).items():
                if text and not getattr(records[-1], name, ""):
                    setattr(records[-1], name, text)
            state.awaiting_second_row = False
            continue
        if not any(v.strip() for v in values.values()):
            continue
        if not values.get("action", "").strip():
            if is_placeholder(values.get("strategic_alignment_text", "")):
                continue
            if values.get("strategic_alignment_text") and not any(
                    v for k, v in values.items() if k != "strategic_alignment_text"):
                groups.open(values["strategic_alignment_text"])
                continue
            if not values.get("objective"):
                if records and (records[-1].item_index == index or continuing):
                    join_row(records[-1], values)  # a continuation line: more of the row above
                continue
            values["action"] = values["objective"]
        if says_no_action(values["action"]):
            continue  # "No cluster hub action for 2021/22": the block is empty this year
        _add_row_actions(row, values, index, header, groups, state, records)
        state.awaiting_second_row = bool(second.second_row)


def _add_row_actions(row: Row, values: dict[str, str], index: int, header: TableHeader, groups: Groups,
                     state: RowState, records: list[ActionRecord]) -> None:
    """A row of actions: its cells with what the rows above lend it (objective, alignment, cells
    merged down), one record per numbered item in step, else one."""
    if state.row_objective and not values.get("objective"):
        values["objective"] = state.row_objective
    if header.months and not values.get("timescale"):
        values["timescale"] = _marked_months(row, header.months)
    alignment = values.get("strategic_alignment_text", "")
    if alignment and not is_placeholder(alignment):
        state.last_alignment = alignment
    elif alignment_continues(row, header.mapping):
        alignment = state.last_alignment
    else:
        alignment = ""
    groups.current_has_actions = True
    above = records[-1] if len(records) > state.run_start else None
    shared = []
    if above is not None:
        for name in merged_from_above(row, header.mapping):
            if not values.get(name) and getattr(above, name, ""):
                values[name] = getattr(above, name)  # one cell merged down over both rows
                shared.append(name)
    problems = resolve_back_references(values, above)
    key_cell = row.cell_at(header.key_col) if header.key_col is not None else None
    topic = ""
    if header.topic_col and groups.current and alignment:
        topic, alignment = alignment, ""  # "Theme: Cancer" under its group row: the group is the wording
    for action_values in split_numbered_row(values):
        record = action_record(action_values, alignment, groups, row.page, index, header.unit, topic)
        record.read_problems += problems
        record.shared_cells = list(shared)
        record.ref = key_cell.text.strip() if key_cell is not None else \
            spanned_value(row, header.spans["action"])[0] if "action" in header.spans else ""
        records.append(record)


def _group_text(row: Row, n_cols: int, mapping: dict[str, int]) -> str | None:
    """The text of a group row (one cell holds text: merged across, or alone in the first column)."""
    filled = [c for c in row.cells if c.text.strip()]
    if len(filled) == 2 and _GROUP_LETTER.match(filled[0].text) and filled[1].span >= max(n_cols - 2, 2):
        filled = filled[1:]  # "A | Covid-19 Resilience 2021/22 ...": the group's letter in the No. column
    if len(filled) != 1:
        return None
    cell = filled[0]
    first_col = min(mapping.values())
    if cell.span >= max(n_cols - 1, 2) or cell.col <= first_col:
        if cell.col == mapping.get("action") and cell.span < max(n_cols - 1, 2):
            return None  # an action with its other cells left empty
        return cell.text
    return None


def action_record(values: dict[str, str], alignment: str, groups: Groups, page: int | None, index: int,
                  unit: float = 0.0, topic: str = "") -> ActionRecord:
    """A row's cells as an action: its own alignment wording if it has one, else the group row above it;
    unit: the pounds a bare number in its finance cell is worth (its header's unit); topic: its
    Theme cell, context under the group."""
    context = [t for t in [groups.current, topic] + groups.parents if t]
    listed = len(items[1]) if (items := cell_items(values.get("action", ""))) else 0
    # the guidelines keep a row as one action; a row listing several is the reviewer's to split
    problems = [f"action cell lists {listed} items, kept as one row"] if listed > 1 else []
    return ActionRecord(
        read_problems=problems, finance_unit=unit,
        source_kind="table", action=values.get("action", ""), page=page, item_index=index,
        strategic_alignment_text=alignment or groups.current,
        alignment_context=[t for t in context if t != alignment] if alignment else context[1:],
        **{k: values.get(k, "") for k in FIELDS + EXTRA_FIELDS if k not in ("action", "strategic_alignment_text")})


def _marked_months(row: Row, months: dict[int, str]) -> str:
    """"Apr - Jul" from a timeline row's marks (X, ●, a shaded bar's text), the span its work runs."""
    marked = [label for col, label in sorted(months.items())
              if (cell := row.cell_at(col)) is not None and cell.text.strip()]
    if not marked:
        return ""
    return marked[0] if len(marked) == 1 else f"{marked[0]} - {marked[-1]}"
