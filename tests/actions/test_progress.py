from pipeline.actions import extract_actions
from pipeline.actions.progress import progress_tables
from pipeline.documents.model import Block, Cell, Document, Row, Table
from pipeline.sections import find_sections


def _table(*rows):
    return Table(rows=[Row([Cell(text, col) for col, text in enumerate(row)], page=2) for row in rows],
                 n_cols=len(rows[0]), page=2)


def test_a_table_of_last_years_actions_and_their_progress_is_set_aside_with_a_warning():
    progress = _table(("Planned Action 2020/21", "Expected Outcome March 21", "Progress to December 2020", "RAG"),
                      ("Recruit a cluster MSK First Contact Practitioner", "FCP in post", "In post since May", "G"),
                      ("Introduce social prescribing in all 9 practices", "9 practices", "Paused by Covid", "R"))
    this_year = _table(("Objectives", "Planned Action 2021/22", "Expected Outcome March 22", "Progress at Q2"),
                       ("Recover LTC care", "Recall overdue COPD reviews", "80% reviewed", ""))
    doc = Document("x.pdf", "pdf", 3, [
        Block("4. One year in: reflections on the 2020/23 Cluster IMTP", heading_level=1), progress,
        Block("5. Key Cluster Actions for 2021/22", heading_level=1), this_year,
        Block("6. Workforce implications", heading_level=1), Block("None beyond the table.")])
    sections = find_sections(doc)
    found = progress_tables(doc, sections)
    assert [(t.item_index, t.section_no, t.page, t.rows) for t in found] == [(1, 4, 2, 2)]
    assert "progress on earlier actions (section 4, page 2, 2 rows)" in found[0].warning()
    records = extract_actions(doc, sections, lambda texts: [0.0] * len(texts),
                              frozenset(t.item_index for t in found))
    assert [r.action for r in records] == ["Recall overdue COPD reviews"]
    # the same table in the key actions section is this year's, status column and all
    assert progress_tables(Document("y.pdf", "pdf", 1, [doc.items[2], progress]), find_sections(
        Document("y.pdf", "pdf", 1, [doc.items[2], progress]))) == []
