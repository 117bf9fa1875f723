"""Rantai Layanan: where along the public-service chain the cases show the service misused or failed, the
agencies concerned, and the follow-up of each finding (recorded by the Kerja Sama pillar)."""

import streamlit as st

from gugus import suppression
from gugus.mapdata import DEFAULT_PERIOD, PERIODS, period_phrase
from gugus.views import rantai
from ui import data, session, show
from ui.week import chosen

user = session.require("rantai")
week = chosen()
st.title("Rantai Layanan Publik")
weeks = st.selectbox(
    "Kasus yang dilaporkan", list(PERIODS), index=list(PERIODS).index(DEFAULT_PERIOD["rantai"]), format_func=period_phrase, key="rantai_periode"
)
result = data.query("rantai_page", week, weeks, user.k, user.role)
if not result.has_cases:
    show.empty(
        f"Belum ada kasus yang menyebut titik layanan bermasalah {period_phrase(weeks)} sampai {week.label()}. "
        'Penegakan Hukum mengisinya di kolom "Titik layanan bermasalah" lembar Kasus (templat versi 2).'
    )
    st.stop()
show.sentence(rantai.sentence(result, weeks))
if result.figure is not None:
    st.plotly_chart(result.figure, config={"displayModeBar": False})
    st.caption(result.chart_note)
st.table(result.table)
st.caption(suppression.notice(user.k))

if result.followups is not None:
    st.subheader("Tindak lanjut temuan")
    if result.followups.empty:
        show.empty('Belum ada temuan yang dikirim. Pilar Kerja Sama mencatatnya di lembar "Tindak Lanjut Layanan".')
    else:
        st.dataframe(result.followups, hide_index=True)
        data.download(
            "Unduh tindak lanjut (CSV)", result.csv, file_name=f"tindak-lanjut-layanan-{week}.csv", mime="text/csv", icon=":material/download:"
        )
    st.subheader("Kasus yang belum ditindaklanjuti")
    st.caption(rantai.unanswered_note(result))
    if result.followups_since is not None and result.unanswered.empty:
        st.success("Setiap titik layanan yang disebut kasus periode ini sudah dikirimi temuan.")
    elif result.followups_since is not None:
        st.dataframe(result.unanswered, hide_index=True)
