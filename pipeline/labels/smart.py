"""SMART fields of an action row: measurable, time_bound, due_date, amount_gbp.

Plain functions, no I/O. All regexes are compiled at import; the common case
(short cells with no money, no dates) is rejected by cheap pre-checks.

Definitions follow the contract (/work/shared/CONTRACT.md). Decisions taken
where the contract is silent:

Money (``amount_gbp``)
  * every sterling amount written is counted, every occurrence, and summed
    ("£10k + £5k" 15000; "£6,000 (Tai Tarian contribution £2,000)" 8000);
  * "£", "GBP" before or after the number, "pounds" after it; suffixes
    k/K/thousand, m/M/mn/million, bn/billion;
  * a range ("£10-15k", "£10k-£15k", "£10k to £15k", "between £10k and £15k")
    counts once, at its upper bound (15000): plans use ranges for budget
    envelopes and the upper figure is what would be committed;
  * a number without a currency marker ("10k steps") is never money;
  * no amount at all -> None ("within existing resources", "nil", "TBC").

Deadlines (``deadlines``/``due_date``)
  * every deadline is the LAST day of the period named: "September 2021"
    2021-09-30, "Q3 2021/22" 2021-12-31, "2022/23" 2023-03-31, "2022" 2022-12-31;
    "mid/early/late March 2022" are still March (2022-03-31); a range
    ("April 2021 - March 2022", "Sep–Nov") gives its end;
  * NHS quarters throughout (Q1 ends 30 June), also with a single calendar
    year: "Q1 2022" is Q1 of 2022/23 (2022-06-30); a quarter with no year
    ("by Q2", "end of the third quarter", "quarter four") is in the plan year;
  * a month (or day and month) with no year is placed in the plan year that
    starts 1 April plan_year_start ("by December" 2021-12-31, "by March"
    2022-03-31); a bare month must be written in full, capitalised ("may" is
    a verb, "Jan" a name) and follow a deadline word ("by", "end of", "in",
    "until", "to", "due", ":" ...); "from mid-September" is a start, not a
    deadline;
  * "year end", "end of the (financial) year" -> 31 March plan_year_start+1;
    "end of the calendar year" -> 31 December plan_year_start;
  * seasons only with a year: spring -> 31 May, summer -> 31 August,
    autumn -> 30 November, "winter 2021/22" and "winter 2021" -> end of
    February 2022 (the winter that starts in December 2021); "over the
    winter" alone is not a deadline;
  * a financial year ("2022/23", "FY 2021/22") or a bare calendar year
    ("2022") is a deadline only after a deadline word ("by", "end of",
    "during", "in", "before", "until", ...) and not when it qualifies a noun
    ("the 2022/23 plan", "the 2020/21 baseline", "the Q1 baseline");
    "FY22" is the NHS year ending March 2022;
  * two-digit years: "Sept 21", "March '22", "31/3/22"; "December 21" is
    December 2021 (UK plan shorthand) when 21 is within three years before
    or five after the plan year, else the 21st of December; "09/2021" is
    September 2021; Welsh month names count only with a four-digit year;
  * not deadlines: dates before the plan year start (1 April plan_year_start)
    or more than ten years after it ("by 2035" is a projection); dates after
    "since", "last", "following", "after", "from", "starting", "was/were/
    had ... in" (history, citations, start dates); dates followed by
    "onwards";
  * frequencies, response standards, durations and ages have no month,
    quarter or year in them and never match.

Measurable (``is_measurable``)
  * any number (digits, number words two..thousand, "at least one", "one
    day a week") that is not only part of a date, year, quarter, financial
    year, service number (111, 999, 24/7), telephone number, code (NEWS2,
    HbA1c, COVID-19, GAD-7, WHC/2021/005), reference ("Band 7", "Level 2",
    "Phase 1 and 2", "Section 5", "type 2", "years 5 and 6", "the 3-year
    plan") or list numbering ("1. ") counts; so do percentages, WTE figures,
    money, times of day, centiles, ages ("aged 50+", "over-75s") and
    durations ("a 6-week programme") - the contract asks for "a number";
  * whole-population targets: "all/every/each [up to three words]
    practice(s)/home(s)/resident(s)/patient(s)/staff/reviews/..." (not "All
    Wales", "each other", "every Friday so clinicians ..."), "all of them",
    "everyone", zero targets ("no practice ...", "no unrecorded
    vaccinations");
  * response standards without digits: "within a week", "within the same
    week", "the same day", "by the end of the next working day".
"""
from __future__ import annotations

import re
from calendar import monthrange
from datetime import date
from typing import Iterable

__all__ = [
    "amount_gbp",
    "bare_amount",
    "deadlines",
    "due_date",
    "is_time_bound",
    "is_measurable",
    "smart_fields",
]

# --------------------------------------------------------------------------
# money
# --------------------------------------------------------------------------

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_MULT = r"k(?![a-z])|thousand\b|mn?(?![a-z])|million\b|bn(?![a-z])|billion\b"
_MULT_VALUES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6,
                "bn": 1e9, "billion": 1e9}
_CUR = r"(?:£|\bGBP\b\.?)"
_CUR_AFTER = r"(?:\s*(?:GBP\b|pounds?\b|sterling\b))"

_MONEY_RE = re.compile(
    rf"""
    (?P<between>\bbetween\s+)?
    {_CUR}\s*(?P<a>{_NUM})\s*(?P<am>{_MULT})?
    (?:
        \s*(?P<join>-|–|—|\bto\b|(?(between)\band\b|(?!)))\s*(?P<cur2>{_CUR})?\s*(?P<b>{_NUM})\s*(?P<bm>{_MULT})?
    )?
    |
    (?<![\w.,£])(?P<c>{_NUM})\s*(?P<cm>{_MULT})?{_CUR_AFTER}
    """,
    re.IGNORECASE | re.VERBOSE,
)


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _mult(m: str | None) -> float:
    return _MULT_VALUES[m.lower()] if m else 1.0


def _money_in(text: str) -> float | None:
    total = None
    pos = 0
    while True:
        m = _MONEY_RE.search(text, pos)
        if m is None:
            break
        pos = m.end()
        if m.group("c") is not None:
            value = _num(m.group("c")) * _mult(m.group("cm"))
        else:
            am = m.group("am")
            value = _num(m.group("a")) * _mult(am)
            if m.group("b") is not None:
                bm, cur2 = m.group("bm"), m.group("cur2")
                dash = m.group("join") in ("-", "–", "—")
                upper = _num(m.group("b")) * _mult(bm)
                # "£10-15k": the lower figure takes the upper's multiplier
                lower = _num(m.group("a")) * _mult(am or bm)
                if (cur2 or bm or dash) and upper >= lower:
                    value = upper  # a range counts once, at its upper bound
                else:
                    # "£9,000 – 500 monitors", "£2k to 3 practices": not a range;
                    # rescan from the second number (money only if it has a £)
                    value = _num(m.group("a")) * _mult(am)
                    pos = m.start("cur2") if cur2 else m.start("b")
        total = value if total is None else total + value
    return total


def _names_currency(text: str) -> bool:
    """The cheap test before the money pattern: does the text write a currency at all?"""
    if "£" in text:
        return True
    low = text.lower()
    return "gbp" in low or "pound" in low or "sterling" in low


def amount_gbp(texts: Iterable[str]) -> float | None:
    """Sum of every sterling amount written in the texts; None when there is none."""
    total = None
    for text in texts:
        if not text:
            continue
        if not _names_currency(text):
            continue
        value = _money_in(text)
        if value is not None:
            total = value if total is None else total + value
    if total is not None:
        total = round(total, 2)
    return total


# a bare number in a finance column whose header names the unit ("Cost (£)": "21,600", "12.5k
# recurrent"); counts, staff and percentages in the same cell are not money
_BARE_NUMBER_RE = re.compile(
    rf"(?<![\w£$€.,/:-])(?P<n>{_NUM})\s*(?P<m>{_MULT})?(?![\w%/:]|[.,]\d)"
    r"(?!\s*(?:%|per\s*cent|wte\b|fte\b|x\b|hours?\b|hrs?\b|sessions?\b|days?\b|weeks?\b|months?\b"
    r"|years?\b|patients?\b|practices?\b|posts?\b|staff\b|people\b|places?\b|homes?\b|clinics?\b))",
    re.IGNORECASE)


def bare_amount(text: str, unit: float) -> float | None:
    """Pounds in a finance cell of a column whose header names the unit: its bare numbers times the
    unit; None when the cell writes its own currency (amount_gbp reads it) or holds no number."""
    if not text or not unit or _names_currency(text):
        return None
    total = None
    for m in _BARE_NUMBER_RE.finditer(text):
        value = _num(m.group("n")) * (_mult(m.group("m")) if m.group("m") else unit)
        total = value if total is None else total + value
    return round(total, 2) if total is not None else None


# --------------------------------------------------------------------------
# dates
# --------------------------------------------------------------------------
# Date and number patterns run on the lower-cased text without IGNORECASE:
# case-sensitive branches let the regex engine reject alternatives on their
# first character, which is what makes the scan fast. Where case matters
# ("May" the month vs "may" the verb, "COVID-19" the code) the original text
# is consulted at the same offsets.

_MONTH_NUM = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    # Welsh, recognised only with a year after them
    "ionawr": 1, "chwefror": 2, "mawrth": 3, "ebrill": 4, "mai": 5, "mehefin": 6,
    "gorffennaf": 7, "awst": 8, "medi": 9, "hydref": 10, "tachwedd": 11, "rhagfyr": 12,
}
_FULL_MONTHS = frozenset(("january", "february", "march", "april", "may", "june", "july",
                          "august", "september", "october", "november", "december", "sept"))
# month names and abbreviations as a first-letter trie
_M = (r"(?:j(?:an(?:uary)?|une?|uly?)|feb(?:ruary)?|ma(?:r(?:ch)?|y)|a(?:pr(?:il)?|ug(?:ust)?)"
      r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?")
_CY_M = r"(?:ionawr|chwefror|mawrth|ebrill|mai|mehefin|gorffennaf|awst|medi|hydref|tachwedd|rhagfyr)"
_YEAR_AFTER_MONTH = (r"20\d\d(?!\s*[/-]\s*\d)|['’]\d\d"
                     r"|\d\d(?![\d/:%]|[.,]\d|\s*(?:%|am\b|pm\b))")
_ORD = r"(?:st|nd|rd|th)?"


def _qyear(name: str) -> str:
    return (rf"(?:\s*(?:of\s+|in\s+|,\s*)?(?:the\s+)?(?:fy\s*|financial\s+year\s+)?"
            rf"(?P<{name}>(?:20)?\d\d\s*[/-]\s*(?:20)?\d\d(?![\d/])|20\d\d(?![\d/])))?")


# Order matters: at one start position the first alternative that matches wins.
_DATE_PATTERN = rf"""
\b(?:
  (?=\d)(?:
      (?P<iso>(?P<iso_y>20\d\d)-(?P<iso_m>\d\d)-(?P<iso_d>\d\d)(?!\d))
    | (?P<num>(?<![/.])(?P<n_d>\d{{1,2}})(?P<n_s>[/.\-])(?P<n_m>\d{{1,2}})(?P=n_s)(?P<n_y>20\d\d|\d\d)(?![\d/]))
    | (?P<dm>(?P<dm_d>\d{{1,2}}){_ORD}(?:\s+of)?[\s-]+(?P<dm_mon>{_M})
          (?:(?:\s*,\s*|\s+|-)(?P<dm_y>{_YEAR_AFTER_MONTH}))?)
    | (?P<qd>(?P<qd_n>[1-4])(?:st|nd|rd|th)\s+quarter{_qyear('qd_y')})
    | (?P<nmy>(?<![/.])(?P<nmy_m>0?[1-9]|1[0-2])/(?P<nmy_y>20\d\d)(?![\d/]))
    | (?P<fy>(?<![/.,£$])(?P<fy_a>20\d\d|\d\d)\s*(?P<fy_s>[/-])\s*(?P<fy_b>20\d\d|\d\d)(?![\d/%]|[.,]\d)
          (?:\s+(?:financial\s+|fiscal\s+)?year(?:[\s-]end)?\b)?)
    | (?P<yr>(?<![£$,./-])(?P<yr_y>20[0-4]\d)(?![\d/%]|[.,]\d))
  )
| (?=[jfmasond])(?P<mo>(?P<mo_m>{_M})(?:
        \s+(?P<md_d>\d{{1,2}}){_ORD},?\s+(?P<md_y>20\d\d)(?!\s*[/-]\s*\d)
      | \s*(?:-|–|—|/|&|to\b|until\b|and\b|or\b)\s*(?P<mr_b>{_M})(?:(?:\s*,\s*|\s+|-)(?P<mr_y>{_YEAR_AFTER_MONTH}))?
      | (?P<my_sep>\s*,\s*|\s+of\s+|\s*[-/]\s*|\s+)(?P<my_y>{_YEAR_AFTER_MONTH})(?![\d/]|st|nd|rd|th)
      | \s+(?P<mo_d>\d{{1,2}})(?:st|nd|rd|th)(?![a-z])
      |
  ))
| (?=q[1-4tu. ]|f[iyao]|se|th|la|sp|su|au|wi|ye|en|io|ch|ma|eb|me|go|aw|hy|ta|rh)(?:
      (?P<q>(?:q(?:tr|uarter)?\.?\s*(?P<q_n>[1-4])(?!\d)|(?:quarter|qtr)\.?\s+(?P<q_w>one|two|three|four)\b
          |(?P<q_o>first|second|third|fourth|final|last)\s+quarter){_qyear('q_y')})
    | (?P<season>(?P<s_n>spring|summer|autumn|fall|winter)(?:\s+of)?\s+(?P<s_y>20\d\d(?:\s*[/-]\s*(?:20)?\d\d)?)(?![\d/]))
    | (?P<ye>(?:(?:financial|fiscal)\s+)?year[\s-]end\b
          |end\s+of\s+(?:the\s+)?(?:this\s+|current\s+)?(?:(?P<ye_cal>calendar)\s+|financial\s+|fiscal\s+|plan\s+|planning\s+)?year\b(?!\s*\d|-))
    | (?P<fyp>fy\s*(?P<fyp_a>20\d\d|\d\d)(?:\s*[/-]\s*(?P<fyp_b>20\d\d|\d\d))?(?![\d/]))
    | (?P<cy>(?P<cy_mon>{_CY_M})\s+(?P<cy_y>20\d\d)(?![\d/]))
  )
)
"""
_DATE_RE = re.compile(_DATE_PATTERN, re.VERBOSE)
# every alternative of _DATE_RE needs one of these: a month, "year", a quarter, "fy", a 20xx year or
# digits around a date separator; most cells hold neither ("2 hub practices") and skip the scan
_DATE_HINT_RE = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|year|quarter|qtr|fy|20\d\d"
                           r"|\d\s*[/.\-]\s*\d|q\.?\s*[1-4]")

_QUAL = (r"(?:very\s+)?(?:end|close|start|beginning|middle|mid|early|late|latter\s+part"
         r"|first\s+half|second\s+half)")
_TRIG_COMMON = (r"by|before|until|till|til|during|throughout|in|within|due|deadline|"
                r"target(?:ed)?|timescales?|date|complete[ds]?|completion|live|at|no\s+later\s+than|"
                r"end(?:ing)?")
# what must come before a bare month / financial year / calendar year for it to be a deadline
_PRE_MONTH_RE = re.compile(
    rf"(?:\b(?:{_TRIG_COMMON}|to|year|fy)\s+(?:the\s+)?(?:{_QUAL}(?:\s+of)?[\s-]+(?:the\s+)?)?"
    rf"|\b(?:end|close)(?:\s+of)?[\s-]+(?:the\s+)?|[:(]\s*)$")
_PRE_YEAR_RE = re.compile(
    rf"(?:\b(?:{_TRIG_COMMON}|year|fy)\s+(?:the\s+)?(?:{_QUAL}(?:\s+of)?[\s-]+(?:the\s+)?)?"
    rf"|\b(?:end|close)(?:\s+of)?[\s-]+(?:the\s+)?|[:(]\s*)$")
_PRE_MAY_RE = re.compile(r"\b(?:by|in|until|till|during|before|end\s+of|end)\s+(?:the\s+)?$")
# what makes a date history or a citation, not a deadline
_PRE_NEG_RE = re.compile(
    rf"(?:\b(?:since|last|previous|ago|prior|past|following|after|per|from|starting|commencing)"
    rf"|\b(?:was|were|had|did|began|went\s+live|has\s+been|(?<!will\s)have\s+been)\s+"
    rf"(?:[a-z]+\s+){{0,2}}(?:in|on|during|at)?)"
    rf"\s*(?:the\s+)?(?:{_QUAL}(?:\s+of)?[\s-]+(?:the\s+)?)?(?:in\s+)?$")
# a start, not a deadline: "March 2022 onwards"
_PRE_FROM_RE = re.compile(r"\b(?:from|starting|commencing)\s+(?:the\s+)?(?:(?:start|beginning|end)\s+of\s+)?$")
_FOLLOW_START_RE = re.compile(r"\s*(?:onwards?|and\s+beyond)\b")
# nouns that a year / financial year / quarter / season qualifies ("the 2022/23 plan")
_FOLLOW_NOUN_RE = re.compile(
    r"[\s-]*(?:plans?|imtp|baseline|budgets?|allocations?|figures?|data|levels?|contracts?|guidance|"
    r"programmes?|season|campaigns?|position|rates?|uptake|performance|averages?|surveys?|reports?|"
    r"reviews?|cycle|funding|monies|money|spend|outturn|pilots?|pressures?|settlement|prices?|values?|"
    r"tariffs?|cohort|intake|model|strategy|framework|specification|priorities|annual|returns?|"
    r"results?|audits?|activity|demand|staff|scheme|services?|work|national|cluster|update|version|"
    r"edition|guidelines?|flu|vaccination|immunisation|advice|jcvi|letter|circular|whc)\b")
_PRE_WINDOW = 48

_QUARTER_WORD = {"one": 1, "two": 2, "three": 3, "four": 4}
_QUARTER_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}
_SEASON_END = {"spring": (5, 31), "summer": (8, 31), "autumn": (11, 30), "fall": (11, 30)}


def _month_end(y: int, m: int) -> date:
    return date(y, m, monthrange(y, m)[1])


def _two_digit_year(text: str, plan_year_start: int) -> int | None:
    """'22 / ’22 / 22 -> 2022 when plausible for this plan, else None."""
    y = 2000 + int(text.lstrip("'’"))
    if plan_year_start - 3 <= y <= plan_year_start + 5:
        return y
    return None


def _year(text: str, plan_year_start: int) -> int | None:
    t = text.lstrip("'’")
    if len(t) == 4:
        return int(t)
    return _two_digit_year(t, plan_year_start)


def _plan_year_of_month(month: int, plan_year_start: int) -> int:
    return plan_year_start if month >= 4 else plan_year_start + 1


_FY_SPLIT = re.compile(r"\s*[/-]\s*")


def _fiscal_start(text: str, plan_year_start: int) -> int | None:
    """'2021/22', '2021-2022', '21/22', '2021' -> 2021 (first calendar year of an NHS year)."""
    parts = _FY_SPLIT.split(text.strip())
    if len(parts) == 1:
        return int(parts[0]) if len(parts[0]) == 4 else None
    a, b = parts
    ya = int(a) if len(a) == 4 else 2000 + int(a)
    yb = int(b) if len(b) == 4 else (ya // 100) * 100 + int(b)
    if yb != ya + 1 or not (plan_year_start - 30 <= ya <= plan_year_start + 15):
        return None
    return ya


def _fy_match_start(m: re.Match, plan_year_start: int) -> int | None:
    """First year of the NHS year a 'fy' match names, or None ("16-17 year olds", "10-12")."""
    a, b = m.group("fy_a"), m.group("fy_b")
    if len(a) == 2 and m.group("fy_s") == "-":
        return None  # "21-22" with a dash is a range far more often than a year
    return _fiscal_start(a + "/" + b, plan_year_start)


def _quarter_end(q: int, fy_start: int) -> date:
    return [date(fy_start, 6, 30), date(fy_start, 9, 30),
            date(fy_start, 12, 31), date(fy_start + 1, 3, 31)][q - 1]


def _valid(y: int, m: int, d: int) -> date | None:
    if not (1 <= m <= 12) or not (1 <= d <= monthrange(y, m)[1]):
        return None
    return date(y, m, d)


def _num_date(m: re.Match, plan_year_start: int) -> date | None:
    ys = m.group("n_y")
    y = int(ys) if len(ys) == 4 else _two_digit_year(ys, plan_year_start)
    return None if y is None else _valid(y, int(m.group("n_m")), int(m.group("n_d")))


def _pre(low: str, start: int, regex: re.Pattern) -> bool:
    return regex.search(low, max(0, start - _PRE_WINDOW), start) is not None


def _capitalised(text: str, i: int) -> bool:
    return text[i].isupper()


def _quarter(q: int, qy: str | None, low: str, end: int, py: int) -> date | None:
    if _FOLLOW_NOUN_RE.match(low, end):
        return None  # "the Q1 baseline", "Q3 returns"
    if qy:
        fy = _fiscal_start(qy, py)
        return None if fy is None else _quarter_end(q, fy)
    return _quarter_end(q, py)


def _mo_digits_are_date(m: re.Match, text: str, py: int) -> bool:
    """Whether the digits a month match took are part of the date (so not a count)."""
    ys = m.group("my_y")
    if ys is None:
        return m.end() - m.start() > len(m.group("mo_m"))
    if len(ys) < 4 and m.group("mo_m") == "may" and not _capitalised(text, m.start()):
        return False
    return _year(ys, py) is not None or (
        ys[0] not in "'’" and 1 <= int(ys) <= 31 and m.group("my_sep").isspace())


def _bare_month(m: re.Match, text: str, low: str, month: int, py: int) -> date | None:
    """A month on its own ("by December"): a deadline only when written in
    full, capitalised and after a deadline word; placed in the plan year."""
    i = m.start()
    if not _capitalised(text, i) or not _pre(low, i, _PRE_MONTH_RE):
        return None
    if m.group("mo_m").rstrip(".") not in _FULL_MONTHS and not _PRE_MAY_RE.search(low, max(0, i - 24), i):
        return None  # "Dec", "Oct" only straight after "by", "in", "until", "end of" ("to Jan" may be a name)
    if month == 5 and not _PRE_MAY_RE.search(low, max(0, i - 24), i):
        return None
    return _month_end(_plan_year_of_month(month, py), month)


def _date_of(m: re.Match, text: str, low: str, py: int) -> date | None:
    """The deadline a _DATE_RE match names, or None when it is not a deadline."""
    kind = m.lastgroup
    if kind == "mo":
        mon = m.group("mo_m").rstrip(".")
        month = _MONTH_NUM[mon]
        if m.group("md_d") is not None:  # "September 1, 2021"
            return _valid(int(m.group("md_y")), month, int(m.group("md_d")))
        if m.group("mr_b") is not None:  # "Sep–Nov", "April to June 2022"
            month = _MONTH_NUM[m.group("mr_b").rstrip(".")]
            ys = m.group("mr_y")
            y = _year(ys, py) if ys else None
            if y is None:
                if not (_capitalised(text, m.start()) and _capitalised(text, m.start("mr_b"))):
                    return None
                y = _plan_year_of_month(month, py)
            return _month_end(y, month)
        ys = m.group("my_y")
        if ys is not None:  # "September 2021", "Sept 21", "March '22"
            if month == 5 and len(ys) < 4 and not _capitalised(text, m.start()):
                return None  # "may 22 ..." is a verb and a count
            y = _year(ys, py)
            if y is None:
                # "December 31" (US order); "by March, 15 patients" is just March
                if ys[0] in "'’" or not 1 <= int(ys) <= 31 or not m.group("my_sep").isspace():
                    return _bare_month(m, text, low, month, py)
                return _valid(_plan_year_of_month(month, py), month, int(ys))
            return _month_end(y, month)
        if m.group("mo_d") is not None:  # "March 31st"
            if month == 5 and not _capitalised(text, m.start()):
                return None
            return _valid(_plan_year_of_month(month, py), month, int(m.group("mo_d")))
        return _bare_month(m, text, low, month, py)
    if kind == "dm":
        month = _MONTH_NUM[m.group("dm_mon").rstrip(".")]
        ys = m.group("dm_y")
        y = _year(ys, py) if ys else None
        if y is None:
            if month == 5 and not _capitalised(text, m.start("dm_mon")):
                return None
            y = _plan_year_of_month(month, py)
        return _valid(y, month, int(m.group("dm_d")))
    if kind == "num":
        return _num_date(m, py)
    if kind == "q":
        if m.group("q_n"):
            q = int(m.group("q_n"))
        elif m.group("q_w"):
            q = _QUARTER_WORD[m.group("q_w")]
        else:
            if m.group("q_o") == "last" and not m.group("q_y"):
                return None  # "last quarter" = the previous one
            q = _QUARTER_ORD[m.group("q_o")]
        return _quarter(q, m.group("q_y"), low, m.end(), py)
    if kind == "qd":
        return _quarter(int(m.group("qd_n")), m.group("qd_y"), low, m.end(), py)
    if kind == "iso":
        return _valid(int(m.group("iso_y")), int(m.group("iso_m")), int(m.group("iso_d")))
    if kind == "season":
        if _FOLLOW_NOUN_RE.match(low, m.end()):
            return None
        name, sy = m.group("s_n"), m.group("s_y")
        first = int(sy[:4])
        if name == "winter":
            return _month_end(first + 1, 2)
        if len(sy) > 4:
            return None  # "spring 2021/22" is not a real period
        month, day = _SEASON_END[name]
        return date(first, month, day)
    if kind == "ye":
        return date(py, 12, 31) if m.group("ye_cal") else date(py + 1, 3, 31)
    if kind == "fy":
        if not _pre(low, m.start(), _PRE_YEAR_RE) or _FOLLOW_NOUN_RE.match(low, m.end()):
            return None
        fy = _fy_match_start(m, py)
        return None if fy is None else date(fy + 1, 3, 31)
    if kind == "nmy":  # "09/2021"
        return _month_end(int(m.group("nmy_y")), int(m.group("nmy_m")))
    if kind == "fyp":
        a, b = m.group("fyp_a"), m.group("fyp_b")
        if b:
            fy = _fiscal_start(a + "/" + b, py)
            return None if fy is None else date(fy + 1, 3, 31)
        y = int(a) if len(a) == 4 else 2000 + int(a)
        return date(y, 3, 31)  # "FY22": the NHS year ending March 2022
    if kind == "yr":
        if not _pre(low, m.start(), _PRE_YEAR_RE) or _FOLLOW_NOUN_RE.match(low, m.end()):
            return None
        return date(int(m.group("yr_y")), 12, 31)
    if kind == "cy":
        return _month_end(int(m.group("cy_y")), _MONTH_NUM[m.group("cy_mon")])
    return None


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a few non-ASCII letters lower-case to two characters
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


def _scan_dates(text: str, low: str, py: int, spans: list | None = None) -> list[date]:
    """Deadlines in text; when spans is a list, also collect the (start, end) of
    every date-like expression (deadline or not) whose digits are not a count."""
    if _DATE_HINT_RE.search(low) is None:
        return []  # nothing a date could be made of (most cells)
    earliest = date(py, 4, 1)
    latest = date(py + 10, 12, 31)  # "by 2035" is a projection, not a plan deadline
    out: list[date] = []
    for m in _DATE_RE.finditer(low):
        if spans is not None:
            kind = m.lastgroup
            if kind == "fy":
                if _fy_match_start(m, py) is not None or len(m.group("fy_a")) == 4:
                    spans.append(m.span())  # "2021/22", or a span of years "2021-2024"
            elif kind == "num":
                if _num_date(m, py) is not None:
                    spans.append(m.span())
            elif kind != "mo" or _mo_digits_are_date(m, text, py):
                spans.append(m.span())
        d = _date_of(m, text, low, py)
        if d is None or d < earliest or d > latest:
            continue
        if _FOLLOW_START_RE.match(low, m.end()):
            continue
        # "from September to March": the start is history or a start date, the end is a deadline
        if _pre(low, m.start(), _PRE_NEG_RE) and not (m.lastgroup == "mo" and m.group("mr_b") is not None
                                                      and _pre(low, m.start(), _PRE_FROM_RE)):
            continue
        if d not in out:
            out.append(d)
    return out


def deadlines(text: str, plan_year_start: int = 2021) -> list[date]:
    """Every calendar deadline stated in text, in order of appearance, without repeats.

    Each is the last day of the period named; dates before the plan year start
    (1 April plan_year_start) are history and are left out.
    """
    if not text:
        return []
    return _scan_dates(text, _lower(text), plan_year_start)


def due_date(texts: Iterable[str], plan_year_start: int = 2021) -> date | None:
    """Latest deadline across the texts (action, objective, expected outcome)."""
    best = None
    for text in texts:
        for d in deadlines(text, plan_year_start):
            if best is None or d > best:
                best = d
    return best


def is_time_bound(texts: Iterable[str], plan_year_start: int = 2021) -> bool:
    """True when any of the texts states a calendar deadline."""
    return any(deadlines(t, plan_year_start) for t in texts)


# --------------------------------------------------------------------------
# measurable
# --------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*(?:\s*/\s*\d+)?")
_REF_WORDS = (
    r"sections?|phases?|levels?|bands?|tiers?|stages?|steps?|waves?|types?|grades?|years?|"
    r"priority|priorities|milestones?|appendix|appendices|figures?|fig|tables?|pages?|pp?|paras?|"
    r"paragraphs?|chapters?|objectives?|actions?|outcomes?|goals?|themes?|parts?|versions?|"
    r"no|nos|numbers?|ref|reference|items?|points?|schedules?|annex(?:es)?|wards?|rooms?|units?|"
    r"workstreams?|domains?|standards?|principles?|recommendations?|clauses?|articles?|regulations?|"
    r"key\s+stage|routes?|options?|scenarios?|areas?|questions?|criteria|criterion|rules?|lines?|"
    r"aim|ambition|elements?|components?|indicators?|kpis?"
)
# a reference word right before the number: "Section 5", "Band 8a", "type 2", "Phase 1"
_REF_BEFORE_RE = re.compile(rf"\b(?:{_REF_WORDS})\.?[\s-]*#?$")
# "Phase 1 and 2", "grades 3-4": a short number joined to a reference number
_REF_JOIN_RE = re.compile(rf"\s*(?:/|-|–|&|and|or|to)\s*(?:(?:{_REF_WORDS})\.?\s*#?)?")
# codes whose digits are a name, not a count: COVID-19, GAD-7, PHQ-9 (case-sensitive)
_CODE_BEFORE_RE = re.compile(r"(?:\b[A-Z][A-Z0-9]+[A-Za-z]*|\b(?:[Cc]ovid|COVID|[Cc]o[Vv]))-$")
_BULLET_PREFIX_RE = re.compile(r"(?:^|\n)[ \t]*(?:[•*·▪◦‣–-][ \t]*)?$")
_AFTER_NOISE_RE = re.compile(r"[\s-]*years?\s+(?:[a-z&]+\s+){0,2}?(?:plan|imtp|strategy)\b")  # "3-year workforce plan"
_SERVICE_NUMBERS = {"111", "999", "119", "101", "24/7"}
_SPACES_RE = re.compile(r"\s+")

_NUM_WORDS = (r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
              r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
              r"seventy|eighty|ninety|hundred|thousand|dozen")
_POP_NOUNS = (
    r"practices?|surgery|surgeries|gps?|homes?|residents?|patients?|people|persons?|staff|"
    r"pharmac(?:y|ies|ists?)|children|child|families|family|carers?|clinicians?|nurses?|teams?|"
    r"households?|schools?|pupils?|users?|members?|eligible|adults?|women|men|babies|infants|"
    r"individuals?|clients?|contractors?|dentists?|optometrists?|localities|locality|sites?|"
    r"websites?|partners?|organisations?|agencies|providers?|employees|colleagues|receptionists?|"
    r"professionals?|attendees|participants|referrals?|registers?|housebound|over-?\d+s|those|"
    r"reviews?|consultations?|contacts?|appointments?|cohorts?|cases?|requests?|calls?|"
    r"schemes?|projects?|services?|centres?|buildings?|premises|venues?|clinics?"
)
_STOP = (r"so|to|that|which|who|whom|can|could|will|would|should|must|may|might|is|are|was|were|"
         r"be|been|in|on|at|with|for|from|by|as|if|when|where|than|then|not|monday|tuesday|"
         r"wednesday|thursday|friday|saturday|sunday|day|days|week|weeks|month|months|year|years|"
         r"time|times|meeting|meetings|other")
_WORD_POS_RE = re.compile(rf"""
\b(?:
    (?:{_NUM_WORDS})\b(?![\s-]*(?:way|fold|ways\s+to)\b)
  | (?:at\s+least|only|just|minimum\s+of|a\s+further)\s+one\b
  | one\s+(?:day|session|morning|afternoon|evening|hour|half[\s-]day)s?\s+(?:a|per|each|every)\b
  | (?:doubl(?:e[ds]?|ing)|trebl(?:e[ds]?|ing)|tripl(?:e[ds]?|ing)|halv(?:e[ds]?|ing))\b|by\s+half\b
  | per\s*cent\b|percent(?:age)?\s+points?\b
  | all\s+of\s+them\b
  | (?:all(?![\s-]+wales\b)|every|each(?!\s+other\b))\s+(?:of\s+)?(?:the\s+|our\s+|their\s+|its\s+)?
        (?:(?!(?:{_STOP})\b)[\w'’/-]+\s+){{0,3}}?(?:{_POP_NOUNS})\b
  | every(?:one|body)\b|whole\s+(?:[a-z]+\s+)?population\b|universal\s+(?:offer|coverage)\b
  | no\s+(?:[a-z-]+\s+){{0,2}}?(?:practice|patient|resident|child|person|vaccination|admission|
        breach|incident|complaint)s?\b
  | within\s+(?:a|one|the\s+same|the\s+next)\s+(?:working\s+|business\s+|calendar\s+)?
        (?:day|week|hour|month|fortnight)\b
  | next\s+(?:working|business)\s+day\b
  | the\s+same\s+(?:working\s+)?(?:day|week)\b
)""", re.VERBOSE)


def _counts_a_number(text: str, low: str, spans: list) -> bool:
    """True when low holds a number that is not a date, code or reference."""
    si, n_spans = 0, len(spans)
    ref_end = -1  # end of the last reference number ("Phase 1"), for "Phase 1 and 2"
    for m in _NUMBER_RE.finditer(low):
        s, e = m.span()
        while si < n_spans and spans[si][1] <= s:
            si += 1
        if si < n_spans and spans[si][0] <= s:
            continue  # part of a date, year, quarter or financial year
        if s and (low[s - 1].isalpha() or low[s - 1] == "_"):
            continue  # NEWS2, HbA1c, B12, Q3
        tok = m.group()
        if s and low[s - 1] == "-" and _CODE_BEFORE_RE.search(text, max(0, s - 16), s):
            continue  # COVID-19, GAD-7
        if s > 1 and low[s - 1] == "/" and low[s - 2].isalnum():
            continue  # WHC/2021/005
        if _SPACES_RE.sub("", tok) in _SERVICE_NUMBERS and not low.startswith(",", e):
            continue  # NHS 111, 999, 24/7
        if tok[0] == "0" and len(tok) >= 4 and tok[1].isdigit():
            continue  # telephone numbers
        if low.startswith((".", ")"), e) and (e + 1 >= len(low) or low[e + 1].isspace()) \
                and _BULLET_PREFIX_RE.search(low, max(0, s - 8), s):
            continue  # numbered list item "1. ", "2) "
        if _REF_BEFORE_RE.search(low, max(0, s - 24), s):
            ref_end = e
            continue  # Section 5, Band 7, type 2, Level 2
        if ref_end >= 0 and len(tok) <= 3 and _REF_JOIN_RE.fullmatch(low, ref_end, s):
            ref_end = e
            continue  # Phase 1 and 2
        if _AFTER_NOISE_RE.match(low, e):
            continue  # "the 3-year plan"
        return True
    return False


_WORDS_RE = re.compile(r"[a-z]+")
# a cell without any of these words cannot match _WORD_POS_RE
_WORD_POS_KEYS = frozenset(
    _NUM_WORDS.split("|")
    + "one double doubled doubles doubling treble trebled trebles trebling triple tripled triples "
      "tripling halve halved halves halving half per percent percentage all every each everyone "
      "everybody whole universal no within next same".split())


def _text_measurable(text: str, low: str, spans: list) -> bool:
    if _counts_a_number(text, low, spans):
        return True
    if _WORD_POS_KEYS.isdisjoint(_WORDS_RE.findall(low)):
        return False
    if not spans:
        return _WORD_POS_RE.search(low) is not None
    for m in _WORD_POS_RE.finditer(low):
        s = m.start()
        if not any(a <= s < b for a, b in spans):
            return True  # ("quarter four" is a date, not a count)
    return False


def is_measurable(texts: Iterable[str], plan_year_start: int = 2021) -> bool:
    """True when the texts state a number, percentage, count, WTE, response
    standard or whole-population target (dates and reference numbers aside)."""
    for text in texts:
        if not text:
            continue
        low = _lower(text)
        spans: list = []
        _scan_dates(text, low, plan_year_start, spans)
        if _text_measurable(text, low, spans):
            return True
    return False


# --------------------------------------------------------------------------
# row
# --------------------------------------------------------------------------

def smart_fields(objective: str, action: str, expected_outcome: str,
                 all_row_texts: Iterable[str], plan_year_start: int = 2021, timescale: str = "") -> dict:
    """measurable / time_bound / due_date (ISO or None) from the action, objective and expected
    outcome, deadlines also from a timescale column; amount_gbp from every text of the row."""
    measurable = False
    due = None
    for text, dates_only in ((objective, False), (action, False), (expected_outcome, False), (timescale, True)):
        if not text:
            continue
        low = _lower(text)
        spans: list = []
        for d in _scan_dates(text, low, plan_year_start, spans):
            if due is None or d > due:
                due = d
        if not measurable and not dates_only:  # "June 2021" in a Timescale column is no target
            measurable = _text_measurable(text, low, spans)
    return {
        "measurable": measurable,
        "time_bound": due is not None,
        "due_date": due.isoformat() if due else None,
        "amount_gbp": amount_gbp(t for t in all_row_texts if t),
    }
