"""Seed-phrase features from the taxonomy."""
import pytest

from pipeline.labels.lexicon import Lexicon
from pipeline.labels.taxonomy import load_taxonomy

LEXICON = Lexicon({"ltc": ["diabet", "copd", "af", "heart failure"], "access": ["same day", "triage"],
                   "digital": ["e-consult", "it"]})


def columns(text):
    return {LEXICON.columns[j] for j in LEXICON.transform([text]).indices}


@pytest.mark.parametrize("text, expected", [
    ("Diabetic foot checks", {"ltc"}),  # a word start
    ("AF detection at flu clinics", {"ltc"}),  # a short phrase is a whole word ...
    ("After the clinic", set()),  # ... so "after" is not "af"
    ("Same-day triage", {"access"}),  # hyphens are spaces
    ("Heart-failure nurse", {"ltc"}),
    ("Heart nurse for the failure clinic", set()),  # a phrase's words must be adjacent
    ("eConsult", set()),
    ("E-consultations for IT support", {"digital"}),
    ("", set()),
])
def test_phrase_matching(text, expected):
    assert columns(text) == expected


def test_repeated_calls_use_the_word_cache_and_agree():
    texts = ["COPD reviews same day", "copd"] * 3
    first = LEXICON.transform(texts).toarray()
    assert (LEXICON.transform(texts).toarray() == first).all()
    assert first.shape == (6, 3)


def test_taxonomy_gives_a_column_per_label_with_seed_phrases():
    taxonomy = load_taxonomy()
    lexicon = Lexicon.from_taxonomy(taxonomy)
    n_labels = sum(len(taxonomy.ids(kind)) for kind in ("priority_area", "milestone", "themes"))
    assert len(lexicon.columns) == n_labels
    assert all(lexicon.phrases[f"themes:{label}"] for label in taxonomy.ids("themes"))
