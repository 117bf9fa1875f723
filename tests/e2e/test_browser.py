"""End to end in real headless Chromium: `streamlit run`, log in as the chair, open every page,
upload a workbook with an error, see the error, upload the corrected one, see the new value.

Needs Debian's Chromium at /usr/bin/chromium (``sudo apt-get install chromium``); without it the
test is skipped with that hint — unless GUGUS_REQUIRE_BROWSER=1 (set by .ci/run), then it fails.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from etl.demo import build_demo
from etl.load import reference
from etl.sample import sample_workbook
from gugus import db as gdb
from gugus.weeks import current_week
from tests.conftest import cli, edit, row_of, workbook_cells

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def _require_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium tidak ada di {CHROMIUM}; pasang dengan: sudo apt-get install chromium"
    if os.environ.get("GUGUS_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: Path):
    """``streamlit run app.py`` on ``db`` until the caller is done; yields the address."""
    port = _free_port()
    env = {**os.environ, "GUGUS_DB": str(db)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("streamlit did not start: " + proc.stdout.read().decode(errors="replace")[-2000:])
    try:
        yield url
    finally:  # also when the test using it fails, or the generator is dropped unfinished
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def browser_demo(tmp_path_factory) -> Path:
    """Eight weeks of demo, built once per session; each test serves a copy of its own (they load and withdraw)."""
    _require_browser()
    db = tmp_path_factory.mktemp("demo8") / "gugus.duckdb"
    build_demo(db, weeks=8)
    return db


@pytest.fixture
def server(tmp_path, browser_demo):
    db = tmp_path / "data" / "gugus.duckdb"
    db.parent.mkdir(parents=True)
    shutil.copyfile(browser_demo, db)
    if (browser_demo.parent / "uploads").exists():  # the demo's archived workbooks, as a built demo has them
        shutil.copytree(browser_demo.parent / "uploads", db.parent / "uploads")
    for url in _serve(db):
        yield url, db


def _settled(page) -> None:
    """Wait until the script run has finished, so a click lands on the button the run leaves (not one it replaces)."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)


def _log_in(page, name: str) -> None:
    """Log in on the login screen with the demo account ``name``."""
    page.get_by_label("Nama pengguna").fill(name)
    page.get_by_label("Kata sandi").fill(f"demo-{name}-2025")
    page.get_by_role("button", name="Masuk").click()


def _pick_week(page, week) -> None:
    """Choose ``week`` in the sidebar's week picker."""
    page.get_by_label("Minggu laporan").click()
    page.get_by_role("option", name=week.label()).click()


def _workbooks(db: Path, folder: Path) -> tuple[Path, Path]:
    ref = reference(db)
    good = sample_workbook("pencegahan", current_week() - 1, ref, seed=7)  # the demo's rows: a correction, nothing removed

    def with_value(value):
        def change(book):
            ws = book["Indikator"]
            ws[f"F{row_of(ws, 'PCG-06')}"] = value

        return edit(good, change)

    bad, fixed = folder / "pencegahan-salah.xlsx", folder / "pencegahan-benar.xlsx"
    bad.write_bytes(with_value("banyak"))
    fixed.write_bytes(with_value(4321))
    return bad, fixed


def _same_templates_as_the_command_line(page, db: Path, week, folder: Path) -> None:
    """The page's two template buttons hand over, cell for cell, what ``etl template --week [--prefilled]`` writes for the
    same database and week (what a scheduler drops into a pillar's shared folder)."""
    for button, flags, name in [
        ("Templat kosong", [], f"templat-pencegahan-{week}.xlsx"),
        ("Templat berisi acuan minggu lalu", ["--prefilled"], f"templat-pencegahan-{week}-acuan-{week - 1}.xlsx"),
    ]:
        _settled(page)
        with page.expect_download() as got:
            page.get_by_role("button", name=button).click()
        assert got.value.suggested_filename == name
        from_page = folder / f"halaman-{name}"
        got.value.save_as(from_page)
        shared = folder / "folder-bersama"
        shared.mkdir(exist_ok=True)
        made = cli("--db", str(db), "template", "pencegahan", "--week", str(week), *flags, "-o", str(shared))
        out, err = made.communicate(timeout=120)
        assert made.returncode == 0, err
        assert workbook_cells((shared / name).read_bytes()) == workbook_cells(from_page.read_bytes()), button


def test_chair_reviews_every_page_and_corrects_an_upload(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url, db = server
    bad, fixed = _workbooks(db, tmp_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        page.goto(url)
        expect(page.get_by_text("Akun demo")).to_be_visible(timeout=30_000)  # a cold server
        _log_in(page, "ketua")
        expect(page.get_by_role("heading", name="Ringkasan mingguan")).to_be_visible()
        expect(page.get_by_text("basis data demo dengan data sintetis")).to_be_visible()  # the DATA SIMULASI banner

        for link, heading in [
            ("Indikator", "Indikator"),
            ("Kelengkapan & Riwayat", "Kelengkapan & Riwayat"),
            ("Unggah Data", "Unggah Data"),
            ("Ringkasan", "Ringkasan mingguan"),
        ]:
            page.get_by_role("link", name=link).click()
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
            page.wait_for_load_state("networkidle")
            assert page.locator("[data-testid='stException']").count() == 0, link
            assert f"minggu={current_week() - 1}" in page.url  # the week stays in the address

        earlier = current_week() - 3  # a week picked in the sidebar stays picked across pages
        _pick_week(page, earlier)
        expect(page.get_by_text(f"5 pilar, {earlier.label()}")).to_be_visible()
        page.get_by_role("link", name="Indikator").click()
        expect(page.get_by_role("heading", name="Indikator", exact=True)).to_be_visible()
        expect(page.get_by_text(f"pilar Pencegahan, {earlier.label()}")).to_be_visible()
        assert f"minggu={earlier}" in page.url
        _pick_week(page, current_week() - 1)

        page.get_by_role("link", name="Unggah Data").click()
        _same_templates_as_the_command_line(page, db, current_week() - 1, tmp_path)
        uploader = page.locator("input[type='file']")
        uploader.set_input_files(str(bad))
        expect(page.get_by_text("pencegahan-salah.xlsx ditolak: 1 kesalahan")).to_be_visible()
        expect(page.get_by_text("Unduh berkas Anda dengan sel bermasalah ditandai")).to_be_visible()

        uploader.set_input_files(str(fixed))
        expect(page.get_by_text("pencegahan-benar.xlsx lolos pemeriksaan")).to_be_visible()
        page.get_by_role("button", name="Muat ke basis data").click()
        expect(page.get_by_text("Dimuat sebagai unggahan")).to_be_visible()

        page.get_by_role("link", name="Indikator").click()
        expect(page.get_by_text("8 indikator, pilar Pencegahan")).to_be_visible()
        table = page.locator("[data-testid='stTable']").first
        expect(table).to_contain_text("4.321")  # the new value, in Indonesian number format
        assert page.locator("[data-testid='stException']").count() == 0
        page.screenshot(path=str(tmp_path / "indikator.png"), full_page=True)
        browser.close()


# Off the machine nothing resolves, as in a meeting room without internet; the GPU stays on (no
# --disable-gpu), so the browser has WebGL2 like the projector's laptop.
OFFLINE_ARGS = [
    "--no-sandbox",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
    "Mobile Safari/537.36"
)  # what an officer's Android phone sends
BACKGROUNDS = np.array([[255, 255, 255], [0xCF, 0xE2, 0xF0]])  # the page, and the sea: what a blank map shows


def _drawn_share(png: bytes) -> float:
    """The share of pixels that are neither page nor sea: land, shapes, routes, markers and labels."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3).astype(int)
    near = np.abs(pixels[:, None, :] - BACKGROUNDS[None, :, :]).max(axis=2) <= 6
    return float(1 - near.any(axis=1).mean())


def _colour_pixels(png: bytes, rgb: tuple[int, int, int], tolerance: int = 40) -> int:
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3).astype(int)
    return int((np.abs(pixels - np.array(rgb)).max(axis=1) <= tolerance).sum())


def _apart(a: dict, b: dict) -> bool:
    return a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"] or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]


def _labels(chart) -> tuple[int, list]:
    """How many texts the map writes, and the pairs of them that overlap on screen."""
    boxes = chart.evaluate("""c => [...c.querySelectorAll('.geolayer text')].filter(t => t.textContent.trim()).map(t => {
                                  const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, t.textContent]; })""")
    clashes = [
        (a[4], b[4])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if min(a[2], b[2]) - max(a[0], b[0]) > 2 and min(a[3], b[3]) - max(a[1], b[1]) > 2
    ]
    return len(boxes), clashes


def _shaded(db: Path, url: str, weeks: int, k: int) -> bool:
    """Whether the map of the page at ``url`` (its week), over ``weeks``, shows a kecamatan of its own at ``k``: the
    demo's cases move with the calendar, and some weeks every kecamatan is below k and merged into its parent."""
    from gugus import maps
    from gugus.mapdata import period_start
    from gugus.weeks import Week

    week = Week.parse(re.search(r"minggu=([0-9]{4}-W[0-9]{2})", url)[1])
    with gdb.connect(db) as con:
        areas = maps.map_data(con, period_start(week, weeks), week, k).areas
    return bool((areas["cases"].fillna(0) > 0).any())


def _check_map(page, chart, legend, shots: Path, name: str, shaded: bool = True) -> float:
    """The map draws geography and data, and the legend sits outside it; returns the drawn share. ``shaded``: a
    kecamatan has its own count to colour (else every one is merged into its kabupaten/kota, and the map says so)."""
    page.wait_for_timeout(500)
    frame = chart.locator(".geolayer .bg, .geo .bg").first if chart.locator(".geo .bg").count() else chart
    png = chart.screenshot(path=str(shots / f"{name}.png"))
    share = _drawn_share(png)
    assert share > 0.25, (name, share)  # land, kecamatan, routes and markers (0.36–0.60 seen); a blank map is page and sea only
    assert _colour_pixels(png, (0xD8, 0x43, 0x15)) > 400, name  # routes with cases (orange)
    if shaded:
        assert _colour_pixels(png, (0x6B, 0xAE, 0xD6), 25) + _colour_pixels(png, (0x21, 0x71, 0xB5), 25) > 400, name  # kecamatan
    else:
        from playwright.sync_api import expect

        expect(chart).to_contain_text("kecamatan digabung")
    assert _colour_pixels(png, (0xB7, 0x1C, 0x1C), 30) > 20, name  # PLBN markers
    assert _apart(legend.bounding_box(), frame.bounding_box()), name  # the legend never covers the map
    labels, clashes = _labels(chart)
    assert labels >= 8, name  # place names and counts are written on the map
    assert not clashes, (name, clashes)  # labels legible: none written over another
    return share


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_the_map_works_offline_in_a_meeting(map_server, tmp_path, size):
    from playwright.sync_api import expect, sync_playwright

    url, db = map_server
    shots = tmp_path
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=OFFLINE_ARGS)
        context = browser.new_context(viewport={"width": size[0], "height": size[1]}, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(60_000)
        away = []
        context.on("request", lambda r: away.append(r.url) if not r.url.startswith(("http://127.0.0.1", "file:", "data:", "blob:")) else None)
        page.goto(url)
        assert page.evaluate("!!document.createElement('canvas').getContext('webgl2')")  # WebGL2 is there
        _log_in(page, "pimpinan")
        page.get_by_role("link", name="Peta Kasus").click()
        expect(page.get_by_role("heading", name="Peta Kasus")).to_be_visible()
        chart = page.locator("[data-testid='stPlotlyChart']").first
        expect(chart.locator(".geolayer")).to_be_visible()
        legend = page.get_by_test_id("peta-legenda")
        expect(legend).to_contain_text("Rute (lebar = jumlah kasus)")
        expect(chart).to_contain_text("PLBN Aruk")  # place names as SVG text: no glyph server
        expect(page.get_by_text("Tanpa peta dasar")).to_have_count(0)
        page.get_by_label("Periode laporan").click()  # a year, whatever the week of the calendar
        page.get_by_role("option", name="1 tahun").click()
        _settled(page)
        chart = page.locator("[data-testid='stPlotlyChart']").first
        expect(chart.locator(".geolayer")).to_be_visible()
        shaded = _shaded(db, page.url, 52, 5)
        normal = _check_map(page, chart, legend, shots, f"peta-{size[0]}", shaded)
        page.screenshot(path=str(shots / f"halaman-{size[0]}.png"), full_page=True)

        _settled(page)
        with page.expect_download() as download:
            page.get_by_text("Peta interaktif (HTML, bisa luring)").click()
        html = tmp_path / "peta.html"
        download.value.save_as(html)
        with page.expect_download() as download:
            page.get_by_text("Peta cetak A4 (PDF)").click()
        pdf = tmp_path / "peta.pdf"
        download.value.save_as(pdf)
        assert pdf.read_bytes().startswith(b"%PDF")

        page.get_by_role("button", name="Mode Rapat").click()
        expect(page.get_by_role("button", name="Keluar dari Mode Rapat")).to_be_visible()
        expect(page.get_by_role("heading", name="Peta Kasus")).to_have_count(0)  # no controls, just the map
        # The exit button shows early in the run, beside the map of the page before (Streamlit keeps it until the new one
        # is drawn): on a busy machine, measuring at once measured the old map. Wait for the run, then for the new map.
        _settled(page)
        chart = page.locator("[data-testid='stPlotlyChart']").first
        expect(chart.locator(".geolayer")).to_be_visible()
        page.wait_for_function(  # labels for the back of the room: fails after the timeout if they never grow
            """() => Math.max(...[...document.querySelectorAll('[data-testid=stPlotlyChart] .geolayer text')]
                                  .map(t => parseFloat(t.style.fontSize || getComputedStyle(t).fontSize))) >= 18""",
            timeout=60_000,
        )
        meeting = _check_map(page, chart, page.get_by_test_id("peta-legenda"), shots, f"rapat-{size[0]}", shaded)
        page.screenshot(path=str(shots / f"rapat-halaman-{size[0]}.png"))

        offline = context.new_page()  # the downloaded file, from disk, still with no network
        offline.goto(html.as_uri())
        figure = offline.locator("#peta")
        expect(figure.locator(".geolayer")).to_be_visible()
        expect(offline.locator("h1")).to_contain_text("Peta Kasus TPPO")
        expect(offline.get_by_text("DATA SIMULASI")).to_be_visible()
        downloaded = _check_map(offline, figure, offline.get_by_test_id("peta-legenda"), shots, f"unduhan-{size[0]}", shaded)
        offline.evaluate("Plotly.restyle('peta', {visible: false})")  # the same map with nothing drawn: the blank baseline
        offline.wait_for_timeout(500)
        blank = _drawn_share(figure.screenshot())
        assert blank < 0.02 and min(normal, meeting, downloaded) > 10 * max(blank, 0.01), (blank, normal, meeting, downloaded)
        offline.screenshot(path=str(shots / f"unduhan-halaman-{size[0]}.png"), full_page=True)
        assert page.locator("[data-testid='stException']").count() == 0
        assert away == [], away[:5]  # nothing the pages asked for left the machine
        browser.close()


def test_on_a_phone_the_legend_and_figures_come_below_the_map(map_server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url, _ = map_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=OFFLINE_ARGS)
        page = browser.new_page(viewport={"width": 412, "height": 900}, is_mobile=True, has_touch=True, user_agent=PHONE_AGENT)
        page.set_default_timeout(60_000)
        page.goto(url)
        _log_in(page, "pimpinan")
        expect(page.get_by_role("heading", name="Ringkasan mingguan")).to_be_visible()
        page.wait_for_function("document.cookie.includes('gugus_sesi=')")
        page.goto(f"{url}/peta")
        expect(page.get_by_role("heading", name="Peta Kasus")).to_be_visible()
        chart = page.locator("[data-testid='stPlotlyChart']").first
        chart.scroll_into_view_if_needed()  # below the controls: plotly draws it once it is scrolled to
        expect(chart.locator(".geolayer")).to_be_visible(timeout=30_000)
        legend = page.get_by_test_id("peta-legenda")
        expect(legend).to_be_visible()
        map_box, legend_box = chart.bounding_box(), legend.bounding_box()
        assert legend_box["y"] >= map_box["y"] + map_box["height"] - 1  # stacked below, not beside or over
        assert map_box["width"] <= 412 and map_box["height"] < 360 and _drawn_share(chart.screenshot()) > 0.2  # a phone-sized map
        labels, clashes = _labels(chart)
        assert labels and not clashes, clashes  # fewer labels on a phone, none over another
        countries = page.locator("[data-testid='stPlotlyChart']").nth(1)
        assert countries.bounding_box()["y"] > legend_box["y"]
        for i, y in enumerate((map_box["y"], legend_box["y"])):
            page.mouse.wheel(0, y - 100)
            page.screenshot(path=str(tmp_path / f"peta-ponsel-{i}.png"))
        browser.close()


def test_login_survives_a_reload_and_logout_ends_it(server):
    from playwright.sync_api import expect, sync_playwright

    url, _ = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(60_000)
        page.goto(url)
        _log_in(page, "ketua")
        expect(page.get_by_role("heading", name="Ringkasan mingguan")).to_be_visible()
        page.wait_for_function("document.cookie.includes('gugus_sesi=')")
        assert "gugus_sesi" not in page.url  # the token lives in a cookie, never in a shareable address
        page.reload()  # F5: a new Streamlit session in the same browser
        expect(page.get_by_role("heading", name="Ringkasan mingguan")).to_be_visible()
        expect(page.get_by_label("Nama pengguna")).to_have_count(0)
        page.goto(f"{url}/ringkasan")  # the chair's first page by its own address: no "Page not found" dialog
        expect(page.get_by_role("heading", name="Ringkasan mingguan")).to_be_visible()
        page.wait_for_load_state("networkidle")
        expect(page.get_by_text("Page not found")).to_have_count(0)
        page.get_by_role("button", name="Keluar").click()
        expect(page.get_by_label("Nama pengguna")).to_be_visible()
        page.reload()  # after logout a reload shows the login again
        expect(page.get_by_label("Nama pengguna")).to_be_visible()
        browser.close()


def test_a_hostile_upload_is_refused_and_the_server_lives_on(server, tmp_path):
    """The 16 KB workbook that used to abort the server process: refused on the page, and every user keeps
    the dashboard. Also: a tab whose account is disabled meanwhile is logged out at its next click."""
    from playwright.sync_api import expect, sync_playwright

    from gugus import auth
    from gugus import db as gdb
    from tests.etl.test_hostile import with_far_cell

    url, db = server
    far = tmp_path / "pencegahan-sudut-jauh.xlsx"
    far.write_bytes(with_far_cell(sample_workbook("pencegahan", current_week() - 1, reference(db)), "Indikator", "XFD1048576"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        page.goto(f"{url}/unggah")  # the first request after a start names a page: Streamlit's pages-folder mode,
        expect(page.get_by_label("Nama pengguna")).to_be_visible(timeout=30_000)  # which leads straight to the login
        page.goto(f"{url}/indikator")  # a link opened before logging in: the login, then the page it named
        expect(page.get_by_label("Nama pengguna")).to_be_visible()
        _log_in(page, "pencegahan")
        expect(page.get_by_role("heading", name="Indikator", exact=True)).to_be_visible()
        page.goto(f"{url}/pengguna")  # an address this role may not open: a refusal in Bahasa Indonesia
        expect(page.get_by_text("tidak tersedia untuk peran Koordinator pilar")).to_be_visible()
        expect(page.get_by_text("Page not found")).to_have_count(0)
        page.get_by_role("link", name="Unggah Data").click()
        expect(page.get_by_role("heading", name="Unggah Data")).to_be_visible()
        cookie = next(c for c in page.context.cookies() if c["name"] == "gugus_sesi")
        assert cookie["sameSite"] == "Strict" and cookie["path"] == "/"
        assert 0 < cookie["expires"] - time.time() <= 30 * 60 + 5  # it dies with the idle timeout
        page.locator("input[type='file']").set_input_files(str(far))
        expect(page.get_by_text("pencegahan-sudut-jauh.xlsx ditolak")).to_be_visible()
        expect(page.get_by_text("sampai baris 1.048.576 kolom XFD").first).to_be_attached()  # in the issue table
        assert urllib.request.urlopen(f"{url}/_stcore/health", timeout=5).status == 200  # the server is alive
        page.get_by_role("link", name="Indikator").click()
        expect(page.get_by_role("heading", name="Indikator", exact=True)).to_be_visible()
        assert page.locator("[data-testid='stException']").count() == 0
        _settled(page)
        with page.expect_download() as got:
            page.get_by_role("button", name="Unduh tabel (CSV)").click()
        assert Path(got.value.path()).read_bytes().decode("utf-8-sig").startswith("Kode;")

        on_phone = browser.new_context(viewport={"width": 412, "height": 900}, is_mobile=True, has_touch=True)
        on_phone.add_cookies(page.context.cookies())  # the same login, on a phone
        phone = on_phone.new_page()
        phone.goto(f"{url}/ringkasan")  # the menu closes once a page is picked, or it would cover the page
        expect(phone.get_by_role("heading", name="Ringkasan mingguan")).to_be_visible()
        phone.wait_for_load_state("networkidle")
        sidebar = phone.locator("[data-testid='stSidebar']")
        phone.get_by_test_id("stExpandSidebarButton").click()
        expect(sidebar).to_have_attribute("data-collapsed", "false")
        phone.get_by_role("link", name="Aksi RAN").click()
        expect(phone.get_by_role("heading", name="Aksi RAN TPPO")).to_be_visible()
        expect(sidebar).to_have_attribute("data-collapsed", "true")

        with gdb.connect(db, write=True) as con:
            auth.disable_user(con, "pencegahan", by="admin")
        with page.expect_download() as got:  # a button drawn before the account was disabled hands over nothing
            page.get_by_role("button", name="Unduh tabel (CSV)").click()
        assert "Akses akun ini sudah dicabut" in Path(got.value.path()).read_text(encoding="utf-8")
        page.get_by_role("link", name="Ringkasan").click()  # a download does not rerun the page; the next click does
        expect(page.get_by_text("Sesi Anda diakhiri")).to_be_visible()  # and ends the tab's session
        expect(page.get_by_label("Nama pengguna")).to_be_visible()
        page.reload()  # and the cookie no longer opens a session
        expect(page.get_by_label("Nama pengguna")).to_be_visible()
        browser.close()


_OVERFLOW = """() => [...document.querySelectorAll('[data-testid=stTable]')].map(t => {
    const table = t.querySelector('table');
    return {fits: table.getBoundingClientRect().right <= t.getBoundingClientRect().right + 1,
            head: [...table.querySelectorAll('thead th')].map(h => h.innerText.trim())};
})"""


@pytest.mark.parametrize("width", [1400, 1920])
def test_the_chairs_tables_are_read_whole(server, tmp_path, width):
    """At 1.400 and 1.920 px the columns that carry the decision show without horizontal scrolling and
    no headline label is cut: Ringkasan, Indikator (every pillar) and Aksi RAN."""
    from playwright.sync_api import expect, sync_playwright

    url, _ = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": 1000})
        page.set_default_timeout(60_000)
        page.goto(url)
        _log_in(page, "ketua")
        expect(page.get_by_role("heading", name="Ringkasan mingguan")).to_be_visible()
        overdue_shown = page.locator("[data-testid=stTable]").filter(has_text="Penanggung jawab")
        expect(overdue_shown.or_(page.get_by_text("Tidak ada aksi RAN yang lewat tenggat"))).to_be_visible()
        expect(page.locator("[data-testid=stMetricLabel]")).to_have_count(5)
        cut = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stMetricLabel] p')]
                                 .filter(p => p.scrollWidth > p.clientWidth + 1).map(p => p.innerText)""")
        assert cut == [], cut
        tables = page.evaluate(_OVERFLOW)
        assert all(t["fits"] for t in tables), tables
        overdue = [t for t in tables if "Penanggung jawab" in t["head"]]
        assert len(overdue) == overdue_shown.count()
        assert not overdue or {"Tenggat", "Progres", "Penanggung jawab"} <= set(overdue[0]["head"])
        page.get_by_role("link", name="Indikator").click()
        expect(page.get_by_role("heading", name="Indikator", exact=True)).to_be_visible()  # not Ringkasan's last frame
        for pillar in ("Pencegahan", "Penegakan Hukum", "Kerja Sama dan Koordinasi", "Rehabilitasi Kesehatan", "Rehabilitasi Sosial"):
            page.get_by_label("Pilar", exact=True).click()
            page.get_by_role("option", name=pillar, exact=True).click()
            expect(page.get_by_text(f"pilar {pillar},")).to_be_visible()
            expect(page.locator("[data-testid=stTable]").filter(has_text="Dasar penilaian")).to_be_visible()
            [table] = [t for t in page.evaluate(_OVERFLOW) if "Dasar penilaian" in t["head"]]
            assert table["fits"] and {"Status", "Capaian", "Dasar penilaian", "Target"} <= set(table["head"]), (pillar, table)
            if pillar == "Rehabilitasi Kesehatan":
                row = page.locator("[data-testid=stTable] tr", has_text="RKS-04")
                expect(row).to_contain_text("hari dari target")  # lower is better: a gap in days, never a share
                page.screenshot(path=str(tmp_path / f"indikator-{width}.png"))
        page.get_by_role("link", name="Aksi RAN").click()
        expect(page.get_by_role("heading", name="Aksi RAN TPPO")).to_be_visible()
        expect(page.locator("[data-testid=stTable]").filter(has_text="Tenggat")).to_be_visible()
        [actions] = [t for t in page.evaluate(_OVERFLOW) if "Kegiatan" in t["head"] and "Tenggat" in t["head"]]
        assert actions["fits"] and {"Penanggung jawab", "Tenggat", "Status", "Progres"} <= set(actions["head"]), actions
        assert page.locator("[data-testid='stException']").count() == 0
        browser.close()


_FITS = """(el) => { const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, clipped: el.scrollWidth > el.clientWidth + 1}; }"""


def test_a_pillar_lead_does_the_week_on_a_phone(server, tmp_path):
    """412 × 900, as a pillar lead: the menu closes after a choice, the week shows on every page, a refused
    workbook's error reads whole, the corrected one loads, a correction that leaves a value out loads only after
    the tick, and one RAN action is updated."""
    from playwright.sync_api import expect, sync_playwright

    from gugus import db as gdb

    url, db = server
    bad, fixed = _workbooks(db, tmp_path)
    week = current_week() - 1
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 412, "height": 900}, is_mobile=True, has_touch=True)
        page.set_default_timeout(60_000)
        page.goto(url)
        _log_in(page, "pencegahan")
        expect(page.get_by_role("heading", name="Laporan Pencegahan")).to_be_visible()  # the lead's own page first
        main, sidebar = page.get_by_test_id("stMain"), page.get_by_test_id("stSidebar")
        expect(main.get_by_text(week.label()).first).to_be_in_viewport()
        expect(main.get_by_text("Tenggat").first).to_be_visible()
        expect(sidebar).not_to_be_in_viewport()
        page.screenshot(path=str(tmp_path / "telepon-1-laporan.png"))

        page.get_by_test_id("stExpandSidebarButton").click()
        expect(sidebar).to_be_in_viewport()
        sidebar.get_by_role("link", name="Indikator").click()
        expect(page.get_by_role("heading", name="Indikator", exact=True)).to_be_visible()
        expect(sidebar).not_to_be_in_viewport()  # the menu closed after the choice
        expect(main.get_by_text(week.label()).first).to_be_in_viewport()  # and the week is there, on this page too
        page.screenshot(path=str(tmp_path / "telepon-2-indikator.png"))
        page.get_by_test_id("stExpandSidebarButton").click()
        sidebar.get_by_role("link", name="Laporan Saya").click()
        expect(page.get_by_role("heading", name="Laporan Pencegahan")).to_be_visible()
        expect(sidebar).not_to_be_in_viewport()

        drawn = page.get_by_test_id("stFileUploaderDropzone").evaluate(
            """(zone) => [zone.querySelector('button p'), zone.querySelector('[data-testid=stFileUploaderDropzoneInstructions] span')]
                .map(el => [getComputedStyle(el).fontSize, getComputedStyle(el, '::after').content])"""
        )
        assert drawn == [["0px", '"Pilih berkas"'], ["0px", '"Maks. 20 MB per berkas · .xlsx"']], drawn  # not "Upload"
        uploader = page.locator("input[type='file']")
        uploader.set_input_files(str(bad))
        expect(page.get_by_text("pencegahan-salah.xlsx ditolak: 1 kesalahan")).to_be_visible()
        message = main.locator("li", has_text="bukan angka")
        expect(message).to_contain_text("Lembar Indikator, sel F")
        expect(message).to_contain_text('"banyak" bukan angka. Tulis angka saja, misalnya 1.234 atau 12,5.')
        message.scroll_into_view_if_needed()
        box = message.evaluate(_FITS)
        assert box["left"] >= 0 and box["right"] <= 412 and not box["clipped"], box  # wrapped, read whole
        page.screenshot(path=str(tmp_path / "telepon-3-ditolak.png"))

        page.get_by_test_id("stFileChipDeleteBtn").first.click()
        expect(page.get_by_text("ditolak")).to_have_count(0)
        uploader.set_input_files(str(fixed))
        expect(page.get_by_text("pencegahan-benar.xlsx lolos pemeriksaan")).to_be_visible()
        first_row = main.locator("[data-testid=stTable] tbody tr").first
        expect(first_row).to_contain_text("Berubah")  # the decisive column first, the changed row on top
        expect(first_row).to_contain_text("4.321")
        page.screenshot(path=str(tmp_path / "telepon-4-pratinjau.png"))
        page.get_by_role("button", name="Muat ke basis data").click()
        expect(page.get_by_text("Dimuat sebagai unggahan")).to_be_visible()

        # A correction that leaves a stored value out: named, and loaded only once the lead ticks the confirmation
        partial = tmp_path / "pencegahan-tanpa-pcg07.xlsx"
        partial.write_bytes(edit(fixed.read_bytes(), lambda book: book["Indikator"].delete_rows(row_of(book["Indikator"], "PCG-07"))))
        page.get_by_test_id("stFileChipDeleteBtn").first.click()
        expect(page.get_by_text("Dimuat sebagai unggahan")).to_have_count(0)
        uploader.set_input_files(str(partial))
        expect(page.get_by_text("pencegahan-tanpa-pcg07.xlsx lolos pemeriksaan")).to_be_visible()
        removed_row = main.locator("[data-testid=stTable] tbody tr").first
        expect(removed_row).to_contain_text("Akan dihapus")
        load = page.get_by_role("button", name="Muat ke basis data")
        expect(load).to_be_disabled()
        page.get_by_text("Saya mengerti: 1 isian").click()
        expect(load).to_be_enabled()
        load.click()
        expect(page.get_by_text("Dimuat sebagai unggahan")).to_be_visible()

        action = page.get_by_label("Aksi").first
        expect(action).to_be_visible()
        slider = page.get_by_role("slider").first
        slider.focus()
        page.keyboard.press("ArrowLeft")
        page.get_by_label("Bukti / keterangan minggu ini").fill("Surat undangan 045/77/2026")
        page.get_by_role("button", name="Simpan aksi ini").click()
        expect(page.get_by_text("Tersimpan:")).to_be_visible()
        page.screenshot(path=str(tmp_path / "telepon-5-aksi.png"))
        assert page.locator("[data-testid='stException']").count() == 0
        browser.close()
    with gdb.connect(db) as con:
        evidence = con.execute("SELECT evidence FROM ran_update_current WHERE week = ? AND pillar = 'pencegahan'", [str(week)]).fetchall()
        value = con.execute("""SELECT value FROM indicator_value_current WHERE week = ? AND indicator = 'PCG-06'""", [str(week)]).fetchall()
        removed = con.execute("""SELECT count(*) FROM indicator_value_current WHERE week = ? AND indicator = 'PCG-07'""", [str(week)]).fetchone()[0]
    assert ("Surat undangan 045/77/2026",) in evidence and value == [(4321.0,)] and removed == 0


@pytest.mark.parametrize("role", ["ketua", "pimpinan"])
def test_the_chair_and_the_mayors_office_follow_the_victims_journey(map_server, tmp_path, role):
    """Alur Korban and Rantai Layanan in Chromium: the funnel and the days chart are drawn, the drop-outs are listed;
    the chair gets the case lists, the mayor's office never sees a case reference. Screenshots go to
    GUGUS_SCREENSHOTS when set (to look at), else to the test's folder."""
    from playwright.sync_api import expect, sync_playwright

    url, _ = map_server
    shots = Path(os.environ.get("GUGUS_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=OFFLINE_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 2400})
        page.set_default_timeout(60_000)
        page.goto(url)
        _log_in(page, role)
        page.get_by_role("link", name="Alur Korban").click()
        expect(page.get_by_role("heading", name="Alur Penanganan Korban")).to_be_visible()
        _settled(page)
        charts = page.locator("[data-testid='stPlotlyChart']")
        expect(charts.first.locator(".funnellayer, .trace.funnel").first).to_be_attached()
        expect(page.get_by_text("Korban yang mencapai tiap tahap")).to_be_visible()
        funnel = charts.first.screenshot()
        assert _colour_pixels(funnel, (0x1F, 0x4E, 0x79), 20) > 2000  # the funnel's bars are painted
        days = charts.nth(1).screenshot()
        assert _colour_pixels(days, (0xC6, 0x28, 0x28), 40) > 30  # the standard's red marks beside the bars
        expect(page.get_by_role("heading", name="Korban menunggu tahap berikutnya melebihi standar")).to_be_visible()
        if role == "ketua":
            expect(page.get_by_role("heading", name="Alur per kasus")).to_be_visible()
            expect(page.get_by_role("heading", name="Data antarpilar yang tidak cocok")).to_be_visible()
        else:
            expect(page.get_by_role("heading", name="Alur per kasus")).to_have_count(0)
            assert "LP/B/" not in page.inner_text("body")
        page.screenshot(path=str(shots / f"alur-{role}.png"), full_page=True)

        page.get_by_role("link", name="Rantai Layanan").click()
        expect(page.get_by_role("heading", name="Rantai Layanan Publik")).to_be_visible()
        _settled(page)
        expect(page.get_by_text("Penerbitan / wawancara paspor").first).to_be_visible()
        expect(page.get_by_text("Imigrasi Singkawang, Imigrasi Sambas").first).to_be_visible()
        if role == "ketua":
            expect(page.get_by_role("heading", name="Tindak lanjut temuan")).to_be_visible()
        else:
            expect(page.get_by_role("heading", name="Tindak lanjut temuan")).to_have_count(0)
            assert "LP/B/" not in page.inner_text("body")
        page.screenshot(path=str(shots / f"rantai-{role}.png"), full_page=True)
        assert page.locator("[data-testid='stException']").count() == 0
        browser.close()


def _office_matrix(path: Path) -> None:
    """A matrix as an office types it: a title with the year, no Pilar column (section rows instead), "Tenggat Waktu",
    old agency names, quarter columns marked with x, a budget, and a remarks column."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Matriks RAD"
    ws.append(["MATRIKS RENCANA AKSI DAERAH PENCEGAHAN DAN PENANGANAN TPPO KOTA SINGKAWANG TAHUN 2026"])
    ws.append(
        ["No", "Strategi / Program", "Uraian Kegiatan", "PJ", "Tenggat Waktu", "TW I", "TW II", "TW III", "TW IV", "Sumber Dana", "Catatan Rapat"]
    )
    ws.append(["I. BIDANG PENCEGAHAN"])
    ws.append(["R1", "Edukasi", "Sosialisasi migrasi aman di sekolah", "Disdik", None, "x", "x", None, None, "APBD", "usul Disdik"])
    ws.append(["R2", None, "Penyuluhan calon pekerja migran", "BP2MI", "30 September", None, None, None, None, "APBN", None])
    ws.append(["II. BIDANG PENEGAKAN HUKUM"])
    ws.append(["R3", "Penindakan", "Patroli bersama jalur tikus", "Polres Singkawang", None, None, None, "x", "x", "APBD", None])
    book.save(path)


def test_the_chair_imports_an_office_matrix_in_the_app(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url, db = server
    matrix = tmp_path / "rad-kota.xlsx"
    _office_matrix(matrix)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.set_default_timeout(60_000)
        page.goto(url)
        _log_in(page, "ketua")
        expect(page.get_by_role("heading", name="Ringkasan mingguan")).to_be_visible()
        page.get_by_role("link", name="Aksi RAN").click()
        expect(page.get_by_role("heading", name="Aksi RAN TPPO")).to_be_visible()
        expect(page.get_by_text("Rencana aksi ini contoh")).to_be_visible()  # the demo's plan is the example: the import is open
        page.locator("input[type='file']").set_input_files(str(matrix))
        expect(page.get_by_text("3. Pratinjau: 3 aksi")).to_be_visible(timeout=60_000)  # read and checked: all steps drawn
        _settled(page)
        page.screenshot(path=str(tmp_path / "impor-rencana-pemetaan.png"), full_page=True)
        expect(page.get_by_text("1. Cara kolom dibaca")).to_be_visible()
        expect(page.get_by_text('E — "Tenggat Waktu"')).to_be_visible()  # the deadline read from "Tenggat Waktu"
        expect(page.get_by_text('D — "PJ"')).to_be_visible()
        expect(page.get_by_text('F–I — "TW I … TW IV"')).to_be_visible()  # the quarter columns, read as the schedule
        expect(page.get_by_text('baris bagian "II. BIDANG PENEGAKAN HUKUM" (baris 6)').first).to_be_visible()

        # the person knows better: "Catatan Rapat" is no field; read nothing from "Sumber Dana" either
        page.get_by_text("Ubah kolom yang dibaca").click()
        source = page.get_by_label("Sumber anggaran")
        source.click()
        page.keyboard.type("(tidak ada")
        page.keyboard.press("Enter")
        _settled(page)
        expect(page.get_by_text('"Sumber Dana"').first).to_be_visible()  # now kept as another column
        page.get_by_role("button", name="Impor sebagai versi rencana baru").click()
        expect(page.get_by_text("Rencana aksi versi 2 dimuat: 3 aksi; menggantikan versi 1")).to_be_visible()
        expect(page.get_by_text("Rencana aksi ini contoh")).to_have_count(0)  # the page shows the new plan at once
        expect(page.get_by_role("button", name="Impor sebagai versi rencana baru")).to_have_count(0)  # not twice
        assert page.locator("[data-testid='stException']").count() == 0
        browser.close()
    with gdb.connect(db) as con:
        actions = con.execute("SELECT code, pillar, start, due, budget_source, extra FROM ran_action ORDER BY code").fetchall()
        audit = con.execute(
            "SELECT actor, action, source FROM audit_event WHERE action = 'impor-rencana' ORDER BY happened_at DESC LIMIT 1"
        ).fetchone()
    import datetime as dt
    import json

    assert [(c, p, s, d) for c, p, s, d, *_ in actions] == [
        ("R1", "pencegahan", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        ("R2", "pencegahan", None, dt.date(2026, 9, 30)),
        ("R3", "penegakan-hukum", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
    ]
    assert [b for *_, b, _ in actions] == [None, None, None]  # the source column was set aside by hand
    assert json.loads(actions[0][5]) == {"Sumber Dana": "APBD", "Catatan Rapat": "usul Disdik"}
    assert audit == ("ketua", "impor-rencana", "app")
