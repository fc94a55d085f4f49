"""The same run flow on an existing Dask cluster, through prefect-dask's task runner."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .run import RunOptions, run_flow


def run_on_dask(paths: list[Path], options: RunOptions, address: str):
    from prefect_dask import DaskTaskRunner

    # the cluster's workers are the processes; no local pool on top of them
    local = replace(options, workers=1)
    flow = run_flow.with_options(task_runner=DaskTaskRunner(address=address))
    return flow(paths, local)
