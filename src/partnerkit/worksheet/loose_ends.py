"""What a worksheet still leaves open, and what its chosen answers ask us to heed.

Rules that need no terminal, shared by the interview's review, `show` (view.py), `check` and the
agenda. Every message is the guide's words (interview.yaml phrases, or a choice's caution), filled
in but not yet made safe for a terminal: callers show them through safetext.visible as usual.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..guide.model import Guide, Kind, Question
from ..records import record
from .model import Answer, Status, Withheld, Worksheet


@record
class Note:
    """One loose end or caution, and where it belongs on the worksheet.

    `section` is a category id or tip id; `question` the id of the question it concerns (None for a
    partner's note); `organization` and `line` (its line in the file, when loaded from one) name the
    partner it concerns (None for a question's note).
    """

    message: str
    section: str
    question: str | None = None
    organization: str | None = None
    line: int | None = None


def loose_ends(worksheet: Worksheet, guide: Guide) -> list[Note]:
    """What is still open, in guide order: unanswered judgement or essential questions, then
    partners with no why, and partners still `planned` with no plan for the ask (who, how, when).
    Nothing, once the worksheet is purged: its plan is over, and purge took the answers it had to.
    """
    if worksheet.purged is not None:
        return []
    phrases = guide.phrases
    notes = [
        Note(phrases["loose_question"].format(section=title, question=question.prompt), section, question.id)
        for section, title, question, answer in _answered(worksheet, guide)
        if answer is None and (question.judgement or question.essential)
    ]
    for category_id, partner in worksheet.all_partners():
        name, ask = partner.organization, partner.ask
        if not partner.why:
            notes.append(Note(phrases["loose_why"].format(organization=name), category_id, organization=name, line=partner.line))
        if partner.status is Status.PLANNED and not (ask.who or ask.how or ask.when):
            notes.append(Note(phrases["loose_plan"].format(organization=name), category_id, organization=name, line=partner.line))
    return notes


def cautions(worksheet: Worksheet, guide: Guide) -> list[Note]:
    """The guide's caution for every chosen answer that carries one, in guide order (none once purged)."""
    if worksheet.purged is not None:
        return []
    return [
        Note(choice.caution, section, question.id)
        for section, _, question, answer in _answered(worksheet, guide)
        if (choice := question.choice(answer)) is not None and choice.caution
    ]


def _answered(worksheet: Worksheet, guide: Guide) -> Iterator[tuple[str, str, Question, Answer | None]]:
    """(section id, section title, question, its answer or None) for every question in the guide."""
    sections: list[tuple[str, str, tuple[Question, ...], Mapping[str, Answer]]] = [
        (c.id, c.title, c.questions, worksheet.considerations.get(c.id, {})) for c in guide.categories
    ]
    sections += [(t.id, t.title, t.questions, worksheet.tips.get(t.id, {})) for t in guide.tips]
    for section, title, questions, given in sections:
        for question in questions:
            answer = given.get(question.id)
            if isinstance(answer, Withheld):
                continue  # answered; a redacted copy does not say what, nor what to heed about it
            if question.kind is Kind.SELECT and question.choice(answer) is None:
                answer = None  # a choice the guide no longer offers decides nothing
            yield section, title, question, answer
