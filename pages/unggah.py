"""Unggah Data: templates, upload, the validation report (also as the officer's own annotated
workbook), a preview of what changes, then load."""

import hashlib

import streamlit as st

from etl.annotate import annotated_workbook
from etl.load import Incoming, load_files, preview, record_refusal
from etl.validate import validate_bytes
from gugus.completeness import issues_view
from gugus.i18n import t
from gugus.weeks import format_moment
from ui import data, session, show, widgets
from ui.week import chosen

user = session.require("unggah")
week = chosen()
st.title("Unggah Data")
ref = data.reference()
pillars = dict(data.query("pillars"))
if user.role == "pilar":
    pillar = user.pillar
    st.markdown(f"Pilar **{pillars[pillar]}** — Anda hanya dapat mengunggah buku kerja pilar ini.")
else:
    pillar = st.selectbox("Pilar", list(pillars), format_func=pillars.get, key="unggah_pilar")
if not user.may("upload", pillar):
    st.error("Anda tidak berhak mengunggah untuk pilar ini.")
    st.stop()

st.subheader("1. Unduh templat")
a, b = st.columns(2)
data.download(f"Templat kosong {week}", data.template(pillar, week), container=a,
                  file_name=f"templat-{pillar}-{week}.xlsx", icon=":material/download:", width="stretch")
data.download(f"Templat berisi nilai minggu {(week - 1).week}", data.template(pillar, week, prefilled=True), container=b,
                  file_name=f"templat-{pillar}-{week}-dari-{week - 1}.xlsx", icon=":material/download:", width="stretch")

st.subheader("2. Unggah buku kerja")
files = st.file_uploader("Pilih satu atau beberapa berkas .xlsx", type=["xlsx"], accept_multiple_files=True,
                         key="unggah_berkas")
expected = pillar if user.role == "pilar" else None
for upload in files or []:
    raw = upload.getvalue()
    key = "periksa:" + hashlib.sha256(raw).hexdigest()
    if key not in st.session_state:  # check each file once, not on every rerun
        st.session_state[key] = validate_bytes(raw, upload.name, ref, expected_pillar=expected)
        if not st.session_state[key].ok:  # the refusal is logged once, from the one check
            record_refusal(st.session_state[key], by=user.name)
            data.changed()
    validation = st.session_state[key]
    with st.container(border=True):
        issues = validation.report.all_issues()
        if not validation.ok:
            errors = sum(i.severity == "error" for i in issues)
            st.error(f"**{upload.name}** ditolak: {errors} kesalahan. Tidak ada data yang dimuat. "
                     "Perbaiki sel yang disebut di bawah, lalu unggah lagi.")
            st.dataframe(issues_view([i.as_dict() for i in issues]), hide_index=True, width="stretch")
            if key + ":tanda" not in st.session_state:  # marked once per file, not on every rerun
                st.session_state[key + ":tanda"] = annotated_workbook(raw, issues)
            marked = st.session_state[key + ":tanda"]
            if marked:
                data.download("Unduh buku kerja Anda dengan sel bermasalah ditandai", marked,
                                   file_name=upload.name.removesuffix(".xlsx") + "-PERIKSA.xlsx", icon=":material/ink_highlighter:",
                                   key=key + ":unduh-tanda")
            continue
        parsed = validation.workbook
        st.success(f"**{upload.name}** lolos pemeriksaan: {pillars[parsed.pillar]}, {parsed.week.label()}.")
        if issues:
            st.warning(f"{len(issues)} peringatan (tidak menghalangi pemuatan):")
            st.dataframe(issues_view([i.as_dict() for i in issues]), hide_index=True, width="stretch")
        if key + ":pratinjau" not in st.session_state:  # kept: after loading it still says what was loaded
            st.session_state[key + ":pratinjau"] = data.run(preview, validation, ref)
        found = st.session_state[key + ":pratinjau"]
        st.markdown("**Pratinjau: yang berubah bila berkas ini dimuat**")
        if found.replaces:
            r = found.replaces
            st.markdown(f"Menggantikan unggahan **#{r['id']}** ({r['file_name']}, oleh {r['uploaded_by'] or '–'}, "
                        f"{format_moment(r['uploaded_at'])} WIB) untuk {pillars[parsed.pillar]}, {parsed.week.label()}.")
        else:
            st.markdown(f"Belum ada data {pillars[parsed.pillar]} untuk {parsed.week.label()}: ini unggahan pertamanya.")
        st.markdown(widgets.preview_counts(found.counts()))
        st.dataframe(widgets.preview_table(found.changes, ref, user.k), hide_index=True, width="stretch")
        removed = found.loss.removed
        other_rows = [f"{r['sheet']} {r['key']}" for r in removed if r["sheet"] != "Indikator"]
        if other_rows:
            st.warning("Baris lain yang sekarang tersimpan dan akan dihapus: " + "; ".join(other_rows))
        if found.loss.emptied:
            st.error(t("issue.week-emptied", upload=found.replaces["id"]))
        confirmed = True
        if removed and not found.loss.emptied and not st.session_state.get(key + ":dimuat"):
            confirmed = st.checkbox(f"Saya mengerti: {len(removed)} nilai/baris yang sekarang tersimpan untuk minggu ini "
                                    f"akan dihapus.", key=key + ":hapus")
        if st.session_state.get(key + ":dimuat"):
            st.info(st.session_state[key + ":dimuat"])
        elif st.button("Muat ke basis data", type="primary", key=key + ":muat", icon=":material/check:",
                       disabled=found.loss.emptied or not confirmed):
            try:
                [result] = load_files([Incoming(upload.name, raw)], by=user.name, expected_pillar=expected, ref=ref,
                                      allow_removal=bool(removed) and confirmed)
            except Exception as exc:  # noqa: BLE001 - shown as a message, never a traceback
                show.problem(exc)
            else:
                data.changed()
                if result.status == "rejected":  # the week changed since the preview: say what stopped it
                    st.error("Berkas tidak dimuat:")
                    st.dataframe(issues_view([i.as_dict() for i in result.report.all_issues()]), hide_index=True)
                    st.session_state.pop(key + ":pratinjau", None)
                else:
                    message = (f"Dimuat sebagai unggahan #{result.upload_id}."
                               + (f" Unggahan #{result.superseded} diganti versi ini." if result.superseded else "")
                               if result.status == "loaded" else f"Berkas ini sudah pernah dimuat (unggahan #{result.upload_id}).")
                    st.session_state[key + ":dimuat"] = message
                    st.rerun()
