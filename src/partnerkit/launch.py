"""The `partnerkit` command's entry point, with a quick path for the two commands run most.

People run `partnerkit show FILE` and `partnerkit check FILE` again and again while editing a
worksheet, and `partnerkit agenda [FILE...]` every few days. Typer alone costs more than drawing the table (its import, and building a pydantic
validator for every option of every command), so these three, in their plain forms, go straight to
the same functions the Typer commands call (present.py), with the core's defaults. Every other command line, including any
option, goes through the full Typer CLI, which owns parsing, help and usage errors. `log`, a
write run every few days, takes a quick path too when its command line is plain: its options
are read by the Typer command's own declarations (names, defaults, types), never restated here.
"""

from __future__ import annotations

import atexit
import gc
import inspect
import sys
import typing
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

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


def quick_log(args: list[str]) -> dict[str, Any] | None:
    """`log`'s arguments, split by the Typer command's own parser and converted to the types its
    function declares. None for anything else, or anything the parser or a conversion refuses
    (help, an unknown option, a bad value): Typer then runs it and says what is wrong. Typer's own
    run would import a validation library and build a validator per parameter: most of the time.
    """
    if not args or args[0] != "log":
        return None
    from typer.main import get_command

    from .cli import app, log_command

    command = get_command(app).commands["log"]  # type: ignore[attr-defined]
    try:
        parsed, rest, _ = command.make_parser(command.context_class(command, info_name="log")).parse_args(args[1:])
    except Exception:  # noqa: BLE001 - any refusal: let Typer parse it and say what is wrong
        return None
    declared = typing.get_type_hints(log_command, include_extras=True)
    values = {name: p.default for name, p in inspect.signature(log_command).parameters.items()}
    if rest or set(parsed) - set(values):  # extra arguments, or --help
        return None
    for name, raw in parsed.items():
        if raw is None:
            continue
        kind, info = typing.get_args(declared[name])[:2]
        values[name] = _convert(raw, kind, info)
        if values[name] is None:
            return None
    if any(value is inspect.Parameter.empty for value in values.values()):
        return None  # a required argument is missing
    return values


def _convert(value: str, kind: Any, info: Any) -> Any:
    """`value` as the declared type, for the types `log` declares; None if it does not convert."""
    options = [k for k in typing.get_args(kind) if k is not type(None)] or [kind]
    if len(options) != 1 or not isinstance(value, str):
        return None
    target = options[0]
    try:
        if isinstance(target, type) and issubclass(target, Enum):
            return target(value)
        if target is datetime:
            return next(filter(None, (_strptime(value, f) for f in info.formats or ())), None)
        if target in (str, Path):
            return target(value)
    except ValueError:
        return None
    return None


def _strptime(value: str, form: str) -> datetime | None:
    try:
        return datetime.strptime(value, form)
    except ValueError:
        return None


def run_log(values: dict[str, Any]) -> int:
    from .cli import log_command
    from .errors import EXIT_OK, PartnerkitError
    from .output import failed

    try:
        log_command(**values)
        return EXIT_OK
    except (PartnerkitError, KeyboardInterrupt) as error:
        return failed(error)


def main() -> None:
    # Skip the collector's pass over every object at exit: a few milliseconds on each run. Files
    # are closed (and fsync'd) by their `with` blocks, and stdout is flushed at exit regardless.
    atexit.register(gc.freeze)
    logged = quick_log(sys.argv[1:])
    if logged is not None:
        sys.exit(run_log(logged))
    quick = quick_form(sys.argv[1:])
    if quick is None:
        from .cli import main as full_cli

        full_cli()
        return
    sys.exit(run_quick(*quick))
