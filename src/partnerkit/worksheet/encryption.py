"""Changing which form a worksheet is in: `lock` encrypts a plain worksheet to FILE.age, `unlock` decrypts it.

Reading and writing encrypted worksheets is the store's job (store.py); making keys and encrypting
is files/age.py's. This module only moves a worksheet from one form to the other.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InvalidFile, PartnerkitError
from ..files.age import SUFFIX, Keyring, is_sealed, key_lines, parse_recipients, read_keys_file, recipients_path
from ..files.reading import read_bytes
from ..files.writing import atomic_write
from . import store


def lock(path: Path, recipients: list[str], keys: Keyring, *, passphrase: bool = False) -> Path:
    """Encrypt the plain worksheet `path` to `path.age`, then remove the plain file; return the new path."""
    if is_sealed(path):
        raise PartnerkitError(f"{path} is already encrypted", file=path)
    target = path.with_name(path.name + SUFFIX)
    if target.exists():
        raise PartnerkitError(f"{target} already exists; nothing was changed", file=target, hint=f"partnerkit unlock {target} first, or move it away")
    _refuse_shared(path)
    plain = read_bytes(path)
    keys_given = _recipient_lines(recipients)
    if passphrase:
        if keys_given:
            raise PartnerkitError("choose either --to or --passphrase, not both")
        if recipients_path(target).exists():  # saving would follow it, not the passphrase
            raise PartnerkitError(f"{recipients_path(target)} exists: lock with --to, or remove it to use a passphrase")
        keys.new_passphrase(target)
    elif keys_given:
        atomic_write(recipients_path(target), "".join(f"{key}\n" for key in keys_given))
    elif not recipients_path(target).exists():
        raise PartnerkitError("say who may open it: --to THEIR_PUBLIC_KEY (repeat for each teammate), or --passphrase")
    atomic_write(target, store.sealed(target, plain, keys))
    remove_plain(path)
    return target


def _refuse_shared(path: Path) -> None:
    """Refuse a plain file whose removal would reach beyond it, or that leaves answers in plain text."""
    if path.is_symlink():
        raise PartnerkitError(f"{path} is a link; lock the file it points to", file=path)
    if path.exists() and path.stat().st_nlink > 1:  # zeroing it would zero every other name of it too
        raise PartnerkitError(f"{path} has other names (hard links); copy it to a file of its own, then lock that", file=path)
    draft = store.draft_path(path)
    if draft.exists():
        raise PartnerkitError(
            f"{draft} holds interview answers in plain text; nothing was changed",
            file=draft, hint=f"finish the interview (partnerkit new {path}) or delete the draft, then lock",
        )


def _recipient_lines(values: list[str]) -> list[str]:
    """The keys given with --to, each a public key or a file of them (as `age -R` reads); all checked."""
    lines: list[tuple[int | None, str]] = []
    for value in values:
        source = Path(value)
        if not value.startswith(("age1", "ssh-")) and source.is_file():
            lines += list(key_lines(read_keys_file(source, "recipients"), source))
        else:
            lines.append((None, value.strip()))
    _, problems = parse_recipients(lines)
    if problems:
        raise InvalidFile(problems, what="--to", hint="give each teammate's public key (age1... or ssh-ed25519 ...), or a file of them")
    return list(dict.fromkeys(text for _, text in lines))  # each key once, in the order given


def unlock(path: Path, keys: Keyring) -> Path:
    """Decrypt `path` (FILE.age) back to FILE; the recipients file stays, for `lock` to use again."""
    if not is_sealed(path):
        raise PartnerkitError(f"{path} is not encrypted (its name does not end in .age)", file=path)
    target = path.with_name(path.name.removesuffix(SUFFIX))
    if target.exists():
        raise PartnerkitError(f"{target} already exists; nothing was changed", file=target)
    atomic_write(target, store.plaintext(path, keys)[1])
    path.unlink()
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
        raise PartnerkitError(f"encrypted, but cannot remove the plain {path} ({exc.strerror}); remove it yourself", file=path) from None
