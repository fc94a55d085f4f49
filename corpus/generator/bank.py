"""Load the labelled bank (corpus/bank/*.jsonl) that plans are assembled from.

The bank is written by other people while the generator is used, so the loader
reads whatever `actions_*.jsonl` files exist, skips unreadable lines (a file
being appended may end in half a line) and falls back to built-in narrative
sentences when `non_actions.jsonl` is missing.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from .vocab import FALLBACK_NARRATIVE, PRIORITY_ORDER

log = logging.getLogger(__name__)

DEFAULT_BANK = Path(__file__).resolve().parents[1] / "bank"
TEXT_FIELDS = ["alignment_text", "objective", "action", "expected_outcome", "risks", "workforce",
               "finance", "monitoring"]


@dataclass
class Bank:
    actions: list[dict] = field(default_factory=list)
    non_actions: list[dict] = field(default_factory=list)

    def by_area(self) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for rec in self.actions:
            out.setdefault(rec["priority_area"], []).append(rec)
        return out

    def narrative(self, kind: str) -> list[dict]:
        return [r for r in self.non_actions if r.get("kind") == kind]


def _read_jsonl(path: Path) -> list[dict]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            log.warning("%s:%d: unreadable line skipped", path.name, n)
            continue
        if isinstance(rec, dict):
            out.append(rec)
    return out


def _clean_action(rec: dict) -> dict | None:
    if not rec.get("id") or not str(rec.get("action") or "").strip():
        return None
    if rec.get("priority_area") not in PRIORITY_ORDER:
        return None
    out = dict(rec)
    for key in TEXT_FIELDS:
        out[key] = str(out.get(key) or "").strip()
    out.setdefault("group", out["id"])
    out["group"] = out["group"] or out["id"]
    out["themes"] = list(out.get("themes") or [])
    out.setdefault("milestone", "none")
    for key in ("measurable", "time_bound"):
        out[key] = bool(out.get(key))
    out.setdefault("due_date", None)
    out.setdefault("amount_gbp", None)
    return out


def load_split_ids(path: str | Path) -> set[str] | None:
    path = Path(path)
    if not path.exists():
        return None
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


def load_bank(bank_dir: str | Path | None = None, ids: set[str] | None = None) -> Bank:
    """Read every actions_*.jsonl and non_actions.jsonl in bank_dir.

    ids: keep only action records whose id is in this set (e.g. a test split).
    """
    bank_dir = Path(bank_dir) if bank_dir else DEFAULT_BANK
    actions: list[dict] = []
    seen: set[str] = set()
    for path in sorted(bank_dir.glob("actions_*.jsonl")):
        for rec in _read_jsonl(path):
            rec = _clean_action(rec)
            if rec is None or rec["id"] in seen:
                continue
            if ids is not None and rec["id"] not in ids:
                continue
            seen.add(rec["id"])
            actions.append(rec)
    actions.sort(key=lambda r: r["id"])
    non_actions = []
    na_path = bank_dir / "non_actions.jsonl"
    if na_path.exists():
        non_actions = [r for r in _read_jsonl(na_path) if str(r.get("text") or "").strip()]
        non_actions.sort(key=lambda r: str(r.get("id")))
    if not non_actions:
        non_actions = [{"id": f"builtin-{kind}-{i}", "text": text, "kind": kind}
                       for kind, texts in FALLBACK_NARRATIVE.items() for i, text in enumerate(texts)]
    return Bank(actions=actions, non_actions=non_actions)
