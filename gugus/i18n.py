"""Every sentence a user reads, in Bahasa Indonesia first and English second.

``t(key, **values)`` formats one entry. Validation issue messages live here too, under
``issue.<code>``, so wording is reviewed in one place.
"""

from __future__ import annotations

import math

from babel.numbers import format_decimal

LANGUAGES = ("id", "en")

CATALOGUE: dict[str, tuple[str, str]] = {
    # database: a user error of its own, and an issue in the JSON of a load that could not wait
    "issue.db-busy": (
        "Basis data {path} sedang dipakai proses lain lebih dari {seconds} detik. "
        "Tunggu sebentar lalu ulangi; jika terus terjadi, tutup program lain yang membuka berkas itu.",
        "The database {path} has been busy in another process for over {seconds} s. "
        "Wait a moment and retry; if it persists, close other programs that hold the file.",
    ),
    # user errors raised by the core (gugus.errors.UserError): shown by the CLI and by the app
    "briefing.no-data": (
        "Belum ada nilai indikator untuk {week}, jadi bahan rapat tidak dibuat. Pilih minggu lain, atau tunggu pilar "
        "mengunggah buku kerja minggu itu.",
        "There are no indicator values for {week} yet, so no briefing was made. Choose another week, or wait for the "
        "pillars to upload that week's workbooks.",
    ),
    "briefing.future": (
        "{week} belum tiba, jadi belum ada bahan rapatnya. Pilih minggu yang sudah berjalan atau sudah selesai.",
        "{week} has not begun yet, so there is no briefing for it. Choose a week that has started or ended.",
    ),
    "briefing.no-database": (
        "Basis data {path} tidak ada. Periksa jalurnya (--db atau GUGUS_DB); bahan rapat dibuat dari basis data yang sudah berisi data.",
        "The database {path} does not exist. Check its path (--db or GUGUS_DB); a briefing is made from a database that holds data.",
    ),
    "briefing.target": (
        "Berkas bahan rapat tidak dapat ditulis ke {path}: {reason}. Pilih folder yang ada dan boleh ditulisi.",
        "The briefing cannot be written to {path}: {reason}. Choose a folder that exists and may be written to.",
    ),
    "briefing.audience": (
        "Peserta '{audience}' tidak dikenal; pilih salah satu: {choices}.",
        "Audience '{audience}' is unknown; choose one of: {choices}.",
    ),
    "briefing.format": (
        "Bahan rapat dibuat sebagai .pdf atau .pptx, bukan '{fmt}'. Beri nama berkas berakhiran .pdf atau .pptx.",
        "A briefing is made as .pdf or .pptx, not '{fmt}'. Give the file a name ending in .pdf or .pptx.",
    ),
    "boundary.missing": (
        "Berkas {path} tidak ada. Periksa jalur berkasnya.",
        "The file {path} does not exist. Check its path.",
    ),
    "boundary.unreadable": (
        "Berkas {name} tidak dapat dibaca sebagai data batas wilayah ({detail}). Gunakan Shapefile (.shp beserta .shx, "
        ".dbf, .prj), GeoPackage (.gpkg) atau GeoJSON.",
        "The file {name} cannot be read as boundary data ({detail}). Use a Shapefile (.shp with .shx, .dbf, .prj), a GeoPackage (.gpkg) or GeoJSON.",
    ),
    "boundary.no-polygons": (
        "Berkas {name} tidak berisi poligon wilayah. Periksa bahwa berkas ini peta batas kecamatan atau kabupaten/kota.",
        "The file {name} holds no area polygons. Check that it is a map of kecamatan or kabupaten/kota boundaries.",
    ),
    "boundary.not-polygons": (
        "Berkas {name} berisi geometri {kinds}, bukan poligon. Gunakan peta batas wilayah (poligon).",
        "The file {name} holds {kinds} geometries, not polygons. Use a boundary map (polygons).",
    ),
    "boundary.no-crs": (
        "Berkas {name} tidak menyebut sistem koordinatnya (berkas .prj tidak ada) dan koordinatnya bukan derajat. "
        "Sertakan berkas .prj-nya, lalu muat lagi.",
        "The file {name} names no coordinate system (no .prj file) and its coordinates are not degrees. Include its .prj file and load again.",
    ),
    "boundary.level-unknown": (
        "Tingkat '{level}' tidak dikenal; pilih kecamatan atau kabkota.",
        "Level '{level}' is unknown; choose kecamatan or kabkota.",
    ),
    "account.password-short": (
        "Kata sandi terlalu pendek: minimal {minimum} karakter.",
        "The password is too short: at least {minimum} characters.",
    ),
    "account.password-simple": (
        "Kata sandi harus memuat huruf dan angka.",
        "The password must contain letters and digits.",
    ),
    "account.name-invalid": (
        "Nama pengguna hanya boleh huruf, angka, titik, tanda hubung, garis bawah, atau alamat surel (untuk masuk lewat SSO).",
        "A user name may hold only letters, digits, dots, hyphens, underscores, or an e-mail address (for SSO).",
    ),
    "account.role-unknown": (
        "Peran '{role}' tidak dikenal. Pilih salah satu: {roles}.",
        "Role '{role}' is unknown. Choose one of: {roles}.",
    ),
    "account.pillar-required": (
        "Akun koordinator pilar wajib menyebut pilarnya (di aplikasi: isian Pilar; di baris perintah: --pillar, "
        "salah satu dari: {pillars}). Pilih pilarnya lalu simpan lagi.",
        "A pillar lead's account needs its pillar (in the app: the Pilar field; on the command line: --pillar, one of: "
        "{pillars}). Choose the pillar and save again.",
    ),
    "account.exists": (
        "Pengguna '{name}' sudah ada. Pilih nama lain.",
        "User '{name}' already exists. Choose another name.",
    ),
    "account.unknown": (
        "Pengguna '{name}' tidak ada. Lihat daftar dengan: etl users list.",
        "User '{name}' does not exist. List users with: etl users list.",
    ),
    "account.password-wrong": (
        "Kata sandi lama salah.",
        "The old password is wrong.",
    ),
    "account.password-same": (
        "Kata sandi baru harus berbeda dari yang lama.",
        "The new password must differ from the old one.",
    ),
    "backup.missing": (
        "Cadangan {file} tidak ditemukan (berkas .duckdb beserta .json-nya). Lihat daftar: etl backup --list",
        "Backup {file} was not found (the .duckdb file with its .json). List backups: etl backup --list",
    ),
    "backup.checksum": (
        "Checksum cadangan {name} tidak cocok: berkas rusak atau diubah. Pilih cadangan lain.",
        "The checksum of backup {name} does not match: the file is damaged or changed. Choose another backup.",
    ),
    "db.missing": (
        "Basis data {path} tidak ditemukan lagi (dipindah, dihapus, atau disknya tidak terpasang). Dasbor tidak membuat "
        "basis data baru di tempatnya. Administrator server: kembalikan berkasnya (atau pulihkan cadangan), lalu mulai "
        "ulang dasbor.",
        "The database {path} is no longer there (moved, deleted, or its disk is not mounted). The dashboard does not "
        "make a new one in its place. Server administrator: put the file back (or restore a backup), then restart the "
        "dashboard.",
    ),
    "init.demo": (
        "Basis data {path} adalah basis data DEMO (DATA SIMULASI); data resmi tidak pernah dicampur dengannya. Untuk "
        "memakai dasbor dengan data resmi di sini, jalankan: uv run python -m etl init --replace-demo — semua data simulasi "
        "(unggahan, akun demo, arsip buku kerja dan cadangannya) dihapus dulu. Atau pakai --db dengan berkas lain.",
        "The database {path} is the DEMO database (SIMULATED DATA); real data are never mixed with it. To use the "
        "dashboard with real data here, run: uv run python -m etl init --replace-demo — every simulated thing (uploads, demo "
        "accounts, archived workbooks and their backups) is deleted first. Or use --db with another file.",
    ),
    "init.settings": (
        "Penyiapan dihentikan sebelum membuat apa pun: {problem}",
        "Set-up stopped before anything was made: {problem}",
    ),
    "init.raced": (
        "Selama penyiapan, proses lain membuat atau mengganti basis data {path} (misalnya etl demo). Basis data resmi "
        "tidak dipasang dan tidak ada yang diubah di sana. Periksa apa yang kini ada di jalur itu, lalu jalankan init lagi.",
        "While setting up, another process made or replaced the database {path} (for example etl demo). The real "
        "database was not put in place and nothing there was changed. Check what is at that path now, then run init again.",
    ),
    "init.not-demo": (
        "Basis data {path} bukan basis data demo; --replace-demo hanya menghapus data simulasi, dan tidak ada yang "
        "dihapus. Jalankan uv run python -m etl init tanpa --replace-demo untuk melihat apa yang masih perlu disiapkan.",
        "The database {path} is not the demo database; --replace-demo only deletes simulated data, and nothing was "
        "deleted. Run uv run python -m etl init without --replace-demo to see what is still to be set up.",
    ),
    "init.admin-taken": (
        "Nama {name} sudah dipakai akun lain yang bukan administrator aktif. Pilih nama lain dengan --admin NAMA.",
        "The name {name} belongs to another account that is not an active administrator. Choose another with --admin NAME.",
    ),
    "settings.unknown": (
        "Pengaturan {name} tidak dapat diubah di aplikasi. Yang dapat diubah: {names}.",
        "The setting {name} cannot be changed in the app. These can: {names}.",
    ),
    "settings.range": (
        "{label} harus antara {low} dan {high}. Ubah isiannya lalu simpan lagi; tidak ada yang diubah.",
        "{label} must be between {low} and {high}. Change the value and save again; nothing was changed.",
    ),
    "settings.amber-green": (
        "Ambang kuning ({amber}) harus di bawah ambang hijau ({green}): di antara keduanya indikator berstatus kuning. "
        "Turunkan ambang kuning atau naikkan ambang hijau; tidak ada yang diubah.",
        "The amber threshold ({amber}) must be below the green one ({green}): between them an indicator is amber. "
        "Lower amber or raise green; nothing was changed.",
    ),
    "settings.env": (
        "{label} diatur oleh server (variabel lingkungan {env}) dan perubahan di aplikasi tidak akan berlaku. Minta "
        "administrator server menghapus {env} dari layanan bila nilainya boleh diubah di sini; tidak ada yang diubah.",
        "{label} is set by the server (environment variable {env}) and a change in the app would not apply. Ask the "
        "server administrator to remove {env} from the service if it may be changed here; nothing was changed.",
    ),
    "settings.invalid": (
        'Pengaturan server {env} = "{value}" tidak dapat dipakai: harus {kind}. Perbaiki variabel lingkungan layanan '
        "(misalnya di unit systemd) lalu mulai ulang dasbor.",
        'The server setting {env} = "{value}" cannot be used: it must be a number ({kind}). Fix the service\'s '
        "environment (for example in the systemd unit) and restart the dashboard.",
    ),
    "settings.out-of-range": (
        'Pengaturan server {env} = "{value}" di luar batas yang diizinkan ({low} sampai {high}). Perbaiki variabel '
        "lingkungan layanan lalu mulai ulang dasbor.",
        'The server setting {env} = "{value}" is outside the allowed range ({low} to {high}). Fix the service\'s '
        "environment and restart the dashboard.",
    ),
    "settings.k-order": (
        "Pengaturan server GUGUS_K_STRICT ({strict}) lebih kecil dari GUGUS_K_INTERNAL ({internal}): Kantor Wali Kota dan "
        "layar rapat akan melihat angka yang kurang terlindungi. Perbaiki variabel lingkungan layanan lalu mulai ulang dasbor.",
        "The server setting GUGUS_K_STRICT ({strict}) is below GUGUS_K_INTERNAL ({internal}): the mayor's office and "
        "meeting screens would see less protected counts. Fix the service's environment and restart the dashboard.",
    ),
    "settings.thresholds": (
        "Ambang kuning ({amber}) tidak di bawah ambang hijau ({green}), sehingga status indikator tidak dapat dinilai. "
        "Perbaiki GUGUS_STATUS_AMBER atau GUGUS_STATUS_GREEN di server (atau ubah di halaman Pengaturan) lalu muat ulang.",
        "The amber threshold ({amber}) is not below the green one ({green}), so no indicator can be judged. Fix "
        "GUGUS_STATUS_AMBER or GUGUS_STATUS_GREEN on the server (or change them on Pengaturan) and reload.",
    ),
    "backup.real-into-demo": (
        "Cadangan {name} berasal dari basis data resmi dan tidak dipulihkan ke basis data DEMO: basis data demo tetap "
        "demo. Siapkan dulu basis data resmi (uv run python -m etl init --replace-demo), lalu pulihkan cadangan ini ke sana.",
        "Backup {name} comes from a real database and is not restored over the DEMO database: the demo stays a demo. "
        "Set up the real database first (uv run python -m etl init --replace-demo), then restore this backup there.",
    ),
    "backup.no-database": (
        "Basis data {path} tidak ada; tidak ada yang dicadangkan dan tidak ada basis data kosong yang dibuat. Periksa jalurnya (--db atau GUGUS_DB).",
        "The database {path} does not exist; nothing was backed up and no empty database was made. Check the path (--db or GUGUS_DB).",
    ),
    "backup.demo-into-real": (
        "Cadangan {name} berasal dari basis data DEMO (DATA SIMULASI) dan tidak dipulihkan ke basis data resmi. Pilih "
        "cadangan basis data resmi (lihat etl backup --list).",
        "Backup {name} comes from the DEMO database (SIMULATED DATA) and is not restored over the real database. "
        "Choose a backup of the real database (see etl backup --list).",
    ),
    "demo.refused": (
        "Basis data {path} berisi data resmi; demo tidak akan menimpanya. Gunakan --db dengan berkas lain, misalnya data/demo.duckdb.",
        "The database {path} holds real data; the demo will not overwrite it. Use --db with another file, for example data/demo.duckdb.",
    ),
    "aggregates.not-folder": (
        '"{folder}" adalah berkas, bukan folder. Sebutkan folder tujuan ekspor agregat.',
        '"{folder}" is a file, not a folder. Name the folder to export the aggregates to.',
    ),
    "aggregates.city-code": (
        'Kode kota "{city}" (pengaturan GUGUS_CITY_CODE) bukan kode kabupaten/kota Kemendagri yang dikenal basis data '
        "ini, misalnya 61.72. Perbaiki pengaturannya; tidak ada yang diekspor.",
        'City code "{city}" (setting GUGUS_CITY_CODE) is not a kabupaten/kota code this database knows, e.g. 61.72. '
        "Correct the setting; nothing was exported.",
    ),
    "aggregates.invalid": (
        'Agregat {what} kota {city} minggu {week} di "{folder}" tidak seperti yang ditulis "etl export --aggregates": '
        "{reason}. Tidak ada yang diimpor; minta kota itu mengekspor ulang dengan aplikasi ini (dan hapus salinan berkas "
        "yang tidak dibuatnya).",
        'The {what} aggregates of city {city}, week {week}, in "{folder}" are not what "etl export --aggregates" writes: '
        "{reason}. Nothing was imported; ask the city to export again (and remove copies of files it did not make).",
    ),
    "aggregates.no-data": (
        "Basis data ini belum berisi data yang berlaku; tidak ada yang diekspor. Muat buku kerja pilar dulu.",
        "This database holds no current data; nothing was exported. Load the pillars' workbooks first.",
    ),
    "aggregates.missing": (
        'Folder "{folder}" tidak ditemukan. Sebutkan folder hasil "etl export --aggregates" dari kota-kota.',
        'Folder "{folder}" does not exist. Name the folder the cities wrote with "etl export --aggregates".',
    ),
    "aggregates.empty": (
        'Folder "{folder}" tidak berisi agregat (mis. indicator/city=61.72/week=2026-W47/data_0.parquet). '
        'Buat dengan "etl export --aggregates FOLDER" di tiap kota.',
        'Folder "{folder}" holds no aggregates (e.g. indicator/city=61.72/week=2026-W47/data_0.parquet). '
        'Each city writes them with "etl export --aggregates FOLDER".',
    ),
    "aggregates.unreadable": (
        'Berkas agregat "{table}" di "{folder}" tidak dapat dibaca ({detail}). Tidak ada yang diimpor; minta kota itu mengekspor ulang.',
        'The "{table}" aggregates in "{folder}" cannot be read ({detail}). Nothing was imported; ask the city to export again.',
    ),
    "aggregates.protected": (
        'Agregat {what} kota {city} minggu {week} di "{folder}" memuat angka di bawah {k} yang seharusnya dilindungi. '
        "Tidak ada yang diimpor. Minta kota itu mengekspor ulang dengan aplikasi ini.",
        'The {what} aggregates of city {city}, week {week}, in "{folder}" hold a count below {k} that should have been '
        "protected. Nothing was imported; ask the city to export again with this application.",
    ),
    "rollback.unknown": (
        "Unggahan #{upload} tidak ada. Periksa nomornya di riwayat unggahan (halaman Kelengkapan & Riwayat, atau perintah status).",
        "Upload #{upload} does not exist. Check its number in the upload history (Kelengkapan & Riwayat, or the status command).",
    ),
    "rollback.withdrawn": (
        "Unggahan #{upload} sudah ditarik sebelumnya; tidak ada yang diubah.",
        "Upload #{upload} was withdrawn already; nothing was changed.",
    ),
    # what a rollback did: said by the CLI and by the app
    "rollback.restored": (
        "Unggahan #{upload} ditarik. Unggahan #{restored} untuk {pillar} {week} kembali berlaku.",
        "Upload #{upload} withdrawn. Upload #{restored} for {pillar} {week} is current again.",
    ),
    "rollback.emptied": (
        "Unggahan #{upload} ditarik. Tidak ada versi sebelumnya: {pillar} {week} kini tanpa data.",
        "Upload #{upload} withdrawn. There is no earlier version: {pillar} {week} now has no data.",
    ),
    "rollback.old": (
        "Unggahan #{upload} (versi lama) ditarik; data yang berlaku tidak berubah.",
        "Upload #{upload} (an old version) withdrawn; the current data are unchanged.",
    ),
    # file-level issues
    "issue.file-too-large": (
        "Berkas berukuran {size} MB, melebihi batas {limit} MB. Hapus gambar atau lembar yang tidak "
        "perlu, atau bagi menjadi beberapa berkas, lalu unggah lagi.",
        "The file is {size} MB, over the {limit} MB limit. Remove images or sheets, or split it.",
    ),
    "issue.file-zip-bomb": (
        "Isi berkas tidak wajar: setelah dibuka ukurannya {size} MB (rasio kompresi {ratio}×), "
        "sehingga ditolak demi keamanan. Salin data ke templat resmi dan simpan ulang dari Excel.",
        "The file unpacks to {size} MB (compression ratio {ratio}×) and is refused for safety.",
    ),
    "issue.file-not-xlsx": (
        "Berkas ini bukan buku kerja Excel .xlsx ({detail}). Buka di Excel lalu pilih "
        "File › Simpan Sebagai › Buku Kerja Excel (*.xlsx), kemudian unggah lagi.",
        "This is not an Excel .xlsx workbook ({detail}). Save it as .xlsx in Excel and retry.",
    ),
    "issue.file-macro": (
        "Berkas berisi makro (VBA), sehingga ditolak demi keamanan. Di Excel pilih File › Simpan Sebagai › "
        "Buku Kerja Excel (*.xlsx) — bukan .xlsm — lalu unggah berkas .xlsx itu.",
        "The file contains macros (VBA) and is refused. Save it as an .xlsx workbook (not .xlsm) and retry.",
    ),
    "issue.file-encrypted": (
        "Berkas dilindungi kata sandi sehingga tidak dapat dibaca. Buka di Excel, hapus kata sandinya "
        "(File › Info › Lindungi Buku Kerja › Enkripsi dengan Kata Sandi, kosongkan), simpan, lalu unggah lagi.",
        "The file is password-protected. Remove the password in Excel, save and retry.",
    ),
    "issue.file-corrupt": (
        "Berkas rusak atau tidak lengkap sehingga tidak dapat dibaca ({detail}). Coba buka di Excel dan "
        "simpan ulang sebagai .xlsx; jika tidak bisa dibuka, isi ulang di templat baru.",
        "The file is damaged or incomplete ({detail}). Re-save it from Excel or use a new template.",
    ),
    "issue.file-active-content": (
        "Berkas berisi kontrol ActiveX atau objek tersemat (OLE), sehingga ditolak demi keamanan. Hapus tombol, "
        "kontrol atau objek yang disisipkan (Sisipkan › Objek), atau salin data ke templat baru, lalu unggah lagi.",
        "The file contains ActiveX controls or embedded (OLE) objects and is refused. Remove them or copy the data into a new template.",
    ),
    "issue.file-unsafe": (
        "Berkas tidak dapat dibaca dengan aman ({detail}), sehingga ditolak tanpa memuat apa pun. Salin data ke "
        "templat baru dari halaman Unggah Data, simpan sebagai .xlsx, lalu unggah lagi.",
        "The file cannot be read safely ({detail}) and is refused. Copy the data into a new template and retry.",
    ),
    "issue.sheet-too-large": (
        'Lembar "{sheet}" memuat isian sampai baris {rows} kolom {columns}, jauh di luar area laporan (batas: '
        "{max_rows} baris, kolom {max_columns}, {max_cells} sel). Hapus isi dan format sel di luar tabel (pilih baris "
        "dan kolom kosong di bawah dan di kanan tabel, klik kanan › Hapus), simpan, lalu unggah lagi.",
        'Sheet "{sheet}" has content down to row {rows}, column {columns}, far outside the report area (limits: '
        "{max_rows} rows, column {max_columns}, {max_cells} cells). Delete the cells outside the table and retry.",
    ),
    "issue.sheet-dimension-ignored": (
        'Lembar "{sheet}" menyatakan ukuran sampai sel {declared}, padahal isinya hanya sampai {used}. Ukuran '
        "yang dinyatakan diabaikan; tidak perlu tindakan, tetapi menyimpan ulang berkas di Excel merapikannya.",
        'Sheet "{sheet}" declares a size up to {declared} but its content ends at {used}; the declared size is ignored.',
    ),
    "issue.sheet-hidden": (
        'Lembar "{sheet}" disembunyikan, padahal isinya yang akan dimuat. Tampilkan lembar itu (klik kanan pada '
        "tab lembar › Tampilkan), periksa isinya, simpan, lalu unggah lagi.",
        'Sheet "{sheet}" is hidden, yet its content would be loaded. Unhide it, check it, save and retry.',
    ),
    "issue.sheet-duplicate": (
        'Ada dua lembar bernama "{sheet}" (berbeda hanya huruf besar/kecil atau spasi: {names}), sehingga tidak '
        "jelas mana yang dibaca. Hapus atau ganti nama lembar salinan, lalu unggah lagi.",
        'Two sheets are named "{sheet}" (differing only in case or spaces: {names}). Remove or rename the copy.',
    ),
    "issue.text-too-long": (
        "Teks di sel ini terlalu panjang ({length} karakter; batas {limit}). Persingkat, atau tulis rinciannya di "
        "dokumen terpisah dan cantumkan nomor atau tautannya saja.",
        "The text in this cell is too long ({length} characters; limit {limit}). Shorten it.",
    ),
    "issue.report-date-far": (
        "Minggu laporan dibaca sebagai {week}, padahal Tanggal pengisian {date}. Periksa Minggu laporan: tanggal "
        "dibaca hari/bulan/tahun (11/10/2026 = 11 Oktober 2026), atau tulis mingguannya, misalnya 2026-W46.",
        "The reporting week reads as {week}, but the report date is {date}. Check the week (dates are day/month/year).",
    ),
    "issue.percent-format-read": (
        "Sel ini berformat persen Excel ({value}); dibaca sebagai angka yang tampak, {number}. Periksa bahwa memang itu maksudnya.",
        "This cell is formatted as an Excel percentage ({value}); it is read as the number shown, {number}.",
    ),
    "issue.text-control-removed": (
        "Sel ini memuat {count} karakter tersembunyi (karakter kendali atau pembalik arah teks) yang dibuang sebelum "
        'disimpan. Periksa bahwa isinya masih benar (angka disamarkan): "{value}".',
        "This cell held {count} hidden characters (control or text-direction characters), removed before saving. "
        'Check it still reads right: "{value}".',
    ),
    "issue.number-not-finite": (
        '"{value}" bukan angka yang dapat dihitung. Tulis angka biasa, misalnya 12 atau 12,5.',
        '"{value}" is not a finite number. Write an ordinary number such as 12 or 12,5.',
    ),
    "issue.number-too-large": (
        "Angka {value} di luar batas yang masuk akal (paling besar {limit}). Periksa angka nol yang berlebih atau tanda desimal yang salah.",
        "The number {value} is beyond a plausible bound (at most {limit}). Check for extra zeros.",
    ),
    "issue.value-implausible": (
        "Nilai {value} untuk indikator {indicator} melebihi batas wajar satu minggu ({limit} {unit}). Periksa "
        "angka nol yang berlebih atau tanda desimal; jika angka ini memang benar, hubungi administrator.",
        "The value {value} for {indicator} exceeds the plausible weekly bound ({limit} {unit}). Check the number.",
    ),
    "issue.date-invalid": (
        '"{value}" bukan tanggal yang mungkin. Tulis tanggal seperti 31/12/2026, atau kosongkan sel ini.',
        '"{value}" is not a possible date. Write a date such as 31/12/2026, or leave the cell empty.',
    ),
    "issue.template-unknown": (
        'Berkas ini tidak dibuat dari templat Gugus Tugas TPPO (tanda versi "{value}" tidak dikenal). '
        "Unduh templat pilar Anda dan salin data ke sana.",
        'This file was not made from a task-force template (version stamp "{value}" unknown).',
    ),
    "issue.template-outdated": (
        "Templat versi {found} sudah tidak berlaku (versi sekarang {current}). Unduh templat terbaru dan salin data ke sana.",
        "Template version {found} is outdated (current {current}). Copy the data into a new template.",
    ),
    "issue.template-newer": (
        "Berkas ini dibuat dengan templat versi {found}, lebih baru dari yang dikenal aplikasi ini (versi {current}). "
        "Minta administrator memperbarui aplikasi, atau salin data ke templat yang diunduh dari aplikasi ini.",
        "This file uses template version {found}, newer than this application knows (version {current}). "
        "Ask the administrator to update the application, or copy the data into a template downloaded from it.",
    ),
    "issue.template-wrong-pillar": (
        "Berkas ini templat pilar {found}, bukan pilar {expected}. Gunakan templat pilar {expected}.",
        "This is the {found} pillar's template, not {expected}'s. Use the {expected} template.",
    ),
    "issue.sheet-missing": (
        'Lembar "{sheet}" tidak ditemukan; lembar ini wajib untuk pilar {pillar}. Jangan menghapus '
        "atau mengganti nama lembar; jika perlu, salin data ke templat terbaru.",
        'Sheet "{sheet}" is missing; the {pillar} pillar needs it. Do not rename or delete sheets.',
    ),
    "issue.column-missing": (
        'Kolom "{header}" tidak ditemukan pada baris judul lembar {sheet}. Jangan menghapus atau '
        "mengganti nama judul kolom; jika perlu, salin data ke templat terbaru.",
        'Column "{header}" is missing from the header row of {sheet}. Do not rename headers.',
    ),
    "issue.column-duplicate": (
        'Judul kolom "{header}" ada dua kali di lembar {sheet} (juga di kolom {first}). Hapus salah satunya, termasuk kolom '
        "yang disembunyikan, agar jelas nilai mana yang dimuat.",
        'The header "{header}" appears twice in {sheet} (also in column {first}). Delete one of them, hidden columns included.',
    ),
    "issue.week-missing": (
        "Minggu laporan kosong. Isi dengan minggu ISO, misalnya 2025-W47, atau tanggal mana saja dalam minggu itu, misalnya 17/11/2025.",
        "The reporting week is empty. Enter e.g. 2025-W47 or any date in that week.",
    ),
    "issue.data-kind-missing": (
        "Jenis data kosong. Pilih RESMI untuk data sebenarnya atau SIMULASI untuk latihan dari daftar tarik-turun.",
        "The data kind is empty. Choose RESMI for real data or SIMULASI for training.",
    ),
    "issue.demo-real-data": (
        "Basis data ini adalah basis data DEMO (DATA SIMULASI): buku kerja berjenis RESMI tidak dimuat ke dalamnya, "
        "agar data sebenarnya tidak tercampur dengan data sintetis. Untuk latihan, isi Jenis data dengan SIMULASI. "
        "Untuk data sebenarnya, minta administrator menyiapkan basis data resmi (uv run python -m etl init --replace-demo "
        "menghapus semua data simulasi).",
        "This is the DEMO database (SIMULATED DATA): a workbook of kind RESMI is not loaded into it, so real data "
        "never mix with synthetic data. For practice, set Jenis data to SIMULASI. For real data, ask the administrator "
        "to set up the real database (uv run python -m etl init --replace-demo deletes all simulated data).",
    ),
    "issue.data-kind-invalid": (
        '"{value}" bukan jenis data yang dikenal. Pilih RESMI untuk data sebenarnya atau SIMULASI untuk latihan.',
        '"{value}" is not a data kind. Choose RESMI for real data or SIMULASI for training.',
    ),
    "issue.week-invalid": (
        '"{value}" bukan minggu yang dikenali. Tulis seperti 2025-W47, atau tanggal mana saja dalam minggu itu, misalnya 17/11/2025.',
        '"{value}" is not a recognised week. Write e.g. 2025-W47 or a date such as 17/11/2025.',
    ),
    "issue.week-future": (
        "Minggu {week} belum terjadi (hari ini {today}). Periksa tahun dan nomor minggu.",
        "Week {week} is in the future (today is {today}). Check the year and week number.",
    ),
    "issue.required-missing": (
        'Kolom "{header}" wajib diisi pada baris ini. Isi sel ini, atau hapus seluruh baris jika tidak dipakai.',
        '"{header}" is required on this row. Fill it in or delete the row.',
    ),
    "issue.value-missing": (
        "Nilai indikator {indicator} kosong, sehingga baris ini tidak dimuat. Isi 0 jika memang tidak ada kegiatan minggu ini.",
        "Indicator {indicator} has no value and is skipped. Enter 0 if nothing happened.",
    ),
    "issue.type-number": (
        '"{value}" bukan angka. Tulis angka saja, misalnya 1.234 atau 12,5.',
        '"{value}" is not a number. Write a number such as 1.234 or 12,5.',
    ),
    "issue.type-integer": (
        '"{value}" harus bilangan bulat karena menghitung orang atau kejadian. Hapus desimalnya.',
        '"{value}" must be a whole number. Remove the decimals.',
    ),
    "issue.type-date": (
        '"{value}" bukan tanggal yang dikenali. Tulis seperti 17/11/2025, 17-11-2025 atau 17 Nov 2025.',
        '"{value}" is not a recognised date. Write e.g. 17/11/2025 or 17 Nov 2025.',
    ),
    "issue.date-future": (
        "Tanggal {value} belum terjadi (hari ini {today}). Periksa tanggal, bulan dan tahunnya.",
        "Date {value} is in the future (today is {today}). Check day, month and year.",
    ),
    "issue.value-negative": (
        "Jumlah tidak boleh negatif (tertulis {value}). Tulis 0 jika tidak ada.",
        "Counts cannot be negative ({value}). Write 0 if there were none.",
    ),
    "issue.percent-range": (
        "Persentase harus antara 0 dan 100 (tertulis {value}). Untuk 12,5% tulis 12,5.",
        "A percentage must be between 0 and 100 ({value}). For 12.5% write 12,5.",
    ),
    "issue.numerator-gt-denominator": (
        "Pembilang ({numerator}) lebih besar dari penyebut ({denominator}). Pembilang adalah bagian dari penyebut; periksa kedua angka.",
        "The numerator ({numerator}) exceeds the denominator ({denominator}). Check both numbers.",
    ),
    "issue.numerator-not-percent": (
        "Indikator {indicator} bukan persentase, jadi tidak memakai Pembilang dan Penyebut. Kosongkan kedua sel itu "
        "dan tulis jumlahnya di kolom Nilai.",
        "Indicator {indicator} is not a percentage: leave Pembilang and Penyebut empty and write the number in Nilai.",
    ),
    "issue.value-conflict": (
        "Nilai {value} tidak sama dengan Pembilang ÷ Penyebut ({numerator} ÷ {denominator} = {computed} %). "
        "Kosongkan Nilai (persentase dihitung otomatis dari Pembilang dan Penyebut) atau perbaiki angkanya.",
        "Nilai {value} differs from Pembilang ÷ Penyebut ({numerator} ÷ {denominator} = {computed} %). Leave Nilai empty or correct the numbers.",
    ),
    "issue.workbook-empty": (
        "Buku kerja ini tidak berisi satu nilai pun, jadi tidak dimuat: berkas kosong tidak dihitung sebagai laporan. "
        "Isi kolom Nilai di lembar Indikator (tulis 0 bila memang tidak ada kegiatan) dan lembar lain di berkas ini, "
        "lalu unggah lagi.",
        "This workbook holds no values at all, so it is not loaded: an empty file is not a report. Fill in Nilai "
        "(0 if nothing happened) and the other sheets, then upload again.",
    ),
    "issue.workbook-unfilled": (
        "Buku kerja ini hanya membawa keadaan aksi RAN yang sudah tersimpan (templat berisi acuan yang belum diisi), "
        "jadi tidak dimuat: belum ada laporan minggu ini di dalamnya. Isi kolom Nilai di lembar Indikator (tulis 0 bila "
        "memang tidak ada kegiatan), perbarui Status, Progres dan Bukti aksi yang berjalan, lalu unggah lagi.",
        "This workbook only carries the RAN states already stored (a pre-filled template left unfilled), so it is not "
        "loaded: it reports nothing of the week. Fill in Nilai on the Indikator sheet and update the actions, then upload again.",
    ),
    "issue.week-emptied": (
        "Buku kerja ini tidak berisi satu nilai pun, padahal minggu ini sudah punya data ({upload}). "
        "Memuatnya akan mengosongkan minggu ini, jadi ditolak. Isi lembar Indikator (dan lembar lain di berkas ini) "
        "lalu unggah lagi; untuk membatalkan {upload}, minta ketua menariknya di "
        "halaman Kelengkapan & Riwayat.",
        "This workbook holds no values while the week already has data ({upload}); loading it would empty the week, so it is refused.",
    ),
    "issue.progress-lowered": (
        "Buku kerja ini akan menurunkan progres {count} aksi RAN yang sudah tersimpan untuk minggu ini "
        "({upload}): {listed}. Mungkin berkas ini diunduh sebelum progres diperbarui di aplikasi. Jika memang benar, "
        "centang konfirmasi di halaman unggah (atau pakai --allow-removal pada perintah load); jika tidak, perbaiki "
        "Status dan Progres di lembar Aksi RAN lalu unggah lagi.",
        "This workbook would lower the progress of {count} RAN actions stored for this week ({upload}): "
        "{listed}. Confirm, or correct Status and Progres in the Aksi RAN sheet.",
    ),
    "issue.values-removed": (
        "Buku kerja ini akan menghapus {count} isian yang sekarang tersimpan untuk minggu ini ({upload}): "
        "{listed}. Jika memang harus dihapus, centang konfirmasi di halaman Unggah Data (atau pakai --allow-removal "
        "pada perintah load); jika tidak, tambahkan baris itu ke buku kerja lalu unggah lagi.",
        "This workbook would remove {count} values stored for this week ({upload}): {listed}. Confirm on the "
        "upload page (or use --allow-removal with load) if that is intended.",
    ),
    "load.upload-no": ("unggahan #{upload}", "upload #{upload}"),
    "load.earlier-file": (
        "berkas {file} sebelumnya dalam perintah yang sama, yang dimuat lebih dulu",
        "the upload of {file}, loaded first by the same command",
    ),
    "issue.write-failed": (
        "Berkas ini lolos pemeriksaan tetapi tidak dapat disimpan ke basis data ({detail}). Tidak ada isinya yang "
        "tersimpan, dan berkas lain tidak terpengaruh. Muat ulang berkas ini; jika terulang, kirim pesan ini ke admin "
        "(periksa ruang disk dan izin folder basis data).",
        "The file passed every check but could not be written to the database ({detail}). Nothing of it was stored "
        "and no other file was affected. Load it again; if it recurs, send this message to the admin.",
    ),
    "issue.average-numerator": (
        "Indikator {indicator} berupa rata-rata: isi rata-ratanya di kolom Nilai dan jumlah yang dirata-ratakan (mis. "
        "jumlah korban) di kolom Penyebut; kosongkan kolom Pembilang.",
        "Indicator {indicator} is an average: put the average in Nilai and how many it averages in Penyebut; leave Pembilang empty.",
    ),
    "issue.denominator-zero": (
        "Penyebut 0 sehingga persentase tidak dapat dihitung. Isi penyebut lebih dari 0, atau kosongkan pembilang dan penyebut lalu isi kolom Nilai.",
        "The denominator is 0. Enter a positive denominator or leave both empty and fill Nilai.",
    ),
    "issue.indicator-unknown": (
        'Kode indikator "{value}" tidak dikenal. Pilih kode dari daftar tarik-turun di kolom ini.',
        'Indicator code "{value}" is unknown. Pick one from the drop-down list.',
    ),
    "issue.indicator-wrong-pillar": (
        "Indikator {value} milik pilar {owner}, bukan pilar {pillar}. Hapus baris ini; indikator itu dilaporkan oleh pilar {owner}.",
        "Indicator {value} belongs to the {owner} pillar, not {pillar}. Remove this row.",
    ),
    "issue.area-unknown": (
        'Wilayah "{value}" tidak dikenal.{suggestion} Tulis kode Kemendagri (misalnya 61.72.02) atau '
        "nama wilayah persis seperti di daftar tarik-turun.",
        'Area "{value}" is unknown.{suggestion} Write the Kemendagri code or the exact name.',
    ),
    "issue.area-ambiguous": (
        'Nama wilayah "{value}" cocok dengan beberapa wilayah ({candidates}). Tulis kodenya agar jelas.',
        'Area name "{value}" matches several areas ({candidates}). Write the code instead.',
    ),
    "issue.area-level": (
        'Kolom ini memerlukan wilayah tingkat {expected}, sedangkan "{value}" adalah {found}. Pilih wilayah tingkat {expected}.',
        'This column needs a {expected}-level area; "{value}" is a {found}.',
    ),
    "issue.place-unknown": (
        'Titik "{value}" tidak dikenal.{suggestion} Pilih dari daftar tarik-turun (misalnya PLBN Aruk).',
        'Place "{value}" is unknown.{suggestion} Pick one from the drop-down list.',
    ),
    "issue.route-unknown": (
        'Rute "{value}" tidak dikenal.{suggestion} Pilih kode rute dari daftar tarik-turun (misalnya R-ARUK).',
        'Route "{value}" is unknown.{suggestion} Pick a route code from the drop-down list.',
    ),
    "issue.action-unknown": (
        'Kode aksi RAN "{value}" tidak ada di rencana aksi yang berlaku. Gunakan kode yang tercantum di templat terbaru '
        "(unduh lagi bila rencana aksi baru diganti); bila templat tidak mencantumkan aksi untuk pilar Anda, hapus baris ini.",
        'RAN action code "{value}" is unknown. Use the codes listed in the template.',
    ),
    "issue.action-wrong-pillar": (
        "Aksi {value} milik pilar {owner}, bukan pilar {pillar}. Hapus baris ini; kemajuannya dilaporkan oleh pilar {owner}.",
        "Action {value} belongs to the {owner} pillar, not {pillar}. Remove this row.",
    ),
    "issue.action-no-plan": (
        'Kode aksi RAN "{value}" belum bisa dilaporkan: dasbor ini belum memuat rencana aksi (RAN/RAD), jadi belum ada '
        "aksi yang dikenal. Kosongkan lembar Aksi RAN lalu unggah lagi; setelah administrator mengimpor matriks rencana "
        "aksi (halaman Aksi RAN), unduh templat baru yang sudah memuat aksi pilar Anda.",
        'RAN action "{value}" cannot be reported yet: this dashboard has no action plan (RAN/RAD) loaded. Empty the '
        "Aksi RAN sheet and upload again; once the plan is imported, download a new template listing your actions.",
    ),
    "issue.agency-unknown": (
        'Instansi "{value}" tidak dikenal.{suggestion} Pilih nama instansi dari daftar tarik-turun.',
        'Agency "{value}" is unknown.{suggestion} Pick one from the drop-down list.',
    ),
    "issue.agency-ambiguous": (
        'Nama instansi "{value}" dipakai beberapa instansi sejak perubahan nomenklatur ({candidates}). Tulis nama instansi yang sekarang.',
        'Agency name "{value}" now refers to several agencies ({candidates}). Use the current name.',
    ),
    "issue.choice-invalid": (
        '"{value}" bukan pilihan yang sah untuk kolom {header}. Pilih salah satu: {options}.',
        '"{value}" is not a valid choice for {header}. Choose one of: {options}.',
    ),
    "issue.choice-invalid-part": (
        'Pilihan ke-{position} di "{value}" (kolom {header}) bukan pilihan yang sah. Pilih dari: {options}. Beberapa pilihan dipisah titik koma (;).',
        'Choice {position} in "{value}" ({header}) is not a valid choice. Choose from: {options}. Separate several choices with semicolons (;).',
    ),
    "issue.plan-header-missing": (
        "Baris judul matriks rencana aksi tidak ditemukan di 15 baris pertama lembar {sheet}. Pastikan ada satu baris "
        "judul dengan kolom wajib: {accepted}. Contoh lengkap: python -m etl template plan -o matriks.xlsx.",
        "The plan's header row was not found in the first 15 rows of {sheet}. Required columns: {accepted}.",
    ),
    "issue.plan-pillar-ambiguous": (
        "Pilar aksi ini tidak dapat ditentukan: matriks tidak punya kolom Pilar atau baris bagian di atasnya, dan "
        "instansi {agency} ada di lebih dari satu pilar ({pillars}). Tambahkan kolom Pilar, atau baris bagian seperti "
        '"I. BIDANG PENCEGAHAN" di atas kelompok aksinya.',
        "The pillar of this action cannot be told: no Pilar column or section row, and {agency} is in several pillars ({pillars}).",
    ),
    "issue.plan-pillar-missing": (
        "Pilar aksi ini tidak dapat ditentukan: tidak ada kolom Pilar, baris bagian, nama lembar atau strategi yang "
        "menyebut pilar, dan instansi penanggung jawabnya tidak dikenal pilarnya. Tambahkan kolom Pilar (salah satu: "
        "{choices}) atau baris bagian di atas kelompok aksinya.",
        "The pillar of this action cannot be told. Add a Pilar column ({choices}) or a section row above its group.",
    ),
    "issue.plan-section-unknown": (
        'Baris bagian "{value}" tidak menyebut pilar yang dikenal, jadi aksi di bawahnya tidak diberi pilar dari baris '
        "sebelumnya. Tulis nama pilarnya di baris ini (salah satu: {choices}), atau tambahkan kolom Pilar.",
        'The section row "{value}" names no known pillar. Write one of: {choices}, or add a Pilar column.',
    ),
    "issue.plan-year-missing": (
        "Jadwal aksi ini ditandai per triwulan atau bulan (atau tanggalnya ditulis tanpa tahun), tetapi tahun "
        'rencananya tidak diketahui. Tulis tahunnya di judul matriks (misalnya "RENCANA AKSI DAERAH TAHUN 2026") atau '
        "di nama lembar, lalu impor lagi.",
        "This action's schedule is marked by quarter or month, but the plan's year is unknown: write it in the title or the sheet name.",
    ),
    "issue.plan-pillar-unknown": (
        'Pilar "{value}" tidak dikenal. Tulis salah satu: {choices} — di sel ini atau di baris kelompok di atasnya.',
        'Pillar "{value}" is unknown. Write one of: {choices}.',
    ),
    "issue.plan-due-before-start": (
        "Tenggat {value} lebih awal dari tanggal mulai. Periksa kedua tanggal pada baris ini (format DD/MM/YYYY).",
        "The due date {value} is before the start date. Check both dates on this row.",
    ),
    "issue.plan-empty": (
        "Lembar {sheet} tidak berisi satu pun aksi. Isi satu baris per aksi di bawah baris judul.",
        "Sheet {sheet} holds no action. Fill one row per action under the header row.",
    ),
    "issue.duplicate-key": (
        "Baris ini mengulang {what} yang sudah ada di baris {first}. Gabungkan kedua baris atau hapus salah satunya.",
        "This row repeats {what} already on row {first}. Merge or delete one of them.",
    ),
    "issue.breakdown-mismatch": (
        "Rincian korban ({parts}) berjumlah {sum}, tidak sama dengan Jumlah korban {total}. Perbaiki rinciannya atau jumlahnya.",
        "The victim breakdown ({parts}) adds up to {sum}, not the total {total}.",
    ),
    "issue.children-gt-total": (
        "Jumlah anak ({children}) lebih besar dari Jumlah korban ({total}). Anak adalah bagian dari jumlah korban.",
        "Children ({children}) exceed the total victims ({total}).",
    ),
    "issue.reply-date-missing": (
        'Status "{status}" berarti instansi sudah membalas: isi Tanggal balasan, atau ubah Status menjadi "Temuan dikirim".',
        'Status "{status}" means the agency has replied: fill in the reply date, or set the status to "Temuan dikirim".',
    ),
    "issue.reply-status-mismatch": (
        'Tanggal balasan terisi, tetapi Status masih "Temuan dikirim". Ubah Status (misalnya "Dibalas instansi"), '
        "atau kosongkan Tanggal balasan bila belum ada balasan.",
        'A reply date is given but the status is still "Temuan dikirim". Change the status, or clear the reply date.',
    ),
    "issue.reply-before-sent": (
        "Tanggal balasan ({reply}) lebih awal dari Tanggal temuan dikirim ({sent}). Periksa kedua tanggal.",
        "The reply date ({reply}) is before the date the finding was sent ({sent}). Check both dates.",
    ),
    "issue.coordinate-range": (
        "Koordinat {value} berada di luar Kalimantan Barat dan Sarawak. Tulis lintang dan bujur dalam "
        "derajat desimal, misalnya 0,9 dan 108,98; atau kosongkan.",
        "Coordinate {value} is outside West Kalimantan and Sarawak. Use decimal degrees or leave empty.",
    ),
    "issue.identity-nik": (
        "Sel ini berisi angka 16 digit yang mirip NIK ({value}). Identitas korban tidak boleh dimasukkan: "
        "hapus isi sel ini dan gunakan kode kasus saja.",
        "This cell holds a 16-digit number like a national ID ({value}). Remove it; use the case code only.",
    ),
    "issue.identity-file-name": (
        "Nama berkas memuat sesuatu yang mirip identitas korban ({value}). Nama berkas tercatat di riwayat unggahan: "
        "ganti nama berkas, misalnya pencegahan-2026-W47.xlsx, lalu unggah lagi.",
        "The file name holds what looks like victim identity ({value}). Rename the file and upload again.",
    ),
    "issue.identity-hidden-part": (
        "Sebuah {part} di berkas ini memuat sesuatu yang mirip identitas korban ({value}). Hapus isinya (komentar: "
        "klik kanan sel > Hapus Komentar; properti: File > Info), simpan, lalu unggah lagi.",
        "A {part} in this file holds what looks like victim identity ({value}). Remove it and upload again.",
    ),
    "issue.area-overlap": (
        'Indikator {indicator} diisi untuk "{value}" dan juga untuk {outer} yang mencakupnya (baris {outer_row}): '
        "nilainya akan terhitung dua kali. Isi per kecamatan saja atau per kelurahan saja, jangan keduanya.",
        'Indicator {indicator} is given for "{value}" and for {outer} which contains it (row {outer_row}): it would '
        "be counted twice. Use one level only.",
    ),
    "issue.label-duplicate": (
        'Isian "{header}" muncul dua kali di lembar Identitas (baris {first} dan baris ini). Hapus baris yang salah agar jelas mana yang berlaku.',
        '"{header}" appears twice on the Identitas sheet (row {first} and this row). Delete the wrong one.',
    ),
    "issue.identity-phone": (
        "Sel ini berisi nomor yang mirip nomor telepon ({value}). Identitas dan kontak korban tidak boleh dimasukkan: hapus nomor ini.",
        "This cell holds what looks like a phone number ({value}). Remove it.",
    ),
    "issue.identity-column": (
        'Kolom "{value}" tampak berisi identitas (nama, NIK, alamat, tanggal lahir atau telepon). '
        "Hapus seluruh kolom ini; dasbor hanya menerima data tanpa identitas korban.",
        'Column "{value}" looks like personal identity data. Delete the whole column.',
    ),
    "issue.identity-birthdate": (
        'Sel ini tampak memuat tanggal lahir seseorang ("{value}"). Hapus tanggal lahirnya; tulis kelompok umur '
        "saja (anak 0–17 atau dewasa 18+). Berkas ditolak seluruhnya sampai sel ini diperbaiki.",
        'This cell seems to hold a date of birth ("{value}"). Remove it; write an age group (child or adult) instead.',
    ),
    "issue.identity-name": (
        'Sel ini tampak menyebut nama seseorang ("{value}"). Nama korban, saksi atau pelapor tidak boleh ditulis: '
        "hapus namanya, pakai kode kasus saja. Berkas ditolak seluruhnya sampai sel ini diperbaiki.",
        'This cell seems to name a person ("{value}"). Remove the name; use the case code only.',
    ),
    "issue.identity-address": (
        'Sel ini tampak memuat alamat rumah ("{value}"). Hapus alamatnya; tulis kecamatan atau kelurahan saja. '
        "Berkas ditolak seluruhnya sampai sel ini diperbaiki.",
        'This cell seems to hold a home address ("{value}"). Remove it; write the kecamatan or kelurahan only.',
    ),
    "issue.too-many-issues": (
        "… dan {count} masalah lain tidak ditampilkan. Perbaiki masalah di atas, lalu periksa lagi.",
        "… and {count} more issues not shown. Fix the ones above and check again.",
    ),
}


def t(key: str, lang: str = "id", **values: object) -> str:
    """The catalogue entry ``key`` in ``lang``, formatted with ``values``."""
    text = CATALOGUE[key][LANGUAGES.index(lang)]
    return text.format(**values) if values else text


def fmt_number(value: float | int | None, lang: str = "id", decimals: int = 1) -> str:
    """``1.234,5`` in Indonesian; whole numbers without decimals."""
    if value is None or not math.isfinite(float(value)):
        return "–"
    if abs(float(value)) >= 1e15:  # beyond what Babel's decimal context formats; never a count a city reports
        return f"{float(value):.3e}".replace(".", ",")
    if float(value).is_integer():
        return format_decimal(int(value), locale=lang)
    return format_decimal(round(float(value), decimals), locale=lang)
