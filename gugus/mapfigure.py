"""The case map as an interactive plotly figure, its legend as HTML, the standalone HTML download,
and the page's two charts (destination countries, flows).

The map is a plotly ``geo`` subplot drawn as SVG from the shipped geography (see
:mod:`gugus.cartography`): no tiles, no style or glyph server, so it is complete with no network, in
the app and in the downloaded file opened from disk. Input is already aggregated and suppressed.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from zoneinfo import ZoneInfo

import plotly.graph_objects as go

from gugus import suppression
from gugus.cartography import BLUE, FRAME, MAP_HEIGHT, SEA, Area, LegendSection, Line, Plan
from gugus.mapdata import MapData
from gugus.settings import TIMEZONE

SIMULATED_NOTE = "DATA SIMULASI — peta ini memuat data sintetis (basis data demo atau buku kerja contoh bertanda SIMULASI), bukan data sebenarnya."
APPROXIMATE_NOTE = "Nama bertanda ≈ menunjuk lokasi perkiraan, tidak pasti; zona jalur tidak resmi hanya perkiraan wilayah, bukan jalur."
HALO = "0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff"
_SYMBOLS = {"triangle": "triangle-up", "square": "square", "diamond": "diamond", "circle": "circle", "arrow": "arrow"}
_DASH = {"solid": "solid", "dash": "dash", "dot": "dot"}


def _area_trace(areas: list[Area], name: str) -> go.Scattergeo:
    lons, lats = [], []
    for area in areas:
        for ring in area.rings:
            lons += [*ring.lons, None]
            lats += [*ring.lats, None]
    first = areas[0]
    return go.Scattergeo(
        lon=lons,
        lat=lats,
        mode="lines",
        fill="toself",
        fillcolor=first.fill,
        line={"color": first.line, "width": first.width},
        hoverinfo="skip",
        name=name,
        showlegend=False,
    )


def _line_trace(lines: list[Line], name: str, hover: bool = False) -> go.Scattergeo:
    lons, lats = [], []
    for line in lines:
        lons += [*line.lons, None]
        lats += [*line.lats, None]
    first = lines[0]
    return go.Scattergeo(
        lon=lons,
        lat=lats,
        mode="lines",
        line={"color": first.colour, "width": first.width, "dash": _DASH[first.dash]},
        hoverinfo="text" if hover else "skip",
        text=first.hover,
        name=name,
        showlegend=False,
    )


def _grouped(items, key) -> list[list]:
    groups = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return list(groups.values())


def case_map(drawing: Plan, large: bool = False, height: int | None = None) -> go.Figure:
    """The interactive map of one view: land, kecamatan shaded by cases, outlines, the border, zones,
    routes (cut at the frame, with an arrow naming where they go), places and placed labels."""
    fig = go.Figure()
    for group in _grouped(drawing.land, lambda a: a.fill):
        fig.add_trace(_area_trace(group, "Daratan"))
    for group in _grouped(drawing.kecamatan, lambda a: (a.fill, a.line)):
        fig.add_trace(_area_trace(group, "Kecamatan"))
    for group in _grouped(drawing.zones, lambda a: a.fill):
        fig.add_trace(_area_trace(group, "Zona jalur tidak resmi"))
    if drawing.outlines:
        fig.add_trace(_line_trace(drawing.outlines, "Batas kabupaten/kota"))
    if drawing.border:
        fig.add_trace(_line_trace(drawing.border, "Batas negara", hover=True))
    for group in _grouped(drawing.routes, lambda r: r.hover):
        fig.add_trace(_line_trace(group, "Rute", hover=True))
    for group in _grouped(drawing.points + drawing.exits, lambda p: (p.symbol, p.colour)):
        fig.add_trace(
            go.Scattergeo(
                lon=[p.lon for p in group],
                lat=[p.lat for p in group],
                mode="markers",
                hoverinfo="text",
                text=[p.hover for p in group],
                marker={
                    "symbol": _SYMBOLS[group[0].symbol],
                    "color": group[0].colour,
                    "size": [p.size for p in group],
                    "angle": [p.angle for p in group],
                    "angleref": "up",
                    "line": {"color": "white", "width": 1},
                },
                name="Titik",
                showlegend=False,
            )
        )
    for group in _grouped(drawing.labels, lambda label: (label.bold, label.italic)):
        fig.add_trace(
            go.Scattergeo(
                lon=[label.lon for label in group],
                lat=[label.lat for label in group],
                mode="text",
                text=[label.text for label in group],
                textposition="middle center",
                hoverinfo="skip",
                name="Nama",
                showlegend=False,
                textfont={
                    "size": [label.size for label in group],
                    "color": [label.colour for label in group],
                    "weight": "bold" if group[0].bold else "normal",
                    "style": "italic" if group[0].italic else "normal",
                    "shadow": HALO,
                    "family": "Arial, Liberation Sans, DejaVu Sans, sans-serif",
                },
            )
        )
    west, east, south, north = drawing.frame
    fig.update_geos(
        projection_type="mercator",
        lonaxis_range=[west, east],
        lataxis_range=[south, north],
        bgcolor=SEA,
        showland=False,
        showocean=False,
        showlakes=False,
        showrivers=False,
        showcountries=False,
        showcoastlines=False,
        showsubunits=False,
        showframe=True,
        framecolor=FRAME,
        framewidth=1,
        domain={"x": [0, 1], "y": [0, 1]},
    )
    fig.update_layout(
        height=height or MAP_HEIGHT[large],
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        showlegend=False,
        dragmode="pan",
        paper_bgcolor="white",
        font={"family": "Arial, Liberation Sans, DejaVu Sans, sans-serif", "size": 18 if large else 13},
        hoverlabel={"font": {"size": 18 if large else 13}},
    )
    return fig


# ---- legend -----------------------------------------------------------------------------

_GLYPHS = {"triangle": "▲", "square": "■", "diamond": "◆", "circle": "●"}


def _swatch(entry, large: bool) -> str:
    """A legend key as a styled span (st.html keeps inline styles, not SVG)."""
    w, h = (44, 22) if large else (34, 18)
    box = f"display:inline-block;width:{w}px;height:{h}px;flex:0 0 {w}px;text-align:center;line-height:{h}px"
    if entry.kind == "fill":
        return f'<span style="{box};background:{entry.colour};border:1px solid #8FA3B8;box-sizing:border-box"></span>'
    if entry.kind == "line":
        style = {"dash": "dashed", "dot": "dotted"}.get(entry.dash, "solid")
        thick = max(1, round(min(entry.size, h - 4)))
        return (
            f'<span style="{box};position:relative"><span style="position:absolute;left:1px;right:1px;top:{(h - thick) / 2:.0f}px;'
            f'border-top:{thick}px {style} {entry.colour}"></span></span>'
        )
    if entry.kind == "arrow":
        return f'<span style="{box};color:{entry.colour};font-size:{h}px;font-weight:bold">➜</span>'
    if entry.kind == "text":
        return f'<span style="{box};color:{entry.colour};font-size:{h - 4}px;font-weight:bold">{html.escape(entry.symbol)}</span>'
    size = max(12, min(entry.size * (1.5 if large else 1.2), h))
    return f'<span style="{box};color:{entry.colour};font-size:{size:.0f}px">{_GLYPHS.get(entry.symbol, "●")}</span>'


def legend_html(sections: list[LegendSection], large: bool = False) -> str:
    """The legend as a block of HTML (styled spans, no scripts), for the side panel and the download."""
    size = "1.15rem" if large else "0.86rem"
    parts = [f'<div class="peta-legenda" data-testid="peta-legenda" style="font-size:{size};line-height:1.3">']
    for section in sections:
        parts.append(f'<div style="font-weight:600;margin:0.5em 0 0.2em">{html.escape(section.title)}</div>')
        for entry in section.entries:
            parts.append(
                f'<div style="display:flex;align-items:center;gap:0.5em;margin:0.1em 0">{_swatch(entry, large)}'
                f"<span>{html.escape(entry.label)}</span></div>"
            )
    parts.append("</div>")
    return "".join(parts)


# ---- the downloaded interactive map -----------------------------------------------------


def totals(data: MapData) -> str:
    """The period's totals as a sentence, for the page, the HTML and the print (the whole area, whatever the view)."""
    cases = f"jumlah kasus {suppression.PROTECTED}" if data.total_cases == suppression.PROTECTED else f"{data.total_cases} kasus dilaporkan"
    return f"Seluruh wilayah: {cases}, {data.total_victims} korban"


def title(view: str) -> str:
    return f"Peta Kasus TPPO — {'Kota Singkawang dan Kabupaten Sambas' if view != 'Perbatasan' else 'perbatasan dengan Sarawak'}"


def standalone_html(data: MapData, drawing: Plan, fig: go.Figure, period_name: str, generated: dt.datetime | None = None) -> bytes:
    """The interactive map as one HTML file that works from disk with no network (plotly.js inside):
    title, period, totals, the legend beside the map (below it on a phone), the protection note, and
    DATA SIMULASI where it applies."""
    figure = fig.to_html(include_plotlyjs=True, full_html=False, config={"displaylogo": False, "scrollZoom": True, "responsive": True}, div_id="peta")
    when = (generated or dt.datetime.now(ZoneInfo(TIMEZONE))).strftime("%d/%m/%Y %H.%M")
    mark = f'<p class="simulasi">{html.escape(SIMULATED_NOTE)}</p>' if data.simulated else ""
    page = f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title(drawing.view))} — {html.escape(data.period)}</title>
<style>
body {{font-family: Arial, "Liberation Sans", "DejaVu Sans", sans-serif; margin: 16px; color: #1B1B1B;}}
h1 {{font-size: 1.4rem; margin: 0 0 4px;}} .sub {{margin: 0 0 8px; color: #33475B;}}
.simulasi {{background: #FFF3CD; border: 1px solid #E0A800; padding: 6px 10px; font-weight: bold; display: inline-block;}}
.isi {{display: flex; gap: 16px; align-items: flex-start;}} .peta {{flex: 0 0 74%; min-width: 0;}} .samping {{flex: 1 1 0; min-width: 0;}}
.catatan {{font-size: 0.85rem; color: #33475B;}}
@media (max-width: 700px) {{ .isi {{flex-direction: column;}} .peta, .samping {{flex: 0 0 auto; width: 100%;}} }}
</style></head><body>
<h1>{html.escape(title(drawing.view))}</h1>
<p class="sub">Tampilan {html.escape(drawing.view)} · {html.escape(period_name)}: {html.escape(data.period)} ·
<b>{html.escape(totals(data))}</b></p>
{mark}
<div class="isi"><div class="peta">{figure}</div><div class="samping">{legend_html(drawing.legend)}</div></div>
<p class="catatan">{html.escape(suppression.notice(data.k))} {html.escape(APPROXIMATE_NOTE)} Geser untuk memindah peta, gulir untuk memperbesar.</p>
<p class="catatan">{html.escape(data.credit)} Dibuat {when} WIB dari dasbor Gugus Tugas TPPO Kota Singkawang.</p>
</body></html>"""
    return page.encode("utf-8")


# ---- charts beside the map --------------------------------------------------------------


def countries_chart(data: MapData, large: bool = False) -> go.Figure:
    """Cases by destination country (visible countries only)."""
    frame = data.countries.sort_values("cases")
    font = 18 if large else 13
    fig = go.Figure(
        go.Bar(
            x=frame["cases"],
            y=frame["name"],
            orientation="h",
            marker_color=BLUE,
            text=frame["cases"],
            textposition="auto",
            textfont={"size": font},
            hovertemplate="%{y}: %{x} kasus<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": "Negara tujuan", "font": {"size": font + 3}},
        font={"size": font},
        height=max(220, (52 if large else 40) * len(frame) + 90),
        margin={"l": 10, "r": 10, "t": 44, "b": 10},
    )
    return fig


def sankey_chart(data: MapData) -> go.Figure:
    """Origin kecamatan → crossing point → destination, flows of at least k cases only."""
    frame = data.sankey
    nodes = list(dict.fromkeys([*frame["origin"], *frame["crossing"], *frame["country"]]))
    index = {n: i for i, n in enumerate(nodes)}
    sources = [index[o] for o in frame["origin"]] + [index[c] for c in frame["crossing"]]
    targets = [index[c] for c in frame["crossing"]] + [index[c] for c in frame["country"]]
    values = list(frame["cases"]) * 2
    fig = go.Figure(
        go.Sankey(
            node={"label": nodes, "pad": 12, "color": BLUE},
            arrangement="snap",
            link={"source": sources, "target": targets, "value": values, "color": "rgba(31,78,121,0.25)"},
        )
    )
    fig.update_layout(title="Asal → titik lintas → tujuan", height=420, margin={"l": 10, "r": 10, "t": 40, "b": 10})
    return fig
