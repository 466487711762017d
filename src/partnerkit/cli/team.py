"""The team's commands, once parsed: the team list, merges, git's text of a worksheet, git set-up."""

from __future__ import annotations

import sys
from pathlib import Path

from ..catalog import N_, _, n_
from ..errors import EXIT_INVALID, EXIT_OK
from ..files.age import Keyring, key_id
from ..guide.model import Guide
from ..worksheet.team import Roster
from .consoles import say


def your_public_keys(keys: Keyring) -> list[str]:
    """The public keys of your key file (one line each), or an error saying there is none."""
    from ..errors import PartnerkitError

    if keys.identity_file() is None:
        raise PartnerkitError(_("age.no_key_given"), hint=_("age.keys.hint"))
    public = sorted(keys.public_keys())
    if not public:
        raise PartnerkitError(_("key.show.ssh", path=keys.identity_file()), hint=_("key.show.ssh.hint"))
    return public


def print_roster(roster: Roster, file: Path, done: str | None = None) -> None:
    if done:
        say(done, style="bold")
    for member in roster.members:
        mine = _("team.you") if key_id(member.key) in roster.you else ""
        say(_("team.member", name=member.name, key=member.key, you=mine))
    for name, key in roster.unknown:
        say(_("team.file_adds", name=name or "?", key=key), style="yellow", to_stderr=True)
    for member in roster.missing:
        say(_("team.file_leaves_out", name=member.name, key=member.key), style="yellow", to_stderr=True)
    if roster.unknown or roster.missing:
        say(_("team.file_differs.hint", path=file), style="dim", to_stderr=True)
    _converted(file, roster.converted)


def _converted(file: Path, converted: tuple) -> None:
    if converted:
        from ..worksheet.choices import conversion_notice

        say(conversion_notice(file, converted), style="yellow", to_stderr=True)


def merged(files: list[Path], guide: Guide, keys: Keyring, *, like: Path | None = None) -> int:
    """`partnerkit merge`: the merge, what it did, and the exit code (1 with conflicts)."""
    from ..worksheet.merge import merge_files

    ours, theirs = files[0], files[-1]
    base = files[1] if len(files) == 3 else None
    outcome = merge_files(ours, base, theirs, guide, keys, like=like)
    shown = like or ours
    _converted(shown, outcome.converted)
    for name in outcome.kept:
        say(_("merge.kept", organization=name), style="yellow", to_stderr=True)
    if not outcome.comments_kept:
        say(_("merge.comments_lost", file=shown), style="yellow", to_stderr=True)
    if outcome.conflicts:
        lines = ", ".join(map(str, outcome.conflicts))
        say(n_("merge.conflicts", "merge.conflicts.plural", len(outcome.conflicts), file=shown, lines=lines), style="yellow", to_stderr=True)
        say(_("merge.conflicts.hint", file=shown), style="dim", to_stderr=True)
        return EXIT_INVALID
    if base is None:
        theirs.unlink(missing_ok=True)  # folded in: the copy's changes are in the worksheet now
        say(_("merge.folded", copy=theirs, file=ours), style="bold", to_stderr=True)
    else:
        say(_("merge.clean", file=shown), to_stderr=True)
    return EXIT_OK


def print_text(path: Path, keys: Keyring) -> None:
    """A worksheet's text on stdout (git's textconv): decrypted when a key opens it, else one line saying so."""
    from ..errors import PartnerkitError
    from ..files.age import ARMOR, MAGIC
    from ..files.reading import read_bytes
    from .consoles import write_export

    data = read_bytes(path)
    if data.startswith(MAGIC) or data.lstrip().startswith(ARMOR):
        keys.ask = None  # git runs this without a terminal to type a passphrase into
        try:
            data = keys.decrypt(data, path)
        except PartnerkitError as error:
            write_export(_("textconv.cannot_open", reason=error.message) + "\n")
            return
    write_export(data.decode("utf-8", "replace"))


def print_setup(files: list[Path]) -> None:
    from ..worksheet.git import command_line, configure

    executable = Path(sys.argv[0]).resolve() if Path(sys.argv[0]).name == "partnerkit" else None
    command = command_line(str(executable)) if executable is not None and executable.is_file() else "partnerkit"
    what = {"attributes": N_("git.what.attributes"), "ignore": N_("git.what.ignore"), "merge": N_("git.what.merge"), "diff": N_("git.what.diff")}
    for change in configure(files, command):
        done = _("git.done", what=_(what[change.what]), where=change.where)
        say(done if change.done else _("git.already", what=_(what[change.what]), where=change.where))
