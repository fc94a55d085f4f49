"""Text repair shared by the readers: whitespace, bullets, hyphenation."""
from __future__ import annotations

import re
import unicodedata

BULLET_GLYPHS = "•●▪■◦○‣⁃∙·"
_LIST_MARKER = re.compile(r"^\s*(?:[" + BULLET_GLYPHS + r"\-–*]\s+|\(?\d{1,2}[.)]\s+|\(?[a-z][.)]\s+|\(?[ivx]{1,4}[.)]\s+)")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # Symbol-font bullets arrive as private-use code points
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")


def is_list_marker(text: str) -> bool:
    return bool(_LIST_MARKER.match(_PRIVATE_USE.sub("•", text)))


def clean_cell(text: str) -> str:
    """One line of plain text: lines joined, hyphenated breaks repaired, spaces folded."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    # PDFium marks a hyphen that ends a line as U+0002; other control characters carry no text
    text = _PRIVATE_USE.sub("•", text).replace("\u00ad", "").replace("\x02", "-").replace("\ufffe", "-")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in re.split(r"\r\n|\r|\n|\u2028|\u2029|\x0b", text)]
    out = ""
    for line in lines:
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and not out.endswith(" -") and line[:1].islower():
            out += line  # a word broken at a hyphen keeps its hyphen, loses the break
        else:
            out += " " + line
    return out.strip()


def normalise_for_match(text: str) -> str:
    """Lower-case words only: the key for comparing texts across formats."""
    text = unicodedata.normalize("NFKD", text).lower()
    return " ".join(re.findall(r"[a-z0-9£%]+", text))
