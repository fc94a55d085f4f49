from pipeline.actions import extract_actions
from pipeline.actions.codes import read_key
from pipeline.documents.model import Block, Cell, Document, Row, Table


def test_a_key_paragraph_gives_each_code_its_meaning():
    key = read_key("Key: CR-ES = Covid-19 Resilience – Indirect harm: Essential Services; MDM = Ministerial "
                   "Delivery Milestones; WA: wider alignment (contract reform, RPB).")
    assert key == {"CR-ES": "Covid-19 Resilience – Indirect harm: Essential Services",
                   "MDM": "Ministerial Delivery Milestones", "WA": "wider alignment (contract reform, RPB)"}
    assert read_key("Key: the cluster's priorities are set out below.") == {}
    assert read_key("CR-ES = essential services; MDM = milestones") == {}  # no "Key:" to say it is one


HEADER = ["Alignment", "Objectives", "Planned Action 2021/22", "Expected Outcome March 22"]


def _alignments(rows, before=(), after=()):
    """The alignment text of each action of a Key Actions table of these rows, between the blocks given."""
    from pipeline.sections import find_sections

    table = Table(rows=[Row([Cell(t, i) for i, t in enumerate(r)]) for r in [HEADER] + rows], n_cols=4)
    doc = Document("x.docx", "docx", None, [*before, Block("5. Key Cluster Actions", heading_level=1), table, *after])
    return [r.strategic_alignment_text for r in extract_actions(doc, find_sections(doc), lambda texts: [0.0] * len(texts))]


def test_alignment_codes_in_a_table_read_as_the_keys_words():
    rows = [["CR-HB", "Surge readiness", "Keep the respiratory hub procedure ready", "Reopen in 48 hours"],
            ["MDM / CR-ES", "Care homes", "Hold weekly virtual ward rounds", "ACP for every resident"],
            ["XYZ", "Access", "Offer eConsult in every practice", "All practices live"]]
    assert _alignments(rows, after=[Block("Key: CR-HB = Covid-19 Cluster Hub delivery; MDM = Ministerial Delivery "
                                          "Milestones; CR-ES = Indirect harm: Essential Services")]) == [
        "Covid-19 Cluster Hub delivery (CR-HB)",
        "Ministerial Delivery Milestones (MDM) / Indirect harm: Essential Services (CR-ES)",
        "XYZ"]  # a code the key does not explain stays as the plan wrote it


def test_priority_codes_the_plan_defines_line_by_line_elsewhere_read_as_their_words():
    rows = [["1c", "Flu uptake", "Run drive-through flu clinics", "75% uptake"],
            ["2", "Access", "Offer eConsult in every practice", "All practices live"],
            ["7", "Staff", "Fund a wellbeing programme", "Staff survey improves"]]
    before = [Block("1. Executive Summary", heading_level=1), Block("Our priorities are coded as follows:"),
              Block("Priority 1c: Cluster vaccination delivery 2021", list_item=True),
              Block("Priority 2: Locally determined actions to support the Ministerial Delivery Milestones",
                    list_item=True)]
    assert _alignments(rows, before=before) == [
        "Cluster vaccination delivery 2021 (1c)",
        "Locally determined actions to support the Ministerial Delivery Milestones (2)", "7"]



def test_a_group_heading_that_only_numbers_its_priority_reads_as_the_plans_definition():
    from pipeline.sections import find_sections

    doc = Document("x.docx", "docx", None, [
        Block("2. Plan on a Page", heading_level=1),
        Block("Priority 1 – essential services"), Block("Priority 2 covers the Covid-19 cluster hub"),
        Block("5. Key Cluster Actions", heading_level=1),
        Block("Priority 1", heading_level=2, bold=True),
        Block("a) Restart routine spirometry for patients with suspected COPD.", list_item=True),
        Block("Priority 2", heading_level=2, bold=True),
        Block("b) Keep the red hub ready to reopen within 48 hours.", list_item=True),
        Block("Priority 3", heading_level=2, bold=True),
        Block("c) Fund a wellbeing programme for cluster staff.", list_item=True)])
    records = extract_actions(doc, find_sections(doc), lambda texts: [1.0] * len(texts))
    assert [r.strategic_alignment_text for r in records] == [
        "essential services (1)", "the Covid-19 cluster hub (2)", "Priority 3"]  # 3 is defined nowhere


def test_actions_numbered_by_a_legends_codes_take_its_groups():
    from pipeline.sections import find_sections

    doc = Document("x.docx", "docx", None, [
        Block("5. Key Cluster Actions", heading_level=1),
        Block("Key to the numbering", bold=True),
        Block("1 = Covid-19 resilience – indirect harm: keeping essential services going"),
        Block("5 = Locally determined actions towards the Ministerial delivery milestones"),
        Block("1a Restart routine blood pressure checks for patients on the hypertension register."),
        Block("Aim – Catch up on cardiovascular monitoring"),
        Block("Cost – £9,400"),
        Block("5b Join the step-up bed pathway so GPs can admit patients locally."),
        Block("By March 2022 – 30 step-up admissions")])
    records = extract_actions(doc, find_sections(doc), lambda texts: [float(t[:1].isdigit() and t[1:2] != " ")
                                                                      for t in texts])
    assert [(r.strategic_alignment_text, r.objective, r.finance, r.expected_outcome) for r in records] == [
        ("Covid-19 resilience – indirect harm: keeping essential services going (1)",
         "Catch up on cardiovascular monitoring", "£9,400", ""),
        ("Locally determined actions towards the Ministerial delivery milestones (5)", "", "", "30 step-up admissions")]


def test_a_key_named_for_its_column_with_short_word_codes_reaches_the_table_over_the_page():
    key = Block("Strategic alignment key: ES = Covid-19 Resilience – Indirect harm: Essential Services; "
                "Hub = Covid-19 Cluster Hub delivery; Other = Contract Reform, RPB Area Plans")
    assert read_key(key.text)["Hub"] == "Covid-19 Cluster Hub delivery"
    assert read_key("The key risks are: A = staff; B = money") == {}

    from pipeline.sections import find_sections

    def table(rows):
        return Table(rows=[Row([Cell(t, i) for i, t in enumerate(r)]) for r in [HEADER] + rows], n_cols=4)

    first = table([["ES", "Recover", "Recall diabetes patients", "90% reviewed"]])
    second = table([["Other", "Navigation", "Build a care navigation directory", "Directory live"]])
    doc = Document("x.pdf", "pdf", 2, [Block("5. Key Cluster Actions", heading_level=1, page=1), key, first, second])
    first.page, second.page = 1, 2
    records = extract_actions(doc, find_sections(doc), lambda texts: [0.0] * len(texts))
    assert [r.strategic_alignment_text for r in records] == [
        "Covid-19 Resilience – Indirect harm: Essential Services (ES)", "Contract Reform, RPB Area Plans (Other)"]


def test_a_tick_under_a_sub_column_label_says_the_label():
    from pipeline.actions.header_rows import joined_value

    row = Row([Cell("", 0), Cell("✓", 1), Cell("", 2), Cell("✔", 3)])
    assert joined_value(row, "strategic_alignment_text", [(1, "ES"), (2, "Vacc"), (3, "MDM")]) == "ES; MDM"
    assert joined_value(Row([Cell("£2,000", 0)]), "finance", [(0, "Recurrent")]) == "Recurrent: £2,000"
