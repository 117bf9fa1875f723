"""Browser tests wait for what a user would wait for: on a shared, busy machine a Streamlit rerun with a map can take
longer than Playwright's default 5 s, so every expectation waits up to 30 s (a failing one still fails)."""

from __future__ import annotations

import shutil

import pytest

from tests.e2e.test_browser import _require_browser, _serve


@pytest.fixture(autouse=True, scope="session")
def patient_expectations():
    try:
        from playwright.sync_api import expect
    except ImportError:  # without Playwright the tests skip or fail on their own, saying why
        yield
        return
    expect.set_options(timeout=30_000)
    yield


@pytest.fixture(scope="session")
def map_server(tmp_path_factory, demo_year_template):
    """A year of demo data, so that the mayor's office (k = 5) sees shaded kecamatan and routes over a year, and the
    guides' screenshots show a year's figures; nothing is loaded into it (a refused file only logs its refusal).
    (Half a year was too little on some weeks of the calendar: the demo's cases move with the weeks, and every
    kecamatan of Singkawang could fall below 5 cases since the start of the year.)"""
    _require_browser()
    db = tmp_path_factory.mktemp("peta") / "data" / "gugus.duckdb"
    db.parent.mkdir(parents=True)
    shutil.copyfile(demo_year_template[0], db)  # at least a year (YEAR_WEEKS) ending this week, built once per session
    for url in _serve(db):
        yield url, db
