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
import re
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from ..catalog import _, n_
from ..errors import InvalidFile, PartnerkitError, Problem
from ..files.age import Keyring
from ..guide.model import Guide
from ..records import record
from .model import WORD, Action, Ask, LogEntry, Partner, Withheld, Worksheet, fields_of, private_paths, record_class

ANSWER_SECTIONS = ("considerations", "tips")
WILDCARD = "*"
# What `purge` keeps of each partner; everything else (who asks, notes, history, follow-ups) goes.
PURGE_KEEPS = ("organization", "why", "status")


# --- which fields are private -------------------------------------------------------------------


def private_fields(guide: Guide) -> tuple[str, ...]:
    """What --redact and purge leave out: the fields the model marks private and the answers to the
    guide's judgement questions (both unless the guide's `public:` shares them), and the guide's
    `private:` list. So a guide written before a private field or a judgement question existed
    shares neither. Raises InvalidFile, at its line in guide.yaml, for a listed field the worksheet
    does not have.
    """
    from ..guide.loading import judgement_paths

    problems = [Problem(problem, *guide.field_marks.get(path, (None, None, None))) for path in (*guide.private, *guide.public) if (problem := path_problem(path))]
    if problems:
        raise InvalidFile(problems, what=_("privacy.guide"), hint=_("privacy.field.hint"))
    listed = [*private_paths(), *private_paths(Action, "action."), *judgement_paths(guide), *guide.private]
    return tuple(path for path in dict.fromkeys(listed) if not any(_covers(public, path) for public in guide.public))


def _covers(pattern: str, path: str) -> bool:
    """Whether a `public:` path names `path` (an answer's section or question may be `*`)."""
    wanted, parts = pattern.split("."), path.split(".")
    return len(wanted) == len(parts) and all(w in (p, WILDCARD) for w, p in zip(wanted, parts, strict=True))


def path_problem(path: str) -> str | None:
    """Why a field path (ask.who, log.note, action.place) names no field that can be left out; None when it does."""
    parts = path.split(".")
    if parts[0] in ANSWER_SECTIONS:
        return None  # checked against the guide's questions when it loaded
    if parts[0] == "action":
        return _field_problem(Action, parts[1:], path)
    return _field_problem(Partner, parts, path)


def _field_problem(cls: type, parts: list[str], path: str) -> str | None:
    if not parts:
        return _("privacy.no_field", path=repr(path))
    fields = {f.name: f for f in fields_of(cls)}
    found = fields.get(parts[0])
    if found is None:
        return _("privacy.unknown_field", path=repr(path), record=_record_word(cls), field=repr(parts[0]), fields=", ".join(fields))
    inner = record_class(typing.get_type_hints(cls)[found.name])
    if len(parts) > 1:
        if inner is None:
            return _("privacy.no_subfields", path=repr(path), field=repr(parts[0]))
        return _field_problem(inner, parts[1:], path)
    if _cleared(found) is dataclasses.MISSING:
        return _("privacy.required", path=repr(path), record=_record_word(cls))
    return None


def _record_word(cls: type) -> str:
    """What the messages call a record of the model: a partner, an action..."""
    words = {
        Partner: _("privacy.record.partner"),
        Action: _("privacy.record.action"),
        Ask: _("privacy.record.ask"),
        LogEntry: _("privacy.record.log_entry"),
    }
    return words.get(cls, cls.__name__.lower())


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


def redact(worksheet: Worksheet, guide: Guide) -> Worksheet:
    """The worksheet without its private fields (private_fields), for sharing it.

    Private text becomes the guide's `withheld` words (e.g. "(withheld)", so a reader knows someone
    makes the ask), or is left out when the guide has none; other private values are left out.
    Private answers are left out.
    """
    return without(worksheet, private_fields(guide), guide.withheld)


def without(worksheet: Worksheet, private: tuple[str, ...], withheld: str | None = None) -> Worksheet:
    """The worksheet with every path in `private` cleared (or its text `withheld`)."""
    partner_paths = [p.split(".") for p in private if p.split(".")[0] not in (*ANSWER_SECTIONS, "action")]
    action_paths = [p.split(".")[1:] for p in private if p.startswith("action.")]
    partners = {cid: tuple(_without(p, partner_paths, withheld) for p in ps) for cid, ps in worksheet.partners.items()}
    return replace(
        worksheet,
        partners=partners,
        action=_without(worksheet.action, action_paths, withheld),
        considerations=_answers_without(worksheet.considerations, _answer_paths(private, "considerations"), withheld),
        tips=_answers_without(worksheet.tips, _answer_paths(private, "tips"), withheld),
    )


def _without(item: Any, paths: list[list[str]], withheld: str | None) -> Any:
    """`item` (a dataclass) with each path cleared; a tuple of dataclasses has it cleared in each.
    Made once, with every change (10,000 partners are 10,000 copies, not one per private field)."""
    deeper: dict[str, list[list[str]]] = {}
    for parts in paths:
        deeper.setdefault(parts[0], []).append(parts[1:])
    changes = {}
    for name, rests in deeper.items():
        value = getattr(item, name)
        if [] in rests:  # the field itself
            text = withheld is not None and isinstance(value, str) and value.strip()
            new = withheld if text else _cleared(_field(type(item), name))
        elif isinstance(value, tuple):
            new = tuple(_without(entry, rests, withheld) for entry in value)
        else:
            new = _without(value, rests, withheld)
        if new is not value and new != value:
            changes[name] = new
    return replace(item, **changes) if changes else item


@cache
def _field(cls: type, name: str) -> dataclasses.Field:
    return next(f for f in dataclasses.fields(cls) if f.name == name)


def _answer_paths(private: tuple[str, ...], section: str) -> list[tuple[str, str]]:
    return [(p.split(".")[1], p.split(".")[2]) for p in private if p.startswith(f"{section}.") and p.count(".") == 2]


def _answers_without(answers: Mapping[str, Mapping[str, Any]], paths: list[tuple[str, str]], withheld: str | None) -> dict[str, dict[str, Any]]:
    """The answers without the private ones: each shown as `withheld` (a Withheld answer), or left out."""
    def private(sid: str, qid: str) -> bool:
        return any(s in (sid, WILDCARD) and q in (qid, WILDCARD) for s, q in paths)

    kept = {
        sid: {qid: Withheld(withheld) if private(sid, qid) else a for qid, a in given.items() if withheld is not None or not private(sid, qid)}
        for sid, given in answers.items()
    }
    return {sid: given for sid, given in kept.items() if given}


# --- purging ---------------------------------------------------------------------------------------


@record
class Purge:
    """What `purge` will write, and the kept texts it takes out too because they may name someone:
    (where, the names) for each, to show before asking."""

    worksheet: Worksheet
    named: tuple[tuple[str, tuple[str, ...]], ...] = ()


def purge(worksheet: Worksheet, guide: Guide, today: date | None = None) -> Worksheet:
    """What next year's team needs: organizations, why, outcome, the action, and non-private answers."""
    return plan_purge(worksheet, guide, today).worksheet


def plan_purge(worksheet: Worksheet, guide: Guide, today: date | None = None) -> Purge:
    """The purged worksheet, marked with the day (`today`, or the one it was first purged), less any
    kept text (a why, an answer) that may name a person: a name the worksheet gives a teammate (who
    makes an ask, who wrote an entry), or a capitalized word after a title such as "Rabbi" (the
    catalog's list). Free text cannot be known to be free of names; these are the ones to be sure of.
    """
    redacted = without(worksheet, private_fields(guide))
    people = _teammates(worksheet)
    named: list[tuple[str, tuple[str, ...]]] = []

    def clean(where: str, text: Any) -> bool:
        found = _names_in(text, people) if isinstance(text, str) else ()
        if found:
            named.append((where, found))
        return not found

    partners = {
        cid: tuple(replace(kept, why=kept.why if clean(_("purge.why_of", organization=kept.organization), kept.why) else None) for kept in map(_kept, ps))
        for cid, ps in redacted.partners.items()
    }
    prompts = {(s.id, q.id): f"{s.title}: {q.prompt}" for s in (*guide.categories, *guide.tips) for q in s.questions}
    answers = {
        key: {sid: {qid: a for qid, a in given.items() if clean(prompts.get((sid, qid), qid), a)} for sid, given in getattr(redacted, key).items()}
        for key in ANSWER_SECTIONS
    }
    purged = replace(
        redacted,
        partners=partners,
        purged=worksheet.purged or today or date.today(),
        **{key: {sid: given for sid, given in sections.items() if given} for key, sections in answers.items()},
    )
    return Purge(purged, tuple(named))


def refuse_early(worksheet: Worksheet, path: Path, today: date) -> None:
    """Raise unless the worksheet's action has come (its day or later): before it, the names, plans
    and history are what the team works from."""
    when = worksheet.action.date
    if when is None:
        raise PartnerkitError(_("purge.no_action_date", file=path), hint=_("purge.early.hint"), file=path)
    if when > today:
        days = (when - today).days
        raise PartnerkitError(n_("purge.before_action", "purge.before_action.plural", days, file=path, date=when), hint=_("purge.early.hint"), file=path)


def purge_file(
    path: Path,
    guide: Guide,
    keys: Keyring | None = None,
    *,
    today: date | None = None,
    force: bool = False,
    confirm: Callable[[Purge], None] | None = None,
) -> Purge:
    """Purge the worksheet at `path` in place, marked with `today`, atomically (an encrypted one stays encrypted).

    `confirm` is shown the plan (and may raise to stop) once the purge is known to be possible: the
    file read, its purged text checked, the file writable (`force`: a read-only or hard-linked one too).
    An unfinished interview's draft for it goes too, and `log`'s undo file: they name the same people.
    """
    from ..files.locking import holding
    from ..files.reading import read_bytes
    from ..files.writing import check_writable
    from . import store
    from .dump import dump_worksheet

    opened = store.open_for_change(path, guide, keys)
    plan = plan_purge(opened.worksheet, guide, today)
    text = dump_worksheet(plan.worksheet, guide)  # written whole: nothing the model does not hold stays (comments name people too)
    store.read_back(path, text, guide)
    check_writable(path, force=force)
    store.ensure_sealable(path, keys)
    if confirm is not None:
        confirm(plan)  # asked before the lock is taken: no teammate waits on the question
    with holding(path):  # no teammate's entry slips in between
        if read_bytes(path, parsed=False) != opened.stored:  # one did, while the question was asked: purge the file as it is now
            opened = store.open_for_change(path, guide, keys)
            text = dump_worksheet(plan_purge(opened.worksheet, guide, today).worksheet, guide)
        store.write_text(path, text, guide, keys, force=force, since=opened.stored)
    store.draft_path(path).unlink(missing_ok=True)
    store.undo_path(path).unlink(missing_ok=True)
    return plan


def _kept(partner: Partner) -> Partner:
    return Partner(**{name: getattr(partner, name) for name in PURGE_KEEPS})


def _teammates(worksheet: Worksheet) -> frozenset[str]:
    """The capitalized words of every name the worksheet gives a teammate: who makes each ask, who wrote each entry."""
    names = [p.ask.who for _, p in worksheet.all_partners()] + [e.by for _, p in worksheet.all_partners() for e in p.log]
    return frozenset(word for name in names if name for word in re.findall(WORD, re.sub(r"\([^)]*\)", " ", name)) if word[0].isupper())


def _names_in(text: str, people: frozenset[str]) -> tuple[str, ...]:
    """The names `text` may hold: a teammate's, or a capitalized word after a title ("Rabbi Miriam")."""
    titles = "|".join(re.escape(title) for title in _("purge.titles").split())
    found = [word for word in re.findall(r"[^\W\d_]+", text) if word in people]  # "Eli's" is Eli
    found += [m[1] for m in re.finditer(rf"\b(?:{titles})\.?\s+({WORD})", text, re.IGNORECASE) if m[1][0].isupper()]
    return tuple(dict.fromkeys(found))


def text_fields(value: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) of every piece of text in a worksheet or part of one (ask.who, log.note, tips.ID.QUESTION).

    What must not leak: check looks in it for contact details, messages about encrypted files hide it.
    """
    if value is None or isinstance(value, Enum):
        return  # nothing, or a status: the guide's word, not the team's text
    if isinstance(value, str):
        yield prefix.rstrip("."), value
    elif (names := _field_names(type(value))) is not None:
        for name in names:
            yield from text_fields(getattr(value, name), f"{prefix}{name}.")
    elif isinstance(value, Mapping):
        for key, item in value.items():  # keys are the guide's ids: categories, questions
            yield from text_fields(item, f"{prefix}{key}.")
    elif isinstance(value, tuple | list):
        for item in value:
            yield from text_fields(item, prefix)


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The fields of a dataclass's instances, in order; None for any other type."""
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


def texts(value: Any) -> Iterator[str]:
    return (text for _path, text in text_fields(value))
