"""Streamlit wrappers over the core: database start-up and cached reads keyed by the data version."""

from __future__ import annotations

import streamlit as st

from etl.demo import build_demo
from etl.load import status
from gugus import settings


def ensure_demo_database() -> None:
    """On first start with no database, build the demo one, showing progress instead of a blank page."""
    path = settings.db_path()
    if path.exists():
        return
    bar = st.progress(0.0, text="Menyiapkan basis data demo (DATA SIMULASI) untuk pertama kali…")

    def progress(done: int, total: int, message: str) -> None:
        bar.progress(min(done / total, 1.0) if total else 0.0, text=f"Menyiapkan basis data demo: {message}")

    build_demo(path, on_progress=progress)
    bar.empty()


@st.cache_data(show_spinner="Memuat ringkasan data…")
def _status(db: str, version_hint: float) -> dict:
    return status(db)


def load_status() -> dict:
    """Per-pillar load status, cached until the database file changes."""
    path = settings.db_path()
    return _status(str(path), path.stat().st_mtime if path.exists() else 0.0)
