"""Document -> the template's sections (CONTRACT.md, Figure I).

A heading is found from layout (Word heading styles, bold, font size above the
body text, numbering) and named by the ordered rules in config/sections.yaml.
Headings of a lower rank than the plan's own section headings (priority
headings inside the actions section, say) do not start sections, and a run of
headings with nothing between them is a table of contents, not sections.
"""
from __future__ import annotations

import functools
import re
import statistics
from dataclasses import dataclass

from .config import load_yaml
from .documents.model import Block, Document, Table

SECTION_NUMBERS = {
    "exec_summary": 1, "plan_on_a_page": 2, "covid_reflections": 3, "imtp_reflections": 4,
    "key_actions": 5, "workforce": 6, "finance": 7, "strategic_alignment": 8, "other": 0,
}
_NUMBERING = re.compile(r"^\s*(?:section|part|appendix|q(?:uestion)?)?\s*(?:\d{1,2}(?:\.\d{1,2})*|[ivx]{1,4}|[a-h])[.):]?\s+(?:[-–—:]\s*)?", re.I)
_TOC_LEADER = re.compile(r"(?:\.{3,}|…+|\t| {2,})\s*\d{1,3}\s*$|\s\d{1,3}$")
MAX_HEADING_WORDS = 16
_APPENDIX = re.compile(r"^\s*(?:appendix|annex|atodiad)\b", re.I)
_APPENDIX_MENTION = re.compile(r"\b(?:appendix|annex|atodiad)\b", re.I)
POINTER_CHARS = 600  # a section this short that names an appendix only points to it
_DASHES = re.compile("[\u2010-\u2015\u2212]")


@dataclass
class Section:
    section_no: int
    section_key: str
    heading: str
    start_item: int  # index into Document.items
    end_item: int  # exclusive
    page_start: int | None = None
    page_end: int | None = None
    n_chars: int = 0


@dataclass
class _Candidate:
    index: int
    key: str
    heading: str
    rank: float
    numbered: bool


@functools.lru_cache(maxsize=1)
def _rules():
    return [(rule["key"], [re.compile(p, re.I) for p in rule.get("all", [])],
             [re.compile(p, re.I) for p in rule.get("none", [])])
            for rule in load_yaml("sections.yaml")["rules"]]


def classify_heading(text: str) -> str | None:
    """The section key a heading's words name, or None."""
    bare = _DASHES.sub("-", strip_numbering(text))  # "2020–23" as "2020-23"
    for key, required, excluded in _rules():
        if all(p.search(bare) for p in required) and not any(p.search(bare) for p in excluded):
            return key
    return None


def strip_numbering(text: str) -> str:
    return _NUMBERING.sub("", text.strip()).strip(" -–—:")


def body_size(doc: Document) -> float | None:
    """The font size of the plan's running text (the median of its longer blocks)."""
    sizes = [b.font_size for b in doc.blocks() if b.font_size and len(b.text) > 60]
    return statistics.median(sizes) if sizes else None


def heading_rank(block: Block, body: float | None) -> float | None:
    """How heading-like a block looks; None when it looks like body text."""
    if block.heading_level is not None:
        return 20.0 - block.heading_level
    size = block.font_size or 0.0
    bigger = body is not None and size >= body + 1.0
    if bigger or block.bold:
        return size + (0.5 if block.bold else 0.0)
    return None


def find_sections(doc: Document) -> list[Section]:
    body = body_size(doc)
    candidates: list[_Candidate] = []
    appendices: list[int] = []
    for index, item in enumerate(doc.items):
        if not isinstance(item, Block):
            continue
        text = item.text
        rank = heading_rank(item, body)
        if rank is None:
            continue  # body-sized plain text, numbered or not, is a list item or a sentence
        numbered = bool(_NUMBERING.match(text))
        # the template's own headings run to 18 words ("4. One year in reflections on the 2020/23 ..."):
        # a styled heading, or a numbered one set bold or bigger, may be that long
        limit = MAX_HEADING_WORDS + (10 if item.heading_level is not None or numbered else 0)
        if len(text.split()) > limit or text.endswith((".", ";", ",")) and item.heading_level is None:
            continue
        if _TOC_LEADER.search(text) and not item.heading_level:
            continue
        key = classify_heading(text)
        if key is None:
            if _APPENDIX.match(text):
                appendices.append(index)  # an appendix the template does not name ends the section above
            continue
        candidates.append(_Candidate(index, key, text, rank, numbered))
    candidates = _drop_tables_of_contents(doc, candidates)
    candidates = _keep_section_rank(candidates)

    sections: list[Section] = []
    by_key: dict[str, Section] = {}
    for cand in candidates:
        earlier = by_key.get(cand.key)
        if earlier is None:
            by_key[cand.key] = section = Section(SECTION_NUMBERS[cand.key], cand.key, cand.heading, cand.index,
                                                 len(doc.items))
            sections.append(section)
        elif _APPENDIX.match(cand.heading) and _points_elsewhere(doc, earlier, candidates):
            # "5. Key Cluster Actions: see Appendix B": the section is the appendix
            earlier.heading, earlier.start_item = cand.heading, cand.index
    sections.sort(key=lambda s: s.start_item)
    starts = sorted({s.start_item for s in sections} | set(appendices))
    for section in sections:
        section.end_item = next((i for i in starts if i > section.start_item), len(doc.items))
    for section in sections:
        _measure(doc, section)
    return sections


def _points_elsewhere(doc: Document, section: Section, candidates: list[_Candidate]) -> bool:
    """Is the section only a pointer to an appendix ("The actions are set out in Appendix B")?"""
    following = next((c.index for c in candidates if c.index > section.start_item), len(doc.items))
    texts = [item.text for item in doc.items[section.start_item + 1:following] if isinstance(item, Block)]
    tables = any(isinstance(item, Table) for item in doc.items[section.start_item + 1:following])
    return not tables and sum(map(len, texts)) < POINTER_CHARS and any(_APPENDIX_MENTION.search(t) for t in texts)


def _drop_tables_of_contents(doc: Document, candidates: list[_Candidate]) -> list[_Candidate]:
    """Three or more headings in a row with no text between them list contents.

    The real first heading can follow the list directly; it repeats a key the
    list already named, which a contents entry does not.
    """
    kept: list[_Candidate] = []
    run: list[_Candidate] = []

    def close_run():
        if len(run) < 3:
            kept.extend(run)
        elif run[-1].key in {c.key for c in run[:-1]}:
            kept.append(run[-1])
        run.clear()

    for cand in candidates:
        if run and _content_between(doc, run[-1].index, cand.index) == 0:
            run.append(cand)
            continue
        close_run()
        run.append(cand)
    close_run()
    return kept


def _content_between(doc: Document, start: int, end: int) -> int:
    chars = 0
    for item in doc.items[start + 1:end]:
        if isinstance(item, Table):
            return 1000
        if not _TOC_LEADER.search(item.text) and item.text.lower() not in ("contents", "table of contents"):
            chars += len(item.text)
    return chars


def _keep_section_rank(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep headings of the rank the plan uses for its sections."""
    if len(candidates) < 2:
        return candidates
    by_key: dict[str, _Candidate] = {}
    for cand in candidates:
        by_key.setdefault(cand.key, cand)
    # the section level is the rank most headings share (the higher one on a tie)
    counts: dict[float, int] = {}
    for cand in candidates:
        counts[round(cand.rank, 1)] = counts.get(round(cand.rank, 1), 0) + 1
    level = max(counts, key=lambda rank: (counts[rank], rank))
    numbered_share = sum(c.numbered for c in by_key.values()) / len(by_key)
    kept = []
    for cand in candidates:
        if cand.rank + 0.6 < level:
            continue
        if numbered_share >= 0.75 and not cand.numbered and cand.rank <= level:
            continue
        kept.append(cand)
    return kept


def _measure(doc: Document, section: Section) -> None:
    pages = []
    chars = 0
    for item in doc.items[section.start_item:section.end_item]:
        if isinstance(item, Table):
            chars += sum(len(c.text) for row in item.rows for c in row.cells)
            pages += [row.page for row in item.rows if row.page]
        else:
            chars += len(item.text)
            if item.page:
                pages.append(item.page)
    section.n_chars = chars
    section.page_start = min(pages) if pages else None
    section.page_end = max(pages) if pages else None


def section_of_items(doc: Document, sections: list[Section]) -> list[tuple[int, str]]:
    """(section_no, section_key) for every item; text outside any section is 0/other."""
    labels = [(0, "other")] * len(doc.items)
    for section in sections:
        for index in range(section.start_item, section.end_item):
            labels[index] = (section.section_no, section.section_key)
    return labels


def detect_template(doc: Document, sections: list[Section]) -> str:
    config = load_yaml("sections.yaml")
    head = " ".join(b.text for b in doc.blocks()[:60]) + " " + " ".join(doc.margin_text)
    headings = " ".join(s.heading for s in sections)
    imtp = sum(bool(re.search(p, headings + " " + head[:2000], re.I)) for p in config["imtp_markers"])
    annual = sum(bool(re.search(p, headings + " " + head[:2000], re.I)) for p in config["annual_markers"])
    keys = {s.section_key for s in sections}
    if {"plan_on_a_page", "covid_reflections"} & keys or annual and annual >= imtp:
        return "annual_2021_22"
    if imtp:
        return "imtp_2020_23"
    return "unknown"
