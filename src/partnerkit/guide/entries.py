"""Reading a guide file's entries: text, lists, ids, choices and numbers, each problem located.

Small helpers over files.nodes.NodeReader, shared by parts.py and loading.py: a missing required
key is reported at its mapping, and a section that was itself bad reports nothing more.
"""

from __future__ import annotations

from typing import Any

from yaml.reader import Reader

from ..catalog import N_, _
from ..files.nodes import Entries, NodeReader, did_you_mean
from .model import ID_PATTERN


def missing(r: NodeReader, entries: Entries, key: str, what: str) -> bool:
    if key in entries:
        return False
    r.error(entries.node, _("guide.missing_key", what=what, key=repr(key)))
    return True


def section(r: NodeReader, entries: Entries | None, key: str, what: str, allowed: list[str]) -> Entries | None:
    if entries is None or missing(r, entries, key, what):
        return None
    return r.mapping(entries[key][1], f"{what}.{key}" if what != key else key, allowed)


def text(r: NodeReader, entries: Entries | None, key: str, what: str | None = None, required: bool = True) -> Any:
    """The text at `key`; a missing required key is reported unless its section itself was bad."""
    what = what or key
    if entries is None or key not in entries:
        if required and entries is not None:
            missing(r, entries, key, what.rsplit(".", 1)[0] if "." in what else "guide")
        return None
    return r.text(entries[key][1], what, required=required)


def strings(r: NodeReader, entries: dict, key: str) -> list[str]:
    if key not in entries:
        return []
    items = r.sequence(entries[key][1], key) or []
    return [text for i, n in enumerate(items) if (text := r.text(n, f"{key}[{i + 1}]", required=True))]


def listed(r: NodeReader, top: dict, key: str, build: Any) -> tuple:
    if missing(r, top, key, key):
        return ()
    items = r.sequence(top[key][1], key) or []
    if not items:
        r.error(top[key][1], _("guide.empty_list", what=key))
    built, seen = [], {}
    for index, node in enumerate(items, 1):
        item = build(r, node, f"{key}[{index}]")
        if item is None:
            continue
        if item.id in seen:
            r.error(node, _("guide.id_used_twice", what=f"{key}[{index}]", id=repr(item.id), first=f"{key}[{seen[item.id]}]"))
            continue
        seen[item.id] = index
        built.append(item)
    return tuple(built)


def ident(r: NodeReader, entries: dict, what: str) -> str | None:
    value = text(r, entries, "id", f"{what}.id")
    if value and not ID_PATTERN.fullmatch(value):
        r.error(entries["id"][1], _("guide.bad_id", what=f"{what}.id", value=repr(value)))
        return None
    return value


def one_of(r: NodeReader, entries: dict, key: str, what: str, options: list[str], default: str | None) -> str | None:
    if key not in entries:
        return default
    value = r.text(entries[key][1], f"{what}.{key}", required=True)
    if value is not None and value not in options:
        listed = ", ".join(options)
        r.error(entries[key][1], _("guide.not_one_of", what=f"{what}.{key}", value=repr(value), options=listed, suggestion=did_you_mean(value, options)))
        return None
    return value


# Ten years: more is no plan for an action, and a date that far on may fall past the calendar's end.
MAX_DAYS = 3650


def days(r: NodeReader, top: dict, key: str, default: int) -> int:
    if key not in top:
        return default
    days = r.typed(top[key][1], key, (int,), N_("guide.expected.days"))
    if days is not None and not 0 <= days <= MAX_DAYS:
        r.error(top[key][1], _("guide.days_range", what=key, most=MAX_DAYS))
        return default
    return default if days is None else days


# What YAML cannot hold unescaped (C0 and C1 controls but tab and the line breaks, DEL, surrogates,
# U+FFFE/F): PyYAML's own pattern of it. Of that, what no spelling-out makes safe (surrogates,
# U+FFFE/F); and where str.splitlines breaks. Sets, not patterns: compiling the two cost 0.7 ms a run.
_NOT_WRITABLE = Reader.NON_PRINTABLE
_NONCHARACTERS = frozenset(map(chr, (*range(0xD800, 0xE000), 0xFFFE, 0xFFFF)))
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def written(r: NodeReader, entries: Entries | None, key: str, value: str | None, what: str, *, label: bool = False) -> str | None:
    """`value` (the text at `key`), if partnerkit can write it into a worksheet's comments; else reported, None.

    Checked when the guide loads, so `init`, `new` and `purge` never write a file they cannot read.
    The file comment is for files only: it must be text YAML holds as it is. A `label` is words
    on screen too: it must be one line, and its control characters are spelled out in a file.
    """
    if value is None or entries is None:
        return value
    if label and (found := _first_of(value, _LINE_BREAKS)):
        r.error(entries[key][1], _("guide.not_one_line", what=what, char=f"U+{ord(found):04X}"))
        return None
    found = _first_of(value, _NONCHARACTERS) if label else (match := _NOT_WRITABLE.search(value)) and match.group()
    if found:
        r.error(entries[key][1], _("guide.not_writable", what=what, char=f"U+{ord(found):04X}"))
        return None
    return value


def _first_of(value: str, chars: frozenset[str]) -> str | None:
    """The first character of `value` that is one of `chars`, if any."""
    found = chars.intersection(value)
    return min(found, key=value.index) if found else None
