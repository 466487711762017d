"""`partnerkit agenda`: what the team should do now, most urgent first, from one or more worksheets.

The agenda is plain data (no terminal, no markup): sections of items whose texts are composed
from the guide's words (tracking.yaml), in this order: open flags of harm; asks overdue; asks due
in the next days, grouped by who makes them; asks waiting for an answer (past their follow_up, or
the guide's follow_up_days since the last entry); judgement calls left open; organizations that
more than one worksheet plans to ask. Then the days to the action and a count of partners by
category and status. formats/agenda.py marks it up as text, Markdown or JSON.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..guide.model import Guide
from ..worksheet.model import STATUSES, Partner, Status, Worksheet, organization_key

Source = tuple[Path, Worksheet]
DEFAULT_DAYS = 7  # `--days`: how far ahead "due soon" looks


@dataclass(frozen=True)
class Item:
    """One thing to do: about a partner (or a question), with the guide's words for it."""

    title: str  # the organization, or the question
    text: str  # what is due, in the guide's words
    category: str = ""  # the kind of partner's label
    who: str = ""  # who makes the ask ("due" items are grouped by it)
    when: date | None = None  # the date that makes it due
    file: str = ""  # the worksheet it comes from, when there are several
    line: int | None = None


@dataclass(frozen=True)
class Section:
    kind: str  # flags, overdue, due, waiting, judgement, shared
    heading: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Agenda:
    title: str
    today: date
    countdowns: tuple[str, ...]  # "52 days to Tisha b'Av vigil", one per action
    sections: tuple[Section, ...]  # only those with items
    statuses: tuple[str, ...]  # the count's columns
    counts: tuple[tuple[str, tuple[int, ...]], ...]  # (category label, a count per status)
    nothing: str  # what to say when no section has items


def build_agenda(sources: Sequence[Source], guide: Guide, today: date, days: int = DEFAULT_DAYS, who: str | None = None) -> Agenda:
    words = guide.tracking
    several = len(sources) > 1
    mine = _matcher(who)
    labels = {c.id: c.label for c in guide.categories}
    partners = [(path, labels[cid], p) for path, worksheet in sources for cid, ps in worksheet.partners.items() for p in ps]
    kinds: dict[str, list[Item]] = {k: [] for k in ("flags", "overdue", "due", "waiting", "judgement", "shared")}
    for path, label, partner in partners:
        where = {"category": label, "file": str(path) if several else "", "line": partner.line}
        for entry in partner.open_flags():
            note = " ".join((entry.note or "").split())  # an item is one line; the note may have several
            text = words["flag_item"].format(date=entry.date, by=entry.by or words["nobody"], note=note)
            kinds["flags"].append(Item(partner.organization, text, when=entry.date, **where))
        if not mine(partner):
            continue
        for kind, item in _partner_items(partner, guide, today, days):
            kinds[kind].append(Item(partner.organization, item[0], who=partner.ask.who or words["nobody"], when=item[1], **where))
    for path, worksheet in sources:
        kinds["judgement"] += [Item(what, detail, file=str(path) if several else "") for what, detail in open_judgements(worksheet, guide)]
    if several:
        kinds["shared"] = list(_shared(sources, words["shared_item"]))
    kinds["due"].sort(key=lambda item: (item.who.casefold(), item.when or today))
    for kind in ("flags", "overdue", "waiting"):
        kinds[kind].sort(key=lambda item: item.when or today)
    headings = {
        "flags": words["agenda_flags"],
        "overdue": words["agenda_overdue"],
        "due": words["agenda_due"].format(days=days),
        "waiting": words["agenda_waiting"],
        "judgement": words["agenda_judgement"],
        "shared": words["agenda_shared"],
    }
    return Agenda(
        title=words["agenda_title"].format(today=today),
        today=today,
        countdowns=tuple(_countdowns(sources, guide, today)),
        sections=tuple(Section(kind, headings[kind], tuple(items)) for kind, items in kinds.items() if items),
        statuses=tuple(STATUSES),
        counts=_counts(sources, guide),
        nothing=words["agenda_nothing"],
    )


def _matcher(who: str | None) -> Callable[[Partner], bool]:
    if not who:
        return lambda partner: True
    wanted = who.casefold().strip()
    return lambda partner: wanted in (partner.ask.who or "").casefold()


def _partner_items(partner: Partner, guide: Guide, today: date, days: int) -> Iterator[tuple[str, tuple[str, date]]]:
    """(section, (text, date)) for what this partner needs now, if anything."""
    words, ask = guide.tracking, partner.ask
    how = ask.how or words["nobody"]
    if partner.status is Status.PLANNED and isinstance(ask.when, date):
        late = (today - ask.when).days
        if late > 0:
            yield "overdue", (words["overdue_item"].format(when=ask.when, days=late, who=ask.who or words["nobody"], how=how), ask.when)
        elif -late <= days:
            yield "due", (words["due_item"].format(when=ask.when, days=-late, how=how), ask.when)
    if partner.status is Status.DECLINED:
        return
    due = partner.follow_up_due(guide.follow_up_days)
    if due is not None and due <= today:
        since = partner.latest.date if partner.latest else (ask.when if isinstance(ask.when, date) else due)
        yield "waiting", (words["waiting_item"].format(since=since, days=(today - since).days), due)


def open_judgements(worksheet: Worksheet, guide: Guide) -> list[tuple[str, str]]:
    """(what, detail) for each judgement call still open: a judgement question left unanswered, or
    an answer the guide asks us to heed (its caution), in the guide's own words (loose_ends.py,
    shared with the interview's review, `show` and `check`).
    """
    from ..worksheet.loose_ends import cautions, loose_ends

    prompts = {(s.id, q.id): q.prompt for s in (*guide.categories, *guide.tips) for q in s.questions}
    calls = [(note.message, "") for note in loose_ends(worksheet, guide) if note.question is not None]
    calls += [(prompts.get((note.section, note.question or ""), ""), note.message) for note in cautions(worksheet, guide)]
    return calls


def _shared(sources: Sequence[Source], text: str) -> Iterator[Item]:
    """Organizations that more than one worksheet plans (or has begun) to ask."""
    files: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    for path, worksheet in sources:
        for _, partner in worksheet.all_partners():
            if partner.status in (Status.PLANNED, Status.ASKED):
                key = organization_key(partner.organization)
                names.setdefault(key, partner.organization)
                if str(path) not in files[key]:
                    files[key].append(str(path))
    for key, paths in files.items():
        if len(paths) > 1:
            yield Item(names[key], text.format(files=", ".join(paths)))


def _countdowns(sources: Sequence[Source], guide: Guide, today: date) -> Iterator[str]:
    seen = set()
    for _, worksheet in sources:
        action = worksheet.action
        if action.date is None or (action.name, action.date) in seen:
            continue
        seen.add((action.name, action.date))
        name = action.name or guide.worksheet.title
        yield guide.tracking["agenda_countdown"].format(days=(action.date - today).days, action=name)


def _counts(sources: Sequence[Source], guide: Guide) -> tuple[tuple[str, tuple[int, ...]], ...]:
    rows = []
    for category in guide.categories:
        tally = dict.fromkeys(STATUSES, 0)
        for _, worksheet in sources:
            for partner in worksheet.partners.get(category.id, ()):
                tally[partner.status.value] += 1
        rows.append((category.label, tuple(tally.values())))
    return tuple(rows)
