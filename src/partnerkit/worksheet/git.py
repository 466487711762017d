"""Worksheets in git: the attributes and drivers that make git merge and diff them with partnerkit.

`partnerkit setup-git` writes, in the repository you stand in:
- `.gitattributes` (shared, committed): `merge=partnerkit` (and `diff=partnerkit` for encrypted
  ones) for every worksheet named, and for every `*.age` file;
- `.gitignore` (shared): interview drafts (`.*.draft`: plain answers, even of an encrypted
  worksheet's interview) and lock files (`.*.lock`) are never committed;
- the repository's own config (each teammate runs it once in their clone: git never shares it):
  the merge driver `partnerkit merge %A %O %B --path %P`, which writes the merge to %A and exits 0
  when clean, 1 with conflicts; and the diff driver's textconv, `partnerkit textconv`, so `git diff`
  and `git log -p` show an encrypted worksheet's text when a key is at hand. The textconv output is
  never cached (git would keep the plaintext in its notes).
Each step is done only if it is not done yet, and `configure` says which were.
"""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

from ..catalog import _
from ..errors import PartnerkitError
from ..records import record

DRIVER = "partnerkit"
ATTRIBUTES = ".gitattributes"
IGNORE = ".gitignore"
IGNORED = (".*.draft", ".*.lock", ".*.undo")


@record
class Change:
    """One thing setup-git did (or found done): what, where."""

    what: str  # "attributes", "ignore", "merge", "diff"
    where: str
    done: bool  # False: it was already so


def configure(files: list[Path], command: str) -> list[Change]:
    """Set up the repository around the current folder for these worksheets; `command` runs partnerkit."""
    top = Path(_git("rev-parse", "--show-toplevel"))
    patterns = ["*.age", *(_pattern(top, file) for file in files)]
    changes = [
        _lines(top / ATTRIBUTES, [f"{p} merge={DRIVER}" + (f" diff={DRIVER}" if p.endswith(".age") else "") for p in dict.fromkeys(patterns)], "attributes"),
        _lines(top / IGNORE, list(IGNORED), "ignore"),
    ]
    wanted = {
        f"merge.{DRIVER}.name": _("git.driver_name"),
        f"merge.{DRIVER}.driver": f"{command} merge %A %O %B --path %P",
        f"diff.{DRIVER}.textconv": f"{command} textconv",
        f"diff.{DRIVER}.cachetextconv": "false",
    }
    for key, value in wanted.items():
        current = _git("config", "--local", "--get", key, check=False)
        if current != value:
            _git("config", "--local", key, value)
        changes.append(Change("merge" if key.startswith("merge.") else "diff", key, current != value))
    return changes


def command_line(executable: str) -> str:
    """How git should run this partnerkit: its full path, quoted for the shell git runs drivers with."""
    return shlex.quote(executable)


def _pattern(top: Path, file: Path) -> str:
    """A worksheet's path as .gitattributes names it: relative to the top, with / separators."""
    try:
        relative = file.resolve().relative_to(top.resolve())
    except ValueError:
        raise PartnerkitError(_("git.outside", file=file, top=top)) from None
    return "/" + relative.as_posix()


def _lines(path: Path, lines: list[str], what: str) -> Change:
    """Add the lines `path` lacks (a file kept for people: appended, never rewritten)."""
    from ..files.writing import atomic_write

    text = path.read_text(encoding="utf-8") if path.exists() else ""
    present = {line.strip() for line in text.splitlines()}
    missing = [line for line in lines if line not in present]
    if missing:
        prefix = text if not text or text.endswith("\n") else text + "\n"
        atomic_write(path, prefix + "".join(f"{line}\n" for line in missing))
    return Change(what, str(path), bool(missing))


def _git(*args: str, check: bool = True) -> str:
    try:
        done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise PartnerkitError(_("git.not_installed")) from None
    if check and done.returncode != 0:
        if args[:1] == ("rev-parse",):
            raise PartnerkitError(_("git.not_a_repository"), hint=_("git.not_a_repository.hint"))
        raise PartnerkitError(_("git.failed", command=" ".join(["git", *args]), reason=done.stderr.strip()))
    return done.stdout.strip()
