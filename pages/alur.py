"""Alur Penanganan Korban: how the victims of the period's cases moved from rescue to reintegration across the
pillars, where they wait too long, and where the pillars' records disagree."""

import streamlit as st

from gugus import suppression
from gugus.mapdata import DEFAULT_PERIOD, PERIODS, period_phrase
from gugus.views import alur
from ui import data, session, show
from ui.week import chosen

user = session.require("alur")
week = chosen()
st.title("Alur Penanganan Korban")
weeks = st.selectbox(
    "Kasus yang dilaporkan", list(PERIODS), index=list(PERIODS).index(DEFAULT_PERIOD["alur"]), format_func=period_phrase, key="alur_periode"
)
result = data.query("alur_page", week, weeks, user.k, user.role, user.pillar)
if result.has_cases:
    show.sentence(alur.sentence(result, weeks))
    left, right = st.columns(2)
    left.plotly_chart(result.funnel_figure, config={"displayModeBar": False})
    right.plotly_chart(result.durations_figure, config={"displayModeBar": False})
    st.table(result.durations)
    st.caption(result.standards_note)
else:
    show.empty(f"Belum ada kasus yang dilaporkan {period_phrase(weeks)} sampai {week.label()}. Pilih periode yang lebih panjang.")
for note in result.notes:
    st.info(note)

st.subheader("Korban menunggu tahap berikutnya melebihi standar")
st.caption(f"Keadaan pada akhir {week.label()}, untuk kasus 26 minggu terakhir (tidak bergantung pada periode di atas).")
if result.actions:
    st.markdown("\n".join(f"- {line}" for line in result.actions))
else:
    st.success("Tidak ada korban yang menunggu tahap berikutnya melebihi standar.")
if result.trend_figure is not None:
    st.plotly_chart(result.trend_figure, config={"displayModeBar": False})
    st.caption(result.chart_note)
if result.dropouts is not None and not result.dropouts.empty:
    with st.expander(f"Kasus di balik daftar ini ({'semua pilar' if user.role == 'ketua' else 'pilar Anda'})"):
        st.table(result.dropouts.set_index("Kode kasus"))

if result.reconciliation is not None:
    st.subheader("Data antarpilar yang tidak cocok")
    if result.reconciliation.empty:
        st.success(result.reconciled_text)
    else:
        st.caption("Buka baris buku kerja yang disebut, samakan isinya dengan pilar terkait, lalu unggah ulang buku kerja yang diperbaiki.")
        st.table(result.reconciliation.set_index("Kode kasus"))

if result.cases is not None and result.has_cases:
    st.subheader("Alur per kasus")
    st.caption("Kode kasus saja, tanpa identitas dan tanpa jumlah korban per kasus.")
    st.dataframe(result.cases, hide_index=True, height=420)
    data.download(
        "Unduh alur per kasus (CSV)",
        result.csv,
        file_name=f"alur-korban-{week}-{f'{weeks}-minggu' if weeks else 'sejak-awal-tahun'}.csv",
        mime="text/csv",
        icon=":material/download:",
    )
st.caption(suppression.notice(user.k))
