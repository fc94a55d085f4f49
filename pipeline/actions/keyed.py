"""Cells given in another table, keyed by the action's number.

Some plans number their actions (a "No." or "Ref" column: 1, 2, ... or A1, A2, ...) and give
more of each row elsewhere: the rest of a wide table printed on the next page ("No. |
Expected Outcome | Risks | ..."), or a finance table by action number ("Action no. | Cost").
A table whose first column is such a key and whose other columns name Figure II's fills
those cells of the numbered actions, where they are still empty.
"""
from __future__ import annotations

import re

from ..columns import assign_columns
from ..documents.model import Document, Row, Table
from .record import ActionRecord

_KEY_HEADER = re.compile(r"^\s*(?:action\s*)?(?:no\.?|number|ref(?:erence)?\.?|#|id)\s*$", re.I)
FILLED = ("objective", "expected_outcome", "risks", "workforce", "finance", "monitoring", "lead", "timescale")
MAX_KEY_CHARS = 8


def key_column(header: Row) -> int | None:
    """The grid column of a header's No. / Ref cell."""
    return next((c.col for c in header.cells if _KEY_HEADER.match(c.text)), None)


def _key(text: str) -> str:
    return re.sub(r"[\s.]+$", "", text.strip().lower())


def _named_columns(header: Row) -> dict[str, int]:
    """Field -> grid column for the header's cells that name one of FILLED."""
    return assign_columns([(c.col, c.text) for c in header.cells], names=FILLED)


def is_keyed_table(table: Table) -> bool:
    """A table of more cells for numbered actions: a key column and columns naming other cells."""
    if not table.rows:
        return False
    header = table.rows[0]
    key_col = key_column(header)
    return key_col is not None and any(col != key_col for col in _named_columns(header).values())


def join_keyed_tables(doc: Document, records: list[ActionRecord]) -> None:
    """Fill numbered actions' empty cells from tables keyed by their numbers, in place."""
    by_key = {_key(r.ref): r for r in records if r.ref and len(r.ref) <= MAX_KEY_CHARS}
    if not by_key:
        return
    action_tables = {r.item_index for r in records}
    for index, table in enumerate(doc.items):
        if not isinstance(table, Table) or index in action_tables or not is_keyed_table(table):
            continue
        header = table.rows[0]
        key_col = key_column(header)
        named = {name: col for name, col in _named_columns(header).items() if col != key_col}
        for row in table.rows[1:]:
            key_cell = row.cell_at(key_col)
            record = by_key.get(_key(key_cell.text)) if key_cell is not None else None
            if record is None:
                continue
            for name, col in named.items():
                cell = row.cell_at(col)
                if cell is not None and cell.text.strip() and not getattr(record, name):
                    setattr(record, name, cell.text.strip())
