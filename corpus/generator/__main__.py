"""python -m corpus.generator --out DIR --n N --seed S [--formats docx,pdf] [--layouts a,b]
python -m corpus.generator --samples      (re)write corpus/samples/
python -m corpus.generator --test-set     write corpus/generated/test/
"""
from __future__ import annotations

import argparse
import logging
import sys

from .core import generate, write_samples, write_test_set
from .layouts import LAYOUTS


def _csv(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m corpus.generator", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--samples", action="store_true", help="(re)write the committed samples in corpus/samples/")
    mode.add_argument("--test-set", action="store_true", help="write the deterministic test set (default corpus/generated/test/)")
    ap.add_argument("--out", help="output folder")
    ap.add_argument("--n", type=int, default=None, help="number of plans (default 10; test set 40)")
    ap.add_argument("--seed", default="0", help="random seed (any string)")
    ap.add_argument("--formats", default="docx,pdf", help="comma list of docx,pdf")
    ap.add_argument("--producers", help="comma list of python-docx,reportlab,libreoffice (overrides --formats)")
    ap.add_argument("--layouts", help="comma list of layout variants every plan must have: " + ", ".join(LAYOUTS))
    ap.add_argument("--exact", action="store_true", help="no random extra layout variants")
    ap.add_argument("--bank", help="bank folder (default corpus/bank)")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        if args.samples:
            paths = write_samples(args.out, bank=args.bank)
        elif args.test_set:
            paths = write_test_set(args.out, n=args.n or 40, bank=args.bank)
        else:
            if not args.out:
                ap.error("--out is required")
            paths = generate(args.out, args.n or 10, args.seed, bank=args.bank, formats=_csv(args.formats),
                             layouts=_csv(args.layouts), producers=_csv(args.producers) or None, exact=args.exact)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for p in paths:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
