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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from yaml.nodes import Node

from ..catalog import _
from ..errors import InvalidFile, PartnerkitError, Problem
from ..files.age import Keyring, is_sealed, recipients_path
from ..files.reading import decode, read_bytes, read_text, refuse_oversized
from ..files.writing import atomic_write
from ..files.yamldoc import compose, gc_paused
from ..guide.model import Guide
from ..records import record
from .model import Member, Partner, Worksheet, new_id
from .parse import INVALID_HINT, parse_worksheet
from .streaming import AsRead, Kept, Spans, read_partners, read_recorded_team, read_worksheet

Sources = tuple[tuple[Path, Worksheet], ...]


@record
class Opened:
    """A worksheet as read for a change: its bytes on disk, its text, its YAML nodes and its model."""

    path: Path
    stored: bytes  # what is on disk (ciphertext for .age): a writer compares it to see a change meanwhile
    text: str  # the plaintext, decoded
    bom: bool  # the text started with a byte-order mark, to be kept
    document: Node | None  # without its partners' nodes when `kept` is not None
    worksheet: Worksheet
    kept: Kept | None = None  # the nodes of the partners the change may touch, by category and index
    as_read: AsRead | None = None  # for reading the changed text back (write_text's `before`)

    def partner_node(self, category: str, index: int) -> Node:
        """The nodes of a partner, from `kept`, or from the document (composed whole again for a
        partner `kept` lacks: read partly, a large file was not held whole as nodes)."""
        if self.kept is not None and (category, index) in self.kept:
            return self.kept[(category, index)]
        found: Any = self.whole_document()
        for key in ("partners", category):  # parsed as a worksheet already: there they are
            found = next(value for key_node, value in found.value if getattr(key_node, "value", None) == key)
        return found.value[index]

    def whole_document(self) -> Node | None:
        """The document with every partner's nodes: composed again when it was read partly."""
        return self.document if self.kept is None else compose(self.text, self.path)

    def document_for(self, worksheet: Worksheet) -> Node | None:
        """The document to rewrite into `worksheet` (rewrite.updated_text): as read when no partner
        changes (nor has answers to save as ids), else whole."""
        if worksheet.partners == self.worksheet.partners and not any(c.path[0] == "partners" for c in self.worksheet.converted):
            return self.document
        return self.whole_document()


def draft_path(path: Path) -> Path:
    """Where the interview keeps its draft of the worksheet `path`: `.NAME.draft` beside it."""
    return path.with_name(f".{path.name}.draft")


def undo_path(path: Path) -> Path:
    """Where `log` keeps the worksheet's text from before its last entry, for `undo`: `.NAME.undo` beside it."""
    return path.with_name(f".{path.name}.undo")


def plaintext(path: Path, keys: Keyring | None = None, *, like: Path | None = None) -> tuple[bytes, bytes]:
    """(the bytes on disk, the plaintext, guarded): decrypted when `path` (or the worksheet it is `like`) is .age."""
    sealed = is_sealed(like or path)
    stored = read_bytes(path, parsed=not sealed)
    if not sealed:
        return stored, stored
    plain = (keys or Keyring()).decrypt(stored, path, like=like)
    refuse_oversized(plain, path)  # the same bounds for the decrypted text as for a plain file
    return stored, plain


def load(path: Path, guide: Guide, keys: Keyring | None = None, *, like: Path | None = None, sharing: Worksheet | None = None) -> Worksheet:
    """Read and validate a worksheet file; raises InvalidFile listing every problem. `like`: see
    plaintext. `sharing`: a worksheet read already (a merge's ours): a partner read equal to its
    partner in the same place is held as that one, not twice."""
    return _read(plaintext(path, keys, like=like)[1], path, guide, sharing)


def read_data(data: bytes, path: Path, guide: Guide) -> Worksheet:
    """The worksheet in `data`, the bytes of a worksheet that is not (yet) its file (an edited copy),
    guarded and read as `load` reads a file's: partner by partner, no nodes kept."""
    refuse_oversized(data, path)
    return _read(data, path, guide)


def _read(plain: bytes, path: Path, guide: Guide, sharing: Worksheet | None = None) -> Worksheet:
    decode(plain, path)  # only to refuse a file that is not UTF-8, with its line and column
    with gc_paused():  # the nodes are freed before collection resumes; see gc_paused
        # libyaml reads UTF-8 bytes itself: handing it text would hold two more copies of the file.
        return read_worksheet(plain.removeprefix(codecs.BOM_UTF8), path, guide, sharing)


def load_many(paths: list[Path], guide: Guide, keys: Keyring | None = None) -> Sources:
    """Load every file, reporting the problems of all invalid ones together."""
    sources: list[tuple[Path, Worksheet]] = []
    problems: list[Problem] = []
    count = 0
    for path in paths:
        try:
            sources.append((path, load(path, guide, keys)))
        except InvalidFile as error:
            if error.file != path:  # a key file's problems, not the worksheet's: its own message and hint
                raise
            problems += error.problems
            count += error.count
    if problems:
        raise InvalidFile(problems, what="worksheet", hint=_(INVALID_HINT), count=count)
    return tuple(sources)


@contextmanager
def changing(path: Path, guide: Guide, keys: Keyring | None = None, *, keep: Keep | None = None) -> Iterator[Opened]:
    """The worksheet read for a change, its lock held until the block ends: writers take turns, so
    a change is made to the file as it is now, and no other writer's change is lost."""
    from ..files.locking import holding

    with holding(path):
        yield open_for_change(path, guide, keys, keep=keep)


Keep = Callable[[str, int, Partner], bool]


def open_for_change(path: Path, guide: Guide, keys: Keyring | None = None, *, like: Path | None = None, keep: Keep | None = None) -> Opened:
    """The worksheet with its text and nodes, for a writer that changes the text where the change goes.

    Read partner by partner: the document holds no partner's nodes but those `keep(category,
    index, partner)` asks for (`Opened.kept`: a change to a few partners of a large file, log);
    `Opened.document_for` composes the whole document for a change that needs it.
    `like`: the worksheet `path` stands for (a merge tool's scratch copy), whose name says whether it is encrypted.
    """
    stored, plain = plaintext(path, keys, like=like)
    text = decode(plain, path)
    spans: Spans = {}
    with gc_paused():  # `plain` was bounded as it was read (plaintext)
        document, worksheet, kept = read_partners(plain.removeprefix(codecs.BOM_UTF8), path, guide, keep or _no_partner, spans=spans)
    return Opened(path, stored, text, plain.startswith(codecs.BOM_UTF8), document, worksheet, kept, AsRead(text, spans))


def _no_partner(_category: str, _index: int, _partner: Partner) -> bool:
    return False


def parse_text(text: str, path: Path, guide: Guide) -> tuple[Node | None, Worksheet]:
    """A worksheet's text, guarded and parsed as a file of it would be: (its nodes, its worksheet)."""
    refuse_oversized(text.encode("utf-8"), path)
    with gc_paused():
        document = compose(text, path)
        return document, parse_worksheet(document, path, guide, text)


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
    before: AsRead | None = None,
    like: Path | None = None,
    new_team: bool = False,
    conflicts: tuple[Member, ...] | None = None,
) -> Worksheet | None:
    """Replace the worksheet at `path` with `text`, once it reads back as a worksheet (as `expected`,
    if given); returns that worksheet.

    `since` is the file's bytes when it was read: if it changed meanwhile, nothing is written.
    `force` writes a read-only or hard-linked file too (files.writing.atomic_write refuses them).
    `like` names the worksheet `path` stands for (a merge's scratch copy of team.yaml.age): its name
    says whether to encrypt, and to whom. An encrypted worksheet is encrypted to its team
    (sealing.py); `new_team` says the text sets a new one. `conflicts` (the team to encrypt to)
    allows a text whose only problems are merge conflicts left in it on purpose (returns None).
    `before`: the text `text` was made from, as read (Opened.as_read): see read_back.
    """
    from ..files.age import recipients_text
    from ..files.locking import holding
    from .sealing import members_of, seal

    target = like or path
    keys = keys or Keyring()
    worksheet = read_back(path, text, guide, expected=expected, before=before, bom=bom, conflicts=conflicts)
    if worksheet is not None and is_sealed(target) and not worksheet.team and recipients_path(target).exists() and not keys.uses_passphrase(target):
        # Locked before teams were recorded: record its team now, so a changed recipients file is noticed from here on.
        from .dump import dump_worksheet
        from .rewrite import updated_text  # only here: reading a worksheet needs no rewriting

        document = parse_text(text, path, guide)[0]
        recorded = replace(worksheet, team=members_of(target))
        text = updated_text(text, document, worksheet, recorded, guide) or dump_worksheet(recorded, guide)
        worksheet = recorded
    team = worksheet.team if worksheet is not None else conflicts or ()
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")
    with holding(path):  # a writer that read the file without the lock still takes its turn to write
        if since is not None and read_bytes(path, parsed=False) != since:
            raise PartnerkitError(_("worksheet.write.changed_meanwhile", path=path), hint=_("worksheet.write.changed_meanwhile.hint"), file=path)
        stored = seal(target, data, keys, team, trusted=new_team) if is_sealed(target) else data
        if stored is not data:  # an encrypted file is larger than its text: it too must be one partnerkit reads
            refuse_oversized(stored, path, writing=True, marks=False)
        atomic_write(path, stored, force=force)
        if is_sealed(target) and team and not new_team and not recipients_path(target).exists() and not keys.uses_passphrase(target):
            atomic_write(recipients_path(target), recipients_text((m.name, m.key) for m in team))  # the team's mirror, for age
    return worksheet


def read_back(
    path: Path,
    text: str,
    guide: Guide,
    *,
    expected: Worksheet | None = None,
    before: AsRead | None = None,
    bom: bool = False,
    conflicts: tuple[Member, ...] | None = None,
) -> Worksheet | None:
    """The worksheet `text` would be at `path` (with a byte-order mark if `bom`), read as every
    command reads it. Raises, saying why, if it would be too large to read, unreadable, or not
    `expected`: nothing need be written to find out. `conflicts` (not None) allows a text whose
    only problems are merge conflicts left in it on purpose (its worksheet is then None).
    `before`: the text `text` was made from by a change to a few partners, as read: the whole text
    is parsed, and each partner whose text is unchanged is the one read then (streaming.py).
    """
    data = text.encode("utf-8")
    refuse_oversized((codecs.BOM_UTF8 if bom else b"") + data, path, writing=True)  # the user's doing (a long note, a big file): said plainly
    try:
        with gc_paused():
            worksheet: Worksheet | None = read_worksheet(data, path, guide, expected, text=text, before=before)
    except InvalidFile as error:
        if conflicts is None or not all(problem.conflict for problem in error.problems):
            raise _unreadable(path, error) from None
        worksheet = None
    except PartnerkitError as error:  # partnerkit's own text: a bug, never the user's file
        raise _unreadable(path, error) from None
    if expected is not None and worksheet != expected:
        raise NotReadBack(_("worksheet.write.other_lines", path=path), hint=_("worksheet.write.other_lines.hint"), file=path)
    return worksheet


class NotReadBack(PartnerkitError):
    """A writer's new text would not read back, or not as the worksheet it meant: nothing was written."""


def _unreadable(path: Path, error: PartnerkitError) -> NotReadBack:
    return NotReadBack(_("worksheet.write.unreadable", path=path, error=error.message), hint=_("worksheet.write.unreadable.hint"), file=path)


def write_change(path: Path, opened: Opened, worksheet: Worksheet, guide: Guide, keys: Keyring | None = None, **options: Any) -> Worksheet | None:
    """Write `worksheet`, a change to the opened one, to `path` (the opened file, or its other form
    for lock and unlock): the opened text changed where the change goes, its comments kept where
    its layout allows, else the worksheet written whole; read back once, as `worksheet`, before it
    replaces anything (write_text, given `options`)."""
    from .dump import dump_worksheet
    from .rewrite import updated_text

    spliced = updated_text(opened.text, opened.document_for(worksheet), opened.worksheet, worksheet, guide, checked=False)
    if spliced is not None:
        try:
            return write_text(path, spliced, guide, keys, bom=opened.bom, expected=worksheet, before=opened.as_read, **options)
        except NotReadBack:
            pass  # the layout could not take it after all: written whole
    return write_text(path, dump_worksheet(worksheet, guide), guide, keys, bom=opened.bom, expected=worksheet, **options)


def save(path: Path, worksheet: Worksheet, guide: Guide, keys: Keyring | None = None, *, force: bool = False, since: bytes | None = None) -> None:
    """Write the worksheet afresh (no comments kept): for a new file, or one whose text cannot take a change."""
    from .dump import dump_worksheet

    write_text(path, dump_worksheet(worksheet, guide), guide, keys, force=force, since=since)


def write_new(path: Path, guide: Guide, keys: Keyring | None = None, *, example: bool = False, force: bool = False) -> Path:
    """Write a blank worksheet, or the guide's example, refusing to replace a file unless forced."""
    if os.path.lexists(path) and not force:  # lexists: a dangling link or an odd path must not raise here
        raise PartnerkitError(_("worksheet.new.exists", path=path), hint=_("worksheet.new.exists.hint"))
    if example:
        from ..guide.loading import localized

        source = localized(guide.folder, "example.yaml")  # in the user's language where the guide has it
        if not source.is_file():
            raise PartnerkitError(_("worksheet.new.no_example", folder=guide.folder))
        from .rewrite import with_id  # only here: reading a worksheet needs no rewriting

        text = with_id(read_text(source), source, new_id())
    else:
        from .dump import blank_worksheet_text

        text = blank_worksheet_text(guide, new_id())
    write_text(path, text, guide, keys, force=force)
    return path


def sealed(path: Path, data: bytes, keys: Keyring | None = None, *, like: Path | None = None, team: tuple[Member, ...] | None = None) -> bytes:
    """What goes on disk for `data` (not a worksheet: a draft, an export) at `path`: itself, or its
    ciphertext when `path` (or the worksheet it is `like`) is .age, for the worksheet's team
    (`team`, when the caller has just written it; else as the worksheet records it)."""
    target = like or path
    if not is_sealed(target):
        return data
    from .sealing import seal

    keys = keys or Keyring()
    if not os.path.exists(target) or keys.uses_passphrase(target):
        team = ()
    elif team is None:
        team = recorded_team(target, keys)
    return seal(target, data, keys, team)


def recorded_team(path: Path, keys: Keyring) -> tuple[Member, ...]:
    """The team an encrypted worksheet records inside itself (() if none, or if it is unreadable)."""
    _, plain = plaintext(path, keys)
    return read_recorded_team(plain.removeprefix(codecs.BOM_UTF8), path)


def ensure_sealable(path: Path, keys: Keyring | None = None) -> None:
    """Raise now, before any typing, if the worksheet `path` could not be encrypted when saved: no
    one to encrypt it to, a recipients file that is bad or differs from the team recorded inside,
    one beside a passphrase file, a save that would leave out your own key."""
    if not is_sealed(path):
        return
    from ..files.age import load_recipients
    from .sealing import seal

    keys = keys or Keyring()
    if recipients_path(path).exists():
        load_recipients(recipients_path(path))  # a bad recipients file, reported before the interview
    elif keys.uses_passphrase(path):
        return  # opened with its passphrase: saved with it again
    team = recorded_team(path, keys) if path.exists() else ()  # a passphrase file asks for it once, and remembers it
    if keys.uses_passphrase(path) and not recipients_path(path).exists():
        return  # (trying it would cost a second of scrypt)
    seal(path, b"", keys, team)  # every check a save makes, on nothing
