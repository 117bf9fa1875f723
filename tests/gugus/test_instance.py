"""Going live: `etl init`, demo or real for life, the set-up checklist, the chair's settings, the health check."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil

import openpyxl
import pytest

from etl.cli import main
from etl.demo import DemoRefused, build_demo
from etl.load import Incoming, load_files, reference
from etl.plan import ensure_example_plan
from etl.ranedit import save_ran_edit
from etl.template import build_workbook, workbook_bytes
from gugus import audit, auth, backup, completeness, indicators, instance, settings
from gugus import db as gdb
from gugus.weeks import Week, current_week
from tests.conftest import WEEK, edit, sample_bytes, table_counts


def _real(data: bytes) -> bytes:
    def change(book):
        book["Identitas"]["B7"] = "RESMI"

    return edit(data, change)


def _init(path, *args, capsys) -> tuple[int, dict]:
    code = main(["--db", str(path), "init", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_init_on_an_empty_folder_gives_a_real_database_with_one_admin_who_must_change(tmp_path, capsys):
    path = tmp_path / "kota" / "gugus.duckdb"
    code, made = _init(path, capsys=capsys)
    assert code == 0 and made["created"] and made["admin"] == "admin"
    with gdb.connect(path, write=True) as con:
        assert not instance.is_demo(con)
        assert [(u["name"], u["role"]) for u in auth.list_users(con)] == [("admin", "admin")]
        user = auth.login(con, "admin", made["password"]).user
        assert user is not None and user.must_change  # the temporary password opens only the change-password screen
        assert auth.login(con, "admin", "demo-admin-2025").user is None
        assert [e["action"] for e in audit.entries(con).to_dict("records")].count("basis-data-dibuat") == 1
    states = {i["key"]: i["state"] for i in made["checklist"]}
    assert states["admin"] == states["akun-ketua"] == states["akun-pencegahan"] == states["rencana"] == states["cadangan"] == "belum"
    assert states["batas"] == "saran"  # the shipped boundaries work; official ones are advice
    # the plain text says the same, with the password once
    path2 = tmp_path / "kota2" / "gugus.duckdb"
    assert main(["--db", str(path2), "init"]) == 0
    out = capsys.readouterr().out
    assert "Kata sandi sementara: Sementara-" in out and "✘ Akun Koordinator pilar Pencegahan: belum ada akun" in out


def test_init_again_creates_and_replaces_nothing(tmp_path, capsys):
    path = tmp_path / "gugus.duckdb"
    _, first = _init(path, capsys=capsys)
    code, again = _init(path, capsys=capsys)
    assert code == 0 and not again["created"] and again["password"] is None and again["admin"] is None
    with gdb.connect(path) as con:
        assert auth.authenticate(con, "admin", first["password"]) is not None  # the first password still works


def test_a_demo_database_takes_no_real_workbook_at_any_door(demo_db, ref, tmp_path, capsys):
    before = table_counts(demo_db)
    real = tmp_path / "resmi.xlsx"
    real.write_bytes(_real(sample_bytes(ref, "pencegahan")))
    assert main(["--db", str(demo_db), "validate", str(real), "--json"]) == 1
    issues = json.loads(capsys.readouterr().out)["issues"]
    assert [(i["code"], i["sheet"], i["row"]) for i in issues] == [("demo-real-data", "Identitas", 7)]
    assert "init --replace-demo" in issues[0]["message"]
    [result] = load_files([Incoming("resmi.xlsx", real.read_bytes())], db=demo_db)
    assert result.status == "rejected" and [i.code for i in result.report.issues] == ["demo-real-data"]
    assert table_counts(demo_db) == before  # nothing written
    [practice] = load_files([Incoming("latihan.xlsx", sample_bytes(ref, "pencegahan", WEEK - 30))], db=demo_db)
    assert practice.status == "loaded"  # a workbook marked SIMULASI is what the demo is for


def test_init_refuses_the_demo_and_replace_demo_wipes_it_and_says_what_went(tmp_path, capsys):
    path = tmp_path / "data" / "gugus.duckdb"
    build_demo(path, weeks=2)
    backup.create(path, reason="uji")
    archived = len(list((path.parent / "uploads").glob("*.xlsx")))
    with gdb.connect(path) as con:
        demo_version = gdb.data_version(con)
    assert archived >= 10
    assert main(["--db", str(path), "init"]) == 1
    assert "--replace-demo" in capsys.readouterr().err
    with gdb.connect(path) as con:
        assert instance.is_demo(con) and con.execute("SELECT count(*) FROM upload").fetchone()[0] >= 10  # untouched
    assert main(["--db", str(path), "init", "--replace-demo"]) == 0
    out = capsys.readouterr().out
    assert f"Data simulasi dihapus: {archived} unggahan, 8 akun demo, {archived} berkas arsip, 1 cadangan demo." in out
    with gdb.connect(path) as con:
        assert not instance.is_demo(con)
        assert gdb.data_version(con) > demo_version  # no cache keyed on a version of the demo serves the new database
        assert table_counts(path)["upload"] == 0
        assert [u["name"] for u in auth.list_users(con)] == ["admin"]  # no demo account with a published password
    assert not list((path.parent / "uploads").glob("*.xlsx")) and not backup.listing(path)
    with pytest.raises(DemoRefused):  # real for life: the demo is never built over it
        build_demo(path, weeks=1)
    assert main(["--db", str(path), "init", "--replace-demo"]) == 1  # a real database is never wiped
    assert "bukan basis data demo" in capsys.readouterr().err


def test_a_demo_backup_is_not_restored_over_the_real_database(tmp_path, capsys):
    demo, real = tmp_path / "demo" / "gugus.duckdb", tmp_path / "real" / "gugus.duckdb"
    build_demo(demo, weeks=1)
    made = backup.create(demo)
    instance.init(real)
    copy = backup.backup_dir(real) / made.path.name
    copy.parent.mkdir(parents=True)
    shutil.copy(made.path, copy)
    shutil.copy(made.path.with_suffix(".json"), copy.with_suffix(".json"))
    assert main(["--db", str(real), "restore", str(copy)]) == 1
    assert "DEMO" in capsys.readouterr().err
    with gdb.connect(real) as con:
        assert not instance.is_demo(con)


def test_the_chairs_settings_apply_to_every_rule_are_audited_and_belong_to_their_database(db, tmp_path, monkeypatch):
    week = Week(2026, 40)
    with gdb.connect(db) as con:
        version = gdb.data_version(con)
    assert completeness.deadline(week) == dt.datetime(2026, 10, 5, 12)
    with gdb.connect(db, write=True) as con:
        changed = instance.change_settings(con, {"deadline_hours": 36, "status_green": 0.8, "status_amber": 0.5, "stall_weeks": 4}, by="ketua")
    assert changed == ["deadline_hours", "status_green", "status_amber", "stall_weeks"]
    with gdb.connect(db) as con:
        assert gdb.data_version(con) > version  # every cached status and deadline is stale
        trail = audit.entries(con, actions=("pengaturan-diubah",))
    assert completeness.deadline(week) == dt.datetime(2026, 10, 6, 12)
    assert completeness.deadline_rule() == "hari Selasa pukul 12.00 WIB setelah minggu berakhir"
    assert indicators.thresholds() == (0.8, 0.5) and indicators.status("up", 85, 100) == "hijau"
    assert settings.get("stall_weeks") == 4 and settings.source("stall_weeks") == "stored"
    details = dict(zip(trail["target"], trail["detail"], strict=True))
    assert details["Ambang hijau (bagian dari target)"] == "90% → 80%" and trail["actor"].unique().tolist() == ["ketua"]
    deadline = details["Tenggat unggah (jam setelah minggu berakhir)"]
    assert deadline.startswith("12 jam") and "36 jam (hari Selasa pukul 12.00 WIB" in deadline
    # another database keeps its own (here: none)
    other = tmp_path / "lain.duckdb"
    shutil.copy(db, other)
    with gdb.connect(other, write=True) as con:
        con.execute("DELETE FROM app_setting")
    with gdb.connect(other):
        assert completeness.deadline(week) == dt.datetime(2026, 10, 5, 12) and settings.source("deadline_hours") == "default"
    # the server's environment wins, and a change the environment would override is refused
    monkeypatch.setenv("GUGUS_DEADLINE_HOURS", "6")
    with gdb.connect(db, write=True) as con:
        assert completeness.deadline(week) == dt.datetime(2026, 10, 5, 6)
        with pytest.raises(instance.InstanceError, match="GUGUS_DEADLINE_HOURS"):
            instance.change_settings(con, {"deadline_hours": 24}, by="ketua")


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"status_amber": 0.9}, r"Ambang kuning \(90%\) harus di bawah ambang hijau \(90%\)"),
        ({"status_green": 0.5, "status_amber": 0.6}, "harus di bawah ambang hijau"),
        ({"deadline_hours": 200}, "harus antara 0 jam"),
        ({"stall_weeks": 0}, "harus antara 1 minggu dan 26 minggu"),
        ({"k_strict": 2}, "tidak dapat diubah di aplikasi"),
    ],
)
def test_a_setting_out_of_its_rule_is_refused_and_nothing_changes(db, values, says):
    with gdb.connect(db, write=True) as con:
        with pytest.raises(instance.InstanceError, match=says):
            instance.change_settings(con, values, by="ketua")
        assert con.execute("SELECT count(*) FROM app_setting").fetchone()[0] == 0
        assert audit.entries(con, actions=("pengaturan-diubah",)).empty


def test_the_checklist_follows_what_is_done(tmp_path, capsys):
    path = tmp_path / "gugus.duckdb"
    made = instance.init(path)
    with gdb.connect(path, write=True) as con:
        auth.change_password(con, "admin", made.password, "kata-sandi-admin-1")
        auth.add_user(con, "wulan", "pilar", "Sementara-abc9", "pencegahan", must_change=True)
        before = {i.key: i for i in instance.checklist(con, path)}
        auth.login(con, "wulan", "Sementara-abc9")
        after = {i.key: i for i in instance.checklist(con, path)}
    assert before["admin"].state == "selesai"
    assert before["akun-pencegahan"].state == "belum" and "belum pernah masuk" in before["akun-pencegahan"].detail
    assert after["akun-pencegahan"].state == "selesai" and after["akun-pencegahan"].detail.startswith("wulan; terakhir masuk")
    assert after["akun-pencegahan"].page == "pengguna"
    backup.create(path)
    with gdb.connect(path) as con:
        assert {i.key: i.state for i in instance.checklist(con, path)}["cadangan"] == "selesai"
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
        stale = {i.key: i for i in instance.checklist(con, path, now=later)}["cadangan"]
    assert stale.state == "belum" and "3 hari lalu" in stale.detail


def test_health_says_what_is_wrong_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "gugus.duckdb"
    assert main(["--db", str(path), "health", "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert not answer["ok"] and "etl init" in answer["checks"][0]["detail"] and not path.exists()
    instance.init(path)
    assert main(["--db", str(path), "health", "--json"]) == 1  # no backup yet
    checks = {c["name"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert checks["basis-data"]["ok"] and checks["skema"]["detail"] == "terkini" and not checks["cadangan"]["ok"]
    backup.create(path)
    assert main(["--db", str(path), "health"]) == 0
    assert "✔ cadangan" in capsys.readouterr().out


def test_what_the_demo_hands_out_is_simulated_and_loads_back_into_it(demo_db):
    ref = reference(demo_db)
    blank = openpyxl.load_workbook(io.BytesIO(workbook_bytes(build_workbook("pencegahan", ref, identity={"week": str(WEEK)}))))
    assert blank["Identitas"]["B7"].value == "SIMULASI"  # a trainee's template from the demo says so
    with gdb.connect(demo_db, write=True) as con:  # a week the demo has no workbook for: the in-app RAN edit makes one
        week = Week.parse(con.execute("SELECT min(week) FROM upload").fetchone()[0]) - 3
    action = next(code for code, a in ref.actions.items() if a["pillar"] == "pencegahan")
    result = save_ran_edit(
        "pencegahan", week, ref, [{"action": action, "status": "berjalan", "progress": 10, "evidence": "Rapat"}], "pencegahan", db=demo_db
    )
    assert result.status == "loaded", [i.message for i in result.report.issues]


def test_weeks_due_before_going_live_are_not_missing_but_later_ones_are(tmp_path, ref, monkeypatch):
    path = tmp_path / "gugus.duckdb"
    instance.init(path)
    ensure_example_plan(path)  # the sample's RAN sheet names the example plan's actions
    now = current_week()
    with gdb.connect(path, write=True) as con:  # went live three weeks ago
        gdb.set_meta(con, "live_since", dt.datetime.combine((now - 3).monday, dt.time(9), dt.UTC).isoformat())
    [loaded] = load_files([Incoming("lama.xlsx", _real(sample_bytes(ref, "pencegahan", now - 6)))], db=path)
    assert loaded.status == "loaded", [i.message for i in loaded.report.issues]
    with gdb.connect(path) as con:
        grid = completeness.matrix(con, now, 8)
    states = grid[grid["pillar"] == "rehab-sosial"].set_index("week")["state"].to_dict()
    assert [states[str(w)] for w in (now - 7, now - 5, now - 4)] == ["sebelum-mulai"] * 3  # due before going live
    assert states[str(now - 3)] == "belum" and states[str(now - 2)] == "belum"  # due after: missing
    assert states[str(now)] == "belum-jatuh-tempo"
    pcg = grid[grid["pillar"] == "pencegahan"].set_index("week")["state"].to_dict()
    assert pcg[str(now - 6)] == "sebelum-mulai"  # loaded after going live for a week due before: not judged
    record = completeness.timeliness(grid).set_index("pillar_name")
    due_since = [w for w, s in states.items() if s == "belum"]  # W-3, W-2 and, past its Monday noon, W-1
    assert record.loc["Rehabilitasi Sosial", "due"] == len(due_since) and 2 <= len(due_since) <= 3  # not eight


def test_health_fails_on_a_database_nobody_can_log_in_to(tmp_path, capsys):
    path = tmp_path / "gugus.duckdb"
    assert main(["--db", str(path), "status"]) == 0  # a command on a mistyped path makes a database with no account
    capsys.readouterr()
    assert main(["--db", str(path), "health", "--json"]) == 1
    checks = {c["name"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert not checks["akun"]["ok"] and "etl init" in checks["akun"]["detail"]


def test_replace_demo_leaves_a_neighbouring_real_database_its_backups_and_files(tmp_path, ref, capsys):
    shared = tmp_path / "data"
    real, demo = shared / "gugus.duckdb", shared / "demo.duckdb"
    instance.init(real)
    ensure_example_plan(real)
    assert load_files([Incoming("resmi.xlsx", _real(sample_bytes(ref, "pencegahan", WEEK - 40)))], db=real)[0].status == "loaded"
    kept = backup.create(real)
    practice = sample_bytes(ref, "pencegahan", WEEK - 41)  # one SIMULASI file loaded into both databases
    assert load_files([Incoming("latihan.xlsx", practice)], db=real)[0].status == "loaded"
    real_files = set((shared / "uploads").glob("*.xlsx"))
    build_demo(demo, weeks=2)
    assert load_files([Incoming("latihan.xlsx", practice)], db=demo)[0].status == "loaded"
    backup.create(demo)
    assert main(["--db", str(demo), "init", "--replace-demo"]) == 0
    assert "11 unggahan, 8 akun demo, 10 berkas arsip, 1 cadangan demo" in capsys.readouterr().out  # the shared file stays
    assert kept.path.exists() and real_files <= set((shared / "uploads").glob("*.xlsx"))  # the real database's, untouched
    assert [b.path for b in backup.listing(real)] == [kept.path]


def test_the_demo_never_replaces_a_database_made_while_it_was_being_built(tmp_path):
    path = tmp_path / "gugus.duckdb"
    made = []

    def meanwhile(done, total, message):  # the IT officer runs etl init while the demo builds
        if not made:
            made.append(instance.init(path))

    with pytest.raises(DemoRefused):
        build_demo(path, weeks=1, on_progress=meanwhile)
    with gdb.connect(path) as con:
        assert not instance.is_demo(con) and [u["name"] for u in auth.list_users(con)] == ["admin"]
    assert not list(tmp_path.glob("*.building*"))


def test_the_demo_is_not_built_over_a_database_with_accounts_made_before_databases_were_marked(tmp_path, capsys):
    path = tmp_path / "gugus.duckdb"
    with gdb.connect(path, write=True) as con:
        gdb.migrate(con, upto=10)  # as it was before this version: no demo mark
        auth.add_user(con, "kepala", "admin", "rahasia-kepala-1", check=False)
    assert main(["--db", str(path), "demo", "--weeks", "1"]) == 1
    assert "demo tidak akan menimpanya" in capsys.readouterr().err
    with gdb.connect(path) as con:
        assert [u["name"] for u in auth.list_users(con)] == ["kepala"]


def test_a_real_backup_is_not_restored_over_the_demo(tmp_path, capsys):
    demo, real = tmp_path / "demo" / "gugus.duckdb", tmp_path / "real" / "gugus.duckdb"
    build_demo(demo, weeks=1)
    instance.init(real)
    made = backup.create(real)
    assert main(["--db", str(demo), "restore", str(made.path)]) == 1
    assert "tetap demo" in capsys.readouterr().err
    with gdb.connect(demo) as con:
        assert instance.is_demo(con)


@pytest.mark.parametrize(
    ("env", "value", "says"),
    [
        ("GUGUS_DEADLINE_HOURS", "abc", 'GUGUS_DEADLINE_HOURS = "abc" tidak dapat dipakai: harus angka'),
        ("GUGUS_STALL_WEEKS", "2.5", 'GUGUS_STALL_WEEKS = "2.5" tidak dapat dipakai: harus bilangan bulat'),
        ("GUGUS_DEADLINE_HOURS", "-50", "di luar batas yang diizinkan (0.0 sampai 168.0)"),
        ("GUGUS_STATUS_AMBER", "0.95", "Ambang kuning (0.95) tidak di bawah ambang hijau (0.9)"),
        ("GUGUS_K_STRICT", "0", "di luar batas yang diizinkan (2 sampai 1000)"),
        ("GUGUS_K_STRICT", "2", "GUGUS_K_STRICT (2) lebih kecil dari GUGUS_K_INTERNAL (3)"),
    ],
)
def test_a_server_setting_that_cannot_be_used_is_named_and_health_fails(db, tmp_path, monkeypatch, capsys, env, value, says):
    instance.init(db)
    monkeypatch.setenv(env, value)
    with pytest.raises(settings.SettingError, match=re.escape(says)):
        if "AMBER" in env:
            indicators.thresholds()
        elif value == "2":
            auth.User("walikota", "pimpinan").k  # noqa: B018 - the property is the check
        else:
            settings.get(env.removeprefix("GUGUS_").lower())
    assert settings.problems().count(next(p for p in settings.problems() if says in p)) == 1  # said once
    fresh = tmp_path / "baru" / "gugus.duckdb"
    assert main(["--db", str(fresh), "init"]) == 1 and not fresh.exists()  # refused before anything is made
    capsys.readouterr()
    assert main(["--db", str(db), "health", "--json"]) == 1
    checks = {c["name"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert not checks["pengaturan"]["ok"] and says in checks["pengaturan"]["detail"]


def test_init_gives_way_when_another_database_takes_the_path_meanwhile(tmp_path, monkeypatch):
    path = tmp_path / "gugus.duckdb"
    real_password = auth.temporary_password

    def demo_meanwhile():  # etl demo finishes on the same path while init is making the real database beside it
        build_demo(path, weeks=1)
        return real_password()

    monkeypatch.setattr(instance.auth, "temporary_password", demo_meanwhile)
    with pytest.raises(instance.InstanceError, match="proses lain membuat atau mengganti"):
        instance.init(path)
    with gdb.connect(path) as con:
        assert instance.is_demo(con) and gdb.get_meta(con, "initialized") is None  # the demo was not marked real
    assert not list(tmp_path.glob("gugus.duckdb.resmi*"))


def test_a_backup_of_a_missing_database_makes_nothing(tmp_path, capsys):
    path = tmp_path / "dipindah" / "gugus.duckdb"
    assert main(["--db", str(path), "backup"]) == 1
    assert "tidak ada yang dicadangkan" in capsys.readouterr().err and not path.exists()


def test_a_week_loaded_after_going_live_for_a_week_due_before_is_not_judged_late(tmp_path, ref):
    path = tmp_path / "gugus.duckdb"
    instance.init(path)
    ensure_example_plan(path)
    now = current_week()
    assert load_files([Incoming("susulan.xlsx", _real(sample_bytes(ref, "pencegahan", now - 6)))], db=path)[0].status == "loaded"
    with gdb.connect(path) as con:
        grid = completeness.matrix(con, now, 8)
    pcg = grid[grid["pillar"] == "pencegahan"].set_index("week")["state"].to_dict()
    assert pcg[str(now - 6)] == "sebelum-mulai"  # loaded later, due before: not "terlambat"
    record = completeness.timeliness(grid).set_index("pillar_name")
    assert list(record.index) == list(dict.fromkeys(grid["pillar_name"]))  # every pillar keeps its row
    assert record.loc["Pencegahan", "terlambat"] == 0 and record.loc["Pencegahan", "due"] <= 1
