"""The words earlier worksheets saved for a choice: every text the bundled guides give each choice
and channel, in every language they are written in.

Before choices had ids, a worksheet saved a chosen answer (and a channel for "how") as its English
words. Such a file is read as the choice those words are (worksheet/choices.py): by the guide in
use, then, only for words it does not know, by the texts here: read only then, and a file parsed
only when its text holds the words.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from .loading import bundled_guide_dir


def words_key(text: str) -> str:
    """Words as compared: spacing and line breaks (a folded block) do not matter."""
    return " ".join(text.split())


def legacy_answer(section: str, section_id: str, question_id: str, words: str) -> str | None:
    """The id of the choice `words` are the text of, in any bundled language; None if none."""
    name, key = ("categories.yaml", "categories") if section == "considerations" else ("tips.yaml", "tips")
    for data in _holding(name, words):
        for item in _listed(data, key):
            if str(item.get("id")) == section_id:
                for question in _listed(item, "questions"):
                    if str(question.get("id")) == question_id and (found := _texts(_listed(question, "choices")).get(words_key(words))):
                        return found
    return None


def legacy_channel(words: str) -> str | None:
    """The id of the channel `words` are the text of, in any bundled language; None if none."""
    return next((found for data in _holding("interview.yaml", words) if (found := _texts(_listed(data, "channels")).get(words_key(words)))), None)


def _holding(name: str, words: str) -> list[Any]:
    """The data of each bundled language's `name` whose text holds `words`. Words of the team's own
    ("over coffee") are in none: they cost reading a few small files, never parsing them."""
    key = words_key(words)
    return [_parsed(path) for folder in _folders() if key in _text(path := folder / name)]


@cache
def _folders() -> tuple[Path, ...]:
    bundled = bundled_guide_dir()
    return (bundled, *sorted(p for p in bundled.iterdir() if p.is_dir()))


@cache
def _text(path: Path) -> str:
    """A bundled guide file's text, its spacing as words_key makes it ("" if it cannot be read)."""
    try:
        return words_key(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return ""


@cache
def _parsed(path: Path) -> Any:
    """A bundled guide file's data; nothing if it is unreadable (it then knows no words)."""
    import yaml

    from ..files.yamldoc import SafeLoader

    try:
        return yaml.load(path.read_bytes(), Loader=SafeLoader)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError):
        return None


def _texts(choices: list[Any]) -> dict[str, str]:
    return {words_key(c["text"]): c["id"] for c in choices if isinstance(c, dict) and isinstance(c.get("id"), str) and isinstance(c.get("text"), str)}


def _listed(data: Any, key: str) -> list[Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return [item for item in value if isinstance(item, dict | str)] if isinstance(value, list) else []
