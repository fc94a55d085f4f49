import pytest

from pipeline.documents.model import Block, Document
from pipeline.metadata import extract_metadata


def _doc(lines, margins=()):
    return Document("plan.pdf", "pdf", 1, [Block(text=t, page=1) for t in lines], margin_text=list(margins))


@pytest.mark.parametrize("lines,margins,cluster", [
    (["Rhondda Cluster Cluster Annual Plan 2021/22"], [], "Rhondda"),
    (["Blaenau Gwent West Cluster Primary Care Cluster Annual Plan 2021-2022"], [], "Blaenau Gwent West"),
    (["Annual plan"], ["City and Cardiff South Cluster – Primary Care Cluster Annual Plan 2021-2022"],
     "City and Cardiff South"),
    (["Contents", "5. Key Cluster Actions for 2021/22 4", "The South Ceredigion Cluster is one of three clusters."], [],
     "South Ceredigion"),
    (["Cluster: Upper Valleys", "Annual Plan 2021/22"], [], "Upper Valleys"),
    (["North Powys Cluster Primary Care Cluster IMTP 2020-2023"], [], "North Powys"),
    (["Our plan for the year ahead"], [], ""),
    (["Cluster: Blaenau Gwent East NCN", "Primary Care Cluster IMTP 2020 - 2023"], [], "Blaenau Gwent East"),
    (["Newport East Neighbourhood Care Network Annual Plan 2021/22"], [], "Newport East"),
    (["North Denbighshire Primary Care Cluster", "Dear colleagues,"], [], "North Denbighshire"),
    # Welsh puts the name after the word
    (["Cynllun Blynyddol Clwstwr Gogledd Ceredigion 2021/22"], [], "Gogledd Ceredigion"),
    (["Clwstwr Dwyfor Cluster – Annual Plan 2021/22"], [], "Dwyfor"),
    # a label inside a sentence names a person, not the cluster
    (["Garw Valleys Cluster", "Signed on behalf of the cluster: Dr E. Bowen, Cluster Lead."], [], "Garw Valleys"),
    (["Swansea Bay University Health Board Tawe Uplands Cluster Annual Plan 2021/22"], [], "Tawe Uplands"),
    (["Sirhowy Valley NCN", "Neighbourhood Care Network (Cluster) Annual Plan 2021-22"], [], "Sirhowy Valley"),
])
def test_cluster_name(lines, margins, cluster):
    assert extract_metadata(_doc(lines, margins)).cluster == cluster


def test_board_aliases_give_the_canonical_name():
    assert extract_metadata(_doc(["ABUHB cluster plan"])).health_board == "Aneurin Bevan University Health Board"
    assert extract_metadata(_doc(["Cwm Taf Morgannwg UHB"])).health_board == "Cwm Taf Morgannwg University Health Board"


def test_plan_year_from_title_then_most_mentioned():
    assert extract_metadata(_doc(["Cluster IMTP 2020-2023", "Action plan 2021/22"])).plan_year == "2020/23"
    untitled = ["South Wrexham Cluster Annual Plan", "4. One year in reflections on the 2020/23 Cluster Plan",
                "5. Key Cluster Actions for 2021/22", "6. Workforce implications for 2021/22",
                "Annual Plan on a Page for 2021/22"]
    assert extract_metadata(_doc(untitled)).plan_year == "2021/22"
    assert extract_metadata(_doc(["No year here"])).plan_year == ""


def test_a_plan_year_written_as_its_months():
    lines = ["Preseli Coast Cluster Annual Plan", "April 2021 – March 2022"] + ["In 2020/21 we set up a hub."] * 3
    assert extract_metadata(_doc(lines)).plan_year == "2021/22"
