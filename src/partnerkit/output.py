"""The two consoles: stdout for results, stderr for errors. Only the CLI layer prints."""

from __future__ import annotations

import io
from functools import cache
from typing import TYPE_CHECKING

from rich.console import Console, RenderableType
from rich.text import Text

from .errors import PartnerkitError

if TYPE_CHECKING:
    from .check import Report


@cache
def out() -> Console:
    # Rich drops colour by itself when stdout is not a terminal, and honours NO_COLOR.
    return Console(highlight=False)


@cache
def err() -> Console:
    return Console(stderr=True, highlight=False)


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


def plain_text(renderable: RenderableType, width: int = 100) -> str:
    """What the renderable looks like on a plain 100-column terminal: for `show -o FILE`."""
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]
