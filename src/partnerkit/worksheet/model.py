"""The worksheet model: partners by category, the action, and the answers to the guide's questions.

Frozen dataclasses and the rules that need no file. The dataclasses are the file format's schema:
parse.py reads, dump.py writes, and the view's columns and the blank template follow their fields,
in their order (`fields_of`). A field's metadata may mark it `private` (left out by --redact and
purge unless the guide says otherwise) or give the blank template an `example` value.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import field, replace
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from ..guide.model import Guide
from ..records import record

DEFAULT_FILE = Path("worksheet.yaml")  # the file a command reads or writes when given none

Answer = str | bool | date
Answers = Mapping[str, Mapping[str, Answer]]  # section id -> question id -> answer


class Withheld(str):
    """An answer `--redact` took out, in its place the guide's words for that ("(withheld)"): it
    was answered, so it is no loose end, but what it says (and any caution it carries) is not shown."""


class Status(StrEnum):
    PLANNED = "planned"
    ASKED = "asked"
    AGREED = "agreed"
    DECLINED = "declined"


STATUSES = [s.value for s in Status]

# Characters that change nothing a reader sees: zero-width spaces and joiners, the word joiner,
# the byte-order mark, the soft hyphen, and bidirectional marks, embeddings, overrides, isolates.
# Compiled on first use (re keeps it): showing a worksheet never needs it.
_INVISIBLE = "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"


WORD = r"[^\W\d_][\w'’-]*"  # a word starts with a letter: "&", "1031" and "-" are not words (compiled where used: re keeps it)


@lru_cache(maxsize=65_536)  # `log` asks it of every partner twice: as it reads them, and to find the one meant
def organization_key(name: str) -> str:
    """What makes two organization names the same one: compatibility-normalised (NFKC, so NFC,
    NFD and full-width variants agree), invisible characters dropped, spaces collapsed, case folded."""
    import unicodedata

    text = unicodedata.normalize("NFKC", re.sub(_INVISIBLE, "", name))
    return " ".join(text.split()).casefold()


class Flag(StrEnum):
    """A clear flag a partner raised: `harm`, a fundamental flaw or potential harm in the plan."""

    HARM = "harm"


FLAGS = [f.value for f in Flag]


def private(**metadata: object) -> dict[str, object]:
    """Metadata of a field that names people or records what they said: private unless a guide says otherwise."""
    return {"private": True, **metadata}


@record(many=True)
class LogEntry:
    """One step in working the plan with a partner: a call, a reply, a decline, a flag raised or addressed.

    `status` is the status this entry set, if any. `flag` marks a flag the partner raised; it stays
    open until a later entry records how the team addressed it (`addressed` names the flag, and
    the entry's note says how).
    """

    date: date
    by: str | None = field(default=None, metadata=private())
    note: str | None = field(default=None, metadata=private())
    status: Status | None = None
    flag: Flag | None = None
    addressed: Flag | None = None


@record(many=True)
class Ask:
    """Who will make the ask, how, and when."""

    who: str | None = field(default=None, metadata=private())
    how: str | None = None
    when: date | str | None = None  # a date, or words such as "after Shabbat services"


@record(many=True)
class Partner:
    """One organization on the worksheet, and our plan to ask it."""

    organization: str
    why: str | None = None
    ask: Ask = Ask()
    status: Status = Status.PLANNED
    notes: str | None = field(default=None, metadata=private())
    follow_up: date | None = None  # when to check back
    log: tuple[LogEntry, ...] = ()  # oldest first
    line: int | None = field(default=None, compare=False, repr=False)  # where it starts in its file

    @property
    def answered(self) -> bool:
        """The partner has said yes or no: nothing is awaited from it any more."""
        return self.status in (Status.AGREED, Status.DECLINED)

    def history(self) -> tuple[LogEntry, ...]:
        """The log in date order (entries of one day in the order written): a backdated entry, or a
        hand-edited log out of order, takes its place by date."""
        return tuple(sorted(self.log, key=lambda entry: entry.date))

    @property
    def latest(self) -> LogEntry | None:
        """The most recent entry by date (of one day, the last written)."""
        return max(reversed(self.log), key=lambda entry: entry.date, default=None)

    def follow_up_due(self, wait_days: int) -> date | None:
        """When to check back: the follow_up date; for an ask without one, `wait_days` after the
        last entry (or the ask's date). None when nothing is awaited. (An answer takes the
        follow-up away when `log` records it; a follow-up set after it is a check-in.)
        """
        if self.follow_up is not None:
            return self.follow_up
        if self.status is not Status.ASKED:
            return None
        last = self.latest.date if self.latest else self.ask.when
        return days_after(last, wait_days) if isinstance(last, date) else None

    def open_flags(self) -> list[LogEntry]:
        """The flags raised and not yet addressed by a later entry (later by date)."""
        open_: list[LogEntry] = []
        for entry in self.history():
            if entry.addressed is not None:
                open_ = [e for e in open_ if e.flag is not entry.addressed]
            if entry.flag is not None:
                open_.append(entry)
        return open_


@record
class Action:
    """The action we invite partners to: its name, date and place."""

    name: str | None = None
    date: date | None = None
    place: str | None = None


@record
class Member:
    """A teammate who can open the worksheet when it is encrypted: a name, and their public key."""

    name: str
    key: str  # age1... or ssh-ed25519 ...


@record
class Converted:
    """A chosen answer (or the way of an ask) its file saves as the choice's words, as files did
    before choices had ids: read as the choice's id, and saved as the id when the file is next written."""

    path: tuple[str, ...]  # ("considerations", "jewish", "stretch-to-synagogues"), or ("partners", "jewish", "2", "how")
    words: str  # as the file says it
    id: str  # the choice (or channel) those words are


@record
class Worksheet:
    """Partners by category, the action, the answers to the guide's questions, and who can open it."""

    partners: Mapping[str, tuple[Partner, ...]]  # every guide category id, in guide order
    action: Action = Action()
    considerations: Answers = field(default_factory=dict)  # category id -> its questions' answers
    tips: Answers = field(default_factory=dict)  # tip id -> its questions' answers
    id: str | None = None  # this worksheet's own name, for calendar UIDs (format 3); None in older files
    purged: date | None = None  # when `purge` kept only what next year's team needs (format 3)
    # Encrypted worksheets: the team it is encrypted to, kept inside it, so a recipients file that
    # says otherwise is never used silently (worksheet/team.py; format 3).
    team: tuple[Member, ...] = ()
    # Answers its file saves as words (choices/channels before ids): the same worksheet, but the
    # next write saves their ids (worksheet/choices.py).
    converted: tuple[Converted, ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def empty(cls, guide: Guide) -> Worksheet:
        return cls(partners={cid: () for cid in guide.category_ids})

    @property
    def version(self) -> int:
        """The oldest file format that holds this worksheet: files are written in it, so an older
        partnerkit still reads every file that does not need what came later."""
        return 3 if self.id is not None or self.purged is not None or self.team else 2

    def action_passed(self, today: date) -> bool:
        """The action's date is behind us: its asks, follow-ups and loose ends are history."""
        return self.action.date is not None and self.action.date < today

    def days_before_action(self, when: date | str | None) -> int | None:
        """How many days an ask on `when` leaves before the action; None unless both are dates."""
        if not isinstance(when, date) or self.action.date is None:
            return None
        return (self.action.date - when).days

    def all_partners(self) -> list[tuple[str, Partner]]:
        return [(cid, p) for cid, partners in self.partners.items() for p in partners]

    def with_partners(self, category_id: str, partners: tuple[Partner, ...]) -> Worksheet:
        return replace(self, partners={**self.partners, category_id: partners})


def days_after(day: date, days: int) -> date:
    """`days` after `day`, or the calendar's last day (9999-12-31) for a date past it."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max
def new_id() -> str:
    """A new worksheet's id: random, so two teams' worksheets never share their calendar's UIDs."""
    import secrets

    return secrets.token_hex(8)


def fields_of(cls: type) -> tuple[dataclasses.Field, ...]:
    """The fields a file holds for `cls` (Partner, Ask, LogEntry, Action), in file order: not `line`."""
    return tuple(f for f in dataclasses.fields(cls) if f.name != "line")


def private_paths(cls: type = Partner, prefix: str = "") -> tuple[str, ...]:
    """The paths of the fields the model marks private (ask.who, notes, log.by, log.note)."""
    import typing

    hints = typing.get_type_hints(cls)
    paths: list[str] = []
    for f in fields_of(cls):
        if f.metadata.get("private"):
            paths.append(prefix + f.name)
        inner = record_class(hints[f.name])
        if inner is not None:
            paths += private_paths(inner, f"{prefix}{f.name}.")
    return tuple(paths)


def record_class(hint: object) -> type | None:
    """The dataclass a field holds, itself or as items of a tuple (Partner.ask -> Ask, .log -> LogEntry)."""
    import typing

    for candidate in (hint, *typing.get_args(hint)):
        if dataclasses.is_dataclass(candidate):
            return candidate  # type: ignore[return-value]
    return None
