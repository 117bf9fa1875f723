"""Case maps: where victims come from, which routes and crossings are used, where they are taken.

Everything is aggregated (in DuckDB) and suppressed here, before a figure is built: a count from
1 to k−1 becomes "dilindungi" and never travels further — not as a number, not as a marker size, not as a
line width. The page's counts are protected together (:func:`gugus.suppression.protect`): kecamatan,
other origins, routes and destination countries all add up to the same total, so a hidden count is
pooled with others ("3 kecamatan lain: 9 kasus") rather than recoverable from another element.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import geopandas as gpd
import pandas as pd

from gugus import geo, suppression
from gugus.mapdata import COUNTRIES, PLACE_KINDS, POOLED, MapData
from gugus.weeks import Week

# A case as known on a day: its latest restatement among the workbooks of the weeks up to that day (as the victim
# journey reads it), instead of its latest state whenever it was written.
_CASES_AS_OF = """(SELECT c.* FROM case_report c JOIN upload_current u ON u.id = c.upload_id WHERE u.week_start <= $as_of
                   QUALIFY row_number() OVER (PARTITION BY c.case_ref ORDER BY c.week_start DESC, c.upload_id DESC) = 1)"""


def _cases(
    con: duckdb.DuckDBPyConnection,
    first: Week,
    last: Week,
    modus: tuple[str, ...],
    stages: tuple[str, ...],
    shapes: gpd.GeoDataFrame | None,
    as_of: dt.date | None = None,
) -> None:
    """Register ``period_cases``: one row per case reported in the period (latest state, or as known on ``as_of``),
    with the kecamatan it is counted in — from its coordinates when boundaries are loaded, else its origin."""
    source = "case_current" if as_of is None else _CASES_AS_OF
    params = {"first": first.monday, "last": last.sunday, "modus": list(modus), "stages": list(stages)}
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE period_cases AS
           SELECT c.case_ref, c.origin_area, c.modus, c.route, c.crossing, c.destination_country, c.stage,
                  coalesce(c.victims_total, 0) AS victims, c.lat, c.lon,
                  CASE WHEN a.level IN ('kelurahan', 'desa') THEN a.parent ELSE c.origin_area END AS kecamatan
           FROM {source} c LEFT JOIN area a ON a.code = c.origin_area
           WHERE c.reported_date BETWEEN $first AND $last
             AND (len($modus) = 0 OR list_contains($modus, c.modus))
             AND (len($stages) = 0 OR list_contains($stages, c.stage))""",
        params if as_of is None else {**params, "as_of": as_of},
    )
    if shapes is not None and not shapes.empty:
        points = con.execute("SELECT case_ref, lat, lon FROM period_cases WHERE lat IS NOT NULL").df()
        if not points.empty:
            located = pd.DataFrame({"case_ref": points["case_ref"], "kecamatan": geo.assign_kecamatan(points, shapes)})
            located = located.dropna()
            con.execute("""UPDATE period_cases SET kecamatan = located.kecamatan FROM located
                           WHERE period_cases.case_ref = located.case_ref""")


def map_data(
    con: duckdb.DuckDBPyConnection,
    first: Week,
    last: Week,
    k: int,
    modus: tuple[str, ...] = (),
    stages: tuple[str, ...] = (),
    as_of: dt.date | None = None,
) -> MapData:
    """The case map of weeks ``first``..``last`` (by reported date), filtered by modus and current stage; with
    ``as_of``, of the cases as known on that day (the briefing of a past week, beside the journey of the same day)."""
    shapes = geo.current_boundaries(con, "kecamatan")
    _cases(con, first, last, modus, stages, shapes if not shapes.empty else None, as_of)
    totals = con.execute("SELECT count(*), coalesce(sum(victims), 0) FROM period_cases").fetchone()
    areas = con.execute(
        """SELECT a.code, a.name, a.lat, a.lon, a.parent, count(p.case_ref) AS cases, coalesce(sum(p.victims), 0) AS victims
           FROM area a LEFT JOIN period_cases p ON p.kecamatan = a.code
           WHERE a.level = 'kecamatan' AND (a.parent IN ('61.72', '61.01') OR p.case_ref IS NOT NULL)
           GROUP BY a.code, a.name, a.lat, a.lon, a.parent ORDER BY a.code"""
    ).df()
    parents = con.execute("SELECT code, name, lat, lon FROM area WHERE level = 'kabkota'").df()
    outside = con.execute(
        """SELECT coalesce(a.name, 'Tidak diketahui') AS name, count(*) AS cases
           FROM period_cases p LEFT JOIN area a ON a.code = p.kecamatan
           WHERE a.level IS DISTINCT FROM 'kecamatan' GROUP BY 1 ORDER BY 2 DESC"""
    ).df()
    routes = con.execute(
        """WITH counts AS (SELECT route, count(*) AS cases FROM period_cases WHERE route IS NOT NULL GROUP BY route)
           SELECT r.code, r.name, coalesce(any_value(c.cases), 0) AS cases,
                  list(pl.lat ORDER BY s.seq) AS lats, list(pl.lon ORDER BY s.seq) AS lons, list(pl.name ORDER BY s.seq) AS stops,
                  list(pl.country ORDER BY s.seq) AS stop_countries
           FROM route r JOIN route_stop s ON s.route_code = r.code JOIN place pl ON pl.code = s.place_code
           LEFT JOIN counts c ON c.route = r.code
           GROUP BY r.code, r.name ORDER BY r.code"""
    ).df()
    places = con.execute(
        """SELECT code, name, kind, lat, lon, confidence = 'L' AS approximate, radius_km FROM place
           WHERE kind IN ('plbn', 'pos_lintas_batas', 'bandara', 'pelabuhan', 'kota_tujuan', 'kota', 'jalur_informal')"""
    ).df()
    countries = con.execute(  # every destination a case may name, with none too: a hidden one is not told apart
        """SELECT c.country, count(p.case_ref) AS cases
           FROM (SELECT code AS country FROM choice WHERE list = 'negara'
                 UNION SELECT destination_country FROM period_cases WHERE destination_country IS NOT NULL) c
           LEFT JOIN period_cases p ON p.destination_country = c.country
           GROUP BY 1 ORDER BY 2 DESC, 1"""
    ).df()
    links = con.execute(
        """SELECT coalesce(k.name, 'Tidak diketahui') AS origin, coalesce(pl.name, 'Tanpa titik lintas') AS crossing,
                  p.destination_country AS country,
                  p.route, count(*) AS cases
           FROM period_cases p LEFT JOIN area k ON k.code = p.kecamatan LEFT JOIN place pl ON pl.code = p.crossing
           WHERE p.destination_country IS NOT NULL GROUP BY ALL"""
    ).df()
    route_countries = con.execute(
        """SELECT route, list(DISTINCT destination_country) AS countries FROM period_cases
           WHERE route IS NOT NULL GROUP BY route"""
    ).df()
    exclusive = {r.route: r.countries[0] for r in route_countries.itertuples() if len(r.countries) == 1 and r.countries[0]}
    simulated = con.execute(
        """SELECT coalesce((SELECT value = '1' FROM meta WHERE key = 'demo'), false)
                  OR EXISTS (SELECT 1 FROM period_cases p JOIN case_current c USING (case_ref) JOIN upload u ON u.id = c.upload_id
                             WHERE u.simulated)"""
    ).fetchone()[0]
    data = _suppress(k, f"{first.label()} – {last.label()}", totals, areas, parents, outside, routes, places, countries, links, exclusive, shapes)
    outlines = geo.current_boundaries(con, "kabkota")
    data.outlines = outlines if not outlines.empty else None
    data.basemap = geo.basemap()
    data.simulated = bool(simulated)
    data.credit = geo.credit(con)
    return data


def _shown(values, hidden) -> list:
    return [None if h else int(v) for v, h in zip(values, hidden, strict=True)]


def _sankey(links: pd.DataFrame, k: int, must_pool: pd.Series | None = None) -> tuple[pd.DataFrame, int]:
    """Origin → crossing → destination flows that can be shown.

    Flows below k are pooled as "Asal lain (digabung)". Each origin, crossing and country total is
    shown elsewhere (map, routes, country bars), so per origin, per crossing and per country the
    pooled part must be 0 or at least k: otherwise the difference between that total and the
    visible flows would give a small count away. Smaller flows join the pool until that holds.
    """
    flows = links.reset_index(drop=True).copy()
    pooled = flows["cases"] < k
    if must_pool is not None:  # flows from a hidden origin, along a hidden route: their sum would give it away
        pooled |= must_pool.reset_index(drop=True)
    changed = True
    while changed:
        changed = False
        for key in ("country", "origin", "crossing"):
            for _, group in flows.groupby(key, sort=False, dropna=False):
                pool = int(flows.loc[group.index, "cases"][pooled[group.index]].sum())
                if 0 < pool < k:
                    rest = group.index[~pooled[group.index]]
                    if len(rest):
                        pooled[flows.loc[rest, "cases"].idxmin()] = True
                        changed = True
    shown = flows[~pooled].to_dict("records")
    for country, group in flows[pooled].groupby("country", sort=False):
        total = int(group["cases"].sum())
        if total >= k:  # a country whose every flow is small and whose total is below k shows nothing at all
            shown.append({"origin": f"Asal lain ({POOLED})", "crossing": f"Lintasan lain ({POOLED})", "country": country, "cases": total})
    return pd.DataFrame(shown, columns=["origin", "crossing", "country", "cases"]), int(pooled.sum())


def protect_counts(
    n_cases: int, areas: pd.DataFrame, outside: pd.DataFrame, countries: pd.DataFrame, routes: pd.DataFrame, exclusive: dict[str, str], k: int
) -> tuple[dict, set]:
    """The map page's counts and which of them to hide (see :func:`gugus.suppression.protect`).

    Kecamatan (by kabupaten/kota) and other origins add up to the total; destination countries and
    routes are parts of it too (some cases have neither); a route all of whose cases go to one
    country is part of that country. Returns ``(values, hidden)`` keyed ``("T",)``, ``("area", code)``,
    ``("out", name)``, ``("country", code)``, ``("route", code)`` and ``("pool", family)``.
    """
    values: dict = {("T",): int(n_cases)}
    families: dict = {}
    for a in areas.itertuples():
        values[("area", a.code)] = int(a.cases)
        families[("area", a.code)] = ("area", a.parent)
    for o in outside.itertuples():
        values[("out", o.name)] = int(o.cases)
        families[("out", o.name)] = ("out",)
    for c in countries.itertuples():
        values[("country", c.country)] = int(c.cases)
        families[("country", c.country)] = ("country",)
    for r in routes.itertuples():
        values[("route", r.code)] = int(r.cases)
        families[("route", r.code)] = ("route",)
    keys = list(values)
    groups = [
        suppression.Group(("T",), tuple(key for key in keys if key[0] in ("area", "out")), closed=True),
        suppression.Group(("T",), tuple(key for key in keys if key[0] == "country"), closed=False),
        suppression.Group(("T",), tuple(key for key in keys if key[0] == "route"), closed=False),
    ]
    for c in countries["country"]:
        parts = tuple(("route", r) for r, only in exclusive.items() if only == c and ("route", r) in values)
        groups.append(suppression.Group(("country", c), parts, closed=False, cascade=True))
    return values, suppression.protect(values, families, groups, k)


def _suppress(k, period, totals, areas, parents, outside, routes, places, countries, links, exclusive, shapes) -> MapData:
    """Every count of the page protected together, then shown: hidden ones pooled, never a number below k."""
    n_cases, n_victims = totals
    values, hidden = protect_counts(n_cases, areas, outside, countries, routes, exclusive, k)

    hidden_areas = [("area", code) in hidden for code in areas["code"]]
    victims_hidden = [h or suppression.is_small(v, k) for h, v in zip(hidden_areas, areas["victims"], strict=True)]
    areas = areas.assign(
        protected=hidden_areas,
        cases=pd.array(_shown(areas["cases"], hidden_areas), dtype="Int64"),
        victims=pd.array(_shown(areas["victims"], victims_hidden), dtype="Int64"),
    )
    parent_names = dict(zip(parents["code"], parents["name"], strict=True))
    areas["label"] = [
        f"{suppression.PROTECTED} (digabung di {parent_names.get(p, 'wilayahnya')})" if h else f"{c} kasus"
        for h, c, p in zip(hidden_areas, areas["cases"], areas["parent"], strict=True)
    ]
    merged = []
    for parent, group in areas[pd.Series(hidden_areas, index=areas.index, dtype=bool)].groupby("parent"):
        info = parents[parents["code"] == parent]
        pool = [values[("area", code)] for code in group["code"]]
        if info.empty or not sum(pool):
            continue
        exact = ("pool", ("area", parent)) not in hidden
        shown = exact and suppression.sum_may_show(pool, k)
        merged.append(
            {
                "code": parent,
                "name": info["name"].iloc[0],
                "lat": info["lat"].iloc[0],
                "lon": info["lon"].iloc[0],
                "areas": len(group),
                "cases": sum(pool) if shown else None,
                "label": f"{len(group)} kecamatan digabung: {suppression.pool_label(pool, k, exact=exact)}",
            }
        )
    merged = pd.DataFrame(merged, columns=["code", "name", "lat", "lon", "areas", "cases", "label"])

    out_hidden = [("out", n) in hidden for n in outside["name"]]
    shown_out = [{"name": n, "cases": str(c)} for n, c, h in zip(outside["name"], outside["cases"], out_hidden, strict=True) if not h]
    out_pool = [int(c) for c, h in zip(outside["cases"], out_hidden, strict=True) if h]
    if out_pool:
        shown_out.append({"name": "Asal lain (digabung)", "cases": suppression.pool_label(out_pool, k, "", ("pool", ("out",)) not in hidden)})
    outside = pd.DataFrame(shown_out, columns=["name", "cases"])

    r_hidden = [("route", c) in hidden for c in routes["code"]]
    r_pool = [values[("route", c)] for c, h in zip(routes["code"], r_hidden, strict=True) if h]
    route_pool = f"{len(r_pool)} rute lain: {suppression.pool_label(r_pool, k, exact=('pool', ('route',)) not in hidden)}" if sum(r_pool) else None
    routes = routes.assign(protected=r_hidden, cases=pd.array(_shown(routes["cases"], r_hidden), dtype="Int64"))
    routes["label"] = [suppression.PROTECTED if h else f"{c} kasus" for h, c in zip(r_hidden, routes["cases"], strict=True)]

    c_hidden = [("country", c) in hidden for c in countries["country"]]
    names = countries["country"].map(lambda c: COUNTRIES.get(c, c))
    hidden_countries = [n for n, h in zip(names, c_hidden, strict=True) if h]
    c_pool = [int(v) for v, h in zip(countries["cases"], c_hidden, strict=True) if h]
    country_pool = suppression.pool_label(c_pool, k, exact=("pool", ("country",)) not in hidden) if sum(c_pool) else None
    shown_countries = ~pd.Series(c_hidden, index=countries.index, dtype=bool) & (countries["cases"] > 0)
    countries = countries.assign(name=names)[shown_countries].reset_index(drop=True)

    hidden_origins = {name for name, h in zip(areas["name"], hidden_areas, strict=True) if h} | {key[1] for key in hidden if key[0] == "out"}
    hidden_routes = {key[1] for key in hidden if key[0] == "route"}
    links = links.assign(country=links["country"].map(lambda c: COUNTRIES.get(c, c)))
    links = links[~links["country"].isin(hidden_countries)]
    links = links.assign(must=links["origin"].isin(hidden_origins) | links["route"].isin(hidden_routes))
    links = links.groupby(["origin", "crossing", "country"], as_index=False, dropna=False).agg(cases=("cases", "sum"), must=("must", "any"))
    sankey, pooled = _sankey(links[["origin", "crossing", "country", "cases"]], k, links["must"])
    places = places.assign(kind_label=places["kind"].map(PLACE_KINDS))
    if not shapes.empty:
        shapes = shapes.merge(areas[["code", "cases", "protected"]], left_on="area_code", right_on="code", how="left")
    total = suppression.PROTECTED if ("T",) in hidden else suppression.label(n_cases, k)
    return MapData(
        k,
        period,
        total,
        suppression.label(n_victims, k),
        areas,
        outside,
        routes,
        places,
        countries,
        country_pool,
        route_pool,
        sankey,
        pooled,
        merged,
        shapes if not shapes.empty else None,
    )


def filter_choices(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    """The modus and process-stage choices (code → label) for the map filters."""
    rows = con.execute("SELECT list, code, label_id FROM choice WHERE list IN ('modus', 'tahap') ORDER BY list, code").fetchall()
    out: dict[str, dict[str, str]] = {"modus": {}, "tahap": {}}
    for kind, code, label in rows:
        out[kind][code] = label
    return out
