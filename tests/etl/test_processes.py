"""Real processes: a load killed mid-transaction, two loads at once, a load while a reader holds the file."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time

from etl.load import FAULT_ENV
from gugus import db as gdb
from tests.conftest import cli, sample_bytes, table_counts


def test_load_killed_mid_transaction_leaves_database_unchanged(db, ref, tmp_path):
    first = tmp_path / "first.xlsx"
    first.write_bytes(sample_bytes(ref, "kerja-sama"))
    assert cli("load", str(first)).wait(60) == 0
    before = table_counts(db)
    with gdb.connect(db) as con:
        version = gdb.data_version(con)
    book = tmp_path / "second.xlsx"
    book.write_bytes(sample_bytes(ref, "pencegahan"))
    marker = tmp_path / "inside-transaction"
    proc = cli("load", str(book), env={FAULT_ENV: str(marker)})
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert table_counts(db) == before
    with gdb.connect(db) as con:
        assert gdb.data_version(con) == version
        assert con.execute("SELECT count(*) FROM upload WHERE file_name = 'second.xlsx'").fetchone()[0] == 0
    # and the same file loads cleanly afterwards
    assert cli("load", str(book)).wait(60) == 0


def test_two_loads_at_the_same_time_both_succeed(db, ref, tmp_path):
    paths = []
    for pillar in ("pencegahan", "rehab-sosial"):
        path = tmp_path / f"{pillar}.xlsx"
        path.write_bytes(sample_bytes(ref, pillar))
        paths.append(path)
    procs = [cli("load", str(p), "--json") for p in paths]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert all(json.loads(out)["uploads"][0]["status"] == "loaded" for out, _ in outputs)
    with gdb.connect(db) as con:
        assert sorted(con.execute("SELECT pillar FROM upload").fetchall()) == [("pencegahan",), ("rehab-sosial",)]


def test_load_waits_for_a_reader_then_succeeds(db, ref, tmp_path):
    path = tmp_path / "p.xlsx"
    path.write_bytes(sample_bytes(ref, "pencegahan"))
    released = threading.Event()

    def reader():
        with gdb.connect(db) as con:  # how the app reads: shared lock, file open read-only
            con.execute("SELECT count(*) FROM upload").fetchall()
            time.sleep(2)
        released.set()

    thread = threading.Thread(target=reader)
    thread.start()
    time.sleep(0.3)
    proc = cli("load", str(path))
    out, err = proc.communicate(timeout=60)
    thread.join()
    assert proc.returncode == 0, err
    assert released.is_set()
    assert table_counts(db)["upload"] == 1


def _load_while_another_program_holds(db, path, *flags: str) -> tuple[subprocess.Popen, str, str]:
    """``etl load`` of ``path`` while another program (a DuckDB session without our lock file) holds ``db``."""
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(db)!r}); print('open', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        proc = cli("load", str(path), *flags, env={"GUGUS_LOCK_TIMEOUT": "1.5"})
        out, err = proc.communicate(timeout=60)
    finally:
        holder.kill()
        holder.wait()
    return proc, out, err


def test_foreign_lock_beyond_timeout_gives_clear_message(db, ref, tmp_path):
    path = tmp_path / "p.xlsx"
    path.write_bytes(sample_bytes(ref, "pencegahan"))
    proc, out, err = _load_while_another_program_holds(db, path)
    assert proc.returncode == 1
    assert "sedang dipakai proses lain" in err and "Tunggu sebentar" in err
    assert "Conflicting lock" not in out + err and "Traceback" not in out + err
    assert table_counts(db)["upload"] == 0


def test_a_busy_database_is_an_issue_in_the_json_of_load(db, ref, tmp_path):
    path = tmp_path / "p.xlsx"
    path.write_bytes(sample_bytes(ref, "pencegahan"))
    proc, out, _ = _load_while_another_program_holds(db, path, "--json")
    assert proc.returncode == 1
    answer = json.loads(out)
    assert answer["ok"] is False
    assert [(i["code"], i["severity"]) for i in answer["issues"]] == [("db-busy", "error")]
    assert "sedang dipakai proses lain" in answer["issues"][0]["message"]
