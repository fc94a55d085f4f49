"""Fixed wording the generator draws on: boards, clusters, headings, column headers.

Everything here is data; choices between the variants are made by plan.py with
the plan's own seeded random generator.
"""
from __future__ import annotations

# canonical health board -> (short forms used in running text, clusters of that board)
HEALTH_BOARDS: dict[str, tuple[list[str], list[str]]] = {
    "Aneurin Bevan University Health Board": (
        ["Aneurin Bevan UHB", "ABUHB"],
        ["Blaenau Gwent East", "Blaenau Gwent West", "Caerphilly North", "Caerphilly East",
         "Caerphilly South", "North Monmouthshire", "South Monmouthshire", "Newport East",
         "Newport West", "Newport North West", "Torfaen North", "Torfaen South"],
    ),
    "Betsi Cadwaladr University Health Board": (
        ["Betsi Cadwaladr UHB", "BCUHB"],
        ["North Denbighshire", "South Denbighshire", "Conwy East", "Conwy West", "Arfon",
         "Dwyfor", "Meirionnydd", "North Anglesey", "South Anglesey", "North East Flintshire",
         "North West Flintshire", "South Flintshire", "North Wrexham", "South Wrexham"],
    ),
    "Cardiff and Vale University Health Board": (
        ["Cardiff and Vale UHB", "Cardiff & Vale UHB", "CVUHB"],
        ["Cardiff South East", "Cardiff South West", "Cardiff North", "Cardiff East",
         "Cardiff West", "City and Cardiff South", "Central Vale", "Eastern Vale", "Western Vale"],
    ),
    "Cwm Taf Morgannwg University Health Board": (
        ["Cwm Taf Morgannwg UHB", "CTMUHB"],
        ["Bridgend East", "Bridgend North", "Bridgend West", "Rhondda", "Taf Ely", "Cynon",
         "Merthyr Tydfil", "North Merthyr"],
    ),
    "Hywel Dda University Health Board": (
        ["Hywel Dda UHB", "HDdUHB"],
        ["North Ceredigion", "South Ceredigion", "Amman Gwendraeth", "Llanelli", "Tywi Taf",
         "North Pembrokeshire", "South Pembrokeshire"],
    ),
    "Powys Teaching Health Board": (
        ["Powys THB", "PTHB", "Powys Teaching HB"],
        ["North Powys", "Mid Powys", "South Powys"],
    ),
    "Swansea Bay University Health Board": (
        ["Swansea Bay UHB", "SBUHB"],
        ["Neath", "Afan", "Upper Valleys", "Bay Health", "City Health", "Cwmtawe", "Llwchwr",
         "Penderi"],
    ),
}

# contract section keys and their Figure I numbers
SECTION_NO = {
    "exec_summary": 1, "plan_on_a_page": 2, "covid_reflections": 3, "imtp_reflections": 4,
    "key_actions": 5, "workforce": 6, "finance": 7, "strategic_alignment": 8, "other": 0,
}
ANNUAL_ORDER = ["exec_summary", "plan_on_a_page", "covid_reflections", "imtp_reflections",
                "key_actions", "workforce", "finance", "strategic_alignment"]

# Figure I titles, exactly as in the template
FIGURE_I = {
    "exec_summary": "Exec Summary",
    "plan_on_a_page": "Annual Plan on a Page for 2021/22",
    "covid_reflections": "Reflections of 2020 Covid-19 service delivery and impact on Cluster "
                         "working and cluster planning",
    "imtp_reflections": "One year in reflections on the 2020/23 Cluster Plan content and ongoing "
                        "relevance to direct future cluster working",
    "key_actions": "Key Cluster Actions for 2021/22",
    "workforce": "Cluster workforce Implications for 2021/22",
    "finance": "Cluster financial implications for 2021/22",
    "strategic_alignment": "Strategic influence / links / alignment with Health Board Annual "
                           "Plan 2021/22",
}

HEADING_VARIANTS = {
    "exec_summary": ["Executive Summary", "Exec Summary", "Summary", "Overview",
                     "Introduction and Executive Summary", "Executive summary"],
    "plan_on_a_page": ["Plan on a Page", "Annual Plan on a Page", "Our Plan on a Page 2021/22",
                       "Cluster Plan at a Glance", "Plan on a Page 2021-22"],
    "covid_reflections": ["Reflections on Covid-19", "Reflections on Covid-19 service delivery in 2020",
                          "Covid-19: Lessons Learned", "Looking back at 2020: impact of the pandemic",
                          "Reflections of 2020 – Covid-19 and cluster working"],
    "imtp_reflections": ["One Year In: Reflections on the 2020-23 Cluster IMTP",
                         "Progress against the 2020/23 Cluster Plan",
                         "Review of the 2020-2023 Cluster IMTP",
                         "Reflections on our three year Cluster Plan"],
    "key_actions": ["Key Actions 2021/22", "Cluster Action Plan 2021/22", "What we will do in 2021/22",
                    "Key cluster actions for 2021-22", "Cluster Priorities and Actions 2021/22"],
    "workforce": ["Workforce implications for 2021/22", "Workforce", "Cluster Workforce Plan",
                  "Workforce Implications"],
    "finance": ["Financial Implications", "Finance", "Cluster Budget and Funding 2021/22",
                "Financial implications for 2021/22"],
    "strategic_alignment": ["Strategic Alignment", "Links with the Health Board Annual Plan and RPB Area Plan",
                            "Strategic Influence and Alignment",
                            "Alignment with the Health Board Annual Plan 2021/22"],
}
MERGED_WF_HEADINGS = ["Workforce and financial implications", "Workforce and Finance",
                      "Workforce and financial implications for 2021/22"]

# the 2020-23 Cluster IMTP template: (heading variants, contract key)
IMTP_SECTIONS = [
    (["Introduction / Cluster Profile", "Introduction and Cluster Profile", "Cluster Profile"], "exec_summary"),
    (["Population Needs Assessment", "Population Health Needs", "Needs Assessment"], "other"),
    (["Cluster Priorities", "Cluster Priorities 2020-23", "Our Priorities"], "other"),
    (["Action Plan 2020-23", "Cluster Action Plan 2020-2023", "Action Plan"], "key_actions"),
    (["Workforce Plan", "Workforce Planning", "Cluster Workforce Plan 2020-23"], "workforce"),
    (["Financial Plan", "Finance and Resources", "Financial Plan 2020-23"], "finance"),
    (["Partnership working and links to the RPB", "Partnership Working and RPB Links",
      "Links to the Regional Partnership Board"], "strategic_alignment"),
]

# Figure II columns: contract field keys in table order
COLUMN_KEYS = ["strategic_alignment_text", "objective", "action", "expected_outcome", "risks",
               "workforce", "finance", "monitoring"]
STANDARD_HEADERS = {
    "strategic_alignment_text": "Strategic Alignment / Priority Area",
    "objective": "Objectives",
    "action": "Planned Action 2021/22",
    "expected_outcome": "Expected Outcome March 22",
    "risks": "Possible Constraints/ Key Risks",
    "workforce": "Workforce Implications",
    "finance": "Financial Implications",
    "monitoring": "Monitoring process",
}
IMTP_HEADER_CHANGES = {"action": "Planned Action 2020-23", "expected_outcome": "Expected Outcome 2023"}
RENAMED_HEADERS = {
    "strategic_alignment_text": ["Priority", "Priority Area", "Area of focus", "Strategic alignment"],
    "objective": ["Aim", "Objective", "Goal", "Why?"],
    "action": ["What we will do", "Action", "Actions 2021/22", "Key activities"],
    "expected_outcome": ["Outcome / Measure", "Expected outcome", "Measure of success", "Impact by March 2022"],
    "risks": ["Risks & Mitigation", "Risks / constraints", "Barriers"],
    "workforce": ["Staffing", "Workforce", "Staff required"],
    "finance": ["Cost (£)", "Funding", "Budget"],
    "monitoring": ["How will we monitor?", "Monitoring / reporting", "How will we know?", "Evaluation"],
}
MERGED_RESOURCE_HEADERS = ["Resource implications (workforce / finance)", "Resources (staff / £)",
                           "Workforce & financial implications"]

PRIORITY_ORDER = ["covid_essential_services", "covid_rehabilitation", "covid_vaccination",
                  "covid_cluster_hub", "ministerial_milestones", "imtp_priority", "wider_alignment"]
COVID_AREAS = set(PRIORITY_ORDER[:4])

# bold band rows of Figure II and the group row wording under them
BANDS = {
    "covid_essential_services": "Covid-19 Resilience 2021/22",
    "covid_rehabilitation": "Covid-19 Resilience 2021/22",
    "covid_vaccination": "Covid-19 Resilience 2021/22",
    "covid_cluster_hub": "Covid-19 Resilience 2021/22",
    "ministerial_milestones": "Ministerial Delivery Milestones 2020/21 relating to the Primary Care Model for Wales",
    "imtp_priority": "2020/23 3 year Cluster IMTP Priority",
    "wider_alignment": "Contract Reform, Health Board IMTP, RPB Area Plans, Strategic Programme, "
                       "Primary Care Model for Wales Priorities not referenced above",
}
STANDARD_GROUP = {
    "covid_essential_services": "Indirect harm: Essential Services",
    "covid_rehabilitation": "Direct harm: Rehabilitation covering the 4 population groups",
    "covid_vaccination": "Cluster vaccination delivery 2021 - Seasonal Flu +/- Covid-19 vaccine",
    "covid_cluster_hub": "Covid-19 Cluster Hub delivery",
    "ministerial_milestones": "Locally determined actions to support delivery of the Milestones across the cluster",
}
PLACEHOLDER = "Locally determined Priority"

TWO_TABLE_CAPTIONS = [
    ("Table 1: Covid-19 resilience actions 2021/22", "Table 2: Cluster IMTP and locally determined priorities"),
    ("Part A – Covid-19 Resilience", "Part B – IMTP priorities and wider alignment"),
    ("Covid-19 resilience table", "IMTP priorities table"),
]

# verbs that may follow "We will" / "The cluster will"
WE_WILL_VERBS = {
    "achieve", "advance", "agree", "align", "appoint", "audit", "build", "carry", "clear", "commission",
    "complete", "continue", "create", "deliver", "design", "develop", "embed", "employ", "engage",
    "ensure", "establish", "evaluate", "expand", "explore", "extend", "fund", "help", "hold", "host",
    "identify", "implement", "improve", "increase", "introduce", "invest", "keep", "launch", "link",
    "maintain", "make", "map", "move", "offer", "pilot", "produce", "promote", "provide", "publish",
    "purchase", "recruit", "reduce", "refresh", "re-establish", "restart", "restore", "review", "roll",
    "run", "scope", "set", "share", "support", "test", "train", "undertake", "update", "upskill", "use",
    "work", "co-ordinate", "coordinate", "chase", "invite", "see", "lead", "record", "report", "prioritise",
    "contact", "call", "refer", "signpost", "adopt", "participate", "take", "join", "nominate", "sign", "receive",
    "release", "access", "check", "monitor", "visit", "phone", "text", "send", "collaborate", "give", "attend",
    "protect", "recover", "tackle", "address", "reinstate", "resume", "enable", "encourage", "strengthen",
}

# used when corpus/bank/non_actions.jsonl is missing or empty
FALLBACK_NARRATIVE = {
    "context": [
        "The cluster brings together eight GP practices, community pharmacies, dental and optometry "
        "practices, community nursing, the local authority and the third sector.",
        "This plan has been developed by the cluster planning group over the autumn of 2020.",
        "The plan should be read alongside the Health Board Annual Plan and the Regional Partnership "
        "Board Area Plan.",
        "Cluster meetings moved online in April 2020 and attendance has been higher than before the pandemic.",
        "The cluster lead and the cluster development manager have coordinated the drafting of this plan.",
    ],
    "population": [
        "The cluster serves a registered population of around 52,000 people.",
        "The proportion of people aged over 75 is higher than the Welsh average and is projected to grow.",
        "Several lower super output areas in the cluster are among the 10% most deprived in Wales.",
        "Rates of COPD and diabetes are above the Health Board average.",
        "A significant part of the cluster is rural and public transport links are limited.",
    ],
    "achievement": [
        "During 2020 all practices moved to a telephone first model within a fortnight.",
        "The cluster Covid-19 hub saw over 1,200 patients between April and August 2020.",
        "Community pharmacies continued to provide the Common Ailments Service throughout the first wave.",
        "The care home support team kept in weekly contact with every care home in the cluster.",
        "Flu vaccination uptake among the over 65s reached its highest level to date.",
    ],
    "reflection": [
        "The pandemic showed how quickly partners can work together when there is a shared purpose.",
        "Remote consultation suited many patients, but some older people found it harder to access care.",
        "Some work planned for 2020/21 was paused as staff were redeployed to the Covid-19 response.",
        "Communication between practices improved through the daily cluster huddles.",
        "The cluster learned that a single point of contact for care homes reduces duplication.",
    ],
    "background": [
        "A Healthier Wales sets out the vision of seamless health and social care services.",
        "The Primary Care Model for Wales places clusters at the centre of local planning.",
        "The 2020/23 Cluster IMTP was submitted in September 2019 and refreshed in 2020.",
        "Welsh Government re-set the national delivery milestones for 2020/21 in September 2020.",
        "The Strategic Programme for Primary Care supports clusters through its national work streams.",
    ],
    "heading": ["Our population", "Our achievements", "What went well", "What we have learned",
                "Background", "Cluster membership"],
}

SECTION_NARRATIVE_KINDS = {
    "exec_summary": ["context", "population", "background"],
    "plan_on_a_page": ["context"],
    "covid_reflections": ["reflection", "achievement"],
    "imtp_reflections": ["achievement", "reflection"],
    "key_actions": ["context"],
    "workforce": ["context", "reflection"],
    "finance": ["context", "background"],
    "strategic_alignment": ["background", "context"],
    "other": ["population", "context", "background"],
}

LINKING = {
    "key_actions": [
        "The table below sets out the key cluster actions for {year}.",
        "Our priorities and the actions we will take to deliver them are summarised below.",
        "The actions below were agreed by the cluster planning group.",
        "Each action has an identified lead and will be reviewed at cluster meetings.",
    ],
    "key_actions_close": [
        "Progress against these actions will be reported to the cluster meeting every quarter.",
        "Each action has an identified lead and will be reviewed at cluster meetings.",
        "The action plan will be refreshed as the Covid-19 position changes.",
    ],
    "workforce": [
        "The workforce implications of the actions in this plan are summarised below.",
        "Recruitment to new roles remains the main risk to delivery.",
    ],
    "finance": [
        "The cluster's financial commitments for {year} are summarised below.",
        "Cluster funding will be reviewed quarterly by the cluster lead and the locality manager.",
    ],
    "strategic_alignment": [
        "The cluster priorities align with the Health Board Annual Plan and the RPB Area Plan.",
        "The cluster will continue to contribute to pan-cluster planning through the Pan Cluster Planning Group.",
    ],
    "plan_on_a_page": ["Our plan on a page summarises the priority areas for {year}."],
}

DOCX_FONTS = ["Arial", "Calibri", "Times New Roman", "Verdana", "Cambria"]
