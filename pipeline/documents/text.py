"""Text repair shared by the readers: whitespace, bullets, hyphenation."""
from __future__ import annotations

import functools
import re
import unicodedata

from ..config import CONFIG_DIR, load_yaml
from ..labels.lemmas import english_words

BULLET_GLYPHS = "•●▪■◦○‣⁃∙·"
_LIST_MARKER = re.compile(r"^\s*(?:[" + BULLET_GLYPHS + r"\-–*]\s+|\(?\d{1,2}[.)]\s+|\(?[a-z][.)]\s+|\(?[ivx]{1,4}[.)]\s+)")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # Symbol-font bullets arrive as private-use code points
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_LAST_WORD = re.compile(r"(?<![\w'’])[A-Za-z]+$")  # after a hyphen too: "Non-recurre" / "nt"
_FIRST_WORD = re.compile(r"[a-z]+(?![\w'’-])")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")


def is_list_marker(text: str) -> bool:
    return bool(_LIST_MARKER.match(_PRIVATE_USE.sub("•", text)))


def _parts_at_break(out: str, line: str) -> tuple[str, str] | None:
    """The word that ends one line (lower case) and the lower-case word that opens the next."""
    head = _LAST_WORD.search(out)
    tail = _FIRST_WORD.match(line)
    return (head.group().lower(), tail.group()) if head and tail else None


def _is_word(word: str) -> bool:
    return word in english_words() or word in _repair_settings()[1]


_LOWER_WORD = re.compile(r"(?<![\w'’])[a-zà-ÿŵŷ][a-zà-ÿŵŷ'’]+")


def english_share(text: str) -> tuple[int, float]:
    """(how many lower-case words the text has, the share of them that are English words); names and
    acronyms, set in capitals, are left out, as are numbers."""
    words = [w.strip("'’") for w in _LOWER_WORD.findall(text)]
    words = [w for w in words if len(w) > 1]
    if not words:
        return 0, 0.0
    return len(words), sum(_is_word(w) for w in words) / len(words)


def mend_fragments(text: str) -> str:
    """Short text set sideways in a narrow column reads in pieces ("Pri ori ty"): joined where the
    pieces are no words and together make one ("By when" stays)."""
    pieces = text.split()
    if len(pieces) < 2 or any(len(p) > 4 for p in pieces):
        return text
    joined = "".join(pieces)
    letters = re.sub(r"[^a-z]", "", joined.lower())
    if _is_word(letters) and not all(_is_word(re.sub(r"[^a-z]", "", p.lower())) for p in pieces):
        return joined
    return text


def _split_word(out: str, line: str) -> bool:
    """Did a layout break a word too long for its column ("Physiotherapi" / "st")? Only when the
    fragment is no word and the two parts make one (config/text_repair.yaml)."""
    if not (out[-1:].isalpha() and line[:1].islower()):
        return False
    parts = _parts_at_break(out, line)
    if parts is None or len(parts[0]) < _repair_settings()[0]:
        return False
    fragment, rest = parts
    return not _is_word(fragment) and _is_word(fragment + rest)


_DATE_TOKEN = re.compile(r"^(?:\d{1,2}[/.]\d{1,2}[/.](?:\d{2}|\d{4})|20\d\d/\d\d)$")
_TAIL_TOKEN = re.compile(r"^(\S+?)(?=[\s,.;:)]|$)")


def _split_tail(out: str, line: str) -> bool:
    """A narrow cell's last letters or digits wrapped onto a line of their own ("phlebotomist" / "s",
    "ONGOIN" / "G", "31/03/202" / "2"), or a closing bracket or stop ("(SWEMWBS" / ")")."""
    if line[:1] in ")]},.;:":
        return True
    head, tail = re.search(r"\S+$", out), _TAIL_TOKEN.match(line)
    if head is None or tail is None:
        return False
    word, piece = head.group(), tail.group(1)
    if word[-1:].isdigit() and piece.isdigit():
        return bool(_DATE_TOKEN.match(word + piece)) and not _DATE_TOKEN.match(word)
    if not (word[-1:].isalpha() and piece.isalpha() and len(piece) <= 2):
        return False
    letters = re.search(r"[A-Za-z]+$", word).group()
    if len(letters) < _repair_settings()[0]:
        return False
    if piece.islower() and len(piece) == 1 and piece not in "aix":
        return _is_word((letters + piece).lower())  # a plural's "s" wrapped on its own
    if piece.isupper() and letters.isupper():
        return not _is_word(letters.lower()) and _is_word((letters + piece).lower())
    return False


def _hyphenated_by_layout(out: str, line: str) -> bool:
    """"rehabili-" / "tation": the hyphen is the layout's when the parts make a word, or when
    neither part is one ("Multidis-" / "ciplinary"); two words ("cluster-" / "wide", "follow-" /
    "up") keep theirs."""
    parts = _parts_at_break(out, line)
    if parts is None:
        return False
    first, second = parts
    is_word = [_is_word(w) or len(w) <= 2 for w in parts]
    if all(is_word):
        return False  # two words: a compound ("follow-up")
    return _is_word(first + second) or (len(first) >= 3 and not any(is_word))


@functools.lru_cache(maxsize=1)
def _repair_settings() -> tuple[int, frozenset[str]]:
    """The shortest fragment mended, and the words the lemma table lacks: function words, and the
    domain's words (config/domain_words.txt, built by corpus/domain_words.py)."""
    settings = load_yaml("text_repair.yaml")
    domain = (CONFIG_DIR / "domain_words.txt").read_text(encoding="utf-8").split("\n")
    words = {w.strip() for w in domain if w.strip() and not w.startswith("#")}
    return int(settings["min_fragment"]), frozenset(settings["function_words"]) | frozenset(words)


# a Markdown heading printed as typed ("## 5. Key Cluster Actions"): a heading of that level
MARKDOWN_HEADING = re.compile(r"^\s*(#{1,6})\s+(?=\S)")


def clean_cell(text: str, visual_lines: bool = False) -> str:
    """One line of plain text: lines joined, hyphenated breaks repaired, spaces folded.

    visual_lines: the line breaks are where a PDF's layout wrapped the text, so a word broken
    without a hyphen is mended (a Word paragraph break is the author's, and stays a space)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    # PDFium marks a hyphen that ends a line as U+0002, or as U+FFFE with the line break left out: both
    # are a hyphen and a break; other control characters carry no text
    text = _PRIVATE_USE.sub("•", text).replace("\u00ad", "").replace("\x02", "-\n").replace("\ufffe", "-\n")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in re.split(r"\r\n|\r|\n|\u2028|\u2029|\x0b", text)]
    out = ""
    for line in lines:
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and not out.endswith(" -") and line[:1].islower():
            # a word broken at a hyphen loses the break; the hyphen too where the layout put it there
            out = (out[:-1] if visual_lines and _hyphenated_by_layout(out[:-1], line) else out) + line
        elif out.endswith("-") and out[-2:-1].isalnum() and (line[:1].isdigit() or line[:1].isupper()):
            out += line  # "Covid-" / "19", "2020-" / "23", "X-" / "PERT"
        elif visual_lines and (_split_word(out, line) or _split_tail(out, line)):
            out += line
        else:
            out += " " + line
    return out.strip()


def normalise_for_match(text: str) -> str:
    """Lower-case words only: the key for comparing texts across formats."""
    text = unicodedata.normalize("NFKD", text).lower()
    return " ".join(re.findall(r"[a-z0-9£%]+", text))
