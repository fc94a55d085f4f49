from pipeline.actions.tables import extract_table_actions
from pipeline.columns import map_header
from pipeline.documents.model import Block, Cell, Document, Row, Table
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
    plain = map_header(list(enumerate(["What we want to achieve", "What we will do in 2021/22",
                                       "What difference it will make by March 2022", "What could get in the way",
                                       "Who will do it", "What it will cost", "How we will know"])))
    assert plain == {"objective": 0, "action": 1, "expected_outcome": 2, "risks": 3, "workforce": 4, "finance": 5,
                     "monitoring": 6}
    welsh = map_header(list(enumerate(["Maes Blaenoriaeth", "Amcanion", "Cam Gweithredu 2021/22",
                                       "Canlyniad Disgwyliedig Mawrth 22", "Cyfyngiadau / Risgiau Allweddol",
                                       "Goblygiadau Gweithlu", "Goblygiadau Ariannol", "Proses Monitro"])))
    assert welsh == {"strategic_alignment_text": 0, "objective": 1, "action": 2, "expected_outcome": 3, "risks": 4,
                     "workforce": 5, "finance": 6, "monitoring": 7}


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


def test_a_spreadsheet_export_with_title_rows_above_its_header_is_read():
    # Excel's "Save as PDF" with printed headings: column letters, a title, a version line, a blank row
    letters = Row([Cell("", 0)] + [Cell(chr(65 + i), i + 1) for i in range(len(HEADER))])
    title = Row([Cell("1", 0), Cell("Llanelli Cluster - Key Cluster Actions 2021/22", 1, len(HEADER))])
    version = Row([Cell("2", 0), Cell("Version 3, June 2021", 1, len(HEADER))])
    blank = Row([Cell("3", 0)] + [Cell("", i + 1) for i in range(len(HEADER))])
    header = Row([Cell("4", 0)] + [Cell(text, i + 1) for i, text in enumerate(HEADER)])
    action = Row([Cell("5", 0)] + [Cell(text, i + 1) for i, text in enumerate(
        ["Indirect harm: Essential Services", "Restore reviews", "Recall patients with COPD", "80% reviewed",
         "", "", "£22,500", ""])])
    table = Table(rows=[letters, title, version, blank, header, action], n_cols=len(HEADER) + 1, page=1)
    records = extract_table_actions(Document("x.pdf", "pdf", 1, [table]))
    assert [(r.action, r.finance) for r in records] == [("Recall patients with COPD", "£22,500")]


def test_a_timeline_tables_month_marks_give_the_timescale():
    months = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
    header = ["Key Action", "Lead"] + months + ["Outcome by March 2022"]
    marks = ["X", "X", "X", "●"] + [""] * 8
    table = Table(rows=[Row([Cell(t, i) for i, t in enumerate(header)]),
                        Row([Cell(t, i) for i, t in enumerate(["Restart routine INR clinics", "Practice nurses"] + marks
                                                              + ["All patients tested on time"])])],
                  n_cols=len(header), page=1)
    record, = extract_table_actions(Document("x.pdf", "pdf", 1, [table]))
    assert (record.action, record.lead, record.timescale, record.expected_outcome) == (
        "Restart routine INR clinics", "Practice nurses", "Apr - Jul", "All patients tested on time")


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


def test_whole_rows_either_side_of_a_page_break_stay_two_actions():
    first = _table([HEADER, ["Access", "MSK care", "Extend the First Contact Physiotherapist service by Sept 21",
                             "All practices covered", "Recruitment", "FCP", "£62,000 recurrent", "Activity data"]],
                   page=1)
    second = _table([HEADER, ["", "Long Covid", "Work with the Long Covid service to agree a referral pathway",
                              "Pathway agreed by end Q2", "Capacity", "GPs", "nil", "Referrals"]], page=2)
    records = extract_table_actions(Document("x.pdf", "pdf", 2, [first, second]))
    assert [(r.action, r.finance) for r in records] == [
        ("Extend the First Contact Physiotherapist service by Sept 21", "£62,000 recurrent"),
        ("Work with the Long Covid service to agree a referral pathway", "nil")]


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


def _pairs(rows, page=None):
    return Table(rows=[Row([Cell(t, i) for i, t in enumerate(r)], page=page) for r in rows], n_cols=len(rows[0]), page=page)


def test_one_table_per_action_turned_on_its_side():
    from pipeline.documents.model import Block

    action = [["Objective", "Restore cervical screening uptake"], ["Planned action 2021/22", "Saturday clinics in 2 practices"],
              ["Expected outcome by March 2022", "Uptake back to 75%"], ["Constraints / key risks", "Staff willingness"],
              ["Financial implications", "£6,200"], ["How progress will be monitored", "Quarterly screening data"]]
    two_side_by_side = [["Objective", "Care home support", "Phone access"],
                        ["Action", "Align each care home to one practice", "Cloud telephony in 5 practices"],
                        ["Outcome", "All homes aligned", "Access standards met"]]
    doc = Document("x.docx", "docx", None, [
        Block("Indirect harm: Essential Services", heading_level=2), Block("Action 1", bold=True), _pairs(action),
        Block("Ministerial Delivery Milestones 2020/21", heading_level=2), _pairs(two_side_by_side),
        # priorities and their workforce: two columns, but not an action on its side
        _pairs([["Priority area", "Workforce implication"], ["Direct harm – Rehabilitation", "CRT therapy in-reach"],
                ["Covid-19 Resilience 2021/22: cluster plan", "CPNs"]])])
    records = extract_table_actions(doc)
    assert [r.action for r in records] == ["Saturday clinics in 2 practices", "Align each care home to one practice",
                                           "Cloud telephony in 5 practices"]
    first = records[0]
    assert (first.objective, first.expected_outcome, first.risks, first.finance, first.monitoring) == (
        "Restore cervical screening uptake", "Uptake back to 75%", "Staff willingness", "£6,200", "Quarterly screening data")
    assert first.strategic_alignment_text == "Indirect harm: Essential Services"
    assert records[2].strategic_alignment_text == "Ministerial Delivery Milestones 2020/21"
    assert records[2].expected_outcome == "Access standards met"


def test_continuation_lines_join_the_row_above_and_extra_columns_are_kept():
    header = ["Ref", "Alignment", "What we will do", "Why", "Expected outcome", "Lead", "Timescale", "Monitoring"]
    rows = [header, ["ES1", "Indirect harm: Essential Services", "Virtual group consultations for diabetes",
                     "Recover reviews", "Six sessions a month", "Practice nurse lead", "By December 2021", "Audit data"],
            ["", "", "", "", "HbA1c recorded for 85% of patients", "", "", "Quarterly dashboard"],
            ["ES2", "Indirect harm: Essential Services", "Micro-suction clinic", "Ear care waits", "", "", "", ""]]
    records = extract_table_actions(Document("x.docx", "docx", None, [_pairs(rows)]))
    assert [r.action for r in records] == ["Virtual group consultations for diabetes", "Micro-suction clinic"]
    first = records[0]
    assert first.expected_outcome == "Six sessions a month HbA1c recorded for 85% of patients"
    assert first.monitoring == "Audit data Quarterly dashboard"
    # Lead and Timescale keep columns of their own: no Figure II cell holds text the plan put elsewhere
    assert (first.lead, first.timescale, first.workforce) == ("Practice nurse lead", "By December 2021", "")
    assert first.objective == "Recover reviews"


def test_a_table_per_group_takes_the_priority_heading_above_it():
    from pipeline.documents.model import Block

    def table(*actions):
        return _pairs([["Objectives", "Planned Action 2021/22", "Expected Outcome March 22", "Resources"],
                       *[["Aim", a, "Outcome", "£5,000"] for a in actions]])

    doc = Document("x.docx", "docx", None, [
        Block("4. One year in reflections on the 2020/23 Cluster Plan", heading_level=1),
        Block("5. Key Cluster Actions for 2021/22", heading_level=1),
        table("An action under no heading"),
        Block("Indirect harm: Essential Services", bold=True), table("Restart ECGs", "Restart spirometry"),
        Block("Covid-19 Cluster Hub delivery", bold=True), table("Keep the hub on standby"),
        Block("Ministerial Delivery Milestones 2020/21 relating to the Primary Care Model for Wales", bold=True),
        table("Phone first in every practice")])
    records = extract_table_actions(doc, section_heads={0, 1})
    assert [(r.action, r.strategic_alignment_text) for r in records] == [
        ("An action under no heading", ""),
        ("Restart ECGs", "Indirect harm: Essential Services"), ("Restart spirometry", "Indirect harm: Essential Services"),
        ("Keep the hub on standby", "Covid-19 Cluster Hub delivery"),
        ("Phone first in every practice", "Ministerial Delivery Milestones 2020/21 relating to the Primary Care Model for Wales")]
    assert all(r.alignment_context == [] for r in records)  # sibling headings, not one under another
    assert records[0].finance == "£5,000"


def test_as_above_cells_take_the_row_above_except_money():
    rows = [HEADER,
            ["", "Recovery after Covid-19", "Offer exercise sessions at two community centres", "200 people attend",
             "Venue availability", "Instructors", "£6,500", "Attendance records"],
            ["", "Reduce deconditioning while waiting", "As above", "See above.", "See above", "Ditto",
             "As above", "As per above"],
            ["", "A different aim", "Run a carers' clinic", "", "", "", "", ""]]
    records = extract_table_actions(Document("x.docx", "docx", None, [_table(rows)]))
    resolved = records[1]
    assert resolved.action == "Offer exercise sessions at two community centres"
    assert resolved.objective == "Reduce deconditioning while waiting"
    assert (resolved.expected_outcome, resolved.risks, resolved.workforce, resolved.monitoring) == (
        "200 people attend", "Venue availability", "Instructors", "Attendance records")
    assert resolved.finance == "As above"  # copying the cost would count it twice
    assert resolved.read_problems and "action" in resolved.read_problems[0]
    assert not records[0].read_problems and not records[2].read_problems


def test_as_above_in_a_tables_first_row_is_flagged_not_invented():
    rows = [HEADER, ["", "An aim", "As above", "", "", "", "", ""]]
    records = extract_table_actions(Document("x.docx", "docx", None, [_table(rows)]))
    assert records[0].action == "As above" and "no row above" in records[0].read_problems[0]


def test_a_cell_listing_several_actions_stays_one_row_and_is_flagged():
    listed = "• Recall patients with COPD for reviews. • Run virtual group consultations. • Lend blood pressure monitors."
    rows = [HEADER, ["", "Chronic conditions", listed, "", "", "", "", ""],
            ["", "Access", "Recruit a pharmacist - Band 7 - by March 2022", "", "", "", "", ""]]
    records = extract_table_actions(Document("x.docx", "docx", None, [_table(rows)]))
    assert [r.action for r in records] == [listed, "Recruit a pharmacist - Band 7 - by March 2022"]
    assert records[0].read_problems == ["action cell lists 3 items, kept as one row"]
    assert records[1].read_problems == []


def test_a_total_row_is_neither_an_action_nor_part_of_the_row_above():
    rows = [HEADER, ["", "Access", "Open a phlebotomy hub", "Hub open by June 2021", "", "", "£30,000", ""],
            ["Total cluster investment 2021-22", "", "", "", "", "", "£304,200", ""]]
    records = extract_table_actions(Document("x.docx", "docx", None, [_table(rows)]))
    assert [(r.action, r.finance) for r in records] == [("Open a phlebotomy hub", "£30,000")]


def test_a_cell_merged_down_over_rows_belongs_to_each_of_them():
    header = Row([Cell(t, i) for i, t in enumerate(HEADER)])
    first = Row([Cell("", 0), Cell("Urgent primary care", 1), Cell("Open a same-day hub", 2)]
                + [Cell("", i) for i in range(3, 8)])
    word_continued = Row([Cell("", 0), Cell("", 1, continued=True), Cell("Pilot an urgent eye pathway", 2)]
                         + [Cell("", i) for i in range(3, 8)])
    pdf_covered = Row([Cell("", 0), Cell("Refer minor illness to pharmacies", 2)]  # no cell starts in column 1
                      + [Cell("", i) for i in range(3, 8)])
    records = extract_table_actions(Document("x.docx", "docx", None, [
        Table(rows=[header, first, word_continued, pdf_covered], n_cols=8)]))
    assert [r.objective for r in records] == ["Urgent primary care"] * 3


def test_an_action_outcome_timescale_table_is_an_action_table():
    rows = [["Action", "Outcome", "Timescale"],
            ["Keep a surge plan to reopen the hub", "Plan tested in a tabletop exercise", "September 2021"]]
    table = Table(rows=[Row([Cell(t, i) for i, t in enumerate(r)]) for r in rows], n_cols=3)
    records = extract_table_actions(Document("x.docx", "docx", None, [table]))
    assert [(r.action, r.expected_outcome, r.timescale) for r in records] == [
        ("Keep a surge plan to reopen the hub", "Plan tested in a tabletop exercise", "September 2021")]


def _cells(*spec):
    """Row cells from (text, grid column, span) triples."""
    return Row([Cell(text, col, span) for text, col, span in spec], page=1)


def test_a_column_split_under_a_spanning_header_joins_its_parts():
    top = _cells(("Planned Action 2021/22", 0, 2), ("Expected Outcome March 22", 2, 1), ("Workforce", 3, 1),
                 ("Financial Implications", 4, 2), ("Monitoring process", 6, 1))
    labels = _cells(("Action title", 0, 1), ("Action detail", 1, 1), ("Recurrent", 4, 1), ("Non-recurrent", 5, 1))
    rows = [top, labels, _cells(("Covid-19 resilience: essential services", 0, 7)),
            _cells(("LTC recovery clinics", 0, 1), ("Hold joint nurse and pharmacist BP clinics", 1, 1),
                   ("70% of overdue checks", 2, 1), ("Pharmacist 0.5 WTE", 3, 1), ("£22,600", 4, 1),
                   ("£1,500 (monitors)", 5, 1), ("Audit+", 6, 1)),
            _cells(("Home BP monitoring", 0, 1), ("Lend home BP monitors", 1, 1), ("200 loans", 2, 1),
                   ("Nurses", 3, 1), ("–", 4, 1), ("£4,800", 5, 1), ("Loan log", 6, 1))]
    repeated = [top, labels, _cells(("Cluster website", 0, 1), ("Build a cluster website", 1, 1), ("Live", 2, 1),
                                    ("CDM", 3, 1), ("", 4, 1), ("£3,500", 5, 1), ("Analytics", 6, 1))]
    doc = Document("x.pdf", "pdf", 2, [Table(rows=rows, n_cols=7, page=1), Table(rows=repeated, n_cols=7, page=2)])
    records = extract_table_actions(doc)
    assert [(r.action, r.finance, r.workforce) for r in records] == [
        ("LTC recovery clinics: Hold joint nurse and pharmacist BP clinics",
         "Recurrent: £22,600; Non-recurrent: £1,500 (monitors)", "Pharmacist 0.5 WTE"),
        ("Home BP monitoring: Lend home BP monitors", "Non-recurrent: £4,800", "Nurses"),
        ("Cluster website: Build a cluster website", "Non-recurrent: £3,500", "CDM")]


def test_an_action_set_on_two_rows_under_a_two_row_header_is_one_action():
    rows = [_cells(("Objectives", 0, 1), ("Planned Action 2021/22", 1, 2), ("Expected Outcome March 22", 3, 1)),
            _cells(("Possible Constraints / Key Risks", 0, 1), ("Workforce Implications", 1, 1),
                   ("Financial Implications", 2, 1), ("Monitoring process", 3, 1)),
            _cells(("Covid-19 Resilience 2021/22", 0, 4)),
            _cells(("Recover chronic disease care", 0, 1), ("Recall overdue diabetes and COPD reviews", 1, 2),
                   ("80% reviewed", 3, 1)),
            _cells(("Nurse capacity", 0, 1), ("2 HCA sessions a week", 1, 1), ("£18,500", 2, 1), ("Audit+", 3, 1)),
            _cells(("Restore screening", 0, 1), ("Run cervical screening catch-up clinics", 1, 2), ("", 3, 1)),
            _cells(("Room space", 0, 1), ("Practice nurses", 1, 1), ("Nil", 2, 1), ("Uptake data", 3, 1))]
    records = extract_table_actions(Document("x.docx", "docx", None, [Table(rows=rows, n_cols=4)]))
    assert [(r.objective, r.action, r.risks, r.workforce, r.finance, r.monitoring) for r in records] == [
        ("Recover chronic disease care", "Recall overdue diabetes and COPD reviews", "Nurse capacity",
         "2 HCA sessions a week", "£18,500", "Audit+"),
        ("Restore screening", "Run cervical screening catch-up clinics", "Room space", "Practice nurses", "Nil",
         "Uptake data")]
    assert {r.strategic_alignment_text for r in records} == {"Covid-19 Resilience 2021/22"}


def test_a_cell_merged_across_columns_fills_each_of_them_but_an_action_cell_stays_its_own():
    rows = [Row([Cell(t, i) for i, t in enumerate(HEADER)]),
            _cells(("Indirect harm: Essential Services", 0, 1), ("LTC care", 1, 1), ("Offer housebound reviews", 2, 1),
                   ("180 reviews", 3, 1), ("Travel time", 4, 1), ("No additional workforce or cost", 5, 2),
                   ("Quarterly report", 7, 1)),
            _cells(("Indirect harm: Essential Services", 0, 1), ("Access", 1, 1),
                   ("Pilot a same-day service with no outcome set yet", 2, 2), ("Depends on funding", 4, 4))]
    records = extract_table_actions(Document("x.docx", "docx", None, [Table(rows=rows, n_cols=8)]))
    assert [(r.workforce, r.finance, r.monitoring) for r in records[:1]] == [
        ("No additional workforce or cost", "No additional workforce or cost", "Quarterly report")]
    assert (records[1].action, records[1].expected_outcome, records[1].risks, records[1].monitoring) == (
        "Pilot a same-day service with no outcome set yet", "", "Depends on funding", "Depends on funding")


def test_an_objective_row_across_the_table_is_the_objective_of_the_rows_under_it():
    header = ["Planned Action 2021/22", "Expected Outcome March 22", "Workforce Implications", "Financial Implications"]
    rows = [Row([Cell(t, i) for i, t in enumerate(header)]),
            _cells(("COVID-19 RESILIENCE – INDIRECT HARM: ESSENTIAL SERVICES", 0, 4)),
            _cells(("Objective: Restore long-term condition reviews", 0, 4)),
            _cells(("Recall overdue COPD reviews", 0, 1), ("80% reviewed", 1, 1), ("Nurses", 2, 1), ("£9,000", 3, 1)),
            _cells(("Objective: Cut waits for bloods", 0, 4)),
            _cells(("Open a shared phlebotomy clinic", 0, 1), ("Waits under 7 days", 1, 1), ("HCA", 2, 1),
                   ("£4,000", 3, 1))]
    records = extract_table_actions(Document("x.docx", "docx", None, [Table(rows=rows, n_cols=4)]))
    assert [(r.objective, r.strategic_alignment_text) for r in records] == [
        ("Restore long-term condition reviews", "COVID-19 RESILIENCE – INDIRECT HARM: ESSENTIAL SERVICES"),
        ("Cut waits for bloods", "COVID-19 RESILIENCE – INDIRECT HARM: ESSENTIAL SERVICES")]


def test_cells_in_another_table_keyed_by_the_action_number_fill_the_numbered_actions():
    from pipeline.actions import extract_actions
    from pipeline.documents.model import Block
    from pipeline.sections import find_sections

    first_half = Table(rows=[Row([Cell(t, i) for i, t in enumerate(r)]) for r in [
        ("No.", "Objectives", "Planned Action 2021/22", "Lead"),
        ("1", "Screening", "Send text reminders for bowel screening", "Practice managers"),
        ("2", "LTC backlog", "Hold MDT virtual clinics", "")]], n_cols=4, page=2)
    second_half = Table(rows=[Row([Cell(t, i) for i, t in enumerate(r)]) for r in [
        ("No.", "Expected Outcome March 22", "Financial Implications", "Monitoring process"),
        ("1", "Uptake back to 58%", "£13,700", "Screening Wales data"),
        ("2", "All HF patients reviewed", "£6,000", "Register review dates"),
        ("7", "A row with no action", "£1", "")]], n_cols=4, page=3)
    finance = Table(rows=[Row([Cell(t, i) for i, t in enumerate(r)]) for r in [
        ("Action no.", "Cost 2021/22", "Funding source"), ("2", "£9,999", "Cluster allocation")]], n_cols=3)
    doc = Document("x.pdf", "pdf", 4, [Block("5. Key Cluster Actions", heading_level=1), first_half, second_half,
                                       Block("7. Cluster financial implications", heading_level=1), finance])
    records = extract_actions(doc, find_sections(doc), lambda texts: [0.0] * len(texts))
    assert [(r.ref, r.expected_outcome, r.finance, r.monitoring) for r in records] == [
        ("1", "Uptake back to 58%", "£13,700", "Screening Wales data"),
        ("2", "All HF patients reviewed", "£6,000", "Register review dates")]  # a cell already filled stays


def test_a_finance_header_naming_its_unit_makes_bare_numbers_pounds():
    header = HEADER[:6] + ["Cost (£k)", HEADER[7]]
    rows = [header, ["", "Access", "Open a phlebotomy hub", "Hub open by June 2021", "", "", "30", ""]]
    records = extract_table_actions(Document("x.docx", "docx", None, [_table(rows)]))
    assert [(r.finance, r.finance_unit) for r in records] == [("30", 1000.0)]
    rows = [HEADER, ["", "Access", "Open a phlebotomy hub", "Hub open by June 2021", "", "", "30", ""]]
    assert extract_table_actions(Document("x.docx", "docx", None, [_table(rows)]))[0].finance_unit == 0


def test_label_value_rows_of_several_actions_down_one_table_are_one_action_each():
    rows = []
    for n, (group, action, cost) in enumerate([("Essential Services", "Saturday diabetes recall clinics", "£16,400"),
                                               ("Essential Services", "Extended-hours cervical screening", "£3,200"),
                                               ("Cluster Hub delivery", "Keep the red hub plan under review", "Nil")], 1):
        rows += [[f"Action {n}", f"Action {n}"], ["Strategic alignment / priority area", group],
                 ["Objective", "Recover missed care"], ["Planned action 2021/22", action],
                 ["Expected outcome March 2022", "85% of reviews done"], ["Financial implications", cost]]
    records = extract_table_actions(Document("x.docx", "docx", None, [_pairs(rows)]))
    assert [(r.action, r.strategic_alignment_text, r.finance) for r in records] == [
        ("Saturday diabetes recall clinics", "Essential Services", "£16,400"),
        ("Extended-hours cervical screening", "Essential Services", "£3,200"),
        ("Keep the red hub plan under review", "Cluster Hub delivery", "Nil")]


def _form_docx(path, boxes):
    import docx

    document = docx.Document()
    document.add_heading("5. Key Cluster Actions for 2021/22", level=1)
    for heading, fields in boxes:
        document.add_paragraph().add_run(heading).bold = True
        table = document.add_table(rows=len(fields), cols=1)
        for row, (label, value) in zip(table.rows, fields):
            cell = row.cells[0]
            cell.paragraphs[0].add_run(label).bold = True
            cell.add_paragraph(value)
    document.save(path)
    return path


def test_a_table_drawn_as_a_form_with_labels_above_values_in_its_cells_is_an_action(tmp_path):
    path = _form_docx(tmp_path / "boxes.docx", [
        ("Covid-19 Cluster Hub delivery", [("Planned action", "Keep the hub plan under review"),
                                           ("Objective", "Be ready for a further wave"),
                                           ("Cost (£)", "4,000"), ("Monitoring process", "Cluster meeting")]),
        ("Covid-19 Cluster Hub delivery", [("Practice", "Criccieth"), ("List size", "6,200")])])  # no form
    records = extract_table_actions(read_document(path))
    assert [(r.action, r.objective, r.finance, r.finance_unit, r.monitoring, r.strategic_alignment_text)
            for r in records] == [("Keep the hub plan under review", "Be ready for a further wave", "4,000", 1.0,
                                   "Cluster meeting", "Covid-19 Cluster Hub delivery")]


def test_a_row_of_actions_whose_cells_say_outcomes_or_staff_is_no_header():
    from pipeline.actions.tables import find_header

    rows = [Row([Cell("Covid-19 Resilience: Direct harm - Rehabilitation", 0, 7)]),
            Row([Cell(t, i) for i, t in enumerate([
                "Support people waiting for planned care to stay well",
                "Offer a 'waiting well' prehabilitation programme of exercise and diet advice to patients",
                "200 patients enrolled; improved activity levels", "Long waiting times may reduce engagement",
                "Physiotherapist 0.5 WTE; dietitian sessions", "£27,000", "Programme attendance and outcomes"])])]
    assert find_header(Table(rows=rows, n_cols=7))[1] is None


def test_a_group_row_numbering_its_cells_in_step_holds_one_action_per_number():
    rows = [HEADER, ["Essential Services", "1. Restore reviews 2. Recover screening", "1. Run a diabetes recall 2. Restart "
                     "cervical screening clinics", "1. 85% reviewed 2. Uptake back to 76%", "1. Nurse capacity", "Practice nurses",
                     "1. £14,500 2. £6,200", ""],
            ["Cluster Hub delivery", "Be ready for a further wave", "1. Keep the hub plan under review",
             "1. Hub reopens within 72 hours", "", "", "1. £5,600", ""],
            ["Access", "", "• Publish each practice's access offer • Introduce eConsult", "Access standards met", "", "", "", ""]]
    records = extract_table_actions(Document("x.docx", "docx", None, [_table(rows)]))
    assert [(r.objective, r.action, r.expected_outcome, r.risks, r.workforce, r.finance) for r in records] == [
        ("Restore reviews", "Run a diabetes recall", "85% reviewed", "Nurse capacity", "Practice nurses", "£14,500"),
        ("Recover screening", "Restart cervical screening clinics", "Uptake back to 76%", "", "Practice nurses", "£6,200"),
        ("Be ready for a further wave", "Keep the hub plan under review", "Hub reopens within 72 hours", "", "", "£5,600"),
        # nothing else numbered in step: one row, flagged for the reviewer
        ("", "• Publish each practice's access offer • Introduce eConsult", "Access standards met", "", "", "")]
    assert records[-1].read_problems and not records[0].read_problems


def test_a_note_across_the_table_is_no_group_and_a_sideways_header_in_pieces_still_names_its_column():
    header = ["Pri ori ty"] + HEADER[1:]  # "Priority" set sideways in a narrow column
    rows = [header, ["Essential Services", "Access", "Open a phlebotomy hub", "Hub open by June 2021", "", "", "£30,000*", ""],
            Row([Cell("* £11,500 is funded from 2020/21 cluster slippage", 1, 7)]),
            Row([Cell("Urgent care", 1), Cell("Run a same-day hub", 2)] + [Cell("", i) for i in range(3, 8)]),
            Row([Cell("Note: oximeters are supplied by the health board", 0, 8)]),
            Row([Cell("Frailty", 1), Cell("Offer frailty reviews", 2)] + [Cell("", i) for i in range(3, 8)])]
    records = extract_table_actions(Document("x.pdf", "pdf", None, [_table(rows)]))
    assert [(r.action, r.strategic_alignment_text) for r in records] == [
        ("Open a phlebotomy hub", "Essential Services"), ("Run a same-day hub", "Essential Services"),
        ("Offer frailty reviews", "Essential Services")]


def test_a_group_row_set_over_the_header_it_repeats_is_the_group_of_the_rows_under_it():
    def table(group, action):
        return Table(rows=[Row([Cell(group, 0, 8)]), Row([Cell(t, i) for i, t in enumerate(HEADER)]),
                           Row([Cell(t, i) for i, t in enumerate(["", "Access", action, "", "", "", "", ""])])], n_cols=8)

    doc = Document("x.pdf", "pdf", None, [
        Block("5. Key Cluster Actions for 2021/22", heading_level=1),
        table("Covid-19 Resilience 2021/22 – Indirect harm: Essential Services", "Restart spirometry"),
        Block("Figure 3: overdue reviews by practice"),
        table("Ministerial Delivery Milestones – locally determined actions", "Pilot a same-day clinic"),
        table("Key Cluster Actions 2021/22", "Fund a wellbeing programme")])  # a title row: no group
    records = extract_table_actions(doc)
    assert [r.strategic_alignment_text for r in records] == [
        "Covid-19 Resilience 2021/22 – Indirect harm: Essential Services",
        "Ministerial Delivery Milestones – locally determined actions",
        "Ministerial Delivery Milestones – locally determined actions"]


def test_an_action_and_detail_table_reads_the_details_labelled_lines_as_the_cells():
    rows = [["Action", "Detail"],
            ["Run Saturday diabetes recall clinics", "Objective: Reduce the backlog Outcome: 90% reviewed by March 2022 "
             "Risks: Clinic capacity Cost: £18,400 Monitoring: Monthly Audit+ report"]]
    [record] = extract_table_actions(Document("x.docx", "docx", None, [_pairs(rows)]))
    assert (record.action, record.objective, record.expected_outcome, record.risks, record.finance, record.monitoring) == (
        "Run Saturday diabetes recall clinics", "Reduce the backlog", "90% reviewed by March 2022", "Clinic capacity",
        "£18,400", "Monthly Audit+ report")


def test_a_sentence_across_the_table_under_its_group_row_is_the_groups_objective():
    header = [h for i, h in enumerate(HEADER) if i != 1]  # no objective column
    rows = [header, Row([Cell("COVID-19 RESILIENCE – INDIRECT HARM: ESSENTIAL SERVICES", 0, 7)]),
            Row([Cell("To recover the chronic disease work paused during the pandemic.", 0, 7)]),
            ["", "Recall patients with atrial fibrillation", "", "", "", "", ""],
            Row([Cell("COVID-19 CLUSTER HUB DELIVERY", 0, 7)]),
            ["", "Keep the hub plan under review", "", "", "", "", ""]]
    table = Table(rows=[r if isinstance(r, Row) else Row([Cell(t, i) for i, t in enumerate(r)]) for r in rows], n_cols=7)
    records = extract_table_actions(Document("x.pdf", "pdf", None, [table]))
    assert [(r.strategic_alignment_text[:19], r.objective) for r in records] == [
        ("COVID-19 RESILIENCE", "To recover the chronic disease work paused during the pandemic."),
        ("COVID-19 CLUSTER HU", "")]
