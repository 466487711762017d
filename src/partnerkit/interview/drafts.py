"""Never lose an answer: every answer goes to a draft file the moment it is given.

The draft beside `worksheet.yaml` is `.worksheet.yaml.draft`: the answers in the order they
were given, each with the question it answered. Resuming replays them through the same
interview without asking again, until the first question that is new or whose recorded answer
no longer fits (the guide changed); from there on the person is asked as usual. Because the
interview is a pure function of its answers, replaying them rebuilds exactly the same state.

Going back one question (run.py) uses the same replay: the last answer is dropped, the rest
are replayed silently, and the dropped question is asked again with its answer as the default
(and, going forward again, each later one with its own).
"""

from __future__ import annotations

import stat
from collections import deque
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from ..catalog import FALLBACK, _
from ..errors import PartnerkitError
from ..files.age import Keyring
from ..files.reading import decode
from ..files.writing import atomic_write
from ..files.yamldoc import SafeLoader
from ..worksheet import store
from .flow import Prompter, Shown, Validate

VERSION = 1
Step = tuple[str, str, Any]  # (how it was asked, the question, the answer)


class Draft:
    """The answers so far; the draft of an encrypted worksheet is encrypted as the worksheet is.

    It records the language of the guide it was answered in (Guide.language): its answers are that
    language's words, so it is resumed in that language only.
    """

    def __init__(self, target: Path, keys: Keyring | None = None, language: str = "") -> None:
        self.target = target
        self.keys = keys
        self.language = language
        self.path = store.draft_path(target)

    def refuse_planted(self) -> None:
        """Only partnerkit writes a draft, as a plain file: a symbolic link in its place was planted by
        someone else, and a folder, pipe or device there would fail (or hang) the first answer's save."""
        try:
            mode = self.path.lstat().st_mode
        except FileNotFoundError:
            return
        except OSError as exc:
            raise PartnerkitError(_("write.cannot_write", path=self.path, reason=exc.strerror), file=self.path) from None
        if stat.S_ISLNK(mode):
            raise PartnerkitError(_("draft.symlink", path=self.path), hint=_("draft.symlink.hint"), file=self.path)
        if not stat.S_ISREG(mode):
            raise PartnerkitError(_("draft.not_a_file", path=self.path), hint=_("draft.symlink.hint"), file=self.path)

    def exists(self) -> bool:
        return self.path.is_file()

    def saved_at(self) -> str:
        try:
            return datetime.fromtimestamp(self.path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        except (OverflowError, ValueError, OSError):  # a time stamp past what a date can hold (touch -d)
            return "?"

    def save(self, steps: Sequence[Step]) -> None:
        # Atomic, and private like the worksheet: a crash mid-write must not lose the earlier answers.
        data = {"version": VERSION, "language": self.language, "answers": [list(step) for step in steps]}
        # Only partnerkit writes a draft: a link in its place was planted, so it is refused, not followed.
        # An encrypted worksheet's draft is encrypted as the worksheet is.
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        # force: a read-only or hard-linked draft is partnerkit's own file all the same (a rename never writes through).
        atomic_write(self.path, store.sealed(self.path, text.encode("utf-8"), self.keys, like=self.target), force=True, follow_symlinks=False)

    def load(self) -> list[Step]:
        self.refuse_planted()
        try:
            text = decode(store.plaintext(self.path, self.keys, like=self.target)[1], self.path)
            data = yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader
            steps = [(how, question, answer) for how, question, answer in data["answers"]]
            if data["version"] == VERSION and all(isinstance(s[0], str) and isinstance(s[1], str) for s in steps):
                language = data.get("language") or ""
                if language != self.language:
                    raise PartnerkitError(_("draft.other_language", path=self.path), hint=_("draft.other_language.hint", language=language or FALLBACK))
                return steps
        except PartnerkitError:
            raise
        except Exception:  # a forced tag (`!!int ""`) fails PyYAML with IndexError, KeyError...
            pass
        raise PartnerkitError(_("draft.unreadable", path=self.path), hint=_("draft.unreadable.hint"), file=self.path)

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)


class Recorder:
    """A prompter that writes each answer to the draft, after replaying a resumed draft's answers.

    A `silent` replay (after going back) shows no panel again; `ahead` are the answers dropped by
    going back, in the order they were given: each is offered as the default when its question is
    asked again, so going back three questions and forward again keeps all three answers (until
    the questions asked differ from them: the person changed the way).
    """

    def __init__(self, prompter: Prompter, draft: Draft, replay: Sequence[Step] = (), ahead: Sequence[Step] = (), *, silent: bool = False) -> None:
        self.prompter, self.draft = prompter, draft
        self.given: list[Step] = []
        self.pending = deque(replay)
        self.ahead, self.silent = deque(ahead), silent
        self.replaying = bool(replay) or silent
        self.unseen: tuple[Shown, str | None] | None = None  # the last panel skipped while replaying
        self.where: str | None = None  # the last progress line skipped while replaying

    def show(self, content: Shown, title: str | None = None) -> None:
        if self.replaying:
            self.unseen = (content, title)
        else:
            self.prompter.show(content, title)

    def heading(self, text: str) -> None:
        if not self.replaying:
            self.prompter.heading(text)

    def warn(self, text: str) -> None:
        if not self.replaying:
            self.prompter.warn(text)

    def progress(self, text: str) -> None:
        if self.replaying:
            self.where = text
        else:
            self.prompter.progress(text)

    def text(
        self, message: str, hint: str | None = None, default: str = "", validate: Validate | None = None, suggestions: Sequence[str] = ()
    ) -> str:
        def fits(answer: Any) -> bool:
            return isinstance(answer, str) and (validate is None or validate(answer) is None)

        def ask(default: str) -> str:
            return self.prompter.text(message, hint, default, validate, suggestions)

        return self._answer("text", message, fits, ask, default)

    def confirm(self, message: str, hint: str | None = None, default: bool = False) -> bool:
        return self._answer("confirm", message, lambda a: isinstance(a, bool), lambda d: self.prompter.confirm(message, hint, d), default)

    def select(self, message: str, choices: Sequence[str], hint: str | None = None, default: str | None = None) -> str:
        return self._answer("select", message, lambda a: a in choices, lambda d: self.prompter.select(message, choices, hint, d), default)

    def _answer(self, how: str, message: str, fits: Callable[[Any], bool], ask: Callable[[Any], Any], default: Any) -> Any:
        if self.pending:
            recorded_how, recorded_message, answer = self.pending.popleft()
            if (recorded_how, recorded_message) == (how, message) and fits(answer):
                self.given.append((how, message, answer))
                return answer
            self.pending.clear()  # the guide changed since the draft: ask from here on
        if self.replaying:
            self._arrive()
        again = bool(self.ahead) and self.ahead[0][:2] == (how, message) and fits(self.ahead[0][2])
        if again:
            default = self.ahead[0][2]  # the answer given before going back
        else:
            self.ahead.clear()
        answer = ask(default)  # going back from here keeps this question's earlier answer ahead
        if again:
            self.ahead.popleft()
        self.given.append((how, message, answer))
        self.draft.save(self.given)
        return answer

    def back_one(self) -> Recorder:
        """A recorder for the interview run again: every answer but the last replayed silently, then
        the last one's question asked again with it as the default. The draft keeps the answers that
        stand, so a resume from here replays exactly those. At the first question, it is asked again.
        """
        standing = self.given[:-1]
        if standing:
            self.draft.save(standing)
        else:
            self.draft.delete()
        return Recorder(self.prompter, self.draft, standing, [*self.given[-1:], *self.ahead], silent=True)

    def _arrive(self) -> None:
        """The replay is over: show where the person is (and, on a resume, the panel they left)."""
        self.replaying = False
        if self.unseen is not None and not self.silent:
            self.prompter.show(*self.unseen)
        if self.where is not None:
            self.prompter.progress(self.where)
