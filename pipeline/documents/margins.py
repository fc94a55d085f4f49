"""Running headers, footers and page numbers: found by repetition across pages."""
from __future__ import annotations

import re
from collections import Counter

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?(\d{1,4})(?:\s*(?:of|/)\s*(\d{1,4}))?$|^-\s*\d{1,4}\s*-$", re.I)
_DIGITS = re.compile(r"\d+")
EDGE_LINES = 3  # only the first and last few lines of a page can be running text


def _is_page_number(text: str) -> bool:
    """"7", "Page 3", "3 of 12", "- 4 -"; not "2021/22" (a page is never past the count)."""
    match = _PAGE_NUMBER.match(text)
    return match is not None and not (match.group(2) and int(match.group(1)) > int(match.group(2)))


def _shape(line: str) -> str:
    return _DIGITS.sub("#", line.strip().lower())


def strip_running_text(pages: list[list[str]], in_margin: list[list[bool]] | None = None
                       ) -> tuple[list[list[bool]], list[str]]:
    """Return, per page, which lines to keep, and the distinct running lines removed.

    A line is running text when it is a page number, or when a line of the same
    shape (digits ignored) stands at a page edge on at least half the pages (and
    at least 3 of them). in_margin, when the reader knows where lines stand, says
    which lines lie in a page's top or bottom band: only those can be running text
    (a card's last label, "MONITORING", is among a page's last lines on every page).
    """
    if in_margin is None:
        in_margin = [[True] * len(lines) for lines in pages]
    counts: Counter[str] = Counter()
    for lines, margin in zip(pages, in_margin):
        n = len(lines)
        edge = set(_shape(l) for i, l in enumerate(lines) if (i < EDGE_LINES or i >= n - EDGE_LINES) and margin[i])
        counts.update(edge)
    needed = max(3, (len(pages) + 1) // 2)
    running = {shape for shape, n in counts.items() if n >= needed}
    keep: list[list[bool]] = []
    removed: dict[str, None] = {}
    for lines, margin in zip(pages, in_margin):
        flags = []
        n = len(lines)
        for i, line in enumerate(lines):
            at_edge = (i < EDGE_LINES or i >= n - EDGE_LINES) and margin[i]
            text = line.strip()
            page_number = _is_page_number(text)
            # "2021/22" has the shape of "2/3" but is no page number: the shape rule is for other lines
            drop = at_edge and (page_number or (_shape(text) in running and not _PAGE_NUMBER.match(text)))
            if drop and not page_number:
                removed.setdefault(text, None)
            flags.append(not drop)
        keep.append(flags)
    return keep, list(removed)
