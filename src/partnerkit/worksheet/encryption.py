"""Changing which form a worksheet is in: `lock` encrypts a plain worksheet to FILE.age, `unlock` decrypts it.

Reading and writing encrypted worksheets is the store's job (store.py); making keys and encrypting
is files/age.py's. This module only moves a worksheet from one form to the other.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..catalog import _
from ..errors import InvalidFile, PartnerkitError
from ..files.age import SUFFIX, Keyring, is_sealed, key_lines, parse_recipients, read_keys_file, recipients_path
from ..files.reading import read_bytes
from ..files.writing import atomic_write
from . import store


def lock(path: Path, recipients: list[str], keys: Keyring, *, passphrase: bool = False) -> Path:
    """Encrypt the plain worksheet `path` to `path.age`, then remove the plain file; return the new path."""
    if is_sealed(path):
        raise PartnerkitError(_("lock.already_encrypted", path=path), file=path)
    target = path.with_name(path.name + SUFFIX)
    if target.exists():
        raise PartnerkitError(_("lock.target_exists", path=target), file=target, hint=_("lock.target_exists.hint", path=target))
    _refuse_shared(path)
    plain = read_bytes(path)
    keys_given = _recipient_lines(recipients)
    if passphrase:
        if keys_given:
            raise PartnerkitError(_("lock.both_ways"))
        if recipients_path(target).exists():  # saving would follow it, not the passphrase
            raise PartnerkitError(_("lock.recipients_exist", path=recipients_path(target)))
        keys.new_passphrase(target)
    elif keys_given:
        atomic_write(recipients_path(target), "".join(f"{key}\n" for key in keys_given))
    elif not recipients_path(target).exists():
        raise PartnerkitError(_("lock.no_recipients"))
    atomic_write(target, store.sealed(target, plain, keys))
    remove_plain(path)
    undo = store.undo_path(path)  # the plain text from before the last `log` entry
    if undo.is_file() and not undo.is_symlink():
        remove_plain(undo)
    return target


def _refuse_shared(path: Path) -> None:
    """Refuse a plain file whose removal would reach beyond it, or that leaves answers in plain text."""
    if path.is_symlink():
        raise PartnerkitError(_("lock.symlink", path=path), file=path)
    if path.exists() and path.stat().st_nlink > 1:  # zeroing it would zero every other name of it too
        raise PartnerkitError(_("lock.hard_links", path=path), file=path)
    draft = store.draft_path(path)
    if draft.exists():
        raise PartnerkitError(_("lock.draft", draft=draft), file=draft, hint=_("lock.draft.hint", path=path))


def _recipient_lines(values: list[str]) -> list[str]:
    """The keys given with --to, each a public key or a file of them (as `age -R` reads); all checked."""
    lines: list[tuple[int | None, str]] = []
    for value in values:
        source = Path(value)
        if not value.startswith(("age1", "ssh-")) and source.is_file():
            lines += list(key_lines(read_keys_file(source, "recipients"), source))
        else:
            lines.append((None, value.strip()))
    problems = parse_recipients(lines)[1]
    if problems:
        raise InvalidFile(problems, what="--to", hint=_("lock.bad_recipients.hint"))
    return list(dict.fromkeys(text for _line, text in lines))  # each key once, in the order given


def unlock(path: Path, keys: Keyring) -> Path:
    """Decrypt `path` (FILE.age) back to FILE; the recipients file stays, for `lock` to use again."""
    if not is_sealed(path):
        raise PartnerkitError(_("lock.not_encrypted", path=path), file=path)
    target = path.with_name(path.name.removesuffix(SUFFIX))
    if target.exists():
        raise PartnerkitError(_("lock.target_exists", path=target), file=target)
    atomic_write(target, store.plaintext(path, keys)[1])
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
