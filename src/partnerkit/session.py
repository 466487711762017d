"""One run of `partnerkit new`: resume a draft or start afresh, interview, review, save."""

from __future__ import annotations

from pathlib import Path

from yaml.nodes import Node

from .drafts import Draft, Recorder, Step
from .errors import Interrupted, PartnerkitError
from .guide import Guide
from .interview import Interview, Prompter
from .review import review
from .update import updated_text
from .worksheet import Worksheet
from .worksheet_file import parse_worksheet, save_worksheet
from .yamlio import atomic_write, compose, decode, read_bytes


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
    replay an existing draft (None: ask). Ctrl-C raises Interrupted naming the draft.
    """
    origin = read_source(source, guide) if source is not None else None
    base = origin[2] if origin is not None else None
    if not target.parent.is_dir():
        raise PartnerkitError(f"cannot save {target}: folder {target.parent} does not exist")
    draft = Draft(target)
    try:
        replay = _resumed(draft, guide, prompter, resume)
        _check_replace(target, source, guide, prompter, force)
        interview = Interview(guide, Recorder(prompter, draft, replay), base)
        interview.run()
        worksheet = review(interview)
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D at an empty prompt
        raise Interrupted(draft.path if draft.exists() else None) from None
    if worksheet is not None and not _save(worksheet, guide, target, origin):
        prompter.warn(guide.tracking["comments_dropped"].format(file=source))
    draft.delete()  # saved, or thrown away on purpose
    return target if worksheet is not None else None


def _resumed(draft: Draft, guide: Guide, prompter: Prompter, resume: bool | None) -> list[Step]:
    if resume is False or not draft.exists():
        return []
    if resume is None and not prompter.confirm(guide.phrases["resume_draft"].format(saved=draft.saved_at()), default=True):
        return []
    return draft.load()


def _check_replace(target: Path, source: Path | None, guide: Guide, prompter: Prompter, force: bool) -> None:
    """Ask before replacing an existing file, unless forced or updating it in place (--from FILE)."""
    if force or not target.exists() or (source is not None and source.resolve() == target.resolve()):
        return
    if not prompter.confirm(guide.phrases["overwrite"].format(file=target), default=False):
        raise PartnerkitError(
            f"{target} exists; nothing was written",
            hint=f"use --from {target} to update it, --force to replace it, or give another file name",
        )


def read_source(path: Path, guide: Guide) -> tuple[str, Node | None, Worksheet]:
    """The source's text, its YAML nodes and its worksheet: `--from` keeps its comments."""
    text = decode(read_bytes(path), path)
    document = compose(text, path)
    return text, document, parse_worksheet(document, path, guide)


def _save(worksheet: Worksheet, guide: Guide, target: Path, origin: tuple[str, Node | None, Worksheet] | None) -> bool:
    """Save into the source's own text where the changes fit in it (comments kept), else afresh.

    False when a source's text could not take the changes, so its comments were not carried over.
    """
    text = updated_text(*origin, worksheet, guide) if origin is not None else None
    if text is None:
        save_worksheet(worksheet, guide, target)
        return origin is None
    atomic_write(target, text.encode("utf-8"))
    return True
