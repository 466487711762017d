"""The problems of an edited worksheet, listed above its text in `#!` lines, and taken off again."""

from __future__ import annotations

from ..catalog import _
from ..errors import Problem

MARK = b"#!"  # starts each line partnerkit adds at the top of the copy


def with_header(text: bytes, problems: list[Problem]) -> bytes:
    """The text with the problems listed above it in MARK lines, located as the editor shows them."""
    if not problems:
        return text
    intro = [*_("edit.header").splitlines(), ""]
    offset = len(intro) + len(problems) + 1
    listed = [_located(p, offset) for p in problems]
    lines = [f"{MARK.decode()} {line}".rstrip() for line in intro + listed + [""]]
    return ("\n".join(lines) + "\n").encode("utf-8") + text


def _located(problem: Problem, offset: int) -> str:
    if problem.line is None:
        return problem.message
    if problem.column is None:
        return _("edit.header.line", line=problem.line + offset, message=problem.message)
    return _("edit.header.line_column", line=problem.line + offset, column=problem.column, message=problem.message)


def strip_header(data: bytes) -> bytes:
    """The text without the MARK lines at its top (the user's own comments stay)."""
    lines = data.splitlines(keepends=True)
    index = 0
    while index < len(lines) and lines[index].startswith(MARK):
        index += 1
    return b"".join(lines[index:])


