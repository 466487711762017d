"""The one presentation model: what every format shows, built from worksheets and a guide.

`build_view` chooses the partners (by category and status), and lays them out as the paper
worksheet does: a group of rows per kind of partner, in guide order, each row a few cells of
labelled lines (organization and status; why and notes; who, how and when). A kind with no partners
keeps a placeholder row, as on the blank paper worksheet. The answers to the guide's questions
follow as sections. Every string that came from a file is made safe here, once (safetext.visible);
the formats in formats/ only mark the view up.

Each part is built when a format asks for it, and only then: the table needs no calendar events,
the calendar no cells, CSV only each row's record. A row's cells, record and history are made
again each time they are asked for and not kept, so a 10,000-partner export holds the worksheets
and what is being written, not every format's picture of every partner.

To show a new partner field: add a Line to a cell in `_cells` (label from the guide's labels,
a role if formats should style it); every format then shows it. Spreadsheets (CSV) get a column
for every field of the model by themselves (`record_fields`). To give the formats
something new (e.g. dated items), add a part to View, built when first asked for, as `events` is.
A partner's log shows as its latest entry in the organization cell; `Row.history` holds every
entry, for the formats that carry the whole history (Markdown, HTML). `View.events` are the
dated asks, follow-ups and the action, for the calendar (ics).
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from enum import Enum
from functools import cache, cached_property
from operator import attrgetter
from pathlib import Path
from typing import Any

from ..catalog import N_, _, language
from ..guide.model import Category, Guide, Question, choice_text
from ..records import record
from ..safetext import visible
from ..worksheet.model import Answer, LogEntry, Partner, Status, Worksheet, fields_of, record_class

Source = tuple[Path, Worksheet]
# A spreadsheet's column headings (CSV), in the reader's language; a column without one is headed by its name.
RECORD_HEADINGS = {
    "category": N_("present.column.category"),
    "organization": N_("present.column.organization"),
    "why": N_("present.column.why"),
    "who": N_("present.column.who"),
    "how": N_("present.column.how"),
    "when": N_("present.column.when"),
    "status": N_("present.column.status"),
    "notes": N_("present.column.notes"),
    "follow_up": N_("present.column.follow_up"),
    "latest": N_("present.column.latest"),
    "open_flags": N_("present.column.open_flags"),
    "file": N_("present.column.file"),
}


@record(many=True)
class Line:
    """One line of a cell: its text (which may hold line breaks), an optional label, a styling role."""

    text: str
    label: str = ""  # shown before the text, e.g. "Who"
    role: str = ""  # "status-asked", "notes", "none": formats style by it


Cell = tuple[Line, ...]


@record(many=True)
class Row:
    """One partner, or (`partner` None) the placeholder of a kind of partner with no partners yet.

    Its `cells` (one per column after the category), `record` (its flat values, for CSV) and
    `history` (every log entry, oldest first: the cells show only the latest) are made when asked for.
    """

    partner: Partner | None
    category: str  # the kind of partner's label
    guide: Guide  # whose labels and tracking words the cells are made of
    path: Path | None = None  # the file it comes from, when several are shown together
    several: bool = False  # several files are shown together: a column names each partner's

    @property
    def placeholder(self) -> bool:
        return self.partner is None

    @property
    def cells(self) -> tuple[Cell, ...]:
        if self.partner is None:
            blank: Cell = ()
            return ((blank,) if self.several else ()) + ((Line(_text(self.guide.worksheet.labels["none"]), role="none"),), blank, blank)
        return _cells(self.partner, self.guide, self.path)

    @property
    def record(self) -> tuple[str, ...]:
        """The row's values for a spreadsheet, in `View.record_fields` order (empty for a placeholder)."""
        return () if self.partner is None else _record(self.category, self.partner, self.guide, self.path)

    @property
    def history(self) -> Cell:
        return () if self.partner is None else _history(self.partner, self.guide)


@record
class Group:
    """A kind of partner and its rows (a placeholder row when it has no partners)."""

    label: str
    rows: tuple[Row, ...]


@record
class Section:
    """The answers to one category's or tip's questions: (question, answer) pairs, in guide order.

    A `form` holds every question, an unanswered one with "" (on paper: room to write the answer).
    """

    title: str
    answers: tuple[tuple[str, str], ...]
    form: bool = False


@record
class Column:
    """A column of the worksheet table: its name (category, file, organization, why, ask) and heading."""

    name: str  # for widths and classes
    heading: str


@record(many=True)
class Event:
    """An all-day calendar event: a dated ask, a follow-up, the action itself.

    An ask made (or a follow-up answered) is still exported, `cancelled`, so a calendar that
    imported it earlier takes it away; `sequence` grows with the partner's log, so the calendar
    takes the newer export as the newer version of the event.
    """

    uid: str  # stable: the same event gets the same uid every export, so calendars update it
    day: date
    summary: str
    description: str = ""
    cancelled: bool = False
    sequence: int = 0


@record
class View:
    """The chosen worksheets as every format shows them; each part built when first asked for."""

    title: str
    title_parts: tuple[str, str]  # the title's name and its details (date, place), to set apart
    columns: tuple[Column, ...]
    record_fields: tuple[str, ...]  # the names of each row's record values
    reminder: str  # the words of an event's reminder, the day before: the guide's, {event} its summary
    guide: Guide
    sources: Sequence[Source]  # every worksheet shown, as given
    selected: Sequence[Source]  # with only the chosen partners
    kinds: tuple[Category, ...]  # the chosen kinds of partner
    all_kinds: bool  # no kind was chosen: the tips' answers are shown too
    language: str  # the language its words are in (an HTML page's lang)

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(column.heading for column in self.columns)

    @cached_property
    def groups(self) -> tuple[Group, ...]:
        """A group of rows per chosen kind of partner, in guide order."""
        several = len(self.selected) > 1
        groups = []
        for kind in self.kinds:
            label = _text(kind.label)
            rows = [
                Row(partner, kind.label, self.guide, path if several else None, several)
                for path, worksheet in self.selected
                for partner in worksheet.partners[kind.id]
            ]
            groups.append(Group(label, tuple(rows) or (Row(None, kind.label, self.guide, None, several),)))
        return tuple(groups)

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        """The answers given, then what to heed and what is still open."""
        return self._answers(form=False)

    @cached_property
    def paper(self) -> tuple[Section, ...]:
        """The sections as on the paper worksheet (HTML): every question a form."""
        return self._answers(form=True)

    @cached_property
    def data(self) -> Any:
        """The chosen worksheets as plain data, as saved (JSON)."""
        from ..worksheet.dump import to_data

        if len(self.selected) > 1:
            return [{"file": str(path), "worksheet": to_data(worksheet)} for path, worksheet in self.selected]
        return to_data(self.selected[0][1])

    @property
    def events(self) -> tuple[Event, ...]:
        """The calendar (ics): the dated asks and follow-ups, and the actions."""
        return tuple(e for path, worksheet in self.selected for e in _events(path, worksheet, self.guide, _identity(path, worksheet, self.sources)))

    def _answers(self, form: bool) -> tuple[Section, ...]:
        several = len(self.selected) > 1
        shown = {k.id for k in self.kinds} | ({t.id for t in self.guide.tips} if self.all_kinds else set())
        found = [s for path, worksheet in self.selected for s in _sections(worksheet, self.guide, self.kinds, self.all_kinds, path if several else None, form=form)]
        # a question on a form is no loose end: its blank says so
        found += [s for path, worksheet in self.selected for s in _loose_ends(worksheet, self.guide, shown, path if several else None, questions=not form)]
        return tuple(found)

    @property
    def record_headings(self) -> tuple[str, ...]:
        """The record's column headings in the reader's language (a spreadsheet's first row): from
        the catalog, read only by the formats that show them."""
        return tuple(_(RECORD_HEADINGS[name]) if name in RECORD_HEADINGS else name for name in self.record_fields)


def build_view(
    sources: Sequence[Source],
    guide: Guide,
    categories: Iterable[str] = (),
    statuses: Iterable[Status] = (),
) -> View:
    """The view of one or several worksheets; empty `categories` or `statuses` choose them all."""
    chosen = set(categories)
    kinds = tuple(c for c in guide.categories if not chosen or c.id in chosen)
    keep = frozenset(statuses)
    several = len(sources) > 1
    name, details = (guide.worksheet.title, "") if several else _title_parts(sources[0][1], guide)
    return View(
        title=visible(f"{name} ({details})" if details else name, one_line=True),
        title_parts=(visible(name, one_line=True), visible(details, one_line=True)),
        columns=_columns(guide, several),
        record_fields=("category", *(name for name, _where in _columns_of_record()), *(("file",) if several else ())),
        reminder=visible(guide.tracking["reminder"], one_line=True),
        guide=guide,
        sources=sources,
        selected=[(path, _select(worksheet, kinds, keep)) for path, worksheet in sources],
        kinds=kinds,
        all_kinds=not chosen,
        language=guide.language or language(),
    )


def with_history(row: Row) -> tuple[Cell, ...]:
    """The row's cells with the whole log in place of the latest entry, for formats that carry it."""
    cells, history = row.cells, row.history
    if not history:
        return cells
    return tuple(tuple(x for x in cell if x.role != "latest") + (history if any(x.role == "latest" for x in cell) else ()) for cell in cells)


def worksheet_view(worksheet: Worksheet, guide: Guide) -> View:
    """The view of one worksheet that has no file yet (the interview's review)."""
    return build_view([(Path(), worksheet)], guide)


def _title_parts(worksheet: Worksheet, guide: Guide) -> tuple[str, str]:
    """The action's name (or the worksheet's title), and its date and place: "2027-08-12, Elizabeth, NJ"."""
    action = worksheet.action
    return action.name or guide.worksheet.title, ", ".join(str(x) for x in (action.date, action.place) if x)


def _select(worksheet: Worksheet, kinds: tuple[Category, ...], statuses: frozenset[Status]) -> Worksheet:
    """The worksheet with only the chosen partners; the action and answers are kept whole."""
    partners = {k.id: tuple(p for p in worksheet.partners.get(k.id, ()) if not statuses or p.status in statuses) for k in kinds}
    return replace(worksheet, partners=partners)


def _columns(guide: Guide, several: bool) -> tuple[Column, ...]:
    columns, labels = guide.worksheet.columns, guide.worksheet.labels
    file = [("file", labels["file"])] if several else []
    named = [("category", columns.category), *file, ("organization", columns.organization), ("why", columns.why), ("ask", columns.ask)]
    return tuple(Column(name, visible(heading, one_line=True)) for name, heading in named)


def _cells(partner: Partner, guide: Guide, path: Path | None) -> tuple[Cell, ...]:
    labels, words = guide.worksheet.labels, guide.tracking
    file: tuple[Cell, ...] = ((Line(_text(path)),),) if path is not None else ()
    organization = (Line(_text(partner.organization)), Line(_text(guide.term(partner.status.value)), role=f"status-{partner.status.value}"))
    for flag in partner.open_flags():
        organization += (Line(_text(words["open_flag"].format(flag=guide.term(str(flag.flag)), date=flag.date)), role="flag"),)
    if partner.follow_up is not None:
        organization += (Line(_text(words["follow_up"].format(date=partner.follow_up)), role="follow-up"),)
    if partner.latest is not None:
        organization += (Line(_shortened(_latest(partner.latest, guide)), role="latest"),)
    why = (Line(_text(partner.why)),) if partner.why else ()
    if partner.notes:
        why += (Line(_text(partner.notes), label=_text(labels["notes"]), role="notes"),)
    ask = tuple(Line(_text(value), label=_text(labels[key])) for key, value in _ask_parts(partner, guide) if value)
    return (*file, organization, why, ask)


def _ask_parts(partner: Partner, guide: Guide) -> tuple[tuple[str, Any], ...]:
    return (("who", partner.ask.who), ("how", _how(partner, guide)), ("when", partner.ask.when))


def _how(partner: Partner, guide: Guide) -> str | None:
    """The way of asking, in the guide's words for it (a channel's id in the file)."""
    return guide.how(partner.ask.how) if partner.ask.how else partner.ask.how


def _latest(entry: LogEntry, guide: Guide) -> str:
    """One log entry on a line: its date, who, what happened, and the status or flag it set."""
    marks = [f"[{guide.term(w.value)}]" for w in (entry.status, entry.flag) if w]
    if entry.addressed:
        marks.append(_("present.addressed_mark", flag=guide.term(entry.addressed.value)))
    note = " ".join([entry.note or "", *marks]).strip()
    text = guide.tracking["latest"].format(date=entry.date, by=entry.by or "", note=note)
    return _text(text.replace(" :", ":"))  # no one named: "2027-06-02: note", not "2027-06-02 : note"


LATEST_CHARS = 80  # the latest entry in the table: a glance; the whole log is in the exports


def _shortened(text: str) -> str:
    return text if len(text) <= LATEST_CHARS else text[: LATEST_CHARS - 1].rstrip() + "…"


def _history(partner: Partner, guide: Guide) -> Cell:
    return tuple(Line(_latest(entry, guide), role="history") for entry in partner.history())


@cache
def _columns_of_record() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(column name, its path in Partner) for each spreadsheet column, in the model's order: a
    nested record's fields each get a column (ask.who is `who`); the log gives `latest` and `open_flags`."""
    hints = typing.get_type_hints(Partner)
    columns: list[tuple[str, tuple[str, ...]]] = []
    for f in fields_of(Partner):
        inner = record_class(hints[f.name])
        if inner is None:
            columns.append((f.name, (f.name,)))
        elif typing.get_origin(hints[f.name]) is tuple:
            columns += [("latest", (f.name, "latest")), ("open_flags", (f.name, "open_flags"))]
        else:
            columns += [(g.name, (f.name, g.name)) for g in fields_of(inner)]
    return tuple(columns)


@cache
def _record_getters() -> tuple[Any, ...]:
    """How each spreadsheet column's value is found in a partner: an attribute getter ("ask.who"), or
    the name of a column shown in the guide's words (latest, open_flags, how)."""
    worded = {("log", "latest"), ("log", "open_flags"), ("ask", "how")}
    return tuple(where[1] if where in worded else attrgetter(".".join(where)) for _name, where in _columns_of_record())


def _record(category: str, partner: Partner, guide: Guide, path: Path | None) -> tuple[str, ...]:
    values = [_text(category)]
    for get in _record_getters():
        if get == "latest":
            found = _latest(partner.latest, guide) if partner.latest else None
        elif get == "open_flags":
            found = "; ".join(f"{guide.term(e.flag.value)} {e.date}" for e in partner.open_flags() if e.flag)
        elif get == "how":
            found = _how(partner, guide)
        else:
            found = get(partner)
            if isinstance(found, Enum):
                found = guide.term(found.value)
        values.append(_text(found))
    return tuple(values) + ((_text(path),) if path is not None else ())


def _text(value: Any) -> str:
    """A value from a file as shown: dates as YYYY-MM-DD, outer blank lines dropped, made safe."""
    if value is None:
        return ""
    return visible(value.strip() if isinstance(value, str) else value.isoformat() if isinstance(value, date) else str(value).strip())


def format_answer(answer: Answer, labels: dict[str, str], question: Question | None = None) -> str:
    """An answer as read: yes or no in the guide's words, a chosen answer as its choice's text."""
    if isinstance(answer, bool):
        return _text(labels["yes" if answer else "no"])
    if question is not None and isinstance(answer, str):
        return _text(choice_text(question.choices, answer))
    return _text(answer)


def _loose_ends(worksheet: Worksheet, guide: Guide, shown: set[str], path: Path | None, *, questions: bool = True) -> list[Section]:
    """What the answers of the `shown` categories and tips ask us to heed, then what is still open
    (the questions left unanswered among it unless not `questions`)."""
    from ..worksheet.loose_ends import cautions, loose_ends

    sections = []
    for heading, notes in ((guide.phrases["cautions_heading"], cautions), (guide.phrases["loose_ends_heading"], loose_ends)):
        found = [note for note in notes(worksheet, guide) if note.section in shown and (questions or notes is cautions or note.question is None)]
        if found:
            title = f"{path} · {heading}" if path is not None else heading
            sections.append(Section(visible(title, one_line=True), tuple((_text(note.message), "") for note in found)))
    return sections


def _sections(
    worksheet: Worksheet, guide: Guide, kinds: tuple[Category, ...], tips: bool, path: Path | None, *, form: bool = False
) -> list[Section]:
    """The answered questions of the chosen categories (and of the tips, unless categories were
    chosen); as a `form`, every question, unanswered ones with "" (a purged worksheet's forms have
    no room left to answer: only what it kept)."""
    asked: list[tuple[str, tuple[Question, ...], Any]] = [(k.title, k.questions, worksheet.considerations.get(k.id, {})) for k in kinds]
    if tips:
        asked += [(t.title, t.questions, worksheet.tips.get(t.id, {})) for t in guide.tips]
    labels, sections = guide.worksheet.labels, []
    blanks = form and worksheet.purged is None
    for title, questions, given in asked:
        answers = tuple((_text(q.prompt), format_answer(given[q.id], labels, q) if q.id in given else "") for q in questions if blanks or q.id in given)
        if answers:
            heading = f"{path} · {title}" if path is not None else title
            sections.append(Section(visible(heading, one_line=True), answers, form=blanks))
    return sections


def _identity(path: Path, worksheet: Worksheet, sources: Sequence[Source]) -> str:
    """A worksheet's name for calendar UIDs: its id (format 3: unique to it, whatever the file is
    called); a worksheet from before ids keeps its file name, so calendars that imported it are
    not given copies: the path as given when two files shown together share a name.
    """
    if worksheet.id is not None:
        return worksheet.id
    shared = sum(other.name == path.name for other, _worksheet in sources) > 1
    return str(path) if shared else path.name


def _events(path: Path, worksheet: Worksheet, guide: Guide, identity: str) -> list[Event]:
    """The worksheet's dated asks and follow-ups, and the action; uids from the worksheet, category,
    name and kind. An ask already made, or a follow-up no longer awaited, is a cancelled event."""
    import hashlib

    def uid(*parts: str) -> str:
        key = "\0".join([identity, *(" ".join(p.split()).casefold() for p in parts)])
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@partnerkit"

    words, events = guide.tracking, []

    def event(key: str, day: date, summary: str, description: str, *, cancelled: bool = False, sequence: int = 0) -> Event:
        return Event(key, day, _text(summary), _text(description), cancelled, sequence)

    action = worksheet.action
    if action.date is not None:
        events.append(event(uid("action"), action.date, action.name or guide.worksheet.title, action.place or ""))
    for cid, partner in worksheet.all_partners():
        organization, ask, sequence = partner.organization, partner.ask, len(partner.log)
        if isinstance(ask.when, date):
            summary = words["event_ask"].format(organization=organization, who=ask.who or words["nobody"], how=guide.how(ask.how) if ask.how else words["nobody"])
            made = partner.status is not Status.PLANNED
            events.append(event(uid(cid, organization, "ask"), ask.when, summary, partner.why or "", cancelled=made, sequence=sequence))
        due = partner.follow_up_due(guide.follow_up_days)
        latest = partner.latest
        if due is not None or (latest is not None and partner.status is not Status.PLANNED):  # an ask had one: cancel it
            summary = words["event_follow_up"].format(organization=organization)
            day = due or latest.date  # type: ignore[union-attr]
            events.append(event(uid(cid, organization, "follow-up"), day, summary, latest.note if latest else "", cancelled=due is None, sequence=sequence))
    return events
