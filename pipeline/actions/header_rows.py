"""A Figure II header set on two rows.

Two kinds are read:
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
from ..documents.model import Cell, Row

MAX_LABEL_CHARS = 60  # a sub-header cell is a label, not a row's content
_EMPTY = re.compile(r"^[\s\-–—]*$")  # a dash says "nothing here"
MAX_TITLE_WORDS = 8


@dataclass
class SecondHeader:
    sub_columns: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # field -> (grid column, label)
    second_row: dict[str, int] = field(default_factory=dict)  # field -> grid column of each action's second row

    def __bool__(self) -> bool:
        return bool(self.sub_columns or self.second_row)


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
    return "; ".join(f"{label}: {text}" for label, text in parts)
