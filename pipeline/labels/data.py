"""Labelled data: the corpus bank, imported reviews, and group-aware splits.

Splits keep near-duplicate wordings on one side: records sharing a `group`,
or whose word 3-gram sets overlap strongly, fall in one cluster, and whole
clusters are assigned to train, dev or test by a hash of their first id, so
adding records never moves old ones between splits.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from pathlib import Path

from ..config import PROJECT_DIR

CORPUS_DIR = PROJECT_DIR / "corpus"
BANK_DIR = CORPUS_DIR / "bank"
SPLITS_DIR = CORPUS_DIR / "splits"
REVIEWS_FILE = CORPUS_DIR / "reviews" / "reviewed.jsonl"
SPLIT_SHARES = (("train", 0.70), ("dev", 0.15), ("test", 0.15))
NEAR_DUPLICATE = 0.5  # Jaccard overlap of word 3-grams


def read_jsonl(path: Path) -> list[dict]:
    records = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.strip()
            if not line:
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON ({error.msg})") from error
    return records


def load_bank_actions(folder: Path = BANK_DIR) -> list[dict]:
    records = []
    for path in sorted(folder.glob("actions_*.jsonl")):
        records += read_jsonl(path)
    return records


def load_non_actions(folder: Path = BANK_DIR) -> list[dict]:
    path = folder / "non_actions.jsonl"
    return read_jsonl(path) if path.exists() else []


def load_reviews(path: Path = REVIEWS_FILE) -> list[dict]:
    """Reviewed rows (`plans review import`'s store) as bank-like records, always in train."""
    return review_records(read_jsonl(path)) if path.exists() else []


def is_review_row(row: dict) -> bool:
    return "action_id" in row and "run_id" in row and "id" not in row


REVIEW_ID_PREFIX = "review-"


def is_reviewed(record: dict) -> bool:
    """Whether a bank-like record came from an imported review."""
    return str(record.get("id", "")).startswith(REVIEW_ID_PREFIX)


def review_records(rows: list[dict]) -> list[dict]:
    """Store rows as bank-like records: an action (is_action true) with its labels, or a non-action
    ({"id", "text"}) where the reviewer said the row is no action of the plan."""
    records = []
    for row in rows:
        rid = f"{REVIEW_ID_PREFIX}{row.get('action_id', '')}"
        if row.get("is_action", True) is False:
            records.append({"id": rid, "text": row.get("action", ""), "kind": "review", "group": rid})
            continue
        record = dict(row)
        record["id"], record["group"] = rid, rid
        record.setdefault("alignment_text", row.get("strategic_alignment_text", ""))
        records.append(record)
    return records


def split_actions(records: list[dict]) -> tuple[list[dict], list[dict]]:
    """(actions, non-actions): a non-action has text and no action."""
    actions, non_actions = [], []
    for record in records:
        (non_actions if "text" in record and "action" not in record else actions).append(record)
    return actions, non_actions


def _shingles(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {" ".join(words[i:i + 3]) for i in range(max(len(words) - 2, 1))}


def near_duplicate_clusters(records: list[dict], text_key=lambda r: r.get("action", r.get("text", ""))) -> dict[str, str]:
    """id -> cluster id (the smallest id in its cluster)."""
    parent: dict[str, str] = {}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in records:
        parent[r["id"]] = r["id"]
    by_group = defaultdict(list)
    for r in records:
        by_group[r.get("group") or r["id"]].append(r["id"])
    for ids in by_group.values():
        for other in ids[1:]:
            union(ids[0], other)
    # candidate pairs share a rare shingle; compare only those
    shingles = {r["id"]: _shingles(text_key(r)) for r in records}
    index = defaultdict(list)
    for rid, sh in shingles.items():
        for s in sh:
            index[s].append(rid)
    for rid, sh in shingles.items():
        counts = defaultdict(int)
        for s in sh:
            postings = index[s]
            if len(postings) > 50:
                continue
            for other in postings:
                if other > rid:
                    counts[other] += 1
        for other, shared in counts.items():
            union_size = len(sh) + len(shingles[other]) - shared
            if union_size and shared / union_size >= NEAR_DUPLICATE:
                union(rid, other)
    return {rid: find(rid) for rid in parent}


def assign_splits(records: list[dict], **kwargs) -> dict[str, str]:
    clusters = near_duplicate_clusters(records, **kwargs)
    out = {}
    for rid, cluster in clusters.items():
        fraction = int(hashlib.sha256(cluster.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
        cumulative = 0.0
        for name, share in SPLIT_SHARES:
            cumulative += share
            if fraction <= cumulative:
                out[rid] = name
                break
        else:
            out[rid] = SPLIT_SHARES[-1][0]
    return out


def write_splits(folder: Path = SPLITS_DIR) -> dict[str, int]:
    actions = load_bank_actions()
    non_actions = load_non_actions()
    assignment = assign_splits(actions)
    assignment.update(assign_splits(non_actions, text_key=lambda r: r.get("text", "")))
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, _ in SPLIT_SHARES:
        ids = sorted(rid for rid, split in assignment.items() if split == name)
        (folder / f"{name}.txt").write_text("\n".join(ids) + "\n", encoding="utf-8")
        counts[name] = len(ids)
    return counts


def read_splits(folder: Path = SPLITS_DIR) -> dict[str, str]:
    out = {}
    for name, _ in SPLIT_SHARES:
        path = folder / f"{name}.txt"
        if path.exists():
            for rid in path.read_text(encoding="utf-8").split():
                out[rid] = name
    return out


def split_records(records: list[dict], splits: dict[str, str], default: str = "train") -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {name: [] for name, _ in SPLIT_SHARES}
    for record in records:
        out[splits.get(record["id"], default)].append(record)
    return out
