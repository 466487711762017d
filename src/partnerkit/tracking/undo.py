"""`partnerkit undo`: take back the last entry `log` wrote.

Before `log` replaces a worksheet, the text it had is kept beside it (store.undo_path:
`.NAME.undo`, private like the worksheet, and encrypted like it when it is .age), with the edits
`log` made to it, which give the text it wrote (compared whole: no hashing library to load, and no
near miss; version 1 kept that text itself). The file is a line of JSON (what was logged, and the
edits), then the text before, as it was: a large worksheet's text is not escaped into JSON
(version 2 held it inside the JSON; versions 1 and 2 still undo). `undo` puts the old text back,
status and follow-up included, but only while the worksheet is exactly what that `log` wrote: after
an edit by hand or with `partnerkit edit`, nothing is undone (the entry is then removed by hand).
One step back: the undo file is used up, and the next `log` keeps its own. `purge`, `lock` and
`unlock` remove it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..catalog import _
from ..errors import PartnerkitError
from ..files.age import Keyring
from ..files.reading import decode
from ..files.splice import CannotSplice, Edit, apply_edits
from ..files.writing import atomic_write
from ..guide.model import Guide
from ..records import record
from ..worksheet import store
from ..worksheet.model import LogEntry, Member

VERSION = 3  # 1 kept the text `log` wrote; 2 the edits that made it, which a large worksheet's `log` holds once; 3 the text after a line


@record
class Undone:
    """The entry `undo` took back: whose, of which day, saying what."""

    organization: str
    date: date
    note: str | None


def remember(
    path: Path, opened: store.Opened, edits: Sequence[Edit], organization: str, entry: LogEntry, keys: Keyring | None = None, *, team: tuple[Member, ...] | None = None
) -> None:
    """Keep the worksheet's text from before `entry` (opened.text), and the `edits` `log` made to it, for `undo`.
    An encrypted worksheet's undo file is encrypted to its `team` (as just written), like it.

    The entry is already saved: if the undo file cannot be written, the entry stands and an older
    undo file is removed (it would no longer match), rather than failing the `log`.
    """
    undo = store.undo_path(path)
    about = {"version": VERSION, "organization": organization, "date": entry.date.isoformat(), "note": entry.note, "edits": [[e.start, e.end, e.text] for e in edits], "bom": opened.bom}
    try:
        text = json.dumps(about, ensure_ascii=False).encode("utf-8") + b"\n" + opened.text.encode("utf-8")  # JSON has no raw line break
        atomic_write(undo, store.sealed(undo, text, keys, like=path, team=team), follow_symlinks=False)  # only partnerkit writes it
    except (OSError, PartnerkitError):
        if not undo.is_symlink():
            undo.unlink(missing_ok=True)


def undo_last(path: Path, guide: Guide, keys: Keyring | None = None, *, force: bool = False) -> Undone:
    """Put back the worksheet's text from before the last `log` entry; raises when there is none to
    take back, or the worksheet changed since."""
    undo = store.undo_path(path)
    if undo.is_symlink() or not undo.is_file():
        raise PartnerkitError(_("undo.nothing", file=path), hint=_("undo.nothing.hint", file=path), file=path)
    with store.changing(path, guide, keys) as opened:  # writers take turns: no entry slips in between
        try:
            head, _line, rest = decode(store.plaintext(undo, keys, like=path)[1], undo).partition("\n")
            data = json.loads(head)
            before, entry_date = rest if data["version"] == VERSION else data["before"], date.fromisoformat(data["date"])
            assert data["version"] in (1, 2, VERSION) and isinstance(before, str) and (data["version"] == VERSION or not rest)
            written = data["written"] if data["version"] == 1 else apply_edits(before, [Edit(start, end, text) for start, end, text in data["edits"]])
        except (ValueError, KeyError, TypeError, AssertionError, CannotSplice):
            raise PartnerkitError(_("undo.unreadable", path=undo), hint=_("undo.nothing.hint", file=path), file=undo) from None
        if opened.text != written:
            raise PartnerkitError(_("undo.changed", file=path), hint=_("undo.nothing.hint", file=path), file=path)
        del written  # a large worksheet's text is not held once more while it is written
        # Read back against the text as read: only the partner whose entry goes is read again.
        store.write_text(path, before, guide, keys, force=force, since=opened.stored, bom=bool(data.get("bom")), before=opened.as_read)
        undo.unlink(missing_ok=True)
    return Undone(str(data.get("organization", "")), entry_date, data.get("note"))

