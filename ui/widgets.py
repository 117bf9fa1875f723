"""Streamlit drawing helpers shared by pages: scorecards and display tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gugus.weeks import format_day

RAG_BADGE = {"hijau": ":green-badge[Hijau]", "kuning": ":orange-badge[Kuning]", "merah": ":red-badge[Merah]",
             "kosong": ":gray-badge[Tidak ada data]"}
RAN_STATUS = {"belum-mulai": "Belum mulai", "berjalan": "Berjalan", "selesai": "Selesai"}


def scorecards(cards: pd.DataFrame) -> None:
    """One card per pillar: share of judged indicators on track, coloured red/amber/green."""
    for col, c in zip(st.columns(len(cards)), cards.itertuples(), strict=True):
        with col.container(border=True):
            st.markdown(f"**{c.pillar_name}**  \n{RAG_BADGE[c.rag]}")
            share = "–" if pd.isna(c.share) else f"{round(100 * c.share)} %"
            st.metric("Indikator sesuai target", share, border=False)
            st.caption(f"{c.hijau} hijau · {c.kuning} kuning · {c.merah} merah dari {c.judged} indikator dinilai")


def overdue_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Kode": frame["code"], "Pilar": frame["pillar_name"], "Kegiatan": frame["activity"],
        "Tenggat": frame["due"].map(format_day), "Penanggung jawab": frame["lead_agency"],
        "Status": frame["status"].map(RAN_STATUS), "Kemajuan": frame["progress"],
    })


CHANGE_LABEL = {"baru": "Baru", "berubah": "Berubah", "sama": "Tidak berubah"}


def preview_table(changes: list[dict], ref, k: int) -> pd.DataFrame:
    """The load preview as shown; counts of people from sensitive indicators go through suppression."""
    from gugus import suppression
    from gugus.i18n import fmt_number

    def shown(code: str, value: float | None) -> str:
        if ref.indicators[code]["sensitive"]:
            return suppression.label(value, k)
        return "–" if value is None else fmt_number(value, decimals=2)

    return pd.DataFrame({
        "Indikator": [c["indicator"] for c in changes], "Wilayah": [c["area"] for c in changes],
        "Nilai sekarang": [shown(c["indicator"], c["current"]) for c in changes],
        "Nilai baru": [shown(c["indicator"], c["new"]) for c in changes],
        "Perubahan": [CHANGE_LABEL[c["change"]] for c in changes],
    })
