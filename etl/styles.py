"""Cell shading, for plan matrices whose schedule is marked by colouring the month or quarter cells instead of an "x".

python-calamine reads values only, so the fills are read with openpyxl, in a reader process (:func:`etl.sandbox.shaded`).
"""

from __future__ import annotations

import io

from openpyxl import load_workbook

_NO_COLOUR = {None, "00000000", "FFFFFFFF", "00FFFFFF"}


def shaded_unsandboxed(data: bytes) -> dict[str, set[tuple[int, int]]]:
    """Per sheet name, the 0-based (row, column) of cells filled with a colour (a solid fill that is not white)."""
    book = load_workbook(io.BytesIO(data), read_only=True)
    out: dict[str, set[tuple[int, int]]] = {}
    try:
        for sheet in book.worksheets:
            for r, row in enumerate(sheet.iter_rows()):
                for c, cell in enumerate(row):
                    fill = getattr(cell, "fill", None)
                    if fill is None or fill.fill_type != "solid":
                        continue
                    colour = fill.fgColor
                    if colour.type == "rgb" and colour.rgb in _NO_COLOUR:
                        continue
                    out.setdefault(sheet.title, set()).add((r, c))
    finally:
        book.close()
    return out
