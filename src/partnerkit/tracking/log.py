"""Working the plan: find a partner by name, record what happened, and write it into the file.

`record_in_file` is `partnerkit log` without the terminal: it finds the partner, builds the entry,
splices it into the worksheet's text (splice.py) so every other byte stays as the team wrote it,
checks that the new text reads back as exactly the intended worksheet, and replaces the file
atomically unless someone changed it meanwhile. It returns what the command shows: the entry and
the moments (a decline, a flag, a late ask) at which the guide has something to say.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from ..files import age as sealed
from ..errors import PartnerkitError, UsageError
from ..guide.model import Guide, Moment
from ..files.splice import Edit, append_item, apply_edits, dash_column, item_offset, refuse_flow, set_scalar, value_of
from ..worksheet.model import LogEntry, Partner, Status, Worksheet
from ..worksheet.parse import VERSION, dump_yaml, log_entry, parse_worksheet
from ..files.reading import atomic_write, compose, decode, read_bytes

Found = tuple[str, int, Partner]  # category id, index in its list, the partner


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def find_partner(worksheet: Worksheet, name: str) -> Found:
    """The one partner `name` means: its whole name, or a unique prefix of the name or of a word
    in it (case and spacing ignored). Raises UsageError naming the candidates, or a close match.
    """
    query = _normal(name)
    everyone = [(cid, index, p) for cid, ps in worksheet.partners.items() for index, p in enumerate(ps)]
    if not query:
        raise UsageError("give the organization's name (or the start of a word in it)")
    exact = [f for f in everyone if _normal(f[2].organization) == query]
    if len(exact) == 1:
        return exact[0]
    starts = re.compile(r"(?:^|(?<=[^\w]))" + re.escape(query))
    matches = exact or [f for f in everyone if starts.search(_normal(f[2].organization))]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = "; ".join(f"{p.organization} ({cid})" for cid, _, p in matches[:10])
        raise UsageError(f"{name!r} matches {len(matches)} partners: {listed}", hint="give more of the name; nothing was written")
    from ..files.nodes import did_you_mean

    names = {_normal(p.organization): p.organization for _, _, p in everyone}
    words = {w: p.organization for _, _, p in everyone for w in _normal(p.organization).split()}
    close = did_you_mean(query, list(names)) or did_you_mean(query, list(words))
    if close:
        guess = close.split('"')[1]
        close = f' (did you mean "{names.get(guess) or words[guess]}"?)'
    raise UsageError(f"no partner matches {name!r}{close}", hint="partnerkit show FILE lists the partners; nothing was written")


def recorded(partner: Partner, entry: LogEntry, follow_up: date | None) -> Partner:
    """The partner after the entry: its log longer, its status and follow-up updated."""
    if entry.addressed is not None and not any(e.flag is entry.addressed for e in partner.open_flags()):
        raise UsageError(f"{partner.organization} has no open {entry.addressed.value} flag to address; nothing was written")
    return replace(
        partner,
        log=(*partner.log, entry),
        status=entry.status or partner.status,
        follow_up=follow_up if follow_up is not None else partner.follow_up,
    )


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


def record_in_file(path: Path, guide: Guide, name: str, entry: LogEntry, follow_up: date | None = None, *, force: bool = False) -> Logged:
    """Append `entry` to the partner `name` means in the worksheet at `path`; see the module doc.

    `force` writes a read-only or hard-linked file too (yamlio.atomic_write refuses them otherwise).
    """
    data = read_bytes(path)
    plain = sealed.decrypt(data, path) if sealed.is_sealed(path) else data  # in memory only
    text = decode(plain, path)
    document = compose(text, path)
    worksheet = parse_worksheet(document, path, guide)
    category, index, partner = find_partner(worksheet, name)
    updated = recorded(partner, entry, follow_up)
    partners = worksheet.partners[category]
    expected = worksheet.with_partners(category, (*partners[:index], updated, *partners[index + 1 :]))
    assert isinstance(document, MappingNode)  # parse_worksheet accepted it
    edits, upgraded = _edits(text, document, category, index, entry, follow_up)
    new_text = apply_edits(text, edits)
    if parse_worksheet(compose(new_text, path), path, guide) != expected:
        raise PartnerkitError(
            f"could not add the entry to {path} without changing other lines; nothing was written",
            hint="add it by hand (partnerkit edit FILE), and please report this",
            file=path,
        )
    if read_bytes(path) != data:
        raise PartnerkitError(f"{path} changed while the entry was being added; nothing was written", hint="run the command again", file=path)
    bom = codecs.BOM_UTF8 if plain.startswith(codecs.BOM_UTF8) else b""
    atomic_write(path, sealed.stored_form(path, bom + new_text.encode("utf-8")), force=force)  # encrypted again for .age
    return Logged(category, updated, expected, tuple(moments(entry, worksheet, guide)), upgraded)


def _edits(text: str, top: MappingNode, category: str, index: int, entry: LogEntry, follow_up: date | None) -> tuple[list[Edit], int | None]:
    partners = value_of(top, "partners")
    assert partners is not None and isinstance(partners[1], MappingNode)
    refuse_flow(partners[1], "partners")
    category_key, items = value_of(partners[1], category) or (None, None)
    assert isinstance(items, SequenceNode) and category_key is not None
    refuse_flow(items, f"partners.{category}")
    node: Node = items.value[index]
    assert isinstance(node, MappingNode)
    refuse_flow(node, f"partners.{category}[{index + 1}]")
    edits = []
    if entry.status is not None:
        edits.append(set_scalar(text, node, "status", entry.status.value, before="follow_up" if value_of(node, "follow_up") else "log"))
    if follow_up is not None:
        edits.append(set_scalar(text, node, "follow_up", follow_up.isoformat(), before="log"))
    dash = dash_column(text, node)  # a new log is laid out as the partners' own list is
    layout = {"indentless": dash == category_key.start_mark.column, "gap": node.start_mark.column - dash}
    offset = item_offset(text, node, "log", **layout)
    edits += append_item(text, node, "log", dump_yaml([log_entry(entry)], indent=offset), **layout)
    version_node = value_of(top, "version")
    assert version_node is not None
    old = yaml.safe_load(version_node[1].value)  # as the loader read it (e.g. `0x1` is 1)
    if old == VERSION:
        return edits, None
    edits.append(Edit(version_node[1].start_mark.index, version_node[1].end_mark.index, str(VERSION)))
    return edits, old
