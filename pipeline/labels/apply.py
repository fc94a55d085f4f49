"""Action records + plan metadata -> contract action rows (labels and SMART fields)."""
from __future__ import annotations

from ..actions.record import ActionRecord
from ..ids import action_ids
from ..years import plan_year_start_of
from .classifiers import Classifier
from .smart import bare_amount, smart_fields


def label_actions(records: list[ActionRecord], classifier: Classifier, plan: dict) -> list[dict]:
    """plan: plan_id, source_file, health_board, cluster, plan_year."""
    labels = classifier.predict([
        {"action": r.action, "objective": r.objective, "expected_outcome": r.expected_outcome,
         "strategic_alignment_text": r.strategic_alignment_text, "alignment_context": r.alignment_context}
        for r in records])
    ids = action_ids(plan["plan_id"], [r.action for r in records])
    year_start = plan_year_start_of(plan.get("plan_year", ""), classifier.taxonomy.plan_year_start)
    rows = []
    for record, label, action_id in zip(records, labels, ids):
        # a cell merged down from the action above holds money that row already counts
        money_texts = [text for name, text in record.fields().items() if name not in record.shared_cells]
        smart = smart_fields(record.objective, record.action, record.expected_outcome,
                             money_texts + [record.strategic_alignment_text],
                             plan_year_start=year_start, timescale=record.timescale)
        amount = smart["amount_gbp"]
        bare = bare_amount(record.finance, record.finance_unit) if "finance" not in record.shared_cells else None
        if bare is not None:  # "21,600" under "Cost (£)"
            amount = round((amount or 0) + bare, 2)
        reasons = list(label.review_reasons) + list(record.read_problems)
        if "finance" in record.shared_cells and record.finance.strip():
            reasons.append("finance cell shared with the action above; its money is counted there")
        rows.append({
            "action_id": action_id,
            "plan_id": plan["plan_id"],
            "source_file": plan["source_file"],
            "health_board": plan.get("health_board", ""),
            "cluster": plan.get("cluster", ""),
            "plan_year": plan.get("plan_year", ""),
            "section_no": record.section_no,
            "section_key": record.section_key,
            "page": record.page,
            "source_kind": record.source_kind,
            "strategic_alignment_text": record.strategic_alignment_text,
            **record.fields(),
            **record.extras(),
            "priority_area": label.priority_area,
            "priority_area_confidence": label.priority_area_confidence,
            "milestone": label.milestone,
            "milestone_confidence": label.milestone_confidence,
            "themes": ";".join(label.themes),
            "measurable": bool(smart["measurable"]),
            "time_bound": bool(smart["time_bound"]),
            "due_date": smart["due_date"] or "",
            "amount_gbp": amount,
            "needs_review": bool(reasons),
            "review_reasons": "; ".join(reasons),
            "priority_source": label.priority_source,
        })
    return rows
