"""Cells given in another table, keyed by the action's number or by its words.

Some plans number their actions (a "No." or "Ref" column: 1, 2, ... or A1, A2, ...) and give
more of each row elsewhere: the rest of a wide table printed on the next page ("No. |
Expected Outcome | Risks | ..."), or a finance table by action number ("Action no. | Cost").
A table whose first column is such a key and whose other columns name Figure II's fills
those cells of the numbered actions, where they are still empty. A plan may also split Figure II
into two tables that both give the action's words (5a: Priority | Objective | Action; 5b: Action |
Outcome | Risks | ...): a row of the second restating an action of the first gives it its cells.
"""
from __future__ import annotations

import re
from collections import Counter

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


def join_keyed_tables(doc: Document, records: list[ActionRecord], skip_tables: frozenset[int] = frozenset(),
                      action_tables: set[int] | None = None) -> None:
    """Fill numbered actions' empty cells from tables keyed by their numbers, in place. A number
    two actions share (lists numbered afresh under each group) keys neither; skip_tables: tables
    of other years' actions; action_tables: tables whose rows are actions (by default the records')."""
    keyed = [(_key(r.ref), r) for r in records if r.ref and len(r.ref) <= MAX_KEY_CHARS]
    counts = Counter(key for key, _ in keyed)
    by_key = {key: r for key, r in keyed if counts[key] == 1}
    if not by_key:
        return
    action_tables = action_tables if action_tables is not None else {r.item_index for r in records}
    for index, table in enumerate(doc.items):
        if (not isinstance(table, Table) or index in action_tables or index in skip_tables
                or not is_keyed_table(table)):
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


def _same_action(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def join_restated_rows(records: list[ActionRecord]) -> list[ActionRecord]:
    """records without the table rows that restate, word for word, an action of an earlier table and
    give only cells it lacks; those cells join the first."""
    first: dict[str, ActionRecord] = {}
    kept = []
    for record in records:
        key = _same_action(record.action) if record.source_kind == "table" else ""
        earlier = first.get(key) if key else None
        if earlier is not None and earlier.item_index != record.item_index:
            cells = {name: getattr(record, name) for name in FILLED if getattr(record, name)}
            if all(not getattr(earlier, name) for name in cells):
                for name, text in cells.items():
                    setattr(earlier, name, text)
                continue
        if key:
            first.setdefault(key, record)
        kept.append(record)
    return kept
