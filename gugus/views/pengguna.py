"""Pengguna: the accounts as the administrator reads them."""

from __future__ import annotations

import pandas as pd

from gugus.auth import ROLES


def users_table(users: list[dict], pillar_names: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per account: name, role, pillar (by its name), whether it may log in."""
    names = pillar_names or {}
    return pd.DataFrame(
        {
            "Nama": [u["name"] for u in users],
            "Peran": [ROLES[u["role"]] for u in users],
            "Pilar": [names.get(u["pillar"], u["pillar"]) if u["pillar"] else "–" for u in users],
            "Keadaan": ["aktif" if u["active"] else "nonaktif" for u in users],
        }
    )
