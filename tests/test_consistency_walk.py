"""The numbers agree: every page, for every role, on weeks across a demo year, shows each quantity that
appears in more than one place the same way — pillar badges and their counts, headline figures, cases
and victims this year, overdue actions — and no status contradicts the numbers its own row states."""

from __future__ import annotations

import re

import pytest

from gugus import db as gdb
from gugus import indicators, mapdata, maps, summary
from gugus.views import indikator
from gugus.weeks import Week
from tests.gugus.test_indicator_rules import check_row_states_its_rule
from tests.pages.conftest import USERS, page_test

PILLARS = ["pencegahan", "penegakan-hukum", "kerja-sama", "rehab-kesehatan", "rehab-sosial"]
CARD = re.compile(r"(\d+) hijau · \S+ (\d+) kuning · \S+ (\d+) merah")
BADGE = re.compile(r":(\w+)-badge\[([^\]]+)\]")
WHATSAPP = re.compile(r"^\S+ (.+): (Hijau|Kuning|Merah|Tidak ada data) — (\d+) hijau, (\d+) kuning, (\d+) merah dari (\d+) dinilai$")


def _weeks(judged: Week) -> list[Week]:
    return [judged, judged - 10, Week(judged.year, 1)]


def _ringkasan(app) -> dict:
    """What Ringkasan says: per pillar (badge, counts) from the cards and from the WhatsApp text,
    the headline figures, and how many overdue actions it lists."""
    cards = {}
    for block in app.markdown:
        text = str(block.value)
        if "-badge[" in text and text.startswith("**"):
            name = text.split("**")[1]
            cards[name] = {"badge": BADGE.search(text)[2]}
        elif CARD.search(text):
            cards[list(cards)[-1]]["counts"] = tuple(int(n) for n in CARD.search(text).groups())
    whatsapp = {}
    for line in app.code[0].value.splitlines():
        if m := WHATSAPP.match(line):
            whatsapp[m[1]] = {"badge": m[2], "counts": (int(m[3]), int(m[4]), int(m[5]))}
    headlines = {m.label: str(m.value) for m in app.metric}
    overdue = next((len(t.value) for t in app.table if "Penanggung jawab" in t.value.columns), 0)
    return {"cards": cards, "whatsapp": whatsapp, "headlines": headlines, "overdue": overdue}


def _indikator(app) -> dict:
    line = next(str(b.value) for b in app.markdown if str(b.value).startswith("Status pilar:"))
    counts = tuple(int(n) for n in CARD.search(line).groups())
    table = app.table[0].value
    return {"badge": BADGE.search(line)[2], "counts": counts, "table": table}


@pytest.mark.parametrize("role", ["ketua", "pilar", "pimpinan"])
def test_every_page_agrees_with_every_other(demo_year, role):
    path, judged = demo_year
    user = USERS[role]
    with gdb.connect(path) as con:
        names = dict(con.execute("SELECT slug, name_id FROM pillar").fetchall())
        short = dict(con.execute("SELECT code, short_name FROM indicator").fetchall())
    for week in _weeks(judged):
        state = {"pilihan_minggu": week}
        ring = _ringkasan(page_test("ringkasan", user, state=state))
        assert set(ring["cards"]) == set(names.values()) and ring["whatsapp"].keys() == ring["cards"].keys()
        for pillar in PILLARS:
            page = _indikator(page_test("indikator", user, state={**state, "indikator_pilar": pillar}))
            table = page["table"]
            from_rows = tuple(int((table["Status"] == s).sum()) for s in ("Hijau", "Kuning", "Merah"))
            card = ring["cards"][names[pillar]]
            # the badge and its counts: the Indikator page's rows, its own line, the Ringkasan card, the WhatsApp text
            assert page["counts"] == from_rows == card["counts"] == ring["whatsapp"][names[pillar]]["counts"], (week, pillar)
            assert page["badge"] == card["badge"] == ring["whatsapp"][names[pillar]]["badge"], (week, pillar)
            worst = next((label for label in ("Merah", "Kuning", "Hijau") if label in set(table["Status"])), "Tidak ada data")
            assert page["badge"] == worst, (week, pillar)  # the rule the legend states
            for row in table.to_dict("records"):
                check_row_states_its_rule(row)
                if row["Kode"] in summary.HEADLINES:  # the headline figure is the week's value in the table
                    assert ring["headlines"][short[row["Kode"]]].split(" ")[0] == row["Minggu ini"].split(" ")[0], (week, row)
                if row["Kode"] == "RKS-04":
                    assert not row["Capaian"].endswith("%")  # never read as a share above target
            if pillar == "penegakan-hukum":
                rows = table.set_index("Kode")
                cases_ytd, victims_ytd = rows.loc["PGH-01", "Sejak awal tahun"], rows.loc["PGH-04", "Sejak awal tahun"]
        peta = page_test("peta", user, state={**state, "peta_periode": 0})
        shown = {m.label: str(m.value) for m in peta.metric}
        assert shown["Kasus dilaporkan"] == cases_ytd and shown["Korban dalam kasus itu"] == victims_ytd, (week, shown)
        ran = page_test("aksi_ran", user, state={**state, "ran_pilar": []})  # all pillars (a lead opens on their own)
        late = {m.label: str(m.value) for m in ran.metric}["Terlambat"]
        assert int(late) == ring["overdue"], week


def test_the_core_agrees_every_week_of_the_year(demo_year):
    """The same checks on the numbers behind the pages, for every week of the demo year and both k."""
    path, judged = demo_year
    with gdb.connect(path) as con:
        for week in [Week(judged.year, w) for w in range(1, judged.week + 1)]:
            for k in (3, 5):
                result = summary.week_summary(con, week, k)
                table = result.table
                for card in result.scorecards.itertuples():
                    statuses = table.loc[table["pillar"] == card.pillar, "status"]
                    assert (card.hijau, card.kuning, card.merah) == tuple(int((statuses == s).sum()) for s in ("hijau", "kuning", "merah"))
                    assert card.badge == indicators.badge(statuses)
                rows = table.set_index("code")
                data = maps.map_data(con, mapdata.period_start(week, 0), week, k)
                assert data.total_cases == indicators.number(rows.loc["PGH-01", "ytd"], "count", True, k), week
                assert data.total_victims == indicators.number(rows.loc["PGH-04", "ytd"], "count", True, k), week
                view = indikator.table_view(table, week, k)
                for row in view.to_dict("records"):
                    check_row_states_its_rule(row)
            assert len(result.overdue) == int((summary.ran.actions(con, week)["status"] == "terlambat").sum())
