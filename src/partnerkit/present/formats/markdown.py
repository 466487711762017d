"""`show --format markdown`: a title, a GitHub table, and the answers, ready to paste into a doc.

Text from the worksheet is shown exactly as written: every character GitHub-flavoured Markdown
would read as markup is escaped (emphasis, strikethrough, code, links, raw HTML, entities, math,
table pipes), web addresses become autolinks so they stay working links, and each line break is
kept as <br>.
"""

from __future__ import annotations

import re

from ..view import Cell, Line, View, with_history

# Everything that could start inline markup. `$` is math and `:` an emoji code on GitHub.
_SPECIAL = re.compile(r"[\\`*_~\[\]<>&|$#]|:(?=[A-Za-z0-9_+-]+:)")
# A web address, minus trailing punctuation that ends a sentence (as GitHub's autolinks do); a
# closing parenthesis is its own only while it closes one opened inside it (_balanced).
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"\\]*[^\s<>\"\\?!.,:;*_~'(]")
# What would begin a block at the start of a paragraph: a quote, a list item, a rule.
_BLOCK_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


def inline(text: str) -> str:
    """Text as literal Markdown inline content: markup escaped, addresses linked, breaks as <br>."""
    if "://" not in text and "www." not in text:  # no address to link: the usual text
        return _escape(text).replace("\n", "<br>")
    pieces, last = [], 0
    while match := _URL.search(text, last):
        address = _balanced(match.group())
        pieces.append(_escape(text[last : match.start()]))
        href = address if "://" in address else "https://" + address
        pieces.append(f"[{_unlinked(address)}](<{href.replace('|', '%7C').replace('>', '%3E')}>)")
        last = match.start() + len(address)
    pieces.append(_escape(text[last:]))
    return "<br>".join("".join(pieces).split("\n"))


def _balanced(address: str) -> str:
    """The address without closing parentheses it did not open: "(see https://x.org/a)" ends at
    "a", "https://x.org/Foo_(bar)" keeps its own (GitHub's rule for its autolinks)."""
    while address.endswith(")") and address.count(")") > address.count("("):
        address = address[:-1].rstrip("?!.,:;*_~'")
    return address


def _unlinked(address: str) -> str:
    """The address as a link's text, escaped so no reader links it again inside the link (pandoc
    and GitHub find addresses in plain text by their "://" or "www."): one more backslash there."""
    escaped = _escape(address)
    return escaped.replace("://", "\\://", 1) if "://" in escaped else escaped.replace("www.", "www\\.", 1)


def _escape(text: str) -> str:
    return _SPECIAL.sub(lambda match: "\\" + match.group(), text)


def paragraph(text: str) -> str:
    """Inline content that also starts a block safely (a heading, a list item, a paragraph)."""
    return _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", inline(text))


def _line(line: Line) -> str:
    text = inline(line.text)
    if line.role.startswith("status-") or line.role == "none":
        text = f"_{text}_"
    return f"**{inline(line.label)}:** {text}" if line.label else text


def _cell(cell: Cell) -> str:
    return "<br>".join(map(_line, cell))


def render(view: View) -> str:
    lines = [f"# {paragraph(view.title)}", ""]
    lines.append("| " + " | ".join(inline(h) for h in view.headings) + " |")
    lines.append("|" + "---|" * len(view.columns))
    for group in view.groups:
        for index, row in enumerate(group.rows):
            label = inline(group.label) if index == 0 else ""
            lines.append("| " + " | ".join([label, *map(_cell, with_history(row))]) + " |")
    for section in view.sections:
        lines += ["", f"## {paragraph(section.title)}"]
        for question, answer in section.answers:
            lines += ["", f"**{inline(question)}**"] + (["", paragraph(answer)] if answer else [])
    return "\n".join(lines) + "\n"
