"""A Figure II header set on two rows, a header cell spanning columns it names no further, and
header cells that name no column: a group's name where the template says "Objectives", or a
blank cell over a column of group names.

Two kinds of second row are read:
- sub-columns: a header cell spanning several grid columns with a label under each
  ("Planned Action 2021/22" over "Action title" | "Action detail"; "Financial Implications"
  over "Recurrent" | "Non-recurrent"); the field's value joins its sub-columns' cells;
- a second row of columns: each action takes two rows, the second header row naming the
  columns of each action's second row ("Objective | Planned Action | Outcome" above
  "Risks | Workforce | Finance | Monitoring").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..columns import assign_columns, field_scores
from ..documents.model import Cell, Row, Table
from ..labels.taxonomy import names_priority
from ..years import first_span

MAX_LABEL_CHARS = 60  # a sub-header cell is a label, not a row's content
_EMPTY = re.compile(r"^[\s\-–—]*$")  # a dash says "nothing here"
_TICK = re.compile(r"^\s*(?:[✓✔☑●•■▪xX*]|yes|y)\s*$", re.I)  # a cross that says "no" (✗ ✘) is no tick
MAX_TITLE_WORDS = 8
# a row's number in a column of its own under its action's header ("1", "2.3", "A4", "1a.")
_REF = re.compile(r"^\(?[A-Z]{0,3}\s?\d{1,2}(?:\.\d{1,2}){0,2}[a-z]?[.)]?$", re.I)


@dataclass
class SecondHeader:
    sub_columns: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # field -> (grid column, label)
    second_row: dict[str, int] = field(default_factory=dict)  # field -> grid column of each action's second row

    def __bool__(self) -> bool:
        return bool(self.sub_columns or self.second_row)


def keep_plan_year(second: SecondHeader, year_start: int) -> SecondHeader:
    """A field split into one column per year ("2020/21 | 2021/22 | 2022/23", a three-year plan
    refreshed) holds this year's action in the plan year's column only; the others are milestones
    of other years."""
    for name, columns in second.sub_columns.items():
        years = [span.start if (span := first_span(label)) else None for _, label in columns]
        if sum(y is not None for y in years) >= 2:
            kept = [column for column, year in zip(columns, years) if year == year_start]
            if kept:
                second.sub_columns[name] = kept
    return second


def read_second_header(header: Row, below: Row | None, mapping: dict[str, int]) -> SecondHeader:
    """What the row under a header row adds to it, if it is a header row too."""
    if below is None:
        return SecondHeader()
    cells = [c for c in below.cells if c.text.strip()]
    if len(cells) < 2 or any(len(c.text) > MAX_LABEL_CHARS for c in cells):
        return SecondHeader()
    spanning = {name: cell for name, col in mapping.items()
                if (cell := header.cell_at(col)) is not None and cell.span > 1}

    def under(cell: Cell) -> str | None:
        return next((name for name, head in spanning.items() if head.col <= cell.col < head.col + head.span), None)

    if spanning and all(under(c) for c in cells):
        sub: dict[str, list[tuple[int, str]]] = {}
        for cell in cells:
            sub.setdefault(under(cell), []).append((cell.col, cell.text.strip()))
        return SecondHeader(sub_columns=sub)
    # the second row names columns of its own, none of them the action's
    if any("action" in field_scores(c.text) for c in cells):
        return SecondHeader()
    second = assign_columns([(c.col, c.text) for c in cells],
                            names={name for c in cells for name in field_scores(c.text)} - set(mapping))
    return SecondHeader(second_row=second) if len(second) >= 2 else SecondHeader()


def joined_value(row: Row, name: str, columns: list[tuple[int, str]]) -> str:
    """A split field's value: an action's title and detail as "title: detail"; other fields' parts
    under their labels ("Recurrent: £22,600; Non-recurrent: £1,500"), a part alone too (whether
    money recurs is what its label says)."""
    parts, seen = [], set()
    for col, label in columns:
        cell = row.cell_at(col)
        if cell is None or id(cell) in seen or _EMPTY.match(cell.text):
            continue
        seen.add(id(cell))
        parts.append((label, cell.text.strip()))
    if not parts:
        return ""
    if name == "action":
        if len(parts) == 1:
            return parts[0][1]
        first, rest = parts[0][1], " ".join(text for _, text in parts[1:])
        short = len(first.split()) <= MAX_TITLE_WORDS and not first.endswith((".", ";", ":"))
        return f"{first}: {rest}" if short else f"{first} {rest}"
    # a tick under a label ("ES | Rehab | Vacc ..." with ✓ in one) says the label
    return "; ".join(label if _TICK.match(text) else f"{label}: {text}" for label, text in parts)


def unnamed_spans(header: Row, mapping: dict[str, int], second: SecondHeader) -> dict[str, tuple[int, int]]:
    """Field -> the grid columns [start, end) its header cell spans when no second header row names
    the columns under it ("Planned Action 2021/22" over a number column and the action column)."""
    return {name: (cell.col, cell.col + cell.span) for name, col in mapping.items()
            if name not in second.sub_columns and (cell := header.cell_at(col)) is not None and cell.span > 1}


def spanned_value(row: Row, span: tuple[int, int]) -> tuple[str, str]:
    """(number, text) of a row's cells under a spanning header cell: a leading number cell is the
    row's number, not its words; the other cells' texts are joined."""
    cells, seen = [], set()
    for col in range(*span):
        cell = row.cell_at(col)
        if cell is not None and id(cell) not in seen and not _EMPTY.match(cell.text):
            seen.add(id(cell))
            cells.append(cell.text.strip())
    if len(cells) > 1 and _REF.match(cells[0]):
        return cells[0], " ".join(cells[1:])
    return "", " ".join(cells)


MAX_GROUP_CELL_WORDS = 25
GROUP_CELL_SHARE = 0.5  # of a blank-headed column's filled cells that name a group


def header_group(table: Table, header_row: int, mapping: dict[str, int]) -> tuple[str, dict[str, int]]:
    """The first header cell naming a group, not a column, where the template puts "Objectives"
    ("Covid-19 Cluster Hub delivery", "Locally determined priority: young people's wellbeing"):
    (that group, the mapping with its column as the objectives); ("", mapping) when it names one."""
    header = table.rows[header_row]
    first = min(header.cells, key=lambda c: c.col, default=None)
    if first is None or "objective" in mapping or not first.text.strip():
        return "", mapping
    text, owner = first.text.strip(), {col: name for name, col in mapping.items()}.get(first.col)
    below = [c.text for row in table.rows[header_row + 1:] if (c := row.cell_at(first.col)) is not None
             and c.col == first.col and c.text.strip()]
    if sum(names_priority(t) for t in below) > GROUP_CELL_SHARE * len(below):
        return "", mapping  # a column of group names after all
    if owner is None and names_priority(text):
        return text, {**mapping, "objective": first.col}
    if owner == "strategic_alignment_text" and ":" in text and len(text.split()) > 4:
        mapping = {name: col for name, col in mapping.items() if name != "strategic_alignment_text"}
        return text, {**mapping, "objective": first.col}
    return "", mapping


def blank_headed_groups(table: Table, header_row: int, mapping: dict[str, int]) -> dict[str, int]:
    """The mapping with a blank-headed column as the alignment column when its cells name groups
    (a group's name in the first cell of its first row, the cells under it empty)."""
    if "strategic_alignment_text" in mapping:
        return mapping
    header = table.rows[header_row]
    for col in range(table.n_cols):
        cell = header.cell_at(col)
        if col in mapping.values() or (cell is not None and (cell.col != col or cell.text.strip())):
            continue
        texts = [c.text for row in table.rows[header_row + 1:]
                 if (c := row.cell_at(col)) is not None and c.col == col and c.text.strip()]
        if texts and all(len(t.split()) <= MAX_GROUP_CELL_WORDS for t in texts) \
                and sum(names_priority(t) for t in texts) >= GROUP_CELL_SHARE * len(texts):
            return {**mapping, "strategic_alignment_text": col}
    return mapping
