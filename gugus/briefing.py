"""Bahan rapat: the weekly briefing pack — one A4 PDF and one 16:9 slide deck for a week and an audience.

The pack holds what the pages show, from the same definitions and suppressed for the audience's k: the pillar
scorecards with their badge and its reason, the headline figures and their change (Ringkasan), reporting
completeness and lateness (Kelengkapan), the indicators that turned red, overdue and stalled RAN actions, the victim
journey's funnel and drop-outs (Alur Korban), the service-chain counts (Rantai Layanan) and the printed case map
(Peta Kasus). Those three share one period, the year to date, and read the cases as known at the end of the week, so
that no total can be subtracted from another. Only aggregates: no case reference, no work list.

:func:`build` assembles the content as text (both formats show the same words); :mod:`gugus.briefing_pdf` and
:mod:`gugus.briefing_slides` lay it out; :mod:`gugus.briefing_files` writes files, the outbox and the audit trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd

from gugus import auth, completeness, labels, maps, settings, summary, suppression
from gugus import db as gdb
from gugus.errors import UserError
from gugus.i18n import fmt_number, t
from gugus.mapdata import PERIODS, MapData, period_start
from gugus.mapfigure import totals
from gugus.views import alur, rantai, ringkasan
from gugus.weeks import Week, current_week, format_moment, today

CITY = "Kota Singkawang"
TITLE = "Bahan Rapat Mingguan"
BODY = "Gugus Tugas Pencegahan dan Penanganan TPPO Kota Singkawang"
AUDIENCES = {
    "ketua": "Rapat koordinasi Gugus Tugas (ketua dan koordinator pilar)",
    "pimpinan": "Pimpinan daerah (Kantor Wali Kota)",
}
FORMATS = {"pdf": "application/pdf", "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
FORMAT_NAMES = {"pdf": "PDF (A4)", "pptx": "PowerPoint (16:9)"}
MAP_VIEW = "Seluruh"
# One period for every section that has one (the journey, the service chain, the map): the year to date, as the
# indicators' status. Totals over different periods side by side would give away the cases between them by subtraction.
PERIOD = 0
AUDIENCE_SHORT = {"ketua": "Rapat koordinasi", "pimpinan": "Pimpinan daerah"}
PRIVACY = "Bahan ini hanya memuat angka gabungan: tidak ada nama, NIK, alamat, nomor telepon atau kode kasus korban."
SIMULATED = "Bahan ini dibuat dari data sintetis (basis data demo atau buku kerja contoh bertanda SIMULASI), bukan data sebenarnya."
REPORTING_WEEKS = 12


class BriefingError(UserError):
    """A pack that cannot be made as asked (no data for the week, an unknown audience or format)."""

    code = "briefing-no-data"  # the code of the issue in the CLI's JSON answer (the week has nothing, or has not begun)


def audiences_for(role: str) -> list[str]:
    """The audiences a role may make a pack for, its own first: the chair prepares both meetings; a pillar lead the
    coordination meeting they sit in; the mayor's office its own."""
    return {"ketua": ["ketua", "pimpinan"], "pilar": ["ketua"], "pimpinan": ["pimpinan"]}.get(role, [])


def audience_k(audience: str) -> int:
    """The suppression threshold of an audience: that of its role, as on the pages it would open."""
    if audience not in AUDIENCES:
        raise BriefingError(t("briefing.audience", audience=audience, choices=", ".join(AUDIENCES)))
    return auth.User("", audience).k


@dataclass
class Table:
    """A table as shown: column titles, rows of text, and what to say when there are no rows."""

    columns: list[str]
    rows: list[list[str]]
    empty: str = ""

    @classmethod
    def of(cls, frame: pd.DataFrame, empty: str = "") -> Table:
        """From a display frame; a named index becomes the first column."""
        if frame.index.name:
            frame = frame.reset_index()
        return cls([str(c) for c in frame.columns], [["–" if pd.isna(v) else str(v) for v in row] for row in frame.itertuples(index=False)], empty)


@dataclass
class Card:
    """One pillar's scorecard: its badge (worst judged indicator), the counts, and why the badge is what it is."""

    pillar: str
    badge: str
    status: str
    counts: str
    reason: str


@dataclass
class Headline:
    name: str
    value: str
    change: str
    help: str


@dataclass
class Pack:
    """Everything the briefing shows for one week and audience, as text (and the map data for the print map)."""

    week: Week
    audience: str
    k: int
    simulated: bool
    generated: dt.datetime
    data_version: int
    cards: list[Card]
    status_counts: pd.DataFrame  # pillar_name and one column per indicator status, for the chart
    headlines: list[Headline]
    reporting: Table
    reporting_note: str
    turned_red: Table
    overdue: Table
    stalled: Table
    journey_period: str
    journey_sentence: str
    funnel: pd.DataFrame  # label, pillar_name, victims (None where protected), text
    dropouts: list[str]
    journey_notes: list[str]
    funnel_note: str  # under the funnel when a stage is protected, else empty
    chain_period: str
    chain: Table
    chain_note: str
    map_period: str
    map_totals: str
    map_data: MapData
    whatsapp: dict[str, list[str]] = field(default_factory=dict)
    caveat: str = ""  # said on the cover when the week's figures may still change

    @property
    def audience_name(self) -> str:
        return AUDIENCES[self.audience]

    @property
    def audience_short(self) -> str:
        return AUDIENCE_SHORT[self.audience]

    @property
    def protection(self) -> str:
        return suppression.notice(self.k)

    @property
    def generated_text(self) -> str:
        return f"{format_moment(self.generated)} WIB"

    @property
    def whatsapp_text(self) -> str:
        return ringkasan.joined(self.whatsapp)


def badge_reason(table: pd.DataFrame, pillar: str, badge: str) -> str:
    """Why a pillar has its badge: the indicators with the badge's colour, or why nothing is judged."""
    rows = table[table["pillar"] == pillar]
    if badge in ("merah", "kuning"):
        worst = rows[rows["status"] == badge]
        return f"{labels.INDICATOR_STATUS[badge]}: " + "; ".join(f"{r.code} {r.short_name}" for r in worst.itertuples())
    if badge == "hijau":
        return f"Semua {int((rows['status'] == 'hijau').sum())} indikator yang dinilai hijau."
    return "Belum ada indikator yang dapat dinilai minggu ini (tanpa target, tanpa data, atau angkanya dilindungi)."


def cards(result: summary.WeekSummary) -> list[Card]:
    out = []
    for c in result.scorecards.itertuples():
        counts = f"{c.hijau} hijau · {c.kuning} kuning · {c.merah} merah dari {c.judged} dinilai"
        counts += ringkasan.unjudged_text(c.pantau, c.kosong, c.dilindungi)
        out.append(Card(c.pillar_name, c.badge, labels.INDICATOR_STATUS[c.badge], counts, badge_reason(result.table, c.pillar, c.badge)))
    return out


def headlines(result: summary.WeekSummary, k: int) -> list[Headline]:
    return [
        Headline(
            h.short_name,
            ringkasan.headline_text(h, k),
            ringkasan.change_text(h.value, h.previous, bool(h.sensitive), k) or "",
            h.name,
        )
        for h in result.headlines.itertuples()
    ]


def reporting_table(con: duckdb.DuckDBPyConnection, week: Week) -> Table:
    """Every pillar's report of the week (state, first upload, hours late) beside its on-time record over the last
    :data:`REPORTING_WEEKS` weeks — the same rows as Kelengkapan."""
    grid = completeness.matrix(con, week, REPORTING_WEEKS)
    this = grid[grid["week_start"] == pd.Timestamp(week.monday)]
    record = completeness.timeliness(grid).set_index("pillar_name")
    rows = []
    for r in this.itertuples():
        due = record["due"].get(r.pillar_name, 0)
        on_time = f"{record['tepat'][r.pillar_name]} dari {due} minggu" if due else "–"
        rows.append(
            [
                r.pillar_name,
                labels.REPORTING_STATE[r.state],
                format_moment(r.first_at) if not pd.isna(r.first_at) else "–",
                "–" if pd.isna(r.hours_late) else fmt_number(r.hours_late),
                on_time,
            ]
        )
    return Table(["Pilar", "Keadaan minggu ini", "Masuk pertama (WIB)", "Jam terlambat", f"Tepat waktu, {REPORTING_WEEKS} minggu"], rows)


def build(con: duckdb.DuckDBPyConnection, week: Week, audience: str, now: dt.datetime | None = None) -> Pack:
    """The pack of ``week`` for ``audience`` (``ketua`` or ``pimpinan``), read from one connection."""
    k = audience_k(audience)
    if week > current_week():
        raise BriefingError(t("briefing.future", week=week.label()))
    result = summary.week_summary(con, week, k)
    if not result.has_data:
        raise BriefingError(t("briefing.no-data", week=week.label()))
    journey = alur.page(con, week, PERIOD, k, "pimpinan", None)  # aggregates only, whoever reads
    chain = rantai.page(con, week, PERIOD, k, "pimpinan")
    # as known at the end of the week, like the journey and the chain: a case written later would otherwise be the difference
    map_data = maps.map_data(con, period_start(week, PERIOD), week, k, as_of=min(week.sunday, today()))
    counts = result.scorecards[["pillar_name", *labels.INDICATOR_STATUS]].copy()
    stall = int(settings.get("stall_weeks"))
    return Pack(
        week=week,
        audience=audience,
        k=k,
        simulated=summary.simulated(con, min(period_start(week, PERIOD), week - (REPORTING_WEEKS - 1)), week) or map_data.simulated,
        generated=(now or dt.datetime.now(ZoneInfo(settings.TIMEZONE))),
        data_version=gdb.data_version(con),
        cards=cards(result),
        status_counts=counts,
        headlines=headlines(result, k),
        reporting=reporting_table(con, week),
        reporting_note=f"Batas unggah minggu ini: {completeness.deadline_text(completeness.deadline(week))}.",
        turned_red=Table.of(ringkasan.turned_red_table(result.turned_red, week, k), "Tidak ada indikator yang berubah menjadi merah minggu ini."),
        overdue=Table.of(ringkasan.overdue_table(result.overdue), "Tidak ada aksi RAN yang lewat tenggat."),
        stalled=Table.of(ringkasan.stalled_table(result.stalled), f"Tidak ada aksi RAN yang macet (tanpa kemajuan {stall} minggu atau lebih)."),
        journey_period=journey.period,
        journey_sentence=alur.sentence(journey, PERIOD),
        funnel=journey.funnel,
        dropouts=journey.actions,
        journey_notes=journey.notes,
        funnel_note=journey.chart_note if (journey.funnel["text"] == suppression.PROTECTED).any() else "",
        chain_period=chain.period,
        chain=Table.of(chain.table, "Belum ada kasus yang menyebut titik layanan."),
        chain_note=rantai.sentence(chain, PERIOD),
        map_period=PERIODS[PERIOD],
        caveat=completeness.deadline_caveat(week),
        map_totals=totals(map_data),
        map_data=map_data,
        whatsapp=ringkasan.whatsapp_sections(result, k),
    )
