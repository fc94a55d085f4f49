"""Render a Plan straight to PDF with reportlab platypus.

Tables are platypus Tables of wrapping Paragraph cells, with repeatRows=1 (the
header row is drawn again on every page the table reaches) and SPAN commands
for merged group rows. Running header and "Page N of M" footer are drawn by a
canvas that waits for the page count.
"""
from __future__ import annotations

import glob
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (BaseDocTemplate, Frame, ListFlowable, ListItem, NextPageTemplate, PageBreak,
                                PageTemplate, Paragraph, Spacer, Table, TableStyle)
from reportlab.platypus.tableofcontents import TableOfContents

from .model import ActionTable, Bullets, Para, Plan, ProseList, SmallTable

# family -> (file pattern, [regular, bold, italic, bold italic] suffixes)
TTF_FAMILIES = {
    "LiberationSans": ("LiberationSans-{}.ttf", ["Regular", "Bold", "Italic", "BoldItalic"]),
    "LiberationSerif": ("LiberationSerif-{}.ttf", ["Regular", "Bold", "Italic", "BoldItalic"]),
    "DejaVuSans": ("DejaVuSans{}.ttf", ["", "-Bold", "-Oblique", "-BoldOblique"]),
    "DejaVuSansCondensed": ("DejaVuSansCondensed{}.ttf", ["", "-Bold", "-Oblique", "-BoldOblique"]),
}
BUILTIN = {"Helvetica": ["Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"],
           "Times-Roman": ["Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic"]}
_registered: dict[str, list[str]] | None = None


def fonts() -> dict[str, list[str]]:
    """Font families usable here: TrueType ones found on the system, else the PDF base fonts."""
    global _registered
    if _registered is not None:
        return _registered
    found: dict[str, list[str]] = {}
    for family, (pattern, suffixes) in TTF_FAMILIES.items():
        paths = []
        for suffix in suffixes:
            hits = sorted(glob.glob(f"/usr/share/fonts/**/{pattern.format(suffix)}", recursive=True))
            if not hits:
                break
            paths.append(hits[0])
        if len(paths) < 4:
            continue
        names = [f"{family}{s or '-Regular'}".replace("--", "-") for s in suffixes]
        for name, path in zip(names, paths):
            pdfmetrics.registerFont(TTFont(name, path))
        pdfmetrics.registerFontFamily(family, normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3])
        found[family] = names
    # base fonts cannot show every character the bank uses, so they are a fallback only
    _registered = found or dict(BUILTIN)
    return _registered


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _styles(plan: Plan) -> dict:
    fams = fonts()
    family = sorted(fams)[plan.style.font % len(fams)]
    reg, bold, ital, boldital = fams[family]
    st = plan.style
    b, t = st.body_size, st.table_size
    heading_size = st.heading_size if st.heading_mode == "style" else b + 1.5
    s = {
        "body": ParagraphStyle("Body", fontName=reg, fontSize=b, leading=b * 1.3, spaceAfter=6),
        "heading": ParagraphStyle("SecHeading", fontName=bold, fontSize=heading_size, leading=heading_size * 1.25,
                                  spaceBefore=14, spaceAfter=8, keepWithNext=1,
                                  textColor=colors.HexColor("#1F3864") if st.heading_mode == "style" else colors.black),
        "subheading": ParagraphStyle("Sub", fontName=bold, fontSize=b + 0.5, leading=b * 1.35, spaceBefore=6,
                                     spaceAfter=4, keepWithNext=1),
        "caption": ParagraphStyle("Caption", fontName=boldital, fontSize=b, leading=b * 1.3, spaceBefore=6,
                                  spaceAfter=4, keepWithNext=1),
        "item": ParagraphStyle("Item", fontName=reg, fontSize=b, leading=b * 1.3, spaceAfter=4, leftIndent=16,
                               firstLineIndent=-16),
        "cell": ParagraphStyle("Cell", fontName=reg, fontSize=t, leading=t * 1.2),
        "hdr": ParagraphStyle("Hdr", fontName=bold, fontSize=t, leading=t * 1.2,
                              textColor=colors.white if st.header_fill.upper() == "#1F3864" else colors.black),
        "band": ParagraphStyle("Band", fontName=bold, fontSize=t + 0.5, leading=t * 1.3),
        "group": ParagraphStyle("Group", fontName=bold, fontSize=t, leading=t * 1.2),
        "placeholder": ParagraphStyle("Placeholder", fontName=ital, fontSize=t, leading=t * 1.2),
        "title": ParagraphStyle("Title", fontName=bold, fontSize=26, leading=32, alignment=TA_CENTER, spaceAfter=18),
        "subtitle": ParagraphStyle("Subtitle", fontName=bold, fontSize=18, leading=23, alignment=TA_CENTER,
                                   spaceAfter=18),
        "board": ParagraphStyle("Board", fontName=reg, fontSize=14, leading=18, alignment=TA_CENTER, spaceAfter=18),
        "small": ParagraphStyle("Small", fontName=reg, fontSize=10, leading=13, alignment=TA_CENTER),
        "block_title": ParagraphStyle("BlockTitle", fontName=bold, fontSize=st.heading_size + 2,
                                      leading=(st.heading_size + 2) * 1.25, spaceAfter=4),
        "block_board": ParagraphStyle("BlockBoard", fontName=reg, fontSize=b + 1, leading=b * 1.4, spaceAfter=12),
        "toc_title": ParagraphStyle("TocTitle", fontName=bold, fontSize=st.heading_size, leading=st.heading_size * 1.3,
                                    spaceAfter=12),
        "toc": ParagraphStyle("TocEntry", fontName=reg, fontSize=b, leading=b * 1.6),
        "_fonts": (reg, bold),
    }
    return s


def _canvas_class(plan: Plan, font: str):
    class PlanCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._states = []

        def showPage(self):
            self._states.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._states)
            for number, state in enumerate(self._states, 1):
                self.__dict__.update(state)
                self._decorate(number, total)
                canvas.Canvas.showPage(self)
            canvas.Canvas.save(self)

        def _decorate(self, number: int, total: int):
            if plan.cover_lines and number == 1:
                return
            width, height = self._pagesize
            margin = plan.style.margin_cm * cm
            self.setFont(font, 8)
            if plan.header_text:
                self.drawRightString(width - margin, height - margin * 0.55, plan.header_text)
            if plan.footer:
                self.drawCentredString(width / 2, margin * 0.45, f"Page {number} of {total}")

    return PlanCanvas


class _PlanDoc(BaseDocTemplate):
    def afterFlowable(self, flowable):
        if isinstance(flowable, Paragraph) and flowable.style.name == "SecHeading":
            self.notify("TOCEntry", (0, flowable.getPlainText(), self.page))


def render_pdf(plan: Plan, path: str | Path) -> Path:
    path = Path(path)
    s = _styles(plan)
    margin = plan.style.margin_cm * cm
    pw, ph = A4
    lw, lh = landscape(A4)
    doc = _PlanDoc(str(path), pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin,
                   bottomMargin=margin, title=f"{plan.cluster} Cluster plan {plan.plan_year}",
                   author=f"{plan.cluster} Cluster", invariant=1)
    doc.addPageTemplates([
        PageTemplate(id="portrait", frames=[Frame(margin, margin, pw - 2 * margin, ph - 2 * margin, id="p")],
                     pagesize=A4),
        PageTemplate(id="landscape", frames=[Frame(margin, margin, lw - 2 * margin, lh - 2 * margin, id="l")],
                     pagesize=(lw, lh)),
    ])
    story = []
    if plan.cover_lines:
        story.append(Spacer(1, 6 * cm))
        story += [_p(text, s[role]) for text, role in plan.cover_lines]
        story.append(PageBreak())
    for text, role in plan.title_lines:
        story.append(_p(text, s["block_title"] if role == "title" else s["block_board"]))
    if plan.toc:
        toc = TableOfContents(dotsMinLevel=0)
        toc.levelStyles = [s["toc"]]
        story += [_p("Contents", s["toc_title"]), toc, PageBreak()]
    for i, section in enumerate(plan.sections):
        width = (lw if section.landscape else pw) - 2 * margin
        if section.landscape:
            story += [NextPageTemplate("landscape"), PageBreak()]
        story.append(_p(section.heading, s["heading"]))
        for block in section.blocks:
            story += _block(block, s, plan, width)
        if section.landscape and i < len(plan.sections) - 1:
            story += [NextPageTemplate("portrait"), PageBreak()]
    maker = _canvas_class(plan, s["_fonts"][0])
    if plan.toc:
        doc.multiBuild(story, canvasmaker=maker)
    else:
        doc.build(story, canvasmaker=maker)
    return path


def _block(block, s, plan: Plan, width: float) -> list:
    if isinstance(block, Para):
        style = {"subheading": s["subheading"], "caption": s["caption"]}.get(block.kind, s["body"])
        return [_p(block.text, style)]
    if isinstance(block, Bullets):
        return [ListFlowable([ListItem(_p(t, s["body"])) for t in block.items],
                             bulletType="1" if block.numbered else "bullet", start=None if block.numbered else "•",
                             bulletFontSize=s["body"].fontSize)]
    if isinstance(block, ProseList):
        if block.style == "paragraphs":
            return [_p(text, s["body"]) for text, _ in block.items]
        if block.literal:
            return [_p((f"{n}. " if block.style == "numbered" else "• ") + text, s["item"])
                    for n, (text, _) in enumerate(block.items, 1)]
        return [ListFlowable([ListItem(_p(text, s["body"])) for text, _ in block.items],
                             bulletType="1" if block.style == "numbered" else "bullet",
                             start=None if block.style == "numbered" else "•", bulletFontSize=s["body"].fontSize)]
    if isinstance(block, SmallTable):
        data = [[_p(h, s["hdr"]) for h in block.headers]] + [[_p(c, s["cell"]) for c in row] for row in block.rows]
        w = width * 0.8
        t = Table(data, colWidths=[w * 0.4, w * 0.6], repeatRows=1, hAlign="LEFT")
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return [t, Spacer(1, 8)]
    if isinstance(block, ActionTable):
        return [_action_table(block, s, plan, width), Spacer(1, 10)]
    raise TypeError(block)


def _action_table(tbl: ActionTable, s, plan: Plan, width: float) -> Table:
    n = len(tbl.keys)
    total = sum(tbl.widths)
    col_widths = [width * w / total for w in tbl.widths]
    data = [[_p(h, s["hdr"]) for h in tbl.headers]]
    cmds = [("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#808080")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(plan.style.header_fill)),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    for i, row in enumerate(tbl.rows, start=1):
        if row.kind == "action":
            data.append([_p(c, s["cell"]) for c in row.cells])
            continue
        style = s["band"] if row.kind == "band" else s["group"] if row.kind == "group" else s["placeholder"]
        data.append([_p(row.cells[0], style)] + [""] * (n - 1))
        if tbl.merged_groups:
            cmds.append(("SPAN", (0, i), (-1, i)))
        if row.kind == "band":
            cmds.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor(plan.style.band_fill)))
    return Table(data, colWidths=col_widths, repeatRows=1, style=TableStyle(cmds), hAlign="CENTER")
