"""Files people take away (CSV and Excel workbooks): safe to open in Excel, in the form Indonesian Excel expects.

Text that Excel would run as a formula (``=cmd|' /C calc'!A0``, ``=HYPERLINK(…)``, ``+``, ``-``, ``@``…) is
stored as text in everything the project writes: CSV through :func:`csv_bytes`, workbooks through
:func:`workbook_bytes`. No writer decides this for itself.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import pandas as pd
from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: object) -> bool:
    """True for text that a spreadsheet would read as a formula, also after stray leading spaces."""
    return isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS)


def safe_text(value: object) -> object:
    """Text that Excel would run as a formula gets a leading apostrophe; everything else is unchanged."""
    return "'" + value if formula_like(value) else value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``;``-separated UTF-8 with BOM (opens correctly in Excel set to Indonesian), formula-safe."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(safe_text)
    return safe.to_csv(index=False, sep=";").encode("utf-8-sig")


def protect_formulas(book: Workbook, sheets: Iterable[str] | None = None) -> None:
    """Store every formula-like value of ``sheets`` (default: all) as text, marked with Excel's quote prefix so
    that it stays text when the cell is edited. The project writes no formula of its own into cells."""
    for name in sheets if sheets is not None else book.sheetnames:
        for row in book[name].iter_rows():
            for cell in row:
                if cell.data_type == "f" or formula_like(cell.value):
                    value = cell.value
                    cell.value = value if isinstance(value, str) else str(value)
                    cell.data_type, cell.quotePrefix = "s", True


def workbook_bytes(book: Workbook, sheets: Iterable[str] | None = None) -> bytes:
    """The saved workbook, formula-safe (:func:`protect_formulas` on ``sheets``, default all)."""
    protect_formulas(book, sheets)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
