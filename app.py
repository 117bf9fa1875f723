"""Gugus Tugas TPPO Kota Singkawang — entry point.

Until the dashboard issue lands this is one page: what is loaded, per pillar. On first start it
builds the demo database.
"""

import pandas as pd
import streamlit as st

from ui.data import ensure_demo_database, load_status

st.set_page_config(page_title="Gugus Tugas TPPO Singkawang", page_icon="🛡️", layout="wide")
st.title("Gugus Tugas TPPO Kota Singkawang")
st.caption("Dasbor koordinasi lima pilar pencegahan dan penanganan tindak pidana perdagangan orang")

ensure_demo_database()
info = load_status()
if info["demo"]:
    st.warning("**DATA SIMULASI** — basis data demo, bukan data sebenarnya.", icon="⚠️")

table = pd.DataFrame(info["pillars"]).rename(columns={
    "name": "Pilar", "weeks": "Jumlah minggu", "first_week": "Minggu pertama", "last_week": "Minggu terakhir",
    "loaded": "Unggahan berlaku", "superseded": "Diganti", "withdrawn": "Ditarik"}).drop(columns=["pillar"])
if table["Jumlah minggu"].sum() == 0:
    st.info("Belum ada data yang dimuat. Muat buku kerja pilar dengan `uv run python -m etl load BERKAS`.")
else:
    st.subheader("Data yang sudah dimuat")
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(f"Versi data {info['data_version']}")
