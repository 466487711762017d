"""Chosen answers and ways of asking as choice ids: what makes a worksheet read in any language.

A worksheet keeps a select question's answer as the id of the choice (`yes-as-is`), and the "how"
of an ask as a channel's id when it is one of the guide's (`one-on-one`); people see the choice's
text in their own language (guide.model.choice_text). A file written before choices had ids saves
the words instead ("Yes — they support the plan as it is"): read here as the choice those words are
(in the guide in use, else in any language the bundled guides know), and recorded in
`Worksheet.converted`, so the next write saves the ids and says so (rewrite.saving_ids).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ..catalog import _, n_
from ..guide.model import Choice, Guide, Kind, Question
from .model import Answer, Converted, Worksheet


def read_as_choices(worksheet: Worksheet, guide: Guide) -> Worksheet:
    """`worksheet` with every answer and way of asking saved as words read as its choice's id."""
    converted: list[Converted] = []
    sections = {"considerations": {c.id: c.questions for c in guide.categories}, "tips": {t.id: t.questions for t in guide.tips}}
    answers = {key: _answers(getattr(worksheet, key), sections[key], key, converted) for key in sections}
    partners = dict(worksheet.partners)
    channels = {c.id for c in guide.channels}
    for cid, listed in worksheet.partners.items():
        for index, partner in enumerate(listed):
            how = partner.ask.how
            if how is None or how in channels:
                continue
            found = _id(guide.channels, how, None)
            if found is not None:
                converted.append(Converted(("partners", cid, str(index), "how"), how, found))
                partners[cid] = (*partners[cid][:index], replace(partner, ask=replace(partner.ask, how=found)), *partners[cid][index + 1 :])
    if not converted:
        return worksheet
    return replace(worksheet, partners=partners, converted=tuple(converted), **answers)


def _answers(given: Mapping[str, Mapping[str, Answer]], questions: dict[str, tuple[Question, ...]], key: str, converted: list[Converted]) -> dict:
    result = {}
    for sid, answers in given.items():
        by_id = {q.id: q for q in questions.get(sid, ())}
        section = dict(answers)
        for qid, answer in answers.items():
            question = by_id.get(qid)
            if question is None or question.kind is not Kind.SELECT or not isinstance(answer, str) or question.choice(answer):
                continue
            found = _id(question.choices, answer, (key, sid, qid))
            if found is not None:
                converted.append(Converted((key, sid, qid), answer, found))
                section[qid] = found
        result[sid] = section
    return result


def _id(choices: tuple[Choice, ...], words: str, question: tuple[str, str, str] | None) -> str | None:
    """The id of the choice `words` are the text of: in this guide, else in any bundled language's."""
    from ..guide.legacy import legacy_answer, legacy_channel, words_key

    key = words_key(words)
    found = next((c.id for c in choices if words_key(c.text) == key), None)
    if found is None:
        found = legacy_answer(*question, words) if question else legacy_channel(words)
    return found if any(c.id == found for c in choices) else None


def conversion_notice(path: object, converted: tuple[Converted, ...]) -> str:
    """What a write did to answers its file saved as words: each one's place, its words and the id it now saves."""
    items = "; ".join(_("worksheet.converted.item", where=_where(change.path), words=repr(change.words), id=change.id) for change in converted)
    return n_("worksheet.converted", "worksheet.converted.plural", len(converted), file=path, changes=items)


def _where(path: tuple[str, ...]) -> str:
    """A place as check names it: considerations.jewish.stretch-to-synagogues, partners.jewish[2].ask.how."""
    if path[0] == "partners":
        return f"partners.{path[1]}[{int(path[2]) + 1}].ask.{path[3]}"
    return ".".join(path)
