"""Boundary loading on the real files shipped in data/geo, the shipped geography in every new
database, broken files, and the spatial join of case coordinates."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from gugus import bootstrap, geo
from gugus import db as gdb
from tests.conftest import etl

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def geo_dir() -> Path:
    return geo.GEO_DIR


def _load(db, ref, path, level="kecamatan"):
    with gdb.connect(db, write=True) as con:
        return geo.load_boundaries(con, path, level, ref)


def test_real_kecamatan_file_matches_all_24(db, ref, geo_dir):
    result = _load(db, ref, geo_dir / "kecamatan_singkawang_sambas.geojson")
    assert len(result.matched) == 24 and result.unmatched == []
    assert set(result.missing) == {"61.07.07", "61.03.21"}  # the neighbouring border kecamatan are not in the file
    with gdb.connect(db) as con:
        shapes = geo.current_boundaries(con, "kecamatan")
    assert len(shapes) == 24 and shapes.geometry.is_valid.all()
    original = gpd.read_file(geo_dir / "kecamatan_singkawang_sambas.geojson")
    assert shapes.geometry.count_coordinates().sum() <= original.geometry.count_coordinates().sum()


def test_simplification_keeps_shared_edges_between_neighbours(geo_dir):
    frame = geo.read_boundary_file(geo_dir / "kecamatan_singkawang_sambas.geojson").set_index("kode")
    simplified = geo.simplify(frame.geometry, tolerance=0.01)  # coarse on purpose, to make slivers likely
    before = shapely.union_all(frame.geometry.values).area
    after = shapely.union_all(simplified.values).area
    assert abs(after - before) / before < 0.02  # no gaps opened, no overlaps added beyond the source's own


def test_kabkota_file_matches_every_kabupaten_and_kota_of_kalimantan_barat(db, ref, geo_dir):
    result = _load(db, ref, geo_dir / "kabkota_kalbar.geojson", "kabkota")
    assert len(result.matched) == 14 and {"61.01", "61.02", "61.07", "61.71", "61.72"} <= set(result.matched)
    assert result.unmatched == [] and result.missing == []


def _versions(con):
    """Every boundary load, newest first."""
    return con.execute("SELECT id, level, file_name, n_features, n_matched FROM boundary_version ORDER BY id DESC").df()


def test_a_newer_load_is_a_new_version_and_keeps_the_old(db, ref, geo_dir):
    first = _load(db, ref, geo_dir / "kecamatan_singkawang_sambas.geojson")
    second = _load(db, ref, geo_dir / "kecamatan_singkawang_sambas.geojson")
    assert second.version > first.version
    with gdb.connect(db) as con:
        assert list(_versions(con)["id"])[:2] == [second.version, first.version]
        assert con.execute("SELECT count(*) FROM boundary WHERE version_id IN (?, ?)", [first.version, second.version]).fetchone()[0] == 48


def test_every_new_database_starts_with_the_shipped_geography(tmp_path):
    path = bootstrap.ensure_database(tmp_path / "baru.duckdb")
    with gdb.connect(path) as con:
        loaded = _versions(con).set_index("level")
        sources = con.execute("SELECT DISTINCT source FROM audit_event WHERE action = 'batas-wilayah'").fetchall()
        kecamatan = geo.current_boundaries(con, "kecamatan")
    assert loaded.loc["kecamatan", "file_name"] == "kecamatan_singkawang_sambas.geojson"
    assert loaded.loc["kecamatan", "n_matched"] == 24 and loaded.loc["kabkota", "n_matched"] == 14
    assert sources == [(geo.SHIPPED_SOURCE,)]
    assert kecamatan["name"].notna().all() and "Singkawang Tengah" in set(kecamatan["name"])
    bootstrap.ensure_database(path)  # a second start loads nothing again
    with gdb.connect(path) as con:
        assert len(_versions(con)) == 2


def test_an_official_file_replaces_the_shapes_it_covers_and_stays(db, geo_dir, tmp_path):
    official = gpd.read_file(geo_dir / "kecamatan_singkawang_sambas.geojson")
    official = official[official["kode"].str.startswith("61.72")].to_crs("EPSG:32649")  # an official file of Singkawang only
    official.to_file(tmp_path / "resmi.shp")
    run = etl("--db", str(db), "boundaries", str(tmp_path / "resmi.shp"), "--json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert len(out["matched"]) == 5 and len(out["kept"]) == 19 and all(c.startswith("61.01.") for c in out["kept"])
    bootstrap.ensure_database(db)  # the next start keeps the official file
    with gdb.connect(db) as con:
        shapes = geo.current_boundaries(con, "kecamatan")
        latest = con.execute("SELECT max(id) FROM boundary_version WHERE level = 'kecamatan'").fetchone()[0]
        actor, detail = con.execute("SELECT actor, detail FROM audit_event WHERE action = 'batas-wilayah' ORDER BY id DESC").fetchone()
        credit = geo.credit(con)
    assert len(shapes) == 24  # Sambas's kecamatan keep their shapes: the map loses nothing the file did not cover
    assert actor.startswith("cli:") and "19 tetap dari versi sebelumnya" in detail
    assert "batas kecamatan dari berkas resmi.shp" in credit and "kabupaten/kota cahyadsn/wilayah_boundaries (MIT)" in credit
    with gdb.connect(db) as con:
        rows = con.execute("SELECT count(*) FROM boundary WHERE version_id = ?", [latest]).fetchone()[0]
    assert rows == 24


def test_a_shape_with_a_spike_loads_as_its_polygon(db, ref, geo_dir, tmp_path):
    frame = gpd.read_file(geo_dir / "kecamatan_singkawang_sambas.geojson")
    ring = list(frame.geometry.iloc[0].exterior.coords)
    x, y = ring[3]
    spiked = ring[:4] + [(x + 0.05, y + 0.05), (x, y)] + ring[4:]  # drawn out and back: a common digitising slip
    frame.loc[frame.index[0], "geometry"] = shapely.Polygon(spiked)
    frame.to_file(tmp_path / "paku.geojson")
    result = _load(db, ref, tmp_path / "paku.geojson")
    assert len(result.matched) == 24
    with gdb.connect(db) as con:
        shapes = geo.current_boundaries(con, "kecamatan")
    assert shapes.geom_type.isin(["Polygon", "MultiPolygon"]).all() and shapes.geometry.is_valid.all()


def test_the_shipped_geography_carries_its_provenance_and_licences():
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    sources = (geo.GEO_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for path in [*geo.SHIPPED.values(), geo.LAND_FILE, geo.BORDER_FILE]:
        assert path.name in notice and path.name in sources
    assert "Copyright (c) 2024 Cahya DSN" in notice and "public domain" in notice and "Natural Earth" in notice
    base = geo.basemap()
    assert set(base.land["negara"]) == {"ID", "MY"} and len(base.border) >= 1
    assert base.border.total_bounds[0] < 109.7 < base.border.total_bounds[2]  # the border runs past Aruk


def test_reprojected_and_name_matched_shapefile(db, ref, geo_dir, tmp_path):
    frame = gpd.read_file(geo_dir / "kecamatan_singkawang_sambas.geojson")[["nama", "geometry"]].to_crs("EPSG:32649")
    frame = frame.rename(columns={"nama": "NAMA_KEC"})
    frame["NAMA_KEC"] = frame["NAMA_KEC"].str.upper()
    frame.to_file(tmp_path / "kec.shp")
    result = _load(db, ref, tmp_path / "kec.shp")
    assert len(result.matched) == 24
    with gdb.connect(db) as con:
        shapes = geo.current_boundaries(con, "kecamatan")
    minx, miny, maxx, maxy = shapes.total_bounds
    assert 108.5 < minx < maxx < 110.5 and 0.5 < miny < maxy < 2.2  # back in degrees


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{ bukan json", "tidak dapat dibaca"),
        ('{"type": "FeatureCollection", "features": []}', "tidak berisi poligon"),
        (
            '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"kode": "61.72.01"}, '
            '"geometry": {"type": "LineString", "coordinates": [[109, 0.9], [109.1, 0.95]]}}]}',
            "bukan poligon",
        ),
    ],
)
def test_broken_files_get_a_clear_error(db, ref, tmp_path, content, words):
    path = tmp_path / "rusak.geojson"
    path.write_text(content)
    with pytest.raises(geo.BoundaryError, match=words):
        _load(db, ref, path)


def test_cli_reports_matched_unmatched_and_missing_as_json(db, geo_dir):
    run = etl("--db", str(db), "boundaries", str(geo_dir / "kabkota_kalbar.geojson"), "--level", "kabkota", "--json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["ok"] and len(out["matched"]) == 14 and out["unmatched"] == [] and out["missing"] == []
    broken = etl("--db", str(db), "boundaries", str(geo_dir / "border_idn_mys_borneo.geojson"))
    assert broken.returncode == 2 and "bukan poligon" in broken.stderr


def test_points_are_joined_to_their_kecamatan_despite_overlaps_and_gaps(geo_dir):
    shapes = geo.read_boundary_file(geo_dir / "kecamatan_singkawang_sambas.geojson").rename(columns={"kode": "area_code"})
    points = pd.DataFrame({"lat": [0.907, 1.362, 1.67, 1.17, 5.0], "lon": [108.987, 109.305, 109.66, 108.97, 100.0]})
    assert list(geo.assign_kecamatan(points, shapes)) == ["61.72.02", "61.01.01", "61.01.09", "61.01.05", None]
    overlaps = shapes.overlay(shapes, how="intersection", keep_geom_type=True)
    overlaps = overlaps[overlaps["area_code_1"] != overlaps["area_code_2"]]
    inside_two = overlaps.geometry.representative_point().iloc[0]
    [code] = geo.assign_kecamatan(pd.DataFrame({"lat": [inside_two.y], "lon": [inside_two.x]}), shapes)
    assert code in {overlaps["area_code_1"].iloc[0], overlaps["area_code_2"].iloc[0]}  # exactly one of the two
