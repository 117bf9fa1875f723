"""The demo database: every pillar and week loaded through `load`, with a late pillar and corrections."""

from __future__ import annotations

import pytest

from etl.cli import main
from etl.demo import LATE_PILLAR, DemoRefused, build_demo
from etl.load import Incoming, load_files, status
from gugus import db as gdb
from tests.conftest import sample_bytes


def test_demo_builds_every_pillar_and_week(tmp_path, capsys):
    path = tmp_path / "demo.duckdb"
    assert main(["--db", str(path), "demo", "--weeks", "12"]) == 0
    info = status(path)
    assert info["demo"] is True
    assert [p["weeks"] for p in info["pillars"]] == [12] * 5
    assert info["pillars"][0]["superseded"] == 2  # two corrected pencegahan weeks
    with gdb.connect(path) as con:
        assert con.execute("SELECT bool_and(simulated) FROM upload").fetchone() == (True,)
        late = dict(
            con.execute(
                """SELECT pillar, avg((uploaded_at > (week_start + INTERVAL 8 DAY + INTERVAL 12 HOUR)
                                  AT TIME ZONE 'Asia/Pontianak')::INT)
               FROM upload WHERE status = 'loaded' GROUP BY pillar"""
            ).fetchall()
        )
        assert late[LATE_PILLAR] == max(late.values()) and late[LATE_PILLAR] > 0.2
        assert con.execute("SELECT count(*) FROM case_report").fetchone()[0] > 0
        assert con.execute("SELECT count(*) FROM victim_service").fetchone()[0] > 0
    assert main(["--db", str(path), "status"]) == 0
    assert "DATA SIMULASI" in capsys.readouterr().out


def test_demo_is_deterministic_for_a_seed(tmp_path):
    def fingerprint(path):
        with gdb.connect(path) as con:
            return con.execute("SELECT indicator, week, area, value FROM indicator_value ORDER BY ALL").fetchall()

    build_demo(tmp_path / "a.duckdb", weeks=3, seed=11)
    build_demo(tmp_path / "b.duckdb", weeks=3, seed=11)
    build_demo(tmp_path / "c.duckdb", weeks=3, seed=12)
    assert fingerprint(tmp_path / "a.duckdb") == fingerprint(tmp_path / "b.duckdb")
    assert fingerprint(tmp_path / "a.duckdb") != fingerprint(tmp_path / "c.duckdb")


def test_demo_never_replaces_real_data(db, ref):
    def real(book):
        book["Identitas"]["B7"] = "RESMI"

    from tests.conftest import edit

    load_files([Incoming("resmi.xlsx", edit(sample_bytes(ref, "pencegahan"), real))], db=db)
    with pytest.raises(DemoRefused):
        build_demo(db, weeks=2)
    assert status(db)["pillars"][0]["weeks"] == 1
