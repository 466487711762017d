"""The words earlier worksheets saved for a choice: every text the bundled guides give each choice
and channel, in every language they are written in.

Before choices had ids, a worksheet saved a chosen answer (and a channel for "how") as its English
words. Such a file is read as the choice those words are (worksheet/choices.py): by the guide in
use, then, only for words it does not know, by the texts here. Read only then, and once.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from .loading import bundled_guide_dir

AnswerKey = tuple[str, str, str]  # ("considerations" or "tips", the category or tip id, the question id)


def words_key(text: str) -> str:
    """Words as compared: spacing and line breaks (a folded block) do not matter."""
    return " ".join(text.split())


def legacy_answer(section: str, section_id: str, question_id: str, words: str) -> str | None:
    """The id of the choice `words` are the text of, in any bundled language; None if none."""
    return _answers().get((section, section_id, question_id), {}).get(words_key(words))


def legacy_channel(words: str) -> str | None:
    """The id of the channel `words` are the text of, in any bundled language; None if none (words
    of the team's own, read only from the small interview.yaml files)."""
    return _channels().get(words_key(words))


def _folders() -> list[Path]:
    bundled = bundled_guide_dir()
    return [bundled, *sorted(p for p in bundled.iterdir() if p.is_dir())]


@cache
def _answers() -> dict[AnswerKey, dict[str, str]]:
    answers: dict[AnswerKey, dict[str, str]] = {}
    for folder in _folders():
        for name, section in (("categories.yaml", "considerations"), ("tips.yaml", "tips")):
            for item in _listed(_read(folder / name), section if section == "tips" else "categories"):
                for question in _listed(item, "questions"):
                    answers.setdefault((section, str(item.get("id")), str(question.get("id"))), {}).update(_texts(_listed(question, "choices")))
    return answers


@cache
def _channels() -> dict[str, str]:
    return {key: ident for folder in _folders() for key, ident in _texts(_listed(_read(folder / "interview.yaml"), "channels")).items()}


def _texts(choices: list[Any]) -> dict[str, str]:
    return {words_key(c["text"]): c["id"] for c in choices if isinstance(c, dict) and isinstance(c.get("id"), str) and isinstance(c.get("text"), str)}


def _listed(data: Any, key: str) -> list[Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return [item for item in value if isinstance(item, dict | str)] if isinstance(value, list) else []


def _read(path: Path) -> Any:
    """A bundled guide file's data; nothing if it is missing or unreadable (it then knows no words)."""
    import yaml

    from ..files.yamldoc import SafeLoader

    try:
        return yaml.load(path.read_bytes(), Loader=SafeLoader)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError):
        return None
