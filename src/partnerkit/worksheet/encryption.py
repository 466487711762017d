"""Turning worksheets into age files and back: `lock`, `unlock`, and `key new` to make a key.

Reading and writing encrypted worksheets is sealed.py's job; this module only changes which form a
worksheet is in, and makes identities.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InvalidFile, PartnerkitError
from ..files.age import (
    SUFFIX,
    ask_new_passphrase,
    is_sealed,
    key_lines,
    parse_recipients,
    read_keys_file,
    read_plain,
    recipients_path,
    write,
)
from ..files.reading import atomic_write, read_bytes

# --- keys -----------------------------------------------------------------------------------------


def new_identity(path: Path) -> str:
    """Write a new age identity to `path` (0600, never replacing a file); return its public key."""
    from datetime import UTC, datetime

    import pyrage

    identity = pyrage.x25519.Identity.generate()
    public = str(identity.to_public())
    created = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    text = f"# created: {created}\n# public key: {public}\n{identity}\n"
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # O_EXCL: never overwrite a key (it may be the only way into the team's files); 0600 from birth.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise PartnerkitError(f"{path} already exists; a key is never replaced", file=path, hint="give another file name") from None
    except OSError as exc:
        raise PartnerkitError(f"cannot write {path} ({exc.strerror})", file=path) from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    return public


# --- lock and unlock ------------------------------------------------------------------------------


def lock(path: Path, recipients: list[str], *, passphrase: bool = False) -> Path:
    """Encrypt the plain worksheet `path` to `path.age`, then remove the plain file; return the new path."""
    if is_sealed(path):
        raise PartnerkitError(f"{path} is already encrypted", file=path)
    target = path.with_name(path.name + SUFFIX)
    if target.exists():
        raise PartnerkitError(f"{target} already exists; nothing was changed", file=target, hint=f"partnerkit unlock {target} first, or move it away")
    _refuse_shared(path)
    plain = read_bytes(path)
    keys = _recipient_lines(recipients, target)
    if passphrase:
        if keys:
            raise PartnerkitError("choose either --to or --passphrase, not both")
        if recipients_path(target).exists():  # saving would follow it, not the passphrase
            raise PartnerkitError(f"{recipients_path(target)} exists: lock with --to, or remove it to use a passphrase")
        ask_new_passphrase(target)
    elif keys:
        atomic_write(recipients_path(target), "".join(f"{key}\n" for key in keys))
    elif not recipients_path(target).exists():
        raise PartnerkitError("say who may open it: --to THEIR_PUBLIC_KEY (repeat for each teammate), or --passphrase")
    write(target, plain)
    remove_plain(path)
    return target


def _refuse_shared(path: Path) -> None:
    """Refuse a plain file whose removal would reach beyond it, or that leaves answers in plain text."""
    info = path.lstat() if path.is_symlink() else None
    if info is not None:
        raise PartnerkitError(f"{path} is a link; lock the file it points to", file=path)
    if path.exists() and path.stat().st_nlink > 1:  # zeroing it would zero every other name of it too
        raise PartnerkitError(f"{path} has other names (hard links); copy it to a file of its own, then lock that", file=path)
    draft = path.with_name(f".{path.name}.draft")
    if draft.exists():
        raise PartnerkitError(
            f"{draft} holds interview answers in plain text; nothing was changed",
            file=draft, hint=f"finish the interview (partnerkit new {path}) or delete the draft, then lock",
        )


def _recipient_lines(values: list[str], target: Path) -> list[str]:
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


def unlock(path: Path) -> Path:
    """Decrypt `path` (FILE.age) back to FILE; the recipients file stays, for `lock` to use again."""
    if not is_sealed(path):
        raise PartnerkitError(f"{path} is not encrypted (its name does not end in .age)", file=path)
    target = path.with_name(path.name.removesuffix(SUFFIX))
    if target.exists():
        raise PartnerkitError(f"{target} already exists; nothing was changed", file=target)
    atomic_write(target, read_plain(path))
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
