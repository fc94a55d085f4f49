"""Whether a prose statement commits the cluster to something or reports the past (config/mood.yaml).

The action scorer is trained on words, and a plan's own names can outweigh its grammar ("Host two
trainee ANPs through the health board's Primary Care Academy" scores as background). Tense and
commitment are stated in a few words, so rules read them: a future marker or an opening base-form
verb is a commitment; a past-tense verb with no future marker, opening the statement or beside a
past period ("Last winter the cluster achieved 78% uptake"), is a report.
"""
from __future__ import annotations

import functools
import re

from ..config import load_yaml

_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")


@functools.lru_cache(maxsize=1)
def _cues():
    config = load_yaml("mood.yaml")
    return ([re.compile(p, re.I) for p in config["future_markers"]], frozenset(config["imperative_verbs"]),
            frozenset(config["past_verbs"]), [re.compile(p, re.I) for p in config["past_periods"]],
            [re.compile(p, re.I) for p in config.get("quoted_labels", [])],
            [re.compile(p, re.I) for p in config.get("courtesy_lines", [])],
            [re.compile(p, re.I) for p in config.get("present_state_openers", [])],
            [re.compile(p, re.I) for p in config.get("plan_level", [])],
            [re.compile(p, re.I) for p in config.get("form_guidance", [])])


@functools.lru_cache(maxsize=8192)  # a paragraph's sentences are read here, then again as candidates
def mood(text: str) -> str | None:
    """"commitment", "past", "present" (how things stand, no commitment), "quoted" (a national
    milestone the plan cites), "plan" (a statement about all its actions), "courtesy" (a letter's
    "Please do not hesitate to contact me"), "guidance" (the form's instructions: "Add further rows as
    needed"), or None when the grammar does not say."""
    future, imperative, past, periods, quoted, courtesy, present, plan_level, guidance = _cues()
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return None
    if any(p.match(text) for p in quoted):
        return "quoted"
    if any(p.match(text) for p in courtesy):
        return "courtesy"
    if any(p.match(text) for p in guidance):
        return "guidance"
    if any(p.search(text) for p in plan_level):
        return "plan"
    if any(p.search(text) for p in future) or words[0] in imperative:
        return "commitment"
    if words[0] in past or (any(p.search(text) for p in periods) and any(w in past for w in words)):
        return "past"
    if any(p.match(text) for p in present):
        return "present"
    return None
