"""Action rows -> labels, with calibrated confidence and a review flag.

priority_area comes from the plan's own alignment wording when the taxonomy's
patterns recognise it (that is structure, not guesswork) and from the model
otherwise; milestone, themes and is_action always come from the model.
"""
from __future__ import annotations

import functools
import re
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .taxonomy import Taxonomy, alignment_patterns, bare_group_row, load_taxonomy
from .textmodel import GROUP_BLOCK_WEIGHT, Features, LinearHead, load_model

ALIGNMENT_CONFIDENCE = 0.99  # a recognised group row is near certain; the share of misread rows is measured
UMBRELLA_CONFIDENCE = 0.6
BARE_SUFFIX = " (bare row)"
THEMES_BAND = 0.05  # a model without a review policy flags themes this close to their threshold


def content_text(action: str, objective: str = "", expected_outcome: str = "") -> str:
    """What milestone and themes judge: the action's own words, not its group."""
    return " \n ".join(t for t in (action, objective, expected_outcome) if t)


@dataclass
class Labels:
    priority_area: str
    priority_area_confidence: float
    priority_source: str  # "alignment" | "model"
    milestone: str
    milestone_confidence: float
    themes: list[str]
    theme_probabilities: dict[str, float] = field(default_factory=dict)
    needs_review: bool = False
    review_reasons: list[str] = field(default_factory=list)
    theme_thresholds: dict[str, float] = field(default_factory=dict)


def review_reasons(labels: Labels, review: dict, unsure: list[str] | None = None) -> list[str]:
    """Why a person should check this row, by the model's review policy (thresholds chosen at training).
    unsure: the themes near their threshold, when the caller has worked them out already."""
    reasons = []
    if labels.priority_area_confidence < review.get("priority_area", 0.8):
        reasons.append(f"priority_area {labels.priority_area_confidence:.2f}")
    if labels.milestone_confidence < review.get("milestone", 0.6):
        reasons.append(f"milestone {labels.milestone_confidence:.2f}")
    if unsure is None:
        band = review.get("themes_band", THEMES_BAND)
        unsure = [label for label, p in labels.theme_probabilities.items()
                  if abs(p - labels.theme_thresholds.get(label, 0.5)) < band]
    if unsure:
        reasons.append("themes " + ",".join(unsure))
    return reasons


def rule_confidence(rule: str, precision: dict[str, float], default: float) -> float:
    """The measured precision of an alignment rule; a bare-row rule not seen in training falls back
    to its full-title rule."""
    return precision.get(rule, precision.get(rule.removesuffix(BARE_SUFFIX), default))


def priority_from_alignment(texts: list[str], taxonomy: Taxonomy) -> tuple[str, float, str, tuple[str, ...]] | None:
    """The priority area the plan's group wording names: a decisive pattern anywhere in the group rows
    first, then nearest group first, earliest match wins.

    Returns (priority id, confidence, the rule that decided: "label:pattern" or "umbrella", and the
    areas a group row naming several names, "Vaccination and cluster hub": the action's text
    chooses among them)."""
    return _priority_from_alignment(tuple(texts), taxonomy)


@functools.lru_cache(maxsize=4096)  # a plan's rows share a handful of group rows
def _priority_from_alignment(texts: tuple[str, ...], taxonomy: Taxonomy) -> tuple[str, float, str, tuple[str, ...]] | None:
    decisive, _ = alignment_patterns(taxonomy, "decisive_patterns")
    for position, text in enumerate(texts):
        for label, label_patterns in decisive:
            for pattern in label_patterns:
                if text and pattern.search(text) and not (
                        _names_another_group(text, label, taxonomy) and _names_a_group(texts[:position], taxonomy)):
                    return label, ALIGNMENT_CONFIDENCE, f"{label}:{pattern.pattern}", ()
    umbrella_seen = False
    for key in ("alignment_patterns", "fallback_patterns"):
        patterns, umbrella = alignment_patterns(taxonomy, key)
        for text in texts:
            text = (text or "").strip()
            if not text:
                continue
            if any(p.search(text) for p in umbrella):
                umbrella_seen = True
                continue
            best = None
            spans: dict[str, tuple[int, int]] = {}  # each area's earliest match
            for label, label_patterns in patterns:
                for pattern in label_patterns:
                    match = pattern.search(text)
                    if match:
                        if label not in spans or match.start() < spans[label][0]:
                            spans[label] = match.span()
                        if best is None or match.start() < best[0]:
                            best = (match.start(), label, pattern.pattern)
            if best:
                return (best[1], ALIGNMENT_CONFIDENCE, f"{best[1]}:{best[2]}" + (BARE_SUFFIX if bare_group_row(text) else ""),
                        _joined_areas(text, spans))
        if umbrella_seen:
            break
    if umbrella_seen and taxonomy.umbrella_default:
        return taxonomy.umbrella_default, UMBRELLA_CONFIDENCE, "umbrella", ()
    return None


_CONJUNCTION = re.compile(r"\band\b|&", re.I)
_SEPARATOR = re.compile(r"[:–—(]|\s-\s")


def _joined_areas(text: str, spans: dict[str, tuple[int, int]]) -> tuple[str, ...]:
    """The areas a group row names side by side, the first with the others ("Vaccination and cluster hub",
    "Cluster vaccination delivery and the Covid-19 Cluster Hub"); none where the later ones are a topic
    within the first one's block ("Health Board IMTP - immunisation", "Indirect harm: essential services")."""
    ordered = sorted(spans.items(), key=lambda item: item[1])
    joined = [ordered[0][0]] if ordered else []
    for (_, (_, end)), (label, (start, _)) in zip(ordered, ordered[1:]):
        gap = text[end:start]
        if not (_CONJUNCTION.search(gap) and not _SEPARATOR.search(gap)):
            break
        joined.append(label)
    return tuple(sorted(joined)) if len(joined) > 1 else ()


def _names_a_group(texts: tuple[str, ...], taxonomy: Taxonomy) -> bool:
    patterns, _ = alignment_patterns(taxonomy)
    return any(p.search(text) for text in texts if text for _, label_patterns in patterns for p in label_patterns)


def _names_another_group(text: str, label: str, taxonomy: Taxonomy) -> bool:
    """A heading over several blocks ("Ministerial Milestones, 2020/23 IMTP priorities and wider
    priorities") decides none of them where the row's nearer group wording names one."""
    beside = next((set(area.get("not_decisive_beside", ())) for area in taxonomy.priority_areas
                   if area["id"] == label), set())
    patterns, _ = alignment_patterns(taxonomy)
    return any(other in beside and any(p.search(text) for p in label_patterns) for other, label_patterns in patterns)


def alignment_rule_precision(records: list[dict], taxonomy: Taxonomy) -> dict[str, float]:
    """How often each alignment rule names the labelled priority area, smoothed ((right + 1) / (n + 2)):
    the confidence of that rule's decisions, so that wording the template uses in more than one group
    ("Essential services" as a sub-row of the Milestones block) is flagged for review."""
    counts: dict[str, list[int]] = {}
    for r in records:
        aligned = priority_from_alignment([r.get("alignment_text", "")], taxonomy)
        if aligned:
            right_total = counts.setdefault(aligned[2], [0, 0])
            right_total[0] += aligned[0] == r["priority_area"]
            right_total[1] += 1
    return {key: round((right + 1) / (n + 2), 4) for key, (right, n) in sorted(counts.items())}


class Classifier:
    """A loaded model folder: shared features and one head per task."""

    def __init__(self, folder: str | Path, taxonomy: Taxonomy | None = None):
        self.folder = Path(folder)
        features, heads, info = load_model(self.folder)
        self._set(features, heads, info, taxonomy)
        # a retrained model keeps its folder name; its files say whether it changed
        digest = hashlib.sha256()
        for name in ("model.json", "weights.npz", "vocabulary.json"):
            digest.update((self.folder / name).read_bytes())
        self.fingerprint = digest.hexdigest()[:12]

    @classmethod
    def from_parts(cls, features: Features, heads: dict[str, LinearHead], info: dict,
                   taxonomy: Taxonomy | None = None) -> "Classifier":
        """An unsaved classifier (training scores its cross-validation folds with it)."""
        classifier = cls.__new__(cls)
        classifier.folder, classifier.fingerprint = None, "unsaved"
        classifier._set(features, heads, info, taxonomy)
        return classifier

    def _set(self, features, heads, info, taxonomy) -> None:
        self.features, self.heads, self.info = features, heads, info
        self.taxonomy = taxonomy or load_taxonomy(self.info.get("taxonomy", "2021-22"))
        self.review = self.info.get("review_thresholds", {})
        self.alignment_precision = self.info.get("alignment_rule_precision", {})
        self.version = self.info.get("version", self.folder.name if self.folder else "unsaved")

    def is_action(self, texts: list[str]) -> list[float]:
        if not texts:
            return []
        probs = self.heads["is_action"].proba(self.features.transform(texts))
        positive = self.heads["is_action"].classes.index("action")
        return [float(p) for p in probs[:, positive]]

    def predict(self, rows: list[dict]) -> list[Labels]:
        """rows: dicts with action, objective, expected_outcome, strategic_alignment_text, alignment_context."""
        if not rows:
            return []
        contents = [content_text(r.get("action", ""), r.get("objective", ""), r.get("expected_outcome", ""))
                    for r in rows]
        X = self.features.transform(contents)
        priority_head, milestone_head, theme_head = self.heads["priority_area"], self.heads["milestone"], self.heads["themes"]
        p_priority = priority_head.proba(X)
        p_milestone = milestone_head.proba(X)
        p_themes = theme_head.proba(X)
        groups = [[r.get("strategic_alignment_text", "")] + list(r.get("alignment_context") or []) for r in rows]
        rules = [priority_from_alignment(texts, self.taxonomy) for texts in groups]
        # the model reads the group wording only where no alignment rule recognised it
        unresolved = [i for i, (texts, rule) in enumerate(zip(groups, rules)) if rule is None and any(texts)]
        p_aligned = {}
        if unresolved and "priority_alignment" in self.heads:
            if self.info.get("group_features") == "block":
                P = self._beside_group("priority_alignment", X, unresolved, groups, GROUP_BLOCK_WEIGHT)
            else:
                contexts = [" / ".join(t for t in groups[i] if t) for i in unresolved]
                P = self.heads["priority_alignment"].proba(self.features.with_context(X[unresolved], contexts))
            p_aligned = dict(zip(unresolved, P))
        # milestone judges the action's own words, but the group it sits in is evidence about them
        with_group = [i for i, texts in enumerate(groups) if any(texts)]
        if with_group and "milestone_alignment" in self.heads:
            p_milestone[with_group] = self._beside_group("milestone_alignment", X, with_group, groups,
                                                         self.info["milestone_group_weight"])
        theme_classes = theme_head.classes
        thresholds = np.array([theme_head.thresholds.get(label, 0.5) for label in theme_classes])
        chosen = p_themes >= thresholds
        unsure = np.abs(p_themes - thresholds) < self.review.get("themes_band", THEMES_BAND)
        chosen_themes, unsure_themes = _labels_by_row(chosen, theme_classes), _labels_by_row(unsure, theme_classes)
        theme_rows = p_themes.tolist()
        # per-row numpy indexing costs more than the rest of the loop: take argmax and max for all rows at once
        milestones, m_conf = _best(p_milestone, milestone_head.classes)
        text_priority, text_conf = _best(p_priority, priority_head.classes)
        out = []
        for i, aligned in enumerate(rules):
            if aligned and aligned[3]:
                # a group row naming several areas: the action's text chooses among them
                named = [priority_head.classes.index(label) for label in aligned[3] if label in priority_head.classes]
                shares = p_priority[i, named] / max(float(p_priority[i, named].sum()), 1e-9)
                j = int(np.argmax(shares))
                priority, source = priority_head.classes[named[j]], "alignment+text"
                p_conf = rule_confidence(aligned[2], self.alignment_precision, aligned[1]) * float(shares[j])
            elif aligned:
                priority, p_conf, source = aligned[0], rule_confidence(aligned[2], self.alignment_precision, aligned[1]), "alignment"
            elif i in p_aligned:
                head = self.heads["priority_alignment"]
                j = int(np.argmax(p_aligned[i]))
                priority, p_conf, source = head.classes[j], float(p_aligned[i][j]), "model+alignment"
            else:
                priority, p_conf, source = text_priority[i], text_conf[i], "model"
            labels = Labels(priority, round(p_conf, 4), source, milestones[i], round(m_conf[i], 4),
                            chosen_themes[i], dict(zip(theme_classes, theme_rows[i])), theme_thresholds=theme_head.thresholds)
            labels.review_reasons = review_reasons(labels, self.review, unsure_themes[i])
            labels.needs_review = bool(labels.review_reasons)
            out.append(labels)
        return out

    def _beside_group(self, head: str, X, indices: list[int], groups: list[list[str]], weight: float) -> np.ndarray:
        """Probabilities of a head that reads the rows' group wording beside their own (Features.with_group)."""
        G, index = self.features.distinct_rows([" / ".join(t for t in groups[i] if t) for i in indices])
        return self.heads[head].proba_beside_group(X if len(indices) == X.shape[0] else X[indices], G, index, weight)


def _best(P: np.ndarray, classes: list[str]) -> tuple[list[str], list[float]]:
    """Each row's most probable class and its probability, as Python lists."""
    index = np.argmax(P, axis=1)
    return [classes[j] for j in index.tolist()], P[np.arange(len(index)), index].tolist()


def _labels_by_row(mask: np.ndarray, classes: list[str]) -> list[list[str]]:
    """The labels each row of a boolean (rows x classes) mask holds, in class order."""
    out: list[list[str]] = [[] for _ in range(mask.shape[0])]
    for row, column in zip(*np.nonzero(mask)):
        out[row].append(classes[column])
    return out


@functools.lru_cache(maxsize=4)
def load_classifier(folder: str) -> Classifier:
    return Classifier(folder)


__all__ = ["Classifier", "Labels", "Features", "LinearHead", "load_classifier", "priority_from_alignment",
           "alignment_rule_precision",
           "content_text"]
