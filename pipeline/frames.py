"""Plan results -> the three contract tables as typed DataFrames."""
from __future__ import annotations

import pandas as pd

from .actions.record import EXTRA_FIELDS
from .results import PlanResult

ACTION_COLUMNS = [
    "action_id", "plan_id", "source_file", "health_board", "cluster", "plan_year", "section_no", "section_key",
    "page", "source_kind", "strategic_alignment_text", "objective", "action", "expected_outcome", "risks",
    "workforce", "finance", "monitoring", "priority_area", "priority_area_confidence", "milestone",
    "milestone_confidence", "themes", "measurable", "time_bound", "due_date", "amount_gbp", "needs_review",
]
EXTRA_ACTION_COLUMNS = [*EXTRA_FIELDS, "review_reasons", "priority_source"]
PLAN_COLUMNS = ["plan_id", "source_file", "sha256", "status", "error", "template", "health_board", "cluster",
                "plan_year", "n_pages", "n_sections", "n_actions", "warnings"]
SECTION_COLUMNS = ["plan_id", "section_no", "section_key", "heading", "page_start", "page_end", "n_chars"]


INTEGER_ACTION_COLUMNS = ("page", "section_no")
BOOLEAN_ACTION_COLUMNS = ("measurable", "time_bound", "needs_review")
FLOAT_ACTION_COLUMNS = ("priority_area_confidence", "milestone_confidence", "amount_gbp")


def frames_from_results(results: list[PlanResult]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    actions = pd.DataFrame([row for r in results for row in r.actions],
                           columns=ACTION_COLUMNS + EXTRA_ACTION_COLUMNS)
    for column in actions.columns:
        if column in INTEGER_ACTION_COLUMNS:
            actions[column] = pd.array(actions[column], dtype="Int64")
        elif column in BOOLEAN_ACTION_COLUMNS:
            actions[column] = actions[column].astype(bool)
        elif column in FLOAT_ACTION_COLUMNS:
            actions[column] = pd.to_numeric(actions[column], errors="coerce").astype("float64")
        else:
            actions[column] = actions[column].fillna("").astype(str)
    plans = pd.DataFrame([r.plan for r in results], columns=PLAN_COLUMNS)
    for column in ("n_pages", "n_sections", "n_actions"):
        plans[column] = pd.array(pd.to_numeric(plans[column], errors="coerce"), dtype="Int64")
    sections = pd.DataFrame([s for r in results for s in r.sections], columns=SECTION_COLUMNS)
    for column in ("section_no", "page_start", "page_end", "n_chars"):
        sections[column] = pd.array(pd.to_numeric(sections[column], errors="coerce"), dtype="Int64")
    return actions, plans, sections
