"""What every database has before anyone reads it: the schema, the reference data, and a map.

Kept apart from :mod:`gugus.db` (the file, its lock and its migrations), which :mod:`gugus.reference` and
:mod:`gugus.geo` build on: this module uses all three.
"""

from __future__ import annotations

from pathlib import Path

from gugus import db, reference, settings


def ensure_database(path: Path | str | None = None) -> Path:
    """Create or upgrade the database file: migrations, reference data if the CSVs changed, and the
    shipped boundaries for each level that has none yet (so every database has a map from the start)."""
    path = settings.db_path(path)
    with db.connect(path, write=True) as con:
        db.migrate(con)
        reference.refresh(con)
        if con.execute("SELECT count(DISTINCT level) FROM boundary_version").fetchone()[0] < 2:
            from gugus import geo  # geopandas only when a database still lacks its shapes: a quick start otherwise

            geo.load_shipped(con)
    return path
