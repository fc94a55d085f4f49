"""spaCy's own text classifier on the same data, to compare with the linear models.

Blank English pipelines with a `textcat` (milestone, one label) and a
`textcat_multilabel` (themes), bag-of-words architecture, trained on the train
split only; the comparison is scored on the same held-out rows as the linear
model. Nothing here is used at run time: the better model is the one shipped,
and the comparison is written down in metrics.json and the model card.
"""
from __future__ import annotations

import random

import numpy as np

from .classifiers import Classifier, content_text
from .metrics import classification_report, multilabel_report

EPOCHS = 12
BOW_MODEL = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
             "no_output_layer": False, "length": 262144}


def _text(r: dict) -> str:
    return content_text(r.get("action", ""), r.get("objective", ""), r.get("expected_outcome", ""))


def _train_pipe(component: str, exclusive: bool, rows: list[dict], labels: list[str], gold, seed: int):
    """One blank English pipeline with one text classifier (spaCy keeps one `cats` per doc)."""
    import spacy
    from spacy.training import Example

    random.seed(seed)
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe(component, config={"model": dict(BOW_MODEL, exclusive_classes=exclusive)})
    for label in labels:
        pipe.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(_text(r)), {"cats": {l: float(gold(r, l)) for l in labels}})
                for r in rows]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(EPOCHS):
        random.shuffle(examples)
        for start in range(0, len(examples), 32):
            nlp.update(examples[start:start + 32], sgd=optimizer, drop=0.1)
    return nlp


def train_spacy(train: list[dict], milestones: list[str], themes: list[str], seed: int = 13):
    milestone = _train_pipe("textcat", True, train, milestones, lambda r, l: r["milestone"] == l, seed)
    theme = _train_pipe("textcat_multilabel", False, train, themes, lambda r, l: l in (r.get("themes") or []), seed)
    return milestone, theme


def score_spacy(pipes, rows: list[dict], milestones: list[str], themes: list[str]) -> dict:
    milestone_nlp, theme_nlp = pipes
    texts = [_text(r) for r in rows]
    predicted = [max(milestones, key=lambda m: doc.cats.get(m, 0.0)) for doc in milestone_nlp.pipe(texts)]
    P = np.array([[doc.cats.get(t, 0.0) >= 0.5 for t in themes] for doc in theme_nlp.pipe(texts)],
                 dtype=bool).reshape(len(rows), len(themes))
    Y = np.array([[t in (r.get("themes") or []) for t in themes] for r in rows], dtype=bool).reshape(len(rows), len(themes))
    return {"milestone": classification_report([r["milestone"] for r in rows], predicted, milestones),
            "themes": multilabel_report(Y, P, themes)}


def comparison(linear: dict, spacy_scores: dict) -> dict:
    """Headline figures side by side, and which model is better on each. Both read the action's words
    alone: the spaCy pipes see no group wording, so neither does the linear milestone figure here."""
    rows = {}
    for task, key in (("milestone", "macro_f1"), ("milestone", "accuracy"), ("themes", "micro_f1"),
                      ("themes", "macro_f1")):
        ours, theirs = linear.get(f"{task}_text_only", linear[task])[key], spacy_scores[task][key]
        rows[f"{task}.{key}"] = {"linear": ours, "spacy_bow": theirs,
                                 "better": "linear" if ours >= theirs else "spacy_bow"}
    return rows


def format_comparison(rows: dict) -> str:
    lines = ["linear (shipped) vs spaCy textcat (bag of words), same held-out rows:"]
    for name, row in rows.items():
        lines.append(f"  {name:<20} linear {row['linear']:<8} spaCy {row['spacy_bow']:<8} better: {row['better']}")
    return "\n".join(lines)


def compare_with_spacy(classifier: Classifier, train: list[dict], held_out: list[dict], linear_metrics: dict) -> dict:
    taxonomy = classifier.taxonomy
    pipes = train_spacy(train, taxonomy.ids("milestone"), taxonomy.ids("themes"))
    return comparison(linear_metrics, score_spacy(pipes, held_out, taxonomy.ids("milestone"), taxonomy.ids("themes")))
