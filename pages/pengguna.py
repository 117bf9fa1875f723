"""Pengguna: the administrator adds accounts (with a temporary password), disables them, resets passwords."""

import streamlit as st

from gugus import auth
from gugus.views import pengguna
from ui import data, session, show

user = session.require("pengguna")
st.title("Pengguna")
table = st.empty()  # filled at the end of the run, after this run's own change (an account added, disabled, reset)
pillars = dict(data.query("pillars"))


def _act(fn, *args, done: str, **kwargs) -> None:
    try:
        data.run(fn, *args, write=True, by=user.name, source="app", **kwargs)
    except Exception as exc:  # noqa: BLE001 - shown as a message, never a traceback
        show.problem(exc)
    else:
        st.success(done)


st.subheader("Tambah akun")
with st.form("tambah_akun", clear_on_submit=True):
    a, b, c = st.columns(3)
    name = a.text_input("Nama pengguna")
    role = b.selectbox("Peran", list(auth.ROLES), format_func=auth.ROLES.get)
    pillar = c.selectbox("Pilar (untuk koordinator pilar)", [None, *pillars], format_func=lambda p: pillars.get(p, "–"))
    if st.form_submit_button("Tambah", type="primary"):
        temporary = auth.temporary_password()
        _act(
            auth.add_user,
            name,
            role,
            temporary,
            pillar,
            must_change=True,
            done=f"Akun {name.strip().lower()} dibuat. Kata sandi sementara: **{temporary}** — sampaikan langsung "
            "kepada pemiliknya; ia wajib menggantinya saat pertama masuk.",
        )

st.subheader("Nonaktifkan atau reset akun")
users = data.run(auth.list_users)  # read now: an account change is no change of the data the page cache follows
names = [u["name"] for u in users if u["name"] != user.name]
if names:
    chosen = st.selectbox("Akun", names, key="akun_pilih")
    a, b = st.columns(2)
    if a.button("Nonaktifkan", icon=":material/block:"):
        _act(auth.disable_user, chosen, done=f"Akun {chosen} dinonaktifkan; ia tidak dapat masuk lagi.")
    if b.button("Reset kata sandi", icon=":material/key:"):
        temporary = auth.temporary_password()
        _act(
            auth.reset_password,
            chosen,
            temporary,
            done=f"Kata sandi {chosen} direset. Kata sandi sementara: **{temporary}** — wajib diganti saat masuk.",
        )
table.dataframe(pengguna.users_table(data.run(auth.list_users), pillars), hide_index=True, width="stretch")
