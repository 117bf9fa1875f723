"""Indikator: per pillar, each indicator's week against its target, trend and year to date; one indicator's detail."""

import streamlit as st

from gugus import charts, indicators
from ui import data, session, show
from ui.week import chosen

user = session.require("indikator")
week = chosen()
st.title("Indikator")

pillars = dict(data.query("pillars"))
slugs = list(pillars)
pillar = st.selectbox("Pilar", slugs, index=slugs.index(user.pillar) if user.pillar in slugs else 0,
                      format_func=pillars.get, key="indikator_pilar")
frame = data.query("indicator_table", week, pillar)
if frame["value"].isna().all():
    show.empty(f"Pilar {pillars[pillar]} belum mengirim nilai untuk {week.label()}. "
               "Pilih minggu lain di samping, atau lihat halaman Kelengkapan & Riwayat.")
show.sentence(f"{len(frame)} indikator, pilar {pillars[pillar]}, minggu {week.week} ({week.label().split('(')[1][:-1]})")
view = indicators.table_view(frame, user.k)
st.dataframe(indicators.styled(view), hide_index=True, width="stretch", column_config={
    "Tren": st.column_config.LineChartColumn("Tren 12 minggu", width="small"),
    "Indikator": st.column_config.TextColumn(width="large"),
})
st.download_button("Unduh tabel (CSV)", view.drop(columns=["Tren"]).to_csv(index=False, sep=";").encode("utf-8-sig"),
                   file_name=f"indikator-{pillar}-{week}.csv", mime="text/csv", icon=":material/download:")

st.divider()
st.subheader("Rincian indikator")
codes = list(frame["code"])
names = dict(zip(frame["code"], frame["name"], strict=True))
code = st.selectbox("Indikator", codes, format_func=lambda c: f"{c} — {names[c]}", key="indikator_kode")
row = frame.set_index("code").loc[code]
sensitive = bool(row["sensitive"])
if sensitive:
    st.caption(f"Angka orang/kasus di bawah {user.k} ditampilkan sebagai “<{user.k}” untuk melindungi korban.")
series = indicators.series_view(data.query("indicator_series", code, week), sensitive, user.k)
left, right = st.columns(2)
left.plotly_chart(charts.weekly_series(series, code, row["unit"]), width="stretch")
if row["direction"] == "up" and row["kind"] == "count":
    right.plotly_chart(charts.cumulative(series, code, row["unit"]), width="stretch")
else:
    right.info("Indikator ini berupa tingkat (persentase atau rata-rata), jadi tidak dijumlahkan sepanjang tahun; "
               f"nilai sejak awal tahun: {view.set_index('Kode').loc[code, 'Sejak awal tahun']}.")

areas = data.query("indicator_by_area", code, week)
if areas.empty:
    show.empty("Belum ada nilai per wilayah untuk indikator ini pada tahun berjalan.")
else:
    shown, plot = indicators.area_view(areas, row["kind"], sensitive, user.k)
    st.markdown(f"**Per wilayah ({'kecamatan' if (areas['level'] == 'kecamatan').any() else 'kabupaten/kota'}), "
                f"{week.label()} dan sejak awal tahun**")
    a, b = st.columns([2, 3])
    a.dataframe(shown, hide_index=True, width="stretch")
    b.plotly_chart(charts.area_bars(plot, code, "Sejak awal tahun"), width="stretch")
