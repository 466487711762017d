"""Reading a guide folder: its YAML files -> the guide model, every problem collected and located.

A guide is a folder of up to five files. Any file a custom guide leaves out is taken from the
bundled guide, so a campaign can replace just its categories or tips. A guide folder may hold a
folder per language (es/, fr/...) with its own copies: in language L each file is taken from
DIR/L/, else DIR/, else the bundled guide's L/, else the bundled guide, so exactly one copy of
each file is read, in the user's language where there is one (catalog.codes()).

    guide.yaml        the worksheet's title, intro, columns and labels; the welcome; action
                      questions; which fields are private
    interview.yaml    the questions asked about each partner, and the interview's own phrases
    categories.yaml   the partner categories, in worksheet order, with their guidance
    tips.yaml         the general tips and the questions asked about each, and what to show
                      at the moments of working the plan (a decline, a flag, a late ask)
    tracking.yaml     the words of `log` and `agenda`, and how long to wait for an answer

The bundled guide is also the spec of a custom one: the per-partner questions (`fields`) and the
table's `labels` a custom file gives must be the ones the bundled files give, so a field added to
the worksheet needs its words in the bundled guide only.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

from yaml.nodes import Node

from ..catalog import N_, _, codes
from ..errors import InvalidFile, PartnerkitError
from ..files.nodes import Entries, NodeReader
from ..files.reading import read_bytes
from ..files.yamldoc import document, read_document
from . import entries as e
from . import parts as p
from .model import ACTION_FIELDS, PHRASES, TRACKING_PHRASES, Category, Columns, Guide, Sheet, Tip

GUIDE_ENV = "PARTNERKIT_GUIDE"
GUIDE_FILES = ("guide.yaml", "interview.yaml", "categories.yaml", "tips.yaml", "tracking.yaml")
JUDGEMENTS = "judgements"  # in `private:` or `public:`, the answers to every question the guide marks `judgement: true`
ANSWER_SECTIONS = ("considerations", "tips")
WILDCARD = "*"
_FIELD_PATH = re.compile(r"[a-z_]+(\.[a-z_]+)*")  # the whole path (fullmatch)

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
        raise PartnerkitError(_("guide.no_folder", folder=chosen, source=source))
    return chosen


def localized(folder: Path, name: str) -> Path:
    """The file `name` of a guide folder in the user's language: FOLDER/L/NAME for the first language
    L asked for that has it, else FOLDER/NAME (which may not exist)."""
    for code in codes():
        path = folder / code / name
        if path.is_file():
            return path
    return folder / name


def load_guide(folder: Path | None = None) -> Guide:
    """Load and validate a guide folder, in the user's language; raises InvalidFile listing every problem in it."""
    folder = guide_dir(folder)
    bundled = bundled_guide_dir()
    readers: Readers = {}
    origins: dict[str, Path] = {}  # the guide folder each file came from: the guide's own, or the bundled one
    for name in GUIDE_FILES:
        path, origins[name] = localized(folder, name), folder
        if not path.exists():
            path, origins[name] = localized(bundled, name), bundled
        data = read_bytes(path)
        readers[name] = (NodeReader(path, data.removeprefix(codecs.BOM_UTF8)), document(data, path))
    language = next((code for code in codes() if any(r.path.parent in (folder / code, bundled / code) for r, _node in readers.values())), "")
    guide = build_guide(readers, folder, _spec(readers, bundled), origins, language)
    problems = [problem for reader, _node in readers.values() for problem in reader.problems]
    if problems:
        raise InvalidFile(problems, what=_("guide.what"), hint=_("guide.invalid.hint"))
    assert guide is not None
    return guide


def _spec(readers: Readers, bundled: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The per-partner field names and the label names, as the bundled guide gives them."""
    def keys(name: str, *path: str) -> tuple[str, ...]:
        reader, node = readers[name]
        if bundled not in (reader.path.parent, reader.path.parent.parent):  # a bundled language's copy holds the same keys
            node = read_document(bundled / name)
        for key in path:
            node = next((v for k, v in getattr(node, "value", []) if getattr(k, "value", None) == key), None)
        return tuple(k.value for k, _value in getattr(node, "value", []) if isinstance(getattr(k, "value", None), str))

    return keys("interview.yaml", "fields"), keys("guide.yaml", "worksheet", "labels")


def build_guide(
    readers: Readers, folder: Path, spec: tuple[tuple[str, ...], tuple[str, ...]], origins: dict[str, Path] | None = None, language: str = ""
) -> Guide | None:
    field_names, label_names = spec
    r, node = readers["guide.yaml"]
    top = r.mapping(node, "guide.yaml", ["version", "name", "worksheet", "welcome", "action", "lead_days", "private", "public", "withheld"])
    ri, inode = readers["interview.yaml"]
    interview = ri.mapping(inode, "interview.yaml", ["fields", "channels", "phrases"])
    rc, cnode = readers["categories.yaml"]
    ctop = rc.mapping(cnode, "categories.yaml", ["categories"])
    rt, tnode = readers["tips.yaml"]
    ttop = rt.mapping(tnode, "tips.yaml", ["tips", "moments"])
    rk, knode = readers["tracking.yaml"]
    tracking = rk.mapping(knode, "tracking.yaml", ["follow_up_days", "phrases", "statuses", "flags"])
    if top is None or interview is None or ctop is None or ttop is None or tracking is None:
        return None
    _version(r, top)
    sheet = e.section(r, top, "worksheet", "worksheet", ["title", "intro", "columns", "file_comment", "labels"])
    columns = e.section(r, sheet, "columns", "worksheet", list(Columns.__annotations__))
    labels = e.section(r, sheet, "labels", "worksheet", list(label_names))
    fields = p.read_prompts(ri, interview, "fields", "interview.yaml", field_names)
    categories = p.read_categories(rc, ctop, fields, field_names)
    tips = e.listed(rt, ttop, "tips", p.read_tip)
    values = dict(
        name=e.text(r, top, "name"),
        welcome=e.text(r, top, "welcome"),
        worksheet=Sheet(
            title=e.text(r, sheet, "title", "worksheet.title"),
            intro=e.text(r, sheet, "intro", "worksheet.intro"),
            file_comment=e.written(r, sheet, "file_comment", e.text(r, sheet, "file_comment", "worksheet.file_comment"), "worksheet.file_comment"),
            columns=Columns(**{k: e.text(r, columns, k, f"worksheet.columns.{k}") for k in Columns.__annotations__}),
            labels={k: e.text(r, labels, k, f"worksheet.labels.{k}") for k in label_names},
        ),
        action=p.read_prompts(r, top, "action", "guide.yaml", ACTION_FIELDS),
        lead_days=e.days(r, top, "lead_days", 0),
        channels=p.read_choices(ri, interview, "channels", cautions=False),
        phrases=p.read_phrases(ri, interview, "interview.yaml", PHRASES),
        categories=categories,
        tips=tips,
        moments=p.read_moments(rt, ttop, tips),
        follow_up_days=e.days(rk, tracking, "follow_up_days", 7),
        tracking=p.read_phrases(rk, tracking, "tracking.yaml", TRACKING_PHRASES),
        terms=p.read_terms(rk, tracking),
        withheld=e.text(r, top, "withheld", required=False),
    )
    origins = origins or {name: reader.path.parent for name, (reader, _node) in readers.items()}
    private, private_at = _paths(readers, origins, top, "private", categories, tips)
    public, public_at = _paths(readers, origins, top, "public", categories, tips)
    if any(reader.problems for reader, _node in readers.values()):
        return None
    return Guide(folder=folder, private=private, public=public, field_marks={**public_at, **private_at}, language=language, **values)


def _paths(
    readers: Readers, origins: dict[str, Path], top: Entries, key: str, categories: tuple[Category, ...], tips: tuple[Tip, ...]
) -> tuple[tuple[str, ...], dict[str, tuple[Path, int, int]]]:
    """`private:` or `public:`: the paths it lists, and where each field path is (checked against
    the worksheet's model where the model is known: worksheet/privacy.py).

    Answers' paths are checked here against the guide's questions, but only against a categories or
    tips file from the same guide folder as guide.yaml (in any of its languages): the bundled list
    must not fail a guide that brings its own categories.
    """
    r = readers["guide.yaml"][0]
    if key not in top:
        return (), {}

    def beside(name: str) -> bool:  # and read without problems: no follow-on errors
        return origins[name] == origins["guide.yaml"] and not readers[name][0].problems

    sections = {
        "considerations": {c.id: tuple(q.id for q in c.questions) for c in categories} if beside("categories.yaml") else None,
        "tips": {t.id: tuple(q.id for q in t.questions) for t in tips} if beside("tips.yaml") else None,
    }
    paths: list[str] = []
    marks: dict[str, tuple[Path, int, int]] = {}
    for index, node in enumerate(r.sequence(top[key][1], key) or [], 1):
        path = r.text(node, f"{key}[{index}]", required=True)
        if path is None:
            continue
        if path == JUDGEMENTS:
            paths += _judgement_paths(categories, tips)
            continue
        problem = _answer_problem(path, sections) if path.split(".")[0] in ANSWER_SECTIONS else _shape_problem(path)
        if problem:
            r.error(node, f"{key}[{index}]: {problem}")
            continue
        paths.append(path)
        if path.split(".")[0] not in ANSWER_SECTIONS:
            marks[path] = (r.path, *r.where(node.start_mark))
    return tuple(dict.fromkeys(paths)), marks  # each once: `judgements` may name one listed already


def judgement_paths(guide: Guide) -> list[str]:
    """The answers to the questions the guide marks `judgement: true`, as private-list paths."""
    return _judgement_paths(guide.categories, guide.tips)


def _judgement_paths(categories: tuple[Category, ...], tips: tuple[Tip, ...]) -> list[str]:
    sections = [("considerations", c.id, c.questions) for c in categories] + [("tips", t.id, t.questions) for t in tips]
    return [f"{key}.{sid}.{q.id}" for key, sid, questions in sections for q in questions if q.judgement]


def _shape_problem(path: str) -> str | None:
    if _FIELD_PATH.fullmatch(path):
        return None
    return _("guide.path.shape", path=repr(path))


def _answer_problem(path: str, sections: dict[str, dict[str, tuple[str, ...]] | None]) -> str | None:
    """Why an answers' path (considerations.ID.QUESTION, tips.ID.QUESTION; either may be *) names no answer."""
    parts = path.split(".")
    if len(parts) != 3 or not all(parts):
        return _("guide.path.answer_shape", path=repr(path), section=parts[0], wildcard=WILDCARD)
    known = sections[parts[0]]
    if known is None:
        return None
    if parts[1] != WILDCARD and parts[1] not in known:
        return _("guide.path.no_section", path=repr(path), section=parts[0], id=repr(parts[1]))
    questions = {q for ids in known.values() for q in ids} if parts[1] == WILDCARD else set(known[parts[1]])
    if parts[2] != WILDCARD and parts[2] not in questions:
        return _("guide.path.no_question", path=repr(path), id=repr(parts[2]))
    return None


def _version(r: NodeReader, top: Entries) -> None:
    if "version" not in top:
        r.error(None, _("guide.version_missing", file="guide.yaml", key=repr("version")))
        return
    version = r.typed(top["version"][1], "version", (int,), N_("guide.expected.whole_number"))
    if version is not None and version != 1:
        r.error(top["version"][1], _("guide.version_unsupported", what="version", version=version))
