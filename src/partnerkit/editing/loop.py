"""`partnerkit edit`: change a worksheet in a text editor, and only ever save a valid one.

The way `kubectl edit` works: the editor opens a private copy; after it exits the copy is
validated, and if it has problems the editor opens again with them listed in `#!` comment lines at
the top (removed before the next validation). Only a valid text replaces the worksheet, atomically
and byte for byte as the user wrote it, comments included. Saving the copy empty, or unchanged
while it still has problems, gives up: the worksheet is left alone and the user's text is kept in
a file whose path is given, so no typing is lost.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from ..catalog import _
from ..errors import InvalidFile, PartnerkitError, Problem
from ..files.age import Keyring
from ..files.locking import holding
from ..files.reading import decode
from ..files.writing import atomic_write, check_writable
from ..guide.model import Guide
from ..worksheet import store
from .editor import Launcher, editor_launcher
from .header import blank, strip_header, with_header
from .scratch import EditCancelled, private_copy, signals_stop_the_edit


class Outcome(Enum):
    SAVED = "saved"
    UNCHANGED = "unchanged"  # the user saved nothing new, and the file was valid already


def edit_file(
    path: Path,
    guide: Guide,
    launch: Launcher | None = None,
    *,
    force: bool = False,
    notice: Callable[[str], None] = print,
    keys: Keyring | None = None,
) -> Outcome:
    """Edit `path` until it is valid or the user gives up (EditCancelled); see the module doc.

    Without `launch`, the user's editor is found once the file has been read (a missing file is
    the likelier mistake, so it is reported first). Whatever fails once the user has typed (the
    save, the target moved, a signal, a bug), their text is kept in the private copy, and the
    error says where. An encrypted worksheet (FILE.age) is edited as plaintext in a private folder
    in memory; where the system has none, `notice` is told where the plaintext is while the editor
    runs, and text kept afterwards is encrypted.
    """
    stored, original = store.plaintext(path, keys)
    decode(original, path)  # a file that is not UTF-8 would be garbled by the editor: refuse
    check_writable(path, force=force)  # a read-only file or folder is found before the editor opens
    store.ensure_sealable(path, keys)  # and an encrypted one that could not be encrypted again
    launch = launch or editor_launcher()
    with private_copy(path, original, notice, keys) as copy, signals_stop_the_edit():
        text = _edit_until_valid(original, path, guide, launch, copy)
        if text is None:
            return Outcome.UNCHANGED
        with holding(path):  # no other writer between the look and the save
            current, theirs = store.plaintext(path, keys)
            edited = text.decode("utf-8-sig")
            if current != stored:  # a teammate saved it meanwhile: fold their changes in, or keep ours aside
                edited = _with_theirs(path, original, edited, theirs, guide, text)
                notice(_("edit.merged_theirs", path=path))
            store.write_text(path, edited, guide, keys, force=force, since=current, bom=text.startswith(codecs.BOM_UTF8))
    return Outcome.SAVED


def _with_theirs(path: Path, original: bytes, edited: str, theirs: bytes, guide: Guide, text: bytes) -> str:
    """The user's edit merged with what a teammate saved meanwhile (from the text both started from);
    EditCancelled, the user's text kept, if the two changed the same thing differently."""
    from ..worksheet.merge import merge_texts

    merged = merge_texts(edited, decode(original, path), decode(theirs, path), path, guide)
    if merged is None:
        raise EditCancelled(_("edit.changed_meanwhile", path=path), text=text)
    return merged


def _edit_until_valid(original: bytes, path: Path, guide: Guide, launch: Launcher, copy: Path) -> bytes | None:
    """The valid text the user saved, or None if they changed nothing in a valid file."""
    text, problems = original, find_problems(original, path, guide)

    def give_up(reason: str, text: bytes, problems: list[Problem]) -> EditCancelled:
        mine = text if text != original and text.strip() else None  # the user's own work, to keep
        return EditCancelled(_("edit.not_changed", reason=reason, path=path), problems, mine)

    while True:
        shown = with_header(text, problems)
        atomic_write(copy, shown)
        status = launch(copy)
        edited = copy.read_bytes() if copy.exists() else b""  # an editor may delete it to mean "never mind"
        stripped = strip_header(edited)
        if status != 0:
            raise give_up(_("edit.cancelled.status", status=status), stripped, find_problems(stripped, path, guide))
        if edited == shown:
            if not problems:
                return None
            raise give_up(_("edit.cancelled.no_changes"), text, problems)
        if blank(stripped):
            raise EditCancelled(_("edit.not_changed", reason=_("edit.cancelled.empty"), path=path))
        text, problems = stripped, find_problems(stripped, path, guide)
        if not problems:
            return text


def find_problems(data: bytes, path: Path, guide: Guide) -> list[Problem]:
    """Every problem the text would have as the worksheet at `path`; [] when it is valid."""
    try:
        store.read_data(data, path, guide)
    except InvalidFile as error:
        return list(error.problems)
    except PartnerkitError as error:  # too large
        return [Problem(error.message)]
    return []
