"""The `plans` command. Parses arguments, calls flows and stages, prints."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .config import PROJECT_DIR, settings

EXIT_OK, EXIT_USAGE, EXIT_SOME_FAILED = 0, 2, 3
PLAN_SUFFIXES = {".pdf", ".docx", ".doc", ".docm"}
SAMPLES = PROJECT_DIR / "corpus" / "samples"


def _quiet_prefect() -> None:
    """Offline and local by default: no telemetry, no event streaming, only warnings on the terminal."""
    defaults = {
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_LOGGING_LOG_PRINTS": "false",
        "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "60",
        "PREFECT_CLI_PROMPT": "false",
        # the local server's task-run history is never read, and its recorder can log a traceback
        # when the server stops while it still holds events
        "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED": "false",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
    import logging

    for name in ("prefect", "prefect.server", "uvicorn", "httpx", "distributed"):
        logging.getLogger(name).setLevel(logging.ERROR)


def find_inputs(inputs: list[str]) -> tuple[list[Path], list[str]]:
    """Files named, and plan files found by walking folders; and the names that do not exist."""
    found: list[Path] = []
    missing: list[str] = []
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PLAN_SUFFIXES
                            and not p.name.startswith("~$"))
        elif path.is_file():
            found.append(path)
        else:
            missing.append(name)
    unique = list(dict.fromkeys(p.resolve() for p in found))
    return unique, missing


def _progress(total: int):
    """A progress bar on a terminal, plain lines otherwise."""
    done = {"n": 0}
    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(TextColumn("reading plans"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                       TextColumn("{task.description}"), transient=True)
        task_id = bar.add_task("", total=total)
        bar.start()

        def update(result):
            bar.update(task_id, advance=1, description=result.plan["source_file"][:40])

        return update, bar.stop

    def line(result):
        done["n"] += 1
        plan = result.plan
        state = plan["status"] + (" (cached)" if result.cached else "")
        detail = f"{plan['n_actions']} actions" if plan["status"] != "failed" else plan["error"]
        print(f"[{done['n']}/{total}] {plan['source_file']}: {state}, {detail}", file=sys.stderr, flush=True)

    return line, lambda: None


def cmd_run(args) -> int:
    config = settings(args.config)
    inputs = args.inputs or [str(SAMPLES)]
    paths, missing = find_inputs(inputs)
    for name in missing:
        print(f"plans: no such file or folder: {name}", file=sys.stderr)
    if missing or not paths:
        if not paths and not missing:
            print(f"plans: no PDF or Word plans found in {' '.join(inputs)}", file=sys.stderr)
        return EXIT_USAGE
    model = Path(args.model or config["model"])
    if not model.is_absolute() and not model.exists():
        model = PROJECT_DIR / model
    from .labels.classifiers import load_classifier

    load_classifier(str(model))  # a missing or outdated model is a usage error before any plan is read
    _quiet_prefect()
    from .documents.guard import Limits
    from .flows.run import RunOptions, run_flow
    from .writers import OutputFolderError, check_output_folder

    try:
        check_output_folder(Path(args.out))  # before any plan is read, not after
    except OutputFolderError as error:
        print(f"plans: {error}", file=sys.stderr)
        return EXIT_USAGE
    workers = args.workers or int(config.get("workers") or 1)
    cache_dir = None if args.no_cache else Path(config["cache_dir"])
    if cache_dir is not None and not cache_dir.is_absolute():
        cache_dir = PROJECT_DIR / cache_dir
    limits = Limits(**{k: v for k, v in (config.get("limits") or {}).items() if k in Limits.__dataclass_fields__})
    update, stop = _progress(len(paths))
    options = RunOptions(out=Path(args.out), model=model, workers=workers, cache_dir=cache_dir, limits=limits,
                         progress=update)
    started = time.perf_counter()
    dask_address = args.dask_address or config.get("dask_address")
    try:
        if dask_address:
            from .flows.distributed import run_on_dask

            results, out, run_info = run_on_dask(paths, options, dask_address)
        else:
            results, out, run_info = run_flow(paths, options)
    except OutputFolderError as error:
        print(f"plans: {error}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        stop()
    seconds = time.perf_counter() - started
    failed = [r for r in results if r.plan["status"] == "failed"]
    partial = [r for r in results if r.plan["status"] == "partial"]
    n_actions = sum(len(r.actions) for r in results)
    flagged = sum(a["needs_review"] for r in results for a in r.actions)
    cached = sum(r.cached for r in results)
    print(f"Read {len(results) - len(failed)} of {len(results)} plans in {seconds:.1f}s"
          + (f" ({cached} from cache)" if cached else "")
          + f": {n_actions} actions, {flagged} flagged for review.")
    for r in failed + partial:
        print(f"  {r.plan['status']}: {r.plan['source_file']}: {r.plan['error']}")
    for r in results:
        if r.plan["status"] == "ok" and r.plan.get("warnings"):
            print(f"  warning: {r.plan['source_file']}: {r.plan['warnings']}")
    print(f"Outputs: {out}")
    from .writers import REVIEWED_DIR

    kept = sorted((Path(out) / REVIEWED_DIR).glob("*")) if (Path(out) / REVIEWED_DIR).is_dir() else []
    if kept:
        print(f"  reviewed files found in the folder this run replaced are kept in {Path(out) / REVIEWED_DIR}/: "
              + ", ".join(p.name for p in kept))
    if results and len(failed) == len(results):
        # the contract's "no readable documents at all": plans.csv still says why each one failed
        print("plans: no plan could be read", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_SOME_FAILED if failed or partial else EXIT_OK


def cmd_classify(args) -> int:
    from .classify_table import classify_csv

    return classify_csv(args.input, args.out, args.text_column, args.model or settings()["model"])


def cmd_train(args) -> int:
    from .labels.train import train_command

    return train_command(args)


def cmd_evaluate(args) -> int:
    from .labels.train import evaluate_command

    return evaluate_command(args)


def cmd_review_import(args) -> int:
    from .labels.taxonomy import load_taxonomy
    from .review import import_reviews

    store = Path(args.store)
    result = import_reviews([Path(p) for p in args.spreadsheets], store,
                            load_taxonomy(str(settings()["taxonomy"])).labels())
    print(_describe_import(result, store))
    return EXIT_OK if not getattr(result, "problems", []) else EXIT_SOME_FAILED


def _describe_import(result, store: Path) -> str:
    lines = []
    described = [("rows_read", "rows read"), ("accepted", "rows that passed every check"),
                 ("changed_labels", "rows with a label corrected"), ("not_actions", "rows marked as no action"),
                 ("untouched", "rows left as the model labelled them (not stored: a model's guess is no label)"),
                 ("missing", "actions of the run with no row in the file (nothing stored for them)"),
                 ("added", "records added"), ("replaced", "records replaced by a newer review"),
                 ("unchanged", "records already stored with these labels"), ("stored", "records in the store")]
    for name, label in described:
        if hasattr(result, name):
            lines.append(f"{label}: {getattr(result, name)}")
    problems = getattr(result, "problems", [])
    lines.append(f"problems: {len(problems)}")
    lines += [f"  {problem}" for problem in problems]
    lines.append(f"labelled data: {store}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="plans", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="read plans and write the contract's outputs")
    run.add_argument("inputs", nargs="*", help="plan files or folders (default: corpus/samples)")
    run.add_argument("--out", default="outputs/latest")
    run.add_argument("--model", default=None, help="model folder (default: models/default)")
    run.add_argument("--workers", type=int, default=None, help="processes for reading (default 1)")
    run.add_argument("--no-cache", action="store_true", help="read every plan again")
    run.add_argument("--dask-address", default=None, help="run on a Dask cluster, e.g. tcp://host:8786")
    run.add_argument("--config", default=None, help="YAML file overriding pipeline/config/defaults.yaml")
    run.set_defaults(func=cmd_run)

    review = sub.add_parser("review", help="reviewer corrections")
    review_sub = review.add_subparsers(dest="review_command", required=True)
    imp = review_sub.add_parser(
        "import", help="import reviewed spreadsheets as labelled data",
        description="Import reviewed actions.xlsx files (or actions.csv with the run's review_manifest.json "
                    "beside it). Rows with a label corrected, their needs_review flag cleared, a reviewer_note, or "
                    "is_action set to false are stored; rows left as the model labelled them are counted, not stored. Every "
                    "problem is reported by file, sheet, row and column, and its row is not stored.")
    imp.add_argument("spreadsheets", nargs="+", help=".xlsx files written by `plans run`, or CSV files with "
                                                     "the run's review_manifest.json beside them")
    imp.add_argument("--store", default=str(PROJECT_DIR / "corpus" / "reviews" / "reviewed.jsonl"),
                     help="the labelled-data file to add to (default: corpus/reviews/reviewed.jsonl, which "
                          "`plans train` reads); give it to `plans train --data` when it is elsewhere")
    imp.set_defaults(func=cmd_review_import)

    train = sub.add_parser("train", help="retrain the classifiers and write a model folder")
    train.add_argument("--data", nargs="*", default=None, help="labelled JSONL files (default: corpus bank + reviews)")
    train.add_argument("--out", default=None, help="model folder (default: models/<date>)")
    train.add_argument("--taxonomy", default=None,
                       help="cycle name in pipeline/taxonomies/ or a YAML path (default: config `taxonomy`)")
    train.add_argument("--compare-spacy", action="store_true", help="also train spaCy's text classifier and compare")
    train.set_defaults(func=cmd_train)

    evaluate = sub.add_parser("evaluate", help="score a model on labelled data")
    evaluate.add_argument("--model", required=True)
    evaluate.add_argument("--data", nargs="*", default=None, help="labelled JSONL (default: the corpus test split)")
    evaluate.add_argument("--compare-spacy", action="store_true")
    evaluate.set_defaults(func=cmd_evaluate)

    classify = sub.add_parser(
        "classify", help="classify statements, one per CSV row",
        description="Classify statements, one per CSV row. Columns named as in actions.csv are read when "
                    "present: strategic_alignment_text (the plan's group or alignment wording) decides "
                    "priority_area as in a run; objective and expected_outcome join the text for milestone, "
                    "themes and the SMART fields; risks, workforce, finance and monitoring add their money; "
                    "plan_year places the dates.")
    classify.add_argument("input", help="CSV file, or - for standard input")
    classify.add_argument("--text-column", default="text")
    classify.add_argument("--out", default="-")
    classify.add_argument("--model", default=None)
    classify.set_defaults(func=cmd_classify)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ValueError as error:
        from .labels.textmodel import ModelError  # not at start-up: most commands need no model

        if not isinstance(error, ModelError):
            raise
        print(f"plans: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("plans: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
