from pipeline.actions import extract_actions
from pipeline.documents.model import Block, Cell, Document, Row, Table


def test_a_summary_table_and_a_table_restating_each_action_add_no_actions():
    from pipeline.sections import find_sections

    def table(rows):
        return Table(rows=[Row([Cell(t, i) for i, t in enumerate(r)]) for r in rows], n_cols=len(rows[0]))

    summary = table([["Priority area", "Actions", "Lead", "Outcome"],
                     ["Essential services", "Diabetes recall", "Cluster lead", "Reviews done"]])
    first = table([["Priority Area", "Objectives", "Planned Action 2021/22"],
                   ["Essential services", "Recover reviews", "Run a diabetes recall in every practice"]])
    second = table([["Planned Action 2021/22", "Expected Outcome", "Key Risks", "Financial Implications"],
                    ["Run a diabetes recall in every practice", "90% reviewed", "Nurse capacity", "£18,400"]])
    doc = Document("x.docx", "docx", None, [
        Block("2. Annual Plan on a Page", heading_level=1), summary,
        Block("5. Key Cluster Actions", heading_level=1), Block("Table 5a"), first, Block("Table 5b"), second])
    records = extract_actions(doc, find_sections(doc), lambda texts: [0.0] * len(texts))
    assert [(r.action, r.strategic_alignment_text, r.objective, r.expected_outcome, r.finance) for r in records] == [
        ("Run a diabetes recall in every practice", "Essential services", "Recover reviews", "90% reviewed", "£18,400")]
