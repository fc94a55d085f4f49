"""Settings and data files, read in one place."""
from __future__ import annotations

import functools
import os
from pathlib import Path

import yaml

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
CONFIG_DIR = PACKAGE_DIR / "config"


@functools.lru_cache(maxsize=None)
def load_yaml(name: str) -> dict:
    with open(CONFIG_DIR / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def settings(override_file: str | Path | None = None) -> dict:
    """Defaults, then an optional YAML file, then PLANS_* environment variables."""
    merged = dict(load_yaml("defaults.yaml"))
    if override_file:
        with open(override_file, encoding="utf-8") as handle:
            merged.update(yaml.safe_load(handle) or {})
    for key in list(merged):
        value = os.environ.get(f"PLANS_{key.upper()}")
        if value is not None:
            merged[key] = yaml.safe_load(value)
    return merged
