"""Agreement of the blind relabel with the bank's labels (run from the project root)."""
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


if __name__ == "__main__":
    main()
