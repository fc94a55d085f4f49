import pytest

import pipeline.documents.pdf as pdf_reader
from pipeline.config import PROJECT_DIR
from pipeline.labels.classifiers import load_classifier
from pipeline.plan import process_plan
from tests.plan_factory import write_pdf


# a damaged drawing, met while finding its tables or the edges that also show strikes
@pytest.mark.parametrize("damaged_step", ["find_tables", "page_edges"])
def test_a_page_whose_tables_cannot_be_read_makes_the_plan_partial(tmp_path, monkeypatch, damaged_step):
    path = write_pdf(tmp_path / "plan.pdf", repeat_pages=2)

    def damaged(*args, **kwargs):
        raise ValueError("damaged page")

    monkeypatch.setattr(pdf_reader, damaged_step, damaged)
    result = process_plan(path, load_classifier(str(PROJECT_DIR / "models" / "default")))
    assert result.plan["status"] == "partial"
    assert "tables not read on damaged page(s) 2" in result.plan["error"]
    assert result.plan["n_pages"] >= 2  # the text was still read


def test_a_readable_plan_is_ok(tmp_path):
    result = process_plan(write_pdf(tmp_path / "plan.pdf"), load_classifier(str(PROJECT_DIR / "models" / "default")))
    assert result.plan["status"] == "ok" and result.plan["error"] == "" and len(result.actions) == 3


def test_a_page_that_is_only_an_image_of_text_makes_the_plan_partial(tmp_path):
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    scan = tmp_path / "scan.png"
    Image.new("RGB", (400, 560), "white").save(scan)
    path = tmp_path / "plan.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawString(72, 760, "North Ceredigion Cluster Annual Plan 2021/22")
    pdf.drawString(72, 740, "We will recruit a cluster pharmacist to lead medication reviews by March 2022.")
    pdf.showPage()
    pdf.drawImage(ImageReader(str(scan)), 20, 20, width=A4[0] - 40, height=A4[1] - 40)
    pdf.showPage()
    pdf.save()
    result = process_plan(path, load_classifier(str(PROJECT_DIR / "models" / "default")))
    assert result.plan["status"] == "partial"
    assert "page(s) 2 hold only an image of text" in result.plan["error"]


def test_a_long_actions_section_with_few_actions_found_is_a_warning():
    from pipeline.documents.model import Document
    from pipeline.metadata import PlanMetadata
    from pipeline.plan import Outline, assemble
    from pipeline.sections import Section

    outline = Outline([Section(5, "key_actions", "5. Key Cluster Actions", 0, 1, n_chars=6924)], PlanMetadata(), "")
    one = assemble("p.pdf", "0" * 64, Document("p.pdf", "pdf", 3), outline, [{"action_id": "a"}], 0.0)
    assert "only 1 action(s) found in 6,924 characters" in one.plan["warnings"]
    many = assemble("p.pdf", "0" * 64, Document("p.pdf", "pdf", 3), outline, [{"action_id": str(i)} for i in range(12)],
                    0.0)
    assert "only" not in many.plan["warnings"]


def test_a_plan_marked_draft_in_its_margins_or_title_is_a_warning(tmp_path):
    import docx

    from pipeline.documents.model import Block, Document
    from pipeline.documents.reader import read_document
    from pipeline.plan import draft_mark

    assert draft_mark(Document("p.pdf", "pdf", 1, [Block("Cluster Annual Plan 2021/22 – draft v0.4")])) == "draft v0.4"
    assert draft_mark(Document("p.pdf", "pdf", 1, [Block("Plan")], margin_text=["Not for publication"])) \
        == "Not for publication"
    assert draft_mark(Document("p.pdf", "pdf", 1, [Block("We will draft a falls protocol with the CRT.")])) is None
    # Word's watermark is a shape in the header whose text path says it
    document = docx.Document()
    document.add_paragraph("Cluster Annual Plan 2021/22")
    header = document.sections[0].header.paragraphs[0]
    from lxml import etree
    header._p.append(etree.fromstring(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml">'
        '<w:pict><v:shape><v:textpath string="DRAFT"/></v:shape></w:pict></w:r>'))
    document.save(tmp_path / "watermarked.docx")
    assert draft_mark(read_document(tmp_path / "watermarked.docx")) == "DRAFT"


def test_no_actions_among_tables_says_no_header_was_recognised():
    from pipeline.documents.model import Cell, Document, Row, Table
    from pipeline.metadata import PlanMetadata
    from pipeline.plan import Outline, assemble

    table = Table(rows=[Row([Cell("Practice", 0), Cell("List size", 1)]), Row([Cell("Amman", 0), Cell("9,000", 1)])],
                  n_cols=2)
    outline = Outline([], PlanMetadata(), "")
    with_table = assemble("p.pdf", "0" * 64, Document("p.pdf", "pdf", 1, [table]), outline, [], 0.0)
    assert "none of its 1 table(s) has a header naming Figure II's columns" in with_table.plan["warnings"]
    without = assemble("p.pdf", "0" * 64, Document("p.pdf", "pdf", 1, []), outline, [], 0.0)
    assert "this may not be a cluster plan" in without.plan["warnings"]

