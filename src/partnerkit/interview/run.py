"""One run of `partnerkit new`: resume a draft or start afresh, interview, review, save."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from ..catalog import _
from ..errors import Interrupted, PartnerkitError
from ..files.age import SUFFIX, Keyring, is_sealed
from ..files.locking import holding
from ..files.writing import check_writable
from ..guide.model import Guide
from ..worksheet import store
from ..worksheet.choices import conversion_notice
from ..worksheet.model import Worksheet, new_id
from ..worksheet.rewrite import updated_text
from .drafts import Draft, Recorder, Step
from .flow import GoBack, Interview, Prompter
from .review import review

T = TypeVar("T")
Fingerprint = tuple[int, int, int] | None  # (inode, size, modification time) of a file, None if absent


def new_worksheet(
    target: Path,
    guide: Guide,
    prompter: Prompter,
    *,
    source: Path | None = None,
    resume: bool | None = None,
    force: bool = False,
    keys: Keyring | None = None,
) -> Path | None:
    """Interview a person and save the worksheet to `target`; None if they quit without saving.

    `source` is an earlier worksheet whose answers become the defaults. `resume` says whether to
    replay an existing draft (None: ask). Ctrl-C raises Interrupted naming the draft. Shift-Tab
    (GoBack from the prompter) goes back one question, as often as the person likes.
    """
    if source is not None:
        refuse_decrypting(source, target)
    origin = store.open_for_change(source, guide, keys) if source is not None else None
    base = origin.worksheet if origin is not None else None
    # Everything that would stop the save is found now, not after the person has answered.
    check_writable(target, force=force)
    store.ensure_sealable(target, keys)  # an encrypted target: known to be encryptable before any answer
    draft = Draft(target, keys, guide.language)
    draft.refuse_planted()
    try:
        replay = _resumed(draft, guide, prompter, resume)
        _check_replace(target, source, guide, prompter, force)
        before = fingerprint(target)
        worksheet = _interview(guide, Recorder(prompter, draft, replay), base)
        if worksheet is None:
            draft.delete()  # thrown away on purpose
            return None
        saved = _save(worksheet, guide, target, before, prompter, draft, force, origin, keys)
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D at an empty prompt
        raise Interrupted(draft.path if draft.exists() else None) from None
    draft.delete()
    return saved


def refuse_decrypting(source: Path, target: Path) -> None:
    """An encrypted worksheet's answers go only into an encrypted file (and its encrypted draft),
    never into a plain one: `unlock` is the way to mean that."""
    if is_sealed(source) and not is_sealed(target):
        raise PartnerkitError(
            _("interview.plain_from_encrypted", source=source, target=target),
            hint=_("interview.plain_from_encrypted.hint", source=source, target=target.with_name(target.name + SUFFIX)),
            file=target,
        )


def fingerprint(path: Path) -> Fingerprint:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def _save(
    worksheet: Worksheet,
    guide: Guide,
    target: Path,
    before: Fingerprint,
    prompter: Prompter,
    draft: Draft,
    force: bool,
    origin: store.Opened | None,
    keys: Keyring | None,
) -> Path:
    """Save to `target`, unless someone changed it meanwhile: then only with consent, or elsewhere."""
    kept = _("interview.answers_kept", draft=draft.path)
    replace_theirs = False
    while True:
        try:
            with holding(target):  # no other writer between the check and the save
                if replace_theirs or fingerprint(target) == before:
                    comments_kept = _write(worksheet, guide, target, origin, force or replace_theirs, keys)
                    break
        except PartnerkitError as error:
            error.hint = kept
            raise
        # Someone changed it while the person answered: ask, with the lock let go.
        if _outside(partial(prompter.confirm, guide.phrases["changed_meanwhile"].format(file=target), default=False)):
            replace_theirs = True
            continue
        answer = _outside(partial(prompter.text, guide.phrases["save_elsewhere"].format(file=target))).strip()
        if not answer:
            raise PartnerkitError(_("interview.changed_meanwhile", file=target), hint=kept)
        problem = _cannot_take(target, Path(answer), keys)
        if problem:
            prompter.warn(problem)
            continue
        target, before = Path(answer), None  # a new name must not exist yet
    if not comments_kept:
        prompter.warn(guide.tracking["comments_dropped"].format(file=target))
    if origin is not None and origin.worksheet.converted and os.path.realpath(origin.path) == os.path.realpath(target):
        prompter.warn(conversion_notice(target, origin.worksheet.converted))
    return target


def _cannot_take(target: Path, other: Path, keys: Keyring | None) -> str | None:
    """Why the answers meant for `target` cannot be saved to `other` instead, or None."""
    try:
        refuse_decrypting(target, other)  # encrypted answers stay encrypted
        store.ensure_sealable(other, keys)
    except PartnerkitError as error:
        return error.message
    return None


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


def _outside(ask: Callable[[], T]) -> T:
    """A question outside the interview (before it, or while saving): nothing to go back to, so ask again."""
    while True:
        try:
            return ask()
        except GoBack:
            continue


def _confirm(prompter: Prompter, message: str, default: bool) -> bool:
    return _outside(partial(prompter.confirm, message, default=default))


def _resumed(draft: Draft, guide: Guide, prompter: Prompter, resume: bool | None) -> list[Step]:
    if resume is False or not draft.exists():
        return []
    if resume is None and not _confirm(prompter, guide.phrases["resume_draft"].format(saved=draft.saved_at()), default=True):
        return []
    return draft.load()


def _check_replace(target: Path, source: Path | None, guide: Guide, prompter: Prompter, force: bool) -> None:
    """Ask before replacing an existing file, unless forced or updating it in place (--from FILE)."""
    if force or not os.path.lexists(target) or (source is not None and os.path.realpath(source) == os.path.realpath(target)):
        return
    if not _confirm(prompter, guide.phrases["overwrite"].format(file=target), default=False):
        raise PartnerkitError(_("interview.exists", file=target), hint=_("interview.exists.hint", file=target))


def _write(worksheet: Worksheet, guide: Guide, target: Path, origin: store.Opened | None, force: bool, keys: Keyring | None) -> bool:
    """Save into the source's own text where the changes fit in it (comments kept), else afresh.

    False when a source's text could not take the changes, so its comments were not carried over.
    A worksheet saved over its source keeps its id (none, if it had none: its calendar's UIDs stay);
    any other is a new worksheet, with an id of its own.
    """
    same = origin is not None and os.path.realpath(origin.path) == os.path.realpath(target)
    worksheet = replace(worksheet, id=origin.worksheet.id if same and origin is not None else new_id())
    text = updated_text(origin.text, origin.document_for(worksheet), origin.worksheet, worksheet, guide, before=origin.as_read) if origin is not None else None
    if text is None:
        store.save(target, worksheet, guide, keys, force=force)
        return origin is None
    store.write_text(target, text, guide, keys, force=force, bom=origin is not None and origin.bom)
    return True
