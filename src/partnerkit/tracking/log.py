"""Working the plan: find a partner by name, record what happened, and write it into the file.

`record_in_file` is `partnerkit log` without the terminal: it finds the partner (by name, short
name or prefix), places the entry in its log by date (a backdated entry goes before later ones
and leaves the status a later one set), takes the follow-up away when the entry is an answer,
splices all that into the worksheet's text (worksheet/rewrite.py) so every other byte stays as the
team wrote it, checks that the new text reads back as exactly the intended worksheet, has the
store write it, and keeps the text from before for `undo` (undo.py). It returns what the command
shows: the entry, what it did not change, and the moments (a decline, a flag, a late ask) at
which the guide has something to say.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from ..catalog import _, n_
from ..errors import UsageError
from ..files.age import Keyring
from ..files.splice import Edit
from ..files.writing import check_writable
from ..guide.model import Guide, Moment
from ..records import record
from ..worksheet import store
from ..worksheet.model import WORD, Converted, LogEntry, Partner, Status, Worksheet, organization_key
from ..worksheet.rewrite import with_log_entry

Found = tuple[str, int, Partner]  # category id, index in its list, the partner


def find_partner(worksheet: Worksheet, name: str) -> Found:
    """The one partner `name` means: its whole name or its short name (the initials of its words,
    "jfrej" for Jews For Racial & Economic Justice, or of its capitalized words, "mrnj" for Make the
    Road New Jersey), else a unique prefix of the name or of a word in it (a short name written in
    parentheses, "(JFREJ)", is such a word); case and spacing ignored. Raises UsageError naming the
    candidates, or a close match.
    """
    query = organization_key(name)
    everyone = [(cid, index, p) for cid, ps in worksheet.partners.items() for index, p in enumerate(ps)]
    if not query:
        raise UsageError(_("log.no_name"))
    keys = [organization_key(p.organization) for _cid, _index, p in everyone]
    exact = [f for f, key in zip(everyone, keys, strict=True) if key == query]
    if len(exact) == 1:
        return exact[0]
    if not exact and " " not in query:  # a short name is one word
        exact = [f for f in everyone if query in short_names(f[2].organization)]
    starts = re.compile(r"(?:^|(?<=[^\w]))" + re.escape(query))
    matches = exact or [f for f, key in zip(everyone, keys, strict=True) if query in key and starts.search(key)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = "; ".join(f"{p.organization} ({cid})" for cid, _index, p in matches[:10])
        raise UsageError(n_("log.ambiguous", "log.ambiguous.plural", len(matches), name=repr(name), listed=listed), hint=_("log.ambiguous.hint"))
    import difflib  # only on the error path

    names = {organization_key(p.organization): p.organization for _cid, _index, p in everyone}
    words = {w: p.organization for _cid, _index, p in everyone for w in organization_key(p.organization).split()}
    close = difflib.get_close_matches(query, list(names), n=1, cutoff=0.6) or difflib.get_close_matches(query, list(words), n=1, cutoff=0.6)
    suggestion = _("log.did_you_mean", organization=names.get(close[0]) or words[close[0]]) if close else ""
    raise UsageError(_("log.no_match", name=repr(name), suggestion=suggestion), hint=_("log.no_match.hint"))


def might_mean(name: str) -> Callable[[str, int, Partner], bool]:
    """Whether `find_partner(worksheet, name)` could choose a partner: one whose name holds what
    `name` says, or whose short name it is (so only those partners' nodes are kept for the change)."""
    query = organization_key(name)
    single = " " not in query  # a short name is one word
    return lambda _category, _index, partner: query in organization_key(partner.organization) or (
        single and query in short_names(partner.organization)
    )


def short_names(organization: str) -> set[str]:
    """The initials of an organization's words, and of its capitalized words (two letters or more)."""
    import unicodedata

    words = re.findall(WORD, unicodedata.normalize("NFKC", organization))
    initials = ("".join(w[0] for w in words), "".join(w[0] for w in words if w[0].isupper()))
    return {short.casefold() for short in initials if len(short) > 1}


@record
class Recorded:
    """A partner after an entry, where the entry goes in its log, and what the entry did not change."""

    partner: Partner
    position: int  # the entry's index in the log: after every entry dated on or before it
    status_kept: LogEntry | None = None  # a later entry that set the status, which a backdated one leaves
    follow_up_ended: date | None = None  # the follow-up an answer (agreed, declined) took off the agenda


def recorded(partner: Partner, entry: LogEntry, follow_up: date | None = None, *, clear_follow_up: bool = False) -> Recorded:
    """The partner after the entry: its log longer (in date order), its status and follow-up updated.

    A backdated entry takes its place by date, and sets the status only if no later entry did. An
    answer (agreed, declined) ends the wait for one: the follow-up goes, unless the entry sets a
    new one (a check-in).
    """
    position = max((i + 1 for i, e in enumerate(partner.log) if e.date <= entry.date), default=0)
    before = replace(partner, log=partner.log[:position])
    if entry.addressed is not None and not any(e.flag is entry.addressed for e in before.open_flags()):
        raise UsageError(_("log.not_open", organization=partner.organization, flag=entry.addressed.value))
    later = next((e for e in reversed(partner.log[position:]) if e.status is not None), None)
    status = entry.status if entry.status is not None and later is None else partner.status
    answer = entry.status is not None and later is None and replace(partner, status=status).answered
    ended = partner.follow_up if answer and follow_up is None and not clear_follow_up else None
    updated = replace(
        partner,
        log=(*partner.log[:position], entry, *partner.log[position:]),
        status=status,
        follow_up=follow_up or (None if clear_follow_up or answer else partner.follow_up),
    )
    return Recorded(updated, position, later if entry.status is not None else None, ended)


def _text_or_none(text: str | None) -> str | None:
    return text if text is not None and text.strip() else None  # blank text reads back as nothing


def moments(entry: LogEntry, worksheet: Worksheet, guide: Guide) -> list[Moment]:
    """The moments this entry is, most serious first: a flag raised, a decline, an ask made late."""
    found = []
    if entry.flag is not None:
        found.append(Moment.FLAG)
    if entry.status is Status.DECLINED:
        found.append(Moment.DECLINE)
    days = worksheet.days_before_action(entry.date)
    if entry.status is Status.ASKED and days is not None and days < guide.lead_days:
        found.append(Moment.LATE_ASK)
    return found


@record
class Logged:
    """What `log` did: the partner as it now is, the worksheet, the moments, a format upgrade."""

    category: str
    partner: Partner
    worksheet: Worksheet
    moments: tuple[Moment, ...]
    upgraded_from: int | None  # the file's older format version, if writing upgraded it
    status_kept: LogEntry | None = None  # see Recorded
    follow_up_ended: date | None = None
    converted: tuple[Converted, ...] = ()  # answers the file saved as a choice's words, now saved as its id


def record_in_file(
    path: Path,
    guide: Guide,
    name: str,
    entry: LogEntry,
    follow_up: date | None = None,
    *,
    clear_follow_up: bool = False,
    keys: Keyring | None = None,
    force: bool = False,
) -> Logged:
    """Put `entry` in the log of the partner `name` means in the worksheet at `path`; see the module doc.

    `force` writes a read-only or hard-linked file too (files.writing.atomic_write refuses them otherwise).
    The file is read, changed and written with its lock held: teammates logging at the same moment
    take turns, and each entry lands in the file as the one before left it. The text before the
    entry is kept for `partnerkit undo` (undo.py).
    """
    with store.changing(path, guide, keys, keep=might_mean(name)) as opened:
        logged, text, edits = _with_entry(opened, guide, name, entry, follow_up, clear_follow_up)
        written = store.write_text(path, text, guide, keys, force=force, since=opened.stored, bom=opened.bom, expected=logged.worksheet, before=opened.as_read)
        del text  # undo keeps the edits, not the text they made: a large worksheet's is not held twice
        from .undo import remember

        remember(path, opened, edits, logged.partner.organization, entry, keys, team=written.team if written is not None else None)
    return logged


def check_recordable(
    path: Path, guide: Guide, name: str, entry: LogEntry, follow_up: date | None = None, *, keys: Keyring | None = None, force: bool = False
) -> Partner:
    """Raise now whatever would stop `record_in_file` but the entry's own words (a wrong name, a flag
    not open, a partner laid out so no entry fits, a read-only file, one that cannot be encrypted
    again), so nobody types a note that cannot be recorded. Returns the partner."""
    opened = store.open_for_change(path, guide, keys, keep=might_mean(name))
    logged, text, _edits = _with_entry(opened, guide, name, entry, follow_up)
    store.read_back(path, text, guide, expected=logged.worksheet, before=opened.as_read, bom=opened.bom)
    check_writable(path, force=force)
    store.ensure_sealable(path, keys)
    return logged.partner


def _with_entry(
    opened: store.Opened, guide: Guide, name: str, entry: LogEntry, follow_up: date | None, clear_follow_up: bool = False
) -> tuple[Logged, str, list[Edit]]:
    """(what `log` does to the opened worksheet, the worksheet's text with the entry spliced in, the edits that made it)."""
    worksheet = opened.worksheet
    category, index, partner = find_partner(worksheet, name)
    entry = replace(entry, by=_text_or_none(entry.by), note=_text_or_none(entry.note))  # as the file will read
    change = recorded(partner, entry, follow_up, clear_follow_up=clear_follow_up)
    updated = change.partner
    partners = worksheet.partners[category]
    expected = worksheet.with_partners(category, (*partners[:index], updated, *partners[index + 1 :]))
    changes: dict[str, str | None] = {}
    if entry.status is not None and change.status_kept is None:
        changes["status"] = updated.status.value
    if updated.follow_up != partner.follow_up:
        changes["follow_up"] = updated.follow_up.isoformat() if updated.follow_up else None
    node = opened.partner_node(category, index)
    converted = worksheet.converted
    document = opened.whole_document() if any(c.path[0] == "partners" for c in converted) else opened.document
    text, upgraded, edits, saved = with_log_entry(opened.text, document, node, category, index, entry, change.position, changes, expected.version, converted)
    said = tuple(moments(entry, worksheet, guide))
    logged = Logged(category, updated, expected, said, upgraded, change.status_kept, change.follow_up_ended, saved)
    return logged, text, edits
