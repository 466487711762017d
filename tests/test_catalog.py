"""Every word the tool says is in its message catalog, none in Python, and every message can be filled.

- Every key the code looks up (extracted with Babel, as `make catalogs` does) has an English text,
  and every English text is used.
- The compiled catalog (.mo) says what its source (.po) says: `make catalogs` was run.
- Each call fills every {placeholder} its English text has (else the message would fail when shown).
- No string literal in src/ reads like a sentence, but for the few a test names here: the words are
  in the catalog.
"""

from __future__ import annotations

import ast
import gettext
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

SRC = Path(__file__).parents[1] / "src" / "partnerkit"
LOCALE = SRC / "locale"
KEYWORDS = {"_": None, "n_": (1, 2), "N_": None}


def catalog(language: str = "en"):
    with (LOCALE / language / "LC_MESSAGES" / "partnerkit.po").open("rb") as handle:
        return read_po(handle)


def used_keys() -> set[str]:
    keys = set()
    for _, _, message, _, _ in extract_from_dir(SRC, keywords=KEYWORDS, comment_tags=()):
        keys.update(message if isinstance(message, tuple) else (message,))
    return keys


def english() -> dict[str, tuple[str, ...]]:
    """key -> its English text(s); a plural message is listed under both of its keys."""
    texts = {}
    for message in catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for key in ids:
            texts[key] = strings
    return texts


def test_every_key_the_code_uses_has_its_english():
    texts = english()
    missing = sorted(key for key in used_keys() if key not in texts or not all(texts[key]))
    assert missing == []


def test_every_english_text_is_used():
    assert sorted(set(english()) - used_keys()) == []


@pytest.mark.parametrize("language", sorted(p.name for p in LOCALE.iterdir()))
def test_the_compiled_catalog_is_its_source(language):
    with (LOCALE / language / "LC_MESSAGES" / "partnerkit.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in catalog(language):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            assert compiled.ngettext(*message.id, 1) == message.string[0], message.id
            assert compiled.ngettext(*message.id, 2) == message.string[1], message.id
        else:
            assert compiled.gettext(message.id) == message.string, message.id


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def calls() -> list[tuple[Path, int, str, set[str] | None]]:
    """(file, line, key, the field names given; None when given as **fields) of every _ and n_ call."""
    found = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KEYWORDS:
                if not node.args or not isinstance(node.args[0], ast.Constant):
                    continue
                names: set[str] | None = {k.arg for k in node.keywords if k.arg}
                if any(k.arg is None for k in node.keywords):
                    names = None
                elif node.func.id == "n_":
                    names |= {"count"}
                found.append((path, node.lineno, node.args[0].value, names))
    return found


def test_every_message_gets_the_fields_its_text_needs():
    texts = english()
    wrong = []
    for path, line, key, given in calls():
        if given is None or key not in texts:
            continue
        needed = set().union(*(placeholders(text) for text in texts[key]))
        if not needed <= given:
            wrong.append(f"{path.relative_to(SRC)}:{line}: {key} needs {sorted(needed - given)}")
    assert wrong == []


def test_every_message_formats():
    """A stray single brace would fail only when the message is shown: format each with dummy values."""
    for texts in english().values():
        for text in texts:
            text.format(**dict.fromkeys(placeholders(text), "x"))


# --- no words in Python ----------------------------------------------------------------------

SENTENCE = re.compile(r"[A-Za-z]{2,}[ ,;:'’]+[A-Za-z]{2,}")
STYLE = re.compile(r"^(?:(?:bold|dim|italic|underline|red|green|yellow|cyan|magenta|none) ?)+$")  # Rich styles
NOT_WORDS = {
    "html.py": "CSS and HTML markup",
    "ics.py": "iCalendar's property names and values (RFC 5545)",
    "records.py": "a dataclass's own TypeError and FrozenInstanceError, for developers",
}
# Strings that read like words but are no message: each is data, or another program's words.
NOT_MESSAGES = {
    "tag:yaml.org,2002:": "YAML's tags",
    "AGE-SECRET-KEY-|PRIVATE KEY": "a pattern that finds private keys",
    "No matching keys": "pyrage's own message, matched to explain it",
    "Decryption failed": "pyrage's own message, matched to explain it",
    "\n# public key: ": "the key file's format, as age-keygen writes it",
    "chmod go-w ": "a shell command",
    "while scanning a": "PyYAML's own message, matched to explain it",
    "cannot write ": "a bug's TypeError, for developers",
    " as JSON": "a bug's TypeError, for developers",
    "Show this message and exit.": "click's own help text, matched to say it in the reader's language",
    "Install completion for": "Typer's own help text, matched to say it in the reader's language",
    "Show completion for": "Typer's own help text, matched to say it in the reader's language",
    "Missing command.": "click's own message, matched to say it in the reader's language",
    "^No such command": "click's own message, matched to say it in the reader's language",
    "^Got unexpected": "click's own message, matched to say it in the reader's language",
    "^Option .+": "click's own message, matched to say it in the reader's language",
    "^(?P<value>.+) is not": "click's own message, matched to say it in the reader's language",
    "class:": "prompt_toolkit's style classes",
}


def is_message(text: str) -> bool:
    return bool(SENTENCE.search(text)) and not STYLE.match(text) and not any(text.startswith(known) for known in NOT_MESSAGES)


def sentences_in(path: Path, base: Path = SRC) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        f"{path.relative_to(base)}:{node.lineno}: {node.value[:60]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings and is_message(node.value)
    ]


def test_no_sentence_a_person_reads_is_in_python():
    found = [line for path in sorted(SRC.rglob("*.py")) if path.name not in NOT_WORDS for line in sentences_in(path)]
    assert found == []


@pytest.mark.parametrize("text", ["no such file", "Do you want to go on?"])
def test_the_scan_sees_a_sentence_but_not_a_docstring(tmp_path, text):
    module = tmp_path / "m.py"
    module.write_text(f'"""A docstring is not a message."""\n\nraise ValueError({text!r})\n')
    assert sentences_in(module, tmp_path) == [f"m.py:3: {text!r}"]
