"""Stable identifiers: the same content gets the same id on every run."""
from __future__ import annotations

import functools
import hashlib
from collections import Counter
from pathlib import Path

from .documents.text import normalise_for_match


def file_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the package's code, rules and label files: results cached by an older
    pipeline are not reused after any of them change, released version or not."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".yaml") and p.is_file()):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


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
