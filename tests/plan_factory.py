"""Small Figure II plans built in code, for unit tests of the readers and extractors."""
from __future__ import annotations

from pathlib import Path

HEADER = ["Strategic Alignment / Priority Area", "Objectives", "Planned Action 2021/22", "Expected Outcome March 22",
          "Possible Constraints/ Key Risks", "Workforce Implications", "Financial Implications", "Monitoring process"]
ROWS = [
    ("group", "Covid-19 Resilience 2021/22"),
    ("group", "Indirect harm: Essential Services"),
    ("row", ["", "Restore chronic disease reviews",
             "Recall all patients with diabetes overdue an HbA1c check by end of Q3 2021/22",
             "90% of overdue reviews completed", "Staff capacity", "0.5 WTE HCSW", "£12.5k", "Monthly QAIF dashboard"]),
    ("row", ["", "", "Offer cervical screening catch-up clinics on Saturdays",
             "All eligible women offered an appointment by March 2022", "", "Practice nurses", "£10k + £5k",
             "Screening uptake"]),
    ("group", "2020/23 3 year Cluster IMTP Priority"),
    ("group", "Frailty"),
    ("row", ["", "Keep people well at home", "Develop a cluster frailty MDT with the community resource team",
             "Fewer admissions from care homes", "Recruitment", "ANP", "Within existing resources", "Quarterly report"]),
    ("group", "Locally determined Priority"),
]
ACTIONS = [r[1][2] for r in ROWS if r[0] == "row"]


def write_docx(path: Path, rows=ROWS, prose: bool = False) -> Path:
    import docx

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "North Ceredigion Cluster"
    d.add_paragraph("Hywel Dda University Health Board")
    d.add_paragraph("North Ceredigion Cluster Annual Plan 2021/22")
    d.add_heading("1. Executive Summary", 1)
    d.add_paragraph("The cluster serves a population of 29,000 people across six practices.")
    d.add_heading("3. Reflections of 2020 Covid-19 service delivery", 1)
    d.add_paragraph("Staff adapted quickly to remote consultation during 2020.")
    d.add_heading("5. Key Cluster Actions for 2021/22", 1)
    if prose:
        d.add_heading("Frailty", 2)
        d.add_paragraph("We will develop a cluster frailty MDT with the community resource team by March 2022.")
        d.add_paragraph("The cluster has 14% of its population aged over 75.")
        d.add_paragraph("Recruit a cluster pharmacist to lead medication reviews in care homes.", style="List Bullet")
    else:
        table = d.add_table(rows=1, cols=8)
        for cell, text in zip(table.rows[0].cells, HEADER):
            cell.text = text
        for kind, value in rows:
            row = table.add_row()
            if kind == "group":
                merged = row.cells[0].merge(row.cells[7])
                merged.text = value
            else:
                for cell, text in zip(row.cells, value):
                    cell.text = text
    d.add_heading("6. Cluster workforce Implications for 2021/22", 1)
    d.add_paragraph("Workforce pressures remain high across the cluster.")
    d.save(path)
    return path


def write_pdf(path: Path, rows=ROWS, repeat_pages: int = 1, ruled: bool = True, repeat_header: bool = True,
              padding: float | None = None) -> Path:
    """ruled=False draws the table with white space only; padding sets each cell's top and bottom padding."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    cell = styles["BodyText"]
    story = [Paragraph("Hywel Dda University Health Board", styles["Normal"]),
             Paragraph("North Ceredigion Cluster Annual Plan 2021/22", styles["Title"]),
             Paragraph("1. Executive Summary", styles["Heading1"]),
             Paragraph("The cluster serves a population of 29,000 people across six practices.", styles["Normal"]),
             PageBreak(),
             Paragraph("5. Key Cluster Actions for 2021/22", styles["Heading1"])]
    data = [[Paragraph(h, cell) for h in HEADER]]
    spans = []
    for _ in range(repeat_pages):
        for kind, value in rows:
            if kind == "group":
                spans.append(len(data))
                data.append([Paragraph(value, cell)] + [""] * 7)
            else:
                data.append([Paragraph(v, cell) for v in value])
    table = Table(data, repeatRows=1 if repeat_header else 0)
    style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    if padding is not None:
        style += [("TOPPADDING", (0, 0), (-1, -1), padding), ("BOTTOMPADDING", (0, 0), (-1, -1), padding)]
    style += [("SPAN", (0, r), (-1, r)) for r in spans]
    table.setStyle(TableStyle(style))
    story.append(table)
    story.append(Paragraph("6. Cluster workforce Implications for 2021/22", styles["Heading1"]))
    story.append(Paragraph("Workforce pressures remain high across the cluster.", styles["Normal"]))

    def footer(canvas, doc):
        canvas.drawString(40, 20, f"Page {doc.page}")
        canvas.drawString(40, landscape(A4)[1] - 20, "North Ceredigion Cluster Annual Plan")

    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story, onFirstPage=footer, onLaterPages=footer)
    return path
