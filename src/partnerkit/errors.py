"""The one error family the core raises and the CLI turns into messages and exit codes.

May import: catalog, records
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .catalog import _, n_
from .records import record

EXIT_OK = 0
EXIT_INVALID = 1  # a worksheet or guide that is missing, unreadable or invalid
EXIT_USAGE = 2  # a command line that makes no sense (typer uses 2 for these too)
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


@record
class Problem:
    """One thing wrong in a file, located where the reader can find it."""

    message: str
    file: Path | None = None
    line: int | None = None  # 1-based, as editors count
    column: int | None = None  # 1-based
    conflict: bool = False  # a merge conflict left in the file on purpose (both versions kept)

    def __str__(self) -> str:
        where = [str(self.file)] if self.file else []
        if self.line is not None:
            where.append(str(self.line))
            if self.column is not None:
                where.append(str(self.column))
        return f"{':'.join(where)}: {self.message}" if where else self.message


class PartnerkitError(Exception):
    """A mistake the user can fix: a bad file, a missing file, a refused overwrite."""

    def __init__(self, message: str, *, hint: str | None = None, file: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.file = file

    def lines(self) -> list[str]:
        """What to print, one line each."""
        return [self.message]


class InvalidFile(PartnerkitError):
    """A worksheet or guide file that cannot be used; carries every problem found at once."""

    def __init__(self, problems: list[Problem], *, what: str = "file", hint: str | None = None, count: int | None = None) -> None:
        self.problems = problems
        file = problems[0].file if problems else None
        # Past a hundred, problems are counted, not listed (one "... and N more" line): `count` is exact.
        self.count = count = len(problems) if count is None else count
        super().__init__(n_("errors.file_has_problems", "errors.file_has_problems.plural", count, file=file or what), hint=hint, file=file)

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class UsageError(PartnerkitError):
    """A command that cannot work as invoked here, e.g. an interview without a terminal."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during the interview; the answers given so far are kept in `draft` (None if none were)."""

    def __init__(self, draft: Path | None) -> None:
        super().__init__()
        self.draft = draft




@contextmanager
def hint_if_missing(*worksheets: Path) -> Iterator[None]:
    """Adds how to create a worksheet to the error for one of `worksheets` that does not exist (not
    for a missing key file, or an output's missing folder: creating a worksheet would not help)."""
    try:
        yield
    except PartnerkitError as error:
        missing = error.file in worksheets and not os.path.lexists(error.file)  # never raises, unlike Path.exists
        if missing and not isinstance(error, InvalidFile) and not error.hint:
            error.hint = _("errors.create_a_worksheet")
        raise


def is_stdout_error(exc: BaseException) -> bool:
    """Whether writing the command's output failed: a broken pipe, or a full, closed or failing
    standard output (errors on named files carry their file name). main.py says so in one line."""
    import errno

    if isinstance(exc, BrokenPipeError):
        return True
    return isinstance(exc, OSError) and exc.filename is None and exc.errno in (errno.ENOSPC, errno.EIO, errno.EBADF, errno.EDQUOT, errno.EFBIG)
