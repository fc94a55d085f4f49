"""Actions written as text: numbered or bulleted items and "We will..." sentences.

Candidates are list items and sentences (spaCy's rule-based sentencizer on a
blank English pipeline); a trained action-versus-context scorer keeps the
ones that state something the cluster will do. Short heading-like blocks above
them become their strategic alignment, as group rows do in tables.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Callable

from ..config import load_yaml
from ..documents.model import Block, Document, Table
from ..documents.text import BULLET_GLYPHS, is_list_marker
from ..labels.taxonomy import names_priority
from ..sections import body_size, heading_rank
from .labelled import apply_labelled, inline_fields, split_labelled
from .mood import mood
from .record import ActionRecord

Scorer = Callable[[list[str]], list[float]]
ACTION_THRESHOLD = 0.5
# a bulleted or numbered item under a priority heading is an action unless the scorer is fairly
# sure it is not: the list itself is the plan's way of saying "these are our actions"
LIST_ITEM_THRESHOLD = 0.2
# outside every recognised template section (a newsletter, a letter) a sentence needs more evidence,
# unless it sits under a heading that names a priority area
OUTSIDE_TEMPLATE_THRESHOLD = 0.7
# sections whose prose reflects on the past or summarises; their sentences are not the plan's actions
NARRATIVE_SECTIONS = {"exec_summary", "plan_on_a_page", "covid_reflections", "imtp_reflections"}
# a list item's marker: a glyph, a number, a roman numeral or a letter (marker_kind says which)
_MARKER = re.compile(r"^\s*(?:([" + BULLET_GLYPHS + r"\-–*])|\(?(\d{1,2})[.)]|\(?([ivx]{1,4})[.)]|\(?([a-z])[.)])\s+")
MIN_WORDS = 4
_PARAGRAPH_NUMBER = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})+\.?\s+(?=[A-Z])")  # "5.1 Practices will ..."
# a sentence that goes on about the one before it ("This will include ...", "It will run weekly") is part of
# that action; any other sentence stands alone, as the guidelines' "one sentence of prose" does
_CONTINUES = re.compile(r"^(?:this|these|that|those|it|its|they|their|which|each|both|the (?:service|clinic|post|"
                        r"role|team|programme|project|pilot|group|hub|scheme|work|aim|plan)s?)\b|^(?:also|and|"
                        r"including|with|so that|in addition)\b", re.I)
_ACTION_LABEL = re.compile(r"^\s*(?:planned\s+|key\s+)?action\s*(?:\d{1,2}(?:\.\d{1,2})*[a-z]?)?\s*:", re.I)
_BARE_ACTION_LABEL = re.compile(r"^\s*(?:planned\s+|key\s+)?action\s*(?:no\.?\s*)?\d{1,2}(?:\.\d{1,2})*[a-z]?\s*[:.–-]?\s*$", re.I)
MAX_HEADING_WORDS = 14
MAX_GROUP_TITLE_WORDS = 30


@functools.lru_cache(maxsize=1)
def _sentencizer():
    import spacy
    from spacy.symbols import ORTH

    nlp = spacy.blank("en")
    for abbreviation in load_yaml("text_repair.yaml").get("abbreviations", []):
        for form in {abbreviation, abbreviation.capitalize()}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])  # its stop ends no sentence
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(text: str) -> list[str]:
    return [s.text.strip() for s in _sentencizer()(text).sents if s.text.strip()]


# the number an item is known by, typed before it: "3.", "3)", "A1.", "5.2", "1.1a"
_ITEM_NUMBER = re.compile(r"^\s*\(?((?:[A-Z]{1,2}\s?)?\d{1,2}(?:\.\d{1,2}){1,2}[a-z]?(?=[.):]?\s)"
                          r"|(?:[A-Z]{1,2}\s?)?\d{1,2}[a-z]?(?=[.):]\s))")


def item_ref(block: Block) -> str:
    """The number a list item is known by: the one Word draws before it, or the one typed."""
    match = _ITEM_NUMBER.match(block.text)
    return (block.list_label or (match.group(1) if match else "")).strip().rstrip(".):").strip()


def strip_marker(text: str) -> str:
    return _MARKER.sub("", text, count=1).strip()


def _units(block: Block) -> list[str]:
    """A list item stays whole; a paragraph splits into its sentences, but for those that go on about the
    one before."""
    text = block.text
    if block.list_item or is_list_marker(text):
        return [strip_marker(text)]
    sentences = split_sentences(_PARAGRAPH_NUMBER.sub("", text, count=1))
    units: list[str] = []
    unit_is_past = False
    for sentence in sentences:
        is_past = mood(sentence) == "past"
        # a report of the past is no part of an action beside it, before or after
        if units and _CONTINUES.match(sentence) and not is_past and not unit_is_past:
            units[-1] = f"{units[-1]} {sentence}"
        else:
            units.append(sentence)
            unit_is_past = is_past
    return units


def is_heading(block: Block, body: float | None = None) -> bool:
    """A short block set as a heading (a heading style, bold, or bigger than the body text of size body)."""
    words = len(block.text.split())
    # a bulleted line is a list item, however big or bold its type (a slide's first-level bullets)
    if heading_rank(block, body) is None or block.text.endswith(".") or block.text.lstrip()[:1] in BULLET_GLYPHS:
        return False
    # the template's own group titles run to 20 words ("Contract Reform, Health Board IMTP, RPB Area Plans, ...")
    return words <= MAX_HEADING_WORDS or (words <= MAX_GROUP_TITLE_WORDS and names_priority(block.text))


MAX_LIST_HEADING_WORDS = 12


def marker_kind(text: str) -> str | None:
    """What a list item's marker is: a glyph (itself), "number", "roman" ("(i)", "(iv)") or "letter"."""
    match = _MARKER.match(text)
    if not match:
        return None
    glyph, number, roman, letter = match.groups()
    return glyph or ("number" if number else "roman" if roman else "letter")


def heads_a_list(block: Block, following: Block | Table | None, outer_kind: str | None = None) -> bool:
    """A short line over a list whose items it does not belong to is that list's heading: a lettered
    line over roman-numbered items ("(a) Keeping essential services going" over "(i) We will ..."), a
    bullet over dashes, or an unstyled line naming a priority over bullets (a slide's subtitle).
    outer_kind: the marker of the first item of the list the block is in, if it is not that first item."""
    text = block.text.strip()
    if (not isinstance(following, Block) or not (following.list_item or is_list_marker(following.text))
            or len(text.split()) > MAX_LIST_HEADING_WORDS or text.endswith((".", ";", ":", ","))):
        return False
    own, below = marker_kind(text), marker_kind(following.text)
    if below is None or own == below or split_labelled(strip_marker(text))[1]:
        return False  # a labelled line ("- Measured by: ...") is a cell of the action above
    lead, labelled = split_labelled(strip_marker(following.text))
    if labelled and not lead:
        return False  # an action over its labelled sub-items ("- Outcome: ...")
    if outer_kind is not None and outer_kind != own:
        return False  # a sub-item ("- more detail") before the list's next item
    if own is None:
        return not block.list_item and names_priority(text)
    return True


@dataclass
class _Candidate:
    index: int
    block: Block
    text: str
    heading: str
    threshold: float
    parts: list[tuple[tuple[str, ...], str]] = field(default_factory=list)  # (columns its label names, text)


Parts = list[tuple[tuple[str, ...], str]]


def _opens_action(parts: Parts) -> bool:
    """Labels that open the next action rather than close the one above: its objective, its group."""
    return all(names[0] in ("objective", "strategic_alignment_text") for names, _ in parts)


class _LabelledLines:
    """Where the labelled lines of prose actions go, as the candidates are read in order.

    A line of labels with no action text belongs to the action above it ("Outcome: ..."),
    except an objective, which opens the next action ("Objective: ..." then the action)
    unless it comes straight after an action that has none; a card's title line ("ACTION 3
    Lead: ... | By: ...") holds its labels for the action on the line below."""

    def __init__(self):
        self.candidates: list[_Candidate] = []
        self.pending: Parts = []  # labels waiting for the action after them
        self.just_opened = False  # the last action read has no objective yet
        self.group_start = 0  # the first candidate under the current heading
        self.announced = False  # a title line said the next line is an action

    def above(self) -> _Candidate | None:
        return self.candidates[-1] if len(self.candidates) > self.group_start else None

    def close_group(self) -> None:
        if self.pending and self.above() is not None:
            self.above().parts += self.pending  # the objective came after its action
        self.pending = []
        self.group_start = len(self.candidates)

    def title_line(self, parts: Parts) -> None:
        self.pending += parts
        self.announced = True

    def cells_line(self, parts: Parts) -> None:
        above = self.above()
        if _opens_action(parts) and not (above is not None and self.just_opened):
            self.pending += parts
        elif above is not None:
            above.parts += parts  # the cells of the action above, on lines of their own
        self.just_opened = False

    def action(self, candidate: _Candidate) -> None:
        """Add an action; it takes the labels waiting for it."""
        if self.announced:
            candidate.threshold, self.announced = 0.0, False
        candidate.parts = self.pending + candidate.parts
        self.candidates.append(candidate)
        self.just_opened = not any(names[0] == "objective" for names, _ in candidate.parts)
        self.pending = []


def extract_prose_actions(doc: Document, item_sections: list[tuple[int, str]], scorer: Scorer,
                          skip_sections: set[str] | None = None,
                          section_heads: set[int] | None = None,
                          listed_only: set[str] | None = None) -> list[ActionRecord]:
    """Prose actions from the items whose section is not narrative and not listed in skip_sections; in
    the listed_only sections (those holding an action table), only list items under a heading that
    names a priority group: the text around a table is instructions and context, but a list of its
    own under its own group heading (a text box beside the table) is more of the plan's actions."""
    skip = NARRATIVE_SECTIONS | (skip_sections or set())
    lines = _LabelledLines()
    heading, heading_names_group = "", False
    group_rank = None  # how prominent the group's heading is (sections.heading_rank)
    heading_objective: Parts = []  # "5.1.1 Objective: ..." between a group heading and its actions
    heads = set(section_heads or ())
    head_texts = {doc.items[i].text.strip() for i in heads if isinstance(doc.items[i], Block)}
    outer_kind = None
    body = body_size(doc)
    headings = [isinstance(item, Block) and is_heading(item, body) for item in doc.items]
    for index, item in enumerate(doc.items):
        if isinstance(item, Table):
            continue
        _, key = item_sections[index]
        # after a card's title line ("ACTION 3  Lead: ..."), its action, set in bold, is no heading
        following = doc.items[index + 1] if index + 1 < len(doc.items) else None
        before = doc.items[index - 1] if index else None
        listed_before = (isinstance(before, Block) and bool(marker_kind(before.text)) and not headings[index - 1]
                         and index - 1 not in heads)
        if not listed_before:
            outer_kind = marker_kind(item.text)  # the list this item opens, if it is a list item
        if index in heads or (
                (headings[index] or heads_a_list(item, following, outer_kind if listed_before else None))
                and not lines.announced):
            lines.close_group()
            lead, parts = split_labelled(_PARAGRAPH_NUMBER.sub("", item.text))
            if index not in heads and not lead and parts and all(names[0] == "objective" for names, _ in parts):
                heading_objective = parts  # the objective of the actions under it, still in the group above
                continue
            heading_objective = []
            rank = heading_rank(item, body)
            # a section's heading repeated (each slide's title) heads no priority group either
            if index in heads or item.text.strip() in head_texts:
                heading, heading_names_group = "", False  # a section heading is not a priority heading
            elif (heading_names_group and rank is not None and group_rank is not None and rank < group_rank
                    and not names_priority(item.text)):
                pass  # an action's own title under its group's heading ("Diabetes foot checks"): still that group
            else:
                heading, heading_names_group, group_rank = item.text, names_priority(item.text), rank
            continue
        if key in skip:
            continue
        listed = item.list_item or is_list_marker(item.text)
        if listed_only and key in listed_only and not (listed and heading_names_group):
            continue
        if listed and heading:
            block_threshold = LIST_ITEM_THRESHOLD
        elif key == "other" and not heading_names_group:
            block_threshold = OUTSIDE_TEMPLATE_THRESHOLD
        else:
            block_threshold = ACTION_THRESHOLD
        for unit in _units(item):
            threshold = block_threshold
            inline = inline_fields(unit)
            if inline and lines.candidates and lines.candidates[-1].index == index:
                lines.cells_line(inline)  # "Risks include ...; it needs ...; cost ..." after its action
                continue
            lead, parts = split_labelled(unit)
            # a label naming two columns (the outcome or monitoring) is read by its first
            action = [value for names, value in parts if names[0] == "action"]
            parts = [(names, value) for names, value in parts if names[0] != "action"]
            if action:  # "Action: ..." names the action itself
                lead = " ".join([lead] + action).strip()
                if _ACTION_LABEL.match(unit):
                    threshold = 0.0  # the plan itself calls it an action ("Action 1.1: ...")
            if parts and _BARE_ACTION_LABEL.match(lead):
                lines.title_line(parts)  # its action follows on a line of its own
                continue
            if not lead:
                lines.cells_line(parts)
                continue
            if len(lead.split()) >= MIN_WORDS:
                said = mood(lead)
                if said in ("past", "present", "quoted", "plan", "courtesy", "guidance"):
                    continue  # a report of what was done or of how things stand, a milestone cited, a courtesy
                if said == "commitment":
                    # an instruction in the plan's own list under a heading is its action; a committed
                    # sentence elsewhere needs only the list's evidence
                    threshold = 0.0 if listed and heading else min(threshold, LIST_ITEM_THRESHOLD)
                if heading_objective and not any(names[0] == "objective" for names, _ in parts + lines.pending):
                    parts = heading_objective + parts
                lines.action(_Candidate(index, item, lead, heading, threshold, parts))
    lines.close_group()
    candidates = lines.candidates
    if not candidates:
        return []
    scores = scorer([c.text for c in candidates])
    records = []
    first_of_block = {}
    for k, candidate in enumerate(candidates):
        first_of_block.setdefault(candidate.index, k)
    for k, (candidate, score) in enumerate(zip(candidates, scores)):
        if score < candidate.threshold:
            continue
        # an item's number keys the tables that give more of it (keyed.py); a paragraph's later
        # sentences are not that item
        record = ActionRecord(source_kind="text", action=candidate.text, page=candidate.block.page,
                              item_index=candidate.index, strategic_alignment_text=candidate.heading,
                              ref=item_ref(candidate.block) if first_of_block[candidate.index] == k else "")
        if candidate.parts:
            cells = apply_labelled({k: v for k, v in (record.fields() | record.extras()).items() if k != "action"},
                                   candidate.parts)
            for name, value in cells.items():
                setattr(record, name, value)
        records.append(record)
    return records
