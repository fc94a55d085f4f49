"""Figure II's cells written as labelled lines under a prose action.

Plans that list their actions as text often give each one its other cells on
lines of their own: "Outcome: 200 patients reviewed", "Lead: practice manager",
"By: March 2022", "Cost: £12,000". A label is a short run of words before a
colon that names a column in the table vocabulary (config/columns.yaml); the
text after it belongs to that column of the action above.
"""
from __future__ import annotations

import functools
import re

from ..columns import label_fields
from ..config import load_yaml

# prose says "Plan:" or "How:" in passing; a label must name its column plainly
MIN_LABEL_SCORE = 2.0
_COLON = re.compile(r"(?<=\w)\)?\s*:\s+")
_DASH = re.compile(r"(?<=[\w'’])\)?\s+[–—]\s+")  # "Cost – £12,000"
MAX_LABEL_WORDS = 5
# "Funding summary: the ten actions above total £120,000" speaks for the plan, not for one action
_SENTENCE_END = re.compile(r"[.;:!?]")
_PLAN_LEVEL = re.compile(r"\b(?:summary|total|overall|in all)\b", re.I)


def _label_before(text: str, colon: int) -> tuple[int, tuple[str, ...]] | None:
    """The shortest run of words before a colon that starts with a capital and names a column."""
    words = list(re.finditer(r"\S+", text[:colon]))
    prefix = text[:colon].strip()
    if (words and len(words) <= MAX_LABEL_WORDS and prefix.isupper() and not _SENTENCE_END.search(prefix)
            and not _PLAN_LEVEL.search(prefix)):
        names = label_fields(prefix, MIN_LABEL_SCORE)
        if names:
            return words[0].start(), names  # a form's label in capitals opens the line ("KEY RISKS: ...")
    for k in range(1, min(MAX_LABEL_WORDS, len(words)) + 1):
        first = words[-k]
        if not first.group()[:1].isupper():
            continue
        label = text[first.start():colon]
        if _PLAN_LEVEL.search(label):
            return None
        names = label_fields(label, MIN_LABEL_SCORE)
        if names:
            return first.start(), names
    return None


def split_labelled(text: str) -> tuple[str, list[tuple[tuple[str, ...], str]]]:
    """'Recruit X. Outcome: Y Lead: Z' -> ('Recruit X.', [(('expected_outcome',), 'Y'), (('lead',), 'Z')]):
    each part with the columns its label names, best first."""
    cuts = []
    separators = sorted([(m, False) for m in _COLON.finditer(text)] + [(m, True) for m in _DASH.finditer(text)],
                        key=lambda pair: pair[0].start())
    for match, dashed in separators:
        found = _label_before(text, match.start())
        # "Risks – staff sickness": a dash marks a label only where the label opens the line
        if found is not None and dashed and text[:found[0]].strip() and not text[:found[0]].rstrip().endswith(
                (".", ";", "|")):
            continue
        if found is not None and (not cuts or found[0] >= cuts[-1][1]):
            cuts.append((found[0], match.end(), found[1]))
    if not cuts:
        return text, []
    lead = text[:cuts[0][0]].strip()
    parts = []
    for (start, end, name), following in zip(cuts, cuts[1:] + [(len(text), None, None)]):
        value = text[end:following[0]].strip(" ;,|")  # "Lead: X | By: Y"
        if value:
            parts.append((name, value))
    return lead, parts


def apply_labelled(fields: dict[str, str], parts: list[tuple[tuple[str, ...], str]]) -> dict[str, str]:
    """Add labelled parts to an action's fields (Figure II's and the extra lead / timescale):
    text for a column joins what it already has."""
    fields = dict(fields)
    for names, value in parts:
        name = next((n for n in names if not fields.get(n)), names[0])  # a label naming two takes the one still empty
        fields[name] = f"{fields[name]} {value}" if fields.get(name) else value
    return fields


@functools.lru_cache(maxsize=1)
def _inline_clauses() -> list[tuple[str, re.Pattern]]:
    spec = load_yaml("columns.yaml").get("inline_clauses", {})
    return [(name, re.compile(pattern, re.I)) for name, patterns in spec.items() for pattern in patterns]


def inline_fields(sentence: str) -> list[tuple[tuple[str, ...], str]] | None:
    """A sentence made only of Figure II clauses ("Risks include X; it needs Y; cost £Z") -> its parts,
    as split_labelled gives them; None for any other sentence."""
    parts = []
    for clause in re.split(r"\s*;\s*", sentence.strip().rstrip(".")):
        if not clause:
            continue
        found = next(((name, m) for name, pattern in _inline_clauses() if (m := pattern.match(clause))), None)
        if found is None:
            return None
        name, match = found
        value = clause[match.end():].strip(" ,:") if name != "monitoring" else clause
        parts.append(((name,), value or clause))
    return parts or None
