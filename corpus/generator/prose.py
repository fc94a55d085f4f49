"""Bank actions written as prose: "We will ...", "The cluster will ...", list items.

The prose keeps every word of the record's action, objective and expected
outcome (the fields its labels were judged on), so the bank labels stay true
of the rendered text. Records with money outside those fields are not used
for prose (plan.py filters them), so amount_gbp stays true as well.
"""
from __future__ import annotations

import re

from .vocab import WE_WILL_VERBS

BULLET = re.compile(r"^\s*(?:[•\-–*]|\d+[.)])\s+")
SUBJECT_TO = re.compile(r"^((?:the )?[A-Za-z][\w'&/-]*(?: [\w'&/-]+){0,3})\s+to\s+(([\w-]+).*)$", re.S)


def flatten(text: str) -> str:
    """A multi-line cell as one run of prose: bullet lines joined with semicolons."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if len(lines) < 2:
        return text.strip()
    head, rest = lines[0], [BULLET.sub("", ln) for ln in lines[1:]]
    if head.endswith(":"):
        return head + " " + "; ".join(rest) + ("" if rest[-1].endswith(".") else ".")
    return " ".join([BULLET.sub("", head)] + [r if r.endswith((".", ":", ";")) else r + ";" for r in rest[:-1]]
                    + [rest[-1]])


def _lower_first(word_text: str) -> str:
    first = word_text.split(" ", 1)[0]
    if len(first) > 1 and first[1:].islower():
        return word_text[0].lower() + word_text[1:]
    return word_text


def we_will(action: str, subject: str = "We") -> str | None:
    """Rewrite an imperative action as a "will" sentence, or None when it is not one."""
    m = SUBJECT_TO.match(action)
    if m and m.group(3).lower() in WE_WILL_VERBS and m.group(1).split()[0].lower() not in WE_WILL_VERBS:
        who = m.group(1)
        who = "The cluster" if who.lower() in ("cluster", "the cluster") else who[0].upper() + who[1:]
        return f"{who} will {m.group(2)}"
    words = action.split(" ", 2)
    if words[0].lower() == "to" and len(words) > 1 and words[1].lower() in WE_WILL_VERBS:
        return f"{subject} will " + action.split(" ", 1)[1]
    if words[0].lower() in WE_WILL_VERBS:
        return f"{subject} will {_lower_first(action)}"
    return None


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ")")) else text + "."


def prose_item(rng, rec: dict, will_form: bool = True) -> tuple[str, dict[str, str]]:
    """Action (+ objective, expected outcome) as one prose item, list marker excluded, and the
    cells a reader should find in it: a labelled objective or outcome ("Aim: ...", "Outcome: ...")
    is that cell, not part of the action."""
    action = flatten(rec["action"])
    if will_form:
        action = we_will(action, rng.choice(["We", "We", "The cluster"])) or action
    parts = [_sentence(action)]
    cells = {"action": _sentence(action), "objective": "", "expected_outcome": ""}
    objective, outcome = flatten(rec["objective"]), flatten(rec["expected_outcome"])
    if objective:
        label = rng.choice(["Aim:", "Objective:", "Why:", "This is to"])
        if label == "This is to" and objective.split()[0].lower() not in WE_WILL_VERBS:
            label = "Aim:"
        if label == "This is to":
            parts.append(_sentence(f"{label} {_lower_first(objective)}"))
            cells["action"] = " ".join(parts)
        else:
            parts.append(_sentence(f"{label} {objective}"))
            cells["objective"] = _sentence(objective)
    if outcome:
        label = rng.choice(["Expected outcome:", "Outcome:", "What success looks like:", "Measure:"])
        parts.append(_sentence(f"{label} {outcome}"))
        cells["expected_outcome"] = _sentence(outcome)
    return " ".join(parts), cells
