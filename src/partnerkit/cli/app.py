"""The Typer app: every command's options, each body a few lines that call the core and print.

Errors of every kind become messages and exit codes in one place (boundary.py), here and on the
quick path alike. The key for .age worksheets (--identity) is read once, into a Keyring that the
commands hand to the core explicitly.
"""

from __future__ import annotations

import copy
import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException
from typer.main import get_command_name

from .. import __version__
from ..catalog import _
from ..errors import EXIT_OK, PartnerkitError
from ..present.formats import Format
from ..worksheet.model import DEFAULT_FILE, Flag, Status
from .helptext import Context, usage_message
from .options import (
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
    TodayOption,
    WorksheetArg,
    WorksheetsArg,
    YesOption,
    choose_language,
    chosen,
    day,
)
from .quick import DEFAULT_DAYS, GLOBAL_OPTIONS, IDENTITY_OPTIONS, LANG_OPTION, global_first


class _Group(TyperGroup):
    """A group whose help, and every command's in it, is drawn in the reader's language (helptext.py)."""

    context_class = Context

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            command.context_class = Context  # its help, drawn in the reader's language too
        return command


class _Commands(_Group):
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
        """partnerkit's own options may follow the command, as people type them (`show F.age -i KEY --lang es`)."""
        return super().parse_args(ctx, global_first(args))

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

            sys.exit(failed(PartnerkitError(_("cli.input_ended"))))
        sys.exit(code if isinstance(code, int) else EXIT_OK)


def _usage_error(error: Any) -> int:
    """Print click's complaint as `error:` and `hint:` lines, in the reader's language; its exit code (2 for usage)."""
    from .boundary import failed

    if type(error).__name__ == "NoArgsIsHelpError":  # plain `partnerkit`: the help, as before
        error.show()
        return int(error.exit_code)
    message = usage_message(error)
    command = error.ctx.command_path if getattr(error, "ctx", None) is not None else "partnerkit"
    failed(PartnerkitError(message, hint=_("cli.see_help", command=command)))
    return int(error.exit_code)


app = typer.Typer(
    name="partnerkit",  # the name in usage lines and hints, however the app is started
    cls=_Commands,
    help=_("help.app"),
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,  # plain help and usage errors: readable when piped, and quick to start
    pretty_exceptions_show_locals=False,  # worksheets hold people's names and contacts
)


def _language(value: str | None) -> str | None:
    """--lang: main.py chose it before the help was built; here too, for the app run in-process."""
    if value is not None:
        choose_language(value)
    return value


def _version(value: bool) -> None:
    if value:
        typer.echo(f"partnerkit {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help=_("help.version"))] = False,
    identity: Annotated[
        Optional[Path],
        typer.Option(*IDENTITY_OPTIONS, metavar="FILE", help=_("help.identity")),
    ] = None,
    lang: Annotated[Optional[str], typer.Option(LANG_OPTION, metavar="CODE", help=_("help.lang"), callback=_language, is_eager=True)] = None,
) -> None:
    """Plan who to partner with for an action: a guided interview and a worksheet file.

    Worksheets named FILE.age are encrypted (see `partnerkit lock`): every command opens them with
    your key (--identity, $PARTNERKIT_IDENTITY, or the one `partnerkit key new` made), or asks for
    the passphrase, and saves them encrypted again.

    Example: partnerkit init --example && partnerkit show
    """
    from .consoles import keyring

    ctx.obj = keyring(identity)


def _notice(text: str) -> None:
    """A write's notice beside its result (an answer saved as its choice's id, say), on stderr."""
    from .consoles import say

    say(text, style="yellow", to_stderr=True)


def _guide(folder: Path | None) -> Any:
    from ..guide.loading import load_guide

    return load_guide(folder)


@app.command(help=_("help.show"))
def show(
    ctx: typer.Context,
    files: WorksheetsArg = None,
    format: Annotated[ShowFormat, typer.Option("--format", "-f", help=_("help.show.format"))] = ShowFormat.TABLE,  # noqa: A002
    output: OutputOption = None,
    category: CategoryOption = None,
    status: StatusOption = None,
    watch: Annotated[bool, typer.Option("--watch", help=_("help.show.watch"))] = False,
    redact: RedactOption = False,
    force: Annotated[bool, typer.Option("--force", help=_("help.show.force"))] = False,
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
        raise typer.BadParameter(_("show.output_is_shown", output=output), param_hint="'-o'")
    categories = tuple(chosen(category, loaded.category_ids, _("cli.noun.category"), "--category"))
    statuses = frozenset(Status(s) for s in chosen(status, STATUSES, _("cli.noun.status"), "--status"))
    show_worksheets(paths, loaded, ctx.obj, categories, statuses, Format(format), output, watch=watch, force=force, redact=redact)


@app.command(help=_("help.init"))
def init(
    ctx: typer.Context,
    file: WorksheetArg = DEFAULT_FILE,
    example: Annotated[bool, typer.Option("--example", help=_("help.init.example"))] = False,
    force: ForceOption = False,
    guide: GuideOption = None,
) -> None:
    """Write a blank worksheet to fill in by hand (or a filled-in example).

    Example: partnerkit init team.yaml
    """
    from ..worksheet.store import write_new
    from .consoles import command_name, say, shell_word

    written = write_new(file, _guide(guide), ctx.obj, example=example, force=force)
    say(_("init.wrote", written=written, command=command_name(), file=shell_word(file)))


@app.command(help=_("help.new"))
def new(
    ctx: typer.Context,
    file: WorksheetArg = DEFAULT_FILE,
    source: Annotated[Optional[Path], typer.Option("--from", metavar="FILE", help=_("help.new.from"))] = None,
    resume: Annotated[Optional[bool], typer.Option("--resume/--no-resume", help=_("help.new.resume"), show_default=False)] = None,
    force: ForceOption = False,
    guide: GuideOption = None,
    plain: Annotated[bool, typer.Option("--plain", help=_("help.new.plain"))] = False,
) -> None:
    """Fill in a worksheet by answering the guide's questions (Ctrl-C keeps a draft to resume).

    Shift-Tab goes back one question; Ctrl-X Ctrl-E writes a long answer in your editor.

    Example: partnerkit new team.yaml --from team.yaml
    """
    from ..files.age import is_sealed
    from ..interview.run import new_worksheet
    from .consoles import command_name, out, say, shell_word
    from .prompters.plain import PlainPrompter, editor_files, wants_plain
    from .prompters.terminal import TerminalPrompter, require_terminal

    require_terminal()
    loaded = _guide(guide)
    with editor_files(is_sealed(file) or (source is not None and is_sealed(source))) as editor:
        prompter = (PlainPrompter if wants_plain(plain) else TerminalPrompter)(loaded, out(), editor=editor)
        saved = new_worksheet(file, loaded, prompter, source=source, resume=resume, force=force, keys=ctx.obj)
    if saved is not None:
        say(loaded.phrases["saved"].format(file=saved))
        say(loaded.phrases["next_steps"].format(file=shell_word(saved), command=command_name()))


@app.command("guide", help=_("help.guide"))
def guide_command(category: CategoryArg = None, guide: GuideOption = None) -> None:
    """Read the guidance: why partner, with whom, what to weigh, and general tips.

    Example: partnerkit guide jewish
    """
    from ..present.formats.guidance import guide_view
    from ..worksheet.privacy import private_fields
    from .consoles import out

    loaded = _guide(guide)
    private_fields(loaded)  # a guide's author sees a mistake in its `private:` list here too
    (picked,) = chosen([category], loaded.category_ids, _("cli.noun.category"), "CATEGORY") if category else [None]
    out().print(guide_view(loaded, loaded.category(picked) if picked else None))


@app.command(help=_("help.check"))
def check(
    ctx: typer.Context,
    file: WorksheetArg = DEFAULT_FILE,
    strict: Annotated[bool, typer.Option("--strict", help=_("help.check.strict"))] = False,
    format: Annotated[CheckFormat, typer.Option("--format", help=_("help.check.format"))] = CheckFormat.TEXT,  # noqa: A002
    today: TodayOption = None,
    guide: GuideOption = None,
) -> None:
    """Check a worksheet: every error as FILE:LINE:COL, and warnings worth a look.

    Exit 0 when valid (warnings allowed unless --strict), 1 when not.

    Example: partnerkit check worksheet.yaml --strict
    """
    from .check import check as check_worksheet

    code = check_worksheet(file, _guide(guide), ctx.obj, strict=strict, fmt=Format(format), today=day(today, "--today"))
    if code != EXIT_OK:
        raise typer.Exit(code)


@app.command(help=_("help.edit"))
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
    with hint_if_missing(file):
        outcome = edit_file(file, loaded, force=force, notice=lambda text: say(text, to_stderr=True), keys=ctx.obj)
    say(_("cli.edit.saved", file=file) if outcome is Outcome.SAVED else _("cli.edit.unchanged", file=file))


@app.command(help=_("help.lock"))
def lock(
    ctx: typer.Context,
    file: WorksheetArg = DEFAULT_FILE,
    to: Annotated[
        Optional[list[str]],
        typer.Option("--to", "-r", metavar="RECIPIENT", help=_("help.lock.to")),
    ] = None,
    passphrase: Annotated[bool, typer.Option("--passphrase", "-p", help=_("help.lock.passphrase"))] = False,
    guide: GuideOption = None,
) -> None:
    """Encrypt a worksheet with age, to your teammates' public keys or a passphrase: FILE becomes FILE.age.

    The keys are kept beside it in FILE.age.recipients, so saving keeps it encrypted to the same
    people; add or remove a teammate there. The plain FILE is overwritten and removed.

    Example: partnerkit lock worksheet.yaml --to age1... --to age1... --to ~/.ssh/id_ed25519.pub
    """
    from ..worksheet.encryption import lock as lock_file
    from .consoles import command_name, say, shell_word
    from .options import text_argument

    for value in to or []:
        if not Path(value).is_file():  # a key, not a file of keys
            text_argument(value, "--to")
    locked = lock_file(file, list(to or []), _guide(guide), ctx.obj, passphrase=passphrase, notice=_notice)
    say(_("cli.lock.wrote", locked=locked, file=file, command=command_name(), shown=shell_word(locked)))


@app.command(help=_("help.unlock"))
def unlock(ctx: typer.Context, file: Annotated[Path, typer.Argument(metavar="FILE", help=_("help.unlock.file"))], guide: GuideOption = None) -> None:
    """Decrypt FILE.age back to a plain FILE (its .recipients file stays, for `lock` to reuse).

    Example: partnerkit unlock worksheet.yaml.age
    """
    from ..worksheet.encryption import unlock as unlock_file
    from .consoles import say

    plain = unlock_file(file, _guide(guide), ctx.obj, notice=_notice)
    say(_("cli.unlock.wrote", plain=plain, file=file))


key_app = typer.Typer(cls=_Group, help=_("help.key"), no_args_is_help=True, rich_markup_mode=None)
app.add_typer(key_app, name="key")


@key_app.command("new", help=_("help.key.new"))
def key_new(file: Annotated[Optional[Path], typer.Argument(metavar="FILE", help=_("help.key.new.file"), show_default=False)] = None) -> None:
    """Write a new private key (readable only by you; never replaced) and print its public key to share.

    Give the public key (age1...) to whoever locks the team's worksheet. Keep the key file to
    yourself, out of shared folders; without it (or a teammate) the worksheet cannot be opened.

    Example: partnerkit key new
    """
    from ..files.age import default_identity, new_identity
    from .consoles import say

    path = file or default_identity()
    public = new_identity(path)
    say(_("key.wrote", path=path), to_stderr=True)
    say(public)


@key_app.command("show", help=_("help.key.show"))
def key_show(ctx: typer.Context) -> None:
    """Print your public key (the one to give your team), from your key file.

    Example: partnerkit key show
    """
    from .consoles import say
    from .team import your_public_keys

    for key in your_public_keys(ctx.obj):
        say(key)


team_app = typer.Typer(cls=_Group, help=_("help.team"), no_args_is_help=True, rich_markup_mode=None)
app.add_typer(team_app, name="team")
TeamFileOption = Annotated[Path, typer.Option("--file", "-F", metavar="FILE", help=_("help.team.file"))]


@team_app.command("list", help=_("help.team.list"))
def team_list(ctx: typer.Context, file: TeamFileOption = DEFAULT_FILE, guide: GuideOption = None) -> None:
    """Who can open the encrypted worksheet: each teammate's name and key, yours marked.

    Example: partnerkit team list --file team.yaml.age
    """
    from ..worksheet.team import roster
    from .team import print_roster

    print_roster(roster(file, _guide(guide), ctx.obj), file)


@team_app.command("add", help=_("help.team.add"))
def team_add(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(metavar="KEY", help=_("help.team.add.key"))],
    name: Annotated[str, typer.Option("--name", metavar="NAME", help=_("help.team.add.name"))],
    file: TeamFileOption = DEFAULT_FILE,
    guide: GuideOption = None,
) -> None:
    """Add a teammate: the worksheet is encrypted again to the team with them.

    Example: partnerkit team add age1... --name Dana --file team.yaml.age
    """
    from ..worksheet.team import add
    from .team import print_roster

    print_roster(add(file, key, name, _guide(guide), ctx.obj), file, _("team.added", name=name, file=file))


@team_app.command("remove", help=_("help.team.remove"))
def team_remove(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help=_("help.team.remove.name"))],
    file: TeamFileOption = DEFAULT_FILE,
    guide: GuideOption = None,
) -> None:
    """Take a teammate out: new saves are encrypted without their key.

    Copies they already had (git history, backups, synced folders) stay readable to them.

    Example: partnerkit team remove Dana --file team.yaml.age
    """
    from ..worksheet.team import remove
    from .team import print_roster

    print_roster(remove(file, name, _guide(guide), ctx.obj), file, _("team.removed", name=name, file=file))


@team_app.command("accept", help=_("help.team.accept"))
def team_accept(ctx: typer.Context, file: TeamFileOption = DEFAULT_FILE, yes: YesOption = False, guide: GuideOption = None) -> None:
    """Make the team what FILE.age.recipients says, after a change your team agreed to.

    Example: partnerkit team accept --file team.yaml.age
    """
    from ..worksheet.team import accept, roster
    from .team import print_roster

    loaded = _guide(guide)
    if not yes:
        print_roster(roster(file, loaded, ctx.obj), file)
        _confirm(_("team.accept.confirm", file=file), _("team.accept.refused", file=file))
    print_roster(accept(file, loaded, ctx.obj), file, _("team.accepted", file=file))


@app.command(help=_("help.merge"))
def merge(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(metavar="FILE [BASE] OTHER", help=_("help.merge.files"), show_default=False)],
    path: Annotated[Optional[Path], typer.Option("--path", metavar="NAME", help=_("help.merge.path"))] = None,
    guide: GuideOption = None,
) -> None:
    """Merge worksheets: a teammate's copy into yours, keeping both sides' work.

    FILE OTHER: fold a sync app's conflicting copy (OTHER) into FILE; OTHER is removed once folded in
    cleanly. OURS BASE THEIRS: a three-way merge from the common BASE, written to OURS (git's merge
    driver: partnerkit setup-git). Exit 0 when clean, 1 with conflicts, which stay in the file, both
    ways, for partnerkit check to list and partnerkit edit to resolve.

    Example: partnerkit merge team.yaml "team (Dana's conflicted copy 2027-06-01).yaml"
    """
    from .team import merged

    if len(files) not in (2, 3):
        raise typer.BadParameter(_("cli.merge.how_many"), param_hint="FILE [BASE] OTHER")
    raise typer.Exit(merged(files, _guide(guide), ctx.obj, like=path))


@app.command(help=_("help.textconv"))
def textconv(ctx: typer.Context, file: Annotated[Path, typer.Argument(metavar="FILE", help=_("help.textconv.file"))]) -> None:
    """Print a worksheet's text, decrypted if your key opens it: git's diff driver (partnerkit setup-git).

    Example: git diff team.yaml.age   # after partnerkit setup-git
    """
    from .team import print_text

    print_text(file, ctx.obj)


@app.command("setup-git", help=_("help.setup_git"))
def setup_git(files: Annotated[Optional[list[Path]], typer.Argument(metavar="FILE...", help=_("help.setup_git.files"), show_default=False)] = None) -> None:
    """Make git merge and diff worksheets with partnerkit, in the repository you stand in.

    Writes .gitattributes and .gitignore lines and this clone's merge and diff drivers; safe to run
    again. Every teammate runs it once in their clone.

    Example: partnerkit setup-git team.yaml.age
    """
    from .team import print_setup

    print_setup(list(files or []))


@app.command(help=_("help.purge"))
def purge(
    ctx: typer.Context,
    file: WorksheetArg = DEFAULT_FILE,
    yes: YesOption = False,
    force: Annotated[bool, typer.Option("--force", help=_("help.purge.force"))] = False,
    today: TodayOption = None,
    guide: GuideOption = None,
) -> None:
    """After the action: keep each partner's organization, why and outcome; remove names, plans, notes and history.

    What next year's team needs stays; what could identify or endanger people goes (the plans for
    each ask, notes, history, the answers the guide marks private, and any kept why or answer that
    names a teammate or a "Rabbi ..."). Refused before the action's day unless --force. The file is
    replaced atomically, and stays encrypted if it was.

    Example: partnerkit purge worksheet.yaml --yes
    """
    from ..errors import hint_if_missing
    from ..worksheet import store
    from ..worksheet.privacy import Purge, purge_file, refuse_early
    from .consoles import say

    loaded, when = _guide(guide), day(today, "--today") or date.today()
    if not yes:
        _can_ask()
    with hint_if_missing(file):
        worksheet = store.load(file, loaded, ctx.obj)
    if not force:
        refuse_early(worksheet, file, when)

    def confirm(plan: Purge) -> None:
        for where, names in plan.named:
            say(_("purge.named", where=where, names=", ".join(names)), style="yellow", to_stderr=True)
        if not yes:
            _confirm(_("purge.confirm", file=file), _("purge.not_changed", file=file))

    with hint_if_missing(file):
        purge_file(file, loaded, ctx.obj, today=when, force=force, confirm=confirm)
    say(_("purge.done", file=file))


def _can_ask() -> None:
    from ..errors import UsageError
    from .consoles import interactive

    if not interactive():
        raise UsageError(_("cli.confirm.no_terminal"), hint=_("cli.confirm.no_terminal.hint"))


def _confirm(question: str, refused: str) -> None:
    from .consoles import confirmed

    _can_ask()
    if not confirmed(question, default=False):
        raise PartnerkitError(refused)


@app.command(help=_("help.agenda"))
def agenda(
    ctx: typer.Context,
    files: WorksheetsArg = None,
    who: Annotated[Optional[str], typer.Option("--who", metavar="NAME", help=_("help.agenda.who"))] = None,
    days: Annotated[int, typer.Option("--days", min=0, metavar="N", help=_("help.agenda.days"))] = DEFAULT_DAYS,
    today: TodayOption = None,
    format: Annotated[AgendaFormat, typer.Option("--format", "-f", help=_("help.agenda.format"))] = AgendaFormat.TEXT,  # noqa: A002
    redact: RedactOption = False,
    guide: GuideOption = None,
) -> None:
    """What to do now, most urgent first: flags, overdue asks, asks due, follow-ups, open questions.

    Several files (one per team) are read together, and an organization two teams plan to ask is named.

    Example: partnerkit agenda --format markdown team-a.yaml team-b.yaml > this-week.md
    """
    from .agenda import agenda as show_agenda

    if who and redact:  # --who matches the names --redact withholds
        raise typer.BadParameter(_("cli.agenda.who_with_redact"), param_hint="'--who'")
    show_agenda(files or [DEFAULT_FILE], _guide(guide), ctx.obj, days, day(today, "--today"), who, Format(format), redact=redact)


@app.command("log", help=_("help.log"))
def log_command(
    ctx: typer.Context,
    organization: Annotated[str, typer.Argument(metavar="ORG", help=_("help.log.organization"))],
    note: Annotated[Optional[str], typer.Argument(metavar="NOTE", help=_("help.log.note"), show_default=False)] = None,
    status: Annotated[Optional[Status], typer.Option("--status", "-s", help=_("help.log.status"))] = None,
    by: Annotated[Optional[str], typer.Option("--by", metavar="NAME", help=_("help.log.by"))] = None,
    when: Annotated[Optional[str], typer.Option("--date", metavar="DATE", help=_("help.log.date"), show_default=False)] = None,
    follow_up: Annotated[Optional[str], typer.Option("--follow-up", metavar="DATE", help=_("help.log.follow_up"), show_default=False)] = None,
    flag: Annotated[Optional[Flag], typer.Option("--flag", help=_("help.log.flag"))] = None,
    addressed: Annotated[Optional[Flag], typer.Option("--addressed", help=_("help.log.addressed"))] = None,
    file: Annotated[Path, typer.Option("--file", "-F", metavar="FILE", help=_("help.log.file"))] = DEFAULT_FILE,
    force: ForceWriteOption = False,
    guide: GuideOption = None,
) -> None:
    """Record what happened with a partner: an ask, a reply, a decline, a flag of harm.

    Adds a dated entry to the partner's log, and changes nothing else in the file.

    Example: partnerkit log cosecha "Called Ana; they'll discuss it Thursday" --status asked --follow-up 2027-06-10
    """
    from .log import log_entry

    entry_date = day(when, "--date") or date.today()
    follow = day(follow_up, "--follow-up", entry_date) if follow_up else None  # "" takes the follow-up away
    loaded = _guide(guide)
    log_entry(file, loaded, ctx.obj, organization, note, entry_date, status, by, flag, addressed, follow, clear_follow_up=follow_up == "", force=force)


@app.command(help=_("help.undo"))
def undo(ctx: typer.Context, file: WorksheetArg = DEFAULT_FILE, force: ForceWriteOption = False, guide: GuideOption = None) -> None:
    """Take back the last entry `partnerkit log` wrote to a worksheet (its status and follow-up too).

    Only while the worksheet is as that `log` left it; one step back.

    Example: partnerkit undo team.yaml
    """
    from ..errors import hint_if_missing
    from ..tracking.undo import undo_last
    from .consoles import say

    with hint_if_missing():
        undone = undo_last(file, _guide(guide), ctx.obj, force=force)
    say(_("undo.done", organization=undone.organization, date=undone.date, file=file))


def main() -> None:
    """Run the command line, through an app built with only the command it names: building every
    command's options took longer than most commands do. Anything else (help, shell completion, a
    command misspelt, a flag before it) gets the whole app."""
    _for_arguments(sys.argv[1:])()


def _for_arguments(args: list[str]) -> typer.Typer:
    if any(name.endswith("_COMPLETE") for name in os.environ):  # shell completion offers every command
        return app
    named = _command_named(global_first(args))
    commands = [c for c in app.registered_commands if (c.name or get_command_name(c.callback.__name__)) == named]  # type: ignore[union-attr]
    groups = [g for g in app.registered_groups if g.name == named]
    if not commands and not groups:
        return app
    only = copy.copy(app)
    only.registered_commands, only.registered_groups = commands, groups
    return only


def _command_named(args: list[str]) -> str | None:
    """The command the arguments name, after partnerkit's own --identity and --lang; None if another option comes first."""
    rest = iter(args)
    for arg in rest:
        if arg in GLOBAL_OPTIONS:
            next(rest, None)
        elif not arg.startswith(("--identity=", f"{LANG_OPTION}=")):
            return None if arg.startswith("-") else arg
    return None

