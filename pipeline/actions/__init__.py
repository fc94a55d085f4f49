"""Document + sections -> action rows (tables first, then prose where no table holds actions)."""
from __future__ import annotations

from ..documents.model import Document
from ..sections import Section, classify_heading, section_of_items
from .prose import Scorer, extract_prose_actions
from .record import ActionRecord
from .tables import extract_table_actions


def extract_actions(doc: Document, sections: list[Section], scorer: Scorer) -> list[ActionRecord]:
    item_sections = section_of_items(doc, sections)
    section_heads = {s.start_item for s in sections}
    records = extract_table_actions(doc, section_heads)
    # prose is read only in sections that hold no action table, so a table's rows
    # restated in a paragraph are not counted twice
    table_sections = {item_sections[r.item_index][1] for r in records}
    # the template puts actions in its key actions section; "will" sentences in the workforce
    # or finance sections are implications of those actions, not more of them
    found = {s.section_key for s in sections}
    skip = table_sections | ({"workforce", "finance", "strategic_alignment", "other"} if "key_actions" in found else set())
    prose = extract_prose_actions(doc, item_sections, scorer, skip_sections=skip,
                                  section_heads=section_heads)
    records += prose
    records.sort(key=lambda r: r.item_index)
    for record in records:
        record.section_no, record.section_key = item_sections[record.item_index]
    return records


__all__ = ["ActionRecord", "extract_actions", "classify_heading"]
