"""Small, realistic inputs for the writer and review tests (no pipeline run needed).

Loaded by file path (see conftest.py and tests/test_review.py) so the tests do
not depend on how the tests folder is packaged.
"""
from __future__ import annotations

import pandas as pd

# the contract's 2021/22 ids (tests may fix them; the writers take them as an argument)
LABELS = {
    "priority_area": ["covid_essential_services", "covid_rehabilitation", "covid_vaccination", "covid_cluster_hub",
                      "ministerial_milestones", "imtp_priority", "wider_alignment"],
    "milestone": ["essential_services", "outbreak_response", "care_homes", "rehabilitation", "step_up_step_down",
                  "urgent_primary_care", "none"],
    "themes": ["access_urgent_care", "mental_wellbeing", "prevention_wellbeing", "long_term_conditions",
               "older_people_care_homes", "children_families", "community_services_rehab", "workforce",
               "digital_data", "cluster_development", "engagement_communication", "inequalities_social",
               "medicines_pharmacy", "covid_response"],
}

TEXT_COLUMNS = ["source_file", "health_board", "cluster", "plan_year", "strategic_alignment_text", "objective",
                "action", "expected_outcome", "risks", "workforce", "finance", "monitoring"]

RUN_INFO = {
    "run_id": "run-20240101T000000-abcdef12",
    "started_at": "2024-01-01T00:00:00Z",
    "finished_at": "2024-01-01T00:01:00Z",
    "pipeline_version": "0.1.0",
    "model_version": "test-model-1",
    "taxonomy_version": "2021-22.1",
    "inputs": ["corpus/samples/amman.pdf", "corpus/samples/north_ceredigion.docx", "corpus/samples/broken.pdf"],
}


def make_actions() -> pd.DataFrame:
    """Five actions from two plans (a PDF with pages, a DOCX without), typed as frames.py types them."""
    rows = [
        dict(action_id="p1a2b3c4d5e6f-0000000001", plan_id="p1a2b3c4d5e6f", source_file="amman.pdf",
             health_board="Hywel Dda", cluster="Amman Gwendraeth", plan_year="2021/22", section_no=5,
             section_key="key_actions", page=4, source_kind="table",
             strategic_alignment_text="Indirect harm: Essential Services",
             objective="Maintain timely same-day urgent care",
             action="Recruit 0.8 WTE Advanced Paramedic Practitioner to the same-day service",
             expected_outcome="APP in post and seeing c.25 patients per session by March 2022",
             risks="Recruitment market, \"very\" competitive", workforce="0.8 WTE Band 8a APP",
             finance="£46,500 (cluster funding, recurrent)", monitoring="Monthly activity report",
             priority_area="covid_essential_services", priority_area_confidence=0.93,
             milestone="urgent_primary_care", milestone_confidence=0.81, themes="access_urgent_care;workforce",
             measurable=True, time_bound=True, due_date="2022-03-31", amount_gbp=46500.0, needs_review=False),
        dict(action_id="p1a2b3c4d5e6f-0000000002", plan_id="p1a2b3c4d5e6f", source_file="amman.pdf",
             health_board="Hywel Dda", cluster="Amman Gwendraeth", plan_year="2021/22", section_no=5,
             section_key="key_actions", page=5, source_kind="table",
             strategic_alignment_text="=HYPERLINK(\"http://evil.example\",\"click\")",
             objective="+Reduce the diabetes backlog, line one\nline two",
             action="-Practices to prioritise diabetes reviews, with commas, and \"quotes\"",
             expected_outcome="@SUM(1,2) at least 70% reviewed", risks="\tTab led risk",
             workforce="\rCarriage return", finance="=1+1", monitoring="-",
             priority_area="covid_essential_services", priority_area_confidence=0.55,
             milestone="essential_services", milestone_confidence=0.42, themes="long_term_conditions",
             measurable=True, time_bound=False, due_date="", amount_gbp=float("nan"), needs_review=True),
        dict(action_id="p1a2b3c4d5e6f-0000000003", plan_id="p1a2b3c4d5e6f", source_file="amman.pdf",
             health_board="Hywel Dda", cluster="Amman Gwendraeth", plan_year="2021/22", section_no=0,
             section_key="other", page=9, source_kind="text", strategic_alignment_text="",
             objective="", action="The cluster will run a flu clinic in every practice <script>alert(1)</script>",
             expected_outcome="", risks="", workforce="", finance="", monitoring="",
             priority_area="covid_vaccination", priority_area_confidence=0.7, milestone="essential_services",
             milestone_confidence=0.66, themes="", measurable=False, time_bound=False, due_date="",
             amount_gbp=float("nan"), needs_review=True),
        dict(action_id="p9f8e7d6c5b4a-0000000001", plan_id="p9f8e7d6c5b4a", source_file="north_ceredigion.docx",
             health_board="", cluster="North Ceredigion", plan_year="2021/22", section_no=5,
             section_key="key_actions", page=None, source_kind="table",
             strategic_alignment_text="2020/23 3 year Cluster IMTP Priority: Frailty",
             objective="Support care homes", action="Weekly MDT ward round in all care homes from September 2021",
             expected_outcome="All 6 care homes covered", risks="", workforce="", finance="£12.5k",
             monitoring="Quarterly", priority_area="imtp_priority", priority_area_confidence=0.88,
             milestone="care_homes", milestone_confidence=0.9, themes="older_people_care_homes;community_services_rehab",
             measurable=True, time_bound=True, due_date="2021-09-30", amount_gbp=12500.0, needs_review=False),
        dict(action_id="p9f8e7d6c5b4a-0000000002", plan_id="p9f8e7d6c5b4a", source_file="north_ceredigion.docx",
             health_board="", cluster="North Ceredigion", plan_year="2021/22", section_no=7,
             section_key="finance", page=None, source_kind="text", strategic_alignment_text="",
             objective="", action="Fund a social prescriber (Welsh: rhagnodydd cymdeithasol) – £30,000",
             expected_outcome="", risks="", workforce="", finance="", monitoring="",
             priority_area="wider_alignment", priority_area_confidence=0.61, milestone="none",
             milestone_confidence=0.58, themes="inequalities_social", measurable=False, time_bound=False,
             due_date="", amount_gbp=30000.0, needs_review=True),
    ]
    frame = pd.DataFrame(rows)
    for column in ("page", "section_no"):
        frame[column] = pd.array(frame[column], dtype="Int64")
    for column in ("measurable", "time_bound", "needs_review"):
        frame[column] = frame[column].astype(bool)
    frame["review_reasons"] = ["", "milestone confidence 0.42", "prose", "", "priority confidence 0.61"]
    return frame


def make_plans() -> pd.DataFrame:
    frame = pd.DataFrame([
        dict(plan_id="p1a2b3c4d5e6f", source_file="amman.pdf", sha256="1a2b" * 16, status="ok", error="",
             template="2021-22", health_board="Hywel Dda", cluster="Amman Gwendraeth", plan_year="2021/22",
             n_pages=12, n_sections=6, n_actions=3),
        dict(plan_id="p9f8e7d6c5b4a", source_file="north_ceredigion.docx", sha256="9f8e" * 16, status="partial",
             error="table on page ? could not be read", template="2021-22", health_board="",
             cluster="North Ceredigion", plan_year="2021/22", n_pages=None, n_sections=4, n_actions=2),
        dict(plan_id="p000000000bad", source_file="broken.pdf", sha256="0bad" * 16, status="failed",
             error="not a PDF: <html> file renamed", template="", health_board="", cluster="", plan_year="",
             n_pages=None, n_sections=None, n_actions=None),
    ])
    for column in ("n_pages", "n_sections", "n_actions"):
        frame[column] = pd.array(pd.to_numeric(frame[column], errors="coerce"), dtype="Int64")
    frame["warnings"] = ""
    return frame


def make_sections() -> pd.DataFrame:
    frame = pd.DataFrame([
        dict(plan_id="p1a2b3c4d5e6f", section_no=1, section_key="exec_summary", heading="1. Executive summary",
             page_start=1, page_end=2, n_chars=2400),
        dict(plan_id="p1a2b3c4d5e6f", section_no=5, section_key="key_actions", heading="=5. Key actions",
             page_start=4, page_end=8, n_chars=9100),
        dict(plan_id="p9f8e7d6c5b4a", section_no=5, section_key="key_actions", heading="Key actions 2021/22",
             page_start=None, page_end=None, n_chars=5000),
    ])
    for column in ("section_no", "page_start", "page_end", "n_chars"):
        frame[column] = pd.array(pd.to_numeric(frame[column], errors="coerce"), dtype="Int64")
    return frame
