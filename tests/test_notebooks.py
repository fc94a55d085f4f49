"""Every notebook in notebooks/ runs top to bottom, offline, without a Jupyter kernel.

Each notebook's code cells are exec'd in order in one namespace, with the working
directory set to notebooks/ (where Jupyter would start them) and PLANS_RUN_DIR
pointing at a small run output folder made here, so the run-summary part executes too.
"""
from __future__ import annotations

import ast
import csv
import os
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))

ACTION_COLUMNS = [
    "action_id", "plan_id", "source_file", "health_board", "cluster", "plan_year", "section_no", "section_key",
    "page", "source_kind", "strategic_alignment_text", "objective", "action", "expected_outcome", "risks",
    "workforce", "finance", "monitoring", "priority_area", "priority_area_confidence", "milestone",
    "milestone_confidence", "themes", "measurable", "time_bound", "due_date", "amount_gbp", "needs_review",
]
RUN_ROWS = [
    # plan, health board, cluster, milestone, themes, needs_review
    ("p1", "Hywel Dda University Health Board", "Tywi Taf", "urgent_primary_care", "access_urgent_care;workforce", "false"),
    ("p1", "Hywel Dda University Health Board", "Tywi Taf", "care_homes", "older_people_care_homes", "true"),
    ("p1", "Hywel Dda University Health Board", "Tywi Taf", "none", "", "false"),
    ("p2", "Swansea Bay University Health Board", "Cwmtawe", "essential_services", "prevention_wellbeing", "false"),
    ("p2", "Swansea Bay University Health Board", "Cwmtawe", "rehabilitation", "community_services_rehab", "true"),
]
MILESTONES = ["essential_services", "outbreak_response", "care_homes", "rehabilitation", "step_up_step_down",
              "urgent_primary_care", "none"]


def make_run_dir(folder: Path) -> Path:
    """A miniature `plans run` output folder: actions.csv plus two summary tables."""
    (folder / "summary").mkdir(parents=True)
    with open(folder / "actions.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=ACTION_COLUMNS)
        writer.writeheader()
        for i, (plan, board, cluster, milestone, themes, review) in enumerate(RUN_ROWS):
            writer.writerow({column: "" for column in ACTION_COLUMNS} | {
                "action_id": f"{plan}-{i:04d}", "plan_id": plan, "source_file": f"{plan}.pdf", "health_board": board,
                "cluster": cluster, "plan_year": "2021/22", "section_no": 5, "section_key": "key_actions",
                "source_kind": "table", "action": f"Action number {i}", "priority_area": "wider_alignment",
                "priority_area_confidence": 0.9, "milestone": milestone, "milestone_confidence": 0.8,
                "themes": themes, "measurable": "true", "time_bound": "false", "needs_review": review})
    themes = sorted({t for row in RUN_ROWS for t in row[4].split(";") if t})
    boards = sorted({row[1] for row in RUN_ROWS})
    with open(folder / "summary" / "themes_by_health_board.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["health_board", "n_actions", "n_without_theme", *themes])
        for board in boards:
            mine = [row for row in RUN_ROWS if row[1] == board]
            writer.writerow([board, len(mine), sum(not row[4] for row in mine),
                             *[sum(t in row[4].split(";") for row in mine) for t in themes]])
    clusters = sorted({(row[1], row[2]) for row in RUN_ROWS})
    with open(folder / "summary" / "milestone_coverage.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["health_board", "cluster", "n_actions", *MILESTONES])
        for board, cluster in clusters:
            mine = [row for row in RUN_ROWS if (row[1], row[2]) == (board, cluster)]
            writer.writerow([board, cluster, len(mine), *[sum(row[3] == m for row in mine) for m in MILESTONES]])
    return folder


def run_notebook(path: Path, run_dir: Path) -> dict:
    """Exec every code cell in order in one namespace; fail naming the cell that raised."""
    notebook = nbformat.read(path, as_version=4)
    namespace: dict = {"__name__": "__main__"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANS_RUN_DIR", str(run_dir))
        patch.delenv("PLANS_MODEL_DIR", raising=False)  # the shipped model, whatever the caller's shell says
        patch.setenv("MPLBACKEND", "Agg")
        patch.chdir(path.parent)
        for number, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            # IPython-only lines (magics, shell escapes) have no meaning outside a kernel
            source = "\n".join(line for line in cell.source.splitlines()
                               if not line.lstrip().startswith(("%", "!")))
            try:
                exec(compile(ast.parse(source), f"{path.name}[cell {number}]", "exec"), namespace)
            except Exception as error:  # noqa: BLE001 - reported with the cell that raised
                pytest.fail(f"{path.name} cell {number} raised {type(error).__name__}: {error}\n--- cell ---\n{cell.source}")
    return namespace


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, dict]:
    run_dir = make_run_dir(tmp_path_factory.mktemp("run"))
    return {path.name: run_notebook(path, run_dir) for path in NOTEBOOKS}


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOK_DIR}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_valid_and_cleared(path: Path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.nbformat == 4
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "commit notebooks with outputs cleared"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path: Path, executed):
    assert path.name in executed


def test_model_errors_notebook_variables(executed):
    import pandas as pd

    ns = executed["model_errors.ipynb"]
    assert Path(ns["MODEL_DIR"]).resolve() == (ROOT / "models" / "default").resolve()
    metrics = ns["metrics"]
    assert isinstance(metrics, dict)
    for key in ("milestone", "themes", "priority_area_text_only", "is_action"):
        assert key in metrics
    assert 0.0 <= metrics["milestone"]["macro_f1"] <= 1.0

    milestones = ns["taxonomy"].ids("milestone")
    confusion = ns["milestone_confusion"]
    assert isinstance(confusion, pd.DataFrame)
    assert list(confusion.index) == milestones and list(confusion.columns) == milestones
    assert int(confusion.to_numpy().sum()) == metrics["n_actions"]

    for task in ("milestone", "themes", "priority_area"):
        table = ns["per_label"][task]
        assert isinstance(table, pd.DataFrame) and {"precision", "recall", "f1", "support"} <= set(table.columns)

    errors = ns["milestone_errors"]
    assert len(errors) <= 15 and "text" in errors.columns
    assert (errors["gold_milestone"] != errors["milestone"]).all()
    assert errors["milestone_confidence"].is_monotonic_decreasing

    theme_errors = ns["theme_errors"]
    assert {"missed", "spurious"} <= set(theme_errors.columns)
    assert set(theme_errors.index) == set(ns["taxonomy"].ids("themes"))

    calibration = ns["calibration"]
    assert {"n", "mean_confidence", "accuracy"} <= set(calibration.columns)
    assert calibration["n"].sum() == metrics["n_actions"]

    # the run part ran on the miniature run folder
    assert ns["HAVE_RUN"] is True
    assert len(ns["run_actions"]) == len(RUN_ROWS)
    assert len(ns["run_themes_by_board"]) == 2
    assert len(ns["run_milestone_coverage"]) == 2


def test_model_errors_notebook_without_a_run(tmp_path):
    """No actions.csv in RUN_DIR: the run part is skipped with a message, nothing raises."""
    path = NOTEBOOK_DIR / "model_errors.ipynb"
    if not path.exists():
        pytest.skip("no model_errors notebook")
    ns = run_notebook(path, tmp_path / "no-run-here")
    assert ns["HAVE_RUN"] is False
    assert ns["run_themes_by_board"] is None and ns["run_milestone_coverage"] is None
