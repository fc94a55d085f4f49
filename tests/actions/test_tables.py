from pipeline.actions.tables import extract_table_actions, map_header
from pipeline.documents.model import Cell, Document, Row, Table
from pipeline.documents.reader import read_document
from tests.plan_factory import ACTIONS, HEADER, write_docx, write_pdf


def test_header_mapping_handles_renamed_and_merged_columns():
    renamed = ["Priority", "Aim", "What we will do", "Outcome / Measure", "Risks & Mitigation", "Staffing",
               "Cost (£)", "How will we monitor?"]
    mapping = map_header(list(enumerate(renamed)))
    assert mapping == {"strategic_alignment_text": 0, "objective": 1, "action": 2, "expected_outcome": 3,
                       "risks": 4, "workforce": 5, "finance": 6, "monitoring": 7}
    merged = map_header(list(enumerate(["Objectives", "Planned Action 2021/22", "Expected Outcome",
                                        "Resource implications (workforce / finance)"])))
    assert merged["workforce"] == 3 and "finance" not in merged
    assert map_header(list(enumerate(["Practice", "List size", "GPs"]))) is None


def _table(rows, page=None):
    return Table(rows=[Row([Cell(t, i) for i, t in enumerate(r)], page=page) if isinstance(r, list) else r
                       for r in rows], n_cols=len(HEADER), page=page)


def test_group_rows_carry_down_and_placeholders_drop():
    rows = [HEADER, Row([Cell("Covid-19 Cluster Hub delivery", 0, 8)]),
            ["", "Resilience", "Keep the red hub on standby", "Hub reopened within 48 hours", "", "", "", ""],
            Row([Cell("Locally determined Priority", 0, 8)]),
            ["Locally determined Priority", "", "", "", "", "", "", ""]]
    records = extract_table_actions(Document("x.docx", "docx", None, [_table(rows)]))
    assert [r.action for r in records] == ["Keep the red hub on standby"]
    assert records[0].strategic_alignment_text == "Covid-19 Cluster Hub delivery"


def test_table_continued_over_a_page_break_joins_the_cut_row():
    first = _table([HEADER, ["Access", "Improve access", "Introduce a triage model for all practices so that",
                             "Fewer calls at", "", "", "", ""]], page=1)
    second = _table([HEADER, ["", "", "patients are seen by the right clinician.", "8am by March 2022.", "", "", "", ""],
                     ["", "", "Second action on the next page", "", "", "", "", ""]], page=2)
    records = extract_table_actions(Document("x.pdf", "pdf", 2, [first, second]))
    assert [r.action for r in records] == [
        "Introduce a triage model for all practices so that patients are seen by the right clinician.",
        "Second action on the next page"]
    assert records[0].page == 1 and records[1].page == 2
    assert records[1].strategic_alignment_text == "Access"


def test_docx_and_pdf_give_the_same_rows(tmp_path):
    for path in (write_docx(tmp_path / "p.docx"), write_pdf(tmp_path / "p.pdf", repeat_pages=5)):
        records = extract_table_actions(read_document(path))
        assert [r.action for r in records][:3] == ACTIONS, path
        assert len(records) == (3 if path.suffix == ".docx" else 15)
        assert records[0].strategic_alignment_text == "Indirect harm: Essential Services"
        assert records[2].alignment_context == ["2020/23 3 year Cluster IMTP Priority"]
        assert records[0].finance == "£12.5k"


def test_bare_sub_rows_keep_their_block():
    """Sub-rows of the Milestones block reuse other groups' words ("Rehabilitation"); a full group title
    opens a new block."""
    from pipeline.labels.classifiers import priority_from_alignment
    from pipeline.labels.taxonomy import load_taxonomy

    def group(text):
        return Row([Cell(text, 0, 8)])

    def action(text):
        return ["", "", text, "", "", "", "", ""]

    rows = [HEADER, group("Ministerial Delivery Milestones 2020/21 – locally determined actions"),
            group("Care homes"), action("Named GP for every care home"),
            group("Rehabilitation"), action("Strength and balance classes in two practices"),
            group("Direct harm: Rehabilitation covering the 4 population groups"), action("Long Covid clinic")]
    records = extract_table_actions(Document("x.docx", "docx", None, [_table(rows)]))
    groups = [[r.strategic_alignment_text] + r.alignment_context for r in records]
    assert groups[1] == ["Rehabilitation", "Ministerial Delivery Milestones 2020/21 – locally determined actions"]
    assert groups[2] == ["Direct harm: Rehabilitation covering the 4 population groups"]
    assert [priority_from_alignment(g, load_taxonomy())[0] for g in groups] == [
        "ministerial_milestones", "ministerial_milestones", "covid_rehabilitation"]
