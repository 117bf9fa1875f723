"""Unggah Data: templates, upload, the validation report (also as the officer's own annotated
workbook), a preview of what changes, then load (the journey itself is ui.upload)."""

import streamlit as st

from ui import data, session, upload
from ui.week import chosen

user = session.require("unggah")
week = chosen()
st.title("Unggah Data")
pillars = dict(data.query("pillars"))
if user.role == "pilar":
    pillar = user.pillar
    st.markdown(f"Pilar **{pillars[pillar]}** — Anda hanya dapat mengunggah buku kerja pilar ini.")
else:
    pillar = st.selectbox("Pilar", list(pillars), format_func=pillars.get, key="unggah_pilar")
if not user.may("upload", pillar):
    st.error("Anda tidak berhak mengunggah untuk pilar ini.")
    st.stop()

st.subheader(f"1. Unduh templat {week.label()}")
upload.templates(pillar, week)
st.subheader("2. Unggah buku kerja")
upload.flow(user, week, pillar)
