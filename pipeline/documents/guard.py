"""Untrusted-input guard: checks a plan file before any reader parses it.

Plans come from many hands, so every file is treated as hostile until these
checks pass. Each check reads only what it needs, with hard caps on bytes read
and bytes decompressed, and refuses with a `DocumentError` whose message is the
reason analysts see in plans.csv (plain words, no stack traces).

Order of use (see reader.read_document):

    sniff(path, limits)               -> Sniffed(kind, warnings)
        kind ("pdf" / "docx") comes from the file's magic bytes, never its
        name; a misnamed file is read by its content and `warnings` says so.
    check_pdf(path, limits)           -> page count
    check_docx_archive(path, limits)  -> None
        inspects the zip central directory, then streams every XML part with
        a cap, before python-docx unpacks anything.

Choices made here:

* Page limit: a PDF with more than `Limits.max_pages` pages is refused with
  "too many pages (N > limit M)" rather than cut down to its first M pages.
  Cluster plans run to tens of pages; a document of over a thousand is not a
  plan (or is several bundled together), and a silent cap would report a
  partial plan as complete.
* Scanned PDFs: whether a PDF has a text layer is only known after extracting
  every page's text, which the PDF reader does anyway; so the guard does not
  extract text itself. The reader calls `has_text_layer(pages_text)` (or its
  own equivalent test) and raises `DocumentError(NO_TEXT_LAYER)`.
* XML: DOCTYPE declarations are refused in every XML part of a .docx (Word
  never writes one), by scanning the prolog of each part before the root
  element; this catches entity expansion ("billion laughs") and external
  entities whatever the parser downstream. SVG images (word/media/*.svg) are
  exempt: illustrators write DOCTYPEs into SVG and python-docx keeps images as
  opaque bytes.
"""
from __future__ import annotations

import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterable
from typing import NoReturn
from dataclasses import dataclass
from pathlib import Path

from .model import DocumentError

KB = 1024
MB = 1024 * KB
GB = 1024 * MB

CHUNK = 64 * KB  # bytes decompressed per read from a zip entry
PROLOG_MAX = 1 * MB  # an XML part must reach its root element within this
SMALL_PART_MAX = 1 * MB  # cap for package parts read into memory ([Content_Types].xml, .rels)

NO_TEXT_LAYER = "no text layer: OCR needed (no page holds any text: scanned images, or blank)"

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record, 22 bytes
_EOCD64_LOCATOR = struct.Struct("<4sLQL")  # 20 bytes
_EOCD64 = struct.Struct("<4sQ2H2L4Q")  # 56 bytes
_KNOWN_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_XML_NAME = re.compile(r"\.(xml|rels)$", re.I)
_OFFICE_DOCUMENT_REL = re.compile(r"/officeDocument$")


@dataclass(frozen=True)
class Limits:
    """Hard caps applied to every input file (sizes in bytes)."""

    max_file_bytes: int = 100 * MB
    # documents with more pages are refused (not truncated): see module docstring
    max_pages: int = 1000
    max_zip_entries: int = 2000
    # declared and actually decompressed, over the whole archive
    max_zip_total_uncompressed: int = 200 * MB
    # compression ratio allowed for an entry whose uncompressed size is over zip_ratio_min_bytes
    max_zip_ratio: float = 100.0
    zip_ratio_min_bytes: int = 1 * MB
    # one XML part (word/document.xml, a header, styles...), declared and actually decompressed
    max_xml_part_bytes: int = 50 * MB
    # the zip central directory is read into memory whole by zipfile; None: 512 bytes per allowed entry
    max_zip_directory_bytes: int | None = None

    def __post_init__(self):
        for name in ("max_file_bytes", "max_pages", "max_zip_entries", "max_zip_total_uncompressed",
                     "max_zip_ratio", "zip_ratio_min_bytes", "max_xml_part_bytes"):
            if getattr(self, name) <= 0:
                raise ValueError(f"Limits.{name} must be positive")

    @property
    def zip_directory_cap(self) -> int:
        if self.max_zip_directory_bytes is not None:
            return self.max_zip_directory_bytes
        return max(64 * KB, self.max_zip_entries * 512)


@dataclass(frozen=True)
class Sniffed:
    """What a file is by its content; warnings go to Document.warnings."""

    kind: str  # "pdf" | "docx"
    warnings: tuple[str, ...] = ()


# ---------------------------------------------------------------------------
# sniff


def sniff(path: str | Path, limits: Limits | None = Limits()) -> Sniffed:
    """Identify a plan file as "pdf" or "docx" from its content, or refuse it."""
    limits = limits or Limits()
    path = Path(path)
    size = _checked_size(path, limits)
    with _open(path) as fh:
        head = fh.read(1024)
        if head.startswith(b"%PDF-"):
            kind = "pdf"
        elif head[:4] in ZIP_MAGICS:
            _identify_docx(fh, size, limits)
            kind = "docx"
        elif head.startswith(OLE2_MAGIC):
            _refuse_ole2(fh)
        elif b"%PDF-" in head:  # PDF readers accept junk before the header within 1 KB
            kind = "pdf"
        elif path.suffix.lower() in (".docx", ".docm", ".dotx"):
            raise DocumentError(f"corrupt Word document: not a zip archive (starts with {_describe(head)})")
        else:
            raise DocumentError(f"not a PDF or Word document (starts with {_describe(head)})")
    return Sniffed(kind, _extension_warnings(path, kind))


def _checked_size(path: Path, limits: Limits) -> int:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DocumentError("file not found") from None
    except OSError as error:
        raise DocumentError(f"cannot read file ({error.strerror or error})") from None
    if not stat.S_ISREG(st.st_mode):
        raise DocumentError("not a regular file")
    if st.st_size == 0:
        raise DocumentError("empty file (0 bytes)")
    if st.st_size > limits.max_file_bytes:
        raise DocumentError(f"file too large ({_size(st.st_size)} > limit {_size(limits.max_file_bytes)})")
    return st.st_size


def _open(path: Path):
    try:
        return open(path, "rb")
    except OSError as error:
        raise DocumentError(f"cannot read file ({error.strerror or error})") from None


def _extension_warnings(path: Path, kind: str) -> tuple[str, ...]:
    suffix = path.suffix.lower()
    expected = ".pdf" if kind == "pdf" else ".docx"
    if suffix == expected:
        return ()
    content = "a PDF" if kind == "pdf" else "a Word .docx document"
    if not suffix:
        return (f"file has no extension: read as {content} by its content",)
    return (f"file extension {path.suffix} does not match its content: read as {content}",)


def _describe(head: bytes) -> str:
    sample = head[:16]
    shown = "".join(chr(b) if 32 <= b < 127 and b != 0x22 else f"\\x{b:02x}" for b in sample)
    guess = _guess_format(head)
    return f'"{shown}"' + (f": {guess}" if guess else "")


def _guess_format(head: bytes) -> str:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"{\\rtf"):
        return "RTF text, save it as .docx or PDF"
    if start.startswith((b"<html", b"<!doctype html")) or b"<html" in start[:512]:
        return "a web page (HTML)"
    if start.startswith((b"mime-version:", b"content-type:", b"from:")):
        return "a web archive or e-mail (MHTML), save it as .docx or PDF"
    if start.startswith(b"<?xml"):
        return "Word 2003 XML, save it as .docx" if b"word.document" in start else "XML text"
    if head.startswith(b"\x89PNG"):
        return "a PNG image"
    if head.startswith(b"\xff\xd8\xff"):
        return "a JPEG image"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "a TIFF image"
    if head.startswith(b"GIF8"):
        return "a GIF image"
    return ""


def _refuse_ole2(fh) -> NoReturn:
    """An OLE2 compound file: legacy .doc, or an encrypted OOXML package."""
    if _ole2_has_stream(fh, "EncryptedPackage"):
        raise DocumentError("password-protected Word document")
    raise DocumentError("legacy Word .doc (OLE2) is not supported: save it as .docx or PDF")


def _ole2_has_stream(fh, name: str) -> bool:
    """Look for a directory entry named `name` (entries are 128-byte aligned)."""
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    name_length = struct.pack("<H", len(encoded))
    fh.seek(0)
    offset = 0
    chunk_size = 1 * MB  # a multiple of 128, so entries never straddle chunks
    while True:
        chunk = fh.read(chunk_size)
        if not chunk:
            return False
        at = chunk.find(encoded)
        while at >= 0:
            if (offset + at) % 128 == 0 and chunk[at + 64:at + 66] == name_length:
                return True
            at = chunk.find(encoded, at + 1)
        offset += len(chunk)


# ---------------------------------------------------------------------------
# zip / docx


def _open_zip(fh, size: int, limits: Limits) -> zipfile.ZipFile:
    """Check the end-of-directory record, then let zipfile read the directory."""
    _precheck_directory(fh, size, limits)
    try:
        fh.seek(0)
        return zipfile.ZipFile(fh)
    except DocumentError:
        raise
    except Exception as error:  # zipfile raises many types on damaged directories
        raise _zip_error(error) from None


def _precheck_directory(fh, size: int, limits: Limits) -> None:
    """Entry count and directory size from the end record, before zipfile parses it."""
    tail_length = min(size, _EOCD.size + 65535)
    fh.seek(size - tail_length)
    tail = fh.read(tail_length)
    # as zipfile does: a record with no comment at the very end, else the last signature
    if len(tail) >= _EOCD.size and tail[-_EOCD.size:-_EOCD.size + 4] == b"PK\x05\x06" and tail[-2:] == b"\0\0":
        at = len(tail) - _EOCD.size
    else:
        at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + _EOCD.size > len(tail):
        raise DocumentError("corrupt or truncated Word document (no zip directory found)")
    _, _, _, _, entries, directory_size, _, _ = _EOCD.unpack_from(tail, at)
    eocd_offset = size - tail_length + at
    for entries64, size64 in _zip64_records(fh, eocd_offset):
        entries = max(entries, entries64)
        directory_size = max(directory_size, size64)
    if entries > limits.max_zip_entries:
        raise DocumentError(f"refused: too many zip entries ({entries} > limit {limits.max_zip_entries})")
    if directory_size > limits.zip_directory_cap:
        raise DocumentError(f"refused: zip directory too large ({_size(directory_size)} > "
                            f"limit {_size(limits.zip_directory_cap)})")


def _zip64_records(fh, eocd_offset: int):
    """(entries, directory size) from a zip64 end record, where zipfile might find one."""
    locator_offset = eocd_offset - _EOCD64_LOCATOR.size
    if locator_offset < 0:
        return
    fh.seek(locator_offset)
    data = fh.read(_EOCD64_LOCATOR.size)
    if len(data) != _EOCD64_LOCATOR.size:
        return
    signature, _, relative_offset, _ = _EOCD64_LOCATOR.unpack(data)
    if signature != b"PK\x06\x07":
        return
    # Python 3.11 reads the record just before the locator; later versions follow the offset
    for offset in {locator_offset - _EOCD64.size, relative_offset}:
        if offset < 0:
            continue
        fh.seek(offset)
        data = fh.read(_EOCD64.size)
        if len(data) == _EOCD64.size and data[:4] == b"PK\x06\x06":
            fields = _EOCD64.unpack(data)
            yield fields[7], fields[8]


def _identify_docx(fh, size: int, limits: Limits) -> None:
    """A zip that is a Word document: its main part exists and is WordprocessingML."""
    with _open_zip(fh, size, limits) as zf:
        try:
            names = set(zf.namelist())
            main = _main_part(zf, names)
            content_type = _content_type(zf, names, main) if main else ""
        except DocumentError:
            raise
        except Exception as error:
            raise _zip_error(error) from None
        if main is None or "spreadsheetml" in content_type or "presentationml" in content_type:
            raise DocumentError("not a Word document: no word/document.xml" + _other_package(zf, names, content_type))
        if "macroenabled" in content_type.lower():
            raise DocumentError("macro-enabled Word document (.docm) is not supported: save it as .docx")
        if "template" in content_type.lower():
            raise DocumentError("Word template (.dotx) is not supported: save it as a .docx document")


def _main_part(zf: zipfile.ZipFile, names: set[str]) -> str | None:
    """The part the package relationships name as the main document, else word/document.xml."""
    if "_rels/.rels" in names:
        root = _small_xml(zf, "_rels/.rels")
        for rel in root if root is not None else ():
            if _OFFICE_DOCUMENT_REL.search(rel.get("Type", "")) and rel.get("TargetMode") != "External":
                target = rel.get("Target", "").lstrip("/")
                target = target[2:] if target.startswith("./") else target
                if target in names:
                    return target
    return "word/document.xml" if "word/document.xml" in names else None


def _content_type(zf: zipfile.ZipFile, names: set[str], part: str) -> str:
    if "[Content_Types].xml" not in names:
        return ""
    root = _small_xml(zf, "[Content_Types].xml")
    if root is None:
        return ""
    default = ""
    extension = part.rsplit(".", 1)[-1].lower()
    for element in root:
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "Override" and element.get("PartName", "").lstrip("/").lower() == part.lower():
            return element.get("ContentType", "")
        if tag == "Default" and element.get("Extension", "").lower() == extension:
            default = element.get("ContentType", "")
    return default


def _other_package(zf: zipfile.ZipFile, names: set[str], content_type: str) -> str:
    if "spreadsheetml" in content_type or "xl/workbook.xml" in names:
        return " (this is an Excel workbook)"
    if "presentationml" in content_type or "ppt/presentation.xml" in names:
        return " (this is a PowerPoint presentation)"
    if "mimetype" in names:
        try:
            with zf.open("mimetype") as stream:
                mimetype = stream.read(100)
        except Exception:
            mimetype = b""
        if mimetype.startswith(b"application/vnd.oasis.opendocument"):
            return " (this is an OpenDocument file: save it as .docx or PDF)"
    return ""


def _small_xml(zf: zipfile.ZipFile, name: str):
    """Parse a small package part (relationships, content types) with caps; None if malformed."""
    from defusedxml import ElementTree as SafeET

    info = zf.getinfo(name)
    if info.file_size > SMALL_PART_MAX:
        raise DocumentError(f"refused: {name} is too large ({_size(info.file_size)} uncompressed)")
    with zf.open(info) as stream:
        data = stream.read(SMALL_PART_MAX + 1)
    if len(data) > SMALL_PART_MAX:
        raise DocumentError(f"refused: {name} is too large (over {_size(SMALL_PART_MAX)} uncompressed)")
    scanner = _PrologScanner(name)
    scanner.feed(data)
    scanner.finish()
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except Exception:  # ParseError, defusedxml's refusals (a DOCTYPE would already be refused)
        return None


def check_docx_archive(path: str | Path, limits: Limits | None = Limits()) -> None:
    """Refuse a .docx whose zip or XML could exhaust memory or disk, before it is unpacked."""
    limits = limits or Limits()
    path = Path(path)
    size = _checked_size(path, limits)
    with _open(path) as fh:
        with _open_zip(fh, size, limits) as zf:
            infos = zf.infolist()
            _check_directory(infos, limits)
            budget = _Budget(limits.max_zip_total_uncompressed)
            for info in infos:
                if not info.is_dir():
                    _scan_entry(zf, info, limits, budget)


def _check_directory(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Everything the central directory declares, checked before any entry is decompressed."""
    if len(infos) > limits.max_zip_entries:
        raise DocumentError(f"refused: too many zip entries ({len(infos)} > limit {limits.max_zip_entries})")
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        if _unsafe_name(name):
            raise DocumentError(f"refused: unsafe path in zip ({_shown(name)})")
        if name in seen:
            raise DocumentError(f"corrupt Word document: duplicate zip entry {_shown(name)}")
        seen.add(name)
        if info.flag_bits & 0x1:
            raise DocumentError(f"refused: encrypted zip entry ({_shown(name)})")
        if info.compress_type not in _KNOWN_COMPRESSION:
            raise DocumentError(f"corrupt Word document: unsupported zip compression "
                                f"(method {info.compress_type}) in {_shown(name)}")
    total = sum(info.file_size for info in infos)
    if total > limits.max_zip_total_uncompressed:
        raise DocumentError(f"refused: zip bomb (declared {_size(total)} uncompressed > "
                            f"limit {_size(limits.max_zip_total_uncompressed)})")
    for info in infos:
        name = info.filename
        if info.file_size > limits.zip_ratio_min_bytes:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_zip_ratio:
                raise DocumentError(f"refused: zip bomb ({_shown(name)} expands {ratio:,.0f}:1 "
                                    f"to {_size(info.file_size)})")
        if _XML_NAME.search(name) and info.file_size > limits.max_xml_part_bytes:
            raise DocumentError(f"refused: {_shown(name)} is too large ({_size(info.file_size)} "
                                f"uncompressed > limit {_size(limits.max_xml_part_bytes)})")


def _unsafe_name(name: str) -> bool:
    normal = name.replace("\\", "/")
    if normal.startswith("/") or re.match(r"^[A-Za-z]:", normal):
        return True
    return any(part == ".." for part in normal.split("/"))


class _Budget:
    """Bytes actually decompressed over the whole archive."""

    def __init__(self, limit: int):
        self.limit = limit
        self.used = 0

    def take(self, n: int) -> None:
        self.used += n
        if self.used > self.limit:
            raise DocumentError(f"refused: zip bomb (more than {_size(self.limit)} uncompressed)")


def _scan_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, budget: _Budget) -> None:
    """Stream one entry: XML parts are read to the end under a cap and their prolog checked.

    Other entries (images, embedded objects) are only opened, to see whether they are
    XML under another name; their declared sizes were checked with the directory.
    """
    name = info.filename
    try:
        with zf.open(info) as stream:
            chunk = stream.read(CHUNK)
            budget.take(len(chunk))
            named_xml = bool(_XML_NAME.search(name))
            if not named_xml and (name.lower().endswith(".svg") or not _looks_like_xml(chunk)):
                return
            scanner = _PrologScanner(name)
            read = 0
            while chunk:
                read += len(chunk)
                if read > limits.max_xml_part_bytes:
                    raise DocumentError(f"refused: {_shown(name)} is larger than "
                                        f"{_size(limits.max_xml_part_bytes)} uncompressed")
                if read > limits.zip_ratio_min_bytes and read / max(info.compress_size, 1) > limits.max_zip_ratio:
                    raise DocumentError(f"refused: zip bomb ({_shown(name)} expands over "
                                        f"{limits.max_zip_ratio:,.0f}:1)")
                if not scanner.done:
                    scanner.feed(chunk)
                chunk = stream.read(CHUNK)
                budget.take(len(chunk))
            scanner.finish()
    except DocumentError:
        raise
    except Exception as error:  # zlib.error, EOFError, BadZipFile (CRC, headers) and the like
        raise _zip_error(error, name) from None


def _zip_error(error: Exception, name: str | None = None) -> DocumentError:
    """A damaged zip, in words: zipfile's own message when it has one."""
    where = f" in {_shown(name)}" if name else ""
    if isinstance(error, zipfile.BadZipFile):
        return DocumentError(f"corrupt Word document ({_shown(str(error), 160)})")
    if isinstance(error, zlib.error):
        return DocumentError(f"corrupt Word document (damaged compressed data{where})")
    if isinstance(error, (EOFError, OSError)):
        entry = f"zip entry {_shown(name)}" if name else "a zip entry"
        return DocumentError(f"corrupt or truncated Word document ({entry} lies outside the file)")
    return DocumentError(f"corrupt Word document ({type(error).__name__}{where}: {_shown(str(error), 160)})")


def _looks_like_xml(start: bytes) -> bool:
    """True when a parser could take these bytes for XML (any of its encodings)."""
    stripped = start[:64].replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
    return stripped.startswith(b"<")


class _PrologScanner:
    """Find a DOCTYPE before the root element of an XML part, fed in chunks.

    NUL bytes are dropped first, so UTF-16 and UTF-32 prologs read as ASCII.
    Only the prolog is scanned: after the root element starts a DOCTYPE is a
    syntax error, not a declaration, so the rest of the part cannot hide one.
    """

    def __init__(self, name: str):
        self.name = name
        self.buffer = bytearray()
        self.position = 0
        self.search_from = 0  # resume point while looking for the end of a comment or PI
        self.doctype_at: int | None = None  # where a DOCTYPE starts, once seen
        self.done = False

    def feed(self, data: bytes) -> None:
        if self.done:
            return
        self.buffer += data.replace(b"\x00", b"")
        if self.doctype_at is not None:
            self._refuse_doctype(final=False)
        else:
            self._scan()
        if not self.done and len(self.buffer) > PROLOG_MAX:
            raise DocumentError(f"refused: no XML root element in the first {_size(PROLOG_MAX)} "
                                f"of {_shown(self.name)}")

    def _scan(self) -> None:
        b = self.buffer
        i = self.position
        while True:
            while i < len(b) and b[i] in b" \t\r\n\xef\xbb\xbf\xff\xfe":
                i += 1
            self.position = i
            if i + 4 > len(b):
                return  # need more bytes
            if b[i] != 0x3C:  # "<": not XML, or text before the root (a parser rejects it)
                self.done = True
                return
            if b[i + 1] == 0x3F:  # "<?" declaration or processing instruction
                end = b.find(b"?>", max(i + 2, self.search_from))
                if end < 0:
                    self.search_from = len(b) - 1
                    return
                i = end + 2
            elif b[i:i + 4] == b"<!--":
                end = b.find(b"-->", max(i + 4, self.search_from))
                if end < 0:
                    self.search_from = len(b) - 2
                    return
                i = end + 3
            elif b[i + 1] == 0x21:  # "<!": a DOCTYPE (only declarations may start so here)
                if i + 9 > len(b):
                    return
                if b[i:i + 9].upper() == b"<!DOCTYPE":
                    self.doctype_at = i
                    self._refuse_doctype(final=False)
                    return
                self.done = True  # malformed: the parser will reject it
                return
            else:  # the root element
                self.done = True
                return

    def finish(self) -> None:
        """The part ended: a DOCTYPE seen is refused even if its declaration was cut short."""
        if self.doctype_at is not None:
            self._refuse_doctype(final=True)

    def _refuse_doctype(self, final: bool) -> None:
        """Refuse the DOCTYPE, naming entity declarations when its internal subset has any.

        Waits (when not final) until the declaration is complete or 64 KB long, so the
        reason does not depend on where the chunks happen to split.
        """
        declaration = self.buffer[self.doctype_at:]
        if re.search(rb"<!\s*ENTITY", declaration, re.I):
            raise DocumentError(f"refused: XML entity declarations in {_shown(self.name)}")
        close = declaration.find(b">")
        bracket = declaration.find(b"[")
        if 0 <= bracket < close or close < 0:
            complete = re.search(rb"\]\s*>", declaration) is not None
        else:
            complete = True
        if final or complete or len(declaration) > 64 * KB:
            raise DocumentError(f"refused: XML DOCTYPE declaration in {_shown(self.name)}")


# ---------------------------------------------------------------------------
# pdf


def check_pdf(path: str | Path, limits: Limits | None = Limits()) -> int:
    """Open a PDF with pdfium and return its page count, or refuse it."""
    from .pdfium_lock import PDFIUM_LOCK

    with PDFIUM_LOCK:
        return _check_pdf(path, limits)


def _check_pdf(path: str | Path, limits: Limits | None) -> int:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    limits = limits or Limits()
    path = Path(path)
    _checked_size(path, limits)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", None)
        # pdfium's last-error code can be left over from the file before (a page-less file sets none)
        if {int(n) for n in _raw_pdf_findall(path, rb"/Count\s+(\d+)")} == {0}:
            raise DocumentError("PDF has no pages") from None
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY, pdfium_c.FPDF_ERR_SUCCESS) \
                and not _raw_pdf_findall(path, rb"/Encrypt"):
            raise DocumentError("corrupt or truncated PDF (pdfium gave no reason)") from None
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise DocumentError("password-protected PDF") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise DocumentError("encrypted PDF with an unsupported security handler (e.g. certificate "
                                "encryption)") from None
        if code == pdfium_c.FPDF_ERR_FILE:
            raise DocumentError("cannot read file (PDF could not be opened)") from None
        raise DocumentError(f"corrupt or truncated PDF ({_pdfium_reason(error)})") from None
    except Exception as error:
        raise DocumentError(f"corrupt or truncated PDF ({type(error).__name__}: {_shown(str(error), 160)})") from None
    try:
        n_pages = len(pdf)
        if n_pages <= 0:
            raise DocumentError("corrupt or truncated PDF (no pages)")
        if n_pages > limits.max_pages:
            raise DocumentError(f"too many pages ({n_pages} > limit {limits.max_pages})")
        # a damaged page tree often shows at its ends; loading a page does not render it
        for index in sorted({0, n_pages - 1}):
            try:
                page = pdf[index]
            except Exception:
                raise DocumentError(f"corrupt or truncated PDF (page {index + 1} cannot be loaded)") from None
            page.close()
        return n_pages
    finally:
        pdf.close()


def _raw_pdf_findall(path: Path, pattern: bytes) -> list[bytes]:
    """re.findall over the raw bytes of a file already checked against the size limit."""
    import mmap

    if Path(path).stat().st_size == 0:
        return []
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return re.findall(pattern, data)


def _pdfium_reason(error: Exception) -> str:
    text = str(error)
    found = re.search(r"PDFium: ([^)]*)", text)
    return _shown(found.group(1) if found else (text or type(error).__name__), 160)


def has_text_layer(pages_text: Iterable[str], min_chars: int = 1) -> bool:
    """True when the pages' extracted text holds at least `min_chars` letters or digits.

    For the PDF reader, after it has extracted every page's text: a scanned plan has
    none (or only a stamped page number, with min_chars raised), and should be
    reported as DocumentError(NO_TEXT_LAYER).
    """
    count = 0
    for text in pages_text:
        count += sum(1 for ch in text or "" if ch.isalnum())
        if count >= min_chars:
            return True
    return False


# ---------------------------------------------------------------------------
# formatting


def _size(n: int) -> str:
    if n >= GB:
        return f"{n / GB:.1f} GB"
    if n >= MB:
        value = n / MB
        return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"
    if n >= KB:
        return f"{n / KB:.0f} KB"
    return f"{n} bytes"


def _shown(text: str, limit: int = 80) -> str:
    """Text from the file (an entry name, a library's message) made safe for a reason:
    printable, one line, at most `limit` characters."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in text)
    return clean if len(clean) <= limit else clean[:limit - 3] + "..."
