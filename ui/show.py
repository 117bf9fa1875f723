"""How pages say things: one helper for error / warning / info / empty, the simulation banner, sentences."""

from __future__ import annotations

import logging
import uuid

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from gugus.db import DatabaseBusy
from gugus.errors import UserError

log = logging.getLogger("gugus")


# Long labels wrap instead of ending in "…": headline figures must be read whole.
STYLE = """<style>
[data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div {white-space: normal !important; overflow: visible !important;
    text-overflow: clip !important;}
[data-testid="stMetricValue"] {font-size: 1.7rem;}
[data-testid="stMetricValue"] div {white-space: normal !important; overflow: visible !important; text-overflow: clip !important;}
[data-testid="stTable"] td, [data-testid="stTable"] th {vertical-align: top;}
[data-testid="stTable"] tr > :first-child, [data-testid="stTable"] tr > :first-child p {white-space: nowrap !important;}
</style>"""

# Streamlit's file uploader speaks English ("Upload", "20MB per file • XLSX") and has no setting for it: the same
# words in Bahasa Indonesia are drawn over its own, which are kept in the page (size 0) for screen readers. Its
# input hints ("Press Enter to apply", "Press Ctrl+Enter to submit form") are English too, and are not shown.
UPLOADER = """<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {font-size: 0 !important;}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {content: "Pilih berkas";
    font-size: 1rem;}
[data-testid="stFileUploaderDropzoneInstructions"] span {font-size: 0 !important;}
[data-testid="InputInstructions"] {display: none;}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {content: "Maks. %d MB per berkas · .xlsx"; font-size: 0.875rem;}
</style>"""


def style() -> None:
    st.html(STYLE + UPLOADER % st.get_option("server.maxUploadSize"))


def on_phone() -> bool:
    """True when the browser says it is a phone (its User-Agent carries "Mobile"): pages may draw smaller figures."""
    return "Mobile" in (st.context.headers.get("User-Agent") or "")


def simulation_banner() -> None:
    st.warning("**DATA SIMULASI** — basis data demo dengan data sintetis, bukan data sebenarnya.", icon=":material/warning:")


def page_link(slug: str, label: str, container=None) -> None:
    """A link to the page ``slug`` (as registered by app.py's navigation); outside it (a page run on its own), its
    address as a plain link."""
    try:
        (container or st).page_link(f"pages/{slug}.py", label=label, icon=":material/arrow_forward:")
    except StreamlitPageNotFoundError:
        (container or st).markdown(f"[{label}](/{slug.replace('_', '-')})")


def empty(message: str) -> None:
    """A clear empty state: what is missing and what to do about it."""
    st.info(message, icon=":material/info:")


def sentence(text: str) -> None:
    """The sentence above results that says what is shown."""
    st.markdown(f"**{text}**")


def problem(exc: Exception) -> str | None:
    """The one place that turns an exception into what a user reads: never a traceback. A
    :class:`~gugus.errors.UserError` shows its message; anything else gets a reference number, and its details go
    to the server log under that number."""
    if isinstance(exc, UserError):  # what the user can fix: its own message says how
        st.error(str(exc), icon=":material/hourglass_top:" if isinstance(exc, DatabaseBusy) else ":material/error:")
        return None
    reference = uuid.uuid4().hex[:8].upper()
    log.error("kesalahan %s", reference, exc_info=exc)
    st.error(
        f"Terjadi kesalahan yang tidak terduga (nomor rujukan **{reference}**). Muat ulang halaman; jika terus "
        "terjadi, kirim nomor rujukan ini ke administrator — rinciannya tercatat di log server.",
        icon=":material/warning:",
    )
    return reference
