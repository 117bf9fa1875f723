"""Validation issues: one shape for every problem, from "cannot open the file" to one bad cell."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from gugus import settings
from gugus.i18n import t
from gugus.weeks import format_day, format_moment


def column_letter(number: int) -> str:
    """Excel's column letters for a 1-based column number (1 → A, 28 → AB). Written here rather than taken
    from openpyxl so that the reader process starts without importing openpyxl."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class IssueType:
    """What is true of every issue with one code: how serious it is, and whether the file as a whole is refused.

    ``severity``: "error" blocks the load, "warning" does not. ``unusable``: the file is refused before any cell is
    read (nothing to mark in it; exit 2 where a command tells an unusable file apart). The message is the catalogue
    entry ``issue.<code>`` (:mod:`gugus.i18n`), in Bahasa Indonesia, saying how to fix it.
    """

    code: str
    severity: str = "error"
    unusable: bool = False

    @property
    def key(self) -> str:
        return f"issue.{self.code}"


# The one registry of issue codes, in the catalogue's order (file, sheet, cell, row, reference, plan, identity).
ISSUE_TYPES: dict[str, IssueType] = {
    t.code: t
    for t in [
        IssueType("file-too-large", unusable=True),
        IssueType("file-zip-bomb", unusable=True),
        IssueType("file-not-xlsx", unusable=True),
        IssueType("file-macro", unusable=True),
        IssueType("file-encrypted", unusable=True),
        IssueType("file-corrupt", unusable=True),
        IssueType("file-active-content", unusable=True),
        IssueType("file-unsafe", unusable=True),
        IssueType("sheet-too-large", unusable=True),
        IssueType("sheet-dimension-ignored", "warning"),
        IssueType("sheet-hidden"),
        IssueType("sheet-duplicate"),
        IssueType("text-too-long"),
        IssueType("report-date-far", "warning"),
        IssueType("percent-format-read", "warning"),
        IssueType("text-control-removed", "warning"),
        IssueType("number-not-finite"),
        IssueType("number-too-large"),
        IssueType("value-implausible"),
        IssueType("date-invalid"),
        IssueType("template-unknown"),
        IssueType("template-outdated"),
        IssueType("template-newer"),
        IssueType("template-wrong-pillar"),
        IssueType("sheet-missing"),
        IssueType("column-missing"),
        IssueType("column-duplicate"),
        IssueType("week-missing"),
        IssueType("data-kind-missing"),
        IssueType("data-kind-invalid"),
        IssueType("demo-real-data"),
        IssueType("week-invalid"),
        IssueType("week-future"),
        IssueType("required-missing"),
        IssueType("value-missing", "warning"),
        IssueType("type-number"),
        IssueType("type-integer"),
        IssueType("type-date"),
        IssueType("date-future"),
        IssueType("value-negative"),
        IssueType("percent-range"),
        IssueType("numerator-gt-denominator"),
        IssueType("numerator-not-percent"),
        IssueType("value-conflict"),
        IssueType("workbook-empty"),
        IssueType("week-emptied"),
        IssueType("workbook-unfilled"),
        IssueType("progress-lowered"),
        IssueType("values-removed"),
        IssueType("write-failed"),
        IssueType("average-numerator"),
        IssueType("denominator-zero"),
        IssueType("indicator-unknown"),
        IssueType("indicator-wrong-pillar"),
        IssueType("area-unknown"),
        IssueType("area-ambiguous"),
        IssueType("area-level"),
        IssueType("place-unknown"),
        IssueType("route-unknown"),
        IssueType("action-unknown"),
        IssueType("action-wrong-pillar"),
        IssueType("action-no-plan"),
        IssueType("agency-unknown"),
        IssueType("agency-ambiguous"),
        IssueType("choice-invalid"),
        IssueType("choice-invalid-part"),
        IssueType("plan-header-missing"),
        IssueType("plan-pillar-ambiguous"),
        IssueType("plan-pillar-missing"),
        IssueType("plan-year-missing"),
        IssueType("plan-section-unknown"),
        IssueType("plan-pillar-unknown"),
        IssueType("plan-due-before-start"),
        IssueType("plan-empty"),
        IssueType("duplicate-key"),
        IssueType("breakdown-mismatch"),
        IssueType("children-gt-total"),
        IssueType("reply-before-sent"),
        IssueType("reply-date-missing"),
        IssueType("reply-status-mismatch"),
        IssueType("coordinate-range"),
        IssueType("identity-nik"),
        IssueType("identity-file-name"),
        IssueType("identity-hidden-part"),
        IssueType("area-overlap"),
        IssueType("label-duplicate"),
        IssueType("identity-phone"),
        IssueType("identity-column"),
        IssueType("identity-birthdate"),
        IssueType("identity-name"),
        IssueType("identity-address"),
        IssueType("too-many-issues"),
        IssueType("db-busy"),
    ]
}
UNREADABLE = frozenset(c for c, t in ISSUE_TYPES.items() if t.unusable)


@dataclass(frozen=True)
class Issue:
    """One problem, located as precisely as possible. ``row`` is the Excel row, ``column`` its letter."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    header: str | None
    value: str | None
    code: str
    severity: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def cell(self) -> str | None:
        return f"{self.column}{self.row}" if self.column and self.row else None

    def where(self) -> str:
        """``lembar Indikator, sel E7 (Nilai)`` — the location in words."""
        parts = []
        if self.sheet:
            parts.append(f"lembar {self.sheet}")
        if self.cell:
            parts.append(f"sel {self.cell}" + (f" ({self.header})" if self.header else ""))
        elif self.row:
            parts.append(f"baris {self.row}")
        return ", ".join(parts)


def show_value(value: object) -> str | None:
    """A cell value as it is echoed in a message: text, shortened if long."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    elif isinstance(value, float):
        value = f"{value:g}"
    if isinstance(value, dt.datetime):
        value = format_moment(value)
    elif isinstance(value, dt.date):
        value = format_day(value)
    text = str(value).strip()
    return text if len(text) <= 60 else text[:57] + "…"


@dataclass
class Report:
    """Every issue of one file, capped at the ``max_issues`` setting with a count of the rest."""

    file: str
    issues: list[Issue] = field(default_factory=list)
    not_shown: int = 0
    limit: int = field(default_factory=lambda: int(settings.get("max_issues")))
    identity_cells: set[tuple] = field(default_factory=set)  # cells found to hold identity: never echoed

    def add(
        self,
        code: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        col: int | None = None,
        header: str | None = None,
        value: object = None,
        shown: str | None = None,
        **params: object,
    ) -> None:
        """Record an issue. ``col`` is 0-based; ``shown`` replaces the echoed value (for masking)."""
        if len(self.issues) >= self.limit:
            self.not_shown += 1
            return
        if code.startswith("identity-"):
            self.identity_cells.add((sheet, row, col))
        elif (sheet, row, col) in self.identity_cells:
            shown = "••••"  # another problem in a cell holding a NIK or phone number: say where, not what
        echo = shown if shown is not None else show_value(value)
        message = t(ISSUE_TYPES[code].key, value=echo if echo is not None else "", header=header or "", sheet=sheet or "", **params)
        self.issues.append(
            Issue(
                file=self.file,
                sheet=sheet,
                row=row,
                column=column_letter(col + 1) if col is not None else None,
                header=header,
                value=echo,
                code=code,
                severity=ISSUE_TYPES[code].severity,
                message=message,
            )
        )

    def refuse(self, code: str, **params: object) -> None:
        """Record why a valid file is not loaded: listed first, and never lost to the cap (the last issue makes room)."""
        limit, self.limit = self.limit, len(self.issues) + 1
        try:
            self.add(code, **params)
        finally:
            self.limit = limit
        self.issues.insert(0, self.issues.pop())
        while len(self.issues) > self.limit:
            self.issues.pop()
            self.not_shown += 1

    def extend(self, issues: list[Issue]) -> None:
        """Take issues found elsewhere for this file (by the reader process), within the cap."""
        for issue in issues:
            if len(self.issues) >= self.limit:
                self.not_shown += 1
            else:
                self.issues.append(issue)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.not_shown_errors

    @property
    def not_shown_errors(self) -> bool:
        # Issues past the cap are counted, not kept; any of them may be an error.
        return self.not_shown > 0

    def all_issues(self) -> list[Issue]:
        """The issues, with a closing line saying how many were not listed."""
        if not self.not_shown:
            return list(self.issues)
        return [
            *self.issues,
            Issue(
                self.file,
                None,
                None,
                None,
                None,
                None,
                "too-many-issues",
                ISSUE_TYPES["too-many-issues"].severity,
                t(ISSUE_TYPES["too-many-issues"].key, count=self.not_shown),
            ),
        ]
