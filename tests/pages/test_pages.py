"""Every page for every role, on the demo database and on an empty one."""

from __future__ import annotations

import pytest

from etl.demo import build_demo
from etl.load import status
from gugus import auth, bootstrap
from gugus import db as gdb
from gugus.weeks import current_week
from tests.pages.conftest import PAGES, USERS, page_test, shell_test, texts
from ui import firstrun


@pytest.mark.parametrize("role", list(USERS))
@pytest.mark.parametrize("page", PAGES)
def test_every_page_for_every_role(demo_db, role, page):
    user = USERS[role]
    app = page_test(page, user)
    assert not app.exception, app.exception
    if user.may_open(page):
        assert not app.error, [e.value for e in app.error]
        assert app.title, "an allowed page draws its title"
    else:  # the page re-checks the role itself, even when reached by its address
        assert "tidak tersedia untuk peran" in app.error[0].value
        assert not app.title and not app.dataframe


@pytest.mark.parametrize("page", PAGES)
def test_pages_refuse_without_login(demo_db, page):
    app = page_test(page, None)
    assert not app.exception
    assert "Silakan masuk" in app.warning[0].value and not app.title


def test_login_screen_lists_demo_accounts_and_logs_in(demo_db):
    app = shell_test(None)
    assert "Akun demo" in texts(app) and "demo-ketua-2025" in texts(app)
    app.text_input[0].input("ketua")
    app.text_input[1].input("demo-ketua-2025")
    app.button[0].click().run()
    assert app.session_state["user"].role == "ketua"
    assert any(t.value == "Ringkasan mingguan" for t in app.title)  # the chair lands on Ringkasan


def test_wrong_password_says_so(demo_db):
    app = shell_test(None)
    app.text_input[0].input("ketua")
    app.text_input[1].input("salah-sekali-123")
    app.button[0].click().run()
    assert "user" not in app.session_state
    assert "kata sandi salah" in app.error[0].value


def test_login_screen_outside_demo_lists_nothing(tmp_path, monkeypatch):
    path = tmp_path / "real.duckdb"
    bootstrap.ensure_database(path)
    with gdb.connect(path, write=True) as con:
        auth.add_user(con, "ketua", "ketua", "rahasia-ketua-1")
    monkeypatch.setenv("GUGUS_DB", str(path))
    app = shell_test(None)
    assert not app.exception
    assert "Akun demo" not in texts(app) and "DATA SIMULASI" not in texts(app)


def test_ringkasan_shows_real_figures_and_a_whatsapp_text(demo_db):
    app = page_test("ringkasan", USERS["ketua"])
    text = texts(app)
    assert "Status pilar" in text and text.count("indikator dinilai") == 5  # five pillar cards with their counts
    assert len(app.metric) == 5  # five headline figures
    summary = app.code[0].value
    assert summary.startswith("*Ringkasan Gugus Tugas TPPO Kota Singkawang*")
    assert "Pencegahan" in summary and "Minggu" in summary


def test_week_in_the_url_is_the_week_shown(demo_db):
    week = current_week() - 3
    app = shell_test(USERS["ketua"], minggu=str(week))
    assert week.label() in texts(app)
    assert app.query_params["minggu"] == [str(week)] or app.query_params["minggu"] == str(week)


def test_unknown_week_in_the_url_falls_back_with_a_message(demo_db):
    app = shell_test(USERS["ketua"], minggu="minggu-lalu")
    assert "tidak dikenali" in texts(app) and (current_week() - 1).label() in texts(app)


def test_first_start_asks_and_makes_nothing_until_asked(tmp_path, monkeypatch):
    path = tmp_path / "data" / "gugus.duckdb"
    monkeypatch.setenv("GUGUS_DB", str(path))
    app = shell_test(None)
    assert not app.exception
    assert "Siapkan basis data resmi" in texts(app) and "Coba dengan data simulasi" in texts(app)
    assert not path.exists()  # looking at the first-run screen makes no database
    assert "Akun demo" not in texts(app)


def test_first_start_with_gugus_demo_builds_the_demo_behind_a_progress_bar(tmp_path, monkeypatch):
    path = tmp_path / "data" / "gugus.duckdb"
    monkeypatch.setenv("GUGUS_DB", str(path))
    monkeypatch.setenv("GUGUS_DEMO", "1")
    shown = []

    def build(db, on_progress):  # the demo's own build (a year by default), four weeks here to keep the suite quick
        shown.append(on_progress)
        return build_demo(db, weeks=4, on_progress=on_progress)

    monkeypatch.setattr(firstrun, "build_demo", build)
    app = shell_test(None, timeout=240)
    assert not app.exception and shown  # built behind the progress bar
    assert status(path)["demo"] and [p["weeks"] for p in status(path)["pillars"]] == [4] * 5
    assert "DATA SIMULASI" in texts(app) and "Akun demo" in texts(app)


def test_indikator_sentence_says_what_is_shown(demo_db):
    app = page_test("indikator", USERS["pilar"])
    assert "8 indikator, pilar Pencegahan" in texts(app)


def test_pilar_lead_cannot_upload_for_another_pillar(demo_db):
    app = page_test("unggah", USERS["pilar"])
    assert not app.selectbox or all(s.label != "Pilar" for s in app.selectbox)  # no pillar choice at all
    assert "hanya dapat mengunggah buku kerja pilar ini" in texts(app)


def test_empty_database_shows_clear_empty_states(tmp_path, monkeypatch):
    path = tmp_path / "kosong.duckdb"
    bootstrap.ensure_database(path)
    monkeypatch.setenv("GUGUS_DB", str(path))
    for page in PAGES:
        app = page_test(page, USERS[{"pengguna": "admin", "laporan": "pilar"}.get(page, "ketua")])
        assert not app.exception, (page, app.exception)
        assert not app.error, (page, [e.value for e in app.error])
    assert "Belum ada nilai indikator" in page_test("ringkasan", USERS["ketua"]).info[0].value
    assert "Belum ada unggahan" in texts(page_test("kelengkapan", USERS["ketua"]))
    lead = texts(page_test("laporan", USERS["pilar"]))
    assert "Belum dilaporkan" in lead and "0 dari 8 indikator" in lead and "Pilar ini tidak punya aksi RAN" in lead


def test_another_pillars_workbook_is_refused_for_a_pillar_lead(demo_db, ref):
    from etl.load import Incoming, load_files
    from tests.conftest import sample_bytes

    lead = USERS["pilar"]  # the page passes the lead's own pillar as the only one accepted
    [result] = load_files([Incoming("rehab.xlsx", sample_bytes(ref, "rehab-sosial"))], by=lead.name, expected_pillar=lead.pillar)
    assert result.status == "rejected"
    assert [i.code for i in result.report.issues] == ["template-wrong-pillar"]
    assert "Pencegahan" in result.report.issues[0].message


def test_withdrawal_needs_a_reason_refreshes_at_once_and_is_audited(demo_db):
    from gugus import db as gdb

    app = page_test("kelengkapan", USERS["ketua"])
    app.selectbox(key="tarik_pilar").select("Pencegahan").run()
    weeks = app.selectbox(key="tarik_minggu").options
    assert weeks[0] == "Semua minggu"
    assert weeks[1].startswith("Minggu ")  # a week as people say it, not 2026-W47
    app.selectbox(key="tarik_minggu").select_index(1).run()
    [option] = app.selectbox(key="tarik_id").options  # one pillar, one week: one upload
    upload_id = int(app.selectbox(key="tarik_id").value)
    app.checkbox(key="tarik_yakin").check().run()
    assert app.button[-1].disabled  # no reason yet
    app.text_input(key="tarik_alasan").input("berkas minggu yang salah").run()
    app.button[-1].click().run()
    assert any(f"Unggahan #{upload_id} ditarik" in s.value for s in app.success)
    assert not any(o.startswith(f"#{upload_id} ") for o in app.selectbox(key="tarik_id").options)  # no longer offered
    with gdb.connect(demo_db) as con:
        detail = con.execute("SELECT detail FROM audit_event WHERE action = 'tarik-unggahan'").fetchone()[0]
    assert "alasan: berkas minggu yang salah" in detail


def test_mode_rapat_keeps_the_chosen_period_and_filters_and_names_them(demo_db):
    app = page_test("peta", USERS["pimpinan"])
    app.selectbox(key="peta_periode").select(13).run()
    app.multiselect(key="peta_modus").select("pmi-nonprosedural").run()
    before = next(m.value for m in app.markdown if "Seluruh wilayah" in m.value)
    assert "3 bulan" in before and "modus: PMI non-prosedural" in before
    [enter] = [b for b in app.button if b.label == "Mode Rapat"]
    enter.click().run()
    assert not app.exception and app.session_state["mode_rapat"]
    app.segmented_control(key="peta_tampilan").set_value("Perbatasan").run()  # a view switch on the projector
    during = next(m.value for m in app.markdown if "Seluruh wilayah" in m.value)
    assert "3 bulan" in during and "modus: PMI non-prosedural" in during  # the room sees what is filtered
    [leave] = [b for b in app.button if b.label == "Keluar dari Mode Rapat"]
    leave.click().run()
    assert app.selectbox(key="peta_periode").value == 13 and app.multiselect(key="peta_modus").value == ["pmi-nonprosedural"]
    assert app.segmented_control(key="peta_tampilan").value == "Perbatasan"
