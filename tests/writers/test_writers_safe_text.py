import math

import pandas as pd
import pytest

from pipeline.writers.safe_text import neutralise_formula, restore_formula_text


@pytest.mark.parametrize("text", ["=1+1", "+44 1234", "-5", "@SUM(A1)", "\tx", "\rx", "=", "-"])
def test_triggers_get_an_apostrophe_and_nothing_else_changes(text):
    assert neutralise_formula(text) == "'" + text
    assert restore_formula_text(neutralise_formula(text)) == text


@pytest.mark.parametrize("text", ["Recruit 1 WTE", "", " =not first", "a=b", "'quoted", "£5,000", "Ysgol Gymraeg"])
def test_other_text_is_unchanged(text):
    assert neutralise_formula(text) == text
    assert restore_formula_text(text) == text


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA])
def test_missing_is_empty(missing):
    assert neutralise_formula(missing) == ""


def test_non_strings_are_converted():
    assert neutralise_formula(12) == "12"
    assert neutralise_formula(-3) == "'-3"
    assert not math.isnan(float(neutralise_formula(1.5)))
