"""The journey and service-chain pages as each role reads them: the chair gets the work lists, a pillar lead those
of their pillar, the mayor's office only protected aggregates; drop-outs reach Ringkasan, its WhatsApp text and the
lead's own page."""

from __future__ import annotations

import pytest

from gugus.auth import User
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
    assert any("saling cocok" in s.value for s in app.success)


def test_the_health_lead_sees_their_own_drop_outs_on_their_page(demo_db):
    journey = page_test("alur", HEALTH_LEAD)
    assert not journey.exception and "Alur per kasus" in _headers(journey)
    own = page_test("laporan", HEALTH_LEAD)
    assert not own.exception and not own.error
    assert "Korban menunggu layanan pilar ini" in texts(own)


@pytest.mark.parametrize("role", ["ketua", "pimpinan"])
def test_drop_outs_reach_ringkasan_and_its_whatsapp_text(demo_db, role):
    app = page_test("ringkasan", USERS[role])
    assert not app.exception
    assert "Korban menunggu layanan" in _headers(app)
    whatsapp = app.code[0].value
    lines = [m.value for m in app.markdown if "setelah" in m.value and "korban belum" in m.value]
    assert lines, "the demo's story has victims waiting too long"
    assert "*Korban menunggu layanan melebihi standar:*" in whatsapp
    for line in lines[0].split("\n"):  # each drop-out on the page is in the text, protected the same way
        assert line.removeprefix("- ") in whatsapp


def test_the_chain_page_shows_points_agencies_and_follow_up_for_the_chair(demo_db):
    app = page_test("rantai", USERS["ketua"], state={"rantai_periode": 0})
    assert not app.exception and not app.error
    table = app.table[0].value
    assert list(table.columns) == ["Instansi terkait", "Kasus", "Belum ditindaklanjuti (kasus)", "Temuan dikirim", "Sudah dibalas", "Selesai"]
    assert "Penerbitan / wawancara paspor" in table.index
    assert table.loc["Penerbitan / wawancara paspor", "Instansi terkait"] == "Imigrasi Singkawang, Imigrasi Sambas"
    assert "Tindak lanjut temuan" in _headers(app)
