"""Health board, cluster and plan year from a plan's cover, title and running text."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .config import load_yaml
from .documents.model import Document
from .years import all_spans, first_span, span_of

HEAD_BLOCKS = 40  # the cover, title and first paragraphs
TITLE_BLOCKS = 4  # the cover or title lines
_ANNUAL_PLAN = re.compile(r"annual\s+plan|cynllun\s+blynyddol", re.I)
# an NHS year written as its months: "April 2021 – March 2022", "1 April 2021 to 31 March 2022"
_YEAR_MONTHS = re.compile(r"\b(?:1(?:st)?\s+)?April\s+(20\d\d)\s*(?:[-–—]|to|until)\s*(?:31(?:st)?\s+)?March\s+(20)(\d\d)\b", re.I)
# a cluster name: up to six capitalised words (or joining words) before "Cluster"; the
# word "Cluster" itself is never part of a name ("Rhondda Cluster Cluster Annual Plan")
_NAME_WORD = r"(?:(?!Cluster\b|Network\b|NCN\b)[A-Z][\w'’&.]*|and|&|of|the|y|a)"
_CLUSTER = re.compile(r"(?:^|[\s:–\-(])(" + _NAME_WORD + r"(?:[ \-]" + _NAME_WORD + r"){0,5})\s+(?:Primary\s+Care\s+)?(?:Cluster|Network|NCN)\b")
# in Welsh the name follows the word: "Cynllun Blynyddol Clwstwr Gogledd Ceredigion 2021/22"
_CLUSTER_CY = re.compile(r"\bClwstwr\s+(" + _NAME_WORD + r"(?:[ \-]" + _NAME_WORD + r"){0,5})")
# a form's label starts its line or cell: "Cluster: Taf Ely", not "signed on behalf of the cluster: Dr ..."
_CLUSTER_LABEL = re.compile(r"(?:^|[|\t]\s*)(?:name of (?:the )?)?(?:primary care )?cluster(?: name)?\s*:\s*"
                            r"(?!(?:Dr|Mr|Mrs|Ms|Miss|Prof)\.?\s)([A-Z][\w'’&.\- ]{2,50}?)(?:\s*(?:cluster)?\s*$|[,;|(])", re.I)
# words the template puts before "Cluster" that never name one ("Key Cluster Actions", "Exec Summary")
_NOT_A_CLUSTER = {"primary care", "the", "our", "this", "each", "a", "every", "local", "all", "annual", "key", "exec",
                  "health board", "integrated", "the primary care", "care", "one", "your", "new", "whole", "wider",
                  "pan", "national", "welsh", "wales"}
_NUMBERED = re.compile(r"^\s*(?:section\s+)?\d{1,2}[.):]?\s")
_CONTENTS_LINE = re.compile(r"(?:\.{3,}|…+|\t)\s*\d{1,3}\s*$|\s\d{1,3}$")
_BOARD_WORDS = re.compile(r"\b(university|teaching)?\s*health\s*board\b|\buhb\b|\bthb\b", re.I)


@dataclass
class PlanMetadata:
    health_board: str = ""
    cluster: str = ""
    plan_year: str = ""


def _board_aliases() -> list[tuple[str, str]]:
    pairs = []
    for name, aliases in load_yaml("health_boards.yaml").items():
        for alias in aliases:
            pairs.append((alias, name))
    return sorted(pairs, key=lambda p: -len(p[0]))


def extract_metadata(doc: Document) -> PlanMetadata:
    lines = doc.margin_text + [b.text for b in doc.blocks()[:HEAD_BLOCKS]]
    text = "\n".join(lines)
    low = text.lower()
    meta = PlanMetadata()
    best = None
    for alias, name in _board_aliases():
        position = low.find(alias)
        if position >= 0 and (best is None or position < best[0]):
            best = (position, name)
    if best:
        meta.health_board = best[1]
    meta.cluster = _cluster(lines, meta.health_board)
    meta.plan_year = _plan_year(doc.margin_text + [b.text for b in doc.blocks()[:TITLE_BLOCKS]], lines)
    return meta


def _cluster(lines: list[str], board: str) -> str:
    lines = [line for line in lines if not _CONTENTS_LINE.search(line)]
    for line in lines:
        match = _CLUSTER_LABEL.search(line)
        if match:
            name = _tidy_cluster(match.group(1))
            if name:
                return name
    for pattern in (_CLUSTER, _CLUSTER_CY):
        for line in lines:
            for match in pattern.finditer(line):
                name = _tidy_cluster(match.group(1))
                if name:
                    return name
    return ""


def _tidy_cluster(name: str) -> str:
    # a title set on two lines and read as one: "Swansea Bay University Health Board Tawe Uplands"
    name = re.split(r"\bHealth\s+Board\b|\bBwrdd\s+Iechyd\b", name, flags=re.I)[-1]
    name = _BOARD_WORDS.sub("", name)
    # a bilingual title names it twice over: "Clwstwr Dwyfor Cluster"
    name = re.sub(r"^.*\bClwstwr\s+", "", name)
    name = re.sub(r"^(?:the|and|of|a|y)\s+", "", name.strip(), flags=re.I)
    name = re.sub(r"\s+(?:and|of|the|&)$", "", name).strip(" -–,:")
    # Aneurin Bevan's clusters are Neighbourhood Care Networks: "Blaenau Gwent East NCN"
    name = re.sub(r"(?:^|\s+)(?:NCN|Neighbourhood\s+Care(?:\s+Network)?|Primary\s+Care(?:\s+Cluster)?|Cluster)$", "", name,
                  flags=re.I).strip(" -–,:")
    for alias, _ in _board_aliases():
        if name.lower().startswith(alias):
            name = name[len(alias):].strip(" -–,:")
    if not name or name.lower() in _NOT_A_CLUSTER or len(name) < 3:
        return ""
    return name


def _plan_year(title_lines: list[str], lines: list[str]) -> str:
    """The year in the title or running header; else the one the plan names most often."""
    # an IMTP refreshed for its second year names both: "Cluster IMTP 2020-2023: Year 2 refresh",
    # "Cluster Annual Plan 2021/22"; the annual plan's year is the plan's
    for line in title_lines:
        annual = _ANNUAL_PLAN.search(line)
        if annual and (span := first_span(line, annual.end())):
            return span.label
    for line in title_lines:
        low = line.lower()
        if ("plan" in low or "imtp" in low) and not _NUMBERED.match(line):  # a numbered line is a section heading
            if span := first_span(line):
                return span.label
    for line in title_lines:
        if (match := _YEAR_MONTHS.search(line)) and (span := span_of(match)):
            return span.label
    counts: dict[str, int] = {}
    for line in lines:
        for span in all_spans(line):
            counts[span.label] = counts.get(span.label, 0) + 1
    return max(counts, key=lambda y: (counts[y], -list(counts).index(y))) if counts else ""
