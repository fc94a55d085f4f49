"""One entry point for reading any plan file into a Document."""
from __future__ import annotations

from pathlib import Path

from .answers import fold_answers
from .guard import Limits, check_docx_archive, check_pdf, sniff
from .model import Document


def read_or_failure(path: str | Path, limits: Limits | None = None) -> Document | Exception:
    """For a pool of reading processes: a plan that cannot be read comes back as its error, not
    raised, so the batch (and Prefect's logs) treat it as an expected outcome."""
    try:
        return read_document(path, limits)
    except Exception as error:
        return error


def read_document(path: str | Path, limits: Limits | None = None) -> Document:
    """Guard the file, then read it with the reader its content (not its name) calls for."""
    limits = limits or Limits()
    path = Path(path)
    sniffed = sniff(path, limits)
    if sniffed.kind == "pdf":
        from .pdf import read_pdf

        check_pdf(path, limits)
        doc = read_pdf(path, max_pages=limits.max_pages)
    else:
        from .docx import read_docx

        check_docx_archive(path, limits)
        doc = read_docx(path)
    doc.source_file = path.name
    doc.warnings.extend(sniffed.warnings)
    fold_answers(doc)
    return doc
