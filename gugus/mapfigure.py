"""The case map as a plotly MapLibre figure, and as a static image for printed meeting packs.

Input is a :class:`gugus.maps.MapData`, already aggregated and suppressed: nothing here can show
a number that was hidden, because hidden numbers are not in the input.
"""

from __future__ import annotations

import io
import math

import plotly.graph_objects as go

from gugus import suppression
from gugus.maps import VIEWS, MapData, circle

STYLE_TILES, STYLE_PLAIN = "carto-positron", "white-bg"
BLUE, GREY, ORANGE, RED = "#1F4E79", "#9AA5B1", "#E65100", "#C62828"
PLACE_STYLE = {  # kind: (colour, marker size)
    "plbn": ("#C62828", 16), "pos_lintas_batas": ("#EF6C00", 13), "bandara": ("#6A1B9A", 14),
    "pelabuhan": ("#00838F", 13), "kota_tujuan": ("#37474F", 11),
}


def _size(count: int | None, biggest: int, large: bool) -> float:
    base = 14 if large else 9
    return base + (30 if large else 22) * math.sqrt(count / biggest) if count and biggest else base


def case_map(data: MapData, view: str = "Seluruh", plain: bool = False, meeting: bool = False) -> go.Figure:
    """Layers: kecamatan shapes (when loaded) or sized markers, informal-crossing zones, routes by
    width, crossing points, airports, ports and destination cities."""
    fig = go.Figure()
    font = 20 if meeting else 13
    areas = data.areas
    if data.boundaries is not None:
        shown = data.boundaries[~data.boundaries["protected"].fillna(False).astype(bool)]
        hidden = data.boundaries[data.boundaries["protected"].fillna(False).astype(bool)]
        geojson = data.boundaries[["area_code", "geometry"]].set_index("area_code").__geo_interface__
        if not shown.empty:
            fig.add_trace(go.Choroplethmap(
                geojson=geojson, locations=shown["area_code"], z=shown["cases"].astype(float), featureidkey="id",
                colorscale="Blues", zmin=0, marker_opacity=0.55, marker_line_width=1, marker_line_color="white",
                text=shown["name"], hovertemplate="%{text}: %{z} kasus<extra></extra>", name="Kasus per kecamatan",
                colorbar={"title": "Kasus", "thickness": 12}, showlegend=False))
        if not hidden.empty:
            fig.add_trace(go.Choroplethmap(
                geojson=geojson, locations=hidden["area_code"], z=[0] * len(hidden), featureidkey="id",
                colorscale=[[0, "#D9D9D9"], [1, "#D9D9D9"]], showscale=False, marker_opacity=0.6,
                text=hidden["name"], hovertemplate="%{text}: " + suppression.PROTECTED + "<extra></extra>",
                name=f"Kecamatan: {suppression.PROTECTED}", showlegend=True))
    for zone in data.places[data.places["kind"] == "jalur_informal"].itertuples():
        lats, lons = circle(zone.lat, zone.lon, zone.radius_km or 5)
        fig.add_trace(go.Scattermap(lat=lats, lon=lons, mode="lines", fill="toself", fillcolor="rgba(230,81,0,0.15)",
                                    line={"color": "rgba(230,81,0,0.5)", "width": 1}, hoverinfo="text",
                                    text=f"{zone.name} — zona perkiraan, bukan jalur pasti",
                                    name="Zona jalur tidak resmi (perkiraan)", legendgroup="zona",
                                    showlegend=zone.Index == data.places[data.places["kind"] == "jalur_informal"].index[0]))
    busiest = max([int(c) for c in data.routes["cases"].dropna()] or [1])
    for route in data.routes.itertuples():
        width = 1.5 if route.protected or not route.cases else 2 + 12 * route.cases / busiest
        fig.add_trace(go.Scattermap(
            lat=list(route.lats), lon=list(route.lons), mode="lines", line={"width": width, "color": GREY if route.protected else ORANGE},
            opacity=0.85, hoverinfo="text", text=f"{route.name}: {route.label}", name=f"{route.name} — {route.label}",
            legendgroup="rute", legendgrouptitle_text="Rute (lebar = jumlah kasus)"))
    visible = areas[~areas["protected"]]
    biggest = max([int(c) for c in visible["cases"].dropna()] or [1])
    if data.boundaries is None or meeting:
        fig.add_trace(go.Scattermap(
            lat=visible["lat"], lon=visible["lon"], mode="markers+text" if meeting else "markers",
            marker={"size": [_size(int(c), biggest, meeting) for c in visible["cases"]], "color": BLUE, "opacity": 0.75},
            text=[f"{n}: {c}" for n, c in zip(visible["name"], visible["cases"], strict=True)],
            textposition="top center", textfont={"size": font, "color": "#0D2A45"},
            hovertemplate="%{text} kasus<extra></extra>", name="Kasus menurut kecamatan asal"))
        hidden_areas = areas[areas["protected"]]
        if not hidden_areas.empty:
            fig.add_trace(go.Scattermap(
                lat=hidden_areas["lat"], lon=hidden_areas["lon"], mode="markers",
                marker={"size": 10 if meeting else 7, "color": GREY, "opacity": 0.9}, text=hidden_areas["name"],
                hovertemplate="%{text}: " + suppression.PROTECTED + "<extra></extra>",
                name=f"Kecamatan: {suppression.PROTECTED}"))
    if not data.merged.empty:
        fig.add_trace(go.Scattermap(
            lat=data.merged["lat"], lon=data.merged["lon"], mode="markers+text" if meeting else "markers",
            marker={"size": 18 if meeting else 13, "color": "#5C7A99", "opacity": 0.8},
            text=[f"{r.name}: {r.label}" for r in data.merged.itertuples()], textposition="bottom center",
            textfont={"size": font - 2, "color": "#33475B"}, hovertemplate="%{text}<extra></extra>",
            name="Kecamatan lain, digabung per kabupaten/kota"))
    for kind, (colour, size) in PLACE_STYLE.items():
        places = data.places[data.places["kind"] == kind]
        if places.empty:
            continue
        names = [f"{p.name} (perkiraan)" if p.approximate else p.name for p in places.itertuples()]
        fig.add_trace(go.Scattermap(
            lat=places["lat"], lon=places["lon"], mode="markers+text" if meeting else "markers",
            marker={"size": size + (6 if meeting else 0), "color": colour}, text=names, textposition="bottom right",
            textfont={"size": font - 2, "color": colour}, hovertemplate="%{text}<extra>" + places["kind_label"].iloc[0] + "</extra>",
            name=places["kind_label"].iloc[0], legendgroup="tempat", legendgrouptitle_text="Titik lintas dan tujuan"))
    (lat, lon), zoom = VIEWS[view]
    fig.update_layout(
        map={"style": STYLE_PLAIN if plain else STYLE_TILES, "center": {"lat": lat, "lon": lon}, "zoom": zoom},
        margin={"l": 0, "r": 0, "t": 0, "b": 0}, height=820 if meeting else 620, font={"size": font},
        legend={"bgcolor": "rgba(255,255,255,0.85)", "x": 0.01, "y": 0.99, "font": {"size": font - 1}},
        paper_bgcolor="#F4F6F8" if plain else "white")
    return fig


def countries_chart(data: MapData) -> go.Figure:
    """Cases by destination country (visible countries only)."""
    frame = data.countries.sort_values("cases")
    fig = go.Figure(go.Bar(x=frame["cases"], y=frame["name"], orientation="h", marker_color=BLUE,
                           hovertemplate="%{y}: %{x} kasus<extra></extra>"))
    fig.update_layout(title="Negara tujuan", height=max(220, 40 * len(frame) + 90), margin={"l": 10, "r": 10, "t": 40, "b": 10})
    return fig


def sankey_chart(data: MapData) -> go.Figure:
    """Origin kecamatan → crossing point → destination, flows of at least k cases only."""
    frame = data.sankey
    nodes = list(dict.fromkeys([*frame["origin"], *frame["crossing"], *frame["country"]]))
    index = {n: i for i, n in enumerate(nodes)}
    sources = [index[o] for o in frame["origin"]] + [index[c] for c in frame["crossing"]]
    targets = [index[c] for c in frame["crossing"]] + [index[c] for c in frame["country"]]
    values = list(frame["cases"]) * 2
    fig = go.Figure(go.Sankey(node={"label": nodes, "pad": 12, "color": BLUE}, arrangement="snap",
                              link={"source": sources, "target": targets, "value": values, "color": "rgba(31,78,121,0.25)"}))
    fig.update_layout(title="Asal → titik lintas → tujuan", height=420, margin={"l": 10, "r": 10, "t": 40, "b": 10})
    return fig


def standalone_html(fig: go.Figure) -> bytes:
    """The interactive map as one HTML file that works offline (plotly.js embedded)."""
    return fig.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False}).encode("utf-8")


def static_image(data: MapData, fmt: str = "png", title: str = "") -> bytes:
    """The map for print (PNG or PDF), drawn with geopandas and matplotlib — no browser, no tiles."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(11.7, 8.3), dpi=150)  # A4 landscape
    if data.boundaries is not None:
        shapes = data.boundaries
        protected = shapes["protected"].fillna(False).astype(bool)
        shapes[~protected].plot(ax=ax, column=shapes[~protected]["cases"].astype(float), cmap="Blues", edgecolor="white",
                                linewidth=0.6, vmin=0)
        if protected.any():
            shapes[protected].plot(ax=ax, color="#D9D9D9", edgecolor="white", linewidth=0.6)
    zones = data.places[data.places["kind"] == "jalur_informal"]
    for zone in zones.itertuples():
        lats, lons = circle(zone.lat, zone.lon, zone.radius_km or 5)
        ax.fill(lons, lats, color=ORANGE, alpha=0.15, linewidth=0)
    busiest = max([int(c) for c in data.routes["cases"].dropna()] or [1])
    for route in data.routes.itertuples():
        width = 1 if route.protected or not route.cases else 1.5 + 6 * route.cases / busiest
        ax.plot(list(route.lons), list(route.lats), color=GREY if route.protected else ORANGE, linewidth=width, alpha=0.8)
    visible = data.areas[~data.areas["protected"]]
    biggest = max([int(c) for c in visible["cases"].dropna()] or [1])
    ax.scatter(visible["lon"], visible["lat"], s=[(_size(int(c), biggest, False) ** 2) / 2 for c in visible["cases"]],
               color=BLUE, alpha=0.7, zorder=3)
    for area in visible.itertuples():
        if area.cases:
            ax.annotate(f"{area.name}\n{area.cases}", (area.lon, area.lat), fontsize=7, ha="center", va="bottom")
    for kind, (colour, _) in PLACE_STYLE.items():
        places = data.places[data.places["kind"] == kind]
        ax.scatter(places["lon"], places["lat"], marker="^" if kind in ("plbn", "pos_lintas_batas") else "s", color=colour,
                   zorder=4, label=places["kind_label"].iloc[0] if not places.empty else None)
        for place in places.itertuples():
            ax.annotate(place.name + (" (perkiraan)" if place.approximate else ""), (place.lon, place.lat), fontsize=6,
                        color=colour, xytext=(3, -8), textcoords="offset points")
    (lat, lon), _zoom = VIEWS["Perbatasan"]
    ax.set_xlim(108.7, 110.6)
    ax.set_ylim(0.6, 2.2)
    ax.set_aspect("equal")
    ax.legend(loc="lower right", fontsize=7)
    ax.set_title(title or f"Peta kasus TPPO — {data.period}", fontsize=11)
    ax.text(0.01, 0.01, suppression.notice(data.k) + " Lokasi bertanda (perkiraan) tidak pasti.",
            transform=ax.transAxes, fontsize=7)
    ax.set_xlabel("Bujur")
    ax.set_ylabel("Lintang")
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()
