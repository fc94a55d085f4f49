"""generate(): plans -> documents + gold files; the sample corpus and the test set."""
from __future__ import annotations

import logging
import random
import shutil
import tempfile
from pathlib import Path

from .bank import Bank, load_bank, load_split_ids
from .convert import Converter, soffice
from .gold import build_gold, heading_pages, write_gold
from .layouts import LAYOUTS, check
from .plan import build_plan, slug
from .render_docx import render_docx
from .render_pdf import render_pdf

log = logging.getLogger(__name__)
CORPUS = Path(__file__).resolve().parents[1]
PRODUCERS = {"docx": ["python-docx"], "pdf": ["reportlab", "libreoffice"]}
EXT = {"python-docx": ".docx", "reportlab": ".pdf", "libreoffice": ".pdf"}


def available_producers(formats=("docx", "pdf"), producers=None) -> list[str]:
    wanted = list(producers) if producers else [p for f in formats for p in PRODUCERS[f]]
    unknown = set(wanted) - set(EXT)
    if unknown:
        raise ValueError(f"unknown producer(s): {', '.join(sorted(unknown))}")
    if "libreoffice" in wanted and not soffice():
        log.warning("LibreOffice (soffice) not found: skipping the libreoffice PDF producer")
        wanted.remove("libreoffice")
    if not wanted:
        raise ValueError("no producer available for formats " + ",".join(formats))
    return wanted


def _as_bank(bank) -> Bank:
    if bank is None:
        return load_bank()
    if isinstance(bank, Bank):
        return bank
    return load_bank(bank)


def generate(out_dir, n_plans: int, seed, bank=None, formats=("docx", "pdf"), layouts=None,
             producers=None, prefix: str | None = None, exact: bool = False, n_actions=None) -> list[Path]:
    """Write n_plans synthetic plans and their NAME.gold.json files into out_dir.

    Deterministic from seed (for a given bank and given whether soffice exists).
    layouts: variants every plan must have (others are added at random unless exact).
    bank: a Bank, a bank folder, or None for corpus/bank.
    n_actions: actions per plan, an int or a (low, high) range; default 8-40.
    """
    bank = _as_bank(bank)
    required = set(layouts or ())
    check(required)
    prods = available_producers(formats, producers)
    master = random.Random(f"generator:{seed}")
    offset = master.randrange(len(prods))
    specs = []
    for i in range(n_plans):
        n = master.randint(*n_actions) if isinstance(n_actions, (tuple, list)) else n_actions
        specs.append((prods[(i + offset) % len(prods)], required, exact, n))
    return render_specs(out_dir, specs, seed, bank, prefix=f"s{seed}_" if prefix is None else prefix)


def render_specs(out_dir, specs, seed, bank: Bank, prefix: str) -> list[Path]:
    """specs: [(producer, required layouts, exact, n_actions)]."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    plans = []
    for i, (producer, required, exact, n_actions) in enumerate(specs):
        rng = random.Random(f"{seed}:{i}")
        plan = build_plan(rng, bank, producer, name="", layouts=required, exact=exact, n_actions=n_actions)
        plan.name = f"{prefix}{i:03d}_{slug(plan.cluster)}"
        plan.seed = f"{seed}:{i}"
        plans.append(plan)

    written: list[tuple] = []
    for plan in plans:
        path = out_dir / (plan.name + EXT[plan.producer])
        if plan.producer == "python-docx":
            written.append((plan, render_docx(plan, path)))
        elif plan.producer == "reportlab":
            written.append((plan, render_pdf(plan, path)))
    lo = [p for p in plans if p.producer == "libreoffice"]
    if lo:
        written += _libreoffice(lo, out_dir)
    order = {p.name: i for i, p in enumerate(plans)}
    written.sort(key=lambda pair: order[pair[0].name])
    paths = []
    for plan, path in written:
        gold = build_gold(plan, path)
        for w in gold["warnings"]:
            log.warning("%s: %s", path.name, w)
        write_gold(gold, path)
        paths.append(path)
    return paths


def _libreoffice(plans, out_dir: Path) -> list[tuple]:
    tmp = Path(tempfile.mkdtemp(prefix="plans_lo_"))
    try:
        with Converter() as conv:
            docx = {p.name: render_docx(p, tmp / f"{p.name}.docx") for p in plans}
            pdfs = conv.convert(list(docx.values()), tmp / "pdf")
            # a contents page needs real page numbers: read them off the first PDF and redo
            redo = [p for p in plans if p.toc and docx[p.name] in pdfs]
            for p in redo:
                p.toc_pages = heading_pages(p, pdfs[docx[p.name]])
                render_docx(p, docx[p.name])
            if redo:
                pdfs.update(conv.convert([docx[p.name] for p in redo], tmp / "pdf"))
        out = []
        for p in plans:
            pdf = pdfs.get(docx[p.name])
            if pdf is None:
                log.warning("skipping %s: LibreOffice conversion failed", p.name)
                continue
            target = out_dir / f"{p.name}.pdf"
            shutil.move(str(pdf), target)
            out.append((p, target))
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------- samples
# (producer, layouts, number of actions); together they cover every layout variant
SAMPLE_SPECS = [
    ("reportlab", {"standard_8col", "group_rows_merged", "cover_page", "headers_footers", "toc",
                   "placeholder_rows"}, 10),
    ("libreoffice", {"renamed_headers", "group_rows_first_col", "landscape", "multiline_cells",
                     "heading_variants", "metadata_in_text", "headers_footers"}, 9),
    ("python-docx", {"fewer_columns", "alignment_column", "two_tables", "cover_page", "toc"}, 12),
    ("reportlab", {"prose_actions", "heading_variants", "metadata_in_text"}, 10),
    ("libreoffice", {"imtp_template", "standard_8col", "alignment_column", "multipage_table",
                     "headers_footers", "cover_page"}, 16),
    ("python-docx", {"prose_actions", "imtp_template", "headers_footers", "heading_variants"}, 9),
    ("reportlab", {"fewer_columns", "multipage_table", "group_rows_first_col", "landscape", "two_tables",
                   "multiline_cells", "toc"}, 16),
    ("libreoffice", {"renamed_headers", "group_rows_merged", "placeholder_rows", "cover_page", "toc",
                     "heading_variants"}, 10),
]
SAMPLES_SEED = 2021


def write_samples(out_dir=None, bank=None) -> list[Path]:
    out_dir = Path(out_dir) if out_dir else CORPUS / "samples"
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("sample_*"):
        old.unlink()
    has_lo = soffice() is not None
    if not has_lo:
        log.warning("LibreOffice not found: the libreoffice samples are made with reportlab instead")
    specs = [("reportlab" if p == "libreoffice" and not has_lo else p, set(lay), True, n)
             for p, lay, n in SAMPLE_SPECS]
    return render_specs(out_dir, specs, SAMPLES_SEED, _as_bank(bank), prefix="sample_")


# ---------------------------------------------------------------- test set
TEST_SEED = 7


def test_set_specs(n: int, producers: list[str], seed=TEST_SEED) -> list[tuple]:
    """n plans over the producers so that every layout occurs under every producer."""
    rng = random.Random(f"testset:{seed}")
    assigned = [producers[i % len(producers)] for i in range(n)]
    required = [set() for _ in range(n)]
    for prod in producers:
        idxs = [i for i in range(n) if assigned[i] == prod]
        names = list(LAYOUTS)
        rng.shuffle(names)
        for k, name in enumerate(names):
            for off in range(len(idxs)):
                i = idxs[(k + off) % len(idxs)]
                try:
                    check(required[i] | {name})
                except ValueError:
                    continue
                required[i].add(name)
                break
            else:
                log.warning("test set: layout %s could not be placed under %s", name, prod)
    return [(assigned[i], required[i], False, None) for i in range(n)]


def write_test_set(out_dir=None, n: int = 40, bank=None, split=None) -> list[Path]:
    out_dir = Path(out_dir) if out_dir else CORPUS / "generated" / "test"
    split = Path(split) if split else CORPUS / "splits" / "test.txt"
    ids = load_split_ids(split)
    if bank is None or not isinstance(bank, Bank):
        bank = load_bank(bank, ids=ids)
    if ids is None:
        log.warning("%s not found: the test set draws on the whole bank", split)
    if not bank.actions:
        raise ValueError("no bank actions for the test set")
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("test_*"):
        old.unlink()
    producers = available_producers()
    return render_specs(out_dir, test_set_specs(n, producers), TEST_SEED, bank, prefix="test_")
