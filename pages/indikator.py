"""Indikator: per pillar, each indicator's week against its target, trend and year to date; one indicator's detail."""

import streamlit as st

from gugus import indicators
from ui import data, session, show
from ui.week import chosen

user = session.require("indikator")
week = chosen()
st.title("Indikator")

pillars = dict(data.query("pillars"))
slugs = list(pillars)
pillar = st.selectbox("Pilar", slugs, index=slugs.index(user.pillar) if user.pillar in slugs else 0,
                      format_func=pillars.get, key="indikator_pilar")
result = data.query("indicator_table_page", week, pillar, user.k)
frame, view = result.frame, result.view
if frame["value"].isna().all():
    show.empty(f"Pilar {pillars[pillar]} belum mengirim nilai untuk {week.label()}. "
               "Pilih minggu lain di samping, atau lihat halaman Kelengkapan & Riwayat.")
show.sentence(f"{len(frame)} indikator, pilar {pillars[pillar]}, minggu {week.week} ({week.label().split('(')[1][:-1]})")
st.dataframe(indicators.styled(view), hide_index=True, width="stretch", column_config={
    "Tren": st.column_config.LineChartColumn("Tren 12 minggu", width="small"),
    "Indikator": st.column_config.TextColumn(width="large"),
})
data.download("Unduh tabel (CSV)", result.csv, file_name=f"indikator-{pillar}-{week}.csv", mime="text/csv",
                   icon=":material/download:")

st.divider()
st.subheader("Rincian indikator")
names = dict(zip(frame["code"], frame["name"], strict=True))
code = st.selectbox("Indikator", list(names), format_func=lambda c: f"{c} — {names[c]}", key="indikator_kode")
detail = data.query("indicator_detail_page", code, week, user.k)
if detail.sensitive:
    st.caption(f"Angka orang/kasus di bawah {user.k} ditampilkan sebagai “<{user.k}” untuk melindungi korban.")
left, right = st.columns(2)
left.plotly_chart(detail.series_figure, width="stretch")
if detail.cumulative_figure is not None:
    right.plotly_chart(detail.cumulative_figure, width="stretch")
else:
    right.info("Indikator ini berupa tingkat (persentase atau rata-rata), jadi tidak dijumlahkan sepanjang tahun; "
               f"nilai sejak awal tahun: {view.set_index('Kode').loc[code, 'Sejak awal tahun']}.")
if detail.area_figure is None:
    show.empty("Belum ada nilai per wilayah untuk indikator ini pada tahun berjalan.")
else:
    st.markdown(f"**Per wilayah ({'kecamatan' if detail.area_level == 'kecamatan' else 'kabupaten/kota'}), "
                f"{week.label()} dan sejak awal tahun**")
    a, b = st.columns([2, 3])
    a.dataframe(detail.areas, hide_index=True, width="stretch")
    b.plotly_chart(detail.area_figure, width="stretch")
