"""Document + sections -> action rows (tables first, then prose that restates no table row)."""
from __future__ import annotations

import re

from ..documents.model import Document
from ..sections import Section, classify_heading, section_of_items
from .codes import expand_codes
from .keyed import join_keyed_tables, join_restated_rows
from .prose import NARRATIVE_SECTIONS, Scorer, extract_prose_actions
from .record import ActionRecord
from .tables import extract_table_actions


def extract_actions(doc: Document, sections: list[Section], scorer: Scorer,
                    skip_tables: frozenset[int] = frozenset(), year_start: int = 2021) -> list[ActionRecord]:
    """skip_tables: item indices of tables that hold no actions of this plan (progress.py);
    year_start: the first calendar year of the plan's NHS year (its column in a three-year table)."""
    item_sections = section_of_items(doc, sections)
    section_heads = {s.start_item for s in sections}
    records = extract_table_actions(doc, section_heads, skip_tables, year_start)
    # a summary table in the plan on a page or the executive summary ("Priority | short titles |
    # Lead") restates the Key Actions table: its rows are no more actions
    if any(item_sections[r.item_index][1] == "key_actions" for r in records):
        records = [r for r in records if item_sections[r.item_index][1] not in NARRATIVE_SECTIONS]
    join_keyed_tables(doc, records, skip_tables)
    records = join_restated_rows(records)
    # the template puts actions in its key actions section; "will" sentences in the workforce
    # or finance sections are implications of those actions, not more of them
    found = {s.section_key for s in sections}
    skip = {"workforce", "finance", "strategic_alignment", "other"} if "key_actions" in found else set()
    table_sections = {item_sections[r.item_index][1] for r in records}
    if "other" in table_sections and "key_actions" in found and "key_actions" not in table_sections:
        # the action plan is an appendix ("set out in full at Appendix 2"): the key actions
        # section around it summarises the table, as the text around a table does
        table_sections.add("key_actions")
    prose = extract_prose_actions(doc, item_sections, scorer, skip_sections=skip,
                                  section_heads=section_heads, listed_only=table_sections)
    # a table's row restated in a paragraph (a summary above the table) is not counted twice
    table_words = [_words(r.action) for r in records]
    prose = [r for r in prose if not _restates(_words(r.action), table_words)]
    # numbered items in prose, more of each in a table by number ("No. | Objective | Outcome | ...")
    join_keyed_tables(doc, prose, skip_tables, action_tables={r.item_index for r in records})
    records += prose
    expand_codes(doc, records)
    records.sort(key=lambda r: r.item_index)
    for record in records:
        record.section_no, record.section_key = item_sections[record.item_index]
    return records


RESTATED_SHARE = 0.7  # of a sentence's words found in one table row's action


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W_]{3,}", text.lower())}


def _restates(words: set[str], table_words: list[set[str]]) -> bool:
    return bool(words) and any(len(words & row) >= RESTATED_SHARE * len(words) for row in table_words)


__all__ = ["ActionRecord", "extract_actions", "classify_heading"]
