"""The one way a worksheet is read and written, plain or encrypted (a name ending in .age).

Reading: the file's bytes (bounded), decrypted in memory for .age, then every guard is applied to
the plaintext (size, line breaks and separators, UTF-8) before it is composed into YAML nodes and
validated against the guide. Writing: the new text is read back first, through the same guards and
the same parser, so no writer can produce a file the readers refuse; then it is encrypted again
for .age, and replaces the file atomically (files/writing.py), unless the file changed since it was
read. Every file beside a worksheet that belongs to it (its draft, its recipients, `log`'s undo
file) is named here.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import Node

from ..catalog import _
from ..errors import InvalidFile, PartnerkitError, Problem
from ..files.age import Keyring, is_sealed, load_recipients, recipients_path
from ..files.reading import decode, read_bytes, read_text, refuse_oversized
from ..files.writing import atomic_write
from ..files.yamldoc import compose, gc_paused
from ..guide.model import Guide
from .dump import blank_worksheet_text, dump_worksheet
from .model import Worksheet, new_id
from .parse import INVALID_HINT, parse_worksheet

Sources = tuple[tuple[Path, Worksheet], ...]


@dataclass(frozen=True)
class Opened:
    """A worksheet as read for a change: its bytes on disk, its text, its YAML nodes and its model."""

    path: Path
    stored: bytes  # what is on disk (ciphertext for .age): a writer compares it to see a change meanwhile
    text: str  # the plaintext, decoded
    bom: bool  # the text started with a byte-order mark, to be kept
    document: Node | None
    worksheet: Worksheet


def draft_path(path: Path) -> Path:
    """Where the interview keeps its draft of the worksheet `path`: `.NAME.draft` beside it."""
    return path.with_name(f".{path.name}.draft")


def undo_path(path: Path) -> Path:
    """Where `log` keeps the worksheet's text from before its last entry, for `undo`: `.NAME.undo` beside it."""
    return path.with_name(f".{path.name}.undo")


def plaintext(path: Path, keys: Keyring | None = None, *, like: Path | None = None) -> tuple[bytes, bytes]:
    """(the bytes on disk, the plaintext, guarded): decrypted when `path` (or the worksheet it is `like`) is .age."""
    stored = read_bytes(path)
    if not is_sealed(like or path):
        return stored, stored
    plain = (keys or Keyring()).decrypt(stored, path, like=like)
    refuse_oversized(plain, path)  # the same bounds for the decrypted text as for a plain file
    return stored, plain


def load(path: Path, guide: Guide, keys: Keyring | None = None) -> Worksheet:
    """Read and validate a worksheet file; raises InvalidFile listing every problem."""
    plain = plaintext(path, keys)[1]
    decode(plain, path)  # only to refuse a file that is not UTF-8, with its line and column
    with gc_paused():  # the node tree is freed before collection resumes; see gc_paused
        # libyaml reads UTF-8 bytes itself: handing it text would hold two more copies of the file.
        return parse_worksheet(compose(plain.removeprefix(codecs.BOM_UTF8), path), path, guide)


def load_many(paths: list[Path], guide: Guide, keys: Keyring | None = None) -> Sources:
    """Load every file, reporting the problems of all invalid ones together."""
    sources: list[tuple[Path, Worksheet]] = []
    problems: list[Problem] = []
    count = 0
    for path in paths:
        try:
            sources.append((path, load(path, guide, keys)))
        except InvalidFile as error:
            problems += error.problems
            count += error.count
    if problems:
        raise InvalidFile(problems, what="worksheet", hint=_(INVALID_HINT), count=count)
    return tuple(sources)


def open_for_change(path: Path, guide: Guide, keys: Keyring | None = None) -> Opened:
    """The worksheet with its text and nodes, for a writer that changes the text where the change goes."""
    stored, plain = plaintext(path, keys)
    text = decode(plain, path)
    document, worksheet = parse_text(text, path, guide)
    return Opened(path, stored, text, plain.startswith(codecs.BOM_UTF8), document, worksheet)


def parse_text(text: str, path: Path, guide: Guide) -> tuple[Node | None, Worksheet]:
    """A worksheet's text, guarded and parsed as a file of it would be: (its nodes, its worksheet)."""
    refuse_oversized(text.encode("utf-8"), path)
    with gc_paused():
        document = compose(text, path)
        return document, parse_worksheet(document, path, guide)


def write_text(
    path: Path,
    text: str,
    guide: Guide,
    keys: Keyring | None = None,
    *,
    force: bool = False,
    since: bytes | None = None,
    bom: bool = False,
    expected: Worksheet | None = None,
) -> Worksheet:
    """Replace the worksheet at `path` with `text`, once it reads back as a worksheet (as `expected`,
    if given); returns that worksheet.

    `since` is the file's bytes when it was read: if it changed meanwhile, nothing is written.
    `force` writes a read-only or hard-linked file too (files.writing.atomic_write refuses them).
    """
    try:
        worksheet = parse_text(text, path, guide)[1]
    except PartnerkitError as error:  # partnerkit's own text: a bug, never the user's file
        raise PartnerkitError(
            _("worksheet.write.unreadable", path=path, error=error.message), hint=_("worksheet.write.unreadable.hint"), file=path
        ) from None
    if expected is not None and worksheet != expected:
        raise PartnerkitError(_("worksheet.write.other_lines", path=path), hint=_("worksheet.write.other_lines.hint"), file=path)
    if since is not None and read_bytes(path) != since:
        raise PartnerkitError(_("worksheet.write.changed_meanwhile", path=path), hint=_("worksheet.write.changed_meanwhile.hint"), file=path)
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")
    atomic_write(path, sealed(path, data, keys), force=force)
    return worksheet


def save(path: Path, worksheet: Worksheet, guide: Guide, keys: Keyring | None = None, *, force: bool = False) -> None:
    """Write the worksheet afresh (no comments kept): for a new file, or one whose text cannot take a change."""
    write_text(path, dump_worksheet(worksheet, guide), guide, keys, force=force)


def write_new(path: Path, guide: Guide, keys: Keyring | None = None, *, example: bool = False, force: bool = False) -> Path:
    """Write a blank worksheet, or the guide's example, refusing to replace a file unless forced."""
    if os.path.lexists(path) and not force:  # lexists: a dangling link or an odd path must not raise here
        raise PartnerkitError(_("worksheet.new.exists", path=path), hint=_("worksheet.new.exists.hint"))
    if example:
        source = guide.folder / "example.yaml"
        if not source.is_file():
            raise PartnerkitError(_("worksheet.new.no_example", folder=guide.folder))
        from .rewrite import with_id  # only here: reading a worksheet needs no rewriting

        text = with_id(read_text(source), source, new_id())
    else:
        text = blank_worksheet_text(guide, new_id())
    write_text(path, text, guide, keys, force=force)
    return path


def sealed(path: Path, data: bytes, keys: Keyring | None = None, *, like: Path | None = None) -> bytes:
    """What goes on disk for `data` at `path`: itself, or its ciphertext when `path` (or the worksheet it is `like`) is .age."""
    if not is_sealed(like or path):
        return data
    return (keys or Keyring()).encrypt(data, like or path)


def ensure_sealable(path: Path, keys: Keyring | None = None) -> None:
    """Raise now, before any typing, if the worksheet `path` could not be encrypted when saved."""
    if not is_sealed(path):
        return
    keys = keys or Keyring()
    if recipients_path(path).exists():
        load_recipients(recipients_path(path))  # a bad recipients file, reported before the interview
    elif not keys.can_seal(path):
        if not path.exists():
            from ..files.age import cannot_encrypt

            raise cannot_encrypt(path)
        plaintext(path, keys)  # a passphrase file: asks for it once, and remembers it
