"""The guide: every word the tool shows a person, loaded from YAML files and validated.

A guide is a folder of up to four files. Any file a custom guide leaves out is taken from the
bundled guide, so a campaign can replace just its categories or tips.

    guide.yaml        the worksheet's title, intro and columns; the welcome; action questions
    interview.yaml    the questions asked about each partner, and the interview's own phrases
    categories.yaml   the partner categories, in worksheet order, with their guidance
    tips.yaml         the general tips and the questions asked about each
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from yaml.nodes import Node

from .errors import InvalidFile, PartnerkitError
from .nodes import NodeReader
from .yamlio import read_document

GUIDE_ENV = "PARTNERKIT_GUIDE"
GUIDE_FILES = ("guide.yaml", "interview.yaml", "categories.yaml", "tips.yaml")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PARTNER_FIELDS = ("organization", "why", "who", "how", "when", "notes")
ACTION_FIELDS = ("name", "date", "place")


class Kind(StrEnum):
    """How a question is answered, and so what type its saved answer has."""

    TEXT = "text"  # free text -> str
    CONFIRM = "confirm"  # yes/no -> bool
    SELECT = "select"  # one of `choices` -> str
    DATE = "date"  # YYYY-MM-DD -> date


@dataclass(frozen=True)
class Prompt:
    """A question's words, and an optional hint shown with them."""

    text: str
    hint: str | None = None


@dataclass(frozen=True)
class Question:
    """One question the interview asks, and how its answer is typed."""

    id: str
    prompt: str
    hint: str | None = None
    kind: Kind = Kind.TEXT
    choices: tuple[str, ...] = ()
    at: str = "after"  # for category questions: asked "before" or "after" its partners


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Tip:
    """A general tip, and the questions it prompts."""

    id: str
    title: str
    text: str  # Markdown
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True)
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
    "next_steps": ("file",),
    "back": (),
}
LABELS = ("none", "notes", "who", "how", "when", "yes", "no", "why_partner", "who_partner", "weigh", "file")


@dataclass(frozen=True)
class Sheet:
    """How the worksheet itself reads: on screen, and at the top of a saved file."""

    title: str
    intro: str  # Markdown
    file_comment: str
    columns: Columns
    labels: dict[str, str]  # small words used in the table, one per LABELS key


@dataclass(frozen=True)
class Guide:
    """Everything a guide folder says, validated."""

    name: str
    welcome: str
    worksheet: Sheet
    action: dict[str, Prompt]
    lead_days: int  # "reach out early": asks later than this before the action get a warning
    channels: tuple[str, ...]  # common ways to make an ask, offered for "how"
    phrases: dict[str, str]  # the interview's own words
    categories: tuple[Category, ...]
    tips: tuple[Tip, ...]
    folder: Path

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    @property
    def category_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.categories)


def bundled_guide_dir() -> Path:
    packaged = Path(__file__).parent / "guide"  # a wheel install carries it inside the package
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "guide"  # a source checkout or editable install


def guide_dir(option: Path | None = None) -> Path:
    """The guide folder to use: --guide, else $PARTNERKIT_GUIDE, else the bundled guide."""
    chosen = option or (Path(os.environ[GUIDE_ENV]) if os.environ.get(GUIDE_ENV) else None)
    if chosen is None:
        return bundled_guide_dir()
    if not chosen.is_dir():
        source = "--guide" if option else f"${GUIDE_ENV}"
        raise PartnerkitError(f"guide folder {chosen} (from {source}) does not exist or is not a folder")
    return chosen


def load_guide(folder: Path | None = None) -> Guide:
    """Load and validate a guide folder; raises InvalidFile listing every problem in it."""
    folder = guide_dir(folder)
    bundled = bundled_guide_dir()
    readers: dict[str, tuple[NodeReader, Node | None]] = {}
    for name in GUIDE_FILES:
        path = folder / name
        if not path.exists():
            path = bundled / name
        readers[name] = (NodeReader(path), read_document(path))
    from .guide_schema import build_guide  # imports this module's classes

    guide = build_guide(readers, folder)
    problems = [p for reader, _ in readers.values() for p in reader.problems]
    if problems:
        raise InvalidFile(problems, what="guide", hint="fix the guide file, or leave it out to use the bundled one")
    assert guide is not None
    return guide
