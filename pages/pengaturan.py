"""Pengaturan: the administrator's set-up checklist (each item links to where it is fixed) and the settings the chair
owns — upload deadline, status thresholds, stall weeks — changed here, audited, with the server's environment
variables still winning."""

import streamlit as st

from gugus import instance, labels, settings
from ui import data, session, show

user = session.require("pengaturan")
st.title("Pengaturan")
MARK = {
    "selesai": ":material/check_circle:",
    "belum": ":material/radio_button_unchecked:",
    "saran": ":material/lightbulb:",
    "info": ":material/tune:",
}

if data.query("is_demo"):
    st.warning(
        "Ini basis data **DEMO (DATA SIMULASI)**: buku kerja berjenis RESMI ditolak di sini. Untuk memakai dasbor dengan "
        "data sebenarnya, administrator server menjalankan `uv run python -m etl init --replace-demo`, yang **menghapus semua "
        "data simulasi** (unggahan, akun demo, arsip dan cadangannya) lalu menyiapkan basis data resmi dengan akun "
        "administrator baru.",
        icon=":material/science:",
    )

st.subheader("Daftar persiapan")
items = data.run(instance.checklist)
done, tasks = instance.progress(items)
st.progress(done / tasks, text=f"{done} dari {tasks} langkah selesai (saran dihitung selesai: dasbor sudah berjalan tanpanya)")
for item in items:
    with st.container(border=True):
        a, b = st.columns([3, 2], vertical_alignment="center")
        a.markdown(f"{MARK[item.state]} **{item.label}** — {instance.STATES[item.state]}  \n{item.detail}")
        if item.page and user.may_open(item.page) and item.page != "pengaturan":
            show.page_link(item.page, f"Buka {labels.PAGES[item.page]}", b)
        elif item.command:
            b.code(item.command, language="bash")

st.subheader("Tenggat dan ambang status")
st.caption(
    "Berlaku untuk semua halaman, bahan rapat dan ekspor sejak disimpan; setiap perubahan tercatat di Jejak Audit. "
    "Nilai yang diatur server (variabel lingkungan) tidak dapat diubah di sini."
)
fixed = {name: settings.source(name) == "env" for name in instance.EDITABLE}
with st.form("pengaturan"):
    a, b = st.columns(2)
    hours = a.number_input(
        instance.SETTING_LABELS["deadline_hours"], 0, 168, int(settings.get("deadline_hours")), step=1, disabled=fixed["deadline_hours"]
    )
    stall = b.number_input(instance.SETTING_LABELS["stall_weeks"], 1, 26, int(settings.get("stall_weeks")), step=1, disabled=fixed["stall_weeks"])
    green = a.number_input(
        instance.SETTING_LABELS["status_green"] + " (%)", 5, 100, round(settings.get("status_green") * 100), step=5, disabled=fixed["status_green"]
    )
    amber = b.number_input(
        instance.SETTING_LABELS["status_amber"] + " (%)", 0, 95, round(settings.get("status_amber") * 100), step=5, disabled=fixed["status_amber"]
    )
    for name in instance.EDITABLE:
        if fixed[name]:
            st.caption(f":material/dns: {instance.SETTING_LABELS[name]}: diatur server ({settings.SETTINGS[name].env}).")
    saved = st.form_submit_button("Simpan", type="primary", disabled=not user.may("settings"))
if saved:
    wanted = {"deadline_hours": float(hours), "stall_weeks": int(stall), "status_green": green / 100, "status_amber": amber / 100}
    try:
        changed = data.run(instance.change_settings, {n: v for n, v in wanted.items() if not fixed[n]}, write=True, by=user.name)
    except Exception as exc:  # noqa: BLE001 - shown as a message, never a traceback
        show.problem(exc)
    else:
        if changed:
            st.session_state["pengaturan_hasil"] = "Tersimpan: " + "; ".join(
                f"{instance.SETTING_LABELS[n]} {instance.setting_text(n, settings.get(n))}" for n in changed
            )
        else:
            st.session_state["pengaturan_hasil"] = "Tidak ada yang berubah."
        st.rerun()
if done := st.session_state.pop("pengaturan_hasil", None):
    st.success(done)
st.caption(
    f"Kini: tenggat {instance.setting_text('deadline_hours', settings.get('deadline_hours'))}; hijau mulai "
    f"{instance.setting_text('status_green', settings.get('status_green'))} dari target, kuning mulai "
    f"{instance.setting_text('status_amber', settings.get('status_amber'))}, di bawahnya merah; aksi RAN macet setelah "
    f"{instance.setting_text('stall_weeks', settings.get('stall_weeks'))} tanpa kemajuan."
)
