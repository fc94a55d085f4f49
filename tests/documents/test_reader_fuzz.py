"""Damaged files and odd tables never raise anything but DocumentError from the readers and extractors."""
from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.actions.tables import extract_table_actions
from pipeline.documents.model import Cell, Document, DocumentError, Row, Table
from pipeline.documents.reader import read_document
from pipeline.sections import find_sections
from tests.plan_factory import HEADER, write_docx, write_pdf

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@functools.lru_cache(maxsize=None)
def _valid(kind: str) -> bytes:
    folder = Path(tempfile.mkdtemp())
    path = write_pdf(folder / "p.pdf") if kind == "pdf" else write_docx(folder / "p.docx")
    return path.read_bytes()


def _read(data: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"plan{suffix}"
        path.write_bytes(data)
        try:
            doc = read_document(path)
        except DocumentError:
            return None
        find_sections(doc)
        extract_table_actions(doc)
        return doc


damage = st.tuples(st.floats(0, 1), st.integers(1, 64), st.binary(min_size=1, max_size=64),
                   st.sampled_from(["cut", "flip", "insert"]))


def _damaged(data: bytes, how) -> bytes:
    where, length, noise, kind = how
    at = int(where * (len(data) - 1))
    if kind == "cut":
        return data[:at]
    if kind == "flip":
        return data[:at] + bytes(b ^ 0xFF for b in data[at:at + length]) + data[at + length:]
    return data[:at] + noise + data[at:]


@FUZZ
@given(damage)
def test_damaged_pdf(how):
    _read(_damaged(_valid("pdf"), how), ".pdf")


@FUZZ
@given(damage)
def test_damaged_docx(how):
    _read(_damaged(_valid("docx"), how), ".docx")


cell_text = st.sampled_from(["", "Covid-19 Cluster Hub delivery", "Recruit a pharmacist", "lower case carry on",
                             "Locally determined Priority", "£5k", "Planned Action", "Objectives"])
rows = st.lists(st.lists(st.tuples(cell_text, st.integers(1, 8)), min_size=0, max_size=9), min_size=0, max_size=12)


@settings(max_examples=150, deadline=None)
@given(rows, st.booleans(), st.integers(1, 3))
def test_odd_tables(table_rows, with_header, n_tables):
    items = []
    for t in range(n_tables):
        built = [Row([Cell(h, i) for i, h in enumerate(HEADER)], page=t + 1)] if with_header else []
        for row in table_rows:
            cells, col = [], 0
            for text, span in row:
                cells.append(Cell(text, col, span))
                col += span
            built.append(Row(cells, page=t + 1))
        items.append(Table(rows=built, n_cols=8, page=t + 1))
    records = extract_table_actions(Document("x.pdf", "pdf", n_tables, items))
    assert all(r.action.strip() for r in records)
