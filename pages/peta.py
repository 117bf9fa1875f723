"""Peta Kasus: where victims come from, which routes and crossings are used, where they are taken;
and Mode Rapat, the full-screen view for meetings. The map is drawn from shipped geography and
needs no internet (see gugus/cartography.py)."""

import streamlit as st

from gugus import mapfigure, printmap, suppression
from gugus.cartography import VIEWS
from gugus.mapdata import DEFAULT_PERIOD, PERIODS, period_start
from gugus.views import peta
from ui import data, session, show
from ui.week import chosen

user = session.require("peta")
week = chosen()
choices = data.query("map_filters")
meeting = st.session_state.get("mode_rapat", False)
FILTERS = ("peta_periode", "peta_modus", "peta_tahap", "peta_tampilan")
for key in FILTERS:  # Streamlit forgets a widget's value in a run that does not draw it: Mode Rapat keeps the choices
    if key in st.session_state:
        st.session_state[key] = st.session_state[key]

if meeting:
    # Nothing to edit on the projector: the sidebar (menu and week picker) goes away until the mode ends;
    # key figures are set large for the back of the room.
    st.html(
        "<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], .st-key-minggu_laporan {display: none;}"
        "[data-testid='stMetricValue'] {font-size: 3rem;} [data-testid='stMetricLabel'] p {font-size: 1.2rem;}"
        "[data-testid='stCaptionContainer'] {font-size: 1.05rem;}</style>"
    )
    a, b = st.columns([1, 4], vertical_alignment="center")
    if a.button("Keluar dari Mode Rapat", icon=":material/close_fullscreen:"):
        st.session_state["mode_rapat"] = False
        st.rerun()
    b.segmented_control("Tampilan", list(VIEWS), default="Seluruh", key="peta_tampilan", required=True, label_visibility="collapsed")
else:
    st.title("Peta Kasus")
    a, b, c = st.columns([2, 3, 3])
    a.selectbox("Periode laporan", list(PERIODS), index=list(PERIODS).index(DEFAULT_PERIOD["peta"]), format_func=PERIODS.get, key="peta_periode")
    b.multiselect("Modus", list(choices["modus"]), format_func=choices["modus"].get, key="peta_modus", placeholder="Semua modus")
    c.multiselect("Tahap proses (terakhir)", list(choices["tahap"]), format_func=choices["tahap"].get, key="peta_tahap", placeholder="Semua tahap")
    d, f = st.columns([6, 2])
    d.segmented_control("Tampilan", list(VIEWS), default="Seluruh", key="peta_tampilan", required=True)
    if f.button("Mode Rapat", icon=":material/fullscreen:", type="primary", width="stretch"):
        st.session_state["mode_rapat"] = True
        st.rerun()

weeks = st.session_state.get("peta_periode", DEFAULT_PERIOD["peta"])
view = st.session_state.get("peta_tampilan") or "Seluruh"
k = user.k_for(meeting=meeting)  # a meeting screen is seen by more people: the stricter k
result = data.query(
    "map_page",
    period_start(week, weeks),
    week,
    k,
    tuple(st.session_state.get("peta_modus", [])),
    tuple(st.session_state.get("peta_tahap", [])),
    view,
    meeting,
    show.on_phone() and not meeting,
)
figures = result.data
if figures.simulated and not data.query("is_demo"):  # a demo database says so on every page already
    st.warning(mapfigure.SIMULATED_NOTE, icon=":material/warning:")
chosen_filters = peta.filter_words(choices, st.session_state.get("peta_modus", []), st.session_state.get("peta_tahap", []))
show.sentence(peta.sentence(figures, PERIODS[weeks], chosen_filters))
if figures.total_cases == "0":
    show.empty(peta.no_cases_text(bool(chosen_filters)))
left, right = st.columns([3, 1])
left.plotly_chart(result.figure, width="stretch", config={"displaylogo": False, "scrollZoom": True})
with right:  # beside the map on a screen, below it on a phone: never over the data
    if meeting:
        st.metric("Kasus dilaporkan", figures.total_cases)
        st.metric("Korban dalam kasus itu", figures.total_victims)
    with st.expander("Legenda peta", expanded=True, icon=":material/map:"):
        st.html(mapfigure.legend_html(result.drawing.legend, meeting))
st.caption(
    suppression.notice(k) + " Kecamatan, rute dan negara yang dilindungi digabung per kelompok. " + mapfigure.APPROXIMATE_NOTE + " " + figures.credit
)
one, two = st.columns([1, 2]) if not meeting else st.columns([1, 1])
with one:
    if not meeting:
        st.metric(
            "Kasus dilaporkan",
            figures.total_cases,
            help="Kasus di lembar Kasus pilar Penegakan Hukum dengan tanggal laporan dalam periode, menurut keadaan terakhirnya",
        )
        st.metric("Korban dalam kasus itu", figures.total_victims)
    if not figures.outside.empty:
        st.markdown("**Asal di luar Singkawang/Sambas**")
        st.dataframe(peta.outside_table(figures), hide_index=True)
with two:
    if figures.countries.empty:
        st.caption(
            f"Negara tujuan: tidak ada angka yang bisa ditampilkan untuk periode dan saringan ini "
            f"(belum ada kasus, atau semuanya {suppression.PROTECTED})."
        )
    else:
        st.plotly_chart(result.countries, width="stretch")
    if figures.country_pool:
        st.caption(f"Negara tujuan lain (digabung): {figures.country_pool}")
if not meeting:
    if figures.sankey.empty:
        show.empty(peta.no_flows_text(bool(chosen_filters)))
    else:
        st.plotly_chart(result.sankey, width="stretch")
    if figures.pooled_links:
        st.caption(f"{figures.pooled_links} alur digabung sebagai “Asal lain (digabung)”.")
    a, b, c = st.columns(3)  # a download does not rerun the page, so the next button can be clicked at once
    name = f"peta-kasus-{view.lower()}-{week}"
    data.download(
        "Peta interaktif (HTML, bisa luring)",
        container=a,
        file_name=f"{name}.html",
        mime="text/html",
        content=lambda: mapfigure.standalone_html(figures, result.drawing, result.figure, PERIODS[weeks]),
        icon=":material/download:",
        width="stretch",
        on_click="ignore",
    )
    data.download(
        "Peta cetak A4 (PNG)",
        container=b,
        content=lambda: printmap.print_map(figures, view, PERIODS[weeks], "png"),
        file_name=f"{name}.png",
        mime="image/png",
        icon=":material/image:",
        width="stretch",
        on_click="ignore",
    )
    data.download(
        "Peta cetak A4 (PDF)",
        container=c,
        content=lambda: printmap.print_map(figures, view, PERIODS[weeks], "pdf"),
        file_name=f"{name}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        width="stretch",
        on_click="ignore",
    )
