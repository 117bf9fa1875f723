"""Every list of codes a user reads, with its one Indonesian label and colour.

Pages, exports, the workbook templates and the WhatsApp text take their words from here, and
colours are keyed by code (never by label text), so renaming a label changes it everywhere at once.
The workbook drop-down for a RAN action's reported status comes from ``data/reference/choices.csv``
(list ``status-aksi``); a test holds it equal to :data:`RAN_REPORTED`.
"""

from __future__ import annotations

GREEN, AMBER, RED, GREY, BLUE, LIGHT = "#2E7D32", "#F9A825", "#C62828", "#9AA5B1", "#1F4E79", "#E0E0E0"

# An indicator's status, and a pillar's badge (the same words: a badge is its worst indicator).
INDICATOR_STATUS = {
    "hijau": "Hijau",
    "kuning": "Kuning",
    "merah": "Merah",
    "pantau": "Dipantau",
    "kosong": "Tidak ada data",
    "dilindungi": "Dilindungi",
}
INDICATOR_STATUS_FILL = {
    "hijau": "#C8E6C9",
    "kuning": "#FFF3C4",
    "merah": "#FFCDD2",
    "pantau": "#ECEFF1",
    "kosong": "#FFFFFF",
    "dilindungi": "#ECEFF1",
}
INDICATOR_STATUS_COLOUR = {"hijau": GREEN, "kuning": AMBER, "merah": RED, "pantau": GREY, "kosong": LIGHT, "dilindungi": GREY}
INDICATOR_STATUS_ICON = {"hijau": "🟢", "kuning": "🟡", "merah": "🔴", "pantau": "⚪", "kosong": "⚪", "dilindungi": "⚪"}

# A RAN action's status as computed (gugus.ran), and the three a pillar lead reports.
RAN_STATUS = {"selesai": "Selesai", "terlambat": "Terlambat", "macet": "Macet", "berjalan": "Berjalan", "belum-mulai": "Belum mulai"}
RAN_STATUS_COLOUR = {"selesai": GREEN, "terlambat": RED, "macet": "#EF6C00", "berjalan": BLUE, "belum-mulai": GREY}
RAN_REPORTED = {code: RAN_STATUS[code] for code in ("belum-mulai", "berjalan", "selesai")}
# What a computed state means and how a lead changes it (a lead reports only RAN_REPORTED; {weeks}: stall_weeks).
RAN_STATE_HELP = {
    "macet": "**Macet**: progresnya tidak naik selama {weeks} minggu. Naikkan Progres bila ada kemajuan.",
    "terlambat": "**Terlambat**: tenggatnya lewat dan aksi belum selesai. Laporkan kemajuannya, atau Selesai bila sudah.",
}

# Whether a pillar's workbook for a week arrived by the deadline (gugus.completeness).
REPORTING_STATE = {
    "tepat": "Tepat waktu",
    "terlambat": "Terlambat",
    "belum": "Belum lapor",
    "belum-jatuh-tempo": "Belum jatuh tempo",
    "sebelum-mulai": "Sebelum dasbor dipakai",  # due before the real database was set up (etl init): never missing
}
REPORTING_STATE_COLOUR = {"tepat": GREEN, "terlambat": AMBER, "belum": RED, "belum-jatuh-tempo": LIGHT, "sebelum-mulai": "#F7F7F7"}

# An upload's place among the versions of its pillar and week.
UPLOAD_STATUS = {"loaded": "Berlaku", "superseded": "Diganti versi baru", "withdrawn": "Ditarik"}

# What a load preview says of each value.
CHANGE = {"baru": "Baru", "berubah": "Berubah", "sama": "Tidak berubah", "hapus": "Akan dihapus"}
CHANGE_FILL = {"baru": "#E3F2FD", "berubah": "#FFF3C4", "sama": "#FFFFFF", "hapus": "#FFCDD2"}

# Pages by slug (gugus.auth.PAGES says who may open them), as the menu names them.
PAGES = {
    "laporan": "Laporan Saya",
    "ringkasan": "Ringkasan",
    "indikator": "Indikator",
    "peta": "Peta Kasus",
    "aksi_ran": "Aksi RAN",
    "alur": "Alur Korban",
    "rantai": "Rantai Layanan",
    "kelengkapan": "Kelengkapan & Riwayat",
    "unggah": "Unggah Data",
    "audit": "Jejak Audit",
    "pengguna": "Pengguna",
    "pengaturan": "Pengaturan",
    "panduan": "Panduan",
}

# How sure a reference fact is (DOMAIN.md's H / M / L), as a user reads it.
CONFIDENCE = {"H": "tinggi", "M": "sedang", "L": "rendah"}

ROLES = {"ketua": "Ketua Gugus Tugas", "pilar": "Koordinator pilar", "pimpinan": "Kantor Wali Kota", "admin": "Administrator"}
