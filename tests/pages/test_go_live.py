"""The first run in the app, the administrator's Pengaturan page, and the Panduan page of every role."""

from __future__ import annotations

import functools

import pytest

from etl import demo
from gugus import audit, auth, bootstrap, guides, instance
from gugus import db as gdb
from tests.pages.conftest import USERS, page_test, shell_test, texts
from ui import firstrun
from ui.firstrun import RESULT


def test_the_first_run_screen_makes_the_real_database_and_shows_the_password_once(tmp_path, monkeypatch):
    path = tmp_path / "data" / "gugus.duckdb"
    monkeypatch.setenv("GUGUS_DB", str(path))
    app = shell_test(None)
    app.text_input[0].set_value("operator")
    next(b for b in app.button if b.label == "Siapkan basis data resmi").click().run()
    assert not app.exception and path.exists()
    shown = texts(app)
    result = app.session_state[RESULT]
    assert f"Masuk sebagai **operator** dengan kata sandi sementara **{result.password}**" in shown
    assert "Basis data resmi baru" in shown and "Akun demo" not in shown and "DATA SIMULASI" not in shown
    with gdb.connect(path) as con:
        assert not instance.is_demo(con) and [u["name"] for u in auth.list_users(con)] == ["operator"]
    # the administrator logs in with it and must choose a password first
    app.text_input[0].input("operator")
    app.text_input[1].input(result.password)
    next(b for b in app.button if b.label == "Masuk").click().run()
    assert app.session_state["user"].must_change and "Ganti kata sandi" in texts(app)
    assert f"kata sandi sementara **{result.password}**" not in texts(app)  # shown until the login, never after


def test_the_first_run_screen_builds_the_demo_on_request(tmp_path, monkeypatch):
    path = tmp_path / "data" / "gugus.duckdb"
    monkeypatch.setenv("GUGUS_DB", str(path))
    monkeypatch.setattr(firstrun, "build_demo", functools.partial(demo.build_demo, weeks=2))
    app = shell_test(None, timeout=120)
    next(b for b in app.button if b.label == "Coba dengan data simulasi").click().run()
    assert not app.exception
    with gdb.connect(path) as con:
        assert instance.is_demo(con)
    assert "Akun demo" in texts(app) and "DATA SIMULASI" in texts(app)


def test_pengaturan_lists_the_checklist_and_the_chair_changes_the_deadline(db):
    app = page_test("pengaturan", USERS["ketua"])
    shown = texts(app)
    assert not app.exception and "Daftar persiapan" in shown and "Akun Koordinator pilar Pencegahan" in shown
    hours = next(n for n in app.number_input if n.label.startswith("Tenggat unggah"))
    hours.set_value(36)
    next(b for b in app.button if b.label == "Simpan").click().run()
    assert not app.exception and not app.error
    assert "Tersimpan: Tenggat unggah (jam setelah minggu berakhir) 36 jam (hari Selasa pukul 12.00 WIB" in texts(app)
    with gdb.connect(db) as con:
        trail = audit.entries(con, actions=("pengaturan-diubah",))
    assert trail[["actor", "target"]].values.tolist() == [["ketua", "Tenggat unggah (jam setelah minggu berakhir)"]]
    # every page reads the same rule
    assert "batas kirim hari Selasa pukul 12.00 WIB setelah minggu berakhir" in texts(page_test("kelengkapan", USERS["ketua"]))


def test_pengaturan_refuses_amber_above_green_and_keeps_the_values(db):
    app = page_test("pengaturan", USERS["admin"])
    next(n for n in app.number_input if n.label.startswith("Ambang kuning")).set_value(95)
    next(b for b in app.button if b.label == "Simpan").click().run()
    assert "harus di bawah ambang hijau" in app.error[0].value
    with gdb.connect(db) as con:
        assert con.execute("SELECT count(*) FROM app_setting").fetchone()[0] == 0


def test_a_setting_the_server_fixes_cannot_be_changed_in_the_app(db, monkeypatch):
    monkeypatch.setenv("GUGUS_STALL_WEEKS", "5")
    app = page_test("pengaturan", USERS["ketua"])
    stall = next(n for n in app.number_input if n.label.startswith("Aksi RAN macet"))
    assert stall.disabled and stall.value == 5
    assert "diatur server (GUGUS_STALL_WEEKS)" in texts(app)


def test_the_demo_says_how_to_go_real_on_pengaturan(demo_db):
    shown = texts(page_test("pengaturan", USERS["admin"]))
    assert "python -m etl init --replace-demo" in shown and "menghapus semua data simulasi" in shown


@pytest.mark.parametrize("role", list(USERS))
def test_panduan_shows_the_roles_own_guide_with_its_pictures(db, role):
    app = page_test("panduan", USERS[role])
    assert not app.exception and not app.error
    own = guides.guide(USERS[role].role)
    assert app.header[0].value == own.title
    assert len(app.get("image")) == len(own.pictures)  # every screenshot is there, none missing
    assert all(step.split("**")[0][:30] in texts(app) for step in own.steps)


def test_a_real_database_says_so_on_every_page(db):
    with gdb.connect(db, write=True) as con:
        auth.add_user(con, "ketua", "ketua", "rahasia-ketua-1")
    app = shell_test(USERS["ketua"])
    assert "Basis data resmi" in texts(app) and "DATA SIMULASI" not in texts(app)


def test_the_demo_says_so_on_every_page(demo_db):
    app = shell_test(USERS["pimpinan"])
    assert "Basis data DEMO (DATA SIMULASI)" in texts(app) and "**DATA SIMULASI**" in texts(app)


def test_a_database_with_no_account_gets_the_set_up_not_a_login_nobody_can_pass(tmp_path, monkeypatch):
    path = tmp_path / "gugus.duckdb"
    bootstrap.ensure_database(path)  # what any command on a mistyped path leaves behind
    monkeypatch.setenv("GUGUS_DB", str(path))
    app = shell_test(None)
    assert "belum disiapkan (belum ada akun)" in texts(app) and str(path) not in texts(app) and "Siapkan basis data resmi" in texts(app)
    next(b for b in app.button if b.label == "Siapkan basis data resmi").click().run()
    assert "Masuk sebagai **admin** dengan kata sandi sementara" in texts(app)


def test_a_database_that_disappears_under_the_app_is_not_made_again(tmp_path, monkeypatch):
    path = tmp_path / "gugus.duckdb"
    instance.init(path)
    monkeypatch.setenv("GUGUS_DB", str(path))
    assert "Nama pengguna" in [t.label for t in shell_test(None).text_input]  # served once: the login
    path.rename(tmp_path / "dipindah.duckdb")
    app = shell_test(None)
    assert "tidak ditemukan lagi" in app.error[0].value and "Siapkan basis data resmi" not in texts(app)
    assert not path.exists()


def test_a_server_setting_that_cannot_be_used_is_said_on_the_page(demo_db, monkeypatch):
    monkeypatch.setenv("GUGUS_STATUS_AMBER", "2")
    app = shell_test(USERS["ketua"])
    assert not app.exception
    assert any("GUGUS_STATUS_AMBER" in e.value and "di luar batas" in e.value for e in app.error)


def test_an_account_added_shows_in_the_table_at_once(db):
    app = page_test("pengguna", USERS["admin"])
    app.text_input[0].input("wulan.pcg")
    next(s for s in app.selectbox if s.label == "Peran").set_value("pilar")
    next(s for s in app.selectbox if s.label.startswith("Pilar")).set_value("pencegahan")
    next(b for b in app.button if b.label == "Tambah").click().run()
    assert "Akun wulan.pcg dibuat" in app.success[0].value
    table = app.dataframe[0].value
    assert table[table["Nama"] == "wulan.pcg"]["Pilar"].tolist() == ["Pencegahan"]
