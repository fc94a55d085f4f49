"""Header cells that span unnamed columns or name a group instead of a column."""
from pipeline.actions.tables import extract_table_actions
from pipeline.documents.model import Block, Cell, Document, Row, Table

COLUMNS = ["Expected Outcome", "Key Risks", "Workforce", "Financial Implications", "Monitoring"]


def _row(*texts, start=0):
    return Row([Cell(t, start + i) for i, t in enumerate(texts)])


def test_an_action_header_spanning_a_number_column_reads_the_number_as_the_rows_number():
    header = Row([Cell("Objectives", 0), Cell("Planned Action 2021/22", 1, 2)]
                 + [Cell(t, 3 + i) for i, t in enumerate(COLUMNS)])
    row = _row("Recover phlebotomy", "1", "Re-establish the cluster phlebotomy service", "Bloods in 5 days",
               "Room space", "2 x Band 3", "£41,200", "Activity data")
    records = extract_table_actions(Document("x.docx", "docx", None, [Table(rows=[header, row], n_cols=8)]))
    assert [(r.action, r.ref, r.objective) for r in records] == [
        ("Re-establish the cluster phlebotomy service", "1", "Recover phlebotomy")]


def test_a_group_named_in_the_first_header_cell_heads_the_rows_and_its_column_holds_objectives():
    header = _row("Covid-19 Cluster Hub delivery", "Planned Action 2021/22", *COLUMNS)
    row = _row("Be ready to assess patients safely", "Agree a surge plan with the community hospital",
               "Plan agreed", "None", "GPs", "Nil", "Cluster board")
    records = extract_table_actions(Document("x.docx", "docx", None, [Table(rows=[header, row], n_cols=7)]))
    assert [(r.objective, r.strategic_alignment_text) for r in records] == [
        ("Be ready to assess patients safely", "Covid-19 Cluster Hub delivery")]


def test_a_blank_headed_column_of_group_names_is_the_alignment_column():
    header = _row("", "Objectives", "Planned Action", *COLUMNS)
    rows = [_row("2020/23 Cluster IMTP Priority: wellbeing", "Connect people", "Extend social prescribing",
                 "300 referrals", "Capacity", "Link worker", "£18,000", "Referral data"),
            _row("", "Connect carers", "Run a carers' clinic", "40 carers seen", "Uptake", "HCA", "£2,000", "Log"),
            _row("Covid-19 Cluster Hub delivery", "Be ready", "Keep a surge plan", "Plan tested", "None", "GPs",
                 "Nil", "Board")]
    records = extract_table_actions(Document("x.docx", "docx", None, [Table(rows=[header] + rows, n_cols=8)]))
    assert [r.strategic_alignment_text for r in records] == [
        "2020/23 Cluster IMTP Priority: wellbeing", "2020/23 Cluster IMTP Priority: wellbeing",
        "Covid-19 Cluster Hub delivery"]


def test_a_caption_naming_a_priority_area_is_its_tables_group_above_or_below():
    header = _row("Objective", "Planned Action", *COLUMNS)

    def table(action):
        return Table(rows=[header, _row("Aim", action, "Outcome", "Risk", "Staff", "£1,000", "Audit")], n_cols=7)

    below = Document("x.pdf", "pdf", 1, [
        Block("Context for the first table."), table("Run Saturday recall clinics"),
        Block("Table 3: Actions – Covid-19 resilience, indirect harm: essential services"),
        Block("More context."), table("Keep the red hub on standby"),
        Block("Table 4: Actions – Covid-19 cluster hub delivery")])
    above = Document("x.pdf", "pdf", 1, [
        Block("Table 1 - Covid-19 cluster hub delivery"), table("Keep the red hub on standby")])
    assert [r.strategic_alignment_text for r in extract_table_actions(below)] == [
        "Actions – Covid-19 resilience, indirect harm: essential services", "Actions – Covid-19 cluster hub delivery"]
    assert [r.strategic_alignment_text for r in extract_table_actions(above)] == ["Covid-19 cluster hub delivery"]


def test_a_theme_column_under_a_group_row_is_context_not_the_groups_wording():
    header = _row("Theme", "Objectives", "Planned Action", *COLUMNS)
    rows = [Row([Cell("Covid-19 Cluster Hub delivery", 0, 8)]),
            _row("Long-term conditions", "Aim", "Keep the red hub on standby", "Outcome", "Risk", "Staff", "-", "Audit")]
    records = extract_table_actions(Document("x.docx", "docx", None, [Table(rows=[header] + rows, n_cols=8)]))
    assert records[0].strategic_alignment_text == "Covid-19 Cluster Hub delivery"
    assert records[0].alignment_context[0] == "Long-term conditions"
    assert records[0].finance == ""  # a dash alone says nothing


def test_a_blank_headed_group_column_carries_over_a_repeated_header_on_the_next_page():
    header = _row("", "Objectives", "Planned Action", *COLUMNS)
    first = Table(rows=[header, _row("Covid-19 Cluster Hub delivery", "Be ready", "Keep a surge plan", "Plan tested",
                                     "None", "GPs", "Nil", "Board")], n_cols=8, page=1)
    second = Table(rows=[header, _row("", "Be ready", "Train hub staff", "20 trained", "None", "GPs", "Nil", "Log")],
                   n_cols=8, page=2)
    records = extract_table_actions(Document("x.pdf", "pdf", 2, [first, second]))
    assert [r.strategic_alignment_text for r in records] == ["Covid-19 Cluster Hub delivery"] * 2


def test_a_three_year_table_keeps_only_the_plan_years_column_as_the_action():
    header = Row([Cell("Objective", 0), Cell("Key Actions / Milestones", 1, 3)]
                 + [Cell(t, 4 + i) for i, t in enumerate(COLUMNS)])
    years = _row("", "2020/21 (Year 1)", "2021/22 (Year 2)", "2022/23 (Year 3)", "", "", "", "", "")
    row = _row("Restore LTC monitoring", "Virtual reviews started", "Restart face-to-face asthma reviews",
               "Return spirometry to practices", "60% reviewed", "AGP rules", "Nurse", "£24,000", "QAIF")
    table = Table(rows=[header, years, row], n_cols=9)
    records = extract_table_actions(Document("x.docx", "docx", None, [table]), year_start=2021)
    assert [r.action for r in records] == ["Restart face-to-face asthma reviews"]


def test_a_row_saying_there_is_no_action_this_year_is_no_action():
    header = _row("Objective", "Planned Action", *COLUMNS)
    rows = [_row("N/A", "No cluster hub action for 2021/22 – any re-opening will be led by the health board",
                 "-", "-", "-", "-", "-"),
            _row("Premises", "Paused – no action planned in 2021/22", "", "", "", "", ""),
            _row("Aim", "Record an action plan for each care home", "Plans in place", "", "", "", "")]
    records = extract_table_actions(Document("x.docx", "docx", None, [Table(rows=[header] + rows, n_cols=7)]))
    assert [r.action for r in records] == ["Record an action plan for each care home"]


def test_lettered_group_rows_and_a_header_shortened_on_the_next_page():
    first = Table(rows=[_row("No.", "Objective", "Planned Action", *COLUMNS),
                        Row([Cell("A", 0), Cell("2020/23 Cluster IMTP Priority: carers", 1, 7)]),
                        _row("1.", "Support carers", "Run a carers' clinic", "40 seen", "Uptake", "HCA", "£2,000", "Log")],
                  n_cols=8, page=1)
    second = Table(rows=[_row("No.", "Obj.", "Action", "Outcome", "Risks", "WF", "£", "Mon.", "Lead"),
                         _row("2.", "Find carers", "Identify carers on registers", "Register grows", "Time",
                              "Champions", "Nil", "Register size", "JD")], n_cols=9, page=2)
    records = extract_table_actions(Document("x.pdf", "pdf", 2, [first, second]))
    assert [(r.action, r.strategic_alignment_text, r.objective, r.workforce, r.monitoring) for r in records] == [
        ("Run a carers' clinic", "2020/23 Cluster IMTP Priority: carers", "Support carers", "HCA", "Log"),
        ("Identify carers on registers", "2020/23 Cluster IMTP Priority: carers", "Find carers", "Champions",
         "Register size")]
