"""`plans classify`: free-standing statements in a CSV, one per row, classified."""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from .actions.mood import mood
from .config import PROJECT_DIR
from .labels.classifiers import Classifier
from .labels.smart import smart_fields
from .years import plan_year_start_of

OUTPUT_COLUMNS = ["is_action", "is_action_confidence", "priority_area", "priority_area_confidence", "milestone",
                  "milestone_confidence", "themes", "measurable", "time_bound", "due_date", "amount_gbp",
                  "needs_review"]
IS_ACTION_THRESHOLD = 0.5


# the contract's columns a statement may come with, read as a run reads them: the group or alignment
# wording decides priority_area, objective and expected outcome join the action for milestone, themes
# and the SMART fields, and every cell's money counts
CONTEXT_COLUMNS = ("strategic_alignment_text", "objective", "expected_outcome", "risks", "workforce", "finance",
                   "monitoring")


def context_columns(frame: pd.DataFrame, text_column: str) -> list[str]:
    return [c for c in CONTEXT_COLUMNS if c in frame.columns and c != text_column]


def classify_frame(frame: pd.DataFrame, text_column: str, classifier: Classifier) -> pd.DataFrame:
    texts = frame[text_column].fillna("").astype(str).tolist()
    context = {c: frame[c].fillna("").astype(str).tolist() for c in context_columns(frame, text_column)}
    cells = [{c: values[i] for c, values in context.items()} for i in range(len(texts))]
    scores = classifier.is_action(texts)
    labels = classifier.predict([{"action": t, **row} for t, row in zip(texts, cells)])
    out = frame.copy()
    # an optional plan_year column ("2020/23") places each statement's dates in its own plan's years
    plan_years = frame["plan_year"].fillna("").astype(str).tolist() if "plan_year" in frame else [""] * len(texts)
    rows = []
    for text, row, score, label, plan_year in zip(texts, cells, scores, labels, plan_years):
        year_start = plan_year_start_of(plan_year, classifier.taxonomy.plan_year_start)
        smart = smart_fields(row.get("objective", ""), text, row.get("expected_outcome", ""), [text, *row.values()],
                             plan_year_start=year_start)
        is_action = score >= IS_ACTION_THRESHOLD
        confidence = score if is_action else 1 - score
        rows.append({
            "is_action": is_action, "is_action_confidence": round(confidence, 4),
            "priority_area": label.priority_area, "priority_area_confidence": label.priority_area_confidence,
            "milestone": label.milestone, "milestone_confidence": label.milestone_confidence,
            "themes": ";".join(label.themes), "measurable": smart["measurable"], "time_bound": smart["time_bound"],
            "due_date": smart["due_date"] or "", "amount_gbp": smart["amount_gbp"],
            # the scorer reads words; where the grammar says the opposite, a person should look
            "needs_review": label.needs_review or abs(score - 0.5) < 0.2
            or mood(text) == ("past" if is_action else "commitment"),
        })
    for column in OUTPUT_COLUMNS:
        out[column] = [row[column] for row in rows]
    return out


def classify_csv(source: str, destination: str, text_column: str, model: str) -> int:
    model_dir = Path(model)
    if not model_dir.exists():
        model_dir = PROJECT_DIR / model
    try:
        frame = pd.read_csv(sys.stdin if source == "-" else source, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        print(f"plans classify: cannot read {source}: {error}", file=sys.stderr)
        return 2
    if text_column not in frame.columns:
        print(f"plans classify: {source} has no column {text_column!r} (columns: {', '.join(frame.columns)})",
              file=sys.stderr)
        return 2
    used = context_columns(frame, text_column)
    if used:
        print(f"plans classify: reading {', '.join(used)} beside {text_column!r}", file=sys.stderr)
    out = classify_frame(frame, text_column, Classifier(model_dir))
    from .writers.common import text_of
    from .writers.safe_text import neutralise_formula

    # the same cell formatting as actions.csv: true/false, whole amounts without ".0"
    for column in OUTPUT_COLUMNS:
        out[column] = out[column].map(text_of)
    for column in frame.columns:
        out[column] = out[column].map(neutralise_formula)
    out.to_csv(sys.stdout if destination == "-" else destination, index=False)
    return 0
