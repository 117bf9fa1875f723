"""The briefing pack as an A4 PDF, typeset by Typst (the ``typst`` package: no system dependency, no network).

The layout is ``gugus/briefing.typ``; every word reaches it as JSON, so a value is always set as text. The fonts are
the DejaVu family that matplotlib ships, the same as the print map's, so the pack looks the same on every server.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import asdict
from pathlib import Path

import matplotlib
import typst

from gugus import briefing_plots, labels, printmap
from gugus.briefing import BODY, CITY, MAP_VIEW, PRIVACY, SIMULATED, TITLE, Pack

LAYOUT = Path(__file__).with_name("briefing.typ")
LONG_WORD = re.compile(r"\S{30,}")
FONTS = str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")


def payload(pack: Pack) -> dict:
    """The words of the PDF, as the layout reads them."""
    return {
        "title": TITLE,
        "body": BODY,
        "city": CITY,
        "week_label": pack.week.label(),
        "audience_name": pack.audience_name,
        "audience_short": pack.audience_short,
        "caveat": pack.caveat,
        "simulated": pack.simulated,
        "simulated_note": SIMULATED,
        "protection": pack.protection,
        "privacy": PRIVACY,
        "generated": pack.generated_text,
        "data_version": str(pack.data_version),
        "cards": [{**asdict(c), "fill": labels.INDICATOR_STATUS_FILL[c.badge]} for c in pack.cards],
        "headlines": [{**asdict(h), "help": "" if h.help == h.name else h.help} for h in pack.headlines],
        "reporting": asdict(pack.reporting),
        "reporting_note": pack.reporting_note,
        "turned_red": asdict(pack.turned_red),
        "overdue": asdict(pack.overdue),
        "stalled": asdict(pack.stalled),
        "journey_sentence": pack.journey_sentence,
        "dropouts": pack.dropouts,
        "journey_notes": pack.journey_notes,
        "funnel_note": pack.funnel_note,
        "chain": asdict(pack.chain),
        "chain_note": pack.chain_note,
        "map_note": f"Tampilan {MAP_VIEW}, kasus yang dilaporkan {pack.map_period.lower()}, seperti halaman Peta Kasus dibuka.",
    }


def breakable(value):
    """Every string of a payload with a break opportunity (a zero-width space) every 25 characters of a long word, so a
    word longer than its column wraps inside it instead of running over the next one."""
    if isinstance(value, str):
        return LONG_WORD.sub(lambda m: "\u200b".join(m[0][i : i + 25] for i in range(0, len(m[0]), 25)), value)
    if isinstance(value, list):
        return [breakable(v) for v in value]
    if isinstance(value, dict):
        return {k: breakable(v) for k, v in value.items()}
    return value


def pdf(pack: Pack) -> bytes:
    """The pack as an A4 PDF: cover, one section per topic, the print map on a landscape page; page number and
    generation time on every page."""
    with tempfile.TemporaryDirectory(prefix="bahan-rapat-") as folder:
        root = Path(folder)
        (root / "pack.json").write_text(json.dumps(breakable(payload(pack)), ensure_ascii=False), encoding="utf-8")
        (root / "status.pdf").write_bytes(briefing_plots.status_chart(pack.status_counts))
        (root / "funnel.pdf").write_bytes(briefing_plots.funnel_chart(pack.funnel))
        (root / "map.pdf").write_bytes(printmap.print_map(pack.map_data, MAP_VIEW, pack.map_period, "pdf", pack.generated))
        (root / "main.typ").write_text(LAYOUT.read_text(encoding="utf-8"), encoding="utf-8")
        return typst.compile(str(root / "main.typ"), root=str(root), font_paths=[FONTS], ignore_system_fonts=True)
