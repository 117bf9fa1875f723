"""The public-service chain: service points named by cases (several per case), the follow-up of findings as of a
day, and suppression of the counts per point."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from gugus import chain, suppression
from gugus import db as gdb
from gugus.charts import quarter_name
from gugus.views import rantai
from gugus.weeks import Week
from tests.gugus.test_journey import D, W, _case, _load

FOLLOWUP = {
    "case_ref": "LP/B/1/V/2026/SPKT",
    "service_point": "paspor",
    "agency": "IMIGRASI",
    "sent_date": D + dt.timedelta(days=2),
    "status": "dikirim",
}


def _seed(db, ref):
    first = {**_case("LP/B/1/V/2026/SPKT", D, women=2), "service_points": "Penerbitan / wawancara paspor; dokumen-kependudukan"}
    second = {**_case("LP/B/2/V/2026/SPKT", D, men=3), "service_points": ("pos-lintas-batas",)}
    _load(db, ref, {"penegakan-hukum": {"Kasus": [first, second]}, "kerja-sama": {"Tindak Lanjut Layanan": [FOLLOWUP]}})
    replied = {**FOLLOWUP, "reply_date": (W + 1).monday + dt.timedelta(days=1), "status": "Dibalas instansi", "letter": "Balasan Kanim"}
    _load(db, ref, {"kerja-sama": {"Tindak Lanjut Layanan": [replied]}}, week=W + 1)


def test_points_named_by_a_case_and_what_became_of_their_findings(db, ref):
    _seed(db, ref)
    with gdb.connect(db) as con:
        named = chain.case_points(con, D, D + dt.timedelta(days=6))
        points = chain.points(con)
        found = chain.followups(con, dt.date(2026, 6, 30))
        since = chain.followup_start(con)
    assert since == W.monday
    assert sorted(zip(named["case_ref"], named["point"], strict=True)) == [
        ("LP/B/1/V/2026/SPKT", "dokumen-kependudukan"),
        ("LP/B/1/V/2026/SPKT", "paspor"),
        ("LP/B/2/V/2026/SPKT", "pos-lintas-batas"),
    ]
    summary = chain.summary(named, found, points, since).set_index("point")
    assert summary.loc["paspor", ["cases", "followed", "replied", "closed", "unanswered", "earlier"]].tolist() == [1, 1, 1, 0, 0, 0]
    assert summary.loc["dokumen-kependudukan", ["cases", "followed", "unanswered"]].tolist() == [1, 0, 1]
    assert summary.loc["paspor", "agencies"] == "Imigrasi Singkawang, Imigrasi Sambas"  # the agencies concerned, from reference data


def test_cases_from_before_follow_ups_were_recorded_are_not_counted_as_unanswered(db, ref):
    _load(db, ref, {"penegakan-hukum": {"Kasus": [{**_case("LP/B/3/V/2026/SPKT", D, men=3), "service_points": "paspor"}]}})
    with gdb.connect(db) as con:
        named = chain.case_points(con, D, D + dt.timedelta(days=6))
        assert chain.followup_start(con) is None  # Kerja Sama has not reported with the follow-up sheet yet
        assert chain.unanswered(named, chain.followups(con, D + dt.timedelta(days=30)), None).empty
    _load(db, ref, {"kerja-sama": {"Indikator": [{"indicator": "KSK-01", "area": "Kota Singkawang", "value": 1}]}}, week=W + 1)
    with gdb.connect(db) as con:
        since = chain.followup_start(con)
        assert since == (W + 1).monday
        assert chain.unanswered(named, chain.followups(con, D + dt.timedelta(days=30)), since).empty  # reported before it


def test_a_follow_up_is_read_as_it_stood_on_the_day(db, ref):
    _seed(db, ref)
    with gdb.connect(db) as con:
        before = chain.followups(con, W.sunday)
        after = chain.followups(con, (W + 1).sunday)
    assert before[["status", "days_open"]].values.tolist() == [["dikirim", (W.sunday - FOLLOWUP["sent_date"]).days]]
    assert after["status"].tolist() == ["dibalas"]


def test_the_page_lists_work_only_for_the_chair_and_the_leads(db, ref):
    _seed(db, ref)
    with gdb.connect(db) as con:
        chair = rantai.page(con, W + 1, 4, 3, "ketua")
        mayor = rantai.page(con, W + 1, 4, 5, "pimpinan")
    assert chair.followups["Kode kasus"].tolist() == ["LP/B/1/V/2026/SPKT"]
    assert sorted(chair.unanswered["Kode kasus"]) == ["LP/B/1/V/2026/SPKT", "LP/B/2/V/2026/SPKT"]
    assert mayor.followups is None and mayor.unanswered is None
    assert set(mayor.table["Kasus"]) == {suppression.PROTECTED, "0"}  # one case per point: never shown as 1


@pytest.mark.parametrize("k", [3, 5])
def test_no_protected_count_can_be_worked_out_from_a_point(k):
    """A point's cases beside its quarters, and split into followed up, not followed up (and earlier, never shown);
    the followed-up ones into replied and closed: whatever is shown, no count from 1 to k−1 can be worked out."""
    rng = random.Random(k)
    for _ in range(400):
        quarters = [rng.choice([0, 1, 2, 3, 4, 6, 9]) for _ in range(rng.randint(1, 4))]
        cases = sum(quarters)
        followed = rng.randint(0, cases)
        unanswered = rng.randint(0, cases - followed)
        replied = rng.randint(0, followed)
        closed = rng.randint(0, replied)
        row = {"cases": cases, "followed": followed, "unanswered": unanswered, "earlier": cases - followed - unanswered}
        row.update(replied=replied, closed=closed)
        hidden = rantai.protect_point(row, quarters, k)
        shown = {name: v for name, v in row.items() if name not in hidden and name != "earlier"}
        shown.update({f"q{i}": v for i, v in enumerate(quarters) if f"q{i}" not in hidden})
        assert all(not suppression.is_small(v, k) for v in shown.values()), (row, quarters, hidden)
        groups = [
            ("cases", [f"q{i}" for i in range(len(quarters))]),
            ("cases", ["followed", "unanswered", "earlier"]),
            ("followed", ["replied"]),
            ("replied", ["closed"]),
        ]
        values = {**row, **{f"q{i}": v for i, v in enumerate(quarters)}}
        for total, parts in groups:
            if total in shown:
                rest = shown[total] - sum(shown[p] for p in parts if p in shown)
                assert rest == 0 or not suppression.is_small(rest, k), (row, quarters, hidden, total, parts)
        assert values["cases"] == sum(quarters)


def test_quarters_are_named_in_indonesian():
    assert quarter_name(dt.date(2026, 8, 17)) == "Triwulan III 2026"
    assert quarter_name(Week(2026, 1).monday) == "Triwulan IV 2025"  # 29 Dec 2025: the quarter of the day, not of the ISO week
