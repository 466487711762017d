"""What `show` and `check` do once their arguments are parsed.

Shared by the Typer commands in cli.py and by the quick start-up path in launch.py, so both give
the same output, messages and exit codes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from functools import partial
from pathlib import Path

from rich.text import Text

from .agenda import DEFAULT_DAYS
from .errors import EXIT_INVALID, EXIT_OK, InvalidFile, PartnerkitError, UsageError
from .formats import Format, render
from .guide import Guide
from .output import err, out, print_report, problems
from .safetext import visible
from .view import build_view
from .watch import watch as watch_files
from .worksheet import Flag, LogEntry, Status
from .worksheet_file import UPGRADES, VERSION, load_worksheets
from .yamlio import atomic_write


def present(
    paths: Sequence[Path],
    guide: Guide,
    categories: tuple[str, ...],
    statuses: frozenset[Status],
    fmt: str,
    output: Path | None,
    *,
    watch: bool = False,
) -> None:
    """Show the worksheets once, or again on every change until Ctrl-C (`watch`)."""
    draw = partial(_draw, paths, guide, categories, statuses, fmt, output)
    if not watch:
        with hint_if_missing():
            draw()
        return

    def redraw() -> None:
        out().clear()
        try:
            draw()
        except PartnerkitError as error:  # shown in place of the table until the file is fixed
            out().print(problems(error), soft_wrap=True)
        watching = visible(f"Watching {', '.join(map(str, paths))}; Ctrl-C to stop.", one_line=True)
        out().print(Text(watching, style="dim"), soft_wrap=True)

    watch_files(list(paths), redraw)


def _draw(paths: Sequence[Path], guide: Guide, categories: tuple[str, ...], statuses: frozenset[Status], fmt: str, output: Path | None) -> None:
    view = build_view(load_worksheets(list(paths), guide), guide, categories, statuses)
    if fmt == Format.TABLE and output is None:
        from .formats.table import parts

        for part in parts(view, out().width):  # part by part: Rich holds all of one print in memory
            out().print(part)
        return
    text = render(view, Format(fmt), to_file=output is not None)
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write(output, text)
        err().print(Text(visible(f"Wrote {output}.", one_line=True)), soft_wrap=True)


def check(path: Path, guide: Guide, *, strict: bool = False, as_json: bool = False) -> int:
    """Print every problem and warning in the worksheet; the exit code says whether it passed."""
    from .check import check_file

    report = check_file(path, guide, today=date.today())  # a missing file is one of its errors
    if as_json:
        import json

        sys.stdout.write(json.dumps(report.to_data(), indent=2, ensure_ascii=False) + "\n")
    else:
        print_report(report)
    return EXIT_OK if report.passed(strict) else EXIT_INVALID


NEW_FILE_HINT = "create one with `partnerkit new` (an interview) or `partnerkit init` (a blank file)"


@contextmanager
def hint_if_missing() -> Iterator[None]:
    """Adds how to create a worksheet to the error for one that does not exist."""
    try:
        yield
    except PartnerkitError as error:
        missing = error.file is not None and not error.file.exists()
        if missing and not isinstance(error, InvalidFile) and not error.hint:
            error.hint = NEW_FILE_HINT
        raise


def log_entry(
    path: Path,
    guide: Guide,
    organization: str,
    note: str | None,
    when: date,
    status: Status | None,
    by: str | None,
    flag: Flag | None,
    addressed: Flag | None,
    follow_up: date | None,
) -> None:
    """`partnerkit log`: ask for the note in a terminal if none was given, record, then the guide's word."""
    from .tracking import find_partner, record_in_file
    from .worksheet_file import load_worksheet

    if note is None and sys.stdin.isatty() and sys.stdout.isatty():
        from .prompter import TerminalPrompter

        with hint_if_missing():  # a wrong name or file is said before anyone types a note
            partner = find_partner(load_worksheet(path, guide), organization)[2]
        words = guide.tracking
        prompt = words["note_prompt"].format(organization=visible(partner.organization, one_line=True))
        note = TerminalPrompter(guide, out()).text(prompt, hint=words["note_hint"]).strip() or None
    if note is None and status is None and flag is None and addressed is None and follow_up is None:
        raise UsageError("nothing to record: give a NOTE, or --status, --flag, --addressed or --follow-up")
    entry = LogEntry(when, by, note, status, flag, addressed)
    with hint_if_missing():
        logged = record_in_file(path, guide, organization, entry, follow_up)
    words = guide.tracking
    if logged.upgraded_from is not None:
        change = UPGRADES[logged.upgraded_from]
        upgraded = words["upgraded"].format(file=path, old=logged.upgraded_from, new=VERSION, change=change)
        err().print(Text(visible(upgraded, one_line=True), style="yellow"), soft_wrap=True)
    done = words["logged"].format(organization=logged.partner.organization, file=path)
    out().print(Text(visible(done, one_line=True), style="bold"), soft_wrap=True)
    if logged.moments:
        from .guidance import moment_view

        for moment in logged.moments:
            out().print(moment_view(guide, logged.worksheet, moment, logged.partner.organization, when))


def show_agenda(paths: Sequence[Path], guide: Guide, today: date, days: int = DEFAULT_DAYS, who: str | None = None, fmt: str = "text") -> None:
    """`partnerkit agenda`, once parsed (also the quick path's)."""
    from .agenda import build_agenda
    from .formats import agenda as marked

    with hint_if_missing():
        agenda = build_agenda(load_worksheets(list(paths), guide), guide, today, days, who)
    if fmt == "text":
        out().print(marked.text(agenda))
    else:
        sys.stdout.write(marked.markdown(agenda) if fmt == "markdown" else marked.to_json(agenda))
