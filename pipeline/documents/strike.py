"""Words a PDF shows struck through: a revised draft, or Word's tracked deletions printed.

A strike is a horizontal line drawn through the middle of the letters. Table rules run between
lines of text and underlines under them, so a line counts as a strike only where it crosses a
character within a quarter of its height from its middle. Struck characters are blanked in the
page's lines, and the struck runs of each line inside a table cell are taken out of that line.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field


MIDDLE_SHARE = 0.25  # of a character's height, either side of its middle, that a strike crosses
MIN_STRIKE = 3.0  # points: shorter segments are glyph parts or ticks
TOUCH = 1.5  # points between a segment's end and an upright segment that meet


@dataclass
class Struck:
    """The page's struck characters: each one's index and centre (x, y from the top)."""
    centres: dict[int, tuple[float, float]] = field(default_factory=dict)
    text: str = ""

    @property
    def indices(self) -> frozenset[int]:
        return frozenset(self.centres)

    def runs_in(self, bbox: tuple[float, float, float, float]) -> list[str]:
        """The struck runs of text whose characters sit inside bbox (x0, top, x1, bottom), in reading order."""
        x0, top, x1, bottom = bbox
        inside = sorted(i for i, (x, y) in self.centres.items() if x0 <= x <= x1 and top <= y <= bottom)
        runs, start, previous = [], None, None
        for i in inside:
            gap = self.text[previous + 1:i] if previous is not None else "x"
            if not gap.strip() and "\n" not in gap and "\r" not in gap:
                previous = i  # only spaces between: one run, on one line
                continue
            if start is not None:
                runs.append(self.text[start:previous + 1])
            start = previous = i
        if start is not None:
            runs.append(self.text[start:previous + 1])
        return [" ".join(r.split()) for r in runs]


def struck_characters(textpage, edges: list[dict], height: float) -> Struck:
    """The page's struck characters, from its text and its paths' edges (ruling.page_edges)."""
    # a strike stands alone: a segment that meets an upright one is a table rule or a box's side
    uprights = sorted((edge["x0"], edge["top"], edge["bottom"]) for edge in edges if edge["orientation"] == "v")
    xs = [x for x, _, _ in uprights]
    strikes = sorted((edge["top"], edge["x0"], edge["x1"]) for edge in edges
                     if edge["orientation"] == "h" and edge["x1"] - edge["x0"] >= MIN_STRIKE
                     and not _meets_upright(edge, uprights, xs))
    n = textpage.count_chars()
    if not strikes or n <= 0:
        return Struck()
    tops = [top for top, _, _ in strikes]
    text = textpage.get_text_range(0, n)
    centres = {}
    for index in range(min(n, len(text))):
        if text[index].isspace():
            continue
        left, bottom, right, top = textpage.get_charbox(index)
        middle, reach = height - (bottom + top) / 2, MIDDLE_SHARE * (top - bottom)
        centre = (left + right) / 2
        for k in range(bisect.bisect_left(tops, middle - reach), len(strikes)):
            if strikes[k][0] > middle + reach:
                break
            if strikes[k][1] <= centre <= strikes[k][2]:
                centres[index] = (centre, middle)
                break
    # a stroke between struck letters is struck too, though its own box is too thin to cross ("walk-in")
    ordered = sorted(centres)
    for a, b in zip(ordered, ordered[1:]):
        if 1 < b - a <= 4 and not re.search(r"[\w\n\r]", text[a + 1:b]):
            for k in range(a + 1, b):
                centres.setdefault(k, centres[a])
    return Struck(centres, text)


def _meets_upright(edge: dict, uprights: list[tuple[float, float, float]], xs: list[float]) -> bool:
    for x in (edge["x0"], edge["x1"]):
        for k in range(bisect.bisect_left(xs, x - TOUCH), bisect.bisect_right(xs, x + TOUCH)):
            _, top, bottom = uprights[k]
            if top - TOUCH <= edge["top"] <= bottom + TOUCH:
                return True
    return False


def without_runs(text: str, runs: list[str]) -> str:
    """A cell's text with its own struck runs taken out: each run, in reading order, where it next
    occurs (the same word may be struck on one line and kept on the next)."""
    cursor = 0
    for run in runs:
        pattern = re.compile(r"\s+".join(re.escape(word) for word in run.split()))
        match = pattern.search(text, cursor)
        if match:
            text = text[:match.start()] + " " + text[match.end():]
            cursor = match.start()
    return text
