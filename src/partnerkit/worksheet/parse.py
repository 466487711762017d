"""The worksheet file: YAML nodes -> the model with every problem located, and the model -> YAML.

The file format (version 2) is documented in README.md. Loading composes YAML nodes so every
problem is reported as FILE:LINE:COL, all at once; saving writes block-style YAML that reads well
and survives another load unchanged.
"""

from __future__ import annotations

import os
import re
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import Node

from ..files import age as sealed
from ..errors import InvalidFile, PartnerkitError, Problem
from ..guide.model import Guide, Kind, Question
from ..files.nodes import NodeReader, did_you_mean
from ..files.age import is_sealed, read_plain
from .model import FLAGS, STATUSES, Action, Answer, Ask, Flag, LogEntry, Partner, Status, Worksheet
from ..files.reading import compose, decode, gc_paused, read_document, read_text, refuse_oversized

VERSION = 2
# Versions this partnerkit reads, and what changed since each: a file of an older version is read
# as it is (each version only added keys) and upgraded when partnerkit next writes it.
UPGRADES = {1: "version 2 adds each partner's follow_up and log"}

# --- loading ---------------------------------------------------------------------------------

TOP_KEYS = ("version", "action", "partners", "considerations", "tips")
PARTNER_KEYS = ("organization", "why", "ask", "status", "notes", "follow_up", "log")
ASK_KEYS = ("who", "how", "when")
LOG_KEYS = ("date", "by", "note", "status", "flag", "addressed")
INVALID_HINT = "fix the lines above, then run the command again (partnerkit check FILE lists the problems)"


def load_worksheets(paths: list[Path], guide: Guide) -> tuple[tuple[Path, Worksheet], ...]:
    """Load every file, reporting the problems of all invalid ones together."""
    sources: list[tuple[Path, Worksheet]] = []
    problems: list[Problem] = []
    count = 0
    for path in paths:
        try:
            sources.append((path, load_worksheet(path, guide)))
        except InvalidFile as error:
            problems += error.problems
            count += error.count
    if problems:
        raise InvalidFile(problems, what="worksheet", hint=INVALID_HINT, count=count)
    return tuple(sources)


def load_worksheet(path: Path, guide: Guide) -> Worksheet:
    """Read and validate a worksheet file; raises InvalidFile listing every problem."""
    if is_sealed(path):
        return load_sealed(path, guide)
    with gc_paused():  # the node tree is freed before collection resumes; see gc_paused
        return parse_worksheet(read_document(path), path, guide)


def load_sealed(path: Path, guide: Guide) -> Worksheet:
    """An encrypted worksheet, decrypted in memory (output.problems then quotes none of its text)."""
    data = read_plain(path)
    refuse_oversized(data, path)
    with gc_paused():
        return parse_worksheet(compose(decode(data, path), path), path, guide)


def parse_worksheet(node: Node | None, path: Path, guide: Guide) -> Worksheet:
    r = NodeReader(path)
    top = r.mapping(node, "worksheet", TOP_KEYS)
    worksheet = None
    if top is not None:
        _check_version(r, top, path)
        worksheet = Worksheet(
            partners=_partners(r, top.get("partners"), guide),
            action=_action(r, top["action"][1]) if "action" in top else Action(),
            considerations=_answers(r, top, "considerations", {c.id: c.questions for c in guide.categories}),
            tips=_answers(r, top, "tips", {t.id: t.questions for t in guide.tips}),
        )
    r.raise_if_problems("worksheet", hint=INVALID_HINT)
    assert worksheet is not None
    return worksheet


def _check_version(r: NodeReader, top: dict, path: Path) -> None:
    if "version" not in top:
        r.error(None, f"missing 'version: {VERSION}' at the top (is this a partnerkit worksheet?)")
        return
    node = top["version"][1]
    version = r.typed(node, "version", (int,), "a whole number")
    if version is not None and version != VERSION and version not in UPGRADES:
        newer = " (written by a newer partnerkit? upgrade it)" if version > VERSION else ""
        r.error(node, f"version: this partnerkit reads worksheet versions {min(UPGRADES)} to {VERSION}, not {version}{newer}")


def _action(r: NodeReader, node: Node) -> Action:
    entries = r.mapping(node, "action", ("name", "date", "place"))
    if not entries:
        return Action()
    when = r.typed(entries["date"][1], "action.date", (date,), "a date like 2027-08-12") if "date" in entries else None
    return Action(
        name=r.text(entries["name"][1], "action.name") if "name" in entries else None,
        date=when,
        place=r.text(entries["place"][1], "action.place") if "place" in entries else None,
    )


def _partners(r: NodeReader, item: tuple[Node, Node] | None, guide: Guide) -> dict[str, tuple[Partner, ...]]:
    partners: dict[str, tuple[Partner, ...]] = {cid: () for cid in guide.category_ids}
    if item is None:
        return partners
    entries = r.mapping(item[1], "partners") or {}
    for cid, (key_node, value) in entries.items():
        if cid not in partners:
            known = ", ".join(guide.category_ids)
            r.error(key_node, f"partners: unknown category {cid!r}{did_you_mean(cid, guide.category_ids)}; the guide's categories are {known}")
            continue
        nodes = r.sequence(value, f"partners.{cid}") or []
        built = (_partner(r, n, f"partners.{cid}[{i}]") for i, n in enumerate(nodes, 1))
        partners[cid] = tuple(p for p in built if p is not None)
    return partners


def _partner(r: NodeReader, node: Node, what: str) -> Partner | None:
    entries = r.mapping(node, what, PARTNER_KEYS)
    if entries is None:
        return None
    if "organization" not in entries:
        r.error(node, f"{what}: missing 'organization' (the organization's name)")
        return None
    text = {k: r.text(entries[k][1], f"{what}.{k}", required=k == "organization") if k in entries else None for k in ("organization", "why", "notes")}
    status = _word(r, entries, "status", what, Status) or Status.PLANNED
    ask = _ask(r, entries["ask"][1], f"{what}.ask") if "ask" in entries else Ask()
    follow_up = _date(r, entries, "follow_up", what)
    log = _log(r, entries["log"][1], f"{what}.log") if "log" in entries else ()
    if text["organization"] is None:
        return None
    return Partner(ask=ask, status=status, follow_up=follow_up, log=log, line=node.start_mark.line + 1, **text)


def _word(r: NodeReader, entries: dict, key: str, what: str, kind: type[StrEnum]) -> Any:
    """One of an Enum's values at `key`, or None (absent, or reported)."""
    if key not in entries:
        return None
    value = r.text(entries[key][1], f"{what}.{key}")
    words = [k.value for k in kind]  # type: ignore[attr-defined]
    if value in words:
        return kind(value)
    if value is not None:
        r.error(entries[key][1], f"{what}.{key}: {value!r} is not one of {', '.join(words)}{did_you_mean(value, words)}")
    return None


def _date(r: NodeReader, entries: dict, key: str, what: str) -> date | None:
    return r.typed(entries[key][1], f"{what}.{key}", (date,), "a date like 2027-06-10") if key in entries else None


def _log(r: NodeReader, node: Node, what: str) -> tuple[LogEntry, ...]:
    """The partner's history, oldest first; each entry needs its date."""
    entries = []
    for index, item in enumerate(r.sequence(node, what) or [], 1):
        where = f"{what}[{index}]"
        fields = r.mapping(item, where, LOG_KEYS)
        if fields is None:
            continue
        if "date" not in fields:
            r.error(item, f"{where}: missing 'date' (when it happened, like 2027-06-02)")
            continue
        when = _date(r, fields, "date", where)
        by, note = (r.text(fields[k][1], f"{where}.{k}") if k in fields else None for k in ("by", "note"))
        status, flag, addressed = (_word(r, fields, k, where, kind) for k, kind in (("status", Status), ("flag", Flag), ("addressed", Flag)))
        if when is not None:
            entries.append(LogEntry(when, by, note, status, flag, addressed))
    return tuple(entries)


def _ask(r: NodeReader, node: Node, what: str) -> Ask:
    entries = r.mapping(node, what, ASK_KEYS)
    if not entries:
        return Ask()
    when = None
    if "when" in entries:
        when = r.typed(entries["when"][1], f"{what}.when", (date, str), "a date like 2027-06-01 or text")
        when = None if isinstance(when, str) and not when.strip() else when
    return Ask(
        who=r.text(entries["who"][1], f"{what}.who") if "who" in entries else None,
        how=r.text(entries["how"][1], f"{what}.how") if "how" in entries else None,
        when=when,
    )


_ANSWER_TYPES: dict[Kind, tuple[tuple[type, ...], str]] = {
    Kind.TEXT: ((str,), "text"),
    Kind.SELECT: ((str,), "text"),
    Kind.CONFIRM: ((bool,), "yes or no"),
    Kind.DATE: ((date,), "a date like 2027-06-01"),
}


def _answers(r: NodeReader, top: dict, key: str, questions: dict[str, tuple[Question, ...]]) -> dict[str, dict[str, Answer]]:
    if key not in top:
        return {}
    sections = r.mapping(top[key][1], key, questions) or {}
    answers: dict[str, dict[str, Answer]] = {}
    for sid, (_, node) in sections.items():
        by_id = {q.id: q for q in questions[sid]}
        entries = r.mapping(node, f"{key}.{sid}", by_id) or {}
        given = {}
        for qid, (_, value_node) in entries.items():
            types, expected = _ANSWER_TYPES[by_id[qid].kind]
            value = r.typed(value_node, f"{key}.{sid}.{qid}", types, expected)
            if value is not None and not (isinstance(value, str) and not value.strip()):
                given[qid] = value
        if given:
            answers[sid] = given
    return answers


# --- saving ----------------------------------------------------------------------------------


WIDTH = 80  # the longest line a saved file has (but for a word longer than that), as yamllint checks


class _Dumper(yaml.SafeDumper):
    """Block style, key order kept; lists indented under their key; long or multi-line text in blocks.

    Lines stay within WIDTH (but for a single word longer than that), as yamllint checks. Plain
    text is never wrapped over several lines: a hand editor who types `word: ` on a continuation
    line of a plain scalar breaks the file. Multi-line text is a `|` block, and text too long for
    its line a folded `>` block, wrapped at spaces and read back exactly. Text holding a line
    break YAML reads back as another (NEL, U+2028, U+2029, CR) is double-quoted: only escapes keep
    those. (PyYAML's own emitter, not libyaml's: only it can indent lists and pick styles.)
    """

    offset = 0  # columns the text will be moved right by (an entry spliced into a file): see dump_yaml

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        event = self.event
        if event.style in (None, "|") and not self.simple_key_context and event.value.strip() and not self._fits(event.value, event.style):
            # A folded block keeps the break before a line starting with a space, so such text is
            # double-quoted instead, which wraps within WIDTH too.
            event.style = '"' if event.value.startswith(" ") else ">"
        return super().choose_scalar_style()

    def _fits(self, value: str, style: str | None) -> bool:
        if style is None:  # after "key: ", perhaps in quotes
            return self.offset + self.column + 3 + len(value) <= WIDTH
        content = self.offset + (self.indent or 0) + self.best_indent  # a block's lines, under its key
        return all(content + len(line) <= WIDTH for line in value.split("\n"))

    def process_scalar(self) -> None:
        # PyYAML folds a `>` line at the first space past best_width, so a line may overrun it by
        # a word: narrow best_width by the longest word, and every line ends within WIDTH. A
        # double-quoted line may overrun by its last escape (up to 10 characters) and the quote.
        if self.style == ">":
            longest = max(map(len, _WORD_GAPS.split(self.event.value)))
            self.best_width = WIDTH - self.offset - 1 - longest
        elif self.style == '"':  # it breaks only at a space too: leave room for a word as well
            longest = max(map(len, _WORD_GAPS.split(self.event.value)))
            self.best_width = WIDTH - self.offset - 12 - min(longest, 40)
        try:
            super().process_scalar()
        finally:
            self.best_width = WIDTH - self.offset

    def write_plain(self, text: str, split: bool = True) -> None:
        super().write_plain(text, split=False)


# Line breaks that no unescaped style keeps: YAML reads CR and NEL back as "\n", and U+2028/9
# break a block's indentation. Text holding one is double-quoted, where they are escapes.
_OTHER_BREAKS = frozenset("\r\x85\u2028\u2029")
_WORD_GAPS = re.compile(r"(?<! ) (?! )|\n")  # where PyYAML may break a folded block: a lone space


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if not _OTHER_BREAKS.isdisjoint(value) else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def file_comment(guide: Guide) -> list[str]:
    """The guide's comment for the top of a saved worksheet, as `# ` lines within WIDTH."""
    import textwrap

    lines = guide.worksheet.file_comment.strip().splitlines()
    return [f"# {part}".rstrip() for line in lines for part in (textwrap.wrap(line, WIDTH - 2) or [""])]


def to_data(worksheet: Worksheet) -> dict[str, Any]:
    """The worksheet as plain data in file order: what is saved, and what JSON export prints."""
    data: dict[str, Any] = {"version": VERSION}
    action = _clean({"name": worksheet.action.name, "date": worksheet.action.date, "place": worksheet.action.place})
    if action:
        data["action"] = action
    data["partners"] = {cid: [partner_data(p) for p in ps] for cid, ps in worksheet.partners.items()}
    for key in ("considerations", "tips"):
        answers = getattr(worksheet, key)
        if answers:
            data[key] = {sid: dict(given) for sid, given in answers.items()}
    return data


def partner_data(p: Partner) -> dict[str, Any]:
    """One partner as plain data, in file order."""
    ask = _clean({"who": p.ask.who, "how": p.ask.how, "when": p.ask.when})
    log = [log_entry(e) for e in p.log] or None
    values = {"organization": p.organization, "why": p.why, "ask": ask or None, "status": p.status.value, "notes": p.notes}
    return _clean({**values, "follow_up": p.follow_up, "log": log})


def _clean(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v is not None}


def log_entry(entry: LogEntry) -> dict[str, Any]:
    """One history entry as plain data, in file order."""
    values = {"date": entry.date, "by": entry.by, "note": entry.note}
    words = {"status": entry.status, "flag": entry.flag, "addressed": entry.addressed}
    return {k: v for k, v in {**values, **{k: w.value for k, w in words.items() if w}}.items() if v is not None}


def dump_yaml(data: Any, indent: int = 0) -> str:
    """Plain data as block YAML in the worksheet's style (see _Dumper), to be placed `indent` columns in."""
    dumper = type("_PlacedDumper", (_Dumper,), {"offset": indent}) if indent else _Dumper
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=WIDTH - indent)


def dump_worksheet(worksheet: Worksheet, guide: Guide) -> str:
    body = dump_yaml(to_data(worksheet))
    return "\n".join(file_comment(guide)) + "\n\n" + body


def save_worksheet(worksheet: Worksheet, guide: Guide, path: Path, *, force: bool = False) -> None:
    sealed.write(path, dump_worksheet(worksheet, guide), force=force)  # encrypted again when the name ends in .age


def blank_worksheet_text(guide: Guide) -> str:
    """A worksheet to fill in by hand: every category present, an example entry commented out."""
    lines = [*file_comment(guide), "", f"version: {VERSION}", "action:", "  name:", "  date:        # YYYY-MM-DD", "  place:", "partners:"]
    for index, category in enumerate(guide.categories):
        lines += [f"  # {category.label}", f"  {category.id}:"]
        if index == 0:
            lines += [
                "    # - organization: <name>",
                "    #   why: <why we want to ask them>",
                "    #   ask:",
                "    #     who: <which of us>",
                "    #     how: <one-on-one, call, email...>",
                "    #     when: 2027-06-01   # a date or words",
                f"    #   status: planned    # {' | '.join(STATUSES)}",
                "    #   notes: <optional>",
                "    #   follow_up: 2027-06-10   # when to check back (optional)",
                "    #   log:                    # oldest first; partnerkit log adds to it",
                "    #   - date: 2027-06-02",
                "    #     by: <which of us>",
                "    #     note: <what happened>",
                "    #     status: asked        # the status this entry set, if any",
                f"    #     flag: harm           # {' | '.join(FLAGS)}: a partner raised a clear flag of harm",
            ]
    return "\n".join(lines) + "\n"


def write_new_worksheet(path: Path, guide: Guide, *, example: bool = False, force: bool = False) -> Path:
    """Write a blank worksheet, or the guide's example, refusing to replace a file unless forced."""
    if os.path.lexists(path) and not force:  # lexists: a dangling link or an odd path must not raise here
        raise PartnerkitError(f"{path} already exists", hint="use --force to replace it, or give another file name")
    if example:
        source = guide.folder / "example.yaml"
        if not source.is_file():
            raise PartnerkitError(f"the guide in {guide.folder} has no example worksheet (example.yaml)")
        text = read_text(source)
    else:
        text = blank_worksheet_text(guide)
    sealed.write(path, text, force=force)
    return path
