"""Where pillars disagree about the same case: the list the chair and the two leads concerned reconcile.

Three disagreements, each pointing at the workbook rows behind it (file, sheet, row) so that each lead can open
their own file:

* ``dilayani-lebih``: a pillar served more victims for a case than Penegakan Hukum rescued in it;
* ``kasus-tak-dikenal``: a service for a case reference no pillar reported (often the reference typed differently);
* ``anak-berbeda``: children counted differently — more children served than the case has, or as many victims
  served as rescued but a different number of them children.
"""

from __future__ import annotations

import pandas as pd

from gugus.journey import Journey

CASES_PILLAR = "penegakan-hukum"  # the pillar whose Kasus sheet a service is compared with
SHEET_CASES, SHEET_SERVICES = "Kasus", "Layanan Korban"
KINDS = {
    "dilayani-lebih": "Korban dilayani lebih banyak daripada korban diselamatkan",
    "kasus-tak-dikenal": "Layanan untuk kode kasus yang tidak dilaporkan pilar mana pun",
    "anak-berbeda": "Jumlah anak berbeda antara kasus dan layanan",
}
COLUMNS = ["kind", "case_ref", "pillar", "other_pillar", "rescued", "served", "case_children", "served_children", "sources"]


def _source(pillar: str, file_name: str, sheet: str, row: int) -> tuple[str, str, str, int]:
    return (pillar, file_name, sheet, int(row))


def reconciliation(j: Journey) -> pd.DataFrame:
    """Every disagreement as of the journey's day. One row per case × serving pillar × kind. Columns: kind, case_ref
    (as the serving pillar wrote it), pillar (the serving pillar), other_pillar (Penegakan Hukum), rescued, served,
    case_children, served_children (counts; NaN where they do not apply), sources (list of (pillar, file, sheet,
    row))."""
    services, cases = j.services, j.cases.set_index("key")
    rows: list[dict] = []
    known = services["key"].isin(cases.index)
    for (written, pillar), group in services[~known].groupby(["case_ref", "pillar"], sort=True):
        rows.append(
            {
                "kind": "kasus-tak-dikenal",
                "case_ref": written,
                "pillar": pillar,
                "other_pillar": CASES_PILLAR,
                "served": group["victims"].max(),
                "sources": [_source(pillar, r.file_name, SHEET_SERVICES, r.sheet_row) for r in group.itertuples()],
            }
        )
    matched = services[known].join(cases[["victims_total", "children", "file_name", "sheet_row"]], on="key", suffixes=("", "_case"))
    more = matched[matched["victims"] > matched["victims_total"]]
    counted = matched[matched["children"].notna()]
    differ = counted[
        (counted["children"] > counted["children_case"])
        | ((counted["victims"] == counted["victims_total"]) & (counted["children"] != counted["children_case"]))
    ]
    for kind, found in (("dilayani-lebih", more), ("anak-berbeda", differ)):  # only the rows that disagree are grouped
        for (key, pillar), group in found.groupby(["key", "pillar"], sort=True):
            case = cases.loc[key]
            row = {"kind": kind, "case_ref": case["case_ref"], "pillar": pillar, "other_pillar": CASES_PILLAR}
            if kind == "dilayani-lebih":
                row.update(rescued=case["victims_total"], served=group["victims"].max())
            else:
                row.update(case_children=case["children"], served_children=group["children"].iloc[0])
            row["sources"] = [
                _source(CASES_PILLAR, case["file_name"], SHEET_CASES, case["sheet_row"]),
                *(_source(pillar, r.file_name, SHEET_SERVICES, r.sheet_row) for r in group.itertuples()),
            ]
            rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)


def concerning(frame: pd.DataFrame, pillar: str | None) -> pd.DataFrame:
    """The disagreements a pillar's lead reconciles (the two pillars concerned); all of them for ``None``."""
    if pillar is None:
        return frame
    return frame[(frame["pillar"] == pillar) | (frame["other_pillar"] == pillar)].reset_index(drop=True)
