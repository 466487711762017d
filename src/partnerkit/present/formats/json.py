"""`show --format json`: the chosen worksheets as saved (dates as YYYY-MM-DD), for scripts.

One worksheet prints as its data; several as [{"file": ..., "worksheet": ...}, ...]. Every
character a terminal could act on (controls, bidi overrides) is written as a \\u escape, so the
output is safe to print and still holds the data exactly.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from ...safetext import UNSAFE
from ..view import View

_UNSAFE = re.compile(f"[{UNSAFE}]")  # json.dumps escapes C0 controls only


def render(view: View) -> str:
    return dumps(view.data) + "\n"


def dumps(data: Any) -> str:
    """JSON text of `data`, readable (not ASCII-only) but with every unsafe character \\u-escaped."""
    text = json.dumps(data, indent=2, ensure_ascii=False, default=_iso)
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
