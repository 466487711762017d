"""Changing which form a worksheet is in: `lock` encrypts a plain worksheet to FILE.age, `unlock` decrypts it.

Reading and writing encrypted worksheets is the store's job (store.py); making keys and encrypting
is files/age.py's. This module only moves a worksheet from one form to the other.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..catalog import _
from ..errors import InvalidFile, PartnerkitError
from ..files.age import (
    SUFFIX,
    Keyring,
    is_sealed,
    key_id,
    named_keys,
    parse_recipients,
    read_keys_file,
    recipients_path,
    recipients_text,
)
from ..files.locking import holding
from ..files.reading import read_bytes, refuse_oversized
from ..files.writing import atomic_write
from ..guide.model import Guide
from . import store
from .model import Member
from .sealing import members_of, short

Notice = Callable[[str], None]


def lock(path: Path, recipients: list[str], guide: Guide, keys: Keyring, *, passphrase: bool = False, notice: Notice | None = None) -> Path:
    """Encrypt the plain worksheet `path` to `path.age`, recording its team inside it, then remove the
    plain file; return the new path. `notice` is told of answers saved as ids where the file had words."""
    if is_sealed(path):
        raise PartnerkitError(_("lock.already_encrypted", path=path), file=path)
    target = path.with_name(path.name + SUFFIX)
    if target.exists():
        raise PartnerkitError(_("lock.target_exists", path=target), file=target, hint=_("lock.target_exists.hint", path=target))
    with holding(path), holding(target):
        _refuse_shared(path)
        given = _named_recipients(recipients)
        if passphrase:
            if given:
                raise PartnerkitError(_("lock.both_ways"))
            if recipients_path(target).exists():  # saving would follow it, not the passphrase
                raise PartnerkitError(_("lock.recipients_exist", path=recipients_path(target)))
            keys.new_passphrase(target)
            team: tuple[Member, ...] = ()
        else:
            if given:
                try:
                    atomic_write(recipients_path(target), recipients_text(given))
                except PartnerkitError as error:  # read-only or hard-linked: lock has no --force to override it
                    error.hint = _("lock.recipients_kept.hint", path=recipients_path(target))
                    raise
            elif not recipients_path(target).exists():
                raise PartnerkitError(_("lock.no_recipients"))
            team = members_of(target)
        try:
            opened = store.open_for_change(path, guide)
        except InvalidFile:  # locked as it is, mistakes and all: its team is recorded on its first valid save
            sealed = store.sealed(target, read_bytes(path), keys)
            refuse_oversized(sealed, target, writing=True, marks=False)  # encrypted, it is larger: still one partnerkit reads
            atomic_write(target, sealed)
        else:
            store.write_change(target, opened, replace(opened.worksheet, team=team), guide, keys, new_team=True)
            _converted(target, opened, notice)
        remove_plain(path)
        undo = store.undo_path(path)  # the plain text from before the last `log` entry
        if undo.is_file() and not undo.is_symlink():
            remove_plain(undo)
    return target


def _converted(target: Path, opened: store.Opened, notice: Notice | None) -> None:
    if notice is not None and opened.worksheet.converted:
        from .choices import conversion_notice

        notice(conversion_notice(target, opened.worksheet.converted))


def _refuse_shared(path: Path) -> None:
    """Refuse a plain file whose removal would reach beyond it, or that leaves answers in plain text."""
    if path.is_symlink():
        raise PartnerkitError(_("lock.symlink", path=path), file=path)
    if path.exists() and path.stat().st_nlink > 1:  # zeroing it would zero every other name of it too
        raise PartnerkitError(_("lock.hard_links", path=path), file=path)
    draft = store.draft_path(path)
    if draft.exists():
        raise PartnerkitError(_("lock.draft", draft=draft), file=draft, hint=_("lock.draft.hint", path=path))


def _named_recipients(values: list[str]) -> list[tuple[str, str]]:
    """(name, key) of the keys given with --to, each a public key or a file of them (as `age -R`
    reads; a `# name` line above a key names it); all checked, each key once, in the order given."""
    lines: list[tuple[int | None, str, str]] = []
    for value in values:
        source = Path(value)
        if not value.startswith(("age1", "ssh-")) and source.is_file():
            lines += list(named_keys(read_keys_file(source, "recipients"), source))
        else:
            lines.append((None, "", value.strip()))
    problems = parse_recipients([(number, key) for number, _name, key in lines])[1]
    if problems:
        raise InvalidFile(problems, what="--to", hint=_("lock.bad_recipients.hint"))
    named: dict[str, tuple[str, str]] = {}
    for _number, name, key in lines:
        named.setdefault(key_id(key), (name or short(key), key))
    return list(named.values())


def unlock(path: Path, guide: Guide, keys: Keyring, *, notice: Notice | None = None) -> Path:
    """Decrypt `path` (FILE.age) back to FILE; the recipients file stays, for `lock` to use again.
    `notice` is told of answers saved as ids where the file had words."""
    if not is_sealed(path):
        raise PartnerkitError(_("lock.not_encrypted", path=path), file=path)
    target = path.with_name(path.name.removesuffix(SUFFIX))
    if target.exists():
        raise PartnerkitError(_("lock.target_exists", path=target), file=target)
    with holding(path), holding(target):
        plain = store.plaintext(path, keys)[1]
        try:
            opened = store.open_for_change(path, guide, keys)
        except InvalidFile:
            atomic_write(target, plain)  # as it is, mistakes and all
        else:  # a plain worksheet has no team: anyone with the file can read it
            store.write_change(target, opened, replace(opened.worksheet, team=()), guide, keys)
            _converted(target, opened, notice)
        path.unlink()
        store.undo_path(path).unlink(missing_ok=True)  # it belongs to the encrypted file: no undo across forms
    return target


def remove_plain(path: Path) -> None:
    """Overwrite a plain file with zeros, then remove it.

    Best effort: on journalling or copy-on-write file systems, SSDs and synced folders, old copies
    may survive; the README says so. It still keeps the text out of the file's own blocks.
    """
    try:
        size = path.stat().st_size
        with path.open("r+b") as handle:
            handle.write(b"\0" * size)
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()
    except OSError as exc:
        raise PartnerkitError(_("lock.cannot_remove", path=path, error=exc.strerror), file=path) from None
