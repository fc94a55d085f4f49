"""Figure II cells laid out as a form: labels in a row, each value below its label.

Desktop-published plans draw an action as a card: the action line, then a grid of small
labels ("OBJECTIVE", "EXPECTED OUTCOME", "KEY RISKS") with each value under its label.
Read line by line, every label looks like a heading and every value like a sentence of
its own. A row of two or more labels that each name a Figure II column is folded here
into "Label: value" lines, the shape the prose reader already gives to an action's cells.
"""
from __future__ import annotations

import re

from ..columns import label_fields
from .model import Block

MIN_LABEL_SCORE = 2.0
MAX_LABEL_WORDS = 6
MIN_LABELS = 2
SAME_ROW = 2.0  # points between the tops of labels set on one row
EDGE = 3.0  # points a value may start left of its label

Placed = tuple[float, float, float, object]  # top, left, right, item


MAX_CELL_LABEL_WORDS = 8  # "STRATEGIC ALIGNMENT / PRIORITY AREA", "EXPECTED OUTCOME MARCH 22"


def cell_label(lines: list[str], first_bold: bool = False) -> str:
    """A cell's own field label: its first line in capitals (two where the first visibly goes on:
    "STRATEGIC ALIGNMENT /"), or a bold first paragraph, naming a Figure II column, with the value on
    the lines below; "" when the cell is no form field."""
    lines = [line.strip() for line in lines if line.strip()]
    if len(lines) < 2 or not (_upper(lines[0]) or first_bold):
        return ""
    n = 2 if len(lines) > 2 and _upper(lines[1]) and _GOES_ON.search(lines[0]) else 1
    head = " ".join(lines[:n])
    if len(head.split()) > MAX_CELL_LABEL_WORDS or head.endswith(".") or not label_fields(head, MIN_LABEL_SCORE):
        return ""
    return head


_GOES_ON = re.compile(r"(?:[/&,–-]|\b(?:and|or|of|AND|OR|OF))$")


def _upper(text: str) -> bool:
    return any(ch.isalpha() for ch in text) and not any(ch.islower() for ch in text)


def _is_label(block: Block) -> bool:
    text = block.text.strip()
    return (len(text.split()) <= MAX_LABEL_WORDS and not text.endswith((".", ":")) and (block.bold or text.isupper())
            and bool(label_fields(text, MIN_LABEL_SCORE)))


def _label_rows(placed: list[Placed]) -> list[list[int]]:
    """Indices into placed of each row of labels, top to bottom, each row left to right."""
    labels = sorted((i for i, (_, _, _, item) in enumerate(placed) if isinstance(item, Block) and _is_label(item)),
                    key=lambda i: (placed[i][0], placed[i][1]))
    rows: list[list[int]] = []
    for i in labels:
        if rows and abs(placed[i][0] - placed[rows[-1][0]][0]) <= SAME_ROW:
            rows[-1].append(i)
        else:
            rows.append([i])
    return [sorted(row, key=lambda i: placed[i][1]) for row in rows if len(row) >= MIN_LABELS]


def fold_label_grids(placed: list[Placed]) -> list[Placed]:
    """placed with each grid's labels and values replaced by one "Label: value" block per label."""
    rows = _label_rows(placed)
    if not rows:
        return placed
    used: set[int] = set()
    folded: list[Placed] = []
    label_tops = sorted(placed[row[0]][0] for row in rows)
    blocks = sorted((i for i, entry in enumerate(placed) if isinstance(entry[3], Block)), key=lambda i: placed[i][0])
    page_right = max(right for _, _, right, _ in placed)
    for row in rows:
        top = placed[row[0]][0]
        below = next((t for t in label_tops if t > top + SAME_ROW), float("inf"))
        lefts = [placed[i][1] for i in row]
        rights = lefts[1:] + [max(placed[row[-1]][2], page_right)]
        values: list[list[str]] = [[] for _ in row]
        for i in blocks:
            entry_top, left, right, block = placed[i]
            if entry_top <= top + SAME_ROW or i in used:
                continue
            if entry_top >= below:
                break
            column = next((k for k, (lo, hi) in enumerate(zip(lefts, rights)) if lo - EDGE <= left < hi - EDGE), None)
            if column is None:
                if left < lefts[0] - EDGE and right <= lefts[0]:
                    continue  # beside the grid (a side strip), not in it
                break
            if right > rights[column] + EDGE:
                break  # a line across the columns: the grid has ended
            values[column].append(block.text)
            used.add(i)
        if not any(values):
            continue
        used.update(row)
        for k, (i, texts) in enumerate(zip(row, values)):
            if texts:
                label = placed[i][3]
                # in capitals, as forms set them: the prose reader then takes the whole label
                text = f"{label.text.strip().upper()}: {' '.join(texts)}"
                folded.append((top + k * 0.01, lefts[0], rights[-1],
                               Block(text=text, page=label.page, font_size=label.font_size)))
    return [entry for i, entry in enumerate(placed) if i not in used] + folded
