"""Aksi RAN: every action's owner, deadline, progress and evidence; agency scorecard; coordination
gaps; the annual-report export. (The pillar lead updates actions on Laporan Saya.)"""

import streamlit as st

from etl.plan import status_report
from gugus import labels
from gugus.views import aksi_ran
from gugus.weeks import format_day
from ui import data, plan_import, session, show
from ui.week import chosen

user = session.require("aksi_ran")
week = chosen()
st.title("Aksi RAN TPPO")
plan = data.query("plan_info")
# The chair and the administrator import a plan here (or with `etl plan`); others are told whom to ask.
HOW_TO_IMPORT = (
    "Impor RAD yang ditetapkan di bagian **Impor rencana aksi** di bawah ini (atau dengan `python -m etl plan BERKAS`)."
    if user.may("plan-import")
    else "Minta ketua atau sekretariat gugus tugas (administrator) mengimpor RAD yang ditetapkan."
)
if user.may("plan-import"):
    opened = plan is None or bool(plan["example"]) or plan_import.DONE in st.session_state
    with st.expander("Impor rencana aksi (RAD) dari Excel", expanded=opened, icon=":material/upload_file:"):
        plan_import.section(user)
if plan is None:
    show.empty("Belum ada rencana aksi. " + HOW_TO_IMPORT)
    st.stop()
if plan["example"]:
    st.info("Rencana aksi ini **contoh** dari data referensi, bukan RAD yang ditetapkan. " + HOW_TO_IMPORT, icon=":material/info:")
frame = data.query("ran_actions", week)

a, b, c, d = st.columns(4)
choices = aksi_ran.filter_choices(frame, user.pillar if user.role == "pilar" else None)
pillars = a.multiselect("Pilar", choices.pillars, default=choices.own, key="ran_pilar", placeholder="Semua pilar")
agencies = b.multiselect("Penanggung jawab", choices.agencies, key="ran_instansi", placeholder="Semua instansi")
statuses = c.multiselect("Status", list(labels.RAN_STATUS), format_func=labels.RAN_STATUS.get, key="ran_status", placeholder="Semua status")
due_weeks = d.number_input("Tenggat dalam (minggu, 0 = semua)", 0, 104, 0, key="ran_tenggat")
result = data.query("ran_page", week, tuple(pillars), tuple(agencies), tuple(statuses), int(due_weeks))
show.sentence(result.sentence + f" — keadaan akhir {week.label()}")
for col, (status, count) in zip(st.columns(len(labels.RAN_STATUS)), result.counts.items(), strict=True):
    col.metric(labels.RAN_STATUS[status], count)
if result.shown.empty:
    show.empty("Tidak ada aksi yang cocok dengan saringan ini. Longgarkan saringan di atas.")
else:
    st.table(aksi_ran.styled(result.table, result.shown["status"]), hide_index=True)
    st.plotly_chart(result.timeline, width="stretch")

# Everything below follows the filters above, as the sentence says.
st.subheader("Kinerja per instansi penanggung jawab")
st.caption("Aksi yang cocok dengan saringan di atas.")
st.dataframe(result.scorecard, hide_index=True, width="stretch")

st.subheader("Progres aksi dan indikatornya")
activities = dict(zip(result.shown["code"], result.shown["activity"], strict=True))
if activities:
    code = st.selectbox("Aksi", list(activities), format_func=lambda c: f"{c} — {activities[c]}", key="ran_aksi")
    row = result.action(code)
    st.plotly_chart(data.query("ran_detail", code, week, user.k), width="stretch")
    st.caption(f"Penanggung jawab: {row['lead_name']} · tenggat {format_day(row['due'])} · bukti terakhir: {row['evidence']}")

st.subheader("Celah koordinasi")
gaps = aksi_ran.gaps_table(data.query("ran_gaps", week), result.shown["code"])
if gaps.empty:
    st.success("Semua instansi pada aksi bersama melapor dalam 4 minggu terakhir.")
else:
    st.caption("Aksi bersama (dengan instansi terkait) di mana satu instansi tidak melapor dalam 4 minggu terakhir.")
    st.table(gaps, hide_index=True)
removed = data.query("ran_removed")
if not removed.empty:
    with st.expander(f"{len(removed)} aksi tidak ada lagi di rencana terbaru (riwayat tetap disimpan)"):
        st.dataframe(aksi_ran.removed_table(removed), hide_index=True)

data.download(
    "Unduh rencana aksi dan statusnya (Excel, untuk laporan tahunan)",
    lambda: status_report(frame, week.label(), data.query("agencies")),
    file_name=f"rencana-aksi-status-{week}.xlsx",
    icon=":material/download:",
)

if user.may("ran-edit", user.pillar):
    st.info("Progres aksi pilar Anda diperbarui satu per satu di halaman **Laporan Saya** (menu Pilar saya).", icon=":material/edit:")
