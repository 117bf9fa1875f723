"""Gugus Tugas TPPO Kota Singkawang — entry point: page config, first start, login gate, navigation.

The menu lists only the pages the logged-in role may open; the address of any other page answers with a refusal,
and each page re-checks the role itself.
"""

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from gugus import auth, labels
from ui import data, firstrun, session, show
from ui.menu import menu
from ui.week import week_picker

st.set_page_config(page_title="Gugus Tugas TPPO Singkawang", page_icon="🛡️", layout="wide")
show.style()

st.session_state[session.SHELL] = True
try:
    if not data.database_ready():  # the first start: the real database or the demo, chosen once
        st.navigation([st.Page(firstrun.screen, title="Mulai", icon=":material/rocket_launch:", default=True)], position="hidden").run()
        st.stop()
    demo = data.query("is_demo")
    user = session.current_user()
except Exception as exc:  # e.g. a long load holding the database: a message, never a traceback
    if isinstance(exc, ScriptControlException):
        raise
    show.problem(exc)
    st.stop()
if demo:
    show.simulation_banner()

ICONS = {
    "laporan": ":material/assignment:",
    "ringkasan": ":material/dashboard:",
    "indikator": ":material/monitoring:",
    "peta": ":material/map:",
    "aksi_ran": ":material/checklist:",
    "alur": ":material/route:",
    "rantai": ":material/link:",
    "kelengkapan": ":material/event_available:",
    "unggah": ":material/upload_file:",
    "audit": ":material/history:",
    "pengguna": ":material/group:",
    "pengaturan": ":material/settings:",
    "panduan": ":material/menu_book:",
}
SPECS = {slug: (labels.PAGES[slug], ICONS[slug], slug.replace("_", "-")) for slug in ICONS}  # slug: (title, icon, address)


def _gate(screen, title: str, icon: str) -> None:
    """Show ``screen`` at every page address (so a link opened before logging in, or with a temporary password,
    asks for that first and then opens the page it named), then stop."""
    here = [st.Page(screen, title=title, icon=icon, default=True, url_path="masuk")]
    here += [st.Page(screen, title=title, icon=icon, url_path=url) for _, _, url in SPECS.values()]
    st.navigation(here, position="hidden").run()
    st.stop()


if user is None:
    _gate(session.login_form, "Masuk", ":material/login:")
if user.must_change:
    _gate(lambda: session.change_password_form(user), "Ganti kata sandi", ":material/key:")

PAGES = {slug: st.Page(f"pages/{slug}.py", title=title, icon=icon, url_path=url) for slug, (title, icon, url) in SPECS.items()}
# Addresses of pages this role may not open answer with the refusal in Bahasa Indonesia (never the page itself).
REFUSED = [
    st.Page(lambda slug=slug: session.require(slug), title=title, icon=icon, url_path=url)
    for slug, (title, icon, url) in SPECS.items()
    if not user.may_open(slug)
]
GROUPS = {
    "Pilar saya": ["laporan"],
    "Tinjauan mingguan": ["ringkasan", "indikator", "peta", "aksi_ran", "alur", "rantai"],
    "Data masuk": ["unggah", "kelengkapan"],
    "Pengelolaan": ["pengaturan", "audit", "pengguna"],
    "Bantuan": ["panduan"],
}
allowed = {group: [p for p in slugs if user.may_open(p)] for group, slugs in GROUPS.items()}

# The address "/" shows the role's first page. Streamlit serves its default page only at "/", so the default is a
# second entry for that page's script (reserving the unused address "/beranda"), and every real page keeps its own
# address: "/ringkasan" works for the chair too. The menu is drawn below with page links, without the extra entry.
first = auth.LANDING[user.role]
title, icon, _ = SPECS[first]
landing = st.Page(f"pages/{first}.py", title=title, icon=icon, url_path="beranda", default=True)
page = st.navigation([landing, *[PAGES[p] for slugs in allowed.values() for p in slugs], *REFUSED], position="hidden")

menu({group: [PAGES[p] for p in slugs] for group, slugs in allowed.items()}, page)
with st.sidebar:
    st.divider()
    pillar_names = dict(data.query("pillars"))
    st.markdown(f"**{user.name}** · {auth.ROLES[user.role]}" + (f" ({pillar_names.get(user.pillar, user.pillar)})" if user.pillar else ""))
    # Which database this is, on every page: the demo's banner says it too, a real one says it here.
    st.caption(":material/science: Basis data DEMO (DATA SIMULASI)" if demo else ":material/verified: Basis data resmi")
    if st.button("Keluar", icon=":material/logout:"):
        session.logout()
week = week_picker()
# The week is on every page, above its title: on a phone the picker is folded away in the menu.
with st.container(key="minggu_laporan"):  # Mode Rapat hides it with the menu it points to
    st.caption(f":material/calendar_month: Minggu laporan: **{week.label()}** · ganti di menu")
try:
    page.run()
except Exception as exc:  # Streamlit's own stop/rerun signals pass through
    if isinstance(exc, ScriptControlException):
        raise
    show.problem(exc)
