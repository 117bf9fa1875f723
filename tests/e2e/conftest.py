"""Browser tests wait for what a user would wait for: on a shared, busy machine a Streamlit rerun with a map can take
longer than Playwright's default 5 s, so every expectation waits up to 30 s (a failing one still fails)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def patient_expectations():
    try:
        from playwright.sync_api import expect
    except ImportError:  # without Playwright the tests skip or fail on their own, saying why
        yield
        return
    expect.set_options(timeout=30_000)
    yield
