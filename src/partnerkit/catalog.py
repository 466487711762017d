"""Every word the tool itself says, from the message catalog of the user's language (gettext).

Messages are looked up by key, never by their English: `_("log.logged", organization=..., file=...)`.
The words live in the catalogs under locale/ (LANG/LC_MESSAGES/partnerkit.po, compiled to .mo by
`make catalogs`), so no word the tool shows is in Python. The campaign's own words (guidance,
questions, the interview's phrases) are the guide's, not the catalog's.

The language is the one set with `use_language` (--lang), else $PARTNERKIT_LANG, else the locale
as gettext reads it ($LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG); a message a catalog lacks falls
back to English, per message. The catalog is read once, on the first message a command shows: a
command that shows none (the table, from the quick path) never reads it. `codes()` names the
languages asked for as folders are named (es_US, then es), for the guide's language folders too.

A message's {placeholders} are filled with str.format; values that quote a file's text are
passed already quoted (`key=repr(key)`), as messages about encrypted files hide quoted text.
Literal braces are written {{ and }} in the catalog.

May import: nothing
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Any

DOMAIN = "partnerkit"
LOCALE = Path(__file__).parent / "locale"
FALLBACK = "en"
LANG_ENV = "PARTNERKIT_LANG"

_chosen: list[str] = []  # the language use_language set, if any
_CODE = re.compile(r"[A-Za-z]{2,3}(?:_[A-Za-z0-9]{2,8})?")  # es, es_US, pt_BR, ast: a folder name, never a path


def _(key: str, /, **fields: Any) -> str:
    """The message `key` in the user's language, its {placeholders} filled from `fields`."""
    return _translations().gettext(key).format(**fields)


def n_(key: str, plural: str, count: int, /, **fields: Any) -> str:
    """The message `key` (or `plural`) for `count` things, in the user's language; {count} is filled too."""
    return _translations().ngettext(key, plural, count).format(count=count, **fields)


def N_(key: str, /) -> str:
    """Marks `key` as a message looked up later, with `_(key)`: the key itself (as gettext's N_)."""
    return key


def use_language(code: str | None) -> None:
    """Speak `code` (e.g. "es", "es_US", "es-US") from now on; None goes back to the environment's
    choice. Raises ValueError for what is no language code (the guide's folders are named by it)."""
    if code is not None and not _folder_names(code):
        raise ValueError(code)
    _chosen[:] = [code] if code else []
    _translations.cache_clear()


def languages() -> list[str]:
    """The languages asked for, most wanted first: use_language's, else $PARTNERKIT_LANG, else the locale's."""
    if _chosen:
        return list(_chosen)
    if os.environ.get(LANG_ENV):
        return [os.environ[LANG_ENV]]
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):  # gettext's own order
        value = os.environ.get(variable)
        if value:
            return [part for part in value.split(":") if part]
    return []


def codes() -> list[str]:
    """The languages asked for as their folders are named, most wanted first: "es_US.UTF-8" is es_US
    then es; C and POSIX (no language), and anything that is no language code, are left out."""
    return list(dict.fromkeys(name for value in languages() for part in value.split(":") for name in _folder_names(part)))


def _folder_names(value: str) -> list[str]:
    """es_US.UTF-8@euro -> [es_US, es]; es-US -> [es_US, es]; C, POSIX, ../x -> []."""
    code = value.split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    if code in ("C", "POSIX") or not _CODE.fullmatch(code):
        return []
    return [code, code.split("_", 1)[0]] if "_" in code else [code]


def language() -> str:
    """The language the tool speaks: the first asked for that has a catalog, else English (an HTML
    page's lang, a draft's language). Looks for the catalog's file only; reads nothing."""
    return next((code for code in codes() if (LOCALE / code / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()), FALLBACK)


@cache
def _translations() -> Any:
    import gettext

    fallback = gettext.translation(DOMAIN, LOCALE, languages=[FALLBACK], fallback=True)
    wanted = codes()
    if not wanted:
        return fallback
    chosen = gettext.translation(DOMAIN, LOCALE, languages=wanted, fallback=True)
    if chosen is not fallback:
        chosen.add_fallback(fallback)
    return chosen
