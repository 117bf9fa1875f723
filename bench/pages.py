"""Benchmark: server-side run time of every page (AppTest), demo database against a province-scale one,
cold and warm cache.

  demo       the demo database: Kota Singkawang, 52 weeks, 5 pillars
  province   14 kabupaten/kota of 12 kecamatan each (synthetic area codes), 3 years of weeks; built with
             the sample generator, its per-area rows spread over every kabupaten/kota and kecamatan, and
             loaded through the same write path as an upload (Excel reading left out: it is bench/etl.py's)

Per page it prints median seconds cold (caches cleared) and warm, the province/demo ratio of cold runs
(target <= 2: the work is in DuckDB, not Python) and the warm/cold ratio (target <= 0.2).

Usage: uv run python bench/pages.py [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGES = ["ringkasan", "indikator", "peta", "aksi_ran", "alur", "rantai", "kelengkapan", "unggah"]
KABKOTA, KECAMATAN = 14, 12


def province_database(path: Path, years: int = 3) -> dict:
    """A province-sized database: synthetic areas, then every pillar-week of ``years`` years loaded."""
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
    with gdb.connect(path, write=True) as con:
        for k in range(KABKOTA):
            kab = f"61.{80 + k}"
            con.execute(
                "INSERT INTO area (code, name, level, parent, lat, lon, confidence) VALUES (?, ?, 'kabkota', '61', ?, ?, 'L')",
                [kab, f"Kabupaten Sintetis {k + 1}", 0.5 + k * 0.05, 109.5 + k * 0.05],
            )
            for j in range(KECAMATAN):
                con.execute(
                    "INSERT INTO area (code, name, level, parent, lat, lon, confidence) VALUES (?, ?, 'kecamatan', ?, ?, ?, 'L')",
                    [f"{kab}.{j + 1:02d}", f"Kecamatan Sintetis {k + 1}-{j + 1}", kab, 0.5 + k * 0.05 + j * 0.01, 109.5 + k * 0.05],
                )
    ref = reference(path)
    kabkota = [c for c, r in ref.areas.rows.items() if r["name"].startswith("Kabupaten Sintetis")]
    kecamatan = [c for c, r in ref.areas.rows.items() if r["level"] == "kecamatan" and c[:5] in kabkota]
    level = {
        row_area: ref.areas.rows[ref.areas.find(row_area).code]["level"]
        for row_area in {a for p in ref.pillars for r in sample_rows(p, current_week() - 1, ref)[wb.SHEET_INDICATORS] for a in [r["area"]]}
    }
    writer = _BatchWriter(path, archive_dir=path.parent / "uploads")
    tz = ZoneInfo("Asia/Pontianak")
    rows_loaded = 0
    weeks = week_range(current_week() - 1, 52 * years)
    for week in weeks:
        for pillar in ref.pillars:
            rows = sample_rows(pillar, week, ref)
            spread = []
            seen = set()
            for row in rows[wb.SHEET_INDICATORS]:
                if row["indicator"] in seen:
                    continue  # the first city row of an indicator stands for every area of the province
                seen.add(row["indicator"])
                targets = kabkota if level.get(row["area"], "kabkota") == "kabkota" else kecamatan
                spread += [{**row, "area": code} for code in targets]
            rows[wb.SHEET_INDICATORS] = spread
            context = {"ref": ref, "pillar": pillar, "today": dt.date.today()}
            parsed = ParsedWorkbook(pillar, week, None, None, week.sunday, True, wb.TEMPLATE_VERSION)
            for sheet, items in rows.items():
                model = wb.SHEET_MODELS[sheet]
                aliases = {name: f.alias for name, f in model.model_fields.items() if f.alias}
                parsed.rows[sheet] = [
                    (r + 2, model.model_validate({aliases[k]: v for k, v in item.items() if k in aliases}, context=context))
                    for r, item in enumerate(items)
                ]
            rows_loaded += sum(len(v) for v in parsed.rows.values())
            name = f"{pillar}-{week}.xlsx"
            data = f"{name}-province".encode()
            validation = Validation(name, gdb.file_sha256(data), data, Report(name), parsed)
            writer.add(validation, by="bench", at=dt.datetime.combine(week.sunday, dt.time(20), tz))
    writer.flush()
    writer.close()
    with gdb.connect(path, write=True) as con:
        gdb.set_meta(con, "demo", "1")
    return {"weeks": len(weeks), "areas": len(kabkota) + len(kecamatan), "rows": rows_loaded}


def time_pages(db: Path, runs: int) -> dict[str, dict[str, float]]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from gugus.auth import User
    from ui.session import SHELL

    os.environ["GUGUS_DB"] = str(db)
    user = User("ketua", "ketua")
    out = {}
    for page in PAGES:  # one unmeasured run first: imports and Streamlit's own start-up are not the page's work
        app = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=300)
        app.session_state[SHELL] = True  # as if app.py had run first, as in the server
        app.session_state["user"] = user
        app.run()
    for page in PAGES:
        cold, warm = [], []
        for _ in range(runs):
            st.cache_data.clear()
            st.cache_resource.clear()
            app = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=300)
            app.session_state[SHELL] = True  # as if app.py had run first, as in the server
            app.session_state["user"] = user
            started = time.perf_counter()
            app.run()
            cold.append(time.perf_counter() - started)
            assert not app.exception, app.exception
            started = time.perf_counter()
            app.run()
            warm.append(time.perf_counter() - started)
        out[page] = {"cold": statistics.median(cold), "warm": statistics.median(warm)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args()
    from etl.demo import build_demo

    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo" / "gugus.duckdb"
        province = Path(tmp) / "province" / "gugus.duckdb"
        started = time.perf_counter()
        build_demo(demo)
        print(f"demo database: 52 weeks, built in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        info = province_database(province, args.years)
        print(
            f"province database: {info['weeks']} weeks, {info['areas']} synthetic areas, "
            f"{info['rows']:,} fact rows, built in {time.perf_counter() - started:.0f} s"
        )
        small = time_pages(demo, args.runs)
        large = time_pages(province, args.runs)
    print(f"\nmedian of {args.runs} runs, seconds  demo cold  demo warm  prov cold  prov warm  prov/demo  warm/cold demo  warm/cold prov")
    for page in PAGES:
        s, b = small[page], large[page]
        print(
            f"{page:<31} {s['cold']:9.3f}  {s['warm']:9.3f}  {b['cold']:9.3f}  {b['warm']:9.3f}  "
            f"{b['cold'] / s['cold']:8.2f}x  {s['warm'] / s['cold']:14.2f}  {b['warm'] / b['cold']:14.2f}"
        )
    print("targets: prov/demo <= 2 (cold), warm/cold <= 0.2")


if __name__ == "__main__":
    main()
