"""Tables typed as characters: "+------+------+" rules between "| cell | cell |" lines.

A plan written as plain text or Markdown and printed in a fixed-width font draws its action table
with characters; no ruling lines reach the PDF and the whole grid reads as one paragraph. Runs of
such lines become a Table: the rules end each row, a row's lines join per column, and a line with
a single cell (a group row "| **Covid-19 Cluster Hub delivery** |") spans the table. A Markdown
pipe table (a "|---|---|" rule under its header, then one line per row) reads the same way.
"""
from __future__ import annotations

import re

from .model import Cell, Row, Table
from .text import clean_cell

_GRID_RULE = re.compile(r"^\+(?:[-=:]+\+)+$")  # spaces removed
_PIPE_RULE = re.compile(r"^\|?(?::?-{3,}:?\|)+(?::?-{3,}:?)?$")  # spaces removed
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
MIN_LINES = 3


def _is_rule(line: str) -> bool:
    compact = line.replace(" ", "")
    return bool(_GRID_RULE.match(compact) or _PIPE_RULE.match(compact))


def _is_row(line: str) -> bool:
    line = line.strip()
    return len(line) > 2 and line.startswith("|") and line.endswith("|")


def text_table_spans(lines: list[str]) -> list[tuple[int, int, Table]]:
    """(first line, line after the last, table) for each run of table lines that holds a rule."""
    spans = []
    start = None
    for i, line in enumerate(lines + [""]):
        if _is_rule(line) or _is_row(line):
            start = i if start is None else start
            continue
        if start is not None and i - start >= MIN_LINES and any(_is_rule(t) for t in lines[start:i]):
            table = _table(lines[start:i])
            if table is not None:
                spans.append((start, i, table))
        start = None
    return spans


def _cells(line: str) -> list[str]:
    return [part.strip() for part in line.strip()[1:-1].split("|")]


def _table(lines: list[str]) -> Table | None:
    grid = any(_GRID_RULE.match(line.replace(" ", "")) for line in lines)
    widths = [len(_cells(line)) for line in lines if _is_row(line)]
    rules = [line.replace(" ", "").count("+") - 1 for line in lines if _GRID_RULE.match(line.replace(" ", ""))]
    n_cols = max(rules + widths)
    if n_cols < 2:
        return None
    rows: list[Row] = []
    pending: list[list[str]] | None = None

    def flush():
        nonlocal pending
        if pending is not None and any(pending):
            texts = [_EMPHASIS.sub(r"\2", clean_cell("\n".join(parts), visual_lines=True)) for parts in pending]
            if len(texts) == 1:
                rows.append(Row([Cell(texts[0], 0, n_cols)]))
            else:
                cells = [Cell(text, k) for k, text in enumerate(texts)]
                cells[-1].span = n_cols - len(texts) + 1  # fewer cells than columns: the last one runs on
                rows.append(Row(cells))
        pending = None

    for line in lines:
        if _is_rule(line):
            flush()
            continue
        cells = _cells(line)
        if not grid or pending is None or len(cells) != len(pending):
            flush()  # a pipe table's line is a row; a grid's row ends at its rule or where its shape changes
            pending = [[] for _ in cells]
        for k, text in enumerate(cells):
            if text:
                pending[k].append(text)
    flush()
    return Table(rows=rows, n_cols=n_cols) if len(rows) >= 2 else None
