import pytest

from pipeline.documents.model import Block, Document
from pipeline.documents.reader import read_document
from pipeline.metadata import extract_metadata
from pipeline.sections import classify_heading, detect_template, find_sections
from tests.plan_factory import write_docx, write_pdf


@pytest.mark.parametrize("heading,key", [
    ("1. Executive Summary", "exec_summary"),
    ("Exec Summary", "exec_summary"),
    ("Annual Plan on a Page for 2021/22", "plan_on_a_page"),
    ("Section 3 – Reflections on Covid-19", "covid_reflections"),
    ("What 2020 taught us", "covid_reflections"),  # the pandemic year named, not the 2020/23 plan
    ("Our three-year plan: where we are now", "imtp_reflections"),
    ("Our 3-year plan so far", "imtp_reflections"),
    # the Welsh-language template's headings
    ("1. Crynodeb Gweithredol", "exec_summary"),
    ("2. Cynllun Blynyddol ar Dudalen 2021/22", "plan_on_a_page"),
    ("3. Myfyrdodau ar 2020 – Covid-19", "covid_reflections"),
    ("5. Camau Gweithredu Allweddol y Clwstwr 2021/22", "key_actions"),
    ("6. Goblygiadau Gweithlu'r Clwstwr 2021/22", "workforce"),
    ("7. Goblygiadau Ariannol y Clwstwr 2021/22", "finance"),
    ("8. Dylanwad strategol ac aliniad â Chynllun Blynyddol y Bwrdd Iechyd", "strategic_alignment"),
    ("Reflections of 2020 Covid-19 service delivery and impact on Cluster working and cluster planning",
     "covid_reflections"),
    ("One year in reflections on the 2020/23 Cluster Plan content", "imtp_reflections"),
    ("4. Our three-year plan one year on", "imtp_reflections"),
    ("Cynllun 2020-23: blwyddyn yn ddiweddarach / Our 2020-23 Plan One Year On", "imtp_reflections"),
    ("5. Key Cluster Actions for 2021/22", "key_actions"),
    ("Workforce implications for 2021/22", "workforce"),
    ("Cluster financial implications for 2021/22", "finance"),
    ("Strategic influence / links / alignment with Health Board Annual Plan 2021/22", "strategic_alignment"),
    ("Frailty", None),
    ("Appendix 2: Glossary", None),
    ("Reflections on the 2020\u201323 plan", "imtp_reflections"),  # an en dash as Word and browsers set it
    ("Appendix B \u2013 Key Cluster Actions 2021/22", "key_actions"),
])
def test_heading_variants(heading, key):
    assert classify_heading(heading) == key


def _block(text, size=11.0, bold=False, level=None):
    return Block(text=text, page=1, font_size=size, bold=bold, heading_level=level)


def test_table_of_contents_is_not_a_section():
    body = "The cluster is made up of nine practices serving 40,000 people in the valleys."
    items = [_block("Contents", 14, True), _block("1. Executive Summary", 12, True),
             _block("5. Key Cluster Actions for 2021/22", 12, True), _block("6. Workforce implications", 12, True),
             _block("1. Executive Summary", 16, True), _block(body), _block("5. Key Cluster Actions for 2021/22", 16, True),
             _block(body), _block("6. Workforce implications", 16, True), _block(body)]
    sections = find_sections(Document("x.pdf", "pdf", 1, items))
    assert [s.start_item for s in sections] == [4, 6, 8]


def test_lower_rank_priority_headings_do_not_split_sections():
    body = "The cluster is made up of nine practices serving 40,000 people in the valleys."
    items = [_block("Key Cluster Actions", level=1), _block(body), _block("Workforce", level=3), _block(body),
             _block("Cluster workforce implications", level=1), _block(body)]
    sections = find_sections(Document("x.docx", "docx", None, items))
    assert [(s.section_key, s.start_item) for s in sections] == [("key_actions", 0), ("workforce", 4)]


@pytest.mark.parametrize("writer", [write_docx, write_pdf])
def test_sections_and_metadata_from_files(tmp_path, writer):
    doc = read_document(writer(tmp_path / ("plan." + ("docx" if writer is write_docx else "pdf"))))
    sections = find_sections(doc)
    keys = [s.section_key for s in sections]
    assert "exec_summary" in keys and "key_actions" in keys and "workforce" in keys
    meta = extract_metadata(doc)
    assert meta.health_board == "Hywel Dda University Health Board"
    assert meta.cluster == "North Ceredigion"
    assert meta.plan_year == "2021/22"
    assert detect_template(doc, sections) == "annual_2021_22"
    if doc.format == "pdf":
        key_actions = next(s for s in sections if s.section_key == "key_actions")
        assert key_actions.page_start == 2


def test_the_templates_long_numbered_headings_are_found_in_bold_pdf_text():
    body = "The cluster is made up of nine practices serving 40,000 people in the valleys."
    long_heading = ("4. One year in reflections on the 2020/23 Cluster Plan content and ongoing relevance "
                    "to direct future cluster working")
    unnumbered_long = ("Review of progress on the cluster plan and how the cluster will keep it under review with "
                       "partners over the coming year")  # bold lead-in sentence, not a heading
    items = [_block("3. Reflections of 2020 Covid-19 service delivery", 12, True), _block(body),
             _block(long_heading, 12, True), _block(body), _block(unnumbered_long, 12, True), _block(body),
             _block("5. Key Cluster Actions for 2021/22", 12, True), _block(body)]
    sections = find_sections(Document("x.pdf", "pdf", 1, items))
    assert [(s.section_key, s.start_item) for s in sections] == [
        ("covid_reflections", 0), ("imtp_reflections", 2), ("key_actions", 6)]


def test_an_appendix_ends_the_section_above_and_a_pointer_section_moves_to_its_appendix():
    def heading(text):
        return Block(text=text, heading_level=1)

    doc = Document("x.docx", "docx", None, [
        heading("1. Executive Summary"), Block("The cluster serves 52,000 people in the Amman and Gwendraeth valleys."),
        heading("5. Key Cluster Actions for 2021/22"), Block("Our actions are set out in full in Appendix B."),
        heading("8. Strategic alignment"), Block("The plan supports the Health Board's Annual Plan."),
        heading("Appendix A \u2013 Cluster practice profile"), Block("Eight practices, list sizes 4,000 to 11,000."),
        heading("Appendix B \u2013 Key Cluster Actions 2021/22"), Block("We will recall patients with COPD."),
    ])
    sections = {s.section_key: (s.heading, s.start_item, s.end_item) for s in find_sections(doc)}
    assert sections["key_actions"] == ("Appendix B \u2013 Key Cluster Actions 2021/22", 8, 10)
    assert sections["strategic_alignment"][2] == 6  # the practice profile is outside every template section
