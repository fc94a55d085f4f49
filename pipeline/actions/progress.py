"""Tables that report on earlier actions, not this year's.

A plan reflecting on its 2020/23 IMTP or on 2020 often tables last year's actions with
their progress ("Planned Action 2020/21 | Progress to December 2020 | RAG"). Such a table,
in a reflections section and with a progress or status column, is not read as actions;
the plan's row in plans.csv says it was set aside.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..documents.model import Document, Table
from ..sections import Section, section_of_items
from .tables import find_header

REFLECTION_SECTIONS = frozenset({"covid_reflections", "imtp_reflections"})


@dataclass(frozen=True)
class ProgressTable:
    item_index: int
    section_no: int
    page: int | None
    rows: int

    def warning(self) -> str:
        where = f"section {self.section_no}" + (f", page {self.page}" if self.page else "")
        return (f"a table of progress on earlier actions ({where}, {self.rows} rows) "
                "was not read as this year's actions")


def progress_tables(doc: Document, sections: list[Section]) -> list[ProgressTable]:
    found = []
    for index, ((section_no, key), item) in enumerate(zip(section_of_items(doc, sections), doc.items)):
        if key not in REFLECTION_SECTIONS or not isinstance(item, Table):
            continue
        header_row, mapping = find_header(item)
        if mapping is not None and "status" in mapping:
            found.append(ProgressTable(index, section_no, item.page, len(item.rows) - header_row - 1))
    return found
