"""What is private in a worksheet, and taking it out: redacted views, and the purge after the action.

The guide names the private fields (guide.yaml `private:`), as paths:

    ask.who, notes, log.note     a partner's field, or a field of each item of a list field (log)
    action.place                 a field of the action
    considerations.CATEGORY.ID   the answer to one question ("*" for any category or question)
    tips.TIP.ID

`redact` returns the worksheet without them, before any view is built, so every format (and every
field added later, once its path is in the guide) is covered. `purge` keeps only what next year's
team needs: each partner's organization, why and outcome, the action, and the non-private answers.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator, Mapping
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Any

from ..guide.model import Guide
from .model import Action, Partner, Worksheet

ANSWER_SECTIONS = ("considerations", "tips")
WILDCARD = "*"
# What `purge` keeps of each partner; everything else (who asks, notes, history, follow-ups) goes.
PURGE_KEEPS = ("organization", "why", "status")
# A guide.yaml that does not say which fields are private gets this.
DEFAULT_PRIVATE = ("ask.who", "notes", "log.by", "log.note")


# --- checking paths (the guide's loader calls this) -------------------------------------------------


def path_problem(path: str, sections: Mapping[str, Mapping[str, tuple[str, ...]] | None]) -> str | None:
    """Why `path` names no private field (None when it does).

    `sections` maps considerations and tips to {id: question ids}; None leaves their ids unchecked.
    """
    parts = path.split(".")
    if parts[0] in ANSWER_SECTIONS:
        if len(parts) != 3 or not all(parts):
            return f"{path!r}: write {parts[0]}.ID.QUESTION (either may be {WILDCARD})"
        known = sections[parts[0]]
        if known is None:
            return None
        if parts[1] != WILDCARD and parts[1] not in known:
            return f"{path!r}: no {parts[0]} section {parts[1]!r} in the guide"
        questions = {q for ids in known.values() for q in ids} if parts[1] == WILDCARD else set(known[parts[1]])
        if parts[2] != WILDCARD and parts[2] not in questions:
            return f"{path!r}: no question {parts[2]!r} there"
        return None
    if parts[0] == "action":
        return _field_problem(Action, parts[1:], path)
    return _field_problem(Partner, parts, path)


def _field_problem(cls: type, parts: list[str], path: str) -> str | None:
    if not parts:
        return f"{path!r}: name a field, e.g. action.place"
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name != "line"}
    found = fields.get(parts[0])
    if found is None:
        return f"{path!r}: {cls.__name__.lower()} has no field {parts[0]!r} (it has {', '.join(fields)})"
    inner = _item_class(cls, found.name)
    if len(parts) > 1:
        if inner is None:
            return f"{path!r}: {parts[0]!r} has no fields"
        return _field_problem(inner, parts[1:], path)
    if _cleared(found) is dataclasses.MISSING:
        return f"{path!r}: cannot be left out (every {cls.__name__.lower()} has one)"
    return None


def _item_class(cls: type, name: str) -> type | None:
    """The dataclass a field holds, itself or as items of a tuple (Partner.ask -> Ask, .log -> LogEntry)."""
    hint = typing.get_type_hints(cls)[name]
    for candidate in (hint, *typing.get_args(hint)):
        if dataclasses.is_dataclass(candidate):
            return candidate  # type: ignore[return-value]
    return None


def _cleared(field: dataclasses.Field) -> Any:
    """What a left-out field becomes: its empty default (None, ()), or "" for required text."""
    if field.default is None or field.default == ():
        return field.default
    if field.default_factory is not dataclasses.MISSING and field.default_factory() in ((), [], {}):
        return field.default_factory()
    if field.type in ("str", str):
        return ""
    return dataclasses.MISSING


# --- redacting -------------------------------------------------------------------------------------


def redact(worksheet: Worksheet, private: tuple[str, ...], withheld: str | None = None) -> Worksheet:
    """The worksheet without the private fields (paths checked by the guide's loader).

    Private text becomes `withheld` (e.g. "(withheld)", so a reader knows someone makes the ask),
    or is left out when it is None; other private values are left out. Answers are left out.
    """
    partner_paths = [p.split(".") for p in private if p.split(".")[0] not in (*ANSWER_SECTIONS, "action")]
    action_paths = [p.split(".")[1:] for p in private if p.startswith("action.")]
    partners = {cid: tuple(_without(p, partner_paths, withheld) for p in ps) for cid, ps in worksheet.partners.items()}
    return replace(
        worksheet,
        partners=partners,
        action=_without(worksheet.action, action_paths, withheld),
        considerations=_answers_without(worksheet.considerations, _answer_paths(private, "considerations")),
        tips=_answers_without(worksheet.tips, _answer_paths(private, "tips")),
    )


def _without(item: Any, paths: list[list[str]], withheld: str | None) -> Any:
    """`item` (a dataclass) with each path cleared; a tuple of dataclasses has it cleared in each."""
    for parts in paths:
        item = _clear(item, parts, withheld)
    return item


def _clear(item: Any, parts: list[str], withheld: str | None) -> Any:
    name, rest = parts[0], parts[1:]
    value = getattr(item, name)
    if not rest:
        field = next(f for f in dataclasses.fields(item) if f.name == name)
        text = withheld is not None and isinstance(value, str) and value.strip()
        return replace(item, **{name: withheld if text else _cleared(field)})
    if isinstance(value, tuple):
        return replace(item, **{name: tuple(_clear(entry, rest, withheld) for entry in value)})
    return replace(item, **{name: _clear(value, rest, withheld)})


def _answer_paths(private: tuple[str, ...], section: str) -> list[tuple[str, str]]:
    return [(p.split(".")[1], p.split(".")[2]) for p in private if p.startswith(f"{section}.") and p.count(".") == 2]


def _answers_without(answers: Mapping[str, Mapping[str, Any]], paths: list[tuple[str, str]]) -> dict[str, dict[str, Any]]:
    def private(sid: str, qid: str) -> bool:
        return any(s in (sid, WILDCARD) and q in (qid, WILDCARD) for s, q in paths)

    kept = {sid: {qid: a for qid, a in given.items() if not private(sid, qid)} for sid, given in answers.items()}
    return {sid: given for sid, given in kept.items() if given}


# --- purging ---------------------------------------------------------------------------------------


def purge(worksheet: Worksheet, private: tuple[str, ...]) -> Worksheet:
    """What next year's team needs: organizations, why, outcome, the action, and non-private answers."""
    redacted = redact(worksheet, private)
    partners = {cid: tuple(_kept(p) for p in ps) for cid, ps in redacted.partners.items()}
    return replace(redacted, partners=partners)


def purge_file(path: Path, guide: Guide) -> None:
    """Purge the worksheet at `path` in place, atomically (an encrypted one stays encrypted).

    An unfinished interview's draft for it goes too: its answers name the same people.
    """
    from ..interview.drafts import Draft
    from .parse import load_worksheet, save_worksheet

    save_worksheet(purge(load_worksheet(path, guide), guide.private), guide, path)
    Draft(path).delete()


def _kept(partner: Partner) -> Partner:
    return Partner(**{name: getattr(partner, name) for name in PURGE_KEEPS})


def text_fields(value: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) of every piece of text in a worksheet or part of one (ask.who, log.note, tips.ID.QUESTION).

    What must not leak: check looks in it for contact details, messages about encrypted files hide it.
    """
    if isinstance(value, Enum):
        return  # a status: the guide's word, not the team's text
    if isinstance(value, str):
        yield prefix.rstrip("."), value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from text_fields(getattr(value, field.name), f"{prefix}{field.name}.")
    elif isinstance(value, Mapping):
        for key, item in value.items():  # keys are the guide's ids: categories, questions
            yield from text_fields(item, f"{prefix}{key}.")
    elif isinstance(value, tuple | list):
        for item in value:
            yield from text_fields(item, prefix)


def texts(value: Any) -> Iterator[str]:
    return (text for _, text in text_fields(value))
