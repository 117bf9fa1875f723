"""Benchmark: making the weekly briefing pack (PDF and slide deck, one week, one audience) against drawing the
Ringkasan page of the same week, cold (caches cleared), in interleaved rounds on the demo database.

The pack reads what Ringkasan reads and more (the journey, the service chain, the case map) and typesets two
documents, so it is expected to cost a few Ringkasan pages; the ratio says how many, measured in the same run.

Usage: uv run python bench/briefing.py [--rounds 3] [--db PATH]   (without --db a demo database is built first)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def ringkasan_cold(db: Path, week) -> float:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from gugus.auth import User
    from ui.session import SHELL

    os.environ["GUGUS_DB"] = str(db)
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(str(ROOT / "pages" / "ringkasan.py"), default_timeout=300)
    app.session_state[SHELL] = True  # as if app.py had run first, as in the server
    app.session_state["user"] = User("ketua", "ketua")
    app.session_state["pilihan_minggu"] = week
    started = time.perf_counter()
    app.run()
    elapsed = time.perf_counter() - started
    assert not app.exception, app.exception
    return elapsed


def pack(db: Path, week, formats: tuple[str, ...]) -> float:
    from gugus import briefing_files

    started = time.perf_counter()
    _, files = briefing_files.generate(week, "ketua", formats, db=db, by="bench")
    elapsed = time.perf_counter() - started
    assert all(files[f] for f in formats)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", help="an existing database (default: a demo database built for the run)")
    args = parser.parse_args()
    from etl.demo import build_demo
    from gugus.weeks import current_week

    week = current_week() - 1
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "gugus.duckdb"
        if not args.db:
            started = time.perf_counter()
            build_demo(db)
            print(f"demo database: 52 weeks, built in {time.perf_counter() - started:.0f} s")
        ringkasan_cold(db, week)  # unmeasured: imports and Streamlit's own start-up are not the page's work
        pack(db, week, ("pdf",))
        times: dict[str, list[float]] = {"ringkasan": [], "pdf": [], "pptx": [], "both": []}
        for _ in range(args.rounds):  # interleaved, so a busy moment of the machine hits every measure alike
            times["ringkasan"].append(ringkasan_cold(db, week))
            times["pdf"].append(pack(db, week, ("pdf",)))
            times["pptx"].append(pack(db, week, ("pptx",)))
            times["both"].append(pack(db, week, ("pdf", "pptx")))
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"\n{week}, audience ketua, median of {args.rounds} interleaved rounds, seconds")
    print(f"Ringkasan page, cold          {median['ringkasan']:7.2f}")
    for name, label in (("pdf", "briefing PDF"), ("pptx", "briefing deck"), ("both", "briefing PDF + deck")):
        print(f"{label:<29} {median[name]:7.2f}   {median[name] / median['ringkasan']:6.1f}x Ringkasan")


if __name__ == "__main__":
    main()
