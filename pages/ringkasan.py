"""Ringkasan: the chair's weekly review."""

import streamlit as st

from gugus import briefing, briefing_files, indicators
from gugus.views import alur, ringkasan
from ui import data, session, show, widgets
from ui.week import chosen

user = session.require("ringkasan")
week = chosen()
st.title("Ringkasan mingguan")
result = data.query("week_summary", week, user.k)
if not result.has_data:
    show.empty(f"Belum ada nilai indikator untuk {week.label()}. Pilih minggu lain di samping, atau minta pilar mengunggah buku kerja minggu ini.")
    st.stop()
show.sentence(f"5 pilar, {week.label()}")

st.subheader("Status pilar")
widgets.scorecards(result.scorecards)
with st.expander("Cara membaca status"):
    st.markdown(indicators.legend())

st.subheader("Angka utama minggu ini")
cols = st.columns(len(result.headlines))
for col, h in zip(cols, result.headlines.itertuples(), strict=True):
    change = ringkasan.change_text(h.value, h.previous, bool(h.sensitive), user.k)
    col.metric(
        h.short_name,
        ringkasan.headline_text(h, user.k),
        change,
        delta_color="off",
        help=h.name,
        delta_arrow="auto" if change and change.endswith("dari minggu lalu") else "off",
    )

st.subheader("Pelaporan minggu ini")
missing = ringkasan.reporting_table(result.reporting)
if missing.empty:
    st.success("Semua pilar melapor tepat waktu.")
else:
    sentence = ringkasan.reporting_sentence(result.reporting)
    st.markdown(sentence[0].upper() + sentence[1:])
    st.table(missing)

st.subheader("Indikator yang menjadi merah")
if result.turned_red.empty:
    st.success("Tidak ada indikator yang berubah menjadi merah minggu ini.")
else:
    st.table(ringkasan.turned_red_table(result.turned_red, week, user.k))

st.subheader("Aksi RAN lewat tenggat")
if result.overdue.empty:
    st.success("Tidak ada aksi RAN yang lewat tenggat.")
else:
    st.table(ringkasan.overdue_table(result.overdue))

st.subheader("Korban menunggu layanan")
actions = alur.dropout_lines(result.dropouts, user.k)
if not actions:
    st.success("Tidak ada korban yang menunggu tahap layanan berikutnya melebihi standar.")
else:
    st.markdown("\n".join(f"- {line}" for line in actions))
    st.caption("Kasus di balik tiap baris ada di halaman Alur Korban (untuk ketua dan pilar yang bertanggung jawab).")

st.subheader("Salin ringkasan")
st.caption("Teks singkat untuk ditempel ke grup WhatsApp. Tekan ikon salin di pojok kanan atas kotak.")
st.code(ringkasan.whatsapp_text(result, user.k), language=None, wrap_lines=True)

st.subheader("Unduh bahan rapat")
audiences = briefing.audiences_for(user.role)
audience = audiences[0]
if len(audiences) > 1:
    audience = st.radio("Untuk", audiences, format_func=briefing.AUDIENCES.get, horizontal=True, key="bahan_peserta")
else:
    st.markdown(f"Untuk: **{briefing.AUDIENCES[audience]}**")
st.caption(
    f"Satu PDF (A4) dan satu salindia PowerPoint (16:9) untuk {week.label()}: status pilar, angka utama, pelaporan, indikator merah, "
    "aksi RAN, alur korban, rantai layanan dan peta kasus — angka dilindungi sesuai pesertanya. Pembuatannya dicatat di jejak audit."
)
made = st.session_state.get("bahan_rapat", {}).get((str(week), audience))
if st.button("Siapkan bahan rapat", icon=":material/slideshow:", type="secondary" if made else "primary", key="bahan_siapkan"):
    with st.status("Menyiapkan bahan rapat…", expanded=True) as progress:
        made = data.briefing_pack(week, audience, on_progress=progress.write)
        progress.update(label="Bahan rapat siap diunduh.", state="complete", expanded=False)
    packs = st.session_state.setdefault("bahan_rapat", {})  # kept while the reader switches audience or week
    packs[(str(week), audience)] = made
    while len(packs) > 4:
        packs.pop(next(iter(packs)))
if made:
    left, right = st.columns(2)
    for column, fmt in zip((left, right), briefing.FORMATS, strict=True):
        data.download(
            f"Unduh {briefing.FORMAT_NAMES[fmt]}",
            made[fmt],
            file_name=briefing_files.file_name(week, audience, fmt),
            mime=briefing.FORMATS[fmt],
            container=column,
            icon=":material/download:",
            width="stretch",
        )
