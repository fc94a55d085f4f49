"""Synthetic Welsh primary care cluster plans (DOCX / PDF) with gold files.

    from corpus.generator import generate, LAYOUTS
    generate("corpus/generated/demo", n_plans=5, seed=1)

Command line: python -m corpus.generator --help
"""
from .bank import Bank, load_bank
from .core import generate, write_samples, write_test_set
from .layouts import LAYOUTS

__all__ = ["Bank", "LAYOUTS", "generate", "load_bank", "write_samples", "write_test_set"]
