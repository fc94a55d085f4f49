"""What every writer shares: the contract's column lists, label sets, cell
formatting and the action-text fingerprint the review import checks against."""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import unicodedata

import pandas as pd

from ..actions.record import EXTRA_FIELDS
from .safe_text import is_missing

ACTION_COLUMNS = [
    "action_id", "plan_id", "source_file", "health_board", "cluster", "plan_year", "section_no", "section_key",
    "page", "source_kind", "strategic_alignment_text", "objective", "action", "expected_outcome", "risks",
    "workforce", "finance", "monitoring", "priority_area", "priority_area_confidence", "milestone",
    "milestone_confidence", "themes", "measurable", "time_bound", "due_date", "amount_gbp", "needs_review",
]
PLAN_COLUMNS = ["plan_id", "source_file", "sha256", "status", "error", "template", "health_board", "cluster",
                "plan_year", "n_pages", "n_sections", "n_actions"]
SECTION_COLUMNS = ["plan_id", "section_no", "section_key", "heading", "page_start", "page_end", "n_chars"]

# the plan's own words, in the order a reviewer reads them
TEXT_COLUMNS = ["strategic_alignment_text", "objective", "action", "expected_outcome", "risks", "workforce",
                "finance", "monitoring"]
# columns plans add to Figure II (Lead, Timescale, Status): shown to reviewers, not part of a row's fingerprint,
# so reviewed files from before they existed still import
EXTRA_TEXT_COLUMNS = list(EXTRA_FIELDS)
BOOL_COLUMNS = ["measurable", "time_bound", "needs_review"]
INT_COLUMNS = ["section_no", "page"]
FLOAT_COLUMNS = ["priority_area_confidence", "milestone_confidence", "amount_gbp"]
LABEL_KINDS = ("priority_area", "milestone", "themes")
# labels a reviewer corrects; the review import stores these
REVIEWED_LABELS = ["priority_area", "milestone", "themes", "measurable", "time_bound"]

NOT_STATED = "(not stated)"


# --------------------------------------------------------------------------- labels

def resolve_labels(labels: dict | None = None) -> dict[str, list[str]]:
    """The label ids per kind: the argument when given, else the cycle's taxonomy file."""
    if labels is None:
        from ..labels.taxonomy import load_taxonomy

        labels = load_taxonomy().labels()
    resolved = {}
    for kind in LABEL_KINDS:
        ids = labels.get(kind)
        if not ids:
            raise ValueError(f"label set has no {kind!r} ids")
        resolved[kind] = [item["id"] if isinstance(item, dict) else str(item) for item in ids]
    return resolved


def label_descriptions() -> dict[str, dict[str, str]]:
    """kind -> id -> description from the taxonomy file; empty when it cannot be read."""
    try:
        from ..labels.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
    except Exception:  # descriptions are a courtesy; ids come from the caller
        return {kind: {} for kind in LABEL_KINDS}
    return {
        "priority_area": {d["id"]: str(d.get("description", "")) for d in taxonomy.priority_areas},
        "milestone": {d["id"]: str(d.get("description", "")) for d in taxonomy.milestones},
        "themes": {d["id"]: str(d.get("description", "")) for d in taxonomy.themes},
    }


def split_themes(value) -> list[str]:
    """`a;b` (or a list) -> ['a', 'b']; commas are accepted too, blanks dropped."""
    if is_missing(value):
        return []
    if isinstance(value, (list, tuple, set)):
        items = [str(v) for v in value]
    else:
        items = re.split(r"[;,\n]", str(value))
    seen, out = set(), []
    for item in items:
        item = item.strip()
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


# --------------------------------------------------------------------------- frames

def check_columns(frame: pd.DataFrame, columns: list[str], name: str) -> pd.DataFrame:
    """The frame with the contract columns first; an empty frame gains missing columns,
    a frame with rows and missing columns is an error (a bug upstream, not data)."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        if len(frame):
            raise ValueError(f"{name} lacks contract columns: {', '.join(missing)}")
        frame = frame.copy()
        for column in missing:
            frame[column] = pd.Series(dtype="object")
    extras = [c for c in frame.columns if c not in columns and not str(c).startswith("_")]
    return frame[columns + extras]


def text_of(value) -> str:
    """A cell as text: '' for missing, ISO for dates, integers without '.0'."""
    if is_missing(value):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool,)) or type(value).__name__ == "bool_":
        return "true" if bool(value) else "false"
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return ";".join(text_of(v) for v in value)
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        return format_number(float(value))
    if isinstance(value, int) or type(value).__name__.startswith(("int", "uint")):
        return str(int(value))
    return str(value)


def format_number(value: float) -> str:
    if not math.isfinite(value):
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".10g")


def as_bool(value) -> bool | None:
    """True/False from a bool, 'true'/'false' text or 0/1; None when missing or unreadable."""
    if is_missing(value):
        return None
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    if isinstance(value, str):
        return {"true": True, "false": False}.get(value.strip().lower())
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    return None


def cluster_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """health_board and cluster as grouping keys: a board or cluster the plan does not
    state is shown as such, and an unnamed cluster keeps its own file so plans are
    never merged by accident."""
    board = frame["health_board"].map(lambda v: text_of(v).strip() or NOT_STATED)
    files = frame["source_file"].map(lambda v: text_of(v).strip())
    cluster = [text_of(c).strip() or f"{NOT_STATED} {f}".strip() for c, f in zip(frame["cluster"], files)]
    return pd.DataFrame({"health_board": list(board), "cluster": cluster}, index=frame.index)


# --------------------------------------------------------------------------- fingerprints

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# a control character as OOXML writes it inside a string (_x000D_), which some readers return as is
_CONTROL_ESCAPE = re.compile(r"_x00(?:[01][0-9A-Fa-f]|7[Ff]|[89][0-9A-Fa-f])_")
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SPACE = re.compile(r"\s+")
# what a spreadsheet cell should not hold: control characters other than tab and line feed
_CELL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def cell_text(value) -> str:
    """Text for a spreadsheet cell: control characters (other than tab and line feed) become spaces."""
    return _CELL_CONTROL.sub(" ", text_of(value))


def unescape_ooxml(text: str) -> str:
    """_xHHHH_ escapes (as a reader may leave them) back to characters."""
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def normalise_text(value) -> str:
    """What a reviewer's spreadsheet cannot change by accident: Unicode form, line
    endings, runs of white space, control characters, leading/trailing space."""
    text = unicodedata.normalize("NFC", text_of(value))
    text = _CONTROL.sub(" ", _CONTROL_ESCAPE.sub(" ", text))
    return _SPACE.sub(" ", text).strip()


def field_hash(value) -> str:
    return hashlib.sha256(normalise_text(value).encode("utf-8")).hexdigest()[:12]


def fingerprint(row) -> str:
    """sha256 over the normalised text columns of one action (a mapping)."""
    joined = "\x1f".join(normalise_text(row.get(c, "")) for c in TEXT_COLUMNS)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def field_hashes(row) -> str:
    """Short per-column hashes, ';'-joined in TEXT_COLUMNS order: which column changed."""
    return ";".join(field_hash(row.get(c, "")) for c in TEXT_COLUMNS)
