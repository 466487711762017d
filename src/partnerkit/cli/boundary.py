"""The one place an error becomes a message and an exit code, for the Typer commands and the quick path alike.

A user's mistake (PartnerkitError) prints `error:` lines and a `hint:` line on stderr; Ctrl-C
prints one line; a bug keeps its traceback, but while an encrypted worksheet is open the traceback
loses its message (it could quote the decrypted text), and values quoted in messages are hidden.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..catalog import _
from ..errors import EXIT_INTERRUPTED, EXIT_INVALID, EXIT_USAGE, PartnerkitError, UsageError, is_stdout_error
from ..safetext import visible
from .consoles import err

if TYPE_CHECKING:
    from rich.console import Group

    from ..files.age import Keyring

# Set once "Interrupted." is printed: main.py says it itself for a Ctrl-C that Typer swallowed
# while parsing the command line (Typer exits 130 there without a word).
interrupt_reported = False


def exit_code(error: BaseException, keys: Keyring | None) -> int:
    """Report `error` and return the exit code for it; anything but a user's mistake, Ctrl-C, or a
    bug while decrypted text is held is raised again (its traceback is Python's), as is an exit."""
    if isinstance(error, PartnerkitError | KeyboardInterrupt):
        return failed(error, keys)
    if isinstance(error, SystemExit) or is_stdout_error(error):  # an exit (Rich's on a broken pipe), or output gone: main.py's
        raise error
    if keys is not None and keys.opened:
        return bug_report(error)
    raise error


def failed(error: PartnerkitError | KeyboardInterrupt, keys: Keyring | None = None) -> int:
    """Tell the user what stopped the command, on stderr, and return the exit code for it."""
    global interrupt_reported
    if isinstance(error, KeyboardInterrupt):
        interrupt_reported = True
        draft = getattr(error, "draft", None)  # set by the interview once an answer is kept
        _line(_("cli.interrupted_draft_kept", draft=draft) if draft else _("cli.interrupted"))  # a prompt ends its own line
        return EXIT_INTERRUPTED
    err().print(problems(error, keys), soft_wrap=True)
    return getattr(error, "exit_code", None) or (EXIT_USAGE if isinstance(error, UsageError) else EXIT_INVALID)


def problems(error: PartnerkitError, keys: Keyring | None = None) -> Group:
    """An `error:` line per problem, then the hint.

    Once an encrypted worksheet has been decrypted, values quoted in messages are hidden: the
    terminal and its scrollback are not encrypted, and FILE:LINE:COL says where to look.
    """
    from rich.console import Group
    from rich.text import Text

    from ..files.age import quiet

    hide = quiet if keys is not None and keys.opened else str
    lines = [Text.assemble((_("cli.error_prefix"), "bold red"), visible(hide(line), one_line=True)) for line in error.lines()]
    if error.hint:
        lines.append(Text(_("cli.hint_line", hint=visible(error.hint, one_line=True)), style="dim"))
    return Group(*lines)


def bug_report(error: BaseException) -> int:
    """A bug while an encrypted worksheet was open: the traceback's frames, but not its message.

    An exception's message can quote the data it choked on; the terminal, its scrollback and a
    pasted bug report are not encrypted. Where the code failed is enough to fix it.
    """
    import traceback

    frames = "".join(traceback.format_tb(error.__traceback__))
    _line(_("cli.bug_traceback", frames=frames, kind=type(error).__name__), plain=True)
    _line(_("cli.bug_report"), style="bold red")
    return EXIT_INVALID


def _line(text: str, *, style: str = "", plain: bool = False) -> None:
    from rich.text import Text

    err().print(Text(text if plain else visible(text, one_line=True), style=style), soft_wrap=True)
