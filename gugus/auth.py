"""Accounts, roles and what each role may do. Passwords are kept only as argon2 hashes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from gugus import audit, labels, settings
from gugus.errors import UserError
from gugus.i18n import t

ROLES = labels.ROLES

# Pages (by their slug) each role may open. Pages re-check this themselves; the navigation only
# lists what is allowed.
PAGES: dict[str, set[str]] = {
    "laporan": {"pilar"},
    "ringkasan": {"ketua", "pilar", "pimpinan"},
    "indikator": {"ketua", "pilar", "pimpinan"},
    "peta": {"ketua", "pilar", "pimpinan"},
    "aksi_ran": {"ketua", "pilar", "pimpinan", "admin"},
    "alur": {"ketua", "pilar", "pimpinan"},
    "rantai": {"ketua", "pilar", "pimpinan"},
    "kelengkapan": {"ketua", "pilar", "admin"},
    "unggah": {"ketua", "pilar"},
    "audit": {"ketua", "admin"},
    "pengguna": {"admin"},
    "pengaturan": {"ketua", "admin"},
    "panduan": {"ketua", "pilar", "pimpinan", "admin"},
}
# The page each role starts on (the address "/").
LANDING = {"ketua": "ringkasan", "pilar": "laporan", "pimpinan": "ringkasan", "admin": "pengaturan"}
ACTIONS: dict[str, set[str]] = {
    "upload": {"ketua", "pilar"},
    "rollback": {"ketua"},
    "ran-edit": {"pilar"},  # the action's own pillar lead, through the same validation as a file
    "plan-import": {"ketua", "admin"},  # a new version of the action plan (a backup first)
    "settings": {"ketua", "admin"},  # the deadline, status thresholds and stall weeks (the chair's; audited)
}
MIN_PASSWORD = 10

_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    name: str
    role: str
    pillar: str | None = None
    must_change: bool = False

    def may_open(self, page: str) -> bool:
        return self.role in PAGES.get(page, set())

    def may(self, action: str, pillar: str | None = None) -> bool:
        """Whether this user may do ``action``; for a pillar-bound action, only on their own pillar."""
        if self.role not in ACTIONS.get(action, set()):
            return False
        return pillar is None or self.role != "pilar" or pillar == self.pillar

    @property
    def k(self) -> int:
        """The suppression threshold for what this user sees."""
        return self.k_for()

    def k_for(self, meeting: bool = False) -> int:
        """The threshold for this user, stricter on a meeting screen."""
        strict = meeting or self.role == "pimpinan"
        internal, strictest = settings.check_k()
        return strictest if strict else internal


class AccountError(UserError, ValueError):
    """A user-management request that cannot be done; the message says why and what to do."""


def temporary_password() -> str:
    """A one-time password for a new or reset account: random, and within the password policy."""
    return "Sementara-" + secrets.token_hex(5) + "9"


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(t("account.password-short", minimum=MIN_PASSWORD))
    if password.isdigit() or password.isalpha():
        raise AccountError(t("account.password-simple"))


def add_user(
    con: duckdb.DuckDBPyConnection,
    name: str,
    role: str,
    password: str,
    pillar: str | None = None,
    *,
    must_change: bool = False,
    check: bool = True,
    by: str | None = None,
    source: str = "cli",
) -> User:
    """Create an account. ``check=False`` skips the password policy (demo accounts only)."""
    name = name.strip().lower()
    if not name or not name.replace(".", "").replace("-", "").replace("_", "").replace("@", "").isalnum():
        raise AccountError(t("account.name-invalid"))
    if role not in ROLES:
        raise AccountError(t("account.role-unknown", role=role, roles=", ".join(ROLES)))
    if role == "pilar":
        known = {r[0] for r in con.execute("SELECT slug FROM pillar").fetchall()}
        if pillar not in known:
            raise AccountError(t("account.pillar-required", pillars=", ".join(sorted(known))))
    else:
        pillar = None
    if check:
        check_password(password)
    if con.execute("SELECT 1 FROM app_user WHERE name = ?", [name]).fetchone():
        raise AccountError(t("account.exists", name=name))
    con.execute(
        "INSERT INTO app_user (name, role, pillar, password_hash, must_change) VALUES (?, ?, ?, ?, ?)",
        [name, role, pillar, _hasher.hash(password), must_change],
    )
    audit.record(con, by, "akun-dibuat", name, f"peran {role}" + (f", pilar {pillar}" if pillar else ""), source)
    return User(name, role, pillar, must_change)


def list_users(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """One dict per account: name, role, pillar, active, created_at; never the hash."""
    cur = con.execute("SELECT name, role, pillar, active, created_at FROM app_user ORDER BY name")
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _existing(con: duckdb.DuckDBPyConnection, name: str) -> str:
    name = name.strip().lower()
    if not con.execute("SELECT 1 FROM app_user WHERE name = ?", [name]).fetchone():
        raise AccountError(t("account.unknown", name=name))
    return name


def disable_user(con: duckdb.DuckDBPyConnection, name: str, *, by: str | None = None, source: str = "cli") -> None:
    """Disable an account; every session of it ends at once."""
    name = _existing(con, name)
    con.execute("UPDATE app_user SET active = false WHERE name = ?", [name])
    end_sessions(con, name)  # an open tab loses access at its next step, not when it next logs in
    audit.record(con, by, "akun-dinonaktifkan", name, None, source)


def reset_password(con: duckdb.DuckDBPyConnection, name: str, temporary: str, *, by: str | None = None, source: str = "cli") -> None:
    """Give an account a temporary password and end its sessions; its owner must choose a new one at the next login."""
    name = _existing(con, name)
    check_password(temporary)
    con.execute(
        """UPDATE app_user SET password_hash = ?, must_change = true, failed_logins = 0, locked_until = NULL,
                   active = true WHERE name = ?""",
        [_hasher.hash(temporary), name],
    )
    end_sessions(con, name)  # whoever holds the old password's session is logged out
    audit.record(con, by, "sandi-direset", name, None, source)


def change_password(con: duckdb.DuckDBPyConnection, name: str, old: str, new: str) -> None:
    """The owner's own change; the old password must match and the new one differ and follow the policy."""
    digest = con.execute("SELECT password_hash FROM app_user WHERE name = ?", [name]).fetchone()
    try:
        _hasher.verify(digest[0] if digest else "", old)
    except (VerificationError, InvalidHashError):
        raise AccountError(t("account.password-wrong")) from None
    if new == old:
        raise AccountError(t("account.password-same"))
    check_password(new)
    con.execute("UPDATE app_user SET password_hash = ?, must_change = false WHERE name = ?", [_hasher.hash(new), name])
    audit.record(con, name, "sandi-diganti", name, None, "app")


FREE_FAILURES = 3  # wrong passwords before the account is locked, for 30 s, doubling with each further failure
LOCK_SECONDS = 30


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    locked_for: int = 0  # seconds the account stays locked, when it is


def login(con: duckdb.DuckDBPyConnection, name: str, password: str, source: str = "app") -> LoginResult:
    """Check a login on a write connection: counts failures, locks the account with a growing delay,
    and writes the attempt to the audit trail."""
    name = name.strip().lower()
    row = con.execute("""SELECT failed_logins, date_diff('second', now(), locked_until) FROM app_user WHERE name = ?""", [name]).fetchone()
    if row and row[1] is not None and row[1] > 0:
        _hasher.hash(password)
        audit.record(con, name, "gagal-masuk", name, "akun sedang terkunci", source)
        return LoginResult(None, int(row[1]))
    user = authenticate(con, name, password)
    if user is None:
        if row is not None:
            failures = (row[0] or 0) + 1
            lock = LOCK_SECONDS * 2 ** (failures - FREE_FAILURES) if failures >= FREE_FAILURES else 0
            con.execute("UPDATE app_user SET failed_logins = ?, locked_until = now() + to_seconds(?) WHERE name = ?", [failures, lock, name])
            if lock:
                audit.record(con, name, "akun-terkunci", name, f"{failures} kali salah; terkunci {lock} detik", source)
        audit.record(con, name or None, "gagal-masuk", name, None, source)
        return LoginResult(None, 0)
    con.execute("UPDATE app_user SET failed_logins = 0, locked_until = NULL, last_login = now() WHERE name = ?", [name])
    audit.record(con, name, "masuk", name, None, source)
    return LoginResult(user)


def find_user(con: duckdb.DuckDBPyConnection, name: str, issued: float | None = None) -> User | None:
    """The active account ``name``; with ``issued`` (a token's issue time), only if the account's
    sessions were not ended (logout, idle timeout) after that moment."""
    row = con.execute(
        """SELECT role, pillar, must_change, epoch(sessions_ended_at) FROM app_user
                         WHERE name = ? AND active""",
        [name],
    ).fetchone()
    if row is None or (issued is not None and row[3] is not None and issued <= row[3]):
        return None
    return User(name, row[0], row[1], row[2])


def end_sessions(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Every token issued to ``name`` until now stops working."""
    con.execute("UPDATE app_user SET sessions_ended_at = now() WHERE name = ?", [name])


def authenticate(con: duckdb.DuckDBPyConnection, name: str, password: str) -> User | None:
    """The user if the name and password match an active account, else None."""
    row = con.execute("SELECT role, pillar, password_hash, active, must_change FROM app_user WHERE name = ?", [name.strip().lower()]).fetchone()
    if row is None:
        _hasher.hash(password)  # same work either way: timing does not tell which names exist
        return None
    role, pillar, digest, active, must_change = row
    try:
        _hasher.verify(digest, password)
    except (VerificationError, InvalidHashError):
        return None
    return User(name.strip().lower(), role, pillar, must_change) if active else None


DEMO_PASSWORD = "demo-{name}-2025"
DEMO_ACCOUNTS = [
    ("ketua", "ketua", None),
    ("pencegahan", "pilar", "pencegahan"),
    ("penegakan-hukum", "pilar", "penegakan-hukum"),
    ("kerja-sama", "pilar", "kerja-sama"),
    ("rehab-kesehatan", "pilar", "rehab-kesehatan"),
    ("rehab-sosial", "pilar", "rehab-sosial"),
    ("pimpinan", "pimpinan", None),
    ("admin", "admin", None),
]


def add_demo_accounts(con: duckdb.DuckDBPyConnection) -> None:
    """One account per role (and per pillar) for the demo database; the login screen lists them."""
    for name, role, pillar in DEMO_ACCOUNTS:
        add_user(con, name, role, DEMO_PASSWORD.format(name=name), pillar, check=False, by="demo")


def demo_accounts(pillar_names: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    """(name, role label, password) of the demo accounts, for the login screen of the demo only; a pillar lead's
    role names the pillar (by ``pillar_names`` when given)."""
    names = pillar_names or {}
    return [(n, ROLES[r] + (f" ({names.get(p, p)})" if p else ""), DEMO_PASSWORD.format(name=n)) for n, r, p in DEMO_ACCOUNTS]
