"""Importing an action plan (RAD matrix) in the app, for the chair and the administrator: upload the matrix, see
which column each field was read from and each action's pillar with its reason, correct a column by hand, read the
issues at their cells, preview the actions, import them as a new plan version. The same read and import path as
``etl plan`` (:func:`etl.plan.import_plan`), a backup first."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from etl.plan import CANONICAL, import_plan, read_plan_matrix
from gugus import settings
from gugus.auth import User
from gugus.errors import UserError
from gugus.views.aksi_ran import budget_text
from gugus.weeks import format_day
from ui import data, upload

NONE = "(tidak ada)"
DONE, ROUND = "rencana_hasil", "rencana_putaran"


def mapping_table(mapping: list[dict]) -> pd.DataFrame:
    """Which column of the file each field was read from."""
    return pd.DataFrame(
        {
            "Isian": [m["label"] for m in mapping],
            "Dibaca dari kolom": [f'{m["column"]} — "{m["header"]}"' for m in mapping],
            "Lembar": [m.get("sheet", "") for m in mapping],
        }
    )


def pillar_table(actions: list[dict], pillars: dict[str, str]) -> pd.DataFrame:
    """Each action's pillar and what it was taken from."""
    return pd.DataFrame(
        {
            "Kode": [a["code"] for a in actions],
            "Kegiatan": [a["activity"] for a in actions],
            "Pilar": [pillars.get(a["pillar"], "–") for a in actions],
            "Dasar": [a.get("pillar_reason") or "kolom Pilar" for a in actions],
        }
    )


def preview_table(actions: list[dict], agencies: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Kode": [a["code"] for a in actions],
            "Kegiatan": [a["activity"] for a in actions],
            "Penanggung jawab": [agencies.get(a["lead_agency"], a["lead_agency"]) for a in actions],
            "Mulai": [format_day(a["start"]) if a["start"] else "–" for a in actions],
            "Tenggat": [format_day(a["due"]) if a["due"] else "–" for a in actions],
            "Anggaran": [budget_text(a.get("budget_source"), a.get("budget_amount")) for a in actions],
        }
    )


def section(user: User) -> None:
    """The whole import, step by step; nothing is stored before the import button."""
    st.caption(
        "Unggah matriks RAD seperti yang diketik di kantor Anda: judul di atas, kolom dalam urutan apa pun, strategi "
        "digabung, baris bagian per bidang, jadwal per triwulan atau bulan. Periksa cara setiap kolom dibaca sebelum mengimpor."
    )
    if done := st.session_state.pop(DONE, None):  # the import of the run before, said once the page shows the new plan
        st.success(done)
    file = st.file_uploader("Matriks rencana aksi (.xlsx)", type=["xlsx"], key=f"rencana_berkas_{st.session_state.get(ROUND, 0)}")
    if file is None:
        return
    raw = file.getvalue()
    key = "rencana_kolom:" + hashlib.sha256(raw).hexdigest()
    chosen: dict[str, str | None] = st.session_state.setdefault(key, {})
    read = f"{key}:{sorted(chosen.items(), key=str)}:{data.version()}"
    if read not in st.session_state:  # read once per file and choice of columns, not on every rerun of the page
        st.session_state[read] = read_plan_matrix(raw, file.name, data.reference(), chosen or None)
    report, matrix = st.session_state[read]

    st.markdown("**1. Cara kolom dibaca**")
    if matrix.mapping:
        st.table(mapping_table(matrix.mapping), hide_index=True)
        if matrix.extra:
            st.caption("Kolom lain disimpan apa adanya bersama tiap aksi: " + "; ".join(f'"{h}"' for h in matrix.extra) + ".")
    if matrix.headers:
        with st.expander("Ubah kolom yang dibaca"):
            read_from = {m["field"]: m["header"] for m in matrix.mapping}
            options = [NONE, *matrix.headers]
            for field, label in CANONICAL.items():
                current = read_from.get(field)  # as read now, with the choices made so far
                picked = st.selectbox(label, options, index=options.index(current) if current in options else 0, key=f"{key}:{field}")
                if (None if picked == NONE else picked) != current:
                    chosen[field] = None if picked == NONE else picked
                    st.rerun()

    pillars = dict(data.query("pillars"))
    if matrix.actions:
        st.markdown("**2. Pilar setiap aksi**")
        st.table(pillar_table(matrix.actions, pillars), hide_index=True)
    if not report.ok:
        st.markdown("**3. Yang perlu diperbaiki**")
        upload.issue_list(report.all_issues())
        st.error("Matriks belum dapat diimpor; tidak ada yang disimpan. Perbaiki sel yang disebut, atau ubah kolom yang dibaca di atas.")
        return
    st.markdown(f"**3. Pratinjau: {len(matrix.actions)} aksi**")
    st.dataframe(preview_table(matrix.actions, data.query("agencies")), hide_index=True)
    if st.button("Impor sebagai versi rencana baru", type="primary", key=key + ":impor"):
        try:
            result = import_plan(raw, file.name, db=settings.db_path(), by=user.name, chosen=chosen or None, source="app")
        except UserError as exc:
            st.error(str(exc))
            return
        data.changed()
        if result.version is None:
            upload.issue_list(result.report.all_issues())
            return
        removed = f" Aksi yang tidak ada lagi (riwayatnya disimpan): {', '.join(result.removed)}." if result.removed else ""
        st.session_state[DONE] = (
            f"Matriks ini sama dengan rencana aksi versi {result.version} yang berlaku; tidak ada yang diubah."
            if result.unchanged
            else f"Rencana aksi versi {result.version} dimuat: {len(result.actions)} aksi"
            + (f"; menggantikan versi {result.superseded}" if result.superseded else "")
            + f". Cadangan basis data dibuat lebih dulu.{removed}"
        )
        st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1  # an empty file box: the same file is not imported twice
        st.rerun()  # the whole page again, on the new plan
