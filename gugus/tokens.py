"""Signed, expiring login tokens, so that a reload (F5) within the idle timeout keeps a user logged in.

A token is ``name.issued.signature`` — HMAC-SHA256 over name and time with a server-side key — and is
valid for ``idle_minutes`` after it was issued; the app re-issues it as the user works. Logging out
or staying idle ends it. The key comes from GUGUS_SESSION_SECRET, or is generated once and kept in
``data/.session-key`` (readable by the server's user only, never committed).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path

from gugus import settings


def _key() -> bytes:
    if configured := str(settings.get("session_secret")):
        return configured.encode()
    path = settings.db_path().parent / ".session-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return Path(path).read_text().strip().encode()


def _sign(payload: str) -> str:
    return hmac.new(_key(), payload.encode(), hashlib.sha256).hexdigest()


def issue(name: str, now: float | None = None) -> str:
    encoded = base64.urlsafe_b64encode(name.encode()).decode().rstrip("=")
    payload = f"{encoded}.{int(1000 * (now if now is not None else time.time()))}"  # milliseconds
    return f"{payload}.{_sign(payload)}"


def verify(token: str | None, now: float | None = None) -> str | None:
    """The user name in a valid, unexpired token; None otherwise."""
    found = verify_issued(token, now)
    return found[0] if found else None


def verify_issued(token: str | None, now: float | None = None) -> tuple[str, float] | None:
    """(user name, issue time) of a valid, unexpired token; None otherwise."""
    if not token or token.count(".") != 2:
        return None
    encoded, issued, signature = token.split(".")
    if not hmac.compare_digest(_sign(f"{encoded}.{issued}"), signature):
        return None
    try:
        issued_at = int(issued) / 1000
        age = (now if now is not None else time.time()) - issued_at
        name = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return (name, issued_at) if 0 <= age <= float(settings.get("idle_minutes")) * 60 else None
