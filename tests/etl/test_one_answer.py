"""One answer from every door (issue 20): for the same workbook and the same database, ``validate``, ``load --dry-run``,
``load``, the inbox folder and the upload page's check give the same verdict and the same issues — on a database that
does not exist yet, on a new real one without an action plan, and on a populated one (the demo, with its plan)."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import workbook as wb
from etl.load import reference
from etl.sample import sample_book, sample_workbook
from etl.template import workbook_bytes
from gugus import db as gdb
from gugus import instance
from gugus.weeks import Week, current_week
from tests.conftest import WEEK, edit, etl, row_of, sample_bytes, with_value, workbook_cells
from tests.pages.conftest import USERS, page_test

NOW = current_week()
LOADED, NEW = NOW - 2, NOW - 30  # a week the demo holds, and one it does not


def run(*args: str) -> tuple[int, str, str]:
    """``python -m etl ARGS`` in this process: exit code, standard output and standard error."""
    done = etl(*args)
    return done.returncode, done.stdout, done.stderr


def answers(output: str) -> dict[str, tuple]:
    """Per file of a ``--json`` answer: accepted or not, the upload that loaded it before (if one did), and its issues in full."""
    data = json.loads(output)
    issues: dict[str, list] = {}
    for i in data["issues"]:
        issues.setdefault(i["file"], []).append((i["code"], i["severity"], i["sheet"], i["row"], i["column"], i["message"]))
    before = {u["file"]: u["upload_id"] for u in data["uploads"] if u["status"] == "already-loaded"}
    return {u["file"]: (u["status"] != "rejected", before.get(u["file"]), sorted(issues.get(u["file"], []))) for u in data["uploads"]}


# ---- workbooks, valid and spoiled ------------------------------------------------------------------------------------


def _set_value(book, value) -> None:
    ws = book[wb.SHEET_INDICATORS]
    ws.cell(2, 6).value = value


def _unknown_indicator(book) -> None:
    book[wb.SHEET_INDICATORS].cell(2, 1).value = "XXX-99"


def _nik(book) -> None:
    ws = book[wb.SHEET_INDICATORS]
    ws.cell(2, ws.max_column).value = "korban NIK 6172011203900004"


def _future(book) -> None:
    book[wb.SHEET_IDENTITY]["B3"] = str(NOW + 3)


def _real(book) -> None:
    book[wb.SHEET_IDENTITY]["B7"] = wb.REAL_MARK


def _unknown_action(book) -> None:
    ws = book[wb.SHEET_RAN]
    row = next(r for r in range(2, ws.max_row + 2) if ws.cell(r, 1).value is None)
    ws.cell(row, 1).value = "PCG-Z99"
    ws.cell(row, 5).value = "Berjalan"
    ws.cell(row, 6).value = 40


def _emptied(book) -> None:
    for name in book.sheetnames:
        if name in (wb.SHEET_GUIDE, wb.SHEET_IDENTITY, wb.SHEET_LISTS):
            continue
        ws = book[name]
        for r in range(2, ws.max_row + 1):
            for c in range(1, ws.max_column + 1):
                ws.cell(r, c).value = None


def _drop_row(book) -> None:
    ws = book[wb.SHEET_INDICATORS]
    ws.delete_rows(2)


SPOILS = {
    "as-is": None,
    "text-value": lambda book: _set_value(book, "banyak"),
    "negative": lambda book: _set_value(book, -3),
    "unknown-indicator": _unknown_indicator,
    "nik": _nik,
    "future-week": _future,
    "real-data": _real,
    "unknown-action": _unknown_action,
    "emptied": _emptied,
    "drop-row": _drop_row,
    "already-loaded": "archive",
}


@dataclass(frozen=True)
class Spec:
    pillar: str
    week: Week
    spoil: str
    seed: int


PAIRS = [(pillar, week) for pillar in wb.PILLAR_SLUGS for week in (LOADED, NEW)]
BATCH = len(PAIRS)  # ten files: all but one of the spoils in every batch
# A batch: ten files, each of another pillar or week (the page checks each file against the database, a load one after
# the other) and each spoiled another way, so that every example tries several doors' rules at once.
batches = st.tuples(st.permutations(list(SPOILS)), st.permutations(PAIRS), st.lists(st.integers(1, 40), min_size=BATCH, max_size=BATCH)).map(
    lambda t: [Spec(pillar, week, spoil, seed) for spoil, (pillar, week), seed in zip(t[0][:BATCH], t[1][:BATCH], t[2], strict=False)]
)


def workbook(spec: Spec, ref, db: Path) -> bytes:
    spoil = SPOILS[spec.spoil]
    if spoil == "archive" and db is not None:  # the very file the database holds for that pillar and week, when it holds one
        with gdb.connect(db) as con:
            row = con.execute("SELECT sha256 FROM upload_current WHERE pillar = ? AND week = ?", [spec.pillar, str(spec.week)]).fetchone()
        archived = db.parent / "uploads" / f"{row[0]}.xlsx" if row else None
        if archived and archived.exists():
            return archived.read_bytes()
        spoil = None
    book = sample_book(spec.pillar, spec.week, ref, seed=spec.seed)  # spoiled before it is saved
    if spoil and spoil != "archive":
        spoil(book)
    return workbook_bytes(book)


# ---- the doors ---------------------------------------------------------------------------------------------------------


def copy_of(db: Path | None, where: Path) -> Path:
    """A database of its own for a door that writes: a copy of ``db`` with its archive, or a path with none (missing)."""
    target = where / "gugus.duckdb"
    where.mkdir(parents=True)
    if db is not None and db.exists():
        shutil.copyfile(db, target)
        if (db.parent / "uploads").exists():
            shutil.copytree(db.parent / "uploads", where / "uploads")
    return target


def page_answers(db: Path, files: dict[str, bytes], monkeypatch) -> dict[str, tuple]:
    """The chair's upload page, all files chosen at once: per file, accepted or not, and every message it shows."""
    monkeypatch.setenv("GUGUS_DB", str(db))
    app = page_test("unggah", USERS["ketua"])
    app.get("file_uploader")[0].set_value([(name, data, "application/octet-stream") for name, data in files.items()])
    app.run()
    assert not app.exception, app.exception
    out = {}
    for name in files:
        [box] = [b for b in app.main.children.values() if any(f"**{name}**" in str(getattr(e, "value", "")) for e in _walk(b))]
        elements = list(_walk(box))
        text = "\n".join(str(getattr(e, "value", "")) + " " + str(getattr(e, "label", "")) for e in elements)
        refused = any(e.type == "error" for e in elements)
        confirm = [e.label for e in elements if e.type == "checkbox"]
        out[name] = (refused, confirm, text)
    return out


def _walk(block):
    for child in getattr(block, "children", {}).values():
        yield child
        yield from _walk(child)


def agree(files: dict[str, bytes], db: Path | None, missing: Path, tmp: Path, monkeypatch) -> None:
    """Every door answers the same for ``files`` on ``db`` (``None``: the database at ``missing`` does not exist)."""
    folder = tmp / "berkas"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    paths = [str(folder / name) for name in files]
    target = db or missing
    code, out, _ = run("--db", str(target), "validate", "--json", *paths)
    checked = answers(out)
    assert code == (0 if all(a[0] for a in checked.values()) else 1)
    assert json.loads(out)["reference"]["exists"] is (db is not None)
    code_dry, out, _ = run("--db", str(target), "load", "--dry-run", "--json", *paths)
    assert (code_dry, answers(out)) == (code, checked)
    assert db is not None or not missing.exists()  # a check makes no database
    loaded_db = copy_of(db, tmp / "load")
    code_load, out, _ = run("--db", str(loaded_db), "load", "--json", *paths)
    assert (code_load, answers(out)) == (code, checked)
    inbox_db, inbox = copy_of(db, tmp / "inbox"), tmp / "kotak-masuk"
    shutil.copytree(folder, inbox)
    code_inbox, out, _ = run("--db", str(inbox_db), "load", "--json", str(inbox))
    assert (code_inbox, answers(out)) == (code, checked)
    for name, (ok, _, issues) in checked.items():  # the inbox's own report beside a refused file says the same
        report = inbox / f"{name}.MASALAH.txt"
        assert report.exists() is not ok
        assert ok or all(message in report.read_text() for *_, message in issues)
    if db is None:
        return  # the app never checks a file against a database that does not exist (it offers to set one up)
    for name, (refused, confirm, text) in page_answers(db, files, monkeypatch).items():
        ok, before, issues = checked[name]
        if before:  # loaded before: the page says so, with the same upload, and offers no load
            assert f"sudah pernah dimuat sebagai unggahan #{before}" in text and not refused and not confirm, (name, text)
            continue
        needs_confirmation = {i[0] for i in issues} & {"values-removed", "progress-lowered"}
        if needs_confirmation and all(i[1] == "warning" or i[0] in needs_confirmation for i in issues):
            # the page asks for the confirmation that the command line's --allow-removal gives: the same entries
            counted = sum(int(re.search(r"akan (?:menghapus|menurunkan progres) (\d+)", i[5])[1]) for i in issues if i[0] in needs_confirmation)
            assert confirm == [f"Saya mengerti: {counted} isian yang sekarang tersimpan untuk minggu ini akan dihapus atau diturunkan."], name
            continue
        assert not confirm, name
        assert refused is not ok, (name, text)
        for *_, message in issues:  # every issue in full, errors and warnings
            assert message in text, (name, message)


# ---- the databases ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def new_real(tmp_path_factory) -> Path:
    """A city's new real database, just made by ``etl init``: no action plan yet."""
    path = tmp_path_factory.mktemp("baru") / "gugus.duckdb"
    instance.init(path)
    return path


HYPOTHESIS = settings(
    max_examples=2, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def _files(batch: list[Spec], ref, db: Path | None) -> dict[str, bytes]:
    return {f"{s.pillar}-{s.week}-{s.spoil}.xlsx": workbook(s, ref, db) for s in batch}


@HYPOTHESIS
@given(batch=batches)
def test_every_door_agrees_before_the_database_exists(batch, monkeypatch):
    with tempfile.TemporaryDirectory() as tmp:
        missing = Path(tmp) / "belum-ada" / "gugus.duckdb"
        agree(_files(batch, reference(missing), None), None, missing, Path(tmp), monkeypatch)


@HYPOTHESIS
@given(batch=batches)
def test_every_door_agrees_on_a_new_real_database_without_a_plan(batch, new_real, monkeypatch):
    with tempfile.TemporaryDirectory() as tmp:
        agree(_files(batch, reference(new_real), new_real), new_real, new_real, Path(tmp), monkeypatch)


@HYPOTHESIS
@given(batch=batches)
def test_every_door_agrees_on_a_populated_database(batch, demo_template, monkeypatch):
    with tempfile.TemporaryDirectory() as tmp:
        db = copy_of(demo_template, Path(tmp) / "demo")
        agree(_files(batch, reference(db), db), db, db, Path(tmp), monkeypatch)


# ---- what the commands make fits the database they were made for ------------------------------------------------------


def _ran_codes(path: Path) -> set[str]:
    ws = openpyxl.load_workbook(path)[wb.SHEET_RAN]
    return {ws.cell(r, 1).value for r in range(2, ws.max_row + 1)} - {None}


def _guide(path: Path) -> str:
    return "\n".join(str(c.value) for c in openpyxl.load_workbook(path)[wb.SHEET_GUIDE]["A"] if c.value)


def test_the_issue_20_walk_a_sample_made_before_the_database_exists_validates_and_loads_the_same(tmp_path):
    """The walk of the issue: on a path with no database yet, sample → validate → load, all three on the same footing."""
    db, sample = tmp_path / "data" / "gugus.duckdb", tmp_path / "pcg.xlsx"
    code, _, err = run("--db", str(db), "sample", "pencegahan", "--week", str(NEW), "-o", str(sample))
    assert code == 0 and "belum ada" in err and "tanpa rencana aksi" in err
    assert not db.exists() and _ran_codes(sample) == set()  # no actions the database will not have
    assert "belum memuat rencana aksi" in _guide(sample)
    code, out, err = run("--db", str(db), "validate", str(sample))
    assert code == 0 and "✔" in out and "belum ada" in err and not db.exists()
    code, out, err = run("--db", str(db), "load", str(sample))
    assert code == 0 and "dimuat sebagai unggahan #1" in out and "dibuat baru" in err


def test_a_sample_loads_into_the_new_real_database_it_was_made_for(new_real, tmp_path):
    db = copy_of(new_real, tmp_path / "db")
    for pillar in wb.PILLAR_SLUGS:
        sample = tmp_path / f"{pillar}.xlsx"
        assert run("--db", str(db), "sample", pillar, "--week", str(NEW), "-o", str(sample))[0] == 0
        assert _ran_codes(sample) == set()
    code, out, _ = run("--db", str(db), "load", "--json", *(str(tmp_path / f"{p}.xlsx") for p in wb.PILLAR_SLUGS))
    assert code == 0, out
    assert [u["status"] for u in json.loads(out)["uploads"]] == ["loaded"] * 5


def _own_plan(db: Path, ref) -> dict[str, str]:
    """A city plan of its own, imported: the example's actions renumbered, some without a start date. Code → pillar."""
    from etl.plan import example_rows, import_plan, plan_workbook

    rows = [list(r) for r in example_rows()[1:]]
    for n, row in enumerate(rows):
        row[0] = f"SKW-{n + 1:02d}"
        if n % 3 == 0:
            row[9] = None  # Mulai left empty
    result = import_plan(plan_workbook(ref, rows), "rencana-aksi-kota.xlsx", db=db, by="admin")
    assert result.version is not None, result.report.issues[:3]
    return {row[0]: row[1] for row in rows}


def test_a_sample_lists_only_the_current_plans_actions_and_loads(db, ref, tmp_path):
    def sample(pillar: str, name: str) -> Path:
        path = tmp_path / f"{name}-{pillar}.xlsx"
        assert run("--db", str(db), "sample", pillar, "--week", str(WEEK), "-o", str(path))[0] == 0
        return path

    examples = {pillar: sample(pillar, "contoh") for pillar in wb.PILLAR_SLUGS}
    for pillar, path in examples.items():  # the example plan
        assert _ran_codes(path) == {c for c, a in ref.actions.items() if a["pillar"] == pillar}
    plan = _own_plan(db, ref)
    own = {pillar: sample(pillar, "kota") for pillar in wb.PILLAR_SLUGS}
    for pillar, path in own.items():  # the city's plan only: none of the example's
        assert _ran_codes(path) == {c for c, p in plan.items() if p == pillar}
    code, _, _ = run("--db", str(db), "validate", *map(str, examples.values()))
    assert code == 1  # the example's actions are no longer known
    code, out, _ = run("--db", str(db), "load", "--json", *map(str, own.values()))
    assert code == 0, out
    with gdb.connect(db) as con:
        stored = {a for (a,) in con.execute("SELECT action FROM ran_update_current").fetchall()}
    assert stored and stored <= set(plan)


def test_a_template_says_why_its_ran_sheet_is_empty(new_real, db, tmp_path):
    blank = tmp_path / "kosong.xlsx"
    code, _, err = run("--db", str(new_real), "template", "pencegahan", "-o", str(blank))
    assert code == 0 and "belum memuat rencana aksi" in err
    assert _ran_codes(blank) == set()
    assert "Lembar Aksi RAN sengaja kosong: dasbor ini belum memuat rencana aksi" in _guide(blank)
    with_plan = tmp_path / "rencana.xlsx"
    code, _, err = run("--db", str(db), "template", "pencegahan", "-o", str(with_plan))
    assert code == 0 and not err
    assert _ran_codes(with_plan) and "sengaja kosong" not in _guide(with_plan)


def test_an_action_reported_before_any_plan_is_imported_says_so(new_real, tmp_path):
    data = edit(sample_workbook("pencegahan", NEW, reference(new_real), seed=3), _unknown_action)
    path = tmp_path / "aksi.xlsx"
    path.write_bytes(data)
    code, out, _ = run("--db", str(new_real), "validate", "--json", str(path))
    assert code == 1
    [issue] = json.loads(out)["issues"]
    assert (issue["code"], issue["sheet"], issue["column"]) == ("action-no-plan", wb.SHEET_RAN, "A")
    assert "belum memuat rencana aksi" in issue["message"] and "Kosongkan lembar Aksi RAN" in issue["message"]


# ---- a check says what a load would say, also of files in the same run ------------------------------------------------


def test_a_check_compares_a_second_file_of_a_week_with_the_first_as_the_load_does(db, ref, tmp_path):
    first, second, again = tmp_path / "v1.xlsx", tmp_path / "v2.xlsx", tmp_path / "v1-lagi.xlsx"
    first.write_bytes(sample_bytes(ref, "pencegahan"))
    second.write_bytes(edit(sample_bytes(ref, "pencegahan"), _drop_row))  # a row of the first file left out
    again.write_bytes(first.read_bytes())
    files = [str(first), str(second), str(again)]
    code, out, _ = run("--db", str(db), "validate", "--json", *files)
    checked = json.loads(out)
    assert code == 1
    assert [u["status"] for u in checked["uploads"]] == ["valid", "rejected", "already-loaded"]
    [removed] = [i for i in checked["issues"] if i["file"] == "v2.xlsx" and i["severity"] == "error"]
    assert removed["code"] == "values-removed" and "berkas v1.xlsx sebelumnya dalam perintah yang sama" in removed["message"]
    code, out, _ = run("--db", str(db), "load", "--json", *files)
    loaded = json.loads(out)
    assert code == 1
    assert [u["status"] for u in loaded["uploads"]] == ["loaded", "rejected", "already-loaded"]
    assert [i["code"] for i in loaded["issues"] if i["file"] == "v2.xlsx" and i["severity"] == "error"] == ["values-removed"]
    assert "(unggahan #1)" in next(i["message"] for i in loaded["issues"] if i["code"] == "values-removed")


def test_a_refusal_is_never_lost_behind_a_full_list_of_warnings(db, ref, tmp_path, monkeypatch):
    monkeypatch.setenv("GUGUS_MAX_ISSUES", "3")
    path = tmp_path / "pcg.xlsx"
    path.write_bytes(sample_bytes(ref, "pencegahan"))
    assert run("--db", str(db), "load", str(path))[0] == 0

    def fewer(book):  # rows dropped (a removal) and many values left empty (warnings beyond the cap)
        ws = book[wb.SHEET_INDICATORS]
        ws.delete_rows(2)
        for r in range(2, 5):
            ws.cell(r, 6).value = ws.cell(r, 7).value = ws.cell(r, 8).value = None

    path.write_bytes(edit(sample_bytes(ref, "pencegahan"), fewer))
    for door in (("validate",), ("load",)):
        code, out, _ = run("--db", str(db), *door, "--json", str(path))
        answer = json.loads(out)
        assert code == 1 and not answer["ok"]
        assert answer["issues"][0]["code"] == "values-removed", door  # first, whatever the cap


def test_template_for_a_week_goes_into_a_folder_under_the_pages_name(db, ref, tmp_path):
    from etl.template import build_workbook, workbook_bytes

    folder = tmp_path / "bersama" / "pencegahan"
    folder.mkdir(parents=True)
    assert run("--db", str(db), "template", "pencegahan", "--week", str(WEEK), "-o", str(folder) + "/")[0] == 0
    made = folder / f"templat-pencegahan-{WEEK}.xlsx"
    assert workbook_cells(made.read_bytes()) == workbook_cells(workbook_bytes(build_workbook("pencegahan", ref, identity={"week": str(WEEK)})))
    assert openpyxl.load_workbook(made)[wb.SHEET_IDENTITY]["B3"].value == str(WEEK)
    code, out, _ = run("--db", str(db), "validate", "--json", str(made))
    assert [i["code"] for i in json.loads(out)["issues"]] == ["workbook-empty"]  # the week is filled in: only values to add
    code, _, err = run("--db", str(db), "template", "pencegahan", "--week", str(WEEK), "-o", str(tmp_path / "belum-ada") + "/")
    assert code == 2 and "Folder" in err and "tidak ada" in err and not (tmp_path / "belum-ada").exists()
    for command in (("sample", "pencegahan", "--week", str(WEEK)), ("template", "plan")):  # every command writing a workbook
        code, _, err = run("--db", str(db), *command, "-o", str(tmp_path / "belum-ada") + "/")
        assert code == 2 and "tidak ada" in err and not (tmp_path / "belum-ada").exists(), command
    assert run("--db", str(db), "sample", "pencegahan", "--week", str(WEEK), "-o", str(folder))[0] == 0
    assert run("--db", str(db), "template", "plan", "-o", str(folder))[0] == 0
    assert {p.name for p in folder.iterdir()} == {made.name, f"contoh-pencegahan-{WEEK}.xlsx", "matriks-rencana-aksi.xlsx"}
    code, _, err = run("--db", str(db), "template", "pencegahan", "--prefilled", "-o", str(tmp_path / "t.xlsx"))
    assert code == 2 and "--prefilled memerlukan --week" in err
    code, _, err = run("--db", str(db), "template", "plan", "--week", str(WEEK), "-o", str(tmp_path / "t.xlsx"))
    assert code == 2 and "bukan matriks rencana aksi" in err
    code, _, err = run("--db", str(db), "template", "pencegahan", "--week", "minggu-depan", "-o", str(tmp_path / "t.xlsx"))
    assert code == 2 and "bukan minggu" in err and "date +%G-W%V" in err


def test_a_prefilled_template_from_the_command_line_carries_last_weeks_values(db, ref, tmp_path):
    loaded = tmp_path / "pcg.xlsx"
    loaded.write_bytes(sample_bytes(ref, "pencegahan"))
    assert run("--db", str(db), "load", str(loaded))[0] == 0
    out = tmp_path / "acuan.xlsx"
    code, text, _ = run("--db", str(db), "template", "pencegahan", "--week", str(WEEK + 1), "--prefilled", "-o", str(out))
    assert code == 0 and f"berisi acuan {WEEK.label()}" in text
    ws = openpyxl.load_workbook(out)[wb.SHEET_INDICATORS]
    row = row_of(ws, "PCG-06")
    with gdb.connect(db) as con:
        (stored,) = con.execute("SELECT value FROM indicator_value_current WHERE indicator = 'PCG-06' AND week = ?", [str(WEEK)]).fetchone()
    assert (ws.cell(row, 5).value, ws.cell(row, 6).value) == (stored, None)  # "Nilai minggu lalu" filled, Nilai left to fill


def test_an_untouched_prefilled_template_is_no_report_at_any_door(db, ref, tmp_path):
    """A scheduler's pre-filled template carries the RAN actions' states: sent back untouched, it reports nothing."""
    loaded = tmp_path / "pcg.xlsx"
    loaded.write_bytes(sample_bytes(ref, "pencegahan"))
    assert run("--db", str(db), "load", str(loaded))[0] == 0
    untouched = tmp_path / "acuan.xlsx"
    assert run("--db", str(db), "template", "pencegahan", "--week", str(WEEK + 1), "--prefilled", "-o", str(untouched))[0] == 0
    for door in (("validate",), ("load", "--dry-run"), ("load",)):
        code, out, _ = run("--db", str(db), *door, "--json", str(untouched))
        assert code == 1 and [i["code"] for i in json.loads(out)["issues"]] == ["workbook-unfilled"], door

    def progressed(book):  # one action moved on: a report of the week
        ws = book[wb.SHEET_RAN]
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 6).value is not None and ws.cell(r, 6).value < 100)
        ws.cell(row, 6).value += 5

    filled = tmp_path / "diisi.xlsx"
    filled.write_bytes(edit(untouched.read_bytes(), progressed))
    code, out, _ = run("--db", str(db), "load", "--json", str(filled))
    assert code == 0, out


def test_the_upload_pages_check_runs_where_the_commands_check_with_their_time_limit(db, ref, tmp_path, monkeypatch):
    """A file the commands give up on (a crafted one that takes too long to read) is refused by the page's check too,
    and the check never runs in the app's own process, where it could tie the dashboard up."""
    from etl import load

    data = sample_bytes(ref, "pencegahan")
    monkeypatch.setattr(load, "validate_bytes", lambda *a, **k: pytest.fail("checked in the app's process"), raising=False)
    assert load.check_upload(data, "pcg.xlsx", ref, db=db).ok  # checked, in a reader process
    from etl import sandbox

    sandbox.stop_all()  # readers started with the time limit below
    monkeypatch.setenv("GUGUS_READER_TIMEOUT", "0.001")
    try:
        page = load.check_upload(data, "pcg.xlsx", ref, db=db)
        (tmp_path / "pcg.xlsx").write_bytes(data)
        code, out, _ = run("--db", str(db), "validate", "--json", str(tmp_path / "pcg.xlsx"))
    finally:
        sandbox.stop_all()
    assert [i.code for i in page.report.issues] == ["file-unsafe"] and not page.ok
    assert code == 1 and [(i["code"], i["message"]) for i in json.loads(out)["issues"]] == [(i.code, i.message) for i in page.report.issues]


def test_an_older_version_sent_again_is_loaded_before_on_the_page_as_in_every_command(db, ref, tmp_path, monkeypatch):
    first, second = tmp_path / "v1.xlsx", tmp_path / "v2.xlsx"
    first.write_bytes(sample_bytes(ref, "pencegahan"))
    second.write_bytes(with_value(ref, 4321))
    assert run("--db", str(db), "load", str(first))[0] == 0 and run("--db", str(db), "load", str(second))[0] == 0  # #2 replaced #1
    code, out, _ = run("--db", str(db), "load", "--json", str(first))
    assert code == 0 and json.loads(out)["uploads"][0]["status"] == "already-loaded" and json.loads(out)["uploads"][0]["upload_id"] == 1
    [(_, _, text)] = page_answers(db, {"v1.xlsx": first.read_bytes()}, monkeypatch).values()
    assert "sudah pernah dimuat sebagai unggahan #1" in text and "Yang berlaku sekarang" in text and "unggahan #2" in text
    assert "Pratinjau" not in text and "Akan menggantikan" not in text  # no preview of a change that will not happen


def test_an_inbox_refusal_goes_stale_when_a_plan_is_imported_and_a_dry_run_takes_what_the_load_takes(new_real, ref, tmp_path):
    db = copy_of(new_real, tmp_path / "db")
    inbox = tmp_path / "kotak-masuk"
    inbox.mkdir()
    (inbox / "pcg.xlsx").write_bytes(sample_bytes(ref, "pencegahan"))  # RAN rows of the example plan, not imported here
    code, out, _ = run("--db", str(db), "load", "--json", str(inbox))
    assert code == 1 and {i["code"] for i in json.loads(out)["issues"]} == {"action-no-plan"}
    assert (inbox / "pcg.xlsx.MASALAH.txt").read_text().splitlines()[0].endswith("WIB. Tidak ada data yang dimuat.")
    for door in (("load", "--dry-run"), ("load",)):  # unchanged: neither door takes it up again
        assert json.loads(run("--db", str(db), *door, "--json", str(inbox))[1])["uploads"] == [], door
    from etl.plan import ensure_example_plan

    ensure_example_plan(db)  # the plan its rows report on: the refusal is out of date
    code, out, _ = run("--db", str(db), "load", "--dry-run", "--json", str(inbox))
    assert code == 0 and [u["status"] for u in json.loads(out)["uploads"]] == ["valid"]
    code, out, _ = run("--db", str(db), "load", "--json", str(inbox))
    assert code == 0 and [u["status"] for u in json.loads(out)["uploads"]] == ["loaded"]
    assert not (inbox / "pcg.xlsx.MASALAH.txt").exists() and (inbox / "sudah-dimuat" / "pcg.xlsx").exists()
