"""Labelled actions -> the contract's output folder.

write_outputs writes every file into a new hidden sibling folder and only then
moves it into place, so a reader never sees a half-written folder and a run
that fails or is killed leaves the previous output as it was. Re-running into
the same folder replaces it whole (no stale files from an earlier run).

An existing folder is replaced only when it is a plans output folder (it holds
the `.plans-output` marker, or nothing but output files) or is empty: a
mistyped `--out ~/Documents` raises OutputFolderError instead of deleting it.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
from pathlib import Path

import pandas as pd

from .common import ACTION_COLUMNS, PLAN_COLUMNS, SECTION_COLUMNS, as_bool, check_columns, resolve_labels
from .report import write_report
from .safe_text import neutralise_formula
from .spreadsheet import review_manifest, write_review_spreadsheet
from .tables import summary_tables, write_summary, write_tables

MARKER = ".plans-output"
MANIFEST_NAME = "review_manifest.json"
REVIEWED_DIR = "reviewed"  # reviewers' files found in the folder a run replaces, kept
OUTPUT_NAMES = {"actions.csv", "actions.parquet", "actions.xlsx", "plans.csv", "sections.csv", "summary",
                "report.html", "run.json", MANIFEST_NAME, MARKER, REVIEWED_DIR}


class OutputFolderError(ValueError):
    """The --out folder exists and is not one this program wrote."""


def write_outputs(actions: pd.DataFrame, plans: pd.DataFrame, sections: pd.DataFrame, out_dir, run_info: dict,
                  labels: dict | None = None) -> Path:
    """Write every output file into out_dir, replacing it atomically; returns out_dir."""
    labels = resolve_labels(labels)
    out = Path(out_dir)
    if out.is_symlink():
        out = out.resolve()
    out = out.absolute()
    check_output_folder(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out)
    staging = out.parent / f".{out.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
    os.mkdir(staging)  # honours the umask, unlike mkdtemp's 0700
    try:
        write_folder(actions, plans, sections, staging, run_info, labels)
        keep_reviewed_files(out, staging)
        _swap_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out


def write_folder(actions, plans, sections, folder: Path, run_info: dict, labels: dict) -> None:
    """Every output file into folder (which must exist); no atomicity of its own."""
    folder = Path(folder)
    actions = check_columns(actions, ACTION_COLUMNS, "actions")
    plans = check_columns(plans, PLAN_COLUMNS, "plans")
    sections = check_columns(sections, SECTION_COLUMNS, "sections")
    written = write_tables(actions, plans, sections, folder)
    summaries = summary_tables(actions, plans, labels)
    write_summary(summaries, folder / "summary")
    manifest = review_manifest(actions, run_info)
    write_review_spreadsheet(actions, folder / "actions.xlsx", labels, run_info, manifest)
    write_report(actions, plans, sections, summaries, folder / "report.html", run_info, labels)
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    status = [str(s) for s in plans["status"]]
    run = {
        **{key: value for key, value in run_info.items()},
        "counts": {"plans": len(plans), "ok": status.count("ok"), "partial": status.count("partial"),
                   "failed": status.count("failed"), "actions": len(actions),
                   "needs_review": sum(as_bool(v) is True for v in actions["needs_review"])},
        "labels": labels,
        "files": sorted(list(written) + ["actions.xlsx", "report.html", MANIFEST_NAME]
                        + [f"summary/{name}.csv" for name in summaries]),
    }
    (folder / "run.json").write_text(json.dumps(run, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    (folder / MARKER).write_text("Written by `plans run`. This folder is replaced whole on every run into it.\n",
                                 encoding="utf-8")


def keep_reviewed_files(old: Path, new: Path) -> list[Path]:
    """A reviewer may edit actions.xlsx where the run wrote it, or save a copy beside it: the run
    that replaces the folder keeps them in reviewed/, each under its own name (an edited
    actions.xlsx as actions-reviewed-<when it was saved>.xlsx, with the run's review manifest beside
    it for a CSV), together with what earlier runs kept there. Returns the files kept."""
    if not (old / MARKER).is_file():
        return []
    written_at = (old / MARKER).stat().st_mtime
    kept_dir = new / REVIEWED_DIR
    kept = []

    def keep(source: Path, name: str) -> None:
        kept_dir.mkdir(exist_ok=True)
        target = kept_dir / name
        stem, suffix, n = target.stem, target.suffix, 1
        while target.exists():
            n += 1
            target = kept_dir / f"{stem}-{n}{suffix}"
        shutil.copy2(source, target)
        kept.append(target)

    if (old / REVIEWED_DIR).is_dir():
        for path in sorted((old / REVIEWED_DIR).iterdir()):
            if path.is_file():
                keep(path, path.name)
    for path in sorted(old.iterdir()):
        if not path.is_file() or path.name.startswith("."):
            continue
        if path.name not in OUTPUT_NAMES:
            keep(path, path.name)  # a reviewer's copy saved beside the outputs
            if path.suffix.lower() == ".csv" and (old / MANIFEST_NAME).is_file():
                keep(old / MANIFEST_NAME, f"{path.stem}.{MANIFEST_NAME}")
        elif path.name == "actions.xlsx" and path.stat().st_mtime > written_at + 1:
            saved = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y%m%dT%H%M%S")
            keep(path, f"actions-reviewed-{saved}.xlsx")  # edited where the run wrote it
    return kept


def check_output_folder(out: Path) -> None:
    """Raise OutputFolderError when out exists and is not a folder a run may replace."""
    if not out.exists():
        return
    if not out.is_dir():
        raise OutputFolderError(f"{out} exists and is not a folder")
    names = {p.name for p in out.iterdir()}
    if not names or MARKER in names or names <= OUTPUT_NAMES:
        return
    sample = ", ".join(sorted(names - OUTPUT_NAMES)[:5])
    raise OutputFolderError(f"{out} exists and was not written by plans (it holds {sample}); "
                            "choose another --out folder or empty this one")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _remove_leftovers(out: Path) -> None:
    """Staging and backup folders of runs that were killed (their process is gone)."""
    for kind in ("tmp", "old"):
        for path in out.parent.glob(f".{_glob_escape(out.name)}.{kind}-*"):
            try:
                pid = int(path.name.rsplit(f".{kind}-", 1)[1].split("-", 1)[0])
            except (IndexError, ValueError):
                continue
            if path.is_dir() and not _pid_alive(pid):
                shutil.rmtree(path, ignore_errors=True)


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _swap_into_place(staging: Path, out: Path) -> None:
    """rename() is atomic within a file system; an existing folder is moved aside first
    and restored if the second rename fails, then deleted."""
    if not out.exists():
        os.rename(staging, out)
        return
    backup = out.parent / f".{out.name}.old-{os.getpid()}-{secrets.token_hex(4)}"
    os.rename(out, backup)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(backup, out)
        raise
    shutil.rmtree(backup, ignore_errors=True)


__all__ = ["write_outputs", "check_output_folder", "keep_reviewed_files", "REVIEWED_DIR", "write_folder",
           "OutputFolderError", "neutralise_formula", "write_tables",
           "summary_tables", "write_summary", "write_review_spreadsheet", "write_report", "MARKER"]
