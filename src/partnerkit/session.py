"""One run of `partnerkit new`: resume a draft or start afresh, interview, review, save."""

from __future__ import annotations

from pathlib import Path

from .drafts import Draft, Recorder, Step
from .errors import Interrupted, PartnerkitError
from .guide import Guide
from .interview import GoBack, Interview, Prompter
from .review import review
from .worksheet import Worksheet
from .worksheet_file import load_worksheet, save_worksheet


def new_worksheet(
    target: Path,
    guide: Guide,
    prompter: Prompter,
    *,
    source: Path | None = None,
    resume: bool | None = None,
    force: bool = False,
) -> Path | None:
    """Interview a person and save the worksheet to `target`; None if they quit without saving.

    `source` is an earlier worksheet whose answers become the defaults. `resume` says whether to
    replay an existing draft (None: ask). Ctrl-C raises Interrupted naming the draft. Shift-Tab
    (GoBack from the prompter) goes back one question, as often as the person likes.
    """
    base = load_worksheet(source, guide) if source is not None else None
    if not target.parent.is_dir():
        raise PartnerkitError(f"cannot save {target}: folder {target.parent} does not exist")
    draft = Draft(target)
    try:
        replay = _resumed(draft, guide, prompter, resume)
        _check_replace(target, source, guide, prompter, force)
        worksheet = _interview(guide, Recorder(prompter, draft, replay), base)
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D at an empty prompt
        raise Interrupted(draft.path if draft.exists() else None) from None
    if worksheet is not None:
        save_worksheet(worksheet, guide, target)
    draft.delete()  # saved, or thrown away on purpose
    return target if worksheet is not None else None


def _interview(guide: Guide, recorder: Recorder, base: Worksheet | None) -> Worksheet | None:
    """The interview and its review; going back replays every answer but the last, then asks it again."""
    while True:
        interview = Interview(guide, recorder, base)
        try:
            interview.run()
            return review(interview)
        except GoBack:
            if not recorder.given:
                recorder.prompter.warn(guide.phrases["at_first_question"])
            recorder = recorder.back_one()


def _confirm(prompter: Prompter, message: str, default: bool) -> bool:
    """A yes/no asked before the interview: there is nothing to go back to, so ask again."""
    while True:
        try:
            return prompter.confirm(message, default=default)
        except GoBack:
            continue


def _resumed(draft: Draft, guide: Guide, prompter: Prompter, resume: bool | None) -> list[Step]:
    if resume is False or not draft.exists():
        return []
    if resume is None and not _confirm(prompter, guide.phrases["resume_draft"].format(saved=draft.saved_at()), default=True):
        return []
    return draft.load()


def _check_replace(target: Path, source: Path | None, guide: Guide, prompter: Prompter, force: bool) -> None:
    """Ask before replacing an existing file, unless forced or updating it in place (--from FILE)."""
    if force or not target.exists() or (source is not None and source.resolve() == target.resolve()):
        return
    if not _confirm(prompter, guide.phrases["overwrite"].format(file=target), default=False):
        raise PartnerkitError(
            f"{target} exists; nothing was written",
            hint=f"use --from {target} to update it, --force to replace it, or give another file name",
        )
