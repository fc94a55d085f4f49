"""Label counts of the corpus bank, per split and in total, as Markdown tables.

Run from the project root:

    python corpus/stats.py

Splits come from corpus/splits/{train,dev,test}.txt (regenerate them with
`python -c "from pipeline.labels.data import write_splits; print(write_splits())"`).
Records missing from every split file are counted under `unsplit`, a column
that only appears when there are such records.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.labels.data import load_bank_actions, load_non_actions, read_splits  # noqa: E402

SPLITS = ["train", "dev", "test"]
MIN_EXAMPLES = 25  # every label should have at least this many examples in total

# label order of the 2021/22 contract; labels found in the data but not listed
# here (e.g. a new cycle) are appended in alphabetical order
PRIORITY_AREAS = ["covid_essential_services", "covid_rehabilitation", "covid_vaccination",
                  "covid_cluster_hub", "ministerial_milestones", "imtp_priority", "wider_alignment"]
MILESTONES = ["essential_services", "outbreak_response", "care_homes", "rehabilitation",
              "step_up_step_down", "urgent_primary_care", "none"]
THEMES = ["access_urgent_care", "mental_wellbeing", "prevention_wellbeing", "long_term_conditions",
          "older_people_care_homes", "children_families", "community_services_rehab", "workforce",
          "digital_data", "cluster_development", "engagement_communication", "inequalities_social",
          "medicines_pharmacy", "covid_response"]
KINDS = ["context", "population", "achievement", "heading", "reflection", "background"]


def _ordered(known: list[str], seen) -> list[str]:
    return known + sorted(set(seen) - set(known))


def _columns(records: list[dict], splits: dict[str, str]) -> list[str]:
    cols = list(SPLITS)
    if any(r["id"] not in splits for r in records):
        cols.append("unsplit")
    return cols


def _split_of(record: dict, splits: dict[str, str]) -> str:
    return splits.get(record["id"], "unsplit")


def _table(title: str, rows: list[tuple[str, Counter]], cols: list[str], flag_short: bool = True) -> str:
    head = f"| {title} | " + " | ".join(cols) + " | total |"
    rule = "| --- | " + " | ".join("---:" for _ in cols) + " | ---: |"
    lines = [head, rule]
    for label, counter in rows:
        total = sum(counter[c] for c in cols)
        mark = " (< %d)" % MIN_EXAMPLES if flag_short and total < MIN_EXAMPLES else ""
        lines.append(f"| `{label}` | " + " | ".join(str(counter[c]) for c in cols) + f" | {total}{mark} |")
    return "\n".join(lines)


def _count(records, splits, predicate) -> Counter:
    counter = Counter()
    for r in records:
        if predicate(r):
            counter[_split_of(r, splits)] += 1
    return counter


def action_tables(actions: list[dict], splits: dict[str, str]) -> list[str]:
    cols = _columns(actions, splits)
    out = []
    out.append("### Actions per split\n\n" + _table(
        "records", [("actions", _count(actions, splits, lambda r: True))], cols, flag_short=False))

    areas = _ordered(PRIORITY_AREAS, (r.get("priority_area") for r in actions))
    out.append("### priority_area\n\n" + _table(
        "priority_area", [(a, _count(actions, splits, lambda r, a=a: r.get("priority_area") == a)) for a in areas], cols))

    milestones = _ordered(MILESTONES, (r.get("milestone") for r in actions))
    out.append("### milestone\n\n" + _table(
        "milestone", [(m, _count(actions, splits, lambda r, m=m: r.get("milestone") == m)) for m in milestones], cols))

    themes = _ordered(THEMES, (t for r in actions for t in r.get("themes") or []))
    rows = [(t, _count(actions, splits, lambda r, t=t: t in (r.get("themes") or []))) for t in themes]
    rows.append(("(no theme)", _count(actions, splits, lambda r: not r.get("themes"))))
    table = _table("theme", rows[:-1], cols) + "\n" + _table("theme", rows[-1:], cols, flag_short=False).split("\n")[-1]
    out.append("### themes (an action may carry several)\n\n" + table)

    per_record = Counter()
    for r in actions:
        per_record[len(r.get("themes") or [])] += 1
    out.append("### Themes per action\n\n| themes on the action | actions |\n| ---: | ---: |\n" + "\n".join(
        f"| {n} | {per_record[n]} |" for n in sorted(per_record)))

    smart = [
        ("measurable", lambda r: r.get("measurable") is True),
        ("time_bound", lambda r: r.get("time_bound") is True),
        ("has due_date", lambda r: bool(r.get("due_date"))),
        ("has amount_gbp", lambda r: r.get("amount_gbp") is not None),
    ]
    out.append("### SMART fields (count of actions where true / present)\n\n" + _table(
        "field", [(name, _count(actions, splits, pred)) for name, pred in smart], cols, flag_short=False))
    return out


def annotator_table(actions: list[dict]) -> str:
    per = Counter(r["id"].split("-")[0] for r in actions)
    return "### Actions per annotator file\n\n| annotator (id prefix) | actions |\n| --- | ---: |\n" + "\n".join(
        f"| `{k}` | {per[k]} |" for k in sorted(per))


def non_action_tables(non_actions: list[dict], splits: dict[str, str]) -> list[str]:
    cols = _columns(non_actions, splits)
    kinds = _ordered(KINDS, (r.get("kind") for r in non_actions))
    rows = [(k, _count(non_actions, splits, lambda r, k=k: r.get("kind") == k)) for k in kinds]
    rows.append(("all non-actions", _count(non_actions, splits, lambda r: True)))
    return ["### Non-actions by kind\n\n" + _table("kind", rows, cols, flag_short=False)]


def shortfalls(actions: list[dict]) -> list[str]:
    totals = Counter()
    for r in actions:
        totals[("priority_area", r.get("priority_area"))] += 1
        totals[("milestone", r.get("milestone"))] += 1
        for t in r.get("themes") or []:
            totals[("themes", t)] += 1
    expected = ([("priority_area", a) for a in PRIORITY_AREAS] + [("milestone", m) for m in MILESTONES]
                + [("themes", t) for t in THEMES])
    keys = expected + sorted(set(totals) - set(expected), key=str)
    return [f"{kind}={label} ({totals[(kind, label)]})" for kind, label in keys
            if totals[(kind, label)] < MIN_EXAMPLES]


def main() -> int:
    actions = load_bank_actions()
    non_actions = load_non_actions()
    splits = read_splits()
    if not splits:
        print("note: no split files in corpus/splits/; every record is counted as `unsplit`\n")
    parts = [f"## Corpus statistics\n\n{len(actions)} labelled actions, {len(non_actions)} non-actions."]
    parts += action_tables(actions, splits)
    parts.append(annotator_table(actions))
    parts += non_action_tables(non_actions, splits)
    short = shortfalls(actions)
    parts.append(f"### Labels with fewer than {MIN_EXAMPLES} examples\n\n"
                 + ("; ".join(short) if short else f"none: every label has at least {MIN_EXAMPLES} examples."))
    print("\n\n".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
