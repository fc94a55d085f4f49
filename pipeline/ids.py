"""Stable identifiers: the same content gets the same id on every run."""
from __future__ import annotations

import hashlib
from collections import Counter

from .documents.text import normalise_for_match


def file_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def plan_id(sha256: str) -> str:
    return "p" + sha256[:12]


def action_ids(plan: str, texts: list[str]) -> list[str]:
    """The same action text in the same plan gets the same id; repeats are numbered in order."""
    seen: Counter[str] = Counter()
    ids = []
    for text in texts:
        key = normalise_for_match(text)
        seen[key] += 1
        digest = hashlib.sha1(f"{plan}|{key}|{seen[key]}".encode("utf-8")).hexdigest()[:10]
        ids.append(f"{plan}-{digest}")
    return ids
