"""Loading: versions, no-op on the same file, supersede, rollback, archive, all-or-nothing."""

from __future__ import annotations

import hashlib

import pytest

from etl.load import Incoming, RollbackRefused, load_files, rollback, status
from gugus import db as gdb
from tests.conftest import WEEK, sample_bytes, table_counts, with_value


def _current_value(path, indicator="PCG-06"):
    with gdb.connect(path) as con:
        return con.execute("SELECT value FROM indicator_value_current WHERE indicator = ? AND week = ?", [indicator, str(WEEK)]).fetchall()


def test_load_writes_upload_and_facts_traceably(db, ref):
    [result] = load_files([Incoming("pencegahan.xlsx", sample_bytes(ref, "pencegahan"))], db=db, by="ani")
    assert result.status == "loaded" and result.upload_id == 1
    with gdb.connect(db) as con:
        upload = con.execute("SELECT pillar, week, file_name, uploaded_by, status, simulated, n_indicator FROM upload").fetchall()
        rows = con.execute("SELECT count(*), min(sheet_row) FROM indicator_value WHERE upload_id = 1").fetchone()
    assert upload == [("pencegahan", str(WEEK), "pencegahan.xlsx", "ani", "loaded", True, result.rows["indicator_value"])]
    assert rows == (result.rows["indicator_value"], 2)  # traceable to Excel rows
    digest = hashlib.sha256(sample_bytes(ref, "pencegahan")).hexdigest()
    assert (db.parent / "uploads" / f"{digest}.xlsx").read_bytes() == sample_bytes(ref, "pencegahan")


def test_same_file_twice_is_a_noop(db, ref):
    data = sample_bytes(ref, "pencegahan")
    load_files([Incoming("a.xlsx", data)], db=db)
    before = table_counts(db)
    with gdb.connect(db) as con:
        version = gdb.data_version(con)
    [again] = load_files([Incoming("renamed.xlsx", data)], db=db)
    assert again.status == "already-loaded" and again.upload_id == 1
    assert table_counts(db) == before
    with gdb.connect(db) as con:
        assert gdb.data_version(con) == version


def test_newer_file_supersedes_and_rollback_restores(db, ref):
    load_files([Incoming("v1.xlsx", with_value(ref, 30))], db=db)
    [second] = load_files([Incoming("v2.xlsx", with_value(ref, 45))], db=db)
    assert second.superseded == 1
    assert _current_value(db) == [(45.0,)]
    result = rollback(second.upload_id, db=db, by="ketua")
    assert result.restored == 1
    assert _current_value(db) == [(30.0,)]
    with gdb.connect(db) as con:
        statuses = con.execute("SELECT id, status, withdrawn_by FROM upload ORDER BY id").fetchall()
    assert statuses == [(1, "loaded", None), (2, "withdrawn", "ketua")]
    assert table_counts(db)["indicator_value"] > 0  # nothing deleted: history stays


def _version(path):
    with gdb.connect(path) as con:
        return gdb.data_version(con)


def test_every_load_and_rollback_moves_the_data_version_forward(db, ref):
    seen = [_version(db)]
    load_files([Incoming("v1.xlsx", with_value(ref, 30))], db=db)
    seen.append(_version(db))
    load_files([Incoming("v2.xlsx", with_value(ref, 45))], db=db)  # supersedes v1
    seen.append(_version(db))
    rollback(1, db=db)  # withdrawing an old version
    seen.append(_version(db))
    rollback(2, db=db)  # withdrawing the current one
    seen.append(_version(db))
    with gdb.connect(db, write=True) as con:
        gdb.bump_data_version(con)  # any other change, e.g. reference data
    seen.append(_version(db))
    assert seen == sorted(set(seen)), seen  # strictly increasing: no cache can keep serving old numbers


def test_rollback_of_unknown_or_withdrawn_upload_says_so(db, ref):
    with pytest.raises(RollbackRefused, match="tidak ada"):
        rollback(99, db=db)
    load_files([Incoming("v1.xlsx", sample_bytes(ref, "pencegahan"))], db=db)
    assert "ditarik" in rollback(1, db=db).message
    with pytest.raises(RollbackRefused, match="sudah ditarik"):
        rollback(1, db=db)
    assert _current_value(db) == []


def test_the_cli_says_why_a_rollback_is_refused_and_exits_1(db, capsys):
    from etl.cli import main

    assert main(["--db", str(db), "rollback", "99"]) == 1
    assert "Unggahan #99 tidak ada" in capsys.readouterr().err


def test_rejected_file_writes_nothing_and_others_still_load(db, ref):
    bad = with_value(ref, "banyak")
    before = table_counts(db)
    results = load_files([Incoming("bad.xlsx", bad), Incoming("good.xlsx", sample_bytes(ref, "kerja-sama"))], db=db)
    assert [r.status for r in results] == ["rejected", "loaded"]
    after = table_counts(db)
    assert after["upload"] == before["upload"] + 1
    with gdb.connect(db) as con:
        assert con.execute("SELECT pillar FROM upload").fetchall() == [("kerja-sama",)]
    assert not (db.parent / "uploads" / "bad.xlsx").exists()


def test_status_counts_weeks_per_pillar(db, ref):
    sources = [Incoming(f"{p}-{w}.xlsx", sample_bytes(ref, p, w)) for p in ("pencegahan", "rehab-sosial") for w in (WEEK, WEEK + 1)]
    load_files(sources, db=db)
    info = {p["pillar"]: p for p in status(db)["pillars"]}
    assert info["pencegahan"]["weeks"] == 2 and info["rehab-sosial"]["weeks"] == 2
    assert info["pencegahan"]["first_week"] == str(WEEK) and info["pencegahan"]["last_week"] == str(WEEK + 1)
    assert info["kerja-sama"]["weeks"] == 0


def test_dry_run_writes_nothing(db, ref):
    before = table_counts(db)
    [result] = load_files([Incoming("x.xlsx", sample_bytes(ref, "pencegahan"))], db=db, dry_run=True)
    assert result.status == "valid" and table_counts(db) == before


def test_case_current_keeps_latest_stage(db, ref):
    weeks = [WEEK + k for k in range(0, 4)]
    load_files([Incoming(f"ph-{w}.xlsx", sample_bytes(ref, "penegakan-hukum", w)) for w in weeks], db=db)
    with gdb.connect(db) as con:
        dupes = con.execute("SELECT count(*) - count(DISTINCT case_ref) FROM case_current").fetchone()[0]
        moved = con.execute("SELECT count(DISTINCT case_ref) FROM case_report GROUP BY case_ref HAVING count(*) > 1").fetchall()
    assert dupes == 0 and moved  # a case updated in later weeks appears once, at its latest stage
