"""The plain prompter, for screen readers and simple terminals: one line at a time, nothing drawn.

`new --plain`, PARTNERKIT_PLAIN=1 or TERM=dumb choose it. No boxes, no arrow-key menus, no hidden
cursor: the guidance is printed as plain paragraphs, choices are numbered and answered with their
number, a default is shown in [brackets] and Enter keeps it. The same guide, the same answers, the
same draft as the questionary prompter (terminal.py). Only prompt_toolkit is imported here.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import WordCompleter
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.shortcuts import CompleteStyle
from rich.console import Console
from rich.text import Text

from ...files.writing import memory_folder
from ...guide.model import Category, Guide, Tip
from ...interview.flow import GoBack, Shown, Validate
from ...present.view import View, worksheet_view
from ...safetext import visible
from ...worksheet.model import Worksheet
from ..consoles import yes_no_answers
from ..options import not_utf8

EMPHASIS = re.compile(r"(\*\*|__|`)")  # Markdown marks a screen reader would spell out
HEADING = re.compile(r"^#+\s*", re.MULTILINE)
LIST_ITEM = re.compile(r"^([-*•]|\d+[.)])\s")


def wants_plain(flag: bool) -> bool:
    """--plain, or PARTNERKIT_PLAIN set (to anything but 0), or a terminal that says it is dumb."""
    return flag or os.environ.get("PARTNERKIT_PLAIN", "0") not in ("", "0") or os.environ.get("TERM") == "dumb"


@contextmanager
def editor_files(encrypted: bool) -> Iterator[bool]:
    """Whether Ctrl-X Ctrl-E may open an answer in an editor, and where its file goes meanwhile.

    prompt_toolkit writes the answer to a file in the temporary folder for the editor to open. For
    an encrypted worksheet that file must not be on disk: it is made in a private folder in memory
    (removed afterwards), and where the system has none the key does nothing (False).
    """
    if not encrypted:
        yield True
        return
    memory = memory_folder()
    if memory is None:
        yield False
        return
    folder = tempfile.mkdtemp(prefix="partnerkit-answer-", dir=memory)
    before, tempfile.tempdir = tempfile.tempdir, folder
    try:
        yield True
    finally:
        tempfile.tempdir = before
        shutil.rmtree(folder, ignore_errors=True)


def back_key_bindings() -> KeyBindings:
    """Shift-Tab leaves the prompt by raising GoBack, whatever has been typed (valid or not)."""
    bindings = KeyBindings()

    @bindings.add(Keys.BackTab, eager=True)
    def _back(event) -> None:  # event: prompt_toolkit's KeyPressEvent
        event.app.exit(exception=GoBack())

    return bindings


def plain_markdown(text: str) -> str:
    """Guidance Markdown as plain paragraphs, each paragraph and list item one line (a screen reader
    reads line by line): no emphasis marks or heading hashes, list items kept.
    """
    paragraphs = []
    for block in re.split(r"\n\s*\n", HEADING.sub("", EMPHASIS.sub("", text)).strip()):
        lines: list[str] = []
        for line in block.splitlines():
            if lines and not LIST_ITEM.match(line.strip()):
                lines[-1] += " " + line.strip()  # a wrapped line continues its paragraph or item
            else:
                lines.append(line.strip())
        paragraphs.append("\n".join(lines))
    return visible("\n\n".join(paragraphs))


class PlainPrompter:
    """Asks one plain line at a time through prompt_toolkit; prints plain text through Rich."""

    def __init__(self, guide: Guide, console: Console, *, editor: bool = True) -> None:
        self.guide, self.console, self.phrases = guide, console, guide.phrases
        self.session: PromptSession = PromptSession(
            key_bindings=back_key_bindings(), complete_style=CompleteStyle.READLINE_LIKE, enable_open_in_editor=editor
        )

    # --- what is shown -------------------------------------------------------------------

    def show(self, content: Shown, title: str | None = None) -> None:
        if isinstance(content, Category):
            labels = self.guide.worksheet.labels
            parts = [content.title, labels["why_partner"], content.why, labels["who_partner"], content.who]
            if content.weigh:
                parts += [labels["weigh"], "\n".join(f"- {item}" for item in content.weigh)]
        elif isinstance(content, Tip):
            parts = [content.title, content.text]
        elif isinstance(content, Worksheet):  # the person's own words: shown as typed, not as Markdown
            self._say("\n\n".join(plain_view(worksheet_view(content, self.guide))))
            return
        else:
            parts = [title or "", content]
        self._say("\n\n".join(plain_markdown(part) for part in parts if part))

    def heading(self, text: str) -> None:
        self._say(f"\n{visible(text, one_line=True)}")

    def warn(self, text: str) -> None:
        self._say(visible(text))

    def progress(self, text: str) -> None:
        self._say(visible(text, one_line=True))

    # --- questions -----------------------------------------------------------------------

    def text(
        self, message: str, hint: str | None = None, default: str = "", validate: Validate | None = None, suggestions: Sequence[str] = ()
    ) -> str:
        self._hint(hint)
        completer = WordCompleter(list(suggestions), ignore_case=True, sentence=True) if suggestions else None
        while True:
            answer = self._ask(message, default, completer)
            problem = not_utf8(answer) or (validate(answer) if validate else None)
            if problem is None:
                return answer
            self._say(problem)

    def confirm(self, message: str, hint: str | None = None, default: bool = False) -> bool:
        """Answered with the language's letters (y/n; s/n in Spanish), the default's shown in brackets."""
        self._hint(hint)
        yes, no = yes_no_answers()
        while True:
            answer = self._ask(f"{message} {self.phrases['yes_no']}", yes[0] if default else no[0]).strip().casefold()
            if answer in yes + no:
                return answer in yes
            self._say(self.phrases["bad_yes_no"])

    def select(self, message: str, choices: Sequence[str], hint: str | None = None, default: str | None = None) -> str:
        self._hint(hint)
        listing = "\n".join(f"  {number}. {visible(choice, one_line=True)}" for number, choice in enumerate(choices, 1))
        chosen = str(choices.index(default) + 1) if default in choices else "1"
        while True:
            answer = self._ask(message, chosen, listing=listing).strip()
            listing = ""  # asked again after a wrong number: the choices are just above
            if answer.isdigit() and 1 <= int(answer) <= len(choices):
                return choices[int(answer) - 1]
            self._say(self.phrases["choose_number"].format(count=len(choices)))

    def _ask(self, message: str, default: str, completer: WordCompleter | None = None, listing: str = "") -> str:
        """The question on a line of its own (then the `listing` of choices), then "> " for the answer.

        Enter on nothing keeps the default, shown in brackets: a dumb terminal cannot show text
        filled in for editing.
        """
        shown = f" [{visible(default, one_line=True)}]" if default else ""
        self._say(f"{visible(message, one_line=True)}{shown}")
        if listing:
            self._say(listing)
        answer = self.session.prompt("> ", completer=completer, complete_while_typing=False)
        return answer if answer.strip() else default

    def _hint(self, hint: str | None) -> None:
        if hint:
            self._say(f"({visible(hint, one_line=True)})")

    def _say(self, text: str) -> None:
        # Unwrapped and unstyled: a screen reader reads each line whole.
        self.console.print(Text(text), soft_wrap=True)


def plain_view(view: View) -> list[str]:
    """The worksheet as plain paragraphs: each kind of partner, each partner's lines, the answers."""
    parts = [view.title]
    for group in view.groups:
        lines = [group.label]
        for row in group.rows:
            lines += ["- " + "; ".join(f"{line.label}: {line.text}" if line.label else line.text for cell in row.cells for line in cell)]
        parts.append("\n".join(lines))
    for section in view.sections:
        parts.append("\n".join([section.title] + [f"- {q}" + (f": {a}" if a else "") for q, a in section.answers]))
    return parts
