"""What one plan yields (its plans.csv row, sections and action rows), and the cache of it.

The cache is JSON keyed by the file's content hash, the pipeline version and
the model version, so nothing executable is ever loaded from it.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

CACHE_FORMAT = 1


@dataclass
class PlanResult:
    plan: dict  # the plans.csv row
    sections: list[dict] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cached: bool = False


def failed_plan(source_file: str, sha256: str, plan_id: str, reason: str) -> PlanResult:
    return PlanResult(plan={
        "plan_id": plan_id, "source_file": source_file, "sha256": sha256, "status": "failed",
        "error": reason, "template": "", "health_board": "", "cluster": "", "plan_year": "",
        "n_pages": None, "n_sections": 0, "n_actions": 0, "warnings": ""})


class ResultCache:
    def __init__(self, folder: str | Path, pipeline_version: str, model_version: str):
        self.folder = Path(folder)
        self.tag = f"{CACHE_FORMAT}-{pipeline_version}-{model_version}"

    def _path(self, sha256: str) -> Path:
        safe_tag = "".join(c if c.isalnum() or c in "-._" else "_" for c in self.tag)
        return self.folder / safe_tag / f"{sha256}.json"

    def get(self, sha256: str, source_file: str) -> PlanResult | None:
        path = self._path(sha256)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        result = PlanResult(**{k: data[k] for k in ("plan", "sections", "actions", "warnings", "seconds")})
        result.cached = True
        # the same content may arrive under another name
        result.plan["source_file"] = source_file
        for row in result.actions:
            row["source_file"] = source_file
        return result

    def put(self, sha256: str, result: PlanResult) -> None:
        if result.plan.get("status") == "failed":
            return  # a failure may be transient (a file still being copied); read it again next time
        path = self._path(sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(asdict(result), out, ensure_ascii=False, default=str)
        os.replace(temporary, path)
