"""The upload journey shared by Unggah Data and the pillar lead's own page: templates, the file, its check (every
issue in full, and the officer's own workbook with the bad cells marked), the preview of what changes, then load."""

from __future__ import annotations

import hashlib

import streamlit as st

from etl.annotate import annotated_workbook
from etl.load import Incoming, check_upload, load_files, preview
from etl.template import file_name
from gugus.auth import User
from gugus.i18n import t
from gugus.weeks import Week, format_moment
from ui import data, show, widgets


def templates(pillar: str, week: Week, prefix: str = "") -> None:
    """The two templates of ``week``: blank, and with last week's values as a grey reference column."""
    a, b = st.columns(2)
    data.download(
        "Templat kosong",
        lambda: data.template(pillar, week),  # made on the click: the page itself stays quick
        container=a,
        file_name=file_name(pillar, week),
        icon=":material/download:",
        width="stretch",
        key=prefix + "kosong",
    )
    data.download(
        "Templat berisi acuan minggu lalu",
        lambda: data.template(pillar, week, prefilled=True),
        container=b,
        file_name=file_name(pillar, week, prefilled=True),
        icon=":material/download:",
        width="stretch",
        key=prefix + "acuan",
    )
    st.caption(
        f"Keduanya untuk {week.label()}. Templat berisi acuan menampilkan nilai {(week - 1).label()} di kolom "
        "abu-abu **Nilai minggu lalu**; kolom **Nilai** tetap kosong untuk diisi angka minggu ini."
    )


def issue_list(issues) -> None:
    """Every issue in full, wrapped, where it is first: on a phone a table would cut the message off. Errors come
    before warnings, each in the order of the workbook."""
    lines = []
    for n, issue in enumerate(sorted(issues, key=lambda i: i.severity != "error"), start=1):
        where = issue.where() or "berkas"
        kind = ":red[**Kesalahan**]" if issue.severity == "error" else ":orange[**Peringatan**]"
        lines.append(f"{n}. {kind} — **{where[0].upper() + where[1:]}**: {issue.message}")
    st.markdown("\n".join(lines))


def flow(user: User, week: Week, pillar: str, key: str = "unggah_berkas") -> None:
    """Choose files, check each once, show what is wrong or what would change, and load on request."""
    ref = data.reference()
    pillars = dict(data.query("pillars"))
    st.caption("Berkas diperiksa dulu; tidak ada yang dimuat sebelum Anda menekan **Muat ke basis data**.")
    files = st.file_uploader("Pilih buku kerja Excel (.xlsx), satu atau beberapa", type=["xlsx"], accept_multiple_files=True, key=key)
    expected = pillar if user.role == "pilar" else None
    for upload in files or []:
        raw = upload.getvalue()
        check = "periksa:" + hashlib.sha256(raw).hexdigest()
        if check not in st.session_state:  # check each file once, not on every rerun
            st.session_state[check] = check_upload(raw, upload.name, ref, expected_pillar=expected, by=user.name)
            if not st.session_state[check].ok:  # its refusal was logged: Kelengkapan lists it
                data.changed()
        with st.container(border=True):
            _one_file(user, upload.name, raw, st.session_state[check], check, expected, pillars, ref)


def _loaded_before(name: str, found, parsed, pillars: dict) -> None:
    """The same file as an upload kept: loading it changes nothing, as every command says; which upload is current."""
    current = found.replaces["id"] if found.replaces else None
    again = f"Yang berlaku sekarang untuk {pillars[parsed.pillar]}, {parsed.week.label()} adalah unggahan #{current}."
    back = f" Untuk kembali ke versi #{found.already}, ketua menarik unggahan #{current} di halaman Kelengkapan & Riwayat."
    st.info(
        f"**{name}** sudah pernah dimuat sebagai unggahan #{found.already}; memuatnya lagi tidak mengubah apa pun."
        + (f" {again}{back}" if current and current != found.already else ""),
        icon=":material/info:",
    )


def _refused(name: str, raw: bytes, issues, key: str) -> None:
    """A refused file: every issue in full, and the officer's own workbook with the bad cells marked."""
    errors = sum(i.severity == "error" for i in issues)
    st.error(f"**{name}** ditolak: {errors} kesalahan. Tidak ada data yang dimuat. Perbaiki sel yang disebut di bawah, simpan, lalu unggah lagi.")
    issue_list(issues)
    if key + ":tanda" not in st.session_state:  # marked once per file, not on every rerun
        st.session_state[key + ":tanda"] = annotated_workbook(raw, issues)
    if marked := st.session_state[key + ":tanda"]:
        data.download(
            "Unduh berkas Anda dengan sel bermasalah ditandai",
            marked,
            file_name=name.removesuffix(".xlsx") + "-PERIKSA.xlsx",
            icon=":material/ink_highlighter:",
            key=key + ":unduh-tanda",
        )


def _one_file(user: User, name: str, raw: bytes, validation, key: str, expected: str | None, pillars: dict, ref) -> None:
    issues = validation.report.all_issues()
    if not validation.ok:
        _refused(name, raw, issues, key)
        return
    parsed = validation.workbook
    if key + ":pratinjau" not in st.session_state:  # kept: after loading it still says what was loaded
        st.session_state[key + ":pratinjau"] = data.run(preview, validation, ref)
    found = st.session_state[key + ":pratinjau"]
    loaded = st.session_state.get(key + ":dimuat")
    if found.already:
        _loaded_before(name, found, parsed, pillars)
        return
    if found.loss.emptied:  # valid cell by cell, but nothing to load: a refusal, said first
        st.error(f"**{name}** tidak dapat dimuat. " + t(f"issue.{found.loss.refusal[0]}", **found.loss.refusal[1]))
    elif loaded:
        st.success(f"**{name}**: {loaded}", icon=":material/check_circle:")
    else:
        st.success(f"**{name}** lolos pemeriksaan: {pillars[parsed.pillar]}, {parsed.week.label()}.")
    if found.loss.emptied:  # refused: its warnings (the rows left empty) would only say the same again
        return
    if issues:
        with st.expander(f"{len(issues)} peringatan (tidak menghalangi pemuatan)"):
            issue_list(issues)
    st.markdown("**Yang berubah karena berkas ini dimuat**" if loaded else "**Pratinjau: yang berubah bila berkas ini dimuat**")
    if found.replaces:
        r = found.replaces
        st.markdown(
            f"{'Menggantikan' if loaded else 'Akan menggantikan'} unggahan **#{r['id']}** ({r['file_name']}, "
            f"oleh {r['uploaded_by'] or '–'}, {format_moment(r['uploaded_at'])} WIB) untuk "
            f"{pillars[parsed.pillar]}, {parsed.week.label()}."
        )
    else:
        st.markdown(f"Belum ada data {pillars[parsed.pillar]} untuk {parsed.week.label()}: ini unggahan pertamanya.")
    st.markdown("Indikator: " + widgets.preview_counts(found.counts(), done=bool(loaded)))
    st.table(widgets.preview_table(found.changes, ref, user.k, done=bool(loaded)), hide_index=True)
    others = widgets.removed_rows(found.loss, ref)
    if others:
        st.warning(
            "**Baris lain yang sekarang tersimpan akan "
            + ("terhapus" if loaded else "dihapus")
            + " atau turun:**\n\n"
            + "\n".join(f"- {line}" for line in others)
        )
    confirmed = True
    if found.loss.confirm and not loaded:
        confirmed = st.checkbox(
            f"Saya mengerti: {found.loss.confirm} isian yang sekarang tersimpan untuk minggu ini akan dihapus atau diturunkan.", key=key + ":hapus"
        )
    if loaded or not st.button("Muat ke basis data", type="primary", key=key + ":muat", icon=":material/check:", disabled=not confirmed):
        return
    try:
        [result] = load_files(
            [Incoming(name, raw)], by=user.name, expected_pillar=expected, ref=ref, allow_removal=bool(found.loss.confirm) and confirmed
        )
    except Exception as exc:  # noqa: BLE001 - shown as a message, never a traceback
        show.problem(exc)
        return
    data.changed()
    if result.status == "rejected":  # the week changed since the preview: say what stopped it
        st.error("Berkas tidak dimuat:")
        issue_list(result.report.all_issues())
        st.session_state.pop(key + ":pratinjau", None)
        return
    message = (
        f"Dimuat sebagai unggahan #{result.upload_id}." + (f" Unggahan #{result.superseded} diganti versi ini." if result.superseded else "")
        if result.status == "loaded"
        else f"Berkas ini sudah pernah dimuat (unggahan #{result.upload_id})."
    )
    st.session_state[key + ":dimuat"] = message
    st.rerun()
