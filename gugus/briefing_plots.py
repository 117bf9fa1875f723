"""The briefing pack's charts, drawn server-side with matplotlib from plain data: vector PDF for the printed pack
(its words stay text), PNG at print resolution for the slides. The colours are those of the pages (labels)."""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported: no display on a server
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

from gugus import labels, suppression

INK, MUTED = "#1B2A38", "#5A6775"
STYLE = {"pdf.fonttype": 42, "font.family": "DejaVu Sans", "font.size": 8.5, "axes.edgecolor": "#B0BAC4", "text.color": INK}


def _save(fig, fmt: str) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=200, bbox_inches="tight", pad_inches=0.05)
    plt.close(fig)
    return buffer.getvalue()


def status_chart(counts: pd.DataFrame, fmt: str = "pdf", size: tuple[float, float] = (6.3, 2.4)) -> bytes:
    """Indicators per status for each pillar, as stacked bars. ``counts``: pillar_name and one column per status of
    :data:`gugus.labels.INDICATOR_STATUS` (counts of indicators, not of people: nothing here is protected)."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=size)
        names = [textwrap.fill(n, 18) for n in counts["pillar_name"]][::-1]
        left = pd.Series(0, index=range(len(counts)))
        for status, word in labels.INDICATOR_STATUS.items():
            values = counts[status].iloc[::-1].reset_index(drop=True)
            if not values.any():
                continue
            ax.barh(names, values, left=left, color=labels.INDICATOR_STATUS_COLOUR[status], label=word, edgecolor="white", linewidth=0.8)
            for i, (v, start) in enumerate(zip(values, left, strict=True)):
                if v:
                    ink = "white" if status in ("hijau", "merah") else INK
                    ax.text(start + v / 2, i, f"{int(v)}", ha="center", va="center", fontsize=7.5, color=ink)
            left = left + values
        ax.set_xlabel("Jumlah indikator")
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(ncols=6, loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False, fontsize=7.5, handlelength=1.2)
        return _save(fig, fmt)


def funnel_chart(funnel: pd.DataFrame, fmt: str = "pdf", size: tuple[float, float] = (6.3, 2.6)) -> bytes:
    """Victims reaching each stage of the journey. ``funnel``: label, pillar_name, victims (None where protected),
    text (as shown: a number or "dilindungi"). A protected stage has no bar, only its word."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=size)
        names = [textwrap.fill(n, 30) for n in funnel["label"]][::-1]
        values = [0 if v is None or pd.isna(v) else float(v) for v in funnel["victims"]][::-1]
        texts = list(funnel["text"])[::-1]
        ax.barh(names, values, color=labels.BLUE)
        top = max(values) if any(values) else 1
        for i, (v, text) in enumerate(zip(values, texts, strict=True)):
            protected = text == suppression.PROTECTED
            ax.text(v + top * 0.01, i, text, va="center", fontsize=7.5, color=MUTED if protected else INK, style="italic" if protected else "normal")
        ax.set_xlim(0, top * 1.18)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # people are counted whole
        ax.set_xlabel("Korban")
        ax.spines[["top", "right"]].set_visible(False)
        return _save(fig, fmt)
