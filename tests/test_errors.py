"""One kind of user error: every exception the core raises for a user is a UserError, shown by one handler
in the CLI and one in the app; anything else is a defect with a reference number."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import etl
import gugus
from etl import cli
from etl.parse import CellError
from etl.sandbox import ReaderFailed
from gugus import auth, backup, geo
from gugus.db import DatabaseBusy
from gugus.errors import UserError

# Never raised to a user: a cell the parser cannot read, and a reader process that failed, become issues of the
# validation report (its one shape for every problem of a file).
NOT_SHOWN = {CellError, ReaderFailed}


def _exceptions_defined_in_the_core() -> set[type]:
    found = set()
    for package in (gugus, etl):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            if info.name in ("etl.__main__", "etl.read_worker"):
                continue  # entry points: importing them runs them
            module = importlib.import_module(info.name)
            found |= {c for _, c in inspect.getmembers(module, inspect.isclass) if issubclass(c, Exception) and c.__module__ == info.name}
    return found


def test_every_exception_the_core_defines_is_a_user_error():
    defined = _exceptions_defined_in_the_core()
    assert {DatabaseBusy, auth.AccountError, backup.BackupError, geo.BoundaryError} <= defined
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


def test_the_cli_gives_a_defect_a_reference_number(monkeypatch, capsys, tmp_path):
    def broken(args):
        raise RuntimeError("rahasia internal: tabel x")

    monkeypatch.setattr(cli, "cmd_status", broken)
    assert cli.main(["--db", str(tmp_path / "x.duckdb"), "status"]) == 1
    out = capsys.readouterr()
    assert "nomor rujukan" in out.err
    assert "rahasia internal" not in out.out
