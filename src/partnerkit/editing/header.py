"""The problems of an edited worksheet, listed above its text in `#!` lines, and taken off again."""

from __future__ import annotations

from ..errors import Problem

MARK = b"#!"  # starts each line partnerkit adds at the top of the copy


def with_header(text: bytes, problems: list[Problem]) -> bytes:
    """The text with the problems listed above it in MARK lines, located as the editor shows them."""
    if not problems:
        return text
    intro = [
        "partnerkit: this worksheet has problems, so it was not saved.",
        "Fix them and save again; lines starting with #! up here are removed when you save.",
        "To give up, save the file empty, or quit without saving.",
        "",
    ]
    offset = len(intro) + len(problems) + 1
    listed = [_located(p, offset) for p in problems]
    lines = [f"{MARK.decode()} {line}".rstrip() for line in intro + listed + [""]]
    return ("\n".join(lines) + "\n").encode("utf-8") + text


def _located(problem: Problem, offset: int) -> str:
    if problem.line is None:
        return problem.message
    column = f", column {problem.column}" if problem.column is not None else ""
    return f"line {problem.line + offset}{column}: {problem.message}"


def strip_header(data: bytes) -> bytes:
    """The text without the MARK lines at its top (the user's own comments stay)."""
    lines = data.splitlines(keepends=True)
    index = 0
    while index < len(lines) and lines[index].startswith(MARK):
        index += 1
    return b"".join(lines[index:])


