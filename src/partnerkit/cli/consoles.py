"""The two consoles (stdout for results, stderr for errors) and how problems are printed.

Only the command layer prints. Messages carry text from files (a key, a name, a path), so each
line goes through safetext.visible: one line stays one line, and no control character is live.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.text import Text

from ..errors import EXIT_INTERRUPTED, EXIT_INVALID, EXIT_USAGE, PartnerkitError, UsageError
from ..safetext import visible

if TYPE_CHECKING:
    from ..tracking.checking import Report

MIN_WIDTH = 20  # narrower, every word would be cut to a letter or an ellipsis: lines wrap instead

# Set once "Interrupted." is printed: launch.py says it itself for a Ctrl-C that Typer swallowed
# while parsing the command line (Typer exits 130 there without a word).
interrupt_reported = False


@cache
def out() -> Console:
    # Rich drops colour by itself when stdout is not a terminal, and honours NO_COLOR.
    return _sized(Console(highlight=False))


@cache
def err() -> Console:
    return _sized(Console(stderr=True, highlight=False))


def _sized(console: Console) -> Console:
    """Rich takes COLUMNS=0 (set by some shells and CI runners) as a width of 0 and prints
    nothing; like the standard library, take it as unset: the terminal's width, or 80. Below
    MIN_WIDTH, every word would be cut to a letter or an ellipsis: draw at MIN_WIDTH and wrap."""
    if console.width < 1:
        import shutil

        console.width = shutil.get_terminal_size().columns
    console.width = max(console.width, MIN_WIDTH)
    return console


def failed(error: PartnerkitError | KeyboardInterrupt) -> int:
    """Tell the user what stopped the command, on stderr, and return the exit code for it."""
    global interrupt_reported
    if isinstance(error, KeyboardInterrupt):
        interrupt_reported = True
        draft = getattr(error, "draft", None)  # set by the interview once an answer is kept
        kept = f" Your answers so far are in {draft}; run the same command to resume." if draft else ""
        err().print(Text(visible(f"Interrupted.{kept}", one_line=True)), soft_wrap=True)  # a prompt ends its own line
        return EXIT_INTERRUPTED
    report(error)
    return getattr(error, "exit_code", None) or (EXIT_USAGE if isinstance(error, UsageError) else EXIT_INVALID)


def bug_report(error: BaseException) -> int:
    """A bug while an encrypted worksheet was open: the traceback's frames, but not its message.

    An exception's message can quote the data it choked on; the terminal, its scrollback and a
    pasted bug report are not encrypted. Where the code failed is enough to fix it.
    """
    import traceback

    frames = "".join(traceback.format_tb(error.__traceback__))
    err().print(Text(f"Traceback (most recent call last):\n{frames}{type(error).__name__}: (message hidden: an encrypted worksheet is open)"), soft_wrap=True)
    err().print(Text("error: partnerkit hit a bug; please report it with the lines above", style="bold red"), soft_wrap=True)
    return EXIT_INVALID


def problems(error: PartnerkitError) -> Group:
    """An `error:` line per problem, then the hint.

    Once an encrypted worksheet has been decrypted, values quoted in messages are hidden: the
    terminal and its scrollback are not encrypted, and FILE:LINE:COL says where to look.
    """
    from ..files.age import opened_any, quiet

    hide = quiet if opened_any() else str
    lines = [Text.assemble(("error: ", "bold red"), visible(hide(line), one_line=True)) for line in error.lines()]
    if error.hint:
        lines.append(Text(f"hint: {visible(error.hint, one_line=True)}", style="dim"))
    return Group(*lines)


def report(error: PartnerkitError) -> None:
    """Print a user's mistake to stderr: one `error:` line per problem, then the hint."""
    err().print(problems(error), soft_wrap=True)


def interactive() -> bool:
    """Whether a person can answer a question here: stdin and stderr (where questions go) are a terminal."""
    import sys

    return sys.stdin.isatty() and sys.stderr.isatty()


def ask_passphrase(prompt: str, confirm: bool) -> str:
    """A passphrase typed without echo at the terminal (twice to confirm a new one)."""
    import getpass
    import sys

    if not interactive():
        raise UsageError(f"{prompt}: a passphrase can only be typed in a terminal", hint="give a key file with --identity (or $PARTNERKIT_IDENTITY) instead")
    secret = getpass.getpass(f"{visible(prompt, one_line=True)}: ", stream=sys.stderr)
    if not secret:
        raise PartnerkitError("no passphrase typed; nothing was changed")
    if confirm and getpass.getpass("Again, to confirm: ", stream=sys.stderr) != secret:
        raise PartnerkitError("the two passphrases differ; nothing was changed")
    return secret


def print_report(report: Report) -> None:
    """`check`'s findings on stdout (they are its result), one unwrapped line each, then a summary."""
    console = out()
    for kind, line in report.lines():
        console.print(Text(visible(line, one_line=True), style="yellow" if kind == "warning" else "red"), soft_wrap=True)
    console.print(Text(visible(report.summary(), one_line=True), style="bold"), soft_wrap=True)
