"""Going live in real headless Chromium: the IT officer's first run (etl init → the administrator logs in → makes a
pillar lead → that lead uploads the first real workbook), and the guides' screenshots, taken from the demo in every
test run so the guides never drift from the app."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from etl.load import reference
from etl.sample import sample_workbook
from gugus import auth, guides, instance
from gugus import db as gdb
from gugus.weeks import current_week
from tests.conftest import cli, edit
from tests.e2e.test_browser import ARGS, CHROMIUM, _log_in, _require_browser, _serve, _settled, _workbooks

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 800}


def _sign_in(page, name: str, password: str) -> None:
    page.get_by_label("Nama pengguna").fill(name)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def _change_password(page, old: str, new: str) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Ganti kata sandi")).to_be_visible()
    page.get_by_label("Kata sandi sementara").fill(old)
    page.get_by_label("Kata sandi baru (minimal 10 karakter, huruf dan angka)").fill(new)
    page.get_by_label("Ulangi kata sandi baru").fill(new)
    page.get_by_role("button", name="Simpan").click()


def _choose(page, label: str, option: str) -> None:
    page.get_by_label(label).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_the_it_officer_goes_live_and_the_first_pillar_lead_uploads(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    _require_browser()
    db = tmp_path / "kota" / "data" / "gugus.duckdb"
    done = cli("--db", str(db), "init", "--json")
    out, _ = done.communicate(timeout=120)
    assert done.returncode == 0, out
    made = json.loads(out)
    assert made["admin"] == "admin" and made["password"].startswith("Sementara-")
    week = current_week() - 1
    workbook = tmp_path / "pencegahan-pertama.xlsx"

    def resmi(book):
        book["Identitas"]["B7"] = "RESMI"

    workbook.write_bytes(edit(sample_workbook("pencegahan", week, reference(db), seed=3), resmi))
    shots = tmp_path / "layar"
    shots.mkdir()
    for url in _serve(db):
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            admin = browser.new_page(viewport=DESKTOP)
            admin.set_default_timeout(60_000)
            admin.goto(url)
            expect(admin.get_by_text("Basis data resmi baru")).to_be_visible(timeout=30_000)  # the first steps, not demo accounts
            expect(admin.get_by_text("Akun demo")).to_have_count(0)
            admin.screenshot(path=str(shots / "1-masuk.png"))
            _sign_in(admin, "admin", made["password"])
            _change_password(admin, made["password"], "sandi-admin-kota-1")
            expect(admin.get_by_role("heading", name="Pengaturan")).to_be_visible(timeout=30_000)  # the administrator lands on the checklist
            expect(admin.get_by_text("Akun Koordinator pilar Pencegahan").first).to_be_visible()
            expect(admin.get_by_test_id("stSidebar").get_by_text("Basis data resmi")).to_be_visible()
            _settled(admin)
            admin.screenshot(path=str(shots / "2-pengaturan.png"), full_page=True)

            admin.get_by_test_id("stSidebar").get_by_role("link", name="Pengguna").click()
            expect(admin.get_by_role("heading", name="Pengguna")).to_be_visible()
            admin.get_by_label("Nama pengguna").fill("wulan.pcg")
            _choose(admin, "Peran", "Koordinator pilar")
            _choose(admin, "Pilar (untuk koordinator pilar)", "Pencegahan")
            admin.get_by_role("button", name="Tambah").click()
            created = admin.get_by_text("Akun wulan.pcg dibuat.")
            expect(created).to_be_visible()
            temporary = re.search(r"Kata sandi sementara: (\S+)", created.inner_text())[1]
            admin.screenshot(path=str(shots / "3-pengguna.png"))

            lead = browser.new_context(viewport=DESKTOP).new_page()
            lead.set_default_timeout(60_000)
            lead.goto(url)
            _sign_in(lead, "wulan.pcg", temporary)
            _change_password(lead, temporary, "sandi-wulan-pcg-2")
            expect(lead.get_by_role("heading", name="Laporan Pencegahan")).to_be_visible(timeout=30_000)
            lead.locator("input[type='file']").set_input_files(str(workbook))
            expect(lead.get_by_text("pencegahan-pertama.xlsx lolos pemeriksaan")).to_be_visible(timeout=30_000)
            lead.get_by_role("button", name="Muat ke basis data").click()
            expect(lead.get_by_text("Dimuat sebagai unggahan")).to_be_visible()
            lead.screenshot(path=str(shots / "4-unggahan-pertama.png"))
            assert lead.locator("[data-testid='stException']").count() == 0

            admin.get_by_test_id("stSidebar").get_by_role("link", name="Pengaturan").click()
            expect(admin.get_by_text("1 unggahan resmi").first).to_be_visible()  # the checklist follows
            browser.close()
    with gdb.connect(db) as con:
        uploads = con.execute("SELECT pillar, week, uploaded_by, simulated FROM upload").fetchall()
        items = {i.key: i.state for i in instance.checklist(con, db)}
        users = {u["name"]: u["role"] for u in auth.list_users(con)}
    assert uploads == [("pencegahan", str(week), "wulan.pcg", False)]
    assert items["admin"] == items["akun-pencegahan"] == items["unggahan"] == "selesai"
    assert users == {"admin": "admin", "wulan.pcg": "pilar"}


def _keep(png: bytes, name: str) -> Path:
    """A screenshot into the guides' folder, in 256 colours (small in the repository, sharp for text)."""
    target = guides.PICTURES / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    Image.open(io.BytesIO(png)).convert("RGB").quantize(256).save(target, optimize=True)
    return target


def _drawn(path: Path) -> float:
    pixels = np.asarray(Image.open(path).convert("RGB")).astype(int)
    return float((np.abs(pixels - 255).sum(axis=2) > 60).mean())


def _open_as(browser, url: str, name: str):
    from playwright.sync_api import expect

    page = browser.new_context(viewport=DESKTOP).new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    expect(page.get_by_label("Nama pengguna")).to_be_visible(timeout=30_000)
    _log_in(page, name)
    return page


def _go(page, link: str, heading: str) -> None:
    from playwright.sync_api import expect

    page.get_by_test_id("stSidebar").get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", name=heading).first).to_be_visible(timeout=30_000)


def _shot(page, name: str, taken: dict[str, Path], at: str | None = None) -> None:
    """The page's main area (the menu left out: the page's words print larger), scrolled to the heading ``at``."""
    _settled(page)
    if at:
        page.get_by_role("heading", name=at).first.evaluate("(el) => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(1200)  # charts finish drawing after the run
    box = page.get_by_test_id("stSidebar").bounding_box()
    left = box["x"] + box["width"] if box and box["x"] >= 0 and box["width"] > 0 else 0
    clip = {"x": left, "y": 0, "width": DESKTOP["width"] - left, "height": DESKTOP["height"]}
    taken[name] = _keep(page.screenshot(clip=clip), name)


def test_the_guides_screenshots_are_taken_from_the_demo(map_server, tmp_path):
    """Every picture a guide names is taken here, from the demo as each role sees it; the PDF guide holds every step."""
    from playwright.sync_api import expect, sync_playwright

    url, db = map_server
    bad, _ = _workbooks(db, tmp_path)
    taken: dict[str, Path] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        page = _open_as(browser, url, "pencegahan")
        expect(page.get_by_role("heading", name="Laporan Pencegahan")).to_be_visible()
        _shot(page, "pilar-laporan", taken)
        page.locator("input[type='file']").set_input_files(str(bad))
        message = page.get_by_test_id("stMain").locator("li", has_text="bukan angka")
        expect(message).to_be_visible()
        page.get_by_text("pencegahan-salah.xlsx ditolak").scroll_into_view_if_needed()
        _shot(page, "pilar-ditolak", taken)
        _shot(page, "pilar-aksi-ran", taken, at="2. Perbarui aksi RAN, satu per satu")

        page = _open_as(browser, url, "ketua")
        expect(page.get_by_role("heading", name="Ringkasan mingguan")).to_be_visible()
        _shot(page, "ketua-ringkasan", taken)
        _go(page, "Kelengkapan & Riwayat", "Kelengkapan & Riwayat")
        _shot(page, "ketua-kelengkapan", taken)
        _go(page, "Aksi RAN", "Aksi RAN TPPO")
        _shot(page, "ketua-aksi-ran", taken, at="Kinerja per instansi penanggung jawab")
        _go(page, "Pengaturan", "Pengaturan")
        _shot(page, "ketua-pengaturan", taken, at="Tenggat dan ambang status")

        page = _open_as(browser, url, "pimpinan")
        _go(page, "Peta Kasus", "Peta Kasus")
        expect(page.locator("canvas").first).to_be_visible()
        _settled(page)
        page.locator("[data-testid='stPlotlyChart']").first.evaluate("(el) => el.scrollIntoView({block: 'start'})")
        _shot(page, "pimpinan-peta", taken)
        page.get_by_role("button", name="Mode Rapat").click()
        expect(page.get_by_role("button", name="Keluar dari Mode Rapat")).to_be_visible()
        _shot(page, "pimpinan-mode-rapat", taken)

        page = _open_as(browser, url, "admin")
        expect(page.get_by_role("heading", name="Pengaturan")).to_be_visible()
        _shot(page, "admin-pengaturan", taken)
        _go(page, "Pengguna", "Pengguna")
        _shot(page, "admin-pengguna", taken)
        assert page.locator("[data-testid='stException']").count() == 0
        browser.close()
    wanted = {name for role in guides.ORDER for name in guides.guide(role).pictures}
    assert set(taken) == wanted  # every picture a guide names, and none it does not
    for name, path in taken.items():
        assert _drawn(path) > 0.03, name  # a page, not a blank screen
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(guides.pdf())).pages)
    flat = re.sub(r"\s+", " ", text)
    for role in guides.ORDER:
        own = guides.guide(role)
        assert own.title in flat
        for step in own.steps:
            assert re.sub(r"\*\*|`", "", step)[:60] in flat, (role, step)
    assert "Gambar belum dibuat" not in flat
