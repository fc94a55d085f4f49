"""Precision, recall, F1 and confusion, as plain dicts for metrics.json."""
from __future__ import annotations

import numpy as np


def classification_report(gold: list[str], predicted: list[str], labels: list[str]) -> dict:
    per_label = {}
    f1s = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        support = tp + fn
        per_label[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                            "support": support}
        if support:
            f1s.append(f1)
    confusion = {g: {p: sum(a == g and b == p for a, b in zip(gold, predicted)) for p in labels} for g in labels}
    accuracy = float(np.mean([g == p for g, p in zip(gold, predicted)])) if gold else 0.0
    return {"accuracy": round(accuracy, 4), "macro_f1": round(float(np.mean(f1s)) if f1s else 0.0, 4),
            "n": len(gold), "per_label": per_label, "confusion": confusion}


def multilabel_report(Y: np.ndarray, P: np.ndarray, labels: list[str]) -> dict:
    Y = np.asarray(Y, dtype=bool)
    P = np.asarray(P, dtype=bool)
    per_label = {}
    f1s = []
    for j, label in enumerate(labels):
        tp = int(np.sum(Y[:, j] & P[:, j]))
        fp = int(np.sum(~Y[:, j] & P[:, j]))
        fn = int(np.sum(Y[:, j] & ~P[:, j]))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                            "support": tp + fn}
        if tp + fn:
            f1s.append(f1)
    tp = int(np.sum(Y & P))
    fp = int(np.sum(~Y & P))
    fn = int(np.sum(Y & ~P))
    micro = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    exact = float(np.mean(np.all(Y == P, axis=1))) if len(Y) else 0.0
    return {"micro_f1": round(micro, 4), "macro_f1": round(float(np.mean(f1s)) if f1s else 0.0, 4),
            "exact_match": round(exact, 4), "n": int(len(Y)), "per_label": per_label}
