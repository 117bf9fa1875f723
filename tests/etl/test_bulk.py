"""Bulk loads: files validated in parallel and written in few transactions, while every file stays its own —
loaded whole or not at all, a refused or failed one never affecting another, results and progress in order."""

from __future__ import annotations

import errno
import json
import signal
import time
from pathlib import Path

import pytest

from etl import load
from etl.load import Incoming, Progress, load_files
from gugus import db as gdb
from tests.conftest import WEEK, cli, edit, row_of, sample_bytes, table_counts, with_value

PILLARS = ("pencegahan", "penegakan-hukum", "kerja-sama", "rehab-kesehatan", "rehab-sosial")


def _backfill(ref, weeks: int = 3) -> list[Incoming]:
    return [Incoming(f"{p}-{WEEK + w}.xlsx", sample_bytes(ref, p, WEEK + w)) for w in range(weeks) for p in PILLARS]


def _whole(path: Path) -> dict[int, str]:
    """Every upload's file name, after checking that each upload holds exactly the rows it counted and that no
    row belongs to no upload: files are whole or absent."""
    with gdb.connect(path) as con:
        uploads = con.execute("SELECT id, file_name, n_indicator, n_case, n_service, n_ran FROM upload ORDER BY id").fetchall()
        for upload_id, name, *counted in uploads:
            held = [
                con.execute(f"SELECT count(*) FROM {table} WHERE upload_id = ?", [upload_id]).fetchone()[0]
                for table in ("indicator_value", "case_report", "victim_service", "ran_update")
            ]
            assert held == counted, name
        for table in ("indicator_value", "case_report", "victim_service", "ran_update", "service_followup"):
            orphans = con.execute(f"SELECT count(*) FROM {table} WHERE upload_id NOT IN (SELECT id FROM upload)").fetchone()[0]
            assert orphans == 0, table
    return {upload_id: name for upload_id, name, *_ in uploads}


def _transactions(monkeypatch) -> list[int]:
    """How many files each transaction the writer commits holds (spied on, still run)."""
    sizes = []
    original = load._BatchWriter._commit

    def spy(self, entries):
        sizes.append(len(entries))
        return original(self, entries)

    monkeypatch.setattr(load._BatchWriter, "_commit", spy)
    return sizes


def test_a_bad_file_in_the_middle_is_refused_alone_and_the_others_land_in_one_transaction(db, ref, monkeypatch):
    monkeypatch.setenv("GUGUS_WRITE_BREATH", "600")  # no pause for readers in this test: one batch
    sizes = _transactions(monkeypatch)
    sources = _backfill(ref)
    bad = Incoming("pencegahan-rusak.xlsx", with_value(ref, "banyak"))
    sources.insert(7, bad)
    heard, progress = [], []
    results = load_files(sources, db=db, by="ani", on_result=heard.append, on_progress=progress.append)

    assert [r.file for r in results] == [s.name for s in sources]  # in the order given, each once
    assert heard == results
    assert [r.status for r in results] == ["loaded"] * 7 + ["rejected"] + ["loaded"] * 8
    assert [i.code for i in results[7].report.errors] == ["type-number"]
    assert sizes == [16]  # the 15 good files and the refused one's log entry, written together
    names = _whole(db)
    assert sorted(names.values()) == sorted(s.name for s in sources if s is not bad)
    assert table_counts(db)["indicator_value"] == sum(r.rows["indicator_value"] for r in results if r.status == "loaded")
    with gdb.connect(db) as con:
        assert con.execute("SELECT file_name, n_error FROM rejection").fetchall() == [("pencegahan-rusak.xlsx", 1)]
    assert [p.done for p in progress] == list(range(1, 17)) and {p.total for p in progress} == {16}


def test_a_write_error_rolls_back_the_batch_and_only_that_file_stays_out(db, ref, monkeypatch):
    monkeypatch.setenv("GUGUS_WRITE_BREATH", "600")
    sizes = _transactions(monkeypatch)
    sources = _backfill(ref, weeks=2)
    doomed = sources[6]
    archive = load._archive

    def disk_full_for_one(folder, digest, data):
        if data == doomed.data:
            raise OSError(errno.ENOSPC, "No space left on device")
        archive(folder, digest, data)

    monkeypatch.setattr(load, "_archive", disk_full_for_one)
    results = load_files(sources, db=db)

    assert sizes == [1] * 6 + [3]  # the files before it written again one by one, the doomed one not at all, then on
    assert [r.status for r in results] == ["loaded"] * 6 + ["rejected"] + ["loaded"] * 3
    [issue] = results[6].report.issues
    assert issue.code == "write-failed" and "ruang disk" in issue.message and "berkas lain tidak terpengaruh" in issue.message
    assert sorted(_whole(db).values()) == sorted(s.name for s in sources if s is not doomed)
    assert [r.upload_id for r in results if r.status == "loaded"] == sorted(_whole(db))  # the ids reported are those stored
    # the file that failed loads once the disk has room
    monkeypatch.setattr(load, "_archive", archive)
    [again] = load_files([doomed], db=db)
    assert again.status == "loaded" and [i.code for i in again.report.issues] == []


def test_a_file_replacing_one_of_its_own_batch_is_compared_with_it(db, ref, monkeypatch):
    monkeypatch.setenv("GUGUS_WRITE_BREATH", "600")
    sizes = _transactions(monkeypatch)
    first = Incoming("v1.xlsx", with_value(ref, 30))

    def drop_a_row(book):
        sheet = book["Indikator"]
        sheet.delete_rows(row_of(sheet, "PCG-06"))

    shrunk = Incoming("v2-kurang.xlsx", edit(first.data, drop_a_row))
    changed = Incoming("v3.xlsx", with_value(ref, 45))
    results = load_files([first, shrunk, changed], db=db)

    assert sizes == [3]
    assert [r.status for r in results] == ["loaded", "rejected", "loaded"]
    assert [i.code for i in results[1].report.errors] == ["values-removed"]  # read off v1's rows, not yet committed
    assert results[2].superseded == results[0].upload_id
    with gdb.connect(db) as con:
        current = con.execute("SELECT value FROM indicator_value_current WHERE indicator = 'PCG-06' AND week = ?", [str(WEEK)]).fetchall()
    assert current == [(45.0,)]


def test_progress_says_files_done_rate_and_time_left_in_indonesian():
    assert Progress(120, 260, 1.4).text() == "120/260 berkas · 85,7 berkas/detik · sisa ± 2 detik"
    assert Progress(260, 260, 3.0).text() == "260/260 berkas · 86,7 berkas/detik"
    assert Progress(1500, None, 10.0).text() == "1.500 berkas · 150 berkas/detik"


def _files(ref, folder: Path) -> list[str]:
    """Four weeks of the five pillars' workbooks written to ``folder``, their paths in order."""
    folder.mkdir()
    for source in _backfill(ref, weeks=4):
        (folder / source.name).write_bytes(source.data)
    return sorted(str(p) for p in folder.glob("*.xlsx"))


def test_the_cli_shows_progress_of_a_long_load_and_the_json_stays_clean(db, ref, tmp_path):
    files = _files(ref, tmp_path / "arsip")
    out, err = cli("load", *files).communicate(timeout=300)
    assert out.count("✔") == 20
    assert err.strip().splitlines()[-1].startswith("Memuat: 20/20 berkas · ")
    out, err = cli("validate", "--json", *files).communicate(timeout=300)
    assert json.loads(out)["ok"] is True and "berkas/detik" not in err


def test_a_load_killed_mid_way_leaves_every_file_whole_or_absent(db, ref, tmp_path):
    files = _files(ref, tmp_path / "arsip")
    # a batch per file or two, so that some commit before the kill and others are cut mid-write
    proc = cli("load", *files, env={"GUGUS_WRITE_BREATH": "0"})
    deadline = time.monotonic() + 120
    while proc.stdout.readline().count("✔") == 0:  # the first file is committed: the load is under way
        assert proc.poll() is None and time.monotonic() < deadline
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    landed = _whole(db)
    assert 1 <= len(landed) < len(files)
    out, _ = cli("load", *files).communicate(timeout=300)
    assert out.count("sudah pernah dimuat") == len(landed) and out.count("✔") == len(files) - len(landed)
    assert len(_whole(db)) == len(files)


@pytest.mark.parametrize("count", [1, 7])
def test_validation_runs_in_the_reader_processes_and_says_the_same(db, ref, count):
    """The parallel path (reader processes) and the in-process one give the same verdict and the same issues."""
    from etl.validate import validate_bytes, validate_in_reader

    sources = [Incoming("rusak.xlsx", with_value(ref, "banyak")), *_backfill(ref, weeks=2)][:count]
    for source in sources:
        here = validate_bytes(source.data, source.name, ref)
        there = validate_in_reader(source.data, source.name, ref)
        assert there.ok == here.ok and there.sha256 == here.sha256 and there.data == source.data
        assert [i.as_dict() for i in there.report.issues] == [i.as_dict() for i in here.report.issues]
        if here.ok:
            assert there.workbook.rows == here.workbook.rows


def test_a_folder_checked_with_dry_run_is_left_as_it_was_and_allow_removal_reaches_it(db, ref, tmp_path, capsys):
    from etl.cli import main

    folder = tmp_path / "masuk"
    folder.mkdir()
    (folder / "baik.xlsx").write_bytes(sample_bytes(ref, "pencegahan"))
    (folder / "rusak.xlsx").write_bytes(with_value(ref, "banyak", indicator="PCG-01"))
    before = table_counts(db)
    assert main(["load", "--dry-run", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "valid" in out and "DITOLAK" in out and "dimuat" not in out.replace("Tidak ada data yang dimuat", "")
    assert table_counts(db) == before
    assert sorted(p.name for p in folder.iterdir()) == ["baik.xlsx", "rusak.xlsx"]  # nothing moved, no report beside them

    (folder / "rusak.xlsx").unlink()
    assert main(["load", str(folder)]) == 0

    def drop_a_row(book):
        sheet = book["Indikator"]
        sheet.delete_rows(row_of(sheet, "PCG-06"))

    (folder / "kurang.xlsx").write_bytes(edit(sample_bytes(ref, "pencegahan"), drop_a_row))
    assert main(["load", str(folder)]) == 1  # it would remove a value of the week: refused without the flag
    assert main(["load", "--allow-removal", str(folder)]) == 0
    assert (folder / "sudah-dimuat" / "kurang.xlsx").exists()
