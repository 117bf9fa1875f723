"""Panduan: the guide of the logged-in role (the others one choice away), with screenshots of the app, and the
printable PDF of it or of every guide."""

import streamlit as st

from gugus import guides, labels
from ui import data, session

user = session.require("panduan")
st.title("Panduan")
role = st.segmented_control("Panduan untuk", guides.ORDER, default=user.role, format_func=labels.ROLES.get, key="panduan_peran", required=True)
guide = guides.guide(role or user.role)
a, b = st.columns(2)
data.download(
    "Unduh panduan ini (PDF)",
    lambda: guides.pdf([guide.role]),
    file_name=f"panduan-{guide.role}.pdf",
    mime="application/pdf",
    container=a,
    icon=":material/picture_as_pdf:",
    width="stretch",
)
data.download(
    "Unduh semua panduan (PDF, untuk dicetak)",
    lambda: guides.pdf(),
    file_name="panduan-gugus-tugas-tppo.pdf",
    mime="application/pdf",
    container=b,
    icon=":material/print:",
    width="stretch",
)
st.header(guide.title)
for block in guide.blocks:
    if block.kind == "h2":
        st.subheader(block.text)
    elif block.kind == "p":
        st.markdown(block.text)
    elif block.kind == "ol":
        st.markdown("\n".join(f"{n}. {item}" for n, item in enumerate(block.items, 1)))
    elif block.kind == "ul":
        st.markdown("\n".join(f"- {item}" for item in block.items))
    elif (guides.PICTURES / f"{block.name}.png").exists():
        st.image(str(guides.PICTURES / f"{block.name}.png"), caption=block.text)
    else:
        st.caption(f"Gambar belum dibuat: {block.text}")
