"""A national batch end to end: cold run, cached re-run, and two baselines.

Run: .venv/bin/python benchmarks/batch.py [--plans 64] [--workers 2]

Generates the batch with the corpus generator (deterministic), then times
`plans run` as a user runs it (a fresh process), cold and then from the cache,
with peak memory of the run. "Documents" is the run's own measure (run.json) of
reading, extracting and classifying every plan or fetching it from the cache;
interpreter and Prefect start-up and writing the outputs are reported on their
own line. Then a naive baseline (pdfplumber extract_tables on every PDF page,
one process) and raw text extraction with pypdfium2 as the floor.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PLANS = PROJECT / ".venv" / "bin" / "plans"


def run_plans(folder: Path, out: Path, cache: Path, workers: int, extra=()) -> tuple[float, float, dict]:
    """Wall seconds, peak memory (MB) of the run process, and the run's own timings (run.json)."""
    env = dict(os.environ, PLANS_CACHE_DIR=str(cache))
    started = time.perf_counter()
    subprocess.run([str(PLANS), "run", str(folder), "--out", str(out), "--workers", str(workers), *extra],
                   env=env, check=False, capture_output=True)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    return seconds, peak_mb, run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--min-actions", type=int, default=230)
    parser.add_argument("--max-actions", type=int, default=330)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="plans-batch-"))
    folder = tmp / "batch"
    sys.path.insert(0, str(PROJECT))
    from corpus.generator import generate

    # long plans (230-330 actions, 25-60 pages as PDF) so 64 of them, a third Word, hold 1,500+ PDF pages
    generate(folder, args.plans, args.seed, n_actions=(args.min_actions, args.max_actions))
    for gold in folder.glob("*.gold.json"):
        gold.unlink()
    cache = tmp / "cache"
    run_plans(PROJECT / "corpus" / "samples", tmp / "first", cache, 1)  # the machine's first run creates Prefect's database
    shutil.rmtree(cache, ignore_errors=True)
    cold, peak, cold_run = run_plans(folder, tmp / "cold", cache, args.workers)
    warm, _, warm_run = run_plans(folder, tmp / "warm", cache, args.workers)
    # start-up: a cached run of one small plan is interpreter, imports and Prefect's embedded server
    startup = min(run_plans(PROJECT / "corpus" / "samples" / "sample_002_tywi_taf.docx", tmp / "one", cache, 1)[0]
                  for _ in range(2))
    with open(tmp / "cold" / "plans.csv", newline="") as handle:
        plans = list(csv.DictReader(handle))
    pages = sum(int(p["n_pages"] or 0) for p in plans)
    with open(tmp / "cold" / "actions.csv", newline="") as handle:
        n_actions = sum(1 for _ in csv.DictReader(handle))
    pdfs = sorted(folder.glob("*.pdf"))

    import pdfplumber
    import pypdfium2 as pdfium

    started = time.perf_counter()
    pdf_pages = 0
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.extract_text()
                pdf_pages += 1
    naive = time.perf_counter() - started
    started = time.perf_counter()
    for path in pdfs:
        doc = pdfium.PdfDocument(str(path))
        for page in doc:
            page.get_textpage().get_text_range()
        doc.close()
    floor = time.perf_counter() - started
    docs_cold, docs_warm = cold_run["documents_seconds"], warm_run["documents_seconds"]
    print(f"batch: {len(plans)} plans ({len(pdfs)} PDF, {pdf_pages} PDF pages), {pages} PDF pages counted in plans.csv, "
          f"{n_actions} actions, workers {args.workers}")
    print(f"cold run: {cold:.1f}s wall; documents {docs_cold:.1f}s -> {pages / docs_cold:.1f} PDF pages/s, "
          f"{len(plans) / docs_cold:.2f} plans/s, {n_actions / docs_cold:.0f} actions/s "
          f"(wall incl. start-up and writing: {pages / cold:.1f} PDF pages/s)")
    print(f"start-up (interpreter, imports, Prefect's embedded server; one cached plan): {startup:.1f}s")
    print(f"end to end without start-up (documents + writing the outputs): {cold - startup:.1f}s -> "
          f"{pages / (cold - startup):.1f} PDF pages/s; writing {cold - startup - docs_cold:.1f}s")
    print(f"cached re-run: {warm:.1f}s wall; documents {docs_warm:.2f}s = {100 * docs_warm / docs_cold:.0f}% of cold "
          f"({warm_run['plans_from_cache']} plans from the cache); fixed costs {warm - docs_warm:.1f}s")
    print(f"peak memory of the largest run process: {peak:.0f} MB")
    print(f"naive baseline (pdfplumber extract_tables + text, every page, one process): {naive:.1f}s "
          f"-> {pdf_pages / naive:.1f} pages/s; ours is {naive / docs_cold:.1f}x faster on documents")
    print(f"floor (pypdfium2 raw text): {floor:.2f}s -> {pdf_pages / floor:.0f} pages/s; ours is {docs_cold / floor:.0f}x the floor")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
