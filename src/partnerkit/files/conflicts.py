"""Conflicting copies a sync app leaves beside a file when two people changed it while apart.

Each app names them its own way; what they share is the file's name (its last extension kept at
the end) with a word for the conflict in between:

    Syncthing          team.sync-conflict-20270601-101010-ABCDEFG.yaml
    Dropbox            team (Dana's conflicted copy 2027-06-01).yaml
    Nextcloud          team (conflicted copy 2027-06-01 101010).yaml
    ownCloud           team_conflict-20270601-101010.yaml
    Seafile            team (SFConflict dana@example.org 2027-06-01-10-10-10).yaml
    Google Drive       team (Conflict 2027-06-01).yaml   (some versions)

For an encrypted `team.yaml.age` the same holds with `.age` as the extension.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_CONFLICT_WORD = re.compile(r"conflict", re.IGNORECASE)


def conflicting_copies(path: Path) -> list[Path]:
    """The sync apps' conflicting copies of `path` in its folder, oldest name first (none if unreadable)."""
    name = path.name
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    ending = f".{suffix}" if suffix else ""
    found = []
    try:
        entries = os.scandir(path.parent if str(path.parent) else ".")
    except OSError:
        return []
    with entries:
        for entry in entries:
            other = entry.name
            if other == name or not other.startswith(stem) or not other.endswith(ending):
                continue
            middle = other[len(stem) : len(other) - len(ending)] if ending else other[len(stem) :]
            if middle and middle[0] in " ._-(" and _CONFLICT_WORD.search(middle) and entry.is_file(follow_symlinks=False):
                found.append(path.parent / other)
    return sorted(found)


def sync_copies(path: Path) -> list[str]:
    """What to say of each conflicting copy beside the worksheet `path`, and how to fold it in (the
    catalog is read only when there is one)."""
    from ..catalog import _

    return [
        _("check.warn.sync_copy", copy=copy.name, file=_quoted(str(path)), copy_path=_quoted(str(copy)))
        for copy in conflicting_copies(path)
    ]


def _quoted(word: str) -> str:
    """A path as a shell reads it, as a person would type it: bare, else in double quotes, else as shlex quotes it."""
    import shlex

    if re.fullmatch(r"[\w@%+=:,./-]+", word):
        return word
    return f'"{word}"' if not re.search(r'["$`\\!]', word) else shlex.quote(word)
