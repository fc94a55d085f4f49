"""actions.csv / actions.parquet / plans.csv / sections.csv and the summary tables.

CSV files are UTF-8 (no byte-order mark), comma-separated, RFC 4180 quoted with
CRLF line ends, a header row, the contract's columns first and in its order,
`true`/`false` for booleans and an empty cell for anything missing. Every
string cell goes through neutralise_formula, so nothing in them can run as a
formula when the file is opened in a spreadsheet; actions.parquet keeps the
raw text and typed columns.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa

from .common import (ACTION_COLUMNS, BOOL_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS, NOT_STATED, PLAN_COLUMNS,
                     SECTION_COLUMNS, as_bool, check_columns, cluster_keys, resolve_labels, split_themes,
                     text_of)
from .safe_text import is_missing, neutralise_formula

SUMMARY_TABLES = ("themes_by_health_board", "priority_areas_by_cluster", "milestone_coverage",
                  "smart_completeness_by_cluster", "needs_review_by_plan", "finance_by_priority_area")


# --------------------------------------------------------------------------- csv

def csv_cell(value) -> str:
    """One value as a safe CSV cell: numbers as numbers, text neutralised."""
    if isinstance(value, str):
        return neutralise_formula(value)
    return text_of(value)


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow([neutralise_formula(str(c)) for c in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            writer.writerow([csv_cell(v) for v in row])
    return path


# --------------------------------------------------------------------------- tables

def _typed_actions(actions: pd.DataFrame) -> pd.DataFrame:
    """Contract dtypes for parquet: text as strings (missing as null), booleans as
    nullable booleans, page/section_no as Int64, confidences and amounts as float64."""
    frame = actions.copy()
    for column in frame.columns:
        if column in BOOL_COLUMNS:
            frame[column] = pd.array([as_bool(v) for v in frame[column]], dtype="boolean")
        elif column in INT_COLUMNS:
            frame[column] = pd.array(pd.to_numeric(frame[column], errors="coerce"), dtype="Int64")
        elif column in FLOAT_COLUMNS:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
        elif column in ACTION_COLUMNS:
            values = [None if (is_missing(v) or (column == "due_date" and v == "")) else text_of(v)
                      for v in frame[column]]
            frame[column] = pd.array(values, dtype="string")
    return frame


def write_parquet(actions: pd.DataFrame, path: Path) -> Path:
    frame = _typed_actions(actions).reset_index(drop=True)
    try:
        frame.to_parquet(path, index=False)
    except (pa.ArrowException, TypeError, ValueError):
        # an extra column of mixed objects: keep it, as JSON text
        for column in frame.columns:
            if column not in ACTION_COLUMNS and frame[column].dtype == object:
                frame[column] = [None if is_missing(v) else json.dumps(v, default=str, ensure_ascii=False)
                                 if not isinstance(v, str) else v for v in frame[column]]
        frame.to_parquet(path, index=False)
    return Path(path)


def write_tables(actions: pd.DataFrame, plans: pd.DataFrame, sections: pd.DataFrame, out_dir) -> dict[str, Path]:
    """actions.csv, actions.parquet, plans.csv and sections.csv in out_dir."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    actions = check_columns(actions, ACTION_COLUMNS, "actions")
    plans = check_columns(plans, PLAN_COLUMNS, "plans")
    sections = check_columns(sections, SECTION_COLUMNS, "sections")
    return {
        "actions.csv": write_csv(actions, out_dir / "actions.csv"),
        "actions.parquet": write_parquet(actions, out_dir / "actions.parquet"),
        "plans.csv": write_csv(plans, out_dir / "plans.csv"),
        "sections.csv": write_csv(sections, out_dir / "sections.csv"),
    }


# --------------------------------------------------------------------------- summaries

def _label_column(values, known: list[str]) -> pd.Series:
    return pd.Series([text_of(v).strip() or "(missing)" for v in values], dtype="object")


def _key_index(frame: pd.DataFrame, key_columns: list[str]) -> pd.Index:
    """The distinct keys of frame as crosstab indexes them: a MultiIndex for several key columns,
    a plain Index for one (the two do not union)."""
    keys = frame[key_columns].drop_duplicates()
    if len(key_columns) > 1:
        return pd.MultiIndex.from_frame(keys)
    return pd.Index(keys[key_columns[0]], name=key_columns[0], dtype="object")


def _counts(keys: pd.DataFrame, labels: pd.Series, known: list[str], key_columns: list[str],
            all_keys: pd.DataFrame | None = None) -> pd.DataFrame:
    """key columns x label counts; every known label a column (zeros included), any
    unknown or missing label in a column of its own after them."""
    frame = keys[key_columns].reset_index(drop=True).copy()
    frame["label"] = labels.reset_index(drop=True)
    extra = sorted(set(frame["label"].dropna()) - set(known))
    columns = list(known) + extra
    if len(frame):
        table = pd.crosstab([frame[c] for c in key_columns], frame["label"])
    else:
        table = pd.DataFrame(index=_key_index(frame, key_columns))
    table = table.reindex(columns=columns, fill_value=0)
    if all_keys is not None and len(all_keys):
        table = table.reindex(table.index.union(_key_index(all_keys, key_columns)), fill_value=0)
    table = table.fillna(0).astype("int64")
    table.columns.name = None
    result = table.reset_index()
    return result


def _with_totals(table: pd.DataFrame, keys: pd.DataFrame, key_columns: list[str]) -> pd.DataFrame:
    n = keys.groupby(key_columns).size().rename("n_actions").reset_index()
    table = table.merge(n, on=key_columns, how="left")
    table["n_actions"] = table["n_actions"].fillna(0).astype("int64")
    ordered = key_columns + ["n_actions"] + [c for c in table.columns if c not in key_columns + ["n_actions"]]
    return table[ordered].sort_values(key_columns, kind="stable").reset_index(drop=True)


def _reported_clusters(plans: pd.DataFrame) -> pd.DataFrame:
    """Clusters of the plans that were read (a failed plan says nothing about its cluster)."""
    if plans is None or not len(plans):
        return pd.DataFrame(columns=["health_board", "cluster"])
    read = plans[plans["status"].map(text_of) != "failed"]
    return cluster_keys(read) if len(read) else pd.DataFrame(columns=["health_board", "cluster"])


def summary_tables(actions: pd.DataFrame, plans: pd.DataFrame, labels: dict | None = None) -> dict[str, pd.DataFrame]:
    """The thematic tables, as plain DataFrames (one CSV each in summary/)."""
    labels = resolve_labels(labels)
    actions = check_columns(actions, ACTION_COLUMNS, "actions").reset_index(drop=True)
    plans = check_columns(plans, PLAN_COLUMNS, "plans").reset_index(drop=True)
    keys = cluster_keys(actions).reset_index(drop=True) if len(actions) else \
        pd.DataFrame(columns=["health_board", "cluster"])
    clusters = _reported_clusters(plans)
    tables: dict[str, pd.DataFrame] = {}

    # themes by health board: an action counts once under each of its themes
    theme_rows = [(board, theme) for board, themes in zip(keys["health_board"], actions["themes"])
                  for theme in split_themes(themes)]
    theme_keys = pd.DataFrame(theme_rows, columns=["health_board", "theme"])
    themes = _counts(theme_keys, theme_keys["theme"], labels["themes"], ["health_board"],
                     pd.concat([keys, clusters])[["health_board"]])
    themes = _with_totals(themes, keys, ["health_board"])
    no_theme = keys.assign(n=[not split_themes(t) for t in actions["themes"]]).groupby("health_board")["n"].sum()
    themes.insert(2, "n_without_theme", themes["health_board"].map(no_theme).fillna(0).astype("int64"))
    tables["themes_by_health_board"] = themes

    cluster_columns = ["health_board", "cluster"]
    all_clusters = pd.concat([keys, clusters])
    priority = _counts(keys, _label_column(actions["priority_area"], labels["priority_area"]),
                       labels["priority_area"], cluster_columns, all_clusters)
    tables["priority_areas_by_cluster"] = _with_totals(priority, keys, cluster_columns)

    milestone = _counts(keys, _label_column(actions["milestone"], labels["milestone"]),
                        labels["milestone"], cluster_columns, all_clusters)
    tables["milestone_coverage"] = _with_totals(milestone, keys, cluster_columns)

    tables["smart_completeness_by_cluster"] = _smart(actions, keys, all_clusters)
    tables["needs_review_by_plan"] = _needs_review(actions, plans)
    tables["finance_by_priority_area"] = _finance(actions, labels["priority_area"])
    return tables


def _smart(actions: pd.DataFrame, keys: pd.DataFrame, all_clusters: pd.DataFrame) -> pd.DataFrame:
    flags = pd.DataFrame({
        "measurable": [as_bool(v) is True for v in actions["measurable"]],
        "time_bound": [as_bool(v) is True for v in actions["time_bound"]],
        "due_date": [bool(text_of(v).strip()) for v in actions["due_date"]],
        "amount_gbp": [not is_missing(v) and text_of(v) != "" for v in actions["amount_gbp"]],
    })
    flags["all_four"] = flags.all(axis=1) if len(flags) else pd.Series(dtype=bool)
    frame = pd.concat([keys.reset_index(drop=True), flags], axis=1)
    columns = ["health_board", "cluster", "n_actions", "share_measurable", "share_time_bound", "share_due_date",
               "share_amount_gbp", "share_all_four"]
    rows = []
    for (board, cluster), group in frame.groupby(["health_board", "cluster"], sort=True):
        n = len(group)
        rows.append([board, cluster, n] + [round(float(group[c].mean()), 4)
                                           for c in ("measurable", "time_bound", "due_date", "amount_gbp",
                                                     "all_four")])
    seen = {(r[0], r[1]) for r in rows}
    for board, cluster in all_clusters[["health_board", "cluster"]].drop_duplicates().itertuples(index=False):
        if (board, cluster) not in seen:
            rows.append([board, cluster, 0] + [float("nan")] * 5)
            seen.add((board, cluster))
    table = pd.DataFrame(rows, columns=columns)
    table["n_actions"] = table["n_actions"].astype("int64")
    return table.sort_values(["health_board", "cluster"], kind="stable").reset_index(drop=True)


def _needs_review(actions: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    counts: dict[str, list[int]] = {}
    for plan, flag in zip(actions["plan_id"], actions["needs_review"]):
        entry = counts.setdefault(text_of(plan), [0, 0])
        entry[0] += 1
        entry[1] += as_bool(flag) is True
    rows = []
    for plan in plans.itertuples(index=False):
        plan_id = text_of(plan.plan_id)
        n, flagged = counts.pop(plan_id, [0, 0])
        rows.append([plan_id, text_of(plan.source_file), text_of(plan.status), text_of(plan.health_board),
                     text_of(plan.cluster), n, flagged])
    for plan_id, (n, flagged) in counts.items():  # actions whose plan is not in plans.csv
        first = actions[actions["plan_id"].map(text_of) == plan_id].iloc[0]
        rows.append([plan_id, text_of(first["source_file"]), "", text_of(first["health_board"]),
                     text_of(first["cluster"]), n, flagged])
    table = pd.DataFrame(rows, columns=["plan_id", "source_file", "status", "health_board", "cluster",
                                        "n_actions", "n_needs_review"])
    table["n_actions"] = table["n_actions"].astype("int64")
    table["n_needs_review"] = table["n_needs_review"].astype("int64")
    table["share_needs_review"] = [round(f / n, 4) if n else float("nan")
                                   for f, n in zip(table["n_needs_review"], table["n_actions"])]
    return table


def _finance(actions: pd.DataFrame, known: list[str]) -> pd.DataFrame:
    areas = _label_column(actions["priority_area"], known)
    amounts = pd.to_numeric(actions["amount_gbp"], errors="coerce").reset_index(drop=True)
    frame = pd.DataFrame({"priority_area": areas, "amount": amounts})
    rows = []
    for area in list(known) + sorted(set(areas) - set(known)):
        group = frame.loc[frame["priority_area"] == area, "amount"]
        stated = group.dropna()
        rows.append([area, len(group), len(stated), float(stated.sum()) if len(stated) else 0.0,
                     float(stated.median()) if len(stated) else float("nan"),
                     float(stated.max()) if len(stated) else float("nan")])
    table = pd.DataFrame(rows, columns=["priority_area", "n_actions", "n_with_amount", "total_gbp", "median_gbp",
                                        "max_gbp"])
    table["n_actions"] = table["n_actions"].astype("int64")
    table["n_with_amount"] = table["n_with_amount"].astype("int64")
    return table


def write_summary(tables: dict[str, pd.DataFrame], out_dir) -> dict[str, Path]:
    """One CSV per table in out_dir (usually OUT/summary)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, table in tables.items():
        if not name.replace("_", "").isalnum():
            raise ValueError(f"summary table name {name!r} is not a plain file name")
        written[name] = write_csv(table, out_dir / f"{name}.csv")
    return written


__all__ = ["write_tables", "summary_tables", "write_summary", "write_csv", "csv_cell", "SUMMARY_TABLES",
           "NOT_STATED"]
