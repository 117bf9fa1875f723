"""One kind of user error: every exception the core raises for a user is a UserError, shown by one handler
in the CLI and one in the app; anything else is a defect with a reference number."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import etl
import gugus
from etl import cli
from etl.load import RollbackRefused
from etl.parse import CellError
from etl.sandbox import ReaderFailed
from gugus import auth, backup, geo
from gugus.db import DatabaseBusy
from gugus.errors import UserError

# Never raised to a user: a cell the parser cannot read, and a reader process that failed, become issues of the
# validation report (its one shape for every problem of a file).
NOT_SHOWN = {CellError, ReaderFailed}
ROOT = Path(__file__).resolve().parents[1]


def _core_modules() -> list[str]:
    """Every module of gugus/ and etl/, subpackages (gugus/views) included."""
    names = [info.name for package in (gugus, etl) for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    return [n for n in names if n not in ("etl.__main__", "etl.read_worker")]  # entry points: importing them runs them


def _exceptions_defined_in_the_core() -> set[type]:
    found = set()
    for name in _core_modules():
        module = importlib.import_module(name)
        found |= {c for _, c in inspect.getmembers(module, inspect.isclass) if issubclass(c, Exception) and c.__module__ == name}
    return found


def test_the_walk_reaches_the_views():
    assert {"gugus.views.peta", "gugus.views.laporan", "etl.ranedit"} <= set(_core_modules())


def test_every_exception_the_core_defines_is_a_user_error():
    defined = _exceptions_defined_in_the_core()
    assert {DatabaseBusy, auth.AccountError, backup.BackupError, geo.BoundaryError, RollbackRefused} <= defined
    assert {c for c in defined - NOT_SHOWN if not issubclass(c, UserError)} == set()


@pytest.mark.parametrize(
    ("error", "code"),
    [(auth.AccountError("Akun tidak ditemukan. Periksa namanya."), 1), (geo.BoundaryError("Berkas batas tidak terbaca. Simpan ulang."), 2)],
)
def test_the_cli_prints_a_user_error_and_exits_with_its_code(monkeypatch, capsys, tmp_path, error, code):
    def refuse(args):
        raise error

    monkeypatch.setattr(cli, "cmd_status", refuse)
    assert cli.main(["--db", str(tmp_path / "x.duckdb"), "status"]) == code
    err = capsys.readouterr().err
    assert err.strip() == str(error)


def test_the_cli_gives_a_defect_a_reference_number_and_logs_the_rest(tmp_path):
    """A real process (no test framework catching its logging): the screen gets a reference number and the log
    file's path; the traceback and the internal message go only to that file, under that number."""
    db = tmp_path / "x.duckdb"
    code = (
        "import sys; from etl import cli\n"
        "def broken(args): raise RuntimeError('rahasia internal: tabel x')\n"
        f"cli.cmd_status = broken; sys.exit(cli.main(['--db', {str(db)!r}, 'status']))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1
    assert "nomor rujukan" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "rahasia internal" not in proc.stderr + proc.stdout
    reference = re.search(r"nomor rujukan ([0-9A-F]{8})", proc.stderr).group(1)
    logged = (tmp_path / "logs" / "gugus-cli.log").read_text(encoding="utf-8")
    assert f"kesalahan {reference}" in logged
    assert "rahasia internal: tabel x" in logged


def test_a_file_the_system_refuses_is_said_in_bahasa_indonesia(tmp_path, capsys):
    target = tmp_path / "tidak-ada" / "t.xlsx"
    assert cli.main(["--db", str(tmp_path / "x.duckdb"), "template", "pencegahan", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "berkas atau folder tidak ada" in err
    assert "No such file" not in err


def test_a_real_command_refuses_with_its_user_error(tmp_path, capsys):
    assert cli.main(["--db", str(tmp_path / "x.duckdb"), "users", "disable", "siapa"]) == 1
    assert capsys.readouterr().err.strip() == "Pengguna 'siapa' tidak ada. Lihat daftar dengan: etl users list."
