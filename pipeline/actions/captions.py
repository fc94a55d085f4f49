"""Table captions ("Table 3: Actions – Covid-19 cluster hub delivery").

A plan that gives each priority area a table of its own may name the area only in the table's
caption. A caption sits directly above or directly below its table; which, a plan keeps to
throughout, so the side most of its captions take decides for a caption between two tables.
"""
from __future__ import annotations

import re

from ..documents.model import Block, Document, Table

_CAPTION = re.compile(r"^\s*(?:table|tabl|figure|ffigur)\s+\d{1,2}(?:\.\d{1,2})?[a-z]?\s*[:.–—-]\s*", re.I)
MAX_CAPTION_CHARS = 200


def caption_text(text: str) -> str:
    """The caption's words without its "Table n:" label; "" when the text is no caption."""
    if len(text) > MAX_CAPTION_CHARS or not _CAPTION.match(text):
        return ""
    return _CAPTION.sub("", text, count=1).strip()


def table_captions(doc: Document) -> dict[int, str]:
    """Item index of each captioned table -> its caption's words."""
    items = doc.items

    def caption_at(position: int) -> str:
        if 0 <= position < len(items) and isinstance(items[position], Block):
            return caption_text(items[position].text)
        return ""

    tables = [i for i, item in enumerate(items) if isinstance(item, Table)]
    below = sum(bool(caption_at(i + 1)) for i in tables)
    above = sum(bool(caption_at(i - 1)) for i in tables)
    found = {}
    for i in tables:
        first, second = (caption_at(i + 1), caption_at(i - 1)) if below >= above else (caption_at(i - 1), caption_at(i + 1))
        if first or second:
            found[i] = first or second
    return found
