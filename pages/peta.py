"""Peta Kasus: where victims come from, which routes and crossings are used, where they are taken;
and Mode Rapat, the full-screen view for meetings."""

import streamlit as st

from gugus import mapfigure, suppression
from gugus.maps import PERIODS, VIEWS, period_start
from ui import data, session, show
from ui.week import chosen

user = session.require("peta")
week = chosen()
choices = data.query("map_filters")
meeting = st.session_state.get("mode_rapat", False)

if meeting:
    # Nothing to edit on the projector: the sidebar (menu and week picker) goes away until the mode ends.
    st.html("<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'] {display: none;}</style>")
    if st.button("Keluar dari Mode Rapat", icon=":material/close_fullscreen:"):
        st.session_state["mode_rapat"] = False
        st.rerun()
else:
    st.title("Peta Kasus")
    a, b, c = st.columns([2, 3, 3])
    a.selectbox("Periode laporan", list(PERIODS), index=0, format_func=PERIODS.get, key="peta_periode")
    b.multiselect("Modus", list(choices["modus"]), format_func=choices["modus"].get, key="peta_modus",
                  placeholder="Semua modus")
    c.multiselect("Tahap proses (terakhir)", list(choices["tahap"]), format_func=choices["tahap"].get, key="peta_tahap",
                  placeholder="Semua tahap")
    d, e, f = st.columns([4, 2, 2])
    d.segmented_control("Tampilan", list(VIEWS), default="Seluruh", key="peta_tampilan", required=True)
    e.toggle("Tanpa peta dasar", key="peta_polos", help="Latar polos: untuk ruang rapat tanpa internet.")
    if f.button("Mode Rapat", icon=":material/fullscreen:", type="primary", width="stretch"):
        st.session_state["mode_rapat"] = True
        st.rerun()

weeks = st.session_state.get("peta_periode", 0)
view = st.session_state.get("peta_tampilan") or "Seluruh"
plain = st.session_state.get("peta_polos", False)
k = user.k_for(meeting=meeting)  # a meeting screen is seen by more people: the stricter k
result = data.query("map_page", period_start(week, weeks), week, k, tuple(st.session_state.get("peta_modus", [])),
                    tuple(st.session_state.get("peta_tahap", [])), view, plain, meeting)
figures = result.data
show.sentence(f"{figures.total_cases} kasus dilaporkan, {figures.total_victims} korban; {PERIODS[weeks].lower()}: {figures.period}")
left, right = st.columns([3, 1] if meeting else [2, 1])
left.plotly_chart(result.figure, width="stretch", config={"displaylogo": False, "scrollZoom": True})
with right:
    st.metric("Kasus dilaporkan", figures.total_cases, help="Kasus di lembar Kasus pilar Penegakan Hukum dengan tanggal "
              "laporan dalam periode, menurut keadaan terakhirnya")
    st.metric("Korban dalam kasus itu", figures.total_victims)
    if figures.countries.empty:
        st.caption(f"Negara tujuan: tidak ada angka yang bisa ditampilkan untuk periode dan saringan ini "
                   f"(belum ada kasus, atau semuanya {suppression.PROTECTED}).")
    else:
        st.plotly_chart(result.countries, width="stretch")
    if figures.country_pool:
        st.caption(f"Negara tujuan lain (digabung): {figures.country_pool}")
    if figures.route_pool:
        st.caption(f"Rute dengan angka kecil digabung — {figures.route_pool}")
    if not figures.outside.empty:
        st.markdown("**Asal di luar Singkawang/Sambas**")
        st.dataframe(figures.outside.rename(columns={"name": "Asal", "cases": "Kasus"}), hide_index=True)
st.caption(suppression.notice(k) + " Kecamatan, rute dan negara yang dilindungi digabung per kelompok. Titik bertanda "
           "(perkiraan) tidak pasti; zona jalur tidak resmi hanya perkiraan wilayah, bukan jalur.")
if not meeting:
    if figures.sankey.empty:
        show.empty(f"Alur asal → titik lintas → tujuan tidak digambar: tidak ada alur yang bisa ditampilkan untuk periode dan "
                   f"saringan ini (belum ada kasus, atau semuanya {suppression.PROTECTED}). Pilih periode yang lebih panjang.")
    else:
        st.plotly_chart(result.sankey, width="stretch")
    if figures.pooled_links:
        st.caption(f"{figures.pooled_links} alur digabung sebagai “Asal lain (digabung)”.")
    a, b, c = st.columns(3)
    data.download("Peta interaktif (HTML, bisa luring)", container=a, content=lambda: mapfigure.standalone_html(result.figure),
                      file_name=f"peta-kasus-{week}.html", mime="text/html", icon=":material/download:", width="stretch")
    data.download("Peta cetak (PNG)", container=b, content=lambda: mapfigure.static_image(figures, "png"), file_name=f"peta-kasus-{week}.png",
                      mime="image/png", icon=":material/image:", width="stretch")
    data.download("Peta cetak (PDF)", container=c, content=lambda: mapfigure.static_image(figures, "pdf"), file_name=f"peta-kasus-{week}.pdf",
                      mime="application/pdf", icon=":material/picture_as_pdf:", width="stretch")
