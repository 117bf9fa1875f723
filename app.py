"""Gugus Tugas TPPO Kota Singkawang — entry point: page config, first start, login gate, navigation.

The navigation lists only the pages the logged-in role may open; each page re-checks the role.
"""

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from gugus import auth
from ui import data, session, show
from ui.week import week_picker

st.set_page_config(page_title="Gugus Tugas TPPO Singkawang", page_icon="🛡️", layout="wide")

data.ensure_demo_database()
demo = data.query("is_demo")
if demo:
    st.warning("**DATA SIMULASI** — basis data demo dengan data sintetis, bukan data sebenarnya.", icon=":material/warning:")

user = session.current_user()
if user is None:
    st.navigation([st.Page(session.login_form, title="Masuk", icon=":material/login:")], position="hidden").run()
    st.stop()
if user.must_change:
    st.navigation([st.Page(lambda: session.change_password_form(user), title="Ganti kata sandi", icon=":material/key:")],
                  position="hidden").run()
    st.stop()

PAGES = {
    "ringkasan": st.Page("pages/ringkasan.py", title="Ringkasan", icon=":material/dashboard:", url_path="ringkasan"),
    "indikator": st.Page("pages/indikator.py", title="Indikator", icon=":material/monitoring:", url_path="indikator"),
    "peta": st.Page("pages/peta.py", title="Peta Kasus", icon=":material/map:", url_path="peta"),
    "aksi_ran": st.Page("pages/aksi_ran.py", title="Aksi RAN", icon=":material/checklist:", url_path="aksi-ran"),
    "kelengkapan": st.Page("pages/kelengkapan.py", title="Kelengkapan & Riwayat", icon=":material/event_available:",
                           url_path="kelengkapan"),
    "unggah": st.Page("pages/unggah.py", title="Unggah Data", icon=":material/upload_file:", url_path="unggah"),
    "audit": st.Page("pages/audit.py", title="Jejak Audit", icon=":material/history:", url_path="audit"),
    "pengguna": st.Page("pages/pengguna.py", title="Pengguna", icon=":material/group:", url_path="pengguna"),
}
GROUPS = {"Tinjauan mingguan": ["ringkasan", "indikator", "peta", "aksi_ran"], "Data masuk": ["unggah", "kelengkapan"],
          "Pengelolaan": ["audit", "pengguna"]}
allowed = {group: [p for p in slugs if user.may_open(p)] for group, slugs in GROUPS.items()}


# The address "/" opens the role's first page. Every real page keeps its own address (Streamlit serves its
# default page only at "/", so no real page is the default: "/ringkasan" must work for the chair too). The
# menu is drawn below with page links: the landing page must be routable but never listed.
landing = st.Page(lambda: None, title="Beranda", default=True)
page = st.navigation([landing, *[PAGES[p] for slugs in allowed.values() for p in slugs]], position="hidden")
if page.url_path == landing.url_path:
    st.switch_page(PAGES[auth.LANDING[user.role]], query_params=st.query_params.to_dict())

with st.sidebar:
    for group, slugs in allowed.items():
        if slugs:
            st.caption(group)
            for slug in slugs:
                st.page_link(PAGES[slug])
    st.divider()
    st.markdown(f"**{user.name}** · {auth.ROLES[user.role]}" + (f" ({user.pillar})" if user.pillar else ""))
    if st.button("Keluar", icon=":material/logout:"):
        session.logout()
week_picker()
try:
    page.run()
except Exception as exc:  # noqa: BLE001 - Streamlit's own stop/rerun signals pass through
    if isinstance(exc, ScriptControlException):
        raise
    show.problem(exc)
