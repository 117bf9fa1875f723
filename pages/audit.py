"""Jejak Audit: who did what and when — logins, uploads, refusals, rollbacks, plan imports, exports,
account changes. For the chair and the administrator."""

import streamlit as st

from gugus import audit, exports
from gugus.views import audit as audit_view
from ui import data, session, show

user = session.require("audit")
st.title("Jejak Audit")
a, b, c = st.columns([2, 3, 3])
actor = a.text_input("Pengguna", key="audit_oleh", placeholder="semua pengguna").strip().lower() or None
actions = b.multiselect("Tindakan", list(audit.ACTIONS), format_func=audit.ACTIONS.get, key="audit_tindakan", placeholder="Semua tindakan")
period = c.date_input("Tanggal", audit.default_period(), format="DD/MM/YYYY", key="audit_tanggal")
since, until = period if isinstance(period, tuple) and len(period) == 2 else (period, period)
frame = data.query("audit", actor, tuple(actions), since, until)
show.sentence(audit_view.sentence(frame, actor, since, until))
if frame.empty:
    show.empty("Tidak ada kejadian pada saringan ini. Perlebar rentang tanggal atau kosongkan saringan.")
else:
    table = audit_view.view(frame)
    st.dataframe(table, hide_index=True, width="stretch")
    data.download(
        "Unduh jejak audit (CSV)", exports.csv_bytes(table), file_name=f"jejak-audit-{since}-{until}.csv", mime="text/csv", icon=":material/download:"
    )
