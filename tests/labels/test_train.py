"""The review policy chosen at training: thresholds on held-out confidences."""
import numpy as np

from pipeline.labels.classifiers import Labels
from pipeline.labels.train import (FOLD_TARGET_UNFLAGGED_ACCURACY, TARGET_UNFLAGGED_ACCURACY, _nested_review_check,
                                   _review_thresholds, _wilson_lower)


def _calibrated_rows(n=2000, seed=5):
    """Rows whose milestone is right with the probability the confidence says (priority always right)."""
    rng = np.random.default_rng(seed)
    confidence = rng.uniform(0.3, 1.0, n)
    right = rng.uniform(size=n) < confidence
    records = [{"priority_area": "p", "milestone": "m"} for _ in range(n)]
    predictions = [Labels("p", 0.99, "alignment", "m" if ok else "other", float(c), [])
                   for ok, c in zip(right, confidence)]
    batches = [np.arange(k, n, 5) for k in range(5)]
    return predictions, records, batches, right, confidence


def test_thresholds_keep_every_batch_of_unflagged_rows_right():
    predictions, records, batches, right, confidence = _calibrated_rows()
    chosen = _review_thresholds(predictions, records, batches)
    keep = confidence >= chosen["milestone"]
    assert 0 < chosen["flagged_share"] < 1 and abs(chosen["flagged_share"] - (1 - keep.mean())) < 1e-3
    assert right[keep].mean() >= TARGET_UNFLAGGED_ACCURACY
    assert all(right[b][keep[b]].mean() >= FOLD_TARGET_UNFLAGGED_ACCURACY for b in batches)
    # and it flags no more than it must: the next threshold down breaks the promise somewhere
    looser = confidence >= chosen["milestone"] - 0.0125
    assert _wilson_lower(right[looser].sum(), looser.sum()) < TARGET_UNFLAGGED_ACCURACY or any(
        right[b][looser[b]].mean() < FOLD_TARGET_UNFLAGGED_ACCURACY for b in batches)


def test_nested_check_scores_each_fold_with_thresholds_it_did_not_choose():
    predictions, records, batches, right, confidence = _calibrated_rows()
    nested = _nested_review_check(predictions, records, batches)
    assert len(nested["unflagged_accuracy_by_fold"]) == 5
    assert 0 < nested["flagged_share"] < 1
    assert nested["unflagged_accuracy"] > 0.9  # calibrated confidences: the policy carries over to new rows
    # a theme flag removes a row from the unflagged ones whatever its confidence
    for p in predictions:
        p.review_reasons = ["themes workforce"]
    assert _nested_review_check(predictions, records, batches)["flagged_share"] == 1.0
