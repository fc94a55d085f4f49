"""report.html: one self-contained page (inline CSS and SVG, no scripts, no remote
resources) that opens from a shared drive or an e-mail attachment.

Every string that comes from a plan or a run (file names, cluster names, errors,
label ids) goes through html.escape; a Content-Security-Policy meta tag forbids
scripts and remote loads as a second line of defence.
"""
from __future__ import annotations

import html
import math
from pathlib import Path

import pandas as pd

from .common import (ACTION_COLUMNS, NOT_STATED, PLAN_COLUMNS, as_bool, check_columns, label_descriptions, resolve_labels,
                     split_themes, text_of)
from .safe_text import is_missing

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

CSS = """
:root { --ink:#1b1b1b; --muted:#5f6368; --line:#d9dde3; --bar:#2b6cb0; --bg:#ffffff; --soft:#f4f6f9;
        --ok:#2f855a; --partial:#b7791f; --failed:#c53030; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink);
       background: var(--bg); margin: 0; }
header { background: #1f4e79; color: #fff; padding: 18px 32px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; opacity: .85; }
nav { padding: 8px 32px; background: var(--soft); border-bottom: 1px solid var(--line); }
nav a { margin-right: 16px; color: #1f4e79; text-decoration: none; }
main { padding: 8px 32px 40px; max-width: 1400px; }
section { margin: 28px 0; }
h2 { font-size: 18px; border-bottom: 2px solid #1f4e79; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; min-width: 130px; background: var(--soft); }
.card b { display: block; font-size: 22px; }
.card span { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.status-ok { color: var(--ok); font-weight: 600; }
.status-partial { color: var(--partial); font-weight: 600; }
.status-failed { color: var(--failed); font-weight: 600; }
.muted { color: var(--muted); }
.scroll { overflow-x: auto; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink); }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; }
dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; }
footer { color: var(--muted); font-size: 12px; padding: 0 32px 24px; }
"""


def esc(value) -> str:
    return html.escape(text_of(value), quote=True)


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def _share(value) -> str:
    return "–" if is_missing(value) else f"{100 * float(value):.0f}%"


def _money(value) -> str:
    return "–" if is_missing(value) or (isinstance(value, float) and math.isnan(value)) else f"£{float(value):,.0f}"


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] = frozenset(), caption: str = "") -> str:
    """rows hold already-escaped HTML."""
    head = "".join(f'<th{" class=num" if i in numeric else ""} scope="col">{h}</th>' for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f'<td{" class=num" if i in numeric else ""}>{c}</td>' for i, c in enumerate(row))
                   + "</tr>" for row in rows)
    cap = f"<caption class=muted>{caption}</caption>" if caption else ""
    return f'<div class="scroll"><table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


# --------------------------------------------------------------------------- charts

def bar_chart(items: list[tuple[str, float]], title: str, value_label=lambda v: f"{v:g}", max_value=None,
              tooltips: dict[str, str] | None = None) -> str:
    """Horizontal bars, one per (label, value); labels escaped here."""
    label_width = max([len(label) for label, _ in items] + [8]) * 7 + 12
    bar_area, row_h = 420, 22
    height = row_h * len(items) + 10
    width = label_width + bar_area + 70
    top = max_value if max_value is not None else max([v for _, v in items] + [0])
    parts = [f'<svg role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" aria-label="{esc(title)}"><title>{esc(title)}</title>']
    for i, (label, value) in enumerate(items):
        y = 5 + i * row_h
        length = 0 if not top else bar_area * float(value) / float(top)
        tip = (tooltips or {}).get(label, "")
        parts.append(f'<g><title>{esc(label)}{": " + esc(tip) if tip else ""} — {esc(value_label(value))}</title>'
                     f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{esc(label)}</text>'
                     f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row_h - 6}" '
                     f'fill="#2b6cb0" rx="2"/>'
                     f'<text x="{label_width + length + 5:.1f}" y="{y + 15}">{esc(value_label(value))}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _heat_colour(value: float, top: float) -> str:
    if not top or value <= 0:
        return "#f4f6f9"
    t = min(value / top, 1.0)
    start, end = (222, 235, 247), (8, 69, 148)
    r, g, b = (round(s + (e - s) * (0.15 + 0.85 * t)) for s, e in zip(start, end))
    return f"#{r:02x}{g:02x}{b:02x}"


def heat_map(row_labels: list[str], col_labels: list[str], matrix: list[list[float]], title: str) -> str:
    """A grid of coloured cells with their counts; column labels slanted."""
    cell_w, cell_h = 46, 24
    left = max([len(r) for r in row_labels] + [8]) * 7 + 12
    longest = max([len(c) for c in col_labels] + [6]) * 7  # px, before slanting by 45 degrees
    top = round(longest * 0.71) + 20
    width = left + cell_w * len(col_labels) + round(longest * 0.71) + 10
    height = top + cell_h * len(row_labels) + 10
    peak = max([v for row in matrix for v in row] + [0])
    parts = [f'<svg role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" aria-label="{esc(title)}"><title>{esc(title)}</title>']
    for j, label in enumerate(col_labels):
        x = left + j * cell_w + cell_w / 2
        parts.append(f'<text transform="translate({x:.1f},{top - 6}) rotate(-45)">{esc(label)}</text>')
    for i, (label, row) in enumerate(zip(row_labels, matrix)):
        y = top + i * cell_h
        parts.append(f'<text x="{left - 6}" y="{y + 16}" text-anchor="end">{esc(label)}</text>')
        for j, value in enumerate(row):
            x = left + j * cell_w
            colour = _heat_colour(value, peak)
            ink = "#ffffff" if peak and value / peak > 0.55 else ("#1b1b1b" if value else "#9aa0a6")
            parts.append(f'<g><title>{esc(label)} × {esc(col_labels[j])}: {value:g}</title>'
                         f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{colour}"/>'
                         f'<text x="{x + (cell_w - 2) / 2}" y="{y + 16}" text-anchor="middle" '
                         f'style="fill:{ink}">{value:g}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------- sections

def _overview(actions: pd.DataFrame, plans: pd.DataFrame, run_info: dict) -> str:
    status = [text_of(s) for s in plans["status"]]
    n_flagged = sum(as_bool(v) is True for v in actions["needs_review"])
    cards = [("plans read", len(plans)), ("ok", status.count("ok")), ("partial", status.count("partial")),
             ("failed", status.count("failed")), ("actions found", len(actions)),
             ("flagged for review", f"{n_flagged} ({_pct(n_flagged, len(actions))})")]
    out = ['<section id="overview"><h2>Run overview</h2><div class="cards">']
    out += [f"<div class=card><b>{esc(v)}</b><span>{esc(k)}</span></div>" for k, v in cards]
    out.append("</div>")
    meta = [("run", run_info.get("run_id")), ("started", run_info.get("started_at")),
            ("finished", run_info.get("finished_at")), ("pipeline version", run_info.get("pipeline_version")),
            ("model version", run_info.get("model_version")),
            ("taxonomy version", run_info.get("taxonomy_version"))]
    out.append('<dl class="meta">' + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in meta))
    inputs = run_info.get("inputs") or []
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    inputs = [text_of(i) for i in inputs]
    shown = ", ".join(esc(i) for i in inputs[:20]) + (f" and {len(inputs) - 20} more" if len(inputs) > 20 else "")
    out.append(f"<dt>inputs</dt><dd>{shown or '–'}</dd></dl>")
    troubled = plans[plans["status"].map(text_of) != "ok"]
    if len(troubled):
        out.append("<h3>Plans not read in full</h3>")
        rows = [[esc(p.source_file), f'<span class="status-{esc(p.status)}">{esc(p.status)}</span>',
                 esc(p.error) or '<span class="muted">no reason given</span>']
                for p in troubled.itertuples(index=False)]
        out.append(_table(["file", "status", "error"], rows))
    out.append("</section>")
    return "".join(out)


def _priority_section(actions: pd.DataFrame, summaries: dict, labels: dict, descriptions: dict) -> str:
    areas = [text_of(v) for v in actions["priority_area"]]
    known = labels["priority_area"]
    extra = sorted(set(areas) - set(known))
    counts = [(label, areas.count(label)) for label in known + extra]
    confidence = pd.to_numeric(actions["priority_area_confidence"], errors="coerce")
    finance = summaries.get("finance_by_priority_area")
    money = {}
    if finance is not None and len(finance):
        money = {text_of(r.priority_area): r for r in finance.itertuples(index=False)}
    rows = []
    for label, n in counts:
        mask = [a == label for a in areas]
        mean = confidence[mask].mean() if n else float("nan")
        fin = money.get(label)
        rows.append([f"<code>{esc(label)}</code>", esc(descriptions.get(label, "")), str(n), _pct(n, len(areas)),
                     "–" if math.isnan(mean) else f"{mean:.2f}",
                     str(int(fin.n_with_amount)) if fin is not None else "–",
                     _money(fin.total_gbp) if fin is not None else "–"])
    chart = bar_chart(counts, "Actions per priority area", tooltips=descriptions)
    table = _table(["priority area", "meaning", "actions", "share", "mean confidence", "with £", "total £"], rows,
                   numeric={2, 3, 4, 5, 6})
    return f'<section id="priority"><h2>Priority areas</h2>{chart}{table}</section>'


def _matrix(table: pd.DataFrame, key_columns: list[str], value_columns: list[str], row_label) -> tuple:
    rows, matrix = [], []
    for record in table.to_dict("records"):
        rows.append(row_label(record))
        matrix.append([float(record.get(c, 0) or 0) for c in value_columns])
    return rows, matrix


def _milestone_section(summaries: dict, labels: dict) -> str:
    table = summaries.get("milestone_coverage")
    out = ['<section id="milestones"><h2>Milestone coverage</h2>'
           '<p class=muted>Actions per cluster supporting each Ministerial delivery milestone; '
           'an empty cell is a milestone a cluster\'s plan does not address.</p>']
    if table is None or not len(table):
        out.append("<p>No actions.</p></section>")
        return "".join(out)
    columns = [c for c in table.columns if c not in ("health_board", "cluster", "n_actions")]
    rows, matrix = _matrix(table, ["health_board", "cluster"], columns,
                           lambda r: text_of(r["cluster"]) if text_of(r["health_board"]) == NOT_STATED
                           else f"{text_of(r['cluster'])} ({text_of(r['health_board'])})")
    out.append('<div class="scroll">' + heat_map(rows, columns, matrix, "Milestone coverage by cluster") + "</div>")
    gaps = [(rows[i], [c for c, v in zip(columns, m) if not v and c != "none"]) for i, m in enumerate(matrix)]
    gaps = [(r, g) for r, g in gaps if g]
    if gaps:
        out.append("<h3>Milestones with no action</h3>")
        out.append(_table(["cluster", "milestones not addressed"],
                          [[esc(r), ", ".join(f"<code>{esc(x)}</code>" for x in g)] for r, g in gaps]))
    out.append("</section>")
    return "".join(out)


def _themes_section(actions: pd.DataFrame, summaries: dict, labels: dict, descriptions: dict) -> str:
    out = ['<section id="themes"><h2>Themes by health board</h2>']
    all_themes = [t for v in actions["themes"] for t in split_themes(v)]
    known = labels["themes"]
    counts = [(t, all_themes.count(t)) for t in known + sorted(set(all_themes) - set(known))]
    out.append("<h3>All plans</h3>" + bar_chart(counts, "Actions per theme", tooltips=descriptions))
    table = summaries.get("themes_by_health_board")
    if table is not None and len(table):
        columns = [c for c in table.columns if c not in ("health_board", "n_actions", "n_without_theme")]
        rows, matrix = _matrix(table, ["health_board"], columns,
                               lambda r: f"{text_of(r['health_board'])} ({int(r['n_actions'])})")
        out.append("<h3>By health board</h3><div class=scroll>"
                   + heat_map(rows, columns, matrix, "Themes by health board") + "</div>")
    out.append("</section>")
    return "".join(out)


def _smart_section(actions: pd.DataFrame, summaries: dict) -> str:
    n = len(actions)
    measurable = [as_bool(v) is True for v in actions["measurable"]]
    time_bound = [as_bool(v) is True for v in actions["time_bound"]]
    due = [bool(text_of(v).strip()) for v in actions["due_date"]]
    amount = [not is_missing(v) and text_of(v) != "" for v in actions["amount_gbp"]]
    all_four = [all(x) for x in zip(measurable, time_bound, due, amount)]
    items = [("measurable", sum(measurable)), ("time-bound", sum(time_bound)), ("with a due date", sum(due)),
             ("with an amount (£)", sum(amount)), ("all four", sum(all_four))]
    shares = [(label, (value / n) if n else 0.0) for label, value in items]
    out = ['<section id="smart"><h2>SMART completeness</h2>'
           '<p class=muted>Share of actions stating a number or target (measurable), a calendar deadline '
           '(time-bound), a due date we could read, and a sterling amount.</p>',
           bar_chart(shares, "Share of actions", value_label=lambda v: f"{100 * v:.0f}%", max_value=1.0)]
    table = summaries.get("smart_completeness_by_cluster")
    if table is not None and len(table):
        rows = [[esc(r["health_board"]), esc(r["cluster"]), str(int(r["n_actions"])),
                 _share(r["share_measurable"]), _share(r["share_time_bound"]), _share(r["share_due_date"]),
                 _share(r["share_amount_gbp"]), _share(r["share_all_four"])] for r in table.to_dict("records")]
        out.append(_table(["health board", "cluster", "actions", "measurable", "time-bound", "due date", "amount",
                           "all four"], rows, numeric={2, 3, 4, 5, 6, 7}))
    out.append("</section>")
    return "".join(out)


def _plans_section(plans: pd.DataFrame, summaries: dict, sections: pd.DataFrame) -> str:
    review = summaries.get("needs_review_by_plan")
    flagged = {}
    if review is not None and len(review):
        flagged = {text_of(r["plan_id"]): r for r in review.to_dict("records")}
    found = {}
    if sections is not None and len(sections) and "plan_id" in sections.columns:
        for plan_id, key in zip(sections["plan_id"], sections.get("section_key", [])):
            found.setdefault(text_of(plan_id), []).append(text_of(key))
    rows = []
    for p in plans.to_dict("records"):
        plan_id = text_of(p["plan_id"])
        r = flagged.get(plan_id, {})
        keys = found.get(plan_id, [])
        rows.append([esc(p["source_file"]), f'<span class="status-{esc(p["status"])}">{esc(p["status"])}</span>',
                     esc(p["template"]), esc(p["health_board"]), esc(p["cluster"]), esc(p["plan_year"]),
                     esc(p["n_pages"]), esc(p["n_sections"]),
                     esc(p["n_actions"]) or esc(r.get("n_actions", "")),
                     esc(r.get("n_needs_review", "")),
                     esc(", ".join(dict.fromkeys(k for k in keys if k and k != "other"))),
                     esc(p["error"])])
    table = _table(["file", "status", "template", "health board", "cluster", "year", "pages", "sections",
                    "actions", "flagged", "sections found", "error"], rows, numeric={6, 7, 8, 9})
    return f'<section id="plans"><h2>Plans</h2>{table}</section>'


def write_report(actions: pd.DataFrame, plans: pd.DataFrame, sections: pd.DataFrame, summaries: dict | None,
                 path, run_info: dict, labels: dict | None) -> Path:
    """Write report.html and return its path."""
    labels = resolve_labels(labels)
    actions = check_columns(actions, ACTION_COLUMNS, "actions")
    plans = check_columns(plans, PLAN_COLUMNS, "plans")
    if summaries is None:
        from .tables import summary_tables

        summaries = summary_tables(actions, plans, labels)
    descriptions = label_descriptions()
    title = "Cluster plan actions — run report"
    body = [
        _overview(actions, plans, run_info),
        _priority_section(actions, summaries, labels, descriptions.get("priority_area", {})),
        _milestone_section(summaries, labels),
        _themes_section(actions, summaries, labels, descriptions.get("themes", {})),
        _smart_section(actions, summaries),
        _plans_section(plans, summaries, sections),
    ]
    nav = "".join(f'<a href="#{anchor}">{name}</a>' for anchor, name in (
        ("overview", "Overview"), ("priority", "Priority areas"), ("milestones", "Milestones"),
        ("themes", "Themes"), ("smart", "SMART"), ("plans", "Plans")))
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{esc(title)}</h1><p>Run {esc(run_info.get('run_id'))} · "
        f"{esc(run_info.get('finished_at'))}</p></header><nav>{nav}</nav><main>"
        + "".join(body)
        + "</main><footer>Written by plans "
        f"{esc(run_info.get('pipeline_version'))} (model {esc(run_info.get('model_version'))}, taxonomy "
        f"{esc(run_info.get('taxonomy_version'))}). Labels are model output: see actions.xlsx to review them."
        "</footer></body></html>\n"
    )
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path


__all__ = ["write_report", "bar_chart", "heat_map"]
