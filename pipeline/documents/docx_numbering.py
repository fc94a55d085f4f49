"""The numbers Word draws before auto-numbered paragraphs ("1.", "5.2", "b)").

They are not in the paragraph's text: Word counts them from the numbering definitions
(word/numbering.xml), per list and level, when it lays the page out. A plan that numbers its
actions this way and keys another table by those numbers ("No. | Objective | Outcome | ...")
needs them to join the two.

Counting follows Word: paragraphs whose numbering instances (w:num) share an abstract
definition continue one sequence, an instance with a start override restarts its level where it
is first used, and a paragraph at one level restarts the levels below it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"  # WordprocessingML's namespace
MAX_LEVELS = 9


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class _List:
    levels: dict[int, _Level] = field(default_factory=dict)
    counts: list[int | None] = field(default_factory=lambda: [None] * MAX_LEVELS)  # None: not begun


def child_val(element, tag: str) -> str | None:
    """The w:val of element's child w:tag, if it has one."""
    child = element.find(W + tag) if element is not None else None
    return child.get(W + "val") if child is not None else None


def to_int(value: str | None, default: int) -> int:
    return int(value) if value is not None and value.lstrip("-").isdigit() else default


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _formatted(n: int, fmt: str) -> str | None:
    if fmt in ("decimal", "decimalZero", "decimalEnclosedParen", "decimalEnclosedFullstop"):
        return str(n) if fmt != "decimalZero" or n >= 10 else f"0{n}"
    if fmt in ("lowerLetter", "upperLetter"):
        return _letters(n) if fmt == "lowerLetter" else _letters(n).upper()
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n) if fmt == "lowerRoman" else _roman(n).upper()
    return None  # a bullet, or a format with no written number


class ListNumbers:
    """Each auto-numbered paragraph's drawn number, counted in document order."""

    def __init__(self, document, style_numbering: dict[str, tuple[str, int]] | None = None):
        self.style_numbering = style_numbering or {}  # paragraph style id -> (numId, level)
        self.lists: dict[str, _List] = {}  # by abstract definition
        self.abstract_of: dict[str, str] = {}  # numId -> abstractNumId
        self.overrides: dict[str, dict[int, int]] = {}  # numId -> level -> start
        self.restarted: set[tuple[str, int]] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.findall(W + "abstractNum"):
            levels = {}
            for lvl in abstract.findall(W + "lvl"):
                levels[to_int(lvl.get(W + "ilvl"), 0)] = _Level(to_int(child_val(lvl, "start"), 1),
                                                                child_val(lvl, "numFmt") or "decimal",
                                                                child_val(lvl, "lvlText") or "")
            self.lists[abstract.get(W + "abstractNumId")] = _List(levels)
        for num in root.findall(W + "num"):
            num_id = num.get(W + "numId")
            self.abstract_of[num_id] = child_val(num, "abstractNumId")
            self.overrides[num_id] = {
                to_int(o.get(W + "ilvl"), 0): to_int(child_val(o, "startOverride"), 1)
                for o in num.findall(W + "lvlOverride") if o.find(W + "startOverride") is not None}

    def label(self, ppr, style_id: str | None) -> str:
        """The number drawn before the paragraph with these properties (w:pPr), "" if none;
        counting it moves its list on."""
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        num_id, level = child_val(num_pr, "numId"), to_int(child_val(num_pr, "ilvl"), 0)
        if num_id is None and style_id in self.style_numbering:
            num_id, level = self.style_numbering[style_id]
        if num_id is None or num_id == "0" or num_id not in self.abstract_of:
            return ""
        numbered = self.lists.get(self.abstract_of[num_id])
        if numbered is None or not 0 <= level < MAX_LEVELS:
            return ""
        start = self.overrides[num_id].get(level)
        if start is not None and (num_id, level) not in self.restarted:
            self.restarted.add((num_id, level))
            numbered.counts[level] = start - 1
        elif numbered.counts[level] is None:
            numbered.counts[level] = numbered.levels.get(level, _Level()).start - 1
        numbered.counts[level] += 1
        for below in range(level + 1, MAX_LEVELS):
            numbered.counts[below] = None
        definition = numbered.levels.get(level, _Level())
        if _formatted(1, definition.fmt) is None:
            return ""
        text = definition.text
        for k in range(level + 1):
            shown = numbered.levels.get(k, _Level())
            count = numbered.counts[k] if numbered.counts[k] is not None else shown.start
            # a level above shown as a bullet has no number of its own: Word writes its count
            text = text.replace(f"%{k + 1}", _formatted(count, shown.fmt) or str(count))
        return text.strip()


def style_numbering(document) -> dict[str, tuple[str, int]]:
    """Paragraph styles that number their paragraphs ("List Number"): style id -> (numId, level)."""
    found = {}
    try:
        styles = list(document.styles)
    except Exception:
        return found
    for style in styles:
        num_pr = style.element.find(f"{W}pPr/{W}numPr")
        if num_pr is not None and child_val(num_pr, "numId"):
            found[style.style_id] = (child_val(num_pr, "numId"), to_int(child_val(num_pr, "ilvl"), 0))
    return found
