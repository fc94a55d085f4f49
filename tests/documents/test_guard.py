"""The untrusted-input guard: each hostile file is refused with a plain reason,
valid plans pass, and damaged files of any kind raise nothing but DocumentError."""
from __future__ import annotations

import importlib.util
import io
import sys
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.documents.guard import (
    KB,
    MB,
    NO_TEXT_LAYER,
    Limits,
    Sniffed,
    _PrologScanner,
    _scan_entry,
    _Budget,
    check_docx_archive,
    check_pdf,
    has_text_layer,
    sniff,
)
from pipeline.documents.model import DocumentError


def _load_bad_inputs():
    name = "plans_tests_fixtures_bad_inputs"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).parents[1] / "fixtures" / "bad_inputs.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


bad = _load_bad_inputs()


def _refusal(path: Path, limits: Limits = Limits()) -> tuple[str, str] | None:
    """Run the guard as the reader does; (step, reason) of the first refusal, or None."""
    try:
        sniffed = sniff(path, limits)
    except DocumentError as error:
        return "sniff", str(error)
    step, check = ("check_pdf", check_pdf) if sniffed.kind == "pdf" else ("check_docx_archive", check_docx_archive)
    try:
        check(path, limits)
    except DocumentError as error:
        return step, str(error)
    return None


def _pages_text(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for page in pdf:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        pdf.close()


# ---------------------------------------------------------------------------
# every bad input, default limits


@pytest.mark.parametrize("writer", sorted(bad.EXPECTED))
def test_bad_input_refused_with_reason(writer, tmp_path):
    step, reason = bad.EXPECTED[writer]
    path = getattr(bad, writer)(tmp_path)
    refusal = _refusal(path)
    if step == "read":  # the guard passes it; the reader refuses it
        assert refusal is None
        from pipeline.documents.reader import read_document

        with pytest.raises(DocumentError) as caught:
            read_document(path)
        assert reason in str(caught.value)
        return
    assert refusal is not None, f"{writer} was not refused"
    assert refusal[0] == step
    assert reason in refusal[1]


def test_reasons_are_exact_for_the_plain_cases(tmp_path):
    def reason(path, limits=Limits()):
        return _refusal(path, limits)[1]

    assert reason(bad.write_empty(tmp_path)) == "empty file (0 bytes)"
    assert reason(bad.write_legacy_doc(tmp_path)) == \
        "legacy Word .doc (OLE2) is not supported: save it as .docx or PDF"
    assert reason(bad.write_password_protected_docx(tmp_path)) == "password-protected Word document"
    assert reason(bad.write_encrypted_pdf(tmp_path)) == "password-protected PDF"
    assert reason(bad.write_not_zip_docx(tmp_path)) == \
        'corrupt Word document: not a zip archive (starts with "This is not real")'
    assert reason(bad.write_zip_without_document(tmp_path)) == "not a Word document: no word/document.xml"
    assert reason(bad.write_rtf_named_doc(tmp_path)).startswith('not a PDF or Word document (starts with "{\\rtf1')
    assert reason(bad.write_declared_huge_docx(tmp_path)) == \
        "refused: zip bomb (declared 4.0 GB uncompressed > limit 200 MB)"
    assert reason(bad.write_billion_laughs_docx(tmp_path)) == \
        "refused: XML entity declarations in word/document.xml"
    assert reason(bad.write_valid_pdf(tmp_path), Limits(max_file_bytes=1000)) == \
        "file too large (2 KB > limit 1000 bytes)"


def test_unknown_content_names_what_it_starts_with(tmp_path):
    png = tmp_path / "plan.pdf"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    assert _refusal(png)[1] == 'not a PDF or Word document (starts with "\\x89PNG\\x0d\\x0a\\x1a\\x0a\\x00\\x00\\x00' \
                               '\\x00\\x00\\x00\\x00\\x00": a PNG image)'
    html = tmp_path / "plan.doc"
    html.write_bytes(b"<html><body>Cluster plan</body></html>")
    assert "a web page (HTML)" in _refusal(html)[1]


def test_missing_file_and_folder(tmp_path):
    for step in (sniff, check_pdf, check_docx_archive):
        with pytest.raises(DocumentError, match="^file not found$"):
            step(tmp_path / "nope.pdf")
        with pytest.raises(DocumentError, match="^not a regular file$"):
            step(tmp_path)


def test_encrypted_package_name_must_be_a_directory_entry(tmp_path):
    # the UTF-16 name inside a legacy .doc's text, not at an entry boundary: still just a .doc
    path = bad.write_legacy_doc(tmp_path)
    path.write_bytes(path.read_bytes() + b"x" + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 200)
    assert _refusal(path)[1].startswith("legacy Word .doc")


# ---------------------------------------------------------------------------
# files that pass


def test_valid_pdf_and_docx_pass(tmp_path):
    pdf = bad.write_valid_pdf(tmp_path)
    assert sniff(pdf) == Sniffed("pdf", ())
    assert check_pdf(pdf) == 2
    docx = bad.write_valid_docx(tmp_path)
    assert sniff(docx) == Sniffed("docx", ())
    assert check_docx_archive(docx) is None


def test_not_a_plan_documents_pass_the_guard(tmp_path):
    assert _refusal(bad.write_not_a_plan_pdf(tmp_path)) is None
    assert _refusal(bad.write_not_a_plan_docx(tmp_path)) is None


def test_owner_password_only_pdf_opens(tmp_path):
    path = bad.write_owner_password_pdf(tmp_path)
    assert sniff(path).kind == "pdf"
    assert check_pdf(path) == 1


def test_content_decides_kind_and_a_wrong_extension_warns(tmp_path):
    pdf_as_docx = bad.write_pdf_named_docx(tmp_path)
    assert sniff(pdf_as_docx) == Sniffed("pdf", ("file extension .docx does not match its content: read as a PDF",))
    docx_as_doc = bad.write_valid_docx(tmp_path, name="plan.doc")
    assert sniff(docx_as_doc) == Sniffed(
        "docx", ("file extension .doc does not match its content: read as a Word .docx document",))
    no_extension = bad.write_valid_pdf(tmp_path, name="plan")
    assert sniff(no_extension).warnings == ("file has no extension: read as a PDF by its content",)
    upper = bad.write_valid_pdf(tmp_path, name="PLAN.PDF")
    assert sniff(upper).warnings == ()


def test_pdf_after_leading_junk_is_still_a_pdf(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"\r\n\x00junk\n" + bad.valid_pdf_bytes())
    assert sniff(path).kind == "pdf"


def test_main_part_found_through_relationships(tmp_path):
    # Word Online sometimes names the main part word/document2.xml
    data = bad.valid_docx_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        main, rels, types = (archive.read(n) for n in ("word/document.xml", "_rels/.rels", "[Content_Types].xml"))
        doc_rels = archive.read("word/_rels/document.xml.rels")
    moved = bad.rewrite_zip(data, drop=("word/document.xml", "word/_rels/document.xml.rels"), replace={
        "_rels/.rels": rels.replace(b"word/document.xml", b"word/document2.xml"),
        "[Content_Types].xml": types.replace(b"/word/document.xml", b"/word/document2.xml"),
    }, add={"word/document2.xml": main, "word/_rels/document2.xml.rels": doc_rels})
    path = tmp_path / "online.docx"
    path.write_bytes(moved)
    assert _refusal(path) is None


def test_svg_images_may_carry_a_doctype(tmp_path):
    svg = (b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
           b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [<!ENTITY ns_svg "http://www.w3.org/2000/svg">]>'
           b'<svg xmlns="&ns_svg;"/>')
    path = tmp_path / "icons.docx"
    path.write_bytes(bad.rewrite_zip(bad.valid_docx_bytes(), add={"word/media/image1.svg": svg}))
    assert _refusal(path) is None


# ---------------------------------------------------------------------------
# limits lowered


def test_zip_bomb_by_total_size_with_lowered_limit(tmp_path):
    path = bad.write_zip_bomb_docx(tmp_path, megabytes=12)
    limits = Limits(max_zip_total_uncompressed=10 * MB, max_zip_ratio=1e9)
    step, reason = _refusal(path, limits)
    assert step == "check_docx_archive"
    assert reason.startswith("refused: zip bomb (declared 12.") and reason.endswith(" MB uncompressed > limit 10 MB)")
    # with both limits generous it is a (large) valid document
    assert _refusal(path, Limits(max_zip_ratio=1e9)) is None


def test_long_pdf_with_lowered_page_limit(tmp_path):
    path = bad.write_long_pdf(tmp_path, pages=60)
    assert _refusal(path, Limits(max_pages=50)) == ("check_pdf", "too many pages (60 > limit 50)")
    assert check_pdf(path, Limits(max_pages=60)) == 60


def test_entry_count_and_directory_size_refused_before_parsing(tmp_path):
    path = bad.write_valid_docx(tmp_path)
    with zipfile.ZipFile(path) as archive:
        count = len(archive.infolist())
    assert _refusal(path, Limits(max_zip_entries=count - 1)) == (
        "sniff", f"refused: too many zip entries ({count} > limit {count - 1})")
    refusal = _refusal(path, Limits(max_zip_directory_bytes=100))
    assert refusal[0] == "sniff" and refusal[1].startswith("refused: zip directory too large (")


def test_xml_part_declared_too_large(tmp_path):
    big = b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>' + b"<w:p/>" * 400_000 + b"</w:body></w:document>"
    path = tmp_path / "big.docx"
    path.write_bytes(bad.rewrite_zip(bad.valid_docx_bytes(), replace={"word/document.xml": big}))
    limits = Limits(max_xml_part_bytes=1 * MB, max_zip_ratio=1e9)
    assert _refusal(path, limits) == (
        "check_docx_archive", "refused: word/document.xml is too large (2.3 MB uncompressed > limit 1 MB)")


def test_streaming_cap_holds_when_declared_sizes_lie(tmp_path):
    """Declared sizes are checked first; reading still stops at the cap if they were wrong."""
    big = b'<?xml version="1.0"?><w:document xmlns:w="x">' + b"<w:p/>" * 400_000 + b"</w:document>"
    path = tmp_path / "big.docx"
    path.write_bytes(bad.rewrite_zip(bad.valid_docx_bytes(), replace={"word/document.xml": big}))
    limits = Limits(max_xml_part_bytes=1 * MB, max_zip_ratio=1e9, max_zip_total_uncompressed=2 * MB)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/document.xml")
        with pytest.raises(DocumentError, match=r"^refused: word/document.xml is larger than 1 MB uncompressed$"):
            _scan_entry(archive, info, limits, _Budget(100 * MB))
        with pytest.raises(DocumentError, match=r"^refused: zip bomb \(more than 2 MB uncompressed\)$"):
            _scan_entry(archive, info, Limits(max_zip_ratio=1e9), _Budget(2 * MB))
        with pytest.raises(DocumentError, match=r"^refused: zip bomb \(word/document.xml expands over 100:1\)$"):
            _scan_entry(archive, info, Limits(), _Budget(100 * MB))


@pytest.mark.parametrize("name", ["/etc/passwd", "C:\\Windows\\evil.dll", "word/../../x.xml", "..\\x"])
def test_unsafe_entry_names(tmp_path, name):
    path = tmp_path / "unsafe.docx"
    path.write_bytes(bad.rewrite_zip(bad.valid_docx_bytes(), add={name: b"x"}))
    refusal = _refusal(path)
    assert refusal[0] == "check_docx_archive" and refusal[1].startswith("refused: unsafe path in zip (")


def test_duplicate_entry_refused(tmp_path):
    data = bad.valid_docx_bytes()
    out = io.BytesIO(data)
    with warnings.catch_warnings(), zipfile.ZipFile(out, "a") as archive:
        warnings.simplefilter("ignore")
        archive.writestr("word/document.xml", bad.EXTERNAL_ENTITY)
    path = tmp_path / "dup.docx"
    path.write_bytes(out.getvalue())
    assert _refusal(path) == ("check_docx_archive", "corrupt Word document: duplicate zip entry word/document.xml")


# ---------------------------------------------------------------------------
# XML prolog scanning


@pytest.mark.parametrize("xml, refused", [
    (b'<?xml version="1.0"?><w:document/>', None),
    (b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- a comment --><?pi x?><w:document/>', None),
    (b'<w:document><w:t>&lt;!DOCTYPE x [&lt;!ENTITY a "b"&gt;]&gt;</w:t></w:document>', None),
    (b'<?xml version="1.0"?><!DOCTYPE w:document SYSTEM "http://example.org/x.dtd"><w:document/>', "DOCTYPE"),
    (b'<?xml version="1.0"?><!-- ' + b"x" * 200_000 + b' --><!doctype a [<!ENTITY b "c">]><a/>', "entity"),
    (b"<!DOCTYPE a [\n<!ENTITY % p SYSTEM 'http://evil/p.dtd'> %p;]><a/>", "entity"),
])
def test_prolog_scanner(xml, refused):
    for encoded in (xml, xml.decode("utf-8", "replace").encode("utf-16")):
        for step in (1, 7, len(encoded)):  # fed byte by byte, in odd chunks, whole
            scanner = _PrologScanner("word/document.xml")
            try:
                for i in range(0, len(encoded), step):
                    scanner.feed(encoded[i:i + step])
                    if scanner.done:
                        break
                scanner.finish()
            except DocumentError as error:
                assert refused is not None, str(error)
                assert (("entity declarations" if refused == "entity" else "DOCTYPE declaration")
                        in str(error))
            else:
                assert refused is None
            if step == 1 and len(encoded) > 10_000:
                break  # byte-by-byte on long input is slow and adds nothing


def test_prolog_without_root_is_refused():
    scanner = _PrologScanner("word/styles.xml")
    with pytest.raises(DocumentError, match="no XML root element in the first 1 MB of word/styles.xml"):
        scanner.feed(b"<!--" + b"x" * (1 * MB + 10))


# ---------------------------------------------------------------------------
# text layer


def test_has_text_layer(tmp_path):
    assert has_text_layer(_pages_text(bad.write_valid_pdf(tmp_path))) is True
    assert has_text_layer(_pages_text(bad.write_scanned_pdf(tmp_path))) is False
    assert has_text_layer(["", " \n\t", "\x0c"]) is False
    assert has_text_layer([]) is False
    assert has_text_layer(["Page 1"], min_chars=20) is False
    assert NO_TEXT_LAYER.startswith("no text layer: OCR needed")


# ---------------------------------------------------------------------------
# property tests: nothing but DocumentError, whatever the bytes

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GUARDS = (sniff, check_pdf, check_docx_archive)
MAGICS = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<?xml "]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("guard_fuzz")


def _only_document_errors(path: Path) -> None:
    limits = Limits(max_pages=50)
    for guard in GUARDS:
        try:
            guard(path, limits)
        except DocumentError as error:
            assert str(error), "a refusal must give a reason"


def _stored_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bad.valid_docx_bytes())) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename), compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


VALID = {"pdf": bad.valid_pdf_bytes(), "docx": bad.valid_docx_bytes(), "stored_docx": _stored_docx()}


@st.composite
def damaged(draw):
    kind = draw(st.sampled_from(sorted(VALID)))
    data = bytearray(VALID[kind])
    n_ops = draw(st.integers(1, 6))
    for _ in range(n_ops):
        if not data:
            break
        op = draw(st.sampled_from(["flip", "flip_tail", "cut", "zero", "delete", "insert"]))
        size = len(data)
        if op == "flip":
            at = draw(st.integers(0, size - 1))
            data[at] ^= draw(st.integers(1, 255))
        elif op == "flip_tail":  # the zip directory and the PDF xref/trailer live at the end
            at = size - 1 - draw(st.integers(0, min(size - 1, 3000)))
            data[at] ^= draw(st.integers(1, 255))
        elif op == "cut":
            data = data[:draw(st.integers(0, size))]
        elif op == "zero":
            at = draw(st.integers(0, size - 1))
            length = draw(st.integers(1, 4096))
            data[at:at + length] = bytes(len(data[at:at + length]))
        elif op == "delete":
            at = draw(st.integers(0, size - 1))
            del data[at:at + draw(st.integers(1, 512))]
        else:
            at = draw(st.integers(0, size))
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
    return kind, bytes(data)


@SETTINGS
@given(prefix=st.sampled_from(MAGICS), body=st.binary(max_size=4096),
       suffix=st.sampled_from([".pdf", ".docx", ".doc", ""]))
def test_random_bytes_raise_only_document_error(scratch, prefix, body, suffix):
    path = scratch / f"random{suffix}"
    path.write_bytes(prefix + body)
    _only_document_errors(path)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=damaged(), suffix=st.sampled_from([".pdf", ".docx"]))
def test_damaged_valid_files_raise_only_document_error(scratch, case, suffix):
    _, data = case
    path = scratch / f"damaged{suffix}"
    path.write_bytes(data)
    _only_document_errors(path)


def test_a_page_less_pdf_is_named_as_such_whatever_file_came_before(tmp_path):
    """pdfium leaves its last error code from the file before for a PDF with no pages."""
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n"
                      b"<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
    for before in (bad.write_encrypted_pdf(tmp_path), bad.write_truncated_pdf(tmp_path)):
        with pytest.raises(DocumentError):
            check_pdf(before)
        with pytest.raises(DocumentError, match="PDF has no pages"):
            check_pdf(empty)
    with pytest.raises(DocumentError, match="password-protected PDF"):
        check_pdf(bad.write_encrypted_pdf(tmp_path, name="again.pdf"))
