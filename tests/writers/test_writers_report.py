import re

from pipeline.writers.report import write_report
from pipeline.writers.tables import summary_tables


def test_report_is_self_contained_and_escaped(tmp_path, actions, plans, sections, labels, run_info):
    plans = plans.copy()
    plans.loc[2, "error"] = '<img src="https://evil.example/x.png"> not a PDF'
    actions = actions.copy()
    actions.loc[0, "cluster"] = "<script>alert('cluster')</script>"
    path = write_report(actions, plans, sections, summary_tables(actions, plans, labels), tmp_path / "report.html",
                        run_info, labels)
    page = path.read_text(encoding="utf-8")
    assert not re.findall(r"""(?:src|href)\s*=\s*["']?https?://""", page)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;cluster&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=&quot;https://evil.example/x.png&quot;&gt;" in page
    assert "Content-Security-Policy" in page
    for anchor in ("overview", "priority", "milestones", "themes", "smart", "plans"):
        assert f'id="{anchor}"' in page
    assert page.count("<svg") >= 4, "bar charts and heat-maps are inline SVG"
    assert "broken.pdf" in page and "failed" in page
    assert "outbreak_response" in page, "every milestone is a heat-map column"


def test_report_without_actions(tmp_path, actions, plans, sections, labels, run_info):
    path = write_report(actions.iloc[:0], plans.iloc[2:], sections.iloc[:0], None, tmp_path / "r.html",
                        run_info, labels)
    page = path.read_text(encoding="utf-8")
    assert "Run overview" in page and "broken.pdf" in page
