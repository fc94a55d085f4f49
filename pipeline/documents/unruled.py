"""Tables drawn without ruling lines: columns from the header's words and the white space under them.

A PDF table with no lines reaches PDFium as text in the order it was drawn (often cell by
cell), so its lines say nothing about rows. The words' positions do: a header line whose
cells name Figure II's columns (`map_header`) fixes the columns, the white gaps that run down
the whole table body place the boundaries between them, and a wider gap between baselines than
the table's own line spacing starts a new row. A line whose text runs across a column boundary
is a group row ("Covid-19 Cluster Hub delivery"), or, when plain and followed by more such
lines, the running text after the table. A table that reaches the foot of a page hands its
columns to the next page, whose lines continue it when they fall into the same columns.
"""
from __future__ import annotations

import bisect
import ctypes
import functools
import re
import statistics
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

from .model import Cell, Row, Table
from .pdf_fonts import is_bold
from .text import clean_cell

WORD_GAP_EM = 0.15  # a gap between glyphs wider than this (in font sizes) ends a word
SEGMENT_GAP_EM = 0.8  # words closer than this are one run of text; column gutters are wider
BASELINE_EM = 0.3  # words whose baselines differ by less than this share a line
HEADER_STEP_EM = 1.45  # a header label wraps onto lines at most this far apart
HEADER_LINES = 5  # lines a header label may wrap onto, above or below its longest line
ROW_STEP_FACTOR = 1.25  # a baseline step this much over the table's line spacing starts a row
END_GAP_EM = 4.0  # a gap this tall (in font sizes) below the last row ends the table
MIN_COLUMNS = 3
FOOTER_SHARE = 0.9  # a table whose last line is this far down the page reaches its foot
MARGIN_SHARE = 0.045  # lines within this share of the page height from its top or bottom are margins
GROUP_ROW_LINES = 3  # lines of group-row text (a group, its sub-group) before the cells they head
_TERMINAL = re.compile(r"[.!?]\s*$")
_NUMBERED = re.compile(r"^\s*(?:section\s+)?\d{1,2}[.):]?\s+\S", re.I)


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float  # from the top of the page
    bottom: float  # baseline side of the loose box
    size: float
    bold: bool


@dataclass
class _Line:
    words: list[Word]
    top: float
    bottom: float
    size: float

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @functools.cached_property
    def segments(self) -> list[list[Word]]:
        """Runs of words, split where the gap between two is wider than a word space."""
        runs: list[list[Word]] = [[self.words[0]]]
        for word in self.words[1:]:
            if word.x0 - runs[-1][-1].x1 > SEGMENT_GAP_EM * word.size:
                runs.append([word])
            else:
                runs[-1].append(word)
        return runs

    def all_bold(self) -> bool:
        return all(w.bold for w in self.words)


@dataclass
class ColumnGuide:
    """The columns of a table that ran to the foot of a page, for the page after."""

    boundaries: list[float]  # x of each gutter between columns
    x0: float
    step: float


def page_words(textpage, page_height: float) -> list[Word]:
    """The page's words with their boxes (top-left origin), from PDFium's characters."""
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    if n <= 0:
        return []
    text = textpage.get_text_range(0, n)
    rect = pdfium_c.FS_RECTF()
    words: list[Word] = []
    chars: list[str] = []
    box = None  # x0, x1, top, bottom, size, bold of the word being read
    fonts: dict = {}

    def close():
        nonlocal box
        if chars and box is not None:
            words.append(Word("".join(chars), box[0], box[1], box[2], box[3], box[4], box[5]))
        chars.clear()
        box = None

    for index in range(min(n, len(text))):
        char = text[index]
        if char.isspace() or not char.isprintable():
            close()
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, index, ctypes.byref(rect)):
            close()
            continue
        size = pdfium_c.FPDFText_GetFontSize(raw, index) or 10.0
        left, right = rect.left, rect.right
        top, bottom = page_height - rect.top, page_height - rect.bottom
        if box is not None and (left - box[1] > WORD_GAP_EM * size or left < box[0] - 0.5
                                or abs(bottom - box[3]) > BASELINE_EM * size):
            close()
        if box is None:
            bold = is_bold(raw, index, fonts)
            box = [left, right, top, bottom, size, bold]
        else:
            box[1] = max(box[1], right)
        chars.append(char)
    close()
    return words


def _lines(words: list[Word]) -> list[_Line]:
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (round(w.bottom, 1), w.x0)):
        line = lines[-1] if lines else None
        if line is not None and abs(word.bottom - line.bottom) <= BASELINE_EM * word.size:
            line.words.append(word)
            line.top = min(line.top, word.top)
            line.size = max(line.size, word.size)
        else:
            lines.append(_Line([word], word.top, word.bottom, word.size))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def _header(lines: list[_Line], anchor: int, map_header, floor: int = 0):
    """A header band around lines[anchor], the header line with the most labels: (first line, end,
    columns as (x0, x1, text), field mapping), or None. Labels wrap over lines above the anchor
    (a header set to the foot or the middle of its cells) and below it (set to the top); each line
    of a label sits under or over its column, and a line holds labels only where the line nearer
    the anchor does (a label that has ended does not start again)."""
    segments = lines[anchor].segments
    if len(segments) < MIN_COLUMNS:
        return None
    columns = [[s[0].x0, s[-1].x1] for s in segments]
    texts: dict[int, list[tuple[int, str]]] = {i: [(anchor, _text(s))] for i, s in enumerate(segments)}
    bold = lines[anchor].all_bold()
    first, end = anchor, anchor + 1
    for step in (-1, 1):
        nearer_columns = set(range(len(columns)))
        index = anchor + step
        while floor <= index < len(lines) and abs(index - anchor) <= HEADER_LINES:
            line, nearer = lines[index], lines[index - step]
            if abs(line.bottom - nearer.bottom) > HEADER_STEP_EM * max(line.size, nearer.size) \
                    or line.all_bold() != bold:
                break
            placed = _place_labels(line, columns)
            if placed is None or not {col for col, _ in placed} <= nearer_columns:
                break  # text across two labels, or under a label that has ended: a row, not the header
            nearer_columns = {col for col, _ in placed}
            for col, text in placed:
                texts[col].append((index, text))
            first, end = min(first, index), max(end, index + 1)
            index += step
    cells = [(c[0], c[1], clean_cell("\n".join(t for _, t in sorted(texts[i])), visual_lines=True))
             for i, c in enumerate(columns)]
    mapping = map_header(list(enumerate(text for _, _, text in cells)))
    if mapping is None:
        return None
    return first, end, cells, mapping


def _place_labels(line: _Line, columns: list[list[float]]) -> list[tuple[int, str]] | None:
    """Each run of the line's text with the one column it overlaps; None if a run overlaps two."""
    placed = []
    for segment in line.segments:
        x0, x1 = segment[0].x0, segment[-1].x1
        overlapping = [i for i, (c0, c1) in enumerate(columns) if x0 < c1 + 1 and x1 > c0 - 1]
        if len(overlapping) != 1:
            return None
        placed.append((overlapping[0], _text(segment)))
        column = columns[overlapping[0]]
        column[0], column[1] = min(column[0], x0), max(column[1], x1)
    return placed


def _boundaries(columns: list[tuple[float, float, str]], body: list[_Line]) -> list[float]:
    """The gutter between each pair of header columns: the white gap through the body nearest the
    gap between the two header labels."""
    covered: list[list[float]] = []
    for line in body:
        for segment in line.segments:  # runs, not words: a word space is no gutter
            covered.append([segment[0].x0, segment[-1].x1])
    covered.sort()
    merged: list[list[float]] = []
    for x0, x1 in covered:
        if merged and x0 <= merged[-1][1] + 0.5:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    gaps = [(a[1], b[0]) for a, b in zip(merged, merged[1:])]
    out = []
    for (_, left_end, _), (right_start, _, _) in zip(columns, columns[1:]):
        guess = (left_end + right_start) / 2 if right_start > left_end else right_start - 1
        inside = [g for g in gaps if g[1] > left_end - 2 and g[0] < right_start + 2]
        if inside:
            gap = min(inside, key=lambda g: abs((g[0] + g[1]) / 2 - guess))
            # within the gap, and between the two header labels where the gap allows
            low, high = max(gap[0], left_end), min(gap[1], right_start)
            out.append((low + high) / 2 if low <= high else (gap[0] + gap[1]) / 2)
        else:
            out.append(right_start - 1 if right_start > left_end else guess)
    return out


def _column_of(x: float, boundaries: list[float]) -> int:
    return bisect.bisect_right(boundaries, x)


def _spans_columns(line: _Line, boundaries: list[float]) -> bool:
    """Does one run of the line's text cross a gutter (a group row or running text)?"""
    for segment in line.segments:
        if _column_of(segment[0].x0, boundaries) != _column_of(segment[-1].x1 - 0.5, boundaries):
            return True
    return False


def _body(lines: list[_Line], start: int, boundaries: list[float] | None, left: float, size: float,
          headings) -> tuple[int, bool]:
    """How many lines from start belong to the table, and whether it runs to the foot of the page.
    With no boundaries yet, only a heading, a wide gap or text out to the left ends it."""
    end = start
    for index in range(start, len(lines)):
        line = lines[index]
        if index > start and line.top - lines[index - 1].bottom > END_GAP_EM * size:
            return end, False
        text = _text(line.words)
        if line.size >= size + 1.5 or line.all_bold() and _NUMBERED.match(text) and headings(text):
            return end, False  # the next section's heading (a group row may name a section's words too)
        if line.x0 < left - 2 * size:
            return end, False  # text out to the left of the table: the page's running text
        if boundaries is not None and _spans_columns(line, boundaries) and not line.all_bold() \
                and not _rows_follow(lines, index, boundaries):
            return end, False  # a plain paragraph: the table is over
        end = index + 1
    return end, True


def _rows_follow(lines: list[_Line], index: int, boundaries: list[float]) -> bool:
    """Is the plain text across the columns at lines[index] a group row, i.e. do a few such lines
    (a group row and its sub-row) lead to a line of separate cells, not a paragraph or a new header?"""
    for line in lines[index + 1:index + 1 + GROUP_ROW_LINES]:
        if _spans_columns(line, boundaries):
            continue
        columns = {_column_of(s[0].x0, boundaries) for s in line.segments}
        if columns != {0}:  # a short group row fits in the first column: look on
            return len(columns) >= 2
    rest = lines[index:index + 1 + GROUP_ROW_LINES]
    # at the foot of the page, group rows head the rows the next page goes on with; a sentence does not
    return index + len(rest) >= len(lines) and not any(_TERMINAL.search(_text(l.words)) for l in rest)


def _rows(body: list[_Line], boundaries: list[float], n_cols: int, page_no: int) -> list[Row]:
    steps = [b.bottom - a.bottom for a, b in zip(body, body[1:])]
    size = statistics.median(line.size for line in body) if body else 10.0
    inner = [s for s in steps if s < 1.6 * size]
    spacing = statistics.median(inner) if inner else 1.2 * size
    rows: list[Row] = []
    current: list[list[Word]] | None = None
    previous: _Line | None = None

    def flush():
        nonlocal current
        if current is not None and any(current):
            # every column gets its cell, empty or not: without rules no cell can be seen to span rows
            rows.append(Row([Cell(clean_cell("\n".join(_line_texts(words)), visual_lines=True), col)
                             for col, words in enumerate(current)], page=page_no))
        current = None

    previous_columns: set[int] = set()
    for line in body:
        if _spans_columns(line, boundaries):
            flush()
            rows.append(Row([Cell(clean_cell(_text(line.words), visual_lines=True), 0, n_cols)], page=page_no))
            previous = None
            continue
        columns = {_column_of((w.x0 + w.x1) / 2, boundaries) for w in line.words}
        starting = columns - previous_columns
        # cells start on their row's first line: text starting in two columns at once is a new row,
        # even where rows are set as close as the lines inside them
        if previous is None or line.bottom - previous.bottom > ROW_STEP_FACTOR * spacing or (
                len(starting) >= 2 and 2 * len(starting) >= len(columns)):
            flush()
        if current is None:
            current = [[] for _ in range(n_cols)]
        for word in line.words:
            current[_column_of((word.x0 + word.x1) / 2, boundaries)].append(word)
        previous, previous_columns = line, columns
    flush()
    return rows


def _line_texts(words: list[Word]) -> list[str]:
    """A cell's words as its lines, so that clean_cell can mend words hyphenated at a break."""
    lines: list[list[Word]] = []
    for word in words:
        if lines and abs(word.bottom - lines[-1][-1].bottom) <= BASELINE_EM * word.size:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [_text(line) for line in lines]


def find_unruled_tables(words: list[Word], page_no: int, page_height: float, map_header, headings,
                        carried: ColumnGuide | None = None) -> tuple[list[tuple[tuple, Table]], ColumnGuide | None]:
    """Figure II tables on a page without ruling lines, as (bbox, Table), and the columns of one
    that runs on to the next page. map_header: header texts -> field mapping or None;
    headings: text -> whether it names a template section."""
    # the running header and footer sit in the page's margins, never inside a table
    lines = [line for line in _lines(words)
             if MARGIN_SHARE * page_height < line.top and line.bottom < (1 - MARGIN_SHARE) * page_height]
    found: list[tuple[tuple, Table]] = []

    def reaches_foot(end: int) -> bool:  # only the page's footer, if anything, comes after
        return all(line.top > FOOTER_SHARE * page_height for line in lines[end:])

    guide_out: ColumnGuide | None = None
    index = 0
    if carried is not None:
        # the top of the page continues the last page's table when its lines fall into those columns
        start = next((i for i, line in enumerate(lines[:6]) if len(line.segments) >= 2
                      and line.x0 >= carried.x0 - 2 and not _spans_columns(line, carried.boundaries)), None)
        if start is not None and _header(lines, start, map_header, start) is None:
            end, to_foot = _body(lines, start, carried.boundaries, carried.x0, carried.step, headings)
            if end > start:
                found.append(_table(lines[start:end], carried.boundaries, page_no))
                guide_out = carried if to_foot or reaches_foot(end) else None
                index = end
    floor = index  # a header's lines start after the table before it
    while index < len(lines):
        header = _header(lines, index, map_header, floor)
        if header is None:
            index += 1
            continue
        first, body_start, columns, _ = header
        size = statistics.median(w.size for line in lines[first:body_start] for w in line.words)
        left = columns[0][0]
        # the gutters come from the lines of separate cells under the header; a line of one run of
        # text may be a group row or a paragraph, which would bridge them
        reach, _ = _body(lines, body_start, None, left, size, headings)
        cell_lines = [l for l in lines[body_start:reach] if len(l.segments) >= 2]
        boundaries = _boundaries(columns, cell_lines)
        end, to_foot = _body(lines, body_start, boundaries, left, size, headings)
        found.append(_table(lines[body_start:end], boundaries, page_no, columns, lines[first:body_start]))
        guide_out = ColumnGuide(boundaries, left, size) if to_foot or reaches_foot(end) else None
        index = floor = max(end, index + 1)
    return found, guide_out


def _table(body: list[_Line], boundaries: list[float], page_no: int,
           header: list[tuple[float, float, str]] | None = None, header_lines: list[_Line] = ()) -> tuple[tuple, Table]:
    n_cols = len(boundaries) + 1
    rows = [Row([Cell(text, col) for col, (_, _, text) in enumerate(header)], page=page_no)] if header else []
    rows += _rows(body, boundaries, n_cols, page_no)
    lines = list(header_lines) + list(body)
    bbox = (min(l.x0 for l in lines), min(l.top for l in lines), max(l.x1 for l in lines),
            max(l.bottom for l in lines))
    return bbox, Table(rows=rows, n_cols=n_cols, page=page_no)
