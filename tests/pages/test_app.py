"""The app on a fresh machine: builds the demo database on first start and shows what is loaded."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from etl.load import status


def test_first_start_builds_demo_and_shows_it(tmp_path, monkeypatch):
    path = tmp_path / "data" / "gugus.duckdb"
    monkeypatch.setenv("GUGUS_DB", str(path))
    app = AppTest.from_file("../../app.py", default_timeout=180).run()
    assert not app.exception
    assert path.exists() and status(path)["demo"]
    assert any("DATA SIMULASI" in w.value for w in app.warning)
    table = app.dataframe[0].value
    assert list(table["Jumlah minggu"]) == [52] * 5
    assert "Pencegahan" in set(table["Pilar"])


def test_empty_database_says_how_to_load(tmp_path, monkeypatch):
    from gugus.db import ensure_database

    path = ensure_database(tmp_path / "kosong.duckdb")
    monkeypatch.setenv("GUGUS_DB", str(path))
    app = AppTest.from_file("../../app.py", default_timeout=30).run()
    assert not app.exception
    assert not app.warning and not app.dataframe
    assert "Belum ada data" in app.info[0].value
