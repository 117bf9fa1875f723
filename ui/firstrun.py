"""The first start: no database yet. The city's IT officer chooses the real database (with the first administrator)
or the demo (DATA SIMULASI); a database stays what it was made as."""

from __future__ import annotations

import streamlit as st

from etl.demo import build_demo
from gugus import instance, settings
from ui import show

RESULT = "init_result"  # the set-up just made in this browser tab: its temporary password is shown until the login


def build_demo_with_progress() -> None:
    """Build the demo database, showing progress instead of a blank page."""
    bar = st.progress(0.0, text="Menyiapkan basis data demo (DATA SIMULASI) untuk pertama kali…")

    def progress(done: int, total: int, message: str) -> None:
        bar.progress(min(done / total, 1.0) if total else 0.0, text=f"Menyiapkan basis data demo: {message}")

    build_demo(settings.db_path(), on_progress=progress)
    bar.empty()


def _set_up(admin: str) -> None:
    try:
        with st.spinner("Menyiapkan basis data resmi dan peta wilayah…"):
            st.session_state[RESULT] = instance.init(settings.db_path(), admin or instance.ADMIN, by=None, source="app")
    except Exception as exc:  # noqa: BLE001 - a user error says what to fix; anything else a reference number
        show.problem(exc)
        return
    st.rerun()


def screen() -> None:
    """Shown instead of the login while the database file does not exist (and GUGUS_DEMO does not ask for the demo)."""
    st.title("Selamat datang di dasbor Gugus Tugas TPPO")
    where = "Basis data dasbor ini belum disiapkan (belum ada akun)." if settings.db_path().exists() else "Belum ada basis data."
    st.markdown(
        f"{where} Pilih cara memulai. Pilihan ini menentukan jenis basis data **untuk seterusnya**: basis data demo "
        "tidak pernah menerima data resmi dan tidak pernah menggantikan basis data resmi."
    )
    real, demo = st.columns(2, gap="large")
    with real, st.container(border=True):
        st.subheader(":material/verified: Siapkan basis data resmi")
        st.markdown(
            "Untuk dipakai Gugus Tugas dengan data sebenarnya. Dibuat kosong, dengan **satu akun administrator** dengan "
            "kata sandi sementara yang wajib diganti saat pertama masuk. Setelah itu halaman **Pengaturan** menuntun "
            "langkah berikutnya: akun ketua dan koordinator pilar, rencana aksi, batas wilayah, cadangan."
        )
        with st.form("siapkan_resmi"):
            admin = st.text_input("Nama akun administrator", value=instance.ADMIN)
            if st.form_submit_button("Siapkan basis data resmi", type="primary", icon=":material/database:"):
                _set_up(admin.strip())
        st.caption("Di server, langkah yang sama: `uv run python -m etl init` (lihat README, bagian penerapan).")
    with demo, st.container(border=True):
        st.subheader(":material/science: Coba dengan data simulasi")
        st.markdown(
            "Untuk mengenal dasbor atau melatih petugas: setahun data **sintetis** kelima pilar, dengan akun demo untuk "
            "setiap peran. Setiap halaman menandainya **DATA SIMULASI**. Butuh sekitar satu menit."
        )
        if st.button("Coba dengan data simulasi", icon=":material/play_arrow:"):
            build_demo_with_progress()
            st.rerun()


def just_made() -> None:
    """On the login screen right after the set-up in this tab: the administrator's name and temporary password."""
    result = st.session_state.get(RESULT)
    if result is None or not result.password:
        return
    st.success(
        f"Basis data resmi siap di `{result.path}`. Masuk sebagai **{result.admin}** dengan kata sandi sementara "
        f"**{result.password}** — catat sekarang: kata sandi ini hanya ditampilkan sekali, dan Anda akan diminta "
        "menggantinya.",
        icon=":material/check_circle:",
    )


def forget() -> None:
    """After the first login the temporary password is no longer shown."""
    st.session_state.pop(RESULT, None)
