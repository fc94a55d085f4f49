"""The per-plan stages, as plain functions on plain data (the flow wires them as tasks)."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .actions import extract_actions
from .actions.progress import ProgressTable, progress_tables
from .actions.record import ActionRecord
from .config import load_yaml
from .documents.guard import Limits
from .documents.model import Document, DocumentError, Table
from .documents.reader import read_document
from .ids import file_sha256, plan_id
from .labels.apply import label_actions
from .labels.classifiers import Classifier
from .metadata import PlanMetadata, extract_metadata
from .results import PlanResult, failed_plan
from .sections import Section, detect_template, find_sections
from .years import first_span


def few_actions_chars() -> int:
    return int(load_yaml("plan_checks.yaml")["few_actions_chars_per_action"])


def draft_mark(doc: Document) -> str | None:
    """The words that mark the plan as a draft, from its margins, watermark or title page."""
    checks = load_yaml("plan_checks.yaml")
    lines = doc.margin_text + [b.text for b in doc.blocks()[:int(checks["draft_search_blocks"])]]
    for pattern in checks["draft_marks"]:
        for line in lines:
            match = re.search(pattern, line)
            if match:
                return match.group()
    return None


@dataclass
class Outline:
    sections: list[Section]
    metadata: PlanMetadata
    template: str
    progress_tables: list[ProgressTable] = field(default_factory=list)  # earlier actions' progress, set aside


def read_stage(path: str | Path, limits: Limits | None = None) -> Document:
    return read_document(path, limits)


def outline_stage(doc: Document) -> Outline:
    sections = find_sections(doc)
    return Outline(sections, extract_metadata(doc), detect_template(doc, sections), progress_tables(doc, sections))


def extract_stage(doc: Document, outline: Outline, classifier: Classifier) -> list[ActionRecord]:
    # a three-year plan's year columns: this year's is the plan's own one-year span ("2021/22"), else the cycle's
    span = first_span(outline.metadata.plan_year)
    return extract_actions(doc, outline.sections, classifier.is_action,
                           frozenset(t.item_index for t in outline.progress_tables),
                           year_start=span.start if span and span.one_year else classifier.taxonomy.plan_year_start)


def classify_stage(records: list[ActionRecord], classifier: Classifier, plan: dict) -> list[dict]:
    return label_actions(records, classifier, plan)


def plan_row(source_file: str, sha256: str, doc: Document, outline: Outline, n_actions: int,
             warnings: list[str]) -> dict:
    return {
        "plan_id": plan_id(sha256), "source_file": source_file, "sha256": sha256, "status": "ok", "error": "",
        "template": outline.template, "health_board": outline.metadata.health_board,
        "cluster": outline.metadata.cluster, "plan_year": outline.metadata.plan_year,
        "n_pages": doc.n_pages, "n_sections": len(outline.sections), "n_actions": n_actions,
        "warnings": "; ".join(warnings),
    }


def section_rows(plan: str, outline: Outline) -> list[dict]:
    return [{"plan_id": plan, "section_no": s.section_no, "section_key": s.section_key, "heading": s.heading,
             "page_start": s.page_start, "page_end": s.page_end, "n_chars": s.n_chars} for s in outline.sections]


def assemble(source_file: str, sha256: str, doc: Document, outline: Outline, rows: list[dict],
             started: float) -> PlanResult:
    warnings = list(doc.warnings) + [table.warning() for table in outline.progress_tables]
    if not rows:
        tables = sum(isinstance(item, Table) for item in doc.items)
        warnings.append(f"no actions found: none of its {tables} table(s) has a header naming Figure II's columns "
                        "(check its layout)" if tables else "no actions found: this may not be a cluster plan")
    else:
        actions_chars = sum(s.n_chars for s in outline.sections if s.section_key == "key_actions")
        if actions_chars > few_actions_chars() * len(rows):
            # a Key Actions section this long for so few actions: a layout the readers may have missed
            warnings.append(f"only {len(rows)} action(s) found in {actions_chars:,} characters of Key Cluster "
                            "Actions: check the plan")
    if not outline.sections:
        warnings.append("no template sections recognised")
    mark = draft_mark(doc)
    if mark:
        warnings.append(f"marked as a draft ('{mark}'): check it is the version submitted")
    plan = plan_row(source_file, sha256, doc, outline, len(rows), warnings)
    if doc.problems:
        plan.update(status="partial", error="; ".join(doc.problems))
    return PlanResult(plan=plan, sections=section_rows(plan["plan_id"], outline), actions=rows,
                      warnings=warnings, seconds=round(time.perf_counter() - started, 4))


@dataclass
class Stages:
    """The stages after reading; the flow passes its Prefect tasks, tests the plain functions."""

    outline: Callable[[Document], Outline]
    extract: Callable[[Document, Outline], list[ActionRecord]]
    classify: Callable[[list[ActionRecord], dict], list[dict]]


def local_stages(classifier: Classifier) -> Stages:
    return Stages(outline_stage, lambda doc, outline: extract_stage(doc, outline, classifier),
                  lambda records, plan: classify_stage(records, classifier, plan))


def read_failure(source_file: str, sha256: str, error: Exception) -> PlanResult:
    if isinstance(error, DocumentError):
        return failed_plan(source_file, sha256, plan_id(sha256), str(error))
    # a reader bug on one file must not stop the batch
    return failed_plan(source_file, sha256, plan_id(sha256), f"unreadable ({type(error).__name__}: {error})")


def process_plan(path: str | Path, classifier: Classifier, limits: Limits | None = None,
                 sha256: str | None = None) -> PlanResult:
    """Every stage for one plan, in one call; a plan that cannot be read becomes a failed row."""
    started = time.perf_counter()
    path = Path(path)
    sha256 = sha256 or file_sha256(path)
    try:
        doc = read_stage(path, limits)
    except Exception as error:
        return read_failure(path.name, sha256, error)
    return finish_plan(path.name, sha256, doc, local_stages(classifier), started)


def finish_plan(source_file: str, sha256: str, doc: Document, stages: Stages, started: float) -> PlanResult:
    """The stages after reading; a failure here keeps what was read and marks the plan partial."""
    outline = Outline([], PlanMetadata(), "unknown")
    try:
        outline = stages.outline(doc)
        records = stages.extract(doc, outline)
        meta = outline.metadata
        rows = stages.classify(records, {
            "plan_id": plan_id(sha256), "source_file": source_file, "health_board": meta.health_board,
            "cluster": meta.cluster, "plan_year": meta.plan_year})
    except Exception as error:
        result = assemble(source_file, sha256, doc, outline, [], started)
        result.plan["status"] = "partial"
        result.plan["error"] = f"read, but {type(error).__name__} while extracting: {error}"
        return result
    return assemble(source_file, sha256, doc, outline, rows, started)
