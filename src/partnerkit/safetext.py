"""Text from a file, made safe to show: the one place control characters are neutralised.

A worksheet or guide is shared between teammates and may come from anyone. Its text must never
drive the terminal that shows it (clear the screen, retitle the window, write the clipboard, plant
a hyperlink) nor reorder what is read around it (bidirectional overrides). Every string that came
from a file passes through `visible` before it is shown or written into a format a person opens:
control characters and bidi controls are spelled out (`\\x1b`, `<U+202E>`), never emitted.

May import: nothing
"""

from __future__ import annotations

import re

# C0 controls but tab and line feed, DEL, C1 controls (NEL and the 8-bit CSI among them), the Arabic
# letter mark, LRM/RLM, line and paragraph separators, bidi embeddings, overrides and isolates.
UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"  # a regex class's body
_UNSAFE_IN_TEXT = f"[{UNSAFE}]"  # patterns compiled on first use (re keeps them): most text never needs them
_UNSAFE_IN_LINE = f"[\n{UNSAFE}]"


def spelled(char: str) -> str:
    """How an unsafe character is shown: `\\x1b` for a control character, `<U+202E>` for the rest."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"<U+{code:04X}>"


def _spell(match: re.Match[str]) -> str:
    return spelled(match.group())


def visible(text: str, *, one_line: bool = False) -> str:
    """`text` with every unsafe character spelled out; with `one_line`, line feeds too."""
    if text.isprintable():  # the common case, checked in C
        return text
    return re.sub(_UNSAFE_IN_LINE if one_line else _UNSAFE_IN_TEXT, _spell, text)
