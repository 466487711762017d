"""What `show` and `check` do once their arguments are parsed.

Shared by the Typer commands in cli.py and by the quick start-up path in launch.py, so both give
the same output, messages and exit codes.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from functools import partial
from pathlib import Path

from rich.text import Text

from ..tracking.agenda import DEFAULT_DAYS
from ..errors import EXIT_INVALID, EXIT_OK, PartnerkitError, hint_if_missing
from ..present.formats import Format, render
from ..guide.model import Guide
from .consoles import err, out, print_report, problems
from ..safetext import visible
from ..present.view import build_view
from ..worksheet.model import Status
from ..worksheet.parse import load_worksheets


def present(
    paths: Sequence[Path],
    guide: Guide,
    categories: tuple[str, ...] = (),
    statuses: frozenset[Status] = frozenset(),
    fmt: str = Format.TABLE,
    output: Path | None = None,
    *,
    watch: bool = False,
    force: bool = False,
    redact: bool = False,
) -> None:
    """Show the worksheets once, or again on every change until Ctrl-C (`watch`); `redact` leaves out the private fields.

    The defaults are `show`'s with no options: every partner, the table, on screen.
    """
    draw = partial(_draw, paths, guide, categories, statuses, fmt, output, force, redact)
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

    from ..files.watch import watch as watch_files

    watch_files(list(paths), redraw)


def _draw(
    paths: Sequence[Path],
    guide: Guide,
    categories: tuple[str, ...],
    statuses: frozenset[Status],
    fmt: str,
    output: Path | None,
    force: bool = False,
    redact: bool = False,
) -> None:
    sources = load_worksheets(list(paths), guide)
    if redact:
        from ..worksheet.privacy import redact as without_private

        sources = tuple((path, without_private(worksheet, guide.private, guide.withheld)) for path, worksheet in sources)
    view = build_view(sources, guide, categories, statuses)
    if fmt == Format.TABLE and output is None:
        from ..present.formats.table import parts

        for part in parts(view, out().width):  # part by part: Rich holds all of one print in memory
            out().print(part)
        return
    text = render(view, Format(fmt), to_file=output is not None)
    if output is None:
        write_export(text)
    else:
        write_export_file(output, text, paths, redact, force=force)
        err().print(Text(visible(f"Wrote {output}.", one_line=True)), soft_wrap=True)


def write_export(text: str) -> None:
    """An export on stdout is a file's content: UTF-8 whatever the locale (LANG=C would garble it)."""
    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:  # a test's or an IDE's text-only stream
        sys.stdout.write(text)
    else:
        binary.write(text.encode("utf-8"))
        binary.flush()


def write_export_file(output: Path, text: str, paths: Sequence[Path], redact: bool, *, force: bool = False) -> None:
    """Write an export; the whole text of an encrypted worksheet only to an encrypted file (-o FILE.age)."""
    from ..files import age as sealed

    locked = next((path for path in paths if sealed.is_sealed(path)), None)
    if locked is not None and not redact and not sealed.is_sealed(output):
        raise PartnerkitError(
            f"{locked} is encrypted: its whole text would be written unencrypted to {output}; nothing was written",
            hint=f"add --redact to leave out the private fields, or write to {output}.age to keep it encrypted",
        )
    sealed.write(output, text, like=locked if sealed.is_sealed(output) and locked else None, force=force)


def check(path: Path, guide: Guide, *, strict: bool = False, as_json: bool = False) -> int:
    """Print every problem and warning in the worksheet; the exit code says whether it passed."""
    from ..tracking.checking import check_file

    report = check_file(path, guide, today=date.today())  # a missing file is one of its errors
    if as_json:
        from ..present.formats.json import dumps

        write_export(dumps(report.to_data()) + "\n")
    else:
        print_report(report)
    return EXIT_OK if report.passed(strict) else EXIT_INVALID


def show_agenda(
    paths: Sequence[Path],
    guide: Guide,
    today: date | None = None,
    days: int = DEFAULT_DAYS,
    who: str | None = None,
    fmt: str = "text",
    *,
    redact: bool = False,
) -> None:
    """`partnerkit agenda`, once parsed; its defaults are the command's (the quick path uses them)."""
    from ..tracking.agenda import build_agenda
    from ..present.formats import agenda as marked

    with hint_if_missing():
        sources = load_worksheets(list(paths), guide)
        if redact:  # before the agenda is built, as for show
            from ..worksheet.privacy import redact as without_private

            sources = tuple((path, without_private(worksheet, guide.private, guide.withheld)) for path, worksheet in sources)
        agenda = build_agenda(sources, guide, today or date.today(), days, who)
    if fmt == "text":
        out().print(marked.text(agenda))
    else:
        sys.stdout.write(marked.markdown(agenda) if fmt == "markdown" else marked.to_json(agenda))
