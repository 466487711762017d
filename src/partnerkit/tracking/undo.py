"""`partnerkit undo`: take back the last entry `log` wrote.

Before `log` replaces a worksheet, the text it had is kept beside it (store.undo_path:
`.NAME.undo`, private like the worksheet, and encrypted like it when it is .age), with the text
`log` wrote (compared whole: no hashing library to load, and no near miss). `undo` puts the old text back, status and follow-up
included, but only while the worksheet is exactly what that `log` wrote: after an edit by hand or
with `partnerkit edit`, nothing is undone (the entry is then removed by hand). One step back: the
undo file is used up, and the next `log` keeps its own. `purge`, `lock` and `unlock` remove it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ..catalog import _
from ..errors import PartnerkitError
from ..files.age import Keyring
from ..files.reading import decode
from ..files.writing import atomic_write
from ..guide.model import Guide
from ..records import record
from ..worksheet import store
from ..worksheet.model import LogEntry

VERSION = 1


@record
class Undone:
    """The entry `undo` took back: whose, of which day, saying what."""

    organization: str
    date: date
    note: str | None


def remember(path: Path, opened: store.Opened, written: str, organization: str, entry: LogEntry, keys: Keyring | None = None) -> None:
    """Keep the worksheet's text from before `entry` (opened.text), for `undo`; `written` is what `log` wrote.

    The entry is already saved: if the undo file cannot be written, the entry stands and an older
    undo file is removed (it would no longer match), rather than failing the `log`.
    """
    undo = store.undo_path(path)
    about = json.dumps({"version": VERSION, "organization": organization, "date": entry.date.isoformat(), "note": entry.note}, ensure_ascii=False)
    try:
        # json.dumps's object made a piece at a time: the two copies of the worksheet are its bulk,
        # and one string of both would hold them twice over again (a large worksheet's `log`).
        pieces = [about[:-1].encode("utf-8"), b', "written": ', _json(written), b', "before": ', _json(opened.text), f', "bom": {json.dumps(opened.bom)}}}'.encode()]
        text = b"".join(pieces)
        atomic_write(undo, store.sealed(undo, text, keys, like=path), follow_symlinks=False)  # only partnerkit writes it
    except (OSError, PartnerkitError):
        if not undo.is_symlink():
            undo.unlink(missing_ok=True)


def _json(text: str) -> bytes:
    return json.dumps(text, ensure_ascii=False).encode("utf-8")


def undo_last(path: Path, guide: Guide, keys: Keyring | None = None, *, force: bool = False) -> Undone:
    """Put back the worksheet's text from before the last `log` entry; raises when there is none to
    take back, or the worksheet changed since."""
    undo = store.undo_path(path)
    if undo.is_symlink() or not undo.is_file():
        raise PartnerkitError(_("undo.nothing", file=path), hint=_("undo.nothing.hint", file=path), file=path)
    with store.changing(path, guide, keys) as opened:  # writers take turns: no entry slips in between
        try:
            data = json.loads(decode(store.plaintext(undo, keys, like=path)[1], undo))
            before, written, entry_date = data["before"], data["written"], date.fromisoformat(data["date"])
            assert data["version"] == VERSION and isinstance(before, str)
        except (ValueError, KeyError, TypeError, AssertionError):
            raise PartnerkitError(_("undo.unreadable", path=undo), hint=_("undo.nothing.hint", file=path), file=undo) from None
        if opened.text != written:
            raise PartnerkitError(_("undo.changed", file=path), hint=_("undo.nothing.hint", file=path), file=path)
        store.write_text(path, before, guide, keys, force=force, since=opened.stored, bom=bool(data.get("bom")))
        undo.unlink(missing_ok=True)
    return Undone(str(data.get("organization", "")), entry_date, data.get("note"))

