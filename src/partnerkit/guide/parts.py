"""Reading the parts of a guide: prompts, questions and their choices, categories, tips, moments, phrases.

Each function reads one kind of part from composed YAML nodes into the guide model, reporting every
problem through the NodeReader and carrying on, so a guide's author sees all of them at once.
"""

from __future__ import annotations

import string

from yaml.nodes import Node

from ..catalog import N_, _
from ..files.nodes import Entries, NodeReader, did_you_mean
from . import entries as e
from .model import TERMS, Category, Choice, Kind, Moment, Prompt, Question, Said, Tip


def read_prompt(r: NodeReader, node: Node, what: str, base: Prompt | None = None) -> Prompt | None:
    """A prompt is plain text or {text, hint}; over a `base` prompt either part may be left out."""
    if node.tag.endswith(":map"):
        entries = r.mapping(node, what, ["text", "hint"])
        if entries is None:
            return None
        text = e.text(r, entries, "text", f"{what}.text", required=base is None) or (base and base.text)
        hint = e.text(r, entries, "hint", f"{what}.hint", required=False) or (base and base.hint)
        return Prompt(text, hint) if text else None
    text = r.text(node, what, required=True)
    return Prompt(text, base.hint if base else None) if text else None


def read_prompts(r: NodeReader, entries: Entries, key: str, what: str, names: tuple[str, ...], base: dict[str, Prompt] | None = None) -> dict[str, Prompt]:
    """Prompts by name; without `base` every name is required, with it each overrides its base."""
    if key not in entries:
        if base is None:
            e.missing(r, entries, key, what)
        return dict(base or {})
    section = r.mapping(entries[key][1], f"{what}.{key}", names)
    if section is None:
        return dict(base or {})
    prompts = dict(base or {})
    for name in names:
        if name in section:
            prompt = read_prompt(r, section[name][1], f"{what}.{key}.{name}", prompts.get(name))
            if prompt:
                prompts[name] = prompt
        elif base is None:
            e.missing(r, section, name, f"{what}.{key}")
    return prompts


def read_moments(r: NodeReader, top: Entries, tips: tuple[Tip, ...]) -> dict[Moment, Said]:
    """tips.yaml's `moments`: for each moment, tips to show and tip questions whose answers to show."""
    if "moments" not in top:
        return {}
    names = [m.value for m in Moment]
    section = r.mapping(top["moments"][1], "moments", names) or {}
    questions = {f"{t.id}/{q.id}" for t in tips for q in t.questions}
    moments = {}
    for name, (_key, node) in section.items():
        what = f"moments.{name}"
        entries = r.mapping(node, what, ["tips", "answers"]) or {}
        shown = e.strings(r, entries, "tips")
        for tip_id in shown:
            if tip_id not in {t.id for t in tips}:
                r.error(entries["tips"][1], _("guide.no_tip", what=f"{what}.tips", id=repr(tip_id), suggestion=did_you_mean(tip_id, [t.id for t in tips])))
        answers = e.strings(r, entries, "answers")
        for ref in answers:
            if ref not in questions:
                r.error(entries["answers"][1], _("guide.no_tip_question", what=f"{what}.answers", ref=repr(ref), suggestion=did_you_mean(ref, questions)))
        moments[Moment(name)] = Said(tuple(shown), tuple(tuple(ref.split("/", 1)) for ref in answers))  # type: ignore[misc]
    return moments


def read_phrases(r: NodeReader, top: Entries, file: str, spec: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """A file's `phrases`: exactly the keys of `spec`, each using only its placeholders."""
    section = e.section(r, top, "phrases", file, list(spec))
    if section is None:
        return {}
    phrases = {}
    for key, allowed in spec.items():
        text = e.text(r, section, key, f"phrases.{key}")
        if text is None:
            continue
        problem = placeholder_problem(text, allowed)
        if problem:
            r.error(section[key][1], f"phrases.{key}: {problem}")
            continue
        phrases[key] = text
    return phrases


def placeholder_problem(text: str, allowed: tuple[str, ...]) -> str | None:
    """What is wrong with a phrase's placeholders, or None: each must be a plain {name} it may use.

    Checked here, completely, so a phrase can never fail later in the interview: `{0}`, `{name.attr}`
    or `{name[0]}` would raise, `{name!r}` shows quotes, and `{name:>99999999}` pads forever.
    """
    def offer() -> str:
        return ", ".join("{" + a + "}" for a in allowed) or _("guide.placeholder.none")

    try:
        fields = [(name, spec, conversion) for _text, name, spec, conversion in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return _("guide.placeholder.lone_brace")
    for name, spec, conversion in fields:
        if name not in allowed:
            return _("guide.placeholder.unknown", name=name, offer=offer())
        if spec or conversion:
            return _("guide.placeholder.not_plain", name=name, offer=offer())
    return None


def read_terms(r: NodeReader, top: Entries) -> dict[str, str]:
    """tracking.yaml's words for statuses and flags (`statuses:`, `flags:`), each optional: a status
    or flag without a word reads as its id."""
    terms: dict[str, str] = {}
    for key, ids in TERMS.items():
        if key in top:
            section = r.mapping(top[key][1], key, list(ids)) or {}
            terms.update({k: word for k in section if (word := e.text(r, section, k, f"{key}.{k}")) is not None})
    return terms


QUESTION_FLAGS = ("judgement", "essential", "names_partners")


def read_question(r: NodeReader, node: Node, what: str, *, placed: bool = False) -> Question | None:
    allowed = ["id", "prompt", "hint", "kind", "choices", *QUESTION_FLAGS, "suggest"] + (["at"] if placed else [])
    entries = r.mapping(node, what, allowed)
    if entries is None:
        return None
    qid, prompt = e.ident(r, entries, what), e.text(r, entries, "prompt", f"{what}.prompt")
    kind = e.one_of(r, entries, "kind", what, [k.value for k in Kind], Kind.TEXT.value)
    at = e.one_of(r, entries, "at", what, ["before", "after"], "after")
    choices = read_choices(r, entries, "choices", what)
    if kind == Kind.SELECT.value and not choices:
        r.error(node, _("guide.select_needs_choices", what=what))
    flags = {k: bool(r.typed(entries[k][1], f"{what}.{k}", (bool,), N_("guide.expected.true_false"))) for k in QUESTION_FLAGS if k in entries}
    if flags.get("judgement") and kind != Kind.SELECT.value:
        r.error(entries["judgement"][1], _("guide.judgement_not_select", what=f"{what}.judgement"))
    suggest = e.one_of(r, entries, "suggest", what, ["lead-days"], None)
    if suggest and kind != Kind.DATE.value:
        r.error(entries["suggest"][1], _("guide.suggest_not_date", what=f"{what}.suggest"))
    if not (qid and prompt and kind and at):
        return None
    hint = e.text(r, entries, "hint", f"{what}.hint", required=False)
    return Question(qid, prompt, hint, Kind(kind), choices, at, suggest=suggest, **flags)


def read_choices(r: NodeReader, entries: Entries, key: str, what: str = "", *, cautions: bool = True) -> tuple[Choice, ...]:
    """A select's `choices` (or interview.yaml's `channels`): each plain text, whose id is its text, or
    {id, text, caution}, whose id a worksheet keeps (a caution is for a choice the person should heed).
    Within one list each id and each text is used once: an answer must say which choice it is."""
    if key not in entries:
        return ()
    listed = f"{what}.{key}" if what else key
    choices: list[Choice] = []
    for index, node in enumerate(r.sequence(entries[key][1], listed) or [], 1):
        where = f"{listed}[{index}]"
        choice = None
        if not node.tag.endswith(":map"):
            text = r.text(node, where, required=True)
            choice = Choice(text, text) if text else None
        elif (fields := r.mapping(node, where, ["id", "text", "caution"] if cautions else ["id", "text"])) is not None:
            text = e.text(r, fields, "text", f"{where}.text")
            ident = e.ident(r, fields, where) if "id" in fields else text
            caution = e.text(r, fields, "caution", f"{where}.caution", required=False)
            choice = Choice(ident, text, caution) if text and ident else None
        if choice is None:
            continue
        if any(c.id == choice.id for c in choices):
            r.error(node, _("guide.choice_id_twice", what=where, id=repr(choice.id)))
        elif any(c.text == choice.text for c in choices):
            r.error(node, _("guide.choice_text_twice", what=where, text=repr(choice.text)))
        else:
            choices.append(choice)
    return tuple(choices)


def read_questions(r: NodeReader, entries: dict, what: str, *, placed: bool = False) -> tuple[Question, ...]:
    if "questions" not in entries:
        return ()
    nodes = r.sequence(entries["questions"][1], f"{what}.questions") or []
    questions = [read_question(r, n, f"{what}.questions[{i}]", placed=placed) for i, n in enumerate(nodes, 1)]
    ids = [q.id for q in questions if q]
    for q in questions:
        if q and ids.count(q.id) > 1:
            r.error(entries["questions"][1], _("guide.question_id_twice", what=f"{what}.questions", id=repr(q.id)))
            break
    return tuple(q for q in questions if q)


def read_categories(r: NodeReader, top: dict, fields: dict[str, Prompt], field_names: tuple[str, ...]) -> tuple[Category, ...]:
    def build(r: NodeReader, node: Node, what: str) -> Category | None:
        keys = ["id", "title", "label", "name", "why", "who", "weigh", "essential", "fields", "questions"]
        entries = r.mapping(node, what, keys)
        if entries is None:
            return None
        texts = {k: e.text(r, entries, k, f"{what}.{k}") for k in ("id", "title", "label", "name", "why", "who")}
        texts["id"] = e.ident(r, entries, what) if texts["id"] else None
        texts["label"] = e.written(r, entries, "label", texts["label"], f"{what}.label", label=True)  # a comment in the blank template
        essential = r.typed(entries["essential"][1], f"{what}.essential", (bool,), N_("guide.expected.true_false")) if "essential" in entries else False
        category = Category(
            **texts,
            weigh=tuple(e.strings(r, entries, "weigh")),
            essential=bool(essential),
            fields=read_prompts(r, entries, "fields", what, field_names, base=fields),
            questions=read_questions(r, entries, what, placed=True),
        )
        return category if all(texts.values()) else None

    return e.listed(r, top, "categories", build)


def read_tip(r: NodeReader, node: Node, what: str) -> Tip | None:
    entries = r.mapping(node, what, ["id", "title", "text", "questions"])
    if entries is None:
        return None
    tid, title, text = e.ident(r, entries, what), e.text(r, entries, "title", f"{what}.title"), e.text(r, entries, "text", f"{what}.text")
    questions = read_questions(r, entries, what)
    return Tip(tid, title, text, questions) if tid and title and text else None
