"""`partnerkit check`, once parsed: every problem and warning, as text for people or JSON for scripts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import EXIT_INVALID, EXIT_OK
from ..files.age import Keyring
from ..guide.model import Guide
from ..present.formats import Format
from .consoles import say


def check(path: Path, guide: Guide, keys: Keyring, *, strict: bool = False, fmt: Format = Format.TEXT, today: date | None = None) -> int:
    """Print every problem and warning in the worksheet; the exit code says whether it passed."""
    from ..tracking.checking import check_worksheet

    report = check_worksheet(path, guide, today or date.today(), keys)  # a missing file is one of its errors
    if fmt is Format.JSON:
        from ..present.formats.json import dumps
        from .consoles import write_export

        write_export(dumps(report.to_data()) + "\n")
    else:
        for kind, line in report.lines():  # check's findings are its result: stdout, one unwrapped line each
            say(line, style="yellow" if kind == "warning" else "red")
        say(report.summary(), style="bold")
    return EXIT_OK if report.passed(strict) else EXIT_INVALID



