"""The abstract plan: what both renderers draw and what the gold file describes."""
from __future__ import annotations

from dataclasses import dataclass, field


def norm_ws(text: str) -> str:
    """Text as the gold file holds it: lines joined, whitespace collapsed."""
    return " ".join(str(text or "").split())


@dataclass
class Style:
    font: int  # index into the renderer's own font list
    body_size: float
    table_size: float
    heading_size: float
    heading_mode: str  # "style" (Word heading styles / large type) or "bold" (bold body paragraph)
    header_fill: str  # hex colour of the table header row
    band_fill: str  # hex colour of band / group rows
    margin_cm: float


@dataclass
class ActionItem:
    """One gold action: the bank record and the text as rendered."""

    record: dict
    source_kind: str  # "table" | "text"
    fields: dict  # contract column -> text as rendered (normalised), "" where absent
    locate: str  # rendered action text (without list marker); its first words find the page
    table_no: int | None = None
    section_key: str = ""
    section_no: int = 0


@dataclass
class Para:
    text: str
    kind: str = "body"  # body | subheading | caption | linking
    italic: bool = False


@dataclass
class Bullets:
    items: list
    numbered: bool = False


@dataclass
class TRow:
    kind: str  # band | group | placeholder | action
    cells: list  # one string per column (group-like rows: text in cells[0])
    item: ActionItem | None = None
    vspan: int = 1  # first column: >1 starts a vertical merge, 0 continues one (Word only)


@dataclass
class ActionTable:
    keys: list  # contract key per column ("resources" = merged workforce + finance)
    headers: list
    widths: list  # relative column widths
    rows: list
    merged_groups: bool  # group rows as one full-width merged cell
    table_no: int = 0


@dataclass
class ProseList:
    items: list  # (text, ActionItem)
    style: str  # numbered | bulleted | paragraphs
    literal: bool  # marker written into the text instead of list formatting


@dataclass
class SmallTable:
    headers: list
    rows: list


@dataclass
class Section:
    key: str
    section_no: int
    heading: str
    number_in_plan: int | None
    blocks: list = field(default_factory=list)
    landscape: bool = False
    merged_keys: list | None = None


@dataclass
class Plan:
    name: str
    producer: str  # python-docx | reportlab | libreoffice
    fmt: str  # docx | pdf
    template: str
    health_board: str
    cluster: str
    plan_year: str
    layouts: list
    style: Style
    cover_lines: list  # [(text, role)] role: title | subtitle | board | small
    title_lines: list  # title block at the top of page 1 when there is no cover
    toc: bool
    header_text: str | None
    footer: bool
    sections: list
    section_variant: str | None = None
    seed: str = ""
    toc_pages: dict = field(default_factory=dict)  # heading -> page (docx TOC numbers)

    def actions(self) -> list[ActionItem]:
        out = []
        for sec in self.sections:
            for block in sec.blocks:
                if isinstance(block, ActionTable):
                    out += [row.item for row in block.rows if row.item is not None]
                elif isinstance(block, ProseList):
                    out += [item for _, item in block.items]
        return out

    def tables(self) -> list[ActionTable]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, ActionTable)]
