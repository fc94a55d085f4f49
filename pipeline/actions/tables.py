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

from ..columns import field_scores, finance_unit, map_header
from ..documents.model import Block, Document, Table
from ..documents.text import mend_fragments
from ..labels.taxonomy import names_priority
from ..sections import body_size
from .captions import table_captions
from .header_rows import blank_headed_groups, header_group
from .keyed import is_keyed_table
from .prose import is_heading
from .record import ActionRecord
from .table_rows import Groups, RowState, TableHeader, action_record, month_columns, read_header, read_rows

# a sum, a percentage or a count is a cell's value, never its column's name ("£27,000", "200 patients")
_VALUE_CELL = re.compile(r"£\s*\d|\d\s*%|\b(?!20\d\d\b)\d{3,}\b")
MAX_HEADER_WORDS = 16  # "Planned Action 2021/22 (what the cluster will do, with whom and by when)"
HEADER_NAMED_SHARE = 0.5  # of a header's cells that name a column
HEADER_SEARCH_ROWS = 6  # a spreadsheet export prints title, version and blank rows above its header
RECORD_ACTION_LABEL = 3.0  # "Action", "Planned action 2021/22", "What we will do"
RECORD_LABEL_SHARE = 0.75  # of a one-action table's first-column cells that name a column
NAMED_COLUMNS_LOOKBACK = 3  # paragraphs above a table searched for its column names
_COLUMN_LIST = re.compile(r"\s*[|;]\s*")


def extract_table_actions(doc: Document, section_heads: set[int] | None = None,
                          skip_tables: frozenset[int] = frozenset(), year_start: int = 2021) -> list[ActionRecord]:
    """section_heads: item indices of the template's section headings (a new section has no priority
    heading above its tables yet); skip_tables: tables not to read (progress on earlier actions);
    year_start: the plan year's first calendar year, whose column a three-year table's action is in."""
    records: list[ActionRecord] = []
    header: TableHeader | None = None  # the header in force over the last action table and its pages
    state = RowState()
    groups = Groups()
    heading_groups = Groups()  # priority headings above one-action tables
    body = body_size(doc)
    heading_since_table = False
    last_action_table_item = -10
    captions = table_captions(doc)
    for index, item in enumerate(doc.items):
        if not isinstance(item, Table):
            if index in (section_heads or set()):
                heading_groups = Groups()
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
                header, last_action_table_item = None, -10
                continue
            if header is None or item.n_cols != header.n_cols or not _adjacent(doc, last_action_table_item, index):
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
            same_run = (header is not None and _adjacent(doc, last_action_table_item, index)
                        and not heading_since_table and index not in captions)
            signature = (raw_found, group_named)
            if same_run and signature == header.signature:
                continuing = True  # the header repeated on a new page
                found = header.mapping  # with the columns read from the first page's rows
            elif same_run and not group_named and _goes_on(doc.items[last_action_table_item], item,
                                                           header.mapping, found):
                pass  # the table goes on over the page under a header set differently (a column added, names shortened)
            else:
                # a table per group: the priority heading above it is its group row
                groups = copy.deepcopy(heading_groups) if heading_since_table else Groups()
                groups.current_has_actions = False
                heading_groups.current_has_actions = heading_since_table  # a sibling heading next, not a child
            heading_since_table = False
            header = read_header(item, header_row, found, signature, year_start)
            start = header.first_body_row
            if header_row >= 0 and not continuing:
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
        last_action_table_item = index
        state.new_table(continuing, len(records))
        read_rows(item, index, start, header, continuing, groups, state, records)
    return records


def _record_table_actions(table: Table, index: int, groups: Groups) -> list[ActionRecord]:
    """A table holding one action as label | value rows (the Figure II columns turned on their side),
    or several actions side by side, one per value column, or one after another down the table;
    their group is the priority heading above."""
    labelled = [(i, row.cells[0].text) for i, row in enumerate(table.rows)
                if row.cells and row.cells[0].col == 0 and row.cells[0].text.strip()]
    records = []
    for labels in _label_blocks(labelled):
        records += _label_block_actions(table, labels, index, groups)
    return records or _form_actions(table, index, groups)


def _form_actions(table: Table, index: int, groups: Groups) -> list[ActionRecord]:
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
        records.append(action_record(values, values.get("strategic_alignment_text", ""), groups,
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


def _label_block_actions(table: Table, labels: list[tuple[int, str]], index: int, groups: Groups) -> list[ActionRecord]:
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
        records.append(action_record(values, values.get("strategic_alignment_text", ""), groups,
                                      table.rows[by_row["action"]].page, index, unit))
    return records


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
                              if len(text.split()) <= MAX_HEADER_WORDS and not _is_value(text)])
        timeline = len(month_columns(row))  # a Gantt chart's Apr ... Mar name its months, not Figure II's
        if mapping is not None and len(mapping) >= HEADER_NAMED_SHARE * (len(texts) - timeline):
            return index, mapping
    return 0, None


def _is_value(text: str) -> bool:
    """A cell's value rather than a column's name; a name may give its unit ("Cost (£000)", "£'000s")."""
    return bool(_VALUE_CELL.search(text)) and finance_unit(text) <= 1


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
