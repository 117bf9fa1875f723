"""Action plans (RAN/RAD): read a plan matrix typed the way Indonesian offices type them, check
every cell, and store it as a new plan version.

Accepted layout: one sheet (the first visible one, or one named like "Rencana Aksi", "RAN", "RAD",
"Matriks"), a header row within the first 15 rows, one row per action. Strategy/program (and pillar)
cells may be merged over several rows or written once above a group: the value carries down.
Header wordings accepted per column are in ``HEADERS``; the order of columns does not matter.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from etl import parse, sandbox
from etl import workbook as wb
from etl.issues import Report, column_letter
from etl.privacy import check_identity
from etl.reader import read_workbook
from etl.template import HEADER_FILL, HEADER_FONT
from gugus import audit, backup, bootstrap, exports, labels
from gugus import db as gdb
from gugus.reference import EXAMPLE_PLAN, Reference, normalize

# field: (required, header wordings). A header is matched by its words, not its spelling: word order, punctuation,
# capitals, reduplicated plurals ("instansi-instansi") and the abbreviations of _WORDS do not matter; the wording
# whose words all appear in the header, and most of them, wins (see _meaning).
HEADERS: dict[str, tuple[bool, tuple[str, ...]]] = {
    "code": (True, ("kode", "kode aksi", "no", "no.", "nomor", "no aksi", "kode kegiatan")),
    "pillar": (False, ("pilar", "sub gugus tugas", "subgugus tugas", "bidang", "sub gugus")),  # else inferred (_pillar_of)
    "strategy": (False, ("strategi", "program", "strategi/program", "strategi / program", "sasaran strategis", "kebijakan", "strategi program")),
    "activity": (True, ("kegiatan", "aksi", "rencana aksi", "uraian kegiatan", "nama kegiatan", "rencana kegiatan")),
    "output": (False, ("indikator keluaran", "keluaran", "output", "indikator output", "indikator kinerja", "sasaran kegiatan")),
    "target": (False, ("target", "target tahunan", "volume", "target volume")),
    "unit": (False, ("satuan", "satuan target")),
    "lead_agency": (
        True,
        (
            "instansi penanggung jawab",
            "penanggung jawab",
            "pj",
            "instansi pelaksana",
            "koordinator",
            "lead agency",
            "pelaksana",
            "leading sector",
            "instansi",
        ),
    ),
    "related_agencies": (False, ("instansi terkait", "terkait", "mitra", "instansi pendukung", "pendukung")),
    "start": (False, ("mulai", "tanggal mulai", "waktu mulai", "awal")),
    "due": (True, ("tenggat", "batas waktu", "selesai", "tanggal selesai", "target waktu", "waktu selesai", "jadwal selesai", "tenggat waktu")),
    "indicator_codes": (False, ("kode indikator", "indikator terkait", "indikator yang didorong")),
    "budget_source": (False, ("sumber anggaran", "sumber dana", "sumber pendanaan", "sumber biaya")),
    "budget_amount": (False, ("anggaran", "pagu", "pagu anggaran", "jumlah anggaran", "biaya", "alokasi anggaran", "nilai anggaran", "dana")),
}
CANONICAL = {
    "code": "Kode aksi",
    "pillar": "Pilar",
    "strategy": "Strategi/Program",
    "activity": "Kegiatan",
    "output": "Indikator keluaran",
    "target": "Target",
    "unit": "Satuan",
    "lead_agency": "Instansi penanggung jawab",
    "related_agencies": "Instansi terkait",
    "start": "Mulai",
    "due": "Tenggat",
    "indicator_codes": "Kode indikator",
    "budget_source": "Sumber anggaran",
    "budget_amount": "Anggaran (Rp)",
}
SHEET_HINTS = ("rencana aksi", "ran", "rad", "matriks", "matrix", "plan")


# Abbreviations and run-together spellings of plan headers, read as the words they stand for.
_WORDS = {
    "pj": "penanggung jawab",
    "pic": "penanggung jawab",
    "penanggungjawab": "penanggung jawab",
    "no": "nomor",
    "tgl": "tanggal",
    "opd": "instansi",
    "subgugus": "sub gugus",
    "ket": "keterangan",
    "keg": "kegiatan",
}
_STOP = frozenset({"dan", "atau", "yang", "dari", "untuk", "di", "ke", "dalam", "the", "of"})


def _words(text: object) -> frozenset[str]:
    """The words of a header, lower case, abbreviations spelled out, small connecting words left out."""
    words = []
    for word in re.findall(r"[0-9a-z]+", str(text).lower()):
        words += [w for w in _WORDS.get(word, word).split() if w not in _STOP]
    return frozenset(words)


_MEANINGS = [(name, _words(v), rank) for name, (_, variants) in HEADERS.items() for rank, v in enumerate(variants)]


def _meaning(header: object) -> tuple[str, tuple[int, int, int]] | None:
    """The field a header names and how well: (words of the wording matched, minus words left over, minus the wording's
    rank: "Kode" before "No" for the action code); None if none."""
    if not isinstance(header, str) or not (words := _words(header)):
        return None
    found = [(name, (len(wording), -len(words - wording), -rank)) for name, wording, rank in _MEANINGS if wording and wording <= words]
    return max(found, key=lambda f: f[1]) if found else None


@dataclass
class PlanResult:
    report: Report
    actions: list[dict] = field(default_factory=list)
    version: int | None = None
    superseded: int | None = None
    removed: list[str] = field(default_factory=list)
    unchanged: bool = False  # the file is the current plan's own: nothing was stored
    mapping: list[dict] = field(default_factory=list)  # which header each field was read from (Matrix.mapping)
    extra: list[str] = field(default_factory=list)  # headers kept as extra attributes of each action

    @property
    def ok(self) -> bool:
        return self.report.ok and bool(self.actions)

    def as_dict(self) -> dict:
        return {
            "ok": self.version is not None,
            "version": self.version,
            "actions": len(self.actions),
            "superseded": self.superseded,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "columns": self.mapping,
            "extra_columns": self.extra,
            "issues": [i.as_dict() for i in self.report.all_issues()],
        }


def _assign(row: list) -> dict[str, int]:
    """Each field's column in a header row: the best-matching header for each field, each column for one field
    (the better match first; between equals, the leftmost)."""
    candidates = sorted(
        ((score, -c, name) for c, cell in enumerate(row) if (found := _meaning(cell)) for name, score in [found]),
        reverse=True,
    )
    columns: dict[str, int] = {}
    for _, negative, name in candidates:
        if name not in columns and -negative not in columns.values():
            columns[name] = -negative
    return columns


def _header(rows: list[list]) -> tuple[int, dict[str, int]] | None:
    best = None
    for r, row in enumerate(rows[:15]):
        found = _assign(row)
        if len(found) >= 3 and (best is None or len(found) > len(best[1])):
            best = (r, found)
    return best


def _split(value: object) -> list[str]:
    text = parse.parse_text(value) if not parse.is_blank(value) else ""
    return [p.strip() for p in text.replace("\n", ";").replace(",", ";").split(";") if p.strip()]


def _columns(rows: list[list], sheet: str, report: Report, chosen: dict[str, str | None] | None = None) -> tuple[int, dict[str, int]] | None:
    """The header row and the column of each field found in it; None (with the issues) when it cannot be used.
    ``chosen``: fields whose column a person chose, by its header text (None: the field is in no column)."""
    found = _header(rows)
    if found is None:
        accepted = "; ".join(f"{CANONICAL[n]} ({' / '.join(v[:3])})" for n, (req, v) in HEADERS.items() if req)
        report.add("plan-header-missing", sheet=sheet, accepted=accepted)
        return None
    head, columns = found
    for name, header in (chosen or {}).items():
        columns.pop(name, None)
        at = next((c for c, h in enumerate(rows[head]) if header is not None and str(h).strip() == header), None)
        if at is not None:
            columns = {n: c for n, c in columns.items() if c != at} | {name: at}
    found = (head, columns)
    scheduled = bool(_schedule(rows, head))
    for name, (required, _) in HEADERS.items():
        if required and name not in columns and not (scheduled and name == "due"):  # a schedule gives the deadline
            report.add("column-missing", sheet=sheet, row=head + 1, header=CANONICAL[name])
    return found if report.ok else None


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER = re.compile(r"^(?:tw|triwulan|trw|kuartal|q)\s*\.?\s*(i{1,3}|iv|[1-4])$")
_MARKS_BLANK = {"", "-", "–", "0"}
_COLUMN_NUMBER = re.compile(r"^\s*\(?\d{1,2}\)?\s*$")


def _period(cell: object, quarters_only: bool = False) -> tuple[int, int] | None:
    """(first month, last month) a schedule column stands for: "TW II", "Triwulan 2", "Q2" (months 4–6), "Mar",
    "Maret" (3–3); a bare "II" only under a quarter heading (``quarters_only``)."""
    if not isinstance(cell, str):
        return None
    text = " ".join(cell.lower().replace(".", " ").split())
    if (m := _QUARTER.match(text)) or (quarters_only and text in _ROMAN):
        q = _ROMAN[m[1] if m else text]
        return 3 * q - 2, 3 * q
    if not quarters_only and text in parse.MONTHS:
        return parse.MONTHS[text], parse.MONTHS[text]
    return None


def _schedule(rows: list[list], head: int) -> dict[int, tuple[int, int]]:
    """The schedule columns of a matrix, from its header row or the row under it: quarters or months, column -> months.
    Fewer than two quarters or three months are no schedule (a lone "Mar" may be something else)."""
    for r in (head, head + 1):
        if r >= len(rows):
            break
        under_quarters = r == head + 1 and any(isinstance(h, str) and _words(h) & {"triwulan", "tw", "kuartal"} for h in rows[head])
        found = {c: p for c, cell in enumerate(rows[r]) if (p := _period(cell, quarters_only=under_quarters)) or (p := _period(cell))}
        quarters = sum(1 for a, b in found.values() if b - a == 2)
        if quarters >= 2 or len(found) - quarters >= 3:
            return found
    return {}


def _month_edge(year: int, month: int, end: bool) -> dt.date:
    if not end:
        return dt.date(year, month, 1)
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


_TEXT_DAY = re.compile(r"^(?:(\d{1,2})\s+)?([a-z]+)\s*(\d{4})?$")


def _text_day(text: str, year: int | None, end: bool) -> dt.date | None:
    """A date written in words: "30 Juni 2026", "30 Juni" or "Juni" (the plan's year), "TW III 2026"; a month or a
    quarter alone is its first day for a start and its last for a deadline. None when it is not such a text."""
    words = " ".join(text.lower().replace(".", " ").replace(",", " ").split())
    if m := re.match(r"^(awal|akhir|pertengahan)\s+(.+)$", words):  # "akhir Desember 2026": its first or last day
        return _text_day(m[2], year, m[1] == "akhir") if m[1] != "pertengahan" else None
    if m := re.match(r"^semester\s*(i{1,2}|[12])\s*(\d{4})?$", words):
        in_year = int(m[2]) if m[2] else year
        half = 1 if m[1] in ("i", "1") else 2
        return _month_edge(in_year, (6 if end else 1) + 6 * (half - 1), end) if in_year else None
    quarter = re.match(r"^((?:tw|triwulan|trw|kuartal|q)\s*(?:i{1,3}|iv|[1-4]))\s*(\d{4})?$", words)
    if quarter and (months := _period(quarter[1])):
        in_year = int(quarter[2]) if quarter[2] else year
        return _month_edge(in_year, months[1] if end else months[0], end) if in_year else None
    m = _TEXT_DAY.match(words)
    if not m or m[2] not in parse.MONTHS or not (in_year := int(m[3]) if m[3] else year):
        return None
    if m[1]:
        try:
            return dt.date(in_year, parse.MONTHS[m[2]], int(m[1]))
        except ValueError:
            return None
    return _month_edge(in_year, parse.MONTHS[m[2]], end)


def _plan_year(rows: list[list], head: int, sheet: str) -> int | None:
    """The plan's year, from a title above the header ("... TAHUN 2026") or the sheet's name ("RAD 2026")."""
    for text in [*(c for row in rows[:head] for c in row if isinstance(c, str)), sheet]:
        if m := re.search(r"\b(20[2-9]\d)\b", text):
            return int(m[1])
    return None


# Words that name a pillar in a heading or a Pilar cell besides its full name ("BIDANG KERJA SAMA", "Penindakan").
PILLAR_WORDS = {
    "pencegahan": ({"pencegahan"},),
    "penegakan-hukum": ({"penegakan"}, {"penindakan"}),
    "kerja-sama": ({"kerja", "sama"}, {"koordinasi"}, {"kerjasama"}),
    "rehab-kesehatan": ({"rehabilitasi", "kesehatan"}, {"kesehatan"}),
    "rehab-sosial": ({"rehabilitasi", "sosial"}, {"sosial"}, {"reintegrasi"}, {"pemulangan"}),
}
_SECTION = re.compile(r"^\s*(?:[ivxlc]+|[a-h]|\d{1,2})\s*[.)]\s+\S|^\s*(?:bidang|pilar|sub\s*-?\s*gugus|sub\s*gt)\b", re.IGNORECASE)


def pillar_in(text: object, ref: Reference) -> str | None:
    """The one pillar a text names: by all the words of its name ("Koordinasi dan Kerja Sama"), by "Pilar 2", or by
    its own words (PILLAR_WORDS: "II. BIDANG KERJA SAMA", "Penindakan"); None when it names none, or more than one."""
    words = _words(text)
    found = {slug for slug, p in ref.pillars.items() if _words(p["name_id"]) <= words or {"pilar", str(p["no"])} <= words}
    if not found:
        found = {slug for slug, sets in PILLAR_WORDS.items() if slug in ref.pillars and any(w <= words for w in sets)}
    return found.pop() if len(found) == 1 else None


def _pillar_names(ref: Reference) -> dict[str, str]:
    """Every way a pillar is written in a plan (name, slug, number, "Pilar 2"), normalised, to its slug."""
    names = {}
    for slug, p in ref.pillars.items():
        for key in (p["name_id"], slug, f"pilar {p['no']}", str(p["no"]), f"pilar {p['name_id']}"):
            names[normalize(key)] = slug
    return names


@dataclass
class _PlanRow:
    """One row of a plan matrix, read with the workbook's own cell checks (:mod:`etl.workbook`)."""

    cells: list
    excel_row: int
    columns: dict[str, int]
    sheet: str
    report: Report
    ref: Reference
    schedule: dict[int, tuple[int, int]] = field(default_factory=dict)  # quarter or month columns: column -> months
    year: int | None = None  # the plan's year, for dates written without one
    coloured: set[int] = field(default_factory=set)  # columns of this row whose cells are shaded

    def marked(self) -> list[tuple[int, int]]:
        """The periods of the schedule columns this row marks: with "x", "v", "√" or any text but "-", or a colour."""

        def typed(c: int) -> bool:
            value = self.cells[c] if c < len(self.cells) else None
            return not parse.is_blank(value) and str(value).strip() not in _MARKS_BLANK

        marks = [p for c, p in self.schedule.items() if typed(c)]
        # Colours mark the schedule only in a row that types no mark and whose other cells are not coloured too (a row
        # highlighted as a whole, say a priority, marks nothing).
        if marks or self.coloured - set(self.schedule):
            return marks
        return [p for c, p in self.schedule.items() if c in self.coloured]

    def day(self, name: str, end: bool) -> dt.date | None:
        """The start (``end`` False) or due date: the cell, in any usual form ("30/06/2026", "30 Juni 2026", "Juni",
        "TW II 2026"), or else the first or last day of the schedule periods the row marks."""
        raw = self.raw(name)
        if parse.is_blank(raw):
            if not (marks := self.marked()):
                return None
            if self.year is None:
                if end:  # said once, at the deadline
                    self.problem("plan-year-missing", name)
                return None
            month = max(b for _, b in marks) if end else min(a for a, _ in marks)
            return _month_edge(self.year, month, end)
        if isinstance(raw, str) and (found := _text_day(raw, self.year, end)):
            return found
        return self.parsed(wb.date, name)

    def raw(self, name: str) -> object:
        c = self.columns.get(name)
        return self.cells[c] if c is not None and c < len(self.cells) else None

    def problem(self, code: str, name: str, value: object = None, **params: object) -> None:
        self.report.add(code, sheet=self.sheet, row=self.excel_row, col=self.columns.get(name), header=CANONICAL[name], value=value, **params)

    def text(self, name: str) -> str | None:
        return None if parse.is_blank(self.raw(name)) else parse.parse_text(self.raw(name))

    def parsed(self, parser, name: str, value: object = None) -> object:
        """``value`` (default: the cell of ``name``) through a workbook cell parser; a problem at the cell if it fails."""
        value = self.raw(name) if value is None else value
        if parse.is_blank(value):
            return None
        return wb.parse_cell(parser, value, self.ref, lambda code, **p: self.problem(code, name, value, **p))

    def _pillar(self, carried: dict, pillars: dict[str, str]) -> tuple[str | None, str | None]:
        """The action's pillar and, when it was not written in a Pilar column, why it is that one: a section row
        above it, the sheet's name, the strategy's words, or the lead agency's one pillar (in that order)."""
        choices = ", ".join(p["name_id"] for p in self.ref.pillars.values())
        if "pillar" in self.columns and not parse.is_blank(raw := carried.get("pillar")):
            pillar = pillars.get(normalize(parse.parse_text(raw))) or pillar_in(raw, self.ref)
            if pillar is None:
                self.problem("plan-pillar-unknown", "pillar", raw, choices=choices)
            return pillar, None
        if section := carried.get("section"):
            return section[0], f'baris bagian "{section[1]}" (baris {section[2]})'
        if pillar := pillar_in(self.sheet, self.ref):
            return pillar, f'nama lembar "{self.sheet}"'
        if (strategy := carried.get("strategy")) and (pillar := pillar_in(strategy, self.ref)):
            return pillar, f'strategi "{parse.parse_text(strategy)}"'
        lead = self.text("lead_agency")
        code = self.ref.agencies.find(lead).code if lead else None
        agency = self.ref.agencies.rows.get(code) if code else None
        own = [p for p in (agency or {}).get("pillars") or [] if p in self.ref.pillars]
        if len(own) == 1:
            return own[0], f"instansi penanggung jawab {agency['short']} hanya di pilar {self.ref.pillars[own[0]]['name_id']}"
        if own:
            names = ", ".join(self.ref.pillars[p]["name_id"] for p in own)
            self.problem("plan-pillar-ambiguous", "lead_agency", lead, agency=agency["short"], pillars=names)
        else:
            self.problem("plan-pillar-missing", "activity", self.raw("activity"), choices=choices)
        return None, None

    def action(self, carried: dict, pillars: dict[str, str], seen: dict[str, int]) -> dict:
        for name in ("code", "activity", "lead_agency", "due"):
            if parse.is_blank(self.raw(name)) and not (name == "due" and self.marked()):
                self.problem("required-missing", name)
        code = (self.text("code") or "").upper().replace(" ", "") or None
        if code in seen:
            self.problem("duplicate-key", "code", self.raw("code"), what="kode aksi", first=seen[code])
        if code:
            seen[code] = self.excel_row
        pillar, reason = self._pillar(carried, pillars)
        action = {
            "sheet_row": self.excel_row,
            "code": code,
            "pillar": pillar,
            "pillar_reason": reason,
            "strategy": parse.parse_text(carried["strategy"]) if carried.get("strategy") else None,
            "activity": self.text("activity"),
            "output": self.text("output"),
            "unit": self.text("unit"),
            "target": self.parsed(wb.number, "target"),
            "start": self.day("start", end=False),
            "due": self.day("due", end=True),
        }
        if action["start"] and action["due"] and action["due"] < action["start"]:
            self.problem("plan-due-before-start", "due", self.raw("due"))
        lead = self.text("lead_agency")
        action["lead_agency"] = self.parsed(wb.agency_ref, "lead_agency", lead) if lead else None
        related = [self.parsed(wb.agency_ref, "related_agencies", text) for text in _split(self.raw("related_agencies"))]
        action["related_agencies"] = [c for c in related if c]
        action["budget_source"] = " ".join((self.text("budget_source") or "").split()) or None  # APBD, APBN, DAK, …
        amount = self.raw("budget_amount")
        if isinstance(amount, str):  # "Rp 15.000.000", "Rp15.000.000,-"
            amount = re.sub(r"(?i)^\s*rp\.?\s*|,-\s*$|\s", "", amount)
        action["budget_amount"] = self.parsed(wb.nonnegative, "budget_amount", amount if not parse.is_blank(amount) else None)
        action["indicator_codes"] = [c.upper() for c in _split(self.raw("indicator_codes"))]
        for c in action["indicator_codes"]:
            if c not in self.ref.indicators:
                self.problem("indicator-unknown", "indicator_codes", c, suggestion="")
        return action


@dataclass
class Matrix:
    """What a plan sheet was read as: its actions, which header each field was read from, the other headers."""

    actions: list[dict] = field(default_factory=list)
    mapping: list[dict] = field(default_factory=list)  # field, label (our name), column (letter), header (theirs)
    extra: list[str] = field(default_factory=list)  # headers of no field: their cells are kept with each action
    headers: list[str] = field(default_factory=list)  # every header of the header row(s), for choosing a column by hand


def _mapping(header: list, columns: dict[str, int]) -> tuple[list[dict], dict[int, str]]:
    chosen = [
        {"field": name, "label": CANONICAL[name], "column": column_letter(c + 1), "header": str(header[c]).strip()}
        for name in CANONICAL
        if (c := columns.get(name)) is not None
    ]
    used = set(columns.values())
    extra = {c: str(h).strip() for c, h in enumerate(header) if c not in used and not parse.is_blank(h)}
    return chosen, extra


def read_matrix(
    rows: list[list],
    sheet: str,
    report: Report,
    ref: Reference,
    seen: dict[str, int] | None = None,
    shaded: set[tuple[int, int]] = frozenset(),
    chosen: dict[str, str | None] | None = None,
) -> Matrix:
    """A plan sheet read; every problem goes to ``report`` with its cell. ``seen``: action codes of sheets read
    before (a code twice in one plan is an issue, whichever sheets hold it); ``shaded``: its coloured cells."""
    found = _columns(rows, sheet, report, chosen)
    if found is None:
        return Matrix()
    head, columns = found
    mapping, extra = _mapping(rows[head], columns)
    if schedule := _schedule(rows, head):  # read as the schedule: not kept as other columns
        cols = sorted(schedule)
        heads = [str(rows[r][c]).strip() for c in cols for r in (head, head + 1) if r < len(rows) and c < len(rows[r]) and _period(rows[r][c])]
        letters = f"{column_letter(cols[0] + 1)}–{column_letter(cols[-1] + 1)}"
        mapping.append(
            {"field": "schedule", "label": "Jadwal (mulai dan tenggat)", "column": letters, "header": f"{heads[0]} … {heads[-1]}" if heads else ""}
        )
        extra = {c: h for c, h in extra.items() if c not in schedule}
    actions = _actions(rows, head, columns, extra, sheet, report, ref, {} if seen is None else seen, shaded)
    headers = [str(h).strip() for h in rows[head] if not parse.is_blank(h)]
    return Matrix(actions, mapping, list(extra.values()), headers)


def parse_matrix(rows: list[list], sheet: str, report: Report, ref: Reference) -> list[dict]:
    """The actions of a plan sheet; every problem goes to ``report`` with its cell."""
    return read_matrix(rows, sheet, report, ref).actions


def _actions(
    rows: list[list],
    head: int,
    columns: dict[str, int],
    extra: dict[int, str],
    sheet: str,
    report: Report,
    ref: Reference,
    seen: dict[str, int],
    shaded: set[tuple[int, int]],
) -> list[dict]:
    pillars = _pillar_names(ref)
    schedule, year = _schedule(rows, head), _plan_year(rows, head, sheet)
    carried: dict[str, object] = {}
    actions = []
    for r in range(head + 1, len(rows)):
        row = _PlanRow(rows[r], r + 1, columns, sheet, report, ref, schedule, year, {c for rr, c in shaded if rr == r})
        if all(parse.is_blank(v) for v in row.cells):
            continue
        filled = [v for v in row.cells if not parse.is_blank(v)]
        if filled and all(isinstance(v, (int, float)) or _COLUMN_NUMBER.match(str(v)) for v in filled) and len(filled) >= 3:
            continue  # the row of column numbers "(1) (2) (3) …" under a government matrix's header
        # A numbered heading alone on its row: a section ("I. BIDANG PENCEGAHAN") or a strategy above its group ("A.
        # Peningkatan kesadaran"), in whichever column it is written.
        heading = len(filled) == 1 and isinstance(filled[0], str) and parse.is_blank(row.raw("activity")) and _SECTION.match(filled[0])
        if heading:
            text = parse.parse_text(filled[0])
            pillar = pillar_in(text, ref) if "pillar" not in columns else None
            if pillar or ("pillar" not in columns and _words(text) & {"bidang", "pilar", "gugus"}):
                carried["section"] = (pillar, text, r + 1) if pillar else None
                carried.pop("strategy", None)
                if pillar is None:  # never let the actions below fall silently under the section before it
                    choices = ", ".join(p["name_id"] for p in ref.pillars.values())
                    report.add("plan-section-unknown", sheet=sheet, row=r + 1, col=row.cells.index(filled[0]), value=text, choices=choices)
            else:
                carried["strategy"] = text
            continue
        for name in ("strategy", "pillar"):  # merged or written once above a group: carry down
            if not parse.is_blank(row.raw(name)):
                carried[name] = row.raw(name)
        if parse.is_blank(row.raw("code")) and parse.is_blank(row.raw("activity")):
            continue  # a group heading row (strategy or pillar only)
        action = row.action(carried, pillars, seen)
        action["extra"] = {h: parse.parse_text(row.cells[c]) for c, h in extra.items() if c < len(row.cells) and not parse.is_blank(row.cells[c])}
        actions.append(action)
    if not actions and report.ok:
        report.add("plan-empty", sheet=sheet)
    return actions


def read_plan(data: bytes, file_name: str, ref: Reference) -> tuple[Report, list[dict]]:
    """Check a plan workbook completely; never raises for a bad file."""
    report, matrix = read_plan_matrix(data, file_name, ref)
    return report, matrix.actions


def read_plan_matrix(data: bytes, file_name: str, ref: Reference, chosen: dict[str, str | None] | None = None) -> tuple[Report, Matrix]:
    """:func:`read_plan` with what each column was read as; ``chosen`` overrides the column of some fields (by the
    header text; None for no column), as a person corrects the detected mapping."""
    report = Report(file_name)
    sheets = read_workbook(data, report)
    if sheets is None:
        return report, Matrix()
    # The same guard as pillar workbooks: no NIK or phone number anywhere, except that a long number in an amount
    # column (budget, target) is money, not a phone. Header names are not checked here: a plan's "Nama kegiatan" is
    # not a person's name.
    headers = {name: found for name, s in sheets.items() if (found := _header(s.rows))}
    amounts = {name: {c for field, c in found[1].items() if field in ("budget_amount", "target")} for name, found in headers.items()}
    check_identity(sheets, report, {}, amounts)
    visible = [s for s in sheets.values() if s.visible and s.rows]
    # Every sheet with a plan header is read (one sheet per pillar is common); without any, the likeliest one is,
    # so that its issues say what is missing.
    tables = [s for s in visible if s.name in headers and {"activity", "lead_agency"} <= set(headers[s.name][1])]  # not a recap sheet
    named = [s for s in visible if any(h == normalize(s.name) or h in normalize(s.name).split() for h in SHEET_HINTS)]
    if not tables and (named or visible):
        tables = [(named or visible)[0]]
    if not tables:
        report.add("plan-empty", sheet=file_name)
        return report, Matrix()
    seen: dict[str, int] = {}
    colours = sandbox.shaded(data)  # a schedule may be marked by colouring its cells
    matrices = [read_matrix(sheet.rows, sheet.name, report, ref, seen, colours.get(sheet.name, set()), chosen) for sheet in tables]
    return report, Matrix(
        [a for m in matrices for a in m.actions],
        [entry for m, sheet in zip(matrices, tables, strict=True) for entry in ({**e, "sheet": sheet.name} for e in m.mapping)],
        list(dict.fromkeys(h for m in matrices for h in m.extra)),
        list(dict.fromkeys(h for m in matrices for h in m.headers)),
    )


def _store(con: duckdb.DuckDBPyConnection, result: PlanResult, file_name: str, digest: str, by: str | None, example: bool, source: str) -> None:
    con.execute("BEGIN")
    try:
        result.superseded = con.execute("SELECT max(id) FROM plan_version").fetchone()[0]
        (version,) = con.execute(
            """INSERT INTO plan_version (file_name, sha256, imported_by, n_actions, example) VALUES (?, ?, ?, ?, ?)
               RETURNING id""",
            [file_name, digest, by, len(result.actions), example],
        ).fetchone()
        for a in result.actions:
            con.execute(
                """INSERT INTO plan_action (version_id, sheet_row, code, pillar, strategy, activity, output, target, unit,
                       lead_agency, related_agencies, start, due, indicator_codes, extra, budget_source, budget_amount)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    version,
                    a["sheet_row"],
                    a["code"],
                    a["pillar"],
                    a["strategy"],
                    a["activity"],
                    a["output"],
                    a.get("target"),
                    a["unit"],
                    a["lead_agency"],
                    a["related_agencies"],
                    a.get("start"),
                    a.get("due"),
                    a["indicator_codes"],
                    json.dumps(a["extra"], ensure_ascii=False) if a.get("extra") else None,
                    a.get("budget_source"),
                    a.get("budget_amount"),
                ],
            )
        if result.superseded:
            result.removed = [
                r[0]
                for r in con.execute(
                    """SELECT code FROM plan_action WHERE version_id = ? AND code NOT IN
                   (SELECT code FROM plan_action WHERE version_id = ?) ORDER BY code""",
                    [result.superseded, version],
                ).fetchall()
            ]
        audit.record(
            con,
            by,
            "impor-rencana",
            f"versi {version}",
            f"{file_name}: {len(result.actions)} aksi" + (f"; dihapus: {', '.join(result.removed)}" if result.removed else ""),
            source,
        )
        gdb.bump_data_version(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    result.version = version


def _stored_reference(path: Path) -> Reference:
    """The reference data of a database that exists (plans are imported into a database, never into none)."""
    with gdb.connect(path) as con:
        return Reference.load(con)


def import_plan(
    data: bytes,
    file_name: str,
    *,
    db: str | Path | None = None,
    by: str | None = None,
    ref: Reference | None = None,
    example: bool = False,
    source: str = "cli",
    chosen: dict[str, str | None] | None = None,
) -> PlanResult:
    """Validate a plan workbook and, when it has no error, store it as the new current plan version (``chosen``: see
    :func:`read_plan_matrix`; the app's import passes the columns its user corrected)."""
    path = bootstrap.ensure_database(db)
    ref = ref or _stored_reference(path)
    report, matrix = read_plan_matrix(data, file_name, ref, chosen)
    result = PlanResult(report, matrix.actions, mapping=matrix.mapping, extra=matrix.extra)
    if result.ok and not chosen:
        with gdb.connect(path) as con:
            latest = con.execute("SELECT id, sha256 FROM plan_version ORDER BY id DESC LIMIT 1").fetchone()
        if latest and latest[1] == gdb.file_sha256(data):  # the same file again: nothing new to store, no new version
            result.version, result.unchanged = latest[0], True
            return result
    if result.ok:
        if not example:
            backup.create(path, reason=f"otomatis sebelum impor rencana {file_name}", by=by, source=source)
        with gdb.connect(path, write=True) as con:
            _store(con, result, file_name, gdb.file_sha256(data), by, example, source)
    return result


def example_rows() -> list[list]:
    """The example plan of the reference data as the rows of a matrix sheet (header first)."""
    with open(EXAMPLE_PLAN, encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    fields = [f for f in CANONICAL if f != "sheet_row"]
    rows = [[CANONICAL[f] for f in fields]]
    for r in records:
        rows.append([r.get(f) if f not in ("start", "due") else dt.date.fromisoformat(r[f]) for f in fields])
    return rows


def example_workbook(ref: Reference) -> bytes:
    """The example plan as a matrix workbook, strategy cells merged over their group the way offices do."""
    return plan_workbook(ref, example_rows()[1:])


def ensure_example_plan(db: str | Path | None = None, ref: Reference | None = None) -> PlanResult | None:
    """Import the reference data's example plan — through the same path as any plan — when none exists."""
    path = bootstrap.ensure_database(db)
    with gdb.connect(path) as con:
        if con.execute("SELECT count(*) FROM plan_version").fetchone()[0]:
            return None
    ref = ref or _stored_reference(path)
    result = import_plan(example_workbook(ref), "contoh-rencana-aksi.xlsx", db=path, by="data-referensi", ref=ref, example=True)
    if not result.ok:  # our own reference data: a bug, never the user's input
        raise RuntimeError(f"example plan rejected: {result.report.issues[:3]}")
    return result


def _style_header(row) -> None:
    for cell in row:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _finish(ws, widths: tuple[int, ...], freeze: str) -> None:
    """Column widths, wrapped text, Indonesian dates and frozen headers for a data sheet."""
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    ws.freeze_panes = freeze


def plan_workbook(ref: Reference, rows: list[list] | None = None) -> bytes:
    """A plan matrix: the blank template (``rows`` None) or the given action rows, strategy merged per group."""
    book = Workbook()
    ws = book.active
    ws.title = "Rencana Aksi"
    fields = list(CANONICAL)
    ws.append([CANONICAL[f] + (" *" if HEADERS[f][0] else "") for f in fields])
    _style_header(ws[1])
    strategy_col = fields.index("strategy") + 1
    group_start, last_strategy = 2, None
    for i, row in enumerate(rows or [], start=2):
        values = [safe_cell(v) for v in row]
        strategy = values[strategy_col - 1]
        if strategy == last_strategy:
            values[strategy_col - 1] = None  # shown once, merged below
        elif i > group_start + 1 and last_strategy is not None:
            ws.merge_cells(start_row=group_start, start_column=strategy_col, end_row=i - 1, end_column=strategy_col)
        if strategy != last_strategy:
            group_start, last_strategy = i, strategy
        ws.append(values)
    if rows and len(rows) + 1 > group_start:
        ws.merge_cells(start_row=group_start, start_column=strategy_col, end_row=len(rows) + 1, end_column=strategy_col)
    _finish(ws, (11, 16, 30, 50, 36, 9, 12, 22, 26, 12, 12, 16), "B2")
    guide = book.create_sheet("Petunjuk")
    guide.append(
        [
            "Satu baris per aksi. Kolom bertanda * wajib. Strategi/Program boleh ditulis sekali di atas kelompoknya atau "
            'digabung (merge) ke bawah. Pilar: nama pilar; tanpa kolom Pilar, tulis baris bagian seperti "I. BIDANG '
            'PENCEGAHAN" di atas kelompoknya. Instansi: singkatan atau nama (nama lama seperti BP2MI dikenali). Beberapa '
            'instansi terkait atau kode indikator dipisah titik koma. Tanggal: DD/MM/YYYY, "30 Juni 2026" atau "TW III '
            '2026"; jadwal boleh juga berupa kolom TW I–IV atau Jan–Des yang ditandai x atau diberi warna. Anggaran: '
            "sumber (APBD, APBN, DAK) dan jumlah rupiah."
        ]
    )
    guide.column_dimensions["A"].width = 120
    return exports.workbook_bytes(book)


def safe_cell(value: object) -> object:
    """A value for an exported workbook: lists joined; text itself is protected when the book is saved."""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


REPORT_COLUMNS = [
    "Kode aksi",
    "Strategi/Program",
    "Kegiatan",
    "Indikator keluaran",
    "Target",
    "Satuan",
    "Instansi penanggung jawab",
    "Instansi terkait",
    "Mulai",
    "Tenggat",
    "Sumber anggaran",
    "Anggaran (Rp)",
    "Status",
    "Progres (%)",
    "Bukti / keterangan terakhir",
    "Laporan terakhir",
]


def status_report(frame, week_label: str, agencies: dict[str, str]) -> bytes:
    """The plan with its current status for the task force's annual report: one sheet grouped by pillar,
    a summary sheet of counts per pillar and status. ``frame`` is :func:`gugus.ran.actions`."""
    book = Workbook()
    summary = book.active
    summary.title = "Ringkasan"
    summary.append([f"Pelaksanaan Rencana Aksi TPPO Kota Singkawang — keadaan akhir {week_label}"])
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([])
    summary.append(["Pilar", "Jumlah aksi", *labels.RAN_STATUS.values()])
    _style_header(summary[3])
    for pillar, group in frame.groupby("pillar_name", sort=False):
        summary.append([pillar, len(group), *[int((group["status"] == s).sum()) for s in labels.RAN_STATUS]])
    summary.append(["Jumlah", len(frame), *[int((frame["status"] == s).sum()) for s in labels.RAN_STATUS]])
    summary.column_dimensions["A"].width = 32
    ws = book.create_sheet("Rincian aksi")
    ws.append(REPORT_COLUMNS)
    _style_header(ws[1])
    for pillar, group in frame.groupby("pillar_name", sort=False):
        ws.append([f"Pilar {pillar}"])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        for a in group.itertuples():
            related = "; ".join(agencies.get(c, c) for c in (a.related_agencies if a.related_agencies is not None else []))
            ws.append(
                [
                    a.code,
                    a.strategy,
                    a.activity,
                    a.output,
                    a.target,
                    a.unit,
                    a.lead_name,
                    related,
                    a.start,
                    a.due,
                    a.budget_source,
                    None if a.budget_amount is None or a.budget_amount != a.budget_amount else float(a.budget_amount),
                    labels.RAN_STATUS[a.status] + (" (terlambat)" if a.status == "selesai" and a.done_late else ""),
                    float(a.progress),
                    a.evidence,
                    a.last_report,
                ]
            )
    _finish(ws, (10, 28, 48, 32, 8, 10, 22, 26, 11, 11, 14, 16, 14, 10, 44, 12), "C2")
    for row in ws.iter_rows(min_row=2, min_col=REPORT_COLUMNS.index("Anggaran (Rp)") + 1, max_col=REPORT_COLUMNS.index("Anggaran (Rp)") + 1):
        for cell in row:
            cell.number_format = "#,##0"  # Excel shows it with the reader's own separators (Indonesian: 15.000.000)
    return exports.workbook_bytes(book)
