"""The `partnerkit` command's entry point, with a quick path for the two commands run most.

People run `partnerkit show FILE` and `partnerkit check FILE` again and again while editing a
worksheet, and `partnerkit agenda [FILE...]` every few days. Typer alone costs more than drawing the table (its import, and building a pydantic
validator for every option of every command), so these three, in their plain forms, go straight to
the same functions the Typer commands call (present.py), with the core's defaults. Every other command line, including any
option, goes through the full Typer CLI, which owns parsing, help and usage errors.
"""

from __future__ import annotations

import atexit
import gc
import sys
from pathlib import Path

QUICK_COMMANDS = ("show", "check", "agenda")
SEVERAL_FILES = ("agenda",)  # takes FILE... (show does too, but its quick form is the one-file table)


def quick_form(args: list[str]) -> tuple[str, list[Path]] | None:
    """(command, files) for `show [FILE]`, `check [FILE]` or `agenda [FILE...]` without options;
    None for anything else.
    """
    if not args or args[0] not in QUICK_COMMANDS:
        return None
    files = args[1:]
    if len(files) > (1 if args[0] not in SEVERAL_FILES else 100) or any(f.startswith("-") or not f for f in files):
        return None
    return args[0], [Path(f) for f in files or ["worksheet.yaml"]]


def run_quick(command: str, files: list[Path]) -> int:
    from .errors import EXIT_OK, PartnerkitError
    from .guide_loading import load_guide
    from .output import failed
    from .present import check, present, show_agenda

    try:
        guide = load_guide()  # honours $PARTNERKIT_GUIDE, as the Typer path does
        if command == "check":
            return check(files[0], guide)
        if command == "agenda":
            from datetime import date

            show_agenda(files, guide, date.today())
            return EXIT_OK
        present(files, guide, (), frozenset(), "table", None)
        return EXIT_OK
    except (PartnerkitError, KeyboardInterrupt) as error:
        return failed(error)


def main() -> None:
    # Skip the collector's pass over every object at exit: a few milliseconds on each run. Files
    # are closed (and fsync'd) by their `with` blocks, and stdout is flushed at exit regardless.
    atexit.register(gc.freeze)
    quick = quick_form(sys.argv[1:])
    if quick is None:
        from .cli import main as full_cli

        full_cli()
        return
    sys.exit(run_quick(*quick))
