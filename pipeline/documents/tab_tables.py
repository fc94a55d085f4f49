"""Tables typed with tabs: a Word paragraph per row, its columns set by tab stops.

A plan typed without Word's table tool still reads as a table: a paragraph whose tab-separated
parts name Figure II's columns is a header, the tabbed paragraphs under it are its rows, and a
short line without tabs between them is a group row.
"""
from __future__ import annotations

import re

from ..columns import map_header
from .model import Block, Cell, Row, Table

MIN_COLUMNS = 3
MAX_GROUP_WORDS = 15
_NUMBERED_HEADING = re.compile(r"^\s*\d{1,2}[.)]\s+[A-Z]")


def _row(block: Block) -> Row:
    return Row(cells=[Cell(text=text, col=k) for k, text in enumerate(block.tab_cells or [])], page=block.page)


def _is_group_line(block: Block, following) -> bool:
    return (not block.tab_cells and len(block.text.split()) <= MAX_GROUP_WORDS and not block.text.endswith(".")
            and isinstance(following, Block) and bool(following.tab_cells))


def tab_tables(items: list) -> list:
    """The items with each run of tab-aligned paragraphs under a Figure II header made a Table."""
    out, i = [], 0
    while i < len(items):
        item = items[i]
        cells = item.tab_cells if isinstance(item, Block) else None
        if cells and len(cells) >= MIN_COLUMNS and map_header(list(enumerate(cells))) is not None:
            rows, j = [_row(item)], i + 1
            while j < len(items) and isinstance(items[j], Block):
                block, following = items[j], items[j + 1] if j + 1 < len(items) else None
                if block.heading_level is not None or _NUMBERED_HEADING.match(block.text):
                    break  # the next section
                if block.tab_cells and len(block.tab_cells) >= max(2, (len(cells) + 1) // 2):  # a row, not a tab in prose
                    rows.append(_row(block))
                elif _is_group_line(block, following):
                    rows.append(Row(cells=[Cell(text=block.text, col=0, span=len(cells))], page=block.page))
                else:
                    break
                j += 1
            if len(rows) >= 2:
                out.append(Table(rows=rows, n_cols=max(c.col + c.span for r in rows for c in r.cells), page=item.page))
                i = j
                continue
        out.append(item)
        i += 1
    return out
