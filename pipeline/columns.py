"""Figure II's column vocabulary (config/columns.yaml): which column a header cell or a label names.

Read by the table extractor (header rows, label | value tables, "As above" cells), by the prose
extractor (labelled lines under an action) and by the PDF reader (whether a page's lines could
head a table drawn without ruling lines).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .config import load_yaml


@dataclass
class Vocabulary:
    scores: dict[str, list[tuple[re.Pattern, float]]]  # contract fields, then the extra columns
    min_other: int
    placeholders: list[re.Pattern]
    back_references: list[re.Pattern]
    total_rows: list[re.Pattern]
    back_references_not_copied: frozenset[str]
    finance_units: list[tuple[re.Pattern, float]]
    detail_columns: list[re.Pattern]
    topic_columns: list[re.Pattern]
    no_action_cells: list[re.Pattern]


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    config = load_yaml("columns.yaml")
    words = dict(config["columns"]) | {name: spec["words"] for name, spec in config.get("extra_columns", {}).items()}
    scores = {name: [(re.compile(p, re.I), float(w)) for p, w in patterns.items()] for name, patterns in words.items()}
    return Vocabulary(scores, int(config["min_other_columns"]),
                       [re.compile(p, re.I) for p in config["placeholder_rows"]],
                       [re.compile(p, re.I) for p in config.get("back_references", [])],
                       [re.compile(p, re.I) for p in config.get("total_rows", [])],
                       frozenset(config.get("back_references_not_copied", [])),
                       [(re.compile(p, re.I), float(m)) for p, m in config.get("finance_units", {}).items()],
                       [re.compile(p, re.I) for p in config.get("detail_columns", [])],
                       [re.compile(p, re.I) for p in config.get("topic_columns", [])],
                       [re.compile(p, re.I) for p in config.get("no_action_cells", [])])


def assign_columns(texts: list[tuple[int, str]], names=None) -> dict[str, int]:
    """Field -> grid column from (grid column, header text) pairs: the best-scoring pairs first, each
    field and each column used once; names: the fields that may be assigned (all when None)."""
    scored = sorted(((score, name, col) for col, text in texts for name, score in field_scores(text).items()
                     if names is None or name in names), key=lambda s: (-s[0], s[2]))
    mapping: dict[str, int] = {}
    for _, name, col in scored:
        if name not in mapping and col not in mapping.values():
            mapping[name] = col
    return mapping


DETAILS = "details"  # the pseudo-field of a column of labelled lines


def finance_unit(header: str) -> float:
    """The pounds one bare number in a finance column is worth, from the unit its header names
    ("Cost (£)" 1, "Budget £k" 1000); 0 when the header names none."""
    for pattern, multiplier in vocabulary().finance_units:
        if pattern.search(header):
            return multiplier
    return 0.0


def is_topic_column(header: str) -> bool:
    """Whether an alignment column's header names topics ("Theme"), not the plan's groups."""
    return any(p.search(header.strip()) for p in vocabulary().topic_columns)


def map_header(texts: list[tuple[int, str]]) -> dict[str, int] | None:
    """Contract field -> grid column, from (grid column, header text) pairs; None if not Figure II."""
    vocab = vocabulary()
    mapping = assign_columns(texts)
    if "action" in mapping:
        # "Action | Detail": the detail column's labelled lines are the other cells (DETAILS)
        detail = next((col for col, text in texts if col not in mapping.values()
                       and any(p.search(text.strip()) for p in vocab.detail_columns)), None)
        if detail is not None:
            mapping[DETAILS] = detail
    # "Action | Outcome | Timescale" is an action table: Lead and Timescale count as columns too
    if "action" not in mapping or (len(mapping) - 1 < vocab.min_other and DETAILS not in mapping):
        return None
    return mapping


def names_figure_ii_columns(lines: list[str], window: int = 8) -> bool:
    """Do a few consecutive short lines of a page name the action column and enough others for a
    header? (Section headings that say "actions", "workforce" and "finance" are pages apart.)"""
    vocab = vocabulary()
    # a label is short and no sentence: "Planned Action 2021/22", not "... planned activity."
    named = [set(field_scores(line))
             if len(line) <= 80 and not line.rstrip().endswith((".", ",", ";")) and not line[:1].islower() else set()
             for line in lines]
    for start in range(len(named)):
        together = set().union(*named[start:start + window])
        if "action" in together and len(together) - 1 >= vocab.min_other:
            return True
    return False


def label_fields(label: str, min_score: float) -> tuple[str, ...]:
    """The columns a label ("Outcome", "Lead", "Cost") names best, if it scores min_score; ties in
    vocabulary order ("How we will know": the outcome, or its monitoring where the outcome is given)."""
    scores = field_scores(label)
    best = max(scores.values(), default=0.0)
    return tuple(name for name, score in scores.items() if score == best) if best >= min_score else ()


def field_scores(text: str) -> dict[str, float]:
    """How strongly a header (or row label) names each column; empty for text too long to be one."""
    text = text.strip()
    if not text or len(text) > 80:
        return {}
    scores = {name: sum(w for p, w in patterns if p.search(text)) for name, patterns in vocabulary().scores.items()}
    return {name: score for name, score in scores.items() if score > 0}


def is_placeholder(text: str) -> bool:
    """A template row the plan left as it was ("Locally determined Priority", "Insert ...")."""
    return any(p.match(text.strip()) for p in vocabulary().placeholders)


def says_no_action(text: str) -> bool:
    """An action cell saying the row holds no action this year."""
    return any(p.match(text.strip()) for p in vocabulary().no_action_cells)


def is_back_reference(text: str) -> bool:
    """A cell that only points at the row above ("As above", "See above", "Ditto")."""
    return any(p.match(text.strip()) for p in vocabulary().back_references)


def is_total_row(texts: list[str]) -> bool:
    """A row whose first filled cell says "Total": the table's sum, not an action."""
    first = next((t.strip() for t in texts if t.strip()), "")
    return any(p.match(first) for p in vocabulary().total_rows)
