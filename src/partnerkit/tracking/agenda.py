"""`partnerkit agenda`: what the team should do now, most urgent first, from one or more worksheets.

The agenda is a promise: everything still to do is on it, nothing done is on it. It is plain data
(no terminal, no markup): sections of items whose texts are composed from the guide's words
(tracking.yaml, dates in words included: "today", "in 3 days"), in this order: open flags of harm;
asks overdue; asks due in the next days, grouped by who makes them; asks planned without a date;
asks waiting for an answer (past their follow_up, or the guide's follow_up_days since the last
entry); check-ins due with partners who answered; judgement calls left open; organizations that
more than one worksheet still has to ask or hear from; and, once an action is over, what is left
to do after it. Then the days to the action and a count of partners by category and status.
formats/agenda.py marks it up as text, Markdown or JSON.

A worksheet whose action is over has no asks, follow-ups or judgement calls left; a purged one
has nothing left to do at all.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path

from ..guide.model import Guide
from ..records import record
from ..worksheet.model import STATUSES, Partner, Status, Worksheet, organization_key

Source = tuple[Path, Worksheet]
KINDS = ("flags", "overdue", "due", "undated", "waiting", "check_in", "judgement", "shared", "after")
_REMARK = r"\([^)]*\)|\[[^\]]*\]"  # "Dana (knows their lead organizer)": a remark, not a name


@record(many=True)
class Item:
    """One thing to do: about a partner (or a question), with the guide's words for it."""

    title: str  # the organization, or the question
    text: str  # what is due, in the guide's words
    category: str = ""  # the kind of partner's label
    who: str = ""  # who makes the ask ("due" items are grouped by it): the people, without remarks
    when: date | None = None  # the date that makes it due
    file: str = ""  # the worksheet it comes from, when there are several
    line: int | None = None


@record
class Section:
    """One kind of thing to do, under its heading (the guide's words), and its items in order."""

    kind: str  # one of KINDS
    heading: str
    items: tuple[Item, ...]


@record
class Agenda:
    """What to do now, as of `today`: the sections with items, the days to each action, the count."""

    title: str
    today: date
    countdowns: tuple[str, ...]  # "52 days to Tisha b'Av vigil", one per action
    sections: tuple[Section, ...]  # only those with items
    statuses: tuple[str, ...]  # the count's columns: the statuses' ids (JSON's keys)
    counts: tuple[tuple[str, tuple[int, ...]], ...]  # (category label, a count per status)
    nothing: str  # what to say when no section has items
    status_words: tuple[str, ...] = ()  # the count's columns as people read them: the guide's words

    @property
    def headings(self) -> tuple[str, ...]:
        """The count's column headings: the guide's words for the statuses (their ids where it has none)."""
        return self.status_words or self.statuses


def build_agenda(
    sources: Sequence[Source], guide: Guide, today: date, days: int, who: str | None = None, *, command: str = "partnerkit"
) -> Agenda:
    """The agenda of `sources` as of `today`; `who` keeps the asks that person makes (flags stay);
    `command` is how the reader runs partnerkit, for the step after the action."""
    words = guide.tracking
    several = len(sources) > 1
    mine = _matcher(who, words["who_and"])
    labels = {c.id: c.label for c in guide.categories}
    kinds: dict[str, list[Item]] = {k: [] for k in KINDS}
    for path, worksheet in sources:
        file = str(path) if several else ""
        if worksheet.purged is not None:
            continue  # kept for next year: nothing left to do
        if worksheet.action_passed(today):
            kinds["after"].append(_after(worksheet, guide, today, path, command, file))
            continue
        for cid, partner in worksheet.all_partners():
            where = {"category": labels[cid], "file": file, "line": partner.line}
            for entry in partner.open_flags():
                note = " ".join((entry.note or "").split())  # an item is one line; the note may have several
                text = words["flag_item"].format(date=entry.date, by=entry.by or words["nobody"], note=note)
                kinds["flags"].append(Item(partner.organization, text, when=entry.date, **where))
            if not mine(partner):
                continue
            people = _people(partner.ask.who, words["who_and"])
            for kind, (text, when) in _partner_items(partner, guide, today, days):
                kinds[kind].append(Item(partner.organization, text, who=" & ".join(people) or words["nobody"], when=when, **where))
        kinds["judgement"] += [Item(what, detail, file=file) for what, detail in open_judgements(worksheet, guide)]
    if several:
        kinds["shared"] = list(_shared(sources, guide, today))
    kinds["due"].sort(key=lambda item: (item.who.casefold(), item.when or today))
    for kind in ("flags", "overdue", "waiting", "check_in"):
        kinds[kind].sort(key=lambda item: item.when or today)
    headings = {kind: words[f"agenda_{kind}"] for kind in KINDS}
    headings["due"] = words["agenda_due"].format(days=days)
    return Agenda(
        title=words["agenda_title"].format(today=today),
        today=today,
        countdowns=tuple(_countdowns(sources, guide, today)),
        sections=tuple(Section(kind, headings[kind], tuple(items)) for kind, items in kinds.items() if items),
        statuses=tuple(STATUSES),
        counts=_counts(sources, guide),
        nothing=words["agenda_nothing"],
        status_words=tuple(guide.term(status) for status in STATUSES),
    )


def relative_day(day: date, today: date, words: dict[str, str]) -> str:
    """`day` in words, from the guide: today, tomorrow, yesterday, in 3 days, 3 days ago."""
    days = (day - today).days
    if days in (-1, 0, 1):
        return words[("day_yesterday", "day_today", "day_tomorrow")[days + 1]]
    return words["days_ahead" if days > 0 else "days_ago"].format(days=abs(days))


def _people(who: str | None, joiner: str) -> list[str]:
    """The people `who` names, as written, without remarks in parentheses: "Dana (knows their lead
    organizer)" is Dana; "Dana and Marisol", "Dana & Marisol" or "Dana, Marisol" are two people."""
    if not who:
        return []
    text = re.sub(_REMARK, " ", who)
    parts = re.split(rf"[,;&/+]|\s{re.escape(joiner)}\s" if joiner.strip() else r"[,;&/+]", text, flags=re.IGNORECASE)
    people = [" ".join(part.split()) for part in parts if part.strip()]
    return people or [" ".join(who.split())]  # all remark ("(withheld)"): the text is the name


def _matcher(who: str | None, joiner: str) -> Callable[[Partner], bool]:
    """Whether `who` makes a partner's ask: one of its people, by whole words from the start of the
    name, case ignored ("dana" is Dana and Dana K., not Daniel)."""
    if not who:
        return lambda partner: True
    wanted = who.casefold().split()
    return lambda partner: any(p.casefold().split()[: len(wanted)] == wanted for p in _people(partner.ask.who, joiner))


def _partner_items(partner: Partner, guide: Guide, today: date, days: int) -> Iterator[tuple[str, tuple[str, date | None]]]:
    """(section, (text, date)) for what this partner needs now, if anything."""
    words, ask = guide.tracking, partner.ask
    who, how = ask.who or words["nobody"], guide.how(ask.how) if ask.how else words["nobody"]
    if partner.status is Status.PLANNED:
        if isinstance(ask.when, date):
            late = (today - ask.when).days
            ago = relative_day(ask.when, today, words)
            if late > 0:
                yield "overdue", (words["overdue_item"].format(when=ask.when, days=late, ago=ago, who=who, how=how), ask.when)
            elif -late <= days:
                yield "due", (words["due_item"].format(when=ask.when, days=-late, relative=ago, how=how), ask.when)
        elif ask.when:
            yield "undated", (words["undated_item"].format(when=" ".join(ask.when.split()), who=who, how=how), None)
        else:
            yield "undated", (words["undated_none"].format(who=who, how=how), None)
    due = partner.follow_up_due(guide.follow_up_days)
    if due is None or due > today:
        return
    if partner.answered:
        yield "check_in", (words["check_in_item"].format(status=guide.term(partner.status.value), due=due, relative=relative_day(due, today, words)), due)
        return
    since = partner.latest.date if partner.latest else (ask.when if isinstance(ask.when, date) else due)
    ago = relative_day(since, today, words)
    yield "waiting", (words["waiting_item"].format(since=since, days=(today - since).days, ago=ago), due)


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


def _shared(sources: Sequence[Source], guide: Guide, today: date) -> Iterator[Item]:
    """Organizations on more than one worksheet that some team has still to ask, or hear from:
    the item says where each team stands ("team-a.yaml agreed, team-b.yaml planned")."""
    standing: dict[str, dict[str, Status]] = defaultdict(dict)
    names: dict[str, str] = {}
    for path, worksheet in sources:
        if worksheet.purged is not None or worksheet.action_passed(today):
            continue
        for _, partner in worksheet.all_partners():
            key = organization_key(partner.organization)
            names.setdefault(key, partner.organization)
            standing[key].setdefault(str(path), partner.status)
    for key, files in standing.items():
        if len(files) > 1 and any(status in (Status.PLANNED, Status.ASKED) for status in files.values()):
            standing_words = ", ".join(f"{file} ({guide.term(status.value)})" for file, status in files.items())
            yield Item(names[key], guide.tracking["shared_item"].format(files=standing_words))


def _after(worksheet: Worksheet, guide: Guide, today: date, path: Path, command: str, file: str) -> Item:
    """After the action: thank the partners, then purge the worksheet."""
    action = worksheet.action
    assert action.date is not None
    words = guide.tracking
    text = words["after_item"].format(relative=relative_day(action.date, today, words), date=action.date, command=command, file=path)
    return Item(action.name or guide.worksheet.title, text, when=action.date, file=file)


def _countdowns(sources: Sequence[Source], guide: Guide, today: date) -> Iterator[str]:
    seen = set()
    words = guide.tracking
    for _, worksheet in sources:
        action = worksheet.action
        if action.date is None or (action.name, action.date) in seen:
            continue
        seen.add((action.name, action.date))
        name = action.name or guide.worksheet.title
        days = (action.date - today).days
        if days > 1:
            yield words["agenda_countdown"].format(days=days, action=name)
        elif days >= 0:
            yield words["agenda_countdown_tomorrow" if days else "agenda_countdown_today"].format(action=name)
        else:
            yield words["agenda_countdown_past"].format(action=name, relative=relative_day(action.date, today, words), date=action.date)


def _counts(sources: Sequence[Source], guide: Guide) -> tuple[tuple[str, tuple[int, ...]], ...]:
    rows = []
    for category in guide.categories:
        tally = dict.fromkeys(STATUSES, 0)
        for _, worksheet in sources:
            for partner in worksheet.partners.get(category.id, ()):
                tally[partner.status.value] += 1
        rows.append((category.label, tuple(tally.values())))
    return tuple(rows)
