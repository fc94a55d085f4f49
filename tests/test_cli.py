"""`plans` end to end on generated documents, through the real Prefect flow."""
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.fixtures import bad_inputs
from tests.plan_factory import write_docx, write_pdf


def _rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plans")
    write_docx(folder / "table.docx")
    write_pdf(folder / "table.pdf", repeat_pages=3)
    write_docx(folder / "nested" / "prose.docx", prose=True) if (folder / "nested").mkdir() is None else None
    bad_inputs.write_truncated_pdf(folder)
    bad_inputs.write_encrypted_pdf(folder)
    bad_inputs.write_scanned_pdf(folder)
    bad_inputs.write_not_zip_docx(folder, "notzip.docx")
    bad_inputs.write_zip_bomb_docx(folder)
    bad_inputs.write_legacy_doc(folder)
    bad_inputs.write_empty(folder, "empty.pdf")
    bad_inputs.write_pdf_named_docx(folder, "pdf-named.docx")
    bad_inputs.write_not_a_plan_docx(folder)
    out = tmp_path_factory.mktemp("out") / "run"
    code = main(["run", str(folder), "--out", str(out), "--no-cache"])
    return folder, out, code


def test_batch_survives_bad_files_and_exits_3(batch):
    _, out, code = batch
    assert code == 3
    plans = {r["source_file"]: r for r in _rows(out / "plans.csv")}
    assert plans["table.docx"]["status"] == "ok" and plans["table.docx"]["n_actions"] == "3"
    assert plans["table.pdf"]["n_actions"] == "9"
    assert plans["prose.docx"]["n_actions"] == "2"
    reasons = {name: plans[name]["error"] for name in plans if plans[name]["status"] == "failed"}
    assert "truncated" in reasons["truncated.pdf"] or "corrupt" in reasons["truncated.pdf"]
    assert "password" in reasons["locked.pdf"]
    assert "OCR" in reasons["scanned.pdf"]
    assert "zip" in reasons["notzip.docx"]
    assert "bomb" in reasons["bomb.docx"]
    assert ".doc" in reasons["plan.doc"]
    assert "empty" in reasons["empty.pdf"]
    assert plans["pdf-named.docx"]["status"] == "ok"
    assert plans["newsletter.docx"]["status"] == "ok" and plans["newsletter.docx"]["n_actions"] == "0"
    assert "no actions" in plans["newsletter.docx"]["warnings"]


def test_outputs_follow_the_contract(batch):
    _, out, _ = batch
    for name in ("actions.csv", "actions.parquet", "actions.xlsx", "plans.csv", "sections.csv", "report.html"):
        assert (out / name).exists(), name
    assert len(list((out / "summary").glob("*.csv"))) >= 4
    actions = _rows(out / "actions.csv")
    first = next(r for r in actions if r["source_file"] == "table.docx")
    assert first["priority_area"] == "covid_essential_services" and first["due_date"] == "2021-12-31"
    assert first["amount_gbp"] == "12500" and first["measurable"] == "true"
    pdf_pages = {r["page"] for r in actions if r["source_file"] == "table.pdf"}
    assert pdf_pages and all(p.isdigit() for p in pdf_pages)


def test_action_ids_are_stable_across_runs(batch, tmp_path):
    folder, out, _ = batch
    code = main(["run", str(folder / "table.docx"), "--out", str(tmp_path / "again"), "--no-cache"])
    assert code == 0
    first = {r["action_id"] for r in _rows(out / "actions.csv") if r["source_file"] == "table.docx"}
    again = {r["action_id"] for r in _rows(tmp_path / "again" / "actions.csv")}
    assert first == again and len(again) == 3


def test_missing_path_is_a_usage_error(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope.pdf"), "--out", str(tmp_path / "o")]) == 2
    assert "no such file" in capsys.readouterr().err


def _classify(tmp_path, csv_text: str) -> list[dict]:
    source = tmp_path / "statements.csv"
    source.write_text(csv_text, encoding="utf-8")
    target = tmp_path / "labelled.csv"
    assert main(["classify", str(source), "--out", str(target)]) == 0
    return _rows(target)


def test_classify_command_reads_csv_and_writes_labels(tmp_path):
    rows = _classify(tmp_path, "id,text\n1,We will recruit a cluster pharmacist by March 2022 (£45k)\n"
                               "2,=HYPERLINK(\"http://x\")\n")
    assert rows[0]["is_action"] == "true" and rows[0]["due_date"] == "2022-03-31" and rows[0]["amount_gbp"] == "45000"
    assert rows[1]["text"].startswith("'=")
    for column in ("priority_area", "milestone", "themes", "needs_review", "is_action_confidence"):
        assert column in rows[0]


def test_a_rerun_reads_unchanged_plans_from_the_cache(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "plans"
    folder.mkdir()
    write_docx(folder / "a.docx")
    monkeypatch.setenv("PLANS_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["run", str(folder), "--out", str(tmp_path / "o1")]) == 0
    first = capsys.readouterr().out
    write_docx(folder / "b.docx", prose=True)  # a late plan
    assert main(["run", str(folder), "--out", str(tmp_path / "o2")]) == 0
    second = capsys.readouterr().out
    assert "from cache" not in first and "(1 from cache)" in second
    assert len(_rows(tmp_path / "o2" / "plans.csv")) == 2


def test_a_missing_or_outdated_model_is_a_usage_error_naming_the_folder(tmp_path, capsys):
    import shutil

    from pipeline.config import PROJECT_DIR

    plan = write_docx(tmp_path / "plan.docx")
    assert main(["run", str(plan), "--out", str(tmp_path / "out"), "--model", str(tmp_path / "none")]) == 2
    assert "no model at" in capsys.readouterr().err
    old = tmp_path / "old-model"
    shutil.copytree(PROJECT_DIR / "models" / "default", old)
    vocabulary = json.loads((old / "vocabulary.json").read_text())
    del vocabulary["lexicon"]
    (old / "vocabulary.json").write_text(json.dumps(vocabulary))
    for argv in (["run", str(plan), "--out", str(tmp_path / "out"), "--model", str(old)],
                 ["evaluate", "--model", str(old)]):
        assert main(argv) == 2
        assert f"{old}: a model from before" in capsys.readouterr().err
    assert not (tmp_path / "out" / "actions.csv").exists()


def test_a_batch_where_no_plan_can_be_read_is_a_usage_error_that_still_says_why(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    bad_inputs.write_legacy_doc(folder)
    bad_inputs.write_empty(folder, "empty.pdf")
    out = tmp_path / "run"
    assert main(["run", str(folder), "--out", str(out), "--no-cache"]) == 2
    assert "no plan could be read" in capsys.readouterr().err
    plans = _rows(out / "plans.csv")
    assert len(plans) == 2 and all(p["status"] == "failed" and p["error"] for p in plans)


def test_classify_reads_dates_against_a_plan_year_column(tmp_path):
    rows = _classify(tmp_path, "text,plan_year\nPathway in place by September 2020.,2020/23\n"
                               "Pathway in place by September 2020.,2021/22\n")
    assert [r["due_date"] for r in rows] == ["2020-09-30", ""]


def test_classify_reads_the_group_wording_and_cells_of_an_actions_csv(tmp_path, capsys):
    text = "Offer the cluster's patients a review of their medicines."
    plain = _classify(tmp_path, f"text\n{text}\n")[0]
    rows = _classify(tmp_path, "text,strategic_alignment_text,expected_outcome,finance\n"
                               f"{text},Covid-19 Cluster Hub delivery,500 reviews by December 2021,£4k + £1k\n")
    assert "reading strategic_alignment_text, expected_outcome, finance" in capsys.readouterr().err
    assert rows[0]["priority_area"] == "covid_cluster_hub"
    assert (rows[0]["measurable"], rows[0]["due_date"], rows[0]["amount_gbp"]) == ("true", "2021-12-31", "5000")
    assert (plain["due_date"], plain["amount_gbp"]) == ("", "")


def test_classify_flags_a_statement_whose_grammar_contradicts_the_scorer():
    import pandas as pd

    from pipeline.classify_table import classify_frame
    from pipeline.config import PROJECT_DIR
    from pipeline.labels.classifiers import Classifier

    class Misled(Classifier):  # sure of the opposite of what each statement's grammar says
        def is_action(self, texts):
            return [0.05 if t.startswith("Host") else 0.95 for t in texts]

    frame = pd.DataFrame({"text": ["Last winter the cluster achieved 78% flu uptake in the over-65s.",
                                   "Host two trainee nurse practitioners through the Primary Care Academy.",
                                   "The cluster has 14% of its population aged over 75."]})
    out = classify_frame(frame, "text", Misled(PROJECT_DIR / "models" / "default"))
    assert out["is_action"].tolist() == [True, False, True]
    assert out["needs_review"].tolist()[:2] == [True, True]
