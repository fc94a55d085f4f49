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
    "mid/early/late March 2022" are still March (2022-03-31);
  * NHS quarters throughout, also with a single calendar year: "Q1 2022" is
    Q1 of 2022/23 (2022-06-30); a quarter with no year is in the plan year;
  * a month (or day and month) with no year is placed in the plan year that
    starts 1 April plan_year_start ("by December" 2021-12-31, "by March"
    2022-03-31); a bare month needs a deadline word before it ("by", "end of",
    "in", "until", ...) and must be capitalised ("may" is a verb);
  * "year end", "end of the (financial) year" -> 31 March plan_year_start+1;
    "end of the calendar year" -> 31 December plan_year_start;
  * seasons only with a year: spring -> 31 May, summer -> 31 August,
    autumn -> 30 November, "winter 2021/22" and "winter 2021" -> end of
    February 2022 (the winter that starts in December 2021); "over the
    winter" alone is not a deadline;
  * a financial year ("2022/23") or a bare calendar year ("2022") is a
    deadline only after a deadline word ("by", "end of", "during", "in",
    "before", "until", ...) and not when it qualifies a noun ("the 2022/23
    plan", "the 2020/21 baseline");
  * two-digit years: "Sept 21", "March '22", "31/3/22"; "December 21" is
    December 2021 (UK plan shorthand) when 21 is a plausible year;
  * dates before the plan year start (1 April plan_year_start) are history,
    not deadlines; so are dates after "since"/"last";
  * frequencies, response standards, durations and ages have no month,
    quarter or year in them and never match.

Measurable (``is_measurable``)
  * any number (digits or number words two..thousand, "at least one") that is
    not only part of a date, year, quarter, financial year, time of day,
    service/phone number (111, 999, 24/7), clinical or reference code
    (NEWS2, HbA1c, COVID-19, Band 7, Level 2, Phase 1, Section 5, type 2,
    numbered bullets) counts; so do percentages, WTE figures, money, ages
    ("aged 50+") and durations ("a 6-week programme");
  * whole-population targets: "all/every/each ... practice(s)/home(s)/
    resident(s)/patient(s)/staff/..." (not "All Wales"), "everyone",
    "no practice ...";
  * response standards without digits: "within a week", "within the same
    week", "by the end of the next working day".
"""
from __future__ import annotations

import re
from calendar import monthrange
from datetime import date
from typing import Iterable

__all__ = [
    "amount_gbp",
    "deadlines",
    "due_date",
    "is_time_bound",
    "is_measurable",
    "smart_fields",
]

_FLAGS = re.IGNORECASE | re.MULTILINE

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
_MONEY_HINT = re.compile(r"£|gbp|pound|sterling", re.IGNORECASE)


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


def amount_gbp(texts: Iterable[str]) -> float | None:
    """Sum of every sterling amount written in the texts; None when there is none."""
    total = None
    for text in texts:
        if not text or not _MONEY_HINT.search(text):
            continue
        value = _money_in(text)
        if value is not None:
            total = value if total is None else total + value
    if total is not None:
        total = round(total, 2)
    return total


# --------------------------------------------------------------------------
# dates
# --------------------------------------------------------------------------

_MONTH_NUM = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    # Welsh, only recognised with a year after them
    "ionawr": 1, "chwefror": 2, "mawrth": 3, "ebrill": 4, "mai": 5, "mehefin": 6,
    "gorffennaf": 7, "awst": 8, "medi": 9, "hydref": 10, "tachwedd": 11, "rhagfyr": 12,
}
_EN_MONTHS = (r"january|february|march|april|may|june|july|august|september|october|"
              r"november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec")
_CY_MONTHS = r"ionawr|chwefror|mawrth|ebrill|mehefin|gorffennaf|awst|medi|hydref|tachwedd|rhagfyr"


_FULL_MONTHS = (r"january|february|march|april|may|june|july|august|september|october|"
                r"november|december|sept")


def _mon(name: str, welsh: bool = False, full: bool = False) -> str:
    months = _FULL_MONTHS if full else _EN_MONTHS + ("|" + _CY_MONTHS if welsh else "")
    return rf"\b(?P<{name}>{months})(?![a-z])\.?"


_Y4 = r"20\d\d"
_YY = r"['’]?\d\d"
_FY = r"(?:20)?\d\d\s*[/-]\s*(?:20)?\d\d"
_ORD = r"(?:st|nd|rd|th)?"

# Order matters: at one start position the first alternative that matches wins.
_DATE_PATTERN = rf"""
    (?P<iso>(?<![\d/])(?P<iso_y>{_Y4})-(?P<iso_m>\d\d)-(?P<iso_d>\d\d)(?!\d))
  | (?P<num>(?<![\d/.])(?P<n_d>\d{{1,2}})(?P<n_s>[/.\-])(?P<n_m>\d{{1,2}})(?P=n_s)(?P<n_y>{_Y4}|\d\d)(?![\d/]))
  | (?P<dm>\b(?P<dm_d>\d{{1,2}}){_ORD}(?:\s+of)?[\s-]+{_mon('dm_mon')}
        (?:(?:\s*,\s*|\s+|-)(?P<dm_y>{_Y4}(?!\s*[/-]\s*\d)|['’]\d\d|\d\d(?![\d/:.%]|\s*(?:%|am\b|pm\b))))?)
  | (?P<md>{_mon('md_mon')}\s+(?P<md_d>\d{{1,2}}){_ORD},?\s+(?P<md_y>{_Y4})(?!\s*[/-]\s*\d))
  | (?P<my>{_mon('my_mon', True)}(?:\s*,\s*|\s+of\s+|\s*[-/]\s*|\s+)(?P<my_y>{_Y4}(?!\s*[/-]\s*\d)|['’]\d\d|\d\d(?![\d/:.%]|\s*(?:%|am\b|pm\b)))(?![\d/]))
  | (?P<q>(?:\bQ(?:tr|uarter)?\.?\s*(?P<q_n>[1-4])(?!\d)|\b(?P<q_o>first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+quarter)
        (?:\s*(?:of\s+|in\s+|,\s*)?(?:the\s+)?(?:FY\s*|financial\s+year\s+)?(?P<q_y>(?:20)?\d\d\s*[/-]\s*(?:20)?\d\d(?![\d/])|{_Y4}(?![\d/])))?)
  | (?P<season>\b(?P<s_n>spring|summer|autumn|fall|winter)(?:\s+of)?\s+(?P<s_y>{_Y4}(?:\s*[/-]\s*(?:20)?\d\d)?)(?![\d/]))
  | (?P<ye>\b(?:(?:financial|fiscal)\s+)?year[\s-]end\b|\bend\s+of\s+(?:the\s+)?(?:this\s+|current\s+)?(?:(?P<ye_cal>calendar)\s+|financial\s+|fiscal\s+|plan\s+|planning\s+)?year\b(?!\s*\d|-))
  | (?P<fy>(?<![\d/.,£$])(?P<fy_p>\bFY\s*)?(?P<fy_a>20\d\d|\d\d)\s*[/-]\s*(?P<fy_b>20\d\d|\d\d)(?![\d/%]))
  | (?P<fyshort>\bFY\s*(?P<fys_y>\d\d)(?![\d/]))
  | (?P<yr>(?<![\d£$,./-])(?P<yr_y>20[0-4]\d)(?![\d/%]|[.,]\d))
  | (?P<bm>{_mon('bm_mon', full=True)})
"""
_DATE_RE = re.compile(_DATE_PATTERN, _FLAGS | re.VERBOSE)

# quick test: can the text hold a date at all?
_DATE_HINT = re.compile(
    rf"\d|\b(?:{_EN_MONTHS})(?![a-z])|quarter|year[\s-]end|end\s+of\s+(?:the\s+)?\w*\s*year",
    re.IGNORECASE)

_QUAL = r"(?:very\s+)?(?:end|close|start|beginning|middle|mid|early|late|latter\s+part|first\s+half|second\s+half)"
_TRIG_COMMON = (r"by|before|until|till|til|during|throughout|in|within|due|deadline|"
                r"target(?:ed)?|timescales?|date|complete[ds]?|completion|live|at|no\s+later\s+than|end(?:ing)?")
_PRE_MONTH_RE = re.compile(
    rf"(?:\b(?:{_TRIG_COMMON}|to|from|for|year|fy)\s+(?:the\s+)?(?:{_QUAL}(?:\s+of)?[\s-]+(?:the\s+)?)?"
    rf"|\b{_QUAL}(?:\s+of)?[\s-]+(?:the\s+)?|\b(?:end|mid)-|[:(]\s*)$",
    re.IGNORECASE)
_PRE_YEAR_RE = re.compile(
    rf"(?:\b(?:{_TRIG_COMMON}|year|fy|financial\s+year)\s+(?:the\s+)?(?:{_QUAL}(?:\s+of)?[\s-]+(?:the\s+)?)?"
    rf"|\b{_QUAL}(?:\s+of)?[\s-]+(?:the\s+)?|\b(?:end|mid)-|[:(]\s*)$",
    re.IGNORECASE)
_PRE_NEG_RE = re.compile(
    rf"\b(?:since|last|previous|ago|prior|past)\s+(?:the\s+)?(?:{_QUAL}(?:\s+of)?[\s-]+(?:the\s+)?)?(?:in\s+)?$",
    re.IGNORECASE)
# nouns that a bare year / financial year / season qualifies ("the 2022/23 plan")
_FOLLOW_NOUN_RE = re.compile(
    r"[\s-]*(?:plans?|imtp|baseline|budgets?|allocations?|figures?|data|levels?|contracts?|guidance|"
    r"programmes?|season|campaigns?|position|rates?|uptake|performance|averages?|surveys?|reports?|"
    r"reviews?|cycle|funding|monies|money|spend|outturn|pilots?|pressures?|settlement|prices?|values?|"
    r"tariffs?|cohort|intake|model|strategy|framework|specification|priorities|annual|returns?|"
    r"results?|audits?|activity|demand|staff|scheme|services?|work|national|cluster|update|version|"
    r"edition|guidelines?|flu|vaccination|immunisation)\b",
    re.IGNORECASE)
_PRE_WINDOW = 48

_QUARTER_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                "fourth": 4, "4th": 4, "final": 4, "last": 4}
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


def _fiscal_start(text: str, plan_year_start: int) -> int | None:
    """'2021/22', '2021-2022', '21/22', '2021' -> 2021 (first calendar year of an NHS year)."""
    parts = re.split(r"\s*[/-]\s*", text.strip())
    if len(parts) == 1:
        return _year(parts[0], plan_year_start) if len(parts[0]) == 4 else None
    a, b = parts
    ya = int(a) if len(a) == 4 else 2000 + int(a)
    yb = int(b) if len(b) == 4 else (ya // 100) * 100 + int(b)
    if yb != ya + 1:
        return None
    if not (plan_year_start - 30 <= ya <= plan_year_start + 15):
        return None
    return ya


def _quarter_end(q: int, fy_start: int) -> date:
    return [date(fy_start, 6, 30), date(fy_start, 9, 30),
            date(fy_start, 12, 31), date(fy_start + 1, 3, 31)][q - 1]


def _valid(y: int, m: int, d: int) -> date | None:
    if not (1 <= m <= 12) or not (1 <= d <= monthrange(y, m)[1]):
        return None
    return date(y, m, d)


def _pre(text: str, start: int, regex: re.Pattern) -> bool:
    return regex.search(text, max(0, start - _PRE_WINDOW), start) is not None


def _followed_by_noun(text: str, end: int) -> bool:
    return _FOLLOW_NOUN_RE.match(text, end) is not None


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _date_of(m: re.Match, text: str, py: int) -> date | None:
    """The deadline a _DATE_RE match names, or None when it is not a deadline."""
    kind = m.lastgroup
    if kind == "iso":
        return _valid(int(m.group("iso_y")), int(m.group("iso_m")), int(m.group("iso_d")))
    if kind == "num":
        ys = m.group("n_y")
        y = int(ys) if len(ys) == 4 else _two_digit_year(ys, py)
        if y is None:
            return None
        return _valid(y, int(m.group("n_m")), int(m.group("n_d")))
    if kind == "dm":
        month = _MONTH_NUM[m.group("dm_mon").lower()]
        ys = m.group("dm_y")
        y = _year(ys, py) if ys else None
        if y is None:
            if m.group("dm_mon").lower() == "may" and not _is_capitalised(m.group("dm_mon")):
                return None
            y = _plan_year_of_month(month, py)
        return _valid(y, month, int(m.group("dm_d")))
    if kind == "md":
        month = _MONTH_NUM[m.group("md_mon").lower()]
        return _valid(int(m.group("md_y")), month, int(m.group("md_d")))
    if kind == "my":
        month = _MONTH_NUM[m.group("my_mon").lower()]
        ys = m.group("my_y")
        y = _year(ys, py)
        if y is None:
            # "December 31" (US order) or an implausible two-digit year
            d = int(ys.lstrip("'’"))
            if ys[0] in "'’" or not 1 <= d <= 31:
                return None
            return _valid(_plan_year_of_month(month, py), month, d)
        return _month_end(y, month)
    if kind == "q":
        q = int(m.group("q_n")) if m.group("q_n") else _QUARTER_ORD[m.group("q_o").lower()]
        qy = m.group("q_y")
        if qy:
            fy = _fiscal_start(qy, py)
            if fy is None:
                return None
        else:
            if m.group("q_o") and m.group("q_o").lower() == "last":
                return None  # "last quarter" = the previous one
            fy = py
        return _quarter_end(q, fy)
    if kind == "season":
        if _followed_by_noun(text, m.end()):
            return None
        name = m.group("s_n").lower()
        sy = m.group("s_y")
        first = int(sy[:4])
        if name == "winter":
            return _month_end(first + 1, 2)
        if "/" in sy or "-" in sy:
            return None  # "spring 2021/22" is not a real period
        month, day = _SEASON_END[name]
        return date(first, month, day)
    if kind == "ye":
        if m.group("ye_cal"):
            return date(py, 12, 31)
        return date(py + 1, 3, 31)
    if kind == "fy":
        if not (m.group("fy_p") or _pre(text, m.start(), _PRE_YEAR_RE)):
            return None
        if _followed_by_noun(text, m.end()):
            return None
        fy = _fiscal_start(m.group("fy_a") + "/" + m.group("fy_b"), py)
        return None if fy is None else date(fy + 1, 3, 31)
    if kind == "fyshort":
        return date(2000 + int(m.group("fys_y")), 3, 31)
    if kind == "yr":
        if not _pre(text, m.start(), _PRE_YEAR_RE) or _followed_by_noun(text, m.end()):
            return None
        return date(int(m.group("yr_y")), 12, 31)
    if kind == "bm":
        word = m.group("bm_mon")
        if not _is_capitalised(word) or not _pre(text, m.start(), _PRE_MONTH_RE):
            return None
        month = _MONTH_NUM[word.lower()]
        if word.lower() == "may" and not re.search(r"(?:by|in|until|till|end\s+of|during|before)\s+$",
                                                     text[max(0, m.start() - 16):m.start()], re.I):
            return None
        return _month_end(_plan_year_of_month(month, py), month)
    return None


def deadlines(text: str, plan_year_start: int = 2021) -> list[date]:
    """Every calendar deadline stated in text, in order of appearance, without repeats.

    Each is the last day of the period named; dates before the plan year start
    (1 April plan_year_start) are history and are left out.
    """
    if not text or not _DATE_HINT.search(text):
        return []
    earliest = date(plan_year_start, 4, 1)
    latest = date(plan_year_start + 15, 12, 31)
    out: list[date] = []
    for m in _DATE_RE.finditer(text):
        d = _date_of(m, text, plan_year_start)
        if d is None or d < earliest or d > latest:
            continue
        if _pre(text, m.start(), _PRE_NEG_RE):
            continue
        if d not in out:
            out.append(d)
    return out


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

_REF_WORDS = (
    r"sections?|phases?|levels?|bands?|tiers?|stages?|steps?|waves?|types?|grades?|years?|"
    r"priority|priorities|milestones?|appendix|appendices|figures?|fig|tables?|pages?|pp?|paras?|"
    r"paragraphs?|chapters?|objectives?|actions?|outcomes?|goals?|themes?|parts?|versions?|"
    r"no|nos|numbers?|ref|reference|items?|points?|schedules?|annex(?:es)?|wards?|rooms?|units?|"
    r"workstreams?|domains?|standards?|principles?|recommendations?|clauses?|articles?|regulations?|"
    r"key\s+stage|routes?|options?|scenarios?|areas?|questions?|criteria|criterion|rules?|lines?|"
    r"aim|ambition|element|component|indicators?|kpi"
)
_NOISE_PATTERN = rf"""
    (?P<ref>\b(?:{_REF_WORDS})\.?\s*\#?\d+[a-z]?(?:\.\d+)*
        (?:\s*(?:/|-|–|&|and|or|to)\s*(?:(?:{_REF_WORDS})\.?\s*)?\d{{1,2}}[a-z]?(?![\d,]))*\b)
  | (?P<code>\b[a-z][a-z+]*-\d+[a-z]*\b)
  | (?P<clock>\b\d{{1,2}}(?:[:.]\d\d)?\s*(?:am|pm)\b|\b\d{{1,2}}:\d\d\b)
  | (?P<ordinal>\b\d+(?:st|nd|rd|th)\b)
  | (?P<service>\b(?:24/7|24\s*/\s*7|111|999|119|101)(?![\d,.]))
  | (?P<phone>\b0\d{{3,}}(?:\s\d{{3,}})*)
  | (?P<bullet>^[ \t]*(?:[•\-*][ \t]*)?\d{{1,2}}[.)](?=\s))
"""
_POP_NOUNS = (
    r"practices?|surgery|surgeries|gps?|homes?|residents?|patients?|people|persons?|staff|"
    r"pharmac(?:y|ies|ists?)|children|child|families|family|carers?|clinicians?|nurses?|teams?|"
    r"households?|schools?|pupils?|users?|members?|eligible|adults?|women|men|babies|infants|"
    r"individuals?|clients?|population|clusters?|contractors?|dentists?|optometrists?|"
    r"localities|locality|sites?|websites?|partners?|organisations?|agencies|providers?|"
    r"employees|colleagues|receptionists?|professionals?|attendees|participants|referrals?|"
    r"registers?|housebound|over-?\d+s|those"
)
_NUM_WORDS = (r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
              r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
              r"seventy|eighty|ninety|hundred|thousand|dozen")
_POS_PATTERN = rf"""
    (?P<pos>
        (?<![a-z0-9_])\d+(?:[.,]\d+)*
      | \b(?:{_NUM_WORDS})\b(?![\s-]*(?:way|fold|tier|step)\b)
      | \b(?:at\s+least|only|just|minimum\s+of|a\s+further)\s+one\b
      | \b(?:double|doubled|doubling|treble|trebled|triple|tripled|halve|halved|halving)\b|\bby\s+half\b
      | \bper\s*cent\b|\bpercent(?:age)?\s+points?\b
      | \b(?:all(?![\s-]+wales\b)|every|each(?!\s+other\b))\s+(?:of\s+)?(?:the\s+|our\s+|their\s+|its\s+)?
            (?:[\w'’/-]+\s+){{0,3}}?(?:{_POP_NOUNS})\b
      | \bevery(?:one|body)\b|\bwhole\s+(?:\w+\s+)?population\b|\buniversal\s+(?:offer|coverage)\b
      | \bno\s+(?:practice|patient|resident|home|care\s+home|child|person)s?\b
      | \bwithin\s+(?:a|one|the\s+same|the\s+next)\s+(?:working\s+|business\s+|calendar\s+)?(?:day|week|hour|month|fortnight)\b
      | \bnext\s+(?:working|business)\s+day\b
    )
"""
_MEAS_RE = re.compile(
    "(?:" + _DATE_PATTERN + ")|(?:" + _NOISE_PATTERN + ")|(?:" + _POS_PATTERN + ")",
    _FLAGS | re.VERBOSE)
_MEAS_HINT = re.compile(
    r"\d|%|\b(?:all|every|each|everyone|everybody|whole|universal|no|within|next|double|doubled|"
    r"halve|halved|half|treble|triple|trebled|tripled|per\s*cent|percent|at\s+least|only|just|"
    r"minimum|further|same|" + _NUM_WORDS + r")\b",
    re.IGNORECASE)


def _text_measurable(text: str) -> bool:
    if not text or not _MEAS_HINT.search(text):
        return False
    for m in _MEAS_RE.finditer(text):
        if m.start("pos") != -1:
            return True
        kind = m.lastgroup
        if kind == "fy" and _fiscal_start(m.group("fy_a") + "/" + m.group("fy_b"), 2021) is None:
            return True  # "15-20", "10/12": a range or ratio, not a financial year
        if kind == "num":
            ys = m.group("n_y")
            y = int(ys) if len(ys) == 4 else 2000 + int(ys)
            if _valid(y, int(m.group("n_m")), int(m.group("n_d"))) is None:
                return True
    return False


def is_measurable(texts: Iterable[str]) -> bool:
    """True when the texts state a number, percentage, count, WTE, response
    standard or whole-population target (dates and reference numbers aside)."""
    return any(_text_measurable(t) for t in texts)


# --------------------------------------------------------------------------
# row
# --------------------------------------------------------------------------

def smart_fields(objective: str, action: str, expected_outcome: str,
                 all_row_texts: Iterable[str], plan_year_start: int = 2021) -> dict:
    """measurable / time_bound / due_date (ISO or None) from the action,
    objective and expected outcome; amount_gbp from every text of the row."""
    core = [t for t in (objective, action, expected_outcome) if t]
    due = due_date(core, plan_year_start)
    return {
        "measurable": is_measurable(core),
        "time_bound": due is not None,
        "due_date": due.isoformat() if due else None,
        "amount_gbp": amount_gbp(t for t in all_row_texts if t),
    }
