"""A PDF page's lines of text, as pdfium gives them, with what the layout says about each.

pdfium's text range is cut into lines; each line gets its position, type size and weight
from its letters (not from a bullet glyph or a bold "Outcome:" label). A line pdfium ran
together from two directions (a footer and a label set up the page) is split where its
characters turn, a bold run-in heading ("Vaccination. For the ...") becomes a line of its
own, footnote marks set small and raised are dropped, and a line set up the page is placed
at the top of the box drawn around it.
"""
from __future__ import annotations

import ctypes
import math
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .pdf_fonts import is_bold

SUPERSCRIPT_SHARE = 0.85  # a footnote mark's type against its line's
SUPERSCRIPT_RISE = 0.2  # and its baseline raised by this share of the line's type size
_DIGIT_RUN = re.compile(r"(?<=\S)\d+(?=[\s.,;:)]|$)")  # digits that end a word or a number
ROTATED_SINE = 0.9  # a line turned more than ~65 degrees from the horizontal
MAX_RUN_IN_WORDS = 8  # a run-in heading ("Our IMTP priorities.") is a short phrase
MAX_RUN_IN_CHARS = 80
_FIRST_LETTER = re.compile(r"[^\W_]")
_LAST_LETTER = re.compile(r"[^\W_](?=[\W_]*$)")


@dataclass
class Line:
    text: str
    top: float  # distance from the top of the page
    bottom: float
    left: float
    size: float
    bold: bool
    right: float = 0.0
    rotated: bool = False  # set up the page (a label along a coloured side strip)


@dataclass
class FootnoteMark:
    """A footnote mark dropped from a line: where it sits, and the word it is set after, with and without it."""
    x: float
    y: float  # from the top of the page
    marked: str  # "estimated¹" as pdfium reads it: "estimated1"
    word: str  # "estimated"


def page_lines(textpage, height: float, blank: frozenset[int] = frozenset(),
               marks: list[FootnoteMark] | None = None) -> list[Line]:
    """The page's lines of text; the characters at the indices in blank (struck through) left out;
    marks, when given, gets the footnote marks taken out of the lines (a table cell drops them too)."""
    n = textpage.count_chars()
    if n <= 0:
        return []
    text = textpage.get_text_range(0, n)
    if blank:
        text = "".join(" " if i in blank else char for i, char in enumerate(text))
    lines: list[Line] = []
    raw = textpage.raw
    position = 0
    fonts: dict = {}
    # pdfium's text range keeps one character per char index, line breaks included
    for piece in re.split(r"(\r\n|\n|\r)", text):
        start = position
        position += len(piece)
        if not piece or piece in ("\r\n", "\n", "\r") or not piece.strip():
            continue
        for turn in _split_at_turn(raw, start, piece, n):
            for part in _split_run_in_heading(raw, *turn, n, fonts):
                if part[1].strip():
                    lines.append(_line(textpage, *part, n, height, fonts, marks))
    return lines


def _split_run_in_heading(raw, start: int, piece: str, first: int, last: int, turned: bool, n: int, fonts: dict):
    """A bold phrase that opens a plain line and ends in a full stop is a run-in heading ("Vaccination.
    For the 2021/22 flu season the cluster will ..."): a line of its own, without its stop. A bold
    label ending in a colon ("Outcome: ...") stays in its line."""
    part = (start, piece, first, last, turned)
    if turned or first == last or not is_bold(raw, first, fonts) or is_bold(raw, last, fonts):
        yield part
        return
    cut = next((k for k in range(first, min(last, first + MAX_RUN_IN_CHARS) + 1)
                if piece[k - start].isalpha() and not is_bold(raw, k, fonts)), None)
    head = piece[:cut - start].rstrip() if cut is not None else ""
    if not head.endswith(".") or head.endswith("..") or len(head.split()) > MAX_RUN_IN_WORDS:
        yield part
        return
    head = head[:-1]
    yield (start, head, *_letters(head, start, n), False)
    rest = piece[cut - start:]
    yield (cut, rest, *_letters(rest, cut, n), False)


def _is_rotated(raw, index: int) -> bool:
    return abs(math.sin(pdfium_c.FPDFText_GetCharAngle(raw, index))) > ROTATED_SINE


def _letters(piece: str, start: int, n: int) -> tuple[int, int]:
    """Char indices of the piece's first and last letters (its first character when it has none)."""
    first_letter, last_letter = _FIRST_LETTER.search(piece), _LAST_LETTER.search(piece)
    first = min(start + (len(piece) - len(piece.lstrip())), n - 1)
    return (min(start + first_letter.start(), n - 1) if first_letter else first,
            min(start + last_letter.start(), n - 1) if last_letter else first)


def _split_at_turn(raw, start: int, piece: str, n: int):
    """pdfium can run a line up the page into the end of a level one ("... West Area 3" and a side
    strip's "VACCINATION 2021"): split a piece where its characters turn."""
    first, last = _letters(piece, start, n)
    turned = _is_rotated(raw, first)
    if first == last or turned == _is_rotated(raw, last):
        yield start, piece, first, last, turned
        return
    cut = next(k for k in range(first + 1, last + 1) if _is_rotated(raw, k) != turned)
    head = piece[:cut - start]
    yield (start, head, *_letters(head, start, n), turned)
    yield from _split_at_turn(raw, cut, piece[cut - start:], n)


def _line(textpage, start: int, piece: str, text_first: int, text_last: int, rotated: bool, n: int,
          height: float, fonts: dict, marks: list[FootnoteMark] | None = None) -> Line:
    """One line of a piece of pdfium's text; text_first and text_last index its first and last letters."""
    raw = textpage.raw
    stripped = piece.strip()
    first = min(start + (len(piece) - len(piece.lstrip())), n - 1)
    last = min(start + len(piece.rstrip()) - 1, n - 1)
    try:
        left, _, _, _ = textpage.get_charbox(first)
        _, _, right, _ = textpage.get_charbox(last)
    except Exception:  # pdfium refuses boxes for generated characters
        left = right = 0.0
    # the line's type is its words', not a bullet glyph's; a bold label ("Outcome: ...") before
    # plain text leaves the line plain
    size = round(pdfium_c.FPDFText_GetFontSize(raw, text_first) or 10.0, 1)
    bold = is_bold(raw, text_first, fonts) and is_bold(raw, text_last, fonts)
    if rotated:
        return _rotated_line(textpage, first, last, stripped, height, size, bold)
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(raw, text_first, ctypes.byref(x), ctypes.byref(y))
    baseline = height - y.value
    dropped = _footnote_marks(raw, start, piece, size, y.value)
    if dropped and marks is not None:
        marks += _marks_placed(textpage, start, piece, dropped, height)
    stripped = "".join(ch for k, ch in enumerate(piece) if k not in dropped).strip()
    return Line(stripped, baseline - size, baseline, left, size, bold, max(right, left))


def _footnote_marks(raw, start: int, piece: str, size: float, baseline_y: float) -> set[int]:
    """The offsets in the piece of its footnote marks: digits set small and raised after a word or a
    number ("£24,000¹" would read as £240,001)."""
    marks = set()
    for run in _DIGIT_RUN.finditer(piece):
        for offset in range(run.end() - 1, max(run.start(), run.end() - 2) - 1, -1):
            index = start + offset
            if pdfium_c.FPDFText_GetFontSize(raw, index) >= SUPERSCRIPT_SHARE * size:
                break
            x, y = ctypes.c_double(), ctypes.c_double()
            pdfium_c.FPDFText_GetCharOrigin(raw, index, ctypes.byref(x), ctypes.byref(y))
            if y.value <= baseline_y + SUPERSCRIPT_RISE * size:
                break
            marks.add(offset)
    return marks


def _marks_placed(textpage, start: int, piece: str, dropped: set[int], height: float) -> list[FootnoteMark]:
    placed = []
    for offset in sorted(dropped):
        if offset + 1 in dropped:
            continue  # one mark of two digits: placed once, at its last
        first = offset
        while first - 1 in dropped:
            first -= 1
        word_start = first
        while word_start > 0 and not piece[word_start - 1].isspace():
            word_start -= 1
        left, bottom, right, top = textpage.get_charbox(start + offset)
        placed.append(FootnoteMark((left + right) / 2, height - (bottom + top) / 2,
                                   piece[word_start:offset + 1], piece[word_start:first]))
    return placed


def without_marks(text: str, marks: list[FootnoteMark], bbox: tuple[float, float, float, float]) -> str:
    """A cell's text without the footnote marks set inside bbox (x0, top, x1, bottom)."""
    x0, top, x1, bottom = bbox
    for mark in marks:
        if x0 <= mark.x <= x1 and top <= mark.y <= bottom and mark.word:
            text = re.sub(re.escape(mark.marked) + r"(?!\d)", lambda _: mark.word, text, count=1)
    return text


def _rotated_line(textpage, first: int, last: int, text: str, height: float, size: float, bold: bool) -> Line:
    boxes = [textpage.get_charbox(first), textpage.get_charbox(last)]
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    return Line(text, height - max(b[3] for b in boxes), height - min(b[1] for b in boxes), left, size, bold, right,
                 rotated=True)


def place_rotated(lines: list[Line], paths, height: float) -> None:
    """A line set up the page reads at the top of the smallest drawn box around it: the label of a
    card's coloured side strip belongs before the card's first line, not at the strip's middle."""
    rotated = [line for line in lines if line.rotated]
    if not rotated:
        return
    boxes = []
    for path in paths:
        try:
            x0, y0, x1, y1 = path.get_bounds()
        except pdfium.PdfiumError:  # no bounds for an empty path
            continue
        boxes.append((x0, height - y1, x1, height - y0))
    for line in rotated:
        around = [b for b in boxes if b[0] - 1 <= line.left and line.right <= b[2] + 1
                  and b[1] - 1 <= line.top and line.bottom <= b[3] + 1]
        if around:
            x0, top, x1, bottom = min(around, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
            line.bottom = top + (line.bottom - line.top)
            line.top = top
