"""Figure II action tables -> action rows.

Header cells are scored against the column vocabulary in config/columns.yaml;
a table whose header names the action column and enough others is an action
table. A table with no header that follows an action table with the same
number of columns continues it (a page break), and its first row may finish
the previous page's last row. Rows holding text in one cell only are group
rows; their text is carried down as the strategic alignment of the rows under
them.
"""
from __future__ import annotations

import copy
import re

from ..columns import (field_scores, finance_unit, is_placeholder, is_topic_column, is_total_row, map_header,
                       says_no_action)
from ..documents.model import Block, Document, Row, Table
from ..documents.text import mend_fragments
from ..labels.taxonomy import bare_group_row, names_priority
from ..sections import body_size
from .captions import table_captions
from .header_rows import (SecondHeader, blank_headed_groups, header_group, keep_plan_year, read_second_header,
                          spanned_value, unnamed_spans)
from .keyed import is_keyed_table, key_column
from .numbered_rows import split_numbered_row
from .prose import is_heading
from .record import EXTRA_FIELDS, ActionRecord
from .row_cells import (FIELDS, alignment_continues, join_row, looks_continued, merged_from_above,
                        resolve_back_references, row_values, spread_details)

# a sum, a percentage or a count is a cell's value, never its column's name ("£27,000", "200 patients")
_VALUE_CELL = re.compile(r"£\s*\d|\d\s*%|\b(?!20\d\d\b)\d{3,}\b")
MAX_HEADER_WORDS = 16  # "Planned Action 2021/22 (what the cluster will do, with whom and by when)"
HEADER_NAMED_SHARE = 0.5  # of a header's cells that name a column
HEADER_SEARCH_ROWS = 6  # a spreadsheet export prints title, version and blank rows above its header
RECORD_ACTION_LABEL = 3.0  # "Action", "Planned action 2021/22", "What we will do"
RECORD_LABEL_SHARE = 0.75  # of a one-action table's first-column cells that name a column
MIN_MONTH_COLUMNS = 6
_MONTH = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?(?:\s*[-/'’]?\s*\d{2,4})?$",
                    re.I)
NAMED_COLUMNS_LOOKBACK = 3  # paragraphs above a table searched for its column names
_COLUMN_LIST = re.compile(r"\s*[|;]\s*")
_NOTE_ROW = re.compile(r"^\s*(?:[*†‡§¹²³]+\s*\S|(?:notes?|nb|n\.b\.|please note|footnote)\b\s*[:.–-]?)", re.I)
_SENTENCE_ROW = re.compile(r"^\s*\S+(?:\s+\S+){5,}.*[.]\s*$")  # six words or more, ending in a full stop
_OBJECTIVE_ROW = re.compile(r"^\s*(?:our\s+)?(?:objectives?|aims?)\s*(?:\d{1,2}(?:\.\d{1,2})?)?\s*[:\-–]\s*", re.I)
# a list marker at the start of the cell, or of a later item: "• Recall ... • Run ...", "- Hold ... - Train ..."
_LIST_MARKER = re.compile(r"(?:^|\s)([•●▪◦‣*]|-|–|\d{1,2}[.)]|[a-h][.)])\s+(?=[A-Z])")


_GROUP_LETTER = re.compile(r"^\s*(?:[A-Z]{1,2}|[IVX]{1,4}|\d{1,2})[.)]?\s*$")


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


class _Groups:
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


def extract_table_actions(doc: Document, section_heads: set[int] | None = None,
                          skip_tables: frozenset[int] = frozenset(), year_start: int = 2021) -> list[ActionRecord]:
    """section_heads: item indices of the template's section headings (a new section has no priority
    heading above its tables yet); skip_tables: tables not to read (progress on earlier actions);
    year_start: the plan year's first calendar year, whose column a three-year table's action is in."""
    records: list[ActionRecord] = []
    mapping: dict[str, int] | None = None
    raw_mapping = None  # the header's own mapping, before its unnamed columns are read, and the group it names
    months: dict[int, str] = {}  # a timeline's month columns (Apr ... Mar), by grid column
    second, spans = SecondHeader(), {}  # what a header's second row adds; header cells spanning unnamed columns
    awaiting_second_row = False
    key_col = None  # the action table's No. / Ref column
    unit = 0.0  # pounds per bare number in the finance column ("Cost (£)")
    row_objective = ""  # an "Objective: ..." row's text, for a table with no objective column
    group_just_opened = False  # the row above was a group row
    n_cols = 0
    groups = _Groups()
    heading_groups = _Groups()  # priority headings above one-action tables
    body = body_size(doc)
    heading_since_table = False
    last_alignment = ""
    last_action_table_item = -10
    captions = table_captions(doc)
    for index, item in enumerate(doc.items):
        if not isinstance(item, Table):
            if index in (section_heads or set()):
                heading_groups = _Groups()
            elif is_heading(item, body) and names_priority(item.text):
                heading_groups.open(item.text)
                heading_since_table = True
            continue
        if index in skip_tables:
            continue
        header_row, found = find_header(item)
        raw_found, group_named = found, ""
        if found is not None:
            group_named, found = header_group(item, header_row, found)
            found = blank_headed_groups(item, header_row, found)
        if found is None:
            found = _columns_named_above(doc, index, item)
            header_row = -1  # the table has no header row: every row is a row of actions
        continuing = False
        if found is None and is_keyed_table(item):
            continue  # more cells of numbered actions (keyed.py), no rows of its own
        if found is None:
            one_action = _record_table_actions(item, index, heading_groups)
            if one_action:
                records += one_action
                heading_groups.current_has_actions, heading_since_table = True, False
                mapping, last_action_table_item = None, -10
                continue
            if mapping is None or item.n_cols != n_cols or not _adjacent(doc, last_action_table_item, index):
                continue
            start = 0
            if heading_since_table:
                # a table of the same shape under a title of its own: the columns above, its own group
                groups = copy.deepcopy(heading_groups)
                groups.current_has_actions = False
                heading_groups.current_has_actions, heading_since_table = True, False
            else:
                continuing = True
        else:
            # nothing but a running head between this table and the last, and no title of its own
            same_run = (mapping is not None and _adjacent(doc, last_action_table_item, index)
                        and not heading_since_table and index not in captions)
            if same_run and (raw_found, group_named) == raw_mapping:
                continuing = True  # the header repeated on a new page
                found = mapping  # with the columns read from the first page's rows
            elif same_run and not group_named and _goes_on(doc.items[last_action_table_item], item, mapping, found):
                pass  # the table goes on over the page under a header set differently (a column added, names shortened)
            else:
                # a table per group: the priority heading above it is its group row
                groups = copy.deepcopy(heading_groups) if heading_since_table else _Groups()
                groups.current_has_actions = False
                heading_groups.current_has_actions = heading_since_table  # a sibling heading next, not a child
            heading_since_table = False
            mapping, raw_mapping, n_cols = found, (raw_found, group_named), item.n_cols
            months = _month_columns(item.rows[header_row]) if header_row >= 0 and "timescale" not in found else {}
            start = header_row + 1
            key_col = key_column(item.rows[header_row]) if header_row >= 0 else None
            unit = 0.0
            alignment_head = item.rows[header_row].cell_at(found["strategic_alignment_text"]) \
                if header_row >= 0 and "strategic_alignment_text" in found else None
            topic_col = alignment_head is not None and is_topic_column(alignment_head.text)
            if header_row >= 0 and "finance" in found:
                finance_cell = item.rows[header_row].cell_at(found["finance"])
                unit = finance_unit(finance_cell.text) if finance_cell is not None else 0.0
            second, spans = SecondHeader(), {}
            if header_row >= 0:
                second = keep_plan_year(read_second_header(
                    item.rows[header_row], item.rows[start] if start < len(item.rows) else None, found), year_start)
                start += bool(second)
                spans = unnamed_spans(item.rows[header_row], found, second)
        if found is not None and header_row >= 0 and not continuing:
            caption = captions.get(index, "")
            if caption and names_priority(caption):
                groups.open(caption)  # "Table 6: Actions – Covid-19 cluster hub delivery"
            if group_named:
                groups.open(group_named)
        for above in item.rows[:max(header_row, 0)]:
            # a group row set over the header it repeats ("Covid-19 Cluster Hub delivery", then the
            # column names): the group of the rows under that header; a title row names no group
            if len(above.cells) == 1 and names_priority(above.cells[0].text):
                groups.open(above.cells[0].text)
        header_texts = _header_signature(item, header_row) if found and header_row >= 0 else None
        second_texts = _header_signature(item, header_row + 1) if found and header_row >= 0 and second else None
        awaiting_second_row = awaiting_second_row and continuing  # a page break between an action's two rows
        row_objective = row_objective if continuing else ""
        last_action_table_item = index
        if not continuing:
            last_alignment = ""
            run_start = len(records)  # "As above" points only within one table
        group_just_opened = group_just_opened and continuing  # a page break between a group row and its objective
        for position, row in enumerate(item.rows[start:]):
            if header_texts and _header_signature_of(row) in (header_texts, second_texts):
                continue  # repeated header row
            if is_total_row(row.texts()):
                continue
            values = spread_details(row_values(row, mapping, second.sub_columns, spans))
            if continuing and position == 0 and records and looks_continued(records[-1], values):
                join_row(records[-1], values)  # the rest of a cell a page break cut, even alone
                continue
            group = _group_text(row, n_cols, mapping)
            if group is not None and _NOTE_ROW.match(group):
                continue  # "* £11,500 is funded from slippage", "Note: ...": a footnote to a row, no group
            if group is not None and "objective" not in mapping and _OBJECTIVE_ROW.match(group):
                # "Objective: ..." across the table: the objective of the rows under it, in the group
                row_objective = _OBJECTIVE_ROW.sub("", group, count=1).strip()
                awaiting_second_row = False
                continue
            if (group is not None and group_just_opened and "objective" not in mapping
                    and _SENTENCE_ROW.match(group)):
                # a sentence across the table straight under its group row ("To recover the chronic
                # disease work paused ..."): the group's objective, as an "Objective: ..." row is
                row_objective, group_just_opened = group.strip(), False
                continue
            group_just_opened = False
            if group is not None:
                if not is_placeholder(group):
                    groups.open(group)
                    last_alignment = ""
                    row_objective = ""
                    group_just_opened = True
                awaiting_second_row = False
                continue
            if awaiting_second_row:
                # an action's second row: the columns the header's second row names
                for name, text in row_values(row, second.second_row).items():
                    if text and not getattr(records[-1], name, ""):
                        setattr(records[-1], name, text)
                awaiting_second_row = False
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
            if row_objective and not values.get("objective"):
                values["objective"] = row_objective
            if months and not values.get("timescale"):
                values["timescale"] = _marked_months(row, months)
            alignment = values.get("strategic_alignment_text", "")
            if alignment and not is_placeholder(alignment):
                last_alignment = alignment
            elif alignment_continues(row, mapping):
                alignment = last_alignment
            else:
                alignment = ""
            groups.current_has_actions = True
            above = records[-1] if len(records) > run_start else None
            shared = []
            if above is not None:
                for name in merged_from_above(row, mapping):
                    if not values.get(name) and getattr(above, name, ""):
                        values[name] = getattr(above, name)  # one cell merged down over both rows
                        shared.append(name)
            problems = resolve_back_references(values, above)
            key_cell = row.cell_at(key_col) if key_col is not None else None
            topic = ""
            if topic_col and groups.current and alignment:
                topic, alignment = alignment, ""  # "Theme: Cancer" under its group row: the group is the wording
            for action_values in split_numbered_row(values):
                records.append(_action_record(action_values, alignment, groups, row.page, index, unit, topic))
                records[-1].read_problems += problems
                records[-1].shared_cells = list(shared)
                records[-1].ref = key_cell.text.strip() if key_cell is not None else \
                    spanned_value(row, spans["action"])[0] if "action" in spans else ""
            awaiting_second_row = bool(second.second_row)
    return records


def _record_table_actions(table: Table, index: int, groups: _Groups) -> list[ActionRecord]:
    """A table holding one action as label | value rows (the Figure II columns turned on their side),
    or several actions side by side, one per value column, or one after another down the table;
    their group is the priority heading above."""
    labelled = [(i, row.cells[0].text) for i, row in enumerate(table.rows)
                if row.cells and row.cells[0].col == 0 and row.cells[0].text.strip()]
    records = []
    for labels in _label_blocks(labelled):
        records += _label_block_actions(table, labels, index, groups)
    return records or _form_actions(table, index, groups)


def _form_actions(table: Table, index: int, groups: _Groups) -> list[ActionRecord]:
    """A table drawn as a form: each cell a field, its label on its first line above the value
    ("OBJECTIVE" / "Restore routine monitoring"); one action, or one per repeat of the first label."""
    cells = [(row, cell) for row in table.rows for cell in row.cells if cell.text.strip()]
    labelled = [(k, cell.label) for k, (_, cell) in enumerate(cells) if cell.label]
    if not cells or len(labelled) < RECORD_LABEL_SHARE * len(cells):
        return []
    records = []
    for labels in _label_blocks(labelled):
        by_cell = map_header(labels)
        if by_cell is None or field_scores(cells[by_cell["action"]][1].label).get("action", 0) < RECORD_ACTION_LABEL:
            continue
        values = {name: _after_label(cells[k][1]) for name, k in by_cell.items()}
        if not values["action"]:
            continue
        unit = finance_unit(cells[by_cell["finance"]][1].label) if "finance" in by_cell else 0.0
        records.append(_action_record(values, values.get("strategic_alignment_text", ""), groups,
                                      cells[by_cell["action"]][0].page, index, unit))
    return records


def _after_label(cell) -> str:
    text = cell.text.strip()
    return text[len(cell.label):].strip() if text.startswith(cell.label) else text


def _label_blocks(labels: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """The runs of label rows of one action each: the table's first label, repeated ("Action 2",
    "Priority area"), opens the next action."""
    if not labels:
        return []
    first = _label_key(labels[0][1])
    blocks: list[list[tuple[int, str]]] = []
    for i, text in labels:
        if not blocks or _label_key(text) == first:
            blocks.append([])
        blocks[-1].append((i, text))
    return blocks


def _label_key(text: str) -> str:
    return re.sub(r"[\W\d_]+", " ", text.lower()).strip()


def _label_block_actions(table: Table, labels: list[tuple[int, str]], index: int, groups: _Groups) -> list[ActionRecord]:
    by_row = map_header(labels) if table.n_cols >= 2 else None
    # the first column must read as labels, one of them plainly the action's: a two-column table of
    # priorities and their workforce is not an action turned on its side
    if (by_row is None or field_scores(table.rows[by_row["action"]].cells[0].text).get("action", 0) < RECORD_ACTION_LABEL
            or sum(bool(field_scores(text)) for _, text in labels) < RECORD_LABEL_SHARE * len(labels)):
        return []
    records = []
    for col in range(1, table.n_cols):
        values = {}
        for name, i in by_row.items():
            cell = table.rows[i].cell_at(col)
            values[name] = cell.text.strip() if cell is not None and cell.col == col else ""
        if not values.get("action"):
            continue
        unit = finance_unit(table.rows[by_row["finance"]].cells[0].text) if "finance" in by_row else 0.0
        records.append(_action_record(values, values.get("strategic_alignment_text", ""), groups,
                                      table.rows[by_row["action"]].page, index, unit))
    return records


def _action_record(values: dict[str, str], alignment: str, groups: _Groups, page: int | None, index: int,
                   unit: float = 0.0, topic: str = "") -> ActionRecord:
    """A row's cells as an action: its own alignment wording if it has one, else the group row above it;
    unit: the pounds a bare number in its finance cell is worth (its header's unit); topic: its
    Theme cell, context under the group."""
    context = [t for t in [groups.current, topic] + groups.parents if t]
    listed = _listed_items(values.get("action", ""))
    # the guidelines keep a row as one action; a row listing several is the reviewer's to split
    problems = [f"action cell lists {listed} items, kept as one row"] if listed > 1 else []
    return ActionRecord(
        read_problems=problems, finance_unit=unit,
        source_kind="table", action=values.get("action", ""), page=page, item_index=index,
        strategic_alignment_text=alignment or groups.current,
        alignment_context=[t for t in context if t != alignment] if alignment else context[1:],
        **{k: values.get(k, "") for k in FIELDS + EXTRA_FIELDS if k not in ("action", "strategic_alignment_text")})


def _listed_items(text: str) -> int:
    """How many items a cell lists when it starts with a list marker used again ("• a • b"); else 0."""
    markers = [m.group(1) for m in _LIST_MARKER.finditer(text.strip())]
    if not markers or not _LIST_MARKER.match(text.strip()):
        return 0
    first = markers[0]
    if first[0].isalnum():  # "1." "2)" "a." count when they run in order
        return len(markers)
    return sum(m == first for m in markers)


def _month_columns(header: Row) -> dict[int, str]:
    """The month columns of a timeline (Gantt) table's header, if it has enough of them."""
    months = {c.col: c.text.strip() for c in header.cells if _MONTH.match(c.text.strip())}
    return months if len(months) >= MIN_MONTH_COLUMNS else {}


def _marked_months(row: Row, months: dict[int, str]) -> str:
    """"Apr - Jul" from a timeline row's marks (X, ●, a shaded bar's text), the span its work runs."""
    marked = [label for col, label in sorted(months.items())
              if (cell := row.cell_at(col)) is not None and cell.text.strip()]
    if not marked:
        return ""
    return marked[0] if len(marked) == 1 else f"{marked[0]} - {marked[-1]}"


def _columns_named_above(doc: Document, index: int, table: Table) -> dict[str, int] | None:
    """The header of a table with no header row, from a paragraph just above it that names its
    columns in order, one per grid column ("Columns: Objective | Planned Action 2021/22 | ...")."""
    for item in reversed(doc.items[max(0, index - NAMED_COLUMNS_LOOKBACK):index]):
        if isinstance(item, Table):
            return None
        names = [n.strip() for n in _COLUMN_LIST.split(item.text.split(":", 1)[-1]) if n.strip()]
        if len(names) == table.n_cols:
            mapping = map_header(list(enumerate(names)))
            if mapping is not None:
                return mapping
    return None


def find_header(table: Table) -> tuple[int, dict[str, int] | None]:
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        # a header names its columns in a few words each, most of them Figure II's: a row of actions
        # whose cells happen to say "outcomes" or "staff" is no header
        texts = [(c.col, mend_fragments(c.text)) for c in row.cells if c.text.strip()]
        mapping = map_header([(col, text) for col, text in texts
                              if len(text.split()) <= MAX_HEADER_WORDS and not _VALUE_CELL.search(text)])
        timeline = len(_month_columns(row))  # a Gantt chart's Apr ... Mar name its months, not Figure II's
        if mapping is not None and len(mapping) >= HEADER_NAMED_SHARE * (len(texts) - timeline):
            return index, mapping
    return 0, None


def _header_signature(table: Table, header_row: int) -> tuple[str, ...]:
    return _header_signature_of(table.rows[header_row])


def _header_signature_of(row: Row) -> tuple[str, ...]:
    return tuple(re.sub(r"\W+", "", c.text.lower()) for c in row.cells)


SAME_COLUMNS_SHARE = 0.75


def _goes_on(previous: Table, table: Table, mapping: dict[str, int], found: dict[str, int]) -> bool:
    """Does a table on the next page, under a header naming much the same columns, carry on the last?"""
    if previous.page is None or table.page is None or table.page != previous.page + 1:
        return False
    shared = set(mapping) & set(found)
    return len(shared) >= SAME_COLUMNS_SHARE * max(len(mapping), len(found))


def _adjacent(doc: Document, previous: int, index: int) -> bool:
    """Only short text (running heads, a caption) stands between the two tables."""
    if previous < 0:
        return False
    between = doc.items[previous + 1:index]
    return sum(len(b.text) for b in between if isinstance(b, Block)) < 200 and not any(
        isinstance(b, Table) for b in between)
