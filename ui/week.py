"""The one week picker, shared by every page and kept in the URL as ``?minggu=2025-W47``."""

from __future__ import annotations

import streamlit as st

from gugus.weeks import Week, current_week, week_range

PARAM = "minggu"  # in the address: ?minggu=2025-W47
KEY = "pilihan_minggu"  # the widget's own key; kept apart from the address parameter
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
                st.sidebar.warning(f"Minggu '{raw}' pada alamat tidak dikenali; ditampilkan {chosen.label()}. "
                                   "Tulis minggu seperti 2025-W47.")
            else:
                chosen = parsed if parsed in weeks else chosen
        st.session_state[KEY] = chosen
    week = st.sidebar.selectbox("Minggu laporan", weeks, key=KEY, format_func=lambda w: w.label())
    st.query_params[PARAM] = str(week)
    return week


def chosen() -> Week:
    """The week chosen in the sidebar (pages call this; app.py draws the picker)."""
    return st.session_state.get(KEY) or _default()
