"""The inference-time n-gram transforms give what scikit-learn's vectorisers give."""
import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.labels.classifiers import content_text
from pipeline.labels.data import load_bank_actions
from pipeline.labels.lemmas import fold_numbers, lemmatise
from pipeline.labels.ngrams import CharWordGrams, WordGrams
from pipeline.labels.textmodel import CHAR_PARAMS, WORD_PARAMS

ODD = ["", "a", "ab", "a b ab x", "I  a\n\nbb ccc dddd", "£12,500 ó é – “quoted”", "x" * 60, "Tab\tseparated\u00a0nbsp"]


@pytest.fixture(scope="module")
def texts():
    bank = load_bank_actions()[::4]
    return [content_text(r["action"], r.get("objective", ""), r.get("expected_outcome", "")) for r in bank] + ODD


@pytest.mark.parametrize("ngram_range", [(3, 4), (2, 5), (1, 1)])
def test_char_grams_equal_sklearn(texts, ngram_range):
    prepared = [fold_numbers(t) for t in texts]
    vectorizer = TfidfVectorizer(**(CHAR_PARAMS | {"ngram_range": ngram_range, "min_df": 1})).fit(prepared[::2])
    expected = vectorizer.transform(prepared)
    fast = CharWordGrams(vectorizer)
    got = fast.transform(prepared)
    again = fast.transform(prepared)  # from the per-word cache
    assert got.shape == expected.shape and got.nnz == expected.nnz
    assert abs(got - expected).max() < 1e-6
    assert abs(again - expected).max() < 1e-6


def test_word_grams_equal_sklearn(texts):
    lemmas = [lemmatise(t) for t in texts]
    vectorizer = TfidfVectorizer(**(WORD_PARAMS | {"min_df": 1})).fit(lemmas[::2])
    expected = vectorizer.transform(lemmas)
    got = WordGrams(vectorizer).transform(lemmas)
    assert got.nnz == expected.nnz
    assert abs(got - expected).max() < 1e-6
    # rows are unit length, or empty when no n-gram is known
    norms = np.sqrt(np.asarray(got.multiply(got).sum(axis=1)).ravel())
    assert np.all((np.abs(norms - 1) < 1e-5) | (norms == 0))


def test_inference_features_equal_the_training_features(texts):
    from pipeline.labels.lexicon import Lexicon
    from pipeline.labels.taxonomy import load_taxonomy
    from pipeline.labels.textmodel import Features

    features = Features(lexicon=Lexicon.from_taxonomy(load_taxonomy()))
    trained = features.fit_transform(texts)
    fast = features.transform(texts)
    assert fast.shape == trained.shape
    assert abs(fast - trained).max() < 1e-6
    assert abs(features.transform(texts[::-1])[::-1] - trained).max() < 1e-6  # from the token cache


def test_group_wording_is_a_block_of_its_own(texts):
    """The group-wording head sees the action's features and, beside them, the group row's."""
    from pipeline.labels.lexicon import Lexicon
    from pipeline.labels.taxonomy import load_taxonomy
    from pipeline.labels.textmodel import GROUP_BLOCK_WEIGHT, Features

    features = Features(lexicon=Lexicon.from_taxonomy(load_taxonomy()))
    X = features.fit_transform(texts[:20])
    groups = ["Frailty", "2020/23 Cluster IMTP Priority: Frailty", "Frailty"] + [""] * 17
    joined = features.with_group(X, groups)
    n = X.shape[1]
    assert joined.shape == (20, 2 * n)
    assert abs(joined[:, :n] - X).max() == 0
    group_block = features.transform(["Frailty"]) * GROUP_BLOCK_WEIGHT
    assert abs(joined[0, n:] - group_block).max() < 1e-6 and abs(joined[2, n:] - group_block).max() < 1e-6
    assert joined[1, n:].nnz > group_block.nnz and joined[3:, n:].nnz == 0


def test_a_group_head_scores_rows_without_building_the_joined_matrix(texts):
    from pipeline.labels.textmodel import Features, LinearHead

    features = Features()
    X = features.fit_transform(texts[:20])
    groups = ["Frailty", "Milestone: care homes", "Frailty"] + ["Covid-19 Cluster Hub delivery"] * 17
    rng = np.random.default_rng(3)
    head = LinearHead(classes=["a", "b", "c"], coef=rng.normal(size=(3, 2 * X.shape[1])).astype(np.float32),
                      intercept=np.array([0.1, -0.2, 0.0], dtype=np.float32), temperature=1.7)
    G, index = features.distinct_rows(groups)
    assert G.shape[0] == 3
    assert abs(head.proba_beside_group(X, G, index, 0.25) - head.proba(features.with_group(X, groups, 0.25))).max() < 1e-5
