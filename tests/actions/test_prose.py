from pipeline.actions import extract_actions
from pipeline.actions.prose import extract_prose_actions, split_sentences
from pipeline.documents.model import Block, Document
from pipeline.sections import find_sections


def scorer(texts):
    """Scores like a trained model would on these sentences: by the words they start with."""
    return [0.9 if t.lower().startswith(("we will", "recruit", "the cluster will")) else
            0.3 if t.startswith(("Promote", "Healthy")) else 0.05 for t in texts]


def _heading(text, level=1):
    return Block(text=text, heading_level=level)


def _plan(*blocks):
    body = "The cluster is made up of nine practices serving 40,000 people in the valleys."
    return Document("x.docx", "docx", None, [_heading("1. Executive Summary"), Block(body),
                                             _heading("5. Key Cluster Actions for 2021/22"), *blocks,
                                             _heading("6. Workforce implications"),
                                             Block("We will review the rota every quarter with practice managers.")])


def test_prose_actions_come_from_the_actions_section_with_their_heading():
    doc = _plan(_heading("Frailty", 2),
                Block("We will develop a frailty MDT with the community resource team by March 2022."),
                Block("The cluster has 14% of its population aged over 75."),
                Block("Promote the Common Ailments Service in all 11 pharmacies.", list_item=True),
                Block("Healthy weight messages at the practice front desk."))
    records = extract_actions(doc, find_sections(doc), scorer)
    assert [r.action for r in records] == [
        "We will develop a frailty MDT with the community resource team by March 2022.",
        "Promote the Common Ailments Service in all 11 pharmacies."]  # a listed item needs less evidence
    assert {r.strategic_alignment_text for r in records} == {"Frailty"}
    assert {r.section_key for r in records} == {"key_actions"}


def test_without_an_actions_section_every_non_narrative_section_is_read():
    doc = Document("x.docx", "docx", None, [_heading("Workforce implications"),
                                            Block("We will recruit two care navigators by June 2021.")])
    records = extract_prose_actions(doc, [(6, "workforce")] * 2, scorer)
    assert [r.action for r in records] == ["We will recruit two care navigators by June 2021."]


def test_a_paragraph_splits_where_a_new_action_opens():
    doc = _plan(Block("We will open a hub. It will run weekdays. The cluster will staff it with two GPs."))
    records = extract_actions(doc, find_sections(doc), scorer)
    assert [r.action for r in records] == ["We will open a hub. It will run weekdays.",
                                           "The cluster will staff it with two GPs."]
    assert split_sentences("One. Two.") == ["One.", "Two."]


def test_the_templates_long_group_titles_are_headings_too():
    """The last Figure II group's title is 20 words; a long bold line that names no group is not a heading."""
    wider = ("Contract Reform, Health Board IMTP, RPB Area Plans, Strategic Programme, Primary Care Model "
             "for Wales Priorities not referenced above")
    doc = _plan(Block("2020/23 3 year Cluster IMTP Priority", bold=True),
                Block("We will run two diabetes education groups a month.", list_item=True),
                Block(wider, bold=True),
                Block("We will adopt the GMS access standards in every practice.", list_item=True),
                Block("Our cluster population is older and more rural than the Welsh average in every one of "
                      "its communities across the county", bold=True),
                Block("We will recruit a second care navigator for the hub.", list_item=True))
    records = extract_actions(doc, find_sections(doc), scorer)
    assert [r.strategic_alignment_text for r in records] == [
        "2020/23 3 year Cluster IMTP Priority", wider, wider]


def test_a_pdf_heading_set_only_in_bigger_type_heads_its_actions():
    body = "The cluster is made up of nine practices serving 40,000 people in the valleys and towns."
    doc = Document("x.pdf", "pdf", 1, [
        Block("1. Executive Summary", page=1, font_size=18), Block(body, page=1, font_size=10),
        Block("5. Key Cluster Actions for 2021/22", page=1, font_size=18), Block(body, page=1, font_size=10),
        Block("Covid-19 resilience: maintaining essential services", page=1, font_size=14),
        Block("1. We will restart the cluster INR clinic at Gorseinon Hospital by June 2021.", page=1, font_size=10,
              list_item=True),
        Block("Supporting the Ministerial Delivery Milestones", page=1, font_size=14),
        Block("2. We will pilot a visiting service for the nine care homes in the area.", page=1, font_size=10,
              list_item=True)])
    records = extract_actions(doc, find_sections(doc), scorer)
    assert [r.strategic_alignment_text for r in records] == ["Covid-19 resilience: maintaining essential services",
                                                             "Supporting the Ministerial Delivery Milestones"]


def test_labelled_lines_under_a_prose_action_fill_its_cells():
    doc = _plan(_heading("Frailty", 2),
                Block("Objective: fewer falls among people aged over 75"),
                Block("1. Recruit a falls prevention nurse to work across the six practices.", list_item=True),
                Block("Outcome: 300 people assessed by March 2022"),
                Block("Lead: Cluster lead nurse"),
                Block("Cost: £42,000"),
                Block("2. Recruit a care home pharmacist. Expected outcome: 200 medication reviews. By: Q3 2021/22",
                      list_item=True),
                Block("Lead: Practice manager"))
    records = extract_actions(doc, find_sections(doc), scorer)
    assert [r.action for r in records] == ["Recruit a falls prevention nurse to work across the six practices.",
                                           "Recruit a care home pharmacist."]
    first, second = records
    assert first.objective == "fewer falls among people aged over 75"
    assert first.expected_outcome == "300 people assessed by March 2022"
    assert first.lead == "Cluster lead nurse" and first.finance == "£42,000" and first.workforce == ""
    assert second.expected_outcome == "200 medication reviews." and second.timescale == "Q3 2021/22"
    assert second.lead == "Practice manager"


def test_a_colon_in_a_sentence_is_not_a_label():
    from pipeline.actions.labelled import split_labelled

    assert split_labelled("Run clinics at 10:30 on Saturdays") == ("Run clinics at 10:30 on Saturdays", [])
    assert split_labelled("The Primary Care Model for Wales: a new approach") == (
        "The Primary Care Model for Wales: a new approach", [])
    assert split_labelled("Recruit a nurse. Key risks: recruitment; Budget: £5k") == (
        "Recruit a nurse.", [(("risks",), "recruitment"), (("finance",), "£5k")])


def test_grammar_decides_where_the_scorers_words_mislead_it():
    def misled(texts):  # a scorer fooled by names: the instruction low, the reports high
        return [0.03 if t.startswith("Host") else 0.9 for t in texts]

    doc = _plan(_heading("Workforce development", 2),
                Block("Over 2020/21 our practice nurses lost a third of their clinic time to Covid-19 work."),
                Block("Last winter the cluster achieved 78% flu uptake in the over-65s."),
                Block("1. Host two trainee advanced nurse practitioners through the Primary Care Academy.",
                      list_item=True),
                Block("• Opened the red hub within 10 days and kept it open for 19 weeks.", list_item=True),
                Block("Practices will keep the telephone-first model introduced in 2020."))
    records = extract_actions(doc, find_sections(doc), misled)
    assert [r.action for r in records] == [
        "Host two trainee advanced nurse practitioners through the Primary Care Academy.",
        "Practices will keep the telephone-first model introduced in 2020."]


def test_mood_reads_commitment_and_reports():
    from pipeline.actions.mood import mood

    assert mood("We will restart INR clinics by March 2022.") == "commitment"
    assert mood("Recruit a cluster pharmacist.") == "commitment"
    assert mood("Recruited the cluster's first two clinical pharmacists.") == "past"
    assert mood("During 2020 the cluster opened a red hub.") == "past"
    assert mood("The cluster has 14% of its population aged over 75.") is None
    assert mood("Spirometry was suspended for most of 2020 on infection control advice.") == "past"
    assert mood("At present only four of our eleven practices offer online booking.") == "present"
    assert mood("Progress against all of these actions will be reported to the cluster meeting.") == "plan"
    assert mood("Numbers refer to the actions in 5.1.") == "plan"  # a note on the plan's own numbering
    assert mood("Refer patients to the MSK service.") == "commitment"
    assert mood("Please do not hesitate to contact me if you need any further information.") == "courtesy"
    assert mood("Complete questions 5.1 to 5.8 for each action.") == "guidance"
    assert mood("Add further rows as needed.") == "guidance"
    assert mood("Add a cluster pharmacist to the care home MDT.") == "commitment"


def test_a_paragraph_of_a_letter_gives_one_action_per_sentence():
    from pipeline.actions.prose import _units

    paragraph = Block("Over 2,300 reviews were deferred in 2020 and have not been caught up since. In 2021/22 the "
                      "cluster will restore annual reviews in all practices. This will include home visits for "
                      "housebound patients. We estimate that 400 people may benefit. At present only four "
                      "practices offer online booking.")
    assert _units(paragraph) == [
        "Over 2,300 reviews were deferred in 2020 and have not been caught up since.",
        "In 2021/22 the cluster will restore annual reviews in all practices. This will include home visits for "
        "housebound patients.", "We estimate that 400 people may benefit.",
        "At present only four practices offer online booking."]


def test_an_action_block_of_labelled_paragraphs_fills_its_cells():
    doc = _plan(_heading("Essential services", 2),
                Block("Action 1.1: Recall every patient with diabetes whose annual review lapsed in 2020."),
                Block("Why: Recover long-term condition care"),
                Block("What will be different: 80% of patients have all eight care processes by March 2022"),
                Block("Who: Cluster lead nurse"), Block("When: October 2021 to March 2022"),
                Block("Money: £14,500 for nurse sessions"), Block("Watch out for: nurse sickness"),
                Block("Action 1.2: Set up a cluster phlebotomy clinic at the health centre."),
                Block("Why: Free practice nurse time"))
    records = extract_actions(doc, find_sections(doc), lambda texts: [0.1] * len(texts))
    assert [r.action for r in records] == [
        "Recall every patient with diabetes whose annual review lapsed in 2020.",
        "Set up a cluster phlebotomy clinic at the health centre."]
    first, second = records
    assert (first.objective, first.lead, first.timescale, first.finance, first.risks) == (
        "Recover long-term condition care", "Cluster lead nurse", "October 2021 to March 2022",
        "£14,500 for nurse sessions", "nurse sickness")
    assert first.expected_outcome.startswith("80% of patients")
    assert second.objective == "Free practice nurse time"


def test_a_card_title_line_gives_its_lead_and_deadline_to_the_action_below_it():
    doc = _plan(_heading("Essential services", 2),
                Block("ACTION 1 Lead: Practice Nurse Forum | By: July 2021"),
                Block("Restore INR clinics in Amlwch and Holyhead to pre-Covid capacity", bold=True),
                Block("OBJECTIVE: Safe anticoagulation monitoring close to home."),
                Block("KEY RISKS: Availability of test strips."),
                Block("ACTION 2 Lead: Cluster Lead GP | By: March 2022"),
                Block("Offer every patient on the LD register an annual health check", bold=True),
                Block("OBJECTIVE: Reduce health inequalities."))
    records = extract_actions(doc, find_sections(doc), scorer)
    assert [(r.action, r.lead, r.timescale, r.objective, r.risks) for r in records] == [
        ("Restore INR clinics in Amlwch and Holyhead to pre-Covid capacity", "Practice Nurse Forum", "July 2021",
         "Safe anticoagulation monitoring close to home.", "Availability of test strips."),
        ("Offer every patient on the LD register an annual health check", "Cluster Lead GP", "March 2022",
         "Reduce health inequalities.", "")]


def test_beside_an_action_table_only_a_list_under_its_own_group_heading_is_more_actions():
    from pipeline.documents.model import Cell, Row, Table

    def row(*texts):
        return Row(cells=[Cell(text=t, col=i) for i, t in enumerate(texts)])

    table = Table(rows=[row("Objectives", "Planned Action 2021/22", "Expected Outcome March 22", "Monitoring"),
                        row("Care home support", "Recruit a cluster pharmacist for care homes",
                            "Reviews for all 320 residents", "Quarterly audit")], n_cols=4)
    doc = _plan(Block("We will use the table below; complete one row for each action."),
                _heading("Covid-19 resilience: essential services", 2),
                Block("Recruit two healthcare assistants to restart annual respiratory reviews.", list_item=True),
                Block("We will recruit a cluster pharmacist for care homes.", list_item=True),  # the table's row again
                _heading("Ministerial milestones", 2), table,
                _heading("What went well", 2),
                Block("Recruit volunteers for the vaccination centre marshalling.", list_item=True))
    records = extract_actions(doc, find_sections(doc), scorer)
    assert [(r.source_kind, r.action) for r in records] == [
        ("text", "Recruit two healthcare assistants to restart annual respiratory reviews."),
        ("table", "Recruit a cluster pharmacist for care homes")]


def test_a_lettered_line_over_numbered_items_is_their_group_and_no_action():
    doc = _plan(Block("Our actions are listed below under the priority they support."),
                Block("(a) Keeping essential services going", list_item=True),
                Block("(i) We will recall 1,150 patients with hypertension for a review by March 2022.", list_item=True),
                Block("(ii) We will run extra cervical screening sessions on Saturdays.", list_item=True),
                Block("(b) Helping people recover from Covid-19", list_item=True),
                Block("(i) We will agree a direct referral route to the therapies service.", list_item=True))
    records = extract_actions(doc, find_sections(doc), scorer)
    assert [(r.strategic_alignment_text, r.action[:22]) for r in records] == [
        ("(a) Keeping essential services going", "We will recall 1,150 p"),
        ("(a) Keeping essential services going", "We will run extra cerv"),
        ("(b) Helping people recover from Covid-19", "We will agree a direct")]


def test_slides_bold_bullets_are_actions_under_the_subtitle_with_their_labelled_sub_bullets():
    def slide(subtitle, *lines):
        return [Block("5. Key Cluster Actions for 2021/22", bold=True, font_size=26), Block(subtitle, font_size=14),
                *lines]

    blocks = slide("Covid-19 resilience - vaccination and cluster hub",
                   Block("• Recruit vaccinators for drive-through flu clinics at the showground", bold=True,
                         font_size=15, list_item=True),
                   Block("– Outcome: 75% uptake in over-65s", font_size=12, list_item=True),
                   Block("– Measured by: Weekly uptake reports", font_size=12, list_item=True),
                   Block("• Recruit a sessional GP rota so the respiratory hub reopens within 48 hours", bold=True,
                         font_size=15, list_item=True),
                   Block("– Measured by: CLG monthly", font_size=12, list_item=True))
    blocks += slide("Ministerial delivery milestones",
                    Block("• Recruit two ANPs for a same-day urgent care hub for all practices", bold=True,
                          font_size=15, list_item=True))
    doc = _plan(*blocks)
    records = extract_actions(doc, find_sections(doc), scorer)
    assert [(r.action[:28], r.strategic_alignment_text, r.monitoring) for r in records] == [
        ("Recruit vaccinators for driv", "Covid-19 resilience - vaccination and cluster hub", "Weekly uptake reports"),
        ("Recruit a sessional GP rota ", "Covid-19 resilience - vaccination and cluster hub", "CLG monthly"),
        ("Recruit two ANPs for a same-", "Ministerial delivery milestones", "")]
    assert records[0].expected_outcome == "75% uptake in over-65s"


def test_a_sentence_of_figure_ii_clauses_after_an_action_gives_it_those_cells():
    doc = _plan(_heading("Keeping essential services going", 2),
                Block("5.1 We will recall every patient on the hypertension register for a BP check. Risks include "
                      "the time needed to clean monitors; it needs 0.4 WTE HCA time; cost £11,200 from the cluster "
                      "allocation; uptake will be tracked monthly through Audit+."),
                Block("5.2 We will fund a shared phlebotomy clinic three mornings a week. The main risk is room "
                      "availability; the clinic opened in May."))
    records = extract_actions(doc, find_sections(doc), scorer)
    first = records[0]
    assert first.action == "We will recall every patient on the hypertension register for a BP check."
    assert (first.risks, first.workforce, first.finance, first.monitoring) == (
        "the time needed to clean monitors", "0.4 WTE HCA time", "£11,200 from the cluster allocation",
        "uptake will be tracked monthly through Audit+")
    # a clause that is no Figure II cell keeps the sentence apart from the action
    assert [r.action[:28] for r in records[1:]] == ["We will fund a shared phlebo"]
    assert records[1].risks == ""


def test_an_objective_heading_between_a_group_and_its_actions_is_their_objective():
    doc = _plan(_heading("5.1 Covid-19 Resilience: Indirect harm – Essential Services", 2),
                _heading("5.1.1 Objective: Restore routine care for long-term conditions", 3),
                Block("5.1.1.1 We will hold hypertension clinics at Pontyclun health centre."),
                Block("5.1.1.2 We will lend home blood pressure monitors through every practice."),
                _heading("5.2 Covid-19 Cluster Hub delivery", 2),
                Block("5.2.1 We will keep the hub plan under review with a named lead."))
    records = extract_actions(doc, find_sections(doc), scorer)
    assert [(r.strategic_alignment_text[:5], r.objective) for r in records] == [
        ("5.1 C", "Restore routine care for long-term conditions"),
        ("5.1 C", "Restore routine care for long-term conditions"), ("5.2 C", "")]


def test_an_actions_own_title_under_its_group_heading_leaves_the_group_as_it_was():
    doc = _plan(_heading("5.1 Covid-19 Resilience – Indirect harm: Essential Services", 3),
                _heading("Diabetes foot checks", 4),
                Block("We will train healthcare assistants to do annual diabetic foot checks."),
                _heading("5.7 Wider alignment: Strategic Programme priorities", 3),
                _heading("Cluster website", 4),
                Block("We will build a cluster website with a directory of services."))
    records = extract_actions(doc, find_sections(doc), scorer)
    assert [r.strategic_alignment_text for r in records] == [
        "5.1 Covid-19 Resilience – Indirect harm: Essential Services",
        "5.7 Wider alignment: Strategic Programme priorities"]  # a group heading, not an objective


def test_an_abbreviations_stop_ends_no_sentence():
    from pipeline.actions.prose import split_sentences

    assert split_sentences("Finance: £15 per head (approx. £1,425) Monitoring: staff survey. We will review it.") == [
        "Finance: £15 per head (approx. £1,425) Monitoring: staff survey.", "We will review it."]


def test_a_label_set_off_by_a_dash_opens_its_line():
    from pipeline.actions.labelled import split_labelled

    assert split_labelled("Cost – £12,000") == ("", [(("finance",), "£12,000")])
    assert split_labelled("Risks – staff sickness; rooms") == ("", [(("risks",), "staff sickness; rooms")])
    # a dash inside a sentence is punctuation, not a label's
    assert split_labelled("Restart reviews – starting with the highest risk") == (
        "Restart reviews – starting with the highest risk", [])
