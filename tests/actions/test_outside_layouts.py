"""Plans laid out by someone who had not read the generator (corpus/outside/): every action found,
nothing much besides, its cells in the right columns and its group read."""
import difflib
import json

import pytest

from corpus.matching import match
from pipeline.config import PROJECT_DIR
from pipeline.labels.classifiers import Classifier
from pipeline.plan import local_stages, read_stage

OUTSIDE = PROJECT_DIR / "corpus" / "outside"
GOLD = sorted(OUTSIDE.glob("*.gold.json"))


def _characters_alike(a: str, b: str) -> bool:
    # character level: a PDF cell can break a long word where it wrapped ("deconditi oned")
    return difflib.SequenceMatcher(None, " ".join(a.split()), " ".join(b.split())).ratio() > 0.9


@pytest.fixture(scope="module")
def classifier():
    return Classifier(PROJECT_DIR / "models" / "default")


@pytest.mark.parametrize("gold_path", GOLD, ids=[p.name.split(".")[0] for p in GOLD])
def test_outside_layout(gold_path, classifier):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    stages = local_stages(classifier)
    doc = read_stage(OUTSIDE / gold["source_file"])
    outline = stages.outline(doc)
    records = stages.extract(doc, outline)
    rows = stages.classify(records, {"plan_id": "p", "source_file": gold["source_file"]})
    pairs = match(gold["actions"], [{"action": r.action} for r in records])
    assert len(pairs) == len(gold["actions"])  # every action found
    assert len(records) <= len(gold["actions"]) + 1
    meta = outline.metadata
    assert (meta.health_board, meta.cluster, meta.plan_year) == (gold["health_board"], gold["cluster"], gold["plan_year"])
    for i, j in pairs:
        want, got = gold["actions"][i], records[j]
        for field in ("objective", "expected_outcome", "risks", "finance", "monitoring"):
            if field in want:  # table layouts: each cell in its column
                assert _characters_alike(want[field], getattr(got, field)), (field, want[field], getattr(got, field))
    right = sum(rows[j]["priority_area"] == gold["actions"][i]["priority_area"] for i, j in pairs)
    assert right >= len(pairs) - 1
