"""Plotly figure builders. Counts of people arrive here already suppressed (None where hidden)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date

from gugus import labels
from gugus.weeks import format_day

BLUE, GREY, GREEN, AMBER, RED = "#1F4E79", "#9AA5B1", "#2E7D32", "#F9A825", "#C62828"


def _layout(fig: go.Figure, title: str, height: int = 320) -> go.Figure:
    fig.update_layout(
        title=title,
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.2},
        separators=",.",
        hovermode="closest",
    )
    return fig


def _dates_in_indonesian(fig: go.Figure, dates) -> None:
    """Date ticks written by Babel (plotly's own month names are English): about six, evenly spaced."""
    days = sorted({pd.Timestamp(d).date() for d in dates if not pd.isna(d)})
    if not days:
        return
    if (days[-1] - days[0]).days > 200:  # long spans: the first of some months
        months = pd.date_range(days[0].replace(day=1), days[-1], freq="MS").date
        ticks = list(months[:: max(1, len(months) // 7)])
        text = [format_date(t, "MMM y", locale="id") for t in ticks]
    else:
        ticks = days[:: max(1, len(days) // 6)]
        text = [format_day(t) for t in ticks]
    fig.update_xaxes(tickvals=ticks, ticktext=text)


def _week_labels(frame: pd.DataFrame) -> list[str]:
    return [f"minggu {format_day(pd.Timestamp(d).date())}" for d in frame["week_start"]]


def weekly_series(frame: pd.DataFrame, name: str, unit: str) -> go.Figure:
    """Weekly values as bars with the line a week is compared with. ``frame``: week_start, value, target_line."""
    fig = go.Figure()
    fig.add_bar(
        x=frame["week_start"],
        y=frame["value"],
        name="Nilai mingguan",
        marker_color=BLUE,
        customdata=_week_labels(frame),
        hovertemplate="%{customdata}: %{y:,.1~f}<extra></extra>",
    )
    if frame["target_line"].notna().any():
        fig.add_scatter(
            x=frame["week_start"],
            y=frame["target_line"],
            name="Pembanding mingguan",
            mode="lines",
            line={"color": RED, "dash": "dash"},
            customdata=_week_labels(frame),
            hovertemplate="%{customdata}: pembanding %{y:,.1~f}<extra></extra>",
        )
    fig.update_yaxes(title=unit)
    _dates_in_indonesian(fig, frame["week_start"])
    return _layout(fig, f"{name}: nilai per minggu")


def year_to_date(frame: pd.DataFrame, name: str, unit: str, judged: bool) -> go.Figure:
    """This year only, from week 1: the year to date (the number a status is judged on) against the
    target up to each week. ``frame``: week_start, ytd, target_to_date."""
    fig = go.Figure()
    fig.add_scatter(
        x=frame["week_start"],
        y=frame["ytd"],
        name="Sejak awal tahun",
        mode="lines+markers",
        line={"color": BLUE, "width": 3},
        marker={"size": 4},
        customdata=_week_labels(frame),
        hovertemplate="%{customdata}: %{y:,.1~f}<extra></extra>",
    )
    if judged and frame["target_to_date"].notna().any():
        fig.add_scatter(
            x=frame["week_start"],
            y=frame["target_to_date"],
            name="Target s.d. minggu itu",
            mode="lines",
            line={"color": GREY, "dash": "dot"},
            customdata=_week_labels(frame),
            hovertemplate="%{customdata}: target %{y:,.1~f}<extra></extra>",
        )
    fig.update_yaxes(title=unit, rangemode="tozero")
    _dates_in_indonesian(fig, frame["week_start"])
    return _layout(fig, f"{name}: sejak awal tahun" + (" terhadap target" if judged else ""))


def area_bars(frame: pd.DataFrame, name: str, column: str) -> go.Figure:
    """Horizontal bars per area. ``frame``: Wilayah and the numeric ``column`` (None where hidden)."""
    ordered = frame.sort_values(column, na_position="first")
    fig = go.Figure(go.Bar(x=ordered[column], y=ordered["Wilayah"], orientation="h", marker_color=BLUE))
    return _layout(fig, f"{name}: per wilayah, sejak awal tahun", height=max(260, 28 * len(frame) + 80))


def completeness_grid(frame: pd.DataFrame) -> go.Figure:
    """Pillar × week heat grid of reporting states. ``frame``: pillar_name, week, state (code)."""
    order = list(labels.REPORTING_STATE)
    codes = frame["state"].map({s: i for i, s in enumerate(order)})
    grid = frame.assign(code=codes).pivot(index="pillar_name", columns="week", values="code")
    text = frame.assign(state_label=frame["state"].map(labels.REPORTING_STATE)).pivot(index="pillar_name", columns="week", values="state_label")
    pillars = list(dict.fromkeys(frame["pillar_name"]))
    grid, text = grid.loc[pillars], text.loc[pillars]
    scale = []
    for i, state in enumerate(order):
        colour = labels.REPORTING_STATE_COLOUR[state]
        scale += [(i / len(order), colour), ((i + 1) / len(order), colour)]
    fig = go.Figure(
        go.Heatmap(
            z=grid.values,
            x=list(grid.columns),
            y=pillars,
            text=text.values,
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
            colorscale=scale,
            zmin=-0.5,
            zmax=len(order) - 0.5,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, "Pelaporan per pilar dan minggu", height=300)


def ran_timeline(frame: pd.DataFrame, today) -> go.Figure:
    """Each action from start to due, coloured by status, with a line at the end of the chosen week."""
    fig = go.Figure()
    for status, colour in labels.RAN_STATUS_COLOUR.items():
        part = frame[frame["status"] == status]
        if part.empty:
            continue
        fig.add_bar(
            base=pd.to_datetime(part["start"]),
            x=(pd.to_datetime(part["due"]) - pd.to_datetime(part["start"])).dt.days * 86_400_000,
            y=part["code"],
            orientation="h",
            marker_color=colour,
            name=labels.RAN_STATUS[status],
            customdata=part[["activity", "lead_name"]].values,
            hovertemplate="%{y}: %{customdata[0]}<br>%{customdata[1]}<extra>" + labels.RAN_STATUS[status] + "</extra>",
        )
    fig.add_vline(x=pd.Timestamp(today).value / 1e6, line_color="#C62828", line_dash="dash")
    fig.add_annotation(
        x=pd.Timestamp(today).value / 1e6,
        y=1.02,
        yref="paper",
        text=f"akhir minggu ({format_day(today)})",
        showarrow=False,
        font={"color": "#C62828"},
    )
    fig.update_xaxes(type="date")
    _dates_in_indonesian(fig, [*pd.to_datetime(frame["start"]), *pd.to_datetime(frame["due"])])
    fig.update_yaxes(autorange="reversed", title=None, type="category")  # codes such as "1.1" are names, not numbers
    return _layout(fig, "Linimasa aksi (mulai → tenggat)", height=max(320, 22 * len(frame) + 120))


def progress_with_indicators(progress: pd.DataFrame, series: dict[str, pd.DataFrame]) -> go.Figure:
    """An action's reported progress (left axis, %) next to the weekly values of the indicators it should move."""
    fig = go.Figure()
    fig.add_scatter(
        x=progress["week_start"],
        y=progress["progress"],
        name="Progres aksi (%)",
        mode="lines+markers",
        line={"color": BLUE, "width": 3},
        connectgaps=True,
        customdata=_week_labels(progress),
        hovertemplate="%{customdata}: %{y:.0f} %<extra></extra>",
    )
    for code, frame in series.items():
        fig.add_scatter(
            x=frame["week_start"],
            y=frame["value"],
            name=code,
            mode="lines",
            yaxis="y2",
            line={"width": 1.5},
            customdata=_week_labels(frame),
            hovertemplate="%{customdata}: %{y:,.1~f}<extra>" + code + "</extra>",
        )
    fig.update_layout(
        yaxis={"title": "Progres (%)", "range": [0, 105]},
        yaxis2={"title": "Nilai indikator (satuannya)", "overlaying": "y", "side": "right", "tickformat": ",~r", "rangemode": "tozero"},
    )
    _dates_in_indonesian(fig, progress["week_start"])
    return _layout(fig, "Progres aksi dan indikator yang didorongnya", height=340)


def journey_funnel(frame: pd.DataFrame) -> go.Figure:
    """Victims reaching each stage of the journey. ``frame``: label, pillar_name, victims (None where protected),
    text (the value as shown: a number or "dilindungi")."""
    fig = go.Figure(
        go.Funnel(
            y=frame["label"],
            x=[0 if v is None or pd.isna(v) else v for v in frame["victims"]],
            text=frame["text"],
            textinfo="text",
            textposition=["inside" if v else "outside" for v in frame["victims"].fillna(0)],
            customdata=frame["pillar_name"],
            hovertemplate="%{y} (%{customdata}): %{text} korban<extra></extra>",
            marker={"color": BLUE},
        )
    )
    return _layout(fig, "Korban yang mencapai tiap tahap", height=360)


def stage_days(frame: pd.DataFrame) -> go.Figure:
    """Median and slowest days from the previous stage, beside the stage's standard. ``frame``: label, median,
    slowest, standard_days."""
    fig = go.Figure()
    fig.add_bar(
        y=frame["label"],
        x=frame["median"],
        name="Median hari",
        orientation="h",
        marker_color=BLUE,
        hovertemplate="%{y}: median %{x:,.1~f} hari<extra></extra>",
    )
    fig.add_bar(
        y=frame["label"],
        x=frame["slowest"],
        name="Paling lambat",
        orientation="h",
        marker_color=GREY,
        hovertemplate="%{y}: paling lambat %{x:,.0f} hari<extra></extra>",
    )
    fig.add_scatter(
        y=frame["label"],
        x=frame["standard_days"],
        name="Standar layanan",
        mode="markers",
        marker={"symbol": "line-ns-open", "size": 26, "color": RED, "line": {"width": 3}},
        hovertemplate="%{y}: standar %{x:,.0f} hari<extra></extra>",
    )
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title="hari sejak tahap sebelumnya")
    _layout(fig, "Hari antartahap dibanding standar", height=380)
    fig.update_layout(legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0}, margin={"t": 80})
    return fig


def dropout_trend(frame: pd.DataFrame) -> go.Figure:
    """Open drop-outs at the end of each week, per stage. ``frame``: week_start, label, cases (None where protected)."""
    fig = go.Figure()
    for label, group in frame.groupby("label", sort=False):
        fig.add_bar(
            x=group["week_start"],
            y=group["cases"],
            name=label,
            customdata=_week_labels(group),
            hovertemplate=f"{label}<br>%{{customdata}}: %{{y}} kasus<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title="kasus menunggu", rangemode="tozero")
    _dates_in_indonesian(fig, frame["week_start"])
    return _layout(fig, "Kasus yang masih menunggu di akhir tiap minggu", height=340)


ROMAN_QUARTER = {1: "I", 2: "II", 3: "III", 4: "IV"}


def quarter_name(day) -> str:
    """``Triwulan III 2026`` for any day of that quarter."""
    day = pd.Timestamp(day)
    return f"Triwulan {ROMAN_QUARTER[day.quarter]} {day.year}"


def chain_quarters(frame: pd.DataFrame) -> go.Figure:
    """Cases naming each service point per quarter. ``frame``: quarter (first day), label, cases (None where
    protected)."""
    fig = go.Figure()
    for label, group in frame.groupby("label", sort=False):
        fig.add_bar(
            x=[quarter_name(q) for q in group["quarter"]],
            y=group["cases"],
            name=label,
            hovertemplate=f"{label}<br>%{{x}}: %{{y}} kasus<extra></extra>",
        )
    order = [quarter_name(q) for q in sorted(frame["quarter"].unique())]
    fig.update_layout(barmode="group")
    fig.update_xaxes(categoryorder="array", categoryarray=order)
    fig.update_yaxes(title="kasus", rangemode="tozero")
    return _layout(fig, "Kasus per titik layanan, per triwulan", height=380)
