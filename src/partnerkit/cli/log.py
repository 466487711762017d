"""`partnerkit log`, once parsed: ask for the note in a terminal, record it, let the guide speak.

Kept apart from show.py so a write pays for no view or format: `log` runs every few days and
should start as fast as `check`.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..catalog import _
from ..errors import UsageError, hint_if_missing
from ..files.age import Keyring, is_sealed
from ..guide.model import Guide
from ..safetext import visible
from ..worksheet.model import Flag, LogEntry, Status
from ..worksheet.parse import UPGRADES

if TYPE_CHECKING:
    from ..tracking.log import Logged
from .consoles import err, out, say
from .options import text_argument


def log_entry(
    path: Path,
    guide: Guide,
    keys: Keyring,
    organization: str,
    note: str | None,
    when: date,
    status: Status | None,
    by: str | None,
    flag: Flag | None,
    addressed: Flag | None,
    follow_up: date | None,
    *,
    clear_follow_up: bool = False,
    force: bool = False,
) -> None:
    """`partnerkit log`: ask for the note in a terminal if none was given, record, then the guide's word.

    Every entry says what happened: without a NOTE and without a terminal to ask in, nothing is
    written. Everything that would stop the entry being recorded is found before the note is asked
    for; if anything still stops it afterwards, the note typed is printed, so it is not lost.
    """
    from ..tracking.log import check_recordable, record_in_file

    text_argument(note, "NOTE")
    text_argument(by, "--by")
    entry = LogEntry(when, by, note, status, flag, addressed)
    typed = None
    if note is None and sys.stdin.isatty() and sys.stdout.isatty():
        with hint_if_missing(path):  # a wrong name, a read-only file... said before anyone types a note
            partner = check_recordable(path, guide, organization, replace(entry, note="…"), follow_up, keys=keys, force=force)
        typed = _ask_note(guide, partner.organization, is_sealed(path))
        entry = replace(entry, note=typed.strip() or None)
    if entry.note is None or not entry.note.strip():
        raise UsageError(_("cli.log.no_note"), hint=_("cli.log.no_note.hint", organization=organization))
    try:
        with hint_if_missing(path):
            logged = record_in_file(path, guide, organization, entry, follow_up, clear_follow_up=clear_follow_up, keys=keys, force=force)
    except BaseException:
        if typed and typed.strip():  # whatever stopped it, the note the person typed is not lost
            say(_("cli.log.note_not_recorded"), to_stderr=True)
            err().print(visible(typed.strip()), soft_wrap=True, markup=False, highlight=False)
        raise
    from .sources import note_sync_copies

    note_sync_copies([path])
    _said(path, guide, logged, when)


def _said(path: Path, guide: Guide, logged: Logged, when: date) -> None:
    """What `log` says once the entry is in: a format upgrade, the entry, a status kept, a wait
    ended, and the guide's words for the moment."""
    words = guide.tracking
    if logged.upgraded_from is not None:
        change = _(UPGRADES[logged.upgraded_from])
        upgraded = words["upgraded"].format(file=path, old=logged.upgraded_from, new=logged.worksheet.version, change=change)
        say(upgraded, style="yellow", to_stderr=True)
    if logged.converted:
        from ..worksheet.choices import conversion_notice

        say(conversion_notice(path, logged.converted), style="yellow", to_stderr=True)
    partner = logged.partner
    say(words["logged"].format(organization=partner.organization, file=path), style="bold")
    if logged.status_kept is not None:
        say(_("log.status_kept", organization=partner.organization, status=guide.term(partner.status.value), date=logged.status_kept.date), style="yellow")
    if logged.follow_up_ended is not None:
        say(_("log.follow_up_ended", date=logged.follow_up_ended, status=guide.term(partner.status.value)))
    if logged.moments:
        from ..present.formats.guidance import moment_view
        from .consoles import command_name, shell_word

        for moment in logged.moments:
            out().print(moment_view(guide, logged.worksheet, moment, partner.organization, when, shell_word(path), command_name()))


def _ask_note(guide: Guide, organization: str, encrypted: bool) -> str:
    """The note, typed at the terminal (Ctrl-X Ctrl-E: in an editor, on a file kept in memory for an
    encrypted worksheet, or not at all where there is no such place); an empty note is asked again."""
    from .prompters.plain import editor_files
    from .prompters.terminal import TerminalPrompter

    words = guide.tracking
    prompt = words["note_prompt"].format(organization=visible(organization, one_line=True))
    required = guide.phrases["required"]
    with editor_files(encrypted) as editor:
        return TerminalPrompter(guide, out(), editor=editor).text(
            prompt, hint=words["note_hint"], validate=lambda text: None if text.strip() else required
        )
