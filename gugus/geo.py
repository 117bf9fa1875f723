"""Boundaries: load a user's Shapefile, GeoPackage or GeoJSON, match its features to area codes,
simplify for the web keeping shared edges, store each load as a version; the geography shipped in
``data/geo`` (loaded into every new database through the same path, and the land and border the
maps draw under everything); and the spatial join that puts a case reported with coordinates into
its kecamatan.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import shapely

from gugus import audit
from gugus.db import bump_data_version
from gugus.errors import UserError
from gugus.i18n import t
from gugus.mapdata import Basemap
from gugus.reference import Reference

LEVELS = ("kecamatan", "kabkota")
GEO_DIR = Path(__file__).resolve().parents[1] / "data" / "geo"  # provenance and licences: data/geo/SOURCES.md, NOTICE
SHIPPED = {"kecamatan": GEO_DIR / "kecamatan_singkawang_sambas.geojson", "kabkota": GEO_DIR / "kabkota_kalbar.geojson"}
LAND_FILE = GEO_DIR / "daratan_natural_earth.geojson"  # Natural Earth 1:10m, Indonesia and Malaysia around Kalimantan Barat
BORDER_FILE = GEO_DIR / "border_idn_mys_borneo.geojson"  # Natural Earth 1:10m land boundary Indonesia–Malaysia
SHIPPED_SOURCE = "bawaan"  # the audit trail's source for the shipped geography
SIMPLIFY_DEGREES = 0.0008  # about 90 m: invisible at city zoom, a fraction of the vertices
NEAREST_METRES = 2000  # a point in a gap between coarse polygons goes to a kecamatan within 2 km
METRIC_CRS = "EPSG:32649"  # UTM zone 49N: metres, for distances around Singkawang and Sambas
_CODE_HINTS = ("kode", "code", "kd", "kdepum", "kdcpum", "id", "adm3_pcode", "adm2_pcode", "bps")
_NAME_HINTS = ("nama", "name", "wadmkc", "wadmkk", "adm3_en", "adm2_en", "kecamatan", "kabupaten")


class BoundaryError(UserError, ValueError):
    """A boundary file that cannot be used; the message says why and what to do, in Bahasa Indonesia."""

    exit_code = 2


@dataclass
class BoundaryResult:
    version: int | None
    level: str
    features: int
    matched: list[str] = field(default_factory=list)  # area codes that got a shape
    unmatched: list[str] = field(default_factory=list)  # features that match no area (their name or code)
    missing: list[str] = field(default_factory=list)  # areas of the level left without a shape
    kept: list[str] = field(default_factory=list)  # areas not in the file that keep their shape from the previous version

    def as_dict(self) -> dict:
        return {
            "ok": self.version is not None,
            "version": self.version,
            "level": self.level,
            "features": self.features,
            "matched": self.matched,
            "unmatched": self.unmatched,
            "missing": self.missing,
            "kept": self.kept,
        }


def read_boundary_file(path: str | Path) -> gpd.GeoDataFrame:
    """The features of a Shapefile, GeoPackage or GeoJSON in EPSG:4326, with valid geometries."""
    path = Path(path)
    if not path.exists():
        raise BoundaryError(t("boundary.missing", path=str(path)))
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise BoundaryError(t("boundary.unreadable", name=path.name, detail=type(exc).__name__)) from exc
    if frame.empty or "geometry" not in frame or frame.geometry.isna().all():
        raise BoundaryError(t("boundary.no-polygons", name=path.name))
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty].copy()
    if not frame.geom_type.isin(["Polygon", "MultiPolygon"]).all():
        kinds = ", ".join(sorted(set(frame.geom_type) - {"Polygon", "MultiPolygon"}))
        raise BoundaryError(t("boundary.not-polygons", name=path.name, kinds=kinds))
    if frame.crs is None:
        minx, miny, maxx, maxy = frame.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise BoundaryError(t("boundary.no-crs", name=path.name))
        frame = frame.set_crs("EPSG:4326")
    frame = frame.to_crs("EPSG:4326")
    frame["geometry"] = _valid(frame.geometry.values)  # a spike or a bow-tie becomes a clean polygon
    return frame[~frame.geometry.is_empty]


def _valid(geometries):
    """Valid polygons only: collapsed parts (a spike drawn out and back) are dropped, not kept as lines."""
    return shapely.make_valid(geometries, method="structure", keep_collapsed=False)


def _match(frame: gpd.GeoDataFrame, level: str, ref: Reference) -> pd.Series:
    """Per feature the area code it is, by a code column first, else by a name column (None if none)."""
    allowed = ref.area_codes(level)
    columns = [c for c in frame.columns if c != "geometry"]

    def score(column: str, by_code: bool) -> pd.Series:
        values = frame[column].astype("string").fillna("")
        if by_code:
            return values.map(lambda v: ref.areas.find(v.strip(), allowed).code if v and v.strip()[:2].isdigit() else None)
        return values.map(lambda v: ref.areas.find(v, allowed).code if v else None)

    ranked = sorted(columns, key=lambda c: (not any(h in c.lower() for h in _CODE_HINTS + _NAME_HINTS), c))
    best = pd.Series([None] * len(frame), index=frame.index, dtype="object")
    for by_code in (True, False):
        for column in ranked:
            found = score(column, by_code)
            if found.notna().sum() > best.notna().sum():
                best = found
        if best.notna().sum() >= max(1, len(frame) // 2):
            break
    return best


def _label(frame: gpd.GeoDataFrame, i: int) -> str:
    """``Kabupaten Mempawah (61.02)``: a feature as a person recognises it."""
    found = {}
    for kind, hints in (("name", _NAME_HINTS), ("code", _CODE_HINTS)):
        for column in frame.columns:
            value = frame.iloc[i][column] if column != "geometry" else None
            if any(h in column.lower() for h in hints) and isinstance(value, str) and value.strip():
                found.setdefault(kind, value.strip())
    if "name" in found:
        return found["name"] + (f" ({found['code']})" if "code" in found and found["code"] != found["name"] else "")
    return found.get("code", f"fitur ke-{i + 1}")


def simplify(shapes: gpd.GeoSeries, tolerance: float = SIMPLIFY_DEGREES) -> gpd.GeoSeries:
    """Fewer vertices, with edges shared by neighbours simplified once so no slivers or gaps open."""
    simplified = shapely.coverage_simplify(shapes.values, tolerance)
    simplified = _valid(simplified)
    return gpd.GeoSeries(simplified, index=shapes.index, crs=shapes.crs)


def load_boundaries(
    con: duckdb.DuckDBPyConnection, path: str | Path, level: str, ref: Reference, by: str | None = None, source: str = "cli"
) -> BoundaryResult:
    """Read, match, simplify and store a boundary file as a new version of ``level``.

    Nothing is stored when no feature matches. Features of the same area are merged.
    """
    if level not in LEVELS:
        raise BoundaryError(t("boundary.level-unknown", level=level))
    path = Path(path)
    frame = read_boundary_file(path)
    codes = _match(frame, level, ref)
    unmatched = [_label(frame, i) for i, code in enumerate(codes) if pd.isna(code)]
    matched = frame.assign(area_code=codes).dropna(subset=["area_code"])
    ours = sorted(ref.area_codes(level))
    result = BoundaryResult(None, level, len(frame), unmatched=unmatched)
    if matched.empty:
        result.missing = ours
        return result
    shapes = matched.dissolve(by="area_code").geometry
    shapes = simplify(shapes)
    result.matched = sorted(shapes.index)
    # A file of part of the area (one kabupaten, one kecamatan) replaces those shapes only: the others
    # keep the shape they had, so the map never loses areas the file did not cover.
    previous = current_boundaries(con, level)
    kept = previous[previous["area_code"].isin(ours) & ~previous["area_code"].isin(shapes.index)]
    result.kept = sorted(kept["area_code"])
    shapes = pd.concat([shapes, gpd.GeoSeries(kept.geometry.values, index=kept["area_code"].values, crs=shapes.crs)])
    result.missing = [c for c in ours if c not in set(shapes.index)]
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    con.execute("BEGIN")
    try:
        (version,) = con.execute(
            """INSERT INTO boundary_version (level, file_name, sha256, n_features, n_matched)
               VALUES (?, ?, ?, ?, ?) RETURNING id""",
            [level, path.name, digest, len(frame), len(result.matched)],
        ).fetchone()
        rows = pd.DataFrame(  # noqa: F841 - read by DuckDB by name
            {
                "version_id": version,
                "area_code": shapes.index,
                "geometry": [shapely.to_wkb(g) for g in shapes.values],
            }
        )
        con.execute("INSERT INTO boundary SELECT * FROM rows")
        audit.record(
            con,
            by,
            "batas-wilayah",
            f"{level} versi {version}",
            f"{path.name}: {len(result.matched)} wilayah" + (f", {len(result.kept)} tetap dari versi sebelumnya" if result.kept else ""),
            source,
        )
        bump_data_version(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    result.version = version
    return result


def missing_levels(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The boundary levels with no version stored yet."""
    have = {row[0] for row in con.execute("SELECT DISTINCT level FROM boundary_version").fetchall()}
    return [level for level in LEVELS if level not in have]


def load_shipped(con: duckdb.DuckDBPyConnection, levels: list[str] | None = None) -> list[BoundaryResult]:
    """Load the shipped boundaries of every level that has none yet (a new database, real or demo),
    through :func:`load_boundaries` like any official file; a later official file replaces them."""
    levels = missing_levels(con) if levels is None else levels
    if not levels:
        return []
    ref = Reference.load(con)
    return [load_boundaries(con, SHIPPED[level], level, ref, source=SHIPPED_SOURCE) for level in levels]


SHIPPED_CREDIT = "cahyadsn/wilayah_boundaries (MIT)"
BASEMAP_CREDIT = "daratan dan batas negara Natural Earth (domain publik)"


@functools.cache
def _shipped_digests() -> frozenset[str]:
    return frozenset(hashlib.sha256(path.read_bytes()).hexdigest() for path in SHIPPED.values())


def sources(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, bool]]:
    """The boundaries in use per level (kecamatan first): (file name, whether it is the shipped file)."""
    rows = con.execute("""SELECT level, file_name, sha256 FROM boundary_version
                          WHERE id IN (SELECT max(id) FROM boundary_version GROUP BY level) ORDER BY level DESC""").fetchall()
    return {level: (name, digest in _shipped_digests()) for level, name, digest in rows}


def credit(con: duckdb.DuckDBPyConnection) -> str:
    """Where the map's boundaries come from, for every map and print: the shipped files or the official ones loaded."""
    words = {"kecamatan": "kecamatan", "kabkota": "kabupaten/kota"}
    parts = [f"batas {words[level]} " + (SHIPPED_CREDIT if shipped else f"dari berkas {name}") for level, (name, shipped) in sources(con).items()]
    return "Peta dasar: " + "; ".join([*parts, BASEMAP_CREDIT]) + "."


@functools.cache
def basemap() -> Basemap:
    """The shipped land and border, read once per process."""
    land = gpd.read_file(LAND_FILE)
    border = gpd.read_file(BORDER_FILE)
    return Basemap(land[["negara", "nama", "geometry"]], border[border["type"] == "Land"][["geometry"]].reset_index(drop=True))


def current_boundaries(con: duckdb.DuckDBPyConnection, level: str) -> gpd.GeoDataFrame:
    """The latest version's shapes of ``level``: one row per area (area_code, name, geometry)."""
    rows = con.execute(
        """SELECT b.area_code, a.name, b.geometry FROM boundary b LEFT JOIN area a ON a.code = b.area_code
           WHERE b.version_id = (SELECT max(id) FROM boundary_version WHERE level = ?)
           ORDER BY b.area_code""",
        [level],
    ).fetchall()
    geometry = [shapely.from_wkb(bytes(r[2])) for r in rows]
    return gpd.GeoDataFrame({"area_code": [r[0] for r in rows], "name": [r[1] for r in rows]}, geometry=gpd.GeoSeries(geometry, crs="EPSG:4326"))


def assign_kecamatan(points: pd.DataFrame, shapes: gpd.GeoDataFrame) -> pd.Series:
    """The kecamatan code of each point (columns lat, lon), by a spatial join on ``shapes``.

    The polygons are coarse and overlap a little: a point inside two goes to the one whose centre is
    nearer; a point in a gap goes to the nearest within ``NEAREST_METRES``; otherwise None.
    """
    if points.empty or shapes.empty:
        return pd.Series([None] * len(points), index=points.index, dtype="object")
    pts = gpd.GeoDataFrame(points[[]], geometry=gpd.points_from_xy(points["lon"], points["lat"]), crs="EPSG:4326")
    hits = gpd.sjoin(pts, shapes[["area_code", "geometry"]], how="left", predicate="within")
    if hits.index.duplicated().any():
        centres = shapes.set_index("area_code").geometry.representative_point()
        hits["distance"] = [
            pts.geometry.loc[i].distance(centres.get(code)) if isinstance(code, str) else 0
            for i, code in zip(hits.index, hits["area_code"], strict=True)
        ]
        hits = hits.sort_values("distance").loc[~hits.sort_values("distance").index.duplicated()]
    codes = hits["area_code"].reindex(points.index)
    gaps = codes.isna()
    if gaps.any():
        near = gpd.sjoin_nearest(
            pts[gaps].to_crs(METRIC_CRS), shapes[["area_code", "geometry"]].to_crs(METRIC_CRS), how="left", max_distance=NEAREST_METRES
        )
        near = near[~near.index.duplicated()]
        codes[gaps] = near["area_code"].reindex(codes[gaps].index)
    return codes.astype(object).where(codes.notna(), None)
