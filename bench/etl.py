"""Benchmark: load 260 workbooks (5 pillars x 52 weeks) — our path against a naive baseline and against the floor.

All three run in the same invocation, each in its own fresh process (for a fair peak-memory figure):
  ours      python-calamine read, pydantic validation, one DuckDB transaction per file, bulk inserts
  baseline  pandas.read_excel with openpyxl, no validation, row-by-row INSERTs
  read      python-calamine alone reading every sheet of every file: the cost no load can go below

Usage: uv run python bench/etl.py [--weeks 52] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_workbooks(folder: Path, weeks: int) -> list[Path]:
    from etl.load import reference
    from etl.plan import ensure_example_plan
    from etl.sample import sample_workbook
    from gugus.bootstrap import ensure_database
    from gugus.weeks import current_week, week_range

    ensure_database(folder / "ref.duckdb")
    ensure_example_plan(folder / "ref.duckdb")  # the workbooks report on the plan the loads have
    ref = reference(folder / "ref.duckdb")
    paths = []
    for week in week_range(current_week() - 1, weeks):
        for pillar in ref.pillars:
            path = folder / f"{pillar}-{week}.xlsx"
            path.write_bytes(sample_workbook(pillar, week, ref))
            paths.append(path)
    return paths


def run_ours(paths: list[Path], db: Path) -> dict:
    from etl.load import load_files
    from etl.plan import ensure_example_plan
    from gugus.bootstrap import ensure_database

    ensure_database(db)
    ensure_example_plan(db)
    started = time.perf_counter()
    results = load_files(paths, db=db)
    elapsed = time.perf_counter() - started
    assert all(r.status == "loaded" for r in results), [r.file for r in results if r.status != "loaded"]
    return {"seconds": elapsed, "files": len(results)}


def run_baseline(paths: list[Path], db: Path) -> dict:
    import duckdb
    import pandas as pd

    con = duckdb.connect(str(db))
    started = time.perf_counter()
    created = set()
    for path in paths:
        sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl")
        for name, frame in sheets.items():
            if name in ("Petunjuk", "Daftar", "Identitas"):
                continue
            table = "t_" + name.replace(" ", "_").lower()
            if table not in created:
                cols = ", ".join(f'"c{i}" TEXT' for i in range(len(frame.columns) + 1))
                con.execute(f"CREATE TABLE {table} ({cols})")
                created.add(table)
            marks = ", ".join("?" * (len(frame.columns) + 1))
            for row in frame.dropna(how="all").itertuples(index=False):
                con.execute(f"INSERT INTO {table} VALUES ({marks})", [path.name, *(None if pd.isna(v) else str(v) for v in row)])
    elapsed = time.perf_counter() - started
    con.close()
    return {"seconds": elapsed, "files": len(paths)}


def run_read(paths: list[Path], db: Path) -> dict:
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    cells = 0
    for path in paths:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            cells += sum(len(row) for row in book.get_sheet_by_name(name).to_python())
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "files": len(paths), "cells": cells}


RUNS = {"ours": run_ours, "baseline": run_baseline, "read": run_read}


def child(kind: str, folder: Path, count: int | None) -> None:
    paths = sorted(folder.glob("*.xlsx"))
    if count:
        paths = paths[-count:]
    db = folder / f"{kind}-{time.time_ns()}.duckdb"
    result = RUNS[kind](paths, db)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(kind: str, folder: Path, count: int | None = None) -> dict:
    args = [sys.executable, __file__, "--child", kind, "--folder", str(folder)]
    if count:
        args += ["--count", str(count)]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child")
    parser.add_argument("--folder")
    parser.add_argument("--count", type=int)
    args = parser.parse_args()
    if args.child:
        child(args.child, Path(args.folder), args.count)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = make_workbooks(folder, args.weeks)
        (folder / "ref.duckdb").unlink(missing_ok=True)
        n = len(paths)
        # Interleaved rounds, medians: this machine is shared, and a neighbour's burst should not
        # land on one side of the comparison only.
        rounds = [(measure("ours", folder), measure("baseline", folder), measure("read", folder)) for _ in range(args.rounds)]
        ours = sorted((o for o, _, _ in rounds), key=lambda r: r["seconds"])[len(rounds) // 2]
        base = sorted((b for _, b, _ in rounds), key=lambda r: r["seconds"])[len(rounds) // 2]
        read = sorted((r for _, _, r in rounds), key=lambda r: r["seconds"])[len(rounds) // 2]
        week = sorted(measure("ours", folder, count=5)["seconds"] for _ in range(3))[1]
        print(f"workbooks: {n} ({args.weeks} weeks x 5 pillars), {os.cpu_count()} cores, median of {args.rounds} interleaved rounds")
        print(f"ours:      {ours['seconds']:.2f} s  {n / ours['seconds']:.1f} workbooks/s  peak {ours['peak_mb']:.0f} MB")
        print(f"baseline:  {base['seconds']:.2f} s  {n / base['seconds']:.1f} workbooks/s  peak {base['peak_mb']:.0f} MB")
        print(f"read:      {read['seconds']:.2f} s  {n / read['seconds']:.1f} workbooks/s  ({read['cells']:,} cells, python-calamine alone)")
        print(
            "rounds:    "
            + "  ".join(f"baseline/load {b['seconds'] / o['seconds']:.1f}x, load/read {o['seconds'] / r['seconds']:.1f}x" for o, b, r in rounds)
        )
        print(f"ratio:     baseline / load {base['seconds'] / ours['seconds']:.1f}x (target >= 10x)")
        print(f"floor:     load / read {ours['seconds'] / read['seconds']:.1f}x (target <= 3)")
        print(f"one week (5 workbooks validated and loaded): median {week:.3f} s of 3 runs (target well under 1 s)")


if __name__ == "__main__":
    main()
