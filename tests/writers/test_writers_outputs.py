import os
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline.writers as writers
from pipeline.writers import MARKER, OutputFolderError, write_outputs

CHECKER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "contract-check"
EXPECTED = {"actions.csv", "actions.parquet", "actions.xlsx", "plans.csv", "sections.csv", "summary", "report.html",
            "run.json", "review_manifest.json", MARKER}


def test_writes_every_output(tmp_path, actions, plans, sections, run_info, labels):
    out = write_outputs(actions, plans, sections, tmp_path / "out", run_info, labels)
    assert out == (tmp_path / "out").absolute()
    assert EXPECTED <= {p.name for p in out.iterdir()}
    assert len(list((out / "summary").glob("*.csv"))) >= 4
    assert [p.name for p in tmp_path.iterdir()] == ["out"], "no staging folder left behind"


def test_rerun_replaces_the_folder_whole(tmp_path, actions, plans, sections, run_info, labels):
    out = write_outputs(actions, plans, sections, tmp_path / "out", run_info, labels)
    (out / "stale.txt").write_text("from an older run")
    write_outputs(actions.iloc[:2], plans, sections, out, run_info, labels)
    assert not (out / "stale.txt").exists()
    assert (out / "actions.csv").read_bytes().count(b"\r\n") == 3
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_failed_run_leaves_the_previous_output_untouched(tmp_path, monkeypatch, actions, plans, sections,
                                                          run_info, labels):
    out = write_outputs(actions, plans, sections, tmp_path / "out", run_info, labels)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writers, "write_report", broken)
    with pytest.raises(RuntimeError):
        write_outputs(actions.iloc[:1], plans, sections, out, run_info, labels)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_killed_run_leaves_no_half_written_folder(tmp_path, actions, plans, sections, run_info, labels):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = tmp_path / f".out.tmp-{dead.pid}-deadbeef"
    leftover.mkdir()
    (leftover / "actions.csv").write_text("half")
    out = write_outputs(actions, plans, sections, tmp_path / "out", run_info, labels)
    assert not leftover.exists()
    assert (out / "actions.csv").read_text(encoding="utf-8").startswith("action_id,")


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path, actions, plans, sections, run_info, labels):
    precious = tmp_path / "Documents"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work")
    with pytest.raises(OutputFolderError):
        write_outputs(actions, plans, sections, precious, run_info, labels)
    assert (precious / "thesis.docx").read_text() == "years of work"
    empty = tmp_path / "empty"
    empty.mkdir()
    write_outputs(actions, plans, sections, empty, run_info, labels)
    assert (empty / MARKER).exists()


def test_folder_is_readable_like_any_other(tmp_path, actions, plans, sections, run_info, labels):
    out = write_outputs(actions, plans, sections, tmp_path / "out", run_info, labels)
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~mask


@pytest.mark.skipif(not CHECKER.exists(), reason="contract checker not found")
def test_contract_checker_accepts_the_folder(tmp_path, actions, plans, sections, run_info, labels):
    out = write_outputs(actions, plans, sections, tmp_path / "out", run_info, labels)
    done = subprocess.run([sys.executable, str(CHECKER), "--out", str(out)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_rerun_keeps_the_reviewers_files_it_finds_in_the_folder(tmp_path, actions, plans, sections, run_info,
                                                                    labels):
    out = write_outputs(actions, plans, sections, tmp_path / "out", run_info, labels)
    later = (out / MARKER).stat().st_mtime + 60
    os.utime(out / "actions.xlsx", (later, later))  # the reviewer edited it where the run wrote it
    (out / "my_review.csv").write_text("action_id\n", encoding="utf-8")  # and saved a copy beside it
    untouched = write_outputs(actions, plans, sections, tmp_path / "plain", run_info, labels)

    out = write_outputs(actions, plans, sections, out, run_info, labels)
    kept = sorted(p.name for p in (out / "reviewed").iterdir())
    assert len(kept) == 3 and kept[0].startswith("actions-reviewed-") and kept[0].endswith(".xlsx")
    assert kept[1:] == ["my_review.csv", "my_review.review_manifest.json"]
    assert not (out / "my_review.csv").exists()
    out = write_outputs(actions, plans, sections, out, run_info, labels)  # kept again by the next run
    assert sorted(p.name for p in (out / "reviewed").iterdir()) == kept
    write_outputs(actions, plans, sections, untouched, run_info, labels)
    assert not (untouched / "reviewed").exists(), "an untouched folder keeps nothing"
