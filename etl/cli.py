"""Command line: ``uv run python -m etl COMMAND`` (also installed as ``gugus-etl``).

The CLI only parses flags, calls the Python API and prints; exit codes and the JSON shape are the
contract in DESIGN.md.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from etl import aggregates, inbox
from etl import workbook as wb
from etl.demo import build_demo
from etl.issues import ISSUE_TYPES, UNREADABLE, Issue
from etl.load import LoadResult, Progress, load_files, reference, reference_used, rollback, status
from etl.plan import import_plan, plan_workbook
from etl.sample import sample_workbook
from etl.template import file_name as template_name
from etl.template import week_template, write_template
from gugus import auth, backup, bootstrap, instance, labels, settings
from gugus import db as gdb
from gugus.db import DatabaseBusy
from gugus.errors import UserError, os_reason
from gugus.i18n import fmt_number, t
from gugus.weeks import Week, current_week, today

TABLE_WORDS = {
    "indicator_value": "indikator",
    "case_report": "kasus",
    "victim_service": "layanan korban",
    "ran_update": "aksi RAN",
    "service_followup": "tindak lanjut layanan",
}
STATUS_WORDS = {"loaded": "dimuat", "already-loaded": "sudah pernah dimuat", "valid": "valid", "rejected": "DITOLAK"}


def _print_json(results: list[LoadResult], extra_issues: list[Issue] = (), used: dict | None = None) -> None:
    issues = [i.as_dict() for r in results for i in r.report.all_issues()] + [i.as_dict() for i in extra_issues]
    ok = all(r.ok for r in results) and not extra_issues
    answer = {"ok": ok, "uploads": [r.as_dict() for r in results], "issues": issues}
    if used is not None:
        answer["reference"] = used  # which database (or, missing, which reference data) the files were checked against
    print(json.dumps(answer, ensure_ascii=False, default=str))


def _reference_note(used: dict, doing: str) -> str | None:
    """One line on what a command checked or made a workbook against, when that is not an ordinary database with a
    plan: a database that does not exist yet, or one without an action plan."""
    if not used["exists"]:
        return (
            f"Catatan: basis data {used['database']} belum ada; {doing} memakai data referensi bawaan tanpa rencana aksi, "
            "sama dengan basis data baru yang akan dibuat oleh load atau init di sana."
        )
    if not used["actions"]:
        return (
            f"Catatan: basis data {used['database']} belum memuat rencana aksi (RAN/RAD): templat dan contoh tidak mencantumkan "
            "aksi, dan baris Aksi RAN ditolak sampai administrator mengimpor matriks rencana aksi."
        )
    return None


def _note(used: dict, doing: str) -> None:
    if note := _reference_note(used, doing):
        print(note, file=sys.stderr)


def _print_result(result: LoadResult) -> None:
    word = STATUS_WORDS[result.status]
    if result.status == "rejected":
        errors = len(result.report.errors) + result.report.not_shown
        print(f"✘ {result.file}: {word}, {errors} masalah. Tidak ada data yang ditulis.")
    elif result.status == "already-loaded":
        print(f"= {result.file}: {word} sebagai unggahan #{result.upload_id}; tidak ada yang diubah.")
    else:
        rows = ", ".join(f"{n} baris {TABLE_WORDS[table]}" for table, n in result.rows.items()) or "tanpa baris"
        where = f"pilar {result.pillar}, {Week.parse(result.week).label()}"
        ident = f" sebagai unggahan #{result.upload_id}" if result.upload_id else ""
        print(f"✔ {result.file}: {word}{ident} ({where}; {rows}).")
        if result.superseded:
            print(f"  Menggantikan unggahan #{result.superseded} untuk minggu yang sama.")
    for issue in result.report.all_issues():
        where = issue.where()
        mark = "peringatan" if issue.severity == "warning" else "masalah"
        print(f"  - [{mark}] {where + ': ' if where else ''}{issue.message}")


def _files(paths: list[str]) -> list[Path]:
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise SystemExit(_usage_error(f"Berkas tidak ditemukan: {', '.join(missing)}. Periksa nama dan foldernya."))
    return [Path(p) for p in paths]


def _usage_error(message: str) -> int:
    print(f"Kesalahan: {message}", file=sys.stderr)
    return 2


def _busy_issue(exc: DatabaseBusy) -> Issue:
    """The busy database as an issue of the JSON answer, so a caller reading JSON learns why nothing was loaded."""
    message = t(ISSUE_TYPES["db-busy"].key, path=str(exc.path), seconds=exc.seconds)
    return Issue("", None, None, None, None, None, "db-busy", ISSUE_TYPES["db-busy"].severity, message)


def _week(text: str | None) -> Week | None:
    """The ``--week`` of a command; raises SystemExit (exit 2) with how to write it."""
    if text is None:
        return None
    try:
        return Week.parse(text)
    except ValueError:
        raise SystemExit(_usage_error(f'"{text}" bukan minggu. Tulis seperti 2025-W47 (minggu ISO; perintah date +%G-W%V mencetaknya).')) from None


def _target(output: str, name: str) -> Path:
    """Where a command writes its workbook: the file given, or ``name`` inside the folder given. A folder that does
    not exist (written with a closing slash) is said, never made a file of that name; raises SystemExit (exit 2)."""
    path = Path(output)
    if path.is_dir():
        return path / name
    if output.endswith(("/", "\\")):
        raise SystemExit(_usage_error(f"Folder {output} tidak ada. Buat foldernya dulu, atau tulis nama berkas .xlsx tujuan."))
    return path


def cmd_template(args) -> int:
    week = _week(args.week)
    if args.pillar == "plan":
        if week or args.prefilled:
            return _usage_error("--week dan --prefilled hanya untuk templat pilar, bukan matriks rencana aksi (plan).")
        output = _target(args.output, "matriks-rencana-aksi.xlsx")
        output.write_bytes(plan_workbook(reference(args.db)))
        print(f"Templat matriks rencana aksi ditulis ke {output}.")
        return 0
    if args.prefilled and week is None:
        return _usage_error("--prefilled memerlukan --week: minggu yang akan diisi, misalnya --week 2025-W48 --prefilled.")
    # into a pillar's shared folder: under the name the upload page gives the same file
    output = _target(args.output, template_name(args.pillar, week, args.prefilled) if week else f"templat-{args.pillar}.xlsx")
    ref = reference(args.db)
    used = reference_used(args.db)
    if week is None:
        write_template(args.pillar, ref, output)
        print(f"Templat pilar {args.pillar} ditulis ke {output}.")
    else:
        path = settings.db_path(args.db)
        with contextlib.ExitStack() as stack:
            con = stack.enter_context(gdb.connect(path)) if args.prefilled and path.exists() else None
            output.write_bytes(week_template(con, args.pillar, week, ref, prefilled=args.prefilled))
        extra = f", berisi acuan {(week - 1).label()}" if args.prefilled else ""
        print(f"Templat pilar {args.pillar} untuk {week.label()}{extra} ditulis ke {output}.")
    _note(used, "templat ini")
    return 0


def cmd_plan(args) -> int:
    data = Path(args.file).read_bytes()
    result = import_plan(data, Path(args.file).name, db=args.db, by=args.by)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, default=str))
        return 0 if result.version is not None else 2 if any(i.code in UNREADABLE for i in result.report.issues) else 1
    if result.mapping:
        print("Kolom dibaca: " + "; ".join(f'{m["label"]} ← "{m["header"]}" ({m["column"]})' for m in result.mapping) + ".")
    if result.extra:
        print("Kolom lain, disimpan apa adanya bersama tiap aksi: " + "; ".join(f'"{h}"' for h in result.extra) + ".")
    if result.version is None:
        for issue in result.report.all_issues():
            print(f"{issue.where()}: {issue.message}", file=sys.stderr)
        print(f"Matriks {args.file} ditolak; tidak ada yang disimpan.", file=sys.stderr)
    elif result.unchanged:
        print(f"Matriks ini sama dengan rencana aksi versi {result.version} yang berlaku; tidak ada yang diubah.")
    else:
        print(
            f"Rencana aksi versi {result.version} dimuat: {len(result.actions)} aksi"
            + (f"; menggantikan versi {result.superseded}" if result.superseded else "")
            + "."
        )
        if result.removed:
            print(f"Aksi yang tidak ada lagi di rencana (riwayatnya tetap disimpan): {', '.join(result.removed)}")
    if result.version is not None:
        return 0
    return 2 if any(i.code in UNREADABLE for i in result.report.issues) else 1


def cmd_sample(args) -> int:
    week = _week(args.week)
    if week.monday > today():  # it would be refused as week-future: a sample loads into the database it is made for
        return _usage_error(f"{week.label()} belum dimulai. Buat contoh untuk minggu yang sudah berjalan, misalnya {current_week() - 1}.")
    output = _target(args.output, f"contoh-{args.pillar}-{week}.xlsx")
    output.write_bytes(sample_workbook(args.pillar, week, reference(args.db), seed=args.seed))
    print(f"Contoh buku kerja (SIMULASI) pilar {args.pillar} {week} ditulis ke {output}.")
    _note(reference_used(args.db), "contoh ini")
    return 0


PROGRESS_FROM = 20  # files in a load from which its progress is shown


def _progress(verb: str, args) -> Callable[[Progress], None] | None:
    """Progress of a long load on standard error, at most once a second and at the end (none with --json)."""
    if args.json:
        return None
    last = -1.0

    def show(progress: Progress) -> None:
        nonlocal last
        if progress.total is not None and progress.total < PROGRESS_FROM:
            return
        if time.monotonic() - last >= 1 or progress.done == progress.total:
            last = time.monotonic()
            print(f"{verb}: {progress.text()}", file=sys.stderr, flush=True)

    return show


def cmd_validate(args) -> int:
    files = _files(args.files)
    results = load_files(files, db=args.db, dry_run=True, on_progress=_progress("Memeriksa", args))
    used = reference_used(args.db)
    if args.json:
        _print_json(results, used=used)
    else:
        for result in results:
            _print_result(result)
        _note(used, "pemeriksaan ini")
    return 0 if all(r.ok for r in results) else 1


def _watch(folders: list[Path], args, echo: Callable[[LoadResult], None]) -> None:
    """Process the folders every ``--interval`` seconds until interrupted; a busy database waits for the next round."""
    print(f"Memantau {', '.join(map(str, folders))} setiap {args.interval:g} detik. Tekan Ctrl+C untuk berhenti.")
    while True:
        for folder in folders:
            try:
                inbox.watch(folder, interval=args.interval, rounds=1, db=args.db, by=args.by, on_result=echo)
            except DatabaseBusy as exc:
                print(str(exc), file=sys.stderr)
        time.sleep(args.interval)


def cmd_load(args) -> int:
    paths = _files(args.paths)
    folders = [p for p in paths if p.is_dir()]
    files = [p for p in paths if not p.is_dir()]
    results: list[LoadResult] = []
    heard: list[LoadResult] = []  # every result final so far, also of a load cut short

    def echo(result: LoadResult) -> None:
        heard.append(result)
        if not args.json:
            _print_result(result)

    if args.watch and not folders:
        return _usage_error("--watch memerlukan sebuah folder, misalnya: load data/inbox --watch")
    created = not settings.db_path(args.db).exists() and not args.dry_run
    try:
        if args.watch:
            _watch(folders, args, echo)
        progress = _progress("Memeriksa" if args.dry_run else "Memuat", args)
        if files:
            results += load_files(
                files, db=args.db, by=args.by, dry_run=args.dry_run, allow_removal=args.allow_removal, on_result=echo, on_progress=progress
            )
        for folder in folders:
            results += inbox.process_folder(
                folder, db=args.db, by=args.by, on_result=echo, on_progress=progress, dry_run=args.dry_run, allow_removal=args.allow_removal
            )
    except DatabaseBusy as exc:
        if not args.json:
            raise  # the one handler in main() prints it
        _print_json(heard, [_busy_issue(exc)])
        return exc.exit_code
    except KeyboardInterrupt:
        if args.watch:
            return 0  # the way to end --watch
        print(
            f"Dihentikan. {len(heard)} berkas yang hasilnya sudah tercetak tetap seperti tercetak; berkas lainnya tidak dimuat "
            "sama sekali. Jalankan perintah yang sama lagi untuk memuat sisanya.",
            file=sys.stderr,
        )
        return 1
    used = reference_used(args.db) if settings.db_path(args.db).exists() or args.dry_run else None
    if args.json:
        _print_json(results, used=used)
        return 0 if all(r.ok for r in results) else 1
    if not results:
        print("Tidak ada buku kerja baru untuk dimuat.")
    if created and used:
        print(f"Basis data {used['database']} belum ada, jadi dibuat baru (tanpa akun dan tanpa rencana aksi).", file=sys.stderr)
    elif args.dry_run and used:
        _note(used, "pemeriksaan ini")
    return 0 if all(r.ok for r in results) else 1


def cmd_demo(args) -> int:
    def progress(done: int, total: int, message: str) -> None:
        if total and (done % 25 == 0 or done == total):
            print(f"  {done}/{total} {message}")

    summary = build_demo(args.db, weeks=args.weeks, seed=args.seed, on_progress=progress)
    print(f"Basis data demo (DATA SIMULASI) siap di {settings.db_path(args.db)}: {summary['loaded']} buku kerja dimuat.")
    return 0


MARKS = {"selesai": "✔", "belum": "✘", "saran": "•", "info": "·"}


def _print_checklist(items: list[instance.Item]) -> None:
    for item in items:
        where = f"  → halaman {labels.PAGES[item.page]}" if item.page else (f"  → {item.command}" if item.command else "")
        print(f"  {MARKS[item.state]} {item.label}: {item.detail}{where}")


def cmd_init(args) -> int:
    result = instance.init(args.db, args.admin, replace_demo=args.replace_demo, by=f"cli:{getpass.getuser()}")
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, default=str))
        return 0
    if result.wiped:
        w = result.wiped
        print(
            f"Data simulasi dihapus: {w['uploads']} unggahan, {w['accounts']} akun demo, {w['archived_files']} berkas arsip, "
            f"{w['backups']} cadangan demo."
        )
    print(f"Basis data resmi {'disiapkan' if result.created else 'sudah ada'} di {result.path}.")
    if result.password:
        print(f"Akun administrator: {result.admin}")
        print(f"Kata sandi sementara: {result.password}")
        print("  Catat sekarang: kata sandi ini hanya ditampilkan sekali dan wajib diganti saat pertama masuk.")
    todo = [i for i in result.checklist if i.state == "belum"]
    print(f"\nDaftar persiapan ({len(todo)} belum selesai):")
    _print_checklist(result.checklist)
    default = result.path.resolve() == Path(settings.SETTINGS["db"].default).resolve()
    run = "uv run streamlit run app.py" if default else f"GUGUS_DB={result.path} uv run streamlit run app.py"
    print(f"\nBerikutnya: jalankan dasbor ({run}), masuk sebagai administrator, lalu buka halaman Pengaturan.")
    return 0


def cmd_health(args) -> int:
    checks = instance.health(args.db)
    ok = all(c.ok for c in checks)
    if args.json:
        print(json.dumps({"ok": ok, "checks": [vars(c) for c in checks]}, ensure_ascii=False))
    else:
        for c in checks:
            print(f"{'✔' if c.ok else '✘'} {c.name}: {c.detail}")
    return 0 if ok else 1


def cmd_status(args) -> int:
    info = status(args.db)
    if args.json:
        print(json.dumps(info, ensure_ascii=False))
        return 0
    if info["demo"]:
        print("DATA SIMULASI — basis data demo.")
    print(f"Versi data: {info['data_version']}")
    print(f"{'Pilar':<28}{'Minggu':>7}  {'Pertama':<10} {'Terakhir':<10} {'Berlaku':>8} {'Diganti':>8} {'Ditarik':>8}")
    for p in info["pillars"]:
        print(
            f"{p['name']:<28}{p['weeks']:>7}  {p['first_week'] or '–':<10} {p['last_week'] or '–':<10} "
            f"{p['loaded']:>8} {p['superseded']:>8} {p['withdrawn']:>8}"
        )
    return 0


def cmd_rollback(args) -> int:
    print(rollback(args.upload_id, db=args.db, by=args.by, reason=args.reason).message)
    return 0


def cmd_users(args) -> int:
    path = bootstrap.ensure_database(args.db)
    with gdb.connect(path, write=args.action != "list") as con:
        if args.action == "list":
            users = auth.list_users(con)
            if not users:
                print("Belum ada akun. Tambahkan dengan: python -m etl users add NAMA --role ketua")
            for u in users:
                state = "aktif" if u["active"] else "nonaktif"
                print(f"{u['name']:<20} {u['role']:<9} {u['pillar'] or '-':<16} {state}")
            return 0
        actor = f"cli:{getpass.getuser()}"
        if args.action == "disable":
            auth.disable_user(con, args.name, by=actor)
            print(f"Akun {args.name} dinonaktifkan.")
            return 0
        password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else getpass.getpass("Kata sandi: ")
        if args.action == "reset":
            auth.reset_password(con, args.name, password, by=actor)
            print(f"Kata sandi {args.name} direset; pemiliknya wajib menggantinya saat masuk.")
            return 0
        user = auth.add_user(con, args.name, args.role, password, args.pillar, by=actor, must_change=args.temporary)
        print(f"Akun {user.name} ({auth.ROLES[user.role]}{', ' + user.pillar if user.pillar else ''}) dibuat.")
        return 0


def cmd_boundaries(args) -> int:
    from gugus import geo  # geopandas only for this command: every other one starts quickly

    path = bootstrap.ensure_database(args.db)
    ref = reference(path)
    try:
        with gdb.connect(path, write=True) as con:
            result = geo.load_boundaries(con, args.file, args.level, ref, by=f"cli:{getpass.getuser()}")
    except geo.BoundaryError as exc:
        if not args.json:
            raise  # the one handler in main() prints it
        print(json.dumps({"ok": False, "error": str(exc), "matched": [], "unmatched": [], "missing": [], "kept": []}))
        return exc.exit_code
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        level = "kecamatan" if args.level == "kecamatan" else "kabupaten/kota"
        if result.version is None:
            hint = " Jika berkas ini berisi batas kabupaten/kota, muat dengan --level kabkota." if args.level == "kecamatan" else ""
            print(
                f"Tidak ada satu pun dari {result.features} fitur yang cocok dengan kode atau nama {level} di data "
                f"referensi. Periksa bahwa berkas berisi kolom kode Kemendagri/BPS atau nama wilayah.{hint}",
                file=sys.stderr,
            )
        else:
            print(f"Batas {level} versi {result.version} dimuat: {len(result.matched)} wilayah cocok dari {result.features} fitur.")
        if result.unmatched:
            print(f"Fitur tanpa padanan (tidak dimuat): {', '.join(result.unmatched)}")
        if result.kept:
            print(f"Wilayah yang tidak ada di berkas ini tetap memakai batas sebelumnya: {', '.join(ref.area_label(c) for c in result.kept)}")
        if result.missing:
            print(f"Wilayah tanpa batas sama sekali (peta memakai titik pusatnya): {', '.join(ref.area_label(c) for c in result.missing)}")
    return 0 if result.version is not None else 1


def cmd_backup(args) -> int:
    if args.list:
        items = backup.listing(args.db)
        if not items:
            print("Belum ada cadangan. Buat dengan: python -m etl backup")
        for b in items:
            print(f"{b.created:%d/%m/%Y %H.%M.%S}  {b.size / 1e6:7.1f} MB  {b.path}  ({b.reason})")
        return 0
    made = backup.create(args.db, by=args.by or f"cli:{getpass.getuser()}")
    print(f"Cadangan dibuat: {made.path} (sha256 {made.sha256[:12]}…)")
    return 0


def cmd_restore(args) -> int:
    safety = backup.restore(args.file, args.db, by=args.by or f"cli:{getpass.getuser()}")
    print(f"Basis data dipulihkan dari {args.file}. Keadaan sebelumnya disimpan di {safety.path}.")
    return 0


def _briefing_json(files: list[dict], error=None) -> None:
    """The JSON answer of ``briefing``: the files, and the refusal as an issue in the shape of the other commands'."""
    issues = [] if error is None else [Issue("", None, None, None, None, None, error.code, "error", str(error)).as_dict()]
    print(json.dumps({"ok": error is None, "briefings": files, "issues": issues}, ensure_ascii=False))


def cmd_export(args) -> int:
    done = aggregates.export(args.aggregates, db=args.db)
    rows = ", ".join(f"{fmt_number(n)} {aggregates.WORDS[name]}" for name, n in done.rows.items())
    print(
        f"Agregat kota {done.city} ({len(done.weeks)} minggu, {done.weeks[0]} s.d. {done.weeks[-1]}; {rows}) ditulis ke "
        f"{done.folder}. Angka orang di bawah {done.k} ditulis kosong (dilindungi)."
    )
    return 0


def cmd_import(args) -> int:
    done = aggregates.import_folder(args.aggregates, db=args.db)
    rows = ", ".join(f"{fmt_number(n)} {aggregates.WORDS[name]}" for name, n in done.rows.items())
    print(f"Agregat {len(done.cities)} kota diimpor ({rows}); tabel rollup_* kini memuat {done.weeks} minggu-kota.")
    return 0


def cmd_briefing(args) -> int:
    from gugus import briefing, briefing_files  # charts, maps and typesetting only for this command: every other one starts quickly

    try:
        week = Week.parse(args.week) if args.week else None
    except ValueError:
        return _usage_error(f'"{args.week}" bukan minggu. Tulis seperti 2026-W47.')
    if args.outbox and args.output:
        return _usage_error("--outbox menulis ke folder bernama menurut minggunya; jangan dipakai bersama -o.")
    if not args.outbox and (not args.output or not args.audience):
        return _usage_error("Sebutkan pesertanya dan berkas tujuannya, misalnya: briefing --week 2026-W47 --for ketua -o rapat.pdf")
    fmt = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
    if args.output and fmt not in briefing.FORMATS:
        return _usage_error(t("briefing.format", fmt=Path(args.output).suffix or args.output))
    if settings.db_path(args.db).exists():
        bootstrap.ensure_database(args.db)  # an older database gains the tables the pack reads
    by = args.by or f"cli:{getpass.getuser()}"
    try:
        if args.outbox:
            audiences = (args.audience,) if args.audience else tuple(briefing.AUDIENCES)
            done = briefing_files.outbox(args.outbox, db=args.db, by=by, week=week, audiences=audiences)
            return _outbox_answer(done, args.json)
        week = week or current_week() - 1
        briefing_files.check_target(args.output)  # before the pack is made: a wrong path is said at once
        pack, files = briefing_files.make(week, args.audience, (fmt,), db=args.db)
        path = briefing_files.write(args.output, files[fmt])
        briefing_files.record(pack, (fmt,), db=args.db, by=by, source="cli", target=str(path))
    except briefing.BriefingError as exc:
        if not args.json:
            raise  # the one handler in main() prints it
        _briefing_json([], exc)
        return exc.exit_code
    if args.json:
        _briefing_json([{"path": str(path), "week": str(week), "audience": args.audience, "format": fmt, "status": "ditulis", "kept": None}])
    else:
        simulated = " (DATA SIMULASI)" if pack.simulated else ""
        print(f"Bahan rapat {week.label()} untuk {briefing.AUDIENCES[args.audience]}{simulated} ditulis ke {path}.")
    return 0


OUTBOX_WORDS = {
    "ditulis": "✔ ditulis",
    "diperbarui": "↻ diperbarui (data berubah)",
    "diganti": "↻ ditulis ulang (berkas di folder bukan yang dibuat sebelumnya)",
    "tetap": "= tetap (data tidak berubah)",
}


def _outbox_answer(done: list, as_json: bool) -> int:
    if as_json:
        _briefing_json([d.as_dict() for d in done])
        return 0
    for d in done:
        print(f"{OUTBOX_WORDS[d.status]}: {d.path}" + (f"\n  berkas yang ada di sana disimpan sebagai {d.kept.name}" if d.kept else ""))
    written = sum(d.status != "tetap" for d in done)
    print(f"{written} berkas ditulis, {len(done) - written} tetap, untuk {done[0].week.label()}." if done else "Tidak ada berkas.")
    return 0


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "Cara pakai: " if prefix is None else prefix)  # "" names a subcommand


# argparse's own messages, in Bahasa Indonesia (it writes them in English): (pattern of its message, our wording)
_ARGPARSE_MESSAGES = [
    (r"the following arguments are required: (.+)", r"argumen wajib belum diisi: \1"),
    (r"unrecognized arguments: (.+)", r"argumen tidak dikenal: \1"),
    (r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)", r"argumen \1: pilihan \2 tidak dikenal; pilih salah satu: \3"),
    (r"argument (\S+): invalid int value: (.+)", r"argumen \1: \2 bukan bilangan bulat"),
    (r"argument (\S+): invalid float value: (.+)", r"argumen \1: \2 bukan bilangan"),
    (r"argument (\S+): invalid (\w+) value: (.+)", r"argumen \1: \3 tidak dapat dibaca"),
    (r"argument (\S+): expected one argument", r"argumen \1: perlu satu nilai"),
    (r"argument (\S+): not allowed with argument (\S+)", r"argumen \1 tidak boleh dipakai bersama \2"),
    (r"ambiguous option: (\S+) could match (.+)", r"pilihan \1 tidak jelas; bisa berarti \2"),
]


def indonesian(message: str) -> str:
    """An argparse error message in Bahasa Indonesia (unchanged when it is not one of those it writes)."""
    for pattern, wording in _ARGPARSE_MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, wording, message)
    return message


class Parser(argparse.ArgumentParser):
    """argparse speaking Bahasa Indonesia: section titles, the help flag, usage and its error messages."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumen"
        self._optionals.title = "pilihan"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="tampilkan bantuan ini lalu keluar")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"Kesalahan: {indonesian(message)}. Lihat bantuan dengan: {self.prog} --help\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m etl", description="ETL Gugus Tugas TPPO: templat, validasi dan pemuatan buku kerja pilar ke DuckDB.")
    parser.add_argument("--db", help="berkas basis data (bawaan: GUGUS_DB atau data/gugus.duckdb)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="PERINTAH")

    p = sub.add_parser(
        "template",
        help="tulis templat sebuah pilar (kosong, atau untuk satu minggu)",
        description="Tulis templat (daftar tarik-turun, petunjuk, tanda versi) sebuah pilar: kosong, atau untuk satu minggu dan "
        "berisi acuan minggu sebelumnya — berkas yang sama dengan tombol di halaman Unggah Data. Aksi RAN yang dicantumkan "
        "adalah aksi rencana aksi yang berlaku di basis data.",
    )
    p.add_argument(
        "pillar",
        choices=[*wb.PILLAR_SLUGS, "plan"],
        metavar="PILAR",
        help=f"salah satu: {', '.join(wb.PILLAR_SLUGS)}; atau plan untuk matriks rencana aksi",
    )
    p.add_argument("--week", help="minggu ISO yang diisi, misalnya 2025-W48 (seperti tombol di halaman Unggah Data)")
    p.add_argument("--prefilled", action="store_true", help="berisi nilai minggu sebelumnya sebagai acuan (memerlukan --week)")
    p.add_argument("-o", "--output", required=True, help="berkas .xlsx tujuan, atau folder (nama berkas seperti di halaman)")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser(
        "sample",
        help="tulis buku kerja contoh yang terisi (SIMULASI)",
        description="Tulis buku kerja sintetis yang valid untuk satu pilar dan satu minggu.",
    )
    p.add_argument("pillar", choices=wb.PILLAR_SLUGS, metavar="PILAR", help=f"salah satu: {', '.join(wb.PILLAR_SLUGS)}")
    p.add_argument("--week", required=True, help="minggu ISO, misalnya 2025-W47")
    p.add_argument("-o", "--output", required=True, help="berkas .xlsx tujuan")
    p.add_argument("--seed", type=int, default=7, help="benih acak (hasil sama untuk benih sama)")
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser(
        "validate",
        help="periksa buku kerja tanpa menulis apa pun",
        description="Periksa buku kerja dan laporkan semua masalah. Keluar 0 jika valid, 1 jika ada masalah.",
    )
    p.add_argument("files", nargs="+", metavar="BERKAS", help="buku kerja .xlsx")
    p.add_argument("--json", action="store_true", help="cetak hasil sebagai satu objek JSON")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "load",
        help="periksa lalu muat buku kerja atau folder kotak masuk",
        description="Periksa lalu muat setiap berkas dalam satu transaksi. Folder diproses sebagai kotak "
        "masuk: berkas yang diterima dipindah ke sudah-dimuat/, berkas yang ditolak diberi "
        "laporan .MASALAH.txt di sebelahnya.",
    )
    p.add_argument("paths", nargs="+", metavar="BERKAS_ATAU_FOLDER", help="buku kerja .xlsx atau folder")
    p.add_argument("--by", help="nama pengguna yang memuat (dicatat di riwayat)")
    p.add_argument("--dry-run", action="store_true", help="periksa saja, jangan menulis")
    p.add_argument(
        "--allow-removal",
        action="store_true",
        help="boleh menghapus nilai yang sudah tersimpan untuk minggu itu tetapi tidak ada di buku kerja "
        "(tanpa ini berkas seperti itu ditolak dan nilai yang akan hilang disebutkan)",
    )
    p.add_argument("--json", action="store_true", help="cetak hasil sebagai satu objek JSON")
    p.add_argument("--watch", action="store_true", help="terus memantau folder dan memuat berkas baru")
    p.add_argument("--interval", type=float, default=10.0, help="jeda pemantauan dalam detik (bawaan 10)")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser(
        "demo", help="bangun basis data demo dari buku kerja sintetis", description="Bangun basis data demo (DATA SIMULASI) untuk kelima pilar."
    )
    p.add_argument("--weeks", type=int, default=52, help="jumlah minggu, berakhir minggu ini (bawaan 52)")
    p.add_argument("--seed", type=int, default=7, help="benih acak (bawaan 7)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "init",
        help="siapkan basis data resmi kota dengan akun administrator pertama",
        description="Siapkan basis data resmi (bukan demo) dengan akun administrator pertama yang memakai kata sandi sementara, "
        "lalu tampilkan apa yang masih perlu disiapkan. Pada basis data resmi yang sudah ada: tidak ada yang diganti. "
        "Basis data demo ditolak, kecuali dengan --replace-demo.",
    )
    p.add_argument("--admin", default=instance.ADMIN, help="nama akun administrator pertama (bawaan admin)")
    p.add_argument(
        "--replace-demo",
        action="store_true",
        help="hapus basis data DEMO di jalur ini beserta semua data simulasinya (unggahan, akun demo, arsip, cadangan) lalu siapkan yang resmi",
    )
    p.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON (termasuk kata sandi sementara)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser(
        "health",
        help="periksa kesehatan layanan (untuk pemantau)",
        description="Periksa bahwa basis data terbuka dan menjawab, ada administrator aktif, pengaturan server dapat dipakai, "
        "skemanya terkini, disk cukup, dan cadangan terakhir tidak lebih tua dari dua hari. Keluar 0 bila sehat, 1 bila ada "
        "yang perlu ditangani. Tidak menulis apa pun.",
    )
    p.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    p.set_defaults(func=cmd_health)

    p = sub.add_parser(
        "status", help="tampilkan apa yang sudah dimuat per pilar", description="Tampilkan jumlah minggu dan unggahan per pilar serta versi data."
    )
    p.add_argument("--json", action="store_true", help="cetak sebagai JSON")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser(
        "rollback",
        help="tarik sebuah unggahan; versi sebelumnya berlaku lagi",
        description="Tarik unggahan UPLOAD_ID. Jika unggahan itu berlaku, versi sebelumnya untuk pilar dan minggu yang sama kembali berlaku.",
    )
    p.add_argument("upload_id", type=int, metavar="UPLOAD_ID", help="nomor unggahan (lihat status)")
    p.add_argument("--by", help="nama pengguna yang menarik")
    p.add_argument("--reason", help="alasan penarikan (dicatat di jejak audit)")
    p.set_defaults(func=cmd_rollback)

    p = sub.add_parser(
        "users", help="kelola akun pengguna dasbor", description="Tambah, daftar atau nonaktifkan akun. Kata sandi dibaca dari masukan standar."
    )
    users = p.add_subparsers(dest="action", required=True, metavar="AKSI", help="add, list, disable atau reset")
    u = users.add_parser(
        "add",
        help="buat akun; kata sandi dibaca dari masukan standar",
        description="Buat akun. Kata sandi (minimal 10 karakter, huruf dan angka) dibaca dari masukan standar.",
    )
    u.add_argument("name", metavar="NAMA", help="nama pengguna")
    u.add_argument("--role", required=True, choices=["ketua", "pilar", "pimpinan", "admin"], help="peran akun")
    u.add_argument("--pillar", choices=wb.PILLAR_SLUGS, help="pilar (wajib untuk peran pilar)")
    u.add_argument("--temporary", action="store_true", help="kata sandi sementara: wajib diganti saat pertama masuk")
    users.add_parser("list", help="daftar akun", description="Daftar semua akun dan keadaannya.")
    u = users.add_parser(
        "reset",
        help="beri kata sandi sementara (dari masukan standar)",
        description="Reset kata sandi akun; kata sandi sementara dibaca dari masukan standar dan wajib "
        "diganti saat masuk. Kunci karena salah sandi ikut dibuka.",
    )
    u.add_argument("name", metavar="NAMA", help="nama pengguna")
    u = users.add_parser("disable", help="nonaktifkan akun", description="Nonaktifkan akun; akun tidak dapat masuk lagi.")
    u.add_argument("name", metavar="NAMA", help="nama pengguna")
    p.set_defaults(func=cmd_users)

    p = sub.add_parser(
        "boundaries",
        help="muat peta batas wilayah (Shapefile, GeoPackage, GeoJSON)",
        description="Muat batas kecamatan atau kabupaten/kota dari berkas peta; fitur dicocokkan ke kode "
        "wilayah menurut kode atau nama, disederhanakan, dan disimpan sebagai versi baru.",
    )
    p.add_argument("file", metavar="BERKAS", help="berkas .shp, .gpkg atau .geojson")
    p.add_argument("--level", choices=["kecamatan", "kabkota"], default="kecamatan", help="tingkat wilayah (bawaan kecamatan)")
    p.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON dengan matched, unmatched, missing")
    p.set_defaults(func=cmd_boundaries)

    p = sub.add_parser(
        "plan",
        help="impor matriks rencana aksi (RAN/RAD) sebagai versi baru",
        description="Impor matriks rencana aksi (strategi/program, kegiatan, indikator keluaran, target, satuan, "
        "penanggung jawab, instansi terkait, mulai, tenggat, kode indikator). Versi baru "
        "menggantikan yang lama; aksi yang hilang ditandai, riwayatnya tetap.",
    )
    p.add_argument("file", metavar="BERKAS", help="matriks .xlsx (contoh: python -m etl template plan -o matriks.xlsx)")
    p.add_argument("--by", help="nama pengguna yang mengimpor")
    p.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser(
        "backup",
        help="buat cadangan basis data, atau daftar cadangan",
        description="Salin basis data secara konsisten ke data/backups/ beserta checksum-nya.",
    )
    p.add_argument("--list", action="store_true", help="daftar cadangan yang ada beserta tanggalnya")
    p.add_argument("--by", help="nama pengguna (dicatat di jejak audit)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore",
        help="pulihkan basis data dari cadangan",
        description="Pulihkan dari cadangan setelah checksum-nya dicocokkan; keadaan sekarang dicadangkan dulu.",
    )
    p.add_argument("file", metavar="BERKAS", help="berkas cadangan .duckdb (lihat backup --list)")
    p.add_argument("--by", help="nama pengguna (dicatat di jejak audit)")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser(
        "briefing",
        help="buat bahan rapat mingguan (PDF A4 atau PowerPoint 16:9)",
        description="Buat bahan rapat satu minggu untuk satu peserta, dengan angka dilindungi sesuai pesertanya: "
        "status pilar, angka utama, pelaporan, indikator merah, aksi RAN, alur korban, rantai layanan dan peta kasus. "
        "Dengan --outbox: bahan untuk kedua peserta dalam kedua format, minggu lengkap terakhir, ke sebuah folder "
        "(untuk penjadwal; berkas yang datanya tidak berubah tidak ditulis ulang).",
    )
    p.add_argument("--week", help="minggu ISO, misalnya 2026-W47 (bawaan: minggu lengkap terakhir)")
    p.add_argument(
        "--for",
        dest="audience",
        choices=["ketua", "pimpinan"],
        help="peserta: ketua (rapat koordinasi) atau pimpinan (Kantor Wali Kota); dengan --outbox: hanya peserta ini",
    )
    p.add_argument("-o", "--output", help="berkas tujuan: .pdf atau .pptx")
    p.add_argument(
        "--outbox",
        metavar="FOLDER",
        help="tulis bahan kedua peserta (atau peserta --for) dalam kedua format ke FOLDER/ketua/ dan FOLDER/pimpinan/, bernama menurut minggunya",
    )
    p.add_argument("--by", help="nama pengguna yang membuat (dicatat di jejak audit)")
    p.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    p.set_defaults(func=cmd_briefing)

    p = sub.add_parser(
        "export",
        help="ekspor agregat kota (Parquet) untuk provinsi atau kementerian",
        description="Tulis agregat mingguan kota ini (nilai indikator, jumlah kasus dan korban, aksi RAN) sebagai Parquet "
        "berpartisi city=KODE/week=MINGGU, dengan angka orang yang kecil dilindungi (k ketat). Ekspor ulang mengganti "
        "folder kota ini saja.",
    )
    p.add_argument("--aggregates", metavar="FOLDER", required=True, help="folder tujuan (dibuat bila belum ada)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "import",
        help="impor agregat kota-kota ke tabel rollup_* (instans provinsi)",
        description="Baca folder agregat hasil export --aggregates dari satu atau banyak kota ke tabel rollup_indicator, "
        "rollup_cases dan rollup_ran, mengganti semua baris setiap kota yang dibawanya (ekspor sebuah kota selalu lengkap). "
        "Folder yang memuat angka yang seharusnya "
        "dilindungi ditolak seluruhnya.",
    )
    p.add_argument("--aggregates", metavar="FOLDER", required=True, help="folder agregat (berisi indicator/, cases/, ran/)")
    p.set_defaults(func=cmd_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UserError as exc:  # the one handler: a user error is its message and its exit code
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"Kesalahan berkas{where}: {os_reason(exc)}. Periksa jalur dan izin berkasnya.", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a defect: a reference number to quote; the details go to the log, not the screen
        reference = uuid.uuid4().hex[:8].upper()
        log = _log_defect(reference, exc, args.db)
        print(
            f"Terjadi kesalahan yang tidak terduga (nomor rujukan {reference}). Kirim nomor ini kepada administrator; rinciannya tercatat di {log}.",
            file=sys.stderr,
        )
        return 1


def _log_defect(reference: str, exc: Exception, db: str | None) -> Path:
    """Append the defect's traceback under its reference number to ``logs/gugus-cli.log`` beside the database."""
    log = settings.db_path(db).parent / "logs" / "gugus-cli.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(log, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("gugus.cli")
    logger.propagate = False  # never to the screen: the reference number is what the user sees
    logger.addHandler(handler)
    try:
        logger.error("kesalahan %s", reference, exc_info=exc)
    finally:
        logger.removeHandler(handler)
        handler.close()
    return log


if __name__ == "__main__":
    sys.exit(main())
