"""Reviewed spreadsheets -> labelled training data.

`import_reviews` reads the actions.xlsx files reviewers send back (or an
actions.csv with the review_manifest.json written beside it), checks every row
and stores the accepted ones as JSON Lines, one record per (run_id, action_id).

A row is stored only when all of this holds, and every row that fails is
reported with its file, sheet and row number (never dropped silently):
  - the file has the columns the import needs and the run data written with it
    (the hidden `_run` sheet, or review_manifest.json for a CSV);
  - action_id is present, appears once, and belongs to the file's run (a row
    pasted in from another run's file is refused);
  - the plan's text is unchanged (its fingerprint matches the one written
    with the file; white space and line endings do not count);
  - priority_area and milestone are exactly one valid id, themes are valid ids
    separated by ';', measurable and time_bound are true or false;
  - no cell holds a formula.

Only rows a reviewer touched are stored: a label changed, the row's needs_review
flag (set by the run) cleared, a reviewer_note written, or the row marked as no
action (is_action false).
A row left as the model labelled it is the model's guess, not a person's, and
training on it would teach the model its own mistakes; those rows are counted
("left as labelled") but not stored. A row marked as no action is stored as a
non-action for the is_action head, whatever its other labels say.

The store holds one record per action_id (stable across runs: the same text in
the same plan). Importing is idempotent: a record already stored with the same
labels is left alone; different labels replace it only when the file was saved
no earlier than the stored review (so an old copy imported late cannot undo a
newer review, from this run or another).
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .writers import MANIFEST_NAME
from .writers.common import (REVIEWED_LABELS, TEXT_COLUMNS, as_bool, field_hash, fingerprint,
                             resolve_labels, split_themes, text_of, unescape_ooxml)
from .writers.safe_text import is_missing, restore_formula_text
from .writers.spreadsheet import ACTIONS_SHEET, NOTE_COLUMN, RUN_SHEET, RUN_TABLE_FIRST_COL

REQUIRED_COLUMNS = ["action_id"] + TEXT_COLUMNS + REVIEWED_LABELS
_LOGICAL_FORMULA = re.compile(r"=\s*(TRUE|FALSE)\s*(?:\(\s*\))?\s*", re.IGNORECASE)
RECORD_TEXT_FIELDS = ["objective", "action", "expected_outcome", "risks", "workforce", "finance", "monitoring",
                      "strategic_alignment_text"]


@dataclass
class Problem:
    file: str
    sheet: str | None
    row: int | None  # spreadsheet row number (the header is row 1); None for the whole file
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return ", ".join(where) + f": {self.message}"


@dataclass
class ImportResult:
    rows_read: int = 0
    accepted: int = 0          # rows that passed every check
    changed_labels: int = 0    # accepted rows where the reviewer changed at least one label
    added: int = 0             # new records in the store
    replaced: int = 0          # stored records replaced by a newer review with other labels
    unchanged: int = 0         # accepted rows already stored with the same labels
    untouched: int = 0         # accepted rows left as the model labelled them: not stored
    not_actions: int = 0       # accepted rows the reviewer marked as no action
    missing: int = 0           # actions of the file's run with no row in the file
    stored: int = 0            # records in the store after the import
    problems: list[Problem] = field(default_factory=list)
    store_path: Path | None = None

    @property
    def changed(self) -> int:
        """Records this import added to or replaced in the store."""
        return self.added + self.replaced

    @property
    def rejected(self) -> int:
        return self.rows_read - self.accepted


@dataclass
class _Row:
    number: int
    values: dict
    formulas: list[str]


@dataclass
class _File:
    path: Path
    sheet: str | None
    columns: list[str]
    rows: list[_Row]
    manifest: dict | None
    reviewed_at: str
    csv: bool = False


# --------------------------------------------------------------------------- reading

def _iso(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _mtime(path: Path) -> str:
    return _iso(dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.timezone.utc))


def _blank(value) -> bool:
    return is_missing(value) or (isinstance(value, str) and not value.strip())


def _read_run_sheet(sheet) -> dict:
    """The `_run` sheet: key/value pairs in A:B, the per-action table from column D."""
    meta, header, actions = {}, None, {}
    for cells in sheet.iter_rows(values_only=True):
        cells = list(cells)
        if len(cells) >= 2 and not _blank(cells[0]):
            meta[text_of(cells[0]).strip()] = text_of(cells[1]).strip()
        table = cells[RUN_TABLE_FIRST_COL:]
        if header is None:
            header = [text_of(c).strip() for c in table]
            continue
        if not table or _blank(table[0]):
            continue
        entry = {name: text_of(value) for name, value in zip(header, table) if name}
        actions[entry.get("action_id", "")] = entry
    return {**meta, "actions": actions}


def _read_xlsx(path: Path, problems: list[Problem]) -> _File | None:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # not a workbook, encrypted, truncated...
        problems.append(Problem(str(path), None, None, None, f"cannot open as a spreadsheet ({error})"))
        return None
    try:
        names = book.sheetnames
        sheet_name = ACTIONS_SHEET if ACTIONS_SHEET in names else names[0]
        sheet = book[sheet_name]
        manifest = _read_run_sheet(book[RUN_SHEET]) if RUN_SHEET in names else None
        modified = book.properties.modified if book.properties else None
        rows_iter = sheet.iter_rows()
        header_cells = next(rows_iter, ())
        columns = [text_of(c.value).strip().lower() for c in header_cells]
        rows = []
        for number, cells in enumerate(rows_iter, start=2):
            values, formulas = {}, []
            for name, cell in zip(columns, cells):
                if not name:
                    continue
                value = cell.value
                if getattr(cell, "data_type", None) == "f":
                    logical = _LOGICAL_FORMULA.fullmatch(text_of(value))
                    if logical and name in ("measurable", "time_bound"):
                        value = logical.group(1).upper() == "TRUE"  # how some spreadsheets save a boolean
                    else:
                        formulas.append(name)
                if isinstance(value, str):
                    value = unescape_ooxml(value)
                values[name] = value
            rows.append(_Row(number, values, formulas))
    finally:
        book.close()
    reviewed_at = _iso(modified) if isinstance(modified, dt.datetime) else _mtime(path)
    return _File(path, sheet_name, columns, rows, manifest, reviewed_at)


def _read_csv(path: Path, problems: list[Problem]) -> _File | None:
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            columns = [h.strip().lower() for h in header]
            rows = []
            for number, cells in enumerate(reader, start=2):
                values = {name: value for name, value in zip(columns, cells) if name}
                rows.append(_Row(number, values, []))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        hint = "; save it as \"CSV UTF-8\"" if isinstance(error, UnicodeDecodeError) else ""
        problems.append(Problem(str(path), None, None, None, f"cannot read as UTF-8 CSV ({error}){hint}"))
        return None
    manifest = None
    # its run's manifest beside it: review_manifest.json, or NAME.review_manifest.json (a kept copy)
    manifest_path = path.with_name(f"{path.stem}.{MANIFEST_NAME}")
    if not manifest_path.exists():
        manifest_path = path.with_name(MANIFEST_NAME)
    if manifest_path.exists():
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            problems.append(Problem(str(path), None, None, None, f"cannot read {MANIFEST_NAME} ({error})"))
            return None
    return _File(path, None, columns, rows, manifest, _mtime(path), csv=True)


# --------------------------------------------------------------------------- checking

def _label(value) -> str:
    return text_of(value).strip().lower()


def _themes(value) -> list[str]:
    return [t.lower() for t in split_themes(value)]


def _text(file: _File, value) -> str:
    text = "" if is_missing(value) else text_of(value)
    return restore_formula_text(text) if file.csv else text


def _changed_columns(file: _File, values: dict, entry: dict) -> list[str]:
    """Text columns whose normalised text differs from what was written, or [] when the
    fingerprint matches. A CSV cell is tried with and without the apostrophe guard."""
    def variants(name):
        raw = "" if is_missing(values.get(name)) else text_of(values.get(name))
        return {raw, restore_formula_text(raw)} if file.csv else {raw}

    candidates = {name: variants(name) for name in TEXT_COLUMNS}
    restored = {name: _text(file, values.get(name)) for name in TEXT_COLUMNS}
    if fingerprint(restored) == entry.get("fingerprint"):
        return []
    hashes = text_of(entry.get("field_hashes")).split(";")
    if len(hashes) != len(TEXT_COLUMNS):
        return list(TEXT_COLUMNS)
    changed = [name for name, expected in zip(TEXT_COLUMNS, hashes)
               if all(field_hash(v) != expected for v in candidates[name])]
    return changed or list(TEXT_COLUMNS)


def _check_row(file: _File, row: _Row, labels: dict, manifest: dict, other_runs: dict,
               duplicates: dict) -> tuple[list[tuple[str | None, str]], dict | None]:
    """(problems as (column or None, message), the accepted values or None)."""
    issues: list[tuple[str | None, str]] = []
    values = row.values
    for column in row.formulas:
        issues.append((column, "cell holds a formula; type the value instead"))
    action_id = text_of(values.get("action_id")).strip()
    entry = None
    if not action_id:
        issues.append(("action_id", "action_id is missing"))
    elif action_id in duplicates:
        others = ", ".join(str(n) for n in duplicates[action_id] if n != row.number)
        issues.append(("action_id", f"action_id {action_id} appears more than once (also row {others}); "
                                    "keep one row per action"))
    else:
        entry = manifest["actions"].get(action_id)
        if entry is None:
            hint = other_runs.get(action_id)
            where = f"; it belongs to run {hint[0]} ({hint[1]})" if hint else ""
            issues.append(("action_id", f"action_id {action_id} is not from this file's run "
                                        f"{manifest.get('run_id') or '?'} (row copied from another file?){where}"))
    if entry is not None:
        changed = _changed_columns(file, values, entry)
        if changed:
            issues.append((None, "the plan's text changed since the run (in " + ", ".join(changed) + "); "
                                 "labels judge the original text, so the row is not stored"))
    out = {}
    is_action = True if _blank(values.get("is_action")) else as_bool(values.get("is_action"))
    if is_action is None:
        issues.append(("is_action", f"is_action={text_of(values.get('is_action'))!r} is not true or false"))
    if is_action is False:
        # no action: its labels say nothing, so they are not checked
        if issues:
            return issues, None
        return [], {"action_id": action_id, "entry": entry, "is_action": False, **_model_labels(entry)}
    out["is_action"] = True
    for kind in ("priority_area", "milestone"):
        value = _label(values.get(kind))
        if not value:
            issues.append((kind, f"{kind} is empty; choose one from the list"))
        elif value not in labels[kind]:
            issues.append((kind, f"{value!r} is not a valid {kind} id"))
        out[kind] = value
    themes = _themes(values.get("themes"))
    unknown = [t for t in themes if t not in labels["themes"]]
    if unknown:
        issues.append(("themes", "not valid theme ids: " + ", ".join(repr(t) for t in unknown)))
    order = {t: i for i, t in enumerate(labels["themes"])}
    out["themes"] = sorted(themes, key=lambda t: order.get(t, len(order)))
    for kind in ("measurable", "time_bound"):
        flag = as_bool(values.get(kind))
        if flag is None:
            issues.append((kind, f"{kind}={text_of(values.get(kind))!r} is not true or false"))
        out[kind] = flag
    if issues:
        return issues, None
    out["action_id"] = action_id
    out["entry"] = entry
    return [], out


def _model_labels(entry: dict) -> dict:
    return {
        "priority_area": _label(entry.get("priority_area")),
        "milestone": _label(entry.get("milestone")),
        "themes": sorted(_themes(entry.get("themes"))),
        "measurable": as_bool(entry.get("measurable")),
        "time_bound": as_bool(entry.get("time_bound")),
    }


def _corrected(accepted: dict, model: dict) -> list[str]:
    changed = []
    for name in REVIEWED_LABELS:
        mine, theirs = accepted[name], model[name]
        if name == "themes":
            mine, theirs = sorted(mine), sorted(theirs)
        if mine != theirs:
            changed.append(name)
    return changed


# --------------------------------------------------------------------------- store

def _load_store(path: Path) -> dict[str, dict]:
    """action_id -> its newest review (a store written when records were kept per run may hold
    one action twice)."""
    records: dict[str, dict] = {}
    if not path.exists():
        return records
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON ({error.msg}); fix the store before importing")
            key = str(record.get("action_id", ""))
            if key not in records or str(record.get("reviewed_at", "")) >= str(records[key].get("reviewed_at", "")):
                records[key] = record
    return records


def _save_store(path: Path, records: dict[str, dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp", delete=False)
    try:
        with handle:
            for record in records.values():
                handle.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _same_labels(a: dict, b: dict) -> bool:
    return a.get("is_action", True) == b.get("is_action", True) and all(
        (sorted(a.get(k) or []) == sorted(b.get(k) or [])) if k == "themes" else a.get(k) == b.get(k)
        for k in REVIEWED_LABELS)


# --------------------------------------------------------------------------- import

def import_reviews(paths, store_path, labels: dict | None = None, now=None) -> ImportResult:
    """Validate reviewed spreadsheets and store their accepted rows as labelled data."""
    labels = {kind: [i.lower() for i in ids] for kind, ids in resolve_labels(labels).items()}
    store_path = Path(store_path)
    if now is None:
        now = dt.datetime.now(dt.timezone.utc)
    imported_at = now if isinstance(now, str) else _iso(now)
    result = ImportResult(store_path=store_path)
    problems = result.problems

    files: list[_File] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            problems.append(Problem(str(path), None, None, None, "no such file"))
            continue
        reader = _read_csv if path.suffix.lower() == ".csv" else _read_xlsx
        parsed = reader(path, problems)
        if parsed is not None:
            files.append(parsed)

    # where each action id of each run lives, to name the run a pasted row came from
    owners: dict[str, tuple[str, str]] = {}
    for parsed in files:
        if isinstance(parsed.manifest, dict) and isinstance(parsed.manifest.get("actions"), dict):
            for action_id in parsed.manifest["actions"]:
                owners.setdefault(action_id, (parsed.manifest.get("run_id", "?"), str(parsed.path)))

    candidates: list[tuple[str, dict]] = []
    for parsed in files:
        name, sheet = str(parsed.path), parsed.sheet
        rows = [r for r in parsed.rows if not all(_blank(v) for v in r.values.values())]
        result.rows_read += len(rows)
        missing = [c for c in REQUIRED_COLUMNS if c not in parsed.columns]
        doubled = sorted({c for c in parsed.columns if c and parsed.columns.count(c) > 1})
        file_problem = None
        if missing or doubled:
            what = "; ".join(filter(None, ["missing columns: " + ", ".join(missing) if missing else "",
                                           "columns named twice: " + ", ".join(doubled) if doubled else ""]))
            file_problem = Problem(name, sheet, 1, None, f"{what}; none of its {len(rows)} rows were stored")
        elif not isinstance(parsed.manifest, dict) or not isinstance(parsed.manifest.get("actions"), dict):
            what = (f"no {MANIFEST_NAME} beside the CSV" if parsed.csv
                    else f"no '{RUN_SHEET}' sheet (not written by `plans run`, or the sheet was removed)")
            file_problem = Problem(name, sheet, None, None, f"{what}: cannot check the rows against their run; "
                                                           f"none of its {len(rows)} rows were stored")
        if file_problem:
            problems.append(file_problem)
            continue
        manifest = parsed.manifest
        run_id = text_of(manifest.get("run_id"))
        other_runs = {a: o for a, o in owners.items() if o[0] != run_id}
        seen: dict[str, list[int]] = defaultdict(list)
        for row in rows:
            action_id = text_of(row.values.get("action_id")).strip()
            if action_id:
                seen[action_id].append(row.number)
        duplicates = {a: n for a, n in seen.items() if len(n) > 1}
        result.missing += len(set(manifest["actions"]) - set(seen))
        for row in rows:
            issues, accepted = _check_row(parsed, row, labels, manifest, other_runs, duplicates)
            for column, message in issues:
                problems.append(Problem(name, sheet, row.number, column, message))
            if accepted is None:
                continue
            result.accepted += 1
            corrected = _corrected(accepted, _model_labels(accepted["entry"]))
            result.changed_labels += bool(corrected) and accepted["is_action"]
            was_flagged = as_bool(accepted["entry"].get("needs_review")) is True
            cleared = was_flagged and as_bool(row.values.get("needs_review")) is False
            noted = not _blank(row.values.get(NOTE_COLUMN))
            if accepted["is_action"] and not corrected and not cleared and not noted:
                result.untouched += 1
                continue
            result.not_actions += not accepted["is_action"]
            record = {
                "action_id": accepted["action_id"],
                "run_id": run_id,
                "plan_id": text_of(row.values.get("plan_id")).strip(),
                "source_file": str(parsed.path),
                "sheet": sheet or "",
                "row": row.number,
                "imported_at": imported_at,
                "reviewed_at": parsed.reviewed_at,
                "taxonomy_version": text_of(manifest.get("taxonomy_version")),
                **{name: _text(parsed, row.values.get(name)) for name in RECORD_TEXT_FIELDS},
                "priority_area": accepted["priority_area"],
                "milestone": accepted["milestone"],
                "themes": accepted["themes"],
                "measurable": accepted["measurable"],
                "time_bound": accepted["time_bound"],
                "is_action": accepted["is_action"],
                "corrected": corrected if accepted["is_action"] else ["is_action"],
                "checked": cleared,
                "reviewer_note": "" if _blank(row.values.get(NOTE_COLUMN)) else text_of(row.values[NOTE_COLUMN]),
            }
            candidates.append((parsed.reviewed_at, record))

    store = _load_store(store_path)
    dirty = False
    # the newest review of an action wins, whatever order the files were given in
    for reviewed_at, record in sorted(candidates, key=lambda c: c[0]):
        key = record["action_id"]
        old = store.get(key)
        if old is None:
            store[key] = record
            result.added += 1
            dirty = True
        elif _same_labels(old, record):
            result.unchanged += 1
        elif reviewed_at >= str(old.get("reviewed_at", "")):
            store[key] = record
            result.replaced += 1
            dirty = True
        else:
            problems.append(Problem(record["source_file"], record["sheet"] or None, record["row"], None,
                                    f"not stored: a newer review of {record['action_id']} (saved "
                                    f"{old.get('reviewed_at')}, from {Path(str(old.get('source_file'))).name}) "
                                    "is already stored with other labels"))
    if dirty:
        _save_store(store_path, store)
    result.stored = len(store)
    return result


__all__ = ["import_reviews", "ImportResult", "Problem", "MANIFEST_NAME"]
