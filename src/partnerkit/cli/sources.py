"""The worksheets a command shows: each file read once, a sync app's copies named, private fields
left out when asked. Shared by `show` and `agenda` (and `log`, for the copies), apart from show.py so
a command that shows no table pays for no view.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..catalog import _
from ..files.age import Keyring
from ..guide.model import Guide
from ..worksheet import store
from .consoles import say


def load_sources(paths: Sequence[Path], guide: Guide, keys: Keyring, redact: bool) -> store.Sources:
    """The worksheets, each file once, without their private fields when `redact` (before any view is built)."""
    unique = distinct(paths)
    sources = store.load_many(unique, guide, keys)
    note_sync_copies(unique)
    if not redact:
        return sources
    from ..worksheet.privacy import redact as without_private

    return tuple((path, without_private(worksheet, guide)) for path, worksheet in sources)


def note_sync_copies(paths: Sequence[Path]) -> None:
    """Name, on stderr, any conflicting copy a sync app left beside a worksheet, and how to fold it in."""
    from ..files.conflicts import sync_copies

    for path in paths:
        for message in sync_copies(path):
            say(_("cli.sync_copy", file=path, message=message), style="yellow", to_stderr=True)


def distinct(paths: Sequence[Path]) -> list[Path]:
    """Each file once, however often it is named (repeated, through a link, by another hard link):
    read twice, its partners would count twice and look planned by two teams. A notice says so."""
    import os

    first: dict[object, Path] = {}
    for path in paths:
        try:
            info = os.stat(path)
            key: object = (info.st_dev, info.st_ino)
        except (OSError, ValueError):  # missing or unnamable: its error comes when it is read
            key = str(path)
        if key in first:
            same = str(first[key]) == str(path)
            say(_("show.named_twice", path=path) if same else _("show.same_file", path=path, first=first[key]), to_stderr=True)
        else:
            first[key] = path
    return list(first.values())
