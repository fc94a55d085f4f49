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


def test_numbered_prose_items_take_their_cells_from_a_table_keyed_by_number():
    from pipeline.sections import find_sections

    keyed = Table(rows=[Row([Cell(t, i) for i, t in enumerate(r)]) for r in [
        ["No.", "Objective", "Expected Outcome", "Financial Implications"],
        ["1", "Recover foot checks", "90% of patients checked", "£26,100"],
        ["2", "Keep frail patients at home", "Fewer admissions", "£12,000"]]], n_cols=4)
    doc = Document("x.docx", "docx", None, [
        Block("5. Key Cluster Actions", heading_level=1),
        # Word's auto-numbering draws the number: it is not in the text
        Block("Catch up on annual diabetes foot checks with a cluster podiatry assistant.", list_item=True,
              list_label="1."),
        Block("2. Run a weekly frailty MDT with the community resource team.", list_item=True),
        Block("Numbers refer to the actions in 5.1."), keyed])
    records = extract_actions(doc, find_sections(doc), lambda texts: [0.9] * len(texts))
    assert [(r.ref, r.objective, r.finance) for r in records] == [
        ("1", "Recover foot checks", "£26,100"), ("2", "Keep frail patients at home", "£12,000")]


def test_a_number_two_actions_share_keys_neither():
    from pipeline.sections import find_sections

    keyed = Table(rows=[Row([Cell(t, i) for i, t in enumerate(r)]) for r in [
        ["No.", "Objective", "Expected Outcome"], ["1", "Recover foot checks", "90% checked"]]], n_cols=3)
    doc = Document("x.docx", "docx", None, [
        Block("5. Key Cluster Actions", heading_level=1), Block("Essential services", heading_level=2),
        Block("1. Catch up on diabetes foot checks in every practice.", list_item=True),
        Block("Cluster hub", heading_level=2),
        Block("1. Keep the red hub on standby over winter.", list_item=True), keyed])
    records = extract_actions(doc, find_sections(doc), lambda texts: [0.9] * len(texts))
    assert len(records) == 2 and not any(r.objective for r in records)
