"""A table row holding several actions as numbered lists in step, one row per group.

Some plans give each priority group one row and number the items in every cell: item n of the
action cell goes with item n of the objective, outcome, risks and money cells. The guidelines count
a row as one action, but a row whose other cells are numbered in step with its action cell says
plainly which cells belong to which action: it is read as that many actions. A cell that is not
numbered (one objective for the group) belongs to each of them.
"""
from __future__ import annotations

import re

# a list marker inside a cell: a bullet, or a number or letter that counts ("1." "2)" "a.")
_MARK = re.compile(r"(?:^|(?<=\s))([•●▪◦‣*]|-|–|\d{1,2}[.)]|[a-h][.)])\s+(?=\S)")
NOT_SPLIT = ("strategic_alignment_text",)  # the group's own wording belongs to every action


def _ordinal(mark: str) -> int | None:
    """1 for "1." or "a)", 2 for "2." or "b)" ...; None for a bullet."""
    head = mark[:-1]
    if head.isdigit():
        return int(head)
    return ord(head) - ord("a") + 1 if head.isalpha() else None


def cell_items(text: str) -> tuple[str, list[str]] | None:
    """A cell that starts with a list marker, as its first marker and its items: numbers and
    letters count in order ("2. Run 10 clinics" then "3. ...", not the "10" inside an item), a
    bullet splits where the same bullet starts a capitalised item. None when the cell does not
    start with a marker."""
    text = text.strip()
    marks = list(_MARK.finditer(text))
    if not marks or marks[0].start() != 0:
        return None
    first = marks[0].group(1)
    kept = [marks[0]]
    for mark in marks[1:]:
        mark_text = mark.group(1)
        if _ordinal(first) is not None:
            same_kind = mark_text[0].isdigit() == first[0].isdigit()  # numbers with numbers, letters with letters
            if same_kind and _ordinal(mark_text) == _ordinal(kept[-1].group(1)) + 1:
                kept.append(mark)
        elif mark_text == first and text[mark.end():mark.end() + 1].isupper():
            kept.append(mark)
    ends = [m.start() for m in kept[1:]] + [len(text)]
    return first, [text[m.end():end].strip() for m, end in zip(kept, ends)]


def numbered_items(text: str) -> list[str] | None:
    """The items of a cell numbered 1, 2, 3 ... from its start; None when it is not so numbered."""
    listed = cell_items(text)
    if not listed or not listed[0][0].isdigit() or _ordinal(listed[0]) != 1:
        return None
    return listed[1]


def split_numbered_row(values: dict[str, str]) -> list[dict[str, str]]:
    """values as one action each per item of its numbered action cell, when another cell is
    numbered in step; else [values] unchanged."""
    actions = numbered_items(values.get("action", ""))
    if not actions:
        return [values]
    lists = {name: numbered_items(text) for name, text in values.items()
             if name != "action" and name not in NOT_SPLIT and text.strip()}
    in_step = {name: items for name, items in lists.items() if items is not None}
    if not in_step or any(len(items) > len(actions) for items in in_step.values()):
        return [values]
    rows = []
    for k, action in enumerate(actions):
        row = dict(values, action=action)
        for name, items in in_step.items():
            row[name] = items[k] if k < len(items) else ""
        rows.append(row)
    return rows
