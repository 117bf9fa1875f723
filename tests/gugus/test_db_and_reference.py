"""Migrations, reference data and the settings the rest relies on."""

from __future__ import annotations

import duckdb

from gugus import bootstrap
from gugus import db as gdb
from gugus import reference as reference_module
from gugus.reference import Reference


def test_older_database_is_upgraded_on_open(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    assert gdb.migrate(con, upto=1) == [1]
    con.execute("INSERT INTO meta VALUES ('marker', 'kept')")
    con.close()
    bootstrap.ensure_database(path)
    with gdb.connect(path) as con:
        applied = gdb.applied_migrations(con)
        assert applied == list(range(1, len(applied) + 1)) and len(applied) >= 3
        assert gdb.get_meta(con, "marker") == "kept"
        assert con.execute("SELECT count(*) FROM indicator_value_current").fetchone() == (0,)
    bootstrap.ensure_database(path)  # idempotent
    with gdb.connect(path) as con:
        assert con.execute("SELECT count(*) FROM schema_migration").fetchone() == (len(applied),)


def test_reference_refresh_only_when_csvs_change(db):
    with gdb.connect(db, write=True) as con:
        version = gdb.data_version(con)
        assert reference_module.refresh(con) is False
        assert gdb.data_version(con) == version
        assert reference_module.refresh(con, force=True) is True
        assert gdb.data_version(con) == version + 1


def test_reference_data_covers_the_domain(db):
    with gdb.connect(db) as con:
        ref = Reference.load(con)
        count = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        assert list(ref.pillars) == ["pencegahan", "penegakan-hukum", "kerja-sama", "rehab-kesehatan", "rehab-sosial"]
        assert count("SELECT count(*) FROM indicator") >= 25
        assert count("SELECT count(DISTINCT pillar) FROM indicator") == 5
        assert count("SELECT count(*) FROM area WHERE level = 'kecamatan' AND parent = '61.72'") == 5
        assert count("SELECT count(*) FROM area WHERE level = 'kecamatan' AND parent = '61.01'") == 19
        assert count("SELECT count(*) FROM area WHERE level = 'kelurahan' AND parent LIKE '61.72.%'") == 26
        assert count("SELECT count(*) FROM area WHERE level = 'kecamatan' AND (bps_code IS NULL) AND parent IN ('61.72', '61.01')") == 0
        assert count("SELECT count(*) FROM route") >= 6
        assert count("SELECT count(*) FROM ran_action WHERE example") >= 30
        # every reference between tables resolves
        assert count("SELECT count(*) FROM route_stop s LEFT JOIN place p ON p.code = s.place_code WHERE p.code IS NULL") == 0
        assert count("SELECT count(*) FROM ran_action a LEFT JOIN agency g ON g.code = a.lead_agency WHERE g.code IS NULL") == 0
        assert count("SELECT count(*) FROM indicator i LEFT JOIN agency g ON g.code = i.source_agency WHERE g.code IS NULL") == 0
        assert (
            count("""SELECT count(*) FROM (SELECT unnest(indicator_codes) c FROM ran_action) x
                        LEFT JOIN indicator i ON i.code = x.c WHERE i.code IS NULL""")
            == 0
        )
        assert count("SELECT count(*) FROM area a LEFT JOIN area p ON p.code = a.parent WHERE a.parent IS NOT NULL AND p.code IS NULL") == 0
        # coordinates of the two kabupaten/kota fall where DOMAIN.md puts them
        assert count("SELECT count(*) FROM area WHERE code LIKE '61.72.%' AND NOT (lat BETWEEN 0.75 AND 1.05 AND lon BETWEEN 108.9 AND 109.2)") == 0
        assert count("SELECT count(*) FROM area WHERE code LIKE '61.01.%' AND NOT (lat BETWEEN 1.0 AND 2.1 AND lon BETWEEN 108.9 AND 109.7)") == 0
        # every route crosses somewhere
        assert (
            count("""SELECT count(*) FROM route r WHERE NOT EXISTS (SELECT 1 FROM route_stop s JOIN place p
                        ON p.code = s.place_code WHERE s.route_code = r.code AND s.stage = 'penyeberangan')""")
            == 0
        )


def test_renamed_agencies_found_by_old_name(db):
    with gdb.connect(db) as con:
        ref = Reference.load(con)
    assert ref.agencies.find("BP2MI").code == "KP2MI"
    assert ref.agencies.find("bnp2tki").code == "KP2MI"
    assert sorted(ref.agencies.find("Kemenkumham").candidates) == ["KEMENIMIPAS", "KEMENKUM"]


def test_one_source_for_every_list_of_labels():
    """The workbook's drop-down of RAN statuses says what the pages say; colours are keyed by code."""
    import csv

    from gugus import auth, labels
    from gugus.settings import REFERENCE_DIR

    with open(REFERENCE_DIR / "choices.csv", encoding="utf-8") as handle:
        reported = {r["code"]: r["label_id"] for r in csv.DictReader(handle) if r["list"] == "status-aksi"}
    assert reported == labels.RAN_REPORTED
    assert set(labels.RAN_STATUS_COLOUR) == set(labels.RAN_STATUS)
    assert set(labels.REPORTING_STATE_COLOUR) == set(labels.REPORTING_STATE)
    assert set(labels.INDICATOR_STATUS_FILL) == set(labels.INDICATOR_STATUS)
    assert auth.ROLES is labels.ROLES and set(labels.PAGES) == set(auth.PAGES)
