"""Laporan Saya: the pillar lead's week on one narrow page — what is due and by when, the upload, and the pillar's
RAN actions to update one at a time. The chair's material stays on the chair's pages."""

import streamlit as st

from etl.ranedit import save_ran_progress
from gugus import completeness, labels, settings
from gugus.views import laporan
from gugus.weeks import current_week, format_day, format_moment
from ui import data, session, show, upload
from ui.week import chosen, go_to

user = session.require("laporan")
week = chosen()
pillar = user.pillar
due = data.query("pillar_week", pillar, week)
st.title(f"Laporan {due.pillar_name}")

with st.container(border=True):
    st.markdown(f"**{week.label()}**")
    if due.current:
        c = due.current
        badge = {"tepat": ":green-badge[Sudah dilaporkan]", "sebelum-mulai": ":gray-badge[Dimuat setelah dasbor dipakai]"}.get(
            due.state, ":orange-badge[Dilaporkan terlambat]"
        )
        if due.partial:
            badge += " :orange-badge[Sebagian indikator masih kosong]"
        st.markdown(
            f"{badge}  \nBerlaku: unggahan **#{c['id']}** oleh {c['uploaded_by'] or '–'}, "
            f"{format_moment(c['uploaded_at'])} WIB. Tenggat: {due.deadline_text()}."
        )
    elif due.state == "belum-jatuh-tempo":
        st.markdown(f":orange-badge[Belum dilaporkan]  \n**Tenggat: {due.deadline_text()}.**")
    elif due.state == "sebelum-mulai":
        st.markdown(
            ":gray-badge[Sebelum dasbor dipakai]  \nMinggu ini berakhir sebelum basis data resmi disiapkan; laporannya boleh diunggah bila ada."
        )
    else:
        st.markdown(
            f":red-badge[Belum dilaporkan — lewat tenggat]  \nTenggatnya {due.deadline_text()}. "
            "Unggah sekarang; keterlambatan tercatat di Kelengkapan."
        )
    reported, total = int(due.indicators["reported"].sum()), len(due.indicators)
    st.markdown(f"**{reported} dari {total} indikator** sudah berisi nilai minggu ini.")
    if due.missing:
        with st.expander(f"{len(due.missing)} indikator belum berisi nilai"):
            st.markdown("\n".join(f"- {name}" for name in due.missing))
    open_actions = due.open_actions
    updated = int(open_actions["this_week"].sum())
    st.markdown(f"**{len(open_actions)} aksi RAN** belum selesai; {updated} sudah dilaporkan untuk minggu ini.")
now = current_week()
if week < now:  # the week after the one shown is the next one due: say so, one tap away
    st.caption(f"Berikutnya: {now.label()}, tenggat {completeness.deadline_text(completeness.deadline(now))}.")
    st.button(f"Buka {now.label()}", on_click=go_to, args=(now,), icon=":material/arrow_forward:", key="laporan_berikut")

if waiting := data.query("alur_lead", week, user.k, pillar):
    with st.container(border=True):
        st.markdown("**Korban menunggu layanan pilar ini**")
        if waiting.actions:
            st.markdown("\n".join(f"- {line}" for line in waiting.actions))
            st.table(waiting.dropouts.set_index("Kode kasus"))
        else:
            st.markdown("Tidak ada korban yang menunggu layanan pilar ini melebihi standar.")
        if not waiting.reconciliation.empty:
            st.markdown(f"**{len(waiting.reconciliation)} ketidakcocokan data** dengan pilar lain; samakan lalu unggah ulang:")
            st.table(waiting.reconciliation.set_index("Kode kasus"))

st.subheader("1. Isi dan unggah buku kerja")
upload.templates(pillar, week, prefix="laporan_")
upload.flow(user, week, pillar, key="laporan_berkas")

st.subheader("2. Perbarui aksi RAN, satu per satu")
actions = due.actions
if actions.empty:
    show.empty("Pilar ini tidak punya aksi RAN pada rencana yang berlaku.")
    st.stop()
show_all = st.toggle("Tampilkan juga aksi yang sudah selesai", key="laporan_semua_aksi")
listed = actions if show_all else open_actions
if listed.empty:
    show.empty("Semua aksi pilar ini sudah selesai. Nyalakan pilihan di atas untuk melihatnya.")
    st.stop()
rows = listed.set_index("code")


def _choice(code: str) -> str:
    """The state first, so that a narrow screen that cuts the line keeps what decides."""
    r = rows.loc[code]
    mark = "✓ " if r["this_week"] else ""
    return f"{mark}{labels.RAN_STATUS[r['status']]} {r['progress']:.0f}% · {r['activity']}"


saved_key = f"laporan_aksi_tersimpan:{week}"
if message := st.session_state.get(saved_key):  # above the choice: a finished action leaves the list
    st.success(message, icon=":material/check_circle:")
code = st.selectbox("Aksi", list(rows.index), format_func=_choice, key="laporan_aksi", help="Aksi bertanda ✓ sudah dilaporkan untuk minggu ini.")
row = rows.loc[code]
evidence_now = row["evidence"] if isinstance(row["evidence"], str) and row["evidence"] else None  # missing: NaN
st.markdown(
    f"**{row['activity']}**  \n{row['lead_name']} · tenggat {format_day(row['due'])} · "
    f"keadaan sekarang: {labels.RAN_STATUS[row['status']]}, {row['progress']:.0f}% · kode {code}"
)
if row["status"] in labels.RAN_STATE_HELP:
    st.caption(labels.RAN_STATE_HELP[row["status"]].format(weeks=int(settings.get("stall_weeks"))))
if evidence_now and row["this_week"]:
    st.caption(f"Bukti minggu ini: {evidence_now}")
elif evidence_now:
    st.caption(f"Bukti terakhir (minggu sebelumnya): {evidence_now}")
with st.form(f"aksi-{code}-{week}", border=True):
    reported = row["reported_status"] if row["reported_status"] in labels.RAN_REPORTED else "belum-mulai"
    status = st.selectbox("Status", list(labels.RAN_REPORTED), index=list(labels.RAN_REPORTED).index(reported), format_func=labels.RAN_REPORTED.get)
    progress = st.slider(
        "Progres (%)", 0, 100, int(round(row["progress"] or 0)), step=5, help="100 % berarti aksi selesai: aksi lalu tercatat Selesai."
    )
    evidence = st.text_area(
        "Bukti / keterangan minggu ini",
        value=evidence_now if row["this_week"] and evidence_now else "",
        placeholder="Nomor surat, tautan dokumen atau uraian singkat kegiatan minggu ini",
        max_chars=500,
    )
    submitted = st.form_submit_button("Simpan aksi ini", type="primary", icon=":material/save:", width="stretch")
if submitted:
    try:
        result = save_ran_progress(pillar, week, data.reference(), action=code, status=status, progress=progress, evidence=evidence, by=user.name)
    except Exception as exc:  # noqa: BLE001 - shown as a message, never a traceback
        show.problem(exc)
    else:
        data.changed()
        if result.status == "rejected":
            st.error("Aksi ini tidak disimpan. Perbaiki isian berikut:")
            upload.issue_list(result.report.all_issues())
        else:
            st.session_state[saved_key] = laporan.saved_message(row, status, progress, result.upload_id)
            st.rerun()
