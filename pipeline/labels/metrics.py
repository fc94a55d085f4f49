"""Precision, recall, F1 and confusion, as plain dicts for metrics.json."""
from __future__ import annotations

import numpy as np


def _scores(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "support": tp + fn}


def _macro(per_label: dict) -> float:
    """Mean F1 over the labels that occur in the gold data."""
    f1s = [v["f1"] for v in per_label.values() if v["support"]]
    return round(float(np.mean(f1s)) if f1s else 0.0, 4)


def classification_report(gold: list[str], predicted: list[str], labels: list[str]) -> dict:
    gold_a, pred_a = np.array(gold, dtype=object), np.array(predicted, dtype=object)
    per_label = {label: _scores(int(np.sum((gold_a == label) & (pred_a == label))),
                                int(np.sum((gold_a != label) & (pred_a == label))),
                                int(np.sum((gold_a == label) & (pred_a != label))))
                 for label in labels}
    confusion = {g: {p: int(np.sum((gold_a == g) & (pred_a == p))) for p in labels} for g in labels}
    accuracy = float(np.mean(gold_a == pred_a)) if gold else 0.0
    return {"accuracy": round(accuracy, 4), "macro_f1": _macro(per_label), "n": len(gold),
            "per_label": per_label, "confusion": confusion}


def multilabel_report(Y: np.ndarray, P: np.ndarray, labels: list[str]) -> dict:
    Y = np.asarray(Y, dtype=bool)
    P = np.asarray(P, dtype=bool)
    per_label = {label: _scores(int(np.sum(Y[:, j] & P[:, j])), int(np.sum(~Y[:, j] & P[:, j])),
                                int(np.sum(Y[:, j] & ~P[:, j])))
                 for j, label in enumerate(labels)}
    micro = _scores(int(np.sum(Y & P)), int(np.sum(~Y & P)), int(np.sum(Y & ~P)))["f1"]
    exact = float(np.mean(np.all(Y == P, axis=1))) if len(Y) else 0.0
    return {"micro_f1": micro, "macro_f1": _macro(per_label), "exact_match": round(exact, 4), "n": int(len(Y)),
            "per_label": per_label}
