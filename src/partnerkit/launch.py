"""The `partnerkit` command's entry point, with a quick path for the two commands run most.

People run `partnerkit show FILE` and `partnerkit check FILE` again and again while editing a
worksheet. Importing Typer and building its commands costs about as much as drawing the table,
so these two, in their plain forms (no option at all), go straight to the same functions the Typer
commands call (present.py), with those functions' defaults, which are the commands' own. Every
other command line goes through the full Typer CLI, which owns parsing, help and usage errors.
tests/test_launch.py proves both paths print the same, under varied environments.
"""

from __future__ import annotations

import atexit
import gc
import sys
from pathlib import Path

from .worksheet import DEFAULT_FILE

QUICK_COMMANDS = ("show", "check")


def quick_form(args: list[str]) -> tuple[str, Path] | None:
    """(command, file) for `show [FILE]` or `check [FILE]` without options; None for anything else."""
    if not args or args[0] not in QUICK_COMMANDS or len(args) > 2:
        return None
    if len(args) == 2 and (args[1].startswith("-") or not args[1]):
        return None
    return args[0], Path(args[1]) if len(args) == 2 else DEFAULT_FILE


def run_quick(command: str, file: Path) -> int:
    from .errors import EXIT_OK, PartnerkitError
    from .guide_loading import load_guide
    from .output import failed
    from .present import check, present

    try:
        guide = load_guide()  # honours $PARTNERKIT_GUIDE, as the Typer path does
        if command == "check":
            return check(file, guide)
        present([file], guide)
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
