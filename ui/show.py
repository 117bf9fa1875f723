"""How pages say things: one helper for error / warning / info / empty, the simulation banner, sentences."""

from __future__ import annotations

import streamlit as st

from gugus.db import DatabaseBusy


def simulation_banner() -> None:
    st.warning("**DATA SIMULASI** — basis data demo dengan data sintetis, bukan data sebenarnya.", icon=":material/warning:")


def empty(message: str) -> None:
    """A clear empty state: what is missing and what to do about it."""
    st.info(message, icon=":material/info:")


def sentence(text: str) -> None:
    """The sentence above results that says what is shown."""
    st.markdown(f"**{text}**")


def problem(exc: Exception) -> None:
    """The one place that turns an exception into what a user reads. Never a traceback."""
    if isinstance(exc, DatabaseBusy):
        st.error(str(exc), icon=":material/hourglass_top:")
    else:
        st.error("Terjadi kesalahan yang tidak terduga. Muat ulang halaman; jika terus terjadi, laporkan ke "
                 "administrator beserta jam kejadiannya.", icon=":material/warning:")
