"""The officer's own workbook returned with every bad cell highlighted and a comment saying the fix.

A first sheet "Daftar Masalah" lists every issue, including those that have no single cell (a
missing sheet or column).
"""

from __future__ import annotations

import io

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from etl import sandbox
from etl.issues import UNREADABLE, Issue
from gugus import exports

ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
SHEET = "Daftar Masalah"
AUTHOR = "Gugus Tugas TPPO"


def annotated_workbook(data: bytes, issues: list[Issue]) -> bytes | None:
    """``data`` with the issues marked in place, or None when the file cannot be opened safely (then the issue
    table is all the officer gets). Opened in a reader process (:func:`etl.sandbox.annotate`), never here."""
    if any(issue.code in UNREADABLE for issue in issues):
        return None  # its cells were never read: there is nothing to mark
    return sandbox.annotate(data, issues)


def annotate_unsandboxed(data: bytes, issues: list[Issue]) -> bytes | None:
    """The work of :func:`annotated_workbook`, in the calling process: only the reader process calls this.

    Formulas come back as the values Excel last computed, links to other workbooks are dropped, and every sheet is
    saved formula-safe: the copy the dashboard hands back never carries a live formula or link, whoever wrote it.
    """
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # noqa: BLE001 - a damaged or non-Excel file: nothing to annotate
        return None
    book._external_links = []  # links to other workbooks or shares never go back out with the copy
    for issue in issues:
        if not (issue.sheet and issue.sheet in book.sheetnames and issue.row and issue.column):
            continue
        cell = book[issue.sheet][f"{issue.column}{issue.row}"]
        cell.fill = ERROR_FILL if issue.severity == "error" else WARNING_FILL
        text = issue.message if cell.comment is None or cell.comment.author != AUTHOR else f"{cell.comment.text}\n\n{issue.message}"
        cell.comment = Comment(text, AUTHOR, width=320, height=140)
    for name in [n for n in book.sheetnames if n.strip().lower() == SHEET.lower()]:  # no look-alike issue list stays
        del book[name]
    ws = book.create_sheet(SHEET, 0)
    ws.append(["Lembar", "Sel", "Kolom", "Tingkat", "Yang perlu diperbaiki"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for issue in issues:
        ws.append(
            [
                issue.sheet or "",
                issue.cell or (str(issue.row) if issue.row else ""),
                issue.header or "",
                "Kesalahan" if issue.severity == "error" else "Peringatan",
                issue.message,
            ]
        )
    for letter, width in zip("ABCDE", (16, 8, 22, 12, 100), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        row[4].alignment = Alignment(wrap_text=True, vertical="top")
    book.active = 0
    return exports.workbook_bytes(book)
