"""Merging worksheets: a structural three-way merge (git's merge driver), and a two-way fold of a
sync app's conflicting copy into the worksheet.

Partners are matched by organization (model.organization_key) within their kind of partner. Each
field is merged on its own: changed on one side, that side's value; changed the same on both, that
value; changed differently on both, a conflict. A partner's log is never a conflict: entries from
both sides are kept (identical ones once), in date order. A partner one side removed and the other
changed is kept, changed (nothing is lost without a person deciding). Without a base (a sync app's
copy), every field the two sides hold differently is a conflict, and what only one side has is kept.

A conflict keeps both versions in the file, under the field, where `check` reports it at its line
and `edit` lets a person keep one:

    why:
      merge-conflict:
        ours: They run the court-watch program
        theirs: They run court watch and a hotline

The result is spliced into our file's own text (rewrite.py), so comments and layout survive as
`log` keeps them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node

from ..errors import InvalidFile
from ..files.age import Keyring
from ..files.locking import holding
from ..files.nodes import CONFLICT
from ..files.splice import CannotSplice, apply_edits, value_of
from ..files.yamldoc import compose
from ..guide.model import Guide
from ..records import record
from . import store
from .dump import dump_data, plain, to_data
from .model import Ask, Converted, Partner, Worksheet, fields_of, organization_key
from .rewrite import entry_edits, updated_text
from .streaming import AsRead

Path_ = tuple[Any, ...]  # where a conflict is: ("partners", category, index, "ask", "who"), ("action", "date"), ...
_ABSENT: Any = object()


@record
class Conflict:
    """A field both sides changed differently: where it is in the merged worksheet, and both values."""

    where: Path_
    ours: Any
    theirs: Any


@record
class Merged:
    """A merge's outcome: the worksheet, the conflicts left in it, the partners kept though one side removed them."""

    worksheet: Worksheet  # ours where there is a conflict
    conflicts: tuple[Conflict, ...]
    kept: tuple[str, ...]  # partners one side removed and the other changed, kept


def merge(ours: Worksheet, base: Worksheet | None, theirs: Worksheet) -> Merged:
    """The three-way merge of two worksheets from a common `base`; two-way when `base` is None."""
    conflicts: list[Conflict] = []
    kept: list[str] = []
    action = _record(ours.action, base.action if base else None, theirs.action, ("action",), conflicts)
    partners = {
        cid: tuple(_partners(cid, ours.partners.get(cid, ()), base.partners.get(cid, ()) if base else None, theirs.partners.get(cid, ()), conflicts, kept))
        for cid in dict.fromkeys([*ours.partners, *theirs.partners])
    }
    answers = {
        key: _answers(getattr(ours, key), getattr(base, key) if base else None, getattr(theirs, key), key, conflicts)
        for key in ("considerations", "tips")
    }
    team = _field(ours.team, base.team if base else None, theirs.team, ("team",), conflicts, absent=())
    merged = Worksheet(partners=partners, action=action, team=team, **answers)
    return Merged(merged, tuple(conflicts), tuple(kept))


def _field(ours: Any, base: Any, theirs: Any, where: Path_, conflicts: list[Conflict], absent: Any = None) -> Any:
    """One value merged: equal, or changed on one side only, or (else) a conflict that keeps ours."""
    if ours == theirs:
        return ours
    if base is None and (ours == absent or theirs == absent):  # two-way: what one side added is kept
        return theirs if ours == absent else ours
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    conflicts.append(Conflict(where, ours, theirs))
    return ours


def _record(ours: Any, base: Any, theirs: Any, where: Path_, conflicts: list[Conflict]) -> Any:
    """A record (Action, Ask) merged field by field."""
    values = {
        f.name: _field(getattr(ours, f.name), getattr(base, f.name) if base is not None else None, getattr(theirs, f.name), (*where, f.name), conflicts)
        for f in fields_of(type(ours))
    }
    return replace(ours, **values)


def _partners(cid: str, ours: Sequence[Partner], base: Sequence[Partner] | None, theirs: Sequence[Partner], conflicts: list[Conflict], kept: list[str]) -> Iterator[Partner]:
    """Our partners in our order (theirs merged in), then the ones only they added, in their order."""
    theirs_by = {organization_key(p.organization): p for p in theirs}
    base_by = {organization_key(p.organization): p for p in base} if base is not None else {}
    ours_keys = {organization_key(p.organization) for p in ours}
    index = 0
    for partner in ours:
        key = organization_key(partner.organization)
        other, before = theirs_by.get(key), base_by.get(key)
        if other is None:
            if before is None or partner != before:  # ours only (two-way, or added by us), or changed by us
                if before is not None:
                    kept.append(partner.organization)
                yield replace(partner, line=None)
                index += 1
            continue  # theirs removed it and we did not change it
        yield _partner(partner, before, other, ("partners", cid, index), conflicts)
        index += 1
    for key, other in theirs_by.items():
        if key in ours_keys:
            continue
        before = base_by.get(key)
        if before is None or other != before:  # added by theirs, or removed by us but changed by them
            if before is not None:
                kept.append(other.organization)
            yield replace(other, line=None)
            index += 1


def _partner(ours: Partner, base: Partner | None, theirs: Partner, where: Path_, conflicts: list[Conflict]) -> Partner:
    values: dict[str, Any] = {}
    for f in fields_of(Partner):
        mine, before, other = getattr(ours, f.name), getattr(base, f.name) if base else None, getattr(theirs, f.name)
        if f.name == "organization":
            values[f.name] = other if base is not None and mine == before else mine  # the same organization: a respelling
        elif f.name == "log":
            values[f.name] = _log(mine, other)
        elif isinstance(mine, Ask):
            values[f.name] = _record(mine, before, other, (*where, f.name), conflicts)
        else:
            values[f.name] = _field(mine, before, other, (*where, f.name), conflicts)
    return Partner(**values)


def _log(ours: tuple, theirs: tuple) -> tuple:
    """Both sides' entries, identical ones once, in date order (a day's entries: ours, then theirs)."""
    entries = list(dict.fromkeys([*ours, *theirs]))
    return tuple(sorted(entries, key=lambda entry: entry.date))


def _answers(ours: Mapping, base: Mapping | None, theirs: Mapping, key: str, conflicts: list[Conflict]) -> dict:
    merged: dict[str, dict] = {}
    for sid in dict.fromkeys([*ours, *theirs]):
        mine, before, other = ours.get(sid, {}), (base or {}).get(sid, {}) if base is not None else None, theirs.get(sid, {})
        given = {}
        for qid in dict.fromkeys([*mine, *other]):
            was = before.get(qid) if before is not None else None
            value = _field(mine.get(qid), was, other.get(qid), (key, sid, qid), conflicts)
            if value is not None:
                given[qid] = value
        if given:
            merged[sid] = given
    return merged


# --- the merged text ---------------------------------------------------------------------------


def merged_text(text: str, document: Node | None, ours: Worksheet, merged: Merged, guide: Guide, *, before: AsRead | None = None) -> tuple[str, bool]:
    """Our file's text holding the merge, conflicts kept both ways; (the text, whether comments were
    kept). `before`: our text as read (updated_text)."""
    spliced = updated_text(text, document, ours, merged.worksheet, guide, before=before)
    if spliced is not None and merged.conflicts:
        try:
            return _marked(spliced, merged.conflicts), True
        except CannotSplice:
            spliced = None
    if spliced is not None:
        return spliced, True
    data = to_data(merged.worksheet)
    for conflict in merged.conflicts:
        _mark(data, conflict)
    return dump_data(data, guide), False


def _marker(conflict: Conflict) -> dict[str, Any]:
    return {CONFLICT: {"ours": _plain_or_none(conflict.ours), "theirs": _plain_or_none(conflict.theirs)}}


def _plain_or_none(value: Any) -> Any:
    return plain(value) if value is not None else None


def _marked(text: str, conflicts: Sequence[Conflict]) -> str:
    """Each conflict's field replaced, in place, by both of its versions."""
    document = compose(text, Path("-"))
    edits = []
    for conflict in conflicts:
        mapping, key = _locate(document, conflict.where)
        found = value_of(mapping, key)
        old = found[1].value if found is not None else None
        edits += list(entry_edits(text, mapping, key, _ABSENT if old is None else old, _marker(conflict)))
    return apply_edits(text, edits)


def _locate(document: Node | None, where: Path_) -> tuple[MappingNode, str]:
    """The mapping that holds the field `where` names, and its key."""
    node = document
    *parents, key = where
    steps = list(parents)
    while steps:
        step = steps.pop(0)
        if isinstance(step, int):
            node = node.value[step]  # type: ignore[union-attr]
            continue
        found = value_of(node, step) if isinstance(node, MappingNode) else None
        if found is None:
            raise CannotSplice(step)
        node = found[1]
    if not isinstance(node, MappingNode):
        raise CannotSplice(key)
    return node, key


def _mark(data: dict[str, Any], conflict: Conflict) -> None:
    """Put both versions of a conflict in the plain data of the worksheet (for a fresh dump)."""
    node: Any = data
    *parents, key = conflict.where
    for step in parents:
        node = node[step] if not isinstance(node, dict) or step in node else node.setdefault(step, {})
    node[key] = _marker(conflict)



# --- merging files ------------------------------------------------------------------------------


@record
class Outcome:
    """What a merge of files did: where the conflicts are in the written file, what was kept."""

    path: Path
    conflicts: tuple[int, ...]  # the lines of the written file that hold a conflict
    kept: tuple[str, ...]  # partners one side removed and the other changed, kept
    comments_kept: bool
    converted: tuple[Converted, ...] = ()  # answers ours saved as a choice's words, now saved as ids


def merge_files(ours: Path, base: Path | None, theirs: Path, guide: Guide, keys: Keyring, *, like: Path | None = None) -> Outcome:
    """Merge `theirs` (from the common `base`, if any) into `ours`, writing the result to `ours`.

    `like` is the worksheet the files stand for, when they are a merge tool's scratch copies (git's
    %A %O %B of team.yaml.age): its name says whether they are encrypted, and to whom the result
    is encrypted again. Without it the files are worksheets of their own, and `ours` is written
    with its lock held.
    """
    with nullcontext() if like is not None else holding(ours):
        # Each side read partner by partner, no nodes kept: ours is composed whole only to change its partners.
        mine = store.open_for_change(ours, guide, keys, like=like)
        # git gives an empty base when the two sides share no ancestor (both added the file): no base
        shared = base is not None and os.path.getsize(base) > 0
        before = store.load(base, guide, keys, like=like, sharing=mine.worksheet) if shared and base is not None else None
        other = store.load(theirs, guide, keys, like=like, sharing=mine.worksheet)
        merged = merge(mine.worksheet, before, other)
        text, comments_kept = merged_text(mine.text, mine.document_for(merged.worksheet), mine.worksheet, merged, guide, before=mine.as_read)
        store.write_text(ours, text, guide, keys, since=mine.stored, bom=mine.bom, like=like, conflicts=merged.worksheet.team, before=mine.as_read)
    lines = _conflict_lines(text, ours, guide) if merged.conflicts else ()
    return Outcome(ours, lines, merged.kept, comments_kept, mine.worksheet.converted)


def merge_texts(ours: str, base: str, theirs: str, path: Path, guide: Guide) -> str | None:
    """Three worksheet texts merged into ours (its comments kept); None if they conflict, or if
    theirs changed only comments or layout (the merge would drop them)."""
    mine = store.parse_text(ours, path, guide)
    before, other = store.read_data(base.encode("utf-8"), path, guide), store.read_data(theirs.encode("utf-8"), path, guide)
    if other == before:
        return None
    merged = merge(mine[1], before, other)
    if merged.conflicts:
        return None
    return merged_text(ours, mine[0], mine[1], merged, guide)[0]


def _conflict_lines(text: str, path: Path, guide: Guide) -> tuple[int, ...]:
    try:
        store.read_data(text.encode("utf-8"), path, guide)
    except InvalidFile as error:
        return tuple(sorted({p.line for p in error.problems if p.conflict and p.line}))
    return ()
