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

partnerkit's own options (--identity, --lang) may stand anywhere on a command line; they are read
here too, without Typer: --lang before anything else, so that Typer's help is built in its language.
"""

from __future__ import annotations

from pathlib import Path

from ..worksheet.model import DEFAULT_FILE

QUICK_COMMANDS = ("show", "check", "agenda")
DEFAULT_DAYS = 7  # agenda --days: how far ahead "due soon" looks (both paths' default)
SEVERAL_FILES = ("agenda",)  # takes FILE... (show does too, but its quick form is the one-file table)
# partnerkit's own options, each taking a value: they belong before the command, people type them anywhere.
IDENTITY_OPTIONS = ("--identity", "-i")
LANG_OPTION = "--lang"
GLOBAL_OPTIONS = (*IDENTITY_OPTIONS, LANG_OPTION)
_JOINED = tuple(f"{name}=" for name in GLOBAL_OPTIONS if name.startswith("--"))  # --lang=es


def global_first(args: list[str]) -> list[str]:
    """`args` with every --identity FILE (-i FILE, --identity=FILE) and --lang CODE moved before the command.

    They belong to partnerkit itself (every command opens .age worksheets and speaks a language),
    so click reads them only before the command's name; people type them anywhere. Nothing after
    `--` moves.
    """
    moved: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest += args[index:]
            break
        if arg in GLOBAL_OPTIONS and index + 1 < len(args):
            moved += args[index : index + 2]
            index += 2
            continue
        (moved if arg.startswith(_JOINED) else rest).append(arg)
        index += 1
    return moved + rest


def language_option(args: list[str]) -> tuple[str | None, list[str]]:
    """(the --lang CODE given anywhere, the last if several; the arguments without it), read before
    anything is imported, so the help Typer builds is in that language."""
    code, rest = None, []
    ordered = global_first(args)
    index = 0
    while index < len(ordered):
        arg = ordered[index]
        if arg == "--":  # what follows is the command's own
            rest += ordered[index:]
            break
        if arg == LANG_OPTION and index + 1 < len(ordered) and ordered[index + 1] != "--":
            code, index = ordered[index + 1], index + 2
            continue
        if arg.startswith(LANG_OPTION + "="):
            code = arg.partition("=")[2]
        else:
            rest.append(arg)
        index += 1
    return code, rest if code is not None else args


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

            agenda(files, guide, keys, DEFAULT_DAYS)
        else:
            from .show import show

            show(files, guide, keys)
        return EXIT_OK
    except BaseException as error:
        from .boundary import exit_code

        return exit_code(error, keys)
