"""The action row every extractor produces, before labels."""
from __future__ import annotations

from dataclasses import dataclass, field

FIGURE_II_FIELDS = ("objective", "action", "expected_outcome", "risks", "workforce", "finance", "monitoring")
# columns many plans add to Figure II (config/columns.yaml extra_columns), kept apart from its cells
EXTRA_FIELDS = ("lead", "timescale", "status")


@dataclass
class ActionRecord:
    source_kind: str  # "table" | "text"
    action: str
    page: int | None = None
    item_index: int = 0  # position in Document.items, for the section lookup
    strategic_alignment_text: str = ""
    objective: str = ""
    expected_outcome: str = ""
    risks: str = ""
    workforce: str = ""
    finance: str = ""
    monitoring: str = ""
    lead: str = ""
    timescale: str = ""
    status: str = ""  # a progress or RAG column ("Status at Q1 review")
    finance_unit: float = 0.0  # pounds per bare number in the finance cell, from its header ("Cost (£)")
    ref: str = ""  # the row's number in its table's No. / Ref column, where it has one (keyed.py)
    # wider group rows the action sits under (umbrella headings), nearest first
    alignment_context: list[str] = field(default_factory=list)
    section_no: int = 0
    section_key: str = "other"
    read_problems: list[str] = field(default_factory=list)
    # cells merged down from the action above (one Finance cell over three rows): shown on each
    # row, their money counted on the first only
    shared_cells: list[str] = field(default_factory=list)

    def fields(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FIGURE_II_FIELDS}

    def extras(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in EXTRA_FIELDS}
