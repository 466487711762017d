"""The quick path: `show [FILE]`, `check [FILE]` and `agenda [FILE...]` skip Typer, with no option but
the key for .age worksheets (`-i KEY`).

People run `partnerkit show FILE` and `partnerkit check FILE` again and again while editing a
worksheet, and `partnerkit agenda [FILE...]` every few days, with `-i KEY` when the worksheet is
encrypted. Importing Typer and building its commands costs about as much as drawing the table, so
these, in their plain forms, go straight to the same functions the Typer commands call, with those
functions' defaults, which are the commands' own, and through the same error boundary. Every other
command line (another option, the key given twice or oddly, `--`) goes through the full Typer CLI,
which owns parsing, help and usage errors. tests/test_quick_path.py proves both paths print the
same, under varied environments.
"""

from __future__ import annotations

from pathlib import Path

from ..worksheet.model import DEFAULT_FILE

QUICK_COMMANDS = ("show", "check", "agenda")
SEVERAL_FILES = ("agenda",)  # takes FILE... (show does too, but its quick form is the one-file table)
IDENTITY_OPTIONS = ("--identity", "-i")  # partnerkit's own option, for any command (cli/options.py)


def quick_form(args: list[str]) -> tuple[str, list[Path], Path | None] | None:
    """(command, files, key) for `show [FILE]`, `check [FILE]` or `agenda [FILE...]` without options
    but one `-i KEY` (`--identity KEY`, `--identity=KEY`) anywhere; None for anything else."""
    rest, identity = _key_taken(args)
    if not rest or rest[0] not in QUICK_COMMANDS:
        return None
    files = rest[1:]
    if len(files) > (100 if rest[0] in SEVERAL_FILES else 1) or any(f.startswith("-") or not f for f in files):
        return None
    return rest[0], [Path(f) for f in files] or [DEFAULT_FILE], identity


def _key_taken(args: list[str]) -> tuple[list[str], Path | None]:
    """The arguments without one key option, and the key; ([], None) when it is given in any other
    way than one plain value (twice, empty, like an option): Typer says what it makes of that."""
    rest: list[str] = []
    keys: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in IDENTITY_OPTIONS:
            keys.append(args[index + 1] if index + 1 < len(args) else "")
            index += 2
            continue
        if arg.startswith("--identity="):
            keys.append(arg.partition("=")[2])
        else:
            rest.append(arg)
        index += 1
    if len(keys) > 1 or any(not key or key.startswith("-") for key in keys):
        return [], None
    return rest, Path(keys[0]) if keys else None


def run_quick(command: str, files: list[Path], identity: Path | None = None) -> int:
    """The command, as its Typer form with no options but the key would run it; errors through the one boundary."""
    from ..errors import EXIT_OK
    from ..guide.loading import load_guide
    from .consoles import keyring

    keys = keyring(identity)
    try:
        guide = load_guide()  # honours $PARTNERKIT_GUIDE, as the Typer path does
        if command == "check":
            from .check import check

            return check(files[0], guide, keys)
        if command == "agenda":
            from .agenda import agenda

            agenda(files, guide, keys)
        else:
            from .show import show

            show(files, guide, keys)
        return EXIT_OK
    except BaseException as error:
        from .boundary import exit_code

        return exit_code(error, keys)
