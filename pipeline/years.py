"""NHS years as plans write them: "2021/22", "2021-2022", "2020 – 23" (April to March)."""
from __future__ import annotations

import re
from dataclasses import dataclass

YEAR_SPAN = re.compile(r"\b(20\d\d)\s*[/\-–]\s*(20)?(\d\d)\b")


@dataclass(frozen=True)
class YearSpan:
    start: int  # the calendar year the first NHS year begins in (1 April)
    end: int  # the calendar year the last one ends in (31 March)

    @property
    def label(self) -> str:
        return f"{self.start}/{self.end % 100:02d}"

    @property
    def one_year(self) -> bool:
        return self.end == self.start + 1


def span_of(match: re.Match) -> YearSpan | None:
    """A YEAR_SPAN match (or any match whose groups 1 and 3 are the first year and the last
    year's two digits) as a span; None when it runs backwards ("2021/19" is not a year)."""
    start, end = int(match.group(1)), int(match.group(3))
    if end < start % 100:
        return None
    return YearSpan(start, start - start % 100 + end)


def first_span(text: str, pos: int = 0) -> YearSpan | None:
    for match in YEAR_SPAN.finditer(text, pos):
        if span := span_of(match):
            return span
    return None


def all_spans(text: str) -> list[YearSpan]:
    return [span for match in YEAR_SPAN.finditer(text) if (span := span_of(match))]


def plan_year_start_of(plan_year: str, default: int) -> int:
    """'2020/23' -> 2020: a plan's deadlines are read against its own first NHS year, so a
    2020-23 plan's "by September 2020" is a deadline, not history."""
    span = first_span(plan_year or "")
    return span.start if span else default
