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
    return b"".join(_header_line(line) + b"\n" for line in intro + listed + [""]) + text


def _located(problem: Problem, offset: int) -> str:
    if problem.line is None:
        return problem.message
    if problem.column is None:
        return _("edit.header.line", line=problem.line + offset, message=problem.message)
    return _("edit.header.line_column", line=problem.line + offset, column=problem.column, message=problem.message)


def strip_header(data: bytes) -> bytes:
    """The text without the header `with_header` put at its top; nothing else.

    The header is known by its opening lines; it ends at its closing bare MARK line (or, if the
    person deleted that, at its last problem line). A person's own lines that start with MARK,
    the header's opening lines changed, or a header anywhere but the top are their text: kept.
    """
    opening = [_header_line(line) for line in [*_("edit.header").splitlines(), ""]]
    lines = data.splitlines(keepends=True)
    if [line.rstrip(b"\r\n") for line in lines[: len(opening)]] != opening:
        return data
    index = len(opening)
    while index < len(lines) and lines[index].startswith(MARK + b" "):  # the problems
        index += 1
    if index < len(lines) and lines[index].rstrip(b"\r\n") == MARK:  # the closing line
        index += 1
    return b"".join(lines[index:])


def _header_line(text: str) -> bytes:
    """One MARK line: a comment to YAML, however the text reads (its line breaks made spaces)."""
    return f"{MARK.decode()} {' '.join(text.splitlines())}".rstrip().encode("utf-8")


def blank(data: bytes) -> bool:
    """Whether the text holds nothing but blank and MARK lines: saved empty, but for what looks like a header."""
    return all(not line.strip() or line.startswith(MARK) for line in data.splitlines())
