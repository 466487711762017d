"""The command line: parse arguments, call the core, print, and map errors to exit codes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import InvalidFile, PartnerkitError, UsageError

EXIT_OK = 0
EXIT_INVALID = 1  # a worksheet or guide that is missing, unreadable or invalid
EXIT_USAGE = 2  # a command line that makes no sense (typer uses 2 for these too)
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT

DEFAULT_FILE = Path("worksheet.yaml")


class _Commands(TyperGroup):
    """Turns the core's PartnerkitError into one readable message and an exit code, in one place."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except PartnerkitError as error:
            from .output import report

            report(error)
            raise typer.Exit(EXIT_USAGE if isinstance(error, UsageError) else EXIT_INVALID) from None
        except KeyboardInterrupt as interrupt:
            draft = getattr(interrupt, "draft", None)  # set by the interview once an answer is kept
            kept = f" Your answers so far are in {draft}; run the same command to resume." if draft else ""
            typer.echo(f"Interrupted.{kept}", err=True)  # a prompt ends its own line on Ctrl-C
            raise typer.Exit(EXIT_INTERRUPTED) from None


app = typer.Typer(
    cls=_Commands,
    help="Plan who to partner with for an action: a guided interview and a worksheet file.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # plain help and usage errors: readable when piped, and quick to start
    pretty_exceptions_show_locals=False,  # worksheets hold people's names and contacts
)

WorksheetArg = Annotated[Path, typer.Argument(help="The worksheet file.", show_default=True)]
GuideOption = Annotated[
    Optional[Path],
    typer.Option("--guide", metavar="DIR", help="Use this guide folder instead of the bundled one. [env: PARTNERKIT_GUIDE]"),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"partnerkit {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Plan who to partner with for an action: a guided interview and a worksheet file.

    Example: partnerkit init --example && partnerkit show
    """


@app.command()
def show(file: WorksheetArg = DEFAULT_FILE, guide: GuideOption = None) -> None:
    """Show a worksheet as a table shaped like the paper worksheet.

    Example: partnerkit show worksheet.yaml
    """
    from .guide import load_guide
    from .output import out
    from .render import worksheet_view

    loaded = load_guide(guide)
    out().print(worksheet_view(_worksheet(file, loaded), loaded))


@app.command()
def init(
    file: WorksheetArg = DEFAULT_FILE,
    example: Annotated[bool, typer.Option("--example", help="Write a filled-in example instead of a blank worksheet.")] = False,
    force: ForceOption = False,
    guide: GuideOption = None,
) -> None:
    """Write a blank worksheet to fill in by hand (or a filled-in example).

    Example: partnerkit init team.yaml
    """
    from .guide import load_guide
    from .worksheet import write_new_worksheet

    written = write_new_worksheet(file, load_guide(guide), example=example, force=force)
    typer.echo(f"Wrote {written}. Edit it in any text editor, then: partnerkit show {file}")


@app.command()
def new(
    file: WorksheetArg = DEFAULT_FILE,
    source: Annotated[Optional[Path], typer.Option("--from", metavar="FILE", help="Start from this worksheet's answers.")] = None,
    resume: Annotated[Optional[bool], typer.Option("--resume/--no-resume", help="Resume a draft without asking, or ignore it.", show_default=False)] = None,
    force: ForceOption = False,
    guide: GuideOption = None,
) -> None:
    """Fill in a worksheet by answering the guide's questions (Ctrl-C keeps a draft to resume).

    Example: partnerkit new team.yaml --from team.yaml
    """
    from .guide import load_guide
    from .output import out
    from .prompter import TerminalPrompter, require_terminal
    from .session import new_worksheet

    require_terminal()
    loaded = load_guide(guide)
    saved = new_worksheet(file, loaded, TerminalPrompter(loaded, out()), source=source, resume=resume, force=force)
    if saved is not None:
        typer.echo(loaded.phrases["saved"].format(file=saved))
        typer.echo(loaded.phrases["next_steps"].format(file=saved))


@app.command("guide")
def guide_command(
    category: Annotated[Optional[str], typer.Argument(help="Only this category's guidance (its id).")] = None,
    guide: GuideOption = None,
) -> None:
    """Read the guidance: why partner, with whom, what to weigh, and general tips.

    Example: partnerkit guide jewish
    """
    from .guide import load_guide
    from .output import out
    from .render import guide_view
    from .yamlio import did_you_mean

    loaded = load_guide(guide)
    if category is not None and category not in loaded.category_ids:
        known = ", ".join(loaded.category_ids)
        raise typer.BadParameter(f"no category {category!r}{did_you_mean(category, known.split(', '))}; choose from {known}")
    out().print(guide_view(loaded, loaded.category(category) if category else None))


def _worksheet(file: Path, guide: Any) -> Any:
    from .worksheet import load_worksheet

    try:
        return load_worksheet(file, guide)
    except PartnerkitError as error:
        if not isinstance(error, InvalidFile) and not file.exists():
            error.hint = "create one with `partnerkit new` (an interview) or `partnerkit init` (a blank file)"
        raise


def main() -> None:
    app()
