"""The two consoles: stdout for results, stderr for errors. Only the CLI layer prints."""

from __future__ import annotations

from functools import cache

from rich.console import Console
from rich.text import Text

from .errors import PartnerkitError


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
