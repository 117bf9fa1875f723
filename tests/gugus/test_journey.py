"""The victim journey: stages in order with the days between them, the standard's threshold, drop-outs, every kind
of disagreement between pillars, and suppression of the funnel — on workbooks loaded through the write path."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest

from etl.load import Incoming, load_files
from etl.sample import sample_identity
from etl.template import build_workbook, workbook_bytes
from gugus import db as gdb
from gugus import journey, reconciliation, suppression
from gugus.views import alur
from gugus.weeks import Week

TZ = ZoneInfo("Asia/Pontianak")
W = Week(2026, 20)  # Monday 11 May 2026
D = W.monday
REF_A = "LP/B/1/V/2026/SPKT"


def _case(ref_: str, day: dt.date, men: int = 0, women: int = 0, boys: int = 0, girls: int = 0) -> dict:
    return {
        "case_ref": ref_,
        "reported_date": day,
        "origin_area": "61.01.05",
        "modus": "pmi-nonprosedural",
        "victims_male_adult": men,
        "victims_female_adult": women,
        "victims_male_child": boys,
        "victims_female_child": girls,
        "victims_total": men + women + boys + girls,
        "stage": "laporan",
    }


def _service(ref_: str, day: dt.date, service: str, victims: int, children: int | None = None) -> dict:
    return {"case_ref": ref_, "service_date": day, "service": service, "victims": victims, "children": children, "referred_from": "POLRES-SKW"}


def _load(db, ref, books: dict[str, dict[str, list]], week: Week = W) -> None:
    sources = []
    for pillar, rows in books.items():
        rows = {"Indikator": [], "Aksi RAN": [], **rows}
        identity = sample_identity(pillar, week, ref, week.sunday)
        sources.append(Incoming(f"{pillar}-{week}.xlsx", workbook_bytes(build_workbook(pillar, ref, identity=identity, rows=rows))))
    results = load_files(sources, db=db, today=dt.date(2026, 12, 31))
    assert [r.status for r in results] == ["loaded"] * len(sources), [r.report.issues for r in results]


HEALTH_REPORTED = {"Indikator": [{"indicator": "RKS-05", "area": "Kota Singkawang", "value": 0}]}  # a week reported, no service


def _journey(db, until: dt.date) -> journey.Journey:
    with gdb.connect(db) as con:
        return journey.journey(con, until)


def test_stages_come_in_order_with_the_days_since_the_previous_stage(db, ref):
    _load(
        db,
        ref,
        {
            "penegakan-hukum": {"Kasus": [_case(REF_A, D, women=3)]},
            "rehab-kesehatan": {
                "Layanan Korban": [_service(REF_A, D + dt.timedelta(days=9), "psikologis", 3), _service(REF_A, D + dt.timedelta(days=2), "visum", 3)]
            },
            "rehab-sosial": {"Layanan Korban": [_service(REF_A, D + dt.timedelta(days=4), "rumah-aman", 3)]},
        },
    )
    j = _journey(db, dt.date(2026, 6, 30))
    reached = j.events[["stage", "day", "days", "agency"]].assign(day=j.events["day"].dt.date)
    assert reached.values.tolist() == [
        ["diselamatkan", D, pytest.approx(float("nan"), nan_ok=True), "Polres Singkawang"],
        ["pemeriksaan-kesehatan", D + dt.timedelta(days=2), 2.0, "Dinkes"],  # a forensic examination is a health examination
        ["psikologis", D + dt.timedelta(days=9), 7.0, "Dinkes"],
        ["rumah-aman", D + dt.timedelta(days=4), 0.0, "Dinsos"],  # sheltered before counselling: given together, 0 days
    ]


def test_a_case_reference_typed_differently_is_the_same_case(db, ref):
    _load(
        db,
        ref,
        {
            "penegakan-hukum": {"Kasus": [_case(REF_A, D, men=4)]},
            "rehab-kesehatan": {"Layanan Korban": [_service("lp/b/1/v/2026/spkt ", D + dt.timedelta(days=1), "pemeriksaan-medis", 4)]},
        },
    )
    j = _journey(db, dt.date(2026, 6, 30))
    assert set(j.events["stage"]) == {"diselamatkan", "pemeriksaan-kesehatan"}
    assert reconciliation.reconciliation(j).empty


@pytest.mark.parametrize(("days_later", "dropped"), [(3, False), (4, True)])
def test_the_standard_is_the_threshold_of_a_drop_out(db, ref, days_later, dropped):
    _load(db, ref, {"penegakan-hukum": {"Kasus": [_case(REF_A, D, men=5)]}, "rehab-kesehatan": HEALTH_REPORTED})
    j = _journey(db, D + dt.timedelta(days=days_later))
    drops = journey.dropouts(j)
    assert (not drops.empty) == dropped  # the health examination's standard is 3 days (journey_stages.csv)
    if dropped:
        assert drops[["case_ref", "stage", "pillar", "waiting", "standard_days"]].values.tolist() == [
            [REF_A, "pemeriksaan-kesehatan", "rehab-kesehatan", 4, 3]
        ]


def test_a_drop_out_is_the_stage_after_the_last_one_reached_and_later_services_do_not_exist_yet(db, ref):
    _load(
        db,
        ref,
        {
            "penegakan-hukum": {"Kasus": [_case(REF_A, D, men=3)]},
            "rehab-kesehatan": {"Layanan Korban": [_service(REF_A, D + dt.timedelta(days=1), "pemeriksaan-medis", 3)]},
            "rehab-sosial": {"Layanan Korban": [_service(REF_A, D + dt.timedelta(days=5), "rumah-aman", 3)]},
        },
    )
    late = journey.dropouts(_journey(db, D + dt.timedelta(days=60)))
    # waiting to go home 55 days after shelter (standard 30); the counselling skipped on the way is not a wait
    assert late[["stage", "waiting"]].values.tolist() == [["pemulangan", 55]]
    early = journey.dropouts(_journey(db, D + dt.timedelta(days=4)))  # the shelter on day 5 has not happened yet
    assert early.empty


def test_nothing_is_a_drop_out_before_the_responsible_pillar_started_reporting(db, ref):
    _load(db, ref, {"penegakan-hukum": {"Kasus": [_case(REF_A, D, men=5)]}})
    _load(db, ref, {"rehab-kesehatan": HEALTH_REPORTED}, week=W + 2)  # the health pillar's first report, two weeks later
    later = _case("LP/B/9/V/2026/SPKT", (W + 2).monday, men=4)
    _load(db, ref, {"penegakan-hukum": {"Kasus": [later]}}, week=W + 2)
    drops = journey.dropouts(_journey(db, (W + 3).sunday))
    assert drops["case_ref"].tolist() == ["LP/B/9/V/2026/SPKT"]  # the case from before its first report is not held against it


def test_drop_outs_group_into_actions_with_the_responsible_pillar_and_a_protected_count(db, ref):
    cases = [_case(f"LP/B/{i}/V/2026/SPKT", D + dt.timedelta(days=i % 3), women=3) for i in range(1, 5)]
    _load(db, ref, {"penegakan-hukum": {"Kasus": cases}, "rehab-kesehatan": HEALTH_REPORTED})
    j = _journey(db, D + dt.timedelta(days=11))
    groups = journey.dropout_groups(journey.dropouts(j), j.stages)
    assert groups[["stage", "pillar", "cases", "longest"]].values.tolist() == [["pemeriksaan-kesehatan", "rehab-kesehatan", 4, 11]]
    assert alur.dropout_lines(groups, 3) == [
        "4 kasus: korban belum mendapat pemeriksaan kesehatan lebih dari 3 hari setelah diselamatkan (paling lama 11 hari) — Rehabilitasi Kesehatan"
    ]
    assert alur.dropout_lines(groups, 5)[0].startswith("Kasus (jumlahnya dilindungi): korban belum mendapat pemeriksaan kesehatan")
    assert alur.dropout_lines(groups, 3, pillar="rehab-sosial") == []


def test_every_kind_of_disagreement_points_at_its_rows(db, ref):
    _load(
        db,
        ref,
        {
            "penegakan-hukum": {"Kasus": [_case("LP/B/1/V/2026/SPKT", D, men=2, boys=1), _case("LP/B/2/V/2026/SPKT", D, women=4)]},
            "rehab-kesehatan": {
                "Layanan Korban": [
                    _service("LP/B/1/V/2026/SPKT", D + dt.timedelta(days=1), "pemeriksaan-medis", 3, children=2),  # children differ
                    _service("LP/B/2/V/2026", D + dt.timedelta(days=1), "pemeriksaan-medis", 4),  # no such case
                ]
            },
            "rehab-sosial": {"Layanan Korban": [_service("LP/B/2/V/2026/SPKT", D + dt.timedelta(days=2), "rumah-aman", 5)]},  # 5 > 4
        },
    )
    found = reconciliation.reconciliation(_journey(db, dt.date(2026, 6, 30)))
    kinds = sorted(zip(found["kind"], found["case_ref"], found["pillar"], strict=True))
    assert kinds == [
        ("anak-berbeda", "LP/B/1/V/2026/SPKT", "rehab-kesehatan"),
        ("dilayani-lebih", "LP/B/2/V/2026/SPKT", "rehab-sosial"),
        ("kasus-tak-dikenal", "LP/B/2/V/2026", "rehab-kesehatan"),
    ]
    by_kind = found.set_index("kind")
    assert by_kind.loc["dilayani-lebih", "sources"] == [
        ("penegakan-hukum", f"penegakan-hukum-{W}.xlsx", "Kasus", 3),
        ("rehab-sosial", f"rehab-sosial-{W}.xlsx", "Layanan Korban", 2),
    ]
    assert (by_kind.loc["anak-berbeda", "case_children"], by_kind.loc["anak-berbeda", "served_children"]) == (1, 2)
    assert by_kind.loc["kasus-tak-dikenal", "sources"] == [("rehab-kesehatan", f"rehab-kesehatan-{W}.xlsx", "Layanan Korban", 3)]
    assert len(reconciliation.concerning(found, "rehab-sosial")) == 1
    assert len(reconciliation.concerning(found, "penegakan-hukum")) == 3  # a party to every comparison
    assert reconciliation.concerning(found, "pencegahan").empty


def test_the_funnel_counts_victims_per_stage_never_more_than_rescued(db, ref):
    _load(
        db,
        ref,
        {
            "penegakan-hukum": {"Kasus": [_case(REF_A, D, men=6), _case("LP/B/2/V/2026/SPKT", D, women=5)]},
            "rehab-kesehatan": {
                "Layanan Korban": [_service(REF_A, D, "pemeriksaan-medis", 6), _service("LP/B/2/V/2026/SPKT", D, "pemeriksaan-medis", 4)]
            },
            "rehab-sosial": {"Layanan Korban": [_service(REF_A, D + dt.timedelta(days=1), "rumah-aman", 7)]},  # one more than rescued
        },
    )
    j = _journey(db, dt.date(2026, 6, 30))
    funnel = journey.funnel(j, D, D + dt.timedelta(days=6)).set_index("stage")
    assert funnel["victims"].to_dict() == {
        "diselamatkan": 11,
        "pemeriksaan-kesehatan": 10,
        "psikologis": 0,
        "rumah-aman": 6,  # capped at the 6 rescued in that case; the seventh is a disagreement to reconcile
        "pemulangan": 0,
        "reintegrasi": 0,
    }
    assert journey.funnel(j, D + dt.timedelta(days=7), D + dt.timedelta(days=30))["victims"].sum() == 0  # another period


def test_durations_give_the_median_and_slowest_against_the_standard(db, ref):
    cases = [_case(f"LP/B/{i}/V/2026/SPKT", D, men=3) for i in range(1, 4)]
    services = [_service(f"LP/B/{i}/V/2026/SPKT", D + dt.timedelta(days=d), "pemeriksaan-medis", 3) for i, d in ((1, 1), (2, 2), (3, 8))]
    _load(db, ref, {"penegakan-hukum": {"Kasus": cases}, "rehab-kesehatan": {"Layanan Korban": services}})
    row = journey.durations(_journey(db, dt.date(2026, 6, 30)), D, D).set_index("stage").loc["pemeriksaan-kesehatan"]
    assert (row["median"], row["slowest"], row["standard_days"], row["over"], row["within"]) == (2.0, 8.0, 3, 1, 2)
    assert row["source"].startswith("contoh")


@pytest.mark.parametrize("k", [3, 5, 11])
def test_no_protected_count_can_be_worked_out_from_the_funnel(k):
    """Any funnel: every shown stage is 0 or at least k, and so is the difference of two shown neighbours where
    the later stage is part of the earlier (those who left between them)."""
    rng = random.Random(k)
    for _ in range(400):
        counts = [rng.randint(0, 30)]
        for _ in range(5):
            counts.append(max(0, counts[-1] - rng.choice([0, 0, 1, 2, 3, 5, 8])) if rng.random() < 0.85 else counts[-1] + rng.randint(1, 4))
        hidden = suppression.protect_nested(counts, k)
        for i, (value, gone) in enumerate(zip(counts, hidden, strict=True)):
            assert gone or not suppression.is_small(value, k), (counts, hidden)
            if i and not gone and not hidden[i - 1] and value <= counts[i - 1]:
                assert not suppression.is_small(counts[i - 1] - value, k), (counts, hidden)
