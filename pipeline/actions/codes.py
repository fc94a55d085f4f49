"""Alignment codes explained in a key beside the table.

Some plans fill the alignment column with short codes ("CR-ES", "MDM", "WA") and explain
them in a paragraph under or over the table ("Key: CR-ES = Covid-19 Resilience - Indirect
harm: Essential Services; MDM = Ministerial Delivery Milestones; ..."). A row's code is
read as its meaning, so the group wording the classifiers see is the plan's own.
"""
from __future__ import annotations

import re

from ..documents.model import Block, Document, Table
from ..labels.taxonomy import names_priority
from .record import ActionRecord

KEY_WINDOW = 3  # paragraphs above and below a table searched for its key
MIN_CODES = 2
# "Key:", "Codes used:", "Strategic alignment key:", "Key to the alignment column -"
_KEY = re.compile(r"^\s*(?:[\w()/]+\s+){0,3}?(?:key|codes?(?:\s+used)?|abbreviations|legend)"
                  r"(?:\s+to\s+[\w ]{1,30})?\s*[:\-–]\s*", re.I)
# letters ("CR-ES", "MDM", "Vacc", "Hub") or a number with a letter ("1a", "2", "3.1")
_CODE = r"(?:[A-Z][A-Za-z0-9]{0,5}(?:[-/.][A-Z0-9]{1,5})?|\d{1,2}[a-z]?(?:\.\d{1,2})?)(?![\w.])"
_PAIR = re.compile(rf"^\s*(?P<code>{_CODE})\s*(?:=|:|–|—|-)\s*(?P<meaning>\S.*?)\s*$")
# a code defined on a line of its own anywhere in the plan ("Priority 1a: Essential services ...")
_LABEL = r"(?:priority|priorities|blaenoriaeth|group|area|theme|code)"
_DEFINITION = re.compile(rf"^\s*{_LABEL}\s+(?P<code>{_CODE})\s*"
                         r"(?:=|:|–|—|-|\bcovers\b|\bfocuses on\b|\brelates to\b)\s*(?P<meaning>\S.*?)\s*$", re.I)
# a legend's line of its own ("1 = Covid-19 resilience – indirect harm ...")
_LEGEND_LINE = re.compile(rf"^\s*(?P<code>{_CODE})\s*=\s*(?P<meaning>\S.*?)\s*$")
# an action numbered by its group's code ("5b Join the step-up pathway ...")
_LEADING_CODE = re.compile(r"^\s*(?P<group>\d{1,2})(?P<item>[a-z]|\.\d{1,2})[.)]?\s+(?=[A-Z])")
_CODES_CELL = re.compile(rf"^\s*{_CODE}(?:\s*[/,;&]\s*{_CODE})*\s*$")
# a group heading or cell that only numbers its group ("Priority 3"): its meaning is defined elsewhere
_LABELLED_CODES = re.compile(rf"^\s*{_LABEL}\s+(?P<codes>{_CODE}(?:\s*[/,;&]\s*{_CODE})*)\s*[.:]?\s*$", re.I)


def read_key(text: str) -> dict[str, str]:
    """code -> meaning from a key paragraph; empty when the text is no key."""
    if not _KEY.match(text):
        return {}
    pairs = {}
    for part in re.split(r"\s*[;\n]\s*", _KEY.sub("", text, count=1)):
        match = _PAIR.match(part)
        if match:
            pairs[match.group("code")] = match.group("meaning").rstrip(". ")
    return pairs if len(pairs) >= MIN_CODES else {}


def _key_near(doc: Document, index: int) -> dict[str, str]:
    found: dict[str, str] = {}
    for step in (1, -1):  # below the table first: where a key usually sits
        position = index + step
        while 0 <= position < len(doc.items) and abs(position - index) <= KEY_WINDOW:
            item = doc.items[position]
            if isinstance(item, Table):
                break
            if isinstance(item, Block):
                found = read_key(item.text) or found
                if found:
                    return found
            position += step
    return found


def _plan_definitions(doc: Document) -> dict[str, str]:
    """code -> meaning from lines that each define one ("Priority 2: Locally determined actions ...")."""
    found = {}
    for item in doc.items:
        match = (_DEFINITION.match(item.text) or _LEGEND_LINE.match(item.text)) if isinstance(item, Block) else None
        if match:
            found.setdefault(match.group("code"), match.group("meaning").rstrip(". "))
    return found if len(found) >= MIN_CODES else {}


def expand_codes(doc: Document, records: list[ActionRecord]) -> None:
    """Replace alignment wording that holds only codes with their meanings (the codes after them), in
    place: a table cell's codes from a key beside the table, else from codes the plan defines line by
    line elsewhere; a group that is only numbered ("Priority 3") from those definitions."""
    keys: dict[int, dict[str, str]] = {}
    definitions = None
    for record in records:
        text = record.strategic_alignment_text.strip()
        labelled = _LABELLED_CODES.match(text)
        numbered = _LEADING_CODE.match(record.action) if record.source_kind == "text" else None
        if numbered and not names_priority(text):
            definitions = _plan_definitions(doc) if definitions is None else definitions
            meaning = definitions.get(numbered.group("group"))
            if meaning:  # "5b ..." under a legend "5 = Locally determined actions ...": group 5
                record.strategic_alignment_text = f"{meaning} ({numbered.group('group')})"
                continue
        if labelled:
            text = labelled.group("codes")
        elif record.source_kind != "table" or not text or not _CODES_CELL.match(text):
            continue
        if record.item_index not in keys:
            keys[record.item_index] = _key_near(doc, record.item_index) if record.source_kind == "table" else {}
            if not keys[record.item_index] and record.source_kind == "table":
                # a table going on over the page: the key beside its first part
                keys[record.item_index] = next((k for i, k in sorted(keys.items(), reverse=True)
                                                if i < record.item_index and k), {})
            if not keys[record.item_index]:
                definitions = _plan_definitions(doc) if definitions is None else definitions
                keys[record.item_index] = definitions
        key = keys[record.item_index]
        codes = re.findall(_CODE, text)
        if key and all(code in key for code in codes):
            # the meaning first: a code's letters ("HB") may read as another group's words
            record.strategic_alignment_text = " / ".join(f"{key[code]} ({code})" for code in codes)
