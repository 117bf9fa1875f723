"""Synthetic workbooks following DOMAIN.md's patterns, deterministic for a seed, marked SIMULASI.

A small simulated world drives every pillar: cases are drawn per week (modus mix, origins,
routes, destinations, a seasonal swing), move through the process stages in later weeks, and
their victims reach the rehabilitation pillars. Each pillar's workbook for a week is read off
that world, so the five pillars tell one consistent story.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl import Workbook

from etl import workbook as wb
from etl.template import build_workbook, workbook_bytes
from etl.world import ROMAN, cases_of_week, poisson, recent_cases, season, seeded, service_points, week_steps
from gugus.reference import Reference
from gugus.weeks import Week, today, weeks_in_year

RAD_ACTIONS = ("KSK-A01", "KSK-A02")  # the Perwako and the RAD in the example plan


# ---- per pillar -------------------------------------------------------------------------


def _count_rows(values: dict[str, float], area: str) -> list[dict[str, Any]]:
    return [{"indicator": code, "area": area, "value": value} for code, value in values.items()]


def _percent_row(code: str, area: str, numerator: float, denominator: float, note: str | None = None) -> dict:
    return {"indicator": code, "area": area, "numerator": numerator, "denominator": denominator, "note": note}


def _indicators(pillar: str, seed: int, week: Week, ref: Reference) -> list[dict[str, Any]]:
    rng = seeded(seed, pillar, "ind", week)
    city = "61.72"
    s = season(week)
    rows: list[dict[str, Any]] = []
    if pillar == "pencegahan":
        for kec in ("61.72.01", "61.72.02", "61.72.03", "61.72.04", "61.72.05"):
            sessions = poisson(rng, 0.55)
            rows.append({"indicator": "PCG-01", "area": kec, "value": sessions})
            rows.append({"indicator": "PCG-02", "area": kec, "value": sum(rng.randint(15, 60) for _ in range(sessions))})
        rows += _count_rows(
            {
                "PCG-03": poisson(rng, 1.2),
                "PCG-04": poisson(rng, 1.4),
                "PCG-05": poisson(rng, 4 * s),
                "PCG-06": max(0, round(rng.gauss(30, 8))),
                "PCG-07": poisson(rng, 1.5 * s),
            },
            city,
        )
        den = 25 + rng.randint(0, 30)
        rows.append(_percent_row("PCG-08", city, round(den * rng.uniform(0.6, 0.85)), den))
    elif pillar == "penegakan-hukum":
        new = cases_of_week(seed, week, ref)
        recent = recent_cases(seed, week, ref, 20)
        stage_now = [(c, c.stage_at(week)) for c in recent]
        active = [c for c, st in stage_now if st and st[0] not in ("putusan", "dihentikan")]
        reached = [st[0] for c, st in stage_now if st and st[1] == week]
        den = 2 + poisson(rng, 4)
        rows += _count_rows(
            {
                "PGH-01": len(new),
                "PGH-02": len(active),
                "PGH-03": sum(c.suspects for c in new),
                "PGH-04": sum(c.total for c in new),
                "PGH-05": reached.count("p21"),
                "PGH-06": reached.count("putusan"),
            },
            city,
        )
        rows.append(_percent_row("PGH-07", city, min(den, round(den * rng.uniform(0.7, 1.0))), den))
    elif pillar == "kerja-sama":
        rows += _count_rows(
            {
                "KSK-01": int(rng.random() < 0.5),
                "KSK-02": int(rng.random() < 0.2),
                "KSK-03": int(rng.random() < 0.05),
                "KSK-04": int(rng.random() < 0.35),
            },
            city,
        )
        rows.append(_percent_row("KSK-05", city, rng.randint(8, 15), 15))
        pagu = 850_000_000
        share = min(1.0, week.week / weeks_in_year(week.year) * 0.8)  # realised so far this (ISO) year
        rows.append(_percent_row("KSK-06", city, round(pagu * share, -5), pagu, "Rp; pagu APBD gugus tugas"))
        # the RAD and the Perwako are RAN actions of this pillar: the indicator reports their progress
        plan = {r["action"]: r.get("progress") for r in _ran(pillar, seed, week, ref)}
        done = [plan[code] or 0 for code in RAD_ACTIONS if code in plan]
        if done:
            rows.append({"indicator": "KSK-07", "area": city, "value": round(sum(done) / len(done))})
    else:
        referred = cases_of_week(seed, week - 1, ref)  # victims reach the rehabilitation pillars the week after the report
        victims = sum(c.total for c in referred)
        children = sum(c.children for c in referred)
        steps = [st for st in week_steps(seed, week, ref) if st.pillar == pillar]

        def served(*services: str) -> int:  # the indicators count what the Layanan Korban sheet of the week holds
            return sum(st.victims for st in steps if st.service in services)

        if pillar == "rehab-kesehatan":
            examined = served("pemeriksaan-medis")
            rows += _count_rows({"RKS-01": examined, "RKS-03": served("psikologis"), "RKS-05": poisson(rng, 0.4)}, city)
            exams = [st for st in steps if st.service == "pemeriksaan-medis"]
            if examined:  # the average over the victims served, weighted by how many they were
                days = sum(st.days * st.victims for st in exams) / examined
                rows.append({"indicator": "RKS-04", "area": city, "value": round(days, 1), "denominator": examined})
            if victims:
                rows.append(_percent_row("RKS-02", city, min(examined, victims), victims))
        else:
            rows += _count_rows(
                {
                    "RSO-01": served("rumah-aman"),
                    "RSO-02": served("psikososial"),
                    "RSO-03": served("pemulangan"),
                    # reintegrated with an economic-empowerment programme: about a third of those reintegrated
                    "RSO-04": sum(st.victims for st in steps if st.service == "reintegrasi" and seeded(seed, "empower", st.case.ref).random() < 0.3),
                    "RSO-05": sum(1 for st in steps if st.service == "restitusi"),
                },
                city,
            )
            if children:
                rows.append(_percent_row("RSO-06", city, max(0, children - int(rng.random() < 0.3)), children))
    return rows


def _cases(seed: int, week: Week, ref: Reference) -> list[dict[str, Any]]:
    rows = []
    for case in recent_cases(seed, week, ref, 20):
        state = case.stage_at(week)
        if not state or state[1] != week:
            continue  # only cases reported or moved to a new stage this week
        stage, since = state
        rows.append(
            {
                "case_ref": case.ref,
                "reported_date": case.reported,
                "origin_area": case.origin,
                "modus": case.modus,
                "exploitation": case.exploitation,
                "route": case.route or None,
                "crossing": case.crossing,
                "destination_country": case.country,
                "victims_male_adult": case.victims[0],
                "victims_female_adult": case.victims[1],
                "victims_male_child": case.victims[2],
                "victims_female_child": case.victims[3],
                "victims_total": case.total,
                "suspects": case.suspects,
                "stage": stage,
                "stage_date": max(case.reported, since.monday),
                "lat": case.coords[0] if case.coords else None,
                "lon": case.coords[1] if case.coords else None,
                "service_points": service_points(case, seed) or None,
            }
        )
    return rows


def _services(pillar: str, seed: int, week: Week, ref: Reference) -> list[dict[str, Any]]:
    rows = []
    for st in week_steps(seed, week, ref):
        if st.pillar != pillar:
            continue
        case = st.case
        male = min(st.victims, case.victims[0] + case.victims[2])
        rows.append(
            {
                "case_ref": st.ref,
                "service_date": st.day,
                "service": st.service,
                "victims_male": male,
                "victims_female": st.victims - male,
                "victims": st.victims,
                "children": st.children,
                "origin_area": case.origin,
                "referred_from": "POLRES-SKW" if pillar == "rehab-kesehatan" else "RSUD",
                "days_from_referral": max(0, st.days),
            }
        )
    return rows


def _followups(seed: int, week: Week, ref: Reference) -> list[dict[str, Any]]:
    """The Kerja Sama pillar sends a finding to the agency concerned two weeks after a case names a service point,
    gets a reply some weeks later, and closes it; each change is written in the week it happens."""
    rows = []
    for case in recent_cases(seed, week, ref, 16):
        for point in service_points(case, seed):
            rng = seeded(seed, "followup", case.ref, point)
            if rng.random() < 0.3:
                continue  # not followed up (yet): the chain page shows it as open
            agency = (ref.choices["titik-layanan"].rows[point]["agencies"] or ["OMBUDSMAN"])[0]
            sent = case.week + 2
            replied = sent + rng.randint(2, 6) if rng.random() < 0.7 else None
            closed = replied + rng.randint(2, 5) if replied and rng.random() < 0.6 else None
            if week not in (sent, replied, closed):
                continue
            status = "selesai" if week == closed else ("dibalas" if week == replied else "dikirim")
            reply_day = min(replied.monday + dt.timedelta(days=2), today()) if replied and week >= replied else None
            rows.append(
                {
                    "case_ref": case.ref,
                    "service_point": point,
                    "agency": agency,
                    "sent_date": min(sent.monday + dt.timedelta(days=1), today()),
                    "letter": f"Surat Gugus Tugas No. {case.week.week:02d}/{ROMAN[case.reported.month - 1]}/TPPO/{case.reported.year}",
                    "reply_date": reply_day,
                    "status": status,
                }
            )
    return rows


def _ran(pillar: str, seed: int, week: Week, ref: Reference) -> list[dict[str, Any]]:
    rows = []
    for code, action in ref.actions.items():
        if action["pillar"] != pillar:
            continue
        rng = seeded(seed, "ran", code)
        pace = rng.choice([1.15, 1.0, 1.0, 0.85, 0.6])  # some actions fall behind and run late
        stall = rng.random() < 0.2  # and some stop reporting altogether
        row = {
            "action": code,
            "activity": action["activity"],
            "agency": ref.agencies.rows[action["lead_agency"]]["short"],
            "due": action["due"].strftime("%d/%m/%Y") if action["due"] else None,
        }
        due = action["due"]
        if due is None:  # a plan may leave a date out: such an action is listed, not reported on
            rows.append(row)
            continue
        start = action["start"] or due - dt.timedelta(days=364)
        stall_at = start + (due - start) * 0.5
        if week.sunday < start or (stall and week.monday > stall_at):
            rows.append(row)  # not reported this week
            continue
        elapsed = (week.sunday - start).days / max((due - start).days, 1)
        progress = min(100, round(100 * elapsed * pace / 5) * 5)
        status = "selesai" if progress >= 100 else ("berjalan" if progress > 0 else "belum-mulai")
        evidence = f"Laporan kegiatan minggu {week.week}" if progress > 0 else None
        rows.append({**row, "status": status, "progress": progress, "evidence": evidence})
    return rows


def sample_rows(pillar: str, week: Week, ref: Reference, seed: int = 7) -> dict[str, list[dict[str, Any]]]:
    """Rows per sheet of a filled workbook for ``pillar`` and ``week``."""
    rows = {wb.SHEET_INDICATORS: _indicators(pillar, seed, week, ref), wb.SHEET_RAN: _ran(pillar, seed, week, ref)}
    if pillar == "penegakan-hukum":
        rows[wb.SHEET_CASES] = _cases(seed, week, ref)
    if pillar in ("rehab-kesehatan", "rehab-sosial"):
        rows[wb.SHEET_SERVICES] = _services(pillar, seed, week, ref)
    if pillar == "kerja-sama":
        rows[wb.SHEET_FOLLOWUP] = _followups(seed, week, ref)
    meta = {code: r for code, r in ref.indicators.items()}
    for row in rows[wb.SHEET_INDICATORS]:
        row.setdefault("description", meta[row["indicator"]]["name_id"])
        row.setdefault("unit", meta[row["indicator"]]["unit"])
    return rows


def sample_identity(pillar: str, week: Week, ref: Reference, report_date: dt.date) -> dict[str, Any]:
    lead = ref.pillars[pillar]["lead_agency"]
    return {
        "week": str(week),
        "agency": ref.agencies.rows[lead]["short"],
        "officer": "Operator data pilar",
        "report_date": report_date,
        "data_kind": wb.SIMULATION_MARK,
    }


def sample_book(pillar: str, week: Week, ref: Reference, seed: int = 7, report_date: dt.date | None = None) -> Workbook:
    """A filled, valid, synthetic workbook, not yet saved (a test may spoil it first)."""
    identity = sample_identity(pillar, week, ref, report_date or min(week.sunday + dt.timedelta(days=1), today()))
    return build_workbook(pillar, ref, identity=identity, rows=sample_rows(pillar, week, ref, seed))


def sample_workbook(pillar: str, week: Week, ref: Reference, seed: int = 7, report_date: dt.date | None = None) -> bytes:
    """A filled, valid, synthetic workbook as .xlsx bytes."""
    return workbook_bytes(sample_book(pillar, week, ref, seed, report_date))
