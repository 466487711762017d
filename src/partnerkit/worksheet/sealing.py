"""Encrypting a worksheet to its team: the keys recorded inside it, checked against the recipients file.

See team.py for the why. `seal` is the one place a worksheet's text becomes ciphertext.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..catalog import _
from ..errors import PartnerkitError
from ..files.age import Keyring, key_id, read_recipients, recipients_path
from .model import Member


def seal(path: Path, data: bytes, keys: Keyring, team: Sequence[Member], *, trusted: bool = False) -> bytes:
    """`data` encrypted as the worksheet `path` is: to its passphrase, or to its `team` (the keys
    recorded inside it; `trusted`: a new team being set, whose recipients file is written next),
    which its recipients file must name exactly, or (no team recorded yet) to the recipients file."""
    if keys.uses_passphrase(path) or not team:
        return keys.encrypt(data, path)
    if trusted or not recipients_path(path).exists():  # a lost mirror is written again by the store
        return keys.encrypt(data, path, [m.key for m in team])
    return keys.encrypt(data, path, refuse_a_different_file(path, team))


def differences(team: Sequence[Member], listed: Sequence[tuple[str, str]]) -> tuple[tuple[tuple[str, str], ...], tuple[Member, ...]]:
    """(keys the recipients file adds, members it leaves out)."""
    known = {key_id(m.key) for m in team}
    in_file = {key_id(key) for _name, key in listed}
    return tuple((n, k) for n, k in listed if key_id(k) not in known), tuple(m for m in team if key_id(m.key) not in in_file)


def refuse_a_different_file(path: Path, team: Sequence[Member]) -> list[str]:
    """The keys to encrypt `path` to: its team's, when the recipients file agrees; else PartnerkitError."""
    listed = read_recipients(recipients_path(path))
    unknown, missing = differences(team, listed)
    if unknown or missing:
        named = [_("team.unknown_key", key=short(key), name=name or "?") for name, key in unknown]
        named += [_("team.missing_key", key=short(m.key), name=m.name) for m in missing]
        raise PartnerkitError(
            _("team.file_differs", path=path, recipients=recipients_path(path), keys="; ".join(named)),
            hint=_("team.file_differs.hint", path=path),
            file=path,
        )
    return [m.key for m in team]


def short(key: str) -> str:
    text = key_id(key)
    return text if len(text) <= 24 else f"{text[:14]}…{text[-6:]}"


def members_of(path: Path) -> tuple[Member, ...]:
    """The team a recipients file names (each key under its `# name`), for recording it."""
    return tuple(Member(name or short(key), key) for name, key in read_recipients(recipients_path(path)))
