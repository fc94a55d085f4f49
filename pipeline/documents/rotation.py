"""Pages stored with /Rotate: their drawing turned upright before anything is measured.

PDFium reports a rotated page's width and height as displayed, but character boxes and
path points in the unrotated page space, so a landscape table stored on a portrait page
with /Rotate 90 reads sideways: rows become columns and the words of a wrapped line run
together. Every page object is transformed into display space in memory (the file is
never written), and the page's rotation set to 0.
"""
from __future__ import annotations

import pypdfium2 as pdfium


def _display_matrix(rotation: int, x0: float, y0: float, width: float, height: float) -> pdfium.PdfMatrix:
    """Unrotated page space -> display space, origin at the displayed page's lower left
    (/Rotate turns the page clockwise)."""
    if rotation == 90:
        return pdfium.PdfMatrix(0, -1, 1, 0, -y0, x0 + width)
    if rotation == 180:
        return pdfium.PdfMatrix(-1, 0, 0, -1, x0 + width, y0 + height)
    return pdfium.PdfMatrix(0, 1, -1, 0, y0 + height, -x0)  # 270


def make_upright(page) -> bool:
    """Turn a rotated page's objects into display space; True when the page was rotated."""
    rotation = page.get_rotation() % 360
    if rotation not in (90, 180, 270):
        return False
    x0, y0, x1, y1 = page.get_mediabox()
    width, height = x1 - x0, y1 - y0
    matrix = _display_matrix(rotation, x0, y0, width, height)
    for obj in list(page.get_objects()):
        obj.transform(matrix)
    shown = (height, width) if rotation in (90, 270) else (width, height)
    page.set_rotation(0)
    page.set_mediabox(0, 0, *shown)
    page.set_cropbox(0, 0, *shown)
    return True
