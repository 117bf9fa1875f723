"""Streamlit drawing helpers shared by pages: scorecards and display tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gugus import labels, suppression
from gugus.i18n import fmt_number
from gugus.views import ringkasan

BADGE_COLOUR = {"hijau": "green", "kuning": "orange", "merah": "red", "pantau": "gray", "kosong": "gray", "dilindungi": "gray"}


def status_badge(code: str) -> str:
    """An indicator status or pillar badge as Streamlit markdown, in the words of :mod:`gugus.labels`."""
    return f":{BADGE_COLOUR[code]}-badge[{labels.INDICATOR_STATUS[code]}]"


def scorecards(cards: pd.DataFrame) -> None:
    """One card per pillar: its badge (the worst judged indicator) and how many indicators have each status."""
    for col, c in zip(st.columns(len(cards)), cards.itertuples(), strict=True):
        with col.container(border=True):
            st.markdown(f"**{c.pillar_name}**  \n{status_badge(c.badge)}")
            st.markdown(
                f"{counts(c.hijau, c.kuning, c.merah)}  \ndari {c.judged} indikator dinilai"
                + ringkasan.unjudged_text(c.pantau, c.kosong, c.dilindungi)
            )


def counts(green: int, amber: int, red: int) -> str:
    """``● 3 hijau · ● 2 kuning · ● 0 merah`` with coloured dots (a font without emoji still draws them)."""
    return f":green[●] {green} hijau · :orange[●] {amber} kuning · :red[●] {red} merah"


def preview_table(changes: list[dict], ref, k: int, done: bool = False):
    """The load preview as shown, changed rows highlighted (by change code); counts of people from
    sensitive indicators go through suppression. ``done``: said after the load ("Dihapus", not "Akan dihapus")."""

    def shown(code: str, value: float | None) -> str:
        if ref.indicators[code]["sensitive"] and ref.indicators[code]["kind"] in ("count", "stock"):
            return suppression.label(value, k)
        return "–" if value is None else fmt_number(value, decimals=2)

    # What decides comes first, on a phone too: the change, then what changes and to what; the code last.
    # Changed rows before unchanged ones, in the order of labels.CHANGE.
    order = list(labels.CHANGE)
    changes = sorted(changes, key=lambda c: order.index(c["change"]) if c["change"] != "sama" else len(order))
    frame = pd.DataFrame(
        {
            "Perubahan": ["Dihapus" if done and c["change"] == "hapus" else labels.CHANGE[c["change"]] for c in changes],
            "Indikator, wilayah": [f"{c['name']} — {c['area']}" for c in changes],
            "Nilai baru": [shown(c["indicator"], c["new"]) for c in changes],
            "Nilai lama": [shown(c["indicator"], c["current"]) for c in changes],
            "Kode": [c["indicator"] for c in changes],
        }
    )
    fills = [f"background-color: {labels.CHANGE_FILL[c['change']]}" for c in changes]
    return frame.style.apply(lambda column: fills, subset=["Perubahan", "Nilai baru"], axis=0)


def preview_counts(counts: dict[str, int], done: bool = False) -> str:
    """``3 baru · 2 berubah · 10 tidak berubah · 1 akan dihapus`` (``done``: "1 dihapus", said after the load)."""
    return " · ".join(f"{n} {'dihapus' if done and c == 'hapus' else labels.CHANGE[c].lower()}" for c, n in counts.items())


def removed_rows(loss, ref) -> list[str]:
    """The stored rows of sheets other than Indikator that a load would remove or lower, in words: the action's
    activity and its progress, the case, the service — never a bare code."""

    def action(code: str) -> str:
        return f"{ref.actions[code]['activity']} ({code})" if code in ref.actions else code

    lines = []
    for r in loss.removed:
        if r["sheet"] == "Indikator":
            continue
        if r["sheet"] == "Aksi RAN":
            lines.append(f"Aksi RAN: {action(r['key'])} — progres tersimpan {fmt_number(r['value'] or 0)} % akan dihapus")
        else:
            lines.append(f"{r['sheet']}: {r['key']} akan dihapus")
    for r in loss.lowered:
        before = labels.RAN_STATUS.get(r["status"], r["status"])
        after = labels.RAN_STATUS.get(r["new_status"], r["new_status"])
        lines.append(f"Aksi RAN: {action(r['key'])} — {before} {fmt_number(r['value'] or 0)} % turun menjadi {after} {fmt_number(r['new'] or 0)} %")
    return lines
