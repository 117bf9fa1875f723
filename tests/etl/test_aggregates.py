"""The roll-up: two cities export their suppressed aggregates to one folder, a provincial instance imports them.
Every number a city lets out arrives unchanged; no count of people below k, no case reference, leaves a city."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl import aggregates
from etl.cli import main
from etl.load import Incoming, load_files
from gugus import db as gdb
from tests.conftest import WEEK, sample_bytes

PILLARS = ("pencegahan", "penegakan-hukum", "kerja-sama", "rehab-kesehatan", "rehab-sosial")
K = 3  # k_strict, set lower here so that the sample's weeks of cases fall on both sides of it


@pytest.fixture(autouse=True)
def _k(monkeypatch):
    monkeypatch.setenv("GUGUS_K_STRICT", str(K))


def _city(fresh_database: Path, folder: Path, ref, seed: int) -> Path:
    path = folder / "gugus.duckdb"
    folder.mkdir(parents=True)
    shutil.copyfile(fresh_database, path)
    sources = [Incoming(f"{p}-{WEEK + w}.xlsx", sample_bytes(ref, p, WEEK + w, seed=seed)) for w in range(4) for p in PILLARS]
    assert {r.status for r in load_files(sources, db=path)} == {"loaded"}
    return path


def _expected(path: Path, city: str) -> dict[str, set]:
    """What the city may let out, computed here from its own tables: visible numbers, protected ones as None."""
    with gdb.connect(path) as con:
        values = con.execute(
            """SELECT v.week, v.indicator, v.area, v.value, i.sensitive AND i.kind IN ('count', 'stock')
               FROM indicator_value_current v JOIN indicator i ON i.code = v.indicator"""
        ).fetchall()
        cases = con.execute("""SELECT strftime(reported_date, '%G-W%V'), count(*), sum(victims_total) FROM case_current GROUP BY 1""").fetchall()
        refs = {r for (r,) in con.execute("SELECT DISTINCT case_ref FROM case_report").fetchall()}
    small = lambda v: v is not None and 0 < v < K  # noqa: E731
    return {
        "indicator": {(city, w, code, area, None if people and small(v) else v) for w, code, area, v, people in values},
        "cases": {(city, w, None, None) if small(c) or small(n) else (city, w, c, n) for w, c, n in cases},
        "refs": refs,
    }


@pytest.fixture
def two_cities(tmp_path, fresh_database, ref, monkeypatch):
    singkawang = _city(fresh_database, tmp_path / "singkawang", ref, seed=7)
    sambas = _city(fresh_database, tmp_path / "sambas", ref, seed=11)
    shared = tmp_path / "agregat"
    assert main(["--db", str(singkawang), "export", "--aggregates", str(shared)]) == 0
    monkeypatch.setenv("GUGUS_CITY_CODE", "61.01")
    assert main(["--db", str(sambas), "export", "--aggregates", str(shared)]) == 0
    monkeypatch.delenv("GUGUS_CITY_CODE")
    return {"61.72": singkawang, "61.01": sambas}, shared


def test_the_round_trip_keeps_every_visible_number_and_no_protected_one(two_cities, tmp_path, capsys):
    cities, shared = two_cities
    assert sorted(p.name for p in (shared / "indicator").iterdir()) == ["city=61.01", "city=61.72"]
    assert all(p.name.startswith("week=") for p in (shared / "indicator" / "city=61.72").iterdir())
    province = tmp_path / "provinsi" / "gugus.duckdb"
    assert main(["--db", str(province), "import", "--aggregates", str(shared)]) == 0
    assert "Agregat 2 kota diimpor" in capsys.readouterr().out

    with gdb.connect(province) as con:
        indicator = set(con.execute("SELECT city, week, indicator, area, value FROM rollup_indicator").fetchall())
        cases = set(con.execute("SELECT city, week, cases, victims FROM rollup_cases").fetchall())
        people = con.execute(
            """SELECT count(*) FROM rollup_indicator r JOIN indicator i ON i.code = r.indicator
               WHERE i.sensitive AND i.kind IN ('count', 'stock') AND r.value > 0 AND r.value < ?""",
            [K],
        ).fetchone()[0]
        small_cases = con.execute(
            "SELECT count(*) FROM rollup_cases WHERE (cases > 0 AND cases < ?) OR (victims > 0 AND victims < ?)", [K, K]
        ).fetchone()[0]
        ran = con.execute("SELECT city, count(*) FROM rollup_ran GROUP BY city ORDER BY city").fetchall()
    expected = [_expected(path, city) for city, path in cities.items()]
    assert indicator == expected[0]["indicator"] | expected[1]["indicator"]
    assert cases == expected[0]["cases"] | expected[1]["cases"]
    assert people == 0 and small_cases == 0
    # the data exercise both sides of the rule: numbers that pass and numbers that are protected
    assert any(row[-1] is None for row in indicator) and any(row[-1] is not None and row[-1] >= K for row in indicator)
    assert any(row[2] is None for row in cases) and any(row[2] is not None for row in cases)
    assert [c for c, _ in ran] == ["61.01", "61.72"]
    # nothing that names a case leaves a city: no column for it, and no reference anywhere in the files
    texts = duckdb.sql(f"SELECT * FROM read_parquet('{shared.as_posix()}/*/*/*/*.parquet', union_by_name = true)").fetchall()
    refs = expected[0]["refs"] | expected[1]["refs"]
    assert refs and not {v for row in texts for v in row if isinstance(v, str)} & refs


def test_a_new_export_replaces_its_own_city_only_and_import_replaces_its_weeks(two_cities, tmp_path):
    cities, shared = two_cities
    before = {p: p.read_bytes() for p in (shared / "indicator" / "city=61.01").rglob("*.parquet")}
    stale = shared / "indicator" / "city=61.72" / "week=2000-W01"
    stale.mkdir()
    (stale / "data_0.parquet").write_bytes(next(iter(before.values())))
    assert main(["--db", str(cities["61.72"]), "export", "--aggregates", str(shared)]) == 0
    assert not stale.exists()  # a week the city no longer has is gone with its old export
    assert {p: p.read_bytes() for p in (shared / "indicator" / "city=61.01").rglob("*.parquet")} == before
    province = tmp_path / "provinsi" / "gugus.duckdb"
    for _ in range(2):
        assert main(["--db", str(province), "import", "--aggregates", str(shared)]) == 0
    with gdb.connect(province) as con:
        twice = con.execute("SELECT count(*), count(DISTINCT (city, week, indicator, area)) FROM rollup_indicator").fetchone()
    assert twice[0] == twice[1]  # imported again: replaced, not doubled


def test_import_refuses_a_folder_with_a_count_that_should_be_protected_and_writes_nothing(two_cities, tmp_path, capsys):
    _, shared = two_cities
    province = tmp_path / "provinsi" / "gugus.duckdb"
    assert main(["--db", str(province), "import", "--aggregates", str(shared)]) == 0
    with gdb.connect(province) as con:
        before = con.execute("SELECT count(*), sum(cases) FROM rollup_cases").fetchone()
    spoiled = tmp_path / "dirusak"
    shutil.copytree(shared, spoiled)
    part = sorted((spoiled / "cases" / "city=61.72").rglob("*.parquet"))[0]
    rewritten = tmp_path / "ditulis-ulang.parquet"
    duckdb.sql(
        f"COPY (SELECT * REPLACE (2 AS cases, 9 AS victims) FROM read_parquet('{part.as_posix()}')) TO '{rewritten.as_posix()}' (FORMAT parquet)"
    )
    rewritten.replace(part)
    assert main(["--db", str(province), "import", "--aggregates", str(spoiled)]) == 1
    err = capsys.readouterr().err
    assert "kota 61.72" in err and f"di bawah {K}" in err and "Tidak ada yang diimpor" in err
    with gdb.connect(province) as con:
        assert con.execute("SELECT count(*), sum(cases) FROM rollup_cases").fetchone() == before


def test_export_and_import_say_what_is_wrong_with_a_folder(db, tmp_path, capsys):
    assert main(["export", "--aggregates", str(tmp_path / "kosong")]) == 1  # a database without data: nothing to export
    assert "belum berisi data" in capsys.readouterr().err
    a_file = tmp_path / "berkas.txt"
    a_file.write_text("x")
    assert main(["import", "--aggregates", str(a_file)]) == 2
    assert "bukan folder" in capsys.readouterr().err
    assert main(["import", "--aggregates", str(tmp_path / "tidak-ada")]) == 2
    assert "tidak ditemukan" in capsys.readouterr().err
    assert main(["import", "--aggregates", str(tmp_path)]) == 2
    assert "tidak berisi agregat" in capsys.readouterr().err
    with pytest.raises(aggregates.AggregatesRefused, match="bukan folder"):
        aggregates.export(a_file, db=db)


def _rewrite(part: Path, select: str, tmp_path: Path) -> None:
    """Rewrite one Parquet file of an export through ``select`` (SQL over ``t``, the file as it was)."""
    out = tmp_path / "ditulis-ulang.parquet"
    duckdb.sql(f"COPY (WITH t AS (SELECT * FROM read_parquet('{part.as_posix()}')) {select}) TO '{out.as_posix()}' (FORMAT parquet)")
    out.replace(part)


TAMPERED = {
    "a percentage of people with small parts": (
        "indicator",
        "SELECT * REPLACE (CASE WHEN indicator = 'RKS-02' THEN 1 ELSE numerator END AS numerator,"
        " CASE WHEN indicator = 'RKS-02' THEN 9 ELSE denominator END AS denominator) FROM t",
        "di bawah",
    ),
    "a code in other letters": ("indicator", "SELECT * REPLACE (lower(indicator) AS indicator) FROM t", "kode indikator tidak dikenal"),
    "a negative count": ("cases", "SELECT * REPLACE (-3 AS cases, -3 AS victims) FROM t", "angka negatif"),
    "a count as text": ("cases", "SELECT * REPLACE ('banyak' AS cases) FROM t", "tidak dapat dibaca"),
    "an average carrying its victims": ("indicator", "SELECT * REPLACE (2 AS denominator) FROM t", "bukan persentase"),
}


@pytest.mark.parametrize("case", sorted(TAMPERED))
def test_import_refuses_what_export_never_writes_and_writes_nothing(two_cities, tmp_path, capsys, case):
    _, shared = two_cities
    province = tmp_path / "provinsi" / "gugus.duckdb"
    assert main(["--db", str(province), "import", "--aggregates", str(shared)]) == 0
    with gdb.connect(province) as con:
        before = [con.execute(f"SELECT count(*) FROM {t}").fetchone() for t in aggregates.ROLLUP.values()]
    spoiled = tmp_path / "dirusak"
    shutil.copytree(shared, spoiled)
    table, select, said = TAMPERED[case]
    wanted = {"average": "kind = 'average'", "percentage": "indicator = 'RKS-02'"}.get(case.split()[1], "true")
    part = next(
        p
        for p in sorted((spoiled / table / "city=61.72").rglob("*.parquet"))
        if duckdb.sql(f"SELECT count(*) FROM read_parquet('{p.as_posix()}') WHERE {wanted}").fetchall()[0][0]
    )
    if "average" in case:  # an indicator that is not a percentage, given a denominator
        select = "SELECT * REPLACE (CASE WHEN kind = 'average' THEN 2 END AS denominator) FROM t"
    _rewrite(part, select, tmp_path)
    capsys.readouterr()
    assert main(["--db", str(province), "import", "--aggregates", str(spoiled)]) == 1
    err = capsys.readouterr().err
    assert said in err and "Tidak ada yang diimpor" in err and "nomor rujukan" not in err
    with gdb.connect(province) as con:
        assert [con.execute(f"SELECT count(*) FROM {t}").fetchone() for t in aggregates.ROLLUP.values()] == before


def test_a_stray_copy_of_a_file_is_refused_not_counted_twice(two_cities, tmp_path, capsys):
    _, shared = two_cities
    part = sorted((shared / "indicator" / "city=61.72").rglob("*.parquet"))[0]
    shutil.copyfile(part, part.with_name("data_0 (salinan konflik).parquet"))
    assert main(["--db", str(tmp_path / "p.duckdb"), "import", "--aggregates", str(shared)]) == 1
    assert "baris ganda" in capsys.readouterr().err


def test_only_percentages_carry_their_parts_out(two_cities):
    _, shared = two_cities
    kinds = duckdb.sql(
        f"""SELECT kind, count(*) FILTER (WHERE numerator IS NOT NULL OR denominator IS NOT NULL)
            FROM read_parquet('{shared.as_posix()}/indicator/*/*/*.parquet') GROUP BY kind"""
    ).fetchall()
    assert {kind for kind, _ in kinds} >= {"count", "percent", "average"}
    assert {kind for kind, with_parts in kinds if with_parts} <= {"percent"}


def test_a_week_withdrawn_at_the_city_leaves_the_roll_up_too(two_cities, tmp_path):
    from etl.load import rollback

    cities, shared = two_cities
    province = tmp_path / "provinsi" / "gugus.duckdb"
    assert main(["--db", str(province), "import", "--aggregates", str(shared)]) == 0
    with gdb.connect(cities["61.72"]) as con:
        uploads = [i for (i,) in con.execute("SELECT id FROM upload WHERE week = ?", [str(WEEK)]).fetchall()]
    for upload in uploads:
        rollback(upload, db=cities["61.72"], by="ketua")
    assert main(["--db", str(cities["61.72"]), "export", "--aggregates", str(shared)]) == 0
    assert main(["--db", str(province), "import", "--aggregates", str(shared)]) == 0
    with gdb.connect(province) as con:
        weeks = dict(con.execute("SELECT city, count(*) FILTER (WHERE week = ?) FROM rollup_indicator GROUP BY city", [str(WEEK)]).fetchall())
    assert weeks == {"61.72": 0, "61.01": weeks["61.01"]} and weeks["61.01"] > 0


@pytest.mark.parametrize("code", ["Kota Singkawang", "61.72 ", "x/../../korban", "99.99"])
def test_a_city_code_that_is_no_kabupaten_kota_exports_nothing(db, ref, tmp_path, monkeypatch, capsys, code):
    load_files([Incoming("p.xlsx", sample_bytes(ref, "pencegahan"))], db=db)
    monkeypatch.setenv("GUGUS_CITY_CODE", code)
    assert main(["export", "--aggregates", str(tmp_path / "agregat")]) == 2
    assert "GUGUS_CITY_CODE" in capsys.readouterr().err
    assert not list((tmp_path / "agregat").rglob("*.parquet")) if (tmp_path / "agregat").exists() else True
