"""Synthetic workbooks following DOMAIN.md's patterns, deterministic for a seed, marked SIMULASI.

A small simulated world drives every pillar: cases are drawn per week (modus mix, origins,
routes, destinations, a seasonal swing), move through the process stages in later weeks, and
their victims reach the rehabilitation pillars. Each pillar's workbook for a week is read off
that world, so the five pillars tell one consistent story.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from typing import Any

from etl import workbook as wb
from etl.template import build_workbook, workbook_bytes
from gugus.reference import Reference
from gugus.weeks import Week, today, weeks_in_year

# modus: (weight, [(origin kecamatan/kelurahan code, weight)], [(route, weight)], exploitation, victim mix)
MODUS: dict[str, tuple[float, list[tuple[str, float]], list[tuple[str, float]], str, str]] = {
    "pmi-nonprosedural": (
        0.50,
        [
            ("61.01.09", 3),
            ("61.01.08", 3),
            ("61.01.01", 2),
            ("61.01.05", 2),
            ("61.72.05", 2),
            ("61.72.03", 1),
            ("61.01.11", 1),
            ("61.01.02", 1),
            ("53", 2),
            ("35", 1),
        ],
        [("R-ARUK", 5), ("R-ARUK-TIKUS", 3), ("R-JAGOI", 2), ("R-ENTIKONG", 2), ("R-TEMAJUK", 1)],
        "kerja-paksa",
        "adult",
    ),
    "pengantin-pesanan": (
        0.16,
        [("61.72.01", 3), ("61.72.02", 3), ("61.72.04", 2), ("61.72.03", 1), ("61.01.05", 1)],
        [("R-PENGANTIN-PNK", 3), ("R-PENGANTIN-SKJ", 2)],
        "perkawinan-paksa",
        "bride",
    ),
    "eksploitasi-seksual": (
        0.16,
        [("61.72.02", 2), ("61.72.01", 2), ("61.72.05", 1), ("61.01.05", 1)],
        [("", 3), ("R-ARUK", 1)],
        "eksploitasi-seksual",
        "female",
    ),
    "online-scam": (
        0.12,
        [("61.72.01", 2), ("61.72.04", 2), ("61.72.02", 1), ("61.01.01", 1)],
        [("R-SCAM-MM", 3), ("R-SCAM-KH", 2)],
        "aktivitas-ilegal",
        "adult",
    ),
    "eksploitasi-anak": (0.06, [("61.72.03", 1), ("61.72.05", 1), ("61.01.04", 1)], [("", 1)], "kerja-paksa", "child"),
}
ROUTE_COUNTRY = {
    "R-ARUK": "MY",
    "R-ARUK-TIKUS": "MY",
    "R-JAGOI": "MY",
    "R-ENTIKONG": "MY",
    "R-TEMAJUK": "MY",
    "R-PENGANTIN-PNK": "CN",
    "R-PENGANTIN-SKJ": "TW",
    "R-SCAM-MM": "MM",
    "R-SCAM-KH": "KH",
    "": "ID",
}
# weeks after the report at which a case reaches each stage
STAGES = [(0, "laporan"), (1, "penyelidikan"), (3, "penyidikan"), (9, "p21"), (11, "penuntutan"), (17, "putusan")]
RAD_ACTIONS = ("KSK-A01", "KSK-A02")  # the Perwako and the RAD in the example plan
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass
class Case:
    ref: str
    week: Week
    reported: dt.date
    origin: str
    modus: str
    exploitation: str
    route: str
    crossing: str | None
    country: str
    victims: tuple[int, int, int, int]  # male adult, female adult, male child, female child
    suspects: int
    dropped: bool
    coords: tuple[float, float] | None

    @property
    def total(self) -> int:
        return sum(self.victims)

    @property
    def children(self) -> int:
        return self.victims[2] + self.victims[3]

    def stage_at(self, week: Week) -> tuple[str, Week] | None:
        """The stage the case has reached by ``week`` and the week it got there."""
        age = (week.monday - self.week.monday).days // 7
        if age < 0:
            return None
        reached = [(offset, stage) for offset, stage in STAGES if offset <= age]
        if self.dropped and age >= 3:
            return "dihentikan", self.week + 3
        offset, stage = reached[-1]
        return stage, self.week + offset


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random("-".join(str(p) for p in (seed, *parts)))


def _pick(rng: random.Random, options: list[tuple[Any, float]]) -> Any:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _poisson(rng: random.Random, lam: float) -> int:
    threshold, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= threshold:
            return k
        k += 1


def season(week: Week) -> float:
    """More departures after the new year and in the school-leaving months."""
    month = week.monday.month
    return 1.0 + 0.35 * math.cos(2 * math.pi * (month - 2) / 12) + (0.25 if month in (6, 7) else 0.0)


def _victims(rng: random.Random, mix: str) -> tuple[int, int, int, int]:
    n = 1 + _poisson(rng, 1.2)
    out = [0, 0, 0, 0]
    for _ in range(n):
        if mix == "bride":
            slot = 3 if rng.random() < 0.25 else 1
        elif mix == "female":
            slot = 3 if rng.random() < 0.35 else 1
        elif mix == "child":
            slot = 2 if rng.random() < 0.5 else 3
        else:
            slot = 0 if rng.random() < 0.6 else 1
        out[slot] += 1
    return tuple(out)


def cases_of_week(seed: int, week: Week, ref: Reference) -> list[Case]:
    """The cases reported in ``week`` (the same every time for the same seed)."""
    rng = _rng(seed, "cases", week)
    crossings = {r["route_code"]: r["place_code"] for r in _route_crossings(ref)}
    cases = []
    for i in range(_poisson(rng, 1.1 * season(week))):
        modus = _pick(rng, [(m, spec[0]) for m, spec in MODUS.items()])
        _, origins, routes, exploitation, mix = MODUS[modus]
        origin = _pick(rng, origins)
        route = _pick(rng, routes)
        reported = min(week.monday + dt.timedelta(days=rng.randrange(7)), today())
        coords = None
        if origin.startswith("61.") and rng.random() < 0.4:
            area = ref.areas.rows[origin]
            coords = (round(area["lat"] + rng.uniform(-0.015, 0.015), 5), round(area["lon"] + rng.uniform(-0.015, 0.015), 5))
        cases.append(
            Case(
                ref=f"LP/B/{week.week:02d}{i + 1}/{ROMAN[reported.month - 1]}/{reported.year}/SPKT",
                week=week,
                reported=reported,
                origin=origin,
                modus=modus,
                exploitation=exploitation,
                route=route,
                crossing=crossings.get(route),
                country=ROUTE_COUNTRY[route],
                victims=_victims(rng, mix),
                suspects=rng.choice([0, 1, 1, 2, 3]),
                dropped=rng.random() < 0.1,
                coords=coords,
            )
        )
    return cases


def _route_crossings(ref: Reference) -> list[dict]:
    crossing_kinds = {"plbn", "pos_lintas_batas", "jalur_informal", "bandara", "pelabuhan"}
    out, seen = [], set()
    for code in ref.routes.rows:
        for stop in ref.route_stops.get(code, []):
            if code not in seen and ref.places.rows[stop]["kind"] in crossing_kinds:
                out.append({"route_code": code, "place_code": stop})
                seen.add(code)
    return out


def _recent_cases(seed: int, week: Week, ref: Reference, back: int) -> list[Case]:
    return [c for k in range(back, -1, -1) for c in cases_of_week(seed, week - k, ref)]


# ---- per pillar -------------------------------------------------------------------------


def _count_rows(values: dict[str, float], area: str) -> list[dict[str, Any]]:
    return [{"indicator": code, "area": area, "value": value} for code, value in values.items()]


def _percent_row(code: str, area: str, numerator: float, denominator: float, note: str | None = None) -> dict:
    return {"indicator": code, "area": area, "numerator": numerator, "denominator": denominator, "note": note}


def _indicators(pillar: str, seed: int, week: Week, ref: Reference) -> list[dict[str, Any]]:
    rng = _rng(seed, pillar, "ind", week)
    city = "61.72"
    s = season(week)
    rows: list[dict[str, Any]] = []
    if pillar == "pencegahan":
        for kec in ("61.72.01", "61.72.02", "61.72.03", "61.72.04", "61.72.05"):
            sessions = _poisson(rng, 0.55)
            rows.append({"indicator": "PCG-01", "area": kec, "value": sessions})
            rows.append({"indicator": "PCG-02", "area": kec, "value": sum(rng.randint(15, 60) for _ in range(sessions))})
        rows += _count_rows(
            {
                "PCG-03": _poisson(rng, 1.2),
                "PCG-04": _poisson(rng, 1.4),
                "PCG-05": _poisson(rng, 4 * s),
                "PCG-06": max(0, round(rng.gauss(30, 8))),
                "PCG-07": _poisson(rng, 1.5 * s),
            },
            city,
        )
        den = 25 + rng.randint(0, 30)
        rows.append(_percent_row("PCG-08", city, round(den * rng.uniform(0.6, 0.85)), den))
    elif pillar == "penegakan-hukum":
        new = cases_of_week(seed, week, ref)
        recent = _recent_cases(seed, week, ref, 20)
        stage_now = [(c, c.stage_at(week)) for c in recent]
        active = [c for c, st in stage_now if st and st[0] not in ("putusan", "dihentikan")]
        reached = [st[0] for c, st in stage_now if st and st[1] == week]
        den = 2 + _poisson(rng, 4)
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
        steps = [st for st in _week_steps(seed, week, ref) if st.pillar == pillar]

        def served(*services: str) -> int:  # the indicators count what the Layanan Korban sheet of the week holds
            return sum(st.victims for st in steps if st.service in services)

        if pillar == "rehab-kesehatan":
            examined = served("pemeriksaan-medis")
            rows += _count_rows({"RKS-01": examined, "RKS-03": served("psikologis"), "RKS-05": _poisson(rng, 0.4)}, city)
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
                    "RSO-04": sum(st.victims for st in steps if st.service == "reintegrasi" and _rng(seed, "empower", st.case.ref).random() < 0.3),
                    "RSO-05": sum(1 for st in steps if st.service == "restitusi"),
                },
                city,
            )
            if children:
                rows.append(_percent_row("RSO-06", city, max(0, children - int(rng.random() < 0.3)), children))
    return rows


def _cases(seed: int, week: Week, ref: Reference) -> list[dict[str, Any]]:
    rows = []
    for case in _recent_cases(seed, week, ref, 20):
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


@dataclass
class Step:
    """One service a victim group of a case receives: by which pillar, when, for how many."""

    case: Case
    pillar: str
    service: str
    day: dt.date
    victims: int
    children: int
    ref: str  # the case reference as the serving pillar writes it
    days: int  # since the case was reported


# (service, pillar, days after the previous step (usual range), chance the victims are not served at all)
JOURNEY = [
    ("pemeriksaan-medis", "rehab-kesehatan", (0, 2), 0.06),
    ("psikologis", "rehab-kesehatan", (1, 5), 0.08),
    ("rumah-aman", "rehab-sosial", (0, 4), 0.05),
    ("psikososial", "rehab-sosial", (0, 2), 0.1),
    ("pemulangan", "rehab-sosial", (14, 28), 0.08),
    ("reintegrasi", "rehab-sosial", (20, 50), 0.15),
]
JOURNEY_BACK = 26  # weeks: the longest a demo journey takes from the report to reintegration


def journey(case: Case, seed: int) -> list[Step]:
    """The services the victims of ``case`` receive, in order: mostly on time, sometimes late (a delay the standard
    flags), sometimes never (a drop-out); and a few disagreements between pillars — more victims served than
    rescued, children counted differently, a case reference typed differently."""
    rng = _rng(seed, "journey", case.ref)
    steps: list[Step] = []
    day, stopped = case.reported, False
    typo = rng.random() < 0.03  # the health pillar writes the reference without its last part: no pillar reported it
    for service, pillar, (low, high), miss in JOURNEY:
        if stopped or rng.random() < miss:
            stopped = stopped or rng.random() < 0.8  # most then wait there (a drop-out); some skip to the next service
            continue
        slow = rng.random() < 0.15
        day = day + dt.timedelta(days=rng.randint(low, high) + (rng.randint(6, 14) if slow else 0))
        victims, children = case.total, case.children
        if service == "psikologis" and victims > 1 and rng.random() < 0.2:
            victims -= 1  # one victim declined counselling
            children = min(children, victims)
        if service == "rumah-aman" and rng.random() < 0.04:
            victims += 1  # the shelter counts a victim the police did not
        if service == "pemeriksaan-medis" and rng.random() < 0.05:
            children = min(victims, children + 1) if children < victims else children - 1  # counted as a child here
        ref = case.ref.rsplit("/", 1)[0] if typo and pillar == "rehab-kesehatan" else case.ref
        steps.append(Step(case, pillar, service, day, victims, children, ref, (day - case.reported).days))
        if service == "reintegrasi" and rng.random() < 0.3:
            claim = day + dt.timedelta(days=rng.randint(3, 20))
            steps.append(Step(case, pillar, "restitusi", claim, victims, children, ref, (claim - case.reported).days))
    return steps


def _week_steps(seed: int, week: Week, ref: Reference) -> list[Step]:
    """Every journey step that happens in ``week`` (and not after today)."""
    last = min(week.sunday, today())
    return [st for case in _recent_cases(seed, week, ref, JOURNEY_BACK) for st in journey(case, seed) if week.monday <= st.day <= last]


def _services(pillar: str, seed: int, week: Week, ref: Reference) -> list[dict[str, Any]]:
    rows = []
    for st in _week_steps(seed, week, ref):
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


# Where the public service failed, by modus (service point, chance): the demo's recurring point is the passport
# interview and falsified ages for brides, and the border post for non-procedural workers.
CHAIN = {
    "pmi-nonprosedural": [("perekrut-tanpa-izin", 0.6), ("pos-lintas-batas", 0.5), ("rekomendasi-kerja", 0.15)],
    "pengantin-pesanan": [("dokumen-kependudukan", 0.75), ("paspor", 0.65), ("transportasi", 0.2)],
    "online-scam": [("perekrut-tanpa-izin", 0.4), ("paspor", 0.3), ("transportasi", 0.3)],
    "eksploitasi-seksual": [("perekrut-tanpa-izin", 0.2)],
    "eksploitasi-anak": [("dokumen-kependudukan", 0.3)],
}


def service_points(case: Case, seed: int) -> tuple[str, ...]:
    rng = _rng(seed, "chain", case.ref)
    return tuple(point for point, chance in CHAIN.get(case.modus, []) if rng.random() < chance)


def _followups(seed: int, week: Week, ref: Reference) -> list[dict[str, Any]]:
    """The Kerja Sama pillar sends a finding to the agency concerned two weeks after a case names a service point,
    gets a reply some weeks later, and closes it; each change is written in the week it happens."""
    rows = []
    for case in _recent_cases(seed, week, ref, 16):
        for point in service_points(case, seed):
            rng = _rng(seed, "followup", case.ref, point)
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
        rng = _rng(seed, "ran", code)
        pace = rng.choice([1.15, 1.0, 1.0, 0.85, 0.6])  # some actions fall behind and run late
        stall = rng.random() < 0.2  # and some stop reporting altogether
        row = {
            "action": code,
            "activity": action["activity"],
            "agency": ref.agencies.rows[action["lead_agency"]]["short"],
            "due": action["due"].strftime("%d/%m/%Y"),
        }
        start, due = action["start"], action["due"]
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


def sample_workbook(pillar: str, week: Week, ref: Reference, seed: int = 7, report_date: dt.date | None = None) -> bytes:
    """A filled, valid, synthetic workbook as .xlsx bytes."""
    identity = sample_identity(pillar, week, ref, report_date or min(week.sunday + dt.timedelta(days=1), today()))
    return workbook_bytes(build_workbook(pillar, ref, identity=identity, rows=sample_rows(pillar, week, ref, seed)))
