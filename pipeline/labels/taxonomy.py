"""The plan cycle's label set, read from pipeline/taxonomies/<cycle>.yaml."""
from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .lemmas import words

BARE_WORDS = 3
TAXONOMY_DIR = Path(__file__).resolve().parent.parent / "taxonomies"
DEFAULT_CYCLE = "2021-22"


@dataclass(frozen=True, eq=False)  # hashed by identity: one loaded object per file
class Taxonomy:
    version: str
    cycle: str
    plan_year_start: int
    priority_areas: list[dict]
    milestones: list[dict]
    themes: list[dict]
    umbrella_patterns: list[str]
    umbrella_default: str
    sha256: str

    def ids(self, kind: str) -> list[str]:
        return [label["id"] for label in {"priority_area": self.priority_areas, "milestone": self.milestones,
                                          "themes": self.themes}[kind]]

    def labels(self) -> dict[str, list[str]]:
        return {kind: self.ids(kind) for kind in ("priority_area", "milestone", "themes")}


@functools.lru_cache(maxsize=None)
def alignment_patterns(taxonomy: Taxonomy, key: str = "alignment_patterns") -> tuple[list[tuple[str, list[re.Pattern]]],
                                                                                   list[re.Pattern]]:
    """(priority id, its compiled group-row patterns) per priority area, and the umbrella patterns.
    key "fallback_patterns": wording that decides only when no group row names a group outright;
    key "decisive_patterns": wording that decides wherever it appears among a row's group rows."""
    patterns = [(label["id"], [re.compile(p, re.I) for p in label.get(key, [])]) for label in taxonomy.priority_areas]
    return patterns, [re.compile(p, re.I) for p in taxonomy.umbrella_patterns]


@functools.lru_cache(maxsize=None)
def load_taxonomy(cycle_or_path: str = DEFAULT_CYCLE) -> Taxonomy:
    path = Path(cycle_or_path)
    if not path.suffix:
        path = TAXONOMY_DIR / f"{cycle_or_path}.yaml"
    raw = path.read_bytes()
    data = yaml.safe_load(raw)
    for kind in ("priority_area", "milestone", "themes"):
        ids = [label["id"] for label in data[kind]]
        if len(ids) != len(set(ids)) or not all(re.fullmatch(r"[a-z0-9_]+", i) for i in ids):
            raise ValueError(f"{path}: {kind} ids must be unique snake_case")
    return Taxonomy(
        version=str(data["version"]), cycle=str(data["cycle"]), plan_year_start=int(data["plan_year_start"]),
        priority_areas=data["priority_area"], milestones=data["milestone"], themes=data["themes"],
        umbrella_patterns=data.get("umbrella_patterns", []), umbrella_default=data.get("umbrella_default", ""),
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def names_priority(text: str, taxonomy: Taxonomy | None = None) -> bool:
    """Does this group row or heading use the wording of one of the priority areas?"""
    patterns, _ = alignment_patterns(taxonomy or load_taxonomy())
    return any(p.search(text) for _, label_patterns in patterns for p in label_patterns)


def bare_group_row(text: str) -> bool:
    """A group row of a few words only ("Essential services", "Rehabilitation"): the template reuses
    such sub-row wording inside more than one block, so it names a block less surely than a full title."""
    return len(words(text)) <= BARE_WORDS
