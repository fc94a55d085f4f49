"""Train, calibrate, evaluate and save the classifiers (`plans train`, `plans evaluate`).

Every head is a linear model over one shared feature space: lemma 1-2-grams and character
3-4-grams (tf-idf) plus the taxonomy's seed phrases. Heads are fitted on train + dev; the
regularisation strength, the calibration (temperature for single-label heads, Platt scaling
per theme), the theme threshold and the review thresholds are all chosen on held-out scores
from 5-fold cross-validation over train + dev, grouped by near-duplicate cluster. The test
split is touched once, for the figures in metrics.json.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from ..config import PROJECT_DIR
from .classifiers import Classifier, alignment_rule_precision, content_text, review_reasons
from .data import (is_review_row, is_reviewed, load_bank_actions, load_non_actions, load_reviews,
                   near_duplicate_clusters, read_jsonl, read_splits, review_records, split_actions, split_records)
from .metrics import classification_report, multilabel_report
from .lexicon import Lexicon
from .taxonomy import Taxonomy, load_taxonomy
from .textmodel import MILESTONE_GROUP_WEIGHT, Features, LinearHead, save_model

# regularisation strengths tried for each head; chosen by grouped cross-validation
C_GRID = {"priority_area": (2.0, 8.0, 32.0), "milestone": (2.0, 8.0, 32.0), "priority_alignment": (8.0, 32.0),
          "milestone_alignment": (8.0, 32.0),
          "themes": (8.0, 32.0), "is_action": (2.0, 8.0, 32.0)}
N_FOLDS = 5
TARGET_UNFLAGGED_ACCURACY = 0.97
# what each cross-validation fold must reach: thresholds chosen on four folds to 97% in each fell below 97%
# on the fifth in two of five nested runs; at 98% all five held-out folds stayed at or above 98.1%
FOLD_TARGET_UNFLAGGED_ACCURACY = 0.98
REVIEW_CONFIDENCE_Z = 1.2816  # one-sided 90% bound on the unflagged accuracy of held-out rows
THEMES_REVIEW_BAND = 0.05  # a theme whose probability is this close to the threshold is a coin flip: flag it
PROSE_OPENERS = ("We will ", "The cluster will ", "Cluster to ", "")


def _content(r: dict) -> str:
    return content_text(r.get("action", ""), r.get("objective", ""), r.get("expected_outcome", ""))


def action_statements(actions: list[dict], non_actions: list[dict]) -> tuple[list[str], list[int]]:
    """is_action examples: actions as table cells and as prose sentences; non-actions as written."""
    texts, labels = [], []
    for i, r in enumerate(actions):
        opener = PROSE_OPENERS[i % len(PROSE_OPENERS)]
        action = r["action"]
        texts.append(action)
        labels.append(1)
        if opener:
            texts.append(opener + action[:1].lower() + action[1:])
            labels.append(1)
    for r in non_actions:
        texts.append(r["text"])
        labels.append(0)
    return texts, labels


def _statement_groups(actions: list[dict], non_actions: list[dict], clusters: dict[str, str]) -> list[str]:
    """The fold group of each of action_statements' texts: a sentence form stays with its cell."""
    groups = []
    for i, r in enumerate(actions):
        groups += [clusters[r["id"]]] * (2 if PROSE_OPENERS[i % len(PROSE_OPENERS)] else 1)
    negative = near_duplicate_clusters(non_actions, text_key=lambda r: r.get("text", ""))
    return groups + ["na:" + negative[r["id"]] for r in non_actions]


def _fit_multiclass(X, y: list[str], classes: list[str], C: float):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    model.fit(X, y)
    weights, bias = model.coef_, model.intercept_
    if len(model.classes_) == 2:
        # one logit w for two classes is the softmax of -w/2 and +w/2
        weights, bias = np.vstack([-weights[0] / 2, weights[0] / 2]), np.array([-bias[0] / 2, bias[0] / 2])
    coef = np.zeros((len(classes), X.shape[1]), dtype=np.float32)
    intercept = np.full(len(classes), -30.0, dtype=np.float32)  # a label absent from training is never predicted
    for row, label in enumerate(model.classes_):
        coef[classes.index(label)], intercept[classes.index(label)] = weights[row], bias[row]
    return LinearHead(classes=classes, coef=coef, intercept=intercept)


def _fit_multilabel(X, Y: np.ndarray, classes: list[str], C: float) -> LinearHead:
    from sklearn.linear_model import LogisticRegression

    coef = np.zeros((len(classes), X.shape[1]), dtype=np.float32)
    intercept = np.full(len(classes), -30.0, dtype=np.float32)
    for j in range(len(classes)):
        if Y[:, j].min() == Y[:, j].max():
            continue
        model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
        model.fit(X, Y[:, j])
        coef[j], intercept[j] = model.coef_[0], model.intercept_[0]
    return LinearHead(classes=classes, coef=coef, intercept=intercept, multilabel=True)


def _temperature(z: np.ndarray, y: list[str], classes: list[str]) -> float:
    """The temperature that minimises the log-loss of held-out scores."""
    index = np.array([classes.index(label) for label in y])
    head = LinearHead(classes=classes, coef=np.zeros((len(classes), 0)), intercept=np.zeros(len(classes)))
    best = (np.inf, 1.0)
    for t in np.exp(np.linspace(np.log(0.2), np.log(5.0), 41)):
        head.temperature = float(t)
        p = head.proba_from_scores(z)[np.arange(len(y)), index]
        loss = -np.mean(np.log(np.clip(p, 1e-9, 1)))
        best = min(best, (loss, float(t)))
    return best[1]


def _platt(z: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Per label slope and bias that map held-out scores to calibrated probabilities."""
    from sklearn.linear_model import LogisticRegression

    platt = np.tile(np.array([1.0, 0.0], dtype=np.float32), (Y.shape[1], 1))
    for j in range(Y.shape[1]):
        if Y[:, j].min() != Y[:, j].max():
            model = LogisticRegression(C=100.0).fit(z[:, [j]], Y[:, j])
            platt[j] = (model.coef_[0, 0], model.intercept_[0])
    return platt


def _theme_threshold(P: np.ndarray, Y: np.ndarray, classes: list[str]) -> tuple[float, float]:
    """One threshold for every theme, the one with the best held-out micro-F1 (rare themes have too few
    examples to tune one each; per-theme thresholds scored no better in nested cross-validation)."""
    best = max((multilabel_report(Y, P >= t, classes)["micro_f1"], -abs(t - 0.5), round(float(t), 2))
               for t in np.arange(0.1, 0.8, 0.05))
    return best[2], best[0]


def _both_right(predictions, records: list[dict]) -> np.ndarray:
    """Per row: are priority_area and milestone both right (what the review policy promises)."""
    return np.array([p.priority_area == r["priority_area"] and p.milestone == r["milestone"]
                     for p, r in zip(predictions, records)], dtype=bool)


def _predicted_themes(predictions, classes: list[str]) -> np.ndarray:
    """(rows x themes) indicator of the predicted themes."""
    return np.array([[label in p.themes for label in classes] for p in predictions],
                    dtype=bool).reshape(len(predictions), len(classes))


def _indicator(records: list[dict], classes: list[str]) -> np.ndarray:
    Y = np.zeros((len(records), len(classes)), dtype=int)
    for i, r in enumerate(records):
        for theme in r.get("themes") or []:
            if theme in classes:
                Y[i, classes.index(theme)] = 1
    return Y


def _folds(groups: list[str], k: int = N_FOLDS) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import GroupKFold

    k = min(k, len(set(groups)))
    return list(GroupKFold(n_splits=k).split(np.zeros(len(groups)), groups=groups))


def _out_of_fold(fit, X, y, folds, n_classes: int, Cs) -> dict[float, tuple[np.ndarray, list]]:
    """For each C: held-out scores of every row (from the fold that left it out) and the fold heads."""
    out = {}
    for C in Cs:
        z = np.zeros((X.shape[0], n_classes), dtype=np.float64)
        heads = []
        for train_index, test_index in folds:
            y_train = y[train_index] if isinstance(y, np.ndarray) else [y[i] for i in train_index]
            head = fit(X[train_index], y_train, C)
            z[test_index] = head.scores(X[test_index])
            heads.append(head)
        out[C] = (z, heads)
    return out


def _argmax_labels(z: np.ndarray, classes: list[str]) -> list[str]:
    return list(np.array(classes)[np.argmax(z, axis=1)])


def _wilson_lower(right: float, n: float, z: float = REVIEW_CONFIDENCE_Z) -> float:
    """One-sided lower confidence bound of a proportion (so a threshold chosen on ~1,000 rows holds on new ones)."""
    if n == 0:
        return 0.0
    p = right / n
    centre = p + z * z / (2 * n)
    spread = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return float((centre - spread) / (1 + z * z / n))


def _review_thresholds(predictions, records: list[dict], batches: list[np.ndarray] | None = None) -> dict:
    """The smallest flagged share such that held-out unflagged rows have priority_area and milestone both
    right at least 97% of the time. A row is flagged when either confidence is below its threshold; themes
    add a flag of their own (a probability within THEMES_REVIEW_BAND of the threshold).

    batches: row indices of the cross-validation folds. Each fold is a batch of plans the model has not
    seen, and batches differ more than sampling alone says (the test split's milestone accuracy was 0.87
    where dev's and the folds' were 0.90): the bound holds on all rows, and every batch reaches
    FOLD_TARGET_UNFLAGGED_ACCURACY, the margin it takes for a new batch to reach the target (see
    _nested_review_check)."""
    p_conf = np.array([p.priority_area_confidence for p in predictions])
    m_conf = np.array([p.milestone_confidence for p in predictions])
    right = _both_right(predictions, records)
    batches = batches if batches is not None else [np.arange(len(records))]
    best = {"priority_area": 0.99, "milestone": 0.99, "flagged_share": 1.0, "unflagged_accuracy": None}
    for tp in np.round(np.arange(0.3, 1.0, 0.025), 4):  # rounded: a grid value of 0.9500000000000006
        for tm in np.round(np.arange(0.2, 1.0, 0.0125), 4):  # would pass over rows at exactly 0.95
            keep = (p_conf >= tp) & (m_conf >= tm)
            n = int(keep.sum())
            if n < 10 or 1 - n / len(keep) >= best["flagged_share"]:
                continue
            if _wilson_lower(right[keep].sum(), n) >= TARGET_UNFLAGGED_ACCURACY and all(
                    right[b][keep[b]].mean() >= FOLD_TARGET_UNFLAGGED_ACCURACY for b in batches if keep[b].any()):
                best = {"priority_area": round(float(tp), 4), "milestone": round(float(tm), 4),
                        "flagged_share": round(1 - n / len(keep), 4),
                        "unflagged_accuracy": round(float(right[keep].mean()), 4)}
    return best | {"themes_band": THEMES_REVIEW_BAND}


def _nested_review_check(predictions, records: list[dict], batches: list[np.ndarray]) -> dict:
    """The review policy as a new batch of plans meets it: for each fold, thresholds chosen on the
    other folds, applied to this one (theme flags as the predictions carry them)."""
    right = _both_right(predictions, records)
    p_conf = np.array([p.priority_area_confidence for p in predictions])
    m_conf = np.array([p.milestone_confidence for p in predictions])
    theme_flag = np.array([any(reason.startswith("themes") for reason in p.review_reasons) for p in predictions])
    kept, correct = [], []
    for k, batch in enumerate(batches):
        others = np.concatenate([b for j, b in enumerate(batches) if j != k])
        position = np.full(len(records), -1)
        position[others] = np.arange(len(others))
        inner = [position[b] for j, b in enumerate(batches) if j != k]
        chosen = _review_thresholds([predictions[i] for i in others], [records[i] for i in others], inner)
        keep = (p_conf[batch] >= chosen["priority_area"]) & (m_conf[batch] >= chosen["milestone"]) & ~theme_flag[batch]
        kept.append(int(keep.sum()))
        correct.append(int(right[batch][keep].sum()))
    n = sum(kept)
    return {"flagged_share": round(1 - n / len(records), 4), "unflagged_accuracy": round(sum(correct) / n, 4) if n else None,
            "unflagged_accuracy_by_fold": [round(c / k, 4) if k else None for c, k in zip(correct, kept)]}


def _row(r: dict, use_alignment: bool = True) -> dict:
    return {"action": r.get("action", ""), "objective": r.get("objective", ""),
            "expected_outcome": r.get("expected_outcome", ""),
            "strategic_alignment_text": r.get("alignment_text", "") if use_alignment else "",
            "alignment_context": []}


def data_hash(records: list[dict]) -> str:
    digest = hashlib.sha256()
    for r in sorted(records, key=lambda r: r["id"]):
        digest.update(json.dumps(r, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def train(actions: list[dict], non_actions: list[dict], out: Path, taxonomy: Taxonomy, name: str,
          splits: dict[str, str] | None = None, compare_spacy: bool = False) -> dict:
    """Fit on train + dev, choosing C, calibration and thresholds on grouped cross-validation over them
    (held-out scores of ~700 rows instead of one dev split of ~130); the test split is scored once."""
    splits = splits if splits is not None else read_splits()
    parts = split_records(actions, splits)
    negatives = split_records(non_actions, splits)
    fit_a, test_a = parts["train"] + parts["dev"], parts["test"]
    fit_n = negatives["train"] + negatives["dev"]
    clusters = near_duplicate_clusters(fit_a)
    folds = _folds([clusters[r["id"]] for r in fit_a])
    texts_is, is_labels = action_statements(fit_a, fit_n)
    features = Features(lexicon=Lexicon.from_taxonomy(taxonomy))
    features.fit_transform([_content(r) for r in fit_a] + [r.get("alignment_text", "") for r in fit_a] + texts_is)

    X = features.transform([_content(r) for r in fit_a])
    X_aligned = features.with_group(X, [r.get("alignment_text", "") for r in fit_a])
    X_milestone_aligned = features.with_group(X, [r.get("alignment_text", "") for r in fit_a], MILESTONE_GROUP_WEIGHT)
    priority_classes, milestone_classes = taxonomy.ids("priority_area"), taxonomy.ids("milestone")
    theme_classes = taxonomy.ids("themes")
    y_priority = [r["priority_area"] for r in fit_a]
    Y_themes = _indicator(fit_a, theme_classes)

    def multiclass(classes):
        return lambda X_, y_, C: _fit_multiclass(X_, y_, classes, C)

    def macro_f1(z, y, classes):
        return classification_report(y, _argmax_labels(z, classes), classes)["macro_f1"]

    def accuracy(z, y, classes):
        return float(np.mean(np.array(_argmax_labels(z, classes)) == np.array(y)))

    def theme_f1(z, Y, classes):
        head = LinearHead(classes, np.zeros((len(classes), 0)), np.zeros(len(classes)), multilabel=True, platt=_platt(z, Y))
        return _theme_threshold(head.proba_from_scores(z), Y, classes)[1]

    tasks = {  # name: (features, target, fit, score, classes)
        "priority_area": (X, y_priority, multiclass(priority_classes), accuracy, priority_classes),
        "milestone": (X, [r["milestone"] for r in fit_a], multiclass(milestone_classes), macro_f1, milestone_classes),
        "priority_alignment": (X_aligned, y_priority, multiclass(priority_classes), accuracy, priority_classes),
        "milestone_alignment": (X_milestone_aligned, [r["milestone"] for r in fit_a], multiclass(milestone_classes),
                                macro_f1, milestone_classes),
        "themes": (X, Y_themes, lambda X_, Y_, C: _fit_multilabel(X_, Y_, theme_classes, C), theme_f1, theme_classes),
    }
    heads: dict[str, LinearHead] = {}
    fold_heads: dict[str, list[LinearHead]] = {}
    chosen, held_out = {}, {}
    for task, (X_task, target, fit, score, classes) in tasks.items():
        runs = _out_of_fold(fit, X_task, target, folds, len(classes), C_GRID[task])
        values = {C: score(z, target, classes) for C, (z, _) in runs.items()}
        C = max(values, key=lambda c: (values[c], -c))
        chosen[task], held_out[task] = C, round(values[C], 4)
        z, fold_heads[task] = runs[C]
        heads[task] = fit(X_task, target, C)
        if task == "themes":
            platt = _platt(z, Y_themes)
            for head in fold_heads[task] + [heads[task]]:
                head.platt = platt
            threshold, _ = _theme_threshold(heads[task].proba_from_scores(z), Y_themes, theme_classes)
            for head in fold_heads[task] + [heads[task]]:
                head.thresholds = {label: threshold for label in theme_classes}
        else:
            temperature = _temperature(z, target, classes)
            for head in fold_heads[task] + [heads[task]]:
                head.temperature = temperature

    X_is = features.transform(texts_is)
    y_is = ["action" if v else "context" for v in is_labels]
    is_folds = _folds(_statement_groups(fit_a, fit_n, clusters))
    runs = _out_of_fold(multiclass(["action", "context"]), X_is, y_is, is_folds, 2, C_GRID["is_action"])
    values = {C: accuracy(z, y_is, ["action", "context"]) for C, (z, _) in runs.items()}
    chosen["is_action"] = max(values, key=lambda c: (values[c], -c))
    held_out["is_action"] = round(values[chosen["is_action"]], 4)
    heads["is_action"] = _fit_multiclass(X_is, y_is, ["action", "context"], chosen["is_action"])
    heads["is_action"].temperature = _temperature(runs[chosen["is_action"]][0], y_is, ["action", "context"])

    info = {"version": name, "taxonomy": taxonomy.cycle.replace("/", "-"), "taxonomy_version": taxonomy.version,
            "taxonomy_sha256": taxonomy.sha256, "trained_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "data_sha256": data_hash(actions + non_actions), "C": chosen, "cross_validation_folds": len(folds),
            "group_features": "block", "milestone_group_weight": MILESTONE_GROUP_WEIGHT,
            "sizes": {k: len(v) for k, v in parts.items()} | {f"non_actions_{k}": len(v) for k, v in negatives.items()}
            | {"reviewed_actions": sum(map(is_reviewed, actions)),
               "reviewed_non_actions": sum(map(is_reviewed, non_actions))}}

    info["alignment_rule_precision"] = alignment_rule_precision(fit_a, taxonomy)
    # the review thresholds: every fit row labelled by the fold model that did not see it
    predictions = [None] * len(fit_a)
    for k, (_, test_index) in enumerate(folds):
        fold = Classifier.from_parts(features, {task: fold_heads[task][k] for task in tasks}, info, taxonomy)
        for i, p in zip(test_index, fold.predict([_row(fit_a[i]) for i in test_index])):
            predictions[i] = p
    batches = [test_index for _, test_index in folds]
    info["review_thresholds"] = _review_thresholds(predictions, fit_a, batches)
    held_out_metrics = _label_metrics(predictions, fit_a, taxonomy, info["review_thresholds"]) | {
        "C_scores": held_out, "review_on_a_new_batch": _nested_review_check(predictions, fit_a, batches)}
    save_model(out, features, heads, info)
    classifier = Classifier(out, taxonomy)
    metrics = evaluate(classifier, test_a, negatives["test"])
    metrics["cross_validation"] = held_out_metrics | {"review": info["review_thresholds"]}
    if compare_spacy:
        from .spacy_textcat import compare_with_spacy

        metrics["spacy_comparison"] = compare_with_spacy(classifier, fit_a, test_a, metrics)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    write_card(out, info, metrics)
    return metrics


def _label_metrics(predictions, records: list[dict], taxonomy: Taxonomy, review: dict | None = None) -> dict:
    """priority (with alignment), milestone, themes and the review flag of labelled predictions
    (the flag as the predictions carry it, or as `review` thresholds would set it)."""
    classes = taxonomy.ids("themes")
    Y = _indicator(records, classes)
    P = _predicted_themes(predictions, classes)
    if review is not None:
        predictions = [dataclasses.replace(p, needs_review=bool(reasons), review_reasons=reasons)
                       for p, reasons in ((p, review_reasons(p, review)) for p in predictions)]
    return {
        "priority_area_with_alignment": classification_report(
            [r["priority_area"] for r in records], [p.priority_area for p in predictions], taxonomy.ids("priority_area")),
        "milestone": classification_report([r["milestone"] for r in records], [p.milestone for p in predictions],
                                           taxonomy.ids("milestone")),
        "themes": multilabel_report(Y, P, classes),
        "needs_review": _review_figures(predictions, records) | {"reasons": _reason_shares(predictions)},
    }


def _review_figures(predictions, records: list[dict]) -> dict:
    """Share of rows flagged, and how often the unflagged rows have priority_area and milestone both right."""
    flagged = [p.needs_review for p in predictions]
    right = _both_right(predictions, records)
    unflagged = [ok for ok, f in zip(right, flagged) if not f]
    return {"flagged_share": round(float(np.mean(flagged)), 4) if flagged else 0.0,
            "unflagged_accuracy": round(float(np.mean(unflagged)), 4) if unflagged else None}


def _reason_shares(predictions) -> dict[str, float]:
    """Share of rows flagged for each kind of reason (a row may have several)."""
    counts: dict[str, int] = {}
    for p in predictions:
        for kind in {reason.split()[0] for reason in p.review_reasons}:
            counts[kind] = counts.get(kind, 0) + 1
    return {kind: round(n / len(predictions), 4) for kind, n in sorted(counts.items())} if predictions else {}


def evaluate(classifier: Classifier, actions: list[dict], non_actions: list[dict]) -> dict:
    from .smart import smart_fields

    taxonomy = classifier.taxonomy
    with_alignment = classifier.predict([_row(r) for r in actions])
    text_only = classifier.predict([_row(r, use_alignment=False) for r in actions])
    gold_priority = [r["priority_area"] for r in actions]
    metrics: dict = {"n_actions": len(actions), "n_non_actions": len(non_actions)}
    aligned_rows = [i for i, r in enumerate(actions) if r.get("alignment_text")]
    metrics["priority_area_with_alignment"] = classification_report(
        [gold_priority[i] for i in aligned_rows], [with_alignment[i].priority_area for i in aligned_rows],
        taxonomy.ids("priority_area"))
    metrics["priority_area_alignment_rule_coverage"] = round(float(np.mean(
        [with_alignment[i].priority_source == "alignment" for i in aligned_rows])) if aligned_rows else 0.0, 4)
    metrics["priority_area_text_only"] = classification_report(
        gold_priority, [p.priority_area for p in text_only], taxonomy.ids("priority_area"))
    metrics["milestone"] = classification_report(
        [r["milestone"] for r in actions], [p.milestone for p in with_alignment], taxonomy.ids("milestone"))
    # a prose action has no group: the milestone head that reads the action's words alone
    metrics["milestone_text_only"] = classification_report(
        [r["milestone"] for r in actions], [p.milestone for p in text_only], taxonomy.ids("milestone"))
    classes = taxonomy.ids("themes")
    Y = _indicator(actions, classes)
    P = _predicted_themes(with_alignment, classes)
    metrics["themes"] = multilabel_report(Y, P, classes)
    texts, gold = action_statements(actions, non_actions)
    scores = classifier.is_action(texts)
    metrics["is_action"] = classification_report(["action" if g else "context" for g in gold],
                                                 ["action" if s >= 0.5 else "context" for s in scores],
                                                 ["action", "context"])
    due_right = amount_right = due_n = amount_n = 0
    for r in actions:
        smart = smart_fields(r.get("objective", ""), r.get("action", ""), r.get("expected_outcome", ""),
                             [r.get(k, "") for k in ("objective", "action", "expected_outcome", "risks", "workforce",
                                                     "finance", "monitoring")], plan_year_start=taxonomy.plan_year_start)
        if r.get("due_date") is not None or smart["due_date"]:
            due_n += 1
            due_right += (smart["due_date"] or None) == r.get("due_date")
        if r.get("amount_gbp") is not None or smart["amount_gbp"] is not None:
            amount_n += 1
            gold_amount, got = r.get("amount_gbp"), smart["amount_gbp"]
            amount_right += gold_amount is not None and got is not None and abs(float(gold_amount) - float(got)) < 0.5
    metrics["due_date_exact"] = round(due_right / due_n, 4) if due_n else None
    metrics["amount_gbp_exact"] = round(amount_right / amount_n, 4) if amount_n else None
    metrics["needs_review"] = _review_figures(with_alignment, actions)
    return metrics


def headline(metrics: dict) -> list[str]:
    def get(path):
        value = metrics
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    rows = [
        ("priority_area accuracy (with alignment text)", get(["priority_area_with_alignment", "accuracy"]), ">= 0.97"),
        ("priority_area accuracy (action text only)", get(["priority_area_text_only", "accuracy"]), ">= 0.85"),
        ("milestone macro-F1 (with group wording)", get(["milestone", "macro_f1"]), ">= 0.85"),
        ("milestone macro-F1 (action text only)", get(["milestone_text_only", "macro_f1"]), ">= 0.85"),
        ("themes micro-F1", get(["themes", "micro_f1"]), ">= 0.85"),
        ("themes macro-F1", get(["themes", "macro_f1"]), ">= 0.75"),
        ("is_action F1", get(["is_action", "per_label", "action", "f1"]), ">= 0.95"),
        ("due_date exact", get(["due_date_exact"]), ">= 0.98"),
        ("amount_gbp exact", get(["amount_gbp_exact"]), ">= 0.98"),
        ("needs_review: share flagged", get(["needs_review", "flagged_share"]), ""),
        ("needs_review: accuracy of unflagged rows", get(["needs_review", "unflagged_accuracy"]), ">= 0.97"),
    ]
    return [f"{name:<45} {value if value is not None else '-':<8} {target}" for name, value, target in rows]


def write_card(out: Path, info: dict, metrics: dict) -> None:
    cv = metrics.get("cross_validation", {})
    lines = [f"# Model card: {info['version']}", "",
             "Linear classifiers (logistic regression) over lemma 1-2-grams (spaCy's English lookup lemmas) and "
             "character 3-4-grams (tf-idf) plus one column per label for the taxonomy's seed phrases; heads for "
             "priority_area and milestone (each text only, and text + group wording), themes (one-vs-rest) and "
             "is_action. "
             "priority_area comes from the plan's group wording by rule where the taxonomy's patterns recognise it; "
             "each rule's confidence is its measured precision on the labelled rows. "
             "Saved as JSON and NumPy arrays (no pickle).", "",
             f"- trained: {info['trained_at']}", f"- taxonomy: {info['taxonomy']} version {info['taxonomy_version']}",
             f"- data sha256: {info['data_sha256']}", f"- sizes: {info['sizes']}",
             f"- fitted on train + dev; C, calibration and thresholds chosen by {info.get('cross_validation_folds', 5)}-fold "
             f"grouped cross-validation over them: C {info['C']}",
             f"- review policy (held-out rows; the 90% lower bound on all rows and the target in each fold): "
             f"{info.get('review_thresholds')}",
             f"- the policy as a new batch meets it (thresholds chosen on four folds, applied to the fifth): "
             f"{cv.get('review_on_a_new_batch')}",
             f"- cross-validated figures (train + dev, held out): priority_area with alignment "
             f"{cv.get('priority_area_with_alignment', {}).get('accuracy')}, milestone macro-F1 "
             f"{cv.get('milestone', {}).get('macro_f1')}, themes micro-F1 {cv.get('themes', {}).get('micro_f1')}, "
             f"macro-F1 {cv.get('themes', {}).get('macro_f1')}", "",
             "## Test split", "", "```", *headline(metrics), "```", "",
             "priority_area from the text alone is bounded by the text: the label is the block the plan put the "
             "row in, and two blind readers given the same rows without their group wording scored about as "
             "the text-only head does (corpus/agreement/README.md).", "",
             "Per-label precision / recall / F1 and confusion matrices are in metrics.json."]
    if "spacy_comparison" in metrics:
        from .spacy_textcat import format_comparison

        lines += ["", "## Compared with spaCy's text classifier", "", "```",
                  format_comparison(metrics["spacy_comparison"]), "```", "",
                  "Both sides read the action's words alone (the milestone figure of the linear side is its "
                  "text-only head's).", "",
                  "The linear heads are shipped for every task: one spaCy pipeline per action costs more than "
                  "the whole inference budget (its tokenizer alone ~150 us an action on one core), calibration and "
                  "the review policy are shared by all heads, and "
                  + ("the linear heads score higher on every figure above."
                     if all(row["better"] == "linear" for row in metrics["spacy_comparison"].values())
                     else "where spaCy scores higher the linear head still meets its target.")]
    (out / "MODEL_CARD.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _load_labelled(paths: list[str] | None) -> tuple[list[dict], list[dict]]:
    """The bank and the imported reviews, or the JSONL files given: bank files, or review stores
    (`plans review import --store`), told apart by their rows."""
    if not paths:
        actions, non_actions = split_actions(load_reviews())
        return load_bank_actions() + actions, load_non_actions() + non_actions
    records = []
    for path in paths:
        rows = read_jsonl(Path(path))
        records += review_records([r for r in rows if is_review_row(r)]) + [r for r in rows if not is_review_row(r)]
    return split_actions(records)


def train_command(args) -> int:
    from ..config import settings

    taxonomy = load_taxonomy(args.taxonomy or str(settings()["taxonomy"]))
    actions, non_actions = _load_labelled(args.data)
    name = Path(args.out).name if args.out else "model-" + dt.date.today().isoformat()
    out = Path(args.out) if args.out else PROJECT_DIR / "models" / name
    print(f"training on {len(actions)} actions and {len(non_actions)} non-actions -> {out}")
    metrics = train(actions, non_actions, out, taxonomy, name, compare_spacy=args.compare_spacy)
    print("\n".join(headline(metrics)))
    review = metrics.get("cross_validation", {}).get("review", {})
    if review.get("unflagged_accuracy") is None:
        print("warning: no review policy keeps unflagged rows 97% right on the held-out folds, so this model "
              "flags every row for review; check the new labelled data (MODEL_CARD.md, metrics.json)")
    if "spacy_comparison" in metrics:
        from .spacy_textcat import format_comparison

        print(format_comparison(metrics["spacy_comparison"]))
    default = PROJECT_DIR / "models" / "default"
    if default.resolve() != out.resolve() and (default / "metrics.json").exists():
        current = json.loads((default / "metrics.json").read_text())
        print(compare(metrics, current))
    return 0


def compare(new: dict, current: dict) -> str:
    keys = [("priority_area_with_alignment", "accuracy"), ("milestone", "macro_f1"), ("themes", "micro_f1"),
            ("themes", "macro_f1"), ("priority_area_text_only", "accuracy")]
    wins = sum((new.get(a, {}).get(b) or 0) >= (current.get(a, {}).get(b) or 0) for a, b in keys)
    verdict = "beats or equals" if wins == len(keys) else "does not beat"
    detail = ", ".join(f"{a}.{b} {new.get(a, {}).get(b)} vs {current.get(a, {}).get(b)}" for a, b in keys)
    return f"the new model {verdict} models/default ({detail})"


def evaluate_command(args) -> int:
    classifier = Classifier(Path(args.model))
    if args.data:
        actions, non_actions = _load_labelled(args.data)
    else:
        parts = split_records(load_bank_actions(), read_splits())
        actions = parts["test"]
        non_actions = split_records(load_non_actions(), read_splits())["test"]
    metrics = evaluate(classifier, actions, non_actions)
    print(f"{len(actions)} actions, {len(non_actions)} non-actions")
    print("\n".join(headline(metrics)))
    for task in ("priority_area_text_only", "milestone"):
        print(f"\n{task}: label precision recall f1 support")
        for label, values in metrics[task]["per_label"].items():
            print(f"  {label:<28} {values['precision']:.3f} {values['recall']:.3f} {values['f1']:.3f} {values['support']}")
    print("\nthemes: label precision recall f1 support")
    for label, values in metrics["themes"]["per_label"].items():
        print(f"  {label:<28} {values['precision']:.3f} {values['recall']:.3f} {values['f1']:.3f} {values['support']}")
    if args.compare_spacy:
        from .spacy_textcat import compare_with_spacy, format_comparison

        train_split = split_records(load_bank_actions() + split_actions(load_reviews())[0], read_splits())["train"]
        print("\n" + format_comparison(compare_with_spacy(classifier, train_split, actions, metrics)))
    sys.stdout.flush()
    return 0
