"""Train, calibrate, evaluate and save the classifiers (`plans train`, `plans evaluate`).

Every head is a linear model over one shared word+character n-gram space.
The regularisation strength is chosen on dev data; probabilities are
calibrated on dev data (temperature for single-label heads, Platt scaling per
theme); theme thresholds and the review thresholds are chosen on dev data;
the test split is touched once, for the figures in metrics.json.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from ..config import PROJECT_DIR
from .classifiers import Classifier, content_text
from .data import load_bank_actions, load_non_actions, load_reviews, read_jsonl, read_splits, split_records
from .metrics import classification_report, multilabel_report
from .taxonomy import Taxonomy, load_taxonomy
from .textmodel import Features, LinearHead, save_model

C_GRID = (2.0, 8.0, 32.0)
TARGET_UNFLAGGED_ACCURACY = 0.97
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


def _temperature(head: LinearHead, X, y: list[str]) -> float:
    """The temperature that minimises dev log-loss."""
    index = np.array([head.classes.index(label) for label in y])
    best = (np.inf, 1.0)
    for t in np.exp(np.linspace(np.log(0.2), np.log(5.0), 41)):
        head.temperature = float(t)
        p = head.proba(X)[np.arange(len(y)), index]
        loss = -np.mean(np.log(np.clip(p, 1e-9, 1)))
        best = min(best, (loss, float(t)))
    head.temperature = best[1]
    return best[1]


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


def _platt(head: LinearHead, X, Y: np.ndarray) -> None:
    from sklearn.linear_model import LogisticRegression

    z = head.scores(X)
    platt = np.tile(np.array([1.0, 0.0], dtype=np.float32), (len(head.classes), 1))
    for j in range(len(head.classes)):
        if Y[:, j].min() != Y[:, j].max():
            model = LogisticRegression(C=100.0).fit(z[:, [j]], Y[:, j])
            platt[j] = (model.coef_[0, 0], model.intercept_[0])
    head.platt = platt


def _theme_thresholds(head: LinearHead, X, Y: np.ndarray) -> dict[str, float]:
    """One threshold for every theme, the one with the best dev micro-F1: a dev split of ~130
    rows holds a handful of examples of a rare theme, too few to tune a threshold each."""
    P = head.proba(X)
    best = max((multilabel_report(Y, P >= t, head.classes)["micro_f1"], -abs(t - 0.5), round(float(t), 2))
               for t in np.arange(0.1, 0.8, 0.05))
    return {label: best[2] for label in head.classes}


def _indicator(records: list[dict], classes: list[str]) -> np.ndarray:
    Y = np.zeros((len(records), len(classes)), dtype=int)
    for i, r in enumerate(records):
        for theme in r.get("themes") or []:
            if theme in classes:
                Y[i, classes.index(theme)] = 1
    return Y


def _choose_C(fit, score, X_train, y_train, X_dev, y_dev):
    best = None
    for C in C_GRID:
        head = fit(X_train, y_train, C)
        value = score(head, X_dev, y_dev)
        if best is None or value > best[0]:
            best = (value, C, head)
    return best[1], best[2]


def _accuracy(head: LinearHead, X, y: list[str]) -> float:
    pred = np.array(head.classes)[np.argmax(head.proba(X), axis=1)]
    return float(np.mean(pred == np.array(y))) if len(y) else 0.0


def _macro_f1(head: LinearHead, X, y: list[str]) -> float:
    pred = list(np.array(head.classes)[np.argmax(head.proba(X), axis=1)])
    return classification_report(y, pred, head.classes)["macro_f1"]


def _review_thresholds(classifier: Classifier, dev: list[dict]) -> dict:
    """Smallest flagged share such that unflagged dev rows are right at least 97% of the time."""
    predictions = classifier.predict([_row(r) for r in dev])
    p_conf = np.array([p.priority_area_confidence for p in predictions])
    m_conf = np.array([p.milestone_confidence for p in predictions])
    right = np.array([p.priority_area == r["priority_area"] and p.milestone == r["milestone"]
                      for p, r in zip(predictions, dev)])
    best = {"priority_area": 0.99, "milestone": 0.99, "flagged_share": 1.0, "unflagged_accuracy": None}
    for tp in np.arange(0.3, 1.0, 0.05):
        for tm in np.arange(0.2, 1.0, 0.025):
            keep = (p_conf >= tp) & (m_conf >= tm)
            if keep.sum() < 10:
                continue
            accuracy = right[keep].mean()
            share = 1 - keep.mean()
            if accuracy >= TARGET_UNFLAGGED_ACCURACY and share < best["flagged_share"]:
                best = {"priority_area": round(float(tp), 3), "milestone": round(float(tm), 3),
                        "flagged_share": round(float(share), 4), "unflagged_accuracy": round(float(accuracy), 4)}
    return best


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
    splits = splits if splits is not None else read_splits()
    parts = split_records(actions, splits)
    negatives = split_records(non_actions, splits)
    train_a, dev_a, test_a = parts["train"], parts["dev"], parts["test"]
    texts_train, is_train = action_statements(train_a, negatives["train"])
    features = Features()
    features.fit_transform([_content(r) for r in train_a] + [r.get("alignment_text", "") for r in train_a] + texts_train)

    X_train, X_dev = features.transform([_content(r) for r in train_a]), features.transform([_content(r) for r in dev_a])
    heads: dict[str, LinearHead] = {}
    chosen = {}
    for task, classes in (("priority_area", taxonomy.ids("priority_area")), ("milestone", taxonomy.ids("milestone"))):
        y_train = [r[task] for r in train_a]
        y_dev = [r[task] for r in dev_a]
        score = _accuracy if task == "priority_area" else _macro_f1
        chosen[task], heads[task] = _choose_C(lambda X, y, C: _fit_multiclass(X, y, classes, C), score,
                                              X_train, y_train, X_dev, y_dev)
        _temperature(heads[task], X_dev, y_dev)

    # the plan's group wording, when the taxonomy's patterns do not recognise it, still tells a lot
    Xal_train = features.with_context(X_train, [r.get("alignment_text", "") for r in train_a])
    Xal_dev = features.with_context(X_dev, [r.get("alignment_text", "") for r in dev_a])
    classes = taxonomy.ids("priority_area")
    chosen["priority_alignment"], heads["priority_alignment"] = _choose_C(
        lambda X, y, C: _fit_multiclass(X, y, classes, C), _accuracy,
        Xal_train, [r["priority_area"] for r in train_a], Xal_dev, [r["priority_area"] for r in dev_a])
    _temperature(heads["priority_alignment"], Xal_dev, [r["priority_area"] for r in dev_a])

    theme_classes = taxonomy.ids("themes")
    Y_train, Y_dev = _indicator(train_a, theme_classes), _indicator(dev_a, theme_classes)

    def theme_score(head, X, Y):
        return multilabel_report(Y, head.proba(X) >= 0.5, theme_classes)["micro_f1"]

    chosen["themes"], heads["themes"] = _choose_C(lambda X, Y, C: _fit_multilabel(X, Y, theme_classes, C),
                                                  theme_score, X_train, Y_train, X_dev, Y_dev)
    _platt(heads["themes"], X_dev, Y_dev)
    heads["themes"].thresholds = _theme_thresholds(heads["themes"], X_dev, Y_dev)

    texts_dev, is_dev = action_statements(dev_a, negatives["dev"])
    Xa_train, Xa_dev = features.transform(texts_train), features.transform(texts_dev)
    ya_train = ["action" if v else "context" for v in is_train]
    ya_dev = ["action" if v else "context" for v in is_dev]
    chosen["is_action"], heads["is_action"] = _choose_C(
        lambda X, y, C: _fit_multiclass(X, y, ["action", "context"], C), _accuracy, Xa_train, ya_train, Xa_dev, ya_dev)
    _temperature(heads["is_action"], Xa_dev, ya_dev)

    info = {"version": name, "taxonomy": taxonomy.cycle.replace("/", "-"), "taxonomy_version": taxonomy.version,
            "taxonomy_sha256": taxonomy.sha256, "trained_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "data_sha256": data_hash(actions + non_actions), "C": chosen,
            "sizes": {k: len(v) for k, v in parts.items()} | {f"non_actions_{k}": len(v) for k, v in negatives.items()}}
    save_model(out, features, heads, info)
    classifier = Classifier(out, taxonomy)
    info["review_thresholds"] = _review_thresholds(classifier, dev_a) | {"themes_band": 0.1}
    save_model(out, features, heads, info)
    classifier = Classifier(out, taxonomy)
    metrics = evaluate(classifier, test_a, negatives["test"])
    metrics["dev"] = {"review": info["review_thresholds"]}
    if compare_spacy:
        from .spacy_textcat import compare_with_spacy

        metrics["spacy_comparison"] = compare_with_spacy(classifier, train_a, test_a, metrics)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    write_card(out, info, metrics)
    return metrics


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
    classes = taxonomy.ids("themes")
    Y = _indicator(actions, classes)
    P = np.array([[label in p.themes for label in classes] for p in with_alignment], dtype=bool).reshape(len(actions), len(classes))
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
    flagged = [p.needs_review for p in with_alignment]
    right = [p.priority_area == r["priority_area"] and p.milestone == r["milestone"] for p, r in zip(with_alignment, actions)]
    unflagged = [ok for ok, f in zip(right, flagged) if not f]
    metrics["needs_review"] = {"flagged_share": round(float(np.mean(flagged)), 4) if flagged else 0.0,
                               "unflagged_accuracy": round(float(np.mean(unflagged)), 4) if unflagged else None}
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
        ("milestone macro-F1", get(["milestone", "macro_f1"]), ">= 0.85"),
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
    lines = [f"# Model card: {info['version']}", "",
             "Linear classifiers (logistic regression) over word 1-2-grams and character 3-4-grams, one shared "
             "tf-idf space; heads for priority_area, milestone, themes (one-vs-rest) and is_action. "
             "Saved as JSON and NumPy arrays (no pickle).", "",
             f"- trained: {info['trained_at']}", f"- taxonomy: {info['taxonomy']} version {info['taxonomy_version']}",
             f"- data sha256: {info['data_sha256']}", f"- sizes: {info['sizes']}",
             f"- regularisation C chosen on dev: {info['C']}",
             f"- review thresholds (dev): {info.get('review_thresholds')}", "",
             "## Test split", "", "```", *headline(metrics), "```", "",
             "Per-label precision / recall / F1 and confusion matrices are in metrics.json."]
    if "spacy_comparison" in metrics:
        from .spacy_textcat import format_comparison

        lines += ["", "## Compared with spaCy's text classifier", "", "```",
                  format_comparison(metrics["spacy_comparison"]), "```"]
    (out / "MODEL_CARD.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _load_labelled(paths: list[str] | None) -> tuple[list[dict], list[dict]]:
    if not paths:
        return load_bank_actions() + load_reviews(), load_non_actions()
    actions, non_actions = [], []
    for path in paths:
        for record in read_jsonl(Path(path)):
            (non_actions if "text" in record and "action" not in record else actions).append(record)
    return actions, non_actions


def train_command(args) -> int:
    from ..config import settings

    taxonomy = load_taxonomy(args.taxonomy or str(settings()["taxonomy"]))
    actions, non_actions = _load_labelled(args.data)
    name = Path(args.out).name if args.out else "model-" + dt.date.today().isoformat()
    out = Path(args.out) if args.out else PROJECT_DIR / "models" / name
    print(f"training on {len(actions)} actions and {len(non_actions)} non-actions -> {out}")
    metrics = train(actions, non_actions, out, taxonomy, name, compare_spacy=args.compare_spacy)
    print("\n".join(headline(metrics)))
    if "spacy_comparison" in metrics:
        from .spacy_textcat import format_comparison

        print(format_comparison(metrics["spacy_comparison"]))
    default = PROJECT_DIR / "models" / "default"
    if default.resolve() != out.resolve() and (default / "metrics.json").exists():
        current = json.loads((default / "metrics.json").read_text())
        print(compare(metrics, current))
    return 0


def compare(new: dict, current: dict) -> str:
    keys = [("milestone", "macro_f1"), ("themes", "micro_f1"), ("themes", "macro_f1"),
            ("priority_area_text_only", "accuracy")]
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

        train_split = split_records(load_bank_actions() + load_reviews(), read_splits())["train"]
        print("\n" + format_comparison(compare_with_spacy(classifier, train_split, actions, metrics)))
    sys.stdout.flush()
    return 0
