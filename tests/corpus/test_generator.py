"""The synthetic plan generator: documents open, gold pages are right, every layout works."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import docx
import pdfplumber
import pypdfium2 as pdfium
import pytest

from corpus.generator import LAYOUTS, generate, load_bank
from corpus.generator.__main__ import main
from corpus.generator.convert import soffice
from corpus.generator.prose import we_will

FIXTURE = Path(__file__).parent / "fixture_bank"
SAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "samples"
GOLD_ACTION_KEYS = {"bank_id", "source_kind", "page", "section_no", "section_key", "strategic_alignment_text",
                    "objective", "action", "expected_outcome", "risks", "workforce", "finance", "monitoring",
                    "priority_area", "milestone", "themes", "measurable", "time_bound", "due_date", "amount_gbp"}


@pytest.fixture(scope="module")
def bank():
    return load_bank(FIXTURE)


def _gold(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    return "".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())


def _head(text: str, n: int = 4) -> str:
    return "".join(_words(text)[:n])


def _plumber_pages(path) -> list[set]:
    """Each page's words as pdfplumber reads them (it orders text by layout, not by cell)."""
    with pdfplumber.open(path) as doc:
        return [set(_words(p.extract_text() or "")) for p in doc.pages]


def test_fixture_bank_loads(bank, tmp_path):
    assert len(bank.actions) == 40 and len(bank.non_actions) == 12
    # a bank being written may end in half a line
    (tmp_path / "actions_a.jsonl").write_text((FIXTURE / "actions_fixture.jsonl").read_text()[:3000])
    partial = load_bank(tmp_path)
    assert 0 < len(partial.actions) < 40
    assert partial.non_actions  # built-in narrative when non_actions.jsonl is missing


def test_documents_open_and_gold_pages_match(bank, tmp_path):
    paths = generate(tmp_path, 4, seed=5, bank=bank, producers=["reportlab", "python-docx"], n_actions=(8, 14))
    assert len(paths) == 4
    for path in paths:
        gold = _gold(path)
        assert gold["source_file"] == path.name
        assert gold["health_board"] and gold["cluster"] and gold["plan_year"] in ("2021/22", "2020/23")
        assert gold["actions"] and all(GOLD_ACTION_KEYS <= set(a) for a in gold["actions"])
        if path.suffix == ".docx":
            d = docx.Document(str(path))
            text = _norm(" ".join(p.text for p in d.paragraphs) + " ".join(
                c.text for t in d.tables for r in t.rows for c in r.cells))
            assert all(_head(a["action"], 8) in text for a in gold["actions"])
            assert gold["n_pages"] is None and all(a["page"] is None for a in gold["actions"])
            continue
        pdf = pdfium.PdfDocument(str(path))
        assert len(pdf) == gold["n_pages"]
        pdf.close()
        # check the pages with a different text extractor than the generator used
        pages = _plumber_pages(path)
        last = 0
        for a in gold["actions"]:
            assert a["page"] is not None, a["bank_id"]
            assert set(_words(a["action"])[:4]) <= pages[a["page"] - 1], (path.name, a["bank_id"], a["page"])
            assert a["page"] >= last
            last = a["page"]
        for s in gold["sections"]:
            assert set(_words(s["heading"])) <= pages[s["page_start"] - 1]


@pytest.mark.parametrize("producer", ["reportlab", "python-docx"])
def test_every_layout_can_be_requested(bank, tmp_path, producer):
    for i, name in enumerate(LAYOUTS):
        out = tmp_path / name
        n = (18, 20) if name == "multipage_table" else (8, 10)
        [path] = generate(out, 1, seed=i, bank=bank, producers=[producer], layouts=[name], n_actions=n)
        gold = _gold(path)
        assert name in gold["layouts"], (name, gold["layouts"])
        if name == "prose_actions":
            assert {a["source_kind"] for a in gold["actions"]} == {"text"}
        if name == "imtp_template":
            assert gold["template"] == "imtp_2020_23" and gold["plan_year"] == "2020/23"
        if producer == "reportlab":
            assert not gold["warnings"], gold["warnings"]
            assert all(a["page"] for a in gold["actions"])


def test_same_seed_same_gold(bank, tmp_path):
    kw = dict(bank=bank, producers=["reportlab", "python-docx"], n_actions=(8, 12))
    a = generate(tmp_path / "a", 3, seed="same", **kw)
    b = generate(tmp_path / "b", 3, seed="same", **kw)
    c = generate(tmp_path / "c", 3, seed="other", **kw)
    assert [p.name for p in a] == [p.name for p in b]
    for pa, pb in zip(a, b):
        assert _gold(pa) == _gold(pb)
        assert pa.read_bytes() == pb.read_bytes()
    assert [_gold(p)["actions"] for p in a] != [_gold(p)["actions"] for p in c]


def test_conflicting_layouts_are_refused(bank, tmp_path):
    with pytest.raises(ValueError):
        generate(tmp_path, 1, seed=1, bank=bank, layouts=["prose_actions", "two_tables"])
    assert main(["--out", str(tmp_path), "--n", "1", "--layouts", "no_such_layout", "--bank", str(FIXTURE)]) == 2


def test_cli(tmp_path, capsys):
    assert main(["--out", str(tmp_path), "--n", "1", "--seed", "9", "--formats", "docx", "--bank", str(FIXTURE),
                 "--layouts", "two_tables,cover_page"]) == 0
    [path] = [Path(line) for line in capsys.readouterr().out.split()]
    assert path.suffix == ".docx" and {"two_tables", "cover_page"} <= set(_gold(path)["layouts"])


def test_we_will():
    assert we_will("Recruit 0.8 WTE APP") == "We will recruit 0.8 WTE APP"
    assert we_will("Practices to keep a register") == "Practices will keep a register"
    assert we_will("Referral to physiotherapy for all") is None


@pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed")
def test_libreoffice_producer(bank, tmp_path):
    [path] = generate(tmp_path, 1, seed=3, bank=bank, producers=["libreoffice"], n_actions=(10, 12),
                      layouts=["toc", "alignment_column", "headers_footers"])
    gold = _gold(path)
    assert gold["producer"] == "libreoffice" and path.suffix == ".pdf"
    assert not gold["warnings"], gold["warnings"]
    with pdfplumber.open(path) as doc:
        n = len(doc.pages)
        assert f"page{n}of{n}" in _norm(doc.pages[-1].extract_text())  # fields were updated
    pages = _plumber_pages(path) + [set()]
    for a in gold["actions"]:
        # a Word row may break across pages: its first word is on the gold page, the rest may follow
        first = _words(a["action"])[:4]
        assert first[0] in pages[a["page"] - 1]
        assert set(first) <= pages[a["page"] - 1] | pages[a["page"]]


def test_committed_samples_cover_every_layout():
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in SAMPLES.glob("sample_*.gold.json")]
    if not golds:
        pytest.skip("no committed samples")
    assert set(LAYOUTS) <= {name for g in golds for name in g["layouts"]}
    assert sum(p.stat().st_size for p in SAMPLES.glob("sample_*")) < 1.5e6
    for g in golds:
        assert (SAMPLES / g["source_file"]).exists()
        if g["format"] == "pdf":
            assert 2 <= g["n_pages"] <= 8
