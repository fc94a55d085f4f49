"""Word reader: walks the body XML in order so paragraphs and tables interleave.

Tables are read from w:tc elements rather than python-docx's cell grid, which
repeats a merged cell once per grid column and per merged row: here a
horizontally merged cell appears once with its span, and a vertically merged
cell holds its text in its first row only (continuation cells are empty and
marked so the action extractor can carry alignment text down).

A text box (a shape's w:txbxContent) is read after the paragraph it is anchored to, as
paragraphs and tables of its own. Word stores a modern shape twice, as mc:Choice and as a
legacy VML copy in mc:Fallback; the fallback copy is never read.
"""
from __future__ import annotations

import re

from ..columns import map_header
from .docx_numbering import W, ListNumbers, child_val, style_numbering, to_int
from .label_grid import cell_label
from .model import Block, Cell, Document, DocumentError, Row, Table
from .tab_tables import tab_tables
from .text import clean_cell, english_share, is_list_marker

_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT_BOX = W + "txbxContent"
_WATERMARK = "{urn:schemas-microsoft-com:vml}textpath"
_DIGIT = re.compile(r"\d")
HEADER_ROWS = 3  # rows at the top of a table searched for Figure II's column names
MIN_LANGUAGE_WORDS = 2  # lower-case words a paragraph needs before its language is judged
ENGLISH_SHARE = 0.6  # of them English words: an English paragraph
OTHER_SHARE = 0.35  # fewer: a paragraph in another language (Welsh)
MIN_BILINGUAL_CELLS = 3
BILINGUAL_SHARE = 0.3  # of a table's two-paragraph cells, Welsh over English: the table is bilingual
MAX_LAYOUT_DEPTH = 4  # tables inside tables inside ... a deeper nest is read as it stands
_SDT = W + "sdt"
_WRAPPERS = (W + "customXml", W + "smartTag")
_HEADING_STYLE = re.compile(r"(?:^|\s)(?:heading|titre|überschrift)\s*(\d)\b", re.I)
_BODY_OUTLINE = 9  # w:outlineLvl 9 is body text


def read_docx(path) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise DocumentError(f"corrupt Word document ({error})") from error
    except Exception as error:  # lxml and zipfile raise many types on damaged files
        raise DocumentError(f"corrupt Word document ({type(error).__name__}: {error})") from error

    styles = _style_names(document)
    doc = Document(source_file=str(path), format="docx", n_pages=None)
    numbers = ListNumbers(document, style_numbering(document))
    doc.items = tab_tables(list(_items(document.element.body, styles, numbers)))
    doc.margin_text = _margins(document)
    return doc


def _children(element, *tags):
    """The element's children with these tags, looking through the wrappers Word puts around
    content: content controls (w:sdt, in a form built on them: around a paragraph, a table,
    a row of a repeating section, a cell) and custom XML. A control still showing its
    placeholder ("Click or tap here to enter text.") holds none of the plan's words."""
    for child in element.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag == _SDT:
            if not _is_placeholder(child):
                content = child.find(W + "sdtContent")
                if content is not None:
                    yield from _children(content, *tags)
        elif child.tag in _WRAPPERS:
            yield from _children(child, *tags)


def _is_placeholder(sdt) -> bool:
    properties = sdt.find(W + "sdtPr")
    return properties is not None and properties.find(W + "showingPlcHdr") is not None


def _items(container, styles, numbers: ListNumbers, depth: int = 0):
    """Paragraphs and tables of a body (or of a layout table's cell), in reading order."""
    for child in _children(container, W + "p", W + "tbl"):
        if child.tag == W + "p":
            block = _paragraph(child, styles, numbers)
            if block is not None:
                yield block
            for box in _outside_boxes(child, _TEXT_BOX):  # the outermost boxes: an inner one is read with its box
                yield from _items(box, styles, numbers, depth + 1)
        elif depth < MAX_LAYOUT_DEPTH and _holds_tables(child) and not _has_action_header(child):
            # a table used to lay the page out: its cells' paragraphs and tables are the content
            for tr in _children(child, W + "tr"):
                for tc in _children(tr, W + "tc"):
                    yield from _items(tc, styles, numbers, depth + 1)
        else:
            table = _table(child)
            if table is not None:
                yield table


def _outside_boxes(element, tag):
    """Descendants with this tag that are not inside a text box or a fallback copy."""
    for node in element.iter(tag):
        ancestor = node.getparent()
        while ancestor is not None and ancestor is not element and ancestor.tag not in (_TEXT_BOX, _FALLBACK):
            ancestor = ancestor.getparent()
        if ancestor is element:
            yield node


def _has_action_header(tbl) -> bool:
    """Whether one of the table's first rows names Figure II's columns in its cells' own paragraphs:
    an action table with small tables in some cells (a Finance cell's Recurrent / Non-recurrent
    grid), not a table laying out the page."""
    for tr in list(_children(tbl, W + "tr"))[:HEADER_ROWS]:
        texts = [(col, clean_cell(" ".join(_text(p) for p in _children(tc, W + "p"))))
                 for col, tc in enumerate(_children(tr, W + "tc"))]
        if map_header([(col, text) for col, text in texts if text]) is not None:
            return True
    return False


def _holds_tables(tbl) -> bool:
    return any(next(_children(tc, W + "tbl"), None) is not None
               for tr in _children(tbl, W + "tr") for tc in _children(tr, W + "tc"))


def _style_names(document) -> dict[str, tuple[str, int | None]]:
    """Each paragraph style's name and heading level. A house style ("Plan Heading 1", "Title 2")
    is a heading when its name ends "Heading n", when it sets an outline level, or when the
    style it is based on is one."""
    try:
        styles = {style.style_id: style for style in document.styles}
    except Exception:
        return {}
    levels: dict[str, int | None] = {}

    def level(style_id: str, seen: frozenset = frozenset()) -> int | None:
        if style_id in levels:
            return levels[style_id]
        style = styles.get(style_id)
        if style is None or style_id in seen:
            return None
        found = None
        match = _HEADING_STYLE.search(style.name or "")
        outline = style.element.find(f"{W}pPr/{W}outlineLvl")
        if match:
            found = int(match.group(1))
        elif outline is not None and (outline.get(W + "val") or "").isdigit():
            value = int(outline.get(W + "val"))
            found = value + 1 if value < _BODY_OUTLINE else None
        else:
            base = style.element.find(W + "basedOn")
            if base is not None and base.get(W + "val"):
                found = level(base.get(W + "val"), seen | {style_id})
        levels[style_id] = found
        return found

    return {style_id: (style.name or "", level(style_id)) for style_id, style in styles.items()}


def _text(element, boxes: bool = True) -> str:
    """The element's words; those of its text boxes too unless boxes is False (a body paragraph's
    boxes are read as items of their own)."""
    parts: list[str] = []
    _collect_text(element, parts, boxes)
    return "".join(parts)


def _collect_text(element, parts: list[str], boxes: bool = True) -> None:
    for node in element.iterchildren():
        tag = node.tag
        if tag == _FALLBACK or (tag == _TEXT_BOX and not boxes):
            continue
        if tag == W + "t":
            parts.append(node.text or "")
        elif tag == W + "noBreakHyphen":
            parts.append("-")  # Word's non-breaking hyphen is an element, not a character
        elif tag == W + "tab":
            parts.append("\t")  # a space once cleaned; a column break in a tab-aligned paragraph
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == _SDT and _is_placeholder(node):
            continue
        elif tag == W + "r" and _struck(node):
            continue  # struck through: words the plan shows deleted
        else:
            if tag == W + "p" and parts:
                parts.append("\n")
            _collect_text(node, parts, boxes)


def _struck(run) -> bool:
    props = run.find(W + "rPr")
    if props is None:
        return False
    for name in ("strike", "dstrike"):
        flag = props.find(W + name)
        if flag is not None and (flag.get(W + "val") or "true") not in ("0", "false"):
            return True
    return False


def _paragraph(p, styles, numbers: ListNumbers) -> Block | None:
    ppr = p.find(W + "pPr")
    style_id = child_val(ppr, "pStyle")
    list_label = numbers.label(ppr, style_id)  # an empty item counts too
    raw = _text(p, boxes=False)
    text = clean_cell(raw)
    if not text:
        return None
    parts = [clean_cell(part) for part in re.split(r"\t+", raw.strip(" \t"))]
    style_name = ""
    list_item = False
    level = None
    if ppr is not None:
        if style_id:
            style_name, level = styles.get(style_id, (style_id, None))
        list_item = ppr.find(W + "numPr") is not None
        outline = ppr.find(W + "outlineLvl")
        if outline is not None and (outline.get(W + "val") or "").isdigit():
            value = int(outline.get(W + "val"))
            level = value + 1 if value < _BODY_OUTLINE else None
    if style_name.lower() == "title":
        level = 0
    list_item = list_item or bool(list_label) or "list" in style_name.lower() or is_list_marker(text)
    runs = [r for r in _outside_boxes(p, W + "r") if (_text(r, boxes=False) or "").strip()]
    bold = bool(runs) and all(_run_bold(r) for r in runs)
    size = None
    if runs:
        sz = runs[0].find(f"{W}rPr/{W}sz")
        if sz is not None and (sz.get(W + "val") or "").isdigit():
            size = int(sz.get(W + "val")) / 2
    return Block(text=text, page=None, font_size=size, bold=bold, heading_level=level, list_item=list_item,
                 tab_cells=parts if len(parts) > 1 else None, list_label=list_label)


def _run_bold(run) -> bool:
    b = run.find(f"{W}rPr/{W}b")
    return b is not None and (b.get(W + "val") or "true") not in ("0", "false")


def _table(tbl) -> Table | None:
    grid = tbl.find(W + "tblGrid")
    n_cols = len(grid.findall(W + "gridCol")) if grid is not None else 0
    # each cell's lines, read once: whether the table is bilingual is judged on all of them
    trs = list(_children(tbl, W + "tr"))
    grid_rows = [[(tc, list(_cell_lines(tc))) for tc in _children(tr, W + "tc")] for tr in trs]
    bilingual = _is_bilingual([lines for row in grid_rows for _, lines in row])
    rows: list[Row] = []
    for tr, grid_row in zip(trs, grid_rows):
        cells: list[Cell] = []
        # a row may start and end short of the grid (w:gridBefore, w:gridAfter): those positions hold
        # no cell, which is not a cell merged down from the row above
        before, after = _grid_skip(tr, "gridBefore"), _grid_skip(tr, "gridAfter")
        if before:
            cells.append(Cell(text="", col=0, span=before))
        col = before
        for tc, lines in grid_row:
            tcpr = tc.find(W + "tcPr")
            span = 1
            continued = False
            if tcpr is not None:
                gs = tcpr.find(W + "gridSpan")
                if gs is not None and (gs.get(W + "val") or "").isdigit():
                    span = max(int(gs.get(W + "val")), 1)
                vm = tcpr.find(W + "vMerge")
                continued = vm is not None and vm.get(W + "val") in (None, "continue")
            text, label = ("", "") if continued else _cell_text(lines, bilingual)
            cells.append(Cell(text=text, col=col, span=span, continued=continued, label=label))
            col += span
        if after and grid_row:
            cells.append(Cell(text="", col=col, span=after))
            col += after
        n_cols = max(n_cols, col)
        if grid_row:
            rows.append(Row(cells=cells, page=None))
    if not rows:
        return None
    return Table(rows=rows, n_cols=n_cols, page=None)


def _grid_skip(tr, tag: str) -> int:
    return max(to_int(child_val(tr.find(W + "trPr"), tag), 0), 0)


def _cell_text(cell_lines: list[tuple[str, object]], bilingual: bool = False) -> tuple[str, str]:
    """The cell's text from its lines (_cell_lines), and its field label where its first paragraph is
    one (cell_label); of a bilingual table's cell, its English."""
    lines = []
    first_bold = False
    for text, p in _english_of_bilingual(cell_lines, bilingual):
        if text:
            if not lines and p is not None:
                runs = [r for r in p.iter(W + "r") if (_text(r, boxes=False) or "").strip()]
                first_bold = bool(runs) and all(_run_bold(r) for r in runs)
            lines.append(text)
    return clean_cell("\n".join(lines)), cell_label(lines[:3], first_bold)


def _english_of_bilingual(lines: list[tuple[str, object]], bilingual: bool = False) -> list[tuple[str, object]]:
    """A bilingual cell's English paragraphs: a paragraph all but free of English words goes where
    another paragraph of the cell is English (the Welsh text before its English, as bilingual plans
    set each cell; keeping both would count its money twice). In a table set so throughout, a cell
    of two paragraphs keeps the more English one, the second when they tie (names, figures)."""
    seen: set[str] = set()
    lines = [line for line in lines if not (line[0] in seen or seen.add(line[0]))]  # "£19,800" twice
    if len(lines) < 2:
        return lines
    shares = [english_share(text) for text, _ in lines]
    if bilingual and len(lines) == 2:
        return [lines[0]] if shares[0][1] > shares[1][1] else [lines[1]]
    if not any(n >= MIN_LANGUAGE_WORDS and share >= ENGLISH_SHARE for n, share in shares):
        return lines
    return [line for line, (n, share) in zip(lines, shares) if not (n >= MIN_LANGUAGE_WORDS and share < OTHER_SHARE)]


def _is_bilingual(cells: list[list[tuple[str, object]]]) -> bool:
    """Whether a table's cells (their lines) are set in two languages, a Welsh paragraph over an English one."""
    judged = bilingual = 0
    for cell_lines in cells:
        lines = [text for text, _ in cell_lines if text]
        if len(lines) != 2:
            continue
        judged += 1
        (n0, share0), (n1, share1) = map(english_share, lines)
        bilingual += n0 >= MIN_LANGUAGE_WORDS and n1 >= MIN_LANGUAGE_WORDS and share0 < OTHER_SHARE <= ENGLISH_SHARE <= share1
    return bilingual >= MIN_BILINGUAL_CELLS and bilingual >= BILINGUAL_SHARE * judged


def _cell_lines(element):
    """(text, paragraph) for each line of a cell: its paragraphs; a row of a table inside it is one
    line, a label and its value as "Recurrent: £31,000", more cells a space apart."""
    for child in _children(element, W + "p", W + "tbl"):
        if child.tag == W + "p":
            yield clean_cell(_text(child)), child
        else:
            rows = [[text for tc in _children(tr, W + "tc") if (text := " ".join(t for t, _ in _cell_lines(tc) if t))]
                    for tr in _children(child, W + "tr")]
            if len(rows) > 1 and not any(map(_DIGIT.search, rows[0])) and all(
                    any(map(_DIGIT.search, row)) for row in rows[1:]):
                rows = rows[1:]  # "KPI | Target" over the figures: column names, not content
            for texts in rows:
                joined = f"{texts[0].rstrip(':')}: {texts[1]}" if len(texts) == 2 else " ".join(texts)
                yield clean_cell(joined), None


def _margins(document) -> list[str]:
    seen: dict[str, None] = {}
    try:
        for section in document.sections:
            for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
                if part is None or part.is_linked_to_previous:
                    continue
                for p in part.paragraphs:
                    text = clean_cell(p.text)
                    if text:
                        seen.setdefault(text, None)
                for path in part._element.iter(_WATERMARK):  # Word's watermark: a shape's text path
                    text = clean_cell(path.get("string") or "")
                    if text:
                        seen.setdefault(text, None)
                for table in part.tables:
                    for row in table.rows:
                        for cell in row.cells:
                            text = clean_cell(cell.text)
                            if text:
                                seen.setdefault(text, None)
    except Exception:
        pass
    return list(seen)
