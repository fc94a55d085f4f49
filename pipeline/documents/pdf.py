"""PDF reader: one pass of pypdfium2 over each page for text, fonts and ruling lines.

Tables come from the page's vector paths (ruling.py: pdfplumber's table geometry
on PDFium's segments), so no page is parsed a second time by pdfminer, which
costs ~30x more. Pages with few path objects (no ruled table) skip table finding;
of those, a page whose short lines name Figure II's columns is searched for a
table drawn without lines (unruled.py, from the words' positions). A page's lines of
text come from pdf_lines.py; here they become paragraphs, in reading order, beside
the tables.
"""
from __future__ import annotations

import re
import statistics

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..columns import map_header, names_figure_ii_columns
from ..sections import classify_heading
from .guard import NO_TEXT_LAYER
from .label_grid import cell_label, fold_label_grids
from .margins import strip_running_text
from .model import Block, Cell, Document, DocumentError, Row, Table
from .pdf_lines import FootnoteMark, Line, page_lines, place_rotated, without_marks
from .pdfium_lock import PDFIUM_LOCK
from .rotation import make_upright
from .ruling import find_tables, page_edges, path_objects
from .strike import Struck, struck_characters, without_runs
from .text import MARKDOWN_HEADING, clean_cell, is_list_marker
from .text_tables import text_table_spans
from .unruled import find_unruled_tables, page_words

# a ruled table of two rows and three columns draws seven lines, or six rectangles
MIN_PATHS_FOR_TABLE = 6
MARGIN_BAND = 0.15  # share of the page height at its top and foot where running heads and footers stand
_NUMBERED_ITEM = re.compile(r"^\s*\(?(\d{1,2})[.)]\s+")
_TERMINAL = re.compile(r"[.!?:;)\"”’]\s*$")
CELL_INSET = 1.5  # points
LAST_COLUMN_REACH = 8.0  # points past the right rule ("By whe|n" set wider than its cell)
SCANNED_PAGE_CHARS = 40  # fewer characters of text than this, under a page-sized image, is a scan
SCANNED_IMAGE_SHARE = 0.5  # of the page's area
MIN_COLUMN_LINES = 5  # lines in each of a page's two text columns, at least
COLUMN_SLACK = 0.02  # of the page width: how far a column's edge may sit from the middle
PARAGRAPH_STEP = 1.45  # baseline step, in font sizes, beyond which a new paragraph starts
LOOSE_SPACING_SLACK = 1.15  # on a page set with looser spacing, a step this much over its own starts one
FULL_MEASURE = 0.8  # of the text's width: a line this long wrapped
MIN_WRAPPED_LINES = 3


def read_pdf(path, max_pages: int | None = None) -> Document:
    with PDFIUM_LOCK:
        return _read_pdf(path, max_pages)


def _read_pdf(path, max_pages: int | None) -> Document:
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        raise DocumentError(f"corrupt or unreadable PDF ({error})") from error
    doc = Document(source_file=str(path), format="pdf", n_pages=None)
    pages_lines: list[list[Line]] = []
    widths: list[float] = []
    heights: list[float] = []
    tables_by_page: dict[int, list[tuple[tuple, Table]]] = {}
    unreadable: list[int] = []
    scanned: list[int] = []  # pages that are a picture of text
    carried = None  # the columns of an unruled table that ran to the foot of the last page
    try:
        n_pages = doc.n_pages = len(pdf)
        if max_pages is not None and n_pages > max_pages:
            raise DocumentError(f"too many pages ({n_pages} > limit {max_pages})")
        for index in range(n_pages):
            page = pdf[index]
            make_upright(page)
            height = page.get_height()
            widths.append(page.get_width())
            heights.append(height)
            textpage = page.get_textpage()
            paths = path_objects(page)
            try:
                edges = page_edges(paths, height) if paths else []
            except Exception:  # a damaged drawing loses its tables and strikes, not the page's text
                edges, paths = [], []
                unreadable.append(index + 1)
            struck = struck_characters(textpage, edges, height)
            marks: list[FootnoteMark] = []
            lines = page_lines(textpage, height, struck.indices, marks)
            pages_lines.append(lines)
            if sum(len(line.text) for line in lines) < SCANNED_PAGE_CHARS and _mostly_image(page):
                scanned.append(index + 1)
            place_rotated(lines, paths, height)
            if len(paths) >= MIN_PATHS_FOR_TABLE:
                try:
                    tables_by_page[index] = _page_tables(edges, textpage, height, index + 1, struck, marks)
                except Exception:  # a damaged drawing loses its tables, not the page's text
                    unreadable.append(index + 1)
            if not tables_by_page.get(index) and (carried is not None or names_figure_ii_columns(
                    [line.text for line in lines])):
                tables_by_page[index], carried = find_unruled_tables(
                    page_words(textpage, height), index + 1, height, map_header, classify_heading, carried)
            else:
                carried = None
            textpage.close()
            page.close()
    finally:
        pdf.close()

    if n_pages and not any(line.text.strip() for lines in pages_lines for line in lines):
        raise DocumentError(NO_TEXT_LAYER)
    if unreadable:
        doc.problems.append(f"tables not read on damaged page(s) {', '.join(map(str, unreadable))}")
    if scanned:
        doc.problems.append(f"page(s) {', '.join(map(str, scanned))} hold only an image of text (scanned?): "
                            "not read, OCR needed")
    texts = [[line.text for line in lines] for lines in pages_lines]
    in_margin = [[line.top < MARGIN_BAND * height or line.bottom > (1 - MARGIN_BAND) * height for line in lines]
                 for lines, height in zip(pages_lines, heights)]
    keep, margin = strip_running_text(texts, in_margin)
    doc.margin_text = margin
    for index, lines in enumerate(pages_lines):
        page_no = index + 1
        tables = tables_by_page.get(index, [])
        kept = [line for line, ok in zip(lines, keep[index]) if ok]
        kept = [line for line in kept if not any(_inside(line, bbox) for bbox, _ in tables)]
        kept, typed = _typed_tables(kept, page_no)
        placed = fold_label_grids(_paragraphs(kept, page_no)) + [(bbox[1], bbox[0], bbox[2], table)
                                                                 for bbox, table in tables] + typed
        for item in _reading_order(placed, _column_split(kept, widths[index])):
            if not _continues_paragraph(doc.items[-1] if doc.items else None, item):
                doc.items.append(item)
    return doc


def _typed_tables(lines: list[Line], page_no: int) -> tuple[list[Line], list]:
    """The page's lines less those of tables typed as characters, and those tables, placed."""
    spans = text_table_spans([line.text for line in lines])
    if not spans:
        return lines, []
    placed, used = [], set()
    for start, end, table in spans:
        table.page = page_no
        for row in table.rows:
            row.page = page_no
        run = lines[start:end]
        placed.append((run[0].top, min(line.left for line in run), max(line.right for line in run), table))
        used.update(range(start, end))
    return [line for i, line in enumerate(lines) if i not in used], placed


def _mostly_image(page) -> bool:
    """Does an image cover most of the page (a scan), rather than a logo or a chart beside text?"""
    area = page.get_width() * page.get_height()
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = image.get_bounds()
        if area > 0 and (right - left) * (top - bottom) >= SCANNED_IMAGE_SHARE * area:
            return True
    return False


def _continues_paragraph(previous, item) -> bool:
    """Join a paragraph a page break cut; the joined block keeps the page it starts on."""
    if not (isinstance(previous, Block) and isinstance(item, Block)) or previous.page == item.page:
        return False
    restyled = previous.bold != item.bold or abs((previous.font_size or 0) - (item.font_size or 0)) >= 0.6
    if item.list_item or restyled or _TERMINAL.search(previous.text):
        return False
    previous.text = clean_cell(previous.text + "\n" + item.text, visual_lines=True)
    return True


def _paragraphs(lines: list[Line], page_no: int) -> list[tuple[float, float, float, Block]]:
    """Join wrapped lines of one paragraph; keep headings and list items apart. Each comes with
    its top, left and right edges."""
    out: list[tuple[float, float, float, Block]] = []
    current: list[Line] = []
    paragraph_step = max(PARAGRAPH_STEP, LOOSE_SPACING_SLACK * _wrapped_line_step(lines))

    def flush():
        if current:
            text = clean_cell("\n".join(l.text for l in current), visual_lines=True)
            head = current[0]
            marked = MARKDOWN_HEADING.match(text)
            out.append((head.top, min(l.left for l in current), max(l.right for l in current),
                        Block(text=text[marked.end():] if marked else text, page=page_no, font_size=head.size,
                              bold=head.bold, list_item=is_list_marker(head.text),
                              heading_level=len(marked.group(1)) if marked else None)))
            current.clear()

    last_number = 0  # of the numbered item last opened on the page
    for line in lines:
        number = _item_number(line.text)
        wrapped_number = False
        if current:
            prev = current[-1]
            # lines are baselines apart by ~1.2 font sizes inside a paragraph
            step = line.bottom - prev.bottom
            same_style = (abs(line.size - prev.size) < 0.6 and line.bold == prev.bold
                          and not (line.rotated or prev.rotated))
            # "... by end of Sept" / "21. The cluster will ...": a number that wrapped, not item 21
            wrapped_number = (number is not None and number not in (1, last_number + 1)
                              and not _TERMINAL.search(prev.text))
            if (not same_style or step > paragraph_step * prev.size or step < 0.5 * prev.size
                    or (is_list_marker(line.text) and not wrapped_number) or MARKDOWN_HEADING.match(line.text)
                    or MARKDOWN_HEADING.match(prev.text)):
                flush()
        if number is not None and not wrapped_number:
            last_number = number
        current.append(line)
    flush()
    return out


def _wrapped_line_step(lines: list[Line]) -> float:
    """The page's baseline step inside a paragraph, in font sizes: the median step below lines that
    run the full measure (they wrapped, so the next line is the same paragraph's). A page set at 1.5
    or double spacing steps further than PARAGRAPH_STEP between the lines of one paragraph. 0 when
    too few lines wrapped to tell."""
    if len(lines) < 2:
        return 0.0
    left, right = min(l.left for l in lines), max(l.right for l in lines)
    steps = [(line.bottom - prev.bottom) / prev.size for prev, line in zip(lines, lines[1:])
             if prev.size and abs(line.size - prev.size) < 0.6 and not (prev.rotated or line.rotated)
             and prev.right - prev.left >= FULL_MEASURE * (right - left) and 0 < line.bottom - prev.bottom]
    return statistics.median(steps) if len(steps) >= MIN_WRAPPED_LINES else 0.0


def _item_number(text: str) -> int | None:
    match = _NUMBERED_ITEM.match(text)
    return int(match.group(1)) if match else None


def _column_split(lines: list[Line], width: float) -> float | None:
    """The x between the two text columns of a page set in two, or None for a single column."""
    if len(lines) < 2 * MIN_COLUMN_LINES or width <= 0:
        return None
    middle, slack = width / 2, COLUMN_SLACK * width
    left = sum(l.right <= middle + slack and l.left < middle - slack for l in lines)
    right = sum(l.left >= middle - slack for l in lines)
    across = sum(l.left < middle - slack and l.right > middle + slack for l in lines)
    if left >= MIN_COLUMN_LINES and right >= MIN_COLUMN_LINES and right >= 0.25 * len(lines) \
            and across <= 0.2 * len(lines):
        return middle
    return None


def _reading_order(placed: list[tuple[float, float, float, object]], split: float | None) -> list:
    """Items in reading order: top to bottom, or on a two-column page the left column before the
    right, between the full-width items (a table, a title) that run across both."""
    if split is None:
        return [item for _, _, _, item in sorted(placed, key=lambda p: p[0])]
    full = sorted(top for top, left, right, _ in placed if left < split - 1 and right > split + 1)

    def key(entry):
        top, left, right, _ = entry
        if left < split - 1 and right > split + 1:
            return (full.index(top) + 0.5, 0, top)
        band = sum(t < top for t in full)
        return (band, 0 if right <= split + 1 else 1, top)

    return [item for *_, item in sorted(placed, key=key)]


def _inside(line: Line, bbox) -> bool:
    x0, top, x1, bottom = bbox
    middle = (line.top + line.bottom) / 2
    return top - 1 <= middle <= bottom + 1 and x0 - 2 <= line.left <= x1


def _page_tables(edges: list[dict], textpage, height: float, page_no: int, struck: Struck,
                 marks: list[FootnoteMark] = ()) -> list[tuple[tuple, Table]]:
    """Cell geometry from the page's ruling lines; cell text from pdfium, which spaces words well;
    a cell's struck-through words and footnote marks left out."""
    def text_in(bbox):
        x0, top, x1, bottom = bbox
        # PDFium takes any glyph whose box touches the area: inset it, or the descender of a line set
        # tight against the rule above ("Priority" -> "y") joins the cell below
        inset = min(CELL_INSET, (bottom - top) / 4)
        text = textpage.get_text_bounded(left=x0, bottom=height - bottom + inset, right=x1, top=height - top - inset)
        runs = struck.runs_in(bbox) if struck.indices else []
        text = without_runs(text, runs) if runs else text
        return without_marks(text, marks, bbox) if marks else text

    found = []
    for table in find_tables(edges):
        parsed = _table_from_cells(table, page_no, text_in)
        # one column of boxes is shading (a banded, unruled table) or a frame, not a grid of cells;
        # a ruled header alone (its rows set apart by white space, or by upright rules only) is
        # read with the unruled table under it
        if parsed is not None and parsed.n_cols >= 2 and not _header_only(parsed):
            found.append((table.bbox, parsed))
    return found


def _header_only(table: Table) -> bool:
    return len(table.rows) == 1 and map_header([(c.col, c.text) for c in table.rows[0].cells]) is not None


def _table_from_cells(table, page_no: int, text_in) -> Table | None:
    rows_cells = table.rows
    if not rows_cells:
        return None
    # column boundaries from every cell edge seen in the table
    xs = sorted({round(c[0], 1) for r in rows_cells for c in r.cells if c} |
                {round(c[2], 1) for r in rows_cells for c in r.cells if c})
    edges: list[float] = []
    for x in xs:
        if not edges or x - edges[-1] > 2:
            edges.append(x)
    n_cols = max(len(edges) - 1, 1)
    rows: list[Row] = []
    for row_cells in rows_cells:
        cells: list[Cell] = []
        for bbox in row_cells.cells:
            if bbox is None:
                continue
            col = _edge_index(edges, bbox[0])
            end = _edge_index(edges, bbox[2])
            if end == len(edges) - 1:  # text that overflows the table's right rule still belongs to its last cell
                bbox = (bbox[0], bbox[1], bbox[2] + LAST_COLUMN_REACH, bbox[3])
            raw = text_in(bbox)
            cells.append(Cell(text=clean_cell(raw, visual_lines=True), col=col, span=max(end - col, 1),
                              label=cell_label([clean_cell(line) for line in raw.splitlines()[:3]])))
        if cells:
            rows.append(Row(cells=cells, page=page_no))
    if not rows:
        return None
    return Table(rows=rows, n_cols=n_cols, page=page_no)


def _edge_index(edges: list[float], x: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - x))
