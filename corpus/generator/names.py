"""Keep a plan's text consistent with its own board and cluster.

Bank records were written for many plans, so they name other health boards
("BCUHB Urgent Primary Care team") and clusters ("the Neath cluster"). Left
alone these would contradict the plan's metadata, so every rendered text has
other boards' names swapped for the plan's board (in the same form: full name,
"X UHB", abbreviation or bare name) and other clusters' names for the plan's own
cluster (one-word names, which are also towns, only when "cluster" follows).

Bank heading records that would read as a template section heading, or that
state metadata, are not used as sub-headings.
"""
from __future__ import annotations

import re

from .vocab import HEALTH_BOARDS

# board -> (bare name, abbreviations)
BOARD_FORMS = {
    "Aneurin Bevan University Health Board": ("Aneurin Bevan", ["ABUHB"]),
    "Betsi Cadwaladr University Health Board": ("Betsi Cadwaladr", ["BCUHB", "BCU"]),
    "Cardiff and Vale University Health Board": ("Cardiff and Vale", ["CVUHB", "CAVUHB", "C&V UHB", "UHB C&V"]),
    "Cwm Taf Morgannwg University Health Board": ("Cwm Taf Morgannwg", ["CTMUHB", "CTM UHB", "CTM"]),
    "Hywel Dda University Health Board": ("Hywel Dda", ["HDdUHB", "HDUHB", "HDD UHB"]),
    "Powys Teaching Health Board": ("Powys Teaching", ["PTHB", "Powys THB"]),
    "Swansea Bay University Health Board": ("Swansea Bay", ["SBUHB", "ABMUHB"]),
}
EXTRA_BARE = {"Cwm Taf": "Cwm Taf Morgannwg University Health Board",
              "Cardiff & Vale": "Cardiff and Vale University Health Board",
              "Abertawe Bro Morgannwg": "Swansea Bay University Health Board"}
ALL_CLUSTERS = sorted({c for _, cl in HEALTH_BOARDS.values() for c in cl}, key=len, reverse=True)

SECTIONISH = re.compile(
    r"summary|on a page|reflect|action|workforce|financ|budget|spend|strateg|align|influence|introduc|profile|"
    r"content|page|section|health board|uhb|thb|cluster (annual )?plan|annual plan|cynllun|appendix|table|figure|"
    r"objective|monitor|outcome|constraint|risk|priorit|harm|covid|milestone|locally determined|partnership|"
    r"\bimtp\b|\d|:|lead|date|version|acronym|glossary|abbreviation|sign-off|clwstwr|resilience|alignment|theme|delivery|rehab|vaccin|hub", re.I)


def safe_subheading(text: str) -> bool:
    return len(text) < 60 and not SECTIONISH.search(text) and not any(c in text for c in ALL_CLUSTERS)


def _abbr(board: str) -> str:
    return BOARD_FORMS[board][1][0]


def localise(text: str, board: str, cluster: str) -> str:
    if not text:
        return text
    for other, (bare, abbrs) in BOARD_FORMS.items():
        if other == board:
            continue
        my_bare = BOARD_FORMS[board][0]
        text = text.replace(other, board)
        for abbr in abbrs:
            text = re.sub(rf"(?<![\w&]){re.escape(abbr)}(?![\w&])", _abbr(board), text)
        text = re.sub(rf"\b{re.escape(bare)} (UHB|THB|HB|University Health Board|Health Board)\b",
                      lambda m: HEALTH_BOARDS[board][0][0], text)
        text = re.sub(rf"\b{re.escape(bare)}\b", my_bare, text)
    for bare, owner in EXTRA_BARE.items():
        if owner != board:
            text = re.sub(rf"\b{re.escape(bare)}\b(?! Morgannwg)", BOARD_FORMS[board][0], text)
    for other in ALL_CLUSTERS:
        if other != cluster and other in text:
            if " " in other:  # "Blaenau Gwent East", "Upper Valleys": cluster names, not towns
                text = re.sub(rf"\b{re.escape(other)}\b", cluster, text)
            else:  # "Neath", "Rhondda": towns too, so only "<name> cluster"
                text = re.sub(rf"\b{re.escape(other)}(\s+[Cc]luster)\b", rf"{cluster}\1", text)
    return text
