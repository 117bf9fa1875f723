"""Laporan Saya: what the pillar lead reads after saving an action."""

from __future__ import annotations

import pandas as pd

from gugus import labels, ran


def saved_message(row: pd.Series, status: str, progress: int, upload_id: int) -> str:
    """What was saved, in the lead's words: the action, its state and progress now, the version it made; and what
    follows from it (the action leaves the open list when it is done; a progress lowered on purpose)."""
    done = ran.finished(status, progress)
    message = (
        f"Tersimpan: {row['activity']} — {labels.RAN_REPORTED['selesai' if done else status]}, {progress}% "
        f"(unggahan #{upload_id}, menggantikan versi sebelumnya minggu ini)."
    )
    if done and row["status"] != "selesai":
        message += (
            ' Aksi ini kini tercatat **Selesai** dan tidak lagi ada di daftar; nyalakan "Tampilkan juga aksi yang sudah selesai" '
            "untuk membukanya lagi."
        )
    if progress < row["progress"]:
        message += f" Progres diturunkan dari {row['progress']:.0f}%."
    return message
