"""Gold files: what was rendered, and on which PDF page each heading and action starts.

Pages are found from the rendered PDF itself, independently of any table
extraction: every page's text is read with pypdfium2 and the first words of
each heading and action are searched for in document order. Matching keeps
letters and digits only, so it ignores whitespace, line wrapping, hyphens,
bullets and punctuation.
"""
from __future__ import annotations

import bisect
import json
import logging
import re
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium

from .model import Plan

log = logging.getLogger(__name__)
WORD = re.compile(r"\w+")
NEEDLE_WORDS = 8
MAX_GAP = 1200  # normalised characters allowed between words of a row split over pages
GENERATOR_VERSION = "2"  # 2: a prose item's labelled objective and outcome are its cells, not its action


def _words(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFKC", str(text)).casefold())


def norm(text: str) -> str:
    return "".join(_words(text))


class PdfText:
    """All lines of a PDF, normalised, with the page each starts on."""

    def __init__(self, path: str | Path):
        pdf = pdfium.PdfDocument(str(path))
        try:
            self.n_pages = len(pdf)
            self.lines: list[tuple[int, str]] = []
            for index in range(self.n_pages):
                page = pdf[index]
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
                page.close()
                for line in re.split(r"\r\n|\r|\n", text):
                    n = norm(line)
                    if n:
                        self.lines.append((index + 1, n))
        finally:
            pdf.close()
        self.starts, pos = [], 0
        for _, n in self.lines:
            self.starts.append(pos)
            pos += len(n)
        self.text = "".join(n for _, n in self.lines)

    def _line_at(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def page_at(self, offset: int) -> int:
        return self.lines[self._line_at(offset)][0]

    def find_words(self, text: str, cursor: int) -> int | None:
        """Offset where the first words of text occur at or after cursor.

        First as one run of text; failing that, allowing gaps between the words,
        for a Word table row that breaks across pages (the running header and the
        repeated header row then sit between its first and last words)."""
        words = _words(text)[:NEEDLE_WORDS]
        if not words:
            return None
        hit = self.text.find("".join(words), cursor)
        if hit >= 0:
            return hit
        for anchor in (3, 1):
            if len(words) <= anchor:
                continue
            head = "".join(words[:anchor])
            start = self.text.find(head, cursor)
            while start >= 0:
                pos, ok = start + len(head), True
                for word in words[anchor:]:
                    nxt = self.text.find(word, pos, pos + MAX_GAP + len(word))
                    if nxt < 0:
                        ok = False
                        break
                    pos = nxt + len(word)
                if ok:
                    return start
                start = self.text.find(head, start + 1)
        return None

    def find_line(self, text: str, cursor: int, prefix: bool = False) -> tuple[int, int] | None:
        """A line (or run of wrapped lines) equal to text - or starting with it when prefix -
        at or after cursor; returns (start offset, end offset)."""
        target = norm(text)
        if not target:
            return None
        for j in range(self._line_at(cursor), len(self.lines)):
            first = self.lines[j][1]
            if self.starts[j] < cursor or not (target.startswith(first) or (prefix and first.startswith(target))):
                continue
            acc, k = first, j + 1
            while len(acc) < len(target) and k < len(self.lines):
                longer = acc + self.lines[k][1]
                if not target.startswith(longer[:len(target)]):
                    break
                acc, k = longer, k + 1
            if acc == target or (prefix and acc.startswith(target)):
                return self.starts[j], self.starts[j] + len(acc)
        return None


def locate(plan: Plan, pdf_path: str | Path) -> tuple[int, dict, dict, list[str]]:
    """(n_pages, {section index: page}, {action index: page}, warnings)."""
    doc = PdfText(pdf_path)
    warnings: list[str] = []
    cursor = 0
    if plan.toc:  # skip the contents page: its entries repeat the headings
        for section in plan.sections:
            hit = doc.find_line(section.heading, cursor, prefix=True)
            if hit:
                cursor = hit[1]
    sec_pages: dict[int, int | None] = {}
    act_pages: dict[int, int | None] = {}
    index = 0
    for s_i, section in enumerate(plan.sections):
        hit = doc.find_line(section.heading, cursor)
        if hit:
            sec_pages[s_i] = doc.page_at(hit[0])
            cursor = hit[1]
        else:
            sec_pages[s_i] = None
            warnings.append(f"heading not found: {section.heading!r}")
        for item in _section_items(section):
            hit = doc.find_words(item.locate, cursor)
            if hit is None:
                hit = doc.find_words(item.locate, 0)
                if hit is not None:
                    warnings.append(f"action found out of order: {item.record['id']}")
            if hit is None:
                act_pages[index] = None
                warnings.append(f"action not found: {item.record['id']}")
            else:
                act_pages[index] = doc.page_at(hit)
                cursor = max(cursor, hit + 1)
            index += 1
    return doc.n_pages, sec_pages, act_pages, warnings


def heading_pages(plan: Plan, pdf_path: str | Path) -> dict[str, int]:
    _, sec_pages, _, _ = locate(plan, pdf_path)
    return {s.heading: p for i, s in enumerate(plan.sections) if (p := sec_pages.get(i))}


def _section_items(section):
    from .model import ActionTable, ProseList
    for block in section.blocks:
        if isinstance(block, ActionTable):
            yield from (r.item for r in block.rows if r.item)
        elif isinstance(block, ProseList):
            yield from (item for _, item in block.items)


def build_gold(plan: Plan, doc_path: str | Path) -> dict:
    doc_path = Path(doc_path)
    layouts = set(plan.layouts)
    n_pages, sec_pages, act_pages, warnings = None, {}, {}, []
    if plan.fmt == "pdf":
        n_pages, sec_pages, act_pages, warnings = locate(plan, doc_path)
    items = plan.actions()
    if any("\n" in c for t in plan.tables() for r in t.rows if r.item for c in r.cells):
        layouts.add("multiline_cells")
    if plan.fmt == "pdf":
        spans: dict[int, set] = {}
        for i, item in enumerate(items):
            if item.table_no is not None and act_pages.get(i):
                spans.setdefault(item.table_no, set()).add(act_pages[i])
        if any(len(p) > 1 for p in spans.values()):
            layouts.add("multipage_table")
        elif "multipage_table" in layouts:
            layouts.discard("multipage_table")
            warnings.append("multipage_table requested but every table fits on one page: not claimed")
    from .layouts import ordered
    sections = []
    for i, s in enumerate(plan.sections):
        entry = {"section_no": s.section_no, "section_key": s.key, "heading": s.heading,
                 "page_start": sec_pages.get(i), "number_in_plan": s.number_in_plan}
        if s.merged_keys:
            entry["merged_keys"] = s.merged_keys
        sections.append(entry)
    actions = []
    for i, item in enumerate(items):
        rec = item.record
        entry = {"bank_id": rec["id"], "source_kind": item.source_kind, "page": act_pages.get(i),
                 "section_no": item.section_no, "section_key": item.section_key}
        entry.update(item.fields)
        entry.update({k: rec.get(k) for k in ("priority_area", "milestone", "themes", "measurable", "time_bound",
                                              "due_date", "amount_gbp")})
        entry["group"] = rec.get("group")
        entry["table_no"] = item.table_no
        actions.append(entry)
    return {
        "source_file": doc_path.name, "format": plan.fmt, "producer": plan.producer,
        "layouts": ordered(layouts), "template": plan.template, "health_board": plan.health_board,
        "cluster": plan.cluster, "plan_year": plan.plan_year, "n_pages": n_pages,
        "sections": sections, "actions": actions,
        "section_variant": plan.section_variant, "seed": plan.seed,
        "generator_version": GENERATOR_VERSION, "warnings": warnings,
    }


def write_gold(gold: dict, doc_path: str | Path) -> Path:
    doc_path = Path(doc_path)
    out = doc_path.with_name(doc_path.stem + ".gold.json")
    out.write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return out
