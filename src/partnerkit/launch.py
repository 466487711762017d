"""The `partnerkit` command's entry point, with a quick path for the commands run most.

People run `partnerkit show FILE` and `partnerkit check FILE` again and again while editing a
worksheet, and `partnerkit agenda [FILE...]` every few days. Importing Typer and building its
commands costs about as much as drawing the table, so these, in their plain forms (no option at
all), go straight to the same functions the Typer commands call (present.py), with those
functions' defaults, which are the commands' own. Every other command line goes through the full
Typer CLI, which owns parsing, help and usage errors. tests/test_launch.py proves both paths print
the same, under varied environments.
"""

from __future__ import annotations

import atexit
import gc
import sys
from pathlib import Path

from .worksheet import DEFAULT_FILE

QUICK_COMMANDS = ("show", "check", "agenda")
SEVERAL_FILES = ("agenda",)  # takes FILE... (show does too, but its quick form is the one-file table)


def quick_form(args: list[str]) -> tuple[str, list[Path]] | None:
    """(command, files) for `show [FILE]`, `check [FILE]` or `agenda [FILE...]` without options;
    None for anything else.
    """
    if not args or args[0] not in QUICK_COMMANDS:
        return None
    files = args[1:]
    if len(files) > (100 if args[0] in SEVERAL_FILES else 1) or any(f.startswith("-") or not f for f in files):
        return None
    return args[0], [Path(f) for f in files] or [DEFAULT_FILE]


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
            show_agenda(files, guide)
            return EXIT_OK
        present(files, guide)
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
