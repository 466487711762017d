"""`partnerkit log`, once parsed: ask for the note in a terminal, record it, let the guide speak.

Kept apart from show.py so a write pays for no view or format: `log` runs every few days and
should start as fast as `check`.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from ..catalog import _
from ..errors import UsageError, hint_if_missing
from ..files.age import Keyring
from ..guide.model import Guide
from ..safetext import visible
from ..worksheet.model import Flag, LogEntry, Status
from ..worksheet.parse import UPGRADES
from .consoles import out, say


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

    Every entry says what happened: without a NOTE and without a terminal to ask in, nothing is written.
    """
    from ..tracking.log import find_partner, record_in_file
    from ..worksheet import store

    if note is None and sys.stdin.isatty() and sys.stdout.isatty():
        from .prompters.terminal import TerminalPrompter

        with hint_if_missing():  # a wrong name or file is said before anyone types a note
            partner = find_partner(store.load(path, guide, keys), organization)[2]
        words = guide.tracking
        prompt = words["note_prompt"].format(organization=visible(partner.organization, one_line=True))
        required = guide.phrases["required"]
        note = TerminalPrompter(guide, out()).text(prompt, hint=words["note_hint"], validate=lambda text: None if text.strip() else required).strip()
    if note is None or not note.strip():
        raise UsageError(_("cli.log.no_note"), hint=_("cli.log.no_note.hint", organization=organization))
    entry = LogEntry(when, by, note, status, flag, addressed)
    with hint_if_missing():
        logged = record_in_file(path, guide, organization, entry, follow_up, clear_follow_up=clear_follow_up, keys=keys, force=force)
    words = guide.tracking
    if logged.upgraded_from is not None:
        change = _(UPGRADES[logged.upgraded_from])
        upgraded = words["upgraded"].format(file=path, old=logged.upgraded_from, new=logged.worksheet.version, change=change)
        say(upgraded, style="yellow", to_stderr=True)
    say(words["logged"].format(organization=logged.partner.organization, file=path), style="bold")
    if logged.status_kept is not None:
        kept = logged.status_kept
        say(_("log.status_kept", organization=logged.partner.organization, status=logged.partner.status.value, date=kept.date), style="yellow")
    if logged.follow_up_ended is not None:
        say(_("log.follow_up_ended", date=logged.follow_up_ended, status=logged.partner.status.value))
    if logged.moments:
        from ..present.formats.guidance import moment_view
        from .consoles import command_name, shell_word

        for moment in logged.moments:
            out().print(moment_view(guide, logged.worksheet, moment, logged.partner.organization, when, shell_word(path), command_name()))
