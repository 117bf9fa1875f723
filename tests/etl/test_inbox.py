"""The inbox folder: accepted files move to sudah-dimuat/, rejected ones get a report beside them."""

from __future__ import annotations

import os
import time

from etl.inbox import DONE_DIR, REPORT_SUFFIX, process_folder, watch
from tests.conftest import edit, row_of, sample_bytes, table_counts


def _spoiled(ref):
    def change(book):
        ws = book["Indikator"]
        ws[f"F{row_of(ws, 'PCG-06')}"] = "banyak"

    return edit(sample_bytes(ref, "pencegahan"), change)


def test_folder_loads_good_files_and_reports_bad_ones(db, ref, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "kerja-sama.xlsx").write_bytes(sample_bytes(ref, "kerja-sama"))
    (inbox / "pencegahan.xlsx").write_bytes(_spoiled(ref))
    (inbox / "~$pencegahan.xlsx").write_bytes(b"excel lock file")
    (inbox / "catatan.txt").write_text("bukan buku kerja")
    results = process_folder(inbox, db=db, by="inbox")
    assert sorted((r.file, r.status) for r in results) == [("kerja-sama.xlsx", "loaded"), ("pencegahan.xlsx", "rejected")]
    assert (inbox / DONE_DIR / "kerja-sama.xlsx").exists() and not (inbox / "kerja-sama.xlsx").exists()
    report = (inbox / f"pencegahan.xlsx{REPORT_SUFFIX}").read_text(encoding="utf-8")
    assert "DITOLAK" in report and "lembar Indikator, sel F" in report and "bukan angka" in report
    assert (inbox / "pencegahan.xlsx").exists()
    assert table_counts(db)["upload"] == 1

    # unchanged rejected file: not tried again
    assert process_folder(inbox, db=db) == []
    # fixed and saved again: loaded, report removed
    earlier = time.time() - 10
    os.utime(inbox / f"pencegahan.xlsx{REPORT_SUFFIX}", (earlier, earlier))
    (inbox / "pencegahan.xlsx").write_bytes(sample_bytes(ref, "pencegahan"))
    [result] = process_folder(inbox, db=db)
    assert result.status == "loaded"
    assert not (inbox / f"pencegahan.xlsx{REPORT_SUFFIX}").exists()
    assert table_counts(db)["upload"] == 2


def test_watch_picks_up_files_arriving_later(db, ref, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    seen = []
    watch(inbox, interval=0.01, rounds=1, settle_seconds=0, db=db, on_result=seen.append)
    assert seen == []
    (inbox / "rehab-sosial.xlsx").write_bytes(sample_bytes(ref, "rehab-sosial"))
    watch(inbox, interval=0.01, rounds=2, settle_seconds=0, db=db, on_result=seen.append)
    assert [r.status for r in seen] == ["loaded"]


def test_watch_leaves_files_still_being_written(db, ref, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "baru.xlsx").write_bytes(sample_bytes(ref, "rehab-sosial"))
    assert process_folder(inbox, db=db, settle_seconds=60) == []
    assert (inbox / "baru.xlsx").exists()
