"""Agreement of the blind relabels with the bank's labels (run from the project root)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

from pipeline.labels.data import load_bank_actions
from pipeline.labels.taxonomy import load_taxonomy


def main() -> None:
    classes = load_taxonomy().ids("themes")
    bank = {r["id"]: r for r in load_bank_actions()}
    relabel = [json.loads(line) for line in (Path(__file__).parent / "test_relabel_blind.jsonl").open(encoding="utf-8")]
    gold = np.array([[c in bank[x["id"]].get("themes", []) for c in classes] for x in relabel])
    other = np.array([[c in x["themes"] for c in classes] for x in relabel])
    milestones = [bank[x["id"]]["milestone"] for x in relabel], [x["milestone"] for x in relabel]
    print(f"{len(relabel)} rows")
    print(f"milestone accuracy {np.mean(np.array(milestones[0]) == np.array(milestones[1])):.3f}, "
          f"macro-F1 {f1_score(*milestones, average='macro'):.3f}")
    print(f"themes micro-F1 {f1_score(gold, other, average='micro'):.3f}, macro-F1 {f1_score(gold, other, average='macro'):.3f}")
    for label, f1 in sorted(zip(classes, f1_score(gold, other, average=None)), key=lambda t: -t[1]):
        print(f"  {label:<28} {f1:.2f}")

    priority_text_only(bank)


def priority_text_only(bank: dict) -> None:
    """Two readers who saw the rows without their group or alignment wording (see
    priority_text_only_instructions.md): how far the text alone tells which block a row sits in."""
    folder = Path(__file__).parent
    readers = {name: {x["id"]: x for x in map(json.loads, (folder / f"test_priority_text_only_{name}.jsonl").open(encoding="utf-8"))}
               for name in ("A", "B")}
    ids = list(readers["A"])
    print(f"priority_area from the text alone, {len(ids)} rows:")
    for name, answers in readers.items():
        right = [answers[i]["priority_area"] == bank[i]["priority_area"] for i in ids]
        by_confidence = {level: [ok for i, ok in zip(ids, right) if answers[i]["confidence"] == level]
                         for level in ("high", "medium", "low")}
        print(f"  reader {name}: accuracy {np.mean(right):.3f}; "
              + ", ".join(f"{level} confidence {np.mean(oks):.3f} on {len(oks)}" for level, oks in by_confidence.items() if oks))
    agree = np.mean([readers["A"][i]["priority_area"] == readers["B"][i]["priority_area"] for i in ids])
    print(f"  readers agree with each other on {agree:.3f}")


if __name__ == "__main__":
    main()
