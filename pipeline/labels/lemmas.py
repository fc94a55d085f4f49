"""Words and their lemmas for the classifiers' features.

The lemmas are spaCy's English lookup table (spacy-lookups-data ``en_lemma_lookup``,
WordNet-derived; licence beside the file), the table spaCy's ``Lemmatizer`` uses in
``lookup`` mode. Running spaCy's tokenizer costs ~150 us an action here, the whole
inference budget at 5,000 actions/s, so words are found with one regex that splits
where spaCy's tokenizer does for word tokens (tests/labels/test_lemmas.py measures the
agreement on the labelled bank) and each word is looked up in the same table.
"""
from __future__ import annotations

import functools
import gzip
import json
import re
from pathlib import Path

LEMMA_TABLE = Path(__file__).resolve().parent / "data" / "en_lemma_lookup.json.gz"
WORD = re.compile(r"[£%]|[^\W_]+", re.UNICODE)
SYMBOLS = frozenset("£%")  # word tokens of their own for the n-grams, never part of a seed phrase
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@functools.lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    with gzip.open(LEMMA_TABLE, "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    # the table keys are as spaCy sees them; the features are lower case
    return {form.lower(): lemma.lower() for form, lemma in table.items() if form.islower() or form.lower() not in table}


@functools.lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Every lower-case word form the lemma table knows, as a form or as a lemma."""
    table = lemma_table()
    return frozenset(table) | frozenset(table.values())


def fold_numbers(text: str) -> str:
    """Numbers become one token: '£12,500' and '£9,000' say the same thing to a topic model."""
    return _NUMBER.sub("0", text or "")


def words(text: str) -> list[str]:
    """Lower-case word tokens, numbers folded to '0'."""
    return WORD.findall(fold_numbers(text).lower())


_TOKEN_CACHE_LIMIT = 200_000


@functools.lru_cache(maxsize=_TOKEN_CACHE_LIMIT)
def token_lemmas(token: str) -> str:
    """The lemmas of one whitespace token (numbers already folded), space-separated."""
    table = lemma_table()
    return " ".join([table.get(w, w) for w in WORD.findall(token.lower())])


def lemmatise(text: str) -> str:
    """The text as space-separated lemmas, for the word n-gram vectoriser."""
    return lemmatise_folded(fold_numbers(text))


def lemmatise_folded(folded: str) -> str:
    """lemmatise() of a text whose numbers are already folded (cached per whitespace token: plans
    reuse their words)."""
    return " ".join([lemmas for lemmas in map(token_lemmas, folded.split()) if lemmas])
