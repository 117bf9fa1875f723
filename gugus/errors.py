"""One kind of user error: what a user can fix, said in Bahasa Indonesia with what to do.

The app shows a :class:`UserError` as its message (``ui.show.problem``) and the CLI prints it and exits with its
``exit_code`` (``etl.cli.main``); every other exception is a defect and gets a reference number instead. A problem
in a workbook cell is not raised at all: it is an issue in the validation report (``etl.issues``).
"""

from __future__ import annotations

import errno


class UserError(Exception):
    """A request that cannot be done as asked; the message says why and what to do."""

    exit_code = 1  # the CLI's exit code for it (DESIGN.md: 1 refused, 2 unusable call or file)


_OS_REASONS = {
    errno.ENOENT: "berkas atau folder tidak ada",
    errno.EACCES: "tidak ada izin untuk membukanya",
    errno.EPERM: "tidak ada izin untuk membukanya",
    errno.EISDIR: "ini sebuah folder, bukan berkas",
    errno.ENOTDIR: "salah satu bagian jalurnya bukan folder",
    errno.EEXIST: "sudah ada berkas atau folder dengan nama itu",
    errno.ENOSPC: "disk penuh",
    errno.EROFS: "disk hanya dapat dibaca",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused a file, in Bahasa Indonesia (its own wording is English)."""
    return _OS_REASONS.get(exc.errno, f"sistem menolak membukanya (kode {exc.errno})")
