"""Ringkasan: the chair's week as tables and text — who has not reported, which indicators turned red and on what
they were judged, which RAN actions are overdue, the headline figures and the WhatsApp text. The numbers come from
:func:`gugus.summary.week_summary`."""

from __future__ import annotations

import pandas as pd

from gugus import completeness, indicators, labels, suppression
from gugus.i18n import fmt_number
from gugus.summary import WeekSummary
from gugus.views.alur import dropout_lines
from gugus.weeks import Week, format_day

UNCHANGED = "sama dengan minggu lalu"


def reporting_sentence(reporting: pd.DataFrame) -> str:
    """The week's reporting in one sentence, for the page and the WhatsApp text alike: never "all reported" while a
    pillar has not, even one whose deadline has not come yet."""
    names = {state: reporting[reporting["state"] == state]["pillar_name"].tolist() for state in labels.REPORTING_STATE}
    if len(names["tepat"]) == len(reporting):
        return "semua pilar sudah lapor tepat waktu."
    parts = []
    if names["belum"]:
        parts.append("belum lapor: " + ", ".join(names["belum"]))
    if names["belum-jatuh-tempo"]:
        parts.append("belum lapor, tenggat belum lewat: " + ", ".join(names["belum-jatuh-tempo"]))
    if names["terlambat"]:
        parts.append("terlambat: " + ", ".join(names["terlambat"]))
    if names["sebelum-mulai"]:
        parts.append("minggu sebelum dasbor dipakai, tanpa laporan: " + ", ".join(names["sebelum-mulai"]))
    if not parts:
        return "semua pilar sudah lapor."
    return "; ".join(parts) + "."


def reporting_table(reporting: pd.DataFrame) -> pd.DataFrame:
    """The pillars that did not report on time this week, whatever the reason (indexed by pillar name)."""
    missing = reporting[reporting["state"] != "tepat"]
    return pd.DataFrame(
        {
            "Pilar": missing["pillar_name"],
            "Keadaan": missing["state"].map(labels.REPORTING_STATE),
            "Jam terlambat": missing["hours_late"].map(lambda h: "–" if pd.isna(h) else f"{int(h)}"),
        }
    ).set_index("Pilar")


def turned_red_table(red: pd.DataFrame, week: Week, k: int) -> pd.DataFrame:
    """Indicators that turned red this week, with what each was judged on (indexed by code)."""
    return pd.DataFrame(
        {
            "Kode": red["code"],
            "Indikator": red["name"],
            "Pilar": red["pillar_name"],
            "Dasar penilaian": [indicators.basis(r, week, k) for r in red.itertuples()],
        }
    ).set_index("Kode")


def _action_table(frame: pd.DataFrame, last: str, values: pd.Series) -> pd.DataFrame:
    """RAN actions as shown: who, by when, how far, and one column of their own (indexed by code)."""
    return pd.DataFrame(
        {
            "Kode": frame["code"],
            "Kegiatan": frame["activity"],
            "Penanggung jawab": frame["lead_agency"],
            "Tenggat": frame["due"].map(format_day),
            "Progres": frame["progress"].map(lambda p: f"{p:.0f} %"),
            last: values,
        }
    ).set_index("Kode")


def overdue_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Overdue RAN actions (:attr:`WeekSummary.overdue`) with their pillar."""
    return _action_table(frame, "Pilar", frame["pillar_name"])


def stalled_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Stalled RAN actions (:attr:`WeekSummary.stalled`) with how long they have made no progress."""
    return _action_table(frame, "Tanpa kemajuan", frame["weeks_since_change"].map(lambda w: f"{int(w)} minggu"))


def joined(sections: dict[str, list[str]]) -> str:
    """The WhatsApp text from its sections (:func:`whatsapp_sections`): topics apart by an empty line."""
    return "\n\n".join("\n".join(lines) for lines in sections.values() if lines)


def unjudged_text(watched: int, empty: int, protected: int) -> str:
    """``; 3 dipantau; 1 tanpa data``: the indicators a badge does not judge, so the counts add up."""
    parts = [f"{n} {word}" for n, word in ((watched, "dipantau"), (empty, "tanpa data"), (protected, "dilindungi")) if n]
    return "".join(f"; {p}" for p in parts)


def headline_text(h, k: int) -> str:
    """A headline figure as shown on Ringkasan and in the WhatsApp text: ``<3 orang``, ``12 kasus``."""
    return indicators.number(h.value, h.kind, bool(h.sensitive), k, h.unit)


def change_text(value: float | None, previous: float | None, sensitive: bool, k: int) -> str | None:
    """``+3 dari minggu lalu`` — or why there is none (last week protected), or nothing when a side is missing
    or this week is protected."""
    if value is None or previous is None or pd.isna(value) or pd.isna(previous):
        return None
    if sensitive and suppression.is_small(value, k):
        return None
    if sensitive and suppression.is_small(previous, k):
        return f"minggu lalu {suppression.PROTECTED}"  # said, so a missing comparison is not a puzzle
    diff = value - previous
    if diff == 0:
        return UNCHANGED
    sign = "+" if diff > 0 else ""
    return f"{sign}{fmt_number(diff)} dari minggu lalu"


def whatsapp_sections(summary: WeekSummary, k: int) -> dict[str, list[str]]:
    """The WhatsApp text in its parts, by topic (``pembuka``, ``status``, ``angka``, ``pelaporan``, ``merah``, ``ran``,
    ``korban``, ``catatan``); a topic with nothing to say has no lines. The briefing's speaker notes read the same parts."""
    w = summary.week
    sections: dict[str, list[str]] = {"pembuka": ["*Ringkasan Gugus Tugas TPPO Kota Singkawang*", w.label()]}
    if summary.simulated:  # a forwarded text carries its mark: nobody must take a demo for the city's figures
        sections["pembuka"].append("_DATA SIMULASI — bukan data sebenarnya._")
    if caveat := completeness.deadline_caveat(w):  # said now, not when the summary was cached
        sections["pembuka"].append(f"_{caveat}_")
    sections["status"] = ["*Status pilar* (warna = indikator terburuk):"] + [
        f"{labels.INDICATOR_STATUS_ICON[c.badge]} {c.pillar_name}: {labels.INDICATOR_STATUS[c.badge]} — "
        f"{c.hijau} hijau, {c.kuning} kuning, {c.merah} merah dari {c.judged} dinilai"
        for c in summary.scorecards.itertuples()
    ]
    sections["angka"] = ["*Angka utama minggu ini:*"]
    for h in summary.headlines.itertuples():
        change = change_text(h.value, h.previous, bool(h.sensitive), k)
        sections["angka"].append(f"- {h.short_name}: {headline_text(h, k)}" + (f" ({change})" if change else ""))
    sections["pelaporan"] = ["*Pelaporan:* " + reporting_sentence(summary.reporting)]
    sections["merah"] = []
    if not summary.turned_red.empty:
        sections["merah"] = ["*Indikator yang menjadi merah:*"] + [
            f"- {r.code} {r.short_name}: {indicators.basis(r, w, k)}" for r in summary.turned_red.itertuples()
        ]
    sections["ran"] = []
    if not summary.overdue.empty:
        sections["ran"] = [
            f"*Aksi RAN lewat tenggat:* {len(summary.overdue)} aksi, antara lain "
            + "; ".join(f"{r.code} ({r.lead_agency}, tenggat {format_day(r.due)})" for r in summary.overdue.head(3).itertuples())
            + "."
        ]
    actions = dropout_lines(summary.dropouts, k)
    sections["korban"] = ["*Korban menunggu layanan melebihi standar:*"] + [f"- {line}" for line in actions] if actions else []
    sections["catatan"] = [suppression.notice(k)]
    return sections


def whatsapp_text(summary: WeekSummary, k: int) -> str:
    """A short plain-text summary in Bahasa Indonesia, ready to paste into a WhatsApp group."""
    return joined(whatsapp_sections(summary, k))
