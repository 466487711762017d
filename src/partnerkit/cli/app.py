"""The Typer app: every command's options, each body a few lines that call the core and print.

Errors of every kind become messages and exit codes in one place (boundary.py), here and on the
quick path alike. The key for .age worksheets (--identity) is read once, into a Keyring that the
commands hand to the core explicitly.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from .. import __version__
from ..errors import EXIT_OK, PartnerkitError
from ..present.formats import Format
from ..safetext import visible
from ..tracking.agenda import DEFAULT_DAYS
from ..worksheet.model import DEFAULT_FILE, Flag, Status
from .options import (
    IDENTITY_OPTIONS,
    AgendaFormat,
    CategoryArg,
    CategoryOption,
    CheckFormat,
    ForceOption,
    ForceWriteOption,
    GuideOption,
    OutputOption,
    RedactOption,
    ShowFormat,
    StatusOption,
    WorksheetArg,
    WorksheetsArg,
    YesOption,
    chosen,
    identity_first,
)


class _Commands(TyperGroup):
    """Hands every error to the boundary; usage errors become `error:` and `hint:` lines too."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except BaseException as error:
            from .boundary import exit_code

            raise typer.Exit(exit_code(error, ctx.obj)) from None

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """The key for .age worksheets may follow the command, as people type it (`show F.age -i KEY`)."""
        return super().parse_args(ctx, identity_first(args))

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """Usage errors as `error:` and `hint:` lines like every other error, not click's Usage block."""
        if not standalone_mode:  # the caller handles click's exceptions itself
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except typer.TyperException as error:  # click's ClickException and its kinds
            sys.exit(_usage_error(error))
        except typer.Abort:  # input ended at one of click's own prompts
            from .boundary import failed

            sys.exit(failed(PartnerkitError("the input ended before the command could finish")))
        sys.exit(code if isinstance(code, int) else EXIT_OK)


def _usage_error(error: Any) -> int:
    """Print click's complaint as `error:` and `hint:` lines; its exit code (2 for usage)."""
    from .boundary import failed

    if type(error).__name__ == "NoArgsIsHelpError":  # plain `partnerkit`: the help, as before
        error.show()
        return int(error.exit_code)
    message = error.format_message().rstrip(".")  # click's sentences, in the style of ours:
    message = message[:1].lower() + message[1:] if message[1:2].islower() else message  # "invalid value ..."
    command = error.ctx.command_path if getattr(error, "ctx", None) is not None else "partnerkit"
    failed(PartnerkitError(message, hint=f"see '{command} --help'"))
    return int(error.exit_code)


app = typer.Typer(
    name="partnerkit",  # the name in usage lines and hints, however the app is started
    cls=_Commands,
    help="Plan who to partner with for an action: a guided interview and a worksheet file.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,  # plain help and usage errors: readable when piped, and quick to start
    pretty_exceptions_show_locals=False,  # worksheets hold people's names and contacts
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"partnerkit {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
    identity: Annotated[
        Optional[Path],
        typer.Option(*IDENTITY_OPTIONS, metavar="FILE", help="Your private key, to open .age worksheets. [env: PARTNERKIT_IDENTITY]"),
    ] = None,
) -> None:
    """Plan who to partner with for an action: a guided interview and a worksheet file.

    Worksheets named FILE.age are encrypted (see `partnerkit lock`): every command opens them with
    your key (--identity, $PARTNERKIT_IDENTITY, or the one `partnerkit key new` made), or asks for
    the passphrase, and saves them encrypted again.

    Example: partnerkit init --example && partnerkit show
    """
    from .consoles import keyring

    ctx.obj = keyring(identity)


def _guide(folder: Path | None) -> Any:
    from ..guide.loading import load_guide

    return load_guide(folder)


@app.command()
def show(
    ctx: typer.Context,
    files: WorksheetsArg = None,
    format: Annotated[ShowFormat, typer.Option("--format", "-f", help="table on screen, or an export: markdown, csv, json, html, ics (calendar).")] = ShowFormat.TABLE,  # noqa: A002
    output: OutputOption = None,
    category: CategoryOption = None,
    status: StatusOption = None,
    watch: Annotated[bool, typer.Option("--watch", help="Show again whenever a file changes, until Ctrl-C (exit 0).")] = False,
    redact: RedactOption = False,
    force: Annotated[bool, typer.Option("--force", help="With -o: replace FILE even if it is read-only or hard-linked.")] = False,
    guide: GuideOption = None,
) -> None:
    """Show worksheets as a table shaped like the paper worksheet, or export them.

    Several files are shown together, with a column for the file each partner comes from.

    Example: partnerkit show --format markdown -o partners.md team-a.yaml team-b.yaml
    """
    from ..worksheet.model import STATUSES
    from .show import same_file
    from .show import show as show_worksheets

    loaded = _guide(guide)
    paths = files or [DEFAULT_FILE]
    if output is not None and any(same_file(output, p) for p in paths):
        raise typer.BadParameter(f"{output} is a worksheet being shown; write to another file", param_hint="'-o'")
    categories = tuple(chosen(category, loaded.category_ids, "category", "--category"))
    statuses = frozenset(Status(s) for s in chosen(status, STATUSES, "status", "--status"))
    show_worksheets(paths, loaded, ctx.obj, categories, statuses, Format(format), output, watch=watch, force=force, redact=redact)


@app.command()
def init(
    ctx: typer.Context,
    file: WorksheetArg = DEFAULT_FILE,
    example: Annotated[bool, typer.Option("--example", help="Write a filled-in example instead of a blank worksheet.")] = False,
    force: ForceOption = False,
    guide: GuideOption = None,
) -> None:
    """Write a blank worksheet to fill in by hand (or a filled-in example).

    Example: partnerkit init team.yaml
    """
    from ..worksheet.store import write_new
    from .consoles import say

    written = write_new(file, _guide(guide), ctx.obj, example=example, force=force)
    say(f"Wrote {written}. Edit it in any text editor, then: partnerkit show {file}")


@app.command()
def new(
    ctx: typer.Context,
    file: WorksheetArg = DEFAULT_FILE,
    source: Annotated[Optional[Path], typer.Option("--from", metavar="FILE", help="Start from this worksheet's answers.")] = None,
    resume: Annotated[Optional[bool], typer.Option("--resume/--no-resume", help="Resume a draft without asking, or ignore it.", show_default=False)] = None,
    force: ForceOption = False,
    guide: GuideOption = None,
    plain: Annotated[bool, typer.Option("--plain", help="One plain line at a time, numbered choices: for screen readers. [env: PARTNERKIT_PLAIN=1; also when TERM=dumb]")] = False,
) -> None:
    """Fill in a worksheet by answering the guide's questions (Ctrl-C keeps a draft to resume).

    Shift-Tab goes back one question; Ctrl-X Ctrl-E writes a long answer in your editor.

    Example: partnerkit new team.yaml --from team.yaml
    """
    from ..interview.run import new_worksheet
    from .consoles import out, say
    from .prompters.plain import PlainPrompter, wants_plain
    from .prompters.terminal import TerminalPrompter, require_terminal

    require_terminal()
    loaded = _guide(guide)
    prompter = (PlainPrompter if wants_plain(plain) else TerminalPrompter)(loaded, out())
    saved = new_worksheet(file, loaded, prompter, source=source, resume=resume, force=force, keys=ctx.obj)
    if saved is not None:
        say(loaded.phrases["saved"].format(file=saved))
        say(loaded.phrases["next_steps"].format(file=saved))


@app.command("guide")
def guide_command(category: CategoryArg = None, guide: GuideOption = None) -> None:
    """Read the guidance: why partner, with whom, what to weigh, and general tips.

    Example: partnerkit guide jewish
    """
    from ..present.formats.guidance import guide_view
    from ..worksheet.privacy import private_fields
    from .consoles import out

    loaded = _guide(guide)
    private_fields(loaded)  # a guide's author sees a mistake in its `private:` list here too
    (picked,) = chosen([category], loaded.category_ids, "category", "CATEGORY") if category else [None]
    out().print(guide_view(loaded, loaded.category(picked) if picked else None))


@app.command()
def check(
    ctx: typer.Context,
    file: WorksheetArg = DEFAULT_FILE,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")] = False,
    format: Annotated[CheckFormat, typer.Option("--format", help="text for people, json for scripts (shape in the README).")] = CheckFormat.TEXT,  # noqa: A002
    guide: GuideOption = None,
) -> None:
    """Check a worksheet: every error as FILE:LINE:COL, and warnings worth a look.

    Exit 0 when valid (warnings allowed unless --strict), 1 when not.

    Example: partnerkit check worksheet.yaml --strict
    """
    from .check import check as check_worksheet

    code = check_worksheet(file, _guide(guide), ctx.obj, strict=strict, fmt=Format(format))
    if code != EXIT_OK:
        raise typer.Exit(code)


@app.command()
def edit(ctx: typer.Context, file: WorksheetArg = DEFAULT_FILE, force: ForceWriteOption = False, guide: GuideOption = None) -> None:
    """Edit a worksheet in your text editor ($VISUAL, $EDITOR, nano or vi); saved only when valid.

    If your text has problems the editor opens again with them listed at the top. Save it empty
    (or unchanged) to give up: the worksheet stays as it was and your text is kept in a file.
    The editor command may carry arguments, e.g. EDITOR="code --wait".

    Example: partnerkit edit worksheet.yaml
    """
    from ..editing.loop import Outcome, edit_file
    from ..errors import hint_if_missing
    from .consoles import say

    loaded = _guide(guide)
    with hint_if_missing():
        outcome = edit_file(file, loaded, force=force, notice=lambda text: say(text, to_stderr=True), keys=ctx.obj)
    say(f"Saved {file}." if outcome is Outcome.SAVED else f"No changes; {file} was left as it was.")


@app.command()
def lock(
    ctx: typer.Context,
    file: WorksheetArg = DEFAULT_FILE,
    to: Annotated[
        Optional[list[str]],
        typer.Option("--to", "-r", metavar="RECIPIENT", help="A teammate's public key (age1... or ssh-ed25519 ...), or a file of them; repeat for each."),
    ] = None,
    passphrase: Annotated[bool, typer.Option("--passphrase", "-p", help="Encrypt to a passphrase you type instead.")] = False,
) -> None:
    """Encrypt a worksheet with age, to your teammates' public keys or a passphrase: FILE becomes FILE.age.

    The keys are kept beside it in FILE.age.recipients, so saving keeps it encrypted to the same
    people; add or remove a teammate there. The plain FILE is overwritten and removed.

    Example: partnerkit lock worksheet.yaml --to age1... --to age1... --to ~/.ssh/id_ed25519.pub
    """
    from ..worksheet.encryption import lock as lock_file
    from .consoles import say

    locked = lock_file(file, list(to or []), ctx.obj, passphrase=passphrase)
    say(f"Wrote {locked}; removed {file}. Open it with: partnerkit show {locked}")


@app.command()
def unlock(ctx: typer.Context, file: Annotated[Path, typer.Argument(help="The encrypted worksheet (FILE.age).")]) -> None:
    """Decrypt FILE.age back to a plain FILE (its .recipients file stays, for `lock` to reuse).

    Example: partnerkit unlock worksheet.yaml.age
    """
    from ..worksheet.encryption import unlock as unlock_file
    from .consoles import say

    plain = unlock_file(file, ctx.obj)
    say(f"Wrote {plain}; removed {file}. It is no longer encrypted.")


key_app = typer.Typer(help="Make a key to open encrypted worksheets.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(key_app, name="key")


@key_app.command("new")
def key_new(file: Annotated[Optional[Path], typer.Argument(help="Where to write it (default: ~/.config/partnerkit/key.txt).", show_default=False)] = None) -> None:
    """Write a new private key (readable only by you; never replaced) and print its public key to share.

    Give the public key (age1...) to whoever locks the team's worksheet. Keep the key file to
    yourself, out of shared folders; without it (or a teammate) the worksheet cannot be opened.

    Example: partnerkit key new
    """
    from ..files.age import default_identity, new_identity
    from .consoles import say

    path = file or default_identity()
    public = new_identity(path)
    say(f"Wrote your private key to {path}. Your public key, to share with your team:", to_stderr=True)
    say(public)


@app.command()
def purge(ctx: typer.Context, file: WorksheetArg = DEFAULT_FILE, yes: YesOption = False, guide: GuideOption = None) -> None:
    """After the action: keep each partner's organization, why and outcome; remove names, plans, notes and history.

    What next year's team needs stays; what could identify or endanger people goes (the plans for
    each ask, notes, history, and the answers the guide marks private). The file is replaced
    atomically, and stays encrypted if it was.

    Example: partnerkit purge worksheet.yaml --yes
    """
    from ..errors import hint_if_missing
    from ..worksheet.privacy import purge_file
    from .consoles import say

    loaded = _guide(guide)
    if not yes:
        _confirm(f"Remove people's names, plans, notes and history from {file}? This cannot be undone.", f"{file} was not changed")
    with hint_if_missing():
        purge_file(file, loaded, ctx.obj)
    say(f"Purged {file}: organizations, why and outcomes kept.")


def _confirm(question: str, refused: str) -> None:
    from ..errors import UsageError
    from .consoles import interactive

    if not interactive():
        raise UsageError("no terminal to confirm in", hint="add --yes to go ahead without asking")
    if not typer.confirm(visible(question, one_line=True), default=False, err=True):
        raise PartnerkitError(refused)


@app.command()
def agenda(
    ctx: typer.Context,
    files: WorksheetsArg = None,
    who: Annotated[Optional[str], typer.Option("--who", metavar="NAME", help="Only the asks NAME makes (flags are always shown).")] = None,
    days: Annotated[int, typer.Option("--days", min=0, help="How far ahead to look for asks due.")] = DEFAULT_DAYS,
    today: Annotated[Optional[datetime], typer.Option("--today", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="Plan as if it were this day.  [default: today]")] = None,
    format: Annotated[AgendaFormat, typer.Option("--format", "-f", help="text on screen, markdown for a team email, json for scripts.")] = AgendaFormat.TEXT,  # noqa: A002
    redact: RedactOption = False,
    guide: GuideOption = None,
) -> None:
    """What to do now, most urgent first: flags, overdue asks, asks due, follow-ups, open questions.

    Several files (one per team) are read together, and an organization two teams plan to ask is named.

    Example: partnerkit agenda --format markdown team-a.yaml team-b.yaml > this-week.md
    """
    from .agenda import agenda as show_agenda

    if who and redact:  # --who matches the names --redact withholds
        raise typer.BadParameter("--who names who makes the asks, which --redact withholds; use one or the other", param_hint="'--who'")
    show_agenda(files or [DEFAULT_FILE], _guide(guide), ctx.obj, today.date() if today else None, days, who, Format(format), redact=redact)


@app.command("log")
def log_command(
    ctx: typer.Context,
    organization: Annotated[str, typer.Argument(metavar="ORG", help="The partner: its name, or the start of a word in it.")],
    note: Annotated[Optional[str], typer.Argument(metavar="NOTE", help="What happened (asked for in a terminal when left out).", show_default=False)] = None,
    status: Annotated[Optional[Status], typer.Option("--status", "-s", help="The partner's status from now on.")] = None,
    by: Annotated[Optional[str], typer.Option("--by", metavar="NAME", help="Who on the team it was.")] = None,
    when: Annotated[Optional[datetime], typer.Option("--date", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="When it happened.  [default: today]")] = None,
    follow_up: Annotated[Optional[datetime], typer.Option("--follow-up", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="When to check back.")] = None,
    flag: Annotated[Optional[Flag], typer.Option("--flag", help="The partner raised a clear flag of harm in our plan.")] = None,
    addressed: Annotated[Optional[Flag], typer.Option("--addressed", help="How we addressed their open flag (say how in NOTE).")] = None,
    file: Annotated[Path, typer.Option("--file", "-F", metavar="FILE", help="The worksheet.")] = DEFAULT_FILE,
    force: ForceWriteOption = False,
    guide: GuideOption = None,
) -> None:
    """Record what happened with a partner: an ask, a reply, a decline, a flag of harm.

    Adds a dated entry to the partner's log, and changes nothing else in the file.

    Example: partnerkit log cosecha "Called Ana; they'll discuss it Thursday" --status asked --follow-up 2027-06-10
    """
    from .log import log_entry

    entry_date = when.date() if when else date.today()
    follow = follow_up.date() if follow_up else None
    log_entry(file, _guide(guide), ctx.obj, organization, note, entry_date, status, by, flag, addressed, follow, force=force)


def main() -> None:
    app()

