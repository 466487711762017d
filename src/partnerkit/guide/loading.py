"""Reading a guide folder: its YAML files -> the guide model, every problem collected and located.

A guide is a folder of up to four files. Any file a custom guide leaves out is taken from the
bundled guide, so a campaign can replace just its categories or tips.

    guide.yaml        the worksheet's title, intro and columns; the welcome; action questions
    interview.yaml    the questions asked about each partner, and the interview's own phrases
    categories.yaml   the partner categories, in worksheet order, with their guidance
    tips.yaml         the general tips and the questions asked about each, and what to show
                      at the moments of working the plan (a decline, a flag, a late ask)
    tracking.yaml     the words of `log` and `agenda`, and how long to wait for an answer
"""

from __future__ import annotations

import os
import string
from pathlib import Path
from typing import Any

from yaml.nodes import Node

from ..errors import InvalidFile, PartnerkitError
from .model import (
    ACTION_FIELDS,
    ID_PATTERN,
    LABELS,
    PARTNER_FIELDS,
    PHRASES,
    TRACKING_PHRASES,
    Category,
    Columns,
    Guide,
    Kind,
    Moment,
    Prompt,
    Question,
    Said,
    Sheet,
    Tip,
)
from ..files.nodes import Entries, NodeReader, did_you_mean
from ..files.reading import read_document

GUIDE_ENV = "PARTNERKIT_GUIDE"
GUIDE_FILES = ("guide.yaml", "interview.yaml", "categories.yaml", "tips.yaml", "tracking.yaml")
Readers = dict[str, tuple[NodeReader, Node | None]]


def bundled_guide_dir() -> Path:
    packaged = Path(__file__).parents[1] / "bundled_guide"  # a wheel install carries it inside the package
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "guide"  # a source checkout or editable install


def guide_dir(option: Path | None = None) -> Path:
    """The guide folder to use: --guide, else $PARTNERKIT_GUIDE, else the bundled guide."""
    chosen = option or (Path(os.environ[GUIDE_ENV]) if os.environ.get(GUIDE_ENV) else None)
    if chosen is None:
        return bundled_guide_dir()
    if not os.path.isdir(chosen):  # never raises, even for a name too long
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
    guide = build_guide(readers, folder)
    problems = [p for reader, _ in readers.values() for p in reader.problems]
    if problems:
        raise InvalidFile(problems, what="guide", hint="fix the guide file, or leave it out to use the bundled one")
    assert guide is not None
    return guide


def build_guide(readers: Readers, folder: Path) -> Guide | None:
    r, node = readers["guide.yaml"]
    top = r.mapping(node, "guide.yaml", ["version", "name", "worksheet", "welcome", "action", "lead_days", "private", "withheld"])
    ri, inode = readers["interview.yaml"]
    interview = ri.mapping(inode, "interview.yaml", ["fields", "channels", "phrases"])
    rc, cnode = readers["categories.yaml"]
    ctop = rc.mapping(cnode, "categories.yaml", ["categories"])
    rt, tnode = readers["tips.yaml"]
    ttop = rt.mapping(tnode, "tips.yaml", ["tips", "moments"])
    rk, knode = readers["tracking.yaml"]
    tracking = rk.mapping(knode, "tracking.yaml", ["follow_up_days", "phrases"])
    if top is None or interview is None or ctop is None or ttop is None or tracking is None:
        return None
    _version(r, top)
    sheet = _section(r, top, "worksheet", "worksheet", ["title", "intro", "columns", "file_comment", "labels"])
    columns = _section(r, sheet, "columns", "worksheet", list(Columns.__annotations__))
    labels = _section(r, sheet, "labels", "worksheet", list(LABELS))
    fields = _prompts(ri, interview, "fields", "interview.yaml", PARTNER_FIELDS)
    categories = _categories(rc, ctop, fields)
    tips = _list(rt, ttop, "tips", _tip)
    values = dict(
        name=_text(r, top, "name"),
        welcome=_text(r, top, "welcome"),
        worksheet=Sheet(
            title=_text(r, sheet, "title", "worksheet.title"),
            intro=_text(r, sheet, "intro", "worksheet.intro"),
            file_comment=_text(r, sheet, "file_comment", "worksheet.file_comment"),
            columns=Columns(**{k: _text(r, columns, k, f"worksheet.columns.{k}") for k in Columns.__annotations__}),
            labels={k: _text(r, labels, k, f"worksheet.labels.{k}") for k in LABELS},
        ),
        action=_prompts(r, top, "action", "guide.yaml", ACTION_FIELDS),
        lead_days=_lead_days(r, top),
        channels=tuple(_strings(ri, interview, "channels")),
        phrases=_phrases(ri, interview, "interview.yaml", PHRASES),
        categories=categories,
        tips=tips,
        moments=_moments(rt, ttop, tips),
        follow_up_days=_days(rk, tracking, "follow_up_days", 7),
        tracking=_phrases(rk, tracking, "tracking.yaml", TRACKING_PHRASES),
    )
    values["private"] = _private(readers, top, categories, tips)
    values["withheld"] = _text(r, top, "withheld", required=False)
    if any(r.problems for r, _ in readers.values()):
        return None
    return Guide(folder=folder, **values)


def _private(readers: Readers, top: Entries, categories: tuple[Category, ...], tips: tuple[Tip, ...]) -> tuple[str, ...]:
    """The private fields' paths, each checked against the worksheet model and the guide's questions.

    Question ids are checked only against a categories or tips file from the same folder as
    guide.yaml: the bundled list must not fail a guide that brings its own categories.
    """
    from ..worksheet.privacy import DEFAULT_PRIVATE, path_problem

    r = readers["guide.yaml"][0]
    if "private" not in top:
        return DEFAULT_PRIVATE

    def beside(name: str) -> bool:  # and read without problems: no follow-on errors
        reader = readers[name][0]
        return reader.path.parent == r.path.parent and not reader.problems

    sections = {
        "considerations": {c.id: tuple(q.id for q in c.questions) for c in categories} if beside("categories.yaml") else None,
        "tips": {t.id: tuple(q.id for q in t.questions) for t in tips} if beside("tips.yaml") else None,
    }
    nodes = r.sequence(top["private"][1], "private") or []
    paths: list[str] = []
    for index, node in enumerate(nodes, 1):
        path = r.text(node, f"private[{index}]", required=True)
        if path == JUDGEMENTS:
            paths += _judgement_paths(categories, tips)
            continue
        problem = path_problem(path, sections) if path else None
        if problem:
            r.error(node, f"private[{index}]: {problem}")
        elif path:
            paths.append(path)
    return tuple(dict.fromkeys(paths))  # each once: `judgements` may name one listed already


JUDGEMENTS = "judgements"  # in `private:`, the answers to every question the guide marks `judgement: true`


def _judgement_paths(categories: tuple[Category, ...], tips: tuple[Tip, ...]) -> list[str]:
    sections = [("considerations", c.id, c.questions) for c in categories] + [("tips", t.id, t.questions) for t in tips]
    return [f"{key}.{sid}.{q.id}" for key, sid, questions in sections for q in questions if getattr(q, "judgement", False)]


def _version(r: NodeReader, top: dict) -> None:
    if "version" not in top:
        r.error(None, "guide.yaml: missing key 'version' (this partnerkit reads version: 1)")
        return
    version = r.typed(top["version"][1], "version", (int,), "a whole number")
    if version is not None and version != 1:
        r.error(top["version"][1], f"version: this partnerkit reads guide version 1, not {version}")


def _missing(r: NodeReader, entries: Entries, key: str, what: str) -> bool:
    if key in entries:
        return False
    r.error(entries.node, f"{what}: missing key {key!r}")
    return True


def _section(r: NodeReader, entries: Entries | None, key: str, what: str, allowed: list[str]) -> Entries | None:
    if entries is None or _missing(r, entries, key, what):
        return None
    return r.mapping(entries[key][1], f"{what}.{key}" if what != key else key, allowed)


def _text(r: NodeReader, entries: Entries | None, key: str, what: str | None = None, required: bool = True) -> Any:
    """The text at `key`; a missing required key is reported unless its section itself was bad."""
    what = what or key
    if entries is None or key not in entries:
        if required and entries is not None:
            _missing(r, entries, key, what.rsplit(".", 1)[0] if "." in what else "guide")
        return None
    return r.text(entries[key][1], what, required=required)


def _strings(r: NodeReader, entries: dict, key: str) -> list[str]:
    if key not in entries:
        return []
    items = r.sequence(entries[key][1], key) or []
    return [text for i, n in enumerate(items) if (text := r.text(n, f"{key}[{i + 1}]", required=True))]


def _prompt(r: NodeReader, node: Node, what: str, base: Prompt | None = None) -> Prompt | None:
    """A prompt is plain text or {text, hint}; over a `base` prompt either part may be left out."""
    if node.tag.endswith(":map"):
        entries = r.mapping(node, what, ["text", "hint"])
        if entries is None:
            return None
        text = _text(r, entries, "text", f"{what}.text", required=base is None) or (base and base.text)
        hint = _text(r, entries, "hint", f"{what}.hint", required=False) or (base and base.hint)
        return Prompt(text, hint) if text else None
    text = r.text(node, what, required=True)
    return Prompt(text, base.hint if base else None) if text else None


def _prompts(r: NodeReader, entries: Entries, key: str, what: str, names: tuple[str, ...], base: dict[str, Prompt] | None = None) -> dict[str, Prompt]:
    """Prompts by name; without `base` every name is required, with it each overrides its base."""
    if key not in entries:
        if base is None:
            _missing(r, entries, key, what)
        return dict(base or {})
    section = r.mapping(entries[key][1], f"{what}.{key}", names)
    if section is None:
        return dict(base or {})
    prompts = dict(base or {})
    for name in names:
        if name in section:
            prompt = _prompt(r, section[name][1], f"{what}.{key}.{name}", prompts.get(name))
            if prompt:
                prompts[name] = prompt
        elif base is None:
            _missing(r, section, name, f"{what}.{key}")
    return prompts


def _lead_days(r: NodeReader, top: dict) -> int:
    return _days(r, top, "lead_days", 0)


def _days(r: NodeReader, top: dict, key: str, default: int) -> int:
    if key not in top:
        return default
    days = r.typed(top[key][1], key, (int,), "a whole number of days")
    if days is not None and days < 0:
        r.error(top[key][1], f"{key}: must be zero or more")
    return default if days is None else days


def _moments(r: NodeReader, top: Entries, tips: tuple[Tip, ...]) -> dict[Moment, Said]:
    """tips.yaml's `moments`: for each moment, tips to show and tip questions whose answers to show."""
    if "moments" not in top:
        return {}
    names = [m.value for m in Moment]
    section = r.mapping(top["moments"][1], "moments", names) or {}
    questions = {f"{t.id}/{q.id}" for t in tips for q in t.questions}
    moments = {}
    for name, (_, node) in section.items():
        what = f"moments.{name}"
        entries = r.mapping(node, what, ["tips", "answers"]) or {}
        shown = _strings(r, entries, "tips")
        for tip_id in shown:
            if tip_id not in {t.id for t in tips}:
                r.error(entries["tips"][1], f"{what}.tips: no tip {tip_id!r}{did_you_mean(tip_id, [t.id for t in tips])}")
        answers = _strings(r, entries, "answers")
        for ref in answers:
            if ref not in questions:
                r.error(entries["answers"][1], f"{what}.answers: no tip question {ref!r} (write TIP-ID/QUESTION-ID){did_you_mean(ref, questions)}")
        moments[Moment(name)] = Said(tuple(shown), tuple(tuple(ref.split("/", 1)) for ref in answers))  # type: ignore[misc]
    return moments


def _phrases(r: NodeReader, top: Entries, file: str, spec: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """A file's `phrases`: exactly the keys of `spec`, each using only its placeholders."""
    section = _section(r, top, "phrases", file, list(spec))
    if section is None:
        return {}
    phrases = {}
    for key, allowed in spec.items():
        text = _text(r, section, key, f"phrases.{key}")
        if text is None:
            continue
        problem = _placeholder_problem(text, allowed)
        if problem:
            r.error(section[key][1], f"phrases.{key}: {problem}")
            continue
        phrases[key] = text
    return phrases


def _placeholder_problem(text: str, allowed: tuple[str, ...]) -> str | None:
    """What is wrong with a phrase's placeholders, or None: each must be a plain {name} it may use.

    Checked here, completely, so a phrase can never fail later in the interview: `{0}`, `{name.attr}`
    or `{name[0]}` would raise, `{name!r}` shows quotes, and `{name:>99999999}` pads forever.
    """
    offer = ", ".join("{" + a + "}" for a in allowed) or "none"
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return "a single { or } (write {{ or }} for a literal brace)"
    for name, spec, conversion in fields:
        if name not in allowed:
            return f"unknown placeholder {{{name}}} (this phrase can use: {offer}; write {{{{ for a literal brace)"
        if spec or conversion:
            return f"placeholder {{{name}}} must be written plainly, without ! or : (this phrase can use: {offer})"
    return None


def _list(r: NodeReader, top: dict, key: str, build: Any) -> tuple:
    if _missing(r, top, key, key):
        return ()
    items = r.sequence(top[key][1], key) or []
    if not items:
        r.error(top[key][1], f"{key}: the list is empty")
    built, seen = [], {}
    for index, node in enumerate(items, 1):
        item = build(r, node, f"{key}[{index}]")
        if item is None:
            continue
        if item.id in seen:
            r.error(node, f"{key}[{index}]: id {item.id!r} is used twice (first at {key}[{seen[item.id]}])")
            continue
        seen[item.id] = index
        built.append(item)
    return tuple(built)


def _id(r: NodeReader, entries: dict, what: str) -> str | None:
    value = _text(r, entries, "id", f"{what}.id")
    if value and not ID_PATTERN.match(value):
        r.error(entries["id"][1], f"{what}.id: {value!r} must be lower-case letters, digits and dashes")
        return None
    return value


QUESTION_FLAGS = ("judgement", "essential", "names_partners")


def _question(r: NodeReader, node: Node, what: str, *, placed: bool = False) -> Question | None:
    allowed = ["id", "prompt", "hint", "kind", "choices", *QUESTION_FLAGS, "suggest"] + (["at"] if placed else [])
    entries = r.mapping(node, what, allowed)
    if entries is None:
        return None
    qid, prompt = _id(r, entries, what), _text(r, entries, "prompt", f"{what}.prompt")
    kind = _choice(r, entries, "kind", what, [k.value for k in Kind], Kind.TEXT.value)
    at = _choice(r, entries, "at", what, ["before", "after"], "after")
    choices, cautions = _choices(r, entries, what)
    if kind == Kind.SELECT.value and not choices:
        r.error(node, f"{what}: a 'select' question needs a list of choices")
    flags = {k: bool(r.typed(entries[k][1], f"{what}.{k}", (bool,), "true or false")) for k in QUESTION_FLAGS if k in entries}
    if flags.get("judgement") and kind != Kind.SELECT.value:
        r.error(entries["judgement"][1], f"{what}.judgement: only a 'select' question can be a judgement")
    suggest = _choice(r, entries, "suggest", what, ["lead-days"], None)
    if suggest and kind != Kind.DATE.value:
        r.error(entries["suggest"][1], f"{what}.suggest: only a 'date' question can suggest a date")
    if not (qid and prompt and kind and at):
        return None
    hint = _text(r, entries, "hint", f"{what}.hint", required=False)
    return Question(qid, prompt, hint, Kind(kind), choices, at, cautions=cautions, suggest=suggest, **flags)


def _choices(r: NodeReader, entries: Entries, what: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """A select's choices: each plain text, or {text, caution} for a choice the person should heed."""
    if "choices" not in entries:
        return (), {}
    choices, cautions = [], {}
    for index, node in enumerate(r.sequence(entries["choices"][1], f"{what}.choices") or [], 1):
        where = f"{what}.choices[{index}]"
        if not node.tag.endswith(":map"):
            text = r.text(node, where, required=True)
        elif (choice := r.mapping(node, where, ["text", "caution"])) is not None:
            text = _text(r, choice, "text", f"{where}.text")
            caution = _text(r, choice, "caution", f"{where}.caution", required=False)
            if text and caution:
                cautions[text] = caution
        else:
            text = None
        if text:
            choices.append(text)
    return tuple(choices), cautions


def _choice(r: NodeReader, entries: dict, key: str, what: str, options: list[str], default: str | None) -> str | None:
    if key not in entries:
        return default
    value = r.text(entries[key][1], f"{what}.{key}", required=True)
    if value is not None and value not in options:
        listed = ", ".join(options)
        r.error(entries[key][1], f"{what}.{key}: {value!r} is not one of {listed}{did_you_mean(value, options)}")
        return None
    return value


def _questions(r: NodeReader, entries: dict, what: str, *, placed: bool = False) -> tuple[Question, ...]:
    if "questions" not in entries:
        return ()
    nodes = r.sequence(entries["questions"][1], f"{what}.questions") or []
    questions = [_question(r, n, f"{what}.questions[{i}]", placed=placed) for i, n in enumerate(nodes, 1)]
    ids = [q.id for q in questions if q]
    for q in questions:
        if q and ids.count(q.id) > 1:
            r.error(entries["questions"][1], f"{what}.questions: id {q.id!r} is used twice")
            break
    return tuple(q for q in questions if q)


def _categories(r: NodeReader, top: dict, fields: dict[str, Prompt]) -> tuple[Category, ...]:
    def build(r: NodeReader, node: Node, what: str) -> Category | None:
        keys = ["id", "title", "label", "name", "why", "who", "weigh", "essential", "fields", "questions"]
        entries = r.mapping(node, what, keys)
        if entries is None:
            return None
        texts = {k: _text(r, entries, k, f"{what}.{k}") for k in ("id", "title", "label", "name", "why", "who")}
        texts["id"] = _id(r, entries, what) if texts["id"] else None
        essential = r.typed(entries["essential"][1], f"{what}.essential", (bool,), "true or false") if "essential" in entries else False
        category = Category(
            **texts,
            weigh=tuple(_strings(r, entries, "weigh")),
            essential=bool(essential),
            fields=_prompts(r, entries, "fields", what, PARTNER_FIELDS, base=fields),
            questions=_questions(r, entries, what, placed=True),
        )
        return category if all(texts.values()) else None

    return _list(r, top, "categories", build)


def _tip(r: NodeReader, node: Node, what: str) -> Tip | None:
    entries = r.mapping(node, what, ["id", "title", "text", "questions"])
    if entries is None:
        return None
    tid, title, text = _id(r, entries, what), _text(r, entries, "title", f"{what}.title"), _text(r, entries, "text", f"{what}.text")
    questions = _questions(r, entries, what)
    return Tip(tid, title, text, questions) if tid and title and text else None
