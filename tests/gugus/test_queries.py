"""Indicator status rules, completeness states and the weekly summary, on small hand-made loads."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from etl.load import Incoming, load_files
from etl.sample import sample_identity
from etl.template import build_workbook, workbook_bytes
from gugus import completeness, indicators, summary
from gugus import db as gdb
from gugus.views import indikator, ringkasan
from tests.conftest import WEEK

TZ = ZoneInfo("Asia/Pontianak")


def _any_row(ref, pillar):
    """One zero value of a city-level indicator of ``pillar``: an upload with nothing in it is not a report."""
    code = next(c for c, r in ref.indicators.items() if r["pillar"] == pillar and r["area_level"] == "kabkota")
    return [{"indicator": code, "area": "Kota Singkawang", "value": 0}]


def _load(db, ref, pillar, week, rows, at=None):
    rows = rows or _any_row(ref, pillar)
    identity = sample_identity(pillar, week, ref, week.sunday)
    data = workbook_bytes(build_workbook(pillar, ref, identity=identity, rows={"Indikator": rows, "Aksi RAN": []}))
    at = at or dt.datetime.combine(week.sunday, dt.time(20), TZ)
    [result] = load_files([Incoming(f"{pillar}-{week}.xlsx", data, at)], db=db, today=dt.date(2026, 12, 31))
    assert result.status == "loaded", result.report.issues


def _table(db, week=WEEK, pillar=None):
    with gdb.connect(db) as con:
        return indicators.table(con, week, pillar).set_index("code")


@pytest.mark.parametrize(("value", "status"), [(85, "hijau"), (60, "kuning"), (40, "merah")])
def test_percent_indicator_is_judged_on_the_year_to_date(db, ref, value, status):
    _load(db, ref, "pencegahan", WEEK, [{"indicator": "PCG-08", "area": "Kota Singkawang", "value": value}])
    row = _table(db).loc["PCG-08"]
    assert row["status"] == status and row["achievement"] == pytest.approx(value / 80) and row["ytd"] == value


@pytest.mark.parametrize(("value", "status"), [(2, "hijau"), (3, "kuning"), (4, "merah")])
def test_lower_is_better_indicator_turns_red_when_it_rises(db, ref, value, status):
    _load(db, ref, "rehab-kesehatan", WEEK, [{"indicator": "RKS-04", "area": "Kota Singkawang", "value": value}])
    assert _table(db).loc["RKS-04", "status"] == status


def test_counts_are_judged_on_the_year_to_date_pace(db, ref):
    # PCG-01: 150 sessions a year; by week 20 of a 53-week year the pace is 150 × 20/53 ≈ 56.6.
    _load(db, ref, "pencegahan", WEEK - 1, [{"indicator": "PCG-01", "area": "Singkawang Barat", "value": 40}])
    _load(db, ref, "pencegahan", WEEK, [{"indicator": "PCG-01", "area": "Singkawang Barat", "value": 14}])
    row = _table(db).loc["PCG-01"]
    assert row["ytd"] == 54 and row["status"] == "hijau"  # 54 ≥ 0.9 × 56.6
    assert row["target_to_date"] == pytest.approx(150 * 20 / 53)
    assert row["value"] == 14 and row["previous"] == 40
    assert list(row["spark"])[-2:] == [40, 14] and len(row["spark"]) == 12


def test_monitor_indicators_get_no_verdict(db, ref):
    _load(db, ref, "pencegahan", WEEK, [{"indicator": "PCG-07", "area": "Kota Singkawang", "value": 9}])
    assert _table(db).loc["PCG-07", "status"] == "pantau"


def test_an_indicator_that_turned_red_is_in_the_summary(db, ref):
    # the year to date turns red: 9 of 10 last week, then 1 of 90 → 10 of 100 = 10 % against ≥ 80 %
    _load(db, ref, "pencegahan", WEEK - 1, [{"indicator": "PCG-08", "area": "Kota Singkawang", "numerator": 9, "denominator": 10}])
    _load(db, ref, "pencegahan", WEEK, [{"indicator": "PCG-08", "area": "Kota Singkawang", "numerator": 1, "denominator": 90}])
    with gdb.connect(db) as con:
        result = summary.week_summary(con, WEEK, 3)
    assert list(result.turned_red["code"]) == ["PCG-08"]
    text = ringkasan.whatsapp_text(result, 3)
    assert "PCG-08" in text and "belum lapor: Penegakan Hukum" in text
    assert "10 % sejak awal tahun (10 dari 100); target ≥ 80 %" in text
    assert "🔴 Pencegahan: Merah — 0 hijau, 0 kuning, 1 merah dari 1 dinilai" in text


def test_completeness_tells_on_time_late_and_missing(db, ref):
    _load(db, ref, "pencegahan", WEEK, [], at=dt.datetime.combine(WEEK.sunday, dt.time(20), TZ))
    monday_after = WEEK.sunday + dt.timedelta(days=1)
    _load(db, ref, "kerja-sama", WEEK, [], at=dt.datetime.combine(monday_after, dt.time(11, 59), TZ))
    _load(db, ref, "rehab-sosial", WEEK, [], at=dt.datetime.combine(monday_after, dt.time(15), TZ))
    with gdb.connect(db) as con:
        grid = completeness.matrix(con, WEEK, weeks=1).set_index("pillar")
    assert grid.loc["pencegahan", "state"] == "tepat" and grid.loc["kerja-sama", "state"] == "tepat"
    assert grid.loc["rehab-sosial", "state"] == "terlambat" and grid.loc["rehab-sosial", "hours_late"] == 3
    assert grid.loc["penegakan-hukum", "state"] == "belum"
    rates = completeness.timeliness(grid.reset_index()).set_index("pillar_name")
    assert rates.loc["Rehabilitasi Sosial", "rate"] == 0 and rates.loc["Pencegahan", "rate"] == 1


def test_small_counts_never_reach_the_indicator_table_view(db, ref):
    _load(db, ref, "pencegahan", WEEK, [{"indicator": "PCG-07", "area": "Kota Singkawang", "value": 2}])
    view = indikator.table_view(_table(db, pillar="pencegahan").reset_index(), WEEK, k=3).set_index("Kode")
    assert view.loc["PCG-07", "Minggu ini"] == "dilindungi" and view.loc["PCG-07", "Sejak awal tahun"] == "dilindungi"
    assert view.loc["PCG-07", indikator.TREND] == "dilindungi"  # no trend line that would hint at the hidden count
    strict = indikator.table_view(_table(db, pillar="pencegahan").reset_index(), WEEK, k=5).set_index("Kode")
    assert strict.loc["PCG-07", "Minggu ini"] == "dilindungi"


def test_the_reporting_sentence_never_says_all_reported_while_one_has_not():
    def frame(*states):
        return pd.DataFrame({"pillar_name": ["Pencegahan", "Penegakan Hukum", "Rehabilitasi Sosial"][: len(states)], "state": list(states)})

    assert ringkasan.reporting_sentence(frame("tepat", "tepat")) == "semua pilar sudah lapor tepat waktu."
    assert ringkasan.reporting_sentence(frame("tepat", "belum-jatuh-tempo")) == "belum lapor, tenggat belum lewat: Penegakan Hukum."
    said = ringkasan.reporting_sentence(frame("terlambat", "belum", "tepat"))
    assert said == "belum lapor: Penegakan Hukum; terlambat: Pencegahan."
    assert ringkasan.reporting_sentence(frame("terlambat", "tepat")) == "terlambat: Pencegahan."


def test_the_reporting_table_lists_every_pillar_not_on_time():
    frame = pd.DataFrame(
        {"pillar_name": ["A", "B", "C", "D"], "state": ["tepat", "sebelum-mulai", "belum-jatuh-tempo", "belum"], "hours_late": [None] * 4}
    )
    assert list(ringkasan.reporting_table(frame).index) == ["B", "C", "D"]
