"""Who can open an encrypted worksheet, under the team's control.

An encrypted worksheet (FILE.age) records its team inside itself: each teammate's name and public
key (`team:` in the decrypted YAML). Saving encrypts to exactly those keys. The recipients file
beside it (`FILE.age.recipients`, age's own format, each key under a `# name` line) is a mirror of
the team for the `age` tool and for people to read; one that differs from the team inside the
worksheet (planted, edited by hand, pulled from a commit) is never used silently: saving is
refused, naming the keys it adds or leaves out and the command that accepts the change
(`partnerkit team accept`). `partnerkit team add` and `remove` change both, and re-encrypt.

A worksheet locked before teams were recorded gets its team recorded, from its recipients file,
the first time partnerkit saves it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..catalog import _
from ..errors import UsageError
from ..files.age import Keyring, key_id, parse_recipients, read_recipients, recipients_path, recipients_text
from ..files.writing import atomic_write
from ..guide.model import Guide
from ..records import record
from . import store
from .model import Converted, Member, Worksheet
from .sealing import differences, members_of


@record
class Roster:
    """The team as the worksheet records it, and how the recipients file beside it differs."""

    members: tuple[Member, ...]
    you: frozenset[str]  # key ids of the keys that are yours
    unknown: tuple[tuple[str, str], ...] = ()  # (name, key) in the recipients file, not in the team
    missing: tuple[Member, ...] = ()  # in the team, not in the recipients file
    converted: tuple[Converted, ...] = ()  # answers the change saved as ids, where the file had their words


def roster(path: Path, guide: Guide, keys: Keyring) -> Roster:
    worksheet = store.load(path, guide, keys)
    team = worksheet.team or members_of(path)
    unknown, missing = differences(team, read_recipients(recipients_path(path))) if recipients_path(path).exists() else ((), ())
    return Roster(tuple(team), frozenset(keys.public_keys()), unknown, missing)


def add(path: Path, key: str, name: str, guide: Guide, keys: Keyring) -> Roster:
    """Add a teammate: to the team inside the worksheet and its recipients file; re-encrypted to them."""
    problems = parse_recipients([(None, key.strip())])[1]  # not `_, problems`: that would hide the catalog's _
    if problems:
        raise UsageError(_("team.bad_key", key=key), hint=_("team.bad_key.hint"))
    with store.changing(path, guide, keys) as opened:
        team = _recorded(opened.worksheet, path)
        if any(key_id(m.key) == key_id(key) for m in team):
            raise UsageError(_("team.already_in", name=next(m.name for m in team if key_id(m.key) == key_id(key))))
        if any(m.name.casefold() == name.casefold() for m in team):
            raise UsageError(_("team.name_taken", name=name), hint=_("team.name_taken.hint"))
        return _change(path, opened, (*team, Member(name, key.strip())), guide, keys)


def remove(path: Path, name: str, guide: Guide, keys: Keyring) -> Roster:
    """Take a teammate out: new saves are encrypted without their key."""
    with store.changing(path, guide, keys) as opened:
        team = _recorded(opened.worksheet, path)
        gone = [m for m in team if m.name.casefold() == name.casefold() or key_id(m.key) == key_id(name)]
        if not gone:
            names = ", ".join(m.name for m in team)
            raise UsageError(_("team.no_such_member", name=name, names=names))
        return _change(path, opened, tuple(m for m in team if m not in gone), guide, keys)


def accept(path: Path, guide: Guide, keys: Keyring) -> Roster:
    """Make the team inside the worksheet what its recipients file says (after a change the team agreed to)."""
    with store.changing(path, guide, keys) as opened:
        return _change(path, opened, members_of(path), guide, keys)


def _recorded(worksheet: Worksheet, path: Path) -> tuple[Member, ...]:
    if not str(path).endswith(".age"):
        raise UsageError(_("team.not_encrypted", path=path), hint=_("team.not_encrypted.hint"))
    return worksheet.team or members_of(path)


def _change(path: Path, opened: store.Opened, team: tuple[Member, ...], guide: Guide, keys: Keyring) -> Roster:
    if not team:
        raise UsageError(_("team.empty"))
    changed = replace(opened.worksheet, team=team)
    store.write_change(path, opened, changed, guide, keys, since=opened.stored, new_team=True)
    atomic_write(recipients_path(path), recipients_text((m.name, m.key) for m in team))
    return Roster(team, frozenset(keys.public_keys()), converted=opened.worksheet.converted)
