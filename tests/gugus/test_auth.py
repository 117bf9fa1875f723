"""Accounts: real hashes, the password policy, disabled accounts, role permissions, and the CLI."""

from __future__ import annotations

import pytest

from gugus import auth
from gugus import db as gdb
from tests.conftest import etl


def test_password_is_stored_only_as_an_argon2_hash(db):
    with gdb.connect(db, write=True) as con:
        auth.add_user(con, "Ani", "ketua", "rahasia-ketua-1")
        digest = con.execute("SELECT password_hash FROM app_user WHERE name = 'ani'").fetchone()[0]
        assert digest.startswith("$argon2") and "rahasia" not in digest
        assert auth.authenticate(con, "ANI ", "rahasia-ketua-1") == auth.User("ani", "ketua")
        assert auth.authenticate(con, "ani", "rahasia-ketua-2") is None
        assert auth.authenticate(con, "siapa", "rahasia-ketua-1") is None


def test_disabled_account_cannot_log_in(db):
    with gdb.connect(db, write=True) as con:
        auth.add_user(con, "budi", "pilar", "rahasia-budi-1", "pencegahan")
        auth.disable_user(con, "budi")
        assert auth.authenticate(con, "budi", "rahasia-budi-1") is None


@pytest.mark.parametrize(("password", "words"), [("pendek1", "terlalu pendek"), ("hanyahurufsaja", "huruf dan angka")])
def test_weak_passwords_are_refused_with_the_rule(db, password, words):
    with gdb.connect(db, write=True) as con, pytest.raises(auth.AccountError, match=words):
        auth.add_user(con, "citra", "ketua", password)


def test_pilar_account_needs_its_pillar(db):
    with gdb.connect(db, write=True) as con, pytest.raises(auth.AccountError, match="--pillar"):
        auth.add_user(con, "dedi", "pilar", "rahasia-dedi-1")


def test_a_pillar_lead_may_upload_only_for_their_pillar():
    lead = auth.User("budi", "pilar", "pencegahan")
    assert lead.may("upload", "pencegahan") and not lead.may("upload", "rehab-sosial")
    assert not lead.may("rollback") and auth.User("ani", "ketua").may("rollback")
    assert not auth.User("wali", "pimpinan").may("upload", "pencegahan")
    assert auth.User("wali", "pimpinan").k == 5 and lead.k == 3


def test_users_cli_adds_lists_and_disables(db):
    def run(*args, stdin=""):  # the command in this process: other tests run the CLI as real processes
        return etl("--db", str(db), "users", *args, stdin=stdin)

    added = run("add", "eka", "--role", "pilar", "--pillar", "rehab-sosial", stdin="rahasia-eka-12\n")
    assert added.returncode == 0, added.stderr
    listed = run("list")
    assert "eka" in listed.stdout and "rehab-sosial" in listed.stdout and "aktif" in listed.stdout
    assert "rahasia" not in listed.stdout
    assert run("disable", "eka").returncode == 0 and "nonaktif" in run("list").stdout
    missing = run("disable", "tidak-ada")
    assert missing.returncode == 1 and "tidak ada" in missing.stderr
    weak = run("add", "fajar", "--role", "ketua", stdin="pendek\n")
    assert weak.returncode == 1 and "terlalu pendek" in weak.stderr
