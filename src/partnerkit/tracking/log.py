"""Working the plan: find a partner by name, record what happened, and write it into the file.

`record_in_file` is `partnerkit log` without the terminal: it finds the partner, builds the entry,
splices it into the worksheet's text (worksheet/rewrite.py) so every other byte stays as the team
wrote it, checks that the new text reads back as exactly the intended worksheet, and has the store
write it. It returns what the command shows: the entry and the moments (a decline, a flag, a late
ask) at which the guide has something to say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ..catalog import _, n_
from ..errors import UsageError
from ..files.age import Keyring
from ..files.writing import check_writable
from ..guide.model import Guide, Moment
from ..worksheet import store
from ..worksheet.model import LogEntry, Partner, Status, Worksheet, organization_key
from ..worksheet.rewrite import with_log_entry

Found = tuple[str, int, Partner]  # category id, index in its list, the partner


def find_partner(worksheet: Worksheet, name: str) -> Found:
    """The one partner `name` means: its whole name, or a unique prefix of the name or of a word
    in it (case and spacing ignored). Raises UsageError naming the candidates, or a close match.
    """
    query = organization_key(name)
    everyone = [(cid, index, p) for cid, ps in worksheet.partners.items() for index, p in enumerate(ps)]
    if not query:
        raise UsageError(_("log.no_name"))
    exact = [f for f in everyone if organization_key(f[2].organization) == query]
    if len(exact) == 1:
        return exact[0]
    starts = re.compile(r"(?:^|(?<=[^\w]))" + re.escape(query))
    matches = exact or [f for f in everyone if starts.search(organization_key(f[2].organization))]
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


def recorded(partner: Partner, entry: LogEntry, follow_up: date | None) -> Partner:
    """The partner after the entry: its log longer, its status and follow-up updated."""
    if entry.addressed is not None and not any(e.flag is entry.addressed for e in partner.open_flags()):
        raise UsageError(_("log.not_open", organization=partner.organization, flag=entry.addressed.value))
    return replace(
        partner,
        log=(*partner.log, entry),
        status=entry.status or partner.status,
        follow_up=follow_up if follow_up is not None else partner.follow_up,
    )


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


@dataclass(frozen=True)
class Logged:
    """What `log` did: the partner as it now is, the worksheet, the moments, a format upgrade."""

    category: str
    partner: Partner
    worksheet: Worksheet
    moments: tuple[Moment, ...]
    upgraded_from: int | None  # the file's older format version, if writing upgraded it


def record_in_file(
    path: Path, guide: Guide, name: str, entry: LogEntry, follow_up: date | None = None, *, keys: Keyring | None = None, force: bool = False
) -> Logged:
    """Append `entry` to the partner `name` means in the worksheet at `path`; see the module doc.

    `force` writes a read-only or hard-linked file too (files.writing.atomic_write refuses them otherwise).
    The file is read, changed and written with its lock held: teammates logging at the same moment
    take turns, and each entry lands in the file as the one before left it.
    """
    with store.changing(path, guide, keys) as opened:
        logged, text = _with_entry(opened, guide, name, entry, follow_up)
        store.write_text(path, text, guide, keys, force=force, since=opened.stored, bom=opened.bom, expected=logged.worksheet)
    return logged


def check_recordable(
    path: Path, guide: Guide, name: str, entry: LogEntry, follow_up: date | None = None, *, keys: Keyring | None = None, force: bool = False
) -> Partner:
    """Raise now whatever would stop `record_in_file` but the entry's own words (a wrong name, a flag
    not open, a partner laid out so no entry fits, a read-only file, one that cannot be encrypted
    again), so nobody types a note that cannot be recorded. Returns the partner."""
    opened = store.open_for_change(path, guide, keys)
    logged, text = _with_entry(opened, guide, name, entry, follow_up)
    store.read_back(path, text, guide, expected=logged.worksheet, bom=opened.bom)
    check_writable(path, force=force)
    store.ensure_sealable(path, keys)
    return logged.partner


def _with_entry(opened: store.Opened, guide: Guide, name: str, entry: LogEntry, follow_up: date | None) -> tuple[Logged, str]:
    """(what `log` does to the opened worksheet, the worksheet's text with the entry spliced in)."""
    worksheet = opened.worksheet
    category, index, partner = find_partner(worksheet, name)
    entry = replace(entry, by=_text_or_none(entry.by), note=_text_or_none(entry.note))  # as the file will read
    updated = recorded(partner, entry, follow_up)
    partners = worksheet.partners[category]
    expected = worksheet.with_partners(category, (*partners[:index], updated, *partners[index + 1 :]))
    follow = follow_up.isoformat() if follow_up is not None else None
    text, upgraded = with_log_entry(opened.text, opened.document, category, index, entry, follow)
    return Logged(category, updated, expected, tuple(moments(entry, worksheet, guide)), upgraded), text
