"""Indikator: per pillar, each indicator's status and what it was judged on, the week, the trend and
the year to date; one indicator's detail."""

import streamlit as st

from gugus import indicators, suppression
from gugus.views import indikator, ringkasan
from ui import data, session, show, widgets
from ui.week import chosen

user = session.require("indikator")
week = chosen()
st.title("Indikator")

pillars = dict(data.query("pillars"))
slugs = list(pillars)
pillar = st.selectbox("Pilar", slugs, index=slugs.index(user.pillar) if user.pillar in slugs else 0, format_func=pillars.get, key="indikator_pilar")
result = data.query("indicator_table_page", week, pillar, user.k)
frame, view, counts = result.frame, result.view, result.counts
if frame["value"].isna().all():
    show.empty(
        f"Pilar {pillars[pillar]} belum mengirim nilai untuk {week.label()}. Pilih minggu lain di samping, atau lihat halaman Kelengkapan & Riwayat."
    )
show.sentence(f"{len(frame)} indikator, pilar {pillars[pillar]}, {week.label()}")
st.markdown(
    f"Status pilar: {widgets.status_badge(result.badge)} — {widgets.counts(counts['hijau'], counts['kuning'], counts['merah'])} "
    f"dari {counts['hijau'] + counts['kuning'] + counts['merah']} indikator dinilai"
    + ringkasan.unjudged_text(counts["pantau"], counts["kosong"], counts["dilindungi"])
)
with st.expander("Cara membaca status"):
    st.markdown(indicators.legend())
st.table(indikator.styled(view, frame["status"]), hide_index=True)
st.caption(suppression.notice(user.k))
data.download("Unduh tabel (CSV)", result.csv, file_name=f"indikator-{pillar}-{week}.csv", mime="text/csv", icon=":material/download:")

st.divider()
st.subheader("Rincian indikator")
names = dict(zip(frame["code"], frame["name"], strict=True))
code = st.selectbox("Indikator", list(names), format_func=lambda c: f"{c} — {names[c]}", key="indikator_kode")
detail = data.query("indicator_detail_page", code, week, user.k)
row = frame.set_index("code").loc[code]
st.markdown(f"{widgets.status_badge(row['status'])} {view.set_index('Kode').loc[code, 'Dasar penilaian']}")
st.caption(detail.explanation)
left, right = st.columns(2)
left.plotly_chart(detail.series_figure, width="stretch")
if detail.year_figure is not None:
    right.plotly_chart(detail.year_figure, width="stretch")
else:
    right.info(detail.year_note)
if detail.area_figure is None:
    show.empty("Belum ada nilai per wilayah untuk indikator ini pada tahun berjalan.")
else:
    st.markdown(f"**Per wilayah ({'kecamatan' if detail.area_level == 'kecamatan' else 'kabupaten/kota'}), {week.label()} dan sejak awal tahun**")
    a, b = st.columns([2, 3])
    a.dataframe(detail.areas, hide_index=True, width="stretch")
    b.plotly_chart(detail.area_figure, width="stretch")
