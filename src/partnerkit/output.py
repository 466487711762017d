"""The two consoles: stdout for results, stderr for errors. Only the CLI layer prints."""

from __future__ import annotations

import io
from functools import cache
from typing import TYPE_CHECKING

from rich.console import Console, RenderableType
from rich.text import Text

from .errors import EXIT_INTERRUPTED, EXIT_INVALID, EXIT_USAGE, PartnerkitError, UsageError

if TYPE_CHECKING:
    from .check import Report


@cache
def out() -> Console:
    # Rich drops colour by itself when stdout is not a terminal, and honours NO_COLOR.
    return Console(highlight=False)


@cache
def err() -> Console:
    return Console(stderr=True, highlight=False)


def failed(error: PartnerkitError | KeyboardInterrupt) -> int:
    """Tell the user what stopped the command, on stderr, and return the exit code for it."""
    if isinstance(error, KeyboardInterrupt):
        draft = getattr(error, "draft", None)  # set by the interview once an answer is kept
        kept = f" Your answers so far are in {draft}; run the same command to resume." if draft else ""
        err().print(f"Interrupted.{kept}", soft_wrap=True, markup=False)  # a prompt ends its own line on Ctrl-C
        return EXIT_INTERRUPTED
    report(error)
    return EXIT_USAGE if isinstance(error, UsageError) else EXIT_INVALID


def report(error: PartnerkitError) -> None:
    """Print a user's mistake to stderr: one `error:` line per problem, then the hint."""
    console = err()
    for line in error.lines():
        console.print(Text.assemble(("error: ", "bold red"), line), soft_wrap=True)
    if error.hint:
        console.print(Text(f"hint: {error.hint}", style="dim"), soft_wrap=True)


def print_report(report: Report) -> None:
    """`check`'s findings on stdout (they are its result), one unwrapped line each, then a summary."""
    console = out()
    for kind, line in report.lines():
        console.print(Text(line, style="yellow" if kind == "warning" else "red"), soft_wrap=True)
    console.print(Text(report.summary(), style="bold"), soft_wrap=True)


def plain_text(*renderables: RenderableType, width: int = 100) -> str:
    """What the renderables look like on a plain 100-column terminal: for `show -o FILE`."""
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False)
    for renderable in renderables:
        console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]
