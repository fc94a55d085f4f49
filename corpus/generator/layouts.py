"""Layout variants and the rules for combining them into one plan."""
from __future__ import annotations

import random

LAYOUTS = [
    "standard_8col", "renamed_headers", "fewer_columns", "multipage_table", "group_rows_merged",
    "group_rows_first_col", "alignment_column", "multiline_cells", "landscape", "two_tables",
    "prose_actions", "imtp_template", "cover_page", "headers_footers", "toc", "heading_variants",
    "placeholder_rows", "metadata_in_text",
]
COLUMN_SCHEMES = ["standard_8col", "renamed_headers", "fewer_columns"]
GROUP_STYLES = ["group_rows_merged", "group_rows_first_col", "alignment_column"]
# variants that only make sense when the actions are in a table
TABLE_ONLY = set(COLUMN_SCHEMES + GROUP_STYLES) | {
    "multipage_table", "multiline_cells", "landscape", "two_tables", "placeholder_rows"}

# probability of each optional variant in a randomly laid out plan
OPTIONAL_P = {
    "multipage_table": 0.25, "multiline_cells": 0.4, "landscape": 0.3, "two_tables": 0.2,
    "imtp_template": 0.12, "cover_page": 0.5, "headers_footers": 0.6, "toc": 0.3,
    "heading_variants": 0.5, "placeholder_rows": 0.3, "metadata_in_text": 0.3,
}
PROSE_P = 0.15


def check(layouts: set[str]) -> None:
    unknown = layouts - set(LAYOUTS)
    if unknown:
        raise ValueError(f"unknown layout(s): {', '.join(sorted(unknown))}; known: {', '.join(LAYOUTS)}")
    if "prose_actions" in layouts and layouts & TABLE_ONLY:
        raise ValueError("prose_actions has no table: it cannot combine with "
                         + ", ".join(sorted(layouts & TABLE_ONLY)))
    if "standard_8col" in layouts and layouts & {"renamed_headers", "fewer_columns"}:
        raise ValueError("standard_8col excludes renamed_headers and fewer_columns")
    if len(layouts & set(GROUP_STYLES)) > 1:
        raise ValueError("choose one of " + ", ".join(GROUP_STYLES))
    if {"cover_page", "metadata_in_text"} <= layouts:
        raise ValueError("metadata_in_text means there is no cover page")


def resolve(rng: random.Random, required=None, exact: bool = False) -> set[str]:
    """The plan's layout set: required variants, plus the column scheme and group
    style every table needs, plus (unless exact) randomly chosen optional ones."""
    chosen = set(required or ())
    check(chosen)
    prose = "prose_actions" in chosen
    if not prose and not exact and not (chosen & TABLE_ONLY) and rng.random() < PROSE_P:
        chosen.add("prose_actions")
        prose = True
    if not exact:
        for name, p in OPTIONAL_P.items():
            if name in chosen or (prose and name in TABLE_ONLY):
                continue
            if rng.random() < p:
                trial = chosen | {name}
                try:
                    check(trial)
                except ValueError:
                    continue
                chosen = trial
    if not prose:
        if not chosen & set(COLUMN_SCHEMES):
            chosen.add(rng.choice(COLUMN_SCHEMES))
            if "fewer_columns" in chosen and not exact and rng.random() < 0.3:
                chosen.add("renamed_headers")
        if not chosen & set(GROUP_STYLES):
            chosen.add(rng.choice(GROUP_STYLES))
    check(chosen)
    return chosen


def ordered(layouts) -> list[str]:
    return [name for name in LAYOUTS if name in set(layouts)]
