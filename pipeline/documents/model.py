"""One in-memory shape for every plan, whatever file it came from.

Readers (pdf.py, docx.py) produce a Document; nothing downstream knows the
file format. Items keep reading order: paragraphs and tables interleaved.
"""
from __future__ import annotations

from dataclasses import dataclass, field


class DocumentError(Exception):
    """A plan that cannot be read; the message is the reason shown to analysts."""


@dataclass
class Block:
    """A line or paragraph of running text."""

    text: str
    page: int | None = None  # 1-based for PDFs, None for Word
    font_size: float | None = None
    bold: bool = False
    heading_level: int | None = None  # from a Word heading style, when known
    list_item: bool = False  # a bullet or numbered paragraph
    kind: str = "block"
    tab_cells: list[str] | None = None  # a Word paragraph's parts between its tabs, where it has them
    list_label: str = ""  # the number Word draws before an auto-numbered paragraph ("3.", "5.2"), not in text


@dataclass
class Cell:
    """One logical cell: spans are in grid columns, merged cells appear once."""

    text: str
    col: int  # first grid column
    span: int = 1
    continued: bool = False  # a vertically merged cell's continuation (Word)
    # a form's field label set on the cell's first line, above its value ("OBJECTIVE" / "Restore ..."):
    # text then starts with it
    label: str = ""


@dataclass
class Row:
    cells: list[Cell]
    page: int | None = None  # page where the row starts

    def cell_at(self, col: int) -> "Cell | None":
        """The cell covering grid column col (a merged cell covers its span)."""
        return next((c for c in self.cells if c.col <= col < c.col + c.span), None)

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class Table:
    rows: list[Row]
    n_cols: int
    page: int | None = None  # page of the first row
    kind: str = "table"


Item = Block | Table


@dataclass
class Document:
    source_file: str
    format: str  # "pdf" | "docx"
    n_pages: int | None
    items: list[Item] = field(default_factory=list)
    # running headers/footers found and removed by the reader (used for metadata)
    margin_text: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # parts that could not be read: the plan is reported partial with these reasons
    problems: list[str] = field(default_factory=list)

    def blocks(self) -> list[Block]:
        return [i for i in self.items if isinstance(i, Block)]

    def tables(self) -> list[Table]:
        return [i for i in self.items if isinstance(i, Table)]
