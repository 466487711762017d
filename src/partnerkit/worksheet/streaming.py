"""Reading a worksheet file partner by partner, so a large one is never held whole as nodes.

Every worksheet is read here (store.load). Its events are composed into nodes as libyaml's
composer would (files/yamldoc.py compose_taking), but for its partners: each is read as soon as its
events are in, and dropped. A partner written as partnerkit writes one (its keys the model's, once
each; text, words and dates where the model has them) is read straight from its events, which is
twice as fast; any other is composed into nodes and read by parse.py, which says what is wrong.
The rest of the document, small, is read by parse.py too. Anything unusual (anchors, a problem
anywhere) is read again the whole-document way, so every problem is reported as it always is.
10,000 partners are some 240,000 nodes, 90 MiB.

A writer reads its new text back (store.read_back) before it replaces the file. A change to one
partner of a large file (log) leaves every other partner's text as it was: read back against the
text as read before the change (`AsRead`), a partner whose text, from the start of its `- ` line
to its end, is the same characters as the same partner's was is the partner read then. The whole
new text is still parsed, event by event, by the same parser: only the reading of unchanged
partners' events into the model is not done twice. Same characters in the same place of the same
block list are the same events: YAML's meaning there depends on the text and its indentation
alone (anchors and several documents are read the whole-document way, tags by the same resolver).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from yaml.constructor import SafeConstructor
from yaml.events import MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent
from yaml.nodes import Node, ScalarNode

from ..errors import InvalidFile
from ..files.nodes import NodeReader
from ..files.yamldoc import RESOLVED, Item, NotStreamed, compose, compose_taking
from ..guide.model import Guide
from ..records import record
from .model import Member, Partner, Worksheet
from .parse import DATE, RECORD, RECORDS, TEXT, WORD, _members, _readers, _record, parse_worksheet, read_team

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _TIMESTAMP = _TAG + "str", _TAG + "null", _TAG + "timestamp"
_timestamp = SafeConstructor().construct_yaml_timestamp


MAX_KEPT = 100  # partners' nodes kept for a change: more, and the change reads the whole document


def read_worksheet(
    data: bytes, path: Path, guide: Guide, expected: Worksheet | None = None, *, text: str | None = None, before: AsRead | None = None
) -> Worksheet:
    """The worksheet in a file's UTF-8 bytes, as `parse_worksheet(compose(data))` reads it;
    raises InvalidFile listing every problem. `expected`, `text`, `before`: see read_partners."""
    return read_partners(data, path, guide, expected=expected, text=text, before=before)[1]


Kept = dict[tuple[str, int], Node]
Spans = dict[tuple[str, int], tuple[int, int, Partner]]  # by category and index: (start, end, the partner read there)


@record
class AsRead:
    """A worksheet's text as read before a change, and where each partner's text is in it (`spans`)."""

    text: str
    spans: Spans


def read_partners(
    data: bytes,
    path: Path,
    guide: Guide,
    keep: Callable[[str, int, Partner], bool] | None = None,
    *,
    expected: Worksheet | None = None,
    spans: Spans | None = None,
    text: str | None = None,
    before: AsRead | None = None,
) -> tuple[Node | None, Worksheet, Kept | None]:
    """(the document without its partners' nodes, the worksheet, the nodes of the partners
    `keep(category, index, partner)` asks for, by category and index: up to MAX_KEPT); for a
    document read the whole-document way, (all its nodes, the worksheet, None).

    `spans`: a dict to fill with where each partner's text is (left empty for a document read the
    whole-document way), for reading a changed text back against this one (AsRead).
    `expected`: the worksheet the text should read as (a writer reading its text back): a partner
    read equal to the expected one in its place is held as that one, not twice.
    `before`: the text this one was made from by a change, as read then; `text`, this one decoded
    (its spans are in characters): a partner whose text is as it was there is the partner read there.
    """
    categories = set(guide.category_ids)
    taken: dict[str, list[Partner]] = {}
    kept: Kept = {}
    r = NodeReader(path, data)

    def take(keys: tuple[str, ...], index: int, item: Item) -> bool:
        if len(keys) != 2 or keys[0] != "partners" or keys[1] not in categories:
            return False
        partner = _as_before(before, text, keys[1], index, item) if before is not None and item.block else None
        if partner is None:
            plain = _plain(item, 0, Partner, "", r)
            if plain is None:
                partner = _record(r, item.node, f"partners.{keys[1]}[{index + 1}]", Partner, "")
                if r.problems:
                    raise NotStreamed
            else:
                partner = plain[0]
        wanted = expected.partners.get(keys[1], ()) if expected is not None else ()
        if index < len(wanted) and (partner is wanted[index] or partner == wanted[index]):
            partner = wanted[index]
        taken.setdefault(keys[1], []).append(partner)
        if keep is not None and len(kept) < MAX_KEPT and keep(keys[1], index, partner):
            kept[(keys[1], index)] = item.node
        if spans is not None and item.block:
            spans[(keys[1], index)] = (*item.span(), partner)
        return True

    try:
        document = compose_taking(data, path, take)
        return document, parse_worksheet(document, path, guide, data, taken=taken), kept
    except (NotStreamed, InvalidFile):
        if spans is not None:
            spans.clear()
        document = compose(data, path)
        return document, parse_worksheet(document, path, guide, data), None


def read_recorded_team(data: bytes, path: Path) -> tuple[Member, ...]:
    """The team a worksheet's UTF-8 bytes record (parse.read_team), its partners passed over as
    they are read: a large worksheet's team without holding its partners as nodes."""
    try:
        document = compose_taking(data, path, lambda keys, _index, _item: keys[:1] == ("partners",))
    except NotStreamed:
        document = compose(data, path)
    return read_team(document, path)


def _as_before(before: AsRead, text: str | None, category: str, index: int, item: Item) -> Partner | None:
    """The partner read before in this place, if this item's text is the same characters as its was."""
    was = before.spans.get((category, index))
    if was is None or text is None:
        return None
    start, end = item.span()
    if end - start != was[1] - was[0] or text[start:end] != before.text[was[0] : was[1]]:
        return None
    return was[2]


class _Declined(Exception):
    """Not a record as partnerkit writes one: parse.py reads it from its nodes instead."""


def _plain(item: Item, at: int, cls: type, path: str, r: NodeReader) -> tuple[Any, int] | None:
    """(the record of `cls` whose events start at `item.events[at]`, the index after them), read
    straight from the events when every key and value is one parse.py would read without a word;
    None for any other record (parse.py reads it, and says what is wrong)."""
    try:
        return _record_of(item, at, cls, path, r)
    except _Declined:
        return None


def _record_of(item: Item, at: int, cls: type, path: str, r: NodeReader) -> tuple[Any, int]:
    events = item.events
    start = events[at]
    if start.__class__ is not MappingStartEvent or start.tag is not None:
        raise _Declined
    readers, required_names = _by_name(cls, path)
    values: dict[str, Any] = {}
    seen = set()
    at += 1
    while events[at].__class__ is not MappingEndEvent:
        key = events[at]
        if key.__class__ is not ScalarEvent or key.value not in readers or key.value in seen or _tag(item, key) != _STR:
            raise _Declined
        name, required, how, kind, where = readers[key.value]
        seen.add(name)
        value, at = _value(item, at + 1, how, kind, where, required, r)
        if value is None:
            if required:
                raise _Declined
            continue
        values[name] = value
    for name in required_names:
        if name not in values:
            raise _Declined  # a required field missing
    if "line" in cls.__dataclass_fields__:
        values["line"] = r.where(start.start_mark)[0]
    return cls(**values), at + 1


@cache
def _by_name(cls: type, path: str) -> tuple[dict[str, tuple[str, bool, str, Any, str]], tuple[str, ...]]:
    """parse._readers by field name, and the names of the required fields."""
    readers = _readers(cls, path)
    return {reader[0]: reader for reader in readers}, tuple(reader[0] for reader in readers if reader[1])


def _tag(item: Item, event: Any) -> str:
    """A scalar event's tag, as Item.tag resolves it: a quoted or block scalar's is text, and a
    short plain one's is most often one resolved before (yamldoc.RESOLVED)."""
    if event.tag is None:
        if not event.implicit[0]:
            return _STR
        tag = RESOLVED.get(event.value)
        if tag is not None:
            return tag
    return item.tag(event)


_DATES: dict[str, Any] = {}  # a timestamp's value, by its text: a worksheet has a few hundred days, each many times


def _value(item: Item, at: int, how: str, kind: Any, where: str, required: bool, r: NodeReader) -> tuple[Any, int]:
    """(a field's value as parse._value reads it, the index after its events); declines anything
    parse._value would report, or might."""
    event = item.events[at]
    if how == RECORD:
        return _record_of(item, at, kind, where, r)
    if how == RECORDS:
        if event.__class__ is ScalarEvent and _tag(item, event) == _NULL:
            return None, at + 1  # `log:` with nothing after it
        if event.__class__ is not SequenceStartEvent or event.tag is not None:
            raise _Declined
        records, at = [], at + 1
        while item.events[at].__class__ is not SequenceEndEvent:
            record, at = _record_of(item, at, kind, where, r)
            records.append(record)
        return tuple(records) or None, at + 1
    if event.__class__ is not ScalarEvent:
        raise _Declined
    tag, value = _tag(item, event), event.value
    if tag == _NULL:
        return None, at + 1
    if tag == _STR:
        if not value.strip() and (how != DATE or str in kind):  # blank: absent, but `why: ""`, kept as written
            return ("" if how == TEXT and not required and event.style in ("'", '"') else None), at + 1
        if how == TEXT or (how == DATE and str in kind):
            return value, at + 1
        if how == WORD and value in _members(kind):
            return _members(kind)[value], at + 1
    elif tag == _TIMESTAMP and how == DATE:
        found = _DATES.get(value)
        if found is None:
            try:
                found = _timestamp(ScalarNode(tag, value))
            except Exception:  # no such day: parse.py says so
                raise _Declined from None
            if len(_DATES) < 10_000:
                _DATES[value] = found
        if type(found) in kind:  # a date, not a date and time
            return found, at + 1
    raise _Declined

