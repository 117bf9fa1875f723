"""The simulated world behind the demo and the samples: cases drawn per week (modus mix, origins, routes,
destinations, a seasonal swing), moving through the process stages, and each case's victims through the services of
the rehabilitation pillars (on time, late, or stopping at a stage), with the public-service points a case names.
Deterministic for a seed; :mod:`etl.sample` reads each pillar's workbook off it.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from typing import Any

from gugus.reference import Reference
from gugus.weeks import Week, today

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


def seeded(seed: int, *parts: object) -> random.Random:
    return random.Random("-".join(str(p) for p in (seed, *parts)))


def pick(rng: random.Random, options: list[tuple[Any, float]]) -> Any:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def poisson(rng: random.Random, lam: float) -> int:
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


def victims_of(rng: random.Random, mix: str) -> tuple[int, int, int, int]:
    n = 1 + poisson(rng, 1.2)
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
    rng = seeded(seed, "cases", week)
    crossings = {r["route_code"]: r["place_code"] for r in route_crossings(ref)}
    cases = []
    for i in range(poisson(rng, 1.1 * season(week))):
        modus = pick(rng, [(m, spec[0]) for m, spec in MODUS.items()])
        _, origins, routes, exploitation, mix = MODUS[modus]
        origin = pick(rng, origins)
        route = pick(rng, routes)
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
                victims=victims_of(rng, mix),
                suspects=rng.choice([0, 1, 1, 2, 3]),
                dropped=rng.random() < 0.1,
                coords=coords,
            )
        )
    return cases


def route_crossings(ref: Reference) -> list[dict]:
    crossing_kinds = {"plbn", "pos_lintas_batas", "jalur_informal", "bandara", "pelabuhan"}
    out, seen = [], set()
    for code in ref.routes.rows:
        for stop in ref.route_stops.get(code, []):
            if code not in seen and ref.places.rows[stop]["kind"] in crossing_kinds:
                out.append({"route_code": code, "place_code": stop})
                seen.add(code)
    return out


def recent_cases(seed: int, week: Week, ref: Reference, back: int) -> list[Case]:
    return [c for k in range(back, -1, -1) for c in cases_of_week(seed, week - k, ref)]


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
    rng = seeded(seed, "journey", case.ref)
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


def week_steps(seed: int, week: Week, ref: Reference) -> list[Step]:
    """Every journey step that happens in ``week`` (and not after today)."""
    last = min(week.sunday, today())
    return [st for case in recent_cases(seed, week, ref, JOURNEY_BACK) for st in journey(case, seed) if week.monday <= st.day <= last]


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
    rng = seeded(seed, "chain", case.ref)
    return tuple(point for point, chance in CHAIN.get(case.modus, []) if rng.random() < chance)
