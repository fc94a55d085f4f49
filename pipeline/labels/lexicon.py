"""Seed-phrase features: for each label of the taxonomy, does the text use one of its seed phrases.

The phrases are data (``seed_phrases`` in the taxonomy file). They give the linear heads
a prior that a few hundred labelled rows cannot: a rare wording of a theme ("FeNO",
"podiatry") is found when it is listed, though the labelled rows never used it.

Text and phrases are compared as lower-case alphanumeric words ("same-day" is "same day"),
with numbers folded to "0" as the n-gram features fold them.
A phrase's last word is a word start ("diabet" finds "diabetic"), unless it is three
characters or fewer ("af", "crt"), which must be a whole word; earlier words must be whole.
"""
from __future__ import annotations

import numpy as np
from scipy import sparse

from .lemmas import SYMBOLS, words

SHORT_WORD = 3


def phrase_words(text: str) -> list[str]:
    """Lower-case words, numbers folded as the n-gram features fold them (so phrases hold no digits)."""
    return [w for w in words(text) if w not in SYMBOLS]


class Lexicon:
    """Seed phrases of several labels; one column per label."""

    def __init__(self, phrases: dict[str, list[str]]):
        self.phrases = {column: list(label_phrases) for column, label_phrases in phrases.items()}
        self.columns = list(phrases)
        self._single: dict[str, set[int]] = {}  # one-word phrase -> columns
        multi: dict[str, list[tuple[tuple[str, ...], set[int]]]] = {}  # first word -> (rest, columns)
        for column, label_phrases in enumerate(self.phrases.values()):
            for phrase in label_phrases:
                tokens = tuple(phrase_words(phrase))
                if len(tokens) == 1:
                    self._single.setdefault(tokens[0], set()).add(column)
                elif tokens:
                    entries = multi.setdefault(tokens[0], [])
                    for rest, cols in entries:
                        if rest == tokens[1:]:
                            cols.add(column)
                            break
                    else:
                        entries.append((tokens[1:], {column}))
        # first word -> the second word's first four characters -> (rest, columns): a text's word pair
        # then meets only the phrases it could complete (a word start shares its first four characters)
        self._multi_index: dict[str, dict[str, list[tuple[tuple[str, ...], set[int]]]]] = {}
        for first, entries in multi.items():
            for rest, cols in entries:
                self._multi_index.setdefault(first, {}).setdefault(rest[0][:SHORT_WORD + 1], []).append((rest, cols))
        self._word_cache: dict[str, frozenset[int]] = {}

    @classmethod
    def from_taxonomy(cls, taxonomy, kinds=("priority_area", "milestone", "themes")) -> "Lexicon":
        labels = {"priority_area": taxonomy.priority_areas, "milestone": taxonomy.milestones, "themes": taxonomy.themes}
        return cls({f"{kind}:{label['id']}": label.get("seed_phrases", []) for kind in kinds for label in labels[kind]})

    @staticmethod
    def _starts(word: str, phrase_word: str) -> bool:
        return word == phrase_word if len(phrase_word) <= SHORT_WORD else word.startswith(phrase_word)

    def _word_columns(self, word: str) -> frozenset[int]:
        """Columns of the one-word phrases this word starts (cached: plans reuse their words)."""
        columns: set[int] = set()
        for end in range(1, len(word) + 1):
            prefix = word[:end]
            if prefix in self._single and self._starts(word, prefix):
                columns |= self._single[prefix]
        found = self._word_cache[word] = frozenset(columns)
        return found

    def columns_of(self, text: str) -> set[int]:
        return self.columns_of_words(phrase_words(text))

    @property
    def longest(self) -> int:
        """The most words a seed phrase has."""
        return max((1 + len(rest) for by_second in self._multi_index.values() for entries in by_second.values()
                    for rest, _ in entries), default=1)

    @property
    def longer_starts(self) -> dict:
        """First words of the phrases of several words."""
        return self._multi_index

    def columns_of_words(self, tokens: list[str], single: bool = True, longer: bool = True) -> set[int]:
        """Columns whose phrases occur in this word sequence: one-word phrases, phrases of several words."""
        cache = self._word_cache
        seen: set[int] = set()
        for word in set(tokens) if single else ():
            columns = cache.get(word)
            if columns is None:
                columns = self._word_columns(word)
            if columns:
                seen |= columns
        if longer:
            seen |= self.columns_at(tokens, [i for i, word in enumerate(tokens) if word in self._multi_index])
        return seen

    def columns_at(self, tokens: list[str], positions: list[int]) -> set[int]:
        """Columns of the phrases of several words that start at these positions of the word sequence."""
        seen: set[int] = set()
        n = len(tokens)
        for i in positions:
            if i + 1 >= n:
                continue
            for rest, phrase_columns in self._multi_index.get(tokens[i], {}).get(tokens[i + 1][:SHORT_WORD + 1], ()):
                following = tokens[i + 1:i + 1 + len(rest)]
                if (len(following) == len(rest) and following[:-1] == list(rest[:-1])
                        and self._starts(following[-1], rest[-1])):
                    seen |= phrase_columns
        return seen

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        """(n_texts, n_columns): 1 when any seed phrase of the column's label occurs."""
        return self.matrix([self.columns_of(text) for text in texts])

    def matrix(self, found: list[set[int]]) -> sparse.csr_matrix:
        rows, cols = [], []
        for i, seen in enumerate(found):
            rows += [i] * len(seen)
            cols += sorted(seen)
        data = np.ones(len(rows), dtype=np.float32)
        return sparse.csr_matrix((data, (rows, cols)), shape=(len(found), len(self.columns)), dtype=np.float32)
