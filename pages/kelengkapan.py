"""Kelengkapan & Riwayat: who reported on time, every upload, refusals and why; rollback for the chair."""

import streamlit as st

from etl.load import rollback
from gugus import completeness, exports
from gugus.views import kelengkapan
from gugus.weeks import Week, format_moment
from ui import data, session, show
from ui.week import chosen

user = session.require("kelengkapan")
week = chosen()
st.title("Kelengkapan & Riwayat")

weeks = st.slider("Jumlah minggu", 4, 52, 12, key="kelengkapan_minggu")
result = data.query("completeness_page", week, weeks)
show.sentence(f"5 pilar × {weeks} minggu sampai {week.label()}; batas kirim {completeness.deadline_rule()}")
st.plotly_chart(result.figure, width="stretch")
st.caption("Hijau: tepat waktu · kuning: terlambat · merah: belum lapor · abu-abu: belum jatuh tempo · putih: sebelum dasbor dipakai")
st.dataframe(
    result.rates,
    hide_index=True,
    width="stretch",
    column_config={"Ketepatan": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f%%")},
)

st.subheader("Riwayat unggahan")
log = result.log
if log.empty:
    show.empty("Belum ada unggahan. Buku kerja yang dimuat akan tercatat di sini.")
else:
    st.dataframe(result.log_table, hide_index=True, width="stretch")
    data.download(
        "Unduh riwayat (CSV)", exports.csv_bytes(result.log_table), file_name="riwayat-unggahan.csv", mime="text/csv", icon=":material/download:"
    )

st.subheader("Berkas yang ditolak")
rejected = data.query("rejections", user.pillar if user.role == "pilar" else None, 50)
if not rejected:
    st.success("Tidak ada berkas yang ditolak.")
for r in rejected:
    with st.expander(
        f"{r['file_name']} — {r['n_error']} kesalahan, {format_moment(r['uploaded_at'])} WIB"
        + (f", oleh {r['uploaded_by']}" if r["uploaded_by"] else "")
    ):
        st.dataframe(kelengkapan.issues_view(r["issues"]), hide_index=True, width="stretch")

if user.may("rollback"):
    st.subheader("Tarik unggahan")
    st.caption("Menarik unggahan membuat versi sebelumnya untuk pilar dan minggu itu berlaku lagi. Tidak ada data yang dihapus.")
    if done := st.session_state.pop("tarik_hasil", None):
        st.success(done)
    pillars = kelengkapan.withdrawal_pillars(log)
    if not pillars:
        show.empty("Tidak ada unggahan yang dapat ditarik.")
    else:
        a, b = st.columns(2)
        chosen_pillar = a.selectbox("Pilar", [None, *pillars], key="tarik_pilar", format_func=lambda p: p or "Semua pilar")
        weeks = kelengkapan.withdrawal_weeks(log, chosen_pillar)
        chosen_week = b.selectbox("Minggu", [None, *weeks], key="tarik_minggu", format_func=lambda w: Week.parse(w).label() if w else "Semua minggu")
        choices = kelengkapan.upload_choices(kelengkapan.withdrawable(log, chosen_pillar, chosen_week))
        choice = st.selectbox("Unggahan", list(choices), key="tarik_id", format_func=choices.get)
        reason = st.text_input(
            "Alasan penarikan (dicatat di jejak audit)", key="tarik_alasan", placeholder="misalnya: berkas minggu yang salah diunggah"
        )
        sure = st.checkbox("Saya yakin ingin menarik unggahan ini.", key="tarik_yakin")
        if not reason.strip():
            st.caption("Tulis alasannya dulu; tombol aktif setelah alasan diisi dan kotak yakin dicentang.")
        if st.button("Tarik unggahan", type="primary", disabled=not (sure and reason.strip())):
            try:
                result = rollback(int(choice), by=user.name, source="app", reason=reason)
            except Exception as exc:  # noqa: BLE001 - shown as a message, never a traceback
                show.problem(exc)
            else:
                data.changed()
                st.session_state["tarik_hasil"] = result.message
                for key in ("tarik_yakin", "tarik_alasan", "tarik_id"):
                    st.session_state.pop(key, None)
                st.rerun()  # the log and the choices show the withdrawal at once
