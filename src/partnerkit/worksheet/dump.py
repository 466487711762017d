"""Writing a worksheet: the model -> block YAML that reads well, passes yamllint, and loads back unchanged.

What is written follows the model (model.fields_of): every field in its order, nothing for an empty
one, so a new field on the model is saved with no change here. The blank template's commented
example is built the same way.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from enum import Enum
from functools import cache
from typing import Any

import yaml

from ..catalog import _
from ..guide.model import ID_PATTERN, Guide
from ..safetext import visible
from .model import FLAGS, STATUSES, Partner, Worksheet, fields_of, record_class
from .parse import VERSION

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
    # Text ending in a blank line needs a `|+` block, whose kept lines run into whatever text follows
    # an entry spliced into a file: it is double-quoted too.
    quoted = not _OTHER_BREAKS.isdisjoint(value) or value.endswith("\n\n") or value == "\n"
    style = '"' if quoted else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def file_comment(guide: Guide) -> list[str]:
    """The guide's comment for the top of a saved worksheet, as `# ` lines within WIDTH."""
    import textwrap

    lines = guide.worksheet.file_comment.strip().splitlines()
    return [f"# {part}".rstrip() for line in lines for part in (textwrap.wrap(line, WIDTH - 2) or [""])]


def plain(value: Any) -> Any:
    """A model value as plain data in file order: records as mappings without their empty fields,
    lists of records as lists, Enums as their words; None for an empty value (left out)."""
    if value is None or value.__class__ is str:
        return value
    names = _field_names(type(value))
    if names is not None:
        fields = ((name, plain(getattr(value, name))) for name in names)
        return {name: item for name, item in fields if item is not None} or None
    if isinstance(value, tuple):
        return [plain(item) for item in value] or None
    if isinstance(value, Enum):
        return value.value
    return value


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The fields a file holds for a record class (fields_of), in order; None for any other type."""
    return tuple(f.name for f in fields_of(cls)) if dataclasses.is_dataclass(cls) else None


def to_data(worksheet: Worksheet) -> dict[str, Any]:
    """The worksheet as plain data in file order: what is saved, and what JSON export prints."""
    data: dict[str, Any] = {"version": worksheet.version}
    if worksheet.id is not None:
        data["id"] = worksheet.id
    action = plain(worksheet.action)
    if action:
        data["action"] = action
    data["partners"] = {cid: [plain(p) for p in ps] for cid, ps in worksheet.partners.items()}
    for key in ("considerations", "tips"):
        answers = getattr(worksheet, key)
        if answers:
            data[key] = {sid: dict(given) for sid, given in answers.items()}
    if worksheet.purged is not None:
        data["purged"] = worksheet.purged
    if worksheet.team:
        data["team"] = [plain(member) for member in worksheet.team]
    return data


def dump_yaml(data: Any, indent: int = 0) -> str:
    """Plain data as block YAML in the worksheet's style (see _Dumper), to be placed `indent` columns in."""
    dumper = type("_PlacedDumper", (_Dumper,), {"offset": indent}) if indent else _Dumper
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=WIDTH - indent)


def dump_worksheet(worksheet: Worksheet, guide: Guide) -> str:
    return dump_data(to_data(worksheet), guide)


def dump_data(data: dict[str, Any], guide: Guide) -> str:
    """A worksheet's plain data as a saved file: the guide's comment, then the YAML."""
    return "\n".join(file_comment(guide)) + "\n\n" + dump_yaml(data)


# --- the blank template ----------------------------------------------------------------------------

def examples(guide: Guide) -> dict[str, tuple[str, str]]:
    """A field's example in the blank template, and what it says after it: the words from the
    catalog, the values that are data (dates, statuses, flags, a channel's id) as they are."""
    how = (guide.channels[0].id, _("worksheet.example.how.note")) if guide.channels else (_("worksheet.example.how"), "")
    return {
        "organization": (_("worksheet.example.organization"), ""),
        "why": (_("worksheet.example.why"), ""),
        "ask.who": (_("worksheet.example.who"), ""),
        "ask.how": how,
        "ask.when": ("2027-06-01", _("worksheet.example.when.note")),
        "status": ("planned", " | ".join(STATUSES)),
        "notes": (_("worksheet.example.notes"), ""),
        "follow_up": ("2027-06-10", _("worksheet.example.follow_up.note")),
        "log": ("", _("worksheet.example.log.note")),
        "log.date": ("2027-06-02", ""),
        "log.by": (_("worksheet.example.who"), ""),
        "log.note": (_("worksheet.example.note"), ""),
        "log.status": ("asked", _("worksheet.example.status.note")),
        "log.flag": ("harm", _("worksheet.example.flag.note", flags=" | ".join(FLAGS))),
        "log.addressed": ("", ""),
    }


def blank_worksheet_text(guide: Guide, worksheet_id: str) -> str:
    """A worksheet to fill in by hand: every category present, an example entry commented out."""
    date_format = _("worksheet.example.date_format")
    date = f"  date:        # {date_format}"
    top = [f"version: {VERSION}", id_line(worksheet_id)]
    lines = [*file_comment(guide), "", *top, "action:", "  name:", date, "  place:", "partners:"]
    for index, category in enumerate(guide.categories):
        lines += [f"  # {visible(category.label, one_line=True)}", f"  {category.id}:"]  # a comment holds no control character
        if index == 0:
            lines += [f"    # {line}" for line in _example(Partner, "", "- ", examples(guide))]
    return "\n".join(lines) + "\n"


def id_line(worksheet_id: str) -> str:
    """A new worksheet's `id:` line, saying what it is for."""
    note = _("worksheet.example.id.note")
    return f"id: {plain_scalar(worksheet_id)}  # {note}"  # quoted when YAML would read it as a number


def plain_scalar(text: str) -> str:
    """`text` as a YAML scalar on one line: as it is where YAML reads it back as that text, else double-quoted."""
    import json

    if ID_PATTERN.fullmatch(text) and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _example(cls: type, path: str, first: str, examples: dict[str, tuple[str, str]]) -> list[str]:
    """Commented example lines of a record, each field as the model orders it: `first` starts its first line."""
    hints = typing.get_type_hints(cls)
    lines: list[str] = []
    for f in fields_of(cls):
        where = f"{path}{f.name}"
        value, note = examples.get(where, (f"<{f.name}>", ""))
        if where == "log.addressed":
            continue  # shown by `partnerkit log --addressed`; an example would read as an open flag closed
        lead = first if not lines else " " * len(first)
        inner = record_class(hints[f.name])
        if inner is not None:
            lines.append(_commented(f"{lead}{f.name}:", note))
            nested = "- " if typing.get_origin(hints[f.name]) is tuple else "  "
            lines += [f"{' ' * len(first)}{line}" for line in _example(inner, f"{where}.", nested, examples)]
            continue
        lines.append(_commented(f"{lead}{f.name}: {value}", note))
    return lines


def _commented(line: str, note: str) -> str:
    return f"{line:<22}  # {note}" if note else line
