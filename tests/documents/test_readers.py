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
