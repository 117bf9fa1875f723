"""The privacy guard: no victim identity enters the database.

Scans every cell of every sheet for NIK-like 16-digit numbers, phone numbers, written dates of birth and
RT/RW home addresses, and every header row for columns named like nama, NIK, alamat, tanggal lahir or telepon. The offending value is
never echoed in full: messages show a masked form such as ``61••••••••••••90``.
"""

from __future__ import annotations

import functools
import html
import io
import re
import unicodedata
import zipfile

from etl.issues import Report
from etl.reader import RawSheet

_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
_PHONE = re.compile(r"(?<![\d+])(?:\+?62|0)[\s.\-]?8\d(?:[\s.\-]?\d){7,10}(?!\d)|(?<![\d+])\+?60[\s.\-]?1\d(?:[\s.\-]?\d){7,8}(?!\d)")
_FEWEST_DIGITS = 10  # the shortest phone number the pattern accepts, 08 plus 8 digits
_IDENTITY_HEADER = re.compile(
    r"\b(nama|name|nik|no\.?\s*ktp|ktp|alamat|address|domisili|tempat\s*tinggal|identitas|tanggal\s*lahir|tgl\.?\s*lahir|"
    r"tempat[\s,/]*tanggal\s*lahir|ttl|lahir|lhr|dob|birth|telepon|telpon|telp|tlp|no\.?\s*hp|nomor\s*hp|handphone|hp|"
    r"whatsapp|wa|phone|email|surel)\b",
    re.IGNORECASE,
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _header_words(value: str) -> str:
    """A header as words: ``Nama_korban`` and ``NamaKorban`` read as ``Nama korban``."""
    return _CAMEL.sub(" ", value.replace("_", " "))


# A date of birth written out ("lahir 12/05/2008", "tgl lahir: 12 Mei 2008", "TTL Sambas, 12-05-2008") and a home
# address down to its neighbourhood unit ("RT 03/RW 05"): both identify a victim in a small city.
_DATE = r"\d{1,2}\s*[/\-.]\s*\d{1,2}\s*[/\-.]\s*\d{2,4}|\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}"
_BIRTHDATE = re.compile(rf"(?:lahir|\blhr\b|\bttl\b|\bdob\b|\bborn\b|\bbirth).{{0,30}}?(?:{_DATE})", re.IGNORECASE | re.DOTALL)
_RT_RW = re.compile(
    r"\bRT\.?\s*[:\-]?\s*\d{1,3}\s*(?:/|,|-|\s)?\s*RW\.?\s*[:\-]?\s*\d{1,3}\b"
    r"|\bRT\s*/\s*RW\s*:?\s*\d{1,3}\s*/\s*\d{1,3}\b",
    re.IGNORECASE,
)


# A person named outright ("korban bernama Siti", "nama korban: Siti", "Sdri. Aminah", "Siti binti Ahmad") and a street address with a house number
# ("Jl. Merdeka 5", "Gg. Mawar No. 3"). Names in general cannot be recognised in free text; these forms can.
_NAMED = re.compile(
    r"(?i:\b(?:korban|anak|pelapor|saksi|ibu|bapak|sdr|sdri)\.?\s+(?:bernama|atas\s+nama|a\.\s?n\.?)\s+)[A-Z]"
    r"|(?i:\bnama\s*(?:korban|anak|lengkap|pelapor)?\s*:\s*)[A-Z]"
    r"|(?i:\b(?:sdr|sdri|sdra)\.?\s+)[A-Z][a-z]"  # "Sdri. Aminah": the form of address names a person
    r"|\b(?:binti|bin)\s+[A-Z][a-z]"  # "Siti binti Ahmad": a name with its father's
)
_STREET = re.compile(r"\b(?:jl|jln|jalan|gg|gang)\.?\s+[A-Za-z][\w.'\- ]{1,40}?\s+(?:no\.?\s*)?\d{1,4}[a-zA-Z]?\b", re.IGNORECASE)


# What people put between the digit groups of an ID or a phone number ("6172,0157,0899,0003", "(0812) 3456-7890",
# "0812 x 3456 x 7890"): up to three characters other than letters and digits, or an x or *, removed. A run joined
# this way counts only when it is shaped like a NIK or an Indonesian mobile number, and for phones dots and colons
# stay, so that dates and times are not taken for either.
_JOINED = re.compile(r"(?<=\d)(?:(?:[^\w\n]|_){1,3}|\s?[xX*]\s?)(?=\d)")
_JOINED_PHONE = re.compile(r"(?<=\d)(?:(?:[^\w\n.:]|_){1,3}|\s?[xX*]\s?)(?=\d)")
_MOBILE = re.compile(r"(?:\+?62|0)8[1-9]")
_FOREIGN_PHONE = re.compile(r"(?<![\w+])\+(?!62)[1-9]\d{0,2}[\s.\-]?\d{2,4}(?:[\s.\-]?\d{2,4}){1,3}(?!\d)")


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


@functools.lru_cache(maxsize=4096)  # a text repeated in many cells is examined once
def _text_identity(value: str, header: bool) -> tuple[str, str] | None:
    """(issue code, masked text) when ``value`` looks like victim identity, else None."""
    digits = sum(map(str.isdigit, value))
    if not header and (found := _NAMED.search(value)):
        return "identity-name", " ".join(found[0][:-1].split()) + " …"  # the words that name someone, not the name
    if not header and digits and (found := _STREET.search(value)):
        return "identity-address", found[0].split()[0] + " … (nama jalan dan nomor rumah)"
    if not header and digits < _FEWEST_DIGITS:
        if digits >= 2 and (found := _BIRTHDATE.search(value) or _RT_RW.search(value)):
            return ("identity-birthdate" if found.re is _BIRTHDATE else "identity-address"), _masked_words(found[0])
        return None  # too few digits for a NIK or a phone number; most cells end here
    plain = _ascii_digits(value)
    joined = _JOINED.sub("", plain)
    if found := _NIK.search(plain) or next((m for m in _NIK.finditer(joined) if _plausible_nik(m[0])), None):
        return "identity-nik", mask(found[0])
    joined = _JOINED_PHONE.sub("", plain)
    if phone := (_PHONE.search(plain) or _FOREIGN_PHONE.search(plain) or next((m for m in _PHONE.finditer(joined) if _MOBILE.match(m[0])), None)):
        return "identity-phone", mask(phone[0])
    if header and (_IDENTITY_HEADER.search(value) or _IDENTITY_HEADER.search(_header_words(value))):
        return "identity-column", " ".join(value.split())
    return None


def _plausible_nik(digits: str) -> bool:
    """A 16-digit run (joined from groups) shaped like a NIK: a province code, a birth day (women +40) and a month;
    not two dates written one after the other ("12.11.2026 - 05.12.2026")."""
    day, month = int(digits[6:8]), int(digits[8:10])
    two_dates = 2000 <= int(digits[4:8]) <= 2100 and 2000 <= int(digits[12:16]) <= 2100
    return 11 <= int(digits[:2]) <= 94 and (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12 and not two_dates


def _phone_number(digits: str) -> bool:
    """A number Excel kept from a typed phone number: 0812… loses its 0 (8…), +62 812… becomes 62812…, +60 1…
    becomes 601…."""
    return (
        (len(digits) in range(10, 14) and digits[:1] == "8")
        or (len(digits) in range(11, 16) and digits[:3] == "628")
        or (len(digits) in range(11, 13) and digits[:3] == "601")
    )


def _number_text(value: float) -> str | None:
    if value.is_integer() and abs(value) < 1e19:
        return str(int(abs(value)))
    return None


def check_identity(sheets: dict[str, RawSheet], report: Report, header_rows: dict[str, int], numeric_columns: dict[str, set[int]]) -> None:
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
                    elif c not in numeric and _phone_number(digits):
                        report.add("identity-phone", sheet=name, row=r + 1, col=c, shown=mask(digits))
                    continue
                if not isinstance(value, str):
                    continue
                if found := _text_identity(value, r == header_row):
                    report.add(found[0], sheet=name, row=r + 1, col=c, shown=found[1])


def check_file_name(file_name: str, report: Report) -> None:
    """A file name is shown in the upload log: one carrying a NIK, a phone number, a birth date or an address is refused."""
    if found := _text_identity(_header_words(file_name), False):
        report.add("identity-file-name", shown=found[1])


# Parts of a workbook that hold text outside the cells: comments and the document's properties. The file is
# archived as it came, so what they carry would be kept even though it is never loaded.
_HIDDEN_PARTS = re.compile(r"^(xl/.*comment[^/]*\.xml|docProps/(core|app|custom)\.xml)$", re.IGNORECASE)
_PART_LIMIT = 2_000_000  # bytes read from one such part


def check_hidden_parts(data: bytes, report: Report) -> None:
    """Refuse a NIK, phone number, birth date or address in a comment or a document property."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return  # the reader reports a damaged file
    with archive:
        for info in archive.infolist():
            if not _HIDDEN_PARTS.match(info.filename):
                continue
            with archive.open(info) as part:
                raw = part.read(_PART_LIMIT)
            text = html.unescape(re.sub(r"<[^>]+>", " ", raw.decode("utf-8", errors="replace")))
            for line in text.split("  "):
                if line.strip() and (found := _text_identity(line, False)):
                    where = "komentar sel" if "omments" in info.filename else "properti dokumen (File > Info)"
                    report.add("identity-hidden-part", shown=found[1], part=where)
                    return
