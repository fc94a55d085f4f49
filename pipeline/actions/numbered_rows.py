"""A table row holding several actions as numbered lists in step, one row per group.

Some plans give each priority group one row and number the items in every cell: item n of the
action cell goes with item n of the objective, outcome, risks and money cells. The guidelines count
a row as one action, but a row whose other cells are numbered in step with its action cell says
plainly which cells belong to which action: it is read as that many actions. A cell that is not
numbered (one objective for the group) belongs to each of them.
"""
from __future__ import annotations

import re

_ITEM = re.compile(r"(?:^|(?<=\s))(\d{1,2})[.)]\s+(?=\S)")
NOT_SPLIT = ("strategic_alignment_text",)  # the group's own wording belongs to every action


def numbered_items(text: str) -> list[str] | None:
    """The items of a cell numbered 1, 2, 3 ... from its start; None when it is not so numbered."""
    text = text.strip()
    marks = list(_ITEM.finditer(text))
    if not marks or marks[0].start() != 0:
        return None
    kept = [marks[0]]
    for mark in marks[1:]:
        if int(mark.group(1)) == int(kept[-1].group(1)) + 1:
            kept.append(mark)  # "2. Run 10 clinics" then "3. ...", not the "10" inside an item
    if int(kept[0].group(1)) != 1:
        return None
    ends = [m.start() for m in kept[1:]] + [len(text)]
    return [text[m.end():end].strip() for m, end in zip(kept, ends)]


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
