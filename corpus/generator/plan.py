"""Build an abstract Plan from the bank: metadata, sections, narrative, actions."""
from __future__ import annotations

import random
import re

from . import vocab as V
from .bank import Bank
from .layouts import ordered, resolve
from .names import localise, safe_subheading
from .model import (ActionItem, ActionTable, Bullets, Para, Plan, ProseList, Section, SmallTable,
                    Style, TRow, norm_ws)
from .prose import prose_item

MONEY_FIELDS_OUTSIDE = ("risks", "workforce", "finance", "monitoring")
COL_WIDTH = {"strategic_alignment_text": 1.15, "objective": 1.3, "action": 2.0, "expected_outcome": 1.4,
             "risks": 1.15, "workforce": 1.0, "finance": 0.95, "monitoring": 1.05, "resources": 1.5}
TEXT_KEYS = ("alignment_text", "objective", "action", "expected_outcome", "risks", "workforce", "finance",
             "monitoring")
SENTENCE_SPLIT = re.compile(r"(?<=[.;])\s+(?=[A-Z(])")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower().encode("ascii", "ignore").decode()).strip("_")


def build_plan(rng: random.Random, bank: Bank, producer: str, name: str, layouts=None,
               exact: bool = False, n_actions: int | None = None) -> Plan:
    L = resolve(rng, layouts, exact=exact)
    fmt = "docx" if producer == "python-docx" else "pdf"
    word = producer in ("python-docx", "libreoffice")
    imtp = "imtp_template" in L
    plan_year = "2020/23" if imtp else "2021/22"
    year_text = rng.choice(["2020-23", "2020/23", "2020-2023"]) if imtp else rng.choice(["2021/22", "2021-22"])
    board = rng.choice(sorted(V.HEALTH_BOARDS))
    shorts, clusters = V.HEALTH_BOARDS[board]
    cluster = rng.choice(clusters)
    board_text = rng.choice([board, board, *shorts])

    style = Style(
        font=rng.randrange(5), body_size=rng.choice([9.5, 10, 10.5, 11]),
        table_size=rng.choice([7.5, 8, 8.5]), heading_size=rng.choice([13, 14, 15, 16]),
        heading_mode="bold" if ("heading_variants" in L and rng.random() < 0.5) else "style",
        header_fill=rng.choice(["#D9E2F3", "#DEEAF6", "#E2EFD9", "#D9D9D9", "#FBE4D5", "#1F3864"]),
        band_fill=rng.choice(["#F2F2F2", "#D6DCE4", "#FFF2CC", "#E7E6E6"]),
        margin_cm=rng.choice([1.8, 2.0, 2.54]),
    )

    # ---- actions -------------------------------------------------------
    if n_actions is None:
        n_actions = rng.randint(8, 40)
    if "multipage_table" in L:
        n_actions = max(n_actions, 18)
    fewer = None
    if "fewer_columns" in L:
        fewer = rng.choice(["merge_resources", "no_risks", "both"])
    prose = "prose_actions" in L
    records = _select(rng, bank, n_actions, two_sides="two_tables" in L,
                      no_money_in=(MONEY_FIELDS_OUTSIDE if prose else
                                   ("risks",) if fewer in ("no_risks", "both") else ()))

    # the bank's words, with other boards' and clusters' names made this plan's own
    records = [dict(r, **{k: localise(r[k], board, cluster) for k in TEXT_KEYS}) for r in records]

    # ---- sections ------------------------------------------------------
    sections, variant = _sections(rng, L, imtp)
    for sec in sections:
        if sec.key == "key_actions":
            sec.landscape = "landscape" in L
    ctx = dict(cluster=cluster, board=board, board_text=board_text, year=year_text, L=L, imtp=imtp)
    group_mode = rng.choice(["own", "standard", "area"]) if not prose else rng.choice(["own", "own", "area"])
    groups = _group(records, group_mode)
    used: set = set()
    for sec in sections:
        sec.blocks = _narrative(rng, bank, sec.key, used, ctx, first=sec is sections[0])
        if sec.key == "key_actions":
            if prose:
                sec.blocks += _prose_blocks(rng, groups)
            else:
                sec.blocks += _tables(rng, L, groups, group_mode, fewer, word, imtp, ctx)
            if rng.random() < 0.4:
                sec.blocks.append(Para(rng.choice(V.LINKING["key_actions_close"])))
        elif sec.key == "plan_on_a_page" or (sec.key == "other" and "riorit" in sec.heading):
            sec.blocks.append(Bullets([text for text, _ in groups][:10]))
        elif sec.key == "workforce" and rng.random() < 0.4:
            rows = [[t, r["workforce"]] for t, recs in groups for r in recs[:1] if r["workforce"]]
            if rows:
                sec.blocks.append(SmallTable(["Priority area", "Workforce implication"], rows[:5]))
        elif sec.key == "finance" and rng.random() < 0.4:
            rows = [[t, r["finance"]] for t, recs in groups for r in recs[:1] if "£" in r["finance"]]
            if rows:
                sec.blocks.append(SmallTable(["Scheme", "Cost and funding source"], rows[:5]))
    for sec in sections:
        for item in _items(sec):
            item.section_key, item.section_no = sec.key, sec.section_no

    # ---- title, cover, running text ------------------------------------
    plan_title = rng.choice(["Primary Care Cluster IMTP 2020-2023", "Cluster Integrated Medium Term Plan 2020-23",
                             "Cluster IMTP 2020/23"] if imtp else
                            ["Cluster Annual Plan 2021/22", "Primary Care Cluster Annual Plan 2021-2022",
                             "Cluster Annual Delivery Plan 2021/22"])
    cover_lines, title_lines = [], []
    if "cover_page" in L:
        cover_lines = [(f"{cluster} Cluster", "title"), (plan_title, "subtitle"), (board, "board"),
                       (rng.choice(["Final version – January 2021", "Version 1.2, January 2021",
                                    "Submitted to Welsh Government, January 2021"]), "small")]
    elif "metadata_in_text" in L:
        if rng.random() < 0.7:
            title_lines = [(plan_title, "title")]
    else:
        title_lines = [(f"{cluster} Cluster {plan_title}", "title"), (board, "board")]
    header_text = None
    if "headers_footers" in L:
        header_text = rng.choice([f"{cluster} Cluster – {plan_title}", f"{cluster} Cluster | {plan_title}",
                                  f"{plan_title} – {cluster} Cluster"])
        if "metadata_in_text" in L and rng.random() < 0.6:
            header_text = f"{cluster} Cluster | {board_text}"
    toc = "toc" in L
    layouts_out = ordered(L)
    return Plan(name=name, producer=producer, fmt=fmt, template="imtp_2020_23" if imtp else "annual_2021_22",
                health_board=board, cluster=cluster, plan_year=plan_year, layouts=layouts_out, style=style,
                cover_lines=cover_lines, title_lines=title_lines, toc=toc, header_text=header_text,
                footer="headers_footers" in L, sections=sections, section_variant=variant)


# ---------------------------------------------------------------- selection
def _select(rng, bank: Bank, n: int, two_sides: bool, no_money_in=()) -> list[dict]:
    pool = [r for r in bank.actions if not any("£" in r.get(k, "") for k in no_money_in)]
    if not pool:
        raise ValueError("the bank has no usable action records")
    areas = sorted({r["priority_area"] for r in pool}, key=V.PRIORITY_ORDER.index)
    # most plans leave out an area or two
    keep = set(areas)
    for area in rng.sample(areas, k=min(len(areas) - 1, rng.choice([0, 0, 1, 2]))):
        keep.discard(area)
    if two_sides:
        keep |= {a for a in areas if a in V.COVID_AREAS}
        keep |= {a for a in areas if a not in V.COVID_AREAS}
    candidates = [r for r in pool if r["priority_area"] in keep]
    rng.shuffle(candidates)
    chosen, groups = [], set()
    if two_sides:  # at least two actions on each side of the split
        for side in (True, False):
            side_recs = [r for r in candidates if (r["priority_area"] in V.COVID_AREAS) == side]
            for r in side_recs[:2]:
                if r["group"] not in groups:
                    chosen.append(r)
                    groups.add(r["group"])
    for r in candidates:
        if len(chosen) >= n:
            break
        if r["group"] in groups:
            continue
        chosen.append(r)
        groups.add(r["group"])
    return chosen


def _group_text(rec: dict, mode: str) -> str:
    area = rec["priority_area"]
    if mode == "own" and rec["alignment_text"]:
        return rec["alignment_text"]
    if mode in ("own", "standard"):
        return V.STANDARD_GROUP.get(area) or rec["alignment_text"] or V.BANDS[area]
    return V.STANDARD_GROUP.get(area) or V.BANDS[area]


def _group(records: list[dict], mode: str) -> list[tuple[str, list[dict]]]:
    """[(group text, records)] in Figure II order; records keep their random order."""
    out: dict[tuple, tuple[str, list]] = {}
    for rec in sorted(records, key=lambda r: V.PRIORITY_ORDER.index(r["priority_area"])):
        text = _group_text(rec, mode)
        key = (rec["priority_area"], norm_ws(text).casefold())
        out.setdefault(key, (text, []))[1].append(rec)
    return list(out.values())


# ---------------------------------------------------------------- sections
def _numbering(rng) -> str:
    return rng.choice(["{n}. ", "{n} ", "Section {n} – ", "Section {n}: ", "", "{n}. "])


def _sections(rng, L: set, imtp: bool) -> tuple[list[Section], str | None]:
    variants = "heading_variants" in L
    if imtp:
        spec = [(rng.choice(names) if variants else names[0], key) for names, key in V.IMTP_SECTIONS]
    else:
        spec = [((rng.choice(V.HEADING_VARIANTS[k] + [V.FIGURE_I[k]]) if variants else V.FIGURE_I[k]), k)
                for k in V.ANNUAL_ORDER]
    variant = None
    if rng.random() < (0.35 if variants else 0.1):
        variant = rng.choice(["omit", "reorder", "merge"])
        keys = [k for _, k in spec]
        if variant == "omit":
            optional = [k for k in ("plan_on_a_page", "imtp_reflections", "strategic_alignment", "other") if k in keys]
            drop = rng.choice(optional)
            spec = [s for s in spec if s[1] != drop]
            variant = f"omit:{drop}"
        elif variant == "reorder":
            i, j = keys.index("workforce"), keys.index("finance")
            spec[i], spec[j] = spec[j], spec[i]
            if rng.random() < 0.5 and "strategic_alignment" in keys:  # alignment before the actions
                sa = spec.pop([k for _, k in spec].index("strategic_alignment"))
                spec.insert([k for _, k in spec].index("key_actions"), sa)
            variant = "reorder"
        else:
            i = keys.index("workforce")
            spec[i] = (rng.choice(V.MERGED_WF_HEADINGS), "workforce")
            spec = [s for s in spec if s[1] != "finance"]
            variant = "merge:workforce+finance"
    fmt = _numbering(rng) if variants else "{n}. "
    upper = variants and rng.random() < 0.15
    sections = []
    for n, (text, key) in enumerate(spec, 1):
        heading = fmt.format(n=n) + (text.upper() if upper else text)
        merged = ["workforce", "finance"] if variant and variant.startswith("merge") and key == "workforce" else None
        sections.append(Section(key=key, section_no=V.SECTION_NO[key], heading=heading,
                                number_in_plan=n if "{n}" in fmt else None, merged_keys=merged))
    return sections, variant


def _narrative(rng, bank: Bank, key: str, used: set, ctx: dict, first: bool) -> list:
    blocks = []
    if first:
        if "metadata_in_text" in ctx["L"] or rng.random() < 0.5:
            kind = "IMTP" if ctx["imtp"] else "Annual Plan"
            blocks.append(Para(rng.choice([
                f"This {kind} sets out the priorities of the {ctx['cluster']} Cluster in "
                f"{ctx['board_text']} for {ctx['year']}.",
                f"The {ctx['cluster']} Cluster is one of the primary care clusters of {ctx['board_text']}.",
                f"Welcome to the {ctx['cluster']} Cluster plan for {ctx['year']}, prepared with "
                f"{ctx['board_text']} and our partners.",
            ])))
    kinds = V.SECTION_NARRATIVE_KINDS.get(key, ["context"])
    if key in V.LINKING and key != "key_actions" and rng.random() < 0.6:
        blocks.append(Para(rng.choice(V.LINKING[key]).format(year=ctx["year"])))
    n_paras = {"key_actions": rng.randint(0, 1), "plan_on_a_page": 1}.get(key, rng.randint(1, 3))
    for _ in range(n_paras):
        if rng.random() < 0.15:
            head = _take(rng, bank, ["heading"], used, ctx)
            if head:
                blocks.append(Para(head, kind="subheading"))
        sentences = [s for s in (_take(rng, bank, kinds, used, ctx) for _ in range(rng.randint(1, 3))) if s]
        if sentences:
            blocks.append(Para(" ".join(sentences)))
    if key in ("covid_reflections", "imtp_reflections") and rng.random() < 0.4:
        items = [s for s in (_take(rng, bank, ["achievement", "reflection"], used, ctx) for _ in range(3)) if s]
        if items:
            blocks.append(Bullets(items))
    if key == "key_actions":
        options = V.LINKING["key_actions"][1:2] if "prose_actions" in ctx["L"] else V.LINKING["key_actions"][:2]
        blocks.append(Para(rng.choice(options).format(year=ctx["year"]), kind="linking"))
    return blocks


def _take(rng, bank: Bank, kinds: list, used: set, ctx: dict) -> str | None:
    options = [r for k in kinds for r in bank.narrative(k) if r["id"] not in used]
    if kinds == ["heading"]:
        options = [r for r in options if safe_subheading(norm_ws(r["text"]))]
    if not options:
        options = [r for r in bank.non_actions if r.get("kind") != "heading" and r["id"] not in used]
        if "heading" in kinds:
            return None
    if not options:
        return None
    rec = rng.choice(options)
    used.add(rec["id"])
    return localise(norm_ws(rec["text"]), ctx["board"], ctx["cluster"])


# ---------------------------------------------------------------- tables
def _headers(rng, keys: list, L: set, imtp: bool) -> list[str]:
    out = []
    renamed = {k: rng.choice(v) for k, v in V.RENAMED_HEADERS.items()}
    for k in keys:
        if k == "resources":
            out.append(rng.choice(V.MERGED_RESOURCE_HEADERS))
        elif "renamed_headers" in L:
            out.append(renamed[k])
        else:
            out.append((V.IMTP_HEADER_CHANGES.get(k) if imtp else None) or V.STANDARD_HEADERS[k])
    return out


def _multiline(rng, text: str) -> str:
    if not text or "\n" in text or rng.random() < 0.3:
        return text
    parts = [p.strip() for p in SENTENCE_SPLIT.split(text) if p.strip()]
    if len(parts) < 2 and "(" not in text:
        parts = [p.strip() for p in text.split("; ") if p.strip()]
    if len(parts) < 2:
        return text
    bullet = rng.choice(["• ", "- ", ""])
    return "\n".join(bullet + p for p in parts)


def _tables(rng, L: set, groups, group_mode: str, fewer: str | None, word: bool, imtp: bool, ctx) -> list:
    keys = list(V.COLUMN_KEYS)
    if fewer in ("merge_resources", "both"):
        i = keys.index("workforce")
        keys[i:i + 2] = ["resources"]
    if fewer in ("no_risks", "both"):
        keys.remove("risks")
    style = ("alignment" if "alignment_column" in L else
             "first_col" if "group_rows_first_col" in L else "merged")
    if style == "merged" and "standard_8col" not in L and rng.random() < 0.5:
        keys.remove("strategic_alignment_text")
    headers = _headers(rng, keys, L, imtp)
    widths = [COL_WIDTH[k] for k in keys]
    bands = style != "alignment" and group_mode != "area" and rng.random() < (0.8 if group_mode == "standard" else 0.3)
    own_cell = style == "merged" and "strategic_alignment_text" in keys and group_mode != "own" and rng.random() < 0.5
    multiline = "multiline_cells" in L
    placeholders = "placeholder_rows" in L
    vmerge = style == "alignment" and word and rng.random() < 0.7

    by_area: dict[str, list] = {}
    for text, recs in groups:
        by_area.setdefault(recs[0]["priority_area"], []).append((text, recs))
    if "two_tables" in L:
        parts = [[a for a in V.PRIORITY_ORDER if a in V.COVID_AREAS],
                 [a for a in V.PRIORITY_ORDER if a not in V.COVID_AREAS]]
        captions = rng.choice(V.TWO_TABLE_CAPTIONS)
    else:
        parts, captions = [V.PRIORITY_ORDER], None

    blocks = []
    for t_no, areas in enumerate(parts):
        rows: list[TRow] = []
        last_band = None
        for area in areas:
            area_groups = by_area.get(area, [])
            extra = []
            if placeholders:
                if area in ("imtp_priority", "wider_alignment"):
                    extra = [V.PLACEHOLDER] * rng.randint(1, 2)
                elif not area_groups and area in V.STANDARD_GROUP:
                    extra = [V.STANDARD_GROUP[area]]
            if not area_groups and not extra:
                continue
            if bands and V.BANDS[area] != last_band:
                rows.append(TRow("band", [V.BANDS[area]]))
                last_band = V.BANDS[area]
            for text, recs in area_groups:
                if style != "alignment":
                    rows.append(TRow("group", [text]))
                for rec in recs:
                    rows.append(_action_row(rng, rec, keys, text, style, own_cell, multiline, t_no))
            for text in extra:
                rows.append(TRow("placeholder", [text] + [""] * (len(keys) - 1)))
        if not any(r.item for r in rows):
            continue
        if vmerge:
            _vertical_merges(rows)
        if captions:
            blocks.append(Para(captions[t_no], kind="caption"))
        blocks.append(ActionTable(keys=keys, headers=headers, widths=widths, rows=rows,
                                  merged_groups=style == "merged", table_no=t_no))
        if captions and t_no == 0:
            blocks.append(Para(rng.choice(V.LINKING["key_actions_close"])))
    return blocks


def _action_row(rng, rec, keys, group_text, style, own_cell, multiline, t_no) -> TRow:
    cells = []
    for k in keys:
        if k == "strategic_alignment_text":
            text = group_text if style == "alignment" else (rec["alignment_text"] if own_cell else "")
        elif k == "resources":
            parts = [p for p in (rec["workforce"], rec["finance"]) if p]
            text = ("\n" if multiline or rng.random() < 0.5 else "; ").join(parts)
        else:
            text = rec[k]
            if multiline and k in ("objective", "action", "expected_outcome", "risks", "workforce", "monitoring"):
                text = _multiline(rng, text)
        cells.append(text)
    fields = {k: "" for k in V.COLUMN_KEYS}
    for k, text in zip(keys, cells):
        fields["workforce" if k == "resources" else k] = norm_ws(text)
    fields["strategic_alignment_text"] = fields["strategic_alignment_text"] or norm_ws(group_text)
    item = ActionItem(record=rec, source_kind="table", fields=fields,
                      locate=cells[keys.index("action")], table_no=t_no)
    return TRow("action", cells, item=item)


def _vertical_merges(rows: list[TRow]) -> None:
    i = 0
    while i < len(rows):
        j = i + 1
        while (j < len(rows) and rows[i].kind == rows[j].kind == "action"
               and rows[j].cells[0] == rows[i].cells[0]):
            j += 1
        if j - i > 1:
            rows[i].vspan = j - i
            for r in rows[i + 1:j]:
                r.vspan = 0
        i = j


# ---------------------------------------------------------------- prose
def _prose_blocks(rng, groups) -> list:
    blocks = []
    plan_style = rng.choice(["numbered", "bulleted", "paragraphs"])
    literal = rng.random() < 0.5
    for text, recs in groups:
        blocks.append(Para(text, kind="subheading"))
        style = plan_style if rng.random() < 0.75 else rng.choice(["numbered", "bulleted", "paragraphs"])
        items = []
        for i, rec in enumerate(recs, 1):
            body, cells = prose_item(rng, rec, will_form=style == "paragraphs" or rng.random() < 0.5)
            fields = {k: "" for k in V.COLUMN_KEYS}
            fields.update({k: norm_ws(v) for k, v in cells.items()})
            fields["strategic_alignment_text"] = norm_ws(text)
            items.append((body, ActionItem(record=rec, source_kind="text", fields=fields, locate=body)))
        blocks.append(ProseList(items=items, style=style, literal=literal))
    return blocks


def _items(sec: Section) -> list[ActionItem]:
    out = []
    for block in sec.blocks:
        if isinstance(block, ActionTable):
            out += [r.item for r in block.rows if r.item]
        elif isinstance(block, ProseList):
            out += [item for _, item in block.items]
    return out
