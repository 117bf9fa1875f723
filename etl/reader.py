"""Opening a workbook safely: size and zip-bomb checks before parsing, then python-calamine.

Whatever goes wrong becomes an issue in the report; nothing here raises for a bad file.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import python_calamine

from etl.issues import Report
from gugus import settings

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
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        report.add("file-corrupt", detail=type(exc).__name__)
        return False
    names = {i.filename for i in infos}
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        report.add("file-macro")
        return False
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
    return True


def read_workbook(data: bytes, report: Report) -> dict[str, RawSheet] | None:
    """All sheets of a workbook by name, or None with the reason in ``report``.

    Formulas come back as their cached values, as Excel last computed them.
    """
    if not _check_container(data, report):
        return None
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = {}
        for meta in book.sheets_metadata:
            sheet = book.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            visible = str(meta.visible).endswith("Visible")
            sheets[meta.name] = RawSheet(meta.name, rows, visible)
        return sheets
    except Exception as exc:  # calamine raises several error types for damaged parts
        report.add("file-corrupt", detail=type(exc).__name__)
        return None
