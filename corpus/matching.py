"""Gold actions against extracted ones: the pairing every extraction figure is counted on."""
from __future__ import annotations

import difflib

from pipeline.documents.text import normalise_for_match

MATCH = 0.9  # word-level similarity at which an extracted action is the gold one


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, normalise_for_match(a).split(), normalise_for_match(b).split()).ratio()


def match(gold: list[dict], found: list[dict], threshold: float = MATCH) -> list[tuple[int, int]]:
    """(gold index, found index) pairs, best first, each side used once."""
    pairs = []
    for i, g in enumerate(gold):
        for j, f in enumerate(found):
            score = similarity(g["action"], f["action"])
            if score >= threshold:
                pairs.append((score, i, j))
    pairs.sort(reverse=True)
    used_g, used_f, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_g and j not in used_f:
            used_g.add(i), used_f.add(j)
            out.append((i, j))
    return out
