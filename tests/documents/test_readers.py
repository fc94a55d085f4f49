from pipeline.documents.docx import read_docx
from pipeline.documents.model import Table
from pipeline.documents.pdf import read_pdf
from pipeline.documents.reader import read_document
from pipeline.documents.text import clean_cell, is_list_marker
from tests.plan_factory import ACTIONS, write_docx, write_pdf


def test_docx_keeps_reading_order_and_merged_cells_once(tmp_path):
    doc = read_docx(write_docx(tmp_path / "plan.docx"))
    kinds = [type(i).__name__ for i in doc.items]
    assert kinds.index("Table") > 0 and "Block" in kinds[kinds.index("Table"):]
    table = doc.tables()[0]
    group_rows = [r for r in table.rows if len(r.cells) == 1]
    assert [r.cells[0].span for r in group_rows] == [8, 8, 8, 8, 8]
    texts = [c.text for r in table.rows for c in r.cells]
    assert texts.count("Frailty") == 1
    assert doc.margin_text == ["North Ceredigion Cluster"]
    headings = [b.text for b in doc.blocks() if b.heading_level]
    assert "5. Key Cluster Actions for 2021/22" in headings


def test_pdf_reads_tables_on_table_pages_and_drops_running_text(tmp_path):
    doc = read_pdf(write_pdf(tmp_path / "plan.pdf", repeat_pages=6))
    assert doc.n_pages >= 3
    rows = [r for t in doc.tables() for r in t.rows]
    cell_texts = {c.text for r in rows for c in r.cells}
    for action in ACTIONS:
        assert action in cell_texts
    block_texts = [b.text for b in doc.blocks()]
    assert not any(t.startswith("Page ") for t in block_texts)
    assert "North Ceredigion Cluster Annual Plan" in doc.margin_text
    assert all(isinstance(t, Table) and t.page for t in doc.tables())


def test_reader_names_file_and_sniffs_content(tmp_path):
    pdf = write_pdf(tmp_path / "plan.pdf")
    renamed = tmp_path / "really-a-pdf.docx"
    renamed.write_bytes(pdf.read_bytes())
    doc = read_document(renamed)
    assert doc.format == "pdf" and doc.source_file == "really-a-pdf.docx"
    assert doc.warnings


def test_clean_cell_repairs_breaks_and_spaces():
    assert clean_cell("self-\nmanagement  of\u00a0COPD") == "self-management of COPD"
    assert clean_cell("line one\n\nline two") == "line one line two"
    assert clean_cell("\uf0b7 bullet") == "• bullet"
    # PDFium's end-of-line hyphen (U+0002) and stray control characters never reach an output cell
    assert clean_cell("out-of\x02\ncounty") == "out-of-county"
    assert clean_cell("a\x07b\x1fc") == "abc"
    assert is_list_marker("1. Recruit a pharmacist") and is_list_marker("• item")
    assert not is_list_marker("2021/22 plan")


def test_a_word_a_pdf_column_broke_without_a_hyphen_is_mended():
    # LibreOffice and Word break a word too long for a narrow column with no hyphen
    assert clean_cell("Band 7\nPhysiotherapi\nst 0.6 WTE", visual_lines=True) == "Band 7 Physiotherapist 0.6 WTE"
    assert clean_cell("Recruit a pharmac\nist", visual_lines=True) == "Recruit a pharmacist"
    # two words that happen to make a third stay two: "over all", "a part", "care home"
    assert clean_cell("oversight over\nall practices", visual_lines=True) == "oversight over all practices"
    assert clean_cell("take a\npart in", visual_lines=True) == "take a part in"
    assert clean_cell("every care\nhome", visual_lines=True) == "every care home"
    # a narrow cell's last letter, digit or bracket wrapped on its own
    assert clean_cell("2 x Band 3 phlebotomist\ns", visual_lines=True) == "2 x Band 3 phlebotomists"
    assert clean_cell("Status ONGOIN\nG", visual_lines=True) == "Status ONGOING"
    assert clean_cell("by 31/03/202\n2", visual_lines=True) == "by 31/03/2022"
    assert clean_cell("scores (SWEMWBS\n)", visual_lines=True) == "scores (SWEMWBS)"
    assert clean_cell("Plan\nB", visual_lines=True) == "Plan B"
    assert clean_cell("see section\n5 above", visual_lines=True) == "see section 5 above"
    # a Word paragraph break is the author's
    assert clean_cell("Physiotherapi\nst") == "Physiotherapi st"


def test_pdfs_read_from_many_threads_at_once(tmp_path):
    """PDFium is not thread-safe; Prefect's thread runner reads plans concurrently (this crashed before the lock)."""
    from concurrent.futures import ThreadPoolExecutor

    path = write_pdf(tmp_path / "plan.pdf", repeat_pages=2)
    with ThreadPoolExecutor(8) as pool:
        docs = list(pool.map(lambda _: read_document(path), range(24)))
    assert {len(d.tables()) for d in docs} == {len(read_document(path).tables())}


def test_pdf_paragraph_cut_by_a_page_break_is_joined(tmp_path):
    from reportlab.lib.pagesizes import A6
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    sentence = "We will extend the phone first model to every practice in the cluster"
    text = ", ".join([sentence] * 12) + " by March 2022."
    path = tmp_path / "long.pdf"
    SimpleDocTemplate(str(path), pagesize=A6).build([Paragraph(text, getSampleStyleSheet()["Normal"])])
    doc = read_pdf(path)
    assert doc.n_pages >= 2
    assert [b.text for b in doc.blocks()] == [text] and doc.blocks()[0].page == 1


def test_a_page_set_in_two_columns_reads_the_left_column_first(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    from pipeline.sections import find_sections

    styles = getSampleStyleSheet()
    width, height = A4
    frames = [Frame(40, 40, width / 2 - 50, height - 80, id="left"),
              Frame(width / 2 + 10, 40, width / 2 - 50, height - 80, id="right")]
    path = tmp_path / "two_columns.pdf"
    template = BaseDocTemplate(str(path), pagesize=A4, pageTemplates=[PageTemplate(frames=frames)])
    body = ("The cluster serves a population of 29,000 people across six practices in the north of the county, "
            "with a growing number of older people living alone in rural villages. ") * 3
    story = []
    for heading in ("1. Executive Summary", "2. Annual Plan on a Page", "3. Reflections on Covid-19 in 2020",
                    "4. One year in: the 2020/23 Cluster Plan"):
        story += [Paragraph(heading, styles["Heading2"])] + [Paragraph(body, styles["Normal"])] * 4
    template.build(story)
    doc = read_document(path)
    assert [s.section_no for s in find_sections(doc)] == [1, 2, 3, 4]


def test_page_numbers_are_running_text_but_a_plan_year_is_not():
    from pipeline.documents.margins import strip_running_text

    pages = [["Cluster plan", f"Body text of page {n}", f"Closing line of page {n}", f"{n}/3"] for n in (1, 2, 3)]
    pages[1][2:2] = ["6. Cluster workforce implications for", "2021/22"]  # a heading wrapped at the foot
    keep, _ = strip_running_text(pages)
    assert keep[1][3] is True  # "2021/22" is a year, not page 2021 of 22
    assert [flags[-1] for flags in keep] == [False, False, False]


def test_a_line_repeated_at_the_end_of_every_page_is_running_text_only_in_the_margin():
    from pipeline.documents.margins import strip_running_text

    # each page ends with a card whose last label is "MONITORING", above the footer
    pages = [[f"Card {n}", "WORKFORCE", "MONITORING", "CAT scores reviewed", "Health Board - West Area"]
             for n in (1, 2, 3)]
    keep, removed = strip_running_text(pages)
    assert keep[0][2] is False  # by text order alone the label looks like a footer
    in_margin = [[False, False, False, False, True] for _ in pages]
    keep, removed = strip_running_text(pages, in_margin)
    assert [flags[2] for flags in keep] == [True, True, True] and removed == ["Health Board - West Area"]


def _wrap_in_content_control(element, placeholder: bool = False):
    """Wrap a Word element in a content control (w:sdt/w:sdtContent), as a form built on them does."""
    from docx.oxml import OxmlElement

    sdt, properties, content = OxmlElement("w:sdt"), OxmlElement("w:sdtPr"), OxmlElement("w:sdtContent")
    if placeholder:
        properties.append(OxmlElement("w:showingPlcHdr"))
    sdt.append(properties)
    sdt.append(content)
    element.addprevious(sdt)
    content.append(element)


def test_docx_reads_rows_cells_and_tables_inside_content_controls(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Key cluster actions")
    table = document.add_table(rows=4, cols=3)
    for row, texts in zip(table.rows, [("Objective", "Action", "Risks"),
                                       ("Restore reviews", "Recall overdue patients", "Staff sickness"),
                                       ("Cut waits", "Open a Saturday clinic", "Click or tap here to enter text."),
                                       ("Support carers", "Run a carers' drop-in", "Venue")]):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    trs = table._tbl.tr_lst
    _wrap_in_content_control(trs[2].tc_lst[2].p_lst[0].r_lst[0], placeholder=True)
    _wrap_in_content_control(trs[1])  # a repeating-section item
    _wrap_in_content_control(trs[2].tc_lst[0])  # a cell-level control
    body_table = document.add_table(rows=1, cols=1)
    body_table.rows[0].cells[0].text = "inside a control"
    _wrap_in_content_control(body_table._tbl)
    path = tmp_path / "form.docx"
    document.save(path)

    tables = [item for item in read_docx(path).items if isinstance(item, Table)]
    assert [row.texts() for row in tables[0].rows] == [
        ["Objective", "Action", "Risks"], ["Restore reviews", "Recall overdue patients", "Staff sickness"],
        ["Cut waits", "Open a Saturday clinic", ""], ["Support carers", "Run a carers' drop-in", "Venue"]]
    assert tables[1].rows[0].texts() == ["inside a control"]


def _store_sideways(source, target, rotation: int):
    """The landscape pages of source stored as portrait pages with /Rotate, their drawing turned
    the other way, as some publishing tools save a landscape page."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(source))
    for page in pdf:
        x0, y0, x1, y1 = page.get_mediabox()
        width, height = x1 - x0, y1 - y0
        # the inverse of the display turn: display (x, y) -> stored page space
        matrix = (pdfium.PdfMatrix(0, 1, -1, 0, width, 0) if rotation == 90
                  else pdfium.PdfMatrix(0, -1, 1, 0, 0, height))  # 270
        for obj in list(page.get_objects()):
            obj.transform(matrix)
        page.set_mediabox(0, 0, height, width)
        page.set_cropbox(0, 0, height, width)
        page.set_rotation(rotation)
        page.gen_content()
    pdf.save(str(target))
    pdf.close()
    return target


def test_a_landscape_table_stored_on_a_rotated_portrait_page_reads_as_displayed(tmp_path):
    flat = read_pdf(write_pdf(tmp_path / "flat.pdf"))
    expected = [row.texts() for item in flat.items if isinstance(item, Table) for row in item.rows]
    for rotation in (90, 270):
        sideways = read_pdf(_store_sideways(tmp_path / "flat.pdf", tmp_path / f"rotated{rotation}.pdf", rotation))
        got = [row.texts() for item in sideways.items if isinstance(item, Table) for row in item.rows]
        assert got == expected, rotation


def _pdf_of_runs(path, runs):
    """A one-page PDF of text runs (font, size, baseline y, text); a run within 5 points of the one
    before goes on along its line."""
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    x, last_y = 72.0, None
    for font, size, y, text in runs:
        if last_y is None or abs(y - last_y) > 5:
            x = 72.0
        page.setFont(font, size)
        page.drawString(x, y, text)
        x, last_y = x + page.stringWidth(text, font, size), y
    page.save()
    return path


def test_a_footnote_mark_set_small_and_raised_is_not_part_of_the_number(tmp_path):
    path = _pdf_of_runs(tmp_path / "footnote.pdf", [
        ("Helvetica", 10, 700, "Finance: £24,000"), ("Helvetica", 6, 704, "1"),
        ("Helvetica", 10, 680, "Recruit 2 care navigators by March 2022")])
    texts = [item.text for item in read_pdf(path).items]
    assert texts[:2] == ["Finance: £24,000", "Recruit 2 care navigators by March 2022"]


def test_a_number_that_wraps_to_the_start_of_a_line_is_no_list_item(tmp_path):
    path = _pdf_of_runs(tmp_path / "wrapped.pdf", [
        ("Helvetica", 10, 700, "We will set up a care home MDT covering the 14 care homes in Rhyl by end of Sept"),
        ("Helvetica", 10, 688, "21. The cluster will also run a falls clinic."),
        ("Helvetica", 10, 664, "1. Recruit a pharmacist"), ("Helvetica", 10, 652, "2. Train four care navigators")])
    assert [item.text for item in read_pdf(path).items] == [
        "We will set up a care home MDT covering the 14 care homes in Rhyl by end of Sept 21. "
        "The cluster will also run a falls clinic.", "1. Recruit a pharmacist", "2. Train four care navigators"]


def test_a_bold_run_in_heading_is_a_line_of_its_own(tmp_path):
    path = _pdf_of_runs(tmp_path / "letter.pdf", [
        ("Helvetica-Bold", 10, 700, "Vaccination."),
        ("Helvetica", 10, 700, " For the 2021/22 flu season the cluster will run mass"),
        ("Helvetica", 10, 688, "vaccination clinics at Rhyl Town Hall."),
        ("Helvetica-Bold", 10, 664, "Outcome:"), ("Helvetica", 10, 664, " 75% uptake in the over-65s")])
    items = read_pdf(path).items
    assert [(item.text, item.bold) for item in items] == [
        ("Vaccination", True),
        ("For the 2021/22 flu season the cluster will run mass vaccination clinics at Rhyl Town Hall.", False),
        ("Outcome: 75% uptake in the over-65s", False)]  # a bold label ending in a colon stays in its line


def _text_box(paragraph, inner_xml: str) -> None:
    """Anchor a text box holding inner_xml (w:p and w:tbl elements) in a paragraph, as Word saves a
    modern shape: the box in mc:Choice and a legacy VML copy of it in mc:Fallback."""
    from lxml import etree

    namespaces = {
        "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
        "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
        "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
        "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
        "v": "urn:schemas-microsoft-com:vml"}
    declarations = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in namespaces.items())
    run = etree.fromstring(
        f'<w:r {declarations}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
        f'<a:graphicData><wps:wsp><wps:txbx><w:txbxContent>{inner_xml}</w:txbxContent></wps:txbx></wps:wsp>'
        f'</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>'
        f'<v:textbox><w:txbxContent>{inner_xml}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
        f'</mc:AlternateContent></w:r>')
    paragraph._p.append(run)


def test_docx_reads_text_boxes_once_after_their_anchor(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("5. Key Cluster Actions")
    anchor = document.add_paragraph("Our actions are in the boxes below.")
    _text_box(anchor, '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Covid-19 resilience</w:t></w:r></w:p>'
                      '<w:p><w:r><w:t>• Restart annual respiratory reviews</w:t></w:r></w:p>'
                      '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Action</w:t></w:r></w:p></w:tc>'
                      '<w:tc><w:p><w:r><w:t>Cost</w:t></w:r></w:p></w:tc></w:tr>'
                      '<w:tr><w:tc><w:p><w:r><w:t>Open a care home MDT</w:t></w:r></w:p></w:tc>'
                      '<w:tc><w:p><w:r><w:t>£11,800</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    document.add_paragraph("6. Workforce")
    path = tmp_path / "boxes.docx"
    document.save(path)

    items = read_docx(path).items
    texts = [[row.texts() for row in item.rows] if isinstance(item, Table) else item.text for item in items]
    assert texts == ["5. Key Cluster Actions", "Our actions are in the boxes below.", "Covid-19 resilience",
                     "• Restart annual respiratory reviews", [["Action", "Cost"], ["Open a care home MDT", "£11,800"]],
                     "6. Workforce"]
    assert items[2].bold and not items[1].bold


def test_words_the_lemma_table_lacks_are_mended_too():
    # "recurrent", "respiratory", "clinical": domain words (config/domain_words.txt), after a hyphen too
    assert clean_cell("Non-recurre\nnt: £1,500", visual_lines=True) == "Non-recurrent: £1,500"
    assert clean_cell("a respirat\nory hub", visual_lines=True) == "a respiratory hub"
    assert clean_cell("non-clini-\ncal staff", visual_lines=True) == "non-clinical staff"
    assert clean_cell("the clinic\nal", visual_lines=True) == "the clinic al"  # "al" alone: no word to mend
    # a hyphen before a capital or a digit belongs to the word: "X-PERT", "Covid-19"
    assert clean_cell("diabetes education (X-\nPERT)") == "diabetes education (X-PERT)"


def test_a_table_typed_with_tabs_in_word_reads_as_a_table(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("5. Key Cluster Actions")
    document.add_paragraph("Planned Action 2021/22\tExpected Outcome March 22\tWorkforce\tFinance")
    document.add_paragraph("Rehabilitation (Covid-19 direct harm)")
    document.add_paragraph("\tRefer people with fatigue to the OT course\t50 referrals\tCommunity OT team\tNil")
    document.add_paragraph("\tRun a Long Covid clinic\t40 patients seen\tANP\t£6,500")
    document.add_paragraph("6. Workforce. The plan needs 3.4 WTE\tof new posts.")
    path = tmp_path / "tabs.docx"
    document.save(path)

    items = read_docx(path).items
    table = next(item for item in items if isinstance(item, Table))
    assert [row.texts() for row in table.rows] == [
        ["Planned Action 2021/22", "Expected Outcome March 22", "Workforce", "Finance"],
        ["Rehabilitation (Covid-19 direct harm)"],
        ["Refer people with fatigue to the OT course", "50 referrals", "Community OT team", "Nil"],
        ["Run a Long Covid clinic", "40 patients seen", "ANP", "£6,500"]]
    assert table.rows[1].cells[0].span == 4
    assert items[-1].text == "6. Workforce. The plan needs 3.4 WTE of new posts."  # a tab is a space in prose


def test_a_markdown_heading_printed_as_typed_is_a_heading_without_its_marks(tmp_path):
    path = _pdf_of_runs(tmp_path / "md.pdf", [("Courier", 9, 700, "## 5. Key Cluster Actions for 2021/22"),
                                              ("Courier", 9, 689, "The table below lists our actions."),
                                              ("Courier", 9, 678, "It was agreed in January.")])
    blocks = [(b.text, b.heading_level) for b in read_pdf(path).items]
    assert blocks == [("5. Key Cluster Actions for 2021/22", 2),
                      ("The table below lists our actions. It was agreed in January.", None)]


def test_short_text_read_in_pieces_is_joined_only_where_the_pieces_are_no_words():
    from pipeline.documents.text import mend_fragments

    assert mend_fragments("Pri ori ty") == "Priority"
    assert mend_fragments("By when") == "By when"
    assert mend_fragments("Key Risks") == "Key Risks"


def test_words_struck_through_in_word_are_deleted_words(tmp_path):
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Open a walk-in centre ").font.strike = True
    paragraph.add_run("Set up a same-day urgent care service")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].paragraphs[0].add_run("£14,000").font.strike = True
    table.rows[0].cells[0].paragraphs[0].add_run(" £11,600")
    table.rows[0].cells[1].paragraphs[0].add_run("Commission mindfulness courses").font.double_strike = True
    document.save(tmp_path / "struck.docx")
    doc = read_docx(tmp_path / "struck.docx")
    assert doc.items[0].text == "Set up a same-day urgent care service"
    assert doc.items[1].rows[0].texts() == ["£11,600", ""]


def test_words_struck_through_in_a_pdf_are_left_out_and_underlined_words_kept(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "struck.pdf"
    page = canvas.Canvas(str(path))
    page.setFont("Helvetica", 10)
    struck, kept = "Open a walk-in centre at the hospital", " Set up a same-day service at the hospital"
    page.drawString(72, 700, struck + kept)
    width = page.stringWidth(struck, "Helvetica", 10)
    page.line(72, 703.5, 72 + width, 703.5)  # through the middle of the letters
    page.drawString(72, 680, "Underlined words stay")
    page.line(72, 678.5, 72 + page.stringWidth("Underlined words stay", "Helvetica", 10), 678.5)
    page.save()
    texts = [item.text for item in read_pdf(path).items]
    assert texts == ["Set up a same-day service at the hospital Underlined words stay"] or texts == [
        "Set up a same-day service at the hospital", "Underlined words stay"]


def test_a_cells_struck_runs_go_where_they_were_struck_not_where_the_word_comes_again():
    from pipeline.documents.strike import without_runs

    cell = "Open a walk-in centre at the\nHospital Set up a same-day service at the\nHospital, by appointment"
    assert " ".join(without_runs(cell, ["Open a walk-in centre at the", "Hospital"]).split()) == (
        "Set up a same-day service at the Hospital, by appointment")


def test_docx_house_heading_styles_and_non_breaking_hyphens(tmp_path):
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    named = document.styles.add_style("Plan Heading 1", WD_STYLE_TYPE.PARAGRAPH)  # a house style named for its level
    outlined = document.styles.add_style("Title 2", WD_STYLE_TYPE.PARAGRAPH)  # a house style with an outline level
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "0")
    outlined.element.get_or_add_pPr().append(outline)
    based = document.styles.add_style("Cluster Heading", WD_STYLE_TYPE.PARAGRAPH)
    based.base_style = outlined
    document.add_paragraph("Key Cluster Actions for 2021/22", style="Plan Heading 1")
    document.add_paragraph("Workforce Implications", style="Title 2")
    document.add_paragraph("Finance", style="Cluster Heading")
    body = document.add_paragraph("Run long")
    body.runs[0]._r.append(OxmlElement("w:noBreakHyphen"))
    body.add_run("term condition clinics")
    path = tmp_path / "styles.docx"
    document.save(path)

    blocks = read_docx(path).blocks()
    assert [(b.text, b.heading_level) for b in blocks] == [
        ("Key Cluster Actions for 2021/22", 1), ("Workforce Implications", 1), ("Finance", 1),
        ("Run long-term condition clinics", None)]


def test_docx_action_table_with_small_tables_in_cells_reads_as_one_table(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ("Objective", "Planned Action", "Financial Implications", "Monitoring")):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("Recover bloods", "Open an evening phlebotomy clinic", "", "")):
        cell.text = text
    money = table.rows[1].cells[2].add_table(rows=2, cols=2)
    for row, texts in zip(money.rows, [("Recurrent", "£31,000"), ("Non-recurrent", "£2,400")]):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    kpis = table.rows[1].cells[3].add_table(rows=2, cols=2)
    for row, texts in zip(kpis.rows, [("KPI", "Target"), ("Bloods within 10 days", "95%")]):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    path = tmp_path / "nested.docx"
    document.save(path)

    tables = [item for item in read_docx(path).items if isinstance(item, Table)]
    assert len(tables) == 1
    assert tables[0].rows[1].texts() == ["Recover bloods", "Open an evening phlebotomy clinic",
                                         "Recurrent: £31,000 Non-recurrent: £2,400", "Bloods within 10 days: 95%"]


def test_pdf_paragraphs_set_at_one_and_a_half_spacing_stay_whole(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "spaced.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    pdf.setFont("Helvetica", 11)
    y = 780
    paragraphs = [["The cluster's key actions for 2021/22 are set out in full in the action plan at Appendix",
                   "2, in the format of Figure II of the national template, with a lead and a timescale for",
                   "each action, agreed by the Cluster Leadership Group in January 2021 after discussion."],
                  ["Each action has been tested against the SMART criteria, and the expected outcomes are",
                   "those we will report on at the end of March 2022 to the Cluster Leadership Group."]]
    for lines in paragraphs:
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 16.5  # 1.5 lines
        y -= 9  # space after the paragraph
    pdf.save()

    texts = [b.text for b in read_pdf(path).blocks()]
    assert texts == [" ".join(lines) for lines in paragraphs]


def test_a_bilingual_word_table_keeps_each_cells_english(tmp_path):
    import docx

    document = docx.Document()
    cells = [("Amcanion", "Objectives"), ("Cam Gweithredu 2021/22", "Planned Action 2021/22"),
             ("Goblygiadau Ariannol", "Financial Implications")]
    rows = [[("Adfer adolygiadau cyflyrau hirdymor a ohiriwyd", "Restore long-term condition reviews deferred"),
             ("Cynnal clinigau adolygu diabetes ac anadlol ar y cyd", "Run joint diabetes and respiratory clinics"),
             ("£14,500 o gyllid y clwstwr", "£14,500 cluster funding")],
            [("Cefnogi gofalwyr di-dâl yn y clwstwr", "Support unpaid carers in the cluster"),
             ("Cynnig gwiriad iechyd i bob gofalwr", "Offer every carer a health check"),
             ("£19,800", "£19,800")]]
    table = document.add_table(rows=3, cols=3)
    for row, texts in zip(table.rows, [cells] + rows):
        for cell, (welsh, english) in zip(row.cells, texts):
            cell.text = welsh
            cell.add_paragraph(english)
    path = tmp_path / "bilingual.docx"
    document.save(path)

    table = next(item for item in read_docx(path).items if isinstance(item, Table))
    assert [row.texts() for row in table.rows[1:]] == [
        ["Restore long-term condition reviews deferred", "Run joint diabetes and respiratory clinics",
         "£14,500 cluster funding"],
        ["Support unpaid carers in the cluster", "Offer every carer a health check", "£19,800"]]


def test_a_word_row_short_of_the_grid_keeps_its_cells_in_their_columns(tmp_path):
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from pipeline.actions.tables import extract_table_actions

    document = docx.Document()
    header = ("Alignment", "Objective", "Planned Action", "Expected Outcome", "Monitoring")
    table = document.add_table(rows=3, cols=5)
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("Essential services", "Recover", "Recall diabetes patients",
                                                "90% reviewed", "Audit+ dashboard")):
        cell.text = text
    # the third row starts one grid column in (w:gridBefore) and stops one short (w:gridAfter)
    row = table.rows[2]._tr
    for tc in (row.tc_lst[0], row.tc_lst[-1]):
        row.remove(tc)
    properties = row.get_or_add_trPr()
    for tag in ("w:gridBefore", "w:gridAfter"):
        skip = OxmlElement(tag)
        skip.set(qn("w:val"), "1")
        properties.append(skip)
    for tc, text in zip(row.tc_lst, ("Keep COPD patients well", "Offer self-management plans", "600 plans")):
        tc.xpath("./w:p")[0].append(OxmlElement("w:r"))
        tc.xpath("./w:p/w:r")[0].append(OxmlElement("w:t"))
        tc.xpath("./w:p/w:r/w:t")[0].text = text
    path = tmp_path / "ragged.docx"
    document.save(path)

    doc = read_docx(path)
    assert [(c.col, c.text) for c in doc.tables()[0].rows[2].cells] == [
        (0, ""), (1, "Keep COPD patients well"), (2, "Offer self-management plans"), (3, "600 plans"), (4, "")]
    records = extract_table_actions(doc)
    assert [(r.action, r.objective, r.monitoring) for r in records][1] == (
        "Offer self-management plans", "Keep COPD patients well", "")


def test_word_auto_numbered_paragraphs_carry_the_number_word_draws(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Key Cluster Actions", style="Heading 1")
    for text in ("Catch up on foot checks", "", "Run a frailty MDT"):
        document.add_paragraph(text, style="List Number")  # numbered by its style; an empty item counts
    document.add_paragraph("Not numbered")
    path = tmp_path / "numbered.docx"
    document.save(path)

    blocks = read_docx(path).blocks()
    assert [(b.text, b.list_label) for b in blocks] == [
        ("Key Cluster Actions", ""), ("Catch up on foot checks", "1."), ("Run a frailty MDT", "3."), ("Not numbered", "")]
    assert blocks[1].list_item and not blocks[3].list_item


def test_word_numbering_levels_formats_and_restarts():
    from types import SimpleNamespace

    from lxml import etree

    from pipeline.documents.docx_numbering import W, ListNumbers

    xml = f"""<w:numbering xmlns:w="{W[1:-1]}">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1%2)"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="0"/>
        <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
    </w:numbering>"""
    numbers = ListNumbers(SimpleNamespace(part=SimpleNamespace(numbering_part=SimpleNamespace(
        element=etree.fromstring(xml)))))

    def ppr(num_id, level):
        return etree.fromstring(f'<w:pPr xmlns:w="{W[1:-1]}"><w:numPr><w:ilvl w:val="{level}"/>'
                                f'<w:numId w:val="{num_id}"/></w:numPr></w:pPr>')

    labels = [numbers.label(ppr(n, lvl), None) for n, lvl in [(1, 0), (1, 1), (1, 1), (1, 0), (1, 1), (2, 0), (2, 0)]]
    assert labels == ["1.", "1a)", "1b)", "2.", "2a)", "1.", "2."]
