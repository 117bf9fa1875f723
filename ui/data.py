"""Streamlit wrappers over the core: database start-up, and query results cached by data version.

Every cached result is keyed by the database's data version, which grows with each load, rollback
or reference change. A new upload therefore shows at once for every user; the version itself is
re-read at most every two seconds, so a page does not open the database just to ask.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from etl import sandbox
from etl.load import reference as load_reference
from etl.template import week_template
from gugus import audit, auth, bootstrap, briefing, briefing_files, completeness, instance, maps, ran, settings, summary
from gugus import db as gdb
from gugus.i18n import t
from gugus.views import aksi_ran, alur, indikator, kelengkapan, peta, rantai
from gugus.weeks import Week
from ui import firstrun

QUERIES: dict[str, Callable[..., Any]] = {
    "week_summary": summary.week_summary,
    "indicator_table_page": indikator.table_page,
    "indicator_detail_page": indikator.detail_page,
    "completeness_page": kelengkapan.page,
    "rejections": completeness.rejections,
    "pillar_week": completeness.pillar_week,
    "map_page": peta.page,
    "ran_actions": ran.actions,
    "ran_page": aksi_ran.page,
    "alur_page": alur.page,
    "alur_lead": alur.lead,
    "rantai_page": rantai.page,
    "ran_detail": aksi_ran.detail_figure,
    "ran_gaps": ran.coordination_gaps,
    "ran_removed": ran.removed_actions,
    "plan_info": ran.plan_info,
    "agencies": lambda con: dict(con.execute("SELECT code, short FROM agency").fetchall()),
    "map_filters": maps.filter_choices,
    "audit": lambda con, actor, actions, since, until: audit.entries(con, actor, actions, since, until),
    "pillars": lambda con: con.execute("SELECT slug, name_id FROM pillar ORDER BY no").fetchall(),
    "is_demo": instance.is_demo,
}


_READY: set[str] = set()  # databases found ready in this process: a database never stops being so


def database_ready() -> bool:
    """Whether the database is there and can be logged in to (see :func:`gugus.instance.ready`); on a first start
    with ``GUGUS_DEMO=1`` the demo is built first."""
    path = settings.db_path()
    if str(path) in _READY:
        if not path.exists():  # moved, deleted, an unmounted disk: never a new empty database, never the set-up
            raise instance.InstanceError(t("db.missing", path=str(path)))
        return True
    if not path.exists() and str(settings.get("demo")).strip() == "1":
        firstrun.build_demo_with_progress()
    if path.exists() and run(instance.ready):
        _READY.add(str(path))
        return True
    return False


@st.cache_resource(show_spinner=False)
def _ensured(db: str) -> bool:
    """Migrate (and refresh reference data) once per server process, not on every read: that takes the
    write lock and reads every reference CSV."""
    bootstrap.ensure_database(db)
    sandbox.warm(2)  # processes that read uploaded workbooks, ready before the first upload (the others start if needed)
    return True


@st.cache_data(ttl=2, show_spinner=False)
def _version(db: str) -> int:
    _ensured(db)
    with gdb.connect(db) as con:
        return gdb.data_version(con)


def version() -> int:
    return _version(str(settings.db_path()))


def changed() -> None:
    """Call after this app changed the database, so every user sees it at the next rerun."""
    _version.clear()


@st.cache_data(max_entries=256, show_spinner="Memuat data…")
def _run(name: str, db: str, data_version: int, args: tuple) -> Any:
    with gdb.connect(db) as con:
        return QUERIES[name](con, *args)


def query(name: str, *args: Any) -> Any:
    """The result of the named core query, from the cache when the data has not changed since."""
    return _run(name, str(settings.db_path()), version(), args)


@st.cache_resource(max_entries=4, show_spinner=False)
def _reference(db: str, data_version: int):
    return load_reference(db, ensure=False)


def reference():
    """Reference data for validating uploads, read once per data version."""
    return _reference(str(settings.db_path()), version())


def run(fn: Callable[..., Any], *args: Any, write: bool = False, **kwargs: Any) -> Any:
    """Call a core function on a fresh connection (not cached): for reads that must be current, and
    for changes (``write=True``), after which every user's cache is refreshed."""
    with gdb.connect(settings.db_path(), write=write) as con:
        result = fn(con, *args, **kwargs)
    if write:
        changed()
    return result


@st.cache_data(max_entries=32, show_spinner="Menyiapkan templat…")
def _template(db: str, data_version: int, pillar: str, week: str, prefilled: bool) -> bytes:
    ref, chosen = _reference(db, data_version), Week.parse(week)
    if not prefilled:  # a blank template reads nothing of the database
        return week_template(None, pillar, chosen, ref)
    with gdb.connect(db) as con:
        return week_template(con, pillar, chosen, ref, prefilled=True)


def template(pillar: str, week, prefilled: bool = False) -> bytes:
    """The pillar's workbook for ``week``: blank, or pre-filled with the week before's values."""
    return _template(str(settings.db_path()), version(), pillar, str(week), prefilled)


def record(action: str, target: str | None = None, detail: object = None) -> None:
    """Write one event of the logged-in user to the audit trail (for example a download)."""
    user = st.session_state.get("user")
    with gdb.connect(settings.db_path(), write=True) as con:
        audit.record(con, user.name if user else None, action, target, detail, "app")
    changed()


def briefing_pack(week: Week, audience: str, on_progress: Callable[[str], None] | None = None) -> dict[str, bytes]:
    """The briefing pack of ``week`` for ``audience`` in both formats, made now for the logged-in user (not cached:
    each making is in the audit trail) — only for an audience the user's role may brief."""
    user = st.session_state.get("user")
    if user is None or audience not in briefing.audiences_for(user.role):
        raise briefing.BriefingError(
            f"Peran {auth.ROLES.get(user.role, '') if user else ''} tidak membuat bahan rapat untuk peserta ini. "
            "Pilih peserta yang ditawarkan di halaman Ringkasan."
        )
    _, files = briefing_files.generate(week, audience, db=settings.db_path(), by=user.name, source="app", on_progress=on_progress)
    changed()
    return files


REVOKED = "Akses akun ini sudah dicabut; berkas tidak diberikan. Masuk lagi, atau hubungi administrator.\n"


def deliver(user, since: float, content: Any, file_name: str) -> Any:
    """The file, if the account that was shown the button may still have it at the moment of the click (the
    click runs before the page's own re-check); the use, or the refusal, goes to the audit trail."""
    with gdb.connect(settings.db_path(), write=True) as con:
        if user is None or auth.find_user(con, user.name, since) is None:
            audit.record(con, user.name if user else None, "unduh-ditolak", file_name, "akses dicabut", "app")
            return REVOKED.encode()
        audit.record(con, user.name, "unduh", file_name, None, "app")
    return content() if callable(content) else content


def download(label: str, content: Any, file_name: str, mime: str | None = None, container: Any = None, **kwargs: Any) -> None:
    """A download button whose use is written to the audit trail. ``content`` may be a callable. The file is
    handed over only after the account is checked again, when the button is clicked."""
    user, since = st.session_state.get("user"), st.session_state.get("login_at", 0.0)
    # No rerun on the click: a rerun racing the file's request could end the page (say, for an account disabled
    # meanwhile) before the file, or its refusal, is handed over; the next click reruns as usual.
    kwargs.setdefault("on_click", "ignore")
    (container or st).download_button(label, lambda: deliver(user, since, content, file_name), file_name=file_name, mime=mime, **kwargs)
