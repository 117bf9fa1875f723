"""One tiny named workbook per validation code: each spoils one thing of a valid sample and must
give exactly that issue at that cell — and nothing else of error severity."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile

import msoffcrypto.format.ooxml
import openpyxl
import pytest

from etl.validate import validate_bytes
from tests.conftest import edit, row_of, sample_bytes

CASE = [
    "LP/B/2001/V/2026/SPKT",
    dt.date(2026, 5, 12),
    "Sajingan Besar",
    "PMI non-prosedural",
    "Kerja paksa",
    "R-ARUK",
    "PLBN Aruk",
    "Malaysia",
    2,
    1,
    0,
    0,
    3,
    1,
    "Penyelidikan",
    dt.date(2026, 5, 13),
    1.64,
    109.58,
]
FOLLOWUP = [
    "LP/B/2001/V/2026/SPKT",
    "Penerbitan / wawancara paspor",
    "Imigrasi Singkawang",
    dt.date(2026, 5, 12),
    "Surat 7",
    dt.date(2026, 5, 14),
    "Dibalas instansi",
    None,
]
SERVICE = ["LP/B/2001/V/2026/SPKT", dt.date(2026, 5, 14), "Penampungan rumah aman", 2, 1, 3, 0, "Paloh", "Polres Singkawang", 2, None]


def _base(ref, pillar: str) -> bytes:
    data = sample_bytes(ref, pillar)
    sheet = {"penegakan-hukum": ("Kasus", CASE), "rehab-sosial": ("Layanan Korban", SERVICE), "kerja-sama": ("Tindak Lanjut Layanan", FOLLOWUP)}.get(
        pillar
    )
    if sheet is None:
        return data

    def put(book):
        ws = book[sheet[0]]
        ws.delete_rows(2, ws.max_row)
        for c, value in enumerate(sheet[1], start=1):
            ws.cell(2, c, value)

    return edit(data, put)


def set_cell(sheet: str, cell: str, value, find: str | None = None, col_letter: str | None = None):
    """A change setting ``cell`` (or, with ``find``, column ``col_letter`` of the row whose A is ``find``)."""

    def change(book):
        ws = book[sheet]
        target = f"{col_letter}{row_of(ws, find)}" if find else cell
        ws[target] = value

    return change


def _identity(key_row: int, value):
    return set_cell("Identitas", f"B{key_row}", value)


# name -> (pillar, change, expected (sheet, row, column, code)); row None = find by indicator code
CASES = {
    "week-missing": ("pencegahan", _identity(3, None), ("Identitas", 3, "B", "week-missing")),
    "week-invalid": ("pencegahan", _identity(3, "minggu lalu"), ("Identitas", 3, "B", "week-invalid")),
    "week-future": ("pencegahan", _identity(3, "2099-W01"), ("Identitas", 3, "B", "week-future")),
    "template-unknown": ("pencegahan", _identity(8, "Format bebas"), ("Identitas", 8, "B", "template-unknown")),
    "template-outdated": ("pencegahan", _identity(8, "TPPO-SKW/pencegahan/v0"), ("Identitas", 8, "B", "template-outdated")),
    "template-wrong-pillar-cell": ("pencegahan", _identity(2, "Penegakan Hukum"), ("Identitas", 2, "B", "template-wrong-pillar")),
    "data-kind-missing": ("pencegahan", _identity(7, None), ("Identitas", 7, "B", "data-kind-missing")),
    "data-kind-invalid": ("pencegahan", _identity(7, "latihan"), ("Identitas", 7, "B", "data-kind-invalid")),
    "agency-unknown": ("pencegahan", _identity(4, "Dinas Antah"), ("Identitas", 4, "B", "agency-unknown")),
    "agency-ambiguous": ("pencegahan", _identity(4, "Kemenkumham"), ("Identitas", 4, "B", "agency-ambiguous")),
    "indicator-unknown": (
        "pencegahan",
        set_cell("Indikator", "", "PCG-99", find="PCG-03", col_letter="A"),
        ("Indikator", "PCG-03", "A", "indicator-unknown"),
    ),
    "indicator-wrong-pillar": (
        "pencegahan",
        set_cell("Indikator", "", "PGH-01", find="PCG-03", col_letter="A"),
        ("Indikator", "PCG-03", "A", "indicator-wrong-pillar"),
    ),
    "area-unknown-near-miss": ("pencegahan", set_cell("Indikator", "D2", "Singkawang Brt"), ("Indikator", 2, "D", "area-unknown")),
    "area-level": (
        "pencegahan",
        set_cell("Indikator", "", "Singkawang Barat", find="PCG-03", col_letter="D"),
        ("Indikator", "PCG-03", "D", "area-level"),
    ),
    "type-number": ("pencegahan", set_cell("Indikator", "", "banyak", find="PCG-03", col_letter="F"), ("Indikator", "PCG-03", "F", "type-number")),
    "value-negative": ("pencegahan", set_cell("Indikator", "", -3, find="PCG-03", col_letter="F"), ("Indikator", "PCG-03", "F", "value-negative")),
    "numerator-gt-denominator": (
        "pencegahan",
        set_cell("Indikator", "", 99, find="PCG-08", col_letter="G"),
        ("Indikator", "PCG-08", "G", "numerator-gt-denominator"),
    ),
    "denominator-zero": ("pencegahan", set_cell("Indikator", "", 0, find="PCG-08", col_letter="H"), ("Indikator", "PCG-08", "H", "denominator-zero")),
    "numerator-not-percent": (
        "pencegahan",
        set_cell("Indikator", "", 3, find="PCG-06", col_letter="G"),
        ("Indikator", "PCG-06", "G", "numerator-not-percent"),
    ),
    "value-conflict": ("pencegahan", set_cell("Indikator", "", 99.5, find="PCG-08", col_letter="F"), ("Indikator", "PCG-08", "F", "value-conflict")),
    "duplicate-key": (
        "pencegahan",
        set_cell("Indikator", "", "PCG-03", find="PCG-04", col_letter="A"),
        ("Indikator", "PCG-04", "D", "duplicate-key"),
    ),
    "action-unknown": (
        "pencegahan",
        set_cell("Aksi RAN", "", "PCG-A99", find="PCG-A01", col_letter="A"),
        ("Aksi RAN", "PCG-A01", "A", "action-unknown"),
    ),
    "action-wrong-pillar": (
        "pencegahan",
        set_cell("Aksi RAN", "", "PGH-A01", find="PCG-A01", col_letter="A"),
        ("Aksi RAN", "PCG-A01", "A", "action-wrong-pillar"),
    ),
    "percent-range-progress": (
        "pencegahan",
        set_cell("Aksi RAN", "", 120, find="PCG-A01", col_letter="F"),
        ("Aksi RAN", "PCG-A01", "F", "percent-range"),
    ),
    "choice-invalid": ("penegakan-hukum", set_cell("Kasus", "D2", "Perbudakan"), ("Kasus", 2, "D", "choice-invalid")),
    "required-missing": ("penegakan-hukum", set_cell("Kasus", "O2", None), ("Kasus", 2, "O", "required-missing")),
    "type-integer": ("penegakan-hukum", set_cell("Kasus", "N2", "1,5"), ("Kasus", 2, "N", "type-integer")),
    "type-date": ("penegakan-hukum", set_cell("Kasus", "B2", "kemarin"), ("Kasus", 2, "B", "type-date")),
    "date-future": ("penegakan-hukum", set_cell("Kasus", "B2", "01/01/2099"), ("Kasus", 2, "B", "date-future")),
    "date-invalid": ("penegakan-hukum", set_cell("Kasus", "B2", "01/01/1999"), ("Kasus", 2, "B", "date-invalid")),
    "average-numerator": (
        "rehab-kesehatan",
        set_cell("Indikator", "", 3, find="RKS-04", col_letter="G"),
        ("Indikator", "RKS-04", "G", "average-numerator"),
    ),
    "route-unknown": ("penegakan-hukum", set_cell("Kasus", "F2", "R-ARUKK"), ("Kasus", 2, "F", "route-unknown")),
    "place-unknown": ("penegakan-hukum", set_cell("Kasus", "G2", "PLBN Arok"), ("Kasus", 2, "G", "place-unknown")),
    "breakdown-mismatch": ("penegakan-hukum", set_cell("Kasus", "M2", 5), ("Kasus", 2, "M", "breakdown-mismatch")),
    "coordinate-range": ("penegakan-hukum", set_cell("Kasus", "Q2", -8.6), ("Kasus", 2, "Q", "coordinate-range")),
    "children-gt-total": ("rehab-sosial", set_cell("Layanan Korban", "G2", 4), ("Layanan Korban", 2, "G", "children-gt-total")),
    "identity-nik": ("penegakan-hukum", set_cell("Kasus", "A2", "6172015708990003"), ("Kasus", 2, "A", "identity-nik")),
    "identity-nik-number": ("pencegahan", set_cell("Indikator", "I2", 6172015708990003), ("Indikator", 2, "I", "identity-nik")),
    "identity-phone": ("rehab-sosial", set_cell("Layanan Korban", "K2", "keluarga: 0812-5678-9012"), ("Layanan Korban", 2, "K", "identity-phone")),
    "identity-column": ("penegakan-hukum", set_cell("Kasus", "T1", "Nama korban"), ("Kasus", 1, "T", "identity-column")),
    "choice-invalid-part": ("penegakan-hukum", set_cell("Kasus", "S2", "paspor; calo kampung"), ("Kasus", 2, "S", "choice-invalid-part")),
    "reply-before-sent": (
        "kerja-sama",
        set_cell("Tindak Lanjut Layanan", "F2", dt.date(2026, 5, 10)),
        ("Tindak Lanjut Layanan", 2, "F", "reply-before-sent"),
    ),
    "reply-date-missing": ("kerja-sama", set_cell("Tindak Lanjut Layanan", "F2", None), ("Tindak Lanjut Layanan", 2, "F", "reply-date-missing")),
    "reply-status-mismatch": (
        "kerja-sama",
        set_cell("Tindak Lanjut Layanan", "G2", "Temuan dikirim"),
        ("Tindak Lanjut Layanan", 2, "G", "reply-status-mismatch"),
    ),
    "column-duplicate": ("penegakan-hukum", set_cell("Kasus", "T1", "Titik layanan bermasalah"), ("Kasus", 1, "T", "column-duplicate")),
    "template-newer": ("pencegahan", _identity(8, "TPPO-SKW/pencegahan/v3"), ("Identitas", 8, "B", "template-newer")),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_code_points_at_its_cell(ref, tmp_path, name):
    pillar, change, (sheet, row, column, code) = CASES[name]
    base = _base(ref, pillar)
    data = edit(base, change)
    (tmp_path / f"{name}.xlsx").write_bytes(data)  # the named fixture, kept for a failing run
    if isinstance(row, str):
        row = row_of(openpyxl.load_workbook(io.BytesIO(base))[sheet], row) if code != "duplicate-key" else None
    result = validate_bytes(data, f"{name}.xlsx", ref)
    errors = [(i.sheet, i.row, i.column, i.code) for i in result.report.errors]
    assert not result.ok
    if row is None:  # the duplicate: the second of two equal rows
        assert [(s, c, k) for s, _, c, k in errors] == [(sheet, column, code)]
    else:
        assert errors == [(sheet, row, column, code)]
    issue = result.report.errors[0]
    assert issue.file == f"{name}.xlsx" and issue.message and issue.severity == "error"


def test_base_samples_are_valid(ref):
    for pillar in ("pencegahan", "penegakan-hukum", "rehab-sosial", "kerja-sama"):
        result = validate_bytes(_base(ref, pillar), "base.xlsx", ref)
        assert result.ok, result.report.errors


def test_near_miss_area_suggests_the_name(ref):
    data = edit(_base(ref, "pencegahan"), set_cell("Indikator", "D2", "Singkawang Brt"))
    issue = validate_bytes(data, "x.xlsx", ref).report.errors[0]
    assert 'Maksud Anda "Singkawang Barat"?' in issue.message


def test_areas_by_code_name_case_and_spacing(ref):
    for typed in ("61.72.01", "6172050", "  singkawang   TENGAH ", "Singkawang Tengah"):
        data = edit(_base(ref, "pencegahan"), set_cell("Indikator", "D2", typed))
        result = validate_bytes(data, "x.xlsx", ref)
        assert result.ok, (typed, result.report.errors)
        assert result.workbook.rows["Indikator"][0][1].area == "61.72.01"


def test_wrong_pillar_for_the_caller(ref):
    result = validate_bytes(_base(ref, "pencegahan"), "x.xlsx", ref, expected_pillar="rehab-sosial")
    assert [(i.sheet, i.row, i.column, i.code) for i in result.report.errors] == [("Identitas", 8, "B", "template-wrong-pillar")]


def test_missing_sheet_and_column(ref):
    def change(book):
        del book["Kasus"]
        book["Indikator"]["F1"] = "Jumlah"

    result = validate_bytes(edit(_base(ref, "penegakan-hukum"), change), "x.xlsx", ref)
    assert {(i.sheet, i.code, i.header) for i in result.report.errors} == {("Kasus", "sheet-missing", None), ("Indikator", "column-missing", "Nilai")}


def test_identity_values_are_never_echoed_in_full(ref):
    nik, phone = "6172015708990003", "081256789012"

    def change(book):
        book["Kasus"]["A2"] = nik
        book["Kasus"]["S2"] = f"hubungi {phone}"

    result = validate_bytes(edit(_base(ref, "penegakan-hukum"), change), "x.xlsx", ref)
    text = repr([i.as_dict() for i in result.report.all_issues()])
    assert nik not in text and phone not in text and "81256789012" not in text
    assert {i.code for i in result.report.errors} >= {"identity-nik", "identity-phone"}
    assert "61••••••••••••03" in text


def test_blank_value_is_a_warning_and_row_skipped(ref):
    data = edit(_base(ref, "pencegahan"), set_cell("Indikator", "", None, find="PCG-03", col_letter="F"))
    result = validate_bytes(data, "x.xlsx", ref)
    assert result.ok
    assert [(i.code, i.severity) for i in result.report.issues] == [("value-missing", "warning")]
    assert "PCG-03" not in {row.indicator for _, row in result.workbook.rows["Indikator"]}


def test_percent_from_numerator_and_denominator_and_typed_formats(ref):
    def change(book):
        ws = book["Indikator"]
        r = row_of(ws, "PCG-08")
        ws[f"F{r}"], ws[f"G{r}"], ws[f"H{r}"] = None, "1.234", "2.468"
        ws[f"F{row_of(ws, 'PCG-06')}"] = "1.234"

    rows = {row.indicator: row for _, row in validate_bytes(edit(_base(ref, "pencegahan"), change), "x", ref).workbook.rows["Indikator"]}
    assert rows["PCG-08"].reported_value == 50.0
    assert rows["PCG-06"].reported_value == 1234.0


def test_every_issue_in_one_pass_capped(ref, monkeypatch):
    monkeypatch.setenv("GUGUS_MAX_ISSUES", "5")

    def change(book):
        ws = book["Indikator"]
        for r in range(2, 12):
            ws[f"F{r}"] = "x"

    report = validate_bytes(edit(_base(ref, "pencegahan"), change), "x.xlsx", ref).report
    assert len(report.issues) == 5 and report.not_shown == 5
    assert report.all_issues()[-1].code == "too-many-issues"
    assert "5 masalah lain" in report.all_issues()[-1].message


# ---- file-level ------------------------------------------------------------------------


def test_not_xlsx(ref):
    report = validate_bytes(b"kode,nilai\nPCG-01,3\n", "laporan.xlsx", ref).report
    assert [(i.code, i.sheet, i.row) for i in report.errors] == [("file-not-xlsx", None, None)]


def test_corrupt_truncated(ref):
    data = sample_bytes(ref, "pencegahan")
    assert [i.code for i in validate_bytes(data[: len(data) // 2], "x.xlsx", ref).report.errors] == ["file-corrupt"]


def test_encrypted(ref):
    out = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(sample_bytes(ref, "pencegahan"))).encrypt("rahasia", out)
    assert [i.code for i in validate_bytes(out.getvalue(), "x.xlsx", ref).report.errors] == ["file-encrypted"]


def test_too_large_refused_before_parsing(ref, monkeypatch):
    monkeypatch.setenv("GUGUS_MAX_FILE_MB", "0.001")
    report = validate_bytes(sample_bytes(ref, "pencegahan"), "x.xlsx", ref).report
    assert [i.code for i in report.errors] == ["file-too-large"]


def test_zip_bomb_refused_before_parsing(ref):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 250_000_000)
    assert len(out.getvalue()) < 1_000_000
    assert [i.code for i in validate_bytes(out.getvalue(), "bom.xlsx", ref).report.errors] == ["file-zip-bomb"]


def test_formulas_read_by_cached_value(ref, tmp_path):
    # openpyxl writes no cached values, so build the cached value into the sheet XML directly.
    data = edit(_base(ref, "pencegahan"), set_cell("Indikator", "", "=1+1", find="PCG-03", col_letter="F"))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            content = re.sub(rb"<f>1\+1</f>(<v\s*/>|<v></v>)?", b"<f>1+1</f><v>2</v>", content)
            dst.writestr(item, content)
    result = validate_bytes(out.getvalue(), "rumus.xlsx", ref)
    rows = {row.indicator: row for _, row in result.workbook.rows["Indikator"]}
    assert rows["PCG-03"].value == 2


def test_a_second_identity_label_is_refused_not_followed(ref):
    def change(book):
        ws = book["Identitas"]
        ws["A20"], ws["B20"] = "Minggu laporan", "2026-W10"

    result = validate_bytes(edit(_base(ref, "pencegahan"), change), "x.xlsx", ref)
    assert [(i.code, i.row, i.column) for i in result.report.errors] == [("label-duplicate", 20, "A")]
    assert "baris 3" in result.report.errors[0].message


def test_an_area_and_an_area_inside_it_are_not_both_counted(ref):
    def change(book):
        ws = book["Indikator"]
        assert ws.cell(row_of(ws, "PCG-01"), 4).value == "61.72.01"  # the sample's first row: Singkawang Tengah
        ws.append(["PCG-01", None, None, "Kelurahan Roban (Singkawang Tengah)", None, 2])  # and a kelurahan inside it

    result = validate_bytes(edit(_base(ref, "pencegahan"), change), "x.xlsx", ref)
    [issue] = result.report.errors
    assert (issue.code, issue.column) == ("area-overlap", "D") and "dua kali" in issue.message


def test_case_codes_differing_only_in_letter_case_are_one_case(ref):
    def change(book):
        ws = book["Kasus"]
        for c in range(1, ws.max_column + 1):
            ws.cell(3, c, ws.cell(2, c).value)
        ws["A3"] = ws["A2"].value.lower()

    result = validate_bytes(edit(_base(ref, "penegakan-hukum"), change), "x.xlsx", ref)
    assert [(i.code, i.row) for i in result.report.errors] == [("duplicate-key", 3)]


def test_a_number_formatted_as_a_percentage_is_read_as_shown(ref):
    def change(book):
        ws = book["Indikator"]
        r = row_of(ws, "PCG-08")
        ws[f"F{r}"], ws[f"G{r}"], ws[f"H{r}"] = 0.45, None, None
        ws[f"F{r}"].number_format = "0%"
        ws = book["Aksi RAN"]
        ws["F2"] = 0.5
        ws["F2"].number_format = "0.0%"

    result = validate_bytes(edit(_base(ref, "pencegahan"), change), "x.xlsx", ref)
    assert result.ok, result.report.errors
    rows = {row.indicator: row for _, row in result.workbook.rows["Indikator"]}
    assert rows["PCG-08"].reported_value == 45.0
    assert [row.progress for _, row in result.workbook.rows["Aksi RAN"]][0] == 50.0
    assert [i.code for i in result.report.issues].count("percent-format-read") == 2


def test_a_report_date_far_from_the_week_is_a_warning(ref):
    result = validate_bytes(edit(_base(ref, "pencegahan"), set_cell("Identitas", "B6", dt.date(2026, 10, 20))), "x.xlsx", ref)
    assert result.ok and [i.code for i in result.report.issues if i.code == "report-date-far"] == ["report-date-far"]


def test_an_area_name_two_areas_share_asks_for_the_code(ref):
    """Two areas of one name (a kelurahan named after its kecamatan, in a city's fuller reference): the name is
    refused at its cell with both candidates, never guessed."""
    shared = copy.deepcopy(ref)
    shared.areas.add_name("Paloh", "61.01.01")  # Paloh is a kecamatan too
    data = edit(_base(ref, "penegakan-hukum"), set_cell("Kasus", "C2", "Paloh"))
    errors = validate_bytes(data, "x.xlsx", shared).report.errors
    assert [(i.sheet, i.row, i.column, i.code) for i in errors] == [("Kasus", 2, "C", "area-ambiguous")]
    assert "Tulis kodenya" in errors[0].message
