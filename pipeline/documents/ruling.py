"""Ruled tables from a page's vector paths, without parsing the page twice.

pdfplumber finds tables from the page's line and rectangle edges, but getting
those edges means pdfminer interpreting the whole page (~80 ms a page). PDFium
already has the page loaded: its path objects give the same straight segments,
and pdfplumber's own table geometry (snapping, joining, intersections, cells)
turns them into tables. Only straight horizontal and vertical segments count,
as with pdfplumber's "lines" strategy.
"""
from __future__ import annotations

import ctypes

import pypdfium2.raw as pdfium_c
from pdfplumber.table import (
    DEFAULT_JOIN_TOLERANCE,
    DEFAULT_SNAP_TOLERANCE,
    Table,
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)
from pdfplumber.utils import filter_edges

AXIS_SLACK = 0.5  # points a segment may lean and still be horizontal or vertical
EDGE_MIN_LENGTH = 3
INTERSECTION_TOLERANCE = 3


def path_objects(page, max_depth: int = 2) -> list:
    return list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=max_depth))


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict:
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}


def page_edges(objects, page_height: float) -> list[dict]:
    """Horizontal and vertical segments of the page's paths, top-left origin like pdfplumber."""
    edges = []
    matrix = pdfium_c.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in objects:
        raw = obj.raw
        if not pdfium_c.FPDFPageObj_GetMatrix(raw, ctypes.byref(matrix)):
            continue
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        start = previous = None
        for index in range(pdfium_c.FPDFPath_CountSegments(raw)):
            segment = pdfium_c.FPDFPath_GetPathSegment(raw, index)
            pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
            point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                start = previous = point
                continue
            if kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
                _add(edges, previous, point, page_height)
            previous = point
            if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
                _add(edges, point, start, page_height)
                previous = start
    return edges


def _add(edges: list[dict], p: tuple[float, float], q: tuple[float, float], page_height: float) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) <= AXIS_SLACK and abs(x0 - x1) > AXIS_SLACK:
        top = page_height - (y0 + y1) / 2
        edges.append(_edge(min(x0, x1), top, max(x0, x1), top, "h"))
    elif abs(x0 - x1) <= AXIS_SLACK and abs(y0 - y1) > AXIS_SLACK:
        x = (x0 + x1) / 2
        edges.append(_edge(x, page_height - max(y0, y1), x, page_height - min(y0, y1), "v"))


def find_tables(edges: list[dict]) -> list[Table]:
    """Tables on a page, as pdfplumber Table objects (cells, rows, bbox), from its paths' edges
    (page_edges)."""
    if not edges:
        return []
    edges = merge_edges(edges, DEFAULT_SNAP_TOLERANCE, DEFAULT_SNAP_TOLERANCE,
                        DEFAULT_JOIN_TOLERANCE, DEFAULT_JOIN_TOLERANCE)
    edges = filter_edges(edges, min_length=EDGE_MIN_LENGTH)
    intersections = edges_to_intersections(edges, INTERSECTION_TOLERANCE, INTERSECTION_TOLERANCE)
    cells = intersections_to_cells(intersections)
    return [Table(None, group) for group in cells_to_tables(cells)]
