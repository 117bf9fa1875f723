"""Pengguna: the accounts as the administrator reads them."""

from __future__ import annotations

import pandas as pd

from gugus.auth import ROLES


def users_table(users: list[dict]) -> pd.DataFrame:
    """One row per account: name, role, pillar, whether it may log in."""
    return pd.DataFrame(
        {
            "Nama": [u["name"] for u in users],
            "Peran": [ROLES[u["role"]] for u in users],
            "Pilar": [u["pillar"] or "–" for u in users],
            "Keadaan": ["aktif" if u["active"] else "nonaktif" for u in users],
        }
    )
