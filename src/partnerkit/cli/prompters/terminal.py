"""The terminal prompter: questionary for questions, Rich for guidance. The only questionary import.

Imported only by the `new` command, so other commands never pay for prompt_toolkit. Every prompt
goes back one question on Shift-Tab; text prompts open $EDITOR on Ctrl-X Ctrl-E for long answers
and complete organization names the team has already written down.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import questionary
from prompt_toolkit.completion import WordCompleter
from prompt_toolkit.key_binding import merge_key_bindings
from rich.console import Console, RenderableType
from rich.text import Text

from ...catalog import _
from ...errors import UsageError
from ...guide.model import Category, Guide, Tip
from ...interview.flow import Shown, Validate
from ...present.formats.guidance import category_view, markdown, panel, tip_view
from ...present.formats.table import renderable
from ...present.view import worksheet_view
from ...safetext import visible
from ...worksheet.model import Worksheet
from ..options import not_utf8
from .plain import back_key_bindings


def is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def require_terminal() -> None:
    if not is_terminal():
        raise UsageError(_("cli.new.no_terminal"), hint=_("cli.new.no_terminal.hint"))


def asked(question: questionary.Question) -> object:
    """Ask, with Shift-Tab added to the prompt's keys (it raises GoBack); Ctrl-C raises KeyboardInterrupt."""
    application = question.application
    application.key_bindings = merge_key_bindings([application.key_bindings or merge_key_bindings([]), back_key_bindings()])
    return question.unsafe_ask()


class TerminalPrompter:
    """Asks with questionary (Ctrl-C raises KeyboardInterrupt) and shows guidance with Rich.

    Every word here came from a file (the guide's questions, a worksheet's answers as defaults),
    so each goes through safetext.visible before it reaches the terminal; a choice is shown made
    safe but answered with its own value.
    """

    def __init__(self, guide: Guide, console: Console, *, editor: bool = True) -> None:
        self.guide, self.console = guide, console
        self.editor = editor  # Ctrl-X Ctrl-E: an answer in $EDITOR (see plain.editor_files)

    def show(self, content: Shown, title: str | None = None) -> None:
        self.console.print(self._view(content, title))

    def heading(self, text: str) -> None:
        self.console.rule(Text(visible(text, one_line=True), style="bold"))

    def warn(self, text: str) -> None:
        self.console.print(Text(visible(text), style="yellow"), soft_wrap=False)

    def progress(self, text: str) -> None:
        self.console.print(Text(visible(text, one_line=True), style="bold cyan"))

    def text(
        self, message: str, hint: str | None = None, default: str = "", validate: Validate | None = None, suggestions: Sequence[str] = ()
    ) -> str:
        self._hint(hint)

        def check(answer: str) -> str | bool:  # a message keeps the person's text in the prompt, to correct
            return visible(not_utf8(answer) or (validate(answer) if validate else None) or "") or True

        shown = [visible(suggestion, one_line=True) for suggestion in suggestions]
        completer = WordCompleter(shown, ignore_case=True, sentence=True, match_middle=True) if shown else None
        question = questionary.text(visible(message), default=visible(default), validate=check, completer=completer, enable_open_in_editor=self.editor)
        return asked(question)  # type: ignore[return-value]

    def confirm(self, message: str, hint: str | None = None, default: bool = False) -> bool:
        self._hint(hint)
        return asked(questionary.confirm(visible(message), default=default))  # type: ignore[return-value]

    def select(self, message: str, choices: Sequence[str], hint: str | None = None, default: str | None = None) -> str:
        self._hint(hint)
        shown = [questionary.Choice(visible(choice, one_line=True), value=choice) for choice in choices]
        return asked(questionary.select(visible(message), shown, default=default))  # type: ignore[return-value]

    def _hint(self, hint: str | None) -> None:
        # Above the question, as a form's help text: it stays readable after the answer is given.
        if hint:
            self.console.print(Text(f"  {visible(hint)}", style="dim italic"))

    def _view(self, content: Shown, title: str | None) -> RenderableType:
        if isinstance(content, Category):
            return category_view(content, self.guide)
        if isinstance(content, Tip):
            return tip_view(content)
        if isinstance(content, Worksheet):
            return renderable(worksheet_view(content, self.guide), self.console.width)
        return markdown(content) if title is None else panel(content, title)
