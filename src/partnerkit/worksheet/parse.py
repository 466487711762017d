"""Reading a worksheet: YAML nodes -> the model, every problem located at FILE:LINE:COL, all at once.

The file format (version 2) is documented in README.md. A partner, its ask and its log entries
are read field by field as the model declares them (model.fields_of): each field's type says how
its value is read (text, a date, a date or words, one of an Enum's words, a nested record, a list
of records), and a field without a default must be present. A new field on the model is read with
no change here.
"""

from __future__ import annotations

import types
import typing
from dataclasses import MISSING, Field
from datetime import date
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from yaml.nodes import Node, ScalarNode

from ..catalog import N_, _
from ..files.nodes import Entries, NodeReader, did_you_mean
from ..guide.model import Guide, Kind, Question
from .choices import read_as_choices
from .model import Action, Answer, Member, Partner, Worksheet, fields_of, record_class

VERSION = 3  # the newest format this partnerkit reads; a file is written in the oldest that holds it (Worksheet.version)
TOP_KEYS = ("version", "id", "action", "partners", "considerations", "tips", "purged", "team")


# Versions this partnerkit reads, and what changed since each (a catalog key): a file of an older
# version is read as it is (each version only added keys) and upgraded when partnerkit next writes
# something it lacks.
UPGRADES = {1: N_("worksheet.upgrade.v1"), 2: N_("worksheet.upgrade.v2")}
INVALID_HINT = N_("worksheet.invalid.hint")  # the hint under a worksheet's problems
# What a required field is, for the message that says it is missing.
REQUIRED = {"organization": N_("worksheet.required.organization"), "date": N_("worksheet.required.date")}
# What a date field holds, for the message that says its value is not one.
DATE_EXAMPLES = {"action.date": N_("worksheet.expected.action_date"), "ask.when": N_("worksheet.expected.date_or_text")}


def parse_worksheet(node: Node | None, path: Path, guide: Guide, text: str | bytes | None = None, *, taken: dict[str, list[Partner]] | None = None) -> Worksheet:
    """The worksheet a composed document holds; raises InvalidFile listing every problem.

    `text` is the document as composed: given, lines are counted as an editor counts them.
    `taken`: the partners read already, by category, whose nodes were left out (read_worksheet).
    """
    r = NodeReader(path, text)
    top = r.mapping(node, "worksheet", TOP_KEYS)
    worksheet = None
    if top is not None:
        _check_version(r, top)
        action = _record(r, top["action"][1], "action", Action, "action") if "action" in top else Action()
        worksheet = Worksheet(
            partners=_partners(r, top.get("partners"), guide, taken or {}),
            action=action or Action(),
            considerations=_answers(r, top, "considerations", {c.id: c.questions for c in guide.categories}),
            tips=_answers(r, top, "tips", {t.id: t.questions for t in guide.tips}),
            id=r.text(top["id"][1], "id") if "id" in top else None,
            purged=r.typed(top["purged"][1], "purged", (date,), N_("worksheet.expected.date")) if "purged" in top else None,
            team=_team(r, top),
        )
    if r.problems:
        r.raise_if_problems("worksheet", hint_key=INVALID_HINT)
    assert worksheet is not None
    return read_as_choices(worksheet, guide)  # answers saved as a choice's words, as files did before ids


def _check_version(r: NodeReader, top: Entries) -> None:
    if "version" not in top:
        r.error(None, _("worksheet.version.missing", line=f"version: {VERSION}"))
        return
    node = top["version"][1]
    version = r.typed(node, "version", (int,), N_("worksheet.expected.whole_number"))
    if version is not None and version != VERSION and version not in UPGRADES:
        newer = _("worksheet.version.newer") if version > VERSION else ""
        r.error(node, _("worksheet.version.unknown", what="version", oldest=min(UPGRADES), newest=VERSION, version=version, newer=newer))


def read_team(node: Node | None, path: Path) -> tuple[Member, ...]:
    """Only the team a worksheet's document records (no guide needed); () if it has none or it is unreadable."""
    r = NodeReader(path)
    top = r.mapping(node, "worksheet") if node is not None else None
    team = _team(r, top) if top is not None else ()
    return () if r.problems else team


def _team(r: NodeReader, top: Entries) -> tuple[Member, ...]:
    if "team" not in top:
        return ()
    members = (_record(r, node, f"team[{index}]", Member, "team") for index, node in enumerate(r.sequence(top["team"][1], "team") or [], 1))
    return tuple(member for member in members if member is not None)


def _partners(r: NodeReader, item: tuple[Node, Node] | None, guide: Guide, taken: dict[str, list[Partner]]) -> dict[str, tuple[Partner, ...]]:
    partners: dict[str, tuple[Partner, ...]] = {cid: () for cid in guide.category_ids}
    if item is None:
        return partners
    entries = r.mapping(item[1], "partners") or {}
    for cid, (key_node, value) in entries.items():
        if cid not in partners:
            known = ", ".join(guide.category_ids)
            r.error(key_node, _("worksheet.unknown_category", what="partners", category=repr(cid), suggestion=did_you_mean(cid, guide.category_ids), known=known))
            continue
        nodes = r.sequence(value, f"partners.{cid}") or []
        built = (_record(r, n, f"partners.{cid}[{i}]", Partner, "") for i, n in enumerate(nodes, 1))
        partners[cid] = tuple(taken.get(cid, ())) + tuple(p for p in built if p is not None)
    return partners


# --- records, field by field as the model declares them ---------------------------------------


@cache
def _schema(cls: type) -> tuple[tuple[Field, Any], ...]:
    """(field, its resolved type) for each field a file holds, in file order."""
    hints = typing.get_type_hints(cls)
    return tuple((f, hints[f.name]) for f in fields_of(cls))


# How a field's value is read, decided once per field from its type (not again for every value).
RECORDS, RECORD, WORD, DATE, TEXT = "records", "record", "word", "date", "text"


@cache
def _readers(cls: type, path: str) -> tuple[tuple[str, bool, str, Any, str], ...]:
    """For each field of `cls` at `path` in the model: (name, required, how it is read, the type
    that reading needs, the field's own path)."""
    readers = []
    for f, hint in _schema(cls):
        kinds = [k for k in typing.get_args(hint) if k is not type(None)] if isinstance(hint, types.UnionType) else [hint]
        inner = record_class(hint)
        if typing.get_origin(hint) is tuple and inner is not None:  # a list of records: the log
            how, kind = RECORDS, inner
        elif inner is not None:
            how, kind = RECORD, inner
        elif len(kinds) == 1 and isinstance(kinds[0], type) and issubclass(kinds[0], Enum):
            how, kind = WORD, kinds[0]
        elif date in kinds:
            how, kind = DATE, tuple(kinds)
        else:
            how, kind = TEXT, None
        required = f.default is MISSING and f.default_factory is MISSING
        readers.append((f.name, required, how, kind, f"{path}.{f.name}".lstrip(".")))
    return tuple(readers)


def _record(r: NodeReader, node: Node, what: str, cls: type, path: str) -> Any:
    """An instance of `cls` read from a mapping node; None if it is not one, or lacks a required field.

    `path` is the record's place in the model (``, `ask`, `log`, `action`), to name its fields.
    """
    readers = _readers(cls, path)
    entries = r.mapping(node, what, _names(cls))
    if entries is None:
        return None
    values: dict[str, Any] = {}
    complete = True
    for name, required, how, kind, where in readers:
        if name not in entries:
            if required:
                r.error(node, _("worksheet.missing_field", what=what, field=repr(name), meaning=_(REQUIRED[name]) if name in REQUIRED else name))
                complete = False
            continue
        value = _value(r, entries[name][1], f"{what}.{name}", how, kind, where, required)
        if value is None:
            complete = complete and not required
            continue
        values[name] = value
    if not complete:
        return None
    if "line" in cls.__dataclass_fields__:  # where a partner starts, for messages about it
        values["line"] = r.line(node)
    return cls(**values)


@cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields_of(cls))


def _value(r: NodeReader, node: Node, what: str, how: str, kind: Any, path: str, required: bool) -> Any:
    """A field's value read as its type says (`how`, see _readers); None when absent, blank, or reported."""
    if how == TEXT:
        value = r.text(node, what, required=required)
        if value is None and not required and _quoted_blank(node):
            return ""  # `why: ""` says "to be filled in": kept, so a rewrite or an export keeps it too
        return value
    if how == RECORDS:
        items = (_record(r, item, f"{what}[{index}]", kind, path) for index, item in enumerate(r.sequence(node, what) or [], 1))
        return tuple(item for item in items if item is not None) or None
    if how == RECORD:
        return _record(r, node, what, kind, path)
    if how == WORD:
        return _word(r, node, what, kind)
    value = r.typed(node, what, kind, DATE_EXAMPLES.get(path, N_("worksheet.expected.date")))
    return None if isinstance(value, str) and not value.strip() else value


def _quoted_blank(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.style in ("'", '"') and not node.value.strip()


@cache
def _members(kind: type[Enum]) -> dict[str, Any]:
    return {member.value: member for member in kind}


def _word(r: NodeReader, node: Node, what: str, kind: type[Enum]) -> Any:
    """One of an Enum's values, or None (blank, or reported)."""
    value = r.text(node, what)
    found = _members(kind).get(value) if value is not None else None
    if found is not None:
        return found
    if value is not None:
        words = list(_members(kind))
        r.error(node, _("worksheet.not_one_of", what=what, value=repr(value), choices=", ".join(words), suggestion=did_you_mean(value, words)))
    return None


# --- answers to the guide's questions ---------------------------------------------------------

_ANSWER_TYPES: dict[Kind, tuple[tuple[type, ...], Any]] = {
    Kind.TEXT: ((str,), N_("worksheet.expected.text")),
    Kind.SELECT: ((str,), N_("worksheet.expected.text")),
    Kind.CONFIRM: ((bool,), N_("worksheet.expected.yes_or_no")),
    Kind.DATE: ((date,), N_("worksheet.expected.answer_date")),
}


def _answers(r: NodeReader, top: Entries, key: str, questions: dict[str, tuple[Question, ...]]) -> dict[str, dict[str, Answer]]:
    if key not in top:
        return {}
    sections = r.mapping(top[key][1], key, questions) or {}
    answers: dict[str, dict[str, Answer]] = {}
    for sid, (_key, node) in sections.items():
        by_id = {q.id: q for q in questions[sid]}
        entries = r.mapping(node, f"{key}.{sid}", by_id) or {}
        given = {}
        for qid, (_key, value_node) in entries.items():
            types_, expected = _ANSWER_TYPES[by_id[qid].kind]
            value = r.typed(value_node, f"{key}.{sid}.{qid}", types_, expected)
            if value is not None and not (isinstance(value, str) and not value.strip()):
                given[qid] = value
        if given:
            answers[sid] = given
    return answers
