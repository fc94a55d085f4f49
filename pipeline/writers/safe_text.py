"""Text that cannot turn into a spreadsheet formula when a CSV file is opened.

OWASP "CSV Injection": a cell whose first character is `=`, `+`, `-`, `@`, a tab
or a carriage return may be evaluated as a formula by Excel, LibreOffice or
Google Sheets. Prefixing such a cell with a single quote makes every one of
them show it as text. Only the first character matters, so the rest of the text
is left exactly as it was. Quoting of commas, quotes and line breaks is the CSV
writer's job (RFC 4180), not this function's.

Only delimited text (actions.csv and the other CSV files) is neutralised:
parquet keeps the plan's raw words, and the spreadsheet writes every text as a
string cell, which no spreadsheet evaluates.
"""
from __future__ import annotations

import math

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text) -> str:
    """The text, with a leading apostrophe when it starts with a formula trigger.

    None and NaN become the empty string; other non-strings are converted with str().
    """
    if is_missing(text):
        return ""
    text = str(text)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def is_missing(value) -> bool:
    """None, NaN, pandas.NA or NaT (without importing pandas)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


def restore_formula_text(text: str) -> str:
    """Undo neutralise_formula on one cell read back from a CSV file."""
    if len(text) >= 2 and text[0] == "'" and text[1] in "".join(FORMULA_TRIGGERS):
        return text[1:]
    return text
