"""Parallel runs give the serial run's results: processes for reading, and a Dask cluster via prefect-dask."""
import csv

import pytest

from pipeline.cli import main
from tests.fixtures import bad_inputs
from tests.plan_factory import write_docx, write_pdf


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as local:
        yield local


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plans")
    write_docx(folder / "a.docx")
    write_pdf(folder / "b.pdf", repeat_pages=2)
    write_docx(folder / "c.docx", prose=True)
    bad_inputs.write_truncated_pdf(folder)
    out = tmp_path_factory.mktemp("serial")
    assert main(["run", str(folder), "--out", str(out / "run"), "--no-cache"]) == 3
    return folder, _rows(out / "run")


def _rows(out):
    with open(out / "actions.csv", newline="", encoding="utf-8") as handle:
        return sorted((r["action_id"], r["priority_area"], r["milestone"], r["page"], r["themes"])
                      for r in csv.DictReader(handle))


def test_process_workers_match_the_serial_run(batch, tmp_path):
    folder, serial = batch
    assert main(["run", str(folder), "--out", str(tmp_path / "run"), "--no-cache", "--workers", "2"]) == 3
    assert _rows(tmp_path / "run") == serial and len(serial) == 3 + 6 + 2


def test_run_on_a_dask_cluster_matches_the_serial_run(batch, cluster, tmp_path):
    folder, serial = batch
    code = main(["run", str(folder), "--out", str(tmp_path / "run"), "--no-cache",
                 "--dask-address", cluster.scheduler_address])
    assert code == 3
    assert _rows(tmp_path / "run") == serial
