from pipeline.actions import extract_actions
from pipeline.documents.answers import fold_answers
from pipeline.documents.model import Block, Document
from pipeline.sections import find_sections


def _form():
    items = [Block("Q1. Executive Summary – please give an overview of the key actions", bold=True),
             Block("Answer: The cluster brings together nine practices serving 40,000 people in the valleys."),
             Block("Q5. Key Cluster Actions for 2021/22 – what actions will the cluster take?", bold=True)]
    for n, (group, objective, action) in enumerate([
            ("Covid-19 Cluster Hub delivery", "Be ready for a further wave", "Keep the hub plan under review"),
            ("Indirect harm: essential services", "Restore annual reviews", "Run a recall of patients with diabetes")], 1):
        items += [Block(f"Action {n}", bold=True),
                  Block("Q5.1 Which priority area in Figure II does this action support?", bold=True), Block(f"Answer: {group}"),
                  Block("Q5.2 What is the objective?", bold=True), Block(f"Answer: {objective}"),
                  Block("Q5.3 What will the cluster do?", bold=True), Block(f"Answer: {action}"),
                  Block("Q5.5 What are the possible constraints or key risks?", bold=True), Block("Answer:"),
                  Block("Q5.6 What are the workforce implications?", bold=True), Block("Answer: Practice nurses")]
    items += [Block("Q6. Cluster workforce implications for 2021/22", bold=True),
              Block("Answer: Recruitment will be led by the host practice.")]
    return Document("form.docx", "docx", None, items)


def test_a_forms_sub_questions_and_answers_fold_into_labelled_lines():
    doc = _form()
    fold_answers(doc)
    texts = [b.text for b in doc.items]
    assert "Objective: Be ready for a further wave" in texts and "Workforce implications: Practice nurses" in texts
    assert not any(t.startswith(("Q5.5", "Answer")) for t in texts)  # an unanswered question leaves nothing
    assert "Recruitment will be led by the host practice." in texts  # a section's answer is its text


def test_a_form_gives_each_action_its_group_and_cells_and_keeps_its_sections():
    doc = _form()
    fold_answers(doc)
    sections = find_sections(doc)
    assert [s.section_key for s in sections] == ["exec_summary", "key_actions", "workforce"]
    records = extract_actions(doc, sections, lambda texts: [0.9] * len(texts))
    assert [(r.action, r.strategic_alignment_text, r.objective, r.workforce) for r in records] == [
        ("Keep the hub plan under review", "Covid-19 Cluster Hub delivery", "Be ready for a further wave", "Practice nurses"),
        ("Run a recall of patients with diabetes", "Indirect harm: essential services", "Restore annual reviews",
         "Practice nurses")]
