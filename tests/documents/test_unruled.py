"""Tables drawn without ruling lines read as the same rows as the ruled table."""
from __future__ import annotations

import pytest

from pipeline.actions.tables import extract_table_actions
from pipeline.documents.model import Block, Table
from pipeline.documents.reader import read_document
from tests.plan_factory import write_pdf


def _rows(path):
    doc = read_document(path)
    return doc, [(r.strategic_alignment_text, r.alignment_context, r.page, *r.fields().values())
                 for r in extract_table_actions(doc)]


@pytest.mark.parametrize("layout", [
    {},
    {"repeat_pages": 4},  # header repeated on each page
    {"repeat_pages": 4, "repeat_header": False},  # the columns carry over the page break
    {"padding": 0},  # rows set as close as the lines inside them
    {"padding": 1, "repeat_pages": 3},
])
def test_an_unruled_table_reads_as_the_ruled_one(tmp_path, layout):
    _, ruled = _rows(write_pdf(tmp_path / "ruled.pdf", **layout))
    doc, unruled = _rows(write_pdf(tmp_path / "unruled.pdf", ruled=False, **layout))
    assert len(ruled) == 3 * layout.get("repeat_pages", 1)
    assert unruled == ruled
    # the running text after the table stays running text
    assert any(isinstance(i, Block) and i.text == "Workforce pressures remain high across the cluster."
               for i in doc.items)


def test_a_page_of_prose_naming_the_columns_holds_no_table(tmp_path):
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = []
    for heading in ("Planned actions", "Expected outcomes", "Workforce implications", "Financial implications"):
        story.append(Paragraph(heading, styles["Heading2"]))
        story.append(Paragraph("The cluster will set out its planned actions, the outcomes it expects and the "
                               "staff and money they need in the table that follows in section five.", styles["Normal"]))
    path = tmp_path / "prose.pdf"
    SimpleDocTemplate(str(path)).build(story)
    doc = read_document(path)
    assert not any(isinstance(i, Table) for i in doc.items)
    assert sum(isinstance(i, Block) for i in doc.items) == 8
