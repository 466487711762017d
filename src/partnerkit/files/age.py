"""Worksheets encrypted in the age format (https://age-encryption.org), read and written transparently.

A worksheet whose name ends in `.age` is encrypted with age, through pyrage (a binding of the Rust
implementation): never crypto of our own. It opens with the person's identity file (an age key or an
SSH key: --identity, $PARTNERKIT_IDENTITY, or the key `partnerkit key new` wrote), or with a
passphrase. Saving encrypts again to the same people: their public keys are kept beside the file in
`FILE.age.recipients` (age's own recipients-file format), or, for a passphrase file, to the
passphrase typed to open it. Plaintext only ever exists in memory.

The core never prompts: the command layer hands `use_keys` a function that asks for a passphrase.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InvalidFile, PartnerkitError, Problem
from .reading import atomic_write, decode, read_bytes

SUFFIX = ".age"
RECIPIENTS_SUFFIX = ".recipients"
IDENTITY_ENV = "PARTNERKIT_IDENTITY"
MAGIC = b"age-encryption.org/v1\n"
ARMOR = b"-----BEGIN AGE ENCRYPTED FILE-----"
MAX_KEYS_BYTES = 64 * 1024  # a recipients or identity file of hundreds of keys is still far below this
KEYS_HINT = "give your key with --identity FILE (or set $PARTNERKIT_IDENTITY); `partnerkit key new` makes one"

AskPassphrase = Callable[[str, bool], str]  # (what it is for, ask twice to confirm) -> the passphrase


@dataclass
class Keys:
    """How this process opens encrypted files: an identity file, else a passphrase prompt."""

    identity: Path | None = None
    ask: AskPassphrase | None = None


_keys = Keys()
_passphrases: dict[Path, str] = {}  # file -> the passphrase that opened it, to save it again
_opened: list[Path] = []  # encrypted files decrypted by this process: a crash report must not quote them


def opened_any() -> bool:
    """Whether this process holds decrypted text, so a bug's report must leave out the values."""
    return bool(_opened)


def use_keys(identity: Path | None = None, ask: AskPassphrase | None = None) -> None:
    """Set how encrypted worksheets are opened from now on (the CLI calls it once per command)."""
    global _keys
    _keys = Keys(identity, ask)
    _passphrases.clear()
    _opened.clear()


def is_sealed(path: Path) -> bool:
    return path.name.endswith(SUFFIX)


def recipients_path(path: Path) -> Path:
    return path.with_name(path.name + RECIPIENTS_SUFFIX)


def default_identity() -> Path:
    """Where `partnerkit key new` puts a key when given no file: the user's config folder."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "partnerkit" / "key.txt"


# --- reading --------------------------------------------------------------------------------------


def read_plain(path: Path, *, like: Path | None = None) -> bytes:
    """The file's bytes: read as they are, or decrypted when it (or the worksheet it is `like`) is .age."""
    data = read_bytes(path)
    return decrypt(data, path, like=like) if is_sealed(like or path) else data


def read_stored(path: Path) -> tuple[bytes, bytes]:
    """(the bytes on disk, the plaintext): writers compare the first to see if it changed meanwhile."""
    stored = read_bytes(path)
    return stored, decrypt(stored, path) if is_sealed(path) else stored


def decrypt(data: bytes, path: Path, *, like: Path | None = None) -> bytes:
    """The plaintext of an age file, or one PartnerkitError saying why it cannot be opened.

    A passphrase typed for a worksheet is remembered for it (and for files `like` it: its draft),
    so saving can encrypt it again without asking twice.
    """
    import pyrage  # ~10 ms: only encrypted files pay it

    if not (data.startswith(MAGIC) or data.lstrip().startswith(ARMOR)):
        raise PartnerkitError(f"{path} is not an age-encrypted file", file=path, hint="a file named .age must be encrypted with age (partnerkit lock)")
    _opened.append(path)
    try:
        if _passphrase_locked(data):
            secret = _passphrase_for(like or path)
            plain = pyrage.passphrase.decrypt(data, secret)
            _passphrases[_key(like or path)] = secret
            return plain
        return pyrage.decrypt(data, load_identities())
    except pyrage.DecryptError as exc:
        reason, hint = _why_not(str(exc))
        raise PartnerkitError(f"{path}: cannot decrypt it ({reason})", file=path, hint=hint) from None


def _passphrase_locked(data: bytes) -> bool:
    """Whether the file's header has a passphrase (scrypt) stanza; armored files are read to see it."""
    if data.startswith(MAGIC):
        return b"\n-> scrypt " in data.split(b"\n---", 1)[0]
    import base64
    import binascii

    try:  # the first line of armor holds the first 48 bytes: the version line and the first stanza
        first = data.lstrip().splitlines()[1]
        return b"\n-> scrypt " in base64.b64decode(first + b"=" * (-len(first) % 4))
    except (IndexError, binascii.Error, ValueError):
        return False


def _why_not(message: str) -> tuple[str, str]:
    """What pyrage's DecryptError means for the person, and what to do about it."""
    if "No matching keys" in message:
        return "none of your keys opens it", "ask a teammate who can open it to add your public key to its .recipients file and save it again"
    if message == "Decryption failed":
        return "wrong passphrase", "type the passphrase the file was locked with"
    return "the file is damaged or incomplete", "it may have been cut short or changed; use a teammate's copy"


def _passphrase_for(path: Path) -> str:
    if _key(path) in _passphrases:
        return _passphrases[_key(path)]
    if _keys.ask is None:
        raise PartnerkitError(f"{path} is locked with a passphrase, and there is no terminal to ask for it", file=path)
    return _keys.ask(f"Passphrase for {path}", False)


def _key(path: Path) -> Path:
    return Path(os.path.realpath(path))


def ask_new_passphrase(path: Path) -> None:
    """Ask (twice) for a passphrase to lock `path` with, and remember it for writing."""
    if _keys.ask is None:
        raise PartnerkitError("--passphrase needs a terminal to type it in")
    _passphrases[_key(path)] = _keys.ask(f"New passphrase for {path}", True)


def identity_file() -> Path | None:
    """--identity, else $PARTNERKIT_IDENTITY, else the key `partnerkit key new` made, if there is one."""
    if _keys.identity is not None:
        return _keys.identity
    if os.environ.get(IDENTITY_ENV):
        return Path(os.environ[IDENTITY_ENV])
    default = default_identity()
    return default if default.is_file() else None


def load_identities() -> list[Any]:
    """The person's private keys, from their identity file (age keys, or one OpenSSH key)."""
    import pyrage

    path = identity_file()
    if path is None:
        raise PartnerkitError("this worksheet is encrypted to keys, and no key was given", hint=KEYS_HINT)
    data = read_keys_file(path, "identity")
    if data.lstrip().startswith(b"-----BEGIN"):
        try:
            return [pyrage.ssh.Identity.from_buffer(data)]
        except pyrage.IdentityError:
            raise PartnerkitError(f"{path}: not an SSH private key partnerkit can use (one with a passphrase cannot be used)", file=path) from None
    identities, problems = [], []
    for number, line in key_lines(data, path):
        try:
            identities.append(pyrage.x25519.Identity.from_str(line))
        except pyrage.IdentityError:
            problems.append(Problem("not an age secret key (AGE-SECRET-KEY-1...)", path, number))
    if problems or not identities:
        raise InvalidFile(problems or [Problem("no key in this file", path)], what="identity file", hint=KEYS_HINT)
    return identities


def read_keys_file(path: Path, what: str) -> bytes:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > MAX_KEYS_BYTES:
        raise PartnerkitError(f"{path} is too large to be an {what} file", file=path)
    return read_bytes(path)


def key_lines(data: bytes, path: Path) -> Iterable[tuple[int, str]]:
    """(line number, text) of each line that is not blank or a # comment."""
    for number, line in enumerate(decode(data, path).splitlines(), 1):
        text = line.strip()
        if text and not text.startswith("#"):
            yield number, text


# --- a private folder in memory --------------------------------------------------------------------

# Memory-backed on Linux: the per-user runtime folder (a tmpfs, by the XDG spec), then /dev/shm.
MEMORY_FOLDERS = ("$XDG_RUNTIME_DIR", "/dev/shm")


def memory_folder() -> Path | None:
    """A memory-backed folder to make private folders in, or None where the system has none (macOS)."""
    for candidate in MEMORY_FOLDERS:
        folder = os.path.expandvars(candidate)
        if folder and not folder.startswith("$") and os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK):
            return Path(folder)
    return None


# --- messages -------------------------------------------------------------------------------------

# A value quoted in a message, as repr() quotes it: 'text' or "text", escapes included.
_QUOTED = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*\"""")
HIDDEN = "…"


def quiet(message: str, secrets: Iterable[str] = ()) -> str:
    """A message about an encrypted file with no text of the file in it: quoted values and `secrets` hidden.

    Problems still say where (FILE:LINE:COL) and what kind of mistake; the editor shows the rest.
    """
    for secret in sorted({s for s in secrets if s.strip()}, key=len, reverse=True):
        message = message.replace(secret, HIDDEN)
    return _QUOTED.sub(HIDDEN, message)


# --- writing --------------------------------------------------------------------------------------


def write(path: Path, text: str | bytes, *, like: Path | None = None, force: bool = False, follow_symlinks: bool = True) -> None:
    """Replace `path` atomically (yamlio.atomic_write): plainly, or encrypted to the people of `like` (default: `path`)."""
    atomic_write(path, stored_form(path, text, like=like), force=force, follow_symlinks=follow_symlinks)


def stored_form(path: Path, text: str | bytes, *, like: Path | None = None) -> str | bytes:
    """What goes on disk for `text` at `path`: the text itself, or its ciphertext for an .age worksheet."""
    if not is_sealed(like or path):
        return text
    return encrypt(text.encode("utf-8") if isinstance(text, str) else text, like or path)


def encrypt(data: bytes, path: Path) -> bytes:
    """`data` encrypted as the worksheet `path` is: to its recipients file, or its passphrase."""
    import pyrage

    if recipients_path(path).exists():
        return pyrage.encrypt(data, load_recipients(recipients_path(path)))
    if _key(path) in _passphrases:
        return pyrage.passphrase.encrypt(data, _passphrases[_key(path)])
    raise cannot_encrypt(path)


def ensure_writable(path: Path) -> None:
    """Raise now, before any typing, if a worksheet named .age could not be encrypted when saved."""
    if is_sealed(path) and not recipients_path(path).exists() and _key(path) not in _passphrases:
        if path.exists():
            read_plain(path)  # a passphrase file: asks for it once, and remembers it
        else:
            raise cannot_encrypt(path)
    if is_sealed(path) and recipients_path(path).exists():
        load_recipients(recipients_path(path))  # a bad recipients file, reported before the interview


def cannot_encrypt(path: Path) -> PartnerkitError:
    return PartnerkitError(
        f"cannot encrypt {path}: no {recipients_path(path).name} beside it says who may open it",
        file=path,
        hint="write the plain file, then: partnerkit lock FILE --to KEY (or --passphrase)",
    )


_SECRET = re.compile(r"AGE-SECRET-KEY-|PRIVATE KEY")


def load_recipients(path: Path) -> list[Any]:
    """The public keys in a recipients file, each checked; a teammate's file is not trusted blindly."""
    mode = path.lstat().st_mode if path.exists() else 0
    if stat.S_ISLNK(mode):
        raise PartnerkitError(f"{path} is a link; a recipients file must be a plain file", file=path)
    if mode & 0o022:  # anyone else who can write it could add their own key and read the next save
        raise PartnerkitError(f"{path} can be changed by other users of this computer", file=path, hint=f"chmod go-w {path}")
    data = read_keys_file(path, "recipients")
    lines = list(key_lines(data, path))
    recipients, problems = parse_recipients(lines, path)
    if problems or not recipients:
        raise InvalidFile(problems or [Problem("no public key in this file", path)], what="recipients file")
    return recipients


def parse_recipients(lines: Iterable[tuple[int | None, str]], path: Path | None = None) -> tuple[list[Any], list[Problem]]:
    """Age (age1...) and SSH (ssh-ed25519, ssh-rsa) public keys; a Problem for each line that is neither."""
    import pyrage

    recipients, problems = [], []
    for number, text in lines:
        if _SECRET.search(text):
            problems.append(Problem("this is a private key: never share it; give the public key (age1...)", path, number))
            continue
        try:
            if text.startswith("ssh-"):
                recipients.append(pyrage.ssh.Recipient.from_str(text))
            else:
                recipients.append(pyrage.x25519.Recipient.from_str(text))
        except pyrage.RecipientError:
            problems.append(Problem("not an age public key (age1...) or an SSH public key (ssh-ed25519 ...)", path, number))
    return recipients, problems
