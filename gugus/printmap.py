"""The printed case map: an A4 landscape page (PNG or PDF) drawn server-side with matplotlib from the
same plan as the interactive map (:mod:`gugus.cartography`) — the same geography, labels and legend —
with a title, the period, the totals, the protection note, a scale bar, a north arrow and, where it
applies, the DATA SIMULASI mark. No browser, no tiles, no network.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import textwrap
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported: no display on a server
import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib_scalebar.scalebar import ScaleBar

from gugus import cartography, suppression
from gugus.mapdata import MapData
from gugus.mapfigure import APPROXIMATE_NOTE, SIMULATED_NOTE, title, totals
from gugus.settings import TIMEZONE
from gugus.weeks import format_moment

A4_LANDSCAPE = (11.69, 8.27)  # inches: 297 × 210 mm
MAP_BOX = (0.025, 0.115, 0.655, 0.745)  # left, bottom, width, height of the map, as fractions of the page
PANEL_BOX = (0.70, 0.115, 0.285, 0.745)


@dataclass(frozen=True)
class Sheet:
    """The page a map is printed on: its size in inches, where the map and the legend go, and whether the map is drawn
    large (the meeting screen's labels and markers)."""

    size: tuple[float, float]
    map_box: tuple[float, float, float, float]
    panel_box: tuple[float, float, float, float]
    large: bool = False


A4 = Sheet(A4_LANDSCAPE, MAP_BOX, PANEL_BOX)
# A 16:9 slide, drawn at 80 % of its size: shown full width on the slide, every word comes out 1.25 times its print size.
SLIDE = Sheet((13.333 * 0.8, 7.5 * 0.8), (0.02, 0.115, 0.60, 0.745), (0.645, 0.115, 0.345, 0.745), large=True)
POINT = 7.5 / 12  # print points per screen pixel of the plan's sizes: 12 px labels become 7.5 pt
_MARKERS = {"triangle": "^", "square": "s", "diamond": "D", "circle": "o"}
_DASHES = {"solid": "-", "dash": (0, (5, 3)), "dot": (0, (1, 2))}


def _colour(value: str):
    """A CSS colour as matplotlib takes it (``rgba(r,g,b,a)`` becomes a tuple)."""
    found = re.fullmatch(r"rgba\((\d+),\s*(\d+),\s*(\d+),\s*([\d.]+)\)", value)
    return (int(found[1]) / 255, int(found[2]) / 255, int(found[3]) / 255, float(found[4])) if found else value


def _aspect(frame) -> float:
    """How much taller a degree of latitude is drawn than one of longitude, near the frame's middle."""
    return 1 / math.cos(math.radians((frame[2] + frame[3]) / 2))


def _map_height_points(frame, sheet: Sheet = A4) -> float:
    page_w, page_h = sheet.size[0] * 72, sheet.size[1] * 72
    box_w, box_h = sheet.map_box[2] * page_w, sheet.map_box[3] * page_h
    west, east, south, north = frame
    ratio = (east - west) / ((north - south) * _aspect(frame))  # width / height on paper
    return min(box_h, box_w / ratio)


def _draw_map(ax, drawing: cartography.Plan) -> None:
    for area in drawing.land + drawing.kecamatan + drawing.zones:
        for ring in area.rings:
            ax.fill(ring.lons, ring.lats, facecolor=_colour(area.fill), edgecolor=_colour(area.line), linewidth=area.width * 0.6)
    for line in drawing.outlines + drawing.border + drawing.routes:
        ax.plot(line.lons, line.lats, color=_colour(line.colour), linewidth=line.width * 0.6, linestyle=_DASHES[line.dash], solid_capstyle="round")
    for point in drawing.points:
        ax.plot(
            point.lon,
            point.lat,
            marker=_MARKERS.get(point.symbol, "o"),
            color=point.colour,
            markersize=point.size * POINT,
            markeredgecolor="white",
            markeredgewidth=0.5,
            zorder=4,
        )
    for arrow in drawing.exits:
        ax.plot(arrow.lon, arrow.lat, marker=(3, 0, -arrow.angle), color=arrow.colour, markersize=arrow.size * POINT * 1.2, zorder=4)
    for label in drawing.labels:
        ax.text(
            label.lon,
            label.lat,
            label.text.replace("<br>", "\n"),
            fontsize=label.size * POINT,
            color=label.colour,
            ha="center",
            va="center",
            fontweight="bold" if label.bold else "normal",
            fontstyle="italic" if label.italic else "normal",
            zorder=5,
            linespacing=1.1,
            bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "alpha": 0.55, "linewidth": 0},
        )
    west, east, south, north = drawing.frame
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(_aspect(drawing.frame))
    ax.set_anchor("N")
    ax.set_facecolor(cartography.SEA)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(cartography.FRAME)
    metres_per_degree = 111_320 * math.cos(math.radians((south + north) / 2))
    ax.add_artist(
        ScaleBar(
            metres_per_degree,
            units="m",
            location="lower right",
            length_fraction=0.22,
            box_alpha=0.8,
            rotation="horizontal-only",
            font_properties={"size": 7},
        )
    )
    ax.annotate(
        "U",
        xy=(0.035, 0.96),
        xytext=(0.035, 0.86),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=9,
        fontweight="bold",
        arrowprops={"facecolor": "black", "width": 3, "headwidth": 10, "headlength": 9},
    )


def _draw_legend(ax, sections: list[cartography.LegendSection]) -> None:
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    wrapped = [[textwrap.wrap(entry.label, 58) or [""] for entry in section.entries] for section in sections]
    rows = 1.4 + sum(1.3 + sum(0.75 + 0.6 * len(lines) for lines in section) for section in wrapped)
    inches = ax.get_position().height * ax.figure.get_figheight()
    y, step = 1.0, min(0.167 / inches, 0.99 / rows)  # a row 0.167 in (12 pt) tall, less when the legend would not fit
    scale = step * inches / 0.167  # the words shrink with the rows, so they never overlap
    ax.text(0, y, "Legenda", fontsize=10 * scale, fontweight="bold", va="top")
    y -= step * 1.4
    for section, labels in zip(sections, wrapped, strict=True):
        ax.text(0, y, section.title, fontsize=7.5 * scale, fontweight="bold", va="top")
        y -= step
        for entry, lines in zip(section.entries, labels, strict=True):
            middle = y - step / 3
            if entry.kind == "fill":
                ax.add_patch(
                    Rectangle((0.0, middle - step / 3), 0.08, step * 2 / 3, facecolor=_colour(entry.colour), edgecolor="#8FA3B8", linewidth=0.5)
                )
            elif entry.kind == "line":
                ax.add_line(
                    Line2D([0.0, 0.08], [middle, middle], color=entry.colour, linewidth=min(entry.size, 8) * 0.6, linestyle=_DASHES[entry.dash])
                )
            elif entry.kind == "text":
                ax.text(0.04, middle, entry.symbol, fontsize=8 * scale, fontweight="bold", ha="center", va="center", color=entry.colour)
            elif entry.kind == "arrow":
                ax.annotate("", xy=(0.08, middle), xytext=(0.0, middle), arrowprops={"arrowstyle": "-|>", "color": entry.colour, "lw": 1.5})
            else:
                ax.plot(0.04, middle, marker=_MARKERS.get(entry.symbol, "o"), color=entry.colour, markersize=max(3, entry.size * 0.5) * scale)
            ax.text(0.11, y, "\n".join(lines), fontsize=6.5 * scale, va="top", linespacing=1.15)
            y -= step * (0.75 + 0.6 * len(lines))
        y -= step * 0.3


def print_map(data: MapData, view: str, period_name: str, fmt: str = "pdf", generated: dt.datetime | None = None, sheet: Sheet = A4) -> bytes:
    """The chosen view as an A4 landscape page (or another ``sheet``), PNG (150 dpi) or PDF with real text."""
    frame = cartography.VIEWS[view]
    drawing = cartography.plan(data, view, large=sheet.large, height=_map_height_points(frame, sheet) / POINT)
    when = format_moment(generated or dt.datetime.now(ZoneInfo(TIMEZONE)))  # "29 Nov 2026 20.37", as every page writes it
    with plt.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans"}):
        fig = plt.figure(figsize=sheet.size, dpi=150 if sheet is A4 else 200)
        fig.text(0.025, 0.965, title(view), fontsize=15, fontweight="bold", va="top")
        fig.text(0.025, 0.925, f"Tampilan {view} · {period_name}: {data.period}", fontsize=9.5, va="top", color="#33475B")
        fig.text(0.025, 0.895, totals(data), fontsize=10.5, fontweight="bold", va="top")
        if data.simulated:
            fig.text(
                0.985,
                0.965,
                "DATA SIMULASI",
                fontsize=13,
                fontweight="bold",
                color="#B71C1C",
                ha="right",
                va="top",
                bbox={"boxstyle": "round,pad=0.3", "facecolor": "#FFF3CD", "edgecolor": "#E0A800"},
            )
            fig.text(0.985, 0.915, "\n".join(textwrap.wrap(SIMULATED_NOTE.split(" — ", 1)[1], 60)), fontsize=7, color="#B71C1C", ha="right", va="top")
        ax = fig.add_axes(sheet.map_box)
        _draw_map(ax, drawing)
        if data.simulated:
            ax.text(
                0.5,
                0.5,
                "DATA SIMULASI",
                transform=ax.transAxes,
                fontsize=54,
                color="#B71C1C",
                alpha=0.10,
                rotation=25,
                ha="center",
                va="center",
                fontweight="bold",
                zorder=6,
            )
        _draw_legend(fig.add_axes(sheet.panel_box), drawing.legend)
        note = suppression.notice(data.k) + " " + APPROXIMATE_NOTE
        fig.text(0.025, 0.085, "\n".join(textwrap.wrap(note, 190)), fontsize=7.5, va="top")
        credit = f"{data.credit} Dicetak {when} WIB dari dasbor Gugus Tugas TPPO Kota Singkawang."
        fig.text(0.025, 0.045, "\n".join(textwrap.wrap(credit, 210)), fontsize=6.5, color="#5A6775", va="top")
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt)
        plt.close(fig)
    return buffer.getvalue()
