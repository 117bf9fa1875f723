"""Opening a workbook safely: package checks (size, zip bomb, macros, each sheet's extent) before
parsing, then python-calamine in a child process with a memory and a time limit.

Whatever goes wrong becomes an issue in the report; nothing here raises for a bad file.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass

import python_calamine

from etl import sandbox
from etl.issues import Issue, Report, column_letter
from gugus import settings
from gugus.i18n import fmt_number

_ZIP_MAGIC = b"PK\x03\x04"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: old .xls, or an encrypted .xlsx
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


@dataclass
class RawSheet:
    """A sheet as a grid of cell values; ``rows[0]`` is Excel row 1, ``rows[r][0]`` column A."""

    name: str
    rows: list[list[object]]
    visible: bool = True
    name_key: str = ""  # the template's name for this sheet, matched regardless of case and spaces


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",")


# What runs code or embeds other programs, known by what the package declares (content types and relationship
# types, read from the raw XML with entities decoded and all whitespace removed, so that no spelling, prefix or
# attribute order hides them) and by where such parts live. DDE and OLE links start programs too.
_MACRO_MARKS = (b"vbaproject", b"macroenabled", b"macrosheet", b"vbadata", b"dialogsheet", b"xlmacro")
_ACTIVE_MARKS = (b"activex", b"oleobject", b"relationships/package", b"relationships/control", b"ddelink", b"olelink", b"/embeddings/")
_DECLARING = (".rels", "[content_types].xml", "xl/externallinks/")
_PACKAGE_XML_LIMIT = 2_000_000  # [Content_Types].xml and .rels parts of a real workbook are a few KB


def _declared_content(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> tuple[bool, bool]:
    """(has macros, has ActiveX/OLE/DDE) from the content types, every relationship part, external links and
    the part names."""
    texts = [info.filename.lower().encode() for info in infos]
    for info in infos:
        name = info.filename.lower()
        if name.endswith(_DECLARING) or name.startswith(_DECLARING[2]):
            if info.file_size > _PACKAGE_XML_LIMIT:
                raise zipfile.BadZipFile("bagian paket terlalu besar")
            texts.append(archive.read(info))
    blob = re.sub(r"\s", "", html.unescape(b"\n".join(texts).decode("utf-8", errors="replace"))).lower().encode()
    return any(m in blob for m in _MACRO_MARKS), any(m in blob for m in _ACTIVE_MARKS)


def _check_container(data: bytes, report: Report) -> bool:
    """Refuse what is not a sane .xlsx package, before any parsing. True if it may be parsed."""
    limit = float(settings.get("max_file_mb")) * 1_000_000
    if len(data) > limit:
        report.add("file-too-large", size=_mb(len(data)), limit=_mb(int(limit)))
        return False
    if data.startswith(_CFB_MAGIC):
        if _ENCRYPTED_MARK in data:
            report.add("file-encrypted")
        else:
            report.add("file-not-xlsx", detail="format .xls lama")
        return False
    if not data.startswith(_ZIP_MAGIC):
        detail = "berkas kosong" if not data else "isinya bukan format Excel"
        report.add("file-not-xlsx", detail=detail)
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                report.add("file-not-xlsx", detail="arsip ZIP tanpa buku kerja Excel")
                return False
            total = sum(i.file_size for i in infos)
            ratio = max((i.file_size / max(i.compress_size, 1) for i in infos), default=0)
            too_big = total > float(settings.get("max_uncompressed_mb")) * 1_000_000
            too_packed = ratio > float(settings.get("max_compression_ratio")) and total > 5_000_000
            if too_big or too_packed:
                report.add("file-zip-bomb", size=_mb(total), ratio=round(ratio))
                return False
            macros, active = _declared_content(archive, infos)
            if macros:
                report.add("file-macro")
                return False
            if active:
                report.add("file-active-content")
                return False
            return _check_extent(archive, report)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError, RuntimeError, OSError) as exc:
        report.add("file-corrupt", detail=type(exc).__name__)
        return False


# ---- the extent of each sheet, from its XML, before the reader allocates a grid for it ----------

_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_RELATIONSHIP_TAG = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ROW_OR_CELL = re.compile(rb"<(?:[\w.\-]+:)?(row|c)\b([^>]*)>")
# Ranges that openpyxl expands into one object per cell (merged cells, hyperlinks): their far corner counts too.
_RANGE = re.compile(rb"<(?:[\w.\-]+:)?(?:mergeCell|hyperlink)\b[^>]*?(?<![\w:\-])ref\s*=\s*[\"']([^\"']*)[\"']")
# How Excel, LibreOffice and openpyxl write a cell: position first. A cell written any other way sends the part
# to the slow path, which follows rows and cells one by one.
_PLAIN_REF = re.compile(rb'<c r="([A-Z]{1,3}\d{1,8})"')
_NOT_PLAIN_CELL = re.compile(rb'<c(?=[\s/>])(?! r="[A-Z]{1,3}\d{1,8}")')
_LETTERS, _DIGITS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"0123456789"
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_REF = re.compile(rb"(?<![\w:\-])r\s*=\s*[\"']([A-Za-z]*)(\d+)[\"']")
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,8})\$?(\d{1,12})$")
_CHUNK = 1 << 20


def _attributes(raw: bytes) -> dict[str, str]:
    out = {}
    for key, double, single in _ATTRIBUTE.findall(raw):
        name = key.decode(errors="replace").split(":")[-1]
        out[name] = html.unescape((double or single).decode("utf-8", errors="replace"))
    return out


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name by worksheet part, from workbook.xml and its relationships (for messages)."""
    names = set(archive.namelist())
    targets = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for raw in _RELATIONSHIP_TAG.findall(archive.read("xl/_rels/workbook.xml.rels")):
            attrs = _attributes(raw)
            target = attrs.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[attrs.get("Id")] = path
    parts = {}
    workbook = archive.getinfo("xl/workbook.xml")
    if workbook.file_size > _PACKAGE_XML_LIMIT:
        raise zipfile.BadZipFile("workbook.xml terlalu besar")
    for raw in _SHEET_TAG.findall(archive.read(workbook)):
        attrs = _attributes(raw)
        if (path := targets.get(attrs.get("id"))) in names:
            parts[path] = attrs.get("name", path)
    return parts


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.decode().upper():
        number = number * 26 + ord(ch) - 64
    return number


def _limits() -> tuple[int, int, int]:
    return (int(settings.get("max_sheet_rows")), int(settings.get("max_sheet_columns")), int(settings.get("max_sheet_cells")))


@dataclass
class _Extent:
    """What a worksheet's XML holds: the farthest cell, the count of cells, and the declared corner."""

    rows: int = 0
    columns: int = 0
    cells: int = 0
    declared: tuple[int, int] | None = None
    row: int = 0  # the position of the last cell seen, for cells that do not give their own
    column: int = 0
    links: bool = False

    def add(self, row: int, column: int) -> None:
        self.row, self.column = row, column
        self.rows, self.columns = max(self.rows, row), max(self.columns, column)

    def scan(self, text: bytes) -> None:
        # A DDE or OLE link starts a program, in whatever part it sits (element names cannot be entity-encoded).
        self.links = self.links or b"ddeLink" in text or b"oleLink" in text
        if self.declared is None and b"dimension" in text and (found := _DIMENSION.search(text)):
            self.declared = _corner(found[1])
        if b"mergeCell" in text or b"hyperlink" in text:  # element names are case-sensitive and cannot be entity-encoded
            for found in _RANGE.findall(text):
                if corner := _corner(found):
                    self.rows, self.columns = max(self.rows, corner[0]), max(self.columns, corner[1])
        if b":c" not in text and not _NOT_PLAIN_CELL.search(text):  # every cell gives its own position: no state to follow
            if refs := _PLAIN_REF.findall(text):
                # The positions split into row numbers and column letters with bytes operations, not a loop per cell.
                joined = b" ".join(refs)
                rows = joined.translate(None, _LETTERS).split()
                self.cells += len(refs)
                self.rows, self.row = max(self.rows, max(map(int, set(rows)))), int(rows[-1])
                self.columns = max(self.columns, max(map(_column_number, set(joined.translate(None, _DIGITS).split()))))
                self.column = _column_number(refs[-1].rstrip(_DIGITS))
            return
        # Cells without a position (or with a namespace prefix) sit right of the previous cell, as the reader places them.
        for tag, attrs in _ROW_OR_CELL.findall(text):
            ref = _REF.search(attrs)
            if tag == b"row":
                self.row, self.column = (int(ref[2]) if ref else self.row + 1), 0
            else:
                self.cells += 1
                if ref:
                    self.add(int(ref[2]), _column_number(ref[1]) if ref[1] else self.column + 1)
                else:
                    self.add(self.row, self.column + 1)


def _corner(ref: bytes) -> tuple[int, int] | None:
    """(row, column) of the lower-right cell of a reference such as ``A1:XFD1048576``."""
    if m := _CELL_REF.match(ref.split(b":")[-1].decode(errors="replace").strip()):
        return int(m[2]), _column_number(m[1].encode())
    return None


def _scan_sheet(stream) -> _Extent:
    """The extent of one worksheet, streamed a chunk at a time: memory stays bounded whatever the part's size."""
    extent = _Extent()
    carry = b""
    while True:
        chunk = stream.read(_CHUNK)
        text = carry + chunk
        # Up to the last tag start: a tag cut by the chunk boundary is read whole with a later chunk, however long
        # it is (the package's unpacked size is bounded).
        end = text.rfind(b"<") if chunk else len(text)
        if end == -1:
            end = len(text)  # text without any tag in it
        extent.scan(text[:end])
        if not chunk:
            return extent
        carry = text[end:]


def _check_extent(archive: zipfile.ZipFile, report: Report) -> bool:
    """Refuse a sheet whose cells reach beyond what any weekly workbook needs: the reader would
    allocate a grid from A1 to its farthest cell. A larger *declared* size alone is only noted."""
    max_rows, max_cols, max_cells = _limits()
    ok = True
    names = _sheet_parts(archive)
    # Every part is measured, not only those the workbook names as sheets: a relationship may point anywhere.
    for info in archive.infolist():
        if info.is_dir():
            continue
        part = info.filename
        sheet = names.get(part) or names.get(posixpath.normpath(part)) or part
        with archive.open(info) as stream:
            extent = _scan_sheet(stream)
        if extent.links and ok:
            report.add("file-active-content")
            ok = False
            continue
        rows, cols, declared = extent.rows, extent.columns, extent.declared
        if rows > max_rows or cols > max_cols or rows * cols > max_cells or extent.cells > max_cells:
            report.add(
                "sheet-too-large",
                sheet=sheet,
                row=rows,
                col=cols - 1,
                rows=fmt_number(rows),
                columns=column_letter(min(cols, 16384)),
                max_rows=fmt_number(max_rows),
                max_columns=column_letter(max_cols),
                max_cells=fmt_number(max_cells),
            )
            ok = False
        elif declared and (declared[0] > max_rows or declared[1] > max_cols):
            report.add(
                "sheet-dimension-ignored",
                sheet=sheet,
                declared=f"{column_letter(min(declared[1], 16384))}{declared[0]}",
                used=f"{column_letter(max(cols, 1))}{max(rows, 1)}",
            )
    return ok


# Characters nobody types on purpose: C0/C1 controls (tab and line breaks excepted), text-direction overrides
# and isolates, zero-width and invisible joiners, soft hyphens and variation selectors. They hide what a cell
# says (a name written right-to-left, digits split so that a NIK escapes the privacy guard), so they are removed
# before anything else reads the cell.
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufe00-\ufe0f\ufeff]")


def clean_text(sheets: dict[str, RawSheet], report: Report) -> None:
    """Remove hidden characters from every text cell (a warning at each cell) and refuse overlong text, cutting it
    to the limit. Done in the reader process, so that no more than the limit per cell ever reaches the caller,
    and once per distinct text, however many cells repeat it."""
    limit = int(settings.get("max_text_length"))
    done: dict[str, tuple[str, int, int]] = {}  # text -> (clean text, its original length, hidden characters)
    for sheet in sheets.values():
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if not isinstance(value, str):
                    continue
                if value not in done:
                    short = value[:limit]
                    clean, removed = _HIDDEN.subn("", short)
                    done[value] = (clean, len(value), removed)
                clean, length, removed = done[value]
                if length > limit:
                    report.add("text-too-long", sheet=sheet.name, row=r + 1, col=c, length=fmt_number(length), limit=fmt_number(limit))
                if removed:
                    # echoed for checking with every digit hidden: the privacy guard has not looked at this cell yet,
                    # and a NIK split by hidden characters must not come back whole in the message
                    shown = re.sub(r"\d", "•", clean if len(clean) <= 120 else clean[:120] + "…")
                    report.add("text-control-removed", sheet=sheet.name, row=r + 1, col=c, shown=shown, count=removed)
                if clean is not value:
                    row[c] = clean


_NUM_FMT = re.compile(rb"<(?:\w+:)?numFmt\b([^>]*)>")
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.DOTALL)
_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*)>")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\b([^>]*)>")
_PERCENT_BUILTIN = {"9", "10"}  # 0% and 0.00%


def _percent_styles(archive: zipfile.ZipFile) -> set[str]:
    """Indexes of the cell styles that show a number as a percentage (Excel keeps 45% as 0.45)."""
    try:
        styles = archive.read("xl/styles.xml")
    except KeyError:
        return set()
    percent = set(_PERCENT_BUILTIN)
    for raw in _NUM_FMT.findall(styles):
        attrs = _attributes(raw)
        code = re.sub(r'"[^"]*"|\\.', "", attrs.get("formatCode", ""))  # a % in quotes or escaped is only text
        if "%" in code:
            percent.add(attrs.get("numFmtId"))
    found = _CELL_XFS.search(styles)
    return {str(i) for i, raw in enumerate(_XF.findall(found[1]) if found else []) if _attributes(raw).get("numFmtId") in percent}


def percent_cells(data: bytes) -> dict[str, set[tuple[int, int]]]:
    """Per sheet name, the 0-based (row, column) of number cells shown as percentages."""
    out: dict[str, set[tuple[int, int]]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = _percent_styles(archive)
        if not styles:
            return out  # the usual case: nothing to look for
        for part, name in _sheet_parts(archive).items():
            for raw in _CELL_TAG.findall(archive.read(part)):
                attrs = _attributes(raw)
                if attrs.get("s") in styles and attrs.get("t", "n") == "n" and (m := _CELL_REF.match(attrs.get("r", ""))):
                    out.setdefault(name, set()).add((int(m[2]) - 1, _column_number(m[1].encode()) - 1))
    return out


def read_percentages(sheets: dict[str, RawSheet], data: bytes, report: Report) -> None:
    """A number formatted as a percentage is read as the number shown: 45% typed in Excel is 45, not 0.45."""
    for name, cells in percent_cells(data).items():
        sheet = sheets.get(name)
        for r, c in sorted(cells):
            if sheet is None or r >= len(sheet.rows) or c >= len(sheet.rows[r]):
                continue
            value = sheet.rows[r][c]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.rows[r][c] = round(value * 100, 10)
                report.add(
                    "percent-format-read",
                    sheet=name,
                    row=r + 1,
                    col=c,
                    shown=fmt_number(value * 100, decimals=2) + "%",
                    number=fmt_number(value * 100, decimals=2),
                )


@dataclass
class ReadResult:
    """A workbook read (or refused) by the reader: its sheets by name, or None, and the issues found."""

    sheets: dict[str, RawSheet] | None
    issues: list[Issue]

    @property
    def cells(self) -> int:
        """The size of the grids read: what a check of them will cost."""
        return sum(len(s.rows) * len(s.rows[0] if s.rows else ()) for s in (self.sheets or {}).values())


def read_unsandboxed(data: bytes, file_name: str) -> ReadResult:
    """Package and extent checks, then python-calamine, in the calling process: only the reader
    process (:mod:`etl.read_worker`) calls this. Everyone else calls :func:`read`."""
    report = Report(file_name)
    if not _check_container(data, report):
        return ReadResult(None, report.issues)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = {}
        for meta in book.sheets_metadata:
            rows = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            sheets[meta.name] = RawSheet(meta.name, rows, str(meta.visible).endswith("Visible"))
    except Exception as exc:  # noqa: BLE001 - calamine raises several error types for damaged parts
        report.add("file-corrupt", detail=type(exc).__name__)
        return ReadResult(None, report.issues)
    clean_text(sheets, report)
    read_percentages(sheets, data, report)
    return ReadResult(sheets, report.issues)


def read(data: bytes, file_name: str) -> ReadResult:
    """Every sheet of a workbook, read in a separate process with a memory and a time limit: no input
    can take down the calling process. A reader that dies or times out is a refusal ("file-unsafe")."""
    try:
        return sandbox.read(file_name, data)
    except sandbox.ReaderFailed as exc:
        report = Report(file_name)
        report.add("file-unsafe", detail=exc.reason)
        return ReadResult(None, report.issues)


def read_workbook(data: bytes, report: Report, pre_read: ReadResult | None = None) -> dict[str, RawSheet] | None:
    """All sheets of a workbook by name, or None with the reason in ``report``.

    The package and each sheet's extent are checked first; the cells are then read by python-calamine,
    all of it in a reader process (:func:`read`). ``pre_read`` is that result when it was read ahead.
    Formulas come back as their cached values, as Excel last computed them.
    """
    result = pre_read or read(data, report.file)
    report.extend(result.issues)
    return result.sheets
