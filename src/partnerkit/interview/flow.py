"""The interview: the guide's questions in guide order, asked through a small prompter.

Every word shown comes from the guide; this module only decides what to ask, with which
default, and how an answer becomes part of the worksheet. It never touches a terminal: the
prompter does (cli/prompters/), and drafts.py wraps it to keep every answer in a draft.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from itertools import count
from typing import Protocol, Union

from ..guide.model import Category, Guide, Kind, Prompt, Question, Tip
from ..worksheet.model import Action, Answer, Ask, Partner, Worksheet, organization_key

Validate = Callable[[str], Union[str, None]]  # an answer -> what is wrong with it, or None
Shown = Union[str, Category, Tip, Worksheet]  # Markdown text, a guidance panel, or the table
NAME_SEPARATORS = re.compile(r"[,;\n]+")  # between the names in a research answer


class GoBack(Exception):  # a signal, not an error
    """Raised by a prompter when the person asks to go back one question (Shift-Tab)."""


class Prompter(Protocol):
    """How the interview talks to a person; each method gets the guide's words for it."""

    def show(self, content: Shown, title: str | None = None) -> None: ...

    def heading(self, text: str) -> None: ...

    def warn(self, text: str) -> None: ...

    def progress(self, text: str) -> None:
        """Where the person is, e.g. "Step 2 of 5 · Jewish community · partner 1"."""

    def text(
        self, message: str, hint: str | None = None, default: str = "", validate: Validate | None = None, suggestions: Sequence[str] = ()
    ) -> str:
        """Free text; `suggestions` may be offered as completions. Any prompt may raise GoBack."""

    def confirm(self, message: str, hint: str | None = None, default: bool = False) -> bool: ...

    def select(self, message: str, choices: Sequence[str], hint: str | None = None, default: str | None = None) -> str: ...


def parse_date(text: str) -> date | None:
    """The date typed: 2027-06-03, "June 3", "today"... (worksheet/dates.py, a year left out is the
    nearest); None for anything else; raises ValueError for one like 2027-02-30 or June 31."""
    from ..worksheet.dates import parse_day

    return parse_day(text, date.today())


def kept(answer: str, current: str | None) -> str | None:
    """A text answer as saved: the earlier one, exactly, when it was only given back (Enter), so an
    untouched answer keeps its line breaks and its layout in the file; else the answer, or None."""
    if current is not None and answer.strip() == current.strip():
        return current
    return answer.strip() or None


def late_ask(organization: str, when: date | str | None, sheet: Worksheet, guide: Guide) -> str | None:
    """The guide's warning if an ask is planned later than `lead_days` before the action."""
    days = sheet.days_before_action(when)
    if days is None or days >= guide.lead_days:
        return None
    return guide.phrases["late_ask"].format(organization=organization, when=when, days=days, lead_days=guide.lead_days)


def late_asks(sheet: Worksheet, guide: Guide) -> list[str]:
    warnings = (late_ask(p.organization, p.ask.when, sheet, guide) for _, p in sheet.all_partners())
    return [warning for warning in warnings if warning]


class Interview:
    """Builds `sheet` answer by answer; `base` (an earlier worksheet) supplies the defaults."""

    def __init__(self, guide: Guide, prompter: Prompter, base: Worksheet | None = None) -> None:
        self.guide, self.prompter, self.phrases = guide, prompter, guide.phrases
        self.base = base or Worksheet.empty(guide)
        self.sheet = Worksheet.empty(guide)
        self.steps = len(guide.categories) + 3  # the action, each category, the tips, the review

    def progress(self, step: int, section: str, partner: int | None = None) -> None:
        values = dict(step=step, steps=self.steps, section=section)
        if partner is None:
            self.prompter.progress(self.phrases["progress"].format(**values))
        else:
            self.prompter.progress(self.phrases["progress_partner"].format(**values, number=partner))

    def run(self) -> Worksheet:
        """Welcome, the action, each category with its partners, then the tips."""
        self.prompter.show(self.guide.welcome, title=self.guide.name)
        self.prompter.heading(self.phrases["action_heading"])
        self.progress(1, self.phrases["action_heading"])
        self.edit_action(self.base.action)
        for category in self.guide.categories:
            self.category(category)
        self.prompter.heading(self.phrases["tips_heading"])
        self.progress(self.steps - 1, self.phrases["tips_heading"])
        for tip in self.guide.tips:
            self.prompter.show(tip)
            self.edit_tip(tip, self.base.tips)
        return self.sheet

    # --- the sections --------------------------------------------------------------------

    def edit_action(self, current: Action) -> None:
        prompts = self.guide.action
        name = self.optional(prompts["name"].text, prompts["name"].hint, current.name)
        when = self.date(prompts["date"].text, prompts["date"].hint, current.date)
        place = self.optional(prompts["place"].text, prompts["place"].hint, current.place)
        self.sheet = replace(self.sheet, action=Action(name, when, place))

    def category(self, category: Category) -> None:
        self.prompter.show(category)
        self.progress(self._step(category), category.title)
        given = self.base.considerations.get(category.id, {})
        before = self.answers([q for q in category.questions if q.at == "before"], given)
        self.sheet = with_answers(self.sheet, "considerations", category.id, before)
        known = self.base.partners.get(category.id, ())
        reach_out = self.phrases["reach_out"].format(name=category.name)
        if self.prompter.confirm(reach_out, default=bool(known) or category.essential):
            self.partners(category, known)
        after = self.answers([q for q in category.questions if q.at != "before"], given)
        self.sheet = with_answers(self.sheet, "considerations", category.id, {**before, **after})

    def partners(self, category: Category, known: Sequence[Partner]) -> None:
        """Ask for partners until "add another?" is declined; known ones come back as defaults."""
        another = self.phrases["add_another"].format(name=category.name)
        for index in count():
            self.progress(self._step(category), category.title, index + 1)
            self.add_partner(category, known[index] if index < len(known) else None)
            if not self.prompter.confirm(another, default=index + 1 < len(known)):
                return

    def _step(self, category: Category) -> int:
        return self.guide.categories.index(category) + 2

    def add_partner(self, category: Category, current: Partner | None = None) -> None:
        partner = self.partner(category, current)
        self.sheet = self.sheet.with_partners(category.id, (*self.sheet.partners[category.id], partner))

    def edit_partner(self, category: Category, current: Partner) -> None:
        partner = self.partner(category, current, replacing=current)
        edited = tuple(partner if p is current else p for p in self.sheet.partners[category.id])
        self.sheet = self.sheet.with_partners(category.id, edited)

    def edit_considerations(self, category: Category) -> None:
        given = self.answers(category.questions, self.sheet.considerations.get(category.id, {}))
        self.sheet = with_answers(self.sheet, "considerations", category.id, given)

    def edit_tip(self, tip: Tip, defaults: Mapping[str, Mapping[str, Answer]]) -> None:
        given = self.answers(tip.questions, defaults.get(tip.id, {}))
        self.sheet = with_answers(self.sheet, "tips", tip.id, given)

    # --- one partner -----------------------------------------------------------------------

    def partner(self, category: Category, current: Partner | None, replacing: Partner | None = None) -> Partner:
        """Ask a partner's questions; `current` gives the defaults, `replacing` is the entry edited."""
        fields: dict[str, Prompt] = category.fields
        known = current or Partner("")
        organization = kept(self.prompter.text(
            fields["organization"].text, fields["organization"].hint, known.organization, self.new_organization(replacing),
            self.named_elsewhere(),
        ), known.organization) or ""
        why = self.optional(fields["why"].text, fields["why"].hint, known.why)
        who = self.optional(fields["who"].text, fields["who"].hint, known.ask.who)
        how = self.how(fields["how"], known.ask.how, asked_before=current is not None)
        when = self.when(fields["when"], known.ask.when)
        warning = late_ask(organization, when, self.sheet, self.guide)
        if warning:
            self.prompter.warn(warning)  # a nudge, not a refusal: the date stays as given
        notes = self.optional(fields["notes"].text, fields["notes"].hint, known.notes)
        return replace(known, organization=organization, why=why, ask=Ask(who, how, when), notes=notes)

    def named_elsewhere(self) -> list[str]:
        """Organizations the team named in its research answers or an earlier worksheet, not yet on this one."""
        researched = [
            answer
            for category in self.guide.categories
            for question in category.questions
            if question.names_partners and isinstance(answer := self.sheet.considerations.get(category.id, {}).get(question.id), str)
        ]
        names = [name.strip(" \t-*•.") for answer in researched for name in NAME_SEPARATORS.split(answer)]
        names += [p.organization for _, p in self.base.all_partners()]
        taken = {organization_key(p.organization) for _, p in self.sheet.all_partners()}
        return list(dict.fromkeys(name for name in names if name and organization_key(name) not in taken))

    def new_organization(self, replacing: Partner | None) -> Validate:
        taken = {organization_key(p.organization) for _, p in self.sheet.all_partners() if p is not replacing}

        def check(answer: str) -> str | None:
            name = answer.strip()
            if not name:
                return self.phrases["required"]
            return self.phrases["duplicate"].format(organization=name) if organization_key(name) in taken else None

        return check

    def how(self, prompt: Prompt, current: str | None, asked_before: bool) -> str | None:
        """One of the guide's channels (its id is saved), "other…" then free text, or not decided yet."""
        other, undecided = self.phrases["other_channel"], self.phrases["undecided"]
        channels = self.guide.channels
        choices = [*(c.text for c in channels), other, undecided]
        choice = self.prompter.select(prompt.text, choices, prompt.hint, self._how_default(current, asked_before))
        if choice == undecided:
            return None
        if choice == other:
            typed = self.optional(self.phrases["other_channel_prompt"], None, None if self._channel(current) else current)
            return next((c.id for c in channels if typed is not None and c.text.casefold() == typed.casefold()), typed)  # a channel after all
        return next(c.id for c in channels if c.text == choice)

    def _channel(self, current: str | None) -> str | None:
        """The text of the guide's channel `current` is the id of, or None."""
        return next((c.text for c in self.guide.channels if c.id == current), None)

    def _how_default(self, current: str | None, asked_before: bool) -> str | None:
        if self._channel(current):
            return self._channel(current)
        if current:
            return self.phrases["other_channel"]
        return self.phrases["undecided"] if asked_before else None  # a new partner starts at the first channel

    def when(self, prompt: Prompt, current: date | str | None) -> date | str | None:
        default = current.isoformat() if isinstance(current, date) else current or ""
        answer = kept(self.prompter.text(prompt.text, prompt.hint, default, self.date_if_dated), current if isinstance(current, str) else None)
        return parse_date(answer) or answer if answer else None

    # --- answers of each kind --------------------------------------------------------------

    def answers(self, questions: Sequence[Question], given: Mapping[str, Answer]) -> dict[str, Answer]:
        answered = {q.id: self.answer(q, given.get(q.id)) for q in questions}
        return {qid: answer for qid, answer in answered.items() if answer is not None}

    def answer(self, question: Question, current: Answer | None) -> Answer | None:
        message, hint = question.prompt, question.hint
        if question.kind is Kind.CONFIRM:
            return self.prompter.confirm(message, hint, default=current is True)
        if question.kind is Kind.SELECT:
            return self.select(question, current)
        if question.kind is Kind.DATE:
            return self.date(message, self.suggestion(question, hint), current if isinstance(current, date) else None)
        return self.optional(message, hint, current if isinstance(current, str) else None)

    def select(self, question: Question, current: Answer | None) -> str | None:
        """One of the choices, saved as its id; a judgement offers "not sure yet" first, so Enter decides nothing."""
        not_sure = self.phrases["not_sure"]
        texts = [c.text for c in question.choices]
        known = question.choice(current)
        picked = self.prompter.select(question.prompt, [not_sure, *texts] if question.judgement else texts, question.hint, known and known.text)
        if picked == not_sure and question.judgement:
            return None
        choice = next(c for c in question.choices if c.text == picked)
        if choice.caution:
            self.prompter.warn(choice.caution)  # now, while the choice is being made
        return choice.id

    def suggested_date(self, question: Question) -> date | None:
        """The date a date question's guide entry suggests, e.g. the action date minus lead_days."""
        if question.suggest == "lead-days" and self.sheet.action.date is not None:
            try:
                return self.sheet.action.date - timedelta(days=self.guide.lead_days)
            except OverflowError:  # an action in the calendar's first days: nothing to suggest
                return None
        return None

    def suggestion(self, question: Question, hint: str | None) -> str | None:
        """The question's hint, with the date its guide entry suggests: a suggestion, not an answer
        (Enter leaves the question open, as it was; `new --from` changes nothing by itself)."""
        suggested = self.suggested_date(question)
        if suggested is None:
            return hint
        words = self.phrases["suggested_date"].format(date=suggested.isoformat())
        return f"{hint} ({words})" if hint else words

    def optional(self, message: str, hint: str | None, current: str | None) -> str | None:
        return kept(self.prompter.text(message, hint, current or ""), current)

    def date(self, message: str, hint: str | None, current: date | None) -> date | None:
        answer = self.prompter.text(message, hint, current.isoformat() if current else "", self.date_or_blank)
        return parse_date(answer) if answer.strip() else None

    def date_or_blank(self, answer: str) -> str | None:
        if not answer.strip():
            return None
        try:
            return None if parse_date(answer) else self.phrases["bad_date"]
        except ValueError:
            return self.phrases["bad_date"]

    def date_if_dated(self, answer: str) -> str | None:
        """Free text is fine; what is written as a date must be a real one."""
        try:
            parse_date(answer)
        except ValueError:
            return self.phrases["bad_date"]
        return None


def with_answers(sheet: Worksheet, key: str, section_id: str, given: Mapping[str, Answer]) -> Worksheet:
    """The sheet with one section of `considerations` or `tips` replaced; empty sections dropped."""
    sections = {**getattr(sheet, key), section_id: given}
    return replace(sheet, **{key: {sid: answers for sid, answers in sections.items() if answers}})
