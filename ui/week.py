"""The one week picker, shared by every page and kept in the URL as ``?minggu=2025-W47``."""

from __future__ import annotations

import streamlit as st

from gugus.weeks import Week, current_week, week_range

PARAM = "minggu"  # in the address: ?minggu=2025-W47
KEY = "pilihan_minggu"  # the chosen week, kept in session state apart from the widget and the address
WIDGET = "pemilih_minggu"  # a stable widget identity, whatever week it shows
CHOICES = 156  # three years back


def _default() -> Week:
    return current_week() - 1  # the last complete week, the one the chair reviews


def week_picker() -> Week:
    """Draw the picker in the sidebar and return the chosen week; a valid ``?minggu=`` in the URL wins."""
    weeks = list(reversed(week_range(current_week(), CHOICES)))
    if KEY not in st.session_state:
        chosen = _default()
        if raw := st.query_params.get(PARAM):
            try:
                parsed = Week.parse(raw)
            except ValueError:
                st.sidebar.warning(f"Minggu '{raw}' pada alamat tidak dikenali; ditampilkan {chosen.label()}. Tulis minggu seperti 2025-W47.")
            else:
                chosen = parsed if parsed in weeks else chosen
        st.session_state[KEY] = chosen
    current = st.session_state[KEY]
    # The widget shows the stored choice rather than owning it: Streamlit drops a widget's state when a
    # run is cut short (a page switch during a rerun), and the week must not jump back to the newest.
    week = st.sidebar.selectbox(
        "Minggu laporan", weeks, index=weeks.index(current) if current in weeks else 1, format_func=lambda w: w.label(), key=WIDGET
    )
    st.session_state[KEY] = week
    st.query_params[PARAM] = str(week)
    return week


def chosen() -> Week:
    """The week chosen in the sidebar (pages call this; app.py draws the picker)."""
    return st.session_state.get(KEY) or _default()


def go_to(week: Week) -> None:
    """Show ``week`` from the next run on: for a button's ``on_click`` (the picker is drawn before any page)."""
    st.session_state[KEY] = week
    st.session_state[WIDGET] = week
    st.query_params[PARAM] = str(week)
