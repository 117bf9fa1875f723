"""Alur Penanganan Korban: the funnel of a period, the days between stages against their standard, the drop-outs
as actions, the disagreements between pillars and each case's journey — suppressed for the reader's k.

The case-level lists (a case reference, never a person) are work lists: the chair sees all of them, a pillar lead
those of the stages and disagreements their pillar answers for, the mayor's office none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from gugus import charts, exports, journey, labels, reconciliation, suppression
from gugus.i18n import fmt_number
from gugus.mapdata import period_phrase, period_start
from gugus.weeks import Week, format_day, today


@dataclass
class Scope:
    """Which case-level lists a reader gets: ``cases`` False for none; ``pillar`` None for every pillar's."""

    cases: bool
    pillar: str | None = None


def scope(role: str, pillar: str | None) -> Scope:
    """The chair sees every case list; a pillar lead those concerning their pillar; the mayor's office none."""
    if role == "ketua":
        return Scope(True)
    if role == "pilar":
        return Scope(True, pillar)
    return Scope(False)


def dropout_lines(groups: pd.DataFrame, k: int, pillar: str | None = None) -> list[str]:
    """Drop-outs as actions, one sentence each: "4 kasus: korban belum mendapat pemeriksaan kesehatan lebih dari
    3 hari setelah diselamatkan (paling lama 9 hari) — Rehabilitasi Kesehatan". A count below k is not written:
    "Kasus (jumlahnya dilindungi): korban belum …"."""
    lines = []
    for g in groups.itertuples():
        if pillar is not None and g.pillar != pillar:
            continue
        count = f"{fmt_number(g.cases)} kasus" if not suppression.is_small(g.cases, k) else f"Kasus (jumlahnya {suppression.PROTECTED})"
        lines.append(
            f"{count}: korban {g.pending} lebih dari {g.standard_days} hari setelah {g.after} "
            f"(paling lama {fmt_number(g.longest)} hari) — {g.pillar_name}"
        )
    return lines


def _funnel_table(funnel: pd.DataFrame, k: int) -> pd.DataFrame:
    hidden = suppression.protect_nested(list(funnel["victims"]), k)
    return pd.DataFrame(
        {
            "label": funnel["label"],
            "pillar_name": funnel["pillar_name"],
            "victims": [None if h else v for h, v in zip(hidden, funnel["victims"], strict=True)],
            "text": [suppression.PROTECTED if h else fmt_number(v) for h, v in zip(hidden, funnel["victims"], strict=True)],
        }
    )


def _days(value: float | None) -> str:
    return "–" if value is None or pd.isna(value) else fmt_number(value, decimals=1 if value % 1 else 0)


def durations_table(frame: pd.DataFrame, groups: pd.DataFrame, k: int) -> pd.DataFrame:
    """The days between stages as shown (indexed by stage): median and slowest of the stages reached, the standard and
    its source, the cases that reached the stage later than the standard, and those still waiting past it (the
    drop-outs: a stage not reached yet has no days to measure). Counts below k are protected."""
    waiting = dict(zip(groups["stage"], groups["cases"], strict=True))
    return pd.DataFrame(
        {
            "Tahap": frame["label"],
            "Pilar": frame["pillar_name"],
            "Median hari": frame["median"].map(_days),
            "Paling lambat": frame["slowest"].map(_days),
            "Standar (hari)": frame["standard_days"].map(_days),
            "Dicapai melewati standar (kasus)": frame["over"].map(lambda n: suppression.label(n, k)),
            "Masih menunggu melewati standar (kasus)": frame["stage"].map(lambda code: suppression.label(waiting.get(code, 0), k)),
            "Sumber standar": [f"{s} (keyakinan {labels.CONFIDENCE.get(c, c)})" for s, c in zip(frame["source"], frame["confidence"], strict=True)],
        }
    ).set_index("Tahap")


def dropout_table(drops: pd.DataFrame) -> pd.DataFrame:
    """The cases behind the drop-outs (a work list: case references only)."""
    return pd.DataFrame(
        {
            "Kode kasus": drops["case_ref"],
            "Tahap tertunda": drops["label"],
            "Pilar": drops["pillar_name"],
            "Tahap sebelumnya pada": drops["since"].map(format_day),
            "Menunggu (hari)": drops["waiting"],
            "Standar (hari)": drops["standard_days"],
        }
    )


RECONCILE_HOW = {  # what to do, in words (the counts themselves are in the rows named: no count is shown here)
    "dilayani-lebih": "Bandingkan Jumlah korban di kedua baris: layanan mencatat lebih banyak korban daripada kasusnya.",
    "anak-berbeda": "Bandingkan jumlah anak di kedua baris (korban anak di lembar Kasus, Di antaranya anak di Layanan Korban).",
    "kasus-tak-dikenal": (
        "Kode kasus ini tidak ada di lembar Kasus Penegakan Hukum. Samakan penulisan kode kasusnya; bila kasusnya lebih lama "
        "dari data di sini, minta Penegakan Hukum mencatatnya di lembar Kasus."
    ),
}


def reconciliation_table(frame: pd.DataFrame, pillar_names: dict[str, str]) -> pd.DataFrame:
    """Each disagreement in words, with the workbook rows behind it (where the numbers are, for the leads who own
    them); what to do, without showing a count."""

    def rows(sources) -> str:
        return "; ".join(f"{pillar_names.get(p, p)}: {f}, lembar {s}, baris {r}" for p, f, s, r in sources)

    return pd.DataFrame(
        {
            "Kode kasus": frame["case_ref"],
            "Ketidaksesuaian": frame["kind"].map(reconciliation.KINDS),
            "Baris buku kerja": frame["sources"].map(rows),
            "Yang perlu dilakukan": frame["kind"].map(RECONCILE_HOW),
            "Pilar terkait": [
                f"{pillar_names.get(a, a)} dan {pillar_names.get(b, b)}" for a, b in zip(frame["pillar"], frame["other_pillar"], strict=True)
            ],
        }
    )


def case_journeys(table: pd.DataFrame) -> pd.DataFrame:
    """Each case of the period, one row per stage: day, agency, days since the previous stage. No count of victims:
    beside the funnel's totals, one case's number could be worked out from the others'."""
    return pd.DataFrame(
        {
            "Kode kasus": table["case_ref"],
            "Tanggal lapor": table["reported_date"].map(lambda d: format_day(pd.Timestamp(d).date())),
            "Tahap": table["label"],
            "Tanggal": table["day"].map(lambda d: "belum" if pd.isna(d) else format_day(pd.Timestamp(d).date())),
            "Instansi": table["agency"].fillna("–"),
            "Hari sejak tahap sebelumnya": table["days"].map(_days),
            "Standar (hari)": table["standard_days"].map(_days),
        }
    )


def protected_chart_note(k: int) -> str:
    """Said under a chart of counts: a missing bar is a zero, or a count hidden to protect victims."""
    return (
        f"Bila batang tidak tampil: tidak ada kasus, atau jumlahnya {suppression.PROTECTED} — karena 1 sampai {k - 1}, atau karena "
        f"selisihnya dengan tahap atau angka lain 1 sampai {k - 1} sehingga jumlah kecil itu bisa dihitung."
    )


@dataclass
class AlurPage:
    """What the Alur Penanganan Korban page draws for one period and reader."""

    period: str
    has_cases: bool  # in the chosen period; the drop-outs do not depend on it
    funnel: pd.DataFrame  # label, pillar_name, victims (None where hidden), text
    funnel_figure: object
    durations: pd.DataFrame
    durations_figure: object
    actions: list[str]
    trend_figure: object | None
    standards_note: str
    chart_note: str = ""  # under a chart of counts
    notes: list[str] = field(default_factory=list)  # what the reader must know about the data shown
    dropouts: pd.DataFrame | None = None  # case lists: None when the reader gets none
    reconciliation: pd.DataFrame | None = None
    reconciled_text: str = ""  # what to say when the reader's list of disagreements is empty
    cases: pd.DataFrame | None = None
    csv: bytes | None = None


def page(con: duckdb.DuckDBPyConnection, week: Week, weeks: int, k: int, role: str, pillar: str | None) -> AlurPage:
    """The page for the cases reported in the period of ``weeks`` ending with ``week`` (0: since the start of the year),
    and the drop-outs open at the end of ``week`` (among the cases of the journey's horizon, whatever the period)."""
    until = min(week.sunday, today())
    first = period_start(week, weeks).monday
    j = journey.journey(con, until)
    funnel = _funnel_table(journey.funnel(j, first, until), k)
    days = journey.durations(j, first, until)
    drops = journey.dropouts(j)
    groups = journey.dropout_groups(drops, j.stages)
    trend = journey.dropout_trend(j, [week - i for i in range(journey.HORIZON_WEEKS - 1, -1, -1)])
    trend["cases"] = trend["cases"].map(lambda c: suppression.hide(c, k))
    result = AlurPage(
        period=f"{format_day(first)} – {format_day(until)}",
        has_cases=bool(j.cases["reported_date"].between(pd.Timestamp(first), pd.Timestamp(until)).any()),
        funnel=funnel,
        funnel_figure=charts.journey_funnel(funnel),
        durations=durations_table(days, groups, k),
        durations_figure=charts.stage_days(days),
        actions=dropout_lines(groups, k),
        trend_figure=charts.dropout_trend(trend) if trend["cases"].notna().any() else None,
        standards_note=standards_note(j.stages),
        chart_note=protected_chart_note(k),
    )
    rehab = [j.starts[p] for p in set(j.stages["pillar"][1:]) if p in j.starts]
    if not rehab or min(rehab) > pd.Timestamp(first):
        since = f"sejak {format_day(min(rehab).date())}" if rehab else "belum pernah"
        result.notes.append(f"Pilar rehabilitasi melapor {since}: layanan bagi kasus sebelumnya belum tentu tercatat di sini.")
    reach = scope(role, pillar)
    if reach.cases:
        pillar_names = dict(con.execute("SELECT slug, name_id FROM pillar").fetchall())
        mine = drops if reach.pillar is None else drops[drops["pillar"] == reach.pillar]
        result.dropouts = dropout_table(mine)
        result.reconciliation = reconciliation_table(reconciliation.concerning(reconciliation.reconciliation(j), reach.pillar), pillar_names)
        result.reconciled_text = (
            "Data kasus dan layanan korban saling cocok." if reach.pillar is None else "Tidak ada ketidakcocokan data yang menyangkut pilar Anda."
        )
        if reach.pillar is None or reach.pillar in set(j.stages["pillar"]):
            result.cases = case_journeys(journey.case_table(j, first, until))
            result.csv = exports.csv_bytes(result.cases)
    return result


def standards_note(stages: pd.DataFrame) -> str:
    """Where the standards come from, and that an example is an example."""
    examples = stages["source"].fillna("").str.startswith("contoh").sum()
    return (
        f"Standar hari tiap tahap disimpan di data rujukan (data/reference/journey_stages.csv) bersama sumbernya; {examples} di antaranya "
        "masih *contoh* (keyakinan rendah) — gugus tugas dapat menggantinya dengan standar pelayanan kota. Hari dihitung dari tahap "
        "sebelumnya yang sudah dicapai; layanan yang diberikan bersamaan dihitung 0 hari."
    )


def sentence(result: AlurPage, weeks: int) -> str:
    """The sentence above the page: the victims rescued in the period and where the later stages come from."""
    first = result.funnel.iloc[0]
    return (
        f"{first['text']} korban diselamatkan dari kasus yang dilaporkan {period_phrase(weeks)} ({result.period}). "
        "Tahap berikutnya dibaca dari lembar Layanan Korban kedua pilar rehabilitasi."
    )


@dataclass
class LeadJourney:
    """What a pillar lead's own page shows of the journey: their pillar's drop-outs and disagreements."""

    actions: list[str]
    dropouts: pd.DataFrame
    reconciliation: pd.DataFrame


def lead(con: duckdb.DuckDBPyConnection, week: Week, k: int, pillar: str) -> LeadJourney | None:
    """The journey as one pillar answers for it at the end of ``week``; None for a pillar with no stage in it."""
    j = journey.journey(con, min(week.sunday, today()))
    if pillar not in set(j.stages["pillar"]):
        return None
    drops = journey.dropouts(j)
    mine = drops[drops["pillar"] == pillar]
    pillar_names = dict(con.execute("SELECT slug, name_id FROM pillar").fetchall())
    disagreements = reconciliation.concerning(reconciliation.reconciliation(j), pillar)
    return LeadJourney(
        dropout_lines(journey.dropout_groups(mine, j.stages), k), dropout_table(mine), reconciliation_table(disagreements, pillar_names)
    )
