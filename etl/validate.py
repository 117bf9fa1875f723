"""Validation: one pass over a workbook that reports every issue, or returns the parsed rows.

The one validation path for the CLI, the inbox watcher and the upload page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pydantic import ValidationError

from etl import parse, sandbox
from etl import workbook as wb
from etl.issues import Report, column_letter
from etl.parse import CellError
from etl.privacy import check_file_name, check_hidden_parts, check_identity
from etl.reader import RawSheet, ReadResult, read_workbook
from gugus.db import file_sha256
from gugus.reference import Reference, normalize
from gugus.weeks import Week, format_day
from gugus.weeks import today as today_in_pontianak


@dataclass
class ParsedWorkbook:
    """A workbook that passed validation (warnings allowed), with every row typed."""

    pillar: str
    week: Week
    agency: str | None
    officer: str | None
    report_date: dt.date | None
    simulated: bool
    version: int
    rows: dict[str, list[tuple[int, wb.SheetRow]]] = field(default_factory=dict)


@dataclass
class Validation:
    """The outcome for one file: its report, and the parsed workbook when there is no error."""

    file_name: str
    sha256: str
    data: bytes
    report: Report
    workbook: ParsedWorkbook | None  # also on a rejected file when its Identitas sheet could be read

    @property
    def ok(self) -> bool:
        return self.report.ok and self.workbook is not None


def _find_sheet(sheets: dict[str, RawSheet], wanted: str) -> RawSheet | None:
    key = normalize(wanted)
    return next((s for name, s in sheets.items() if normalize(name) == key), None)


def _cell(sheet: RawSheet, row: int, col: int) -> object:
    try:
        return sheet.rows[row][col]
    except IndexError:
        return None


class _Validator:
    def __init__(self, report: Report, ref: Reference, today: dt.date, expected_pillar: str | None):
        self.report = report
        self.ref = ref
        self.today = today
        self.expected_pillar = expected_pillar

    # -- Identitas -----------------------------------------------------------------------
    def identity(self, sheets: dict[str, RawSheet]) -> ParsedWorkbook | None:  # noqa: C901 - one check per cell of the identity block, in reading order
        sheet = _find_sheet(sheets, wb.SHEET_IDENTITY)
        if sheet is None:
            self.report.add("sheet-missing", sheet=wb.SHEET_IDENTITY, pillar="mana pun")
            return None
        labels = {normalize(label): key for key, (_, label, _) in wb.IDENTITY_FIELDS.items()}
        found: dict[str, tuple[int, object]] = {}
        for r, row in enumerate(sheet.rows):
            if row and isinstance(row[0], str) and normalize(row[0]) in labels:
                key = labels[normalize(row[0])]
                if key in found:  # which one counts would be a guess, and a hidden row could decide it
                    self.report.add("label-duplicate", sheet=sheet.name, row=r + 1, col=0, header=wb.IDENTITY_FIELDS[key][1], first=found[key][0] + 1)
                    continue
                found[key] = (r, row[1] if len(row) > 1 else None)

        def at(key: str) -> tuple[int, object]:
            return found.get(key, (wb.IDENTITY_FIELDS[key][0] - 1, None))

        def add(code: str, key: str, value: object = None, **params: object) -> None:
            r, _ = at(key)
            self.report.add(code, sheet=sheet.name, row=r + 1, col=1, header=wb.IDENTITY_FIELDS[key][1], value=value, **params)

        r, raw_stamp = at("stamp")
        match = wb.STAMP_RE.match(parse.parse_text(raw_stamp)) if not parse.is_blank(raw_stamp) else None
        if not match or match[1] not in self.ref.pillars:
            add("template-unknown", "stamp", raw_stamp)
            return None
        pillar, version = match[1], int(match[2])
        if version < wb.OLDEST_VERSION:
            add("template-outdated", "stamp", raw_stamp, found=version, current=wb.TEMPLATE_VERSION)
            return None
        if version > wb.TEMPLATE_VERSION:
            add("template-newer", "stamp", raw_stamp, found=version, current=wb.TEMPLATE_VERSION)
            return None
        pillar_name = self.ref.pillars[pillar]["name_id"]
        if self.expected_pillar and pillar != self.expected_pillar:
            add("template-wrong-pillar", "stamp", raw_stamp, found=pillar_name, expected=self.ref.pillars[self.expected_pillar]["name_id"])
            return None
        _, raw_pillar = at("pillar")
        if not parse.is_blank(raw_pillar) and normalize(parse.parse_text(raw_pillar)) not in (normalize(pillar_name), normalize(pillar)):
            add("template-wrong-pillar", "pillar", raw_pillar, found=parse.parse_text(raw_pillar), expected=pillar_name)
            return None

        week = None
        _, raw_week = at("week")
        if parse.is_blank(raw_week):
            add("week-missing", "week")
        else:
            try:
                week = parse.parse_week(raw_week)
            except CellError:
                add("week-invalid", "week", raw_week)
            else:
                if week.monday > self.today:
                    add("week-future", "week", raw_week, week=str(week), today=format_day(self.today))
                    week = None

        agency = None
        _, raw_agency = at("agency")
        if not parse.is_blank(raw_agency):
            agency = wb.parse_cell(wb.agency_ref, raw_agency, self.ref, lambda code, **p: add(code, "agency", raw_agency, **p))
        report_date = None
        _, raw_date = at("report_date")
        if not parse.is_blank(raw_date):
            report_date = wb.parse_cell(wb.past_date, raw_date, self.ref, lambda code, **p: add(code, "report_date", raw_date, **p), self.today)
        if week and report_date and not week.monday <= report_date <= week.sunday + dt.timedelta(days=28):
            add("report-date-far", "week", raw_week, week=week.label(), date=format_day(report_date))
        _, raw_kind = at("data_kind")
        simulated = False
        if parse.is_blank(raw_kind):  # never guessed: a training file taken for real data would mislead every page
            add("data-kind-missing", "data_kind")
        elif normalize(parse.parse_text(raw_kind)) not in (normalize(wb.REAL_MARK), normalize(wb.SIMULATION_MARK)):
            add("data-kind-invalid", "data_kind", raw_kind)
        else:
            simulated = normalize(parse.parse_text(raw_kind)) == normalize(wb.SIMULATION_MARK)
            if self.ref.demo and not simulated:  # a database is demo or real for life: the demo never takes real data
                add("demo-real-data", "data_kind", raw_kind)
        _, raw_officer = at("officer")
        officer = None if parse.is_blank(raw_officer) else parse.parse_text(raw_officer)
        # Without a usable week the report already holds an error; the placeholder is never loaded.
        return ParsedWorkbook(pillar, week or Week(1, 1), agency, officer, report_date, simulated, version)

    # -- tabular sheets ------------------------------------------------------------------
    def columns(self, sheet: RawSheet, model: type[wb.SheetRow], version: int) -> dict[str, int] | None:
        """Where each header of ``model`` is (0-based column), or None when one the ``version`` needs is missing.
        A header given twice is an issue; a column of a later version in an older workbook is read, not lost."""
        positions: dict[str, int] = {}
        read = {normalize(header) for header in wb.headers(model)}
        for c, h in enumerate(sheet.rows[0] if sheet.rows else []):
            if parse.is_blank(h):
                continue
            key = normalize(str(h)).rstrip("*").strip()
            if key in positions and key not in read:
                continue  # an officer's own extra column, twice: never read, so no doubt about what loads
            if key in positions:  # which of two columns counts would be a guess, and a hidden one could decide it
                first = column_letter(positions[key] + 1)
                self.report.add("column-duplicate", sheet=sheet.name, row=1, col=c, header=str(h).strip(), first=first)
                continue
            positions[key] = c
        wanted = wb.headers(model, version)
        columns = {header: positions[normalize(header)] for header in wanted if normalize(header) in positions}
        for header in wanted:
            if header not in columns:
                self.report.add("column-missing", sheet=sheet.name, row=1, header=header)
        if len(columns) < len(wanted):
            return None
        later = {header: positions[normalize(header)] for header in wb.headers(model) if header not in columns and normalize(header) in positions}
        return {**columns, **later}

    def table(self, sheet: RawSheet, model: type[wb.SheetRow], pillar: str, version: int) -> list[tuple[int, wb.SheetRow]] | None:
        columns = self.columns(sheet, model, version)
        if columns is None:
            return None
        names = wb.field_by_header(model)
        reported = wb.REPORTED_FIELDS.get(sheet.name_key, ())
        context = {"ref": self.ref, "pillar": pillar, "today": self.today}
        key_fields, key_words = wb.SHEET_KEYS[sheet.name_key]
        seen: dict[tuple, int] = {}
        parsed: list[tuple[int, wb.SheetRow]] = []
        for r in range(1, len(sheet.rows)):
            raw = {header: _cell(sheet, r, c) for header, c in columns.items()}
            if all(parse.is_blank(v) for v in sheet.rows[r]):
                continue
            by_field = {names[h]: v for h, v in raw.items()}
            if reported and all(parse.is_blank(by_field[f]) for f in reported):
                if sheet.name_key == wb.SHEET_INDICATORS and not parse.is_blank(by_field["indicator"]):
                    code = parse.parse_text(by_field["indicator"]).upper()
                    self.report.add("value-missing", sheet=sheet.name, row=r + 1, col=columns["Nilai"], header="Nilai", indicator=code)
                continue
            try:
                row = model.model_validate(raw, context=context)
            except ValidationError as exc:
                for error in exc.errors():
                    params = dict(error.get("ctx") or {})
                    header = params.pop("column", None) or (error["loc"][0] if error["loc"] else None)
                    c = columns.get(header)
                    self.report.add(error["type"], sheet=sheet.name, row=r + 1, col=c, header=header, value=raw.get(header), **params)
                continue
            # "LP/B/501" and "lp/b/501" are one case: keys compare as normalised text
            key = tuple(normalize(v) if isinstance(v, str) else v for v in (getattr(row, f) for f in key_fields))
            if key in seen:  # pointed at the field that tells the rows apart: the area, for an indicator
                first_header = model.model_fields[key_fields[-1] if sheet.name_key == wb.SHEET_INDICATORS else key_fields[0]].alias
                self.report.add(
                    "duplicate-key",
                    sheet=sheet.name,
                    row=r + 1,
                    col=columns[first_header],
                    header=first_header,
                    value=raw[first_header],
                    what=key_words,
                    first=seen[key],
                )
                continue
            seen[key] = r + 1
            parsed.append((r + 1, row))
        if sheet.name_key == wb.SHEET_INDICATORS:
            self._overlaps(sheet, parsed, columns)
        return parsed

    def _overlaps(self, sheet: RawSheet, parsed: list[tuple[int, wb.SheetRow]], columns: dict[str, int]) -> None:
        """An indicator given for an area and for an area inside it (a kecamatan and one of its kelurahan) would be
        counted twice in every total: refused at the inner row."""
        rows = self.ref.areas.rows
        by_indicator: dict[str, dict[str, int]] = {}
        for r, row in parsed:
            by_indicator.setdefault(row.indicator, {})[row.area] = r
        for indicator, areas in by_indicator.items():
            for area, r in areas.items():
                parent = rows[area]["parent"]
                while parent in rows:
                    if parent in areas:
                        self.report.add(
                            "area-overlap",
                            sheet=sheet.name,
                            row=r,
                            col=columns["Wilayah"],
                            header="Wilayah",
                            value=rows[area]["name"],
                            indicator=indicator,
                            outer=rows[parent]["name"],
                            outer_row=areas[parent],
                        )
                        break
                    parent = rows[parent]["parent"]


def _distinct_sheets(sheets: dict[str, RawSheet], report: Report) -> bool:
    """Refuse a workbook with two sheets whose names differ only in case or spaces: which one counts is unclear."""
    groups: dict[str, list[str]] = {}
    for name in sheets:
        groups.setdefault(normalize(name), []).append(name)
    clashes = [names for names in groups.values() if len(names) > 1]
    for names in clashes:
        report.add("sheet-duplicate", sheet=names[0].strip(), names=", ".join(f'"{n}"' for n in names))
    return not clashes


def validate_bytes(
    data: bytes,
    file_name: str,
    ref: Reference,
    *,
    expected_pillar: str | None = None,
    today: dt.date | None = None,
    pre_read: ReadResult | None = None,
) -> Validation:
    """Check one workbook completely. Never raises for a bad file: every problem is in the report.

    ``pre_read`` is the reader's result for ``data`` when a batch read it ahead (:func:`etl.reader.read`).
    """
    report = Report(file_name)
    digest = file_sha256(data)
    sheets = read_workbook(data, report, pre_read)
    if sheets is None:
        return Validation(file_name, digest, data, report, None)
    for sheet in sheets.values():
        sheet.name_key = next((s for s in wb.SHEET_MODELS if normalize(s) == normalize(sheet.name)), sheet.name)
    if not _distinct_sheets(sheets, report):
        return Validation(file_name, digest, data, report, None)
    validator = _Validator(report, ref, today or today_in_pontianak(), expected_pillar)

    header_rows = {name: 0 for name in sheets}
    numeric = wb.numeric_headers()
    numeric_cols = {
        name: {c for c, h in enumerate(s.rows[0] if s.rows else []) if isinstance(h, str) and normalize(h) in numeric} for name, s in sheets.items()
    }
    check_identity(sheets, report, header_rows, numeric_cols)
    check_file_name(file_name, report)
    check_hidden_parts(data, report)

    data_sheets = {normalize(name) for name in (wb.SHEET_IDENTITY, *wb.SHEET_MODELS)}
    hidden = [s.name for s in sheets.values() if not s.visible and normalize(s.name) in data_sheets]
    for name in hidden:  # what an officer cannot see must not be what is loaded
        report.add("sheet-hidden", sheet=name)
    parsed = validator.identity(sheets)
    if parsed is None or hidden:
        return Validation(file_name, digest, data, report, None)
    required = wb.sheets_for(parsed.pillar, parsed.version)
    for name in wb.sheets_for(parsed.pillar)[1:]:
        sheet = _find_sheet(sheets, name)
        if sheet is None and name in required:
            report.add("sheet-missing", sheet=name, pillar=ref.pillars[parsed.pillar]["name_id"])
        if sheet is None:
            continue  # a sheet of a later version is read when an older workbook has it, never required of it
        rows = validator.table(sheet, wb.SHEET_MODELS[name], parsed.pillar, parsed.version)
        if rows is not None:
            parsed.rows[name] = rows
    return Validation(file_name, digest, data, report, parsed)


def validate_in_reader(
    data: bytes, file_name: str, ref: Reference, *, expected_pillar: str | None = None, today: dt.date | None = None
) -> Validation:
    """:func:`validate_bytes` run whole in a reader process, reading included, so that a batch validates as many
    files at once as there are reader processes. A reader that dies or times out refuses the file ("file-unsafe"),
    as :func:`etl.reader.read` does."""
    try:
        return sandbox.validate(file_name, data, ref, expected_pillar=expected_pillar, today=today)
    except sandbox.ReaderFailed as exc:
        report = Report(file_name)
        report.add("file-unsafe", detail=exc.reason)
        return Validation(file_name, file_sha256(data), data, report, None)
