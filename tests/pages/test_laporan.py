"""Laporan Saya: the pillar lead's own page — the week's deadline and what is missing, upload, and one RAN action at
a time, saved through the same validation and versioning as a workbook."""

from __future__ import annotations

import datetime as dt

from gugus import completeness
from gugus import db as gdb
from gugus.weeks import current_week
from tests.pages.conftest import USERS, page_test, shell_test, texts


def _save(app):
    return next(b for b in app.button if b.label == "Simpan aksi ini")


def test_a_pillar_lead_lands_on_their_own_week(demo_db):
    app = shell_test(USERS["pilar"])
    assert not app.exception
    assert [t.value for t in app.title] == ["Laporan Pencegahan"]
    week = current_week() - 1
    assert week.label() in texts(app)


def test_the_page_says_what_is_due_by_when_and_what_is_missing(demo_db):
    week = current_week() - 1
    with gdb.connect(demo_db, write=True) as con:  # one indicator of the week loses its value
        con.execute("""DELETE FROM indicator_value WHERE indicator = 'PCG-03' AND week = ?""", [str(week)])
        due = completeness.pillar_week(con, "pencegahan", week)
    assert due.deadline == dt.datetime.combine(week.sunday + dt.timedelta(days=1), dt.time(12))
    assert due.missing == [n for c, n in due.indicators[["code", "name"]].itertuples(index=False) if c == "PCG-03"]
    app = page_test("laporan", USERS["pilar"], state={"pilihan_minggu": week})
    assert not app.exception and not app.error
    text = texts(app)
    assert f"Tenggat: {due.deadline_text()}" in text and due.deadline_text().startswith("Senin, ")
    total = len(due.indicators)
    assert f"{total - 1} dari {total} indikator" in text
    assert "1 indikator belum berisi nilai" in [e.label for e in app.expander][0]
    assert f"{len(due.open_actions)} aksi RAN" in text


def test_one_ran_action_is_saved_and_the_others_stay(demo_db):
    week = current_week() - 1
    app = page_test("laporan", USERS["pilar"], state={"pilihan_minggu": week})
    choice = app.selectbox(key="laporan_aksi")
    code = choice.value
    with gdb.connect(demo_db) as con:
        before = dict(
            con.execute(
                """SELECT action, progress FROM ran_update_current WHERE pillar = 'pencegahan'
                                     AND week = ? AND action <> ?""",
                [str(week), code],
            ).fetchall()
        )
        indicators = con.execute("SELECT count(*) FROM indicator_value_current WHERE week = ? AND pillar = 'pencegahan'", [str(week)]).fetchone()
    app.selectbox[1].set_value("berjalan")  # the form's Status
    app.slider[0].set_value(40)
    app.text_area[0].input("Surat undangan 045/77/2026")
    _save(app).click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert any("Tersimpan" in s.value for s in app.success)
    with gdb.connect(demo_db) as con:
        saved = con.execute(
            """SELECT status, progress, evidence FROM ran_update_current WHERE action = ? AND week = ?""", [code, str(week)]
        ).fetchone()
        after = dict(
            con.execute(
                """SELECT action, progress FROM ran_update_current WHERE pillar = 'pencegahan'
                                    AND week = ? AND action <> ?""",
                [str(week), code],
            ).fetchall()
        )
        still = con.execute("SELECT count(*) FROM indicator_value_current WHERE week = ? AND pillar = 'pencegahan'", [str(week)]).fetchone()
    assert saved == ("berjalan", 40, "Surat undangan 045/77/2026")
    assert after == before and still == indicators  # only the one action changed


def test_other_roles_do_not_have_the_page(demo_db):
    for role in ("ketua", "pimpinan", "admin"):
        app = page_test("laporan", USERS[role])
        assert "tidak tersedia untuk peran" in app.error[0].value and not app.title


def test_the_next_week_due_is_one_tap_away(demo_db):
    now = current_week()
    app = page_test("laporan", USERS["pilar"], state={"pilihan_minggu": now - 2})
    assert f"Berikutnya: {now.label()}, tenggat Senin, " in texts(app)
    app.button(key="laporan_berikut").click().run()
    assert app.session_state["pilihan_minggu"] == now
    assert now.label() in texts(app)


def test_a_lead_may_lower_an_actions_progress_in_the_form_and_is_told(demo_db):
    week = current_week() - 1
    app = page_test("laporan", USERS["pilar"], state={"pilihan_minggu": week})
    code = app.selectbox(key="laporan_aksi").value
    with gdb.connect(demo_db) as con:
        before = con.execute("SELECT progress FROM ran_update_current WHERE action = ? AND week = ?", [code, str(week)]).fetchone()
    start = app.slider[0].value
    assert before is None or before[0] == start
    app.slider[0].set_value(max(start - 10, 0))
    _save(app).click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    with gdb.connect(demo_db) as con:
        saved = con.execute("SELECT progress FROM ran_update_current WHERE action = ? AND week = ?", [code, str(week)]).fetchone()
    assert saved == (max(start - 10, 0),)
    assert any("Progres diturunkan" in s.value for s in app.success) or start == 0
