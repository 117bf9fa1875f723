"""One kind of user error: what a user can fix, said in Bahasa Indonesia with what to do.

The app shows a :class:`UserError` as its message (``ui.show.problem``) and the CLI prints it and exits with its
``exit_code`` (``etl.cli.main``); every other exception is a defect and gets a reference number instead. A problem
in a workbook cell is not raised at all: it is an issue in the validation report (``etl.issues``).
"""

from __future__ import annotations


class UserError(Exception):
    """A request that cannot be done as asked; the message says why and what to do."""

    exit_code = 1  # the CLI's exit code for it (DESIGN.md: 1 refused, 2 unusable call or file)
