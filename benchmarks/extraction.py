"""Extraction quality and speed on generated plans with gold answers.

Run: .venv/bin/python benchmarks/extraction.py [FOLDER]   (default: a fresh test set
generated with `python -m corpus.generator --test-set`, i.e. corpus/generated/test/)

Prints action extraction precision/recall/F1 (an extracted action matches a gold
action of the same plan when their normalised word sequences are at least 90%
similar), page accuracy of matched actions, section recall (gold section found
with the same key), metadata accuracy (board, cluster, year), and pages per
second for the reading stage on one core. Each figure is also printed per layout.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the corpus package sits beside pipeline

from corpus.matching import match  # noqa: E402
from pipeline.config import PROJECT_DIR  # noqa: E402
from pipeline.labels.classifiers import Classifier  # noqa: E402
from pipeline.plan import local_stages, read_stage  # noqa: E402



def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", default=str(PROJECT_DIR / "corpus" / "generated" / "test"))
    args = parser.parse_args()
    folder = Path(args.folder)
    if not any(folder.glob("*.gold.json")):
        subprocess.run([sys.executable, "-m", "corpus.generator", "--test-set"], cwd=PROJECT_DIR, check=True)
    classifier = Classifier(PROJECT_DIR / "models" / "default")
    stages = local_stages(classifier)
    totals = defaultdict(float)
    by_layout = defaultdict(lambda: defaultdict(float))
    read_seconds = pdf_pages = 0.0
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        path = gold_path.with_name(gold["source_file"])
        started = time.perf_counter()
        doc = read_stage(path)
        if doc.format == "pdf":
            read_seconds += time.perf_counter() - started
            pdf_pages += doc.n_pages or 0
        outline = stages.outline(doc)
        records = stages.extract(doc, outline)
        found = [{"action": r.action, "page": r.page} for r in records]
        pairs = match(gold["actions"], found)
        page_right = sum(found[j]["page"] == gold["actions"][i]["page"] for i, j in pairs
                         if gold["actions"][i]["page"] is not None)
        page_total = sum(1 for i, _ in pairs if gold["actions"][i]["page"] is not None)
        # a gold file may leave out the sections (a tester's file); section recall then counts nothing for it
        gold_keys = {s["section_key"] for s in gold.get("sections", []) if s["section_key"] != "other"}
        found_keys = {s.section_key for s in outline.sections}
        meta = outline.metadata
        meta_right = sum([meta.health_board == gold["health_board"], meta.cluster == gold["cluster"],
                          meta.plan_year == gold["plan_year"]])
        figures = {"gold": len(gold["actions"]), "found": len(found), "matched": len(pairs), "page_right": page_right,
                   "page_total": page_total, "sections_gold": len(gold_keys),
                   "sections_found": len(gold_keys & found_keys), "meta_right": meta_right, "meta_total": 3}
        for key, value in figures.items():
            totals[key] += value
            for layout in gold.get("layouts", []) + [f"producer:{gold.get('producer')}"]:
                by_layout[layout][key] += value
        if len(pairs) < len(gold["actions"]) or len(pairs) < len(found):
            print(f"  {gold_path.name}: gold {len(gold['actions'])} found {len(found)} matched {len(pairs)}", file=sys.stderr)

    def line(name, t):
        p = t["matched"] / t["found"] if t["found"] else 0.0
        r = t["matched"] / t["gold"] if t["gold"] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        page = t["page_right"] / t["page_total"] if t["page_total"] else float("nan")
        sections = t["sections_found"] / t["sections_gold"] if t["sections_gold"] else float("nan")
        meta = t["meta_right"] / t["meta_total"] if t["meta_total"] else float("nan")
        return f"{name:<28} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  page {page:.3f}  sections {sections:.3f}  metadata {meta:.3f}"

    print(line("ALL", totals))
    print(f"{'reading speed':<28} {pdf_pages / read_seconds if read_seconds else 0:.1f} PDF pages/s on one core "
          f"({int(pdf_pages)} pages)")
    for layout in sorted(by_layout):
        print(line(layout, by_layout[layout]))


if __name__ == "__main__":
    main()
