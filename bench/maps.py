"""Benchmark: the case map with 20,000 cases over 3 years against the demo database.

The default view must send an aggregated figure: its JSON size and the page's server time (AppTest,
cold cache, median of runs) should grow by at most 2x when the cases grow a hundredfold.

  demo    the demo database (52 weeks, about 60 cases)
  large   the same plus 20,000 synthetic cases spread over 156 weeks, with coordinates for 40%,
          (every database carries the shipped kecamatan and kab/kota boundaries)

Usage: uv run python bench/maps.py [--runs 3] [--cases 20000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def add_cases(db: Path, count: int, seed: int = 11) -> None:
    """``count`` synthetic cases over the last 156 weeks, each week in its own penegakan-hukum upload."""
    import pandas as pd

    from etl.world import ROUTE_COUNTRY
    from gugus import db as gdb
    from gugus.weeks import current_week, week_range

    rng = random.Random(seed)
    weeks = week_range(current_week() - 1, 156)
    with gdb.connect(db, write=True) as con:
        kecamatan = con.execute("SELECT code, lat, lon FROM area WHERE level = 'kecamatan' AND parent IN ('61.72', '61.01')").fetchall()
        routes = con.execute("""SELECT r.code, r.modus, any_value(s.place_code) FILTER (WHERE p.kind IN
                                    ('plbn', 'pos_lintas_batas', 'jalur_informal', 'bandara')) FROM route r
                                JOIN route_stop s ON s.route_code = r.code JOIN place p ON p.code = s.place_code GROUP BY ALL""").fetchall()
        con.execute("UPDATE upload SET status = 'superseded' WHERE pillar = 'penegakan-hukum'")
        next_id = con.execute("SELECT max(id) FROM upload").fetchone()[0] + 1
        uploads, cases = [], []
        for i, week in enumerate(weeks):
            upload_id = next_id + i
            uploads.append(
                (
                    upload_id,
                    "penegakan-hukum",
                    str(week),
                    week.monday,
                    f"besar-{week}.xlsx",
                    f"sha-{week}",
                    "bench",
                    dt.datetime.combine(week.sunday, dt.time(20)),
                    "loaded",
                    True,
                )
            )
            for j in range(count // len(weeks) + (1 if i < count % len(weeks) else 0)):
                code, lat, lon = rng.choice(kecamatan)
                route, modus, crossing = rng.choice(routes)
                with_coords = rng.random() < 0.4
                victims = rng.choice([1, 1, 1, 2, 3, 5])
                cases.append(
                    {
                        "upload_id": upload_id,
                        "sheet_row": j + 2,
                        "case_ref": f"LP/B/{i}-{j}/BENCH",
                        "week": str(week),
                        "week_start": week.monday,
                        "reported_date": week.monday + dt.timedelta(days=j % 7),
                        "origin_area": code,
                        "modus": modus,
                        "exploitation": None,
                        "route": route,
                        "crossing": crossing,
                        "destination_country": ROUTE_COUNTRY[route],  # the demo world's destinations
                        "victims_female_adult": victims,
                        "victims_total": victims,
                        "suspects": 1,
                        "stage": rng.choice(["laporan", "penyidikan", "putusan"]),
                        "stage_date": week.monday,
                        "lat": lat + rng.uniform(-0.02, 0.02) if with_coords else None,
                        "lon": lon + rng.uniform(-0.02, 0.02) if with_coords else None,
                    }
                )
        for row in uploads:
            con.execute(
                """INSERT INTO upload (id, pillar, week, week_start, file_name, sha256, uploaded_by, uploaded_at, status, simulated)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                list(row),
            )
        frame = pd.DataFrame(cases)  # noqa: F841 - read by DuckDB by name
        con.execute("INSERT INTO case_report BY NAME SELECT * FROM frame")


def measure(db: Path, runs: int) -> dict:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from gugus import db as gdb
    from gugus.auth import User
    from gugus.views import peta
    from gugus.weeks import current_week
    from ui.session import SHELL

    os.environ["GUGUS_DB"] = str(db)
    user = User("ketua", "ketua")
    week = current_week() - 1
    with gdb.connect(db) as con:
        page = peta.page(con, week - 51, week, user.k, (), (), "Seluruh", False)
        cases = con.execute("SELECT count(*) FROM case_current").fetchone()[0]
    parts = {"map": len(page.figure.to_json()), "countries": len(page.countries.to_json()), "sankey": len(page.sankey.to_json())}
    size = sum(parts.values())
    times = []
    for _ in range(runs + 1):
        st.cache_data.clear()
        app = AppTest.from_file(str(ROOT / "pages" / "peta.py"), default_timeout=300)
        app.session_state[SHELL] = True  # as if app.py had run first, as in the server
        app.session_state["user"] = user
        started = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - started)
        assert not app.exception, app.exception
    return {"cases": cases, "json": size, "parts": parts, "seconds": statistics.median(times[1:])}  # the first run warms imports


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cases", type=int, default=20_000)
    args = parser.parse_args()
    from etl.demo import build_demo

    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo" / "gugus.duckdb"
        large = Path(tmp) / "large" / "gugus.duckdb"
        build_demo(demo)
        large.parent.mkdir()
        shutil.copy(demo, large)
        add_cases(large, args.cases)
        small, big = measure(demo, args.runs), measure(large, args.runs)
    print("shipped boundaries loaded; default view: Seluruh, 52 weeks, k=3")
    print(f"demo:   {small['cases']:>6,} cases  figure JSON {small['json'] / 1024:7.1f} KB  server {small['seconds']:.3f} s")
    print(f"large:  {big['cases']:>6,} cases  figure JSON {big['json'] / 1024:7.1f} KB  server {big['seconds']:.3f} s")
    print(
        "JSON by figure (KB):",
        {k: round(v / 1024, 1) for k, v in small["parts"].items()},
        "→",
        {k: round(v / 1024, 1) for k, v in big["parts"].items()},
    )
    print(f"ratio large/demo: JSON {big['json'] / small['json']:.2f}x, server time {big['seconds'] / small['seconds']:.2f}x (target <= 2)")


if __name__ == "__main__":
    main()
