"""`plans run`: plan files in, the contract's output folder out.

A task per stage per document (read -> outline -> extract -> classify) and a
final task that writes the outputs. Reading is the CPU-bound stage: with
--workers N it runs in a pool of N processes (threads would share one core
through the GIL); on a Dask cluster every task runs on the cluster's workers.
"""
from __future__ import annotations

import multiprocessing
import time
import uuid
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from .. import __version__
from ..documents.guard import Limits
from ..documents.model import Document
from ..ids import code_fingerprint, file_sha256
from ..labels.classifiers import load_classifier
from ..documents.reader import read_or_failure
from ..plan import Outline, Stages, classify_stage, extract_stage, finish_plan, outline_stage, read_failure
from ..results import PlanResult, ResultCache, failed_plan

_POOL: Executor | None = None


@dataclass
class RunOptions:
    out: Path
    model: Path
    workers: int = 1
    cache_dir: Path | None = None  # None: no cache
    limits: Limits = Limits()
    progress: Callable[[PlanResult], None] | None = None


@task(name="read", cache_policy=NO_CACHE, retries=0)
def read_task(path: str, limits: Limits) -> Document | Exception:
    if _POOL is None:
        return read_or_failure(path, limits)
    return _POOL.submit(read_or_failure, path, limits).result()


@task(name="outline", cache_policy=NO_CACHE)
def outline_task(doc: Document) -> Outline:
    return outline_stage(doc)


@task(name="extract", cache_policy=NO_CACHE)
def extract_task(doc: Document, outline: Outline, model: str):
    return extract_stage(doc, outline, load_classifier(model))


@task(name="classify", cache_policy=NO_CACHE)
def classify_task(records, model: str, plan: dict) -> list[dict]:
    return classify_stage(records, load_classifier(model), plan)


@task(name="write-outputs", cache_policy=NO_CACHE)
def write_task(results: list[PlanResult], out: Path, run_info: dict, labels: dict) -> Path:
    from ..frames import frames_from_results
    from ..writers import write_outputs

    actions, plans, sections = frames_from_results(results)
    return write_outputs(actions, plans, sections, out, run_info, labels)


def _process(path: Path, sha256: str, read_future, model: str) -> PlanResult:
    started = time.perf_counter()
    try:
        doc = read_future.result()
    except Exception as error:  # the task runner itself failed (a worker died)
        doc = error
    if isinstance(doc, Exception):
        return read_failure(path.name, sha256, doc)
    # quote(): Prefect would otherwise walk every block and cell of a document looking for
    # futures in the arguments, ~80 ms a task on a long plan
    stages = Stages(lambda doc: outline_task(quote(doc)),
                    lambda doc, outline: extract_task(quote(doc), quote(outline), model),
                    lambda records, plan: classify_task(quote(records), model, plan))
    return finish_plan(path.name, sha256, doc, stages, started)


@flow(name="plans-run", log_prints=False, validate_parameters=False)
def run_flow(paths: list[Path], options: RunOptions) -> tuple[list[PlanResult], Path, dict]:
    global _POOL
    classifier = load_classifier(str(options.model))
    cache = (ResultCache(options.cache_dir, f"{__version__}+{code_fingerprint()}", classifier.fingerprint)
             if options.cache_dir else None)
    started = time.time()
    results: list[PlanResult | None] = [None] * len(paths)
    pending = []
    if options.workers > 1 and _POOL is None and len(paths) > 1:
        # spawn, not fork: forking a process that runs Prefect's threads can copy a held lock
        _POOL = ProcessPoolExecutor(max_workers=options.workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        for index, path in enumerate(paths):
            try:
                sha256 = file_sha256(path)
            except OSError as error:
                results[index] = failed_plan(path.name, "", "", f"cannot open file ({error.strerror or error})")
                _report(options, results[index])
                continue
            hit = cache.get(sha256, path.name) if cache else None
            if hit is not None:
                results[index] = hit
                _report(options, hit)
                continue
            pending.append((index, path, sha256, read_task.submit(str(path), options.limits)))
        for index, path, sha256, future in pending:
            result = _process(path, sha256, future, str(options.model))
            if cache:
                cache.put(sha256, result)
            results[index] = result
            _report(options, result)
    finally:
        if _POOL is not None:
            _POOL.shutdown()
            _POOL = None
    documents_seconds = time.time() - started
    run_info = {
        "run_id": f"run-{time.strftime('%Y%m%dT%H%M%S', time.gmtime(started))}-{uuid.uuid4().hex[:8]}",
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "pipeline_version": f"{__version__}+{code_fingerprint()}",
        "model_version": f"{classifier.version}+{classifier.fingerprint}",
        "taxonomy_version": classifier.taxonomy.version, "inputs": [str(p) for p in paths],
        # reading, extracting and classifying every plan (or fetching it from the cache); writing is apart
        "documents_seconds": round(documents_seconds, 3),
        "plans_from_cache": sum(1 for r in results if r is not None and r.cached),
    }
    done = [r for r in results if r is not None]
    out = write_task(quote(done), options.out, run_info, classifier.taxonomy.labels())
    return done, out, run_info


def _report(options: RunOptions, result: PlanResult) -> None:
    if options.progress:
        options.progress(result)
