"""The journey and service-chain pages as each role reads them: the chair gets the work lists, a pillar lead those
of their pillar, the mayor's office only protected aggregates; drop-outs reach Ringkasan, its WhatsApp text and the
lead's own page."""

from __future__ import annotations

import pytest

from gugus.auth import User
from gugus.weeks import current_week
from tests.gugus.test_journey import HEALTH_REPORTED, _case, _load
from tests.pages.conftest import USERS, page_test, texts

HEALTH_LEAD = User("rehab-kesehatan", "pilar", "rehab-kesehatan")


def _headers(app) -> list[str]:
    return [s.value for s in app.subheader]


def test_the_chair_gets_every_work_list_on_the_journey_page(demo_db):
    app = page_test("alur", USERS["ketua"])
    assert not app.exception and not app.error
    assert app.title[0].value == "Alur Penanganan Korban"
    assert "korban diselamatkan dari kasus yang dilaporkan dalam 6 bulan" in texts(app)
    assert {"Korban menunggu tahap berikutnya melebihi standar", "Data antarpilar yang tidak cocok", "Alur per kasus"} <= set(_headers(app))
    journeys = app.dataframe[-1].value
    assert list(journeys.columns[:3]) == ["Kode kasus", "Tanggal lapor", "Tahap"] and not journeys.empty
    assert "Sumber standar" in app.table[0].value.columns and app.table[0].value["Sumber standar"].str.contains("contoh").all()


def test_the_mayors_office_sees_no_case_reference(demo_db):
    app = page_test("alur", USERS["pimpinan"])
    assert not app.exception and not app.error
    assert "Data antarpilar yang tidak cocok" not in _headers(app) and "Alur per kasus" not in _headers(app)
    assert "LP/B/" not in texts(app) and not app.dataframe
    chain = page_test("rantai", USERS["pimpinan"])
    assert not chain.exception and "LP/B/" not in texts(chain) and not chain.dataframe
    assert "Tindak lanjut temuan" not in _headers(chain)


def test_a_pillar_outside_the_journey_gets_the_disagreements_list_empty_and_no_case_journeys(demo_db):
    app = page_test("alur", USERS["pilar"])  # Pencegahan: no stage of the journey, no side of a disagreement
    assert not app.exception and not app.error
    assert "Alur per kasus" not in _headers(app)
    assert any("Tidak ada ketidakcocokan data yang menyangkut pilar Anda" in s.value for s in app.success)


def test_the_health_lead_sees_their_own_drop_outs_on_their_page(demo_db):
    journey = page_test("alur", HEALTH_LEAD)
    assert not journey.exception and "Alur per kasus" in _headers(journey)
    own = page_test("laporan", HEALTH_LEAD)
    assert not own.exception and not own.error
    assert "Korban menunggu layanan pilar ini" in texts(own)


@pytest.mark.parametrize(("role", "count"), [("ketua", "4 kasus"), ("pimpinan", "Kasus (jumlahnya dilindungi)")])
def test_drop_outs_reach_ringkasan_and_its_whatsapp_text(db, ref, role, count):
    week = current_week() - 1
    rescued = [_case(f"LP/B/{i}/XI/2026/SPKT", week.monday, women=3) for i in range(1, 5)]
    indicators = {"Indikator": [{"indicator": "PGH-04", "area": "Kota Singkawang", "value": 12}]}
    _load(db, ref, {"penegakan-hukum": {**indicators, "Kasus": rescued}, "rehab-kesehatan": HEALTH_REPORTED}, week=week)
    app = page_test("ringkasan", USERS[role], state={"pilihan_minggu": week})  # six days after the rescue, no examination
    assert not app.exception
    lines = [m.value for m in app.markdown if "korban belum mendapat pemeriksaan kesehatan" in m.value]
    assert len(lines) == 1 and lines[0].startswith(f"- {count}: korban belum mendapat pemeriksaan kesehatan lebih dari 3 hari")
    whatsapp = app.code[0].value
    assert "*Korban menunggu layanan melebihi standar:*" in whatsapp
    assert lines[0] in whatsapp  # the same line, protected the same way


def test_the_chain_page_shows_points_agencies_and_follow_up_for_the_chair(demo_db):
    app = page_test("rantai", USERS["ketua"], state={"rantai_periode": 0})
    assert not app.exception and not app.error
    table = app.table[0].value
    assert list(table.columns) == [
        "Instansi terkait",
        "Kasus",
        "Temuan dikirim (kasus)",
        "Sudah dibalas (kasus)",
        "Selesai (kasus)",
        "Belum ditindaklanjuti (kasus)",
    ]
    assert "Penerbitan / wawancara paspor" in table.index
    assert table.loc["Penerbitan / wawancara paspor", "Instansi terkait"] == "Imigrasi Singkawang, Imigrasi Sambas"
    assert "Tindak lanjut temuan" in _headers(app)
    assert "Bila batang tidak tampil: tidak ada kasus, atau jumlahnya dilindungi — karena 1 sampai 2, atau karena selisihnya" in texts(app)
