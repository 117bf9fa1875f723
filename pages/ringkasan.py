"""Ringkasan: the chair's weekly review."""

import pandas as pd
import streamlit as st

from gugus import indicators, summary, suppression
from gugus.completeness import STATE_LABEL
from ui import data, session, show, widgets
from ui.week import chosen

user = session.require("ringkasan")
week = chosen()
st.title("Ringkasan mingguan")
result = data.query("week_summary", week)
if not result.has_data:
    show.empty(f"Belum ada nilai indikator untuk {week.label()}. Pilih minggu lain di samping, atau minta pilar "
               "mengunggah buku kerja minggu ini.")
    st.stop()
show.sentence(f"5 pilar, {week.label()}")

st.subheader("Capaian indikator per pilar")
widgets.scorecards(result.scorecards)

st.subheader("Angka utama")
cols = st.columns(len(result.headlines))
for col, h in zip(cols, result.headlines.itertuples(), strict=True):
    shown = suppression.label(h.value, user.k) if h.sensitive else indicators._number(h.value, "count", False, user.k)
    change = summary.change_text(h.value, h.previous, bool(h.sensitive), user.k)
    col.metric(h.name, f"{shown} {h.unit}", change, delta_color="off", help=h.name,
               delta_arrow="off" if change == summary.UNCHANGED else "auto")

left, right = st.columns(2)
with left:
    st.subheader("Pelaporan minggu ini")
    rep = result.reporting
    missing = rep[rep["state"].isin(["belum", "terlambat"])]
    if missing.empty:
        st.success("Semua pilar melapor tepat waktu.")
    else:
        st.dataframe(pd.DataFrame({"Pilar": missing["pillar_name"], "Keadaan": missing["state"].map(STATE_LABEL),
                                   "Jam terlambat": missing["hours_late"].astype("Int64")}), hide_index=True)
    st.subheader("Indikator yang menjadi merah")
    if result.turned_red.empty:
        st.success("Tidak ada indikator yang berubah menjadi merah minggu ini.")
    else:
        st.dataframe(result.turned_red.rename(columns={"code": "Kode", "name": "Indikator", "pillar_name": "Pilar"}),
                     hide_index=True)
with right:
    st.subheader("Aksi RAN lewat tenggat")
    if result.overdue.empty:
        st.success("Tidak ada aksi RAN yang lewat tenggat.")
    else:
        st.dataframe(widgets.overdue_table(result.overdue), hide_index=True,
                     column_config={"Kemajuan": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d%%")})

st.subheader("Salin ringkasan")
st.caption("Teks singkat untuk ditempel ke grup WhatsApp. Tekan ikon salin di pojok kanan atas kotak.")
st.code(summary.whatsapp_text(result, user.k), language=None, wrap_lines=True)
