"""The pillar workbook: its sheets, and each tabular sheet's rows as a pydantic model.

One definition serves both directions: the template writer takes headers, widths, drop-down
lists and help from the models' fields, and validation parses each row through the same model.
A field's ``alias`` is the header an officer sees; ``json_schema_extra`` carries the template
details. Cell parsers raise :class:`etl.parse.CellError`; ``cell()`` turns that into a pydantic
error whose type is the stable issue code.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from etl import parse
from etl.parse import CellError
from gugus.i18n import fmt_number
from gugus.reference import Reference, normalize
from gugus.weeks import format_day

TEMPLATE_VERSION = 2
OLDEST_VERSION = 1  # workbooks of this version and later still load: fields a version lacks stay empty
# What each version changed, for the Petunjuk sheet (the officer holding last month's file reads why it differs).
CHANGES: dict[int, list[str]] = {
    2: [
        'Lembar Kasus: kolom baru "Titik layanan bermasalah" (boleh kosong) — di mana layanan publik disalahgunakan '
        "atau gagal pada kasus ini; lebih dari satu dipisah titik koma.",
        'Pilar Kerja Sama dan Koordinasi: lembar baru "Tindak Lanjut Layanan" untuk temuan yang dikirim ke instansi, balasannya dan statusnya.',
        "Berkas versi 1 tetap diterima; isian baru itu dianggap kosong.",
    ],
}
STAMP_PREFIX = "TPPO-SKW"
STAMP_RE = re.compile(rf"^{STAMP_PREFIX}/([a-z-]+)/v(\d+)$")
SIMULATION_MARK = "SIMULASI"
REAL_MARK = "RESMI"

SHEET_GUIDE = "Petunjuk"
SHEET_IDENTITY = "Identitas"
SHEET_INDICATORS = "Indikator"
SHEET_CASES = "Kasus"
SHEET_SERVICES = "Layanan Korban"
SHEET_RAN = "Aksi RAN"
SHEET_FOLLOWUP = "Tindak Lanjut Layanan"
SHEET_LISTS = "Daftar"

PILLAR_SLUGS = ("pencegahan", "penegakan-hukum", "kerja-sama", "rehab-kesehatan", "rehab-sosial")

# Identitas: label in column A, value in column B, one field per row (Excel row numbers).
IDENTITY_FIELDS: dict[str, tuple[int, str, str]] = {
    # key: (row, label, help)
    "pillar": (2, "Pilar", "Diisi otomatis oleh templat; jangan diubah."),
    "week": (3, "Minggu laporan", "Minggu ISO, misalnya 2025-W47, atau tanggal mana saja dalam minggu itu."),
    "agency": (4, "Instansi pelapor", "Pilih dari daftar."),
    "officer": (5, "Petugas pelapor", "Jabatan petugas yang mengisi, misalnya Kasi Perlindungan."),
    "report_date": (6, "Tanggal pengisian", "Tanggal berkas ini diisi, misalnya 24/11/2025."),
    "data_kind": (7, "Jenis data", "RESMI untuk data sebenarnya; SIMULASI hanya untuk latihan."),
    "stamp": (8, "Versi templat", "Diisi otomatis oleh templat; jangan diubah."),
}


def stamp(pillar: str, version: int = TEMPLATE_VERSION) -> str:
    return f"{STAMP_PREFIX}/{pillar}/v{version}"


def sheets_for(pillar: str, version: int = TEMPLATE_VERSION) -> list[str]:
    """The data sheets a pillar's workbook of template ``version`` must have, in order."""
    sheets = [SHEET_IDENTITY, SHEET_INDICATORS]
    if pillar == "penegakan-hukum":
        sheets.append(SHEET_CASES)
    if pillar in ("rehab-kesehatan", "rehab-sosial"):
        sheets.append(SHEET_SERVICES)
    if pillar == "kerja-sama" and version >= 2:
        sheets.append(SHEET_FOLLOWUP)
    return [*sheets, SHEET_RAN]


# ---- cell validators --------------------------------------------------------------------


def _fail(code: str, **params: Any) -> PydanticCustomError:
    return PydanticCustomError(code, code, {k: v for k, v in params.items()})


def cell(parser: Callable[..., Any], *, required: bool = False) -> BeforeValidator:
    """Wrap a parser ``(value, info) -> parsed`` so blanks become None and CellError an issue."""

    def run(value: Any, info: ValidationInfo) -> Any:
        if parse.is_blank(value):
            if required:
                raise _fail("required-missing")
            return None
        try:
            return parser(value, info)
        except CellError as exc:
            raise _fail(exc.code, **exc.params) from None

    return BeforeValidator(run)


def parse_cell(parser: Callable[..., Any], value: Any, ref: Reference, on_error: Callable[..., None], today: dt.date | None = None) -> Any:
    """One cell outside a row model (the identity block, a plan matrix) through the same parser a row model uses;
    a CellError goes to ``on_error(code, **params)`` and gives None."""
    info = SimpleNamespace(context={"ref": ref, "today": today})  # as the row models receive it
    try:
        return parser(value, info)
    except CellError as exc:
        on_error(exc.code, **exc.params)
        return None


def _ref(info: ValidationInfo) -> Reference:
    return info.context["ref"]


def text(value: Any, info: ValidationInfo) -> str:
    return parse.parse_text(value)


def number(value: Any, info: ValidationInfo) -> float:
    return parse.parse_number(value)


MAX_COUNT = 100_000  # people or cases in one row: more is a typing error


def count(value: Any, info: ValidationInfo) -> int:
    result = parse.parse_integer(value)
    if result < 0:
        raise CellError("value-negative")
    if result > MAX_COUNT:
        raise CellError("number-too-large", limit="100.000")
    return result


def days(value: Any, info: ValidationInfo) -> float:
    result = nonnegative(value, info)
    if result > 3650:
        raise CellError("number-too-large", limit="3.650 hari")
    return result


def date(value: Any, info: ValidationInfo) -> dt.date:
    return parse.parse_date(value)


def nonnegative(value: Any, info: ValidationInfo) -> float:
    result = parse.parse_number(value)
    if result < 0:
        raise CellError("value-negative")
    return result


def percent(value: Any, info: ValidationInfo) -> float:
    result = parse.parse_number(value)
    if not 0 <= result <= 100:
        raise CellError("percent-range")
    return result


def past_date(value: Any, info: ValidationInfo) -> dt.date:
    day = parse.parse_date(value)
    today = info.context["today"]
    if day > today:
        raise CellError("date-future", today=format_day(today))
    return day


def latitude(value: Any, info: ValidationInfo) -> float:
    result = parse.parse_number(value)
    if not -3.5 <= result <= 5.0:
        raise CellError("coordinate-range")
    return result


def longitude(value: Any, info: ValidationInfo) -> float:
    result = parse.parse_number(value)
    if not 108.0 <= result <= 116.0:
        raise CellError("coordinate-range")
    return result


def _suggest(match) -> str:
    return f' Maksud Anda "{match.suggestion}"?' if match.suggestion else ""


def indicator_code(value: Any, info: ValidationInfo) -> str:
    code = parse.parse_text(value).upper()
    row = _ref(info).indicators.get(code)
    if row is None:
        raise CellError("indicator-unknown")
    if row["pillar"] != info.context["pillar"]:
        raise CellError("indicator-wrong-pillar", owner=_pillar_name(info, row["pillar"]), pillar=_pillar_name(info, info.context["pillar"]))
    return code


def _pillar_name(info: ValidationInfo, slug: str) -> str:
    """A pillar as a message names it: "Rehabilitasi Sosial", not its slug."""
    return _ref(info).pillars.get(slug, {}).get("name_id", slug)


def action_code(value: Any, info: ValidationInfo) -> str:
    code = parse.parse_text(value).upper()
    actions = _ref(info).actions
    if not actions:
        raise CellError("action-no-plan")
    row = actions.get(code)
    if row is None:
        raise CellError("action-unknown")
    if row["pillar"] != info.context["pillar"]:
        raise CellError("action-wrong-pillar", owner=_pillar_name(info, row["pillar"]), pillar=_pillar_name(info, info.context["pillar"]))
    return code


LEVEL_WORDS = {"provinsi": "provinsi", "kabkota": "kabupaten/kota", "kecamatan": "kecamatan", "kelurahan": "kelurahan", "desa": "desa"}


def area_ref(*levels: str) -> Callable[[Any, ValidationInfo], str]:
    """An area by Kemendagri or BPS code or by name, restricted to ``levels`` (all if empty)."""

    def parse_area(value: Any, info: ValidationInfo) -> str:
        ref = _ref(info)
        allowed = ref.area_codes(*levels) if levels else None
        match = ref.areas.find(parse.parse_text(value), allowed)
        if match.code:
            return match.code
        if match.candidates and allowed is not None and len(match.candidates) == 1:
            found = ref.areas.rows[match.candidates[0]]["level"]
            raise CellError("area-level", expected=" atau ".join(LEVEL_WORDS[lv] for lv in levels), found=LEVEL_WORDS.get(found, found))
        if match.candidates:
            raise CellError("area-ambiguous", candidates=", ".join(match.candidates))
        raise CellError("area-unknown", suggestion=_suggest(match))

    return parse_area


def place_ref(value: Any, info: ValidationInfo) -> str:
    match = _ref(info).places.find(parse.parse_text(value))
    if match.code:
        return match.code
    raise CellError("place-unknown", suggestion=_suggest(match))


def route_ref(value: Any, info: ValidationInfo) -> str:
    match = _ref(info).routes.find(parse.parse_text(value))
    if match.code:
        return match.code
    raise CellError("route-unknown", suggestion=_suggest(match))


def agency_ref(value: Any, info: ValidationInfo) -> str:
    match = _ref(info).agencies.find(parse.parse_text(value))
    if match.code:
        return match.code
    if match.candidates:
        names = [_ref(info).agencies.rows[c]["short"] for c in match.candidates]
        raise CellError("agency-ambiguous", candidates=", ".join(names))
    raise CellError("agency-unknown", suggestion=_suggest(match))


def choice(list_name: str) -> Callable[[Any, ValidationInfo], str]:
    """A value from a drop-down list of choices.csv, by label or code."""

    def parse_choice(value: Any, info: ValidationInfo) -> str:
        lookup = _ref(info).choices[list_name]
        match = lookup.find(parse.parse_text(value))
        if match.code:
            return match.code
        options = ", ".join(r["label_id"] for r in lookup.rows.values())
        raise CellError("choice-invalid", options=options)

    return parse_choice


def choices(list_name: str) -> Callable[[Any, ValidationInfo], tuple[str, ...]]:
    """Several values of a drop-down list in one cell, separated by semicolons (commas and new lines too)."""
    one = choice(list_name)

    def parse_choices(value: Any, info: ValidationInfo) -> tuple[str, ...]:
        codes = []
        if isinstance(value, (list, tuple)):  # already separate (rows built in code, not read from a cell)
            value = ";".join(str(v) for v in value)
        typed = value if isinstance(value, str) else parse.parse_text(value)  # split before spaces are tidied: Alt+Enter separates too
        parts = [parse.parse_text(p) for p in re.split(r"[;,\n]+", typed) if p.strip()]
        for position, part in enumerate(parts, start=1):
            try:
                codes.append(one(part, info))
            except CellError as exc:  # the part is not echoed on its own: the value is, masked when it holds identity
                raise CellError("choice-invalid-part", position=position, options=exc.params["options"]) from None
        return tuple(dict.fromkeys(codes))  # in the order typed, each once

    return parse_choices


def service_choice(value: Any, info: ValidationInfo) -> str:
    list_name = "layanan-kesehatan" if info.context["pillar"] == "rehab-kesehatan" else "layanan-sosial"
    return choice(list_name)(value, info)


def col(
    header: str,
    *,
    width: int = 14,
    dropdown: str | None = None,
    fmt: str | None = None,
    help: str = "",
    locked: bool = False,
    reference: bool = False,
    check: tuple[str, float | None, float | None] | None = None,
    since: int = 1,
    multi: bool = False,
) -> Any:
    """A column: its header and how the template shows it.

    ``locked`` cells are filled in by the template (the officer cannot type over them on prefilled rows);
    a ``reference`` column is shown for reading only and never read back (a workbook need not have it);
    ``check`` is Excel's own number check on the input cells: ("whole" | "decimal", minimum, maximum);
    ``since``: the template version that added the column (older workbooks lack it and load with it empty);
    ``multi``: the cell may hold several choices of its drop-down, separated by semicolons.
    """
    return Field(
        default=None,
        alias=header,
        description=help,
        json_schema_extra={
            "width": width,
            "dropdown": dropdown,
            "format": fmt,
            "locked": locked,
            "reference": reference,
            "check": check,
            "since": since,
            "multi": multi,
        },
    )


COUNT_CHECK = ("whole", 0, MAX_COUNT)


# ---- sheet row models -------------------------------------------------------------------


class SheetRow(BaseModel):
    """A data row; ``model_fields`` order is the template's column order."""

    model_config = ConfigDict(extra="ignore", populate_by_name=False, frozen=True)


def _row_fail(code: str, column: str, **params: Any) -> PydanticCustomError:
    return _fail(code, column=column, **params)


class IndicatorRow(SheetRow):
    indicator: Annotated[str, cell(indicator_code, required=True)] = col("Kode indikator", width=14, dropdown="indikator", locked=True)
    description: Annotated[str | None, cell(text)] = col("Uraian indikator", width=60, locked=True)
    unit: Annotated[str | None, cell(text)] = col("Satuan", width=12, locked=True)
    area: Annotated[str, cell(area_ref("kabkota", "kecamatan", "kelurahan", "desa"), required=True)] = col(
        "Wilayah", width=22, dropdown="wilayah", help="Kode atau nama wilayah"
    )
    previous: float | None = col(
        "Nilai minggu lalu",
        width=12,
        fmt="#,##0.##",
        locked=True,
        reference=True,
        help="Hanya acuan: nilai yang tersimpan untuk minggu sebelumnya. Tidak dibaca saat unggah; isi kolom Nilai.",
    )
    value: Annotated[float | None, cell(number)] = col("Nilai", width=12, fmt="#,##0.##", check=("decimal", 0, None))
    numerator: Annotated[float | None, cell(nonnegative)] = col(
        "Pembilang", width=12, fmt="#,##0.##", help="Hanya untuk indikator persentase", check=("decimal", 0, None)
    )
    denominator: Annotated[float | None, cell(nonnegative)] = col(
        "Penyebut",
        width=12,
        fmt="#,##0.##",
        check=("decimal", 0, None),
        help="Persentase: penyebutnya; rata-rata: jumlah yang dirata-ratakan (mis. jumlah korban)",
    )
    note: Annotated[str | None, cell(text)] = col("Catatan", width=40)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> IndicatorRow:
        meta = info.context["ref"].indicators[self.indicator]
        level = info.context["ref"].areas.rows[self.area]["level"]
        wanted = ("kabkota",) if meta["area_level"] == "kabkota" else ("kecamatan", "kelurahan", "desa")
        if level not in wanted:
            raise _row_fail("area-level", "Wilayah", expected=" atau ".join(LEVEL_WORDS[lv] for lv in wanted), found=LEVEL_WORDS.get(level, level))
        if self.value is not None:
            if meta["kind"] == "percent" and not 0 <= self.value <= 100:
                raise _row_fail("percent-range", "Nilai")
            if meta["kind"] != "percent" and self.value < 0:
                raise _row_fail("value-negative", "Nilai")
        if meta["kind"] == "average" and self.numerator is not None:
            raise _row_fail("average-numerator", "Pembilang", indicator=self.indicator)
        if meta["kind"] == "average" and self.denominator == 0:
            raise _row_fail("denominator-zero", "Penyebut")
        ratio = meta["kind"] == "percent" or meta["unit"] == "%"  # e.g. budget realisation: a level, in per cent
        if meta["kind"] != "average" and not ratio and (self.numerator is not None or self.denominator is not None):
            raise _row_fail("numerator-not-percent", "Pembilang" if self.numerator is not None else "Penyebut", indicator=self.indicator)
        if ratio and (self.numerator is not None or self.denominator is not None):
            if self.numerator is None or self.denominator is None:
                missing = "Pembilang" if self.numerator is None else "Penyebut"
                raise _row_fail("required-missing", missing)
            if self.denominator == 0:
                raise _row_fail("denominator-zero", "Penyebut")
            if self.numerator > self.denominator:
                raise _row_fail(
                    "numerator-gt-denominator", "Pembilang", numerator=fmt_number(self.numerator), denominator=fmt_number(self.denominator)
                )
            computed = 100.0 * self.numerator / self.denominator
            if self.value is not None and abs(self.value - computed) >= 0.1:  # two answers: which one is meant?
                raise _row_fail(
                    "value-conflict",
                    "Nilai",
                    computed=fmt_number(computed, decimals=2),
                    numerator=fmt_number(self.numerator),
                    denominator=fmt_number(self.denominator),
                )
        bound = meta.get("max_value")
        if bound is not None and self.reported_value is not None and self.reported_value > bound:
            raise _row_fail("value-implausible", "Nilai", indicator=self.indicator, unit=meta["unit"], limit=fmt_number(bound))
        return self

    @property
    def reported_value(self) -> float | None:
        """The value to store: the percentage computed from numerator/denominator when given."""
        if self.numerator is not None and self.denominator:
            return round(100.0 * self.numerator / self.denominator, 4)
        return self.value


VICTIM_PARTS = ("victims_male_adult", "victims_female_adult", "victims_male_child", "victims_female_child")


class CaseRow(SheetRow):
    case_ref: Annotated[str, cell(text, required=True)] = col("Kode kasus", width=26, help="Nomor LP atau kode kasus internal; bukan nama orang")
    reported_date: Annotated[dt.date, cell(past_date, required=True)] = col("Tanggal lapor", width=14, fmt="DD/MM/YYYY")
    origin_area: Annotated[str, cell(area_ref(), required=True)] = col(
        "Wilayah asal korban", width=22, dropdown="wilayah", help="Kecamatan/kelurahan asal; bukan alamat"
    )
    modus: Annotated[str, cell(choice("modus"), required=True)] = col("Modus", width=20, dropdown="modus")
    exploitation: Annotated[str | None, cell(choice("eksploitasi"))] = col("Jenis eksploitasi", width=22, dropdown="eksploitasi")
    route: Annotated[str | None, cell(route_ref)] = col("Rute", width=16, dropdown="rute")
    crossing: Annotated[str | None, cell(place_ref)] = col(
        "Titik keberangkatan", width=24, dropdown="titik", help="PLBN, jalur tidak resmi, bandara atau pelabuhan"
    )
    destination_country: Annotated[str | None, cell(choice("negara"))] = col("Negara tujuan", width=16, dropdown="negara")
    victims_male_adult: Annotated[int | None, cell(count)] = col("Korban laki-laki dewasa", width=12, fmt="0", check=COUNT_CHECK)
    victims_female_adult: Annotated[int | None, cell(count)] = col("Korban perempuan dewasa", width=12, fmt="0", check=COUNT_CHECK)
    victims_male_child: Annotated[int | None, cell(count)] = col("Korban anak laki-laki", width=12, fmt="0", check=COUNT_CHECK)
    victims_female_child: Annotated[int | None, cell(count)] = col("Korban anak perempuan", width=12, fmt="0", check=COUNT_CHECK)
    victims_total: Annotated[int, cell(count, required=True)] = col("Jumlah korban", width=12, fmt="0", check=COUNT_CHECK)
    suspects: Annotated[int | None, cell(count)] = col("Tersangka", width=11, fmt="0", check=COUNT_CHECK)
    stage: Annotated[str, cell(choice("tahap"), required=True)] = col("Tahap proses", width=20, dropdown="tahap")
    stage_date: Annotated[dt.date | None, cell(past_date)] = col("Tanggal tahap", width=14, fmt="DD/MM/YYYY")
    lat: Annotated[float | None, cell(latitude)] = col(
        "Lintang lokasi kejadian", width=12, help="Derajat desimal; lokasi kejadian, bukan alamat korban", check=("decimal", -3.5, 5.0)
    )
    lon: Annotated[float | None, cell(longitude)] = col("Bujur lokasi kejadian", width=12, check=("decimal", 108.0, 116.0))
    service_points: Annotated[tuple[str, ...] | None, cell(choices("titik-layanan"))] = col(
        "Titik layanan bermasalah",
        width=34,
        dropdown="titik-layanan",
        multi=True,
        since=2,
        help="Boleh kosong. Di mana layanan publik disalahgunakan atau gagal pada kasus ini; lebih dari satu dipisah titik koma (;).",
    )

    @model_validator(mode="after")
    def _breakdown(self) -> CaseRow:
        parts = [getattr(self, name) for name in VICTIM_PARTS]
        if any(p is not None for p in parts):
            total = sum(p or 0 for p in parts)
            if total != self.victims_total:
                raise _row_fail(
                    "breakdown-mismatch", "Jumlah korban", parts=" + ".join(str(p or 0) for p in parts), sum=total, total=self.victims_total
                )
        if (self.lat is None) != (self.lon is None):
            raise _row_fail("required-missing", "Bujur lokasi kejadian" if self.lon is None else "Lintang lokasi kejadian")
        return self


class ServiceRow(SheetRow):
    case_ref: Annotated[str, cell(text, required=True)] = col("Kode kasus", width=26)
    service_date: Annotated[dt.date, cell(past_date, required=True)] = col("Tanggal layanan", width=14, fmt="DD/MM/YYYY")
    service: Annotated[str, cell(service_choice, required=True)] = col("Jenis layanan", width=28, dropdown="layanan")
    victims_male: Annotated[int | None, cell(count)] = col("Korban laki-laki", width=12, fmt="0", check=COUNT_CHECK)
    victims_female: Annotated[int | None, cell(count)] = col("Korban perempuan", width=12, fmt="0", check=COUNT_CHECK)
    victims: Annotated[int, cell(count, required=True)] = col("Jumlah korban", width=12, fmt="0", check=COUNT_CHECK)
    children: Annotated[int | None, cell(count)] = col("Di antaranya anak", width=12, fmt="0", check=COUNT_CHECK)
    origin_area: Annotated[str | None, cell(area_ref())] = col("Wilayah asal korban", width=22, dropdown="wilayah")
    referred_from: Annotated[str | None, cell(agency_ref)] = col("Dirujuk dari", width=24, dropdown="instansi")
    days_from_referral: Annotated[float | None, cell(days)] = col("Hari sejak rujukan", width=12, check=("decimal", 0, 3650))
    note: Annotated[str | None, cell(text)] = col("Catatan", width=40)

    @model_validator(mode="after")
    def _breakdown(self) -> ServiceRow:
        if self.victims_male is not None or self.victims_female is not None:
            total = (self.victims_male or 0) + (self.victims_female or 0)
            if total != self.victims:
                raise _row_fail(
                    "breakdown-mismatch",
                    "Jumlah korban",
                    parts=f"{self.victims_male or 0} + {self.victims_female or 0}",
                    sum=total,
                    total=self.victims,
                )
        if self.children is not None and self.children > self.victims:
            raise _row_fail("children-gt-total", "Di antaranya anak", children=self.children, total=self.victims)
        return self


class RanRow(SheetRow):
    action: Annotated[str, cell(action_code, required=True)] = col("Kode aksi", width=12, locked=True)
    activity: Annotated[str | None, cell(text)] = col("Kegiatan", width=60, locked=True)
    agency: Annotated[str | None, cell(agency_ref)] = col("Instansi penanggung jawab", width=24, dropdown="instansi", locked=True)
    due: Annotated[dt.date | None, cell(date)] = col("Tenggat", width=12, fmt="DD/MM/YYYY", locked=True)
    status: Annotated[str, cell(choice("status-aksi"), required=True)] = col("Status", width=16, dropdown="status")
    progress: Annotated[float | None, cell(percent)] = col("Progres (%)", width=12, fmt="0", check=("decimal", 0, 100))
    evidence: Annotated[str | None, cell(text)] = col("Bukti / keterangan", width=50, help="Nomor surat, tautan dokumen atau uraian singkat")


class FollowupRow(SheetRow):
    case_ref: Annotated[str | None, cell(text)] = col("Kode kasus", width=26, help="Kasus yang menjadi dasar temuan; boleh kosong untuk temuan umum")
    service_point: Annotated[str, cell(choice("titik-layanan"), required=True)] = col("Titik layanan", width=34, dropdown="titik-layanan")
    agency: Annotated[str, cell(agency_ref, required=True)] = col("Instansi dituju", width=24, dropdown="instansi")
    sent_date: Annotated[dt.date, cell(past_date, required=True)] = col("Tanggal temuan dikirim", width=14, fmt="DD/MM/YYYY")
    letter: Annotated[str | None, cell(text)] = col("Nomor surat / ringkasan temuan", width=40)
    reply_date: Annotated[dt.date | None, cell(past_date)] = col("Tanggal balasan", width=14, fmt="DD/MM/YYYY")
    status: Annotated[str, cell(choice("status-tindak-lanjut"), required=True)] = col(
        "Status tindak lanjut", width=22, dropdown="status-tindak-lanjut"
    )
    note: Annotated[str | None, cell(text)] = col("Catatan", width=40)

    @model_validator(mode="after")
    def _dates(self, info: ValidationInfo) -> FollowupRow:
        if self.reply_date is not None and self.reply_date < self.sent_date:
            raise _row_fail("reply-before-sent", "Tanggal balasan", sent=format_day(self.sent_date), reply=format_day(self.reply_date))
        if self.status in ("dibalas", "selesai") and self.reply_date is None:
            label = _ref(info).choices["status-tindak-lanjut"].rows[self.status]["label_id"]
            raise _row_fail("reply-date-missing", "Tanggal balasan", status=label)
        if self.status == "dikirim" and self.reply_date is not None:
            raise _row_fail("reply-status-mismatch", "Status tindak lanjut")
        return self


SHEET_MODELS: dict[str, type[SheetRow]] = {
    SHEET_INDICATORS: IndicatorRow,
    SHEET_CASES: CaseRow,
    SHEET_SERVICES: ServiceRow,
    SHEET_RAN: RanRow,
    SHEET_FOLLOWUP: FollowupRow,
}

# Which fields make a row unique within one file, and how the key is named in a message.
SHEET_KEYS: dict[str, tuple[tuple[str, ...], str]] = {
    SHEET_INDICATORS: (("indicator", "area"), "indikator dan wilayah"),
    SHEET_CASES: (("case_ref",), "kode kasus"),
    SHEET_SERVICES: (("case_ref", "service", "service_date"), "kode kasus, jenis layanan dan tanggal"),
    SHEET_RAN: (("action",), "kode aksi"),
    SHEET_FOLLOWUP: (("case_ref", "service_point", "agency"), "kode kasus, titik layanan dan instansi"),
}

# A row counts as empty (skipped) when all of these are blank: prefilled rows nobody filled in.
REPORTED_FIELDS: dict[str, tuple[str, ...]] = {
    SHEET_INDICATORS: ("value", "numerator", "denominator"),
    SHEET_RAN: ("status", "progress", "evidence"),
}


def headers(model: type[SheetRow], version: int = TEMPLATE_VERSION) -> list[str]:
    """The headers a workbook of template ``version`` must have and validation reads (reference columns are
    neither; a column added in a later version is not required of an older workbook)."""
    return [
        f.alias
        for f in model.model_fields.values()
        if f.alias and not (f.json_schema_extra or {}).get("reference") and (f.json_schema_extra or {}).get("since", 1) <= version
    ]


def stored_fields(model: type[SheetRow]) -> list[str]:
    """The fields a row stores: every field but the reference columns, which only the template shows."""
    return [name for name, f in model.model_fields.items() if not (f.json_schema_extra or {}).get("reference")]


def field_by_header(model: type[SheetRow]) -> dict[str, str]:
    return {f.alias: name for name, f in model.model_fields.items() if f.alias}


@functools.cache
def numeric_headers() -> frozenset[str]:
    """Normalised headers whose cells hold numbers (where long numbers are money, not phones)."""
    out = set()
    for model in SHEET_MODELS.values():
        for f in model.model_fields.values():
            if f.alias and (f.json_schema_extra or {}).get("format"):
                out.add(normalize(f.alias))
    return frozenset(out)
