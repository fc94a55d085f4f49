"""What PDFium says about a character's font."""
from __future__ import annotations

import ctypes
import re

import pypdfium2.raw as pdfium_c

BOLD_WEIGHT = 600
FORCE_BOLD_FLAG = 1 << 18  # PDF font descriptor flag 19
# the base-14 and many embedded fonts report weight 0: their name says it ("Helvetica-Bold", "Arial,Bold")
_BOLD_NAME = re.compile(rb"bold|black|heavy|semibold|demi", re.I)


def is_bold(raw_textpage, index: int, seen: dict | None = None) -> bool:
    """seen: answers by text object, for a caller asking about many characters of one page."""
    if seen is not None:
        run = pdfium_c.FPDFText_GetTextObject(raw_textpage, index)
        key = ctypes.cast(run, ctypes.c_void_p).value if run else None
        if key is None:
            return is_bold(raw_textpage, index)
        if key not in seen:
            seen[key] = is_bold(raw_textpage, index)
        return seen[key]
    if pdfium_c.FPDFText_GetFontWeight(raw_textpage, index) >= BOLD_WEIGHT:
        return True
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    if not pdfium_c.FPDFText_GetFontInfo(raw_textpage, index, name, len(name), ctypes.byref(flags)):
        return False
    return bool(flags.value & FORCE_BOLD_FLAG) or bool(_BOLD_NAME.search(name.value))
