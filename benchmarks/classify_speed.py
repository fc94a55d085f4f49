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
    # wall-clock and CPU time of this process: on a shared machine the neighbours move the wall
    # clock by up to 30%; CPU time is what one core spends on the work
    times = {"labels": [], "smart": []}
    for _ in range(args.repeats):
        for task, work in (("labels", lambda: classifier.predict(rows)),
                           ("smart", lambda: [smart_fields(r["objective"], r["action"], r["expected_outcome"],
                                                           [r["action"], r["objective"], r["expected_outcome"]])
                                              for r in rows])):
            wall, cpu = time.perf_counter(), time.process_time()
            work()
            times[task].append((time.perf_counter() - wall, time.process_time() - cpu))
    times["both"] = [(a[0] + b[0], a[1] + b[1]) for a, b in zip(times["labels"], times["smart"])]

    def rate(task):
        wall, cpu = [t[0] for t in times[task]], [t[1] for t in times[task]]
        return (f"wall median {len(rows) / statistics.median(wall):,.0f}, best {len(rows) / min(wall):,.0f}; "
                f"CPU median {len(rows) / statistics.median(cpu):,.0f} actions/s")

    mean_chars = statistics.mean(len(r["action"]) + len(r["objective"]) + len(r["expected_outcome"]) for r in rows)
    print(f"actions: {len(rows)} x {args.repeats} repeats (the first pass over each distinct text fills the token cache); "
          f"{mean_chars:.0f} characters of action + objective + outcome on average")
    print(f"labels (priority, milestone, themes): {rate('labels')}")
    print(f"SMART rules: {rate('smart')}")
    print(f"both: {rate('both')} (target >= 5,000 on one core)")


if __name__ == "__main__":
    main()
