import pipeline.documents.pdf as pdf_reader
from pipeline.config import PROJECT_DIR
from pipeline.labels.classifiers import load_classifier
from pipeline.plan import process_plan
from tests.plan_factory import write_pdf


def test_a_page_whose_tables_cannot_be_read_makes_the_plan_partial(tmp_path, monkeypatch):
    path = write_pdf(tmp_path / "plan.pdf", repeat_pages=2)

    def damaged(*args, **kwargs):
        raise ValueError("damaged page")

    monkeypatch.setattr(pdf_reader, "find_tables", damaged)
    result = process_plan(path, load_classifier(str(PROJECT_DIR / "models" / "default")))
    assert result.plan["status"] == "partial"
    assert "tables not read on damaged page(s) 2" in result.plan["error"]
    assert result.plan["n_pages"] >= 2  # the text was still read


def test_a_readable_plan_is_ok(tmp_path):
    result = process_plan(write_pdf(tmp_path / "plan.pdf"), load_classifier(str(PROJECT_DIR / "models" / "default")))
    assert result.plan["status"] == "ok" and result.plan["error"] == "" and len(result.actions) == 3
