"""Reference data: loaded from data/reference/*.csv into the database, and looked up by code or name.

The CSVs are the project's own, written from DOMAIN.md. They are refreshed into the database
whenever their content changes (compared by hash), so a corrected coordinate reaches every user
on the next start.
"""

from __future__ import annotations

import csv
import difflib
import functools
import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb

from gugus.db import bump_data_version, get_meta, is_demo, set_meta
from gugus.settings import REFERENCE_DIR

if TYPE_CHECKING:
    import pandas as pd

# table -> (csv file, list-valued columns split on ";", boolean columns)
TABLES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "pillar": ("pillars.csv", (), ()),
    "agency": ("agencies.csv", ("aliases", "pillars"), ()),
    "indicator": ("indicators.csv", (), ("sensitive",)),
    "area": ("areas.csv", (), ()),
    "place": ("places.csv", (), ()),
    "route": ("routes.csv", (), ()),
    "route_stop": ("route_stops.csv", (), ()),
    "choice": ("choices.csv", (), ()),
    "journey_stage": ("journey_stages.csv", ("services",), ()),
    "service_point": ("service_points.csv", ("agencies",), ()),
}


# The example action plan is not refreshed with the others: it is imported as a plan version (etl plan).
EXAMPLE_PLAN = REFERENCE_DIR / "ran_actions.csv"


def _csv_hash() -> str:
    digest = hashlib.sha256()
    for name, *_ in sorted(TABLES.values()):
        digest.update((REFERENCE_DIR / name).read_bytes())
    return digest.hexdigest()


def read_csv(table: str) -> pd.DataFrame:
    """One reference CSV as a frame ready to insert: empty cells None, lists split, booleans parsed."""
    import pandas as pd  # here, not above: the reader processes use the reference data, never its CSVs

    name, list_cols, bool_cols = TABLES[table]
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as handle:
        records = [{k: (v.strip() or None) for k, v in row.items()} for row in csv.DictReader(handle)]
    for record in records:
        for col in list_cols:
            record[col] = [p.strip() for p in (record[col] or "").split(";") if p.strip()]
        for col in bool_cols:
            record[col] = record[col] == "true"
    return pd.DataFrame.from_records(records).astype(object)


def refresh(con: duckdb.DuckDBPyConnection, force: bool = False) -> bool:
    """Reload every reference table if the CSVs changed since the last load; True if reloaded."""
    digest = _csv_hash()
    if not force and get_meta(con, "reference_hash") == digest:
        return False
    con.execute("BEGIN")
    try:
        for table in TABLES:
            frame = read_csv(table)  # noqa: F841 - read by DuckDB's replacement scan below
            con.execute(f"DELETE FROM {table}")
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM frame")
        set_meta(con, "reference_hash", digest)
        bump_data_version(con)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return True


# ---- lookups ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """Lower case, punctuation to spaces, single spaces: how names are compared."""
    return " ".join(re.sub(r"[^\w.]+", " ", str(text).lower().replace("_", " ")).split())


AREA_LEVEL_WORDS = {"kecamatan": "Kecamatan", "kelurahan": "Kelurahan", "desa": "Desa"}
AREA_LEVEL_ORDER = ("provinsi", "kabkota", "kecamatan", "kelurahan", "desa")


def area_label(rows: dict[str, dict], code: str) -> str:
    """An area's unambiguous name with its level: "Kota Singkawang", "Kecamatan Singkawang Tengah",
    "Kelurahan Tengah (Singkawang Tengah)" (a kelurahan or desa names its kecamatan)."""
    r = rows[code]
    word = AREA_LEVEL_WORDS.get(r["level"])
    if word is None:  # provinsi and kabupaten/kota names already say what they are
        return r["name"]
    if r["level"] in ("kelurahan", "desa") and r["parent"] in rows:
        return f"{word} {r['name']} ({rows[r['parent']]['name']})"
    return f"{word} {r['name']}"


@dataclass
class Match:
    """The outcome of looking a typed value up: a code, or a suggestion, or several candidates."""

    code: str | None = None
    suggestion: str | None = None
    candidates: list[str] = field(default_factory=list)


@dataclass
class Lookup:
    """Codes of one reference table with the names (and aliases) that point at them."""

    rows: dict[str, dict]
    names: dict[str, list[str]] = field(default_factory=dict)
    label: str = "name"
    alt_codes: dict[str, str] = field(default_factory=dict)  # e.g. BPS code -> Kemendagri code

    def add_name(self, name: str | None, code: str) -> None:
        if name:
            codes = self.names.setdefault(normalize(name), [])
            if code not in codes:
                codes.append(code)

    def find(self, text: str, allowed: set[str] | None = None) -> Match:
        """Find ``text`` by code, then by name; suggest the nearest name when nothing matches.

        ``allowed`` limits the codes that count (e.g. only kecamatan for a kecamatan column).
        """

        def ok(code: str) -> bool:
            return allowed is None or code in allowed

        raw = str(text).strip()
        for candidate in (raw, raw.upper(), raw.replace(" ", "")):
            candidate = self.alt_codes.get(candidate, candidate)
            if candidate in self.rows:
                return Match(code=candidate) if ok(candidate) else Match(candidates=[candidate])
        key = normalize(raw)
        codes = self.names.get(key, [])
        fitting = [c for c in codes if ok(c)]
        if len(fitting) == 1:
            return Match(code=fitting[0])
        if len(fitting) > 1:
            return Match(candidates=fitting)
        if codes:
            return Match(candidates=codes)
        pool = [name for name, cs in self.names.items() if any(ok(c) for c in cs)]
        near = difflib.get_close_matches(key, pool, n=1, cutoff=0.75)
        if near:
            code = next(c for c in self.names[near[0]] if ok(c))
            return Match(suggestion=self.rows[code][self.label])
        return Match()


@dataclass
class Reference:
    """Everything validation looks up, read once from the database."""

    pillars: dict[str, dict]
    indicators: dict[str, dict]
    areas: Lookup
    places: Lookup
    routes: Lookup
    actions: dict[str, dict]
    agencies: Lookup
    choices: dict[str, Lookup]
    route_stops: dict[str, list[str]] = field(default_factory=dict)  # route -> place codes in order
    demo: bool = False  # the demo database: it takes only workbooks marked SIMULASI
    _area_codes: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> Reference:
        def rows(sql: str) -> list[dict]:
            cur = con.execute(sql)
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

        areas = Lookup({r["code"]: r for r in rows("SELECT * FROM area")})
        for code, r in areas.rows.items():
            areas.add_name(r["name"], code)
            areas.add_name(area_label(areas.rows, code), code)  # the template's drop-down names its level
            if r["bps_code"]:
                areas.alt_codes[r["bps_code"]] = code
        places = Lookup({r["code"]: r for r in rows("SELECT * FROM place")})
        for code, r in places.rows.items():
            places.add_name(r["name"], code)
        routes = Lookup({r["code"]: r for r in rows("SELECT * FROM route")})
        for code, r in routes.rows.items():
            routes.add_name(r["name"], code)
        agencies = Lookup({r["code"]: r for r in rows("SELECT * FROM agency")}, label="short")
        for code, r in agencies.rows.items():
            for name in [r["name"], r["short"], *(r["aliases"] or [])]:
                agencies.add_name(name, code)
        stops: dict[str, list[str]] = {}
        for r in rows("SELECT route_code, place_code FROM route_stop ORDER BY route_code, seq"):
            stops.setdefault(r["route_code"], []).append(r["place_code"])
        choices: dict[str, Lookup] = {}
        # The service points of the public-service chain are a choice list too, kept in their own table with
        # the agencies each concerns.
        points = rows("SELECT 'titik-layanan' AS list, code, label_id, label_en, agencies FROM service_point ORDER BY seq")
        for r in rows("SELECT * FROM choice ORDER BY list, rowid") + points:
            lookup = choices.setdefault(r["list"], Lookup({}, label="label_id"))
            lookup.rows[r["code"]] = r
            lookup.add_name(r["label_id"], r["code"])
            lookup.add_name(r["label_en"], r["code"])
            lookup.add_name(r["code"], r["code"])
        return cls(
            pillars={r["slug"]: r for r in rows("SELECT * FROM pillar ORDER BY no")},
            indicators={r["code"]: r for r in rows("SELECT * FROM indicator ORDER BY code")},
            areas=areas,
            places=places,
            routes=routes,
            actions={r["code"]: r for r in rows("SELECT * FROM ran_action ORDER BY code")},
            agencies=agencies,
            choices=choices,
            route_stops=stops,
            demo=is_demo(con),
        )

    def area_label(self, code: str) -> str:
        """How the template writes the area ``code`` (see :func:`area_label`); an unknown code as it is."""
        return area_label(self.areas.rows, code) if code in self.areas.rows else code

    def area_list(self, *levels: str) -> list[str]:
        """Labels of the areas of ``levels``, by level (largest first), then by kecamatan and name."""

        def order(code: str) -> tuple:
            r = self.areas.rows[code]
            parent = self.areas.rows.get(r["parent"], {}).get("name", "") if r["level"] in ("kelurahan", "desa") else ""
            return AREA_LEVEL_ORDER.index(r["level"]), parent, r["name"]

        return [self.area_label(c) for c in sorted(self.area_codes(*levels), key=order)]

    def area_codes(self, *levels: str) -> frozenset[str]:
        if levels not in self._area_codes:
            self._area_codes[levels] = frozenset(c for c, r in self.areas.rows.items() if r["level"] in levels)
        return self._area_codes[levels]
