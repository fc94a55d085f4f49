"""Document + sections -> action rows (tables first, then prose where no table holds actions)."""
from __future__ import annotations

from ..documents.model import Document
from ..sections import Section, classify_heading, section_of_items
from .prose import Scorer, extract_prose_actions
from .record import ActionRecord
from .tables import extract_table_actions


def extract_actions(doc: Document, sections: list[Section], scorer: Scorer) -> list[ActionRecord]:
    item_sections = section_of_items(doc, sections)
    records = extract_table_actions(doc)
    # prose is read only in sections that hold no action table, so a table's rows
    # restated in a paragraph are not counted twice
    table_sections = {item_sections[r.item_index][1] for r in records}
    section_heads = {s.start_item for s in sections}
    prose = extract_prose_actions(doc, item_sections, scorer, skip_sections=table_sections,
                                  section_heads=section_heads)
    records += prose
    records.sort(key=lambda r: r.item_index)
    for record in records:
        record.section_no, record.section_key = item_sections[record.item_index]
    return records


__all__ = ["ActionRecord", "extract_actions", "classify_heading"]
