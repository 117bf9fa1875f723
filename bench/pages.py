"""Benchmark: server-side run time of every page (AppTest), the briefing pack and the print map, on the demo
database against a national-scale one, cold and warm.

  demo       the demo database: Kota Singkawang, 52 weeks, 5 pillars
  national   514 kabupaten/kota of 14 kecamatan each (synthetic area codes), 3 years of weeks, as if every
             kabupaten/kota reported what the sample generator writes for Singkawang: each indicator's rows over
             every area of its level; each case, victim service and follow-up once for each of ``--case-cities``
             kabupaten/kota (default 8: about 1,600 cases a year, the order of the TPPO cases reported in all
             Indonesia; 514 puts Singkawang's synthetic rate, ~200 a year, in every city: 100,000 a year); loaded
             through the same write path as an upload (Excel reading left out: it is bench/etl.py's)

Each database is measured in its own process (for its peak memory), the two alternating over ``--rounds``
rounds; medians. Per page it prints seconds cold (caches cleared) and warm, the national/demo ratio of cold
runs (target <= 2: the work is in DuckDB, not Python) and the warm/cold ratio (target <= 0.2).

Usage: uv run python bench/pages.py [--rounds 3] [--kabkota 514] [--kecamatan 14] [--years 3] [--case-cities 8] [--demo PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGES = ["ringkasan", "indikator", "peta", "aksi_ran", "alur", "rantai", "kelengkapan", "unggah"]
EXTRA = ["bahan rapat (PDF)", "peta cetak (PDF)"]


def scaled_database(path: Path, kabkota: int, kecamatan: int, years: int = 3, case_cities: int = 8) -> dict:
    """A database of ``kabkota`` synthetic kabupaten/kota of ``kecamatan`` kecamatan each, ``years`` years of weeks,
    the cases of ``case_cities`` of them."""
    import pyarrow as pa

    from etl import workbook as wb
    from etl.issues import Report
    from etl.load import _BatchWriter, reference
    from etl.plan import ensure_example_plan
    from etl.sample import sample_rows
    from etl.validate import ParsedWorkbook, Validation
    from gugus import bootstrap
    from gugus import db as gdb
    from gugus.weeks import current_week, week_range

    bootstrap.ensure_database(path)
    ensure_example_plan(path)
    areas = []
    for k in range(kabkota):
        province, city = divmod(k, 99)
        kab = f"{20 + province}.{city + 1:02d}"  # codes no real area has (province codes go up to 9x)
        lat, lon = -8 + (k % 40) * 0.4, 95 + (k // 40) * 3
        areas.append({"code": kab, "name": f"Kabupaten Sintetis {k + 1}", "level": "kabkota", "parent": None, "lat": lat, "lon": lon})
        areas += [
            {
                "code": f"{kab}.{j + 1:02d}",
                "name": f"Kecamatan Sintetis {k + 1}-{j + 1}",
                "level": "kecamatan",
                "parent": kab,
                "lat": lat + j * 0.01,
                "lon": lon,
            }
            for j in range(kecamatan)
        ]
    synthetic = pa.Table.from_pylist([{**a, "confidence": "L"} for a in areas])  # noqa: F841 - DuckDB reads it by name
    with gdb.connect(path, write=True) as con:
        con.execute("INSERT INTO area BY NAME SELECT * FROM synthetic")
    ref = reference(path)
    cities = [a["code"] for a in areas if a["level"] == "kabkota"]
    districts = {c: [a["code"] for a in areas if a["parent"] == c] for c in cities}
    every_district = [d for c in cities for d in districts[c]]
    writer = _BatchWriter(path, archive_dir=path.parent / "uploads")
    tz = ZoneInfo("Asia/Pontianak")
    rows_loaded = 0
    weeks = week_range(current_week() - 1, 52 * years)
    for week in weeks:
        for pillar in ref.pillars:
            context = {"ref": ref, "pillar": pillar, "today": dt.date.today()}
            parsed = ParsedWorkbook(pillar, week, None, None, week.sunday, True, wb.TEMPLATE_VERSION)
            for sheet, items in sample_rows(pillar, week, ref).items():
                model = wb.SHEET_MODELS[sheet]
                aliases = {name: f.alias for name, f in model.model_fields.items() if f.alias}
                typed = [model.model_validate({aliases[k]: v for k, v in item.items() if k in aliases}, context=context) for item in items]
                spread = _spread(sheet, typed, ref, cities, cities[:case_cities], districts, every_district)
                parsed.rows[sheet] = [(r + 2, row) for r, row in enumerate(spread)]
            rows_loaded += sum(len(v) for v in parsed.rows.values())
            name = f"{pillar}-{week}.xlsx"
            data = f"{name}-national".encode()
            validation = Validation(name, gdb.file_sha256(data), data, Report(name), parsed)
            writer.add(validation, by="bench", at=dt.datetime.combine(week.sunday, dt.time(20), tz))
    writer.flush()
    writer.close()
    with gdb.connect(path, write=True) as con:
        gdb.set_meta(con, "demo", "1")
    return {"weeks": len(weeks), "areas": len(areas), "rows": rows_loaded}


def _spread(
    sheet: str, rows: list, ref, cities: list[str], case_cities: list[str], districts: dict[str, list[str]], every_district: list[str]
) -> list:
    """The city's rows as the kabupaten/kota would report them: an indicator's first row for every area of its
    level; each case, service and follow-up once per kabupaten/kota of ``case_cities`` (its reference prefixed
    with the city's code)."""
    from etl import workbook as wb

    if sheet == wb.SHEET_INDICATORS:
        out, seen = [], set()
        for row in rows:
            if row.indicator in seen:
                continue
            seen.add(row.indicator)
            level = ref.areas.rows[row.area]["level"]
            out += [row.model_copy(update={"area": code}) for code in (cities if level == "kabkota" else every_district)]
        return out
    if sheet == wb.SHEET_CASES:
        return [
            row.model_copy(update={"case_ref": f"{city}/{row.case_ref}", "origin_area": districts[city][0], "lat": None, "lon": None})
            for city in case_cities
            for row in rows
        ]
    if sheet == wb.SHEET_SERVICES:
        return [
            row.model_copy(update={"case_ref": f"{city}/{row.case_ref}", "origin_area": districts[city][0] if row.origin_area else None})
            for city in case_cities
            for row in rows
        ]
    if sheet == wb.SHEET_FOLLOWUP:
        return [row.model_copy(update={"case_ref": f"{city}/{row.case_ref}" if row.case_ref else None}) for city in case_cities for row in rows]
    return rows


def time_once(db: Path) -> dict[str, dict[str, float]]:
    """Every page, the briefing pack and the print map, each drawn cold (caches cleared) then warm, once."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from gugus import briefing_files, maps, printmap
    from gugus import db as gdb
    from gugus.auth import User
    from gugus.weeks import current_week
    from ui.session import SHELL

    os.environ["GUGUS_DB"] = str(db)
    user = User("ketua", "ketua")
    week = current_week() - 1

    def page(name: str):
        app = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=600)
        app.session_state[SHELL] = True  # as if app.py had run first, as in the server
        app.session_state["user"] = user
        return app

    def print_map() -> None:  # the Peta page's PDF download: the case map of the last 13 weeks, all of it
        with gdb.connect(db) as con:
            data = maps.map_data(con, week - 12, week, 3)
        printmap.print_map(data, "Seluruh", "13 minggu terakhir", "pdf")

    def briefing() -> None:
        briefing_files.generate(week, "ketua", ("pdf",), db=db, by="bench")

    for name in PAGES:  # one unmeasured run first: imports and Streamlit's own start-up are not the page's work
        page(name).run()
    out = {}
    for name in PAGES:
        st.cache_data.clear()
        st.cache_resource.clear()
        app = page(name)
        started = time.perf_counter()
        app.run()
        cold = time.perf_counter() - started
        assert not app.exception, app.exception
        started = time.perf_counter()
        app.run()
        out[name] = {"cold": cold, "warm": time.perf_counter() - started}
    for name, draw in zip(EXTRA, (briefing, print_map), strict=True):
        st.cache_data.clear()
        st.cache_resource.clear()
        started = time.perf_counter()
        draw()
        cold = time.perf_counter() - started
        started = time.perf_counter()
        draw()
        out[name] = {"cold": cold, "warm": time.perf_counter() - started}
    return out


def measure(db: Path) -> dict:
    """One round on ``db`` in a fresh process: its times, and the process's peak memory."""
    args = [sys.executable, __file__, "--child", str(db)]
    done = subprocess.run(args, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--kabkota", type=int, default=514)
    parser.add_argument("--kecamatan", type=int, default=14)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--case-cities", type=int, default=8, help="kabupaten/kota whose cases are written (514: all)")
    parser.add_argument("--demo", help="an existing demo database to copy (default: one built for the run)")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        times = time_once(Path(args.child))
        print(json.dumps({"times": times, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
        return
    from etl.demo import build_demo

    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo" / "gugus.duckdb"
        national = Path(tmp) / "national" / "gugus.duckdb"
        started = time.perf_counter()
        if args.demo:
            demo.parent.mkdir(parents=True)
            shutil.copyfile(args.demo, demo)
        else:
            build_demo(demo)
        print(f"demo database: 52 weeks, built in {time.perf_counter() - started:.0f} s, {_mb(demo):.0f} MB")
        started = time.perf_counter()
        info = scaled_database(national, args.kabkota, args.kecamatan, args.years, args.case_cities)
        print(
            f"national database: {args.kabkota} kabupaten/kota ({args.case_cities} with cases), {info['areas']:,} synthetic areas, "
            f"{info['weeks']} weeks, {info['rows']:,} fact rows, built in {time.perf_counter() - started:.0f} s, {_mb(national):.0f} MB"
        )
        rounds = [(measure(demo), measure(national)) for _ in range(args.rounds)]  # alternating: a busy moment hits both
    small = {n: {w: statistics.median(r[0]["times"][n][w] for r in rounds) for w in ("cold", "warm")} for n in PAGES + EXTRA}
    large = {n: {w: statistics.median(r[1]["times"][n][w] for r in rounds) for w in ("cold", "warm")} for n in PAGES + EXTRA}
    print(
        f"\nmedian of {args.rounds} alternating rounds, seconds  demo cold  demo warm   nat cold   nat warm  nat/demo  warm/cold demo  warm/cold nat"
    )
    for name in PAGES + EXTRA:
        s, b = small[name], large[name]
        print(
            f"{name:<39} {s['cold']:9.3f}  {s['warm']:9.3f}  {b['cold']:9.3f}  {b['warm']:9.3f}  "
            f"{b['cold'] / s['cold']:7.2f}x  {s['warm'] / s['cold']:14.2f}  {b['warm'] / b['cold']:13.2f}"
        )
    peak_small = max(r[0]["peak_mb"] for r in rounds)
    peak_large = max(r[1]["peak_mb"] for r in rounds)
    print(f"peak memory of the process drawing them: demo {peak_small:.0f} MB, national {peak_large:.0f} MB")
    print("targets: nat/demo <= 2 (cold), warm/cold <= 0.2")


if __name__ == "__main__":
    main()
