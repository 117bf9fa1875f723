"""A demo database built once per session and copied for each page test, and AppTest helpers."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from gugus import labels
from gugus.auth import User
from ui.session import SHELL

ROOT = Path(__file__).resolve().parents[2]
USERS = {
    "ketua": User("ketua", "ketua"),
    "pilar": User("pencegahan", "pilar", "pencegahan"),
    "pimpinan": User("pimpinan", "pimpinan"),
    "admin": User("admin", "admin"),
}
PAGES = list(labels.PAGES)  # every page the menu knows, from the one list (and each has its script: tests/test_layers.py)


def page_test(page: str, user: User | None, state: dict | None = None, **query) -> AppTest:
    """One page script run directly (as st.navigation would run it) for ``user``, with ``state`` preset."""
    app = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
    app.session_state[SHELL] = True  # as if app.py had run first, as it does in the server
    if user:
        app.session_state["user"] = user
    for key, value in (state or {}).items():
        app.session_state[key] = value
    for key, value in query.items():
        app.query_params[key] = value
    return app.run()


def shell_test(user: User | None, page: str | None = None, timeout: float = 60, **query) -> AppTest:
    """The whole app (app.py with its navigation) for ``user``, optionally switched to ``page``."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if user:
        app.session_state["user"] = user
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    if page:
        app.switch_page(f"pages/{page}.py").run()
    return app


def texts(app: AppTest) -> str:
    """Everything the page wrote as text, for checks on what a user reads."""
    parts = [
        e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success") for e in getattr(app, kind)
    ]
    parts += [str(m.value) + " " + str(m.label) for m in app.metric]
    parts += [c.value for c in app.code]
    return "\n".join(str(p) for p in parts)
