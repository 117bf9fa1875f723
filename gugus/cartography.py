"""What a case map draws, worked out once for both renderers (the interactive plotly map and the
printed A4 map): the frame of each view, the shapes, lines, points and labels inside it, routes cut at
the frame with an arrow naming where they go, label positions that do not collide, and the legend.

Input is a :class:`gugus.mapdata.MapData`, already aggregated and suppressed. Nothing here imports
plotly or matplotlib: :mod:`gugus.mapfigure` and :mod:`gugus.printmap` only paint this plan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
import shapely

from gugus import suppression
from gugus.i18n import fmt_number
from gugus.mapdata import COUNTRIES, PLACE_KINDS, MapData, circle

# Each view's frame: (west, east, south, north) in degrees, about 3:2 on screen near the equator.
VIEWS = {
    "Singkawang": (108.74, 109.30, 0.72, 1.09),
    "Sambas": (108.30, 110.40, 0.72, 2.14),
    "Perbatasan": (108.90, 110.86, 0.80, 2.11),
    "Seluruh": (107.75, 111.80, -0.50, 2.20),
}
SEA, LAND_ID, LAND_OTHER, FRAME = "#CFE2F0", "#F4F1EA", "#E3DFD6", "#7A8896"
INK, MUTED = "#1B2A38", "#5A6775"
BLUE, GREY, ORANGE, ZERO_ROUTE = "#1F4E79", "#A7B0BA", "#D84315", "#B0A79C"
PROTECTED_FILL, ZERO_FILL = "#CFCFCF", "#FBFCFE"
CLASS_FILLS = ("#C6DBEF", "#6BAED6", "#2171B5", "#08306B")  # light to dark: more cases
PLACE_STYLE = {  # kind: (colour, symbol, size)
    "plbn": ("#B71C1C", "triangle", 13),
    "pos_lintas_batas": ("#E65100", "triangle", 11),
    "bandara": ("#6A1B9A", "square", 10),
    "pelabuhan": ("#00838F", "square", 10),
    "kota_tujuan": ("#37474F", "diamond", 10),
    "kota": ("#263238", "circle", 6),
}
ZONE_FILL, ZONE_LINE = "rgba(230,81,0,0.16)", "rgba(230,81,0,0.55)"
MAP_HEIGHT = {False: 560, True: 540}  # pixels of the interactive map: the page, and Mode Rapat
# The map's drawn height on a 1,280-pixel-wide screen, where the column makes it narrower than the figure:
# labels are placed for that size, so they do not overlap there or on anything larger.
LABEL_HEIGHT = {False: 400, True: 520}
PHONE_HEIGHT, PHONE_LABEL_HEIGHT = 300, 250  # a phone (about 400 px wide): a shorter map, only the labels that fit
SIZES = {False: {"label": 12, "place": 11, "context": 11, "country": 15}, True: {"label": 18, "place": 16, "context": 15, "country": 21}}


@dataclass
class Ring:
    lons: list[float]
    lats: list[float]


@dataclass
class Area:
    """A filled shape (land, kecamatan, zone): its rings and style. Hovering names kecamatan at their points."""

    rings: list[Ring]
    fill: str
    line: str
    width: float


@dataclass
class Line:
    lons: list[float]
    lats: list[float]
    colour: str
    width: float
    dash: str = "solid"
    hover: str = ""


@dataclass
class Point:
    lon: float
    lat: float
    colour: str
    symbol: str
    size: float
    hover: str = ""
    angle: float = 0.0  # degrees clockwise from north (arrows)


@dataclass
class Label:
    lon: float
    lat: float
    text: str
    size: float
    colour: str
    position: str = "middle center"  # plotly's textposition, relative to (lon, lat)
    bold: bool = False
    italic: bool = False
    offset: float = 0.0  # pixels between the anchor and the text (a marker's radius)
    spots: list[tuple[float, float]] = field(default_factory=list)  # other anchors to try, centred ("middle center" labels)


@dataclass
class LegendEntry:
    kind: str  # fill | line | marker | arrow | text (symbol is the text)
    colour: str
    label: str
    size: float = 10
    symbol: str = "circle"
    dash: str = "solid"


@dataclass
class LegendSection:
    title: str
    entries: list[LegendEntry]


@dataclass
class Plan:
    view: str
    frame: tuple[float, float, float, float]
    land: list[Area] = field(default_factory=list)
    kecamatan: list[Area] = field(default_factory=list)
    zones: list[Area] = field(default_factory=list)
    outlines: list[Line] = field(default_factory=list)  # kab/kota outlines
    border: list[Line] = field(default_factory=list)
    routes: list[Line] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    exits: list[Point] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    legend: list[LegendSection] = field(default_factory=list)


def _count(value) -> int | None:
    """A shown count as an int; None where it is missing or hidden."""
    return None if value is None or pd.isna(value) else int(value)


def frame_box(view: str, margin: float = 0.0) -> shapely.Polygon:
    west, east, south, north = VIEWS[view]
    dx, dy = (east - west) * margin, (north - south) * margin
    return shapely.box(west - dx, south - dy, east + dx, north + dy)


def _rings(geometry, box: shapely.Polygon) -> list[Ring]:
    """The exterior rings of ``geometry`` inside ``box``, clockwise (as d3-geo fills them)."""
    clipped = shapely.intersection(shapely.make_valid(geometry), box)
    rings = []
    for part in getattr(clipped, "geoms", [clipped]):
        if part.geom_type == "Polygon" and not part.is_empty:
            part = shapely.orient_polygons(part, exterior_cw=True)
            lons, lats = part.exterior.xy
            rings.append(Ring([round(x, 4) for x in lons], [round(y, 4) for y in lats]))
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            rings += _rings(part, box)
    return rings


def _lines(geometry, box: shapely.Polygon) -> list[tuple[list[float], list[float]]]:
    clipped = shapely.intersection(geometry.boundary if geometry.geom_type.endswith("Polygon") else geometry, box)
    out = []
    for part in getattr(clipped, "geoms", [clipped]):
        if part.geom_type == "LineString" and not part.is_empty:
            lons, lats = part.xy
            out.append(([round(x, 4) for x in lons], [round(y, 4) for y in lats]))
        elif part.geom_type.startswith("Multi") or part.geom_type == "GeometryCollection":
            out += _lines(part, box)
    return out


def classes(values: list[int]) -> list[tuple[int, int]]:
    """Up to four case classes ``(low, high)`` covering the visible counts (each at least k)."""
    distinct = sorted(set(values))
    if not distinct:
        return []
    if len(distinct) <= len(CLASS_FILLS):
        return [(v, v) for v in distinct]
    n = len(CLASS_FILLS)
    cuts = [distinct[min(len(distinct) - 1, math.ceil(len(distinct) * (i + 1) / n) - 1)] for i in range(n)]
    bounds, low = [], distinct[0]
    for high in cuts:
        if high >= low:
            bounds.append((low, high))
            low = next((v for v in distinct if v > high), high + 1)
    return bounds


def _class_label(low: int, high: int) -> str:
    return f"{fmt_number(low)} kasus" if low == high else f"{fmt_number(low)}–{fmt_number(high)} kasus"


def _fill_for(count: int, bounds: list[tuple[int, int]]) -> str:
    """The fill of the class holding ``count``: fewer classes take evenly spaced shades, the top one the darkest."""
    n = len(bounds)
    for i, (low, high) in enumerate(bounds):
        if low <= count <= high:
            return CLASS_FILLS[len(CLASS_FILLS) - n + i]
    return CLASS_FILLS[-1]


def _bearing(lon0: float, lat0: float, lon1: float, lat1: float) -> float:
    """Screen direction from one point to the next, degrees clockwise from north (Mercator, near the equator)."""
    return math.degrees(math.atan2(lon1 - lon0, lat1 - lat0)) % 360


def _edge_position(lon: float, lat: float, frame: tuple[float, float, float, float]) -> str:
    """Where a label at a frame edge goes so that it stays inside the frame."""
    west, east, south, north = frame
    distances = {"middle right": lon - west, "middle left": east - lon, "top center": lat - south, "bottom center": north - lat}
    return min(distances, key=distances.get)


def _route_width(cases: int | None, busiest: int, large: bool) -> float:
    scale = 1.4 if large else 1.0
    return (2.0 + 10.0 * cases / busiest) * scale if cases else 1.4 * scale


def plan(data: MapData, view: str = "Seluruh", large: bool = False, height: float | None = None) -> Plan:  # noqa: C901 - the layers in drawing order
    """Everything the map of ``view`` draws, in drawing order, with labels placed for a map ``height``
    units tall (the interactive map's pixels by default; points on paper) and the legend."""
    frame = VIEWS[view]
    box = frame_box(view)
    wide = frame_box(view, 0.6)  # shapes reach past the frame, so a little panning shows no cut edges
    size = SIZES[large]
    out = Plan(view, frame)
    base = data.basemap
    if base is not None:
        for row in base.land.itertuples():
            out.land.append(Area(_rings(row.geometry, wide), LAND_ID if row.negara == "ID" else LAND_OTHER, "#9FB3C8", 0.6))
        for line in base.border.geometry:
            out.border += [Line(lons, lats, "#6D4C41", 2.2, "dash", "Batas negara Indonesia–Malaysia") for lons, lats in _lines(line, wide)]
    visible = data.areas[~data.areas["protected"]]
    bounds = classes([int(c) for c in visible["cases"].dropna() if int(c) > 0])
    if data.boundaries is not None:
        shapes = data.boundaries
        indonesia = shapely.union_all(base.land[base.land["negara"] == "ID"].geometry.values).buffer(0.004) if base is not None else None
        shapes = shapes.iloc[(-shapely.area(shapes.geometry.values)).argsort()]  # larger first: an enclave is drawn over its surroundings
        for row in shapes.itertuples():
            protected = bool(_count(row.protected))
            cases = None if protected else _count(row.cases)
            fill = PROTECTED_FILL if protected else ZERO_FILL if not cases else _fill_for(cases, bounds)
            shape = shapely.intersection(row.geometry, indonesia) if indonesia is not None else row.geometry  # stops at the border line
            out.kecamatan.append(Area(_rings(shape, wide), fill, "#FFFFFF" if cases else "#8FA3B8", 0.8))
    if data.outlines is not None:
        for row in data.outlines.itertuples():
            out.outlines += [Line(lons, lats, "#4A5968", 1.3, "solid", row.name) for lons, lats in _lines(row.geometry, wide)]
    for zone in data.places[data.places["kind"] == "jalur_informal"].itertuples():
        lats, lons = circle(zone.lat, zone.lon, zone.radius_km or 5)
        out.zones.append(Area(_rings(shapely.Polygon(list(zip(lons, lats, strict=True))), wide), ZONE_FILL, ZONE_LINE, 1.0))

    obstacles: list[Point] = []
    labels: list[tuple[int, Label]] = []  # (priority, label): lower goes first
    busiest = max([int(c) for c in data.routes["cases"].dropna()] or [1])
    exits: dict[str, dict] = {}
    for route in sorted(data.routes.itertuples(), key=lambda r: 0 if r.protected else _count(r.cases) or 0):
        cases = None if route.protected else _count(route.cases) or 0
        colour = GREY if route.protected else ORANGE if cases else ZERO_ROUTE
        width = _route_width(cases, busiest, large)
        hover = f"{route.name}: {route.label}"
        for i in range(len(route.lons) - 1):  # legs with an end in the frame; a leg only passing over it is left out
            a, b = (route.lons[i], route.lats[i]), (route.lons[i + 1], route.lats[i + 1])
            a_in, b_in = box.covers(shapely.Point(a)), box.covers(shapely.Point(b))
            if not (a_in or b_in):
                continue
            leg = shapely.LineString([a, b])
            out.routes += [Line(lons, lats, colour, width, "dot" if cases == 0 else "solid", hover) for lons, lats in _lines(leg, box)]
            if not a_in or b_in:
                continue
            edge = shapely.intersection(leg, box.exterior)  # the leg leaves the frame: an arrow at the edge
            point = min(getattr(edge, "geoms", [edge]), key=lambda p: p.distance(shapely.Point(a)))
            nxt = route.stops[i + 1].split(" (")[0]  # routes leaving towards the same next stop share one arrow
            slot = exits.setdefault(
                nxt, {"lon": point.x, "lat": point.y, "countries": [], "colour": colour, "width": width, "angle": _bearing(*a, *b), "hover": []}
            )
            slot["countries"].append(COUNTRIES.get(route.stop_countries[-1], route.stop_countries[-1]))
            slot["hover"].append(route.name)
            if width > slot["width"] or (colour == ORANGE and slot["colour"] != ORANGE):
                slot.update(lon=point.x, lat=point.y, colour=colour, width=width, angle=_bearing(*a, *b))
    for nxt, slot in exits.items():
        countries = ", ".join(dict.fromkeys(c.split(" (")[0] for c in slot["countries"]))
        arrow = Point(
            slot["lon"],
            slot["lat"],
            slot["colour"],
            "arrow",
            16 if large else 12,
            f"Ke {nxt}, lalu {countries}: " + "; ".join(slot["hover"]),
            slot["angle"],
        )
        out.exits.append(arrow)
        obstacles.append(arrow)
        labels.append(
            (
                1,
                Label(
                    slot["lon"],
                    slot["lat"],
                    f"ke {nxt}<br>→ {countries}",
                    size["place"],
                    slot["colour"] if slot["colour"] != ZERO_ROUTE else MUTED,
                    _edge_position(slot["lon"], slot["lat"], frame),
                    bold=True,
                    offset=10,
                ),
            )
        )

    for place in data.places[data.places["kind"] != "jalur_informal"].itertuples():
        if not box.covers(shapely.Point(place.lon, place.lat)):
            continue
        colour, symbol, marker = PLACE_STYLE.get(place.kind, PLACE_STYLE["kota"])
        marker = marker * (1.4 if large else 1.0)
        name = f"{place.name} (perkiraan)" if place.approximate else place.name
        point = Point(place.lon, place.lat, colour, symbol, marker, f"{name} — {place.kind_label}")
        out.points.append(point)
        obstacles.append(point)
        priority = {"plbn": 2, "pos_lintas_batas": 3, "kota_tujuan": 3, "bandara": 4, "pelabuhan": 5}.get(place.kind, 6)
        text = f"≈ {place.name}" if place.approximate else place.name
        labels.append(
            (
                priority,
                Label(
                    place.lon,
                    place.lat,
                    text,
                    size["place"],
                    colour if place.kind != "kota" else INK,
                    "top center",
                    bold=place.kind in ("plbn", "kota_tujuan"),
                    offset=marker / 2 + 1,
                ),
            )
        )

    for area in visible.itertuples():
        if not box.covers(shapely.Point(area.lon, area.lat)):
            continue
        cases = _count(area.cases) or 0
        if cases or view == "Singkawang":
            point = Point(area.lon, area.lat, INK, "circle", 5 if large else 4, f"{area.name}: {fmt_number(cases)} kasus")
            out.points.append(point)
            obstacles.append(point)
            text = f"{area.name}: {fmt_number(cases)}" if cases else area.name
            labels.append((0 if cases else 7, Label(area.lon, area.lat, text, size["label"], INK, "top center", bold=bool(cases), offset=4)))
    for merged in data.merged.itertuples():
        if box.covers(shapely.Point(merged.lon, merged.lat)):
            point = Point(merged.lon, merged.lat, "#5C7A99", "circle", 16 if large else 12, f"{merged.name}: {merged.label}")
            out.points.append(point)
            obstacles.append(point)
            labels.append(
                (
                    1,
                    Label(
                        merged.lon,
                        merged.lat,
                        f"{merged.name.replace('Kabupaten ', 'Kab. ')}: {merged.label}",
                        size["label"],
                        "#33475B",
                        "bottom center",
                        offset=8,
                    ),
                )
            )
    if data.outlines is not None:
        for row in data.outlines.itertuples():
            inside = shapely.intersection(row.geometry, box)
            if inside.is_empty or inside.area < 0.02 * box.area:
                continue
            spot = inside.representative_point() if not inside.contains(row.geometry.representative_point()) else row.geometry.representative_point()
            short = row.name.replace("Kabupaten ", "Kab. ")
            labels.append((8, Label(spot.x, spot.y, short, size["context"], MUTED, "middle center", italic=True)))
    if base is not None:
        for row in base.land.itertuples():
            inside = shapely.intersection(row.geometry, box)
            if row.negara != "ID" and not inside.is_empty and inside.area > 0.03 * box.area:
                spot = inside.representative_point()
                x0, y0, x1, y1 = inside.bounds
                grid = [shapely.Point(x0 + (x1 - x0) * i / 6, y0 + (y1 - y0) * j / 6) for i in range(1, 6) for j in range(1, 6)]
                spots = sorted((p for p in grid if inside.contains(p)), key=lambda p: p.distance(spot))
                labels.append(
                    (
                        2,
                        Label(
                            spot.x,
                            spot.y,
                            "MALAYSIA (Sarawak)",
                            size["country"],
                            "#6B6358",
                            "middle center",
                            bold=True,
                            spots=[(p.x, p.y) for p in spots],
                        ),
                    )
                )
    out.labels = place_labels(labels, obstacles, frame, height or LABEL_HEIGHT[large])
    out.legend = legend(data, bounds, large)
    return out


# ---- labels -----------------------------------------------------------------------------

POSITIONS = ("top center", "bottom center", "middle right", "middle left", "top right", "top left", "bottom right", "bottom left")


def _start(anchor: float, extent: float, gap: float, side: int) -> float:
    """Where a text of ``extent`` begins: centred on the anchor (0), after it (1) or before it (-1), ``gap`` away."""
    return anchor - extent / 2 if side == 0 else anchor + gap if side > 0 else anchor - gap - extent


def text_box(label: Label, position: str, scale: float) -> tuple[float, float, float, float]:
    """The label's box (west, east, south, north) in degrees at ``scale`` pixels per degree."""
    lines = label.text.split("<br>")
    width = 0.58 * label.size * max(len(line) for line in lines) / scale
    height = 1.25 * label.size * len(lines) / scale
    gap = (label.offset + 3) / scale
    vertical, horizontal = position.split(" ")
    west = _start(label.lon, width, gap, {"left": -1, "center": 0, "right": 1}[horizontal])
    south = _start(label.lat, height, gap, {"bottom": -1, "middle": 0, "top": 1}[vertical])
    return west, west + width, south, south + height


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def place_labels(labels: list[tuple[int, Label]], obstacles: list[Point], frame: tuple[float, float, float, float], height_px: float) -> list[Label]:
    """Greedy placement, most important first: each label takes the first of its candidate positions
    that stays in the frame and touches no placed label or marker; a label with none is left out
    (hovering its marker still names it). Fixed-position labels (country, kab/kota) only try their own."""
    west, east, south, north = frame
    scale = height_px / (north - south)
    taken = [(p.lon - p.size / 2 / scale, p.lon + p.size / 2 / scale, p.lat - p.size / 2 / scale, p.lat + p.size / 2 / scale) for p in obstacles]
    placed = []
    for _priority, label in sorted(labels, key=lambda item: item[0]):
        if label.position == "middle center":
            candidates = [label.position]
        elif label.offset >= 10:  # at the frame's edge: along the edge, never outwards
            vertical, horizontal = label.position.split(" ")
            candidates = [label.position] + (
                [f"{vertical} left", f"{vertical} right"] if horizontal == "center" else [f"top {horizontal}", f"bottom {horizontal}"]
            )
        else:
            candidates = [label.position, *[p for p in POSITIONS if p != label.position]]
        anchors = [(label.lon, label.lat), *label.spots]
        for position, (label.lon, label.lat) in [(p, a) for a in anchors for p in candidates]:
            box = text_box(label, position, scale)
            if box[0] < west or box[1] > east or box[2] < south or box[3] > north:
                continue
            if any(_overlap(box, other) for other in taken):
                continue
            taken.append(box)
            # the renderers centre the text on this point, so both draw it where it was placed
            label.lon, label.lat, label.position = (box[0] + box[1]) / 2, (box[2] + box[3]) / 2, "middle center"
            placed.append(label)
            break
    return placed


# ---- legend -----------------------------------------------------------------------------


def legend(data: MapData, bounds: list[tuple[int, int]], large: bool = False) -> list[LegendSection]:
    """The map's legend: what each colour, width and symbol means, with this period's route counts."""
    fills = [LegendEntry("fill", _fill_for(high, bounds), _class_label(low, high)) for low, high in bounds]
    fills.append(LegendEntry("fill", ZERO_FILL, "0 kasus"))
    if data.areas["protected"].any():
        fills.append(LegendEntry("fill", PROTECTED_FILL, f"{suppression.PROTECTED} (digabung per kabupaten/kota)"))
    if not data.merged.empty:
        fills.append(LegendEntry("marker", "#5C7A99", "Kecamatan yang digabung, di titik kabupaten/kotanya", 12))
    busiest = max([int(c) for c in data.routes["cases"].dropna()] or [1])
    routes = []
    for route in sorted(data.routes.itertuples(), key=lambda r: (-(_count(r.cases) if _count(r.cases) is not None else -1), r.name)):
        cases = None if route.protected else _count(route.cases) or 0
        colour = GREY if route.protected else ORANGE if cases else ZERO_ROUTE
        routes.append(
            LegendEntry("line", colour, f"{route.name} — {route.label}", _route_width(cases, busiest, False), dash="dot" if cases == 0 else "solid")
        )
    if data.route_pool:
        routes.append(LegendEntry("line", GREY, f"Rute dengan angka kecil digabung: {data.route_pool}", 1.4))
    routes.append(LegendEntry("arrow", ORANGE, "Rute berlanjut ke luar peta (tujuan disebut)", 12))
    places = [LegendEntry("marker", colour, PLACE_KINDS[kind], size, symbol) for kind, (colour, symbol, size) in PLACE_STYLE.items()]
    places.append(LegendEntry("fill", ZONE_FILL, "Zona jalur tidak resmi (perkiraan, bukan jalur pasti)"))
    places.append(LegendEntry("text", INK, "Nama bertanda ≈: lokasi perkiraan, tidak pasti", symbol="≈"))
    lines = [
        LegendEntry("line", "#6D4C41", "Batas negara", 2.2, dash="dash"),
        LegendEntry("line", "#4A5968", "Batas kabupaten/kota", 1.3),
        LegendEntry("fill", LAND_ID, "Daratan Indonesia"),
        LegendEntry("fill", LAND_OTHER, "Daratan Malaysia"),
        LegendEntry("fill", SEA, "Laut"),
    ]
    return [
        LegendSection("Kasus menurut kecamatan asal", fills),
        LegendSection("Rute (lebar = jumlah kasus)", routes),
        LegendSection("Titik lintas, bandara, pelabuhan, kota", places),
        LegendSection("Peta dasar", lines),
    ]
