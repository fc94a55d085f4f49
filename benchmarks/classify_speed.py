"""Inference speed of the shipped classifiers on one core: actions per second.

Run: .venv/bin/python benchmarks/classify_speed.py [--n 20000]
"""
from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from pipeline.config import PROJECT_DIR  # noqa: E402
from pipeline.labels.classifiers import Classifier  # noqa: E402
from pipeline.labels.data import load_bank_actions  # noqa: E402
from pipeline.labels.smart import smart_fields  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--model", default=str(PROJECT_DIR / "models" / "default"))
    args = parser.parse_args()
    classifier = Classifier(args.model)
    bank = load_bank_actions()
    rows = [{"action": r["action"], "objective": r.get("objective", ""), "expected_outcome": r.get("expected_outcome", ""),
             "strategic_alignment_text": r.get("alignment_text", "")} for r in bank]
    rows = (rows * (args.n // len(rows) + 1))[:args.n]
    classifier.predict(rows[:100])  # warm up
    started = time.perf_counter()
    classifier.predict(rows)
    labels_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for r in rows:
        smart_fields(r["objective"], r["action"], r["expected_outcome"], [r["action"], r["objective"], r["expected_outcome"]])
    smart_seconds = time.perf_counter() - started
    print(f"actions: {len(rows)}")
    print(f"labels (priority, milestone, themes): {len(rows) / labels_seconds:,.0f} actions/s")
    print(f"SMART rules: {len(rows) / smart_seconds:,.0f} actions/s")
    print(f"both: {len(rows) / (labels_seconds + smart_seconds):,.0f} actions/s (target >= 5,000 on one core)")


if __name__ == "__main__":
    main()
