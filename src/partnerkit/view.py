"""The one presentation model: what every format shows, built once from worksheets and a guide.

`build_view` chooses the partners (by category and status), and lays them out as the paper
worksheet does: a group of rows per kind of partner, in guide order, each row a few cells of
labelled lines (organization and status; why and notes; who, how and when). A kind with no partners
keeps a placeholder row, as on the blank paper worksheet. The answers to the guide's questions
follow as sections. Every string that came from a file is made safe here, once (safetext.visible);
the formats in formats/ only mark the view up.

To show a new partner field: add a Line to a cell in `_cells` (label from the guide's labels,
a role if formats should style it), and a value to `_record` with its name in RECORD_FIELDS if
spreadsheets should get a column for it; every format then shows it. To give the formats
something new (e.g. dated items), add a field to View and build it in `build_view`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from .guide import Category, Guide, Question
from .loose_ends import cautions, loose_ends
from .safetext import visible
from .worksheet import Answer, Partner, Status, Worksheet
from .worksheet_file import to_data

Source = tuple[Path, Worksheet]
RECORD_FIELDS = ("category", "organization", "why", "who", "how", "when", "status", "notes")


@dataclass(frozen=True)
class Line:
    """One line of a cell: its text (which may hold line breaks), an optional label, a styling role."""

    text: str
    label: str = ""  # shown before the text, e.g. "Who"
    role: str = ""  # "status-asked", "notes", "none": formats style by it


Cell = tuple[Line, ...]


@dataclass(frozen=True)
class Row:
    """One partner: a cell per column after the category; `record` holds its flat values (CSV)."""

    cells: tuple[Cell, ...]
    record: tuple[str, ...] = ()  # empty for a kind of partner with no partners yet

    @property
    def placeholder(self) -> bool:
        return not self.record


@dataclass(frozen=True)
class Group:
    """A kind of partner and its rows (a placeholder row when it has no partners)."""

    label: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Section:
    """The answers to one category's or tip's questions: (question, answer) pairs, in guide order."""

    title: str
    answers: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Column:
    name: str  # category, file, organization, why, ask: for widths and classes
    heading: str


@dataclass(frozen=True)
class View:
    title: str
    columns: tuple[Column, ...]
    groups: tuple[Group, ...]
    sections: tuple[Section, ...]
    record_fields: tuple[str, ...]  # the names of each row's record values
    data: Any  # the chosen worksheets as plain data, as saved (JSON)

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(column.heading for column in self.columns)


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
    selected = [(path, _select(worksheet, kinds, keep)) for path, worksheet in sources]
    labels = guide.worksheet.labels
    groups = tuple(
        Group(_text(kind.label), _rows(kind, selected, labels, several) or (_placeholder(labels, several),))
        for kind in kinds
    )
    sections = tuple(s for path, worksheet in selected for s in _sections(worksheet, guide, kinds, not chosen, path if several else None))
    shown = {k.id for k in kinds} | ({t.id for t in guide.tips} if not chosen else set())
    sections += tuple(s for path, worksheet in selected for s in _loose_ends(worksheet, guide, shown, path if several else None))
    if several:
        data: Any = [{"file": str(path), "worksheet": to_data(worksheet)} for path, worksheet in selected]
    else:
        data = to_data(selected[0][1])
    return View(
        title=visible(guide.worksheet.title if several else worksheet_title(sources[0][1], guide), one_line=True),
        columns=_columns(guide, several),
        groups=groups,
        sections=sections,
        record_fields=RECORD_FIELDS + (("file",) if several else ()),
        data=data,
    )


def worksheet_view(worksheet: Worksheet, guide: Guide) -> View:
    """The view of one worksheet that has no file yet (the interview's review)."""
    return build_view([(Path(), worksheet)], guide)


def worksheet_title(worksheet: Worksheet, guide: Guide) -> str:
    action = worksheet.action
    details = [str(x) for x in (action.date, action.place) if x]
    name = action.name or guide.worksheet.title
    return f"{name} ({', '.join(details)})" if details else name


def _select(worksheet: Worksheet, kinds: tuple[Category, ...], statuses: frozenset[Status]) -> Worksheet:
    """The worksheet with only the chosen partners; the action and answers are kept whole."""
    partners = {k.id: tuple(p for p in worksheet.partners.get(k.id, ()) if not statuses or p.status in statuses) for k in kinds}
    return replace(worksheet, partners=partners)


def _columns(guide: Guide, several: bool) -> tuple[Column, ...]:
    columns, labels = guide.worksheet.columns, guide.worksheet.labels
    file = [("file", labels["file"])] if several else []
    named = [("category", columns.category), *file, ("organization", columns.organization), ("why", columns.why), ("ask", columns.ask)]
    return tuple(Column(name, visible(heading, one_line=True)) for name, heading in named)


def _rows(kind: Category, selected: list[Source], labels: dict[str, str], several: bool) -> tuple[Row, ...]:
    return tuple(
        Row(_cells(partner, labels, path if several else None), _record(kind, partner, path if several else None))
        for path, worksheet in selected
        for partner in worksheet.partners[kind.id]
    )


def _placeholder(labels: dict[str, str], several: bool) -> Row:
    blank: Cell = ()
    return Row(((blank,) if several else ()) + ((Line(_text(labels["none"]), role="none"),), blank, blank))


def _cells(partner: Partner, labels: dict[str, str], path: Path | None) -> tuple[Cell, ...]:
    file: tuple[Cell, ...] = ((Line(_text(path)),),) if path is not None else ()
    organization = (Line(_text(partner.organization)), Line(partner.status.value, role=f"status-{partner.status.value}"))
    why = (Line(_text(partner.why)),) if partner.why else ()
    if partner.notes:
        why += (Line(_text(partner.notes), label=_text(labels["notes"]), role="notes"),)
    ask = tuple(Line(_text(value), label=_text(labels[key])) for key, value in _ask_parts(partner) if value)
    return (*file, organization, why, ask)


def _ask_parts(partner: Partner) -> tuple[tuple[str, Any], ...]:
    return (("who", partner.ask.who), ("how", partner.ask.how), ("when", partner.ask.when))


def _record(kind: Category, partner: Partner, path: Path | None) -> tuple[str, ...]:
    values = (kind.label, partner.organization, partner.why, *(value for _, value in _ask_parts(partner)), partner.status.value, partner.notes)
    return tuple(_text(value) for value in values) + ((_text(path),) if path is not None else ())


def _text(value: Any) -> str:
    """A value from a file as shown: dates as YYYY-MM-DD, outer blank lines dropped, made safe."""
    if value is None:
        return ""
    return visible(value.isoformat() if isinstance(value, date) else str(value).strip())


def format_answer(answer: Answer, labels: dict[str, str]) -> str:
    return _text(labels["yes" if answer else "no"] if isinstance(answer, bool) else answer)


def _loose_ends(worksheet: Worksheet, guide: Guide, shown: set[str], path: Path | None) -> list[Section]:
    """What the answers of the `shown` categories and tips ask us to heed, then what is still open."""
    sections = []
    for heading, notes in ((guide.phrases["cautions_heading"], cautions), (guide.phrases["loose_ends_heading"], loose_ends)):
        found = [note for note in notes(worksheet, guide) if note.section in shown]
        if found:
            title = f"{path} · {heading}" if path is not None else heading
            sections.append(Section(visible(title, one_line=True), tuple((_text(note.message), "") for note in found)))
    return sections


def _sections(worksheet: Worksheet, guide: Guide, kinds: tuple[Category, ...], tips: bool, path: Path | None) -> list[Section]:
    """The answered questions of the chosen categories (and of the tips, unless categories were chosen)."""
    asked: list[tuple[str, tuple[Question, ...], Any]] = [(k.title, k.questions, worksheet.considerations.get(k.id, {})) for k in kinds]
    if tips:
        asked += [(t.title, t.questions, worksheet.tips.get(t.id, {})) for t in guide.tips]
    labels, sections = guide.worksheet.labels, []
    for title, questions, given in asked:
        answers = tuple((_text(q.prompt), format_answer(given[q.id], labels)) for q in questions if q.id in given)
        if answers:
            heading = f"{path} · {title}" if path is not None else title
            sections.append(Section(visible(heading, one_line=True), answers))
    return sections
