"""Login, logout and the role checks every page repeats for itself."""

from __future__ import annotations

import streamlit as st

from gugus import auth, settings
from gugus import db as gdb
from gugus.auth import User
from ui import data


def current_user() -> User | None:
    return st.session_state.get("user")


def login_form() -> None:
    """The login screen; in the demo database it lists one account per role."""
    st.title("Gugus Tugas TPPO Kota Singkawang")
    st.caption("Dasbor koordinasi lima pilar pencegahan dan penanganan tindak pidana perdagangan orang")
    with st.form("login"):
        name = st.text_input("Nama pengguna")
        password = st.text_input("Kata sandi", type="password")
        submitted = st.form_submit_button("Masuk", type="primary")
    if submitted:
        with gdb.connect(settings.db_path()) as con:
            user = auth.authenticate(con, name, password)
        if user is None:
            st.error("Nama pengguna atau kata sandi salah, atau akun dinonaktifkan. Periksa lalu coba lagi; "
                     "jika lupa kata sandi, hubungi administrator.")
        else:
            st.session_state["user"] = user
            st.rerun()
    if data.query("is_demo"):
        rows = "\n".join(f"| `{name}` | {role} | `{password}` |" for name, role, password in auth.demo_accounts())
        st.info("**Akun demo** — hanya ada di basis data DATA SIMULASI:\n\n| Nama pengguna | Peran | Kata sandi |\n"
                "|---|---|---|\n" + rows, icon=":material/info:")


def logout() -> None:
    st.session_state.pop("user", None)
    st.rerun()


def require(page: str) -> User:
    """The logged-in user if they may open ``page``; otherwise a clear refusal and the page stops."""
    user = current_user()
    if user is None:
        st.warning("Silakan masuk terlebih dahulu.")
        st.stop()
    if not user.may_open(page):
        st.error(f"Halaman ini tidak tersedia untuk peran {auth.ROLES[user.role]}. "
                 "Pilih halaman lain di menu samping.")
        st.stop()
    return user
