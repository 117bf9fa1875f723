"""Trust: tokens, lockout, forced password change, the audit trail, backups, upload hardening, exports
safe against formula injection, error messages with a reference number, and what each role may reach."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from etl.load import Incoming, load_files, rollback
from etl.validate import validate_bytes
from gugus import audit, auth, backup, exports, tokens
from gugus import db as gdb
from tests.conftest import edit, etl, row_of, sample_bytes, with_value
from tests.pages.conftest import PAGES, USERS, page_test, shell_test, texts

ROOT = Path(__file__).resolve().parents[1]


def _events(db, action=None):
    with gdb.connect(db) as con:
        frame = audit.entries(con)
    return frame if action is None else frame[frame["action"] == action]


# ---- login tokens -------------------------------------------------------------------------


def test_token_is_signed_and_expires(db, monkeypatch):
    token = tokens.issue("ketua")
    assert tokens.verify(token) == "ketua"
    name, issued, signature = token.split(".")
    assert tokens.verify(f"{name}.{int(issued) + 5}.{signature}") is None  # altered time
    assert tokens.verify(token.replace(name, "YWRtaW4")) is None  # altered name ("admin")
    assert tokens.verify(token, now=time.time() + 31 * 60) is None  # past the 30-minute idle timeout
    monkeypatch.setenv("GUGUS_SESSION_SECRET", "another-key")
    assert tokens.verify(token) is None  # signed with a different key
    assert tokens.verify("sembarang") is None and tokens.verify(None) is None


# ---- accounts -------------------------------------------------------------------------------


def test_repeated_failures_lock_the_account_with_a_growing_delay(db):
    def delay(con):
        return con.execute("SELECT date_diff('second', now(), locked_until) FROM app_user WHERE name = 'budi'").fetchone()[0]

    with gdb.connect(db, write=True) as con:
        auth.add_user(con, "budi", "ketua", "rahasia-budi-1")
        results = [auth.login(con, "budi", "salah-salah-1") for _ in range(3)]
        first_lock = delay(con)
        locked = auth.login(con, "budi", "rahasia-budi-1")  # the right password, but locked
        con.execute("UPDATE app_user SET locked_until = now() - INTERVAL 1 SECOND WHERE name = 'budi'")  # time passes
        auth.login(con, "budi", "salah-lagi-123")
        second_lock = delay(con)
    assert [r.user for r in results] == [None] * 3 and results[0].locked_for == 0
    assert locked.user is None and locked.locked_for > 0
    assert 20 < first_lock <= 30 and 50 < second_lock <= 60  # 30 s after the 3rd failure, doubling after each next
    assert len(_events(db, "gagal-masuk")) == 5 and len(_events(db, "akun-terkunci")) == 2
    with gdb.connect(db, write=True) as con:
        auth.reset_password(con, "budi", "Sementara-123", by="admin")
        assert auth.login(con, "budi", "Sementara-123").user.must_change
    assert list(_events(db, "masuk")["actor"]) == ["budi"]


def test_temporary_password_must_be_changed_before_any_page(db):
    with gdb.connect(db, write=True) as con:
        dedi = auth.add_user(con, "dedi", "ketua", "Sementara-123", must_change=True)
    app = shell_test(dedi)
    assert [t.value for t in app.title] == ["Ganti kata sandi"]
    assert "Ringkasan mingguan" not in texts(app)


def test_changing_the_password_checks_the_old_one_and_the_policy(db):
    with gdb.connect(db, write=True) as con:
        auth.add_user(con, "eka", "ketua", "Sementara-123", must_change=True)
        with pytest.raises(auth.AccountError, match="lama salah"):
            auth.change_password(con, "eka", "keliru-123456", "BaruSekali-2026")
        with pytest.raises(auth.AccountError, match="berbeda"):
            auth.change_password(con, "eka", "Sementara-123", "Sementara-123")
        auth.change_password(con, "eka", "Sementara-123", "BaruSekali-2026")
        assert not auth.authenticate(con, "eka", "BaruSekali-2026").must_change


# ---- audit trail ------------------------------------------------------------------------------


def test_every_kind_of_change_reaches_the_audit_trail(db, ref):
    load_files([Incoming("a.xlsx", sample_bytes(ref, "pencegahan"))], db=db, by="ani")
    load_files([Incoming("salah.xlsx", with_value(ref, "banyak"))], db=db, by="ani")
    rollback(1, db=db, by="ketua", source="app")
    from etl.plan import import_plan
    from tests.etl.test_plan import HEADER, _matrix, _rows

    import_plan(_matrix(_rows(), HEADER), "rad.xlsx", db=db, by="ketua")
    subprocess.run(
        [sys.executable, "-m", "etl", "--db", str(db), "users", "add", "fajar", "--role", "pimpinan"],
        input="rahasia-fajar-1\n",
        text=True,
        check=True,
        capture_output=True,
    )
    with gdb.connect(db, write=True) as con:
        audit.record(con, "ketua", "unduh", "peta-kasus.pdf")
    events = _events(db)
    seen = set(events["action"])
    assert {"unggah", "unggah-ditolak", "tarik-unggahan", "impor-rencana", "akun-dibuat", "unduh", "cadangan"} <= seen
    row = events[events["action"] == "akun-dibuat"].iloc[0]
    assert row["target"] == "fajar" and row["source"] == "cli" and row["actor"].startswith("cli:")
    assert events[events["action"] == "tarik-unggahan"].iloc[0]["actor"] == "ketua"


def test_the_audit_module_only_appends():
    import inspect

    source = inspect.getsource(audit)
    assert "UPDATE" not in source.upper().replace("UPDATE(", "") and "DELETE" not in source.upper()


def test_audit_page_is_for_the_chair_and_the_administrator(db):
    for role, allowed in (("ketua", True), ("admin", True), ("pilar", False), ("pimpinan", False)):
        app = page_test("audit", USERS[role])
        assert bool(app.title) == allowed, role


# ---- backups --------------------------------------------------------------------------------


def test_restore_brings_back_the_data_and_moves_the_version_forward(db, ref):
    made = backup.create(db, by="admin")
    assert made.path.exists() and [b.path for b in backup.listing(db)] == [made.path]
    load_files([Incoming("a.xlsx", sample_bytes(ref, "pencegahan"))], db=db)
    with gdb.connect(db) as con:
        version_after_load = gdb.data_version(con)
    safety = backup.restore(made.path, db, by="admin")
    with gdb.connect(db) as con:
        assert con.execute("SELECT count(*) FROM upload").fetchone()[0] == 0
        assert gdb.data_version(con) > version_after_load  # no cache can serve the replaced data
    assert safety.path.exists() and _events(db, "pemulihan")["target"].tolist() == [made.path.name]


def test_a_damaged_backup_is_refused(db):
    made = backup.create(db)
    with open(made.path, "r+b") as handle:
        handle.seek(100)
        handle.write(b"rusak")
    with pytest.raises(backup.BackupError, match="Checksum"):
        backup.restore(made.path, db)


def test_rollback_and_plan_import_take_a_backup_first(db, ref):
    load_files([Incoming("a.xlsx", sample_bytes(ref, "pencegahan"))], db=db)
    rollback(1, db=db)
    from etl.plan import import_plan
    from tests.etl.test_plan import HEADER, _matrix, _rows

    import_plan(_matrix(_rows(), HEADER), "rad.xlsx", db=db)
    reasons = [b.reason for b in backup.listing(db)]
    assert any("menarik unggahan #1" in r for r in reasons) and any("impor rencana rad.xlsx" in r for r in reasons)


# ---- upload hardening and exports ----------------------------------------------------------------


def test_macro_enabled_workbooks_are_refused(ref):
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(sample_bytes(ref, "pencegahan"))) as source, zipfile.ZipFile(data, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\x00" * 64)
    result = validate_bytes(data.getvalue(), "makro.xlsm", ref)
    assert [i.code for i in result.report.issues] == ["file-macro"] and ".xlsx" in result.report.issues[0].message


def test_csv_exports_never_carry_a_live_formula():
    frame = pd.DataFrame({"Kegiatan": ['=HYPERLINK("http://x")', "+628123", "-catatan", "@SUM(A1)", "biasa"], "n": [1, 2, 3, 4, 5]})
    text = exports.csv_bytes(frame).decode("utf-8-sig")
    assert all(line.split(";")[0][:1] not in "=+-@" for line in text.splitlines())
    assert "'=HYPERLINK" in text and "biasa;5" in text


def test_streamlit_hides_internals_and_limits_uploads():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none" and config["client"]["toolbarMode"] == "minimal"
    assert config["server"]["maxUploadSize"] <= 20 and config["server"]["enableXsrfProtection"] is True


def test_an_unexpected_error_shows_a_reference_number_and_no_traceback(demo_db, monkeypatch, caplog):
    from ui import data

    def broken(con, *args):
        raise RuntimeError("rahasia internal: tabel x")

    monkeypatch.setitem(data.QUERIES, "week_summary", broken)
    app = shell_test(USERS["ketua"])
    assert not app.exception
    message = app.error[0].value
    assert "nomor rujukan" in message and "rahasia internal" not in texts(app)


# ---- who may reach what -----------------------------------------------------------------------


@pytest.mark.parametrize("role", list(USERS))
def test_pages_outside_a_role_are_not_in_its_navigation_and_refuse_by_themselves(demo_db, role):
    from streamlit.testing.v1 import AppTest

    user = USERS[role]
    for page in PAGES:
        if user.may_open(page):
            app = shell_test(user, page)
            assert not app.exception and app.title, (role, page)
            continue
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        app.session_state["user"] = user
        app.run()
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(f"pages/{page}.py")  # not registered for this role: no address reaches it
        direct = page_test(page, user)  # and the page itself refuses, should it ever be run
        assert "tidak tersedia untuk peran" in direct.error[0].value and not direct.title


def test_unauthenticated_access_to_every_page_shows_only_the_login(demo_db):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert [t.value for t in app.title] == ["Gugus Tugas TPPO Kota Singkawang"] and app.text_input
    for page in PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(f"pages/{page}.py")  # before a login every address is the login form, never a page
        direct = page_test(page, None)
        assert "Silakan masuk" in direct.warning[0].value and not direct.title


def test_single_sign_on_is_offered_only_when_configured(demo_db):
    from streamlit.testing.v1 import AppTest

    plain = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not any("SSO" in b.label for b in plain.button)
    sso = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sso.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "rahasia-uji",
        "client_id": "dasbor",
        "client_secret": "x",
        "server_metadata_url": "https://sso.example/.well-known",
    }
    sso.run()
    assert any(b.label == "Masuk dengan akun instansi (SSO)" for b in sso.button)
    assert sso.text_input  # local accounts stay available beside it


# ---- the identity guard against realistic variants ------------------------------------------------

IDENTITY_CORPUS = [  # (cell value, expected code): the ways NIK, phones and names really arrive in Excel
    ("6172015708990003", "identity-nik"),
    (6172015708990003, "identity-nik"),  # typed into a number cell
    ("6172 0157 0899 0003", "identity-nik"),
    ("6172.0157.0899.0003", "identity-nik"),
    ("NIK: 6172-0157-0899-0003", "identity-nik"),
    ("korban (NIK 6101234567890001) dipulangkan", "identity-nik"),
    ("081234567890", "identity-phone"),
    ("0812-3456-7890", "identity-phone"),
    ("+62 812 3456 7890", "identity-phone"),
    ("62.812.3456.789", "identity-phone"),
    (81234567890, "identity-phone"),  # number cell, the leading zero lost by Excel
    ("hubungi ibunya di 0857 1234 5678", "identity-phone"),
    ("+60 12-345 6789", "identity-phone"),  # a Malaysian number of a contact in Sarawak
]


@pytest.mark.parametrize(("value", "code"), IDENTITY_CORPUS)
def test_identity_variants_in_a_free_text_note_are_refused(ref, value, code):
    def plant(book):
        ws = book["Indikator"]
        ws[f"I{row_of(ws, 'PCG-06')}"] = value  # Catatan: free text

    result = validate_bytes(edit(sample_bytes(ref, "pencegahan"), plant), "x.xlsx", ref)
    assert not result.ok and code in [i.code for i in result.report.issues]
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    assert all(digits not in i.message for i in result.report.issues)  # never echoed in full


@pytest.mark.parametrize("header", ["Nama korban", "NIK", "No. HP", "Alamat", "Tanggal lahir", "Tempat/Tgl Lahir", "WhatsApp"])
def test_identity_columns_added_to_a_sheet_are_refused(ref, header):
    def add_column(book):
        ws = book["Kasus"]
        ws.cell(1, ws.max_column + 1, header)

    result = validate_bytes(edit(sample_bytes(ref, "penegakan-hukum"), add_column), "x.xlsx", ref)
    assert "identity-column" in [i.code for i in result.report.issues]


def test_ordinary_numbers_are_not_mistaken_for_identity(ref):
    def plant(book):
        ws = book["Indikator"]
        ws[f"I{row_of(ws, 'PCG-06')}"] = "Anggaran Rp 1.250.000.000 untuk 24 kelurahan, surat 045/123/2026"

    assert validate_bytes(edit(sample_bytes(ref, "pencegahan"), plant), "x.xlsx", ref).ok


def test_idle_session_ends_with_a_message(demo_db):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.session_state["user"] = USERS["ketua"]
    app.session_state["active_at"] = time.time() - 31 * 60
    app.run()
    assert [t.value for t in app.title] == ["Gugus Tugas TPPO Kota Singkawang"]
    assert "tidak ada aktivitas selama 30 menit" in app.info[0].value
    assert _events(demo_db, "keluar")["detail"].tolist() == ["sesi berakhir karena tidak aktif"]


def test_backup_and_restore_from_the_command_line(db, ref):
    def run(*args):  # the command in this process: other tests run the CLI as real processes
        return etl("--db", str(db), *args)

    assert run("backup").returncode == 0
    load_files([Incoming("a.xlsx", sample_bytes(ref, "pencegahan"))], db=db)
    listed = run("backup", "--list").stdout.splitlines()
    first = next(t for t in listed[-1].split() if t.endswith(".duckdb"))  # the oldest backup, taken before the load
    restored = run("restore", first)
    assert restored.returncode == 0, restored.stderr
    with gdb.connect(db) as con:
        assert con.execute("SELECT count(*) FROM upload").fetchone()[0] == 0
    assert run("restore", str(db.parent / "tidak-ada.duckdb")).returncode == 1


def test_admin_adds_an_account_with_a_temporary_password_that_must_be_changed(demo_db):
    app = page_test("pengguna", USERS["admin"])
    app.text_input[0].input("wulan")
    app.selectbox[0].select("pilar")
    app.selectbox[1].select("rehab-sosial")
    app.button[0].click().run()
    message = app.success[0].value
    assert "Akun wulan dibuat" in message and "Sementara-" in message
    temporary = message.split("**")[1]
    with gdb.connect(demo_db, write=True) as con:
        user = auth.login(con, "wulan", temporary).user
    assert user.role == "pilar" and user.pillar == "rehab-sosial" and user.must_change
    assert _events(demo_db, "akun-dibuat").iloc[0][["actor", "target", "source"]].tolist() == ["admin", "wulan", "app"]


def test_logout_ends_every_token_issued_before_it(db):
    with gdb.connect(db, write=True) as con:
        auth.add_user(con, "gita", "ketua", "rahasia-gita-1")
    before = time.time() - 5
    with gdb.connect(db, write=True) as con:
        assert auth.find_user(con, "gita", before) is not None
        auth.end_sessions(con, "gita")
        assert auth.find_user(con, "gita", before) is None  # a copied cookie is worthless after logout
        assert auth.find_user(con, "gita", time.time() + 5) is not None  # a new login works


# ---- revocation in an open session ------------------------------------------------------------------------


def _open_session(user):
    app = shell_test(user)
    assert [t.value for t in app.title] == ["Ringkasan mingguan"]
    return app


@pytest.mark.parametrize("revoke", ["disable", "reset"])
def test_disabling_or_resetting_an_account_ends_its_open_session_at_the_next_step(demo_db, revoke):
    app = _open_session(USERS["ketua"])
    with gdb.connect(demo_db, write=True) as con:
        if revoke == "disable":
            auth.disable_user(con, "ketua", by="admin")
        else:
            auth.reset_password(con, "ketua", "Sementara-9999", by="admin")
    app.run()  # the next click in the open tab
    assert [t.value for t in app.title] == ["Gugus Tugas TPPO Kota Singkawang"]  # the login screen
    assert "Sesi Anda diakhiri" in texts(app) and "user" not in app.session_state
    assert "Ringkasan mingguan" not in texts(app)


def test_a_changed_role_applies_to_an_open_session_at_once(demo_db):
    app = _open_session(USERS["ketua"])
    with gdb.connect(demo_db, write=True) as con:
        con.execute("UPDATE app_user SET role = 'pimpinan' WHERE name = 'ketua'")
    app.run()
    assert app.session_state["user"].role == "pimpinan"
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/unggah.py")  # the chair's upload page is gone with the chair's role


def test_an_untouched_session_stays_open(demo_db):
    app = _open_session(USERS["ketua"])
    app.run()
    assert [t.value for t in app.title] == ["Ringkasan mingguan"] and app.session_state["user"] == USERS["ketua"]


def test_login_cookie_flags():
    from ui.session import cookie_flags

    flags = cookie_flags(1800, "http://127.0.0.1:8501/")
    assert "SameSite=Strict" in flags and "max-age=1800" in flags and "path=/" in flags and "Secure" not in flags
    assert cookie_flags(1800, "https://dasbor.singkawangkota.go.id/").endswith("; Secure")


def test_the_audit_trail_defaults_to_dates_in_wib():
    utc = dt.UTC
    assert audit.default_period(dt.datetime(2026, 11, 28, 18, 51, tzinfo=utc)) == (dt.date(2026, 10, 30), dt.date(2026, 11, 29))
    assert audit.default_period(dt.datetime(2026, 11, 28, 16, 59, tzinfo=utc))[1] == dt.date(2026, 11, 28)


def test_a_database_held_by_a_long_load_gives_a_message_not_an_error(demo_db, monkeypatch):
    from gugus.db import DatabaseBusy
    from ui import session

    def busy():
        raise DatabaseBusy(demo_db, 30)

    monkeypatch.setattr(session, "current_user", busy)
    app = shell_test(None)
    assert not app.exception and "sedang dipakai proses lain" in app.error[0].value


def test_a_download_clicked_in_a_tab_whose_account_was_disabled_is_refused(demo_db):
    from ui.data import REVOKED, deliver

    user, since = USERS["ketua"], time.time() - 60
    assert deliver(user, since, b"isi;berkas\n", "riwayat.csv") == b"isi;berkas\n"
    with gdb.connect(demo_db, write=True) as con:
        auth.disable_user(con, "ketua", by="admin")
    assert deliver(user, since, lambda: b"isi;berkas\n", "riwayat.csv") == REVOKED.encode()
    events = _events(demo_db)
    assert {"unduh", "unduh-ditolak"} <= set(events["action"]) and "unduh-ditolak" in audit.ACTIONS
