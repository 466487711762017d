"""The review at the end of the interview: the worksheet table, then save, edit, remove, add or quit."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ..guide.model import Category
from ..worksheet.model import Partner, Worksheet
from .flow import Interview, late_asks

Step = Callable[[], None]


def review(interview: Interview) -> Worksheet | None:
    """Loop until the person saves (the worksheet) or quits without saving (None)."""
    prompter, phrases = interview.prompter, interview.phrases
    while True:
        prompter.heading(phrases["review_heading"])
        interview.progress(interview.steps, phrases["review_heading"])
        prompter.show(interview.sheet)  # its view lists what to heed and what is still open (loose_ends.py)
        for warning in late_asks(interview.sheet, interview.guide):  # replayed answers' too, after a resume
            prompter.warn(warning)
        menu: dict[str, Step | None] = {
            phrases["review_save"]: None,
            phrases["review_edit"]: lambda: _pick(interview, _editable(interview)),
            phrases["review_remove"]: lambda: _pick(interview, _removable(interview)),
            phrases["review_add"]: lambda: _pick(interview, _addable(interview), phrases["pick_category"]),
        }
        choice = prompter.select(phrases["review_prompt"], [*menu, phrases["review_quit"]])
        if choice == phrases["review_quit"]:
            if prompter.confirm(phrases["confirm_quit"], default=False):
                return None
            continue
        step = menu[choice]
        if step is None:
            return interview.sheet
        step()


def _pick(interview: Interview, entries: dict[str, Step], message: str | None = None) -> None:
    """Let the person pick one entry (or go back), then do what it stands for."""
    back = interview.phrases["back"]
    choice = interview.prompter.select(message or interview.phrases["pick_entry"], [*entries, back])
    if choice != back:
        entries[choice]()


def _partner_entries(interview: Interview, act: Callable) -> dict[str, Step]:
    entries = {}
    for category in interview.guide.categories:
        for partner in interview.sheet.partners.get(category.id, ()):
            entries[f"{category.label}: {partner.organization}"] = partial(act, category, partner)
    return entries


def _editable(interview: Interview) -> dict[str, Step]:
    """Every entry, in worksheet order: the action, each partner, each section of questions."""
    guide, sheet = interview.guide, interview.sheet
    entries: dict[str, Step] = {interview.phrases["action_heading"]: lambda: interview.edit_action(sheet.action)}
    entries.update(_partner_entries(interview, interview.edit_partner))
    for category in guide.categories:
        if category.questions:
            entries[category.title] = partial(interview.edit_considerations, category)
    for tip in guide.tips:
        if tip.questions:
            entries[tip.title] = partial(interview.edit_tip, tip, sheet.tips)
    return entries


def _removable(interview: Interview) -> dict[str, Step]:
    def remove(category: Category, partner: Partner) -> None:
        kept = tuple(p for p in interview.sheet.partners[category.id] if p is not partner)
        interview.sheet = interview.sheet.with_partners(category.id, kept)

    return _partner_entries(interview, remove)


def _addable(interview: Interview) -> dict[str, Step]:
    return {c.label: partial(interview.add_partner, c) for c in interview.guide.categories}
