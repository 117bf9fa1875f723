"""Writing pillar workbooks with openpyxl: the blank template, and the same layout filled in.

Headers and prefilled reference columns are locked (sheet protection without a password, to
stop accidents rather than people); input cells are unlocked and offer drop-downs fed from the
hidden ``Daftar`` sheet; the template version is stamped on the Identitas sheet.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from etl import workbook as wb
from gugus import exports
from gugus.i18n import fmt_number
from gugus.reference import Reference
from gugus.weeks import Week, today

INPUT_ROWS = 300  # blank, unlocked rows below the prefilled ones
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")
SIM_FILL = PatternFill("solid", fgColor="FFE699")
UNLOCKED = Protection(locked=False)


def _lists(pillar: str, ref: Reference) -> dict[str, list[str]]:
    """The drop-down lists, by name; each becomes a column of the hidden Daftar sheet."""
    choices = {name: [r["label_id"] for r in lookup.rows.values()] for name, lookup in ref.choices.items()}
    area_levels = ("kabkota", "kecamatan", "kelurahan", "desa")
    service = "layanan-kesehatan" if pillar == "rehab-kesehatan" else "layanan-sosial"
    return {
        "indikator": [c for c, r in ref.indicators.items() if r["pillar"] == pillar],
        "wilayah": ref.area_list(*area_levels),
        "modus": choices["modus"],
        "eksploitasi": choices["eksploitasi"],
        "rute": list(ref.routes.rows),
        "titik": [r["name"] for r in ref.places.rows.values() if r["kind"] in ("plbn", "pos_lintas_batas", "jalur_informal", "bandara", "pelabuhan")],
        "negara": choices["negara"],
        "tahap": choices["tahap"],
        "layanan": choices[service],
        "instansi": [r["short"] for r in ref.agencies.rows.values()],
        "status": choices["status-aksi"],
        "jenis": [wb.REAL_MARK, wb.SIMULATION_MARK],
        "titik-layanan": choices["titik-layanan"],
        "status-tindak-lanjut": choices["status-tindak-lanjut"],
    }


def _list_sheet(book: Workbook, lists: dict[str, list[str]]) -> dict[str, str]:
    ws = book.create_sheet(wb.SHEET_LISTS)
    ranges = {}
    for c, (name, items) in enumerate(lists.items(), start=1):
        letter = get_column_letter(c)
        ws.cell(1, c, name)
        for r, item in enumerate(items, start=2):
            ws.cell(r, c, item)
        ranges[name] = f"={wb.SHEET_LISTS}!${letter}$2:${letter}${max(len(items) + 1, 2)}"
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    return ranges


def _dropdown(ws, formula: str, cells: str, header: str, multi: bool = False) -> None:
    """A drop-down; a ``multi`` cell takes several choices typed with semicolons, so Excel only informs."""
    error = f"Pilih {header} dari daftar. Nilai lain akan diperiksa saat unggah."
    if multi:
        error = f"Untuk lebih dari satu {header}, ketik pilihan dari daftar dipisah titik koma (;). Semua diperiksa saat unggah."
    dv = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="information" if multi else "warning",
        errorTitle="Beberapa pilihan" if multi else "Pilihan tidak dikenal",
        error=error,
    )
    ws.add_data_validation(dv)
    dv.add(cells)


def _number_check(ws, check: tuple[str, float | None, float | None], cells: str, header: str) -> None:
    """Excel's own check: only a number (a whole one for counts) within the bounds can be typed."""
    kind, low, high = check
    words = "bilangan bulat" if kind == "whole" else "angka"
    if high is None:
        dv = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=str(low))
        bounds = f"{fmt_number(low)} atau lebih"
    else:
        dv = DataValidation(type=kind, operator="between", formula1=str(low), formula2=str(high))
        bounds = f"antara {fmt_number(low)} dan {fmt_number(high)}"
    dv.allow_blank, dv.showErrorMessage, dv.errorStyle = True, True, "stop"
    dv.errorTitle = f"{header}: isi {words}"
    dv.error = f"Kolom {header} hanya menerima {words} {bounds}, tanpa satuan atau teks. Kosongkan jika tidak ada."
    ws.add_data_validation(dv)
    dv.add(cells)


def _protect(ws) -> None:
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.sort = False
    ws.protection.autoFilter = False
    ws.protection.insertRows = False
    ws.protection.deleteRows = False


def _guide(book: Workbook, pillar: str, ref: Reference, simulated: bool, version: int = wb.TEMPLATE_VERSION) -> None:
    ws = book.active
    ws.title = wb.SHEET_GUIDE
    name = ref.pillars[pillar]["name_id"]
    steps = [
        "Lembar Identitas: isi Minggu laporan (misalnya 2025-W47, atau tanggal mana saja dalam minggu itu), "
        "instansi, jabatan petugas, tanggal pengisian dan Jenis data (RESMI untuk data sebenarnya).",
        "Lembar Indikator: isi kolom Nilai. Untuk indikator persentase, isi Pembilang dan Penyebut "
        "(persentase dihitung otomatis) atau tulis persentasenya di Nilai, misalnya 12,5.\n"
        "   Tulis 0 jika tidak ada kegiatan; baris dengan Nilai kosong dianggap belum dilaporkan.",
        "Angka boleh ditulis 1.234 atau 1.234,5; tanggal boleh 17/11/2025 atau 17 Nov 2025.",
        "Wilayah ditulis dengan kode Kemendagri (misalnya 61.72.02) atau nama dari daftar tarik-turun.",
    ]
    if pillar == "penegakan-hukum":
        steps.append("Lembar Kasus: satu baris per kasus yang dilaporkan atau berubah tahapnya minggu ini.")
        if version >= 2:
            steps.append(
                "Kolom Titik layanan bermasalah (boleh kosong): di mana layanan publik disalahgunakan atau gagal pada kasus ini "
                "(dokumen kependudukan, paspor, pos lintas batas, dan lain-lain); lebih dari satu dipisah titik koma (;)."
            )
    if pillar in ("rehab-kesehatan", "rehab-sosial"):
        steps.append(
            "Lembar Layanan Korban: satu baris per layanan per kasus; jumlah korban, bukan nama. Tulis Kode kasus persis seperti "
            "nomor LP dari Penegakan Hukum, agar alur penanganan korban tersambung antarpilar."
        )
    if pillar == "kerja-sama" and version >= 2:
        steps.append(
            "Lembar Tindak Lanjut Layanan: satu baris per temuan (kode kasus, titik layanan, instansi yang dikirimi). Tulis lagi "
            "baris yang sama pada minggu statusnya berubah atau ada surat susulan, dengan isian terbaru (nomor surat, tanggal "
            "balasan, status); yang tersimpan adalah keadaan terakhirnya."
        )
    steps.append(_ran_step(pillar, ref))
    steps.append(
        "Unggah berkas yang sama lagi untuk memperbaiki minggu itu: isian yang tidak ada lagi di berkas "
        "baru akan dihapus hanya setelah Anda mengonfirmasinya."
    )
    lines = [f"Laporan mingguan Gugus Tugas TPPO Kota Singkawang — Pilar {name}", "", "Cara mengisi:"]
    lines += [f"{n}. {step}" for n, step in enumerate(steps, start=1)]  # numbered in order, whatever the pillar
    lines += [
        "",
        "PERLINDUNGAN KORBAN — WAJIB:",
        "Jangan menulis nama, NIK, nomor telepon, alamat atau tanggal lahir korban di mana pun. "
        "Berkas yang memuatnya akan ditolak seluruhnya. Gunakan kode kasus dan kecamatan/kelurahan saja.",
        "",
        "Jangan mengganti nama lembar atau judul kolom. Jika ada pesan kesalahan saat unggah, pesan itu "
        "menyebut lembar, sel dan cara memperbaikinya.",
        "",
        f"Versi templat: {wb.stamp(pillar, version)}",
    ]
    for number in sorted(v for v in wb.CHANGES if v <= version):
        lines += ["", f"Yang berubah pada versi {number}:", *(f"- {change}" for change in wb.CHANGES[number])]
    if simulated:
        lines.insert(1, "DATA SIMULASI — bukan data sebenarnya, hanya untuk latihan dan demonstrasi.")
    for r, line in enumerate(lines, start=1):
        ws.cell(r, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=14)
    if simulated:
        ws["A2"].font = Font(bold=True, color="9C0006")
        ws["A2"].fill = SIM_FILL
    ws.column_dimensions["A"].width = 120
    _protect(ws)


def _ran_step(pillar: str, ref: Reference) -> str:
    """What the guide says of the Aksi RAN sheet: how to fill it, or why it is empty (it lists the actions of the
    database's current plan only, so a workbook made for a database always fits it)."""
    if not ref.actions:
        return (
            "Lembar Aksi RAN sengaja kosong: dasbor ini belum memuat rencana aksi (RAN/RAD). Biarkan kosong. Setelah "
            "administrator mengimpor matriks rencana aksi, unduh templat baru: aksi pilar ini akan tercantum di sana."
        )
    if not any(a["pillar"] == pillar for a in ref.actions.values()):
        return "Lembar Aksi RAN sengaja kosong: rencana aksi yang berlaku tidak memuat aksi untuk pilar ini. Biarkan kosong."
    return "Lembar Aksi RAN: isi Status, Progres (%) dan Bukti untuk aksi yang berjalan minggu ini."


def _identity(book: Workbook, pillar: str, ref: Reference, ranges: dict[str, str], values: dict[str, Any], version: int) -> None:
    ws = book.create_sheet(wb.SHEET_IDENTITY)
    for c, header in enumerate(("Isian", "Nilai", "Keterangan"), start=1):
        cell = ws.cell(1, c, header)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    prefilled = {"pillar": ref.pillars[pillar]["name_id"], "stamp": wb.stamp(pillar, version)}
    for key, (row, label, help_text) in wb.IDENTITY_FIELDS.items():
        ws.cell(row, 1, label).font = Font(bold=True)
        ws.cell(row, 3, help_text)
        value_cell = ws.cell(row, 2, prefilled.get(key, values.get(key)))
        if key in prefilled:
            value_cell.fill = LOCKED_FILL
        else:
            value_cell.protection = UNLOCKED
        if isinstance(value_cell.value, dt.date):
            value_cell.number_format = "DD/MM/YYYY"
    agency_row = wb.IDENTITY_FIELDS["agency"][0]
    kind_row = wb.IDENTITY_FIELDS["data_kind"][0]
    _dropdown(ws, ranges["instansi"], f"B{agency_row}", "instansi")
    _dropdown(ws, ranges["jenis"], f"B{kind_row}", "jenis data")
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 34
    ws.column_dimensions["C"].width = 70
    _protect(ws)


def _table(book: Workbook, name: str, ranges: dict[str, str], rows: list[dict[str, Any]], version: int) -> None:
    """One data sheet: the given rows (their locked columns grey), then INPUT_ROWS empty rows that are all
    open for typing (a breakdown by area, another case), except reference columns, which are never input.
    A cell given several values (a multi-choice column) holds them separated by semicolons."""
    model = wb.SHEET_MODELS[name]
    ws = book.create_sheet(name)
    fields = [(fname, f) for fname, f in model.model_fields.items() if f.alias and (f.json_schema_extra or {}).get("since", 1) <= version]
    last = len(rows) + INPUT_ROWS + 1
    for c, (fname, f) in enumerate(fields, start=1):
        extra = f.json_schema_extra or {}
        letter = get_column_letter(c)
        cell = ws.cell(1, c, f.alias)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if f.description:
            cell.comment = Comment(f.description, "Gugus Tugas TPPO")
        ws.column_dimensions[letter].width = extra.get("width", 14)
        locked, reference = bool(extra.get("locked")), bool(extra.get("reference"))
        # Every cell is written with its own protection and format: a column style alone is not honoured for
        # empty cells by every spreadsheet program, and rows below the prefilled ones would stay locked.
        for r in range(2, last + 1):
            values = rows[r - 2] if r - 2 < len(rows) else {}
            value = values.get(fname)
            cell = ws.cell(r, c, "; ".join(value) if isinstance(value, (list, tuple)) else value)
            if reference or (locked and values):
                cell.fill = LOCKED_FILL
            else:
                cell.protection = UNLOCKED
            if extra.get("format"):
                cell.number_format = extra["format"]
        if extra.get("dropdown") and extra["dropdown"] in ranges:
            _dropdown(ws, ranges[extra["dropdown"]], f"{letter}2:{letter}{last}", f.alias, bool(extra.get("multi")))
        if extra.get("check"):
            _number_check(ws, extra["check"], f"{letter}2:{letter}{last}", f.alias)
    ws.freeze_panes = "B2"
    ws.row_dimensions[1].height = 32
    _protect(ws)


def prefilled_rows(pillar: str, ref: Reference) -> dict[str, list[dict[str, Any]]]:
    """Rows a blank template starts with: the pillar's indicators and RAN actions."""
    city = ref.area_label("61.72")
    kecamatan = [ref.area_label(c) for c, r in ref.areas.rows.items() if r["level"] == "kecamatan" and r["parent"] == "61.72"]
    indicators = []
    for code, r in ref.indicators.items():
        if r["pillar"] != pillar:
            continue
        for area_name in kecamatan if r["area_level"] == "kecamatan" else [city]:
            indicators.append({"indicator": code, "description": r["name_id"], "unit": r["unit"], "area": area_name})
    actions = [
        {"action": code, "activity": r["activity"], "agency": ref.agencies.rows[r["lead_agency"]]["short"], "due": r["due"]}
        for code, r in ref.actions.items()
        if r["pillar"] == pillar
    ]
    return {wb.SHEET_INDICATORS: indicators, wb.SHEET_RAN: actions}


def build_workbook(
    pillar: str,
    ref: Reference,
    *,
    identity: dict[str, Any] | None = None,
    rows: dict[str, list[dict[str, Any]]] | None = None,
    version: int = wb.TEMPLATE_VERSION,
) -> Workbook:
    """The workbook for ``pillar``: blank when ``rows`` is None, else with those rows per sheet. An older template
    ``version`` has that version's sheets and columns (what an officer's saved copy of last year's file looks like)."""
    # Jenis data is required: the template says RESMI unless told, and SIMULASI when made from the demo database
    # (which takes nothing else: a trainee's file from it loads back into it)
    identity = {"data_kind": wb.SIMULATION_MARK if ref.demo else wb.REAL_MARK, **(identity or {})}
    rows = rows if rows is not None else prefilled_rows(pillar, ref)
    simulated = identity.get("data_kind") == wb.SIMULATION_MARK
    book = Workbook()
    _guide(book, pillar, ref, simulated, version)
    lists = _lists(pillar, ref)
    ranges = {
        name: f"={wb.SHEET_LISTS}!${get_column_letter(i)}$2:${get_column_letter(i)}${max(len(items) + 1, 2)}"
        for i, (name, items) in enumerate(lists.items(), start=1)
    }
    _identity(book, pillar, ref, ranges, identity, version)
    for name in wb.sheets_for(pillar, version)[1:]:
        _table(book, name, ranges, rows.get(name, []), version)
    _list_sheet(book, lists)
    return book


workbook_bytes = exports.workbook_bytes  # every workbook the project writes is saved formula-safe


def write_template(pillar: str, ref: Reference, path: str | Path, week: Week | None = None) -> Path:
    """Write the blank template of ``pillar`` to ``path``."""
    identity = {"week": str(week)} if week else {}
    path = Path(path)
    path.write_bytes(workbook_bytes(build_workbook(pillar, ref, identity=identity)))
    return path


def week_template(con, pillar: str, week: Week, ref: Reference, *, prefilled: bool = False) -> bytes:
    """The pillar's workbook for ``week``, as the upload page's two buttons and ``etl template --week`` give it: blank
    (the week filled in), or pre-filled with the week before's values as reference (``con`` may be None for a
    database that does not exist yet: nothing to pre-fill)."""
    rows, identity = None, {"week": str(week)}
    if prefilled and con is not None:
        rows = reference_rows(con, pillar, week - 1, ref)
        identity = last_identity(con, pillar, week, ref)
    return workbook_bytes(build_workbook(pillar, ref, identity=identity, rows=rows))


def file_name(pillar: str, week: Week, prefilled: bool = False) -> str:
    """The name the upload page gives a week's template (also ``etl template`` into a folder)."""
    return f"templat-{pillar}-{week}-acuan-{week - 1}.xlsx" if prefilled else f"templat-{pillar}-{week}.xlsx"


def _stored_indicators(con, pillar: str, week: Week, ref: Reference) -> list[dict[str, Any]]:
    """The indicator rows of the pillar's current upload for ``week``, in sheet order, as template rows (as typed:
    a percentage given as numerator and denominator keeps Nilai empty); ``previous`` holds the value stored."""
    out = []
    for code, area, value, num, den, note in con.execute(
        """SELECT indicator, area, value, numerator, denominator, note FROM indicator_value_current
               WHERE pillar = ? AND week = ? ORDER BY sheet_row""",
        [pillar, str(week)],
    ).fetchall():
        meta = ref.indicators[code]
        out.append(
            {
                "indicator": code,
                "description": meta["name_id"],
                "unit": meta["unit"],
                "area": ref.area_label(area),
                "value": value if num is None else None,
                "numerator": num,
                "denominator": den,
                "note": note,
                "previous": value,
            }
        )
    return out


def _ran_rows(con, pillar: str, week: Week, ref: Reference, *, latest: bool = False) -> list[dict[str, Any]]:
    """The pillar's Aksi RAN rows with what ``week`` stored; with ``latest``, each action's latest state up to and
    including ``week`` (an update saved in the app this week included), its evidence only when it is ``week``'s.
    The status is written as the drop-down shows it."""
    rows = prefilled_rows(pillar, ref)[wb.SHEET_RAN]
    stored = {
        action: (status, progress, note, at)
        for action, status, progress, note, at in con.execute(
            f"""SELECT action, arg_max(status, week_start), arg_max(progress, week_start), arg_max(evidence, week_start),
                   max(week_start)
            FROM ran_update_current WHERE pillar = ? AND week_start {"<=" if latest else "="} ? GROUP BY action""",
            [pillar, week.monday],
        ).fetchall()
    }
    labels = ref.choices["status-aksi"].rows
    for row in rows:
        if found := stored.get(row["action"]):
            status, progress, note, at = found
            row["status"] = labels[status]["label_id"] if status in labels else status
            row["progress"] = progress
            row["evidence"] = note if at == week.monday else None
    return rows


def reference_rows(con, pillar: str, week: Week, ref: Reference) -> dict[str, list[dict[str, Any]]]:
    """Rows of the pre-filled workbook for the week after ``week``: what ``week`` stored stands in the grey
    "Nilai minggu lalu" column, beside empty Nilai cells (as DHIS2 shows the previous period), so nothing of last
    week is sent as this week's by mistake. An area breakdown of last week keeps its rows. RAN actions carry their
    status and progress, which are states that last until changed — the latest known, so that an update already
    saved in the app for the coming week is not sent back older — but not the evidence of another week."""
    rows = prefilled_rows(pillar, ref)
    last = {(r["indicator"], r["area"]): r["previous"] for r in _stored_indicators(con, pillar, week, ref)}
    for row in rows[wb.SHEET_INDICATORS]:
        row["previous"] = last.pop((row["indicator"], row["area"]), None)
    rows[wb.SHEET_INDICATORS] += [
        {"indicator": code, "description": ref.indicators[code]["name_id"], "unit": ref.indicators[code]["unit"], "area": area, "previous": value}
        for (code, area), value in last.items()
    ]
    rows[wb.SHEET_RAN] = _ran_rows(con, pillar, week + 1, ref, latest=True)
    return rows


def last_identity(con, pillar: str, week: Week, ref: Reference) -> dict[str, Any]:
    """Identitas for a pre-filled workbook of ``week``: the agency and officer of the pillar's latest upload before it."""
    row = con.execute(
        """SELECT agency, officer FROM upload_current WHERE pillar = ? AND week_start < ?
                         ORDER BY week_start DESC, id DESC LIMIT 1""",
        [pillar, week.monday],
    ).fetchone()
    out: dict[str, Any] = {"week": str(week)}
    if row and row[0] in ref.agencies.rows:
        out["agency"] = ref.agencies.rows[row[0]]["short"]
    if row and row[1]:
        out["officer"] = row[1]
    return out


def current_rows(con, pillar: str, week: Week, ref: Reference) -> dict[str, list[dict[str, Any]]]:
    """Every row of the pillar's current upload for ``week``, as template rows: the starting point of an
    in-app edit, so that saving one sheet keeps the others as they were."""
    rows = prefilled_rows(pillar, ref)
    stored = [{**r, "previous": None} for r in _stored_indicators(con, pillar, week, ref)]  # the same week: no reference
    if stored:  # every stored row, breakdowns by area included (the template has one row per indicator)
        have = {r["indicator"] for r in stored}
        rows[wb.SHEET_INDICATORS] = stored + [r for r in rows[wb.SHEET_INDICATORS] if r["indicator"] not in have]
    rows[wb.SHEET_RAN] = _ran_rows(con, pillar, week, ref)
    for sheet, table in ((wb.SHEET_CASES, "case_report"), (wb.SHEET_SERVICES, "victim_service"), (wb.SHEET_FOLLOWUP, "service_followup")):
        if sheet not in wb.sheets_for(pillar):
            continue
        fields = [name for name, f in wb.SHEET_MODELS[sheet].model_fields.items() if f.alias]
        cur = con.execute(
            f"""SELECT t.* FROM {table} t JOIN upload_current u ON u.id = t.upload_id
                              WHERE u.pillar = ? AND u.week = ? ORDER BY t.sheet_row""",
            [pillar, str(week)],
        )
        columns = [d[0] for d in cur.description]
        rows[sheet] = [{f: record.get(f) for f in fields} for record in (dict(zip(columns, r, strict=True)) for r in cur.fetchall())]
    return rows


def edited_workbook(con, pillar: str, week: Week, ref: Reference, ran_rows: list[dict[str, Any]], officer: str) -> bytes:
    """The pillar's workbook for ``week`` as currently loaded, with the Aksi RAN rows of the actions in
    ``ran_rows`` replaced: an in-app edit then goes through the same validation and versioning as a file,
    and what it does not touch stays."""
    rows = current_rows(con, pillar, week, ref)
    edits = {r["action"]: r for r in ran_rows}  # the edited actions change; every other stays as loaded
    rows[wb.SHEET_RAN] = [{**r, **edits.pop(r["action"], {})} for r in rows[wb.SHEET_RAN]] + list(edits.values())
    current = con.execute("SELECT agency, simulated FROM upload_current WHERE pillar = ? AND week = ?", [pillar, str(week)]).fetchone()
    lead = ref.pillars[pillar]["lead_agency"]
    agency = current[0] if current and current[0] else lead
    identity = {
        "week": str(week),
        "agency": ref.agencies.rows[agency]["short"],
        "officer": officer,
        "report_date": min(today(), week.sunday + dt.timedelta(days=7)),
    }
    if current and current[1]:
        identity["data_kind"] = wb.SIMULATION_MARK
    return workbook_bytes(build_workbook(pillar, ref, identity=identity, rows=rows))
