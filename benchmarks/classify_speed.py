"""Inference speed of the shipped classifiers on one core: actions per second.

Run: .venv/bin/python benchmarks/classify_speed.py [--n 20000] [--repeats 5]
"""
from __future__ import annotations

import argparse
import os
import statistics
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
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--model", default=str(PROJECT_DIR / "models" / "default"))
    args = parser.parse_args()
    classifier = Classifier(args.model)
    bank = load_bank_actions()
    rows = [{"action": r["action"], "objective": r.get("objective", ""), "expected_outcome": r.get("expected_outcome", ""),
             "strategic_alignment_text": r.get("alignment_text", "")} for r in bank]
    rows = (rows * (args.n // len(rows) + 1))[:args.n]
    classifier.predict(rows[:100])  # warm up
    labels_times, smart_times = [], []
    for _ in range(args.repeats):
        started = time.perf_counter()
        classifier.predict(rows)
        labels_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        for r in rows:
            smart_fields(r["objective"], r["action"], r["expected_outcome"], [r["action"], r["objective"], r["expected_outcome"]])
        smart_times.append(time.perf_counter() - started)
    both_times = [a + b for a, b in zip(labels_times, smart_times)]

    def rate(times):  # this machine's neighbours make single runs vary by +-30%: median and best of the repeats
        return f"median {len(rows) / statistics.median(times):,.0f}, best {len(rows) / min(times):,.0f} actions/s"

    mean_chars = statistics.mean(len(r["action"]) + len(r["objective"]) + len(r["expected_outcome"]) for r in rows)
    print(f"actions: {len(rows)} x {args.repeats} repeats (the first pass over each distinct text fills the token cache); "
          f"{mean_chars:.0f} characters of action + objective + outcome on average")
    print(f"labels (priority, milestone, themes): {rate(labels_times)}")
    print(f"SMART rules: {rate(smart_times)}")
    print(f"both: {rate(both_times)} (target >= 5,000 on one core)")


if __name__ == "__main__":
    main()
