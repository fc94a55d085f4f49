"""Render a Plan as a Word document with python-docx.

Real Word structures: Heading styles (or bold paragraphs), tables with merged
group rows (gridSpan), vertically merged alignment cells (vMerge), a repeated
header row (tblHeader), landscape sections, PAGE / NUMPAGES fields in footers.
"""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .model import ActionTable, Bullets, Para, Plan, ProseList, SmallTable
from .vocab import DOCX_FONTS

A4 = (Cm(21.0), Cm(29.7))
FIXED_TIME = dt.datetime(2021, 1, 15, 9, 0, 0)


def render_docx(plan: Plan, path: str | Path) -> Path:
    path = Path(path)
    doc = Document()
    st = plan.style
    font = DOCX_FONTS[st.font % len(DOCX_FONTS)]
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(st.body_size)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    for level, size in ((1, st.heading_size), (2, st.heading_size - 2)):
        hs = doc.styles[f"Heading {level}"]
        hs.font.name = font
        hs.font.size = Pt(size)
    cp = doc.core_properties
    cp.title = f"{plan.cluster} Cluster plan {plan.plan_year}"
    cp.author = f"{plan.cluster} Cluster"
    cp.created = cp.modified = FIXED_TIME
    cp.last_modified_by = "cluster"
    cp.revision = 1

    sec = doc.sections[0]
    _page(sec, landscape=False, margin=st.margin_cm)
    if plan.header_text or plan.footer:
        _header_footer(sec, plan)
        sec.different_first_page_header_footer = bool(plan.cover_lines)

    if plan.cover_lines:
        _cover(doc, plan)
    for text, role in plan.title_lines:
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold = role == "title"
        run.font.size = Pt(st.heading_size + 3 if role == "title" else st.body_size + 1)
    if plan.toc:
        _toc(doc, plan)

    for i, section in enumerate(plan.sections):
        if section.landscape:
            new = doc.add_section(WD_SECTION.NEW_PAGE)
            _page(new, landscape=True, margin=st.margin_cm)
            new.different_first_page_header_footer = False
        _heading(doc, section.heading, st)
        width = (29.7 if section.landscape else 21.0) - 2 * st.margin_cm
        for block in section.blocks:
            _block(doc, block, st, width)
        if section.landscape and i < len(plan.sections) - 1:
            new = doc.add_section(WD_SECTION.NEW_PAGE)
            _page(new, landscape=False, margin=st.margin_cm)
            new.different_first_page_header_footer = False
    doc.save(path)
    _fix_zip_times(path)
    return path


# ---------------------------------------------------------------- page furniture
def _page(section, landscape: bool, margin: float) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (A4[1], A4[0]) if landscape else A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(margin))


def _field(paragraph, instr: str) -> None:
    def run_with(child):
        r = OxmlElement("w:r")
        r.append(child)
        paragraph._p.append(r)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instr} "
    run_with(code)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    t = OxmlElement("w:t")
    t.text = "1"
    run_with(t)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _header_footer(section, plan: Plan) -> None:
    if plan.header_text:
        p = section.header.paragraphs[0]
        p.text = plan.header_text
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for r in p.runs:
            r.font.size = Pt(8)
    if plan.footer:
        p = section.footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run("Page ")
        _field(p, "PAGE")
        p.add_run(" of ")
        _field(p, "NUMPAGES")


def _page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _cover(doc, plan: Plan) -> None:
    sizes = {"title": 28, "subtitle": 20, "board": 14, "small": 10}
    for _ in range(6):
        doc.add_paragraph()
    for text, role in plan.cover_lines:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = role in ("title", "subtitle")
        run.font.size = Pt(sizes[role])
        p.paragraph_format.space_after = Pt(18)
    _page_break(doc)


def _toc(doc, plan: Plan) -> None:
    p = doc.add_paragraph()
    run = p.add_run("Contents")
    run.bold = True
    run.font.size = Pt(plan.style.heading_size)
    tab = Cm(21.0 - 2 * plan.style.margin_cm - 0.2)
    first = 3 if plan.cover_lines else 2
    for n, section in enumerate(plan.sections):
        page = plan.toc_pages.get(section.heading, first + n // 2)
        p = doc.add_paragraph(f"{section.heading}\t{page}")
        p.paragraph_format.tab_stops.add_tab_stop(tab, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        p.paragraph_format.space_after = Pt(3)
    _page_break(doc)


def _heading(doc, text: str, st) -> None:
    if st.heading_mode == "style":
        doc.add_heading(text, level=1)
        return
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = True
    run.font.size = Pt(st.heading_size - 1)
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.keep_with_next = True


# ---------------------------------------------------------------- blocks
def _block(doc, block, st, width_cm: float) -> None:
    if isinstance(block, Para):
        p = doc.add_paragraph()
        run = p.add_run(block.text)
        if block.kind == "subheading":
            run.bold = True
            p.paragraph_format.keep_with_next = True
        elif block.kind == "caption":
            run.bold = True
            run.italic = True
            p.paragraph_format.keep_with_next = True
        run.italic = run.italic or block.italic
    elif isinstance(block, Bullets):
        for item in block.items:
            doc.add_paragraph(item, style="List Number" if block.numbered else "List Bullet")
    elif isinstance(block, ProseList):
        for n, (text, _) in enumerate(block.items, 1):
            if block.style == "paragraphs":
                doc.add_paragraph(text)
            elif block.literal:
                marker = f"{n}. " if block.style == "numbered" else "• "
                p = doc.add_paragraph(marker + text)
                p.paragraph_format.left_indent = Cm(0.6)
                p.paragraph_format.first_line_indent = Cm(-0.6)
            else:
                doc.add_paragraph(text, style="List Number" if block.style == "numbered" else "List Bullet")
    elif isinstance(block, SmallTable):
        t = doc.add_table(rows=1, cols=len(block.headers))
        t.style = doc.styles["Table Grid"]
        for cell, text in zip(t.rows[0].cells, block.headers):
            _cell(cell, text, st.body_size - 1, bold=True)
        for row in block.rows:
            for cell, text in zip(t.add_row().cells, row):
                _cell(cell, text, st.body_size - 1)
        doc.add_paragraph()
    elif isinstance(block, ActionTable):
        _action_table(doc, block, st, width_cm)
        doc.add_paragraph()


def _shade(cell, hex_colour: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_colour.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shd)


def _cell(cell, text: str, size: float, bold=False, italic=False, colour=None) -> None:
    lines = str(text).split("\n") if text else [""]
    para = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            para = cell.add_paragraph()
        para.paragraph_format.space_after = Pt(0)
        if line:
            run = para.add_run(line)
            run.font.size = Pt(size)
            run.bold = bold or None
            run.italic = italic or None
            if colour:
                run.font.color.rgb = colour


def _action_table(doc, tbl: ActionTable, st, width_cm: float) -> None:
    n = len(tbl.keys)
    t = doc.add_table(rows=1, cols=n)
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    total = sum(tbl.widths)
    widths = [Cm(width_cm * w / total) for w in tbl.widths]
    size = st.table_size
    dark = st.header_fill.upper() == "#1F3864"
    hdr = t.rows[0]
    tr_pr = hdr._tr.get_or_add_trPr()
    rep = OxmlElement("w:tblHeader")
    rep.set(qn("w:val"), "true")
    tr_pr.append(rep)
    for cell, text in zip(hdr.cells, tbl.headers):
        _cell(cell, text, size, bold=True, colour=RGBColor(0xFF, 0xFF, 0xFF) if dark else None)
        _shade(cell, st.header_fill)
    for row in tbl.rows:
        cells = t.add_row().cells
        if row.kind == "action":
            for cell, text in zip(cells, row.cells):
                _cell(cell, text, size)
            continue
        bold = row.kind in ("band", "group")
        italic = row.kind == "placeholder" or (row.kind == "group" and not tbl.merged_groups)
        if tbl.merged_groups:
            merged = cells[0].merge(cells[-1])
            _cell(merged, row.cells[0], size + (0.5 if row.kind == "band" else 0), bold=bold, italic=italic)
            if row.kind == "band":
                _shade(merged, st.band_fill)
        else:
            _cell(cells[0], row.cells[0], size, bold=bold, italic=italic)
            if row.kind == "band":
                for cell in cells:
                    _shade(cell, st.band_fill)
    for col, w in zip(t.columns, widths):
        col.width = w
    for r in t.rows:
        for c, w in zip(r.cells, widths):
            c.width = w
    # vertical merges of the alignment column (Word only)
    for i, row in enumerate(tbl.rows, start=1):
        if row.vspan > 1:
            top, bottom = t.cell(i, 0), t.cell(i + row.vspan - 1, 0)
            for extra in range(i + 1, i + row.vspan):  # continuation cells are emptied first
                c = t.cell(extra, 0)
                for p in c.paragraphs[1:]:
                    p._p.getparent().remove(p._p)
                for r in list(c.paragraphs[0].runs):
                    r._r.getparent().remove(r._r)
            merged = top.merge(bottom)
            for p in merged.paragraphs[1:]:
                if not p.text.strip():
                    p._p.getparent().remove(p._p)


def _fix_zip_times(path: Path) -> None:
    """Same plan, same bytes: rewrite the zip with fixed member times."""
    with zipfile.ZipFile(path) as zin:
        members = [(info, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in members:
            fixed = zipfile.ZipInfo(info.filename, date_time=(2021, 1, 15, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(fixed, data)
