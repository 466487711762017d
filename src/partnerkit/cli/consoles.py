"""The two consoles: stdout for results, stderr for errors, questions and notices.

Only the command layer prints, and only through these. Rich drops colour by itself when a stream
is not a terminal, and honours NO_COLOR.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rich.console import Console

from ..catalog import _
from ..errors import PartnerkitError, UsageError
from ..files.age import Keyring
from ..safetext import visible

MIN_WIDTH = 20  # narrower, every word would be cut to a letter or an ellipsis: lines wrap instead


@cache
def out() -> Console:
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


def say(text: str, *, style: str = "", to_stderr: bool = False) -> None:
    """One message from a file's words or the catalog, made safe, on one unwrapped line."""
    from rich.text import Text

    (err() if to_stderr else out()).print(Text(visible(text, one_line=True), style=style), soft_wrap=True)


def interactive() -> bool:
    """Whether a person can answer a question here: stdin and stderr (where questions go) are a terminal."""
    import sys

    return sys.stdin.isatty() and sys.stderr.isatty()


def yes_no_answers() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a person may type for yes and for no, in their language (y, yes / n, no; s, sí, si / n, no),
    casefolded; the first of each is the letter shown as a default."""
    return tuple(_("prompt.yes_answers").casefold().split()), tuple(_("prompt.no_answers").casefold().split())


def confirmed(question: str, default: bool = False) -> bool:
    """A yes/no question on stderr, answered on stdin with the language's letters; Enter takes the default."""
    import sys

    yes, no = yes_no_answers()
    suffix = _("prompt.yes_no.default_yes") if default else _("prompt.yes_no.default_no")
    while True:
        err().print(f"{visible(question, one_line=True)} {suffix} ", end="", markup=False, highlight=False, soft_wrap=True)
        line = sys.stdin.readline()
        if not line:  # input ended
            raise PartnerkitError(_("cli.input_ended"))
        answer = line.strip().casefold()
        if not answer:
            return default
        if answer in yes + no:
            return answer in yes
        say(_("prompt.yes_no.again", yes=yes[0], no=no[0]), to_stderr=True)


def ask_passphrase(prompt: str, confirm: bool) -> str:
    """A passphrase typed without echo at the terminal (twice to confirm a new one)."""
    import getpass
    import sys

    if not interactive():
        raise UsageError(_("passphrase.no_terminal", prompt=prompt), hint=_("passphrase.no_terminal.hint"))
    secret = getpass.getpass(_("passphrase.prompt", prompt=visible(prompt, one_line=True)), stream=sys.stderr)
    if not secret:
        raise PartnerkitError(_("passphrase.none_typed"))
    if confirm and getpass.getpass(_("passphrase.again"), stream=sys.stderr) != secret:
        raise PartnerkitError(_("passphrase.differ"))
    return secret


def keyring(identity: Path | None = None) -> Keyring:
    """How a command opens .age worksheets: the key given (--identity), else $PARTNERKIT_IDENTITY or
    the key `key new` made, else a passphrase typed at the terminal."""
    return Keyring(identity, ask_passphrase)


@cache
def command_name() -> str:
    """How to run partnerkit again, for the hints that name a command: `partnerkit` when that
    name on PATH is this program, else the path it was started by (`.venv/bin/partnerkit` after
    `make run`, which installs it in the project's folder only)."""
    import os
    import shlex
    import shutil
    import sys

    started = sys.argv[0] if sys.argv else ""
    if os.path.basename(started) != "partnerkit":  # python -m, a test runner: the usual name
        return "partnerkit"
    found = shutil.which("partnerkit")
    if found and os.path.realpath(found) == os.path.realpath(started):
        return "partnerkit"
    path = os.path.abspath(started)
    here = os.getcwd()
    if path.startswith(here + os.sep):
        path = os.path.join(".", os.path.relpath(path, here)) if os.sep not in os.path.relpath(path, here) else os.path.relpath(path, here)
    return shlex.quote(path)


def shell_word(path: object) -> str:
    """A path as a hint's command line needs it: quoted if the shell would split or expand it."""
    import shlex

    return shlex.quote(str(path))


def write_export(text: str) -> None:
    """An export on stdout is a file's content: UTF-8 whatever the locale (LANG=C would garble it)."""
    import sys

    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:  # a test's or an IDE's text-only stream
        sys.stdout.write(text)
    else:
        binary.write(text.encode("utf-8"))
        binary.flush()
