"""The guide model: every word the tool shows a person, as frozen dataclasses.

loading.py reads a guide folder's YAML files into these classes and validates them.
"""

from __future__ import annotations

import re
from dataclasses import field
from enum import StrEnum
from pathlib import Path

from ..records import record

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")  # the whole id (fullmatch): a trailing newline is not an id
ACTION_FIELDS = ("name", "date", "place")


class Kind(StrEnum):
    """How a question is answered, and so what type its saved answer has."""

    TEXT = "text"  # free text -> str
    CONFIRM = "confirm"  # yes/no -> bool
    SELECT = "select"  # one of `choices` -> str
    DATE = "date"  # YYYY-MM-DD -> date


@record
class Prompt:
    """A question's words, and an optional hint shown with them."""

    text: str
    hint: str | None = None


@record
class Choice:
    """One answer a select question offers, or one way of making an ask (a channel).

    Worksheets keep the `id`, so a worksheet reads in any language; people see the `text`. A plain
    string in a guide is a choice whose id is its text. A `caution` is shown when it is chosen.
    """

    id: str
    text: str
    caution: str | None = None


def choice_text(choices: tuple[Choice, ...], value: str) -> str:
    """The words for `value`: the text of the choice it is the id of, else the value itself (an
    answer the guide no longer offers, or the words of an ask made another way)."""
    return next((c.text for c in choices if c.id == value), value)


@record
class Question:
    """One question the interview asks, and how its answer is typed."""

    id: str
    prompt: str
    hint: str | None = None
    kind: Kind = Kind.TEXT
    choices: tuple[Choice, ...] = ()
    at: str = "after"  # for category questions: asked "before" or "after" its partners
    judgement: bool = False  # a select Enter must not answer blindly: "not sure yet" comes first
    essential: bool = False  # left unanswered, it is listed among the loose ends
    suggest: str | None = None  # a date question's default: "lead-days" = action date - lead_days
    names_partners: bool = False  # its answer lists organizations: offered when naming partners

    def choice(self, answer: object) -> Choice | None:
        """The choice a saved answer (a choice's id) is, or None."""
        return next((c for c in self.choices if c.id == answer), None)


@record
class Category:
    """A kind of partner: its worksheet row, its guidance and its questions."""

    id: str
    title: str  # heading of its guidance, e.g. "Immigrant-led organizations"
    label: str  # the worksheet row, e.g. "Immigrant-led organization"
    name: str  # in a sentence: "Do you want to reach out to {name}?"
    why: str  # Markdown
    who: str  # Markdown
    weigh: tuple[str, ...]  # risks and judgement calls
    essential: bool = False
    fields: dict[str, Prompt] = field(default_factory=dict)  # per-partner questions
    questions: tuple[Question, ...] = ()


@record
class Tip:
    """A general tip, and the questions it prompts."""

    id: str
    title: str
    text: str  # Markdown
    questions: tuple[Question, ...] = ()


class Moment(StrEnum):
    """A moment in working the plan when the guide has something to say."""

    DECLINE = "decline"  # a partner declined
    FLAG = "flag"  # a partner raised a clear flag of harm
    LATE_ASK = "late_ask"  # an ask made later than lead_days before the action


@record
class Said:
    """What the guide shows at a moment: tips (by id), and the team's answers to tip questions."""

    tips: tuple[str, ...] = ()
    answers: tuple[tuple[str, str], ...] = ()  # (tip id, question id)


@record
class Columns:
    """The worksheet table's column headings."""

    category: str
    organization: str
    why: str
    ask: str


# The interview's phrases and the {placeholders} each may use.
PHRASES: dict[str, tuple[str, ...]] = {
    "reach_out": ("name",),
    "add_another": ("name",),
    "other_channel": (),
    "other_channel_prompt": (),
    "undecided": (),
    "required": (),
    "duplicate": ("organization",),
    "bad_date": (),
    "suggested_date": ("date",),
    "late_ask": ("organization", "when", "days", "lead_days"),
    "action_heading": (),
    "tips_heading": (),
    "review_heading": (),
    "review_prompt": (),
    "review_save": (),
    "review_edit": (),
    "review_remove": (),
    "review_add": (),
    "review_quit": (),
    "confirm_quit": (),
    "pick_entry": (),
    "pick_category": (),
    "resume_draft": ("saved",),
    "overwrite": ("file",),
    "saved": ("file",),
    "next_steps": ("file", "command"),
    "back": (),
    # issue 11: going back, progress, judgement questions, loose ends, plain mode
    "at_first_question": (),
    "progress": ("step", "steps", "section"),
    "progress_partner": ("step", "steps", "section", "number"),
    "not_sure": (),
    "loose_ends_heading": (),
    "loose_question": ("section", "question"),
    "loose_why": ("organization",),
    "loose_plan": ("organization",),
    "cautions_heading": (),
    "choose_number": ("count",),
    "yes_no": (),
    "bad_yes_no": (),
    "changed_meanwhile": ("file",),
    "save_elsewhere": ("file",),
}
# The words of `log` and `agenda` (tracking.yaml) and the {placeholders} each may use.
TRACKING_PHRASES: dict[str, tuple[str, ...]] = {
    "note_prompt": ("organization",),
    "note_hint": (),
    "logged": ("organization", "file"),
    "upgraded": ("file", "old", "new", "change"),
    "team_answer": ("question",),
    "team_unanswered": ("question", "command", "file"),
    "agenda_title": ("today",),
    "agenda_countdown": ("days", "action"),
    "agenda_countdown_tomorrow": ("action",),
    "agenda_countdown_today": ("action",),
    "agenda_countdown_past": ("action", "relative", "date"),
    "agenda_flags": (),
    "agenda_overdue": (),
    "agenda_due": ("days",),
    "agenda_undated": (),
    "agenda_waiting": (),
    "agenda_check_in": (),
    "agenda_judgement": (),
    "agenda_shared": (),
    "agenda_after": (),
    "agenda_counts": (),
    "agenda_nothing": (),
    "nobody": (),
    "who_and": (),
    "day_today": (),
    "day_tomorrow": (),
    "day_yesterday": (),
    "days_ahead": ("days",),
    "days_ago": ("days",),
    "flag_item": ("date", "by", "note"),
    "overdue_item": ("when", "days", "ago", "who", "how"),
    "due_item": ("when", "days", "relative", "how"),
    "undated_item": ("when", "who", "how"),
    "undated_none": ("who", "how"),
    "waiting_item": ("since", "days", "ago"),
    "check_in_item": ("status", "due", "relative"),
    "shared_item": ("files",),
    "after_item": ("relative", "date", "command", "file"),
    "latest": ("date", "by", "note"),
    "follow_up": ("date",),
    "open_flag": ("flag", "date"),
    "event_ask": ("organization", "who", "how"),
    "event_follow_up": ("organization",),
    "reminder": ("event",),
    "comments_dropped": ("file",),
}


# The statuses and flags a worksheet records (worksheet.model's Status and Flag): tracking.yaml may
# give each its words (`statuses:`, `flags:`); a file always keeps the id.
TERMS: dict[str, tuple[str, ...]] = {"statuses": ("planned", "asked", "agreed", "declined"), "flags": ("harm",)}


@record
class Sheet:
    """How the worksheet itself reads: on screen, and at the top of a saved file."""

    title: str
    intro: str  # Markdown
    file_comment: str
    columns: Columns
    labels: dict[str, str]  # small words used in the table, one per LABELS key


@record
class Guide:
    """Everything a guide folder says, validated."""

    name: str
    welcome: str
    worksheet: Sheet
    action: dict[str, Prompt]
    lead_days: int  # "reach out early": asks later than this before the action get a warning
    channels: tuple[Choice, ...]  # common ways to make an ask, offered for "how"; a worksheet keeps the id
    phrases: dict[str, str]  # the interview's own words
    categories: tuple[Category, ...]
    tips: tuple[Tip, ...]
    folder: Path
    private: tuple[str, ...] = ()  # what `--redact` and purge leave out besides the model's private fields, as paths
    public: tuple[str, ...] = ()  # fields the model marks private that this guide shares anyway
    field_marks: dict[str, tuple[Path, int, int]] = field(default_factory=dict)  # where each field path is in guide.yaml
    withheld: str | None = None  # what `--redact` shows in place of private text (None: nothing)
    moments: dict[Moment, Said] = field(default_factory=dict)  # tips.yaml's `moments`
    follow_up_days: int = 7  # tracking.yaml: check back on an ask unanswered this long
    tracking: dict[str, str] = field(default_factory=dict)  # tracking.yaml's phrases
    terms: dict[str, str] = field(default_factory=dict)  # tracking.yaml's words for statuses and flags (TERMS)
    language: str = ""  # the language folder its files came from (e.g. "es"); "" for the folder's own files

    def term(self, value: str) -> str:
        """How a status or flag reads (the guide's word for "asked", "harm"); the id itself if it has none."""
        return self.terms.get(value, value)

    def how(self, value: str) -> str:
        """How an ask is made, in words: a channel's text for its id, else the words the team wrote."""
        return choice_text(self.channels, value)

    def tip(self, tip_id: str) -> Tip:
        return next(t for t in self.tips if t.id == tip_id)

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    @property
    def category_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.categories)
