"""Linear text classifiers over lemma and character n-grams and seed phrases, saved as plain arrays.

Training uses scikit-learn; a saved model is JSON (vocabulary, settings,
calibration) plus an .npz of float arrays loaded with allow_pickle=False, so a
model folder handed over by someone else cannot run code when loaded.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse

from .lemmas import fold_numbers as prepare, lemmatise
from .lexicon import Lexicon
from .ngrams import FusedTransform

WORD_PARAMS = dict(analyzer="word", ngram_range=(1, 2), min_df=2, max_features=40000, sublinear_tf=True,
                   lowercase=False, token_pattern=r"\S+", dtype=np.float32)
CHAR_PARAMS = dict(analyzer="char_wb", ngram_range=(3, 4), min_df=3, max_features=50000, sublinear_tf=True,
                   lowercase=True, dtype=np.float32)
GROUP_BLOCK_WEIGHT = 2.0  # the group wording's block beside the action's (grouped CV on rule-less rows: 1.5-2.5 best)
# for milestone the group is a hint, not the answer: a light block (train+dev macro-F1 0.924 -> 0.940 in grouped
# CV, 0.919 -> 0.934 leaving each annotator's plans out; weights 0.25-0.5 alike, 0.75 and up lose ground)
MILESTONE_GROUP_WEIGHT = 0.25
LEXICON_WEIGHT = 0.15  # seed-phrase columns beside the unit-length n-gram vector (5-fold CV on train+dev: 0.1-0.2 best)


class Features:
    """Lemma 1-2 grams and character 3-4 grams (tf-idf, L2-normalised together) plus seed-phrase columns."""

    def __init__(self, word=None, char=None, lexicon: Lexicon | None = None, lexicon_weight: float = LEXICON_WEIGHT):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.word = word or TfidfVectorizer(**WORD_PARAMS)
        self.char = char or TfidfVectorizer(**CHAR_PARAMS)
        self.lexicon = lexicon or Lexicon({})
        self.lexicon_weight = lexicon_weight
        self._fast = None  # inference-time transforms of the fitted vectorisers

    def fit_transform(self, texts):
        """Fit the vectorisers (scikit-learn's analysers) and transform."""
        texts = list(texts)
        self._fast = None
        return self.join(self.word.fit_transform([lemmatise(t) for t in texts]),
                         self.char.fit_transform([prepare(t) for t in texts]), self.lexicon.transform(texts))

    def transform(self, texts):
        """The same features as fit_transform gives, through the fast inference path."""
        if self._fast is None:
            self._fast = FusedTransform(self)
        return self._fast.transform(list(texts))

    def distinct_rows(self, contexts: list[str]):
        """The features of each distinct context (they repeat within a plan) and each row's index into them."""
        distinct = sorted(set(contexts))
        index = {text: i for i, text in enumerate(distinct)}
        return self.transform(distinct), np.array([index[text] for text in contexts], dtype=np.intp)

    def _context_rows(self, contexts: list[str]):
        G, index = self.distinct_rows(contexts)
        return G[index]

    def with_group(self, X, contexts: list[str], weight: float = GROUP_BLOCK_WEIGHT):
        """Rows of X beside a second block of the same features for the group wording, weighted: a head
        can then learn that "Frailty" as a group row says something else than "frailty" in an action."""
        return sparse.hstack([X, self._context_rows(contexts) * np.float32(weight)], format="csr")

    def with_context(self, X, contexts: list[str]):
        """Rows of X plus the features of the group wording in the same block, renormalised (the
        group-wording head of models trained before the separate block; see with_group)."""
        from sklearn.preprocessing import normalize

        n_text = X.shape[1] - len(self.lexicon.columns)
        joined = (X + self._context_rows(contexts)).tocsr()
        return sparse.hstack([normalize(joined[:, :n_text]), joined[:, n_text:]], format="csr")

    def join(self, word, char, lexicon):
        """The word and character blocks, L2-normalised together, then the weighted seed-phrase columns."""
        from sklearn.preprocessing import normalize

        blocks = [normalize(sparse.hstack([word, char], format="csr"))]
        if self.lexicon.columns:
            blocks.append(lexicon * np.float32(self.lexicon_weight))
        return sparse.hstack(blocks, format="csr")

    def state(self) -> tuple[dict, dict[str, np.ndarray]]:
        meta, arrays = {}, {}
        for name, vec in (("word", self.word), ("char", self.char)):
            meta[name] = {term: int(i) for term, i in vec.vocabulary_.items()}
            arrays[f"{name}_idf"] = vec.idf_.astype(np.float32)
        meta["lexicon"] = {"phrases": self.lexicon.phrases, "weight": self.lexicon_weight}
        return meta, arrays

    @classmethod
    def from_state(cls, meta: dict, arrays: dict[str, np.ndarray]) -> "Features":
        from sklearn.feature_extraction.text import TfidfVectorizer

        vecs = {}
        for name, params in (("word", WORD_PARAMS), ("char", CHAR_PARAMS)):
            vec = TfidfVectorizer(**params)
            vec.vocabulary_ = meta[name]
            vec.idf_ = arrays[f"{name}_idf"].astype(np.float64)
            vecs[name] = vec
        lexicon = meta.get("lexicon", {})
        return cls(vecs["word"], vecs["char"], Lexicon(lexicon.get("phrases", {})), lexicon.get("weight", 0.0))


@dataclass
class LinearHead:
    """Weights for one task: softmax over classes (multiclass) or one sigmoid per label (multilabel)."""

    classes: list[str]
    coef: np.ndarray  # (n_classes, n_features)
    intercept: np.ndarray
    multilabel: bool = False
    temperature: float = 1.0  # multiclass calibration
    platt: np.ndarray | None = None  # multilabel calibration: (n_classes, 2) slope and bias
    thresholds: dict[str, float] = field(default_factory=dict)

    def scores(self, X) -> np.ndarray:
        return np.asarray(X @ self.coef.T) + self.intercept

    def proba(self, X) -> np.ndarray:
        return self.proba_from_scores(self.scores(X))

    def proba_beside_group(self, X, G, index: np.ndarray, weight: float) -> np.ndarray:
        """proba of Features.with_group(X, contexts, weight) for a head trained on it, without building that
        matrix: the group block's scores are worked out once per distinct group (G, and each row's index)."""
        n = X.shape[1]
        z = np.asarray(X @ self.coef[:, :n].T) + np.float32(weight) * np.asarray(G @ self.coef[:, n:].T)[index]
        return self.proba_from_scores(z + self.intercept)

    def proba_from_scores(self, z: np.ndarray) -> np.ndarray:
        if self.multilabel:
            if self.platt is not None:
                z = z * self.platt[:, 0] + self.platt[:, 1]
            return 1.0 / (1.0 + np.exp(-z))
        z = z / self.temperature
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


def save_model(folder: Path, features: Features, heads: dict[str, LinearHead], info: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    vocab, arrays = features.state()
    meta = {"info": info, "heads": {}}
    for name, head in heads.items():
        # half precision: its rounding (1 part in 2,000) moved no label of the 2,670 bank rows (confidences
        # by <= 0.0003), and the shipped model folder stays under 5 MB
        arrays[f"{name}_coef"] = head.coef.astype(np.float16)
        arrays[f"{name}_intercept"] = head.intercept.astype(np.float32)
        if head.platt is not None:
            arrays[f"{name}_platt"] = head.platt.astype(np.float32)
        meta["heads"][name] = {"classes": head.classes, "multilabel": head.multilabel,
                               "temperature": head.temperature, "thresholds": head.thresholds}
    np.savez_compressed(folder / "weights.npz", **arrays)
    (folder / "vocabulary.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    (folder / "model.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")


class ModelError(ValueError):
    """A model folder that cannot be used: missing, or written by an incompatible version."""


def load_model(folder: Path) -> tuple[Features, dict[str, LinearHead], dict]:
    folder = Path(folder)
    if not (folder / "model.json").exists():
        raise ModelError(f"no model at {folder} (train one with `plans train`)")
    meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    vocab = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
    if "lexicon" not in vocab:
        # its vocabulary is of word forms, not lemmas: loaded, it would label every row silently wrong
        raise ModelError(f"{folder}: a model from before the lemma and seed-phrase features; "
                         f"retrain it with `plans train --out {folder}`")
    with np.load(folder / "weights.npz", allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    features = Features.from_state(vocab, arrays)
    heads = {}
    for name, spec in meta["heads"].items():
        heads[name] = LinearHead(
            classes=spec["classes"], coef=arrays[f"{name}_coef"].astype(np.float32), intercept=arrays[f"{name}_intercept"],
            multilabel=spec["multilabel"], temperature=spec.get("temperature", 1.0),
            platt=arrays.get(f"{name}_platt"), thresholds=spec.get("thresholds", {}))
    return features, heads, meta["info"]
