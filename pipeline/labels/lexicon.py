"""Seed-phrase features: for each label of the taxonomy, does the text use one of its seed phrases.

The phrases are data (``seed_phrases`` in the taxonomy file). They give the linear heads
a prior that a few hundred labelled rows cannot: a rare wording of a theme ("FeNO",
"podiatry") is found when it is listed, though the labelled rows never used it.
"""
from __future__ import annotations

import re

import numpy as np
from scipy import sparse

SHORT_PHRASE = 3  # phrases this short ("af", "crt", "it") must be whole words, not word starts


class Lexicon:
    """One regex over all seed phrases; a column per (kind, label)."""

    def __init__(self, phrases: dict[str, list[str]]):
        self.phrases = {column: list(label_phrases) for column, label_phrases in phrases.items()}
        self.columns = list(phrases)
        owners: dict[str, set[int]] = {}
        for column, label_phrases in enumerate(phrases.values()):
            for phrase in label_phrases:
                phrase = " ".join(phrase.lower().split())
                if phrase:
                    owners.setdefault(phrase, set()).add(column)
        self._owners = {phrase: sorted(cols) for phrase, cols in owners.items()}
        alternatives = sorted(self._owners, key=len, reverse=True)
        body = "|".join(re.escape(p) + (r"\b" if len(p) <= SHORT_PHRASE else r"\w*") for p in alternatives)
        self._pattern = re.compile(r"(?<!\w)(?:" + body + ")") if alternatives else None
        self._prefix = {}  # matched text -> the phrase that matched it (the longest that fits)
        self._sorted = alternatives

    @classmethod
    def from_taxonomy(cls, taxonomy, kinds=("priority_area", "milestone", "themes")) -> "Lexicon":
        labels = {"priority_area": taxonomy.priority_areas, "milestone": taxonomy.milestones, "themes": taxonomy.themes}
        return cls({f"{kind}:{label['id']}": label.get("seed_phrases", []) for kind in kinds for label in labels[kind]})

    def _phrase(self, matched: str) -> str | None:
        phrase = self._prefix.get(matched)
        if phrase is None:
            for candidate in self._sorted:
                if matched.startswith(candidate):
                    phrase = candidate
                    break
            self._prefix[matched] = phrase
        return phrase

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        """(n_texts, n_columns): 1 when any seed phrase of the column's label occurs."""
        rows, cols = [], []
        if self._pattern is not None:
            for i, text in enumerate(texts):
                seen = set()
                for match in self._pattern.finditer(" ".join((text or "").lower().split())):
                    phrase = self._phrase(match.group(0))
                    if phrase is not None:
                        seen.update(self._owners[phrase])
                rows += [i] * len(seen)
                cols += sorted(seen)
        data = np.ones(len(rows), dtype=np.float32)
        return sparse.csr_matrix((data, (rows, cols)), shape=(len(texts), len(self.columns)), dtype=np.float32)
