"""age encryption (https://age-encryption.org) through pyrage, a binding of the Rust implementation.

Never crypto of our own. A `Keyring` holds how one command opens and re-seals encrypted files: the
person's identity file (an age key or an SSH key: --identity, $PARTNERKIT_IDENTITY, or the key
`partnerkit key new` wrote), else a passphrase asked for through a function the command layer
gives it (the core never prompts). It is made once per command and handed down explicitly.
Recipients (who may open a file) are kept beside it in `FILE.age.recipients`, age's own
recipients-file format.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..catalog import _
from ..errors import InvalidFile, PartnerkitError, Problem
from .reading import decode, read_bytes

SUFFIX = ".age"
RECIPIENTS_SUFFIX = ".recipients"
IDENTITY_ENV = "PARTNERKIT_IDENTITY"
MAGIC = b"age-encryption.org/v1\n"
ARMOR = b"-----BEGIN AGE ENCRYPTED FILE-----"
MAX_KEYS_BYTES = 64 * 1024  # a recipients or identity file of hundreds of keys is still far below this

AskPassphrase = Callable[[str, bool], str]  # (what it is for, ask twice to confirm) -> the passphrase


def is_sealed(path: Path) -> bool:
    return path.name.endswith(SUFFIX)


def recipients_path(path: Path) -> Path:
    return path.with_name(path.name + RECIPIENTS_SUFFIX)


def default_identity() -> Path:
    """Where `partnerkit key new` puts a key when given no file: the user's config folder."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "partnerkit" / "key.txt"


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


class Keyring:
    """How one command opens and seals age files; see the module doc.

    It remembers the passphrase that opened each file (so saving encrypts to it again without
    asking twice) and which files it decrypted: while it holds decrypted text, a crash report must
    not quote any (`opened`).
    """

    def __init__(self, identity: Path | None = None, ask: AskPassphrase | None = None) -> None:
        self.identity = identity
        self.ask = ask
        self.passphrases: dict[Path, str] = {}  # file -> the passphrase that opened it
        self.opened: list[Path] = []

    # --- opening ---------------------------------------------------------------------------

    def decrypt(self, data: bytes, path: Path, *, like: Path | None = None) -> bytes:
        """The plaintext of an age file, or one PartnerkitError saying why it cannot be opened.

        A passphrase typed for a worksheet is remembered for it (and for files `like` it: its draft).
        """
        import pyrage  # ~10 ms: only encrypted files pay it

        if not (data.startswith(MAGIC) or data.lstrip().startswith(ARMOR)):
            raise PartnerkitError(_("age.not_age", path=path), file=path, hint=_("age.not_age.hint"))
        self.opened.append(path)
        try:
            if _passphrase_locked(data):
                secret = self._passphrase_for(like or path)
                plain = pyrage.passphrase.decrypt(data, secret)
                self.passphrases[_real(like or path)] = secret
                return plain
            return pyrage.decrypt(data, self.identities())
        except pyrage.DecryptError as exc:
            reason, hint = _why_not(str(exc))
            raise PartnerkitError(_("age.cannot_decrypt", path=path, reason=reason), file=path, hint=hint) from None

    def _passphrase_for(self, path: Path) -> str:
        if _real(path) in self.passphrases:
            return self.passphrases[_real(path)]
        if self.ask is None:
            raise PartnerkitError(_("age.no_terminal", path=path), file=path)
        return self.ask(_("age.passphrase_for", path=path), False)

    def identity_file(self) -> Path | None:
        """--identity, else $PARTNERKIT_IDENTITY, else the key `partnerkit key new` made, if there is one."""
        if self.identity is not None:
            return self.identity
        if os.environ.get(IDENTITY_ENV):
            return Path(os.environ[IDENTITY_ENV])
        default = default_identity()
        return default if default.is_file() else None

    def identities(self) -> list[Any]:
        """The person's private keys, from their identity file (age keys, or one OpenSSH key)."""
        import pyrage

        path = self.identity_file()
        if path is None:
            raise PartnerkitError(_("age.no_key_given"), hint=_("age.keys.hint"))
        data = read_keys_file(path, "identity")
        if data.lstrip().startswith(b"-----BEGIN"):
            try:
                return [pyrage.ssh.Identity.from_buffer(data)]
            except pyrage.IdentityError:
                raise PartnerkitError(_("age.bad_ssh_key", path=path), file=path) from None
        identities, problems = [], []
        for number, line in key_lines(data, path):
            try:
                identities.append(pyrage.x25519.Identity.from_str(line))
            except pyrage.IdentityError:
                problems.append(Problem(_("age.not_secret_key"), path, number))
        if problems or not identities:
            raise InvalidFile(problems or [Problem(_("age.no_key"), path)], what=_("age.identity_file"), hint=_("age.keys.hint"))
        return identities

    # --- sealing ---------------------------------------------------------------------------

    def encrypt(self, data: bytes, path: Path, recipients: list[str] | None = None) -> bytes:
        """`data` encrypted as the file `path` is: to its passphrase (a recipients file beside it is
        then refused: someone else put it there), or to `recipients` (public keys), else to the
        keys of its recipients file."""
        import pyrage

        if self.uses_passphrase(path):
            if recipients_path(path).exists():
                raise PartnerkitError(_("age.recipients_beside_passphrase", path=path, recipients=recipients_path(path)), hint=_("age.recipients_beside_passphrase.hint"), file=path)
            return pyrage.passphrase.encrypt(data, self.passphrases[_real(path)])
        if recipients is None:
            if not recipients_path(path).exists():
                raise cannot_encrypt(path)
            recipients = [key for _name, key in read_recipients(recipients_path(path))]
        mine = self.public_keys()
        if mine and not mine & {key_id(key) for key in recipients}:
            raise PartnerkitError(_("age.saver_left_out", path=path), hint=_("age.saver_left_out.hint"), file=path)
        return pyrage.encrypt(data, parse_recipients([(None, key) for key in recipients])[0])

    def uses_passphrase(self, path: Path) -> bool:
        """Whether this command opened `path` with a passphrase (or was given one to lock it with)."""
        return _real(path) in self.passphrases

    def public_keys(self) -> set[str]:
        """The public keys of the person's age identities (none known for an SSH identity, or no identity)."""
        try:
            identities = self.identities() if self.identity_file() is not None else []
        except PartnerkitError:
            return set()
        return {key_id(str(identity.to_public())) for identity in identities if hasattr(identity, "to_public")}

    def can_seal(self, path: Path) -> bool:
        """Whether a save of `path` could be encrypted without asking anything more."""
        return recipients_path(path).exists() or self.uses_passphrase(path)

    def new_passphrase(self, path: Path) -> None:
        """Ask (twice) for a passphrase to lock `path` with, and remember it for writing."""
        if self.ask is None:
            raise PartnerkitError(_("age.passphrase_needs_terminal"))
        self.passphrases[_real(path)] = self.ask(_("age.new_passphrase_for", path=path), True)


def cannot_encrypt(path: Path) -> PartnerkitError:
    return PartnerkitError(
        _("age.cannot_encrypt", path=path, recipients=recipients_path(path).name),
        file=path,
        hint=_("age.cannot_encrypt.hint"),
    )


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
        return _("age.why.no_matching_key"), _("age.why.no_matching_key.hint")
    if message == "Decryption failed":
        return _("age.why.wrong_passphrase"), _("age.why.wrong_passphrase.hint")
    return _("age.why.damaged"), _("age.why.damaged.hint")


# --- key files ------------------------------------------------------------------------------------


def read_keys_file(path: Path, what: str) -> bytes:
    """A key file's bytes; `what` is "identity" or "recipients", the kind of file it should be."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > MAX_KEYS_BYTES:
        message = _("age.too_large.identity", path=path) if what == "identity" else _("age.too_large.recipients", path=path)
        raise PartnerkitError(message, file=path)
    return read_bytes(path)


def key_lines(data: bytes, path: Path) -> Iterable[tuple[int, str]]:
    """(line number, text) of each line that is not blank or a # comment."""
    for number, line in enumerate(decode(data, path).splitlines(), 1):
        text = line.strip()
        if text and not text.startswith("#"):
            yield number, text


_SECRET = r"AGE-SECRET-KEY-|PRIVATE KEY"  # compiled on first use, as _QUOTED


def key_id(key: str) -> str:
    """A public key as compared: an age key as it is; an SSH key without its comment."""
    parts = key.split()
    return " ".join(parts[:2]) if key.startswith("ssh-") else key.strip()


def read_recipients(path: Path) -> list[tuple[str, str]]:
    """(name, public key) of each key in a recipients file, every key checked; the name is the
    `# comment` line just above the key ("" if none). A file someone else could have planted or
    changed is refused, as ssh refuses such an authorized_keys file: a link, a file owned by
    another user, or one that others (or a folder that others) can write.
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise PartnerkitError(_("file.not_found", path=path), file=path) from None
    if stat.S_ISLNK(info.st_mode):
        raise PartnerkitError(_("age.recipients_link", path=path), file=path)
    if info.st_uid not in (os.getuid(), 0):
        raise PartnerkitError(_("age.recipients_not_yours", path=path), file=path, hint=_("age.recipients_not_yours.hint"))
    if info.st_mode & 0o022:  # anyone else who can write it could add their own key and read the next save
        raise PartnerkitError(_("age.recipients_writable", path=path), file=path, hint=f"chmod go-w {path}")
    folder = path.parent.stat() if str(path.parent) else Path(".").stat()
    if folder.st_mode & 0o022 and not folder.st_mode & stat.S_ISVTX:  # others could swap the file for theirs
        raise PartnerkitError(_("age.recipients_folder_writable", path=path, folder=path.parent), file=path)
    entries = named_keys(read_keys_file(path, "recipients"), path)
    problems = parse_recipients([(number, key) for number, _name, key in entries], path)[1]
    if problems or not entries:
        raise InvalidFile(problems or [Problem(_("age.no_public_key"), path)], what=_("age.recipients_file"))
    return [(name, key) for _number, name, key in entries]


def named_keys(data: bytes, path: Path) -> list[tuple[int, str, str]]:
    """(line number, name, key) of each key line in a keys file; the name is the `# comment` just above it."""
    entries, name = [], ""
    for number, line in enumerate(decode(data, path).splitlines(), 1):
        text = line.strip()
        if text.startswith("#"):
            name = text.lstrip("#").strip()
        elif text:
            entries.append((number, name, text))
            name = ""
        else:
            name = ""
    return entries


def load_recipients(path: Path) -> list[Any]:
    """The public keys in a recipients file, each checked (read_recipients), ready to encrypt to."""
    return parse_recipients([(None, key) for _name, key in read_recipients(path)], path)[0]


def recipients_text(members: Iterable[tuple[str, str]]) -> str:
    """A recipients file for (name, key) pairs, as age reads it: each key under a `# name` comment."""
    return "".join(f"# {name}\n{key}\n" if name else f"{key}\n" for name, key in members)


def parse_recipients(lines: Iterable[tuple[int | None, str]], path: Path | None = None) -> tuple[list[Any], list[Problem]]:
    """Age (age1...) and SSH (ssh-ed25519, ssh-rsa) public keys; a Problem for each line that is neither."""
    import pyrage

    recipients, problems = [], []
    for number, text in lines:
        if re.search(_SECRET, text):
            problems.append(Problem(_("age.private_key"), path, number))
            continue
        try:
            if text.startswith("ssh-"):
                recipients.append(pyrage.ssh.Recipient.from_str(text))
            else:
                recipients.append(pyrage.x25519.Recipient.from_str(text))
        except pyrage.RecipientError:
            problems.append(Problem(_("age.not_public_key"), path, number))
    return recipients, problems


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
        raise PartnerkitError(_("age.key_exists", path=path), file=path, hint=_("age.key_exists.hint")) from None
    except OSError as exc:
        raise PartnerkitError(_("write.cannot_write", path=path, reason=exc.strerror), file=path) from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    return public


# --- messages about encrypted files ----------------------------------------------------------------

# A value quoted in a message, as repr() quotes it: 'text' or "text", escapes included.
_QUOTED = r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*\""""
HIDDEN = "…"


def quiet(message: str, secrets: Iterable[str] = ()) -> str:
    """A message about an encrypted file with no text of the file in it: quoted values and `secrets` hidden.

    Problems still say where (FILE:LINE:COL) and what kind of mistake; the editor shows the rest.
    """
    for secret in sorted({s for s in secrets if s.strip()}, key=len, reverse=True):
        message = message.replace(secret, HIDDEN)
    return re.sub(_QUOTED, HIDDEN, message)
