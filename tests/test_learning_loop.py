"""The researchers' loop end to end: run -> reviewer corrects the spreadsheet -> import -> retrain -> better or equal."""
import json
import shutil

import openpyxl

from pipeline.cli import main
from pipeline.config import PROJECT_DIR
from pipeline.labels.classifiers import Classifier
from pipeline.labels.data import load_bank_actions, load_non_actions, load_reviews
from pipeline.labels.taxonomy import load_taxonomy
from pipeline.labels.train import train
from pipeline.review import import_reviews

SAMPLE = PROJECT_DIR / "corpus" / "samples" / "sample_002_tywi_taf"


def _milestone_accuracy(model, rows):
    predicted = model.predict([{"action": r["action"], "objective": r["objective"],
                                "expected_outcome": r["expected_outcome"]} for r in rows])
    return sum(p.milestone == r["milestone"] for p, r in zip(predicted, rows)) / len(rows)


def test_review_round_trip_improves_or_keeps_the_model(tmp_path):
    plan = tmp_path / "plan.docx"
    shutil.copy(SAMPLE.with_suffix(".docx"), plan)
    gold = {a["action"]: a for a in json.loads(SAMPLE.with_suffix(".gold.json").read_text())["actions"]}
    assert main(["run", str(plan), "--out", str(tmp_path / "run"), "--no-cache"]) == 0

    # the reviewer sets every label to what the plan really means (the gold answer)
    book = openpyxl.load_workbook(tmp_path / "run" / "actions.xlsx")
    sheet = book["actions"]
    columns = {c.value: c.column for c in sheet[1]}
    corrected = []
    for row in range(2, sheet.max_row + 1):
        truth = gold.get(sheet.cell(row=row, column=columns["action"]).value)
        if truth is None:
            continue
        for name in ("priority_area", "milestone"):
            sheet.cell(row=row, column=columns[name], value=truth[name])
        sheet.cell(row=row, column=columns["themes"], value=";".join(truth["themes"]))
        sheet.cell(row=row, column=columns["needs_review"], value="false")  # checked
        corrected.append(truth)
    book.save(tmp_path / "reviewed.xlsx")
    assert len(corrected) >= 8

    store = tmp_path / "reviews.jsonl"
    result = import_reviews([tmp_path / "reviewed.xlsx"], store, load_taxonomy().labels())
    assert result.problems == [] and result.accepted == len(corrected)
    again = import_reviews([tmp_path / "reviewed.xlsx"], store, load_taxonomy().labels())
    assert again.added == again.replaced == 0 and again.stored == result.stored  # idempotent
    reviews = load_reviews(store)
    assert {r["milestone"] for r in reviews} <= set(load_taxonomy().ids("milestone"))

    # retrain on (a share of) the bank, with and without the reviews, and score on the reviewed rows
    bank = [r for r in load_bank_actions()[::2] if r["action"] not in gold]
    non_actions = load_non_actions()[::2]
    splits = {r["id"]: ("dev" if i % 6 == 0 else "test" if i % 6 == 1 else "train")
              for i, r in enumerate(bank + non_actions)}
    splits.update({r["id"]: "train" for r in reviews})
    before = train(bank, non_actions, tmp_path / "before", load_taxonomy(), "before", splits=splits)
    after = train(bank + reviews, non_actions, tmp_path / "after", load_taxonomy(), "after", splits=splits)
    assert after["n_actions"] == before["n_actions"]  # same held-out rows
    old, new = Classifier(tmp_path / "before"), Classifier(tmp_path / "after")
    assert _milestone_accuracy(new, corrected) >= _milestone_accuracy(old, corrected)
    assert after["milestone"]["macro_f1"] >= before["milestone"]["macro_f1"] - 0.05  # held-out quality kept
