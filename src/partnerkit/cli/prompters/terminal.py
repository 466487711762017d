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
from ..consoles import yes_no_answers
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


def yes_or_no(message: str, default: bool) -> questionary.Question:
    """questionary's yes/no question, in the reader's language: its letters (s/n in Spanish), its
    "(S/n)" and its "Sí" (questionary's own confirm knows only y, n, "(Y/n)" and "Yes"). Drawn as
    questionary draws its confirm, from public parts; questionary's own should any of them fail."""
    try:
        return _yes_or_no(message, default)
    except Exception:
        return questionary.confirm(message, default=default)


def _yes_or_no(message: str, default: bool) -> questionary.Question:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.formatted_text import to_formatted_text
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys
    from questionary.styles import merge_styles_default

    yes, no = yes_no_answers()
    instruction = _("prompt.yes_no.default_yes") if default else _("prompt.yes_no.default_no")
    answer: list[bool] = []  # the letter typed (none yet)
    done: list[bool] = []

    def tokens() -> object:
        shown = [("class:qmark", "?"), ("class:question", f" {message} ")]
        if not done:
            shown.append(("class:instruction", f"{instruction} "))
        if answer:
            shown.append(("class:answer", _("prompt.yes") if answer[-1] else _("prompt.no")))
        return to_formatted_text(shown)

    bindings = KeyBindings()

    def finish(event: object, value: bool | None) -> None:
        if value is not None:
            answer[:] = [value]
        done.append(True)
        event.app.exit(result=answer[-1] if answer else default)  # type: ignore[attr-defined]

    for letters, value in ((yes, True), (no, False)):
        for letter in (a for a in letters if len(a) == 1):
            for key in {letter, letter.upper()}:
                bindings.add(key)(lambda event, value=value: finish(event, value))

    @bindings.add(Keys.ControlC, eager=True)
    @bindings.add(Keys.ControlQ, eager=True)
    def _interrupt(event: object) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")  # type: ignore[attr-defined]

    @bindings.add(Keys.ControlM, eager=True)
    def _enter(event: object) -> None:
        finish(event, None)

    @bindings.add(Keys.Any)
    def _other(event: object) -> None:
        """Nothing else is typed in."""

    return questionary.Question(PromptSession(tokens, key_bindings=bindings, style=merge_styles_default([])).app)


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
        return asked(yes_or_no(visible(message), default))  # type: ignore[return-value]

    def select(self, message: str, choices: Sequence[str], hint: str | None = None, default: str | None = None) -> str:
        self._hint(hint)
        shown = [questionary.Choice(visible(choice, one_line=True), value=choice) for choice in choices]
        return asked(questionary.select(visible(message), shown, default=default, instruction=_("prompt.select_instruction")))  # type: ignore[return-value]

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
