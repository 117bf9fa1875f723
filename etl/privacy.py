"""The privacy guard: no victim identity enters the database.

Scans every cell of every sheet for NIK-like 16-digit numbers, phone numbers, written dates of birth and
RT/RW home addresses, and every header row for columns named like nama, NIK, alamat, tanggal lahir or telepon. The offending value is
never echoed in full: messages show a masked form such as ``61••••••••••••90``.
"""

from __future__ import annotations

import re
import unicodedata

from etl.issues import Report
from etl.reader import RawSheet

_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
_PHONE = re.compile(r"(?<![\d+])(?:\+?62|0)[\s.\-]?8\d(?:[\s.\-]?\d){7,10}(?!\d)|(?<![\d+])\+?60[\s.\-]?1\d(?:[\s.\-]?\d){7,8}(?!\d)")
_FEWEST_DIGITS = 10  # the shortest phone number the pattern accepts, 08 plus 8 digits
_IDENTITY_HEADER = re.compile(
    r"\b(nama|name|nik|no\.?\s*ktp|ktp|alamat|address|tanggal\s*lahir|tgl\.?\s*lahir|tempat[\s,/]*tanggal\s*lahir|"
    r"ttl|lahir|telepon|telpon|telp|tlp|no\.?\s*hp|nomor\s*hp|handphone|hp|whatsapp|wa|phone|email|surel)\b",
    re.IGNORECASE,
)


# A date of birth written out ("lahir 12/05/2008", "tgl lahir: 12 Mei 2008", "TTL Sambas, 12-05-2008") and a home
# address down to its neighbourhood unit ("RT 03/RW 05"): both identify a victim in a small city.
_DATE = r"\d{1,2}\s*[/\-.]\s*\d{1,2}\s*[/\-.]\s*\d{2,4}|\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}"
_BIRTHDATE = re.compile(rf"\b(?:lahir|ttl)\b.{{0,30}}?(?:{_DATE})", re.IGNORECASE | re.DOTALL)
_RT_RW = re.compile(r"\bRT\.?\s*:?\s*\d{1,3}\s*(?:/|,|\s)\s*RW\.?\s*:?\s*\d{1,3}\b", re.IGNORECASE)


# What people put between the digits of an ID or a phone number: spaces of every width, dots, dashes of every
# length, slashes, underscores, middle dots and brackets.
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212/_·•()\[\]]")


def _ascii_digits(text: str) -> str:
    """``text`` with compatibility forms folded (superscript and full-width digits) and every decimal digit of any
    script written as 0–9, so that ``０８１２…`` or ``٠٨١٢…`` is read as the phone number it is."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in folded)


def mask(text: str) -> str:
    """Keep the first and last two digits; dots for the rest."""
    digits = re.sub(r"\D", "", text)
    if len(digits) <= 4:
        return "••••"
    return digits[:2] + "•" * (len(digits) - 4) + digits[-2:]


def _masked_words(text: str) -> str:
    """The words of a found phrase with every digit hidden: the message says what was found, never the value."""
    return re.sub(r"\d", "•", " ".join(text.split()))


def _number_text(value: float) -> str | None:
    if value.is_integer() and abs(value) < 1e19:
        return str(int(abs(value)))
    return None


def check_identity(sheets: dict[str, RawSheet], report: Report, header_rows: dict[str, int],
                   numeric_columns: dict[str, set[int]]) -> None:
    """Add an issue for every cell that looks like victim identity.

    ``header_rows`` gives, per sheet, the 0-based row holding column headers;
    ``numeric_columns`` the 0-based columns of amounts, where long numbers are money, not phones.
    """
    for name, sheet in sheets.items():
        header_row = header_rows.get(name)
        numeric = numeric_columns.get(name, set())
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, bool):
                    continue
                if isinstance(value, (int, float)):
                    digits = _number_text(float(value))
                    if digits is None:
                        continue
                    if len(digits) == 16:
                        report.add("identity-nik", sheet=name, row=r + 1, col=c, shown=mask(digits))
                    elif c not in numeric and len(digits) in range(10, 14) and digits[:1] == "8":
                        report.add("identity-phone", sheet=name, row=r + 1, col=c, shown=mask(digits))
                    continue
                if not isinstance(value, str):
                    continue
                digits = sum(map(str.isdigit, value))
                if r != header_row and digits < _FEWEST_DIGITS:
                    if digits >= 2 and (found := _BIRTHDATE.search(value) or _RT_RW.search(value)):
                        code = "identity-birthdate" if found.re is _BIRTHDATE else "identity-address"
                        report.add(code, sheet=name, row=r + 1, col=c, shown=_masked_words(found[0]))
                    continue  # too few digits for a NIK or a phone number; most cells end here
                plain = _ascii_digits(value)
                compact = _SEPARATORS.sub("", plain)
                if found := _NIK.search(plain) or _NIK.search(compact):
                    report.add("identity-nik", sheet=name, row=r + 1, col=c, shown=mask(found[0]))
                elif phone := _PHONE.search(plain) or _PHONE.search(compact):
                    report.add("identity-phone", sheet=name, row=r + 1, col=c, shown=mask(phone[0]))
                elif r == header_row and _IDENTITY_HEADER.search(value):
                    report.add("identity-column", sheet=name, row=r + 1, col=c, shown=" ".join(value.split()))
