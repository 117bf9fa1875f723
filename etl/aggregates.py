"""A city's suppressed aggregates, for a province or ministry instance that reads many cities (the roll-up).

``export`` writes, for every week with current data, three tables as Parquet, hive-partitioned by city and week::

    DIR/indicator/city=61.72/week=2026-W47/data_0.parquet   indicator, area, pillar, kind, value, numerator, denominator, protected
    DIR/cases/city=61.72/week=2026-W47/data_0.parquet       cases, victims, protected  (cases reported that week)
    DIR/ran/city=61.72/week=2026-W47/data_0.parquet         action, pillar, status, progress

The data leave the city, so they are suppressed for the strictest audience (``k_strict``): a count of people from 1
to k−1 is not written (null, ``protected`` true), nor are the numerator and denominator of a percentage of people
when either, or the people it leaves out, is such a count. Nothing that names a case or a person is exported. A new
export replaces this city's folders, never another city's.

``import`` reads such a folder (of one city or many) into the roll-up tables ``rollup_indicator``, ``rollup_cases``
and ``rollup_ran``, each city in it replacing all that city's rows (an export is whole). It refuses, writing nothing, a folder that holds a count
that should have been protected or a file that is not one of these tables.
"""

from __future__ import annotations

import re
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from gugus import bootstrap, settings, suppression
from gugus import db as gdb
from gugus.errors import UserError
from gugus.i18n import t
from gugus.indicators import counts_people, parts_hidden

TABLES = ("indicator", "cases", "ran")
ROLLUP = {"indicator": "rollup_indicator", "cases": "rollup_cases", "ran": "rollup_ran"}
WORDS = {"indicator": "nilai indikator", "cases": "minggu kasus", "ran": "pembaruan aksi RAN"}
COLUMNS = {
    "indicator": "city VARCHAR, week VARCHAR, indicator VARCHAR, area VARCHAR, pillar VARCHAR, kind VARCHAR, value DOUBLE, "
    "numerator DOUBLE, denominator DOUBLE, protected BOOLEAN",
    "cases": "city VARCHAR, week VARCHAR, cases BIGINT, victims BIGINT, protected BOOLEAN",
    "ran": "city VARCHAR, week VARCHAR, action VARCHAR, pillar VARCHAR, status VARCHAR, progress DOUBLE",
}


class AggregatesRefused(UserError):
    """An export or import that cannot be done; nothing was written. ``exit_code`` 1: refused content (or nothing
    to export), 2: an unusable folder."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class Exported:
    city: str
    folder: Path
    weeks: list[str]
    rows: dict[str, int] = field(default_factory=dict)
    k: int = 0


def _indicator_rows(con: duckdb.DuckDBPyConnection, city: str, k: int) -> list[dict]:
    rows = con.execute(
        """SELECT v.week, v.indicator, v.area, v.pillar, i.kind, coalesce(i.sensitive, false), v.value, v.numerator, v.denominator
           FROM indicator_value_current v JOIN indicator i ON i.code = v.indicator
           ORDER BY v.week, v.indicator, v.area"""
    ).fetchall()
    out = []
    for week, code, area, pillar, kind, sensitive, value, numerator, denominator in rows:
        hidden = counts_people(kind, sensitive) and suppression.is_small(value, k)
        # Only a percentage carries its parts out (an average's denominator counts the victims it averages).
        hide_parts = hidden or kind != "percent" or (sensitive and parts_hidden(numerator, denominator, k))
        out.append(
            {
                "city": city,
                "week": week,
                "indicator": code,
                "area": area,
                "pillar": pillar,
                "kind": kind,
                "value": None if hidden else value,
                "numerator": None if hide_parts else numerator,
                "denominator": None if hide_parts else denominator,
                "protected": bool(hidden or (kind == "percent" and hide_parts and (numerator is not None or denominator is not None))),
            }
        )
    return out


def _case_rows(con: duckdb.DuckDBPyConnection, city: str, k: int) -> list[dict]:
    rows = con.execute(
        """SELECT strftime(reported_date, '%G-W%V') AS week, count(*), coalesce(sum(victims_total), 0)
           FROM case_current WHERE reported_date IS NOT NULL GROUP BY 1 ORDER BY 1"""
    ).fetchall()
    out = []
    for week, cases, victims in rows:
        small = suppression.is_small(cases, k) or suppression.is_small(victims, k)  # a small count of either gives the case away
        out.append({"city": city, "week": week, "cases": None if small else cases, "victims": None if small else victims, "protected": small})
    return out


def _ran_rows(con: duckdb.DuckDBPyConnection, city: str) -> list[dict]:
    rows = con.execute("SELECT week, action, pillar, status, progress FROM ran_update_current ORDER BY week, action").fetchall()
    return [{"city": city, "week": w, "action": a, "pillar": p, "status": s, "progress": g} for w, a, p, s, g in rows]


def export(folder: str | Path, *, db: str | Path | None = None, city: str | None = None) -> Exported:
    """Write this city's suppressed aggregates under ``folder`` (created if missing), replacing its earlier export."""
    path = settings.db_path(db)
    bootstrap.ensure_database(path)
    city = city or str(settings.get("city_code"))
    k = int(settings.get("k_strict"))
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise AggregatesRefused(t("aggregates.not-folder", folder=folder))
    with gdb.connect(path) as con:
        known = con.execute("SELECT count(*) FROM area WHERE code = ? AND level = 'kabkota'", [city]).fetchone()[0]
        if not re.fullmatch(r"\d{2}\.\d{2}", city) or not known:  # it names folders: nothing else may pass
            raise AggregatesRefused(t("aggregates.city-code", city=city))
        tables = {"indicator": _indicator_rows(con, city, k), "cases": _case_rows(con, city, k), "ran": _ran_rows(con, city)}
    if not any(tables.values()):
        raise AggregatesRefused(t("aggregates.no-data"), 1)
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".ekspor-{uuid.uuid4().hex[:8]}"
    try:
        staging.mkdir()
        work = duckdb.connect(":memory:")
        try:
            for name, rows in tables.items():
                if not rows:
                    continue
                work.execute(f"CREATE TABLE {name} ({COLUMNS[name]})")
                incoming = pa.Table.from_pylist(rows)  # noqa: F841 - DuckDB reads it by name
                work.execute(f"INSERT INTO {name} BY NAME SELECT * FROM incoming")
                target = (staging / name).as_posix().replace("'", "''")
                work.execute(f"COPY {name} TO '{target}' (FORMAT parquet, PARTITION_BY (city, week), FILENAME_PATTERN 'data_{{i}}')")
        finally:
            work.close()
        for name in TABLES:  # this city's folders replaced whole; other cities' are left as they are
            target = folder / name / f"city={city}"
            if target.exists():
                shutil.rmtree(target)
            written = staging / name / f"city={city}"
            if written.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                written.replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    weeks = sorted({r["week"] for rows in tables.values() for r in rows})
    return Exported(city, folder, weeks, {name: len(rows) for name, rows in tables.items()}, k)


@dataclass
class Imported:
    cities: list[str]
    weeks: int
    rows: dict[str, int]


def import_folder(folder: str | Path, *, db: str | Path | None = None) -> Imported:
    """Read an aggregates folder into the roll-up tables in one transaction. A city in the folder replaces all its
    rows (its export is whole: a week withdrawn there goes here too); the other cities' rows stay."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise AggregatesRefused(t("aggregates.not-folder", folder=folder))
    if not folder.is_dir():
        raise AggregatesRefused(t("aggregates.missing", folder=folder))
    files = {name: sorted((folder / name).glob("city=*/week=*/*.parquet")) for name in TABLES}
    if not any(files.values()):
        raise AggregatesRefused(t("aggregates.empty", folder=folder))
    path = settings.db_path(db)
    bootstrap.ensure_database(path)
    k = int(settings.get("k_strict"))
    with gdb.connect(path, write=True) as con:
        con.execute("BEGIN")
        try:
            for name, paths in files.items():
                con.execute(f"CREATE TABLE IF NOT EXISTS {ROLLUP[name]} ({COLUMNS[name]})")
                con.execute(f"CREATE TEMP TABLE incoming_{name} ({COLUMNS[name]})")
                if paths:
                    columns = ", ".join(c.split()[0] for c in COLUMNS[name].split(", "))
                    try:
                        con.execute(
                            f"INSERT INTO incoming_{name} SELECT {columns} FROM read_parquet(?, hive_partitioning = true, union_by_name = true)",
                            [[p.as_posix() for p in paths]],
                        )
                    except duckdb.Error as exc:
                        raise AggregatesRefused(t("aggregates.unreadable", table=name, folder=folder, detail=type(exc).__name__), 1) from None
                _check(con, name, k, folder)
            brought = "SELECT city FROM incoming_indicator UNION SELECT city FROM incoming_cases UNION SELECT city FROM incoming_ran"
            rows = {}
            for name in TABLES:
                con.execute(f"DELETE FROM {ROLLUP[name]} WHERE city IN ({brought})")
                con.execute(f"INSERT INTO {ROLLUP[name]} BY NAME SELECT * FROM incoming_{name}")
                rows[name] = con.execute(f"SELECT count(*) FROM incoming_{name}").fetchone()[0]
            cities = [c for (c,) in con.execute(f"SELECT DISTINCT city FROM ({brought}) ORDER BY city").fetchall()]
            weeks = con.execute(f"SELECT count(*) FROM ({' UNION '.join(f'SELECT city, week FROM {ROLLUP[n]}' for n in TABLES)})").fetchone()[0]
            for name in TABLES:
                con.execute(f"DROP TABLE incoming_{name}")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return Imported(cities, weeks, rows)


# What export never writes, each with its reason: (table, SQL giving city, week and what, reason, a protected count?)
_CHECKS = [
    (
        "indicator",
        "SELECT city, week, indicator FROM incoming_indicator v ANTI JOIN indicator i ON i.code = v.indicator",
        "kode indikator tidak dikenal",
        False,
    ),
    (
        "indicator",
        "SELECT city, week, indicator FROM incoming_indicator v JOIN indicator i ON i.code = v.indicator WHERE v.kind IS DISTINCT FROM i.kind",
        "jenis indikator tidak sesuai definisinya",
        False,
    ),
    ("indicator", "SELECT city, week, indicator FROM incoming_indicator WHERE value < 0 OR numerator < 0 OR denominator < 0", "angka negatif", False),
    (
        "indicator",
        "SELECT city, week, indicator FROM incoming_indicator WHERE kind <> 'percent' AND (numerator IS NOT NULL OR denominator IS NOT NULL)",
        "pembilang atau penyebut pada indikator yang bukan persentase",
        False,
    ),
    (
        "indicator",
        "SELECT city, week, indicator FROM incoming_indicator GROUP BY city, week, indicator, area HAVING count(*) > 1",
        "baris ganda (salinan berkas?)",
        False,
    ),
    (
        "indicator",
        """SELECT city, week, indicator FROM incoming_indicator v JOIN indicator i ON i.code = v.indicator
                     WHERE coalesce(i.sensitive, false) AND i.kind IN ('count', 'stock') AND v.value > 0 AND v.value < $k""",
        "",
        True,
    ),
    (
        "indicator",
        """SELECT city, week, indicator FROM incoming_indicator v JOIN indicator i ON i.code = v.indicator
                     WHERE coalesce(i.sensitive, false) AND v.denominator > 0
                       AND ((v.numerator > 0 AND v.numerator < $k) OR (v.denominator - coalesce(v.numerator, 0) > 0
                            AND v.denominator - coalesce(v.numerator, 0) < $k) OR v.denominator < $k)""",
        "",
        True,
    ),
    ("cases", "SELECT city, week, 'kasus' FROM incoming_cases WHERE cases < 0 OR victims < 0", "angka negatif", False),
    ("cases", "SELECT city, week, 'kasus' FROM incoming_cases GROUP BY ALL HAVING count(*) > 1", "baris ganda (salinan berkas?)", False),
    ("cases", "SELECT city, week, 'kasus' FROM incoming_cases WHERE (cases > 0 AND cases < $k) OR (victims > 0 AND victims < $k)", "", True),
    ("ran", "SELECT city, week, action FROM incoming_ran GROUP BY ALL HAVING count(*) > 1", "baris ganda (salinan berkas?)", False),
]


def _check(con: duckdb.DuckDBPyConnection, name: str, k: int, folder: Path) -> None:
    """Refuse a folder holding what export never writes: a count of people that should have been protected, an unknown
    indicator, a negative count, a row twice (a stray copy of a file would count it twice)."""
    for table, sql, reason, protected in _CHECKS:
        if table != name:
            continue
        found = con.execute(sql.replace("$k", str(k)) + " LIMIT 1").fetchone()
        if found:
            city, week, what = found
            if protected:
                raise AggregatesRefused(t("aggregates.protected", what=what, city=city, week=week, folder=folder, k=k), 1)
            raise AggregatesRefused(t("aggregates.invalid", what=what, city=city, week=week, folder=folder, reason=reason), 1)
