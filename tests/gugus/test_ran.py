"""RAN action status at its edges, the agency scorecard, coordination gaps, and the page per role."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from etl.load import Incoming, load_files
from etl.plan import import_plan
from etl.sample import sample_identity
from etl.template import build_workbook, workbook_bytes
from gugus import db as gdb
from gugus import ran
from gugus.views import aksi_ran
from gugus.weeks import current_week
from tests.conftest import WEEK
from tests.etl.test_plan import HEADER, _matrix

TZ = ZoneInfo("Asia/Pontianak")


def _plan(db, actions):
    rows = [
        [code, "Pencegahan", "Uji", f"Kegiatan {code}", None, None, None, "DP3AP2KB", related, start, due, None]
        for code, start, due, related in actions
    ]
    result = import_plan(_matrix(rows, HEADER, merge_strategy=False), "uji.xlsx", db=db)
    assert result.ok, result.report.issues


def _report(db, ref, week, updates):
    identity = sample_identity("pencegahan", week, ref, week.sunday)
    rows = {"Indikator": [], "Aksi RAN": [{"action": a, "status": s, "progress": p, "evidence": e} for a, s, p, e in updates]}
    data = workbook_bytes(build_workbook("pencegahan", ref, identity=identity, rows=rows))
    [result] = load_files([Incoming(f"p-{week}.xlsx", data, dt.datetime.combine(week.sunday, dt.time(9), TZ))], db=db, today=dt.date(2026, 12, 31))
    assert result.status == "loaded", result.report.issues


def _status(db, week=WEEK):
    with gdb.connect(db) as con:
        return ran.actions(con, week).set_index("code")


def test_status_at_the_edges(db, ref):
    sunday = WEEK.sunday
    _plan(
        db,
        [
            ("DUE-TODAY", sunday - dt.timedelta(days=60), sunday, None),
            ("LATE", sunday - dt.timedelta(days=90), sunday - dt.timedelta(days=1), None),
            ("DONE-LATE", sunday - dt.timedelta(days=90), (WEEK - 2).sunday, None),
            ("STALLED", sunday - dt.timedelta(days=90), sunday + dt.timedelta(days=60), None),
            ("RUNNING", sunday - dt.timedelta(days=90), sunday + dt.timedelta(days=60), None),
            ("FUTURE", sunday + dt.timedelta(days=30), sunday + dt.timedelta(days=90), None),
        ],
    )
    _report(db, ref, WEEK - 4, [("STALLED", "berjalan", 20, "Rapat awal"), ("DONE-LATE", "berjalan", 50, None)])
    _report(db, ref, WEEK - 1, [("STALLED", "berjalan", 20, None), ("DONE-LATE", "selesai", 100, "Laporan akhir"), ("RUNNING", "berjalan", 30, None)])
    _report(db, ref, WEEK, [("DUE-TODAY", "berjalan", 90, None), ("RUNNING", "berjalan", 40, "Surat tugas")])
    status = _status(db)
    assert status.loc["DUE-TODAY", "status"] == "berjalan"  # due today is not late yet
    assert status.loc["LATE", "status"] == "terlambat"
    assert status.loc["DONE-LATE", "status"] == "selesai" and status.loc["DONE-LATE", "done_late"]
    assert status.loc["STALLED", "status"] == "macet"  # same 20 % for 4 weeks
    assert status.loc["RUNNING", "status"] == "berjalan" and status.loc["RUNNING", "evidence"] == "Surat tugas"
    assert status.loc["FUTURE", "status"] == "belum-mulai"
    card = aksi_ran.agency_scorecard(_status(db)).set_index("Instansi penanggung jawab").loc["DP3AP2KB"]
    assert (card["Aksi"], card["Selesai terlambat"], card["Terlambat"], card["Macet"]) == (6, 1, 1, 1)


def test_an_action_with_no_update_since_its_start_is_stalled(db, ref):
    _plan(
        db,
        [
            ("QUIET", WEEK.monday - dt.timedelta(weeks=5), WEEK.sunday + dt.timedelta(weeks=20), None),
            ("NEW", WEEK.monday - dt.timedelta(weeks=1), WEEK.sunday + dt.timedelta(weeks=20), None),
        ],
    )
    status = _status(db)
    assert status.loc["QUIET", "status"] == "macet" and status.loc["NEW", "status"] == "belum-mulai"


def test_coordination_gap_names_the_quiet_agency(db, ref):
    _plan(db, [("SHARED", WEEK.monday - dt.timedelta(weeks=10), WEEK.sunday + dt.timedelta(weeks=20), "Dinsos")])
    _report(db, ref, WEEK, [("SHARED", "berjalan", 10, None)])
    with gdb.connect(db) as con:
        gaps = ran.coordination_gaps(con, WEEK)
    assert gaps[["code", "agency", "role"]].values.tolist() == [["SHARED", "Dinsos", "terkait"]]  # rehab-sosial sent nothing
    assert gaps["last_seen"].isna().all()


def test_filters_and_the_sentence(db, ref):
    frame = _status(db)
    late = aksi_ran.filtered(frame, WEEK, ["Pencegahan"], [], ["terlambat"], 0)
    assert (late["status"] == "terlambat").all() and (late["pillar_name"] == "Pencegahan").all()
    assert (
        aksi_ran.describe(late, ["Pencegahan"], [], ["terlambat"], 8)
        == f"{len(late)} aksi, pilar Pencegahan, status terlambat, tenggat dalam 8 minggu"
    )


def test_the_chairs_ran_page_has_no_editor_and_points_the_lead_to_their_own_page(db):
    from tests.pages.conftest import USERS, page_test

    lead = page_test("aksi_ran", USERS["pilar"])
    assert not lead.exception and not lead.button  # the lead edits on Laporan Saya, one action at a time
    assert any("Laporan Saya" in i.value for i in lead.info)
    assert lead.multiselect(key="ran_pilar").value == ["Pencegahan"]  # the lead opens on their own pillar
    for role in ("ketua", "pimpinan"):
        app = page_test("aksi_ran", USERS[role])
        assert not app.exception and not app.button and not any("Laporan Saya" in i.value for i in app.info)
        assert len(app.dataframe) == len(lead.dataframe)
        assert any(" aksi" in m.value for m in app.markdown)


def test_finished_is_the_rule_the_status_column_uses(demo_db):
    assert ran.finished("selesai", 40) and ran.finished("berjalan", 100) and not ran.finished("berjalan", 95)
    assert not ran.finished(None, None)
    with gdb.connect(demo_db) as con:
        frame = ran.actions(con, current_week() - 1)
    done = frame[[ran.finished(s, p) for s, p in zip(frame["reported_status"], frame["progress"], strict=True)]]
    assert not done.empty and (done["status"] == "selesai").all()
