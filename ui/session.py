"""Login, logout, the signed login cookie that survives a reload, idle timeout, forced password
change, and the role checks every page repeats for itself."""

from __future__ import annotations

import json
import time

import streamlit as st

from gugus import audit, auth, instance, settings, tokens
from gugus import db as gdb
from gugus.auth import User
from ui import data, firstrun, show

COOKIE = "gugus_sesi"
REFRESH_SECONDS = 60  # re-issue the cookie at most this often while the user works


def cookie_flags(max_age: int, url: str | None) -> str:
    """The login cookie's attributes: SameSite=Strict, expiring with the idle timeout, Secure over HTTPS.

    It cannot be HttpOnly: a Streamlit script talks to the browser over a websocket and never writes an HTTP
    response header, so the cookie is set from the page. What protects it instead: it is signed with a server
    key and names no password; it expires with the idle timeout; logout, idle timeout, disabling the account
    and a password reset end it on the server (``sessions_ended_at``); and no text from users or workbooks is
    ever rendered as HTML, so there is no script to steal it with.
    """
    secure = "; Secure" if (url or "").startswith("https://") else ""
    return f"; path=/; max-age={max_age}; SameSite=Strict{secure}"


def _set_cookie(value: str, max_age: int) -> None:
    """Set (or with max_age 0, clear) the login cookie in the browser; never in the URL."""
    flags = cookie_flags(max_age, st.context.url)
    st.html(f"<script>document.cookie = {json.dumps(f'{COOKIE}={value}{flags}')};</script>", unsafe_allow_javascript=True, width=1)


def current_user() -> User | None:
    """The logged-in user: from this session, or restored from a valid login cookie after a reload.
    Ends the login after ``idle_minutes`` without activity."""
    idle = float(settings.get("idle_minutes")) * 60
    user = st.session_state.get("user")
    now = time.time()
    if user is not None and now - st.session_state.get("active_at", now) > idle:
        _end(user, "sesi berakhir karena tidak aktif")
        st.session_state["login_message"] = f"Sesi berakhir karena tidak ada aktivitas selama {int(idle // 60)} menit. Silakan masuk lagi."
        return None
    if user is not None:
        user = _recheck(user)
        if user is None:
            return None
    if user is None and not st.session_state.get("logged_out") and (user := _sso_user()):
        _begin(user, now)
    if user is None and not st.session_state.get("logged_out"):
        found = tokens.verify_issued(st.context.cookies.get(COOKIE))
        if found:
            with gdb.connect(settings.db_path()) as con:
                user = auth.find_user(con, *found)
            if user:
                _begin(user, found[1])
    if user is not None:
        st.session_state["active_at"] = now
        if now - st.session_state.get("cookie_at", 0.0) > REFRESH_SECONDS:
            _set_cookie(tokens.issue(user.name), int(idle))
            st.session_state["cookie_at"] = now
    return user


def _begin(user: User, since: float) -> None:
    """Make ``user`` this session's user, authenticated at ``since`` (a login, or the cookie's issue time)."""
    st.session_state["user"] = user
    st.session_state["login_at"] = since
    st.session_state["active_at"] = time.time()
    st.session_state["cookie_at"] = 0.0
    st.session_state.pop("logged_out", None)


def _recheck(user: User) -> User | None:
    """The account as it is now, checked on every run: a disabled account, a reset password or sessions ended
    elsewhere end this session at once; a changed role or pillar applies at once."""
    with gdb.connect(settings.db_path()) as con:
        now = auth.find_user(con, user.name, st.session_state.get("login_at", 0.0))
    if now is None:
        for key in ("user", "login_at", "active_at", "cookie_at"):
            st.session_state.pop(key, None)
        st.session_state["logged_out"] = True
        st.session_state["login_message"] = (
            "Sesi Anda diakhiri: akun dinonaktifkan, kata sandinya direset, atau sesi "
            "diakhiri dari tempat lain. Masuk lagi, atau hubungi administrator."
        )
        _set_cookie("", 0)
        return None
    if now != user:
        st.session_state["user"] = now
    return now


def _end(user: User, reason: str | None = None) -> None:
    with gdb.connect(settings.db_path(), write=True) as con:
        auth.end_sessions(con, user.name)  # the cookie's token stops working even if the browser keeps it
        audit.record(con, user.name, "keluar", user.name, reason)
    for key in ("user", "login_at", "active_at", "cookie_at"):
        st.session_state.pop(key, None)
    st.session_state["logged_out"] = True
    _set_cookie("", 0)
    if sso_configured() and getattr(st.user, "is_logged_in", False):
        st.logout()


def sso_configured() -> bool:
    """True when an OIDC provider is configured in .streamlit/secrets.toml ([auth] section)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all: local accounts only
        return False


def _sso_user() -> User | None:
    """After a single sign-on: the local account whose name is the signed-in e-mail (the allowed-users table)."""
    if not sso_configured() or not getattr(st.user, "is_logged_in", False):
        return None
    email = str(st.user.get("email", "")).strip().lower()
    with gdb.connect(settings.db_path(), write=True) as con:
        user = auth.find_user(con, email) if email else None
        audit.record(con, email or None, "masuk" if user else "gagal-masuk", email, "SSO" if user else "SSO: akun belum terdaftar", "sso")
    if user is None:
        st.session_state["login_message"] = (
            f"Akun SSO {email} belum terdaftar di dasbor ini. Minta administrator menambahkannya: python -m etl users add {email} --role PERAN."
        )
        st.logout()
    return user


def login_form() -> None:
    """The login screen; in the demo database it lists one account per role."""
    st.title("Gugus Tugas TPPO Kota Singkawang")
    st.caption("Dasbor koordinasi lima pilar pencegahan dan penanganan tindak pidana perdagangan orang")
    if message := st.session_state.pop("login_message", None):
        st.info(message)
    if st.session_state.get("logged_out"):
        _set_cookie("", 0)
    if sso_configured():
        st.button("Masuk dengan akun instansi (SSO)", icon=":material/badge:", on_click=st.login, type="primary")
        st.caption("Atau masuk dengan akun lokal:")
    with st.form("login"):
        name = st.text_input("Nama pengguna")
        password = st.text_input("Kata sandi", type="password")
        submitted = st.form_submit_button("Masuk", type="primary")
    if submitted:
        with gdb.connect(settings.db_path(), write=True) as con:
            result = auth.login(con, name, password)
        if result.locked_for:
            st.error(
                f"Akun ini terkunci sementara karena terlalu sering salah kata sandi. Coba lagi dalam "
                f"{result.locked_for} detik, atau minta administrator mereset kata sandi."
            )
        elif result.user is None:
            st.error(
                "Nama pengguna atau kata sandi salah, atau akun dinonaktifkan. Periksa lalu coba lagi; jika lupa kata sandi, hubungi administrator."
            )
        else:
            _begin(result.user, time.time())
            firstrun.forget()
            st.rerun()
    firstrun.just_made()
    if data.run(instance.fresh):  # read now: the first login changes it, and is no change of the data
        _first_steps()
    if data.query("is_demo"):
        rows = "\n".join(f"| `{name}` | {role} | `{password}` |" for name, role, password in auth.demo_accounts(dict(data.query("pillars"))))
        st.info(
            "**Akun demo** — hanya ada di basis data DATA SIMULASI:\n\n| Nama pengguna | Peran | Kata sandi |\n|---|---|---|\n" + rows,
            icon=":material/info:",
        )


def _first_steps() -> None:
    """A real database nobody has used yet: what comes first, instead of the demo's accounts."""
    st.info(
        "**Basis data resmi baru.** Langkah pertama:\n\n"
        "1. Masuk sebagai administrator dengan kata sandi sementara dari `uv run python -m etl init` (atau dari "
        "layar penyiapan), lalu buat kata sandi sendiri. Kata sandi sementaranya hilang? Di server: "
        "`uv run python -m etl users reset admin` (kata sandi sementara baru dibaca dari masukan standar).\n"
        "2. Di halaman **Pengaturan**, ikuti daftar persiapan: akun ketua dan kelima koordinator pilar, rencana aksi, "
        "batas wilayah, tenggat dan ambang status, cadangan harian.\n"
        "3. Sampaikan nama pengguna dan kata sandi sementara kepada pemiliknya; koordinator pilar lalu mengunduh "
        "templat dan mengunggah laporan mingguan pertama.",
        icon=":material/flag:",
    )


def change_password_form(user: User) -> None:
    """Shown instead of every page while an account still has its temporary password."""
    st.title("Ganti kata sandi")
    st.warning("Akun Anda memakai kata sandi sementara. Buat kata sandi baru sebelum melanjutkan.")
    with st.form("ganti_sandi"):
        old = st.text_input("Kata sandi sementara", type="password")
        new = st.text_input("Kata sandi baru (minimal 10 karakter, huruf dan angka)", type="password")
        again = st.text_input("Ulangi kata sandi baru", type="password")
        submitted = st.form_submit_button("Simpan", type="primary")
    if submitted:
        if new != again:
            st.error("Kedua isian kata sandi baru tidak sama. Ketik ulang keduanya.")
            return
        try:
            with gdb.connect(settings.db_path(), write=True) as con:
                auth.change_password(con, user.name, old, new)
        except Exception as exc:  # noqa: BLE001 - a user error says what to fix; anything else a reference number
            show.problem(exc)
        else:
            st.session_state["user"] = User(user.name, user.role, user.pillar, False)
            st.rerun()


def logout() -> None:
    user = st.session_state.get("user")
    if user:
        _end(user)
    st.rerun()


SHELL = "app_shell"  # set by app.py on every run
_FOLLOW_LOGIN_LINK = """<script>
setTimeout(() => {
  const link = [...document.querySelectorAll('a')].find(a => a.textContent.includes('Buka halaman masuk'));
  if (link) { link.click(); }
}, 200);
</script>"""


def require(page: str) -> User:
    """The logged-in user if they may open ``page``; otherwise a clear refusal and the page stops."""
    if SHELL not in st.session_state:
        # Streamlit ran this page without app.py: with a pages/ folder, the first request after a server start
        # that names a page is served the old (v1) way. Nothing is shown but the way to the login.
        st.warning("Silakan masuk terlebih dahulu.")
        st.page_link("app.py", label="Buka halaman masuk", icon=":material/login:")
        st.html(_FOLLOW_LOGIN_LINK, unsafe_allow_javascript=True, width=1)  # followed at once: the visitor sees the login
        st.stop()
    user = st.session_state.get("user")
    if user is None:
        st.warning("Silakan masuk terlebih dahulu.")
        st.stop()
    if not user.may_open(page):
        st.error(f"Halaman ini tidak tersedia untuk peran {auth.ROLES[user.role]}. Pilih halaman lain di menu samping.")
        st.stop()
    return user
