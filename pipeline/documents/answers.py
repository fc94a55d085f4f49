"""A plan submitted as a form: each question, then its "Answer: ..." paragraph.

An online or Word submission form asks "Q5.3 What will the cluster do?" and puts the answer on
the next paragraph. An action's sub-question ("Q5.n", two numbers) names a Figure II column, so
question and answer fold into one labelled line, the shape the prose reader gives an action's
cells ("Objective: Restore annual reviews ..."). A top-level question ("Q6. What are the
workforce implications?") is a section heading, and its answer is that section's text: only the
form's "Answer:" label goes.
"""
from __future__ import annotations

import re

from ..columns import label_fields
from .model import Block, Document

_ANSWER = re.compile(r"^\s*(?:answer|response|ateb)\s*[:\-–]\s*", re.I)
_SUB_QUESTION = re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d{1,2}\.\d{1,2}[a-z]?\.?\s+", re.I)
MIN_LABEL_SCORE = 2.0
# the label each column's answer is given, worded as the template's own column headings
LABELS = {"strategic_alignment_text": "Priority area", "objective": "Objective", "action": "Planned action",
          "expected_outcome": "Expected outcome", "risks": "Key risks", "workforce": "Workforce implications",
          "finance": "Financial implications", "monitoring": "Monitoring process", "lead": "Lead",
          "timescale": "Timescale", "status": "Status"}


def fold_answers(doc: Document) -> None:
    """Fold each sub-question naming a column and its answer into one "Label: answer" block; drop
    the "Answer:" label elsewhere."""
    items = doc.items
    out = []
    i = 0
    while i < len(items):
        item = items[i]
        after = items[i + 1] if i + 1 < len(items) else None
        answered = isinstance(item, Block) and isinstance(after, Block) and _ANSWER.match(after.text)
        if answered:
            value = _ANSWER.sub("", after.text, count=1).strip()
            sub = _SUB_QUESTION.match(item.text)
            names = label_fields(item.text[sub.end():], MIN_LABEL_SCORE) if sub else ()
            if names and names[0] in LABELS:
                if value:  # a question left unanswered leaves no heading between an action's cells
                    out.append(Block(text=f"{LABELS[names[0]]}: {value}", page=after.page, font_size=after.font_size))
                i += 2
                continue
            after.text = value
        out.append(item)
        i += 1
    doc.items = out
